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
use certdesk::domain::ids::uscc_check_char;
use certdesk::i18n::Lang;
use certdesk::import::Column;
use certdesk::store::Store;
use certdesk::store::read::Counted;
use certdesk::tui::App;
use certdesk::tui::app::{Modal, ScreenId};
use certdesk::tui::theme::Theme;
use jiff::ToSpan;
use jiff::civil::Date;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");
const TODAY: &str = "2026-11-27";
const SEED: u64 = 1;
const TIME: &str = "/usr/bin/time";
const SECTIONS: [&str; 5] = ["demo", "import", "screens", "queue", "memory"];
/// The terminal the screens are measured in.
const W: u16 = 120;
const H: u16 = 40;

fn today() -> Date {
    TODAY.parse().expect("a date")
}

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

    fn scale(&self) -> String {
        format!("{}k-{}k-seed{SEED}", self.bodies / 1000, self.events / 1000)
    }
}

// ---------------------------------------------------------------------------------------------
// Statistics and the table

fn median(v: &[f64]) -> f64 {
    percentile(v, 50.0)
}

fn worst(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NAN, f64::max)
}

/// Nearest-rank percentile.
fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * s.len() as f64).ceil().max(1.0) as usize;
    s[rank.min(s.len()) - 1]
}

fn ms(x: f64) -> String {
    if x.is_nan() {
        "n/a".into()
    } else if x >= 10_000.0 {
        format!("{:.1} s", x / 1000.0)
    } else if x >= 100.0 {
        format!("{x:.0} ms")
    } else if x >= 10.0 {
        format!("{x:.1} ms")
    } else {
        format!("{x:.2} ms")
    }
}

fn mb(kb: f64) -> String {
    if kb.is_nan() {
        "n/a".into()
    } else {
        format!("{:.1} MB", kb / 1024.0)
    }
}

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

// ---------------------------------------------------------------------------------------------
// The machine

struct Machine {
    cpu: String,
    cores: usize,
    ram_gb: f64,
    kernel: String,
    rustc: String,
    sqlite3: String,
    date: String,
    /// The load averages when the run started (the machine is shared).
    load: String,
    /// A DAMON `pageout` scheme is running: idle page cache is reclaimed.
    damon: bool,
}

/// Whether a kdamond runs a `pageout` scheme (then cached file pages do not stay warm).
fn damon_pageout() -> bool {
    let root = Path::new("/sys/kernel/mm/damon/admin/kdamonds");
    let Ok(kdamonds) = fs::read_dir(root) else {
        return false;
    };
    kdamonds.flatten().any(|k| {
        let on = fs::read_to_string(k.path().join("state")).is_ok_and(|s| s.trim() == "on");
        let pageout = fs::read_dir(k.path().join("contexts"))
            .into_iter()
            .flatten()
            .flatten()
            .flat_map(|c| {
                fs::read_dir(c.path().join("schemes"))
                    .into_iter()
                    .flatten()
                    .flatten()
            })
            .any(|s| {
                fs::read_to_string(s.path().join("action")).is_ok_and(|a| a.trim() == "pageout")
            });
        on && pageout
    })
}

impl Machine {
    fn read() -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split(':').nth(1))
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|| "unknown CPU".into());
        let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let ram_kb: f64 = meminfo
            .lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN);
        let output = |prog: &str, args: &[&str]| {
            Command::new(prog)
                .args(args)
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_else(|| "unknown".into())
        };
        let sqlite3 = output("sqlite3", &["--version"])
            .split_whitespace()
            .next()
            .unwrap_or("none")
            .to_string();
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            ram_gb: ram_kb / 1024.0 / 1024.0,
            kernel: fs::read_to_string("/proc/sys/kernel/osrelease")
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
            rustc: output("rustc", &["--version"]),
            sqlite3,
            date: jiff::Timestamp::now()
                .strftime("%Y-%m-%d %H:%M UTC")
                .to_string(),
            damon: damon_pageout(),
            load: fs::read_to_string("/proc/loadavg")
                .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
                .unwrap_or_default(),
        }
    }

    fn line(&self) -> String {
        format!(
            "{}, {} cores, {:.0} GB RAM, Linux {}{}, {}, sqlite3 {}, {} (load average at start {})",
            self.cpu,
            self.cores,
            self.ram_gb,
            self.kernel,
            if self.damon {
                " (DAMON pageout reclaims idle page cache)"
            } else {
                ""
            },
            self.rustc,
            self.sqlite3,
            self.date,
            self.load
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Processes: wall time and peak RSS

struct Run {
    ms: f64,
    /// Peak resident set, KiB (from /usr/bin/time), NaN without it.
    rss_kb: f64,
    stdout: String,
}

/// Run `prog args` to the end; stdin from `stdin` text, stdout kept (or sent to `stdout_to`).
fn run(prog: &str, args: &[&str], stdin: Option<&str>, stdout_to: Option<&Path>) -> Run {
    let rss_file = std::env::temp_dir().join(format!("certdesk-bench-rss-{}", std::process::id()));
    let _ = fs::remove_file(&rss_file);
    let have_time = Path::new(TIME).exists();
    let mut cmd = if have_time {
        let mut c = Command::new(TIME);
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(prog);
        c
    } else {
        Command::new(prog)
    };
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::piped());
    match stdout_to {
        Some(p) => cmd.stdout(fs::File::create(p).expect("create the output file")),
        None => cmd.stdout(Stdio::piped()),
    };
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {prog}: {e}"));
    if let Some(text) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait");
    let elapsed = started.elapsed();
    if !out.status.success() {
        panic!(
            "{prog} {} failed ({}):\n{}\n{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let rss_kb = fs::read_to_string(&rss_file)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(f64::NAN);
    let _ = fs::remove_file(&rss_file);
    Run {
        ms: elapsed.as_secs_f64() * 1000.0,
        rss_kb,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

fn certdesk(db: &Path, args: &[&str], stdout_to: Option<&Path>) -> Run {
    let db = db.to_str().expect("a UTF-8 path");
    let mut all = vec!["--db", db, "--today", TODAY, "--lang", "en"];
    all.extend_from_slice(args);
    run(BIN, &all, None, stdout_to)
}

fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

fn copy_db(from: &Path, to: &Path) {
    remove_db(to);
    fs::copy(from, to).expect("copy the database");
    let mut wal = from.as_os_str().to_owned();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    if wal.exists() {
        let mut to_wal = to.as_os_str().to_owned();
        to_wal.push("-wal");
        fs::copy(&wal, PathBuf::from(to_wal)).expect("copy the WAL");
    }
}

fn file_mb(p: &Path) -> f64 {
    fs::metadata(p).map_or(f64::NAN, |m| m.len() as f64 / 1024.0 / 1024.0)
}

// ---------------------------------------------------------------------------------------------
// Data: the demo database (figure 5) and the import files

fn data_dir(cfg: &Config) -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .to_path_buf();
    let dir = target.join("bench-data").join(cfg.scale());
    fs::create_dir_all(&dir).expect("create the bench data folder");
    dir
}

#[derive(serde::Serialize, serde::Deserialize)]
struct DemoRecord {
    bodies: usize,
    events: usize,
    seed: u64,
    today: String,
    seconds: f64,
    rss_kb: f64,
    db_mb: f64,
    made: String,
    machine: String,
    /// What the database holds (bodies, qualifications, events).
    counts: (i64, i64, i64),
}

/// The demo database, generated (and timed) when missing, mismatched or asked for.
fn demo_db(cfg: &Config, dir: &Path, machine: &Machine) -> (PathBuf, DemoRecord, bool) {
    let db = dir.join("demo.db");
    let record_path = dir.join("demo.json");
    let cached: Option<DemoRecord> = fs::read_to_string(&record_path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .filter(|r: &DemoRecord| {
            r.bodies == cfg.bodies && r.events == cfg.events && r.seed == SEED && r.today == TODAY
        });
    if let Some(r) = cached.filter(|_| db.exists() && !cfg.regen) {
        println!(
            "demo database: {} (cached, generated {} in {:.1} s)",
            db.display(),
            r.made,
            r.seconds
        );
        return (db, r, false);
    }
    let tmp = dir.join("demo.db.part");
    remove_db(&tmp);
    println!(
        "generating the demo database: {} bodies, {} events (this is figure 5)…",
        cfg.bodies, cfg.events
    );
    let bodies = cfg.bodies.to_string();
    let events = cfg.events.to_string();
    let r = certdesk(
        &tmp,
        &[
            "demo",
            "--bodies",
            &bodies,
            "--seed",
            &SEED.to_string(),
            "--events",
            &events,
        ],
        None,
    );
    print!("  {}", r.stdout);
    remove_db(&db);
    for suffix in ["", "-wal", "-shm"] {
        let mut from = tmp.as_os_str().to_owned();
        from.push(suffix);
        let mut to = db.as_os_str().to_owned();
        to.push(suffix);
        let _ = fs::rename(PathBuf::from(from), PathBuf::from(to));
    }
    let counts = {
        let s = Store::create_or_open(&db, today()).expect("open the demo database");
        (
            s.count(Counted::Bodies).expect("count"),
            s.count(Counted::Qualifications).expect("count"),
            s.count(Counted::Events).expect("count"),
        )
    };
    let record = DemoRecord {
        bodies: cfg.bodies,
        events: cfg.events,
        seed: SEED,
        today: TODAY.into(),
        seconds: r.ms / 1000.0,
        rss_kb: r.rss_kb,
        db_mb: file_mb(&db),
        made: jiff::Timestamp::now()
            .strftime("%Y-%m-%d %H:%M UTC")
            .to_string(),
        machine: machine.line(),
        counts,
    };
    fs::write(
        &record_path,
        serde_json::to_string_pretty(&record).expect("json"),
    )
    .expect("write demo.json");
    (db, record, true)
}

/// A small deterministic generator (splitmix64): the files are the same on every machine.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// (code, place in names, province bureau, document abbreviation)
const REGIONS: &[(&str, &str, &str, &str)] = &[
    ("110000", "北京", "北京市市场监督管理局", "京"),
    ("110108", "北京", "北京市市场监督管理局", "京"),
    ("120000", "天津", "天津市市场监督管理局", "津"),
    ("310000", "上海", "上海市市场监督管理局", "沪"),
    ("310115", "上海", "上海市市场监督管理局", "沪"),
    ("500000", "重庆", "重庆市市场监督管理局", "渝"),
    ("440100", "广州", "广东省市场监督管理局", "粤"),
    ("440300", "深圳", "广东省市场监督管理局", "粤"),
    ("441900", "东莞", "广东省市场监督管理局", "粤"),
    ("320100", "南京", "江苏省市场监督管理局", "苏"),
    ("320500", "苏州", "江苏省市场监督管理局", "苏"),
    ("330100", "杭州", "浙江省市场监督管理局", "浙"),
    ("330200", "宁波", "浙江省市场监督管理局", "浙"),
    ("370100", "济南", "山东省市场监督管理局", "鲁"),
    ("370200", "青岛", "山东省市场监督管理局", "鲁"),
    ("420100", "武汉", "湖北省市场监督管理局", "鄂"),
    ("430100", "长沙", "湖南省市场监督管理局", "湘"),
    ("510100", "成都", "四川省市场监督管理局", "川"),
    ("610100", "西安", "陕西省市场监督管理局", "陕"),
    ("350200", "厦门", "福建省市场监督管理局", "闽"),
    ("410100", "郑州", "河南省市场监督管理局", "豫"),
    ("340100", "合肥", "安徽省市场监督管理局", "皖"),
    ("210100", "沈阳", "辽宁省市场监督管理局", "辽"),
    ("230100", "哈尔滨", "黑龙江省市场监督管理局", "黑"),
    ("530100", "昆明", "云南省市场监督管理局", "云"),
    ("650100", "乌鲁木齐", "新疆维吾尔自治区市场监督管理局", "新"),
    ("150100", "呼和浩特", "内蒙古自治区市场监督管理局", "蒙"),
];

const TRADE: &[&str] = &[
    "华测", "中检", "安标", "正信", "恒信", "华夏", "中联", "泰尔", "天祥", "信达", "诚誉", "国鉴",
    "鼎信", "科信", "博源", "精诚", "宏远", "瑞丰", "金盾", "东方", "中环", "谱尼", "德信", "启明",
    "汇通", "嘉华", "联创", "长城", "新华", "永安", "卓越", "先锋", "中正", "华信", "世标", "海纳",
    "康达", "九州", "远大", "明德", "百川", "众诚", "天平", "鸿业", "立信", "中宇", "凯瑞", "建研",
    "方舟", "银河",
];
const CB_INDUSTRY: &[&str] = &[
    "质量认证",
    "认证",
    "检验认证",
    "管理体系认证",
    "产品认证",
    "评价认证",
];
const CMA_INDUSTRY: &[&str] = &[
    "检测技术",
    "检验检测",
    "计量检测",
    "环境检测",
    "食品检测",
    "质量检验",
    "测试技术",
    "工程检测",
];
const CB_SCOPE: &[&str] = &[
    "质量管理体系认证",
    "环境管理体系认证",
    "职业健康安全管理体系认证",
    "食品安全管理体系认证",
    "信息安全管理体系认证",
    "能源管理体系认证",
    "强制性产品认证",
    "有机产品认证",
    "良好农业规范认证",
    "服务认证",
];
const CMA_SCOPE: &[&str] = &[
    "食品检测",
    "环境监测",
    "建筑材料检测",
    "机动车检验",
    "电子电器检测",
    "纺织品检测",
    "医疗器械检测",
    "化妆品检测",
    "水质检测",
    "计量校准",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
    "建华", "海燕", "志强", "晓东",
];
const ROADS: &[&str] = &[
    "科技路",
    "人民路",
    "建设大道",
    "中山路",
    "解放路",
    "工业园路",
    "高新大道",
    "学府路",
];
const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Write `rows` approval rows of batch `batch` (0 or 1: disjoint codes and numbers) to `path`.
fn write_import_csv(path: &Path, rows: usize, batch: usize) {
    let mut rng = Rng(0xC0FFEE + batch as u64);
    let mut w = csv::Writer::from_path(path).expect("create the CSV");
    // The import contract's columns, in their own order (the cells below follow it).
    w.write_record(Column::ALL.map(Column::as_str))
        .expect("write");
    let mut names: HashSet<String> = HashSet::new();
    let mut cb_serial: HashMap<(bool, i16), usize> = HashMap::new();
    let mut cma_serial: HashMap<(i16, &str), usize> = HashMap::new();
    let first = jiff::civil::date(2019, 1, 1);
    let span_days = (today() - first).get_days() as usize - 7;
    for i in 0..rows {
        let (region, place, bureau, abbr) = rng.pick(REGIONS);
        // "91" (enterprise) + region + "MA" + 7 characters from the index (a bijection mod 31^7).
        let n = ((batch * rows + i) as u64).wrapping_mul(2_654_435_761) % 27_512_614_111;
        let mut tail = String::new();
        let mut x = n;
        for _ in 0..7 {
            tail.insert(0, USCC_ALPHABET[(x % 31) as usize] as char);
            x /= 31;
        }
        let base = format!("91{region}MA{tail}");
        let uscc = format!("{base}{}", uscc_check_char(&base).expect("a valid base"));
        let cb = rng.chance(0.2);
        let mut name;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut trade = rng.pick(TRADE).to_string();
            if attempt > 2 {
                trade.push_str(rng.pick(TRADE));
            }
            if attempt > 6 {
                trade.push_str(rng.pick(TRADE));
            }
            let industry = if cb {
                rng.pick(CB_INDUSTRY)
            } else {
                rng.pick(CMA_INDUSTRY)
            };
            let suffix = if rng.chance(0.07) {
                "股份有限公司"
            } else {
                "有限公司"
            };
            name = format!("{place}{trade}{industry}{suffix}");
            if names.insert(name.clone()) {
                break;
            }
        }
        let decided = first + (rng.below(span_days) as i64).days();
        let valid_until = decided + 6.years() - 1.day();
        let year = decided.year();
        let approval_no = if cb {
            let foreign = rng.chance(0.1);
            let s = cb_serial.entry((foreign, year)).or_insert(0);
            *s += 1;
            // Serials from 5000 (batch 0) and 7500 (batch 1): far above what a year's demo uses.
            if foreign {
                format!("CNCA-RF-{year}-{}", 500 + 250 * batch + *s)
            } else {
                format!("CNCA-R-{year}-{}", 5000 + 2500 * batch + *s)
            }
        } else {
            let s = cma_serial.entry((year, &region[..2])).or_insert(0);
            *s += 1;
            // Issuing level "20" / "30": the demo never uses them.
            format!("{:02}{}{}0{:06}", year % 100, &region[..2], 2 + batch, *s)
        };
        let route = if cb {
            rng.pick(&[
                "general",
                "general",
                "general",
                "optimized",
                "optimized",
                "commitment",
            ])
        } else {
            rng.pick(&[
                "commitment",
                "commitment",
                "commitment",
                "general",
                "general",
                "optimized",
            ])
        };
        let list = if cb { CB_SCOPE } else { CMA_SCOPE };
        let k = 1 + rng.below(4);
        let mut scope: Vec<&str> = Vec::new();
        while scope.len() < k {
            let item = rng.pick(list);
            if !scope.contains(&item) {
                scope.push(item);
            }
        }
        let sep = rng.pick(&["；", "、", ";"]);
        let (authority, doc_no) = if cb {
            (
                "国家市场监督管理总局".to_string(),
                format!("国市监认证〔{year}〕{}号", 1 + rng.below(600)),
            )
        } else {
            (
                bureau.to_string(),
                format!("{abbr}市监检〔{year}〕{}号", 1 + rng.below(900)),
            )
        };
        let risk = rng.pick(&["A", "B", "B", "C", "C", "C", "D"]);
        let address = format!("{place}市{}{}号", rng.pick(ROADS), 1 + rng.below(999));
        let legal_rep = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        w.write_record([
            uscc.as_str(),
            &name,
            if cb { "cb" } else { "cma" },
            &approval_no,
            route,
            &decided.to_string(),
            &valid_until.to_string(),
            &scope.join(sep),
            region,
            &authority,
            &doc_no,
            risk,
            &address,
            &legal_rep,
        ])
        .expect("write");
    }
    w.flush().expect("flush");
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
        queue_items = tui.app.queue.items.len();
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
        let position = match tui.app.modals.last() {
            Some(Modal::Menu(m)) => m
                .acts
                .iter()
                .position(|a| *a == ActKind::OrderRectification),
            _ => None,
        };
        let Some(position) = position else {
            tui.key_untimed(KeyCode::Esc, none);
            tui.ch('q');
            continue;
        };
        for _ in 0..position {
            tui.ch('j');
        }
        form.push(tui.key(KeyCode::Enter, none, Wait::Block).0);
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
    let dir = data_dir(&cfg);
    let scratch = dir.join("scratch");
    fs::create_dir_all(&scratch).expect("create the scratch folder");
    let mut t = Table::default();

    let (demo, record, fresh) = demo_db(&cfg, &dir, &machine);
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
