//! The event loop and the first frame (issue 12): the first frame is drawn before the queue is
//! read (it says "loading…"), the queue comes from the background reader, and the loop is woken
//! by the answer itself — no key, no poll timeout needed to show it.

mod tui_common;

use certdesk::domain::acts::{ActKind, ActRequest};
use certdesk::domain::ids::ApprovalNo;
use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::store::read::QueueItem;
use certdesk::tui::App;
use certdesk::tui::fixture;
use certdesk::tui::jobs::Waker;
use certdesk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;
use tui_common::screen_text;

/// Far longer than any answer takes: only a hang would reach it (nothing here is timed).
const HANG: Duration = Duration::from_secs(120);

fn fixture_app(dir: &tempfile::TempDir) -> App {
    let store = fixture::build(&dir.path().join("fixture.db"));
    let mut app = App::new(store, Lang::Zh, Theme::COLOR).unwrap();
    app.zone = tui_common::test_zone();
    app
}

fn draw(app: &mut App, term: &mut Terminal<TestBackend>) -> String {
    term.clear().unwrap();
    let size = term.size().unwrap();
    app.prepare(Rect::new(0, 0, size.width, size.height));
    term.draw(|f| certdesk::tui::view::draw(f, app)).unwrap();
    screen_text(term.backend().buffer())
}

fn held(app: &App) -> Vec<QueueItem> {
    app.queue.all().iter().map(|i| (**i).clone()).collect()
}

/// Take in background answers until none is owed, as the loop does (`wait`, then `tick`).
fn until_answered(app: &mut App) {
    while app.reader_busy() {
        assert!(app.wait(HANG), "the background reader did not answer");
        app.tick();
    }
}

#[test]
fn the_first_frame_is_drawn_before_the_queue_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture_app(&dir);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    assert!(!app.queue.loaded, "App::new reads no queue");
    assert!(app.reader_busy(), "it asked the background reader for it");
    assert_eq!(app.full_reloads(), 1, "the whole queue, once");
    let first = draw(&mut app, &mut term);
    assert!(first.contains("待办"), "the screen's chrome: {first}");
    assert!(first.contains("正在读取…"), "{first}");
    assert!(!first.contains("到期日"), "no table yet: {first}");
    assert!(!first.contains("逾期 "), "no counts yet: {first}");
    until_answered(&mut app);
    let then = draw(&mut app, &mut term);
    assert!(app.queue.loaded);
    assert!(!then.contains("正在读取…"), "{then}");
    assert!(then.contains("到期日") && then.contains("逾期 "), "{then}");
    assert_eq!(held(&app), app.store.queue(30).unwrap());
}

#[test]
fn the_first_frame_says_loading_in_english_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = fixture::build(&dir.path().join("fixture.db"));
    let mut app = App::new(store, Lang::En, Theme::COLOR).unwrap();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let first = draw(&mut app, &mut term);
    assert!(first.contains("loading…"), "{first}");
}

#[test]
fn wait_returns_when_the_answer_arrives_and_tick_takes_it_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture_app(&dir);
    assert!(app.wait(HANG), "woken by the first answer");
    assert!(app.tick(), "the answer is drawn");
    // The queue and the applications list are both asked for at start.
    while app.reader_busy() {
        assert!(app.wait(HANG), "woken by the next answer");
        app.tick();
    }
    assert!(app.queue.loaded);
    assert!(app.applications.loaded);
    assert!(
        !app.wait(Duration::from_millis(1)),
        "nothing else is owed: only the time runs out"
    );
}

#[test]
fn a_horizon_chosen_before_the_queue_arrives_is_the_one_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture_app(&dir);
    // `w` while the first read runs: its answer (30 days) is dropped, 60 days read after it.
    app.handle_key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE));
    until_answered(&mut app);
    assert_eq!(app.queue.within, 60);
    assert!(app.queue.loaded);
    assert_eq!(held(&app), app.store.queue(60).unwrap());
}

#[test]
fn another_users_act_before_the_queue_arrives_is_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture_app(&dir);
    let mut other = Store::create_or_open(&dir.path().join("fixture.db"), fixture::TODAY).unwrap();
    other.set_actor("李四");
    other
        .perform(
            &ApprovalNo::parse("CNCA-R-2002-001").unwrap(),
            &ActRequest {
                act: Some(ActKind::OrderRectification),
                date: Some(fixture::TODAY),
                deadline: Some("2026-11-30".parse().unwrap()),
                basis: "认证认可条例第五十六条".into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    // Seen while the whole queue is still being read: its body is read again after it.
    assert!(app.check_data_version());
    until_answered(&mut app);
    let items = held(&app);
    assert!(
        items
            .iter()
            .any(|i| i.kind == "rectification" && i.uscc == items_uscc(&app.store)),
        "the new item is there"
    );
    assert_eq!(items, app.store.queue(30).unwrap());
}

fn items_uscc(store: &Store) -> String {
    store
        .conn()
        .query_row(
            "SELECT b.uscc FROM body b JOIN qualification q ON q.body_id = b.id
             WHERE q.approval_no = 'CNCA-R-2002-001'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// A terminal whose `next` sleeps on a channel, as `TerminalEvents` does: keys would come on it,
/// and the app's waker puts a wake on it. It types `keys`, then returns only when woken —
/// never because the loop's timeout ran out — and quits (Ctrl-C) after two wakes (the one
/// `run` gives when it sets the waker, and the queue's answer), or when no second wake comes
/// soon (the answer came before the waker was set, and the first wake took it in).
struct Sleeper {
    tx: Sender<()>,
    rx: Receiver<()>,
    keys: Vec<Event>,
    wakes: usize,
}

impl Sleeper {
    fn new(keys: Vec<Event>) -> Sleeper {
        let (tx, rx) = channel();
        Sleeper {
            tx,
            rx,
            keys,
            wakes: 0,
        }
    }
}

impl certdesk::tui::Events for Sleeper {
    fn next(&mut self, _timeout: Duration) -> std::io::Result<Option<Event>> {
        let quit = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        if !self.keys.is_empty() {
            return Ok(Some(self.keys.remove(0)));
        }
        if self.wakes >= 2 {
            return Ok(Some(quit));
        }
        // After the first wake, a second may never come (see above): not a hang.
        let limit = if self.wakes == 0 {
            HANG
        } else {
            Duration::from_secs(10)
        };
        match self.rx.recv_timeout(limit) {
            Ok(()) => {
                self.wakes += 1;
                Ok(None)
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Ok(Some(quit)),
        }
    }

    fn waker(&mut self) -> Option<Waker> {
        let tx = self.tx.clone();
        Some(Arc::new(move || {
            let _ = tx.send(());
        }))
    }
}

#[test]
fn the_loop_draws_the_queue_when_the_answer_wakes_it_with_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture_app(&dir);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut events = Sleeper::new(Vec::new());
    certdesk::tui::run(&mut term, &mut app, &mut events).unwrap();
    assert!(app.quit);
    // No key but the Ctrl-C, and a quit draws nothing: what is on screen was drawn after a wake.
    assert!(events.wakes >= 1, "the loop was woken");
    let text = screen_text(term.backend().buffer());
    assert!(app.queue.loaded);
    assert!(text.contains("到期日") && text.contains("逾期 "), "{text}");
    assert!(!text.contains("正在读取…"), "{text}");
}

#[test]
fn ctrl_l_in_the_loop_clears_and_draws_everything_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fixture_app(&dir);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let keys = vec![Event::Key(KeyEvent::new(
        KeyCode::Char('l'),
        KeyModifiers::CONTROL,
    ))];
    let mut events = Sleeper::new(keys);
    certdesk::tui::run(&mut term, &mut app, &mut events).unwrap();
    assert!(!app.clear, "the clear was done");
    let text = screen_text(term.backend().buffer());
    assert!(text.contains("到期日"), "{text}");
}
