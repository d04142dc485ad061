//! The commands in both languages: `--lang`, else a Chinese locale, else English; JSON keeps
//! its codes whatever the language.

mod common;

use common::*;
use std::path::Path;

fn run(db: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut c = certdesk(db);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn an_import_speaks_lang_then_the_locale_then_english() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = batch(dir.path(), "a.csv", 1, 3);
    let path = file.to_str().unwrap();
    // A Chinese locale without --lang: Chinese.
    let (code, out, _) = run(&db, &[("LANG", "zh_CN.UTF-8")], &["import", path]);
    assert_eq!(code, 0);
    assert!(out.contains("已导入：共 3 行，写入 3 行"), "{out}");
    assert!(out.contains("按状态：有效 2、有效（待核查） 1"), "{out}");
    let more = batch(dir.path(), "b.csv", 4, 2);
    let (code, out, _) = run(
        &db,
        &[],
        &[
            "--lang",
            "zh",
            "import",
            more.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("试导入：检查 2 行，可写入 2 行，0 行已在名录中，0 行有错误；未写入任何内容"),
        "{out}"
    );
    // LC_ALL decides over LANG; --lang over both.
    let (_, out, _) = run(
        &db,
        &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "en_US.UTF-8")],
        &["import", path],
    );
    assert!(
        out.contains("imported: 3 rows, 0 written, 3 already in the register"),
        "{out}"
    );
    let (_, out, _) = run(
        &db,
        &[("LANG", "zh_CN.UTF-8")],
        &["--lang", "en", "import", path],
    );
    assert!(out.contains("imported: 3 rows"), "{out}");
    assert!(out.contains("this file was already imported on"), "{out}");
    // The C locale: English, as scripts have always read it.
    let (_, out, _) = run(&db, &[], &["import", path]);
    assert!(out.contains("imported: 3 rows"), "{out}");
}

#[test]
fn a_rejected_batch_names_row_column_and_value_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let bad = row(2, "commitment").replace(&uscc(2), "91110000600037341M");
    let file = write(
        dir.path(),
        "bad.csv",
        &format!("{HEADER_EN}\n{}\n{bad}\n", row(1, "general")),
    );
    let (code, out, err) = run(
        &db,
        &[],
        &["--lang", "zh", "import", file.to_str().unwrap()],
    );
    assert_eq!(code, 3, "{out}{err}");
    assert!(err.contains("错误："), "{err}");
    assert!(
        err.contains("：第 3 行，列“uscc”，值“91110000600037341M”"),
        "{err}"
    );
    assert!(
        err.contains("已拒绝：2 行中有 1 行有错误，未写入任何内容。请改正上面列出的行后重新导入（也可用 --skip-invalid --rejects 文件 只写入有效的行）。"),
        "{err}"
    );
    // English keeps its words.
    let (_, _, err) = run(&db, &[], &["import", file.to_str().unwrap()]);
    assert!(
        err.contains(": row 3, column uscc, value \"91110000600037341M\""),
        "{err}"
    );
    assert!(err.contains("rejected: 1 of 2 rows have errors"), "{err}");
    // The JSON report keeps its codes in either language.
    let (_, zh, _) = run(
        &db,
        &[],
        &[
            "--lang",
            "zh",
            "import",
            file.to_str().unwrap(),
            "--report",
            "json",
        ],
    );
    let (_, en, _) = run(
        &db,
        &[],
        &[
            "--lang",
            "en",
            "import",
            file.to_str().unwrap(),
            "--report",
            "json",
        ],
    );
    assert_eq!(zh, en);
}

#[test]
fn check_act_upgrade_and_officer_speak_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let file = batch(dir.path(), "a.csv", 1, 3);
    assert_eq!(run(&db, &[], &["import", file.to_str().unwrap()]).0, 0);
    let (code, out, _) = run(&db, &[], &["--lang", "zh", "check"]);
    assert_eq!(code, 0, "{out}");
    for line in [
        "完整性：正常（SQLite 快速检查；--full 还会核对每个索引）",
        "事件哈希链：正常（",
        "名录与日志一致：正常（每张表均已重放，自第一条事件起）",
        "机构 3 家，资质 3 项",
    ] {
        assert!(out.contains(line), "{line} in {out}");
    }
    // An act: its name and the states in Chinese.
    let (code, out, err) = run(
        &db,
        &[],
        &[
            "--lang",
            "zh",
            "act",
            "order-rectification",
            "--approval",
            &cma_no(2),
            "--date",
            "2026-11-20",
            "--deadline",
            "2026-12-20",
            "--basis",
            "检验检测机构监督管理办法第二十五条",
            "--reason",
            "记录不全",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(&format!(
            "责令限期改正 {}：有效 → 有效（版本 2，事件",
            cma_no(2)
        )),
        "{out}"
    );
    let (code, out, err) = run(
        &db,
        &[],
        &[
            "--lang",
            "zh",
            "officer",
            "set",
            "zhang.wei",
            "--name",
            "张伟",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "已登记执法人员 zhang.wei（版本 1）");
    let (_, out, _) = run(&db, &[], &["--lang", "zh", "upgrade"]);
    let current = format!(
        "已是第 {} 版数据结构：无需升级",
        certdesk::store::SCHEMA_VERSION
    );
    assert!(out.contains(&current), "{out}");
    // The same in English, as before.
    let (_, out, _) = run(&db, &[], &["check"]);
    assert!(out.contains("register matches the log: ok"), "{out}");
}
