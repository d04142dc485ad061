//! Checking a [`Table`] against the import contract: every problem of every row, at once.

use super::columns::{Column, is_export_only_header, is_reason_header};
use super::read::{row_text, total_word};
use super::{RawRow, Table, parse_date};
use crate::domain::dates::ACCEPTED_FORMS;
use crate::domain::ids::{ApprovalNo, BodyKind, Uscc};
use crate::domain::migration::{GrantFacts, Stated, check_stated, new_grant_state};
use crate::domain::model::{QualStatus, RiskClass, Route};
use crate::domain::text::{
    MAX_TEXT_CHARS, check_text, escape_unsafe, max_chars, preview, to_half_width,
};
use crate::i18n::Lang;
use crate::i18n::import::{Diagnosis, ImportMsg as M, id_error, text_problem};
use jiff::civil::Date;
use std::borrow::Cow;
use std::collections::HashMap;

/// The zero-width characters an import removes (with a warning) instead of refusing: they
/// come with text copied from web pages (U+200B) and files joined together (a BOM, U+FEFF,
/// inside a cell), carry nothing in a register, and cannot be seen to be deleted by hand.
/// Every other invisible character (bidi controls, direction marks, separators) is refused.
fn is_removable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn removable_name(c: char) -> M {
    match c {
        '\u{200B}' => M::ZeroWidthSpace,
        '\u{FEFF}' => M::ZeroWidthBom,
        '\u{200C}' => M::ZeroWidthNonJoiner,
        '\u{200D}' => M::ZeroWidthJoiner,
        _ => M::WordJoiner,
    }
}

/// A number in the form Excel shows a long one: "9.11100001E+17".
fn is_scientific(v: &str) -> bool {
    let Some((mantissa, exponent)) = v.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    !int.is_empty()
        && !exponent.is_empty()
        && [int, frac, exponent]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// What a spreadsheet did to a code it stored as a number, if the value shows it: the
/// scientific form Excel displays, or more than 15 digits ending in zeros (Excel keeps 15
/// significant digits).
fn lost_digits(v: &str) -> Option<Diagnosis> {
    if is_scientific(v) {
        return Some(Diagnosis::new(M::LostDigitsScientific).with("value", v));
    }
    let digits = v.len() > 15 && v.bytes().all(|b| b.is_ascii_digit());
    (digits && v.ends_with("00")).then(|| M::LostDigitsZeros.into())
}

/// Longest body name accepted, in characters.
pub use crate::domain::text::MAX_NAME_CHARS;
/// Dates before the People's Republic or after 2100 are typing mistakes.
pub const MIN_YEAR: i16 = 1949;
pub const MAX_YEAR: i16 = 2100;

/// One approval (grant) as the file states it, fully checked and normalised.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GrantRow {
    /// The row number in the file (module docs).
    pub row: usize,
    pub uscc: Uscc,
    /// As written, trimmed.
    pub name: String,
    pub kind: BodyKind,
    pub approval_no: ApprovalNo,
    pub route: Route,
    pub decided_on: Date,
    pub valid_until: Date,
    /// The fields, trimmed, in file order, without empties and duplicates.
    pub scope: Vec<String>,
    /// Six digits (GB/T 2260).
    pub region: String,
    pub authority: String,
    pub doc_no: String,
    pub risk_class: RiskClass,
    pub address: Option<String>,
    pub legal_rep: Option<String>,
    /// A migration's row (`--with-status`): the state it states and its facts, checked. None
    /// for a new grant.
    pub stated: Option<Box<Stated>>,
}

/// How the `status` column is read ([`RowChecker::new_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusMode {
    /// `--with-status`: each approval is created in the state its row states (a migration).
    /// Without it a stated state must be what the import creates (a new grant).
    pub with_status: bool,
    /// The day the states are read on (expiry is derived from the end date).
    pub today: Date,
}

/// A problem found in the file: an error keeps the row out of the batch, a warning does not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// The row number as the spreadsheet shows it; file-level problems (columns) are on the
    /// header row.
    pub row: usize,
    /// The canonical column name ("uscc", …); for an unknown column the header as written;
    /// "" for a problem with the whole row or file.
    pub column: String,
    /// The cell as written in the file ("" when there is none): at most its first 80
    /// characters, control and invisible characters escaped (`domain::text::preview`).
    pub value: String,
    /// What is wrong and how to fix it, in English (`Display`; [`RowError::message_in`] for
    /// either language).
    pub message: String,
    /// The message as a key with its arguments: its code and its text in either language.
    #[serde(skip)]
    pub diagnosis: Diagnosis,
}

impl RowError {
    /// A problem on `row`, in `column` (canonical name, or "" for the row or file), with the
    /// cell `value` as written (already cut and escaped, or "").
    pub fn new(
        row: usize,
        column: impl Into<String>,
        value: impl Into<String>,
        diagnosis: impl Into<Diagnosis>,
    ) -> RowError {
        let diagnosis = diagnosis.into();
        RowError {
            row,
            column: column.into(),
            value: value.into(),
            message: diagnosis.render(Lang::En),
            diagnosis,
        }
    }

    /// The stable code of the problem (`--report json`), whatever the language.
    pub fn code(&self) -> String {
        self.diagnosis.code()
    }

    /// What is wrong and how to fix it, in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.diagnosis.render(lang)
    }
}

impl std::fmt::Display for RowError {
    /// "row 5, approval_no \"CNCA-R-02-1\": not an approval number: …"
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}", self.row)?;
        if !self.column.is_empty() {
            write!(f, ", {}", self.column)?;
        }
        if !self.value.is_empty() {
            write!(f, " \"{}\"", self.value)?; // already escaped
        }
        write!(f, ": {}", self.message)
    }
}

/// The outcome of [`check_table`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checked {
    /// The rows without any error, in file order (identical repeats dropped).
    pub rows: Vec<GrantRow>,
    /// Every error, ordered by row.
    pub errors: Vec<RowError>,
    /// Every warning, ordered by row.
    pub warnings: Vec<RowError>,
    /// The raw rows with at least one error (all rows when a column is missing), in file order.
    pub invalid_rows: Vec<RawRow>,
    /// The number of data rows in the table.
    pub total_rows: usize,
}

impl Checked {
    /// Whether the batch can be written as a whole (all-or-nothing mode).
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Checks every row of `table` against the import contract and collects every problem: no
/// check stops at the first error. See the module docs of `import` for row numbers.
///
/// File level (on the header row): unknown columns are warnings (a "reason"/"原因" column is
/// ignored silently); a missing required column or two headers meaning one column are errors,
/// and then no row is checked and every row is invalid. Row level: each bad cell is its own
/// error. Batch level, among the rows that passed the row checks: an exact repeat of an
/// earlier row is dropped with a warning; the same approval number with other particulars, or
/// the same USCC under another name, is an error on the later row naming the earlier one.
pub fn check_table(table: &Table) -> Checked {
    let mut out = Checked {
        total_rows: table.rows.len(),
        ..Checked::default()
    };
    let (mut checker, errors, warnings) = RowChecker::new(&table.headers, table.header_row);
    checker.set_encoding(table.encoding);
    out.errors = errors;
    out.warnings = table.notes.clone();
    out.warnings.extend(warnings);
    if table.rows.is_empty() && out.errors.is_empty() {
        out.warnings.push(no_data_rows(table.header_row));
    }
    let mut pending = Vec::new();
    for raw in &table.rows {
        let mut verdict = checker.check(raw);
        out.warnings.append(&mut verdict.warnings);
        if verdict.errors.is_empty() && checker.is_usable() {
            out.rows.extend(verdict.grant);
            pending.extend(verdict.pending);
        } else {
            out.errors.append(&mut verdict.errors);
            out.invalid_rows.push(raw.clone());
        }
    }
    let resolved = checker.resolve(table.rows.iter().cloned().map(Ok::<_, ()>), &pending);
    for (raw, decided) in resolved.unwrap_or_default() {
        match decided {
            Resolved::Repeat(w) => out.warnings.push(w),
            Resolved::Invalid(e) => {
                out.errors.push(e);
                out.invalid_rows.push(raw);
            }
            Resolved::Clear(grant) => out.rows.push(grant),
        }
    }
    out.rows.sort_by_key(|g| g.row);
    out.invalid_rows.sort_by_key(|r| r.row);
    out.errors.sort_by_key(|e| e.row);
    out.warnings.sort_by_key(|e| e.row);
    out
}

/// The warning for a file with a header and nothing under it.
pub fn no_data_rows(header_row: usize) -> RowError {
    RowError::new(header_row, "", "", M::NoDataRows)
}

/// What checking one row found: the grant (None when the row has errors, repeats an earlier
/// row, or must be compared with an earlier row first), its errors and its warnings.
#[derive(Debug, Default)]
pub struct RowVerdict {
    pub grant: Option<GrantRow>,
    pub errors: Vec<RowError>,
    pub warnings: Vec<RowError>,
    /// The row names an approval or a body an earlier row named differently (by digest):
    /// [`RowChecker::resolve`] decides it exactly.
    pub pending: Option<Pending>,
}

/// A row to compare with an earlier one, on a second reading of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    pub row: usize,
    pub earlier: usize,
    /// The same approval number (else the same USCC with another name or kind).
    same_approval: bool,
}

/// What comparing a [`Pending`] row with its earlier row decided.
#[derive(Debug)]
pub enum Resolved {
    /// An exact repeat: ignored, with this warning.
    Repeat(RowError),
    /// The same approval or body with other particulars: the row is invalid.
    Invalid(RowError),
    /// Not the same after all (the digests met by chance): a row like any other.
    Clear(GrantRow),
}

/// Checks rows one at a time, so a batch of any size streams through in little memory. Per
/// accepted row it keeps 24 bytes ([`Seen`]: digests of the approval number, the USCC and the
/// body's name and kind, and the row number) and two hash tables of indexes into them (5 bytes
/// a slot): about 45 MB for a million rows, O(1) a lookup. A later row whose key was seen
/// before is [`Pending`]; [`RowChecker::resolve`] compares the two rows' cells on a second
/// reading and says exactly what differs.
pub struct RowChecker {
    headers: Vec<String>,
    header_row: usize,
    columns: HashMap<Column, usize>,
    /// A required column is missing or ambiguous: every row is invalid.
    unusable: bool,
    /// Header-less columns already warned about.
    warned_headerless: Vec<bool>,
    /// The file was decoded as GBK: a `?` among Chinese text is a character GBK lacked.
    gbk: bool,
    /// How the `status` column is read; None: only checked to name a state.
    mode: Option<StatusMode>,
    seen: Vec<Seen>,
    by_approval: hashbrown::HashTable<u32>,
    by_uscc: hashbrown::HashTable<u32>,
    /// The bits of a digest kept: all of them, except in the tests that make digests meet.
    digest_bits: u64,
}

/// What the batch-level rules remember of an accepted row.
struct Seen {
    approval: u64,
    uscc: u64,
    row: u32,
    /// Digest of the name and the kind: one USCC, one body.
    body: u32,
}

/// A stable 64-bit digest (SipHash with fixed keys): the same in every run and every pass.
fn digest<T: std::hash::Hash + ?Sized>(v: &T) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(v)
}

/// The columns compared between two rows with the same approval number, in report order, and
/// whether the two rows differ in each.
fn differing(a: &GrantRow, b: &GrantRow) -> Vec<&'static str> {
    [
        (Column::Uscc, a.uscc != b.uscc),
        (Column::Name, a.name != b.name),
        (Column::Kind, a.kind != b.kind),
        (Column::Route, a.route != b.route),
        (Column::DecidedOn, a.decided_on != b.decided_on),
        (Column::ValidUntil, a.valid_until != b.valid_until),
        (Column::Scope, a.scope != b.scope),
        (Column::Region, a.region != b.region),
        (Column::Authority, a.authority != b.authority),
        (Column::DocNo, a.doc_no != b.doc_no),
        (Column::RiskClass, a.risk_class != b.risk_class),
        (Column::Address, a.address != b.address),
        (Column::LegalRep, a.legal_rep != b.legal_rep),
        (Column::Status, a.stated != b.stated),
    ]
    .into_iter()
    .filter(|(_, differs)| *differs)
    .map(|(c, _)| c.as_str())
    .collect()
}

impl RowChecker {
    /// Map the headers; returns the checker and the file-level errors and warnings (on the
    /// header row). With any error, every row will be reported invalid.
    pub fn new(
        headers: &[String],
        header_row: usize,
    ) -> (RowChecker, Vec<RowError>, Vec<RowError>) {
        Self::with_mode(headers, header_row, None)
    }

    /// [`new`](Self::new), reading the `status` column as `mode` says: with `--with-status`
    /// the file must have one; without, the other columns of a migration are ignored (a
    /// warning each) and a stated state must agree with what the import creates.
    pub fn new_with(
        headers: &[String],
        header_row: usize,
        mode: StatusMode,
    ) -> (RowChecker, Vec<RowError>, Vec<RowError>) {
        Self::with_mode(headers, header_row, Some(mode))
    }

    fn with_mode(
        headers: &[String],
        header_row: usize,
        mode: Option<StatusMode>,
    ) -> (RowChecker, Vec<RowError>, Vec<RowError>) {
        let mut out = Checked::default();
        let columns = map_headers(headers, header_row, &mut out);
        check_status_columns(&columns, header_row, mode, &mut out);
        let checker = RowChecker {
            headers: headers.to_vec(),
            header_row,
            columns,
            unusable: !out.errors.is_empty(),
            warned_headerless: vec![false; headers.len()],
            gbk: false,
            mode,
            seen: Vec::new(),
            by_approval: hashbrown::HashTable::new(),
            by_uscc: hashbrown::HashTable::new(),
            digest_bits: u64::MAX,
        };
        (checker, out.errors, out.warnings)
    }

    /// How the file was decoded ([`Table::encoding`](super::Table::encoding)): a GBK file's `?`
    /// among Chinese text is warned about as a lost character.
    pub fn set_encoding(&mut self, encoding: &str) {
        self.gbk = encoding == "gbk";
    }

    /// The mapped cells of `raw` in contract order: (column, index in the row).
    fn mapped(&self) -> impl Iterator<Item = (Column, usize)> + '_ {
        Column::ALL
            .into_iter()
            .filter_map(|c| self.columns.get(&c).map(|&i| (c, i)))
    }

    /// `raw` without the zero-width characters of its mapped cells, and a warning for each
    /// cell that had one (README, "Text rules").
    fn without_zero_width<'r>(&self, raw: &'r RawRow) -> (Cow<'r, RawRow>, Vec<RowError>) {
        let mut warnings = Vec::new();
        let mut row = Cow::Borrowed(raw);
        for (c, i) in self.mapped() {
            let cell = raw.cell(i);
            let Some(z) = cell.chars().find(|&ch| is_removable(ch)) else {
                continue;
            };
            warnings.push(RowError::new(
                raw.row,
                c.as_str(),
                preview(cell),
                Diagnosis::new(M::ZeroWidthRemoved)
                    .with("char", escape_unsafe(&z.to_string()))
                    .said("name", removable_name(z)),
            ));
            let cleaned: String = cell.chars().filter(|&ch| !is_removable(ch)).collect();
            row.to_mut().cells[i] = cleaned;
        }
        (row, warnings)
    }

    /// A warning for each mapped cell of a GBK file where `?` stands among Chinese text.
    fn gbk_losses(&self, raw: &RawRow) -> Vec<RowError> {
        if !self.gbk {
            return Vec::new();
        }
        self.mapped()
            .filter(|&(_, i)| {
                let cell = raw.cell(i);
                cell.contains('?') && !cell.is_ascii()
            })
            .map(|(c, i)| RowError::new(raw.row, c.as_str(), preview(raw.cell(i)), M::GbkLoss))
            .collect()
    }

    /// False when the header row has errors: then no row can be read with confidence, every
    /// row is invalid, and the errors are those of the header row.
    pub fn is_usable(&self) -> bool {
        !self.unusable
    }

    /// The row's own checks, without comparing it with other rows: what writing a row that
    /// passed [`check`](Self::check) before needs.
    pub fn grant(&self, raw: &RawRow) -> Option<GrantRow> {
        if self.unusable {
            return None;
        }
        let (cleaned, _) = self.without_zero_width(raw);
        RowCheck::new(&cleaned, raw, &self.headers, &self.columns, self.mode).run()
    }

    /// Check one row against the contract and against the rows before it.
    pub fn check(&mut self, raw: &RawRow) -> RowVerdict {
        let mut verdict = RowVerdict::default();
        for (i, h) in self.headers.iter().enumerate() {
            if h.trim().is_empty() && !self.warned_headerless[i] && !raw.cell(i).trim().is_empty() {
                self.warned_headerless[i] = true;
                verdict.warnings.push(RowError::new(
                    self.header_row,
                    format!("column {}", column_letter(i)),
                    "",
                    Diagnosis::new(M::HeaderlessColumn)
                        .with("letter", column_letter(i))
                        .both("columns", known_columns(Lang::Zh), known_columns(Lang::En)),
                ));
            }
        }
        if self.unusable {
            return verdict; // the caller counts the row invalid (see `is_usable`)
        }
        let (cleaned, mut removed) = self.without_zero_width(raw);
        verdict.warnings.append(&mut removed);
        verdict.warnings.extend(self.gbk_losses(raw));
        let mut check = RowCheck::new(&cleaned, raw, &self.headers, &self.columns, self.mode);
        let grant = check.run();
        verdict.errors = check.errors;
        verdict.warnings.append(&mut check.warnings);
        let Some(grant) = grant else { return verdict };

        // Within the batch: one approval number, one row; one USCC, one name and kind.
        let (approval, uscc) = (
            digest(grant.approval_no.as_str()) & self.digest_bits,
            digest(grant.uscc.as_str()) & self.digest_bits,
        );
        let body = (digest(&(grant.name.as_str(), grant.kind)) & self.digest_bits) as u32;
        let seen = &self.seen;
        if let Some(&i) = self
            .by_approval
            .find(approval, |&i| seen[i as usize].approval == approval)
        {
            verdict.pending = Some(Pending {
                row: grant.row,
                earlier: seen[i as usize].row as usize,
                same_approval: true,
            });
            return verdict;
        }
        let same_uscc = self
            .by_uscc
            .find(uscc, |&i| seen[i as usize].uscc == uscc)
            .map(|&i| &seen[i as usize]);
        if let Some(earlier) = same_uscc
            && earlier.body != body
        {
            verdict.pending = Some(Pending {
                row: grant.row,
                earlier: earlier.row as usize,
                same_approval: false,
            });
            return verdict;
        }
        let index = self.seen.len() as u32;
        let first_of_body = same_uscc.is_none();
        self.seen.push(Seen {
            approval,
            uscc,
            row: grant.row as u32,
            body,
        });
        let seen = &self.seen;
        self.by_approval
            .insert_unique(approval, index, |&i| seen[i as usize].approval);
        if first_of_body {
            self.by_uscc
                .insert_unique(uscc, index, |&i| seen[i as usize].uscc);
        }
        verdict.grant = Some(grant);
        verdict
    }

    /// Decide the [`Pending`] rows exactly, reading the file's rows again (only the rows named
    /// are kept). Returns each pending row's raw cells and what was decided, in `pending`'s order.
    pub fn resolve<E>(
        &self,
        rows: impl Iterator<Item = Result<RawRow, E>>,
        pending: &[Pending],
    ) -> Result<Vec<(RawRow, Resolved)>, E> {
        let mut wanted: HashMap<usize, Option<(RawRow, GrantRow)>> = HashMap::new();
        for p in pending {
            wanted.insert(p.row, None);
            wanted.insert(p.earlier, None);
        }
        for raw in rows {
            let raw = raw?;
            if let Some(slot) = wanted.get_mut(&raw.row)
                && let Some(grant) = self.grant(&raw)
            {
                *slot = Some((raw, grant));
            }
        }
        let mut out = Vec::with_capacity(pending.len());
        for p in pending {
            // Both rows passed their own checks in the first reading; a file changed since then
            // is refused by its digest before anything is written.
            let (Some(Some((raw, later))), Some(Some((_, earlier)))) =
                (wanted.get(&p.row), wanted.get(&p.earlier))
            else {
                continue;
            };
            let (raw, later, earlier) = (raw.clone(), later.clone(), earlier.clone());
            let resolved = if p.same_approval {
                self.same_approval(&raw, later, &earlier)
            } else {
                self.same_body(&raw, later, &earlier)
            };
            out.push((raw, resolved));
        }
        Ok(out)
    }

    fn same_approval(&self, raw: &RawRow, later: GrantRow, earlier: &GrantRow) -> Resolved {
        if later.approval_no != earlier.approval_no {
            // The approval digests met by chance; the bodies' rule still holds between them.
            return self.same_body(raw, later, earlier);
        }
        let differing = differing(&later, earlier);
        if differing.is_empty() {
            return Resolved::Repeat(RowError::new(
                later.row,
                "",
                "",
                Diagnosis::new(M::RepeatsExactly).with("earlier", earlier.row),
            ));
        }
        Resolved::Invalid(RowError::new(
            later.row,
            Column::ApprovalNo.as_str(),
            preview(cell(raw, &self.columns, Column::ApprovalNo)),
            Diagnosis::new(M::ApprovalOtherParticulars)
                .with("approval", &later.approval_no)
                .with("earlier", earlier.row)
                .both("columns", differing.join("、"), differing.join(", ")),
        ))
    }

    fn same_body(&self, raw: &RawRow, later: GrantRow, earlier: &GrantRow) -> Resolved {
        if later.uscc != earlier.uscc {
            return Resolved::Clear(later);
        }
        if later.name != earlier.name {
            let key = if to_half_width(&earlier.name) == to_half_width(&later.name) {
                M::NameDiffersInWidth
            } else {
                M::NameDiffers
            };
            return Resolved::Invalid(RowError::new(
                later.row,
                Column::Name.as_str(),
                preview(cell(raw, &self.columns, Column::Name)),
                Diagnosis::new(key)
                    .with("earlier", earlier.row)
                    .with("uscc", &later.uscc)
                    .with("name", &earlier.name),
            ));
        }
        if later.kind != earlier.kind {
            return Resolved::Invalid(RowError::new(
                later.row,
                Column::Kind.as_str(),
                preview(cell(raw, &self.columns, Column::Kind)),
                Diagnosis::new(M::KindDiffers)
                    .with("earlier", earlier.row)
                    .with("uscc", &later.uscc)
                    .with("kind", earlier.kind.as_str()),
            ));
        }
        Resolved::Clear(later)
    }
}

/// The column each header stands for; unknown, duplicate and missing columns go into `out`.
fn map_headers(headers: &[String], row: usize, out: &mut Checked) -> HashMap<Column, usize> {
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if h.trim().is_empty() {
            continue; // warned about by RowChecker::check if a row has a value there
        }
        if is_reason_header(h) || is_export_only_header(h) {
            continue;
        }
        match Column::parse_header(h) {
            Some(c) => match columns.get(&c) {
                Some(&first) => out.errors.push(RowError::new(
                    row,
                    c.as_str(),
                    preview(h),
                    Diagnosis::new(M::DuplicateColumn)
                        .with("first", column_letter(first))
                        .with("first_header", headers[first].trim())
                        .with("second", column_letter(i))
                        .with("second_header", h.trim())
                        .with("column", c.describe()),
                )),
                None => {
                    columns.insert(c, i);
                }
            },
            None => out.warnings.push(RowError::new(
                row,
                h.trim(),
                "",
                Diagnosis::new(M::UnknownColumn).both(
                    "columns",
                    known_columns(Lang::Zh),
                    known_columns(Lang::En),
                ),
            )),
        }
    }
    for c in Column::ALL {
        if c.required() && !columns.contains_key(&c) {
            out.errors.push(RowError::new(
                row,
                c.as_str(),
                "",
                Diagnosis::new(M::MissingColumn)
                    .with("column", c.describe())
                    .with("zh", c.zh())
                    .with("en", c.as_str()),
            ));
        }
    }
    columns
}

/// The file-level rules of the `status` column: `--with-status` needs one; without it the
/// facts only a migration reads are ignored, each with a warning.
fn check_status_columns(
    columns: &HashMap<Column, usize>,
    row: usize,
    mode: Option<StatusMode>,
    out: &mut Checked,
) {
    let with_status = mode.is_some_and(|m| m.with_status);
    if with_status && !columns.contains_key(&Column::Status) {
        out.errors.push(RowError::new(
            row,
            Column::Status.as_str(),
            "",
            Diagnosis::new(M::MissingStatusColumn)
                .with("column", Column::Status.describe())
                .with("zh", Column::Status.zh())
                .with("en", Column::Status.as_str()),
        ));
    }
    if !with_status {
        for c in Column::STATED_FACTS {
            if columns.contains_key(&c) {
                out.warnings.push(RowError::new(
                    row,
                    c.as_str(),
                    "",
                    Diagnosis::new(M::StatusOnlyColumn).with("column", c.describe()),
                ));
            }
        }
    }
}

/// "active (有效), pending_verification (有效（待核查）), …": the states a status cell may name.
fn known_states() -> String {
    QualStatus::ALL
        .iter()
        .map(|s| format!("{} ({})", s.as_str(), s.zh()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "uscc (统一社会信用代码), name (机构名称), …, legal_rep (法定代表人, optional)", in `lang`.
fn known_columns(lang: Lang) -> String {
    Column::ALL
        .iter()
        .map(|c| {
            if c.required() {
                Diagnosis::new(M::ColumnNamed)
                    .with("column", c.as_str())
                    .with("zh", c.zh())
                    .render(lang)
            } else {
                Diagnosis::new(M::Optional)
                    .with("column", c.as_str())
                    .with("zh", c.zh())
                    .render(lang)
            }
        })
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn cell<'a>(raw: &'a RawRow, columns: &HashMap<Column, usize>, c: Column) -> &'a str {
    columns.get(&c).map_or("", |&i| raw.cell(i))
}

/// The checks of one row; each failed check adds its own error.
struct RowCheck<'a> {
    /// The row checked (zero-width characters removed).
    raw: &'a RawRow,
    /// The row as written in the file: what a message quotes.
    written: &'a RawRow,
    headers: &'a [String],
    columns: &'a HashMap<Column, usize>,
    mode: Option<StatusMode>,
    errors: Vec<RowError>,
    warnings: Vec<RowError>,
}

impl<'a> RowCheck<'a> {
    fn new(
        raw: &'a RawRow,
        written: &'a RawRow,
        headers: &'a [String],
        columns: &'a HashMap<Column, usize>,
        mode: Option<StatusMode>,
    ) -> Self {
        RowCheck {
            raw,
            written,
            headers,
            columns,
            mode,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn raw_cell(&self, c: Column) -> &'a str {
        cell(self.raw, self.columns, c)
    }

    fn error(&mut self, c: Column, message: impl Into<Diagnosis>) {
        self.errors.push(RowError::new(
            self.raw.row,
            c.as_str(),
            preview(cell(self.written, self.columns, c)),
            message,
        ));
    }

    fn warning(&mut self, c: Column, message: impl Into<Diagnosis>) {
        self.warnings.push(RowError::new(
            self.raw.row,
            c.as_str(),
            preview(cell(self.written, self.columns, c)),
            message,
        ));
    }

    /// The trimmed cell, or None after reporting what `domain::text::check_text` refuses
    /// (control, invisible or formula-leading characters, too many characters) or an Excel
    /// error value (then no other check of this cell adds noise). Trimming also removes the
    /// ideographic space U+3000.
    fn text(&mut self, c: Column) -> Option<&'a str> {
        let raw = self.raw_cell(c);
        let formula = self.columns.get(&c).and_then(|&i| {
            self.raw
                .formulas
                .iter()
                .find(|(col, _)| *col == i)
                .map(|(_, f)| f)
        });
        if let Some(f) = formula
            && raw.trim().is_empty()
        {
            self.errors.push(RowError::new(
                self.raw.row,
                c.as_str(),
                preview(f),
                M::FormulaNoValue,
            ));
            return None;
        }
        // A formula that survived an export is never stored (CSV injection when exported
        // again); a leading tab or carriage return is a control character.
        if let Err(problem) = check_text(raw, max_chars(c.as_str())) {
            self.error(c, text_problem(&problem, raw));
            return None;
        }
        let v = raw.trim();
        if is_excel_error(v) {
            self.error(c, Diagnosis::new(M::ExcelError).with("value", v));
            return None;
        }
        Some(v)
    }

    /// A required cell: None (with an error) when it is empty.
    fn required(&mut self, c: Column, what: M) -> Option<&'a str> {
        let v = self.text(c)?;
        if v.is_empty() {
            self.error(c, Diagnosis::new(M::Required).said("what", what));
            return None;
        }
        Some(v)
    }

    /// A required code: trimmed and full-width → half-width.
    fn code(&mut self, c: Column, what: M) -> Option<String> {
        self.required(c, what)
            .map(|v| to_half_width(v).trim().to_string())
    }

    fn date(&mut self, c: Column, what: M) -> Option<Date> {
        let v = self.required(c, what)?;
        self.date_value(c, v)
    }

    /// An optional date: Some(None) when empty, None after an error.
    fn optional_date(&mut self, c: Column) -> Option<Option<Date>> {
        let v = self.text(c)?;
        if v.is_empty() {
            return Some(None);
        }
        self.date_value(c, v).map(Some)
    }

    fn date_value(&mut self, c: Column, v: &str) -> Option<Date> {
        let Some(d) = parse_date(v) else {
            let v = to_half_width(v);
            let v = v.trim();
            let serial = v.len() == 5
                && v.bytes().all(|b| b.is_ascii_digit())
                && v.parse::<u32>()
                    .is_ok_and(|n| (10_000..=80_000).contains(&n));
            if serial {
                self.error(c, M::DateSerial);
            } else {
                self.error(
                    c,
                    Diagnosis::new(M::NotADate).both(
                        "forms",
                        M::DateForms.text(Lang::Zh).to_string(),
                        ACCEPTED_FORMS.to_string(),
                    ),
                );
            }
            return None;
        };
        if !(MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
            self.error(
                c,
                Diagnosis::new(M::YearOutOfRange)
                    .with("year", d.year())
                    .with("min", MIN_YEAR)
                    .with("max", MAX_YEAR),
            );
            return None;
        }
        Some(d)
    }

    /// Runs every check; the grant when the row has no error.
    fn run(&mut self) -> Option<GrantRow> {
        let raw = self.raw;
        let width = self.headers.len();
        let used = raw
            .cells
            .iter()
            .rposition(|c| !c.trim().is_empty())
            .map_or(0, |i| i + 1);
        if used > width {
            self.errors.push(RowError::new(
                raw.row,
                "",
                preview(&raw.cells[width..used].join(",")),
                Diagnosis::new(M::ExtraCells)
                    .with("used", used)
                    .with("width", width),
            ));
        }
        let repeats_header = raw.cells.len() >= width
            && self
                .headers
                .iter()
                .zip(&raw.cells)
                .all(|(h, c)| h.trim() == c.trim());
        if repeats_header {
            self.errors
                .push(RowError::new(raw.row, "", "", M::RepeatsHeader));
            return None;
        }
        if let Some(word) = total_word(&raw.cells) {
            // A total after the last approval never gets here (the reading skips it).
            self.errors.push(RowError::new(
                raw.row,
                "",
                row_text(&raw.cells),
                Diagnosis::new(M::TotalAmongRows).with("word", word),
            ));
            return None;
        }

        let uscc = self
            .code(Column::Uscc, M::WhatUscc)
            .and_then(|v| match Uscc::parse(&v) {
                Ok(u) => Some(u),
                Err(e) => {
                    let message = match lost_digits(&v) {
                        Some(lost) => Diagnosis::new(M::UsccLostDigits).said("lost", lost),
                        None => Diagnosis::new(M::UsccInvalid).said("problem", id_error(&e)),
                    };
                    self.error(Column::Uscc, message);
                    None
                }
            });
        if let Some(c) = uscc.as_ref().and_then(Uscc::unusual_first_char) {
            self.warning(
                Column::Uscc,
                Diagnosis::new(M::UnusualUsccStart).with("char", c),
            );
        }

        let name = self.required(Column::Name, M::WhatName).map(str::to_string);

        let kind = self.required(Column::Kind, M::WhatKind).and_then(|v| {
            let k = BodyKind::parse(v);
            if k.is_none() {
                self.error(Column::Kind, M::KindInvalid);
            }
            k
        });

        let approval_no = self
            .code(Column::ApprovalNo, M::WhatApprovalNo)
            .and_then(|v| match ApprovalNo::parse(&v) {
                Ok(a) => Some(a),
                Err(e) => {
                    let eleven = v.len() == 11 && v.bytes().all(|b| b.is_ascii_digit());
                    let message = match lost_digits(&v) {
                        Some(lost) => Diagnosis::new(M::ApprovalLostDigits).said("lost", lost),
                        None if eleven => Diagnosis::new(M::ApprovalElevenDigits).with("value", &v),
                        None => Diagnosis::new(M::ApprovalInvalid).said("problem", id_error(&e)),
                    };
                    self.error(Column::ApprovalNo, message);
                    None
                }
            });
        if let (Some(a), Some(k)) = (&approval_no, kind)
            && a.kind() != k
        {
            let message = match a.kind() {
                BodyKind::Cma => Diagnosis::new(M::CmaNumberButKind).with("kind", k.as_str()),
                BodyKind::Cb => Diagnosis::new(M::CbNumberButKind)
                    .with("approval", a)
                    .with("kind", k.as_str()),
            };
            self.error(Column::ApprovalNo, message);
        }

        let route = self.required(Column::Route, M::WhatRoute).and_then(|v| {
            let r = Route::parse(v);
            if r.is_none() {
                self.error(Column::Route, M::RouteInvalid);
            }
            r
        });

        let decided_on = self.date(Column::DecidedOn, M::WhatDecidedOn);
        let valid_until = self.date(Column::ValidUntil, M::WhatValidUntil);
        if let (Some(d), Some(v)) = (decided_on, valid_until)
            && v <= d
        {
            self.error(
                Column::ValidUntil,
                Diagnosis::new(M::EndsBeforeDecision)
                    .with("end", v)
                    .with("decided", d),
            );
        }

        // A migration may list every item among the revoked ones (a revoked approval): what
        // a state needs is checked with the state.
        let migrating = self.mode.is_some_and(|m| m.with_status);
        let scope = if migrating {
            self.text(Column::Scope)
        } else {
            self.required(Column::Scope, M::WhatScope)
        }
        .and_then(|v| self.scope_items(Column::Scope, v));

        let region = self.code(Column::Region, M::WhatRegion).and_then(|v| {
            if v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()) {
                Some(v)
            } else {
                self.error(Column::Region, M::RegionInvalid);
                None
            }
        });
        if let (Some(r), Some(u)) = (&region, &uscc)
            && r != u.region()
        {
            self.warning(
                Column::Region,
                Diagnosis::new(M::RegionDiffers)
                    .with("region", r)
                    .with("uscc_region", u.region()),
            );
        }

        let authority = self
            .required(Column::Authority, M::WhatAuthority)
            .map(str::to_string);
        let doc_no = self.code(Column::DocNo, M::WhatDocNo);
        let risk_class = self
            .code(Column::RiskClass, M::WhatRiskClass)
            .and_then(|v| {
                let r = RiskClass::parse(&v);
                if r.is_none() {
                    self.error(Column::RiskClass, M::RiskClassInvalid);
                }
                r
            });
        let address = self.optional(Column::Address);
        let legal_rep = self.optional(Column::LegalRep);
        let grant = match (route, kind, decided_on, valid_until, &scope) {
            (Some(route), Some(kind), Some(decided_on), Some(valid_until), Some(scope)) => {
                Some(GrantFacts {
                    route,
                    kind,
                    decided_on,
                    valid_until,
                    scope,
                })
            }
            _ => None,
        };
        let stated = self.stated(grant);

        if !self.errors.is_empty() {
            return None;
        }
        Some(GrantRow {
            row: raw.row,
            uscc: uscc?,
            name: name?,
            kind: kind?,
            approval_no: approval_no?,
            route: route?,
            decided_on: decided_on?,
            valid_until: valid_until?,
            scope: scope?,
            region: region?,
            authority: authority?,
            doc_no: doc_no?,
            risk_class: risk_class?,
            address: address?,
            legal_rep: legal_rep?,
            stated: stated.map(Box::new),
        })
    }

    /// The items of a scope cell (none for an empty cell), each checked as text of its own.
    fn scope_items(&mut self, c: Column, v: &str) -> Option<Vec<String>> {
        if v.is_empty() {
            return Some(Vec::new());
        }
        let items = split_scope(v);
        if items.is_empty() {
            self.error(c, M::ScopeOnlySeparators);
            return None;
        }
        // The cell passed as a whole; an item after a separator could still start a formula
        // in a cell of its own (the screens' and exports' per-item lists).
        for (i, item) in items.iter().enumerate() {
            if let Err(problem) = check_text(item, MAX_TEXT_CHARS) {
                self.error(
                    c,
                    Diagnosis::new(M::ScopeItem)
                        .with("n", i + 1)
                        .said("problem", text_problem(&problem, item)),
                );
                return None;
            }
        }
        Some(items)
    }

    /// The `status` cell: Some(None) when there is none or it is empty, None after an error.
    fn status(&mut self) -> Option<Option<QualStatus>> {
        let v = self.text(Column::Status)?;
        if v.is_empty() {
            return Some(None);
        }
        match QualStatus::parse(v) {
            Some(s) => Some(Some(s)),
            None => {
                self.error(
                    Column::Status,
                    Diagnosis::new(M::StatusInvalid).both(
                        "states",
                        known_states().replace(", ", "、"),
                        known_states(),
                    ),
                );
                None
            }
        }
    }

    /// The facts of a stated state, each cell checked alone (None after an error).
    fn stated_facts(&mut self) -> Option<Stated> {
        let date = self.optional_date(Column::StatusDate);
        let basis = self.optional(Column::StatusBasis);
        let doc_no = self.optional(Column::StatusDocNo);
        let suspension_deadline = self.optional_date(Column::SuspensionDeadline);
        let verification_due = self.optional_date(Column::VerificationDue);
        let renewal_filed_on = self.optional_date(Column::RenewalFiledOn);
        let revoked_scope = self
            .text(Column::RevokedScope)
            .and_then(|v| self.scope_items(Column::RevokedScope, v));
        Some(Stated {
            status: None,
            date: date?,
            basis: basis?.unwrap_or_default(),
            doc_no: doc_no?
                .map(|v| to_half_width(&v).trim().to_string())
                .unwrap_or_default(),
            suspension_deadline: suspension_deadline?,
            verification_due: verification_due?,
            renewal_filed_on: renewal_filed_on?,
            revoked_scope: revoked_scope?,
        })
    }

    /// What the `status` column says, read as the mode says: with `--with-status` the state
    /// and its facts, checked together (Some); without, an error when it disagrees with what
    /// the import creates (None).
    fn stated(&mut self, grant: Option<GrantFacts<'_>>) -> Option<Stated> {
        let status = self.status();
        let mode = self.mode?;
        if !mode.with_status {
            if let (Some(Some(stated)), Some(g)) = (status, grant) {
                let created = new_grant_state(g.route, g.valid_until, mode.today);
                if stated != created {
                    self.error(
                        Column::Status,
                        Diagnosis::new(M::StatusDisagrees)
                            .with("stated", stated.as_str())
                            .with("stated_zh", stated.zh())
                            .with("created", created.as_str())
                            .with("created_zh", created.zh()),
                    );
                }
            }
            return None;
        }
        let mut facts = self.stated_facts()?;
        facts.status = status?;
        let g = grant?;
        let (errors, warnings) = check_stated(&facts, &g, mode.today);
        for p in errors {
            self.error(
                Column::parse_header(p.field).unwrap_or(Column::Status),
                crate::i18n::import::stated_problem(&p.issue),
            );
        }
        for p in warnings {
            self.warning(
                Column::parse_header(p.field).unwrap_or(Column::Status),
                crate::i18n::import::stated_problem(&p.issue),
            );
        }
        Some(facts)
    }

    /// An optional text: Some(None) when empty, None after an error.
    fn optional(&mut self, c: Column) -> Option<Option<String>> {
        let v = self.text(c)?;
        Some((!v.is_empty()).then(|| v.to_string()))
    }
}

/// Excel's error values, as calamine and CSV exports write them.
fn is_excel_error(v: &str) -> bool {
    matches!(
        v,
        "#DIV/0!"
            | "#N/A"
            | "#NAME?"
            | "#NULL!"
            | "#NUM!"
            | "#REF!"
            | "#VALUE!"
            | "#GETTING_DATA"
            | "#SPILL!"
            | "#CALC!"
            | "#ERROR"
    )
}

/// The scope items: split on `;` `；` `、` `,` `，` (and line breaks), trimmed, empties dropped,
/// repeats dropped keeping the first.
pub(crate) fn split_scope(v: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for part in v.split([';', '；', '、', ',', '，', '\n']) {
        let item = part.trim();
        if !item.is_empty() && !items.iter().any(|i| i == item) {
            items.push(item.to_string());
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::uscc_check_char;

    fn uscc(base: &str) -> String {
        format!("{base}{}", uscc_check_char(base).unwrap())
    }

    const HEADERS: [&str; 12] = [
        "uscc",
        "name",
        "kind",
        "approval_no",
        "route",
        "decided_on",
        "valid_until",
        "scope",
        "region",
        "authority",
        "doc_no",
        "risk_class",
    ];

    fn good_cells() -> Vec<String> {
        [
            uscc("91110000600037341").as_str(),
            "北京某认证有限公司",
            "cb",
            "CNCA-R-2002-001",
            "general",
            "2024-03-05",
            "2030-03-04",
            "QMS; EMS",
            "110000",
            "国家市场监督管理总局",
            "国市监认证〔2024〕1号",
            "A",
        ]
        .map(String::from)
        .to_vec()
    }

    fn table(rows: Vec<Vec<String>>) -> Table {
        Table {
            headers: HEADERS.map(String::from).to_vec(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| RawRow::new(i + 2, cells))
                .collect(),
            sha256: String::new(),
            encoding: "utf-8",
            header_row: 1,
            notes: Vec::new(),
        }
    }

    /// Every row's digests the same: each later row is compared with the first one exactly.
    #[test]
    fn digests_that_meet_never_merge_two_distinct_rows() {
        let row = |n: u32, name: &str, approval: &str| {
            let mut cells = good_cells();
            cells[0] = uscc(&format!("911100006000{n:05}"));
            cells[1] = name.to_string();
            cells[3] = approval.to_string();
            cells
        };
        let rows = vec![
            row(1, "北京甲认证有限公司", "CNCA-R-2002-001"),
            row(2, "北京乙认证有限公司", "CNCA-R-2002-002"),
            row(3, "北京丙认证有限公司", "CNCA-R-2002-003"),
            // An exact repeat of the first row, the first row's USCC under another name, and
            // the first row's approval number for another body.
            row(1, "北京甲认证有限公司", "CNCA-R-2002-001"),
            row(1, "北京丁认证有限公司", "CNCA-R-2002-004"),
            row(5, "北京戊认证有限公司", "CNCA-R-2002-001"),
        ];
        let t = table(rows);
        let (mut checker, errors, _) = RowChecker::new(&t.headers, 1);
        assert_eq!(errors, []);
        checker.digest_bits = 0;
        let mut pending = Vec::new();
        for raw in &t.rows {
            let verdict = checker.check(raw);
            assert_eq!(verdict.errors, [], "row {}", raw.row);
            assert!(verdict.grant.is_some() || verdict.pending.is_some());
            pending.extend(verdict.pending);
        }
        // All but the first met its digests.
        assert_eq!(pending.len(), 5);
        let resolved = checker
            .resolve(t.rows.iter().cloned().map(Ok::<_, ()>), &pending)
            .unwrap();
        let decided: Vec<(usize, &str)> = resolved
            .iter()
            .map(|(raw, r)| {
                (
                    raw.row,
                    match r {
                        Resolved::Clear(g) => {
                            assert_eq!(g.row, raw.row);
                            "clear"
                        }
                        Resolved::Repeat(_) => "repeat",
                        Resolved::Invalid(e) => {
                            assert!(e.to_string().contains("row 2"), "{e}");
                            "invalid"
                        }
                    },
                )
            })
            .collect();
        assert_eq!(
            decided,
            [
                (3, "clear"),
                (4, "clear"),
                (5, "repeat"),
                (6, "invalid"),
                (7, "invalid")
            ]
        );
    }

    #[test]
    fn a_good_row_becomes_a_grant() {
        let c = check_table(&table(vec![good_cells()]));
        assert_eq!(c.errors, []);
        assert_eq!(c.warnings, []);
        let g = &c.rows[0];
        assert_eq!(g.uscc.as_str(), "91110000600037341L");
        assert_eq!(g.scope, ["QMS", "EMS"]);
        assert_eq!(g.decided_on, jiff::civil::date(2024, 3, 5));
        assert_eq!(g.address, None);
        assert_eq!(c.total_rows, 1);
    }

    #[test]
    fn each_bad_cell_is_its_own_error() {
        let mut cells = good_cells();
        cells[0] = "91110000600037341M".into();
        cells[1] = "  ".into();
        cells[5] = "yesterday".into();
        cells[11] = "E".into();
        let c = check_table(&table(vec![cells]));
        let cols: Vec<_> = c.errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(cols, ["uscc", "name", "decided_on", "risk_class"]);
        assert!(
            c.errors[0]
                .message
                .contains("check the code on the business licence")
        );
        assert_eq!(c.invalid_rows.len(), 1);
        assert!(c.rows.is_empty());
    }

    #[test]
    fn names_keep_their_form_but_lose_outer_spaces() {
        let mut cells = good_cells();
        cells[1] = "\u{3000}某（北京）认证中心 ".into();
        cells[3] = "ＣＮＣＡ－Ｒ－２００２－００１".into();
        cells[11] = "ｂ类".into();
        let c = check_table(&table(vec![cells]));
        assert_eq!(c.errors, []);
        assert_eq!(c.rows[0].name, "某（北京）认证中心");
        assert_eq!(c.rows[0].approval_no.as_str(), "CNCA-R-2002-001");
        assert_eq!(c.rows[0].risk_class, RiskClass::B);
    }

    #[test]
    fn scope_splitting() {
        assert_eq!(
            split_scope("QMS；EMS、OHSMS,QMS，  ;"),
            ["QMS", "EMS", "OHSMS"]
        );
        assert!(split_scope(" ; 、").is_empty());
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn kind_must_agree_with_the_number() {
        let mut cells = good_cells();
        cells[3] = "240012345678".into();
        let c = check_table(&table(vec![cells]));
        assert_eq!(c.errors.len(), 1);
        assert_eq!(c.errors[0].column, "approval_no");
        assert!(c.errors[0].message.contains("but the kind is cb"));
    }

    #[test]
    fn excel_errors_and_serials_get_their_own_message() {
        let mut cells = good_cells();
        cells[5] = "45356".into();
        cells[6] = "#N/A".into();
        let c = check_table(&table(vec![cells]));
        assert!(c.errors[0].message.contains("Excel date serial number"));
        assert!(c.errors[1].message.contains("Excel error #N/A"));
    }

    #[test]
    fn a_repeated_header_row_is_one_error() {
        let c = check_table(&table(vec![HEADERS.map(String::from).to_vec()]));
        assert_eq!(c.errors.len(), 1);
        assert!(c.errors[0].message.contains("repeats the header"));
    }

    #[test]
    fn display_of_an_error() {
        let e = RowError::new(5, "uscc", "x", M::KindInvalid);
        assert_eq!(
            e.to_string(),
            "row 5, uscc \"x\": not a body kind; write cb or cma (认证机构 or 检验检测机构)"
        );
        assert_eq!(e.code(), "kind_invalid");
        assert_eq!(
            e.message_in(Lang::Zh),
            "不是机构类型；请写 cb 或 cma（认证机构或检验检测机构）"
        );
    }

    #[test]
    fn the_date_forms_are_the_parsers() {
        assert_eq!(
            M::DateForms.text(Lang::En),
            crate::domain::dates::ACCEPTED_FORMS
        );
    }

    #[test]
    fn every_row_problem_reads_in_chinese_too() {
        let mut bad = good_cells();
        bad[0] = "91110000600037341M".into();
        bad[3] = "CNCA-R-02-1".into();
        bad[5] = "2024-13-01".into();
        let c = check_table(&table(vec![bad]));
        assert!(c.errors.len() >= 3, "{:?}", c.errors);
        for e in &c.errors {
            let (zh, en) = (e.message_in(Lang::Zh), e.message_in(Lang::En));
            assert_eq!(en, e.message);
            assert_ne!(zh, en, "{}", e.code());
            assert!(
                zh.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
                "{zh}"
            );
        }
        let codes: Vec<String> = c.errors.iter().map(RowError::code).collect();
        assert!(codes.contains(&"uscc_invalid".to_string()), "{codes:?}");
        assert!(codes.contains(&"approval_invalid".to_string()), "{codes:?}");
        assert!(codes.contains(&"not_a_date".to_string()), "{codes:?}");
    }
}
