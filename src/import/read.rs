//! Reading CSV, Excel and JSON files into a [`Table`] of text cells.

use super::columns::Column;
use super::csv_text::{csv_rows, scan};
use super::json::read_json;
use super::limits::{Limit, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use super::workbook::read_workbook;
use super::{EncodingChoice, Format, RawRow, RowError, Table};
use crate::domain::text::{preview, to_half_width};
use crate::i18n::Lang;
use crate::i18n::import::{Diagnosis, ImportMsg as M};
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::path::Path;

/// Why a file could not be read at all. Each message names the file, says what is wrong and
/// what to do about it. Problems with single rows are never a `ReadError`: they are reported
/// by [`check_table`](super::check_table) as row errors.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: cannot read the file: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{file}: cannot tell the format from the file name; pass --format csv, --format xlsx or --format json"
    )]
    UnknownFormat { file: String },
    #[error("{file}: the file is empty; export the sheet again, with its header row")]
    Empty { file: String },
    #[error(
        "{file}: no header row: every row is empty; the first row must name the columns (统一社会信用代码, 机构名称, … or uscc, name, …)"
    )]
    NoHeader { file: String },
    #[error(
        "{file}: not valid {tried} text (byte 0x{byte:02X} at offset {offset}); save it as CSV UTF-8 (Excel: Save As → \"CSV UTF-8 (Comma delimited)\"){hint}"
    )]
    Encoding {
        file: String,
        tried: &'static str,
        byte: u8,
        offset: usize,
        hint: &'static str,
    },
    #[error(
        "{file}: UTF-16 text (Excel's \"Unicode Text\"), not CSV; save it as CSV UTF-8 (Excel: Save As → \"CSV UTF-8 (Comma delimited)\")"
    )]
    Utf16 { file: String },
    #[error("{file}: not CSV text but an Excel workbook; pass --format xlsx or rename it to .xlsx")]
    WorkbookAsCsv { file: String },
    #[error("{file}: cannot read the CSV text: {message}; check the file is a CSV export")]
    Csv { file: String, message: String },
    #[error(
        "{file}: not an Excel workbook ({message}); open it in Excel and save it as .xlsx, or pass --format csv if it is CSV text"
    )]
    Workbook { file: String, message: String },
    #[error(
        "{file}: an HTML or XML page saved under a spreadsheet name (web systems export tables this way), not a workbook; open it in Excel and save it as .xlsx or CSV UTF-8"
    )]
    HtmlAsWorkbook { file: String },
    #[error(
        "{file}: the first sheet \"{sheet}\" has no header row (none of its first {HEADER_SEARCH_ROWS} rows names the columns); {}",
        other_sheets(others)
    )]
    HeaderOnOtherSheet {
        file: String,
        sheet: String,
        /// The sheets whose first rows hold a header: (number from 1, name).
        others: Vec<(usize, String)>,
    },
    #[error(
        "{file}: no sheet \"{asked}\" in the workbook; its sheets are {}: pass --sheet with one of these names or numbers",
        numbered_sheets(sheets)
    )]
    NoSuchSheet {
        file: String,
        asked: String,
        sheets: Vec<String>,
    },
    #[error("{file}: the workbook has no worksheet; put the table on the first sheet")]
    NoSheet { file: String },
    #[error(
        "{file}: the worksheet \"{sheet}\" is empty; put the table on the first sheet (or pass --sheet NAME), header in its first rows"
    )]
    EmptySheet { file: String, sheet: String },
    #[error(
        "{file}: line {line} column {column}: {message}; the file must be a JSON array of objects, one per row, e.g. [{{\"uscc\": \"…\", \"name\": \"…\"}}]"
    )]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{file}: {where_}{found} {what}, over the limit of {max} (certdesk import limits); {fix}",
        what = limit.what(), max = limit.max(), fix = limit.fix()
    )]
    Limit {
        file: String,
        limit: super::limits::Limit,
        /// How many the file has, as far as reading got ("at least 201", "16384").
        found: String,
        /// Where it was found, with a trailing ": " ("sheet \"Sheet1\" declares A1:XFD5000: "), or "".
        where_: String,
    },
    #[error(
        "{file}: element {index} (row {row}), key \"{key}\": the value is {what}; give a string or a number (a list of strings for scope)"
    )]
    JsonValue {
        file: String,
        index: usize,
        row: usize,
        key: String,
        what: &'static str,
    },
}

/// `2 "名单", 3 "补充"`.
fn numbered_sheets(sheets: &[String]) -> String {
    sheets
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} \"{s}\"", i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where the table is, when the first sheet has none.
fn other_sheets(others: &[(usize, String)]) -> String {
    match others {
        [(n, name)] => {
            format!("the table is on sheet {n} \"{name}\": pass --sheet {name} (or --sheet {n})")
        }
        _ => format!(
            "the sheets with a header row are {}: pass --sheet with the one to import (its name or number)",
            others
                .iter()
                .map(|(n, name)| format!("{n} \"{name}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Reads a CSV, Excel or JSON file into text cells (module docs: row numbering).
///
/// `format: None` takes the format from the extension (`Format::from_path`); a workbook saved
/// with a `.csv` name is then read as a workbook. `encoding` applies to CSV only. Never panics,
/// whatever the bytes: a file that cannot be read is a [`ReadError`].
pub fn read_table(
    path: &Path,
    format: Option<Format>,
    encoding: EncodingChoice,
) -> Result<Table, ReadError> {
    read_table_with(
        path,
        &ReadOptions {
            format,
            encoding,
            sheet: None,
        },
    )
}

/// [`read_table`] with every option, a workbook's sheet included.
pub fn read_table_with(path: &Path, options: &ReadOptions) -> Result<Table, ReadError> {
    let mut stream = open_rows(path, options)?;
    let rows = stream.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok(Table {
        headers: std::mem::take(&mut stream.headers),
        rows,
        sha256: std::mem::take(&mut stream.sha256),
        encoding: stream.encoding,
        header_row: stream.header_row,
        notes: stream.take_notes(),
    })
}

/// How to read a file (`certdesk import` flags). Every reading of one file with the same
/// options decides the same header row, sheet, merged cells and skipped rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// `--format`: None takes it from the extension.
    pub format: Option<Format>,
    /// `--encoding` of CSV files.
    pub encoding: EncodingChoice,
    /// `--sheet NAME|N` of workbooks: a sheet's name, else its number from 1; None for the
    /// first sheet. Ignored for CSV and JSON.
    pub sheet: Option<String>,
}

/// The file's name (for messages) and its format: given, or from the extension — a workbook
/// saved under a `.csv` name (its first bytes say so) is read as a workbook.
fn choose_format(path: &Path, format: Option<Format>) -> Result<(String, Format), ReadError> {
    let file = path.display().to_string();
    let format = match format {
        Some(f) => f,
        None => match Format::from_path(path) {
            Some(Format::Csv) => {
                let mut magic = [0u8; 8];
                let n = std::fs::File::open(path)
                    .and_then(|mut f| {
                        use std::io::Read;
                        f.read(&mut magic)
                    })
                    .map_err(|source| ReadError::Io {
                        file: file.clone(),
                        source,
                    })?;
                if is_zip(&magic[..n]) || is_ole(&magic[..n]) {
                    Format::Xlsx
                } else {
                    Format::Csv
                }
            }
            Some(f) => f,
            None => return Err(ReadError::UnknownFormat { file }),
        },
    };
    Ok((file, format))
}

/// The file's bytes, for the formats read whole (workbooks, JSON).
fn read_file(file: &str, path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let io = |source| ReadError::Io {
        file: file.to_string(),
        source,
    };
    // The length first (a file far over the limit is refused unread), then at most one byte
    // more than the limit (a pipe or a file still growing has no reliable length).
    let f = std::fs::File::open(path).map_err(io)?;
    let too_big = |found: String| ReadError::Limit {
        file: file.to_string(),
        limit: Limit::FileBytes,
        found,
        where_: String::new(),
    };
    let declared = f.metadata().map_err(io)?.len();
    if declared > MAX_FILE_BYTES {
        return Err(too_big(declared.to_string()));
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(format!("more than {MAX_FILE_BYTES}")));
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    Ok(bytes)
}

pub(super) fn is_zip(b: &[u8]) -> bool {
    b.starts_with(b"PK\x03\x04")
}

pub(super) fn is_ole(b: &[u8]) -> bool {
    b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

pub(super) fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Non-blank rows searched for the header row, from the top.
pub const HEADER_SEARCH_ROWS: usize = 10;
/// A row is a header when it names at least this many columns of the contract.
const HEADER_MIN_COLUMNS: usize = 3;

/// How many distinct contract columns a row names.
fn columns_named(cells: &[String]) -> usize {
    let mut seen: Vec<Column> = Vec::new();
    for c in cells {
        if let Some(col) = Column::parse_header(c)
            && !seen.contains(&col)
        {
            seen.push(col);
        }
    }
    seen.len()
}

/// Which of the first non-blank rows (at most [`HEADER_SEARCH_ROWS`]) is the header: the
/// earliest naming the most columns, at least [`HEADER_MIN_COLUMNS`]. None when none does
/// (then the first row is taken, and its missing columns are reported).
pub(super) fn find_header<'a>(rows: impl IntoIterator<Item = &'a [String]>) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, cells) in rows.into_iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let n = columns_named(cells);
        if n >= HEADER_MIN_COLUMNS && best.is_none_or(|(_, m)| n > m) {
            best = Some((i, n));
        }
    }
    best.map(|(i, _)| i)
}

/// A row's text for a note: its distinct non-empty cells, in order, joined by a space (a
/// title merged over twelve columns is shown once), at most 80 characters, escaped.
pub(super) fn row_text(cells: &[String]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in cells {
        let c = c.trim();
        if !c.is_empty() && !parts.contains(&c) {
            parts.push(c);
        }
    }
    preview(&parts.join(" "))
}

/// The note that says which row is the header and what above it was ignored; None when
/// nothing but blank rows is above it.
fn header_note(header_row: usize, above: &[(usize, &[String])]) -> Option<RowError> {
    if above.is_empty() {
        return None;
    }
    let shown = |lang: Lang| {
        above
            .iter()
            .take(3)
            .map(|(row, cells)| {
                Diagnosis::new(M::RowQuoted)
                    .with("row", row)
                    .with("text", row_text(cells))
                    .render(lang)
            })
            .collect::<Vec<_>>()
            .join(lang.pick("，", ", "))
    };
    let more = if above.len() > 3 { ", …" } else { "" };
    let which = if above.len() == 1 {
        Diagnosis::new(M::AboveOne)
    } else {
        Diagnosis::new(M::AboveMany).with("n", above.len())
    };
    Some(RowError::new(
        header_row,
        "",
        "",
        Diagnosis::new(M::HeaderRowNote)
            .with("row", header_row)
            .said("which", which)
            .both("shown", shown(Lang::Zh), shown(Lang::En))
            .with("more", more),
    ))
}

/// The word of a total row ("合计", "总计", "小计", "共计", "total"): its first non-empty cell
/// is the word alone, or the word followed by `:`, a bracket or a number ("合 计", "小计：3家").
/// "合计科技有限公司" is a name, not a total.
pub(crate) fn total_word(cells: &[String]) -> Option<&'static str> {
    let first = cells.iter().find(|c| !c.trim().is_empty())?;
    let mut t = to_half_width(first).to_lowercase();
    t.retain(|c| !c.is_whitespace());
    ["合计", "总计", "小计", "共计", "total"]
        .into_iter()
        .find(|w| {
            t.strip_prefix(w).is_some_and(|rest| {
                rest.is_empty()
                    || rest.starts_with(|c: char| {
                        matches!(c, ':' | '(' | '[' | '【') || c.is_ascii_digit()
                    })
            })
        })
}

/// A merged range of a sheet whose value was copied into its other cells.
#[derive(Debug, Clone)]
pub(super) struct Merged {
    /// "J2:J4", as clipped to the cells holding values.
    pub(super) range: String,
    /// Sheet rows (as Excel numbers them) and columns (from the table's first column).
    pub(super) rows: (usize, usize),
    pub(super) columns: (usize, usize),
    /// Column letters as Excel shows them: "F–G".
    pub(super) letters: String,
    pub(super) value: String,
}

/// What a sheet holds besides its cells' text.
#[derive(Debug, Clone, Default)]
pub(super) struct SheetExtras {
    pub(super) merged: Vec<Merged>,
    /// Cells holding a formula with no saved value: (sheet row, column from the table's first,
    /// "=FORMULA").
    pub(super) formulas: Vec<(usize, usize, String)>,
}

/// Builds a table from rows numbered as the sheet shows them: the header is found among the
/// first non-blank rows ([`find_header`]), the rows above it are ignored with a note, blank
/// rows after it are dropped (their numbers stay unused).
pub(super) fn table_from_rows(
    file: &str,
    rows: Vec<(usize, Vec<String>)>,
    encoding: &'static str,
    extras: SheetExtras,
) -> Result<Table, ReadError> {
    let mut formulas: std::collections::HashMap<usize, Vec<(usize, String)>> = Default::default();
    for (row, col, f) in extras.formulas {
        formulas.entry(row).or_default().push((col, f));
    }
    let rows: Vec<(usize, Vec<String>)> = rows
        .into_iter()
        .filter(|(row, cells)| !is_blank(cells) || formulas.contains_key(row))
        .collect();
    if rows.is_empty() {
        return Err(ReadError::NoHeader {
            file: file.to_string(),
        });
    }
    let h = find_header(rows.iter().map(|(_, c)| c.as_slice())).unwrap_or(0);
    let above: Vec<(usize, &[String])> =
        rows[..h].iter().map(|(r, c)| (*r, c.as_slice())).collect();
    let header_row = rows[h].0;
    let mut notes: Vec<RowError> = header_note(header_row, &above).into_iter().collect();
    let mut rows = rows.into_iter().skip(h);
    let Some((_, mut headers)) = rows.next() else {
        unreachable!("h indexes a row")
    };
    // Trailing empty header cells carry no column ("a,b,c," in CSV, formatted cells in Excel).
    while headers.last().is_some_and(|h| h.trim().is_empty()) {
        headers.pop();
    }
    let rows: Vec<(usize, Vec<String>)> = rows.collect();
    // A total row merged over its first cells is skipped or refused as a whole: no note.
    let totals: std::collections::HashSet<usize> = rows
        .iter()
        .filter(|(_, cells)| total_word(cells).is_some())
        .map(|(row, _)| *row)
        .collect();
    for m in extras.merged.iter().filter(|m| m.rows.1 > header_row) {
        let first = m.rows.0.max(header_row + 1);
        if (first..=m.rows.1).all(|r| totals.contains(&r)) {
            continue;
        }
        let column = headers
            .get(m.columns.0)
            .map(|h| {
                Column::parse_header(h)
                    .map_or_else(|| h.trim().to_string(), |c| c.as_str().to_string())
            })
            .unwrap_or_default();
        let where_ = if first == m.rows.1 {
            Diagnosis::new(M::MergedColumns).with("letters", &m.letters)
        } else if m.columns.0 == m.columns.1 {
            Diagnosis::new(M::MergedRows)
                .with("first", first)
                .with("last", m.rows.1)
        } else {
            Diagnosis::new(M::MergedBlock)
                .with("first", first)
                .with("last", m.rows.1)
                .with("letters", &m.letters)
        };
        notes.push(RowError::new(
            first,
            column,
            "",
            Diagnosis::new(M::MergedCells)
                .with("range", &m.range)
                .with("value", preview(&m.value))
                .said("where", where_),
        ));
    }
    let data = rows
        .into_iter()
        .map(|(row, cells)| RawRow {
            row,
            cells,
            formulas: formulas.remove(&row).unwrap_or_default(),
        })
        .collect();
    Ok(Table {
        headers,
        rows: data,
        sha256: String::new(),
        encoding,
        header_row,
        notes,
    })
}

/// A file's rows, read one at a time: CSV streams (the decoded text, the first rows while the
/// header is looked for, and one row in memory); workbooks and JSON are read whole first, as
/// their formats require. Total rows after the last data row are skipped with a note.
pub struct RowStream {
    /// The header cells as written (trailing empty ones dropped).
    pub headers: Vec<String>,
    /// The row number of the header row as the spreadsheet shows it.
    pub header_row: usize,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// How the file was decoded, as in [`Table::encoding`].
    pub encoding: &'static str,
    /// What the reading noted so far (warnings): the header row used, merged cells, skipped
    /// total rows (known at the end of the file).
    notes: Vec<RowError>,
    /// Non-blank data rows returned so far (against [`MAX_ROWS`]).
    data_rows: usize,
    file: String,
    /// Rows read ahead (the first rows after the header, or while deciding whether a total
    /// row is the last), returned before the rest.
    ahead: VecDeque<Result<RawRow, ReadError>>,
    rows: Box<dyn Iterator<Item = Result<RawRow, ReadError>>>,
}

/// Total rows looked past, at most, to see whether a total row ends the data.
const TOTAL_LOOKAHEAD: usize = 10;

impl RowStream {
    /// The notes of the reading so far (all of them once the stream has ended), taken.
    pub fn take_notes(&mut self) -> Vec<RowError> {
        std::mem::take(&mut self.notes)
    }

    /// The next non-blank row, read ahead or from the file.
    fn pull(&mut self) -> Option<Result<RawRow, ReadError>> {
        loop {
            let next = match self.ahead.pop_front() {
                Some(r) => r,
                None => self.rows.next()?,
            };
            match next {
                Ok(r) if is_blank(&r.cells) && r.formulas.is_empty() => continue,
                other => return Some(other),
            }
        }
    }
}

fn total_note(raw: &RawRow, word: &str) -> RowError {
    RowError::new(
        raw.row,
        "",
        row_text(&raw.cells),
        Diagnosis::new(M::TotalSkipped).with("word", word),
    )
}

impl Iterator for RowStream {
    type Item = Result<RawRow, ReadError>;

    /// The next non-blank data row, or the error that stopped the reading.
    fn next(&mut self) -> Option<Self::Item> {
        let r = match self.pull()? {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        if let Some(word) = total_word(&r.cells) {
            // A total row ends the data only when nothing but total rows follows it.
            let mut after = Vec::new();
            let trailing = loop {
                if after.len() == TOTAL_LOOKAHEAD {
                    break false;
                }
                match self.pull() {
                    None => break true,
                    Some(Ok(next)) if total_word(&next.cells).is_some() => after.push(Ok(next)),
                    Some(other) => {
                        after.push(other);
                        break false;
                    }
                }
            };
            if trailing {
                self.notes.push(total_note(&r, word));
                for next in after.into_iter().flatten() {
                    let word = total_word(&next.cells).unwrap_or("合计");
                    self.notes.push(total_note(&next, word));
                }
                return None;
            }
            for next in after.into_iter().rev() {
                self.ahead.push_front(next);
            }
        }
        if self.data_rows == MAX_ROWS {
            return Some(Err(ReadError::Limit {
                file: self.file.clone(),
                limit: Limit::Rows,
                found: format!("more than {MAX_ROWS}"),
                where_: String::new(),
            }));
        }
        self.data_rows += 1;
        Some(Ok(r))
    }
}

/// Open a file for reading row by row (see [`read_table`] for formats and errors).
pub fn open_rows(path: &Path, options: &ReadOptions) -> Result<RowStream, ReadError> {
    let (file, format) = choose_format(path, options.format)?;
    let (csv, sha256, scan_encoding) = match format {
        Format::Csv => {
            let scan = scan(&file, path, options.encoding)?;
            (csv_rows(&file, path, &scan)?, scan.sha256, scan.encoding)
        }
        Format::Xlsx | Format::Json => {
            let bytes = read_file(&file, path)?;
            let sha256 = hex::encode(Sha256::digest(&bytes));
            let table = if format == Format::Xlsx {
                read_workbook(&file, &bytes, options.sheet.as_deref())?
            } else {
                read_json(&file, &bytes)?
            };
            drop(bytes);
            return Ok(RowStream {
                headers: table.headers,
                header_row: table.header_row,
                sha256,
                encoding: table.encoding,
                notes: table.notes,
                data_rows: 0,
                file,
                ahead: VecDeque::new(),
                rows: Box::new(table.rows.into_iter().map(Ok)),
            });
        }
    };
    let mut rows: Box<dyn Iterator<Item = Result<RawRow, ReadError>>> = Box::new(csv);
    // The header is one of the first non-blank rows: these (at most HEADER_SEARCH_ROWS) are
    // kept while it is looked for, never more.
    let mut first: Vec<RawRow> = Vec::new();
    let mut stopped = None;
    while first.len() < HEADER_SEARCH_ROWS {
        match rows.next() {
            None => break,
            Some(Err(e)) if first.is_empty() => return Err(e),
            Some(Err(e)) => {
                stopped = Some(e);
                break;
            }
            Some(Ok(r)) if is_blank(&r.cells) => continue,
            Some(Ok(r)) => first.push(r),
        }
    }
    if first.is_empty() {
        return Err(ReadError::NoHeader { file });
    }
    let h = find_header(first.iter().map(|r| r.cells.as_slice())).unwrap_or(0);
    let above: Vec<(usize, &[String])> = first[..h]
        .iter()
        .map(|r| (r.row, r.cells.as_slice()))
        .collect();
    let header_row = first[h].row;
    let notes: Vec<RowError> = header_note(header_row, &above).into_iter().collect();
    let mut first = first.into_iter().skip(h);
    let Some(header) = first.next() else {
        unreachable!("h indexes a row")
    };
    let mut headers = header.cells;
    while headers.last().is_some_and(|h| h.trim().is_empty()) {
        headers.pop();
    }
    if headers.len() > MAX_COLUMNS {
        return Err(ReadError::Limit {
            file,
            limit: Limit::Columns,
            found: headers.len().to_string(),
            where_: format!("the header row {header_row}: "),
        });
    }
    let mut ahead: VecDeque<Result<RawRow, ReadError>> = first.map(Ok).collect();
    ahead.extend(stopped.map(Err));
    Ok(RowStream {
        headers,
        header_row,
        sha256,
        encoding: scan_encoding,
        notes,
        data_rows: 0,
        file,
        ahead,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn total_words() {
        for (row, word) in [
            (vec!["合计"], Some("合计")),
            (vec!["", " 合 计 ", "3"], Some("合计")),
            (vec!["小计：3家"], Some("小计")),
            (vec!["总计(12)"], Some("总计")),
            (vec!["共计12家"], Some("共计")),
            (vec!["Total:"], Some("total")),
            (vec!["合计科技有限公司"], None),
            (vec!["totally"], None),
            (vec!["1", "合计"], None),
            (vec![], None),
        ] {
            assert_eq!(total_word(&cells(&row)), word, "{row:?}");
        }
    }

    #[test]
    fn the_header_is_the_earliest_row_naming_the_most_columns() {
        let title = cells(&["2026年11月认证机构批准名单"]);
        let partial = cells(&["uscc", "name", "kind"]);
        let full = cells(&["uscc", "name", "kind", "route", "scope"]);
        let two = cells(&["uscc", "name"]);
        let rows = [
            title.as_slice(),
            partial.as_slice(),
            full.as_slice(),
            full.as_slice(),
        ];
        assert_eq!(find_header(rows), Some(2));
        assert_eq!(find_header([title.as_slice(), two.as_slice()]), None);
        let mut deep = vec![title.as_slice(); HEADER_SEARCH_ROWS];
        deep.push(full.as_slice());
        assert_eq!(find_header(deep), None);
    }
}
