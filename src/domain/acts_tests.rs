use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn view(status: QualStatus) -> QualView {
    QualView {
        status,
        kind: BodyKind::Cma,
        route: Route::Commitment,
        decided_on: date(2024, 3, 5),
        valid_until: date(2030, 3, 4),
        scope: vec![
            ("食品检测".into(), ScopeStatus::Active),
            ("环境监测".into(), ScopeStatus::Active),
        ],
        open_follow_ups: vec![],
        credit_lists: vec![],
        bar_until: None,
        renewal: None,
    }
}

/// `view` with a renewal filed on `filed_on`, late or in time.
fn renewing(status: QualStatus, filed_on: Date, late: bool) -> QualView {
    QualView {
        renewal: Some(RenewalFiled {
            application_id: 1,
            filed_on,
            late,
        }),
        ..view(status)
    }
}

fn req(act: ActKind) -> ActRequest {
    ActRequest {
        act: Some(act),
        date: Some(date(2026, 11, 20)),
        basis: "检验检测机构资质认定管理办法第四十二条".into(),
        deadline: Some(date(2027, 2, 20)),
        verify_result: Some(VerifyResult::Conforming),
        rectification_result: Some(RectificationResult::Met),
        credit_list: Some(CreditList::Abnormal),
        scope_add: vec!["建筑材料检测".into()],
        name: Some("新名称检测有限公司".into()),
        // A penalty's procedure: notice served, a written waiver, two officers.
        notice_served_on: Some(date(2026, 11, 2)),
        hearing: Some(Hearing::Waived),
        officers: vec!["张伟".into(), "王芳".into()],
        ..Default::default()
    }
}

const TODAY: Date = date(2026, 11, 27);
/// When the tests' open follow-ups were opened (before every act date they use).
const OPENED: Date = date(2026, 11, 2);

fn run(r: &ActRequest, q: &QualView) -> Result<Plan, Refusal> {
    plan(r, q, TODAY, &Calendar::official(), &Settings::default())
}

#[test]
fn commitment_verification_outcomes() {
    let mut q = view(QualStatus::PendingVerification);
    q.open_follow_ups = vec![(FollowUpKind::Verification, OPENED)];
    let p = run(&req(ActKind::Verify), &q).unwrap();
    assert_eq!(p.next_status, Some(QualStatus::Active));
    assert_eq!(
        p.close,
        vec![(FollowUpKind::Verification, "conforming".to_string())]
    );

    let mut r = req(ActKind::Verify);
    r.verify_result = Some(VerifyResult::Rectify);
    let p = run(&r, &q).unwrap();
    assert_eq!(p.next_status, Some(QualStatus::Active));
    assert_eq!(p.open[0].kind, FollowUpKind::Rectification);
    assert_eq!(p.open[0].due.date, date(2027, 2, 20));

    r.verify_result = Some(VerifyResult::False);
    let p = run(&r, &q).unwrap();
    assert_eq!(p.next_status, Some(QualStatus::Revoked));
    assert!(
        p.bar_commitment,
        "a false commitment closes the commitment route"
    );
    assert_eq!(
        p.close,
        vec![(FollowUpKind::Verification, "false".to_string())]
    );

    r.verify_result = None;
    assert_eq!(run(&r, &q).unwrap_err().field, Some("result"));
}

#[test]
fn verify_is_refused_once_verified() {
    let e = run(&req(ActKind::Verify), &view(QualStatus::Active)).unwrap_err();
    assert!(e.to_string().contains("not allowed"), "{e}");
    assert!(e.to_string().contains("pending_verification"), "{e}");
}

#[test]
fn suspension_opens_its_deadline_and_the_publication_clock() {
    let p = run(&req(ActKind::Suspend), &view(QualStatus::Active)).unwrap();
    assert_eq!(p.next_status, Some(QualStatus::Suspended));
    let kinds: Vec<_> = p.open.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        vec![FollowUpKind::Suspension, FollowUpKind::Publication]
    );
    // 20 working days from Fri 2026-11-20: 23 Nov .. 18 Dec.
    assert_eq!(p.open[1].due.date, date(2026, 12, 18));

    let mut r = req(ActKind::Suspend);
    r.deadline = None;
    assert_eq!(
        run(&r, &view(QualStatus::Active)).unwrap_err().field,
        Some("deadline")
    );
    r.deadline = Some(date(2026, 11, 1));
    assert_eq!(
        run(&r, &view(QualStatus::Active)).unwrap_err().field,
        Some("deadline")
    );
    r.deadline = Some(date(2027, 1, 1));
    r.officers = vec!["张伟".into()];
    assert_eq!(
        run(&r, &view(QualStatus::Active)).unwrap_err().field,
        Some("officers")
    );
    r.officers = vec!["张伟".into(), "王芳".into()];
    r.notice_served_on = Some(date(2026, 11, 25));
    assert_eq!(
        run(&r, &view(QualStatus::Active)).unwrap_err().field,
        Some("notice_served_on")
    );
}

#[test]
fn lift_only_from_suspended() {
    let p = run(&req(ActKind::Lift), &view(QualStatus::Suspended)).unwrap();
    assert_eq!(p.next_status, Some(QualStatus::Active));
    assert!(run(&req(ActKind::Lift), &view(QualStatus::Active)).is_err());
}

#[test]
fn partial_revocation_keeps_the_approval() {
    let mut r = req(ActKind::Revoke);
    r.scope_remove = vec!["环境监测".into()];
    let p = run(&r, &view(QualStatus::Active)).unwrap();
    assert_eq!(p.next_status, None);
    assert_eq!(
        p.scope_set,
        vec![("环境监测".to_string(), ScopeStatus::Revoked)]
    );
    r.scope_remove = vec!["环境监测".into(), "食品检测".into()];
    assert!(
        run(&r, &view(QualStatus::Active))
            .unwrap_err()
            .to_string()
            .contains("every scope item")
    );
    r.scope_remove = vec!["不存在".into()];
    assert_eq!(
        run(&r, &view(QualStatus::Active)).unwrap_err().field,
        Some("scope_remove")
    );
}

#[test]
fn expiry_is_derived_and_renewal_must_be_filed_before_it() {
    let mut q = view(QualStatus::Active);
    q.valid_until = date(2026, 11, 1);
    // Effective state is expired: suspension is no longer possible, cancellation is.
    assert!(
        run(&req(ActKind::Suspend), &q)
            .unwrap_err()
            .to_string()
            .contains("expired")
    );
    assert_eq!(
        run(&req(ActKind::Cancel), &q).unwrap().next_status,
        Some(QualStatus::Cancelled)
    );
    assert!(!allowed_acts(&q, TODAY, &Settings::default()).contains(&ActKind::FileRenewal));

    // Filing opens a renewal application and leaves the state alone: in time, or late.
    let q = view(QualStatus::Active);
    let p = run(&req(ActKind::FileRenewal), &q).unwrap();
    assert_eq!(p.next_status, None);
    assert!(!p.file_renewal.unwrap().late);
    let mut soon = view(QualStatus::Active);
    soon.valid_until = date(2026, 12, 10); // CMA: 3 months ahead
    assert!(
        run(&req(ActKind::FileRenewal), &soon)
            .unwrap()
            .file_renewal
            .unwrap()
            .late
    );
    let filed = renewing(QualStatus::Active, date(2026, 11, 1), false);
    assert!(
        run(&req(ActKind::FileRenewal), &filed)
            .unwrap_err()
            .to_string()
            .contains("already filed")
    );
    // A suspension does not erase it, nor block filing one.
    let suspended = view(QualStatus::Suspended);
    assert!(run(&req(ActKind::FileRenewal), &suspended).is_ok());
}

#[test]
fn renewal_decisions() {
    let q = renewing(QualStatus::Active, date(2026, 11, 1), false);
    let p = run(&req(ActKind::Renew), &q).unwrap();
    assert_eq!(
        (p.next_status, p.new_valid_until, p.decide_renewal),
        (None, Some(date(2036, 3, 4)), Some(RenewalDecision::Granted))
    );
    let mut r = req(ActKind::Renew);
    r.valid_until = Some(date(2029, 1, 1));
    assert_eq!(run(&r, &q).unwrap_err().field, Some("valid_until"));
    let p = run(&req(ActKind::RefuseRenewal), &q).unwrap();
    assert_eq!(
        (p.next_status, p.decide_renewal),
        (None, Some(RenewalDecision::Refused))
    );
    assert!(run(&req(ActKind::Renew), &view(QualStatus::Active)).is_err());

    // Undecided at the end date, filed in time: renewed by law, no longer refusable.
    let mut deemed = renewing(QualStatus::Active, date(2026, 5, 1), false);
    deemed.valid_until = date(2026, 11, 1);
    let refused = run(&req(ActKind::RefuseRenewal), &deemed).unwrap_err();
    assert!(
        refused.to_string().contains("第五十条"),
        "{}",
        refused.to_string()
    );
    assert!(!allowed_acts(&deemed, TODAY, &Settings::default()).contains(&ActKind::RefuseRenewal));
    // Refused on the end date itself, recorded later: allowed.
    let mut r = req(ActKind::RefuseRenewal);
    r.date = Some(date(2026, 11, 1));
    assert!(run(&r, &deemed).is_ok());
    // The certificate of the renewal by law can still be recorded.
    assert!(run(&req(ActKind::Renew), &deemed).is_ok());
    // Filed late: no protection; after the end the approval lapsed and cannot be renewed.
    let mut late = renewing(QualStatus::Active, date(2026, 10, 1), true);
    late.valid_until = date(2026, 11, 1);
    assert!(run(&req(ActKind::RefuseRenewal), &late).is_ok());
    assert_eq!(
        run(&req(ActKind::Renew), &late).unwrap_err().field,
        Some("date")
    );
    // Suspended during the renewal: renewed, and still suspended.
    let suspended = renewing(QualStatus::Suspended, date(2026, 11, 1), false);
    assert_eq!(
        run(&req(ActKind::Renew), &suspended).unwrap().next_status,
        None
    );
    // Verification works while a renewal is pending.
    let mut r = req(ActKind::Verify);
    r.verify_result = Some(VerifyResult::Conforming);
    let pending = renewing(QualStatus::PendingVerification, date(2026, 11, 1), false);
    assert_eq!(
        run(&r, &pending).unwrap().next_status,
        Some(QualStatus::Active)
    );
    // A revocation ends the renewal with the approval.
    assert_eq!(
        run(&req(ActKind::Withdraw), &q).unwrap().decide_renewal,
        Some(RenewalDecision::Ended)
    );
}

#[test]
fn common_fields_are_checked() {
    let q = view(QualStatus::Active);
    let mut r = req(ActKind::OrderRectification);
    r.basis = "  ".into();
    assert_eq!(run(&r, &q).unwrap_err().field, Some("basis"));
    let mut r = req(ActKind::OrderRectification);
    r.date = Some(date(2026, 12, 1));
    assert_eq!(run(&r, &q).unwrap_err().field, Some("date"));
    r.date = Some(date(2020, 1, 1));
    assert_eq!(run(&r, &q).unwrap_err().field, Some("date"));
    let mut r = req(ActKind::OrderRectification);
    r.reason = "evil\u{1b}[2Jname".into();
    assert_eq!(run(&r, &q).unwrap_err().field, Some("reason"));
    r.reason = String::new();
    r.act = None;
    assert_eq!(run(&r, &q).unwrap_err().field, Some("act"));
}

#[test]
fn follow_up_acts_need_something_open() {
    let q = view(QualStatus::Active);
    assert!(run(&req(ActKind::RecordRectification), &q).is_err());
    assert!(run(&req(ActKind::Publish), &q).is_err());
    assert!(!allowed_acts(&q, TODAY, &Settings::default()).contains(&ActKind::Publish));
    let mut q = q;
    q.open_follow_ups = vec![
        (FollowUpKind::Rectification, OPENED),
        (FollowUpKind::Publication, OPENED),
    ];
    assert_eq!(
        run(&req(ActKind::RecordRectification), &q).unwrap().close[0].1,
        "met"
    );
    assert!(allowed_acts(&q, TODAY, &Settings::default()).contains(&ActKind::Publish));
}

#[test]
fn credit_listing_and_particulars() {
    let mut q = view(QualStatus::Active);
    assert_eq!(
        run(&req(ActKind::ListCredit), &q).unwrap().credit_add,
        Some(CreditList::Abnormal)
    );
    assert!(run(&req(ActKind::Delist), &q).is_err());
    q.credit_lists = vec![CreditList::Abnormal];
    assert!(run(&req(ActKind::ListCredit), &q).is_err());
    assert_eq!(
        run(&req(ActKind::Delist), &q).unwrap().credit_remove,
        Some(CreditList::Abnormal)
    );
    let mut r = req(ActKind::ChangeParticulars);
    r.name = Some("  ".into());
    assert_eq!(run(&r, &q).unwrap_err().field, Some("name"));
}

#[test]
fn grants_by_route() {
    let cal = Calendar::official();
    let (s, f) = plan_grant(
        Route::Commitment,
        BodyKind::Cma,
        date(2026, 3, 15),
        &cal,
        &Settings::default(),
    );
    assert_eq!(s, QualStatus::PendingVerification);
    // 3 months from 15 Mar 2026 = 15 Jun 2026 (a Monday, a working day).
    assert_eq!(f.unwrap().due.date, date(2026, 6, 15));
    let settings = Settings {
        cb_verification: Clock::months(6),
        ..Settings::default()
    };
    let (_, f) = plan_grant(
        Route::Commitment,
        BodyKind::Cb,
        date(2026, 3, 15),
        &cal,
        &settings,
    );
    assert_eq!(f.unwrap().due.date, date(2026, 9, 15));
    let (s, f) = plan_grant(
        Route::Optimized,
        BodyKind::Cb,
        date(2026, 3, 15),
        &cal,
        &settings,
    );
    assert_eq!((s, f), (QualStatus::Active, None));
}

fn any_status() -> impl Strategy<Value = QualStatus> {
    proptest::sample::select(QualStatus::ALL.to_vec())
}
fn any_act() -> impl Strategy<Value = ActKind> {
    proptest::sample::select(ActKind::ALL.to_vec())
}

proptest! {
    /// No act leads out of a terminal state, and every accepted act lands in a state the
    /// rules allow from where it started.
    #[test]
    fn no_act_leaves_a_terminal_state(status in any_status(), act in any_act(), until_days in -400i64..4000) {
        let mut q = view(status);
        q.valid_until = TODAY.checked_add(jiff::Span::new().days(until_days)).unwrap();
        q.open_follow_ups = vec![(FollowUpKind::Rectification, OPENED), (FollowUpKind::Publication, OPENED), (FollowUpKind::Verification, OPENED)];
        q.credit_lists = vec![CreditList::Abnormal];
        let mut r = req(act);
        if act == ActKind::ListCredit { r.credit_list = Some(CreditList::Serious); }
        let result = run(&r, &q);
        let effective = q.standing(TODAY, &Settings::default()).status;
        if effective.is_terminal() {
            prop_assert!(result.is_err());
        }
        if let Ok(p) = &result {
            prop_assert!(allowed_from(act).contains(&effective));
            if let Some(next) = p.next_status {
                prop_assert!(next != effective || matches!(act, ActKind::Lift | ActKind::Renew | ActKind::RefuseRenewal | ActKind::Verify));
            }
        }
        // The menu offers exactly what the rules accept (for this fully-filled request).
        if allowed_acts(&q, TODAY, &Settings::default()).contains(&act) && act != ActKind::Revoke && act != ActKind::ChangeScope {
            prop_assert!(result.is_ok() || result.as_ref().unwrap_err().field.is_some(), "{:?} {:?}", act, result);
        }
    }

    /// A cancelled qualification is final whatever the request says.
    #[test]
    fn cancelled_is_final(act in any_act(), days in 0i64..400) {
        let mut r = req(act);
        r.date = TODAY.checked_sub(jiff::Span::new().days(days)).ok();
        prop_assert!(run(&r, &view(QualStatus::Cancelled)).is_err());
    }
}

#[test]
fn an_act_cannot_precede_what_it_answers() {
    let mut q = view(QualStatus::Suspended);
    q.open_follow_ups = vec![(FollowUpKind::Suspension, date(2026, 11, 20))];
    let mut r = req(ActKind::Lift);
    r.date = Some(date(2026, 11, 19));
    let refusal = run(&r, &q).unwrap_err();
    assert_eq!(refusal.field, Some("date"));
    assert!(
        refusal
            .to_string()
            .contains("before the suspension of 2026-11-20"),
        "{refusal}"
    );
    r.date = Some(date(2026, 11, 20));
    assert!(run(&r, &q).is_ok(), "the same day is allowed");

    let mut q = view(QualStatus::Active);
    q.open_follow_ups = vec![(FollowUpKind::Rectification, date(2026, 11, 21))];
    let mut r = req(ActKind::RecordRectification);
    r.date = Some(date(2026, 11, 20));
    assert!(
        run(&r, &q)
            .unwrap_err()
            .to_string()
            .contains("order to rectify of 2026-11-21")
    );
}

#[test]
fn no_date_of_an_act_lies_after_2100() {
    let q = view(QualStatus::Active);
    for field in ["deadline", "valid_until", "notice_served_on"] {
        let mut r = req(ActKind::Suspend);
        let far = Some(date(9999, 12, 31));
        match field {
            "deadline" => r.deadline = far,
            "valid_until" => r.valid_until = far,
            _ => r.notice_served_on = far,
        }
        let refusal = run(&r, &q).unwrap_err();
        assert_eq!(refusal.field, Some(field), "{refusal}");
        assert!(
            refusal.to_string().contains("after 2100-12-31"),
            "{refusal}"
        );
    }
    let mut r = req(ActKind::OrderRectification);
    r.deadline = Some(LATEST_DATE);
    assert!(run(&r, &q).is_ok(), "2100-12-31 itself is allowed");
}

#[test]
fn scope_comes_back_only_through_an_application_and_not_while_barred() {
    let mut q = view(QualStatus::Active);
    q.scope[1].1 = ScopeStatus::Revoked;
    let mut r = req(ActKind::ChangeScope);
    r.scope_add = vec!["环境监测".into()];
    let refusal = run(&r, &q).unwrap_err();
    assert!(refusal.to_string().contains("new application"), "{refusal}");
    r.scope_add = vec!["建筑材料检测".into()];
    assert!(run(&r, &q).is_ok());
    q.bar_until = Some(date(2027, 11, 20));
    let refusal = run(&r, &q).unwrap_err();
    assert!(refusal.to_string().contains("第七十八条"), "{refusal}");
    q.bar_until = Some(date(2026, 11, 19));
    assert!(run(&r, &q).is_ok(), "a bar that ended no longer counts");
}

#[test]
fn a_whole_revocation_ends_every_scope_item() {
    let q = view(QualStatus::Active);
    let mut r = req(ActKind::Revoke);
    r.scope_remove.clear();
    let p = run(&r, &q).unwrap();
    assert_eq!(p.next_status, Some(QualStatus::Revoked));
    assert_eq!(
        p.scope_set,
        vec![
            ("食品检测".to_string(), ScopeStatus::Revoked),
            ("环境监测".to_string(), ScopeStatus::Revoked)
        ]
    );
}

#[test]
fn every_path_that_ends_suspends_or_revokes_is_grave() {
    let mut q = view(QualStatus::PendingVerification);
    q.open_follow_ups = vec![(FollowUpKind::Verification, OPENED)];
    for (result, grave) in [
        (VerifyResult::Conforming, false),
        (VerifyResult::Rectify, false),
        (VerifyResult::Unkept, true),
        (VerifyResult::False, true),
    ] {
        let mut r = req(ActKind::Verify);
        r.verify_result = Some(result);
        let p = run(&r, &q).unwrap();
        assert_eq!(p.is_grave(), grave, "{result:?}");
    }
    let q = view(QualStatus::Active);
    let mut r = req(ActKind::Revoke);
    r.scope_remove = vec!["环境监测".into()];
    assert!(run(&r, &q).unwrap().is_grave(), "a partial revocation");
    assert!(
        !run(&req(ActKind::OrderRectification), &q)
            .unwrap()
            .is_grave()
    );
}
