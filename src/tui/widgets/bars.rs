//! Horizontal bar charts that line up Chinese labels (display width, not bytes).

use super::text::{pad, pad_left, thousands, width};
use crate::tui::theme::Theme;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

/// A titled group of (label, count) bars drawn in `cols` columns.
pub fn chart(
    title: &str,
    items: &[(String, i64)],
    cols: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        super::text::fit(title, cols),
        theme.title(),
    ))];
    if items.is_empty() {
        lines.push(Line::from(Span::styled("  —", theme.dim())));
        return lines;
    }
    let label_w = items
        .iter()
        .map(|(l, _)| width(l))
        .max()
        .unwrap_or(0)
        .min(cols / 2)
        .max(2);
    let count_w = items
        .iter()
        .map(|(_, n)| thousands(*n).len())
        .max()
        .unwrap_or(1);
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let bar_room = cols.saturating_sub(label_w + count_w + 4).max(1);
    for (label, n) in items {
        let len = ((*n as f64 / max as f64) * bar_room as f64).round() as usize;
        let len = if *n > 0 { len.max(1) } else { 0 };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::raw(pad(label, label_w)),
            Span::raw(" "),
            Span::styled("█".repeat(len), theme.bar()),
            Span::raw(" ".repeat(bar_room - len.min(bar_room) + 1)),
            Span::styled(
                pad_left(&thousands(*n), count_w),
                theme.normal().add_modifier(Modifier::BOLD),
            ),
        ]));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_align() {
        let items = vec![
            ("有效".to_string(), 10),
            ("停业整顿".to_string(), 5),
            ("x".to_string(), 0),
        ];
        let lines = chart("按状态", &items, 30, Theme::PLAIN);
        assert_eq!(lines.len(), 4);
        let widths: Vec<usize> = lines[1..].iter().map(|l| l.width()).collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{widths:?}");
        assert!(widths[0] <= 30);
        let text: String = lines[3].spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(!text.contains('█'));
    }
}
