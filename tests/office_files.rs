//! Import: the quirks of real office files (issue 10, point 9). Each fixture is generated here
//! (rust_xlsxwriter, a hand-built zip of sheet XML, or CSV text), never a stored binary, and
//! each test asserts the exact diagnosis the officer reads.

mod common;

use certdesk::import::{
    EncodingChoice, ReadError, ReadOptions, RowError, check_table, read_table, read_table_with,
};
use common::certdesk;
use common::sheets::*;
use rust_xlsxwriter::{Format as XFormat, Workbook, Worksheet};
use std::path::{Path, PathBuf};

// ------------------------------------------------------------------ fixtures

/// A valid CMA row for body `i` with the certificate number `no`.
fn good_cma(i: usize, no: &str) -> Vec<String> {
    let mut r = good(i);
    r[1] = format!("北京第{i}检测有限公司");
    r[2] = "cma".into();
    r[3] = no.into();
    r
}

/// (row, column, message) of each problem.
fn said(problems: &[RowError]) -> Vec<(usize, &str, &str)> {
    problems
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.message.as_str()))
        .collect()
}

fn write_row(ws: &mut Worksheet, row: u32, cells: &[String]) {
    for (c, v) in cells.iter().enumerate() {
        if !v.is_empty() {
            ws.write_string(row, c as u16, v).unwrap();
        }
    }
}

/// Column letter of a 0-based index (A–Z is enough here).
fn letter(c: usize) -> char {
    (b'A' + c as u8) as char
}

/// One row of inline-string cells for [`xlsx_by_hand`].
fn xml_row(row: usize, cells: &[String]) -> String {
    let cells: String = cells
        .iter()
        .enumerate()
        .map(|(c, v)| {
            format!(
                r#"<c r="{}{row}" t="inlineStr"><is><t>{v}</t></is></c>"#,
                letter(c)
            )
        })
        .collect();
    format!(r#"<row r="{row}">{cells}</row>"#)
}

/// `certdesk import FILE… --report json` on a fresh database: (exit code, report).
fn import_json(db: &Path, args: &[&std::ffi::OsStr]) -> (i32, serde_json::Value) {
    let out = certdesk(db)
        .arg("import")
        .args(args)
        .args(["--report", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), report)
}

fn messages(report: &serde_json::Value, key: &str) -> Vec<(u64, String, String)> {
    report[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

// ------------------------------------------------------------------ the header row

/// Sheet 1: a title merged over the table's width, then the header, then two approvals.
fn title_workbook(p: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 11, "2026年11月认证机构批准名单", &XFormat::new())
        .unwrap();
    write_row(ws, 1, &ZH.map(String::from));
    write_row(ws, 2, &good(1));
    write_row(ws, 3, &good(2));
    wb.save(p).unwrap();
}

const TITLE_NOTE: &str = "the header row (表头) is row 2; the row above it is ignored: row 1 \"2026年11月认证机构批准名单\"";

#[test]
fn a_merged_title_above_the_header_is_ignored_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("title.xlsx");
    title_workbook(&p);
    let (t, c) = read_and_check(&p);
    assert_eq!(t.header_row, 2);
    assert_eq!(t.headers, ZH);
    assert_eq!(c.errors, []);
    assert_eq!(said(&c.warnings), [(2, "", TITLE_NOTE)]);
    let rows: Vec<usize> = c.rows.iter().map(|g| g.row).collect();
    assert_eq!(rows, [3, 4]);
    assert_eq!(c.total_rows, 2);
}

#[test]
fn csv_title_rows_are_ignored_and_only_ten_rows_are_searched() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "2026年11月认证机构批准名单\n填报单位：北京市市场监督管理局,,制表日期：2026-11-30\n\n{}\n{}\n",
        csv_line(&ZH),
        csv_line(&good(1))
    );
    let p = write_file(dir.path(), "title.csv", text);
    let (t, c) = read_and_check(&p);
    assert_eq!(t.header_row, 4);
    assert_eq!(c.errors, []);
    assert_eq!(
        said(&c.warnings),
        [(
            4,
            "",
            "the header row (表头) is row 4; the 2 rows above it are ignored: row 1 \"2026年11月认证机构批准名单\", row 2 \"填报单位：北京市市场监督管理局 制表日期：2026-11-30\""
        )]
    );
    assert_eq!(c.rows[0].row, 5);

    // The header after ten non-blank rows is not looked for: the first row is the header.
    let mut text = String::new();
    for i in 1..=10 {
        text.push_str(&format!("说明第{i}行\n"));
    }
    text.push_str(&format!("{}\n{}\n", csv_line(&ZH), csv_line(&good(1))));
    let p = write_file(dir.path(), "deep.csv", text);
    let (t, c) = read_and_check(&p);
    assert_eq!(t.header_row, 1);
    assert!(
        c.errors
            .iter()
            .any(|e| e.message.starts_with("missing column uscc"))
    );
}

#[test]
fn the_binary_imports_under_a_title_row_and_says_which_row_was_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let p = dir.path().join("title.xlsx");
    title_workbook(&p);
    let (code, r) = import_json(&db, &[p.as_os_str()]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["errors"], serde_json::json!([]));
    assert_eq!(
        messages(&r, "warnings"),
        [(2, String::new(), TITLE_NOTE.to_string())]
    );
    assert_eq!(
        (r["rows"].as_u64(), r["written"].as_u64()),
        (Some(2), Some(2))
    );
}

// ------------------------------------------------------------------ the sheet

/// Sheet 1 "填表说明" (instructions), sheet 2 "名单" (the table).
fn two_sheet_workbook(p: &Path) {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet().set_name("填表说明").unwrap();
    notes.write_string(0, 0, "填表说明").unwrap();
    notes
        .write_string(1, 0, "1. 统一社会信用代码填写18位")
        .unwrap();
    notes
        .write_string(2, 0, "2. 批准日期格式为yyyy-mm-dd")
        .unwrap();
    let list = wb.add_worksheet().set_name("名单").unwrap();
    write_row(list, 0, &ZH.map(String::from));
    write_row(list, 1, &good(1));
    wb.save(p).unwrap();
}

#[test]
fn data_on_the_second_sheet_is_named_and_read_with_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("two.xlsx");
    two_sheet_workbook(&p);
    let err = read_table(&p, None, EncodingChoice::Auto).unwrap_err();
    assert!(
        matches!(err, ReadError::HeaderOnOtherSheet { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: the first sheet \"填表说明\" has no header row (none of its first 10 rows names the columns); the table is on sheet 2 \"名单\": pass --sheet 名单 (or --sheet 2)",
            p.display()
        )
    );
    for sheet in ["名单", "2"] {
        let options = ReadOptions {
            sheet: Some(sheet.into()),
            ..ReadOptions::default()
        };
        let t = read_table_with(&p, &options).unwrap();
        let c = check_table(&t);
        assert_eq!(c.errors, [], "--sheet {sheet}");
        assert_eq!(c.rows.len(), 1);
    }
    let options = ReadOptions {
        sheet: Some("Sheet9".into()),
        ..ReadOptions::default()
    };
    let err = read_table_with(&p, &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: no sheet \"Sheet9\" in the workbook; its sheets are 1 \"填表说明\", 2 \"名单\": pass --sheet with one of these names or numbers",
            p.display()
        )
    );
}

#[test]
fn the_binary_names_the_sheet_and_imports_it_with_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let p = dir.path().join("two.xlsx");
    two_sheet_workbook(&p);
    let (code, r) = import_json(&db, &[p.as_os_str()]);
    assert_eq!(code, 3, "{r}");
    assert_eq!(
        r["unreadable"],
        serde_json::json!([p.display().to_string()])
    );
    let errors = messages(&r, "errors");
    assert_eq!(errors.len(), 1, "{r}");
    assert!(
        errors[0].2.ends_with("pass --sheet 名单 (or --sheet 2)"),
        "{r}"
    );
    let (code, r) = import_json(&db, &[p.as_os_str(), "--sheet".as_ref(), "名单".as_ref()]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["written"].as_u64(), Some(1));
}

// ------------------------------------------------------------------ header spelling

#[test]
fn headers_with_line_breaks_spaces_and_full_width_punctuation_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let mut header = ZH.map(String::from);
    header[0] = "统一社会\n信用代码".into();
    header[1] = "机构 名称".into();
    header[4] = "审批\u{3000}方式".into();
    header[5] = "批准 日期".into();
    header[6] = "有效期至：".into();
    header[10] = "文　号".into();
    header[11] = "风险等级\u{200B}".into();
    let text = format!("{}\n{}\n", csv_line(&header), csv_line(&good(1)));
    let p = write_file(dir.path(), "spelling.csv", text);
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    assert_eq!(c.warnings, []);
    assert_eq!(c.rows.len(), 1);
}

// ------------------------------------------------------------------ total rows

fn total_csv(dir: &Path) -> PathBuf {
    let text = format!(
        "{}\n{}\n{}\n\"合  计\",\"2家\",,,,,,,,,,\n\n",
        csv_line(&ZH),
        csv_line(&good(1)),
        csv_line(&good(2))
    );
    write_file(dir, "total.csv", text)
}

const TOTAL_NOTE: &str = "a total row (合计) after the last approval: skipped, not imported";

#[test]
fn a_final_total_row_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (t, c) = read_and_check(&total_csv(dir.path()));
    assert_eq!(t.rows.len(), 2);
    assert_eq!(c.errors, []);
    assert_eq!(said(&c.warnings), [(4, "", TOTAL_NOTE)]);
    assert_eq!(c.warnings[0].value, "合  计 2家");

    // A workbook's total row, merged over two columns, with 小计 and 总计 under it.
    let p = dir.path().join("total.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_row(ws, 0, &ZH.map(String::from));
    write_row(ws, 1, &good(1));
    ws.merge_range(2, 0, 2, 1, "小计：1家", &XFormat::new())
        .unwrap();
    ws.write_string(3, 0, "总计").unwrap();
    ws.write_number(3, 2, 1).unwrap();
    wb.save(&p).unwrap();
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    assert_eq!(
        said(&c.warnings),
        [
            (
                3,
                "",
                "a total row (小计) after the last approval: skipped, not imported"
            ),
            (
                4,
                "",
                "a total row (总计) after the last approval: skipped, not imported"
            ),
        ]
    );
}

#[test]
fn a_total_row_among_the_approvals_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{}\n{}\n小计,1\n{}\n",
        csv_line(&ZH),
        csv_line(&good(1)),
        csv_line(&good(2))
    );
    let p = write_file(dir.path(), "mid.csv", text);
    let (_, c) = read_and_check(&p);
    assert_eq!(
        said(&c.errors),
        [(
            3,
            "",
            "a total row (小计) among the approvals, not an approval; delete it (a total row after the last approval is skipped by itself)"
        )]
    );
    assert_eq!(c.rows.len(), 2);
    // A body whose name merely starts with the word is a body.
    let mut named = good(3);
    named.swap(0, 1);
    let mut header = ZH.map(String::from);
    header.swap(0, 1);
    named[0] = "合计科技认证有限公司".into();
    let p = write_file(
        dir.path(),
        "named.csv",
        format!("{}\n{}\n", csv_line(&header), csv_line(&named)),
    );
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    assert_eq!(c.warnings, []);
    assert_eq!(c.rows[0].name, "合计科技认证有限公司");
}

#[test]
fn the_binary_skips_the_total_row_on_every_reading() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let p = total_csv(dir.path());
    let (code, r) = import_json(&db, &[p.as_os_str()]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["errors"], serde_json::json!([]));
    assert_eq!(
        messages(&r, "warnings"),
        [(4, String::new(), TOTAL_NOTE.to_string())]
    );
    assert_eq!(
        (r["rows"].as_u64(), r["written"].as_u64()),
        (Some(2), Some(2))
    );
}

// ------------------------------------------------------------------ merged cells

#[test]
fn a_column_merged_down_is_read_on_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("merged.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_row(ws, 0, &ZH.map(String::from));
    for i in 1..=3 {
        let mut r = good(i as usize);
        r[9] = String::new();
        write_row(ws, i, &r);
    }
    ws.merge_range(1, 9, 3, 9, "北京市市场监督管理局", &XFormat::new())
        .unwrap();
    wb.save(&p).unwrap();
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    assert_eq!(
        said(&c.warnings),
        [(
            2,
            "authority",
            "cells J2:J4 are merged: their value \"北京市市场监督管理局\" is read on each of rows 2–4"
        )]
    );
    assert!(c.rows.iter().all(|g| g.authority == "北京市市场监督管理局"));
}

// ------------------------------------------------------------------ invisible characters

#[test]
fn zero_width_characters_and_in_cell_boms_are_removed_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut r1 = good(1);
    r1[1] = "北京第1认证有限公司\u{200B}".into();
    let mut r2 = good(2);
    r2[9] = "\u{FEFF}国家市场监督管理总局".into();
    let mut r3 = good(3);
    r3[1] = "北京第3认证\u{202E}有限公司".into();
    let text = format!(
        "{}\n{}\n{}\n{}\n",
        csv_line(&ZH),
        csv_line(&r1),
        csv_line(&r2),
        csv_line(&r3)
    );
    let p = write_file(dir.path(), "zw.csv", text);
    let (_, c) = read_and_check(&p);
    assert_eq!(
        said(&c.warnings),
        [
            (
                2,
                "name",
                "the invisible character \\u{200b} (zero-width space, usually copied from a web page) was removed; the value is imported without it"
            ),
            (
                3,
                "authority",
                "the invisible character \\u{feff} (a byte-order mark inside the cell, from files joined together) was removed; the value is imported without it"
            ),
        ]
    );
    assert_eq!(c.warnings[0].value, "北京第1认证有限公司\\u{200b}");
    assert_eq!(c.rows[0].name, "北京第1认证有限公司");
    assert_eq!(c.rows[1].authority, "国家市场监督管理总局");
    // A bidi override still refuses the row, shown escaped.
    assert_eq!(
        said(&c.errors),
        [(
            4,
            "name",
            "contains the invisible character \\u{202e} (bidi embedding or override, which reorders the text shown); remove it"
        )]
    );
    assert_eq!(c.errors[0].value, "北京第3认证\\u{202e}有限公司");
}

// ------------------------------------------------------------------ damaged numbers

#[test]
fn numbers_a_spreadsheet_damaged_are_diagnosed_by_name() {
    let dir = tempfile::tempdir().unwrap();
    // A USCC of digits only typed into a number cell: Excel keeps 15 digits.
    let p = dir.path().join("numbers.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_row(ws, 0, &ZH.map(String::from));
    write_row(ws, 1, &good(1));
    ws.write_number(1, 0, 911100001000012000.0).unwrap(); // as Excel keeps 911100001000012345
    write_row(ws, 2, &good_cma(2, "091100340012"));
    ws.write_number(2, 3, 91100340012.0).unwrap();
    wb.save(&p).unwrap();
    let (_, c) = read_and_check(&p);
    assert_eq!(
        said(&c.errors),
        [
            (
                2,
                "uscc",
                "stored as a number and lost digits (Excel keeps 15 digits; the rest became 0): format the column as Text (设置单元格格式 → 文本) and type the code again from the business licence"
            ),
            (
                3,
                "approval_no",
                "11 digits: a leading 0 was probably dropped (the column was stored as a number): format the column as Text (设置单元格格式 → 文本) and type the number with its 0, e.g. 091100340012"
            ),
        ]
    );
    assert_eq!(c.errors[0].value, "911100001000012000");

    // The same damage in a CSV Excel saved: the number as Excel showed it.
    let mut r1 = good(1);
    r1[0] = "9.11100001E+17".into();
    let r2 = good_cma(2, "2.40012E+11");
    let text = format!("{}\n{}\n{}\n", csv_line(&ZH), csv_line(&r1), csv_line(&r2));
    let p = write_file(dir.path(), "numbers.csv", text);
    let (_, c) = read_and_check(&p);
    let lost = "stored as a number and lost digits (Excel shows it as";
    assert_eq!(c.errors.len(), 2, "{:?}", c.errors);
    assert_eq!(
        c.errors[0].message,
        format!(
            "{lost} 9.11100001E+17): format the column as Text (设置单元格格式 → 文本) and type the code again from the business licence"
        )
    );
    assert_eq!(
        c.errors[1].message,
        format!(
            "{lost} 2.40012E+11): format the column as Text (设置单元格格式 → 文本) and type the number again, e.g. 240012345678"
        )
    );
}

// ------------------------------------------------------------------ formulas

#[test]
fn a_formula_with_no_saved_value_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let mut cells = good(1);
    cells[2] = String::new();
    let row2 = xml_row(2, &cells).replace(
        r#"<c r="C2" t="inlineStr"><is><t></t></is></c>"#,
        r#"<c r="C2"><f>IF(D2="","","cb")</f></c>"#,
    );
    let data = format!("{}{row2}", xml_row(1, &ZH.map(String::from)));
    let p = write_file(dir.path(), "formula.xlsx", xlsx("", &data));
    let (t, c) = read_and_check(&p);
    assert_eq!(t.rows[0].cells[2], "");
    assert_eq!(
        said(&c.errors),
        [(
            2,
            "kind",
            "a formula with no saved value (the program that wrote the file did not calculate it): open the file in Excel, recalculate (公式 → 开始计算, or F9) and save it, or type the value itself"
        )]
    );
    assert_eq!(c.errors[0].value, "=IF(D2=\"\",\"\",\"cb\")");
}

// ------------------------------------------------------------------ GBK and GB18030

#[test]
fn a_question_mark_where_gbk_had_no_character_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    // Excel saving "CSV (逗号分隔)" writes ? for 𠮷, which GBK lacks.
    let mut r1 = good(1);
    r1[1] = "北京?野家认证有限公司".into();
    let text = format!("{}\r\n{}\r\n", csv_line(&ZH), csv_line(&r1));
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let p = write_file(dir.path(), "gbk.csv", &gbk);
    let (t, c) = read_and_check(&p);
    assert_eq!(t.encoding, "gbk");
    assert_eq!(c.errors, []);
    assert_eq!(
        said(&c.warnings),
        [(
            2,
            "name",
            "'?' stands where a character was: the file was saved in GBK and lost characters (GBK has no 𠮷 and other rarer characters): save as UTF-8 or GB18030 (Excel: 另存为 → CSV UTF-8（逗号分隔）) and import it again"
        )]
    );
    // The same text in UTF-8 is not GBK's loss: no warning.
    let p = write_file(dir.path(), "utf8.csv", &text);
    let (_, c) = read_and_check(&p);
    assert_eq!(c.warnings, []);
}

#[test]
fn gb18030_is_read_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let mut r1 = good(1);
    r1[1] = "北京𠮷野家认证有限公司".into();
    let text = format!("{}\r\n{}\r\n", csv_line(&ZH), csv_line(&r1));
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let p = write_file(dir.path(), "gb18030.csv", &bytes);
    let (t, c) = read_and_check(&p);
    assert_eq!(t.encoding, "gb18030");
    assert_eq!(c.errors, []);
    assert_eq!(c.warnings, []);
    assert_eq!(c.rows[0].name, "北京𠮷野家认证有限公司");
    let forced = read_table(&p, None, EncodingChoice::Gb18030).unwrap();
    assert_eq!(forced.encoding, "gb18030");
    assert_eq!(forced.rows, t.rows);
}
