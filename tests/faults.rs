//! Fault tests: concurrent users, crashes, hostile input, tampering, disk full, read-only files.
//! Bounded so the suite stays fast: small batches, a fixed number of rounds and trials.

mod common;

use certdesk::domain::Date;
use certdesk::store::Store;
use certdesk::store::events::verify_chain;
use common::*;
use jiff::civil::date;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const T: Date = date(2026, 11, 27);

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_certdesk"));
    c.env_remove("CERTDESK_DB")
        .env("CERTDESK_TODAY", TODAY)
        .env("USER", "tester");
    c
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn assert_sound(db: &Path) {
    let store = Store::create_or_open(db, T).unwrap();
    assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
    assert_eq!(verify_chain(store.conn()).unwrap().first_bad, None);
}

/// Four processes act on three shared qualifications for a fixed number of rounds, each act
/// guarded by the version it read. Every act commits or is refused as a conflict (exit 4);
/// nothing is lost: versions and events add up to exactly the committed acts.
#[test]
fn concurrent_users_never_lose_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = batch(dir.path(), "b.csv", 1, 6);
    certdesk(&db).arg("import").arg(&file).assert().success();
    // Bodies 1, 2, 4, 5 are optimized or general grants: active.
    let shared: Vec<String> = [1, 2, 4].iter().map(|n| cma_no(*n)).collect();
    const WORKERS: usize = 4;
    const ROUNDS: usize = 12;
    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let (db, shared) = (db.clone(), shared.clone());
            std::thread::spawn(move || {
                let mut committed: Vec<String> = Vec::new();
                let mut conflicts = 0;
                for round in 0..ROUNDS {
                    let no = &shared[(w + round) % shared.len()];
                    let out = bin()
                        .arg("--db")
                        .arg(&db)
                        .args(["show", no, "--format", "json"])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let file: Value = serde_json::from_slice(&out.stdout).unwrap();
                    let q = file["qualifications"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|q| q["approval_no"] == *no)
                        .unwrap();
                    let version = q["version"].as_i64().unwrap().to_string();
                    let act = if q["status"] == "suspended" {
                        "lift"
                    } else {
                        "suspend"
                    };
                    let out = bin()
                        .arg("--db")
                        .arg(&db)
                        .args([
                            "act",
                            act,
                            "--approval",
                            no,
                            "--date",
                            "2026-11-20",
                            "--basis",
                            "条例第五十八条",
                        ])
                        .args(["--deadline", "2027-01-31", "--expect-version", &version])
                        .args(["--notice-served-on", "2026-11-02", "--hearing", "waived"])
                        .args(["--officers", "张伟,王芳"])
                        .output()
                        .unwrap();
                    let err = String::from_utf8_lossy(&out.stderr);
                    assert!(!err.contains("locked"), "{err}");
                    match out.status.code() {
                        Some(0) => committed.push(no.clone()),
                        Some(4) => conflicts += 1,
                        other => panic!("worker {w} round {round}: exit {other:?}: {err}"),
                    }
                }
                (committed, conflicts)
            })
        })
        .collect();
    let mut committed = Vec::new();
    let mut conflicts = 0;
    for w in workers {
        let (c, k) = w.join().unwrap();
        committed.extend(c);
        conflicts += k;
    }
    assert_eq!(committed.len() + conflicts, WORKERS * ROUNDS);
    assert!(!committed.is_empty());
    // The database's creation, 6 grants, the import of their file, then the acts.
    assert_eq!(
        count(&db, "SELECT count(*) FROM event") as usize,
        8 + committed.len()
    );
    for no in &shared {
        let acts = committed.iter().filter(|c| *c == no).count() as i64;
        let version = count(
            &db,
            &format!("SELECT version FROM qualification WHERE approval_no = '{no}'"),
        );
        assert_eq!(version, 1 + acts, "{no}");
        // Acts alternate suspend, lift, suspend…: the final state follows from their number.
        let status: String = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row(
                "SELECT status FROM qualification WHERE approval_no = ?1",
                [no],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            status,
            if acts % 2 == 1 { "suspended" } else { "active" },
            "{no}"
        );
    }
    certdesk(&db).arg("check").assert().success();
    eprintln!(
        "concurrent users: {} committed, {conflicts} conflicts",
        committed.len()
    );
}

/// kill -9 the importer at points spread over a whole import (commit included): the batch is
/// there whole or not at all, the file is sound, and importing again succeeds.
#[test]
fn a_killed_import_leaves_all_or_nothing() {
    const ROWS: u32 = 3000;
    let dir = tempfile::tempdir().unwrap();
    let file = batch(dir.path(), "big.csv", 1, ROWS);
    // How long a whole import takes here, to spread the kills over it.
    let probe = dir.path().join("probe.db");
    let start = Instant::now();
    let status = bin()
        .arg("--db")
        .arg(&probe)
        .arg("import")
        .arg(&file)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let full = start.elapsed();
    const TRIALS: u32 = 10;
    let mut outcomes = (0, 0);
    for trial in 0..TRIALS {
        let db = dir.path().join(format!("crash{trial}.db"));
        // Create the schema first so most kills land in the import itself.
        Store::create_or_open(&db, T).unwrap();
        let delay = full.mul_f64((trial as f64 + 0.5) / TRIALS as f64 * 1.1);
        let mut child = bin()
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_sound(&db);
        let n = count(&db, "SELECT count(*) FROM qualification");
        assert!(
            n == 0 || n == ROWS as i64,
            "trial {trial}: {n} of {ROWS} rows after the kill"
        );
        // The database's creation, and with the rows their grants and the file's record.
        let expected = if n == 0 { 1 } else { n + 2 };
        assert_eq!(count(&db, "SELECT count(*) FROM event"), expected);
        if n == 0 {
            outcomes.0 += 1
        } else {
            outcomes.1 += 1
        }
        let status = bin()
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(&file)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(
            count(&db, "SELECT count(*) FROM qualification"),
            ROWS as i64
        );
        assert_sound(&db);
    }
    eprintln!(
        "killed imports: {} left nothing, {} had committed (full import {full:?})",
        outcomes.0, outcomes.1
    );
}

/// Hostile files: every one rejected with a clear error, exit 3, no panic, nothing written.
#[test]
fn hostile_files_are_rejected_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let huge_name = "名".repeat(3_000_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "random.csv",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
        ),
        ("truncated.xlsx", {
            let mut book = rust_xlsxwriter::Workbook::new();
            book.add_worksheet().write_string(0, 0, "uscc").unwrap();
            let bytes = book.save_to_buffer().unwrap();
            bytes[..bytes.len() / 2].to_vec()
        }),
        (
            "huge.csv",
            format!(
                "{HEADER_EN}\n{}\n",
                row(1, "general").replace("北京第1检测有限公司", &huge_name)
            )
            .into_bytes(),
        ),
        (
            "formula.csv",
            format!(
                "{HEADER_EN}\n{}\n",
                row(1, "general").replace("北京第1检测有限公司", "=HYPERLINK(\"http://x\")")
            )
            .into_bytes(),
        ),
        (
            "control.csv",
            format!(
                "{HEADER_EN}\n{}\n",
                row(1, "general").replace("北京市市场监督管理局", "局\u{7}\u{1b}]0;owned\u{7}")
            )
            .into_bytes(),
        ),
        (
            "dates.csv",
            format!(
                "{HEADER_EN}\n{}\n{}\n",
                row(1, "general").replace("2024-03-05", "1800-01-01"),
                row(2, "general").replace("2030-03-04", "99999-01-01")
            )
            .into_bytes(),
        ),
        (
            "truncated.csv",
            format!(
                "{HEADER_EN}\n{}",
                row(1, "general").chars().take(30).collect::<String>()
            )
            .into_bytes(),
        ),
        ("utf16.csv", {
            let mut v = vec![0xFF, 0xFE];
            v.extend(HEADER_EN.encode_utf16().flat_map(|u| u.to_le_bytes()));
            v
        }),
        (
            "notjson.json",
            b"{\"uscc\": [1, 2, {\"deep\": null}]".to_vec(),
        ),
        ("object.json", br#"[{"uscc": {"a": 1}}]"#.to_vec()),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let out = bin()
            .arg("--db")
            .arg(&db)
            .args(["import", "--report", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        let report: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
        let first = &report["errors"][0]["message"];
        assert!(
            first.as_str().is_some_and(|m| !m.is_empty()),
            "{name}: {report}"
        );
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM event WHERE act <> 'create-database'"
            ),
            0,
            "{name}"
        );
    }
    // Hostile flags for an act: the same, exit 2 or 3, nothing written.
    for args in [
        vec![
            "act",
            "suspend",
            "--approval",
            "CNCA-R-2020-001",
            "--date",
            "2026-02-30",
            "--basis",
            "x",
        ],
        vec![
            "act",
            "suspend",
            "--approval",
            "CNCA-R-2020-001",
            "--date",
            "2026-11-20",
            "--basis",
            "\u{1b}[2J",
        ],
        vec![
            "act",
            "suspend",
            "--approval",
            "\u{1b}[31m",
            "--date",
            "2026-11-20",
            "--basis",
            "x",
        ],
    ] {
        let out = bin().arg("--db").arg(&db).args(&args).output().unwrap();
        assert!(matches!(out.status.code(), Some(2) | Some(3)), "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

/// An event row edited or deleted with the sqlite3 tool, triggers dropped first, is found by
/// `certdesk check`, which names the first bad event.
#[test]
fn tampering_with_the_sqlite3_tool_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let file = batch(dir.path(), "b.csv", 1, 8);
    for (i, (sql, bad)) in [
        (
            "DROP TRIGGER event_append_only_update; UPDATE event SET doc_no = '伪造' WHERE id = 5;",
            "event 5",
        ),
        (
            "DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE id = 3;",
            "event 4",
        ),
        (
            "DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE id >= 9;",
            "newest",
        ),
        (
            "UPDATE qualification SET valid_until = '2040-01-01' WHERE id = 2;",
            "none",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let db = dir.path().join(format!("t{i}.db"));
        certdesk(&db).arg("import").arg(&file).assert().success();
        let tool = Command::new("sqlite3")
            .arg(&db)
            .arg(sql)
            .output()
            .expect("the sqlite3 tool (.ci/run installs it)");
        assert!(
            tool.status.success(),
            "{}",
            String::from_utf8_lossy(&tool.stderr)
        );
        let out = certdesk(&db).arg("check").output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{text}");
        if bad == "newest" {
            // Deleting the newest events (the last grant and the file's record) leaves a
            // consistent chain; the register no longer matches the log, and check says which
            // rows the log does not explain.
            assert!(text.contains("event chain: ok (8 events"), "{text}");
            assert!(
                text.contains(&format!(
                    "qualification {} (row 8) is not in the log",
                    cma_no(8)
                )),
                "{text}"
            );
            continue;
        }
        if bad == "none" {
            assert!(
                text.contains(&format!(
                    "qualification {} (row 2): valid_until is 2040-01-01 but the log",
                    cma_no(2)
                )),
                "{text}"
            );
            continue;
        }
        assert!(text.contains(&format!("BROKEN at {bad}")), "{text}");
    }
}

/// A full disk (SQLite's page limit reached mid-batch) fails with a clear message; the file is
/// intact and nothing of the batch was written.
#[test]
fn a_full_disk_fails_cleanly_and_writes_nothing() {
    use certdesk::import::{EncodingChoice, check_table, read_table};
    use certdesk::store::import::BatchMode;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("full.db");
    let mut store = Store::create_or_open(&db, T).unwrap();
    let pages: i64 = store
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn()
        .execute_batch(&format!("PRAGMA max_page_count = {}", pages + 20))
        .unwrap();
    let file = batch(dir.path(), "b.csv", 1, 2000);
    let table = read_table(&file, None, EncodingChoice::Auto).unwrap();
    let checked = check_table(&table);
    let e = store
        .import_grants(
            "b.csv",
            &table.sha256,
            &checked.rows,
            0,
            BatchMode {
                dry_run: false,
                skip_invalid: false,
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("disk is full"), "{e}");
    assert!(e.to_string().contains("nothing was written"), "{e}");
    assert_eq!(e.exit_code(), 1);
    drop(store);
    assert_sound(&db);
    assert_eq!(count(&db, "SELECT count(*) FROM body"), 0);
}

/// A database file the user may not write: an act fails with a clear message, the file is unchanged.
#[test]
fn a_read_only_database_fails_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ro.db");
    let file = batch(dir.path(), "b.csv", 1, 3);
    certdesk(&db).arg("import").arg(&file).assert().success();
    // Checkpoint so the file is complete, then make the file and its folder read-only.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = bin();
    cmd.arg("--db").arg(&db).args([
        "act",
        "order-rectification",
        "--approval",
        &cma_no(1),
        "--date",
        "2026-11-20",
    ]);
    cmd.args(["--basis", "x", "--deadline", "2026-12-20"]);
    // root ignores permissions: run as nobody then.
    if std::os::unix::fs::MetadataExt::uid(&std::fs::metadata("/proc/self").unwrap()) == 0 {
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("ro.db") || err.contains("cannot be"), "{err}");
    assert!(!err.contains("panicked"));
    eprintln!("read-only: {err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is unchanged");
}
