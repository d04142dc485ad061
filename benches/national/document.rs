//! BENCHMARKS.md, the whole of it, from one run: what it is, how to reproduce it, the
//! machine, the goals of issue 12 with their misses and causes, every other figure, how each
//! is measured, and where the history and the province run are.

use crate::Config;
use crate::common::{BIN, Machine, SEED, TODAY};
use crate::report::Table;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The commit measured, and whether the tree had changes of its own.
fn commit() -> String {
    let Some(hash) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "unknown (not a git checkout)".into();
    };
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    if dirty {
        format!("`{hash}` with uncommitted changes")
    } else {
        format!("`{hash}`")
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn visidata() -> String {
    Command::new("vd")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "not installed".into())
}

const REPRODUCE: &str = "```sh
cargo bench --bench national -- --write-benchmarks    # full scale, this file written from the run (as root: the cold first frame)
cargo bench --bench national -- --quick               # 10,000 bodies / 200,000 events; prints, writes nothing
cargo bench --bench national -- --only import,chain   # sections: demo, import, screens, chain, queue, memory, peers
cargo bench --bench national -- --regen               # generate the demo database again (times the demo row)
cargo bench --bench national -- --runs 3              # process runs per figure (default 5; 3 at most for the slow ones)
cargo bench --bench national -- --markdown FILE       # write this document to FILE instead
```

Environment alternatives: `CERTDESK_BENCH_QUICK=1`, `CERTDESK_BENCH_ONLY=import,chain`,
`CERTDESK_BENCH_RUNS=3`. `cargo bench --bench national --no-run` prints the bench binary's
path. Needs `sqlite3` (the import peer), `tmux` (the real-terminal figures), `/usr/bin/time`
(peak RSS) and, for the cold first frame, root (`/proc/sys/vm/drop_caches`); VisiData (`vd`)
is measured where installed (`apt-get install visidata`; the bench installs nothing). Rows
that cannot be measured say why. Data is made once and kept in `target/bench-data/<scale>/`:
`demo.db` (`certdesk --db demo.db --today 2026-11-27 demo --bodies 100000 --seed 1 --events
2000000`, its generation time in `demo.json`) and `approvals-0.csv`, `approvals-1.csv` (the
import files, written by the bench: valid USCCs, Chinese names, `CNCA-R`/`CNCA-RF` and 12-digit
CMA numbers, all three routes; they share no code or number with each other or the demo).
The bench drops the page cache of the whole machine for the cold first frame: run it on a
quiet machine.";

const HOW: &str =
    "- **Verdicts.** Keystroke figures give p50 / p99 / max over n keys (nearest rank: with
  n < 100 the p99 is the slowest key); their verdict is on p99. Process figures give median /
  worst of the runs; their verdict is on the worst run, except the import ratio (median
  certdesk / median sqlite3).
- **Shown by the event loop.** A copy of the demo database opened as the program opens it
  (`Store::create_or_open`, `App::new`, 120×40 `TestBackend`). The key goes to the real event
  loop, `certdesk::tui::run`, from a scripted event source that waits as a terminal without
  keys waits; the figure ends at the first frame after which the app's state has the answer
  (`App::reader_busy()` false; the log: `LogScreen::chain` checked). The loop is left after
  each frame to look at the state and entered again, which costs one draw per wake (≈ 0.5 ms):
  these figures are pessimistic by that. \"Blocking on the reader\" rows are the query's own
  time (`App::wait_for_reader`).
- **Filters.** 4 characters from random positions of 160 names spread over the register,
  typed one key at a time (the 1st key is a 1-character query …); the first 10 characters of
  USCCs and of approval numbers; filters under a facet: the status, route, kind, risk class
  and region facets in turn set to their first value (Tab, `l`, `j`, Enter), then 3 Chinese
  characters or a USCC prefix typed. Every sample key is counted.
- **Register pages.** `s` (the next sort: its first page, no cursor) and `G` / `g` in every
  sort, twice round; key `2` after each fresh start.
- **Act.** An order of rectification typed into the form (deadline, basis, document number)
  on live qualifications at random places; Ctrl-S to the event loop, until the queue and
  counts it reloads are in.
- **First frame.** The release binary started with `respawn-pane` in a 120×40 tmux pane
  (`--lang zh`), until `capture-pane` shows the queue's column header (到期日), polling every
  2 ms; cold: `sync; echo 3 > /proc/sys/vm/drop_caches` before each start. A baseline row
  gives what tmux and the polling cost.
- **Import.** `certdesk --db X import approvals-0.csv --report json` into a new database
  (the report is checked), then in the same round `sqlite3 X` with `PRAGMA journal_mode=WAL;
  PRAGMA synchronous=FULL;`, a 14-column table with a UNIQUE index on the USCC, `.mode csv`,
  `.import --skip 1` (the row count checked): A B A B …. Bytes per row: the database and its
  WAL after the import less an empty database, over the rows; per table and index from
  SQLite's `dbstat` where the library has it.
- **Hash chain.** `certdesk check --full --format json` (its head recorded in the bench's own
  cache folder), then `certdesk check --format json` from that head, on a copy of the demo
  database; the chain alone through `verify_chain_from`. The log screen: key `4` with no head
  verified, until \"intact\"; then new sessions with that head: the first frame must name it.
- **Memory.** Peak RSS from `/usr/bin/time -f %M`.
- **VisiData.** `vd approvals-0.csv` in the same tmux pane, until the first data row's USCC is
  on screen, until the status says all rows are loaded; `gq`; peak RSS.";

pub fn benchmarks_md(t: &Table, m: &Machine, cfg: &Config, minutes: f64) -> String {
    let mut out = String::new();
    out.push_str("# certdesk — benchmarks\n\n");
    out.push_str(
        "<!-- Written by `cargo bench --bench national -- --write-benchmarks` in one run: do not edit by hand. \
         Change the bench (benches/national/), the causes in benches/national/causes.rs, and run it again. -->\n\n",
    );
    let _ = writeln!(
        out,
        "Every figure in this file comes from **one run** of `benches/national.rs` on the machine below, \
         with the goals of issue 12 beside them; no test times anything. Earlier sessions' figures and \
         their analyses: [docs/benchmark-history.md](docs/benchmark-history.md).\n"
    );
    let _ = writeln!(
        out,
        "Scale: **{} bodies, {} events** (seed {SEED}, today {TODAY}); {} runs per process figure.",
        cfg.bodies, cfg.events, cfg.runs
    );
    if cfg.quick {
        out.push_str(
            "\n**A `--quick` run: 10,000 bodies, not the scale the goals are set for.** The verdicts say \
             only how this scale fares; the full run (`--write-benchmarks` without `--quick`) replaces them.\n",
        );
    }
    let skipped: Vec<&str> = crate::SECTIONS
        .iter()
        .copied()
        .filter(|s| !cfg.wants(s))
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "\nSections not run (`--only`): {}.",
            skipped.join(", ")
        );
    }
    out.push_str("\n## Reproduce\n\n");
    out.push_str(REPRODUCE);
    out.push_str("\n\n## Machine\n\n");
    let _ = writeln!(
        out,
        "- {}, {} cores, {:.0} GB RAM; Linux {}{}",
        m.cpu,
        m.cores,
        m.ram_gb,
        m.kernel,
        if m.damon {
            " (a DAMON `pageout` scheme reclaims idle page cache)"
        } else {
            ""
        }
    );
    let _ = writeln!(out, "- {}", m.rustc);
    let _ = writeln!(
        out,
        "- sqlite3 {} (the peer); certdesk's bundled SQLite {}",
        m.sqlite3,
        rusqlite::version()
    );
    let _ = writeln!(out, "- VisiData: {}", visidata());
    let _ = writeln!(
        out,
        "- load average at start {}, at end {}",
        m.load,
        load_average()
    );
    let _ = writeln!(
        out,
        "- commit {}; binary `{}`",
        commit(),
        BIN.rsplit('/').next().unwrap_or(BIN)
    );
    let _ = writeln!(
        out,
        "- started {}; the whole run took {minutes:.1} min",
        m.date
    );
    out.push_str("\n## The goals of issue 12\n\n");
    out.push_str(&t.goals_markdown());
    out.push_str("\n## Every other figure of this run\n\n");
    out.push_str(&t.rows_markdown());
    out.push_str("\n## How each figure is measured\n\n");
    out.push_str(HOW);
    out.push_str("\n\n## Elsewhere\n\n");
    out.push_str(
        "- The history of earlier sessions, kept as written: [docs/benchmark-history.md](docs/benchmark-history.md).\n\
         - The province run (200 screen sessions, 8 officers, imports every minute): `cargo bench --bench load` \
         writes its own figures (`-- --markdown FILE`); its last ones are in \
         [the history](docs/benchmark-history.md#a-province-on-one-server-issue-9).\n",
    );
    out
}

/// Write `text` to `path` through a temporary file beside it: a run that fails leaves the
/// old document whole.
pub fn write(path: &Path, text: &str) {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, text).expect("write the document");
    std::fs::rename(&tmp, path).expect("put the document in place");
}
