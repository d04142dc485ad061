//! The penalty case (行政处罚的一般程序): the steps a suspension or a revocation as a penalty
//! must go through, and the rules that refuse a decision when a step is missing or its clock
//! has not run (行政处罚法 Art. 42, 44, 60–65, 85). Pure: the calendar is passed in.

use super::acts::{ActKind, Arg, Hearing, Refusal, Rule};
use super::calendar::{
    Calendar, Clock, HEARING_NOTICE, HEARING_REQUEST, LEAD_VERIFICATION, PENALTY_DECISION,
    SERVE_DECISION,
};
use super::model::named_enum;
use jiff::civil::Date;

named_enum! {
    /// The steps of a case; the stored name is the CLI name (`certdesk case STEP`).
    CaseStep {
        Open = "open", "立案", [];
        Notify = "notify", "送达处罚告知", [];
        Hearing = "hearing", "陈述申辩与听证", [];
        Extend = "extend", "延长办案期限", [];
        Decide = "decide", "作出处罚决定", [];
        Serve = "serve", "送达处罚决定", [];
        Close = "close", "结案", [];
    }
}

/// The procedure facts a decision is checked against: a case's, or the act's own flags
/// (`--notice-served-on`, `--hearing`, `--officers`) for a decision taken without a case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Procedure {
    /// 立案 and the days the limit was extended by: only a case has them.
    pub opened_on: Option<Date>,
    pub extension_days: u32,
    pub officers: Vec<String>,
    pub notice_served_on: Option<Date>,
    pub hearing: Option<Hearing>,
    /// When a hearing was requested: the day the hearing was notified and the day set for it.
    pub hearing_noticed_on: Option<Date>,
    pub hearing_on: Option<Date>,
    pub hearing_held_on: Option<Date>,
}

/// A hearing answer as typed: `requested`, `waived`, `not_requested`, `not_applicable` (or
/// the Chinese terms), or `held:YYYY-MM-DD` — a hearing requested and held on that day.
pub fn parse_hearing(s: &str) -> Result<(Hearing, Option<Date>), String> {
    let t = s.trim();
    if let Some(day) = t
        .strip_prefix("held:")
        .or_else(|| t.strip_prefix("已举行:"))
    {
        let d = super::dates::parse_date(day.trim())
            .ok_or_else(|| format!("'{s}': the hearing date is not a date (YYYY-MM-DD)"))?;
        return Ok((Hearing::Requested, Some(d)));
    }
    Hearing::parse(t).map(|h| (h, None)).ok_or_else(|| {
        format!("'{s}': write waived, requested, held:YYYY-MM-DD, not_requested or not_applicable")
    })
}

fn refuse<T>(
    field: &'static str,
    rule: Rule,
    args: Vec<(&'static str, Arg)>,
) -> Result<T, Refusal> {
    Err(Refusal::new(Some(field), rule, args))
}

/// The last day the party may ask for a hearing: the 5th working day after the notice.
pub fn hearing_request_ends(cal: &Calendar, notice_served_on: Date) -> Date {
    cal.due(notice_served_on, HEARING_REQUEST).date
}

/// The last day of the 90-day limit from 立案 (Art. 60), with its recorded extension.
pub fn decision_limit(cal: &Calendar, opened_on: Date, extension_days: u32) -> Date {
    cal.due(opened_on, Clock::days(PENALTY_DECISION.n + extension_days))
        .date
}

/// The earliest day a hearing notified on `noticed_on` may be held (≥ 7 working days ahead).
pub fn earliest_hearing(cal: &Calendar, noticed_on: Date) -> Date {
    cal.due(noticed_on, HEARING_NOTICE).date
}

/// The last day to serve a decision taken on `decided_on` (Art. 61).
pub fn service_due(cal: &Calendar, decided_on: Date) -> Date {
    cal.due(decided_on, SERVE_DECISION).date
}

/// The last day to verify a lead discovered on `lead_on`.
pub fn lead_verification_due(cal: &Calendar, lead_on: Date) -> Date {
    cal.due(lead_on, LEAD_VERIFICATION).date
}

/// The distinct officers named, trimmed.
pub fn distinct_officers(officers: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in officers.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        if !out.iter().any(|x| x == o) {
            out.push(o.to_string());
        }
    }
    out
}

/// At least two distinct enforcement officers (Art. 42).
pub fn check_officers(officers: &[String]) -> Result<(), Refusal> {
    if distinct_officers(officers).len() < 2 {
        return refuse("officers", Rule::OfficersTooFew, vec![]);
    }
    Ok(())
}

/// A hearing notified on `noticed_on` for `hearing_on`: at least 7 working days ahead.
pub fn check_hearing_notice(
    cal: &Calendar,
    noticed_on: Date,
    hearing_on: Date,
) -> Result<(), Refusal> {
    let earliest = earliest_hearing(cal, noticed_on);
    if hearing_on < earliest {
        return refuse(
            "hearing_on",
            Rule::HearingNoticeTooShort,
            crate::rule_args![noticed = noticed_on, earliest = earliest],
        );
    }
    Ok(())
}

/// Whether a penalty decision `act` on `date` may be taken with the facts of `p`: the first
/// refusal (`check_decision_all` gives every one).
pub fn check_decision(
    p: &Procedure,
    act: ActKind,
    date: Date,
    cal: &Calendar,
) -> Result<(), Refusal> {
    match check_decision_all(p, act, date, cal).into_iter().next() {
        Some(r) => Err(r),
        None => Ok(()),
    }
}

/// Every refusal of a penalty decision `act` on `date` with the facts of `p`, in the order of
/// the procedure: the notice, the officers, the case's limit, the hearing.
/// Suspension (责令停产停业) and revocation (吊销许可证件) both carry hearing rights (Art. 63).
pub fn check_decision_all(p: &Procedure, act: ActKind, date: Date, cal: &Calendar) -> Vec<Refusal> {
    debug_assert!(act.is_penalty());
    let mut errs = Vec::new();
    let notice = match p.notice_served_on {
        None => {
            errs.push(Refusal::new(
                Some("notice_served_on"),
                Rule::NoNotice,
                vec![],
            ));
            None
        }
        Some(notice) if notice > date => {
            errs.push(Refusal::new(
                Some("notice_served_on"),
                Rule::NoticeAfterDecision,
                crate::rule_args![notice = notice, date = date],
            ));
            None
        }
        Some(notice) => Some(notice),
    };
    if let Err(r) = check_officers(&p.officers) {
        errs.push(r);
    }
    // The rest counts from the notice; the party's answer is missing whatever it answers.
    let Some(notice) = notice else {
        if p.hearing.is_none() {
            errs.push(Refusal::new(
                Some("hearing"),
                Rule::HearingAnswerMissing,
                vec![],
            ));
        }
        return errs;
    };
    if let Err(r) = check_after_notice(p, act, date, cal, notice) {
        errs.push(r);
    }
    errs
}

fn check_after_notice(
    p: &Procedure,
    act: ActKind,
    date: Date,
    cal: &Calendar,
    notice: Date,
) -> Result<(), Refusal> {
    if let Some(opened) = p.opened_on {
        if notice < opened {
            return refuse(
                "notice_served_on",
                Rule::NoticeBeforeCase,
                crate::rule_args![notice = notice, opened = opened],
            );
        }
        let limit = decision_limit(cal, opened, p.extension_days);
        if date > limit {
            return if p.extension_days > 0 {
                refuse(
                    "date",
                    Rule::DecisionLimitPassedExtended,
                    crate::rule_args![opened = opened, limit = limit, days = p.extension_days],
                )
            } else {
                refuse(
                    "date",
                    Rule::DecisionLimitPassed,
                    crate::rule_args![opened = opened, limit = limit],
                )
            };
        }
    }
    let window_ends = hearing_request_ends(cal, notice);
    match p.hearing {
        None => refuse("hearing", Rule::HearingAnswerMissing, vec![]),
        Some(Hearing::NotApplicable) => refuse(
            "hearing",
            Rule::HearingNotApplicable,
            crate::rule_args![act = act.zh()],
        ),
        Some(Hearing::Waived) => Ok(()),
        Some(Hearing::NotRequested) if date <= window_ends => refuse(
            "date",
            Rule::HearingWindowOpen,
            crate::rule_args![window_ends = window_ends, notice = notice],
        ),
        Some(Hearing::NotRequested) => Ok(()),
        Some(Hearing::Requested) => {
            let Some(held) = p.hearing_held_on else {
                return refuse("hearing", Rule::HearingNotHeld, vec![]);
            };
            if held < notice || held > date {
                return refuse(
                    "hearing",
                    Rule::HearingOutsideRange,
                    crate::rule_args![held = held, notice = notice, date = date],
                );
            }
            if let (Some(noticed), Some(on)) = (p.hearing_noticed_on, p.hearing_on) {
                check_hearing_notice(cal, noticed, on)?;
            }
            // Without the hearing's notice on record (no case), the hearing must at least
            // lie 7 working days after the notice of the penalty.
            if p.hearing_noticed_on.is_none() {
                check_hearing_notice(cal, notice, held).map_err(|r| r.on("hearing"))?;
            }
            Ok(())
        }
    }
}

/// What the queue shows as a case's next clock, with its due date.
pub fn next_clock(c: &CaseClocks, cal: &Calendar) -> Option<(&'static str, Date)> {
    if c.closed {
        return None;
    }
    if let Some(decided) = c.decided_on {
        return match c.served_on {
            None => Some(("case_service", service_due(cal, decided))),
            Some(_) => None, // publication is a follow-up of the decision
        };
    }
    let limit = c
        .opened_on
        .map(|o| decision_limit(cal, o, c.extension_days));
    let step = match (
        c.notice_served_on,
        c.hearing,
        c.hearing_on,
        c.hearing_held_on,
    ) {
        (None, ..) => match (c.opened_on, c.lead_on) {
            (None, Some(lead)) => Some(("case_lead", lead_verification_due(cal, lead))),
            _ => None,
        },
        (Some(n), None, ..) => Some(("case_hearing_window", hearing_request_ends(cal, n))),
        (Some(_), Some(Hearing::Requested), Some(on), None) => Some(("case_hearing", on)),
        _ => None,
    };
    match (step, limit) {
        (Some(s), Some(l)) if l < s.1 => Some(("case_limit", l)),
        (Some(s), _) => Some(s),
        (None, Some(l)) => Some(("case_limit", l)),
        (None, None) => None,
    }
}

/// The steps a case allows now, in the order of the procedure (the screens offer these; the
/// store still checks each one's dates). Opening is not among them: it is a step of the
/// qualification. A decision needs a served notice (Art. 44, 62).
pub fn steps_allowed(c: &CaseClocks) -> Vec<CaseStep> {
    match (c.closed, c.decided_on, c.served_on, c.notice_served_on) {
        (true, ..) => vec![],
        // A lead: opened (立案) or closed once verified.
        _ if c.opened_on.is_none() => vec![CaseStep::Open, CaseStep::Close],
        (false, Some(_), None, _) => vec![CaseStep::Serve],
        (false, Some(_), Some(_), _) => vec![CaseStep::Close],
        (false, None, _, None) => vec![CaseStep::Notify, CaseStep::Extend, CaseStep::Close],
        (false, None, _, Some(_)) => vec![
            CaseStep::Hearing,
            CaseStep::Extend,
            CaseStep::Decide,
            CaseStep::Close,
        ],
    }
}

/// Where a case stands, as a code (labels in `i18n::case_stage`): lead, open, notified,
/// hearing_requested, hearing_set, hearing_held, answered (waived or not requested), decided,
/// served, closed.
pub fn stage(c: &CaseClocks) -> &'static str {
    if c.closed {
        "closed"
    } else if c.opened_on.is_none() {
        "lead"
    } else if c.served_on.is_some() {
        "served"
    } else if c.decided_on.is_some() {
        "decided"
    } else if c.notice_served_on.is_none() {
        "open"
    } else {
        match (c.hearing, c.hearing_on, c.hearing_held_on) {
            (None, ..) => "notified",
            (Some(Hearing::Requested), _, Some(_)) => "hearing_held",
            (Some(Hearing::Requested), Some(_), None) => "hearing_set",
            (Some(Hearing::Requested), None, None) => "hearing_requested",
            (Some(_), ..) => "answered",
        }
    }
}

/// The dates of a case the queue needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseClocks {
    pub lead_on: Option<Date>,
    pub opened_on: Option<Date>,
    pub extension_days: u32,
    pub notice_served_on: Option<Date>,
    pub hearing: Option<Hearing>,
    pub hearing_on: Option<Date>,
    pub hearing_held_on: Option<Date>,
    pub decided_on: Option<Date>,
    pub served_on: Option<Date>,
    pub closed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal() -> Calendar {
        Calendar::official()
    }

    /// Notice served Mon 2026-11-02: the request window runs to Mon 11-09.
    fn facts(hearing: Hearing) -> Procedure {
        Procedure {
            opened_on: Some(date(2026, 10, 20)),
            officers: vec!["张伟".into(), "王芳".into()],
            notice_served_on: Some(date(2026, 11, 2)),
            hearing: Some(hearing),
            ..Default::default()
        }
    }

    fn decide(p: &Procedure, d: Date) -> Result<(), Refusal> {
        check_decision(p, ActKind::Suspend, d, &cal())
    }

    #[test]
    fn hearing_answers_are_parsed() {
        assert_eq!(
            parse_hearing("held:2026-11-12"),
            Ok((Hearing::Requested, Some(date(2026, 11, 12))))
        );
        assert_eq!(parse_hearing("waived"), Ok((Hearing::Waived, None)));
        assert_eq!(parse_hearing("放弃听证"), Ok((Hearing::Waived, None)));
        assert!(parse_hearing("held:2026-13-01").is_err());
        assert!(parse_hearing("held:").is_err());
        assert!(
            parse_hearing("maybe")
                .unwrap_err()
                .contains("held:YYYY-MM-DD")
        );
    }

    #[test]
    fn the_request_window_is_five_working_days() {
        let p = facts(Hearing::NotRequested);
        assert_eq!(
            hearing_request_ends(&cal(), date(2026, 11, 2)),
            date(2026, 11, 9)
        );
        assert!(decide(&p, date(2026, 11, 6)).is_err(), "the day before");
        let on_the_day = decide(&p, date(2026, 11, 9)).unwrap_err();
        assert!(
            on_the_day.to_string().contains("第六十四条"),
            "{}",
            on_the_day.to_string()
        );
        assert!(decide(&p, date(2026, 11, 10)).is_ok(), "the day after");
        // A written waiver lets the decision follow the notice at once.
        assert!(decide(&facts(Hearing::Waived), date(2026, 11, 2)).is_ok());
    }

    #[test]
    fn the_window_counts_working_days_across_a_holiday() {
        // Notice Tue 2026-09-29: 30 Sep is a working day, 1–7 Oct are off (国庆 and 中秋),
        // so the 5th working day after is Mon 12 Oct... whatever the schedule says: computed
        // from the calendar, and never earlier than 5 calendar days.
        let c = cal();
        let end = hearing_request_ends(&c, date(2026, 9, 29));
        assert_eq!(c.working_days_between(date(2026, 9, 29), end), 5);
        assert!(end > date(2026, 10, 7), "{end}");
        let mut p = facts(Hearing::NotRequested);
        p.opened_on = Some(date(2026, 9, 1));
        p.notice_served_on = Some(date(2026, 9, 29));
        assert!(check_decision(&p, ActKind::RevokePenalty, end, &c).is_err());
        assert!(
            check_decision(
                &p,
                ActKind::RevokePenalty,
                c.working_day_on_or_after(end.tomorrow().unwrap()),
                &c
            )
            .is_ok()
        );
    }

    #[test]
    fn no_notice_no_decision_and_two_officers() {
        let mut p = facts(Hearing::Waived);
        p.notice_served_on = None;
        let r = decide(&p, date(2026, 11, 20)).unwrap_err();
        assert!(r.to_string().contains("第六十二条"));
        let mut p = facts(Hearing::Waived);
        p.officers = vec!["张伟".into(), " 张伟 ".into()];
        assert_eq!(
            decide(&p, date(2026, 11, 20)).unwrap_err().field,
            Some("officers")
        );
        p.officers = vec![];
        assert!(
            decide(&p, date(2026, 11, 20))
                .unwrap_err()
                .to_string()
                .contains("第四十二条")
        );
    }

    #[test]
    fn hearing_rights_cannot_be_not_applicable() {
        let r = decide(&facts(Hearing::NotApplicable), date(2026, 11, 20)).unwrap_err();
        assert!(r.to_string().contains("第六十三条"));
        assert!(
            check_decision(
                &facts(Hearing::NotApplicable),
                ActKind::RevokePenalty,
                date(2026, 11, 20),
                &cal()
            )
            .is_err()
        );
    }

    #[test]
    fn a_requested_hearing_must_be_held_and_notified_seven_working_days_ahead() {
        let mut p = facts(Hearing::Requested);
        assert!(
            decide(&p, date(2026, 11, 30))
                .unwrap_err()
                .to_string()
                .contains("第六十五条")
        );
        // Notified Tue 11-03: the earliest hearing is Thu 11-12.
        assert_eq!(
            earliest_hearing(&cal(), date(2026, 11, 3)),
            date(2026, 11, 12)
        );
        p.hearing_noticed_on = Some(date(2026, 11, 3));
        p.hearing_on = Some(date(2026, 11, 11));
        p.hearing_held_on = Some(date(2026, 11, 11));
        assert!(
            decide(&p, date(2026, 11, 30))
                .unwrap_err()
                .to_string()
                .contains("第六十四条")
        );
        p.hearing_on = Some(date(2026, 11, 12));
        p.hearing_held_on = Some(date(2026, 11, 12));
        assert!(decide(&p, date(2026, 11, 30)).is_ok());
        // A hearing after the decision is no hearing for it.
        p.hearing_held_on = Some(date(2026, 12, 1));
        assert!(decide(&p, date(2026, 11, 30)).is_err());
    }

    #[test]
    fn the_ninety_day_limit_and_its_extension() {
        let mut p = facts(Hearing::Waived);
        p.opened_on = Some(date(2026, 8, 10));
        // 90 days from Mon 10 Aug 2026 = Sun 8 Nov → Mon 9 Nov.
        assert_eq!(
            decision_limit(&cal(), date(2026, 8, 10), 0),
            date(2026, 11, 9)
        );
        p.notice_served_on = Some(date(2026, 10, 20));
        assert!(decide(&p, date(2026, 11, 9)).is_ok(), "the last day");
        let r = decide(&p, date(2026, 11, 10)).unwrap_err();
        assert!(r.to_string().contains("第六十条"), "{}", r.to_string());
        p.extension_days = 30;
        assert!(decide(&p, date(2026, 11, 10)).is_ok());
    }

    #[test]
    fn the_steps_offered_follow_the_case() {
        let mut k = CaseClocks {
            opened_on: Some(date(2026, 10, 20)),
            ..Default::default()
        };
        assert_eq!(stage(&k), "open");
        assert!(
            !steps_allowed(&k).contains(&CaseStep::Decide),
            "no notice, no decision"
        );
        k.notice_served_on = Some(date(2026, 11, 2));
        assert_eq!(stage(&k), "notified");
        assert!(steps_allowed(&k).contains(&CaseStep::Decide));
        assert!(!steps_allowed(&k).contains(&CaseStep::Notify));
        k.hearing = Some(Hearing::Requested);
        k.hearing_on = Some(date(2026, 11, 20));
        assert_eq!(stage(&k), "hearing_set");
        k.decided_on = Some(date(2026, 11, 27));
        assert_eq!(steps_allowed(&k), [CaseStep::Serve]);
        k.served_on = Some(date(2026, 11, 28));
        assert_eq!(steps_allowed(&k), [CaseStep::Close]);
        k.closed = true;
        assert_eq!(stage(&k), "closed");
        assert!(steps_allowed(&k).is_empty());
    }

    #[test]
    fn the_queue_shows_the_next_clock() {
        let c = cal();
        let mut k = CaseClocks {
            opened_on: Some(date(2026, 10, 20)),
            ..Default::default()
        };
        assert_eq!(next_clock(&k, &c).unwrap().0, "case_limit");
        k.notice_served_on = Some(date(2026, 11, 2));
        assert_eq!(
            next_clock(&k, &c),
            Some(("case_hearing_window", date(2026, 11, 9)))
        );
        k.hearing = Some(Hearing::Requested);
        k.hearing_on = Some(date(2026, 11, 20));
        assert_eq!(
            next_clock(&k, &c),
            Some(("case_hearing", date(2026, 11, 20)))
        );
        k.decided_on = Some(date(2026, 11, 27));
        assert_eq!(
            next_clock(&k, &c),
            Some(("case_service", date(2026, 12, 4)))
        );
        k.served_on = Some(date(2026, 11, 28));
        assert_eq!(next_clock(&k, &c), None);
    }
}
