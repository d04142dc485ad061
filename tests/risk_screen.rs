//! The risk signals screen (风险预警, key 7) on the fixture register: snapshots at 80×24 and
//! 120×40 in Chinese and English, `t` adding the selected body to a task as 定向 (picker, the
//! reason pre-filled, y/N), the kind filter, and another user's act followed.
//!
//! Update after a deliberate change with `INSTA_UPDATE=always cargo test --test risk_screen`
//! and review the `.snap` files; CI (CI=true) never writes them.

mod tui_common;

use certdesk::domain::ids::BodyKind;
use certdesk::domain::inspection::Ratios;
use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::store::inspections::TaskDraft;
use certdesk::tui::app::{Modal, ScreenId};
use certdesk::tui::fixture::TODAY;
use certdesk::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use tui_common::Harness;

/// A CB task not yet drawn, created by another officer's session.
fn add_task(h: &Harness) -> i64 {
    let mut store = Store::open(&h.db_path(), TODAY).unwrap();
    store.set_actor("李四");
    let item = store
        .add_inspection_item(
            "认证活动检查",
            "认证认可条例第五十五条",
            "认证过程及结果",
            "现场检查",
            BodyKind::Cb,
            true,
        )
        .unwrap()
        .id;
    store
        .create_task(&TaskDraft {
            name: "2026年度认证机构双随机抽查".into(),
            year: 2026,
            items: vec![item],
            authority: "北京市市场监督管理局".into(),
            joint_with: String::new(),
            kind: BodyKind::Cb,
            region: String::new(),
            ratios: Ratios {
                a: 1,
                b: 2,
                c: 10,
                d: 30,
            },
            officers_per_body: 2,
            include: Vec::new(),
            exclude_months: 12,
        })
        .unwrap()
}

/// Select the line of the first penalty signal (the fixture's suspended CB).
fn select_penalty(h: &mut Harness) {
    let at = h
        .app
        .risk
        .lines
        .iter()
        .position(|&(b, s)| h.app.risk.all[b].signals[s].kind.code() == "recent_penalty")
        .expect("the fixture's suspension is a signal");
    for _ in 0..at {
        h.type_str("j");
    }
}

type Steps = fn(&mut Harness);

const STATES: &[(&str, Steps)] = &[
    ("risk", |h| h.type_str("7")),
    ("risk_kind", |h| h.type_str("7fff")),
    ("risk_include_pick", |h| {
        add_task(h);
        h.app.check_data_version();
        h.type_str("7");
        select_penalty(h);
        h.type_str("t");
    }),
    ("risk_include_confirm", |h| {
        add_task(h);
        h.app.check_data_version();
        h.type_str("7");
        select_penalty(h);
        h.type_str("t");
        h.press(KeyCode::Enter);
        h.ctrl('s');
    }),
];

#[test]
fn the_risk_screen_in_both_languages_and_sizes() {
    for (state, steps) in STATES {
        for (w, hh) in [(80, 24), (120, 40)] {
            for lang in [Lang::Zh, Lang::En] {
                let mut h = Harness::new(lang, Theme::COLOR, w, hh);
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
fn t_adds_the_body_of_the_signal_to_a_task_as_directed_with_the_signal_as_reason() {
    let mut h = Harness::new(Lang::Zh, Theme::COLOR, 120, 40);
    let task = add_task(&h);
    h.app.check_data_version();
    h.type_str("7");
    assert_eq!(h.app.screen, ScreenId::Risk);
    select_penalty(&mut h);
    let (uscc, name) = {
        let (b, _) = h.app.risk.selected_signal().unwrap();
        (b.uscc.clone(), b.name.clone())
    };
    h.type_str("t");
    assert!(matches!(h.app.modals.last(), Some(Modal::Include(_))));
    h.press(KeyCode::Enter);
    let Some(Modal::Include(f)) = h.app.modals.last() else {
        panic!("the form")
    };
    assert!(
        f.reason.text().starts_with("风险预警：近期受到处罚"),
        "{}",
        f.reason.text()
    );
    h.ctrl('s');
    assert!(h.shows("(y/N)"));
    // The default is No: Enter writes nothing and goes back to the reason.
    h.press(KeyCode::Enter);
    let store = Store::open(&h.db_path(), TODAY).unwrap();
    assert!(store.task_view(task).unwrap().included.is_empty());
    drop(store);
    h.ctrl('s');
    h.type_str("y");
    assert!(h.app.modals.is_empty());
    assert!(h.shows(&format!("{name} 定向加入任务 {task}")) || h.shows("定向加入任务"));
    let store = Store::open(&h.db_path(), TODAY).unwrap();
    let included = store.task_view(task).unwrap().included;
    assert_eq!(included.len(), 1);
    assert_eq!(included[0].0, uscc);
    assert!(
        included[0]
            .1
            .starts_with("风险预警：近期受到处罚（2026-11-20 起；事件 #")
    );
    let report = certdesk::store::check::check(store.conn(), &[], None, 20).unwrap();
    assert!(report.ok(), "{:?}", report.differences);
    drop(store);
    // Again: the store refuses, the form stays and says why.
    h.type_str("t");
    h.press(KeyCode::Enter);
    h.ctrl('s');
    h.type_str("y");
    assert!(matches!(h.app.modals.last(), Some(Modal::Include(_))));
    assert!(h.shows("已在任务"), "{}", h.text());
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);
    assert!(h.app.modals.is_empty());
}

#[test]
fn t_with_no_task_waiting_for_its_draw_says_how_to_make_one() {
    let mut h = Harness::new(Lang::En, Theme::COLOR, 120, 40);
    h.type_str("7t");
    assert!(h.app.modals.is_empty());
    assert!(
        h.shows("No CB task is waiting") || h.shows("task is waiting for its draw"),
        "{}",
        h.text()
    );
}

#[test]
fn enter_opens_the_body_and_another_users_act_shows_without_restart() {
    let mut h = Harness::new(Lang::En, Theme::COLOR, 120, 40);
    h.type_str("7");
    let before = h.app.risk.signal_count();
    select_penalty(&mut h);
    let uscc = h.app.risk.selected_signal().unwrap().0.uscc.clone();
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, ScreenId::Body);
    h.type_str("q");
    assert_eq!(h.app.screen, ScreenId::Risk);
    // Another officer sets the suspended body's class to D: class_too_low goes.
    let mut store = Store::open(&h.db_path(), TODAY).unwrap();
    store.set_actor("李四");
    store
        .set_risk_class(
            &uscc,
            certdesk::domain::model::RiskClass::D,
            TODAY,
            "信用风险分类结果",
        )
        .unwrap();
    drop(store);
    h.app.check_data_version();
    h.draw();
    let after = h.app.risk.signal_count();
    assert_eq!(after + 1, before, "class_too_low of {uscc} is gone");
    // `e` exports exactly the lines shown.
    h.type_str("e");
    assert!(matches!(h.app.modals.last(), Some(Modal::Export(_))));
}
