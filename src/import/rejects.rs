//! The rejects file of `--skip-invalid --rejects FILE`: the invalid rows as they were, with the
//! reasons, ready to be corrected and imported again.

use super::columns::is_reason_header;
use super::{Checked, Table};
use std::io::Write;

/// The header of the column [`write_rejects`] adds. On import a column headed "reason" (or
/// "原因") is ignored without a warning.
pub const REASON_HEADER: &str = "reason";

/// Writes the rows of `checked.invalid_rows` to `out` as CSV UTF-8 with a BOM (so Excel opens
/// it with the Chinese intact), CRLF line ends: the original headers and cell values, plus a
/// last column "reason" holding that row's errors ("column: message", joined with "; "). A row
/// rejected for a file-level problem (a missing column) carries those messages instead. If the
/// table already has a reason column (a rejects file rejected again), its cells are replaced
/// rather than a second one added. Short rows are padded so the reason lands in its column.
/// Every cell is neutralised (`csv_out`): a rejected `=cmd|…` comes back as `'=cmd|…`, which
/// Excel shows and never runs.
pub fn write_rejects(out: impl Write, table: &Table, checked: &Checked) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(out);
    file.write_all(b"\xEF\xBB\xBF")?;
    let mut w = crate::csv_out::CsvOut::new(
        csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(file),
    );

    let existing = table.headers.iter().position(|h| is_reason_header(h));
    let mut headers = table.headers.clone();
    if existing.is_none() {
        headers.push(REASON_HEADER.to_string());
    }
    w.write_record(&headers)?;

    let describe = |e: &super::RowError| {
        if e.column.is_empty() {
            e.message.clone()
        } else {
            format!("{}: {}", e.column, e.message)
        }
    };
    let file_level: Vec<String> = checked
        .errors
        .iter()
        .filter(|e| e.row == table.header_row)
        .map(describe)
        .collect();
    for raw in &checked.invalid_rows {
        let mut reasons: Vec<String> = checked
            .errors
            .iter()
            .filter(|e| e.row == raw.row)
            .map(describe)
            .collect();
        if reasons.is_empty() {
            reasons.clone_from(&file_level);
        }
        let reason = reasons.join("; ");
        let mut cells = raw.cells.clone();
        match existing {
            Some(i) => {
                if cells.len() <= i {
                    cells.resize(i + 1, String::new());
                }
                cells[i] = reason;
            }
            None => {
                if cells.len() < table.headers.len() {
                    cells.resize(table.headers.len(), String::new());
                }
                cells.push(reason);
            }
        }
        w.write_record(&cells)?;
    }
    w.into_inner()?.flush()
}
