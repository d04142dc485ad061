//! The store's own refusals and failures in the commands' language: `--lang zh` says them in
//! Chinese, `--lang en` (and the C locale) in English, with the same exit codes, and nothing is
//! written.

mod common;

use common::*;
use std::path::{Path, PathBuf};

const CASE: &str = "京市监罚立〔2026〕7号";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `certdesk --lang LANG ARGS…` on `db`.
fn run(db: &Path, lang: &str, args: &[&str]) -> std::process::Output {
    certdesk(db)
        .args(["--lang", lang])
        .args(args)
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

/// A register of two bodies with a penalty case opened on the first one's approval.
fn with_case(dir: &Path) -> PathBuf {
    let db = dir.join("s.db");
    certdesk(&db).arg("init").assert().success();
    certdesk(&db)
        .arg("import")
        .arg(batch(dir, "b.csv", 1, 2))
        .assert()
        .success();
    certdesk(&db)
        .args(["case", "open", "--approval", &cma_no(1), "--case-no", CASE])
        .args(["--act", "suspend", "--date", "2026-10-20"])
        .args(["--officers", "张伟,王芳"])
        .assert()
        .success();
    db
}

#[test]
fn a_case_steps_refusal_comes_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_case(dir.path());
    let before = events(&db);
    // A hearing before the notice was served: refused by the store, naming the articles.
    let hearing = ["case", "hearing", CASE, "--date", "2026-11-02"];
    let out = run(
        &db,
        "zh",
        &[&hearing[..], &["--hearing", "waived"]].concat(),
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let zh = stderr(&out);
    assert!(
        zh.contains("请先送达行政处罚告知书（certdesk case notify）")
            && zh.contains("行政处罚法第四十四条、第六十四条"),
        "{zh}"
    );
    assert!(!zh.contains("serve the notice"), "{zh}");
    let out = run(
        &db,
        "en",
        &[&hearing[..], &["--hearing", "waived"]].concat(),
    );
    assert_eq!(out.status.code(), Some(3));
    let en = stderr(&out);
    assert!(
        en.contains("serve the notice of intended penalty first (certdesk case notify)")
            && en.contains("行政处罚法第四十四条、第六十四条"),
        "{en}"
    );
    // A second notice: the case's own fact, in each language.
    let notify = ["case", "notify", CASE, "--date", "2026-11-02"];
    assert!(run(&db, "en", &notify).status.success());
    let after_notice = events(&db);
    let out = run(&db, "zh", &notify);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("行政处罚告知书已于 2026-11-02 送达"),
        "{}",
        stderr(&out)
    );
    let out = run(&db, "en", &notify);
    assert!(
        stderr(&out).contains("the notice was served on 2026-11-02 already"),
        "{}",
        stderr(&out)
    );
    // A case that is not there: the store's not-found, in each language.
    let out = run(&db, "zh", &["case", "show", "京市监罚立〔2026〕99号"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("没有案号或编号为“京市监罚立〔2026〕99号”的行政处罚案件"),
        "{}",
        stderr(&out)
    );
    assert_eq!(events(&db), after_notice, "the refusals wrote nothing");
    assert_eq!(after_notice, before + 1, "only the notice was recorded");
}

#[test]
fn an_application_acts_refusal_comes_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    certdesk(&db).arg("init").assert().success();
    let out = certdesk(&db)
        .args(["application", "receive", "--uscc", &uscc(4)])
        .args(["--name", "北京第4检测有限公司", "--kind", "cma"])
        .args(["--route", "optimized", "--scope", "食品检测"])
        .args(["--date", "2026-11-20", "--reason", "申请资质认定"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let before = events(&db);
    // Accepted before it was received.
    let accept = ["application", "accept", "--id", &id, "--date", "2026-11-19"];
    let out = run(&db, "zh", &accept);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("日期 2026-11-19 早于办件的受理日期（2026-11-20）"),
        "{}",
        stderr(&out)
    );
    let out = run(&db, "en", &accept);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out)
            .contains("date 2026-11-19 is before the application was received (2026-11-20)"),
        "{}",
        stderr(&out)
    );
    // A grant with an approval number of the other kind of body.
    let accept = ["application", "accept", "--id", &id, "--date", "2026-11-23"];
    assert!(run(&db, "en", &accept).status.success());
    let grant = [
        "application",
        "grant",
        "--id",
        &id,
        "--date",
        "2026-11-24",
        "--approval-no",
        "CNCA-R-2026-777",
        "--authority",
        "北京市市场监督管理局",
        "--doc-no",
        "京市监认〔2026〕4号",
    ];
    let accepted = events(&db);
    let out = run(&db, "zh", &grant);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("CNCA-R-2026-777 不是检验检测机构的批准号"),
        "{}",
        stderr(&out)
    );
    let out = run(&db, "en", &grant);
    assert!(
        stderr(&out).contains("CNCA-R-2026-777 is not a cma approval number"),
        "{}",
        stderr(&out)
    );
    // An application that is not there; a conflict with someone else's change.
    let out = run(
        &db,
        "zh",
        &[
            "application",
            "pause",
            "--id",
            "999",
            "--date",
            "2026-11-24",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("没有编号为 999 的办件"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &db,
        "zh",
        &[
            "application",
            "pause",
            "--id",
            &id,
            "--date",
            "2026-11-24",
            "--expect-version",
            "1",
        ],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("修改了办件 {id}"))
            && stderr(&out).contains("未写入任何内容"),
        "{}",
        stderr(&out)
    );
    assert_eq!(events(&db), accepted, "the refusals wrote nothing");
    assert_eq!(accepted, before + 1, "only the acceptance was recorded");
}

#[test]
fn a_missing_database_and_an_unknown_approval_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let act = [
        "act",
        "suspend",
        "--approval",
        "CNCA-R-1999-999",
        "--date",
        "2026-11-20",
        "--deadline",
        "2027-01-01",
        "--basis",
        "认证认可条例第五十八条",
    ];
    let out = run(&missing, "zh", &act);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("处没有数据库——请用 `certdesk init"),
        "{}",
        stderr(&out)
    );
    let out = run(&missing, "en", &act);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no database at"), "{}", stderr(&out));
    assert!(!missing.exists(), "nothing was created");

    // The C locale without --lang speaks English, as scripts have always read it.
    let db = dir.path().join("r.db");
    certdesk(&db).arg("init").assert().success();
    let out = run(&db, "zh", &act);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("没有批准号为 CNCA-R-1999-999 的资质"),
        "{}",
        stderr(&out)
    );
    let out = certdesk(&db).args(act).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("no qualification with approval number CNCA-R-1999-999"),
        "{}",
        stderr(&out)
    );
    // A Chinese locale without --lang speaks Chinese.
    let out = certdesk(&db)
        .env("LANG", "zh_CN.UTF-8")
        .args(act)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("没有批准号为 CNCA-R-1999-999 的资质"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_foreign_file_is_refused_in_chinese_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let junk = write(dir.path(), "junk.db", "not a database\u{202e} at all");
    let bytes = std::fs::read(&junk).unwrap();
    let out = run(&junk, "zh", &["queue"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let zh = stderr(&out);
    assert!(
        zh.contains("不是 certdesk 数据库（不是 SQLite 文件）；未作任何改动"),
        "{zh}"
    );
    let out = run(&junk, "en", &["queue"]);
    assert!(
        stderr(&out)
            .contains("is not a certdesk database (not an SQLite file); it was left untouched"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&junk).unwrap(), bytes);
}
