//! "Export what you see": a screen's filtered list as a [`Table`] in the UI language, written
//! to a new file the officer confirms — XLSX (rust_xlsxwriter) or CSV with a byte-order mark
//! (through `csv_out::CsvOut`, every cell neutralised against formulas), by the extension
//! typed. Every file goes through `files::OutputFile`: new only, never an overwrite, a
//! temporary name linked into place when complete.

use crate::csv_out::CsvOut;
use crate::files::{OutputError, OutputFile};
use crate::i18n::os::io_error;
use crate::i18n::{Lang, Msg};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A list as shown: its column headings and its rows of cells, all text (numbers such as a
/// CMA certificate number stay text, so a spreadsheet never drops their leading zeros).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The file formats the extension chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    /// `.xlsx` or `.csv` (any case); anything else is not a format.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }
}

/// Why a table was not written; `message` says it in the UI language with the fix.
#[derive(Debug)]
pub enum ExportError {
    /// No name given.
    Empty,
    /// The name ends neither in .xlsx nor in .csv.
    Extension(PathBuf),
    /// The file exists: never replaced.
    Exists(PathBuf),
    /// The database or one of its files.
    Database(PathBuf),
    /// A folder.
    Folder(PathBuf),
    /// The disk, the folder's permissions …: nothing was left behind. Why, in Chinese and in
    /// English (the OS's reason named by `i18n::os`).
    Io(PathBuf, String, String),
}

impl ExportError {
    pub fn message(&self, lang: Lang) -> String {
        let p = |p: &PathBuf| {
            crate::domain::text::sanitize_for_display(&p.to_string_lossy()).into_owned()
        };
        match self {
            ExportError::Empty => lang.t(Msg::ExportNoName).to_string(),
            ExportError::Extension(path) => lang.f(Msg::ExportBadExtension, &[("path", &p(path))]),
            ExportError::Exists(path) => lang.f(Msg::ExportExists, &[("path", &p(path))]),
            ExportError::Database(path) => lang.f(Msg::ExportDatabase, &[("path", &p(path))]),
            ExportError::Folder(path) => lang.f(Msg::ExportFolder, &[("path", &p(path))]),
            ExportError::Io(path, zh, en) => lang.f(
                Msg::ExportIo,
                &[
                    ("path", &p(path)),
                    (
                        "why",
                        &crate::domain::text::sanitize_for_display(lang.pick(zh, en)),
                    ),
                ],
            ),
        }
    }
}

/// An OS failure writing `path`, in both languages.
fn os(path: PathBuf, e: &std::io::Error) -> ExportError {
    ExportError::Io(path, io_error(Lang::Zh, e), io_error(Lang::En, e))
}

impl From<OutputError> for ExportError {
    fn from(e: OutputError) -> Self {
        match e {
            OutputError::Exists(p) => ExportError::Exists(p),
            OutputError::Database(p) => ExportError::Database(p),
            OutputError::Folder(p) => ExportError::Folder(p),
            OutputError::Io { path, source } => os(path, &source),
            OutputError::FolderIo {
                path,
                folder,
                source,
            } => {
                let folder = folder.display();
                let why = |lang| match lang {
                    Lang::Zh => {
                        format!("无法打开其所在文件夹 {folder}：{}", io_error(lang, &source))
                    }
                    Lang::En => format!("its folder {folder} cannot be opened: {source}"),
                };
                ExportError::Io(path, why(Lang::Zh), why(Lang::En))
            }
        }
    }
}

/// The folder the prompt proposes: the home folder (`directories`), else the current one.
pub fn home_folder() -> PathBuf {
    directories::UserDirs::new()
        .map(|u| u.home_dir().to_path_buf())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `~/certdesk-队列-2026-12-01.xlsx`: the name proposed for a list of `what` on `today` in
/// `dir`; a name taken already gets `-2`, `-3` … so the proposal never names an existing file.
pub fn default_path(dir: &Path, what: &str, today: jiff::civil::Date, format: Format) -> PathBuf {
    let ext = format.extension();
    let what = crate::domain::text::sanitize_for_display(what).replace(['/', '\\'], "-");
    let mut path = dir.join(format!("certdesk-{what}-{today}.{ext}"));
    let mut n = 1;
    while path.symlink_metadata().is_ok() && n < 1000 {
        n += 1;
        path = dir.join(format!("certdesk-{what}-{today}-{n}.{ext}"));
    }
    path
}

/// What the officer typed as a path: `~` and `~/…` are the home folder, a relative path is
/// taken from `dir` (the folder proposed).
pub fn typed_path(typed: &str, dir: &Path) -> Result<PathBuf, ExportError> {
    let t = typed.trim();
    if t.is_empty() {
        return Err(ExportError::Empty);
    }
    let path = if t == "~" {
        home_folder()
    } else if let Some(rest) = t.strip_prefix("~/") {
        home_folder().join(rest)
    } else {
        let p = PathBuf::from(t);
        if p.is_absolute() { p } else { dir.join(p) }
    };
    if path.is_dir() {
        return Err(ExportError::Folder(path));
    }
    if Format::of_path(&path).is_none() {
        return Err(ExportError::Extension(path));
    }
    Ok(path)
}

/// The byte-order mark that makes Excel read CSV as UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The most text one XLSX cell holds (Excel's limit); longer cells are cut there.
const XLSX_CELL_CHARS: usize = 32_767;

/// Write `table` to the new file `path` (format by its extension), never over an existing
/// file nor over one of `protected` (the database's files); `mode` as `files::output_mode`.
pub fn write(
    table: &Table,
    path: &Path,
    protected: &[PathBuf],
    mode: u32,
) -> Result<(), ExportError> {
    let format = Format::of_path(path).ok_or_else(|| ExportError::Extension(path.into()))?;
    let io = |e: std::io::Error| os(path.to_path_buf(), &e);
    // The CSV writer's and the workbook's failures: an OS failure inside, else their own words.
    let csv = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => io(e),
        other => io(std::io::Error::other(format!("{other:?}"))),
    };
    let mut file = OutputFile::create_new(path, false, protected, mode)?;
    match format {
        Format::Csv => {
            file.write_all(BOM).map_err(io)?;
            let mut w = CsvOut::from_writer(std::io::BufWriter::new(file));
            w.write_record(&table.headers).map_err(csv)?;
            for row in &table.rows {
                w.write_record(row).map_err(csv)?;
            }
            let buffered = w.into_inner().map_err(io)?;
            file = buffered.into_inner().map_err(|e| io(e.into_error()))?;
        }
        Format::Xlsx => {
            let bytes = xlsx_bytes(table).map_err(|e| io(std::io::Error::other(e)))?;
            file.write_all(&bytes).map_err(io)?;
        }
    }
    file.commit()?;
    Ok(())
}

/// The workbook: one sheet, the headings bold and frozen, an autofilter, every cell text.
fn xlsx_bytes(table: &Table) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = CellFormat::new().set_bold();
    let cut = |s: &str| -> String { s.chars().take(XLSX_CELL_CHARS).collect() };
    let mut widths: Vec<usize> = table.headers.iter().map(|h| display_width(h)).collect();
    for (c, h) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, cut(h), &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, cut(cell))?;
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(display_width(cell));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 1.0)?;
    }
    if !table.headers.is_empty() {
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(
            0,
            0,
            table.rows.len() as u32,
            table.headers.len() as u16 - 1,
        )?;
    }
    book.save_to_buffer()
}

fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            headers: vec!["机构名称".into(), "证书编号".into(), "剩余".into()],
            rows: vec![
                vec![
                    "北京国实认证有限公司".into(),
                    "010012345678".into(),
                    "-3".into(),
                ],
                vec![
                    "=HYPERLINK(\"http://x\")".into(),
                    "CNCA-R-2002-001".into(),
                    "5".into(),
                ],
            ],
        }
    }

    #[test]
    fn csv_has_a_bom_and_neutralised_cells_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("队列.csv");
        write(&table(), &path, &[], 0o600).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(BOM));
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(headers, table().headers);
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(rows[0], table().rows[0]);
        assert_eq!(rows[1][0], "'=HYPERLINK(\"http://x\")");
    }

    #[test]
    fn xlsx_reads_back_as_text_with_leading_zeros() {
        use calamine::{Data, Reader, Xlsx};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.XLSX");
        write(&table(), &path, &[], 0o600).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let cells: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::String(s) => s.clone(),
                        other => panic!("not text: {other:?}"),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(cells[0], table().headers);
        assert_eq!(&cells[1..], &table().rows[..]);
    }

    #[test]
    fn an_existing_file_is_refused_and_kept_and_a_bad_name_explained() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kept.csv");
        std::fs::write(&path, "mine").unwrap();
        let e = write(&table(), &path, &[], 0o600).unwrap_err();
        assert!(matches!(e, ExportError::Exists(_)));
        assert!(
            e.message(Lang::Zh).contains("已存在"),
            "{}",
            e.message(Lang::Zh)
        );
        assert!(e.message(Lang::En).contains("already exists"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
        assert!(matches!(
            typed_path("list.txt", dir.path()),
            Err(ExportError::Extension(_))
        ));
        assert!(matches!(
            typed_path("  ", dir.path()),
            Err(ExportError::Empty)
        ));
        assert!(matches!(
            typed_path(&dir.path().to_string_lossy(), dir.path()),
            Err(ExportError::Folder(_))
        ));
        assert_eq!(
            typed_path("a.csv", dir.path()).unwrap(),
            dir.path().join("a.csv")
        );
        let db = dir.path().join("certdesk.db");
        std::fs::write(&db, "db").unwrap();
        let e = write(
            &table(),
            &dir.path().join("certdesk.db-wal.csv"),
            &[dir.path().join("certdesk.db-wal.csv")],
            0o600,
        )
        .unwrap_err();
        assert!(matches!(e, ExportError::Database(_)));
        // Nothing half-written: only the files put there.
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["certdesk.db", "kept.csv"]);
    }

    #[test]
    fn the_default_name_is_never_taken() {
        let dir = tempfile::tempdir().unwrap();
        let today = jiff::civil::date(2026, 12, 1);
        let first = default_path(dir.path(), "队列", today, Format::Xlsx);
        assert_eq!(first, dir.path().join("certdesk-队列-2026-12-01.xlsx"));
        std::fs::write(&first, "").unwrap();
        let second = default_path(dir.path(), "队列", today, Format::Xlsx);
        assert_eq!(second, dir.path().join("certdesk-队列-2026-12-01-2.xlsx"));
    }
}
