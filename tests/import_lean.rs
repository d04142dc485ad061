//! Imports near the limit of their schema (issue 12, point 5): the grants an import writes
//! carry their made rows in the compact form `g1` (`store/events/compact.rs`); `check`
//! replays them to the very rows, and an event damaged in that form is caught.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sql(db: &Path, statements: &str) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(statements)
        .output()
        .expect("the sqlite3 tool (.ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A batch with what the compact form must give back exactly: quotes, a backslash and a comma
/// in the cells, a body with two approvals (the second row's body already exists), every
/// route (a commitment grant makes a verification follow-up), an empty optional cell.
fn imported(dir: &Path) -> PathBuf {
    let db = dir.join("lean.db");
    certdesk(&db).arg("init").assert().success();
    let header = "uscc,name,kind,approval_no,route,decided_on,valid_until,scope,region,authority,doc_no,risk_class,address,legal_rep";
    let rows = [
        format!(
            "{},\"北京\"\"泰尔\"\"\\检测有限公司\",cma,{},commitment,2024-03-05,2030-03-04,食品检测;环境监测,110000,北京市市场监督管理局,京市监认〔2024〕1号,B,\"北京市海淀区1号, 2层\",张静",
            uscc(1),
            cma_no(1)
        ),
        format!(
            "{},\"北京\"\"泰尔\"\"\\检测有限公司\",cma,{},general,2024-04-01,2030-03-31,机动车检验,110000,北京市市场监督管理局,京市监认〔2024〕2号,B,\"北京市海淀区1号, 2层\",张静",
            uscc(1),
            cma_no(2)
        ),
        format!(
            "{},北京安标认证有限公司,cb,CNCA-R-2022-001,optimized,2022-02-03,2028-02-02,信息安全管理体系认证,110000,国家市场监督管理总局,国市监认证〔2022〕4号,A,,",
            uscc(3)
        ),
    ];
    let file = write(dir, "lean.csv", &format!("{header}\n{}\n", rows.join("\n")));
    certdesk(&db).arg("import").arg(&file).assert().success();
    db
}

fn check(db: &Path) -> (i32, String) {
    let out = certdesk(db).arg("check").output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn the_grants_of_an_import_are_compact_and_check_replays_them_to_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(dir.path());
    assert_eq!(
        sql(&db, "SELECT count(*) FROM event WHERE act = 'grant'"),
        "3"
    );
    // Every made row of every grant in the compact form, under the prefix the risk signals
    // and the corrections look for.
    let compact_entries = sql(
        &db,
        "SELECT sum((length(changes) - length(replace(changes, '{\"g1\":', ''))) / 6) FROM event WHERE act = 'grant'",
    );
    // 2 bodies, 3 qualifications, 4 scope items, 1 verification follow-up.
    assert_eq!(compact_entries, "10");
    let follow_up = sql(&db, "SELECT id FROM follow_up");
    assert!(
        !sql(
            &db,
            &format!(
                "SELECT id FROM event WHERE changes LIKE '%[\"follow_up\",{follow_up},null,%'"
            )
        )
        .is_empty()
    );
    // The facts are not repeated: the approval number is in the event once.
    let changes = sql(
        &db,
        &format!(
            "SELECT changes FROM event WHERE approval_no = '{}'",
            cma_no(2)
        ),
    );
    assert!(!changes.contains(&cma_no(2)), "{changes}");
    let (code, out) = check(&db);
    assert_eq!(code, 0, "{out}");
    // Acts on the imported rows find their images (the annulment restores from them).
    let grant = sql(
        &db,
        &format!("SELECT id FROM event WHERE approval_no = '{}'", cma_no(1)),
    );
    certdesk(&db)
        .args(["act", "correct", "--event", &grant, "--field", "doc_no"])
        .args(["--value", "京市监认〔2024〕100号", "--reason", "文号笔误"])
        .args(["--basis", "负责人批准"])
        .assert()
        .success();
    certdesk(&db)
        .args(["act", "change-particulars", "--approval", &cma_no(1)])
        .args(["--date", "2026-11-20", "--address", "北京市朝阳区2号"])
        .args(["--basis", "认证认可条例第十条"])
        .assert()
        .success();
    let changed = sql(&db, "SELECT id FROM event WHERE act = 'change-particulars'");
    certdesk(&db)
        .args(["act", "annul", "--event", &changed, "--reason", "复议撤销"])
        .args(["--basis", "京政复〔2026〕3号"])
        .assert()
        .success();
    assert_eq!(
        sql(
            &db,
            &format!("SELECT address FROM body WHERE uscc = '{}'", uscc(1))
        ),
        "北京市海淀区1号, 2层"
    );
    let (code, out) = check(&db);
    assert_eq!(code, 0, "{out}");
    // A row changed behind the log is named with its column, as for full images.
    sql(
        &db,
        &format!(
            "UPDATE body SET legal_rep = '李四' WHERE uscc = '{}'",
            uscc(3)
        ),
    );
    let (code, out) = check(&db);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("legal_rep is 李四"), "{out}");
}

#[test]
fn a_damaged_compact_grant_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let base = imported(dir.path());
    let grant = sql(
        &base,
        &format!("SELECT id FROM event WHERE approval_no = '{}'", cma_no(1)),
    );
    for (damage, said) in [
        // A cell of the compact image changed: the event's hash, and the row against it.
        (
            "replace(changes, '张静', '王芳')",
            vec![
                "does not match its hash".to_string(),
                "legal_rep is 张静".into(),
            ],
        ),
        // A compact image that no longer follows from the event's facts.
        (
            "replace(changes, '{\"g1\":[]}', '{\"g1\":[7]}')",
            vec![
                "does not match its hash".to_string(),
                format!("event {grant}'s compact image of"),
            ],
        ),
        // A compact image moved to an event of another act.
        (
            "changes",
            vec![
                "does not match its hash".to_string(),
                format!("event {grant}'s compact image of"),
            ],
        ),
    ] {
        let db = dir.path().join("damaged.db");
        std::fs::copy(&base, &db).unwrap();
        let set_act = if damage == "changes" {
            ", act = 'renew'"
        } else {
            ""
        };
        sql(
            &db,
            &format!(
                "DROP TRIGGER event_append_only_update; UPDATE event SET changes = {damage}{set_act} WHERE id = {grant};"
            ),
        );
        let (code, out) = check(&db);
        assert_eq!(code, 1, "{damage}: {out}");
        for s in said {
            assert!(out.contains(&s), "{damage}: {s}: {out}");
        }
    }
}
