//! Other officers wait for an import, they do not fail (issue 9, point 2): the import reads and
//! checks its files before it takes the write lock, announces itself, and an act that finds
//! the lock taken waits for as long as the import runs, saying what it waits for.

mod common;

use common::*;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn verify(db: &std::path::Path, n: u32) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("certdesk"));
    c.env_remove("CERTDESK_DB")
        .env_remove("CERTDESK_TODAY")
        .args(["--lang", "en", "--db"])
        .arg(db)
        .args(["--today", TODAY, "act", "verify", "--approval", &cma_no(n)])
        .args([
            "--date",
            "2026-11-20",
            "--basis",
            "x",
            "--result",
            "conforming",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn events(db: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_act_waits_for_an_announced_import_longer_than_the_plain_wait_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = batch(dir.path(), "b.csv", 1, 3);
    certdesk(&db).arg("import").arg(&file).assert().success();
    let before = events(&db);

    // This test plays the import: a process (`sleep`) announces itself as an import does, and
    // the test holds the write lock for longer than a writer waits for a lock nobody announced
    // (10 s). Then the importer goes away while the lock is still held for 3 s: the act waits
    // for that as for any other writer, counting its 10 s from then, not from its start.
    let mut importer = Command::new("sleep").arg("60").spawn().unwrap();
    let importer_start = {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", importer.id())).unwrap();
        let (_, rest) = stat.rsplit_once(')').unwrap();
        rest.split_whitespace().nth(19).unwrap().to_string()
    };
    let holder = rusqlite::Connection::open(&db).unwrap();
    let host = nix::unistd::gethostname().unwrap().into_string().unwrap();
    holder
        .execute(
            "INSERT INTO long_write (what, file, login, started_at, host, pid, process_start)
             VALUES ('import', 'approvals-2026-11.csv', 'wangfang', '2026-11-27T01:30:00Z', ?1, ?2, ?3)",
            rusqlite::params![host, importer.id(), importer_start],
        )
        .unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let mut act = verify(&db, 3).spawn().unwrap();
    std::thread::sleep(Duration::from_secs(12));
    assert!(
        act.try_wait().unwrap().is_none(),
        "the act gave up while the import held the lock"
    );
    importer.kill().unwrap();
    importer.wait().unwrap();
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        act.try_wait().unwrap().is_none(),
        "the act gave up when the import went away, although it had waited only 3 s since"
    );
    holder
        .execute("DELETE FROM long_write WHERE login = 'wangfang'", [])
        .unwrap();
    holder.execute_batch("COMMIT").unwrap();
    let status = act.wait().unwrap();
    let mut err = String::new();
    act.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "{status}: {err}");
    assert!(started.elapsed() >= Duration::from_secs(15));
    assert!(
        err.contains("waiting for the import of approvals-2026-11.csv by wangfang (started "),
        "{err}"
    );
    assert_eq!(err.matches("waiting for").count(), 1, "told once: {err}");
    assert_eq!(events(&db), before + 1);

    // A notice whose process is gone (an import killed with -9) is not waited for: the plain
    // wait applies and the act says only that the database is busy.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder
        .execute(
            "INSERT INTO long_write (what, file, login, started_at, host, pid, process_start)
             VALUES ('import', 'gone.csv', 'lisi', '2026-11-27T01:30:00Z', ?1, ?2, 'not-running')",
            rusqlite::params![host, std::process::id()],
        )
        .unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = verify(&db, 6).output().unwrap();
    holder.execute_batch("COMMIT").unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the database is being written by another user; waiting"),
        "{err}"
    );
    // The holder (this test's process, asleep in `output`) did nothing: named, and given up on.
    assert!(
        err.contains("locked for more than 10 seconds by")
            && err.contains(&format!("(pid {}, user ", std::process::id()))
            && err.contains("which did nothing meanwhile"),
        "{err}"
    );
    assert!(!err.contains("gone.csv"), "{err}");
}

#[test]
fn acts_during_a_real_import_all_commit_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let first = batch(dir.path(), "first.csv", 1, 30);
    certdesk(&db).arg("import").arg(&first).assert().success();
    let big = batch(dir.path(), "big.csv", 1_000, 8_000);
    let before = events(&db);

    let mut import = Command::new(assert_cmd::cargo::cargo_bin("certdesk"))
        .env_remove("CERTDESK_DB")
        .arg("--db")
        .arg(&db)
        .args(["--today", TODAY, "import"])
        .arg(&big)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Commitment grants are the bodies n with n % 3 == 0: one verification each, started
    // while the import checks and while it writes.
    let mut acts = Vec::new();
    for n in (3..=30).step_by(3) {
        acts.push((n, verify(&db, n).spawn().unwrap()));
        std::thread::sleep(Duration::from_millis(300));
    }
    for (n, mut act) in acts {
        let status = act.wait().unwrap();
        let mut err = String::new();
        act.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        assert!(status.success(), "act on body {n}: {status}: {err}");
    }
    let status = import.wait().unwrap();
    let mut err = String::new();
    import
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{err}");
    // Every act and every row counted: 10 verifications, 8,000 grants and the file's event.
    assert_eq!(events(&db), before + 10 + 8_000 + 1);
    let c = rusqlite::Connection::open(&db).unwrap();
    let notices: i64 = c
        .query_row("SELECT count(*) FROM long_write", [], |r| r.get(0))
        .unwrap();
    assert_eq!(notices, 0, "the import's commit removed its notice");
    certdesk(&db).arg("check").assert().success();
}
