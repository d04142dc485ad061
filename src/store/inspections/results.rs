//! Inspection results and "one public" (一公开, docs/INSPECTIONS.md): a result per body, with
//! the order to rectify or the case it starts in the same transaction; the task completed by
//! its last result or closed, its publication clock (20 working days), the publication's rows
//! and the record that it was published; the queue's publication items.

use super::{InspectionError, ListRow, Result, list_rows, parse_uscc, task, text, without_result};
use crate::domain::Date;
use crate::domain::acts::{ActKind, ActRequest};
use crate::domain::inspection::{self as rules, Problem, ResultCode};
use crate::store::cases::{NewCase, open_case_in};
use crate::store::events::{self, Draft};
use crate::store::read::{DayUnit, QueueItem};
use crate::store::{Ctx, Store, StoreError, now_utc, parse_stored_date};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

/// Which act a result starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpAct {
    /// 责令限期改正
    Order,
    /// 立案
    Case,
}

/// The order to rectify a result starts (责令限期改正 on the body's approval).
#[derive(Debug, Clone, Default)]
pub struct OrderFollowUp {
    pub deadline: Option<Date>,
    pub basis: String,
    pub doc_no: String,
}

/// The penalty case a result starts (立案 on the body's approval, its officers the body's).
#[derive(Debug, Clone, Default)]
pub struct CaseFollowUp {
    pub case_no: String,
    pub intended: Option<ActKind>,
    pub basis: String,
    pub doc_no: String,
}

/// What `inspection result` records.
#[derive(Debug, Clone)]
pub struct ResultDraft {
    pub uscc: String,
    pub result: ResultCode,
    pub date: Date,
    pub findings: String,
    pub order: Option<OrderFollowUp>,
    pub case: Option<CaseFollowUp>,
}

/// What a recorded result did.
#[derive(Debug, Clone, Serialize)]
pub struct ResultDone {
    pub event_id: i64,
    /// The order's event and the approval it concerns.
    pub order: Option<(i64, String)>,
    /// The case opened: its id and number.
    pub case: Option<(i64, String)>,
    /// The task completed by this result: the day, and its publication due date.
    pub completed: Option<Completion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Completion {
    pub completed_on: String,
    pub publication_due: String,
    /// The clock runs through a year without a holiday schedule.
    pub estimated: bool,
}

/// One row of a task's publication (the shape of the national publicity system's list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationRow {
    pub task_no: i64,
    pub task_name: String,
    pub authority: String,
    pub completed_on: String,
    pub name: String,
    pub uscc: String,
    /// The result's code (`not_inspected` for a body of a closed task without one).
    pub result: String,
    /// The Chinese label published.
    pub result_label: String,
}

/// The code and label of a body of a closed task that was not inspected.
pub const NOT_INSPECTED: (&str, &str) = ("not_inspected", "未检查");

/// The approval an order or a case on the body concerns: its most recent one.
fn approval_of(conn: &Connection, uscc: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT q.approval_no FROM qualification q JOIN body b ON b.id = q.body_id WHERE b.uscc = ?1
         ORDER BY q.decided_on DESC, q.id DESC LIMIT 1",
        [uscc],
        |r| r.get(0),
    )
    .optional()
}

fn stored_date(s: &str, what: &str) -> Result<Date> {
    Ok(parse_stored_date(s, what)?)
}

/// The bodies of the list still in it (not replaced).
fn current(rows: &[ListRow]) -> impl Iterator<Item = &ListRow> {
    rows.iter().filter(|r| r.replaced_on.is_none())
}

/// A body of the list with its result: (body row id, result, result_on).
type BodyResult = (i64, Option<String>, Option<String>);

/// Results of the bodies in the list, in list order.
fn results(conn: &Connection, task_id: i64) -> Result<Vec<BodyResult>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, result, result_on FROM inspection_body WHERE task_id = ?1 AND replaced_on IS NULL ORDER BY position",
    )?;
    let rows = stmt.query_map([task_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Set the task's completion and publication clock (in the caller's transaction).
fn complete(
    tx: &Connection,
    ctx: &Ctx<'_>,
    task_id: i64,
    on: Date,
    closed: Option<&str>,
) -> Result<Completion> {
    let due = rules::publication_due(ctx.calendar, on);
    tx.execute(
        "UPDATE inspection_task SET completed_on = ?2, publication_due = ?3, closed_on = ?4, close_reason = ?5,
            version = version + 1, updated_at = ?6, updated_by = ?7 WHERE id = ?1",
        params![
            task_id,
            on.to_string(),
            due.date.to_string(),
            closed.map(|_| on.to_string()),
            closed,
            now_utc(),
            ctx.actor
        ],
    )?;
    Ok(Completion {
        completed_on: on.to_string(),
        publication_due: due.date.to_string(),
        estimated: due.estimated,
    })
}

impl Store {
    /// Record a body's result (`inspection-result`): on a body of the list (not replaced) of a
    /// drawn task not yet completed, once, dated between the draw and today. The order to
    /// rectify and the case it starts are the existing acts, in the same transaction, each with
    /// its event; the last result completes the task (`inspection-complete`: the publication is
    /// due 20 working days later). Any refusal writes nothing.
    pub fn record_result(&mut self, task_id: i64, d: &ResultDraft) -> Result<ResultDone> {
        let uscc = parse_uscc(&d.uscc)?;
        let findings = text("findings", &d.findings, false)?;
        rules::check_findings(d.result, &findings)?;
        if (d.order.is_some() || d.case.is_some()) && !d.result.found_problem() {
            return Err(Problem::NoProblemFound(d.result).into());
        }
        let (tx, ctx) = self.begin_act()?;
        let t = task(&tx, task_id)?;
        let drawn_on = t.drawn_on.clone().ok_or(Problem::NotYetDrawn(task_id))?;
        t.still_open(task_id)?;
        rules::check_act_date(d.date, stored_date(&drawn_on, "drawn_on")?, ctx.today)?;
        let rows = list_rows(&tx, task_id)?;
        let row = current(&rows)
            .find(|r| r.uscc == uscc.as_str())
            .ok_or_else(|| Problem::NotDrawn(uscc.as_str().to_string()))?;
        without_result(&tx, row.id, &uscc)?;
        // The officers who inspected: at least two (行政处罚法 Art. 42), recorded with the result.
        let officers: Vec<String> = tx
            .prepare_cached(
                "SELECT login FROM inspection_officer WHERE inspection_body_id = ?1 AND recused_on IS NULL ORDER BY id",
            )?
            .query_map([row.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if officers.len() < rules::MIN_OFFICERS as usize {
            return Err(Problem::TooFewOfficersForResult {
                uscc: uscc.as_str().to_string(),
                assigned: officers.len(),
            }
            .into());
        }
        let date = d.date.to_string();
        tx.execute(
            "UPDATE inspection_body SET result = ?2, result_on = ?3, findings = ?4, version = version + 1 WHERE id = ?1",
            params![row.id, d.result.as_str(), date, findings],
        )?;
        let event_id = events::append(
            &tx,
            ctx.capture,
            &Draft {
                act: "inspection-result",
                uscc: Some(uscc.as_str()),
                act_date: Some(date.clone()),
                reason: &findings,
                details: Some(json!({
                    "task": task_id, "result": d.result.as_str(), "label": d.result.zh(),
                    "officers": officers,
                    "order_rectification": d.order.is_some(), "open_case": d.case.is_some(),
                    // Facts of the history's sentence (events recorded before them lack them).
                    "order_deadline": d.order.as_ref().and_then(|o| o.deadline).map(|on| on.to_string()),
                    "case_no": d.case.as_ref().map(|c| c.case_no.trim().to_string()),
                })),
                ..Draft::new(ctx.actor)
            },
        )?;
        let approval = if d.order.is_some() || d.case.is_some() {
            Some(
                approval_of(&tx, uscc.as_str())?
                    .ok_or_else(|| Problem::NoApproval(uscc.as_str().to_string()))?,
            )
        } else {
            None
        };
        let why = format!("{}（抽查任务 {task_id}）：{findings}", t.name);
        let mut order = None;
        if let (Some(o), Some(no)) = (&d.order, &approval) {
            let req = ActRequest {
                act: Some(ActKind::OrderRectification),
                date: Some(d.date),
                deadline: o.deadline,
                basis: o.basis.clone(),
                doc_no: o.doc_no.clone(),
                reason: why.clone(),
                ..Default::default()
            };
            let done = crate::store::acts::apply_act(&tx, &ctx, no, &req, None)
                .map_err(|e| InspectionError::FollowUp(FollowUpAct::Order, e))?;
            order = Some((done.event_id, done.approval_no));
        }
        let mut case = None;
        if let (Some(c), Some(no)) = (&d.case, &approval) {
            let id = open_case_in(
                &tx,
                &ctx,
                &NewCase {
                    approval_no: no.clone(),
                    case_no: c.case_no.clone(),
                    intended: c.intended,
                    opened_on: Some(d.date),
                    lead_on: None,
                    officers: officers.clone(),
                    basis: c.basis.clone(),
                    doc_no: c.doc_no.clone(),
                    reason: why.clone(),
                },
            )
            .map_err(|e| InspectionError::FollowUp(FollowUpAct::Case, e))?;
            case = Some((id, c.case_no.trim().to_string()));
        }
        // The last result completes the task, on the latest day of its results.
        let all = results(&tx, task_id)?;
        let mut completed = None;
        if all.iter().all(|(_, r, _)| r.is_some()) {
            let last = all
                .iter()
                .filter_map(|(_, _, on)| on.as_deref())
                .max()
                .unwrap_or(date.as_str())
                .to_string();
            let c = complete(&tx, &ctx, task_id, stored_date(&last, "result_on")?, None)?;
            events::append(
                &tx,
                ctx.capture,
                &Draft {
                    act: "inspection-complete",
                    act_date: Some(c.completed_on.clone()),
                    details: Some(json!({
                        "task": task_id, "completed_on": c.completed_on,
                        "publication_due": c.publication_due, "estimated": c.estimated,
                        "last_result": uscc.as_str(),
                    })),
                    ..Draft::new(ctx.actor)
                },
            )?;
            completed = Some(c);
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(ResultDone {
            event_id,
            order,
            case,
            completed,
        })
    }

    /// Close a drawn task whose remaining bodies could not be inspected (`inspection-close`,
    /// with the reason and the bodies left without a result): the task is completed on `date`
    /// (not before its draw or its last result, not after today) and its publication is due 20
    /// working days later; those bodies are published as 未检查.
    pub fn close_task(&mut self, task_id: i64, date: Date, reason: &str) -> Result<Completion> {
        let reason = text("reason", reason, true)?;
        let (tx, ctx) = self.begin_act()?;
        let t = task(&tx, task_id)?;
        let drawn_on = t.drawn_on.clone().ok_or(Problem::NotYetDrawn(task_id))?;
        t.still_open(task_id)?;
        rules::check_act_date(date, stored_date(&drawn_on, "drawn_on")?, ctx.today)?;
        let all = results(&tx, task_id)?;
        if let Some(last) = all.iter().filter_map(|(_, _, on)| on.as_deref()).max()
            && date.to_string().as_str() < last
        {
            return Err(Problem::BeforeCompletion {
                date: date.to_string(),
                completed_on: last.to_string(),
            }
            .into());
        }
        let rows = list_rows(&tx, task_id)?;
        let uninspected: Vec<&str> = current(&rows)
            .zip(&all)
            .filter(|(_, (_, r, _))| r.is_none())
            .map(|(row, _)| row.uscc.as_str())
            .collect();
        let c = complete(&tx, &ctx, task_id, date, Some(&reason))?;
        events::append(
            &tx,
            ctx.capture,
            &Draft {
                act: "inspection-close",
                act_date: Some(date.to_string()),
                reason: &reason,
                details: Some(json!({
                    "task": task_id, "uninspected": uninspected,
                    "publication_due": c.publication_due, "estimated": c.estimated,
                })),
                ..Draft::new(ctx.actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(c)
    }

    /// Record that a completed task's results were published on `date`
    /// (`inspection-publish`): once, not before the completion, not after today. Its queue
    /// item closes.
    pub fn publish_task(&mut self, task_id: i64, date: Date) -> Result<i64> {
        let (tx, ctx) = self.begin_act()?;
        let t = task(&tx, task_id)?;
        let completed_on = completed(&tx, task_id, &t)?;
        if let Some(on) = &t.published_on {
            return Err(Problem::AlreadyPublished {
                task: task_id,
                on: on.clone(),
            }
            .into());
        }
        if date < stored_date(&completed_on, "completed_on")? {
            return Err(Problem::BeforeCompletion {
                date: date.to_string(),
                completed_on,
            }
            .into());
        }
        if date > ctx.today {
            return Err(Problem::AfterToday {
                date: date.to_string(),
                today: ctx.today.to_string(),
            }
            .into());
        }
        tx.execute(
            "UPDATE inspection_task SET published_on = ?2, version = version + 1, updated_at = ?3, updated_by = ?4
             WHERE id = ?1",
            params![task_id, date.to_string(), now_utc(), ctx.actor],
        )?;
        let event_id = events::append(
            &tx,
            ctx.capture,
            &Draft {
                act: "inspection-publish",
                act_date: Some(date.to_string()),
                details: Some(json!({
                    "task": task_id, "publication_due": t.publication_due,
                    "late": t.publication_due.as_deref().is_some_and(|due| date.to_string().as_str() > due),
                })),
                ..Draft::new(ctx.actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(event_id)
    }

    /// The publication of a completed task: a row per body of its list (replaced ones apart),
    /// in list order.
    pub fn publication(&self, task_id: i64) -> Result<Vec<PublicationRow>> {
        let conn = &self.conn;
        let t = task(conn, task_id)?;
        let completed_on = completed(conn, task_id, &t)?;
        let mut stmt = conn.prepare(
            "SELECT b.name, ib.uscc, ib.result FROM inspection_body ib JOIN body b ON b.id = ib.body_id
             WHERE ib.task_id = ?1 AND ib.replaced_on IS NULL ORDER BY ib.position",
        )?;
        let rows = stmt.query_map([task_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, uscc, result) = row?;
            let (code, label) = match result.as_deref().and_then(ResultCode::parse) {
                Some(c) => (c.as_str(), c.zh()),
                None => NOT_INSPECTED,
            };
            out.push(PublicationRow {
                task_no: task_id,
                task_name: t.name.clone(),
                authority: t.authority.clone(),
                completed_on: completed_on.clone(),
                name,
                uscc,
                result: code.to_string(),
                result_label: label.to_string(),
            });
        }
        Ok(out)
    }

    /// The queue's publication items (`inspection_publication`, a kind of `publication`): each
    /// completed task not yet published, due within `horizon`, its days in working days.
    pub(crate) fn inspection_queue(&self, horizon: Date) -> crate::store::Result<Vec<QueueItem>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, publication_due, region FROM inspection_task
             WHERE publication_due IS NOT NULL AND published_on IS NULL AND publication_due <= ?1",
        )?;
        let rows = stmt.query_map([horizon.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (id, name, due, region) = row?;
            let due = parse_stored_date(&due, "publication_due")?;
            let mut item = self.queue_item(
                (None, String::new(), name),
                "inspection_publication",
                due,
                DayUnit::WorkingDays,
                false,
            );
            item.task_id = Some(id);
            item.region = region;
            items.push(item);
        }
        Ok(items)
    }
}

/// The completion day of a task, or why it has none yet (how many results are missing).
fn completed(conn: &Connection, task_id: i64, t: &super::Task) -> Result<String> {
    if t.drawn_on.is_none() {
        return Err(Problem::NotYetDrawn(task_id).into());
    }
    match &t.completed_on {
        Some(on) => Ok(on.clone()),
        None => {
            let missing = results(conn, task_id)?
                .iter()
                .filter(|(_, r, _)| r.is_none())
                .count();
            Err(InspectionError::Problem(Problem::NotCompleted {
                task: task_id,
                missing,
            }))
        }
    }
}
