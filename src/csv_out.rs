//! Every CSV file certdesk writes goes through [`CsvOut`]: each cell passes
//! `domain::text::neutralise_formula`, so a value that another tool wrote into the database
//! cannot reach a spreadsheet as a formula. Used by `export`, the import's rejects file and
//! the screens' report export.

use crate::domain::text::neutralise_formula;
use serde::Serialize;
use serde::ser::{self, Impossible};
use std::io::Write;

/// A CSV writer whose every cell is neutralised.
pub struct CsvOut<W: Write> {
    inner: csv::Writer<W>,
    header_written: bool,
}

impl<W: Write> CsvOut<W> {
    /// Over a configured `csv::Writer` (terminator, flexible rows …).
    pub fn new(inner: csv::Writer<W>) -> Self {
        CsvOut {
            inner,
            header_written: false,
        }
    }

    /// Over `out` with the csv crate's defaults.
    pub fn from_writer(out: W) -> Self {
        Self::new(csv::Writer::from_writer(out))
    }

    /// One row of cells.
    pub fn write_record<I, T>(&mut self, cells: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.inner.write_record(
            cells
                .into_iter()
                .map(|c| neutralise_formula(c.as_ref()).into_owned()),
        )
    }

    /// One flat struct as a row; the first one also writes the header (its field names), as
    /// `csv::Writer::serialize` does.
    pub fn serialize<T: Serialize>(&mut self, item: &T) -> csv::Result<()> {
        let mut row = FlatRow::default();
        item.serialize(&mut row)
            .map_err(|e| csv::Error::from(std::io::Error::other(e.0)))?;
        if !self.header_written {
            self.header_written = true;
            self.write_record(&row.headers)?;
        }
        self.write_record(&row.cells)
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    /// The underlying writer, flushed.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

/// A flat struct as its field names and cells, as `CsvOut::serialize` writes them (for
/// writers that rename the headings or the values first: `export --labels`).
pub fn flatten<T: Serialize>(item: &T) -> csv::Result<(Vec<&'static str>, Vec<String>)> {
    let mut row = FlatRow::default();
    item.serialize(&mut row)
        .map_err(|e| csv::Error::from(std::io::Error::other(e.0)))?;
    Ok((row.headers, row.cells))
}

/// Why a value cannot be a CSV row: only flat structs of text, numbers, booleans and
/// options are exported.
#[derive(Debug)]
struct FlatError(String);

impl std::fmt::Display for FlatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FlatError {}

impl ser::Error for FlatError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        FlatError(msg.to_string())
    }
}

fn not_flat<T>(what: &str) -> Result<T, FlatError> {
    Err(FlatError(format!("a CSV row cannot hold {what}")))
}

/// A struct flattened to its field names and cells, written as the csv crate writes them
/// (None as an empty cell, booleans as true/false, a unit enum variant as its name).
#[derive(Default)]
struct FlatRow {
    headers: Vec<&'static str>,
    cells: Vec<String>,
}

impl ser::SerializeStruct for &mut FlatRow {
    type Ok = ();
    type Error = FlatError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FlatError> {
        self.headers.push(key);
        self.cells.push(value.serialize(Cell)?);
        Ok(())
    }
    fn end(self) -> Result<(), FlatError> {
        Ok(())
    }
}

macro_rules! not_flat_methods {
    ($ok:ty) => {
        type SerializeSeq = Impossible<$ok, FlatError>;
        type SerializeTuple = Impossible<$ok, FlatError>;
        type SerializeTupleStruct = Impossible<$ok, FlatError>;
        type SerializeTupleVariant = Impossible<$ok, FlatError>;
        type SerializeMap = Impossible<$ok, FlatError>;
        type SerializeStructVariant = Impossible<$ok, FlatError>;
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FlatError> {
            not_flat("a list")
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FlatError> {
            not_flat("a tuple")
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, FlatError> {
            not_flat("a tuple")
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, FlatError> {
            not_flat("an enum with data")
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FlatError> {
            not_flat("a map")
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, FlatError> {
            not_flat("an enum with data")
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<$ok, FlatError> {
            not_flat("an enum with data")
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<$ok, FlatError> {
            not_flat("bytes")
        }
    };
}

/// The row itself: a struct, nothing else.
impl ser::Serializer for &mut FlatRow {
    type Ok = ();
    type Error = FlatError;
    type SerializeStruct = Self;
    not_flat_methods!(());

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, FlatError> {
        Ok(self)
    }
    fn serialize_bool(self, _: bool) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_i8(self, _: i8) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_i16(self, _: i16) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_i32(self, _: i32) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_i64(self, _: i64) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_u8(self, _: u8) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_u16(self, _: u16) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_u32(self, _: u32) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_u64(self, _: u64) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_f32(self, _: f32) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_f64(self, _: f64) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_char(self, _: char) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_str(self, _: &str) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_none(self) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), FlatError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), FlatError> {
        not_flat("a bare value")
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), FlatError> {
        v.serialize(self)
    }
}

/// One field of the row, as text.
struct Cell;

impl ser::Serializer for Cell {
    type Ok = String;
    type Error = FlatError;
    type SerializeStruct = Impossible<String, FlatError>;
    not_flat_methods!(String);

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FlatError> {
        not_flat("a nested struct")
    }
    fn serialize_bool(self, v: bool) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_f64(self, v: f64) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String, FlatError> {
        Ok(v.to_string())
    }
    fn serialize_none(self) -> Result<String, FlatError> {
        Ok(String::new())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<String, FlatError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, FlatError> {
        Ok(String::new())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, FlatError> {
        Ok(String::new())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, FlatError> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<String, FlatError> {
        v.serialize(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row<'a> {
        name: &'a str,
        days_left: i64,
        overdue: bool,
        address: Option<&'a str>,
    }

    fn written(rows: &[Row<'_>]) -> String {
        let mut w = CsvOut::from_writer(Vec::new());
        for r in rows {
            w.serialize(r).unwrap();
        }
        w.write_record(["@x", "plain", "+", "0"]).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn every_cell_is_neutralised_and_numbers_are_kept() {
        let text = written(&[
            Row {
                name: "=HYPERLINK(\"http://x\",\"y\")",
                days_left: -3,
                overdue: true,
                address: None,
            },
            Row {
                name: "北京",
                days_left: 2,
                overdue: false,
                address: Some("-2+3"),
            },
        ]);
        assert_eq!(
            text,
            "name,days_left,overdue,address\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-3,true,\n\
             北京,2,false,'-2+3\n\
             '@x,plain,'+,0\n"
        );
    }

    #[test]
    fn the_header_matches_what_the_csv_crate_writes() {
        let row = Row {
            name: "a",
            days_left: 1,
            overdue: false,
            address: Some("b"),
        };
        let mut plain = csv::Writer::from_writer(Vec::new());
        plain.serialize(&row).unwrap();
        let plain = String::from_utf8(plain.into_inner().unwrap()).unwrap();
        assert_eq!(written(&[row]), plain + "'@x,plain,'+,0\n");
    }

    #[test]
    fn nested_values_are_refused() {
        #[derive(Serialize)]
        struct Nested {
            items: Vec<u8>,
        }
        let mut w = CsvOut::from_writer(Vec::new());
        assert!(w.serialize(&Nested { items: vec![1] }).is_err());
    }
}
