//! What the bench targets share: the machine line, statistics, running the release binary,
//! the demo database (made once with `certdesk demo` and cached in `target/bench-data/<scale>/`)
//! and the generated approval files. Each target uses part of it.

#![allow(dead_code)]

use certdesk::domain::ids::uscc_check_char;
use certdesk::import::Column;
use certdesk::store::Store;
use certdesk::store::read::Counted;
use jiff::ToSpan;
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub const BIN: &str = env!("CARGO_BIN_EXE_certdesk");
pub const TODAY: &str = "2026-11-27";
pub const SEED: u64 = 1;
pub const TIME: &str = "/usr/bin/time";

pub fn today() -> Date {
    TODAY.parse().expect("a date")
}

// ---------------------------------------------------------------------------------------------
// Statistics

pub fn median(v: &[f64]) -> f64 {
    percentile(v, 50.0)
}

pub fn worst(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NAN, f64::max)
}

/// Nearest-rank percentile.
pub fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * s.len() as f64).ceil().max(1.0) as usize;
    s[rank.min(s.len()) - 1]
}

pub fn ms(x: f64) -> String {
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

pub fn mb(kb: f64) -> String {
    if kb.is_nan() {
        "n/a".into()
    } else {
        format!("{:.1} MB", kb / 1024.0)
    }
}

// ---------------------------------------------------------------------------------------------
// The machine

pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub ram_gb: f64,
    pub kernel: String,
    pub rustc: String,
    pub sqlite3: String,
    pub date: String,
    /// The load averages when the run started (the machine is shared).
    pub load: String,
    /// A DAMON `pageout` scheme is running: idle page cache is reclaimed.
    pub damon: bool,
}

/// Whether a kdamond runs a `pageout` scheme (then cached file pages do not stay warm).
pub fn damon_pageout() -> bool {
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
    pub fn read() -> Machine {
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

    pub fn line(&self) -> String {
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

pub struct Run {
    pub ms: f64,
    /// Peak resident set, KiB (from /usr/bin/time), NaN without it.
    pub rss_kb: f64,
    pub stdout: String,
}

/// Run `prog args` to the end; stdin from `stdin` text, stdout kept (or sent to `stdout_to`).
pub fn run(prog: &str, args: &[&str], stdin: Option<&str>, stdout_to: Option<&Path>) -> Run {
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

pub fn certdesk(db: &Path, args: &[&str], stdout_to: Option<&Path>) -> Run {
    let db = db.to_str().expect("a UTF-8 path");
    let mut all = vec!["--db", db, "--today", TODAY, "--lang", "en"];
    all.extend_from_slice(args);
    run(BIN, &all, None, stdout_to)
}

pub fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

pub fn copy_db(from: &Path, to: &Path) {
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

pub fn file_mb(p: &Path) -> f64 {
    fs::metadata(p).map_or(f64::NAN, |m| m.len() as f64 / 1024.0 / 1024.0)
}

// ---------------------------------------------------------------------------------------------
// Data: the demo database (figure 5) and the import files

pub fn data_dir(scale: &str) -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .to_path_buf();
    let dir = target.join("bench-data").join(scale);
    fs::create_dir_all(&dir).expect("create the bench data folder");
    dir
}

#[derive(serde::Serialize, serde::Deserialize)]
pub struct DemoRecord {
    pub bodies: usize,
    pub events: usize,
    pub seed: u64,
    pub today: String,
    pub seconds: f64,
    pub rss_kb: f64,
    pub db_mb: f64,
    pub made: String,
    pub machine: String,
    /// What the database holds (bodies, qualifications, events).
    pub counts: (i64, i64, i64),
}

/// The demo database, generated (and timed) when missing, mismatched or asked for.
pub struct Scale {
    pub bodies: usize,
    pub events: usize,
    /// Generate the demo database again even when a matching one is cached.
    pub regen: bool,
}

impl Scale {
    /// The cache folder's name under `target/bench-data/`.
    pub fn name(&self) -> String {
        format!("{}k-{}k-seed{SEED}", self.bodies / 1000, self.events / 1000)
    }
}

pub fn demo_db(cfg: &Scale, dir: &Path, machine: &Machine) -> (PathBuf, DemoRecord, bool) {
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
        // Made by an earlier certdesk: upgrade it once, as an office would (keeps every event).
        let upgrade = std::process::Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .arg("upgrade")
            .output()
            .expect("run certdesk upgrade");
        assert!(
            upgrade.status.success(),
            "certdesk upgrade: {}",
            String::from_utf8_lossy(&upgrade.stderr)
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
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// (code, place in names, province bureau, document abbreviation)
pub const REGIONS: &[(&str, &str, &str, &str)] = &[
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

pub const TRADE: &[&str] = &[
    "华测", "中检", "安标", "正信", "恒信", "华夏", "中联", "泰尔", "天祥", "信达", "诚誉", "国鉴",
    "鼎信", "科信", "博源", "精诚", "宏远", "瑞丰", "金盾", "东方", "中环", "谱尼", "德信", "启明",
    "汇通", "嘉华", "联创", "长城", "新华", "永安", "卓越", "先锋", "中正", "华信", "世标", "海纳",
    "康达", "九州", "远大", "明德", "百川", "众诚", "天平", "鸿业", "立信", "中宇", "凯瑞", "建研",
    "方舟", "银河",
];
pub const CB_INDUSTRY: &[&str] = &[
    "质量认证",
    "认证",
    "检验认证",
    "管理体系认证",
    "产品认证",
    "评价认证",
];
pub const CMA_INDUSTRY: &[&str] = &[
    "检测技术",
    "检验检测",
    "计量检测",
    "环境检测",
    "食品检测",
    "质量检验",
    "测试技术",
    "工程检测",
];
pub const CB_SCOPE: &[&str] = &[
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
pub const CMA_SCOPE: &[&str] = &[
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
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
];
pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
    "建华", "海燕", "志强", "晓东",
];
pub const ROADS: &[&str] = &[
    "科技路",
    "人民路",
    "建设大道",
    "中山路",
    "解放路",
    "工业园路",
    "高新大道",
    "学府路",
];
pub const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// How a file's approval numbers and codes are chosen, so that files never share one.
#[derive(Debug, Clone, Copy)]
pub struct Numbering {
    pub seed: u64,
    /// Row `i` gets the USCC of index `uscc_offset + i`.
    pub uscc_offset: u64,
    /// `CNCA-R-<year>-<cb_base + n>`, `CNCA-RF-<year>-<cb_foreign_base + n>` (n from 1 each year).
    pub cb_base: usize,
    pub cb_foreign_base: usize,
    /// CMA numbers: year, province, this issuing-level digit then 0, `cma_base + n` (6 digits).
    pub cma_level: usize,
    pub cma_base: usize,
    /// Each series may use at most this many numbers (asserted): the next file's range starts there.
    pub room: Option<(usize, usize, usize)>,
}

impl Numbering {
    /// The national bench's two files (batch 0 and 1).
    pub fn national(batch: usize, rows: usize) -> Numbering {
        Numbering {
            seed: 0xC0FFEE + batch as u64,
            uscc_offset: (batch * rows) as u64,
            // Serials from 5000 (batch 0) and 7500 (batch 1): far above what a year's demo uses.
            cb_base: 5000 + 2500 * batch,
            cb_foreign_base: 500 + 250 * batch,
            // Issuing level "20" / "30": the demo never uses them.
            cma_level: 2 + batch,
            cma_base: 0,
            room: None,
        }
    }
}

/// Write `rows` approval rows of batch `batch` (0 or 1: disjoint codes and numbers) to `path`.
pub fn write_import_csv(path: &Path, rows: usize, batch: usize) {
    write_approvals_csv(path, rows, Numbering::national(batch, rows));
}

/// Write `rows` approval rows numbered by `numbering` to `path`.
pub fn write_approvals_csv(path: &Path, rows: usize, numbering: Numbering) {
    let num = numbering;
    let mut rng = Rng(num.seed);
    let mut w = csv::Writer::from_path(path).expect("create the CSV");
    // The import contract's columns of a plain import (no migration facts), in their own
    // order: the cells below follow it.
    let plain = Column::ALL.iter().take_while(|c| **c != Column::Status);
    w.write_record(plain.map(|c| c.as_str())).expect("write");
    let mut names: HashSet<String> = HashSet::new();
    let mut cb_serial: HashMap<(bool, i16), usize> = HashMap::new();
    let mut cma_serial: HashMap<(i16, &str), usize> = HashMap::new();
    let first = jiff::civil::date(2019, 1, 1);
    let span_days = (today() - first).get_days() as usize - 7;
    for i in 0..rows {
        let (region, place, bureau, abbr) = rng.pick(REGIONS);
        // "91" (enterprise) + region + "MA" + 7 characters from the index (a bijection mod 31^7).
        let n = (num.uscc_offset + i as u64).wrapping_mul(2_654_435_761) % 27_512_614_111;
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
            if let Some((cb, cb_foreign, _)) = num.room {
                assert!(
                    *s < if foreign { cb_foreign } else { cb },
                    "CB serials overflow their room"
                );
            }
            if foreign {
                format!("CNCA-RF-{year}-{}", num.cb_foreign_base + *s)
            } else {
                format!("CNCA-R-{year}-{}", num.cb_base + *s)
            }
        } else {
            let s = cma_serial.entry((year, &region[..2])).or_insert(0);
            *s += 1;
            if let Some((_, _, cma)) = num.room {
                assert!(*s < cma, "CMA serials overflow their room");
            }
            format!(
                "{:02}{}{}0{:06}",
                year % 100,
                &region[..2],
                num.cma_level,
                num.cma_base + *s
            )
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
