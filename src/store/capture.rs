//! The register is what the log says: every row a transaction changes in a table a user can
//! change is written into the event that records the act, as the row's full image after the
//! act (or `null` when the row was deleted). `certdesk check` replays these images from the
//! first event and compares every table with them (`store::check`).
//!
//! SQLite's update hook tells which rows changed (table, rowid), so no act can forget to
//! record one; `events::append` reads their images into the event; the commit hook refuses
//! to commit a transaction that changed a tracked row no event recorded.

use rusqlite::Connection;
use rusqlite::hooks::Action;
use std::sync::{Arc, Mutex};

/// The tables whose every row is explained by the log (every one has an `id` that is its
/// rowid). The event table records itself; the name index is derived from `body`.
pub const TRACKED: &[&str] = &[
    "body",
    "qualification",
    "scope_item",
    "follow_up",
    "sanction",
    "credit_listing",
    "application",
    "import_batch",
    "calendar_day",
    "setting",
    "officer",
];

/// Rows changed since the last event, in the order they were first changed, and the query
/// that reads each table's row image (built once per connection from the table's columns).
#[derive(Clone, Default)]
pub struct Capture(
    Arc<Mutex<Vec<(usize, i64)>>>,
    Arc<Mutex<Vec<Option<String>>>>,
);

impl Capture {
    /// Watch `conn`: remember each tracked row it changes; refuse a commit that leaves some
    /// unrecorded; forget them on rollback.
    pub fn install(conn: &mut Connection) -> rusqlite::Result<Capture> {
        let capture = Capture::default();
        let pending = capture.0.clone();
        conn.update_hook(Some(
            move |_action: Action, db: &str, table: &str, rowid: i64| {
                if db == "main"
                    && let Some(t) = TRACKED.iter().position(|t| *t == table)
                {
                    pending
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((t, rowid));
                }
            },
        ))?;
        let pending = capture.0.clone();
        conn.commit_hook(Some(move || {
            // true turns the commit into a rollback: a change without its event never lands.
            !pending.lock().unwrap_or_else(|e| e.into_inner()).is_empty()
        }))?;
        let pending = capture.0.clone();
        conn.rollback_hook(Some(move || {
            pending.lock().unwrap_or_else(|e| e.into_inner()).clear();
        }))?;
        Ok(capture)
    }

    /// The rows changed since the last call, each once.
    pub fn take(&self) -> Vec<(usize, i64)> {
        let mut rows = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        let mut seen = std::collections::HashSet::new();
        rows.retain(|r| seen.insert(*r));
        rows
    }

    /// Forget the image queries (after the schema changed).
    pub fn reset_queries(&self) {
        self.1.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The query reading one row's image of table `t` by id.
    fn image_query(&self, conn: &Connection, t: usize) -> rusqlite::Result<String> {
        let mut cache = self.1.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() != TRACKED.len() {
            *cache = vec![None; TRACKED.len()];
        }
        if cache[t].is_none() {
            let table = TRACKED[t];
            let cols = columns(conn, table)?;
            cache[t] = Some(format!(
                "SELECT {} FROM {table} WHERE id = ?1",
                image_expr(&cols)
            ));
        }
        Ok(cache[t].clone().unwrap_or_default())
    }

    /// The `changes` of an event: `[[table, id, image | null], …]` for the rows changed since
    /// the last event; None when there are none.
    pub fn changes_json(&self, conn: &Connection) -> rusqlite::Result<Option<String>> {
        use rusqlite::OptionalExtension;
        let changed = self.take();
        if changed.is_empty() {
            return Ok(None);
        }
        let mut out = String::from("[");
        for (i, &(t, id)) in changed.iter().enumerate() {
            let image: Option<String> = conn
                .prepare_cached(&self.image_query(conn, t)?)?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!(
                "[\"{}\",{id},{}]",
                TRACKED[t],
                image.as_deref().unwrap_or("null")
            ));
        }
        out.push(']');
        Ok(Some(out))
    }

    /// Record a row as changed (the baseline of a database that had no row images before).
    pub fn mark(&self, t: usize, id: i64) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((t, id));
    }
}

/// The columns of `table`, in table order.
pub fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// The SQL expression of a row's image: a JSON array of its columns in table order. A BLOB
/// (which no certdesk write produces) is spelt out in hex instead of failing the query.
pub fn image_expr(columns: &[String]) -> String {
    let cells: Vec<String> = columns
        .iter()
        .map(|c| {
            format!(
                "CASE WHEN typeof(\"{c}\") = 'blob' THEN 'blob:' || hex(\"{c}\") ELSE \"{c}\" END"
            )
        })
        .collect();
    format!("json_array({})", cells.join(", "))
}
