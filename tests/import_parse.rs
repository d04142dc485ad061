//! Import: files of every kind → table → checked batch, through the public API only.

mod common;

use certdesk::import::{
    Column, EncodingChoice, Format, ReadError, RowError, check_table, parse_date, read_table,
    write_rejects,
};
use common::sheets::*;
use jiff::civil::date;

// ------------------------------------------------------------------ fixtures

const EN: [&str; 12] = [
    "uscc",
    "name",
    "kind",
    "approval_no",
    "route",
    "decided_on",
    "valid_until",
    "scope",
    "region",
    "authority",
    "doc_no",
    "risk_class",
];

fn csv_text<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>]) -> String {
    let mut s = csv_line(header);
    s.push('\n');
    for r in rows {
        s.push_str(&csv_line(r));
        s.push('\n');
    }
    s
}

/// (row, column) of each problem, for compact assertions.
fn places(errors: &[RowError]) -> Vec<(usize, &str)> {
    errors.iter().map(|e| (e.row, e.column.as_str())).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

// ------------------------------------------------------------------ CSV

#[test]
fn chinese_headers_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv_text(&ZH, &[good(1), good(2)]);
    let p = write_file(dir.path(), "批准.csv", &text);
    let (t, c) = read_and_check(&p);
    assert_eq!(t.encoding, "utf-8");
    assert_eq!(t.header_row, 1);
    assert_eq!(t.sha256, sha256_hex(text.as_bytes()));
    assert_eq!(t.headers, ZH);
    assert_eq!(c.errors, []);
    assert_eq!(c.warnings, []);
    assert_eq!(c.total_rows, 2);
    let rows: Vec<usize> = c.rows.iter().map(|g| g.row).collect();
    assert_eq!(rows, [2, 3]);
    let g = &c.rows[0];
    assert_eq!(g.uscc.as_str(), uscc_n(1));
    assert_eq!(g.name, "北京第1认证有限公司");
    assert_eq!(g.approval_no.as_str(), "CNCA-R-2020-001");
    assert_eq!(
        (g.decided_on, g.valid_until),
        (date(2024, 3, 5), date(2030, 3, 4))
    );
    assert_eq!(g.scope, ["QMS", "EMS"]);
    assert_eq!(g.region, "110000");
    assert_eq!(g.risk_class.as_str(), "A");
    assert_eq!((g.address.as_deref(), g.legal_rep.as_deref()), (None, None));
}

#[test]
fn english_headers_in_any_order_with_optional_columns_and_chinese_words() {
    let dir = tempfile::tempdir().unwrap();
    let order = [11, 3, 0, 1, 2, 10, 9, 8, 7, 6, 5, 4];
    let mut header: Vec<&str> = order.iter().map(|&i| EN[i]).collect();
    header.push("address");
    header.push("法定代表人");
    let mut cells: Vec<String> = order.iter().map(|&i| good(7)[i].clone()).collect();
    cells[4] = "认证机构".into(); // kind
    cells[11] = "告知承诺".into(); // route
    cells.push("北京市海淀区某路1号".into());
    cells.push("张三".into());
    let p = write_file(dir.path(), "b.csv", csv_text(&header, &[cells]));
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    let g = &c.rows[0];
    assert_eq!(g.kind.as_str(), "cb");
    assert_eq!(g.route.as_str(), "commitment");
    assert_eq!(g.address.as_deref(), Some("北京市海淀区某路1号"));
    assert_eq!(g.legal_rep.as_deref(), Some("张三"));
}

#[test]
fn header_variants_and_mixed_languages() {
    let dir = tempfile::tempdir().unwrap();
    let header = [
        "*信用代码",
        "Name",
        "机构类型",
        "证书编号",
        "Route",
        "发证日期",
        "有效期",
        "检验检测能力",
        "Region",
        "发证机关",
        "Doc No.",
        "风险分类",
    ];
    let mut cells = good(3);
    cells[2] = "检验检测机构".into();
    cells[3] = "240012345678".into();
    let p = write_file(dir.path(), "v.csv", csv_text(&header, &[cells]));
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    assert_eq!(c.warnings, []);
    assert_eq!(c.rows[0].approval_no.as_str(), "240012345678");
}

#[test]
fn bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv_text(&ZH, &[good(1), good(2)]).replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let p = write_file(dir.path(), "bom.csv", &bytes);
    let (t, c) = read_and_check(&p);
    assert_eq!(t.encoding, "utf-8-bom");
    assert_eq!(t.headers[0], "统一社会信用代码");
    assert!(
        t.rows
            .iter()
            .all(|r| r.cells.iter().all(|c| !c.contains('\r')))
    );
    assert_eq!(t.sha256, sha256_hex(&bytes));
    assert_eq!(c.errors, []);
    assert_eq!(c.rows.len(), 2);
}

#[test]
fn gbk_is_detected_and_can_be_forced() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv_text(&ZH, &[good(1)]).replace('\n', "\r\n");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let p = write_file(dir.path(), "gbk.csv", &gbk);
    let (t, c) = read_and_check(&p);
    assert_eq!(t.encoding, "gbk");
    assert_eq!(t.headers, ZH);
    assert_eq!(c.errors, []);
    assert_eq!(c.rows[0].name, "北京第1认证有限公司");

    let forced = read_table(&p, Some(Format::Csv), EncodingChoice::Gbk).unwrap();
    assert_eq!(forced.rows, t.rows);
    let err = read_table(&p, None, EncodingChoice::Utf8).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!("{}: not valid UTF-8 text (byte 0x", p.display())),
        "{msg}"
    );
    assert!(msg.contains("--encoding gbk"), "{msg}");
}

#[test]
fn neither_utf8_nor_gbk_is_a_read_error_naming_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_file(dir.path(), "data.csv", b"uscc,name\n\x81\xFF,x\n");
    let err = read_table(&p, None, EncodingChoice::Auto).unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::Encoding {
                offset: 10,
                byte: 0x81,
                ..
            }
        ),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains(
            "data.csv: not valid UTF-8 or GBK text (byte 0x81 at offset 10); save it as CSV UTF-8"
        ),
        "{msg}"
    );
}

#[test]
fn blank_rows_are_skipped_but_counted_and_multiline_cells_are_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = good(3);
    bad[0] = "bad".into();
    let mut multi = good(2);
    multi[1] = "第一行\n第二行".into(); // a line break inside a name: an error on row 4
    let text = format!(
        "\n{}\n{}\n\n{}\n,,,,\n{}\n,,\n\n",
        csv_line(&EN),
        csv_line(&good(1)),
        csv_line(&multi),
        csv_line(&bad)
    );
    let p = write_file(dir.path(), "blank.csv", &text);
    let (t, c) = read_and_check(&p);
    assert_eq!(t.header_row, 2);
    let rows: Vec<usize> = t.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, [3, 5, 7]);
    assert_eq!(places(&c.errors), [(5, "name"), (7, "uscc")]);
    assert!(c.errors[0].message.contains("control character (U+000A)"));
}

#[test]
fn tab_separated_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}\n{}\n", EN.join("\t"), good(1).join("\t"));
    let p = write_file(dir.path(), "tabs.txt", text);
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    assert_eq!(c.rows.len(), 1);
}

// ------------------------------------------------------------------ XLSX

#[test]
fn xlsx_with_date_cells_numbers_formulas_and_text_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Formula, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("book.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_fmt = XFormat::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ZH.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // Row 2: a CMA with its number stored as a number, real date cells, region as a number.
    let r = good(1);
    ws.write_string(1, 0, &r[0]).unwrap();
    ws.write_string(1, 1, "某检验检测有限公司").unwrap();
    ws.write_string(1, 2, "检验检测机构").unwrap();
    ws.write_number(1, 3, 240012345678.0).unwrap();
    ws.write_string(1, 4, "一般程序").unwrap();
    ws.write_date_with_format(
        1,
        5,
        ExcelDateTime::from_ymd(2024, 3, 5).unwrap(),
        &date_fmt,
    )
    .unwrap();
    ws.write_date_with_format(
        1,
        6,
        ExcelDateTime::from_ymd(2030, 3, 4).unwrap(),
        &date_fmt,
    )
    .unwrap();
    ws.write_string(1, 7, "食品、水质").unwrap();
    ws.write_number(1, 8, 110000).unwrap();
    ws.write_string(1, 9, "北京市市场监督管理局").unwrap();
    ws.write_string(1, 10, "京市监认〔2024〕8号").unwrap();
    ws.write_string(1, 11, "b").unwrap();
    // Row 3: dates as text (one with Excel's time), the kind from a formula's cached value.
    let r = good(2);
    for (c, v) in r.iter().enumerate() {
        ws.write_string(2, c as u16, v).unwrap();
    }
    ws.write_string(2, 5, "2024年3月5日").unwrap();
    ws.write_string(2, 6, "2030/3/4 00:00:00").unwrap();
    ws.write_formula(2, 2, Formula::new("=LOWER(\"CB\")").set_result("cb"))
        .unwrap();
    // Row 4 is empty; row 5 has a bad date cell (a number formatted as a plain number).
    let r = good(3);
    for (c, v) in r.iter().enumerate() {
        ws.write_string(4, c as u16, v).unwrap();
    }
    ws.write_number(4, 5, 45356).unwrap();
    wb.save(&p).unwrap();

    let (t, c) = read_and_check(&p);
    assert_eq!(t.encoding, "xlsx");
    assert_eq!(t.header_row, 1);
    assert_eq!(t.sha256, sha256_hex(&std::fs::read(&p).unwrap()));
    assert_eq!(t.rows[0].cells[3], "240012345678");
    assert_eq!(t.rows[0].cells[5], "2024-03-05");
    assert_eq!(t.rows[0].cells[8], "110000");
    assert_eq!(t.rows[1].cells[2], "cb");
    let rows: Vec<usize> = t.rows.iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 3, 5]);

    assert_eq!(places(&c.errors), [(5, "decided_on")]);
    assert!(c.errors[0].message.contains("Excel date serial number"));
    assert_eq!(c.rows.len(), 2);
    let cma = &c.rows[0];
    assert_eq!(cma.kind.as_str(), "cma");
    assert_eq!(cma.approval_no.as_str(), "240012345678");
    assert_eq!(cma.decided_on, date(2024, 3, 5));
    assert_eq!(cma.scope, ["食品", "水质"]);
    assert_eq!(c.rows[1].decided_on, date(2024, 3, 5));
    assert_eq!(c.rows[1].valid_until, date(2030, 3, 4));
}

#[test]
fn xlsx_header_below_blank_rows_keeps_excel_row_numbers() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("offset.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in EN.iter().enumerate() {
        ws.write_string(2, c as u16 + 1, *h).unwrap();
    }
    let mut bad = good(1);
    bad[11] = "Z".into();
    for (c, v) in bad.iter().enumerate() {
        ws.write_string(3, c as u16 + 1, v).unwrap();
    }
    wb.save(&p).unwrap();
    let (t, c) = read_and_check(&p);
    assert_eq!(t.header_row, 3);
    assert_eq!(places(&c.errors), [(4, "risk_class")]);
}

#[test]
fn workbook_misnamed_csv_is_read_as_a_workbook() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("really.csv");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in EN.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in good(1).iter().enumerate() {
        ws.write_string(1, c as u16, v).unwrap();
    }
    wb.save(&p).unwrap();
    let (t, c) = read_and_check(&p);
    assert_eq!(t.encoding, "xlsx");
    assert_eq!(c.rows.len(), 1);
    let err = read_table(&p, Some(Format::Csv), EncodingChoice::Auto).unwrap_err();
    assert!(err.to_string().contains("--format xlsx"), "{err}");
}

// ------------------------------------------------------------------ JSON

#[test]
fn json_array_of_objects() {
    let dir = tempfile::tempdir().unwrap();
    let g = good(4);
    // Written by hand: serde_json's json! sorts keys, and key order is what is tested.
    let first = format!(
        r#"{{
            "统一社会信用代码": "{}", "机构名称": "{}", "机构类型": "cma",
            "批准号": 240012345678, "审批方式": "优化审批", "批准日期": "2024/3/5",
            "有效期至": "2030年3月4日", "认证领域": ["食品", "水质", "食品"],
            "行政区划代码": 110000, "批准机关": "{}", "文号": "{}", "风险等级": "C",
            "地址": null
        }}"#,
        g[0], g[1], g[9], g[10]
    );
    let second = format!(
        r#"{{
            "uscc": "{}", "name": "x", "kind": "cb", "approval_no": "CNCA-R-2020-005",
            "route": "general", "decided_on": "2024-03-05", "valid_until": "2030-03-04",
            "scope": "QMS", "region": "110000", "authority": "a", "doc_no": "d",
            "risk_class": "A", "note": "extra"
        }}"#,
        uscc_n(5)
    );
    let p = write_file(dir.path(), "x.json", format!("[{first},\n{second}]"));
    let (t, c) = read_and_check(&p);
    assert_eq!(t.encoding, "json");
    assert_eq!(
        t.headers[..4],
        ["统一社会信用代码", "机构名称", "机构类型", "批准号"]
    );
    assert_eq!(t.headers[13..15], ["uscc", "name"]);
    assert_eq!(t.rows[0].cells[3], "240012345678");
    assert_eq!(t.rows[0].cells[7], "食品; 水质; 食品");
    assert_eq!(t.headers.len(), 13 + 13);
    assert_eq!(t.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3]);
    // Both spellings of every column: each is a duplicate column error, and "note" is unknown.
    assert!(
        c.errors
            .iter()
            .all(|e| e.row == 1 && e.message.contains("keep one of them"))
    );
    assert_eq!(c.errors.len(), 12);
    assert_eq!(places(&c.warnings), [(1, "note")]);

    // Written with one spelling, the same data checks clean.
    let p = write_file(dir.path(), "zh.json", format!("\u{FEFF}[{first}]"));
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    let g = &c.rows[0];
    assert_eq!(g.row, 2);
    assert_eq!(g.approval_no.as_str(), "240012345678");
    assert_eq!(g.scope, ["食品", "水质"]);
    assert_eq!(g.valid_until, date(2030, 3, 4));
    assert_eq!(g.route.as_str(), "optimized");
}

#[test]
fn json_errors_give_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_file(
        dir.path(),
        "x.json",
        "[\n  {\"uscc\": \"1\"},\n  \"oops\"\n]",
    );
    let msg = read_table(&p, None, EncodingChoice::Auto)
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with(&format!("{}: line 3 column", p.display())),
        "{msg}"
    );
    assert!(msg.contains("expected an object"), "{msg}");

    let p = write_file(dir.path(), "y.json", "{\"uscc\": \"1\"}");
    let msg = read_table(&p, None, EncodingChoice::Auto)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("line 1 column"), "{msg}");
    assert!(msg.contains("expected an array of objects"), "{msg}");

    let p = write_file(dir.path(), "z.json", "[{\"name\": {\"zh\": \"x\"}}]");
    let msg = read_table(&p, None, EncodingChoice::Auto)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("element 0 (row 2), key \"name\": the value is an object"),
        "{msg}"
    );

    let p = write_file(dir.path(), "e.json", "[]");
    assert!(matches!(
        read_table(&p, None, EncodingChoice::Auto),
        Err(ReadError::NoHeader { .. })
    ));
}

// ------------------------------------------------------------------ dates

#[test]
fn mixed_date_formats_in_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let forms = [
        "2024-03-05",
        "2024/3/5",
        "2024.3.5",
        "2024年3月5日",
        "２０２４－０３－０５",
        " 2024-03-05 00:00:00 ",
        "20240305",
    ];
    let rows: Vec<Vec<String>> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut r = good(i + 1);
            r[5] = f.to_string();
            r
        })
        .collect();
    let p = write_file(dir.path(), "dates.csv", csv_text(&EN, &rows));
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    assert!(c.rows.iter().all(|g| g.decided_on == date(2024, 3, 5)));
    assert_eq!(parse_date("3/5/2024"), None);
}

// ------------------------------------------------------------------ every defect at once

#[test]
fn every_defect_is_reported_with_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = |f: &dyn Fn(&mut Vec<String>)| {
        let mut r = good(rows.len() + 1);
        f(&mut r);
        rows.push(r);
    };
    row(&|_| {}); // 2: good
    row(&|r| r[0] = "91110000600037341M".into()); // 3: check char
    row(&|r| {
        r[1] = "\u{3000} ".into(); // 4: empty name
        r[2] = "lab".into(); //    and a bad kind
    });
    row(&|r| {
        r[3] = "CNCA-R-02-1".into(); // 5: approval number
        r[4] = "fast".into(); //    and route
    });
    row(&|r| {
        r[5] = "2024-02-30".into(); // 6: no such day
        r[6] = "1900-01-01".into(); //    year out of range
    });
    row(&|r| {
        r[5] = "2024-03-05".into(); // 7: ends before it starts
        r[6] = "2024-03-05".into();
    });
    row(&|r| {
        r[7] = "；、".into(); // 8: five defects
        r[8] = "1100".into();
        r[9] = " ".into();
        r[10] = "".into();
        r[11] = "E".into();
    });
    row(&|r| r[3] = "240012345678".into()); // 9: CMA number on a cb row
    row(&|r| r[1] = "某\u{1b}[2J公司".into()); // 10: control character
    row(&|r| r.push("stray".into())); // 11: ragged
    row(&|r| r[1] = "名".repeat(201)); // 12: name too long
    row(&|r| r[0] = uscc("31110000MA0000099")); // 13: unusual first char: warning only
    row(&|r| r[8] = "310000".into()); // 14: region differs from the USCC: warning only
    row(&|r| r.truncate(5)); // 15: short row: the missing cells are empty
    row(&|r| r[0] = String::new()); // 16: empty USCC
    let p = write_file(dir.path(), "defects.csv", csv_text(&EN, &rows));
    let (_, c) = read_and_check(&p);
    assert_eq!(
        places(&c.errors),
        [
            (3, "uscc"),
            (4, "name"),
            (4, "kind"),
            (5, "approval_no"),
            (5, "route"),
            (6, "decided_on"),
            (6, "valid_until"),
            (7, "valid_until"),
            (8, "scope"),
            (8, "region"),
            (8, "authority"),
            (8, "doc_no"),
            (8, "risk_class"),
            (9, "approval_no"),
            (10, "name"),
            (11, ""),
            (12, "name"),
            (15, "decided_on"),
            (15, "valid_until"),
            (15, "scope"),
            (15, "region"),
            (15, "authority"),
            (15, "doc_no"),
            (15, "risk_class"),
            (16, "uscc"),
        ]
    );
    assert_eq!(places(&c.warnings), [(13, "uscc"), (14, "region")]);
    assert_eq!(c.total_rows, 15);
    assert_eq!(
        c.rows.iter().map(|g| g.row).collect::<Vec<_>>(),
        [2, 13, 14]
    );
    let invalid: Vec<usize> = c.invalid_rows.iter().map(|r| r.row).collect();
    assert_eq!(invalid, [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16]);

    let msg = |row: usize, col: &str| {
        c.errors
            .iter()
            .find(|e| e.row == row && e.column == col)
            .map(|e| e.message.as_str())
            .unwrap()
    };
    assert!(msg(3, "uscc").contains("check character is M"));
    assert!(msg(3, "uscc").ends_with("check the code on the business licence"));
    assert!(msg(6, "decided_on").contains("2024年3月5日"));
    assert!(msg(6, "valid_until").contains("1900"));
    assert!(msg(7, "valid_until").contains("check both dates"));
    assert_eq!(
        msg(10, "name"),
        "contains a control character (U+001B); remove it"
    );
    assert!(msg(11, "").starts_with("row has 13 cells but the header has 12; a stray comma"));
    assert!(msg(12, "name").contains("201 characters"));
    let e = c.errors.iter().find(|e| e.row == 11).unwrap();
    assert_eq!(e.value, "stray");
    let e = c
        .errors
        .iter()
        .find(|e| e.row == 5 && e.column == "route")
        .unwrap();
    assert_eq!(e.value, "fast");
}

#[test]
fn unknown_columns_warn_and_the_reason_column_is_silent() {
    let dir = tempfile::tempdir().unwrap();
    let mut header = EN.to_vec();
    header.insert(2, "备注");
    header.push("原因");
    let mut cells = good(1);
    cells.insert(2, "随便".into());
    cells.push("earlier reason".into());
    let p = write_file(dir.path(), "u.csv", csv_text(&header, &[cells]));
    let (_, c) = read_and_check(&p);
    assert_eq!(c.errors, []);
    assert_eq!(places(&c.warnings), [(1, "备注")]);
    assert!(
        c.warnings[0]
            .message
            .starts_with("unknown column, ignored; the columns are uscc (统一社会信用代码), name")
    );
    assert_eq!(c.rows.len(), 1);
}

#[test]
fn missing_and_duplicate_columns_are_file_level_errors() {
    let dir = tempfile::tempdir().unwrap();
    let header: Vec<&str> = EN
        .iter()
        .copied()
        .filter(|h| *h != "doc_no" && *h != "scope")
        .collect();
    let rows: Vec<Vec<String>> = (1..=3)
        .map(|i| {
            let mut r = good(i);
            r.remove(10);
            r.remove(7);
            r
        })
        .collect();
    let p = write_file(dir.path(), "m.csv", csv_text(&header, &rows));
    let (_, c) = read_and_check(&p);
    assert_eq!(places(&c.errors), [(1, "scope"), (1, "doc_no")]);
    assert_eq!(
        c.errors[0].message,
        "missing column scope (认证领域): add a column headed \"认证领域\" (or \"scope\")"
    );
    assert!(c.rows.is_empty());
    assert_eq!(c.invalid_rows.len(), 3);
    assert_eq!(c.total_rows, 3);

    let mut header = EN.to_vec();
    header.push("证书编号");
    let mut cells = good(1);
    cells.push("CNCA-R-2020-001".into());
    let p = write_file(dir.path(), "d.csv", csv_text(&header, &[cells]));
    let (_, c) = read_and_check(&p);
    assert_eq!(places(&c.errors), [(1, "approval_no")]);
    assert!(
        c.errors[0]
            .message
            .contains("columns D (\"approval_no\") and M (\"证书编号\") both mean approval_no")
    );
    assert_eq!(c.invalid_rows.len(), 1);
}

#[test]
fn duplicates_within_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut other_date = good(1);
    other_date[6] = "2031-01-01".into();
    let mut other_name = good(3);
    other_name[0] = uscc_n(2);
    other_name[1] = "另一个名字".into();
    let rows = vec![
        good(1),    // 2
        good(2),    // 3
        good(1),    // 4: identical to row 2: dropped with a warning
        other_date, // 5: approval of row 2, other end date: error
        other_name, // 6: USCC of row 3 under another name: error
    ];
    let p = write_file(dir.path(), "dup.csv", csv_text(&EN, &rows));
    let (_, c) = read_and_check(&p);
    assert_eq!(places(&c.errors), [(5, "approval_no"), (6, "name")]);
    assert!(
        c.errors[0]
            .message
            .contains("also on row 2 with other particulars (valid_until)")
    );
    assert!(
        c.errors[1]
            .message
            .starts_with(&format!("row 3 gives USCC {} the name", uscc_n(2)))
    );
    assert_eq!(places(&c.warnings), [(4, "")]);
    assert!(c.warnings[0].message.starts_with("repeats row 2 exactly"));
    assert_eq!(c.rows.iter().map(|g| g.row).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(
        c.invalid_rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        [5, 6]
    );
}

#[test]
fn rejects_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![good(1)];
    let mut r = good(2);
    r[0] = "91110000600037341M".into();
    r[5] = "someday".into();
    rows.push(r);
    rows.push(good(3));
    let mut r = good(4);
    r[1] = "某\u{1b}公司, \"引号\"".into();
    r[11] = "F".into();
    rows.push(r);
    let mut r = good(5);
    r.truncate(9); // short row: authority, doc_no, risk_class missing
    rows.push(r);
    let mut header = EN.to_vec();
    header.insert(0, "序号"); // an unknown column survives the round trip
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.insert(0, (i + 1).to_string());
            r
        })
        .collect();
    let p = write_file(dir.path(), "in.csv", csv_text(&header, &rows));
    let (t, c) = read_and_check(&p);
    assert_eq!(c.invalid_rows.len(), 3);

    let rejects = dir.path().join("rejects.csv");
    write_rejects(std::fs::File::create(&rejects).unwrap(), &t, &c).unwrap();
    let bytes = std::fs::read(&rejects).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8_lossy(&bytes).contains("\r\n"));

    let (t2, c2) = read_and_check(&rejects);
    assert_eq!(t2.encoding, "utf-8-bom");
    assert_eq!(t2.headers.last().map(String::as_str), Some("reason"));
    assert_eq!(t2.rows.len(), 3);
    assert_eq!(t2.rows[0].cells[..13], t.rows[1].cells[..]);
    let reason = &t2.rows[0].cells[13];
    assert!(reason.starts_with("uscc: check character is M"), "{reason}");
    assert!(reason.contains("; decided_on: not a date"), "{reason}");
    // The same problems, on the renumbered rows; the reason column is no unknown column.
    let strip = |errors: &[RowError]| {
        errors
            .iter()
            .map(|e| (e.column.clone(), e.value.clone(), e.message.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&c2.errors), strip(&c.errors));
    assert_eq!(strip(&c2.warnings), strip(&c.warnings));
    assert_eq!(
        c2.errors.iter().map(|e| e.row).collect::<Vec<_>>(),
        [2, 2, 3, 3, 4, 4, 4]
    );

    // Rejected again, the file keeps one reason column.
    let again = dir.path().join("again.csv");
    write_rejects(std::fs::File::create(&again).unwrap(), &t2, &c2).unwrap();
    let t3 = read(&again);
    assert_eq!(t3.headers, t2.headers);
    assert_eq!(
        t3.rows.iter().map(|r| &r.cells).collect::<Vec<_>>(),
        t2.rows.iter().map(|r| &r.cells).collect::<Vec<_>>()
    );
}

#[test]
fn rejects_for_a_missing_column_carry_the_file_level_reason() {
    let dir = tempfile::tempdir().unwrap();
    let header = &EN[..11];
    let rows: Vec<Vec<String>> = vec![good(1)[..11].to_vec()];
    let p = write_file(dir.path(), "m.csv", csv_text(header, &rows));
    let (t, c) = read_and_check(&p);
    let out = dir.path().join("r.csv");
    write_rejects(std::fs::File::create(&out).unwrap(), &t, &c).unwrap();
    let t2 = read(&out);
    assert!(t2.rows[0].cells[11].starts_with("risk_class: missing column risk_class (风险等级)"));
}

// ------------------------------------------------------------------ read errors

#[test]
fn files_that_cannot_be_read_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.csv", vec![], "the file is empty"),
        ("commas.csv", b",,,\n , ,\n".to_vec(), "no header row"),
        ("x.data", b"a,b\n".to_vec(), "pass --format csv"),
        (
            "book.xlsx",
            b"just some text".to_vec(),
            "book.xlsx: not an Excel workbook (",
        ),
        (
            "web.xls",
            b"<html><table><tr><td>1</td></tr></table></html>".to_vec(),
            "HTML or XML page",
        ),
        (
            "xml.xls",
            b"\n<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
                .to_vec(),
            "HTML or XML page",
        ),
        (
            "cut.xlsx",
            b"PK\x03\x04\x14\x00\x00\x00".to_vec(),
            "not an Excel workbook",
        ),
        ("u16.csv", b"\xFF\xFEu\x00s\x00".to_vec(), "UTF-16"),
        ("blank.json", b"  \n".to_vec(), "the file is empty"),
    ];
    for (name, bytes, expected) in cases {
        let p = write_file(dir.path(), name, &bytes);
        let msg = read_table(&p, None, EncodingChoice::Auto)
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with(&p.display().to_string()), "{msg}");
        assert!(msg.contains(expected), "{name}: {msg}");
    }
    let missing = dir.path().join("nope.csv");
    let msg = read_table(&missing, None, EncodingChoice::Auto)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("cannot read the file"), "{msg}");
}

#[test]
fn truncated_xlsx_is_an_error_not_a_panic() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "uscc").unwrap();
    wb.save(&full).unwrap();
    let bytes = std::fs::read(&full).unwrap();
    for cut in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
        let p = write_file(dir.path(), "cut.xlsx", &bytes[..cut]);
        assert!(
            read_table(&p, None, EncodingChoice::Auto).is_err(),
            "cut at {cut}"
        );
    }
}

#[test]
fn column_names() {
    assert_eq!(Column::ApprovalNo.as_str(), "approval_no");
    assert_eq!(Column::ValidUntil.zh(), "有效期至");
    assert_eq!(Column::parse_header("批准号"), Some(Column::ApprovalNo));
    assert!(!Column::LegalRep.required());
}

// ------------------------------------------------------------------ never panic

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn xlsx_bytes() -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in EN.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in good(1).iter().enumerate() {
            ws.write_string(1, c as u16, v).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    fn no_panic(name: &str, bytes: &[u8]) {
        let dir = tempfile::tempdir().unwrap();
        let p = write_file(dir.path(), name, bytes);
        for enc in [EncodingChoice::Auto, EncodingChoice::Gbk] {
            if let Ok(t) = read_table(&p, None, enc) {
                let c = check_table(&t);
                assert_eq!(c.total_rows, t.rows.len());
                let out = dir.path().join("rejects.csv");
                write_rejects(std::fs::File::create(&out).unwrap(), &t, &c).unwrap();
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), ext in 0usize..3) {
            let name = ["r.csv", "r.json", "r.xlsx"][ext];
            no_panic(name, &bytes);
        }

        #[test]
        fn csv_like_text(text in "[a-z0-9,;\"\n\r 　中文\u{1b}]{0,400}") {
            let mut s = csv_line(&EN);
            s.push('\n');
            s.push_str(&text);
            no_panic("t.csv", s.as_bytes());
        }

        #[test]
        fn json_like_text(text in "[\\[\\]{}:,\"a-z0-9 .\n-]{0,200}") {
            no_panic("t.json", text.as_bytes());
        }

        #[test]
        fn damaged_xlsx(cut in 0usize..10_000, flips in proptest::collection::vec((0usize..10_000, any::<u8>()), 0..8)) {
            let mut bytes = xlsx_bytes();
            for (at, b) in flips {
                let n = bytes.len();
                bytes[at % n] = b;
            }
            bytes.truncate(cut.max(4));
            no_panic("d.xlsx", &bytes);
        }
    }
}
