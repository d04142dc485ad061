//! `certdesk check`: the log is the record, and the register must be exactly what it says.
//!
//! One pass over the events in id order recomputes the hash chain and replays the row images
//! each event carries (`store::capture`): the last image of every row is what that row must
//! hold now. Then every tracked table is read and compared: a row the log does not explain, a
//! row whose columns differ from its last image, and a row the log wrote that is gone are each
//! named with table, id, column, stored value, expected value and the event.
//!
//! Someone who can write the file could still recompute every hash; the chain heads recorded
//! elsewhere (`--head ID:HASH`) catch that: today's chain must still hold that event with that
//! hash.

use super::Result;
use super::capture::{TRACKED, columns, digest, image_expr};
use super::events::{
    EVENT_COLUMNS, Event, Expansion, GENESIS, chain_problem, event_from_row, link_problem,
};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

pub use super::events::Head;

/// One difference between the register and its log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub table: String,
    pub id: i64,
    /// The row's natural key where it has one (USCC, approval number, day, login…).
    pub key: Option<String>,
    /// The column that differs; None when the whole row is missing or unexplained.
    pub column: Option<String>,
    pub stored: Option<String>,
    pub expected: Option<String>,
    /// The event whose image the row should match; None for a row the log never wrote.
    pub event_id: Option<i64>,
    pub message: String,
}

/// What `check` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub events: u64,
    /// The last event: what an office records to catch a rewritten history later.
    pub head: Head,
    /// The first event whose hash or link does not match, and why.
    pub chain_broken: Option<(i64, super::events::ChainProblem)>,
    /// Each recorded head that today's chain no longer contains, and why.
    pub heads_failed: Vec<(Head, String)>,
    /// The head of a previous full check that still holds: hashes up to it were not recomputed.
    pub verified_until: Option<Head>,
    /// The head of a previous full check that today's chain no longer holds.
    pub verified_lost: Option<Head>,
    /// The first event that carries row images: rows written before it (by a certdesk of
    /// schema version 1) are covered by the baseline its upgrade recorded.
    pub replay_from: Option<i64>,
    /// Differences between the tables and the log (the first `limit`).
    pub differences: Vec<Difference>,
    /// How many differences in all.
    pub difference_count: usize,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.chain_broken.is_none()
            && self.heads_failed.is_empty()
            && self.verified_lost.is_none()
            && self.difference_count == 0
    }
}

/// The events in id order, all their columns — except, up to the verified head `?1`, those
/// only hashing needs (not read, so not copied: the links, the hashes and the row images are;
/// a grant's facts are, as its compact images are expanded from them).
fn events_query() -> String {
    let columns: Vec<String> = EVENT_COLUMNS
        .split(", ")
        .map(|c| match c {
            "id" | "prev_hash" | "hash" | "changes" => c.to_string(),
            "at" | "actor" | "act" | "basis" | "doc_no" | "reason" => {
                format!("CASE WHEN id <= ?1 AND act <> 'grant' THEN '' ELSE {c} END")
            }
            _ => format!("CASE WHEN id <= ?1 AND act <> 'grant' THEN NULL ELSE {c} END"),
        })
        .collect();
    format!("SELECT {} FROM event ORDER BY id", columns.join(", "))
}

/// Events handed to the hashing thread at a time.
const EVENTS_PER_BATCH: usize = 2048;

/// The column of a table that names its row for people.
fn natural_key(table: &str) -> Option<&'static str> {
    Some(match table {
        "body" => "uscc",
        "qualification" => "approval_no",
        "calendar_day" => "day",
        "setting" => "key",
        "officer" => "login",
        "import_batch" => "file_name",
        "penalty_case" => "case_no",
        _ => return None,
    })
}

/// Where a row's last image was recorded: the event and a digest of the image (None when the
/// event deleted the row).
type Logged = HashMap<(usize, i64), (Option<u128>, i64)>;

/// Recompute the chain, check the recorded `heads`, replay the log against every tracked
/// table. At most `limit` differences are listed (all are counted). With `verified`, a head a
/// previous full check verified: if the chain still holds it, the hashes up to it are not
/// recomputed (ids and links still are; the replay still starts at the first event).
pub fn check(
    conn: &Connection,
    heads: &[Head],
    verified: Option<&Head>,
    limit: usize,
) -> Result<CheckReport> {
    // One snapshot for the log and the tables: acts committed meanwhile by others are not
    // half seen (which would look like rows the log does not explain).
    conn.execute_batch("BEGIN")?;
    let report = check_in_snapshot(conn, heads, verified, limit);
    let _ = conn.execute_batch("COMMIT");
    report
}

fn check_in_snapshot(
    conn: &Connection,
    heads: &[Head],
    verified: Option<&Head>,
    limit: usize,
) -> Result<CheckReport> {
    let mut logged: Logged = HashMap::new();
    let mut report = CheckReport {
        events: 0,
        head: Head {
            event_id: 0,
            hash: GENESIS.to_string(),
        },
        chain_broken: None,
        heads_failed: Vec::new(),
        verified_until: None,
        verified_lost: None,
        replay_from: None,
        differences: Vec::new(),
        difference_count: 0,
    };
    let note = |report: &mut CheckReport, d: Difference| {
        report.difference_count += 1;
        if report.differences.len() < limit {
            report.differences.push(d);
        }
    };

    // A verified head still in the chain lets the hashes before it stand; one that is not
    // (a rewritten history, or another database at this path) is said, and everything is
    // recomputed.
    let trusted_until = match verified {
        Some(h) if hash_of(conn, h.event_id)?.as_deref() == Some(h.hash.as_str()) => {
            report.verified_until = Some(h.clone());
            h.event_id
        }
        Some(h) => {
            report.verified_lost = Some(h.clone());
            0
        }
        None => 0,
    };
    // The chain is recomputed on a second thread while this one replays the row images: the
    // two halves of the work take about as long, and the machine has two cores.
    let (to_hasher, batches) = std::sync::mpsc::sync_channel::<Vec<Event>>(4);
    let hasher = std::thread::spawn(move || {
        let (mut prev, mut expected_id) = (GENESIS.to_string(), 1);
        let mut broken = None;
        for batch in batches {
            for e in batch {
                if broken.is_none() {
                    broken = if e.id <= trusted_until {
                        link_problem(&e, expected_id, &prev)
                    } else {
                        chain_problem(&e, expected_id, &prev)
                    }
                    .map(|p| (e.id, p));
                }
                expected_id = e.id + 1;
                prev = e.hash;
            }
        }
        broken
    });
    let mut stmt = conn.prepare(&events_query())?;
    let mut rows = stmt.query([trusted_until])?;
    let mut batch = Vec::with_capacity(EVENTS_PER_BATCH);
    while let Some(row) = rows.next()? {
        let e = event_from_row(row)?;
        report.events += 1;
        if let Some(changes) = &e.changes {
            report.replay_from.get_or_insert(e.id);
            match serde_json::from_str::<Vec<(&str, i64, Option<&str>, &RawValue)>>(changes) {
                Ok(list) => {
                    let mut expansion = Expansion::new(&e);
                    for (table, id, before, image) in list {
                        let image = expansion.image(table, id, image);
                        let Some(t) = TRACKED.iter().position(|x| *x == table) else {
                            continue;
                        };
                        let Some(image) = image else {
                            note(&mut report, unexpanded(table, id, e.id));
                            continue;
                        };
                        // What the act found must be what the log last said of the row.
                        let last = logged.get(&(t, id)).copied();
                        let found = before.map(|b| u128::from_str_radix(b, 16).unwrap_or(0));
                        if found != last.and_then(|(d, _)| d) {
                            note(&mut report, changed_before(table, id, e.id, last, found));
                        }
                        let d = (image != "null").then(|| digest(&image));
                        logged.insert((t, id), (d, e.id));
                    }
                }
                Err(_) => note(
                    &mut report,
                    Difference {
                        table: "event".into(),
                        id: e.id,
                        key: None,
                        column: Some("changes".into()),
                        stored: Some(clip(changes)),
                        expected: None,
                        event_id: Some(e.id),
                        message: format!("event {}'s row images cannot be read", e.id),
                    },
                ),
            }
        }
        batch.push(e);
        if batch.len() == EVENTS_PER_BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(EVENTS_PER_BATCH));
            if let Some(last) = full.last() {
                report.head = Head {
                    event_id: last.id,
                    hash: last.hash.clone(),
                };
            }
            // The hasher only stops early by panicking; its result says so below.
            let _ = to_hasher.send(full);
        }
    }
    if let Some(last) = batch.last() {
        report.head = Head {
            event_id: last.id,
            hash: last.hash.clone(),
        };
    }
    let _ = to_hasher.send(batch);
    drop(to_hasher);
    drop(rows);
    drop(stmt);
    report.chain_broken = hasher
        .join()
        .map_err(|_| super::StoreError::Invalid(crate::store_msg!(HashChainFailed)))?;

    for h in heads {
        match hash_of(conn, h.event_id)? {
            Some(hash) if hash == h.hash => {}
            Some(hash) => report.heads_failed.push((
                h.clone(),
                format!(
                    "event {} has hash {hash} today, but was recorded with {}: the history up to event {} was rewritten",
                    h.event_id, h.hash, h.event_id
                ),
            )),
            None => report.heads_failed.push((
                h.clone(),
                format!(
                    "event {} is no longer in the log (it has {} events): events were deleted",
                    h.event_id, report.events
                ),
            )),
        }
    }

    for object in super::foreign_objects(conn)? {
        note(
            &mut report,
            Difference {
                table: "sqlite_master".into(),
                id: 0,
                key: Some(object.clone()),
                column: None,
                stored: None,
                expected: None,
                event_id: None,
                message: format!(
                    "{object} is in the database but not in certdesk's schema: it would run inside every act, in the acting officer's name (certdesk refuses to write until it is removed)"
                ),
            },
        );
    }
    for (id, indexed) in name_index_gaps(conn)? {
        note(
            &mut report,
            Difference {
                table: "body_fts".into(),
                id,
                key: None,
                column: None,
                stored: None,
                expected: None,
                event_id: None,
                message: if indexed {
                    format!(
                        "the name index holds an entry {id} for no body: it was edited outside certdesk (the index is not part of the record; rebuild it: sqlite3 DATABASE \"INSERT INTO body_fts (body_fts) VALUES ('rebuild')\")"
                    )
                } else {
                    format!(
                        "body row {id} is missing from the name index, so name search cannot find it: the index was edited outside certdesk (the index is not part of the record; rebuild it: sqlite3 DATABASE \"INSERT INTO body_fts (body_fts) VALUES ('rebuild')\")"
                    )
                },
            },
        );
    }
    for (id, extra) in name_gram_gaps(conn)? {
        let what = if extra {
            format!(
                "the short-name index holds entries for body row {id} that its name does not have"
            )
        } else {
            format!(
                "body row {id} is missing entries from the short-name index, so a 1–2 character name search cannot find it"
            )
        };
        note(
            &mut report,
            Difference {
                table: "body_name_gram".into(),
                id,
                key: None,
                column: None,
                stored: None,
                expected: None,
                event_id: None,
                message: format!(
                    "{what}: the index was edited outside certdesk (the index is not part of the record; rebuild it: {REBUILD_NAME_GRAMS})"
                ),
            },
        );
    }
    if report.replay_from.is_none() {
        // Every database of this schema begins with its creation (or its upgrade's baseline),
        // whose event carries row images: a log without any was emptied.
        let events = report.events;
        note(
            &mut report,
            Difference {
                table: "event".into(),
                id: 0,
                key: None,
                column: None,
                stored: Some(format!("{events} events")),
                expected: None,
                event_id: None,
                message: format!(
                    "the log has {events} events and none records rows, but a certdesk database begins with its creation event: events were deleted"
                ),
            },
        );
    } else {
        for (t, table) in TRACKED.iter().enumerate() {
            compare_table(conn, t, table, &mut logged, &mut |d| note(&mut report, d))?;
        }
        let mut missing: Vec<_> = logged
            .into_iter()
            .filter_map(|((t, id), (d, ev))| d.map(|_| (t, id, ev)))
            .collect();
        missing.sort_unstable();
        for (t, id, ev) in missing {
            let expected = image_in_event(conn, ev, TRACKED[t], id)?;
            note(
                &mut report,
                Difference {
                    table: TRACKED[t].into(),
                    id,
                    key: None,
                    column: None,
                    stored: None,
                    expected: expected.as_deref().map(clip),
                    event_id: Some(ev),
                    message: format!(
                        "{} row {id} was written by event {ev} but is not in the table: it was deleted outside certdesk",
                        TRACKED[t]
                    ),
                },
            );
        }
    }
    Ok(report)
}

/// Compare every row of one table with its last image in the log.
fn compare_table(
    conn: &Connection,
    t: usize,
    table: &str,
    logged: &mut Logged,
    note: &mut dyn FnMut(Difference),
) -> Result<()> {
    let cols = columns(conn, table)?;
    let key_col = natural_key(table).and_then(|k| cols.iter().position(|c| c == k));
    let mut stmt = conn.prepare(&format!(
        "SELECT id, {} FROM {table} ORDER BY id",
        image_expr(&cols)
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, image): (i64, String) = (r.get(0)?, r.get(1)?);
        let stored: Vec<serde_json::Value> = serde_json::from_str(&image).unwrap_or_default();
        let key = key_col.and_then(|k| stored.get(k)).map(show_value);
        match logged.remove(&(t, id)) {
            Some((Some(d), _)) if d == digest(&image) => {}
            Some((Some(_), ev)) => {
                let expected: Vec<serde_json::Value> = image_in_event(conn, ev, table, id)?
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default();
                let n = cols.len().max(stored.len()).max(expected.len());
                for i in 0..n {
                    let (a, b) = (stored.get(i), expected.get(i));
                    if a == b {
                        continue;
                    }
                    let column = cols.get(i).cloned().unwrap_or_else(|| format!("#{i}"));
                    let (sa, sb) = (a.map(show_value), b.map(show_value));
                    note(Difference {
                        table: table.into(),
                        id,
                        key: key.clone(),
                        column: Some(column.clone()),
                        message: format!(
                            "{table} {}: {column} is {} but the log (event {ev}) says {}: changed outside certdesk",
                            key.as_deref()
                                .map_or(format!("row {id}"), |k| format!("{k} (row {id})")),
                            sa.as_deref().unwrap_or("(no column)"),
                            sb.as_deref().unwrap_or("(no column)"),
                        ),
                        stored: sa,
                        expected: sb,
                        event_id: Some(ev),
                    });
                }
            }
            Some((None, ev)) => note(Difference {
                table: table.into(),
                id,
                key: key.clone(),
                column: None,
                stored: Some(clip(&image)),
                expected: None,
                event_id: Some(ev),
                message: format!(
                    "{table} {} exists, but event {ev} deleted it: it was put back outside certdesk",
                    key.as_deref()
                        .map_or(format!("row {id}"), |k| format!("{k} (row {id})"))
                ),
            }),
            None => note(Difference {
                table: table.into(),
                id,
                key: key.clone(),
                column: None,
                stored: Some(clip(&image)),
                expected: None,
                event_id: None,
                message: format!(
                    "{table} {} is not in the log: it was added outside certdesk (or the events that wrote it were deleted)",
                    key.as_deref()
                        .map_or(format!("row {id}"), |k| format!("{k} (row {id})"))
                ),
            }),
        }
    }
    Ok(())
}

/// Bodies the name index (FTS5, `body_fts`) has no entry for (false), and entries it has for
/// no body (true): what name search would silently miss or invent.
fn name_index_gaps(conn: &Connection) -> Result<Vec<(i64, bool)>> {
    Ok(conn
        .prepare(
            "SELECT b.id, 0 FROM body b WHERE NOT EXISTS (SELECT 1 FROM body_fts_docsize d WHERE d.id = b.id)
             UNION ALL
             SELECT d.id, 1 FROM body_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM body b WHERE b.id = d.id)
             LIMIT 1000",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// How to rebuild the short-name index: the rename trigger writes every name's entries anew.
const REBUILD_NAME_GRAMS: &str =
    "sqlite3 DATABASE \"DELETE FROM body_name_gram; UPDATE body SET name = name\"";

/// Bodies whose entries in the short-name index (`body_name_gram`) differ from their name's
/// 1–2 character substrings: missing ones (false), or entries their name does not have (true).
fn name_gram_gaps(conn: &Connection) -> Result<Vec<(i64, bool)>> {
    let grams = super::NAME_GRAMS;
    Ok(conn
        .prepare(&format!(
            "WITH expected AS ({grams})
             SELECT DISTINCT body_id, 0 FROM (SELECT gram, body_id FROM expected EXCEPT SELECT gram, body_id FROM body_name_gram)
             UNION
             SELECT DISTINCT body_id, 1 FROM (SELECT gram, body_id FROM body_name_gram EXCEPT SELECT gram, body_id FROM expected)
             LIMIT 1000"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The stored hash of event `id`, if there is one.
fn hash_of(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT hash FROM event WHERE id = ?1", [id], |r| r.get(0))
        .optional()?)
}

/// An act that found a row other than the log last recorded it: it had been changed (or
/// made, or deleted) behind the log before event `event_id`.
fn changed_before(
    table: &str,
    id: i64,
    event_id: i64,
    last: Option<(Option<u128>, i64)>,
    found: Option<u128>,
) -> Difference {
    let said = match last {
        Some((Some(_), ev)) => format!("the row event {ev} recorded"),
        Some((None, ev)) => format!("no row (event {ev} deleted it)"),
        None => "no row".to_string(),
    };
    let was = if found.is_some() { "a row" } else { "no row" };
    Difference {
        table: table.into(),
        id,
        key: None,
        column: None,
        stored: None,
        expected: None,
        event_id: Some(event_id),
        message: format!(
            "{table} row {id}: event {event_id} found {was} where the log says {said}: it was changed outside certdesk before event {event_id}"
        ),
    }
}

/// A compact row image (`events::Expansion`) that does not expand: the event was damaged.
fn unexpanded(table: &str, id: i64, event_id: i64) -> Difference {
    Difference {
        table: "event".into(),
        id: event_id,
        key: None,
        column: Some("changes".into()),
        stored: None,
        expected: None,
        event_id: Some(event_id),
        message: format!(
            "event {event_id}'s compact image of {table} row {id} does not follow from the event's facts: the event was altered"
        ),
    }
}

/// The image of row `id` of `table` recorded by event `event_id` (a compact one expanded).
fn image_in_event(
    conn: &Connection,
    event_id: i64,
    table: &str,
    id: i64,
) -> Result<Option<String>> {
    let Some(e) = conn
        .query_row(
            &format!("SELECT {EVENT_COLUMNS} FROM event WHERE id = ?1"),
            [event_id],
            event_from_row,
        )
        .optional()?
    else {
        return Ok(None);
    };
    let list: Vec<(&str, i64, Option<&str>, &RawValue)> = e
        .changes
        .as_deref()
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or_default();
    let mut expansion = Expansion::new(&e);
    let mut found = None;
    for (t, i, _, image) in list {
        let image = expansion.image(t, i, image);
        if t == table && i == id {
            found = image.map(|c| c.into_owned());
        }
    }
    Ok(found)
}

/// A stored value as people read it: text without quotes, null as "NULL".
fn show_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "NULL".into(),
        other => other.to_string(),
    }
}

/// At most 200 characters of `s`, for messages.
fn clip(s: &str) -> String {
    if s.chars().count() <= 200 {
        s.to_string()
    } else {
        s.chars().take(200).chain("…".chars()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_read_as_id_colon_hash() {
        let hash = "ab".repeat(32);
        assert_eq!(
            Head::parse(&format!("12:{hash}")),
            Some(Head {
                event_id: 12,
                hash: hash.clone()
            })
        );
        assert_eq!(Head::parse(&format!("0:{hash}")), None);
        assert_eq!(Head::parse("12:abc"), None);
        assert_eq!(Head::parse(&hash), None);
    }
}
