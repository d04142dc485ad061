//! `certdesk import`: files → checked batches → one transaction each, with a report.

use super::output::{eprint_line, print_json, print_line};
use super::{CliError, EXIT_OK, EXIT_REJECTED};
use crate::domain::migration::new_grant_state;
use crate::domain::model::QualStatus;
use crate::files::OutputFile;
use crate::i18n::{CliMsg, CmdMsg, Lang};
use crate::import::{
    EncodingChoice, Format, GrantRow, RawRow, ReadError, ReadOptions, RejectsWriter, Resolved,
    RowChecker, RowError, StatusMode, no_data_rows, open_rows,
};
use crate::store::Store;
use crate::store::import::{Added, Compared, RegisterCheck};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(
    after_help = "Columns (header row, English or Chinese, any order): uscc 统一社会信用代码, name 机构名称, \
kind 机构类型, approval_no 批准号, route 审批方式, decided_on 批准日期, valid_until 有效期至, scope 认证领域, \
region 行政区划代码, authority 批准机关, doc_no 文号, risk_class 风险等级; optional address 地址, legal_rep 法定代表人.\n\
A status 状态 column must agree with what the import creates (a new grant), unless --with-status: then each approval is \
created in the state its row states, with status_date 状态日期 and status_basis 状态依据 (suspended, revoked, revoked_penalty, \
withdrawn, cancelled), suspension_deadline 停业整顿期限, verification_due 核查期限, renewal_filed_on 延续申请日期, \
status_doc_no 状态文号, revoked_scope 已撤销领域 (what `certdesk export qualifications` writes).\n\
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
    /// The worksheet of a workbook to import: its name, else its number from 1 [default: the
    /// first sheet]; ignored for CSV and JSON
    #[arg(long, value_name = "NAME|N")]
    pub sheet: Option<String>,
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
    /// Moving a register in: create each approval in the state its status column states
    /// (suspended, revoked, …, with the columns that state needs), one `migrated` event each,
    /// instead of as a new grant
    #[arg(long)]
    pub with_status: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Json,
}

impl ImportArgs {
    /// How every reading of every file is done: the same options each time, so the check,
    /// the write and the duplicates' second look see the same rows.
    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: self.format,
            encoding: self.encoding,
            sheet: self.sheet.clone(),
        }
    }

    /// The row checker of every reading, reading the status column as the flags say.
    fn checker(
        &self,
        headers: &[String],
        header_row: usize,
        today: jiff::civil::Date,
    ) -> (RowChecker, Vec<RowError>, Vec<RowError>) {
        let mode = StatusMode {
            with_status: self.with_status,
            today,
        };
        RowChecker::new_with(headers, header_row, mode)
    }
}

/// Rows written (or that would be) by the state they are created in, every state named.
type States = BTreeMap<&'static str, usize>;

fn no_states() -> States {
    QualStatus::ALL.iter().map(|s| (s.as_str(), 0)).collect()
}

/// The state a written row is created in: the stated one (`--with-status`), else the new
/// grant's as it reads today.
fn created_state(grant: &GrantRow, today: jiff::civil::Date) -> &'static str {
    grant
        .stated
        .as_ref()
        .and_then(|s| s.status)
        .unwrap_or_else(|| new_grant_state(grant.route, grant.valid_until, today))
        .as_str()
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
    /// Rows written (with --dry-run: that would be) by the state they are created in.
    states: States,
    files: Vec<FileReport>,
    /// Files that could not be read at all: rejected whole (with --skip-invalid the others are
    /// still written, and the exit code says not everything was).
    unreadable: Vec<String>,
    /// Errors and warnings counted but not listed (more than 1,000 of each).
    errors_omitted: usize,
    warnings_omitted: usize,
    /// The language of the messages (`--lang`, else the locale); the codes are the same in all.
    #[serde(skip)]
    lang: Lang,
}

#[derive(Debug, Serialize)]
struct FileError {
    file: String,
    row: usize,
    column: String,
    value: String,
    /// What is wrong and how to fix it, in English whatever the language (scripts read it).
    message: String,
    /// The stable code of the problem (`i18n::import::ImportMsg` in snake case).
    code: String,
    /// The message in the language of the command, for the text report.
    #[serde(skip)]
    said: String,
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

fn file_error(file: &str, e: &RowError, lang: Lang) -> FileError {
    FileError {
        file: file.to_string(),
        row: e.row,
        column: e.column.clone(),
        value: e.value.clone(),
        message: e.message.clone(),
        code: e.code(),
        said: e.message_in(lang),
    }
}

/// How many errors, and how many warnings, the report lists; the rest are counted
/// (`errors_omitted`, `warnings_omitted`), and every rejected row is in the rejects file.
const LISTED: usize = 1_000;

impl Report {
    fn error(&mut self, file: &str, e: &RowError) {
        if self.errors.len() < LISTED {
            self.errors.push(file_error(file, e, self.lang));
        } else {
            self.errors_omitted += 1;
        }
    }
    fn warning(&mut self, file: &str, e: &RowError) {
        if self.warnings.len() < LISTED {
            self.warnings.push(file_error(file, e, self.lang));
        } else {
            self.warnings_omitted += 1;
        }
    }
}

/// What reading and checking one file found, before any lock was taken.
struct FileCheck {
    path: PathBuf,
    name: String,
    sha256: String,
    encoding: &'static str,
    rows: usize,
    /// Rows the writing skips (invalid, repeated, already in the register), ascending.
    skip: Vec<usize>,
    would_write: usize,
    unchanged: usize,
    invalid: usize,
    already: Option<(String, String)>,
    rejects: Option<(PathBuf, RejectsWriter<OutputFile>)>,
    /// The rows to write by the state they are created in.
    states: States,
}

/// The rejects files written so far, for their numbering (FILE, FILE-2.csv, …).
struct Rejects<'a> {
    args: &'a ImportArgs,
    db: &'a std::path::Path,
    opened: usize,
    lang: Lang,
}

impl Rejects<'_> {
    /// Add one rejected row to the file's rejects file, opened at its first rejected row.
    fn add(
        &mut self,
        check: &mut FileCheck,
        headers: &[String],
        file_level: &[RowError],
        raw: &RawRow,
        errors: &[RowError],
    ) -> Result<(), CliError> {
        let Some(path) = &self.args.rejects else {
            return Ok(());
        };
        if check.rejects.is_none() {
            let target = numbered(path, self.opened);
            self.opened += 1;
            let out = super::output_file_beside(&target, self.args.force, self.db)?;
            let w = RejectsWriter::new(out, headers, file_level, self.lang)
                .map_err(|e| rejects_error(&target, e, self.lang))?;
            check.rejects = Some((target, w));
        }
        if let Some((target, w)) = &mut check.rejects {
            w.row(raw, errors)
                .map_err(|e| rejects_error(target, e, self.lang))?;
        }
        Ok(())
    }
}

fn rejects_error(target: &std::path::Path, e: std::io::Error, lang: Lang) -> CliError {
    CliError::failure(lang.f(
        CmdMsg::CannotWriteRejects,
        &[
            ("path", &target.display()),
            ("why", &crate::i18n::os::io_error(lang, &e)),
        ],
    ))
}

/// Read and check one file completely, comparing its rows with the register in short read
/// transactions: no lock, nothing written. None when the file cannot be read (reported).
fn check_file(
    store: &Store,
    a: &ImportArgs,
    path: &std::path::Path,
    report: &mut Report,
    rejects: &mut Rejects<'_>,
) -> Result<Option<FileCheck>, CliError> {
    let name = path.display().to_string();
    let unreadable = |report: &mut Report, e: ReadError| {
        let diagnosis = crate::i18n::import::read_error(&e);
        report.errors.push(FileError {
            file: name.clone(),
            row: 0,
            column: String::new(),
            value: String::new(),
            message: e.to_string(),
            code: diagnosis.code(),
            said: diagnosis.render(report.lang),
        });
        report.unreadable.push(name.clone());
        Ok(None)
    };
    let mut stream = match open_rows(path, &a.read_options()) {
        Ok(s) => s,
        Err(e) => return unreadable(report, e),
    };
    let mut register = store.register_check()?;
    let mut check = FileCheck {
        path: path.to_path_buf(),
        name: name.clone(),
        sha256: stream.sha256.clone(),
        encoding: stream.encoding,
        rows: 0,
        skip: Vec::new(),
        would_write: 0,
        unchanged: 0,
        invalid: 0,
        already: register.already_imported(&stream.sha256)?,
        rejects: None,
        states: no_states(),
    };
    let headers = stream.headers.clone();
    let today = store.today();
    let (mut checker, file_errors, mut file_warnings) =
        a.checker(&headers, stream.header_row, today);
    checker.set_encoding(stream.encoding);
    // The header row used and what was above it, merged cells: before the header's own.
    let mut notes = stream.take_notes();
    notes.append(&mut file_warnings);
    let file_warnings = notes;
    let header_row = stream.header_row;
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let mut pending = Vec::new();
    for raw in stream.by_ref() {
        let raw = match raw {
            Ok(r) => r,
            Err(e) => {
                // The whole file is refused: none of it is written, its rejects file is not kept.
                drop(check);
                return unreadable(report, e);
            }
        };
        check.rows += 1;
        let mut verdict = checker.check(&raw);
        warnings.append(&mut verdict.warnings);
        if !verdict.errors.is_empty() || !checker.is_usable() {
            check.invalid += 1;
            check.skip.push(raw.row);
            rejects.add(&mut check, &headers, &file_errors, &raw, &verdict.errors)?;
            errors.append(&mut verdict.errors);
        } else if let Some(p) = verdict.pending {
            pending.push(p);
        } else if let Some(grant) = verdict.grant {
            compare(
                &mut register,
                &mut check,
                (&grant, today),
                &raw,
                &mut errors,
                (rejects, &headers, &file_errors),
            )?;
        }
    }
    // Total rows after the last approval, skipped: known once the reading ended.
    warnings.append(&mut stream.take_notes());
    if !pending.is_empty() {
        let again = open_rows(path, &a.read_options());
        let resolved = match again.map(|rows| checker.resolve(rows, &pending)) {
            Ok(Ok(r)) => r,
            Ok(Err(e)) | Err(e) => return unreadable(report, e),
        };
        for (raw, decided) in resolved {
            match decided {
                Resolved::Repeat(w) => {
                    warnings.push(w);
                    check.skip.push(raw.row);
                }
                Resolved::Invalid(e) => {
                    check.invalid += 1;
                    check.skip.push(raw.row);
                    rejects.add(
                        &mut check,
                        &headers,
                        &file_errors,
                        &raw,
                        std::slice::from_ref(&e),
                    )?;
                    errors.push(e);
                }
                Resolved::Clear(grant) => {
                    compare(
                        &mut register,
                        &mut check,
                        (&grant, today),
                        &raw,
                        &mut errors,
                        (rejects, &headers, &file_errors),
                    )?;
                }
            }
        }
        check.skip.sort_unstable();
    }
    if check.rows == 0 && checker.is_usable() {
        warnings.push(no_data_rows(header_row));
    }
    for e in file_errors.iter().chain(&errors) {
        report.error(&name, e);
    }
    for w in file_warnings.iter().chain(&warnings) {
        report.warning(&name, w);
    }
    Ok(Some(check))
}

/// Compare a row that passed every check of the file with the register.
fn compare(
    register: &mut RegisterCheck<'_>,
    check: &mut FileCheck,
    (grant, today): (&GrantRow, jiff::civil::Date),
    raw: &RawRow,
    errors: &mut Vec<RowError>,
    (rejects, headers, file_errors): (&mut Rejects<'_>, &[String], &[RowError]),
) -> Result<(), CliError> {
    match register.compare(grant)? {
        Compared::New { .. } => {
            check.would_write += 1;
            *check.states.entry(created_state(grant, today)).or_default() += 1;
        }
        Compared::Unchanged => {
            check.unchanged += 1;
            check.skip.push(raw.row);
        }
        Compared::Rejected(e) => {
            check.invalid += 1;
            check.skip.push(raw.row);
            rejects.add(check, headers, file_errors, raw, std::slice::from_ref(&e))?;
            errors.push(e);
        }
    }
    Ok(())
}

/// Why the writing stopped before its commit (everything rolled back).
enum Interrupted {
    /// The file is not the one checked.
    Changed(String),
    /// A row the checks passed contradicts the register now (another officer's act since).
    Contradicts(String, RowError),
}

/// Write the checked files in one transaction: the rows the checks passed, read again.
fn write_files(
    store: &mut Store,
    a: &ImportArgs,
    checks: &mut [FileCheck],
    report: &mut Report,
    notice: i64,
) -> Result<Result<(), Interrupted>, CliError> {
    let today = store.today();
    let mut batch = store.begin_import()?;
    batch.settle_announcement(notice)?;
    let mut late = Vec::new();
    for check in checks.iter_mut() {
        let changed = || Interrupted::Changed(check.name.clone());
        let Ok(stream) = open_rows(&check.path, &a.read_options()) else {
            return Ok(Err(changed()));
        };
        if stream.sha256 != check.sha256 {
            return Ok(Err(changed()));
        }
        batch.start_file(&check.name, &check.sha256)?;
        let (checker, _, _) = a.checker(&stream.headers, stream.header_row, today);
        check.states = no_states(); // counted again by the writing
        let mut skip = check.skip.iter().peekable();
        for raw in stream {
            let Ok(raw) = raw else {
                return Ok(Err(changed()));
            };
            while skip.next_if(|&&r| r < raw.row).is_some() {}
            if skip.next_if(|&&r| r == raw.row).is_some() {
                continue;
            }
            let Some(grant) = checker.grant(&raw) else {
                return Ok(Err(changed()));
            };
            match batch.add(&grant)? {
                Added::Written => {
                    *check
                        .states
                        .entry(created_state(&grant, today))
                        .or_default() += 1;
                }
                Added::Unchanged => {}
                Added::Rejected(e) => {
                    if !a.skip_invalid {
                        return Ok(Err(Interrupted::Contradicts(check.name.clone(), e)));
                    }
                    late.push((check.name.clone(), raw, e));
                }
            }
        }
        let tally = batch.finish_file(check.rows, check.invalid)?;
        check.would_write = tally.written;
        check.unchanged += tally.unchanged;
    }
    for (name, raw, e) in late {
        report.error(&name, &e);
        report.invalid += 1;
        if let Some(check) = checks.iter_mut().find(|c| c.name == name) {
            check.invalid += 1;
            if let Some((target, w)) = &mut check.rejects {
                w.row(&raw, std::slice::from_ref(&e))
                    .map_err(|e| rejects_error(target, e, report.lang))?;
            }
        }
    }
    batch.commit()?;
    Ok(Ok(()))
}

pub fn run(store: &mut Store, a: &ImportArgs, lang: Lang) -> Result<u8, CliError> {
    let mut report = Report {
        dry_run: a.dry_run,
        lang,
        ..Default::default()
    };
    let db = store.path().to_path_buf();
    // A rejects file that would be refused is refused before anything is read.
    if let Some(path) = &a.rejects {
        drop(super::output_file_beside(path, a.force, &db)?);
    }
    // Everything is read and checked before the write lock is taken: other officers' acts
    // wait only for the writing. The whole command is then one transaction: all files or none
    // (unless --skip-invalid).
    let mut rejects = Rejects {
        args: a,
        db: &db,
        opened: 0,
        lang,
    };
    let mut checks = Vec::new();
    for path in &a.files {
        if let Some(check) = check_file(store, a, path, &mut report, &mut rejects)? {
            checks.push(check);
        }
    }
    report.rows = checks.iter().map(|c| c.rows).sum();
    report.invalid = checks.iter().map(|c| c.invalid).sum();
    report.would_write = checks.iter().map(|c| c.would_write).sum();
    report.unchanged = checks.iter().map(|c| c.unchanged).sum();

    let mut rejected = !report.errors.is_empty() && (report.would_write == 0 || !a.skip_invalid);
    if !a.dry_run && !rejected && report.would_write > 0 {
        for c in checks.iter_mut() {
            c.unchanged = 0; // counted again by the writing
        }
        // Acts of other officers that find the lock taken wait for the import, and say so.
        let files: Vec<&str> = checks.iter().map(|c| c.name.as_str()).collect();
        let notice = store.announce_import(&files.join(", "))?;
        let written = write_files(store, a, &mut checks, &mut report, notice);
        if !matches!(written, Ok(Ok(()))) {
            let _ = store.withdraw_announcement(notice);
        }
        match written? {
            Ok(()) => {
                report.written = checks.iter().map(|c| c.would_write).sum();
                report.would_write = 0;
            }
            Err(Interrupted::Changed(name)) => {
                return Err(CliError::failure(
                    lang.f(CmdMsg::FileChanged, &[("file", &name)]),
                ));
            }
            Err(Interrupted::Contradicts(name, e)) => {
                // Another officer's act since the check: as if the check had found it.
                report.error(&name, &e);
                report.invalid += 1;
                rejected = true;
                report.would_write = 0;
            }
        }
        report.unchanged = checks.iter().map(|c| c.unchanged).sum();
    } else if !a.dry_run {
        report.would_write = 0;
    }
    report.valid = report.rows.saturating_sub(report.invalid);
    // The states of what was written, or (a dry run) of what would be; none when nothing was.
    report.states = no_states();
    if report.written > 0 || report.would_write > 0 {
        for c in &checks {
            for (state, n) in &c.states {
                *report.states.entry(state).or_default() += n;
            }
        }
    }
    report
        .errors
        .sort_by(|x, y| (&x.file, x.row).cmp(&(&y.file, y.row)));
    for check in checks {
        report.files.push(FileReport {
            file: check.name,
            sha256: check.sha256,
            encoding: check.encoding.to_string(),
            rows: check.rows,
            written: if report.written > 0 {
                check.would_write
            } else {
                0
            },
            unchanged: check.unchanged,
            invalid: check.invalid,
            already_imported: check.already.map(|(at, by)| AlreadyImported { at, by }),
        });
        if let Some((target, w)) = check.rejects {
            let out = w.finish().map_err(|e| rejects_error(&target, e, lang))?;
            out.commit().map_err(CliError::from)?;
        }
    }
    print_report(a, &report, rejected, lang)?;
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

fn print_report(a: &ImportArgs, r: &Report, rejected: bool, lang: Lang) -> Result<(), CliError> {
    if a.report.is_some() {
        print_json(r)?;
        return Ok(());
    }
    for e in &r.errors {
        let mut at = e.file.clone();
        if e.row > 0 {
            at.push_str(&lang.f(CliMsg::AtRow, &[("row", &e.row)]));
        }
        if !e.column.is_empty() {
            at.push_str(&lang.f(CliMsg::AtColumn, &[("column", &e.column)]));
        }
        if !e.value.is_empty() {
            // Already cut to 80 characters, unsafe characters escaped (RowError::value).
            at.push_str(&lang.f(CliMsg::AtValue, &[("value", &e.value)]));
        }
        // A file that could not be read (row 0): its message names the file already.
        if e.row == 0 && e.said.starts_with(&e.file) {
            eprint_line(&lang.f(CliMsg::ImportFileError, &[("message", &e.said)]))
        } else {
            eprint_line(&lang.f(CliMsg::ImportError, &[("at", &at), ("message", &e.said)]))
        }
    }
    if r.errors_omitted > 0 {
        eprint_line(&lang.f(
            CliMsg::ErrorsOmitted,
            &[("n", &r.errors_omitted), ("listed", &LISTED)],
        ));
    }
    for w in &r.warnings {
        eprint_line(&lang.f(
            CliMsg::ImportWarning,
            &[
                ("file", &w.file),
                ("row", &w.row),
                ("column", &w.column),
                ("message", &w.said),
            ],
        ));
    }
    if r.warnings_omitted > 0 {
        eprint_line(&lang.f(CliMsg::WarningsOmitted, &[("n", &r.warnings_omitted)]));
    }
    for f in &r.files {
        if let Some(prev) = &f.already_imported {
            print_line(&lang.f(
                CliMsg::AlreadyImported,
                &[("file", &f.file), ("at", &prev.at), ("by", &prev.by)],
            ))?;
        }
    }
    if rejected {
        let fix = if a.skip_invalid {
            ""
        } else {
            lang.t(CliMsg::FixSkipInvalid)
        };
        if r.invalid == 0 && !r.unreadable.is_empty() {
            eprint_line(&lang.f(
                CliMsg::RejectedUnreadable,
                &[("files", &r.unreadable.join(", ")), ("fix", &fix)],
            ));
        } else {
            eprint_line(&lang.f(
                CliMsg::RejectedRows,
                &[("invalid", &r.invalid), ("rows", &r.rows), ("fix", &fix)],
            ));
        }
    } else if a.dry_run {
        print_line(&lang.f(
            CliMsg::DryRun,
            &[
                ("rows", &r.rows),
                ("write", &r.would_write),
                ("unchanged", &r.unchanged),
                ("invalid", &r.invalid),
            ],
        ))?;
        print_states(r, lang)?;
    } else {
        print_line(&lang.f(
            CliMsg::Imported,
            &[
                ("rows", &r.rows),
                ("written", &r.written),
                ("unchanged", &r.unchanged),
                ("invalid", &r.invalid),
            ],
        ))?;
        print_states(r, lang)?;
        if !r.unreadable.is_empty() {
            eprint_line(&lang.f(
                CliMsg::UnreadableFiles,
                &[
                    ("n", &r.unreadable.len()),
                    ("files", &r.unreadable.join(", ")),
                ],
            ));
        }
        if let Some(rejects) = a.rejects.as_ref().filter(|_| r.invalid > 0) {
            print_line(&lang.f(CliMsg::RejectsIn, &[("path", &rejects.display())]))?;
        }
    }
    Ok(())
}

/// "by state: active (有效) 3, suspended (停业整顿) 1" (in Chinese "按状态：有效 3、停业整顿 1"):
/// the states written, when any was.
fn print_states(r: &Report, lang: Lang) -> Result<(), CliError> {
    let states: Vec<String> = QualStatus::ALL
        .iter()
        .filter_map(|s| {
            let n = r.states.get(s.as_str()).copied().unwrap_or(0);
            (n > 0).then(|| match lang {
                Lang::Zh => format!("{} {n}", s.zh()),
                Lang::En => format!("{} ({}) {n}", s.as_str(), s.zh()),
            })
        })
        .collect();
    if !states.is_empty() {
        let sep = lang.pick("、", ", ");
        print_line(&lang.f(CliMsg::ByState, &[("states", &states.join(sep))]))?;
    }
    Ok(())
}
