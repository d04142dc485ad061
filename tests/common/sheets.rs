//! Spreadsheet fixtures shared by the import tests: valid rows, CSV text, reading and checking.

use certdesk::domain::ids::uscc_check_char;
use certdesk::import::{Checked, EncodingChoice, Table, check_table, read_table};
use std::path::{Path, PathBuf};

/// A valid USCC from a 17-character base.
pub fn uscc(base: &str) -> String {
    format!(
        "{base}{}",
        uscc_check_char(base).expect("base in the USCC alphabet")
    )
}

/// A distinct valid USCC for body `i` (region 110000).
pub fn uscc_n(i: usize) -> String {
    uscc(&format!("91110000MA0{i:06}"))
}

/// The contract's Chinese headers, in the order of `good`.
pub const ZH: [&str; 12] = [
    "统一社会信用代码",
    "机构名称",
    "机构类型",
    "批准号",
    "审批方式",
    "批准日期",
    "有效期至",
    "认证领域",
    "行政区划代码",
    "批准机关",
    "文号",
    "风险等级",
];

/// A valid certification-body row (in `ZH` order) for body `i`.
pub fn good(i: usize) -> Vec<String> {
    vec![
        uscc_n(i),
        format!("北京第{i}认证有限公司"),
        "cb".into(),
        format!("CNCA-R-2020-{i:03}"),
        "general".into(),
        "2024-03-05".into(),
        "2030-03-04".into(),
        "QMS; EMS".into(),
        "110000".into(),
        "国家市场监督管理总局".into(),
        format!("国市监认证〔2024〕{i}号"),
        "A".into(),
    ]
}

/// One CSV line, every cell quoted.
pub fn csv_line<S: AsRef<str>>(cells: &[S]) -> String {
    cells
        .iter()
        .map(|c| format!("\"{}\"", c.as_ref().replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn write_file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn read(path: &Path) -> Table {
    read_table(path, None, EncodingChoice::Auto).unwrap_or_else(|e| panic!("{e}"))
}

pub fn read_and_check(path: &Path) -> (Table, Checked) {
    let t = read(path);
    let c = check_table(&t);
    (t, c)
}

/// A minimal .xlsx by hand: `sheet_data` is the inside of `<sheetData>`, `dimension` the
/// declared `<dimension ref>` (none when empty). A few hundred bytes zipped.
pub fn xlsx(dimension: &str, sheet_data: &str) -> Vec<u8> {
    let dim = if dimension.is_empty() {
        String::new()
    } else {
        format!("<dimension ref=\"{dimension}\"/>")
    };
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{sheet_data}</sheetData></worksheet>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
