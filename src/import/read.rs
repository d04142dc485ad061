//! Reading CSV, Excel and JSON files into a [`Table`] of text cells.

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
    let (file, bytes, format) = read_file(path, format)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let mut table = match format {
        Format::Csv => read_csv(&file, &bytes, encoding)?,
        Format::Xlsx => read_workbook(&file, &bytes)?,
        Format::Json => read_json(&file, &bytes)?,
    };
    table.sha256 = sha256;
    Ok(table)
}

/// The file's name (for messages), its bytes, and its format (given, or from the extension).
fn read_file(path: &Path, format: Option<Format>) -> Result<(String, Vec<u8>, Format), ReadError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        file: file.clone(),
        source,
    })?;
    let format = match format {
        Some(f) => f,
        None => match Format::from_path(path) {
            // Excel's own files renamed (or misnamed) .csv: read them as what they are.
            Some(Format::Csv) if is_zip(&bytes) || is_ole(&bytes) => Format::Xlsx,
            Some(f) => f,
            None => return Err(ReadError::UnknownFormat { file }),
        },
    };
    if bytes.is_empty() {
        return Err(ReadError::Empty { file });
    }
    Ok((file, bytes, format))
}

fn is_zip(b: &[u8]) -> bool {
    b.starts_with(b"PK\x03\x04")
}

fn is_ole(b: &[u8]) -> bool {
    b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Builds a table from rows numbered as the sheet shows them: the first non-blank row is the
/// header, blank rows after it are dropped (their numbers stay unused).
fn table_from_rows(
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

// ---------------------------------------------------------------- CSV

fn read_csv(file: &str, bytes: &[u8], choice: EncodingChoice) -> Result<Table, ReadError> {
    let mut rows = csv_rows(file, bytes.to_vec(), choice)?;
    let mut all = Vec::new();
    for r in rows.by_ref() {
        let r = r?;
        all.push((r.row, r.cells));
    }
    table_from_rows(file, all, rows.encoding)
}

/// The records of a CSV text, numbered as a spreadsheet shows them (blank lines counted).
struct CsvRows {
    file: String,
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    record: csv::StringRecord,
    row: usize,
    encoding: &'static str,
}

fn csv_rows(file: &str, bytes: Vec<u8>, choice: EncodingChoice) -> Result<CsvRows, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16 {
            file: file.to_string(),
        });
    }
    if is_zip(&bytes) || is_ole(&bytes) {
        return Err(ReadError::WorkbookAsCsv {
            file: file.to_string(),
        });
    }
    let (text, encoding) = match choice {
        // Valid UTF-8 is used in place: a large batch is then in memory once, not twice.
        EncodingChoice::Auto | EncodingChoice::Utf8 if std::str::from_utf8(&bytes).is_ok() => {
            let mut bytes = bytes;
            let bom = bytes.starts_with(b"\xEF\xBB\xBF");
            if bom {
                bytes.drain(..3);
            }
            let text = String::from_utf8(bytes).unwrap_or_default();
            (text, if bom { "utf-8-bom" } else { "utf-8" })
        }
        _ => decode(file, &bytes, choice)?,
    };
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    // "Text (Tab delimited)" exports: tabs and no commas in the header line.
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(std::io::Cursor::new(text.into_bytes()));
    Ok(CsvRows {
        file: file.to_string(),
        reader,
        record: csv::StringRecord::new(),
        row: 0,
        encoding,
    })
}

impl Iterator for CsvRows {
    type Item = Result<RawRow, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                return Some(Err(ReadError::Csv {
                    file: self.file.clone(),
                    message: e.to_string(),
                }));
            }
        }
        // The csv crate skips empty lines; a spreadsheet shows them as rows, so count them back
        // in. A record's position is where the reader stood before skipping them. A record
        // spanning several lines (a quoted line break) is one spreadsheet row.
        let text = self.reader.get_ref().get_ref();
        let start = self
            .record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(text.len());
        self.row += 1 + empty_lines_at(text, start);
        Some(Ok(RawRow {
            row: self.row,
            cells: self.record.iter().map(str::to_string).collect(),
        }))
    }
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
    rows: Box<dyn Iterator<Item = Result<RawRow, ReadError>>>,
}

impl Iterator for RowStream {
    type Item = Result<RawRow, ReadError>;

    /// The next non-blank data row, or the error that stopped the reading.
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.rows.next()? {
                Ok(r) if is_blank(&r.cells) => continue,
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
    let (file, bytes, format) = read_file(path, format)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let csv = match format {
        Format::Csv => csv_rows(&file, bytes, encoding)?,
        Format::Xlsx | Format::Json => {
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
                rows: Box::new(table.rows.into_iter().map(Ok)),
            });
        }
    };
    let csv_encoding = csv.encoding;
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
                return Ok(RowStream {
                    headers,
                    header_row: r.row,
                    sha256,
                    encoding: csv_encoding,
                    rows,
                });
            }
        }
    }
}

fn empty_lines_at(text: &[u8], start: usize) -> usize {
    let Some(b) = text.get(start..) else {
        return 0;
    };
    let mut n = 0;
    let mut i = usize::from(start > 0 && text[start - 1] == b'\r' && b.first() == Some(&b'\n'));
    while let Some(&c) = b.get(i) {
        match c {
            b'\n' => n += 1,
            b'\r' if b.get(i + 1) != Some(&b'\n') => n += 1,
            b'\r' => {}
            _ => break,
        }
        i += 1;
    }
    n
}

/// Decodes CSV bytes: UTF-8 (BOM stripped) or GBK, as chosen or detected.
fn decode(
    file: &str,
    bytes: &[u8],
    choice: EncodingChoice,
) -> Result<(String, &'static str), ReadError> {
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let utf8 = || match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_string(), if bom { "utf-8-bom" } else { "utf-8" })),
        Err(e) => Err(e.valid_up_to() + usize::from(bom) * 3),
    };
    let encoding_error = |tried, offset: usize, hint| ReadError::Encoding {
        file: file.to_string(),
        tried,
        byte: bytes.get(offset).copied().unwrap_or(0),
        offset,
        hint,
    };
    match choice {
        EncodingChoice::Utf8 => utf8().map_err(|offset| {
            encoding_error(
                "UTF-8",
                offset,
                " or pass --encoding gbk if it was saved as plain CSV by an older Excel",
            )
        }),
        EncodingChoice::Gbk => gbk(bytes).map(|s| (s, "gbk")).map_err(|offset| {
            encoding_error("GBK", offset, " or pass --encoding utf-8 if it is UTF-8")
        }),
        EncodingChoice::Auto => match utf8() {
            Ok(ok) => Ok(ok),
            Err(utf8_offset) if bom => Err(encoding_error(
                "UTF-8 (the file starts with a UTF-8 BOM)",
                utf8_offset,
                "",
            )),
            Err(utf8_offset) => match gbk(bytes) {
                Ok(s) => Ok((s, "gbk")),
                Err(_) => Err(encoding_error("UTF-8 or GBK", utf8_offset, "")),
            },
        },
    }
}

/// GBK (as GB 18030, its superset) without replacement characters: the offset of the first
/// malformed byte on failure.
fn gbk(bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding_rs::GBK.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3).saturating_add(16));
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            Err(read.saturating_sub(bad as usize + after as usize))
        }
        // Cannot happen with a buffer of the maximum length; treat as malformed at the end.
        encoding_rs::DecoderResult::OutputFull => Err(read),
    }
}

// ---------------------------------------------------------------- workbooks

fn read_workbook(file: &str, bytes: &[u8]) -> Result<Table, ReadError> {
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

// ---------------------------------------------------------------- JSON

fn read_json(file: &str, bytes: &[u8]) -> Result<Table, ReadError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    let objects: JsonRows = serde_json::from_slice(body).map_err(|e| ReadError::Json {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: json_message(&e),
    })?;
    let mut headers: Vec<String> = Vec::new();
    let mut index_of = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(objects.0.len());
    for (i, object) in objects.0.into_iter().enumerate() {
        let row = i + 2;
        let mut cells = vec![String::new(); headers.len()];
        for (key, value) in object {
            let col = *index_of.entry(key.clone()).or_insert_with(|| {
                headers.push(key.clone());
                headers.len() - 1
            });
            if cells.len() <= col {
                cells.resize(col + 1, String::new());
            }
            cells[col] = json_cell(&value).map_err(|what| ReadError::JsonValue {
                file: file.to_string(),
                index: i,
                row,
                key: key.clone(),
                what,
            })?;
        }
        rows.push(RawRow { row, cells });
    }
    if headers.is_empty() {
        return Err(ReadError::NoHeader {
            file: file.to_string(),
        });
    }
    rows.retain(|r| !is_blank(&r.cells));
    Ok(Table {
        headers,
        rows,
        sha256: String::new(),
        encoding: "json",
        header_row: 1,
    })
}

/// serde_json's message without its own " at line L column C" suffix (we print those first).
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// A JSON value as cell text: strings as is, numbers as [`number_text`] would print them
/// (integers exactly), null as empty, booleans as "true"/"false", a list of those joined with
/// "; " (a scope given as a list). Objects and nested lists are refused.
fn json_cell(v: &serde_json::Value) -> Result<String, &'static str> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => json_number(n),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::Array(_) => return Err("a list inside a list"),
                    Value::Object(_) => return Err("a list holding an object"),
                    other => parts.push(json_cell(other)?),
                }
            }
            parts.join("; ")
        }
        Value::Object(_) => return Err("an object"),
    })
}

fn json_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        n.as_f64().map_or_else(|| n.to_string(), number_text)
    }
}

/// The top-level array, each object's keys kept in file order (serde_json's `Map` sorts them
/// unless its `preserve_order` feature is on, which this crate does not assume).
struct JsonRows(Vec<Vec<(String, serde_json::Value)>>);

struct JsonObject(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for JsonRows {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = JsonRows;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of objects")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<JsonRows, A::Error> {
                let mut rows = Vec::new();
                while let Some(JsonObject(o)) = seq.next_element()? {
                    rows.push(o);
                }
                Ok(JsonRows(rows))
            }
        }
        d.deserialize_seq(V)
    }
}

impl<'de> serde::Deserialize<'de> for JsonObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = JsonObject;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object (one per row, keys are the column names)")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<JsonObject, A::Error> {
                let mut pairs: Vec<(String, serde_json::Value)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    // A repeated key: the last value wins, as in most JSON readers.
                    match pairs.iter_mut().find(|(key, _)| *key == k) {
                        Some(slot) => slot.1 = v,
                        None => pairs.push((k, v)),
                    }
                }
                Ok(JsonObject(pairs))
            }
        }
        d.deserialize_map(V)
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
    fn empty_lines_are_counted() {
        assert_eq!(empty_lines_at(b"", 0), 0);
        assert_eq!(empty_lines_at(b"a\n", 0), 0);
        assert_eq!(empty_lines_at(b"\n\r\n\ra", 0), 3);
        assert_eq!(empty_lines_at(b"a\r\n\r\nb", 2), 1);
        assert_eq!(empty_lines_at(b"a\r\n", 9), 0);
        let t = read_csv(
            "f",
            b"\r\nh1,h2\r\n\r\n\r\n1,2\r\n\"a\r\nb\",3\r\n4,5",
            EncodingChoice::Auto,
        )
        .unwrap();
        assert_eq!(t.header_row, 2);
        let rows: Vec<usize> = t.rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, [5, 6, 7]);
    }

    #[test]
    fn gbk_errors_point_at_the_byte() {
        let (enc, _, _) = encoding_rs::GBK.encode("机构名称");
        assert_eq!(gbk(&enc).unwrap(), "机构名称");
        let mut bad = b"ab".to_vec();
        bad.push(0xFF);
        bad.extend_from_slice(b"cd");
        assert_eq!(gbk(&bad), Err(2));
    }

    #[test]
    fn decode_prefers_utf8_then_gbk() {
        let (t, e) = decode("f", "名称".as_bytes(), EncodingChoice::Auto).unwrap();
        assert_eq!((t.as_str(), e), ("名称", "utf-8"));
        let (t, e) = decode("f", "\u{FEFF}名称".as_bytes(), EncodingChoice::Auto).unwrap();
        assert_eq!((t.as_str(), e), ("名称", "utf-8-bom"));
        let (gbk_bytes, _, _) = encoding_rs::GBK.encode("名称");
        let (t, e) = decode("f", &gbk_bytes, EncodingChoice::Auto).unwrap();
        assert_eq!((t.as_str(), e), ("名称", "gbk"));
        let err = decode("f.csv", &gbk_bytes, EncodingChoice::Utf8).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("f.csv: not valid UTF-8 text (byte 0xC3 at offset 0)"),
            "{err}"
        );
        let err = decode("f.csv", b"ok\x80\xFF", EncodingChoice::Auto).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "f.csv: not valid UTF-8 or GBK text (byte 0x80 at offset 2); save it as CSV UTF-8"
            ),
            "{err}"
        );
    }

    #[test]
    fn json_cells() {
        use serde_json::json;
        assert_eq!(json_cell(&json!(240012345678u64)).unwrap(), "240012345678");
        assert_eq!(json_cell(&json!(240012345678.0)).unwrap(), "240012345678");
        assert_eq!(json_cell(&json!(null)).unwrap(), "");
        assert_eq!(json_cell(&json!(["QMS", "EMS"])).unwrap(), "QMS; EMS");
        assert_eq!(json_cell(&json!({"a": 1})), Err("an object"));
        assert_eq!(json_cell(&json!([[1]])), Err("a list inside a list"));
    }
}
