//! One function per act on an existing qualification: BEGIN IMMEDIATE, version check, the domain's
//! plan applied, one event appended — or nothing at all.

use super::events::{self, Draft};
use super::{Ctx, Result, Store, StoreError, now_utc, parse_stored_date};
use crate::domain::acts::{
    ActKind, ActRequest, CreditList, FollowUpKind, Hearing, Plan, QualView, RenewalDecision, plan,
};
use crate::domain::ids::{ApprovalNo, BodyKind};
use crate::domain::model::Standing;
use crate::domain::model::{QualStatus, Route, ScopeStatus};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

/// A qualification's row identity and the rule view of it.
#[derive(Debug, Clone)]
pub struct Located {
    pub qualification_id: i64,
    pub body_id: i64,
    pub uscc: String,
    pub approval_no: String,
    pub version: i64,
    pub body_version: i64,
    pub updated_by: String,
    pub updated_at: String,
    pub view: QualView,
}

/// Read a qualification and everything the rules need about it.
pub fn locate(conn: &Connection, approval_no: &str) -> Result<Located> {
    let row = qrow(conn,
            "SELECT q.id, q.body_id, b.uscc, q.approval_no, q.version, b.version, q.updated_by, q.updated_at,
                    q.status, b.kind, q.route, q.decided_on, q.valid_until
             FROM qualification q JOIN body b ON b.id = q.body_id WHERE q.approval_no = ?1",
            [approval_no],
            |r| {
                Ok((
                    (r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                    (r.get::<_, i64>(4)?, r.get::<_, i64>(5)?, r.get::<_, String>(6)?, r.get::<_, String>(7)?),
                    (
                        r.get::<_, String>(8)?,
                        r.get::<_, String>(9)?,
                        r.get::<_, String>(10)?,
                        r.get::<_, String>(11)?,
                        r.get::<_, String>(12)?,
                    ),
                ))
            },
        )
        .optional()?;
    let Some((
        (qid, body_id, uscc, approval_no),
        (version, body_version, updated_by, updated_at),
        (status, kind, route, decided, until),
    )) = row
    else {
        return Err(StoreError::NotFound(crate::store_msg!(
            NoQualification,
            approval = approval_no
        )));
    };
    let bad = |what: &str, v: &str| {
        StoreError::Invalid(crate::store_msg!(
            StoredQualificationValue,
            what = what,
            value = v,
            approval = approval_no.as_str()
        ))
    };
    let view = QualView {
        status: QualStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
        kind: BodyKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        route: Route::parse(&route).ok_or_else(|| bad("route", &route))?,
        decided_on: parse_stored_date(&decided, "decided_on")?,
        valid_until: parse_stored_date(&until, "valid_until")?,
        scope: {
            let mut s = conn.prepare_cached(
                "SELECT item, status FROM scope_item WHERE qualification_id = ?1 ORDER BY id",
            )?;
            s.query_map([qid], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .filter_map(|r| r.ok())
            .map(|(i, st)| (i, ScopeStatus::parse(&st).unwrap_or(ScopeStatus::Active)))
            .collect()
        },
        open_follow_ups: {
            let mut s = conn.prepare_cached(
                "SELECT kind, opened_on FROM follow_up WHERE qualification_id = ?1 AND closed_on IS NULL ORDER BY id",
            )?;
            s.query_map([qid], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .filter_map(|r| r.ok())
            .filter_map(|(k, on)| {
                Some((
                    FollowUpKind::parse(&k)?,
                    on.parse::<crate::domain::Date>().ok()?,
                ))
            })
            .collect()
        },
        credit_lists: {
            let mut s = conn.prepare_cached(
                "SELECT list FROM credit_listing WHERE body_id = ?1 ORDER BY list",
            )?;
            s.query_map([body_id], |r| r.get::<_, String>(0))?
                .filter_map(|r| r.ok())
                .filter_map(|k| CreditList::parse(&k))
                .collect()
        },
        // A bar that is not a date was written by another tool (check names it); it is no bar.
        bar_until: conn
            .prepare_cached("SELECT bar_until FROM body WHERE id = ?1")?
            .query_row([body_id], |r| r.get::<_, Option<String>>(0))?
            .and_then(|b| b.parse().ok()),
        renewal: super::applications::open_renewal(conn, &approval_no)?,
    };
    Ok(Located {
        qualification_id: qid,
        body_id,
        uscc,
        approval_no,
        version,
        body_version,
        updated_by,
        updated_at,
        view,
    })
}

/// What an accepted act did.
#[derive(Debug, Clone, Serialize)]
pub struct ActDone {
    pub event_id: i64,
    pub approval_no: String,
    pub act: String,
    pub status_before: String,
    pub status_after: String,
    pub version: i64,
}

impl Store {
    /// The acts allowed now on a qualification (the TUI's menu; nothing else is offered).
    pub fn allowed_acts(&self, approval: &ApprovalNo) -> Result<Vec<ActKind>> {
        let loc = locate(&self.conn, approval.as_str())?;
        Ok(crate::domain::acts::allowed_acts(
            &loc.view,
            self.today,
            &self.settings,
        ))
    }

    /// Every act in its fixed place, each with why it cannot be chosen now (None when it can).
    pub fn act_menu(
        &self,
        approval: &ApprovalNo,
    ) -> Result<Vec<(ActKind, Option<crate::domain::acts::Refusal>)>> {
        let loc = locate(&self.conn, approval.as_str())?;
        Ok(ActKind::ALL
            .iter()
            .map(|&a| {
                (
                    a,
                    crate::domain::acts::why_not(a, &loc.view, self.today, &self.settings),
                )
            })
            .collect())
    }

    /// Perform a regulatory act. `expected_version` is the version the officer saw; if the row has
    /// moved on since, nothing is written and the conflict names who changed it and when.
    pub fn perform(
        &mut self,
        approval: &ApprovalNo,
        req: &ActRequest,
        expected_version: Option<i64>,
    ) -> Result<ActDone> {
        let (tx, ctx) = self.begin_act()?;
        let done = apply_act(&tx, &ctx, approval.as_str(), req, expected_version)?;
        tx.commit()?;
        Ok(done)
    }
}

/// Apply one act inside the caller's writing transaction (an application's decision also
/// performs acts on the qualification it concerns, in the same transaction).
pub(crate) fn apply_act(
    tx: &Connection,
    ctx: &Ctx<'_>,
    approval_no: &str,
    req: &ActRequest,
    expected_version: Option<i64>,
) -> Result<ActDone> {
    apply_act_for(tx, ctx, approval_no, req, expected_version, None)
}

/// How the qualification will stand once `plan` is written.
pub(crate) fn standing_after(
    view: &QualView,
    plan: &Plan,
    today: crate::domain::Date,
    settings: &crate::domain::acts::Settings,
) -> Standing {
    let renewal = match (plan.file_renewal, plan.decide_renewal) {
        (Some(f), _) => Some(f.late),
        (None, Some(_)) => None,
        (None, None) => view.renewal.map(|r| r.late),
    };
    plan.next_status.unwrap_or(view.status).standing(
        plan.new_valid_until.unwrap_or(view.valid_until),
        renewal,
        settings.validity_years,
        today,
    )
}

/// `apply_act` on behalf of the renewal application `renewal_application`, which the caller
/// receives or decides itself.
pub(crate) fn apply_act_for(
    tx: &Connection,
    ctx: &Ctx<'_>,
    approval_no: &str,
    req: &ActRequest,
    expected_version: Option<i64>,
    renewal_application: Option<i64>,
) -> Result<ActDone> {
    {
        let (actor, today) = (ctx.actor, ctx.today);
        let mut loc = locate(tx, approval_no)?;
        // The renewal application being received is the filing itself, not an earlier one.
        if req.act == Some(ActKind::FileRenewal) && caller_files(&loc, renewal_application) {
            loc.view.renewal = None;
        }
        if let Some(v) = expected_version
            && v != loc.version
        {
            return Err(StoreError::Conflict {
                what: crate::store_msg!(
                    WhatQualification,
                    approval = loc.approval_no.as_str(),
                    from = v,
                    to = loc.version
                ),
                by: loc.updated_by,
                at: loc.updated_at,
            });
        }
        // A decision in a case is checked against the case's facts, not the request's flags.
        let case = super::cases::decision_case(tx, ctx.calendar, req, loc.qualification_id)?;
        let with_case;
        let req = match &case {
            Some(c) => {
                with_case = super::cases::with_case_facts(req, c);
                &with_case
            }
            None => req,
        };
        let plan = plan(req, &loc.view, today, ctx.calendar, ctx.settings)?;
        let act = req.act.expect("plan refuses a request without an act");
        let date = req
            .date
            .expect("plan refuses a request without a date")
            .to_string();
        let now = now_utc();
        let status_before = loc.view.standing(today, ctx.settings).status;
        let status_after = standing_after(&loc.view, &plan, today, ctx.settings).status;
        let next = plan.next_status.unwrap_or(loc.view.status);
        let valid_until = plan.new_valid_until.unwrap_or(loc.view.valid_until);

        let changed = exec(tx,
            "UPDATE qualification SET status = ?1, valid_until = ?2, version = version + 1, updated_at = ?3, updated_by = ?4
             WHERE id = ?5 AND version = ?6",
            params![next.as_str(), valid_until.to_string(), now, actor, loc.qualification_id, loc.version],
        )?;
        if changed != 1 {
            // Cannot happen under the write lock; kept as the last line of defence.
            return Err(StoreError::Conflict {
                what: crate::store_msg!(
                    WhatQualification,
                    approval = loc.approval_no.as_str(),
                    from = loc.version,
                    to = loc.version + 1
                ),
                by: loc.updated_by,
                at: loc.updated_at,
            });
        }
        for (kind, result) in &plan.close {
            exec(
                tx,
                "UPDATE follow_up SET closed_on = ?1, result = ?2 WHERE qualification_id = ?3 AND kind = ?4 AND closed_on IS NULL",
                params![date, result, loc.qualification_id, kind.as_str()],
            )?;
        }
        for f in &plan.open {
            exec(
                tx,
                "INSERT INTO follow_up (qualification_id, kind, opened_on, due_on, due_estimated) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    loc.qualification_id,
                    f.kind.as_str(),
                    date,
                    f.due.date.to_string(),
                    f.due.estimated
                ],
            )?;
        }
        for item in &plan.scope_add {
            exec(tx,
                "INSERT INTO scope_item (qualification_id, item, status, since) VALUES (?1, ?2, 'active', ?3)
                 ON CONFLICT (qualification_id, item) DO UPDATE SET status = 'active', since = excluded.since",
                params![loc.qualification_id, item, date],
            )?;
        }
        for (item, status) in &plan.scope_set {
            exec(
                tx,
                "UPDATE scope_item SET status = ?1, since = ?2 WHERE qualification_id = ?3 AND item = ?4",
                params![status.as_str(), date, loc.qualification_id, item],
            )?;
        }
        let body_changes = plan.name.is_some()
            || plan.address.is_some()
            || plan.legal_rep.is_some()
            || plan.bar_until.is_some()
            || plan.bar_commitment;
        let mut body_before = serde_json::Value::Null;
        if body_changes {
            body_before = qrow(tx,
                "SELECT json_object('name', name, 'address', address, 'legal_rep', legal_rep, 'bar_until', bar_until,
                                    'commitment_barred', commitment_barred) FROM body WHERE id = ?1",
                [loc.body_id],
                |r| r.get::<_, String>(0),
            )
            .map(|s| serde_json::from_str(&s).unwrap_or_default())?;
            exec(tx,
                "UPDATE body SET name = coalesce(?1, name), address = coalesce(?2, address), legal_rep = coalesce(?3, legal_rep),
                        bar_until = coalesce(?4, bar_until), commitment_barred = max(commitment_barred, ?5),
                        version = version + 1, updated_at = ?6, updated_by = ?7,
                        name_sort = coalesce(?9, name_sort)
                 WHERE id = ?8",
                params![
                    plan.name,
                    plan.address,
                    plan.legal_rep,
                    plan.bar_until.map(|d| d.to_string()),
                    plan.bar_commitment,
                    now,
                    actor,
                    loc.body_id,
                    plan.name.as_deref().map(crate::domain::collation::name_sort_key)
                ],
            )?;
        }
        record_renewal(tx, ctx, &loc, &plan, &date, &now, renewal_application)?;
        if let Some(list) = plan.credit_add {
            exec(
                tx,
                "INSERT INTO credit_listing (body_id, list, listed_on) VALUES (?1, ?2, ?3)",
                params![loc.body_id, list.as_str(), date],
            )?;
        }
        if let Some(list) = plan.credit_remove {
            exec(
                tx,
                "DELETE FROM credit_listing WHERE body_id = ?1 AND list = ?2",
                params![loc.body_id, list.as_str()],
            )?;
        }

        let before = json!({ "status": status_before.as_str(), "valid_until": loc.view.valid_until.to_string(), "version": loc.version, "body": body_before });
        // The stored state (expiry is derived when reading, never recorded as an act's effect).
        let mut after = json!({ "status": next.as_str(), "valid_until": valid_until.to_string(), "version": loc.version + 1 });
        if body_changes {
            after["body"] = json!({ "name": plan.name, "address": plan.address, "legal_rep": plan.legal_rep,
                                    "bar_until": plan.bar_until.map(|d| d.to_string()), "commitment_barred": plan.bar_commitment });
        }
        let details = act_details(req, &plan);
        if act.is_penalty() {
            // The sanction names the event that records it: the next one, under the write lock.
            let event_id = events::head(tx)?.0 + 1;
            exec(tx,
                "INSERT INTO sanction (qualification_id, act, decided_on, notice_served_on, hearing, officers, doc_no, basis, event_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    loc.qualification_id,
                    act.as_str(),
                    date,
                    req.notice_served_on.map(|d| d.to_string()),
                    match (req.hearing, req.hearing_held_on) {
                        (Some(Hearing::Requested), Some(held)) => Some(format!("held:{held}")),
                        (h, _) => h.map(|h| h.as_str().to_string()),
                    },
                    req.officers.join(", "),
                    req.doc_no.trim(),
                    req.basis.trim(),
                    event_id
                ],
            )?;
        }
        if let Some(c) = &case {
            // The case names the event that decides it: the next one, under the write lock.
            let event_id = events::head(tx)?.0 + 1;
            super::cases::record_decision(tx, c.id, act, &date, event_id, actor)?;
        }
        let event_id = events::append(
            tx,
            ctx.capture,
            &Draft {
                act: act.as_str(),
                approval_no: Some(&loc.approval_no),
                uscc: Some(&loc.uscc),
                act_date: Some(date.clone()),
                basis: req.basis.trim(),
                doc_no: req.doc_no.trim(),
                reason: req.reason.trim(),
                before: Some(before),
                after: Some(after),
                details: Some(details),
                ..Draft::new(actor)
            },
        )?;
        Ok(ActDone {
            event_id,
            approval_no: loc.approval_no,
            act: act.as_str().to_string(),
            status_before: status_before.as_str().to_string(),
            status_after: status_after.as_str().to_string(),
            version: loc.version + 1,
        })
    }
}

fn caller_files(loc: &Located, renewal_application: Option<i64>) -> bool {
    renewal_application.is_some()
        && loc.view.renewal.map(|r| r.application_id) == renewal_application
}

/// A renewal filed opens its application (or completes the caller's); a renewal decided, or
/// ended with the approval, closes it.
fn record_renewal(
    tx: &Connection,
    ctx: &Ctx<'_>,
    loc: &Located,
    plan: &Plan,
    date: &str,
    now: &str,
    caller: Option<i64>,
) -> Result<()> {
    if let Some(filing) = plan.file_renewal {
        match caller {
            Some(id) => {
                exec(
                    tx,
                    "UPDATE application SET late = ?1 WHERE id = ?2",
                    params![filing.late, id],
                )?;
            }
            None => {
                exec(tx,
                    "INSERT INTO application (purpose, uscc, name, kind, route, approval_no, scope, region, risk_class,
                                              received_on, status, accepted_on, updated_at, updated_by, late)
                     SELECT 'renewal', b.uscc, b.name, b.kind, q.route, q.approval_no,
                            coalesce((SELECT group_concat(item, ';') FROM scope_item s WHERE s.qualification_id = q.id AND s.status = 'active'), ''),
                            b.region, b.risk_class, ?2, 'accepted', ?2, ?3, ?4, ?5
                     FROM qualification q JOIN body b ON b.id = q.body_id WHERE q.id = ?1",
                    params![loc.qualification_id, date, now, ctx.actor, filing.late],
                )?;
            }
        }
    }
    if let (Some(decision), Some(renewal)) = (plan.decide_renewal, loc.view.renewal)
        && caller != Some(renewal.application_id)
    {
        let status = match decision {
            RenewalDecision::Granted => "granted",
            RenewalDecision::Refused | RenewalDecision::Ended => "refused",
        };
        exec(
            tx,
            "UPDATE application SET status = ?1, decided_on = ?2, version = version + 1, updated_at = ?3, updated_by = ?4 WHERE id = ?5",
            params![status, date, now, ctx.actor, renewal.application_id],
        )?;
    }
    Ok(())
}

/// The act-specific facts recorded in the event (what the plan did, beyond the state change).
fn act_details(req: &ActRequest, plan: &Plan) -> serde_json::Value {
    let mut d = serde_json::Map::new();
    let mut put = |k: &str, v: serde_json::Value| {
        if !v.is_null() && v != json!([]) {
            d.insert(k.to_string(), v);
        }
    };
    put("deadline", json!(req.deadline.map(|x| x.to_string())));
    put(
        "result",
        json!(
            req.verify_result
                .map(|r| r.as_str())
                .or(req.rectification_result.map(|r| r.as_str()))
        ),
    );
    put(
        "notice_served_on",
        json!(req.notice_served_on.map(|x| x.to_string())),
    );
    put("hearing", json!(req.hearing.map(|h| h.as_str())));
    put(
        "hearing_held_on",
        json!(req.hearing_held_on.map(|d| d.to_string())),
    );
    put("case", json!(req.case_id));
    put("officers", json!(req.officers));
    put("credit_list", json!(req.credit_list.map(|c| c.as_str())));
    if let Some(f) = plan.file_renewal {
        put(
            "renewal",
            json!({ "late": f.late, "filing_due": f.due.to_string() }),
        );
    }
    if let Some(d) = plan.decide_renewal {
        put("renewal_decided", json!(format!("{d:?}").to_lowercase()));
    }
    put("scope_added", json!(plan.scope_add));
    put(
        "scope_changed",
        json!(
            plan.scope_set
                .iter()
                .map(|(i, s)| json!({"item": i, "status": s.as_str()}))
                .collect::<Vec<_>>()
        ),
    );
    put(
        "opened",
        json!(plan.open.iter().map(|f| json!({"kind": f.kind.as_str(), "due_on": f.due.date.to_string(), "estimated": f.due.estimated})).collect::<Vec<_>>()),
    );
    put(
        "closed",
        json!(
            plan.close
                .iter()
                .map(|(k, r)| json!({"kind": k.as_str(), "result": r}))
                .collect::<Vec<_>>()
        ),
    );
    serde_json::Value::Object(d)
}

/// Statements through the connection's cache: an act is re-parsed otherwise, which was 30 % of
/// the time when the demo performs hundreds of thousands of them.
fn exec<P: rusqlite::Params>(c: &Connection, sql: &str, p: P) -> rusqlite::Result<usize> {
    c.prepare_cached(sql)?.execute(p)
}
/// `query_row` through the statement cache (see `exec`).
fn qrow<T, P: rusqlite::Params, F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>>(
    c: &Connection,
    sql: &str,
    p: P,
    f: F,
) -> rusqlite::Result<T> {
    c.prepare_cached(sql)?.query_row(p, f)
}
