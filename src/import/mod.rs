//! Batch import: file → rows → checked batch (DESIGN.md, "Import contract").
//!
//! This module does no SQL: [`read_table`] turns a CSV, Excel or JSON file into a [`Table`] of
//! text cells, [`check_table`] turns the table into checked [`GrantRow`]s plus every problem
//! found ([`RowError`]), and the store writes the rows in one transaction.
//!
//! Row numbers are the ones the officer sees in the spreadsheet: for CSV and Excel the header
//! row is the row it stands on (normally 1) and data rows keep their sheet numbers, blank rows
//! included (blank rows are skipped but still counted). For JSON, which has no rows, element
//! `i` (0-based) of the array is reported as row `i + 2`, as if the keys were a header in row 1.
//!
//! Whatever the reading decides — the header row (among the first ten), the sheet, merged
//! cells copied over their range, total rows skipped at the end — follows from the file's
//! bytes and the [`ReadOptions`] alone, so every reading of one file (the check, the write,
//! the duplicates' second look) sees the same rows under the same numbers.

mod columns;
mod csv_text;
mod json;
pub mod limits;
mod read;
mod rejects;
mod validate;
mod workbook;

pub use crate::domain::dates::parse_date;
pub use columns::Column;
pub use read::{
    HEADER_SEARCH_ROWS, ReadError, ReadOptions, RowStream, open_rows, read_table, read_table_with,
};
pub use rejects::{REASON_HEADER, RejectsWriter, write_rejects, write_rejects_in};
pub use validate::{
    Checked, GrantRow, MAX_NAME_CHARS, MAX_YEAR, MIN_YEAR, Pending, Resolved, RowChecker, RowError,
    RowVerdict, StatusMode, check_table, no_data_rows,
};

/// The file format, chosen with `--format` or from the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated text (UTF-8, UTF-8 with BOM, GBK or GB 18030).
    Csv,
    /// An Excel or OpenDocument workbook (.xlsx, .xlsm, .xlsb, .xls, .ods): the first worksheet,
    /// or the one `--sheet` names.
    Xlsx,
    /// An array of objects whose keys are the column names.
    Json,
}

impl Format {
    /// The format an extension stands for: `.csv`/`.txt` → CSV, `.xlsx`/`.xlsm`/`.xlsb`/`.xls`/
    /// `.ods` → workbook, `.json` → JSON (any case).
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Some(Format::Csv),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// The text encoding of a CSV file (`--encoding`); ignored for workbooks and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EncodingChoice {
    /// UTF-8 (with or without BOM) if the bytes are valid UTF-8, else GBK (GB 18030 when it
    /// holds four-byte characters).
    #[default]
    Auto,
    /// UTF-8, with or without BOM.
    #[value(name = "utf-8")]
    Utf8,
    /// GBK (decoded as GB 18030, its superset), as older Excel versions save CSV in China.
    Gbk,
    /// GB 18030 (every Unicode character, rare ones such as 𠮷 in four bytes).
    Gb18030,
}

/// A file read as text cells, before any checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header cells as written in the file (not trimmed or mapped).
    pub headers: Vec<String>,
    /// The data rows that have at least one non-empty cell.
    pub rows: Vec<RawRow>,
    /// Lower-case hex SHA-256 of the file's bytes: recognises a file already imported.
    pub sha256: String,
    /// How the file was decoded: "utf-8", "utf-8-bom", "gbk", "gb18030", "xlsx" (any
    /// workbook) or "json".
    pub encoding: &'static str,
    /// The row number of the header row as the spreadsheet shows it: the row among the first
    /// ten non-blank ones that names the most columns (always 1 for JSON). File-level problems
    /// are reported on this row.
    pub header_row: usize,
    /// What reading the file noted, as warnings: the header row used and the rows above it
    /// ignored, merged cells read over their range, total rows skipped at the end.
    pub notes: Vec<RowError>,
}

/// One data row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RawRow {
    /// The row number as the spreadsheet shows it (header = row 1, first data row = 2). For JSON
    /// the array element index + 2.
    pub row: usize,
    /// The cells in header order, as text. May be shorter than the header (missing trailing
    /// cells are empty) or longer (a row error).
    pub cells: Vec<String>,
    /// Workbook cells holding a formula with no saved value (their text is empty): (index in
    /// `cells`, "=FORMULA").
    #[serde(skip)]
    pub formulas: Vec<(usize, String)>,
}

impl RawRow {
    /// A row of text cells (no formulas).
    pub fn new(row: usize, cells: Vec<String>) -> RawRow {
        RawRow {
            row,
            cells,
            formulas: Vec::new(),
        }
    }

    /// The cell at `index`, or "" when the row is shorter.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map(String::as_str).unwrap_or("")
    }
}
