//! History as sentences (issue 10.6): the body file's history and the log read as sentences in
//! the interface language, with the officer's name beside the login, a partial revocation and
//! a verification's result said, recorded times in the local zone (a fixed one here); the log
//! filter finds events by act names in both languages, officers' names and document numbers;
//! hostile text in event fields is shown harmlessly.

mod tui_common;

use certdesk::domain::acts::{ActKind, ActRequest, VerifyResult};
use certdesk::domain::ids::ApprovalNo;
use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::store::officers::OfficerChange;
use certdesk::store::reports::EventFilter;
use certdesk::tui::fixture;
use certdesk::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use tui_common::Harness;

/// The fixture, and then the officer zhang.wei (张伟) revokes OHSMS of 国实's approval (part of
/// its scope), records 中安's verification (to rectify by 2026-12-20) and corrects the
/// revocation's document number — from a second connection, as another session would.
fn scenario(lang: Lang, w: u16, h: u16) -> Harness {
    let mut harness = Harness::new(lang, Theme::COLOR, w, h);
    let mut s = Store::create_or_open(&harness.db_path(), fixture::TODAY).unwrap();
    s.set_actor("zhang.wei");
    s.set_officer(
        "zhang.wei",
        &OfficerChange {
            name: Some("张伟".into()),
            cert_no: Some("11010023".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let act = |s: &mut Store, approval: &str, req: ActRequest| {
        s.perform(&ApprovalNo::parse(approval).unwrap(), &req, None)
            .unwrap()
    };
    let revoked = act(
        &mut s,
        "CNCA-R-2002-001",
        ActRequest {
            act: Some(ActKind::Revoke),
            date: Some(fixture::TODAY),
            scope_remove: vec!["OHSMS".into()],
            basis: "行政许可法第六十九条".into(),
            doc_no: "京市监许撤〔2026〕5号".into(),
            reason: "职业健康安全管理体系认证条件不再具备".into(),
            ..Default::default()
        },
    );
    act(
        &mut s,
        "CNCA-R-2026-118",
        ActRequest {
            act: Some(ActKind::Verify),
            date: Some(fixture::TODAY),
            verify_result: Some(VerifyResult::Rectify),
            deadline: Some("2026-12-20".parse().unwrap()),
            basis: "市场监管总局公告2022年第28号".into(),
            doc_no: "京市监核〔2026〕9号".into(),
            ..Default::default()
        },
    );
    s.correct(
        revoked.event_id,
        "doc_no",
        "京市监许撤〔2026〕6号",
        "文号笔误",
        "负责人批准",
        "",
    )
    .unwrap();
    harness.app.check_data_version();
    harness.draw();
    harness
}

fn open_body(h: &mut Harness, filter: &str) {
    h.type_str(&format!("2/{filter}"));
    h.press(KeyCode::Enter);
    h.press(KeyCode::Tab);
}

#[test]
fn the_body_files_history_and_the_log_read_as_sentences() {
    for (w, hh) in [(80, 24), (120, 40)] {
        for lang in [Lang::Zh, Lang::En] {
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            let mut h = scenario(lang, w, hh);
            open_body(&mut h, "国实");
            insta::assert_snapshot!(format!("history_body_{w}x{hh}_{l}"), h.masked());
            let mut h = scenario(lang, w, hh);
            h.type_str("4");
            h.settle();
            insta::assert_snapshot!(format!("history_log_{w}x{hh}_{l}"), h.masked());
        }
    }
}

#[test]
fn the_history_names_the_officer_the_part_revoked_and_the_result() {
    let mut h = scenario(Lang::Zh, 120, 40);
    open_body(&mut h, "国实");
    let text = h.text();
    assert!(
        text.contains(
            "张伟（zhang.wei）部分撤销：撤销认证领域 OHSMS，认证机构批准书其余部分仍然有效"
        ),
        "{text}"
    );
    assert!(text.contains("[已更正]"), "{text}");
    assert!(text.contains("UTC+08 · #"), "the zone is named: {text}");
    let mut h = scenario(Lang::En, 120, 40);
    open_body(&mut h, "中安");
    let joined: String = h.text().lines().collect();
    assert!(
        joined.contains(
            "张伟 (zhang.wei) recorded the verification of the commitment: needs rectification"
        ),
        "{joined}"
    );
    assert!(joined.contains("rectify by 2026-12-20"), "{joined}");
    // Enter: the facts one to a line, no JSON; r: the stored record for an expert.
    h.press(KeyCode::Enter);
    let popup = h.text();
    assert!(popup.contains("Recorded: "), "{popup}");
    assert!(popup.contains("By: 张伟 (zhang.wei)"), "{popup}");
    assert!(!popup.contains('{'), "{popup}");
    h.press(KeyCode::Esc);
    h.type_str("r");
    let raw = h.text();
    assert!(raw.contains("as stored"), "{raw}");
    assert!(raw.contains("\"result\": \"rectify\""), "{raw}");
}

fn acts_found(store: &Store, filter: &str) -> Vec<(String, Option<String>)> {
    let f = EventFilter {
        text: filter.into(),
        acts: certdesk::i18n::sentences::acts_named(filter),
    };
    store
        .events_page(&f, None, 100)
        .unwrap()
        .into_iter()
        .map(|e| (e.act, e.approval_no))
        .collect()
}

#[test]
fn the_log_filter_finds_act_names_in_both_languages_officers_and_document_numbers() {
    let h = scenario(Lang::Zh, 80, 24);
    let store = &h.app.store;
    let suspended = vec![("suspend".to_string(), Some("CNCA-R-2019-077".to_string()))];
    // Neither the reason nor the basis of the fixture's suspension says 停业整顿: its name does.
    assert_eq!(acts_found(store, "停业整顿"), suspended);
    assert_eq!(acts_found(store, "责令停业整顿"), suspended);
    assert_eq!(acts_found(store, "suspend"), suspended);
    assert_eq!(acts_found(store, "Suspend"), suspended);
    // The partial revocation by its list name, the verification by its Chinese name.
    assert_eq!(
        acts_found(store, "撤销（部分）"),
        vec![("revoke".to_string(), Some("CNCA-R-2002-001".to_string()))]
    );
    assert_eq!(acts_found(store, "记录核查结果").len(), 1);
    assert_eq!(acts_found(store, "record verification").len(), 1);
    // The officer's display name (and the login), whatever they did.
    let by_name: Vec<String> = acts_found(store, "张伟")
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert_eq!(by_name, ["correct", "verify", "revoke", "set-officer"]);
    assert_eq!(acts_found(store, "zhang.wei").len(), 4);
    // The enforcement officers a penalty names.
    assert_eq!(acts_found(store, "王五"), suspended);
    // Document numbers, whole or in part.
    assert_eq!(acts_found(store, "市监认罚〔2026〕12号"), suspended);
    assert_eq!(
        acts_found(store, "苏市监认"),
        vec![(
            "order-rectification".to_string(),
            Some("320000000123".to_string())
        )]
    );
    // Nothing matches nothing; a quote or a bracket is only text.
    assert!(acts_found(store, "不存在的文号").is_empty());
    assert!(acts_found(store, "\"]}').").is_empty());
}

#[test]
fn typing_a_chinese_act_name_in_the_log_filter_finds_its_events() {
    let mut h = scenario(Lang::En, 120, 40);
    h.type_str("4/停业整顿");
    h.press(KeyCode::Enter);
    h.settle();
    assert_eq!(h.app.log.win.rows.len(), 1, "{}", h.text());
    assert_eq!(h.app.log.win.rows[0].act, "suspend");
    assert!(
        h.shows("suspended the approval until 2027-02-20"),
        "{}",
        h.text()
    );
}

#[test]
fn hostile_text_in_an_officers_name_and_an_event_is_shown_harmlessly() {
    let mut h = scenario(Lang::Zh, 120, 40);
    let evil = "恶意\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}名\u{200b}称\u{2066}";
    let conn = rusqlite::Connection::open(h.db_path()).unwrap();
    conn.execute(
        "UPDATE officer SET name = ?1 WHERE login = 'zhang.wei'",
        [evil],
    )
    .unwrap();
    h.app.check_data_version();
    for body in [false, true] {
        if body {
            open_body(&mut h, "国实");
        } else {
            h.type_str("4");
        }
        h.settle();
        let text = h.text();
        assert!(text.contains("恶意"), "{text}");
        for c in text.chars() {
            assert!(
                c == '\n' || !(c.is_control() || "\u{202e}\u{200b}\u{2066}".contains(c)),
                "{c:?} reached the screen: {text}"
            );
        }
    }
}
