//! Figures at national scale (100,000 bodies, 2,000,000 events): import, screens, queue and
//! exports, memory, demo generation. It prints figures; it asserts no timing.
//!
//!     cargo bench --bench national                  # full scale (several minutes)
//!     cargo bench --bench national -- --quick       # 10,000 bodies / 200,000 events
//!     cargo bench --bench national -- --only import,queue
//!
//! Options: `--quick`, `--only demo,import,screens,queue,memory`, `--runs N` (process runs per
//! import figure, default 5), `--regen` (generate the demo database again, which times figure 5;
//! otherwise a cached database and its recorded generation time are reused), `--markdown FILE`
//! (also write the table as Markdown). The same through the environment:
//! `CERTDESK_BENCH_QUICK=1`, `CERTDESK_BENCH_ONLY=…`, `CERTDESK_BENCH_RUNS=N`.
//!
//! Data lives in `target/bench-data/<scale>/`: the demo database (made with the real binary:
//! `certdesk --db X --today 2026-11-27 demo --bodies N --seed 1 --events E`, and its timing in
//! `demo.json`), and two import files of N rows written here (valid USCCs, Chinese names,
//! CNCA-R and 12-digit CMA numbers, all three routes). Every process figure spawns the release
//! binary under `/usr/bin/time -f %M` (peak RSS); the screens are driven in-process over a copy
//! of the demo database, key by key, through `App::handle_key` and drawn on ratatui's
//! `TestBackend`, plus one first-frame and one memory figure of the real binary inside tmux.

use certdesk::domain::acts::ActKind;
use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::tui::App;
use certdesk::tui::app::{Modal, ScreenId};
use certdesk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

mod common;
use common::*;

const SECTIONS: [&str; 5] = ["demo", "import", "screens", "queue", "memory"];
/// The terminal the screens are measured in.
const W: u16 = 120;
const H: u16 = 40;

// ---------------------------------------------------------------------------------------------
// Options

struct Config {
    quick: bool,
    bodies: usize,
    events: usize,
    runs: usize,
    only: BTreeSet<String>,
    regen: bool,
    markdown: Option<PathBuf>,
}

impl Config {
    fn from_args() -> Config {
        let mut quick = std::env::var("CERTDESK_BENCH_QUICK").is_ok_and(|v| v == "1");
        let mut only: Option<String> = std::env::var("CERTDESK_BENCH_ONLY").ok();
        let mut runs: Option<usize> = std::env::var("CERTDESK_BENCH_RUNS")
            .ok()
            .and_then(|v| v.parse().ok());
        let mut regen = false;
        let mut markdown = None;
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            match a.as_str() {
                "--quick" => quick = true,
                "--regen" => regen = true,
                "--only" => only = args.next(),
                "--runs" => runs = args.next().and_then(|v| v.parse().ok()),
                "--markdown" => markdown = args.next().map(PathBuf::from),
                // `cargo bench` passes --bench to every bench target.
                "--bench" => {}
                other => {
                    eprintln!(
                        "unknown option {other}; use --quick, --only {}, --runs N, --regen, --markdown FILE",
                        SECTIONS.join(",")
                    );
                    std::process::exit(2);
                }
            }
        }
        let only: BTreeSet<String> = match only {
            Some(s) => s
                .split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect(),
            None => SECTIONS.iter().map(|s| s.to_string()).collect(),
        };
        if let Some(bad) = only.iter().find(|s| !SECTIONS.contains(&s.as_str())) {
            eprintln!(
                "--only: unknown section {bad}; sections: {}",
                SECTIONS.join(",")
            );
            std::process::exit(2);
        }
        let (bodies, events) = if quick {
            (10_000, 200_000)
        } else {
            (100_000, 2_000_000)
        };
        Config {
            quick,
            bodies,
            events,
            runs: runs.unwrap_or(5).max(1),
            only,
            regen,
            markdown,
        }
    }

    fn wants(&self, section: &str) -> bool {
        self.only.contains(section)
    }

    fn scale(&self) -> Scale {
        Scale {
            bodies: self.bodies,
            events: self.events,
            regen: self.regen,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The table

struct Row {
    section: &'static str,
    figure: String,
    goal: String,
    measured: String,
    ratio: String,
    verdict: String,
}

#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

impl Table {
    fn add(
        &mut self,
        section: &'static str,
        figure: impl Into<String>,
        goal: impl Into<String>,
        measured: impl Into<String>,
        ratio: impl Into<String>,
        verdict: Option<bool>,
    ) {
        let row = Row {
            section,
            figure: figure.into(),
            goal: goal.into(),
            measured: measured.into(),
            ratio: ratio.into(),
            verdict: match verdict {
                Some(true) => "meets".into(),
                Some(false) => "MISSES".into(),
                None => "—".into(),
            },
        };
        println!(
            "  {:<60} {}   {}",
            row.figure,
            row.measured,
            if row.ratio.is_empty() {
                String::new()
            } else {
                format!("ratio {}", row.ratio)
            }
        );
        self.rows.push(row);
    }

    /// Timings in ms: median / worst of process runs.
    fn runs(
        &mut self,
        section: &'static str,
        figure: impl Into<String>,
        goal_ms: Option<f64>,
        v: &[f64],
    ) {
        let goal = goal_ms.map(|g| format!("≤ {}", ms(g))).unwrap_or_default();
        let verdict = goal_ms.map(|g| worst(v) <= g);
        println!(
            "    runs in order: {}",
            v.iter().map(|x| ms(*x)).collect::<Vec<_>>().join(", ")
        );
        self.add(
            section,
            figure,
            goal,
            format!("{} / {} ({}×)", ms(median(v)), ms(worst(v)), v.len()),
            "",
            verdict,
        );
    }

    /// Keystroke timings in ms: median / p99 / worst of many samples; the goal is on p99.
    fn keys(
        &mut self,
        section: &'static str,
        figure: impl Into<String>,
        goal_p99_ms: Option<f64>,
        v: &[f64],
    ) {
        let goal = goal_p99_ms
            .map(|g| format!("p99 ≤ {}", ms(g)))
            .unwrap_or_default();
        let verdict = goal_p99_ms.map(|g| percentile(v, 99.0) <= g);
        self.add(
            section,
            figure,
            goal,
            format!(
                "p50 {} / p99 {} / max {} (n={})",
                ms(median(v)),
                ms(percentile(v, 99.0)),
                ms(worst(v)),
                v.len()
            ),
            "",
            verdict,
        );
    }

    fn print(&self, machine: &Machine) {
        println!();
        println!("machine: {}", machine.line());
        let headers = [
            "section",
            "figure",
            "goal",
            "measured (median / worst)",
            "ratio",
            "verdict",
        ];
        let cells: Vec<[&str; 6]> = self
            .rows
            .iter()
            .map(|r| {
                [
                    r.section,
                    r.figure.as_str(),
                    r.goal.as_str(),
                    r.measured.as_str(),
                    r.ratio.as_str(),
                    r.verdict.as_str(),
                ]
            })
            .collect();
        let mut widths = headers.map(UnicodeWidthStr::width);
        for c in &cells {
            for (w, s) in widths.iter_mut().zip(c) {
                *w = (*w).max(s.width());
            }
        }
        let line = |c: &[&str; 6]| {
            let mut out = String::new();
            for (s, w) in c.iter().zip(widths) {
                out.push_str(s);
                out.push_str(&" ".repeat(w - s.width() + 2));
            }
            println!("{}", out.trim_end());
        };
        line(&headers);
        for c in &cells {
            line(c);
        }
    }

    fn markdown(&self, machine: &Machine, cfg: &Config) -> String {
        let mut out = format!(
            "Machine: {}\n\nScale: {} bodies, {} events (seed {SEED}, today {TODAY}); {} runs per import figure.\n\n",
            machine.line(),
            cfg.bodies,
            cfg.events,
            cfg.runs
        );
        out.push_str("| section | figure | goal | measured (median / worst) | ratio to peer | verdict |\n|---|---|---|---|---|---|\n");
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                r.section,
                r.figure.replace('|', "\\|"),
                r.goal,
                r.measured,
                r.ratio,
                r.verdict
            ));
        }
        out
    }
}

fn import_csv(cfg: &Config, dir: &Path, batch: usize) -> PathBuf {
    let path = dir.join(format!("approvals-{batch}.csv"));
    if !path.exists() {
        let tmp = dir.join(format!("approvals-{batch}.csv.part"));
        write_import_csv(&tmp, cfg.bodies, batch);
        fs::rename(&tmp, &path).expect("rename");
    }
    path
}

// ---------------------------------------------------------------------------------------------
// 1. Import

#[derive(serde::Deserialize)]
struct ImportReport {
    rows: usize,
    written: usize,
    unchanged: usize,
    invalid: usize,
}

fn import(db: &Path, csv: &Path) -> (Run, ImportReport) {
    let r = certdesk(
        db,
        &[
            "import",
            csv.to_str().expect("a UTF-8 path"),
            "--report",
            "json",
        ],
        None,
    );
    let report: ImportReport = serde_json::from_str(&r.stdout).expect("the import report");
    (r, report)
}

fn sqlite3_import(db: &Path, csv: &Path, rows: usize) -> Run {
    remove_db(db);
    // The same durability as certdesk (WAL, synchronous=FULL); one unique index on the USCC.
    let script = format!(
        "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n\
         CREATE TABLE approval(uscc TEXT NOT NULL, name TEXT, kind TEXT, approval_no TEXT, route TEXT, decided_on TEXT, valid_until TEXT, scope TEXT, region TEXT, authority TEXT, doc_no TEXT, risk_class TEXT, address TEXT, legal_rep TEXT);\n\
         CREATE UNIQUE INDEX approval_uscc ON approval(uscc);\n\
         .mode csv\n.import --skip 1 {} approval\nSELECT count(*) FROM approval;\n",
        csv.display()
    );
    let r = run(
        "sqlite3",
        &[db.to_str().expect("a UTF-8 path")],
        Some(&script),
        None,
    );
    let count: usize = r
        .stdout
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    assert_eq!(count, rows, "sqlite3 imported {count} rows: {}", r.stdout);
    r
}

struct ImportFigures {
    /// Peak RSS (KiB) of the imports into an empty database.
    rss_empty: Vec<f64>,
    /// … and into the demo database.
    rss_national: Vec<f64>,
}

fn bench_import(
    cfg: &Config,
    dir: &Path,
    demo: &Path,
    scratch: &Path,
    t: &mut Table,
) -> ImportFigures {
    println!("\n1. import");
    let a = import_csv(cfg, dir, 0);
    let b = import_csv(cfg, dir, 1);
    let rows = cfg.bodies;
    let db = scratch.join("import.db");
    let peer_db = scratch.join("sqlite3.db");
    let (mut ours, mut peer, mut rss) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..cfg.runs {
        // Alternate who goes first, so neither always finds the page cache warmer.
        let peer_first = i % 2 == 1;
        if peer_first {
            peer.push(sqlite3_import(&peer_db, &a, rows).ms);
        }
        remove_db(&db);
        let (r, rep) = import(&db, &a);
        assert_eq!(
            (rep.rows, rep.written, rep.invalid),
            (rows, rows, 0),
            "import into an empty database"
        );
        ours.push(r.ms);
        rss.push(r.rss_kb);
        if !peer_first {
            peer.push(sqlite3_import(&peer_db, &a, rows).ms);
        }
    }
    let ratio = median(&ours) / median(&peer);
    let in_order = |v: &[f64]| v.iter().map(|x| ms(*x)).collect::<Vec<_>>().join(", ");
    println!("    certdesk runs in order: {}", in_order(&ours));
    // What each wrote: the database files after the last run (WAL checkpointed on close).
    let (ours_mb, peer_mb) = (file_mb(&db), file_mb(&peer_db));
    let figure = format!(
        "import {} rows into an empty database (CSV {:.1} MB → {:.1} MB database)",
        rows,
        file_mb(&a),
        ours_mb
    );
    t.add(
        "import",
        figure,
        "≤ 2× sqlite3 .import",
        format!(
            "{} / {} ({}×); {:.0} rows/s",
            ms(median(&ours)),
            ms(worst(&ours)),
            ours.len(),
            rows as f64 / median(&ours) * 1000.0
        ),
        format!("{ratio:.2}×"),
        Some(ratio <= 2.0),
    );
    t.runs(
        "import",
        format!("  peer: sqlite3 .import, UNIQUE index on uscc, WAL, sync=FULL ({peer_mb:.1} MB)"),
        None,
        &peer,
    );

    // Into the national database (demo), then the same file again.
    let national = scratch.join("national-import.db");
    let (mut into, mut again, mut rss_national) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..cfg.runs.min(3) {
        copy_db(demo, &national);
        let (r, rep) = import(&national, &b);
        assert_eq!(
            (rep.written, rep.invalid),
            (rows, 0),
            "import into the demo database"
        );
        into.push(r.ms);
        rss_national.push(r.rss_kb);
        let (r, rep) = import(&national, &b);
        assert_eq!(
            (rep.written, rep.unchanged),
            (0, rows),
            "the same file again changes nothing"
        );
        again.push(r.ms);
    }
    println!(
        "    into the demo database, runs in order: {}",
        in_order(&into)
    );
    println!("    the same again, runs in order: {}", in_order(&again));
    remove_db(&national);
    remove_db(&db);
    remove_db(&peer_db);
    t.add(
        "import",
        format!(
            "import {rows} new rows into the {}-body / {}-event database",
            cfg.bodies, cfg.events
        ),
        "",
        format!(
            "{} / {} ({}×); {:.0} rows/s",
            ms(median(&into)),
            ms(worst(&into)),
            into.len(),
            rows as f64 / median(&into) * 1000.0
        ),
        "",
        None,
    );
    t.add(
        "import",
        format!("re-import the same {rows} rows (nothing changes)"),
        "",
        format!(
            "{} / {} ({}×); {:.0} rows/s",
            ms(median(&again)),
            ms(worst(&again)),
            again.len(),
            rows as f64 / median(&again) * 1000.0
        ),
        "",
        None,
    );
    ImportFigures {
        rss_empty: rss,
        rss_national,
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Screens, in-process

struct Tui {
    app: App,
    term: Terminal<TestBackend>,
}

#[derive(Clone, Copy, PartialEq)]
enum Wait {
    /// Block on the background reader's answer, then draw: the query's own time.
    Block,
    /// Do what the event loop does without further keys: sleep `wake_interval`, `tick`, draw.
    Loop,
}

impl Tui {
    fn open(db: &Path) -> Tui {
        let store = Store::create_or_open(db, today()).expect("open the database");
        let app = App::new(store, Lang::Zh, Theme::COLOR).expect("the app");
        let mut t = Tui {
            app,
            term: Terminal::new(TestBackend::new(W, H)).expect("a terminal"),
        };
        t.frame();
        t
    }

    /// What the event loop does to draw (no clearing).
    fn frame(&mut self) {
        self.app.prepare(Rect::new(0, 0, W, H));
        let app = &self.app;
        self.term
            .draw(|f| certdesk::tui::view::draw(f, app))
            .expect("draw");
    }

    /// Wait for every background answer and draw it (between measured keys).
    fn settle(&mut self) {
        for _ in 0..5 {
            if !self.app.reader_busy() {
                break;
            }
            self.app.wait_for_reader();
            self.frame();
        }
    }

    fn key_untimed(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.app.handle_key(KeyEvent::new(code, mods));
        self.frame();
        self.settle();
    }

    fn ch(&mut self, c: char) {
        self.key_untimed(KeyCode::Char(c), KeyModifiers::NONE);
    }

    /// One key: (ms to the next frame, ms until the frame that shows the background answers).
    fn key(&mut self, code: KeyCode, mods: KeyModifiers, wait: Wait) -> (f64, f64) {
        let t = Instant::now();
        self.app.handle_key(KeyEvent::new(code, mods));
        self.frame();
        let frame = t.elapsed();
        match wait {
            Wait::Block => self.settle(),
            Wait::Loop => {
                let deadline = Instant::now() + Duration::from_secs(60);
                while self.app.reader_busy() && Instant::now() < deadline {
                    std::thread::sleep(self.app.wake_interval());
                    if self.app.tick() {
                        self.frame();
                    }
                }
            }
        }
        let shown = t.elapsed();
        (frame.as_secs_f64() * 1000.0, shown.as_secs_f64() * 1000.0)
    }

    fn screen_text(&self) -> String {
        let buf = self.term.backend().buffer();
        let mut s = String::new();
        for y in 0..buf.area.height {
            let mut x = 0;
            while x < buf.area.width {
                let symbol = buf[(x, y)].symbol();
                s.push_str(symbol);
                // A wide character covers the next cell.
                x += symbol.width().max(1) as u16;
            }
            s.push('\n');
        }
        s
    }
}

#[derive(Default)]
struct KeySamples {
    frame: Vec<f64>,
    shown: Vec<f64>,
}

impl KeySamples {
    fn push(&mut self, (frame, shown): (f64, f64)) {
        self.frame.push(frame);
        self.shown.push(shown);
    }
}

/// Names and USCCs of bodies spread over the register, for the filter.
fn sample_bodies(db: &Path, n: usize) -> Vec<(String, String)> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open read-only");
    let total: i64 = conn
        .query_row("SELECT max(id) FROM body", [], |r| r.get(0))
        .expect("count");
    let step = (total / n as i64).max(1);
    let mut stmt = conn
        .prepare("SELECT name, uscc FROM body WHERE id % ?1 = 7 ORDER BY id LIMIT ?2")
        .expect("prepare");
    stmt.query_map(rusqlite::params![step, n as i64], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .expect("query")
    .map(|r| r.expect("row"))
    .collect()
}

fn bench_screens(cfg: &Config, demo: &Path, scratch: &Path, t: &mut Table) {
    println!("\n2. screens (in-process, {W}×{H}, TestBackend, over a copy of the demo database)");
    let db = scratch.join("screens.db");
    copy_db(demo, &db);
    let none = KeyModifiers::NONE;

    // First frame: Store::open + App::new (reads the queue) + the first draw.
    let mut first = Vec::new();
    let mut queue_items = 0;
    for _ in 0..cfg.runs {
        let t0 = Instant::now();
        let tui = Tui::open(&db);
        first.push(t0.elapsed().as_secs_f64() * 1000.0);
        queue_items = tui.app.queue.items().len();
        drop(tui);
    }
    t.runs(
        "screens",
        format!("first frame in-process: open + queue ({queue_items} items) + draw"),
        Some(150.0),
        &first,
    );

    let mut tui = Tui::open(&db);
    // The queue (in memory).
    let mut s = KeySamples::default();
    for _ in 0..100 {
        s.push(tui.key(KeyCode::Char('j'), none, Wait::Block));
    }
    t.keys("screens", "queue: j (move)", Some(16.0), &s.frame);
    let mut s = KeySamples::default();
    for _ in 0..50 {
        s.push(tui.key(KeyCode::PageDown, none, Wait::Block));
    }
    t.keys("screens", "queue: PgDn", Some(16.0), &s.frame);

    // The register.
    let mut s = KeySamples::default();
    s.push(tui.key(KeyCode::Char('2'), none, Wait::Block));
    t.add(
        "screens",
        "register: key 2 → frame / → first page + count shown",
        "",
        format!("{} / {}", ms(s.frame[0]), ms(s.shown[0])),
        "",
        None,
    );
    let mut s = KeySamples::default();
    for _ in 0..300 {
        s.push(tui.key(KeyCode::Char('j'), none, Wait::Block));
    }
    t.keys(
        "screens",
        "register: j (move, keyset)",
        Some(16.0),
        &s.frame,
    );
    let mut s = KeySamples::default();
    for _ in 0..100 {
        s.push(tui.key(KeyCode::PageDown, none, Wait::Block));
    }
    for _ in 0..50 {
        s.push(tui.key(KeyCode::PageUp, none, Wait::Block));
    }
    t.keys(
        "screens",
        "register: PgDn / PgUp (keyset page)",
        Some(16.0),
        &s.frame,
    );
    let mut s = KeySamples::default();
    for _ in 0..10 {
        s.push(tui.key(KeyCode::Char('G'), none, Wait::Block));
        s.push(tui.key(KeyCode::Char('g'), none, Wait::Block));
    }
    t.keys(
        "screens",
        "register: G / g (last / first page)",
        Some(16.0),
        &s.frame,
    );

    // Open a body's file (Enter) and back (q), at rows spread over the register.
    let (mut open, mut back) = (Vec::new(), Vec::new());
    let mut rng = Rng(42);
    for _ in 0..50 {
        for _ in 0..1 + rng.below(30) {
            tui.key_untimed(KeyCode::PageDown, none);
        }
        open.push(tui.key(KeyCode::Enter, none, Wait::Block).0);
        assert_eq!(tui.app.screen, ScreenId::Body, "Enter opened a body's file");
        back.push(tui.key(KeyCode::Char('q'), none, Wait::Block).0);
    }
    t.keys(
        "screens",
        "register: Enter (open a body's file)",
        Some(16.0),
        &open,
    );
    t.keys(
        "screens",
        "body file: q (back to the register)",
        Some(16.0),
        &back,
    );

    // Filter as you type: each character is a key; the rows and the count arrive from the
    // background reader. Substrings taken from names spread over the register.
    let bodies = sample_bodies(&db, 120);
    let mut by_len: [KeySamples; 4] = Default::default();
    let mut by_len_loop: [KeySamples; 4] = Default::default();
    let mut uscc = KeySamples::default();
    tui.ch('g');
    for (i, (name, code)) in bodies.iter().enumerate() {
        let chars: Vec<char> = name.chars().collect();
        if chars.len() < 6 {
            continue;
        }
        let wait = if i % 2 == 0 { Wait::Block } else { Wait::Loop };
        let start = rng.below(chars.len() - 4);
        tui.ch('/');
        for (n, &c) in chars[start..start + 4].iter().enumerate() {
            let sample = tui.key(KeyCode::Char(c), none, wait);
            match wait {
                Wait::Block => by_len[n].push(sample),
                Wait::Loop => by_len_loop[n].push(sample),
            }
        }
        // Leave the filter and clear it (not measured).
        tui.key_untimed(KeyCode::Esc, none);
        tui.ch('x');
        if i % 6 == 0 {
            // A USCC prefix, typed in ASCII (10 characters).
            tui.ch('/');
            for c in code.chars().take(10) {
                uscc.push(tui.key(KeyCode::Char(c), none, Wait::Block));
            }
            tui.key_untimed(KeyCode::Esc, none);
            tui.ch('x');
        }
    }
    let merged = |a: &[f64], b: &[f64]| [a, b].concat();
    for (label, frame, shown, shown_loop) in [
        (
            "1 character (LIKE)",
            by_len[0].frame.clone(),
            by_len[0].shown.clone(),
            by_len_loop[0].shown.clone(),
        ),
        (
            "2 characters (LIKE)",
            by_len[1].frame.clone(),
            by_len[1].shown.clone(),
            by_len_loop[1].shown.clone(),
        ),
        (
            "3–4 characters (FTS trigram)",
            merged(&by_len[2].frame, &by_len[3].frame),
            merged(&by_len[2].shown, &by_len[3].shown),
            merged(&by_len_loop[2].shown, &by_len_loop[3].shown),
        ),
    ] {
        t.keys(
            "screens",
            format!("filter, Chinese {label}: key → next frame"),
            Some(16.0),
            &frame,
        );
        t.keys(
            "screens",
            format!("filter, Chinese {label}: key → results shown"),
            Some(16.0),
            &shown,
        );
        t.keys(
            "screens",
            format!("filter, Chinese {label}: key → shown by the event loop"),
            Some(16.0),
            &shown_loop,
        );
    }
    t.keys(
        "screens",
        "filter, USCC prefix 1–10 chars (ASCII): key → next frame",
        Some(16.0),
        &uscc.frame,
    );
    t.keys(
        "screens",
        "filter, USCC prefix 1–10 chars (ASCII): key → results shown",
        Some(16.0),
        &uscc.shown,
    );

    // Submit an act through the form: order rectification on live qualifications.
    let mut submit = KeySamples::default();
    let (mut menu, mut form) = (Vec::new(), Vec::new());
    let mut refused = 0;
    let mut tries = 0;
    tui.ch('g');
    while submit.frame.len() < 25 && tries < 400 {
        tries += 1;
        for _ in 0..1 + rng.below(6) {
            tui.key_untimed(KeyCode::PageDown, none);
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
        tui.key_untimed(KeyCode::Enter, none);
        menu.push(tui.key(KeyCode::Char('a'), none, Wait::Block).0);
        let allowed = match tui.app.modals.last() {
            Some(Modal::Menu(m)) => m
                .acts
                .iter()
                .any(|(a, why)| *a == ActKind::OrderRectification && why.is_none()),
            _ => false,
        };
        if !allowed {
            tui.key_untimed(KeyCode::Esc, none);
            tui.ch('q');
            continue;
        }
        // The act by its fixed letter on the menu.
        let letter = certdesk::tui::keymap::act_key(ActKind::OrderRectification);
        form.push(tui.key(KeyCode::Char(letter), none, Wait::Block).0);
        // The focus starts on the deadline; then basis and document number.
        for c in "2027-03-01".chars() {
            tui.ch(c);
        }
        tui.key_untimed(KeyCode::Tab, none);
        for c in "认证认可条例第五十六条".chars() {
            tui.ch(c);
        }
        tui.key_untimed(KeyCode::Tab, none);
        for c in "市监认改〔2026〕1号".chars() {
            tui.ch(c);
        }
        let sample = tui.key(KeyCode::Char('s'), KeyModifiers::CONTROL, Wait::Block);
        if tui.app.modals.is_empty() {
            submit.push(sample);
        } else {
            refused += 1;
            tui.key_untimed(KeyCode::Esc, none);
        }
        tui.ch('q');
    }
    t.keys(
        "screens",
        "body file: a (menu of allowed acts)",
        Some(16.0),
        &menu,
    );
    t.keys(
        "screens",
        "act menu: Enter (open the form)",
        Some(16.0),
        &form,
    );
    t.keys(
        "screens",
        format!(
            "act form: Ctrl-S submit (order rectification, fsync) → next frame{}",
            if refused > 0 {
                format!("; {refused} refused, not counted")
            } else {
                String::new()
            }
        ),
        Some(16.0),
        &submit.frame,
    );
    t.keys(
        "screens",
        "act form: Ctrl-S submit → queue and counts reloaded",
        None,
        &submit.shown,
    );

    // The log: first page, then pages; the hash-chain check it starts runs in the background.
    let mut s = KeySamples::default();
    s.push(tui.key(KeyCode::Char('4'), none, Wait::Block));
    let t0 = Instant::now();
    tui.app.wait_for_jobs();
    tui.frame();
    let chain = t0.elapsed().as_secs_f64() * 1000.0 + s.shown[0];
    let ok = tui.screen_text().contains("哈希链：完整");
    t.add(
        "screens",
        "log: key 4 → frame / → first page / → hash chain verified",
        "",
        format!(
            "{} / {} / {}{}",
            ms(s.frame[0]),
            ms(s.shown[0]),
            ms(chain),
            if ok { "" } else { " (not shown as intact!)" }
        ),
        "",
        None,
    );
    let mut s = KeySamples::default();
    for _ in 0..100 {
        s.push(tui.key(KeyCode::PageDown, none, Wait::Block));
    }
    t.keys("screens", "log: PgDn", Some(16.0), &s.frame);
    let t0 = Instant::now();
    tui.app.handle_key(KeyEvent::new(KeyCode::Char('3'), none));
    tui.frame();
    let frame = t0.elapsed().as_secs_f64() * 1000.0;
    tui.app.wait_for_jobs();
    tui.frame();
    t.add(
        "screens",
        "reports: key 3 → frame / → counts shown",
        "",
        format!(
            "{} / {}",
            ms(frame),
            ms(t0.elapsed().as_secs_f64() * 1000.0)
        ),
        "",
        None,
    );
    drop(tui);
    remove_db(&db);
}

// ---------------------------------------------------------------------------------------------
// The real binary in tmux: first frame, and the memory of a session

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start() -> Option<Tmux> {
        let ok = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            println!("  tmux is not installed: figures of the real terminal skipped");
            return None;
        }
        let t = Tmux {
            socket: format!("certdesk-bench-{}", std::process::id()),
        };
        let out = t.cmd(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &W.to_string(),
            "-y",
            &H.to_string(),
            "exec sleep 100000",
        ]);
        assert!(out.status.success(), "tmux new-session");
        t.cmd(&["set", "-g", "escape-time", "0"]);
        t.cmd(&["set", "-g", "remain-on-exit", "on"]);
        Some(t)
    }

    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "0"]).stdout).into_owned()
    }

    fn dead(&self) -> bool {
        String::from_utf8_lossy(
            &self
                .cmd(&["display", "-p", "-t", "0", "#{pane_dead}"])
                .stdout,
        )
        .trim()
            == "1"
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    fn text(&self, s: &str) {
        self.cmd(&["send-keys", "-t", "0", "-l", s]);
    }

    /// Start certdesk on `db` in the pane (under /usr/bin/time when present, writing `rss`).
    fn spawn(&self, db: &Path, rss: &Path) {
        let _ = fs::remove_file(rss);
        let time = if Path::new(TIME).exists() {
            format!("{TIME} -f %M -o '{}' ", rss.display())
        } else {
            String::new()
        };
        let command = format!(
            "exec env LANG=C.UTF-8 USER=bench {time}'{BIN}' --db '{}' --today {TODAY} --lang zh",
            db.display()
        );
        self.cmd(&["respawn-pane", "-k", "-t", "0", &command]);
    }

    fn wait_for(&self, timeout: Duration, ok: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if ok(&self.screen()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        false
    }

    fn quit(&self) -> bool {
        self.keys(&["C-c"]);
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.dead() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.cmd(&["kill-server"]);
    }
}

fn read_rss(p: &Path) -> f64 {
    fs::read_to_string(p)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(f64::NAN)
}

/// The queue's column header: the first frame is drawn.
const QUEUE_DRAWN: &str = "到期日";

fn bench_first_frame_tmux(cfg: &Config, demo: &Path, scratch: &Path, t: &mut Table) {
    let Some(tmux) = Tmux::start() else { return };
    let rss = scratch.join("tui-rss.txt");
    let mut v = Vec::new();
    let mut mem = Vec::new();
    // One more run than counted: the first start is reported on its own. It is often much
    // slower: where idle page cache is reclaimed (DAMON pageout on this VM), the database's
    // pages have to be read from disk again.
    let mut first_start = f64::NAN;
    for run in 0..=cfg.runs {
        // Let the pane show an empty screen first.
        tmux.cmd(&["respawn-pane", "-k", "-t", "0", "exec sleep 100000"]);
        tmux.cmd(&["clear-history", "-t", "0"]);
        assert!(tmux.wait_for(Duration::from_secs(5), |s| !s.contains(QUEUE_DRAWN)));
        let t0 = Instant::now();
        tmux.spawn(demo, &rss);
        let drawn = tmux.wait_for(Duration::from_secs(30), |s| s.contains(QUEUE_DRAWN));
        let elapsed = t0.elapsed().as_secs_f64() * 1000.0;
        assert!(drawn, "the queue was not drawn within 30 s");
        assert!(tmux.quit(), "certdesk did not quit");
        if run == 0 {
            first_start = elapsed;
            continue;
        }
        v.push(elapsed);
        mem.push(read_rss(&rss));
    }
    // What tmux and the polling cost: a program that prints the marker at once.
    let mut baseline = Vec::new();
    for _ in 0..cfg.runs {
        tmux.cmd(&["respawn-pane", "-k", "-t", "0", "exec sleep 100000"]);
        tmux.cmd(&["clear-history", "-t", "0"]);
        assert!(tmux.wait_for(Duration::from_secs(5), |s| !s.contains(QUEUE_DRAWN)));
        let t0 = Instant::now();
        tmux.cmd(&[
            "respawn-pane",
            "-k",
            "-t",
            "0",
            &format!("env LANG=C.UTF-8 printf '{QUEUE_DRAWN}'; exec sleep 100000"),
        ]);
        assert!(tmux.wait_for(Duration::from_secs(10), |s| s.contains(QUEUE_DRAWN)));
        baseline.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    t.runs(
        "screens",
        "first frame, real binary in tmux: spawn → queue on screen (incl. tmux)",
        Some(150.0),
        &v,
    );
    t.runs(
        "screens",
        "  the same, first start of the series (page cache may be cold)",
        Some(150.0),
        &[first_start],
    );
    t.runs(
        "screens",
        "  tmux baseline: spawn printf → its text on screen (same polling)",
        None,
        &baseline,
    );
    t.add(
        "memory",
        "peak RSS of the TUI: start, first frame, quit",
        "≤ 64 MB",
        format!("{} / {}", mb(median(&mem)), mb(worst(&mem))),
        "",
        Some(worst(&mem) <= 64.0 * 1024.0),
    );
}

/// A session over every screen in the real binary: its peak RSS.
fn bench_tui_memory(demo: &Path, scratch: &Path, t: &mut Table) {
    println!("\n4. memory of a TUI session (tmux)");
    let Some(tmux) = Tmux::start() else { return };
    let db = scratch.join("memory.db");
    copy_db(demo, &db);
    let rss = scratch.join("tui-session-rss.txt");
    tmux.spawn(&db, &rss);
    assert!(tmux.wait_for(Duration::from_secs(30), |s| s.contains(QUEUE_DRAWN)));
    let pause = |ms: u64| std::thread::sleep(Duration::from_millis(ms));
    // Register: pages, a filter, a body's file.
    tmux.keys(&["2"]);
    pause(1500);
    for _ in 0..20 {
        tmux.keys(&["PageDown"]);
    }
    pause(500);
    tmux.keys(&["/"]);
    tmux.text("检测");
    pause(1500);
    tmux.keys(&["Escape"]);
    tmux.keys(&["Enter"]);
    pause(1000);
    tmux.keys(&["q"]);
    // Reports (counts over every table) and the log (hash chain over every event).
    tmux.keys(&["3"]);
    pause(500);
    let reports = tmux.wait_for(Duration::from_secs(120), |s| !s.contains("正在统计"));
    tmux.keys(&["4"]);
    let chain = tmux.wait_for(Duration::from_secs(600), |s| {
        s.contains("哈希链：完整") || s.contains("哈希链：第") || s.contains("无法校验")
    });
    for _ in 0..20 {
        tmux.keys(&["PageDown"]);
    }
    pause(500);
    assert!(tmux.quit(), "certdesk did not quit");
    let kb = read_rss(&rss);
    t.add(
        "memory",
        format!(
            "peak RSS of the TUI: queue, register + filter, a file, reports, log + hash chain{}",
            if reports && chain {
                ""
            } else {
                " (a screen did not finish!)"
            }
        ),
        "≤ 64 MB",
        mb(kb),
        "",
        Some(kb <= 64.0 * 1024.0),
    );
    remove_db(&db);
}

// ---------------------------------------------------------------------------------------------
// 3. Queue and exports

fn bench_queue(cfg: &Config, demo: &Path, scratch: &Path, t: &mut Table) {
    println!("\n3. queue and exports (process wall time)");
    let out = scratch.join("out.json");
    let n = cfg.runs.min(3);
    let (mut queue, mut queue_rss) = (Vec::new(), Vec::new());
    let mut items = 0;
    for _ in 0..n {
        let r = certdesk(demo, &["queue", "--format", "json"], Some(&out));
        queue.push(r.ms);
        queue_rss.push(r.rss_kb);
        items = serde_json::from_str::<Vec<serde_json::Value>>(
            &fs::read_to_string(&out).expect("read the queue"),
        )
        .expect("the queue as JSON")
        .len();
    }
    t.runs(
        "queue",
        format!(
            "certdesk queue --format json ({items} items, peak RSS {})",
            mb(worst(&queue_rss))
        ),
        None,
        &queue,
    );
    let (mut export, mut export_rss) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let _ = fs::remove_file(&out);
        let r = certdesk(
            demo,
            &[
                "export",
                "qualifications",
                "--format",
                "json",
                "--out",
                out.to_str().expect("a UTF-8 path"),
            ],
            None,
        );
        export.push(r.ms);
        export_rss.push(r.rss_kb);
    }
    t.runs(
        "queue",
        format!(
            "certdesk export qualifications --format json ({:.1} MB, peak RSS {})",
            file_mb(&out),
            mb(worst(&export_rss))
        ),
        None,
        &export,
    );
    let _ = fs::remove_file(&out);
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let cfg = Config::from_args();
    let machine = Machine::read();
    let started = Instant::now();
    println!("certdesk national benchmark — {}", machine.line());
    println!(
        "scale: {} bodies, {} events{}; sections: {}; {} runs per import figure",
        cfg.bodies,
        cfg.events,
        if cfg.quick { " (--quick)" } else { "" },
        cfg.only.iter().cloned().collect::<Vec<_>>().join(","),
        cfg.runs
    );
    println!("binary: {BIN}");
    let dir = data_dir(&cfg.scale().name());
    let scratch = dir.join("scratch");
    fs::create_dir_all(&scratch).expect("create the scratch folder");
    let mut t = Table::default();

    let (demo, record, fresh) = demo_db(&cfg.scale(), &dir, &machine);
    println!(
        "  holds {} bodies, {} qualifications, {} events; {:.0} MB",
        record.counts.0,
        record.counts.1,
        record.counts.2,
        file_mb(&demo)
    );
    if cfg.wants("demo") {
        println!("\n5. demo generation");
        t.add(
            "demo",
            format!(
                "generate {} bodies / {} events (`certdesk demo`, 1 run{})",
                cfg.bodies,
                cfg.events,
                if fresh {
                    String::new()
                } else {
                    format!(", recorded {}; --regen to time again", record.made)
                }
            ),
            "",
            format!(
                "{:.1} s; peak RSS {}; {:.0} MB file",
                record.seconds,
                mb(record.rss_kb),
                record.db_mb
            ),
            "",
            None,
        );
    }

    let mut import_rss = ImportFigures {
        rss_empty: Vec::new(),
        rss_national: Vec::new(),
    };
    if cfg.wants("import") {
        import_rss = bench_import(&cfg, &dir, &demo, &scratch, &mut t);
    }
    if cfg.wants("screens") {
        bench_screens(&cfg, &demo, &scratch, &mut t);
        bench_first_frame_tmux(&cfg, &demo, &scratch, &mut t);
    }
    if cfg.wants("queue") {
        bench_queue(&cfg, &demo, &scratch, &mut t);
    }
    if cfg.wants("memory") {
        if import_rss.rss_empty.is_empty() {
            let a = import_csv(&cfg, &dir, 0);
            let db = scratch.join("import.db");
            remove_db(&db);
            import_rss.rss_empty.push(import(&db, &a).0.rss_kb);
            remove_db(&db);
        }
        for (what, v) in [
            ("an empty database", &import_rss.rss_empty),
            ("the demo database", &import_rss.rss_national),
        ] {
            if v.is_empty() {
                continue;
            }
            t.add(
                "memory",
                format!(
                    "peak RSS of certdesk import, {} rows into {what}",
                    cfg.bodies
                ),
                "≤ 64 MB",
                format!("{} / {} ({}×)", mb(median(v)), mb(worst(v)), v.len()),
                "",
                Some(worst(v) <= 64.0 * 1024.0),
            );
        }
        bench_tui_memory(&demo, &scratch, &mut t);
    }

    t.print(&machine);
    println!(
        "\nwhole run: {:.1} min",
        started.elapsed().as_secs_f64() / 60.0
    );
    if let Some(path) = &cfg.markdown {
        fs::write(path, t.markdown(&machine, &cfg)).expect("write the Markdown table");
        println!("table written to {}", path.display());
    }
}
