//! Corrections (更正) and annulments (撤销原行政行为) of recorded acts: each one `BEGIN
//! IMMEDIATE` transaction that appends an event (`correct` / `annul`) naming the event it
//! corrects or annuls. The rules are `domain::corrections`; what an act changed is read from
//! the log itself — the row images its event recorded and, for each row, the image the log held
//! before it — so an annulment restores exactly what the act changed, and `certdesk check`
//! replays both like any act (the rows go through `store::capture`).

use super::capture::{self, digest};
use super::events::{self, Draft, EVENT_COLUMNS, Event, event_from_row};
use super::{Ctx, Result, Store, StoreError, now_utc};
use crate::domain::Date;
use crate::domain::acts::{ActKind, FollowUpKind, plan_grant};
use crate::domain::calendar::{PUBLISH_PENALTY, WITHDRAW_PUBLICATION};
use crate::domain::corrections::{
    ANNUL, Blocker, CORRECT, CorrectField, Correction, Recorded, check_annulment, plan_correction,
};
use crate::domain::ids::BodyKind;
use crate::domain::model::{QualStatus, Route};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// One row an event changed: table, id, digest of the row before (None: the event made it),
/// the image after (None: the event deleted it), and the image's text as recorded.
#[derive(Debug, Clone)]
struct Change {
    table: String,
    id: i64,
    before: Option<String>,
    image: Option<Vec<Value>>,
    raw: String,
}

fn parse_changes(e: &Event) -> Result<Vec<Change>> {
    let Some(text) = &e.changes else {
        return Ok(Vec::new());
    };
    let list: Vec<(
        String,
        i64,
        Option<String>,
        Box<serde_json::value::RawValue>,
    )> = serde_json::from_str(text)
        .map_err(|_| StoreError::Invalid(crate::store_msg!(EventImagesUnreadable, id = e.id)))?;
    // A grant's compact images (`events::Expansion`) are read as the rows they stand for.
    let mut expansion = super::events::Expansion::new(e);
    list.into_iter()
        .map(|(table, id, before, raw)| {
            let raw = expansion.image(&table, id, &raw).map(|c| c.into_owned());
            let raw = raw.unwrap_or_default();
            let image: Option<Vec<Value>> = serde_json::from_str(&raw).map_err(|_| {
                StoreError::Invalid(crate::store_msg!(
                    EventImageNotARow,
                    id = e.id,
                    table = table.as_str(),
                    row = id
                ))
            })?;
            Ok(Change {
                table,
                id,
                before,
                image,
                raw,
            })
        })
        .collect()
}

fn json_of(s: &Option<String>) -> Value {
    s.as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null)
}

fn date_of(v: &Value) -> Option<Date> {
    v.as_str().and_then(|s| s.parse().ok())
}

/// An event with what the rules and the writers need about it.
struct Loaded {
    event: Event,
    changes: Vec<Change>,
    /// Later events about the same body, in order.
    later: Vec<Event>,
    rec: Recorded,
}

fn read_event(conn: &Connection, id: i64) -> Result<Event> {
    conn.prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM event WHERE id = ?1"))?
        .query_row([id], event_from_row)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(crate::store_msg!(NoEvent, id = id)))
}

/// What a later event says about event `id`: the event it corrects or annuls.
fn names(e: &Event, key: &str) -> Option<i64> {
    json_of(&e.details).get(key).and_then(Value::as_i64)
}

fn load(conn: &Connection, id: i64) -> Result<Loaded> {
    let event = read_event(conn, id)?;
    let details = json_of(&event.details);
    let before = json_of(&event.before);
    let after = json_of(&event.after);
    let changes = parse_changes(&event)?;
    let later = match &event.uscc {
        Some(uscc) => conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM event WHERE uscc = ?1 AND id > ?2 ORDER BY id"
            ))?
            .query_map(params![uscc, id], event_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    let act_date = event.act_date.as_deref().and_then(|d| d.parse().ok());
    let is_grant = event.act == "grant";
    let valid_until = if is_grant || event.act == "renew" {
        date_of(&details["valid_until"]).or_else(|| date_of(&after["valid_until"]))
    } else {
        None
    };
    let mut rec = Recorded {
        id,
        act: event.act.clone(),
        on_qualification: event.approval_no.is_some(),
        act_date,
        doc_no: event.doc_no.clone(),
        basis: event.basis.clone(),
        reason: event.reason.clone(),
        valid_until,
        valid_until_before: date_of(&before["valid_until"]),
        deadline: date_of(&details["deadline"]),
        granted_on: None,
        answers: None,
        first_later: None,
        annulled_by: None,
        application_id: event.application_id,
        has_changes: event.changes.is_some(),
    };
    let annulled: HashSet<i64> = later
        .iter()
        .filter(|e| e.act == ANNUL)
        .filter_map(|e| names(e, "annuls"))
        .collect();
    for e in &later {
        if e.act == CORRECT && names(e, "corrects") == Some(id) {
            let d = json_of(&e.details);
            let new = d["new"].as_str().unwrap_or_default().to_string();
            match d["field"].as_str().and_then(CorrectField::parse) {
                Some(CorrectField::DocNo) => rec.doc_no = new,
                Some(CorrectField::Basis) => rec.basis = new,
                Some(CorrectField::Reason) => rec.reason = new,
                Some(CorrectField::Date | CorrectField::DecidedOn) => {
                    rec.act_date = new.parse().ok()
                }
                Some(CorrectField::ValidUntil) => rec.valid_until = new.parse().ok(),
                Some(CorrectField::Deadline) => rec.deadline = new.parse().ok(),
                None => {}
            }
        } else if e.act == ANNUL && names(e, "annuls") == Some(id) {
            rec.annulled_by = Some(e.id);
        } else if e.approval_no == event.approval_no
            && e.act != CORRECT
            && e.act != ANNUL
            && !annulled.contains(&e.id)
            && let Some(d) = e.act_date.as_deref().and_then(|d| d.parse::<Date>().ok())
            && rec.first_later.is_none_or(|(_, f)| d < f)
        {
            rec.first_later = Some((e.id, d));
        }
    }
    if let Some(no) = &event.approval_no {
        rec.granted_on = conn
            .prepare_cached("SELECT decided_on FROM qualification WHERE approval_no = ?1")?
            .query_row([no], |r| r.get::<_, String>(0))
            .optional()?
            .and_then(|d| d.parse().ok());
        if is_grant {
            // A grant's own date is what may move.
            rec.granted_on = None;
        }
    }
    // The follow-ups it closed: it answers them.
    let fcols = capture::columns(conn, "follow_up")?;
    let opened = col(&fcols, "opened_on");
    for c in changes
        .iter()
        .filter(|c| c.table == "follow_up" && c.before.is_some())
    {
        if let Some(d) = c.image.as_ref().and_then(|i| date_of(&i[opened]))
            && rec.answers.is_none_or(|a| d > a)
        {
            rec.answers = Some(d);
        }
    }
    Ok(Loaded {
        event,
        changes,
        later,
        rec,
    })
}

fn col(cols: &[String], name: &str) -> usize {
    cols.iter().position(|c| c == name).unwrap_or(usize::MAX)
}

fn cell(image: &[Value], i: usize) -> &Value {
    image.get(i).unwrap_or(&Value::Null)
}

fn sql_value(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Integer(*b as i64),
        Value::Number(n) => n
            .as_i64()
            .map(V::Integer)
            .or_else(|| n.as_f64().map(V::Real))
            .unwrap_or(V::Null),
        Value::String(s) => V::Text(s.clone()),
        other => V::Text(other.to_string()),
    }
}

/// The image the log held of row `table`/`id` just before event `before_event` (None when the
/// row did not exist), checked against the digest that event recorded of it.
fn prior_image(
    conn: &Connection,
    table: &str,
    id: i64,
    before_event: i64,
    uscc: Option<&str>,
    recorded: &str,
) -> Result<Option<Vec<Value>>> {
    let pattern = format!("[\"{table}\",{id},");
    let mut queries = Vec::new();
    if let Some(u) = uscc {
        queries.push((
            format!("SELECT {EVENT_COLUMNS} FROM event WHERE uscc = ?1 AND id < ?2 AND instr(changes, ?3) > 0 ORDER BY id DESC"),
            Some(u.to_string()),
        ));
    }
    queries.push((
        format!("SELECT {EVENT_COLUMNS} FROM event WHERE ?1 IS NULL AND id < ?2 AND instr(changes, ?3) > 0 ORDER BY id DESC"),
        None,
    ));
    // Whole events: a grant's compact images are expanded from its facts.
    for (sql, u) in queries {
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![u, before_event, pattern])?;
        while let Some(r) = rows.next()? {
            let e = event_from_row(r)?;
            if let Some(c) = parse_changes(&e)?
                .into_iter()
                .find(|c| c.table == table && c.id == id)
            {
                if format!("{:032x}", digest(&c.raw)) != recorded {
                    return Err(StoreError::Invalid(crate::store_msg!(
                        LogDoesNotExplain,
                        table = table,
                        row = id,
                        event = before_event
                    )));
                }
                return Ok(c.image);
            }
        }
    }
    Err(StoreError::Invalid(crate::store_msg!(
        LogHasNoImage,
        table = table,
        row = id,
        event = before_event
    )))
}

/// What a correction did.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionDone {
    pub event_id: i64,
    pub corrects: i64,
    pub field: String,
    pub old: String,
    pub new: String,
}

/// What an annulment did.
#[derive(Debug, Clone, Serialize)]
pub struct AnnulmentDone {
    pub event_id: i64,
    pub annuls: i64,
    pub act: String,
    pub approval_no: String,
    pub status_before: String,
    pub status_after: String,
    /// Penalty already published: the publication must be withdrawn by this day (SAMR Order 45 Art. 11).
    pub withdraw_publication_by: Option<String>,
}

/// A field a correction can fix, with its value now (for the form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorrectableField {
    pub field: CorrectField,
    pub value: String,
}

/// The rows a row-changing statement touches carry a version: bump it with who and when.
const BUMP: &str = "version = version + 1, updated_at = ?98, updated_by = ?99";

fn exec(tx: &Connection, sql: &str, p: &[&dyn rusqlite::ToSql]) -> Result<usize> {
    Ok(tx.prepare_cached(sql)?.execute(p)?)
}

impl Store {
    /// The fields of event `event_id` a correction can fix, with their values now; empty when
    /// the event cannot be corrected (a correction, an annulled act, no act on a qualification).
    pub fn correctable_fields(&self, event_id: i64) -> Result<Vec<CorrectableField>> {
        let l = load(&self.conn, event_id)?;
        if l.rec.annulled_by.is_some()
            || l.rec.act == CORRECT
            || l.rec.act == ANNUL
            || !l.rec.on_qualification
        {
            return Ok(Vec::new());
        }
        Ok(l.rec
            .fields()
            .into_iter()
            .map(|f| CorrectableField {
                field: f,
                value: l.rec.value(f),
            })
            .collect())
    }

    /// Whether event `event_id` can be annulled today; the refusal says why not.
    pub fn annulment_allowed(&self, event_id: i64) -> Result<()> {
        let l = load(&self.conn, event_id)?;
        let (blocker, _) = blocker(&self.conn, &l)?;
        check_annulment(
            &l.rec,
            self.today,
            self.today,
            // The form asks for the reason and basis; here only the rules of the act.
            "?",
            "?",
            "",
            blocker.as_ref(),
        )?;
        Ok(())
    }

    /// What `correct` would do, without writing (the form's y/N question).
    pub fn preview_correction(
        &self,
        event_id: i64,
        field: &str,
        value: &str,
        reason: &str,
        basis: &str,
        doc_no: &str,
    ) -> Result<Correction> {
        let l = load(&self.conn, event_id)?;
        Ok(plan_correction(
            &l.rec, field, value, reason, basis, doc_no, self.today,
        )?)
    }

    /// Whether `annul` would be allowed with these facts, without writing.
    pub fn preview_annulment(
        &self,
        event_id: i64,
        date: Option<Date>,
        reason: &str,
        basis: &str,
        doc_no: &str,
    ) -> Result<()> {
        let l = load(&self.conn, event_id)?;
        let (blocker, _) = blocker(&self.conn, &l)?;
        let date = date.unwrap_or(self.today);
        check_annulment(
            &l.rec,
            date,
            self.today,
            reason,
            basis,
            doc_no,
            blocker.as_ref(),
        )?;
        Ok(())
    }

    /// Correct `field` of event `event_id` to `value` (更正): the event keeps its place, the rows
    /// that carry the fact take the new value, the state stays; one `correct` event records it.
    pub fn correct(
        &mut self,
        event_id: i64,
        field: &str,
        value: &str,
        reason: &str,
        basis: &str,
        doc_no: &str,
    ) -> Result<CorrectionDone> {
        let (tx, ctx) = self.begin_act()?;
        let l = load(&tx, event_id)?;
        let c = plan_correction(&l.rec, field, value, reason, basis, doc_no, ctx.today)?;
        apply_correction(&tx, &ctx, &l, &c)?;
        let e = &l.event;
        let id = events::append(
            &tx,
            ctx.capture,
            &Draft {
                act: CORRECT,
                approval_no: e.approval_no.as_deref(),
                uscc: e.uscc.as_deref(),
                act_date: Some(ctx.today.to_string()),
                basis: basis.trim(),
                doc_no: doc_no.trim(),
                reason: reason.trim(),
                details: Some(json!({
                    "corrects": event_id, "act": e.act, "field": c.field.as_str(),
                    "old": c.old, "new": c.new,
                })),
                ..Draft::new(ctx.actor)
            },
        )?;
        tx.commit()?;
        Ok(CorrectionDone {
            event_id: id,
            corrects: event_id,
            field: c.field.as_str().to_string(),
            old: c.old,
            new: c.new,
        })
    }

    /// Annul the decision recorded by event `event_id` (撤销原行政行为), dated `date` (today if
    /// None): restore what it changed from the log, close what it opened, reopen what it
    /// closed; one `annul` event records it.
    pub fn annul(
        &mut self,
        event_id: i64,
        date: Option<Date>,
        reason: &str,
        basis: &str,
        doc_no: &str,
    ) -> Result<AnnulmentDone> {
        let (tx, ctx) = self.begin_act()?;
        let date = date.unwrap_or(ctx.today);
        let l = load(&tx, event_id)?;
        let (blocker, published) = blocker(&tx, &l)?;
        check_annulment(
            &l.rec,
            date,
            ctx.today,
            reason,
            basis,
            doc_no,
            blocker.as_ref(),
        )?;
        let done = apply_annulment(&tx, &ctx, &l, date, published, reason, basis, doc_no)?;
        tx.commit()?;
        Ok(done)
    }
}

/// The columns of a row an act changed that an annulment restores (and that no later act may
/// have changed since): all of them for a row it made or deleted, else those whose value it
/// changed; for the qualification also its state and end date.
fn interest(
    table: &str,
    cols: &[String],
    prior: Option<&[Value]>,
    image: Option<&[Value]>,
) -> Vec<usize> {
    let skip = ["id", "version", "updated_at", "updated_by"];
    (0..cols.len())
        .filter(|&i| !skip.contains(&cols[i].as_str()))
        .filter(|&i| match (prior, image) {
            (Some(p), Some(n)) => {
                cell(p, i) != cell(n, i)
                    || (table == "qualification"
                        && (cols[i] == "status" || cols[i] == "valid_until"))
            }
            _ => true,
        })
        .collect()
}

/// A row image: its columns in table order, None for a deleted row.
type Image = Option<Vec<Value>>;

/// The tables an annulment restores.
const RESTORED: &[&str] = &[
    "qualification",
    "body",
    "scope_item",
    "follow_up",
    "credit_listing",
];

struct Restore {
    change: Change,
    cols: Vec<String>,
    prior: Option<Vec<Value>>,
    interest: Vec<usize>,
}

fn restores(conn: &Connection, l: &Loaded) -> Result<Vec<Restore>> {
    let mut out = Vec::new();
    for c in l
        .changes
        .iter()
        .filter(|c| RESTORED.contains(&c.table.as_str()))
    {
        let cols = capture::columns(conn, &c.table)?;
        let prior = match &c.before {
            Some(b) => prior_image(conn, &c.table, c.id, l.event.id, l.event.uscc.as_deref(), b)?,
            None => None,
        };
        let interest = interest(&c.table, &cols, prior.as_deref(), c.image.as_deref());
        out.push(Restore {
            change: c.clone(),
            cols,
            prior,
            interest,
        });
    }
    Ok(out)
}

/// The first later act that changed what event `l` changed (or the approval's state), not
/// counting corrections of it, annulled acts and their annulments; and the publication of a
/// penalty it decided, if one followed.
fn blocker(conn: &Connection, l: &Loaded) -> Result<(Option<Blocker>, Option<i64>)> {
    if l.event.changes.is_none() || l.rec.act == CORRECT || l.rec.act == ANNUL {
        return Ok((None, None));
    }
    let rs = restores(conn, l)?;
    let mut images: HashMap<(String, i64), (usize, Image)> = rs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                (r.change.table.clone(), r.change.id),
                (i, r.change.image.clone()),
            )
        })
        .collect();
    let opened_publication: HashSet<i64> = rs
        .iter()
        .filter(|r| r.change.table == "follow_up" && r.change.before.is_none())
        .filter(|r| {
            r.change
                .image
                .as_ref()
                .is_some_and(|i| cell(i, col(&r.cols, "kind")) == "publication")
        })
        .map(|r| r.change.id)
        .collect();
    let annulled: HashSet<i64> = l
        .later
        .iter()
        .filter(|e| e.act == ANNUL)
        .filter_map(|e| names(e, "annuls"))
        .collect();
    let mut published = None;
    for e in &l.later {
        let changes = parse_changes(e)?;
        let excused = (e.act == CORRECT && names(e, "corrects") == Some(l.event.id))
            || annulled.contains(&e.id)
            || (e.act == ANNUL && names(e, "annuls").is_some_and(|a| a > l.event.id));
        let publishes = e.act == "publish"
            && changes
                .iter()
                .any(|c| c.table == "follow_up" && opened_publication.contains(&c.id));
        if publishes {
            published = Some(e.id);
        }
        for c in changes {
            let Some((i, last)) = images.get_mut(&(c.table.clone(), c.id)) else {
                continue;
            };
            let r = &rs[*i];
            let differs = match (last.as_deref(), c.image.as_deref()) {
                (Some(a), Some(b)) => r.interest.iter().any(|&k| cell(a, k) != cell(b, k)),
                (None, None) => false,
                _ => true,
            };
            if differs && !excused && !publishes {
                return Ok((
                    Some(Blocker {
                        event_id: e.id,
                        act: e.act.clone(),
                    }),
                    published,
                ));
            }
            *last = c.image;
        }
    }
    Ok((None, published))
}

fn qualification_state(tx: &Connection, approval: &str) -> Result<(i64, String, String, i64)> {
    Ok(tx
        .prepare_cached(
            "SELECT id, status, valid_until, version FROM qualification WHERE approval_no = ?1",
        )?
        .query_row([approval], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?)
}

fn effective(status: &str, until: &str, today: Date) -> String {
    match (QualStatus::parse(status), until.parse::<Date>()) {
        (Some(s), Ok(u)) => s.effective(u, today).as_str().to_string(),
        _ => status.to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
fn apply_annulment(
    tx: &Connection,
    ctx: &Ctx<'_>,
    l: &Loaded,
    date: Date,
    published: Option<i64>,
    reason: &str,
    basis: &str,
    doc_no: &str,
) -> Result<AnnulmentDone> {
    let approval = l.event.approval_no.clone().unwrap_or_default();
    let (_, status0, until0, version0) = qualification_state(tx, &approval)?;
    let now = now_utc();
    let day = date.to_string();
    let (mut closed, mut reopened, mut scope, mut credit) = (vec![], vec![], vec![], vec![]);
    for r in restores(tx, l)? {
        let (table, id) = (r.change.table.as_str(), r.change.id);
        match (&r.prior, &r.change.image) {
            // Made by the act.
            (None, Some(image)) => match table {
                "follow_up" => {
                    let n = exec(
                        tx,
                        "UPDATE follow_up SET closed_on = ?1, result = 'annulled' WHERE id = ?2 AND closed_on IS NULL",
                        &[&day, &id],
                    )?;
                    if n == 1 {
                        closed.push(json!({"id": id, "kind": cell(image, col(&r.cols, "kind"))}));
                    }
                }
                "scope_item" => {
                    exec(
                        tx,
                        "UPDATE scope_item SET status = 'removed', since = ?1 WHERE id = ?2",
                        &[&day, &id],
                    )?;
                    scope.push(
                        json!({"item": cell(image, col(&r.cols, "item")), "status": "removed"}),
                    );
                }
                "credit_listing" => {
                    exec(tx, "DELETE FROM credit_listing WHERE id = ?1", &[&id])?;
                    credit
                        .push(json!({"list": cell(image, col(&r.cols, "list")), "removed": true}));
                }
                _ => {}
            },
            // Deleted by the act: back as it was.
            (Some(prior), None) if table == "credit_listing" => {
                let v = |c: &str| sql_value(cell(prior, col(&r.cols, c)));
                exec(
                    tx,
                    "INSERT INTO credit_listing (body_id, list, listed_on) VALUES (?1, ?2, ?3)",
                    &[&v("body_id"), &v("list"), &v("listed_on")],
                )?;
                credit.push(json!({"list": cell(prior, col(&r.cols, "list")), "restored": true}));
            }
            // Changed by the act: the columns it changed take their earlier values.
            (Some(prior), Some(_)) if !r.interest.is_empty() => {
                let sets: Vec<String> = r
                    .interest
                    .iter()
                    .enumerate()
                    .map(|(n, &k)| format!("\"{}\" = ?{}", r.cols[k], n + 1))
                    .collect();
                let versioned = r.cols.iter().any(|c| c == "version");
                let sql = format!(
                    "UPDATE {table} SET {}{} WHERE id = ?97",
                    sets.join(", "),
                    if versioned {
                        format!(", {BUMP}")
                    } else {
                        String::new()
                    }
                );
                let mut values: Vec<rusqlite::types::Value> = r
                    .interest
                    .iter()
                    .map(|&k| sql_value(cell(prior, k)))
                    .collect();
                let mut stmt = tx.prepare_cached(&sql)?;
                for (n, v) in values.drain(..).enumerate() {
                    stmt.raw_bind_parameter(n + 1, v)?;
                }
                stmt.raw_bind_parameter(97, id)?;
                if versioned {
                    stmt.raw_bind_parameter(98, &now)?;
                    stmt.raw_bind_parameter(99, ctx.actor)?;
                }
                stmt.raw_execute()?;
                match table {
                    "follow_up" => reopened.push(json!({"id": id, "kind": cell(prior, col(&r.cols, "kind"))})),
                    "scope_item" => scope.push(json!({"item": cell(prior, col(&r.cols, "item")), "status": cell(prior, col(&r.cols, "status"))})),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let (_, status1, until1, version1) = qualification_state(tx, &approval)?;
    let withdraw = published.map(|p| (p, ctx.calendar.due(date, WITHDRAW_PUBLICATION)));
    let (before, after) = (
        effective(&status0, &until0, ctx.today),
        effective(&status1, &until1, ctx.today),
    );
    let mut details = json!({
        "annuls": l.event.id, "act": l.event.act,
        "old": {"status": before, "valid_until": until0},
        "new": {"status": after, "valid_until": until1},
    });
    for (k, v) in [
        ("closed", closed),
        ("reopened", reopened),
        ("scope_changed", scope),
        ("credit", credit),
    ] {
        if !v.is_empty() {
            details[k] = json!(v);
        }
    }
    if let Some((p, due)) = &withdraw {
        // SAMR Order 45 Art. 11: a published decision that is annulled is withdrawn within 3
        // working days — a follow-up in the queue; its 3-year publication period ends with it.
        tx.execute(
            "UPDATE follow_up SET closed_on = ?1, result = 'annulled'
             WHERE kind = 'publication_end' AND closed_on IS NULL
               AND qualification_id = (SELECT id FROM qualification WHERE approval_no = ?2)",
            params![date.to_string(), approval],
        )?;
        tx.execute(
            "INSERT INTO follow_up (qualification_id, kind, opened_on, due_on, due_estimated)
             SELECT id, 'publication_withdrawal', ?1, ?2, ?3 FROM qualification WHERE approval_no = ?4",
            params![date.to_string(), due.date.to_string(), due.estimated, approval],
        )?;
        details["withdraw_publication"] =
            json!({"published_by": p, "due_on": due.date.to_string(), "estimated": due.estimated});
    }
    let event_id = events::append(
        tx,
        ctx.capture,
        &Draft {
            act: ANNUL,
            approval_no: l.event.approval_no.as_deref(),
            uscc: l.event.uscc.as_deref(),
            act_date: Some(day),
            basis: basis.trim(),
            doc_no: doc_no.trim(),
            reason: reason.trim(),
            before: Some(json!({"status": before, "valid_until": until0, "version": version0})),
            after: Some(json!({"status": after, "valid_until": until1, "version": version1})),
            details: Some(details),
            ..Draft::new(ctx.actor)
        },
    )?;
    Ok(AnnulmentDone {
        event_id,
        annuls: l.event.id,
        act: l.event.act.clone(),
        approval_no: approval,
        status_before: before,
        status_after: after,
        withdraw_publication_by: withdraw.map(|(_, d)| d.date.to_string()),
    })
}

/// Write the corrected fact into the rows that carry it (the event's own text is corrected by
/// the correction event: the log is append-only).
fn apply_correction(tx: &Connection, ctx: &Ctx<'_>, l: &Loaded, c: &Correction) -> Result<()> {
    let e = &l.event;
    let now = now_utc();
    let (old, new) = (c.old.as_str(), c.new.as_str());
    let made = |table: &str| {
        l.changes
            .iter()
            .filter(move |x| x.table == table && x.before.is_none() && x.image.is_some())
            .map(|x| x.id)
            .collect::<Vec<_>>()
    };
    let touched = |table: &str| {
        l.changes
            .iter()
            .filter(move |x| x.table == table && x.before.is_some() && x.image.is_some())
            .map(|x| x.id)
            .collect::<Vec<_>>()
    };
    let penalty = ActKind::parse(&e.act).is_some_and(|a| a.is_penalty());
    let approval = e.approval_no.clone().unwrap_or_default();
    let qid = || -> Result<i64> { Ok(qualification_state(tx, &approval)?.0) };
    let gone = |what: &str| {
        StoreError::Refused(crate::domain::acts::Refusal::new(
            Some("value"),
            crate::domain::acts::Rule::CorrectionOvertaken,
            crate::rule_args![what = what, old = old],
        ))
    };
    match c.field {
        CorrectField::Reason => {}
        CorrectField::DocNo | CorrectField::Basis => {
            let column = if c.field == CorrectField::DocNo {
                "doc_no"
            } else {
                "basis"
            };
            if e.act == "grant" && c.field == CorrectField::DocNo {
                update_versioned(
                    tx,
                    "qualification",
                    "doc_no",
                    new,
                    old,
                    qid()?,
                    &now,
                    ctx.actor,
                )?;
            }
            if penalty {
                exec(
                    tx,
                    &format!("UPDATE sanction SET {column} = ?1 WHERE event_id = ?2"),
                    &[&new, &e.id],
                )?;
            }
        }
        CorrectField::Date => {
            for id in made("follow_up") {
                exec(
                    tx,
                    "UPDATE follow_up SET opened_on = ?1 WHERE id = ?2",
                    &[&new, &id],
                )?;
                let (kind, open): (String, bool) = tx.query_row(
                    "SELECT kind, closed_on IS NULL FROM follow_up WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                if kind == FollowUpKind::Publication.as_str()
                    && open
                    && let Some(d) = c.new_date()
                {
                    let due = ctx.calendar.due(d, PUBLISH_PENALTY);
                    exec(
                        tx,
                        "UPDATE follow_up SET due_on = ?1, due_estimated = ?2 WHERE id = ?3",
                        &[&due.date.to_string(), &due.estimated, &id],
                    )?;
                }
            }
            for id in touched("follow_up") {
                exec(
                    tx,
                    "UPDATE follow_up SET closed_on = ?1 WHERE id = ?2 AND closed_on = ?3",
                    &[&new, &id, &old],
                )?;
            }
            for id in made("scope_item").into_iter().chain(touched("scope_item")) {
                exec(
                    tx,
                    "UPDATE scope_item SET since = ?1 WHERE id = ?2 AND since = ?3",
                    &[&new, &id, &old],
                )?;
            }
            for id in made("credit_listing") {
                exec(
                    tx,
                    "UPDATE credit_listing SET listed_on = ?1 WHERE id = ?2 AND listed_on = ?3",
                    &[&new, &id, &old],
                )?;
            }
            if penalty {
                exec(
                    tx,
                    "UPDATE sanction SET decided_on = ?1 WHERE event_id = ?2",
                    &[&new, &e.id],
                )?;
            }
        }
        CorrectField::DecidedOn => {
            let q = qid()?;
            if update_versioned(
                tx,
                "qualification",
                "decided_on",
                new,
                old,
                q,
                &now,
                ctx.actor,
            )? != 1
            {
                return Err(gone("decision date"));
            }
            exec(
                tx,
                "UPDATE scope_item SET since = ?1 WHERE qualification_id = ?2 AND since = ?3",
                &[&new, &q, &old],
            )?;
            let (route, kind): (String, String) = tx.query_row(
                "SELECT q.route, b.kind FROM qualification q JOIN body b ON b.id = q.body_id WHERE q.id = ?1",
                [q],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let follow = match (Route::parse(&route), BodyKind::parse(&kind), c.new_date()) {
                (Some(route), Some(kind), Some(d)) => {
                    plan_grant(route, kind, d, ctx.calendar, ctx.settings).1
                }
                _ => None,
            };
            for id in made("follow_up") {
                exec(
                    tx,
                    "UPDATE follow_up SET opened_on = ?1 WHERE id = ?2",
                    &[&new, &id],
                )?;
                if let Some(f) = &follow {
                    exec(
                        tx,
                        "UPDATE follow_up SET due_on = ?1, due_estimated = ?2 WHERE id = ?3 AND kind = ?4 AND closed_on IS NULL",
                        &[
                            &f.due.date.to_string(),
                            &f.due.estimated,
                            &id,
                            &f.kind.as_str(),
                        ],
                    )?;
                }
            }
            if let Some(app) = e.application_id {
                update_versioned(
                    tx,
                    "application",
                    "decided_on",
                    new,
                    old,
                    app,
                    &now,
                    ctx.actor,
                )?;
            }
        }
        CorrectField::ValidUntil => {
            if update_versioned(
                tx,
                "qualification",
                "valid_until",
                new,
                old,
                qid()?,
                &now,
                ctx.actor,
            )? != 1
            {
                return Err(gone("end date"));
            }
        }
        CorrectField::Deadline => {
            for id in made("follow_up") {
                exec(
                    tx,
                    "UPDATE follow_up SET due_on = ?1 WHERE id = ?2 AND due_on = ?3 AND (kind = 'suspension' OR kind = 'rectification')",
                    &[&new, &id, &old],
                )?;
            }
            if e.act == "set-bar" {
                for id in touched("body") {
                    update_versioned(tx, "body", "bar_until", new, old, id, &now, ctx.actor)?;
                }
            }
        }
    }
    Ok(())
}

/// `UPDATE table SET column = new (and the version) WHERE id = id AND column = old`.
#[allow(clippy::too_many_arguments)]
fn update_versioned(
    tx: &Connection,
    table: &str,
    column: &str,
    new: &str,
    old: &str,
    id: i64,
    now: &str,
    actor: &str,
) -> Result<usize> {
    Ok(tx
        .prepare_cached(&format!(
            "UPDATE {table} SET {column} = ?1, version = version + 1, updated_at = ?2, updated_by = ?3 WHERE id = ?4 AND {column} = ?5"
        ))?
        .execute(params![new, now, actor, id, old])?)
}
