//! Text hygiene shared by every input path and every screen.

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

/// The first control character in `s` (C0, DEL, C1), if any. Tabs and newlines count too:
/// a body's name or a document number is one line of text.
pub fn first_control_char(s: &str) -> Option<char> {
    s.chars().find(|c| c.is_control())
}

/// A copy of `s` safe to draw on someone's terminal: every control character becomes
/// U+FFFD, so a name written into the file by another tool can never send escape sequences.
pub fn sanitize_for_display(s: &str) -> std::borrow::Cow<'_, str> {
    if first_control_char(s).is_none() {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(
            s.chars()
                .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
                .collect(),
        )
    }
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
        assert!(matches!(
            sanitize_for_display("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
