//! Reports: counts by status, route, kind, region and risk class, overdue counts, approvals by year;
//! and the event feed of the log screen (keyset paged, newest first).

use super::events::{EVENT_COLUMNS, Event, event_from_row};
use super::{Result, Store};
use rusqlite::ToSql;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reports {
    /// (effective status, count)
    pub by_status: Vec<(String, i64)>,
    pub by_route: Vec<(String, i64)>,
    pub by_kind: Vec<(String, i64)>,
    /// (province: the first two digits of the region code + "0000", count), largest first
    pub by_region: Vec<(String, i64)>,
    pub by_risk_class: Vec<(String, i64)>,
    /// (queue kind, overdue count)
    pub overdue: Vec<(String, i64)>,
    /// (year of decision, approvals)
    pub by_year: Vec<(String, i64)>,
}

impl Store {
    fn grouped(&self, sql: &str, args: &[&dyn ToSql]) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(args, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn reports(&self) -> Result<Reports> {
        let today = self.today.to_string();
        // As `QualStatus::standing` derives it (see `register_filter`).
        let effective = format!(
            "CASE WHEN q.status IN ('active', 'renewal_pending', 'pending_verification', 'suspended') AND q.valid_until < ?1
                       AND coalesce({r}, 1) = 1 THEN 'expired'
                  WHEN q.status IN ('active', 'renewal_pending') AND q.valid_until >= ?1 AND {r} IS NOT NULL THEN 'renewal_pending'
                  WHEN q.status = 'renewal_pending' THEN 'active'
                  ELSE q.status END",
            r = super::applications::RENEWAL_LATE_SQL
        );
        let mut overdue: std::collections::BTreeMap<String, i64> = Default::default();
        for item in self.queue(0)?.into_iter().filter(|i| i.overdue) {
            *overdue.entry(item.kind).or_default() += 1;
        }
        Ok(Reports {
            by_status: self.grouped(
                &format!("SELECT {effective} AS s, count(*) FROM qualification q GROUP BY s ORDER BY count(*) DESC"),
                &[&today],
            )?,
            by_route: self.grouped("SELECT route, count(*) FROM qualification GROUP BY route ORDER BY count(*) DESC", &[])?,
            by_kind: self.grouped(
                "SELECT b.kind, count(*) FROM qualification q JOIN body b ON b.id = q.body_id GROUP BY b.kind ORDER BY count(*) DESC",
                &[],
            )?,
            by_region: self.grouped(
                "SELECT substr(b.region, 1, 2) || '0000' AS p, count(*) FROM qualification q JOIN body b ON b.id = q.body_id
                 GROUP BY p ORDER BY count(*) DESC",
                &[],
            )?,
            by_risk_class: self.grouped(
                "SELECT b.risk_class, count(*) FROM qualification q JOIN body b ON b.id = q.body_id GROUP BY b.risk_class ORDER BY b.risk_class",
                &[],
            )?,
            overdue: overdue.into_iter().collect(),
            by_year: self.grouped("SELECT substr(decided_on, 1, 4) AS y, count(*) FROM qualification GROUP BY y ORDER BY y", &[])?,
        })
    }

    /// A page of the event log, newest first, strictly before event `before` (None = the newest),
    /// matching `filter` (`EventFilter`).
    pub fn events_page(
        &self,
        filter: &EventFilter,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<Event>> {
        self.events_matching(filter, "id < ?1", before.unwrap_or(i64::MAX), "DESC", limit)
    }

    /// The events of `filter` on the side `side` of event `from`, in `order` of id.
    pub(crate) fn events_matching(
        &self,
        filter: &EventFilter,
        side: &str,
        from: i64,
        order: &str,
        limit: usize,
    ) -> Result<Vec<Event>> {
        let text = filter.text.trim();
        let mut sql = format!("SELECT {EVENT_COLUMNS} FROM event WHERE {side}");
        let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(from)];
        if !text.is_empty() {
            sql.push_str(EVENT_FILTER_SQL);
            args.push(Box::new(text.to_string()));
            args.push(Box::new(crate::domain::text::normalise_id(text)));
            args.push(Box::new(serde_json::json!(filter.acts).to_string()));
        }
        sql.push_str(&format!(" ORDER BY id {order} LIMIT {limit}"));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let params: Vec<&dyn ToSql> = args.iter().map(|b| b.as_ref()).collect();
        let rows = stmt.query_map(params.as_slice(), event_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// What the log is filtered by: the text as typed, and the acts whose name (in either language,
/// as the screens say it) the front end found in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub text: String,
    /// Stored act codes (`suspend`, `case-open` …) the text names.
    pub acts: Vec<String>,
}

impl EventFilter {
    /// A filter by the text alone (the act codes it names are matched exactly).
    pub fn text(text: &str) -> EventFilter {
        EventFilter {
            text: text.to_string(),
            acts: Vec::new(),
        }
    }
}

/// An event matches the text (?2; ?3 normalised as an identifier) when it is its act code, one
/// of the acts named (?4, a JSON array), its approval number or USCC, the login that acted or
/// part of that officer's name, part of the reason, basis or document number, part of the
/// names of the officers it records (a penalty's, a case's) or of its case number. Details that
/// are not JSON (written by another tool) match nothing rather than fail the page.
const EVENT_FILTER_SQL: &str = " AND (act = ?2 OR act IN (SELECT value FROM json_each(?4))
      OR approval_no = ?3 OR uscc = ?3 OR actor = ?2
      OR actor IN (SELECT login FROM officer WHERE name <> '' AND instr(name, ?2) > 0)
      OR instr(reason, ?2) > 0 OR instr(basis, ?2) > 0 OR instr(doc_no, ?2) > 0
      OR (json_valid(details) AND (instr(coalesce(json_extract(details, '$.officers'), ''), ?2) > 0
                                  OR instr(coalesce(json_extract(details, '$.case_no'), ''), ?2) > 0)))";
