//! Pipes and partial input (issue 9, point 5): a closed standard output ends any command
//! quietly with 141 (as SIGPIPE ends `cat`), or 0 when all it had fitted in the pipe; a file
//! that cannot be read under --skip-invalid is rejected and the exit code says so.

mod common;

use common::*;
use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_every_printing_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    certdesk(&db)
        .args(["demo", "--bodies", "60"])
        .assert()
        .success();
    let approval: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT approval_no FROM qualification ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let batch_file = batch(dir.path(), "p.csv", 90_000, 400);
    let batch_file = batch_file.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["show", &approval],
        &["show", &approval, "--format", "json"],
        &["import", batch_file, "--dry-run", "--report", "json"],
        &["doctor"],
        &["help"],
        &["export", "events"],
        &["export", "events", "--format", "json"],
        &["export", "qualifications"],
        &["export", "qualifications", "--format", "json"],
        &["export", "bodies"],
        &["export", "queue", "--format", "json"],
        &["queue", "--within", "3000"],
        &["queue", "--within", "3000", "--format", "json"],
        &["check"],
        &["check", "--format", "json"],
        &["calendar", "show"],
        &["settings", "show"],
        &["officer", "list"],
        &["--help"],
        &["act", "--help"],
        &["case", "--help"],
    ];
    let mut closed = 0;
    for args in commands {
        let (mut out, pipe) = small_pipe();
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("certdesk"))
            .env_remove("CERTDESK_DB")
            .arg("--db")
            .arg(&db)
            .args(["--today", TODAY])
            .args(*args)
            .stdout(pipe)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        let _ = out.read(&mut first);
        drop(out); // the reader goes away, as `| head -c 16` does
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        let code = status.code();
        assert!(
            code == Some(141) || code == Some(0),
            "{args:?}: exit {code:?}, stderr {err}"
        );
        assert!(err.is_empty(), "{args:?} said: {err}");
        closed += usize::from(code == Some(141));
    }
    // The outputs larger than the pipe did meet it closed (the rest fitted in it).
    assert!(closed >= 4, "{closed} commands saw the pipe close");
}

#[test]
fn an_unreadable_file_under_skip_invalid_is_rejected_and_the_exit_code_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.db");
    certdesk(&db).arg("init").assert().success();
    let good = batch(dir.path(), "good.csv", 1, 2);
    let unreadable = dir.path().join("a-folder.csv");
    std::fs::create_dir(&unreadable).unwrap(); // reading it fails, whoever runs the test
    let rejects = dir.path().join("r.csv");
    let out = certdesk(&db)
        .arg("import")
        .arg(&good)
        .arg(&unreadable)
        .args(["--skip-invalid", "--rejects"])
        .arg(&rejects)
        .args(["--report", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["written"], 2, "{r}");
    assert_eq!(r["unreadable"][0], unreadable.display().to_string(), "{r}");
    assert_eq!(r["errors"][0]["row"], 0);
    let out = certdesk(&db)
        .arg("import")
        .arg(batch(dir.path(), "more.csv", 3, 1))
        .arg(dir.path().join("missing.csv"))
        .args(["--skip-invalid"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not be read at all"), "{err}");
    assert!(err.contains("missing.csv"), "{err}");
}
