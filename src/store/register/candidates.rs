//! How a register filter finds its rows without scanning the register. Each condition an index
//! can answer — the text (a short name's 1–2 character index, the trigram FTS, the USCC and
//! approval-number prefixes as index ranges), a region prefix, a stored state — is a candidate
//! set of qualification ids, and its size is counted up to `ESTIMATE_CAP` from its index.
//! A page either reads the smallest set and sorts it (few candidates), or walks the sort's index
//! and tests each row (many): whichever reads fewer rows by those counts.

use rusqlite::types::Value;

/// The most candidates an estimate counts: beyond it a set counts as large.
pub(super) const ESTIMATE_CAP: i64 = 20_000;

/// A set of qualification ids (`SELECT … AS id`) one index gives, and the capped count of it.
#[derive(Debug, Clone)]
pub(super) struct CandidateSet {
    pub set: String,
    pub estimate: String,
    pub args: Vec<Value>,
    /// The text's set: rows read from it need no test of the text.
    pub is_text: bool,
}

/// One condition on a row (`b`, `q`) with its parameters.
#[derive(Debug, Clone, Default)]
pub(super) struct Condition {
    pub sql: String,
    pub args: Vec<Value>,
}

/// The free text of a filter: what it tests on each row and the set that finds its rows.
pub(super) fn text_filter(text: &str) -> (Condition, CandidateSet) {
    let n = text.chars().count();
    let mut tests: Vec<Condition> = Vec::new();
    let mut sets: Vec<(String, String, Vec<Value>)> = Vec::new();
    if n <= 2 {
        // Every 1- and 2-character substring of each name is in `body_name_gram`, ASCII
        // letters lower-cased as LIKE compares them: the same rows as `name LIKE '%text%'`.
        let gram = Value::Text(text.to_ascii_lowercase());
        tests.push(Condition {
            sql: "EXISTS (SELECT 1 FROM body_name_gram g WHERE g.gram = ? AND g.body_id = b.id)"
                .into(),
            args: vec![gram.clone()],
        });
        sets.push((
            "SELECT q.id FROM body_name_gram g CROSS JOIN qualification q ON q.body_id = g.body_id WHERE g.gram = ?".into(),
            "SELECT 1 FROM body_name_gram WHERE gram = ?".into(),
            vec![gram],
        ));
    } else {
        let phrase = Value::Text(format!("\"{}\"", text.replace('"', "\"\"")));
        // Without cased letters, the trigram index's case folding changes nothing: it matches
        // exactly the names LIKE does, and LIKE tests a row without reading every match.
        let test = if caseless(text) {
            Condition {
                sql: "b.name LIKE ? ESCAPE '\\'".into(),
                args: vec![Value::Text(format!("%{}%", escape_like(text)))],
            }
        } else {
            // `+`: a test of the row, never the loop's index (the walk's order is the sort's).
            Condition {
                sql: "+b.id IN (SELECT rowid FROM body_fts WHERE body_fts MATCH ?)".into(),
                args: vec![phrase.clone()],
            }
        };
        tests.push(test);
        sets.push((
            "SELECT q.id FROM body_fts CROSS JOIN qualification q ON q.body_id = body_fts.rowid WHERE body_fts MATCH ?".into(),
            "SELECT 1 FROM body_fts WHERE body_fts MATCH ?".into(),
            vec![phrase],
        ));
    }
    let id = crate::domain::text::normalise_id(text);
    if let Some(end) = prefix_end(&id) {
        // Could be the start of a USCC or an approval number as well as part of a name: each
        // a range of its own index.
        let range = vec![Value::Text(id.clone()), Value::Text(end)];
        tests.push(Condition {
            sql: "(b.uscc >= ? AND b.uscc < ?)".into(),
            args: range.clone(),
        });
        sets.push((
            "SELECT q.id FROM body bu CROSS JOIN qualification q ON q.body_id = bu.id WHERE bu.uscc >= ? AND bu.uscc < ?".into(),
            "SELECT 1 FROM body WHERE uscc >= ? AND uscc < ?".into(),
            range.clone(),
        ));
        tests.push(Condition {
            sql: "(q.approval_no >= ? AND q.approval_no < ?)".into(),
            args: range.clone(),
        });
        sets.push((
            "SELECT id FROM qualification WHERE approval_no >= ? AND approval_no < ?".into(),
            "SELECT 1 FROM qualification WHERE approval_no >= ? AND approval_no < ?".into(),
            range,
        ));
    }
    let test = Condition {
        sql: format!(
            "({})",
            tests
                .iter()
                .map(|t| t.sql.as_str())
                .collect::<Vec<_>>()
                .join(" OR ")
        ),
        args: tests.into_iter().flat_map(|t| t.args).collect(),
    };
    let set = CandidateSet {
        set: sets
            .iter()
            .map(|s| s.0.as_str())
            .collect::<Vec<_>>()
            .join(" UNION "),
        // The sum of the parts' counts (each capped): an upper bound of the union's.
        estimate: format!(
            "SELECT {}",
            sets.iter()
                .map(|s| format!("(SELECT count(*) FROM ({} LIMIT {ESTIMATE_CAP}))", s.1))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        args: sets.into_iter().flat_map(|s| s.2).collect(),
        is_text: true,
    };
    (test, set)
}

/// A region prefix as a range of `body_by_region_id`, when it is digits (as region codes are).
pub(super) fn region_set(prefix: &str) -> Option<CandidateSet> {
    if !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let end = prefix_end(prefix)?;
    Some(CandidateSet {
        set: "SELECT q.id FROM body br CROSS JOIN qualification q ON q.body_id = br.id WHERE br.region >= ? AND br.region < ?".into(),
        estimate: format!(
            "SELECT count(*) FROM (SELECT 1 FROM body WHERE region >= ? AND region < ? LIMIT {ESTIMATE_CAP})"
        ),
        args: vec![Value::Text(prefix.to_string()), Value::Text(end)],
        is_text: false,
    })
}

/// The qualifications stored in one state (`qualification_by_status_end`).
pub(super) fn stored_state_set(status: &str) -> CandidateSet {
    CandidateSet {
        set: "SELECT id FROM qualification WHERE status = ?".into(),
        estimate: format!(
            "SELECT count(*) FROM (SELECT 1 FROM qualification WHERE status = ? LIMIT {ESTIMATE_CAP})"
        ),
        args: vec![Value::Text(status.to_string())],
        is_text: false,
    }
}

/// Whether a page should read the smallest candidate set and sort it rather than walk the
/// sort's index: given each set's capped count, the number of qualifications, and the rows the
/// page wants. Walking reads about `limit / fraction` rows, the fraction being the product of
/// the sets' (as if independent); reading the set reads all of it.
pub(super) fn read_the_set(estimates: &[i64], total: i64, limit: usize) -> Option<usize> {
    let (smallest, &size) = estimates.iter().enumerate().min_by_key(|(_, e)| **e)?;
    if size >= ESTIMATE_CAP {
        return None;
    }
    let total = total.max(1) as f64;
    let fraction: f64 = estimates
        .iter()
        .map(|&e| (e.max(1) as f64 / total).min(1.0))
        .product();
    let walked = limit as f64 / fraction;
    (size as f64 <= walked).then_some(smallest)
}

/// The end of the range of strings that start with `prefix` (its last character's successor),
/// for a prefix of ASCII letters, digits and hyphens: what a code can be made of.
pub(super) fn prefix_end(prefix: &str) -> Option<String> {
    if prefix.is_empty()
        || !prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return None;
    }
    let (head, last) = prefix.split_at(prefix.len() - 1);
    Some(format!("{head}{}", (last.as_bytes()[0] + 1) as char))
}

/// True when no character of `text` has a case, nor is one another character folds to: the
/// FTS trigram tokenizer's case folding (Unicode) and LIKE's (ASCII) then compare it alike.
fn caseless(text: &str) -> bool {
    text.chars().all(|c| {
        !c.is_lowercase()
            && !c.is_uppercase()
            && c.to_lowercase().eq([c])
            && c.to_uppercase().eq([c])
    })
}

pub(super) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_range_ends_at_its_last_characters_successor() {
        assert_eq!(prefix_end("9144").as_deref(), Some("9145"));
        assert_eq!(prefix_end("CNCA-R").as_deref(), Some("CNCA-S"));
        assert_eq!(prefix_end("9").as_deref(), Some(":"));
        assert_eq!(prefix_end("A-").as_deref(), Some("A."));
        assert_eq!(prefix_end(""), None);
        assert_eq!(prefix_end("检测"), None);
        assert_eq!(prefix_end("9%"), None);
    }

    #[test]
    fn only_text_without_case_is_tested_by_like_for_the_trigram_index() {
        assert!(caseless("检测中心"));
        assert!(caseless("9144-01"));
        assert!(caseless("（北京）"));
        assert!(!caseless("ABC检测"));
        assert!(
            !caseless("ｂ检测"),
            "full-width letters fold in FTS, not in LIKE"
        );
        assert!(!caseless("ǅ检测"), "a title-case letter folds too");
    }

    #[test]
    fn the_set_is_read_when_it_is_smaller_than_the_walk() {
        // A rare character: 30 candidates of 100 000, 40 wanted: walking would read 133 000.
        assert_eq!(read_the_set(&[30], 100_000, 40), Some(0));
        // A common one: walking reads 50 rows, the set holds 80 000.
        assert_eq!(read_the_set(&[ESTIMATE_CAP], 100_000, 40), None);
        assert_eq!(read_the_set(&[15_000], 100_000, 40), None);
        // Two common conditions that together keep few rows: the smaller set is read.
        assert_eq!(read_the_set(&[ESTIMATE_CAP, 3_000], 100_000, 40), Some(1));
        assert_eq!(read_the_set(&[], 100_000, 40), None);
    }
}
