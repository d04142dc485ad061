//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) through calamine: the first worksheet (or the
//! one `--sheet` names) as text cells, merged ranges read as their value over the range.

use super::Table;
use super::limits::{Limit, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use super::read::{
    Merged, ReadError, SheetExtras, find_header, is_blank, is_ole, is_zip, table_from_rows,
};

mod ods_extent;
mod xls_extent;

pub(super) fn read_workbook(
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<Table, ReadError> {
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
    let outcome = std::panic::catch_unwind(|| read_book(bytes, sheet));
    let (data, elsewhere) = match outcome {
        Ok(Ok(Book::Sheet { data, elsewhere })) => (data, elsewhere),
        Ok(Ok(Book::NoSheet)) => {
            return Err(ReadError::NoSheet {
                file: file.to_string(),
            });
        }
        Ok(Ok(Book::NoSuchSheet { asked, sheets })) => {
            return Err(ReadError::NoSuchSheet {
                file: file.to_string(),
                asked,
                sheets,
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
    if !elsewhere.is_empty() {
        return Err(ReadError::HeaderOnOtherSheet {
            file: file.to_string(),
            sheet: data.name,
            others: elsewhere,
        });
    }
    let SheetData { name, rows, extras } = data;
    table_from_rows(file, rows, "xlsx", extras).map_err(|e| match e {
        ReadError::NoHeader { file } => ReadError::EmptySheet { file, sheet: name },
        e => e,
    })
}

/// Why a sheet could not be read: a damaged file (calamine's message), or a limit.
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

/// A sheet's rows: (row number as Excel shows it, cells as text).
type SheetRows = Vec<(usize, Vec<String>)>;

/// One sheet as read: its name, its rows as (row number as Excel shows it, cells as text,
/// trailing empty cells dropped), merged ranges and formulas with no saved value.
struct SheetData {
    name: String,
    rows: Vec<(usize, Vec<String>)>,
    extras: SheetExtras,
}

enum Book {
    NoSheet,
    NoSuchSheet {
        asked: String,
        sheets: Vec<String>,
    },
    /// The sheet to import; when it was not chosen and has no header row, `elsewhere` names
    /// the sheets that have one (number from 1, name).
    Sheet {
        data: SheetData,
        elsewhere: Vec<(usize, String)>,
    },
}

/// Whether a sheet's first rows hold a header row (`read::find_header`).
fn has_header(rows: &[(usize, Vec<String>)]) -> bool {
    find_header(
        rows.iter()
            .filter(|(_, c)| !is_blank(c))
            .map(|(_, c)| c.as_slice()),
    )
    .is_some()
}

/// The sheet `--sheet` names (a name, else a number from 1), or the first.
fn read_book(bytes: &[u8], sheet: Option<&str>) -> Result<Book, Fail> {
    if is_ole(bytes) {
        xls_extent::check(bytes)?;
    } else if is_zip(bytes) {
        ods_extent::check(bytes)?;
    }
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))?;
    let names = calamine::Reader::sheet_names(&book);
    if names.is_empty() {
        return Ok(Book::NoSheet);
    }
    let index = match sheet {
        None => 0,
        Some(asked) => {
            let by_name = names
                .iter()
                .position(|n| n == asked)
                .or_else(|| names.iter().position(|n| n.trim() == asked.trim()));
            let by_number = || {
                asked
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=names.len()).contains(n))
                    .map(|n| n - 1)
            };
            match by_name.or_else(by_number) {
                Some(i) => i,
                None => {
                    return Ok(Book::NoSuchSheet {
                        asked: asked.to_string(),
                        sheets: names,
                    });
                }
            }
        }
    };
    let data = read_sheet(&mut book, &names[index])?;
    let mut elsewhere = Vec::new();
    if sheet.is_none() && !has_header(&data.rows) {
        // Instructions (填表说明) on the first sheet, the table further on: name where it is.
        for (i, name) in names.iter().enumerate().skip(1) {
            if let Ok(other) = read_sheet(&mut book, name)
                && has_header(&other.rows)
            {
                elsewhere.push((i + 1, name.clone()));
            }
        }
    }
    Ok(Book::Sheet { data, elsewhere })
}

/// One sheet's rows, merged ranges and unsaved formulas.
///
/// Never allocates a sheet's bounding box from what the file claims: .xlsx/.xlsm/.xlsb sheets
/// are read cell by cell ([`SheetBuilder`]), each non-empty cell checked against the limits as
/// it comes; .xls and .ods, which calamine reads whole (every sheet) when it opens them, are
/// first pre-scanned for the extent calamine would allocate ([`xls_extent`], [`ods_extent`]).
/// Merged ranges come from .xlsx and .xls (calamine reads none for .xlsb and .ods); formulas
/// with no saved value from .xlsx.
fn read_sheet(
    book: &mut calamine::Sheets<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<SheetData, Fail> {
    use calamine::{Reader, Sheets};
    let mut sheet = SheetBuilder::new(name);
    let mut merged = Vec::new();
    match &mut *book {
        Sheets::Xlsx(x) => {
            let mut cells = match x.worksheet_cells_reader(name) {
                Ok(cells) => cells,
                // A chart sheet: no cells, as calamine's worksheet_range has it.
                Err(calamine::XlsxError::NotAWorksheet(_)) => {
                    return Ok(SheetData {
                        name: name.to_string(),
                        rows: Vec::new(),
                        extras: SheetExtras::default(),
                    });
                }
                Err(e) => return Err(e.into()),
            };
            sheet.declared(cells.dimensions());
            while let Some(cell) = cells.next_cell_with_formula()? {
                let (row, col) = cell.pos;
                let unsaved = matches!(cell.value, calamine::DataRef::Empty);
                match cell.formula {
                    Some(f) if unsaved && !f.trim().is_empty() => sheet.formula(row, col, &f)?,
                    _ => sheet.add(row, col, cell_text(&cell.value.into()))?,
                }
            }
            drop(cells);
            merged = x.merge_cells_by_sheet_name(name)?;
        }
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(name)?;
            sheet.declared(cells.dimensions());
            while let Some(cell) = cells.next_cell()? {
                let (row, col) = cell.get_position();
                sheet.add(row, col, cell_text(&cell.get_value().clone().into()))?;
            }
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            // Bounded by the pre-scan: calamine has already allocated it.
            let range = book.worksheet_range(name)?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, value) in range.used_cells() {
                sheet.add(top + r as u32, left + c as u32, cell_text(value))?;
            }
            if let Sheets::Xls(x) = book {
                merged = x.merge_cells_by_sheet_name(name)?;
            }
        }
    }
    let (rows, extras) = sheet.finish(&merged)?;
    Ok(SheetData {
        name: name.to_string(),
        rows,
        extras,
    })
}

/// A sheet's rows built from its cells as they come (in any order), sparse: only
/// non-blank cells are kept, so a far cell costs one entry, never the rows × columns between.
/// Each cell is checked against the limits on arrival and the first breach stops the reading.
struct SheetBuilder<'a> {
    sheet: &'a str,
    /// The declared `<dimension ref>` when it is over a limit (a formatted but empty cell far
    /// away makes Excel declare it: it refuses nothing by itself, but is named if a value is).
    declared_over: Option<String>,
    rows: std::collections::BTreeMap<u32, Vec<(u32, String)>>,
    /// Cells holding a formula with no saved value: (row, column, formula).
    formulas: Vec<(u32, u32, String)>,
    /// (first row, last row, first column, last column) of the non-blank cells so far.
    span: Option<(u32, u32, u32, u32)>,
    cells: u64,
}

/// The most of a formula kept for its message (which quotes 80 characters).
const FORMULA_CHARS: usize = 100;

impl<'a> SheetBuilder<'a> {
    fn new(sheet: &'a str) -> Self {
        SheetBuilder {
            sheet,
            declared_over: None,
            rows: Default::default(),
            formulas: Vec::new(),
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
        self.place(row, col)?;
        self.rows.entry(row).or_default().push((col, text));
        Ok(())
    }

    /// A cell holding a formula and no saved value: empty text, named in its row's errors.
    fn formula(&mut self, row: u32, col: u32, formula: &str) -> Result<(), Fail> {
        self.place(row, col)?;
        self.rows.entry(row).or_default();
        let shown: String = formula.chars().take(FORMULA_CHARS).collect();
        self.formulas.push((row, col, format!("={shown}")));
        Ok(())
    }

    /// Count a cell holding something against the limits and widen the span to it.
    fn place(&mut self, row: u32, col: u32) -> Result<(), Fail> {
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
        Ok(())
    }

    /// The rows as (row number as Excel shows it, cells from the first non-blank column), with
    /// each merged range's value (its top-left cell's) copied into its other empty cells —
    /// within the cells holding values: a range merged down past the last row adds no row.
    /// The copies count against [`MAX_CELLS`].
    fn finish(self, merged: &[calamine::Dimensions]) -> Result<(SheetRows, SheetExtras), Fail> {
        let Some((_, bottom, left, right)) = self.span else {
            return Ok((Vec::new(), SheetExtras::default()));
        };
        let mut grid: std::collections::BTreeMap<u32, Vec<String>> = self
            .rows
            .into_iter()
            .map(|(row, cells)| {
                let width = cells.iter().map(|(c, _)| c - left + 1).max().unwrap_or(0);
                let mut out = vec![String::new(); width as usize];
                // A cell given twice: the last one wins, as calamine's ranges have it.
                for (col, text) in cells {
                    out[(col - left) as usize] = text;
                }
                (row, out)
            })
            .collect();
        let mut extras = SheetExtras::default();
        let mut copies = self.cells;
        for d in merged {
            let (r1, c1) = (d.start.0.min(d.end.0), d.start.1.min(d.end.1));
            let (r2, c2) = (
                d.start.0.max(d.end.0).min(bottom),
                d.start.1.max(d.end.1).min(right),
            );
            if c1 < left || r2 < r1 || c2 < c1 || (r1 == r2 && c1 == c2) {
                continue;
            }
            let value = match grid.get(&r1).and_then(|r| r.get((c1 - left) as usize)) {
                Some(v) if !v.trim().is_empty() => v.clone(),
                _ => continue,
            };
            let range = format!("{}:{}", cell_ref(r1, c1), cell_ref(r2, c2));
            for r in r1..=r2 {
                let row = grid.entry(r).or_default();
                for c in c1..=c2 {
                    let i = (c - left) as usize;
                    if row.len() <= i {
                        row.resize(i + 1, String::new());
                    }
                    if row[i].trim().is_empty() {
                        copies += 1;
                        if copies > MAX_CELLS {
                            return Err(Fail::Limit {
                                limit: Limit::Cells,
                                found: format!("more than {MAX_CELLS}"),
                                where_: format!("sheet \"{}\", merged cells {range}: ", self.sheet),
                            });
                        }
                        row[i] = value.clone();
                    }
                }
            }
            let letter = |c: u32| {
                let r = cell_ref(0, c);
                r[..r.len() - 1].to_string()
            };
            extras.merged.push(Merged {
                range,
                rows: (r1 as usize + 1, r2 as usize + 1),
                columns: ((c1 - left) as usize, (c2 - left) as usize),
                letters: format!("{}–{}", letter(c1), letter(c2)),
                value,
            });
        }
        extras.formulas = self
            .formulas
            .into_iter()
            .map(|(r, c, f)| (r as usize + 1, (c - left) as usize, f))
            .collect();
        let rows = grid
            .into_iter()
            .map(|(row, cells)| (row as usize + 1, cells))
            .collect();
        Ok((rows, extras))
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
            b.finish(&[]).unwrap().0,
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
