//! Small building blocks of the screens.

pub mod bars;
pub mod input;
pub mod status;
pub mod table;
pub mod text;

use ratatui::layout::Rect;

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
