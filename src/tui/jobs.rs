//! Work that can take more than a keystroke's worth of time runs on other connections, so no key
//! waits for it:
//! - a reader thread (one connection, kept open) runs the register's refreshes and counts, the
//!   queue, the log's pages, the reports by period, the inspection tasks, a task's page and
//!   its verified draw, and the risk signals, latest request first: requests
//!   superseded while it was busy are skipped;
//! - the reports' counts and the hash-chain check (they read whole tables) each get a thread.
//!
//! Every request gets exactly one result (`Skipped` when superseded), so `wait` knows when all is done.
//!
//! A result is sent, then the `Waker` is called (if the event loop gave one): the loop sleeps
//! on one channel — the terminal's keys and these wakes — and takes the results in at once,
//! never polling for them.

use crate::domain::period::Period;
use crate::domain::region::Region;
use crate::i18n::Lang;
use crate::i18n::inspection_screens::failure;
use crate::i18n::sentences::Officers;
use crate::store::applications::ApplicationRow;
use crate::store::changes::Bodies;
use crate::store::events::{ChainReport, Event, Head, verify_chain_from};
use crate::store::inspections::{TaskSummary, TaskView, Verified};
use crate::store::read::QueueItem;
use crate::store::register::{RegisterQuery, RegisterRow};
use crate::store::reports::{EventFilter, PeriodReport, Reports};
use crate::store::risk::{RiskBody, RiskQuery};
use crate::store::{Store, StoreError};
use jiff::civil::Date;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Wakes the event loop: called after each result is sent (from the background threads).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Where the background threads send their results: the channel, then a wake for the loop.
#[derive(Clone)]
struct Outbox {
    tx: Sender<JobResult>,
    waker: Arc<Mutex<Option<Waker>>>,
}

impl Outbox {
    /// Send `result`; false when nobody listens any more (the screens ended).
    fn send(&self, result: JobResult) -> bool {
        if self.tx.send(result).is_err() {
            return false;
        }
        let waker = self.waker.lock().ok().and_then(|w| w.clone());
        if let Some(wake) = waker {
            wake();
        }
        true
    }
}

/// Which query a screen's rows answer. Bumped on every change, so a background answer for an
/// older query is dropped, and each change is asked of the reader once.
#[derive(Debug, Clone, Default)]
pub struct Freshness {
    pub generation: u64,
    requested: Option<u64>,
}

impl Freshness {
    /// The query changed.
    pub fn changed(&mut self) {
        self.generation += 1;
    }

    /// The generation to ask the reader for, once per change.
    pub fn ask(&mut self) -> Option<u64> {
        if self.requested == Some(self.generation) {
            return None;
        }
        self.requested = Some(self.generation);
        Some(self.generation)
    }

    /// Whether an answer is for the current query.
    pub fn is_current(&self, generation: u64) -> bool {
        generation == self.generation
    }
}

/// What the reader thread is asked for.
#[derive(Debug, Clone)]
pub enum Request {
    /// The first page of the register under `query`, and the count: generation `generation`.
    Register {
        generation: u64,
        query: RegisterQuery,
        page: usize,
    },
    /// Only the count (after another user's change; the rows were re-read in place).
    Count {
        generation: u64,
        query: RegisterQuery,
    },
    /// The whole queue, or (`of`) only the items of these bodies (`Store::queue_of_bodies`).
    Queue { within: u32, of: Option<Bodies> },
    /// A page of the event feed under `filter`: the newest (`from` None) or from event `from` on
    /// (after another user's change). A filter that matches little reads the whole log.
    Log {
        generation: u64,
        filter: EventFilter,
        from: Option<i64>,
        page: usize,
    },
    /// The reports by `period` of `region` (None: everywhere): generation `generation`.
    Period {
        generation: u64,
        period: Period,
        region: Option<Region>,
    },
    /// Every inspection task with its counts (the tasks screen, key 6).
    Tasks,
    /// One task's page: its record and list, with the officers' display names.
    Task { id: i64 },
    /// Redraw task `id` from its record and compare (the page's verify-draw status).
    VerifyDraw { id: i64 },
    /// The risk signals of `region` (None: everywhere), the risk screen's reading.
    Risk { region: Option<Region> },
    /// Every application (the applications screen, key 5): read after the first frame.
    Applications,
}

/// How many kinds of request the reader keeps the latest of.
const SLOTS: usize = 10;

impl Request {
    fn slot(&self) -> usize {
        match self {
            Request::Register { .. } => 0,
            Request::Count { .. } => 1,
            Request::Queue { .. } => 2,
            Request::Log { .. } => 3,
            Request::Period { .. } => 4,
            Request::Tasks => 5,
            Request::Task { .. } => 6,
            Request::VerifyDraw { .. } => 7,
            Request::Risk { .. } => 8,
            Request::Applications => 9,
        }
    }
}

#[derive(Debug)]
pub enum JobResult {
    /// The reports of a region (None: everywhere).
    Reports(Option<Region>, Result<Reports, String>),
    Chain(Result<ChainReport, String>),
    Register {
        generation: u64,
        rows: Result<Vec<RegisterRow>, String>,
        count: Result<u64, String>,
    },
    Count {
        generation: u64,
        count: Result<u64, String>,
    },
    Queue(Result<Vec<QueueItem>, String>),
    Log {
        generation: u64,
        from: Option<i64>,
        /// The page, with the names of the officers who acted in it (read together).
        rows: Result<(Vec<Event>, Officers), String>,
    },
    Period {
        generation: u64,
        report: Result<PeriodReport, String>,
    },
    Tasks(Result<Vec<TaskSummary>, String>),
    Task {
        id: i64,
        page: Result<Box<(TaskView, Officers)>, String>,
    },
    VerifyDraw {
        id: i64,
        verified: Result<Verified, String>,
    },
    Risk {
        region: Option<Region>,
        bodies: Result<Vec<RiskBody>, String>,
    },
    Applications(Result<Vec<ApplicationRow>, String>),
    /// A request superseded by a newer one before it ran.
    Skipped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Reports,
    Chain,
}

pub struct Jobs {
    path: PathBuf,
    today: Date,
    /// The language the jobs' failures are said in (the screens').
    lang: Lang,
    outbox: Outbox,
    rx: Receiver<JobResult>,
    /// Results taken off the channel by `wait_any`, not yet handed out by `poll`.
    arrived: Vec<JobResult>,
    /// Threads of their own (reports, chain) still running.
    running: Vec<Job>,
    /// The region the next reports are computed for (the screens' jurisdiction or none).
    pub reports_region: Option<Region>,
    /// The next chain check: the head to trust (hashes up to it not recomputed) and the file
    /// to record the verified head in (`verified_heads`; None: record nothing).
    pub chain_trusted: Option<Head>,
    pub chain_record: Option<PathBuf>,
    /// The reader thread, started on first use.
    reader: Option<Sender<Request>>,
    /// Requests sent to the reader without a result yet.
    outstanding: usize,
}

/// The message of a panic caught in a background thread.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("internal error: {what}")
}

/// Run `f`; a panic becomes the error of the job's result (the screens keep running).
fn guarded(f: impl FnOnce() -> JobResult, on_panic: impl FnOnce(String) -> JobResult) -> JobResult {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|p| on_panic(panic_message(p)))
}

fn run(
    job: Job,
    store: Result<Store, StoreError>,
    region: Option<Region>,
    (trusted, record): (Option<Head>, Option<PathBuf>),
    lang: Lang,
) -> JobResult {
    match job {
        Job::Reports => JobResult::Reports(
            region.clone(),
            store
                .and_then(|s| s.reports_in(region.as_ref()))
                .map_err(|e| e.render(lang)),
        ),
        Job::Chain => JobResult::Chain(
            store
                .and_then(|s| {
                    let report = verify_chain_from(s.conn(), trusted.as_ref())?;
                    if let (Some(file), Some(head), None) =
                        (&record, &report.head, &report.first_bad)
                    {
                        crate::verified_heads::record_in(file, s.path(), head);
                    }
                    Ok(report)
                })
                .map_err(|e| e.render(lang)),
        ),
    }
}

fn answer(store: &Result<Store, String>, req: Request, lang: Lang) -> JobResult {
    let s = match store {
        Ok(s) => s,
        Err(e) => {
            return match req {
                Request::Register { generation, .. } => JobResult::Register {
                    generation,
                    rows: Err(e.clone()),
                    count: Err(e.clone()),
                },
                Request::Count { generation, .. } => JobResult::Count {
                    generation,
                    count: Err(e.clone()),
                },
                Request::Queue { .. } => JobResult::Queue(Err(e.clone())),
                Request::Log {
                    generation, from, ..
                } => JobResult::Log {
                    generation,
                    from,
                    rows: Err(e.clone()),
                },
                Request::Period { generation, .. } => JobResult::Period {
                    generation,
                    report: Err(e.clone()),
                },
                Request::Tasks => JobResult::Tasks(Err(e.clone())),
                Request::Task { id } => JobResult::Task {
                    id,
                    page: Err(e.clone()),
                },
                Request::VerifyDraw { id } => JobResult::VerifyDraw {
                    id,
                    verified: Err(e.clone()),
                },
                Request::Risk { region } => JobResult::Risk {
                    region,
                    bodies: Err(e.clone()),
                },
                Request::Applications => JobResult::Applications(Err(e.clone())),
            };
        }
    };
    let e = |e: StoreError| e.render(lang);
    match req {
        Request::Register {
            generation,
            query,
            page,
        } => JobResult::Register {
            generation,
            rows: s.register_page(&query, None, false, page).map_err(e),
            count: s.register_count(&query).map_err(e),
        },
        Request::Count { generation, query } => JobResult::Count {
            generation,
            count: s.register_count(&query).map_err(e),
        },
        Request::Queue { within, of: None } => JobResult::Queue(s.queue(within).map_err(e)),
        Request::Queue {
            within,
            of: Some(bodies),
        } => JobResult::Queue(s.queue_of_bodies(within, &bodies).map_err(e)),
        Request::Log {
            generation,
            filter,
            from,
            page,
        } => JobResult::Log {
            generation,
            from,
            rows: s
                .events_page(&filter, from.map(|id| id + 1), page)
                .and_then(|rows| Ok((rows, s.officer_names()?)))
                .map_err(e),
        },
        Request::Period {
            generation,
            period,
            region,
        } => JobResult::Period {
            generation,
            report: s.period_report(&period, region.as_ref()).map_err(e),
        },
        Request::Tasks => JobResult::Tasks(s.task_summaries().map_err(e)),
        Request::Task { id } => JobResult::Task {
            id,
            page: s
                .task_view(id)
                .map_err(|f| failure(lang, &f))
                .and_then(|v| Ok(Box::new((v, s.officer_names().map_err(e)?)))),
        },
        Request::VerifyDraw { id } => JobResult::VerifyDraw {
            id,
            verified: s.verify_draw(id).map_err(|f| failure(lang, &f)),
        },
        Request::Risk { region } => JobResult::Risk {
            bodies: s
                .risk_signals(&RiskQuery {
                    region: region.clone(),
                    ..Default::default()
                })
                .map_err(e),
            region,
        },
        Request::Applications => JobResult::Applications(s.applications().map_err(e)),
    }
}

/// The reader thread: answer the latest request of each kind, skip the ones it superseded.
fn reader(path: PathBuf, today: Date, lang: Lang, requests: Receiver<Request>, results: Outbox) {
    let store = Store::open_read_only(&path, today).map_err(|e| e.render(lang));
    while let Ok(first) = requests.recv() {
        let mut batch = vec![first];
        batch.extend(requests.try_iter());
        let mut latest: Vec<Option<Request>> = (0..SLOTS).map(|_| None).collect();
        for req in batch {
            let slot = req.slot();
            if latest[slot].replace(req).is_some() && !results.send(JobResult::Skipped) {
                return;
            }
        }
        for req in latest.into_iter().flatten() {
            let fallback = req.clone();
            let result = guarded(
                || answer(&store, req, lang),
                |e| answer(&Err(e), fallback, lang),
            );
            if !results.send(result) {
                return;
            }
        }
    }
}

impl Jobs {
    /// Background work on the database at `path`, with `today` as the store's date; failures
    /// said in `lang`.
    pub fn new(path: PathBuf, today: Date, lang: Lang) -> Self {
        let (tx, rx) = channel();
        Jobs {
            path,
            today,
            lang,
            outbox: Outbox {
                tx,
                waker: Arc::new(Mutex::new(None)),
            },
            rx,
            arrived: Vec::new(),
            running: Vec::new(),
            reports_region: None,
            chain_trusted: None,
            chain_record: None,
            reader: None,
            outstanding: 0,
        }
    }

    pub fn is_running(&self, job: Job) -> bool {
        self.running.contains(&job)
    }
    pub fn any_running(&self) -> bool {
        !self.running.is_empty() || self.outstanding > 0
    }
    /// A request to the reader is waiting for its answer (the loop then wakes more often).
    pub fn reader_busy(&self) -> bool {
        self.outstanding > 0
    }

    /// Start `job` on a connection of its own (unless it is already running).
    pub fn spawn(&mut self, job: Job) {
        if self.is_running(job) {
            return;
        }
        self.running.push(job);
        let (tx, path, today, lang) = (
            self.outbox.clone(),
            self.path.clone(),
            self.today,
            self.lang,
        );
        let region = self.reports_region.clone();
        let chain = (self.chain_trusted.clone(), self.chain_record.clone());
        std::thread::spawn(move || {
            let asked = region.clone();
            let result = guarded(
                || {
                    run(
                        job,
                        Store::open_read_only(&path, today),
                        region,
                        chain,
                        lang,
                    )
                },
                |e| match job {
                    Job::Reports => JobResult::Reports(asked, Err(e)),
                    Job::Chain => JobResult::Chain(Err(e)),
                },
            );
            tx.send(result);
        });
    }

    /// Ask the reader thread.
    pub fn request(&mut self, req: Request) {
        if self.reader.is_none() {
            let (req_tx, req_rx) = channel();
            let (tx, path, today, lang) = (
                self.outbox.clone(),
                self.path.clone(),
                self.today,
                self.lang,
            );
            std::thread::spawn(move || reader(path, today, lang, req_rx, tx));
            self.reader = Some(req_tx);
        }
        if let Some(r) = &self.reader
            && r.send(req).is_ok()
        {
            self.outstanding += 1;
        }
    }

    fn done(&mut self, r: &JobResult) {
        match r {
            JobResult::Reports(..) => self.running.retain(|j| *j != Job::Reports),
            JobResult::Chain(_) => self.running.retain(|j| *j != Job::Chain),
            _ => self.outstanding = self.outstanding.saturating_sub(1),
        }
    }

    /// Call `waker` after every result from now on (the event loop's; it replaces any before).
    /// It is called once at once: a result that came before it was set is not left waiting.
    pub fn set_waker(&mut self, waker: Waker) {
        if let Ok(mut w) = self.outbox.waker.lock() {
            *w = Some(Arc::clone(&waker));
        }
        waker();
    }

    /// The results that have arrived.
    pub fn poll(&mut self) -> Vec<JobResult> {
        let mut out = std::mem::take(&mut self.arrived);
        out.extend(self.rx.try_iter());
        for r in &out {
            self.done(r);
        }
        out
    }

    /// Sleep until a result arrives or `timeout` has passed (a driver without a terminal: the
    /// benches); whether one arrived. It is handed out by the next `poll`.
    pub fn wait_any(&mut self, timeout: Duration) -> bool {
        if !self.arrived.is_empty() {
            return true;
        }
        match self.rx.recv_timeout(timeout) {
            Ok(r) => {
                self.arrived.push(r);
                true
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => false,
        }
    }

    /// Wait for the reader's answers (tests, and nothing else); other results that arrive meanwhile
    /// are returned too.
    pub fn wait_reader(&mut self) -> Vec<JobResult> {
        let mut out = self.poll();
        while self.outstanding > 0 {
            match self.rx.recv() {
                Ok(r) => {
                    self.done(&r);
                    out.push(r);
                }
                Err(_) => break,
            }
        }
        out
    }

    /// Wait for every running job (tests, and nothing else).
    pub fn wait(&mut self) -> Vec<JobResult> {
        let mut out = self.poll();
        while self.any_running() {
            match self.rx.recv() {
                Ok(r) => {
                    self.done(&r);
                    out.push(r);
                }
                Err(_) => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    #[test]
    fn every_result_wakes_the_loop_after_it_is_sent() {
        let (dir, _store) = fixture::temp();
        let mut jobs = Jobs::new(dir.path().join("fixture.db"), fixture::TODAY, Lang::En);
        let (tx, woken) = channel();
        jobs.set_waker(Arc::new(move || {
            let _ = tx.send(());
        }));
        // Setting it wakes once at once: an answer that came before is not left waiting.
        woken.recv().unwrap();
        jobs.request(Request::Queue {
            within: 30,
            of: None,
        });
        // A hang guard, not a timing: the answer comes, then its wake.
        woken.recv_timeout(Duration::from_secs(120)).unwrap();
        let results = jobs.poll();
        assert!(
            matches!(results.as_slice(), [JobResult::Queue(Ok(items))] if !items.is_empty()),
            "the result was sent before the wake: {results:?}"
        );
        assert!(!jobs.reader_busy());
    }

    #[test]
    fn wait_any_keeps_what_arrived_for_the_next_poll() {
        let (dir, _store) = fixture::temp();
        let mut jobs = Jobs::new(dir.path().join("fixture.db"), fixture::TODAY, Lang::En);
        assert!(
            !jobs.wait_any(Duration::ZERO),
            "nothing asked, nothing arrives"
        );
        jobs.request(Request::Queue {
            within: 30,
            of: None,
        });
        assert!(jobs.wait_any(Duration::from_secs(120)));
        assert!(jobs.reader_busy(), "owed until handed out");
        assert!(jobs.wait_any(Duration::ZERO), "still there");
        assert_eq!(jobs.poll().len(), 1);
        assert!(!jobs.reader_busy());
        assert!(jobs.poll().is_empty());
    }

    #[test]
    fn the_reader_answers_the_latest_request_and_skips_the_rest() {
        let (dir, _store) = fixture::temp();
        let mut jobs = Jobs::new(dir.path().join("fixture.db"), fixture::TODAY, Lang::En);
        for (generation, text) in [(1, "北"), (2, "北京"), (3, "北京国实")] {
            let query = RegisterQuery {
                text: text.into(),
                ..Default::default()
            };
            jobs.request(Request::Register {
                generation,
                query,
                page: 10,
            });
        }
        jobs.request(Request::Queue {
            within: 30,
            of: None,
        });
        let results = jobs.wait();
        assert_eq!(results.len(), 4, "one result per request");
        assert!(!jobs.any_running());
        let last = results
            .iter()
            .filter_map(|r| match r {
                JobResult::Register {
                    generation,
                    rows,
                    count,
                } => Some((
                    *generation,
                    rows.as_ref().unwrap().len(),
                    *count.as_ref().unwrap(),
                )),
                _ => None,
            })
            .next_back()
            .unwrap();
        assert_eq!(last, (3, 1, 1));
        assert!(
            results
                .iter()
                .any(|r| matches!(r, JobResult::Queue(Ok(items)) if !items.is_empty()))
        );
    }
}
