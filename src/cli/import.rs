//! `certdesk import`: files → checked batches → one transaction each, with a report.

use super::{CliError, EXIT_OK, EXIT_REJECTED};
use crate::import::{
    Checked, EncodingChoice, Format, RowError, check_table, read_table, write_rejects,
};
use crate::store::Store;
use crate::store::import::{BatchMode, BatchOutcome};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(
    after_help = "Columns (header row, English or Chinese, any order): uscc 统一社会信用代码, name 机构名称, \
kind 机构类型, approval_no 批准号, route 审批方式, decided_on 批准日期, valid_until 有效期至, scope 认证领域, \
region 行政区划代码, authority 批准机关, doc_no 文号, risk_class 风险等级; optional address 地址, legal_rep 法定代表人.\n\
All-or-nothing: any invalid row and nothing is written (exit 3), every problem reported.\n\
Example: certdesk import approvals-2026-11.xlsx --dry-run --report json"
)]
pub struct ImportArgs {
    /// The files to import (.csv, .xlsx, .json); each file is one batch, one transaction
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check everything and report what would be written; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The file format [default: from the file extension]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The text encoding of CSV files
    #[arg(long, value_enum, default_value = "auto")]
    pub encoding: EncodingChoice,
    /// Write the valid rows and leave out the invalid ones (put them in --rejects FILE)
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid: where to write the rejected rows, with a reason column, for correction
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
    /// Print a machine-readable report on stdout
    #[arg(long, value_enum, value_name = "json")]
    pub report: Option<ReportFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Json,
}

/// The `--report json` object (stable: scripts read it).
#[derive(Debug, Default, Serialize)]
struct Report {
    rows: usize,
    valid: usize,
    invalid: usize,
    written: usize,
    unchanged: usize,
    dry_run: bool,
    would_write: usize,
    errors: Vec<FileError>,
    warnings: Vec<FileError>,
    files: Vec<FileReport>,
}

#[derive(Debug, Serialize)]
struct FileError {
    file: String,
    row: usize,
    column: String,
    value: String,
    message: String,
}

#[derive(Debug, Serialize)]
struct FileReport {
    file: String,
    sha256: String,
    encoding: String,
    rows: usize,
    written: usize,
    unchanged: usize,
    invalid: usize,
    already_imported: Option<AlreadyImported>,
}

#[derive(Debug, Serialize)]
struct AlreadyImported {
    at: String,
    by: String,
}

fn file_error(file: &str, e: &RowError) -> FileError {
    FileError {
        file: file.to_string(),
        row: e.row,
        column: e.column.clone(),
        value: e.value.clone(),
        message: e.message.clone(),
    }
}

pub fn run(store: &mut Store, a: &ImportArgs) -> Result<u8, CliError> {
    let mut report = Report {
        dry_run: a.dry_run,
        ..Default::default()
    };
    let mut checked_files = Vec::new();
    // 1. Read and check every file before writing anything.
    for path in &a.files {
        let name = path.display().to_string();
        match read_table(path, a.format, a.encoding) {
            Ok(table) => {
                let checked = check_table(&table);
                report.rows += checked.total_rows;
                report
                    .errors
                    .extend(checked.errors.iter().map(|e| file_error(&name, e)));
                report
                    .warnings
                    .extend(checked.warnings.iter().map(|e| file_error(&name, e)));
                checked_files.push((name, table, checked));
            }
            Err(e) => report.errors.push(FileError {
                file: name,
                row: 0,
                column: String::new(),
                value: String::new(),
                message: e.to_string(),
            }),
        }
    }
    let unreadable = checked_files.len() < a.files.len();
    let invalid_in_files = checked_files.iter().any(|(_, _, c)| !c.is_clean());
    let mode = BatchMode {
        dry_run: a.dry_run || (!a.skip_invalid && (invalid_in_files || unreadable)),
        skip_invalid: a.skip_invalid,
    };

    // 2. Write each file as one batch (or, when something is already wrong, only check it against the register).
    for (name, table, checked) in &checked_files {
        let outcome: BatchOutcome = store.import_grants(
            name,
            &table.sha256,
            &checked.rows,
            checked.invalid_rows.len(),
            mode,
        )?;
        let store_invalid = outcome.errors.len();
        report
            .errors
            .extend(outcome.errors.iter().map(|e| file_error(name, e)));
        let invalid = checked.invalid_rows.len() + store_invalid;
        report.invalid += invalid;
        if outcome.committed {
            report.written += outcome.written;
        } else if a.dry_run {
            report.would_write += outcome.written;
        }
        report.unchanged += outcome.unchanged;
        if let Some(rejects) = &a.rejects
            && invalid > 0
        {
            let merged = with_store_rejections(table, checked, &outcome);
            write_rejects(rejects, table, &merged).map_err(|e| {
                CliError::failure(format!(
                    "{}: cannot write the rejects file: {e}",
                    rejects.display()
                ))
            })?;
        }
        report.files.push(FileReport {
            file: name.clone(),
            sha256: table.sha256.clone(),
            encoding: table.encoding.to_string(),
            rows: checked.total_rows,
            written: if outcome.committed {
                outcome.written
            } else {
                0
            },
            unchanged: outcome.unchanged,
            invalid,
            already_imported: outcome
                .already_imported
                .clone()
                .map(|(at, by)| AlreadyImported { at, by }),
        });
    }
    report.valid = report.rows.saturating_sub(report.invalid);
    report
        .errors
        .sort_by(|x, y| (&x.file, x.row).cmp(&(&y.file, y.row)));

    let rejected = !report.errors.is_empty() && (report.written == 0 || !a.skip_invalid);
    print_report(a, &report, rejected)?;
    Ok(if rejected { EXIT_REJECTED } else { EXIT_OK })
}

/// The rejects file holds the rows the register refused too, with their reasons.
fn with_store_rejections(
    table: &crate::import::Table,
    checked: &Checked,
    outcome: &BatchOutcome,
) -> Checked {
    let mut merged = checked.clone();
    merged.errors.extend(outcome.errors.iter().cloned());
    for row in &outcome.rejected_rows {
        if !merged.invalid_rows.iter().any(|r| r.row == *row)
            && let Some(raw) = table.rows.iter().find(|r| r.row == *row)
        {
            merged.invalid_rows.push(raw.clone());
        }
    }
    merged.invalid_rows.sort_by_key(|r| r.row);
    merged
}

fn print_report(a: &ImportArgs, r: &Report, rejected: bool) -> Result<(), CliError> {
    if a.report.is_some() {
        println!(
            "{}",
            serde_json::to_string_pretty(r).map_err(|e| CliError::failure(e.to_string()))?
        );
        return Ok(());
    }
    for e in &r.errors {
        let mut at = e.file.clone();
        if e.row > 0 {
            at.push_str(&format!(": row {}", e.row));
        }
        if !e.column.is_empty() {
            at.push_str(&format!(", column {}", e.column));
        }
        if !e.value.is_empty() {
            at.push_str(&format!(", value {:?}", e.value));
        }
        eprintln!("error: {at}: {}", e.message);
    }
    for w in &r.warnings {
        eprintln!(
            "warning: {}: row {}, column {}: {}",
            w.file, w.row, w.column, w.message
        );
    }
    for f in &r.files {
        if let Some(prev) = &f.already_imported {
            println!(
                "{}: this file was already imported on {} by {}",
                f.file, prev.at, prev.by
            );
        }
    }
    if rejected {
        let fix = if a.skip_invalid {
            ""
        } else {
            " (or use --skip-invalid --rejects FILE to write the valid rows)"
        };
        eprintln!(
            "rejected: {} of {} rows have errors; nothing was written. Correct the rows above and import again{fix}.",
            r.invalid, r.rows
        );
    } else if a.dry_run {
        println!(
            "dry run: {} rows checked, {} would be written, {} already in the register, {} invalid; nothing was written",
            r.rows, r.would_write, r.unchanged, r.invalid
        );
    } else {
        println!(
            "imported: {} rows, {} written, {} already in the register (unchanged), {} rejected",
            r.rows, r.written, r.unchanged, r.invalid
        );
        if let Some(rejects) = a.rejects.as_ref().filter(|_| r.invalid > 0) {
            println!(
                "rejected rows, with a reason column, are in {}",
                rejects.display()
            );
        }
    }
    Ok(())
}
