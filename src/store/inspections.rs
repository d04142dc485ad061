//! Random inspections (docs/INSPECTIONS.md): the item list, the inspector roster (the officer
//! table), risk classes with their history, tasks, the draw, its verification, replacements,
//! officers and recusals. Each act is one `BEGIN IMMEDIATE` transaction with one event; the
//! draw itself is `domain::inspection` (pure).

use super::events::{self, Draft};
use super::{Result as StoreResult, Store, StoreError, now_utc};
use crate::domain::Date;
use crate::domain::ids::{BodyKind, Uscc};
use crate::domain::inspection::{
    self as rules, ALGORITHM, CONFLICTING_ACTS, Candidate, MIN_OFFICERS, Problem, Ratios,
};
use crate::domain::model::RiskClass;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

mod results;
pub use results::{
    CaseFollowUp, Completion, FollowUpAct, NOT_INSPECTED, OrderFollowUp, PublicationRow,
    ResultDone, ResultDraft,
};

/// A refused inspection act (said in zh or en by `i18n::inspection`), or the store's failure.
#[derive(Debug)]
pub enum InspectionError {
    Problem(Problem),
    Store(StoreError),
    /// The act a result starts (an order to rectify, a case) refused or failed: the whole
    /// transaction, the result too, is rolled back.
    FollowUp(FollowUpAct, StoreError),
}

impl From<StoreError> for InspectionError {
    fn from(e: StoreError) -> Self {
        InspectionError::Store(e)
    }
}
impl From<rusqlite::Error> for InspectionError {
    fn from(e: rusqlite::Error) -> Self {
        InspectionError::Store(e.into())
    }
}
impl From<Problem> for InspectionError {
    fn from(p: Problem) -> Self {
        InspectionError::Problem(p)
    }
}

pub type Result<T> = std::result::Result<T, InspectionError>;

/// An item of the inspection list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: i64,
    pub name: String,
    pub basis: String,
    pub content: String,
    pub method: String,
    pub kind: String,
    pub key: bool,
}

/// What a new task says (the CLI's flags, defaults already applied).
#[derive(Debug, Clone)]
pub struct TaskDraft {
    pub name: String,
    pub year: i32,
    pub items: Vec<i64>,
    pub authority: String,
    pub joint_with: String,
    pub kind: BodyKind,
    /// A GB/T 2260 prefix ('' for everywhere).
    pub region: String,
    pub ratios: Ratios,
    pub officers_per_body: u32,
    /// Bodies added on purpose (定向) with their reason.
    pub include: Vec<(String, String)>,
    pub exclude_months: u32,
}

/// What a draw recorded.
#[derive(Debug, Clone, Serialize)]
pub struct DrawDone {
    pub task: i64,
    pub event_id: i64,
    pub population: usize,
    pub roster_hash: String,
    pub seed: String,
    pub algorithm: String,
    pub drawn: Vec<String>,
    pub directed: Vec<String>,
    pub excluded: Vec<(String, String)>,
}

/// A body of a task as `inspection show` gives it.
#[derive(Debug, Clone, Serialize)]
pub struct DrawnBody {
    pub uscc: String,
    pub approval_no: Option<String>,
    pub name: String,
    pub risk_class: String,
    /// drawn, directed (定向) or replacement.
    pub how: String,
    pub reason: String,
    pub officers: Vec<String>,
    pub result: Option<String>,
    pub result_on: Option<String>,
    /// What the officers found, with the result.
    pub findings: Option<String>,
}

/// A task, as `inspection show --format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub kind: String,
    pub region: String,
    pub authority: String,
    pub joint_with: String,
    pub items: Vec<i64>,
    pub ratios: Ratios,
    pub officers_per_body: u32,
    pub exclude_inspected_within_months: u32,
    pub included: Vec<(String, String)>,
    pub drawn_on: Option<String>,
    pub population: Option<i64>,
    pub roster_hash: Option<String>,
    pub public_value: Option<String>,
    pub seed: Option<String>,
    pub algorithm: Option<String>,
    pub excluded: Vec<(String, String)>,
    pub drawn: Vec<DrawnBody>,
    /// Bodies taken off the list, each with the body that replaced it and why.
    pub replaced: Vec<Replaced>,
    pub publication_due: Option<String>,
    pub published_on: Option<String>,
    /// The end of the inspection: the last result, or the day the task was closed.
    pub completed_on: Option<String>,
    /// Closed with bodies left uninspected: the day and why.
    pub closed_on: Option<String>,
    pub close_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Replaced {
    pub uscc: String,
    pub replaced_on: String,
    pub by: String,
    pub reason: String,
}

/// A task as the tasks screen lists it: its record and its counts, read in one query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskSummary {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub kind: String,
    pub authority: String,
    pub drawn_on: Option<String>,
    pub population: Option<i64>,
    /// Bodies on the list (replaced ones apart).
    pub drawn: i64,
    /// Of those, with a result.
    pub recorded: i64,
    pub completed_on: Option<String>,
    pub closed_on: Option<String>,
    pub publication_due: Option<String>,
    pub published_on: Option<String>,
}

/// A task in the list: id, name, year, kind, the day it was drawn.
pub type TaskLine = (i64, String, i32, String, Option<String>);

/// What verify-draw found: None when the record redraws identically.
#[derive(Debug, Clone, Serialize)]
pub struct Verified {
    pub task: i64,
    pub identical: bool,
    /// The first difference, said in English words a script can show (and the CLI translates
    /// the frame of).
    pub difference: Option<Difference>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// population, seed, algorithm, drawn, replacement, event
    pub what: String,
    /// The position on the list (1-based) where it differs, when it is a list.
    pub position: Option<usize>,
    pub recorded: String,
    pub recomputed: String,
}

/// What `assign` did.
#[derive(Debug, Clone, Serialize)]
pub struct Assigned {
    pub event_id: i64,
    pub assigned: Vec<(String, Vec<String>)>,
    /// Bodies for which too few officers are free of conflicts: (USCC, how many are).
    pub short: Vec<(String, usize)>,
}

/// What a recusal did.
#[derive(Debug, Clone, Serialize)]
pub struct Recused {
    pub event_id: i64,
    pub replacement: Option<String>,
}

/// An officer of the inspector roster.
#[derive(Debug, Clone, Serialize)]
pub struct Inspector {
    pub login: String,
    pub name: String,
    pub cert_no: String,
    pub dept: String,
    pub kinds: String,
    pub active: bool,
}

/// One change of a body's risk class.
#[derive(Debug, Clone, Serialize)]
pub struct RiskChange {
    pub class: String,
    pub previous: String,
    pub decided_on: String,
    pub basis: String,
    pub recorded_by: String,
}

fn text(field: &'static str, value: &str, required: bool) -> Result<String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(Problem::Required(field).into());
    }
    // Reasons and findings may run over several lines (the forms' multi-line fields), as an
    // act's: a new line is their one control character.
    let checked: std::borrow::Cow<str> = if crate::domain::acts::MULTI_LINE_FIELDS.contains(&field)
    {
        value.replace('\n', " ").into()
    } else {
        value.into()
    };
    crate::domain::text::check_field(field, &checked)
        .map_err(|why| Problem::BadText { field, why })?;
    Ok(v.to_string())
}

fn parse_uscc(s: &str) -> Result<Uscc> {
    Uscc::parse(s).map_err(|_| Problem::UnknownBody(crate::domain::text::preview(s)).into())
}

/// `cb`, `cma`, `cb,cma` (any order, 认证机构/检验检测机构 too) → stored `cb,cma` form.
pub fn parse_kinds(s: &str) -> Option<String> {
    let mut kinds: Vec<BodyKind> = Vec::new();
    for part in s.split([',', '，', ';', '；', '、']).map(str::trim) {
        if part.is_empty() {
            continue;
        }
        let k = BodyKind::parse(part)?;
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    if kinds.is_empty() {
        return None;
    }
    Some(
        BodyKind::ALL
            .iter()
            .filter(|k| kinds.contains(k))
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(","),
    )
}

fn task_exists(conn: &Connection, task: i64) -> Result<()> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM inspection_task WHERE id = ?1",
            [task],
            |r| r.get(0),
        )
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| Problem::UnknownTask(task.to_string()).into())
}

/// The task's facts the acts need.
struct Task {
    name: String,
    authority: String,
    joint_with: String,
    completed_on: Option<String>,
    publication_due: Option<String>,
    published_on: Option<String>,
    kind: String,
    region: String,
    ratios: Ratios,
    officers_per_body: u32,
    exclude_months: u32,
    included: Vec<(String, String)>,
    drawn_on: Option<String>,
    seed: Option<String>,
    version: i64,
}

/// Officers are assigned and recused while the inspection runs: on a completed (or closed,
/// or published) task the record stays as it was.
fn refuse_when_completed(t: &Task, task_id: i64) -> Result<()> {
    match &t.completed_on {
        Some(on) => Err(Problem::OfficersAfterCompletion {
            task: task_id,
            on: on.clone(),
        }
        .into()),
        None => Ok(()),
    }
}

impl Task {
    /// A completed task takes no more acts on its list (replacements, results, closing).
    fn still_open(&self, id: i64) -> Result<()> {
        match &self.completed_on {
            Some(on) => Err(Problem::TaskCompleted {
                task: id,
                on: on.clone(),
            }
            .into()),
            None => Ok(()),
        }
    }
}

/// A body of a task's list that has its result was inspected: it is published, never replaced,
/// and its result is not recorded twice.
fn without_result(conn: &Connection, row_id: i64, uscc: &Uscc) -> Result<()> {
    let (result, on): (Option<String>, Option<String>) = conn.query_row(
        "SELECT result, result_on FROM inspection_body WHERE id = ?1",
        [row_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    match result {
        Some(result) => Err(Problem::AlreadyResulted {
            uscc: uscc.as_str().to_string(),
            result,
            on: on.unwrap_or_default(),
        }
        .into()),
        None => Ok(()),
    }
}

fn task(conn: &Connection, id: i64) -> Result<Task> {
    task_exists(conn, id)?;
    Ok(conn.query_row(
        "SELECT kind, region, ratio_a, ratio_b, ratio_c, ratio_d, officers_per_body, exclude_months,
                included, drawn_on, seed, version, name, authority, joint_with, completed_on,
                publication_due, published_on FROM inspection_task WHERE id = ?1",
        [id],
        |r| {
            Ok(Task {
                name: r.get(12)?,
                authority: r.get(13)?,
                joint_with: r.get(14)?,
                completed_on: r.get(15)?,
                publication_due: r.get(16)?,
                published_on: r.get(17)?,
                kind: r.get(0)?,
                region: r.get(1)?,
                ratios: Ratios {
                    a: r.get(2)?,
                    b: r.get(3)?,
                    c: r.get(4)?,
                    d: r.get(5)?,
                },
                officers_per_body: r.get(6)?,
                exclude_months: r.get(7)?,
                included: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
                drawn_on: r.get(9)?,
                seed: r.get(10)?,
                version: r.get(11)?,
            })
        },
    )?)
}

fn class_of(s: &str) -> RiskClass {
    RiskClass::parse(s).unwrap_or(RiskClass::B)
}

/// The frozen population of a drawn task, in USCC order.
fn frozen_population(conn: &Connection, task: i64) -> StoreResult<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uscc, risk_class FROM inspection_population WHERE task_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([task], |r| {
        Ok(Candidate {
            uscc: r.get(0)?,
            class: class_of(&r.get::<_, String>(1)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A row of a task's list.
struct ListRow {
    id: i64,
    position: usize,
    uscc: String,
    class: RiskClass,
    how: String,
    replaces_id: Option<i64>,
    replaced_on: Option<String>,
}

fn list_rows(conn: &Connection, task: i64) -> StoreResult<Vec<ListRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, position, uscc, risk_class, how, replaces_id, replaced_on
         FROM inspection_body WHERE task_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([task], |r| {
        Ok(ListRow {
            id: r.get(0)?,
            position: r.get::<_, i64>(1)? as usize,
            uscc: r.get(2)?,
            class: class_of(&r.get::<_, String>(3)?),
            how: r.get(4)?,
            replaces_id: r.get(5)?,
            replaced_on: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An officer as the record of a body's officers lists them: login, how drawn, recused.
type OfficerEntry = (String, String, bool);

fn entries_text(entries: &[OfficerEntry]) -> String {
    if entries.is_empty() {
        return "—".into();
    }
    entries
        .iter()
        .map(|(login, how, recused)| match (how.as_str(), recused) {
            (_, true) => format!("{login} (recused)"),
            ("replacement", false) => format!("{login} (replacement)"),
            _ => login.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The officers of a task redrawn from its record: every assignment (`officers:USCC`) and
/// every recusal's replacement (`recuse:USCC:N`) from the eligible logins its event recorded,
/// then each body's officers in the table compared with what the events drew. The first
/// difference, if any (`officers` at the body's position on the list).
fn officers_differ(
    conn: &Connection,
    task_id: i64,
    seed: &str,
    rows: &[ListRow],
) -> StoreResult<Option<Difference>> {
    let details_of = |act: &str| -> StoreResult<Vec<(Option<String>, serde_json::Value)>> {
        let mut stmt = conn.prepare_cached(
            "SELECT uscc, details FROM event WHERE act = ?1 AND json_extract(details, '$.task') = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![act, task_id], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (uscc, details) = row?;
            out.push((uscc, serde_json::from_str(&details).unwrap_or_default()));
        }
        Ok(out)
    };
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let position = |uscc: &str| rows.iter().find(|r| r.uscc == uscc).map(|r| r.position);
    let differs = |uscc: &str, recorded: String, recomputed: String| Difference {
        what: "officers".into(),
        position: position(uscc),
        recorded,
        recomputed,
    };
    let mut expected: std::collections::BTreeMap<String, Vec<OfficerEntry>> = Default::default();
    for (_, d) in details_of("inspection-assign")? {
        let per_body = d["per_body"].as_u64().unwrap_or(0) as usize;
        for body in d["bodies"].as_array().into_iter().flatten() {
            let uscc = body["uscc"].as_str().unwrap_or_default();
            let recorded = strings(&body["officers"]);
            let again = rules::draw_officers(&strings(&body["eligible"]), per_body, seed, uscc)
                .unwrap_or_default();
            if again != recorded {
                return Ok(Some(differs(uscc, recorded.join(", "), again.join(", "))));
            }
            expected.entry(uscc.to_string()).or_default().extend(
                again
                    .into_iter()
                    .map(|login| (login, "drawn".to_string(), false)),
            );
        }
    }
    for (uscc, d) in details_of("inspection-recuse")? {
        let uscc = uscc.unwrap_or_default();
        let nth = d["nth"].as_u64().unwrap_or(0) as usize;
        let recorded = d["replacement"].as_str().map(str::to_string);
        let again = rules::draw_replacement_officer(&strings(&d["eligible"]), seed, &uscc, nth);
        if again != recorded {
            let dash = |o: Option<String>| o.unwrap_or_else(|| "—".into());
            return Ok(Some(differs(&uscc, dash(recorded), dash(again))));
        }
        let entries = expected.entry(uscc.clone()).or_default();
        let officer = d["officer"].as_str().unwrap_or_default();
        for e in entries.iter_mut().filter(|e| e.0 == officer) {
            e.2 = true;
        }
        entries.extend(again.map(|login| (login, "replacement".to_string(), false)));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT login, how, recused_on IS NOT NULL FROM inspection_officer WHERE inspection_body_id = ?1 ORDER BY id",
    )?;
    for r in rows {
        let recorded: Vec<OfficerEntry> = stmt
            .query_map([r.id], |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let again = expected.remove(&r.uscc).unwrap_or_default();
        if recorded != again {
            return Ok(Some(differs(
                &r.uscc,
                entries_text(&recorded),
                entries_text(&again),
            )));
        }
    }
    Ok(None)
}

/// SQL: a qualification `q` in force on `?3` (a stored state in force and not past its end
/// date, or past it with a timely renewal undecided: renewed by law, 行政许可法 Art. 50).
const IN_FORCE: &str = "(q.status = 'active' OR q.status = 'pending_verification' OR q.status = 'renewal_pending')
    AND (q.valid_until >= ?3 OR EXISTS (SELECT 1 FROM application a WHERE a.purpose = 'renewal'
         AND a.approval_no = q.approval_no AND a.late = 0
         AND (a.status = 'received' OR a.status = 'materials_requested' OR a.status = 'accepted' OR a.status = 'paused')))";

/// The bodies of `kind` in `region` with an approval in force on `date`, in USCC order.
fn bodies_in_force(
    conn: &Connection,
    kind: &str,
    region: &str,
    date: &str,
) -> StoreResult<Vec<(i64, Candidate)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT b.id, b.uscc, b.risk_class FROM body b
         WHERE b.kind = ?1 AND (?2 = '' OR substr(b.region, 1, length(?2)) = ?2)
           AND EXISTS (SELECT 1 FROM qualification q WHERE q.body_id = b.id AND {IN_FORCE})
         ORDER BY b.uscc"
    ))?;
    let rows = stmt.query_map(params![kind, region, date], |r| {
        Ok((
            r.get(0)?,
            Candidate {
                uscc: r.get(1)?,
                class: class_of(&r.get::<_, String>(2)?),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn body_of(conn: &Connection, uscc: &str) -> StoreResult<Option<(i64, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, kind, risk_class FROM body WHERE uscc = ?1",
            [uscc],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Everyone who may not inspect the body `uscc`: declared conflicts, the actors of the acts
/// that approved, verified or penalised it, and the officers of its open cases (by login or
/// by the name the roster gives them).
fn conflicted(conn: &Connection, uscc: &str) -> StoreResult<std::collections::BTreeSet<String>> {
    let mut out = std::collections::BTreeSet::new();
    let mut stmt = conn.prepare_cached("SELECT login FROM inspector_conflict WHERE uscc = ?1")?;
    for login in stmt.query_map([uscc], |r| r.get::<_, String>(0))? {
        out.insert(login?);
    }
    let acts: Vec<String> = CONFLICTING_ACTS.iter().map(|a| format!("'{a}'")).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT DISTINCT actor FROM event WHERE uscc = ?1 AND act IN ({})",
        acts.join(", ")
    ))?;
    for actor in stmt.query_map([uscc], |r| r.get::<_, String>(0))? {
        out.insert(actor?);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT pc.officers FROM penalty_case pc JOIN qualification q ON q.id = pc.qualification_id
         JOIN body b ON b.id = q.body_id WHERE b.uscc = ?1 AND pc.closed_on IS NULL",
    )?;
    let names: Vec<String> = stmt
        .query_map([uscc], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    let on_cases: Vec<String> = names
        .iter()
        .flat_map(|o| o.split([',', '，', ';', '；', '、']))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if !on_cases.is_empty() {
        let mut stmt = conn.prepare_cached("SELECT login, name FROM officer")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (login, name) = row?;
            if on_cases
                .iter()
                .any(|o| *o == login || (!name.is_empty() && *o == name))
            {
                out.insert(login);
            }
        }
    }
    Ok(out)
}

/// The active officers who may inspect the task's bodies, by login: their kinds include the
/// task's (kinds '' = any), and they work for the task's authority — any authority when the
/// task is joint (部门联合抽查); an officer whose authority is not recorded is not known to be of
/// another one, and counts.
fn roster(conn: &Connection, t: &Task) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT login, kinds, authority FROM officer WHERE active = 1 ORDER BY login",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let joint = !t.joint_with.trim().is_empty();
    let mut out = Vec::new();
    for row in rows {
        let (login, kinds, authority) = row?;
        let of_kind = kinds.trim().is_empty() || kinds.split(',').any(|k| k.trim() == t.kind);
        let of_authority =
            joint || authority.trim().is_empty() || authority.trim() == t.authority.trim();
        if of_kind && of_authority {
            out.push(login);
        }
    }
    Ok(out)
}

impl Store {
    /// Add an item to the inspection list: one `inspection-item-add` event.
    pub fn add_inspection_item(
        &mut self,
        name: &str,
        basis: &str,
        content: &str,
        method: &str,
        kind: BodyKind,
        key: bool,
    ) -> Result<Item> {
        let item = Item {
            id: 0,
            name: text("name", name, true)?,
            basis: text("basis", basis, true)?,
            content: text("content", content, true)?,
            method: text("method", method, true)?,
            kind: kind.as_str().to_string(),
            key,
        };
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let tx = self.write()?;
        let id: i64 = tx.query_row(
            "INSERT INTO inspection_item (name, basis, content, method, kind, key_item, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            params![item.name, item.basis, item.content, item.method, item.kind, key, now_utc(), actor],
            |r| r.get(0),
        )?;
        let item = Item { id, ..item };
        events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspection-item-add",
                basis: &item.basis,
                after: Some(json!(item)),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(item)
    }

    /// The inspection list, by id.
    pub fn inspection_items(&self) -> StoreResult<Vec<Item>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, basis, content, method, kind, key_item FROM inspection_item ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Item {
                id: r.get(0)?,
                name: r.get(1)?,
                basis: r.get(2)?,
                content: r.get(3)?,
                method: r.get(4)?,
                kind: r.get(5)?,
                key: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Put an officer on the inspector roster (active), with name, certificate, department and
    /// kinds: the officer table, one `inspector-add` event.
    pub fn add_inspector(
        &mut self,
        login: &str,
        name: &str,
        cert_no: &str,
        dept: &str,
        kinds: &str,
    ) -> Result<Inspector> {
        let login = login.trim();
        if login.is_empty() || login.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(Problem::UnknownOfficer(crate::domain::text::preview(login)).into());
        }
        let name = text("name", name, true)?;
        let cert_no = text("cert_no", cert_no, true)?;
        let dept = text("dept", dept, true)?;
        let kinds = parse_kinds(kinds).ok_or_else(|| Problem::BadText {
            field: "kinds",
            why: format!(
                "'{}' is not cb, cma or cb,cma",
                crate::domain::text::preview(kinds)
            ),
        })?;
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let now = now_utc();
        let tx = self.write()?;
        let before = inspector_in(&tx, login)?;
        tx.execute(
            "INSERT INTO officer (login, name, cert_no, dept, kinds, active, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7)
             ON CONFLICT (login) DO UPDATE SET name = ?2, cert_no = ?3, dept = ?4, kinds = ?5,
                active = 1, version = version + 1, updated_at = ?6, updated_by = ?7",
            params![login, name, cert_no, dept, kinds, now, actor],
        )?;
        let after =
            inspector_in(&tx, login)?.ok_or_else(|| Problem::UnknownOfficer(login.to_string()))?;
        events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspector-add",
                details: Some(json!({ "login": login })),
                before: before.as_ref().map(|o| json!(o)),
                after: Some(json!(after)),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(after)
    }

    /// Take an officer off the active roster (kept, with their history): `inspector-deactivate`.
    pub fn deactivate_inspector(&mut self, login: &str) -> Result<Inspector> {
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let tx = self.write()?;
        let before = inspector_in(&tx, login.trim())?
            .ok_or_else(|| Problem::UnknownOfficer(crate::domain::text::preview(login)))?;
        tx.execute(
            "UPDATE officer SET active = 0, version = version + 1, updated_at = ?2, updated_by = ?3
             WHERE login = ?1",
            params![before.login, now_utc(), actor],
        )?;
        let after = Inspector {
            active: false,
            ..before.clone()
        };
        events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspector-deactivate",
                details: Some(json!({ "login": before.login })),
                before: Some(json!(before)),
                after: Some(json!(after)),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(after)
    }
}

/// The officer table's columns an [`Inspector`] is read from, in [`Inspector::from_row`]'s order.
const INSPECTOR_COLUMNS: &str = "login, name, cert_no, dept, kinds, active";

impl Inspector {
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Inspector> {
        Ok(Inspector {
            login: r.get(0)?,
            name: r.get(1)?,
            cert_no: r.get(2)?,
            dept: r.get(3)?,
            kinds: r.get(4)?,
            active: r.get(5)?,
        })
    }
}

fn inspector_in(conn: &Connection, login: &str) -> StoreResult<Option<Inspector>> {
    Ok(conn
        .query_row(
            &format!("SELECT {INSPECTOR_COLUMNS} FROM officer WHERE login = ?1"),
            [login],
            Inspector::from_row,
        )
        .optional()?)
}

impl Store {
    /// The roster: every officer, by login (the inactive ones too, marked).
    pub fn inspectors(&self) -> StoreResult<Vec<Inspector>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {INSPECTOR_COLUMNS} FROM officer ORDER BY login"
        ))?;
        let rows = stmt.query_map([], Inspector::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Declare a conflict between an officer and a body: `inspector-conflict-add`.
    pub fn add_conflict(&mut self, login: &str, uscc: &str, reason: &str) -> Result<i64> {
        let uscc = parse_uscc(uscc)?;
        let reason = text("reason", reason, true)?;
        let today = self.today.to_string();
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let tx = self.write()?;
        if inspector_in(&tx, login.trim())?.is_none() {
            return Err(Problem::UnknownOfficer(crate::domain::text::preview(login)).into());
        }
        if body_of(&tx, uscc.as_str())?.is_none() {
            return Err(Problem::UnknownBody(uscc.as_str().to_string()).into());
        }
        let id: Option<i64> = tx
            .query_row(
                "INSERT INTO inspector_conflict (login, uscc, reason, declared_on) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (login, uscc) DO NOTHING RETURNING id",
                params![login.trim(), uscc.as_str(), reason, today],
                |r| r.get(0),
            )
            .optional()?;
        let id = id.ok_or_else(|| Problem::ConflictExists {
            login: login.trim().to_string(),
            uscc: uscc.as_str().to_string(),
        })?;
        events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspector-conflict-add",
                uscc: Some(uscc.as_str()),
                act_date: Some(today),
                reason: &reason,
                details: Some(json!({ "login": login.trim() })),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(id)
    }

    /// Set a body's risk class (国市监信发〔2022〕6号) with its date and basis: the body's class
    /// changes, the history gains a row, one `set-risk-class` event.
    pub fn set_risk_class(
        &mut self,
        uscc: &str,
        class: RiskClass,
        date: Date,
        basis: &str,
    ) -> Result<i64> {
        let uscc = parse_uscc(uscc)?;
        let basis = text("basis", basis, true)?;
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let now = now_utc();
        let tx = self.write()?;
        let (body_id, _, previous) = body_of(&tx, uscc.as_str())?
            .ok_or_else(|| Problem::UnknownBody(uscc.as_str().to_string()))?;
        tx.execute(
            "UPDATE body SET risk_class = ?2, version = version + 1, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![body_id, class.as_str(), now, actor],
        )?;
        tx.execute(
            "INSERT INTO risk_class_change (body_id, class, previous, decided_on, basis, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![body_id, class.as_str(), previous, date.to_string(), basis, actor],
        )?;
        let event_id = events::append(
            &tx,
            &capture,
            &Draft {
                act: "set-risk-class",
                uscc: Some(uscc.as_str()),
                act_date: Some(date.to_string()),
                basis: &basis,
                before: Some(json!({ "risk_class": previous })),
                after: Some(json!({ "risk_class": class.as_str() })),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(event_id)
    }

    /// A body's recorded changes of risk class, oldest first.
    pub fn risk_history(&self, uscc: &str) -> StoreResult<Vec<RiskChange>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.class, r.previous, r.decided_on, r.basis, r.recorded_by FROM risk_class_change r
             JOIN body b ON b.id = r.body_id WHERE b.uscc = ?1 ORDER BY r.decided_on, r.id",
        )?;
        let rows = stmt.query_map([uscc], |r| {
            Ok(RiskChange {
                class: r.get(0)?,
                previous: r.get(1)?,
                decided_on: r.get(2)?,
                basis: r.get(3)?,
                recorded_by: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Create a task (抽查任务): `inspection-task-create`. Its items must be on the list and of
    /// its kind; its directed bodies in the register and of its kind.
    pub fn create_task(&mut self, d: &TaskDraft) -> Result<i64> {
        let name = text("name", &d.name, true)?;
        let authority = text("authority", &d.authority, true)?;
        let joint_with = text("joint_with", &d.joint_with, false)?;
        if !(2000..=2100).contains(&d.year) {
            return Err(Problem::BadYear(d.year).into());
        }
        if d.items.is_empty() {
            return Err(Problem::NoItems.into());
        }
        if d.officers_per_body < MIN_OFFICERS {
            return Err(Problem::TooFewOfficers(d.officers_per_body).into());
        }
        let mut included = Vec::new();
        for (uscc, reason) in &d.include {
            let uscc = parse_uscc(uscc)?;
            let reason = text("reason", reason, true)?;
            if !included
                .iter()
                .any(|(u, _): &(String, String)| u == uscc.as_str())
            {
                included.push((uscc.as_str().to_string(), reason));
            }
        }
        let kind = d.kind.as_str();
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let tx = self.write()?;
        for id in &d.items {
            let item_kind: Option<String> = tx
                .query_row(
                    "SELECT kind FROM inspection_item WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            match item_kind {
                None => return Err(Problem::UnknownItem(id.to_string()).into()),
                Some(k) if k != kind => {
                    return Err(Problem::ItemKind { item: *id, kind: k }.into());
                }
                Some(_) => {}
            }
        }
        for (uscc, _) in &included {
            match body_of(&tx, uscc)? {
                None => return Err(Problem::UnknownBody(uscc.clone()).into()),
                Some((_, k, _)) if k != kind => {
                    return Err(Problem::BodyKind {
                        uscc: uscc.clone(),
                        kind: k,
                    }
                    .into());
                }
                Some(_) => {}
            }
        }
        let items: Vec<String> = d.items.iter().map(i64::to_string).collect();
        let r = d.ratios;
        let id: i64 = tx.query_row(
            "INSERT INTO inspection_task (name, year, kind, region, authority, joint_with, items,
                ratio_a, ratio_b, ratio_c, ratio_d, officers_per_body, exclude_months, included, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id",
            params![
                name, d.year, kind, d.region, authority, joint_with, items.join(","),
                r.a, r.b, r.c, r.d, d.officers_per_body, d.exclude_months,
                json!(included).to_string(), now_utc(), actor
            ],
            |r| r.get(0),
        )?;
        events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspection-task-create",
                details: Some(
                    json!({ "task": id, "name": name, "ratios": r, "kind": kind, "region": d.region }),
                ),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(id)
    }

    /// Add a body on purpose (定向) with its reason to a task not yet drawn:
    /// `inspection-include`, one event naming the body. Refused on a drawn task (after the draw
    /// that is a replacement or another task), for a body of the other kind, with no approval in
    /// force or suspended (a suspended body is a reason to look, not to leave it out), or one
    /// already on the list.
    pub fn include_directed(&mut self, task_id: i64, uscc: &str, reason: &str) -> Result<()> {
        let uscc = parse_uscc(uscc)?.as_str().to_string();
        let reason = text("reason", reason, true)?;
        let today = self.today.to_string();
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let tx = self.write()?;
        let t = task(&tx, task_id)?;
        if let Some(on) = t.drawn_on {
            return Err(Problem::IncludeAfterDraw { task: task_id, on }.into());
        }
        let in_force = match body_of(&tx, &uscc)? {
            None => return Err(Problem::UnknownBody(uscc).into()),
            Some((_, k, _)) if k != t.kind => {
                return Err(Problem::BodyKind { uscc, kind: k }.into());
            }
            Some((id, _, _)) => tx.query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM qualification q WHERE q.body_id = ?1
                           AND (({IN_FORCE}) OR (q.status = 'suspended' AND q.valid_until >= ?3)))"
                ),
                params![id, "", today],
                |r| r.get::<_, bool>(0),
            )?,
        };
        if !in_force {
            return Err(Problem::NotInForce(uscc).into());
        }
        if t.included.iter().any(|(u, _)| *u == uscc) {
            return Err(Problem::AlreadyIncluded {
                task: task_id,
                uscc,
            }
            .into());
        }
        let mut included = t.included;
        included.push((uscc.clone(), reason.clone()));
        let changed = tx.execute(
            "UPDATE inspection_task SET included = ?2, version = version + 1, updated_at = ?3, updated_by = ?4
             WHERE id = ?1 AND version = ?5 AND drawn_on IS NULL",
            params![task_id, json!(included).to_string(), now_utc(), actor, t.version],
        )?;
        if changed == 0 {
            return Err(Problem::UnknownTask(task_id.to_string()).into());
        }
        events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspection-include",
                uscc: Some(&uscc),
                act_date: Some(today),
                reason: &reason,
                details: Some(json!({ "task": task_id, "uscc": uscc, "reason": reason })),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// The draw (docs/INSPECTIONS.md, The draw): freeze the population, its roster hash, the
    /// seed and the drawn list in one `inspection-draw` event. A second draw is refused.
    pub fn draw(
        &mut self,
        task_id: i64,
        public_value: &str,
        date: Option<Date>,
    ) -> Result<DrawDone> {
        let public_value = public_value.trim();
        if public_value.is_empty() {
            return Err(Problem::PublicValueEmpty.into());
        }
        crate::domain::text::check_field("public_value", public_value).map_err(|why| {
            Problem::BadText {
                field: "public_value",
                why,
            }
        })?;
        let date = date.unwrap_or(self.today).to_string();
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let now = now_utc();
        let tx = self.write()?;
        let t = task(&tx, task_id)?;
        if let Some(on) = t.drawn_on {
            return Err(Problem::AlreadyDrawn { task: task_id, on }.into());
        }
        let in_force = bodies_in_force(&tx, &t.kind, &t.region, &date)?;
        // Bodies inspected by another task (a result recorded) within the exclusion period
        // before the draw.
        let since = date
            .parse::<Date>()
            .ok()
            .and_then(|d| {
                d.checked_sub(jiff::Span::new().months(t.exclude_months as i64))
                    .ok()
            })
            .map(|d| d.to_string())
            .unwrap_or_else(|| date.clone());
        let mut recent = std::collections::BTreeMap::new();
        if t.exclude_months > 0 {
            let mut stmt = tx.prepare(
                "SELECT ib.uscc, ib.task_id, ib.result_on FROM inspection_body ib
                 WHERE ib.task_id <> ?1 AND ib.result_on IS NOT NULL AND ib.result_on > ?2 AND ib.result_on <= ?3
                 ORDER BY ib.result_on, ib.id",
            )?;
            for row in stmt.query_map(params![task_id, since, date], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })? {
                let (uscc, other, on) = row?;
                recent.insert(uscc, format!("inspected in task {other} on {on}"));
            }
        }
        let directed: Vec<String> = t.included.iter().map(|(u, _)| u.clone()).collect();
        let mut population = Vec::new();
        let mut excluded: Vec<(String, String)> = Vec::new();
        for (_, c) in &in_force {
            if directed.contains(&c.uscc) {
                continue;
            }
            match recent.get(&c.uscc) {
                Some(why) => excluded.push((c.uscc.clone(), why.clone())),
                None => population.push(c.clone()),
            }
        }
        let roster_hash = rules::roster_hash(&population);
        let seed = rules::seed(&roster_hash, public_value);
        let drawn = rules::draw(&population, &t.ratios, &seed);
        {
            let mut ins = tx.prepare(
                "INSERT INTO inspection_population (task_id, uscc, risk_class) VALUES (?1, ?2, ?3)",
            )?;
            for c in &population {
                ins.execute(params![task_id, c.uscc, c.class.as_str()])?;
            }
            let mut ins = tx.prepare(
                "INSERT INTO inspection_body (task_id, position, body_id, uscc, risk_class, how, reason)
                 SELECT ?1, ?2, id, uscc, risk_class, ?4, ?5 FROM body WHERE uscc = ?3",
            )?;
            let mut position = 0;
            for (uscc, reason) in &t.included {
                position += 1;
                ins.execute(params![task_id, position, uscc, "directed", reason])?;
            }
            for c in &drawn {
                position += 1;
                ins.execute(params![task_id, position, c.uscc, "drawn", ""])?;
            }
        }
        let changed = tx.execute(
            "UPDATE inspection_task SET drawn_on = ?2, public_value = ?3, roster_hash = ?4, seed = ?5,
                algorithm = ?6, population = ?7, excluded = ?8, version = version + 1, updated_at = ?9, updated_by = ?10
             WHERE id = ?1 AND version = ?11",
            params![
                task_id, date, public_value, roster_hash, seed, ALGORITHM, population.len() as i64,
                json!(excluded).to_string(), now, actor, t.version
            ],
        )?;
        if changed == 0 {
            return Err(Problem::AlreadyDrawn {
                task: task_id,
                on: date,
            }
            .into());
        }
        let drawn: Vec<String> = drawn.into_iter().map(|c| c.uscc).collect();
        let event_id = events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspection-draw",
                act_date: Some(date.clone()),
                details: Some(json!({
                    "task": task_id, "algorithm": ALGORITHM, "population": population.len(),
                    "roster_hash": roster_hash, "public_value": public_value, "seed": seed,
                    "ratios": t.ratios, "directed": directed, "drawn": drawn, "excluded": excluded,
                })),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(DrawDone {
            task: task_id,
            event_id,
            population: population.len(),
            roster_hash,
            seed,
            algorithm: ALGORITHM.to_string(),
            drawn,
            directed,
            excluded,
        })
    }

    /// Redraw a task from its record and compare: the population's hash with the recorded one
    /// and the draw event's, the seed, the drawn list position by position, every replacement.
    pub fn verify_draw(&self, task_id: i64) -> Result<Verified> {
        let conn = &self.conn;
        let t = task(conn, task_id)?;
        if t.drawn_on.is_none() {
            return Err(Problem::NotYetDrawn(task_id).into());
        }
        let found = |d: Difference| Verified {
            task: task_id,
            identical: false,
            difference: Some(d),
        };
        let (roster_hash, public_value, seed, algorithm, population_n): (String, String, String, String, i64) =
            conn.query_row(
                "SELECT roster_hash, public_value, seed, algorithm, population FROM inspection_task WHERE id = ?1",
                [task_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
        // The draw event is in the hash chain: what the task row says must be what it recorded.
        let event: Option<String> = conn
            .query_row(
                "SELECT details FROM event WHERE act = 'inspection-draw' AND json_extract(details, '$.task') = ?1 ORDER BY id LIMIT 1",
                [task_id],
                |r| r.get(0),
            )
            .optional()?;
        let event: serde_json::Value = event
            .and_then(|e| serde_json::from_str(&e).ok())
            .unwrap_or_default();
        let diff =
            |what: &str, position: Option<usize>, recorded: &str, recomputed: &str| Difference {
                what: what.to_string(),
                position,
                recorded: recorded.to_string(),
                recomputed: recomputed.to_string(),
            };
        let event_str = |k: &str| event[k].as_str().unwrap_or("").to_string();
        for (what, stored) in [
            ("roster_hash", &roster_hash),
            ("public_value", &public_value),
            ("seed", &seed),
            ("algorithm", &algorithm),
        ] {
            if event_str(what) != *stored {
                return Ok(found(diff("event", None, &event_str(what), stored)));
            }
        }
        if algorithm != ALGORITHM {
            return Ok(found(diff("algorithm", None, &algorithm, ALGORITHM)));
        }
        let population = frozen_population(conn, task_id)?;
        let hash = rules::roster_hash(&population);
        if hash != roster_hash || population.len() as i64 != population_n {
            return Ok(found(diff(
                "population",
                None,
                &format!("{roster_hash} ({population_n} bodies)"),
                &format!("{hash} ({} bodies)", population.len()),
            )));
        }
        let recomputed_seed = rules::seed(&hash, &public_value);
        if recomputed_seed != seed {
            return Ok(found(diff("seed", None, &seed, &recomputed_seed)));
        }
        let mut expected: Vec<String> = t.included.iter().map(|(u, _)| u.clone()).collect();
        expected.extend(
            rules::draw(&population, &t.ratios, &seed)
                .into_iter()
                .map(|c| c.uscc),
        );
        let rows = list_rows(conn, task_id)?;
        let first: Vec<&ListRow> = rows.iter().filter(|r| r.how != "replacement").collect();
        for i in 0..expected.len().max(first.len()) {
            let recorded = first.get(i).map(|r| r.uscc.as_str()).unwrap_or("—");
            let recomputed = expected.get(i).map(String::as_str).unwrap_or("—");
            if recorded != recomputed || first.get(i).is_some_and(|r| r.position != i + 1) {
                return Ok(found(diff("drawn", Some(i + 1), recorded, recomputed)));
            }
        }
        // Replacements, in order: each from the population less every body on the list before it.
        let mut on_list: std::collections::BTreeSet<String> =
            first.iter().map(|r| r.uscc.clone()).collect();
        for (n, r) in rows.iter().filter(|r| r.how == "replacement").enumerate() {
            let replaced = rows.iter().find(|x| Some(x.id) == r.replaces_id);
            let class = replaced.map_or(r.class, |x| x.class);
            let remaining: Vec<Candidate> = population
                .iter()
                .filter(|c| !on_list.contains(&c.uscc))
                .cloned()
                .collect();
            let again = rules::replacement(&remaining, class, &seed, n + 1)
                .map_or("—".to_string(), |c| c.uscc);
            if again != r.uscc || replaced.is_none_or(|x| x.replaced_on.is_none()) {
                return Ok(found(diff(
                    "replacement",
                    Some(r.position),
                    &r.uscc,
                    &again,
                )));
            }
            on_list.insert(r.uscc.clone());
        }
        if let Some(d) = officers_differ(conn, task_id, &seed, &rows)? {
            return Ok(found(d));
        }
        Ok(Verified {
            task: task_id,
            identical: true,
            difference: None,
        })
    }

    /// Replace a drawn body (dissolved, not found …) with one drawn reproducibly from the rest
    /// of the population: `inspection-replace`, with the reason.
    pub fn replace_drawn(
        &mut self,
        task_id: i64,
        uscc: &str,
        reason: &str,
        date: Option<Date>,
    ) -> Result<String> {
        let uscc = parse_uscc(uscc)?;
        let reason = text("reason", reason, true)?;
        let date = date.unwrap_or(self.today).to_string();
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let tx = self.write()?;
        let t = task(&tx, task_id)?;
        let seed = t.seed.clone().ok_or(Problem::NotYetDrawn(task_id))?;
        let rows = list_rows(&tx, task_id)?;
        let old = rows
            .iter()
            .find(|r| r.uscc == uscc.as_str() && r.replaced_on.is_none())
            .ok_or_else(|| Problem::NotDrawn(uscc.as_str().to_string()))?;
        t.still_open(task_id)?;
        without_result(&tx, old.id, &uscc)?;
        let nth = rows.iter().filter(|r| r.how == "replacement").count() + 1;
        let remaining: Vec<Candidate> = frozen_population(&tx, task_id)?
            .into_iter()
            .filter(|c| !rows.iter().any(|r| r.uscc == c.uscc))
            .collect();
        let new = rules::replacement(&remaining, old.class, &seed, nth)
            .ok_or_else(|| Problem::NoReplacement(uscc.as_str().to_string()))?;
        let position = rows.iter().map(|r| r.position).max().unwrap_or(0) + 1;
        tx.execute(
            "UPDATE inspection_body SET replaced_on = ?2, version = version + 1 WHERE id = ?1",
            params![old.id, date],
        )?;
        tx.execute(
            "INSERT INTO inspection_body (task_id, position, body_id, uscc, risk_class, how, reason, replaces_id)
             SELECT ?1, ?2, id, uscc, ?4, 'replacement', ?5, ?6 FROM body WHERE uscc = ?3",
            params![task_id, position as i64, new.uscc, new.class.as_str(), reason, old.id],
        )?;
        events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspection-replace",
                uscc: Some(uscc.as_str()),
                act_date: Some(date),
                reason: &reason,
                details: Some(
                    json!({ "task": task_id, "replaced": uscc.as_str(), "by": new.uscc, "nth": nth }),
                ),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(new.uscc)
    }

    /// Draw the officers of every body on the list that has none yet: ≥ the task's officers
    /// per body from the active roster of its kind, less each body's conflicts. A body for
    /// which too few remain gets none, and is named. One `inspection-assign` event.
    pub fn assign_officers(&mut self, task_id: i64) -> Result<Assigned> {
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let tx = self.write()?;
        let t = task(&tx, task_id)?;
        let seed = t.seed.clone().ok_or(Problem::NotYetDrawn(task_id))?;
        refuse_when_completed(&t, task_id)?;
        let all = roster(&tx, &t)?;
        let rows = list_rows(&tx, task_id)?;
        let mut assigned = Vec::new();
        let mut short = Vec::new();
        let mut record = Vec::new();
        for r in rows.iter().filter(|r| r.replaced_on.is_none()) {
            let has: i64 = tx.query_row(
                "SELECT count(*) FROM inspection_officer WHERE inspection_body_id = ?1",
                [r.id],
                |x| x.get(0),
            )?;
            if has > 0 {
                continue;
            }
            let conflicts = conflicted(&tx, &r.uscc)?;
            let eligible: Vec<String> = all
                .iter()
                .filter(|l| !conflicts.contains(*l))
                .cloned()
                .collect();
            match rules::draw_officers(&eligible, t.officers_per_body as usize, &seed, &r.uscc) {
                Some(officers) => {
                    for login in &officers {
                        tx.execute(
                            "INSERT INTO inspection_officer (inspection_body_id, login, how) VALUES (?1, ?2, 'drawn')",
                            params![r.id, login],
                        )?;
                    }
                    record.push(
                        json!({ "uscc": r.uscc, "eligible": eligible, "officers": officers }),
                    );
                    assigned.push((r.uscc.clone(), officers));
                }
                None => {
                    record.push(json!({ "uscc": r.uscc, "eligible": eligible, "officers": [] }));
                    short.push((r.uscc.clone(), eligible.len()));
                }
            }
        }
        if record.is_empty() {
            return Err(Problem::AlreadyAssigned(task_id).into());
        }
        if assigned.is_empty() {
            // Nothing to write: say which bodies lack officers, change nothing.
            return Ok(Assigned {
                event_id: 0,
                assigned,
                short,
            });
        }
        let event_id = events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspection-assign",
                details: Some(
                    json!({ "task": task_id, "per_body": t.officers_per_body, "bodies": record }),
                ),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(Assigned {
            event_id,
            assigned,
            short,
        })
    }

    /// Record a recusal (回避, 行政处罚法 Art. 43) with its reason and who decided it, and draw
    /// the replacement officer the same reproducible way: `inspection-recuse`.
    pub fn recuse(
        &mut self,
        task_id: i64,
        uscc: &str,
        login: &str,
        reason: &str,
        decided_by: &str,
        date: Option<Date>,
    ) -> Result<Recused> {
        let uscc = parse_uscc(uscc)?;
        let reason = text("reason", reason, true)?;
        let decided_by = text("decided_by", decided_by, true)?;
        let date = date.unwrap_or(self.today).to_string();
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let tx = self.write()?;
        let t = task(&tx, task_id)?;
        let seed = t.seed.clone().ok_or(Problem::NotYetDrawn(task_id))?;
        refuse_when_completed(&t, task_id)?;
        let rows = list_rows(&tx, task_id)?;
        let row = rows
            .iter()
            .find(|r| r.uscc == uscc.as_str() && r.replaced_on.is_none())
            .ok_or_else(|| Problem::NotDrawn(uscc.as_str().to_string()))?;
        let officers: Vec<(String, Option<String>)> = tx
            .prepare("SELECT login, recused_on FROM inspection_officer WHERE inspection_body_id = ?1 ORDER BY id")?
            .query_map([row.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if !officers
            .iter()
            .any(|(l, on)| l == login.trim() && on.is_none())
        {
            return Err(Problem::NotAssigned {
                login: crate::domain::text::preview(login),
                uscc: uscc.as_str().to_string(),
            }
            .into());
        }
        tx.execute(
            "UPDATE inspection_officer SET recused_on = ?3, recusal_reason = ?4, decided_by = ?5
             WHERE inspection_body_id = ?1 AND login = ?2",
            params![row.id, login.trim(), date, reason, decided_by],
        )?;
        let nth = officers.iter().filter(|(_, on)| on.is_some()).count() + 1;
        let conflicts = conflicted(&tx, uscc.as_str())?;
        let eligible: Vec<String> = roster(&tx, &t)?
            .into_iter()
            .filter(|l| !conflicts.contains(l) && !officers.iter().any(|(o, _)| o == l))
            .collect();
        let replacement = rules::draw_replacement_officer(&eligible, &seed, uscc.as_str(), nth);
        if let Some(r) = &replacement {
            tx.execute(
                "INSERT INTO inspection_officer (inspection_body_id, login, how) VALUES (?1, ?2, 'replacement')",
                params![row.id, r],
            )?;
        }
        let event_id = events::append(
            &tx,
            &capture,
            &Draft {
                act: "inspection-recuse",
                uscc: Some(uscc.as_str()),
                act_date: Some(date),
                reason: &reason,
                details: Some(json!({
                    "task": task_id, "officer": login.trim(), "decided_by": decided_by,
                    "nth": nth, "eligible": eligible, "replacement": replacement,
                })),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(Recused {
            event_id,
            replacement,
        })
    }

    /// A task with its record and its list (replaced bodies apart).
    pub fn task_view(&self, task_id: i64) -> Result<TaskView> {
        let conn = &self.conn;
        task_exists(conn, task_id)?;
        let mut view = conn.query_row(
            "SELECT id, name, year, kind, region, authority, joint_with, items, ratio_a, ratio_b, ratio_c, ratio_d,
                    officers_per_body, exclude_months, included, drawn_on, population, roster_hash, public_value,
                    seed, algorithm, excluded, publication_due, published_on, completed_on, closed_on, close_reason
             FROM inspection_task WHERE id = ?1",
            [task_id],
            |r| {
                Ok(TaskView {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    year: r.get(2)?,
                    kind: r.get(3)?,
                    region: r.get(4)?,
                    authority: r.get(5)?,
                    joint_with: r.get(6)?,
                    items: r
                        .get::<_, String>(7)?
                        .split(',')
                        .filter_map(|s| s.trim().parse().ok())
                        .collect(),
                    ratios: Ratios {
                        a: r.get(8)?,
                        b: r.get(9)?,
                        c: r.get(10)?,
                        d: r.get(11)?,
                    },
                    officers_per_body: r.get(12)?,
                    exclude_inspected_within_months: r.get(13)?,
                    included: serde_json::from_str(&r.get::<_, String>(14)?).unwrap_or_default(),
                    drawn_on: r.get(15)?,
                    population: r.get(16)?,
                    roster_hash: r.get(17)?,
                    public_value: r.get(18)?,
                    seed: r.get(19)?,
                    algorithm: r.get(20)?,
                    excluded: r
                        .get::<_, Option<String>>(21)?
                        .and_then(|e| serde_json::from_str(&e).ok())
                        .unwrap_or_default(),
                    drawn: Vec::new(),
                    replaced: Vec::new(),
                    publication_due: r.get(22)?,
                    published_on: r.get(23)?,
                    completed_on: r.get(24)?,
                    closed_on: r.get(25)?,
                    close_reason: r.get(26)?,
                })
            },
        )?;
        let mut stmt = conn.prepare(
            "SELECT ib.id, ib.uscc, b.name, ib.risk_class, ib.how, ib.reason, ib.result, ib.result_on,
                    ib.replaced_on, ib.replaces_id, ib.findings,
                    (SELECT q.approval_no FROM qualification q WHERE q.body_id = b.id ORDER BY q.decided_on DESC, q.id DESC LIMIT 1)
             FROM inspection_body ib JOIN body b ON b.id = ib.body_id
             WHERE ib.task_id = ?1 ORDER BY ib.position",
        )?;
        type Row = (i64, DrawnBody, Option<String>, Option<i64>);
        let rows: Vec<Row> = stmt
            .query_map([task_id], |r| {
                Ok((
                    r.get(0)?,
                    DrawnBody {
                        uscc: r.get(1)?,
                        name: r.get(2)?,
                        risk_class: r.get(3)?,
                        how: r.get(4)?,
                        reason: r.get(5)?,
                        result: r.get(6)?,
                        result_on: r.get(7)?,
                        findings: r.get(10)?,
                        approval_no: r.get(11)?,
                        officers: Vec::new(),
                    },
                    r.get(8)?,
                    r.get(9)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut officers = conn.prepare(
            "SELECT login FROM inspection_officer WHERE inspection_body_id = ?1 AND recused_on IS NULL ORDER BY id",
        )?;
        for (id, mut body, replaced_on, _) in rows.clone() {
            body.officers = officers
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            match replaced_on {
                Some(on) => {
                    let by = rows.iter().find(|(_, _, _, rep)| *rep == Some(id));
                    view.replaced.push(Replaced {
                        uscc: body.uscc,
                        replaced_on: on,
                        by: by.map(|(_, b, _, _)| b.uscc.clone()).unwrap_or_default(),
                        reason: by.map(|(_, b, _, _)| b.reason.clone()).unwrap_or_default(),
                    });
                }
                None => view.drawn.push(body),
            }
        }
        Ok(view)
    }

    /// Every task with its counts (drawn, results recorded), newest first: one query.
    pub fn task_summaries(&self) -> StoreResult<Vec<TaskSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.id, t.name, t.year, t.kind, t.authority, t.drawn_on, t.population,
                    count(b.id), count(b.result), t.completed_on, t.closed_on, t.publication_due,
                    t.published_on
             FROM inspection_task t
             LEFT JOIN inspection_body b ON b.task_id = t.id AND b.replaced_on IS NULL
             GROUP BY t.id ORDER BY t.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TaskSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                year: r.get(2)?,
                kind: r.get(3)?,
                authority: r.get(4)?,
                drawn_on: r.get(5)?,
                population: r.get(6)?,
                drawn: r.get(7)?,
                recorded: r.get(8)?,
                completed_on: r.get(9)?,
                closed_on: r.get(10)?,
                publication_due: r.get(11)?,
                published_on: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every task, newest first.
    pub fn tasks(&self) -> StoreResult<Vec<TaskLine>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, year, kind, drawn_on FROM inspection_task ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
