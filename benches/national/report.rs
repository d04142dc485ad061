//! The table of a run and BENCHMARKS.md made from it. The goals of issue 12 are fixed rows
//! (`GOALS`, in the order): each section fills its own; a row no section filled says
//! why ("not measured: …"). Every other figure goes to a second table. The misses under the
//! goals come from the rows that miss, each with its figure and a cause from `causes.rs`.

use crate::causes::cause_of;
use crate::common::{median, ms, percentile, worst};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// The goals of issue 12 (points 1–6 and its table): id, figure, goal.
pub const GOALS: &[(&str, &str, &str)] = &[
    (
        "filter-zh-1",
        "filter, Chinese 1 character: key → results shown by the event loop",
        "p99 ≤ 16 ms",
    ),
    (
        "filter-zh-2",
        "filter, Chinese 2 characters: key → results shown by the event loop",
        "p99 ≤ 16 ms",
    ),
    (
        "filter-zh-3",
        "filter, Chinese 3–4 characters: key → results shown by the event loop",
        "p99 ≤ 16 ms",
    ),
    (
        "filter-uscc",
        "filter, USCC prefix (1–10 characters): key → results shown by the event loop",
        "p99 ≤ 16 ms",
    ),
    (
        "filter-approval",
        "filter, approval-number prefix (1–10 characters): key → results shown by the event loop",
        "p99 ≤ 16 ms",
    ),
    (
        "filter-facet",
        "filter (Chinese 2–3 characters, USCC prefix) combined with a facet (status, route, kind, risk, region in turn): key → results shown by the event loop",
        "p99 ≤ 16 ms",
    ),
    (
        "register-gg",
        "register `G` / `g` (last / first page), every sort: key → page shown by the event loop",
        "p99 ≤ 16 ms",
    ),
    (
        "register-first",
        "register first page: `s` (next sort) and key `2` on a fresh start → first page shown by the event loop",
        "p99 ≤ 16 ms",
    ),
    (
        "first-frame-cold",
        "first frame after the page cache was dropped (`drop_caches`): real binary in a tmux pty, spawn → first frame (tab bar) on screen",
        "≤ 150 ms",
    ),
    (
        "act-queue",
        "a submitted act (Ctrl-S, order rectification) → queue and counts reloaded, shown by the event loop",
        "p99 ≤ 16 ms",
    ),
    (
        "import-rss",
        "peak RSS of `certdesk import`, 100,000-row file (rows of this scale) into an empty database",
        "≤ 48 MB",
    ),
    (
        "import-time",
        "import into an empty database vs `sqlite3 .import` of the same CSV (one table, UNIQUE index, WAL, synchronous=FULL), measured alternately A B A B …",
        "≤ 5×",
    ),
    (
        "import-bytes",
        "bytes written per row by the import (database growth / rows)",
        "state it",
    ),
    (
        "chain-full-check",
        "hash chain verified in full: `certdesk check --full` (whole command: integrity_check, chain, replay of every table)",
        "≤ 5 s",
    ),
    (
        "chain-full-log",
        "hash chain verified in full on the log screen (`v`): key → \"intact\" shown",
        "≤ 5 s",
    ),
    (
        "chain-head-check",
        "from the last verified head: `certdesk check` after `check --full` (whole command: quick_check, chain, replay)",
        "≤ 0.5 s",
    ),
    (
        "chain-head-log",
        "from the last verified head on the log screen (key `4` in a new session) → \"intact\" shown",
        "≤ 0.5 s",
    ),
    (
        "log-head-shown",
        "log screen shows the verified head at once: key `4` → frame with the head last verified",
        "≤ 16 ms",
    ),
];

pub enum Verdict {
    Meets,
    Misses,
    /// No goal to judge (a peer, a figure to state).
    None,
    /// Why the figure is not there.
    NotMeasured(String),
}

impl Verdict {
    fn of(ok: Option<bool>) -> Verdict {
        match ok {
            Some(true) => Verdict::Meets,
            Some(false) => Verdict::Misses,
            None => Verdict::None,
        }
    }
    fn word(&self) -> String {
        match self {
            Verdict::Meets => "meets".into(),
            Verdict::Misses => "**misses**".into(),
            Verdict::None => "—".into(),
            Verdict::NotMeasured(why) => format!("not measured: {why}"),
        }
    }
}

pub struct GoalRow {
    pub id: &'static str,
    pub figure: String,
    pub goal: &'static str,
    pub measured: String,
    pub peer: String,
    pub verdict: Verdict,
}

pub struct Row {
    pub section: &'static str,
    pub figure: String,
    pub goal: String,
    pub measured: String,
    pub peer: String,
    pub verdict: Verdict,
}

pub struct Table {
    pub goals: Vec<GoalRow>,
    pub rows: Vec<Row>,
}

impl Default for Table {
    fn default() -> Self {
        Table {
            goals: GOALS
                .iter()
                .map(|(id, figure, goal)| GoalRow {
                    id,
                    figure: figure.to_string(),
                    goal,
                    measured: String::new(),
                    peer: String::new(),
                    verdict: Verdict::NotMeasured("its section was not run (`--only`)".into()),
                })
                .collect(),
            rows: Vec::new(),
        }
    }
}

/// p50 / p99 / max (n) of keystroke samples.
pub fn keys_text(v: &[f64]) -> String {
    if v.is_empty() {
        return "no samples".into();
    }
    format!(
        "p50 {} / p99 {} / max {} (n={})",
        ms(median(v)),
        ms(percentile(v, 99.0)),
        ms(worst(v)),
        v.len()
    )
}

/// median / worst (runs) of process runs.
pub fn runs_text(v: &[f64]) -> String {
    if v.is_empty() {
        return "no runs".into();
    }
    format!(
        "median {} / worst {} ({} runs)",
        ms(median(v)),
        ms(worst(v)),
        v.len()
    )
}

impl Table {
    fn goal_mut(&mut self, id: &str) -> &mut GoalRow {
        self.goals
            .iter_mut()
            .find(|g| g.id == id)
            .unwrap_or_else(|| panic!("no goal {id} in GOALS"))
    }

    /// Fill goal `id`; `ok` None for a figure without a verdict.
    pub fn goal(
        &mut self,
        id: &str,
        measured: impl Into<String>,
        peer: impl Into<String>,
        ok: Option<bool>,
    ) {
        let g = self.goal_mut(id);
        g.measured = measured.into();
        g.peer = peer.into();
        g.verdict = Verdict::of(ok);
        println!(
            "  [{}] {}   {}   {}",
            g.id,
            g.figure,
            g.measured,
            g.verdict.word()
        );
    }

    /// A goal that could not be measured on this machine, and why.
    pub fn not_measured(&mut self, id: &str, why: impl Into<String>) {
        let g = self.goal_mut(id);
        g.verdict = Verdict::NotMeasured(why.into());
        println!("  [{}] {}   {}", g.id, g.figure, g.verdict.word());
    }

    /// A goal on p99 of keystroke samples (ms).
    pub fn goal_keys(&mut self, id: &str, v: &[f64], goal_p99: f64) {
        let ok = (!v.is_empty()).then(|| percentile(v, 99.0) <= goal_p99);
        self.goal(id, keys_text(v), "", ok);
    }

    pub fn add(
        &mut self,
        section: &'static str,
        figure: impl Into<String>,
        goal: impl Into<String>,
        measured: impl Into<String>,
        peer: impl Into<String>,
        ok: Option<bool>,
    ) {
        let row = Row {
            section,
            figure: figure.into(),
            goal: goal.into(),
            measured: measured.into(),
            peer: peer.into(),
            verdict: Verdict::of(ok),
        };
        println!("  {:<60} {}", row.figure, row.measured);
        self.rows.push(row);
    }

    /// Process runs in ms: median / worst; the verdict on the worst.
    pub fn runs(
        &mut self,
        section: &'static str,
        figure: impl Into<String>,
        goal_ms: Option<f64>,
        v: &[f64],
    ) {
        println!(
            "    runs in order: {}",
            v.iter().map(|x| ms(*x)).collect::<Vec<_>>().join(", ")
        );
        let goal = goal_ms.map(|g| format!("≤ {}", ms(g))).unwrap_or_default();
        let ok = goal_ms.filter(|_| !v.is_empty()).map(|g| worst(v) <= g);
        self.add(section, figure, goal, runs_text(v), "", ok);
    }

    /// Keystroke samples in ms: p50 / p99 / max; the verdict on p99.
    pub fn keys(
        &mut self,
        section: &'static str,
        figure: impl Into<String>,
        goal_p99_ms: Option<f64>,
        v: &[f64],
    ) {
        let goal = goal_p99_ms
            .map(|g| format!("p99 ≤ {}", ms(g)))
            .unwrap_or_default();
        let ok = goal_p99_ms
            .filter(|_| !v.is_empty())
            .map(|g| percentile(v, 99.0) <= g);
        self.add(section, figure, goal, keys_text(v), "", ok);
    }

    /// The goals table, for the terminal.
    pub fn print(&self) {
        println!();
        let cells: Vec<[String; 5]> = self
            .goals
            .iter()
            .map(|g| {
                [
                    g.id.to_string(),
                    g.goal.to_string(),
                    g.measured.clone(),
                    g.peer.clone(),
                    g.verdict.word(),
                ]
            })
            .collect();
        let headers = ["goal", "target", "measured", "peer", "verdict"].map(String::from);
        let mut widths = headers.clone().map(|h| h.width());
        for c in &cells {
            for (w, s) in widths.iter_mut().zip(c) {
                *w = (*w).max(s.width());
            }
        }
        for c in std::iter::once(&headers).chain(&cells) {
            let mut out = String::new();
            for (s, w) in c.iter().zip(widths) {
                out.push_str(s);
                out.push_str(&" ".repeat(w - s.width() + 2));
            }
            println!("{}", out.trim_end());
        }
    }

    /// The goals table in Markdown, then the misses with their causes.
    pub fn goals_markdown(&self) -> String {
        let mut out =
            String::from("| figure | goal | measured | peer | verdict |\n|---|---|---|---|---|\n");
        for g in &self.goals {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&g.figure),
                g.goal,
                cell(&g.measured),
                cell(&g.peer),
                g.verdict.word()
            );
        }
        let misses: Vec<&GoalRow> = self
            .goals
            .iter()
            .filter(|g| matches!(g.verdict, Verdict::Misses))
            .collect();
        out.push_str("\n### Misses\n\n");
        if misses.is_empty() {
            out.push_str("None: every goal measured in this run is met.\n");
        }
        for g in misses {
            let _ = writeln!(
                out,
                "- **{}** — {} (goal {}). Cause: {}",
                g.figure,
                g.measured,
                g.goal,
                cause_of(g.id).unwrap_or("cause not yet known.")
            );
        }
        let unmeasured: Vec<&GoalRow> = self
            .goals
            .iter()
            .filter(|g| matches!(g.verdict, Verdict::NotMeasured(_)))
            .collect();
        if !unmeasured.is_empty() {
            out.push_str("\nNot measured in this run: ");
            out.push_str(
                &unmeasured
                    .iter()
                    .map(|g| format!("`{}`", g.id))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            out.push_str(" (the table says why).\n");
        }
        out
    }

    /// Every other figure of the run.
    pub fn rows_markdown(&self) -> String {
        let mut out = String::from(
            "| section | figure | goal | measured | peer | verdict |\n|---|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                r.section,
                cell(&r.figure),
                r.goal,
                cell(&r.measured),
                cell(&r.peer),
                r.verdict.word()
            );
        }
        out
    }
}

/// A table cell: a `|` would end it.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}
