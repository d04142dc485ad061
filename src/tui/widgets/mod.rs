//! Small building blocks of the screens.

pub mod bars;
pub mod input;
pub mod status;
pub mod table;
pub mod text;

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

/// A rectangle of at most `w`×`h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The style of text on a reversed selection bar: its own colours dropped, so the bar is one
/// colour across cells and the gaps between them (a colour reversed is a block of that colour).
pub fn on_selection_bar(style: Style, bar: Style) -> Style {
    if bar.add_modifier.contains(Modifier::REVERSED) {
        Style {
            fg: None,
            bg: None,
            ..style
        }
    } else {
        style
    }
}

/// A line drawn as the selection `bar`: every span `on_selection_bar`, the line in `bar`.
pub fn selection_bar(line: Line<'_>, bar: Style) -> Line<'_> {
    let spans = line
        .spans
        .into_iter()
        .map(|s| {
            let style = on_selection_bar(s.style, bar);
            s.style(style)
        })
        .collect::<Vec<_>>();
    Line::from(spans).style(bar)
}
