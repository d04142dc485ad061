//! `certdesk import`: files → checked batches → one transaction each, with a report.

use super::output::{eprint_line, print_json, print_line};
use super::{CliError, EXIT_OK, EXIT_REJECTED};
use crate::import::{
    Checked, EncodingChoice, Format, RowChecker, RowError, Table, no_data_rows, open_rows,
    write_rejects,
};
use crate::store::Store;
use crate::store::import::Added;
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
    /// Replace an existing rejects file (never the database or its -wal/-shm/-journal)
    #[arg(long)]
    pub force: bool,
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
    /// Files that could not be read at all: rejected whole (with --skip-invalid the others are
    /// still written, and the exit code says not everything was).
    unreadable: Vec<String>,
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
    let db = store.path().to_path_buf();
    // A rejects file that would be refused is refused before anything is read.
    if let Some(path) = &a.rejects {
        drop(super::output_file_beside(path, a.force, &db)?);
    }
    // The whole command is one transaction: all files or none (unless --skip-invalid).
    let mut batch = store.begin_import()?;
    let mut rejects_written = 0;
    for path in &a.files {
        let name = path.display().to_string();
        let stream = match open_rows(path, a.format, a.encoding) {
            Ok(s) => s,
            Err(e) => {
                report.errors.push(FileError {
                    file: name.clone(),
                    row: 0,
                    column: String::new(),
                    value: String::new(),
                    message: e.to_string(),
                });
                report.unreadable.push(name.clone());
                continue;
            }
        };
        let already = batch.start_file(&name, &stream.sha256)?;
        // Only what the rejects file needs is kept: the header and the invalid rows.
        let mut rejected = Table {
            headers: stream.headers.clone(),
            rows: Vec::new(),
            sha256: stream.sha256.clone(),
            encoding: stream.encoding,
            header_row: stream.header_row,
        };
        let (mut checker, header_errors, header_warnings) =
            RowChecker::new(&rejected.headers, rejected.header_row);
        let mut reasons = Checked {
            errors: header_errors,
            warnings: header_warnings,
            ..Default::default()
        };
        let (mut rows, mut refused_by_checks) = (0usize, 0usize);
        for raw in stream {
            let raw = match raw {
                Ok(r) => r,
                Err(e) => {
                    reasons.errors.push(RowError {
                        row: 0,
                        column: String::new(),
                        value: String::new(),
                        message: e.to_string(),
                    });
                    break;
                }
            };
            rows += 1;
            let mut verdict = checker.check(&raw);
            reasons.warnings.append(&mut verdict.warnings);
            let valid = verdict.errors.is_empty() && checker.is_usable();
            if !valid {
                refused_by_checks += 1;
            } else if let Some(grant) = &verdict.grant
                && let Added::Rejected(e) = batch.add(grant)?
            {
                verdict.errors.push(e);
            }
            if !verdict.errors.is_empty() || !valid {
                reasons.errors.append(&mut verdict.errors);
                rejected.rows.push(raw);
            }
        }
        if rows == 0 && checker.is_usable() {
            reasons.warnings.push(no_data_rows(rejected.header_row));
        }
        let tally = batch.finish_file(rows, refused_by_checks)?;
        let invalid = rejected.rows.len();
        report.rows += rows;
        report.invalid += invalid;
        report.unchanged += tally.unchanged;
        report.would_write += tally.written;
        report
            .errors
            .extend(reasons.errors.iter().map(|e| file_error(&name, e)));
        report
            .warnings
            .extend(reasons.warnings.iter().map(|e| file_error(&name, e)));
        if let Some(path) = &a.rejects
            && invalid > 0
        {
            let target = numbered(path, rejects_written);
            rejects_written += 1;
            reasons.invalid_rows = std::mem::take(&mut rejected.rows);
            let mut out = super::output_file_beside(&target, a.force, &db)?;
            write_rejects(&mut out, &rejected, &reasons).map_err(|e| {
                CliError::failure(format!(
                    "{}: cannot write the rejects file: {e}",
                    target.display()
                ))
            })?;
            out.commit().map_err(CliError::from)?;
        }
        report.files.push(FileReport {
            file: name,
            sha256: rejected.sha256,
            encoding: rejected.encoding.to_string(),
            rows,
            written: tally.written,
            unchanged: tally.unchanged,
            invalid,
            already_imported: already.map(|(at, by)| AlreadyImported { at, by }),
        });
    }
    report.valid = report.rows.saturating_sub(report.invalid);
    report
        .errors
        .sort_by(|x, y| (&x.file, x.row).cmp(&(&y.file, y.row)));

    let rejected = !report.errors.is_empty() && (report.would_write == 0 || !a.skip_invalid);
    if !a.dry_run && !rejected && report.would_write > 0 {
        batch.commit()?;
        report.written = std::mem::take(&mut report.would_write);
    } else {
        drop(batch); // rolls everything back
        report.files.iter_mut().for_each(|f| f.written = 0);
        if !a.dry_run {
            report.would_write = 0;
        }
    }
    print_report(a, &report, rejected)?;
    Ok(if rejected || !report.unreadable.is_empty() {
        EXIT_REJECTED
    } else {
        EXIT_OK
    })
}

/// The rejects file for the n-th input file with rejected rows: FILE, then FILE-2.csv, …
fn numbered(path: &std::path::Path, n: usize) -> PathBuf {
    if n == 0 {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}-{}.csv", n + 1))
}

fn print_report(a: &ImportArgs, r: &Report, rejected: bool) -> Result<(), CliError> {
    if a.report.is_some() {
        print_json(r)?;
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
            // Already cut to 80 characters, unsafe characters escaped (RowError::value).
            at.push_str(&format!(", value \"{}\"", e.value));
        }
        eprint_line(&format!("error: {at}: {}", e.message));
    }
    for w in &r.warnings {
        eprint_line(&format!(
            "warning: {}: row {}, column {}: {}",
            w.file, w.row, w.column, w.message
        ));
    }
    for f in &r.files {
        if let Some(prev) = &f.already_imported {
            print_line(&format!(
                "{}: this file was already imported on {} by {}",
                f.file, prev.at, prev.by
            ))?;
        }
    }
    if rejected {
        let fix = if a.skip_invalid {
            ""
        } else {
            " (or use --skip-invalid --rejects FILE to write the valid rows)"
        };
        eprint_line(&format!(
            "rejected: {} of {} rows have errors; nothing was written. Correct the rows above and import again{fix}.",
            r.invalid, r.rows
        ));
    } else if a.dry_run {
        print_line(&format!(
            "dry run: {} rows checked, {} would be written, {} already in the register, {} invalid; nothing was written",
            r.rows, r.would_write, r.unchanged, r.invalid
        ))?;
    } else {
        print_line(&format!(
            "imported: {} rows, {} written, {} already in the register (unchanged), {} rejected",
            r.rows, r.written, r.unchanged, r.invalid
        ))?;
        if !r.unreadable.is_empty() {
            eprint_line(&format!(
                "rejected: {} file(s) could not be read at all, nothing of them was written: {}",
                r.unreadable.len(),
                r.unreadable.join(", ")
            ));
        }
        if let Some(rejects) = a.rejects.as_ref().filter(|_| r.invalid > 0) {
            print_line(&format!(
                "rejected rows, with a reason column, are in {}",
                rejects.display()
            ))?;
        }
    }
    Ok(())
}
