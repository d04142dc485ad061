//! Reports by period through the command line (`certdesk report`): "overdue at each month end"
//! counts every kind of clock as it stood that day, against a register built by hand with, for
//! each kind, one clock overdue at the month end, one done before it and one due after it.

mod common;
mod tui_common;

use common::certdesk_on as on;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-11-27";

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    run_on(db, TODAY, args)
}

/// `certdesk ARGS` with `today` as the day it runs.
fn run_on(db: &Path, today: &str, args: &[&str]) -> std::process::Output {
    let out = on(db, today).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_slice(&run(db, args).stdout).unwrap()
}

/// Body `n` (a CMA body) with its approval by `route`, granted on `decided`, ending on `until`.
fn line(n: u32, route: &str, decided: &str, until: &str) -> String {
    format!(
        "{},北京第{n}检测有限公司,cma,{},{route},{decided},{until},食品检测,110105,北京市市场监督管理局,京市监认〔2024〕{n}号,B",
        uscc(n),
        cma_no(n)
    )
}

/// The register of the test, as of 2026-11-27:
/// - verifications: 1 due 10-10 never done (overdue at 10-31), 2 due 10-05 done 10-20,
///   3 due 11-15;
/// - approvals' ends: 4 ended 10-15 with no renewal (expired at 10-31; its filing lead passed
///   07-15, overdue at 09-30), 5 ended 10-15 with a renewal filed in time (06-01), 6 ends 2027;
/// - applications: one received 10-20 and accepted only 11-05 (its materials window passed
///   10-27: overdue at 10-31), one accepted and granted before 10-31, one received 10-28;
/// - cases: one opened 07-01 and never decided (the 90 days ran out 09-29), one a lead found
///   10-01 and opened 10-10 (its lead clock met), one opened 10-20 (due 2027).
fn register(dir: &Path) -> PathBuf {
    let db = dir.join("r.db");
    on(&db, TODAY).arg("init").assert().success();
    let rows = [
        line(1, "commitment", "2026-07-10", "2032-07-09"),
        line(2, "commitment", "2026-07-05", "2032-07-04"),
        line(3, "commitment", "2026-08-15", "2032-08-14"),
        line(4, "general", "2020-10-16", "2026-10-15"),
        line(5, "general", "2020-10-16", "2026-10-15"),
        line(6, "general", "2021-12-31", "2027-12-30"),
        line(7, "general", "2024-03-05", "2030-03-04"),
        line(8, "general", "2024-03-05", "2030-03-04"),
    ];
    let csv = write(dir, "r.csv", &format!("{HEADER_EN}\n{}\n", rows.join("\n")));
    run(&db, &["import", csv.to_str().unwrap()]);
    let (basis, doc) = (
        "--basis=市场监管总局公告2022年第28号",
        "--doc-no=核〔2026〕1号",
    );
    run(
        &db,
        &[
            "act",
            "verify",
            "--approval",
            &cma_no(2),
            "--date",
            "2026-10-20",
            "--result",
            "conforming",
            basis,
            doc,
        ],
    );
    // Filed on the day itself, before the end (the act is checked as of its day).
    run_on(
        &db,
        "2026-06-01",
        &[
            "act",
            "file-renewal",
            "--approval",
            &cma_no(5),
            "--date",
            "2026-06-01",
            "--basis=行政许可法第五十条",
        ],
    );
    let receive = |n: u32, route: &str, date: &str| -> String {
        let out = run(
            &db,
            &[
                "application",
                "receive",
                "--uscc",
                &uscc(100 + n),
                "--name",
                &format!("北京第{n}号申请检测有限公司"),
                "--kind",
                "cma",
                "--route",
                route,
                "--scope",
                "食品检测",
                "--date",
                date,
                "--reason",
                "申请资质认定",
            ],
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let app = |act: &str, id: &str, date: &str, extra: &[&str]| {
        let mut args = vec!["application", act, "--id", id, "--date", date];
        args.extend(extra);
        run(&db, &args);
    };
    let late = receive(1, "optimized", "2026-10-20");
    app("accept", &late, "2026-11-05", &[]);
    let decided = receive(2, "general", "2026-09-01");
    app("accept", &decided, "2026-09-02", &[]);
    app(
        "grant",
        &decided,
        "2026-10-10",
        &[
            "--approval-no",
            "110000000902",
            "--valid-until",
            "2032-10-09",
            "--doc-no",
            "京市监认〔2026〕9号",
            "--authority",
            "北京市市场监督管理局",
            "--basis",
            "检验检测机构资质认定管理办法",
        ],
    );
    receive(3, "optimized", "2026-10-28");
    let case = |n: u32, no: &str, when: &[&str]| {
        let approval = cma_no(n);
        let mut args = vec![
            "case",
            "open",
            "--approval",
            &approval,
            "--case-no",
            no,
            "--act",
            "suspend",
            "--officers",
            "张伟,王芳",
        ];
        args.extend(when);
        run(&db, &args);
    };
    case(6, "京市监罚立〔2026〕1号", &["--date", "2026-07-01"]);
    case(7, "京市监罚立〔2026〕2号", &["--lead-on", "2026-10-01"]);
    run(
        &db,
        &[
            "case",
            "open",
            "--case-no",
            "京市监罚立〔2026〕2号",
            "--date",
            "2026-10-10",
        ],
    );
    case(8, "京市监罚立〔2026〕3号", &["--date", "2026-10-20"]);
    db
}

fn overdue_at(report: &Value) -> Vec<(String, i64)> {
    report["overdue_at"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().to_string(),
                x["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn overdue_at_each_month_end_counts_every_kind_of_clock_as_it_stood_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path());
    let r = json(
        &db,
        &[
            "report",
            "--from",
            "2026-09-01",
            "--to",
            TODAY,
            "--format",
            "json",
        ],
    );
    let at = overdue_at(&r);
    assert_eq!(at[0], ("2026-09-30".to_string(), 2), "{r:#}");
    assert_eq!(at[1], ("2026-10-31".to_string(), 4), "{r:#}");
    // At the end of today: what the queue shows overdue now, item for item.
    let queue = json(&db, &["queue", "--within", "0", "--format", "json"]);
    let overdue_now = queue
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["overdue"] == true)
        .count() as i64;
    assert_eq!(at[2], (TODAY.to_string(), overdue_now), "{queue:#}");

    // The list behind October's bar names each clock.
    let october = json(
        &db,
        &[
            "report", "--period", "month", "--at", "2026-10", "--format", "json",
        ],
    );
    assert_eq!(overdue_at(&october), [("2026-10-31".to_string(), 4)]);
    let store = certdesk::store::Store::open_read_only(&db, "2026-11-27".parse().unwrap()).unwrap();
    let month = certdesk::domain::period::Period::at(
        certdesk::domain::period::PeriodKind::Month,
        "2026-10",
    )
    .unwrap();
    let rows = store
        .bar_rows(
            &month,
            None,
            &certdesk::store::reports::Bar::OverdueAt("2026-10-31".into()),
        )
        .unwrap();
    let listed: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.what.as_str(),
                r.date.as_str(),
                r.approval_no.as_deref().unwrap_or(""),
                r.name.as_str(),
            )
        })
        .collect();
    // Overdue then: case 6's 90 days, body 1's verification, body 4's end with no renewal
    // (body 5 filed in time), the materials window of the application accepted only in
    // November. Not: body 2's verification (done 10-20), body 3's (due 11-16), the application
    // decided 10-10, the one received 10-28, case 7's lead (opened in time), case 8 (due 2027).
    assert_eq!(
        listed,
        [
            (
                "case_limit",
                "2026-09-29",
                cma_no(6).as_str(),
                "北京第6检测有限公司"
            ),
            (
                "verification",
                "2026-10-10",
                cma_no(1).as_str(),
                "北京第1检测有限公司"
            ),
            (
                "expired",
                "2026-10-15",
                cma_no(4).as_str(),
                "北京第4检测有限公司"
            ),
            ("materials", "2026-10-27", "", "北京第1号申请检测有限公司"),
        ]
    );
}

#[test]
fn the_report_is_text_json_or_csv_and_bad_periods_are_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path());
    let text = run(
        &db,
        &[
            "--lang", "zh", "report", "--period", "quarter", "--at", "2026-10",
        ],
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with("按期间统计：2026年第4季度（2026-10-01 至 2026-12-31），截至 2026-11-27"),
        "{text}"
    );
    assert!(text.contains("各月末逾期事项\n  2026-10-31"), "{text}");
    assert!(text.contains("准予许可 (grant)"), "{text}");
    let csv = run(
        &db,
        &[
            "report", "--period", "quarter", "--at", "2026-10", "--format", "csv",
        ],
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("section,code,label,count\n"), "{csv}");
    assert!(
        csv.contains("overdue_at,2026-10-31,2026-10-31,4\n"),
        "{csv}"
    );
    let words = json(
        &db,
        &[
            "report", "--period", "year", "--at", "2026-05", "--format", "json", "--labels", "en",
        ],
    );
    assert_eq!(words["period"]["from"], "2026-01-01");
    assert!(
        words["grants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["label"].is_string()),
        "{words:#}"
    );
    for (args, says) in [
        (
            vec!["report", "--period", "month", "--at", "2026-13"],
            "2026-13",
        ),
        (vec!["report", "--from", "2026-10-01"], "--to"),
        (
            vec!["report", "--from", "2026-10-31", "--to", "2026-10-01"],
            "swap",
        ),
        (
            vec![
                "report",
                "--period",
                "month",
                "--from",
                "2026-10-01",
                "--to",
                "2026-10-31",
            ],
            "--period",
        ),
        (vec!["report", "--labels", "klingon"], "klingon"),
        (vec!["report", "--region", "99"], "--region"),
        (
            vec!["report", "--period", "month", "--at", "\u{1b}[31m2026"],
            "is not a month",
        ),
    ] {
        let out = on(&db, TODAY)
            .args(["--lang", "en"])
            .args(&args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            !err.contains('\u{1b}'),
            "{args:?}: the sanitiser runs: {err:?}"
        );
        assert!(out.stdout.is_empty());
    }
}

/// `certdesk report` counts what the reports screen shows: the quarter of the fixture on the
/// screen (counted by its background reader), and the same quarter from the command line, as
/// JSON and as text.
#[test]
fn the_command_line_report_has_the_screens_counts() {
    use certdesk::i18n::Lang;
    use certdesk::tui::theme::Theme;
    let mut h = tui_common::Harness::new(Lang::En, Theme::COLOR, 120, 40);
    h.type_str("3p");
    h.settle();
    let shown = h.app.reports.by_period.clone().expect("counted");
    let db = h.db_path();
    let today = certdesk::tui::fixture::TODAY.to_string();
    let out = on(&db, &today)
        .args(["report", "--period", "quarter", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let section = |name: &str| -> Vec<(String, i64)> {
        r[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["code"].as_str().unwrap().to_string(),
                    x["count"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(section("acts"), shown.acts);
    assert_eq!(section("grants"), shown.grants);
    assert_eq!(section("verifications"), shown.verifications);
    assert_eq!(section("overdue_at"), shown.overdue_at);
    assert!(!shown.acts.is_empty() && !shown.overdue_at.is_empty());
    let text = on(&db, &today)
        .args(["--lang", "en", "report", "--period", "quarter"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for (code, n) in shown.acts.iter().chain(&shown.overdue_at) {
        assert!(
            text.lines()
                .any(|l| l.contains(code.as_str()) && l.trim_end().ends_with(&format!(" {n}"))),
            "{code} {n} in\n{text}"
        );
    }
}
