//! The rejects file of `--skip-invalid --rejects FILE`: the invalid rows as they were, with the
//! reasons, ready to be corrected and imported again.

use super::columns::is_reason_header;
use super::{Checked, RawRow, RowError, Table};
use crate::i18n::Lang;
use std::io::Write;

/// The header of the column [`write_rejects`] adds. On import a column headed "reason" (or
/// "原因") is ignored without a warning.
pub const REASON_HEADER: &str = "reason";

/// Writes the rows of `checked.invalid_rows` to `out` as a [`RejectsWriter`] does, the reasons
/// in English.
pub fn write_rejects(out: impl Write, table: &Table, checked: &Checked) -> std::io::Result<()> {
    write_rejects_in(out, table, checked, Lang::En)
}

/// [`write_rejects`] with the reasons in `lang`.
pub fn write_rejects_in(
    out: impl Write,
    table: &Table,
    checked: &Checked,
    lang: Lang,
) -> std::io::Result<()> {
    let file_level: Vec<&RowError> = checked
        .errors
        .iter()
        .filter(|e| e.row == table.header_row)
        .collect();
    let mut w = RejectsWriter::new(out, &table.headers, file_level, lang)?;
    for raw in &checked.invalid_rows {
        w.row(raw, checked.errors.iter().filter(|e| e.row == raw.row))?;
    }
    w.finish().map(drop)
}

/// The rejects file, written one row at a time as the rows are checked: CSV UTF-8 with a BOM
/// (so Excel opens it with the Chinese intact), CRLF line ends, the original headers and cell
/// values plus a last column "reason" holding that row's errors ("column: message", joined
/// with "; ", in the language of the command: "列：说明", joined with "；"). A row rejected for a file-level problem (a missing column) carries those
/// messages instead. If the table already has a reason column (a rejects file rejected again),
/// its cells are replaced rather than a second one added. Short rows are padded so the reason
/// lands in its column. Every cell is neutralised (`csv_out`): a rejected `=cmd|…` comes back
/// as `'=cmd|…`, which Excel shows and never runs.
pub struct RejectsWriter<W: Write> {
    w: crate::csv_out::CsvOut<std::io::BufWriter<W>>,
    existing: Option<usize>,
    width: usize,
    file_level: Vec<String>,
    lang: Lang,
}

fn describe(e: &RowError, lang: Lang) -> String {
    let message = e.message_in(lang);
    if e.column.is_empty() {
        message
    } else {
        format!("{}{}{message}", e.column, lang.pick("：", ": "))
    }
}

impl<W: Write> RejectsWriter<W> {
    /// Start the file with its header; `file_level` are the errors of the header row; the
    /// reasons are written in `lang`.
    pub fn new<'e>(
        out: W,
        headers: &[String],
        file_level: impl IntoIterator<Item = &'e RowError>,
        lang: Lang,
    ) -> std::io::Result<Self> {
        let mut file = std::io::BufWriter::new(out);
        file.write_all(b"\xEF\xBB\xBF")?;
        let mut w = crate::csv_out::CsvOut::new(
            csv::WriterBuilder::new()
                .flexible(true)
                .terminator(csv::Terminator::CRLF)
                .from_writer(file),
        );
        let existing = headers.iter().position(|h| is_reason_header(h));
        let mut all = headers.to_vec();
        if existing.is_none() {
            all.push(REASON_HEADER.to_string());
        }
        w.write_record(&all)?;
        Ok(RejectsWriter {
            w,
            existing,
            width: headers.len(),
            file_level: file_level.into_iter().map(|e| describe(e, lang)).collect(),
            lang,
        })
    }

    /// One rejected row with its errors (none: the file-level ones).
    pub fn row<'e>(
        &mut self,
        raw: &RawRow,
        errors: impl IntoIterator<Item = &'e RowError>,
    ) -> std::io::Result<()> {
        let mut reasons: Vec<String> = errors.into_iter().map(|e| describe(e, self.lang)).collect();
        if reasons.is_empty() {
            reasons.clone_from(&self.file_level);
        }
        let reason = reasons.join(self.lang.pick("；", "; "));
        let mut cells = raw.cells.clone();
        match self.existing {
            Some(i) => {
                if cells.len() <= i {
                    cells.resize(i + 1, String::new());
                }
                cells[i] = reason;
            }
            None => {
                if cells.len() < self.width {
                    cells.resize(self.width, String::new());
                }
                cells.push(reason);
            }
        }
        Ok(self.w.write_record(&cells)?)
    }

    /// Flush everything and give the destination back.
    pub fn finish(self) -> std::io::Result<W> {
        self.w
            .into_inner()?
            .into_inner()
            .map_err(|e| e.into_error())
    }
}
