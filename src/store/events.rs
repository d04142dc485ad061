//! The append-only, hash-chained event log: `hash = sha256(prev_hash ‖ canonical content)`.

use super::capture::Capture;
use super::{Result, now_utc};
use crate::i18n::Lang;
use crate::i18n::store::StoreMsg;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

mod compact;
pub use compact::Expansion;

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

/// An event's hashed fields, borrowed: from an `Event`, or straight from the row being read
/// (verifying two million events copies none of them).
struct Canonical<'a> {
    id: i64,
    at: &'a str,
    actor: &'a str,
    act: &'a str,
    approval_no: Option<&'a str>,
    uscc: Option<&'a str>,
    application_id: Option<i64>,
    act_date: Option<&'a str>,
    basis: &'a str,
    doc_no: &'a str,
    reason: &'a str,
    before: Option<&'a str>,
    after: Option<&'a str>,
    details: Option<&'a str>,
    /// Hashed as the bytes stored (not checked as UTF-8 again: the hash sees bytes).
    changes: Option<&'a [u8]>,
}

impl<'a> Canonical<'a> {
    fn of(e: &'a Event) -> Self {
        Canonical {
            id: e.id,
            at: &e.at,
            actor: &e.actor,
            act: &e.act,
            approval_no: e.approval_no.as_deref(),
            uscc: e.uscc.as_deref(),
            application_id: e.application_id,
            act_date: e.act_date.as_deref(),
            basis: &e.basis,
            doc_no: &e.doc_no,
            reason: &e.reason,
            before: e.before.as_deref(),
            after: e.after.as_deref(),
            details: e.details.as_deref(),
            changes: e.changes.as_deref().map(str::as_bytes),
        }
    }

    /// The fields of a row of `SELECT {EVENT_COLUMNS}`, borrowed from SQLite's buffers.
    fn of_row(r: &'a rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Canonical {
            id: r.get(0)?,
            at: text(r, 1)?,
            actor: text(r, 2)?,
            act: text(r, 3)?,
            approval_no: opt_text(r, 4)?,
            uscc: opt_text(r, 5)?,
            application_id: r.get(6)?,
            act_date: opt_text(r, 7)?,
            basis: text(r, 8)?,
            doc_no: text(r, 9)?,
            reason: text(r, 10)?,
            before: opt_text(r, 11)?,
            after: opt_text(r, 12)?,
            details: opt_text(r, 13)?,
            changes: r.get_ref(16)?.as_bytes_or_null().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    16,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
        })
    }

    /// The canonical content, written into `out`: the fields in a fixed order as a JSON
    /// array — the id included, so reordering or renumbering breaks the chain too — followed,
    /// when the event carries row images, by a line break and the images' JSON text as stored
    /// (already canonical; appended raw because escaping it as a JSON string doubled the time
    /// to verify a national log). Events of schema version 1 have no images and keep their
    /// hashes. (Serialising the tuple gives the same text as building a `serde_json::Value`
    /// array, without the allocations: `canonical_is_the_json_array_of_the_fields` holds it.)
    fn write(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let fields = (
            self.id,
            self.at,
            self.actor,
            self.act,
            self.approval_no,
            self.uscc,
            self.application_id,
            self.act_date,
            self.basis,
            self.doc_no,
            self.reason,
            self.before,
            self.after,
            self.details,
        );
        serde_json::to_writer(&mut *out, &fields)?;
        if let Some(changes) = self.changes {
            out.write_all(b"\n")?;
            out.write_all(changes)?;
        }
        Ok(())
    }

    /// `sha256(prev_hash ‖ canonical content)`.
    fn hash(&self, prev_hash: &str) -> [u8; 32] {
        let mut h = HashWriter(Sha256::new());
        h.0.update(prev_hash.as_bytes());
        // Writing into a hasher cannot fail, and the fields are plain strings and numbers.
        let _ = self.write(&mut h);
        h.0.finalize().into()
    }
}

fn text<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'a str> {
    let v = r.get_ref(i)?;
    v.as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e)))
}

fn opt_text<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'a str>> {
    let v = r.get_ref(i)?;
    v.as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e)))
}

#[cfg(test)]
fn write_canonical(e: &Event, out: &mut impl std::io::Write) -> std::io::Result<()> {
    Canonical::of(e).write(out)
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
    hex::encode(Canonical::of(e).hash(prev_hash))
}

/// Whether `stored` (hex, as in the `hash` column) is the digest `computed`.
fn hash_matches(stored: &str, computed: &[u8; 32]) -> bool {
    let mut hex = [0u8; 64];
    // A 32-byte digest always fits 64 hex digits.
    let _ = hex::encode_to_slice(computed, &mut hex);
    stored.as_bytes() == hex
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

/// [`build`], with the images of the rows a grant made in their compact form where its facts
/// state them (`compact`, form `g1`): the import's grants.
pub(crate) fn build_compacted(
    id: i64,
    at: String,
    d: &Draft<'_>,
    prev_hash: String,
    changes: Option<String>,
) -> Event {
    let mut e = build(id, at, d, prev_hash, None);
    e.changes = changes.map(|full| compact::compact(&e, &full).unwrap_or(full));
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
pub(crate) fn chain_problem(e: &Event, expected_id: i64, prev: &str) -> Option<ChainProblem> {
    link_problem(e, expected_id, prev).or_else(|| hash_problem(&Canonical::of(e), prev, &e.hash))
}

/// Why event `e` is not where the chain says it should be (its id, its link), if it is not;
/// its own hash is not recomputed.
pub(crate) fn link_problem(e: &Event, expected_id: i64, prev: &str) -> Option<ChainProblem> {
    misplaced(e.id, &e.prev_hash, expected_id, prev)
}

fn misplaced(id: i64, prev_hash: &str, expected_id: i64, prev: &str) -> Option<ChainProblem> {
    if id != expected_id {
        Some(ChainProblem::Gap {
            id,
            expected: expected_id,
        })
    } else if prev_hash != prev {
        Some(ChainProblem::Unlinked { id })
    } else {
        None
    }
}

/// Why the event's recorded hash is not the hash of its content after its recorded link.
fn hash_problem(c: &Canonical<'_>, prev_hash: &str, hash: &str) -> Option<ChainProblem> {
    (!hash_matches(hash, &c.hash(prev_hash))).then(|| ChainProblem::Altered {
        id: c.id,
        act: c.act.to_string(),
    })
}

/// What is wrong with the chain at an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ChainProblem {
    /// Events `expected..id` are missing before event `id`.
    Gap { id: i64, expected: i64 },
    /// The event's link is not the hash of the event before it.
    Unlinked { id: i64 },
    /// The event's content is not what its hash was computed over.
    Altered { id: i64, act: String },
}

impl ChainProblem {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            ChainProblem::Gap { id, expected } => lang.f(
                StoreMsg::ChainGap,
                &[
                    ("id", id),
                    ("before", &(expected - 1)),
                    ("from", expected),
                    ("to", &(id - 1)),
                ],
            ),
            ChainProblem::Unlinked { id } => lang.f(StoreMsg::ChainUnlinked, &[("id", id)]),
            ChainProblem::Altered { id, act } => lang.f(
                StoreMsg::ChainAltered,
                &[("id", id), ("act", &crate::i18n::act(lang, act))],
            ),
        }
    }
}

/// The English, as logs, JSON and scripts read it (the act by its code).
impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainProblem::Altered { id, act } => write!(
                f,
                "event {id} ({act}) does not match its hash: its content was altered"
            ),
            other => f.write_str(&other.render(Lang::En)),
        }
    }
}

/// An event of the chain as someone recorded it: its id and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Head {
    pub event_id: i64,
    pub hash: String,
}

impl Head {
    /// `ID:HASH`, as `check` prints it.
    pub fn parse(s: &str) -> Option<Head> {
        let (id, hash) = s.trim().split_once(':')?;
        let hash = hash.trim().to_ascii_lowercase();
        let event_id = id.trim().parse().ok().filter(|n| *n > 0)?;
        (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
            .then_some(Head { event_id, hash })
    }
}

/// What `verify_chain` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// The events looked at: all of them, or up to the first that does not match.
    pub events: u64,
    /// The first event whose hash or link does not match, and why.
    pub first_bad: Option<(i64, ChainProblem)>,
    /// The last event, when the chain holds (what to trust next time).
    pub head: Option<Head>,
    /// A head verified before that the chain still holds: the hashes up to it were not
    /// recomputed (the events after it were, and no event up to it is missing).
    pub trusted: Option<Head>,
    /// A head verified before that the chain no longer holds: everything was recomputed.
    pub trusted_lost: Option<Head>,
}

/// Recompute the whole chain in id order. Finds an edited row (its hash no longer matches its
/// content), a deleted or inserted row (the next row's prev_hash or id no longer follows).
pub fn verify_chain(conn: &Connection) -> Result<ChainReport> {
    verify_chain_from(conn, None)
}

/// The fewest events a segment of its own is worth (a second connection costs more).
const EVENTS_PER_SEGMENT: i64 = 50_000;

/// Verify the chain, trusting a head an earlier verification recorded if the chain still
/// holds it: then only the events after it are hashed, and a count of the ids up to it shows
/// none was deleted. Large logs are read in one segment per core, each on its own connection
/// (the events up to the last one, read first, never change: the log is append-only).
pub fn verify_chain_from(conn: &Connection, trusted: Option<&Head>) -> Result<ChainReport> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    verify_chain_in_segments(conn, trusted, cores, EVENTS_PER_SEGMENT)
}

/// `verify_chain_from` with at most `segments` segments of at least `per_segment` events read
/// in parallel (tests use several on small logs).
#[doc(hidden)]
pub fn verify_chain_in_segments(
    conn: &Connection,
    trusted: Option<&Head>,
    segments: usize,
    per_segment: i64,
) -> Result<ChainReport> {
    let mut report = ChainReport {
        events: 0,
        first_bad: None,
        head: None,
        trusted: None,
        trusted_lost: None,
    };
    let last: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM event", [], |r| r.get(0))?;
    let (mut expected_id, mut prev) = (1, GENESIS.to_string());
    if let Some(h) = trusted {
        let hash: Option<String> = conn
            .query_row("SELECT hash FROM event WHERE id = ?1", [h.event_id], |r| {
                r.get(0)
            })
            .optional()?;
        // Counted as all events less those after the head: a count over an id range reads the
        // table's pages, the count of all events the smallest index.
        let up_to: i64 = conn.query_row(
            "SELECT (SELECT count(*) FROM event) - (SELECT count(*) FROM event WHERE id > ?1)",
            [h.event_id],
            |r| r.get(0),
        )?;
        if hash.as_deref() == Some(h.hash.as_str()) && up_to == h.event_id {
            report.trusted = Some(h.clone());
            report.events = up_to as u64;
            (expected_id, prev) = (h.event_id + 1, h.hash.clone());
        } else {
            report.trusted_lost = Some(h.clone());
        }
    }
    let first = expected_id;
    let to_read = (last - first + 1).max(0);
    let n = if conn.path().is_some_and(|p| !p.is_empty()) {
        (segments as i64).min(to_read / per_segment.max(1)).max(1)
    } else {
        1
    };
    let span = (to_read + n - 1) / n;
    let ranges: Vec<(i64, i64)> = (0..n)
        .map(|i| (first + i * span, (first + (i + 1) * span - 1).min(last)))
        .filter(|(a, b)| a <= b)
        .collect();
    let path = conn.path().filter(|p| !p.is_empty()).map(str::to_string);
    let found: Vec<Option<Result<Segment>>> = std::thread::scope(|scope| {
        let threads: Vec<_> = ranges
            .iter()
            .map(|&(a, b)| {
                let path = path.clone();
                scope.spawn(move || Some(verify_segment(&segment_reader(&path?)?, a, b)))
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().ok().flatten())
            .collect()
    });
    for (&(a, b), segment) in ranges.iter().zip(found) {
        // A segment no connection of its own could read (a database in memory) is read here.
        let segment = match segment {
            Some(s) => s?,
            None => verify_segment(conn, a, b)?,
        };
        let Some(start) = &segment.first else {
            continue;
        };
        if let Some(p) = misplaced(start.id, &start.prev_hash, expected_id, &prev) {
            report.events += 1;
            report.first_bad = Some((start.id, p));
            report.head = None;
            return Ok(report);
        }
        if let Some((id, why, looked_at)) = segment.problem {
            report.events += looked_at;
            report.first_bad = Some((id, why));
            report.head = None;
            return Ok(report);
        }
        report.events += segment.count;
        if let Some(end) = segment.last {
            (expected_id, prev) = (end.event_id + 1, end.hash.clone());
            report.head = Some(end);
        }
    }
    if report.head.is_none() {
        report.head = report.trusted.clone();
    }
    Ok(report)
}

/// A connection of a segment's own: read-only, no mutex (one thread uses it). (Not mapped
/// into memory: the mapped pages would count in the process's resident memory.)
fn segment_reader(path: &str) -> Option<Connection> {
    Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()
}

/// What one segment of the log showed.
struct Segment {
    /// Its first event's id and link (checked against the segment before it by the caller).
    first: Option<FirstEvent>,
    /// Its last event.
    last: Option<Head>,
    count: u64,
    /// The first event in it (after the first's link) that does not match, why, and how many
    /// events of the segment were looked at up to it.
    problem: Option<(i64, ChainProblem, u64)>,
}

struct FirstEvent {
    id: i64,
    prev_hash: String,
}

/// Verify events `from..=to`: each one's hash, and each one's link to the one before it
/// except the first's, which the caller checks.
fn verify_segment(conn: &Connection, from: i64, to: i64) -> Result<Segment> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS} FROM event WHERE id BETWEEN ?1 AND ?2 ORDER BY id"
    ))?;
    let mut rows = stmt.query([from, to])?;
    let mut segment = Segment {
        first: None,
        last: None,
        count: 0,
        problem: None,
    };
    let mut expected: Option<(i64, String)> = None;
    while let Some(row) = rows.next()? {
        let c = Canonical::of_row(row)?;
        let prev_hash = text(row, 14)?;
        let hash = text(row, 15)?;
        segment.count += 1;
        let problem = match &expected {
            None => {
                segment.first = Some(FirstEvent {
                    id: c.id,
                    prev_hash: prev_hash.to_string(),
                });
                None
            }
            Some((id, prev)) => misplaced(c.id, prev_hash, *id, prev),
        }
        .or_else(|| hash_problem(&c, prev_hash, hash));
        if let Some(why) = problem {
            segment.problem = Some((c.id, why, segment.count));
            return Ok(segment);
        }
        expected = Some((c.id + 1, hash.to_string()));
    }
    segment.last = expected.map(|(next, hash)| Head {
        event_id: next - 1,
        hash,
    });
    Ok(segment)
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
    fn a_chain_problem_is_said_in_both_languages_and_its_english_is_unchanged() {
        let altered = ChainProblem::Altered {
            id: 8,
            act: "suspend".into(),
        };
        assert_eq!(
            altered.to_string(),
            "event 8 (suspend) does not match its hash: its content was altered"
        );
        assert_eq!(
            altered.render(Lang::Zh),
            "第 8 条事件（责令停业整顿）与其哈希不符：内容被改动过"
        );
        let gap = ChainProblem::Gap { id: 9, expected: 4 };
        assert_eq!(
            gap.to_string(),
            "event 9 follows event 3: events 4..8 are missing"
        );
        assert_eq!(
            gap.render(Lang::Zh),
            "第 9 条事件接在第 3 条之后：第 4..8 条缺失"
        );
        assert!(
            ChainProblem::Unlinked { id: 2 }
                .render(Lang::Zh)
                .contains("不相衔接")
        );
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
