//! Random inspections (issue 11 points 1–4, 8): registers, tasks, the reproducible draw and its
//! verification, replacements, officers and recusals — through the store and the command line.

mod common;

use certdesk::domain::Date;
use certdesk::domain::acts::{ActKind, ActRequest, VerifyResult};
use certdesk::domain::ids::{ApprovalNo, BodyKind};
use certdesk::domain::inspection::{Problem, Ratios};
use certdesk::domain::model::RiskClass;
use certdesk::import::{EncodingChoice, check_table, read_table};
use certdesk::store::Store;
use certdesk::store::import::BatchMode;
use certdesk::store::inspections::{InspectionError, TaskDraft};
use common::*;
use jiff::civil::date;
use proptest::prelude::*;
use std::path::Path;

const T: Date = date(2026, 11, 27);
const CLASSES: [RiskClass; 4] = [RiskClass::A, RiskClass::B, RiskClass::C, RiskClass::D];

/// A register of `rows` CMA bodies (1…rows; every third a commitment grant), body n of risk
/// class CLASSES[n % 4] set by the act, an item, and five inspectors.
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
    for n in 1..=rows {
        let class = CLASSES[n as usize % 4];
        if class != RiskClass::B {
            store
                .set_risk_class(&uscc(n), class, date(2026, 1, 5), "信用风险分类结果")
                .unwrap();
        }
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
    for login in ["li.na", "liu.yang", "wang.fang", "zhang.wei", "zhao.lei"] {
        store
            .add_inspector(
                login,
                "检查员",
                &format!("执法证{login}"),
                "认证监管处",
                "cma",
            )
            .unwrap();
    }
    store
}

fn draft(ratios: &str) -> TaskDraft {
    TaskDraft {
        name: "2026年度检验检测机构双随机抽查".into(),
        year: 2026,
        items: vec![1],
        authority: "北京市市场监督管理局".into(),
        joint_with: String::new(),
        kind: BodyKind::Cma,
        region: String::new(),
        ratios: Ratios::parse(
            ratios,
            Ratios {
                a: 0,
                b: 0,
                c: 0,
                d: 0,
            },
        )
        .unwrap(),
        officers_per_body: 2,
        include: Vec::new(),
        exclude_months: 12,
    }
}

fn event_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

fn assert_replays(store: &Store) {
    let report = certdesk::store::check::check(store.conn(), &[], None, 20).unwrap();
    assert!(report.ok(), "{:?}", report.differences);
}

fn drawn_usccs(store: &Store, task: i64) -> Vec<String> {
    store
        .task_view(task)
        .unwrap()
        .drawn
        .into_iter()
        .map(|b| b.uscc)
        .collect()
}

/// The same register, task and public value give this list and these officers — on any
/// machine, in any run: a change of algorithm cannot pass silently.
#[test]
fn the_same_task_population_and_public_value_give_this_list_and_these_officers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 40);
    let task = store.create_task(&draft("A=10,B=20,C=30,D=50")).unwrap();
    let done = store.draw(task, "2026-11-27 福彩3D 527", None).unwrap();
    assert_eq!(done.population, 40);
    assert_eq!(done.algorithm, "certdesk-draw/1");
    // Bodies n ≡ 0 (mod 4) are A, 1 B, 2 C, 3 D: 10 of each. A at 10 % → 1; B at 20 % → 2;
    // C at 30 % → 3; D at 50 % → 5.
    let expected: Vec<String> = [24, 13, 37, 38, 14, 26, 15, 7, 35, 23, 39]
        .into_iter()
        .map(uscc)
        .collect();
    assert_eq!(drawn_usccs(&store, task), expected);
    assert_eq!(done.drawn, expected);
    let assigned = store.assign_officers(task).unwrap();
    assert!(assigned.short.is_empty());
    let officers: Vec<String> = assigned
        .assigned
        .iter()
        .map(|(u, o)| format!("{}:{}", &u[14..], o.join("+")))
        .collect();
    assert_eq!(
        officers,
        [
            "024W:zhang.wei+zhao.lei",
            "013Q:liu.yang+wang.fang",
            "0377:li.na+zhang.wei",
            "038A:li.na+zhao.lei",
            "014U:zhao.lei+li.na",
            "0263:zhang.wei+wang.fang",
            "015Y:liu.yang+li.na",
            "0074:zhang.wei+li.na",
            "0351:li.na+zhao.lei",
            "023R:zhang.wei+zhao.lei",
            "039D:zhang.wei+liu.yang",
        ]
    );
    let view = store.task_view(task).unwrap();
    assert!(view.drawn.iter().all(|b| b.officers.len() == 2));
    assert_eq!(store.verify_draw(task).unwrap().difference, None);
    assert_replays(&store);
}

#[test]
fn the_counts_per_class_follow_the_ratios_rounded_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 41); // A 10, B 11, C 10, D 10
    let task = store.create_task(&draft("A=0,B=1,C=25,D=100")).unwrap();
    store.draw(task, "7", None).unwrap();
    let view = store.task_view(task).unwrap();
    let count = |c: &str| view.drawn.iter().filter(|b| b.risk_class == c).count();
    // A at 0 % → 0; B 11 at 1 % → ⌈0.11⌉ = 1; C 10 at 25 % → ⌈2.5⌉ = 3; D all 10.
    assert_eq!(
        (count("A"), count("B"), count("C"), count("D")),
        (0, 1, 3, 10)
    );
}

#[test]
fn a_second_draw_is_refused_and_a_replacement_is_drawn_reproducibly_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 40);
    let task = store.create_task(&draft("A=10,B=20,C=30,D=50")).unwrap();
    store.draw(task, "527", None).unwrap();
    let before = event_count(&store);
    match store.draw(task, "528", None) {
        Err(InspectionError::Problem(Problem::AlreadyDrawn { .. })) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(event_count(&store), before, "nothing written");
    let first = drawn_usccs(&store, task)[0].clone();
    let new = store.replace_drawn(task, &first, "已注销", None).unwrap();
    // The same class (A: n ≡ 0 mod 4), not on the list before.
    let n: u32 = new[8..17].parse().unwrap();
    assert_eq!(n % 4, 0);
    let list = drawn_usccs(&store, task);
    assert!(!list.contains(&first));
    assert_eq!(list.last(), Some(&new));
    assert_eq!(store.task_view(task).unwrap().replaced[0].by, new);
    // The same record in another database gives the same replacement.
    let other = tempfile::tempdir().unwrap();
    let mut again = register(other.path(), 40);
    let t2 = again.create_task(&draft("A=10,B=20,C=30,D=50")).unwrap();
    again.draw(t2, "527", None).unwrap();
    assert_eq!(
        again.replace_drawn(t2, &first, "已注销", None).unwrap(),
        new
    );
    assert_eq!(store.verify_draw(task).unwrap().difference, None);
    assert_replays(&store);
    // A replaced body cannot be replaced again; a body off the list is not on it.
    for u in [first.clone(), uscc(999)] {
        let before = event_count(&store);
        match store.replace_drawn(task, &u, "x", None) {
            Err(InspectionError::Problem(Problem::NotDrawn(_))) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(event_count(&store), before);
    }
}

/// A list edited in the database, or a population changed after the draw, is caught.
#[test]
fn verify_draw_catches_an_edited_list_and_a_changed_population() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 40);
    let task = store.create_task(&draft("A=10,B=20,C=30,D=50")).unwrap();
    store.draw(task, "2026-11-27 福彩3D 527", None).unwrap();
    let db = dir.path().join("t.db");
    let sql = |s: &str| {
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(s)
            .unwrap()
    };
    // A drawn body swapped for one that was not drawn.
    sql(&format!(
        "UPDATE inspection_body SET uscc = '{}', body_id = (SELECT id FROM body WHERE uscc = '{}') WHERE task_id = {task} AND position = 3",
        uscc(1),
        uscc(1)
    ));
    let v = store.verify_draw(task).unwrap();
    let d = v.difference.unwrap();
    assert_eq!((d.what.as_str(), d.position), ("drawn", Some(3)));
    assert_eq!(d.recorded, uscc(1));
    assert_eq!(d.recomputed, uscc(37));
    sql(&format!(
        "UPDATE inspection_body SET uscc = '{}', body_id = (SELECT id FROM body WHERE uscc = '{}') WHERE task_id = {task} AND position = 3",
        uscc(37),
        uscc(37)
    ));
    assert!(store.verify_draw(task).unwrap().identical);
    // A body of the frozen population given another class: the roster hash no longer holds.
    sql(&format!(
        "UPDATE inspection_population SET risk_class = 'D' WHERE task_id = {task} AND uscc = '{}'",
        uscc(2)
    ));
    let d = store.verify_draw(task).unwrap().difference.unwrap();
    assert_eq!(d.what, "population");
    // … and the recorded hash changed to match: the chained draw event still holds the old.
    let c = rusqlite::Connection::open(&db).unwrap();
    let pop: Vec<(String, String)> = c
        .prepare(&format!(
            "SELECT uscc, risk_class FROM inspection_population WHERE task_id = {task} ORDER BY id"
        ))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let cands: Vec<certdesk::domain::inspection::Candidate> = pop
        .iter()
        .map(|(u, k)| certdesk::domain::inspection::Candidate {
            uscc: u.clone(),
            class: RiskClass::parse(k).unwrap(),
        })
        .collect();
    let forged = certdesk::domain::inspection::roster_hash(&cands);
    sql(&format!(
        "UPDATE inspection_task SET roster_hash = '{forged}' WHERE id = {task}"
    ));
    let d = store.verify_draw(task).unwrap().difference.unwrap();
    assert_eq!(d.what, "event");
    let report = certdesk::store::check::check(store.conn(), &[], None, 5).unwrap();
    assert!(!report.ok(), "check sees the edits too");
}

#[test]
fn directed_bodies_lead_the_list_and_recently_inspected_bodies_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 20);
    let first = store.create_task(&draft("A=100,B=0,C=0,D=0")).unwrap();
    store.draw(first, "1", None).unwrap(); // the five A bodies
    store.assign_officers(first).unwrap();
    // Inspected: a result recorded for each (drawn alone would not leave them out).
    for u in drawn_usccs(&store, first) {
        store
            .record_result(
                first,
                &certdesk::store::inspections::ResultDraft {
                    uscc: u,
                    result: certdesk::domain::inspection::ResultCode::NoProblem,
                    date: T,
                    findings: String::new(),
                    order: None,
                    case: None,
                },
            )
            .unwrap();
    }
    let mut d = draft("A=100,B=0,C=0,D=100");
    d.include = vec![(uscc(2), "投诉举报".into())];
    let second = store.create_task(&d).unwrap();
    let done = store.draw(second, "2", None).unwrap();
    assert_eq!(done.directed, [uscc(2)]);
    assert_eq!(done.excluded.len(), 5, "{:?}", done.excluded);
    assert!(done.excluded[0].1.contains(&format!("task {first}")));
    let view = store.task_view(second).unwrap();
    assert_eq!(view.drawn[0].uscc, uscc(2));
    assert_eq!(view.drawn[0].how, "directed");
    assert_eq!(view.drawn[0].reason, "投诉举报");
    assert!(view.drawn[1..].iter().all(|b| b.risk_class == "D"));
    assert_eq!(view.population, Some(20 - 1 - 5));
    assert!(store.verify_draw(second).unwrap().identical);
    assert_replays(&store);
}

#[test]
fn recusal_records_the_decision_and_draws_a_replacement_from_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 12);
    let task = store.create_task(&draft("A=0,B=0,C=0,D=100")).unwrap();
    store.draw(task, "9", None).unwrap();
    store
        .add_conflict("li.na", &uscc(3), "曾在该机构任职")
        .unwrap();
    store.assign_officers(task).unwrap();
    let view = store.task_view(task).unwrap();
    let body = view.drawn.iter().find(|b| b.uscc == uscc(3)).unwrap();
    assert!(
        !body.officers.contains(&"li.na".to_string()),
        "declared conflict"
    );
    let out = body.officers[0].clone();
    let done = store
        .recuse(task, &uscc(3), &out, "当事人申请回避", "局长 王某", None)
        .unwrap();
    let r = done.replacement.unwrap();
    assert!(r != out && r != "li.na" && !body.officers.contains(&r));
    let after = store.task_view(task).unwrap();
    let body = after.drawn.iter().find(|b| b.uscc == uscc(3)).unwrap();
    assert!(body.officers.contains(&r) && !body.officers.contains(&out));
    assert_replays(&store);
    // Recusing an officer who is not on that body is refused, nothing written.
    let before = event_count(&store);
    assert!(matches!(
        store.recuse(task, &uscc(3), "li.na", "x", "y", None),
        Err(InspectionError::Problem(Problem::NotAssigned { .. }))
    ));
    assert_eq!(event_count(&store), before);
}

#[test]
fn too_few_officers_for_a_body_assigns_none_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path(), 8);
    let task = store.create_task(&draft("A=0,B=0,C=0,D=100")).unwrap(); // bodies 3, 7
    store.draw(task, "9", None).unwrap();
    for l in ["li.na", "liu.yang", "wang.fang", "zhang.wei"] {
        store.add_conflict(l, &uscc(7), "亲属关系").unwrap();
    }
    let done = store.assign_officers(task).unwrap();
    assert_eq!(done.short, [(uscc(7), 1)]);
    assert_eq!(done.assigned.len(), 1);
    let view = store.task_view(task).unwrap();
    let seven = view.drawn.iter().find(|b| b.uscc == uscc(7)).unwrap();
    assert!(seven.officers.is_empty());
    assert_replays(&store);
}

fn verify_request() -> ActRequest {
    ActRequest {
        act: Some(ActKind::Verify),
        date: Some(date(2026, 11, 20)),
        basis: "检验检测机构资质认定管理办法第十六条".into(),
        verify_result: Some(VerifyResult::Conforming),
        ..Default::default()
    }
}

fn suspend_request() -> ActRequest {
    ActRequest {
        act: Some(ActKind::Suspend),
        date: Some(date(2026, 11, 20)),
        basis: "检验检测机构资质认定管理办法第四十二条".into(),
        doc_no: "京市监认罚〔2026〕1号".into(),
        reason: "检测人员不足".into(),
        deadline: Some(date(2027, 2, 20)),
        notice_served_on: Some(date(2026, 11, 2)),
        hearing: Some(certdesk::domain::acts::Hearing::Waived),
        officers: vec!["张伟".into(), "王芳".into()],
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// An inspector who verified or penalised a drawn body is never assigned to it.
    #[test]
    fn an_officer_who_verified_or_penalised_a_body_is_never_assigned_to_it(
        roster in 2usize..7,
        acts in proptest::collection::vec((0usize..7, 1u32..=9), 0..12),
        public in "[0-9]{1,6}",
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = register(dir.path(), 9);
        let logins: Vec<String> = (0..roster).map(|i| format!("officer{i}")).collect();
        for l in &logins {
            store.add_inspector(l, "检查员", "证", "处", "cb,cma").unwrap();
        }
        let mut acted: Vec<(String, String)> = Vec::new();
        for (who, body) in acts {
            let Some(login) = logins.get(who) else { continue };
            store.set_actor(login.clone());
            let no = ApprovalNo::parse(&cma_no(body)).unwrap();
            let req = if body % 3 == 0 { verify_request() } else { suspend_request() };
            // The first act on a body is allowed; a second one (verified already, suspended
            // already) is refused, and records nothing.
            let first = !acted.iter().any(|(_, u)| *u == uscc(body));
            let done = store.perform(&no, &req, None);
            prop_assert_eq!(done.is_ok(), first, "{:?}", done);
            if first {
                acted.push((login.clone(), uscc(body)));
            }
        }
        store.set_actor("head");
        // Only the roster drawn for here: the five of `register` are off it.
        for l in ["li.na", "liu.yang", "wang.fang", "zhang.wei", "zhao.lei"] {
            store.deactivate_inspector(l).unwrap();
        }
        let task = store.create_task(&draft("A=100,B=100,C=100,D=100")).unwrap();
        store.draw(task, &public, None).unwrap();
        let done = match store.assign_officers(task) {
            Ok(d) => d,
            Err(e) => panic!("{e:?}"),
        };
        for (body, officers) in &done.assigned {
            prop_assert_eq!(officers.len(), 2);
            for o in officers {
                prop_assert!(!acted.contains(&(o.clone(), body.clone())), "{} acted on {}", o, body);
            }
        }
        for (body, free) in &done.short {
            let conflicted = logins.iter().filter(|l| acted.contains(&((*l).clone(), body.clone()))).count();
            prop_assert_eq!(*free, roster - conflicted);
            prop_assert!(*free < 2);
        }
        assert_replays(&store);
    }
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

fn ok(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(db, args);
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    let (code, checked, err) = run(db, &["check"]);
    assert_eq!(code, 0, "check after {args:?}: {checked}{err}");
    out
}

/// A CLI database: 20 CMA bodies imported, an item, three inspectors, a task.
fn cli_register(dir: &Path) -> std::path::PathBuf {
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
            "--key",
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
    ok(
        &db,
        &[
            "act",
            "set-risk-class",
            "--uscc",
            &uscc(4),
            "--class",
            "D",
            "--date",
            "2026-11-01",
            "--basis",
            "信用风险分类",
        ],
    );
    ok(
        &db,
        &[
            "inspection",
            "task",
            "create",
            "--name",
            "2026年抽查",
            "--year",
            "2026",
            "--items",
            "1",
            "--authority",
            "北京市市场监督管理局",
            "--kind",
            "cma",
            "--region",
            "11",
            "--ratio",
            "A=1,B=10,C=10,D=100",
            "--include",
            &format!("{}:投诉举报", uscc(9)),
        ],
    );
    db
}

#[test]
fn the_command_line_creates_draws_verifies_assigns_and_shows_a_task_and_check_replays_each_act() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_register(dir.path());
    let out = ok(
        &db,
        &[
            "inspection",
            "draw",
            "1",
            "--public-value",
            "527",
            "--date",
            "2026-11-27",
        ],
    );
    // 20 bodies less the directed one: 18 of class B, body 4 of class D.
    assert!(out.contains("population 19"), "{out}");
    ok(&db, &["inspection", "verify-draw", "1"]);
    ok(&db, &["inspection", "assign", "1"]);
    let (_, json, _) = run(&db, &["inspection", "show", "1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for key in [
        "id",
        "name",
        "year",
        "kind",
        "ratios",
        "population",
        "roster_hash",
        "public_value",
        "seed",
        "algorithm",
        "drawn",
        "publication_due",
        "published_on",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {json}");
    }
    assert_eq!(v["population"], 19);
    assert_eq!(v["ratios"]["D"], 100);
    assert_eq!(v["algorithm"], "certdesk-draw/1");
    let drawn = v["drawn"].as_array().unwrap();
    // The directed body, then B: ⌈18 × 10 %⌉ = 2, then D (body 4 alone): 1.
    assert_eq!(drawn[0]["uscc"], uscc(9));
    assert_eq!(drawn.len(), 1 + 2 + 1, "{json}");
    for b in drawn {
        for key in [
            "uscc",
            "approval_no",
            "name",
            "risk_class",
            "officers",
            "result",
            "result_on",
        ] {
            assert!(b.get(key).is_some(), "{key}: {b}");
        }
        assert_eq!(b["officers"].as_array().unwrap().len(), 2);
        assert!(b["result"].is_null() && b["result_on"].is_null());
    }
    let d = drawn.iter().find(|b| b["risk_class"] == "D").unwrap();
    assert_eq!(d["uscc"], uscc(4));
    let first_drawn = drawn[1]["uscc"].as_str().unwrap().to_string();
    ok(
        &db,
        &[
            "inspection",
            "replace",
            "1",
            "--uscc",
            &first_drawn,
            "--reason",
            "已注销",
        ],
    );
    let officer = drawn[0]["officers"][0].as_str().unwrap().to_string();
    ok(
        &db,
        &[
            "inspection",
            "recuse",
            "1",
            "--uscc",
            &uscc(9),
            "--officer",
            &officer,
            "--reason",
            "申请回避",
            "--decided-by",
            "局长",
        ],
    );
    ok(
        &db,
        &[
            "inspector",
            "conflict",
            "add",
            "li.na",
            "--uscc",
            &uscc(9),
            "--reason",
            "曾任职",
        ],
    );
    ok(&db, &["inspector", "deactivate", "zhang.wei"]);
    let list = ok(&db, &["inspector", "list"]);
    assert!(list.contains("inactive"), "{list}");
    ok(&db, &["inspection", "verify-draw", "1"]);
    // An edited list: exit 1, naming the first difference.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(&format!(
            "UPDATE inspection_body SET risk_class = 'A', uscc = '{}' WHERE position = 2",
            uscc(20)
        ))
        .unwrap();
    let (code, out, _) = run(&db, &["inspection", "verify-draw", "1"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("drawn #2") && out.contains(&uscc(20)), "{out}");
}

#[test]
fn bad_input_is_refused_with_exit_2_or_3_a_clear_message_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_register(dir.path());
    let u = uscc(3);
    let create = |ratio: &str| -> Vec<String> {
        [
            "inspection",
            "task",
            "create",
            "--name",
            "x",
            "--year",
            "2026",
            "--items",
            "1",
            "--authority",
            "局",
            "--kind",
            "cma",
            "--ratio",
            ratio,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let cases: Vec<(Vec<String>, i32, &str)> = vec![
        (
            vec![
                "inspection".into(),
                "draw".into(),
                "99".into(),
                "--public-value".into(),
                "1".into(),
            ],
            3,
            "no inspection task 99",
        ),
        (
            vec![
                "inspection".into(),
                "draw".into(),
                "abc".into(),
                "--public-value".into(),
                "1".into(),
            ],
            3,
            "no inspection task abc",
        ),
        (
            vec!["inspection".into(), "show".into(), "7".into()],
            3,
            "no inspection task 7",
        ),
        (
            vec!["inspection".into(), "verify-draw".into(), "7".into()],
            3,
            "no inspection task 7",
        ),
        (
            vec!["inspection".into(), "verify-draw".into(), "1".into()],
            3,
            "not been drawn",
        ),
        (
            vec![
                "inspection".into(),
                "draw".into(),
                "1".into(),
                "--public-value".into(),
                "  ".into(),
            ],
            2,
            "--public-value is empty",
        ),
        (create("A=1,B=3,C=101,D=30"), 2, "more than 100"),
        (create("A=one"), 2, "cannot be read"),
        (create("E=5"), 2, "cannot be read"),
        (create("A=1,A=2"), 2, "twice"),
        (
            vec![
                "inspection".into(),
                "task".into(),
                "create".into(),
                "--name".into(),
                "x".into(),
                "--year".into(),
                "2026".into(),
                "--items".into(),
                "5".into(),
                "--authority".into(),
                "局".into(),
                "--kind".into(),
                "cma".into(),
            ],
            3,
            "no item 5",
        ),
        (
            vec![
                "inspection".into(),
                "task".into(),
                "create".into(),
                "--name".into(),
                "x".into(),
                "--year".into(),
                "2026".into(),
                "--items".into(),
                "1".into(),
                "--authority".into(),
                "局".into(),
                "--kind".into(),
                "cma".into(),
                "--officers-per-body".into(),
                "1".into(),
            ],
            3,
            "Art. 42",
        ),
        (
            vec![
                "inspection".into(),
                "task".into(),
                "create".into(),
                "--name".into(),
                "x".into(),
                "--year".into(),
                "2026".into(),
                "--items".into(),
                "1".into(),
                "--authority".into(),
                "局".into(),
                "--kind".into(),
                "cma".into(),
                "--include".into(),
                u.clone(),
            ],
            2,
            "USCC:REASON",
        ),
        (
            vec![
                "inspection".into(),
                "task".into(),
                "create".into(),
                "--name".into(),
                "=cmd()".into(),
                "--year".into(),
                "2026".into(),
                "--items".into(),
                "1".into(),
                "--authority".into(),
                "局".into(),
                "--kind".into(),
                "cma".into(),
            ],
            3,
            "formula",
        ),
        (
            vec!["inspector".into(), "deactivate".into(), "nobody".into()],
            3,
            "no officer with the login 'nobody'",
        ),
        (
            vec![
                "inspector".into(),
                "conflict".into(),
                "add".into(),
                "nobody".into(),
                "--uscc".into(),
                u.clone(),
                "--reason".into(),
                "x".into(),
            ],
            3,
            "no officer",
        ),
        (
            vec![
                "inspector".into(),
                "add".into(),
                "x\u{1b}y".into(),
                "--name".into(),
                "n".into(),
                "--cert-no".into(),
                "c".into(),
                "--dept".into(),
                "d".into(),
            ],
            3,
            "no officer",
        ),
        (
            vec![
                "inspector".into(),
                "add".into(),
                "ok".into(),
                "--name".into(),
                "n".into(),
                "--cert-no".into(),
                "c".into(),
                "--dept".into(),
                "d".into(),
                "--kinds".into(),
                "lab".into(),
            ],
            3,
            "not cb, cma",
        ),
        (
            vec![
                "act".into(),
                "set-risk-class".into(),
                "--uscc".into(),
                uscc(999),
                "--class".into(),
                "A".into(),
                "--date".into(),
                "2026-11-01".into(),
                "--basis".into(),
                "b".into(),
            ],
            3,
            "no body with the USCC",
        ),
        (
            vec![
                "act".into(),
                "set-risk-class".into(),
                "--uscc".into(),
                u.clone(),
                "--class".into(),
                "E".into(),
                "--date".into(),
                "2026-11-01".into(),
                "--basis".into(),
                "b".into(),
            ],
            2,
            "A (low risk)",
        ),
        (
            vec![
                "settings".into(),
                "set".into(),
                "inspection_ratio_a".into(),
                "101".into(),
            ],
            3,
            "0 to 100",
        ),
    ];
    for (args, code, says) in cases {
        let before = events_in(&db);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (got, out, err) = run(&db, &args);
        assert_eq!(got, code, "{args:?}: {out}{err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(events_in(&db), before, "{args:?} wrote nothing");
    }
    // After the draw: a second draw, a body not on the list, an officer not on the body.
    ok(&db, &["inspection", "draw", "1", "--public-value", "527"]);
    ok(&db, &["inspection", "assign", "1"]);
    let drawn_cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["inspection", "draw", "1", "--public-value", "528"],
            3,
            "cannot be drawn again",
        ),
        (
            vec!["inspection", "replace", "1", "--uscc", &u, "--reason", "x"],
            3,
            "not on the task's drawn list",
        ),
        (
            vec![
                "inspection",
                "replace",
                "1",
                "--uscc",
                "not-a-uscc",
                "--reason",
                "x",
            ],
            3,
            "no body with the USCC",
        ),
        (
            vec![
                "inspection",
                "recuse",
                "1",
                "--uscc",
                &u,
                "--officer",
                "li.na",
                "--reason",
                "x",
                "--decided-by",
                "y",
            ],
            3,
            "not on the task's drawn list",
        ),
        (
            vec!["inspection", "assign", "1"],
            3,
            "has its officers already",
        ),
    ];
    for (args, code, says) in drawn_cases {
        let before = events_in(&db);
        let (got, out, err) = run(&db, &args);
        assert_eq!(got, code, "{args:?}: {out}{err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(events_in(&db), before, "{args:?} wrote nothing");
    }
    // The same refusal in Chinese.
    let out = certdesk(&db)
        .args([
            "--lang",
            "zh",
            "inspection",
            "draw",
            "1",
            "--public-value",
            "x",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("不得重新抽取"));
}

#[test]
fn the_defaults_of_a_task_are_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_register(dir.path());
    ok(&db, &["settings", "set", "inspection_ratio_b", "50"]);
    ok(&db, &["settings", "set", "inspection_exclude_months", "0"]);
    let shown = ok(&db, &["settings", "show"]);
    assert!(
        shown.contains("inspection_ratio_b") && shown.contains("50"),
        "{shown}"
    );
    ok(
        &db,
        &[
            "inspection",
            "task",
            "create",
            "--name",
            "默认比例",
            "--year",
            "2027",
            "--items",
            "1",
            "--authority",
            "局",
            "--kind",
            "cma",
        ],
    );
    let (_, json, _) = run(&db, &["inspection", "show", "2", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["ratios"],
        serde_json::json!({"A": 1, "B": 50, "C": 10, "D": 30})
    );
    assert_eq!(v["exclude_inspected_within_months"], 0);
}
