//! CSV text, streamed from the file: encodings (UTF-8, UTF-8 with BOM, GBK), the delimiter,
//! rows numbered as a spreadsheet shows them, and the limits of one row.
//!
//! A file is read twice: [`scan`] hashes the bytes and decides the encoding (UTF-8 is known
//! only once every byte was seen), then [`CsvRows`] parses records one at a time. Memory is
//! one read buffer and one record, whatever the file's size.

use super::limits::{Limit, MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROW_BYTES};
use super::read::{ReadError, is_ole, is_zip};
use super::{EncodingChoice, RawRow};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Cells read in one record before the trailing empty ones are dropped (Excel's column limit:
/// a row of empty cells to the sheet's edge is trimmed, not refused).
const MAX_RAW_FIELDS: usize = 16_384;
const CHUNK: usize = 64 * 1024;

/// What the first pass over the bytes found.
pub(super) struct Scan {
    pub(super) sha256: String,
    /// "utf-8", "utf-8-bom", "gbk" or "gb18030" (GBK bytes holding four-byte characters,
    /// which only GB 18030 has).
    pub(super) encoding: &'static str,
    delimiter: u8,
}

/// Hash the file and decide its encoding and delimiter, without holding more than a chunk.
pub(super) fn scan(file: &str, path: &Path, choice: EncodingChoice) -> Result<Scan, ReadError> {
    let io = |source| ReadError::Io {
        file: file.to_string(),
        source,
    };
    let mut f = File::open(path).map_err(io)?;
    let size = f.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::Limit {
            file: file.to_string(),
            limit: Limit::FileBytes,
            found: size.to_string(),
            where_: String::new(),
        });
    }
    let mut hasher = Sha256::new();
    let mut utf8 = Utf8Check::default();
    let mut head: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = read_some(&mut f, &mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        utf8.feed(&buf[..n]);
        if head.len() < CHUNK {
            head.extend_from_slice(&buf[..n.min(CHUNK - head.len())]);
        }
    }
    let utf8_error = utf8.finish();
    if head.is_empty() {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16 {
            file: file.to_string(),
        });
    }
    if is_zip(&head) || is_ole(&head) {
        return Err(ReadError::WorkbookAsCsv {
            file: file.to_string(),
        });
    }
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let encoding_error = |tried, offset: u64, byte: u8, hint| ReadError::Encoding {
        file: file.to_string(),
        tried,
        byte,
        offset: offset as usize,
        hint,
    };
    let gbk_check = |f: &mut File| -> Result<Result<bool, (u64, u8)>, ReadError> {
        f.seek(SeekFrom::Start(0)).map_err(io)?;
        gbk_error(f).map_err(io)
    };
    let gbk_label = |four_byte: bool| if four_byte { "gb18030" } else { "gbk" };
    let encoding = match (choice, utf8_error) {
        (EncodingChoice::Auto | EncodingChoice::Utf8, None) => {
            if bom {
                "utf-8-bom"
            } else {
                "utf-8"
            }
        }
        (EncodingChoice::Utf8, Some((offset, byte))) => {
            return Err(encoding_error(
                "UTF-8",
                offset,
                byte,
                " or pass --encoding gbk if it was saved as plain CSV by an older Excel",
            ));
        }
        (EncodingChoice::Gbk | EncodingChoice::Gb18030, _) => match gbk_check(&mut f)? {
            Ok(_) if choice == EncodingChoice::Gb18030 => "gb18030",
            Ok(four_byte) => gbk_label(four_byte),
            Err((offset, byte)) => {
                return Err(encoding_error(
                    if choice == EncodingChoice::Gb18030 {
                        "GB18030"
                    } else {
                        "GBK"
                    },
                    offset,
                    byte,
                    " or pass --encoding utf-8 if it is UTF-8",
                ));
            }
        },
        (EncodingChoice::Auto, Some((offset, byte))) if bom => {
            return Err(encoding_error(
                "UTF-8 (the file starts with a UTF-8 BOM)",
                offset,
                byte,
                "",
            ));
        }
        (EncodingChoice::Auto, Some((offset, byte))) => match gbk_check(&mut f)? {
            Ok(four_byte) => gbk_label(four_byte),
            Err(_) => return Err(encoding_error("UTF-8 or GBK", offset, byte, "")),
        },
    };
    let text = if matches!(encoding, "gbk" | "gb18030") {
        encoding_rs::GBK
            .decode_without_bom_handling(&head)
            .0
            .into_owned()
    } else {
        String::from_utf8_lossy(&head).into_owned()
    };
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    // "Text (Tab delimited)" exports: tabs and no commas in the header line.
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    Ok(Scan {
        sha256: hex::encode(hasher.finalize()),
        encoding,
        delimiter,
    })
}

/// `read`, retried on EINTR.
fn read_some(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match r.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// UTF-8 validity over chunks: the offset and value of the first byte that is not UTF-8.
#[derive(Default)]
struct Utf8Check {
    /// The bytes of a character cut by the chunk's end.
    carry: Vec<u8>,
    consumed: u64,
    error: Option<(u64, u8)>,
}

impl Utf8Check {
    fn feed(&mut self, chunk: &[u8]) {
        if self.error.is_some() {
            return;
        }
        let mut joined = std::mem::take(&mut self.carry);
        joined.extend_from_slice(chunk);
        let start = self.consumed;
        match std::str::from_utf8(&joined) {
            Ok(_) => self.consumed += joined.len() as u64,
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                self.consumed += valid as u64;
                self.carry = joined[valid..].to_vec();
            }
            Err(e) => {
                let at = e.valid_up_to();
                self.error = Some((start + at as u64, joined[at]));
            }
        }
    }

    /// The first invalid byte, or None for valid UTF-8 (a character cut by the file's end is
    /// invalid).
    fn finish(self) -> Option<(u64, u8)> {
        self.error
            .or_else(|| (!self.carry.is_empty()).then(|| (self.consumed, self.carry[0])))
    }
}

/// A character GBK has no two-byte code for: GB 18030 writes it in four bytes (𠮷, 𬌗, …).
fn needs_four_bytes(c: char) -> bool {
    if c.is_ascii() || ('\u{4E00}'..='\u{9FA5}').contains(&c) {
        return false;
    }
    if u32::from(c) > 0xFFFF {
        return true;
    }
    let mut b = [0u8; 4];
    encoding_rs::GBK.encode(c.encode_utf8(&mut b)).2
}

/// GBK (as GB 18030, its superset) without replacement characters: whether it holds a
/// four-byte character (then it is GB 18030), or the offset and value of the first malformed
/// byte.
fn gbk_error(f: &mut File) -> std::io::Result<Result<bool, (u64, u8)>> {
    let mut decoder = encoding_rs::GBK.new_decoder_without_bom_handling();
    let mut buf = vec![0u8; CHUNK];
    let mut out = String::with_capacity(CHUNK * 3 + 16);
    let mut consumed = 0u64;
    let mut four_byte = false;
    // The bytes of the current chunk, to name the malformed one.
    loop {
        let n = read_some(f, &mut buf)?;
        let last = n == 0;
        let mut input = &buf[..n];
        loop {
            out.clear();
            let (result, read) =
                decoder.decode_to_string_without_replacement(input, &mut out, last);
            if !four_byte && !out.is_ascii() {
                four_byte = out.chars().any(needs_four_bytes);
            }
            match result {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::OutputFull => {
                    input = &input[read..];
                    consumed += read as u64;
                }
                encoding_rs::DecoderResult::Malformed(bad, after) => {
                    let at = read.saturating_sub(bad as usize + after as usize);
                    let byte = input.get(at).copied().unwrap_or(0);
                    return Ok(Err((consumed + at as u64, byte)));
                }
            }
        }
        consumed += input.len() as u64;
        if last {
            return Ok(Ok(four_byte));
        }
    }
}

/// The records of a CSV file, numbered as a spreadsheet shows them: blank lines are counted
/// (and not returned); a record spanning several lines (a quoted line break) is one row.
pub(super) struct CsvRows {
    file: String,
    input: Box<dyn Read>,
    core: csv_core::Reader,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    eof: bool,
    /// The last byte handed to the parser: a '\n' after a record's '\r' is its terminator,
    /// not a blank line.
    last: u8,
    fields: Vec<u8>,
    ends: Vec<usize>,
    row: usize,
    done: bool,
}

/// Open the file for parsing as [`scan`] decided (the same `choice` must give the same scan).
pub(super) fn csv_rows(file: &str, path: &Path, scan: &Scan) -> Result<CsvRows, ReadError> {
    let io = |source| ReadError::Io {
        file: file.to_string(),
        source,
    };
    let mut f = File::open(path).map_err(io)?;
    let input: Box<dyn Read> = match scan.encoding {
        "gbk" | "gb18030" => Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding_rs::GBK))
                .bom_override(false)
                .bom_sniffing(false)
                .build(f),
        ),
        "utf-8-bom" => {
            f.seek(SeekFrom::Start(3)).map_err(io)?;
            Box::new(f)
        }
        _ => Box::new(f),
    };
    Ok(CsvRows {
        file: file.to_string(),
        input,
        core: csv_core::ReaderBuilder::new()
            .delimiter(scan.delimiter)
            .build(),
        buf: vec![0u8; CHUNK].into_boxed_slice(),
        pos: 0,
        len: 0,
        eof: false,
        last: 0,
        fields: vec![0u8; 4096],
        ends: vec![0usize; 64],
        row: 0,
        done: false,
    })
}

impl CsvRows {
    /// Keep the unread bytes and read more after them; false at the end of the file.
    fn fill(&mut self) -> Result<bool, ReadError> {
        if self.eof {
            return Ok(false);
        }
        self.buf.copy_within(self.pos..self.len, 0);
        self.len -= self.pos;
        self.pos = 0;
        let n = read_some(&mut self.input, &mut self.buf[self.len..]).map_err(|source| {
            ReadError::Io {
                file: self.file.clone(),
                source,
            }
        })?;
        self.len += n;
        self.eof = n == 0;
        Ok(n > 0)
    }

    /// Blank lines at the start of a record, which the parser would skip uncounted.
    fn skip_blank_lines(&mut self) -> Result<(), ReadError> {
        loop {
            if self.pos == self.len && !self.fill()? {
                return Ok(());
            }
            match self.buf[self.pos] {
                b'\n' => {
                    if self.last != b'\r' {
                        self.row += 1;
                    }
                }
                b'\r' => self.row += 1,
                _ => return Ok(()),
            }
            self.last = self.buf[self.pos];
            self.pos += 1;
        }
    }

    fn limit(&self, limit: Limit, found: String, where_: String) -> ReadError {
        ReadError::Limit {
            file: self.file.clone(),
            limit,
            found,
            where_,
        }
    }

    fn record(&mut self) -> Result<Option<RawRow>, ReadError> {
        self.skip_blank_lines()?;
        let (mut out, mut nends) = (0usize, 0usize);
        loop {
            let input = &self.buf[self.pos..self.len];
            let (result, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.fields[out..], &mut self.ends[nends..]);
            if nin > 0 {
                self.last = input[nin - 1];
            }
            self.pos += nin;
            out += nout;
            nends += nend;
            use csv_core::ReadRecordResult as R;
            match result {
                R::InputEmpty => {
                    if !self.fill()? {
                        // Tell the parser the input ended (it may end a last record).
                        self.pos = self.len;
                    }
                }
                R::OutputFull => {
                    let row = self.row + 1;
                    grow(&mut self.fields, MAX_ROW_BYTES).map_err(|found| {
                        self.limit(Limit::RowBytes, found, format!("row {row}: "))
                    })?;
                }
                R::OutputEndsFull => {
                    let row = self.row + 1;
                    grow(&mut self.ends, MAX_RAW_FIELDS).map_err(|found| {
                        self.limit(Limit::Columns, found, format!("row {row}: "))
                    })?;
                }
                R::Record => {
                    self.row += 1;
                    return self
                        .cells(nends)
                        .map(|cells| Some(RawRow::new(self.row, cells)));
                }
                R::End => return Ok(None),
            }
        }
    }

    /// The record's cells as text, trailing empty ones dropped, checked against the limits.
    fn cells(&self, nends: usize) -> Result<Vec<String>, ReadError> {
        let mut count = nends;
        let start_of = |i: usize| if i == 0 { 0 } else { self.ends[i - 1] };
        while count > 0 && start_of(count - 1) == self.ends[count - 1] {
            count -= 1;
        }
        if count > MAX_COLUMNS {
            return Err(self.limit(
                Limit::Columns,
                count.to_string(),
                format!("row {}: ", self.row),
            ));
        }
        let mut cells = Vec::with_capacity(count);
        for i in 0..count {
            let bytes = &self.fields[start_of(i)..self.ends[i]];
            let text = std::str::from_utf8(bytes).map_err(|_| ReadError::Csv {
                file: self.file.clone(),
                message: format!("row {}: the file changed while it was read", self.row),
            })?;
            if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
                return Err(self.limit(
                    Limit::CellChars,
                    text.chars().count().to_string(),
                    format!("row {}, column {}: ", self.row, i + 1),
                ));
            }
            cells.push(text.to_string());
        }
        Ok(cells)
    }
}

/// Double a record buffer up to `max`; at `max` already, what the limit message says was found.
fn grow<T: Default + Clone>(buf: &mut Vec<T>, max: usize) -> Result<(), String> {
    if buf.len() >= max {
        return Err(format!("more than {max}"));
    }
    let grown = (buf.len() * 2).min(max);
    buf.resize(grown, T::default());
    Ok(())
}

impl Iterator for CsvRows {
    type Item = Result<RawRow, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let r = self.record().transpose();
        if !matches!(r, Some(Ok(_))) {
            self.done = true;
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(bytes: &[u8]) -> Vec<(usize, Vec<String>)> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, bytes).unwrap();
        let s = scan("t.csv", &p, EncodingChoice::Auto).unwrap();
        csv_rows("t.csv", &p, &s)
            .unwrap()
            .map(|r| r.map(|r| (r.row, r.cells)).unwrap())
            .collect()
    }

    #[test]
    fn blank_lines_are_counted() {
        let rows = rows_of(b"\r\nh1,h2\r\n\r\n\r\n1,2\r\n\"a\r\nb\",3\r\n4,5");
        let numbers: Vec<usize> = rows.iter().map(|r| r.0).collect();
        assert_eq!(numbers, [2, 5, 6, 7]);
        assert_eq!(rows[2].1, ["a\r\nb", "3"]);
        // Lone CR (old Mac) and LF line ends, mixed, and a trailing line end.
        let rows = rows_of(b"\n\r\n\rh\ra\n\nb\n");
        let numbers: Vec<usize> = rows.iter().map(|r| r.0).collect();
        assert_eq!(numbers, [4, 5, 7]);
        // Trailing empty cells are dropped; a row of only delimiters is an empty row.
        let rows = rows_of(b"a,b,,\n,,\nc");
        assert_eq!(rows[0].1, ["a", "b"]);
        assert!(rows[1].1.is_empty());
        assert_eq!(rows[2], (3, vec!["c".to_string()]));
    }

    #[test]
    fn records_cross_chunk_boundaries() {
        let mut text = String::from("h1,h2\n");
        for i in 0..20_000 {
            text.push_str(&format!("\"{i}\r\nx\",{}\r\n", "y".repeat(i % 50)));
        }
        let rows = rows_of(text.as_bytes());
        assert_eq!(rows.len(), 20_001);
        assert_eq!(rows[20_000].0, 20_001);
        assert_eq!(rows[12_345].1[0], "12344\r\nx");
    }

    #[test]
    fn encodings_are_decided_over_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        // Valid UTF-8 for more than a chunk, then one GBK name: the file is GBK.
        let mut bytes = "名称\n".repeat(CHUNK).into_bytes();
        let (gbk_name, _, _) = encoding_rs::GBK.encode("机构名称");
        let utf8_len = bytes.len();
        bytes.extend_from_slice(&gbk_name);
        std::fs::write(&p, &bytes).unwrap();
        // (The UTF-8 bytes of "名称" happen to be valid GBK too.)
        assert_eq!(
            scan("t.csv", &p, EncodingChoice::Auto).unwrap().encoding,
            "gbk"
        );
        let err = scan("t.csv", &p, EncodingChoice::Utf8)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains(&format!("at offset {utf8_len})")), "{err}");

        std::fs::write(&p, "\u{FEFF}名称\n".as_bytes()).unwrap();
        assert_eq!(
            scan("t.csv", &p, EncodingChoice::Auto).unwrap().encoding,
            "utf-8-bom"
        );
        std::fs::write(&p, &gbk_name).unwrap();
        assert_eq!(
            scan("t.csv", &p, EncodingChoice::Auto).unwrap().encoding,
            "gbk"
        );
        // Four-byte characters only GB 18030 has: the file is GB 18030, read as such.
        let (gb18030, _, _) = encoding_rs::GB18030.encode("机构名称\n𠮷野家");
        std::fs::write(&p, &gb18030).unwrap();
        let s = scan("t.csv", &p, EncodingChoice::Auto).unwrap();
        assert_eq!(s.encoding, "gb18030");
        let rows: Vec<_> = csv_rows("t.csv", &p, &s)
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows[1].cells, ["𠮷野家"]);
        std::fs::write(&p, &gbk_name).unwrap();
        assert_eq!(
            scan("t.csv", &p, EncodingChoice::Gb18030).unwrap().encoding,
            "gb18030"
        );
        let mut bad = b"ab".to_vec();
        bad.push(0xFF);
        bad.extend_from_slice(b"cd");
        std::fs::write(&p, &bad).unwrap();
        let err = scan("t.csv", &p, EncodingChoice::Gbk)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("not valid GBK text (byte 0xFF at offset 2)"),
            "{err}"
        );
        let err = scan("t.csv", &p, EncodingChoice::Auto)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with(
                "t.csv: not valid UTF-8 or GBK text (byte 0xFF at offset 2); save it as CSV UTF-8"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_row_over_the_limits_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        let wide = format!("a{}\n", ",b".repeat(MAX_COLUMNS));
        std::fs::write(&p, &wide).unwrap();
        let s = scan("t.csv", &p, EncodingChoice::Auto).unwrap();
        let err = csv_rows("t.csv", &p, &s)
            .unwrap()
            .next()
            .unwrap()
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("row 1: 201 columns, over the limit of 200"),
            "{err}"
        );
        // Empty cells to the sheet's edge are trimmed, not refused.
        std::fs::write(&p, format!("a{}\n", ",".repeat(10_000))).unwrap();
        let s = scan("t.csv", &p, EncodingChoice::Auto).unwrap();
        let row = csv_rows("t.csv", &p, &s).unwrap().next().unwrap().unwrap();
        assert_eq!(row.cells, ["a"]);
        std::fs::write(&p, ",".repeat(MAX_RAW_FIELDS + 5)).unwrap();
        let s = scan("t.csv", &p, EncodingChoice::Auto).unwrap();
        let err = csv_rows("t.csv", &p, &s)
            .unwrap()
            .next()
            .unwrap()
            .unwrap_err();
        assert!(err.to_string().contains("more than 16384 columns"), "{err}");
        std::fs::write(&p, format!("h\n{}\n", "字".repeat(MAX_CELL_CHARS + 1))).unwrap();
        let s = scan("t.csv", &p, EncodingChoice::Auto).unwrap();
        let err = csv_rows("t.csv", &p, &s)
            .unwrap()
            .nth(1)
            .unwrap()
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("row 2, column 1: 32768 characters in one cell, over the limit of 32767"),
            "{err}"
        );
    }
}
