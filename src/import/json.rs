//! JSON: an array of objects whose keys are the column names.

use super::read::{ReadError, is_blank};
use super::workbook::number_text;
use super::{RawRow, Table};

pub(super) fn read_json(file: &str, bytes: &[u8]) -> Result<Table, ReadError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty {
            file: file.to_string(),
        });
    }
    let objects: JsonRows = serde_json::from_slice(body).map_err(|e| ReadError::Json {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: json_message(&e),
    })?;
    let mut headers: Vec<String> = Vec::new();
    let mut index_of = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(objects.0.len());
    for (i, object) in objects.0.into_iter().enumerate() {
        let row = i + 2;
        let mut cells = vec![String::new(); headers.len()];
        for (key, value) in object {
            let col = *index_of.entry(key.clone()).or_insert_with(|| {
                headers.push(key.clone());
                headers.len() - 1
            });
            if cells.len() <= col {
                cells.resize(col + 1, String::new());
            }
            cells[col] = json_cell(&value).map_err(|what| ReadError::JsonValue {
                file: file.to_string(),
                index: i,
                row,
                key: key.clone(),
                what,
            })?;
        }
        rows.push(RawRow { row, cells });
    }
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

/// The top-level array, each object's keys kept in file order (serde_json's `Map` sorts them
/// unless its `preserve_order` feature is on, which this crate does not assume).
struct JsonRows(Vec<Vec<(String, serde_json::Value)>>);

struct JsonObject(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for JsonRows {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = JsonRows;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of objects")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<JsonRows, A::Error> {
                let mut rows = Vec::new();
                while let Some(JsonObject(o)) = seq.next_element()? {
                    rows.push(o);
                }
                Ok(JsonRows(rows))
            }
        }
        d.deserialize_seq(V)
    }
}

impl<'de> serde::Deserialize<'de> for JsonObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = JsonObject;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object (one per row, keys are the column names)")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<JsonObject, A::Error> {
                let mut pairs: Vec<(String, serde_json::Value)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    // A repeated key: the last value wins, as in most JSON readers.
                    match pairs.iter_mut().find(|(key, _)| *key == k) {
                        Some(slot) => slot.1 = v,
                        None => pairs.push((k, v)),
                    }
                }
                Ok(JsonObject(pairs))
            }
        }
        d.deserialize_map(V)
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
}
