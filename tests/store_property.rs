//! Property: no sequence of accepted acts leaves a qualification whose stored state
//! contradicts its events — whatever the acts, their order and their dates, each
//! qualification's stored status is the one its last state-changing event recorded, every
//! refused act wrote nothing, and `check` replays the whole log onto the tables exactly.

mod common;

use certdesk::domain::Date;
use certdesk::domain::acts::{
    ActKind, ActRequest, CreditList, Hearing, RectificationResult, VerifyResult,
};
use certdesk::domain::ids::ApprovalNo;
use certdesk::import::{EncodingChoice, check_table, read_table};
use certdesk::store::Store;
use certdesk::store::import::BatchMode;
use common::*;
use jiff::ToSpan;
use jiff::civil::date;
use proptest::prelude::*;
use std::collections::HashMap;

const T: Date = date(2026, 11, 27);

/// Three bodies: optimized (1), general (2), commitment (3) — see `common::batch`.
fn store(dir: &std::path::Path) -> Store {
    let mut store = Store::create_or_open(&dir.join("p.db"), T).unwrap();
    let file = batch(dir, "b.csv", 1, 3);
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

/// One step: which body, which act, days after the previous step, and the choices an officer
/// makes in the form.
type Step = (u32, usize, i64, u8);

fn request(act: ActKind, day: Date, choice: u8) -> ActRequest {
    ActRequest {
        act: Some(act),
        date: Some(day),
        basis: "检验检测机构监督管理办法第二十五条".into(),
        doc_no: "京市监〔2026〕1号".into(),
        reason: "抽查".into(),
        deadline: day.checked_add(60.days()).ok(),
        verify_result: Some(VerifyResult::ALL[choice as usize % VerifyResult::ALL.len()]),
        rectification_result: Some(RectificationResult::ALL[choice as usize % 2]),
        scope_add: if choice.is_multiple_of(3) {
            vec!["建筑材料检测".into()]
        } else {
            vec![]
        },
        scope_remove: if choice % 3 == 1 {
            vec!["环境监测".into()]
        } else {
            vec![]
        },
        name: Some(format!("北京第{choice}检测有限公司")),
        notice_served_on: day.checked_sub(20.days()).ok(),
        hearing: Some(Hearing::Waived),
        officers: vec!["张伟".into(), "王芳".into()],
        credit_list: Some(CreditList::ALL[choice as usize % 2]),
        ..Default::default()
    }
}

/// The stored status each approval's last state-recording event says it has.
fn status_by_events(store: &Store) -> HashMap<String, String> {
    let mut last = HashMap::new();
    store
        .for_each_event(|e| {
            if let (Some(no), Some(after)) = (&e.approval_no, &e.after) {
                let v: serde_json::Value = serde_json::from_str(after).unwrap();
                if let Some(s) = v["status"].as_str()
                    && ActKind::parse(&e.act).is_some()
                {
                    last.insert(no.clone(), s.to_string());
                }
            }
            Ok(())
        })
        .unwrap();
    last
}

fn stored_status(store: &Store) -> HashMap<String, String> {
    let mut out = HashMap::new();
    store
        .for_each_qualification(|q| {
            out.insert(q.approval_no, q.stored_status);
            Ok(())
        })
        .unwrap();
    out
}

fn event_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn accepted_acts_leave_the_state_their_events_say(
        steps in prop::collection::vec((1u32..=3, 0usize..ActKind::ALL.len(), 0i64..40, any::<u8>()), 1..14)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let mut day = date(2026, 4, 1);
        for (body, act, gap, choice) in steps as Vec<Step> {
            day = day.checked_add(gap.days()).unwrap().min(T);
            let act = ActKind::ALL[act];
            let no = ApprovalNo::parse(&cma_no(body)).unwrap();
            let before = (event_count(&store), stored_status(&store));
            match store.perform(&no, &request(act, day, choice), None) {
                Ok(done) => {
                    prop_assert_eq!(event_count(&store), before.0 + 1, "{} wrote one event", act);
                    let stored = stored_status(&store);
                    let by_events = status_by_events(&store);
                    prop_assert_eq!(&stored[no.as_str()], &by_events[no.as_str()], "{} {:?}", act, done);
                }
                Err(_) => {
                    prop_assert_eq!(event_count(&store), before.0, "a refused {} wrote an event", act);
                    prop_assert_eq!(stored_status(&store), before.1, "a refused {} changed a state", act);
                }
            }
        }
        let report = certdesk::store::check::check(store.conn(), &[], None, 5).unwrap();
        prop_assert!(report.ok(), "{:?}", report);
    }
}
