//! A province on one server (issue 9, point 6): many screen sessions, officers acting and
//! imports, all at once on the national database (100,000 bodies, 2,000,000 events). It prints
//! figures; it asserts no timing.
//!
//!     cargo bench --bench load                    # 200 sessions, 8 officers, 10 minutes
//!     cargo bench --bench load -- --flat-out      # 16 writers acting as fast as they can
//!     cargo bench --bench load -- --quick         # 20 sessions, 1 minute
//!
//! Options: `--sessions N` (200), `--writers N` (8; 16 with `--flat-out`), `--act-every SECS`
//! (2; 0 with `--flat-out`: no pause), `--import-rows N` (10,000), `--import-every SECS` (60),
//! `--minutes M` (10; 1 with `--quick`), `--flat-out`, `--quick` (20 sessions, 1 minute),
//! `--markdown FILE` (also write the figures as Markdown).
//!
//! Everything runs in this one process except the imports, over a copy of the cached demo
//! database (made with the release binary as `benches/national.rs` makes it):
//! - a screen session is the real screens, `certdesk::tui::App`, opened as `certdesk` opens
//!   them (`Store::open`; the app starts its own background reader on a read-only connection),
//!   driven on its own thread the way `tui::run` drives it: sleep `wake_interval()` (500 ms when
//!   idle, so `PRAGMA data_version` is polled twice a second) unless a background answer wakes
//!   it first (`App::wait`), `tick()`, draw on a 120×40
//!   `TestBackend`. Between polls an officer types at a human pace: pages the register, opens
//!   a body's file and goes back, types a filter (Chinese names, USCC prefixes) and clears it,
//!   looks at the queue. When `tick` saw another connection's commit the app reloads what it
//!   always reloads (`App::reload_all`: the register's visible rows and an open file at once,
//!   the whole queue and the register's count on its background reader). A change is *seen*
//!   when `App::seen_data_version` moves (the newest event then visible is noted: writers
//!   record the event id of each act and when `perform` returned), *drawn* after the frame
//!   that follows; a probe thread times what one background reload costs under the load;
//! - a writer is an officer with a read-write `Store` of its own performing real acts,
//!   `Store::perform` with the version it read: an order of rectification, then its result
//!   (met), in turn on 25 qualifications of its own that are active, far from their end date
//!   and without an open rectification — every act is allowed by the rules, so any error is a
//!   failure of the load, not of the act;
//! - an import is the release binary, `certdesk import FILE --report json`, as a child process,
//!   with a new file of approvals (new codes and numbers) each time.
//!
//! Threads, not processes, for the sessions: 200 terminals and their processes would be
//! driven through tmux at a cost that would itself be the load. The threads share one
//! allocator and one copy of the code, so the memory per session is less than a process each
//! would take (a TUI process alone is ≈ 15 MB, see BENCHMARKS.md); SQLite's page cache and the
//! app's state are per session either way.

mod common;
use common::*;

use certdesk::domain::acts::{ActKind, ActRequest, RectificationResult};
use certdesk::domain::ids::ApprovalNo;
use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::tui::App;
use certdesk::tui::app::ScreenId;
use certdesk::tui::theme::Theme;
use jiff::ToSpan;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::{BTreeMap, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BODIES: usize = 100_000;
const EVENTS: usize = 2_000_000;
const W: u16 = 120;
const H: u16 = 40;
/// Qualifications per writer, acted on in turn.
const POOL: usize = 25;

// ---------------------------------------------------------------------------------------------
// Options

struct Config {
    sessions: usize,
    writers: usize,
    /// Seconds between one officer's acts; 0: as fast as it can.
    act_every: f64,
    import_rows: usize,
    import_every: f64,
    minutes: f64,
    flat_out: bool,
    quick: bool,
    markdown: Option<PathBuf>,
    /// The command line, for the record.
    args: Vec<String>,
}

impl Config {
    fn from_args() -> Config {
        let args: Vec<String> = std::env::args()
            .skip(1)
            .filter(|a| a != "--bench")
            .collect();
        let (mut sessions, mut writers, mut act_every, mut minutes) = (None, None, None, None);
        let (mut import_rows, mut import_every) = (10_000, 60.0);
        let (mut flat_out, mut quick, mut markdown) = (false, false, None);
        let mut it = args.iter();
        fn value<T: std::str::FromStr>(opt: &str, v: Option<&String>) -> T {
            match v.and_then(|v| v.parse().ok()) {
                Some(x) => x,
                None => {
                    eprintln!("{opt} needs a number");
                    std::process::exit(2);
                }
            }
        }
        while let Some(a) = it.next() {
            match a.as_str() {
                "--sessions" => sessions = Some(value(a, it.next())),
                "--writers" => writers = Some(value(a, it.next())),
                "--act-every" => act_every = Some(value(a, it.next())),
                "--import-rows" => import_rows = value(a, it.next()),
                "--import-every" => import_every = value(a, it.next()),
                "--minutes" => minutes = Some(value(a, it.next())),
                "--flat-out" => flat_out = true,
                "--quick" => quick = true,
                "--markdown" => markdown = it.next().map(PathBuf::from),
                other => {
                    eprintln!(
                        "unknown option {other}; use --sessions N, --writers N, --act-every SECS, --import-rows N, --import-every SECS, --minutes M, --flat-out, --quick, --markdown FILE"
                    );
                    std::process::exit(2);
                }
            }
        }
        let import_every: f64 = import_every;
        Config {
            sessions: sessions.unwrap_or(if quick { 20 } else { 200 }),
            writers: writers.unwrap_or(if flat_out { 16 } else { 8 }).max(1),
            act_every: act_every.unwrap_or(if flat_out { 0.0 } else { 2.0 }),
            import_rows,
            import_every: import_every.max(1.0),
            minutes: minutes.unwrap_or(if quick { 1.0 } else { 10.0 }),
            flat_out,
            quick,
            markdown,
            args,
        }
    }

    fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.minutes * 60.0)
    }

    /// When each import starts, from the start of the measured run: the first half an interval
    /// in, so the imports are spread evenly over the run.
    fn import_times(&self) -> Vec<Duration> {
        if self.import_rows == 0 {
            return Vec::new();
        }
        let total = self.minutes * 60.0;
        (0..)
            .map(|k| self.import_every * (k as f64 + 0.5))
            .take_while(|&t| t < total)
            .map(Duration::from_secs_f64)
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// What this process costs: /proc

/// A line of /proc/self/status, in KiB (VmRSS, VmHWM).
fn status_kb(key: &str) -> f64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(f64::NAN)
}

/// Clock ticks per second of /proc's CPU times.
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// CPU seconds (user + system) of this process, and of its children that were waited for.
fn cpu_seconds(ticks: f64) -> (f64, f64) {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name in parentheses: state is field 3, utime 14 … cstime 17.
    let rest: Vec<f64> = stat
        .rsplit_once(')')
        .map(|(_, r)| {
            r.split_whitespace()
                .map(|x| x.parse().unwrap_or(0.0))
                .collect()
        })
        .unwrap_or_default();
    let f = |i: usize| rest.get(i - 3).copied().unwrap_or(0.0) / ticks;
    (f(14) + f(15), f(16) + f(17))
}

/// The whole machine's CPU time: (busy, total) in ticks, from /proc/stat.
fn machine_cpu() -> (f64, f64) {
    let stat = fs::read_to_string("/proc/stat").unwrap_or_default();
    let v: Vec<f64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    let total: f64 = v.iter().take(8).sum();
    let idle = v.get(3).copied().unwrap_or(0.0) + v.get(4).copied().unwrap_or(0.0);
    (total - idle, total)
}

fn wal_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

// ---------------------------------------------------------------------------------------------
// The measured run's shared state

struct Shared {
    /// The sessions (and everything) stop.
    stop: AtomicBool,
    /// The writers and the importer stop (the sessions poll a little longer, to see the last acts).
    stop_writing: AtomicBool,
    /// Set when every session is open: the measured run starts.
    go: AtomicBool,
    ready: AtomicUsize,
    /// The start of the measured run (set once before `go`).
    t0: Mutex<Option<Instant>>,
}

impl Shared {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
    fn writing_stopped(&self) -> bool {
        self.stop_writing.load(Ordering::Relaxed) || self.stopped()
    }
    /// Sleep until `at`, waking to look at `stop_writing`; false if stopped first.
    fn sleep_until(&self, at: Instant) -> bool {
        loop {
            if self.writing_stopped() {
                return false;
            }
            let now = Instant::now();
            if now >= at {
                return true;
            }
            std::thread::sleep((at - now).min(Duration::from_millis(100)));
        }
    }
}

/// The import running now, so a panic anywhere still ends it (no orphan writing on).
static CHILD: Mutex<Option<Child>> = Mutex::new(None);

fn kill_child() {
    if let Ok(mut c) = CHILD.try_lock()
        && let Some(child) = c.as_mut()
    {
        let _ = child.kill();
        let _ = child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// Writers: officers performing acts

struct Target {
    approval: ApprovalNo,
    cb: bool,
    version: i64,
    /// An order of rectification is open: the next act records its result.
    open: bool,
}

struct ActRecord {
    /// From the start of the measured run to the call.
    at: Duration,
    ms: f64,
    /// When `perform` returned (the commit is done by then).
    done: Instant,
    result: Result<i64, String>,
}

fn act_request(t: &Target, n: usize) -> ActRequest {
    let day = today();
    if t.open {
        ActRequest {
            act: Some(ActKind::RecordRectification),
            date: Some(day),
            basis: if t.cb {
                "认证认可条例第五十六条"
            } else {
                "检验检测机构监督管理办法第二十五条"
            }
            .into(),
            reason: "整改材料经审查符合要求".into(),
            rectification_result: Some(RectificationResult::Met),
            ..Default::default()
        }
    } else {
        ActRequest {
            act: Some(ActKind::OrderRectification),
            date: Some(day),
            basis: if t.cb {
                "认证认可条例第五十六条"
            } else {
                "检验检测机构监督管理办法第二十五条"
            }
            .into(),
            doc_no: format!("国市监责改〔2026〕{}号", 10_000 + n),
            reason: "压力测试：人员与设备条件不符合要求".into(),
            deadline: Some(day + 30.days()),
            ..Default::default()
        }
    }
}

/// Qualifications every act of the cycle is allowed on, `POOL` per writer, spread over the
/// register; each writer gets its own.
fn pick_targets(db: &Path, writers: usize) -> Vec<Vec<Target>> {
    let store = Store::open_read_only(db, today()).expect("open the copy read-only");
    let far = (today() + 400.days()).to_string();
    let want = writers * POOL;
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT q.approval_no, b.kind = 'cb', q.version FROM qualification q JOIN body b ON b.id = q.body_id
             WHERE q.status = 'active' AND q.valid_until > ?1
               AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.qualification_id = q.id AND f.closed_on IS NULL)
               AND q.id % 97 = 13
             ORDER BY q.id",
        )
        .expect("prepare");
    let rows: Vec<(String, bool, i64)> = stmt
        .query_map([far], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    let mut targets = Vec::new();
    for (no, cb, version) in rows {
        let approval = ApprovalNo::parse(&no).expect("a stored approval number");
        let allowed = store.allowed_acts(&approval).expect("allowed acts");
        if allowed.contains(&ActKind::OrderRectification)
            && !allowed.contains(&ActKind::RecordRectification)
        {
            targets.push(Target {
                approval,
                cb,
                version,
                open: false,
            });
        }
        if targets.len() == want {
            break;
        }
    }
    assert_eq!(targets.len(), want, "not enough qualifications to act on");
    let mut out: Vec<Vec<Target>> = (0..writers).map(|_| Vec::new()).collect();
    for (i, t) in targets.into_iter().enumerate() {
        out[i % writers].push(t);
    }
    out
}

fn writer(
    db: PathBuf,
    id: usize,
    mut targets: Vec<Target>,
    cfg_every: f64,
    writers: usize,
    shared: Arc<Shared>,
) -> Vec<ActRecord> {
    let mut store = Store::open(&db, today()).expect("open the copy to write");
    store.set_actor(format!("officer{id:02}"));
    let t0 = shared.t0.lock().expect("t0").expect("started");
    let every = Duration::from_secs_f64(cfg_every);
    // Spread the officers over the interval.
    let mut next = t0 + every.mul_f64(id as f64 / writers as f64);
    let mut out = Vec::new();
    let mut n = 0;
    while !shared.writing_stopped() {
        if !every.is_zero() && !shared.sleep_until(next) {
            break;
        }
        let i = n % targets.len();
        let req = act_request(&targets[i], id * 1_000_000 + n);
        let t = &mut targets[i];
        let started = Instant::now();
        let r = store.perform(&t.approval, &req, Some(t.version));
        let done = Instant::now();
        let result = match r {
            Ok(d) => {
                t.version = d.version;
                t.open = !t.open;
                Ok(d.event_id)
            }
            Err(e) => {
                // Read where the qualification stands, so the next act is the right one.
                let (version, open): (i64, bool) = store
                    .conn()
                    .query_row(
                        "SELECT q.version, EXISTS (SELECT 1 FROM follow_up f WHERE f.qualification_id = q.id
                                AND f.kind = 'rectification' AND f.closed_on IS NULL)
                         FROM qualification q WHERE q.approval_no = ?1",
                        [t.approval.as_str()],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .unwrap_or((t.version, t.open));
                t.version = version;
                t.open = open;
                Err(e.to_string())
            }
        };
        out.push(ActRecord {
            at: started - t0,
            ms: (done - started).as_secs_f64() * 1000.0,
            done,
            result,
        });
        n += 1;
        if !every.is_zero() {
            next += every;
            // A late officer does not make up for lost time with a burst.
            if next < Instant::now() {
                next = Instant::now();
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Screen sessions

/// One step of an officer at the screens: wait, then press.
struct Step {
    after: Duration,
    key: KeyEvent,
}

struct SessionLog {
    /// (when, the newest event visible then): the data_version poll that saw a change; the
    /// first entry is the start of the measured run.
    seen: Vec<(Instant, i64)>,
    /// (when, newest event): the frame drawn after that poll, with what the app re-reads at
    /// once (the register's visible rows, an open body file) — the queue and the register's
    /// count come later from the background reader.
    drawn: Vec<(Instant, i64)>,
    /// Time the session's background reader had an answer outstanding, and the time watched.
    reader_busy: Duration,
    watched: Duration,
    /// Key → next frame, ms.
    key_frame: Vec<f64>,
    /// Key → frame with the background reader's answers (filters, the register's count).
    key_shown: Vec<f64>,
    /// App::new and the first frame, ms (under the other sessions' start-up).
    open_ms: f64,
    errors: Vec<String>,
}

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The officer's next task, as keys with the pauses before them (from the register).
fn next_task(rng: &mut Rng, filters: &[(String, String)]) -> Vec<Step> {
    let pause = |rng: &mut Rng, lo: u64, hi: u64| {
        Duration::from_millis(lo + rng.below((hi - lo) as usize) as u64)
    };
    let mut steps = Vec::new();
    let think = pause(rng, 2000, 8000);
    match rng.below(10) {
        // Page through the register.
        0..=3 => {
            let pages = 1 + rng.below(4);
            for i in 0..pages {
                let after = if i == 0 { think } else { pause(rng, 500, 2500) };
                let code = if rng.chance(0.8) {
                    KeyCode::PageDown
                } else {
                    KeyCode::PageUp
                };
                steps.push(Step {
                    after,
                    key: key(code),
                });
            }
            for _ in 0..rng.below(4) {
                steps.push(Step {
                    after: pause(rng, 200, 800),
                    key: key(KeyCode::Char('j')),
                });
            }
        }
        // Open the selected body's file, read it, go back.
        4..=5 => {
            steps.push(Step {
                after: think,
                key: key(KeyCode::Enter),
            });
            if rng.chance(0.5) {
                steps.push(Step {
                    after: pause(rng, 1000, 3000),
                    key: key(KeyCode::Tab),
                });
            }
            steps.push(Step {
                after: pause(rng, 4000, 15000),
                key: key(KeyCode::Char('q')),
            });
        }
        // Type a filter, look at the result, clear it.
        6..=8 => {
            let (name, code) = &filters[rng.below(filters.len())];
            let text: Vec<char> = if rng.chance(0.25) {
                code.chars().take(6 + rng.below(5)).collect()
            } else {
                let chars: Vec<char> = name.chars().collect();
                let len = 2 + rng.below(3).min(chars.len().saturating_sub(2));
                let start = rng.below(chars.len().saturating_sub(len).max(1));
                chars[start..(start + len).min(chars.len())].to_vec()
            };
            steps.push(Step {
                after: think,
                key: key(KeyCode::Char('/')),
            });
            for c in text {
                steps.push(Step {
                    after: pause(rng, 150, 450),
                    key: key(KeyCode::Char(c)),
                });
            }
            steps.push(Step {
                after: pause(rng, 300, 1000),
                key: key(KeyCode::Esc),
            });
            if rng.chance(0.5) {
                steps.push(Step {
                    after: pause(rng, 1500, 4000),
                    key: key(KeyCode::Enter),
                });
                steps.push(Step {
                    after: pause(rng, 4000, 12000),
                    key: key(KeyCode::Char('q')),
                });
            }
            steps.push(Step {
                after: pause(rng, 2000, 6000),
                key: key(KeyCode::Char('x')),
            });
        }
        // The queue: a look, a few moves, back to the register.
        _ => {
            steps.push(Step {
                after: think,
                key: key(KeyCode::Char('1')),
            });
            for _ in 0..1 + rng.below(5) {
                steps.push(Step {
                    after: pause(rng, 300, 1500),
                    key: key(KeyCode::Char('j')),
                });
            }
            steps.push(Step {
                after: pause(rng, 2000, 6000),
                key: key(KeyCode::Char('2')),
            });
        }
    }
    steps
}

fn newest_event(app: &App) -> i64 {
    app.store
        .conn()
        .query_row("SELECT coalesce(max(id), 0) FROM event", [], |r| r.get(0))
        .unwrap_or(0)
}

fn session(
    db: PathBuf,
    id: usize,
    filters: Arc<Vec<(String, String)>>,
    shared: Arc<Shared>,
) -> SessionLog {
    let mut log = SessionLog {
        seen: Vec::new(),
        drawn: Vec::new(),
        reader_busy: Duration::ZERO,
        watched: Duration::ZERO,
        key_frame: Vec::new(),
        key_shown: Vec::new(),
        open_ms: 0.0,
        errors: Vec::new(),
    };
    let opened = Instant::now();
    let store = Store::open(&db, today()).expect("open the copy as the screens do");
    let mut app = App::new(store, Lang::Zh, Theme::COLOR).expect("the screens");
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("a terminal");
    let draw = |app: &mut App, term: &mut Terminal<TestBackend>| {
        app.prepare(Rect::new(0, 0, W, H));
        term.draw(|f| certdesk::tui::view::draw(f, app))
            .expect("draw");
    };
    draw(&mut app, &mut term);
    log.open_ms = ms_since(opened);
    // Start on the register, its first page shown.
    app.handle_key(key(KeyCode::Char('2')));
    draw(&mut app, &mut term);
    app.wait_for_reader();
    draw(&mut app, &mut term);
    shared.ready.fetch_add(1, Ordering::SeqCst);
    while !shared.go.load(Ordering::SeqCst) {
        if shared.stopped() {
            return log;
        }
        // Keep polling as the screens do while the others open.
        app.wait(app.wake_interval());
        if app.tick() {
            draw(&mut app, &mut term);
        }
    }
    let mut rng = Rng(0x5E55_1011 + id as u64);
    let mut seen_version = app.seen_data_version();
    log.seen.push((Instant::now(), newest_event(&app)));
    let mut awaiting_key: Option<Instant> = None;
    let mut steps: VecDeque<Step> = VecDeque::new();
    // Sessions do not all start their first task at once.
    let mut next_at = Instant::now() + Duration::from_millis(rng.below(8000) as u64);
    let mut first = true;
    let mut last = Instant::now();
    while !shared.stopped() {
        if steps.is_empty() {
            // A task starts from the register (a task ends there).
            if app.screen != ScreenId::Register {
                steps.push_back(Step {
                    after: Duration::from_millis(500),
                    key: key(match app.screen {
                        ScreenId::Body => KeyCode::Char('q'),
                        _ => KeyCode::Char('2'),
                    }),
                });
            }
            steps.extend(next_task(&mut rng, &filters));
            if !first {
                next_at = Instant::now() + steps[0].after;
            }
            first = false;
        }
        let wait = app
            .wake_interval()
            .min(next_at.saturating_duration_since(Instant::now()));
        let busy = app.reader_busy();
        // As the loop sleeps: until the time is up or a background answer wakes it.
        app.wait(wait);
        let now = Instant::now();
        log.watched += now - last;
        if busy {
            log.reader_busy += now - last;
        }
        last = now;
        let mut redraw = false;
        let mut pressed = None;
        if Instant::now() >= next_at
            && let Some(step) = steps.pop_front()
        {
            let t = Instant::now();
            app.handle_key(step.key);
            pressed = Some(t);
            redraw = true;
            if let Some(s) = steps.front() {
                next_at = Instant::now() + s.after;
            }
        }
        redraw |= app.tick();
        let v = app.seen_data_version();
        let mut changed = None;
        if v != seen_version {
            seen_version = v;
            let newest = newest_event(&app);
            log.seen.push((Instant::now(), newest));
            changed = Some(newest);
        }
        if redraw {
            draw(&mut app, &mut term);
        }
        if let Some(newest) = changed {
            log.drawn.push((Instant::now(), newest));
        }
        if let Some(t) = pressed {
            log.key_frame.push(ms_since(t));
            awaiting_key = Some(t);
        }
        if !app.reader_busy()
            && let Some(t) = awaiting_key.take()
        {
            log.key_shown.push(ms_since(t));
        }
        if let Some(t) = &app.toast
            && matches!(t.kind, certdesk::tui::widgets::status::ToastKind::Error)
            && log.errors.last() != Some(&t.text)
        {
            log.errors.push(t.text.clone());
        }
    }
    log
}

// ---------------------------------------------------------------------------------------------
// Imports: the release binary, every minute, a new file each time

struct ImportRecord {
    /// Scheduled and actual start, from the start of the measured run.
    scheduled: Duration,
    at: Duration,
    ms: f64,
    outcome: Result<(usize, usize), String>,
}

fn import_numbering(k: usize, rows: usize) -> Numbering {
    // Above the national bench's files (serials 5000–10,000, CMA issuing levels 2 and 3):
    // CB serials from 20,000, foreign from 3,000, CMA issuing level 4; each file has room for
    // its own numbers (asserted while writing).
    let cb_room = rows / 20 + 50;
    let foreign_room = rows / 100 + 20;
    let cma_room = rows / 30 + 60;
    Numbering {
        seed: 0x10AD_0000 + k as u64,
        uscc_offset: 10_000_000 + (k * rows) as u64,
        cb_base: 20_000 + k * cb_room,
        cb_foreign_base: 3_000 + k * foreign_room,
        cma_level: 4,
        cma_base: k * cma_room,
        room: Some((cb_room, foreign_room, cma_room)),
    }
}

#[derive(serde::Deserialize)]
struct ImportReport {
    written: usize,
    invalid: usize,
}

fn importer(
    db: PathBuf,
    files: Vec<PathBuf>,
    times: Vec<Duration>,
    shared: Arc<Shared>,
) -> Vec<ImportRecord> {
    let t0 = shared.t0.lock().expect("t0").expect("started");
    let mut out = Vec::new();
    for (file, at) in files.iter().zip(times) {
        if !shared.sleep_until(t0 + at) {
            break;
        }
        let started = Instant::now();
        let child = Command::new(BIN)
            .args(["--db", db.to_str().expect("UTF-8 path")])
            .args(["--today", TODAY, "--lang", "en", "import"])
            .arg(file)
            .args(["--report", "json"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run certdesk import");
        *CHILD.lock().expect("child") = Some(child);
        // Wait; past the end of the run give it two minutes, then end it.
        let status = loop {
            let mut slot = CHILD.lock().expect("child");
            let c = slot.as_mut().expect("the child");
            if let Some(s) = c.try_wait().expect("wait") {
                break Some(s);
            }
            if shared.writing_stopped() && started.elapsed() > Duration::from_secs(120) {
                let _ = c.kill();
                let _ = c.wait();
                break None;
            }
            drop(slot);
            std::thread::sleep(Duration::from_millis(20));
        };
        let ms = ms_since(started);
        let child = CHILD.lock().expect("child").take().expect("the child");
        let output = child.wait_with_output().expect("the import's output");
        let outcome = match status {
            None => Err("killed: still running two minutes after the end".into()),
            Some(s) if !s.success() => Err(format!(
                "{s}: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )),
            Some(_) => serde_json::from_slice::<ImportReport>(&output.stdout)
                .map(|r| (r.written, r.invalid))
                .map_err(|e| format!("report: {e}")),
        };
        out.push(ImportRecord {
            scheduled: at,
            at: started - t0,
            ms,
            outcome,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Figures

fn pct(v: &[f64]) -> String {
    if v.is_empty() {
        return "n/a (none)".into();
    }
    format!(
        "p50 {} / p99 {} / max {} (n={})",
        ms(percentile(v, 50.0)),
        ms(percentile(v, 99.0)),
        ms(worst(v)),
        v.len()
    )
}

struct Figure {
    figure: String,
    goal: String,
    measured: String,
    verdict: Option<bool>,
}

#[derive(Default)]
struct Figures(Vec<Figure>);

impl Figures {
    fn add(
        &mut self,
        figure: impl Into<String>,
        goal: impl Into<String>,
        measured: impl Into<String>,
        verdict: Option<bool>,
    ) {
        let f = Figure {
            figure: figure.into(),
            goal: goal.into(),
            measured: measured.into(),
            verdict,
        };
        println!(
            "  {:<58} {}{}",
            f.figure,
            f.measured,
            match (f.verdict, f.goal.is_empty()) {
                (Some(true), _) => format!("   [goal {}: meets]", f.goal),
                (Some(false), _) => format!("   [goal {}: MISSES]", f.goal),
                (None, false) => format!("   [{}]", f.goal),
                (None, true) => String::new(),
            }
        );
        self.0.push(f);
    }

    fn markdown(&self, header: &str) -> String {
        let mut out =
            format!("{header}\n\n| figure | goal | measured | verdict |\n|---|---|---|---|\n");
        for f in &self.0 {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                f.figure.replace('|', "\\|"),
                f.goal,
                f.measured.replace('|', "\\|"),
                match f.verdict {
                    Some(true) => "meets",
                    Some(false) => "**misses**",
                    None => "",
                }
            ));
        }
        out
    }
}

/// For every act and every session: how long after the act returned the session's poll saw it
/// (`seen`), and the frame after that poll was drawn (`drawn`). Acts the run ended before a
/// session saw are counted apart.
fn visibility(acts: &[(i64, Instant)], logs: &[SessionLog]) -> (Vec<f64>, Vec<f64>, usize, usize) {
    let (mut seen, mut shown, mut unseen, mut unshown) = (Vec::new(), Vec::new(), 0, 0);
    for log in logs {
        let Some(&(_, base)) = log.seen.first() else {
            continue;
        };
        for &(event, done) in acts {
            if event <= base {
                continue;
            }
            for (records, out, missing) in [
                (&log.seen, &mut seen, &mut unseen),
                (&log.drawn, &mut shown, &mut unshown),
            ] {
                let i = records.partition_point(|&(_, newest)| newest < event);
                match records.get(i) {
                    Some(&(t, _)) => {
                        out.push(t.saturating_duration_since(done).as_secs_f64() * 1000.0)
                    }
                    None => *missing += 1,
                }
            }
        }
    }
    (seen, shown, unseen, unshown)
}

/// What one reload costs a session's reader under the load: `Store::queue` and the register's
/// count, on a read-only connection of its own, every 5 s.
fn probe(db: PathBuf, shared: Arc<Shared>) -> Vec<f64> {
    let store = Store::open_read_only(&db, today()).expect("open read-only");
    let within = certdesk::tui::screens::queue::QueueScreen::default().within;
    let query = certdesk::store::register::RegisterQuery::default();
    let mut out = Vec::new();
    let mut next = Instant::now() + Duration::from_secs(2);
    while shared.sleep_until(next) {
        let t = Instant::now();
        store.queue(within).expect("the queue");
        store.register_count(&query).expect("the count");
        out.push(ms_since(t));
        next += Duration::from_secs(5);
    }
    out
}

fn sample_filters(db: &Path, n: usize) -> Vec<(String, String)> {
    let store = Store::open_read_only(db, today()).expect("open read-only");
    let total: i64 = store
        .conn()
        .query_row("SELECT max(id) FROM body", [], |r| r.get(0))
        .expect("count");
    let step = (total / n as i64).max(1);
    let mut stmt = store
        .conn()
        .prepare("SELECT name, uscc FROM body WHERE id % ?1 = 3 ORDER BY id LIMIT ?2")
        .expect("prepare");
    stmt.query_map(rusqlite::params![step, n as i64], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .expect("query")
    .map(|r| r.expect("row"))
    .collect()
}

fn main() {
    let cfg = Config::from_args();
    // A panic anywhere ends the running import first.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        kill_child();
        previous(info);
    }));
    let machine = Machine::read();
    println!(
        "certdesk load benchmark — {}\n{} sessions, {} writers ({}), imports of {} rows every {:.0} s, {} min{}{}",
        machine.line(),
        cfg.sessions,
        cfg.writers,
        if cfg.act_every > 0.0 {
            format!("one act each every {} s", cfg.act_every)
        } else {
            "as fast as they can".into()
        },
        cfg.import_rows,
        cfg.import_every,
        cfg.minutes,
        if cfg.flat_out { " (--flat-out)" } else { "" },
        if cfg.quick { " (--quick)" } else { "" },
    );
    println!("binary: {BIN}");
    let scale = Scale {
        bodies: BODIES,
        events: EVENTS,
        regen: false,
    };
    let dir = data_dir(&scale.name());
    let scratch = dir.join("scratch");
    fs::create_dir_all(&scratch).expect("create the scratch folder");
    let (demo, record, _) = demo_db(&scale, &dir, &machine);
    println!(
        "  holds {} bodies, {} qualifications, {} events; {:.0} MB",
        record.counts.0,
        record.counts.1,
        record.counts.2,
        file_mb(&demo)
    );
    let db = scratch.join("load.db");
    let t = Instant::now();
    copy_db(&demo, &db);
    println!(
        "copied to {} in {:.1} s",
        db.display(),
        t.elapsed().as_secs_f64()
    );

    // The import files, written before the run.
    let times = cfg.import_times();
    let files: Vec<PathBuf> = (0..times.len())
        .map(|k| {
            let path = scratch.join(format!("load-import-{k}.csv"));
            write_approvals_csv(&path, cfg.import_rows, import_numbering(k, cfg.import_rows));
            path
        })
        .collect();
    let targets = pick_targets(&db, cfg.writers);
    let filters = Arc::new(sample_filters(&db, 200));
    println!(
        "{} import files written; {} qualifications to act on; {} filter samples",
        files.len(),
        cfg.writers * POOL,
        filters.len()
    );

    let shared = Arc::new(Shared {
        stop: AtomicBool::new(false),
        stop_writing: AtomicBool::new(false),
        go: AtomicBool::new(false),
        ready: AtomicUsize::new(0),
        t0: Mutex::new(None),
    });

    // Memory before any session, then the sessions open (the measured run has not started).
    let rss_before = status_kb("VmRSS:");
    let opening = Instant::now();
    let sessions: Vec<_> = (0..cfg.sessions)
        .map(|i| {
            let (db, filters, shared) = (db.clone(), filters.clone(), shared.clone());
            std::thread::Builder::new()
                .name(format!("session-{i}"))
                .spawn(move || session(db, i, filters, shared))
                .expect("start a session")
        })
        .collect();
    while shared.ready.load(Ordering::SeqCst) < cfg.sessions {
        if sessions.iter().any(|h| h.is_finished()) {
            shared.stop.store(true, Ordering::SeqCst);
            panic!("a session ended while opening");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let open_all = opening.elapsed().as_secs_f64();
    // Let the background readers settle, then the memory with every session open.
    std::thread::sleep(Duration::from_secs(2));
    let rss_open = status_kb("VmRSS:");
    println!(
        "{} sessions open in {:.1} s; RSS {} before, {} with them",
        cfg.sessions,
        open_all,
        mb(rss_before),
        mb(rss_open)
    );

    // The measured run.
    let ticks = clock_ticks();
    let t0 = Instant::now();
    *shared.t0.lock().expect("t0") = Some(t0);
    let (cpu0, children0) = cpu_seconds(ticks);
    let machine0 = machine_cpu();
    shared.go.store(true, Ordering::SeqCst);

    // Every 100 ms: the WAL's size and this process's memory.
    let monitor = {
        let (shared, wal) = (shared.clone(), wal_path(&db));
        std::thread::spawn(move || {
            let (mut wal_peak, mut rss_peak) = (0u64, 0f64);
            let mut timeline: BTreeMap<u64, (u64, f64)> = BTreeMap::new();
            while !shared.stopped() {
                let w = fs::metadata(&wal).map_or(0, |m| m.len());
                let r = status_kb("VmRSS:");
                wal_peak = wal_peak.max(w);
                rss_peak = rss_peak.max(r);
                timeline.insert(t0.elapsed().as_secs() / 10, (w, r));
                std::thread::sleep(Duration::from_millis(100));
            }
            (wal_peak, rss_peak, timeline)
        })
    };
    let writers: Vec<_> = targets
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let (db, shared) = (db.clone(), shared.clone());
            let (every, n) = (cfg.act_every, cfg.writers);
            std::thread::Builder::new()
                .name(format!("writer-{i}"))
                .spawn(move || writer(db, i, t, every, n, shared))
                .expect("start a writer")
        })
        .collect();
    let imports = {
        let (db, shared, times) = (db.clone(), shared.clone(), times.clone());
        std::thread::spawn(move || importer(db, files, times, shared))
    };
    let probe = {
        let (db, shared) = (db.clone(), shared.clone());
        std::thread::spawn(move || probe(db, shared))
    };
    let end = t0 + cfg.duration();
    let mut last_report = Instant::now();
    while Instant::now() < end {
        std::thread::sleep(Duration::from_millis(200));
        if last_report.elapsed() >= Duration::from_secs(30) {
            last_report = Instant::now();
            println!(
                "  … {:.0} s, RSS {}, WAL {:.1} MB",
                t0.elapsed().as_secs_f64(),
                mb(status_kb("VmRSS:")),
                fs::metadata(wal_path(&db)).map_or(0.0, |m| m.len() as f64 / 1048576.0)
            );
        }
    }
    // The writers stop; the sessions poll three seconds more to see the last acts.
    shared.stop_writing.store(true, Ordering::SeqCst);
    let wall_run = t0.elapsed().as_secs_f64();
    let acts: Vec<ActRecord> = writers
        .into_iter()
        .flat_map(|h| h.join().expect("a writer"))
        .collect();
    std::thread::sleep(Duration::from_secs(3));
    shared.stop.store(true, Ordering::SeqCst);
    let probe = probe.join().expect("the probe");
    let logs: Vec<SessionLog> = sessions
        .into_iter()
        .map(|h| h.join().expect("a session"))
        .collect();
    let imports = imports.join().expect("the importer");
    let (wal_peak, rss_peak, timeline) = monitor.join().expect("the monitor");
    let wall = t0.elapsed().as_secs_f64();
    let (cpu1, children1) = cpu_seconds(ticks);
    let machine1 = machine_cpu();
    let hwm = status_kb("VmHWM:");

    // ----- Figures
    println!("\nfigures (measured run {wall_run:.0} s; imports waited for: {wall:.0} s)");
    let mut f = Figures::default();
    let ok: Vec<&ActRecord> = acts.iter().filter(|a| a.result.is_ok()).collect();
    let failed: Vec<&ActRecord> = acts.iter().filter(|a| a.result.is_err()).collect();
    let latencies: Vec<f64> = ok.iter().map(|a| a.ms).collect();
    f.add(
        format!(
            "acts performed ({} writers, {})",
            cfg.writers,
            if cfg.act_every > 0.0 {
                format!("one each every {} s", cfg.act_every)
            } else {
                "flat out".into()
            }
        ),
        "",
        format!(
            "{} in {:.0} s ({:.1} acts/s)",
            acts.len(),
            wall_run,
            acts.len() as f64 / wall_run
        ),
        None,
    );
    f.add(
        "act latency: perform called → returned (committed)",
        "",
        pct(&latencies),
        None,
    );
    let mut by_message: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for a in &failed {
        let e = by_message
            .entry(a.result.as_ref().err().cloned().unwrap_or_default())
            .or_insert((0, 0.0));
        e.0 += 1;
        e.1 = e.1.max(a.ms);
    }
    f.add(
        "failed acts",
        "0",
        if failed.is_empty() {
            "0".to_string()
        } else {
            format!(
                "{} of {}: {}",
                failed.len(),
                acts.len(),
                by_message
                    .iter()
                    .map(|(m, (n, worst))| format!("{n}× “{m}” (after up to {})", ms(*worst)))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        },
        Some(failed.is_empty()),
    );
    if !failed.is_empty() {
        println!("    failed acts at (s into the run):");
        for a in &failed {
            println!(
                "      {:>6.1} s after {}: {}",
                a.at.as_secs_f64(),
                ms(a.ms),
                a.result.as_ref().err().map_or("", |s| s.as_str())
            );
        }
    }
    // Acts that waited for an import: those that started while one ran.
    let during_import: Vec<f64> = ok
        .iter()
        .filter(|a| {
            imports.iter().any(|i| {
                let (s, e) = (i.at, i.at + Duration::from_secs_f64(i.ms / 1000.0));
                a.at >= s && a.at < e
            })
        })
        .map(|a| a.ms)
        .collect();
    f.add(
        "  of which started while an import ran",
        "",
        pct(&during_import),
        None,
    );
    let acts_seen: Vec<(i64, Instant)> = acts
        .iter()
        .filter_map(|a| a.result.as_ref().ok().map(|&e| (e, a.done)))
        .collect();
    let (seen, shown, unseen, unshown) = visibility(&acts_seen, &logs);
    f.add(
        "another session sees the act: its data_version poll",
        "p99 ≤ 1 s",
        format!(
            "{}{}",
            pct(&seen),
            if unseen > 0 {
                format!("; {unseen} not seen by the end")
            } else {
                String::new()
            }
        ),
        (cfg.sessions > 0).then_some(percentile(&seen, 99.0) <= 1000.0 && unseen == 0),
    );
    f.add(
        "  … and the frame after that poll drawn (register rows, open file re-read)",
        "",
        format!(
            "{}{}",
            pct(&shown),
            if unshown > 0 {
                format!("; {unshown} not drawn by the end")
            } else {
                String::new()
            }
        ),
        None,
    );
    if !logs.is_empty() {
        let busy: Vec<f64> = logs
            .iter()
            .map(|l| l.reader_busy.as_secs_f64() / l.watched.as_secs_f64().max(1e-9) * 100.0)
            .collect();
        f.add(
            "  sessions' background readers (queue, count): time with an answer outstanding",
            "",
            format!(
                "mean {:.0} %, least {:.0} %, most {:.0} % of the run",
                busy.iter().sum::<f64>() / busy.len().max(1) as f64,
                busy.iter().copied().fold(f64::INFINITY, f64::min),
                worst(&busy)
            ),
            None,
        );
    }
    f.add(
        "  a reload as each reader runs it (Store::queue + register_count, probe every 5 s)",
        "",
        pct(&probe),
        None,
    );
    let key_frame: Vec<f64> = logs.iter().flat_map(|l| l.key_frame.clone()).collect();
    let key_shown: Vec<f64> = logs.iter().flat_map(|l| l.key_shown.clone()).collect();
    f.add(
        "sessions: key → next frame",
        "p99 ≤ 16 ms",
        pct(&key_frame),
        (cfg.sessions > 0).then_some(percentile(&key_frame, 99.0) <= 16.0),
    );
    f.add(
        "sessions: key → background answers shown (filter, count)",
        "",
        pct(&key_shown),
        None,
    );
    let open: Vec<f64> = logs.iter().map(|l| l.open_ms).collect();
    f.add(
        format!("sessions: open + first frame, all {} at once", cfg.sessions),
        "",
        format!("{}; all open in {open_all:.1} s", pct(&open)),
        None,
    );
    let errors: Vec<&String> = logs.iter().flat_map(|l| l.errors.iter()).collect();
    if !errors.is_empty() {
        let mut distinct: BTreeMap<&String, usize> = BTreeMap::new();
        for e in &errors {
            *distinct.entry(e).or_default() += 1;
        }
        f.add(
            "sessions: errors shown",
            "0",
            distinct
                .iter()
                .map(|(m, n)| format!("{n}× “{m}”"))
                .collect::<Vec<_>>()
                .join("; "),
            Some(false),
        );
    }
    let import_ok = imports
        .iter()
        .filter(|i| matches!(i.outcome, Ok((w, 0)) if w == cfg.import_rows))
        .count();
    let import_ms: Vec<f64> = imports.iter().map(|i| i.ms).collect();
    let late: Vec<f64> = imports
        .iter()
        .map(|i| (i.at.saturating_sub(i.scheduled)).as_secs_f64() * 1000.0)
        .collect();
    f.add(
        format!(
            "imports of {} new rows (certdesk import, child process)",
            cfg.import_rows
        ),
        "",
        format!(
            "{} of {} complete; {}; started late by up to {}",
            import_ok,
            imports.len(),
            pct(&import_ms),
            ms(worst(&late))
        ),
        None,
    );
    for i in &imports {
        println!(
            "    import at {:>5.1} s: {} — {}",
            i.at.as_secs_f64(),
            ms(i.ms),
            match &i.outcome {
                Ok((w, inv)) => format!("{w} written, {inv} invalid"),
                Err(e) => e.clone(),
            }
        );
    }
    // No sessions (a run of the writers and imports alone): no figure.
    let sessions = if cfg.sessions == 0 {
        f64::NAN
    } else {
        cfg.sessions as f64
    };
    let per_session_open = (rss_open - rss_before) / sessions;
    let per_session_peak = (rss_peak - rss_before) / sessions;
    f.add(
        "memory per session: (RSS with the sessions − before) / sessions",
        "≤ 64 MB",
        format!(
            "{} opened, {} at the run's peak (RSS {} before, {} opened, peak {}, VmHWM {})",
            mb(per_session_open),
            mb(per_session_peak),
            mb(rss_before),
            mb(rss_open),
            mb(rss_peak),
            mb(hwm)
        ),
        (cfg.sessions > 0).then_some(per_session_peak <= 64.0 * 1024.0),
    );
    f.add(
        "WAL peak (-wal file size, sampled every 100 ms)",
        "",
        format!(
            "{:.1} MB (at the end {:.1} MB)",
            wal_peak as f64 / 1048576.0,
            fs::metadata(wal_path(&db)).map_or(0.0, |m| m.len() as f64 / 1048576.0)
        ),
        None,
    );
    let cores = machine.cores.max(1) as f64;
    let ours = (cpu1 - cpu0) + (children1 - children0);
    let (busy, total) = (machine1.0 - machine0.0, machine1.1 - machine0.1);
    f.add(
        "CPU: this process + its imports (user + system)",
        "",
        format!(
            "{:.0} % of {} cores ({:.0} s + imports {:.0} s in {:.0} s); the whole machine was busy {:.0} %",
            ours / (wall * cores) * 100.0,
            machine.cores,
            cpu1 - cpu0,
            children1 - children0,
            wall,
            busy / total.max(1.0) * 100.0
        ),
        None,
    );
    println!("\n  WAL and RSS every 10 s:");
    for (k, (w, r)) in &timeline {
        println!(
            "    {:>4} s  WAL {:>8.1} MB  RSS {}",
            k * 10,
            *w as f64 / 1048576.0,
            mb(*r)
        );
    }
    let command = format!(
        "cargo bench --bench load{}",
        if cfg.args.is_empty() {
            String::new()
        } else {
            format!(" -- {}", cfg.args.join(" "))
        }
    );
    println!("\nmachine: {}\ncommand: {command}", machine.line());
    if let Some(path) = &cfg.markdown {
        let header = format!(
            "`{command}` — {} sessions, {} writers, {} min; machine: {}",
            cfg.sessions,
            cfg.writers,
            cfg.minutes,
            machine.line()
        );
        fs::write(path, f.markdown(&header)).expect("write the Markdown");
        println!("figures written to {}", path.display());
    }
    remove_db(&db);
}
