//! The only place that speaks SQL. `Store::open` sets the pragmas and applies the schema; every
//! writing call is one `BEGIN IMMEDIATE` transaction that changes state and appends its event.

pub mod acts;
pub mod applications;
pub mod demo;
pub mod events;
pub mod import;
pub mod read;
pub mod register;
pub mod reports;
pub mod tui_support;

use crate::domain::acts::{Refusal, Settings};
use crate::domain::calendar::{Calendar, DayKind};
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

const SCHEMA: &str = include_str!("../../schema.sql");
const SCHEMA_VERSION: i64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error(
        "{what} was changed by {by} at {at} while you were working; nothing was written — reload and try again"
    )]
    Conflict {
        what: String,
        by: String,
        at: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("database {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("{}", describe_sqlite(.0))]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

/// Say what a database failure means for the officer, and that nothing was written (every
/// write is one transaction, rolled back on any error).
fn describe_sqlite(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    match code {
        Some(DiskFull) => "the disk is full; nothing was written — free some space and try again".into(),
        Some(ReadOnly) => "the database cannot be written (read-only file or folder, or not your group's); nothing was written — ask for write access".into(),
        Some(CannotOpen) | Some(PermissionDenied) => format!("the database cannot be opened ({e}); check the path and its permissions"),
        Some(DatabaseBusy) | Some(DatabaseLocked) => "the database stayed locked by another user for more than 10 seconds; nothing was written — try again".into(),
        Some(NotADatabase) => "the file is not a certdesk database (not SQLite, or damaged)".into(),
        Some(DatabaseCorrupt) => "the database file is damaged; restore it from a backup (certdesk backup)".into(),
        Some(SystemIoFailure) => format!("input/output error ({e}); nothing was written — check the disk"),
        _ => format!("database error: {e}"),
    }
}

impl StoreError {
    /// The exit code of the command line (DESIGN.md): 3 rejected input, 4 conflict, 1 failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::NotFound(_) | StoreError::Refused(_) | StoreError::Invalid(_) => 3,
            StoreError::Conflict { .. } => 4,
            StoreError::Open { .. } | StoreError::Sqlite(_) => 1,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One connection to the register, with who is acting and what "today" is.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: String,
    today: Date,
    calendar: Calendar,
    settings: Settings,
}

/// What an act needs besides the connection: who, when, and the office's calendar and settings.
pub(crate) struct Ctx<'a> {
    pub actor: &'a str,
    pub today: Date,
    pub calendar: &'a Calendar,
    pub settings: &'a Settings,
}

/// The OS user: the "who" of every event.
pub fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Current UTC time as RFC 3339 with milliseconds.
pub fn now_utc() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Millisecond)
        .unwrap_or(jiff::Timestamp::now())
        .to_string()
}

impl Store {
    /// Open (creating if needed) the database at `path`.
    pub fn open(path: &Path, today: Date) -> Result<Store> {
        let fail = |message: String| StoreError::Open {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| fail(format!("cannot create the folder {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path).map_err(|e| fail(describe_sqlite(&e)))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| fail(describe_sqlite(&e)))?;
        // WAL lets readers and one writer work at once; FULL makes a commit durable.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| fail(describe_sqlite(&e)))?;
        if !mode.eq_ignore_ascii_case("wal")
            && !path.as_os_str().is_empty()
            && path != Path::new(":memory:")
        {
            return Err(fail(format!(
                "could not switch to WAL (got {mode}); the file must be on a local disk, writable by you"
            )));
        }
        // temp_store: statement journals stay in memory instead of temp files (a batch import
        // writes one per statement).
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;",
        )
        .map_err(|e| fail(describe_sqlite(&e)))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            actor: os_user(),
            today,
            calendar: Calendar::new(),
            settings: Settings::default(),
        };
        store.migrate().map_err(|e| match e {
            StoreError::Sqlite(e) => fail(describe_sqlite(&e)),
            other => other,
        })?;
        store.reload_config()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::Invalid(format!(
                "database {} has schema version {version}, newer than this certdesk ({SCHEMA_VERSION}); upgrade certdesk",
                self.path.display()
            )));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have created the schema while we waited for the lock.
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version == 0 {
            tx.execute_batch(SCHEMA)?;
            {
                let mut ins = tx.prepare(
                    "INSERT INTO calendar_day (day, kind, source) VALUES (?1, ?2, 'official')",
                )?;
                for (day, kind) in Calendar::official_days() {
                    ins.execute(params![day.to_string(), kind.as_str()])?;
                }
            }
            tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Re-read the calendar and settings (after another user loaded a new year's schedule).
    pub fn reload_config(&mut self) -> Result<()> {
        let mut stmt = self.conn.prepare("SELECT day, kind FROM calendar_day")?;
        let days = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        self.calendar = Calendar::from_days(
            days.iter()
                .filter_map(|(d, k)| Some((d.parse::<Date>().ok()?, DayKind::parse(k)?))),
        );
        let mut settings = Settings::default();
        for key in Settings::KEYS {
            if let Some(n) = self.setting(key)?.and_then(|v| v.parse().ok()) {
                settings.set(key, n);
            }
        }
        self.settings = settings;
        Ok(())
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Change an office setting (one of `Settings::KEYS`, a whole number 1–120).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        if !Settings::KEYS.contains(&key) {
            return Err(StoreError::Invalid(format!(
                "unknown setting '{key}'; the settings are {}",
                Settings::KEYS.join(", ")
            )));
        }
        if !value
            .parse::<u32>()
            .is_ok_and(|n| Settings::default().set(key, n))
        {
            return Err(StoreError::Invalid(format!(
                "{key}: '{value}' is not a whole number from 1 to 120"
            )));
        }
        let actor = self.actor.clone();
        let tx = self.write()?;
        let before = tx
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get::<_, String>(0)
            })
            .optional()?;
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        if let Some(other) = Settings::alternative(key) {
            tx.execute("DELETE FROM setting WHERE key = ?1", [other])?;
        }
        events::append(
            &tx,
            &events::Draft {
                act: "set-setting",
                details: Some(serde_json::json!({ "key": key })),
                before: Some(serde_json::json!({ "value": before })),
                after: Some(serde_json::json!({ "value": value })),
                ..events::Draft::new(&actor)
            },
        )?;
        tx.commit()?;
        self.reload_config()
    }

    /// Load a year's schedule of holidays and make-up days (one transaction, one event).
    pub fn import_calendar(&mut self, days: &[(Date, DayKind)], source: &str) -> Result<usize> {
        let actor = self.actor.clone();
        let tx = self.write()?;
        let mut changed = 0;
        {
            let mut up = tx.prepare(
                "INSERT INTO calendar_day (day, kind, source) VALUES (?1, ?2, ?3)
                 ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, source = excluded.source
                 WHERE calendar_day.kind <> excluded.kind",
            )?;
            for (d, k) in days {
                changed += up.execute(params![d.to_string(), k.as_str(), source])?;
            }
        }
        let mut years: Vec<i16> = days.iter().map(|(d, _)| d.year()).collect();
        years.sort_unstable();
        years.dedup();
        if changed > 0 {
            events::append(
                &tx,
                &events::Draft {
                    act: "load-calendar",
                    details: Some(
                        serde_json::json!({ "source": source, "years": years, "days": days.len(), "changed": changed }),
                    ),
                    ..events::Draft::new(&actor)
                },
            )?;
        }
        tx.commit()?;
        self.reload_config()?;
        Ok(changed)
    }

    /// Start an act: the writing transaction and what the rules need (who, today, calendar,
    /// settings), borrowed side by side.
    pub(crate) fn begin_act(&mut self) -> Result<(Transaction<'_>, Ctx<'_>)> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let ctx = Ctx {
            actor: &self.actor,
            today: self.today,
            calendar: &self.calendar,
            settings: &self.settings,
        };
        Ok((tx, ctx))
    }

    /// Start a writing transaction. IMMEDIATE takes the write lock now, so busy_timeout applies
    /// (a DEFERRED transaction that turns into a write fails at once under contention).
    pub(crate) fn write(&mut self) -> Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }
    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn actor(&self) -> &str {
        &self.actor
    }
    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }
    pub fn today(&self) -> Date {
        self.today
    }
    pub fn set_today(&mut self, today: Date) {
        self.today = today;
    }
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Changes when any connection (this one or another process) commits: screens poll it
    /// to show another user's act without restarting.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// A consistent copy of the whole database, taken in one step while others keep writing.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Invalid(format!(
                "{} already exists; choose a new file name (a backup never overwrites)",
                dest.display()
            )));
        }
        let dest_str = dest
            .to_str()
            .ok_or_else(|| StoreError::Invalid("the backup path is not valid UTF-8".into()))?;
        self.conn.execute("VACUUM INTO ?1", [dest_str])?;
        Ok(())
    }

    /// SQLite's own integrity check: "ok" or the list of problems.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// Add the names of bodies inserted after `last_indexed_id` to the name search index. Called
/// once per writing transaction that inserted bodies (see schema.sql on why not a trigger).
pub(crate) fn index_new_names(conn: &Connection, last_indexed_id: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO body_fts (rowid, name) SELECT id, name FROM body WHERE id > ?1",
        [last_indexed_id],
    )?;
    Ok(())
}

/// The highest body id so far (0 when there is none): the mark for `index_new_names`.
pub(crate) fn last_body_id(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(id), 0) FROM body", [], |r| r.get(0))?)
}

/// Parse a stored ISO date; a malformed one (written by another tool) becomes a clear error.
pub(crate) fn parse_stored_date(s: &str, what: &str) -> Result<Date> {
    s.parse::<Date>().map_err(|_| {
        StoreError::Invalid(format!(
            "stored {what} '{s}' is not a date (YYYY-MM-DD); the file was edited by another tool"
        ))
    })
}
