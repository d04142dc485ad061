//! Applications (办件): receive, ask for materials, accept, pause and resume the clock, decide.
//! A grant creates the qualification (and its verification follow-up) in the same transaction;
//! a renewal application files, grants or refuses the renewal of the existing approval.

use super::acts::apply_act_for;
use super::events::{self, Draft};
use super::read::{DayUnit, QueueItem};
use super::{Result, Store, StoreError, index_new_names, last_body_id, now_utc, parse_stored_date};
use crate::domain::acts::{ActKind, ActRequest, Refusal, Rule, check_text, plan_grant};
use crate::domain::applications::{
    ApplicationAct, ApplicationPurpose, ApplicationStatus, check_materials_request,
    check_not_barred, decision_clock, decision_due, effective_acceptance, materials_due,
    next_status, paused_length,
};
use crate::domain::calendar::ClockUnit;
use crate::domain::ids::{ApprovalNo, BodyKind, Uscc};
use crate::domain::model::{RiskClass, Route};
use crate::i18n::rules::Arg;
use crate::{rule_args, store_msg};
use jiff::civil::Date;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

/// What `receive` needs: who applies, for what, by which route.
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub purpose: ApplicationPurpose,
    pub uscc: Uscc,
    pub name: String,
    pub kind: BodyKind,
    pub route: Route,
    /// For a renewal: the approval to renew.
    pub approval_no: Option<ApprovalNo>,
    pub scope: Vec<String>,
    pub region: String,
    pub risk_class: RiskClass,
    pub received_on: Date,
    pub reason: String,
}

/// The decision's facts (for `grant`: the approval number and end date printed on the approval).
#[derive(Debug, Clone, Default)]
pub struct Decision {
    pub date: Option<Date>,
    pub basis: String,
    pub doc_no: String,
    pub reason: String,
    pub approval_no: Option<ApprovalNo>,
    pub valid_until: Option<Date>,
    pub authority: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApplicationRow {
    pub id: i64,
    pub purpose: String,
    pub uscc: String,
    pub name: String,
    pub kind: String,
    pub route: String,
    pub approval_no: Option<String>,
    pub status: String,
    pub received_on: String,
    pub accepted_on: Option<String>,
    pub decision_due: Option<String>,
    pub version: i64,
    /// The applicant's region code (else positions 3–8 of its USCC): what jurisdictions and
    /// the region filter look at.
    pub region: String,
    /// The scope applied for, separated by `;`.
    pub scope: String,
    pub risk_class: String,
    /// The decision clock stopped for expert review since this day (行政许可法 Art. 45).
    pub paused_since: Option<String>,
    /// How much of the clock pauses used so far, in the clock's unit.
    pub paused_total: u32,
    /// The day it was decided (granted, refused) or withdrawn.
    pub decided_on: Option<String>,
    /// A renewal filed inside the lead time (not renewed by law, Art. 50(2)).
    pub late: bool,
    pub updated_by: String,
    pub updated_at: String,
    /// The end of the 5-working-day window for asking for missing materials (Art. 32(4)).
    pub materials_due: String,
    /// The clock running now: materials to request (received), the decision (accepted; a
    /// renewal's by the approval's end date); None while paused, awaiting materials, or decided.
    pub clock: Option<QueueItem>,
}

/// What an act on an application did (or, previewed, would do).
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationOutcome {
    pub from: ApplicationStatus,
    pub next: ApplicationStatus,
    /// The facts the event records beyond the state: `counts_as_accepted_on` (Art. 32(4)), a
    /// grant's `valid_until` and `verification_due`, a renewal's `renewed`.
    pub details: serde_json::Value,
}

/// The store's refusal `rule` of an application act, on `field`.
fn refused(field: &'static str, rule: Rule, args: Vec<(&'static str, Arg)>) -> StoreError {
    StoreError::Refused(Refusal::new(Some(field), rule, args))
}

impl Store {
    /// Receive an application; returns its id. A renewal application also files the renewal.
    pub fn receive_application(&mut self, a: &NewApplication) -> Result<i64> {
        if a.received_on > self.today {
            return Err(refused(
                "date",
                Rule::AppDateAfterToday,
                rule_args![date = a.received_on, today = self.today],
            ));
        }
        for (field, v) in [
            ("name", &a.name),
            ("reason", &a.reason),
            ("region", &a.region),
        ] {
            check_text(field, v)?;
        }
        for item in &a.scope {
            check_text("scope", item)?;
        }
        if a.name.trim().is_empty() {
            return Err(refused("name", Rule::AppNameRequired, rule_args![]));
        }
        if a.purpose == ApplicationPurpose::Renewal && a.approval_no.is_none() {
            return Err(refused(
                "approval_no",
                Rule::AppRenewalNeedsApproval,
                rule_args![],
            ));
        }
        let now = now_utc();
        let (tx, ctx) = self.begin_act()?;
        // A renewal keeps an approval; a new approval is an application the bar forbids.
        if a.purpose == ApplicationPurpose::New {
            refuse_if_barred(&tx, a.uscc.as_str(), a.received_on, a.route)?;
        }
        let id: i64 = tx.query_row(
            "INSERT INTO application (purpose, uscc, name, kind, route, approval_no, scope, region, risk_class, received_on, status, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'received', ?11, ?12) RETURNING id",
            params![
                a.purpose.as_str(),
                a.uscc.as_str(),
                a.name.trim(),
                a.kind.as_str(),
                a.route.as_str(),
                a.approval_no.as_ref().map(|n| n.as_str()),
                a.scope.join(";"),
                a.region,
                a.risk_class.as_str(),
                a.received_on.to_string(),
                now,
                ctx.actor
            ],
            |r| r.get(0),
        )?;
        if let Some(no) = a
            .approval_no
            .as_ref()
            .filter(|_| a.purpose == ApplicationPurpose::Renewal)
        {
            let req = ActRequest {
                act: Some(ActKind::FileRenewal),
                date: Some(a.received_on),
                basis: "行政许可法第五十条".into(),
                reason: format!("renewal application {id}"),
                ..Default::default()
            };
            apply_act_for(&tx, &ctx, no.as_str(), &req, None, Some(id))?;
        }
        events::append(
            &tx,
            ctx.capture,
            &Draft {
                act: "receive",
                uscc: Some(a.uscc.as_str()),
                approval_no: a.approval_no.as_ref().map(|n| n.as_str()),
                application_id: Some(id),
                act_date: Some(a.received_on.to_string()),
                reason: a.reason.trim(),
                after: Some(json!({ "status": "received", "version": 1 })),
                details: Some(
                    json!({ "purpose": a.purpose.as_str(), "route": a.route.as_str(), "kind": a.kind.as_str(), "name": a.name.trim(), "scope": a.scope }),
                ),
                ..Draft::new(ctx.actor)
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Any act on an open application after receipt.
    pub fn act_on_application(
        &mut self,
        id: i64,
        act: ApplicationAct,
        d: &Decision,
        expected_version: Option<i64>,
    ) -> Result<ApplicationRow> {
        self.application_act(id, act, d, expected_version, true)?;
        self.application(id)
    }

    /// What `act_on_application` would do, by the very same rules, writing nothing: the act is
    /// done in a transaction that is rolled back. The refusal it would meet, or its outcome.
    pub fn preview_application_act(
        &mut self,
        id: i64,
        act: ApplicationAct,
        d: &Decision,
        expected_version: Option<i64>,
    ) -> Result<ApplicationOutcome> {
        self.application_act(id, act, d, expected_version, false)
    }

    fn application_act(
        &mut self,
        id: i64,
        act: ApplicationAct,
        d: &Decision,
        expected_version: Option<i64>,
        commit: bool,
    ) -> Result<ApplicationOutcome> {
        let date = d
            .date
            .ok_or_else(|| refused("date", Rule::AppDateRequired, rule_args![]))?;
        if date > self.today {
            return Err(refused(
                "date",
                Rule::AppDateAfterToday,
                rule_args![date = date, today = self.today],
            ));
        }
        for (field, v) in [
            ("basis", &d.basis),
            ("doc_no", &d.doc_no),
            ("reason", &d.reason),
            ("authority", &d.authority),
        ] {
            check_text(field, v)?;
        }
        let now = now_utc();
        let (tx, ctx) = self.begin_act()?;
        let app = tx
            .query_row(
                "SELECT purpose, uscc, name, kind, route, approval_no, scope, region, risk_class, received_on, status,
                        accepted_on, paused_since, paused_total, version, updated_by, updated_at
                 FROM application WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                        (r.get::<_, String>(4)?, r.get::<_, Option<String>>(5)?, r.get::<_, String>(6)?, r.get::<_, String>(7)?),
                        (r.get::<_, String>(8)?, r.get::<_, String>(9)?, r.get::<_, String>(10)?, r.get::<_, Option<String>>(11)?),
                        (r.get::<_, Option<String>>(12)?, r.get::<_, u32>(13)?, r.get::<_, i64>(14)?, r.get::<_, String>(15)?, r.get::<_, String>(16)?),
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(store_msg!(NoApplication, id = id)))?;
        let (
            (purpose, uscc, name, kind),
            (route, approval_no, scope, region),
            (risk, received, status, accepted),
            (paused_since, paused_total, version, by, at),
        ) = app;
        if let Some(v) = expected_version
            && v != version
        {
            return Err(StoreError::Conflict {
                what: store_msg!(WhatApplication, id = id),
                by,
                at,
            });
        }
        let bad = |w: &'static str| {
            StoreError::Invalid(store_msg!(StoredApplicationValue, id = id, what = w))
        };
        let from = ApplicationStatus::parse(&status).ok_or_else(|| bad("status"))?;
        let route = Route::parse(&route).ok_or_else(|| bad("route"))?;
        let kind = BodyKind::parse(&kind).ok_or_else(|| bad("kind"))?;
        let received = parse_stored_date(&received, "received_on")?;
        if date < received {
            return Err(refused(
                "date",
                Rule::AppBeforeReceipt,
                rule_args![date = date, received = received],
            ));
        }
        let next = next_status(act, from)?;
        let mut accepted_on = accepted
            .as_deref()
            .map(|s| parse_stored_date(s, "accepted_on"))
            .transpose()?;
        let mut paused_since = paused_since
            .as_deref()
            .map(|s| parse_stored_date(s, "paused_since"))
            .transpose()?;
        let mut paused_total = paused_total;
        let mut details = json!({});
        let mut qualification_id: Option<i64> = None;
        let mut event_approval = approval_no.clone();
        match act {
            ApplicationAct::RequestMaterials => {
                check_materials_request(ctx.calendar, received, date)?;
            }
            ApplicationAct::Accept => {
                let counts_from = effective_acceptance(ctx.calendar, from, received, date);
                if counts_from != date {
                    details = json!({ "counts_as_accepted_on": counts_from.to_string(), "basis": "行政许可法第三十二条第一款第四项" });
                }
                accepted_on = Some(counts_from);
            }
            ApplicationAct::Pause => paused_since = Some(date),
            ApplicationAct::Resume => {
                let since = paused_since.take().unwrap_or(date);
                paused_total += paused_length(ctx.calendar, ctx.settings, route, since, date);
            }
            ApplicationAct::Grant if purpose == ApplicationPurpose::Renewal.as_str() => {
                let no = approval_no.clone().ok_or_else(|| bad("approval_no"))?;
                let req = ActRequest {
                    act: Some(ActKind::Renew),
                    date: Some(date),
                    basis: d.basis.clone(),
                    doc_no: d.doc_no.clone(),
                    reason: d.reason.clone(),
                    valid_until: d.valid_until,
                    ..Default::default()
                };
                let done = apply_act_for(&tx, &ctx, &no, &req, None, Some(id))?;
                details = json!({ "renewed": done.approval_no });
            }
            ApplicationAct::Refuse if purpose == ApplicationPurpose::Renewal.as_str() => {
                let no = approval_no.clone().ok_or_else(|| bad("approval_no"))?;
                let req = ActRequest {
                    act: Some(ActKind::RefuseRenewal),
                    date: Some(date),
                    basis: d.basis.clone(),
                    doc_no: d.doc_no.clone(),
                    reason: d.reason.clone(),
                    ..Default::default()
                };
                apply_act_for(&tx, &ctx, &no, &req, None, Some(id))?;
            }
            ApplicationAct::Grant => {
                let no = d.approval_no.clone().ok_or_else(|| {
                    refused("approval_no", Rule::AppGrantNeedsApprovalNo, rule_args![])
                })?;
                if no.kind() != kind {
                    return Err(refused(
                        "approval_no",
                        Rule::AppApprovalNoKind,
                        rule_args![approval = no.as_str(), kind = Arg::BodyKind(kind)],
                    ));
                }
                let until = match d.valid_until {
                    Some(u) => u,
                    None => date
                        .checked_add(jiff::Span::new().years(ctx.settings.validity_years))
                        .map_err(|_| {
                            refused("valid_until", Rule::AppValidUntilOutOfRange, rule_args![])
                        })?,
                };
                if until <= date {
                    return Err(refused(
                        "valid_until",
                        Rule::AppValidUntilNotAfter,
                        rule_args![until = until, date = date],
                    ));
                }
                if d.authority.trim().is_empty() || d.doc_no.trim().is_empty() {
                    return Err(refused(
                        "authority",
                        Rule::AppGrantNeedsAuthority,
                        rule_args![],
                    ));
                }
                refuse_if_barred(&tx, &uscc, date, route)?;
                let body_id: i64 = match tx
                    .query_row("SELECT id FROM body WHERE uscc = ?1", [&uscc], |r| r.get(0))
                    .optional()?
                {
                    Some(id) => id,
                    None => {
                        let last_body = last_body_id(&tx)?;
                        let id = tx.query_row(
                        "INSERT INTO body (uscc, name, kind, region, risk_class, updated_at, updated_by, name_sort) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                        params![uscc, name, kind.as_str(), region, risk, now, ctx.actor, crate::domain::collation::name_sort_key(&name)],
                        |r| r.get(0),
                    )?;
                        index_new_names(&tx, last_body)?;
                        id
                    }
                };
                let (qstatus, follow_up) =
                    plan_grant(route, kind, date, ctx.calendar, ctx.settings);
                let qid: i64 = tx
                    .query_row(
                        "INSERT INTO qualification (body_id, approval_no, route, decided_on, valid_until, status, authority, doc_no, updated_at, updated_by)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                        params![body_id, no.as_str(), route.as_str(), date.to_string(), until.to_string(), qstatus.as_str(), d.authority.trim(), d.doc_no.trim(), now, ctx.actor],
                        |r| r.get(0),
                    )
                    .map_err(|e| match e {
                        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                            refused("approval_no", Rule::AppApprovalNoInUse, rule_args![approval = no.as_str()])
                        }
                        e => e.into(),
                    })?;
                for item in scope.split(';').filter(|s| !s.is_empty()) {
                    tx.execute("INSERT OR IGNORE INTO scope_item (qualification_id, item, status, since) VALUES (?1, ?2, 'active', ?3)", params![qid, item, date.to_string()])?;
                }
                if let Some(f) = &follow_up {
                    tx.execute(
                        "INSERT INTO follow_up (qualification_id, kind, opened_on, due_on, due_estimated) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![qid, f.kind.as_str(), date.to_string(), f.due.date.to_string(), f.due.estimated],
                    )?;
                }
                qualification_id = Some(qid);
                event_approval = Some(no.as_str().to_string());
                details = json!({ "route": route.as_str(), "valid_until": until.to_string(), "authority": d.authority.trim(),
                                  "scope": scope, "verification_due": follow_up.map(|f| f.due.date.to_string()) });
            }
            _ => {}
        }
        // The day it ended: decided, or withdrawn by the applicant.
        let decided = (!next.is_open()).then(|| date.to_string());
        tx.execute(
            "UPDATE application SET status = ?1, accepted_on = ?2, paused_since = ?3, paused_total = ?4, decided_on = coalesce(?5, decided_on),
                    qualification_id = coalesce(?6, qualification_id), approval_no = coalesce(?7, approval_no),
                    version = version + 1, updated_at = ?8, updated_by = ?9
             WHERE id = ?10 AND version = ?11",
            params![
                next.as_str(),
                accepted_on.map(|d| d.to_string()),
                paused_since.map(|d| d.to_string()),
                paused_total,
                decided,
                qualification_id,
                event_approval,
                now,
                ctx.actor,
                id,
                version
            ],
        )?;
        events::append(
            &tx,
            ctx.capture,
            &Draft {
                act: if act == ApplicationAct::Grant && purpose == "new" {
                    "grant"
                } else {
                    act.as_str()
                },
                uscc: Some(&uscc),
                approval_no: event_approval.as_deref(),
                application_id: Some(id),
                act_date: Some(date.to_string()),
                basis: d.basis.trim(),
                doc_no: d.doc_no.trim(),
                reason: d.reason.trim(),
                before: Some(json!({ "status": from.as_str(), "version": version })),
                after: Some(json!({ "status": next.as_str(), "version": version + 1 })),
                details: Some(details.clone()),
                ..Draft::new(ctx.actor)
            },
        )?;
        if commit {
            tx.commit()?;
        }
        // Not committed: dropping the transaction rolls it back.
        Ok(ApplicationOutcome {
            from,
            next,
            details,
        })
    }

    /// One application, with its decision due date computed from its clock.
    pub fn application(&self, id: i64) -> Result<ApplicationRow> {
        let mut rows = self.applications_where("id = ?1", params![id])?;
        rows.pop()
            .ok_or_else(|| StoreError::NotFound(store_msg!(NoApplication, id = id)))
    }

    /// The open applications.
    pub fn open_applications(&self) -> Result<Vec<ApplicationRow>> {
        self.applications_where(
            "status IN ('received', 'materials_requested', 'accepted', 'paused')",
            params![],
        )
    }

    fn applications_where(
        &self,
        cond: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<ApplicationRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, purpose, uscc, name, kind, route, approval_no, status, received_on, accepted_on, paused_total, version,
                    region, scope, risk_class, paused_since, decided_on, late, updated_by, updated_at,
                    (SELECT q.valid_until FROM qualification q WHERE q.approval_no = application.approval_no)
             FROM application WHERE {cond} ORDER BY id"
        ))?;
        let rows = stmt.query_map(args, |r| {
            let uscc: String = r.get(2)?;
            let region: String = r.get(12)?;
            Ok((
                ApplicationRow {
                    id: r.get(0)?,
                    purpose: r.get(1)?,
                    region: if region.is_empty() {
                        uscc.get(2..8).unwrap_or_default().to_string()
                    } else {
                        region
                    },
                    uscc,
                    name: r.get(3)?,
                    kind: r.get(4)?,
                    route: r.get(5)?,
                    approval_no: r.get(6)?,
                    status: r.get(7)?,
                    received_on: r.get(8)?,
                    accepted_on: r.get(9)?,
                    decision_due: None,
                    version: r.get(11)?,
                    scope: r.get(13)?,
                    risk_class: r.get(14)?,
                    paused_since: r.get(15)?,
                    paused_total: r.get(10)?,
                    decided_on: r.get(16)?,
                    late: r.get(17)?,
                    updated_by: r.get(18)?,
                    updated_at: r.get(19)?,
                    materials_due: String::new(),
                    clock: None,
                },
                r.get::<_, Option<String>>(20)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut a, valid_until) = row?;
            let received = parse_stored_date(&a.received_on, "received_on")?;
            a.materials_due = materials_due(&self.calendar, received).date.to_string();
            let route = Route::parse(&a.route);
            if let (Some(route), Some(acc)) = (route, a.accepted_on.as_deref()) {
                let acc = parse_stored_date(acc, "accepted_on")?;
                a.decision_due = Some(
                    decision_due(&self.calendar, &self.settings, route, acc, a.paused_total)
                        .date
                        .to_string(),
                );
            }
            a.clock = self.clock_of(&a, valid_until.as_deref())?;
            out.push(a);
        }
        Ok(out)
    }

    /// The clock running on an application now (see `ApplicationRow::clock`).
    fn clock_of(&self, a: &ApplicationRow, valid_until: Option<&str>) -> Result<Option<QueueItem>> {
        let renewal = a.purpose == ApplicationPurpose::Renewal.as_str();
        let (kind, due, unit) = match a.status.as_str() {
            "received" => (
                "materials",
                parse_stored_date(&a.materials_due, "materials due")?,
                DayUnit::WorkingDays,
            ),
            // A renewal is decided by the approval's end date (Art. 50).
            "accepted" if renewal => match valid_until {
                Some(v) => (
                    "renewal_decision",
                    parse_stored_date(v, "valid_until")?,
                    DayUnit::Days,
                ),
                None => return Ok(None),
            },
            "accepted" => {
                let Some(due) = a.decision_due.as_deref() else {
                    return Ok(None);
                };
                let clock = Route::parse(&a.route).map(|r| decision_clock(r, &self.settings));
                let unit = match clock.map(|c| c.unit) {
                    Some(ClockUnit::WorkingDays) => DayUnit::WorkingDays,
                    _ => DayUnit::Days,
                };
                ("decision", parse_stored_date(due, "decision due")?, unit)
            }
            _ => return Ok(None),
        };
        let who = (a.approval_no.clone(), a.uscc.clone(), a.name.clone());
        let mut item = self.queue_item(who, kind, due, unit, false);
        item.application_id = Some(a.id);
        item.region = a.region.clone();
        Ok(Some(item))
    }

    /// Every application, newest first (the applications screen filters them in memory: an
    /// office's applications are a few thousand at most).
    pub fn applications(&self) -> Result<Vec<ApplicationRow>> {
        let mut rows = self.applications_where("1", params![])?;
        rows.reverse();
        Ok(rows)
    }

    /// The applications of the applicants `bodies` (by USCC), newest first: what the screen
    /// reads again after their events.
    pub fn applications_of(&self, bodies: &super::changes::Bodies) -> Result<Vec<ApplicationRow>> {
        let mut rows = self.applications_where(
            &super::changes::of_applicants("?1"),
            params![super::changes::bodies_param(bodies)],
        )?;
        rows.reverse();
        Ok(rows)
    }

    /// The events of application `id`, newest first: its own acts and, for a renewal, the
    /// filing and decision recorded on its approval while it was open (read by the applicant's
    /// USCC, through the event index).
    pub fn application_history(&self, id: i64) -> Result<Vec<crate::store::events::Event>> {
        let a = self.application(id)?;
        let renewal = a.purpose == ApplicationPurpose::Renewal.as_str();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM event WHERE uscc = ?1 AND (application_id = ?2
                OR (?3 AND approval_no = ?4 AND act IN ('file-renewal', 'renew', 'refuse-renewal')
                    AND act_date >= ?5 AND (?6 IS NULL OR act_date <= ?6)))
             ORDER BY id DESC",
            super::events::EVENT_COLUMNS
        ))?;
        let rows = stmt
            .query_map(
                params![
                    a.uscc,
                    id,
                    renewal,
                    a.approval_no,
                    a.received_on,
                    a.decided_on
                ],
                super::events::event_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Queue items for open applications: materials to request (5 working days) and decisions due.
    /// Queue items: the open applications' clocks (of the applicants `among` only, when given).
    pub(crate) fn application_queue(
        &self,
        horizon: Date,
        among: Option<&super::changes::Bodies>,
    ) -> Result<Vec<QueueItem>> {
        let open = match among {
            None => self.open_applications()?,
            Some(b) => self.applications_where(
                &format!(
                    "{OPEN_STATUSES} AND {}",
                    super::changes::of_applicants("?1")
                ),
                params![super::changes::bodies_param(b)],
            )?,
        };
        let mut items = Vec::new();
        for a in open {
            let who = (a.approval_no.clone(), a.uscc.clone(), a.name.clone());
            let (kind, due, unit) = match a.status.as_str() {
                "received" => {
                    let due = materials_due(
                        &self.calendar,
                        parse_stored_date(&a.received_on, "received_on")?,
                    );
                    ("materials", due.date, DayUnit::WorkingDays)
                }
                // A renewal is decided by the approval's end date: its queue item comes with the
                // approval (`renewal_decision`).
                "accepted" if a.purpose == ApplicationPurpose::Renewal.as_str() => continue,
                "accepted" => {
                    let Some(due) = a.decision_due.as_deref() else {
                        continue;
                    };
                    let clock = Route::parse(&a.route).map(|r| decision_clock(r, &self.settings));
                    let unit = match clock.map(|c| c.unit) {
                        Some(ClockUnit::WorkingDays) => DayUnit::WorkingDays,
                        _ => DayUnit::Days,
                    };
                    ("decision", parse_stored_date(due, "decision due")?, unit)
                }
                _ => continue, // paused: the clock is stopped; materials requested: waiting for the applicant
            };
            if due <= horizon {
                let mut item = self.queue_item(who, kind, due, unit, false);
                item.application_id = Some(a.id);
                items.push(item);
            }
        }
        Ok(items)
    }
}

/// Refuse an application of the body `uscc` on `date` while a bar runs (行政许可法 Art. 78–79),
/// or by the commitment route once it is closed to the body after a false commitment.
fn refuse_if_barred(tx: &rusqlite::Connection, uscc: &str, date: Date, route: Route) -> Result<()> {
    let barred: Option<(Option<String>, bool)> = tx
        .query_row(
            "SELECT bar_until, commitment_barred FROM body WHERE uscc = ?1",
            [uscc],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((bar, commitment_barred)) = barred {
        let bar = bar
            .map(|b| parse_stored_date(&b, "bar_until"))
            .transpose()?;
        check_not_barred(bar, commitment_barred, Some(route), date, "date")?;
    }
    Ok(())
}

/// The statuses of an application still to be decided.
pub(crate) const OPEN_STATUSES: &str =
    "status IN ('received', 'materials_requested', 'accepted', 'paused')";

/// SQL of the open renewal of the qualification `q`: NULL when none was filed, else 1 when it
/// was filed late, 0 when in time (then it renews the approval by law, Art. 50(2)).
/// (A macro, so that `concat!` can put it into the constant queries of `store::read`.)
macro_rules! renewal_late_sql {
    () => {
        // `OR`, not `IN (…)`: SQLite builds a temporary table for an IN list on every run of
        // a correlated subquery — once per qualification read, measured at 2× the export.
        "(SELECT a.late FROM application a WHERE a.approval_no = q.approval_no AND a.purpose = 'renewal'
          AND (a.status = 'received' OR a.status = 'materials_requested' OR a.status = 'accepted' OR a.status = 'paused')
          ORDER BY a.id LIMIT 1)"
    };
}
pub(crate) use renewal_late_sql;
pub(crate) const RENEWAL_LATE_SQL: &str = renewal_late_sql!();

/// The open renewal application of an approval, if one was filed.
pub(crate) fn open_renewal(
    conn: &rusqlite::Connection,
    approval_no: &str,
) -> Result<Option<crate::domain::acts::RenewalFiled>> {
    let row: Option<(i64, String, bool)> = conn
        .prepare_cached(&format!(
            "SELECT id, received_on, late FROM application
             WHERE approval_no = ?1 AND purpose = 'renewal' AND {OPEN_STATUSES} ORDER BY id LIMIT 1"
        ))?
        .query_row([approval_no], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    row.map(|(application_id, on, late)| {
        Ok(crate::domain::acts::RenewalFiled {
            application_id,
            filed_on: parse_stored_date(&on, "received_on")?,
            late,
        })
    })
    .transpose()
}

/// Schema 2 → 3: an approval stored as `renewal_pending` becomes active with an application of
/// its own (made from the `file-renewal` act that filed it when there is none), and each open
/// renewal records whether it was filed inside the lead time. Returns the approvals changed.
pub(crate) fn upgrade_renewals(tx: &rusqlite::Connection, actor: &str) -> Result<usize> {
    let settings = super::read_settings(tx)?;
    let now = now_utc();
    let pending: Vec<(i64, String)> = tx
        .prepare("SELECT id, approval_no FROM qualification WHERE status = 'renewal_pending' ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (qid, approval_no) in &pending {
        if open_renewal(tx, approval_no)?.is_none() {
            tx.execute(
                "INSERT INTO application (purpose, uscc, name, kind, route, approval_no, scope, region, risk_class,
                                          received_on, status, accepted_on, updated_at, updated_by)
                 SELECT 'renewal', b.uscc, b.name, b.kind, q.route, q.approval_no,
                        coalesce((SELECT group_concat(item, ';') FROM scope_item s WHERE s.qualification_id = q.id AND s.status = 'active'), ''),
                        b.region, b.risk_class, f.filed, 'accepted', f.filed, ?2, ?3
                 FROM qualification q JOIN body b ON b.id = q.body_id,
                      (SELECT coalesce((SELECT act_date FROM event WHERE approval_no = ?4 AND act = 'file-renewal' ORDER BY id DESC LIMIT 1),
                                       substr((SELECT updated_at FROM qualification WHERE id = ?1), 1, 10)) AS filed) f
                 WHERE q.id = ?1",
                params![qid, now, actor, approval_no],
            )?;
        }
        tx.execute(
            "UPDATE qualification SET status = 'active', version = version + 1, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![qid, now, actor],
        )?;
    }
    let open: Vec<(i64, String, String, String)> = tx
        .prepare(&format!(
            "SELECT a.id, a.received_on, q.valid_until, a.kind FROM application a JOIN qualification q ON q.approval_no = a.approval_no
             WHERE a.purpose = 'renewal' AND a.{OPEN_STATUSES}"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, received, until, kind) in open {
        let kind = BodyKind::parse(&kind).unwrap_or(BodyKind::Cb);
        let until = parse_stored_date(&until, "valid_until")?;
        if parse_stored_date(&received, "received_on")? > settings.renewal_filing_due(kind, until) {
            tx.execute("UPDATE application SET late = 1 WHERE id = ?1", [id])?;
        }
    }
    Ok(pending.len())
}
