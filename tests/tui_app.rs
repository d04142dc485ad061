//! The screens as a whole, on ratatui's TestBackend: navigation between screens, the flows an
//! officer goes through, another user's changes, hostile data, tiny terminals, the event loop.

mod tui_common;

use certdesk::domain::acts::{ActKind, ActRequest};
use certdesk::domain::ids::ApprovalNo;
use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::tui::app::{Modal, ScreenId};
use certdesk::tui::fixture;
use certdesk::tui::screens::log::Chain;
use certdesk::tui::theme::Theme;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;
use tui_common::{Harness, screen_text};

/// The queue's items as shown, to compare with what the store reads.
fn shown(
    queue: &certdesk::tui::screens::queue::QueueScreen,
) -> Vec<certdesk::store::read::QueueItem> {
    queue.items().iter().map(|i| (**i).clone()).collect()
}

fn zh() -> Harness {
    Harness::new(Lang::Zh, Theme::COLOR, 80, 24)
}

fn other_user(h: &Harness) -> Store {
    let mut s = Store::create_or_open(&h.db_path(), fixture::TODAY).unwrap();
    s.set_actor("李四");
    s
}

#[test]
fn the_queue_is_the_first_screen_and_1_to_4_switch() {
    let mut h = zh();
    assert_eq!(h.app.screen, ScreenId::Queue);
    assert!(h.shows("逾期 3 项"));
    for (key, screen) in [
        ('2', ScreenId::Register),
        ('3', ScreenId::Reports),
        ('4', ScreenId::Log),
        ('1', ScreenId::Queue),
    ] {
        h.type_str(&key.to_string());
        assert_eq!(h.app.screen, screen);
    }
    h.type_str("q");
    assert!(h.app.quit, "q at the top level quits");
}

#[test]
fn filter_to_one_body_open_it_and_go_back() {
    let mut h = zh();
    h.type_str("2/国实");
    assert!(h.shows("共 1 条"));
    // The real cursor sits after the typed text, measured in columns: "/ 筛选: " is 8, 国实 is 4
    // (on the line below the jurisdiction's).
    assert_eq!(h.cursor(), (12, 2));
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, ScreenId::Body);
    assert!(h.shows("北京国实认证有限公司"));
    assert!(h.shows("CNCA-R-2002-001"));
    h.type_str("q");
    assert_eq!(h.app.screen, ScreenId::Register);
    assert!(!h.app.quit);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.screen, ScreenId::Register, "Esc goes back too");
}

#[test]
fn backspace_and_ctrl_h_delete_in_the_filter() {
    let mut h = zh();
    h.type_str("2/国实x");
    h.press(KeyCode::Backspace);
    assert_eq!(h.app.register.filter.text(), "国实");
    h.ctrl('h');
    assert_eq!(h.app.register.filter.text(), "国");
}

#[test]
fn the_queue_opens_the_file_at_the_item() {
    let mut h = zh();
    h.press(KeyCode::Down);
    h.press(KeyCode::Enter);
    let b = h.app.body.as_ref().unwrap();
    assert_eq!(b.file.body.name, "中安质量检验认证中心");
    assert_eq!(
        b.selected().unwrap().qualification.approval_no,
        "CNCA-R-2026-118"
    );
    assert!(h.shows("承诺核查 到期日 2026-10-20（逾期）"));
}

#[test]
fn a_suspension_through_the_form_shows_the_new_state_and_history_line() {
    let mut h = zh();
    h.type_str("2/国实");
    h.press(KeyCode::Enter);
    h.type_str("a");
    let Some(Modal::Menu(m)) = h.app.modals.last() else {
        panic!("no menu")
    };
    let allowed = h
        .app
        .store
        .allowed_acts(&ApprovalNo::parse("CNCA-R-2002-001").unwrap())
        .unwrap();
    let offered: Vec<ActKind> = m
        .acts
        .iter()
        .filter(|(_, why)| why.is_none())
        .map(|(a, _)| *a)
        .collect();
    assert_eq!(
        offered, allowed,
        "the menu offers exactly the acts the rules allow"
    );
    assert_eq!(
        m.acts.iter().map(|(a, _)| *a).collect::<Vec<_>>(),
        ActKind::ALL,
        "every act in its fixed place"
    );
    assert!(
        m.acts
            .iter()
            .any(|(a, why)| *a == ActKind::Lift && why.is_some()),
        "the others are greyed"
    );
    // Each act has its fixed letter: s is 责令停业整顿 whatever the state.
    h.type_str("s");
    assert!(h.shows("整顿期限至"));
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
    assert!(h.shows("确认责令停业整顿？"));
    assert!(h.shows("状态：有效 → 停业整顿"));
    let full = h.app.full_reloads();
    h.type_str("y");
    assert!(h.app.modals.is_empty());
    assert!(h.shows("已办理：责令停业整顿 CNCA-R-2002-001（有效 → 停业整顿）"));
    assert_eq!(
        h.app.full_reloads(),
        full,
        "the own act reads its body again, not the whole queue"
    );
    assert_eq!(shown(&h.app.queue), h.app.store.queue(30).unwrap());
    let text = h.text();
    assert!(text.contains("CNCA-R-2002-001  停业整顿"), "{text}");
    // The new event on top of the history, as a sentence with its facts.
    assert!(
        text.contains("2026-11-27 张三责令停业整顿，期限至2027-02-27；处罚告知于2026-11-02送达"),
        "{text}"
    );
    // Below, the selected event's sentence in full (wrapped), and when it was recorded.
    let joined: String = text.lines().collect();
    for fact in [
        "书面放弃听证",
        "执法人员：李四、王五",
        "状态：有效 →",
        "文号：市监认罚〔2026〕30号",
        "理由：不满足批准条件",
    ] {
        assert!(joined.contains(fact), "{fact}: {text}");
    }
    assert!(text.contains("UTC+08 · #18"), "{text}");
    assert!(text.contains("监管记录 (2)"));
}

#[test]
fn another_users_act_appears_without_moving_the_cursor() {
    let mut h = zh();
    h.type_str("2");
    h.type_str("jjj");
    let before = h.app.register.win.selected_row().unwrap().clone();
    let mut other = other_user(&h);
    let req = ActRequest {
        act: Some(ActKind::Withdraw),
        date: Some(fixture::TODAY),
        basis: "行政许可法第八条".into(),
        ..Default::default()
    };
    other
        .perform(&ApprovalNo::parse(&before.approval_no).unwrap(), &req, None)
        .unwrap();
    assert!(h.app.check_data_version(), "the change is noticed");
    h.draw();
    let after = h.app.register.win.selected_row().unwrap();
    assert_eq!(after.qualification_id, before.qualification_id);
    assert_eq!(after.status, "withdrawn");
    assert!(h.shows("撤回"));
    assert!(!h.app.check_data_version(), "nothing new since");
}

fn order_rectification(deadline: &str) -> ActRequest {
    ActRequest {
        act: Some(ActKind::OrderRectification),
        date: Some(fixture::TODAY),
        deadline: Some(deadline.parse().unwrap()),
        basis: "认证认可条例第五十七条".into(),
        ..Default::default()
    }
}

/// The queue's summary line: "逾期 3 项 · 30 天内到期 5 项".
fn queue_counts(h: &Harness) -> String {
    let text = h.text();
    text.lines()
        .find(|l| l.contains("逾期") && l.contains("天内到期"))
        .unwrap_or_else(|| panic!("no counts on the queue:\n{text}"))
        .trim()
        .to_string()
}

#[test]
fn another_users_act_updates_its_queue_items_and_counts_without_reading_the_whole_queue() {
    let mut h = zh();
    h.type_str("G");
    let selected = shown(&h.app.queue)[h.app.queue.selected].clone();
    let (index, counts) = (h.app.queue.selected, queue_counts(&h));
    let soon = shown(&h.app.queue).iter().filter(|i| !i.overdue).count();
    let full = h.app.full_reloads();
    // An order with a deadline in 3 days: a new item near the top of what is due soon.
    let mut other = other_user(&h);
    other
        .perform(
            &ApprovalNo::parse("CNCA-R-2002-001").unwrap(),
            &order_rectification("2026-11-30"),
            None,
        )
        .unwrap();
    assert!(h.app.check_data_version(), "the change is noticed");
    assert!(
        !h.app.reader_busy(),
        "nothing was asked of the background reader"
    );
    h.draw();
    assert_eq!(
        h.app.full_reloads(),
        full,
        "the whole queue was not read again"
    );
    let items = &shown(&h.app.queue);
    assert!(
        items
            .iter()
            .any(|i| i.kind == "rectification"
                && i.approval_no.as_deref() == Some("CNCA-R-2002-001")),
        "the new item is there"
    );
    assert_eq!(
        *items,
        h.app.store.queue(30).unwrap(),
        "the list is the queue as a full read gives it, in its order"
    );
    assert_eq!(
        items[h.app.queue.selected], selected,
        "the cursor stays on the same item"
    );
    assert_eq!(h.app.queue.selected, index + 1, "one item came before it");
    assert_ne!(queue_counts(&h), counts);
    assert!(
        h.shows(&format!("30 天内到期 {} 项", soon + 1)),
        "{}",
        h.text()
    );
    assert!(!h.app.check_data_version(), "nothing new since");
    // The session read what it needed and let go: no snapshot keeps the WAL from being reset.
    let (busy, _, _): (i64, i64, i64) = other
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(busy, 0, "no reader holds a snapshot");
    // The checkpoint moves data_version too; with no new event, nothing is read.
    h.app.check_data_version();
    assert!(!h.app.reader_busy());
    assert_eq!(h.app.full_reloads(), full);
    assert_eq!(shown(&h.app.queue)[h.app.queue.selected], selected);
}

#[test]
fn a_change_that_names_no_body_reads_everything_once_however_many_commits_come() {
    let mut h = zh();
    h.draw();
    let full = h.app.full_reloads();
    let mut other = other_user(&h);
    // Settings are no body's: their effect cannot be put down to a few queue items.
    for (n, years) in ["7", "8", "7"].into_iter().enumerate() {
        other.set_setting("validity_years", years).unwrap();
        assert!(h.app.check_data_version(), "commit {n} is noticed");
        assert_eq!(
            h.app.full_reloads(),
            full + 1,
            "one read of the whole queue in flight, however many commits"
        );
    }
    h.app.wait_for_reader();
    assert_eq!(
        h.app.full_reloads(),
        full + 2,
        "the commits that came while it ran: one more read after it"
    );
    h.app.wait_for_reader();
    h.draw();
    assert_eq!(h.app.full_reloads(), full + 2, "and no more");
    assert_eq!(shown(&h.app.queue), h.app.store.queue(30).unwrap());
}

#[test]
fn another_users_import_reads_its_bodies_part_of_the_queue_in_the_background_not_the_whole() {
    use certdesk::domain::model::Route;
    use certdesk::store::import::BatchMode;
    let mut h = zh();
    h.type_str("G");
    let selected = shown(&h.app.queue)[h.app.queue.selected].clone();
    let before = shown(&h.app.queue).len();
    let full = h.app.full_reloads();
    // More bodies than are read again on the session's thread, each granted on commitment a
    // in September: its verification falls due within the horizon, or is overdue.
    let template = fixture::grants().remove(0);
    let rows: Vec<_> = (0..80u32)
        .map(|i| {
            let mut row = template.clone();
            row.row = i as usize + 2;
            row.uscc = fixture::uscc(&row.region, 500 + i);
            row.name = format!("新导入检验认证有限公司{i}");
            row.approval_no = ApprovalNo::parse(&format!("CNCA-R-2026-{:03}", 700 + i)).unwrap();
            row.route = Route::Commitment;
            row.decided_on = "2026-09-15".parse().unwrap();
            row.valid_until = "2032-09-14".parse().unwrap();
            row
        })
        .collect();
    let mode = BatchMode {
        dry_run: false,
        skip_invalid: false,
    };
    let mut other = other_user(&h);
    let out = other
        .import_grants("batch.csv", "ab", &rows, 0, mode)
        .unwrap();
    assert_eq!(out.written, 80);
    assert!(h.app.check_data_version(), "the import is noticed");
    assert!(
        h.app.reader_busy(),
        "its part of the queue is read in the background"
    );
    h.app.wait_for_reader();
    h.draw();
    assert_eq!(
        h.app.full_reloads(),
        full,
        "the whole queue was not read again"
    );
    let items = &shown(&h.app.queue);
    assert_eq!(
        *items,
        h.app.store.queue(30).unwrap(),
        "the list is the queue as a full read gives it"
    );
    assert_eq!(
        items.len(),
        before + 80,
        "each new body's verification is there"
    );
    assert_eq!(
        items[h.app.queue.selected], selected,
        "the cursor stays on its item"
    );
}

#[test]
fn a_conflict_writes_nothing_and_reloads() {
    let mut h = zh();
    h.type_str("2/国实");
    h.press(KeyCode::Enter);
    h.type_str("a");
    let Some(Modal::Menu(m)) = h.app.modals.last() else {
        panic!("no menu")
    };
    assert!(
        m.acts
            .iter()
            .any(|(a, why)| *a == ActKind::FileRenewal && why.is_none())
    );
    h.type_str("f");
    h.press(KeyCode::Tab);
    h.type_str("行政许可法第五十条");
    let mut other = other_user(&h);
    let req = ActRequest {
        act: Some(ActKind::OrderRectification),
        date: Some(fixture::TODAY),
        deadline: Some("2026-12-31".parse().unwrap()),
        basis: "认证认可条例第五十七条".into(),
        ..Default::default()
    };
    other
        .perform(&ApprovalNo::parse("CNCA-R-2002-001").unwrap(), &req, None)
        .unwrap();
    h.ctrl('s');
    assert!(h.app.modals.is_empty(), "the form closes");
    assert!(h.shows("未保存：李四"), "{}", h.text());
    let b = h.app.body.as_ref().unwrap();
    assert_eq!(
        b.file.history[0].act, "order-rectification",
        "reloaded with the other user's act"
    );
    assert_eq!(
        b.selected().unwrap().qualification.status,
        "active",
        "the renewal was not written"
    );
}

#[test]
fn help_and_palette_come_from_the_keymap() {
    let mut h = zh();
    h.type_str("2?");
    assert!(matches!(h.app.modals.last(), Some(Modal::Help(_))));
    assert!(h.shows("名录（当前）"));
    h.press(KeyCode::Esc);
    h.press(KeyCode::F(1));
    assert!(matches!(h.app.modals.last(), Some(Modal::Help(_))));
    h.press(KeyCode::F(1));
    assert!(h.app.modals.is_empty());
    h.type_str(":");
    for name in [
        "quit", "help", "queue", "register", "reports", "log", "filter",
    ] {
        assert!(h.shows(name), "the palette lists {name}:\n{}", h.text());
    }
    h.type_str("log");
    assert!(h.shows("log  日志"), "{}", h.text());
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, ScreenId::Log);
    h.type_str(":sort");
    h.press(KeyCode::Enter);
    assert!(h.shows("此命令在当前界面不可用"), "sort is the register's");
}

#[test]
fn help_opens_over_a_form_and_closes_back_to_it() {
    let mut h = zh();
    h.type_str("2/国实");
    h.press(KeyCode::Enter);
    h.type_str("a");
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.modals.last(), Some(Modal::Form(_))));
    h.type_str("?");
    assert!(
        matches!(h.app.modals.last(), Some(Modal::Form(_))),
        "? types in a form"
    );
    h.press(KeyCode::F(1));
    assert!(matches!(h.app.modals.last(), Some(Modal::Help(_))));
    assert!(h.shows("办理表单（当前）"));
    h.press(KeyCode::Esc);
    assert!(matches!(h.app.modals.last(), Some(Modal::Form(_))));
}

#[test]
fn reports_are_computed_in_the_background_and_exported() {
    let mut h = zh();
    h.type_str("3");
    assert!(h.app.reports.loading || h.app.reports.reports.is_some());
    h.settle();
    assert!(h.shows("按状态"));
    // `e` proposes a new file in the export folder; the extension chooses the format.
    h.type_str("e");
    assert!(h.shows("导出统计"), "{}", h.text());
    for _ in 0.."xlsx".len() {
        h.press(KeyCode::Backspace);
    }
    h.type_str("csv");
    h.press(KeyCode::Enter);
    assert!(h.shows("已导出"), "{}", h.text());
    let csv = std::fs::read_dir(h.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("certdesk-统计-") && name.ends_with(".csv")
        })
        .expect("a CSV file");
    let text = std::fs::read_to_string(csv.path()).unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for Excel");
    assert!(text.contains("停业整顿"));
}

#[test]
fn the_log_starts_from_the_head_verified_last_and_v_recomputes_all() {
    let mut h = Harness::new(Lang::En, Theme::COLOR, 120, 40);
    let heads = h.dir.path().join("cache/verified-heads");
    h.app.verified_heads = Some(heads.clone());
    h.type_str("4");
    h.settle();
    assert!(
        h.shows("Hash chain: intact (17 events verified)"),
        "{}",
        h.text()
    );
    let (head, _) = certdesk::verified_heads::read_in(&heads, &h.db_path()).expect("recorded");
    assert_eq!(head.event_id, 17);

    // Another session: the head is shown at once, and only what follows it is hashed.
    let store = certdesk::store::Store::open(&h.db_path(), certdesk::tui::fixture::TODAY).unwrap();
    let mut app = certdesk::tui::app::App::new(store, Lang::En, Theme::COLOR).unwrap();
    app.verified_heads = Some(heads.clone());
    app.zone = tui_common::test_zone();
    h.app = app;
    // The head is there before any answer of the background check is taken in.
    h.app.go(ScreenId::Log);
    assert!(
        matches!(&h.app.log.chain, Chain::Checking(Some((head, _))) if head.event_id == 17),
        "{:?}",
        h.app.log.chain
    );
    h.settle();
    assert!(
        h.shows("Hash chain: intact (17 events; up to event 17 as verified before"),
        "{}",
        h.text()
    );
    h.type_str("v");
    h.settle();
    assert!(
        h.shows("Hash chain: intact (17 events verified)"),
        "{}",
        h.text()
    );
}

#[test]
fn the_log_verifies_the_chain() {
    let mut h = Harness::new(Lang::En, Theme::COLOR, 120, 40);
    h.type_str("4");
    h.settle();
    assert!(
        h.shows("Hash chain: intact (17 events verified)"),
        "{}",
        h.text()
    );
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.screen,
        ScreenId::Body,
        "Enter opens the body of the event"
    );
}

#[test]
fn a_name_with_escape_sequences_and_bidi_overrides_is_shown_harmlessly() {
    let mut h = zh();
    let conn = rusqlite::Connection::open(h.db_path()).unwrap();
    let evil = "恶意\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}名\u{200b}称";
    conn.execute(
        "UPDATE body SET name = ?1 WHERE uscc = ?2",
        rusqlite::params![evil, fixture::uscc("110105", 1).as_str()],
    )
    .unwrap();
    h.app.check_data_version();
    h.type_str("2/恶意");
    h.press(KeyCode::Enter);
    let text = h.text();
    assert!(text.contains("恶意�]0;pwned��[2J�31m�名�称"), "{text}");
    for cell in h.buffer().content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || certdesk::domain::text::is_invisible(c)),
            "a control or invisible character reached the screen: {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn smaller_than_80x24_asks_to_enlarge_and_never_panics() {
    let mut h = zh();
    h.type_str("2");
    for (w, hh) in [(79, 24), (80, 23), (40, 10), (10, 3), (1, 1), (0, 0)] {
        h.resize(w, hh);
        if w >= 20 {
            assert!(h.shows("窗口太小"), "{w}×{hh}");
        }
        h.type_str("j");
    }
    h.resize(80, 24);
    assert!(h.shows("共 12 条"));
    h.resize(120, 40);
    assert!(
        h.shows("统一社会信用代码"),
        "wider screens show more columns"
    );
    assert_eq!(h.app.register.win.page, 34, "the page is the rows that fit");
}

#[test]
fn the_no_color_theme_sets_no_colour_anywhere() {
    let mut h = Harness::new(Lang::Zh, Theme::PLAIN, 80, 24);
    for keys in ["", "2", "/国实", "\n", "a", "\n", "3", "4", "?"] {
        match keys {
            "\n" => h.press(KeyCode::Enter),
            k => h.type_str(k),
        }
        h.settle();
        let e = tui_common::emphasis_without_colour(h.buffer());
        assert!(
            e.contains('r') || e.contains('R'),
            "something is selected (reversed) after {keys:?}:\n{e}"
        );
    }
}

#[test]
fn esc_and_a_key_arriving_together_are_taken_apart() {
    let mut h = zh();
    h.type_str("2/国实");
    // Esc then '1' read as Alt-1: end the input, then switch to the queue.
    h.press_mod(KeyCode::Char('1'), KeyModifiers::ALT);
    assert_eq!(h.app.screen, ScreenId::Queue);
}

/// Scripted events for the loop; None is a moment with nothing to read (the poll timed out).
struct Script(Vec<Option<Event>>);

impl certdesk::tui::Events for Script {
    fn next(&mut self, _timeout: Duration) -> std::io::Result<Option<Event>> {
        if self.0.is_empty() {
            return Ok(Some(Event::Key(KeyEvent::new(
                KeyCode::Char('c'),
                KeyModifiers::CONTROL,
            ))));
        }
        Ok(self.0.remove(0))
    }
}

#[test]
fn the_event_loop_runs_over_any_backend() {
    let mut h = zh();
    let key = |c: char| {
        Some(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    };
    let mut script = Script(vec![
        key('2'),
        key('/'),
        key('方'),
        key('圆'),
        None,
        Some(Event::Resize(100, 30)),
        key('x'),
        None,
        None,
    ]);
    certdesk::tui::run(&mut h.term, &mut h.app, &mut script).unwrap();
    assert!(h.app.quit, "Ctrl-C quits");
    assert_eq!(h.app.register.filter.text(), "方圆x");
    let text = screen_text(h.term.backend().buffer());
    assert!(text.contains("/ 筛选: 方圆x"), "{text}");
}

#[test]
fn the_queue_says_once_which_years_schedule_is_missing() {
    let mut h = Harness::new(Lang::En, Theme::COLOR, 120, 40);
    h.settle();
    // Widen the horizon into 2027, which has no holiday schedule.
    for _ in 0..3 {
        h.type_str("w");
        h.settle();
    }
    let text = h.text();
    assert!(
        text.contains("2027 unscheduled: weekends + statutory holidays (certdesk calendar import)"),
        "{text}"
    );
    assert_eq!(text.matches("unscheduled").count(), 1, "said once");
}

/// PROCEDURE.md "Words by kind of body": a testing body's file speaks of 检验检测能力, its menu
/// names its own acts, and no act's form offers an article written for 认证机构.
#[test]
fn a_cma_body_reads_in_its_own_words_and_is_offered_only_its_own_bases() {
    use certdesk::domain::ids::BodyKind;
    use certdesk::domain::kinds;
    let mut h = Harness::new(Lang::Zh, Theme::COLOR, 120, 40);
    h.type_str("2/埃克森");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, ScreenId::Body);
    assert!(h.shows("检验检测能力：电磁兼容、环境试验"), "{}", h.text());
    assert!(!h.shows("认证领域"), "{}", h.text());
    h.type_str("a");
    let Some(Modal::Menu(m)) = h.app.modals.last() else {
        panic!("no menu")
    };
    let acts: Vec<ActKind> = m
        .acts
        .iter()
        .filter(|(_, why)| why.is_none())
        .map(|(a, _)| *a)
        .collect();
    assert!(acts.contains(&ActKind::ChangeScope) && acts.contains(&ActKind::RevokePenalty));
    assert!(h.shows("e  变更检验检测能力  change-scope"), "{}", h.text());
    assert!(h.shows("p  撤销资质认定  revoke-penalty"), "{}", h.text());
    assert!(!h.shows("变更认证领域") && !h.shows("撤销批准文件"));
    h.press(KeyCode::Esc);
    for act in acts.iter() {
        h.type_str("a");
        h.type_str(&certdesk::tui::keymap::act_key(*act).to_string());
        let Some(Modal::Form(f)) = h.app.modals.last() else {
            panic!("no form for {act:?}")
        };
        assert_eq!(f.act, *act);
        let basis = f.fields.iter().position(|x| x.key == "basis").unwrap();
        for _ in f.focus..basis {
            h.press(KeyCode::Tab);
        }
        // The basis field is focused: its hint, the bases offered, is on the screen.
        let offered = kinds::bases(BodyKind::Cma, *act);
        assert!(h.shows(offered[0]), "{act:?}: {}", h.text());
        assert!(!h.shows("认证认可条例"), "{act:?}: {}", h.text());
        if *act == ActKind::ChangeScope {
            assert!(
                h.shows("增加检验检测能力") && h.shows("减少检验检测能力"),
                "{}",
                h.text()
            );
        }
        h.press(KeyCode::Esc);
        assert!(h.app.modals.is_empty(), "{act:?}: Esc closes the form");
    }
}

/// The form of a case step on top, if any.
fn case_form(h: &Harness) -> &certdesk::tui::screens::case_form::CaseForm {
    match h.app.modals.last() {
        Some(Modal::Case(f)) => f,
        other => panic!("no case form: {other:?}"),
    }
}

/// `p` on the body file, then the step `code` from the menu of the steps allowed now.
fn case_step(h: &mut Harness, code: &str) {
    h.type_str("p");
    let Some(Modal::CaseMenu(m)) = h.app.modals.last() else {
        panic!("no case menu: {}", h.text())
    };
    let pos = m
        .steps
        .iter()
        .position(|s| s.as_str() == code)
        .unwrap_or_else(|| panic!("{code} is not offered: {:?}", m.steps));
    for _ in 0..pos {
        h.type_str("j");
    }
    h.press(KeyCode::Enter);
    case_form(h);
}

/// Tab to the field `key` of the case form and type `text` in place of its value.
fn fill(h: &mut Harness, key: &str, text: &str) {
    for _ in 0..20 {
        let f = case_form(h);
        if f.fields[f.focus].key == key {
            h.ctrl('u');
            h.type_str(text);
            return;
        }
        h.press(KeyCode::Tab);
    }
    panic!("no field {key}");
}

fn steps_offered(h: &mut Harness) -> Vec<String> {
    h.type_str("p");
    let steps = match h.app.modals.last() {
        Some(Modal::CaseMenu(m)) => m.steps.iter().map(|s| s.as_str().to_string()).collect(),
        _ => Vec::new(),
    };
    h.press(KeyCode::Esc);
    steps
}

/// The case form on the shared form pieces (issue 10 point 5): Enter in 理由 starts a new line
/// and the field shows both, the store's refusal stands whole under its field at 80 columns,
/// and the reason is recorded with its lines.
#[test]
fn the_case_form_takes_a_reason_on_several_lines_and_shows_a_refusal_whole() {
    let mut h = zh();
    h.type_str("2/国实");
    h.press(KeyCode::Enter);
    case_step(&mut h, "open");
    fill(&mut h, "case_no", "京市监罚立〔2026〕8号");
    fill(&mut h, "officers", "张伟");
    fill(&mut h, "reason", "一、专职认证人员不足十名。");
    h.press(KeyCode::Enter);
    h.type_str("二、涉嫌违反认证认可条例第十条。");
    assert_eq!(
        case_form(&h).field("reason").unwrap().text_value(),
        "一、专职认证人员不足十名。\n二、涉嫌违反认证认可条例第十条。",
        "Enter is a new line, not the submit"
    );
    h.ctrl('s');
    let err = case_form(&h)
        .field("officers")
        .unwrap()
        .error
        .clone()
        .unwrap();
    assert!(err.contains("第四十二条"), "{err}");
    // Every line of the refusal as wrapped under the field, its end (the example) included.
    assert!(h.shows("张伟,王芳"), "{}", h.text());
    assert!(h.shows("一、专职认证人员不足十名。"), "{}", h.text());
    assert!(h.shows("二、涉嫌违反认证认可条例第十条。"), "{}", h.text());
    assert_eq!(case_form(&h).fields[case_form(&h).focus].key, "officers");
    fill(&mut h, "officers", "张伟;王芳");
    h.ctrl('s');
    assert!(h.app.modals.is_empty(), "{}", h.text());
    let file = h.app.store.body_file("CNCA-R-2002-001").unwrap();
    let opened = file
        .history
        .iter()
        .find(|e| e.act == "case-open")
        .expect("the case opened");
    assert_eq!(
        opened.reason,
        "一、专职认证人员不足十名。\n二、涉嫌违反认证认可条例第十条。"
    );
}

#[test]
fn a_penalty_case_from_opening_to_closing_on_the_screens() {
    let mut h = zh();
    h.type_str("2/国实");
    h.press(KeyCode::Enter);
    assert!(!h.shows("处罚案件"), "no cases, no pane");
    assert_eq!(steps_offered(&mut h), ["open"], "only 立案 without a case");

    // 立案 with one officer: refused on the officers field, with the article.
    case_step(&mut h, "open");
    fill(&mut h, "case_no", "京市监罚立〔2026〕7号");
    fill(&mut h, "officers", "张伟");
    h.ctrl('s');
    let err = case_form(&h).field("officers").unwrap().error.clone();
    assert!(
        err.as_deref().unwrap_or("").contains("第四十二条"),
        "{err:?}"
    );
    assert!(h.shows("第四十二条"), "{}", h.text());
    assert!(
        h.app
            .store
            .cases_of_body("91110105000000001Y")
            .unwrap()
            .is_empty()
    );
    fill(&mut h, "officers", "张伟;王芳");
    h.ctrl('s');
    assert!(h.app.modals.is_empty(), "{}", h.text());
    assert!(h.shows("已立案：京市监罚立〔2026〕7号（CNCA-R-2002-001）"));
    assert!(h.shows("处罚案件 (1)"));
    assert!(
        h.shows("京市监罚立〔2026〕7号  责令停业整顿 已立案"),
        "{}",
        h.text()
    );
    assert_eq!(steps_offered(&mut h), ["notify", "extend", "close"]);

    // The notice, today (Fri 2026-11-27): the party may ask for a hearing until Fri 12-04.
    case_step(&mut h, "notify");
    h.ctrl('s');
    assert!(h.shows("已告知"), "{}", h.text());
    assert!(
        h.shows("听证申请期满 2026-12-04 剩5个工作日"),
        "{}",
        h.text()
    );
    assert_eq!(
        steps_offered(&mut h),
        ["hearing", "extend", "decide", "close"]
    );

    // "Not requested" inside the window: refused on the hearing field.
    case_step(&mut h, "hearing");
    for _ in 0..3 {
        h.press(KeyCode::Right);
    }
    assert_eq!(
        case_form(&h).field("hearing").unwrap().text_value(),
        "not_requested"
    );
    h.ctrl('s');
    let err = case_form(&h).field("hearing").unwrap().error.clone();
    assert!(
        err.as_deref().unwrap_or("").contains("2026-12-04"),
        "{err:?}"
    );
    // The store's refusal, in the Chinese of the screens, with its articles.
    let err = err.unwrap_or_default();
    assert!(
        err.starts_with("当事人可在 2026-12-04 前要求听证")
            && err.contains("行政处罚法第六十四条、第八十五条")
            && !err.contains("the party"),
        "{err}"
    );
    assert!(h.shows("当事人可在 2026-12-04 前要求听证"), "{}", h.text());
    h.press(KeyCode::Esc);

    // Ten days later (the store's today, as --today sets it): the window has run out, and the
    // queue shows the case's clock overdue; Enter opens the body's file at the approval.
    let mut later = Store::create_or_open(&h.db_path(), "2026-12-07".parse().unwrap()).unwrap();
    later.set_actor("张三");
    h.app = certdesk::tui::App::new(later, Lang::Zh, Theme::COLOR).unwrap();
    h.settle();
    let pos = h
        .app
        .queue
        .items()
        .iter()
        .position(|i| i.kind == "case_hearing_window")
        .expect("the case's clock in the queue");
    assert!(shown(&h.app.queue)[pos].overdue);
    for _ in 0..pos {
        h.press(KeyCode::Down);
    }
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, ScreenId::Body);
    let b = h.app.body.as_ref().unwrap();
    assert_eq!(b.file.body.name, "北京国实认证有限公司");
    assert_eq!(
        b.selected().unwrap().qualification.approval_no,
        "CNCA-R-2002-001"
    );
    assert!(
        // "个工作日" makes the line too long at 80 columns: the date and the days left first.
        h.shows("2026-12-04 逾期1个工作日 听证申请"),
        "{}",
        h.text()
    );

    case_step(&mut h, "hearing");
    for _ in 0..3 {
        h.press(KeyCode::Right);
    }
    h.ctrl('s');
    assert!(h.app.modals.is_empty(), "{}", h.text());
    assert!(h.shows("已记录：陈述申辩与听证（京市监罚立〔2026〕7号）"));
    assert!(h.shows("已答复"));

    // The decision: y/N, default No; then y suspends the approval.
    case_step(&mut h, "decide");
    assert_eq!(case_form(&h).field("act").unwrap().text_value(), "suspend");
    fill(&mut h, "deadline", "2027-02-26");
    fill(&mut h, "basis", "认证认可条例第五十八条");
    fill(&mut h, "doc_no", "京市监罚〔2026〕12号");
    h.ctrl('s');
    assert!(h.shows("确认责令停业整顿？"), "{}", h.text());
    assert!(h.shows("状态：有效 → 停业整顿"), "{}", h.text());
    h.press(KeyCode::Enter);
    assert!(case_form(&h).confirm.is_none(), "Enter is No");
    let status = |h: &Harness| {
        h.app
            .store
            .body_file("CNCA-R-2002-001")
            .unwrap()
            .qualifications[0]
            .qualification
            .status
            .clone()
    };
    assert_eq!(status(&h), "active", "nothing written on No");
    h.ctrl('s');
    h.type_str("y");
    assert!(h.app.modals.is_empty(), "{}", h.text());
    assert!(h.shows("已办理：责令停业整顿 CNCA-R-2002-001（有效 → 停业整顿）"));
    assert_eq!(status(&h), "suspended");
    assert!(h.shows("已决定"));
    assert!(h.shows("送达处罚决定 2026-12-14 剩7天"), "{}", h.text());
    assert_eq!(steps_offered(&mut h), ["serve"]);

    case_step(&mut h, "serve");
    h.ctrl('s');
    assert!(h.shows("已送达"), "{}", h.text());
    assert_eq!(steps_offered(&mut h), ["close"]);
    case_step(&mut h, "close");
    h.ctrl('s');
    assert!(h.shows("已结案"), "{}", h.text());
    let cases = h.app.store.cases_of_body("91110105000000001Y").unwrap();
    assert_eq!(cases.len(), 1);
    let c = &cases[0];
    assert_eq!(c.decision.as_deref(), Some("suspend"));
    assert_eq!(c.served_on.as_deref(), Some("2026-12-07"));
    assert_eq!(c.closed_on.as_deref(), Some("2026-12-07"));
    assert_eq!(c.outcome.as_deref(), Some("decided"));

    // The cases pane: Tab reaches it, Enter shows the case in full.
    h.press(KeyCode::Tab);
    h.press(KeyCode::Enter);
    let Some(Modal::Detail(d)) = h.app.modals.last() else {
        panic!("no detail")
    };
    assert_eq!(d.title, "案件 京市监罚立〔2026〕7号");
    assert!(
        d.lines.iter().any(|l| l.contains("送达：2026-12-07")),
        "{:?}",
        d.lines
    );
}

/// This process's start time as /proc/self/stat gives it (what an import's notice records).
fn own_start() -> String {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let (_, rest) = stat.rsplit_once(')').unwrap();
    rest.split_whitespace().nth(19).unwrap().to_string()
}

/// Another officer's import holding the write lock, announced as `certdesk import` does.
fn hold_lock_as_an_import(h: &Harness) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(h.db_path()).unwrap();
    let host = nix::unistd::gethostname().unwrap().into_string().unwrap();
    c.execute(
        "INSERT INTO long_write (what, file, login, started_at, host, pid, process_start)
         VALUES ('import', 'approvals-2026-11.xlsx', 'wangfang', '2026-11-27T01:30:00Z', ?1, ?2, ?3)",
        rusqlite::params![host, std::process::id(), own_start()],
    )
    .unwrap();
    c.execute_batch("BEGIN IMMEDIATE").unwrap();
    c
}

fn release(c: rusqlite::Connection) {
    c.execute("DELETE FROM long_write", []).unwrap();
    c.execute_batch("COMMIT").unwrap();
}

#[test]
fn an_act_during_another_officers_import_waits_on_screen_and_goes_through_after_it() {
    let mut h = zh();
    h.type_str("2/国实");
    h.press(KeyCode::Enter);
    h.type_str("a");
    let Some(Modal::Menu(m)) = h.app.modals.last() else {
        panic!("no menu")
    };
    assert!(
        m.acts
            .iter()
            .any(|(a, why)| *a == ActKind::FileRenewal && why.is_none())
    );
    h.type_str("f");
    h.press(KeyCode::Tab);
    h.type_str("行政许可法第五十条");
    let history = |h: &Harness| h.app.body.as_ref().unwrap().file.history.len();
    let before = history(&h);

    // Esc while waiting: nothing written, the form as it was.
    let lock = hold_lock_as_an_import(&h);
    h.ctrl('s');
    assert!(
        h.shows("正在等待 wangfang 的导入完成：approvals-2026-11.xlsx"),
        "{}",
        h.text()
    );
    assert!(h.shows("按 Esc 停止等待"));
    h.type_str("x"); // other keys wait too: the field is not edited
    assert!(h.app.form_waiting());
    h.press(KeyCode::Esc);
    assert!(!h.app.form_waiting());
    assert!(
        matches!(h.app.modals.last(), Some(Modal::Form(_))),
        "the form stays open"
    );
    assert!(!h.shows("正在等待"));
    release(lock);
    assert_eq!(history(&h), before, "nothing was written");

    // Waiting, then through once the import commits.
    let lock = hold_lock_as_an_import(&h);
    h.ctrl('s');
    assert!(h.app.form_waiting());
    h.app.tick();
    h.draw();
    assert!(
        h.app.form_waiting(),
        "still waiting while the import writes"
    );
    assert!(h.shows("正在等待 wangfang"));
    release(lock);
    h.app.tick();
    h.draw();
    assert!(h.app.modals.is_empty(), "{}", h.text());
    assert!(h.shows("已办理"), "{}", h.text());
    assert_eq!(history(&h), before + 1);
}

fn in_beijing() -> Harness {
    Harness::in_jurisdiction(Lang::Zh, Theme::COLOR, 120, 40, "11")
}

fn filtered(h: &Harness) -> Vec<certdesk::store::read::QueueItem> {
    h.app
        .store
        .queue_filtered(h.app.queue.within, &h.app.queue.filter())
        .unwrap()
}

#[test]
fn the_screens_open_on_the_officers_jurisdiction_and_w_widens_to_everywhere() {
    let mut h = in_beijing();
    // The queue: only Beijing's items, as a filtered read gives them.
    assert!(
        h.shows("● 辖区 北京市 11 · ○ 全部地区（W 切换）"),
        "{}",
        h.text()
    );
    let mine = shown(&h.app.queue).clone();
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|i| i.region.starts_with("11")), "{mine:?}");
    assert_eq!(mine, filtered(&h));
    let everything = h.app.store.queue(30).unwrap();
    assert!(everything.len() > mine.len());
    assert!(
        !h.shows("深圳市计量质量检测研究院"),
        "another province's expired approval"
    );
    // W: everywhere, on every screen.
    h.type_str("W");
    assert!(h.shows("○ 辖区 北京市 11 · ● 全部地区"));
    assert_eq!(shown(&h.app.queue), everything);
    assert!(h.shows("深圳市计量质量检测研究院"));
    h.type_str("W");
    assert_eq!(shown(&h.app.queue), mine);
    // The register: Beijing's four bodies, then all twelve.
    h.type_str("2");
    assert_eq!(h.app.register.count, 4, "{}", h.text());
    assert!(
        h.app
            .register
            .win
            .rows
            .iter()
            .all(|r| r.region.starts_with("11"))
    );
    assert!(h.shows("辖区 北京市 11"));
    h.type_str("W");
    assert_eq!(h.app.register.count, 12);
    h.type_str("W");
    assert_eq!(h.app.register.count, 4);
    // The reports: counted in the jurisdiction, by its subdivisions.
    h.type_str("3");
    h.settle();
    let r = h.app.reports.reports.clone().unwrap();
    assert_eq!(r.by_status.iter().map(|(_, n)| n).sum::<i64>(), 4);
    assert!(h.shows("按下级区划（北京市）"), "{}", h.text());
    h.type_str("W");
    h.settle();
    let r = h.app.reports.reports.clone().unwrap();
    assert_eq!(r.by_status.iter().map(|(_, n)| n).sum::<i64>(), 12);
    assert!(h.shows("按地区（省）"));
}

#[test]
fn without_a_jurisdiction_the_header_says_everything_is_shown_and_how_to_set_one() {
    let mut h = zh();
    assert!(
        h.shows("全部地区（未设辖区：certdesk officer set 张三 --jurisdiction 代码）"),
        "{}",
        h.text()
    );
    assert_eq!(shown(&h.app.queue), h.app.store.queue(30).unwrap());
    h.type_str("W");
    assert_eq!(
        shown(&h.app.queue),
        h.app.store.queue(30).unwrap(),
        "nothing to widen"
    );
}

#[test]
fn another_officer_setting_the_jurisdiction_moves_the_screens_to_it() {
    let mut h = zh();
    let mut other = other_user(&h);
    other
        .set_officer(
            fixture::ACTOR,
            &certdesk::store::officers::OfficerChange {
                jurisdiction: Some(Some(certdesk::domain::region::Region::parse("44").unwrap())),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(h.app.check_data_version());
    h.app.wait_for_reader();
    h.draw();
    assert!(h.shows("辖区 广东省 44"), "{}", h.text());
    assert!(
        shown(&h.app.queue)
            .iter()
            .all(|i| i.region.starts_with("44"))
    );
    assert_eq!(shown(&h.app.queue), filtered(&h));
}

#[test]
fn queue_facets_filter_by_kind_and_region_down_to_counties_with_counts_per_kind() {
    let mut h = zh();
    assert!(
        h.shows("核查 2 · 整改 1 · 公示 1 · 延续 1 · 过期 1"),
        "{}",
        h.text()
    );
    h.press(KeyCode::Tab);
    assert_eq!(
        h.app.queue.focus,
        certdesk::tui::screens::queue::QueueFocus::Facets
    );
    h.type_str("j"); // 事项: 核查
    assert!(shown(&h.app.queue).iter().all(|i| i.kind == "verification"));
    assert_eq!(shown(&h.app.queue).len(), 2);
    assert_eq!(shown(&h.app.queue), filtered(&h));
    assert!(h.shows("事项:核查"), "{}", h.text());
    assert!(h.shows("显示 2 / 6 项"), "{}", h.text());
    // Region: a province, then into it, down to a county.
    h.type_str("l");
    h.type_str("j");
    assert_eq!(h.app.queue.region.filter().unwrap().as_str(), "11");
    assert!(h.shows("地区:北京市 11"), "{}", h.text());
    assert_eq!(shown(&h.app.queue), filtered(&h));
    h.type_str(">j");
    assert_eq!(h.app.queue.region.filter().unwrap().as_str(), "1101");
    h.type_str(">j");
    assert_eq!(h.app.queue.region.filter().unwrap().as_str(), "110108");
    assert!(h.shows("地区:北京市›1101›海淀区 110108"), "{}", h.text());
    assert_eq!(shown(&h.app.queue), filtered(&h));
    assert_eq!(shown(&h.app.queue).len(), 1);
    assert_eq!(shown(&h.app.queue)[0].name, "中安质量检验认证中心");
    h.type_str("<<");
    assert_eq!(h.app.queue.region.filter().unwrap().as_str(), "11");
    h.type_str("x");
    assert_eq!(shown(&h.app.queue), h.app.store.queue(30).unwrap());
    h.press(KeyCode::Esc);
    assert_eq!(
        h.app.queue.focus,
        certdesk::tui::screens::queue::QueueFocus::Table
    );
}

#[test]
fn a_filtered_queue_after_another_users_act_equals_a_fresh_filtered_read() {
    let mut h = in_beijing();
    h.press(KeyCode::Tab);
    h.type_str("j"); // verification only
    let before = shown(&h.app.queue).clone();
    assert_eq!(before.len(), 1, "{before:?}");
    let mut other = other_user(&h);
    // Another officer verifies 中安's commitment (it leaves the list) and orders a
    // rectification on 国实 (Beijing too, but another kind: not shown).
    other
        .perform(
            &ApprovalNo::parse("CNCA-R-2026-118").unwrap(),
            &ActRequest {
                act: Some(ActKind::Verify),
                date: Some(fixture::TODAY),
                basis: "认证机构管理办法第十条".into(),
                verify_result: Some(certdesk::domain::acts::VerifyResult::Conforming),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    other
        .perform(
            &ApprovalNo::parse("CNCA-R-2002-001").unwrap(),
            &order_rectification("2026-12-10"),
            None,
        )
        .unwrap();
    assert!(h.app.check_data_version());
    h.app.wait_for_reader();
    h.draw();
    assert!(shown(&h.app.queue).is_empty(), "{:?}", shown(&h.app.queue));
    assert_eq!(shown(&h.app.queue), filtered(&h));
    // The other kinds were merged too: widening the kind shows the new rectification.
    h.type_str("k");
    assert_eq!(shown(&h.app.queue), filtered(&h));
    assert!(
        h.app
            .queue
            .items()
            .iter()
            .any(|i| i.kind == "rectification"
                && i.approval_no.as_deref() == Some("CNCA-R-2002-001"))
    );
    h.press(KeyCode::Esc);
    h.type_str("W");
    assert_eq!(shown(&h.app.queue), h.app.store.queue(30).unwrap());
}

#[test]
fn the_applications_follow_other_users_receipts_and_acts() {
    use certdesk::domain::applications::{ApplicationAct, ApplicationPurpose};
    use certdesk::store::applications::{Decision, NewApplication};
    let mut h = Harness::with_applications(Lang::Zh, Theme::COLOR, 120, 40);
    h.type_str("5");
    assert_eq!(h.app.screen, ScreenId::Applications);
    let n = h.app.applications.items.len();
    h.type_str("jj");
    let selected = h.app.applications.selected_row().unwrap().id;
    let mut other = other_user(&h);
    other
        .receive_application(&NewApplication {
            purpose: ApplicationPurpose::New,
            uscc: fixture::uscc("110105", 301),
            name: "北京另一检测有限公司".into(),
            kind: certdesk::domain::ids::BodyKind::Cma,
            route: certdesk::domain::model::Route::General,
            approval_no: None,
            scope: vec!["食品检测".into()],
            region: "110105".into(),
            risk_class: certdesk::domain::model::RiskClass::B,
            received_on: fixture::TODAY,
            reason: String::new(),
        })
        .unwrap();
    assert!(h.app.check_data_version(), "the receipt is noticed");
    h.draw();
    assert_eq!(h.app.applications.items.len(), n + 1);
    assert!(h.shows("北京另一检测有限公司"));
    assert_eq!(
        h.app.applications.selected_row().unwrap().id,
        selected,
        "the cursor stays on its application"
    );
    // The file of a received application follows another user's acceptance.
    let received = h
        .app
        .applications
        .items
        .iter()
        .position(|r| r.name == "北京朝阳食品检测有限公司")
        .unwrap();
    h.type_str("g");
    for _ in 0..received {
        h.type_str("j");
    }
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen, ScreenId::Application);
    assert!(h.shows("状态：已收件"), "{}", h.text());
    let id = h.app.application.as_ref().unwrap().id();
    other
        .act_on_application(
            id,
            ApplicationAct::Accept,
            &Decision {
                date: Some(fixture::TODAY),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert!(h.app.check_data_version());
    h.draw();
    assert!(h.shows("状态：已受理"), "{}", h.text());
    assert!(h.shows("监管记录 (2)"));
    assert!(h.shows("李四受理申请"), "{}", h.text());
    // q back to the list, where it is accepted too.
    h.type_str("q");
    assert_eq!(h.app.screen, ScreenId::Applications);
    let row = h.app.applications.selected_row().unwrap();
    assert_eq!((row.id, row.status.as_str()), (id, "accepted"));
}

/// Issue 10 point 11: the queue's legend says what Enter opens for the row selected — the
/// body's file, or for an application's clock the application — in both languages.
#[test]
fn the_queue_legend_says_what_enter_opens_for_the_row_selected() {
    for (lang, body, application) in [
        (Lang::Zh, "Enter 打开机构档案", "Enter 打开办件"),
        (
            Lang::En,
            "Enter opens the body's file",
            "Enter opens the application",
        ),
    ] {
        let mut h = Harness::with_applications(lang, Theme::COLOR, 80, 24);
        assert!(h.app.queue.items()[0].application_id.is_none());
        assert!(h.shows(body), "{}", h.text());
        assert!(!h.shows(application), "{}", h.text());
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
        assert!(h.shows(application), "{}", h.text());
        assert!(!h.shows(body), "{}", h.text());
        h.press(KeyCode::Enter);
        assert_eq!(h.app.screen, ScreenId::Application, "{}", h.text());
    }
}
