//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) through calamine: the first worksheet as text cells.

use super::Table;
use super::read::{ReadError, is_ole, is_zip, table_from_rows};

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
        Ok(Err(message)) => {
            return Err(ReadError::Workbook {
                file: file.to_string(),
                message,
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

type SheetRows = (String, Vec<(usize, Vec<String>)>);

/// The first worksheet's name and its rows as (row number as Excel shows it, cells as text),
/// trailing empty cells dropped.
fn first_sheet(bytes: &[u8]) -> Result<Option<SheetRows>, String> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| e.to_string())?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Ok(None);
    };
    let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut cells: Vec<String> = cells.iter().map(cell_text).collect();
            while cells.last().is_some_and(|c| c.is_empty()) {
                cells.pop();
            }
            (first_row + i + 1, cells)
        })
        .collect();
    Ok(Some((name, rows)))
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
}
