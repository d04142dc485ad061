//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) through calamine: the first worksheet as text cells.

use super::Table;
use super::limits::{Limit, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use super::read::{ReadError, is_ole, is_zip, table_from_rows};

mod ods_extent;
mod xls_extent;

pub(super) fn read_workbook(file: &str, bytes: &[u8]) -> Result<Table, ReadError> {
    let head = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &head[..head.len().min(512)];
    let text_start = head.iter().find(|b| !b.is_ascii_whitespace());
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    if text_start == Some(&b'<') || lower.starts_with("mime-version") {
        // HTML tables, "XML Spreadsheet 2003" and "single file web page" exports.
        return Err(ReadError::HtmlAsWorkbook {
            file: file.to_string(),
        });
    }
    if !is_zip(bytes) && !is_ole(bytes) {
        return Err(ReadError::Workbook {
            file: file.to_string(),
            message: "neither a zip (.xlsx, .ods) nor an OLE (.xls) file".into(),
        });
    }
    // calamine is trusted with untrusted bytes only behind a net: a panic deep in a zip or
    // XML parser must become an error for this file, not end the program.
    let outcome = std::panic::catch_unwind(|| first_sheet(bytes));
    let (sheet, rows) = match outcome {
        Ok(Ok(Some(found))) => found,
        Ok(Ok(None)) => {
            return Err(ReadError::NoSheet {
                file: file.to_string(),
            });
        }
        Ok(Err(Fail::Damaged(message))) => {
            return Err(ReadError::Workbook {
                file: file.to_string(),
                message,
            });
        }
        Ok(Err(Fail::Limit {
            limit,
            found,
            where_,
        })) => {
            return Err(ReadError::Limit {
                file: file.to_string(),
                limit,
                found,
                where_,
            });
        }
        Err(_) => {
            return Err(ReadError::Workbook {
                file: file.to_string(),
                message: "the workbook is damaged".into(),
            });
        }
    };
    table_from_rows(file, rows, "xlsx").map_err(|e| match e {
        ReadError::NoHeader { file } => ReadError::EmptySheet { file, sheet },
        e => e,
    })
}

/// Why the first sheet could not be read: a damaged file (calamine's message), or a limit.
#[derive(Debug)]
pub(super) enum Fail {
    Damaged(String),
    Limit {
        limit: Limit,
        found: String,
        where_: String,
    },
}

impl<E: std::fmt::Display> From<E> for Fail {
    fn from(e: E) -> Fail {
        Fail::Damaged(e.to_string())
    }
}

type SheetRows = (String, Vec<(usize, Vec<String>)>);

/// The first worksheet's name and its rows as (row number as Excel shows it, cells as text),
/// trailing empty cells dropped.
///
/// Never allocates a sheet's bounding box from what the file claims: .xlsx/.xlsm/.xlsb sheets
/// are read cell by cell ([`SheetBuilder`]), each non-empty cell checked against the limits as
/// it comes; .xls and .ods, which calamine reads whole (every sheet) when it opens them, are
/// first pre-scanned for the extent calamine would allocate ([`xls_extent`], [`ods_extent`]).
fn first_sheet(bytes: &[u8]) -> Result<Option<SheetRows>, Fail> {
    use calamine::{Reader, Sheets};
    if is_ole(bytes) {
        xls_extent::check(bytes)?;
    } else if is_zip(bytes) {
        ods_extent::check(bytes)?;
    }
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Ok(None);
    };
    let mut sheet = SheetBuilder::new(&name);
    match &mut book {
        Sheets::Xlsx(x) => {
            let mut cells = match x.worksheet_cells_reader(&name) {
                Ok(cells) => cells,
                // A chart sheet first: no cells, as calamine's worksheet_range has it.
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Some((name, Vec::new()))),
                Err(e) => return Err(e.into()),
            };
            sheet.declared(cells.dimensions());
            while let Some(cell) = cells.next_cell()? {
                let (row, col) = cell.get_position();
                sheet.add(row, col, cell_text(&cell.get_value().clone().into()))?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(&name)?;
            sheet.declared(cells.dimensions());
            while let Some(cell) = cells.next_cell()? {
                let (row, col) = cell.get_position();
                sheet.add(row, col, cell_text(&cell.get_value().clone().into()))?;
            }
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            // Bounded by the pre-scan: calamine has already allocated it.
            let range = book.worksheet_range(&name)?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, value) in range.used_cells() {
                sheet.add(top + r as u32, left + c as u32, cell_text(value))?;
            }
        }
    }
    let rows = sheet.finish();
    Ok(Some((name, rows)))
}

/// The first sheet's rows built from its cells as they come (in any order), sparse: only
/// non-blank cells are kept, so a far cell costs one entry, never the rows × columns between.
/// Each cell is checked against the limits on arrival and the first breach stops the reading.
struct SheetBuilder<'a> {
    sheet: &'a str,
    /// The declared `<dimension ref>` when it is over a limit (a formatted but empty cell far
    /// away makes Excel declare it: it refuses nothing by itself, but is named if a value is).
    declared_over: Option<String>,
    rows: std::collections::BTreeMap<u32, Vec<(u32, String)>>,
    /// (first row, last row, first column, last column) of the non-blank cells so far.
    span: Option<(u32, u32, u32, u32)>,
    cells: u64,
}

impl<'a> SheetBuilder<'a> {
    fn new(sheet: &'a str) -> Self {
        SheetBuilder {
            sheet,
            declared_over: None,
            rows: Default::default(),
            span: None,
            cells: 0,
        }
    }

    fn declared(&mut self, d: calamine::Dimensions) {
        let rows = u64::from(d.end.0).saturating_sub(u64::from(d.start.0)) + 1;
        let cols = u64::from(d.end.1).saturating_sub(u64::from(d.start.1)) + 1;
        if cols > MAX_COLUMNS as u64 || rows > MAX_ROWS as u64 + 1 {
            self.declared_over = Some(format!(
                "{}:{}",
                cell_ref(d.start.0, d.start.1),
                cell_ref(d.end.0, d.end.1)
            ));
        }
    }

    fn at(&self, row: u32, col: u32) -> String {
        match &self.declared_over {
            Some(range) => format!(
                "sheet \"{}\" declares {range} and has a value in {}: ",
                self.sheet,
                cell_ref(row, col)
            ),
            None => format!("sheet \"{}\", cell {}: ", self.sheet, cell_ref(row, col)),
        }
    }

    /// One cell (0-based position) as text; blank cells are dropped.
    fn add(&mut self, row: u32, col: u32, text: String) -> Result<(), Fail> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let chars = text.chars().count();
        if chars > MAX_CELL_CHARS {
            return Err(Fail::Limit {
                limit: Limit::CellChars,
                found: chars.to_string(),
                where_: self.at(row, col),
            });
        }
        let (top, bottom, left, right) = match self.span {
            None => (row, row, col, col),
            Some((t, b, l, r)) => (t.min(row), b.max(row), l.min(col), r.max(col)),
        };
        let columns = u64::from(right - left) + 1;
        if columns > MAX_COLUMNS as u64 {
            return Err(Fail::Limit {
                limit: Limit::Columns,
                found: columns.to_string(),
                where_: self.at(row, col),
            });
        }
        // The rows after the first non-blank one (the header), blank rows included.
        let data_rows = u64::from(bottom - top);
        if data_rows > MAX_ROWS as u64 {
            return Err(Fail::Limit {
                limit: Limit::Rows,
                found: data_rows.to_string(),
                where_: self.at(row, col),
            });
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(Fail::Limit {
                limit: Limit::Cells,
                found: format!("more than {MAX_CELLS}"),
                where_: self.at(row, col),
            });
        }
        self.span = Some((top, bottom, left, right));
        self.rows.entry(row).or_default().push((col, text));
        Ok(())
    }

    /// The rows as (row number as Excel shows it, cells from the first non-blank column).
    fn finish(self) -> Vec<(usize, Vec<String>)> {
        let left = self.span.map_or(0, |(_, _, l, _)| l);
        self.rows
            .into_iter()
            .map(|(row, cells)| {
                let width = cells.iter().map(|(c, _)| c - left + 1).max().unwrap_or(0);
                let mut out = vec![String::new(); width as usize];
                // A cell given twice: the last one wins, as calamine's ranges have it.
                for (col, text) in cells {
                    out[(col - left) as usize] = text;
                }
                (row as usize + 1, out)
            })
            .collect()
    }
}

/// "A1" for (0, 0), "XFD1048576" for (1048575, 16383).
pub(super) fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).unwrap_or_default(),
        u64::from(row) + 1
    )
}

/// A workbook cell as the officer reads it: dates as YYYY-MM-DD, whole numbers without ".0"
/// (a 12-digit certificate number stored as a number keeps its 12 digits), the cached value of
/// a formula, an error as Excel shows it ("#N/A", which then fails validation).
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => match s.split_once('T') {
            Some((date, _)) if !date.is_empty() => date.to_string(),
            _ => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// Integral numbers without a fraction, others in the shortest form that reads back the same.
pub(crate) fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_people_typed_them() {
        assert_eq!(number_text(240012345678.0), "240012345678");
        assert_eq!(number_text(110000.0), "110000");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(f64::NAN), "NaN");
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(4999, 16383), "XFD5000");
        assert_eq!(cell_ref(1_048_575, 16383), "XFD1048576");
        assert_eq!(cell_ref(2, 26), "AA3");
        assert_eq!(cell_ref(u32::MAX, u32::MAX), "MWLQKWV4294967296");
    }

    #[test]
    fn sheet_builder_keeps_sheet_rows_drops_blanks_and_refuses_the_far_cell() {
        let mut b = SheetBuilder::new("S");
        b.add(4, 3, "late".into()).unwrap();
        b.add(2, 2, "h".into()).unwrap();
        b.add(2, 3, "  ".into()).unwrap();
        b.add(4, 3, "last wins".into()).unwrap();
        b.add(9, 300, String::new()).unwrap(); // blank: no extent
        let Err(Fail::Limit {
            limit,
            found,
            where_,
        }) = b.add(9, 202, "x".into())
        else {
            panic!("201 columns accepted");
        };
        assert_eq!((limit, found.as_str()), (Limit::Columns, "201"));
        assert_eq!(where_, "sheet \"S\", cell GU10: ");
        assert_eq!(
            b.finish(),
            [
                (3, vec!["h".to_string()]),
                (5, vec![String::new(), "last wins".into()])
            ]
        );
    }

    #[test]
    fn an_over_limit_declaration_is_named_only_with_a_value() {
        let mut b = SheetBuilder::new("S");
        b.declared(calamine::Dimensions::new((0, 0), (1_048_575, 16_383)));
        b.add(0, 0, "a".into()).unwrap();
        let Err(Fail::Limit { where_, .. }) = b.add(0, 16_383, "b".into()) else {
            panic!("accepted");
        };
        assert_eq!(
            where_,
            "sheet \"S\" declares A1:XFD1048576 and has a value in XFD1: "
        );
    }
}
