//! Who holds the write lock, and whether it is working. A writer waiting for the lock keeps
//! waiting while the holder works — running, or writing to disk — and gives up only on a holder
//! that sits idle: a `sqlite3` shell left inside `BEGIN`, a stopped process. (The load bench:
//! acts held the lock for more than 10 s without a commit while their threads waited for a CPU
//! or for an fsync behind a checkpoint, and the acts queued behind them gave up.)
//!
//! Read from `/proc` only (Linux): SQLite's unix VFS takes the WAL write lock as a POSIX write
//! lock on byte 120 of the `-shm` file, which `/proc/locks` lists with the holder's pid. The
//! `-shm` file is never opened here: closing a descriptor on it would drop every POSIX lock
//! this process holds on it, SQLite's own included. Where `/proc` says nothing, nothing is
//! known and the waiter falls back on commits alone.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The byte of the `-shm` file that SQLite locks for writing (`UNIX_SHM_BASE` + `WAL_WRITE_LOCK`).
const WRITE_LOCK_BYTE: u64 = 120;

/// The process holding a database's write lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    pub pid: u32,
    /// Its command name (`/proc/PID/comm`).
    pub program: String,
    /// The account it runs as.
    pub user: String,
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (pid {}, user {})", self.program, self.pid, self.user)
    }
}

/// What a holder was doing when looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    /// CPU time used so far, in clock ticks (all threads).
    pub cpu: u64,
    /// A thread is running, waiting for a CPU, or in uninterruptible disk wait.
    pub busy: bool,
}

/// The pid holding `db`'s write lock, as `/proc/locks` says (this process's own included).
pub fn write_lock_pid(db: &Path) -> Option<u32> {
    let mut shm = db.as_os_str().to_owned();
    shm.push("-shm");
    let meta = std::fs::metadata(&shm).ok()?;
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    holder_in(&locks, meta.dev(), meta.ino())
}

/// The holder of the write lock of the file `dev`/`ino` in `/proc/locks` text. A line reads
/// `1: POSIX  ADVISORY  WRITE 4321 fd:01:1234567 120 120` (major and minor in hex); lines of
/// blocked waiters carry `->` and are not holders.
fn holder_in(locks: &str, dev: u64, ino: u64) -> Option<u32> {
    let file = format!(
        "{:02x}:{:02x}:{ino}",
        nix::sys::stat::major(dev),
        nix::sys::stat::minor(dev)
    );
    locks.lines().find_map(|line| {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 8 || f[1] == "->" || f[1] != "POSIX" || f[3] != "WRITE" || f[5] != file {
            return None;
        }
        let (start, end) = (f[6].parse::<u64>().ok()?, f[7]);
        let end = if end == "EOF" {
            u64::MAX
        } else {
            end.parse().ok()?
        };
        (start <= WRITE_LOCK_BYTE && WRITE_LOCK_BYTE <= end)
            .then(|| f[4].parse().ok())
            .flatten()
    })
}

/// What `pid` is doing now (None: no such process, or no `/proc`).
pub fn activity(pid: u32) -> Option<Activity> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, cpu) = state_and_cpu(&stat)?;
    let busy = std::fs::read_dir(format!("/proc/{pid}/task"))
        .ok()?
        .filter_map(|t| t.ok())
        .filter_map(|t| std::fs::read_to_string(t.path().join("stat")).ok())
        .filter_map(|s| state_and_cpu(&s))
        .any(|(state, _)| matches!(state, 'R' | 'D'));
    Some(Activity { cpu, busy })
}

/// The state letter and utime + stime of a `/proc/…/stat` line (the command name, field 2,
/// may hold spaces and parentheses: fields are counted from the last ')').
fn state_and_cpu(stat: &str) -> Option<(char, u64)> {
    let (_, rest) = stat.rsplit_once(')')?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let state = f.first()?.chars().next()?;
    let utime: u64 = f.get(11)?.parse().ok()?;
    let stime: u64 = f.get(12)?.parse().ok()?;
    Some((state, utime + stime))
}

/// Who `pid` is, to name it when giving up on it.
pub fn describe(pid: u32) -> LockHolder {
    let program = std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "?".into());
    let user = std::fs::metadata(format!("/proc/{pid}"))
        .ok()
        .and_then(|m| nix::unistd::User::from_uid(m.uid().into()).ok().flatten())
        .map(|u| u.name)
        .unwrap_or_else(|| "?".into());
    LockHolder { pid, program, user }
}

/// A waiter's view of the holder over its looks: whether it worked since the last one.
#[derive(Debug, Default)]
pub struct Watch {
    last: Option<(u32, u64)>,
}

impl Watch {
    /// Look at `pid` now: true when it is this very process (a connection of certdesk's own
    /// code, which never sits in a transaction), is busy, or used CPU since the last look at it.
    pub fn working(&mut self, pid: u32) -> bool {
        if pid == std::process::id() {
            self.last = None;
            return true;
        }
        let Some(now) = activity(pid) else {
            self.last = None;
            return false;
        };
        let moved = self.last.is_some_and(|(p, cpu)| p == pid && cpu != now.cpu);
        self.last = Some((pid, now.cpu));
        now.busy || moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_write_lock_is_read_off_proc_locks() {
        let dev = nix::sys::stat::makedev(0xfd, 0x01);
        let locks = "\
1: POSIX  ADVISORY  READ 111 fd:01:4242 128 128
2: POSIX  ADVISORY  WRITE 222 fd:01:9999 120 120
3: -> POSIX  ADVISORY  WRITE 333 fd:01:4242 120 120
4: POSIX  ADVISORY  WRITE 444 fd:01:4242 120 120
5: FLOCK  ADVISORY  WRITE 555 fd:01:4242 0 EOF
";
        assert_eq!(
            holder_in(locks, dev, 4242),
            Some(444),
            "not the waiter, not flock"
        );
        assert_eq!(holder_in(locks, dev, 9999), Some(222));
        assert_eq!(holder_in(locks, dev, 1), None);
        let wide = "7: POSIX  ADVISORY  WRITE 777 fd:01:4242 0 EOF\n";
        assert_eq!(
            holder_in(wide, dev, 4242),
            Some(777),
            "a range covering byte 120"
        );
        let elsewhere = "8: POSIX  ADVISORY  WRITE 888 fd:01:4242 121 127\n";
        assert_eq!(
            holder_in(elsewhere, dev, 4242),
            None,
            "read marks, not the write lock"
        );
    }

    #[test]
    fn a_stat_line_gives_state_and_cpu_whatever_the_name() {
        let stat =
            "4321 (a (weird) name) S 1 4321 4321 0 -1 4194560 100 0 0 0 7 5 0 0 20 0 1 0 123 0 0";
        assert_eq!(state_and_cpu(stat), Some(('S', 12)));
        assert_eq!(state_and_cpu("garbage"), None);
    }

    #[test]
    fn this_process_is_working_and_a_gone_one_is_not() {
        let mut w = Watch::default();
        assert!(w.working(std::process::id()));
        assert!(!w.working(u32::MAX - 1), "no such process");
        let me = activity(std::process::id()).expect("/proc on Linux");
        assert!(me.busy, "this thread runs while it looks");
    }
}
