//! .xls: calamine parses every sheet of an .xls when it opens it, reserving the cells each
//! sheet's DIMENSIONS record declares and then the span of its cells (`Range::from_sparse`),
//! before its caller gets control. A declared or real extent beyond the .xls grid is an
//! allocation the process cannot survive (an abort, not a panic), so the BIFF records of the
//! "Workbook" stream are read here first, the same way calamine walks them, and the file is
//! refused if what calamine would allocate is over the limits.

use super::{Fail, cell_ref};
use crate::import::limits::{Limit, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use std::io::Read;

/// The grid of an .xls sheet (BIFF8): 65,536 rows × 256 columns.
const GRID_CELLS: u64 = 65_536 * 256;

pub(super) fn check(bytes: &[u8]) -> Result<(), Fail> {
    let stream = workbook_stream(bytes)?;
    let mut sheets = Vec::new();
    let mut biff8 = true;
    for (typ, data) in records(&stream) {
        match typ {
            // BOF: the BIFF version (0x0600 is BIFF8).
            0x0809 if data.len() >= 2 => biff8 = u16le(data, 0) == 0x0600,
            // BoundSheet8: the sheet's offset in the stream and its name.
            0x0085 if data.len() >= 6 => {
                let name = sheet_name(&data[6..], biff8)
                    .unwrap_or_else(|| format!("{}", sheets.len() + 1));
                sheets.push((u32le(data, 0) as usize, name));
            }
            0x000A => break,
            _ => (),
        }
    }
    // The cells calamine allocates for every sheet together: each sheet's span of values and
    // of formulas (the reserve for the declared DIMENSIONS is checked on its own below).
    let mut total: u64 = 0;
    for (pos, name) in sheets {
        let Some(sub) = stream.get(pos..) else {
            continue; // calamine refuses it
        };
        let mut values = Span::default();
        let mut formulas = Span::default();
        let mut seen_bof = false;
        let mut depth = 0usize;
        for (typ, data) in records(sub) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => (),
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => declared(&name, data)?,
                // Number, Label, RString, BoolErr, RK, LabelSst: one cell each.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD if data.len() >= 4 => {
                    values.add(u16le(data, 0), u16le(data, 2));
                }
                // MulRk: a run of cells in one row.
                0x00BD if data.len() >= 6 => {
                    let row = u16le(data, 0);
                    values.add(row, u16le(data, 2));
                    values.add(row, u16le(data, data.len() - 2));
                }
                // Formula: its cached value and its text.
                0x0006 if data.len() >= 4 => {
                    values.add(u16le(data, 0), u16le(data, 2));
                    formulas.add(u16le(data, 0), u16le(data, 2));
                }
                0x000A => break,
                _ => (),
            }
        }
        total = total
            .saturating_add(values.cells())
            .saturating_add(formulas.cells());
        if total > MAX_CELLS {
            let span = values.range().unwrap_or_default();
            return Err(Fail::Limit {
                limit: Limit::Cells,
                found: format!("at least {total}"),
                where_: format!(
                    "sheet \"{name}\" spans {span} (an .xls is read whole: the span of every sheet's cells counts): "
                ),
            });
        }
    }
    Ok(())
}

/// The "Workbook" (BIFF8) or "Book" (BIFF5) stream, as calamine takes it.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, Fail> {
    let mut cfb = cfb::CompoundFile::open(std::io::Cursor::new(bytes))
        .map_err(|e| Fail::Damaged(format!("not a readable .xls file: {e}")))?;
    let mut stream = cfb
        .open_stream("/Workbook")
        .or_else(|_| cfb.open_stream("/Book"))
        .map_err(|_| Fail::Damaged("an OLE file without a workbook stream".into()))?;
    let mut out = Vec::new();
    stream
        .read_to_end(&mut out)
        .map_err(|e| Fail::Damaged(format!("the workbook stream cannot be read: {e}")))?;
    Ok(out)
}

/// DIMENSIONS as calamine reads it (`parse_dimensions`, then `reserve(rows * cols)` in
/// wrapping arithmetic): refused when the reserve is beyond an .xls sheet's grid.
fn declared(sheet: &str, r: &[u8]) -> Result<(), Fail> {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (
            u32::from(u16le(r, 0)),
            u32::from(u16le(r, 2)),
            u32::from(u16le(r, 4)),
            u32::from(u16le(r, 6)),
        ),
        14 | 16 => (
            u32le(r, 0),
            u32le(r, 4),
            u32::from(u16le(r, 8)),
            u32::from(u16le(r, 10)),
        ),
        _ => return Ok(()), // calamine refuses the record
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if 1 <= rl && 1 <= cl {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
    let cols = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
    if rows.saturating_mul(cols) <= GRID_CELLS {
        return Ok(());
    }
    let range = format!("{}:{}", cell_ref(start.0, start.1), cell_ref(end.0, end.1));
    let where_ = format!("sheet \"{sheet}\" declares {range}: ");
    if cols > MAX_COLUMNS as u64 {
        Err(Fail::Limit {
            limit: Limit::Columns,
            found: cols.to_string(),
            where_,
        })
    } else if rows > MAX_ROWS as u64 + 1 {
        Err(Fail::Limit {
            limit: Limit::Rows,
            found: (rows - 1).to_string(),
            where_,
        })
    } else {
        Err(Fail::Damaged(format!(
            "sheet \"{sheet}\" declares {range}, more than the 65,536 rows × 256 columns of an .xls sheet: the file is damaged"
        )))
    }
}

/// The span of the cells calamine keeps for one sheet.
#[derive(Default)]
struct Span(Option<(u16, u16, u16, u16)>);

impl Span {
    fn add(&mut self, row: u16, col: u16) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((t, b, l, r)) => (t.min(row), b.max(row), l.min(col), r.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(t, b, l, r)| {
            (u64::from(b - t) + 1) * (u64::from(r - l) + 1)
        })
    }

    fn range(&self) -> Option<String> {
        self.0.map(|(t, b, l, r)| {
            format!(
                "{}:{}",
                cell_ref(t.into(), l.into()),
                cell_ref(b.into(), r.into())
            )
        })
    }
}

/// BIFF records (type, data), stopping quietly where the stream is cut (calamine then refuses
/// it). CONTINUE records come as records of their own and are ignored, as calamine folds them
/// into the record before.
fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        if s.len() < 4 {
            return None;
        }
        let typ = u16le(s, 0);
        let len = usize::from(u16le(s, 2));
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        Some((typ, data))
    })
}

/// A BoundSheet8 name (ShortXLUnicodeString in BIFF8, a byte string before): for messages only.
fn sheet_name(r: &[u8], biff8: bool) -> Option<String> {
    let cch = usize::from(*r.first()?);
    if biff8 {
        let high = r.get(1)? & 1 == 1;
        let chars = &r[2..];
        if high {
            let units: Vec<u16> = chars
                .chunks_exact(2)
                .take(cch)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        } else {
            Some(chars.iter().take(cch).map(|&b| char::from(b)).collect())
        }
    } else {
        Some(r[1..].iter().take(cch).map(|&b| char::from(b)).collect())
    }
}

fn u16le(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32le(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
