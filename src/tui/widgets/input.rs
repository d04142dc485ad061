//! A one-line text input that measures in display columns (a Chinese character is two) and
//! places the terminal's real cursor, so input methods anchor their candidate window to it.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    chars: Vec<char>,
    /// The cursor, as an index into `chars` (0 ..= len).
    cursor: usize,
}

fn width(c: char) -> usize {
    c.width().unwrap_or(0)
}

impl TextInput {
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let cursor = chars.len();
        TextInput { chars, cursor }
    }
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
    pub fn cursor(&self) -> usize {
        self.cursor
    }
    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }
    /// Type a character at the cursor. Control characters never enter a field.
    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        self.chars.insert(self.cursor, c);
        self.cursor += 1;
    }
    /// A new line at the cursor, for the multi-line fields (the only control character a
    /// field takes; the rules let it through only in 理由 and findings).
    pub fn insert_newline(&mut self) -> bool {
        self.chars.insert(self.cursor, '\n');
        self.cursor += 1;
        true
    }
    pub fn delete_back(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        self.chars.remove(self.cursor);
        true
    }
    pub fn delete_forward(&mut self) -> bool {
        if self.cursor >= self.chars.len() {
            return false;
        }
        self.chars.remove(self.cursor);
        true
    }
    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.chars.len());
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.chars.len();
    }
    pub fn clear(&mut self) -> bool {
        let changed = !self.chars.is_empty();
        self.chars.clear();
        self.cursor = 0;
        changed
    }

    /// Apply an editing action; returns whether the text changed.
    pub fn edit(&mut self, action: crate::tui::keymap::Action) -> bool {
        use crate::tui::keymap::Action as A;
        match action {
            A::Insert(c) => {
                self.insert(c);
                true
            }
            A::DeleteBack => self.delete_back(),
            A::DeleteForward => self.delete_forward(),
            A::ClearLine => self.clear(),
            A::Left => {
                self.left();
                false
            }
            A::Right => {
                self.right();
                false
            }
            A::Home => {
                self.home();
                false
            }
            A::End => {
                self.end();
                false
            }
            _ => false,
        }
    }

    /// The display width of the text before the cursor.
    pub fn cursor_column(&self) -> usize {
        self.chars[..self.cursor].iter().map(|&c| width(c)).sum()
    }

    /// The part of the text shown in `cols` columns, scrolled so the cursor is visible,
    /// and the cursor's column within it.
    pub fn visible(&self, cols: usize) -> (String, usize) {
        if cols == 0 {
            return (String::new(), 0);
        }
        // Leave one column for the cursor after the last character.
        let room = cols.saturating_sub(1).max(1);
        let mut start = 0;
        while start < self.cursor
            && self.chars[start..self.cursor]
                .iter()
                .map(|&c| width(c))
                .sum::<usize>()
                > room
        {
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for &c in &self.chars[start..] {
            let w = width(c);
            if used + w > cols {
                break;
            }
            shown.push(c);
            used += w;
        }
        let col = self.chars[start..self.cursor]
            .iter()
            .map(|&c| width(c))
            .sum();
        (shown, col)
    }

    /// Draw the input in `area` (one line); with `focused`, place the real cursor.
    pub fn render(&self, f: &mut Frame, area: Rect, style: Style, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let (shown, col) = self.visible(area.width as usize);
        f.render_widget(Span::styled(shown, style), area);
        if focused {
            let x = area.x + (col as u16).min(area.width.saturating_sub(1));
            f.set_cursor_position(Position::new(x, area.y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Action;

    #[test]
    fn editing_moves_by_characters_and_measures_columns() {
        let mut t = TextInput::default();
        for c in "国实认证".chars() {
            t.insert(c);
        }
        assert_eq!(t.text(), "国实认证");
        assert_eq!(t.cursor_column(), 8);
        t.left();
        assert_eq!(t.cursor_column(), 6);
        t.insert('A');
        assert_eq!(t.text(), "国实认A证");
        assert_eq!(t.cursor_column(), 7);
        assert!(t.edit(Action::DeleteBack));
        assert_eq!(t.text(), "国实认证");
        t.home();
        assert!(!t.delete_back());
        assert!(t.delete_forward());
        assert_eq!(t.text(), "实认证");
        assert!(t.edit(Action::ClearLine));
        assert!(t.is_empty());
    }

    #[test]
    fn control_characters_are_not_typed() {
        let mut t = TextInput::default();
        t.insert('\u{1b}');
        assert!(t.is_empty());
    }

    #[test]
    fn long_text_scrolls_to_keep_the_cursor_visible() {
        let t = TextInput::new("中华人民共和国国家认证认可监督管理委员会");
        let (shown, col) = t.visible(10);
        assert!(shown.ends_with("委员会"), "{shown}");
        assert!(col <= 9);
        let mut t = t;
        t.home();
        let (shown, col) = t.visible(10);
        assert!(shown.starts_with("中华"));
        assert_eq!(col, 0);
    }
}
