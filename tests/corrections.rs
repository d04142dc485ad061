//! Correcting the record (issue 8, point 6): `act correct` fixes a recorded fact and keeps the
//! state, `act annul` restores what an act changed; `check` replays both, and a corrected row
//! edited behind the log is caught. Each test drives the real binary on a real file.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sql(db: &Path, statements: &str) {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(statements)
        .output()
        .expect("the sqlite3 tool");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn query(db: &Path, q: &str) -> String {
    let out = Command::new("sqlite3").arg(db).arg(q).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn run(db: &Path, args: &[&str]) -> Output {
    certdesk(db).args(args).output().unwrap()
}

fn says(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(db: &Path, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let o = run(db, &a);
    assert!(o.status.success(), "{}", says(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// One imported approval (general route, body 1), suspended as a penalty on 2026-11-20.
fn suspended(dir: &Path) -> (PathBuf, i64) {
    let db = dir.join("c.db");
    certdesk(&db).arg("init").assert().success();
    let csv = write(
        dir,
        "b.csv",
        &format!("{HEADER_EN}\n{}\n", row(1, "general")),
    );
    certdesk(&db).arg("import").arg(csv).assert().success();
    let done = ok(
        &db,
        &[
            "act",
            "suspend",
            "--approval",
            &cma_no(1),
            "--date",
            "2026-11-20",
            "--basis",
            "检验检测机构监督管理办法第二十五条",
            "--deadline",
            "2027-01-20",
            "--doc-no",
            "市监认罚〔2026〕12号",
            "--notice-served-on",
            "2026-11-02",
            "--hearing",
            "waived",
            "--officers",
            "张伟,王芳",
        ],
    );
    (db, done["event_id"].as_i64().unwrap())
}

fn check(db: &Path) -> Output {
    run(db, &["check"])
}

fn status(db: &Path) -> String {
    query(
        db,
        &format!(
            "SELECT status FROM qualification WHERE approval_no = '{}'",
            cma_no(1)
        ),
    )
}

fn show_json(db: &Path) -> Value {
    let o = run(db, &["show", &cma_no(1), "--format", "json"]);
    assert!(o.status.success(), "{}", says(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn history_event(shown: &Value, id: i64) -> Value {
    shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no event {id} in {shown}"))
}

const WHY: [&str; 4] = ["--reason", "文号笔误", "--basis", "更正审批单〔2026〕3号"];

#[test]
fn a_correction_and_an_annulment_are_replayed_by_check_and_a_tampered_row_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (db, suspend) = suspended(dir.path());
    let ev = suspend.to_string();

    // A correction of the document number and of the deadline: the state stays.
    let mut args = vec![
        "act",
        "correct",
        "--event",
        &ev,
        "--field",
        "doc_no",
        "--value",
        "市监认罚〔2026〕21号",
    ];
    args.extend(WHY);
    let c = ok(&db, &args);
    assert_eq!(c["old"], "市监认罚〔2026〕12号");
    assert_eq!(c["new"], "市监认罚〔2026〕21号");
    assert_eq!(
        query(
            &db,
            &format!("SELECT doc_no FROM sanction WHERE event_id = {suspend}")
        ),
        "市监认罚〔2026〕21号"
    );
    let mut args = vec![
        "act",
        "correct",
        "--event",
        &ev,
        "--field",
        "deadline",
        "--value",
        "2027-02-20",
    ];
    args.extend(WHY);
    ok(&db, &args);
    assert_eq!(
        query(
            &db,
            "SELECT due_on FROM follow_up WHERE kind = 'suspension'"
        ),
        "2027-02-20"
    );
    assert_eq!(status(&db), "suspended");
    let o = check(&db);
    assert_eq!(o.status.code(), Some(0), "{}", says(&o));

    // The history shows the original with its corrections.
    let shown = show_json(&db);
    let e = history_event(&shown, suspend);
    let corrections = e["corrections"].as_array().unwrap();
    assert_eq!(corrections.len(), 2, "{e}");
    assert_eq!(corrections[0]["field"], "doc_no");
    assert_eq!(corrections[0]["old"], "市监认罚〔2026〕12号");
    assert_eq!(corrections[1]["new"], "2027-02-20");
    assert_eq!(
        corrections[0]["by"], e["actor"],
        "the login of whoever ran it"
    );
    assert_eq!(e["annulled_by"], Value::Null);
    let text = String::from_utf8_lossy(&run(&db, &["show", &cma_no(1)]).stdout).to_string();
    assert!(text.contains("corrected by event"), "{text}");

    // Correcting again uses the corrected value as the old one.
    let mut args = vec![
        "act",
        "correct",
        "--event",
        &ev,
        "--field",
        "doc_no",
        "--value",
        "市监认罚〔2026〕21号",
    ];
    args.extend(WHY);
    let o = run(&db, &args);
    assert_eq!(o.status.code(), Some(3), "{}", says(&o));
    assert!(says(&o).contains("already"), "{}", says(&o));

    // The annulment restores the state, closes what the suspension opened.
    let a = ok(
        &db,
        &[
            "act",
            "annul",
            "--event",
            &ev,
            "--reason",
            "复议决定撤销",
            "--basis",
            "行政复议决定书〔2026〕7号",
            "--date",
            "2026-11-26",
        ],
    );
    assert_eq!(a["status_before"], "suspended");
    assert_eq!(a["status_after"], "active");
    assert_eq!(a["withdraw_publication_by"], Value::Null);
    let annul = a["event_id"].as_i64().unwrap();
    assert_eq!(status(&db), "active");
    assert_eq!(
        query(
            &db,
            "SELECT group_concat(kind || ':' || closed_on || ':' || result, ' ') FROM follow_up WHERE closed_on IS NOT NULL"
        ),
        "suspension:2026-11-26:annulled publication:2026-11-26:annulled"
    );
    let shown = show_json(&db);
    assert_eq!(history_event(&shown, suspend)["annulled_by"], annul);
    let text = String::from_utf8_lossy(&run(&db, &["show", &cma_no(1)]).stdout).to_string();
    assert!(
        text.contains(&format!("annulled by event {annul}")),
        "{text}"
    );
    let o = check(&db);
    assert_eq!(o.status.code(), Some(0), "{}", says(&o));

    // Twice is refused; so is correcting an annulled act, and annulling a correction.
    let o = run(
        &db,
        &[
            "act", "annul", "--event", &ev, "--reason", "r", "--basis", "b",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(
        says(&o).contains(&format!("already annulled by event {annul}")),
        "{}",
        says(&o)
    );
    let mut args = vec![
        "act", "correct", "--event", &ev, "--field", "reason", "--value", "x",
    ];
    args.extend(WHY);
    let o = run(&db, &args);
    assert_eq!(o.status.code(), Some(3));
    assert!(says(&o).contains("annulled"), "{}", says(&o));
    let corr = c["event_id"].as_i64().unwrap().to_string();
    let o = run(
        &db,
        &[
            "act", "annul", "--event", &corr, "--reason", "r", "--basis", "b",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(says(&o).contains("is a correction"), "{}", says(&o));

    // A corrected row edited behind the log is caught.
    sql(
        &db,
        &format!("UPDATE sanction SET doc_no = '市监认罚〔2026〕99号' WHERE event_id = {suspend}"),
    );
    let o = check(&db);
    assert_ne!(o.status.code(), Some(0), "{}", says(&o));
    assert!(says(&o).contains("sanction"), "{}", says(&o));
}

#[test]
fn an_annulment_waits_for_the_later_act_and_a_published_penalty_is_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let (db, suspend) = suspended(dir.path());
    let ev = suspend.to_string();
    let publish = ok(
        &db,
        &[
            "act",
            "publish",
            "--approval",
            &cma_no(1),
            "--date",
            "2026-11-23",
            "--basis",
            "SAMR令第45号第九条",
        ],
    );
    let lift = ok(
        &db,
        &[
            "act",
            "lift",
            "--approval",
            &cma_no(1),
            "--date",
            "2026-11-25",
            "--basis",
            "检验检测机构监督管理办法第二十五条",
        ],
    );
    let lift_id = lift["event_id"].as_i64().unwrap();
    let o = run(
        &db,
        &[
            "act",
            "annul",
            "--event",
            &ev,
            "--reason",
            "复议撤销",
            "--basis",
            "复议决定书",
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", says(&o));
    assert!(
        says(&o).contains(&format!("annul event {lift_id} first")),
        "{}",
        says(&o)
    );
    // The lift annulled, the approval is suspended again and its suspension period open.
    let a = ok(
        &db,
        &[
            "act",
            "annul",
            "--event",
            &lift_id.to_string(),
            "--reason",
            "解除有误",
            "--basis",
            "复议决定书",
        ],
    );
    assert_eq!(a["status_after"], "suspended");
    assert_eq!(
        query(
            &db,
            "SELECT count(*) FROM follow_up WHERE kind = 'suspension' AND closed_on IS NULL"
        ),
        "1"
    );
    // Now the suspension: it was published, so the publication is to be withdrawn.
    let a = ok(
        &db,
        &[
            "act",
            "annul",
            "--event",
            &ev,
            "--reason",
            "复议撤销",
            "--basis",
            "复议决定书",
        ],
    );
    assert_eq!(a["status_after"], "active");
    assert_eq!(a["withdraw_publication_by"], "2026-12-02", "{a}");
    assert_eq!(
        query(
            &db,
            "SELECT result FROM follow_up WHERE kind = 'publication'"
        ),
        "published"
    );
    // The withdrawal is a follow-up in the queue; the publication period ends with it.
    assert_eq!(
        query(
            &db,
            "SELECT due_on || ' ' || (closed_on IS NULL) FROM follow_up WHERE kind = 'publication_withdrawal'"
        ),
        "2026-12-02 1"
    );
    assert_eq!(
        query(
            &db,
            "SELECT result FROM follow_up WHERE kind = 'publication_end'"
        ),
        "annulled"
    );
    let queue = run(&db, &["queue", "--format", "json"]);
    assert!(String::from_utf8_lossy(&queue.stdout).contains("publication_withdrawal"));
    // Recording the withdrawal closes it.
    ok(
        &db,
        &[
            "act",
            "withdraw-publication",
            "--approval",
            &cma_no(1),
            "--date",
            "2026-11-27",
            "--basis",
            "市场监督管理行政处罚信息公示规定第十一条",
        ],
    );
    assert_eq!(
        query(
            &db,
            "SELECT result FROM follow_up WHERE kind = 'publication_withdrawal'"
        ),
        "withdrawn"
    );
    let _ = publish;
    let o = check(&db);
    assert_eq!(o.status.code(), Some(0), "{}", says(&o));
}

#[test]
fn a_grants_facts_and_a_renewal_are_corrected_in_the_qualification() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = suspended(dir.path());
    let grant = query(&db, "SELECT id FROM event WHERE act = 'grant'");
    let mut args = vec![
        "act",
        "correct",
        "--event",
        &grant,
        "--field",
        "doc_no",
        "--value",
        "京市监认〔2024〕100号",
    ];
    args.extend(WHY);
    ok(&db, &args);
    let mut args = vec![
        "act",
        "correct",
        "--event",
        &grant,
        "--field",
        "valid_until",
        "--value",
        "2030-03-05",
    ];
    args.extend(WHY);
    ok(&db, &args);
    let mut args = vec![
        "act",
        "correct",
        "--event",
        &grant,
        "--field",
        "date",
        "--value",
        "2024-03-04",
    ];
    args.extend(WHY);
    let c = ok(&db, &args);
    assert_eq!(c["field"], "decided_on");
    assert_eq!(
        query(
            &db,
            "SELECT doc_no || ' ' || decided_on || ' ' || valid_until || ' ' || status FROM qualification"
        ),
        "京市监认〔2024〕100号 2024-03-04 2030-03-05 suspended"
    );
    // The grant cannot move past its later acts.
    let mut args = vec![
        "act",
        "correct",
        "--event",
        &grant,
        "--field",
        "decided_on",
        "--value",
        "2026-11-21",
    ];
    args.extend(WHY);
    let o = run(&db, &args);
    assert_eq!(o.status.code(), Some(3), "{}", says(&o));
    assert!(
        says(&o).contains("cannot be granted after its later acts"),
        "{}",
        says(&o)
    );
    // A grant is not annulled: it is revoked.
    let o = run(
        &db,
        &[
            "act", "annul", "--event", &grant, "--reason", "r", "--basis", "b",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(says(&o).contains("revoking"), "{}", says(&o));
    let o = check(&db);
    assert_eq!(o.status.code(), Some(0), "{}", says(&o));
}

#[test]
fn broken_input_is_refused_with_the_flag_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (db, suspend) = suspended(dir.path());
    let ev = suspend.to_string();
    let events = || query(&db, "SELECT count(*) FROM event");
    let before = events();
    let correct = |field: &str, value: &str| {
        let mut args = vec![
            "act", "correct", "--event", &ev, "--field", field, "--value", value,
        ];
        args.extend(WHY);
        run(&db, &args)
    };
    for (field, value, code, says_what) in [
        ("status", "active", 3, "not a field that can be corrected"),
        (
            "valid_until",
            "2030-01-01",
            3,
            "cannot be corrected on event",
        ),
        ("date", "2026-02-30", 3, "is not a date"),
        ("date", "2026-12-01", 3, "after today"),
        ("deadline", "2101-01-01", 3, "after 2100-12-31"),
        ("doc_no", "市监\u{1b}[2J认罚", 3, "doc_no"),
        ("doc_no", "文号\u{202e}21", 3, "doc_no"),
        ("reason", "=cmd|' /C calc'!A0", 3, "formula"),
    ] {
        let o = correct(field, value);
        assert_eq!(
            o.status.code(),
            Some(code),
            "{field}={value:?}: {}",
            says(&o)
        );
        assert!(
            says(&o).contains(says_what),
            "{field}={value:?}: {}",
            says(&o)
        );
        assert!(
            !String::from_utf8_lossy(&o.stderr).contains('\u{1b}'),
            "escape echoed"
        );
    }
    // Unknown event, missing flags, flags of the other kind.
    let o = run(
        &db,
        &[
            "act", "correct", "--event", "999", "--field", "doc_no", "--value", "x", "--reason",
            "r", "--basis", "b",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(says(&o).contains("no event 999"), "{}", says(&o));
    let o = run(
        &db,
        &[
            "act", "correct", "--field", "doc_no", "--value", "x", "--basis", "b",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(says(&o).contains("--event is required"), "{}", says(&o));
    let o = run(
        &db,
        &[
            "act", "correct", "--event", &ev, "--value", "x", "--basis", "b",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(says(&o).contains("--field is required"), "{}", says(&o));
    let o = run(
        &db,
        &[
            "act",
            "annul",
            "--event",
            &ev,
            "--approval",
            &cma_no(1),
            "--basis",
            "b",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        says(&o).contains("--approval does not apply to annul"),
        "{}",
        says(&o)
    );
    let o = run(
        &db,
        &["act", "lift", "--date", "2026-11-25", "--basis", "b"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        says(&o).contains("--approval is required for lift"),
        "{}",
        says(&o)
    );
    let o = run(
        &db,
        &["act", "lift", "--approval", &cma_no(1), "--basis", "b"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        says(&o).contains("--date is required for lift"),
        "{}",
        says(&o)
    );
    let o = run(
        &db,
        &[
            "act",
            "lift",
            "--approval",
            &cma_no(1),
            "--date",
            "2026-11-25",
            "--basis",
            "b",
            "--event",
            "3",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        says(&o).contains("--event applies only to correct and annul"),
        "{}",
        says(&o)
    );
    // Annulment: reason and basis are required, the date obeys the rules.
    let o = run(&db, &["act", "annul", "--event", &ev, "--basis", "b"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(says(&o).contains("reason is required"), "{}", says(&o));
    let o = run(
        &db,
        &[
            "act",
            "annul",
            "--event",
            &ev,
            "--reason",
            "r",
            "--basis",
            "b",
            "--date",
            "2026-11-19",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(
        says(&o).contains("before the act it annuls"),
        "{}",
        says(&o)
    );
    let import = query(&db, "SELECT id FROM event WHERE act = 'import-file'");
    let o = run(
        &db,
        &[
            "act", "annul", "--event", &import, "--reason", "r", "--basis", "b",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(events(), before, "nothing was written");
    assert_eq!(status(&db), "suspended");
}
