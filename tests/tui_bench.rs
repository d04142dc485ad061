//! Figures, not tests: how long the screens' store calls take on a national-sized register
//! (100,000 bodies, about 2 million events). Asserts nothing; run by hand:
//!
//!     cargo test --release --test tui_bench -- --ignored --nocapture
//!
//! The database is generated once (`store.demo`) at $CERTDESK_BENCH_DB (default
//! /tmp/certdesk-bench.db) and reused.

mod tui_common;

use certdesk::i18n::Lang;
use certdesk::store::Store;
use certdesk::store::demo::DemoOptions;
use certdesk::tui::App;
use certdesk::tui::keymap::Action;
use certdesk::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

fn time<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let r = f();
    println!("{what:<58} {:>9.2} ms", t.elapsed().as_secs_f64() * 1000.0);
    r
}

fn worst(what: &str, n: usize, mut f: impl FnMut()) {
    let mut worst = Duration::ZERO;
    let mut total = Duration::ZERO;
    for _ in 0..n {
        let t = Instant::now();
        f();
        let e = t.elapsed();
        worst = worst.max(e);
        total += e;
    }
    println!(
        "{what:<58} {:>9.2} ms mean, {:.2} ms worst ({n}×)",
        total.as_secs_f64() * 1000.0 / n as f64,
        worst.as_secs_f64() * 1000.0
    );
}

#[test]
#[ignore = "prints figures; run by hand with --ignored --nocapture"]
fn screen_queries_on_a_national_register() {
    let path =
        std::env::var("CERTDESK_BENCH_DB").unwrap_or_else(|_| "/tmp/certdesk-bench.db".into());
    let path = std::path::PathBuf::from(path);
    let today = certdesk::tui::fixture::TODAY;
    if !path.exists() {
        let mut store = Store::create_or_open(&path, today).unwrap();
        let opts = DemoOptions {
            bodies: 100_000,
            seed: 1,
            target_events: Some(2_000_000),
        };
        let r = time("generate 100k bodies, 2M events (once)", || {
            store.demo(&opts, &mut |_| {}).unwrap()
        });
        println!("  {r:?}");
    }
    let store = Store::create_or_open(&path, today).unwrap();
    println!(
        "bodies {}, qualifications {}, events {}",
        store.count(certdesk::store::read::Counted::Bodies).unwrap(),
        store
            .count(certdesk::store::read::Counted::Qualifications)
            .unwrap(),
        store.count(certdesk::store::read::Counted::Events).unwrap()
    );
    let mut app = time("open: App::new (reads the queue)", || {
        App::new(store, Lang::Zh, Theme::COLOR).unwrap()
    });
    println!("  queue items: {}", app.queue.items().len());
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut draw = |app: &mut App| {
        app.prepare(Rect::new(0, 0, 120, 40));
        term.draw(|f| certdesk::tui::view::draw(f, app)).unwrap();
    };
    time("draw the queue (120×40)", || draw(&mut app));
    time("2: register: key + draw (first query sent)", || {
        app.update(Action::GoRegister);
        draw(&mut app);
    });
    time(
        "  … background first page + capped count answered",
        || app.wait_for_reader(),
    );
    draw(&mut app);
    time(
        "1: queue: key + draw (kept up to date: nothing to read)",
        || {
            app.update(Action::GoQueue);
            draw(&mut app);
        },
    );
    app.update(Action::GoRegister);
    draw(&mut app);
    worst("j in the register (keyset, 1 row)", 200, || {
        app.update(Action::Down);
        draw(&mut app);
    });
    worst("PgDn in the register (keyset, a page)", 50, || {
        app.update(Action::PageDown);
        draw(&mut app);
    });
    time("G: last page", || {
        app.update(Action::Bottom);
        draw(&mut app);
    });
    time("g: first page", || {
        app.update(Action::Top);
        draw(&mut app);
    });
    app.update(Action::Filter);
    for (label, text) in [
        ("1 char (LIKE)", "检"),
        ("2 chars (LIKE)", "检测"),
        ("4 chars (FTS trigram)", "检测技术"),
        ("rare, 4 chars", "京国实认"),
    ] {
        app.update(Action::ClearLine);
        for c in text.chars() {
            app.update(Action::Insert(c));
        }
        time(&format!("filter {label}: keys + draw (query sent)"), || {
            draw(&mut app)
        });
        time("  … background page + count answered", || {
            app.wait_for_reader()
        });
        draw(&mut app);
        println!("  matches: {}", app.register.count);
    }
    app.update(Action::ClearLine);
    for c in "CNCA-R-20".chars() {
        app.update(Action::Insert(c));
    }
    time("filter approval-number prefix: keys + draw", || {
        draw(&mut app)
    });
    time("  … background page + count answered", || {
        app.wait_for_reader()
    });
    app.update(Action::ClearLine);
    app.update(Action::Close);
    draw(&mut app);
    app.update(Action::NextPane);
    time("facet: status = active: key + draw", || {
        app.update(Action::NextValue);
        draw(&mut app);
    });
    time("  … background page + count answered", || {
        app.wait_for_reader()
    });
    app.update(Action::ClearFilters);
    app.update(Action::Close);
    draw(&mut app);
    time("open a body's file (Enter)", || {
        app.update(Action::Open);
        draw(&mut app);
    });
    println!(
        "  history lines: {}",
        app.body.as_ref().map(|b| b.file.history.len()).unwrap_or(0)
    );
    time("4: log: key + draw (first page sent)", || {
        app.update(Action::GoLog);
        draw(&mut app);
    });
    time("  … background first page answered", || {
        app.wait_for_reader()
    });
    draw(&mut app);
    worst("PgDn in the log", 50, || {
        app.update(Action::PageDown);
        draw(&mut app);
    });
    time("G in the log (oldest)", || {
        app.update(Action::Bottom);
        draw(&mut app);
    });
    for (label, text) in [
        ("an act name", "suspend"),
        ("words of a reason", "整改"),
        ("nothing matches", "zzzz"),
    ] {
        app.update(Action::Filter);
        app.update(Action::ClearLine);
        for c in text.chars() {
            app.update(Action::Insert(c));
        }
        time(&format!("log filter, {label}: keys + draw"), || {
            draw(&mut app)
        });
        time("  … background first page answered", || {
            app.wait_for_reader()
        });
        draw(&mut app);
        app.update(Action::Close);
        worst("  j ×20 under that filter", 20, || {
            app.update(Action::Down);
            draw(&mut app);
        });
    }
    app.update(Action::Filter);
    app.update(Action::ClearLine);
    app.update(Action::Close);
    draw(&mut app);
    app.wait_for_reader();
    time("background: hash chain over every event", || {
        app.wait_for_jobs()
    });
    time("3: reports (background job, waited for)", || {
        app.update(Action::GoReports);
        app.wait_for_jobs();
        draw(&mut app);
    });
    worst("poll data_version", 100, || {
        app.check_data_version();
    });
    // Another user's commit: what the loop does on the tick after it.
    {
        let mut other = Store::create_or_open(&path, today).unwrap();
        other.set_actor("bench");
        other.set_setting("validity_years", "6").unwrap();
    }
    app.update(Action::GoRegister);
    draw(&mut app);
    app.wait_for_reader();
    time(
        "another user's commit noticed: reload on the tick (register shown)",
        || {
            app.check_data_version();
            draw(&mut app);
        },
    );
    time("  … background count + queue answered", || {
        app.wait_for_reader()
    });
}
