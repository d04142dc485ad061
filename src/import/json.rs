//! JSON: an array of objects whose keys are the column names.

use super::limits::{Limit, MAX_CELL_CHARS, MAX_CELLS, MAX_KEYS, MAX_ROWS};
use super::read::{ReadError, is_blank};
use super::workbook::number_text;
use super::{RawRow, Table};
use std::collections::HashMap;

pub(super) fn read_json(file: &str, bytes: &[u8]) -> Result<Table, ReadError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    // The rows are built as the parser goes (no intermediate objects), so a limit stops the
    // reading at the key, cell or element that breaks it.
    let mut state = Rows {
        file,
        headers: Vec::new(),
        index_of: HashMap::new(),
        rows: Vec::new(),
        elements: 0,
        cells: 0,
        stop: None,
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed = serde::de::DeserializeSeed::deserialize(RowsSeed(&mut state), &mut de)
        .and_then(|()| de.end());
    if let Some(stop) = state.stop.take() {
        return Err(stop);
    }
    parsed.map_err(|e| ReadError::Json {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: json_message(&e),
    })?;
    let Rows {
        headers, mut rows, ..
    } = state;
    if headers.is_empty() {
        return Err(ReadError::NoHeader {
            file: file.to_string(),
        });
    }
    rows.retain(|r| !is_blank(&r.cells));
    Ok(Table {
        headers,
        rows,
        sha256: String::new(),
        encoding: "json",
        header_row: 1,
        notes: Vec::new(),
    })
}

/// serde_json's message without its own " at line L column C" suffix (we print those first).
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// A JSON value as cell text: strings as is, numbers as [`number_text`] would print them
/// (integers exactly), null as empty, booleans as "true"/"false", a list of those joined with
/// "; " (a scope given as a list). Objects and nested lists are refused.
fn json_cell(v: &serde_json::Value) -> Result<String, &'static str> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => json_number(n),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::Array(_) => return Err("a list inside a list"),
                    Value::Object(_) => return Err("a list holding an object"),
                    other => parts.push(json_cell(other)?),
                }
            }
            parts.join("; ")
        }
        Value::Object(_) => return Err("an object"),
    })
}

fn json_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        n.as_f64().map_or_else(|| n.to_string(), number_text)
    }
}

/// What the reading has built so far: the columns (keys in the order of their first
/// appearance in the file, each mapped to its index: a key is found in O(1), repeated or not),
/// the rows, and the error that stopped it, if any (serde's own error then only unwinds).
struct Rows<'f> {
    file: &'f str,
    headers: Vec<String>,
    index_of: HashMap<String, usize>,
    rows: Vec<RawRow>,
    /// Elements of the array read so far (blank ones included: they keep their row numbers).
    elements: usize,
    /// Non-empty cells so far.
    cells: u64,
    stop: Option<ReadError>,
}

impl Rows<'_> {
    /// Record why the reading stops; the returned serde error only unwinds the parser.
    fn stop<E: serde::de::Error>(&mut self, e: ReadError) -> E {
        self.stop = Some(e);
        E::custom("stopped")
    }

    fn limit<E: serde::de::Error>(&mut self, limit: Limit, found: String, where_: String) -> E {
        let file = self.file.to_string();
        self.stop(ReadError::Limit {
            file,
            limit,
            found,
            where_,
        })
    }

    /// The column of `key`, a new one at the end if the file has not had it yet.
    fn column<E: serde::de::Error>(&mut self, key: String, i: usize) -> Result<usize, E> {
        if let Some(&col) = self.index_of.get(&key) {
            return Ok(col);
        }
        let at = || format!("element {i} (row {}), key \"{}\": ", i + 2, short(&key));
        let chars = key.chars().count();
        if chars > MAX_CELL_CHARS {
            let where_ = at();
            return Err(self.limit(Limit::CellChars, chars.to_string(), where_));
        }
        if self.headers.len() >= MAX_KEYS {
            let where_ = at();
            return Err(self.limit(Limit::Keys, format!("at least {}", MAX_KEYS + 1), where_));
        }
        let col = self.headers.len();
        self.headers.push(key.clone());
        self.index_of.insert(key, col);
        Ok(col)
    }
}

/// The first characters of a key, for messages (a refused key may be very long).
fn short(key: &str) -> String {
    match key.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &key[..at]),
        None => key.to_string(),
    }
}

/// The top-level array, read into [`Rows`].
struct RowsSeed<'a, 'f>(&'a mut Rows<'f>);

impl<'de> serde::de::DeserializeSeed<'de> for RowsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for RowsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of objects")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            if self.0.elements >= MAX_ROWS {
                // One more element is one too many.
                if seq.next_element::<serde::de::IgnoredAny>()?.is_none() {
                    return Ok(());
                }
                let where_ = format!("element {} (row {}): ", MAX_ROWS, MAX_ROWS + 2);
                return Err(self.0.limit(
                    Limit::Rows,
                    format!("at least {}", MAX_ROWS + 1),
                    where_,
                ));
            }
            if seq.next_element_seed(ObjectSeed(&mut *self.0))?.is_none() {
                return Ok(());
            }
            self.0.elements += 1;
        }
    }
}

/// One element: an object whose keys are column names. A repeated key: the last value wins,
/// as in most JSON readers.
struct ObjectSeed<'a, 'f>(&'a mut Rows<'f>);

impl<'de> serde::de::DeserializeSeed<'de> for ObjectSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ObjectSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object (one per row, keys are the column names)")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let rows = self.0;
        let i = rows.elements;
        let row = i + 2;
        let mut cells = vec![String::new(); rows.headers.len()];
        while let Some(key) = map.next_key::<String>()? {
            let col = rows.column(key, i)?;
            let value: serde_json::Value = map.next_value()?;
            let text = match json_cell(&value) {
                Ok(text) => text,
                Err(what) => {
                    let e = ReadError::JsonValue {
                        file: rows.file.to_string(),
                        index: i,
                        row,
                        key: rows.headers[col].clone(),
                        what,
                    };
                    return Err(rows.stop(e));
                }
            };
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                let where_ = format!(
                    "element {i} (row {row}), key \"{}\": ",
                    short(&rows.headers[col])
                );
                return Err(rows.limit(Limit::CellChars, chars.to_string(), where_));
            }
            if cells.len() <= col {
                cells.resize(col + 1, String::new());
            }
            if cells[col].is_empty() && !text.is_empty() {
                rows.cells += 1;
                if rows.cells > MAX_CELLS {
                    let where_ = format!("element {i} (row {row}): ");
                    return Err(rows.limit(Limit::Cells, format!("more than {MAX_CELLS}"), where_));
                }
            }
            cells[col] = text;
        }
        rows.rows.push(RawRow::new(row, cells));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cells() {
        use serde_json::json;
        assert_eq!(json_cell(&json!(240012345678u64)).unwrap(), "240012345678");
        assert_eq!(json_cell(&json!(240012345678.0)).unwrap(), "240012345678");
        assert_eq!(json_cell(&json!(null)).unwrap(), "");
        assert_eq!(json_cell(&json!(["QMS", "EMS"])).unwrap(), "QMS; EMS");
        assert_eq!(json_cell(&json!({"a": 1})), Err("an object"));
        assert_eq!(json_cell(&json!([[1]])), Err("a list inside a list"));
    }

    #[test]
    fn keys_in_messages_are_shortened() {
        assert_eq!(short("uscc"), "uscc");
        let long = "键".repeat(100);
        assert_eq!(short(&long), format!("{}…", "键".repeat(40)));
    }

    #[test]
    fn a_limit_stops_the_parser_and_is_the_error() {
        let keys: Vec<String> = (0..=MAX_KEYS).map(|i| format!("\"k{i}\": 1")).collect();
        // The syntax error after the 201st key is never reached.
        let text = format!("[{{{}, oops", keys.join(","));
        let Err(ReadError::Limit { limit, .. }) = read_json("t.json", text.as_bytes()) else {
            panic!("no limit");
        };
        assert_eq!(limit, Limit::Keys);
        let ok: Vec<String> = (0..MAX_KEYS).map(|i| format!("\"k{i}\": 1")).collect();
        let t = read_json("t.json", format!("[{{{}}}]", ok.join(",")).as_bytes()).unwrap();
        assert_eq!(t.headers.len(), MAX_KEYS);
    }
}
