//! The register's filters timed on a database of your own (not a test, not a bench): every
//! filter kind, alone and with facets and sorts, as the register screen asks for it — the first
//! page and the capped count — with the median and p99 of many runs and the SQLite pages each
//! one touched (cache hits + misses of the connection).
//!
//!     cargo run --release --example register_filters -- DATABASE [--today 2026-11-27] [--runs 5]
//!
//! The database is opened to write (an older schema is upgraded): run it on a copy.

use certdesk::domain::ids::BodyKind;
use certdesk::domain::model::QualStatus;
use certdesk::store::Store;
use certdesk::store::register::{RegisterQuery, RegisterSort};
use std::collections::BTreeMap;
use std::time::Instant;

const PAGE: usize = 40;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut db = None;
    let mut today = "2026-11-27".to_string();
    let mut runs = 5usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--today" => today = args.next().expect("--today DATE"),
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            other => db = Some(std::path::PathBuf::from(other)),
        }
    }
    let db = db.expect("usage: register_filters DATABASE [--today DATE] [--runs N]");
    let t0 = Instant::now();
    let store = Store::open(&db, today.parse().expect("a date")).expect("open");
    println!("open (and upgrade, if any): {:.0} ms", ms(t0));

    let samples = sample_bodies(&store, 120);
    let mut kinds: BTreeMap<String, Vec<(f64, i64, u64)>> = BTreeMap::new();
    let mut rng = 42u64;
    let mut below = |n: usize| {
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((rng >> 33) as usize) % n.max(1)
    };
    let mut queries: Vec<(String, RegisterQuery)> = Vec::new();
    for (i, (name, uscc, approval, region)) in samples.iter().enumerate() {
        let chars: Vec<char> = name.chars().collect();
        if chars.len() < 6 {
            continue;
        }
        let start = below(chars.len() - 4);
        for n in 1..=4 {
            let text: String = chars[start..start + n].iter().collect();
            let label = match n {
                1 => "Chinese 1 char",
                2 => "Chinese 2 chars",
                _ => "Chinese 3-4 chars (FTS)",
            };
            queries.push((label.into(), text_query(&text)));
            // The same text with a facet and another sort, as an officer narrows it down.
            let facet = match i % 5 {
                0 => RegisterQuery {
                    region: Some(region[..2].to_string()),
                    ..text_query(&text)
                },
                1 => RegisterQuery {
                    status: Some(QualStatus::Active),
                    sort: RegisterSort::ValidUntil,
                    descending: true,
                    ..text_query(&text)
                },
                2 => RegisterQuery {
                    kind: Some(BodyKind::Cb),
                    sort: RegisterSort::Uscc,
                    ..text_query(&text)
                },
                3 => RegisterQuery {
                    region: Some(region[..4].to_string()),
                    status: Some(QualStatus::Suspended),
                    ..text_query(&text)
                },
                _ => RegisterQuery {
                    sort: RegisterSort::Status,
                    ..text_query(&text)
                },
            };
            queries.push((format!("{label} + facet/sort"), facet));
        }
        if i % 3 == 0 {
            for n in 1..=10 {
                queries.push(("USCC prefix 1-10".into(), text_query(&uscc[..n])));
            }
            let chars: Vec<char> = approval.chars().collect();
            for n in 1..=chars.len().min(10) {
                let text: String = chars[..n].iter().collect();
                queries.push(("approval prefix 1-10".into(), text_query(&text)));
            }
        }
    }
    for sort in RegisterSort::ALL {
        for descending in [false, true] {
            let q = RegisterQuery {
                sort,
                descending,
                ..Default::default()
            };
            queries.push(("g/G (first/last page, every sort)".into(), q));
        }
    }
    for _ in 0..runs {
        for (label, q) in &queries {
            let backwards = label.starts_with("g/G") && below(2) == 1;
            let before = pages_touched(&store);
            let t = Instant::now();
            let rows = store.register_page(q, None, backwards, PAGE).expect("page");
            let count = store.register_count(q).expect("count");
            let took = ms(t);
            let pages = pages_touched(&store) - before;
            assert!(rows.len() as u64 <= count.max(rows.len() as u64));
            kinds
                .entry(label.clone())
                .or_default()
                .push((took, pages, count));
        }
    }
    println!(
        "{:<40} {:>6} {:>8} {:>8} {:>8} {:>10}",
        "filter (first page of 40 + capped count)", "n", "p50 ms", "p99 ms", "max ms", "pages p50"
    );
    for (label, v) in &kinds {
        let mut t: Vec<f64> = v.iter().map(|x| x.0).collect();
        let mut p: Vec<i64> = v.iter().map(|x| x.1).collect();
        t.sort_by(f64::total_cmp);
        p.sort();
        println!(
            "{label:<40} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>10}",
            t.len(),
            t[t.len() / 2],
            t[(t.len() * 99 / 100).min(t.len() - 1)],
            t[t.len() - 1],
            p[p.len() / 2]
        );
    }
}

fn text_query(text: &str) -> RegisterQuery {
    RegisterQuery {
        text: text.to_string(),
        ..Default::default()
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Pages the connection has asked its cache for so far (hits and misses).
fn pages_touched(store: &Store) -> i64 {
    let mut total = 0;
    for op in [
        rusqlite::ffi::SQLITE_DBSTATUS_CACHE_HIT,
        rusqlite::ffi::SQLITE_DBSTATUS_CACHE_MISS,
    ] {
        let (mut cur, mut hi) = (0, 0);
        // SAFETY: the handle is the store's open connection, used on this thread only.
        unsafe {
            rusqlite::ffi::sqlite3_db_status(store.conn().handle(), op, &mut cur, &mut hi, 0)
        };
        total += cur as i64;
    }
    total
}

/// Names, USCCs, an approval number and the region of bodies spread over the register.
fn sample_bodies(store: &Store, n: i64) -> Vec<(String, String, String, String)> {
    let conn = store.conn();
    let total: i64 = conn
        .query_row("SELECT max(id) FROM body", [], |r| r.get(0))
        .expect("count");
    let step = (total / n).max(1);
    let mut stmt = conn
        .prepare(
            "SELECT b.name, b.uscc, (SELECT min(approval_no) FROM qualification WHERE body_id = b.id), b.region
             FROM body b WHERE b.id % ?1 = 7 ORDER BY b.id LIMIT ?2",
        )
        .expect("prepare");
    stmt.query_map(rusqlite::params![step, n], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            r.get(3)?,
        ))
    })
    .expect("query")
    .map(|r| r.expect("row"))
    .collect()
}
