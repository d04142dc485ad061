//! Property: whatever acts are done, in whatever order, the queue the screens hold — updated
//! only with the items of the bodies each act touched (`Store::queue_of_bodies`, merged in
//! place) — is exactly the queue a fresh `Store::queue` reads, item for item and in its order,
//! and so are its counts per kind; and none of it reads the whole queue again.
//!
//! The acts are another officer's commits, seen through `PRAGMA data_version`: the screens
//! then catch up from the events since the last one seen (`changes_since` → the bodies),
//! which is also what they do after their own act (`after_write` → `catch_up`).

mod tui_common;

use certdesk::domain::acts::{
    ActKind, ActRequest, CreditList, Hearing, RectificationResult, VerifyResult,
};
use certdesk::domain::due::DueKind;
use certdesk::domain::ids::{ApprovalNo, BodyKind};
use certdesk::domain::kinds::bases;
use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::store::cases::NewCase;
use certdesk::store::read::QueueItem;
use certdesk::tui::fixture;
use certdesk::tui::theme::Theme;
use jiff::ToSpan;
use proptest::prelude::*;
use tui_common::Harness;

/// Every approval of the fixture (its grants and the application granted on the spot), with
/// its kind of body.
fn approvals() -> Vec<(String, BodyKind)> {
    let mut all: Vec<(String, BodyKind)> = fixture::grants()
        .into_iter()
        .map(|g| (g.approval_no.as_str().to_string(), g.kind))
        .collect();
    all.push(("510000000789".into(), BodyKind::Cma));
    all
}

/// One step: which approval, what (an act of `ActKind::ALL`, or one past them: a penalty case
/// opened), the deadline in days from today, and the choices an officer makes in a form.
type Step = (usize, usize, i64, u8);

fn request(kind: BodyKind, act: ActKind, deadline_in: i64, choice: u8) -> ActRequest {
    let today = fixture::TODAY;
    let offered = bases(kind, act);
    ActRequest {
        act: Some(act),
        date: Some(today.checked_sub((choice as i64 % 3).days()).unwrap()),
        basis: offered
            .get(choice as usize % offered.len().max(1))
            .map_or("行政许可法第八条".into(), |b| b.to_string()),
        doc_no: format!("市监〔2026〕{choice}号"),
        reason: "抽查发现问题".into(),
        deadline: today.checked_add(deadline_in.days()).ok(),
        verify_result: Some(VerifyResult::ALL[choice as usize % VerifyResult::ALL.len()]),
        rectification_result: Some(RectificationResult::ALL[choice as usize % 2]),
        scope_add: if choice.is_multiple_of(3) {
            vec!["建筑材料检测".into()]
        } else {
            vec![]
        },
        scope_remove: vec![],
        name: Some(format!("更名第{choice}检测有限公司")),
        notice_served_on: today.checked_sub(20.days()).ok(),
        hearing: Some(Hearing::Waived),
        officers: vec!["李四".into(), "王五".into()],
        credit_list: Some(CreditList::ALL[choice as usize % 2]),
        ..Default::default()
    }
}

fn held(h: &Harness) -> Vec<QueueItem> {
    h.app.queue.all().iter().map(|i| (**i).clone()).collect()
}

/// How many items of each kind, counted from a list (the screen's header counts these).
fn counts_of(items: &[QueueItem]) -> Vec<(DueKind, usize)> {
    DueKind::ALL
        .into_iter()
        .map(|k| {
            (
                k,
                items
                    .iter()
                    .filter(|i| DueKind::of(&i.kind) == Some(k))
                    .count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn the_queue_updated_act_by_act_is_the_queue_read_afresh(
        steps in prop::collection::vec(
            (0usize..64, 0usize..=ActKind::ALL.len(), -10i64..120, any::<u8>()),
            1..18,
        ),
        horizon in 0usize..4,
    ) {
        let mut h = Harness::with_applications(Lang::Zh, Theme::COLOR, 120, 40);
        // A horizon of 30, 60, 90 or 180 days (w cycles them; each read whole once).
        for _ in 0..horizon {
            h.type_str("w");
            h.settle();
        }
        prop_assert_eq!(held(&h), h.app.store.queue(h.app.queue.within).unwrap());
        let full = h.app.full_reloads();
        let mut other = Store::create_or_open(&h.db_path(), fixture::TODAY).unwrap();
        other.set_actor("李四");
        let approvals = approvals();
        let mut accepted = 0;
        for (n, (which, act, deadline_in, choice)) in (steps as Vec<Step>).into_iter().enumerate() {
            let (approval, kind) = &approvals[which % approvals.len()];
            let no = ApprovalNo::parse(approval).unwrap();
            let done = match ActKind::ALL.get(act) {
                Some(&act) => other
                    .perform(&no, &request(*kind, act, deadline_in, choice), None)
                    .map(|_| ()),
                None => other
                    .open_case(&NewCase {
                        approval_no: approval.clone(),
                        case_no: format!("市监立〔2026〕{n}号"),
                        intended: Some(ActKind::Suspend),
                        opened_on: Some(fixture::TODAY),
                        lead_on: None,
                        officers: vec!["李四".into(), "王五".into()],
                        basis: "行政处罚法第五十四条".into(),
                        doc_no: format!("立案〔2026〕{n}号"),
                        reason: "举报".into(),
                    })
                    .map(|_| ()),
            };
            if done.is_err() {
                continue; // refused: nothing written, nothing to follow
            }
            accepted += 1;
            prop_assert!(h.app.check_data_version(), "step {} is noticed", n);
            h.draw();
            let fresh = h.app.store.queue(h.app.queue.within).unwrap();
            prop_assert_eq!(held(&h), fresh.clone(), "after step {}", n);
            prop_assert_eq!(h.app.queue.counts(), counts_of(&fresh), "counts after step {}", n);
        }
        prop_assert_eq!(
            h.app.full_reloads(),
            full,
            "{} accepted acts, and the whole queue was never read again",
            accepted
        );
    }
}
