//! The WAL stays bounded (issue 9, point 3): no command keeps a read snapshot while it waits on
//! a slow reader of its output, and a big write leaves the -wal truncated.
//!
//! A snapshot held by any connection stops every checkpoint at it: `PRAGMA
//! wal_checkpoint(TRUNCATE)` then reports busy and the -wal keeps its frames. So each test makes
//! the situation, writes, and asks for a TRUNCATE checkpoint on a connection of its own: busy = 0
//! and a -wal of 0 bytes prove that nobody pins the WAL. Nothing is timed.

mod common;

use certdesk::store::Store;
use certdesk::store::demo::DemoOptions;
use common::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A demo register of `bodies` bodies (their exports are larger than a small pipe holds).
fn demo_db(dir: &Path, bodies: usize) -> PathBuf {
    let db = dir.join("w.db");
    let mut store = Store::create_or_open(&db, TODAY.parse().unwrap()).unwrap();
    let opts = DemoOptions {
        bodies,
        seed: 7,
        target_events: None,
    };
    store.demo(&opts, &mut |_| {}).unwrap();
    db
}

fn wal_len(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_os_string();
    wal.push("-wal");
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

/// A few acts of another officer (each writes a setting and its event).
fn write_some(store: &mut Store, n: usize) {
    for i in 0..n {
        store
            .set_setting("cb_renewal_lead_days", if i % 2 == 0 { "31" } else { "30" })
            .unwrap();
    }
}

/// `PRAGMA wal_checkpoint(TRUNCATE)` on a connection of its own: (busy, frames in the WAL).
/// The busy timeout only bounds how long a reader that does pin the WAL is waited for.
fn truncate_checkpoint(db: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .unwrap()
}

/// `certdesk export ARGS` writing into a small pipe that the test reads only when it says so.
fn export_into_a_small_pipe(db: &Path, args: &[&str]) -> (Child, std::io::PipeReader) {
    let (reader, writer) = small_pipe();
    let child = Command::new(assert_cmd::cargo::cargo_bin("certdesk"))
        .env_remove("CERTDESK_DB")
        .env_remove("CERTDESK_TODAY")
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY, "export"])
        .args(args)
        .stdout(writer)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    (child, reader)
}

#[test]
fn an_export_waiting_on_a_pipe_nobody_reads_does_not_pin_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 200);
    let mut officer = Store::open(&db, TODAY.parse().unwrap()).unwrap();
    let exports: &[&[&str]] = &[
        &["events"],
        &["events", "--format", "json"],
        &["qualifications"],
        &["bodies", "--format", "json", "--bom"],
        &["bodies", "--bom"],
    ];
    for args in exports {
        let (mut child, mut pipe) = export_into_a_small_pipe(&db, args);
        // The first bytes: the export has started reading (`| (head -c 1000; sleep 60)`).
        let mut first = [0u8; 1000];
        pipe.read_exact(&mut first).unwrap();
        write_some(&mut officer, 20);
        assert!(wal_len(&db) > 0, "{args:?}: the writes are in the WAL");
        let (busy, _) = truncate_checkpoint(&db);
        let wal = wal_len(&db);
        // The export is still waiting for the pipe (it did not end by fitting in it).
        let waiting = child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(waiting, "{args:?}: the export ended before the test looked");
        assert_eq!(
            busy, 0,
            "{args:?}: a reader kept the checkpoint from finishing"
        );
        assert_eq!(wal, 0, "{args:?}: the -wal was not truncated");
    }
}

#[test]
fn an_export_read_in_short_steps_is_still_the_register_as_it_was_when_it_began() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 200);
    let mut officer = Store::open(&db, TODAY.parse().unwrap()).unwrap();
    for format in ["csv", "json"] {
        let before = certdesk(&db)
            .args(["export", "events", "--format", format])
            .output()
            .unwrap();
        assert!(before.status.success());
        let (mut child, mut pipe) = export_into_a_small_pipe(&db, &["events", "--format", format]);
        let mut out = vec![0u8; 1000];
        pipe.read_exact(&mut out).unwrap();
        // New events while the export waits: they come after the log it is writing.
        write_some(&mut officer, 30);
        pipe.read_to_end(&mut out).unwrap();
        assert!(child.wait().unwrap().success());
        assert!(
            out == before.stdout,
            "{format}: the export differs from the log as it stood ({} bytes, expected {})",
            out.len(),
            before.stdout.len()
        );
    }
}

#[test]
fn a_big_import_or_demo_leaves_the_wal_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.db");
    certdesk(&db).arg("init").assert().success();
    // Another user has the register open (idle): the importer is not the last connection, so
    // closing it does not remove the -wal; only a checkpoint of its own empties it.
    let _screens = Store::open_read_only(&db, TODAY.parse().unwrap()).unwrap();
    let file = batch(dir.path(), "big.csv", 1, 1000);
    certdesk(&db).arg("import").arg(&file).assert().success();
    assert_eq!(wal_len(&db), 0, "the import's frames stayed in the -wal");
    certdesk(&db)
        .args(["demo", "--bodies", "20"])
        .assert()
        .success();
    assert_eq!(wal_len(&db), 0, "the demo's frames stayed in the -wal");
    assert_eq!(truncate_checkpoint(&db), (0, 0));
}

#[test]
fn every_connection_caps_the_wal_it_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    certdesk(&db).arg("init").assert().success();
    let today = TODAY.parse().unwrap();
    let limit = |s: &Store| -> i64 {
        s.conn()
            .query_row("PRAGMA journal_size_limit", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(limit(&Store::open(&db, today).unwrap()), 64 << 20);
    assert_eq!(limit(&Store::open_read_only(&db, today).unwrap()), 64 << 20);
}
