//! Text hygiene shared by every input path and every output: what free text may hold, how
//! long it may be, and how stored text is made safe for a terminal or a spreadsheet.
//!
//! Three rules, each in one place:
//! - [`check_text`]: what an act or an import cell may say. No control characters, no
//!   invisible or direction-changing characters ([`is_invisible`]), no leading `=` `+` `-`
//!   `@` (a spreadsheet would run it as a formula), and at most [`max_chars`] characters.
//! - [`sanitize_for_display`]: stored text on its way to a terminal. Every control and
//!   invisible character becomes U+FFFD, one visible column, so a value written into the file
//!   by another tool can neither send escape sequences nor reorder what is shown around it.
//! - [`neutralise_formula`]: a cell on its way into a CSV file. A cell a spreadsheet would
//!   execute gets a leading `'` (OWASP), whatever wrote it into the database.

use std::borrow::Cow;

/// Longest name accepted (a body's name, a legal representative, an officer), in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest other free text accepted (basis, document number, reason, address, authority,
/// scope item, …), in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// A refusal never quotes more of a value than this many characters.
pub const ECHO_CHARS: usize = 80;

/// The fields that hold names, with the shorter limit; every other field has [`MAX_TEXT_CHARS`].
const NAME_FIELDS: [&str; 3] = ["name", "legal_rep", "officers"];

/// The longest value `field` accepts, in characters (field names as the CLI, the forms and
/// the import columns spell them).
pub fn max_chars(field: &str) -> usize {
    if NAME_FIELDS.contains(&field) {
        MAX_NAME_CHARS
    } else {
        MAX_TEXT_CHARS
    }
}

/// Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space become
/// their half-width forms; spreadsheets from Chinese offices are full of them.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Trim, convert full-width to half-width, upper-case: the form every identifier is compared in.
pub fn normalise_id(s: &str) -> String {
    to_half_width(s.trim()).to_uppercase()
}

/// Invisible characters that change how the text around them is drawn or joined: the bidi
/// embeddings, overrides and isolates (U+202A–202E, U+2066–2069), the direction marks
/// (U+200E, U+200F, U+061C), the zero-width characters (U+200B–200D, U+2060, U+FEFF), the
/// invisible operators (U+2061–2064) and the line and paragraph separators (U+2028, U+2029).
/// `"abc\u{202e}fdp.exe"` shows as `abcexe.pdf`.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// What an invisible character does, for the message that refuses it.
fn invisible_name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "zero-width no-break space",
        '\u{200E}' | '\u{200F}' | '\u{061C}' => "direction mark",
        '\u{202A}'..='\u{202E}' => "bidi embedding or override, which reorders the text shown",
        '\u{2066}'..='\u{2069}' => "bidi isolate, which reorders the text shown",
        '\u{2028}' | '\u{2029}' => "line or paragraph separator",
        _ => "invisible operator",
    }
}

/// A character that must never reach a terminal as it is: a control character (C0, DEL, C1;
/// tabs and newlines too) or an invisible one.
pub fn is_unsafe_for_display(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// The first control character in `s` (C0, DEL, C1), if any. Tabs and newlines count too:
/// a body's name or a document number is one line of text.
pub fn first_control_char(s: &str) -> Option<char> {
    s.chars().find(|c| c.is_control())
}

/// A copy of `s` safe to draw on someone's terminal: every control character and every
/// invisible character ([`is_invisible`]) becomes U+FFFD. One replacement for all of them
/// keeps columns aligned and shows the officer that something was there.
pub fn sanitize_for_display(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_for_display) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| {
                    if is_unsafe_for_display(c) {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect(),
        )
    }
}

/// [`sanitize_for_display`] for a message of several lines: the line breaks stay, everything
/// else unsafe (a carriage return included) becomes U+FFFD.
pub fn sanitize_lines_for_display(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe_for_display(c)) {
        return Cow::Borrowed(s);
    }
    let lines: Vec<Cow<'_, str>> = s.split('\n').map(sanitize_for_display).collect();
    Cow::Owned(lines.join("\n"))
}

/// `s` with every control and invisible character written as a Rust-style escape
/// (`\u{200b}`), so a message can say what it refuses without sending it.
pub fn escape_unsafe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_unsafe_for_display(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The first [`ECHO_CHARS`] characters of `s`, escaped, with `…` when there was more: the
/// most of a refused value any message quotes.
pub fn preview(s: &str) -> String {
    let mut shown: String = s.chars().take(ECHO_CHARS).collect();
    if s.chars().nth(ECHO_CHARS).is_some() {
        shown.push('…');
    }
    escape_unsafe(&shown)
}

/// The characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"):
/// `=`, `+`, `-`, `@`, and TAB and CR, which some spreadsheets skip before one.
fn is_formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// The formula character `s` starts with, looking past leading white space (the ideographic
/// space U+3000 too: it is trimmed when stored, and the formula would then lead), if any.
pub fn formula_start(s: &str) -> Option<char> {
    let first = s.chars().next()?;
    if is_formula_start(first) {
        return Some(first);
    }
    s.trim_start()
        .chars()
        .next()
        .filter(|&c| is_formula_start(c))
}

/// Why a piece of free text is refused. [`TextProblem::explain`] says it in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Control(char),
    Invisible(char),
    Formula(char),
    TooLong { chars: usize, max: usize },
}

impl TextProblem {
    /// What is wrong with `value` and what to do, without the field's name (the caller puts
    /// it in front, or in its own column); quotes at most [`ECHO_CHARS`] characters.
    pub fn explain(&self, value: &str) -> String {
        match *self {
            TextProblem::Control(c) => format!(
                "contains a control character (U+{:04X}); remove it",
                c as u32
            ),
            TextProblem::Invisible(c) => format!(
                "contains the invisible character {} ({}); remove it",
                escape_unsafe(&c.to_string()),
                invisible_name(c)
            ),
            TextProblem::Formula(c) => format!(
                "starts with {} like a spreadsheet formula, which Excel would run; type the value itself, not a formula",
                match c {
                    '\t' => "a tab".to_string(),
                    '\r' => "a carriage return".to_string(),
                    c => format!("'{c}'"),
                }
            ),
            TextProblem::TooLong { chars, max } => format!(
                "has {chars} characters, more than {max}; shorten it (it begins \"{}\")",
                preview(value)
            ),
        }
    }
}

/// Check one piece of free text against the rules of the module docs, with at most `max`
/// characters. Leading and trailing spaces are not counted against it (they are trimmed
/// when stored), but a formula character behind leading spaces is still refused.
pub fn check_text(value: &str, max: usize) -> Result<(), TextProblem> {
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(TextProblem::Control(c));
    }
    if let Some(c) = value.chars().find(|&c| is_invisible(c)) {
        return Err(TextProblem::Invisible(c));
    }
    if let Some(c) = formula_start(value) {
        return Err(TextProblem::Formula(c));
    }
    let chars = value.trim().chars().count();
    if chars > max {
        return Err(TextProblem::TooLong { chars, max });
    }
    Ok(())
}

/// [`check_text`] with the limit of `field` ([`max_chars`]); the message names the field:
/// "doc_no starts with '=' like a spreadsheet formula, …".
pub fn check_field(field: &str, value: &str) -> Result<(), String> {
    check_text(value, max_chars(field)).map_err(|p| format!("{field} {}", p.explain(value)))
}

/// A cell as certdesk writes it into a CSV file: a cell that starts like a formula gets a
/// leading `'`, which spreadsheets show and never run (OWASP). Plain numbers such as `-3`
/// (days overdue) are left alone: a number is not a formula and scripts read it back.
pub fn neutralise_formula(cell: &str) -> Cow<'_, str> {
    if formula_start(cell).is_none() || is_plain_number(cell) {
        Cow::Borrowed(cell)
    } else {
        Cow::Owned(format!("'{cell}"))
    }
}

/// `-12`, `+3`, `-0.5`: an optional sign, digits, at most one decimal point between digits.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_becomes_half_width() {
        assert_eq!(
            to_half_width("ＣＮＣＡ－Ｒ－２０２２－００１"),
            "CNCA-R-2022-001"
        );
        assert_eq!(to_half_width("a\u{3000}b"), "a b");
        assert_eq!(to_half_width("中文名称"), "中文名称");
    }

    #[test]
    fn ids_are_trimmed_and_upper_cased() {
        assert_eq!(
            normalise_id("  ９１１１0000600037341ｌ "),
            "91110000600037341L"
        );
    }

    #[test]
    fn control_characters_are_found_and_replaced() {
        assert_eq!(first_control_char("ok"), None);
        assert_eq!(first_control_char("a\u{1b}[2J"), Some('\u{1b}'));
        assert_eq!(first_control_char("a\u{9b}b"), Some('\u{9b}'));
        assert_eq!(sanitize_for_display("x\u{1b}[31my"), "x\u{FFFD}[31my");
        assert!(matches!(sanitize_for_display("plain"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_for_display("北京国实"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidi_and_zero_width_characters_are_replaced_for_display() {
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{2028}',
        ] {
            let s = format!("a{c}b");
            assert_eq!(sanitize_for_display(&s), "a\u{FFFD}b", "U+{:04X}", c as u32);
        }
        // Neighbours of the ranges are ordinary text.
        for c in ['\u{2010}', '\u{2065}', '\u{206A}', '\u{3000}', '·', '—'] {
            assert!(!is_invisible(c), "U+{:04X}", c as u32);
        }
        assert_eq!(
            sanitize_for_display("\u{1b}]52;c;aGk=\u{7}名\u{202e}称"),
            "\u{FFFD}]52;c;aGk=\u{FFFD}名\u{FFFD}称"
        );
    }

    #[test]
    fn messages_keep_their_lines() {
        assert_eq!(
            sanitize_lines_for_display("row 2: x\u{1b}[2J\nrow 3: \r\u{202e}y"),
            "row 2: x\u{FFFD}[2J\nrow 3: \u{FFFD}\u{FFFD}y"
        );
        assert!(matches!(
            sanitize_lines_for_display("a\nb"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn refused_characters_are_shown_escaped() {
        assert_eq!(escape_unsafe("a\u{200b}b\u{1b}"), "a\\u{200b}b\\u{1b}");
        let p = check_text("京市监\u{200b}〔2024〕1号", 2000).unwrap_err();
        assert_eq!(p, TextProblem::Invisible('\u{200b}'));
        let m = p.explain("");
        assert!(
            m.contains("\\u{200b}") && m.contains("zero-width space"),
            "{m}"
        );
        assert!(!m.contains('\u{200b}'));
        let m = check_text("x\u{202e}y", 2000).unwrap_err().explain("");
        assert!(m.contains("\\u{202e}") && m.contains("reorders"), "{m}");
        assert_eq!(
            check_text("a\u{1b}[2J", 2000),
            Err(TextProblem::Control('\u{1b}'))
        );
        assert_eq!(check_text("a\tb", 2000), Err(TextProblem::Control('\t')));
    }

    #[test]
    fn formula_starts_are_refused() {
        for v in [
            "=1+1",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "  =cmd|' /C calc'!A0",
            "\u{3000}=1",
            "\u{a0}@A1",
            "-",
        ] {
            assert!(
                matches!(check_text(v, 2000), Err(TextProblem::Formula(_))),
                "{v}"
            );
        }
        // A tab or a carriage return is a control character first.
        assert_eq!(check_text("\t=1", 2000), Err(TextProblem::Control('\t')));
        for v in [
            "",
            "认证认可条例第五十八条",
            "京市监认〔2024〕1号",
            "a=b",
            "A-1",
            "x@y.cn",
        ] {
            assert_eq!(check_text(v, 2000), Ok(()), "{v}");
        }
        let m = check_field("doc_no", "=HYPERLINK(\"http://x\")").unwrap_err();
        assert!(m.starts_with("doc_no starts with '='"), "{m}");
    }

    #[test]
    fn lengths_are_bounded_and_only_a_preview_is_echoed() {
        assert_eq!(max_chars("name"), MAX_NAME_CHARS);
        assert_eq!(max_chars("legal_rep"), MAX_NAME_CHARS);
        assert_eq!(max_chars("officers"), MAX_NAME_CHARS);
        assert_eq!(max_chars("reason"), MAX_TEXT_CHARS);
        assert_eq!(max_chars("address"), MAX_TEXT_CHARS);
        assert_eq!(check_field("name", &"名".repeat(200)), Ok(()));
        assert_eq!(check_field("reason", &"x".repeat(2000)), Ok(()));
        // Spaces around the value are trimmed when stored and not counted.
        assert_eq!(
            check_field("name", &format!(" {} ", "名".repeat(200))),
            Ok(())
        );

        let long = format!("{}{}", "甲".repeat(80), "乙".repeat(121));
        let m = check_field("name", &long).unwrap_err();
        assert!(
            m.starts_with("name has 201 characters, more than 200"),
            "{m}"
        );
        assert!(m.contains(&format!("\"{}…\"", "甲".repeat(80))), "{m}");
        assert!(!m.contains('乙'), "{m}");

        let m = check_field("reason", &"r".repeat(5000)).unwrap_err();
        assert!(m.contains("5000 characters, more than 2000"), "{m}");
        assert!(m.contains(&"r".repeat(ECHO_CHARS)), "{m}");
        assert!(!m.contains(&"r".repeat(ECHO_CHARS + 1)), "{m}");
        assert_eq!(preview("short"), "short");
        assert_eq!(preview(&"a".repeat(81)), format!("{}…", "a".repeat(80)));
    }

    #[test]
    fn csv_cells_that_would_run_are_neutralised() {
        assert_eq!(
            neutralise_formula("=cmd|' /C calc'!A0"),
            "'=cmd|' /C calc'!A0"
        );
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("+1+1"), "'+1+1");
        assert_eq!(neutralise_formula("-2+3"), "'-2+3");
        assert_eq!(neutralise_formula("\t=1"), "'\t=1");
        assert_eq!(neutralise_formula("\r=1"), "'\r=1");
        assert_eq!(neutralise_formula("  =1"), "'  =1");
        for plain in ["", "北京", "a=b", "-3", "+4", "12", "-0.5", "2026-11-27"] {
            assert!(
                matches!(neutralise_formula(plain), Cow::Borrowed(_)),
                "{plain}"
            );
        }
        for not_number in ["-", "-.5", "-5.", "-1e3", "--1"] {
            assert!(
                neutralise_formula(not_number).starts_with('\''),
                "{not_number}"
            );
        }
    }
}
