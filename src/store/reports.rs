//! Reports: counts by status, route, kind, region and risk class, overdue counts, approvals by year;
//! and the event feed of the log screen (keyset paged, newest first).

mod overdue;

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
            // Ties in code order: not in whatever order an index happens to group them.
            by_status: grouped(&format!("{effective} AS s"), "s ORDER BY count(*) DESC, s")?,
            by_route: grouped("q.route", "q.route ORDER BY count(*) DESC, q.route")?,
            by_kind: grouped("b.kind", "b.kind ORDER BY count(*) DESC, b.kind")?,
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

/// What a report by period counts (`Store::period_report`), each (code, count) in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodReport {
    /// Acts by their act code: every event dated in the period (its act's date), annulled ones
    /// left out.
    pub acts: Vec<(String, i64)>,
    /// Grants dated in the period, by route.
    pub grants: Vec<(String, i64)>,
    /// Commitment verifications done in the period: `on_time` (by the due date) and `late`.
    pub verifications: Vec<(String, i64)>,
    /// (month end, clocks overdue at the end of that day) for each month end reached: every
    /// clock the work queue would have shown overdue then (`overdue` module).
    pub overdue_at: Vec<(String, i64)>,
}

/// One bar of a report by period: what Enter opens the list of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bar {
    Act(String),
    Grant(String),
    Verification { on_time: bool },
    OverdueAt(String),
}

/// One line of the list behind a bar: an event, or a clock (a follow-up, an approval's end or
/// renewal filing, an application's or a case's clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarRow {
    /// The act's date, or the follow-up's due date.
    pub date: String,
    /// The act code, or the clock's kind as the queue names it (`QueueItem::kind`).
    pub what: String,
    pub approval_no: Option<String>,
    pub uscc: Option<String>,
    pub name: String,
    pub doc_no: String,
    /// A follow-up's day it was done (closed), if it was.
    pub closed_on: Option<String>,
    pub event_id: Option<i64>,
}

/// Events of the period (?1 … ?2) in the region (?3 … ?4, '' everywhere), not annulled.
const PERIOD_EVENTS: &str = "FROM event e LEFT JOIN body b ON b.uscc = e.uscc
    WHERE e.act_date >= ?1 AND e.act_date <= ?2
      AND (?3 = '' OR (b.region >= ?3 AND b.region < ?4))
      AND e.id NOT IN (SELECT json_extract(a.details, '$.annuls') FROM event a
                       WHERE a.act = 'annul' AND json_valid(a.details))";

use overdue::FOLLOW_UPS;

/// The follow-ups of [`FOLLOW_UPS`] that meet `cond` (SQL on `f`, its parameters from ?5), as
/// the rows behind a bar, by due date.
fn follow_up_rows(store: &Store, cond: &str, params: &[&dyn ToSql]) -> Result<Vec<BarRow>> {
    let sql = format!(
        "SELECT f.due_on, f.kind, q.approval_no, b.uscc, b.name, q.doc_no, f.closed_on
         {FOLLOW_UPS} {cond} ORDER BY f.due_on, f.id"
    );
    let mut stmt = store.conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok(BarRow {
            date: r.get(0)?,
            what: r.get(1)?,
            approval_no: Some(r.get(2)?),
            uscc: Some(r.get(3)?),
            name: r.get(4)?,
            doc_no: r.get(5)?,
            closed_on: r.get(6)?,
            event_id: None,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A verification closed in the period (?1 … ?2).
const VERIFIED: &str = " AND f.kind = 'verification' AND f.closed_on >= ?1 AND f.closed_on <= ?2";

impl Store {
    /// The counts of `period` for the bodies in `region` (None: everywhere), from the event
    /// log and the follow-ups it keeps, in SQL.
    pub fn period_report(
        &self,
        period: &crate::domain::period::Period,
        region: Option<&Region>,
    ) -> Result<PeriodReport> {
        let (from, to) = (period.from.to_string(), period.to.to_string());
        let (low, high) = region_range(region);
        let args: [&dyn ToSql; 4] = [&from, &to, &low, &high];
        let acts = self.grouped(
            &format!("SELECT e.act, count(*) {PERIOD_EVENTS} GROUP BY e.act ORDER BY count(*) DESC, e.act"),
            &args,
        )?;
        let grants = self.grouped(
            &format!(
                "SELECT coalesce(CASE WHEN json_valid(e.details) THEN json_extract(e.details, '$.route') END,
                                 (SELECT q.route FROM qualification q WHERE q.approval_no = e.approval_no), '') AS r,
                        count(*) {PERIOD_EVENTS} AND e.act = 'grant' GROUP BY r ORDER BY count(*) DESC, r"
            ),
            &args,
        )?;
        let verifications = self.grouped(
            &format!(
                "SELECT CASE WHEN f.closed_on <= f.due_on THEN 'on_time' ELSE 'late' END AS t, count(*)
                 {FOLLOW_UPS}{VERIFIED} GROUP BY t ORDER BY t DESC"
            ),
            &args,
        )?;
        let ends = period.month_ends(self.today);
        let overdue_at = ends
            .iter()
            .zip(self.overdue_at_ends(&ends, region)?)
            .map(|(end, rows)| (end.to_string(), rows.len() as i64))
            .collect();
        Ok(PeriodReport {
            acts,
            grants,
            verifications,
            overdue_at,
        })
    }

    /// What `bar` of `period_report(period, region)` counted, one row each, in date order.
    pub fn bar_rows(
        &self,
        period: &crate::domain::period::Period,
        region: Option<&Region>,
        bar: &Bar,
    ) -> Result<Vec<BarRow>> {
        let (from, to) = (period.from.to_string(), period.to.to_string());
        let (low, high) = region_range(region);
        let events = |cond: &str, value: &str| -> Result<Vec<BarRow>> {
            let sql = format!(
                "SELECT e.act_date, e.act, e.approval_no, e.uscc, coalesce(b.name, ''), e.doc_no, e.id
                 {PERIOD_EVENTS} {cond} ORDER BY e.act_date, e.id"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params![from, to, low, high, value], |r| {
                Ok(BarRow {
                    date: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    what: r.get(1)?,
                    approval_no: r.get(2)?,
                    uscc: r.get(3)?,
                    name: r.get(4)?,
                    doc_no: r.get(5)?,
                    closed_on: None,
                    event_id: Some(r.get(6)?),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let follow_ups = |cond: &str, end: &str| -> Result<Vec<BarRow>> {
            follow_up_rows(self, cond, rusqlite::params![from, to, low, high, end])
        };
        match bar {
            Bar::Act(act) => events("AND e.act = ?5", act),
            Bar::Grant(route) => events(
                "AND e.act = 'grant' AND coalesce(CASE WHEN json_valid(e.details) THEN json_extract(e.details, '$.route') END,
                     (SELECT q.route FROM qualification q WHERE q.approval_no = e.approval_no), '') = ?5",
                route,
            ),
            Bar::Verification { on_time } => follow_ups(
                &format!(
                    "{VERIFIED} AND (f.closed_on <= f.due_on) = {} AND ?5 = ?5",
                    i32::from(*on_time)
                ),
                "",
            ),
            Bar::OverdueAt(end) => {
                let Ok(day) = end.parse::<jiff::civil::Date>() else {
                    return Ok(Vec::new());
                };
                Ok(self.overdue_at_ends(&[day], region)?.pop().unwrap_or_default())
            }
        }
    }
}

/// A region prefix as a range of the region index: [prefix, prefix~); everywhere: ('', '~').
fn region_range(region: Option<&Region>) -> (String, String) {
    match region {
        Some(r) => (r.as_str().to_string(), format!("{}~", r.as_str())),
        None => (String::new(), "~".to_string()),
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

    fn verify(store: &mut Store, approval: &str, on: &str) {
        use crate::domain::acts::{ActKind, ActRequest, VerifyResult};
        let a = crate::domain::ids::ApprovalNo::parse(approval).unwrap();
        let req = ActRequest {
            act: Some(ActKind::Verify),
            date: Some(on.parse().unwrap()),
            verify_result: Some(VerifyResult::Conforming),
            basis: "市场监管总局公告2022年第28号".into(),
            doc_no: "核〔2026〕1号".into(),
            ..Default::default()
        };
        store.perform(&a, &req, None).unwrap();
    }

    /// The acts of the period counted again in Rust, from the whole log read event by event.
    fn acts_in_log(store: &Store, p: &Period) -> Vec<(String, i64)> {
        let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
        store
            .for_each_event(|e| {
                if let Some(d) = e
                    .act_date
                    .as_deref()
                    .and_then(|d| d.parse::<jiff::civil::Date>().ok())
                    && d >= p.from
                    && d <= p.to
                {
                    *counts.entry(e.act).or_default() += 1;
                }
                Ok(())
            })
            .unwrap();
        counts.into_iter().collect()
    }

    use crate::domain::period::{Period, PeriodKind};

    #[test]
    fn reports_by_period_count_the_acts_grants_verifications_and_overdue_of_the_log() {
        let (_dir, mut store) = fixture::temp();
        let q4 = Period::containing(PeriodKind::Quarter, fixture::TODAY);
        let q3 = q4.step(-1);
        let r = store.period_report(&q4, None).unwrap();
        let mut acts = r.acts.clone();
        acts.sort();
        assert_eq!(acts, acts_in_log(&store, &q4), "the same counts as the log");
        let count =
            |v: &[(String, i64)], k: &str| v.iter().find(|(c, _)| c == k).map_or(0, |x| x.1);
        assert_eq!(count(&r.acts, "suspend"), 1);
        assert_eq!(count(&r.acts, "order-rectification"), 1);
        assert_eq!(count(&r.acts, "grant"), 1, "埃克森, 2026-10-10");
        assert_eq!(r.grants, vec![("commitment".to_string(), 1)]);
        // 中安's verification was due on 2026-10-20 and is not done, and 440300000001 ended on
        // 2026-05-31 with no renewal: both overdue at October's end; November has not ended.
        assert_eq!(r.overdue_at, vec![("2026-10-31".to_string(), 2)]);
        let at = store
            .bar_rows(&q4, None, &Bar::OverdueAt("2026-10-31".into()))
            .unwrap();
        let what: Vec<_> = at
            .iter()
            .map(|b| {
                (
                    b.what.as_str(),
                    b.approval_no.as_deref().unwrap(),
                    b.date.as_str(),
                )
            })
            .collect();
        assert_eq!(
            what,
            [
                ("expired", "440300000001", "2026-05-31"),
                ("verification", "CNCA-R-2026-118", "2026-10-20")
            ]
        );
        assert!(r.verifications.is_empty());
        let q3r = store.period_report(&q3, None).unwrap();
        assert_eq!(q3r.grants, vec![("commitment".to_string(), 2)]);
        assert_eq!(q3r.overdue_at.len(), 3);
        assert!(
            q3r.overdue_at.iter().all(|(_, n)| *n == 1),
            "the expired approval alone: {:?}",
            q3r.overdue_at
        );
        let july = store
            .bar_rows(&q3, None, &Bar::Grant("commitment".into()))
            .unwrap();
        let approvals: Vec<_> = july
            .iter()
            .map(|b| b.approval_no.clone().unwrap())
            .collect();
        assert_eq!(approvals, ["CNCA-R-2026-118", "150100000009"]);

        // One verification late, one in time.
        verify(&mut store, "CNCA-R-2026-118", "2026-11-26");
        verify(&mut store, "310012345678", "2026-11-26");
        let nov = Period::containing(PeriodKind::Month, fixture::TODAY);
        let r = store.period_report(&nov, None).unwrap();
        assert_eq!(
            r.verifications,
            vec![("on_time".to_string(), 1), ("late".to_string(), 1)]
        );
        let late = store
            .bar_rows(&nov, None, &Bar::Verification { on_time: false })
            .unwrap();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].approval_no.as_deref(), Some("CNCA-R-2026-118"));
        assert_eq!(late[0].date, "2026-10-20");
        assert_eq!(late[0].closed_on.as_deref(), Some("2026-11-26"));
        let mut acts = r.acts.clone();
        acts.sort();
        assert_eq!(acts, acts_in_log(&store, &nov));
        assert_eq!(count(&r.acts, "verify"), 2);
        let verified = store
            .bar_rows(&nov, None, &Bar::Act("verify".into()))
            .unwrap();
        assert_eq!(verified.len(), 2);
        // Still overdue at October's end (done later), no longer at the range's last day.
        let range = Period::parse_range("2026-10-01..2026-11-26").unwrap();
        let r = store.period_report(&range, None).unwrap();
        // On 11-26 the verification is done; CNCA-R-2020-045's renewal filing fell due on 11-19.
        assert_eq!(
            r.overdue_at,
            vec![("2026-10-31".to_string(), 2), ("2026-11-26".to_string(), 2)]
        );
        let nov26 = store
            .bar_rows(&range, None, &Bar::OverdueAt("2026-11-26".into()))
            .unwrap();
        assert_eq!(nov26[1].what, "renewal_filing");
        assert_eq!(nov26[1].approval_no.as_deref(), Some("CNCA-R-2020-045"));
        let at = store
            .bar_rows(&range, None, &Bar::OverdueAt("2026-10-31".into()))
            .unwrap();
        assert_eq!(at[1].approval_no.as_deref(), Some("CNCA-R-2026-118"));
        assert_eq!(at[1].closed_on.as_deref(), Some("2026-11-26"));
        // In a region: Shanghai holds 埃克森's grant, Beijing none in Q4.
        let shanghai = store.period_report(&q4, Some(&region("31"))).unwrap();
        assert_eq!(shanghai.grants, vec![("commitment".to_string(), 1)]);
        let beijing = store.period_report(&q4, Some(&region("11"))).unwrap();
        assert!(beijing.grants.is_empty());
        assert_eq!(beijing.overdue_at, vec![("2026-10-31".to_string(), 1)]);
    }

    /// The query plan's lines of `sql`, its parameters all NULL.
    fn plan(store: &Store, sql: &str) -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let n = stmt.parameter_count();
        let nulls: Vec<rusqlite::types::Null> = vec![rusqlite::types::Null; n];
        stmt.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn the_period_queries_read_by_the_indexes_of_their_dates() {
        let (_dir, store) = fixture::temp();
        let cases = [
            (
                format!("SELECT e.act, count(*) {PERIOD_EVENTS} GROUP BY e.act"),
                "event_by_act_date (act_date>? AND act_date<?)",
            ),
            (
                format!("SELECT count(*) {FOLLOW_UPS}{VERIFIED}"),
                "follow_up_by_kind_closed (kind=? AND closed_on>? AND closed_on<?)",
            ),
            (
                format!("SELECT count(*) {FOLLOW_UPS}{}", overdue::OVERDUE_AT),
                "follow_up_by_due (due_on<?)",
            ),
            // The acts after the first day: one ordered pass over their dates, no query per
            // approval.
            (
                overdue::ACTS_AFTER.to_string(),
                "event_by_act_date (act_date>?)",
            ),
            // The approvals read the events no more: one pass over the qualifications.
            (
                overdue::APPROVALS.to_string(),
                "USING INTEGER PRIMARY KEY (rowid=?)",
            ),
        ];
        for (sql, index) in cases {
            let lines = plan(&store, &sql);
            assert!(
                lines.iter().any(|l| l.contains(index)),
                "{index} in {lines:#?}\n{sql}"
            );
            assert!(
                lines
                    .iter()
                    .all(|l| !l.starts_with("SCAN e") && !l.starts_with("SCAN f")),
                "no scan of the events or follow-ups: {lines:#?}"
            );
            if sql.contains("act_date > ?1") || sql.starts_with("SELECT q.approval_no") {
                assert!(
                    lines.iter().all(|l| !l.contains("TEMP B-TREE")),
                    "no sort of the rows read: {lines:#?}"
                );
            }
        }
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
