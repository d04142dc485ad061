//! Lawful procedure (issue 8), through the command line: what the law forbids is refused with
//! exit 3 and the reason, and nothing is written.

mod common;

use common::*;

fn suspended(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("p.db");
    certdesk(&db).arg("init").assert().success();
    certdesk(&db)
        .arg("import")
        .arg(batch(dir, "b.csv", 1, 1))
        .assert()
        .success();
    certdesk(&db)
        .args([
            "act",
            "suspend",
            "--approval",
            &cma_no(1),
            "--date",
            "2026-11-20",
        ])
        .args([
            "--basis",
            "检验检测机构资质认定管理办法第四十二条",
            "--deadline",
            "2027-01-20",
        ])
        .args(["--notice-served-on", "2026-11-02", "--hearing", "waived"])
        .args(["--officers", "张伟,王芳"])
        .assert()
        .success();
    db
}

#[test]
fn a_lift_dated_before_the_suspension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = suspended(dir.path());
    let lift = |date: &str| {
        certdesk(&db)
            .args(["act", "lift", "--approval", &cma_no(1), "--date", date])
            .args(["--basis", "检验检测机构资质认定管理办法第四十二条"])
            .output()
            .unwrap()
    };
    let out = lift("2026-11-19");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("before the suspension of 2026-11-20"), "{err}");
    let shown = certdesk(&db).args(["show", &cma_no(1)]).output().unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).contains("suspended"));
    assert!(
        lift("2026-11-20").status.success(),
        "the same day is allowed"
    );
}

#[test]
fn a_deadline_after_2100_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = suspended(dir.path());
    let out = certdesk(&db)
        .args(["act", "order-rectification", "--approval", &cma_no(1)])
        .args([
            "--date",
            "2026-11-21",
            "--basis",
            "依据",
            "--deadline",
            "9999-12-31",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("after 2100-12-31"), "{err}");
}

#[test]
fn materials_requested_after_five_working_days_are_refused_and_acceptance_counts_from_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    certdesk(&db).arg("init").assert().success();
    let receive = |uscc_n: u32| {
        let out = certdesk(&db)
            .args(["application", "receive", "--uscc", &uscc(uscc_n)])
            .args([
                "--name",
                &format!("第{uscc_n}检测有限公司"),
                "--kind",
                "cma",
            ])
            .args([
                "--route",
                "optimized",
                "--scope",
                "食品检测",
                "--date",
                "2026-11-02",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .find_map(|w| {
                w.trim_matches(|c: char| !c.is_ascii_digit())
                    .parse::<i64>()
                    .ok()
            })
            .unwrap()
            .to_string()
    };
    let id = receive(60);
    // Received Monday 2026-11-02: the window ends Monday 2026-11-09.
    let late = certdesk(&db)
        .args([
            "application",
            "request-materials",
            "--id",
            &id,
            "--date",
            "2026-11-10",
        ])
        .output()
        .unwrap();
    assert_eq!(late.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&late.stderr).contains("第三十二条"));
    certdesk(&db)
        .args(["application", "accept", "--id", &id, "--date", "2026-11-20"])
        .assert()
        .success();
    let events = certdesk(&db)
        .args(["export", "events", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&events.stdout);
    assert!(
        text.contains("counts_as_accepted_on") && text.contains("2026-11-02"),
        "{text}"
    );

    let id = receive(61);
    certdesk(&db)
        .args([
            "application",
            "request-materials",
            "--id",
            &id,
            "--date",
            "2026-11-09",
        ])
        .assert()
        .success();
}

#[test]
fn a_bar_stops_new_applications_and_more_scope_and_a_revocation_ends_the_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    certdesk(&db).arg("init").assert().success();
    certdesk(&db)
        .arg("import")
        .arg(batch(dir.path(), "b.csv", 1, 1))
        .assert()
        .success();
    let no = cma_no(1);
    certdesk(&db)
        .args(["act", "set-bar", "--approval", &no, "--date", "2026-11-20"])
        .args([
            "--basis",
            "行政许可法第七十九条",
            "--deadline",
            "2029-11-20",
        ])
        .assert()
        .success();
    let out = certdesk(&db)
        .args([
            "application",
            "receive",
            "--uscc",
            &uscc(1),
            "--name",
            "北京第1检测有限公司",
        ])
        .args(["--kind", "cma", "--route", "general", "--scope", "食品检测"])
        .args(["--date", "2026-11-25"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("barred from applying until 2029-11-20"));
    let out = certdesk(&db)
        .args([
            "act",
            "change-scope",
            "--approval",
            &no,
            "--date",
            "2026-11-25",
        ])
        .args(["--basis", "依据", "--add", "建筑材料检测"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("第七十八条"));
    // A bar is shortened only by an act that says so.
    let bar = |act: &str, until: &str, reason: &str| {
        certdesk(&db)
            .args(["act", act, "--approval", &no, "--date", "2026-11-25"])
            .args([
                "--basis",
                "行政复议决定书",
                "--deadline",
                until,
                "--reason",
                reason,
            ])
            .output()
            .unwrap()
    };
    let out = bar("set-bar", "2027-11-20", "");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shorten-bar"));
    assert_eq!(bar("shorten-bar", "2027-11-20", "").status.code(), Some(3));
    assert_eq!(
        bar("shorten-bar", "2030-01-01", "复议").status.code(),
        Some(3)
    );
    let out = bar("shorten-bar", "2027-11-20", "行政复议决定变更");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = certdesk(&db).args(["show", &no]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains("barred from applying until 2027-11-20")
    );
    assert!(
        bar("set-bar", "2028-11-20", "").status.success(),
        "a longer bar is set"
    );
    certdesk(&db)
        .args(["act", "revoke", "--approval", &no, "--date", "2026-11-26"])
        .args(["--basis", "行政许可法第六十九条"])
        .assert()
        .success();
    let shown = certdesk(&db)
        .args(["show", &no, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let scope = &v["qualifications"][0]["scope"];
    assert!(
        scope
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "revoked"),
        "{scope}"
    );
}

/// The CB's suspension article (条例 Art. 58 speaks of 认证机构) does not fit a CMA body: the
/// act is refused with the article and the rule to cite; the same act on a CB is done.
#[test]
fn a_basis_of_the_other_kind_of_body_is_refused_with_the_article_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    certdesk(&db).arg("init").assert().success();
    let cb_row = format!(
        "{},江苏丙认证有限公司,cb,CNCA-R-2019-012,general,2019-05-06,2029-05-05,质量管理体系认证,320000,国家认监委,国认监〔2019〕3号,C",
        uscc(90)
    );
    let csv = format!("{HEADER_EN}\n{}\n{cb_row}\n", row(1, "general"));
    certdesk(&db)
        .arg("import")
        .arg(write(dir.path(), "k.csv", &csv))
        .assert()
        .success();
    let suspend = |approval: &str, basis: &str| {
        certdesk(&db)
            .args(["act", "suspend", "--approval", approval])
            .args(["--date", "2026-11-20", "--deadline", "2027-01-20"])
            .args(["--basis", basis])
            .args(["--notice-served-on", "2026-11-02", "--hearing", "waived"])
            .args(["--officers", "张伟,王芳"])
            .output()
            .unwrap()
    };
    for basis in ["认证认可条例第五十八条", "认证认可条例第５８条"] {
        let out = suspend(&cma_no(1), basis);
        assert_eq!(out.status.code(), Some(3), "{basis}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("认证认可条例第五十八条"), "{err}");
        assert!(err.contains("检验检测机构资质认定管理办法"), "{err}");
    }
    let shown = certdesk(&db).args(["show", &cma_no(1)]).output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(!shown.contains("suspended"), "nothing was written: {shown}");
    assert!(
        shown.contains("capabilities: 食品检测"),
        "a CMA body's scope is its capabilities: {shown}"
    );
    // The CMA body's own rule is accepted, and so is Art. 58 for a certification body.
    let out = suspend(&cma_no(1), "检验检测机构资质认定管理办法第四十二条");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = suspend("CNCA-R-2019-012", "认证认可条例第五十八条");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The CMA orders do not fit a certification body.
    let out = certdesk(&db)
        .args(["act", "lift", "--approval", "CNCA-R-2019-012"])
        .args(["--date", "2026-11-21"])
        .args(["--basis", "检验检测机构监督管理办法第二十六条"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("认证认可条例"), "{err}");
}
