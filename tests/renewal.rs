//! Renewal (延续), 行政许可法 Art. 50, through the command line: a renewal is an application of
//! its own; filed in time and undecided at the end date, the approval is renewed by law.

mod common;

use common::certdesk_on as on;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A database with one CMA approval (general route) ending on `until`, and one CB approval
/// CNCA-R-2024-001 ending on `cb_until`.
fn register(dir: &Path, until: &str, cb_until: &str) -> PathBuf {
    let db = dir.join("r.db");
    on(&db, "2026-11-01").arg("init").assert().success();
    let cb_uscc = uscc(900);
    let csv = format!(
        "{HEADER_EN}\n{},北京检测有限公司,cma,{},general,2021-03-05,{until},食品检测,110000,北京市市场监督管理局,京市监认〔2021〕1号,B\n\
         {cb_uscc},北京认证有限公司,cb,CNCA-R-2024-001,general,2020-12-01,{cb_until},QMS 质量管理体系认证,110000,国家认证认可监督管理委员会,国认监〔2020〕1号,B\n",
        uscc(1),
        cma_no(1)
    );
    let file = write(dir, "b.csv", &csv);
    on(&db, "2026-11-01")
        .arg("import")
        .arg(file)
        .assert()
        .success();
    db
}

fn act(db: &Path, today: &str, act: &str, approval: &str, date: &str) -> std::process::Output {
    on(db, today)
        .args(["act", act, "--approval", approval, "--date", date])
        .args([
            "--basis",
            "行政许可法第五十条",
            "--doc-no",
            "京市监延〔2026〕1号",
        ])
        .output()
        .unwrap()
}

fn qualification(db: &Path, today: &str, approval: &str) -> Value {
    let out = on(db, today)
        .args(["export", "qualifications", "--format", "json"])
        .output()
        .unwrap();
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .find(|q| q["approval_no"] == approval)
        .cloned()
        .unwrap()
}

fn queue_kinds(db: &Path, today: &str) -> Vec<String> {
    let out = on(db, today)
        .args(["queue", "--within", "400", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: Value = serde_json::from_slice(&out.stdout).unwrap();
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap().to_string())
        .collect()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_timely_renewal_undecided_at_the_end_date_is_renewed_by_law() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path(), "2027-03-31", "2030-01-01");
    let no = cma_no(1);
    // CMA lead time 3 months: filed on 2026-11-20 for an end on 2027-03-31 is in time.
    let out = act(&db, "2026-11-27", "file-renewal", &no, "2026-11-20");
    assert!(out.status.success(), "{}", stderr(&out));
    let q = qualification(&db, "2026-11-27", &no);
    assert_eq!(q["status"], "renewal_pending");
    assert_eq!(q["renewal_late"], false);
    assert!(queue_kinds(&db, "2026-11-27").contains(&"renewal_decision".to_string()));

    // The day after the end date: in force for a new period, nothing to decide.
    let q = qualification(&db, "2027-04-01", &no);
    assert_eq!(q["status"], "active");
    assert_eq!(q["deemed_renewal"], true);
    assert_eq!(q["valid_until"], "2033-03-31");
    assert_eq!(q["approval_valid_until"], "2027-03-31");
    let kinds = queue_kinds(&db, "2027-04-01");
    assert!(
        !kinds
            .iter()
            .any(|k| k == "renewal_decision" || k == "expired"),
        "{kinds:?}"
    );

    // It can no longer be refused (exit 3, naming Art. 50) …
    let out = act(&db, "2027-04-01", "refuse-renewal", &no, "2027-04-01");
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("第五十条"), "{}", stderr(&out));
    // … but a refusal decided on the end date itself, recorded later, stands.
    let shown = on(&db, "2027-04-01").args(["show", &no]).output().unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("视为准予延续"));
    // The certificate of the renewal is recorded with `renew`.
    let out = act(&db, "2027-04-02", "renew", &no, "2027-04-02");
    assert!(out.status.success(), "{}", stderr(&out));
    let q = qualification(&db, "2027-04-02", &no);
    assert_eq!(
        (q["status"].as_str(), q["deemed_renewal"].as_bool()),
        (Some("active"), Some(false))
    );
    assert_eq!(q["valid_until"], "2033-03-31");
}

#[test]
fn a_refusal_before_the_end_date_stands_and_on_it_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path(), "2027-03-31", "2030-01-01");
    let no = cma_no(1);
    assert!(
        act(&db, "2026-11-27", "file-renewal", &no, "2026-11-20")
            .status
            .success()
    );
    // Recorded after the end date, decided on it: allowed.
    let out = act(&db, "2027-04-03", "refuse-renewal", &no, "2027-03-31");
    assert!(out.status.success(), "{}", stderr(&out));
    let q = qualification(&db, "2027-04-03", &no);
    assert_eq!(q["status"], "expired");
    assert_eq!(q["deemed_renewal"], false);
}

#[test]
fn a_late_filing_is_received_flagged_and_not_protected() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path(), "2027-01-31", "2030-01-01");
    let no = cma_no(1);
    // Less than 3 months before the end: late.
    let out = act(&db, "2026-11-27", "file-renewal", &no, "2026-11-20");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(qualification(&db, "2026-11-27", &no)["renewal_late"], true);
    let q = qualification(&db, "2027-02-01", &no);
    assert_eq!(q["status"], "expired");
    assert_eq!(q["deemed_renewal"], false);
    assert!(queue_kinds(&db, "2027-02-01").contains(&"expired".to_string()));
    // Decided before the end, the late renewal can still be granted.
    let out = act(&db, "2027-01-20", "renew", &no, "2027-01-20");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(qualification(&db, "2027-02-01", &no)["status"], "active");
}

#[test]
fn the_lead_time_follows_the_kind_of_body() {
    let dir = tempfile::tempdir().unwrap();
    // CB: 30 days. Filed 2026-11-27 for an end on 2026-12-31: in time (due 2026-12-01).
    let db = register(dir.path(), "2027-01-10", "2026-12-31");
    let out = act(
        &db,
        "2026-11-27",
        "file-renewal",
        "CNCA-R-2024-001",
        "2026-11-27",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        qualification(&db, "2026-11-27", "CNCA-R-2024-001")["renewal_late"],
        false
    );
    // CMA: 3 months. The same day for an end on 2027-01-10: late.
    assert!(
        act(&db, "2026-11-27", "file-renewal", &cma_no(1), "2026-11-27")
            .status
            .success()
    );
    assert_eq!(
        qualification(&db, "2026-11-27", &cma_no(1))["renewal_late"],
        true
    );
    // The day after the end, the CB approval is renewed by law.
    let q = qualification(&db, "2027-01-01", "CNCA-R-2024-001");
    assert_eq!(
        (q["status"].as_str(), q["deemed_renewal"].as_bool()),
        (Some("active"), Some(true))
    );
}

#[test]
fn a_suspension_neither_erases_nor_blocks_the_renewal() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path(), "2027-03-31", "2030-01-01");
    let no = cma_no(1);
    assert!(
        act(&db, "2026-11-27", "file-renewal", &no, "2026-11-02")
            .status
            .success()
    );
    let out = on(&db, "2026-11-27")
        .args(["act", "suspend", "--approval", &no, "--date", "2026-11-20"])
        .args([
            "--basis",
            "检验检测机构监督管理办法第二十五条",
            "--deadline",
            "2027-05-20",
        ])
        .args([
            "--notice-served-on",
            "2026-11-05",
            "--hearing",
            "waived",
            "--officers",
            "张伟,王芳",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Suspended at the end date: renewed by law, still suspended.
    let q = qualification(&db, "2027-04-01", &no);
    assert_eq!(
        (q["status"].as_str(), q["deemed_renewal"].as_bool()),
        (Some("suspended"), Some(true))
    );
    // Lifted: the renewal is still there, and can be decided.
    let out = act(&db, "2026-11-27", "lift", &no, "2026-11-26");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        qualification(&db, "2026-11-27", &no)["status"],
        "renewal_pending"
    );
    let out = act(&db, "2026-11-27", "renew", &no, "2026-11-27");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        qualification(&db, "2026-11-27", &no)["valid_until"],
        "2033-03-31"
    );
}

#[test]
fn a_verification_is_recorded_while_a_renewal_is_pending() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    on(&db, "2026-11-01").arg("init").assert().success();
    let csv = format!(
        "{HEADER_EN}\n{},北京检测有限公司,cma,{},commitment,2026-10-05,2027-01-20,食品检测,110000,北京市市场监督管理局,京市监认〔2026〕1号,B\n",
        uscc(1),
        cma_no(1)
    );
    on(&db, "2026-11-01")
        .arg("import")
        .arg(write(dir.path(), "c.csv", &csv))
        .assert()
        .success();
    let no = cma_no(1);
    assert!(
        act(&db, "2026-11-27", "file-renewal", &no, "2026-11-20")
            .status
            .success()
    );
    assert_eq!(
        qualification(&db, "2026-11-27", &no)["status"],
        "pending_verification"
    );
    let out = on(&db, "2026-11-27")
        .args([
            "act",
            "verify",
            "--approval",
            &no,
            "--date",
            "2026-11-25",
            "--result",
            "conforming",
        ])
        .args(["--basis", "检验检测机构资质认定管理办法第十五条"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        qualification(&db, "2026-11-27", &no)["status"],
        "renewal_pending"
    );
}

#[test]
fn a_database_of_schema_version_2_keeps_its_renewals_as_applications() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v2.db");
    std::fs::copy("tests/fixtures/v2-demo.db", &db).unwrap();
    let out = on(&db, "2026-11-16").arg("upgrade").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("from schema version 2 to 9"));
    let out = on(&db, "2026-11-16").arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let all: Value = serde_json::from_slice(
        &on(&db, "2026-11-16")
            .args(["export", "qualifications", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let all = all.as_array().unwrap();
    assert!(all.iter().all(|q| q["stored_status"] != "renewal_pending"));
    // The four approvals the demo left renewal_pending: three before their end date, one
    // (201105022801, ended 2026-04-08, filed in time) renewed by law.
    let pending: Vec<&Value> = all
        .iter()
        .filter(|q| !q["renewal_late"].is_null())
        .collect();
    assert_eq!(pending.len(), 4, "{pending:?}");
    let past = all
        .iter()
        .find(|q| q["approval_no"] == "201105022801")
        .unwrap();
    assert_eq!(past["deemed_renewal"], true);
    assert_eq!(past["valid_until"], "2032-04-08");
    // The rebuilt tables take what schema 3 allows: a hearing held, a penalty case.
    let out = on(&db, "2026-11-16")
        .args([
            "act",
            "suspend",
            "--approval",
            "215105977455",
            "--date",
            "2026-11-16",
        ])
        .args([
            "--deadline",
            "2027-02-01",
            "--basis",
            "检验检测机构监督管理办法第二十五条",
        ])
        .args([
            "--notice-served-on",
            "2026-10-20",
            "--hearing",
            "held:2026-11-05",
        ])
        .args(["--officers", "张伟,王芳"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = on(&db, "2026-11-16")
        .args([
            "case",
            "open",
            "--approval",
            "213700262875",
            "--case-no",
            "鲁市监罚立〔2026〕1号",
        ])
        .args([
            "--act",
            "revoke-penalty",
            "--date",
            "2026-11-10",
            "--officers",
            "张伟,王芳",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = on(&db, "2026-11-16").arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
