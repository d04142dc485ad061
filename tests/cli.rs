//! The command line, driven as a script would: batches good and broken, exit codes, JSON shapes.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn json_out(cmd: &mut assert_cmd::Command) -> (i32, Value) {
    let out = cmd.output().unwrap();
    let code = out.status.code().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let v = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, v)
}

fn import_report(db: &Path, args: &[&str]) -> (i32, Value) {
    json_out(
        certdesk(db)
            .arg("import")
            .args(args)
            .arg("--report")
            .arg("json"),
    )
}

/// The acts in the log (not the database's creation or the record of an imported file); 0 when
/// there is no database.
fn events(db: &Path) -> usize {
    if !db.exists() {
        return 0;
    }
    let (_, v) = json_out(certdesk(db).args(["export", "events", "--format", "json"]));
    v.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["act"] != "create-database" && e["act"] != "import-file")
        .count()
}

#[test]
fn a_good_batch_with_chinese_headers_bom_crlf_and_mixed_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let content = format!(
        "\u{feff}{HEADER_ZH}\r\n{},北京甲检测有限公司,检验检测机构,{},告知承诺,2024/3/5,2030年3月4日,食品检测、环境监测,110000,北京市市场监督管理局,京市监认〔2024〕1号,Ａ\r\n{}\r\n",
        uscc(1),
        cma_no(1),
        row(2, "optimized").replace("2024-03-05", "2024年3月5日")
    );
    let file = write(dir.path(), "zh.csv", &content);
    let (code, r) = import_report(&db, &[file.to_str().unwrap()]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        (
            r["rows"].as_u64(),
            r["valid"].as_u64(),
            r["invalid"].as_u64(),
            r["written"].as_u64()
        ),
        (Some(2), Some(2), Some(0), Some(2))
    );
    assert_eq!(r["errors"], Value::Array(vec![]));
    assert_eq!(r["files"][0]["encoding"], "utf-8-bom");

    let (_, q) = json_out(certdesk(&db).args(["export", "qualifications", "--format", "json"]));
    let first = &q[0];
    for key in [
        "approval_no",
        "uscc",
        "name",
        "route",
        "status",
        "decided_on",
        "valid_until",
        "version",
    ] {
        assert!(first.get(key).is_some(), "missing {key}: {first}");
    }
    assert_eq!(first["approval_no"], cma_no(1));
    assert_eq!(first["route"], "commitment");
    assert_eq!(first["status"], "pending_verification");
    assert_eq!(first["decided_on"], "2024-03-05");
    assert_eq!(first["valid_until"], "2030-03-04");
    assert_eq!(first["scope"], "食品检测;环境监测");
    assert_eq!(events(&db), 2);
}

#[test]
fn gbk_and_xlsx_and_json_batches() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let text = format!("{HEADER_ZH}\n{}\n", row(1, "general"));
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let file = dir.path().join("gbk.csv");
    std::fs::write(&file, &gbk).unwrap();
    let (code, r) = import_report(&db, &[file.to_str().unwrap()]);
    assert_eq!((code, r["written"].as_u64()), (0, Some(1)), "{r}");
    assert_eq!(r["files"][0]["encoding"], "gbk");

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER_EN.split(',').enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    let cells: Vec<String> = row(2, "optimized").split(',').map(str::to_string).collect();
    for (c, v) in cells.iter().enumerate() {
        match c {
            3 => sheet
                .write_number(1, 3, v.parse::<f64>().unwrap())
                .map(|_| ())
                .unwrap(),
            5 => {
                let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 5).unwrap();
                let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                sheet
                    .write_datetime_with_format(1, 5, &d, &fmt)
                    .map(|_| ())
                    .unwrap()
            }
            _ => sheet.write_string(1, c as u16, v).map(|_| ()).unwrap(),
        }
    }
    let xlsx = dir.path().join("b.xlsx");
    book.save(&xlsx).unwrap();
    let (code, r) = import_report(&db, &[xlsx.to_str().unwrap()]);
    assert_eq!((code, r["written"].as_u64()), (0, Some(1)), "{r}");

    let json = format!(
        r#"[{{"uscc":"{}","name":"江苏丙认证有限公司","kind":"cb","approval_no":"CNCA-R-2019-012","route":"general","decided_on":"2019-05-06","valid_until":"2025-05-05","scope":"质量管理体系认证","region":"320000","authority":"国家认监委","doc_no":"国认监〔2019〕3号","risk_class":"C"}}]"#,
        uscc(3)
    );
    let file = write(dir.path(), "b.json", &json);
    let (code, r) = import_report(&db, &[file.to_str().unwrap()]);
    assert_eq!((code, r["written"].as_u64()), (0, Some(1)), "{r}");
    let out = certdesk(&db)
        .args(["show", "CNCA-R-2019-012"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("江苏丙认证有限公司") && text.contains("expired"),
        "{text}"
    );
}

#[test]
fn a_batch_with_every_kind_of_defect_is_rejected_whole_and_every_error_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let good = row(1, "general");
    let bad_uscc = row(2, "general").replace(&uscc(2), "91110000600037341M");
    let bad_no = row(3, "general").replace(&cma_no(3), "CNCA-R-02-1");
    let bad_date = row(4, "general").replace("2024-03-05", "2024-13-45");
    let bad_route = row(5, "general").replace(",general,", ",fast,");
    let escape = row(6, "general").replace("北京第6检测有限公司", "北京\u{1b}[2J检测有限公司");
    let ends_first = row(7, "general").replace("2030-03-04", "2023-01-01");
    let ragged = format!("{},extra", row(8, "general"));
    let content = [
        HEADER_EN,
        &good,
        &bad_uscc,
        &bad_no,
        &bad_date,
        &bad_route,
        &escape,
        &ends_first,
        &ragged,
    ]
    .join("\n");
    let file = write(dir.path(), "bad.csv", &content);
    let (code, r) = import_report(&db, &[file.to_str().unwrap()]);
    assert_eq!(code, 3, "{r}");
    assert_eq!(r["written"], 0);
    assert_eq!(
        (
            r["rows"].as_u64(),
            r["invalid"].as_u64(),
            r["valid"].as_u64()
        ),
        (Some(8), Some(7), Some(1))
    );
    let errors = r["errors"].as_array().unwrap();
    let at = |row: u64, column: &str| {
        errors
            .iter()
            .any(|e| e["row"] == row && e["column"] == column)
    };
    assert!(at(3, "uscc"), "{errors:#?}");
    assert!(at(4, "approval_no"));
    assert!(at(5, "decided_on"));
    assert!(at(6, "route"));
    assert!(at(7, "name"));
    assert!(at(8, "valid_until"));
    assert!(errors.iter().any(|e| e["row"] == 9), "ragged row reported");
    for e in errors {
        for key in ["row", "column", "value", "message"] {
            assert!(e.get(key).is_some());
        }
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    // Nothing written, not even the good row.
    assert_eq!(events(&db), 0);

    // Human output names the file, row, column and value on stderr.
    let out = certdesk(&db).arg("import").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.csv: row 3, column uscc, value \"91110000600037341M\""),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
}

#[test]
fn skip_invalid_writes_the_valid_rows_and_the_rejects_file_can_be_fixed_and_reimported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let bad = row(2, "general").replace(",B", ",Z");
    let content = [HEADER_EN, &row(1, "general"), &bad, &row(3, "optimized")].join("\n");
    let file = write(dir.path(), "mixed.csv", &content);
    let rejects = dir.path().join("rejects.csv");
    let (code, r) = import_report(
        &db,
        &[
            file.to_str().unwrap(),
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        (r["written"].as_u64(), r["invalid"].as_u64()),
        (Some(2), Some(1))
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.lines().next().unwrap().ends_with(",reason"));
    assert!(text.contains("risk_class"), "{text}");
    // The officer fixes the class and imports the rejects file as it is.
    std::fs::write(&rejects, text.replace(",Z,", ",C,")).unwrap();
    let (code, r) = import_report(&db, &[rejects.to_str().unwrap()]);
    assert_eq!((code, r["written"].as_u64()), (0, Some(1)), "{r}");
    assert_eq!(events(&db), 3);
}

#[test]
fn reimporting_changes_nothing_and_the_file_is_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = batch(dir.path(), "b.csv", 1, 20);
    let (code, r) = import_report(&db, &[file.to_str().unwrap()]);
    assert_eq!((code, r["written"].as_u64()), (0, Some(20)));
    let (code, r) = import_report(&db, &[file.to_str().unwrap()]);
    assert_eq!(
        (code, r["written"].as_u64(), r["unchanged"].as_u64()),
        (0, Some(0), Some(20)),
        "{r}"
    );
    // Recorded under the account of the process, whatever USER says.
    let me = certdesk::identity::actor_for(&db);
    assert!(
        r["files"][0]["already_imported"]["by"] == me.as_str(),
        "{r}"
    );
    assert_eq!(events(&db), 20);
    let out = certdesk(&db).arg("import").arg(&file).output().unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("already imported")
    );
    // A dry run of a new batch writes nothing and says what it would write.
    let more = batch(dir.path(), "more.csv", 21, 5);
    let (code, r) = import_report(&db, &[more.to_str().unwrap(), "--dry-run"]);
    assert_eq!(
        (code, r["written"].as_u64(), r["would_write"].as_u64()),
        (0, Some(0), Some(5)),
        "{r}"
    );
    assert_eq!(events(&db), 20);
}

#[test]
fn unreadable_files_are_rejected_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let junk = dir.path().join("junk.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 not really a zip").unwrap();
    let (code, r) = import_report(&db, &[junk.to_str().unwrap()]);
    assert_eq!(code, 3);
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("junk.xlsx"),
        "{r}"
    );
    let out = certdesk(&db)
        .args(["import", "/nonexistent/file.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("/nonexistent/file.csv")
    );
    let empty = write(dir.path(), "empty.csv", "");
    assert_eq!(
        certdesk(&db)
            .arg("import")
            .arg(&empty)
            .output()
            .unwrap()
            .status
            .code(),
        Some(3)
    );
}

#[test]
fn acts_from_the_command_line_with_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = batch(dir.path(), "b.csv", 1, 3);
    certdesk(&db).arg("import").arg(&file).assert().success();
    let no = cma_no(2);
    let base = [
        "--approval",
        no.as_str(),
        "--date",
        "2026-11-20",
        "--basis",
        "检验检测机构资质认定管理办法第四十二条",
    ];
    certdesk(&db)
        .args(["act", "suspend"])
        .args(base)
        .args([
            "--deadline",
            "2027-02-20",
            "--doc-no",
            "京市监认罚〔2026〕3号",
        ])
        .args(["--notice-served-on", "2026-11-02", "--hearing", "waived"])
        .args(["--officers", "张伟,王芳"])
        .assert()
        .success();
    // Not allowed in the present state: 3, with the reason.
    let out = certdesk(&db)
        .args(["act", "suspend"])
        .args(base)
        .args(["--deadline", "2027-02-20"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("not allowed: the qualification is suspended")
    );
    // A stale version: 4.
    let out = certdesk(&db)
        .args(["act", "lift"])
        .args(base)
        .args(["--expect-version", "1"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, v) = json_out(certdesk(&db).args(["act", "lift"]).args(base).args([
        "--expect-version",
        "2",
        "--format",
        "json",
    ]));
    assert_eq!((code, v["status_after"].as_str()), (0, Some("active")));
    // Verify a commitment grant (body 3).
    let no3 = cma_no(3);
    certdesk(&db)
        .args([
            "act",
            "verify",
            "--approval",
            &no3,
            "--date",
            "2026-11-20",
            "--basis",
            "x",
            "--result",
            "rectify",
            "--deadline",
            "2026-12-20",
        ])
        .assert()
        .success();
    let (_, file) = json_out(certdesk(&db).args(["show", &no3, "--format", "json"]));
    assert_eq!(file["qualifications"][0]["status"], "active");
    assert_eq!(file["history"][0]["act"], "verify");
    // Usage errors: 2.
    for bad in [
        vec![
            "act",
            "fly",
            "--approval",
            no.as_str(),
            "--date",
            "2026-11-20",
            "--basis",
            "x",
        ],
        vec![
            "act",
            "lift",
            "--approval",
            "ABC",
            "--date",
            "2026-11-20",
            "--basis",
            "x",
        ],
        vec![
            "act",
            "lift",
            "--approval",
            no.as_str(),
            "--date",
            "20.11.2026x",
            "--basis",
            "x",
        ],
        vec![
            "act",
            "lift",
            "--approval",
            no.as_str(),
            "--date",
            "2026-11-20",
        ],
        vec!["queue", "--within", "-3"],
        vec!["export", "everything"],
    ] {
        let out = certdesk(&db).args(&bad).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{bad:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // No such approval: rejected input.
    let out = certdesk(&db)
        .args([
            "act",
            "lift",
            "--approval",
            "CNCA-R-2001-001",
            "--date",
            "2026-11-20",
            "--basis",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn queue_json_has_the_documented_fields_overdue_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = batch(dir.path(), "b.csv", 1, 6);
    certdesk(&db).arg("import").arg(&file).assert().success();
    certdesk(&db)
        .args([
            "act",
            "order-rectification",
            "--approval",
            &cma_no(1),
            "--date",
            "2026-11-20",
            "--basis",
            "x",
            "--deadline",
            "2026-12-10",
        ])
        .assert()
        .success();
    let (code, q) = json_out(certdesk(&db).args(["queue", "--within", "30", "--format", "json"]));
    assert_eq!(code, 0);
    let items = q.as_array().unwrap();
    assert!(items.len() >= 3, "{q}");
    for i in items {
        for key in [
            "approval_no",
            "name",
            "kind",
            "due_on",
            "days_left",
            "overdue",
        ] {
            assert!(i.get(key).is_some(), "{key} missing in {i}");
        }
    }
    let first_not_overdue = items.iter().position(|i| i["overdue"] == false).unwrap();
    assert!(
        items[..first_not_overdue]
            .iter()
            .all(|i| i["overdue"] == true)
    );
    assert!(
        items[first_not_overdue..]
            .iter()
            .all(|i| i["overdue"] == false)
    );
    let rect = items.iter().find(|i| i["kind"] == "rectification").unwrap();
    assert_eq!(
        (rect["due_on"].as_str(), rect["days_left"].as_i64()),
        (Some("2026-12-10"), Some(13))
    );
    assert!(
        items
            .iter()
            .any(|i| i["kind"] == "verification" && i["overdue"] == true)
    );
    // The table form aligns and says how many.
    let out = certdesk(&db).args(["queue"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("overdue"));
}

#[test]
fn check_finds_tampering_and_backup_makes_a_consistent_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let file = batch(dir.path(), "b.csv", 1, 5);
    certdesk(&db).arg("import").arg(&file).assert().success();
    certdesk(&db)
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "event chain: ok (7 events, every hash recomputed from the first)",
        ));
    let copy = dir.path().join("copy.db");
    certdesk(&db).arg("backup").arg(&copy).assert().success();
    certdesk(&copy).arg("check").assert().success();
    assert_eq!(
        certdesk(&db)
            .arg("backup")
            .arg(&copy)
            .output()
            .unwrap()
            .status
            .code(),
        Some(2),
        "never overwrites"
    );

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER event_append_only_update; UPDATE event SET actor = 'nobody' WHERE id = 4;",
    )
    .unwrap();
    drop(conn);
    let out = certdesk(&db).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("BROKEN at event 4")
    );
}

#[test]
fn environment_and_flags_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut c = assert_cmd::Command::cargo_bin("certdesk").unwrap();
    let out = c
        .env("CERTDESK_DB", &db)
        .env("CERTDESK_TODAY", "yesterday")
        .args(["queue"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("not a date")
    );
    // CERTDESK_DB is honoured.
    certdesk(&db).arg("init").assert().success();
    let mut c = assert_cmd::Command::cargo_bin("certdesk").unwrap();
    c.env("CERTDESK_DB", &db)
        .env_remove("CERTDESK_TODAY")
        .args(["check"])
        .assert()
        .success();
    // A database that is not SQLite: a clear failure, the file untouched.
    let junk = write(
        dir.path(),
        "junk.db",
        "this is not a database, just text that is long enough to have a header",
    );
    let out = certdesk(&junk).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("junk.db") && err.contains("is not a certdesk database"),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&junk)
            .unwrap()
            .starts_with("this is not a database")
    );
    // No TUI without a terminal.
    let out = certdesk(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn calendar_import_reports_every_bad_line_and_loads_a_good_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    certdesk(&db).arg("init").assert().success();
    let bad = write(
        dir.path(),
        "bad.txt",
        "date,kind\n2027-01-01,off\n2027-13-01,off\n2027-02-06,sometimes\n",
    );
    let out = certdesk(&db)
        .args(["calendar", "import"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("line 3") && err.contains("line 4") && err.contains("nothing was loaded"),
        "{err}"
    );
    let good = write(dir.path(), "2027.txt", "2027-01-01,off\n2027-02-06,work\n");
    certdesk(&db)
        .args(["calendar", "import"])
        .arg(&good)
        .assert()
        .success();
    certdesk(&db)
        .args(["calendar", "show"])
        .assert()
        .success()
        .stdout(predicates::str::contains("2027"));
}

#[test]
fn several_files_are_one_transaction_and_contradictions_go_to_the_rejects_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let first = batch(dir.path(), "first.csv", 1, 5);
    certdesk(&db).arg("import").arg(&first).assert().success();
    // A good new file, and one whose row 3 moves body 2's approval to another USCC.
    let good = batch(dir.path(), "good.csv", 10, 3);
    let moved = [
        HEADER_EN,
        &row(20, "general"),
        &row(2, "general").replace(&uscc(2), &uscc(99)),
    ]
    .join("\n");
    let moved = write(dir.path(), "moved.csv", &moved);
    let (code, r) = import_report(&db, &[good.to_str().unwrap(), moved.to_str().unwrap()]);
    assert_eq!(code, 3, "{r}");
    assert_eq!(
        (r["written"].as_u64(), r["invalid"].as_u64()),
        (Some(0), Some(1))
    );
    let e = &r["errors"][0];
    assert_eq!(
        (e["file"].as_str(), e["row"].as_u64(), e["column"].as_str()),
        (moved.to_str(), Some(3), Some("approval_no"))
    );
    assert_eq!(events(&db), 5, "nothing of either file was written");
    // With --skip-invalid the rest is written and the refused row lands in the rejects file.
    let rejects = dir.path().join("rej.csv");
    let (code, r) = import_report(
        &db,
        &[
            good.to_str().unwrap(),
            moved.to_str().unwrap(),
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!((code, r["written"].as_u64()), (0, Some(4)), "{r}");
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("belongs to another body"), "{text}");
    assert_eq!(events(&db), 9);
}

#[test]
fn settings_change_the_clocks_and_refuse_bad_values() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    // A CMA approval ending 2027-02-20: with a 3-month lead the filing was due 2026-11-20 (overdue).
    let content = format!(
        "{HEADER_EN}\n{}\n",
        row(1, "general").replace("2030-03-04", "2027-02-20")
    );
    let file = write(dir.path(), "b.csv", &content);
    certdesk(&db).arg("import").arg(&file).assert().success();
    let filing = |db: &Path| {
        let (_, q) = json_out(certdesk(db).args(["queue", "--format", "json"]));
        q.as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "renewal_filing")
            .map(|i| i["due_on"].as_str().unwrap().to_string())
    };
    assert_eq!(filing(&db).as_deref(), Some("2026-11-20"));
    certdesk(&db)
        .args(["settings", "set", "cma_renewal_lead_months", "1"])
        .assert()
        .success();
    assert_eq!(
        filing(&db),
        None,
        "due 2027-01-20: beyond the 30-day horizon"
    );
    for (key, value) in [
        ("cma_renewal_lead_months", "0"),
        ("cma_renewal_lead_months", "x"),
        ("speed", "3"),
    ] {
        let out = certdesk(&db)
            .args(["settings", "set", key, value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{key}={value}");
    }
    certdesk(&db)
        .args(["settings", "show"])
        .assert()
        .success()
        .stdout(predicates::str::is_match(r"cma_renewal_lead_months +1\n").unwrap());
}

/// certdesk on `db` with the locale and screen settings of the environment cleared, then `env`.
fn screens_cmd(db: &Path, env: &[(&str, &str)]) -> assert_cmd::Command {
    let mut c = certdesk(db);
    for k in [
        "LC_ALL",
        "LC_CTYPE",
        "LC_MESSAGES",
        "LANG",
        "CERTDESK_THEME",
        "CERTDESK_AMBIGUOUS_WIDTH",
    ] {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

#[test]
fn a_non_utf8_locale_is_refused_in_chinese_and_english_in_its_own_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    // Big5 has no simplified characters: those it lacks come as &#NNNN;, the English is whole.
    for (var, locale, enc, whole_chinese) in [
        ("LANG", "zh_CN.GB18030", encoding_rs::GB18030, true),
        ("LANG", "zh_CN.GBK", encoding_rs::GBK, true),
        ("LC_ALL", "zh_CN.gb2312", encoding_rs::GBK, true),
        ("LC_CTYPE", "zh_TW.Big5", encoding_rs::BIG5, false),
    ] {
        let out = screens_cmd(&db, &[(var, locale)])
            .write_stdin("y\n")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{locale}");
        // Not UTF-8: the terminal's own encoding, which it can show.
        assert!(std::str::from_utf8(&out.stderr).is_err(), "{locale}");
        let (text, _, bad) = enc.decode(&out.stderr);
        assert!(!bad, "{locale}: {text}");
        assert_eq!(
            text.contains("界面需要 UTF-8 终端"),
            whole_chinese,
            "{text}"
        );
        assert!(text.contains("the screens need a UTF-8 terminal"), "{text}");
        assert!(text.contains(locale), "{text}");
        let utf8 = format!("LANG={}.UTF-8", locale.split('.').next().unwrap());
        assert!(text.contains(&utf8), "{text}");
        assert!(out.stdout.is_empty());
        assert!(!db.exists(), "{locale}: no database offered or created");
    }
    // LC_ALL decides over LANG; a UTF-8 locale goes on (here: to the need for a terminal).
    let out = screens_cmd(&db, &[("LANG", "zh_CN.GB18030"), ("LC_ALL", "en_US.UTF-8")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("the screens need a terminal"), "{err}");
    assert!(!err.contains("UTF-8 terminal"), "{err}");
    // The subcommands are not refused: their output is UTF-8 for files and scripts.
    certdesk(&db).arg("init").assert().success();
    let out = screens_cmd(&db, &[("LANG", "zh_CN.GB18030")])
        .args(["queue", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn broken_screen_settings_are_refused_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    certdesk(&db).arg("init").assert().success();
    let refused = |env: &[(&str, &str)], args: &[&str]| {
        let out = screens_cmd(&db, env).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{env:?} {args:?}");
        assert!(out.stdout.is_empty());
        String::from_utf8(out.stderr).unwrap()
    };
    // The flag, in Chinese (the default language) and English.
    let err = refused(&[], &["--theme", "purple"]);
    assert!(
        err.contains("“purple”不是可用的主题") && err.contains("light"),
        "{err}"
    );
    let err = refused(&[], &["--lang", "en", "--theme", "purple"]);
    assert!(
        err.contains("'purple' is not a theme") && err.contains("dark"),
        "{err}"
    );
    // The environment, for a subcommand too (as CERTDESK_TODAY is).
    let err = refused(
        &[("CERTDESK_THEME", "blue"), ("LANG", "en_US.UTF-8")],
        &["queue"],
    );
    assert!(
        err.contains("--theme / CERTDESK_THEME: 'blue' is not a theme"),
        "{err}"
    );
    let err = refused(&[("CERTDESK_THEME", "blue"), ("LANG", "zh_CN.UTF-8")], &[]);
    assert!(err.contains("--theme / CERTDESK_THEME：“blue”"), "{err}");
    let err = refused(&[("CERTDESK_AMBIGUOUS_WIDTH", "double")], &["queue"]);
    assert!(
        err.contains("“double”不是可用的宽度") && err.contains("wide"),
        "{err}"
    );
    let err = refused(&[], &["--lang", "en", "--ambiguous-width", "3"]);
    assert!(
        err.contains("'3' is not a width") && err.contains("narrow"),
        "{err}"
    );
    let err = refused(&[], &["--theme", ""]);
    assert!(err.contains("不是可用的主题"), "{err}");
    // A hostile value cannot drive the terminal.
    let err = refused(&[], &["--theme", "\u{1b}[2J\u{1b}]0;owned\u{7}"]);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("不是可用的主题"), "{err}");
    // Bytes that are not UTF-8, in the environment or on the command line: the same message.
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = std::ffi::OsStr::from_bytes(b"\xffdark");
        let out = screens_cmd(&db, &[])
            .env("CERTDESK_THEME", bytes)
            .arg("queue")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("“\u{FFFD}dark”不是可用的主题"), "{err}");
        let out = screens_cmd(&db, &[])
            .args(["--lang", "en", "--ambiguous-width"])
            .arg(bytes)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("'\u{FFFD}dark' is not a width"), "{err}");
    }
    // Good values pass, whatever their case.
    screens_cmd(
        &db,
        &[
            ("CERTDESK_THEME", "Light"),
            ("CERTDESK_AMBIGUOUS_WIDTH", "wide"),
        ],
    )
    .arg("queue")
    .assert()
    .success();
    screens_cmd(&db, &[])
        .args(["--theme", "dark", "--ambiguous-width", "narrow", "queue"])
        .assert()
        .success();
}

#[test]
fn queue_narrowed_by_kind_region_and_authority_with_errors_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    certdesk(&db)
        .args(["demo", "--bodies", "300", "--seed", "3"])
        .assert()
        .success();
    let (_, all) = json_out(certdesk(&db).args(["queue", "--format", "json"]));
    let all = all.as_array().unwrap().clone();
    let of = |args: &[&str]| -> Vec<Value> {
        let (code, v) = json_out(certdesk(&db).args(["queue", "--format", "json"]).args(args));
        assert_eq!(code, 0, "{args:?}");
        v.as_array().unwrap().clone()
    };
    // Every item carries its region; --region is a prefix of it.
    assert!(all.iter().all(|i| i["region"].as_str().unwrap().len() == 6));
    let guangdong = of(&["--region", "44"]);
    let expect: Vec<Value> = all
        .iter()
        .filter(|i| i["region"].as_str().unwrap().starts_with("44"))
        .cloned()
        .collect();
    assert!(!expect.is_empty() && expect.len() < all.len());
    assert_eq!(
        guangdong, expect,
        "the queue's order, Guangdong's items only"
    );
    assert_eq!(
        of(&["--region", "440000"]),
        expect,
        "440000 is the province"
    );
    // --kind: kinds of thing due (renewal = to file or to decide), or exact item kinds.
    let two = of(&["--kind", "verification,rectification", "--region", "4403"]);
    assert!(two.iter().all(|i| {
        ["verification", "rectification"].contains(&i["kind"].as_str().unwrap())
            && i["region"].as_str().unwrap().starts_with("4403")
    }));
    assert_eq!(
        two.len(),
        all.iter()
            .filter(
                |i| ["verification", "rectification"].contains(&i["kind"].as_str().unwrap())
                    && i["region"].as_str().unwrap().starts_with("4403")
            )
            .count()
    );
    let renewal = of(&["--kind", "renewal"]);
    assert!(!renewal.is_empty());
    assert!(
        renewal
            .iter()
            .all(|i| i["kind"].as_str().unwrap().starts_with("renewal_"))
    );
    let filing = of(&["--kind", "renewal_filing"]);
    assert!(filing.iter().all(|i| i["kind"] == "renewal_filing"));
    // The table says what it was narrowed to.
    let out = certdesk(&db)
        .args([
            "--lang", "en", "queue", "--kind", "expired", "--region", "44",
        ])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("only expired in Guangdong 44"), "{table}");
    // --authority: the jurisdiction its officers are recorded with.
    certdesk(&db)
        .args([
            "officer",
            "set",
            "zhang.wei",
            "--authority",
            "广东省市场监督管理局",
            "--jurisdiction",
            "440000",
        ])
        .assert()
        .success();
    assert_eq!(of(&["--authority", "广东省市场监督管理局"]), expect);

    // Broken input: exit 2, the flag named, what to write instead — in Chinese and English.
    for (args, zh, en) in [
        (
            vec!["queue", "--region", "4403x"],
            "“4403x”不是区划代码：只能是数字",
            "'4403x' is not a region code: digits only",
        ),
        (
            vec!["queue", "--region", "44031"],
            "“44031”有 5 位数字",
            "'44031' has 5 digits",
        ),
        (
            vec!["queue", "--region", "449999"],
            "区划代码 449999 不在 GB/T 2260 代码表",
            "region code 449999 is not in the GB/T 2260 table",
        ),
        (
            vec!["queue", "--kind", "verification,overdue"],
            "“overdue”不是待办事项类型：可用 verification, rectification, suspension, publication, renewal, expired, application, case",
            "'overdue' is not a kind of queue item: use verification, rectification, suspension, publication, renewal, expired, application, case",
        ),
        (
            vec!["queue", "--authority", "某某局"],
            "没有登记为 某某局 的执法机关",
            "no officer is recorded with the authority '某某局'",
        ),
        (
            vec![
                "queue",
                "--region",
                "44",
                "--authority",
                "广东省市场监督管理局",
            ],
            "--region 与 --authority 只能用一个",
            "give --region or --authority, not both",
        ),
        (
            vec!["officer", "set", "li.si", "--jurisdiction", "44-03"],
            "--jurisdiction: “44-03”不是区划代码",
            "--jurisdiction: '44-03' is not a region code",
        ),
        (
            vec!["officer", "set", "li.si", "--jurisdiction", "990000"],
            "--jurisdiction: 区划代码 99 不在 GB/T 2260 代码表",
            "--jurisdiction: region code 99 is not in the GB/T 2260 table",
        ),
    ] {
        for (lang, message) in [("zh", zh), ("en", en)] {
            let out = certdesk(&db)
                .args(["--lang", lang])
                .args(&args)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?} {lang}: {err}");
            assert!(err.contains(message), "{args:?} {lang}: {err}");
            assert!(
                out.stdout.is_empty(),
                "{args:?}: nothing printed but the error"
            );
        }
    }
    // Nothing half-written: the refused jurisdiction left no officer behind.
    let out = certdesk(&db).args(["officer", "list"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("li.si"));
    certdesk(&db).arg("check").assert().success();
}
