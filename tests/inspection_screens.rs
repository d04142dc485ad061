//! The inspection screens (issue 11 point 7) on the fixture register with a task: the tasks
//! list (key 6), a task's page, its forms, fast entry of results and the inspector roster —
//! snapshots at 80×24 and 120×40 in Chinese and English, and each act through its form with
//! the event it writes.
//!
//! Update after a deliberate change with `INSTA_UPDATE=always cargo test --test
//! inspection_screens` and review the `.snap` files; CI (CI=true) never writes them.

mod tui_common;

use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::tui::app::{Modal, ScreenId};
use certdesk::tui::fixture::TODAY;
use certdesk::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use tui_common::Harness;

type Steps = fn(&mut Harness);

/// The acts recorded after event `after`, oldest first, read on a connection of its own.
fn acts_since(h: &Harness, after: i64) -> Vec<String> {
    let store = Store::open(&h.db_path(), TODAY).unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT act FROM event WHERE id > ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([after], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn last_event(h: &Harness) -> i64 {
    h.app.store.last_event_id().unwrap()
}

/// Every table still replays from the log.
fn assert_replays(h: &Harness) {
    let store = Store::open(&h.db_path(), TODAY).unwrap();
    let report = certdesk::store::check::check(store.conn(), &[], None, 20).unwrap();
    assert!(report.ok(), "{:?}", report.differences);
}

fn open_task(h: &mut Harness) {
    h.type_str("6");
    assert_eq!(h.app.screen, ScreenId::Tasks);
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, ScreenId::Task);
}

fn form_error(h: &Harness, key: &str) -> Option<String> {
    match h.app.modals.last() {
        Some(Modal::Inspection(f)) => f.field(key).and_then(|x| x.error.clone()),
        _ => None,
    }
}

/// (name, drawn, steps)
const STATES: &[(&str, bool, Steps)] = &[
    ("tasks", true, |h| h.type_str("6")),
    ("task_not_drawn", false, |h| {
        h.type_str("6");
        h.press(KeyCode::Enter);
    }),
    ("task_draw_form", false, |h| {
        h.type_str("6");
        h.press(KeyCode::Enter);
        h.type_str("d20261127");
    }),
    ("task_draw_confirm", false, |h| {
        h.type_str("6");
        h.press(KeyCode::Enter);
        h.type_str("d20261127");
        h.ctrl('s');
    }),
    ("task", true, |h| {
        h.type_str("6");
        h.press(KeyCode::Enter);
    }),
    ("task_result_form", true, |h| {
        h.type_str("6");
        h.press(KeyCode::Enter);
        h.type_str("r");
    }),
    ("task_close_confirm", true, |h| {
        h.type_str("6");
        h.press(KeyCode::Enter);
        h.type_str("c");
        h.press(KeyCode::Tab);
        h.type_str("名单上其余机构已注销");
        h.ctrl('s');
    }),
    ("roster", true, |h| h.type_str("6r")),
    ("roster_add_form", true, |h| h.type_str("6rn")),
];

#[test]
fn the_inspection_screens_in_both_languages_and_sizes() {
    for (state, drawn, steps) in STATES {
        for (w, hh) in [(80, 24), (120, 40)] {
            for lang in [Lang::Zh, Lang::En] {
                let mut h = Harness::with_inspection(lang, Theme::COLOR, w, hh, *drawn);
                steps(&mut h);
                h.settle();
                let name = format!(
                    "{state}_{w}x{hh}_{}",
                    if lang == Lang::Zh { "zh" } else { "en" }
                );
                insta::assert_snapshot!(name, h.masked());
            }
        }
    }
}

#[test]
fn draw_asks_y_n_naming_what_it_freezes_and_writes_one_draw_event() {
    let mut h = Harness::with_inspection(Lang::Zh, Theme::COLOR, 120, 40, false);
    open_task(&mut h);
    assert!(h.shows("尚未抽取"), "{}", h.text());
    let before = last_event(&h);
    // An empty public value: said on its field, nothing written.
    h.type_str("d");
    h.ctrl('s');
    assert_eq!(form_error(&h, "public_value").as_deref(), Some("必填"));
    // Hostile text: refused by the store's text rule, on the field, nothing written.
    h.type_str("=1+2");
    h.ctrl('s');
    h.type_str("y");
    assert!(form_error(&h, "public_value").is_some(), "{}", h.text());
    assert!(acts_since(&h, before).is_empty());
    h.ctrl('u');
    h.type_str("20261127");
    h.ctrl('s');
    assert!(h.shows("确认抽取？"), "{}", h.text());
    assert!(h.shows("冻结："));
    // No is the default: back to the form, nothing written.
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.modals.last(), Some(Modal::Inspection(_))));
    assert!(acts_since(&h, before).is_empty());
    h.ctrl('s');
    h.type_str("y");
    assert!(h.app.modals.is_empty());
    assert_eq!(acts_since(&h, before), ["inspection-draw"]);
    h.settle();
    assert!(h.shows("名录 6 家"), "{}", h.text());
    assert!(h.shows("复核抽取：一致"), "{}", h.text());
    assert!(h.shows("未分配"));
    // A second draw is refused by the store, in Chinese, on the form.
    h.type_str("d");
    h.type_str("1");
    h.ctrl('s');
    h.type_str("y");
    assert!(h.shows("已"), "{}", h.text());
    assert_eq!(acts_since(&h, before), ["inspection-draw"]);
    h.press(KeyCode::Esc);
    h.type_str("y");
    // Assign: y/N, then every body shows its two officers by name.
    h.type_str("a");
    assert!(h.shows("确认抽取检查人员？"), "{}", h.text());
    h.type_str("y");
    h.settle();
    assert_eq!(
        acts_since(&h, before),
        ["inspection-draw", "inspection-assign"]
    );
    assert!(!h.shows("未分配"), "{}", h.text());
    assert!(h.shows("赵磊") || h.shows("孙丽"));
    assert_replays(&h);
}

#[test]
fn fast_entry_records_down_the_list_and_a_problem_starts_an_order_to_rectify() {
    let mut h = Harness::with_inspection(Lang::En, Theme::COLOR, 120, 40, true);
    open_task(&mut h);
    let before = last_event(&h);
    h.type_str("r");
    assert!(h.shows("Result 1 of 6"), "{}", h.text());
    // Not a category: said on the field.
    h.type_str("nonsense");
    h.ctrl('s');
    assert!(
        form_error(&h, "result")
            .unwrap()
            .contains("no result category")
    );
    // By number: 1 未发现问题; Ctrl-S records it and the next body's form opens.
    h.ctrl('u');
    h.type_str("1");
    h.ctrl('s');
    assert_eq!(acts_since(&h, before), ["inspection-result"]);
    assert!(h.shows("Result 2 of 6"), "{}", h.text());
    // Typed with completion: 责令 → 发现问题已责令改正; a problem found needs findings.
    h.type_str("责令");
    h.press(KeyCode::Tab);
    let Some(Modal::Inspection(f)) = h.app.modals.last() else {
        panic!("the form")
    };
    assert_eq!(
        f.field("result").unwrap().text_value(),
        "发现问题已责令改正"
    );
    // To the follow-up: an order to rectify with its deadline.
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.type_str("检验报告未按规定签发");
    h.press(KeyCode::Enter);
    h.type_str("第二行");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Right);
    h.ctrl('s');
    // The form goes to the field in error.
    assert_eq!(form_error(&h, "deadline").as_deref(), Some("required"));
    h.type_str("2027-01-15");
    for _ in 0..3 {
        h.press(KeyCode::Tab);
    }
    h.type_str("认证认可条例第五十八条");
    h.ctrl('s');
    assert!(h.shows("Record this result?"), "{}", h.text());
    assert!(h.shows("order to rectify"));
    h.type_str("y");
    assert!(h.shows("Result 3 of 6"), "{}", h.text());
    assert_eq!(
        acts_since(&h, before),
        [
            "inspection-result",
            "inspection-result",
            "order-rectification"
        ]
    );
    assert!(h.shows("Result 3 of 6"), "{}", h.text());
    // Esc on an untouched form closes it; the page shows the two results.
    h.press(KeyCode::Esc);
    h.settle();
    assert!(h.app.modals.is_empty());
    assert!(h.shows("Results 2/6"), "{}", h.text());
    assert!(h.shows("ordered_to_rectify"));
    let store = Store::open(&h.db_path(), TODAY).unwrap();
    let v = store.task_view(1).unwrap();
    assert_eq!(
        v.drawn[1].findings.as_deref(),
        Some("检验报告未按规定签发\n第二行")
    );
    drop(store);
    assert_replays(&h);
}

#[test]
fn close_and_publish_ask_y_n_and_a_finished_task_refuses_recusal() {
    let mut h = Harness::with_inspection(Lang::Zh, Theme::COLOR, 120, 40, true);
    open_task(&mut h);
    let before = last_event(&h);
    h.type_str("c");
    h.press(KeyCode::Tab);
    h.type_str("其余机构已注销");
    h.ctrl('s');
    assert!(h.shows("确认结束检查？"), "{}", h.text());
    h.type_str("y");
    h.settle();
    assert_eq!(acts_since(&h, before), ["inspection-close"]);
    assert!(h.shows("结束检查 2026-11-27"), "{}", h.text());
    assert!(h.shows("个工作日"), "{}", h.text());
    // Recusal on a closed task: the store refuses (point 6), the form says why.
    h.type_str("u");
    let login = certdesk::tui::fixture::INSPECTORS
        .iter()
        .map(|(l, _)| *l)
        .find(|l| {
            h.app.task.as_ref().unwrap().drawn()[0]
                .officers
                .iter()
                .any(|o| o == l)
        })
        .unwrap();
    h.type_str(login);
    h.press(KeyCode::Tab);
    h.type_str("与该机构有亲属关系");
    h.press(KeyCode::Tab);
    h.type_str("局长");
    h.ctrl('s');
    h.type_str("y");
    assert!(h.shows("不再分配或回避"), "{}", h.text());
    assert_eq!(acts_since(&h, before), ["inspection-close"]);
    h.press(KeyCode::Esc);
    h.type_str("y");
    // The queue lists the publication; Enter there opens this page.
    h.type_str("1");
    let at = h
        .app
        .queue
        .items()
        .iter()
        .position(|i| i.task_id == Some(1))
        .expect("the publication is due");
    for _ in 0..at {
        h.type_str("j");
    }
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, ScreenId::Task);
    assert!(
        h.shows("inspection export 1") || h.shows("待公示"),
        "{}",
        h.text()
    );
    h.type_str("b");
    h.ctrl('s');
    assert!(h.shows("确认登记公示？"), "{}", h.text());
    h.type_str("y");
    h.settle();
    assert_eq!(
        acts_since(&h, before),
        ["inspection-close", "inspection-publish"]
    );
    assert!(h.shows("2026-11-27 已公示"), "{}", h.text());
    assert_replays(&h);
}

#[test]
fn the_roster_adds_deactivates_and_declares_conflicts_through_forms() {
    let mut h = Harness::with_inspection(Lang::En, Theme::COLOR, 120, 40, true);
    h.type_str("6r");
    assert_eq!(h.app.screen, ScreenId::Roster);
    let before = last_event(&h);
    h.type_str("n");
    h.ctrl('s');
    assert_eq!(form_error(&h, "login").as_deref(), Some("required"));
    h.type_str("wu.gang");
    h.press(KeyCode::Tab);
    h.type_str("吴刚");
    h.press(KeyCode::Tab);
    h.type_str("京执法0201");
    h.press(KeyCode::Tab);
    h.type_str("认证监管处");
    h.press(KeyCode::Tab);
    h.type_str("cbx");
    h.ctrl('s');
    assert!(form_error(&h, "kinds").is_some(), "{}", h.text());
    assert!(acts_since(&h, before).is_empty());
    h.ctrl('u');
    h.type_str("cb");
    h.ctrl('s');
    assert!(h.app.modals.is_empty(), "{}", h.text());
    assert!(h.shows("wu.gang"));
    assert_eq!(acts_since(&h, before), ["inspector-add"]);
    // Deactivate the first (qian.hong): y/N, default No.
    h.type_str("gd");
    assert!(h.shows("Deactivate this inspector?"), "{}", h.text());
    h.type_str("n");
    assert!(h.app.modals.is_empty());
    assert_eq!(acts_since(&h, before), ["inspector-add"]);
    h.type_str("d");
    h.type_str("y");
    assert!(h.shows("no (deactivated)"), "{}", h.text());
    assert_eq!(
        acts_since(&h, before),
        ["inspector-add", "inspector-deactivate"]
    );
    // A conflict with a malformed USCC is refused on the field; a real one is recorded.
    h.type_str("c");
    h.type_str("91110000600037341M");
    h.press(KeyCode::Tab);
    h.type_str("曾在该机构任职");
    h.ctrl('s');
    assert!(
        form_error(&h, "uscc").is_some() || h.shows("USCC"),
        "{}",
        h.text()
    );
    assert_eq!(acts_since(&h, before).len(), 2);
    h.ctrl('u');
    let uscc = certdesk::tui::fixture::uscc("110105", 1)
        .as_str()
        .to_string();
    h.type_str(&uscc);
    h.ctrl('s');
    assert!(h.app.modals.is_empty(), "{}", h.text());
    assert_eq!(
        acts_since(&h, before),
        [
            "inspector-add",
            "inspector-deactivate",
            "inspector-conflict-add"
        ]
    );
    assert_replays(&h);
}

#[test]
fn v_verifies_the_draw_again_and_names_the_first_difference_of_an_edited_record() {
    let mut h = Harness::with_inspection(Lang::Zh, Theme::COLOR, 120, 40, true);
    open_task(&mut h);
    assert!(h.shows("复核抽取：一致"), "{}", h.text());
    // Someone edits the frozen population behind the program's back.
    rusqlite::Connection::open(h.db_path())
        .unwrap()
        .execute_batch(
            "UPDATE inspection_population SET risk_class = 'D' WHERE task_id = 1 AND risk_class = 'A'",
        )
        .unwrap();
    h.type_str("v");
    h.settle();
    assert!(h.shows("复核抽取：不一致"), "{}", h.text());
    // The task list is sortable and filterable; e exports exactly what it shows.
    h.type_str("q");
    assert_eq!(h.app.screen, ScreenId::Tasks);
    h.type_str("f");
    assert!(h.shows("没有符合筛选的任务"), "{}", h.text());
    h.type_str("x");
    h.type_str("e");
    assert!(matches!(h.app.modals.last(), Some(Modal::Export(_))));
}
