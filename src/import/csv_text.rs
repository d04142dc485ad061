//! CSV text: encodings (UTF-8, UTF-8 with BOM, GBK), delimiters, rows numbered as a spreadsheet shows them.

use super::read::{ReadError, is_ole, is_zip, table_from_rows};
use super::{EncodingChoice, RawRow, Table};

pub(super) fn read_csv(
    file: &str,
    bytes: &[u8],
    choice: EncodingChoice,
) -> Result<Table, ReadError> {
    let mut rows = csv_rows(file, bytes.to_vec(), choice)?;
    let mut all = Vec::new();
    for r in rows.by_ref() {
        let r = r?;
        all.push((r.row, r.cells));
    }
    table_from_rows(file, all, rows.encoding)
}

/// The records of a CSV text, numbered as a spreadsheet shows them (blank lines counted).
pub(super) struct CsvRows {
    file: String,
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    record: csv::StringRecord,
    row: usize,
    pub(super) encoding: &'static str,
}

pub(super) fn csv_rows(
    file: &str,
    bytes: Vec<u8>,
    choice: EncodingChoice,
) -> Result<CsvRows, ReadError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
