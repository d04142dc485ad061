//! Penalty cases: each step one transaction that updates the case and appends its event. The
//! decision itself is the act (`suspend`, `revoke-penalty`) performed with `--case`, checked
//! against the case's facts by `domain::penalty::check_decision` (see `store::acts`).

use super::acts::locate;
use super::events::{self, Draft};
use super::{Ctx, Result, Store, StoreError, now_utc, parse_stored_date};
use crate::domain::Date;
use crate::domain::acts::{ActKind, ActRequest, Hearing, Refusal, Rule, allowed_from, check_text};
use crate::domain::penalty::{
    CaseClocks, CaseStep, Procedure, check_hearing_notice, check_officers, decision_limit,
    distinct_officers, hearing_request_ends, next_clock, stage, steps_allowed,
};
use crate::i18n::rules::Arg;
use crate::{rule_args, store_msg};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

/// What `case open` records.
#[derive(Debug, Clone, Default)]
pub struct NewCase {
    pub approval_no: String,
    pub case_no: String,
    pub intended: Option<ActKind>,
    pub opened_on: Option<Date>,
    pub lead_on: Option<Date>,
    pub officers: Vec<String>,
    pub basis: String,
    pub doc_no: String,
    pub reason: String,
}

/// A later step of a case (`notify`, `hearing`, `extend`, `serve`, `close`).
#[derive(Debug, Clone, Default)]
pub struct CaseStepRequest {
    pub date: Option<Date>,
    pub hearing: Option<(Hearing, Option<Date>)>,
    /// `hearing`: the day set for the hearing (notified on `date`).
    pub hearing_on: Option<Date>,
    /// `extend`: the days the limit is extended by.
    pub days: Option<u32>,
    pub basis: String,
    pub doc_no: String,
    pub reason: String,
}

/// A case as stored, with its next clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub case_no: String,
    pub approval_no: String,
    pub uscc: String,
    pub name: String,
    pub intended: String,
    pub lead_on: Option<String>,
    /// 立案; none while the case is a lead to verify.
    pub opened_on: Option<String>,
    pub officers: Vec<String>,
    /// Each officer as the officer table names them (`login 张伟 (执法证 11010023)`), where it does.
    pub officers_named: Vec<String>,
    pub notice_served_on: Option<String>,
    pub hearing: Option<String>,
    pub hearing_answered_on: Option<String>,
    pub hearing_noticed_on: Option<String>,
    pub hearing_on: Option<String>,
    pub hearing_held_on: Option<String>,
    pub extension_days: u32,
    pub decided_on: Option<String>,
    pub decision: Option<String>,
    pub decision_event_id: Option<i64>,
    pub served_on: Option<String>,
    pub closed_on: Option<String>,
    pub outcome: Option<String>,
    pub version: i64,
    /// The last day of the 90-day limit (Art. 60), with extensions, once opened.
    pub decision_due: Option<String>,
    /// The last day the party may ask for a hearing, once the notice is served.
    pub hearing_request_until: Option<String>,
    /// What the case waits for next, and by when (none once served or closed).
    pub next: Option<String>,
    pub next_due: Option<String>,
}

/// The store's refusal `rule` of a case step, on `field`.
fn refused(field: &'static str, rule: Rule, args: Vec<(&'static str, Arg)>) -> StoreError {
    StoreError::Refused(Refusal::new(Some(field), rule, args))
}

/// A penalty as the case stored it: the act when it is one, else the code as stored.
fn penalty_arg(code: &str) -> Arg {
    ActKind::parse(code).map_or_else(|| Arg::Text(code.to_string()), Arg::Act)
}

const CASE_SELECT: &str = "SELECT c.id, c.case_no, q.approval_no, b.uscc, b.name, c.intended, c.lead_on, c.opened_on, c.officers,
        c.notice_served_on, c.hearing, c.hearing_answered_on, c.hearing_noticed_on, c.hearing_on, c.hearing_held_on,
        c.extension_days, c.decided_on, c.decision, c.decision_event_id, c.served_on, c.closed_on, c.outcome, c.version,
        c.qualification_id
    FROM penalty_case c JOIN qualification q ON q.id = c.qualification_id JOIN body b ON b.id = q.body_id";

fn day(s: &Option<String>) -> Option<Date> {
    s.as_deref().and_then(|d| d.parse().ok())
}

impl CaseRow {
    fn clocks(&self) -> CaseClocks {
        CaseClocks {
            lead_on: day(&self.lead_on),
            opened_on: day(&self.opened_on),
            extension_days: self.extension_days,
            notice_served_on: day(&self.notice_served_on),
            hearing: self.hearing.as_deref().and_then(Hearing::parse),
            hearing_on: day(&self.hearing_on),
            hearing_held_on: day(&self.hearing_held_on),
            decided_on: day(&self.decided_on),
            served_on: day(&self.served_on),
            closed: self.closed_on.is_some(),
        }
    }

    /// The steps the case allows now (`domain::penalty::steps_allowed`).
    pub fn steps(&self) -> Vec<CaseStep> {
        steps_allowed(&self.clocks())
    }

    /// Where the case stands (`domain::penalty::stage`).
    pub fn stage(&self) -> &'static str {
        stage(&self.clocks())
    }

    /// The facts a decision in this case is checked against.
    pub fn procedure(&self) -> Procedure {
        Procedure {
            opened_on: day(&self.opened_on),
            extension_days: self.extension_days,
            officers: self.officers.clone(),
            notice_served_on: day(&self.notice_served_on),
            hearing: self.hearing.as_deref().and_then(Hearing::parse),
            hearing_noticed_on: day(&self.hearing_noticed_on),
            hearing_on: day(&self.hearing_on),
            hearing_held_on: day(&self.hearing_held_on),
        }
    }
}

/// Read cases matching `cond` (with the clocks derived from `cal`).
fn cases_where(
    conn: &Connection,
    cal: &crate::domain::calendar::Calendar,
    cond: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<(CaseRow, i64)>> {
    let mut stmt = conn.prepare_cached(&format!("{CASE_SELECT} WHERE {cond} ORDER BY c.id"))?;
    let rows = stmt.query_map(args, |r| {
        Ok((
            CaseRow {
                id: r.get(0)?,
                case_no: r.get(1)?,
                approval_no: r.get(2)?,
                uscc: r.get(3)?,
                name: r.get(4)?,
                intended: r.get(5)?,
                lead_on: r.get(6)?,
                opened_on: r.get(7)?,
                officers: r
                    .get::<_, String>(8)?
                    .split(", ")
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                officers_named: Vec::new(),
                notice_served_on: r.get(9)?,
                hearing: r.get(10)?,
                hearing_answered_on: r.get(11)?,
                hearing_noticed_on: r.get(12)?,
                hearing_on: r.get(13)?,
                hearing_held_on: r.get(14)?,
                extension_days: r.get(15)?,
                decided_on: r.get(16)?,
                decision: r.get(17)?,
                decision_event_id: r.get(18)?,
                served_on: r.get(19)?,
                closed_on: r.get(20)?,
                outcome: r.get(21)?,
                version: r.get(22)?,
                decision_due: None,
                hearing_request_until: None,
                next: None,
                next_due: None,
            },
            r.get::<_, i64>(23)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (mut c, qid) = row?;
        c.decision_due =
            day(&c.opened_on).map(|o| decision_limit(cal, o, c.extension_days).to_string());
        c.hearing_request_until =
            day(&c.notice_served_on).map(|n| hearing_request_ends(cal, n).to_string());
        c.officers_named = named_officers(conn, &c.officers)?;
        if let Some((what, due)) = next_clock(&c.clocks(), cal) {
            c.next = Some(what.to_string());
            c.next_due = Some(due.to_string());
        }
        out.push((c, qid));
    }
    Ok(out)
}

/// The officers as the officer table knows them (by login or by name), with their
/// certificate numbers; an officer it does not know is shown as given.
fn named_officers(conn: &Connection, officers: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for o in officers {
        let found: Option<(String, String, String)> = conn
            .prepare_cached(
                "SELECT login, name, cert_no FROM officer WHERE login = ?1 OR name = ?1 LIMIT 1",
            )?
            .query_row([o], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        out.push(match found {
            Some((login, name, cert)) if !cert.is_empty() => {
                format!("{login} {name} (执法证 {cert})")
            }
            Some((login, name, _)) => format!("{login} {name}"),
            None => o.clone(),
        });
    }
    Ok(out)
}

/// The case `id` for a decision on `qualification_id`: open, undecided, for that approval.
pub(crate) fn case_for_decision(
    tx: &Connection,
    cal: &crate::domain::calendar::Calendar,
    id: i64,
    qualification_id: i64,
    act: ActKind,
) -> Result<CaseRow> {
    let (case, qid) = cases_where(tx, cal, "c.id = ?1", params![id])?
        .pop()
        .ok_or_else(|| refused("case", Rule::CaseUnknown, rule_args![id = id]))?;
    if qid != qualification_id {
        return Err(refused(
            "case",
            Rule::CaseOtherApproval,
            rule_args![
                case_no = case.case_no.as_str(),
                approval = case.approval_no.as_str()
            ],
        ));
    }
    if case.closed_on.is_some() || case.decided_on.is_some() {
        return Err(refused(
            "case",
            Rule::CaseDecidedOrClosed,
            rule_args![case_no = case.case_no.as_str()],
        ));
    }
    if case.intended != act.as_str() {
        return Err(refused(
            "case",
            Rule::CaseOtherPenalty,
            rule_args![
                case_no = case.case_no.as_str(),
                announced = penalty_arg(&case.intended),
                act = Arg::Act(act)
            ],
        ));
    }
    Ok(case)
}

/// The case a decision request names (`case_id`), checked to be open on `qualification_id`
/// for that penalty; none when the request names no case.
pub(crate) fn decision_case(
    conn: &Connection,
    cal: &crate::domain::calendar::Calendar,
    req: &ActRequest,
    qualification_id: i64,
) -> Result<Option<CaseRow>> {
    match (req.case_id, req.act) {
        (Some(id), Some(act)) if act.is_penalty() => Ok(Some(case_for_decision(
            conn,
            cal,
            id,
            qualification_id,
            act,
        )?)),
        (Some(_), _) => Err(refused("case", Rule::CaseNotAPenalty, rule_args![])),
        _ => Ok(None),
    }
}

/// The request with the case's procedure facts in place of its own flags.
pub(crate) fn with_case_facts(req: &ActRequest, c: &CaseRow) -> ActRequest {
    let p = c.procedure();
    ActRequest {
        officers: c.officers.clone(),
        notice_served_on: p.notice_served_on,
        hearing: p.hearing,
        hearing_held_on: p.hearing_held_on,
        case: Some(p),
        ..req.clone()
    }
}

/// Record on the case that `event_id` decided it.
pub(crate) fn record_decision(
    tx: &Connection,
    case_id: i64,
    act: ActKind,
    date: &str,
    event_id: i64,
    actor: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE penalty_case SET decided_on = ?1, decision = ?2, decision_event_id = ?3, version = version + 1,
                updated_at = ?4, updated_by = ?5 WHERE id = ?6",
        params![date, act.as_str(), event_id, now_utc(), actor, case_id],
    )?;
    Ok(())
}

impl Store {
    /// 立案: open a penalty case on a qualification — or register a lead (线索, `lead_on` with no
    /// `opened_on`: verified within 15 working days), which a later `open_case` with the same
    /// case number and `opened_on` opens.
    pub fn open_case(&mut self, n: &NewCase) -> Result<CaseRow> {
        check_new_case(n, self.today)?;
        let lead: Option<(i64, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, lead_on FROM penalty_case WHERE case_no = ?1 AND opened_on IS NULL",
                [n.case_no.trim()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, lead_on)) = lead {
            return self.open_lead(id, lead_on.as_deref(), n);
        }
        let (tx, ctx) = self.begin_act()?;
        let id = open_case_in(&tx, &ctx, n)?;
        tx.commit()?;
        self.case(id)
    }

    /// 立案 of the lead `id` registered earlier.
    fn open_lead(&mut self, id: i64, lead_on: Option<&str>, n: &NewCase) -> Result<CaseRow> {
        let date = n.opened_on.ok_or_else(|| {
            refused(
                "date",
                Rule::CaseLeadNeedsDate,
                rule_args![case_no = n.case_no.trim()],
            )
        })?;
        if let Some(lead) = lead_on.and_then(|l| l.parse::<Date>().ok())
            && date < lead
        {
            return Err(refused(
                "date",
                Rule::CaseOpenedBeforeLead,
                rule_args![date = date, lead = lead],
            ));
        }
        let officers = if n.officers.is_empty() {
            None
        } else {
            check_officers(&n.officers)?;
            Some(distinct_officers(&n.officers).join(", "))
        };
        let (tx, ctx) = self.begin_act()?;
        let (approval_no, uscc): (String, String) = tx.query_row(
            "SELECT q.approval_no, b.uscc FROM penalty_case c JOIN qualification q ON q.id = c.qualification_id
             JOIN body b ON b.id = q.body_id WHERE c.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        tx.execute(
            "UPDATE penalty_case SET opened_on = ?1, officers = coalesce(?2, officers), version = version + 1,
                    updated_at = ?3, updated_by = ?4 WHERE id = ?5",
            params![date.to_string(), officers, now_utc(), ctx.actor, id],
        )?;
        events::append(
            &tx,
            ctx.capture,
            &Draft {
                act: "case-open",
                approval_no: Some(&approval_no),
                uscc: Some(&uscc),
                act_date: Some(date.to_string()),
                basis: n.basis.trim(),
                doc_no: n.doc_no.trim(),
                reason: n.reason.trim(),
                details: Some(
                    json!({ "case": id, "case_no": n.case_no.trim(), "from_lead": lead_on }),
                ),
                ..Draft::new(ctx.actor)
            },
        )?;
        tx.commit()?;
        self.case(id)
    }

    /// A later step of case `id`: notify, hearing, extend, serve or close.
    pub fn case_step(
        &mut self,
        id: i64,
        step: CaseStep,
        s: &CaseStepRequest,
        expected_version: Option<i64>,
    ) -> Result<CaseRow> {
        let date = s
            .date
            .ok_or_else(|| refused("date", Rule::CaseStepDateRequired, rule_args![]))?;
        if date > self.today {
            return Err(refused(
                "date",
                Rule::CaseDateAfterToday,
                rule_args![date = date, today = self.today],
            ));
        }
        for (f, v) in [
            ("basis", &s.basis),
            ("doc_no", &s.doc_no),
            ("reason", &s.reason),
        ] {
            check_text(f, v)?;
        }
        let (tx, ctx) = self.begin_act()?;
        let (case, _) = cases_where(&tx, ctx.calendar, "c.id = ?1", params![id])?
            .pop()
            .ok_or_else(|| StoreError::NotFound(store_msg!(NoPenaltyCase, id = id)))?;
        if let Some(v) = expected_version
            && v != case.version
        {
            let (by, at) = tx.query_row(
                "SELECT updated_by, updated_at FROM penalty_case WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            return Err(StoreError::Conflict {
                what: store_msg!(
                    WhatCase,
                    case_no = case.case_no.as_str(),
                    from = v,
                    to = case.version
                ),
                by,
                at,
            });
        }
        if case.closed_on.is_some() {
            return Err(refused(
                "case",
                Rule::CaseClosed,
                rule_args![case_no = case.case_no.as_str()],
            ));
        }
        // A lead is verified, then opened (`open_case`) or closed; nothing else happens to it.
        let opened = match day(&case.opened_on) {
            Some(o) => o,
            None if step == CaseStep::Close => day(&case.lead_on).unwrap_or(date),
            None => {
                return Err(refused(
                    "case",
                    Rule::CaseLeadNotOpened,
                    rule_args![case_no = case.case_no.as_str()],
                ));
            }
        };
        if date < opened {
            return Err(refused(
                "date",
                Rule::CaseBeforeOpening,
                rule_args![date = date, opened = opened],
            ));
        }
        // `rule`: which step comes before the decision.
        let undecided = |rule: Rule| -> Result<()> {
            if case.decided_on.is_some() {
                return Err(refused(
                    "case",
                    rule,
                    rule_args![case_no = case.case_no.as_str()],
                ));
            }
            Ok(())
        };
        let notice = day(&case.notice_served_on);
        // (column, value) pairs the step sets.
        let mut set: Vec<(&str, Option<String>)> = Vec::new();
        let mut details = json!({ "case": id, "case_no": case.case_no });
        match step {
            CaseStep::Open | CaseStep::Decide => {
                return Err(refused("step", Rule::CaseStepNotHere, rule_args![]));
            }
            CaseStep::Notify => {
                undecided(Rule::CaseDecidedNotice)?;
                if let Some(n) = notice {
                    return Err(refused(
                        "date",
                        Rule::CaseNoticeServedAlready,
                        rule_args![served = n],
                    ));
                }
                set.push(("notice_served_on", Some(date.to_string())));
                details["hearing_request_until"] =
                    json!(hearing_request_ends(ctx.calendar, date).to_string());
            }
            CaseStep::Hearing => {
                undecided(Rule::CaseDecidedHearing)?;
                let Some(n) = notice else {
                    return Err(refused("date", Rule::CaseHearingBeforeNotice, rule_args![]));
                };
                if date < n {
                    return Err(refused(
                        "date",
                        Rule::CaseBeforeNotice,
                        rule_args![date = date, notice = n],
                    ));
                }
                let window = hearing_request_ends(ctx.calendar, n);
                match s.hearing {
                    None if s.hearing_on.is_none() => {
                        return Err(refused(
                            "hearing",
                            Rule::CaseHearingAnswerRequired,
                            rule_args![],
                        ));
                    }
                    None => {}
                    Some((Hearing::NotRequested, _)) if date <= window => {
                        return Err(refused(
                            "hearing",
                            Rule::CaseHearingWindowRuns,
                            rule_args![window = window],
                        ));
                    }
                    Some((Hearing::NotApplicable, _)) => {
                        return Err(refused("hearing", Rule::CaseHearingApplies, rule_args![]));
                    }
                    Some((Hearing::Requested, Some(held))) => {
                        if case.hearing.as_deref() != Some("requested") {
                            set.push(("hearing", Some("requested".into())));
                            set.push(("hearing_answered_on", Some(date.to_string())));
                        }
                        if held < n || held > date {
                            return Err(refused(
                                "hearing",
                                Rule::CaseHeldOutsideWindow,
                                rule_args![held = held, notice = n, date = date],
                            ));
                        }
                        let noticed = day(&case.hearing_noticed_on);
                        match (noticed, day(&case.hearing_on)) {
                            (Some(noticed), Some(_)) => {
                                check_hearing_notice(ctx.calendar, noticed, held)?
                            }
                            _ => check_hearing_notice(ctx.calendar, n, held)?,
                        }
                        set.push(("hearing_held_on", Some(held.to_string())));
                    }
                    Some((h, _)) => {
                        set.push(("hearing", Some(h.as_str().into())));
                        set.push(("hearing_answered_on", Some(date.to_string())));
                    }
                }
                if let Some(on) = s.hearing_on {
                    let requested = case.hearing.as_deref() == Some("requested")
                        || matches!(s.hearing, Some((Hearing::Requested, _)));
                    if !requested {
                        return Err(refused(
                            "hearing_on",
                            Rule::CaseHearingNotRequested,
                            rule_args![],
                        ));
                    }
                    check_hearing_notice(ctx.calendar, date, on)?;
                    set.push(("hearing_noticed_on", Some(date.to_string())));
                    set.push(("hearing_on", Some(on.to_string())));
                }
            }
            CaseStep::Extend => {
                undecided(Rule::CaseDecidedExtension)?;
                let days = s
                    .days
                    .filter(|d| (1..=60).contains(d))
                    .ok_or_else(|| refused("days", Rule::CaseExtendDays, rule_args![]))?;
                if s.basis.trim().is_empty() {
                    return Err(refused("basis", Rule::CaseExtendBasis, rule_args![]));
                }
                let limit = decision_limit(ctx.calendar, opened, case.extension_days);
                if date > limit {
                    return Err(refused(
                        "date",
                        Rule::CaseLimitRanOut,
                        rule_args![limit = limit],
                    ));
                }
                set.push((
                    "extension_days",
                    Some((case.extension_days + days).to_string()),
                ));
                details["days"] = json!(days);
                details["decision_due"] = json!(
                    decision_limit(ctx.calendar, opened, case.extension_days + days).to_string()
                );
            }
            CaseStep::Serve => {
                let Some(decided) = day(&case.decided_on) else {
                    return Err(refused(
                        "case",
                        Rule::CaseNothingToServe,
                        rule_args![case_no = case.case_no.as_str()],
                    ));
                };
                if date < decided {
                    return Err(refused(
                        "date",
                        Rule::CaseBeforeDecision,
                        rule_args![date = date, decided = decided],
                    ));
                }
                if case.served_on.is_some() {
                    return Err(refused("date", Rule::CaseServedAlready, rule_args![]));
                }
                set.push(("served_on", Some(date.to_string())));
            }
            CaseStep::Close => {
                if case.decided_on.is_some() && case.served_on.is_none() {
                    return Err(refused("case", Rule::CaseServeBeforeClose, rule_args![]));
                }
                set.push(("closed_on", Some(date.to_string())));
                let outcome = match (&case.opened_on, &case.decided_on) {
                    (_, Some(_)) => "decided",
                    (None, None) => "lead verified: no case opened",
                    (Some(_), None) => "closed without penalty",
                };
                set.push((
                    "outcome",
                    Some(if s.reason.trim().is_empty() {
                        outcome.to_string()
                    } else {
                        s.reason.trim().to_string()
                    }),
                ));
            }
        }
        let now = now_utc();
        let assignments: Vec<String> = set
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} = ?{}", i + 1))
            .collect();
        let n = set.len();
        let sql = format!(
            "UPDATE penalty_case SET {}, version = version + 1, updated_at = ?{}, updated_by = ?{} WHERE id = ?{}",
            assignments.join(", "),
            n + 1,
            n + 2,
            n + 3
        );
        let mut values: Vec<Box<dyn rusqlite::ToSql>> = set
            .iter()
            .map(|(_, v)| Box::new(v.clone()) as Box<dyn rusqlite::ToSql>)
            .collect();
        values.push(Box::new(now));
        values.push(Box::new(ctx.actor.to_string()));
        values.push(Box::new(id));
        let refs: Vec<&dyn rusqlite::ToSql> = values.iter().map(|b| b.as_ref()).collect();
        tx.execute(&sql, refs.as_slice())?;
        for (c, v) in &set {
            details[*c] = json!(v);
        }
        events::append(
            &tx,
            ctx.capture,
            &Draft {
                act: match step {
                    CaseStep::Notify => "case-notify",
                    CaseStep::Hearing => "case-hearing",
                    CaseStep::Extend => "case-extend",
                    CaseStep::Serve => "case-serve",
                    _ => "case-close",
                },
                approval_no: Some(&case.approval_no),
                uscc: Some(&case.uscc),
                act_date: Some(date.to_string()),
                basis: s.basis.trim(),
                doc_no: s.doc_no.trim(),
                reason: s.reason.trim(),
                details: Some(details),
                ..Draft::new(ctx.actor)
            },
        )?;
        tx.commit()?;
        self.case(id)
    }

    /// One case, with its clocks.
    pub fn case(&self, id: i64) -> Result<CaseRow> {
        cases_where(&self.conn, &self.calendar, "c.id = ?1", params![id])?
            .pop()
            .map(|(c, _)| c)
            .ok_or_else(|| StoreError::NotFound(store_msg!(NoPenaltyCase, id = id)))
    }

    /// A case by its number (案号) or id.
    pub fn find_case(&self, key: &str) -> Result<CaseRow> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM penalty_case WHERE case_no = ?1 OR CAST(id AS TEXT) = ?1",
                [key.trim()],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.case(id),
            None => Err(StoreError::NotFound(store_msg!(
                NoPenaltyCaseKey,
                key = key.trim()
            ))),
        }
    }

    /// The cases of a body, newest first.
    pub fn cases_of_body(&self, uscc: &str) -> Result<Vec<CaseRow>> {
        let mut out: Vec<CaseRow> =
            cases_where(&self.conn, &self.calendar, "b.uscc = ?1", params![uscc])?
                .into_iter()
                .map(|(c, _)| c)
                .collect();
        out.reverse();
        Ok(out)
    }

    /// A case's next clock as a queue item (due date, days left in the clock's unit); none
    /// once it waits for nothing.
    pub fn case_clock(&self, c: &CaseRow) -> Result<Option<super::read::QueueItem>> {
        let (Some(kind), Some(due)) = (c.next.as_deref(), c.next_due.as_deref()) else {
            return Ok(None);
        };
        let due = parse_stored_date(due, "case clock")?;
        let unit = match kind {
            "case_hearing_window" | "case_lead" => super::read::DayUnit::WorkingDays,
            _ => super::read::DayUnit::Days,
        };
        Ok(Some(self.queue_item(
            (Some(c.approval_no.clone()), c.uscc.clone(), c.name.clone()),
            kind,
            due,
            unit,
            false,
        )))
    }

    /// Queue items: each open case's next clock (of the bodies `among` only, when given).
    pub(crate) fn case_queue(
        &self,
        horizon: Date,
        among: Option<&super::changes::Bodies>,
    ) -> Result<Vec<super::read::QueueItem>> {
        let open = match among {
            None => cases_where(&self.conn, &self.calendar, "c.closed_on IS NULL", params![])?,
            Some(b) => cases_where(
                &self.conn,
                &self.calendar,
                &format!(
                    "c.closed_on IS NULL AND {}",
                    super::changes::of_bodies("?1")
                ),
                params![super::changes::bodies_param(b)],
            )?,
        };
        let mut items = Vec::new();
        for (c, _) in open {
            if let Some(item) = self.case_clock(&c)?
                && item.due_on.as_str() <= horizon.to_string().as_str()
            {
                items.push(item);
            }
        }
        Ok(items)
    }
}

/// What a new case must say whatever else holds: its texts, its number, no date after today.
fn check_new_case(n: &NewCase, today: Date) -> Result<()> {
    for (f, v) in [
        ("case_no", &n.case_no),
        ("basis", &n.basis),
        ("doc_no", &n.doc_no),
        ("reason", &n.reason),
    ] {
        check_text(f, v)?;
    }
    for o in &n.officers {
        check_text("officers", o)?;
    }
    if n.case_no.trim().is_empty() {
        return Err(refused("case_no", Rule::CaseNoRequired, rule_args![]));
    }
    for (field, d) in [("date", n.opened_on), ("lead_on", n.lead_on)] {
        if let Some(d) = d
            && d > today
        {
            return Err(refused(
                field,
                Rule::CaseDateAfterToday,
                rule_args![date = d, today = today],
            ));
        }
    }
    Ok(())
}

/// 立案 of a new case (not a registered lead) inside the caller's writing transaction: an
/// inspection result that found a problem opens its case with it (`Store::record_result`).
pub(crate) fn open_case_in(tx: &Connection, ctx: &Ctx<'_>, n: &NewCase) -> Result<i64> {
    check_new_case(n, ctx.today)?;
    let Some(first) = n.opened_on.or(n.lead_on) else {
        return Err(refused("date", Rule::CaseDateRequired, rule_args![]));
    };
    let intended = n
        .intended
        .ok_or_else(|| refused("act", Rule::CaseIntendedRequired, rule_args![]))?;
    if !intended.is_penalty() {
        return Err(refused(
            "act",
            Rule::CaseIntendedNotPenalty,
            rule_args![intended = Arg::Act(intended)],
        ));
    }
    if let (Some(lead), Some(date)) = (n.lead_on, n.opened_on)
        && lead > date
    {
        return Err(refused(
            "lead_on",
            Rule::CaseLeadAfterOpening,
            rule_args![lead = lead, date = date],
        ));
    }
    if n.approval_no.trim().is_empty() {
        return Err(refused(
            "approval",
            Rule::CaseApprovalRequired,
            rule_args![],
        ));
    }
    check_officers(&n.officers)?;
    let officers = distinct_officers(&n.officers);
    let date = first;
    let loc = locate(tx, &n.approval_no)?;
    let status = loc.view.standing(ctx.today, ctx.settings).status;
    if !allowed_from(intended).contains(&status) {
        return Err(refused(
            "approval",
            Rule::CaseApprovalNotInForce,
            rule_args![
                approval = loc.approval_no.as_str(),
                status = Arg::Status(status),
                act = Arg::Act(intended)
            ],
        ));
    }
    if date < loc.view.decided_on {
        return Err(refused(
            "date",
            Rule::CaseBeforeGrant,
            rule_args![date = date, granted = loc.view.decided_on],
        ));
    }
    let now = now_utc();
    let id: i64 = tx
        .query_row(
            "INSERT INTO penalty_case (case_no, qualification_id, intended, lead_on, opened_on, officers, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            params![n.case_no.trim(), loc.qualification_id, intended.as_str(), n.lead_on.map(|d| d.to_string()),
                    n.opened_on.map(|d| d.to_string()), officers.join(", "), now, ctx.actor],
            |r| r.get(0),
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                refused("case_no", Rule::CaseNoInUse, rule_args![case_no = n.case_no.trim()])
            }
            e => e.into(),
        })?;
    events::append(
        tx,
        ctx.capture,
        &Draft {
            act: if n.opened_on.is_some() {
                "case-open"
            } else {
                "case-lead"
            },
            approval_no: Some(&loc.approval_no),
            uscc: Some(&loc.uscc),
            act_date: Some(date.to_string()),
            basis: n.basis.trim(),
            doc_no: n.doc_no.trim(),
            reason: n.reason.trim(),
            details: Some(
                json!({ "case": id, "case_no": n.case_no.trim(), "intended": intended.as_str(),
                                  "officers": officers, "lead_on": n.lead_on.map(|d| d.to_string()) }),
            ),
            ..Draft::new(ctx.actor)
        },
    )?;
    Ok(id)
}
