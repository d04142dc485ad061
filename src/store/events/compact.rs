//! The compact row images of a grant (form `g1`): a row the grant made is written as the
//! cells its own facts do not state, and expanded again by whoever reads the images
//! (`check`'s replay, the corrections).
//!
//! An entry of `changes` stays `[table, id, before, image]` (the risk signals and the
//! corrections find a row's events by that prefix); only `image` changes form: instead of the
//! JSON array of the row's columns it is `{"g1": [cells]}`, the columns of the table's list
//! below that are `Cell`, in order. Every other column is a fact the event states — its id
//! and time, the approval, the dates, `after` and `details` — or a constant of a grant (a
//! granted scope item is active). `g1` is the rule set of schema version 8's columns: a later
//! schema that changes these tables adds `g2` and keeps `g1` for the events already written.
//!
//! The writer compacts an image only when expanding the compact form gives back the very text
//! SQLite wrote (`compact`): the replay then digests the same image whatever the form, and a
//! row the rules cannot state is written in full. Events are never rewritten: older events
//! keep their full images, and every event's hash covers the text as stored.

use super::Event;
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Where a column's value comes from in form `g1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fact {
    /// Written in the compact image.
    Cell,
    /// The entry's row id.
    Id,
    /// The id of the qualification this event made (its entry comes first).
    QualificationId,
    Uscc,
    ApprovalNo,
    /// The act's date: the day of the decision.
    ActDate,
    DocNo,
    /// The event's time and actor (`updated_at`, `updated_by`).
    At,
    Actor,
    /// `after.status`, `after.valid_until`, `after.version`.
    Status,
    ValidUntil,
    Version,
    /// `details.route`, `details.authority`, `details.verification_due`.
    Route,
    Authority,
    VerificationDue,
    /// `details.scope[n]` for the event's n-th scope item.
    ScopeItem,
    /// A granted scope item is active; a grant's follow-up is its verification.
    Active,
    Verification,
    /// The pinyin sort key: the cell, a tab, and the body's name (column 2).
    SortKey,
}

use Fact::*;

/// Schema version 8's columns of the tables a grant makes rows in.
fn columns_g1(table: &str) -> Option<&'static [Fact]> {
    Some(match table {
        // id, uscc, name, kind, region, risk_class, address, legal_rep, bar_until,
        // commitment_barred, version, updated_at, updated_by, name_sort
        "body" => &[
            Id, Uscc, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, At, Actor, SortKey,
        ],
        // id, body_id, approval_no, route, decided_on, valid_until, status, authority, doc_no,
        // predecessor_id, version, updated_at, updated_by
        "qualification" => &[
            Id, Cell, ApprovalNo, Route, ActDate, ValidUntil, Status, Authority, DocNo, Cell,
            Version, At, Actor,
        ],
        // id, qualification_id, item, status, since
        "scope_item" => &[Id, QualificationId, ScopeItem, Active, ActDate],
        // id, qualification_id, kind, opened_on, due_on, due_estimated, closed_on, result
        "follow_up" => &[
            Id,
            QualificationId,
            Verification,
            ActDate,
            VerificationDue,
            Cell,
            Cell,
            Cell,
        ],
        _ => return None,
    })
}

/// The act whose made rows may be compacted.
pub(super) const COMPACTED_ACT: &str = "grant";

/// What expanding the images of one event needs: its facts, and where it is in its entries.
pub struct Expansion<'e> {
    event: &'e Event,
    /// `after` and `details` as JSON, read at the first compact image (most events have none).
    facts: std::cell::OnceCell<(Value, Value)>,
    qualification: Option<i64>,
    scope_items: usize,
}

impl<'e> Expansion<'e> {
    pub fn new(event: &'e Event) -> Self {
        Expansion {
            event,
            facts: std::cell::OnceCell::new(),
            qualification: None,
            scope_items: 0,
        }
    }

    /// The image of entry (`table`, `id`) as the row's columns, whatever its form: a full
    /// image as written, a compact one expanded. None when a compact image cannot be expanded
    /// (a damaged event, or a form this program does not know).
    pub fn image<'i>(&mut self, table: &str, id: i64, image: &'i RawValue) -> Option<Cow<'i, str>> {
        let text = image.get();
        if table == "qualification" {
            self.qualification.get_or_insert(id);
        }
        if !text.starts_with('{') {
            if table == "scope_item" {
                self.scope_items += 1;
            }
            return Some(Cow::Borrowed(text));
        }
        let expanded = self.expand(table, id, text);
        if table == "scope_item" {
            self.scope_items += 1;
        }
        expanded.map(Cow::Owned)
    }

    fn expand(&self, table: &str, id: i64, text: &str) -> Option<String> {
        if self.event.act != COMPACTED_ACT {
            return None;
        }
        let compact: std::collections::HashMap<String, Vec<Value>> =
            serde_json::from_str(text).ok()?;
        let cells = compact.get("g1")?;
        if compact.len() != 1 {
            return None;
        }
        let columns = columns_g1(table)?;
        if cells.len()
            != columns
                .iter()
                .filter(|f| matches!(f, Cell | SortKey))
                .count()
        {
            return None;
        }
        let mut cells = cells.iter();
        let mut row: Vec<Value> = Vec::with_capacity(columns.len());
        for fact in columns {
            let v = match fact {
                Cell => cells.next()?.clone(),
                SortKey => {
                    let head = cells.next()?.as_str()?;
                    let name = row.get(2)?.as_str()?;
                    Value::String(format!("{head}\t{name}"))
                }
                other => self.fact(*other, id)?,
            };
            row.push(v);
        }
        serde_json::to_string(&row).ok()
    }

    fn facts(&self) -> &(Value, Value) {
        self.facts.get_or_init(|| {
            let json = |s: &Option<String>| {
                s.as_deref()
                    .and_then(|s| serde_json::from_str(s).ok())
                    .unwrap_or(Value::Null)
            };
            (json(&self.event.after), json(&self.event.details))
        })
    }

    fn fact(&self, fact: Fact, id: i64) -> Option<Value> {
        let e = self.event;
        let (after, details) = self.facts();
        let text = |s: &Option<String>| s.clone().map(Value::String);
        let from = |v: &Value, key: &str| v.get(key).filter(|v| !v.is_null()).cloned();
        match fact {
            Id => Some(id.into()),
            QualificationId => self.qualification.map(Value::from),
            Uscc => text(&e.uscc),
            ApprovalNo => text(&e.approval_no),
            ActDate => text(&e.act_date),
            DocNo => Some(e.doc_no.clone().into()),
            At => Some(e.at.clone().into()),
            Actor => Some(e.actor.clone().into()),
            Status => from(after, "status"),
            ValidUntil => from(after, "valid_until"),
            Version => from(after, "version"),
            Route => from(details, "route"),
            Authority => from(details, "authority"),
            VerificationDue => from(details, "verification_due"),
            ScopeItem => details.get("scope")?.get(self.scope_items).cloned(),
            Active => Some("active".into()),
            Verification => Some("verification".into()),
            Cell | SortKey => None,
        }
    }
}

/// The compact form of `image` (a full image of a row the event made), if the rules state
/// every column but the cells: checked by expanding it again.
fn compact_image(expansion: &Expansion<'_>, table: &str, id: i64, image: &str) -> Option<String> {
    let columns = columns_g1(table)?;
    let row: Vec<Value> = serde_json::from_str(image).ok()?;
    if row.len() != columns.len() {
        return None;
    }
    let cells: Vec<Value> = columns
        .iter()
        .zip(&row)
        .filter_map(|(fact, v)| match fact {
            Cell => Some(Some(v.clone())),
            SortKey => {
                let name = row.get(2)?.as_str()?;
                Some(
                    v.as_str()
                        .and_then(|key| key.strip_suffix(name)?.strip_suffix('\t'))
                        .map(|head| Value::String(head.to_string())),
                )
            }
            _ => None,
        })
        .collect::<Option<_>>()?;
    let compact = serde_json::to_string(&serde_json::json!({ "g1": cells })).ok()?;
    (expansion.expand(table, id, &compact).as_deref() == Some(image)).then_some(compact)
}

/// The `changes` of grant `event` with each made row's image in the compact form where the
/// rules give it back exactly; every other entry as it was. `changes` is what
/// `Capture::changes_json` wrote.
pub fn compact(event: &Event, changes: &str) -> Option<String> {
    if event.act != COMPACTED_ACT {
        return None;
    }
    let entries: Vec<(&str, i64, Option<&str>, &RawValue)> = serde_json::from_str(changes).ok()?;
    let mut expansion = Expansion::new(event);
    let mut out = String::with_capacity(changes.len());
    out.push('[');
    for (i, (table, id, before, image)) in entries.into_iter().enumerate() {
        let full = image.get();
        let compact = before
            .is_none()
            .then(|| compact_image(&expansion, table, id, full))
            .flatten();
        // The expansion's position (qualification made, scope items so far) moves on.
        expansion.image(table, id, image)?;
        if i > 0 {
            out.push(',');
        }
        let was = before.map_or("null".to_string(), |b| format!("\"{b}\""));
        let image = compact.as_deref().unwrap_or(full);
        out.push_str(&format!("[\"{table}\",{id},{was},{image}]"));
    }
    out.push(']');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant() -> Event {
        Event {
            id: 9,
            at: "2026-12-02T01:24:43.652Z".into(),
            actor: "root".into(),
            act: "grant".into(),
            approval_no: Some("224420000054".into()),
            uscc: Some("91440100MA6G7CN67B".into()),
            application_id: None,
            act_date: Some("2022-02-16".into()),
            basis: String::new(),
            doc_no: "粤市监检〔2022〕66号".into(),
            reason: String::new(),
            before: None,
            after: Some(
                r#"{"status":"pending_verification","valid_until":"2028-02-15","version":1}"#
                    .into(),
            ),
            details: Some(
                r#"{"authority":"广东省市场监督管理局","route":"commitment","row":5000,"scope":["化妆品检测","环境监测"],"source":"import","verification_due":"2022-05-16"}"#
                    .into(),
            ),
            prev_hash: String::new(),
            hash: String::new(),
            changes: None,
        }
    }

    const CHANGES: &str = concat!(
        r#"[["body",4999,null,[4999,"91440100MA6G7CN67B","广州\"泰尔\"\\检测","cma","440100","C","广州市工业园路549号","张静",null,0,1,"2026-12-02T01:24:43.652Z","root","guang3 zhou1\t广州\"泰尔\"\\检测"]],"#,
        r#"["qualification",4999,null,[4999,4999,"224420000054","commitment","2022-02-16","2028-02-15","pending_verification","广东省市场监督管理局","粤市监检〔2022〕66号",null,1,"2026-12-02T01:24:43.652Z","root"]],"#,
        r#"["scope_item",12451,null,[12451,4999,"化妆品检测","active","2022-02-16"]],"#,
        r#"["scope_item",12452,null,[12452,4999,"环境监测","active","2022-02-16"]],"#,
        r#"["follow_up",2145,null,[2145,4999,"verification","2022-02-16","2022-05-16",1,null,null]]]"#
    );

    fn expanded(e: &Event, changes: &str) -> Vec<Option<String>> {
        let entries: Vec<(&str, i64, Option<&str>, &RawValue)> =
            serde_json::from_str(changes).unwrap();
        let mut x = Expansion::new(e);
        entries
            .into_iter()
            .map(|(t, id, _, image)| x.image(t, id, image).map(Cow::into_owned))
            .collect()
    }

    #[test]
    fn a_grant_s_made_rows_are_compacted_and_expand_to_the_same_images() {
        let e = grant();
        let compact = compact(&e, CHANGES).unwrap();
        assert!(compact.len() * 2 < CHANGES.len(), "{compact}");
        // The prefixes the risk signals and the corrections look for are kept.
        assert!(
            compact.contains(r#"["follow_up",2145,null,{"g1":"#),
            "{compact}"
        );
        assert!(compact.contains(r#"["qualification",4999,null,{"g1":[4999,null]}]"#));
        let full: Vec<Option<String>> = expanded(&e, CHANGES);
        assert_eq!(expanded(&e, &compact), full);
        assert!(full.iter().all(Option::is_some));
    }

    #[test]
    fn what_the_facts_do_not_state_stays_in_full() {
        let e = grant();
        // A scope item the details do not name, a status the grant did not set, a row that
        // existed before, a sort key of another form.
        let changes = CHANGES
            .replace("\"环境监测\",\"active\"", "\"环境监测X\",\"active\"")
            .replace(
                "\"verification\",\"2022-02-16\",\"2022-05-16\"",
                "\"verification\",\"2022-02-16\",\"2022-05-17\"",
            )
            .replace("guang3 zhou1\\t", "guang3 zhou1 ");
        let compact = compact(&e, &changes).unwrap();
        assert!(compact.contains(r#"[12452,4999,"环境监测X","active","2022-02-16"]"#));
        assert!(compact.contains(r#""2022-05-17",1,null,null]"#));
        assert!(compact.contains(r#""guang3 zhou1 广州"#));
        assert_eq!(expanded(&e, &compact), expanded(&e, &changes));
        let mut other = grant();
        other.act = "renew".into();
        assert_eq!(super::compact(&other, CHANGES), None);
    }

    #[test]
    fn a_damaged_compact_image_does_not_expand() {
        let e = grant();
        let compact = compact(&e, CHANGES).unwrap();
        for damaged in [
            compact.replace(r#"{"g1":[4999,null]}"#, r#"{"g1":[4999]}"#),
            compact.replace(r#"{"g1":[4999,null]}"#, r#"{"g9":[4999,null]}"#),
            compact.replace(r#"{"g1":[4999,null]}"#, r#"{"g1":[4999,null],"x":[]}"#),
            compact.replace(r#"{"g1":[4999,null]}"#, r#"{"g1":"4999"}"#),
        ] {
            assert_ne!(damaged, compact);
            assert!(expanded(&e, &damaged).contains(&None), "{damaged}");
        }
        // Compact images belong to grants: another act's event cannot carry one.
        let mut other = grant();
        other.act = "renew".into();
        assert!(expanded(&other, &compact).contains(&None));
    }
}
