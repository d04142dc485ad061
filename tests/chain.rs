//! The event chain verified in segments read in parallel, and from a head verified before:
//! the same findings as one pass from the first event.

mod common;

use certdesk::domain::Date;
use certdesk::domain::acts::{ActKind, ActRequest};
use certdesk::domain::ids::ApprovalNo;
use certdesk::import::{EncodingChoice, check_table, read_table};
use certdesk::store::Store;
use certdesk::store::events::{ChainReport, Head, verify_chain, verify_chain_in_segments};
use certdesk::store::import::BatchMode;
use common::*;
use jiff::civil::date;
use rusqlite::Connection;
use std::path::Path;

const T: Date = date(2026, 11, 27);

/// A register of `rows` grants and one act on each of the first `acts`.
fn register(dir: &Path, rows: u32, acts: u32) -> Store {
    let mut store = Store::create_or_open(&dir.join("t.db"), T).unwrap();
    let file = batch(dir, "b.csv", 1, rows);
    let table = read_table(&file, None, EncodingChoice::Auto).unwrap();
    let checked = check_table(&table);
    let mode = BatchMode {
        dry_run: false,
        skip_invalid: false,
    };
    store
        .import_grants("b.csv", &table.sha256, &checked.rows, 0, mode)
        .unwrap();
    for i in 1..=acts {
        let req = ActRequest {
            act: Some(ActKind::OrderRectification),
            date: Some(date(2026, 11, 20)),
            basis: "检验检测机构资质认定管理办法第四十二条".into(),
            doc_no: "京市监认〔2026〕1号".into(),
            reason: "检测人员不足".into(),
            deadline: Some(date(2027, 2, 20)),
            ..Default::default()
        };
        let no = ApprovalNo::parse(&cma_no(i)).unwrap();
        store.perform(&no, &req, None).unwrap();
    }
    store
}

fn head_of(conn: &Connection, id: i64) -> Head {
    Head {
        event_id: id,
        hash: conn
            .query_row("SELECT hash FROM event WHERE id = ?1", [id], |r| r.get(0))
            .unwrap(),
    }
}

/// Someone who can write the file drops the append-only triggers.
fn unguard(conn: &Connection) {
    conn.execute_batch(
        "DROP TRIGGER event_append_only_update; DROP TRIGGER event_append_only_delete;",
    )
    .unwrap();
}

/// One pass, and 2, 3 and 5 segments of at least one event: the same report.
fn every_way(conn: &Connection, trusted: Option<&Head>) -> ChainReport {
    let one = verify_chain_in_segments(conn, trusted, 1, 1).unwrap();
    for segments in [2, 3, 5] {
        assert_eq!(
            verify_chain_in_segments(conn, trusted, segments, 1).unwrap(),
            one,
            "{segments} segments"
        );
    }
    one
}

#[test]
fn segments_find_what_one_pass_finds() {
    let dir = tempfile::tempdir().unwrap();
    let store = register(dir.path(), 40, 20);
    let conn = store.conn();
    let total: i64 = conn
        .query_row("SELECT max(id) FROM event", [], |r| r.get(0))
        .unwrap();
    let whole = every_way(conn, None);
    assert_eq!(whole.events, total as u64);
    assert_eq!(whole.first_bad, None);
    assert_eq!(whole.head, Some(head_of(conn, total)));
    assert_eq!(whole, verify_chain(conn).unwrap());

    unguard(conn);
    // An edited event in the middle, then a deleted one before it at a segment's edge: the
    // first problem is named, whichever segment it is in.
    conn.execute("UPDATE event SET reason = 'x' WHERE id = 50", [])
        .unwrap();
    let r = every_way(conn, None);
    assert_eq!(r.first_bad.as_ref().map(|b| b.0), Some(50));
    assert!(r.first_bad.unwrap().1.to_string().contains("altered"));
    assert_eq!(r.events, 50);

    for deleted in [31, 21] {
        conn.execute("DELETE FROM event WHERE id = ?1", [deleted])
            .unwrap();
        let r = every_way(conn, None);
        assert_eq!(r.first_bad.as_ref().map(|b| b.0), Some(deleted + 1));
        assert!(
            r.first_bad
                .unwrap()
                .1
                .to_string()
                .contains(&format!("events {deleted}..{deleted}")),
            "a gap is named"
        );
    }
}

#[test]
fn a_link_forged_at_a_segment_edge_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = register(dir.path(), 30, 0);
    let conn = store.conn();
    unguard(conn);
    // Event 16's link is made to point elsewhere: 2 segments of 16 events meet there.
    conn.execute(
        "UPDATE event SET prev_hash = ?1 WHERE id = 16",
        [&"0".repeat(64)],
    )
    .unwrap();
    let r = every_way(conn, None);
    assert_eq!(r.first_bad.as_ref().map(|b| b.0), Some(16));
    assert!(r.first_bad.unwrap().1.to_string().contains("does not link"));
}

#[test]
fn from_a_verified_head_only_later_events_are_hashed() {
    let dir = tempfile::tempdir().unwrap();
    let store = register(dir.path(), 30, 10);
    let conn = store.conn();
    let head = head_of(conn, 25);
    let last: i64 = conn
        .query_row("SELECT max(id) FROM event", [], |r| r.get(0))
        .unwrap();
    let r = every_way(conn, Some(&head));
    assert_eq!(r.trusted, Some(head.clone()));
    assert_eq!((r.first_bad.clone(), r.events), (None, last as u64));
    assert_eq!(r.head, Some(head_of(conn, last)));
    // Nothing new since: the head is the trusted one.
    let at_end = head_of(conn, last);
    let r = every_way(conn, Some(&at_end));
    assert_eq!((r.head, r.trusted), (Some(at_end.clone()), Some(at_end)));

    unguard(conn);
    // An edit after the head is found; one before it is left to the full check, which finds it.
    conn.execute("UPDATE event SET reason = 'x' WHERE id = 30", [])
        .unwrap();
    assert_eq!(
        every_way(conn, Some(&head)).first_bad.map(|b| b.0),
        Some(30)
    );
    conn.execute("UPDATE event SET reason = 'x' WHERE id = 30", [])
        .unwrap();
    let r = every_way(conn, None);
    assert_eq!(r.first_bad.map(|b| b.0), Some(30));
}

#[test]
fn a_head_the_chain_no_longer_holds_is_said_and_everything_recomputed() {
    let dir = tempfile::tempdir().unwrap();
    let store = register(dir.path(), 30, 0);
    let conn = store.conn();
    let head = head_of(conn, 20);
    unguard(conn);
    // An event before the head deleted: the head's own hash still matches, the count does not.
    conn.execute("DELETE FROM event WHERE id = 7", []).unwrap();
    let r = every_way(conn, Some(&head));
    assert_eq!(r.trusted, None);
    assert_eq!(r.trusted_lost, Some(head.clone()));
    assert_eq!(r.first_bad.map(|b| b.0), Some(8));

    // A head with another hash (a replaced database): lost, and the chain itself still holds.
    let dir = tempfile::tempdir().unwrap();
    let store = register(dir.path(), 10, 0);
    let forged = Head {
        event_id: 5,
        hash: "ab".repeat(32),
    };
    let r = every_way(store.conn(), Some(&forged));
    assert_eq!(r.trusted_lost, Some(forged));
    assert_eq!(r.first_bad, None);
}
