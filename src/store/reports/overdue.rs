//! "Overdue at a month end": every clock the work queue would have shown overdue at the end of
//! that day, the register as it stood then — follow-ups (verification, rectification,
//! suspension, publication), approvals past their end with no renewal filed in time (and
//! renewal filings overdue), applications' clocks (materials window, decision due) and penalty
//! cases' clocks (`domain::penalty::next_clock`).
//!
//! The state of that day comes from the stored dates and the event log:
//! - a follow-up: opened by then, due before, not closed by then (its own dates);
//! - an approval: its state and end date as they were, i.e. the `before` of its first act dated
//!   after the day (or as stored, when none is); granted by then; a renewal application
//!   received by then and not decided by then is the renewal filed;
//! - an application: its events dated by then, replayed (receipt, materials, acceptance — the
//!   day it counts from —, pauses and resumes); decided or withdrawn by then, nothing runs;
//! - a case: its steps dated by then (a step dated later is not yet taken).

use super::{BarRow, follow_up_rows, region_range};
use crate::domain::acts::Hearing;
use crate::domain::applications::{ApplicationStatus, decision_due, materials_due, paused_length};
use crate::domain::ids::BodyKind;
use crate::domain::model::{QualStatus, Route};
use crate::domain::penalty::{CaseClocks, next_clock};
use crate::domain::region::Region;
use crate::store::{Result, Store};
use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::params;
use serde_json::Value;
use std::collections::HashMap;

/// Follow-ups of qualifications in the region (?3 … ?4), not annulled.
pub(super) const FOLLOW_UPS: &str =
    "FROM follow_up f JOIN qualification q ON q.id = f.qualification_id
    JOIN body b ON b.id = q.body_id
    WHERE (?3 = '' OR (b.region >= ?3 AND b.region < ?4)) AND coalesce(f.result, '') <> 'annulled'";

/// A follow-up overdue at the end of the day ?5: opened by then, due before, not done by then.
pub(super) const OVERDUE_AT: &str =
    " AND f.opened_on <= ?5 AND f.due_on < ?5 AND (f.closed_on IS NULL OR f.closed_on > ?5)";

/// Approvals in the region (?3 … ?4) granted by the last day ?2. Those that may have had a
/// renewal or expiry clock overdue are kept in Rust: ending within a year after the last day
/// (longer than any renewal lead) or acted on after the first day (their end date then may
/// have been another) — known from [`ACTS_AFTER`], read once.
pub(super) const APPROVALS: &str =
    "SELECT q.approval_no, b.uscc, b.name, b.kind, q.status, q.valid_until, q.doc_no
    FROM qualification q JOIN body b ON b.id = q.body_id
    WHERE (?3 = '' OR (b.region >= ?3 AND b.region < ?4)) AND q.decided_on <= ?2";

/// Every act dated after ?1 that says what its approval was before it (state and end date), in
/// one pass over `event_by_act_date` — instead of a query per approval.
pub(super) const ACTS_AFTER: &str = "SELECT id, uscc, approval_no, act_date,
        CASE WHEN json_type(before, '$.status') = 'text' THEN json_extract(before, '$.status') END,
        CASE WHEN json_type(before, '$.valid_until') = 'text' THEN json_extract(before, '$.valid_until') END
    FROM event WHERE act_date > ?1 AND approval_no IS NOT NULL AND json_valid(before)";

/// Renewal applications by approval: received, decided (or withdrawn), filed late (the
/// application table is small: read whole, in the order recorded).
const RENEWALS: &str = "SELECT approval_no, received_on, decided_on, late FROM application
    WHERE purpose = 'renewal' AND approval_no IS NOT NULL ORDER BY id";

/// Applications open at some time between ?1 and ?2 (received by the last day, not ended before
/// the first), with their region (theirs, else the body's).
const APPLICATIONS: &str =
    "SELECT a.id, a.purpose, a.uscc, a.name, a.route, a.approval_no, a.status, a.received_on,
        a.accepted_on, a.paused_since, a.paused_total, a.decided_on,
        coalesce(nullif(a.region, ''), (SELECT b.region FROM body b WHERE b.uscc = a.uscc), '')
    FROM application a WHERE a.received_on <= ?2 AND (a.decided_on IS NULL OR a.decided_on >= ?1)
    ORDER BY a.id";

/// An application's own events (through the USCC index), in the order recorded.
const APPLICATION_EVENTS: &str = "SELECT act, act_date, after, details FROM event
    WHERE uscc = ?1 AND application_id = ?2 ORDER BY id";

/// Cases running at some time between ?1 and ?2, in the region (?3 … ?4).
const CASES: &str = "SELECT c.case_no, q.approval_no, b.uscc, b.name, c.lead_on, c.opened_on, c.extension_days,
        c.notice_served_on, c.hearing, c.hearing_answered_on, c.hearing_on, c.hearing_held_on,
        c.decided_on, c.served_on, c.closed_on
    FROM penalty_case c JOIN qualification q ON q.id = c.qualification_id JOIN body b ON b.id = q.body_id
    WHERE (?3 = '' OR (b.region >= ?3 AND b.region < ?4))
      AND coalesce(c.opened_on, c.lead_on) <= ?2 AND (c.closed_on IS NULL OR c.closed_on >= ?1)";

fn day(s: &Option<String>) -> Option<Date> {
    s.as_deref().and_then(|d| d.parse().ok())
}

/// A stored date, if it is one and it is on or before `end`.
fn by(s: &Option<String>, end: Date) -> Option<Date> {
    day(s).filter(|d| *d <= end)
}

fn row(date: Date, what: &str, who: (&Option<String>, &str, &str), doc_no: &str) -> BarRow {
    BarRow {
        date: date.to_string(),
        what: what.to_string(),
        approval_no: who.0.clone(),
        uscc: Some(who.1.to_string()),
        name: who.2.to_string(),
        doc_no: doc_no.to_string(),
        closed_on: None,
        event_id: None,
    }
}

/// An approval as read once, with what changed after the first day.
struct Approval {
    approval_no: Option<String>,
    uscc: String,
    name: String,
    kind: BodyKind,
    doc_no: String,
    /// (act date, state before, end date before) of its acts dated after the first day.
    later: Vec<(String, String, String)>,
    status: String,
    valid_until: String,
    /// (received, decided or withdrawn, late) of its renewal applications.
    renewals: Vec<(String, Option<String>, bool)>,
}

impl Approval {
    /// Its state and end date at the end of `end`: before the first act dated after it.
    fn at(&self, end: Date) -> (Option<QualStatus>, Option<Date>) {
        let end_s = end.to_string();
        let (status, until) = self
            .later
            .iter()
            .find(|(d, ..)| d.as_str() > end_s.as_str())
            .map_or((&self.status, &self.valid_until), |(_, s, v)| (s, v));
        (QualStatus::parse(status), until.parse().ok())
    }

    /// The renewal filed by the end of `end` and not decided by then: whether it was late.
    fn renewal_at(&self, end: Date) -> Option<bool> {
        self.renewals
            .iter()
            .find(|(received, decided, _)| {
                day(&Some(received.clone())).is_some_and(|r| r <= end)
                    && day(decided).is_none_or(|d| d > end)
            })
            .map(|(.., late)| *late)
    }
}

/// (act, act date, state after, the day acceptance counts from) of an application's event.
type ApplicationEvent = (
    String,
    Option<Date>,
    Option<ApplicationStatus>,
    Option<Date>,
);

/// Who a case is about (approval, USCC, name) and its case number.
type CaseOf = (Option<String>, String, String, String);

/// An application as read once, with its events.
struct Application {
    renewal: bool,
    who: (Option<String>, String, String),
    route: Option<Route>,
    received_on: Option<Date>,
    /// The stored facts, for an application recorded without events of its own.
    stored: (String, Option<String>, Option<String>, u32, Option<String>),
    /// (act, act date, state after, the day acceptance counts from)
    events: Vec<ApplicationEvent>,
}

impl Store {
    /// For each day of `ends`, the clocks overdue at its end in the region (None: everywhere),
    /// by due date.
    pub(crate) fn overdue_at_ends(
        &self,
        ends: &[Date],
        region: Option<&Region>,
    ) -> Result<Vec<Vec<BarRow>>> {
        let (Some(first), Some(last)) = (ends.first().copied(), ends.last().copied()) else {
            return Ok(Vec::new());
        };
        let mut out: Vec<Vec<BarRow>> = Vec::with_capacity(ends.len());
        for end in ends {
            out.push(self.follow_ups_overdue_at(*end, region)?);
        }
        let approvals = self.approvals_between(first, last, region)?;
        let applications = self.applications_between(first, last, region)?;
        let cases = self.cases_between(first, last, region)?;
        for (rows, end) in out.iter_mut().zip(ends) {
            for a in &approvals {
                rows.extend(self.approval_overdue_at(a, *end));
            }
            for a in &applications {
                rows.extend(self.application_overdue_at(a, *end));
            }
            for (who, c) in &cases {
                if let Some(r) = case_overdue_at(self, who, c, *end) {
                    rows.push(r);
                }
            }
            rows.sort_by(|a, b| {
                (&a.date, &a.name, &a.approval_no, &a.what).cmp(&(
                    &b.date,
                    &b.name,
                    &b.approval_no,
                    &b.what,
                ))
            });
        }
        Ok(out)
    }

    fn follow_ups_overdue_at(&self, end: Date, region: Option<&Region>) -> Result<Vec<BarRow>> {
        let (low, high) = region_range(region);
        follow_up_rows(
            self,
            OVERDUE_AT,
            params!["", "", low, high, end.to_string()],
        )
    }

    fn approvals_between(
        &self,
        first: Date,
        last: Date,
        region: Option<&Region>,
    ) -> Result<Vec<Approval>> {
        type Key = (String, String);
        let (low, high) = region_range(region);
        let reach = last.saturating_add(1.year()).to_string();
        // (event id, act date, state before, end date before) by (USCC, approval number).
        let mut later: HashMap<Key, Vec<(i64, String, String, String)>> = HashMap::new();
        let mut acts = self.conn.prepare_cached(ACTS_AFTER)?;
        let mut rows = acts.query([first.to_string()])?;
        while let Some(r) = rows.next()? {
            let (Some(uscc), Some(status), Some(until)) = (
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ) else {
                continue;
            };
            later
                .entry((uscc, r.get(2)?))
                .or_default()
                .push((r.get(0)?, r.get(3)?, status, until));
        }
        let mut renewals: HashMap<String, Vec<(String, Option<String>, bool)>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(RENEWALS)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            renewals
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
        let mut stmt = self.conn.prepare_cached(APPROVALS)?;
        let mut rows = stmt.query(params![first.to_string(), last.to_string(), low, high])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (approval_no, uscc, valid_until): (String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(5)?);
            let key = (uscc, approval_no);
            let mut acts = later.remove(&key).unwrap_or_default();
            if valid_until >= reach && acts.is_empty() {
                continue;
            }
            // In the order recorded, as the log holds them.
            acts.sort_unstable_by_key(|(id, ..)| *id);
            let (uscc, approval_no) = key;
            out.push(Approval {
                renewals: renewals.remove(&approval_no).unwrap_or_default(),
                approval_no: Some(approval_no),
                uscc,
                name: r.get(2)?,
                kind: BodyKind::parse(&r.get::<_, String>(3)?).unwrap_or(BodyKind::Cb),
                doc_no: r.get(6)?,
                later: acts
                    .into_iter()
                    .map(|(_, date, status, until)| (date, status, until))
                    .collect(),
                status: r.get(4)?,
                valid_until,
            });
        }
        Ok(out)
    }

    /// The queue's renewal rules (`Store::queue`) with `end` for today: past its end with no
    /// renewal filed in time → `expired`; the filing lead passed with none filed (not while
    /// suspended) → `renewal_filing`.
    fn approval_overdue_at(&self, a: &Approval, end: Date) -> Option<BarRow> {
        let (Some(status), Some(until)) = a.at(end) else {
            return None;
        };
        use QualStatus as S;
        if !matches!(
            status,
            S::Active | S::PendingVerification | S::RenewalPending | S::Suspended
        ) {
            return None;
        }
        let who = (&a.approval_no, a.uscc.as_str(), a.name.as_str());
        match a.renewal_at(end) {
            Some(late) if until >= end || !late => None,
            _ if until < end => Some(row(until, "expired", who, &a.doc_no)),
            None if status != S::Suspended => {
                let due = self.settings.renewal_filing_due(a.kind, until);
                (due < end).then(|| row(due, "renewal_filing", who, &a.doc_no))
            }
            _ => None,
        }
    }

    fn applications_between(
        &self,
        first: Date,
        last: Date,
        region: Option<&Region>,
    ) -> Result<Vec<Application>> {
        type Stored = (i64, String, String, String, String, Option<String>, String);
        type Dates = (
            String,
            Option<String>,
            Option<String>,
            u32,
            Option<String>,
            String,
        );
        let mut stmt = self.conn.prepare_cached(APPLICATIONS)?;
        let found: Vec<(Stored, Dates)> = stmt
            .query_map(params![first.to_string(), last.to_string()], |r| {
                Ok((
                    (
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ),
                    (
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                        r.get(11)?,
                        r.get(12)?,
                    ),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut events = self.conn.prepare_cached(APPLICATION_EVENTS)?;
        let mut out = Vec::new();
        for ((id, purpose, uscc, name, route, approval_no, status), dates) in found {
            let (received, accepted, paused_since, paused_total, decided, region_code) = dates;
            let region_code = if region_code.is_empty() {
                uscc.get(2..8).unwrap_or_default().to_string()
            } else {
                region_code
            };
            if region.is_some_and(|r| !r.contains(&region_code)) {
                continue;
            }
            let evs = events
                .query_map(params![uscc, id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .map(|(act, date, after, details)| {
                    let json =
                        |s: Option<String>| s.and_then(|s| serde_json::from_str::<Value>(&s).ok());
                    let state = json(after)
                        .and_then(|v| v.get("status")?.as_str().map(str::to_string))
                        .and_then(|s| ApplicationStatus::parse(&s));
                    let counts_from = json(details)
                        .and_then(|v| v.get("counts_as_accepted_on")?.as_str()?.parse().ok());
                    (act, day(&date), state, counts_from)
                })
                .collect();
            out.push(Application {
                renewal: purpose == "renewal",
                who: (approval_no, uscc, name),
                route: Route::parse(&route),
                received_on: day(&Some(received)),
                stored: (status, accepted, paused_since, paused_total, decided),
                events: evs,
            });
        }
        Ok(out)
    }

    /// The clock running on an application at the end of `end` (`ApplicationRow::clock` as it
    /// was then), if it had passed.
    fn application_overdue_at(&self, a: &Application, end: Date) -> Option<BarRow> {
        let received = a.received_on.filter(|r| *r <= end)?;
        let route = a.route?;
        let (state, accepted_on, paused_total) = if a.events.is_empty() {
            // Recorded without events of its own (an upgrade's renewal): its stored dates.
            let (status, accepted, paused_since, paused_total, decided) = &a.stored;
            if by(decided, end).is_some() {
                return None;
            }
            let state = if by(paused_since, end).is_some() {
                ApplicationStatus::Paused
            } else if by(accepted, end).is_some() {
                ApplicationStatus::Accepted
            } else if status == "materials_requested" {
                ApplicationStatus::MaterialsRequested
            } else {
                ApplicationStatus::Received
            };
            (state, by(accepted, end), *paused_total)
        } else {
            let mut state = ApplicationStatus::Received;
            let (mut accepted_on, mut paused_since, mut paused_total) = (None, None, 0u32);
            for (act, date, after, counts_from) in &a.events {
                let Some(date) = date.filter(|d| *d <= end) else {
                    continue;
                };
                match act.as_str() {
                    "accept" => accepted_on = Some(counts_from.unwrap_or(date)),
                    "pause" => paused_since = Some(date),
                    "resume" => {
                        let since = paused_since.take().unwrap_or(date);
                        paused_total +=
                            paused_length(&self.calendar, &self.settings, route, since, date);
                    }
                    _ => {}
                }
                if let Some(s) = after {
                    state = *s;
                }
            }
            (state, accepted_on, paused_total)
        };
        let who = (&a.who.0, a.who.1.as_str(), a.who.2.as_str());
        let (kind, due) = match state {
            ApplicationStatus::Received => {
                ("materials", materials_due(&self.calendar, received).date)
            }
            // A renewal is decided by the approval's end date: its clock is the approval's, as
            // in the queue (`approval_overdue_at`).
            ApplicationStatus::Accepted if a.renewal => return None,
            ApplicationStatus::Accepted => {
                let due = decision_due(
                    &self.calendar,
                    &self.settings,
                    route,
                    accepted_on?,
                    paused_total,
                );
                ("decision", due.date)
            }
            _ => return None,
        };
        (due < end).then(|| row(due, kind, who, ""))
    }

    fn cases_between(
        &self,
        first: Date,
        last: Date,
        region: Option<&Region>,
    ) -> Result<Vec<(CaseOf, CaseDates)>> {
        let (low, high) = region_range(region);
        let mut stmt = self.conn.prepare_cached(CASES)?;
        let rows = stmt.query_map(
            params![first.to_string(), last.to_string(), low, high],
            |r| {
                Ok((
                    (
                        Some(r.get::<_, String>(1)?),
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(0)?,
                    ),
                    CaseDates {
                        lead_on: r.get(4)?,
                        opened_on: r.get(5)?,
                        extension_days: r.get(6)?,
                        notice_served_on: r.get(7)?,
                        hearing: r.get(8)?,
                        hearing_answered_on: r.get(9)?,
                        hearing_on: r.get(10)?,
                        hearing_held_on: r.get(11)?,
                        decided_on: r.get(12)?,
                        served_on: r.get(13)?,
                        closed_on: r.get(14)?,
                    },
                ))
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A case's stored step dates.
pub(crate) struct CaseDates {
    lead_on: Option<String>,
    opened_on: Option<String>,
    extension_days: u32,
    notice_served_on: Option<String>,
    hearing: Option<String>,
    hearing_answered_on: Option<String>,
    hearing_on: Option<String>,
    hearing_held_on: Option<String>,
    decided_on: Option<String>,
    served_on: Option<String>,
    closed_on: Option<String>,
}

/// The case's next clock at the end of `end`, its steps dated later not yet taken, if passed.
fn case_overdue_at(store: &Store, who: &CaseOf, c: &CaseDates, end: Date) -> Option<BarRow> {
    let opened_on = by(&c.opened_on, end);
    let lead_on = by(&c.lead_on, end);
    if opened_on.is_none() && lead_on.is_none() {
        return None;
    }
    // The answer to the hearing question is known from the day it was given (a case's stored
    // answer without that day, from before it was recorded, is taken as known).
    let answered = c.hearing_answered_on.is_none() || by(&c.hearing_answered_on, end).is_some();
    let clocks = CaseClocks {
        lead_on,
        opened_on,
        extension_days: c.extension_days,
        notice_served_on: by(&c.notice_served_on, end),
        hearing: c
            .hearing
            .as_deref()
            .filter(|_| answered)
            .and_then(Hearing::parse),
        hearing_on: by(&c.hearing_on, end),
        hearing_held_on: by(&c.hearing_held_on, end),
        decided_on: by(&c.decided_on, end),
        served_on: by(&c.served_on, end),
        closed: by(&c.closed_on, end).is_some(),
    };
    let (kind, due) = next_clock(&clocks, &store.calendar)?;
    (due < end).then(|| {
        let mut r = row(due, kind, (&who.0, &who.1, &who.2), "");
        r.doc_no = who.3.clone();
        r
    })
}
