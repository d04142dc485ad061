//! Every act on an application (办件) through the command line, `certdesk application ACT`:
//! receive, request-materials, accept, pause, resume, grant, refuse, withdraw — what each prints
//! and stores, and the refusals (exit 3), conflicts (exit 4) and usage errors (exit 2) that
//! write nothing.

mod common;

use common::*;
use std::path::Path;

fn new_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("a.db");
    certdesk(&db).arg("init").assert().success();
    db
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Receive an application of body `n` by `route` on `date`; its id as printed.
fn receive(db: &Path, n: u32, route: &str, date: &str) -> String {
    let out = certdesk(db)
        .args(["application", "receive", "--uscc", &uscc(n)])
        .args(["--name", &format!("北京第{n}检测有限公司"), "--kind", "cma"])
        .args(["--route", route, "--scope", "食品检测;环境监测"])
        .args(["--date", date, "--reason", "申请资质认定"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    assert!(id.parse::<i64>().is_ok(), "receive prints the id: {id:?}");
    id
}

/// `certdesk application ACT --id ID --date DATE EXTRA…`
fn act(db: &Path, act: &str, id: &str, date: &str, extra: &[&str]) -> std::process::Output {
    certdesk(db)
        .args(["application", act, "--id", id, "--date", date])
        .args(extra)
        .output()
        .unwrap()
}

fn events(db: &Path) -> usize {
    let out = certdesk(db)
        .args(["export", "events", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().map(Vec::len).unwrap_or_default()
}

#[test]
fn an_application_from_receipt_through_a_paused_clock_to_its_grant() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let id = receive(&db, 1, "optimized", "2026-11-02");
    let out = act(
        &db,
        "request-materials",
        &id,
        "2026-11-04",
        &["--reason", "营业执照副本"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        format!("application {id}: materials_requested (version 2)")
    );
    let out = act(
        &db,
        "accept",
        &id,
        "2026-11-09",
        &["--doc-no", "京市监受〔2026〕1号"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // Optimized: 20 working days from Mon 9 Nov 2026.
    assert!(
        stdout(&out).contains("accepted (version 3, decision due 2026-12-07)"),
        "{}",
        stdout(&out)
    );
    let out = act(&db, "pause", &id, "2026-11-16", &["--reason", "专家评审"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("paused (version 4"),
        "{}",
        stdout(&out)
    );
    let out = act(&db, "resume", &id, "2026-11-23", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Five working days of expert review do not count (行政许可法 Art. 45).
    assert!(
        stdout(&out).contains("accepted (version 5, decision due 2026-12-14)"),
        "{}",
        stdout(&out)
    );
    let out = act(
        &db,
        "grant",
        &id,
        "2026-11-27",
        &[
            "--approval-no",
            &cma_no(1),
            "--authority",
            "北京市市场监督管理局",
            "--doc-no",
            "京市监认〔2026〕8号",
            "--basis",
            "检验检测机构资质认定管理办法第十条",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("granted (version 6"),
        "{}",
        stdout(&out)
    );
    let show = certdesk(&db).args(["show", &cma_no(1)]).output().unwrap();
    assert!(show.status.success(), "{}", stderr(&show));
    assert!(
        stdout(&show).contains("北京第1检测有限公司"),
        "{}",
        stdout(&show)
    );
    // Decided: no act is left.
    for a in ["accept", "pause", "resume", "grant", "refuse", "withdraw"] {
        let out = act(&db, a, &id, "2026-11-27", &[]);
        assert_eq!(out.status.code(), Some(3), "{a}: {}", stderr(&out));
        assert!(stderr(&out).contains("granted"), "{a}: {}", stderr(&out));
    }
    certdesk(&db).arg("check").assert().success();
}

#[test]
fn an_application_refused_and_one_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let refused = receive(&db, 2, "general", "2026-11-10");
    assert!(
        act(&db, "accept", &refused, "2026-11-11", &[])
            .status
            .success()
    );
    let out = act(
        &db,
        "refuse",
        &refused,
        "2026-11-26",
        &[
            "--basis",
            "检验检测机构资质认定管理办法第十一条",
            "--reason",
            "不具备检测能力",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(": refused (version 3"),
        "{}",
        stdout(&out)
    );
    let withdrawn = receive(&db, 3, "commitment", "2026-11-20");
    let out = act(
        &db,
        "withdraw",
        &withdrawn,
        "2026-11-24",
        &["--reason", "申请人书面撤回"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(": withdrawn (version 2"),
        "{}",
        stdout(&out)
    );
    // Neither became a qualification.
    let out = certdesk(&db)
        .args(["export", "qualifications", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim(), "[]");
    certdesk(&db).arg("check").assert().success();
}

#[test]
fn refusals_conflicts_and_usage_errors_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_db(dir.path());
    let id = receive(&db, 4, "optimized", "2026-11-20");
    let before = events(&db);
    // Grant before acceptance: refused with the way forward.
    let out = act(
        &db,
        "grant",
        &id,
        "2026-11-20",
        &["--approval-no", &cma_no(4)],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("accept it first"), "{}", stderr(&out));
    // Pause and resume need an accepted application.
    for a in ["pause", "resume"] {
        let out = act(&db, a, &id, "2026-11-20", &[]);
        assert_eq!(out.status.code(), Some(3), "{a}");
    }
    // A date after today, or before receipt.
    let out = act(&db, "accept", &id, "2026-11-28", &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("after today"), "{}", stderr(&out));
    let out = act(&db, "accept", &id, "2026-11-19", &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("before the application was received"));
    // Someone else's change first: a conflict.
    let out = act(&db, "accept", &id, "2026-11-23", &["--expect-version", "7"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    // Hostile text: a formula, a control character.
    let out = act(
        &db,
        "accept",
        &id,
        "2026-11-23",
        &["--doc-no", "=HYPERLINK(\"x\")"],
    );
    assert_eq!(out.status.code(), Some(3));
    let out = act(
        &db,
        "accept",
        &id,
        "2026-11-23",
        &["--reason", "ok\u{1b}[2Jbad"],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        !stderr(&out).contains('\u{1b}'),
        "the error is shown escaped"
    );
    // Unknown act, missing --id, unknown application, a bad date.
    let out = certdesk(&db)
        .args([
            "application",
            "approve",
            "--id",
            &id,
            "--date",
            "2026-11-23",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("request-materials"),
        "{}",
        stderr(&out)
    );
    let out = certdesk(&db)
        .args(["application", "accept", "--date", "2026-11-23"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--id"), "{}", stderr(&out));
    let out = act(&db, "accept", "999", "2026-11-23", &[]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("no application 999"),
        "{}",
        stderr(&out)
    );
    let out = act(&db, "accept", &id, "明天", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(events(&db), before, "nothing was written");
    // Receipt without what it needs.
    let out = certdesk(&db)
        .args(["application", "receive", "--uscc", "91110000600037341M"])
        .args(["--date", "2026-11-23"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = certdesk(&db)
        .args([
            "application",
            "receive",
            "--uscc",
            &uscc(5),
            "--date",
            "2026-11-23",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--name"), "{}", stderr(&out));
    assert_eq!(events(&db), before, "nothing was written");
}
