//! Reports: counts by status, route, kind, region and risk class, overdue counts, approvals by year;
//! and the event feed of the log screen (keyset paged, newest first).

use super::events::{EVENT_COLUMNS, Event, event_from_row};
use super::{Result, Store};
use crate::domain::region::Region;
use rusqlite::ToSql;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reports {
    /// (effective status, count)
    pub by_status: Vec<(String, i64)>,
    pub by_route: Vec<(String, i64)>,
    pub by_kind: Vec<(String, i64)>,
    /// (a region one level below the one reported on, as a six-digit code: a province
    /// `440000`, a city `440300`, a county; count), largest first
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
        self.reports_in(None)
    }

    /// The reports of the bodies in `region` (None: everywhere); `by_region` counts by the
    /// level below it (provinces, a province's cities, a city's counties; a county by itself),
    /// each as a six-digit code (`440300`).
    pub fn reports_in(&self, region: Option<&Region>) -> Result<Reports> {
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
        // A prefix is a range of the region index: [prefix, prefix~).
        let (low, high) = match region {
            Some(r) => (r.as_str().to_string(), format!("{}~", r.as_str())),
            None => (String::new(), "~".to_string()),
        };
        let within = "(?2 = '' OR (b.region >= ?2 AND b.region < ?3))";
        let from = format!("qualification q JOIN body b ON b.id = q.body_id WHERE {within}");
        let level = region.map_or(2, |r| (r.as_str().len() + 2).min(6));
        let mut overdue: std::collections::BTreeMap<String, i64> = Default::default();
        for item in self
            .queue(0)?
            .into_iter()
            .filter(|i| i.overdue && region.is_none_or(|r| r.contains(&i.region)))
        {
            *overdue.entry(item.kind).or_default() += 1;
        }
        let args: [&dyn ToSql; 3] = [&today, &low, &high];
        let grouped = |select: &str, group: &str| {
            self.grouped(
                &format!("SELECT {select}, count(*) FROM {from} GROUP BY {group}"),
                &args,
            )
        };
        Ok(Reports {
            by_status: grouped(&format!("{effective} AS s"), "s ORDER BY count(*) DESC")?,
            by_route: grouped("q.route", "q.route ORDER BY count(*) DESC")?,
            by_kind: grouped("b.kind", "b.kind ORDER BY count(*) DESC")?,
            by_region: grouped(
                &format!("substr(substr(b.region, 1, {level}) || '000000', 1, 6) AS p"),
                "p ORDER BY count(*) DESC, p",
            )?,
            by_risk_class: grouped("b.risk_class", "b.risk_class ORDER BY b.risk_class")?,
            overdue: overdue.into_iter().collect(),
            by_year: grouped("substr(q.decided_on, 1, 4) AS y", "y ORDER BY y")?,
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

    /// Every event of `filter`, newest first (what the log's `e` exports), read in pages.
    pub fn events_all(&self, filter: &EventFilter) -> Result<Vec<Event>> {
        const PAGE: usize = 1_000;
        let mut all: Vec<Event> = Vec::new();
        loop {
            let page = self.events_page(filter, all.last().map(|e| e.id), PAGE)?;
            let done = page.len() < PAGE;
            all.extend(page);
            if done {
                return Ok(all);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    fn region(s: &str) -> Region {
        Region::parse(s).unwrap()
    }

    #[test]
    fn reports_in_a_region_count_its_bodies_by_the_level_below() {
        let (_dir, store) = fixture::temp();
        let all = store.reports().unwrap();
        assert!(all.by_region.contains(&("110000".to_string(), 4)));
        let total = |r: &Reports| r.by_status.iter().map(|(_, n)| n).sum::<i64>();
        assert_eq!(total(&all), 12);
        let beijing = store.reports_in(Some(&region("11"))).unwrap();
        assert_eq!(total(&beijing), 4);
        assert_eq!(beijing.by_region, vec![("110100".to_string(), 4)]);
        let guangdong = store.reports_in(Some(&region("44"))).unwrap();
        assert_eq!(
            guangdong.by_region,
            vec![("440100".to_string(), 1), ("440300".to_string(), 1)]
        );
        assert_eq!(
            guangdong.overdue,
            vec![
                ("expired".to_string(), 1),
                ("renewal_filing".to_string(), 1)
            ]
        );
        let chaoyang = store.reports_in(Some(&region("110105"))).unwrap();
        assert_eq!(chaoyang.by_region, vec![("110105".to_string(), 2)]);
        assert!(chaoyang.overdue.is_empty());
    }

    #[test]
    fn a_region_is_known_to_the_table_or_to_the_register_and_a_jurisdiction_is_kept() {
        let (_dir, mut store) = fixture::temp();
        assert!(store.check_region(&region("440305")).is_ok());
        assert_eq!(
            store.check_region(&region("119999")),
            Err(crate::domain::region::RegionError::Unknown("119999".into()))
        );
        // An officer's jurisdiction, kept and read back; removed with None.
        let change = |j: Option<Region>| crate::store::officers::OfficerChange {
            authority: Some("北京市市场监督管理局".into()),
            jurisdiction: Some(j),
            ..Default::default()
        };
        store
            .set_officer("zhang", &change(Some(region("110105"))))
            .unwrap();
        assert_eq!(
            store.jurisdiction_of("zhang").unwrap(),
            Some(region("110105"))
        );
        assert_eq!(
            store
                .authority_jurisdictions("北京市市场监督管理局")
                .unwrap()
                .0,
            vec!["110105".to_string()]
        );
        assert!(
            store
                .set_officer("li", &change(Some(region("119999"))))
                .is_err()
        );
        assert!(
            store.officer("li").unwrap().is_none(),
            "nothing half-written"
        );
        store.set_officer("zhang", &change(None)).unwrap();
        assert_eq!(store.jurisdiction_of("zhang").unwrap(), None);
        assert_eq!(store.jurisdiction_of("nobody").unwrap(), None);
    }
}
