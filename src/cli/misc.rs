//! The smaller subcommands: demo, show, check, backup, calendar, settings.

use super::output::{self, print_table, write_json};
use super::{CliError, EXIT_OK};
use crate::domain::calendar::parse_schedule;
use crate::domain::text::sanitize_for_display;
use crate::i18n::{CmdMsg, Lang};
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

pub fn demo(store: &mut Store, a: &DemoArgs, lang: Lang) -> Result<u8, CliError> {
    if a.bodies == 0 || a.bodies > 10_000_000 {
        return Err(CliError::usage(lang.t(CmdMsg::DemoBodies)));
    }
    fill_demo(store, a.bodies, a.seed, a.events, lang)?;
    Ok(EXIT_OK)
}

/// Generate `bodies` bodies with their histories and say what was made.
pub fn fill_demo(
    store: &mut Store,
    bodies: usize,
    seed: u64,
    events: Option<usize>,
    lang: Lang,
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
        "{}",
        lang.f(
            CmdMsg::DemoAdded,
            &[
                ("bodies", &report.bodies),
                ("qualifications", &report.qualifications),
                ("events", &report.events),
                ("seconds", &format!("{:.1}", report.seconds)),
                ("path", &store.path().display()),
            ],
        )
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

pub fn show(store: &Store, a: &ShowArgs, lang: Lang) -> Result<u8, CliError> {
    let file = store.body_file(&a.key)?;
    let mut out = output::stdout();
    if a.format == "json" {
        write_json(&mut out, &file, true)?;
        writeln!(out)?;
    } else {
        write_body_file(&mut out, &file, lang)?;
    }
    Ok(EXIT_OK)
}

fn write_body_file(out: &mut dyn Write, f: &BodyFile, lang: Lang) -> std::io::Result<()> {
    // Every stored value is cleaned on its own (a line break in one becomes U+FFFD, so it
    // cannot forge a line); the stream is sanitised again on its way out.
    let s = |t: &str| sanitize_for_display(t).into_owned();
    fn put(
        out: &mut dyn Write,
        lang: Lang,
        m: CmdMsg,
        args: &[(&str, &dyn std::fmt::Display)],
    ) -> std::io::Result<()> {
        writeln!(out, "{}", lang.f(m, args))
    }
    let b = &f.body;
    put(
        out,
        lang,
        CmdMsg::BodyHead,
        &[("name", &s(&b.name)), ("uscc", &s(&b.uscc))],
    )?;
    put(
        out,
        lang,
        CmdMsg::ShowBody,
        &[
            ("kind", &s(&b.kind)),
            ("region", &s(&b.region)),
            ("risk", &s(&b.risk_class)),
            ("version", &b.version),
        ],
    )?;
    if let Some(a) = &b.address {
        put(out, lang, CmdMsg::ShowAddress, &[("address", &s(a))])?;
    }
    if let Some(l) = &b.legal_rep {
        put(out, lang, CmdMsg::ShowLegalRep, &[("name", &s(l))])?;
    }
    for (list, since) in &f.credit_lists {
        put(
            out,
            lang,
            CmdMsg::ShowCreditList,
            &[("list", &s(list)), ("since", &s(since))],
        )?;
    }
    if let Some(bar) = &b.bar_until {
        put(out, lang, CmdMsg::ShowBarred, &[("until", &s(bar))])?;
    }
    if b.commitment_barred {
        put(out, lang, CmdMsg::ShowCommitmentBarred, &[])?;
    }
    for q in &f.qualifications {
        let r = &q.qualification;
        writeln!(out)?;
        put(
            out,
            lang,
            CmdMsg::ShowQualification,
            &[
                ("approval", &s(&r.approval_no)),
                ("status", &s(&r.status)),
                ("route", &s(&r.route)),
                ("decided", &s(&r.decided_on)),
                ("until", &s(&r.valid_until)),
                ("version", &r.version),
            ],
        )?;
        put(
            out,
            lang,
            CmdMsg::ShowAuthority,
            &[("authority", &s(&r.authority)), ("doc_no", &s(&r.doc_no))],
        )?;
        if r.deemed_renewal {
            put(
                out,
                lang,
                CmdMsg::ShowDeemedRenewal,
                &[
                    ("end", &s(&r.approval_valid_until)),
                    ("until", &s(&r.valid_until)),
                ],
            )?;
        } else if let Some(late) = r.renewal_late {
            put(
                out,
                lang,
                if late {
                    CmdMsg::ShowRenewalLate
                } else {
                    CmdMsg::ShowRenewalInTime
                },
                &[],
            )?;
        }
        // "scope" for a CB's 认证领域, "capabilities" for a CMA body's 检验检测能力.
        let scope = crate::domain::ids::BodyKind::parse(&r.kind)
            .map(|k| {
                let w = crate::domain::kinds::words(k).scope_short;
                lang.pick(w.zh, w.en)
            })
            .unwrap_or(lang.pick("范围", "scope"));
        for item in &q.scope {
            put(
                out,
                lang,
                CmdMsg::ShowScopeItem,
                &[
                    ("scope", &scope),
                    ("item", &s(&item.item)),
                    ("status", &s(&item.status)),
                    ("since", &s(&item.since)),
                ],
            )?;
        }
        for fu in &q.follow_ups {
            match &fu.closed_on {
                None => put(
                    out,
                    lang,
                    CmdMsg::ShowOpen,
                    &[
                        ("kind", &s(&fu.kind)),
                        ("due", &s(&fu.due_on)),
                        (
                            "estimated",
                            &if fu.estimated {
                                lang.t(CmdMsg::ShowEstimated)
                            } else {
                                ""
                            },
                        ),
                    ],
                )?,
                Some(c) => put(
                    out,
                    lang,
                    CmdMsg::ShowClosed,
                    &[
                        ("kind", &s(&fu.kind)),
                        ("due", &s(&fu.due_on)),
                        ("result", &s(fu.result.as_deref().unwrap_or(""))),
                        ("on", &s(c)),
                    ],
                )?,
            }
        }
    }
    writeln!(out)?;
    put(out, lang, CmdMsg::ShowHistory, &[("n", &f.history.len())])?;
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
                record_note(e, lang),
            ]
        })
        .collect();
    let headings = [
        CmdMsg::ColEvent,
        CmdMsg::ColDate,
        CmdMsg::ColAct,
        CmdMsg::ColApproval,
        CmdMsg::ColBy,
        CmdMsg::ColBasis,
        CmdMsg::ColDocument,
        CmdMsg::ColReason,
        CmdMsg::ColRecord,
    ]
    .map(|m| lang.t(m));
    print_table(out, &headings, &rows)
}

/// What became of a recorded event: its corrections (更正) and its annulment (撤销).
fn record_note(e: &crate::store::read::HistoryEvent, lang: Lang) -> String {
    let mut parts: Vec<String> = e
        .corrections
        .iter()
        .map(|c| {
            lang.f(
                CmdMsg::ShowCorrected,
                &[
                    ("field", &c.field),
                    ("event", &c.event),
                    ("old", &c.old),
                    ("new", &c.new),
                ],
            )
        })
        .collect();
    if let Some(a) = e.annulled_by {
        parts.push(lang.f(CmdMsg::ShowAnnulled, &[("event", &a)]));
    }
    parts.join(lang.pick("；", "; "))
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

pub fn backup(store: &Store, a: &BackupArgs, lang: Lang) -> Result<u8, CliError> {
    store.backup(&a.path, a.force)?;
    let mut out = output::stdout();
    let path = a.path.display();
    writeln!(out, "{}", lang.f(CmdMsg::BackupWritten, &[("path", &path)]))?;
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

pub fn calendar(store: &mut Store, a: &CalendarArgs, lang: Lang) -> Result<u8, CliError> {
    let mut out = output::stdout();
    match &a.command {
        CalendarCommand::Import { file } => {
            let shown = file.display();
            let bytes = std::fs::read(file).map_err(|e| {
                CliError::rejected(
                    lang.f(CmdMsg::CalendarCannotRead, &[("file", &shown), ("why", &e)]),
                )
            })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                CliError::rejected(lang.f(CmdMsg::CalendarNotUtf8, &[("file", &shown)]))
            })?;
            let days = parse_schedule(&text).map_err(|errors| {
                let mut lines: Vec<String> = errors
                    .iter()
                    .map(|e| lang.f(CmdMsg::CalendarBadLine, &[("file", &shown), ("problem", e)]))
                    .collect();
                lines.push(lang.t(CmdMsg::CalendarNothingLoaded).to_string());
                CliError::rejected(lines.join("\n"))
            })?;
            if days.is_empty() {
                return Err(CliError::rejected(
                    lang.f(CmdMsg::CalendarNoDays, &[("file", &shown)]),
                ));
            }
            let changed = store.import_calendar(&days, &file.display().to_string())?;
            let years = format!("{:?}", store.calendar().covered_years());
            writeln!(
                out,
                "{}",
                lang.f(
                    CmdMsg::CalendarLoaded,
                    &[
                        ("days", &days.len()),
                        ("changed", &changed),
                        ("years", &years)
                    ],
                )
            )?;
        }
        CalendarCommand::Show => {
            let years = format!("{:?}", store.calendar().covered_years());
            writeln!(
                out,
                "{}",
                lang.f(CmdMsg::CalendarYears, &[("years", &years)])
            )?;
            writeln!(out, "{}", lang.t(CmdMsg::CalendarOtherYears))?;
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

pub fn settings(store: &mut Store, a: &SettingsArgs, lang: Lang) -> Result<u8, CliError> {
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
    let headings = [lang.t(CmdMsg::ColSetting), lang.t(CmdMsg::ColValue)];
    print_table(&mut output::stdout(), &headings, &rows)?;
    Ok(EXIT_OK)
}
