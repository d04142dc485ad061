//! `certdesk inspection export TASK --format csv|json|xlsx [--output FILE]`: a completed
//! task's publication (一公开) in the publication's shape — task number and name, inspecting
//! authority, completion date, body name, USCC, result — with Chinese headings (it is published
//! in Chinese whatever `--lang` says). CSV with a BOM and every cell neutralised (`CsvOut`),
//! XLSX with rust_xlsxwriter; a file is always new (`files::OutputFile`), never the database.

use super::output::{self, write_json};
use super::{CliError, EXIT_OK, EXIT_USAGE};
use crate::csv_out::CsvOut;
use crate::i18n::inspection::{InspectionMsg, Report, report};
use crate::i18n::{CmdMsg, Lang};
use crate::store::Store;
use crate::store::inspections::PublicationRow;
use std::io::Write;
use std::path::Path;

/// The publication's columns, in order.
pub const HEADINGS: [&str; 7] = [
    "任务编号",
    "任务名称",
    "检查机关",
    "完成日期",
    "机构名称",
    "统一社会信用代码",
    "检查结果",
];

/// The byte-order mark that makes Excel read CSV as UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The longest text a spreadsheet cell holds.
const XLSX_CELL_CHARS: usize = 32_767;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PublicationFormat {
    Csv,
    Json,
    Xlsx,
}

fn cells(r: &PublicationRow) -> [String; 7] {
    [
        r.task_no.to_string(),
        r.task_name.clone(),
        r.authority.clone(),
        r.completed_on.clone(),
        r.name.clone(),
        r.uscc.clone(),
        r.result_label.clone(),
    ]
}

fn write_csv(out: &mut dyn Write, rows: &[PublicationRow]) -> std::io::Result<()> {
    let mut w = CsvOut::from_writer(out);
    let csv = |e: csv::Error| std::io::Error::other(e.to_string());
    w.write_record(HEADINGS).map_err(csv)?;
    for r in rows {
        w.write_record(cells(r)).map_err(csv)?;
    }
    w.flush()
}

fn xlsx_bytes(rows: &[PublicationRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("抽查结果")?;
    let bold = Format::new().set_bold();
    let cut = |s: &str| -> String { s.chars().take(XLSX_CELL_CHARS).collect() };
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let mut widths: Vec<usize> = HEADINGS.iter().map(|h| width(h)).collect();
    for (c, h) in HEADINGS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in cells(row).iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, cut(cell))?;
            widths[c] = widths[c].max(width(cell));
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 1.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

/// Write the publication of `task` to `output` (a new file) or to standard output.
pub fn export(
    store: &Store,
    task: i64,
    format: PublicationFormat,
    output: Option<&Path>,
    lang: Lang,
) -> Result<u8, CliError> {
    let rows = store
        .publication(task)
        .map_err(|e| super::inspection::refused(lang, e))?;
    let Some(path) = output else {
        if format == PublicationFormat::Xlsx {
            return Err(CliError::new(
                EXIT_USAGE,
                lang.t(InspectionMsg::XlsxNeedsOutput).to_string(),
            ));
        }
        let io = |e: std::io::Error| {
            CliError::failure(lang.f(
                CmdMsg::CannotWriteStdout,
                &[("why", &crate::i18n::os::io_error(lang, &e))],
            ))
            .or_broken_pipe(&e)
        };
        let mut out = output::stdout();
        match format {
            PublicationFormat::Csv => {
                out.write_verbatim(BOM).map_err(io)?; // U+FEFF is invisible: not sanitised away
                write_csv(&mut out, &rows).map_err(io)?;
            }
            _ => {
                write_json(&mut out, &rows, true).map_err(io)?;
                writeln!(out).map_err(io)?;
            }
        }
        out.flush().map_err(io)?;
        return Ok(EXIT_OK);
    };
    let mut file = crate::files::OutputFile::create_new(
        path,
        false,
        &crate::files::database_files(store.path()),
        crate::files::output_mode(Some(store.path())),
    )
    .map_err(|e| match e {
        // There is no --force here: a publication is written new, every time.
        crate::files::OutputError::Exists(p) => CliError::new(
            EXIT_USAGE,
            crate::i18n::store::output_exists_no_force(&p).render(lang),
        ),
        e => CliError::from(e).speaking(lang),
    })?;
    // The file is not linked into place until committed: a failure leaves nothing behind.
    let io = |e: std::io::Error| {
        CliError::from(crate::files::OutputError::Io {
            path: path.to_path_buf(),
            source: e,
        })
        .speaking(lang)
    };
    match format {
        PublicationFormat::Csv => {
            file.write_all(BOM).map_err(io)?;
            write_csv(&mut file, &rows).map_err(io)?;
        }
        PublicationFormat::Json => {
            write_json(&mut file, &rows, true).map_err(io)?;
            writeln!(file).map_err(io)?;
        }
        PublicationFormat::Xlsx => {
            let bytes = xlsx_bytes(&rows).map_err(|e| io(std::io::Error::other(e)))?;
            file.write_all(&bytes).map_err(io)?;
        }
    }
    file.commit()
        .map_err(|e| CliError::from(e).speaking(lang))?;
    output::print_line(&report(
        lang,
        &Report::Exported(path.to_string_lossy().into_owned(), rows.len()),
    ))?;
    Ok(EXIT_OK)
}
