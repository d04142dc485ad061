//! The smaller subcommands: demo, show, check, backup, calendar, settings.

use super::output::{self, print_table, write_json};
use super::{CliError, EXIT_OK};
use crate::domain::calendar::parse_schedule;
use crate::domain::text::sanitize_for_display;
use crate::store::Store;
use crate::store::read::BodyFile;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(after_help = "Example: certdesk --db demo.db demo --bodies 2000 --seed 7")]
pub struct DemoArgs {
    /// How many bodies to add
    #[arg(long, default_value_t = 2000)]
    pub bodies: usize,
    /// The random seed: the same seed gives the same bodies
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Pad histories to about this many events in total (benchmark databases)
    #[arg(long, value_name = "N")]
    pub events: Option<usize>,
}

pub fn demo(store: &mut Store, a: &DemoArgs) -> Result<u8, CliError> {
    if a.bodies == 0 || a.bodies > 10_000_000 {
        return Err(CliError::usage("--bodies must be from 1 to 10000000"));
    }
    fill_demo(store, a.bodies, a.seed, a.events)?;
    Ok(EXIT_OK)
}

/// Generate `bodies` bodies with their histories and say what was made.
pub fn fill_demo(
    store: &mut Store,
    bodies: usize,
    seed: u64,
    events: Option<usize>,
) -> Result<(), CliError> {
    let opts = crate::store::demo::DemoOptions {
        bodies,
        seed,
        target_events: events,
    };
    let report = store.demo(&opts, &mut |_| {})?;
    let mut out = output::stdout();
    writeln!(
        out,
        "demo: added {} bodies, {} qualifications, {} events in {:.1} s — {}",
        report.bodies,
        report.qualifications,
        report.events,
        report.seconds,
        store.path().display()
    )?;
    Ok(())
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example: certdesk show CNCA-R-2002-001    or    certdesk show 91110000600037341L --format json"
)]
pub struct ShowArgs {
    /// An approval number or a USCC
    #[arg(value_name = "APPROVAL_NO|USCC")]
    pub key: String,
    /// text for people, json for scripts
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

pub fn show(store: &Store, a: &ShowArgs) -> Result<u8, CliError> {
    let file = store.body_file(&a.key)?;
    let mut out = output::stdout();
    if a.format == "json" {
        write_json(&mut out, &file, true)?;
        writeln!(out)?;
    } else {
        write_body_file(&mut out, &file)?;
    }
    Ok(EXIT_OK)
}

fn write_body_file(out: &mut dyn Write, f: &BodyFile) -> std::io::Result<()> {
    // Every stored value is cleaned on its own (a line break in one becomes U+FFFD, so it
    // cannot forge a line); the stream is sanitised again on its way out.
    let s = |t: &str| sanitize_for_display(t).into_owned();
    let b = &f.body;
    writeln!(out, "{}  {}", s(&b.name), s(&b.uscc))?;
    writeln!(
        out,
        "kind {}  region {}  risk class {}  version {}",
        s(&b.kind),
        s(&b.region),
        s(&b.risk_class),
        b.version
    )?;
    if let Some(a) = &b.address {
        writeln!(out, "address: {}", s(a))?;
    }
    if let Some(l) = &b.legal_rep {
        writeln!(out, "legal representative: {}", s(l))?;
    }
    for (list, since) in &f.credit_lists {
        writeln!(out, "credit list: {} since {}", s(list), s(since))?;
    }
    if let Some(bar) = &b.bar_until {
        writeln!(out, "barred from applying until {}", s(bar))?;
    }
    if b.commitment_barred {
        writeln!(out, "commitment route closed (false commitment)")?;
    }
    for q in &f.qualifications {
        let r = &q.qualification;
        writeln!(out)?;
        writeln!(
            out,
            "{}  {}  route {}  decided {}  valid until {}  version {}",
            s(&r.approval_no),
            s(&r.status),
            s(&r.route),
            s(&r.decided_on),
            s(&r.valid_until),
            r.version
        )?;
        writeln!(
            out,
            "  authority {}  document {}",
            s(&r.authority),
            s(&r.doc_no)
        )?;
        if r.deemed_renewal {
            writeln!(
                out,
                "  视为准予延续（行政许可法第五十条） renewed by law: the renewal filed in time was not decided by {}; in force until {}",
                s(&r.approval_valid_until),
                s(&r.valid_until)
            )?;
        } else if let Some(late) = r.renewal_late {
            writeln!(
                out,
                "  renewal filed{}",
                if late {
                    " late (inside the lead time): no renewal by law if undecided at the end date"
                } else {
                    " in time: renewed by law if undecided at the end date (行政许可法第五十条)"
                }
            )?;
        }
        // "scope" for a CB's 认证领域, "capabilities" for a CMA body's 检验检测能力.
        let scope = crate::domain::ids::BodyKind::parse(&r.kind)
            .map(|k| crate::domain::kinds::words(k).scope_short.en)
            .unwrap_or("scope");
        for item in &q.scope {
            writeln!(
                out,
                "  {scope}: {} [{} since {}]",
                s(&item.item),
                s(&item.status),
                s(&item.since)
            )?;
        }
        for fu in &q.follow_ups {
            match &fu.closed_on {
                None => writeln!(
                    out,
                    "  open: {} due {}{}",
                    s(&fu.kind),
                    s(&fu.due_on),
                    if fu.estimated { " (estimated)" } else { "" }
                )?,
                Some(c) => writeln!(
                    out,
                    "  closed: {} due {} — {} on {}",
                    s(&fu.kind),
                    s(&fu.due_on),
                    s(fu.result.as_deref().unwrap_or("")),
                    s(c)
                )?,
            }
        }
    }
    writeln!(out, "\nhistory ({} events, newest first):", f.history.len())?;
    let rows: Vec<Vec<String>> = f
        .history
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.act_date.clone().unwrap_or_default(),
                e.act.clone(),
                e.approval_no.clone().unwrap_or_default(),
                crate::store::officers::label(&e.actor, &f.officers),
                e.basis.clone(),
                e.doc_no.clone(),
                e.reason.clone(),
                record_note(e),
            ]
        })
        .collect();
    print_table(
        out,
        &[
            "event", "date", "act", "approval", "by", "basis", "document", "reason", "record",
        ],
        &rows,
    )
}

/// What became of a recorded event: its corrections (更正) and its annulment (撤销).
fn record_note(e: &crate::store::read::HistoryEvent) -> String {
    let mut parts: Vec<String> = e
        .corrections
        .iter()
        .map(|c| {
            format!(
                "{} corrected by event {}: {} → {}",
                c.field, c.event, c.old, c.new
            )
        })
        .collect();
    if let Some(a) = e.annulled_by {
        parts.push(format!("annulled by event {a}"));
    }
    parts.join("; ")
}

#[derive(Debug, Args)]
#[command(
    after_help = "The copy is consistent even while others are working (SQLite VACUUM INTO).\n\
Example: certdesk backup /srv/backup/certdesk-2026-11-27.db"
)]
pub struct BackupArgs {
    /// The new file to write (must not exist)
    pub path: PathBuf,
    /// Replace PATH if it exists (never the database itself or its -wal/-shm/-journal)
    #[arg(long)]
    pub force: bool,
}

pub fn backup(store: &Store, a: &BackupArgs) -> Result<u8, CliError> {
    store.backup(&a.path, a.force)?;
    let mut out = output::stdout();
    writeln!(out, "backup written to {}", a.path.display())?;
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub command: CalendarCommand,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Load holidays and make-up working days from a file: one `YYYY-MM-DD,off|work` a line
    #[command(
        after_help = "Example file (2027, from the State Council notice):\n  date,kind\n  2027-01-01,off\n  2027-02-06,work\n\
Every bad line is reported and nothing is loaded until the file is clean."
    )]
    Import {
        /// The schedule file (UTF-8)
        file: PathBuf,
    },
    /// List the years that have a holiday schedule
    Show,
}

pub fn calendar(store: &mut Store, a: &CalendarArgs) -> Result<u8, CliError> {
    let mut out = output::stdout();
    match &a.command {
        CalendarCommand::Import { file } => {
            let bytes = std::fs::read(file)
                .map_err(|e| CliError::rejected(format!("{}: cannot read: {e}", file.display())))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                CliError::rejected(format!(
                    "{}: not UTF-8 text; save it as UTF-8",
                    file.display()
                ))
            })?;
            let days = parse_schedule(&text).map_err(|errors| {
                let lines: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {e}", file.display()))
                    .collect();
                CliError::rejected(format!("{}\nnothing was loaded", lines.join("\n")))
            })?;
            if days.is_empty() {
                return Err(CliError::rejected(format!(
                    "{}: no days in the file; nothing was loaded",
                    file.display()
                )));
            }
            let changed = store.import_calendar(&days, &file.display().to_string())?;
            writeln!(
                out,
                "calendar: {} days read, {changed} added or changed; years covered: {:?}",
                days.len(),
                store.calendar().covered_years()
            )?;
        }
        CalendarCommand::Show => {
            writeln!(
                out,
                "years with a holiday schedule: {:?}",
                store.calendar().covered_years()
            )?;
            writeln!(
                out,
                "deadlines in other years are counted on weekends and the statutory holidays (全国年节及纪念日放假办法) and marked as estimated: load the year's schedule when the State Council publishes it"
            )?;
        }
    }
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct SettingsArgs {
    #[command(subcommand)]
    pub command: SettingsCommand,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the settings in force
    Show,
    /// Change a setting: cb_verification_months, cma_verification_months, validity_years,
    /// cb_renewal_lead_days, cma_renewal_lead_months
    #[command(after_help = "Example: certdesk settings set cb_verification_months 6")]
    Set { key: String, value: String },
}

pub fn settings(store: &mut Store, a: &SettingsArgs) -> Result<u8, CliError> {
    if let SettingsCommand::Set { key, value } = &a.command {
        store.set_setting(key, value)?;
    }
    let s = store.settings();
    let rows: Vec<Vec<String>> = crate::domain::acts::Settings::KEYS
        .iter()
        .map(|k| {
            vec![
                k.to_string(),
                s.get(k).map(|n| n.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    print_table(&mut output::stdout(), &["setting", "value"], &rows)?;
    Ok(EXIT_OK)
}
