//! The register: every qualification with its body, filtered and paged by keyset (never OFFSET),
//! so a screen never loads or scans more than a page.

use super::changes::{Bodies, QUALIFICATIONS_OF_BODIES, bodies_param, of_bodies};
use super::{Result, Store, parse_stored_date};
use crate::domain::ids::BodyKind;
use crate::domain::model::{QualStatus, RiskClass, Route};
use rusqlite::ToSql;
use serde::Serialize;

/// Column the register is ordered by: each column the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegisterSort {
    /// By pinyin (`body.name_sort`), not by code point.
    #[default]
    Name,
    Uscc,
    ApprovalNo,
    /// By the state as derived today, in the order of a qualification's life (有效 first).
    Status,
    ValidUntil,
    Route,
    Region,
    Risk,
}

impl RegisterSort {
    pub const ALL: [RegisterSort; 8] = [
        RegisterSort::Name,
        RegisterSort::Uscc,
        RegisterSort::ApprovalNo,
        RegisterSort::Status,
        RegisterSort::ValidUntil,
        RegisterSort::Route,
        RegisterSort::Region,
        RegisterSort::Risk,
    ];

    /// The SQL of the column's value as the cursor holds it (text, compared as text). A body's
    /// column carries the body's id after it (`char(1)`, then 19 digits): the register orders
    /// by (column, body, qualification) so that each sort walks an index of the body table.
    fn column(self, today: jiff::civil::Date) -> String {
        match self.body_column() {
            Some(col) => format!("({col} || char(1) || printf('%019d', b.id))"),
            None => match self {
                RegisterSort::Status => status_key_sql(today),
                RegisterSort::ApprovalNo => "q.approval_no".into(),
                RegisterSort::ValidUntil => "q.valid_until".into(),
                _ => "q.route".into(),
            },
        }
    }

    /// The body's column the sort is by, if it is one (each has an index `(column, id)`).
    fn body_column(self) -> Option<&'static str> {
        match self {
            RegisterSort::Name => Some("b.name_sort"),
            RegisterSort::Uscc => Some("b.uscc"),
            RegisterSort::Region => Some("b.region"),
            RegisterSort::Risk => Some("b.risk_class"),
            _ => None,
        }
    }
}

/// The body sort's cursor key split back into the column's value and the body's id.
fn split_body_key(key: &str) -> (String, i64) {
    match key.rsplit_once('\u{1}') {
        Some((value, id)) => (value.to_string(), id.parse().unwrap_or(0)),
        None => (key.to_string(), 0),
    }
}

/// The derived state's place in a qualification's life as two digits: 有效, 延续审查中,
/// 有效（待核查）, 停业整顿, 已过期, then the ends. Derived as the status filter derives it (`today`
/// is a date: digits and hyphens only, safe in the text).
fn status_rank_sql(today: jiff::civil::Date) -> String {
    let renewal = super::applications::RENEWAL_LATE_SQL;
    format!(
        "(CASE WHEN q.status IN ('active', 'renewal_pending', 'pending_verification', 'suspended')
                    AND q.valid_until < '{today}' AND coalesce({renewal}, 1) = 1 THEN '50'
               WHEN q.status IN ('active', 'renewal_pending') AND q.valid_until >= '{today}'
                    AND {renewal} IS NOT NULL THEN '20'
               ELSE CASE q.status WHEN 'active' THEN '10' WHEN 'renewal_pending' THEN '10'
                    WHEN 'pending_verification' THEN '30' WHEN 'suspended' THEN '40'
                    WHEN 'expired' THEN '50' WHEN 'revoked' THEN '60' WHEN 'revoked_penalty' THEN '70'
                    WHEN 'withdrawn' THEN '80' WHEN 'cancelled' THEN '90' ELSE '99' END END)"
    )
}

/// The status sort's key: the derived rank, the stored state, the end date ("50 active
/// 2026-03-01"). The derived part depends on today, so no index can hold it; the register
/// reads it as segments instead (`STATUS_SEGMENTS`), each one stored state's rows of one rank,
/// walked on the index (status, valid_until) in end-date order.
fn status_key_sql(today: jiff::civil::Date) -> String {
    format!(
        "({} || ' ' || q.status || ' ' || q.valid_until)",
        status_rank_sql(today)
    )
}

/// (derived rank, stored state) in the order of the status key: the stored states each rank
/// can come from (50: a live state past its end, or a refused renewal's `expired`).
const STATUS_SEGMENTS: [(&str, &str); 15] = [
    ("10", "active"),
    ("10", "renewal_pending"),
    ("20", "active"),
    ("20", "renewal_pending"),
    ("30", "pending_verification"),
    ("40", "suspended"),
    ("50", "active"),
    ("50", "expired"),
    ("50", "pending_verification"),
    ("50", "renewal_pending"),
    ("50", "suspended"),
    ("60", "revoked"),
    ("70", "revoked_penalty"),
    ("80", "withdrawn"),
    ("90", "cancelled"),
];

/// The status key of a cursor split back: rank, stored state, end date.
fn split_status_key(key: &str) -> (String, String, String) {
    let mut parts = key.splitn(3, ' ');
    let mut next = || parts.next().unwrap_or_default().to_string();
    (next(), next(), next())
}

/// What the officer filters by: free text (name, USCC or approval number) and facets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterQuery {
    pub text: String,
    pub status: Option<QualStatus>,
    pub route: Option<Route>,
    pub kind: Option<BodyKind>,
    pub risk_class: Option<RiskClass>,
    pub region: Option<String>,
    pub sort: RegisterSort,
    /// The sort column from its largest value down (▼).
    pub descending: bool,
}

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterRow {
    pub qualification_id: i64,
    pub body_id: i64,
    pub name: String,
    pub uscc: String,
    pub approval_no: String,
    pub kind: String,
    pub route: String,
    /// Effective status as of today.
    pub status: String,
    pub valid_until: String,
    pub region: String,
    pub risk_class: String,
    /// The value of the sort column: with `qualification_id`, the keyset cursor.
    pub sort_key: String,
}

/// Where a page starts: strictly after (or, going back, before) this row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub sort_key: String,
    pub qualification_id: i64,
}

impl RegisterRow {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            sort_key: self.sort_key.clone(),
            qualification_id: self.qualification_id,
        }
    }
}

/// The most a count goes to: beyond it the screen says "10000+" instead of scanning everything.
pub const COUNT_CAP: u64 = 10_000;

/// The most rows `register_rows_of` reads (a few bodies have a few qualifications each).
const ROWS_OF_BODIES: usize = 1_000;

impl Store {
    /// Build the WHERE clause and its parameters for a query.
    fn register_filter(&self, q: &RegisterQuery) -> (String, Vec<Box<dyn ToSql>>) {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Box<dyn ToSql>> = Vec::new();
        let today = self.today.to_string();
        let text = q.text.trim();
        if !text.is_empty() {
            let n = text.chars().count();
            // Name: trigram FTS for 3+ characters (handles Chinese), LIKE for 1–2 (FTS finds nothing).
            let name_cond = if n >= 3 {
                args.push(Box::new(format!("\"{}\"", text.replace('"', "\"\""))));
                "b.id IN (SELECT rowid FROM body_fts WHERE body_fts MATCH ?)"
            } else {
                args.push(Box::new(format!("%{}%", escape_like(text))));
                "b.name LIKE ? ESCAPE '\\'"
            };
            let id = crate::domain::text::normalise_id(text);
            let code_like = id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if code_like && id.len() < 4 {
                // A short prefix matches most of the register: one scan that stops at the first
                // page is cheaper than uniting every match first.
                let like_id = format!("{}%", escape_like(&id));
                args.push(Box::new(like_id.clone()));
                args.push(Box::new(like_id));
                conds.push(format!(
                    "({name_cond} OR b.uscc LIKE ? ESCAPE '\\' OR q.approval_no LIKE ? ESCAPE '\\')"
                ));
            } else if code_like {
                // Could be the start of a USCC or an approval number as well as part of a name:
                // each looked up by its own index (a prefix is a range), then united. One OR
                // across the two tables would scan every qualification on each keystroke.
                args.push(Box::new(id.clone()));
                args.push(Box::new(format!("{id}~")));
                args.push(Box::new(id.clone()));
                args.push(Box::new(format!("{id}~")));
                conds.push(format!(
                    "q.id IN (SELECT q1.id FROM qualification q1 JOIN body b1 ON b1.id = q1.body_id WHERE {}
                              UNION SELECT q2.id FROM qualification q2 JOIN body b2 ON b2.id = q2.body_id
                                    WHERE b2.uscc >= ? AND b2.uscc < ?
                              UNION SELECT id FROM qualification WHERE approval_no >= ? AND approval_no < ?)",
                    name_cond.replace("b.", "b1.")
                ));
            } else {
                // Chinese (or other) text can only be part of a name.
                conds.push(name_cond.to_string());
            }
        }
        if let Some(s) = q.status {
            // The state is derived as `QualStatus::standing` derives it (the end of a period
            // renewed by law, years away, is not); `renewal` is NULL, 1 (late) or 0 (in time).
            let renewal = super::applications::RENEWAL_LATE_SQL;
            let live = "('active', 'renewal_pending', 'pending_verification', 'suspended')";
            let active = "('active', 'renewal_pending')";
            match s {
                QualStatus::Expired => {
                    conds.push(format!(
                        "(q.status = 'expired' OR (q.status IN {live} AND q.valid_until < ? AND coalesce({renewal}, 1) = 1))"
                    ));
                    args.push(Box::new(today));
                }
                QualStatus::Active => {
                    conds.push(format!(
                        "(q.status IN {active} AND CASE WHEN q.valid_until >= ? THEN {renewal} IS NULL ELSE {renewal} = 0 END)"
                    ));
                    args.push(Box::new(today));
                }
                QualStatus::RenewalPending => {
                    conds.push(format!(
                        "(q.status IN {active} AND q.valid_until >= ? AND {renewal} IS NOT NULL)"
                    ));
                    args.push(Box::new(today));
                }
                QualStatus::PendingVerification | QualStatus::Suspended => {
                    conds.push(format!(
                        "(q.status = ? AND (q.valid_until >= ? OR {renewal} = 0))"
                    ));
                    args.push(Box::new(s.as_str()));
                    args.push(Box::new(today));
                }
                other => {
                    conds.push("q.status = ?".into());
                    args.push(Box::new(other.as_str()));
                }
            }
        }
        if let Some(r) = q.route {
            conds.push("q.route = ?".into());
            args.push(Box::new(r.as_str()));
        }
        if let Some(k) = q.kind {
            conds.push("b.kind = ?".into());
            args.push(Box::new(k.as_str()));
        }
        if let Some(r) = q.risk_class {
            conds.push("b.risk_class = ?".into());
            args.push(Box::new(r.as_str()));
        }
        if let Some(r) = q.region.as_deref().filter(|r| !r.is_empty()) {
            // A prefix: "44" is Guangdong, "4403" Shenzhen.
            conds.push("b.region LIKE ? ESCAPE '\\'".into());
            args.push(Box::new(format!("{}%", escape_like(r))));
        }
        let clause = if conds.is_empty() {
            "1".to_string()
        } else {
            conds.join(" AND ")
        };
        (clause, args)
    }

    /// One page of the register after `after` (or before it, with `backwards`), in sort order.
    pub fn register_page(
        &self,
        q: &RegisterQuery,
        after: Option<&Cursor>,
        backwards: bool,
        limit: usize,
    ) -> Result<Vec<RegisterRow>> {
        self.register_rows(q, None, after, backwards, limit)
    }

    /// Every row under `q`, in its sort order (what the register's `e` exports): read by keyset
    /// in pages, so no single read holds a snapshot over the whole register.
    pub fn register_all(&self, q: &RegisterQuery) -> Result<Vec<RegisterRow>> {
        const PAGE: usize = 2_000;
        let mut all: Vec<RegisterRow> = Vec::new();
        loop {
            let after = all.last().map(RegisterRow::cursor);
            let page = self.register_rows(q, None, after.as_ref(), false, PAGE)?;
            let done = page.len() < PAGE;
            all.extend(page);
            if done {
                return Ok(all);
            }
        }
    }

    /// The rows under `q` of the bodies `bodies` as they are now, in sort order: where a change
    /// to them shows in a page (the screens compare them with the rows on screen).
    pub fn register_rows_of(&self, q: &RegisterQuery, bodies: &Bodies) -> Result<Vec<RegisterRow>> {
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows = self.register_rows(q, Some(bodies), None, false, ROWS_OF_BODIES)?;
        rows.sort_by(|a, b| {
            (&a.sort_key, a.qualification_id).cmp(&(&b.sort_key, b.qualification_id))
        });
        if q.descending {
            rows.reverse();
        }
        Ok(rows)
    }

    /// A page, or (`among`) the rows of a few bodies, unordered: the body condition takes the
    /// place of the order, which would have SQLite walk the whole sort index to find them.
    fn register_rows(
        &self,
        q: &RegisterQuery,
        among: Option<&Bodies>,
        after: Option<&Cursor>,
        backwards: bool,
        limit: usize,
    ) -> Result<Vec<RegisterRow>> {
        // Paging back through a descending list reads ascending, and the other way round.
        let descending = q.descending != backwards;
        let mut out = if q.sort == RegisterSort::Status && among.is_none() {
            self.status_rows(q, after, descending, limit)?
        } else {
            let (sql, args) = self.register_sql(q, among, after, descending, limit);
            self.read_rows(&sql, &args, limit)?
        };
        if backwards {
            out.reverse();
        }
        Ok(out)
    }

    /// The SQL of a page in the sort's order (or of the rows `among` a few bodies), with its
    /// parameters. Every order is an index's: (column, id) of the body for a body's column,
    /// then each body's qualifications by id; the qualification's column and id otherwise.
    fn register_sql(
        &self,
        q: &RegisterQuery,
        among: Option<&Bodies>,
        after: Option<&Cursor>,
        descending: bool,
        limit: usize,
    ) -> (String, Vec<Box<dyn ToSql>>) {
        let (mut clause, mut args) = self.register_filter(q);
        let col = q.sort.column(self.today);
        let quals = match among {
            Some(b) => {
                clause.push_str(&format!(" AND {}", of_bodies("?")));
                args.push(Box::new(bodies_param(b)));
                QUALIFICATIONS_OF_BODIES
            }
            None => "qualification q",
        };
        let order_by: Vec<&str> = match q.sort.body_column() {
            Some(body_col) => vec![body_col, "b.id", "q.id"],
            None => vec![col.as_str(), "q.id"],
        };
        if let Some(c) = after {
            let side = if descending { "<" } else { ">" };
            match q.sort.body_column() {
                Some(body_col) => {
                    let (value, body_id) = split_body_key(&c.sort_key);
                    clause.push_str(&format!(" AND ({body_col}, b.id, q.id) {side} (?, ?, ?)"));
                    args.push(Box::new(value));
                    args.push(Box::new(body_id));
                }
                None => {
                    clause.push_str(&format!(" AND ({col}, q.id) {side} (?, ?)"));
                    args.push(Box::new(c.sort_key.clone()));
                }
            }
            args.push(Box::new(c.qualification_id));
        }
        let dir = if descending { "DESC" } else { "ASC" };
        let order = match among {
            None => format!(
                "ORDER BY {}",
                order_by
                    .iter()
                    .map(|c| format!("{c} {dir}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some(_) => String::new(),
        };
        // A body's column: the bodies walked in its index's order, each one's qualifications
        // found by their body (CROSS JOIN keeps that order of the loops; without statistics
        // SQLite would walk the qualifications and sort them all).
        let from = match (q.sort.body_column(), among) {
            (Some(_), None) => "body b CROSS JOIN qualification q ON q.body_id = b.id".to_string(),
            _ => format!("{quals} JOIN body b ON b.id = q.body_id"),
        };
        (register_select(&col, &from, &clause, &order, limit), args)
    }

    /// A page sorted by the state as derived today: segment after segment (`STATUS_SEGMENTS`,
    /// from the cursor's on), each read on the index (status, valid_until) until the page is full.
    fn status_rows(
        &self,
        q: &RegisterQuery,
        after: Option<&Cursor>,
        descending: bool,
        limit: usize,
    ) -> Result<Vec<RegisterRow>> {
        let at = after.map(|c| {
            let (rank, status, until) = split_status_key(&c.sort_key);
            ((rank, status), (until, c.qualification_id))
        });
        let mut order: Vec<usize> = (0..STATUS_SEGMENTS.len()).collect();
        if descending {
            order.reverse();
        }
        let mut out = Vec::with_capacity(limit);
        for i in order {
            let (rank, status) = STATUS_SEGMENTS[i];
            let seg = (rank.to_string(), status.to_string());
            let within = match &at {
                None => None,
                Some((cur, _)) if (&seg < cur && !descending) || (&seg > cur && descending) => {
                    continue;
                }
                Some((cur, inside)) if &seg == cur => Some(inside),
                Some(_) => None,
            };
            let (sql, args) = self.status_segment_sql(q, i, within, descending, limit - out.len());
            out.extend(self.read_rows(&sql, &args, limit - out.len())?);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// The SQL of one status segment's rows, after (`within`) an end date and id of it.
    fn status_segment_sql(
        &self,
        q: &RegisterQuery,
        segment: usize,
        within: Option<&(String, i64)>,
        descending: bool,
        limit: usize,
    ) -> (String, Vec<Box<dyn ToSql>>) {
        let (rank, status) = STATUS_SEGMENTS[segment];
        let (mut clause, mut args) = self.register_filter(q);
        let today = self.today;
        // The states and ranks are constants, today a date: safe in the text.
        clause.push_str(&format!(
            " AND q.status = '{status}' AND {} = '{rank}'",
            status_rank_sql(today)
        ));
        // Where the rank is decided by the end date alone, a range of the index.
        let live = [
            "active",
            "renewal_pending",
            "pending_verification",
            "suspended",
        ];
        if rank == "50" && live.contains(&status) {
            clause.push_str(&format!(" AND q.valid_until < '{today}'"));
        } else if rank == "20" {
            clause.push_str(&format!(" AND q.valid_until >= '{today}'"));
        }
        if let Some((until, id)) = within {
            let side = if descending { "<" } else { ">" };
            clause.push_str(&format!(" AND (q.valid_until, q.id) {side} (?, ?)"));
            args.push(Box::new(until.clone()));
            args.push(Box::new(*id));
        }
        let dir = if descending { "DESC" } else { "ASC" };
        let order = format!("ORDER BY q.valid_until {dir}, q.id {dir}");
        let col = status_key_sql(today);
        (
            register_select(
                &col,
                "qualification q JOIN body b ON b.id = q.body_id",
                &clause,
                &order,
                limit,
            ),
            args,
        )
    }

    /// Run a register read (`register_select`) and derive each row's state as of today.
    fn read_rows(
        &self,
        sql: &str,
        args: &[Box<dyn ToSql>],
        limit: usize,
    ) -> Result<Vec<RegisterRow>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let mut rows = stmt.query(params.as_slice())?;
        let mut out = Vec::with_capacity(limit);
        while let Some(r) = rows.next()? {
            let status: String = r.get(7)?;
            let until: String = r.get(8)?;
            let (effective, until) = match QualStatus::parse(&status) {
                Some(s) => {
                    let standing = s.standing(
                        parse_stored_date(&until, "valid_until")?,
                        r.get(12)?,
                        self.settings.validity_years,
                        self.today,
                    );
                    (
                        standing.status.as_str().to_string(),
                        standing.valid_until.to_string(),
                    )
                }
                None => (status, until),
            };
            out.push(RegisterRow {
                qualification_id: r.get(0)?,
                body_id: r.get(1)?,
                name: r.get(2)?,
                uscc: r.get(3)?,
                approval_no: r.get(4)?,
                kind: r.get(5)?,
                route: r.get(6)?,
                status: effective,
                valid_until: until,
                region: r.get(9)?,
                risk_class: r.get(10)?,
                sort_key: r.get(11)?,
            });
        }
        Ok(out)
    }

    /// How many qualifications match, counted up to `COUNT_CAP` (the screen shows "10000+").
    pub fn register_count(&self, q: &RegisterQuery) -> Result<u64> {
        let (clause, args) = self.register_filter(q);
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM qualification q JOIN body b ON b.id = q.body_id WHERE {clause} LIMIT {})",
            COUNT_CAP + 1
        );
        let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params.as_slice(), |r| r.get(0))?;
        Ok(n as u64)
    }
}

/// The register's read: a row's columns, the sort key and the open renewal's lateness.
fn register_select(col: &str, from: &str, clause: &str, order: &str, limit: usize) -> String {
    format!(
        "SELECT q.id, b.id, b.name, b.uscc, q.approval_no, b.kind, q.route, q.status, q.valid_until, b.region, b.risk_class, {col},
                {}
         FROM {from}
         WHERE {clause} {order} LIMIT {limit}",
        super::applications::RENEWAL_LATE_SQL
    )
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    /// Every page of `q` read forward by keyset, 3 rows at a time.
    fn pages(store: &Store, q: &RegisterQuery) -> Vec<RegisterRow> {
        let mut all: Vec<RegisterRow> = Vec::new();
        loop {
            let page = store
                .register_page(q, all.last().map(|r| r.cursor()).as_ref(), false, 3)
                .unwrap();
            if page.is_empty() {
                return all;
            }
            all.extend(page);
        }
    }

    #[test]
    fn every_column_sorts_both_ways_and_pages_the_same_in_each() {
        let (_dir, store) = fixture::temp();
        let everything = store
            .register_page(&RegisterQuery::default(), None, false, 1000)
            .unwrap();
        assert!(everything.len() > 6, "the fixture has a register");
        for sort in RegisterSort::ALL {
            let up = RegisterQuery {
                sort,
                ..Default::default()
            };
            let down = RegisterQuery {
                descending: true,
                ..up.clone()
            };
            let ascending = pages(&store, &up);
            let mut descending = pages(&store, &down);
            assert_eq!(ascending.len(), everything.len(), "{sort:?}");
            let keys: Vec<_> = ascending
                .iter()
                .map(|r| (r.sort_key.clone(), r.qualification_id))
                .collect();
            assert!(keys.is_sorted(), "{sort:?} ascending: {keys:?}");
            descending.reverse();
            assert_eq!(descending, ascending, "{sort:?}: ▼ is ▲ reversed");
            // Paging back from the end of the descending list gives the rows before it.
            let page = store
                .register_page(&down, Some(&ascending[0].cursor()), true, 2)
                .unwrap();
            assert_eq!(
                page,
                [ascending[2].clone(), ascending[1].clone()],
                "{sort:?}"
            );
        }
    }

    /// The query plan's lines of `sql`.
    fn plan(store: &Store, sql: &str, args: &[Box<dyn ToSql>]) -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
        stmt.query_map(params.as_slice(), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// The plans of a page's reads: one, or each status segment's.
    fn page_plans(
        store: &Store,
        q: &RegisterQuery,
        after: Option<&Cursor>,
        backwards: bool,
    ) -> Vec<Vec<String>> {
        let descending = q.descending != backwards;
        if q.sort == RegisterSort::Status {
            let within = after.map(|c| (split_status_key(&c.sort_key).2, c.qualification_id));
            (0..STATUS_SEGMENTS.len())
                .map(|i| {
                    let (sql, args) =
                        store.status_segment_sql(q, i, within.as_ref(), descending, 50);
                    plan(store, &sql, &args)
                })
                .collect()
        } else {
            let (sql, args) = store.register_sql(q, None, after, descending, 50);
            vec![plan(store, &sql, &args)]
        }
    }

    #[test]
    fn every_sort_of_the_whole_register_reads_an_index_in_order() {
        let (_dir, store) = fixture::temp();
        let everything = store
            .register_page(&RegisterQuery::default(), None, false, 1000)
            .unwrap();
        for sort in RegisterSort::ALL {
            for descending in [false, true] {
                let q = RegisterQuery {
                    sort,
                    descending,
                    ..Default::default()
                };
                let middle = store.register_page(&q, None, false, 5).unwrap()[4].cursor();
                // g (the first page), G (the last page: read backwards from the end), and the
                // pages on either side of a row.
                for (after, backwards) in [
                    (None, false),
                    (None, true),
                    (Some(&middle), false),
                    (Some(&middle), true),
                ] {
                    for lines in page_plans(&store, &q, after, backwards) {
                        assert!(
                            lines.iter().all(|l| !l.contains("TEMP B-TREE")),
                            "{sort:?} descending {descending}, after {after:?}, backwards {backwards}: {lines:#?}"
                        );
                        let sorted_by = match sort {
                            RegisterSort::Name => "body_by_name_sort",
                            RegisterSort::Uscc => "sqlite_autoindex_body_1",
                            RegisterSort::ApprovalNo => "sqlite_autoindex_qualification_1",
                            RegisterSort::Status => "qualification_by_status_end",
                            RegisterSort::ValidUntil => "qualification_by_end",
                            RegisterSort::Route => "qualification_by_route",
                            RegisterSort::Region => "body_by_region_id",
                            RegisterSort::Risk => "body_by_risk",
                        };
                        assert!(
                            lines[0].contains(sorted_by),
                            "{sort:?}: the outer loop walks {sorted_by}: {lines:#?}"
                        );
                    }
                }
            }
        }
        assert!(everything.len() > 6);
    }

    #[test]
    fn names_sort_by_pinyin_beijing_before_shanghai() {
        let (_dir, store) = fixture::temp();
        let names: Vec<String> = store
            .register_page(&RegisterQuery::default(), None, false, 1000)
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect();
        let keys: Vec<String> = names
            .iter()
            .map(|n| crate::domain::collation::name_sort_key(n))
            .collect();
        assert!(keys.is_sorted(), "{names:?}");
        let at = |city: &str| names.iter().position(|n| n.starts_with(city));
        if let (Some(bj), Some(sh)) = (at("北京"), at("上海")) {
            assert!(bj < sh, "{names:?}");
        }
    }

    #[test]
    fn the_status_column_sorts_by_the_state_as_derived_today() {
        let (_dir, store) = fixture::temp();
        let rows = pages(
            &store,
            &RegisterQuery {
                sort: RegisterSort::Status,
                ..Default::default()
            },
        );
        let rank = |s: &str| {
            [
                "active",
                "renewal_pending",
                "pending_verification",
                "suspended",
                "expired",
                "revoked",
                "revoked_penalty",
                "withdrawn",
                "cancelled",
            ]
            .iter()
            .position(|x| *x == s)
            .unwrap_or(99)
        };
        let ranks: Vec<usize> = rows.iter().map(|r| rank(&r.status)).collect();
        assert!(
            ranks.is_sorted(),
            "{:?}",
            rows.iter().map(|r| &r.status).collect::<Vec<_>>()
        );
        assert!(
            ranks.first() != ranks.last(),
            "the fixture has several states"
        );
    }
}
