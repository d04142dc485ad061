//! Reading CSV, Excel and JSON files into a [`Table`] of text cells.

use super::csv_text::{csv_rows, scan};
use super::json::read_json;
use super::limits::{Limit, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use super::workbook::read_workbook;
use super::{EncodingChoice, Format, RawRow, Table};
use sha2::{Digest, Sha256};
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
    #[error("{file}: the workbook has no worksheet; put the table on the first sheet")]
    NoSheet { file: String },
    #[error(
        "{file}: the first worksheet \"{sheet}\" is empty; put the table on the first sheet, header in the first row"
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
    let mut stream = open_rows(path, format, encoding)?;
    let rows = stream.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok(Table {
        headers: std::mem::take(&mut stream.headers),
        rows,
        sha256: std::mem::take(&mut stream.sha256),
        encoding: stream.encoding,
        header_row: stream.header_row,
    })
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

/// Builds a table from rows numbered as the sheet shows them: the first non-blank row is the
/// header, blank rows after it are dropped (their numbers stay unused).
pub(super) fn table_from_rows(
    file: &str,
    rows: impl IntoIterator<Item = (usize, Vec<String>)>,
    encoding: &'static str,
) -> Result<Table, ReadError> {
    let mut header: Option<(usize, Vec<String>)> = None;
    let mut data = Vec::new();
    for (row, cells) in rows {
        if is_blank(&cells) {
            continue;
        }
        if header.is_none() {
            header = Some((row, cells));
        } else {
            data.push(RawRow { row, cells });
        }
    }
    let (header_row, mut headers) = header.ok_or_else(|| ReadError::NoHeader {
        file: file.to_string(),
    })?;
    // Trailing empty header cells carry no column ("a,b,c," in CSV, formatted cells in Excel).
    while headers.last().is_some_and(|h| h.trim().is_empty()) {
        headers.pop();
    }
    Ok(Table {
        headers,
        rows: data,
        sha256: String::new(),
        encoding,
        header_row,
    })
}

/// A file's rows, read one at a time: CSV streams (the decoded text and one row in memory);
/// workbooks and JSON are read whole first, as their formats require.
pub struct RowStream {
    /// The header cells as written (trailing empty ones dropped).
    pub headers: Vec<String>,
    /// The row number of the header row as the spreadsheet shows it.
    pub header_row: usize,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// How the file was decoded, as in [`Table::encoding`].
    pub encoding: &'static str,
    /// Non-blank data rows returned so far (against [`MAX_ROWS`]).
    data_rows: usize,
    file: String,
    rows: Box<dyn Iterator<Item = Result<RawRow, ReadError>>>,
}

impl Iterator for RowStream {
    type Item = Result<RawRow, ReadError>;

    /// The next non-blank data row, or the error that stopped the reading.
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.rows.next()? {
                Ok(r) if is_blank(&r.cells) => continue,
                Ok(_) if self.data_rows == MAX_ROWS => {
                    return Some(Err(ReadError::Limit {
                        file: self.file.clone(),
                        limit: Limit::Rows,
                        found: format!("more than {MAX_ROWS}"),
                        where_: String::new(),
                    }));
                }
                Ok(r) => {
                    self.data_rows += 1;
                    return Some(Ok(r));
                }
                other => return Some(other),
            }
        }
    }
}

/// Open a file for reading row by row (see [`read_table`] for formats and errors).
pub fn open_rows(
    path: &Path,
    format: Option<Format>,
    encoding: EncodingChoice,
) -> Result<RowStream, ReadError> {
    let (file, format) = choose_format(path, format)?;
    let (csv, sha256, scan_encoding) = match format {
        Format::Csv => {
            let scan = scan(&file, path, encoding)?;
            (csv_rows(&file, path, &scan)?, scan.sha256, scan.encoding)
        }
        Format::Xlsx | Format::Json => {
            let bytes = read_file(&file, path)?;
            let sha256 = hex::encode(Sha256::digest(&bytes));
            let table = if format == Format::Xlsx {
                read_workbook(&file, &bytes)?
            } else {
                read_json(&file, &bytes)?
            };
            drop(bytes);
            return Ok(RowStream {
                headers: table.headers,
                header_row: table.header_row,
                sha256,
                encoding: table.encoding,
                data_rows: 0,
                file,
                rows: Box::new(table.rows.into_iter().map(Ok)),
            });
        }
    };
    let csv_encoding = scan_encoding;
    let mut rows: Box<dyn Iterator<Item = Result<RawRow, ReadError>>> = Box::new(csv);
    // The first non-blank row is the header.
    loop {
        match rows.next() {
            None => return Err(ReadError::NoHeader { file }),
            Some(Err(e)) => return Err(e),
            Some(Ok(r)) if is_blank(&r.cells) => continue,
            Some(Ok(r)) => {
                let mut headers = r.cells;
                while headers.last().is_some_and(|h| h.trim().is_empty()) {
                    headers.pop();
                }
                if headers.len() > MAX_COLUMNS {
                    return Err(ReadError::Limit {
                        file,
                        limit: Limit::Columns,
                        found: headers.len().to_string(),
                        where_: format!("the header row {}: ", r.row),
                    });
                }
                return Ok(RowStream {
                    headers,
                    header_row: r.row,
                    sha256,
                    encoding: csv_encoding,
                    data_rows: 0,
                    file,
                    rows,
                });
            }
        }
    }
}
