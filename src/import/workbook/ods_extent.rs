//! .ods: calamine parses every table of content.xml when it opens the file, cloning each cell
//! over its repeats (`table:number-columns-repeated` up to 16,384 columns, then
//! `table:number-rows-repeated` up to 1,048,576 rows) and expanding a `<text:s text:c="N"/>`
//! to N spaces. A few hundred bytes of XML can so ask for gigabytes before its caller gets
//! control. content.xml is streamed here first (quick-xml, nothing kept but counters), and the
//! file refused if what calamine would allocate is over the limits. Formatted but empty cells
//! (no value, no formula) cost calamine nothing and count for nothing here.

use super::Fail;
use crate::import::limits::{Limit, MAX_CELLS, MAX_FILE_BYTES};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Read};

const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
/// calamine's own caps (src/ods.rs).
const CALAMINE_MAX_ROWS: u64 = 1_048_576;
const CALAMINE_MAX_COLUMNS: u64 = 16_384;

pub(super) fn check(bytes: &[u8]) -> Result<(), Fail> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(()); // calamine refuses it
    };
    let is_ods = match zip.by_name("mimetype") {
        Ok(mut f) => {
            let mut buf = [0u8; 46];
            f.read_exact(&mut buf).is_ok() && buf[..] == *MIMETYPE
        }
        Err(_) => false,
    };
    if !is_ods {
        return Ok(());
    }
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    xml.config_mut().check_end_names = false;
    xml.config_mut().check_comments = false;
    let mut scan = Scan::default();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(_) => return Ok(()), // calamine refuses it
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                scan.end_table()?;
                scan.table = attr(&e, "table:name").unwrap_or_default();
            }
            Event::End(e) if e.name().as_ref() == "table:table" => scan.end_table()?,
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                scan.start_row(attr_count(&e, "table:number-rows-repeated"));
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                scan.start_row(attr_count(&e, "table:number-rows-repeated"));
                scan.end_row()?;
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => scan.end_row()?,
            Event::Start(e) if is_cell(&e) => scan.start_cell(&e),
            Event::Empty(e) if is_cell(&e) => {
                scan.start_cell(&e);
                scan.end_cell()?;
            }
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                scan.end_cell()?
            }
            Event::Text(t) => scan.text(t.len() as u64),
            Event::GeneralRef(_) => scan.text(4),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:s" => {
                scan.text(attr_count(&e, "text:c"));
            }
            Event::Eof => break,
            _ => (),
        }
    }
    scan.end_table()
}

fn is_cell(e: &BytesStart) -> bool {
    matches!(
        e.name().as_ref(),
        "table:table-cell" | "table:covered-table-cell"
    )
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

/// A repeat count (1 when absent or unreadable; calamine refuses what it cannot parse).
fn attr_count(e: &BytesStart, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

/// Counters for the table being read and for the whole file.
#[derive(Default)]
struct Scan {
    table: String,
    /// Rows of the table so far, repeats expanded (capped as calamine caps them).
    rows: u64,
    /// First and last+1 row with a value; first and last+1 column with a value.
    row_span: Option<(u64, u64)>,
    col_span: Option<(u64, u64)>,
    /// Cells calamine pushes for the table before expanding the row repeats.
    pushed: u64,
    /// The current row: its repeats, the column reached, the column after its last value.
    row_repeats: u64,
    col: u64,
    row_pushed: u64,
    /// The current cell: its repeats, whether it has a value, the bytes of its text.
    cell: Option<(u64, bool, u64)>,
    /// Bytes of text calamine would hold, repeats expanded, over the whole file.
    text_bytes: u64,
    /// Cells over the whole file: pushed plus the expanded span of every finished table.
    cells: u64,
}

impl Scan {
    fn start_row(&mut self, repeats: u64) {
        let remaining = CALAMINE_MAX_ROWS.saturating_sub(self.rows);
        self.row_repeats = repeats.min(remaining);
        self.col = 0;
        self.row_pushed = 0;
    }

    fn end_row(&mut self) -> Result<(), Fail> {
        if self.row_pushed > 0 {
            let top = self.row_span.map_or(self.rows, |(t, _)| t);
            self.row_span = Some((top, self.rows + self.row_repeats));
        }
        self.pushed = self.pushed.saturating_add(self.row_pushed);
        self.rows = self.rows.saturating_add(self.row_repeats);
        self.over_cells(self.pushed)
    }

    fn start_cell(&mut self, e: &BytesStart) {
        let mut has_value = false;
        let mut bytes = 0u64;
        for a in e.attributes().flatten() {
            match a.key.as_ref() {
                "office:value-type" | "calcext:value-type" | "office:boolean-value" => {
                    has_value = true
                }
                "office:value"
                | "office:string-value"
                | "office:date-value"
                | "office:time-value"
                | "table:formula" => {
                    has_value = true;
                    bytes += a.value.len() as u64;
                }
                _ => (),
            }
        }
        self.cell = Some((
            attr_count(e, "table:number-columns-repeated"),
            has_value,
            bytes,
        ));
    }

    fn text(&mut self, bytes: u64) {
        if let Some((_, _, b)) = &mut self.cell {
            *b = b.saturating_add(bytes);
        }
    }

    fn end_cell(&mut self) -> Result<(), Fail> {
        let Some((repeats, has_value, bytes)) = self.cell.take() else {
            return Ok(());
        };
        let repeats = repeats.min(CALAMINE_MAX_COLUMNS.saturating_sub(self.col));
        let start = self.col;
        self.col += repeats;
        if has_value && repeats > 0 {
            self.row_pushed = self.col;
            let (left, right) = self.col_span.unwrap_or((start, self.col));
            self.col_span = Some((left.min(start), right.max(self.col)));
            let copies = repeats.saturating_mul(self.row_repeats.max(1));
            self.text_bytes = self.text_bytes.saturating_add(bytes.saturating_mul(copies));
            if self.text_bytes > MAX_FILE_BYTES {
                return Err(Fail::Limit {
                    limit: Limit::FileBytes,
                    found: format!("more than {MAX_FILE_BYTES}"),
                    where_: format!(
                        "table \"{}\", its text with the repeated cells and rows expanded: ",
                        self.table
                    ),
                });
            }
        }
        Ok(())
    }

    fn over_cells(&self, pending: u64) -> Result<(), Fail> {
        let total = self.cells.saturating_add(pending);
        if total > MAX_CELLS {
            return Err(Fail::Limit {
                limit: Limit::Cells,
                found: format!("at least {total}"),
                where_: format!(
                    "table \"{}\", its repeated cells and rows expanded (an .ods is read whole: every table counts): ",
                    self.table
                ),
            });
        }
        Ok(())
    }

    fn end_table(&mut self) -> Result<(), Fail> {
        let span = match (self.row_span, self.col_span) {
            (Some((t, b)), Some((l, r))) => (b - t).saturating_mul(r - l),
            _ => 0,
        };
        let table_cells = self.pushed.saturating_add(span);
        self.over_cells(table_cells)?;
        self.cells = self.cells.saturating_add(table_cells);
        let table = std::mem::take(&mut self.table);
        *self = Scan {
            text_bytes: self.text_bytes,
            cells: self.cells,
            ..Scan::default()
        };
        self.table = table;
        Ok(())
    }
}
