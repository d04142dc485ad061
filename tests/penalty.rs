//! The penalty case (行政处罚法), through the command line: each step recorded, and a decision
//! refused with exit 3 and the article while a step is missing or its clock has not run.

mod common;

use common::certdesk_on as on;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn register(dir: &Path) -> PathBuf {
    let db = dir.join("p.db");
    on(&db, "2026-08-01").arg("init").assert().success();
    on(&db, "2026-08-01")
        .arg("import")
        .arg(batch(dir, "b.csv", 1, 2))
        .assert()
        .success();
    db
}

const CASE: &str = "京市监罚立〔2026〕7号";

fn case(db: &Path, today: &str, args: &[&str]) -> std::process::Output {
    on(db, today).arg("case").args(args).output().unwrap()
}

fn decide(db: &Path, today: &str, date: &str) -> std::process::Output {
    case(
        db,
        today,
        &[
            "decide",
            CASE,
            "--act",
            "suspend",
            "--date",
            date,
            "--deadline",
            "2027-03-01",
            "--basis",
            "检验检测机构监督管理办法第二十五条",
            "--doc-no",
            "京市监罚〔2026〕12号",
        ],
    )
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn show(db: &Path, today: &str) -> Value {
    serde_json::from_slice(&case(db, today, &["show", CASE, "--format", "json"]).stdout).unwrap()
}

fn opened(dir: &Path) -> PathBuf {
    let db = register(dir);
    let out = case(
        &db,
        "2026-11-27",
        &[
            "open",
            "--approval",
            &cma_no(1),
            "--case-no",
            CASE,
            "--act",
            "suspend",
            "--date",
            "2026-10-20",
            "--officers",
            "张伟,王芳",
        ],
    );
    assert!(out.status.success(), "{}", err(&out));
    db
}

#[test]
fn a_case_is_opened_by_two_officers_and_decided_after_its_notice() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path());
    // One officer: Art. 42.
    let out = case(
        &db,
        "2026-11-27",
        &[
            "open",
            "--approval",
            &cma_no(1),
            "--case-no",
            CASE,
            "--act",
            "suspend",
            "--date",
            "2026-10-20",
            "--officers",
            "张伟,张伟",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("第四十二条"), "{}", err(&out));
    let out = case(
        &db,
        "2026-11-27",
        &[
            "open",
            "--approval",
            &cma_no(1),
            "--case-no",
            CASE,
            "--act",
            "suspend",
            "--date",
            "2026-10-20",
            "--officers",
            "张伟,王芳",
        ],
    );
    assert!(out.status.success(), "{}", err(&out));
    // No notice: Art. 44, 62; nothing written.
    let out = decide(&db, "2026-11-27", "2026-11-20");
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("第六十二条"), "{}", err(&out));
    assert_eq!(show(&db, "2026-11-27")["decided_on"], Value::Null);
    // Notice served Mon 2026-11-02: the request window runs to Mon 11-09.
    assert!(
        case(&db, "2026-11-27", &["notify", CASE, "--date", "2026-11-02"])
            .status
            .success()
    );
    assert_eq!(
        show(&db, "2026-11-27")["hearing_request_until"],
        "2026-11-09"
    );
    assert_eq!(show(&db, "2026-11-03")["next"], "case_hearing_window");
    // not_requested cannot be recorded inside the window (the day itself included) …
    let out = case(
        &db,
        "2026-11-27",
        &[
            "hearing",
            CASE,
            "--date",
            "2026-11-09",
            "--hearing",
            "not_requested",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("第六十四条"), "{}", err(&out));
    // … and without an answer the decision is refused.
    let out = decide(&db, "2026-11-27", "2026-11-20");
    assert_eq!(out.status.code(), Some(3));
    // not_applicable is no answer to a suspension (Art. 63).
    let out = case(
        &db,
        "2026-11-27",
        &[
            "hearing",
            CASE,
            "--date",
            "2026-11-10",
            "--hearing",
            "not_applicable",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("第六十三条"), "{}", err(&out));
    // The day after the window: recorded, and the decision follows.
    assert!(
        case(
            &db,
            "2026-11-27",
            &[
                "hearing",
                CASE,
                "--date",
                "2026-11-10",
                "--hearing",
                "not_requested"
            ]
        )
        .status
        .success()
    );
    let out = decide(&db, "2026-11-27", "2026-11-10");
    assert!(out.status.success(), "{}", err(&out));
    let c = show(&db, "2026-11-27");
    assert_eq!(c["decision"], "suspend");
    assert_eq!(c["next"], "case_service");
    // Served, closed; the approval is suspended; check replays every step.
    assert!(
        case(&db, "2026-11-27", &["serve", CASE, "--date", "2026-11-11"])
            .status
            .success()
    );
    assert!(
        case(&db, "2026-11-27", &["close", CASE, "--date", "2026-11-12"])
            .status
            .success()
    );
    let shown = on(&db, "2026-11-27")
        .args(["show", &cma_no(1)])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("suspended"));
    // Officers are named from the officer table where it knows them.
    on(&db, "2026-11-27")
        .args([
            "officer",
            "set",
            "zhang.wei",
            "--name",
            "张伟",
            "--cert-no",
            "11010023",
        ])
        .assert()
        .success();
    assert_eq!(
        show(&db, "2026-11-27")["officers_named"][0],
        "zhang.wei 张伟 (执法证 11010023)"
    );
    assert_eq!(show(&db, "2026-11-27")["officers_named"][1], "王芳");
    let out = on(&db, "2026-11-27").arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_requested_hearing_is_notified_seven_working_days_ahead_and_held_before_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    let db = opened(dir.path());
    assert!(
        case(&db, "2026-11-27", &["notify", CASE, "--date", "2026-11-02"])
            .status
            .success()
    );
    assert!(
        case(
            &db,
            "2026-11-27",
            &[
                "hearing",
                CASE,
                "--date",
                "2026-11-03",
                "--hearing",
                "requested"
            ]
        )
        .status
        .success()
    );
    // Notified Tue 11-03: the earliest day is Thu 11-12 (7 working days).
    let out = case(
        &db,
        "2026-11-27",
        &[
            "hearing",
            CASE,
            "--date",
            "2026-11-03",
            "--hearing-on",
            "2026-11-11",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("2026-11-12"), "{}", err(&out));
    assert!(
        case(
            &db,
            "2026-11-27",
            &[
                "hearing",
                CASE,
                "--date",
                "2026-11-03",
                "--hearing-on",
                "2026-11-12"
            ]
        )
        .status
        .success()
    );
    assert_eq!(show(&db, "2026-11-05")["next"], "case_hearing");
    // Requested, not held: Art. 64–65.
    let out = decide(&db, "2026-11-27", "2026-11-20");
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("第六十五条"), "{}", err(&out));
    assert!(
        case(
            &db,
            "2026-11-27",
            &[
                "hearing",
                CASE,
                "--date",
                "2026-11-12",
                "--hearing",
                "held:2026-11-12"
            ]
        )
        .status
        .success()
    );
    let out = decide(&db, "2026-11-27", "2026-11-20");
    assert!(out.status.success(), "{}", err(&out));
}

#[test]
fn the_ninety_day_limit_holds_unless_extended() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path());
    // Opened Mon 2026-08-10: 90 days end Sun 11-08 → Mon 11-09.
    assert!(
        case(
            &db,
            "2026-11-27",
            &[
                "open",
                "--approval",
                &cma_no(1),
                "--case-no",
                CASE,
                "--act",
                "suspend",
                "--date",
                "2026-08-10",
                "--officers",
                "张伟,王芳"
            ]
        )
        .status
        .success()
    );
    assert_eq!(show(&db, "2026-11-27")["decision_due"], "2026-11-09");
    assert!(
        case(&db, "2026-11-27", &["notify", CASE, "--date", "2026-10-20"])
            .status
            .success()
    );
    assert!(
        case(
            &db,
            "2026-11-27",
            &[
                "hearing",
                CASE,
                "--date",
                "2026-10-21",
                "--hearing",
                "waived"
            ]
        )
        .status
        .success()
    );
    let out = decide(&db, "2026-11-27", "2026-11-10");
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("第六十条"), "{}", err(&out));
    // An extension after the limit ran out is refused; one before it counts.
    let out = case(
        &db,
        "2026-11-27",
        &[
            "extend",
            CASE,
            "--date",
            "2026-11-10",
            "--days",
            "30",
            "--basis",
            "负责人批准",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        case(
            &db,
            "2026-11-27",
            &[
                "extend",
                CASE,
                "--date",
                "2026-11-09",
                "--days",
                "30",
                "--basis",
                "负责人批准"
            ]
        )
        .status
        .success()
    );
    let out = decide(&db, "2026-11-27", "2026-11-10");
    assert!(out.status.success(), "{}", err(&out));
}

#[test]
fn a_decision_without_a_case_is_checked_by_the_same_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path());
    let suspend = |extra: &[&str]| {
        on(&db, "2026-11-27")
            .args([
                "act",
                "suspend",
                "--approval",
                &cma_no(2),
                "--date",
                "2026-11-06",
            ])
            .args([
                "--deadline",
                "2027-03-01",
                "--basis",
                "检验检测机构监督管理办法第二十五条",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    // Notice on Mon 11-02, no waiver: Fri 11-06 is inside the window.
    let out = suspend(&[
        "--notice-served-on",
        "2026-11-02",
        "--hearing",
        "not_requested",
        "--officers",
        "张伟,王芳",
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("2026-11-09"), "{}", err(&out));
    let out = suspend(&[
        "--notice-served-on",
        "2026-11-02",
        "--hearing",
        "not_applicable",
        "--officers",
        "张伟,王芳",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let out = suspend(&["--notice-served-on", "2026-11-02", "--hearing", "waived"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("第四十二条"));
    let out = suspend(&[
        "--notice-served-on",
        "2026-11-02",
        "--hearing",
        "waived",
        "--officers",
        "张伟,王芳",
    ]);
    assert!(out.status.success(), "{}", err(&out));
}

#[test]
fn a_lead_is_verified_within_fifteen_working_days_then_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path());
    // Found Mon 2026-11-02: verified by the 15th working day after, Mon 11-23.
    let out = case(
        &db,
        "2026-11-05",
        &[
            "open",
            "--approval",
            &cma_no(1),
            "--case-no",
            CASE,
            "--act",
            "suspend",
            "--lead-on",
            "2026-11-02",
            "--officers",
            "张伟,王芳",
        ],
    );
    assert!(out.status.success(), "{}", err(&out));
    let c = show(&db, "2026-11-05");
    assert_eq!(
        (c["next"].as_str(), c["next_due"].as_str()),
        (Some("case_lead"), Some("2026-11-23"))
    );
    assert_eq!(c["opened_on"], Value::Null);
    let queue = on(&db, "2026-11-05")
        .args(["queue", "--format", "json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&queue.stdout).contains("case_lead"));
    // Nothing but 立案 (or closing it) happens to a lead.
    let out = case(&db, "2026-11-05", &["notify", CASE, "--date", "2026-11-05"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(err(&out).contains("立案"), "{}", err(&out));
    // Opened before the lead was found: refused; on a later day: the 90 days run from it.
    let out = case(
        &db,
        "2026-11-05",
        &["open", "--case-no", CASE, "--date", "2026-11-01"],
    );
    assert_eq!(out.status.code(), Some(3));
    let out = case(
        &db,
        "2026-11-05",
        &["open", "--case-no", CASE, "--date", "2026-11-04"],
    );
    assert!(out.status.success(), "{}", err(&out));
    let c = show(&db, "2026-11-05");
    assert_eq!(c["opened_on"], "2026-11-04");
    assert_eq!(c["next"], "case_limit");
    assert!(
        case(&db, "2026-11-05", &["notify", CASE, "--date", "2026-11-05"])
            .status
            .success()
    );
}
