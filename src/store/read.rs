//! Read models: the work queue, the body's file, and the rows exports stream.

use super::changes::{Bodies, QUALIFICATIONS_OF_BODIES, bodies_param, of_bodies};
use super::events::{EVENT_COLUMNS, Event, event_from_row};
use super::{Result, Store, StoreError, parse_stored_date};
use crate::domain::ids::BodyKind;
use crate::domain::model::QualStatus;
use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde::Serialize;

/// How a queue item's days are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    WorkingDays,
    Days,
}

/// One line of the work queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueItem {
    pub approval_no: Option<String>,
    pub uscc: String,
    pub name: String,
    /// What is due: verification, rectification, suspension, publication, renewal_filing,
    /// renewal_decision, expired (cancel it), materials, decision.
    pub kind: String,
    pub due_on: String,
    /// Days from today to the due date (negative when overdue), in `unit`.
    pub days_left: i64,
    pub unit: DayUnit,
    pub overdue: bool,
    /// The clock runs through a year with no holiday schedule: counted on weekends and the
    /// statutory holidays, its moved days unknown.
    pub estimated: bool,
    pub application_id: Option<i64>,
    /// The body's GB/T 2260 region code (an applicant not in the register: its application's,
    /// else positions 3–8 of its USCC): what jurisdictions and region filters look at.
    pub region: String,
    /// The inspection task of an `inspection_publication` item (its USCC and approval empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<i64>,
}

/// Where an item stands in the queue (`QueueItem::urgency`): the smaller, the more urgent.
pub type Urgency<'a> = (
    bool,
    &'a str,
    &'a str,
    Option<&'a str>,
    &'a str,
    Option<i64>,
);

impl QueueItem {
    /// The queue's order, most urgent first: overdue first, then by due date and name (and, to
    /// make it total, what and whose the item is), so a part read again takes the same places.
    pub fn urgency(&self) -> Urgency<'_> {
        (
            !self.overdue,
            self.due_on.as_str(),
            self.name.as_str(),
            self.approval_no.as_deref(),
            self.kind.as_str(),
            self.application_id,
        )
    }
}

impl Store {
    pub(crate) fn days_left(&self, due: Date, unit: DayUnit) -> i64 {
        match unit {
            DayUnit::WorkingDays => self.calendar.working_days_between(self.today, due),
            DayUnit::Days => (due - self.today).get_days() as i64,
        }
    }

    pub(crate) fn queue_item(
        &self,
        (approval_no, uscc, name): (Option<String>, String, String),
        kind: &str,
        due: Date,
        unit: DayUnit,
        estimated: bool,
    ) -> QueueItem {
        QueueItem {
            approval_no,
            uscc,
            name,
            kind: kind.to_string(),
            due_on: due.to_string(),
            days_left: self.days_left(due, unit),
            unit,
            overdue: due < self.today,
            // A clock running through a year without a schedule is estimated whatever its unit
            // (its moved working days are unknown, and a last day may move); the end date
            // printed on an approval is no clock.
            estimated: estimated
                || (kind != "expired"
                    && (self.today.year().min(due.year())..=self.today.year().max(due.year()))
                        .any(|y| !self.calendar.covers(y))),
            application_id: None,
            region: String::new(),
            task_id: None,
        }
    }

    /// The items of the work queue that `filter` admits (the command line's `--kind` and
    /// `--region`), in the queue's order.
    pub fn queue_filtered(
        &self,
        within: u32,
        filter: &crate::domain::due::QueueFilter,
    ) -> Result<Vec<QueueItem>> {
        let mut items = self.queue(within)?;
        items.retain(|i| filter.admits(&i.kind, &i.region));
        Ok(items)
    }

    /// The region of applications' and cases' items: the body's, else the application's, else
    /// the USCC's positions 3–8.
    fn fill_regions(&self, items: &mut [QueueItem]) -> Result<()> {
        let mut body = self
            .conn
            .prepare_cached("SELECT region FROM body WHERE uscc = ?1")?;
        let mut application = self
            .conn
            .prepare_cached("SELECT region FROM application WHERE id = ?1")?;
        for item in items {
            let mut region: Option<String> =
                body.query_row([&item.uscc], |r| r.get(0)).optional()?;
            if region.as_deref().is_none_or(str::is_empty)
                && let Some(id) = item.application_id
            {
                region = application.query_row([id], |r| r.get(0)).optional()?;
            }
            item.region = region
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| item.uscc.get(2..8).unwrap_or_default().to_string());
        }
        Ok(())
    }

    /// The work queue: everything overdue, and everything due within `within` calendar days,
    /// most urgent first (`QueueItem::urgency`).
    pub fn queue(&self, within: u32) -> Result<Vec<QueueItem>> {
        self.queue_among(within, None)
    }

    /// The items of the work queue that are about the bodies `bodies` (their qualifications,
    /// applications and penalty cases), exactly as `queue` computes them, in its order: what
    /// the screens read again after a change to those bodies.
    pub fn queue_of_bodies(&self, within: u32, bodies: &Bodies) -> Result<Vec<QueueItem>> {
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        self.queue_among(within, Some(bodies))
    }

    /// `queue`, of every body or only of `among`: one set of rules, the body condition added to
    /// each query.
    fn queue_among(&self, within: u32, among: Option<&Bodies>) -> Result<Vec<QueueItem>> {
        let today = self.today;
        let horizon = today.saturating_add((within as i64).days());
        let mut items = Vec::new();
        let (quals, only, bodies) = match among {
            Some(b) => (
                QUALIFICATIONS_OF_BODIES,
                format!(" AND {}", of_bodies("?2")),
                Some(bodies_param(b)),
            ),
            None => ("qualification q", String::new(), None),
        };
        let args = |first: String| -> Vec<String> {
            std::iter::once(first).chain(bodies.clone()).collect()
        };

        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.approval_no, b.uscc, b.name, f.kind, f.due_on, f.due_estimated, b.region
             FROM follow_up f JOIN {quals} ON q.id = f.qualification_id JOIN body b ON b.id = q.body_id
             WHERE f.closed_on IS NULL AND f.due_on <= ?1{only}"
        ))?;
        let rows = stmt.query_map(params_from_iter(args(horizon.to_string())), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        for row in rows {
            let (approval, uscc, name, kind, due, estimated, region) = row?;
            let due = parse_stored_date(&due, "follow-up due date")?;
            let unit = if kind == "publication" || kind == "publication_withdrawal" {
                DayUnit::WorkingDays
            } else {
                DayUnit::Days
            };
            let mut item =
                self.queue_item((Some(approval), uscc, name), &kind, due, unit, estimated);
            item.region = region;
            items.push(item);
        }

        // Renewals: CB must file ≥ 30 days before the end, CMA ≥ 3 months; a filed renewal must be
        // decided by the end date; an approval past its end with no renewal is to be cancelled.
        let reach = horizon.saturating_add(1.year()); // longer than any renewal lead
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.approval_no, b.uscc, b.name, b.kind, q.status, q.valid_until, {}, b.region
             FROM {quals} JOIN body b ON b.id = q.body_id
             WHERE q.status IN ('active', 'pending_verification', 'renewal_pending', 'suspended') AND q.valid_until <= ?1{only}",
            super::applications::RENEWAL_LATE_SQL
        ))?;
        let rows = stmt.query_map(params_from_iter(args(reach.to_string())), |r| {
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ),
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<bool>>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?;
        let first_renewal = items.len();
        let mut regions = Vec::new();
        for row in rows {
            let ((approval, uscc, name), kind, status, until, renewal_late, region) = row?;
            let until = parse_stored_date(&until, "valid_until")?;
            let who = (Some(approval), uscc, name);
            let before = items.len();
            match renewal_late {
                // Filed: to be decided by the end date; after it, a timely one is renewed by
                // law (nothing to decide), a late one lapsed with the approval.
                Some(_) if until >= today && until <= horizon => {
                    items.push(self.queue_item(
                        who,
                        "renewal_decision",
                        until,
                        DayUnit::Days,
                        false,
                    ));
                }
                Some(late) if until >= today || !late => {}
                _ if until < today => {
                    items.push(self.queue_item(who, "expired", until, DayUnit::Days, false));
                }
                None if status != QualStatus::Suspended.as_str() => {
                    let kind = BodyKind::parse(&kind).unwrap_or(BodyKind::Cb);
                    let filing_due = self.settings.renewal_filing_due(kind, until);
                    if filing_due <= horizon {
                        items.push(self.queue_item(
                            who,
                            "renewal_filing",
                            filing_due,
                            DayUnit::Days,
                            false,
                        ));
                    }
                }
                _ => {}
            }
            if items.len() > before {
                regions.push(region);
            }
        }
        for (item, region) in items[first_renewal..].iter_mut().zip(regions) {
            item.region = region;
        }

        let others = items.len();
        items.extend(self.application_queue(horizon, among)?);
        items.extend(self.case_queue(horizon, among)?);
        self.fill_regions(&mut items[others..])?;
        // Inspection tasks' publications concern no one body: in the whole queue only.
        if among.is_none() {
            items.extend(self.inspection_queue(horizon)?);
        }
        items.sort_by(|a, b| a.urgency().cmp(&b.urgency()));
        Ok(items)
    }

    /// Stream every qualification (effective status as of today) in approval-number order.
    pub fn for_each_qualification(
        &self,
        mut f: impl FnMut(QualificationRow) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(&format!("{QUALIFICATION_SELECT} ORDER BY q.approval_no"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(self.qualification_row(r)?)?;
        }
        Ok(())
    }

    fn qualification_row(&self, r: &rusqlite::Row<'_>) -> Result<QualificationRow> {
        let status: String = r.get(5)?;
        let until: String = r.get(8)?;
        let stored = QualStatus::parse(&status).ok_or_else(|| {
            StoreError::Invalid(crate::store_msg!(StoredStatus, status = status.as_str()))
        })?;
        let renewal_late: Option<bool> = r.get(15)?;
        let standing = stored.standing(
            parse_stored_date(&until, "valid_until")?,
            renewal_late,
            self.settings.validity_years,
            self.today,
        );
        let decision = match r.get::<_, Option<i64>>(22)? {
            Some(event) => self.decision_of(event)?,
            None => StatusDecision::default(),
        };
        Ok(QualificationRow {
            approval_no: r.get(0)?,
            uscc: r.get(1)?,
            name: r.get(2)?,
            kind: r.get(3)?,
            route: r.get(4)?,
            status: standing.status.as_str().to_string(),
            stored_status: status,
            decided_on: r.get(7)?,
            valid_until: standing.valid_until.to_string(),
            approval_valid_until: until,
            deemed_renewal: standing.deemed_renewal,
            renewal_late,
            region: r.get(9)?,
            risk_class: r.get(10)?,
            authority: r.get(11)?,
            doc_no: r.get(12)?,
            scope: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
            version: r.get(6)?,
            revoked_scope: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
            suspension_deadline: r.get(17)?,
            verification_due: r.get(18)?,
            renewal_filed_on: r.get(19)?,
            address: r.get(20)?,
            legal_rep: r.get(21)?,
            status_date: decision.status_date,
            status_basis: decision.status_basis,
            status_doc_no: decision.status_doc_no,
        })
    }

    /// The date, basis and document number of the act recorded by `event`, as corrected since.
    fn decision_of(&self, event: i64) -> Result<StatusDecision> {
        let (date, basis, doc_no) = self
            .conn
            .prepare_cached("SELECT act_date, basis, doc_no FROM event WHERE id = ?1")?
            .query_row([event], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
        let mut decision = StatusDecision {
            status_date: date,
            status_basis: Some(basis),
            status_doc_no: Some(doc_no),
        };
        let mut corrections = self.conn.prepare_cached(
            "SELECT json_extract(details, '$.field'), json_extract(details, '$.new') FROM event
             WHERE act = ?1 AND json_extract(details, '$.corrects') = ?2 ORDER BY id",
        )?;
        let rows = corrections.query_map(
            rusqlite::params![crate::domain::corrections::CORRECT, event],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                ))
            },
        )?;
        for row in rows {
            match row? {
                (Some(f), new) if f == "date" => decision.status_date = new,
                (Some(f), new) if f == "basis" => decision.status_basis = new,
                (Some(f), new) if f == "doc_no" => decision.status_doc_no = new,
                _ => {}
            }
        }
        Ok(decision)
    }

    /// Stream every body in name order.
    pub fn for_each_body(&self, mut f: impl FnMut(BodyRow) -> Result<()>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(&format!("{BODY_SELECT} ORDER BY name, id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(body_row(r)?)?;
        }
        Ok(())
    }

    /// Stream the event log in order, as it stood when the call began, a page at a time. Each
    /// page is one short read (its statement is reset before `f` sees the page), so an `f` that
    /// waits — on a pipe nobody reads, a paused terminal — holds no snapshot, and checkpoints
    /// go on (a held snapshot keeps every later frame in the -wal). The pages are still one
    /// consistent log: events are append-only (triggers) and their ids are given in commit
    /// order inside the writing transaction, so the events up to the head read first are the
    /// same in every later snapshot.
    pub fn for_each_event(&self, f: impl FnMut(Event) -> Result<()>) -> Result<()> {
        self.events_in_pages(EVENT_PAGE_ROWS, EVENT_PAGE_BYTES, f)
    }

    /// `for_each_event` with pages of at most `rows` events, and no more once about `bytes`
    /// of text is read (a baseline event holds thousands of row images).
    fn events_in_pages(
        &self,
        rows: i64,
        bytes: usize,
        mut f: impl FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        let (head, _) = super::events::head(&self.conn)?;
        let mut after = 0;
        while after < head {
            let page = self.event_page(after, head, rows, bytes)?;
            let Some(last) = page.last() else { break };
            after = last.id;
            for e in page {
                f(e)?;
            }
        }
        Ok(())
    }

    /// One page of `events_in_pages`: the events after `after` up to `head`, in order.
    fn event_page(&self, after: i64, head: i64, rows: i64, bytes: usize) -> Result<Vec<Event>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM event WHERE id > ?1 AND id <= ?2 ORDER BY id LIMIT ?3"
        ))?;
        let mut found = stmt.query(params![after, head, rows])?;
        let (mut page, mut read) = (Vec::new(), 0);
        while read < bytes
            && let Some(r) = found.next()?
        {
            let e = event_from_row(r)?;
            read += 512
                + e.changes.as_ref().map_or(0, String::len)
                + e.details.as_ref().map_or(0, String::len);
            page.push(e);
        }
        Ok(page)
    }

    /// A body's whole file, found by USCC or by one of its approval numbers.
    pub fn body_file(&self, key: &str) -> Result<BodyFile> {
        let key = crate::domain::text::normalise_id(key);
        let body = self
            .conn
            .query_row(
                &format!("{BODY_SELECT} WHERE uscc = ?1 OR id = (SELECT body_id FROM qualification WHERE approval_no = ?1)"),
                [&key],
                body_row,
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(crate::store_msg!(NoBody, key = key))
            })?;
        self.body_file_by_id(body)
    }

    fn body_file_by_id(&self, body: BodyRow) -> Result<BodyFile> {
        let mut stmt = self.conn.prepare(&format!(
            "{QUALIFICATION_SELECT} WHERE q.body_id = ?1 ORDER BY q.decided_on DESC, q.id DESC"
        ))?;
        let mut quals = Vec::new();
        let mut rows = stmt.query([body.id])?;
        while let Some(r) = rows.next()? {
            let row = self.qualification_row(r)?;
            let qid: i64 = r.get(14)?;
            let mut s = self.conn.prepare_cached("SELECT item, status, since FROM scope_item WHERE qualification_id = ?1 ORDER BY id")?;
            let scope = s
                .query_map([qid], |r| {
                    Ok(ScopeRow {
                        item: r.get(0)?,
                        status: r.get(1)?,
                        since: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut s = self.conn.prepare_cached(
                "SELECT kind, opened_on, due_on, due_estimated, closed_on, result FROM follow_up
                 WHERE qualification_id = ?1 ORDER BY closed_on IS NOT NULL, due_on, id",
            )?;
            let follow_ups = s
                .query_map([qid], |r| {
                    Ok(FollowUpRow {
                        kind: r.get(0)?,
                        opened_on: r.get(1)?,
                        due_on: r.get(2)?,
                        estimated: r.get(3)?,
                        closed_on: r.get(4)?,
                        result: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            quals.push(QualificationDetail {
                qualification: row,
                scope,
                follow_ups,
            });
        }
        let mut s = self.conn.prepare_cached(
            "SELECT list, listed_on FROM credit_listing WHERE body_id = ?1 ORDER BY list",
        )?;
        let credit_lists = s
            .query_map([body.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut s = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM event WHERE uscc = ?1 ORDER BY id DESC"
        ))?;
        let history = s
            .query_map([&body.uscc], event_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let history = with_corrections(history);
        let officers = self.officer_names()?;
        Ok(BodyFile {
            body,
            qualifications: quals,
            credit_lists,
            history,
            officers,
        })
    }

    /// Counts for a quick summary (and the reports screen).
    pub fn count(&self, table: Counted) -> Result<i64> {
        let sql = match table {
            Counted::Bodies => "SELECT count(*) FROM body",
            Counted::Qualifications => "SELECT count(*) FROM qualification",
            Counted::Events => "SELECT coalesce(max(id), 0) FROM event",
        };
        Ok(self.conn.query_row(sql, params![], |r| r.get(0))?)
    }
}

/// How much of the event log one short read of an export takes (see `for_each_event`).
const EVENT_PAGE_ROWS: i64 = 1000;
const EVENT_PAGE_BYTES: usize = 4 << 20;

#[derive(Debug, Clone, Copy)]
pub enum Counted {
    Bodies,
    Qualifications,
    Events,
}

const QUALIFICATION_SELECT: &str = concat!(
    "SELECT q.approval_no, b.uscc, b.name, b.kind, q.route, q.status, q.version, q.decided_on,
        q.valid_until, b.region, b.risk_class, q.authority, q.doc_no,
        (SELECT group_concat(item, ';' ORDER BY s.id) FROM scope_item s WHERE s.qualification_id = q.id AND s.status = 'active'),
        q.id, ",
    super::applications::renewal_late_sql!(),
    // 16–: what moving the register into another database needs (`import --with-status`).
    ", (SELECT group_concat(item, ';' ORDER BY s.id) FROM scope_item s WHERE s.qualification_id = q.id AND s.status = 'revoked'),
        (SELECT f.due_on FROM follow_up f WHERE f.qualification_id = q.id AND f.kind = 'suspension' AND f.closed_on IS NULL ORDER BY f.id DESC LIMIT 1),
        (SELECT f.due_on FROM follow_up f WHERE f.qualification_id = q.id AND f.kind = 'verification' AND f.closed_on IS NULL ORDER BY f.id DESC LIMIT 1),
        (SELECT a.received_on FROM application a WHERE a.approval_no = q.approval_no AND a.purpose = 'renewal'
          AND (a.status = 'received' OR a.status = 'materials_requested' OR a.status = 'accepted' OR a.status = 'paused')
          ORDER BY a.id LIMIT 1),
        b.address, b.legal_rep,
        CASE WHEN q.status = 'suspended' OR q.status = 'revoked' OR q.status = 'revoked_penalty' OR q.status = 'withdrawn' OR q.status = 'cancelled'
        THEN (SELECT e.id FROM event e WHERE e.uscc = b.uscc AND e.approval_no = q.approval_no
              AND (e.act = 'suspend' OR e.act = 'revoke' OR e.act = 'revoke-penalty' OR e.act = 'withdraw' OR e.act = 'cancel' OR e.act = 'verify' OR e.act = 'migrated')
              AND json_extract(e.after, '$.status') = q.status ORDER BY e.id DESC LIMIT 1) END",
    " FROM qualification q JOIN body b ON b.id = q.body_id"
);

const BODY_SELECT: &str = "SELECT id, uscc, name, kind, region, risk_class, address, legal_rep, bar_until, commitment_barred, version FROM body";

fn body_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BodyRow> {
    Ok(BodyRow {
        id: r.get(0)?,
        uscc: r.get(1)?,
        name: r.get(2)?,
        kind: r.get(3)?,
        region: r.get(4)?,
        risk_class: r.get(5)?,
        address: r.get(6)?,
        legal_rep: r.get(7)?,
        bar_until: r.get(8)?,
        commitment_barred: r.get(9)?,
        version: r.get(10)?,
    })
}

/// A qualification as exported and listed; `status` is the effective state as of today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QualificationRow {
    pub approval_no: String,
    pub uscc: String,
    pub name: String,
    pub kind: String,
    pub route: String,
    pub status: String,
    pub stored_status: String,
    pub decided_on: String,
    /// The end date in force: the printed one, or the derived end of a renewal by law.
    pub valid_until: String,
    /// The end date the approval (or its last renewal) printed.
    pub approval_valid_until: String,
    /// Renewed by law (视为准予延续，行政许可法第五十条): a timely renewal undecided at the end.
    pub deemed_renewal: bool,
    /// An open renewal: filed late (true) or in time (false); none (null).
    pub renewal_late: Option<bool>,
    pub region: String,
    pub risk_class: String,
    pub authority: String,
    pub doc_no: String,
    /// Active scope items, separated by ';'.
    pub scope: String,
    pub version: i64,
    /// Revoked scope items, separated by ';' (all of them once the approval is revoked).
    pub revoked_scope: String,
    /// The end of the suspension running (its open follow-up).
    pub suspension_deadline: Option<String>,
    /// When the commitment is to be verified (its open follow-up).
    pub verification_due: Option<String>,
    /// The day the open renewal was filed.
    pub renewal_filed_on: Option<String>,
    /// The body's address and legal representative.
    pub address: Option<String>,
    pub legal_rep: Option<String>,
    /// The decision that led to a suspended, revoked, withdrawn or cancelled state (the last
    /// act that led there, as corrected): its date, basis and document number.
    pub status_date: Option<String>,
    pub status_basis: Option<String>,
    pub status_doc_no: Option<String>,
}

/// The decision that led to the stored state (`QualificationRow::status_date` …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct StatusDecision {
    status_date: Option<String>,
    status_basis: Option<String>,
    status_doc_no: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyRow {
    #[serde(skip)]
    pub id: i64,
    pub uscc: String,
    pub name: String,
    pub kind: String,
    pub region: String,
    pub risk_class: String,
    pub address: Option<String>,
    pub legal_rep: Option<String>,
    pub bar_until: Option<String>,
    pub commitment_barred: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeRow {
    pub item: String,
    pub status: String,
    pub since: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpRow {
    pub kind: String,
    pub opened_on: String,
    pub due_on: String,
    pub estimated: bool,
    pub closed_on: Option<String>,
    pub result: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QualificationDetail {
    #[serde(flatten)]
    pub qualification: QualificationRow,
    pub scope: Vec<ScopeRow>,
    pub follow_ups: Vec<FollowUpRow>,
}

/// Everything about one body: particulars, qualifications, listings and the full history (newest first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyFile {
    pub body: BodyRow,
    pub qualifications: Vec<QualificationDetail>,
    pub credit_lists: Vec<(String, String)>,
    pub history: Vec<HistoryEvent>,
    /// The names the office gave the officers (by login), shown beside each recorded login.
    pub officers: std::collections::BTreeMap<String, String>,
}

/// A correction (更正) of a recorded event, as the history shows it beside the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorrectionNote {
    /// The correction's own event.
    pub event: i64,
    pub field: String,
    pub old: String,
    pub new: String,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// One event of a body's history, with the corrections of it (oldest first) and the
/// annulment that undid it, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEvent {
    #[serde(flatten)]
    pub event: Event,
    pub corrections: Vec<CorrectionNote>,
    pub annulled_by: Option<i64>,
}

impl std::ops::Deref for HistoryEvent {
    type Target = Event;
    fn deref(&self) -> &Event {
        &self.event
    }
}

/// Attach to each event the corrections and the annulment that name it (they are events of the
/// same body, so all are in `history`, newest first).
fn with_corrections(history: Vec<Event>) -> Vec<HistoryEvent> {
    use std::collections::HashMap;
    let mut corrections: HashMap<i64, Vec<CorrectionNote>> = HashMap::new();
    let mut annulled: HashMap<i64, i64> = HashMap::new();
    for e in history.iter().rev() {
        let d: serde_json::Value = e
            .details
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
            .unwrap_or_default();
        let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
        match e.act.as_str() {
            crate::domain::corrections::CORRECT => {
                if let Some(target) = d["corrects"].as_i64() {
                    corrections.entry(target).or_default().push(CorrectionNote {
                        event: e.id,
                        field: text("field"),
                        old: text("old"),
                        new: text("new"),
                        reason: e.reason.clone(),
                        by: e.actor.clone(),
                        at: e.at.clone(),
                    });
                }
            }
            crate::domain::corrections::ANNUL => {
                if let Some(target) = d["annuls"].as_i64() {
                    annulled.insert(target, e.id);
                }
            }
            _ => {}
        }
    }
    history
        .into_iter()
        .map(|e| HistoryEvent {
            corrections: corrections.remove(&e.id).unwrap_or_default(),
            annulled_by: annulled.get(&e.id).copied(),
            event: e,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_log_read_in_pages_is_the_whole_log_once_in_order() {
        let (_dir, store) = crate::tui::fixture::temp();
        let mut whole = Vec::new();
        let mut stmt = store
            .conn
            .prepare(&format!("SELECT {EVENT_COLUMNS} FROM event ORDER BY id"))
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            whole.push(event_from_row(r).unwrap());
        }
        assert!(whole.len() > 5, "{} events", whole.len());
        for (rows, bytes) in [
            (EVENT_PAGE_ROWS, EVENT_PAGE_BYTES),
            (3, usize::MAX),
            (1000, 1),
        ] {
            let mut paged = Vec::new();
            store
                .events_in_pages(rows, bytes, |e| {
                    paged.push(e);
                    Ok(())
                })
                .unwrap();
            assert_eq!(paged, whole, "pages of {rows} rows, {bytes} bytes");
        }
    }
}
