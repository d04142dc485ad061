//! Figures at national scale (100,000 bodies, 2,000,000 events) against the goals of issue 12:
//! import (against `sqlite3 .import`), screens key by key (through the real event loop), the
//! first frame cold and warm in tmux, the hash chain (`certdesk check`, the log screen), queue
//! and exports, memory, demo generation, the VisiData peer. It prints figures; it asserts no
//! timing. `--write-benchmarks` writes the whole of BENCHMARKS.md from this one run.
//!
//!     cargo bench --bench national                          # full scale (several minutes)
//!     cargo bench --bench national -- --write-benchmarks    # … and BENCHMARKS.md from it
//!     cargo bench --bench national -- --quick               # 10,000 bodies / 200,000 events
//!     cargo bench --bench national -- --only import,chain
//!
//! Options: `--quick`, `--only demo,import,screens,chain,queue,memory,peers`, `--runs N`
//! (process runs per figure, default 5; 3 at most for the slow ones), `--regen` (generate the
//! demo database again, which times figure 5; otherwise a cached database and its recorded
//! generation time are reused), `--markdown FILE` (write the document to FILE),
//! `--write-benchmarks` (the same to BENCHMARKS.md). The same through the environment:
//! `CERTDESK_BENCH_QUICK=1`, `CERTDESK_BENCH_ONLY=…`, `CERTDESK_BENCH_RUNS=N`.
//!
//! Data lives in `target/bench-data/<scale>/` (see `common`). Every process figure spawns the
//! release binary under `/usr/bin/time -f %M` (peak RSS); the screens are driven in-process
//! over a copy of the demo database (`screens`, `event_loop`); the real binary runs in tmux
//! (`tmux`). The first frame after `drop_caches` needs root.

#[path = "national/causes.rs"]
mod causes;
#[path = "national/chain.rs"]
mod chain;
mod common;
#[path = "national/document.rs"]
mod document;
#[path = "national/event_loop.rs"]
mod event_loop;
#[path = "national/import.rs"]
mod import;
#[path = "national/queue.rs"]
mod queue;
#[path = "national/report.rs"]
mod report;
#[path = "national/screens.rs"]
mod screens;
#[path = "national/tmux.rs"]
mod tmux;

use chain::bench_chain;
use common::*;
use import::{ImportFigures, bench_import, import, import_csv};
use queue::bench_queue;
use report::Table;
use screens::bench_screens;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tmux::{bench_first_frame_cold, bench_first_frame_tmux, bench_tui_memory, bench_visidata};

const SECTIONS: [&str; 7] = [
    "demo", "import", "screens", "chain", "queue", "memory", "peers",
];
/// The terminal the screens are measured in.
pub const W: u16 = 120;
pub const H: u16 = 40;

// ---------------------------------------------------------------------------------------------
// Options

pub struct Config {
    pub quick: bool,
    pub bodies: usize,
    pub events: usize,
    pub runs: usize,
    pub only: BTreeSet<String>,
    pub regen: bool,
    pub markdown: Option<PathBuf>,
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
                "--write-benchmarks" => {
                    markdown = Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS.md"))
                }
                // `cargo bench` passes --bench to every bench target.
                "--bench" => {}
                other => {
                    eprintln!(
                        "unknown option {other}; use --quick, --only {}, --runs N, --regen, --markdown FILE, --write-benchmarks",
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

fn main() {
    let cfg = Config::from_args();
    let dir = data_dir(&cfg.scale().name());
    let scratch = dir.join("scratch");
    fs::create_dir_all(&scratch).expect("create the scratch folder");
    // The heads `check --full` and the log screen verify go to the bench's own cache folder,
    // never the user's. SAFETY: no other thread runs yet.
    let cache = scratch.join("cache");
    let _ = fs::remove_dir_all(&cache);
    unsafe { std::env::set_var("XDG_CACHE_HOME", &cache) };
    let machine = Machine::read();
    let started = Instant::now();
    println!("certdesk national benchmark — {}", machine.line());
    println!(
        "scale: {} bodies, {} events{}; sections: {}; {} runs per process figure",
        cfg.bodies,
        cfg.events,
        if cfg.quick { " (--quick)" } else { "" },
        cfg.only.iter().cloned().collect::<Vec<_>>().join(","),
        cfg.runs
    );
    println!("binary: {BIN}");
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
        bench_first_frame_cold(&cfg, &demo, &scratch, &mut t);
    }
    if cfg.wants("chain") {
        bench_chain(&cfg, &demo, &scratch, &mut t);
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
                "≤ 48 MB",
                format!("{} / {} ({}×)", mb(median(v)), mb(worst(v)), v.len()),
                "",
                Some(worst(v) <= 48.0 * 1024.0),
            );
        }
        bench_tui_memory(&demo, &scratch, &mut t);
    }
    if cfg.wants("peers") {
        println!("\n7. peers");
        bench_visidata(&cfg, &import_csv(&cfg, &dir, 0), &scratch, &mut t);
    }

    t.print();
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    println!("\nwhole run: {minutes:.1} min");
    let _ = fs::remove_dir_all(&cache);
    if let Some(path) = &cfg.markdown {
        let doc = document::benchmarks_md(&t, &machine, &cfg, minutes);
        document::write(path, &doc);
        println!("written: {}", path.display());
    }
}
