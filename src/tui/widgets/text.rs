//! Text measured in display columns: a Chinese character takes two, so alignment and
//! truncation count columns, never bytes or characters. Everything from the database passes
//! through `clean` (control characters replaced) before it reaches the terminal.

use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Text from the database made safe to draw.
pub fn clean(s: &str) -> Cow<'_, str> {
    crate::domain::text::sanitize_for_display(s)
}

/// Display width in columns.
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` cut to at most `w` columns, ending in '…' when something was cut.
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w - 1 {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    let mut out = fit(s, w);
    let used = out.width();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

/// `s` right-aligned in `w` columns.
pub fn pad_left(s: &str, w: usize) -> String {
    let s = fit(s, w);
    let used = s.width();
    let mut out: String = std::iter::repeat_n(' ', w.saturating_sub(used)).collect();
    out.push_str(&s);
    out
}

/// Break `s` into lines of at most `w` columns: at a space when the line has one in its second
/// half (English), else at any character (Chinese has no spaces).
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if w == 0 {
        return lines;
    }
    let mut line: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w {
            let cut = line
                .iter()
                .rposition(|&x| x == ' ')
                .filter(|&i| i > 0 && i >= line.len() / 2);
            match cut {
                Some(i) if c != ' ' => {
                    let rest: Vec<char> = line.split_off(i + 1);
                    lines.push(line.iter().collect::<String>().trim_end().to_string());
                    line = rest;
                }
                _ => lines.push(std::mem::take(&mut line).into_iter().collect()),
            }
            used = line.iter().map(|x| x.width().unwrap_or(0)).sum();
            if c == ' ' && line.is_empty() {
                continue;
            }
        }
        line.push(c);
        used += cw;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line.into_iter().collect());
    }
    lines
}

/// A character whose width Unicode leaves to the terminal (East Asian Ambiguous: `·` `→` `…`
/// `─` `“` …), replaced for a terminal that draws those in two columns (`ambiguous_width =
/// wide`) by a one-column character that looks most like it, `?` when there is none. ratatui
/// lays a frame out with them one column wide; drawn two wide, they would push the rest of the
/// line to the right and its last characters off the screen.
pub fn narrow_stand_in(symbol: &str) -> Option<&'static str> {
    if symbol.width() == symbol.width_cjk() {
        return None;
    }
    let c = symbol.chars().next()?;
    Some(match c {
        '·' | '•' | '∙' | '‧' => "-",
        '…' | '‥' => "~",
        '→' | '▶' | '►' | '▸' | '›' | '»' | '⇒' => ">",
        '←' | '◀' | '◄' | '◂' | '‹' | '«' | '⇐' => "<",
        '↑' | '▲' => "^",
        '↓' | '▼' => "v",
        '↔' => "-",
        '—' | '–' | '―' | '─' | '━' | '┄' | '┅' | '┈' | '┉' | '═' | '╌' | '╍' => {
            "-"
        }
        '│' | '┃' | '┆' | '┇' | '┊' | '┋' | '║' | '╎' | '╏' | '¦' => "|",
        '┌'..='╋' | '╒'..='╬' | '╭'..='╰' => "+",
        '“' | '”' | '″' => "\"",
        '‘' | '’' | '′' => "'",
        '×' => "x",
        '÷' => "/",
        '±' => "+",
        '°' | '○' | '◯' | '□' | '◇' | '☆' => "o",
        '●' | '■' | '◆' | '★' | '※' | '§' => "*",
        '█' | '▉' | '▊' | '▋' | '▌' | '▍' | '▎' | '▏' | '▓' | '▒' | '░' | '▀' | '▄' => {
            "#"
        }
        '√' => "v",
        '≤' => "<",
        '≥' => ">",
        '≠' => "#",
        _ => "?",
    })
}

/// Under `ambiguous_width = wide`: every ambiguous-width character of a drawn frame replaced by
/// its one-column stand-in, so the layout is right whatever the screens wrote into it.
pub fn narrow_ambiguous(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if let Some(stand_in) = narrow_stand_in(cell.symbol()) {
            cell.set_symbol(stand_in);
        }
    }
}

/// `wrap` to at most `n` lines, the last one ending in "…" when text was left out.
pub fn wrap_lines(s: &str, w: usize, n: usize) -> Vec<String> {
    let mut lines = wrap(s, w);
    if lines.len() > n {
        lines.truncate(n);
        if let Some(last) = lines.last_mut() {
            // One column more than fits forces `fit` to cut and mark it.
            *last = fit(&format!("{last}  "), w.min(width(last) + 1).max(1));
        }
    }
    lines
}

/// A count with thousands separators: 12,345.
pub fn thousands(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_two_columns() {
        assert_eq!(width("北京国实"), 8);
        assert_eq!(fit("北京国实认证有限公司", 9), "北京国实…");
        assert_eq!(width(&fit("北京国实认证有限公司", 9)), 9);
        assert_eq!(fit("北京国实认证有限公司", 8), "北京国…");
        assert_eq!(pad("北京", 6), "北京  ");
        assert_eq!(pad_left("12", 4), "  12");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 0), "");
    }

    #[test]
    fn wrapping_to_a_few_lines_marks_what_was_left_out() {
        assert_eq!(wrap_lines("北京国实认证", 5, 2), vec!["北京", "国实…"]);
        assert_eq!(wrap_lines("北京国实", 5, 2), vec!["北京", "国实"]);
        assert!(wrap_lines("abc def ghi jkl", 7, 1)[0].ends_with('…'));
    }

    #[test]
    fn wrapping_respects_columns() {
        assert_eq!(wrap("北京国实认证", 5), vec!["北京", "国实", "认证"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(
            wrap("Doc. no. 12 · Reason none", 14),
            vec!["Doc. no. 12 ·", "Reason none"]
        );
        assert!(
            wrap("Doc. no. 12 · Reason none", 14)
                .iter()
                .all(|l| width(l) <= 14)
        );
    }

    #[test]
    fn escape_sequences_are_defused() {
        assert_eq!(clean("A\u{1b}[2JB"), "A\u{FFFD}[2JB");
    }

    #[test]
    fn ambiguous_characters_get_one_column_stand_ins() {
        for (c, s) in [
            ("·", "-"),
            ("→", ">"),
            ("…", "~"),
            ("▶", ">"),
            ("─", "-"),
            ("│", "|"),
            ("┌", "+"),
            ("┘", "+"),
            ("╭", "+"),
            ("“", "\""),
            ("█", "#"),
            ("①", "?"),
        ] {
            assert_eq!(narrow_stand_in(c), Some(s), "{c}");
            assert_eq!(s.width_cjk(), 1);
        }
        // What every terminal draws alike is left alone: ASCII, Chinese, full-width forms.
        for c in ["a", " ", "国", "（", "〔", "、", "。", "【", "›"] {
            if c.width() == c.width_cjk() {
                assert_eq!(narrow_stand_in(c), None, "{c}");
            }
        }
        assert_eq!(narrow_stand_in("国"), None);
        assert_eq!(narrow_stand_in("a"), None);
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(-1000), "-1,000");
    }
}
