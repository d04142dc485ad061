//! Snapshots of every screen, drawn on ratatui's TestBackend from the fixture register (Chinese
//! names): at 80×24 and 120×40, in Chinese and English, and under NO_COLOR with the emphasis
//! of every cell (and the check that no cell has a colour).
//!
//! Update after a deliberate change with `INSTA_UPDATE=always cargo test --test tui_snapshots`
//! and review the `.snap` files; CI (CI=true) never writes them.

mod tui_common;

use certdesk::i18n::Lang;
use certdesk::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use tui_common::{
    Harness, colour_map, emphasis_without_colour, mask_times, selection_bars, unreadable_on_white,
    widths_under_cjk,
};

/// Bring the app to one screen state.
type Steps = fn(&mut Harness);

fn open_body(h: &mut Harness, filter: &str) {
    h.type_str(&format!("2/{filter}"));
    h.press(KeyCode::Enter);
}

fn choose_act(h: &mut Harness, code: &str) {
    h.type_str("a");
    let Some(certdesk::tui::app::Modal::Menu(m)) = h.app.modals.last() else {
        panic!("no menu of acts")
    };
    let (act, why) = m
        .acts
        .iter()
        .find(|(a, _)| a.as_str() == code)
        .expect("every act is on the menu");
    assert!(why.is_none(), "{code} is allowed");
    // Each act by its fixed letter.
    h.type_str(&certdesk::tui::keymap::act_key(*act).to_string());
}

fn fill_suspension(h: &mut Harness) {
    open_body(h, "国实");
    choose_act(h, "suspend");
    h.type_str("2027-02-27");
    // The procedure of a penalty: notice served, a written waiver, two officers.
    h.press(KeyCode::Tab);
    h.type_str("2026-11-02");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Right);
    h.press(KeyCode::Right);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.type_str("李四;王五");
    h.press(KeyCode::Tab);
    h.type_str("认证认可条例第五十八条");
    h.press(KeyCode::Tab);
    h.type_str("市监认罚〔2026〕30号");
    h.press(KeyCode::Tab);
    h.type_str("不满足批准条件");
    h.ctrl('s');
}

/// 立案 on 国实 from the body file, dated 2026-08-20 (its 90-day limit ran out on 11-18), with
/// the officers given (`officers` as typed).
fn open_case(h: &mut Harness, officers: &str) {
    open_body(h, "国实");
    h.type_str("p");
    h.press(KeyCode::Enter);
    h.type_str("京市监罚立〔2026〕7号");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.ctrl('u');
    h.type_str("2026-08-20");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.type_str(officers);
    h.ctrl('s');
}

/// 立案 as `open_case` with one officer (the store refuses it: Art. 42) and a 理由 of two lines
/// (Enter starts the second): the refusal wrapped whole under the officers, the reason on its
/// lines.
fn open_case_with_reasons(h: &mut Harness) {
    open_body(h, "国实");
    h.type_str("p");
    h.press(KeyCode::Enter);
    h.type_str("京市监罚立〔2026〕7号");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.ctrl('u');
    h.type_str("2026-08-20");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.type_str("张伟");
    h.press(KeyCode::Tab);
    h.type_str("行政处罚法第五十四条");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.type_str("一、双随机抽查发现该机构专职认证人员不足十名。");
    h.press(KeyCode::Enter);
    h.type_str("二、涉嫌违反认证认可条例第十条。");
    h.ctrl('s');
}

const STATES: &[(&str, Steps)] = &[
    ("queue", |_| {}),
    ("register", |h| h.type_str("2")),
    ("register_filtered", |h| h.type_str("2/国实")),
    ("register_facets", |h| {
        h.type_str("2");
        h.press(KeyCode::Tab);
        h.type_str("jl");
    }),
    ("body", |h| open_body(h, "方圆")),
    // A testing body (CMA): 检验检测能力, and its own acts' names in the menu.
    ("cma_body", |h| open_body(h, "埃克森")),
    ("cma_acts_menu", |h| {
        open_body(h, "埃克森");
        h.type_str("a");
    }),
    ("body_history", |h| {
        open_body(h, "天山");
        h.press(KeyCode::Tab);
    }),
    ("acts_menu", |h| {
        open_body(h, "国实");
        h.type_str("a");
    }),
    ("act_form_errors", |h| {
        open_body(h, "国实");
        choose_act(h, "suspend");
        h.type_str("明年");
        h.ctrl('s');
    }),
    ("confirm", fill_suspension),
    // A case on the file: its stage and its overdue clock (the 90-day limit).
    ("body_case", |h| open_case(h, "张伟;王芳")),
    ("case_menu", |h| {
        open_case(h, "张伟;王芳");
        h.type_str("p");
    }),
    // One officer: the store's refusal (Art. 42) on the officers field.
    ("case_form_refused", |h| open_case(h, "张伟")),
    // The case form on the shared form pieces: 理由 on two lines, the refusal under its field.
    ("case_form_multiline_refused", open_case_with_reasons),
    ("after_suspension", |h| {
        fill_suspension(h);
        h.type_str("y");
    }),
    ("reports", |h| h.type_str("3")),
    // Issue 10 point 5: the menu's fixed letters, a greyed act chosen says why (l: 解除停业整顿
    // on an active approval).
    ("acts_menu_greyed_why", |h| {
        open_body(h, "国实");
        h.type_str("al");
    }),
    // Esc on a changed form asks before discarding.
    ("act_form_discard_question", |h| {
        open_body(h, "国实");
        choose_act(h, "order-rectification");
        h.type_str("2027-01-31");
        h.press(KeyCode::Esc);
    }),
    // 理由 on several lines (Enter), wrapped.
    ("act_form_multiline_reason", |h| {
        open_body(h, "国实");
        choose_act(h, "order-rectification");
        h.type_str("2027-01-31");
        h.press(KeyCode::Tab);
        h.press(KeyCode::Tab);
        h.press(KeyCode::Tab);
        h.type_str("一、现场核查发现审核员不足十名，不再符合认证认可条例第十条规定的批准条件。");
        h.press(KeyCode::Enter);
        h.type_str("二、限期补足。");
    }),
    // A partial revocation picks the items of the qualification (Space), never types them.
    ("scope_pick", |h| {
        open_body(h, "国实");
        choose_act(h, "revoke");
        h.press(KeyCode::Down);
        h.type_str(" ");
    }),
    // A scope extension completes from the register's scopes as it is typed.
    ("scope_complete", |h| {
        open_body(h, "国实");
        choose_act(h, "change-scope");
        h.type_str("产品");
    }),
    // Reports by period: this month (November 2026), its acts, grants, verifications, overdue.
    ("reports_period", |h| {
        h.type_str("3");
        h.press(KeyCode::Tab);
    }),
    // The quarter, the third bar selected, and the list behind it.
    ("reports_period_list", |h| {
        h.type_str("3p");
        h.type_str("jj");
        h.press(KeyCode::Enter);
    }),
    // A from–to range typed wrong: the refusal on the line.
    ("reports_period_range_refused", |h| {
        h.type_str("3f");
        h.ctrl('u');
        h.type_str("2026-06-30..2026-01-01");
        h.press(KeyCode::Enter);
    }),
    // The queue's facets: one kind of thing due, one province; counts per kind in the header.
    ("queue_facets", |h| {
        h.press(KeyCode::Tab);
        h.type_str("jlj");
    }),
    ("log", |h| h.type_str("4")),
    ("help", |h| h.type_str("2?")),
    ("palette", |h| h.type_str(":")),
];

/// The screens of an officer whose jurisdiction is Beijing (11): the header says so, `W`
/// widens, the region facet goes down from it to a county.
const IN_JURISDICTION: &[(&str, Steps)] = &[
    ("jurisdiction_queue", |_| {}),
    ("jurisdiction_queue_widened", |h| h.type_str("W")),
    ("jurisdiction_register", |h| h.type_str("2")),
    ("jurisdiction_register_county", |h| {
        h.type_str("2");
        h.press(KeyCode::Tab);
        h.type_str("llll");
        h.type_str("j>j");
    }),
    ("jurisdiction_reports", |h| h.type_str("3")),
];

/// Choose `code` in the menu of acts of the application shown (`a`).
fn choose_application_act(h: &mut Harness, code: &str) {
    h.type_str("a");
    let Some(certdesk::tui::app::Modal::AppMenu(m)) = h.app.modals.last() else {
        panic!("no menu of the application's acts")
    };
    let pos = m
        .acts
        .iter()
        .position(|a| a.as_str() == code)
        .expect("the act is allowed");
    for _ in 0..pos {
        h.type_str("j");
    }
    h.press(KeyCode::Enter);
}

/// The file of the application whose applicant's name contains `filter`.
fn open_application(h: &mut Harness, filter: &str) {
    h.type_str(&format!("5/{filter}"));
    h.press(KeyCode::Enter);
}

/// The applications (办件) of `fixture::add_applications`: the list, its facets and filter,
/// an application's file, the menu of its acts, a form with errors, the y/N of a grant, and a
/// queue row of an application opening its file.
const APPLICATIONS: &[(&str, Steps)] = &[
    ("applications", |h| h.type_str("5")),
    ("applications_facets", |h| {
        h.type_str("5");
        h.press(KeyCode::Tab);
        h.type_str("j");
    }),
    ("applications_filtered", |h| h.type_str("5/北京")),
    ("application_file", |h| open_application(h, "天河")),
    ("application_menu", |h| {
        open_application(h, "南京");
        h.type_str("a");
    }),
    ("application_receive_errors", |h| {
        h.type_str("5n");
        h.type_str("91110000600037341M");
        h.ctrl('s');
    }),
    ("application_grant_confirm", |h| {
        open_application(h, "南京");
        choose_application_act(h, "grant");
        h.type_str("320000000777");
        h.press(KeyCode::Tab);
        h.type_str("江苏省市场监督管理局");
        h.press(KeyCode::Tab);
        h.press(KeyCode::Tab);
        h.type_str("检验检测机构资质认定管理办法第十条");
        h.press(KeyCode::Tab);
        h.type_str("苏市监认〔2026〕30号");
        h.ctrl('s');
    }),
    ("queue_with_applications", |_| {}),
    // An application's clock selected: the legend says Enter opens the application.
    ("queue_application_selected", |h| {
        let at = h
            .app
            .queue
            .items()
            .iter()
            .position(|i| i.application_id.is_some())
            .expect("an application's clock in the queue");
        for _ in 0..at {
            h.type_str("j");
        }
    }),
    ("queue_opens_application", |h| {
        let at = h
            .app
            .queue
            .items()
            .iter()
            .position(|i| i.application_id.is_some())
            .expect("an application's clock in the queue");
        for _ in 0..at {
            h.type_str("j");
        }
        h.press(KeyCode::Enter);
    }),
];

type Open = fn(Lang, Theme, u16, u16) -> Harness;

fn snapshot(state: &str, steps: Steps) {
    snapshot_of(state, steps, Harness::new)
}

fn snapshot_of(state: &str, steps: Steps, open: Open) {
    for (w, hh) in [(80, 24), (120, 40)] {
        for lang in [Lang::Zh, Lang::En] {
            let mut h = open(lang, Theme::COLOR, w, hh);
            steps(&mut h);
            h.settle();
            let name = format!(
                "{state}_{w}x{hh}_{}",
                if lang == Lang::Zh { "zh" } else { "en" }
            );
            insta::assert_snapshot!(name, h.masked());
        }
    }
    let mut h = open(Lang::Zh, Theme::PLAIN, 80, 24);
    steps(&mut h);
    h.settle();
    let emphasis = emphasis_without_colour(h.buffer());
    insta::assert_snapshot!(
        format!("{state}_80x24_zh_no_color"),
        format!("{}\n{emphasis}", mask_times(&h.text()))
    );
}

/// The reports by period are counted by the background reader: the page is drawn at once with
/// "counting…", keys work meanwhile (an answer for a period left behind is dropped), and the
/// figures replace the marker when they arrive.
#[test]
fn the_reports_by_period_say_counting_until_the_reader_answers() {
    use certdesk::domain::period::{Period, PeriodKind};
    for lang in [Lang::Zh, Lang::En] {
        let mut h = Harness::new(lang, Theme::COLOR, 80, 24);
        let key = |h: &mut Harness, c: KeyCode| {
            h.app.handle_key(ratatui::crossterm::event::KeyEvent::new(
                c,
                ratatui::crossterm::event::KeyModifiers::NONE,
            ))
        };
        key(&mut h, KeyCode::Char('3'));
        key(&mut h, KeyCode::Tab);
        // Drawn before the answer is taken in (the harness's draw waits for the reader).
        let draw_now = |h: &mut Harness| {
            h.term.clear().unwrap();
            let area = ratatui::layout::Rect::new(0, 0, 80, 24);
            h.app.prepare(area);
            let app = &h.app;
            h.term.draw(|f| certdesk::tui::view::draw(f, app)).unwrap();
        };
        draw_now(&mut h);
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        assert!(h.shows(if lang == Lang::Zh {
            "正在统计…"
        } else {
            "counting…"
        }));
        insta::assert_snapshot!(format!("reports_period_counting_80x24_{tag}"), h.masked());
        // `]` while counting: the next month is asked for; November's answer is dropped.
        key(&mut h, KeyCode::Char(']'));
        h.settle();
        let december = Period::containing(PeriodKind::Month, certdesk::tui::fixture::TODAY).step(1);
        assert_eq!(h.app.reports.period, Some(december));
        assert_eq!(
            h.app.reports.by_period.as_ref(),
            Some(&h.app.store.period_report(&december, None).unwrap())
        );
        assert!(
            !h.shows("counting…") && !h.shows("正在统计…"),
            "{}",
            h.text()
        );
        key(&mut h, KeyCode::Char('['));
        h.settle();
        insta::assert_snapshot!(format!("reports_period_counted_80x24_{tag}"), h.masked());
    }
}

#[test]
fn every_screen() {
    for (state, steps) in STATES {
        snapshot(state, *steps);
    }
}

#[test]
fn every_screen_in_a_jurisdiction() {
    for (state, steps) in IN_JURISDICTION {
        snapshot_of(state, *steps, |lang, theme, w, h| {
            Harness::in_jurisdiction(lang, theme, w, h, "11")
        });
    }
}

#[test]
fn every_applications_screen() {
    for (state, steps) in APPLICATIONS {
        snapshot_of(state, *steps, Harness::with_applications);
    }
}

#[test]
fn too_small() {
    for lang in [Lang::Zh, Lang::En] {
        let mut h = Harness::new(lang, Theme::COLOR, 80, 24);
        h.resize(60, 20);
        insta::assert_snapshot!(format!("too_small_60x20_{lang:?}"), h.text());
    }
}

/// The steps of the named state.
fn state(name: &str) -> Steps {
    STATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .expect("a state of STATES")
}

/// States shown only in the light and ambiguous-width walks: the export prompt, in a home
/// folder of a fixed name (so the path it proposes is stable).
const WALK_ONLY: &[(&str, Steps)] = &[("export_prompt", |h| {
    h.app.export_dir = std::path::PathBuf::from("/home/officer");
    h.type_str("2e");
})];

/// The fixture with its inspection task drawn and its officers assigned.
fn with_drawn_inspection(lang: Lang, theme: Theme, w: u16, h: u16) -> Harness {
    Harness::with_inspection(lang, theme, w, h, true)
}

/// The inspection screens (key 6) in the walks: the tasks, a task's page, fast entry of a
/// result, the roster (their own snapshots are in tests/inspection_screens.rs).
const INSPECTIONS: &[(&str, Steps)] = &[
    ("inspection_tasks", |h| h.type_str("6")),
    ("inspection_task", |h| {
        h.type_str("6");
        h.press(KeyCode::Enter);
    }),
    ("inspection_result_form", |h| {
        h.type_str("6");
        h.press(KeyCode::Enter);
        h.type_str("r");
    }),
    ("inspection_roster", |h| h.type_str("6r")),
];

/// The named state of any list, with the harness it needs (the applications' fixture for
/// theirs, the inspection task's for the inspection screens).
fn walk_state(name: &str) -> (Steps, Open) {
    if let Some((_, s)) = APPLICATIONS.iter().find(|(n, _)| *n == name) {
        return (*s, Harness::with_applications);
    }
    if let Some((_, s)) = INSPECTIONS.iter().find(|(n, _)| *n == name) {
        return (*s, with_drawn_inspection);
    }
    let steps = STATES
        .iter()
        .chain(WALK_ONLY)
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
        .expect("a state of STATES, APPLICATIONS or WALK_ONLY");
    (steps, Harness::new)
}

/// The screens of the light and ambiguous-width walks: the first ones, and those added since
/// (applications, an application's file and form, reports by period and the list behind a
/// bar, the export prompt, the case form).
const WALK: &[&str] = &[
    "queue",
    "register",
    "body",
    "acts_menu",
    "reports",
    "applications",
    "application_file",
    "application_receive_errors",
    "reports_period",
    "reports_period_list",
    "export_prompt",
    "case_form_multiline_refused",
    "inspection_tasks",
    "inspection_task",
    "inspection_result_form",
];

#[test]
fn light_theme() {
    for name in WALK {
        let (steps, open) = walk_state(name);
        for lang in [Lang::Zh, Lang::En] {
            let mut h = open(lang, Theme::LIGHT, 80, 24);
            steps(&mut h);
            h.settle();
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            insta::assert_snapshot!(
                format!("{name}_80x24_{l}_light"),
                format!("{}\n{}", h.masked(), colour_map(h.buffer()))
            );
        }
    }
}

#[test]
fn the_light_theme_puts_no_white_or_gray_text_on_the_background() {
    let walks = STATES
        .iter()
        .chain(WALK_ONLY)
        .map(|(n, s)| (*n, *s, Harness::new as Open));
    let applications = APPLICATIONS
        .iter()
        .map(|(n, s)| (*n, *s, Harness::with_applications as Open));
    let inspections = INSPECTIONS
        .iter()
        .map(|(n, s)| (*n, *s, with_drawn_inspection as Open));
    for (name, steps, open) in walks.chain(applications).chain(inspections) {
        for (w, hh) in [(80, 24), (120, 40)] {
            let mut h = open(Lang::Zh, Theme::LIGHT, w, hh);
            steps(&mut h);
            h.settle();
            let bad = unreadable_on_white(h.buffer());
            assert!(bad.is_empty(), "{name} {w}x{hh}: {bad:?}\n{}", h.text());
        }
    }
    // The check can fail: the dark theme writes yellow and cyan on the background.
    let mut h = Harness::new(Lang::Zh, Theme::COLOR, 80, 24);
    h.settle();
    assert!(!unreadable_on_white(h.buffer()).is_empty());
}

#[test]
fn selection_bars_cover_the_gaps_between_columns() {
    for theme in [Theme::LIGHT, Theme::COLOR, Theme::PLAIN] {
        for (name, expect_bar) in [
            ("queue", true),
            ("register", true),
            ("log", true),
            ("register_filtered", true),
        ] {
            let mut h = Harness::new(Lang::Zh, theme, 120, 40);
            state(name)(&mut h);
            h.settle();
            let bars = selection_bars(h.buffer());
            assert_eq!(
                bars.len(),
                usize::from(expect_bar),
                "{name}: one selected row\n{}",
                h.text()
            );
            for (y, odd) in bars {
                assert!(
                    odd.is_empty(),
                    "{name} {theme:?}: row {y} is not one bar: {odd:?}"
                );
            }
        }
    }
}

#[test]
fn ambiguous_wide() {
    let later = WALK[5..].iter().map(|n| (*n, Lang::Zh));
    for (name, lang) in [
        ("body", Lang::Zh),
        ("body", Lang::En),
        ("body_history", Lang::Zh),
        ("acts_menu", Lang::Zh),
        ("case_form_multiline_refused", Lang::En),
    ]
    .into_iter()
    .chain(later)
    {
        let (steps, open) = walk_state(name);
        let mut h = open(lang, Theme::COLOR, 80, 24);
        steps(&mut h);
        h.settle();
        // Drawn as usual, a CJK-wide terminal would push lines past the edge.
        let narrow = widths_under_cjk(h.buffer());
        assert!(
            narrow.iter().any(|&w| w > 80),
            "{name}: the fixture shows ambiguous characters: {narrow:?}"
        );
        h.app.ambiguous_wide = true;
        h.draw();
        let wide = widths_under_cjk(h.buffer());
        assert!(
            wide.iter().all(|&w| w <= 80),
            "{name}: {wide:?}\n{}",
            h.text()
        );
        let l = if lang == Lang::Zh { "zh" } else { "en" };
        insta::assert_snapshot!(format!("{name}_80x24_{l}_ambiguous_wide"), h.masked());
    }
}

/// Issue 10 point 5: at 80×24 every act of the menu is in view with its fixed letter and its
/// whole name — on an approval, a testing body's, and with the reason a greyed act is not
/// allowed shown under them.
#[test]
fn every_act_of_the_menu_is_visible_at_80x24() {
    for name in ["acts_menu", "cma_acts_menu", "acts_menu_greyed_why"] {
        for lang in [Lang::Zh, Lang::En] {
            let mut h = Harness::new(lang, Theme::COLOR, 80, 24);
            state(name)(&mut h);
            h.settle();
            let Some(certdesk::tui::app::Modal::Menu(m)) = h.app.modals.last() else {
                panic!("{name}: no menu of acts")
            };
            let entries: Vec<String> = m
                .acts
                .iter()
                .map(|(a, _)| {
                    format!(
                        "{}  {}",
                        certdesk::tui::keymap::act_key(*a),
                        certdesk::i18n::act_of(lang, m.kind, a.as_str())
                    )
                })
                .collect();
            assert_eq!(entries.len(), certdesk::domain::acts::ActKind::ALL.len());
            for e in entries {
                assert!(
                    h.shows(&e),
                    "{name} {lang:?}: {e:?} not shown\n{}",
                    h.text()
                );
            }
        }
    }
}
