//! `certdesk check`: SQLite's integrity, the hash chain, recorded chain heads, and every table
//! replayed from the log; warnings about who else can read or write the files.

use super::{CliError, EXIT_FAILURE, EXIT_OK};
use crate::i18n::{CliMsg, Lang};
use crate::store::Store;
use crate::store::check::{Head, check as check_register};
use crate::store::read::Counted;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(
    after_help = "Keep the chain head where officers cannot write it (README: \"Keeping the record honest\"), then:\n  \
certdesk check --head 120453:9f2c…   or   certdesk check --heads /var/log/certdesk-heads.log\n\
Exit 0 when everything holds, 1 when anything does not."
)]
pub struct CheckArgs {
    /// Recompute every hash and run SQLite's full integrity check (every index against its
    /// table); when all holds, the head is recorded (in your cache folder) so that a plain
    /// check recomputes only the hashes after it. Without --full: SQLite's quick check, and
    /// hashes from the head your last full check verified
    #[arg(long)]
    pub full: bool,
    /// A chain head recorded earlier (ID:HASH, as check prints it): fail unless today's chain
    /// still holds that event with that hash. Repeatable.
    #[arg(long = "head", value_name = "ID:HASH")]
    pub heads: Vec<String>,
    /// A file of recorded heads: every ID:HASH found in it is checked (a log of earlier checks)
    #[arg(long = "heads", value_name = "FILE")]
    pub heads_file: Option<PathBuf>,
    /// Also warn about backups in this folder that others can read or write
    #[arg(long, value_name = "DIR")]
    pub backups: Option<PathBuf>,
    /// text for people, json for scripts
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

/// The heads given on the command line and in the heads file.
fn recorded_heads(a: &CheckArgs) -> Result<Vec<Head>, CliError> {
    let mut heads = Vec::new();
    for h in &a.heads {
        heads.push(Head::parse(h).ok_or_else(|| {
            CliError::usage(format!(
                "--head '{}': write the head as check prints it, EVENT_ID:HASH (64 hex digits)",
                crate::domain::text::sanitize_for_display(h)
            ))
        })?);
    }
    if let Some(file) = &a.heads_file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| CliError::usage(format!("--heads {}: {e}", file.display())))?;
        let before = heads.len();
        heads.extend(
            text.split(|c: char| c.is_whitespace() || c == '"' || c == ',')
                .filter_map(Head::parse),
        );
        if heads.len() == before {
            return Err(CliError::usage(format!(
                "--heads {}: no EVENT_ID:HASH in the file",
                file.display()
            )));
        }
    }
    Ok(heads)
}

pub fn check(store: &Store, a: &CheckArgs, lang: Lang) -> Result<u8, CliError> {
    let heads = recorded_heads(a)?;
    let integrity = store.integrity_check_with(a.full)?;
    let verified = if a.full {
        None
    } else {
        crate::verified_heads::read(store.path())
    };
    let report = check_register(store.conn(), &heads, verified.as_ref().map(|(h, _)| h), 50)?;
    if a.full && integrity == ["ok"] && report.ok() {
        crate::verified_heads::record(store.path(), &report.head);
    }
    let mut findings = super::database::deployment_findings(store.path(), lang);
    if let Some(dir) = &a.backups {
        findings.extend(super::database::backup_findings(dir, lang)?);
    }
    // JSON keeps the English "problem — fix: …" scripts read; the text speaks `lang`.
    let warnings: Vec<String> = findings
        .iter()
        .map(|f| format!("{} — fix: {}", f.problem, f.fix))
        .collect();
    let ok = integrity == ["ok"] && report.ok();
    let mut out = super::output::stdout();
    if a.format == "json" {
        let json = serde_json::json!({
            "ok": ok,
            "integrity": integrity,
            "events": report.events,
            "head": report.head,
            "chain_broken": report.chain_broken.as_ref().map(|(id, m)| serde_json::json!({"event_id": id, "message": m.to_string()})),
            "heads_checked": heads.len(),
            "heads_failed": report.heads_failed.iter().map(|(h, m)| serde_json::json!({"event_id": h.event_id, "hash": h.hash, "message": m})).collect::<Vec<_>>(),
            "verified_until": report.verified_until,
            "verified_lost": report.verified_lost,
            "replay_from": report.replay_from,
            "differences": report.differences,
            "difference_count": report.difference_count,
            "warnings": warnings,
        });
        super::output::write_json(&mut out, &json, true)?;
        writeln!(out)?;
        return Ok(if ok { EXIT_OK } else { EXIT_FAILURE });
    }
    if integrity == ["ok"] {
        let how = lang.t(if a.full {
            CliMsg::CheckIntegrityFull
        } else {
            CliMsg::CheckIntegrityQuick
        });
        writeln!(
            out,
            "{}",
            lang.f(CliMsg::CheckIntegrityOk, &[("how", &how)])
        )?;
    } else {
        writeln!(out, "{}", lang.t(CliMsg::CheckIntegrityFailed))?;
        for line in integrity.iter().take(20) {
            writeln!(out, "  {line}")?;
        }
    }
    match (&report.chain_broken, &report.verified_until) {
        (None, Some(h)) => writeln!(
            out,
            "{}",
            lang.f(
                CliMsg::CheckChainVerifiedBefore,
                &[
                    ("events", &report.events),
                    ("event", &h.event_id),
                    (
                        "when",
                        &verified.as_ref().map_or("", |(_, when)| when.as_str())
                    ),
                ]
            )
        )?,
        (None, None) => writeln!(
            out,
            "{}",
            lang.f(CliMsg::CheckChainOk, &[("events", &report.events)])
        )?,
        (Some((id, why)), _) => {
            writeln!(
                out,
                "{}",
                lang.f(
                    CliMsg::CheckChainBroken,
                    &[("event", id), ("why", &why.render(lang))]
                )
            )?;
            writeln!(out, "{}", lang.t(CliMsg::CheckChainRestore))?;
        }
    }
    writeln!(
        out,
        "{}",
        lang.f(
            CliMsg::CheckHead,
            &[(
                "head",
                &format!("{}:{}", report.head.event_id, report.head.hash)
            )]
        )
    )?;
    if let Some(h) = &report.verified_lost {
        writeln!(
            out,
            "verified head: FAILED — event {} had hash {} when your full check of {} verified it; today's chain does not hold it: the history was rewritten, or the database was replaced (a restored backup, a new database at this path). If you know it was replaced, run certdesk check --full",
            h.event_id,
            h.hash,
            verified.as_ref().map_or("", |(_, when)| when.as_str())
        )?;
    }
    if !heads.is_empty() {
        if report.heads_failed.is_empty() {
            writeln!(
                out,
                "{}",
                lang.f(CliMsg::CheckHeadsOk, &[("n", &heads.len())])
            )?;
        } else {
            writeln!(out, "{}", lang.t(CliMsg::CheckHeadsFailed))?;
            for (_, why) in &report.heads_failed {
                writeln!(out, "  {why}")?;
            }
        }
    }
    match report.replay_from {
        Some(_) if report.difference_count == 0 => writeln!(
            out,
            "{}",
            lang.f(
                CliMsg::CheckReplayOk,
                &[("from", &from_note(report.replay_from, lang))]
            )
        )?,
        _ => {
            let shown = if report.difference_count > report.differences.len() {
                lang.f(CliMsg::CheckFirstShown, &[("n", &report.differences.len())])
            } else {
                String::new()
            };
            writeln!(
                out,
                "{}",
                lang.f(
                    CliMsg::CheckReplayFailed,
                    &[("n", &report.difference_count), ("shown", &shown)]
                )
            )?;
            for d in &report.differences {
                writeln!(out, "  {}", d.message)?;
            }
        }
    }
    for f in &findings {
        writeln!(
            out,
            "{}",
            lang.f(
                CliMsg::CheckWarning,
                &[("problem", &f.problem), ("fix", &f.fix)]
            )
        )?;
    }
    writeln!(
        out,
        "{}",
        lang.f(
            CliMsg::CheckCounts,
            &[
                ("bodies", &store.count(Counted::Bodies)?),
                ("qualifications", &store.count(Counted::Qualifications)?),
            ]
        )
    )?;
    Ok(if ok { EXIT_OK } else { EXIT_FAILURE })
}

/// Where the replay starts, when not at the first event (a database upgraded from schema 1).
fn from_note(replay_from: Option<i64>, lang: Lang) -> String {
    match replay_from {
        Some(id) if id > 1 => lang.f(CliMsg::CheckFromBaseline, &[("event", &id)]),
        _ => lang.t(CliMsg::CheckFromFirst).to_string(),
    }
}
