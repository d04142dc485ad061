//! Moving a register in with its states (`certdesk import --with-status`): the round trip
//! through `certdesk export`, each stated state, what a state needs, state names, the plain
//! import's refusal of a disagreeing status column, and hostile cells in the new columns.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn json_out(cmd: &mut assert_cmd::Command) -> (i32, Value) {
    let out = cmd.output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let v = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), v)
}

fn import(db: &Path, file: &Path, with_status: bool) -> (i32, Value) {
    let mut c = certdesk(db);
    c.arg("import").arg(file).args(["--report", "json"]);
    if with_status {
        c.arg("--with-status");
    }
    json_out(&mut c)
}

fn qualifications(db: &Path) -> Vec<Value> {
    let (code, v) = json_out(certdesk(db).args(["export", "qualifications", "--format", "json"]));
    assert_eq!(code, 0);
    v.as_array().unwrap().clone()
}

fn show(db: &Path, approval: &str) -> Value {
    json_out(certdesk(db).args(["show", approval, "--format", "json"])).1
}

fn act(db: &Path, args: &[&str]) {
    let out = certdesk(db).arg("act").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn check_passes(db: &Path) {
    let out = certdesk(db).arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The errors of a report as (row, column, message).
fn errors(r: &Value) -> Vec<(u64, String, String)> {
    r["errors"]
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

/// What a migration must carry over: state, scope, deadlines and the decision that led there.
const CARRIED: [&str; 13] = [
    "status",
    "route",
    "decided_on",
    "valid_until",
    "scope",
    "revoked_scope",
    "suspension_deadline",
    "verification_due",
    "renewal_filed_on",
    "renewal_late",
    "status_date",
    "status_basis",
    "status_doc_no",
];

const HEADER_MIGRATION: &str = "uscc,name,kind,approval_no,route,decided_on,valid_until,scope,region,authority,doc_no,risk_class,status,status_date,status_basis,status_doc_no,suspension_deadline,verification_due,renewal_filed_on,revoked_scope";

/// A row of body `n` (CMA, decided 2024-03-05, valid to 2030-03-04) with the migration's cells.
fn stated_row(n: u32, route: &str, migration: &str) -> String {
    format!("{},{migration}", row(n, route))
}

#[test]
fn the_migration_round_trip_keeps_states_scope_and_deadlines() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    // Bodies 1–10 (route by n % 3: 0 commitment, 1 optimized, 2 general), and one that expired.
    let mut file = std::fs::read_to_string(batch(dir.path(), "b.csv", 1, 10)).unwrap();
    file.push_str(
        &row(11, "general")
            .replace("2024-03-05", "2019-03-05")
            .replace("2030-03-04", "2025-03-04"),
    );
    file.push('\n');
    let file = write(dir.path(), "b.csv", &file);
    assert_eq!(import(&old, &file, false).0, 0);
    let cma = |n| cma_no(n);
    let date = ["--date", "2026-11-20"];
    let penalty = [
        "--notice-served-on",
        "2026-11-02",
        "--hearing",
        "waived",
        "--officers",
        "张伟,王芳",
    ];
    let basis = ["--basis", "检验检测机构资质认定管理办法第四十二条"];
    act(
        &old,
        &[
            &["suspend", "--approval", &cma(2)],
            &date[..],
            &basis,
            &[
                "--deadline",
                "2027-02-20",
                "--doc-no",
                "京市监罚〔2026〕3号",
            ],
            &penalty,
        ]
        .concat(),
    );
    act(
        &old,
        &[
            &["revoke", "--approval", &cma(4)],
            &date[..],
            &[
                "--basis",
                "行政许可法第六十九条",
                "--doc-no",
                "京市监撤〔2026〕1号",
            ],
        ]
        .concat(),
    );
    act(
        &old,
        &[
            &["revoke-penalty", "--approval", &cma(5)],
            &date[..],
            &basis,
            &["--doc-no", "京市监罚〔2026〕4号"],
            &penalty,
        ]
        .concat(),
    );
    act(
        &old,
        &[
            &["verify", "--approval", &cma(6)],
            &date[..],
            &["--basis", "x", "--result", "conforming"],
        ]
        .concat(),
    );
    act(
        &old,
        &[
            &["withdraw", "--approval", &cma(7)],
            &date[..],
            &["--basis", "行政许可法第八条"],
        ]
        .concat(),
    );
    act(
        &old,
        &[
            &["cancel", "--approval", &cma(8)],
            &date[..],
            &["--basis", "行政许可法第七十条"],
        ]
        .concat(),
    );
    act(
        &old,
        &[
            &["revoke", "--approval", &cma(9)],
            &date[..],
            &["--basis", "行政许可法第六十九条", "--remove", "食品检测"],
        ]
        .concat(),
    );
    act(
        &old,
        &[
            &["file-renewal", "--approval", &cma(10)],
            &date[..],
            &["--basis", "行政许可法第五十条"],
        ]
        .concat(),
    );
    // A corrected document number travels as corrected.
    let revoke_event = show(&old, &cma(4))["history"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    act(
        &old,
        &[
            "correct",
            "--event",
            &revoke_event,
            "--field",
            "doc_no",
            "--value",
            "京市监撤〔2026〕2号",
            "--reason",
            "文号笔误",
            "--basis",
            "负责人批准",
        ],
    );

    let export = dir.path().join("register.csv");
    certdesk(&old)
        .args(["export", "qualifications", "--out"])
        .arg(&export)
        .assert()
        .success();
    let new = dir.path().join("new.db");
    let (code, r) = import(&new, &export, true);
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        (r["written"].as_u64(), r["invalid"].as_u64()),
        (Some(11), Some(0))
    );
    // An export imports without a warning about its own columns.
    assert_eq!(r["warnings"], serde_json::json!([]), "{r}");
    let states = &r["states"];
    for (state, n) in [
        ("active", 2),
        ("pending_verification", 2),
        ("renewal_pending", 1),
        ("suspended", 1),
        ("expired", 1),
        ("revoked", 1),
        ("revoked_penalty", 1),
        ("withdrawn", 1),
        ("cancelled", 1),
    ] {
        assert_eq!(states[state], n, "{state}: {states}");
    }

    let (before, after) = (qualifications(&old), qualifications(&new));
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b["approval_no"], a["approval_no"]);
        for field in CARRIED {
            assert_eq!(b[field], a[field], "{} {field}", b["approval_no"]);
        }
    }
    let by_no = |no: &str| {
        after
            .iter()
            .find(|q| q["approval_no"] == no)
            .unwrap()
            .clone()
    };
    assert_eq!(by_no(&cma(2))["suspension_deadline"], "2027-02-20");
    assert_eq!(by_no(&cma(3))["verification_due"], "2024-06-05");
    assert_eq!(by_no(&cma(4))["revoked_scope"], "食品检测;环境监测");
    assert_eq!(by_no(&cma(4))["status_doc_no"], "京市监撤〔2026〕2号");
    assert_eq!(by_no(&cma(9))["revoked_scope"], "食品检测");
    assert_eq!(by_no(&cma(10))["renewal_filed_on"], "2026-11-20");
    assert_eq!(by_no(&cma(11))["status"], "expired");
    // The work queue has the same verifications and suspensions to follow.
    let queue = |db: &Path| {
        let (_, v) = json_out(certdesk(db).args(["queue", "--within", "3650", "--format", "json"]));
        let mut items: Vec<(String, String, String)> = v
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] != "publication")
            .map(|i| {
                (
                    i["approval_no"].as_str().unwrap_or("").to_string(),
                    i["kind"].as_str().unwrap().to_string(),
                    i["due_on"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        items.sort();
        items
    };
    assert_eq!(queue(&old), queue(&new));
    // One `migrated` event per row, naming the file and the stated facts.
    let (_, events) = json_out(certdesk(&new).args(["export", "events", "--format", "json"]));
    let migrated: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["act"] == "migrated")
        .collect();
    assert_eq!(migrated.len(), 11);
    let suspended = migrated
        .iter()
        .find(|e| e["approval_no"] == cma(2))
        .unwrap();
    let details: Value = serde_json::from_str(suspended["details"].as_str().unwrap()).unwrap();
    assert_eq!(details["file"], export.display().to_string());
    assert_eq!(details["stated"]["status"], "suspended");
    assert_eq!(details["stated"]["suspension_deadline"], "2027-02-20");
    assert_eq!(suspended["act_date"], "2026-11-20");
    assert_eq!(suspended["basis"], "检验检测机构资质认定管理办法第四十二条");
    assert_eq!(suspended["doc_no"], "京市监罚〔2026〕3号");
    check_passes(&new);

    // Importing the same export again changes nothing.
    let (code, again) = import(&new, &export, true);
    assert_eq!(
        (code, again["written"].as_u64(), again["unchanged"].as_u64()),
        (0, Some(0), Some(11)),
        "{again}"
    );
    // And the migrated register exports what it was given (a second round trip).
    let second = dir.path().join("second.csv");
    certdesk(&new)
        .args(["export", "qualifications", "--out"])
        .arg(&second)
        .assert()
        .success();
    let third = dir.path().join("third.db");
    assert_eq!(import(&third, &second, true).0, 0);
    for (b, a) in before.iter().zip(&qualifications(&third)) {
        for field in CARRIED {
            assert_eq!(b[field], a[field], "{} {field}", b["approval_no"]);
        }
    }
    check_passes(&third);
}

#[test]
fn each_stated_state_is_created_with_its_facts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let rows = [
        stated_row(1, "general", "active,,,,,,,"),
        stated_row(2, "commitment", "pending_verification,,,,,2024-07-01,,"),
        stated_row(
            3,
            "general",
            "suspended,2026-10-01,检验检测机构资质认定管理办法第四十二条,京罚〔2026〕9号,2027-01-31,,,",
        ),
        stated_row(4, "general", "expired,,,,,,,").replace("2030-03-04", "2026-01-31"),
        stated_row(
            5,
            "general",
            "revoked,2026-09-01,行政许可法第六十九条,京撤〔2026〕1号,,,,",
        ),
        stated_row(
            6,
            "general",
            "revoked_penalty,2026-09-02,检验检测机构资质认定管理办法第四十二条,京罚〔2026〕2号,,,,",
        ),
        stated_row(7, "general", "withdrawn,2026-09-03,行政许可法第八条,,,,,"),
        stated_row(8, "general", "cancelled,2026-09-04,行政许可法第七十条,,,,,"),
        stated_row(9, "optimized", "renewal_pending,,,,,,2026-11-02,"),
        stated_row(10, "commitment", "active,,,,,,,食品检测")
            .replace("食品检测;环境监测", "环境监测"),
    ];
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER_MIGRATION}\n{}\n", rows.join("\n")),
    );
    let (code, r) = import(&db, &file, true);
    assert_eq!(code, 0, "{r}");
    let q = |n| show(&db, &cma_no(n));
    let first = |n: u32| q(n)["qualifications"][0].clone();
    // A commitment grant stated active has been verified: nothing left to verify.
    assert_eq!(first(1)["status"], "active");
    assert_eq!(first(10)["status"], "active");
    assert_eq!(first(10)["follow_ups"], serde_json::json!([]));
    assert_eq!(first(10)["revoked_scope"], "食品检测");
    assert_eq!(first(2)["status"], "pending_verification");
    assert_eq!(first(2)["follow_ups"][0]["kind"], "verification");
    assert_eq!(first(2)["follow_ups"][0]["due_on"], "2024-07-01");
    let s = first(3);
    assert_eq!(s["status"], "suspended");
    assert_eq!(s["follow_ups"][0]["kind"], "suspension");
    assert_eq!(s["follow_ups"][0]["opened_on"], "2026-10-01");
    assert_eq!(s["follow_ups"][0]["due_on"], "2027-01-31");
    assert_eq!(first(4)["status"], "expired");
    assert_eq!(first(4)["stored_status"], "active");
    let revoked = first(5);
    assert_eq!(revoked["status"], "revoked");
    assert!(
        revoked["scope"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "revoked" && i["since"] == "2026-09-01"),
        "{revoked}"
    );
    assert_eq!(first(6)["status"], "revoked_penalty");
    assert_eq!(first(6)["status_doc_no"], "京罚〔2026〕2号");
    assert_eq!(first(7)["status"], "withdrawn");
    assert_eq!(first(8)["status"], "cancelled");
    assert_eq!(first(9)["status"], "renewal_pending");
    assert_eq!(first(9)["renewal_filed_on"], "2026-11-02");
    let history = &q(8)["history"][0];
    assert_eq!(
        (history["act"].as_str(), history["act_date"].as_str()),
        (Some("migrated"), Some("2026-09-04"))
    );
    assert_eq!(history["basis"], "行政许可法第七十条");
    // A migrated event records no act to correct or annul: the act that changes it does.
    let id = history["id"].as_i64().unwrap().to_string();
    let out = certdesk(&db)
        .args([
            "act", "annul", "--event", &id, "--reason", "r", "--basis", "b",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(migrated) is no decision"));
    // Every state counted; the states a body can act from follow (a suspended one is lifted).
    assert_eq!(r["states"]["active"], 2);
    assert_eq!(r["states"]["cancelled"], 1);
    act(
        &db,
        &[
            "lift",
            "--approval",
            &cma_no(3),
            "--date",
            "2026-11-20",
            "--basis",
            "整改验收合格",
        ],
    );
    assert_eq!(first(3)["status"], "active");
    check_passes(&db);
    // The text report says the states too.
    let fresh = dir.path().join("n.db");
    certdesk(&fresh).arg("init").arg(&fresh).assert().success();
    let out = certdesk(&fresh)
        .args(["import", "--with-status", "--dry-run"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("by state: active (有效) 2, pending_verification (有效（待核查）) 1"),
        "{text}"
    );
}

#[test]
fn a_state_without_the_facts_it_needs_is_an_error_naming_row_column_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let rows = [
        // Row 2: a suspension without a deadline.
        stated_row(
            1,
            "general",
            "suspended,2026-10-01,检验检测机构资质认定管理办法第四十二条,,,,,",
        ),
        // Row 3: a revocation without its date and basis.
        stated_row(2, "general", "revoked,,,,,,,"),
        // Row 4: a withdrawal dated in the future; row 5 a cancellation dated with a word.
        stated_row(3, "general", "withdrawn,2027-01-01,行政许可法第八条,,,,,"),
        stated_row(4, "general", "cancelled,昨天,行政许可法第七十条,,,,,"),
        // Row 6: pending verification on a route that has none; row 7 expired but in force.
        stated_row(5, "general", "pending_verification,,,,,,,"),
        stated_row(6, "general", "expired,,,,,,,"),
        // Row 8: a suspension ending before it began; row 9 a renewal with no filing date.
        stated_row(7, "general", "suspended,2026-10-01,x,,2026-09-01,,,"),
        stated_row(8, "general", "renewal_pending,,,,,,,"),
        // Row 10: an unknown state; row 11 no state at all.
        stated_row(9, "general", "frozen,,,,,,,"),
        stated_row(10, "general", ",,,,,,,"),
    ];
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER_MIGRATION}\n{}\n", rows.join("\n")),
    );
    let (code, r) = import(&db, &file, true);
    assert_eq!(code, 3, "{r}");
    assert_eq!(r["written"], 0);
    let e = errors(&r);
    let at = |row: u64, column: &str| {
        e.iter()
            .find(|(r, c, _)| *r == row && c == column)
            .map(|(_, _, m)| m.clone())
            .unwrap_or_else(|| panic!("no error on row {row}, {column}: {e:?}"))
    };
    assert!(at(2, "suspension_deadline").contains("empty; required for suspended"));
    assert!(at(2, "suspension_deadline").contains("停业整顿期限"));
    assert!(at(3, "status_date").contains("the date of the decision"));
    assert!(at(3, "status_basis").contains("the legal basis of the decision"));
    assert!(at(4, "status_date").contains("after today"));
    assert!(at(5, "status_date").contains("not a date"));
    assert!(at(6, "status").contains("only a notification-commitment"));
    assert!(at(7, "valid_until").contains("correct the end date or the status"));
    assert!(at(8, "suspension_deadline").contains("must be after"));
    assert!(at(9, "renewal_filed_on").contains("empty; required"));
    assert!(at(10, "status").contains("not a state; write one of active (有效)"));
    assert!(at(11, "status").contains("every row states its state"));
    // Nothing was written: no database content beyond its creation.
    assert_eq!(qualifications(&db).len(), 0);

    // --with-status on a file without a status column: the header row says so.
    let plain = batch(dir.path(), "plain.csv", 1, 2);
    let (code, r) = import(&db, &plain, true);
    assert_eq!(code, 3);
    let e = errors(&r);
    assert_eq!((e[0].0, e[0].1.as_str()), (1, "status"), "{e:?}");
    assert!(e[0].2.contains("import without --with-status"));
}

#[test]
fn state_names_in_chinese_and_english_and_their_codes_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let decided = "2026-10-01,行政许可法第六十九条,,2027-01-31,,,";
    let names = [
        ("有效", "active"),
        ("ACTIVE", "active"),
        ("有效（待核查）", "pending_verification"),
        ("待核查", "pending_verification"),
        ("停业整顿", "suspended"),
        ("暂停", "suspended"),
        ("已撤销", "revoked"),
        ("撤销", "revoked"),
        ("已撤销资质认定", "revoked_penalty"),
        ("吊销", "revoked_penalty"),
        ("撤回", "withdrawn"),
        ("已注销", "cancelled"),
        ("ｃａｎｃｅｌｌｅｄ", "cancelled"),
        (" Revoked_Penalty ", "revoked_penalty"),
    ];
    let rows: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, (name, _))| stated_row(i as u32 + 1, "commitment", &format!("{name},{decided}")))
        .collect();
    // Chinese headers, as an office's spreadsheet has them.
    let header = format!(
        "{HEADER_ZH},状态,状态日期,状态依据,状态文号,停业整顿期限,核查期限,延续申请日期,已撤销领域"
    );
    let file = write(
        dir.path(),
        "zh.csv",
        &format!("{header}\n{}\n", rows.join("\n")),
    );
    let (code, r) = import(&db, &file, true);
    assert_eq!(code, 0, "{r}");
    for (i, (name, state)) in names.iter().enumerate() {
        let q = &show(&db, &cma_no(i as u32 + 1))["qualifications"][0];
        assert_eq!(q["status"], *state, "{name}");
    }
}

#[test]
fn without_with_status_a_disagreeing_status_column_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let header = format!("{HEADER_EN},status,status_date");
    let file = write(
        dir.path(),
        "s.csv",
        &format!(
            "{header}\n{},已撤销,2026-09-01\n{},,\n{},pending_verification,\n{},有效,\n",
            row(1, "general"),
            row(2, "general"),
            row(3, "commitment"),
            row(4, "commitment"),
        ),
    );
    let (code, r) = import(&db, &file, false);
    assert_eq!(code, 3, "{r}");
    let e = errors(&r);
    // Row 2 states revoked; row 5 states active for a commitment grant (it would await
    // verification): both named, with --with-status as the fix. Rows 3 (empty) and 4 (agrees)
    // are fine.
    let rows: Vec<(u64, &str)> = e.iter().map(|(r, c, _)| (*r, c.as_str())).collect();
    assert_eq!(rows, [(2, "status"), (5, "status")], "{e:?}");
    assert!(e[0].2.contains("states revoked (已撤销)"));
    assert!(e[0].2.contains("--with-status"));
    assert!(
        e[1].2
            .contains("creates this approval pending_verification")
    );
    // The facts only a migration reads are ignored, and said so.
    let warning = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["column"] == "status_date")
        .unwrap();
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("read only with --with-status")
    );
    assert_eq!(qualifications(&db).len(), 0);

    // Agreeing states are imported as new grants.
    let fine = write(
        dir.path(),
        "fine.csv",
        &format!(
            "{HEADER_EN},status\n{},active\n{},有效（待核查）\n",
            row(1, "general"),
            row(3, "commitment")
        ),
    );
    let (code, r) = import(&db, &fine, false);
    assert_eq!(code, 0, "{r}");
    assert_eq!(r["states"]["pending_verification"], 1);
    let (_, events) = json_out(certdesk(&db).args(["export", "events", "--format", "json"]));
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["act"] != "migrated")
    );
}

#[test]
fn a_migrated_approval_that_the_register_holds_otherwise_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    assert_eq!(import(&db, &batch(dir.path(), "b.csv", 1, 1), false).0, 0);
    let file = write(
        dir.path(),
        "m.csv",
        &format!(
            "{HEADER_MIGRATION}\n{}\n",
            stated_row(1, "optimized", "withdrawn,2026-09-03,行政许可法第八条,,,,,")
        ),
    );
    let (code, r) = import(&db, &file, true);
    assert_eq!(code, 3, "{r}");
    let e = errors(&r);
    assert_eq!(e[0].1, "status", "{e:?}");
    assert!(e[0].2.contains("An import never changes a state"), "{e:?}");
    assert_eq!(
        show(&db, &cma_no(1))["qualifications"][0]["status"],
        "active"
    );
}

#[test]
fn hostile_cells_in_the_migration_columns_are_refused_or_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let rows = [
        // Row 2: a formula as the basis; row 3 a right-to-left override in the document number.
        stated_row(
            1,
            "general",
            "revoked,2026-09-01,=HYPERLINK(\"http://x\"),,,,,",
        ),
        stated_row(
            2,
            "general",
            "revoked,2026-09-01,行政许可法第六十九条,京撤\u{202e}1号,,,,",
        ),
        // Row 4: a formula-leading revoked item after a separator; row 5 a formula as the state.
        stated_row(3, "general", "active,,,,,,,环境监测X;@SUM(1)"),
        stated_row(4, "general", "+cancelled,2026-09-01,x,,,,,"),
        // Row 6: zero-width characters in the state and the basis are removed, with a warning.
        stated_row(
            5,
            "general",
            "已撤\u{200b}回,2026-09-01,行政许可法\u{feff}第八条,,,,,",
        ),
    ];
    let file = write(
        dir.path(),
        "h.csv",
        &format!("{HEADER_MIGRATION}\n{}\n", rows.join("\n")),
    );
    let (code, r) = import(&db, &file, true);
    assert_eq!(code, 3, "{r}");
    let e = errors(&r);
    let at: Vec<(u64, &str)> = e.iter().map(|(r, c, _)| (*r, c.as_str())).collect();
    assert_eq!(
        at,
        [
            (2, "status_basis"),
            (3, "status_doc_no"),
            (4, "revoked_scope"),
            (5, "status")
        ],
        "{e:?}"
    );
    assert!(e[0].2.contains("like a spreadsheet formula"), "{}", e[0].2);
    assert!(e[1].2.contains("\\u{202e}"), "{}", e[1].2);
    assert!(e[2].2.contains("item 2"), "{}", e[2].2);
    // The report's values are escaped, never the raw control characters.
    let raw = r.to_string();
    assert!(!raw.contains('\u{202e}'));
    let warnings: Vec<&Value> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["row"] == 6)
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");

    // With the hostile rows gone, the cleaned row is written as stated.
    let clean = write(
        dir.path(),
        "c.csv",
        &format!("{HEADER_MIGRATION}\n{}\n", rows[4]),
    );
    let (code, r) = import(&db, &clean, true);
    assert_eq!(code, 0, "{r}");
    let q = &show(&db, &cma_no(5))["qualifications"][0];
    assert_eq!(q["status"], "withdrawn");
    assert_eq!(q["status_basis"], "行政许可法第八条");
}

/// The stated facts' problems in the command's language: Chinese on stderr and in the rejects
/// file's reason under `--lang zh`, a stable code for each in `--report json` whatever the
/// language, the English message in the JSON.
#[test]
fn a_states_missing_facts_are_said_in_chinese_with_stable_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let rows = [
        stated_row(1, "general", "suspended,2026-10-01,x,,,,,"),
        stated_row(2, "general", "withdrawn,2027-01-01,行政许可法第八条,,,,,"),
        stated_row(3, "general", "pending_verification,,,,,,,"),
        stated_row(4, "general", ",,,,,,,"),
    ];
    let file = write(
        dir.path(),
        "m.csv",
        &format!("{HEADER_MIGRATION}\n{}\n", rows.join("\n")),
    );
    let rejects = dir.path().join("退回.csv");
    let out = certdesk(&db)
        .args(["--lang", "zh", "import", "--with-status", "--skip-invalid"])
        .arg(&file)
        .arg("--rejects")
        .arg(&rejects)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    for zh in [
        "为空；状态为“停业整顿”（suspended）时必填：停业整顿期满日或整改期限（YYYY-MM-DD），填在表头为“停业整顿期限”（suspension_deadline）的列中",
        "2027-01-01 晚于今天（2026-11-27）；名录只记载已经作出的决定",
        "只有以告知承诺方式作出的批准才会待核查，而审批方式是一般程序（general）；请改正审批方式或状态",
        "为空；使用 --with-status 时每一行都要写明其状态",
    ] {
        assert!(err.contains(zh), "{zh}\n{err}");
    }
    for en in [
        "required for",
        "after today",
        "only a notification",
        "every row states",
    ] {
        assert!(!err.contains(en), "English '{en}' under zh: {err}");
    }
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(
        text.contains("suspension_deadline：为空；状态为“停业整顿”（suspended）时必填"),
        "{text}"
    );
    assert!(text.contains("status_date：2027-01-01 晚于今天"), "{text}");

    let (code, r) = json_out(
        certdesk(&db)
            .args([
                "--lang",
                "zh",
                "import",
                "--with-status",
                "--report",
                "json",
            ])
            .arg(&file),
    );
    assert_eq!(code, 3, "{r}");
    let codes: Vec<(u64, &str, &str)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap(),
                e["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            (2, "suspension_deadline", "stated_required"),
            (3, "status_date", "stated_decided_after_today"),
            (4, "status", "stated_verification_without_commitment"),
            (5, "status", "stated_status_empty"),
        ]
    );
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("empty; required for suspended (停业整顿): the end of the suspension")
    );
}
