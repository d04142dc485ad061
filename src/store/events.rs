//! The append-only, hash-chained event log: `hash = sha256(prev_hash ‖ canonical content)`.

use super::capture::Capture;
use super::{Result, now_utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The hash the first event chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event about to be written.
#[derive(Debug, Clone)]
pub struct Draft<'a> {
    pub actor: &'a str,
    pub act: &'a str,
    pub approval_no: Option<&'a str>,
    pub uscc: Option<&'a str>,
    pub application_id: Option<i64>,
    pub act_date: Option<String>,
    pub basis: &'a str,
    pub doc_no: &'a str,
    pub reason: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub details: Option<Value>,
}

impl<'a> Draft<'a> {
    pub fn new(actor: &'a str) -> Self {
        Draft {
            actor,
            act: "",
            approval_no: None,
            uscc: None,
            application_id: None,
            act_date: None,
            basis: "",
            doc_no: "",
            reason: "",
            before: None,
            after: None,
            details: None,
        }
    }
}

/// A stored event, as read back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub act: String,
    pub approval_no: Option<String>,
    pub uscc: Option<String>,
    pub application_id: Option<i64>,
    pub act_date: Option<String>,
    pub basis: String,
    pub doc_no: String,
    pub reason: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub details: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The rows the act changed, as their images after it (`store::capture`); None for events
    /// written before row images were recorded (schema version 1).
    pub changes: Option<String>,
}

pub const EVENT_COLUMNS: &str = "id, at, actor, act, approval_no, uscc, application_id, act_date, basis, doc_no, reason, before, after, details, prev_hash, hash, changes";

/// An event from a row of `SELECT {EVENT_COLUMNS} FROM event`.
pub fn event_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        act: r.get(3)?,
        approval_no: r.get(4)?,
        uscc: r.get(5)?,
        application_id: r.get(6)?,
        act_date: r.get(7)?,
        basis: r.get(8)?,
        doc_no: r.get(9)?,
        reason: r.get(10)?,
        before: r.get(11)?,
        after: r.get(12)?,
        details: r.get(13)?,
        prev_hash: r.get(14)?,
        hash: r.get(15)?,
        changes: r.get(16)?,
    })
}

/// The canonical content of an event, written into `out`: its fields in a fixed order as a JSON
/// array — the id included, so reordering or renumbering breaks the chain too — followed, when
/// the event carries row images, by a line break and the images' JSON text as stored (already
/// canonical; appended raw because escaping it as a JSON string doubled the time to verify a
/// national log). Events of schema version 1 have no images and keep their hashes.
/// (Serialising the tuple gives the same text as building a `serde_json::Value` array, without
/// the allocations: `canonical_is_the_json_array_of_the_fields` holds it to that.)
fn write_canonical(e: &Event, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let fields = (
        e.id,
        &e.at,
        &e.actor,
        &e.act,
        &e.approval_no,
        &e.uscc,
        e.application_id,
        &e.act_date,
        &e.basis,
        &e.doc_no,
        &e.reason,
        &e.before,
        &e.after,
        &e.details,
    );
    serde_json::to_writer(&mut *out, &fields)?;
    if let Some(changes) = &e.changes {
        out.write_all(b"\n")?;
        out.write_all(changes.as_bytes())?;
    }
    Ok(())
}

/// Feeds what is written straight into the hash.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn chain_hash(prev_hash: &str, e: &Event) -> String {
    let mut h = HashWriter(Sha256::new());
    h.0.update(prev_hash.as_bytes());
    // Writing into a hasher cannot fail, and the fields are plain strings and numbers.
    let _ = write_canonical(e, &mut h);
    hex::encode(h.0.finalize())
}

/// The last event's id and hash (read inside the writing transaction, so no one can interleave).
pub(crate) fn head(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .prepare_cached("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}

/// Append one event inside the caller's transaction, with the images of the rows changed since
/// the last event; returns its id.
pub fn append(conn: &Connection, capture: &Capture, d: &Draft<'_>) -> Result<i64> {
    let (last_id, prev_hash) = head(conn)?;
    let changes = capture.changes_json(conn)?;
    let event = build(last_id + 1, now_utc(), d, prev_hash, changes);
    insert(conn, &event)?;
    Ok(event.id)
}

pub(crate) fn build(
    id: i64,
    at: String,
    d: &Draft<'_>,
    prev_hash: String,
    changes: Option<String>,
) -> Event {
    let mut e = Event {
        id,
        at,
        actor: d.actor.to_string(),
        act: d.act.to_string(),
        approval_no: d.approval_no.map(str::to_string),
        uscc: d.uscc.map(str::to_string),
        application_id: d.application_id,
        act_date: d.act_date.clone(),
        basis: d.basis.to_string(),
        doc_no: d.doc_no.to_string(),
        reason: d.reason.to_string(),
        before: d.before.as_ref().map(Value::to_string),
        after: d.after.as_ref().map(Value::to_string),
        details: d.details.as_ref().map(Value::to_string),
        prev_hash,
        hash: String::new(),
        changes,
    };
    e.hash = chain_hash(&e.prev_hash, &e);
    e
}

pub(crate) fn insert(conn: &Connection, e: &Event) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO event (id, at, actor, act, approval_no, uscc, application_id, act_date, basis, doc_no,
                            reason, before, after, details, prev_hash, hash, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    stmt.execute(params![
        e.id,
        e.at,
        e.actor,
        e.act,
        e.approval_no,
        e.uscc,
        e.application_id,
        e.act_date,
        e.basis,
        e.doc_no,
        e.reason,
        e.before,
        e.after,
        e.details,
        e.prev_hash,
        e.hash,
        e.changes
    ])?;
    Ok(())
}

/// Why event `e` does not follow the chain whose last hash is `prev` (its id should be
/// `expected_id`), if it does not.
pub(crate) fn chain_problem(e: &Event, expected_id: i64, prev: &str) -> Option<String> {
    link_problem(e, expected_id, prev).or_else(|| {
        (chain_hash(prev, e) != e.hash).then(|| {
            format!(
                "event {} ({}) does not match its hash: its content was altered",
                e.id, e.act
            )
        })
    })
}

/// Why event `e` is not where the chain says it should be (its id, its link), if it is not;
/// its own hash is not recomputed.
pub(crate) fn link_problem(e: &Event, expected_id: i64, prev: &str) -> Option<String> {
    if e.id != expected_id {
        Some(format!(
            "event {} follows event {}: events {}..{} are missing",
            e.id,
            expected_id - 1,
            expected_id,
            e.id - 1
        ))
    } else if e.prev_hash != prev {
        Some(format!(
            "event {} does not link to the event before it: a row was deleted, inserted or edited",
            e.id
        ))
    } else {
        None
    }
}

/// What `verify_chain` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub events: u64,
    /// The first event whose hash or link does not match, and why.
    pub first_bad: Option<(i64, String)>,
}

/// Recompute the whole chain in id order. Finds an edited row (its hash no longer matches its
/// content), a deleted or inserted row (the next row's prev_hash or id no longer follows).
pub fn verify_chain(conn: &Connection) -> Result<ChainReport> {
    let mut stmt = conn.prepare(&format!("SELECT {EVENT_COLUMNS} FROM event ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        let e = event_from_row(row)?;
        count += 1;
        let problem = chain_problem(&e, expected_id, &prev);
        if let Some(p) = problem {
            return Ok(ChainReport {
                events: count,
                first_bad: Some((e.id, p)),
            });
        }
        prev = e.hash;
        expected_id += 1;
    }
    Ok(ChainReport {
        events: count,
        first_bad: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canonical form of schema version 1: a `Value` array (hashes recorded then must
    /// still verify); the row images follow it on a line of their own.
    fn canonical_v1(e: &Event) -> String {
        let fields = serde_json::json!([
            e.id,
            e.at,
            e.actor,
            e.act,
            e.approval_no,
            e.uscc,
            e.application_id,
            e.act_date,
            e.basis,
            e.doc_no,
            e.reason,
            e.before,
            e.after,
            e.details
        ]);
        match &e.changes {
            None => fields.to_string(),
            Some(changes) => format!("{fields}\n{changes}"),
        }
    }

    #[test]
    fn canonical_is_the_json_array_of_the_fields() {
        let mut e = Event {
            id: 7,
            at: "2026-12-01T09:00:00.123Z".into(),
            actor: "zhang.wei".into(),
            act: "suspend".into(),
            approval_no: Some("CNCA-R-2002-001".into()),
            uscc: None,
            application_id: Some(3),
            act_date: Some("2026-11-20".into()),
            basis: "认证认可条例第五十八条 \"引号\" \\ \u{1b}[2J \u{202e}".into(),
            doc_no: "市监认罚〔2026〕12号".into(),
            reason: "line\nbreak\ttab".into(),
            before: Some(r#"{"status":"active"}"#.into()),
            after: None,
            details: Some("{}".into()),
            prev_hash: String::new(),
            hash: String::new(),
            changes: None,
        };
        for changes in [None, Some(r#"[["body",1,[1,"名\"称",null]]]"#.to_string())] {
            e.changes = changes;
            let mut out = Vec::new();
            write_canonical(&e, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), canonical_v1(&e));
            let mut h = Sha256::new();
            h.update(GENESIS.as_bytes());
            h.update(canonical_v1(&e).as_bytes());
            assert_eq!(chain_hash(GENESIS, &e), hex::encode(h.finalize()));
        }
    }
}
