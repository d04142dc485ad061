//! The register is what the log says: every row a transaction changes in a table a user can
//! change is written into the event that records the act — the row's full image after the act
//! (or `null` when it was deleted) and a digest of the row as it was before (or `null` when it
//! did not exist). `certdesk check` replays them from the first event: each "before" must be
//! what the log last recorded of that row, so an edit made behind the log cannot be absorbed
//! by the next act, and every table must hold the last images (`store::check`).
//!
//! SQLite's update hook tells which rows changed (table, rowid), so no act can forget to
//! record one; TEMP triggers of this connection keep each row's image before its first change
//! (`watch_before`); `events::append` reads both into the event; the commit hook refuses to
//! commit a transaction that changed a tracked row no event recorded.

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
    "penalty_case",
    // Random inspections (schema version 7).
    "inspection_item",
    "risk_class_change",
    "inspection_task",
    "inspection_population",
    "inspection_body",
    "inspection_officer",
    "inspector_conflict",
];

/// Rows changed since the last event, in the order they were first changed; the query that
/// reads each table's row image (built once per connection from the table's columns); and
/// whether `watch_before` keeps the rows' earlier images on this connection.
#[derive(Clone, Default)]
pub struct Capture(
    Arc<Mutex<Vec<Changed>>>,
    Arc<Mutex<Vec<Option<String>>>>,
    Arc<std::sync::atomic::AtomicBool>,
);

/// A row changed since the last event: (table, id, whether its first change made it).
type Changed = (usize, i64, bool);

impl Capture {
    /// Watch `conn`: remember each tracked row it changes; refuse a commit that leaves some
    /// unrecorded; forget them on rollback.
    pub fn install(conn: &mut Connection) -> rusqlite::Result<Capture> {
        let capture = Capture::default();
        let pending = capture.0.clone();
        conn.update_hook(Some(
            move |action: Action, db: &str, table: &str, rowid: i64| {
                if db == "main"
                    && let Some(t) = TRACKED.iter().position(|t| *t == table)
                {
                    pending.lock().unwrap_or_else(|e| e.into_inner()).push((
                        t,
                        rowid,
                        action == Action::SQLITE_INSERT,
                    ));
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

    /// The rows changed since the last call, each once, as first changed.
    pub fn take(&self) -> Vec<Changed> {
        self.take_noting_updates().0
    }

    /// [`take`](Self::take), and whether any of the changes was an update or a delete (else
    /// no TEMP trigger ran, and no earlier image was kept).
    fn take_noting_updates(&self) -> (Vec<Changed>, bool) {
        let mut rows = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        let updated = rows.iter().any(|&(_, _, made)| !made);
        let mut seen = std::collections::HashSet::new();
        rows.retain(|&(t, id, _)| seen.insert((t, id)));
        (rows, updated)
    }

    /// Keep, for this connection, the image of every tracked row before its first update or
    /// delete since the last event (TEMP triggers: nothing is added to the database file).
    /// Called once the schema is final (after an upgrade).
    pub fn watch_before(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS capture_before (t INTEGER NOT NULL, id INTEGER NOT NULL, image TEXT NOT NULL, PRIMARY KEY (t, id)) WITHOUT ROWID;",
        )?;
        for (t, table) in TRACKED.iter().enumerate() {
            let cols = columns(conn, table)?;
            // A table a later schema version adds is not there yet while an upgrade records
            // an earlier step's baseline.
            if cols.is_empty() {
                continue;
            }
            let old = image_expr_of(&cols, "old.");
            for (when, tag) in [("UPDATE", "u"), ("DELETE", "d")] {
                conn.execute_batch(&format!(
                    "DROP TRIGGER IF EXISTS temp.capture_{tag}_{table};
                     CREATE TEMP TRIGGER capture_{tag}_{table} BEFORE {when} ON main.{table} BEGIN
                         INSERT OR IGNORE INTO temp.capture_before (t, id, image) VALUES ({t}, old.id, {old});
                     END;"
                ))?;
            }
        }
        self.reset_queries();
        self.2.store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(())
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

    /// The `changes` of an event: `[[table, id, before, after], …]` for the rows changed since
    /// the last event — `before` the hex digest of the row's image before (null when it did not
    /// exist), `after` its image now (null when deleted); None when there are none.
    pub fn changes_json(&self, conn: &Connection) -> rusqlite::Result<Option<String>> {
        use rusqlite::OptionalExtension;
        let (changed, updated) = self.take_noting_updates();
        if changed.is_empty() {
            return Ok(None);
        }
        // Only inserts (an import's grants): no trigger kept an image, nothing to read.
        let before = if updated {
            self.take_before(conn)?
        } else {
            Default::default()
        };
        let mut out = String::from("[");
        for (i, &(t, id, made)) in changed.iter().enumerate() {
            let image: Option<String> = conn
                .prepare_cached(&self.image_query(conn, t)?)?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if i > 0 {
                out.push(',');
            }
            // A row this event made did not exist before it, whatever its later updates kept.
            let was = before
                .get(&(t, id))
                .filter(|_| !made)
                .map_or("null".to_string(), |image| {
                    format!("\"{:032x}\"", digest(image))
                });
            out.push_str(&format!(
                "[\"{}\",{id},{was},{}]",
                TRACKED[t],
                image.as_deref().unwrap_or("null")
            ));
        }
        out.push(']');
        Ok(Some(out))
    }

    /// The images kept by `watch_before` since the last event, by (table, id); emptied.
    fn take_before(
        &self,
        conn: &Connection,
    ) -> rusqlite::Result<std::collections::HashMap<(usize, i64), String>> {
        if !self.2.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(Default::default());
        }
        let kept: std::collections::HashMap<(usize, i64), String> = conn
            .prepare_cached("SELECT t, id, image FROM temp.capture_before")?
            .query_map([], |r| {
                Ok(((r.get::<_, i64>(0)? as usize, r.get(1)?), r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if !kept.is_empty() {
            conn.prepare_cached("DELETE FROM temp.capture_before")?
                .execute([])?;
        }
        Ok(kept)
    }

    /// Record a row that existed as changed (its image before kept by the caller in
    /// `temp.capture_before`: an upgrade's baseline of a table that gained a column).
    pub fn mark_existing(&self, t: usize, id: i64) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((t, id, false));
    }

    /// Record a row as changed (the baseline of a database that had no row images before).
    pub fn mark(&self, t: usize, id: i64) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((t, id, true));
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
    image_expr_of(columns, "")
}

/// `image_expr` of the columns seen through `prefix` (`old.` in a trigger).
fn image_expr_of(columns: &[String], prefix: &str) -> String {
    let cells: Vec<String> = columns
        .iter()
        .map(|c| {
            let c = format!("{prefix}\"{c}\"");
            format!("CASE WHEN typeof({c}) = 'blob' THEN 'blob:' || hex({c}) ELSE {c} END")
        })
        .collect();
    format!("json_array({})", cells.join(", "))
}

/// The digest an event records of a row's image before an act: SHA-256, its first 128 bits.
pub fn digest(image: &str) -> u128 {
    use sha2::Digest;
    let h = sha2::Sha256::digest(image.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&h[..16]);
    u128::from_be_bytes(first)
}
