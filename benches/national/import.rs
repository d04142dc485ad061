//! Section 1: the import against `sqlite3 .import`, its memory and the bytes it writes.

use crate::Config;
use crate::common::*;
use crate::report::Table;
use certdesk::store::Store;
use std::fs;
use std::path::{Path, PathBuf};

pub fn import_csv(cfg: &Config, dir: &Path, batch: usize) -> PathBuf {
    let path = dir.join(format!("approvals-{batch}.csv"));
    if !path.exists() {
        let tmp = dir.join(format!("approvals-{batch}.csv.part"));
        write_import_csv(&tmp, cfg.bodies, batch);
        fs::rename(&tmp, &path).expect("rename");
    }
    path
}

#[derive(serde::Deserialize)]
pub struct ImportReport {
    rows: usize,
    written: usize,
    unchanged: usize,
    invalid: usize,
}

pub fn import(db: &Path, csv: &Path) -> (Run, ImportReport) {
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

/// The database's size on disk: the file and its WAL (truncated after an import).
fn db_bytes(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    [db.to_path_buf(), PathBuf::from(wal)]
        .iter()
        .map(|p| fs::metadata(p).map_or(0, |m| m.len()))
        .sum()
}

/// Bytes per row of each table and index, largest first (SQLite's `dbstat`, when the library
/// has it), less what the same b-tree holds in `empty` (None: no dbstat).
fn dbstat_per_row(db: &Path, empty: Option<&Path>, rows: usize) -> Option<String> {
    let sizes = |p: &Path| -> Option<std::collections::HashMap<String, i64>> {
        let conn =
            rusqlite::Connection::open_with_flags(p, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .ok()?;
        let mut stmt = conn
            .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
            .ok()?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .ok()?;
        Some(rows.flatten().collect())
    };
    let after = sizes(db)?;
    let before = empty.and_then(sizes).unwrap_or_default();
    let mut grown: Vec<(String, i64)> = after
        .into_iter()
        .map(|(name, n)| {
            let b = before.get(&name).copied().unwrap_or(0);
            (name, n - b)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    grown.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let total: i64 = grown.iter().map(|(_, n)| n).sum();
    let mut parts: Vec<String> = grown
        .iter()
        .take(8)
        .map(|(name, n)| format!("{name} {:.0}", *n as f64 / rows as f64))
        .collect();
    let rest: i64 = grown.iter().skip(8).map(|(_, n)| n).sum();
    if rest > 0 {
        parts.push(format!(
            "{} others {:.0}",
            grown.len() - 8,
            rest as f64 / rows as f64
        ));
    }
    Some(format!(
        "{:.0} B/row in pages: {}",
        total as f64 / rows as f64,
        parts.join(", ")
    ))
}

pub struct ImportFigures {
    /// Peak RSS (KiB) of the imports into an empty database.
    pub rss_empty: Vec<f64>,
    /// … and into the demo database.
    pub rss_national: Vec<f64>,
}

pub fn bench_import(
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
    // What an empty database holds before any row (schema, baseline event).
    let empty = scratch.join("empty.db");
    remove_db(&empty);
    drop(Store::create_or_open(&empty, today()).expect("create an empty database"));
    let empty_bytes = db_bytes(&empty);
    let (mut ours, mut peer, mut rss) = (Vec::new(), Vec::new(), Vec::new());
    // Alternately, A B A B …: certdesk, then sqlite3, in every round.
    for _ in 0..cfg.runs {
        remove_db(&db);
        let (r, rep) = import(&db, &a);
        assert_eq!(
            (rep.rows, rep.written, rep.invalid),
            (rows, rows, 0),
            "import into an empty database"
        );
        ours.push(r.ms);
        rss.push(r.rss_kb);
        peer.push(sqlite3_import(&peer_db, &a, rows).ms);
    }
    let ratio = median(&ours) / median(&peer);
    let in_order = |v: &[f64]| v.iter().map(|x| ms(*x)).collect::<Vec<_>>().join(", ");
    println!("    certdesk runs in order: {}", in_order(&ours));
    println!("    sqlite3 runs in order: {}", in_order(&peer));
    // What each wrote: the database files after the last run (WAL checkpointed on close).
    let ours_bytes = db_bytes(&db).saturating_sub(empty_bytes);
    let peer_bytes = db_bytes(&peer_db);
    let per_row = |b: u64| b as f64 / rows as f64;
    t.goal(
        "import-time",
        format!(
            "{}; {:.0} rows/s; **{ratio:.2}×** the peer's median",
            crate::report::runs_text(&ours),
            rows as f64 / median(&ours) * 1000.0
        ),
        format!(
            "sqlite3 {}: {}",
            sqlite3_version(),
            crate::report::runs_text(&peer)
        ),
        Some(ratio <= 5.0),
    );
    let rss_ok = Some(worst(&rss) <= 48.0 * 1024.0).filter(|_| !worst(&rss).is_nan());
    t.goal(
        "import-rss",
        format!(
            "median {} / worst {} ({} runs)",
            mb(median(&rss)),
            mb(worst(&rss)),
            rss.len()
        ),
        "",
        rss_ok,
    );
    if worst(&rss).is_nan() {
        t.not_measured("import-rss", "needs /usr/bin/time");
    }
    t.goal(
        "import-bytes",
        format!(
            "{:.0} B/row ({:.1} MB for {rows} rows, CSV {:.0} B/row)",
            per_row(ours_bytes),
            ours_bytes as f64 / 1024.0 / 1024.0,
            fs::metadata(&a).map_or(f64::NAN, |m| m.len() as f64 / rows as f64)
        ),
        format!(
            "sqlite3: {:.0} B/row ({:.2}× fewer)",
            per_row(peer_bytes),
            ours_bytes as f64 / peer_bytes as f64
        ),
        None,
    );
    t.add(
        "import",
        "bytes per row by table and index (dbstat, growth over an empty database)",
        "",
        dbstat_per_row(&db, Some(&empty), rows)
            .unwrap_or_else(|| "dbstat not in this SQLite".into()),
        dbstat_per_row(&peer_db, None, rows).unwrap_or_default(),
        None,
    );

    // Into the national database (demo), then the same file again.
    let national = scratch.join("national-import.db");
    let (mut into, mut again, mut rss_national) = (Vec::new(), Vec::new(), Vec::new());
    let mut grown = 0;
    for _ in 0..cfg.runs.min(3) {
        copy_db(demo, &national);
        let before = db_bytes(&national);
        let (r, rep) = import(&national, &b);
        assert_eq!(
            (rep.written, rep.invalid),
            (rows, 0),
            "import into the demo database"
        );
        into.push(r.ms);
        rss_national.push(r.rss_kb);
        grown = db_bytes(&national).saturating_sub(before);
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
    remove_db(&empty);
    t.add(
        "import",
        format!(
            "import {rows} new rows into the {}-body / {}-event database",
            cfg.bodies, cfg.events
        ),
        "",
        format!(
            "{}; {:.0} rows/s; the file grew {:.0} B/row",
            crate::report::runs_text(&into),
            rows as f64 / median(&into) * 1000.0,
            grown as f64 / rows as f64
        ),
        "",
        None,
    );
    t.add(
        "import",
        format!("re-import the same {rows} rows (nothing changes)"),
        "",
        format!(
            "{}; {:.0} rows/s",
            crate::report::runs_text(&again),
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

fn sqlite3_version() -> String {
    std::process::Command::new("sqlite3")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .next()
                .map(String::from)
        })
        .unwrap_or_else(|| "?".into())
}
