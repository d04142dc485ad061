//! Risk signals (风险预警): one read over the register, or a region of it, that finds every
//! signal of `domain::risk` with the events behind it. Each kind is one indexed query over the
//! whole register (never a query per body); the bodies they name are read in one more.

use super::{Result, Store};
use crate::domain::Date;
use crate::domain::model::RiskClass;
use crate::domain::region::Region;
use crate::domain::risk::{RiskSettings, SignalKind, suggested_class};
use crate::store::changes::Bodies;
use rusqlite::{Connection, params};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// An event behind a signal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SignalEvent {
    pub id: i64,
    pub act: String,
    pub act_date: Option<String>,
}

/// One signal of a body: its kind, the day it holds from, the events behind it (oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub kind: SignalKind,
    pub since: Date,
    pub events: Vec<SignalEvent>,
}

/// A body with its signals, strongest first (`RiskQuery` narrows them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskBody {
    pub uscc: String,
    pub name: String,
    /// The body's name in pinyin order (`domain::collation`).
    pub name_sort: String,
    pub kind: String,
    pub region: String,
    /// The approval in force (the latest ending, if several).
    pub approval_no: Option<String>,
    pub risk_class: RiskClass,
    pub suggested_class: RiskClass,
    pub signals: Vec<Signal>,
}

/// What the read covers.
#[derive(Debug, Clone, Default)]
pub struct RiskQuery {
    /// A GB/T 2260 prefix (the jurisdiction); None: everywhere.
    pub region: Option<Region>,
    /// Only these kinds of signal (empty: every kind). A body is listed when it has one of them;
    /// its suggested class still weighs all its signals.
    pub kinds: Vec<SignalKind>,
    /// Only these bodies (the screens read again the bodies an event touched).
    pub bodies: Option<Bodies>,
}

/// A body whose record is still open: an approval not cancelled (注销 closes it). A body whose
/// approval was revoked for a false commitment keeps its signals for the window (a new
/// application, a referral); adding it to a task is refused, as it is in no population.
const OPEN_RECORD: &str =
    "EXISTS (SELECT 1 FROM qualification lq WHERE lq.body_id = b.id AND lq.status <> 'cancelled')";

/// The region and bodies conditions every query shares (?2 the prefix, ?3 the bodies as JSON).
const SCOPE: &str = "(?2 = '' OR substr(b.region, 1, length(?2)) = ?2)
    AND (?3 IS NULL OR b.uscc IN (SELECT value FROM json_each(?3)))";

/// An event not annulled since (撤销原行政行为 takes it out of the record's weight).
const NOT_ANNULLED: &str =
    "NOT EXISTS (SELECT 1 FROM event an WHERE an.uscc = e.uscc AND an.id > e.id
    AND an.act = 'annul' AND json_extract(an.details, '$.annuls') = e.id)";

type Found = BTreeMap<String, BTreeMap<SignalKind, Vec<SignalEvent>>>;

/// The event of a row (uscc, event id, act, act date).
fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, SignalEvent)> {
    Ok((
        r.get(0)?,
        SignalEvent {
            id: r.get(1)?,
            act: r.get(2)?,
            act_date: r.get(3)?,
        },
    ))
}

fn add(found: &mut Found, uscc: String, kind: SignalKind, e: Option<SignalEvent>) {
    let events = found.entry(uscc).or_default().entry(kind).or_default();
    if let Some(e) = e
        && !events.contains(&e)
    {
        events.push(e);
    }
}

fn date_of(s: Option<&str>) -> Option<Date> {
    s.and_then(|d| d.parse().ok())
}

/// Verifications and orders in the window: rectification orders (责令限期改正, and a
/// verification that ordered rectification), false and unkept commitments.
fn conduct(conn: &Connection, p: &Params<'_>, found: &mut Found, orders: &mut Found) -> Result<()> {
    // A few bodies (the screens' catch-up) are read through their events, not the acts' range.
    let (from, few) = match p.bodies {
        Some(_) => (
            "event e INDEXED BY event_by_uscc",
            "AND e.uscc IN (SELECT value FROM json_each(?3))",
        ),
        None => ("event e", ""),
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT e.uscc, e.id, e.act, e.act_date, coalesce(json_extract(e.details, '$.result'), '')
         FROM {from} JOIN body b ON b.uscc = e.uscc
         WHERE (e.act = 'order-rectification' OR e.act = 'verify') {few}
           AND e.act_date >= ?4 AND e.act_date <= ?1 AND {SCOPE} AND {NOT_ANNULLED}
         ORDER BY e.id"
    ))?;
    let rows = stmt.query_map(params![p.today, p.region, p.bodies, p.since], |r| {
        Ok((event_row(r)?, r.get::<_, String>(4)?))
    })?;
    for row in rows {
        let ((uscc, e), result) = row?;
        let kind = match (e.act.as_str(), result.as_str()) {
            ("order-rectification", _) | ("verify", "rectify") => {
                add(orders, uscc, SignalKind::RepeatedRectification, Some(e));
                continue;
            }
            ("verify", "false") => SignalKind::FalseCommitment,
            ("verify", "unkept") => SignalKind::UnkeptCommitment,
            _ => continue,
        };
        add(found, uscc, kind, Some(e));
    }
    Ok(())
}

/// Penalties decided in the window (the sanction names its event).
fn penalties(conn: &Connection, p: &Params<'_>, found: &mut Found) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT b.uscc, e.id, e.act, coalesce(e.act_date, s.decided_on)
         FROM sanction s JOIN qualification q ON q.id = s.qualification_id JOIN body b ON b.id = q.body_id
              JOIN event e ON e.id = s.event_id
         WHERE s.decided_on >= ?4 AND s.decided_on <= ?1 AND {SCOPE} AND {NOT_ANNULLED}
         ORDER BY e.id"
    ))?;
    for row in stmt.query_map(params![p.today, p.region, p.bodies, p.since], event_row)? {
        let (uscc, e) = row?;
        add(found, uscc, SignalKind::RecentPenalty, Some(e));
    }
    Ok(())
}

/// Commitment verifications open past their due date, each with the act that opened it (the
/// event whose changes made the follow-up row).
fn overdue_verifications(conn: &Connection, p: &Params<'_>, found: &mut Found) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT b.uscc, f.due_on,
                (SELECT e.id FROM event e WHERE e.uscc = b.uscc
                  AND e.changes LIKE '%[\"follow_up\",' || f.id || ',null,%' ORDER BY e.id LIMIT 1) AS opened
         FROM follow_up f JOIN qualification q ON q.id = f.qualification_id JOIN body b ON b.id = q.body_id
         WHERE f.closed_on IS NULL AND f.due_on < ?1 AND f.kind = 'verification' AND {SCOPE}"
    ))?;
    let rows = stmt.query_map(params![p.today, p.region, p.bodies], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })?;
    let mut opened = Vec::new();
    for row in rows {
        let (uscc, due, event) = row?;
        opened.push((uscc, due, event));
    }
    let events = events_by_id(conn, opened.iter().filter_map(|(_, _, e)| *e))?;
    for (uscc, _, event) in opened {
        add(
            found,
            uscc,
            SignalKind::VerificationOverdue,
            event.and_then(|id| events.get(&id).cloned()),
        );
    }
    Ok(())
}

/// Approvals ending between today and the horizon with no renewal filed, each with the act
/// that set the end date (its grant, or the last renewal).
fn expiring(conn: &Connection, p: &Params<'_>, found: &mut Found) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT b.uscc, q.valid_until,
                (SELECT e.id FROM event e WHERE e.uscc = b.uscc AND e.approval_no = q.approval_no
                  AND (e.act = 'renew' OR e.changes LIKE '%[\"qualification\",' || q.id || ',null,%')
                  ORDER BY e.id DESC LIMIT 1)
         FROM qualification q JOIN body b ON b.id = q.body_id
         WHERE q.valid_until >= ?1 AND q.valid_until <= ?4
           AND (q.status = 'active' OR q.status = 'pending_verification' OR q.status = 'renewal_pending' OR q.status = 'suspended')
           AND NOT EXISTS (SELECT 1 FROM application a WHERE a.purpose = 'renewal' AND a.approval_no = q.approval_no
                AND (a.status = 'received' OR a.status = 'materials_requested' OR a.status = 'accepted' OR a.status = 'paused'))
           AND {SCOPE}"
    ))?;
    let rows = stmt.query_map(params![p.today, p.region, p.bodies, p.until], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })?;
    let mut ending = Vec::new();
    for row in rows {
        ending.push(row?);
    }
    let events = events_by_id(conn, ending.iter().filter_map(|(_, _, e)| *e))?;
    for (uscc, _, event) in ending {
        add(
            found,
            uscc,
            SignalKind::ExpiringWithoutRenewal,
            event.and_then(|id| events.get(&id).cloned()),
        );
    }
    Ok(())
}

/// Events by id, in one query.
fn events_by_id(
    conn: &Connection,
    ids: impl Iterator<Item = i64>,
) -> Result<BTreeMap<i64, SignalEvent>> {
    let ids: Vec<i64> = ids.collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let mut stmt = conn.prepare(
        "SELECT id, act, act_date FROM event WHERE id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = stmt.query_map([serde_json::to_string(&ids).unwrap_or_default()], |r| {
        Ok(SignalEvent {
            id: r.get(0)?,
            act: r.get(1)?,
            act_date: r.get(2)?,
        })
    })?;
    let mut out = BTreeMap::new();
    for e in rows {
        let e = e?;
        out.insert(e.id, e);
    }
    Ok(out)
}

struct Params<'a> {
    today: String,
    since: String,
    until: String,
    region: &'a str,
    bodies: Option<String>,
}

/// The day a signal holds from: the first event in the window (orders, penalties, findings),
/// the day after the verification was due, the first day of the expiry horizon.
fn since_of(kind: SignalKind, events: &[SignalEvent], facts: &BodyFacts, s: &RiskSettings) -> Date {
    let first = || {
        events
            .iter()
            .filter_map(|e| date_of(e.act_date.as_deref()))
            .min()
    };
    match kind {
        SignalKind::VerificationOverdue => facts
            .verification_due
            .and_then(|d| d.tomorrow().ok())
            .or_else(first),
        SignalKind::ExpiringWithoutRenewal => facts
            .ending
            .and_then(|d| {
                d.checked_sub(jiff::Span::new().days(s.expiring_days as i64))
                    .ok()
            })
            .or_else(first),
        _ => first(),
    }
    .unwrap_or(Date::MIN)
}

/// What the since of the date-driven signals needs: the earliest overdue verification's due
/// date, the earliest end date within the horizon.
#[derive(Default)]
struct BodyFacts {
    verification_due: Option<Date>,
    ending: Option<Date>,
}

fn body_facts(
    conn: &Connection,
    p: &Params<'_>,
    usccs: &str,
) -> Result<BTreeMap<String, BodyFacts>> {
    let mut out: BTreeMap<String, BodyFacts> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT b.uscc, min(f.due_on) FROM follow_up f JOIN qualification q ON q.id = f.qualification_id
              JOIN body b ON b.id = q.body_id
         WHERE f.closed_on IS NULL AND f.due_on < ?1 AND f.kind = 'verification'
           AND b.uscc IN (SELECT value FROM json_each(?2)) GROUP BY b.uscc",
    )?;
    for row in stmt.query_map(params![p.today, usccs], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (u, d) = row?;
        out.entry(u).or_default().verification_due = date_of(Some(&d));
    }
    let mut stmt = conn.prepare(
        "SELECT b.uscc, min(q.valid_until) FROM qualification q JOIN body b ON b.id = q.body_id
         WHERE q.valid_until >= ?1 AND q.valid_until <= ?2
           AND b.uscc IN (SELECT value FROM json_each(?3)) GROUP BY b.uscc",
    )?;
    for row in stmt.query_map(params![p.today, p.until, usccs], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (u, d) = row?;
        out.entry(u).or_default().ending = date_of(Some(&d));
    }
    Ok(out)
}

impl Store {
    /// Every risk signal of the register (or the query's region, kinds, bodies) as of today,
    /// strongest first: by suggested class, then the number of signals, then the name.
    pub fn risk_signals(&self, q: &RiskQuery) -> Result<Vec<RiskBody>> {
        let s = self.settings().risk;
        let today = self.today();
        let p = Params {
            today: today.to_string(),
            since: s.window_start(today).to_string(),
            until: s.expiring_until(today).to_string(),
            region: q.region.as_ref().map_or("", |r| r.as_str()),
            bodies: q
                .bodies
                .as_ref()
                .map(|b| serde_json::to_string(b).unwrap_or_default()),
        };
        let conn = &self.conn;
        let mut found = Found::new();
        let mut orders = Found::new();
        conduct(conn, &p, &mut found, &mut orders)?;
        penalties(conn, &p, &mut found)?;
        overdue_verifications(conn, &p, &mut found)?;
        expiring(conn, &p, &mut found)?;
        for (uscc, kinds) in orders {
            for (kind, events) in kinds {
                if events.len() >= s.repeated_orders as usize {
                    found.entry(uscc.clone()).or_default().insert(kind, events);
                }
            }
        }
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let usccs = serde_json::to_string(&found.keys().collect::<Vec<_>>()).unwrap_or_default();
        let facts = body_facts(conn, &p, &usccs)?;
        let mut stmt = conn.prepare(&format!(
            "SELECT b.uscc, b.name, b.name_sort, b.kind, b.region, b.risk_class,
                    (SELECT q.approval_no FROM qualification q WHERE q.body_id = b.id
                      ORDER BY (q.valid_until >= ?1 AND (q.status = 'active' OR q.status = 'pending_verification'
                                OR q.status = 'renewal_pending' OR q.status = 'suspended')) DESC,
                               q.valid_until DESC LIMIT 1)
             FROM body b WHERE b.uscc IN (SELECT value FROM json_each(?2)) AND {OPEN_RECORD}"
        ))?;
        let rows = stmt.query_map(params![p.today, usccs], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let none = BodyFacts::default();
        let mut out = Vec::new();
        for row in rows {
            let (uscc, name, name_sort, kind, region, class, approval_no) = row?;
            let Some(kinds) = found.remove(&uscc) else {
                continue;
            };
            let f = facts.get(&uscc).unwrap_or(&none);
            let mut signals: Vec<Signal> = kinds
                .into_iter()
                .map(|(kind, mut events)| {
                    events.sort();
                    Signal {
                        kind,
                        since: since_of(kind, &events, f, &s),
                        events,
                    }
                })
                .collect();
            let risk_class = RiskClass::parse(&class).unwrap_or(RiskClass::B);
            let kinds: Vec<SignalKind> = signals.iter().map(|s| s.kind).collect();
            let suggested = suggested_class(risk_class, &kinds);
            if suggested > risk_class {
                let events: BTreeSet<SignalEvent> = signals
                    .iter()
                    .flat_map(|s| s.events.iter().cloned())
                    .collect();
                let since = signals.iter().map(|s| s.since).min().unwrap_or(today);
                signals.push(Signal {
                    kind: SignalKind::ClassTooLow,
                    since,
                    events: events.into_iter().collect(),
                });
            }
            if !q.kinds.is_empty() {
                signals.retain(|s| q.kinds.contains(&s.kind));
                if signals.is_empty() {
                    continue;
                }
            }
            out.push(RiskBody {
                uscc,
                name,
                name_sort,
                kind,
                region,
                approval_no,
                risk_class,
                suggested_class: suggested,
                signals,
            });
        }
        out.sort_by(order);
        Ok(out)
    }
}

/// Strongest first: the suggested class, how many signals, then the name in pinyin order.
pub fn order(a: &RiskBody, b: &RiskBody) -> std::cmp::Ordering {
    b.suggested_class
        .cmp(&a.suggested_class)
        .then(b.signals.len().cmp(&a.signals.len()))
        .then_with(|| a.name_sort.cmp(&b.name_sort))
        .then_with(|| a.uscc.cmp(&b.uscc))
}
