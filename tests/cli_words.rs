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

/// An import with a bad row, an unknown column and an unreadable file: the same diagnosis in
/// each language, on stderr and in the rejects file; the JSON keeps the code and the English.
#[test]
fn an_import_diagnosis_reads_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let bad = format!("{},E", row(2, "general").trim_end_matches(",B"));
    let file = write(
        dir.path(),
        "bad.csv",
        &format!("{HEADER_EN},备注\n{},x\n{bad},y\n", row(1, "general")),
    );
    let path = file.to_str().unwrap();
    let (code, out, err) = run(&db, &[], &["--lang", "zh", "import", path]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        err.contains(&format!(
            "错误：{path}：第 3 行，列“risk_class”，值“E”：不是风险等级；请写 A、B、C 或 D"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "警告：{path}：第 1 行，列“备注”：未知的列，已忽略；可用的列为 uscc（统一社会信用代码）、name（机构名称）、"
        )),
        "{err}"
    );
    assert!(err.contains("legal_rep（法定代表人，可选）"), "{err}");
    let (code, _, err) = run(&db, &[], &["--lang", "en", "import", path]);
    assert_eq!(code, 3);
    assert!(
        err.contains(&format!(
            "error: {path}: row 3, column risk_class, value \"E\": not a risk class; write A, B, C or D"
        )),
        "{err}"
    );
    assert!(
        err.contains("unknown column, ignored; the columns are uscc (统一社会信用代码), "),
        "{err}"
    );
    assert!(err.contains("legal_rep (法定代表人, optional)"), "{err}");

    // The JSON: a stable code for each problem, the message in English in both languages.
    let (_, json, _) = run(
        &db,
        &[],
        &["--lang", "zh", "import", path, "--report", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["errors"][0]["code"], "risk_class_invalid");
    assert_eq!(
        v["errors"][0]["message"],
        "not a risk class; write A, B, C or D"
    );
    assert_eq!(v["warnings"][0]["code"], "unknown_column");

    // The rejects file's reason in the command's language.
    let rejects = dir.path().join("退回.csv");
    let (_, out, err) = run(
        &db,
        &[],
        &[
            "--lang",
            "zh",
            "import",
            path,
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert!(out.contains("拒绝 1 行"), "{out}{err}");
    let text = std::fs::read_to_string(&rejects).unwrap();
    let last = text.lines().nth(1).unwrap();
    assert!(
        last.ends_with(",y,risk_class：不是风险等级；请写 A、B、C 或 D"),
        "{text}"
    );

    // A file that cannot be read at all.
    let empty = write(dir.path(), "empty.csv", "");
    let (code, _, err) = run(
        &db,
        &[],
        &["--lang", "zh", "import", empty.to_str().unwrap()],
    );
    assert_eq!(code, 3);
    assert!(
        err.contains(&format!(
            "错误：{}：文件是空的；请连同表头重新导出该表",
            empty.display()
        )),
        "{err}"
    );
    let (_, json, _) = run(
        &db,
        &[],
        &["import", empty.to_str().unwrap(), "--report", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["errors"][0]["code"], "file_empty");
}

/// Hostile cells are diagnosed in Chinese too, their values escaped, nothing written.
#[test]
fn hostile_cells_are_refused_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let formula = row(1, "general").replace("北京第1检测有限公司", "=HYPERLINK(\"x\")");
    let bidi = row(2, "general").replace("北京第2检测有限公司", "北京\u{202E}公司");
    let file = write(
        dir.path(),
        "evil.csv",
        &format!("{HEADER_EN}\n{formula}\n{bidi}\n"),
    );
    let (code, _, err) = run(
        &db,
        &[],
        &["--lang", "zh", "import", file.to_str().unwrap()],
    );
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("以 “=” 开头，像电子表格公式，Excel 会执行它；请填写值本身，不要填公式"),
        "{err}"
    );
    assert!(
        err.contains(
            "含有不可见字符 \\u{202e}（双向文字嵌入或覆盖字符，会改变显示的文字顺序）；请删除"
        ),
        "{err}"
    );
    assert!(
        !err.contains('\u{202E}'),
        "the terminal never gets the character"
    );
    let (_, out, _) = run(&db, &[], &["--format", "json", "show", &cma_no(1)]);
    assert!(!out.contains("HYPERLINK"), "nothing was written: {out}");
}

#[test]
fn the_smaller_commands_speak_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let zh = |args: &[&str]| {
        let mut all = vec!["--lang", "zh"];
        all.extend_from_slice(args);
        run(&db, &[], &all)
    };
    // queue on an empty register, before anything is in it.
    assert_eq!(run(&db, &[], &["init"]).0, 0);
    let (code, out, _) = zh(&["queue", "--within", "14"]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "14 天内没有逾期或到期的事项（截至 2026-11-27）");
    let (_, out, _) = run(&db, &[], &["queue", "--within", "14"]);
    assert_eq!(
        out.trim(),
        "nothing overdue or due within 14 days (as of 2026-11-27)"
    );
    let file = batch(dir.path(), "a.csv", 1, 2);
    assert_eq!(run(&db, &[], &["import", file.to_str().unwrap()]).0, 0);

    // queue with an overdue verification (body 3 was granted on commitment in 2024): its table
    // in words under zh, in the codes scripts read under en.
    let file = batch(dir.path(), "c.csv", 3, 1);
    assert_eq!(run(&db, &[], &["import", file.to_str().unwrap()]).0, 0);
    let (code, out, _) = zh(&["queue"]);
    assert_eq!(code, 0);
    for word in [
        "到期日",
        "剩余",
        "事项",
        "批准号",
        "机构",
        "已逾期",
        "承诺核查",
        "共 1 项，其中逾期 1 项",
    ] {
        assert!(out.contains(word), "{word}: {out}");
    }
    assert!(
        !out.contains("OVERDUE") && !out.contains("verification"),
        "{out}"
    );
    let (_, out, _) = run(&db, &[], &["queue"]);
    for word in ["due", "OVERDUE", "verification", "1 items, 1 overdue"] {
        assert!(out.contains(word), "{word}: {out}");
    }

    // show
    let (code, out, _) = zh(&["show", &cma_no(1)]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("类型 cma  行政区划 110000  风险等级 B  版本 1"),
        "{out}"
    );
    assert!(out.contains("  检验检测能力：食品检测 ["), "{out}");
    assert!(out.contains("监管记录（1 条事件，最新的在前）："), "{out}");
    assert!(out.contains("事件"), "{out}");
    let (_, out, _) = run(&db, &[], &["show", &cma_no(1)]);
    assert!(
        out.contains("kind cma  region 110000  risk class B  version 1"),
        "{out}"
    );
    assert!(out.contains("history (1 events, newest first):"), "{out}");

    // case
    let (code, out, err) = zh(&[
        "case",
        "open",
        "--approval",
        &cma_no(1),
        "--case-no",
        "京市监罚立〔2026〕7号",
        "--act",
        "suspend",
        "--date",
        "2026-11-20",
        "--officers",
        "张伟,王芳",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("案件 京市监罚立〔2026〕7号（"), "{out}");
    assert!(out.contains("  立案 2026-11-20  执法人员 "), "{out}");
    assert!(out.contains("  版本 1"), "{out}");
    let (code, _, err) = zh(&[
        "case",
        "open",
        "--approval",
        &cma_no(2),
        "--case-no",
        "x",
        "--act",
        "grant",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("“grant”：请写 suspend 或 revoke-penalty"),
        "{err}"
    );

    // backup
    let copy = dir.path().join("copy.db");
    let (code, out, _) = zh(&["backup", copy.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("备份已写入 {}", copy.display()));

    // calendar
    let (_, out, _) = zh(&["calendar", "show"]);
    assert!(out.starts_with("有节假日安排的年份：[2025, 2026]"), "{out}");
    assert!(out.contains("并标为估算"), "{out}");
    let bad = write(dir.path(), "bad.txt", "2027-13-01,off\n");
    let (code, _, err) = zh(&["calendar", "import", bad.to_str().unwrap()]);
    assert_eq!(code, 3);
    assert!(err.contains("未载入任何内容"), "{err}");
    let gbk = dir.path().join("gbk.txt");
    std::fs::write(&gbk, b"2027-01-01,\xb7\xc5\xbc\xd9\n").unwrap();
    let (code, _, err) = zh(&["calendar", "import", gbk.to_str().unwrap()]);
    assert_eq!(code, 3);
    assert!(err.contains("不是 UTF-8 文本；请另存为 UTF-8"), "{err}");

    // settings
    let (code, out, _) = zh(&["settings", "show"]);
    assert_eq!(code, 0);
    assert!(out.lines().next().unwrap().starts_with("设置"), "{out}");
    assert!(out.contains("validity_years"), "{out}");

    // doctor
    let (_, out, _) = zh(&["doctor"]);
    assert!(out.contains("你的办理身份："), "{out}");
    assert!(out.contains("个人模式：只有所有者能使用"), "{out}");
    assert!(
        out.contains("正常：无需处理") || out.contains("问题："),
        "{out}"
    );
    let (_, out, _) = run(&db, &[], &["doctor"]);
    assert!(out.contains("you act as: "), "{out}");
    assert!(out.contains("personal: only the owner can use it"), "{out}");

    // demo
    let (code, _, err) = zh(&["demo", "--bodies", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("--bodies 必须在 1 到 10000000 之间"), "{err}");
    let demo = dir.path().join("demo.db");
    let (code, out, err) = run(
        &demo,
        &[],
        &["--lang", "zh", "demo", "--bodies", "3", "--seed", "2"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("演示数据：新增 3 家机构、"), "{out}");
}

/// clap's refusals of a command line: Chinese under --lang zh or a Chinese locale, clap's
/// English otherwise; exit 2 either way.
#[test]
fn a_usage_error_reads_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let (code, out, err) = run(
        &db,
        &[],
        &["--lang", "zh", "export", "bodies", "--fromat", "csv"],
    );
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("错误：无法识别的参数“--fromat”"), "{err}");
    assert!(err.contains("提示：是否想写“--format”？"), "{err}");
    assert!(err.contains("用法：certdesk export"), "{err}");
    assert!(err.contains("更多信息请用“--help”。"), "{err}");
    // A Chinese locale without --lang; an invalid value names the ones allowed.
    let (code, _, err) = run(
        &db,
        &[("LANG", "zh_CN.UTF-8")],
        &["export", "bodies", "--format", "xml"],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("错误：参数 --format <FORMAT> 的值“xml”无效"),
        "{err}"
    );
    assert!(err.contains("可用的值：csv, json"), "{err}");
    // A missing value.
    let (code, _, err) = run(&db, &[], &["--lang=zh", "import", "--format"]);
    assert_eq!(code, 2);
    assert!(err.contains("需要一个值，但没有给出"), "{err}");
    // A value certdesk's own parser refuses: its reason in Chinese too.
    let (code, _, err) = run(
        &db,
        &[],
        &["--lang", "zh", "act", "suspend", "--approval", "CNCA-X"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("的值“CNCA-X”无效：不是批准号：认证机构的批准号为"),
        "{err}"
    );
    let (code, _, err) = run(
        &db,
        &[],
        &["--lang", "zh", "act", "suspend", "--date", "明年"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("“明年”不是日期；请写成 YYYY-MM-DD，例如 2026-03-05"),
        "{err}"
    );
    // English: clap's own words.
    let (code, _, err) = run(&db, &[], &["export", "bodies", "--fromat", "csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: unexpected argument '--fromat' found"),
        "{err}"
    );
    // Help is not an error: clap's text, exit 0.
    let (code, out, _) = run(&db, &[], &["--lang", "zh", "export", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage:"), "{out}");
}
