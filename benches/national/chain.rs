//! Issue 12 point 6 through the CLI: `certdesk check --full` (records the head it verified in
//! the bench's own cache folder, `XDG_CACHE_HOME` set by `main`), then plain `certdesk check`
//! from that head; and the chain alone through the store's call (`verify_chain_from`), to
//! tell the chain from the rest of `check`.

use crate::Config;
use crate::common::*;
use crate::report::{Table, runs_text};
use certdesk::store::Store;
use certdesk::store::events::verify_chain_from;
use std::path::Path;
use std::time::Instant;

#[derive(serde::Deserialize)]
struct CheckReport {
    ok: bool,
    events: u64,
}

fn check(db: &Path, full: bool) -> (Run, CheckReport) {
    let mut args = vec!["check", "--format", "json"];
    if full {
        args.insert(1, "--full");
    }
    let r = certdesk(db, &args, None);
    let report: CheckReport = serde_json::from_str(&r.stdout).expect("the check report");
    assert!(report.ok, "certdesk check found a problem: {}", r.stdout);
    (r, report)
}

pub fn bench_chain(cfg: &Config, demo: &Path, scratch: &Path, t: &mut Table) {
    println!("\n6. hash chain (certdesk check)");
    let db = scratch.join("chain.db");
    copy_db(demo, &db);
    let n = cfg.runs.min(3);
    let (mut full, mut head, mut rss) = (Vec::new(), Vec::new(), Vec::new());
    let mut events = 0;
    for _ in 0..n {
        let (r, rep) = check(&db, true);
        full.push(r.ms);
        rss.push(r.rss_kb);
        events = rep.events;
    }
    for _ in 0..n {
        let (r, _) = check(&db, false);
        head.push(r.ms);
        rss.push(r.rss_kb);
    }
    t.goal(
        "chain-full-check",
        format!(
            "{} over {events} events; peak RSS {}",
            runs_text(&full),
            mb(worst(&rss))
        ),
        "",
        Some(worst(&full) <= 5000.0),
    );
    t.goal(
        "chain-head-check",
        runs_text(&head),
        "",
        Some(worst(&head) <= 500.0),
    );

    // The chain alone, in-process, as the log screen's job runs it.
    let store = Store::open_read_only(&db, today()).expect("open read-only");
    let (mut alone, mut from) = (Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..n {
        let t0 = Instant::now();
        let report = verify_chain_from(store.conn(), None).expect("verify the chain");
        alone.push(t0.elapsed().as_secs_f64() * 1000.0);
        assert!(report.first_bad.is_none(), "the chain is broken");
        last = report.head;
    }
    for _ in 0..n {
        let t0 = Instant::now();
        verify_chain_from(store.conn(), last.as_ref()).expect("verify the chain");
        from.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    t.runs(
        "chain",
        format!("the chain alone, in full: `verify_chain_from(conn, None)`, {events} events"),
        Some(5000.0),
        &alone,
    );
    t.runs(
        "chain",
        "the chain alone from its last head: `verify_chain_from(conn, Some(head))`",
        Some(500.0),
        &from,
    );
    drop(store);
    remove_db(&db);
}
