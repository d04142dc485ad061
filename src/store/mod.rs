//! The only place that speaks SQL. `Store::open` sets the pragmas and applies the schema; every
//! writing call is one `BEGIN IMMEDIATE` transaction that changes state and appends its event.

pub mod acts;
pub mod applications;
pub mod capture;
pub mod cases;
pub mod changes;
pub mod check;
pub mod corrections;
pub mod demo;
pub mod events;
pub mod import;
pub mod inspections;
pub mod lock_holder;
pub mod long_write;
pub mod officers;
pub mod read;
pub mod register;
pub mod reports;
pub mod risk;
pub mod tui_support;

use crate::domain::acts::{Refusal, Settings};
use crate::domain::calendar::{Calendar, DayKind};
pub use crate::i18n::store::StoreMessage;
use crate::i18n::store::{StoreMsg, describe_sqlite};
use crate::store_msg;
use capture::Capture;
use jiff::civil::Date;
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

const SCHEMA: &str = include_str!("../../schema.sql");
pub const SCHEMA_VERSION: i64 = 9;
/// `PRAGMA application_id` of a certdesk database ("cdsk"): what tells it from another
/// application's SQLite file.
pub const APPLICATION_ID: i32 = 0x6364_736b;

/// Schema version 1 → 2: every user-changeable table gets an `id` rowid (the key of the row
/// images events record), the officers' table, and the events' `changes`.
const UPGRADE_1_TO_2: &str = "
CREATE TABLE credit_listing_2 (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES body (id),
    list       TEXT NOT NULL CHECK (list = 'abnormal' OR list = 'serious'),
    listed_on  TEXT NOT NULL,
    UNIQUE (body_id, list)
);
INSERT INTO credit_listing_2 (body_id, list, listed_on) SELECT body_id, list, listed_on FROM credit_listing;
DROP TABLE credit_listing;
ALTER TABLE credit_listing_2 RENAME TO credit_listing;
CREATE TABLE calendar_day_2 (
    id      INTEGER PRIMARY KEY,
    day     TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL CHECK (kind = 'off' OR kind = 'work'),
    source  TEXT NOT NULL
);
INSERT INTO calendar_day_2 (day, kind, source) SELECT day, kind, source FROM calendar_day ORDER BY day;
DROP TABLE calendar_day;
ALTER TABLE calendar_day_2 RENAME TO calendar_day;
CREATE TABLE setting_2 (
    id     INTEGER PRIMARY KEY,
    key    TEXT NOT NULL UNIQUE,
    value  TEXT NOT NULL
);
INSERT INTO setting_2 (key, value) SELECT key, value FROM setting ORDER BY key;
DROP TABLE setting;
ALTER TABLE setting_2 RENAME TO setting;
CREATE TABLE officer (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL UNIQUE CHECK (login <> ''),
    name        TEXT NOT NULL DEFAULT '',
    cert_no     TEXT NOT NULL DEFAULT '',
    dept        TEXT NOT NULL DEFAULT '',
    kinds       TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
ALTER TABLE event ADD COLUMN changes TEXT;
";

/// Schema version 2 → 3: the penalty case; follow-ups for the end and the withdrawal of a
/// publication; a hearing held or not requested; a renewal filed late. Tables whose columns
/// stay are rebuilt under the same ids and columns with the new CHECKs, so their row images do
/// not change. Every definition is taken from `schema.sql`, so the two cannot drift apart.
fn upgrade_2_to_3_sql() -> String {
    let rebuild = |t: &str| {
        format!(
            "{};\nINSERT INTO {t}_3 SELECT * FROM {t} ORDER BY id;\nDROP TABLE {t};\nALTER TABLE {t}_3 RENAME TO {t};\n{}",
            schema_statement(&format!("CREATE TABLE {t} (")).replacen(
                &format!("CREATE TABLE {t} ("),
                &format!("CREATE TABLE {t}_3 ("),
                1
            ),
            schema_indexes(t)
        )
    };
    format!(
        "{}{}ALTER TABLE application ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late = 0 OR late = 1);\n{};\n{};\n{}",
        rebuild("follow_up"),
        rebuild("sanction"),
        schema_statement("CREATE INDEX application_by_approval "),
        schema_statement("CREATE TABLE penalty_case ("),
        schema_indexes("penalty_case")
    )
}

/// Schema version 4 → 5: officers get their authority and jurisdiction (columns added, as
/// `schema.sql` defines them). Their rows' images change, so they are recorded anew: `baseline`
/// events whose "before" is each row's image under schema 4.
fn upgrade_4_to_5(tx: &Connection, capture: &Capture, actor: &str) -> Result<()> {
    let old_images = row_images(tx, "officer")?;
    for column in ["authority", "jurisdiction"] {
        tx.execute_batch(&format!(
            "ALTER TABLE officer ADD COLUMN {};",
            schema_column("officer", column)
        ))?;
    }
    record_anew(
        tx,
        capture,
        actor,
        "officer",
        &old_images,
        "upgrade to schema version 5: officers record their authority and jurisdiction",
    )
}

/// Schema version 5 → 6: bodies get the pinyin sort key of their name (`name_sort`, indexed:
/// the register pages in that order). Every body's image changes, so they are recorded anew.
fn upgrade_5_to_6(tx: &Connection, capture: &Capture, actor: &str) -> Result<()> {
    let old_images = row_images(tx, "body")?;
    tx.execute_batch(&format!(
        "ALTER TABLE body ADD COLUMN {};\n{};",
        schema_column("body", "name_sort"),
        schema_statement("CREATE INDEX body_by_name_sort ")
    ))?;
    {
        let names: Vec<(i64, String)> = tx
            .prepare("SELECT id, name FROM body ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut set = tx.prepare("UPDATE body SET name_sort = ?1 WHERE id = ?2")?;
        for (id, name) in names {
            set.execute(params![crate::domain::collation::name_sort_key(&name), id])?;
        }
    }
    record_anew(
        tx,
        capture,
        actor,
        "body",
        &old_images,
        "upgrade to schema version 6: bodies' names get their pinyin sort key",
    )
}

/// Schema version 6 → 7: the registers, tasks and draws of random inspections — new tables
/// only, as `schema.sql` defines them (no rows carried over, so no baseline).
fn upgrade_6_to_7(tx: &Connection) -> Result<()> {
    for table in INSPECTION_TABLES {
        tx.execute_batch(&format!(
            "{};\n{}",
            schema_statement(&format!("CREATE TABLE {table} (")),
            schema_indexes(table)
        ))?;
    }
    Ok(())
}

/// Schema version 7 → 8: inspection results keep their findings, tasks their completion and
/// closure (columns added, as `schema.sql` defines them; the rows of both tables change
/// images, so they are recorded anew: `baseline` events, as in `upgrade_4_to_5`); and the
/// indexes of the reports by period (acts by date, follow-ups by due and closing dates) and of
/// the register's sorts (route, region, risk class, state by end date), which change no row.
fn upgrade_7_to_8(tx: &Connection, capture: &Capture, actor: &str) -> Result<()> {
    for (table, columns) in [
        (
            "inspection_task",
            &["completed_on", "closed_on", "close_reason"][..],
        ),
        ("inspection_body", &["findings"][..]),
    ] {
        // From before version 7 these tables came from today's schema.sql a step earlier,
        // columns included and empty: only missing columns are added.
        let present = capture::columns(tx, table)?;
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !present.iter().any(|p| p == c))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let old_images = row_images(tx, table)?;
        for column in missing {
            tx.execute_batch(&format!(
                "ALTER TABLE {table} ADD COLUMN {};",
                schema_column(table, column)
            ))?;
        }
        record_anew(
            tx,
            capture,
            actor,
            table,
            &old_images,
            "upgrade to schema version 8: inspection results keep their findings, tasks their completion",
        )?;
    }
    for index in PERIOD_AND_SORT_INDEXES {
        // An older database's follow_up table, rebuilt by the upgrade from 2, already has
        // schema.sql's indexes of today.
        let ddl = schema_statement(&format!("CREATE INDEX {index} ")).replacen(
            "CREATE INDEX ",
            "CREATE INDEX IF NOT EXISTS ",
            1,
        );
        tx.execute_batch(&ddl)?;
    }
    Ok(())
}

/// Schema version 8 → 9: the index of every 1- and 2-character substring of each name
/// (`body_name_gram`, with its triggers, as `schema.sql` defines them), filled from the bodies.
/// Derived like `body_fts`: it changes no row of the record, so no event.
fn upgrade_8_to_9(tx: &Connection) -> Result<()> {
    tx.execute_batch(&format!(
        "{};\n{};\n{};",
        schema_statement("CREATE TABLE body_name_gram ("),
        schema_statement("CREATE TRIGGER body_name_gram_update "),
        schema_statement("CREATE TRIGGER body_name_gram_delete "),
    ))?;
    index_name_grams(tx, 0)
}

/// The indexes schema version 8 adds.
const PERIOD_AND_SORT_INDEXES: [&str; 7] = [
    "body_by_region_id",
    "body_by_risk",
    "qualification_by_route",
    "qualification_by_status_end",
    "follow_up_by_kind_closed",
    "follow_up_by_due",
    "event_by_act_date",
];

/// The tables schema version 7 adds, in the order they refer to each other.
const INSPECTION_TABLES: [&str; 7] = [
    "inspection_item",
    "risk_class_change",
    "inspection_task",
    "inspection_population",
    "inspection_body",
    "inspection_officer",
    "inspector_conflict",
];

/// Every row of `table` with its image, by id.
fn row_images(tx: &Connection, table: &str) -> Result<Vec<(i64, String)>> {
    Ok(tx
        .prepare(&format!(
            "SELECT id, {} FROM {table} ORDER BY id",
            capture::image_expr(&capture::columns(tx, table)?)
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// After `table` gained columns: record each row's new image in `baseline` events (2,000 rows
/// each), with its image before the change (`old_images`) as what the event found.
fn record_anew(
    tx: &Connection,
    capture: &Capture,
    actor: &str,
    table: &str,
    old_images: &[(i64, String)],
    reason: &str,
) -> Result<()> {
    let t = capture::TRACKED
        .iter()
        .position(|x| *x == table)
        .expect("a tracked table");
    capture.take();
    capture.watch_before(tx)?;
    for chunk in old_images.chunks(2000) {
        for (id, image) in chunk {
            tx.execute(
                "INSERT OR REPLACE INTO temp.capture_before (t, id, image) VALUES (?1, ?2, ?3)",
                params![t as i64, id, image],
            )?;
            capture.mark_existing(t, *id);
        }
        events::append(
            tx,
            capture,
            &events::Draft {
                act: "baseline",
                reason,
                details: Some(serde_json::json!({ "table": table, "rows": chunk.len() })),
                ..events::Draft::new(actor)
            },
        )?;
    }
    Ok(())
}

/// The definition of `column` in `table`'s CREATE TABLE of `schema.sql` (without its comma).
fn schema_column(table: &str, column: &str) -> &'static str {
    let create = schema_statement(&format!("CREATE TABLE {table} ("));
    create
        .lines()
        .map(str::trim)
        .find(|l| l.split_whitespace().next() == Some(column))
        .map(|l| l.trim_end_matches(','))
        .unwrap_or_else(|| panic!("schema.sql has no {table}.{column}"))
}

/// The statement of `schema.sql` that starts with `start`, without its `;`.
fn schema_statement(start: &str) -> &'static str {
    let at = SCHEMA
        .find(start)
        .unwrap_or_else(|| panic!("schema.sql has no `{start}`"));
    let rest = &SCHEMA[at..];
    // A table ends at the `;` after the `)` that closes it (`) WITHOUT ROWID;`); a trigger at
    // its `END`; an index at its `;`.
    let end = if start.starts_with("CREATE TABLE") {
        rest.find("\n)")
            .and_then(|e| rest[e..].find(';').map(|f| e + f))
    } else if start.starts_with("CREATE TRIGGER") {
        rest.find("\nEND;").map(|e| e + 4)
    } else {
        rest.find(';')
    };
    &rest[..end.expect("a statement ends with ;")]
}

/// `schema.sql`'s indexes on `table`, each with its `;`.
fn schema_indexes(table: &str) -> String {
    SCHEMA
        .lines()
        .filter(|l| l.starts_with("CREATE INDEX") && l.contains(&format!(" ON {table} (")))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Who may use a new database: its owner alone (0600) or its owner's group too (0660), whatever
/// the umask; SQLite gives its `-wal` and `-shm` files the same mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    Personal,
    Group,
}

impl Sharing {
    pub fn mode(self) -> u32 {
        match self {
            Sharing::Personal => 0o600,
            Sharing::Group => 0o660,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Sharing::Personal => "personal",
            Sharing::Group => "group",
        }
    }
    /// The default for a new database in `dir`: group in a setgid folder (the office's
    /// shared folder), personal anywhere else.
    pub fn default_for(path: &Path) -> Sharing {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        match std::fs::metadata(dir) {
            Ok(m) if m.permissions().mode() & 0o2000 != 0 => Sharing::Group,
            _ => Sharing::Personal,
        }
    }
}

/// What is at a path before SQLite is let near it.
enum Found {
    Nothing,
    Certdesk,
    /// A certdesk database of schema version 1 (it had no application id).
    Version1,
    Foreign(StoreMessage),
}

/// Why a store call failed. `render(lang)` says it in the UI's or the commands' language
/// (`i18n/store.rs`); `Display` is the same table's English, for logs.
#[derive(Debug)]
pub enum StoreError {
    NotFound(StoreMessage),
    Refused(Refusal),
    Conflict {
        /// What was changed: the qualification, case or application, with its versions.
        what: StoreMessage,
        by: String,
        at: String,
    },
    /// A value the store cannot take or a stored value that is not valid.
    Invalid(StoreMessage),
    /// A file certdesk was asked to write was refused or failed.
    Output(crate::files::OutputError),
    Open {
        path: PathBuf,
        why: StoreMessage,
    },
    Missing(PathBuf),
    NotCertdesk {
        path: PathBuf,
        why: StoreMessage,
    },
    Sqlite(rusqlite::Error),
    /// The lock is held by an import (a screen's brief wait gave up; it tries again).
    Busy(long_write::LongWrite),
    /// A patient writer gave up on a lock held by a process that did nothing.
    Stuck(Option<lock_holder::LockHolder>),
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Refused(r) => Some(r),
            StoreError::Output(e) => Some(e),
            StoreError::Sqlite(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> Self {
        StoreError::Refused(r)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

impl StoreError {
    /// The exit code of the command line (DESIGN.md): 3 rejected input, 4 conflict, 1 failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::NotFound(_) | StoreError::Refused(_) | StoreError::Invalid(_) => 3,
            StoreError::Conflict { .. } => 4,
            StoreError::Missing(_) | StoreError::NotCertdesk { .. } => 2,
            StoreError::Output(e) => e.exit_code() as i32,
            StoreError::Open { .. }
            | StoreError::Sqlite(_)
            | StoreError::Busy(_)
            | StoreError::Stuck(_) => 1,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One connection to the register, with who is acting and what "today" is.
pub struct Store {
    conn: Connection,
    capture: Capture,
    created: bool,
    upgraded_from: Option<i64>,
    path: PathBuf,
    actor: String,
    today: Date,
    calendar: Calendar,
    settings: Settings,
    lock_wait: long_write::LockWait,
    /// How long a patient writer waits while nobody commits (`long_write::PLAIN_WAIT`).
    plain_wait: std::time::Duration,
    on_wait: Option<long_write::WaitObserver>,
    /// The last register filter's candidate counts: a page and its count ask for the same.
    register_estimates: register::Estimates,
}

/// What an act needs besides the connection: who, when, and the office's calendar and settings.
pub(crate) struct Ctx<'a> {
    pub actor: &'a str,
    pub capture: &'a Capture,
    pub today: Date,
    pub calendar: &'a Calendar,
    pub settings: &'a Settings,
}

/// Current UTC time as RFC 3339 with milliseconds.
pub fn now_utc() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Millisecond)
        .unwrap_or(jiff::Timestamp::now())
        .to_string()
}

/// Look at the first bytes of `path` (never through SQLite, which could change it): missing,
/// a certdesk database, or something else, said how.
fn inspect(path: &Path) -> Result<Found> {
    use std::io::Read;
    let fail = |e: std::io::Error| StoreError::Open {
        path: path.to_path_buf(),
        why: store_msg!(CannotRead, error = e.to_string()),
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(fail(e)),
    };
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Ok(Found::Foreign(store_msg!(IsFolder)));
    }
    let mut header = Vec::with_capacity(100);
    file.by_ref()
        .take(100)
        .read_to_end(&mut header)
        .map_err(fail)?;
    if header.is_empty() {
        return Ok(Found::Foreign(store_msg!(EmptyFile)));
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return Ok(Found::Foreign(store_msg!(NotSqlite)));
    }
    let id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if id == APPLICATION_ID {
        return Ok(Found::Certdesk);
    }
    if id != 0 {
        return Ok(Found::Foreign(store_msg!(
            OtherApplication,
            id = format!("{id:#x}")
        )));
    }
    // No application id: certdesk's schema version 1, or someone else's file. Look without
    // changing anything: an immutable connection takes no lock and writes no file.
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let version1 = Connection::open_with_flags(
        &uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
    .and_then(|c| {
        let tables: i64 = c.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('event', 'qualification', 'body', 'calendar_day')",
            [],
            |r| r.get(0),
        )?;
        let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(tables == 4 && version == 1)
    })
    .unwrap_or(false);
    Ok(if version1 {
        Found::Version1
    } else {
        Found::Foreign(store_msg!(NoApplicationId))
    })
}

/// The triggers and views certdesk's schema makes, as `sqlite_master` holds them.
fn own_objects() -> &'static std::collections::BTreeSet<(String, String)> {
    static OWN: std::sync::OnceLock<std::collections::BTreeSet<(String, String)>> =
        std::sync::OnceLock::new();
    OWN.get_or_init(|| {
        Connection::open_in_memory()
            .and_then(|c| {
                c.execute_batch(SCHEMA)?;
                objects(&c)
            })
            .unwrap_or_default()
    })
}

fn objects(conn: &Connection) -> rusqlite::Result<std::collections::BTreeSet<(String, String)>> {
    conn.prepare(
        "SELECT type || ' ' || name, coalesce(sql, '') FROM sqlite_master WHERE type = 'trigger' OR type = 'view'",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// Triggers and views in the database that certdesk's schema does not make (or that were
/// changed): code that would run inside every act, in the acting officer's name.
pub fn foreign_objects(conn: &Connection) -> Result<Vec<String>> {
    let own = own_objects();
    Ok(objects(conn)?
        .into_iter()
        .filter(|o| !own.contains(o))
        .map(|(what, _)| what)
        .collect())
}

/// Refuse, untouched, anything at `path` that is not a certdesk database.
fn refuse_unless_certdesk(path: &Path) -> Result<()> {
    match inspect(path)? {
        Found::Nothing => Err(StoreError::Missing(path.to_path_buf())),
        Found::Foreign(why) => Err(StoreError::NotCertdesk {
            path: path.to_path_buf(),
            why,
        }),
        Found::Certdesk | Found::Version1 => Ok(()),
    }
}

/// Record the state of a database that had no row images (upgraded from schema version 1) as
/// `baseline` events, a few thousand rows each: from here on `check` replays the log against
/// every table; the events before are verified by their hash chain.
fn baseline(tx: &Connection, capture: &Capture, actor: &str) -> Result<()> {
    const ROWS_PER_EVENT: usize = 2000;
    for (t, table) in capture::TRACKED.iter().enumerate() {
        let exists: bool = tx.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if !exists {
            continue; // made by a later version's upgrade, empty
        }
        let ids: Vec<i64> = tx
            .prepare(&format!("SELECT id FROM {table} ORDER BY id"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for chunk in ids.chunks(ROWS_PER_EVENT) {
            for &id in chunk {
                capture.mark(t, id);
            }
            events::append(
                tx,
                capture,
                &events::Draft {
                    act: "baseline",
                    reason: "upgrade to schema version 2: the rows as certdesk found them",
                    details: Some(serde_json::json!({ "table": table, "rows": chunk.len() })),
                    ..events::Draft::new(actor)
                },
            )?;
        }
    }
    Ok(())
}

/// Upgrade schema 2 to 3 inside `tx`. The applications gain a column, so their images are
/// recorded anew (`baseline` events whose "before" is each row's image under schema 2); an
/// approval stored as `renewal_pending` becomes what it is — in force, with a renewal
/// application of its own — in one `upgrade` event.
fn upgrade_2_to_3(tx: &Connection, capture: &Capture, actor: &str) -> Result<()> {
    let old_images = row_images(tx, "application")?;
    tx.execute_batch(&upgrade_2_to_3_sql())?;
    record_anew(
        tx,
        capture,
        actor,
        "application",
        &old_images,
        "upgrade to schema version 3: applications record a late renewal",
    )?;
    let renewals = applications::upgrade_renewals(tx, actor)?;
    if renewals > 0 {
        events::append(
            tx,
            capture,
            &events::Draft {
                act: "upgrade",
                reason: "upgrade to schema version 3: a filed renewal is an application of its own, no longer a state",
                details: Some(serde_json::json!({ "renewals": renewals })),
                ..events::Draft::new(actor)
            },
        )?;
    }
    Ok(())
}

/// The office's settings as the database holds them (defaults for the ones not set).
pub(crate) fn read_settings(conn: &Connection) -> Result<Settings> {
    let mut settings = Settings::default();
    for key in Settings::KEYS {
        let value: Option<String> = conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(n) = value.and_then(|v| v.parse().ok()) {
            settings.set(key, n);
        }
    }
    Ok(settings)
}

/// `path` for an SQLite URI: the characters a URI gives a meaning escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// How a connection is opened.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Write,
    Read,
}

impl Store {
    /// Create a new database at `path` (which must not exist; its folder must), with the mode of
    /// `sharing` whatever the umask. Its first event records the creation. The database is
    /// made whole under a temporary name and linked into place without replacing anything, so
    /// an interrupted `init` never leaves a half-made database at `path`.
    pub fn create(path: &Path, today: Date, sharing: Sharing) -> Result<Store> {
        let fail = |e: crate::files::OutputError| StoreError::Open {
            path: path.to_path_buf(),
            why: crate::i18n::store::output_message(&e),
        };
        let out =
            crate::files::OutputFile::create_new(path, false, &[], sharing.mode()).map_err(fail)?;
        let tmp = out.temporary_path().to_path_buf();
        Self::initialise(&tmp, today, sharing)?;
        out.commit().map_err(fail)?;
        let mut store = Self::open(path, today)?;
        store.created = true;
        Ok(store)
    }

    /// Write the schema, the official calendar and the creation event into the empty file at
    /// `path`, in rollback-journal mode (WAL is switched on once the file is in place).
    fn initialise(path: &Path, today: Date, sharing: Sharing) -> Result<()> {
        let mut store = Self::connect(path, today, Access::Write)?;
        let actor = store.actor.clone();
        let capture = store.capture.clone();
        let tx = store
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(SCHEMA)?;
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
        ))?;
        {
            let mut ins = tx.prepare(
                "INSERT INTO calendar_day (day, kind, source) VALUES (?1, ?2, 'official')",
            )?;
            for (day, kind) in Calendar::official_days() {
                ins.execute(params![day.to_string(), kind.as_str()])?;
            }
        }
        events::append(
            &tx,
            &capture,
            &events::Draft {
                act: "create-database",
                details: Some(serde_json::json!({
                    "schema_version": SCHEMA_VERSION,
                    "sharing": sharing.as_str(),
                    "mode": format!("{:04o}", sharing.mode()),
                })),
                ..events::Draft::new(&actor)
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Open the existing database at `path` to read and write; a database of an earlier
    /// schema is upgraded (and says so in its log). Nothing is created: a missing path, another
    /// application's file or a newer certdesk's database is refused untouched.
    pub fn open(path: &Path, today: Date) -> Result<Store> {
        refuse_unless_certdesk(path)?;
        let mut store = Self::connect(path, today, Access::Write)?;
        // Before anything could change the file (even its journal mode): a newer schema, or
        // a trigger or view certdesk did not make, is refused untouched.
        let version = store.user_version()?;
        if version > SCHEMA_VERSION {
            return Err(store.version_refusal(version));
        }
        if let Some(object) = foreign_objects(&store.conn)?.into_iter().next() {
            return Err(StoreError::Invalid(store_msg!(
                ForeignObject,
                path = path.display().to_string(),
                object = object
            )));
        }
        store.enable_wal()?;
        store.migrate().map_err(|e| match e {
            StoreError::Sqlite(e) => StoreError::Open {
                path: path.to_path_buf(),
                why: describe_sqlite(&e),
            },
            other => other,
        })?;
        store.capture.watch_before(&store.conn)?;
        store.reload_config()?;
        Ok(store)
    }

    /// Open the existing database at `path` to read only: nothing in the file changes, and it
    /// works from a folder the user cannot write.
    pub fn open_read_only(path: &Path, today: Date) -> Result<Store> {
        refuse_unless_certdesk(path)?;
        let mut store = Self::connect(path, today, Access::Read)?;
        let version = store.user_version()?;
        if version != SCHEMA_VERSION {
            return Err(store.version_refusal(version));
        }
        store.reload_config()?;
        Ok(store)
    }

    /// Open `path`, creating a new database (default sharing for its folder) if nothing is
    /// there: for `demo`, `import` and the tests. `was_created` tells which happened.
    pub fn create_or_open(path: &Path, today: Date) -> Result<Store> {
        if std::fs::symlink_metadata(path).is_err() {
            match Self::create(path, today, Sharing::default_for(path)) {
                Err(StoreError::Open { .. }) if path.exists() => {} // another process won the race
                other => return other,
            }
        }
        Self::open(path, today)
    }

    /// The schema version this store upgraded its database from, if it did.
    pub fn upgraded_from(&self) -> Option<i64> {
        self.upgraded_from
    }

    /// Whether this store created its database file.
    pub fn was_created(&self) -> bool {
        self.created
    }

    fn connect(path: &Path, today: Date, access: Access) -> Result<Store> {
        let fail = |e: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            why: describe_sqlite(&e),
        };
        // Never SQLITE_OPEN_CREATE: only `create` makes a file, and it makes it itself.
        let flags = match access {
            Access::Write => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::Read => OpenFlags::SQLITE_OPEN_READ_ONLY,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(fail)?;
        if access == Access::Read
            && conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                    r.get::<_, i64>(0)
                })
                .is_err()
        {
            // A folder this user cannot write, with no -wal beside the file: SQLite cannot make
            // the WAL index; nobody can be writing, so read the file as it is.
            let mut wal = path.as_os_str().to_os_string();
            wal.push("-wal");
            if !Path::new(&wal).exists() {
                conn = Connection::open_with_flags(
                    format!("file:{}?immutable=1", uri_path(path)),
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(fail)?;
            }
        }
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        // An act's statements plus one row-image query per tracked table stay prepared.
        conn.set_prepared_statement_cache_capacity(64);
        // temp_store: statement journals stay in memory instead of temp files (a batch import
        // writes one per statement). journal_size_limit: a WAL that grew while a reader held
        // it is cut back to 64 MiB after the next checkpoint instead of staying at its peak.
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = 67108864;",
        )
        .map_err(fail)?;
        let capture = Capture::install(&mut conn).map_err(fail)?;
        Ok(Store {
            conn,
            capture,
            created: false,
            upgraded_from: None,
            path: path.to_path_buf(),
            actor: crate::identity::actor_for(path),
            today,
            calendar: Calendar::new(),
            settings: Settings::default(),
            lock_wait: long_write::LockWait::Patient,
            plain_wait: long_write::PLAIN_WAIT,
            on_wait: None,
            register_estimates: Default::default(),
        })
    }

    /// WAL lets readers and one writer work at once; FULL (set in `connect`) makes a commit
    /// durable.
    fn enable_wal(&self) -> Result<()> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path: self.path.clone(),
                why: store_msg!(NoWal, mode = mode),
            });
        }
        Ok(())
    }

    fn user_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn version_refusal(&self, version: i64) -> StoreError {
        if version > SCHEMA_VERSION {
            StoreError::Invalid(store_msg!(
                SchemaNewer,
                path = self.path.display().to_string(),
                version = version,
                supported = SCHEMA_VERSION
            ))
        } else {
            StoreError::Invalid(store_msg!(
                SchemaOlder,
                path = self.path.display().to_string(),
                version = version
            ))
        }
    }

    fn migrate(&mut self) -> Result<()> {
        let version = self.user_version()?;
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        if !(1..=SCHEMA_VERSION).contains(&version) {
            return Err(self.version_refusal(version));
        }
        let actor = self.actor.clone();
        let capture = self.capture.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have upgraded it while we waited for the lock.
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version == 1 {
            tx.execute_batch(UPGRADE_1_TO_2)?;
            tx.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 2;"
            ))?;
            capture.take();
            capture.reset_queries();
            baseline(&tx, &capture, &actor)?;
        }
        if version <= 2 {
            upgrade_2_to_3(&tx, &capture, &actor)?;
        }
        if version <= 3 {
            // Schema version 3 → 4: the long-write notice (no rows to carry over).
            tx.execute_batch(schema_statement("CREATE TABLE long_write ("))?;
        }
        if version <= 4 {
            upgrade_4_to_5(&tx, &capture, &actor)?;
        }
        if version <= 5 {
            upgrade_5_to_6(&tx, &capture, &actor)?;
        }
        if version <= 6 {
            upgrade_6_to_7(&tx)?;
        }
        if version <= 7 {
            upgrade_7_to_8(&tx, &capture, &actor)?;
        }
        if version <= 8 {
            upgrade_8_to_9(&tx)?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION};"))?;
        tx.commit()?;
        self.upgraded_from = (version < SCHEMA_VERSION).then_some(version);
        // Best effort: put the new application id into the file's header now.
        truncate_wal(&self.conn);
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
        self.settings = read_settings(&self.conn)?;
        Ok(())
    }

    /// Change an office setting (one of `Settings::KEYS`, a whole number 1–120).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        if !Settings::KEYS.contains(&key) {
            return Err(StoreError::Invalid(store_msg!(
                UnknownSetting,
                key = key,
                keys = Settings::KEYS.join(", ")
            )));
        }
        if !value
            .parse::<u32>()
            .is_ok_and(|n| Settings::default().set(key, n))
        {
            let range = match key {
                k if k.starts_with("inspection_ratio_") => StoreMsg::SettingNotPercent,
                "inspection_exclude_months" => StoreMsg::SettingNotMonths,
                _ => StoreMsg::SettingNotInRange,
            };
            return Err(StoreError::Invalid(StoreMessage::new(
                range,
                crate::rule_args![key = key, value = value],
            )));
        }
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
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
            &capture,
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
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
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
                &capture,
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
        let tx = self.lock_for_writing()?;
        let ctx = Ctx {
            actor: &self.actor,
            capture: &self.capture,
            today: self.today,
            calendar: &self.calendar,
            settings: &self.settings,
        };
        Ok((tx, ctx))
    }

    /// Start a writing transaction. IMMEDIATE takes the write lock now, so busy_timeout applies
    /// (a DEFERRED transaction that turns into a write fails at once under contention).
    pub(crate) fn write(&mut self) -> Result<Transaction<'_>> {
        self.lock_for_writing()
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

    /// A consistent copy of the whole database, taken in one step while others keep writing,
    /// into a new file that appears only when complete (`files::OutputFile`).
    pub fn backup(&self, dest: &Path, force: bool) -> Result<()> {
        let out = crate::files::OutputFile::create_new(
            dest,
            force,
            &crate::files::database_files(&self.path),
            crate::files::output_mode(Some(&self.path)),
        )
        .map_err(StoreError::Output)?;
        let tmp = out
            .temporary_path()
            .to_str()
            .ok_or_else(|| StoreError::Invalid(store_msg!(BackupPathNotUtf8)))?
            .to_string();
        // VACUUM INTO accepts an existing empty file: the one just made with the right mode.
        self.conn.execute("VACUUM INTO ?1", [tmp])?;
        out.commit().map_err(StoreError::Output)?;
        Ok(())
    }

    /// SQLite's own check of the file: "ok" or the list of problems. `full` runs
    /// `integrity_check` (it also compares every index with its table); otherwise
    /// `quick_check`, which reads every page once (3× faster on a national register).
    pub fn integrity_check_with(&self, full: bool) -> Result<Vec<String>> {
        let pragma = if full {
            "PRAGMA integrity_check"
        } else {
            "PRAGMA quick_check"
        };
        let mut stmt = self.conn.prepare(pragma)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// SQLite's full integrity check: "ok" or the list of problems.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// How long a statement waits for a lock another user holds (a write lock: `lock_for_writing`).
const BUSY_TIMEOUT: Duration = long_write::PLAIN_WAIT;

/// How long a checkpoint after a big write waits for the readers and writer it meets (their
/// transactions last milliseconds; one that holds a snapshot longer is not waited for).
const CHECKPOINT_WAIT: Duration = Duration::from_millis(250);

/// After a write of many pages (an import, a demo batch), committed: copy the -wal into the
/// database and truncate it to 0 bytes now, instead of leaving it at the size of the batch
/// until the next writer restarts it (and `journal_size_limit` cuts it to 64 MiB) or the last
/// connection closes. Best effort, and never in other writers' way: the copy is a passive
/// checkpoint (writers go on meanwhile; it stops at the oldest reader's snapshot), and only a
/// WAL copied in full is truncated — a TRUNCATE checkpoint holds the write lock for all the
/// copying it does, and with 200 sessions reading, an import's 100–200 MB of frames copied
/// under it kept every act waiting more than 10 s without a commit (the load bench: 6 acts and
/// an import gave up).
pub(crate) fn truncate_wal(conn: &Connection) {
    let copied = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
    });
    if !matches!(copied, Ok((frames, done)) if frames >= 0 && done == frames) {
        return;
    }
    let _ = conn.busy_timeout(CHECKPOINT_WAIT);
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    });
    let _ = conn.busy_timeout(BUSY_TIMEOUT);
}

/// Add the names of bodies inserted after `last_indexed_id` to the name search index. Called
/// once per writing transaction that inserted bodies (see schema.sql on why not a trigger).
pub(crate) fn index_new_names(conn: &Connection, last_indexed_id: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO body_fts (rowid, name) SELECT id, name FROM body WHERE id > ?1",
        [last_indexed_id],
    )?;
    index_name_grams(conn, last_indexed_id)
}

/// Every 1- and 2-character substring of a body's name (`b`), ASCII letters lower-cased as LIKE
/// compares them: the rows of `body_name_gram` (as its update trigger in `schema.sql` makes them).
pub(crate) const NAME_GRAMS: &str =
    "SELECT DISTINCT lower(substr(b.name, p.key + 1, w.value)) AS gram, b.id AS body_id
    FROM body b,
         json_each('[' || rtrim(replace(hex(zeroblob(length(b.name))), '00', '0,'), ',') || ']') p,
         json_each('[1,2]') w
    WHERE p.key + w.value <= length(b.name)";

/// Add the short-name index's entries of the bodies after `last_indexed_id`.
fn index_name_grams(conn: &Connection, last_indexed_id: i64) -> Result<()> {
    // A few thousand bodies at a time, each slice in the index's order: its pages are written
    // once, not split again and again, and the sort stays small (temp_store is MEMORY: sorting
    // the grams of a 100,000-row import at once held ≈ 270 MB).
    const BODIES_PER_SLICE: i64 = 2_000;
    let last = last_body_id(conn)?;
    let mut stmt = conn.prepare(&format!(
        "INSERT OR IGNORE INTO body_name_gram (gram, body_id) {NAME_GRAMS} AND b.id > ?1 AND b.id <= ?2 ORDER BY 1, 2"
    ))?;
    let mut from = last_indexed_id;
    while from < last {
        let to = from.saturating_add(BODIES_PER_SLICE).min(last);
        stmt.execute([from, to])?;
        from = to;
    }
    Ok(())
}

/// The highest body id so far (0 when there is none): the mark for `index_new_names`.
pub(crate) fn last_body_id(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT coalesce(max(id), 0) FROM body", [], |r| r.get(0))?)
}

/// Parse a stored ISO date; a malformed one (written by another tool) becomes a clear error.
pub(crate) fn parse_stored_date(s: &str, what: &str) -> Result<Date> {
    s.parse::<Date>()
        .map_err(|_| StoreError::Invalid(store_msg!(StoredDate, what = what, value = s)))
}
