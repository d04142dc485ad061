//! Inspection results and "one public" (issue 11 points 5 and 6): results with the acts they
//! start, the task's completion or closure, the publication clock, the export, the record of
//! publication, the queue item — and the officers' record checked by verify-draw, the
//! authority rule, "inspected within N months", the upgrade of a schema-7 database.

mod common;

use certdesk::domain::Date;
use certdesk::domain::due::QueueFilter;
use certdesk::domain::ids::BodyKind;
use certdesk::domain::inspection::{Problem, Ratios, ResultCode};
use certdesk::domain::model::RiskClass;
use certdesk::import::{EncodingChoice, check_table, read_table};
use certdesk::store::Store;
use certdesk::store::import::BatchMode;
use certdesk::store::inspections::{InspectionError, ResultDraft, TaskDraft};
use certdesk::store::officers::OfficerChange;
use common::*;
use jiff::civil::date;
use std::path::{Path, PathBuf};

const T: Date = date(2026, 11, 27);
const BEIJING: &str = "北京市市场监督管理局";

/// `rows` CMA bodies; bodies 3, 7, 11 … of class D (the rest B), an item, three inspectors.
fn register(dir: &Path, rows: u32) -> Store {
    let mut store = Store::create_or_open(&dir.join("t.db"), T).unwrap();
    store.set_actor("importer");
    let file = batch(dir, "b.csv", 1, rows);
    let table = read_table(&file, None, EncodingChoice::Auto).unwrap();
    let checked = check_table(&table);
    store
        .import_grants(
            "b.csv",
            &table.sha256,
            &checked.rows,
            0,
            BatchMode {
                dry_run: false,
                skip_invalid: false,
            },
        )
        .unwrap();
    for n in (3..=rows).step_by(4) {
        store
            .set_risk_class(&uscc(n), RiskClass::D, date(2026, 1, 5), "信用风险分类结果")
            .unwrap();
    }
    store
        .add_inspection_item(
            "检验检测活动检查",
            "检验检测机构监督管理办法第二十条",
            "检验检测报告",
            "现场检查",
            BodyKind::Cma,
            true,
        )
        .unwrap();
    for login in ["li.na", "wang.fang", "zhang.wei"] {
        store
            .add_inspector(login, "检查员", "执法证", "认证监管处", "cma")
            .unwrap();
    }
    store
}

/// A task drawing every class-D body.
fn draft() -> TaskDraft {
    TaskDraft {
        name: "2026年度检验检测机构双随机抽查".into(),
        year: 2026,
        items: vec![1],
        authority: BEIJING.into(),
        joint_with: String::new(),
        kind: BodyKind::Cma,
        region: String::new(),
        ratios: Ratios {
            a: 0,
            b: 0,
            c: 0,
            d: 100,
        },
        officers_per_body: 2,
        include: Vec::new(),
        exclude_months: 12,
    }
}

fn result(uscc: &str, code: ResultCode, on: Date) -> ResultDraft {
    ResultDraft {
        uscc: uscc.to_string(),
        result: code,
        date: on,
        findings: if code.found_problem() {
            "报告未按规定签发".into()
        } else {
            String::new()
        },
        order: None,
        case: None,
    }
}

fn assert_replays(store: &Store) {
    let report = certdesk::store::check::check(store.conn(), &[], None, 20).unwrap();
    assert!(report.ok(), "{:?}", report.differences);
}

fn drawn(store: &Store, task: i64) -> Vec<String> {
    store
        .task_view(task)
        .unwrap()
        .drawn
        .into_iter()
        .map(|b| b.uscc)
        .collect()
}

/// The publication clock across the 2026 mid-autumn and National Day holidays (25–27 Sep and
/// 1–7 Oct off, Sat 10 Oct a make-up working day): the last result on Tue 22 Sep 2026 makes the
/// publication due on Tue 27 Oct; the queue holds it, overdue after that; publishing closes it.
#[test]
fn the_last_result_completes_the_task_and_its_publication_is_due_20_working_days_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 12); // D: 3, 7, 11
    store.set_today(date(2026, 10, 28));
    let task = store.create_task(&draft()).unwrap();
    store.draw(task, "527", Some(date(2026, 9, 21))).unwrap();
    store.assign_officers(task).unwrap();
    let list = drawn(&store, task);
    assert_eq!(list.len(), 3);
    let first = store
        .record_result(
            task,
            &result(&list[0], ResultCode::NoProblem, date(2026, 9, 22)),
        )
        .unwrap();
    assert!(first.completed.is_none());
    store
        .record_result(
            task,
            &result(&list[2], ResultCode::Cancelled, date(2026, 9, 21)),
        )
        .unwrap();
    assert!(store.queue(30).unwrap().iter().all(|i| i.task_id.is_none()));
    // Recorded out of order: the completion is the latest result's day, not the last typed.
    let done = store
        .record_result(
            task,
            &result(&list[1], ResultCode::FollowUpPending, date(2026, 9, 21)),
        )
        .unwrap();
    let c = done.completed.expect("the last result completes the task");
    assert_eq!(
        (c.completed_on.as_str(), c.publication_due.as_str()),
        ("2026-09-22", "2026-10-27")
    );
    assert!(!c.estimated);
    let view = store.task_view(task).unwrap();
    assert_eq!(view.publication_due.as_deref(), Some("2026-10-27"));
    assert_eq!(view.completed_on.as_deref(), Some("2026-09-22"));
    assert_eq!(view.closed_on, None);
    assert_eq!(view.drawn[1].result.as_deref(), Some("follow_up_pending"));
    assert_eq!(view.drawn[1].findings.as_deref(), Some("报告未按规定签发"));
    assert_replays(&store);
    // In the queue as a publication, overdue by one working day on 28 Oct.
    let kinds = certdesk::domain::due::parse_kinds("publication").unwrap();
    let filter = QueueFilter {
        kinds,
        region: None,
    };
    let items = store.queue_filtered(0, &filter).unwrap();
    let item = items
        .iter()
        .find(|i| i.task_id == Some(task))
        .expect("the publication is in the queue");
    assert_eq!(item.kind, "inspection_publication");
    assert_eq!(item.due_on, "2026-10-27");
    assert!(item.overdue);
    assert_eq!(item.days_left, -1);
    assert_eq!(item.name, "2026年度检验检测机构双随机抽查");
    // The day before it is due, it is due soon, not overdue.
    store.set_today(date(2026, 10, 26));
    let item = store
        .queue(7)
        .unwrap()
        .into_iter()
        .find(|i| i.task_id == Some(task))
        .unwrap();
    assert!(!item.overdue);
    assert_eq!(item.days_left, 1);
    store.set_today(date(2026, 10, 28));
    // No more results once completed; the publication is recorded once, not before completion.
    match store.record_result(
        task,
        &result(&list[0], ResultCode::NoProblem, date(2026, 9, 23)),
    ) {
        Err(InspectionError::Problem(Problem::TaskCompleted { .. })) => {}
        other => panic!("{other:?}"),
    }
    match store.publish_task(task, date(2026, 9, 21)) {
        Err(InspectionError::Problem(Problem::BeforeCompletion { .. })) => {}
        other => panic!("{other:?}"),
    }
    store.publish_task(task, date(2026, 10, 28)).unwrap();
    assert!(store.queue(30).unwrap().iter().all(|i| i.task_id.is_none()));
    assert_eq!(
        store.task_view(task).unwrap().published_on.as_deref(),
        Some("2026-10-28")
    );
    match store.publish_task(task, date(2026, 10, 28)) {
        Err(InspectionError::Problem(Problem::AlreadyPublished { .. })) => {}
        other => panic!("{other:?}"),
    }
    assert_replays(&store);
}

#[test]
fn verify_draw_recomputes_the_officers_and_catches_an_edited_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 8); // D: 3, 7
    let task = store.create_task(&draft()).unwrap();
    store.draw(task, "527", None).unwrap();
    store
        .add_inspector("zhao.lei", "赵磊", "证", "处", "cma")
        .unwrap();
    store.assign_officers(task).unwrap();
    let body = drawn(&store, task)[1].clone();
    let officer = store.task_view(task).unwrap().drawn[1].officers[0].clone();
    let r = store
        .recuse(task, &body, &officer, "申请回避", "局长", None)
        .unwrap();
    assert!(r.replacement.is_some());
    assert!(store.verify_draw(task).unwrap().identical);
    assert_replays(&store);
    // An officer of the first body changed in the database, to one the draw did not give it.
    let view = store.task_view(task).unwrap();
    let free = ["li.na", "wang.fang", "zhang.wei", "zhao.lei"]
        .into_iter()
        .find(|l| !view.drawn[0].officers.iter().any(|o| o == l))
        .unwrap();
    let db = dir.path().join("t.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE inspection_officer SET login = ?1 WHERE login = ?2 AND inspection_body_id =
               (SELECT id FROM inspection_body WHERE task_id = ?3 AND position = 1)",
            rusqlite::params![free, view.drawn[0].officers[0], task],
        )
        .unwrap();
    let v = store.verify_draw(task).unwrap();
    let d = v.difference.expect("an edited officer is caught");
    assert_eq!((d.what.as_str(), d.position), ("officers", Some(1)));
    assert!(d.recorded.contains(free), "{d:?}");
    assert!(d.recomputed.contains(&view.drawn[0].officers[0]), "{d:?}");
    // Put back; then the recusal undone in the table (the recused officer back on duty).
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE inspection_officer SET login = ?2 WHERE login = ?1 AND inspection_body_id =
               (SELECT id FROM inspection_body WHERE task_id = ?3 AND position = 1)",
            rusqlite::params![free, view.drawn[0].officers[0], task],
        )
        .unwrap();
    assert!(store.verify_draw(task).unwrap().identical);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE inspection_officer SET recused_on = NULL WHERE login = ?1 AND inspection_body_id =
               (SELECT id FROM inspection_body WHERE task_id = ?2 AND position = 2)",
            rusqlite::params![officer, task],
        )
        .unwrap();
    let d = store.verify_draw(task).unwrap().difference.unwrap();
    assert_eq!((d.what.as_str(), d.position), ("officers", Some(2)));
    assert!(d.recomputed.contains("(recused)"), "{d:?}");
}

#[test]
fn an_officer_of_another_authority_is_drawn_only_for_a_joint_task() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 12); // D: 3, 7, 11
    // Two officers of Tianjin, one of Beijing, one with no authority recorded (counts).
    for (login, authority) in [
        ("li.na", "天津市市场监督管理局"),
        ("wang.fang", "天津市市场监督管理局"),
        ("zhang.wei", BEIJING),
    ] {
        store
            .set_officer(
                login,
                &OfficerChange {
                    authority: Some(authority.into()),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    store
        .add_inspector("zhao.lei", "赵磊", "证", "处", "cma")
        .unwrap();
    let task = store.create_task(&draft()).unwrap();
    store.draw(task, "1", None).unwrap();
    let done = store.assign_officers(task).unwrap();
    assert_eq!(done.short, []);
    for (_, officers) in &done.assigned {
        let mut o = officers.clone();
        o.sort();
        assert_eq!(o, ["zhang.wei", "zhao.lei"]);
    }
    assert!(store.verify_draw(task).unwrap().identical);
    // A joint task (部门联合抽查) draws from every authority.
    let mut joint = draft();
    joint.joint_with = "天津市市场监督管理局".into();
    joint.exclude_months = 0;
    let joint = store.create_task(&joint).unwrap();
    store.draw(joint, "1", None).unwrap();
    let done = store.assign_officers(joint).unwrap();
    let all: std::collections::BTreeSet<String> = done
        .assigned
        .iter()
        .flat_map(|(_, o)| o.iter().cloned())
        .collect();
    assert!(
        all.contains("li.na") || all.contains("wang.fang"),
        "{all:?}"
    );
    assert_replays(&store);
}

#[test]
fn a_body_drawn_but_not_inspected_is_not_left_out_as_inspected() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 12); // D: 3, 7, 11
    let first = store.create_task(&draft()).unwrap();
    store.draw(first, "1", Some(date(2026, 11, 2))).unwrap();
    store.assign_officers(first).unwrap();
    store
        .record_result(
            first,
            &result(&uscc(7), ResultCode::NoProblem, date(2026, 11, 3)),
        )
        .unwrap();
    let second = store.create_task(&draft()).unwrap();
    let done = store.draw(second, "2", None).unwrap();
    // Body 7 was inspected (a result within 12 months); 3 and 11 were only drawn.
    assert_eq!(
        done.excluded,
        [(uscc(7), format!("inspected in task {first} on 2026-11-03"))]
    );
    let mut list = drawn(&store, second);
    list.sort();
    assert_eq!(list, [uscc(3), uscc(11)]);
    assert!(store.verify_draw(second).unwrap().identical);
}

#[test]
fn a_replacement_or_a_second_result_is_refused_for_an_inspected_body_and_close_ends_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 12);
    let task = store.create_task(&draft()).unwrap();
    store.draw(task, "1", Some(date(2026, 11, 2))).unwrap();
    let list = drawn(&store, task);
    // No result before two officers are assigned (行政处罚法 Art. 42).
    match store.record_result(
        task,
        &result(&list[0], ResultCode::NoProblem, date(2026, 11, 5)),
    ) {
        Err(InspectionError::Problem(Problem::TooFewOfficersForResult { assigned: 0, .. })) => {}
        other => panic!("{other:?}"),
    }
    store.assign_officers(task).unwrap();
    store
        .record_result(
            task,
            &result(&list[0], ResultCode::NoProblem, date(2026, 11, 5)),
        )
        .unwrap();
    match store.record_result(
        task,
        &result(&list[0], ResultCode::Cancelled, date(2026, 11, 6)),
    ) {
        Err(InspectionError::Problem(Problem::AlreadyResulted { result, on, .. })) => {
            assert_eq!((result.as_str(), on.as_str()), ("no_problem", "2026-11-05"));
        }
        other => panic!("{other:?}"),
    }
    match store.replace_drawn(task, &list[0], "已注销", None) {
        Err(InspectionError::Problem(Problem::AlreadyResulted { .. })) => {}
        other => panic!("{other:?}"),
    }
    // Close: not before the last result; the rest published as 未检查.
    match store.close_task(task, date(2026, 11, 4), "无法联系") {
        Err(InspectionError::Problem(Problem::BeforeCompletion { .. })) => {}
        other => panic!("{other:?}"),
    }
    let c = store
        .close_task(task, date(2026, 11, 20), "两家机构经营场所无法联系")
        .unwrap();
    assert_eq!(c.completed_on, "2026-11-20");
    // 20 working days after Fri 20 Nov 2026 (no holiday): Fri 18 Dec.
    assert_eq!(c.publication_due, "2026-12-18");
    let view = store.task_view(task).unwrap();
    assert_eq!(view.closed_on.as_deref(), Some("2026-11-20"));
    assert_eq!(
        view.close_reason.as_deref(),
        Some("两家机构经营场所无法联系")
    );
    let rows = store.publication(task).unwrap();
    let labels: Vec<&str> = rows.iter().map(|r| r.result_label.as_str()).collect();
    assert_eq!(labels, ["未发现问题", "未检查", "未检查"]);
    match store.close_task(task, date(2026, 11, 21), "x") {
        Err(InspectionError::Problem(Problem::TaskCompleted { .. })) => {}
        other => panic!("{other:?}"),
    }
    assert_replays(&store);
}

/// Officers are assigned and recused while the inspection runs: once the task is completed
/// (closed here, then published) both are refused with the rule, nothing written; a reason or
/// findings of several lines are taken as the other acts' are.
#[test]
fn assign_and_recusal_are_refused_on_a_finished_task_and_reasons_may_run_over_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 12);
    let task = store.create_task(&draft()).unwrap();
    store.draw(task, "1", Some(date(2026, 11, 2))).unwrap();
    store.assign_officers(task).unwrap();
    let list = drawn(&store, task);
    let mut first = result(&list[0], ResultCode::InfoNotPublicised, date(2026, 11, 5));
    first.findings = "年度报告未公示\n检验检测能力未更新".into();
    store.record_result(task, &first).unwrap();
    let view = store.task_view(task).unwrap();
    let officer = view.drawn[1].officers[0].clone();
    store
        .close_task(task, date(2026, 11, 20), "其余机构无法联系\n已报告局长")
        .unwrap();
    let events = events_count(&store);
    let finished = |e: InspectionError| match e {
        InspectionError::Problem(p @ Problem::OfficersAfterCompletion { .. }) => {
            let (zh, en) = (
                certdesk::i18n::inspection::problem(certdesk::i18n::Lang::Zh, &p),
                certdesk::i18n::inspection::problem(certdesk::i18n::Lang::En, &p),
            );
            assert!(
                zh.contains("已于 2026-11-20 结束检查") && zh.contains("第四十三条"),
                "{zh}"
            );
            assert!(
                en.contains("completed on 2026-11-20") && en.contains("nothing was written"),
                "{en}"
            );
        }
        other => panic!("{other:?}"),
    };
    finished(
        store
            .recuse(task, &list[1], &officer, "亲属关系", "局长", None)
            .unwrap_err(),
    );
    finished(store.assign_officers(task).unwrap_err());
    store.publish_task(task, date(2026, 11, 27)).unwrap();
    finished(
        store
            .recuse(task, &list[1], &officer, "亲属关系", "局长", None)
            .unwrap_err(),
    );
    assert_eq!(events_count(&store), events + 1, "only the publication");
    assert_replays(&store);
}

fn events_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

/// A database of schema version 7 with a drawn, assigned task (made by the schema-7 program):
/// the upgrade records the task's and bodies' rows anew, check replays, and a result follows.
#[test]
fn a_schema_7_database_with_a_task_is_upgraded_and_takes_results() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v7.db");
    std::fs::copy("tests/fixtures/v7-inspections.db", &db).unwrap();
    let (code, out, err) = run(&db, &["upgrade"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("from schema version 7 to 9"), "{out}");
    ok(&db, &["inspection", "verify-draw", "1"]);
    let v = show(&db);
    let first = v["drawn"][0]["uscc"].as_str().unwrap().to_string();
    ok(
        &db,
        &[
            "inspection",
            "result",
            "1",
            "--uscc",
            &first,
            "--result",
            "no_problem",
            "--date",
            "2026-11-21",
        ],
    );
    let v = show(&db);
    assert_eq!(v["drawn"][0]["result"], "no_problem");
    assert_eq!(v["drawn"][0]["result_on"], "2026-11-21");
}

// The command line.

fn cli(db: &Path) -> assert_cmd::Command {
    let mut c = certdesk(db);
    c.arg("--lang").arg("en");
    c
}

fn events_in(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

fn run(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cli(db).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run_zh(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = certdesk(db)
        .arg("--lang")
        .arg("zh")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run, expect exit 0, and `check` after it.
fn ok(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(db, args);
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    let (code, checked, err) = run(db, &["check"]);
    assert_eq!(code, 0, "check after {args:?}: {checked}{err}");
    out
}

fn show(db: &Path) -> serde_json::Value {
    let (code, json, err) = run(db, &["inspection", "show", "1", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&json).unwrap()
}

/// 20 CMA bodies imported, an item, three inspectors, bodies 4 and 5 of class D, a task
/// drawing class D (bodies 4 and 5) on 2026-11-20, officers assigned.
fn cli_task(dir: &Path) -> PathBuf {
    let db = dir.join("c.db");
    let file = batch(dir, "b.csv", 1, 20);
    let (code, out, err) = run(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    ok(
        &db,
        &[
            "inspection",
            "item",
            "add",
            "--name",
            "检验检测活动检查",
            "--basis",
            "监督管理办法第二十条",
            "--content",
            "报告",
            "--method",
            "现场检查",
            "--kind",
            "cma",
        ],
    );
    for l in ["li.na", "wang.fang", "zhang.wei"] {
        ok(
            &db,
            &[
                "inspector",
                "add",
                l,
                "--name",
                "张伟",
                "--cert-no",
                "京001",
                "--dept",
                "认证监管处",
                "--kinds",
                "cma",
            ],
        );
    }
    for n in [4, 5] {
        ok(
            &db,
            &[
                "act",
                "set-risk-class",
                "--uscc",
                &uscc(n),
                "--class",
                "D",
                "--date",
                "2026-11-01",
                "--basis",
                "信用风险分类",
            ],
        );
    }
    ok(
        &db,
        &[
            "inspection",
            "task",
            "create",
            "--name",
            "2026年检验检测机构抽查",
            "--year",
            "2026",
            "--items",
            "1",
            "--authority",
            BEIJING,
            "--kind",
            "cma",
            "--ratio",
            "A=0,B=0,C=0,D=100",
        ],
    );
    ok(
        &db,
        &[
            "inspection",
            "draw",
            "1",
            "--public-value",
            "527",
            "--date",
            "2026-11-20",
        ],
    );
    ok(&db, &["inspection", "assign", "1"]);
    db
}

fn result_args<'a>(u: &'a str, code: &'a str, on: &'a str, findings: &'a str) -> Vec<&'a str> {
    vec![
        "inspection",
        "result",
        "1",
        "--uscc",
        u,
        "--result",
        code,
        "--date",
        on,
        "--findings",
        findings,
    ]
}

#[test]
fn results_bad_input_exits_2_or_3_with_a_clear_message_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_task(dir.path());
    let (d4, not_drawn) = (uscc(4), uscc(6));
    let cases: Vec<(Vec<&str>, i32, &str, &str)> = vec![
        (
            {
                let mut a = result_args(&d4, "no_problem", "2026-11-21", "");
                a[2] = "9";
                a
            },
            3,
            "there is no inspection task 9",
            "没有编号为 9 的抽查任务",
        ),
        (
            result_args(&d4, "fine", "2026-11-21", ""),
            3,
            "--result: 'fine' is not a result category",
            "“fine”不是检查结果类别",
        ),
        (
            result_args(&not_drawn, "no_problem", "2026-11-21", ""),
            3,
            "is not on the task's drawn list",
            "不在本任务的抽取名单上",
        ),
        (
            result_args("91110000600037341M", "no_problem", "2026-11-21", ""),
            3,
            "--uscc: no body with the USCC",
            "统一社会信用代码",
        ),
        (
            result_args(&d4, "no_problem", "2026-11-19", ""),
            3,
            "--date 2026-11-19 is before the task was drawn (2026-11-20)",
            "早于本任务的抽取日期 2026-11-20",
        ),
        (
            result_args(&d4, "no_problem", "2026-11-28", ""),
            3,
            "--date 2026-11-28 is after today (2026-11-27)",
            "晚于今天",
        ),
        (
            result_args(&d4, "follow_up_pending", "2026-11-21", "  "),
            2,
            "--findings is empty: the result 'follow_up_pending'",
            "须写明检查发现的情况",
        ),
        (
            result_args(&d4, "no_problem", "2026-11-21", "a\u{7}b"),
            3,
            "--findings:",
            "--findings：",
        ),
        (
            {
                let mut a = result_args(&d4, "no_problem", "2026-11-21", "");
                a.extend(["--order-rectification", "--deadline", "2026-12-21"]);
                a
            },
            3,
            "found no problem: it cannot start an order to rectify",
            "未发现问题，不能据此责令改正或立案",
        ),
        (
            {
                let mut a = result_args(&d4, "ordered_to_rectify", "2026-11-21", "报告不实");
                a.push("--order-rectification");
                a
            },
            2,
            "--deadline",
            "--deadline",
        ),
        (
            // The order itself refused (no basis): the result is not written either.
            {
                let mut a = result_args(&d4, "ordered_to_rectify", "2026-11-21", "报告不实");
                a.extend(["--order-rectification", "--deadline", "2026-12-21"]);
                a
            },
            3,
            "the order to rectify was refused: legal basis is required",
            "责令限期改正未能进行：必须填写法律依据",
        ),
        (
            vec!["inspection", "publish", "1", "--date", "2026-11-27"],
            3,
            "task 1 is not completed: 2 bodies have no result yet",
            "还有 2 个检查对象没有结果",
        ),
        (
            vec!["inspection", "export", "1", "--format", "csv"],
            3,
            "task 1 is not completed",
            "尚未结束检查",
        ),
        (
            vec![
                "inspection",
                "close",
                "1",
                "--date",
                "2026-11-21",
                "--reason",
                "",
            ],
            2,
            "--reason must not be empty",
            "--reason 不能为空",
        ),
        (
            vec![
                "inspection",
                "result",
                "1",
                "--uscc",
                &d4,
                "--result",
                "no_problem",
            ],
            2,
            "--date",
            "--date",
        ),
    ];
    let before = events_in(&db);
    for (args, code, en, zh) in &cases {
        let (c, out, err) = run(&db, args);
        assert_eq!(c, *code, "{args:?}: {out}{err}");
        assert!(err.contains(en), "{args:?}: {err}");
        let (c, _, err) = run_zh(&db, args);
        assert_eq!(c, *code, "{args:?} (zh): {err}");
        assert!(err.contains(zh), "{args:?} (zh): {err}");
        assert_eq!(events_in(&db), before, "{args:?} wrote something");
    }
    let v = show(&db);
    assert!(v["drawn"][0]["result"].is_null() && v["drawn"][1]["result"].is_null());
    // A second result is refused, naming the first.
    ok(&db, &result_args(&d4, "no_problem", "2026-11-21", ""));
    let before = events_in(&db);
    let (c, _, err) = run(&db, &result_args(&d4, "cancelled", "2026-11-22", ""));
    assert_eq!(c, 3, "{err}");
    assert!(
        err.contains("has its result already (未发现问题, 2026-11-21)"),
        "{err}"
    );
    assert_eq!(events_in(&db), before);
}

#[test]
fn a_result_that_found_a_problem_starts_an_order_or_a_case_in_the_same_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_task(dir.path());
    let (d4, d5) = (uscc(4), uscc(5));
    let before = events_in(&db);
    let mut args = result_args(
        &d4,
        "ordered_to_rectify",
        "2026-11-23",
        "检验检测报告未按规定签发",
    );
    args.extend([
        "--order-rectification",
        "--deadline",
        "2026-12-23",
        "--basis",
        "检验检测机构监督管理办法第二十六条",
        "--doc-no",
        "京市监检改〔2026〕3号",
    ]);
    let out = ok(&db, &args);
    assert!(
        out.contains(&format!("{}: ordered to rectify", cma_no(4))),
        "{out}"
    );
    assert_eq!(events_in(&db), before + 2, "the result and the order");
    // The order's follow-up is open and in the queue.
    let c = rusqlite::Connection::open(&db).unwrap();
    let due: String = c
        .query_row(
            "SELECT f.due_on FROM follow_up f JOIN qualification q ON q.id = f.qualification_id
             WHERE q.approval_no = ?1 AND f.kind = 'rectification' AND f.closed_on IS NULL",
            [cma_no(4)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(due, "2026-12-23");
    let (_, queue, _) = run(
        &db,
        &[
            "queue",
            "--within",
            "60",
            "--format",
            "json",
            "--kind",
            "rectification",
        ],
    );
    assert!(queue.contains(&cma_no(4)), "{queue}");
    let act: String = c
        .query_row(
            "SELECT act FROM event WHERE approval_no = ?1 ORDER BY id DESC LIMIT 1",
            [cma_no(4)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(act, "order-rectification");
    // A case opened from a result: its officers are the body's inspectors.
    let officers: Vec<String> = show(&db)["drawn"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["uscc"] == d5.as_str())
        .unwrap()["officers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap().to_string())
        .collect();
    let mut args = result_args(
        &d5,
        "false_information",
        "2026-11-24",
        "公示的检测人员与实际不符",
    );
    args.extend([
        "--open-case",
        "--case-no",
        "京市监立〔2026〕9号",
        "--case-act",
        "suspend",
        "--basis",
        "检验检测机构资质认定管理办法第四十二条",
    ]);
    let out = ok(&db, &args);
    assert!(out.contains("case 京市监立〔2026〕9号 opened"), "{out}");
    // The last result completes the task: 20 working days after Tue 24 Nov 2026.
    assert!(
        out.contains(
            "task 1 completed on 2026-11-24: its results are to be published by 2026-12-22"
        ),
        "{out}"
    );
    let case_officers: String = c
        .query_row(
            "SELECT officers FROM penalty_case WHERE case_no = '京市监立〔2026〕9号'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(case_officers, officers.join(", "));
    let acts: Vec<String> = c
        .prepare("SELECT act FROM event ORDER BY id DESC LIMIT 3")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        acts,
        ["inspection-complete", "case-open", "inspection-result"]
    );
    // Publication in the queue, as a publication.
    let (_, queue, _) = run(
        &db,
        &[
            "queue",
            "--within",
            "60",
            "--format",
            "json",
            "--kind",
            "publication",
        ],
    );
    let q: serde_json::Value = serde_json::from_str(&queue).unwrap();
    let item = q
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "inspection_publication")
        .unwrap_or_else(|| panic!("{queue}"));
    assert_eq!(item["task_id"], 1);
    assert_eq!(item["due_on"], "2026-12-22");
    assert_eq!(item["unit"], "working_days");
}

#[test]
fn the_publication_is_exported_with_its_columns_never_over_a_file_and_then_published() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_task(dir.path());
    ok(&db, &result_args(&uscc(4), "no_problem", "2026-11-23", ""));
    // A hostile findings text is refused; a name with a formula would be neutralised in CSV.
    ok(
        &db,
        &[
            "inspection",
            "close",
            "1",
            "--date",
            "2026-11-25",
            "--reason",
            "经营场所无法联系",
        ],
    );
    let v = show(&db);
    assert_eq!(v["completed_on"], "2026-11-25");
    assert_eq!(v["closed_on"], "2026-11-25");
    assert_eq!(v["publication_due"], "2026-12-23");
    let expected: Vec<Vec<String>> = ["4", "5"]
        .iter()
        .map(|n| {
            let n: u32 = n.parse().unwrap();
            let label = if n == 4 {
                "未发现问题"
            } else {
                "未检查"
            };
            vec![
                "1".to_string(),
                "2026年检验检测机构抽查".into(),
                BEIJING.into(),
                "2026-11-25".into(),
                format!("北京第{n}检测有限公司"),
                uscc(n),
                label.into(),
            ]
        })
        .collect();
    // The drawn order decides the rows' order.
    let order: Vec<String> = v["drawn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["uscc"].as_str().unwrap().to_string())
        .collect();
    let mut expected = expected;
    expected.sort_by_key(|r| order.iter().position(|u| *u == r[5]));
    let headings = [
        "任务编号",
        "任务名称",
        "检查机关",
        "完成日期",
        "机构名称",
        "统一社会信用代码",
        "检查结果",
    ];
    // CSV: a BOM, Chinese headings, the rows.
    let csv_path = dir.path().join("公示.csv");
    let out = ok(
        &db,
        &[
            "inspection",
            "export",
            "1",
            "--format",
            "csv",
            "--output",
            csv_path.to_str().unwrap(),
        ],
    );
    assert!(out.contains("2 bodies"), "{out}");
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, headings);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows, expected);
    // Never over an existing file: refused, the file as it was.
    let (code, _, err) = run(
        &db,
        &[
            "inspection",
            "export",
            "1",
            "--format",
            "json",
            "--output",
            csv_path.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("already exists; certdesk never overwrites a file — choose a new name"),
        "{err}"
    );
    // The command has no --force: its message offers none.
    assert!(!err.contains("--force"), "{err}");
    let args = |out: &str| {
        [
            "inspection",
            "export",
            "1",
            "--format",
            "json",
            "--output",
            out,
        ]
        .map(str::to_string)
    };
    let again = args(csv_path.to_str().unwrap());
    let again: Vec<&str> = again.iter().map(String::as_str).collect();
    let (code, _, err) = run_zh(&db, &again);
    assert_eq!(code, 2);
    assert!(
        err.contains("已存在；certdesk 从不覆盖文件——请换一个新文件名"),
        "{err}"
    );
    assert_eq!(std::fs::read(&csv_path).unwrap(), bytes);
    // Where no file can be made: the OS's reason in the command's language, its own words
    // kept in parentheses; nothing left behind.
    let missing = dir.path().join("没有这个文件夹").join("公示.json");
    let under_a_file = csv_path.join("公示.json");
    let folder = |p: &Path| p.parent().unwrap().display().to_string();
    let (missing_in, file_as_folder) = (folder(&missing), folder(&under_a_file));
    for (out, zh, en) in [
        (
            missing.to_str().unwrap(),
            format!(
                "无法打开其所在文件夹 {missing_in}：文件或文件夹不存在（No such file or directory (os error 2)）"
            ),
            format!(
                "its folder {missing_in} cannot be opened: No such file or directory (os error 2)"
            ),
        ),
        (
            under_a_file.to_str().unwrap(),
            format!(
                "无法打开其所在文件夹 {file_as_folder}：路径中有一部分不是文件夹（Not a directory (os error 20)）"
            ),
            format!("its folder {file_as_folder} cannot be opened: Not a directory (os error 20)"),
        ),
        // /sys refuses new files even to root.
        (
            "/sys/公示.json",
            "没有权限（Permission denied (os error 13)）".to_string(),
            "Permission denied (os error 13)".to_string(),
        ),
    ] {
        let a = args(out);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let (code, _, err) = run_zh(&db, &a);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!("无法写入 {out}：{zh}；未留下任何文件")),
            "{err}"
        );
        let (code, _, err) = run(&db, &a);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!(
                "cannot write {out}: {en}; nothing was left behind"
            )),
            "{err}"
        );
    }
    assert!(!missing.parent().unwrap().exists());
    // Nor over the database.
    let (code, _, _) = run(
        &db,
        &[
            "inspection",
            "export",
            "1",
            "--format",
            "csv",
            "--output",
            db.to_str().unwrap(),
        ],
    );
    assert_ne!(code, 0);
    assert_eq!(run(&db, &["check"]).0, 0);
    // XLSX, read back with calamine.
    let xlsx_path = dir.path().join("公示.xlsx");
    ok(
        &db,
        &[
            "inspection",
            "export",
            "1",
            "--format",
            "xlsx",
            "--output",
            xlsx_path.to_str().unwrap(),
        ],
    );
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(&xlsx_path).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells[0], headings);
    assert_eq!(cells[1..], expected[..]);
    let (code, _, err) = run(&db, &["inspection", "export", "1", "--format", "xlsx"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--output"), "{err}");
    // JSON to standard output: codes and labels.
    let (code, json, _) = run(&db, &["inspection", "export", "1", "--format", "json"]);
    assert_eq!(code, 0);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &rows[order.iter().position(|u| *u == uscc(4)).unwrap()];
    assert_eq!(first["result"], "no_problem");
    assert_eq!(first["result_label"], "未发现问题");
    assert_eq!(first["task_no"], 1);
    assert_eq!(first["completed_on"], "2026-11-25");
    // CSV to standard output, with the BOM.
    let out = cli(&db)
        .args(["inspection", "export", "1", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF\xE4\xBB\xBB")); // BOM, 任
    // Published: recorded once, the queue item gone.
    ok(&db, &["inspection", "publish", "1", "--date", "2026-11-27"]);
    assert_eq!(show(&db)["published_on"], "2026-11-27");
    let (_, queue, _) = run(&db, &["queue", "--within", "60", "--format", "json"]);
    assert!(!queue.contains("inspection_publication"), "{queue}");
    let (code, _, err) = run(&db, &["inspection", "publish", "1", "--date", "2026-11-27"]);
    assert_eq!(code, 3);
    assert!(
        err.contains("publication is recorded already (2026-11-27)"),
        "{err}"
    );
}

/// A body's name written by another tool as a formula reaches the CSV neutralised.
#[test]
fn a_formula_in_a_name_is_neutralised_in_the_csv_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_task(dir.path());
    ok(&db, &result_args(&uscc(4), "no_problem", "2026-11-23", ""));
    ok(&db, &result_args(&uscc(5), "no_problem", "2026-11-23", ""));
    // Not through certdesk (it refuses such names): the check would see it, the export copes.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE body SET name = '=HYPERLINK(\"http://x\")' WHERE uscc = ?1",
            [uscc(4)],
        )
        .unwrap();
    let out = cli(&db)
        .args(["inspection", "export", "1", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(!text.contains(",=HYPERLINK"), "{text}");
    assert!(text.contains("'=HYPERLINK"), "{text}");
}
