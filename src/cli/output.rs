//! Output for people and scripts: aligned text tables (display width, so Chinese lines up),
//! streamed JSON arrays and CSV.

use crate::domain::text::sanitize_for_display;
use serde::Serialize;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Pad `s` to `width` display columns (Chinese characters are two columns wide).
pub fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// Print rows as an aligned table; every cell is made safe for the terminal.
pub fn print_table(
    out: &mut dyn Write,
    headers: &[&str],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| sanitize_for_display(c).into_owned())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| UnicodeWidthStr::width(*h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(UnicodeWidthStr::width(c.as_str()));
            }
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let n = cells.len();
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i + 1 == n {
                    c.to_string()
                } else {
                    pad(c, widths[i])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "{}", line(headers.to_vec()))?;
    for r in &rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// Writes a JSON array one element at a time, so exports of the whole register stay small in memory.
pub struct JsonArray<'a> {
    out: &'a mut dyn Write,
    first: bool,
}

impl<'a> JsonArray<'a> {
    pub fn start(out: &'a mut dyn Write) -> std::io::Result<Self> {
        out.write_all(b"[")?;
        Ok(JsonArray { out, first: true })
    }
    pub fn push<T: Serialize>(&mut self, item: &T) -> std::io::Result<()> {
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, item).map_err(std::io::Error::other)
    }
    pub fn finish(self) -> std::io::Result<()> {
        self.out
            .write_all(if self.first { b"]\n" } else { b"\n]\n" })
    }
}
