//! The office's people: every act records a login (from the operating system); this table
//! gives the name, certificate and department shown beside it, never instead of it.

use super::events::{self, Draft};
use super::{Result, Store, StoreError, now_utc};
use crate::domain::region::Region;
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
    /// The authority the officer works for ('' when not recorded).
    pub authority: String,
    /// A GB/T 2260 prefix: what the screens open on ('' for none: everything).
    pub jurisdiction: String,
}

/// What `set_officer` changes; None leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OfficerChange {
    pub name: Option<String>,
    pub cert_no: Option<String>,
    pub dept: Option<String>,
    pub kinds: Option<String>,
    pub authority: Option<String>,
    /// Some(None) removes the jurisdiction.
    pub jurisdiction: Option<Option<Region>>,
}

impl Store {
    /// Add an officer or change their particulars: one transaction, one `set-officer` event.
    pub fn set_officer(&mut self, login: &str, change: &OfficerChange) -> Result<Officer> {
        let login = login.trim();
        if login.is_empty() || login.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(StoreError::Invalid(crate::store_msg!(
                NotALogin,
                login = crate::domain::text::sanitize_for_display(login).into_owned()
            )));
        }
        for (field, value) in [
            ("name", &change.name),
            ("cert-no", &change.cert_no),
            ("dept", &change.dept),
            ("kinds", &change.kinds),
            ("authority", &change.authority),
        ] {
            if let Some(v) = value
                && let Some(c) = crate::domain::text::first_control_char(v)
            {
                return Err(StoreError::Invalid(crate::store_msg!(
                    OfficerControlChar,
                    field = field,
                    char = format!("{c:?}")
                )));
            }
        }
        if let Some(Some(r)) = &change.jurisdiction {
            self.check_region(r).map_err(|e| {
                StoreError::Invalid(crate::store_msg!(
                    OfficerJurisdiction,
                    why = crate::i18n::rules::Arg::Said {
                        zh: crate::i18n::region_error(crate::i18n::Lang::Zh, &e),
                        en: crate::i18n::region_error(crate::i18n::Lang::En, &e),
                    }
                ))
            })?;
        }
        let jurisdiction = change
            .jurisdiction
            .as_ref()
            .map(|j| j.as_ref().map_or(String::new(), |r| r.as_str().to_string()));
        let (actor, capture) = (self.actor.clone(), self.capture.clone());
        let now = now_utc();
        let tx = self.write()?;
        let before = officer(&tx, login)?;
        tx.execute(
            "INSERT INTO officer (login, name, cert_no, dept, kinds, updated_at, updated_by, authority, jurisdiction)
             VALUES (?1, coalesce(?2, ''), coalesce(?3, ''), coalesce(?4, ''), coalesce(?5, ''), ?6, ?7, coalesce(?8, ''), coalesce(?9, ''))
             ON CONFLICT (login) DO UPDATE SET
                name = coalesce(?2, name), cert_no = coalesce(?3, cert_no), dept = coalesce(?4, dept),
                kinds = coalesce(?5, kinds), version = version + 1, updated_at = ?6, updated_by = ?7,
                authority = coalesce(?8, authority), jurisdiction = coalesce(?9, jurisdiction)",
            params![
                login,
                change.name.as_deref().map(str::trim),
                change.cert_no.as_deref().map(str::trim),
                change.dept.as_deref().map(str::trim),
                change.kinds.as_deref().map(str::trim),
                now,
                actor,
                change.authority.as_deref().map(str::trim),
                jurisdiction,
            ],
        )?;
        let after = officer(&tx, login)?
            .ok_or_else(|| StoreError::NotFound(crate::store_msg!(NoOfficer, login = login)))?;
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

    /// The officer recorded under `login`, if any.
    pub fn officer(&self, login: &str) -> Result<Option<Officer>> {
        officer(&self.conn, login)
    }

    /// The jurisdiction of the officer `login`: None when not recorded (or not an officer),
    /// or when what is stored is not a region (written by another tool): everything is shown.
    pub fn jurisdiction_of(&self, login: &str) -> Result<Option<Region>> {
        Ok(self
            .officer(login)?
            .and_then(|o| Region::parse(&o.jurisdiction).ok()))
    }

    /// The jurisdictions recorded for the officers of the authority `name` (distinct, '' for
    /// officers without one), and every authority recorded (to say what there is).
    pub fn authority_jurisdictions(&self, name: &str) -> Result<(Vec<String>, Vec<String>)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT jurisdiction FROM officer WHERE authority = ?1 ORDER BY 1",
        )?;
        let found = stmt
            .query_map([name.trim()], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT authority FROM officer WHERE authority <> '' ORDER BY 1",
        )?;
        let all = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok((found, all))
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

const OFFICER_COLUMNS: &str =
    "login, name, cert_no, dept, kinds, active, version, authority, jurisdiction";

fn officer_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Officer> {
    Ok(Officer {
        login: r.get(0)?,
        name: r.get(1)?,
        cert_no: r.get(2)?,
        dept: r.get(3)?,
        kinds: r.get(4)?,
        active: r.get(5)?,
        version: r.get(6)?,
        authority: r.get(7)?,
        jurisdiction: r.get(8)?,
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
