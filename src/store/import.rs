//! Writing a checked batch of approvals: one transaction, idempotent, never an overwrite.

use super::events::{self, Draft};
use super::{Result, Store, index_new_names, last_body_id, now_utc};
use crate::domain::acts::plan_grant;
use crate::import::{GrantRow, RowError};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

/// What writing a batch did (or, on a dry run or a rejected batch, would have done).
#[derive(Debug, Clone, Default, Serialize)]
pub struct BatchOutcome {
    /// New approvals written (each one a grant event).
    pub written: usize,
    /// Rows identical to what is stored: nothing changed.
    pub unchanged: usize,
    /// Rows that contradict the register (another body's approval number, changed particulars).
    pub errors: Vec<RowError>,
    /// Rows numbers of `errors`, for the rejects file.
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

struct Stored {
    body_uscc: String,
    body_name: String,
    route: String,
    decided_on: String,
    valid_until: String,
    authority: String,
    doc_no: String,
    scope: Vec<String>,
    /// Changed by an act since the grant: the file then speaks of an earlier state.
    moved_on: bool,
}

impl Store {
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
        let actor = self.actor.clone();
        let (calendar, settings) = (self.calendar.clone(), self.settings);
        let tx = self.write()?;
        let mut out = BatchOutcome {
            already_imported: tx
                .query_row(
                    "SELECT imported_at, imported_by FROM import_batch WHERE sha256 = ?1 ORDER BY id LIMIT 1",
                    [sha256],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?,
            ..Default::default()
        };
        let now = now_utc();
        let (mut last_id, mut prev_hash) = events::head(&tx)?;
        let last_body = last_body_id(&tx)?;
        {
            let mut find_qual = tx.prepare_cached(
                "SELECT q.id, b.uscc, b.name, q.route, q.decided_on, q.valid_until, q.authority, q.doc_no,
                        q.version > 1 OR b.version > 1
                 FROM qualification q JOIN body b ON b.id = q.body_id WHERE q.approval_no = ?1",
            )?;
            let mut scope_of = tx.prepare_cached(
                "SELECT item FROM scope_item WHERE qualification_id = ?1 ORDER BY id",
            )?;
            let mut find_body =
                tx.prepare_cached("SELECT id, name, kind FROM body WHERE uscc = ?1")?;
            let mut insert_body = tx.prepare_cached(
                "INSERT INTO body (uscc, name, kind, region, risk_class, address, legal_rep, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            )?;
            let mut insert_qual = tx.prepare_cached(
                "INSERT INTO qualification (body_id, approval_no, route, decided_on, valid_until, status, authority, doc_no, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
            )?;
            let mut insert_scope = tx.prepare_cached(
                "INSERT INTO scope_item (qualification_id, item, status, since) VALUES (?1, ?2, 'active', ?3)",
            )?;
            let mut insert_follow_up = tx.prepare_cached(
                "INSERT INTO follow_up (qualification_id, kind, opened_on, due_on, due_estimated) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;

            for row in rows {
                let mut reject = |column: &str, value: &str, message: String| {
                    out.errors.push(RowError {
                        row: row.row,
                        column: column.into(),
                        value: value.into(),
                        message,
                    });
                    out.rejected_rows.push(row.row);
                };
                let approval = row.approval_no.as_str();
                let stored = find_qual
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
                                scope: Vec::new(),
                                moved_on: r.get(8)?,
                            },
                        ))
                    })
                    .optional()?;
                if let Some((qid, mut s)) = stored {
                    s.scope = scope_of
                        .query_map([qid], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?;
                    if s.body_uscc != row.uscc.as_str() {
                        reject(
                            "approval_no",
                            approval,
                            format!(
                                "approval {approval} belongs to another body ({} {}); an import never moves an approval — check the number or the USCC",
                                s.body_uscc, s.body_name
                            ),
                        );
                        continue;
                    }
                    match first_difference(&s, row) {
                        None => out.unchanged += 1,
                        Some((column, stored_value, file_value)) => reject(
                            column,
                            &file_value,
                            format!(
                                "approval {approval} is registered with {column} = {stored_value}; the file says {file_value}. \
                                 An import never overwrites: record the change as an act (certdesk act renew / change-scope / change-particulars)"
                            ),
                        ),
                    }
                    continue;
                }

                let body = find_body
                    .query_row([row.uscc.as_str()], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                        ))
                    })
                    .optional()?;
                let body_id = match body {
                    Some((id, name, kind)) => {
                        if name != row.name {
                            reject(
                                "name",
                                &row.name,
                                format!(
                                    "USCC {} is registered as '{name}'; correct the name, or record a change of name with certdesk act change-particulars first",
                                    row.uscc
                                ),
                            );
                            continue;
                        }
                        if kind != row.kind.as_str() {
                            reject(
                                "kind",
                                row.kind.as_str(),
                                format!("USCC {} is registered as kind {kind}", row.uscc),
                            );
                            continue;
                        }
                        id
                    }
                    None => insert_body.query_row(
                        params![
                            row.uscc.as_str(),
                            row.name,
                            row.kind.as_str(),
                            row.region,
                            row.risk_class.as_str(),
                            row.address,
                            row.legal_rep,
                            now,
                            actor
                        ],
                        |r| r.get::<_, i64>(0),
                    )?,
                };
                let (status, follow_up) =
                    plan_grant(row.route, row.kind, row.decided_on, &calendar, &settings);
                let qid: i64 = insert_qual.query_row(
                    params![
                        body_id,
                        approval,
                        row.route.as_str(),
                        row.decided_on.to_string(),
                        row.valid_until.to_string(),
                        status.as_str(),
                        row.authority,
                        row.doc_no,
                        now,
                        actor
                    ],
                    |r| r.get(0),
                )?;
                let decided = row.decided_on.to_string();
                for item in &row.scope {
                    insert_scope.execute(params![qid, item, decided])?;
                }
                if let Some(f) = &follow_up {
                    insert_follow_up.execute(params![
                        qid,
                        f.kind.as_str(),
                        decided,
                        f.due.date.to_string(),
                        f.due.estimated
                    ])?;
                }
                let draft = Draft {
                    act: "grant",
                    approval_no: Some(approval),
                    uscc: Some(row.uscc.as_str()),
                    act_date: Some(decided.clone()),
                    basis: "",
                    doc_no: &row.doc_no,
                    reason: "",
                    before: None,
                    after: Some(
                        json!({ "status": status.as_str(), "valid_until": row.valid_until.to_string(), "version": 1 }),
                    ),
                    details: Some(json!({
                        "source": "import", "file": file_name, "sha256": sha256, "row": row.row,
                        "route": row.route.as_str(), "authority": row.authority, "scope": row.scope,
                        "verification_due": follow_up.map(|f| f.due.date.to_string()),
                    })),
                    ..Draft::new(&actor)
                };
                let event = events::build(last_id + 1, now.clone(), &draft, prev_hash);
                events::insert(&tx, &event)?;
                last_id = event.id;
                prev_hash = event.hash;
                out.written += 1;
            }
        }
        let rejected_here = !out.errors.is_empty() && !mode.skip_invalid;
        if mode.dry_run || rejected_here || out.written == 0 {
            if rejected_here {
                out.written = 0;
            }
            return Ok(out); // dropping the transaction rolls it back
        }
        index_new_names(&tx, last_body)?;
        tx.execute(
            "INSERT INTO import_batch (sha256, file_name, imported_at, imported_by, rows, written, unchanged, rejected)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                sha256,
                file_name,
                now,
                actor,
                (rows.len() + earlier_rejected) as i64,
                out.written as i64,
                out.unchanged as i64,
                (out.errors.len() + earlier_rejected) as i64
            ],
        )?;
        tx.commit()?;
        out.committed = true;
        Ok(out)
    }
}

/// The first field where the file's row differs from the stored approval: (column, stored, file).
/// Once acts have changed the approval (renewed, scope changed, renamed), only the facts of the
/// grant itself are compared: re-importing the original file must still change nothing.
fn first_difference(s: &Stored, row: &GrantRow) -> Option<(&'static str, String, String)> {
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
    let current = [
        ("name", s.body_name.clone(), row.name.clone()),
        (
            "valid_until",
            s.valid_until.clone(),
            row.valid_until.to_string(),
        ),
        ("scope", s.scope.join(";"), row.scope.join(";")),
    ];
    let mut pairs = grant
        .into_iter()
        .chain(current.into_iter().filter(|_| !s.moved_on));
    pairs.find(|(_, a, b)| a != b)
}
