//! Risk signals (风险预警, issue 11 point 9): each kind on a hand-built register, present inside
//! its window and absent just outside it; the suggested class; `certdesk risk` and its JSON;
//! `certdesk inspection include` (定向 before the draw) and its refusals.

mod common;

use certdesk::domain::Date;
use certdesk::domain::acts::{ActKind, ActRequest, Hearing, RectificationResult, VerifyResult};
use certdesk::domain::ids::{ApprovalNo, BodyKind};
use certdesk::domain::inspection::Ratios;
use certdesk::domain::model::RiskClass;
use certdesk::domain::risk::SignalKind as K;
use certdesk::import::{EncodingChoice, check_table, read_table};
use certdesk::store::Store;
use certdesk::store::import::BatchMode;
use certdesk::store::inspections::TaskDraft;
use certdesk::store::risk::{RiskBody, RiskQuery};
use common::*;
use jiff::civil::date;
use std::path::Path;

const T: Date = date(2026, 11, 27);

/// Bodies 1…9 (CMA, granted 2024-03-05, valid until 2030-03-04; n ≡ 0 mod 3 by commitment,
/// whose verification fell due on 2024-06-05).
fn register(dir: &Path) -> Store {
    let db = dir.join("t.db");
    let mut store = Store::create_or_open(&db, T).unwrap();
    store.set_actor("importer");
    let file = batch(dir, "b.csv", 1, 9);
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
    store
}

fn act(store: &mut Store, n: u32, req: ActRequest) -> i64 {
    let no = ApprovalNo::parse(&cma_no(n)).unwrap();
    store.perform(&no, &req, None).unwrap().event_id
}

fn on(day: Date, act: ActKind) -> ActRequest {
    ActRequest {
        act: Some(act),
        date: Some(day),
        basis: "检验检测机构资质认定管理办法第三十八条".into(),
        doc_no: "京市监认〔2025〕1号".into(),
        reason: "检查发现问题".into(),
        ..Default::default()
    }
}

fn suspend(day: Date) -> ActRequest {
    ActRequest {
        deadline: Some(day.checked_add(jiff::Span::new().months(3)).unwrap()),
        notice_served_on: Some(day.checked_sub(jiff::Span::new().days(20)).unwrap()),
        hearing: Some(Hearing::Waived),
        officers: vec!["张伟".into(), "王芳".into()],
        ..on(day, ActKind::Suspend)
    }
}

fn signals_on(db: &Path, today: Date) -> Vec<RiskBody> {
    Store::open(db, today)
        .unwrap()
        .risk_signals(&RiskQuery::default())
        .unwrap()
}

/// The kinds of body `n`'s signals, and the ids of the events behind each.
fn kinds_of(bodies: &[RiskBody], n: u32) -> Vec<(K, Vec<i64>)> {
    bodies
        .iter()
        .find(|b| b.uscc == uscc(n))
        .map(|b| {
            b.signals
                .iter()
                .map(|s| (s.kind, s.events.iter().map(|e| e.id).collect()))
                .collect()
        })
        .unwrap_or_default()
}

fn has(bodies: &[RiskBody], n: u32, kind: K) -> bool {
    kinds_of(bodies, n).iter().any(|(k, _)| *k == kind)
}

#[test]
fn a_penalty_counts_for_24_months_to_the_day_and_not_one_day_more() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = register(dir.path());
    let event = act(&mut store, 1, suspend(date(2025, 3, 10)));
    drop(store);
    let inside = signals_on(&db, date(2027, 3, 10));
    assert_eq!(
        kinds_of(&inside, 1),
        vec![
            (K::RecentPenalty, vec![event]),
            (K::ClassTooLow, vec![event])
        ]
    );
    let b = inside.iter().find(|b| b.uscc == uscc(1)).unwrap();
    assert_eq!(
        (b.risk_class, b.suggested_class),
        (RiskClass::B, RiskClass::C)
    );
    assert_eq!(b.signals[0].since, date(2025, 3, 10));
    assert_eq!(b.approval_no.as_deref(), Some(cma_no(1).as_str()));
    // 24 months and 1 day after the decision: no longer a signal.
    let outside = signals_on(&db, date(2027, 3, 11));
    assert!(
        kinds_of(&outside, 1).is_empty(),
        "{:?}",
        kinds_of(&outside, 1)
    );
}

#[test]
fn two_rectification_orders_in_the_window_are_repeated_and_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = register(dir.path());
    let order = |d: Date| ActRequest {
        deadline: Some(d.checked_add(jiff::Span::new().days(30)).unwrap()),
        ..on(d, ActKind::OrderRectification)
    };
    let met = |d: Date| ActRequest {
        rectification_result: Some(RectificationResult::Met),
        ..on(d, ActKind::RecordRectification)
    };
    let first = act(&mut store, 2, order(date(2025, 1, 10)));
    act(&mut store, 2, met(date(2025, 2, 1)));
    let second = act(&mut store, 2, order(date(2026, 5, 10)));
    // One order on another body is not "repeated".
    act(&mut store, 4, order(date(2026, 5, 10)));
    let now = store.risk_signals(&RiskQuery::default()).unwrap();
    assert_eq!(
        kinds_of(&now, 2),
        vec![
            (K::RepeatedRectification, vec![first, second]),
            (K::ClassTooLow, vec![first, second])
        ]
    );
    assert!(kinds_of(&now, 4).is_empty());
    drop(store);
    // The first order leaves the window the day after its second anniversary.
    assert!(has(
        &signals_on(&db, date(2027, 1, 10)),
        2,
        K::RepeatedRectification
    ));
    assert!(!has(
        &signals_on(&db, date(2027, 1, 11)),
        2,
        K::RepeatedRectification
    ));
    // The threshold is a setting.
    let mut store = Store::open(&db, T).unwrap();
    store.set_setting("risk_repeated_orders", "3").unwrap();
    assert!(!has(
        &store.risk_signals(&RiskQuery::default()).unwrap(),
        2,
        K::RepeatedRectification
    ));
}

#[test]
fn a_verification_overdue_from_the_day_after_it_was_due_until_it_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let store = register(dir.path());
    let now = store.risk_signals(&RiskQuery::default()).unwrap();
    // Bodies 3, 6 and 9 were granted on commitment; their verification was due on 2024-06-05.
    for n in [3, 6, 9] {
        let k = kinds_of(&now, n);
        assert_eq!(k.len(), 1, "{k:?}");
        assert_eq!(k[0].0, K::VerificationOverdue);
        // The event behind it is the grant that opened the verification.
        let e = &now.iter().find(|b| b.uscc == uscc(n)).unwrap().signals[0];
        assert_eq!(e.events.len(), 1);
        assert_eq!(e.events[0].act, "grant");
        assert_eq!(e.since, date(2024, 6, 6));
        // Overdue alone suggests B, the class these bodies have: no class_too_low.
    }
    for n in [1, 2, 4] {
        assert!(kinds_of(&now, n).is_empty());
    }
    drop(store);
    assert!(!has(
        &signals_on(&db, date(2024, 6, 5)),
        3,
        K::VerificationOverdue
    ));
    assert!(has(
        &signals_on(&db, date(2024, 6, 6)),
        3,
        K::VerificationOverdue
    ));
    let mut store = Store::open(&db, T).unwrap();
    act(
        &mut store,
        3,
        ActRequest {
            verify_result: Some(VerifyResult::Conforming),
            ..on(date(2026, 11, 20), ActKind::Verify)
        },
    );
    assert!(kinds_of(&store.risk_signals(&RiskQuery::default()).unwrap(), 3).is_empty());
}

#[test]
fn false_and_unkept_commitments_are_signals_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = register(dir.path());
    let verify = |r: VerifyResult, d: Date| ActRequest {
        verify_result: Some(r),
        ..on(d, ActKind::Verify)
    };
    let f = act(&mut store, 3, verify(VerifyResult::False, date(2025, 6, 1)));
    let u = act(
        &mut store,
        6,
        verify(VerifyResult::Unkept, date(2025, 6, 2)),
    );
    let now = store.risk_signals(&RiskQuery::default()).unwrap();
    // The approvals are revoked, the record stays open: the signals show (and suggest C).
    assert_eq!(
        kinds_of(&now, 3),
        vec![(K::FalseCommitment, vec![f]), (K::ClassTooLow, vec![f])]
    );
    assert_eq!(
        kinds_of(&now, 6),
        vec![(K::UnkeptCommitment, vec![u]), (K::ClassTooLow, vec![u])]
    );
    // The kinds narrow the list; the suggested class still weighs every signal.
    let only = store
        .risk_signals(&RiskQuery {
            kinds: vec![K::FalseCommitment],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].uscc, uscc(3));
    assert_eq!(only[0].suggested_class, RiskClass::C);
    drop(store);
    assert!(has(
        &signals_on(&db, date(2027, 6, 1)),
        3,
        K::FalseCommitment
    ));
    assert!(!has(
        &signals_on(&db, date(2027, 6, 2)),
        3,
        K::FalseCommitment
    ));
    assert!(has(
        &signals_on(&db, date(2027, 6, 2)),
        6,
        K::UnkeptCommitment
    ));
    assert!(!has(
        &signals_on(&db, date(2027, 6, 3)),
        6,
        K::UnkeptCommitment
    ));
}

#[test]
fn an_approval_expiring_within_the_horizon_with_no_renewal_filed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let store = register(dir.path());
    drop(store);
    // Valid until 2030-03-04: 90 days before is 2029-12-04.
    let at = signals_on(&db, date(2029, 12, 4));
    let k = kinds_of(&at, 1);
    assert_eq!(k.len(), 1, "{k:?}");
    assert_eq!(k[0].0, K::ExpiringWithoutRenewal);
    let s = &at.iter().find(|b| b.uscc == uscc(1)).unwrap().signals[0];
    assert_eq!(s.since, date(2029, 12, 4));
    assert_eq!(s.events[0].act, "grant");
    assert!(!has(
        &signals_on(&db, date(2029, 12, 3)),
        1,
        K::ExpiringWithoutRenewal
    ));
    // A renewal filed takes the signal away.
    let mut store = Store::open(&db, date(2029, 12, 4)).unwrap();
    act(&mut store, 1, on(date(2029, 12, 4), ActKind::FileRenewal));
    let after = store.risk_signals(&RiskQuery::default()).unwrap();
    assert!(!has(&after, 1, K::ExpiringWithoutRenewal));
    assert!(has(&after, 2, K::ExpiringWithoutRenewal));
}

#[test]
fn two_kinds_with_a_serious_one_suggest_d_and_a_class_set_high_enough_ends_class_too_low() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path());
    // Body 3: overdue verification and a penalty.
    act(&mut store, 3, suspend(date(2026, 11, 20)));
    let now = store.risk_signals(&RiskQuery::default()).unwrap();
    let b = &now[0];
    assert_eq!(b.uscc, uscc(3), "the strongest body comes first");
    assert_eq!(b.suggested_class, RiskClass::D);
    assert!(has(&now, 3, K::ClassTooLow));
    store
        .set_risk_class(&uscc(3), RiskClass::D, T, "信用风险分类结果")
        .unwrap();
    let now = store.risk_signals(&RiskQuery::default()).unwrap();
    assert!(has(&now, 3, K::RecentPenalty));
    assert!(!has(&now, 3, K::ClassTooLow));
}

#[test]
fn an_annulled_act_is_no_signal() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path());
    let e = act(&mut store, 1, suspend(date(2026, 11, 20)));
    assert!(has(
        &store.risk_signals(&RiskQuery::default()).unwrap(),
        1,
        K::RecentPenalty
    ));
    store
        .annul(
            e,
            Some(date(2026, 11, 25)),
            "认定事实不清",
            "行政复议法第六十四条",
            "京复决〔2026〕1号",
        )
        .unwrap();
    assert!(!has(
        &store.risk_signals(&RiskQuery::default()).unwrap(),
        1,
        K::RecentPenalty
    ));
}

fn event_count(db: &Path) -> i64 {
    Store::open(db, T)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

/// The keys of a JSON object, sorted.
fn keys_of(v: &serde_json::Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn certdesk_risk_prints_the_documented_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = register(dir.path());
    let e = act(&mut store, 1, suspend(date(2026, 11, 20)));
    drop(store);
    let out = certdesk(&db)
        .args(["risk", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let all = v.as_array().unwrap();
    // Body 1 (penalty, class too low) first, then the three overdue verifications.
    assert_eq!(all.len(), 4);
    let first = &all[0];
    assert_eq!(
        keys_of(first),
        keys_of(
            &serde_json::json!({"uscc": 0, "name": 0, "approval_no": 0, "risk_class": 0,
                                     "suggested_class": 0, "signals": 0})
        )
    );
    assert_eq!(first["uscc"], uscc(1));
    assert_eq!(first["approval_no"], cma_no(1));
    assert_eq!(first["risk_class"], "B");
    assert_eq!(first["suggested_class"], "C");
    let s = &first["signals"][0];
    assert_eq!(
        keys_of(s),
        keys_of(&serde_json::json!({"code": 0, "label": 0, "since": 0, "events": 0}))
    );
    assert_eq!(s["code"], "recent_penalty");
    assert_eq!(s["label"], "recent penalty");
    assert_eq!(s["since"], "2026-11-20");
    assert_eq!(
        s["events"],
        serde_json::json!([{"id": e, "act": "suspend", "act_date": "2026-11-20"}])
    );
    assert_eq!(first["signals"][1]["code"], "class_too_low");
    // --kind, --labels zh.
    let out = certdesk(&db)
        .args([
            "risk",
            "--format",
            "json",
            "--kind",
            "verification_overdue",
            "--labels",
            "zh",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert_eq!(v[0]["signals"][0]["label"], "承诺核查逾期");
    // The text table names the body and the event.
    certdesk(&db)
        .args(["risk"])
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            "#{e} suspend 2026-11-20"
        )))
        .stdout(predicates::str::contains("B → C"));
    // A region with no body: an empty list.
    certdesk(&db)
        .args(["risk", "--format", "json", "--region", "44"])
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn certdesk_risk_refuses_bad_flags_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    drop(register(dir.path()));
    for (args, says) in [
        (
            vec!["--kind", "penalty"],
            "'penalty' is not a kind of signal",
        ),
        (
            vec!["--kind", "recent_penalty,\u{1b}[31m"],
            "is not a kind of signal",
        ),
        (vec!["--labels", "fr"], "--labels"),
        (vec!["--region", "abc"], "--region"),
        (vec!["--format", "xml"], "xml"),
    ] {
        let out = certdesk(&db)
            .arg("risk")
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says))
            .get_output()
            .stderr
            .clone();
        assert!(
            !out.contains(&0x1b),
            "{args:?}: an escape reached the terminal"
        );
    }
}

/// A CMA task (not drawn) and a CB task, through the store.
fn tasks(store: &mut Store) -> (i64, i64) {
    let item = |store: &mut Store, kind| {
        store
            .add_inspection_item("检查", "条例第五十五条", "内容", "现场检查", kind, true)
            .unwrap()
            .id
    };
    let cma = item(store, BodyKind::Cma);
    let cb = item(store, BodyKind::Cb);
    let draft = |items, kind| TaskDraft {
        name: "2026年度双随机抽查".into(),
        year: 2026,
        items: vec![items],
        authority: "北京市市场监督管理局".into(),
        joint_with: String::new(),
        kind,
        region: String::new(),
        ratios: Ratios {
            a: 0,
            b: 10,
            c: 0,
            d: 0,
        },
        officers_per_body: 2,
        include: Vec::new(),
        exclude_months: 0,
    };
    let a = store.create_task(&draft(cma, BodyKind::Cma)).unwrap();
    let b = store.create_task(&draft(cb, BodyKind::Cb)).unwrap();
    (a, b)
}

#[test]
fn inspection_include_adds_a_body_on_purpose_before_the_draw_and_refuses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = register(dir.path());
    let (cma, cb) = tasks(&mut store);
    // Body 3's commitment was false: its approval is revoked.
    act(
        &mut store,
        3,
        ActRequest {
            verify_result: Some(VerifyResult::False),
            ..on(date(2026, 11, 20), ActKind::Verify)
        },
    );
    let drawn = store.create_task(&TaskDraft {
        name: "已抽取".into(),
        ..draft_like(&store, cma)
    });
    let drawn = drawn.unwrap();
    store.draw(drawn, "527", None).unwrap();
    drop(store);

    let refusals: Vec<(Vec<String>, i32, &str)> = vec![
        (args(drawn, &uscc(1), "理由"), 3, "was drawn on 2026-11-27"),
        (
            args(99, &uscc(1), "理由"),
            3,
            "there is no inspection task 99",
        ),
        (args(0, &uscc(1), "理由"), 3, "there is no inspection task"),
        (args(cma, "91110000600037341M", "理由"), 3, "--uscc"),
        (args(cma, &uscc(50), "理由"), 3, "no body with the USCC"),
        (args(cb, &uscc(1), "理由"), 3, "of kind cma"),
        (args(cma, &uscc(3), "理由"), 3, "no approval in force"),
        (args(cma, &uscc(1), "  "), 2, "reason"),
        (args(cma, &uscc(1), "投诉\u{7}举报"), 3, "reason"),
    ];
    let before = event_count(&db);
    for (a, code, says) in &refusals {
        certdesk(&db)
            .args(a)
            .assert()
            .code(*code)
            .stderr(predicates::str::contains(*says))
            .stderr(predicates::str::contains("\u{7}").not());
        assert_eq!(event_count(&db), before, "{a:?} wrote something");
    }
    certdesk(&db)
        .args(args(cma, &uscc(1), "风险预警：近期受到处罚"))
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            "{} added to task {cma} on purpose",
            uscc(1)
        )));
    assert_eq!(event_count(&db), before + 1);
    // Twice is refused.
    certdesk(&db)
        .args(args(cma, &uscc(1), "再次"))
        .assert()
        .code(3)
        .stderr(predicates::str::contains("directed list already"));
    let store = Store::open(&db, T).unwrap();
    let view = store.task_view(cma).unwrap();
    assert_eq!(
        view.included,
        vec![(uscc(1), "风险预警：近期受到处罚".to_string())]
    );
    // The event names the body (the screens follow it) and the log replays.
    let (act, on_body): (String, String) = store
        .conn()
        .query_row(
            "SELECT act, uscc FROM event ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((act.as_str(), on_body), ("inspection-include", uscc(1)));
    drop(store);
    certdesk(&db).arg("check").assert().success();
    // At the draw the body is on the list as directed, with its reason.
    let mut store = Store::open(&db, T).unwrap();
    store.draw(cma, "123", None).unwrap();
    let view = store.task_view(cma).unwrap();
    let b = view.drawn.iter().find(|b| b.uscc == uscc(1)).unwrap();
    assert_eq!(
        (b.how.as_str(), b.reason.as_str()),
        ("directed", "风险预警：近期受到处罚")
    );
}

use predicates::prelude::PredicateBooleanExt;

fn args(task: i64, uscc: &str, reason: &str) -> Vec<String> {
    [
        "inspection",
        "include",
        &task.to_string(),
        "--uscc",
        uscc,
        "--reason",
        reason,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A draft with the items of task `like`.
fn draft_like(store: &Store, like: i64) -> TaskDraft {
    let v = store.task_view(like).unwrap();
    TaskDraft {
        name: v.name,
        year: v.year,
        items: v.items,
        authority: v.authority,
        joint_with: v.joint_with,
        kind: BodyKind::Cma,
        region: v.region,
        ratios: v.ratios,
        officers_per_body: v.officers_per_body,
        include: Vec::new(),
        exclude_months: v.exclude_inspected_within_months,
    }
}

#[test]
fn reading_a_few_bodies_gives_what_the_whole_read_gives_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = register(dir.path());
    let order = |d: Date| ActRequest {
        deadline: Some(d.checked_add(jiff::Span::new().days(30)).unwrap()),
        ..on(d, ActKind::OrderRectification)
    };
    act(&mut store, 2, order(date(2026, 1, 10)));
    act(
        &mut store,
        2,
        ActRequest {
            rectification_result: Some(RectificationResult::Met),
            ..on(date(2026, 2, 1), ActKind::RecordRectification)
        },
    );
    act(&mut store, 2, order(date(2026, 5, 10)));
    act(&mut store, 1, suspend(date(2026, 11, 20)));
    let all = store.risk_signals(&RiskQuery::default()).unwrap();
    for n in [1, 2, 3, 4] {
        let few = store
            .risk_signals(&RiskQuery {
                bodies: Some([uscc(n)].into()),
                ..Default::default()
            })
            .unwrap();
        let whole: Vec<&RiskBody> = all.iter().filter(|b| b.uscc == uscc(n)).collect();
        assert_eq!(few.iter().collect::<Vec<_>>(), whole, "body {n}");
    }
}
