//! The office's people: every act records a login (from the operating system); this table
//! gives the name, certificate and department shown beside it, never instead of it.

use super::events::{self, Draft};
use super::{Result, Store, StoreError, now_utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

/// One officer as the office recorded them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Officer {
    pub login: String,
    pub name: String,
    pub cert_no: String,
    pub dept: String,
    pub kinds: String,
    pub active: bool,
    pub version: i64,
}

/// What `set_officer` changes; None leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OfficerChange {
    pub name: Option<String>,
    pub cert_no: Option<String>,
    pub dept: Option<String>,
    pub kinds: Option<String>,
}

impl Store {
    /// Add an officer or change their particulars: one transaction, one `set-officer` event.
    pub fn set_officer(&mut self, login: &str, change: &OfficerChange) -> Result<Officer> {
        let login = login.trim();
        if login.is_empty() || login.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(StoreError::Invalid(format!(
                "'{}' is not a login name: give the account name the officer logs in with (no spaces)",
                crate::domain::text::sanitize_for_display(login)
            )));
        }
        for (field, value) in [
            ("name", &change.name),
            ("cert-no", &change.cert_no),
            ("dept", &change.dept),
            ("kinds", &change.kinds),
        ] {
            if let Some(v) = value
                && let Some(c) = crate::domain::text::first_control_char(v)
            {
                return Err(StoreError::Invalid(format!(
                    "--{field}: a control character ({:?}) is not allowed",
                    c
                )));
            }
        }
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let now = now_utc();
        let tx = self.write()?;
        let before = officer(&tx, login)?;
        tx.execute(
            "INSERT INTO officer (login, name, cert_no, dept, kinds, updated_at, updated_by)
             VALUES (?1, coalesce(?2, ''), coalesce(?3, ''), coalesce(?4, ''), coalesce(?5, ''), ?6, ?7)
             ON CONFLICT (login) DO UPDATE SET
                name = coalesce(?2, name), cert_no = coalesce(?3, cert_no), dept = coalesce(?4, dept),
                kinds = coalesce(?5, kinds), version = version + 1, updated_at = ?6, updated_by = ?7",
            params![
                login,
                change.name.as_deref().map(str::trim),
                change.cert_no.as_deref().map(str::trim),
                change.dept.as_deref().map(str::trim),
                change.kinds.as_deref().map(str::trim),
                now,
                actor
            ],
        )?;
        let after =
            officer(&tx, login)?.ok_or_else(|| StoreError::NotFound(format!("officer {login}")))?;
        events::append(
            &tx,
            &capture,
            &Draft {
                act: "set-officer",
                details: Some(json!({ "login": login })),
                before: before.as_ref().map(|o| json!(o)),
                after: Some(json!(after)),
                ..Draft::new(&actor)
            },
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// Every officer, by login.
    pub fn officers(&self) -> Result<Vec<Officer>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {OFFICER_COLUMNS} FROM officer ORDER BY login"
        ))?;
        let rows = stmt.query_map([], officer_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The names the office gave its officers, by login (for showing beside each login).
    pub fn officer_names(&self) -> Result<std::collections::BTreeMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT login, name FROM officer WHERE name <> ''")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// How a login is shown: `login (name)` when the office gave a name, the login alone
/// otherwise — the recorded login always stays visible.
pub fn label(login: &str, names: &std::collections::BTreeMap<String, String>) -> String {
    match names.get(login) {
        Some(name) => format!("{login} ({name})"),
        None => login.to_string(),
    }
}

const OFFICER_COLUMNS: &str = "login, name, cert_no, dept, kinds, active, version";

fn officer_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Officer> {
    Ok(Officer {
        login: r.get(0)?,
        name: r.get(1)?,
        cert_no: r.get(2)?,
        dept: r.get(3)?,
        kinds: r.get(4)?,
        active: r.get(5)?,
        version: r.get(6)?,
    })
}

fn officer(conn: &rusqlite::Connection, login: &str) -> Result<Option<Officer>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {OFFICER_COLUMNS} FROM officer WHERE login = ?1"
        ))?
        .query_row([login], officer_from_row)
        .optional()?)
}
