//! Known causes of the misses, keyed by the goal's id (`report::GOALS`). Written by the
//! engineer who profiled the figure (perf, heaptrack, EXPLAIN QUERY PLAN), with the commit it
//! was found on: when a fix lands or the figure moves, profile again and update or remove the
//! line. A miss without a line here is reported as "cause not yet known".

const KNOWN: &[(&str, &str)] = &[
    (
        "filter-zh-1",
        "1–2 Chinese characters cannot use the FTS5 trigram index (it needs 3): the names are scanned with LIKE, and the capped count is a second query (profiled at `cc1c230`; issue 12 point 1 asks for a 1–2 character index). While the reader is busy the loop wakes every 15 ms (`App::wake_interval`) instead of when the answer arrives.",
    ),
    (
        "filter-zh-2",
        "as for 1 character: LIKE scan of the names plus a second query for the capped count (profiled at `cc1c230`); the loop's 15 ms wake adds up to one interval.",
    ),
    (
        "filter-zh-3",
        "the FTS part answers in ≈ 1 ms, but the page and the capped count join every match to its qualifications and sort them (`USE TEMP B-TREE FOR ORDER BY`, profiled at `cc1c230`); the loop's 15 ms wake adds up to one interval.",
    ),
    (
        "filter-uscc",
        "LIKE is case-insensitive, so the BINARY unique index on `uscc` cannot serve it, and an OR across the join's two tables defeats SQLite's OR optimisation: `SCAN q` (profiled at `cc1c230`; point 1 asks for prefix ranges).",
    ),
    (
        "filter-approval",
        "the same query form as the USCC prefix: `q.approval_no LIKE ?` inside an OR across the join, no index range (profiled at `cc1c230`).",
    ),
    (
        "register-gg",
        "with no cursor the first and last pages order by the sort key across two tables and SQLite sorts every qualification (`USE TEMP B-TREE FOR ORDER BY`, profiled at `cc1c230`).",
    ),
    (
        "register-first",
        "the same scan and sort as `G` / `g`: the first page of a sort has no cursor (profiled at `cc1c230`).",
    ),
    (
        "first-frame-cold",
        "`App::new` computes the whole queue before the first frame: ≈ 27,800 random page reads of 4 KiB (follow-up → qualification → body per item) which a cold page cache serves from disk (strace and perf at `cc1c230`; point 3: draw first, load the queue in the background).",
    ),
    (
        "act-queue",
        "after the act the whole queue is computed again on the reader (≈ 110 ms at 100k bodies, profiled at `cc1c230`); point 4 asks to update only what the act changed.",
    ),
    (
        "import-rss",
        "heaptrack at `cc1c230`: the whole file is read into memory (≈ 30 MB, kept while the rows stream, hashed at the end) and the duplicate maps hold an owned approval number, USCC and name per row (≈ 23 MB).",
    ),
    (
        "import-time",
        "certdesk writes about 5× the bytes of the one-table peer (body with 3 indexes and FTS, qualification with 4, scope items, follow-ups, a hash-chained grant event with row images), and SQLite's default 2 MB page cache spills the transaction to the WAL and reads it back (perf at `5378c5c`).",
    ),
    (
        "chain-full-check",
        "`check --full` is more than the chain: SQLite's `integrity_check` (≈ 6 s at 2 M events) and the replay of every row image (≈ 4.9 M images of JSON text) come on top of the hashes (perf at `5378c5c`).",
    ),
    (
        "chain-full-log",
        "every event's fields are read and hashed: ≈ 2.5 GB of event table at 2 M events, split over at most 4 segments (`verify_chain_from`) on a 2-core machine (measured at `cc1c230`: 6.9 s).",
    ),
    (
        "chain-head-check",
        "a plain `check` skips the hashes up to the head but still replays every event from the first (it has to know every row) and runs `quick_check` (perf at `5378c5c`: 43 % reading the event table, 8 % quick_check).",
    ),
];

/// The known cause of a miss of goal `id`.
pub fn cause_of(id: &str) -> Option<&'static str> {
    KNOWN.iter().find(|(k, _)| *k == id).map(|(_, c)| *c)
}
