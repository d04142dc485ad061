//! What the events appended after the one the screens last saw touched: the bodies they name —
//! a body's qualifications, its applications and its penalty cases are what its queue items and
//! register rows are read from — or everything, when they cannot be put down to a few bodies.
//!
//! Event ids are given in commit order inside the writing transaction (one writer at a time,
//! the log append-only), so "after event n" is exactly what was committed since n was read.

use super::{Result, Store};
use std::collections::BTreeSet;

/// More events than this since the last look are not sorted out one by one: the screens read
/// everything again. An import of 10,000 rows (an event each) is sorted out: its bodies' part of
/// the queue costs a third of the whole queue (65 against 160–240 ms on the national database),
/// and reading the events' bodies 8 ms.
pub const MANY_EVENTS: usize = 20_000;

/// The act of the event that sums up an imported file: the rows' own events say what changed.
const IMPORT_FILE: &str = "import-file";

/// Bodies, by USCC (an applicant not yet in the register too: its applications carry it).
pub type Bodies = BTreeSet<String>;

/// What the new events touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    /// Only these bodies (none: there are no new events).
    Bodies(Bodies),
    /// An event that names no body — the calendar, a setting, an officer, an upgrade — or more
    /// than `MANY_EVENTS` events.
    Everything,
}

/// The events after a given one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The newest event they cover: the next look starts after it.
    pub last_event: i64,
    pub touched: Touched,
}

impl Store {
    /// The id of the newest event (0 when the log is empty).
    pub fn last_event_id(&self) -> Result<i64> {
        Ok(super::events::head(&self.conn)?.0)
    }

    /// What the events after `after` touched (at most `MANY_EVENTS` of them are sorted out).
    pub fn changes_since(&self, after: i64) -> Result<Changes> {
        self.changes_since_at_most(after, MANY_EVENTS)
    }

    /// `changes_since` with `many` in place of `MANY_EVENTS`. One read by the primary key; an
    /// event that names only an approval number or an application is put down to the body (or
    /// applicant) that carries it; the summary of an imported file touches nothing of itself.
    pub fn changes_since_at_most(&self, after: i64, many: usize) -> Result<Changes> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.act = ?3, coalesce(e.uscc,
                    (SELECT b.uscc FROM qualification q JOIN body b ON b.id = q.body_id WHERE q.approval_no = e.approval_no),
                    (SELECT a.uscc FROM application a WHERE a.id = e.application_id))
             FROM event e WHERE e.id > ?1 ORDER BY e.id LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(
                rusqlite::params![after, many as i64 + 1, IMPORT_FILE],
                |r| {
                    let summary: bool = r.get(1)?;
                    let body: Option<String> = r.get(2)?;
                    // `Some(None)`: an event naming no body; `None`: one that touches nothing.
                    Ok((r.get::<_, i64>(0)?, (!summary).then_some(body)))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let Some(&(newest, _)) = rows.last() else {
            return Ok(Changes {
                last_event: after,
                touched: Touched::Bodies(Bodies::new()),
            });
        };
        if rows.len() > many || rows.iter().any(|(_, body)| body == &Some(None)) {
            // What is read again in full is read after this: it covers every event up to the
            // newest now.
            return Ok(Changes {
                last_event: self.last_event_id()?.max(newest),
                touched: Touched::Everything,
            });
        }
        Ok(Changes {
            last_event: newest,
            touched: Touched::Bodies(rows.into_iter().filter_map(|(_, b)| b.flatten()).collect()),
        })
    }
}

/// The SQL condition "the qualification `q` is of one of the bodies bound as `param`" (`?2`,
/// `?`: a JSON array of USCCs, so one statement serves any number of them), for
/// `Store::queue_of_bodies` and `Store::register_rows_of`. With it, `q` is read by the body
/// index (`QUALIFICATIONS_OF_BODIES`): SQLite would otherwise walk the status index, which
/// holds nearly every qualification.
pub(crate) fn of_bodies(param: &str) -> String {
    format!(
        "q.body_id IN (SELECT id FROM body WHERE uscc IN (SELECT value FROM json_each({param})))"
    )
}

/// The qualification table `q` of a query narrowed by `of_bodies`.
pub(crate) const QUALIFICATIONS_OF_BODIES: &str =
    "qualification q INDEXED BY qualification_by_body";

/// The SQL condition "the application's applicant is one of the bodies bound as `param`".
pub(crate) fn of_applicants(param: &str) -> String {
    format!("uscc IN (SELECT value FROM json_each({param}))")
}

/// The parameter of `of_bodies` and `of_applicants`.
pub(crate) fn bodies_param(bodies: &Bodies) -> String {
    serde_json::to_string(bodies).expect("strings serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::acts::{ActKind, ActRequest};
    use crate::domain::ids::ApprovalNo;
    use crate::tui::fixture;

    fn bodies(usccs: &[&str]) -> Bodies {
        usccs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_queue_of_some_bodies_is_their_part_of_the_queue() {
        let (_dir, store) = fixture::temp();
        for within in [30, 180] {
            let whole = store.queue(within).unwrap();
            let mut usccs: Vec<&str> = whole.iter().map(|i| i.uscc.as_str()).collect();
            usccs.sort_unstable();
            usccs.dedup();
            assert!(usccs.len() > 3, "{usccs:?}");
            let sets = [
                bodies(&usccs[..1]),
                bodies(&usccs[1..3]),
                bodies(&usccs),
                bodies(&["91110000000000000X"]),
            ];
            for set in &sets {
                let part: Vec<_> = whole
                    .iter()
                    .filter(|i| set.contains(&i.uscc))
                    .cloned()
                    .collect();
                assert_eq!(store.queue_of_bodies(within, set).unwrap(), part, "{set:?}");
            }
        }
        assert!(
            store
                .queue_of_bodies(30, &Bodies::new())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn the_register_rows_of_some_bodies_are_their_part_of_the_register() {
        use crate::domain::model::{QualStatus, Route};
        use crate::store::register::{RegisterQuery, RegisterSort};
        let (_dir, store) = fixture::temp();
        let text = |t: &str| RegisterQuery {
            text: t.into(),
            ..Default::default()
        };
        let queries = [
            RegisterQuery::default(),
            text("国实"),
            text("草原生态"),
            text("CNCA-R-2019"),
            text("91"),
            RegisterQuery {
                status: Some(QualStatus::Suspended),
                ..Default::default()
            },
            RegisterQuery {
                route: Some(Route::General),
                sort: RegisterSort::ValidUntil,
                ..Default::default()
            },
            RegisterQuery {
                sort: RegisterSort::Name,
                descending: true,
                ..Default::default()
            },
            RegisterQuery {
                sort: RegisterSort::Status,
                descending: true,
                ..Default::default()
            },
        ];
        for q in &queries {
            let page = store.register_page(q, None, false, 1000).unwrap();
            let all: Bodies = page.iter().map(|r| r.uscc.clone()).collect();
            assert_eq!(store.register_rows_of(q, &all).unwrap(), page, "{q:?}");
            let one: Bodies = all.iter().take(1).cloned().collect();
            let part: Vec<_> = page
                .iter()
                .filter(|r| one.contains(&r.uscc))
                .cloned()
                .collect();
            assert_eq!(store.register_rows_of(q, &one).unwrap(), part, "{q:?}");
        }
    }

    #[test]
    fn new_events_name_their_bodies_and_the_rest_is_everything() {
        let (dir, store) = fixture::temp();
        let mut other = fixture::other_user(&dir);
        let start = store.last_event_id().unwrap();
        assert_eq!(
            store.changes_since(start).unwrap(),
            Changes {
                last_event: start,
                touched: Touched::Bodies(Bodies::new())
            },
            "nothing new"
        );
        let approval = ApprovalNo::parse("CNCA-R-2002-001").unwrap();
        let req = ActRequest {
            act: Some(ActKind::OrderRectification),
            date: Some(fixture::TODAY),
            deadline: Some("2026-12-31".parse().unwrap()),
            basis: "认证认可条例第五十七条".into(),
            ..Default::default()
        };
        other.perform(&approval, &req, None).unwrap();
        let uscc = store.body_file("CNCA-R-2002-001").unwrap().body.uscc;
        let after_act = store.changes_since(start).unwrap();
        assert_eq!(after_act.touched, Touched::Bodies(bodies(&[&uscc])));
        assert_eq!(after_act.last_event, store.last_event_id().unwrap());
        assert!(after_act.last_event > start);
        // More events than a few, or one that names no body: everything.
        let req = ActRequest {
            act: Some(ActKind::RecordRectification),
            date: Some(fixture::TODAY),
            basis: "认证认可条例第五十七条".into(),
            reason: "整改材料经审查符合要求".into(),
            rectification_result: Some(crate::domain::acts::RectificationResult::Met),
            ..Default::default()
        };
        other.perform(&approval, &req, None).unwrap();
        assert_eq!(
            store.changes_since_at_most(start, 1).unwrap().touched,
            Touched::Everything
        );
        assert_eq!(
            store.changes_since_at_most(start, 2).unwrap().touched,
            Touched::Bodies(bodies(&[&uscc]))
        );
        let before_setting = store.last_event_id().unwrap();
        other.set_setting("validity_years", "6").unwrap();
        let setting = store.changes_since(before_setting).unwrap();
        assert_eq!(setting.touched, Touched::Everything);
        assert_eq!(setting.last_event, store.last_event_id().unwrap());
    }

    #[test]
    fn an_import_is_the_bodies_it_wrote_and_its_summary_touches_nothing() {
        let (dir, store) = fixture::temp();
        let mut other = fixture::other_user(&dir);
        let start = store.last_event_id().unwrap();
        let mut rows = fixture::grants();
        rows.truncate(3);
        for (i, row) in rows.iter_mut().enumerate() {
            row.uscc = fixture::uscc(&row.region, 900 + i as u32);
            row.approval_no = ApprovalNo::parse(&format!("CNCA-R-2024-9{i:02}")).unwrap();
            row.name = format!("新导入认证有限公司{i}");
        }
        let out = other
            .import_grants(
                "new.csv",
                "00",
                &rows,
                0,
                crate::store::import::BatchMode {
                    dry_run: false,
                    skip_invalid: false,
                },
            )
            .unwrap();
        assert_eq!(out.written, 3);
        let expected: Bodies = rows.iter().map(|r| r.uscc.as_str().to_string()).collect();
        let changes = store.changes_since(start).unwrap();
        assert_eq!(changes.touched, Touched::Bodies(expected), "not everything");
        assert_eq!(
            changes.last_event,
            store.last_event_id().unwrap(),
            "the summary is covered"
        );
        // Three grants and the summary: more than three events are everything.
        assert_eq!(
            store.changes_since_at_most(start, 3).unwrap().touched,
            Touched::Everything
        );
    }
}
