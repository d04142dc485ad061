//! Applications (办件) an authority decides, and the statutory clock that runs on each.

use super::acts::{Arg, Refusal, Rule, Settings};
use super::calendar::{
    Calendar, Clock, ClockUnit, Deadline, MISSING_MATERIALS, OPTIMIZED_DECISION,
};
use super::model::{Route, named_enum};
use jiff::civil::Date;

named_enum! {
    ApplicationStatus {
        Received = "received", "已收件", [];
        MaterialsRequested = "materials_requested", "补正材料", [];
        Accepted = "accepted", "已受理", [];
        Paused = "paused", "专家评审（计时中止）", [];
        Granted = "granted", "准予许可", [];
        Refused = "refused", "不予许可", [];
        Withdrawn = "withdrawn", "撤回申请", [];
    }
}

named_enum! {
    /// The acts on an application; the stored name is the CLI name (`certdesk application ACT`).
    ApplicationAct {
        Receive = "receive", "收件", [];
        RequestMaterials = "request-materials", "一次性告知补正", [];
        Accept = "accept", "受理", [];
        Pause = "pause", "中止计时", [];
        Resume = "resume", "恢复计时", [];
        Grant = "grant", "准予许可", [];
        Refuse = "refuse", "不予许可", [];
        Withdraw = "withdraw", "撤回申请", [];
    }
}

named_enum! {
    ApplicationPurpose {
        New = "new", "新申请", [];
        Renewal = "renewal", "延续", [];
    }
}

impl ApplicationStatus {
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Received | Self::MaterialsRequested | Self::Accepted | Self::Paused
        )
    }
}

/// The state an act leads to from `from`, or why it may not be done.
pub fn next_status(
    act: ApplicationAct,
    from: ApplicationStatus,
) -> Result<ApplicationStatus, Refusal> {
    use ApplicationAct as A;
    use ApplicationStatus as S;
    let next = match (act, from) {
        (A::RequestMaterials, S::Received) => S::MaterialsRequested,
        (A::Accept, S::Received | S::MaterialsRequested) => S::Accepted,
        (A::Pause, S::Accepted) => S::Paused,
        (A::Resume, S::Paused) => S::Accepted,
        (A::Grant, S::Accepted) => S::Granted,
        // A commitment application is decided on the spot, at receipt.
        (A::Grant | A::Refuse, S::Received) => {
            return Err(refusal(act, from, Rule::ApplicationAcceptFirst));
        }
        (A::Refuse, S::Accepted | S::Paused | S::MaterialsRequested) => S::Refused,
        (A::Withdraw, s) if s.is_open() => S::Withdrawn,
        _ => return Err(refusal(act, from, Rule::ApplicationActNotAllowed)),
    };
    Ok(next)
}

/// The acts an application in state `from` allows now (the menu of the applications screen),
/// in the order of `ApplicationAct::ALL`; receipt starts an application and is never among them.
pub fn allowed_acts(from: ApplicationStatus) -> Vec<ApplicationAct> {
    ApplicationAct::ALL
        .iter()
        .copied()
        .filter(|a| *a != ApplicationAct::Receive && next_status(*a, from).is_ok())
        .collect()
}

/// Whether an act decides or ends the application: the screens ask y/N before it.
pub fn ends_application(act: ApplicationAct) -> bool {
    matches!(
        act,
        ApplicationAct::Grant | ApplicationAct::Refuse | ApplicationAct::Withdraw
    )
}

/// The states of the applications screen's state filter: each open state, or decided (granted,
/// refused or withdrawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateChoice {
    Open,
    Is(ApplicationStatus),
    Decided,
}

impl StateChoice {
    pub const ALL: [StateChoice; 6] = [
        StateChoice::Open,
        StateChoice::Is(ApplicationStatus::Received),
        StateChoice::Is(ApplicationStatus::MaterialsRequested),
        StateChoice::Is(ApplicationStatus::Accepted),
        StateChoice::Is(ApplicationStatus::Paused),
        StateChoice::Decided,
    ];

    pub fn admits(self, s: ApplicationStatus) -> bool {
        match self {
            StateChoice::Open => s.is_open(),
            StateChoice::Is(x) => x == s,
            StateChoice::Decided => !s.is_open(),
        }
    }
}

fn refusal(act: ApplicationAct, from: ApplicationStatus, rule: Rule) -> Refusal {
    Refusal::new(
        None,
        rule,
        crate::rule_args![
            act = Arg::ApplicationAct(act),
            status = Arg::ApplicationStatus(from)
        ],
    )
}

/// The decision clock of a route: commitment is decided on the spot (the day of acceptance);
/// the general procedure's length is an office setting (DOMAIN.md marks it unconfirmed).
pub fn decision_clock(route: Route, settings: &Settings) -> Clock {
    match route {
        Route::Commitment => Clock::days(0),
        Route::Optimized => OPTIMIZED_DECISION,
        Route::General => settings.general_decision,
    }
}

/// When the decision is due: the route's clock from acceptance, extended by the time the clock
/// was stopped for expert review (`paused_total`, in the clock's own unit; 行政许可法 Art. 45).
pub fn decision_due(
    cal: &Calendar,
    settings: &Settings,
    route: Route,
    accepted_on: Date,
    paused_total: u32,
) -> Deadline {
    let clock = decision_clock(route, settings);
    if clock.n == 0 {
        return Deadline {
            date: accepted_on,
            estimated: !cal.covers(accepted_on.year()),
        };
    }
    cal.due(
        accepted_on,
        Clock {
            n: clock.n + paused_total,
            unit: clock.unit,
        },
    )
}

/// How much of the clock a pause from `since` to `until` used, in the clock's unit.
pub fn paused_length(
    cal: &Calendar,
    settings: &Settings,
    route: Route,
    since: Date,
    until: Date,
) -> u32 {
    let n = match decision_clock(route, settings).unit {
        ClockUnit::WorkingDays => cal.working_days_between(since, until),
        ClockUnit::Days | ClockUnit::Months => (until - since).get_days() as i64,
    };
    n.max(0) as u32
}

/// A body may not apply — for an approval, or for more scope — until its bar has run
/// (行政许可法 Art. 78–79), nor by the commitment route once a false commitment closed it.
/// `field` is the field the refusal belongs to where it is made.
pub fn check_not_barred(
    bar_until: Option<Date>,
    commitment_barred: bool,
    route: Option<Route>,
    date: Date,
    field: &'static str,
) -> Result<(), Refusal> {
    if let Some(bar) = bar_until.filter(|b| *b >= date) {
        return Err(Refusal::new(
            Some(field),
            Rule::Barred,
            crate::rule_args![bar = bar],
        ));
    }
    if commitment_barred && route == Some(Route::Commitment) {
        return Err(Refusal::new(
            Some("route"),
            Rule::CommitmentRouteClosed,
            vec![],
        ));
    }
    Ok(())
}

/// When the request for missing materials is due: 5 working days after receipt (Art. 32).
pub fn materials_due(cal: &Calendar, received_on: Date) -> Deadline {
    cal.due(received_on, MISSING_MATERIALS)
}

/// A request for missing materials is made within 5 working days of receipt, all at once;
/// after that the application counts as accepted on receipt (行政许可法 Art. 32(4)) and a late
/// request would only restart a clock the law has already started.
pub fn check_materials_request(
    cal: &Calendar,
    received_on: Date,
    date: Date,
) -> Result<(), Refusal> {
    let due = materials_due(cal, received_on).date;
    if date > due {
        return Err(Refusal::new(
            Some("date"),
            Rule::MaterialsWindowClosed,
            crate::rule_args![due = due, received = received_on, date = date],
        ));
    }
    Ok(())
}

/// The day an application counts as accepted when it is accepted on `date`: that day, or — if
/// it was still as received, no materials requested, after the 5-working-day window — the day
/// of receipt (Art. 32(4)), from which its decision clock then runs.
pub fn effective_acceptance(
    cal: &Calendar,
    from: ApplicationStatus,
    received_on: Date,
    date: Date,
) -> Date {
    if from == ApplicationStatus::Received && date > materials_due(cal, received_on).date {
        received_on
    } else {
        date
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn materials_are_requested_within_five_working_days_or_the_application_counts_as_accepted() {
        let cal = Calendar::official();
        // Received Friday 2026-11-20: the 5 working days end Friday 2026-11-27.
        let received = date(2026, 11, 20);
        assert!(check_materials_request(&cal, received, date(2026, 11, 27)).is_ok());
        let late = check_materials_request(&cal, received, date(2026, 11, 30)).unwrap_err();
        assert!(
            late.to_string().contains("第三十二条"),
            "{}",
            late.to_string()
        );
        use ApplicationStatus as S;
        assert_eq!(
            effective_acceptance(&cal, S::Received, received, date(2026, 11, 26)),
            date(2026, 11, 26)
        );
        assert_eq!(
            effective_acceptance(&cal, S::Received, received, date(2026, 12, 2)),
            received
        );
        assert_eq!(
            effective_acceptance(&cal, S::MaterialsRequested, received, date(2026, 12, 2)),
            date(2026, 12, 2),
            "after a timely request the clock runs from the complete materials"
        );
    }

    #[test]
    fn the_menu_offers_what_the_state_allows() {
        use ApplicationAct as A;
        use ApplicationStatus as S;
        assert_eq!(
            allowed_acts(S::Received),
            [A::RequestMaterials, A::Accept, A::Withdraw]
        );
        assert_eq!(
            allowed_acts(S::Accepted),
            [A::Pause, A::Grant, A::Refuse, A::Withdraw]
        );
        assert_eq!(allowed_acts(S::Paused), [A::Resume, A::Refuse, A::Withdraw]);
        assert!(allowed_acts(S::Granted).is_empty());
        for s in S::ALL {
            for a in allowed_acts(*s) {
                assert!(next_status(a, *s).is_ok(), "{a} from {s}");
            }
        }
        assert!(StateChoice::Decided.admits(S::Withdrawn));
        assert!(!StateChoice::Decided.admits(S::Paused));
        assert!(StateChoice::Open.admits(S::MaterialsRequested));
        assert!(!StateChoice::Is(S::Accepted).admits(S::Paused));
    }

    #[test]
    fn the_application_life() {
        use ApplicationAct as A;
        use ApplicationStatus as S;
        assert_eq!(next_status(A::Accept, S::Received), Ok(S::Accepted));
        assert_eq!(next_status(A::Pause, S::Accepted), Ok(S::Paused));
        assert_eq!(next_status(A::Resume, S::Paused), Ok(S::Accepted));
        assert_eq!(next_status(A::Grant, S::Accepted), Ok(S::Granted));
        assert!(next_status(A::Grant, S::Paused).is_err());
        assert!(
            next_status(A::Grant, S::Received)
                .unwrap_err()
                .to_string()
                .contains("accept it first")
        );
        for done in [S::Granted, S::Refused, S::Withdrawn] {
            for act in A::ALL {
                assert!(next_status(*act, done).is_err(), "{act} from {done}");
            }
        }
    }

    #[test]
    fn optimized_clock_counts_working_days_and_skips_the_pause() {
        let cal = Calendar::official();
        // Accepted Fri 2026-02-13: 20 working days, counting make-up Sat 14 Feb and skipping 15–23 Feb.
        let plain = decision_due(
            &cal,
            &Settings::default(),
            Route::Optimized,
            date(2026, 2, 13),
            0,
        );
        assert_eq!(plain.date, cal.add_working_days(date(2026, 2, 13), 20).date);
        let paused = paused_length(
            &cal,
            &Settings::default(),
            Route::Optimized,
            date(2026, 3, 2),
            date(2026, 3, 9),
        );
        assert_eq!(paused, 5);
        let later = decision_due(
            &cal,
            &Settings::default(),
            Route::Optimized,
            date(2026, 2, 13),
            paused,
        );
        assert_eq!(later.date, cal.add_working_days(date(2026, 2, 13), 25).date);
        assert_eq!(
            decision_due(
                &cal,
                &Settings::default(),
                Route::Commitment,
                date(2026, 3, 2),
                0
            )
            .date,
            date(2026, 3, 2)
        );
    }
}
