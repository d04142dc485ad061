-- certdesk schema, version 9. Applied by Store::create; store::migrate upgrades versions 1 to 8.
-- Every table a user can change has `id INTEGER PRIMARY KEY`: events record the rows an act
-- changed by id (store::capture), and `certdesk check` replays them against every table.
-- Dates are ISO text (YYYY-MM-DD), timestamps UTC RFC 3339. Every row a user can change has a version.
-- Enumerations are checked as `x = 'a' OR x = 'b'`, not `x IN (…)`: SQLite builds a temporary
-- table for an IN list of three or more on every insert, measured at 2.4× the cost of a write.

CREATE TABLE body (
    id            INTEGER PRIMARY KEY,
    uscc          TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18),
    name          TEXT NOT NULL CHECK (name <> ''),
    kind          TEXT NOT NULL CHECK (kind = 'cb' OR kind = 'cma'),
    region        TEXT NOT NULL,
    risk_class    TEXT NOT NULL CHECK (risk_class = 'A' OR risk_class = 'B' OR risk_class = 'C' OR risk_class = 'D'),
    address       TEXT,
    legal_rep     TEXT,
    bar_until     TEXT,
    commitment_barred INTEGER NOT NULL DEFAULT 0 CHECK (commitment_barred = 0 OR commitment_barred = 1),
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    -- The name's pinyin sort key (domain::collation::name_sort_key), written with the name.
    name_sort     TEXT NOT NULL DEFAULT ''
);
-- Register order and keyset paging.
CREATE INDEX body_by_name ON body (name, id);
CREATE INDEX body_by_name_sort ON body (name_sort, id);
CREATE INDEX body_by_region ON body (region, name, id);
-- The register sorted by region and by risk class, body by body (schema version 8).
CREATE INDEX body_by_region_id ON body (region, id);
CREATE INDEX body_by_risk ON body (risk_class, id);

-- Name search: trigram FTS handles Chinese substrings of 3+ characters; shorter ones use LIKE.
-- New bodies are indexed by the store once per batch (store::index_new_names): an insert
-- trigger would make FTS5 flush its index after every single row.
CREATE VIRTUAL TABLE body_fts USING fts5 (name, content = 'body', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER body_fts_update AFTER UPDATE OF name ON body BEGIN
    INSERT INTO body_fts (body_fts, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO body_fts (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER body_fts_delete AFTER DELETE ON body BEGIN
    INSERT INTO body_fts (body_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;

-- Name search of 1–2 characters (schema version 9): every 1- and 2-character substring of each
-- name, ASCII letters lower-cased as LIKE compares them, so `gram = ?` finds what
-- `name LIKE '%…%'` would, by the index. Derived like body_fts, not part of the record: new
-- bodies by the store (store::index_new_names), renames and deletions by these triggers. The
-- positions 0 … length − 1 are json_each's keys of an array of that many zeros (a trigger
-- cannot hold a WITH). The old entries are deleted by their grams, each a lookup of the primary
-- key: `WHERE body_id = ?` alone would scan the whole index on every change of a name.
CREATE TABLE body_name_gram (
    gram     TEXT NOT NULL,
    body_id  INTEGER NOT NULL,
    PRIMARY KEY (gram, body_id)
) WITHOUT ROWID;
CREATE TRIGGER body_name_gram_update AFTER UPDATE OF name ON body BEGIN
    DELETE FROM body_name_gram WHERE body_id = old.id AND gram IN (
        SELECT lower(substr(old.name, p.key + 1, w.value))
        FROM json_each('[' || rtrim(replace(hex(zeroblob(length(old.name))), '00', '0,'), ',') || ']') p,
             json_each('[1,2]') w
        WHERE p.key + w.value <= length(old.name));
    INSERT OR IGNORE INTO body_name_gram (gram, body_id)
        SELECT lower(substr(new.name, p.key + 1, w.value)), new.id
        FROM json_each('[' || rtrim(replace(hex(zeroblob(length(new.name))), '00', '0,'), ',') || ']') p,
             json_each('[1,2]') w
        WHERE p.key + w.value <= length(new.name);
END;
CREATE TRIGGER body_name_gram_delete AFTER DELETE ON body BEGIN
    DELETE FROM body_name_gram WHERE body_id = old.id AND gram IN (
        SELECT lower(substr(old.name, p.key + 1, w.value))
        FROM json_each('[' || rtrim(replace(hex(zeroblob(length(old.name))), '00', '0,'), ',') || ']') p,
             json_each('[1,2]') w
        WHERE p.key + w.value <= length(old.name));
END;

CREATE TABLE credit_listing (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES body (id),
    list       TEXT NOT NULL CHECK (list = 'abnormal' OR list = 'serious'),
    listed_on  TEXT NOT NULL,
    UNIQUE (body_id, list)
);

CREATE TABLE qualification (
    id            INTEGER PRIMARY KEY,
    body_id       INTEGER NOT NULL REFERENCES body (id),
    approval_no   TEXT NOT NULL UNIQUE,
    route         TEXT NOT NULL CHECK (route = 'commitment' OR route = 'optimized' OR route = 'general'),
    decided_on    TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status = 'active' OR status = 'pending_verification' OR status = 'renewal_pending' OR status = 'suspended' OR status = 'expired' OR status = 'revoked' OR status = 'revoked_penalty' OR status = 'withdrawn' OR status = 'cancelled'),
    authority     TEXT NOT NULL,
    doc_no        TEXT NOT NULL,
    predecessor_id INTEGER REFERENCES qualification (id),
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    CHECK (valid_until > decided_on)
);
CREATE INDEX qualification_by_body ON qualification (body_id);
-- Renewals due and approvals expiring (a range on the end date), and the register sorted by it.
CREATE INDEX qualification_by_end ON qualification (valid_until);
CREATE INDEX qualification_by_status ON qualification (status);
-- The register sorted by route, and by the state as derived today: each stored state's rows
-- in end-date order (store::register, `status_segments`) (schema version 8).
CREATE INDEX qualification_by_route ON qualification (route);
CREATE INDEX qualification_by_status_end ON qualification (status, valid_until);

CREATE TABLE scope_item (
    id               INTEGER PRIMARY KEY,
    qualification_id INTEGER NOT NULL REFERENCES qualification (id),
    item             TEXT NOT NULL CHECK (item <> ''),
    status           TEXT NOT NULL CHECK (status = 'active' OR status = 'revoked' OR status = 'removed'),
    since            TEXT NOT NULL,
    UNIQUE (qualification_id, item)
);

-- Open items with a due date: commitment verifications, rectification deadlines, suspension periods,
-- penalties to publish. Closed ones stay, with their result.
CREATE TABLE follow_up (
    id               INTEGER PRIMARY KEY,
    qualification_id INTEGER NOT NULL REFERENCES qualification (id),
    kind             TEXT NOT NULL CHECK (kind = 'verification' OR kind = 'rectification' OR kind = 'suspension' OR kind = 'publication' OR kind = 'publication_end' OR kind = 'publication_withdrawal'),
    opened_on        TEXT NOT NULL,
    due_on           TEXT NOT NULL,
    due_estimated    INTEGER NOT NULL DEFAULT 0 CHECK (due_estimated = 0 OR due_estimated = 1),
    closed_on        TEXT,
    result           TEXT
);
CREATE INDEX follow_up_open_by_due ON follow_up (due_on) WHERE closed_on IS NULL;
CREATE INDEX follow_up_by_qualification ON follow_up (qualification_id);
-- Reports by period (schema version 8): verifications done in a period, follow-ups overdue at
-- a month end (due before it, closed or not).
CREATE INDEX follow_up_by_kind_closed ON follow_up (kind, closed_on);
CREATE INDEX follow_up_by_due ON follow_up (due_on);

-- Penalties with their procedure facts (行政处罚法 Art. 42, 44, 63–64).
CREATE TABLE sanction (
    id                INTEGER PRIMARY KEY,
    qualification_id  INTEGER NOT NULL REFERENCES qualification (id),
    act               TEXT NOT NULL CHECK (act = 'suspend' OR act = 'revoke-penalty'),
    decided_on        TEXT NOT NULL,
    notice_served_on  TEXT,
    hearing           TEXT CHECK (hearing = 'requested' OR hearing = 'waived' OR hearing = 'not_requested' OR hearing = 'not_applicable' OR hearing GLOB 'held:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    officers          TEXT NOT NULL DEFAULT '',
    doc_no            TEXT NOT NULL DEFAULT '',
    basis             TEXT NOT NULL,
    event_id          INTEGER NOT NULL
);
CREATE INDEX sanction_by_qualification ON sanction (qualification_id);

-- Applications (办件) an authority decides, with their statutory clock.
CREATE TABLE application (
    id            INTEGER PRIMARY KEY,
    purpose       TEXT NOT NULL CHECK (purpose = 'new' OR purpose = 'renewal'),
    uscc          TEXT NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind = 'cb' OR kind = 'cma'),
    route         TEXT NOT NULL CHECK (route = 'commitment' OR route = 'optimized' OR route = 'general'),
    approval_no   TEXT,
    scope         TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL DEFAULT '',
    risk_class    TEXT NOT NULL DEFAULT 'B' CHECK (risk_class = 'A' OR risk_class = 'B' OR risk_class = 'C' OR risk_class = 'D'),
    received_on   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status = 'received' OR status = 'materials_requested' OR status = 'accepted' OR status = 'paused' OR status = 'granted' OR status = 'refused' OR status = 'withdrawn'),
    accepted_on   TEXT,
    paused_since  TEXT,
    paused_total  INTEGER NOT NULL DEFAULT 0,
    decided_on    TEXT,
    qualification_id INTEGER REFERENCES qualification (id),
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    -- A renewal filed inside the lead time: received, but not renewed by law (Art. 50(2)).
    late          INTEGER NOT NULL DEFAULT 0 CHECK (late = 0 OR late = 1)
);
CREATE INDEX application_open ON application (status);
-- The open renewal of an approval (a renewal is an application no other act erases).
CREATE INDEX application_by_approval ON application (approval_no);

-- Penalty cases (行政处罚的一般程序): the date of each step, so that a decision is refused
-- when a step the law requires is missing or its clock has not run (行政处罚法 Art. 42–65).
CREATE TABLE penalty_case (
    id                  INTEGER PRIMARY KEY,
    case_no             TEXT NOT NULL UNIQUE CHECK (case_no <> ''),
    qualification_id    INTEGER NOT NULL REFERENCES qualification (id),
    intended            TEXT NOT NULL CHECK (intended = 'suspend' OR intended = 'revoke-penalty'),
    -- A lead (线索) is registered with lead_on alone; 立案 sets opened_on.
    lead_on             TEXT,
    opened_on           TEXT CHECK (opened_on IS NOT NULL OR lead_on IS NOT NULL),
    officers            TEXT NOT NULL,
    notice_served_on    TEXT,
    hearing             TEXT CHECK (hearing = 'requested' OR hearing = 'waived' OR hearing = 'not_requested' OR hearing = 'not_applicable'),
    hearing_answered_on TEXT,
    hearing_noticed_on  TEXT,
    hearing_on          TEXT,
    hearing_held_on     TEXT,
    extension_days      INTEGER NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
    decided_on          TEXT,
    decision            TEXT,
    decision_event_id   INTEGER,
    served_on           TEXT,
    closed_on           TEXT,
    outcome             TEXT,
    version             INTEGER NOT NULL DEFAULT 1,
    updated_at          TEXT NOT NULL,
    updated_by          TEXT NOT NULL
);
CREATE INDEX penalty_case_by_qualification ON penalty_case (qualification_id);

CREATE TABLE import_batch (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    written     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    rejected    INTEGER NOT NULL
);
CREATE INDEX import_batch_by_sha ON import_batch (sha256);

-- A long write in progress (an import's transaction): what other officers' acts wait for, and
-- what they are told while they wait. Not part of the record (no events, not replayed by check):
-- the row is committed just before the batch's transaction, deleted by it, or after it when it
-- rolls back; a row whose process is gone (kill -9) is ignored.
CREATE TABLE long_write (
    id             INTEGER PRIMARY KEY,
    what           TEXT NOT NULL CHECK (what = 'import'),
    file           TEXT NOT NULL,
    login          TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    host           TEXT NOT NULL,
    pid            INTEGER NOT NULL,
    -- /proc/PID/stat's start time: a pid used again by another process is not the writer.
    process_start  TEXT NOT NULL
);

-- Working-day calendar: public holidays (off) and make-up working days (work). A year with no rows
-- is not covered: deadlines in it are counted on weekends alone and flagged.
CREATE TABLE calendar_day (
    id      INTEGER PRIMARY KEY,
    day     TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL CHECK (kind = 'off' OR kind = 'work'),
    source  TEXT NOT NULL
);

CREATE TABLE setting (
    id     INTEGER PRIMARY KEY,
    key    TEXT NOT NULL UNIQUE,
    value  TEXT NOT NULL
);

-- The people of the office: the login recorded on every act, and the name and certificate
-- shown beside it (never instead of it).
CREATE TABLE officer (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL UNIQUE CHECK (login <> ''),
    name        TEXT NOT NULL DEFAULT '',
    cert_no     TEXT NOT NULL DEFAULT '',
    dept        TEXT NOT NULL DEFAULT '',
    kinds       TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    -- The authority the officer works for (e.g. 深圳市南山区市场监督管理局) and its jurisdiction:
    -- a GB/T 2260 prefix (44 a province, 4403 a city, 440305 a county) the queue, register and
    -- reports open on; '' for none (everything shown). Added by schema version 5.
    authority   TEXT NOT NULL DEFAULT '',
    jurisdiction TEXT NOT NULL DEFAULT '' CHECK (jurisdiction = '' OR ((length(jurisdiction) = 2 OR length(jurisdiction) = 4 OR length(jurisdiction) = 6) AND jurisdiction NOT GLOB '*[^0-9]*'))
);

-- Random inspections (双随机、一公开, docs/INSPECTIONS.md). Added by schema version 6
-- (store::upgrade_5_to_6); every row written by an act of store/inspections.rs with its event.

-- The list of inspection items (随机抽查事项清单): no inspection without an item on it.
CREATE TABLE inspection_item (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (name <> ''),
    basis       TEXT NOT NULL CHECK (basis <> ''),
    content     TEXT NOT NULL,
    method      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind = 'cb' OR kind = 'cma'),
    -- 重点检查事项 (no cap on the ratio) or 一般检查事项.
    key_item    INTEGER NOT NULL DEFAULT 0 CHECK (key_item = 0 OR key_item = 1),
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);

-- A body's risk class over time (body.risk_class is the one in force; imports set it as before).
CREATE TABLE risk_class_change (
    id          INTEGER PRIMARY KEY,
    body_id     INTEGER NOT NULL REFERENCES body (id),
    class       TEXT NOT NULL CHECK (class = 'A' OR class = 'B' OR class = 'C' OR class = 'D'),
    previous    TEXT NOT NULL,
    decided_on  TEXT NOT NULL,
    basis       TEXT NOT NULL CHECK (basis <> ''),
    recorded_by TEXT NOT NULL
);
CREATE INDEX risk_class_change_by_body ON risk_class_change (body_id, decided_on);

-- A task (抽查任务); the draw fills drawn_on … population once (a second draw is refused).
CREATE TABLE inspection_task (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL CHECK (name <> ''),
    year              INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind = 'cb' OR kind = 'cma'),
    region            TEXT NOT NULL DEFAULT '',
    authority         TEXT NOT NULL CHECK (authority <> ''),
    joint_with        TEXT NOT NULL DEFAULT '',
    -- The items' ids, in order, separated by commas.
    items             TEXT NOT NULL CHECK (items <> ''),
    ratio_a           INTEGER NOT NULL CHECK (ratio_a BETWEEN 0 AND 100),
    ratio_b           INTEGER NOT NULL CHECK (ratio_b BETWEEN 0 AND 100),
    ratio_c           INTEGER NOT NULL CHECK (ratio_c BETWEEN 0 AND 100),
    ratio_d           INTEGER NOT NULL CHECK (ratio_d BETWEEN 0 AND 100),
    officers_per_body INTEGER NOT NULL CHECK (officers_per_body >= 2),
    exclude_months    INTEGER NOT NULL CHECK (exclude_months >= 0),
    -- Bodies added on purpose (定向), JSON [[uscc, reason], …].
    included          TEXT NOT NULL DEFAULT '[]',
    drawn_on          TEXT,
    public_value      TEXT,
    roster_hash       TEXT,
    seed              TEXT,
    algorithm         TEXT,
    population        INTEGER,
    -- Bodies of the population left out at the draw, JSON [[uscc, reason], …].
    excluded          TEXT,
    publication_due   TEXT,
    published_on      TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    updated_at        TEXT NOT NULL,
    updated_by        TEXT NOT NULL,
    -- The end of the inspection (its last result, or the day it was closed): the publication
    -- clock runs from it. Added by schema version 8 (store::upgrade_7_to_8), as the next two.
    completed_on      TEXT,
    -- Closed with bodies left uninspected (`inspection close`): the day and why.
    closed_on         TEXT,
    close_reason      TEXT
);

-- The population frozen at the draw, in USCC order (the roster hash is computed over it).
CREATE TABLE inspection_population (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES inspection_task (id),
    uscc        TEXT NOT NULL,
    risk_class  TEXT NOT NULL CHECK (risk_class = 'A' OR risk_class = 'B' OR risk_class = 'C' OR risk_class = 'D')
);
CREATE INDEX inspection_population_by_task ON inspection_population (task_id, uscc);

-- The bodies of a task: drawn, directed (定向) or drawn as a replacement; a replaced one stays.
CREATE TABLE inspection_body (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES inspection_task (id),
    position     INTEGER NOT NULL,
    body_id      INTEGER NOT NULL REFERENCES body (id),
    uscc         TEXT NOT NULL,
    risk_class   TEXT NOT NULL CHECK (risk_class = 'A' OR risk_class = 'B' OR risk_class = 'C' OR risk_class = 'D'),
    how          TEXT NOT NULL CHECK (how = 'drawn' OR how = 'directed' OR how = 'replacement'),
    reason       TEXT NOT NULL DEFAULT '',
    replaces_id  INTEGER REFERENCES inspection_body (id),
    replaced_on  TEXT,
    result       TEXT,
    result_on    TEXT,
    version      INTEGER NOT NULL DEFAULT 1,
    -- What the officers found (检查情况), with the result. Added by schema version 8.
    findings     TEXT,
    UNIQUE (task_id, position),
    UNIQUE (task_id, body_id)
);

-- Officers drawn for a body of a task; a recused one stays with the recusal's facts.
CREATE TABLE inspection_officer (
    id                 INTEGER PRIMARY KEY,
    inspection_body_id INTEGER NOT NULL REFERENCES inspection_body (id),
    login              TEXT NOT NULL,
    how                TEXT NOT NULL CHECK (how = 'drawn' OR how = 'replacement'),
    recused_on         TEXT,
    recusal_reason     TEXT,
    decided_by         TEXT,
    UNIQUE (inspection_body_id, login)
);

-- Conflicts declared between an officer and a body (回避, 行政处罚法 Art. 43).
CREATE TABLE inspector_conflict (
    id           INTEGER PRIMARY KEY,
    login        TEXT NOT NULL,
    uscc         TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason <> ''),
    declared_on  TEXT NOT NULL,
    UNIQUE (login, uscc)
);

-- The append-only, hash-chained record of every act: hash = sha256(prev_hash ‖ canonical content).
CREATE TABLE event (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    act            TEXT NOT NULL,
    approval_no    TEXT,
    uscc           TEXT,
    application_id INTEGER,
    act_date       TEXT,
    basis          TEXT NOT NULL DEFAULT '',
    doc_no         TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL DEFAULT '',
    before         TEXT,
    after          TEXT,
    details        TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL,
    -- The rows the act changed: [[table, id, image | null], …] (store::capture); part of the hash.
    changes        TEXT
);
CREATE INDEX event_by_uscc ON event (uscc, id);
CREATE INDEX event_by_act ON event (act, id);
-- Reports by period (schema version 8): the acts dated in a period, and what happened after a
-- month end (the state a qualification had that day).
CREATE INDEX event_by_act_date ON event (act_date, id);
CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only: events cannot be changed');
END;
CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only: events cannot be deleted');
END;
