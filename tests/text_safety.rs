//! Text safety against the real binary (issue 7, points 7–9): formula-leading, control,
//! invisible and over-long text is refused at every input; text another tool wrote into the
//! database (with the `sqlite3` tool) leaves neutralised in every CSV and sanitised on every
//! terminal.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FORMULAS: [&str; 5] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "-2+3+cmd|' /C calc'!A0",
    "+SUM(A1)",
    "@SUM(A1)",
    "  =1+1",
];

/// Run SQL on the database with the sqlite3 tool, as someone editing the file behind
/// certdesk would.
fn sqlite3(db: &Path, sql: &str) {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("the sqlite3 tool (.ci/run installs it)");
    assert!(
        out.status.success(),
        "{sql}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn event_count(db: &Path) -> usize {
    let out = certdesk(db)
        .args(["export", "events", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().unwrap().len()
}

/// A database with bodies 1–6 imported: 1, 4 optimized (active), 2, 5 general, 3, 6
/// commitment (awaiting verification).
fn register(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("c.db");
    let file = batch(dir, "b.csv", 1, 6);
    certdesk(&db).arg("import").arg(&file).assert().success();
    (db, file)
}

/// Whether `cell` starts the way a spreadsheet runs a formula (a plain number excepted).
fn runs_in_a_spreadsheet(cell: &str) -> bool {
    let looks = cell
        .trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
        || cell.starts_with(['\t', '\r']);
    let number = cell
        .strip_prefix(['-', '+'])
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    looks && !number
}

/// Every cell of a CSV file (BOM skipped).
fn csv_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn assert_no_formula(what: &str, bytes: &[u8]) -> Vec<Vec<String>> {
    let rows = csv_cells(bytes);
    for row in &rows {
        for cell in row {
            assert!(
                !runs_in_a_spreadsheet(cell),
                "{what}: the cell {cell:?} would run in a spreadsheet"
            );
        }
    }
    rows
}

fn has_cell(rows: &[Vec<String>], cell: &str) -> bool {
    rows.iter().flatten().any(|c| c == cell)
}

// ---- point 7: formulas --------------------------------------------------------------------

/// Every free-text flag of `certdesk act`, with the act that takes it (the basis is added by
/// [`act`] unless the flag is `--basis`).
fn act_flags(no: &str) -> Vec<(&'static str, Vec<String>, &'static str)> {
    let base = |act: &str| -> Vec<String> {
        ["act", act, "--approval", no, "--date", "2026-11-20"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let with = |mut v: Vec<String>, extra: &[&str]| {
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    vec![
        (
            "--basis",
            with(base("change-particulars"), &["--name", "新名称"]),
            "basis",
        ),
        (
            "--doc-no",
            with(base("change-particulars"), &["--name", "新名称"]),
            "doc_no",
        ),
        (
            "--reason",
            with(base("change-particulars"), &["--name", "新名称"]),
            "reason",
        ),
        ("--name", base("change-particulars"), "name"),
        ("--address", base("change-particulars"), "address"),
        ("--legal-rep", base("change-particulars"), "legal_rep"),
        ("--add", base("change-scope"), "scope_add"),
        ("--remove", base("change-scope"), "scope_remove"),
        ("--remove", base("revoke"), "scope_remove"),
        (
            "--officers",
            with(base("suspend"), &["--deadline", "2027-02-20"]),
            "officers",
        ),
    ]
}

/// `certdesk act …` with `flag=value` (`--flag=value`: a value starting with '-' would
/// otherwise be read as a flag).
fn act(db: &Path, args: &[String], flag: &str, value: &str) -> assert_cmd::Command {
    let mut cmd = certdesk(db);
    cmd.args(args).arg(format!("{flag}={value}"));
    if flag != "--basis" {
        cmd.args(["--basis", "检验检测机构资质认定管理办法第四十二条"]);
    }
    cmd
}

#[test]
fn formula_leading_text_is_refused_in_every_act_flag() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = register(dir.path());
    let before = event_count(&db);
    let no = cma_no(1);
    for (flag, args, field) in act_flags(&no) {
        for formula in FORMULAS {
            let value = match flag {
                "--officers" => format!("张三,{formula}"),
                "--add" | "--remove" => format!("食品检测;{formula}"),
                _ => formula.to_string(),
            };
            let out = act(&db, &args, flag, &value).output().unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(3), "{flag} {formula:?}: {err}");
            assert!(
                err.contains(&format!("{field} starts with"))
                    && err.contains("like a spreadsheet formula"),
                "{flag} {formula:?}: {err}"
            );
        }
    }
    // The same text anywhere inside is ordinary text.
    act(&db, &act_flags(&no)[2].1, "--reason", "a=b, -c, @d")
        .assert()
        .success();
    assert_eq!(event_count(&db), before + 1);
}

#[test]
fn formula_leading_text_is_refused_in_every_application_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    certdesk(&db).arg("init").assert().success();
    let receive = |extra: &str| {
        let mut c = certdesk(&db);
        c.args([
            "application",
            "receive",
            "--uscc",
            &uscc(9),
            "--kind",
            "cma",
            "--route",
            "optimized",
            "--date",
            "2026-11-02",
        ]);
        for (flag, v) in [("--name", "北京某检测有限公司"), ("--scope", "食品检测")] {
            if !extra.starts_with(flag) {
                c.arg(flag).arg(v);
            }
        }
        c.arg(extra).output().unwrap()
    };
    for (flag, field) in [
        ("--name", "name"),
        ("--scope", "scope"),
        ("--region", "region"),
        ("--reason", "reason"),
    ] {
        for formula in FORMULAS {
            let out = receive(&format!("{flag}={formula}"));
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(3), "{flag} {formula:?}: {err}");
            assert!(
                err.contains(&format!("{field} starts with")),
                "{flag}: {err}"
            );
        }
    }
    let out = receive("--reason=ok");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (flag, field) in [
        ("--authority", "authority"),
        ("--basis", "basis"),
        ("--doc-no", "doc_no"),
        ("--reason", "reason"),
    ] {
        for formula in FORMULAS {
            let out = certdesk(&db)
                .args(["application", "accept", "--id", "1", "--date", "2026-11-03"])
                .arg(format!("{flag}={formula}"))
                .output()
                .unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(3), "{flag} {formula:?}: {err}");
            assert!(err.contains(&format!("{field} starts with")), "{err}");
        }
    }
}

const HEADER_FULL: &str = "uscc,name,kind,approval_no,route,decided_on,valid_until,scope,region,authority,doc_no,risk_class,address,legal_rep";

fn full_row(n: u32) -> String {
    format!("{},北京市朝阳区某路1号,张三", row(n, "general"))
}

#[test]
fn formula_leading_import_cells_are_refused_with_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let cases: [(&str, usize); 6] = [
        ("name", 1),
        ("authority", 9),
        ("doc_no", 10),
        ("address", 12),
        ("legal_rep", 13),
        ("scope", 7),
    ];
    let mut text = format!("{HEADER_FULL}\n");
    let mut expected = Vec::new();
    let mut n = 1;
    for (column, index) in cases {
        for formula in ["-2+3", "=1+1", "@A1", "+A1"] {
            let mut cells: Vec<String> = full_row(n).split(',').map(str::to_string).collect();
            cells[index] = if column == "scope" {
                format!("食品检测;{formula}")
            } else {
                formula.to_string()
            };
            text.push_str(&cells.join(","));
            text.push('\n');
            n += 1;
            expected.push((n, column)); // the header is row 1
        }
    }
    let file = write(dir.path(), "formulas.csv", &text);
    let out = certdesk(&db).arg("import").arg(&file).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    for (row, column) in expected {
        let line = err
            .lines()
            .find(|l| l.contains(&format!(": row {row}, column {column}")))
            .unwrap_or_else(|| panic!("no error for row {row} {column}: {err}"));
        assert!(
            line.starts_with("error: ") && line.contains("formulas.csv"),
            "{line}"
        );
        assert!(line.contains("like a spreadsheet formula"), "{line}");
    }
    // Nothing was written.
    let out = certdesk(&db).args(["export", "bodies"]).output().unwrap();
    assert!(csv_cells(&out.stdout).is_empty());
}

/// Formulas written into the database by another tool leave neutralised in every CSV export.
#[test]
fn formula_cells_in_the_database_are_neutralised_in_every_csv_export() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = register(dir.path());
    let q = |s: &str| s.replace('\'', "''");
    let [hyperlink, minus, plus, at, spaced] = FORMULAS;
    sqlite3(
        &db,
        &format!(
            "UPDATE body SET name = '{}', address = '{}', legal_rep = '{}';
             UPDATE qualification SET authority = '{}', doc_no = '{}';
             UPDATE scope_item SET item = '=2+2' WHERE id = 1;
             DROP TRIGGER event_append_only_update;
             UPDATE event SET reason = '{}', actor = '{}';",
            q(hyperlink),
            q(minus),
            q(plus),
            q(at),
            q(spaced),
            q(minus),
            q(at)
        ),
    );
    let mut seen = Vec::new();
    for what in ["bodies", "qualifications", "events", "queue"] {
        let out_file = dir.path().join(format!("{what}.csv"));
        certdesk(&db)
            .args(["export", what, "--out"])
            .arg(&out_file)
            .assert()
            .success();
        let rows = assert_no_formula(what, &std::fs::read(&out_file).unwrap());
        // And on standard output too.
        let out = certdesk(&db).args(["export", what]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_no_formula(what, &out.stdout);
        let out = certdesk(&db)
            .args(["export", what, "--bom"])
            .output()
            .unwrap();
        assert!(
            out.stdout.starts_with(b"\xEF\xBB\xBF"),
            "{what}: the BOM survives"
        );
        assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{fffd}'));
        seen.push((what, rows));
    }
    let rows = |what: &str| &seen.iter().find(|(w, _)| *w == what).unwrap().1;
    let neutral = |s: &str| format!("'{s}");
    assert!(has_cell(rows("bodies"), &neutral(hyperlink)));
    assert!(has_cell(rows("bodies"), &neutral(minus)));
    assert!(has_cell(rows("bodies"), &neutral(plus)));
    assert!(has_cell(rows("qualifications"), &neutral(at)));
    assert!(has_cell(rows("qualifications"), &neutral(spaced)));
    assert!(has_cell(rows("events"), &neutral(minus)));
    assert!(has_cell(rows("events"), &neutral(at)));
    assert!(has_cell(rows("queue"), &neutral(hyperlink)));
    // Negative day counts stay numbers.
    assert!(
        rows("queue")
            .iter()
            .skip(1)
            .any(|r| r[5].starts_with('-') && r[5][1..].parse::<u32>().is_ok()),
        "{:?}",
        rows("queue")
    );
}

#[test]
fn the_rejects_file_never_copies_a_formula_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let calc = "=cmd|' /C calc'!A0";
    let mut bad = full_row(2).replace("北京第2检测有限公司", calc);
    bad = bad.replace("张三", "-2+3");
    let text = format!("{HEADER_FULL}\n{}\n{bad}\n", full_row(1));
    let file = write(dir.path(), "b.csv", &text);
    let rejects = dir.path().join("rejects.csv");
    certdesk(&db)
        .arg("import")
        .arg(&file)
        .args(["--skip-invalid", "--rejects"])
        .arg(&rejects)
        .assert()
        .success();
    let bytes = std::fs::read(&rejects).unwrap();
    let rows = assert_no_formula("rejects", &bytes);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(has_cell(&rows, &format!("'{calc}")), "{rows:?}");
    assert!(has_cell(&rows, "'-2+3"), "{rows:?}");
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains(&format!(",{calc}")), "{text}");
}

/// The screens' export (here the reports'): a region code another tool made into a formula.
#[test]
fn the_reports_csv_of_the_screens_is_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = register(dir.path());
    sqlite3(&db, "UPDATE body SET region = '=1+1' WHERE id = 1;");
    let today = jiff::civil::date(2026, 11, 27);
    let store = certdesk::store::Store::open(&db, today).unwrap();
    let reports = store.reports().unwrap();
    assert!(reports.by_region.iter().any(|(r, _)| r.starts_with('=')));
    let out_dir = dir.path().join("reports");
    std::fs::create_dir(&out_dir).unwrap();
    for lang in [certdesk::i18n::Lang::Zh, certdesk::i18n::Lang::En] {
        let table = certdesk::tui::screens::reports::table(&reports, lang, None);
        let path = out_dir.join(format!("{lang:?}.csv"));
        certdesk::tui::export::write(&table, &path, &[], 0o600).unwrap();
        let rows = assert_no_formula("reports", &std::fs::read(path).unwrap());
        assert!(has_cell(&rows, "'=10000"), "{rows:?}");
    }
}

// ---- point 8: control sequences -----------------------------------------------------------

/// ESC [2J, OSC 52 (set the clipboard), CSI as one C1 character, a right-to-left override and
/// a zero-width space, between two markers; as a SQL expression.
const EVIL_SQL: &str = "'evil' || char(27) || '[2J' || char(27) || ']52;c;ZXZpbA==' || char(7) || char(155) || '1m' || char(8238) || 'gpj.exe' || char(8203) || 'end'";
const EVIL: &str = "evil\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}1m\u{202e}gpj.exe\u{200b}end";

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (name, bad) in [
        ("ESC", '\u{1b}'),
        ("BEL", '\u{7}'),
        ("CSI", '\u{9b}'),
        ("RLO", '\u{202e}'),
        ("ZWSP", '\u{200b}'),
    ] {
        assert!(
            !text.contains(bad),
            "{what}: {name} reached the terminal: {text:?}"
        );
    }
}

/// Every output of a command, each stream checked.
fn run_clean(what: &str, cmd: &mut assert_cmd::Command) -> Output {
    let out = cmd.output().unwrap();
    assert_clean(&format!("{what} (stdout)"), &out.stdout);
    assert_clean(&format!("{what} (stderr)"), &out.stderr);
    out
}

fn evil_register(dir: &Path) -> (PathBuf, PathBuf) {
    let (db, file) = register(dir);
    let no1 = cma_no(1);
    let no3 = cma_no(3);
    for args in [
        vec![
            "act",
            "list-credit",
            "--approval",
            &no1,
            "--list",
            "abnormal",
        ],
        vec![
            "act",
            "set-bar",
            "--approval",
            &no1,
            "--deadline",
            "2029-01-01",
        ],
        vec![
            "act",
            "verify",
            "--approval",
            &no3,
            "--result",
            "conforming",
        ],
    ] {
        certdesk(&db)
            .args(&args)
            .args(["--date", "2026-11-20", "--basis", "条例"])
            .assert()
            .success();
    }
    sqlite3(
        &db,
        &format!(
            "UPDATE body SET name = {e}, address = {e}, legal_rep = {e}, updated_by = {e};
             UPDATE body SET region = {e}, bar_until = {e} WHERE id = 1;
             UPDATE credit_listing SET listed_on = {e};
             UPDATE qualification SET authority = {e}, doc_no = {e}, updated_by = {e},
                 updated_at = {e}, version = version + 1;
             UPDATE scope_item SET item = {e} || id, since = {e};
             UPDATE follow_up SET result = {e} WHERE closed_on IS NOT NULL;
             UPDATE import_batch SET imported_by = {e}, imported_at = {e};
             DROP TRIGGER event_append_only_update;
             UPDATE event SET actor = {e}, reason = {e}, basis = {e};",
            e = EVIL_SQL
        ),
    );
    (db, file)
}

#[test]
fn escape_sequences_in_the_database_never_reach_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = evil_register(dir.path());
    let no1 = cma_no(1);
    let no3 = cma_no(3);

    for key in [&no1, &no3] {
        let out = run_clean("show", certdesk(&db).args(["show", key]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        // The values are there, defused: each unsafe character became U+FFFD.
        assert!(
            text.contains(
                "evil\u{fffd}[2J\u{fffd}]52;c;ZXZpbA==\u{fffd}\u{fffd}1m\u{fffd}gpj.exe\u{fffd}end"
            ),
            "{text}"
        );
        if key == &no1 {
            for label in ["region evil", "until evil", "since evil", "authority evil"] {
                assert!(text.contains(label), "{label}: {text}");
            }
        } else {
            assert!(text.contains("— evil"), "follow-up result: {text}");
            assert!(text.contains("capabilities: evil"), "a CMA body: {text}");
        }
        let out = run_clean(
            "show json",
            certdesk(&db).args(["show", key, "--format", "json"]),
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("\\u202e") && text.contains("\\u200b"),
            "{text}"
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["body"]["name"], EVIL, "JSON escapes, it does not alter");
    }

    let out = run_clean("queue", certdesk(&db).arg("queue"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("evil"));
    let out = run_clean(
        "queue json",
        certdesk(&db).args(["queue", "--format", "json"]),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v.as_array().unwrap().iter().any(|i| i["name"] == EVIL),
        "{v}"
    );

    for what in ["bodies", "qualifications", "events", "queue"] {
        let out = run_clean("export csv", certdesk(&db).args(["export", what]));
        assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("evil"),
            "{what}"
        );
        let out = run_clean(
            "export json",
            certdesk(&db).args(["export", what, "--format", "json"]),
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v.to_string().contains("evil"), "{what}");
        // A JSON file is escaped the same way; a CSV file keeps the stored text.
        let json_file = dir.path().join(format!("{what}.json"));
        certdesk(&db)
            .args(["export", what, "--format", "json", "--out"])
            .arg(&json_file)
            .assert()
            .success();
        assert_clean("export json --out", &std::fs::read(&json_file).unwrap());
    }
    let events: serde_json::Value = serde_json::from_slice(
        &certdesk(&db)
            .args(["export", "events", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(events[0]["actor"], EVIL);

    let out = run_clean("check", certdesk(&db).arg("check"));
    assert_eq!(out.status.code(), Some(1), "the edited log is caught");

    // A conflict names the other user, whose name is whatever the file says.
    let out = run_clean(
        "conflict",
        certdesk(&db).args([
            "act",
            "change-particulars",
            "--approval",
            &no1,
            "--date",
            "2026-11-21",
            "--basis",
            "条例",
            "--address",
            "新地址",
            "--expect-version",
            "1",
        ]),
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("was changed by evil"),
        "{}",
        stderr(&out)
    );

    // Importing the same file again: "already imported … by" the stored name.
    let out = run_clean("import again", certdesk(&db).arg("import").arg(&file));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("already imported on evil"), "{text}");
    let out = run_clean(
        "import again, json",
        certdesk(&db)
            .arg("import")
            .arg(&file)
            .args(["--report", "json"]),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["already_imported"]["by"], EVIL);
}

/// File names are echoed back in messages; a file name can carry escape sequences too.
#[test]
fn file_names_and_cells_are_echoed_defused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let name = "b\u{1b}]0;owned\u{7}\u{202e}vsc.csv";
    let text = format!(
        "{HEADER_EN},col\u{1b}[2J\n{}\n",
        row(1, "general").replace("北京第1检测有限公司", "某\u{1b}[2J\u{200b}公司")
    );
    let file = write(dir.path(), name, &text);
    for args in [vec![], vec!["--report", "json"], vec!["--dry-run"]] {
        let out = run_clean("import", certdesk(&db).arg("import").arg(&file).args(&args));
        assert_eq!(out.status.code(), Some(3));
    }
    let out = certdesk(&db).arg("import").arg(&file).output().unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("b\u{fffd}]0;owned\u{fffd}\u{fffd}vsc.csv"),
        "{err}"
    );
    // The refused value is shown with the character escaped.
    assert!(err.contains("value \"某\\u{1b}[2J\\u{200b}公司\""), "{err}");
    // A missing file: its name in the error, defused.
    let out = run_clean(
        "missing file",
        certdesk(&db)
            .arg("import")
            .arg(dir.path().join("x\u{1b}[2J.csv")),
    );
    assert!(
        stderr(&out).contains("x\u{fffd}[2J.csv"),
        "{}",
        stderr(&out)
    );
    // A refused argument, which clap quotes.
    let out = run_clean(
        "usage",
        certdesk(&db).args([
            "act",
            "verify",
            "--approval",
            "CNCA\u{1b}[2J\u{202e}",
            "--date",
            "2026-11-20",
            "--basis",
            "x",
        ]),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'CNCA"),
        "{}",
        stderr(&out)
    );
    let out = run_clean("help", certdesk(&db).args(["act", "--help"]));
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--doc-no"));
}

#[test]
fn control_and_invisible_characters_are_refused_in_acts_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = register(dir.path());
    let no = cma_no(1);
    for (bad, shown) in [
        ("\u{202e}", "\\u{202e}"),
        ("\u{200b}", "\\u{200b}"),
        ("\u{2066}", "\\u{2066}"),
        ("\u{feff}", "\\u{feff}"),
    ] {
        for (flag, args, field) in act_flags(&no) {
            let out = run_clean("act", &mut act(&db, &args, flag, &format!("名{bad}称")));
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(3), "{flag}: {err}");
            assert!(
                err.contains(&format!("{field} contains the invisible character {shown}")),
                "{flag}: {err}"
            );
        }
    }
    let out = run_clean(
        "act",
        &mut act(
            &db,
            &act_flags(&no)[2].1,
            "--reason",
            "a\u{1b}]52;c;ZXZpbA==\u{7}",
        ),
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("reason contains a control character (U+001B)"));

    let file = write(
        dir.path(),
        "bidi.csv",
        &format!(
            "{HEADER_EN}\n{}\n",
            row(7, "general").replace("北京市市场监督管理局", "北京市\u{202e}局")
        ),
    );
    let out = run_clean("import", certdesk(&db).arg("import").arg(&file));
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("column authority, value \"北京市\\u{202e}局\": contains the invisible character \\u{202e}"),
        "{}",
        stderr(&out)
    );
}

// ---- point 9: lengths ---------------------------------------------------------------------

#[test]
fn over_long_text_is_refused_with_its_length_and_at_most_80_characters() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = register(dir.path());
    let no = cma_no(1);
    let long = |n: usize| format!("{}{}", "甲".repeat(80), "乙".repeat(n - 80));
    let shown = format!("\"{}…\"", "甲".repeat(80));
    for (flag, args, field) in act_flags(&no) {
        let max = if matches!(field, "name" | "legal_rep" | "officers") {
            200
        } else {
            2000
        };
        // At the limit: accepted by the text rules (other rules may still refuse the act).
        let out = act(&db, &args, flag, &long(max)).output().unwrap();
        assert!(!stderr(&out).contains("characters, more than"), "{flag}");
        let out = run_clean("act", &mut act(&db, &args, flag, &long(max + 1)));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{flag}: {err}");
        assert!(
            err.contains(&format!(
                "{field} has {} characters, more than {max}",
                max + 1
            )),
            "{flag}: {err}"
        );
        assert!(err.contains(&shown), "{flag}: {err}");
        assert!(
            !err.contains('乙'),
            "{flag} echoed more than 80 characters: {err}"
        );
    }
    let out = run_clean(
        "application",
        certdesk(&db).args([
            "application",
            "receive",
            "--uscc",
            &uscc(9),
            "--kind",
            "cma",
            "--route",
            "optimized",
            "--date",
            "2026-11-02",
            "--scope",
            "食品检测",
            "--name",
            &long(201),
        ]),
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("name has 201 characters, more than 200"));
    assert!(!stderr(&out).contains('乙'));

    let mut cells: Vec<String> = full_row(7).split(',').map(str::to_string).collect();
    cells[1] = long(201);
    cells[12] = long(2001);
    cells[13] = long(201);
    let file = write(
        dir.path(),
        "long.csv",
        &format!("{HEADER_FULL}\n{}\n", cells.join(",")),
    );
    for report in [false, true] {
        let mut cmd = certdesk(&db);
        cmd.arg("import").arg(&file);
        if report {
            cmd.args(["--report", "json"]);
        }
        let out = run_clean("import", &mut cmd);
        assert_eq!(out.status.code(), Some(3));
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert!(all.contains("201 characters, more than 200"), "{all}");
        assert!(all.contains("2001 characters, more than 2000"), "{all}");
        assert!(!all.contains('乙'), "more than 80 characters echoed: {all}");
    }
}
