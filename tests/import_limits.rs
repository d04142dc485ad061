//! Import limits (README, "Import limits"): hostile workbooks and JSON refused at once, with the
//! limit named, and nothing written. These tests never time anything: that a refusal comes
//! before any large allocation is what makes them finish at all (the A1 + XFD1048576 workbook
//! used to abort the process asking for 512 GiB).

mod common;

use certdesk::import::limits::{Limit, MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use certdesk::import::{EncodingChoice, ReadError, Table, read_table};
use common::sheets::xlsx;
use common::{HEADER_EN, certdesk, row};
use std::io::Write;
use std::path::{Path, PathBuf};

// ------------------------------------------------------------------ builders

fn write_file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn read(p: &Path) -> Result<Table, ReadError> {
    read_table(p, None, EncodingChoice::Auto)
}

/// The limit a refusal names, and its message.
fn refused(p: &Path) -> (Limit, String) {
    match read(p) {
        Err(e @ ReadError::Limit { limit, .. }) => (limit, e.to_string()),
        other => panic!("{}: expected a limit, got {other:?}", p.display()),
    }
}

/// An inline-string cell.
fn c(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The English header in row 1 and one good row in row 2, as xlsx cells.
fn good_rows() -> String {
    let cols = |i: usize| (b'A' + i as u8) as char;
    let header: String = HEADER_EN
        .split(',')
        .enumerate()
        .map(|(i, h)| c(&format!("{}1", cols(i)), h))
        .collect();
    let data: String = row(1, "general")
        .split(',')
        .enumerate()
        .map(|(i, v)| c(&format!("{}2", cols(i)), v))
        .collect();
    format!(r#"<row r="1">{header}</row><row r="2">{data}</row>"#)
}

/// A minimal BIFF8 .xls by hand: `sheets` are (name, DIMENSIONS data or None, cells as
/// (row, col, number) or text cells (row, col, label)).
fn xls(sheets: &[XlsSheet]) -> Vec<u8> {
    fn rec(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend(typ.to_le_bytes());
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
    }
    fn bof(out: &mut Vec<u8>, dt: u16) {
        let mut d = vec![0u8; 16];
        d[0..2].copy_from_slice(&0x0600u16.to_le_bytes());
        d[2..4].copy_from_slice(&dt.to_le_bytes());
        rec(out, 0x0809, &d);
    }
    let mut globals = Vec::new();
    bof(&mut globals, 0x0005);
    let mut patch = Vec::new();
    for (name, _, _) in sheets {
        let mut d = vec![0u8; 6];
        d.push(name.len() as u8);
        d.push(0);
        d.extend(name.as_bytes());
        patch.push(globals.len() + 4);
        rec(&mut globals, 0x0085, &d);
    }
    rec(&mut globals, 0x000A, &[]);
    let mut stream = globals;
    for (i, (_, dims, cells)) in sheets.iter().enumerate() {
        let pos = stream.len() as u32;
        stream[patch[i]..patch[i] + 4].copy_from_slice(&pos.to_le_bytes());
        bof(&mut stream, 0x0010);
        if let Some([rf, rl, cf, cl]) = dims {
            let mut d = Vec::new();
            d.extend(rf.to_le_bytes());
            d.extend(rl.to_le_bytes());
            d.extend((*cf as u16).to_le_bytes());
            d.extend((*cl as u16).to_le_bytes());
            d.extend([0, 0]);
            rec(&mut stream, 0x0200, &d);
        }
        for (r, col, cell) in cells {
            let mut d = Vec::new();
            d.extend(r.to_le_bytes());
            d.extend(col.to_le_bytes());
            d.extend(0u16.to_le_bytes());
            match cell {
                Cell::Number(n) => {
                    d.extend(n.to_le_bytes());
                    rec(&mut stream, 0x0203, &d);
                }
                Cell::Text(s) => {
                    d.extend((s.len() as u16).to_le_bytes());
                    d.push(0);
                    d.extend(s.as_bytes());
                    rec(&mut stream, 0x0204, &d);
                }
            }
        }
        rec(&mut stream, 0x000A, &[]);
    }
    // Excel keeps the stream out of the mini stream (at least 4,096 bytes).
    stream.resize(stream.len().max(4096), 0);
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new()))
            .unwrap();
    file.create_stream("/Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// (name, DIMENSIONS as [first row, last row + 1, first column, last column + 1], cells).
type XlsSheet<'a> = (&'a str, Option<[u32; 4]>, Vec<(u16, u16, Cell)>);

enum Cell {
    Number(f64),
    Text(&'static str),
}

/// The English header and one good row as .xls cells, from column 0.
fn xls_good_cells() -> Vec<(u16, u16, Cell)> {
    let header: Vec<&'static str> = HEADER_EN.split(',').collect();
    header
        .into_iter()
        .enumerate()
        .map(|(i, h)| (0u16, i as u16, Cell::Text(h)))
        .collect()
}

/// A minimal .ods by hand: `rows` is the inside of the first `<table:table>`.
fn ods(tables: &[(&str, String)]) -> Vec<u8> {
    let body: String = tables
        .iter()
        .map(|(name, rows)| format!(r#"<table:table table:name="{name}">{rows}</table:table>"#))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("META-INF/manifest.xml", options).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", options).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn ods_text(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

fn ods_header_row() -> String {
    let cells: String = HEADER_EN.split(',').map(ods_text).collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

// ------------------------------------------------------------------ xlsx

#[test]
fn a1_and_xfd1048576_is_refused_by_its_columns_naming_the_sheet_and_cell() {
    // Written by rust_xlsxwriter, which places cells anywhere in Excel's grid.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "uscc").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&p).unwrap();
    assert!(std::fs::metadata(&p).unwrap().len() < 8_000);
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Columns);
    assert!(
        msg.contains(
            "sheet \"Sheet1\" declares A1:XFD1048576 and has a value in XFD1048576: 16384 columns, over the limit of 200"
        ),
        "{msg}"
    );
    assert!(msg.starts_with(&p.display().to_string()), "{msg}");
    assert!(msg.contains("delete the columns"), "{msg}");
}

#[test]
fn a1_and_xfd5000_by_hand_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!(
        r#"<row r="1">{}</row><row r="5000">{}</row>"#,
        c("A1", "uscc"),
        c("XFD5000", "x")
    );
    let bytes = xlsx("A1:XFD5000", &data);
    assert!(bytes.len() < 2_000, "{}", bytes.len());
    let p = write_file(dir.path(), "far.xlsx", bytes);
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Columns);
    assert!(
        msg.contains("declares A1:XFD5000 and has a value in XFD5000: 16384 columns"),
        "{msg}"
    );
}

#[test]
fn a_far_value_without_a_declared_dimension_is_refused_by_the_cell_itself() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!("{}<row r=\"3\">{}</row>", good_rows(), c("GS3", "x"));
    let p = write_file(dir.path(), "wide.xlsx", xlsx("", &data));
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Columns);
    // A..GS is 201 columns.
    assert!(
        msg.contains("sheet \"Sheet1\", cell GS3: 201 columns, over the limit of 200"),
        "{msg}"
    );
    // 200 columns exactly are fine.
    let data = format!("{}<row r=\"3\">{}</row>", good_rows(), c("GR3", "x"));
    let p = write_file(dir.path(), "200.xlsx", xlsx("", &data));
    let t = read(&p).unwrap();
    assert_eq!(t.rows.last().unwrap().cells.len(), MAX_COLUMNS);
}

#[test]
fn a_declared_dimension_alone_refuses_nothing() {
    // Excel declares its used range, formatted empty cells included: a good table may declare
    // the whole grid. Nothing is allocated from the declaration, so it is no reason to refuse.
    let dir = tempfile::tempdir().unwrap();
    let p = write_file(
        dir.path(),
        "declared.xlsx",
        xlsx("A1:XFD1048576", &good_rows()),
    );
    let t = read(&p).unwrap();
    assert_eq!(t.headers.len(), 12);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].row, 2);

    // Far cells that hold nothing (a style only, self-closed or not, an empty string, spaces).
    let data = format!(
        r#"{}<row r="9"><c r="XFD9" s="1"/><c r="XFC9" s="1"></c></row><row r="1048576">{}{}</row>"#,
        good_rows(),
        c("XFD1048576", ""),
        c("A1048576", "  ")
    );
    let p = write_file(dir.path(), "formatted.xlsx", xlsx("A1:XFD1048576", &data));
    let t = read(&p).unwrap();
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].cells.len(), 12);
}

#[test]
fn rust_xlsxwriter_formatted_blank_far_away_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("blank.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (i, h) in HEADER_EN.split(',').enumerate() {
        ws.write_string(0, i as u16, h).unwrap();
    }
    for (i, v) in row(1, "general").split(',').enumerate() {
        ws.write_string(1, i as u16, v).unwrap();
    }
    ws.write_blank(1_048_575, 16_383, &bold).unwrap();
    wb.save(&p).unwrap();
    let t = read(&p).unwrap();
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].row, 2);
}

#[test]
fn rows_beyond_the_limit_and_a_cell_too_long_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let far_row = MAX_ROWS + 2; // header in row 1, then MAX_ROWS + 1 rows
    let data = format!(
        r#"{}<row r="{far_row}">{}</row>"#,
        good_rows(),
        c(&format!("A{far_row}"), "x")
    );
    let p = write_file(dir.path(), "deep.xlsx", xlsx("", &data));
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Rows);
    assert!(
        msg.contains(&format!(
            "cell A{far_row}: 1048577 data rows, over the limit of 1048576"
        )),
        "{msg}"
    );

    let long = "x".repeat(MAX_CELL_CHARS + 1);
    let data = format!(r#"{}<row r="3">{}</row>"#, good_rows(), c("B3", &long));
    let p = write_file(dir.path(), "long.xlsx", xlsx("", &data));
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::CellChars);
    assert!(
        msg.contains("cell B3: 32768 characters in one cell, over the limit of 32767"),
        "{msg}"
    );
    // Exactly the limit is read.
    let data = format!(r#"{}<row r="3">{}</row>"#, good_rows(), c("B3", &long[1..]));
    let p = write_file(dir.path(), "max.xlsx", xlsx("", &data));
    assert_eq!(
        read(&p).unwrap().rows[1].cells[1].chars().count(),
        MAX_CELL_CHARS
    );
}

#[test]
fn sheet_row_numbers_and_offsets_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!(
        r#"<row r="3">{}{}</row><row r="7">{}</row>"#,
        c("C3", "uscc"),
        c("D3", "name"),
        c("D7", "甲")
    );
    let p = write_file(dir.path(), "offset.xlsx", xlsx("C3:D7", &data));
    let t = read(&p).unwrap();
    assert_eq!(t.header_row, 3);
    assert_eq!(t.headers, ["uscc", "name"]);
    assert_eq!(t.rows[0].row, 7);
    assert_eq!(t.rows[0].cells, ["", "甲"]);
}

// ------------------------------------------------------------------ xls

#[test]
fn xls_good_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut cells = xls_good_cells();
    cells.push((1, 0, Cell::Text("91110000MA0000001X")));
    cells.push((1, 8, Cell::Number(110000.0)));
    let p = write_file(
        dir.path(),
        "good.xls",
        xls(&[("Sheet1", Some([0, 2, 0, 12]), cells)]),
    );
    let t = read(&p).unwrap();
    assert_eq!(t.headers.len(), 12);
    assert_eq!(t.rows[0].cells[8], "110000");
}

#[test]
fn xls_with_a_huge_declared_dimension_is_refused_before_calamine_reserves_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_file(
        dir.path(),
        "declared.xls",
        xls(&[("Sheet1", Some([0, u32::MAX, 0, 200]), xls_good_cells())]),
    );
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Rows);
    assert!(
        msg.contains("sheet \"Sheet1\" declares A1:GR4294967295: "),
        "{msg}"
    );
    // Beyond the .xls grid in columns.
    let p = write_file(
        dir.path(),
        "wide.xls",
        xls(&[("Sheet1", Some([0, 65_536, 0, 0xFFFF]), xls_good_cells())]),
    );
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Columns);
    assert!(msg.contains("declares A1:"), "{msg}");
}

#[test]
fn xls_far_cells_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // The first sheet: A1 and a value 300 columns away.
    let mut cells = xls_good_cells();
    cells.push((5, 300, Cell::Number(1.0)));
    let p = write_file(dir.path(), "far.xls", xls(&[("Sheet1", None, cells)]));
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Columns);
    assert!(
        msg.contains("sheet \"Sheet1\", cell KO6: 301 columns"),
        "{msg}"
    );
    // Two sheets each spanning A1:IV65536 (16.7 million cells each): calamine would allocate
    // both when it opens the file.
    let span = || vec![(0, 0, Cell::Number(1.0)), (65_535, 255, Cell::Number(1.0))];
    let p = write_file(
        dir.path(),
        "spans.xls",
        xls(&[
            ("Sheet1", None, xls_good_cells()),
            ("A", None, span()),
            ("B", None, span()),
        ]),
    );
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Cells);
    assert!(msg.contains("sheet \"B\" spans A1:IV65536"), "{msg}");
}

// ------------------------------------------------------------------ ods

#[test]
fn ods_good_file_is_read_with_its_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!(
        r#"{}<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2"/></table:table-row><table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        ods_header_row(),
        ods_text("91110000MA0000001X")
    );
    let p = write_file(dir.path(), "good.ods", ods(&[("Sheet1", data)]));
    let t = read(&p).unwrap();
    assert_eq!(t.headers.len(), 12);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].row, 5);
}

#[test]
fn ods_far_cell_and_repeat_bombs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A value after 16,000 empty columns.
    let data = format!(
        r#"{}<table:table-row><table:table-cell table:number-columns-repeated="16000"/>{}</table:table-row>"#,
        ods_header_row(),
        ods_text("x")
    );
    let p = write_file(dir.path(), "far.ods", ods(&[("Sheet1", data)]));
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Columns);
    assert!(msg.contains("16001 columns"), "{msg}");

    // 200 columns × 1,000,000 rows of one value: 200 million cells, from a few hundred bytes.
    let bomb = format!(
        r#"{}<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="200" office:value-type="float" office:value="1"/></table:table-row>"#,
        ods_header_row()
    );
    let p = write_file(dir.path(), "cells.ods", ods(&[("Sheet1", bomb)]));
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Cells);
    assert!(msg.contains("table \"Sheet1\""), "{msg}");

    // One cell of four billion spaces.
    let spaces = format!(
        r#"{}<table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#,
        ods_header_row()
    );
    let p = write_file(dir.path(), "spaces.ods", ods(&[("Sheet1", spaces)]));
    let (limit, _) = refused(&p);
    assert_eq!(limit, Limit::FileBytes);

    // The bomb on a second table counts too: calamine reads every table.
    let bomb = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="200" office:value-type="float" office:value="1"/></table:table-row>"#.to_string();
    let p = write_file(
        dir.path(),
        "second.ods",
        ods(&[("Sheet1", ods_header_row()), ("Other", bomb)]),
    );
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Cells);
    assert!(msg.contains("table \"Other\""), "{msg}");
}

// ------------------------------------------------------------------ JSON

#[test]
fn json_object_with_200k_keys_is_refused_at_the_201st() {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\": \"v\"")).collect();
    let p = write_file(dir.path(), "keys.json", format!("[{{{}}}]", keys.join(",")));
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Keys);
    assert!(
        msg.contains("element 0 (row 2), key \"k200\": at least 201 distinct keys (column names), over the limit of 200"),
        "{msg}"
    );
}

#[test]
fn json_too_many_distinct_keys_across_objects_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let object = |from: usize| {
        let keys: Vec<String> = (from..from + 150).map(|i| format!("\"k{i}\": 1")).collect();
        format!("{{{}}}", keys.join(","))
    };
    let p = write_file(
        dir.path(),
        "spread.json",
        format!("[{},{}]", object(0), object(150)),
    );
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Keys);
    assert!(msg.contains("element 1 (row 3), key \"k200\""), "{msg}");
}

#[test]
fn json_repeated_keys_last_value_wins_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut repeated = String::from("{\"b\": \"1\", \"a\": \"x\"");
    for i in 0..50_000 {
        repeated.push_str(&format!(", \"a\": \"{i}\""));
    }
    repeated.push('}');
    let p = write_file(
        dir.path(),
        "dup.json",
        format!("[{repeated}, {{\"c\": 2, \"b\": 3}}]"),
    );
    let t = read(&p).unwrap();
    assert_eq!(t.headers, ["b", "a", "c"]);
    assert_eq!(t.rows[0].cells, ["1", "49999"]);
    assert_eq!(t.rows[1].cells, ["3", "", "2"]);
}

#[test]
fn json_long_cell_and_too_many_rows_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let long = "字".repeat(MAX_CELL_CHARS + 1);
    let p = write_file(
        dir.path(),
        "long.json",
        format!("[{{\"name\": \"{long}\"}}]"),
    );
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::CellChars);
    assert!(
        msg.contains("element 0 (row 2), key \"name\": 32768 characters in one cell"),
        "{msg}"
    );

    let mut rows = String::from("[");
    rows.push_str(&"{},".repeat(MAX_ROWS));
    rows.push_str("{\"uscc\": 1}]");
    let p = write_file(dir.path(), "rows.json", rows);
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::Rows);
    assert!(
        msg.contains("element 1048576 (row 1048578): at least 1048577 data rows"),
        "{msg}"
    );
}

#[test]
fn a_file_over_the_byte_limit_is_refused_from_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.json");
    // Sparse: no disk is used and nothing is read.
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    let (limit, msg) = refused(&p);
    assert_eq!(limit, Limit::FileBytes);
    assert!(
        msg.contains("536870913 bytes, over the limit of 536870912"),
        "{msg}"
    );
}

// ------------------------------------------------------------------ the binary

#[test]
fn the_binary_refuses_each_hostile_file_with_exit_3_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let good = common::batch(dir.path(), "good.csv", 1, 3);
    certdesk(&db).arg("import").arg(&good).assert().success();
    let export = || {
        let out = certdesk(&db)
            .args(["export", "qualifications"])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let before = export();

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "uscc").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let far = wb.save_to_buffer().unwrap();
    let keys: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\": \"v\"")).collect();
    let long = format!("[{{\"name\": \"{}\"}}]", "x".repeat(MAX_CELL_CHARS + 1));
    let spread = {
        let a: Vec<String> = (0..150).map(|i| format!("\"a{i}\": 1")).collect();
        let b: Vec<String> = (0..150).map(|i| format!("\"b{i}\": 1")).collect();
        format!("[{{{}}},{{{}}}]", a.join(","), b.join(","))
    };
    let bomb = format!(
        r#"{}<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="200" office:value-type="float" office:value="1"/></table:table-row>"#,
        ods_header_row()
    );
    let mut xls_cells = xls_good_cells();
    xls_cells.push((5, 300, Cell::Number(1.0)));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("far.xlsx", far, "16384 columns, over the limit of 200"),
        (
            "xfd5000.xlsx",
            xlsx(
                "A1:XFD5000",
                &format!(
                    r#"<row r="1">{}</row><row r="5000">{}</row>"#,
                    c("A1", "uscc"),
                    c("XFD5000", "x")
                ),
            ),
            "16384 columns, over the limit of 200",
        ),
        (
            "keys.json",
            format!("[{{{}}}]", keys.join(",")).into_bytes(),
            "distinct keys (column names), over the limit of 200",
        ),
        (
            "spread.json",
            spread.into_bytes(),
            "distinct keys (column names), over the limit of 200",
        ),
        (
            "long.json",
            long.into_bytes(),
            "32768 characters in one cell, over the limit of 32767",
        ),
        (
            "bomb.ods",
            ods(&[("Sheet1", bomb)]),
            "cells, over the limit of 20000000",
        ),
        (
            "far.xls",
            xls(&[("Sheet1", None, xls_cells)]),
            "301 columns, over the limit of 200",
        ),
    ];
    for (name, bytes, expected) in cases {
        let p = write_file(dir.path(), name, bytes);
        let out = certdesk(&db).arg("import").arg(&p).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(err.contains("certdesk import limits"), "{name}: {err}");
        assert_eq!(export(), before, "{name}: nothing written");
    }
}
