//! Figures for issue 12, points 3 and 4, on a copy of a large database (never the bench's
//! cached one: `act` writes to it). Prints figures; asserts nothing but that the queue the
//! screens hold after the acts equals a fresh `Store::queue`.
//!
//!     cargo build --release --bin certdesk --example screens_timing
//!     target/release/examples/screens_timing cold DB [--runs N] [--warm] [--bin PATH]
//!     target/release/examples/screens_timing act DB [--acts N]
//!
//! `cold`: the real binary in a pty (120×40), started `--runs` times (5) after
//! `sync; echo 3 > /proc/sys/vm/drop_caches` (root; `--warm` skips it): milliseconds from the
//! spawn to the first frame (the queue's title 待办 on screen) and to the queue itself (its
//! column 到期日, drawn with the first row). The harness answers the terminal's questions (OSC 11,
//! the cursor position, DA1) at once, as a local terminal does.
//!
//! `act`: the screens in-process (`App` on a `TestBackend`, driven as `tui::run` drives it),
//! `--acts` (30) orders of rectification submitted through the form on the register: Ctrl-S →
//! the next frame, and Ctrl-S → the queue and its counts updated (no answer owed by the
//! background reader).

use certdesk::domain::acts::ActKind;
use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::tui::App;
use certdesk::tui::app::Modal;
use certdesk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-27";
const W: u16 = 120;
const H: u16 = 40;
/// The queue's title in the header: the first frame is drawn.
const FIRST_FRAME: &str = "待办";
/// The queue's column header, drawn with its first row: the queue is on screen.
const QUEUE_SHOWN: &str = "到期日";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .map(|i| args[i + 1].clone())
    };
    let (Some(mode), Some(db)) = (args.first(), args.get(1)) else {
        eprintln!("usage: screens_timing cold|act DB [--runs N] [--warm] [--bin PATH] [--acts N]");
        std::process::exit(2);
    };
    let db = PathBuf::from(db);
    match mode.as_str() {
        "cold" => {
            let runs = flag("--runs").map_or(5, |n| n.parse().expect("--runs N"));
            let bin = flag("--bin").map_or_else(default_bin, PathBuf::from);
            cold(&bin, &db, runs, !args.iter().any(|a| a == "--warm"));
        }
        "act" => act(
            &db,
            flag("--acts").map_or(30, |n| n.parse().expect("--acts N")),
        ),
        other => panic!("no mode {other}"),
    }
}

/// target/release/certdesk beside target/release/examples/.
fn default_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("this program");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/release")
        .join("certdesk")
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s.get(s.len() / 2).copied().unwrap_or(f64::NAN)
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    if s.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * s.len() as f64).ceil().max(1.0) as usize;
    s[rank.min(s.len()) - 1]
}

fn summary(what: &str, v: &[f64]) {
    println!(
        "{what:<44} median {:>7.1} ms  p99 {:>7.1} ms  min {:>7.1}  max {:>7.1}  ({} runs)",
        median(v),
        percentile(v, 99.0),
        v.iter().copied().fold(f64::NAN, f64::min),
        v.iter().copied().fold(f64::NAN, f64::max),
        v.len()
    );
}

// ---------------------------------------------------------------------------------------------
// cold: the real binary in a pty

fn drop_caches() {
    let ok = Command::new("sh")
        .args(["-c", "sync && echo 3 > /proc/sys/vm/drop_caches"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "dropping the page cache needs root");
}

/// The output with its escape sequences taken out (CSI, OSC, two-byte ESC), as text.
fn visible_text(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] != 0x1b {
            out.push(raw[i]);
            i += 1;
            continue;
        }
        match raw.get(i + 1) {
            Some(b'[') => {
                i += 2;
                while i < raw.len() && !(0x40..=0x7e).contains(&raw[i]) {
                    i += 1;
                }
                i += 1;
            }
            Some(b']') => {
                i += 2;
                while i < raw.len() && raw[i] != 0x07 && raw[i] != 0x1b {
                    i += 1;
                }
                i += if raw.get(i) == Some(&0x1b) { 2 } else { 1 };
            }
            _ => i += 2,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a local terminal answers to the probe's questions in `raw` (not yet answered: from `from`).
fn answers(raw: &[u8], from: usize) -> Vec<u8> {
    let tail = &raw[from..];
    let mut reply = Vec::new();
    let has = |q: &[u8]| tail.windows(q.len()).any(|w| w == q);
    if has(b"\x1b]11;?") {
        reply.extend_from_slice(b"\x1b]11;rgb:0000/0000/0000\x1b\\");
    }
    if has(b"\x1b[6n") {
        reply.extend_from_slice(b"\x1b[1;2R");
    }
    if has(b"\x1b[c") {
        reply.extend_from_slice(b"\x1b[?62;22c");
    }
    reply
}

/// One start: (ms to the first frame, ms to the queue on screen).
fn start_once(bin: &Path, db: &Path) -> (f64, f64) {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;
    let size = nix::pty::Winsize {
        ws_row: H,
        ws_col: W,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = nix::pty::openpty(Some(&size), None).expect("a pty");
    let slave = std::fs::File::from(pty.slave);
    let t0 = Instant::now();
    let mut child = Command::new(bin)
        .args(["--db"])
        .arg(db)
        .args(["--today", TODAY, "--lang", "zh"])
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env_remove("NO_COLOR")
        .stdin(Stdio::from(slave.try_clone().expect("the pty")))
        .stdout(Stdio::from(slave.try_clone().expect("the pty")))
        .stderr(Stdio::from(slave))
        .spawn()
        .expect("start certdesk");
    let mut master = std::fs::File::from(pty.master);
    let (mut raw, mut answered) = (Vec::new(), 0);
    let (mut first, mut shown) = (None, None);
    let deadline = Instant::now() + Duration::from_secs(60);
    while shown.is_none() && Instant::now() < deadline {
        let mut fds = [PollFd::new(master.as_fd(), PollFlags::POLLIN)];
        if poll(&mut fds, PollTimeout::from(100u16)).expect("poll") == 0 {
            continue;
        }
        let mut buf = [0u8; 65536];
        let n = match master.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        raw.extend_from_slice(&buf[..n]);
        let reply = answers(&raw, answered);
        if !reply.is_empty() {
            answered = raw.len();
            master.write_all(&reply).expect("answer");
        }
        let text = visible_text(&raw);
        let now = t0.elapsed().as_secs_f64() * 1000.0;
        if first.is_none() && text.contains(FIRST_FRAME) {
            first = Some(now);
        }
        if text.contains(QUEUE_SHOWN) {
            shown = Some(now);
        }
    }
    let _ = master.write_all(b"q");
    let quit = Instant::now() + Duration::from_secs(10);
    loop {
        // Keep reading so the child never blocks on a full pty.
        let mut fds = [PollFd::new(master.as_fd(), PollFlags::POLLIN)];
        if poll(&mut fds, PollTimeout::from(50u16)).unwrap_or(0) > 0 {
            let mut buf = [0u8; 65536];
            let _ = master.read(&mut buf);
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if Instant::now() > quit {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
    }
    let _ = master.as_raw_fd();
    (
        first.expect("no first frame within 60 s"),
        shown.expect("the queue was not shown within 60 s"),
    )
}

fn cold(bin: &Path, db: &Path, runs: usize, drop: bool) {
    println!(
        "{} on {} ({} page cache)",
        bin.display(),
        db.display(),
        if drop {
            "cold: dropped before each start"
        } else {
            "warm"
        }
    );
    let (mut first, mut shown) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        if drop {
            drop_caches();
        }
        let (f, s) = start_once(bin, db);
        println!("  first frame {f:7.1} ms   queue on screen {s:7.1} ms");
        first.push(f);
        shown.push(s);
    }
    summary("spawn → first frame (待办)", &first);
    summary("spawn → queue on screen (到期日)", &shown);
}

// ---------------------------------------------------------------------------------------------
// act: a submitted act → queue and counts updated, in-process

struct Tui {
    app: App,
    term: Terminal<TestBackend>,
}

impl Tui {
    fn frame(&mut self) {
        self.app.prepare(Rect::new(0, 0, W, H));
        let app = &self.app;
        self.term
            .draw(|f| certdesk::tui::view::draw(f, app))
            .expect("draw");
    }

    /// Until no answer is owed: block on the background reader, take its answers in, draw.
    /// (The loop is woken by each answer as it arrives, so this is what it shows too; blocking
    /// keeps the program the same for a build from before that wake existed.)
    fn until_answered(&mut self) {
        for _ in 0..5 {
            if !self.app.reader_busy() {
                break;
            }
            self.app.wait_for_reader();
            self.frame();
        }
    }

    fn key(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.app.handle_key(KeyEvent::new(code, mods));
        self.frame();
        self.until_answered();
    }

    fn ch(&mut self, c: char) {
        self.key(KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn act(db: &Path, acts: usize) {
    let today: jiff::civil::Date = TODAY.parse().expect("a date");
    let store = Store::open(db, today).expect("open the copy");
    let t = Instant::now();
    let app = App::new(store, Lang::Zh, Theme::COLOR).expect("the screens");
    let mut tui = Tui {
        app,
        term: Terminal::new(TestBackend::new(W, H)).expect("a terminal"),
    };
    tui.frame();
    println!(
        "App::new + first frame: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    tui.until_answered();
    println!(
        "  … queue answered ({} items): {:.1} ms",
        tui.app.queue.all().len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let none = KeyModifiers::NONE;
    tui.ch('2');
    tui.ch('g');
    let (mut frame, mut shown) = (Vec::new(), Vec::new());
    let mut tries = 0;
    let mut seed = 0x5eed_u64;
    while frame.len() < acts && tries < 2000 {
        tries += 1;
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        for _ in 0..1 + (seed >> 33) % 6 {
            tui.key(KeyCode::PageDown, none);
        }
        let live = tui.app.register.win.selected_row().is_some_and(|r| {
            matches!(
                r.status.as_str(),
                "active" | "pending_verification" | "renewal_pending"
            )
        });
        if !live {
            continue;
        }
        tui.key(KeyCode::Enter, none);
        tui.ch('a');
        let allowed = match tui.app.modals.last() {
            Some(Modal::Menu(m)) => m
                .acts
                .iter()
                .any(|(a, why)| *a == ActKind::OrderRectification && why.is_none()),
            _ => false,
        };
        if !allowed {
            tui.key(KeyCode::Esc, none);
            tui.ch('q');
            continue;
        }
        tui.ch(certdesk::tui::keymap::act_key(ActKind::OrderRectification));
        for c in "2027-03-01".chars() {
            tui.ch(c);
        }
        tui.key(KeyCode::Tab, none);
        for c in "认证认可条例第五十六条".chars() {
            tui.ch(c);
        }
        tui.key(KeyCode::Tab, none);
        for c in "市监认改〔2026〕1号".chars() {
            tui.ch(c);
        }
        let t = Instant::now();
        tui.app
            .handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        tui.frame();
        let f = t.elapsed().as_secs_f64() * 1000.0;
        tui.until_answered();
        let s = t.elapsed().as_secs_f64() * 1000.0;
        if tui.app.modals.is_empty() {
            frame.push(f);
            shown.push(s);
        } else {
            tui.key(KeyCode::Esc, none);
        }
        tui.ch('q');
    }
    components(&tui.app, acts);
    summary("Ctrl-S → next frame", &frame);
    summary("Ctrl-S → queue and counts updated", &shown);
    println!("whole queue reads asked: {}", tui.app.full_reloads());
    let fresh = tui
        .app
        .store
        .queue(tui.app.queue.within)
        .expect("the queue");
    let held: Vec<_> = tui.app.queue.all().iter().map(|i| (**i).clone()).collect();
    assert!(held == fresh, "the queue held differs from a fresh read");
    println!(
        "the queue held equals a fresh Store::queue ({} items)",
        fresh.len()
    );
}

/// What catching up after one act reads, call by call, for bodies spread over the register
/// (each read `n` times, warm): where the time of "queue and counts updated" goes.
fn components(app: &App, n: usize) {
    use certdesk::store::changes::Bodies;
    use certdesk::store::register::RegisterQuery;
    let store = &app.store;
    let usccs: Vec<String> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT uscc FROM body WHERE id % 997 = 3 ORDER BY id LIMIT ?1")
            .expect("prepare");
        stmt.query_map([n as i64], |r| r.get(0))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect()
    };
    let last = store.last_event_id().expect("last event");
    let time = |what: &str, f: &mut dyn FnMut(&Bodies)| {
        let mut v = Vec::new();
        for u in &usccs {
            let bodies: Bodies = std::iter::once(u.clone()).collect();
            let t = Instant::now();
            f(&bodies);
            v.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        summary(what, &v);
    };
    time("  changes_since (the last event)", &mut |_| {
        store.changes_since(last - 1).expect("changes");
    });
    time("  queue_of_bodies (one body)", &mut |b| {
        store.queue_of_bodies(30, b).expect("queue of bodies");
    });
    time("  register_rows_of (one body, no filter)", &mut |b| {
        store
            .register_rows_of(&RegisterQuery::default(), b)
            .expect("register rows");
    });
    time("  body_file (one body)", &mut |b| {
        store
            .body_file(b.iter().next().expect("a body"))
            .expect("body file");
    });
    time("  applications_of (one body)", &mut |b| {
        store.applications_of(b).expect("applications");
    });
}
