//! Writing checked approvals: one transaction for the whole command, idempotent, never an
//! overwrite. Rows are added one at a time as they are read and checked, so a batch of any
//! size streams through; nothing is visible to others until `commit`, and dropping the batch
//! (a dry run, a rejected batch, an error) rolls everything back.

use super::events::{self, Draft};
use super::{Result, Store, index_new_names, last_body_id, now_utc};
use crate::domain::acts::{FollowUpKind, Settings, plan_grant};
use crate::domain::calendar::Calendar;
use crate::domain::migration::{
    GrantFacts, Migrated, MigratedFollowUp, decided_by_an_act, plan_migration, stored_status,
};
use crate::domain::model::ScopeStatus;
use crate::i18n::import::{Diagnosis, ImportMsg as M};
use crate::import::{GrantRow, RowError};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::json;

/// The act of the event that records an approval moved in with its state (`--with-status`).
pub const MIGRATED: &str = "migrated";

/// What writing a batch did (or, on a dry run or a rejected batch, would have done).
#[derive(Debug, Clone, Default, Serialize)]
pub struct BatchOutcome {
    /// New approvals written (each one a grant event).
    pub written: usize,
    /// Rows identical to what is stored: nothing changed.
    pub unchanged: usize,
    /// Rows that contradict the register (another body's approval number, changed particulars).
    pub errors: Vec<RowError>,
    /// Row numbers of `errors`, for the rejects file.
    pub rejected_rows: Vec<usize>,
    /// When this very file (same sha256) was imported before: (when, by whom).
    pub already_imported: Option<(String, String)>,
    /// Whether anything was committed.
    pub committed: bool,
}

/// How to treat rows that contradict the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchMode {
    pub dry_run: bool,
    pub skip_invalid: bool,
}

/// What adding one row did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    Written,
    Unchanged,
    /// The row contradicts the register; nothing of it was written.
    Rejected(RowError),
}

/// An import in progress: one writing transaction, open until `commit` (or dropped).
pub struct ImportBatch<'s> {
    tx: Transaction<'s>,
    capture: super::capture::Capture,
    actor: String,
    calendar: Calendar,
    settings: Settings,
    now: String,
    last_event: (i64, String),
    last_body: i64,
    file: String,
    sha256: String,
    tally: BatchOutcome,
    /// The connection's page cache before the import (`import_cache`), given back at its end.
    cache_pages: i64,
}

/// The page cache of the import's connection, in KiB. A batch of 100,000 rows writes about
/// 260 MB in one transaction; with SQLite's default 2 MB cache the B-trees' pages are written
/// to the WAL mid-transaction and read back (`pagerStress`, ≈ 30 % of the import). The pages
/// written at random — the unique and sort indexes, the name index — are what the cache
/// keeps; appended tables need only their last page. Bounded so that a whole import stays
/// under 48 MB of memory (BENCHMARKS.md, "Imports near the limit of their schema").
pub const IMPORT_CACHE_KIB: i64 = 16 * 1024;

/// Size the page cache for the import (this connection only); returns the size it had.
fn import_cache(conn: &rusqlite::Connection) -> Result<i64> {
    let before: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.execute_batch(&format!("PRAGMA cache_size = -{IMPORT_CACHE_KIB}"))?;
    Ok(before)
}

impl Drop for ImportBatch<'_> {
    /// The connection's own cache size again, whether the batch committed or not.
    fn drop(&mut self) {
        let _ = self
            .tx
            .execute_batch(&format!("PRAGMA cache_size = {}", self.cache_pages));
    }
}

struct Stored {
    body_uscc: String,
    body_name: String,
    route: String,
    decided_on: String,
    valid_until: String,
    authority: String,
    doc_no: String,
    status: String,
    /// Changed by an act since the grant: the file then speaks of an earlier state.
    moved_on: bool,
}

impl Store {
    /// Start an import: takes the write lock now (BEGIN IMMEDIATE) and holds it to `commit`.
    pub fn begin_import(&mut self) -> Result<ImportBatch<'_>> {
        let (actor, calendar, settings) =
            (self.actor.clone(), self.calendar.clone(), self.settings);
        let capture = self.capture.clone();
        stable_plans(&self.conn)?;
        let tx = self.lock_for_writing()?;
        let cache_pages = import_cache(&tx)?;
        let last_event = events::head(&tx)?;
        let last_body = last_body_id(&tx)?;
        Ok(ImportBatch {
            tx,
            capture,
            actor,
            calendar,
            settings,
            now: now_utc(),
            last_event,
            last_body,
            file: String::new(),
            sha256: String::new(),
            tally: BatchOutcome::default(),
            cache_pages,
        })
    }

    /// Write `rows` (already checked by `import::check_table`) as one batch. With `skip_invalid`
    /// false, any row that contradicts the register means nothing is written.
    pub fn import_grants(
        &mut self,
        file_name: &str,
        sha256: &str,
        rows: &[GrantRow],
        earlier_rejected: usize,
        mode: BatchMode,
    ) -> Result<BatchOutcome> {
        let mut batch = self.begin_import()?;
        batch.start_file(file_name, sha256)?;
        for row in rows {
            batch.add(row)?;
        }
        let mut out = batch.finish_file(rows.len() + earlier_rejected, earlier_rejected)?;
        let rejected = !out.errors.is_empty() && !mode.skip_invalid;
        if rejected {
            out.written = 0;
        }
        if !(mode.dry_run || rejected || out.written == 0) {
            batch.commit()?;
            out.committed = true;
        }
        Ok(out)
    }
}

/// Rows compared with the register before an import takes the write lock (reads only). The
/// reads run in short transactions of [`READS_PER_SNAPSHOT`] rows: one snapshot for a few
/// milliseconds, never for the whole file, so writers' WAL frames can be checkpointed.
pub struct RegisterCheck<'s> {
    conn: &'s rusqlite::Connection,
    reads: usize,
}

const READS_PER_SNAPSHOT: usize = 2_000;

impl Store {
    /// Start comparing rows with the register, without any lock (see [`RegisterCheck`]).
    pub fn register_check(&self) -> Result<RegisterCheck<'_>> {
        stable_plans(&self.conn)?;
        Ok(RegisterCheck {
            conn: &self.conn,
            reads: 0,
        })
    }
}

impl RegisterCheck<'_> {
    /// What writing `row` would do now.
    pub fn compare(&mut self, row: &GrantRow) -> Result<Compared> {
        if self.reads == 0 {
            self.conn.execute_batch("BEGIN")?;
        }
        self.reads += 1;
        let compared = compare(self.conn, row);
        if self.reads == READS_PER_SNAPSHOT || compared.is_err() {
            self.end()?;
        }
        compared
    }

    /// When this very file (same sha256) was imported before: (when, by whom).
    pub fn already_imported(&mut self, sha256: &str) -> Result<Option<(String, String)>> {
        self.end()?;
        already_imported(self.conn, sha256)
    }

    fn end(&mut self) -> Result<()> {
        if std::mem::take(&mut self.reads) > 0 {
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }
}

impl Drop for RegisterCheck<'_> {
    fn drop(&mut self) {
        let _ = self.end();
    }
}

/// Without a stable plan SQLite re-prepares the per-row lookup on every use once its statement
/// comes back from the cache (measured: 18 % of an import). A plan chosen for one parameter
/// value serves every other here, and for the rest of the connection.
fn stable_plans(conn: &rusqlite::Connection) -> Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

fn already_imported(conn: &rusqlite::Connection, sha256: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT imported_at, imported_by FROM import_batch WHERE sha256 = ?1 ORDER BY id LIMIT 1",
            [sha256],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

impl ImportBatch<'_> {
    /// Begin the rows of one file; says when the same file (by sha256) was imported before.
    pub fn start_file(
        &mut self,
        file_name: &str,
        sha256: &str,
    ) -> Result<Option<(String, String)>> {
        self.file = file_name.to_string();
        self.sha256 = sha256.to_string();
        self.tally = BatchOutcome::default();
        self.tally.already_imported = already_imported(&self.tx, sha256)?;
        Ok(self.tally.already_imported.clone())
    }

    /// Add one checked row: written as a grant, recognised as already stored, or rejected
    /// because it contradicts the register (then nothing of it is written).
    pub fn add(&mut self, row: &GrantRow) -> Result<Added> {
        let added = self.write_row(row)?;
        match &added {
            Added::Written => self.tally.written += 1,
            Added::Unchanged => self.tally.unchanged += 1,
            Added::Rejected(e) => {
                self.tally.errors.push(e.clone());
                self.tally.rejected_rows.push(row.row);
            }
        }
        Ok(added)
    }

    fn write_row(&mut self, row: &GrantRow) -> Result<Added> {
        let body = match compare(&self.tx, row)? {
            Compared::Unchanged => return Ok(Added::Unchanged),
            Compared::Rejected(e) => return Ok(Added::Rejected(e)),
            Compared::New { body } => body,
        };
        let tx = &self.tx;
        let approval = row.approval_no.as_str();
        let body_id = match body {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO body (uscc, name, kind, region, risk_class, address, legal_rep, updated_at, updated_by, name_sort)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![
                        row.uscc.as_str(),
                        row.name,
                        row.kind.as_str(),
                        row.region,
                        row.risk_class.as_str(),
                        row.address,
                        row.legal_rep,
                    self.now,
                    self.actor,
                    crate::domain::collation::name_sort_key(&row.name)
                ])?;
                // A plain INSERT (no upsert): last_insert_rowid is this row's id.
                tx.last_insert_rowid()
            }
        };
        let facts = GrantFacts {
            route: row.route,
            kind: row.kind,
            decided_on: row.decided_on,
            valid_until: row.valid_until,
            scope: &row.scope,
        };
        // A migration's row is created in its stated state; any other row is a new grant.
        let migrated = row.stated.as_ref().and_then(|stated| {
            let status = stated.status?;
            Some((
                stated,
                plan_migration(stated, status, &facts, &self.calendar, &self.settings),
            ))
        });
        let plan = match &migrated {
            Some((_, m)) => m.clone(),
            None => {
                let (status, follow_up) = plan_grant(
                    row.route,
                    row.kind,
                    row.decided_on,
                    &self.calendar,
                    &self.settings,
                );
                Migrated {
                    status,
                    act_date: row.decided_on,
                    scope: row
                        .scope
                        .iter()
                        .map(|i| (i.clone(), ScopeStatus::Active, row.decided_on))
                        .collect(),
                    follow_ups: follow_up
                        .into_iter()
                        .map(|f| MigratedFollowUp {
                            kind: f.kind,
                            opened_on: row.decided_on,
                            due: f.due,
                        })
                        .collect(),
                    sanction: None,
                    renewal: None,
                }
            }
        };
        let decided = row.decided_on.to_string();
        tx.prepare_cached(
            "INSERT INTO qualification (body_id, approval_no, route, decided_on, valid_until, status, authority, doc_no, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
                    body_id,
                    approval,
                    row.route.as_str(),
                    decided,
                    row.valid_until.to_string(),
                    plan.status.as_str(),
                    row.authority,
                    row.doc_no,
                    self.now,
                    self.actor
                ])?;
        let qid = tx.last_insert_rowid();
        let mut insert_scope = tx.prepare_cached(
            "INSERT INTO scope_item (qualification_id, item, status, since) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (item, status, since) in &plan.scope {
            insert_scope.execute(params![qid, item, status.as_str(), since.to_string()])?;
        }
        for f in &plan.follow_ups {
            tx.prepare_cached(
                "INSERT INTO follow_up (qualification_id, kind, opened_on, due_on, due_estimated) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![qid, f.kind.as_str(), f.opened_on.to_string(), f.due.date.to_string(), f.due.estimated])?;
        }
        let due = |kind: FollowUpKind| {
            plan.follow_ups
                .iter()
                .find(|f| f.kind == kind)
                .map(|f| f.due.date.to_string())
        };
        let draft = match &migrated {
            None => Draft {
                act: "grant",
                approval_no: Some(approval),
                uscc: Some(row.uscc.as_str()),
                act_date: Some(decided),
                doc_no: &row.doc_no,
                after: Some(
                    json!({ "status": plan.status.as_str(), "valid_until": row.valid_until.to_string(), "version": 1 }),
                ),
                details: Some(json!({
                    "source": "import", "file": self.file, "sha256": self.sha256, "row": row.row,
                    "route": row.route.as_str(), "authority": row.authority, "scope": row.scope,
                    "verification_due": due(FollowUpKind::Verification),
                })),
                ..Draft::new(&self.actor)
            },
            Some((stated, m)) => {
                let act_date = m.act_date.to_string();
                if let Some(act) = m.sanction {
                    // The penalty as the register knew it: its procedure facts are not in the
                    // file. The sanction names the event that records it, the next one.
                    tx.prepare_cached(
                        "INSERT INTO sanction (qualification_id, act, decided_on, officers, doc_no, basis, event_id)
                         VALUES (?1, ?2, ?3, '', ?4, ?5, ?6)",
                    )?
                    .execute(params![qid, act.as_str(), act_date, stated.doc_no, stated.basis, self.last_event.0 + 1])?;
                }
                if let Some(r) = m.renewal {
                    tx.prepare_cached(
                        "INSERT INTO application (purpose, uscc, name, kind, route, approval_no, scope, region, risk_class,
                                                  received_on, status, accepted_on, updated_at, updated_by, late)
                         VALUES ('renewal', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'accepted', ?9, ?10, ?11, ?12)",
                    )?
                    .execute(params![
                        row.uscc.as_str(),
                        row.name,
                        row.kind.as_str(),
                        row.route.as_str(),
                        approval,
                        row.scope.join(";"),
                        row.region,
                        row.risk_class.as_str(),
                        r.filed_on.to_string(),
                        self.now,
                        self.actor,
                        r.late
                    ])?;
                }
                // The event carries the decision that led to the state, else the grant's.
                let by_an_act = stated.status.is_some_and(decided_by_an_act);
                Draft {
                    act: MIGRATED,
                    approval_no: Some(approval),
                    uscc: Some(row.uscc.as_str()),
                    act_date: Some(act_date),
                    basis: &stated.basis,
                    doc_no: if by_an_act {
                        &stated.doc_no
                    } else {
                        &row.doc_no
                    },
                    after: Some(
                        json!({ "status": m.status.as_str(), "valid_until": row.valid_until.to_string(), "version": 1 }),
                    ),
                    details: Some(json!({
                        "source": "migration", "file": self.file, "sha256": self.sha256, "row": row.row,
                        "route": row.route.as_str(), "authority": row.authority, "decided_on": decided,
                        "grant_doc_no": row.doc_no, "scope": row.scope, "stated": stated,
                        "verification_due": due(FollowUpKind::Verification),
                        "suspension_deadline": due(FollowUpKind::Suspension),
                        "renewal_late": m.renewal.map(|r| r.late),
                    })),
                    ..Draft::new(&self.actor)
                }
            }
        };
        append(tx, &self.capture, &mut self.last_event, &self.now, &draft)?;
        Ok(Added::Written)
    }

    /// End the current file: record it as an import batch (when it wrote anything) and return
    /// its tally. `rows` counts all its data rows, `rejected_before` those the checks refused.
    pub fn finish_file(&mut self, rows: usize, rejected_before: usize) -> Result<BatchOutcome> {
        let t = std::mem::take(&mut self.tally);
        if t.written > 0 {
            self.tx.execute(
                "INSERT INTO import_batch (sha256, file_name, imported_at, imported_by, rows, written, unchanged, rejected)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    self.sha256,
                    self.file,
                    self.now,
                    self.actor,
                    rows as i64,
                    t.written as i64,
                    t.unchanged as i64,
                    (t.errors.len() + rejected_before) as i64
                ],
            )?;
            let draft = Draft {
                act: "import-file",
                details: Some(json!({
                    "file": self.file, "sha256": self.sha256, "rows": rows, "written": t.written,
                    "unchanged": t.unchanged, "rejected": t.errors.len() + rejected_before,
                })),
                ..Draft::new(&self.actor)
            };
            append(
                &self.tx,
                &self.capture,
                &mut self.last_event,
                &self.now,
                &draft,
            )?;
        }
        Ok(t)
    }

    /// The import's notice (`Store::announce_import`) goes with this transaction's commit.
    pub fn settle_announcement(&self, id: i64) -> Result<()> {
        super::long_write::settle(&self.tx, id)
    }

    /// Make the whole batch visible at once: index the new names, commit.
    pub fn commit(self) -> Result<()> {
        index_new_names(&self.tx, self.last_body)?;
        // COMMIT as `Transaction::commit` does, keeping the connection for the checkpoint (the
        // transaction, now ended, does nothing when dropped; one still open is rolled back).
        self.tx.execute_batch("COMMIT")?;
        super::truncate_wal(&self.tx);
        Ok(())
    }
}

/// How a checked row stands against the register.
#[derive(Debug)]
pub enum Compared {
    /// A new approval, of a body already registered (its id) or a new one.
    New { body: Option<i64> },
    /// The approval is stored with these very particulars.
    Unchanged,
    /// The row contradicts the register.
    Rejected(RowError),
}

/// Compare one checked row with the register (reads only): what writing it would do.
fn compare(tx: &rusqlite::Connection, row: &GrantRow) -> Result<Compared> {
    let reject = |column: &str, value: &str, message: Diagnosis| {
        Ok(Compared::Rejected(RowError::new(
            row.row, column, value, message,
        )))
    };
    let approval = row.approval_no.as_str();
    let stored = tx
            .prepare_cached(
                "SELECT q.id, b.uscc, b.name, q.route, q.decided_on, q.valid_until, q.authority, q.doc_no,
                        q.version > 1 OR b.version > 1, q.status
                 FROM qualification q JOIN body b ON b.id = q.body_id WHERE q.approval_no = ?1",
            )?
            .query_row([approval], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    Stored {
                        body_uscc: r.get(1)?,
                        body_name: r.get(2)?,
                        route: r.get(3)?,
                        decided_on: r.get(4)?,
                        valid_until: r.get(5)?,
                        authority: r.get(6)?,
                        doc_no: r.get(7)?,
                        moved_on: r.get(8)?,
                        status: r.get(9)?,
                    },
                ))
            })
            .optional()?;
    if let Some((qid, s)) = stored {
        if s.body_uscc != row.uscc.as_str() {
            return reject(
                "approval_no",
                approval,
                Diagnosis::new(M::BelongsToOtherBody)
                    .with("approval", approval)
                    .with("uscc", &s.body_uscc)
                    .with("name", &s.body_name),
            );
        }
        let scope: Vec<String> = tx
            .prepare_cached("SELECT item FROM scope_item WHERE qualification_id = ?1 ORDER BY id")?
            .query_map([qid], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        return match first_difference(&s, &scope, row) {
            None => Ok(Compared::Unchanged),
            Some(("status", stored_value, file_value)) => reject(
                "status",
                &file_value,
                Diagnosis::new(M::RegisteredState)
                    .with("approval", approval)
                    .with("stored", &stored_value)
                    .with("file", &file_value),
            ),
            Some((column, stored_value, file_value)) => reject(
                column,
                &file_value,
                Diagnosis::new(M::RegisteredOther)
                    .with("approval", approval)
                    .with("column", column)
                    .with("stored", &stored_value)
                    .with("file", &file_value),
            ),
        };
    }

    let body = tx
        .prepare_cached("SELECT id, name, kind FROM body WHERE uscc = ?1")?
        .query_row([row.uscc.as_str()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    match body {
        Some((id, name, kind)) => {
            if name != row.name {
                return reject(
                    "name",
                    &row.name,
                    Diagnosis::new(M::RegisteredName)
                        .with("uscc", &row.uscc)
                        .with("name", &name),
                );
            }
            if kind != row.kind.as_str() {
                return reject(
                    "kind",
                    row.kind.as_str(),
                    Diagnosis::new(M::RegisteredKind)
                        .with("uscc", &row.uscc)
                        .with("kind", &kind),
                );
            }
            Ok(Compared::New { body: Some(id) })
        }
        None => Ok(Compared::New { body: None }),
    }
}

/// Append an event after the last one this batch wrote (kept in the batch: no read of the
/// head per row).
fn append(
    tx: &rusqlite::Connection,
    capture: &super::capture::Capture,
    last_event: &mut (i64, String),
    now: &str,
    draft: &Draft<'_>,
) -> Result<()> {
    let (last_id, prev_hash) = std::mem::take(last_event);
    let changes = capture.changes_json(tx)?;
    let event = events::build_compacted(last_id + 1, now.to_string(), draft, prev_hash, changes);
    events::insert(tx, &event)?;
    *last_event = (event.id, event.hash);
    Ok(())
}

/// The first field where the file's row differs from the stored approval: (column, stored, file).
/// Once acts have changed the approval (renewed, scope changed, renamed), only the facts of the
/// grant itself are compared: re-importing the original file must still change nothing.
fn first_difference(
    s: &Stored,
    scope: &[String],
    row: &GrantRow,
) -> Option<(&'static str, String, String)> {
    let grant = [
        ("route", s.route.clone(), row.route.as_str().to_string()),
        (
            "decided_on",
            s.decided_on.clone(),
            row.decided_on.to_string(),
        ),
        ("authority", s.authority.clone(), row.authority.clone()),
        ("doc_no", s.doc_no.clone(), row.doc_no.clone()),
    ];
    // Every item a migration wrote, the revoked ones after the others (as `write_row` does).
    let revoked = row.stated.iter().flat_map(|stated| &stated.revoked_scope);
    let file_scope: Vec<&str> = row
        .scope
        .iter()
        .chain(revoked)
        .map(String::as_str)
        .collect();
    let current = [
        ("name", s.body_name.clone(), row.name.clone()),
        (
            "valid_until",
            s.valid_until.clone(),
            row.valid_until.to_string(),
        ),
        ("scope", scope.join(";"), file_scope.join(";")),
    ];
    // A migration's row also states the state it creates (a new grant's is the grant's own).
    let state = row
        .stated
        .as_ref()
        .and_then(|stated| stated.status)
        .map(|status| {
            (
                "status",
                s.status.clone(),
                stored_status(status).as_str().to_string(),
            )
        });
    let mut pairs = grant
        .into_iter()
        .chain(current.into_iter().chain(state).filter(|_| !s.moved_on));
    pairs.find(|(_, a, b)| a != b)
}
