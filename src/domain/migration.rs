//! A register moved in from another system (`certdesk import --with-status`): each approval is
//! created in the state the file states, with the facts that state needs, instead of as a new
//! grant. Pure rules: what a stated state needs, and what the store writes for it.

use super::Date;
use super::acts::{ActKind, FollowUpKind, Settings, plan_grant};
use super::calendar::{Calendar, Deadline};
use super::ids::BodyKind;
use super::model::{QualStatus, Route, ScopeStatus};
use serde::Serialize;

/// The state a row states and the facts that go with it, as the file gives them (checked cell
/// by cell; [`check_stated`] checks them together).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stated {
    pub status: Option<QualStatus>,
    /// The day of the decision that led to the state (suspension, revocation, withdrawal,
    /// cancellation).
    pub date: Option<Date>,
    /// The legal basis of that decision.
    pub basis: String,
    /// Its document number (may be empty).
    pub doc_no: String,
    pub suspension_deadline: Option<Date>,
    pub verification_due: Option<Date>,
    pub renewal_filed_on: Option<Date>,
    /// Scope items revoked (a partial revocation, or all of them with the approval).
    pub revoked_scope: Vec<String>,
}

/// The particulars of the grant a stated state is checked against.
#[derive(Debug, Clone, Copy)]
pub struct GrantFacts<'a> {
    pub route: Route,
    pub kind: BodyKind,
    pub decided_on: Date,
    pub valid_until: Date,
    pub scope: &'a [String],
}

/// A problem with the stated facts: the column at fault and what is wrong with it, as facts;
/// the words in both languages are `i18n::import::stated_problem`'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub issue: StatedIssue,
}

/// A fact a stated state needs and the row left empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    /// `status_date`: the date of the decision.
    DecisionDate,
    /// `status_basis`: the legal basis of the decision.
    DecisionBasis,
    /// `suspension_deadline`: the end of the suspension period or the rectification deadline.
    SuspensionDeadline,
    /// `renewal_filed_on`: the day the renewal was filed.
    RenewalFiledOn,
}

/// What is wrong with the stated facts of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatedIssue {
    /// No state at all under `--with-status`.
    StatusEmpty,
    /// The state needs a fact the row does not give.
    Required { status: QualStatus, needed: Needed },
    /// The decision is dated before the grant.
    DecidedBeforeGrant { date: Date, granted: Date },
    /// The decision is dated after today.
    DecidedAfterToday { date: Date, today: Date },
    /// The suspension ends on or before the day it was decided.
    SuspensionEndsBeforeItBegins { end: Date, date: Date },
    /// Pending verification on a route that has none.
    VerificationWithoutCommitment { route: Route },
    /// The verification is due on or before the grant.
    VerificationDueBeforeGrant { due: Date, granted: Date },
    /// The renewal was filed outside the approval's life or after today.
    RenewalFiledOutside {
        filed: Date,
        granted: Date,
        valid_until: Date,
        today: Date,
    },
    /// Stated expired, but the end date has not passed.
    ExpiredButInForce {
        status: QualStatus,
        valid_until: Date,
        today: Date,
    },
    /// A scope item both in force and revoked.
    ScopeItemAlsoRevoked { item: String },
    /// A live qualification (or one with nothing revoked) without scope items.
    ScopeEmpty { status: QualStatus },
    /// A warning: the end date has passed, so the state created reads as expired.
    ReadsExpired {
        status: QualStatus,
        valid_until: Date,
    },
}

fn problem(field: &'static str, issue: StatedIssue) -> Problem {
    Problem { field, issue }
}

/// What a plain import (a new grant) creates, as it reads on `today`: pending verification on
/// notification-commitment, else active; expired once the end date has passed.
pub fn new_grant_state(route: Route, valid_until: Date, today: Date) -> QualStatus {
    let status = match route {
        Route::Commitment => QualStatus::PendingVerification,
        Route::Optimized | Route::General => QualStatus::Active,
    };
    status.effective(valid_until, today)
}

/// The state stored for a stated one: *expired* is derived from the end date when reading and
/// *renewal_pending* from the open renewal, never stored (DOMAIN.md).
pub fn stored_status(stated: QualStatus) -> QualStatus {
    match stated {
        QualStatus::Expired | QualStatus::RenewalPending => QualStatus::Active,
        s => s,
    }
}

/// States an act decided: their date and basis must be given.
pub fn decided_by_an_act(s: QualStatus) -> bool {
    matches!(
        s,
        QualStatus::Suspended
            | QualStatus::Revoked
            | QualStatus::RevokedPenalty
            | QualStatus::Withdrawn
            | QualStatus::Cancelled
    )
}

/// Whether the approval is still in the register's live states (it needs an active scope item).
fn live(s: QualStatus) -> bool {
    !matches!(
        s,
        QualStatus::Revoked
            | QualStatus::RevokedPenalty
            | QualStatus::Withdrawn
            | QualStatus::Cancelled
    )
}

/// Check the stated facts of one row together, on `today`: every problem (errors) and what the
/// officer should know (warnings). Facts a state does not use are ignored.
pub fn check_stated(
    stated: &Stated,
    grant: &GrantFacts<'_>,
    today: Date,
) -> (Vec<Problem>, Vec<Problem>) {
    use StatedIssue as I;
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let Some(status) = stated.status else {
        errors.push(problem("status", I::StatusEmpty));
        return (errors, warnings);
    };
    let required = |needed| I::Required { status, needed };
    let decided_on = grant.decided_on;
    if decided_by_an_act(status) {
        match stated.date {
            None => errors.push(problem("status_date", required(Needed::DecisionDate))),
            Some(date) if date < decided_on => errors.push(problem(
                "status_date",
                I::DecidedBeforeGrant {
                    date,
                    granted: decided_on,
                },
            )),
            Some(date) if date > today => {
                errors.push(problem("status_date", I::DecidedAfterToday { date, today }))
            }
            Some(_) => {}
        }
        if stated.basis.is_empty() {
            errors.push(problem("status_basis", required(Needed::DecisionBasis)));
        }
    }
    match status {
        QualStatus::Suspended => match (stated.suspension_deadline, stated.date) {
            (None, _) => errors.push(problem(
                "suspension_deadline",
                required(Needed::SuspensionDeadline),
            )),
            (Some(end), Some(date)) if end <= date => errors.push(problem(
                "suspension_deadline",
                I::SuspensionEndsBeforeItBegins { end, date },
            )),
            _ => {}
        },
        QualStatus::PendingVerification => {
            if grant.route != Route::Commitment {
                errors.push(problem(
                    "status",
                    I::VerificationWithoutCommitment { route: grant.route },
                ));
            }
            if let Some(due) = stated.verification_due
                && due <= decided_on
            {
                errors.push(problem(
                    "verification_due",
                    I::VerificationDueBeforeGrant {
                        due,
                        granted: decided_on,
                    },
                ));
            }
        }
        QualStatus::RenewalPending => match stated.renewal_filed_on {
            None => errors.push(problem(
                "renewal_filed_on",
                required(Needed::RenewalFiledOn),
            )),
            Some(filed) if filed < decided_on || filed > grant.valid_until || filed > today => {
                errors.push(problem(
                    "renewal_filed_on",
                    I::RenewalFiledOutside {
                        filed,
                        granted: decided_on,
                        valid_until: grant.valid_until,
                        today,
                    },
                ))
            }
            Some(_) => {}
        },
        QualStatus::Expired if grant.valid_until >= today => errors.push(problem(
            "valid_until",
            I::ExpiredButInForce {
                status,
                valid_until: grant.valid_until,
                today,
            },
        )),
        _ => {}
    }
    if let Some(both) = stated
        .revoked_scope
        .iter()
        .find(|i| grant.scope.contains(i))
    {
        errors.push(problem(
            "revoked_scope",
            I::ScopeItemAlsoRevoked { item: both.clone() },
        ));
    }
    if grant.scope.is_empty() && (live(status) || stated.revoked_scope.is_empty()) {
        errors.push(problem("scope", I::ScopeEmpty { status }));
    }
    let reads_expired = live(status)
        && status != QualStatus::Expired
        && status != QualStatus::RenewalPending
        && grant.valid_until < today;
    if reads_expired {
        warnings.push(problem(
            "valid_until",
            I::ReadsExpired {
                status,
                valid_until: grant.valid_until,
            },
        ));
    }
    (errors, warnings)
}

/// A follow-up a migrated approval starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigratedFollowUp {
    pub kind: FollowUpKind,
    pub opened_on: Date,
    pub due: Deadline,
}

/// A renewal application a migrated approval starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MigratedRenewal {
    pub filed_on: Date,
    /// Filed inside the lead time (the settings of this office): not protected by Art. 50(2).
    pub late: bool,
}

/// What the store writes for a row whose stated facts passed [`check_stated`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    pub status: QualStatus,
    /// The date of the `migrated` event: the stated decision's, else the grant's.
    pub act_date: Date,
    /// Every scope item with its status and the day it has it since, scope first.
    pub scope: Vec<(String, ScopeStatus, Date)>,
    pub follow_ups: Vec<MigratedFollowUp>,
    /// A penalty: recorded as a sanction (its procedure facts unknown to the file).
    pub sanction: Option<ActKind>,
    pub renewal: Option<MigratedRenewal>,
}

/// What a checked stated state creates (`check_stated` found no error).
pub fn plan_migration(
    stated: &Stated,
    status: QualStatus,
    grant: &GrantFacts<'_>,
    cal: &Calendar,
    settings: &Settings,
) -> Migrated {
    let decided_on = grant.decided_on;
    let act_date = stated
        .date
        .filter(|_| decided_by_an_act(status))
        .unwrap_or(decided_on);
    // A whole revocation revokes every scope item (as the act does); a partial one is known only
    // by its items, not its date.
    let whole = matches!(status, QualStatus::Revoked | QualStatus::RevokedPenalty);
    let mut scope: Vec<(String, ScopeStatus, Date)> = grant
        .scope
        .iter()
        .map(|i| {
            if whole {
                (i.clone(), ScopeStatus::Revoked, act_date)
            } else {
                (i.clone(), ScopeStatus::Active, decided_on)
            }
        })
        .collect();
    let revoked_since = if whole { act_date } else { decided_on };
    scope.extend(
        stated
            .revoked_scope
            .iter()
            .map(|i| (i.clone(), ScopeStatus::Revoked, revoked_since)),
    );
    let mut follow_ups = Vec::new();
    match status {
        QualStatus::PendingVerification => {
            let due = match stated.verification_due {
                Some(date) => Deadline {
                    date,
                    estimated: false,
                },
                None => {
                    let (_, f) = plan_grant(grant.route, grant.kind, decided_on, cal, settings);
                    f.map(|f| f.due).unwrap_or(Deadline {
                        date: decided_on,
                        estimated: false,
                    })
                }
            };
            follow_ups.push(MigratedFollowUp {
                kind: FollowUpKind::Verification,
                opened_on: decided_on,
                due,
            });
        }
        QualStatus::Suspended => {
            if let Some(date) = stated.suspension_deadline {
                follow_ups.push(MigratedFollowUp {
                    kind: FollowUpKind::Suspension,
                    opened_on: act_date,
                    due: Deadline {
                        date,
                        estimated: false,
                    },
                });
            }
        }
        _ => {}
    }
    let sanction = match status {
        QualStatus::Suspended => Some(ActKind::Suspend),
        QualStatus::RevokedPenalty => Some(ActKind::RevokePenalty),
        _ => None,
    };
    let renewal = match (status, stated.renewal_filed_on) {
        (QualStatus::RenewalPending, Some(filed_on)) => Some(MigratedRenewal {
            filed_on,
            late: filed_on > settings.renewal_filing_due(grant.kind, grant.valid_until),
        }),
        _ => None,
    };
    Migrated {
        status: stored_status(status),
        act_date,
        scope,
        follow_ups,
        sanction,
        renewal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = Date::constant(2026, 11, 27);

    fn grant(route: Route, scope: &[String]) -> GrantFacts<'_> {
        GrantFacts {
            route,
            kind: BodyKind::Cb,
            decided_on: date(2024, 3, 5),
            valid_until: date(2030, 3, 4),
            scope,
        }
    }

    fn stated(status: QualStatus) -> Stated {
        Stated {
            status: Some(status),
            ..Stated::default()
        }
    }

    fn fields(p: &[Problem]) -> Vec<&'static str> {
        p.iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_plain_import_creates_a_new_grant() {
        let end = date(2030, 3, 4);
        assert_eq!(
            new_grant_state(Route::Commitment, end, TODAY),
            QualStatus::PendingVerification
        );
        assert_eq!(
            new_grant_state(Route::General, end, TODAY),
            QualStatus::Active
        );
        assert_eq!(
            new_grant_state(Route::Commitment, date(2026, 1, 1), TODAY),
            QualStatus::Expired
        );
    }

    #[test]
    fn each_decided_state_needs_its_date_and_basis() {
        let scope = vec!["QMS".to_string()];
        for s in [
            QualStatus::Revoked,
            QualStatus::RevokedPenalty,
            QualStatus::Withdrawn,
            QualStatus::Cancelled,
        ] {
            let (errors, _) = check_stated(&stated(s), &grant(Route::General, &scope), TODAY);
            assert_eq!(fields(&errors), ["status_date", "status_basis"], "{s}");
            assert_eq!(
                errors[0].issue,
                StatedIssue::Required {
                    status: s,
                    needed: Needed::DecisionDate
                }
            );
        }
        let (errors, _) = check_stated(
            &stated(QualStatus::Suspended),
            &grant(Route::General, &scope),
            TODAY,
        );
        assert_eq!(
            fields(&errors),
            ["status_date", "status_basis", "suspension_deadline"]
        );
        let complete = Stated {
            date: Some(date(2026, 6, 1)),
            basis: "认证认可条例第五十八条".into(),
            suspension_deadline: Some(date(2026, 12, 1)),
            ..stated(QualStatus::Suspended)
        };
        let (errors, warnings) = check_stated(&complete, &grant(Route::General, &scope), TODAY);
        assert_eq!((errors, warnings), (vec![], vec![]));
    }

    #[test]
    fn dates_must_fit_the_grant_and_today() {
        let scope = vec!["QMS".to_string()];
        let g = grant(Route::General, &scope);
        let early = Stated {
            date: Some(date(2023, 1, 1)),
            basis: "b".into(),
            suspension_deadline: Some(date(2022, 1, 1)),
            ..stated(QualStatus::Suspended)
        };
        let (errors, _) = check_stated(&early, &g, TODAY);
        assert_eq!(fields(&errors), ["status_date", "suspension_deadline"]);
        let future = Stated {
            date: Some(date(2027, 1, 1)),
            basis: "b".into(),
            ..stated(QualStatus::Cancelled)
        };
        assert_eq!(
            check_stated(&future, &g, TODAY).0[0].issue,
            StatedIssue::DecidedAfterToday {
                date: date(2027, 1, 1),
                today: TODAY
            }
        );
    }

    #[test]
    fn route_expiry_and_renewal_are_checked() {
        let scope = vec!["QMS".to_string()];
        let (errors, _) = check_stated(
            &stated(QualStatus::PendingVerification),
            &grant(Route::Optimized, &scope),
            TODAY,
        );
        assert_eq!(fields(&errors), ["status"]);
        let (errors, _) = check_stated(
            &stated(QualStatus::Expired),
            &grant(Route::General, &scope),
            TODAY,
        );
        assert_eq!(fields(&errors), ["valid_until"]);
        let (errors, _) = check_stated(
            &stated(QualStatus::RenewalPending),
            &grant(Route::General, &scope),
            TODAY,
        );
        assert_eq!(fields(&errors), ["renewal_filed_on"]);
        let mut past = grant(Route::General, &scope);
        past.valid_until = date(2026, 1, 1);
        let (errors, warnings) = check_stated(&stated(QualStatus::Active), &past, TODAY);
        assert!(errors.is_empty());
        assert_eq!(fields(&warnings), ["valid_until"]);
        assert!(
            check_stated(&stated(QualStatus::Expired), &past, TODAY)
                .0
                .is_empty()
        );
    }

    #[test]
    fn scope_revoked_and_in_force() {
        let none: Vec<String> = Vec::new();
        let revoked = Stated {
            date: Some(date(2026, 6, 1)),
            basis: "b".into(),
            revoked_scope: vec!["QMS".into()],
            ..stated(QualStatus::Revoked)
        };
        assert!(
            check_stated(&revoked, &grant(Route::General, &none), TODAY)
                .0
                .is_empty()
        );
        let partial = Stated {
            revoked_scope: vec!["QMS".into()],
            ..stated(QualStatus::Active)
        };
        assert_eq!(
            fields(&check_stated(&partial, &grant(Route::General, &none), TODAY).0),
            ["scope"]
        );
        let scope = vec!["QMS".to_string()];
        assert_eq!(
            fields(&check_stated(&partial, &grant(Route::General, &scope), TODAY).0),
            ["revoked_scope"]
        );
        assert_eq!(
            fields(&check_stated(&Stated::default(), &grant(Route::General, &scope), TODAY).0),
            ["status"]
        );
    }

    #[test]
    fn what_each_state_creates() {
        let cal = Calendar::default();
        let settings = Settings::default();
        let scope = vec!["QMS".to_string(), "EMS".to_string()];
        let g = grant(Route::Commitment, &scope);
        let on = date(2026, 6, 1);
        let revoked = Stated {
            date: Some(on),
            basis: "b".into(),
            revoked_scope: vec!["OHSMS".into()],
            ..stated(QualStatus::RevokedPenalty)
        };
        let m = plan_migration(&revoked, QualStatus::RevokedPenalty, &g, &cal, &settings);
        assert_eq!(m.status, QualStatus::RevokedPenalty);
        assert_eq!(m.act_date, on);
        assert!(
            m.scope
                .iter()
                .all(|(_, s, d)| *s == ScopeStatus::Revoked && *d == on)
        );
        assert_eq!(m.scope.len(), 3);
        assert_eq!(m.sanction, Some(ActKind::RevokePenalty));
        assert!(m.follow_ups.is_empty());

        let pending = stated(QualStatus::PendingVerification);
        let m = plan_migration(
            &pending,
            QualStatus::PendingVerification,
            &g,
            &cal,
            &settings,
        );
        assert_eq!(m.follow_ups[0].kind, FollowUpKind::Verification);
        assert_eq!(m.follow_ups[0].due.date, date(2024, 6, 5));
        let given = Stated {
            verification_due: Some(date(2024, 7, 1)),
            ..pending
        };
        let m = plan_migration(&given, QualStatus::PendingVerification, &g, &cal, &settings);
        assert_eq!(m.follow_ups[0].due.date, date(2024, 7, 1));

        // Expired and renewal_pending are derived when reading: stored active.
        let m = plan_migration(
            &stated(QualStatus::Expired),
            QualStatus::Expired,
            &g,
            &cal,
            &settings,
        );
        assert_eq!((m.status, m.follow_ups.len()), (QualStatus::Active, 0));
        let renewal = Stated {
            renewal_filed_on: Some(date(2030, 3, 1)),
            ..stated(QualStatus::RenewalPending)
        };
        let m = plan_migration(&renewal, QualStatus::RenewalPending, &g, &cal, &settings);
        assert_eq!(m.status, QualStatus::Active);
        assert_eq!(
            m.renewal,
            Some(MigratedRenewal {
                filed_on: date(2030, 3, 1),
                late: true
            })
        );
    }
}
