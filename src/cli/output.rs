//! Output for people and scripts: aligned text tables (display width, so Chinese lines up),
//! streamed JSON arrays and CSV.
//!
//! Everything the command line writes to standard output or standard error passes through
//! [`Sanitized`] (`stdout()`, `stderr()`, `print_line`, `eprint_line`, `report_error`), so no
//! value from the database, a file or a file name can drive the terminal. Every JSON it prints
//! or writes goes through [`write_json`], which also escapes the invisible characters.

use crate::domain::text::{is_invisible, sanitize_for_display, sanitize_lines_for_display};
use serde::Serialize;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// A writer to a terminal (or whatever stands in for one): text passes through
/// `domain::text::sanitize_lines_for_display`, line breaks kept; bytes that are not UTF-8
/// become U+FFFD. A character split across two writes is held until it is complete.
pub struct Sanitized<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Sanitized<W> {
    pub fn new(inner: W) -> Self {
        Sanitized {
            inner,
            pending: Vec::new(),
        }
    }

    /// Bytes certdesk itself chose (a byte-order mark), written as they are.
    pub fn write_verbatim(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write_all(bytes)
    }
}

impl<W: Write> Write for Sanitized<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut clean = String::new();
        let mut at = 0;
        while at < self.pending.len() {
            match std::str::from_utf8(&self.pending[at..]) {
                Ok(text) => {
                    clean.push_str(&sanitize_lines_for_display(text));
                    at = self.pending.len();
                }
                Err(e) => {
                    let valid = &self.pending[at..at + e.valid_up_to()];
                    let valid = std::str::from_utf8(valid).unwrap_or_default();
                    clean.push_str(&sanitize_lines_for_display(valid));
                    at += e.valid_up_to();
                    match e.error_len() {
                        Some(n) => {
                            clean.push('\u{FFFD}');
                            at += n;
                        }
                        None => break, // an incomplete character: wait for the rest
                    }
                }
            }
        }
        self.pending.drain(..at);
        self.inner.write_all(clean.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Sanitized<W> {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let _ = self.inner.write_all("\u{FFFD}".as_bytes());
        }
        let _ = self.inner.flush();
    }
}

/// Standard output, sanitised.
pub fn stdout() -> Sanitized<std::io::BufWriter<std::io::StdoutLock<'static>>> {
    Sanitized::new(std::io::BufWriter::new(std::io::stdout().lock()))
}

/// Standard error, sanitised.
pub fn stderr() -> Sanitized<std::io::StderrLock<'static>> {
    Sanitized::new(std::io::stderr().lock())
}

/// One message (it may have several lines) on standard output.
pub fn print_line(text: &str) -> std::io::Result<()> {
    let mut out = stdout();
    writeln!(out, "{text}")?;
    out.flush()
}

/// One message (it may have several lines) on standard error.
pub fn eprint_line(text: &str) {
    let _ = writeln!(stderr(), "{text}");
}

/// The last words of a failed command, on standard error.
/// Sanitised, and in the terminal's own encoding under a legacy locale (`zh_CN.GB18030`), so that
/// the refusal to start the screens there can be read.
pub fn report_error(e: &super::CliError) {
    // A closed pipe says nothing (its reader is gone; the status tells a script).
    if !e.message.is_empty() {
        let text = format!("certdesk: {e}\n");
        let clean = sanitize_lines_for_display(&text);
        let _ = std::io::stderr()
            .lock()
            .write_all(&crate::locale::encode_for_terminal(&clean));
    }
}

/// Parse the command line. clap quotes a refused argument as it was typed; when that quote
/// holds a character that could drive the terminal, the message is printed sanitised (and
/// without colour) instead.
pub fn parse_command_line() -> super::Cli {
    use clap::Parser;
    let e = match super::Cli::try_parse() {
        Ok(cli) => return cli,
        Err(e) => e,
    };
    // Chinese for a usage error under `--lang zh` (else a `zh…` locale); clap's own text else.
    let lang = crate::i18n::usage::command_line_lang();
    if lang == crate::i18n::Lang::Zh
        && let Some(text) = crate::i18n::usage::in_chinese(&e)
    {
        let _ = write!(stderr(), "{}", sanitize_lines_for_display(&text));
        std::process::exit(e.exit_code());
    }
    let text = e.render().to_string(); // plain text: clap's own styling is not in it
    if sanitize_lines_for_display(&text) == text {
        e.exit();
    }
    if e.use_stderr() {
        let _ = write!(stderr(), "{text}");
    } else {
        let mut out = stdout();
        let _ = write!(out, "{text}");
        let _ = out.flush();
    }
    std::process::exit(e.exit_code());
}

/// A `serde_json` formatter that also writes control characters serde_json leaves raw (DEL,
/// C1) and the invisible characters (`domain::text::is_invisible`: bidi overrides, zero-width
/// characters) as `\uXXXX`; whoever reads the JSON gets the same text back.
struct SafeJson<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if c.is_control() || is_invisible(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?; // all of them are in the BMP
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as JSON on `out`, compact or pretty (no line end after it).
pub fn write_json<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
    pretty: bool,
) -> std::io::Result<()> {
    let result = if pretty {
        let f = SafeJson(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, f))
    } else {
        let f = SafeJson(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, f))
    };
    result.map_err(std::io::Error::other)
}

/// `value` as pretty JSON and a line end on standard output.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> std::io::Result<()> {
    let mut out = stdout();
    write_json(&mut out, value, true)?;
    writeln!(out)?;
    out.flush()
}

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

/// Output held back until a command has finished reading the database: in memory up to
/// `SPILL_IN_MEMORY`, then in an anonymous temporary file (`tempfile::tempfile`: O_TMPFILE, a
/// file without a name, so it can overwrite nothing and vanishes with the process; where the
/// file system has no O_TMPFILE, a new file of a random name, made with O_EXCL and unlinked at
/// once). A command that writes a whole table to standard output reads it into a `Spill` and
/// copies it out afterwards: a slow or paused reader of the output then waits on the copy, not
/// on the query, whose read snapshot would keep every later frame in the -wal.
pub struct Spill {
    memory: Vec<u8>,
    in_memory: usize,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl Default for Spill {
    fn default() -> Self {
        Spill::holding(SPILL_IN_MEMORY)
    }
}

/// How much a `Spill` keeps in memory before it moves to a temporary file.
const SPILL_IN_MEMORY: usize = 8 << 20;

impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.file.is_none() && self.memory.len() + buf.len() > self.in_memory {
            let mut file = std::io::BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
            file.write_all(&std::mem::take(&mut self.memory))?;
            self.file = Some(file);
        }
        match &mut self.file {
            Some(f) => f.write(buf),
            None => {
                self.memory.extend_from_slice(buf);
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Spill {
    /// A spill that keeps up to `in_memory` bytes in memory.
    fn holding(in_memory: usize) -> Self {
        Spill {
            memory: Vec::new(),
            in_memory,
            file: None,
        }
    }

    /// Where the bytes beyond `SPILL_IN_MEMORY` go (for messages).
    pub fn folder() -> std::path::PathBuf {
        std::env::temp_dir()
    }

    /// Everything written, in order, into `out` (read back from the temporary file in pieces).
    pub fn copy_to(self, out: &mut dyn Write) -> Result<(), SpillCopy> {
        use std::io::{Read, Seek};
        let Some(file) = self.file else {
            return self
                .memory
                .chunks(1 << 16)
                .try_for_each(|c| out.write_all(c))
                .map_err(SpillCopy::Out);
        };
        let mut file = file
            .into_inner()
            .map_err(|e| SpillCopy::Spill(e.into_error()))?;
        file.rewind().map_err(SpillCopy::Spill)?;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = match file.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(SpillCopy::Spill(e)),
            };
            out.write_all(&buf[..n]).map_err(SpillCopy::Out)?;
        }
    }
}

/// What failed while a `Spill` was copied out: its temporary file, or the destination.
#[derive(Debug)]
pub enum SpillCopy {
    Spill(std::io::Error),
    Out(std::io::Error),
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
        write_json(&mut *self.out, item, false)
    }
    pub fn finish(self) -> std::io::Result<()> {
        self.out
            .write_all(if self.first { b"]\n" } else { b"\n]\n" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        let mut out = Vec::new();
        write_json(
            &mut out,
            &["a\u{202e}b\u{200b}c\u{1b}\u{9b}d\u{7f}", "名称"],
            false,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, r#"["a\u202eb\u200bc\u001b\u009bd\u007f","名称"]"#);
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back[0], "a\u{202e}b\u{200b}c\u{1b}\u{9b}d\u{7f}");
        let mut pretty = Vec::new();
        write_json(&mut pretty, &serde_json::json!({"k": ["\u{2066}"]}), true).unwrap();
        assert_eq!(
            String::from_utf8(pretty).unwrap(),
            "{\n  \"k\": [\n    \"\\u2066\"\n  ]\n}"
        );
    }

    #[test]
    fn a_spill_gives_back_what_it_held_in_memory_or_in_its_file() {
        let text: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        for in_memory in [usize::MAX, 1000, 0] {
            let mut spill = Spill::holding(in_memory);
            for piece in text.chunks(777) {
                spill.write_all(piece).unwrap();
            }
            assert_eq!(spill.file.is_some(), in_memory < text.len());
            let mut out = Vec::new();
            spill.copy_to(&mut out).unwrap();
            assert!(out == text, "{in_memory}: {} bytes back", out.len());
        }
    }

    #[test]
    fn the_terminal_writer_keeps_lines_and_whole_characters() {
        let mut sink = Vec::new();
        {
            let mut w = Sanitized::new(&mut sink);
            let text = "名\u{1b}]52;c;eA==\u{7}\n\u{202e}x\r\n";
            let bytes = text.as_bytes();
            // Split inside the first character and inside U+202E.
            w.write_all(&bytes[..1]).unwrap();
            w.write_all(&bytes[1..16]).unwrap();
            w.write_all(&bytes[16..]).unwrap();
            w.write_all(b"bad \xff end").unwrap();
        }
        assert_eq!(
            String::from_utf8(sink).unwrap(),
            "名\u{FFFD}]52;c;eA==\u{FFFD}\n\u{FFFD}x\u{FFFD}\nbad \u{FFFD} end"
        );
    }
}
