//! The real binary in tmux: first frame (warm and after `drop_caches`), a session's memory.

use crate::common::*;
use crate::report::Table;
use crate::{Config, H, W};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start() -> Option<Tmux> {
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

/// The queue's column header: the queue has arrived from the background reader and is drawn.
const QUEUE_DRAWN: &str = "到期日";
/// The tab bar: the first frame is drawn (before the queue arrives it says 正在读取…).
const FIRST_FRAME: &str = "1 待办";

pub fn bench_first_frame_tmux(cfg: &Config, demo: &Path, scratch: &Path, t: &mut Table) {
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
pub fn bench_tui_memory(demo: &Path, scratch: &Path, t: &mut Table) {
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

/// Drop the page cache (`sync; echo 3 > /proc/sys/vm/drop_caches`): Err says why not.
fn drop_caches() -> Result<(), String> {
    let _ = Command::new("sync").status();
    fs::write("/proc/sys/vm/drop_caches", "3").map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied => "needs root".to_string(),
        _ => format!("drop_caches: {e}"),
    })
}

/// Issue 12 point 3: the first frame after the page cache was dropped, the real binary in a
/// pty (a tmux pane), spawn → the queue's header on screen. Root only (else the row says so).
/// Drops the page cache of the whole machine: other work on it slows down for a moment.
pub fn bench_first_frame_cold(cfg: &Config, demo: &Path, scratch: &Path, t: &mut Table) {
    if let Err(why) = drop_caches() {
        t.not_measured("first-frame-cold", why);
        return;
    }
    let Some(tmux) = Tmux::start() else {
        t.not_measured("first-frame-cold", "tmux is not installed");
        return;
    };
    let rss = scratch.join("tui-cold-rss.txt");
    let mut v = Vec::new();
    let mut queue = Vec::new();
    for _ in 0..cfg.runs.min(3) {
        tmux.cmd(&["respawn-pane", "-k", "-t", "0", "exec sleep 100000"]);
        tmux.cmd(&["clear-history", "-t", "0"]);
        assert!(tmux.wait_for(Duration::from_secs(5), |s| !s.contains(QUEUE_DRAWN)));
        if let Err(why) = drop_caches() {
            t.not_measured("first-frame-cold", why);
            return;
        }
        let t0 = Instant::now();
        tmux.spawn(demo, &rss);
        let drawn = tmux.wait_for(Duration::from_secs(60), |s| s.contains(FIRST_FRAME));
        let elapsed = t0.elapsed().as_secs_f64() * 1000.0;
        assert!(drawn, "no frame was drawn within 60 s of a cold start");
        let arrived = tmux.wait_for(Duration::from_secs(60), |s| s.contains(QUEUE_DRAWN));
        let queue_ms = t0.elapsed().as_secs_f64() * 1000.0;
        assert!(
            arrived,
            "the queue was not drawn within 60 s of a cold start"
        );
        assert!(tmux.quit(), "certdesk did not quit");
        v.push(elapsed);
        queue.push(queue_ms);
    }
    t.runs(
        "screens",
        "cold start (page cache dropped): spawn → the queue on screen (read in the background after the first frame)",
        None,
        &queue,
    );
    t.goal(
        "first-frame-cold",
        format!(
            "{} (tmux and its 2 ms polling included)",
            crate::report::runs_text(&v)
        ),
        "",
        Some(worst(&v) <= 150.0),
    );
}

/// The version `vd --version` prints (`saul.pw/VisiData v2.11`), None without VisiData.
fn visidata_version() -> Option<String> {
    let out = Command::new("vd").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text
        .split_whitespace()
        .find(|w| w.starts_with('v') && w[1..].starts_with(|c: char| c.is_ascii_digit()))?;
    Some(v.trim_start_matches('v').to_string())
}

/// The peer a regulator would otherwise use in a terminal: VisiData on the same CSV as the
/// import, in the same tmux pane size — spawn → the file's first data row on screen, the time
/// until every row is loaded, and its peak RSS. Nothing is installed: "not installed" without `vd`.
pub fn bench_visidata(cfg: &Config, csv: &Path, scratch: &Path, t: &mut Table) {
    let Some(version) = visidata_version() else {
        t.add(
            "peer",
            "VisiData: first row shown, all rows loaded, peak RSS",
            "",
            "not installed (`apt-get install visidata`)",
            "",
            None,
        );
        return;
    };
    let Some(tmux) = Tmux::start() else { return };
    let text = fs::read_to_string(csv).expect("read the CSV");
    let first_uscc = text
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').next())
        .unwrap_or("")
        .to_string();
    let rows = text.lines().count() - 1;
    drop(text);
    let rss = scratch.join("vd-rss.txt");
    let (mut first, mut loaded, mut mem) = (Vec::new(), Vec::new(), Vec::new());
    // vd says "N rows" at the bottom right once it has loaded them all.
    let all = format!("{rows} rows");
    for _ in 0..cfg.runs.min(3) {
        tmux.cmd(&["respawn-pane", "-k", "-t", "0", "exec sleep 100000"]);
        tmux.cmd(&["clear-history", "-t", "0"]);
        assert!(tmux.wait_for(Duration::from_secs(5), |s| !s.contains(&first_uscc)));
        let _ = fs::remove_file(&rss);
        let time = if Path::new(TIME).exists() {
            format!("{TIME} -f %M -o '{}' ", rss.display())
        } else {
            String::new()
        };
        let t0 = Instant::now();
        let home = scratch.join("vd-home");
        let _ = fs::create_dir_all(&home);
        tmux.cmd(&[
            "respawn-pane",
            "-k",
            "-t",
            "0",
            &format!(
                "exec env LANG=C.UTF-8 HOME='{}' {time}vd '{}'",
                home.display(),
                csv.display()
            ),
        ]);
        let shown = tmux.wait_for(Duration::from_secs(60), |s| s.contains(&first_uscc));
        first.push(if shown {
            t0.elapsed().as_secs_f64() * 1000.0
        } else {
            f64::NAN
        });
        let done = tmux.wait_for(Duration::from_secs(300), |s| s.contains(&all));
        loaded.push(if done {
            t0.elapsed().as_secs_f64() * 1000.0
        } else {
            f64::NAN
        });
        // gq: quit every sheet.
        tmux.keys(&["g", "q"]);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !tmux.dead() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        mem.push(read_rss(&rss));
    }
    t.add(
        "peer",
        format!(
            "VisiData {version} on the import's CSV ({rows} rows): spawn → first row shown (tmux)"
        ),
        "",
        crate::report::runs_text(&first),
        "",
        None,
    );
    t.add(
        "peer",
        format!("VisiData {version}: spawn → all {rows} rows loaded"),
        "",
        crate::report::runs_text(&loaded),
        "",
        None,
    );
    t.add(
        "peer",
        format!("VisiData {version}: peak RSS, the file loaded"),
        "",
        format!("{} / {}", mb(median(&mem)), mb(worst(&mem))),
        "",
        None,
    );
}
