//! Store integration tests on temp files: acts, conflicts, concurrent writers, the event chain.

mod common;

use certdesk::domain::Date;
use certdesk::domain::acts::{ActKind, ActRequest, VerifyResult};
use certdesk::domain::ids::ApprovalNo;
use certdesk::import::{EncodingChoice, check_table, read_table};
use certdesk::store::events::verify_chain;
use certdesk::store::import::BatchMode;
use certdesk::store::{Store, StoreError};
use common::*;
use jiff::civil::date;
use std::path::Path;

const T: Date = date(2026, 11, 27);

fn store_with(dir: &Path, rows: u32) -> Store {
    let mut store = Store::create_or_open(&dir.join("t.db"), T).unwrap();
    let file = batch(dir, "b.csv", 1, rows);
    let table = read_table(&file, None, EncodingChoice::Auto).unwrap();
    let checked = check_table(&table);
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    let out = store
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
    assert_eq!(out.written, rows as usize);
    store
}

fn act(kind: ActKind) -> ActRequest {
    ActRequest {
        act: Some(kind),
        date: Some(date(2026, 11, 20)),
        basis: "检验检测机构资质认定管理办法第四十二条".into(),
        doc_no: "京市监认罚〔2026〕1号".into(),
        reason: "检测人员不足".into(),
        deadline: Some(date(2027, 2, 20)),
        // A penalty's procedure: notice served, a written waiver, two officers.
        notice_served_on: Some(date(2026, 11, 2)),
        hearing: Some(certdesk::domain::acts::Hearing::Waived),
        officers: vec!["张伟".into(), "王芳".into()],
        ..Default::default()
    }
}

fn no(n: u32) -> ApprovalNo {
    ApprovalNo::parse(&cma_no(n)).unwrap()
}

fn event_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn every_accepted_act_appends_exactly_one_event_and_bumps_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with(dir.path(), 3);
    // Body 2 is an optimized grant (active). Walk it through a life.
    let steps = [
        (ActKind::OrderRectification, "active"),
        (ActKind::Suspend, "suspended"),
        (ActKind::Lift, "active"),
        (ActKind::FileRenewal, "renewal_pending"),
        (ActKind::Renew, "active"),
        (ActKind::Publish, "active"),
        (ActKind::RevokePenalty, "revoked_penalty"),
        (ActKind::Cancel, "cancelled"),
    ];
    for (i, (kind, after)) in steps.iter().enumerate() {
        let before = event_count(&store);
        let done = store
            .perform(&no(2), &act(*kind), None)
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(done.status_after, *after, "{kind}");
        assert_eq!(done.version, i as i64 + 2);
        assert_eq!(event_count(&store), before + 1, "{kind}");
    }
    // Terminal: every act refused, nothing written.
    let before = event_count(&store);
    for kind in ActKind::ALL {
        let e = store.perform(&no(2), &act(*kind), None).unwrap_err();
        assert_eq!(e.exit_code(), 3, "{kind}: {e}");
    }
    assert_eq!(event_count(&store), before);
    assert_eq!(verify_chain(store.conn()).unwrap().first_bad, None);
}

#[test]
fn commitment_grant_opens_a_verification_that_the_verify_act_closes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with(dir.path(), 3);
    // Body 3 is a commitment grant (3 % 3 == 0).
    let file = store.body_file(&cma_no(3)).unwrap();
    let q = &file.qualifications[0];
    assert_eq!(q.qualification.status, "pending_verification");
    assert_eq!(q.follow_ups[0].kind, "verification");
    assert_eq!(
        q.follow_ups[0].due_on, "2024-06-05",
        "3 months after 2024-03-05"
    );
    assert!(q.follow_ups[0].estimated, "2024 has no holiday schedule");
    let queue = store.queue(30).unwrap();
    assert!(queue.iter().any(|i| i.kind == "verification"
        && i.overdue
        && i.approval_no.as_deref() == Some(&cma_no(3)[..])));

    let mut r = act(ActKind::Verify);
    r.verify_result = Some(VerifyResult::Conforming);
    store.perform(&no(3), &r, None).unwrap();
    let file = store.body_file(&cma_no(3)).unwrap();
    assert_eq!(file.qualifications[0].qualification.status, "active");
    assert_eq!(
        file.qualifications[0].follow_ups[0].result.as_deref(),
        Some("conforming")
    );
    assert_eq!(file.history[0].act, "verify");
    assert_eq!(file.history[0].actor, store.actor());
}

#[test]
fn a_refused_act_writes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with(dir.path(), 2);
    let before = event_count(&store);
    let e = store
        .perform(&no(2), &act(ActKind::Lift), None)
        .unwrap_err();
    assert!(matches!(e, StoreError::Refused(_)));
    assert!(e.to_string().contains("lift is not allowed"), "{e}");
    assert_eq!(event_count(&store), before);
    let e = store
        .perform(
            &ApprovalNo::parse("CNCA-R-2020-001").unwrap(),
            &act(ActKind::Lift),
            None,
        )
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e}");
}

#[test]
fn a_stale_version_is_refused_naming_who_changed_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store_with(dir.path(), 2);
    let mut b = Store::create_or_open(&dir.path().join("t.db"), T).unwrap();
    b.set_actor("王芳");
    // Both officers loaded version 1; 王芳 acts first.
    b.perform(&no(2), &act(ActKind::OrderRectification), Some(1))
        .unwrap();
    let before = event_count(&a);
    let e = a
        .perform(&no(2), &act(ActKind::Suspend), Some(1))
        .unwrap_err();
    assert_eq!(e.exit_code(), 4);
    assert!(e.to_string().contains("王芳"), "{e}");
    assert_eq!(event_count(&a), before);
    assert_eq!(
        a.body_file(&cma_no(2)).unwrap().qualifications[0]
            .qualification
            .status,
        "active"
    );
}

#[test]
fn two_connections_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 40));
    let path = dir.path().join("t.db");
    let threads: Vec<_> = (0..2)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::create_or_open(&path, T).unwrap();
                for n in (1..=40).filter(|n| n % 2 == t) {
                    // Each thread orders rectification on its own half, twice.
                    for _ in 0..2 {
                        s.perform(&no(n), &act(ActKind::OrderRectification), None)
                            .unwrap();
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = Store::create_or_open(&path, T).unwrap();
    // The database's creation, 40 grants and their file's record, 80 acts.
    assert_eq!(event_count(&s), 2 + 40 + 80);
    assert_eq!(verify_chain(s.conn()).unwrap().first_bad, None);
    let versions: i64 = s
        .conn()
        .query_row("SELECT sum(version) FROM qualification", [], |r| r.get(0))
        .unwrap();
    assert_eq!(versions, 40 * 3);
}

#[test]
fn the_chain_detects_an_edited_or_deleted_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with(dir.path(), 5);
    store
        .perform(&no(2), &act(ActKind::OrderRectification), None)
        .unwrap();
    let report = verify_chain(store.conn()).unwrap();
    let hash: String = store
        .conn()
        .query_row("SELECT hash FROM event WHERE id = 8", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        report,
        certdesk::store::events::ChainReport {
            events: 8,
            first_bad: None,
            head: Some(certdesk::store::events::Head { event_id: 8, hash }),
            trusted: None,
            trusted_lost: None,
        }
    );
    // The triggers refuse edits through SQL.
    let e = store
        .conn()
        .execute("UPDATE event SET reason = 'x' WHERE id = 3", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert!(
        store
            .conn()
            .execute("DELETE FROM event WHERE id = 3", [])
            .is_err()
    );

    // Someone drops the triggers and edits a row.
    let c = store.conn();
    c.execute_batch(
        "DROP TRIGGER event_append_only_update; DROP TRIGGER event_append_only_delete;",
    )
    .unwrap();
    c.execute(
        "UPDATE event SET reason = 'nothing happened' WHERE id = 8",
        [],
    )
    .unwrap();
    let report = verify_chain(c).unwrap();
    assert_eq!(report.first_bad.as_ref().map(|b| b.0), Some(8));
    assert!(report.first_bad.unwrap().1.to_string().contains("altered"));

    let dir2 = tempfile::tempdir().unwrap();
    let store = store_with(dir2.path(), 5);
    let c = store.conn();
    c.execute_batch("DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE id = 3;")
        .unwrap();
    assert_eq!(verify_chain(c).unwrap().first_bad.map(|b| b.0), Some(4));
}

#[test]
fn a_batch_is_idempotent_and_never_moves_an_approval() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with(dir.path(), 10);
    let file = dir.path().join("b.csv");
    let table = read_table(&file, None, EncodingChoice::Auto).unwrap();
    let checked = check_table(&table);
    let before = event_count(&store);
    let mode = BatchMode {
        dry_run: false,
        skip_invalid: false,
    };
    let out = store
        .import_grants("b.csv", &table.sha256, &checked.rows, 0, mode)
        .unwrap();
    assert_eq!((out.written, out.unchanged, out.committed), (0, 10, false));
    assert!(out.already_imported.is_some());
    assert_eq!(event_count(&store), before);

    // The same approval number under another USCC: an error, nothing written.
    let mut rows = checked.rows.clone();
    rows[0].uscc = certdesk::domain::ids::Uscc::parse(&uscc(999)).unwrap();
    rows.push({
        let mut r = rows[1].clone();
        r.approval_no = no(500);
        r.row = 99;
        r
    });
    let out = store
        .import_grants("x.csv", "other", &rows, 0, mode)
        .unwrap();
    assert_eq!(out.errors.len(), 1);
    assert!(
        out.errors[0].message.contains("belongs to another body"),
        "{}",
        out.errors[0].message
    );
    assert_eq!((out.written, out.committed), (0, false));
    assert_eq!(event_count(&store), before);
    // With skip_invalid the valid new row is written.
    let out = store
        .import_grants(
            "x.csv",
            "other",
            &rows,
            0,
            BatchMode {
                dry_run: false,
                skip_invalid: true,
            },
        )
        .unwrap();
    assert_eq!(
        (out.written, out.committed, out.rejected_rows.clone()),
        (1, true, vec![2])
    );
}

#[test]
fn applications_run_their_clock_and_a_grant_creates_the_qualification() {
    use certdesk::domain::applications::{ApplicationAct, ApplicationPurpose};
    use certdesk::domain::ids::{BodyKind, Uscc};
    use certdesk::domain::model::{RiskClass, Route};
    use certdesk::store::applications::{Decision, NewApplication};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_or_open(&dir.path().join("a.db"), T).unwrap();
    let id = store
        .receive_application(&NewApplication {
            purpose: ApplicationPurpose::New,
            uscc: Uscc::parse(&uscc(7)).unwrap(),
            name: "上海某某认证有限公司".into(),
            kind: BodyKind::Cb,
            route: Route::Optimized,
            approval_no: None,
            scope: vec!["质量管理体系认证".into()],
            region: "310000".into(),
            risk_class: RiskClass::B,
            received_on: date(2026, 9, 28),
            reason: String::new(),
        })
        .unwrap();
    let q = store.queue(30).unwrap();
    assert!(
        q.iter()
            .any(|i| i.kind == "materials" && i.application_id == Some(id) && i.overdue)
    );
    let d = |day: Date| Decision {
        date: Some(day),
        ..Default::default()
    };
    store
        .act_on_application(id, ApplicationAct::Accept, &d(date(2026, 9, 29)), None)
        .unwrap();
    // 20 working days from Tue 29 Sep 2026: 30 Sep, then 1–7 Oct off, Sat 10 Oct worked … Mon 2 Nov.
    let row = store.application(id).unwrap();
    assert_eq!(row.decision_due.as_deref(), Some("2026-11-02"));
    store
        .act_on_application(id, ApplicationAct::Pause, &d(date(2026, 10, 12)), None)
        .unwrap();
    store
        .act_on_application(id, ApplicationAct::Resume, &d(date(2026, 10, 19)), None)
        .unwrap();
    let row = store.application(id).unwrap();
    assert_eq!(
        row.decision_due.as_deref(),
        Some("2026-11-09"),
        "5 working days of expert review do not count"
    );
    let e = store
        .act_on_application(id, ApplicationAct::Grant, &d(date(2026, 11, 2)), None)
        .unwrap_err();
    assert_eq!(e.exit_code(), 3, "{e}");
    let grant = Decision {
        date: Some(date(2026, 11, 2)),
        approval_no: Some(ApprovalNo::parse("CNCA-R-2026-101").unwrap()),
        authority: "国家认监委".into(),
        doc_no: "国认监〔2026〕5号".into(),
        basis: "认证认可条例第十一条".into(),
        ..Default::default()
    };
    let row = store
        .act_on_application(id, ApplicationAct::Grant, &grant, None)
        .unwrap();
    assert_eq!(row.status, "granted");
    let file = store.body_file("CNCA-R-2026-101").unwrap();
    assert_eq!(file.qualifications[0].qualification.status, "active");
    assert_eq!(
        file.qualifications[0].qualification.valid_until,
        "2032-11-02"
    );
    assert_eq!(file.history[0].act, "grant");
    assert_eq!(verify_chain(store.conn()).unwrap().first_bad, None);
}

#[test]
fn the_register_finds_names_by_chinese_substrings_and_pages_by_keyset() {
    use certdesk::store::register::{RegisterQuery, RegisterSort};
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), 30);
    let find = |text: &str| {
        let q = RegisterQuery {
            text: text.into(),
            ..Default::default()
        };
        store
            .register_page(&q, None, false, 100)
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        find("第12检测"),
        vec!["北京第12检测有限公司"],
        "3+ characters: trigram index"
    );
    assert_eq!(find("2检").len(), 3, "2 characters: LIKE (2, 12, 22)");
    assert_eq!(find("测").len(), 30, "1 character");
    assert_eq!(
        find(&cma_no(7)),
        vec!["北京第7检测有限公司"],
        "approval number"
    );
    assert_eq!(find(&uscc(9)[..12]).len(), 30, "USCC prefix");
    assert_eq!(find("91").len(), 30, "a short code prefix");
    assert_eq!(find("CNCA").len(), 0, "no CB approvals in this register");
    assert_eq!(find(&cma_no(7)[..6]).len(), 30, "an approval number prefix");
    assert!(find("不存在的机构").is_empty());

    // Keyset paging: pages of 7 in name order cover everything once, forwards and back.
    let q = RegisterQuery {
        sort: RegisterSort::Name,
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.register_page(&q, cursor.as_ref(), false, 7).unwrap();
        if page.is_empty() {
            break;
        }
        cursor = Some(page.last().unwrap().cursor());
        seen.extend(page);
    }
    assert_eq!(seen.len(), 30);
    // In pinyin order (the key stored with the name), not by code point.
    let key = |r: &certdesk::store::register::RegisterRow| {
        (
            certdesk::domain::collation::name_sort_key(&r.name),
            r.qualification_id,
        )
    };
    assert!(seen.windows(2).all(|w| key(&w[0]) < key(&w[1])));
    let back = store
        .register_page(&q, Some(&seen[14].cursor()), true, 7)
        .unwrap();
    assert_eq!(back, seen[7..14].to_vec());
    assert_eq!(store.register_count(&q).unwrap(), 30);
}

#[test]
fn the_general_procedure_clock_is_an_office_setting() {
    use certdesk::domain::applications::{ApplicationAct, ApplicationPurpose};
    use certdesk::domain::ids::{BodyKind, Uscc};
    use certdesk::domain::model::{RiskClass, Route};
    use certdesk::store::applications::{Decision, NewApplication};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_or_open(&dir.path().join("g.db"), T).unwrap();
    let id = store
        .receive_application(&NewApplication {
            purpose: ApplicationPurpose::New,
            uscc: Uscc::parse(&uscc(8)).unwrap(),
            name: "广东某某检测有限公司".into(),
            kind: BodyKind::Cma,
            route: Route::General,
            approval_no: None,
            scope: vec!["食品检测".into()],
            region: "440000".into(),
            risk_class: RiskClass::C,
            received_on: date(2026, 11, 2),
            reason: String::new(),
        })
        .unwrap();
    let accept = Decision {
        date: Some(date(2026, 11, 2)),
        ..Default::default()
    };
    store
        .act_on_application(id, ApplicationAct::Accept, &accept, None)
        .unwrap();
    // 45 days (条例 Art. 11) by default: Thu 2026-12-17.
    assert_eq!(
        store.application(id).unwrap().decision_due.as_deref(),
        Some("2026-12-17")
    );
    store
        .set_setting("general_decision_working_days", "45")
        .unwrap();
    let expected = store
        .calendar()
        .add_working_days(date(2026, 11, 2), 45)
        .date
        .to_string();
    assert_eq!(store.application(id).unwrap().decision_due, Some(expected));
    assert_eq!(
        store.settings().get("general_decision_days"),
        None,
        "one unit at a time"
    );
    let item = store
        .queue(90)
        .unwrap()
        .into_iter()
        .find(|i| i.application_id == Some(id))
        .unwrap();
    assert_eq!(item.unit, certdesk::store::read::DayUnit::WorkingDays);
    // Setting the other unit replaces it, also for a fresh connection.
    store.set_setting("general_decision_days", "60").unwrap();
    let again = Store::create_or_open(&dir.path().join("g.db"), T).unwrap();
    // 60 days from 2026-11-02 end on 2027-01-01, 元旦: a statutory holiday even before the
    // State Council publishes 2027's schedule, so the period ends on Monday 4 January.
    assert_eq!(
        again.application(id).unwrap().decision_due.as_deref(),
        Some("2027-01-04")
    );
    assert_eq!(again.settings().get("general_decision_working_days"), None);
}
