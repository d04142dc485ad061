//! `certdesk export` with the filters of the screens (`--status`, `--kind`, `--region`,
//! `--route`, `--since`, `--until`) and `--labels zh|en|codes`, over the screens' fixture
//! register; bad flag values refused (exit 2) naming the flag and the values allowed, in
//! Chinese and English.

mod common;

use std::path::{Path, PathBuf};

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fixture.db");
    drop(certdesk::tui::fixture::build(&db));
    (dir, db)
}

fn run(db: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    common::certdesk(db).args(args).assert()
}

fn csv_rows(out: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(out).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn json(out: &[u8]) -> Vec<serde_json::Value> {
    serde_json::from_slice(out).unwrap()
}

#[test]
fn qualifications_by_status_in_chinese_words() {
    let (_dir, db) = fixture();
    let out = run(
        &db,
        &[
            "export",
            "qualifications",
            "--status",
            "suspended",
            "--labels",
            "zh",
        ],
    )
    .success();
    let rows = csv_rows(&out.get_output().stdout);
    assert_eq!(rows[0][0], "批准号");
    assert_eq!(rows[0][3], "类型");
    assert_eq!(rows[0][5], "状态");
    assert_eq!(rows.len(), 2, "one suspended qualification: {rows:?}");
    assert_eq!(rows[1][0], "CNCA-R-2019-077");
    assert_eq!(rows[1][3], "认证机构");
    assert_eq!(rows[1][5], "停业整顿");
    // Codes stay the default.
    let out = run(&db, &["export", "qualifications", "--status", "停业整顿"]).success();
    let rows = csv_rows(&out.get_output().stdout);
    assert_eq!(rows[0][0], "approval_no");
    assert_eq!(rows[1][5], "suspended");
}

#[test]
fn qualifications_by_region_route_kind_and_decision_dates() {
    let (_dir, db) = fixture();
    let approvals = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["export", "qualifications", "--format", "json"];
        all.extend_from_slice(args);
        let out = run(&db, &all).success();
        json(&out.get_output().stdout)
            .iter()
            .map(|q| q["approval_no"].as_str().unwrap().to_string())
            .collect()
    };
    let everything = approvals(&[]);
    assert_eq!(everything.len(), 12);
    let beijing_general = approvals(&["--region", "11", "--route", "general"]);
    assert_eq!(beijing_general, ["CNCA-R-2002-001", "CNCA-R-2002-002"]);
    let cma = approvals(&["--kind", "cma"]);
    assert!(
        !cma.is_empty() && cma.iter().all(|a| a.len() == 12),
        "{cma:?}"
    );
    let in_2026 = approvals(&["--since", "2026-01-01", "--until", "2026-12-31"]);
    assert!(in_2026.contains(&"CNCA-R-2026-118".to_string()));
    assert!(!in_2026.contains(&"CNCA-R-2002-001".to_string()));
    // JSON keeps its keys; --labels gives the values in words.
    let out = run(
        &db,
        &[
            "export",
            "qualifications",
            "--format",
            "json",
            "--labels",
            "en",
            "--status",
            "suspended",
        ],
    )
    .success();
    let v = json(&out.get_output().stdout);
    assert_eq!(v[0]["kind"], "certification body");
    assert_eq!(v[0]["route"], "general");
    assert_eq!(
        v[0]["version"],
        serde_json::json!(v[0]["version"].as_i64().unwrap())
    );
}

#[test]
fn the_queue_and_the_events_take_their_filters() {
    let (_dir, db) = fixture();
    let out = run(
        &db,
        &["export", "queue", "--kind", "expired", "--labels", "zh"],
    )
    .success();
    let rows = csv_rows(&out.get_output().stdout);
    assert_eq!(rows[0][3], "事项");
    assert!(rows.len() > 1);
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[3] == "已过期未延续" || r[3].contains("过期")),
        "{rows:?}"
    );
    let out = run(
        &db,
        &["export", "queue", "--region", "44", "--format", "json"],
    )
    .success();
    let items = json(&out.get_output().stdout);
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|i| i["region"].as_str().unwrap().starts_with("44"))
    );
    let out = run(
        &db,
        &["export", "events", "--kind", "suspend", "--format", "json"],
    )
    .success();
    let events = json(&out.get_output().stdout);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["approval_no"], "CNCA-R-2019-077");
    // An act by its Chinese name; a region through the body the event names.
    let out = run(
        &db,
        &[
            "export",
            "events",
            "--kind",
            "责令停业整顿",
            "--region",
            "33",
        ],
    )
    .success();
    assert_eq!(csv_rows(&out.get_output().stdout).len(), 2);
    let out = run(
        &db,
        &["export", "events", "--kind", "suspend", "--region", "11"],
    )
    .success();
    assert_eq!(
        csv_rows(&out.get_output().stdout).len(),
        0,
        "no header without rows"
    );
}

#[test]
fn bad_values_name_the_flag_and_the_values_allowed_in_both_languages() {
    let (_dir, db) = fixture();
    let refused = |args: &[&str], lang: &str, wanted: &[&str]| {
        let mut all = vec!["--lang", lang, "export"];
        all.extend_from_slice(args);
        let out = run(&db, &all).code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        for w in wanted {
            assert!(err.contains(w), "{args:?} {lang}: {w:?} not in {err}");
        }
        assert!(out.get_output().stdout.is_empty());
    };
    refused(
        &["qualifications", "--status", "sleeping"],
        "en",
        &[
            "--status",
            "'sleeping' is not allowed",
            "suspended",
            "revoked_penalty",
        ],
    );
    refused(
        &["qualifications", "--status", "sleeping"],
        "zh",
        &["--status", "不是可用的值", "suspended"],
    );
    refused(
        &["bodies", "--labels", "fr"],
        "en",
        &["--labels", "zh, en, codes"],
    );
    refused(
        &["bodies", "--labels", "fr"],
        "zh",
        &["--labels", "可用：zh, en, codes"],
    );
    refused(
        &["bodies", "--route", "general"],
        "en",
        &[
            "--route does not apply to exporting bodies",
            "qualifications",
        ],
    );
    refused(
        &["bodies", "--route", "general"],
        "zh",
        &["--route 不适用于导出 bodies"],
    );
    refused(
        &["queue", "--since", "2026-13-01"],
        "en",
        &["--since", "not a date"],
    );
    refused(
        &["queue", "--until", "明天"],
        "zh",
        &["--until", "不是日期"],
    );
    refused(
        &["events", "--since", "2026-12-01", "--until", "2026-11-01"],
        "en",
        &["swap"],
    );
    refused(
        &["qualifications", "--kind", "lab"],
        "en",
        &["--kind", "cb, cma"],
    );
    refused(&["events", "--kind", "nap"], "zh", &["--kind", "suspend"]);
    refused(&["queue", "--kind", "nap"], "en", &["--kind"]);
    refused(&["queue", "--region", "4x"], "en", &["--region"]);
    // A hostile value is shown without its control characters.
    let out = run(&db, &["export", "qualifications", "--route", "\u{1b}[2Jx"]).code(2);
    assert!(!out.get_output().stderr.contains(&0x1b));
}

#[test]
fn a_filtered_export_to_a_file_never_replaces_one() {
    let (dir, db) = fixture();
    let file = dir.path().join("停业整顿.csv");
    std::fs::write(&file, "mine").unwrap();
    let path = file.to_string_lossy().into_owned();
    run(
        &db,
        &[
            "export",
            "qualifications",
            "--status",
            "suspended",
            "--labels",
            "zh",
            "--bom",
            "--out",
            &path,
        ],
    )
    .code(2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    std::fs::remove_file(&file).unwrap();
    run(
        &db,
        &[
            "export",
            "qualifications",
            "--status",
            "suspended",
            "--labels",
            "zh",
            "--bom",
            "--out",
            &path,
        ],
    )
    .success();
    let rows = csv_rows(&std::fs::read(&file).unwrap());
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][5], "停业整顿");
}
