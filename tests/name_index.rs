//! The short-name index (`body_name_gram`, schema version 9, issue 12): a 1–2 character name
//! filter finds what `name LIKE '%…%'` finds after an import, a change of particulars, its
//! annulment and an upgrade; `check` names a damaged index and how to rebuild it.

mod common;

use certdesk::store::Store;
use certdesk::store::register::RegisterQuery;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn sql(db: &Path, statements: &str) {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(statements)
        .output()
        .expect("the sqlite3 tool");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn ok(db: &Path, args: &[&str]) -> Value {
    let out = certdesk(db)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The names the register shows for `text`, and the names `LIKE` finds, both sorted.
fn found_and_expected(db: &Path, text: &str) -> (Vec<String>, Vec<String>) {
    let store = Store::open(db, TODAY.parse().unwrap()).unwrap();
    let mut found: Vec<String> = store
        .register_all(&RegisterQuery {
            text: text.into(),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    found.sort();
    let mut expected: Vec<String> = store
        .conn()
        .prepare(
            "SELECT b.name FROM qualification q JOIN body b ON b.id = q.body_id
             WHERE b.name LIKE '%' || ?1 || '%' ORDER BY b.name",
        )
        .unwrap()
        .query_map([text], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    expected.sort();
    (found, expected)
}

fn names(db: &Path, text: &str) -> Vec<String> {
    let (found, expected) = found_and_expected(db, text);
    assert_eq!(
        found, expected,
        "{text:?}: the register finds what LIKE finds"
    );
    found
}

fn check(db: &Path) -> (Option<i32>, String) {
    let out = certdesk(db).arg("check").output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_short_name_index_follows_an_import_a_change_of_name_and_its_annulment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    certdesk(&db).arg("init").assert().success();
    let file = batch(dir.path(), "b.csv", 1, 3);
    certdesk(&db).arg("import").arg(&file).assert().success();
    assert_eq!(names(&db, "第").len(), 3);
    assert_eq!(names(&db, "2检"), ["北京第2检测有限公司"]);

    let changed = ok(
        &db,
        &[
            "act",
            "change-particulars",
            "--approval",
            &cma_no(2),
            "--name",
            "鑫淼认证中心",
            "--date",
            "2026-11-20",
            "--basis",
            "依据",
        ],
    );
    assert_eq!(names(&db, "淼"), ["鑫淼认证中心"]);
    assert_eq!(names(&db, "鑫淼"), ["鑫淼认证中心"]);
    assert!(
        names(&db, "2检").is_empty(),
        "the old name's entries are gone"
    );
    assert_eq!(check(&db).0, Some(0), "{}", check(&db).1);

    let event = changed["event_id"].as_i64().unwrap().to_string();
    ok(
        &db,
        &[
            "act",
            "annul",
            "--event",
            &event,
            "--reason",
            "复议决定撤销",
            "--basis",
            "决定书",
            "--date",
            "2026-11-26",
        ],
    );
    assert!(names(&db, "淼").is_empty());
    assert_eq!(names(&db, "2检"), ["北京第2检测有限公司"]);
    assert_eq!(check(&db).0, Some(0), "{}", check(&db).1);
}

#[test]
fn check_names_a_damaged_short_name_index_and_the_rebuild_it_names_mends_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    certdesk(&db).arg("init").assert().success();
    let file = batch(dir.path(), "b.csv", 1, 3);
    certdesk(&db).arg("import").arg(&file).assert().success();
    sql(
        &db,
        "DELETE FROM body_name_gram WHERE body_id = 2 AND gram = '2检'; INSERT INTO body_name_gram VALUES ('zz', 3);",
    );
    let (code, report) = check(&db);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains(
            "body row 2 is missing entries from the short-name index, so a 1–2 character name search cannot find it"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "the short-name index holds entries for body row 3 that its name does not have"
        ),
        "{report}"
    );
    let rebuild = "DELETE FROM body_name_gram; UPDATE body SET name = name";
    assert!(report.contains(rebuild), "{report}");
    sql(&db, rebuild);
    let (code, report) = check(&db);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(names(&db, "2检"), ["北京第2检测有限公司"]);
}

#[test]
fn an_upgrade_to_schema_9_fills_the_short_name_index_and_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v5.db");
    // Made by certdesk at schema 5: a 30-body demo (seed 5).
    std::fs::copy("tests/fixtures/v5-demo.db", &db).unwrap();
    certdesk(&db).arg("upgrade").assert().success();
    let (code, report) = check(&db);
    assert_eq!(code, Some(0), "{report}");
    for text in ["检", "测", "有限", "公司", "科技", "中"] {
        names(&db, text);
    }
    assert!(!names(&db, "检").is_empty(), "the demo's names hold 检");
}
