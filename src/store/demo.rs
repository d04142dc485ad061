//! `certdesk demo`: fill the register with generated bodies and their histories.
//!
//! The plans come from [`crate::demo`]; here they are written the way the real program writes
//! them: grants as `import_grants` does (body, qualification, scope, verification follow-up, one
//! chained `grant` event), every later act through [`apply_act`], so the domain's `plan` checks
//! each one. Thousands of bodies share one `BEGIN IMMEDIATE` transaction, which is what makes it
//! fast; `synchronous`, `journal_mode` and `foreign_keys` stay as the store set them, and the few
//! bulk settings (statement cache, QPSG, page cache) are put back when the
//! bodies are written. A few open applications are then made through the ordinary application
//! calls, so the queue has materials and decisions to show.

use super::acts::apply_act;
use super::applications::{Decision, NewApplication};
use super::capture::Capture;
use super::events::{self, Draft};
use super::{Ctx, Result, Store, StoreError, index_new_names, last_body_id, now_utc};
use crate::demo::{BodyPlan, Generator, PlannedAct, PlannedApplication, QualPlan, Taken};
use crate::domain::acts::{Settings, plan_grant};
use crate::domain::applications::ApplicationAct;
use crate::domain::calendar::Calendar;
use crate::domain::ids::{ApprovalNo, Uscc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::time::Instant;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// Bodies to add (each with one qualification, a few with a second after the first ended).
    pub bodies: usize,
    /// The same seed on the same day gives the same register.
    pub seed: u64,
    /// Events this run should write in all; None: natural histories (about 5–8 per body).
    /// Histories are padded with ordinary acts (rectification cycles, changes of particulars,
    /// credit listings) to reach it.
    pub target_events: Option<usize>,
}

/// What a demo run wrote.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct DemoReport {
    pub bodies: usize,
    pub qualifications: usize,
    /// Events written by this run (grants, acts and the applications' events).
    pub events: u64,
    pub seconds: f64,
}

/// One transaction holds at most this many bodies, or about this many events: large enough that
/// commits (and the checkpoints after them) cost little, small enough that another user waits
/// only a second or two for the write lock (the store's busy timeout is 10 s).
const BODIES_PER_TRANSACTION: usize = 5000;
const EVENTS_PER_TRANSACTION: usize = 25_000;

/// Page cache while the demo writes (KiB); the store's own setting is put back afterwards.
const BULK_CACHE_KIB: i64 = 256 * 1024;

impl Store {
    /// Add `opts.bodies` generated bodies with their histories up to `today()`. Works on an empty
    /// or a filled register: codes and names already in use are never generated.
    /// `progress` is called with the number of bodies written after each commit.
    pub fn demo(
        &mut self,
        opts: &DemoOptions,
        progress: &mut dyn FnMut(usize),
    ) -> Result<DemoReport> {
        let started = Instant::now();
        let (events_before, _) = events::head(&self.conn)?;
        // Bulk settings for this connection, each put back afterwards (durability is untouched:
        // synchronous stays FULL). Room in the statement cache for every statement the acts use;
        // plans that do not depend on bound values (otherwise SQLite re-prepares a statement each
        // time a value it planned with changes); a page cache that holds a whole transaction's
        // changes instead of spilling them into the WAL halfway.
        self.conn.set_prepared_statement_cache_capacity(64);
        let qpsg = self.conn.db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)?;
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        let cache_size: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))?;
        let written = self.demo_bodies(opts, progress);
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = {cache_size}"))?;
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, qpsg)?;
        self.conn.set_prepared_statement_cache_capacity(16); // rusqlite's default
        let (mut generator, mut taken, qualifications) = written?;

        let applications = if opts.bodies > 0 {
            generator.applications(&mut taken)
        } else {
            Vec::new()
        };
        let actor = self.actor.clone();
        let written = applications
            .iter()
            .try_for_each(|a| self.demo_application(a));
        self.actor = actor;
        written?;
        // Each batch wrote tens of megabytes into the -wal (which they reuse: it is emptied once,
        // at the end, not between them).
        super::truncate_wal(&self.conn);

        let (events_after, _) = events::head(&self.conn)?;
        Ok(DemoReport {
            bodies: opts.bodies,
            qualifications,
            events: (events_after - events_before).max(0) as u64,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// The bodies, a few thousand per transaction. Returns the generator (for the applications),
    /// the codes in use and the qualifications written.
    fn demo_bodies(
        &mut self,
        opts: &DemoOptions,
        progress: &mut dyn FnMut(usize),
    ) -> Result<(Generator, Taken, usize)> {
        let mut taken = self.taken_codes()?;
        let mut generator = Generator::new(opts.seed, self.today, opts.bodies, opts.target_events);
        let (calendar, settings) = (self.calendar.clone(), self.settings);
        let capture = self.capture.clone();
        let (mut done, mut qualifications) = (0, 0);
        while done < opts.bodies {
            let mut plans: Vec<BodyPlan> = Vec::new();
            let mut events = 0;
            while done + plans.len() < opts.bodies
                && plans.len() < BODIES_PER_TRANSACTION
                && events < EVENTS_PER_TRANSACTION
            {
                let plan = generator.next_body(&mut taken);
                events += plan.events();
                plans.push(plan);
            }
            let n = plans.len();
            let tx = self.write()?;
            let ids = insert_bodies(&tx, &plans)?;
            for (plan, body_id) in plans.iter().zip(ids) {
                qualifications += write_body(
                    &tx, &capture, plan, body_id, &calendar, &settings, opts.seed,
                )?;
            }
            tx.commit()?;
            done += n;
            progress(done);
        }
        Ok((generator, taken, qualifications))
    }

    /// Every USCC, approval number and body name already in the register or its applications.
    fn taken_codes(&self) -> Result<Taken> {
        let mut taken = Taken::default();
        let collect = |sql: &str, into: &mut std::collections::HashSet<String>| -> Result<()> {
            let mut stmt = self.conn.prepare(sql)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                into.insert(r.get(0)?);
            }
            Ok(())
        };
        collect(
            "SELECT uscc FROM body UNION SELECT uscc FROM application",
            &mut taken.usccs,
        )?;
        collect(
            "SELECT approval_no FROM qualification UNION SELECT approval_no FROM application WHERE approval_no IS NOT NULL",
            &mut taken.approvals,
        )?;
        collect(
            "SELECT name FROM body UNION SELECT name FROM application",
            &mut taken.names,
        )?;
        Ok(taken)
    }

    /// Receive an application and take it through its steps, as an officer would.
    fn demo_application(&mut self, a: &PlannedApplication) -> Result<()> {
        let invalid = |e: crate::domain::ids::IdError| {
            StoreError::Invalid(crate::store_msg!(
                DemoApplication,
                uscc = a.uscc.as_str(),
                why = e.to_string()
            ))
        };
        self.set_actor(a.actor);
        let id = self.receive_application(&NewApplication {
            purpose: a.purpose,
            uscc: Uscc::parse(&a.uscc).map_err(invalid)?,
            name: a.name.clone(),
            kind: a.kind,
            route: a.route,
            approval_no: a
                .approval_no
                .as_deref()
                .map(ApprovalNo::parse)
                .transpose()
                .map_err(invalid)?,
            scope: a.scope.clone(),
            region: a.region.clone(),
            risk_class: a.risk_class,
            received_on: a.received_on,
            reason: a.reason.clone(),
        })?;
        for &(act, date) in &a.steps {
            let (basis, reason) = match act {
                ApplicationAct::RequestMaterials => (
                    "行政许可法第三十二条",
                    "申请材料不齐全，一次性告知需要补正的全部内容",
                ),
                ApplicationAct::Accept => (
                    "行政许可法第三十二条",
                    "申请材料齐全、符合法定形式，予以受理",
                ),
                ApplicationAct::Pause => (
                    "行政许可法第四十五条",
                    "组织专家技术评审，所需时间不计入审批期限",
                ),
                _ => ("行政许可法第三十四条", ""),
            };
            let decision = Decision {
                date: Some(date),
                basis: basis.into(),
                reason: reason.into(),
                ..Default::default()
            };
            self.act_on_application(id, act, &decision, None)?;
        }
        Ok(())
    }
}

/// Insert the bodies of one transaction and add their names to the search index, before any
/// act can rename one. Returns their ids, in order.
fn insert_bodies(tx: &Connection, plans: &[BodyPlan]) -> Result<Vec<i64>> {
    let now = now_utc();
    let last_indexed = last_body_id(tx)?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO body (uscc, name, kind, region, risk_class, address, legal_rep, updated_at, updated_by, name_sort)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
    )?;
    let mut ids = Vec::with_capacity(plans.len());
    for p in plans {
        let actor = p
            .qualifications
            .first()
            .map_or(crate::demo::ACTORS[0], |q| q.actor);
        let values = params![
            p.uscc,
            p.name,
            p.kind.as_str(),
            p.region,
            p.risk_class.as_str(),
            p.address,
            p.legal_rep,
            now,
            actor,
            crate::domain::collation::name_sort_key(&p.name)
        ];
        ids.push(insert.query_row(values, |r| r.get(0))?);
    }
    index_new_names(tx, last_indexed)?;
    Ok(ids)
}

/// Write one body's qualifications: each grant and its acts. Returns how many.
fn write_body(
    tx: &Connection,
    capture: &Capture,
    plan: &BodyPlan,
    body_id: i64,
    calendar: &Calendar,
    settings: &Settings,
    seed: u64,
) -> Result<usize> {
    let now = now_utc();
    let mut previous: Option<(i64, &str)> = None;
    for q in &plan.qualifications {
        let predecessor = previous.filter(|_| q.follows_previous);
        let qid = write_grant(
            tx,
            capture,
            plan,
            q,
            body_id,
            predecessor,
            calendar,
            settings,
            seed,
            &now,
        )?;
        for act in &q.acts {
            perform(tx, capture, q, act, calendar, settings)?;
        }
        previous = Some((qid, q.approval_no.as_str()));
    }
    Ok(plan.qualifications.len())
}

/// The grant, written as an import writes it: qualification, scope, verification follow-up, event.
#[allow(clippy::too_many_arguments)]
fn write_grant(
    tx: &Connection,
    capture: &Capture,
    plan: &BodyPlan,
    q: &QualPlan,
    body_id: i64,
    predecessor: Option<(i64, &str)>,
    calendar: &Calendar,
    settings: &Settings,
    seed: u64,
    now: &str,
) -> Result<i64> {
    let (status, follow_up) = plan_grant(q.route, plan.kind, q.decided_on, calendar, settings);
    let decided = q.decided_on.to_string();
    let valid_until = q.valid_until.to_string();
    let qid: i64 = tx
        .prepare_cached(
            "INSERT INTO qualification (body_id, approval_no, route, decided_on, valid_until, status, authority, doc_no,
                                        predecessor_id, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
        )?
        .query_row(
            params![
                body_id,
                q.approval_no,
                q.route.as_str(),
                decided,
                valid_until,
                status.as_str(),
                q.authority,
                q.doc_no,
                predecessor.map(|(id, _)| id),
                now,
                q.actor
            ],
            |r| r.get(0),
        )?;
    {
        let mut insert_scope =
            tx.prepare_cached("INSERT INTO scope_item (qualification_id, item, status, since) VALUES (?1, ?2, 'active', ?3)")?;
        for item in &q.scope {
            insert_scope.execute(params![qid, item, decided])?;
        }
    }
    if let Some(f) = &follow_up {
        tx.prepare_cached(
            "INSERT INTO follow_up (qualification_id, kind, opened_on, due_on, due_estimated) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![qid, f.kind.as_str(), decided, f.due.date.to_string(), f.due.estimated])?;
    }
    let (last_id, prev_hash) = tx
        .prepare_cached("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .optional()?
        .unwrap_or((0, events::GENESIS.to_string()));
    let event = events::build(
        last_id + 1,
        now.to_string(),
        &Draft {
            act: "grant",
            approval_no: Some(&q.approval_no),
            uscc: Some(&plan.uscc),
            act_date: Some(decided),
            basis: q.basis,
            doc_no: &q.doc_no,
            before: None,
            after: Some(
                json!({ "status": status.as_str(), "valid_until": valid_until, "version": 1 }),
            ),
            details: Some(json!({
                "source": "demo", "seed": seed,
                "route": q.route.as_str(), "authority": q.authority, "scope": q.scope,
                "verification_due": follow_up.map(|f| f.due.date.to_string()),
                "predecessor": predecessor.map(|(_, no)| no),
            })),
            ..Draft::new(q.actor)
        },
        prev_hash,
        capture.changes_json(tx)?,
    );
    events::insert(tx, &event)?;
    Ok(qid)
}

/// One planned act through the real rules, recorded as done on its own date by its officer.
fn perform(
    tx: &Connection,
    capture: &Capture,
    q: &QualPlan,
    act: &PlannedAct,
    calendar: &Calendar,
    settings: &Settings,
) -> Result<()> {
    let req = &act.request;
    let date = req.date.ok_or_else(|| {
        StoreError::Invalid(crate::store_msg!(
            DemoActWithoutDate,
            approval = q.approval_no.as_str()
        ))
    })?;
    let ctx = Ctx {
        actor: act.actor,
        capture,
        today: date,
        calendar,
        settings,
    };
    apply_act(tx, &ctx, &q.approval_no, req, None)
        .map(|_| ())
        .map_err(|e| match e {
            StoreError::Refused(r) => StoreError::Invalid(crate::store_msg!(
                DemoBrokeRule,
                approval = q.approval_no.as_str(),
                act = req.act.map_or(
                    crate::i18n::rules::Arg::Text("?".into()),
                    crate::i18n::rules::Arg::Act
                ),
                date = date,
                why = crate::i18n::rules::Arg::Said {
                    zh: r.message(crate::i18n::Lang::Zh),
                    en: r.message(crate::i18n::Lang::En),
                }
            )),
            e => e,
        })
}
