//! Waiting for the write lock, and saying what for. An import announces itself in
//! `long_write` (a short committed row) before its long transaction; another officer's act
//! that finds the database locked reads it, waits for as long as that import runs, and is told
//! "waiting for the import of FILE by LOGIN (started HH:MM)". Without an announced import the
//! wait ends once, for [`PLAIN_WAIT`], nobody has committed and the process holding the lock
//! has not worked (`lock_holder`): acts queued behind each other on a loaded server pass the
//! lock on with a commit each, and a holder slowed by a busy CPU or disk is still working; a
//! lock held that long by an idle process is stuck.

use super::lock_holder;
use super::{Result, Store, StoreError, now_utc};
use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use std::time::{Duration, Instant};

/// How long a writer waits for a lock nobody announced while nobody commits.
pub const PLAIN_WAIT: Duration = Duration::from_secs(10);
/// After this long a waiting writer is told what it waits for (`certdesk act` on stderr).
pub const TELL_AFTER: Duration = Duration::from_secs(1);
/// How often a waiting writer tries the lock again.
const POLL: Duration = Duration::from_millis(2);
/// How often it reads the announcement again.
const LOOK_EVERY: Duration = Duration::from_millis(250);

/// An import another officer is writing now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongWrite {
    /// The file (or files, joined with ", ").
    pub file: String,
    pub login: String,
    /// When the import started (UTC, RFC 3339).
    pub started_at: String,
}

impl LongWrite {
    /// "HH:MM" of the start, in the server's time zone.
    pub fn started_local(&self) -> String {
        self.started_at
            .parse::<jiff::Timestamp>()
            .map(|t| {
                t.to_zoned_datetime(jiff::tz::TimeZone::system())
                    .strftime("%H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| self.started_at.clone())
    }
}

/// How a writer that finds the database locked waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockWait {
    /// As long as an announced import runs, others commit or the holder works, else
    /// [`PLAIN_WAIT`] (the command line).
    Patient,
    /// Give up after this long with [`StoreError::Busy`], saying what holds the lock: the
    /// screens stay responsive and try again on their next tick.
    Brief(Duration),
}

/// Told once the wait passed [`TELL_AFTER`], and again when what it waits for changes.
pub type WaitObserver = Box<dyn Fn(Option<&LongWrite>) + Send>;

impl Store {
    /// How this connection's writes wait for the lock (default: patient).
    pub fn set_lock_wait(&mut self, wait: LockWait) {
        self.lock_wait = wait;
    }

    /// How long a patient write waits while nobody commits (default [`PLAIN_WAIT`]; tests
    /// scale it down).
    pub fn set_plain_wait(&mut self, wait: Duration) {
        self.plain_wait = wait;
    }

    /// Called while a write waits (see [`WaitObserver`]).
    pub fn on_lock_wait(&mut self, observer: WaitObserver) {
        self.on_wait = Some(observer);
    }

    /// The import that holds (or is about to take) the write lock, if one announced itself
    /// and its process is still running.
    pub fn long_write(&self) -> Result<Option<LongWrite>> {
        current(&self.conn)
    }

    /// `BEGIN IMMEDIATE`, waiting as [`LockWait`] says. The wait polls every [`POLL`]
    /// instead of SQLite's busy handler, whose sleeps grow to 100 ms: under sixteen writers
    /// acting flat out the lock is almost always held, and a writer that had backed off to
    /// 100 ms naps lost every race to fresh ones for more than 10 s (26 of 17,212 acts failed
    /// in the load bench). Polling at one pace makes every waiter's chance the same.
    pub(crate) fn lock_for_writing(&self) -> Result<Transaction<'_>> {
        let started = Instant::now();
        let mut plain_since = started;
        let mut told: Option<Option<LongWrite>> = None;
        let mut holder: Option<LongWrite> = None;
        let mut last_look: Option<Instant> = None;
        let mut commits_seen: Option<i64> = None;
        let mut holder_pid: Option<u32> = None;
        let mut watch = lock_holder::Watch::default();
        self.conn.busy_timeout(Duration::ZERO)?;
        let outcome = loop {
            // A shared borrow: the retry below reads through the same connection.
            let busy = match Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            {
                Ok(tx) => break Ok(tx),
                Err(e) if is_busy(&e) => e,
                Err(e) => break Err(e.into()),
            };
            if last_look.is_none_or(|t| t.elapsed() >= LOOK_EVERY) {
                last_look = Some(Instant::now());
                holder = match current(&self.conn) {
                    Ok(h) => h,
                    Err(e) => break Err(e),
                };
                // Another connection committed since the last look: the lock is passed on,
                // not stuck (the load bench's 200 sessions on two cores: acts queued behind
                // seven others for more than 10 s, every one of them committing, and 140 of
                // 672 gave up).
                let commits = match data_version(&self.conn) {
                    Ok(v) => v,
                    Err(e) => break Err(e),
                };
                if commits_seen.is_some_and(|seen| seen != commits) {
                    plain_since = Instant::now();
                }
                commits_seen = Some(commits);
                // The holder works (runs, waits for a CPU or the disk): not stuck (the load
                // bench: acts that held the lock for 10 s on a saturated machine, and the acts
                // behind them gave up).
                holder_pid = lock_holder::write_lock_pid(&self.path);
                if holder_pid.is_some_and(|pid| watch.working(pid)) {
                    plain_since = Instant::now();
                }
            }
            // The plain wait counts from the last moment an import held the lock: when it
            // commits, the acts that waited for it race for the lock, and the losers wait for
            // the winner as for any other act (found by the load bench: all six acts that had
            // waited 13 s behind an import gave up the moment it committed).
            if holder.is_some() {
                plain_since = Instant::now();
            }
            let waited = started.elapsed();
            let give_up = match self.lock_wait {
                LockWait::Patient => holder.is_none() && plain_since.elapsed() >= self.plain_wait,
                LockWait::Brief(d) => waited >= d,
            };
            if give_up {
                break Err(match (holder.take(), self.lock_wait) {
                    (Some(h), _) => StoreError::Busy(h),
                    (None, LockWait::Patient) => {
                        StoreError::Stuck(holder_pid.map(lock_holder::describe))
                    }
                    (None, LockWait::Brief(_)) => busy.into(),
                });
            }
            if waited >= TELL_AFTER && told.as_ref() != Some(&holder) {
                if let Some(tell) = &self.on_wait {
                    tell(holder.as_ref());
                }
                told = Some(holder.clone());
            }
            std::thread::sleep(POLL);
        };
        self.conn.busy_timeout(PLAIN_WAIT)?;
        outcome
    }

    /// Announce an import of `file` by this officer: committed at once, so that acts waiting
    /// for the lock can say what they wait for. Stale notices (their process gone) go.
    pub fn announce_import(&self, file: &str) -> Result<i64> {
        let tx = self.lock_for_writing()?;
        let stale: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT id, host, pid, process_start FROM long_write")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?;
            rows.filter_map(|r| r.ok())
                .filter(|(_, host, pid, start)| !running(host, *pid, start))
                .map(|(id, ..)| id)
                .collect()
        };
        for id in stale {
            tx.execute("DELETE FROM long_write WHERE id = ?1", [id])?;
        }
        let pid = std::process::id();
        tx.execute(
            "INSERT INTO long_write (what, file, login, started_at, host, pid, process_start)
             VALUES ('import', ?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                file,
                self.actor,
                now_utc(),
                host_name(),
                pid,
                process_start(pid)
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// Remove the notice after an import that did not commit (its commit removes it itself).
    pub fn withdraw_announcement(&self, id: i64) -> Result<()> {
        let tx = self.lock_for_writing()?;
        tx.execute("DELETE FROM long_write WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }
}

/// Inside the import's own transaction: its commit removes the notice with the same step.
pub(crate) fn settle(tx: &Connection, id: i64) -> Result<()> {
    tx.execute("DELETE FROM long_write WHERE id = ?1", [id])?;
    Ok(())
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn current(conn: &Connection) -> Result<Option<LongWrite>> {
    let mut stmt = conn.prepare_cached(
        "SELECT file, login, started_at, host, pid, process_start FROM long_write ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            LongWrite {
                file: r.get(0)?,
                login: r.get(1)?,
                started_at: r.get(2)?,
            },
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    for row in rows {
        let (notice, host, pid, start) = row?;
        if running(&host, pid, &start) {
            return Ok(Some(notice));
        }
    }
    Ok(None)
}

/// Whether the process that wrote a notice still runs. On another host (a database on a
/// network share, which `doctor` warns about) it cannot be told: assumed running.
fn running(host: &str, pid: i64, start: &str) -> bool {
    if host != host_name() {
        return true;
    }
    let Ok(pid) = u32::try_from(pid) else {
        return false;
    };
    let now = process_start(pid);
    !now.is_empty() && now == start
}

fn host_name() -> String {
    nix::unistd::gethostname()
        .ok()
        .and_then(|h| h.into_string().ok())
        .unwrap_or_default()
}

/// The process's start time (field 22 of /proc/PID/stat, clock ticks since boot), or "" when
/// there is no such process.
fn process_start(pid: u32) -> String {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return String::new();
    };
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().nth(19))
        .unwrap_or("")
        .to_string()
}

/// `PRAGMA data_version`: moves when another connection commits (or checkpoints).
fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    /// A raw connection (no capture hooks) that holds the lock and commits a harmless change,
    /// `commits` times, holding it `hold` each time and taking it again at once.
    fn pass_the_lock_on(path: &std::path::Path, commits: usize, hold: Duration) {
        let c = Connection::open(path).unwrap();
        c.busy_timeout(Duration::from_secs(5)).unwrap();
        for _ in 0..commits {
            c.execute_batch(
                "BEGIN IMMEDIATE;
                 INSERT INTO long_write (what, file, login, started_at, host, pid, process_start)
                 VALUES ('import', 'x', 'x', 'x', 'nowhere', 0, 'not-running');
                 DELETE FROM long_write WHERE host = 'nowhere';",
            )
            .unwrap();
            std::thread::sleep(hold);
            c.execute_batch("COMMIT").unwrap();
        }
    }

    #[test]
    fn a_writer_waits_while_others_commit_and_gives_up_only_on_a_stuck_lock() {
        let (dir, mut store) = fixture::temp();
        store.set_plain_wait(Duration::from_millis(600));
        let path = dir.path().join("fixture.db");
        assert!(path.exists(), "the fixture's file");
        // Others take turns for 1.8 s, three times the plain wait, committing every 60 ms.
        let others = {
            let path = path.clone();
            std::thread::spawn(move || pass_the_lock_on(&path, 30, Duration::from_millis(60)))
        };
        std::thread::sleep(Duration::from_millis(30));
        let tx = store.lock_for_writing();
        assert!(
            tx.is_ok(),
            "gave up while the lock was passed on: {:?}",
            tx.err()
        );
        drop(tx);
        others.join().unwrap();
        // Another process holds the lock inside BEGIN and sits idle at its prompt: stuck, and
        // the wait ends after the plain wait, naming it.
        let mut shell = std::process::Command::new("sqlite3")
            .arg(&path)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("sqlite3 (installed by .ci/run)");
        use std::io::Write;
        let mut stdin = shell.stdin.take().unwrap();
        writeln!(stdin, "BEGIN IMMEDIATE; INSERT INTO long_write (what, file, login, started_at, host, pid, process_start) VALUES ('import', 'x', 'x', 'x', 'nowhere', 0, 'no');").unwrap();
        stdin.flush().unwrap();
        while lock_holder::write_lock_pid(&path) != Some(shell.id()) {
            std::thread::sleep(Duration::from_millis(10));
        }
        let started = Instant::now();
        let Err(err) = store.lock_for_writing() else {
            panic!("a stuck lock is given up on");
        };
        assert!(started.elapsed() >= Duration::from_millis(600));
        let text = err.to_string();
        assert!(
            text.contains("which did nothing meanwhile") && text.contains("sqlite3 (pid"),
            "{text}"
        );
        writeln!(stdin, "ROLLBACK;").unwrap();
        drop(stdin);
        shell.wait().unwrap();
    }

    #[test]
    fn a_writer_waits_for_a_holder_that_works_without_committing() {
        let (dir, mut store) = fixture::temp();
        store.set_plain_wait(Duration::from_millis(300));
        let path = dir.path().join("fixture.db");
        // Another process holds the lock for 1.5 s, five plain waits, busy all along (a
        // recursive query that counts for minutes), committing nothing: then it is ended.
        let mut shell = std::process::Command::new("sqlite3")
            .arg(&path)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("sqlite3 (installed by .ci/run)");
        use std::io::Write;
        let mut stdin = shell.stdin.take().unwrap();
        writeln!(stdin, "BEGIN IMMEDIATE; INSERT INTO long_write (what, file, login, started_at, host, pid, process_start) VALUES ('import', 'x', 'x', 'x', 'nowhere', 0, 'no');").unwrap();
        writeln!(stdin, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000000) SELECT count(*) FROM n;").unwrap();
        stdin.flush().unwrap();
        while lock_holder::write_lock_pid(&path) != Some(shell.id()) {
            std::thread::sleep(Duration::from_millis(10));
        }
        let worker = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1500));
            shell.kill().unwrap();
            shell.wait().unwrap();
        });
        let started = Instant::now();
        let tx = store.lock_for_writing();
        assert!(
            tx.is_ok(),
            "gave up on a holder that was working: {:?}",
            tx.err()
        );
        assert!(
            started.elapsed() >= Duration::from_millis(1000),
            "it did wait"
        );
        drop(tx);
        worker.join().unwrap();
    }
}
