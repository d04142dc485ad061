//! Section 2: the screens in-process, key by key, over a copy of the demo database.
//!
//! Two ways to wait for an answer: `Wait::Block` blocks on the background reader and draws
//! (the query's own time: `App::wait_for_reader`, `App::reader_busy`); `Wait::Loop` gives the
//! key to the real event loop (`event_loop::key_in_loop`, over `certdesk::tui::run`) and
//! takes the first frame after which the answer is in the app's state. The goals of issue 12
//! are the `Loop` figures.

use crate::common::*;
use crate::event_loop::{Watch, key_in_loop, wait_in_loop};
use crate::report::{Table, runs_text};
use crate::{Config, H, W};
use certdesk::domain::acts::ActKind;
use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::tui::App;
use certdesk::tui::app::{Modal, ScreenId};
use certdesk::tui::screens::log::Chain;
use certdesk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::Path;
use std::time::Instant;
use unicode_width::UnicodeWidthStr;

pub struct Tui {
    pub app: App,
    term: Terminal<Watch>,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Wait {
    /// Block on the background reader's answer, then draw: the query's own time.
    Block,
    /// The real event loop, until the reader has answered (`!App::reader_busy()`).
    Loop,
}

impl Tui {
    pub fn open(db: &Path) -> Tui {
        let store = Store::create_or_open(db, today()).expect("open the database");
        let app = App::new(store, Lang::Zh, Theme::COLOR).expect("the app");
        let mut t = Tui {
            app,
            term: Terminal::new(Watch::new(W, H)).expect("a terminal"),
        };
        t.frame();
        t
    }

    /// What the event loop does to draw (no clearing).
    fn frame(&mut self) {
        self.app.prepare(Rect::new(0, 0, W, H));
        let app = &self.app;
        self.term
            .draw(|f| certdesk::tui::view::draw(f, app))
            .expect("draw");
    }

    /// Wait for every background answer and draw it (between measured keys).
    fn settle(&mut self) {
        for _ in 0..5 {
            if !self.app.reader_busy() {
                break;
            }
            self.app.wait_for_reader();
            self.frame();
        }
    }

    fn key_untimed(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.app.handle_key(KeyEvent::new(code, mods));
        self.frame();
        self.settle();
    }

    fn ch(&mut self, c: char) {
        self.key_untimed(KeyCode::Char(c), KeyModifiers::NONE);
    }

    /// One key: (ms to the next frame, ms until the frame that shows the background answers).
    fn key(&mut self, code: KeyCode, mods: KeyModifiers, wait: Wait) -> (f64, f64) {
        match wait {
            Wait::Block => {
                let t = Instant::now();
                self.app.handle_key(KeyEvent::new(code, mods));
                self.frame();
                let frame = t.elapsed();
                self.settle();
                let shown = t.elapsed();
                (frame.as_secs_f64() * 1000.0, shown.as_secs_f64() * 1000.0)
            }
            Wait::Loop => self.key_until(code, mods, |a| !a.reader_busy()),
        }
    }

    /// One key to the real event loop, until `shown` holds of the app (NaN: not in 60 s).
    fn key_until(
        &mut self,
        code: KeyCode,
        mods: KeyModifiers,
        shown: impl Fn(&App) -> bool,
    ) -> (f64, f64) {
        let r = key_in_loop(
            &mut self.term,
            &mut self.app,
            KeyEvent::new(code, mods),
            shown,
        );
        let r = r.unwrap_or((f64::NAN, f64::NAN));
        // Whatever else is still on its way (a count after the page), before the next key.
        self.settle();
        r
    }

    pub fn screen_text(&self) -> String {
        let buf = self.term.backend().buffer();
        let mut s = String::new();
        for y in 0..buf.area.height {
            let mut x = 0;
            while x < buf.area.width {
                let symbol = buf[(x, y)].symbol();
                s.push_str(symbol);
                // A wide character covers the next cell.
                x += symbol.width().max(1) as u16;
            }
            s.push('\n');
        }
        s
    }
}

#[derive(Default)]
struct KeySamples {
    frame: Vec<f64>,
    shown: Vec<f64>,
}

impl KeySamples {
    fn push(&mut self, (frame, shown): (f64, f64)) {
        self.frame.push(frame);
        self.shown.push(shown);
    }
}

/// Names, USCCs and an approval number of bodies spread over the register, for the filter.
fn sample_bodies(db: &Path, n: usize) -> Vec<(String, String, String)> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open read-only");
    let total: i64 = conn
        .query_row("SELECT max(id) FROM body", [], |r| r.get(0))
        .expect("count");
    let step = (total / n as i64).max(1);
    let mut stmt = conn
        .prepare(
            "SELECT b.name, b.uscc, (SELECT min(q.approval_no) FROM qualification q WHERE q.body_id = b.id)
             FROM body b WHERE b.id % ?1 = 7 ORDER BY b.id LIMIT ?2",
        )
        .expect("prepare");
    stmt.query_map(rusqlite::params![step, n as i64], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        ))
    })
    .expect("query")
    .map(|r| r.expect("row"))
    .collect()
}

pub fn bench_screens(cfg: &Config, demo: &Path, scratch: &Path, t: &mut Table) {
    println!("\n2. screens (in-process, {W}×{H}, TestBackend, over a copy of the demo database)");
    let db = scratch.join("screens.db");
    copy_db(demo, &db);
    let none = KeyModifiers::NONE;
    let mut first_pages = Vec::new();

    // First frame: Store::open + App::new (reads the queue) + the first draw; then key 2 by
    // the event loop until the register's first page is in (a first page with no cursor).
    let mut first = Vec::new();
    let mut queue_items = 0;
    for _ in 0..cfg.runs {
        let t0 = Instant::now();
        let mut tui = Tui::open(&db);
        first.push(t0.elapsed().as_secs_f64() * 1000.0);
        queue_items = tui.app.queue.items().len();
        tui.settle();
        first_pages.push(tui.key(KeyCode::Char('2'), none, Wait::Loop).1);
    }
    t.runs(
        "screens",
        format!("first frame in-process: open + App::new ({queue_items} queue items) + draw"),
        Some(150.0),
        &first,
    );

    let mut tui = Tui::open(&db);
    tui.settle();
    // The queue (in memory).
    let mut s = KeySamples::default();
    for _ in 0..100 {
        s.push(tui.key(KeyCode::Char('j'), none, Wait::Block));
    }
    t.keys("screens", "queue: j (move)", Some(16.0), &s.frame);

    // The register.
    tui.key(KeyCode::Char('2'), none, Wait::Block);
    let mut s = KeySamples::default();
    for _ in 0..300 {
        s.push(tui.key(KeyCode::Char('j'), none, Wait::Block));
    }
    t.keys(
        "screens",
        "register: j (move, keyset)",
        Some(16.0),
        &s.frame,
    );
    let mut s = KeySamples::default();
    for _ in 0..100 {
        s.push(tui.key(KeyCode::PageDown, none, Wait::Block));
    }
    for _ in 0..50 {
        s.push(tui.key(KeyCode::PageUp, none, Wait::Block));
    }
    t.keys(
        "screens",
        "register: PgDn / PgUp (keyset page)",
        Some(16.0),
        &s.frame,
    );

    // Every sort twice round: `s` (its first page), then `G` and `g` in it, by the event loop.
    let sorts = certdesk::store::register::RegisterSort::ALL.len();
    let mut ends = Vec::new();
    for _ in 0..2 * sorts {
        first_pages.push(tui.key(KeyCode::Char('s'), none, Wait::Loop).1);
        ends.push(tui.key(KeyCode::Char('G'), none, Wait::Loop).1);
        ends.push(tui.key(KeyCode::Char('g'), none, Wait::Loop).1);
    }
    t.goal_keys("register-gg", &ends, 16.0);
    t.goal_keys("register-first", &first_pages, 16.0);

    // Open a body's file (Enter) and back (q), at rows spread over the register.
    let (mut open, mut back) = (Vec::new(), Vec::new());
    let mut rng = Rng(42);
    for _ in 0..50 {
        for _ in 0..1 + rng.below(30) {
            tui.key_untimed(KeyCode::PageDown, none);
        }
        open.push(tui.key(KeyCode::Enter, none, Wait::Block).0);
        assert_eq!(tui.app.screen, ScreenId::Body, "Enter opened a body's file");
        back.push(tui.key(KeyCode::Char('q'), none, Wait::Block).0);
    }
    t.keys(
        "screens",
        "register: Enter (open a body's file)",
        Some(16.0),
        &open,
    );
    t.keys(
        "screens",
        "body file: q (back to the register)",
        Some(16.0),
        &back,
    );

    bench_filters(&db, &mut tui, &mut rng, t);
    bench_act(&mut tui, &mut rng, t);
    drop(tui);
    bench_log(cfg, &db, scratch, t);
    remove_db(&db);
}

/// Type `text` into the register's filter (opened with `/`), one key at a time.
fn type_filter(tui: &mut Tui, text: &[char], wait: Wait, out: &mut [KeySamples]) {
    tui.ch('/');
    for (n, &c) in text.iter().enumerate() {
        let sample = tui.key(KeyCode::Char(c), KeyModifiers::NONE, wait);
        out[n.min(out.len() - 1)].push(sample);
    }
    // Leave the filter and clear it (not measured).
    tui.key_untimed(KeyCode::Esc, KeyModifiers::NONE);
    tui.ch('x');
}

/// The facet bar: facet number `facet` set to its first value (Tab, `l` to it, `j`, Enter).
/// Relies on `RegisterScreen::facet` (the facet under the cursor) to find it.
fn set_facet(tui: &mut Tui, facet: usize) {
    tui.key_untimed(KeyCode::Tab, KeyModifiers::NONE);
    for _ in 0..8 {
        if tui.app.register.facet == facet {
            break;
        }
        tui.ch('l');
    }
    assert_eq!(
        tui.app.register.facet, facet,
        "the facet bar reached facet {facet}"
    );
    tui.ch('j');
    tui.key_untimed(KeyCode::Enter, KeyModifiers::NONE);
}

/// Filter as you type: each character is a key; the rows and the count arrive from the
/// background reader. Substrings of names spread over the register, USCC and approval-number
/// prefixes, and filters under a facet (status, route, kind, risk class, region in turn).
fn bench_filters(db: &Path, tui: &mut Tui, rng: &mut Rng, t: &mut Table) {
    let bodies = sample_bodies(db, 160);
    let mut by_len: [KeySamples; 4] = Default::default();
    let mut by_len_loop: [KeySamples; 4] = Default::default();
    let (mut uscc, mut uscc_loop) = ([KeySamples::default()], [KeySamples::default()]);
    let (mut appr, mut appr_loop) = ([KeySamples::default()], [KeySamples::default()]);
    let mut facet_loop = [KeySamples::default()];
    tui.ch('g');
    // Facets other than the sort (the last one).
    let facets = certdesk::tui::screens::register::Facet::ALL.len() - 1;
    for (i, (name, code, approval)) in bodies.iter().enumerate() {
        let chars: Vec<char> = name.chars().collect();
        if chars.len() < 6 {
            continue;
        }
        let start = rng.below(chars.len() - 4);
        let part = &chars[start..start + 4];
        if i % 2 == 0 {
            type_filter(tui, part, Wait::Block, &mut by_len);
        } else {
            type_filter(tui, part, Wait::Loop, &mut by_len_loop);
        }
        let wait = if i % 12 < 6 { Wait::Loop } else { Wait::Block };
        let prefix = |s: &str| s.chars().take(10).collect::<Vec<char>>();
        match (i % 6, wait) {
            (0, Wait::Loop) => type_filter(tui, &prefix(code), wait, &mut uscc_loop),
            (0, Wait::Block) => type_filter(tui, &prefix(code), wait, &mut uscc),
            (1, Wait::Loop) if !approval.is_empty() => {
                type_filter(tui, &prefix(approval), wait, &mut appr_loop)
            }
            (1, Wait::Block) if !approval.is_empty() => {
                type_filter(tui, &prefix(approval), wait, &mut appr)
            }
            (2 | 3, _) => {
                set_facet(tui, (i / 2) % facets);
                let text: Vec<char> = if i % 6 == 2 {
                    part[..3].to_vec()
                } else {
                    prefix(code)
                };
                type_filter(tui, &text, Wait::Loop, &mut facet_loop);
            }
            _ => {}
        }
    }
    let merged = |a: &[f64], b: &[f64]| [a, b].concat();
    for (id, label, block, frame, shown_loop) in [
        (
            "filter-zh-1",
            "1 character",
            &by_len[0].shown,
            &by_len_loop[0].frame,
            &by_len_loop[0].shown,
        ),
        (
            "filter-zh-2",
            "2 characters",
            &by_len[1].shown,
            &by_len_loop[1].frame,
            &by_len_loop[1].shown,
        ),
        (
            "filter-zh-3",
            "3–4 characters",
            &merged(&by_len[2].shown, &by_len[3].shown),
            &merged(&by_len_loop[2].frame, &by_len_loop[3].frame),
            &merged(&by_len_loop[2].shown, &by_len_loop[3].shown),
        ),
        (
            "filter-uscc",
            "USCC prefix",
            &uscc[0].shown,
            &uscc_loop[0].frame,
            &uscc_loop[0].shown,
        ),
        (
            "filter-approval",
            "approval-number prefix",
            &appr[0].shown,
            &appr_loop[0].frame,
            &appr_loop[0].shown,
        ),
    ] {
        t.goal_keys(id, shown_loop, 16.0);
        t.keys(
            "screens",
            format!("filter, {label}: key → next frame (event loop)"),
            Some(16.0),
            frame,
        );
        t.keys(
            "screens",
            format!("filter, {label}: key → results shown, blocking on the reader (the query's own time)"),
            None,
            block,
        );
    }
    t.goal_keys("filter-facet", &facet_loop[0].shown, 16.0);
}

/// Submit an act through the form: order rectification on live qualifications; the queue and
/// counts it reloads, by the event loop.
fn bench_act(tui: &mut Tui, rng: &mut Rng, t: &mut Table) {
    let none = KeyModifiers::NONE;
    let mut submit = KeySamples::default();
    let (mut menu, mut form) = (Vec::new(), Vec::new());
    let mut refused = 0;
    let mut tries = 0;
    tui.ch('g');
    while submit.frame.len() < 25 && tries < 400 {
        tries += 1;
        for _ in 0..1 + rng.below(6) {
            tui.key_untimed(KeyCode::PageDown, none);
        }
        let live = tui.app.register.win.selected_row().is_some_and(|r| {
            matches!(
                r.status.as_str(),
                "active" | "pending_verification" | "renewal_pending"
            )
        });
        if !live {
            continue;
        }
        tui.key_untimed(KeyCode::Enter, none);
        menu.push(tui.key(KeyCode::Char('a'), none, Wait::Block).0);
        let allowed = match tui.app.modals.last() {
            Some(Modal::Menu(m)) => m
                .acts
                .iter()
                .any(|(a, why)| *a == ActKind::OrderRectification && why.is_none()),
            _ => false,
        };
        if !allowed {
            tui.key_untimed(KeyCode::Esc, none);
            tui.ch('q');
            continue;
        }
        // The act by its fixed letter on the menu.
        let letter = certdesk::tui::keymap::act_key(ActKind::OrderRectification);
        form.push(tui.key(KeyCode::Char(letter), none, Wait::Block).0);
        // The focus starts on the deadline; then basis and document number.
        for c in "2027-03-01".chars() {
            tui.ch(c);
        }
        tui.key_untimed(KeyCode::Tab, none);
        for c in "认证认可条例第五十六条".chars() {
            tui.ch(c);
        }
        tui.key_untimed(KeyCode::Tab, none);
        for c in "市监认改〔2026〕1号".chars() {
            tui.ch(c);
        }
        let sample = tui.key(KeyCode::Char('s'), KeyModifiers::CONTROL, Wait::Loop);
        if tui.app.modals.is_empty() {
            submit.push(sample);
        } else {
            refused += 1;
            tui.key_untimed(KeyCode::Esc, none);
        }
        tui.ch('q');
    }
    t.keys(
        "screens",
        "body file: a (menu of allowed acts)",
        Some(16.0),
        &menu,
    );
    t.keys(
        "screens",
        "act menu: the act's letter (open the form)",
        Some(16.0),
        &form,
    );
    t.keys(
        "screens",
        format!(
            "act form: Ctrl-S submit (order rectification, fsync) → next frame (event loop){}",
            if refused > 0 {
                format!("; {refused} refused, not counted")
            } else {
                String::new()
            }
        ),
        Some(16.0),
        &submit.frame,
    );
    t.goal_keys("act-queue", &submit.shown, 16.0);
}

fn chain_done(a: &App) -> bool {
    matches!(a.log.chain, Chain::Checked(_) | Chain::Failed(_))
}

/// The log screen's hash chain: in full (no head verified yet), then in new sessions from the
/// head the first verified (`App::verified_heads`, a file of the bench's own), which the
/// screen must show at once. Relies on `LogScreen::chain` (`Chain::Checking(Some(head))`
/// while it runs from a head, `Chain::Checked` when done).
fn bench_log(cfg: &Config, db: &Path, scratch: &Path, t: &mut Table) {
    let none = KeyModifiers::NONE;
    let heads = scratch.join("log-verified-heads");
    let _ = std::fs::remove_file(&heads);
    let mut tui = Tui::open(db);
    tui.settle();
    tui.app.verified_heads = Some(heads.clone());
    let (frame, full) = tui.key_until(KeyCode::Char('4'), none, chain_done);
    tui.app.wait_for_jobs();
    tui.frame();
    let intact = tui.screen_text().contains("哈希链：完整");
    t.add(
        "screens",
        "log: key 4 → next frame (event loop)",
        "",
        ms(frame),
        "",
        None,
    );
    t.goal(
        "chain-full-log",
        format!(
            "{}{}",
            ms(full),
            if intact {
                ""
            } else {
                " (not shown as intact!)"
            }
        ),
        "",
        Some(intact && full <= 5000.0),
    );
    let mut s = KeySamples::default();
    for _ in 0..100 {
        s.push(tui.key(KeyCode::PageDown, none, Wait::Block));
    }
    t.keys("screens", "log: PgDn", Some(16.0), &s.frame);
    let t0 = Instant::now();
    tui.app.handle_key(KeyEvent::new(KeyCode::Char('3'), none));
    tui.frame();
    let frame = t0.elapsed().as_secs_f64() * 1000.0;
    tui.app.wait_for_jobs();
    tui.frame();
    t.add(
        "screens",
        "reports: key 3 → frame / → counts shown (blocking)",
        "",
        format!(
            "{} / {}",
            ms(frame),
            ms(t0.elapsed().as_secs_f64() * 1000.0)
        ),
        "",
        None,
    );
    drop(tui);
    if !heads.exists() {
        t.not_measured("chain-head-log", "the full check recorded no head");
        t.not_measured("log-head-shown", "the full check recorded no head");
        return;
    }
    let (mut shown_at_once, mut from_head) = (Vec::new(), Vec::new());
    let mut head_on_screen = true;
    for _ in 0..cfg.runs.min(3) {
        let mut tui = Tui::open(db);
        tui.settle();
        tui.app.verified_heads = Some(heads.clone());
        // The first frame after the key must already name the head ("上次已核验至第 N 条").
        let (frame, _) = tui.key_until(KeyCode::Char('4'), none, |_| true);
        head_on_screen &= matches!(
            tui.app.log.chain,
            Chain::Checking(Some(_)) | Chain::Checked(_)
        );
        head_on_screen &= tui.screen_text().contains("上次已核验至第")
            || matches!(tui.app.log.chain, Chain::Checked(_));
        shown_at_once.push(frame);
        let rest = wait_in_loop(&mut tui.term, &mut tui.app, chain_done).unwrap_or(f64::NAN);
        from_head.push(frame + rest);
    }
    t.goal(
        "log-head-shown",
        format!(
            "{}{}",
            runs_text(&shown_at_once),
            if head_on_screen {
                ""
            } else {
                " (the head was not on the first frame!)"
            }
        ),
        "",
        Some(head_on_screen && worst(&shown_at_once) <= 16.0),
    );
    t.goal(
        "chain-head-log",
        runs_text(&from_head),
        "",
        Some(worst(&from_head) <= 500.0),
    );
}
