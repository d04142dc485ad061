//! Colours and emphasis. By default only the 16 named ANSI colours (they work on every old
//! terminal and follow the user's palette); under `NO_COLOR` no colour at all — not even a reset
//! to the default colour, because crossterm then emits `ESC[;m`, which also clears REVERSED.
//! Meaning is never carried by colour alone: selection is REVERSED, urgency is BOLD and spelled
//! out in the text ("逾期" / "overdue").

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours may be used at all.
    pub color: bool,
}

impl Theme {
    /// The 16-colour theme.
    pub const COLOR: Theme = Theme { color: true };
    /// The colour-free theme (`NO_COLOR`).
    pub const PLAIN: Theme = Theme { color: false };

    /// `NO_COLOR` set to anything non-empty means no colour (https://no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::PLAIN,
            _ => Theme::COLOR,
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn normal(self) -> Style {
        Style::new()
    }
    /// The selected line: reversed in both themes, so it stays visible without colour.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// The selected line of a pane that does not have the focus.
    pub fn selected_unfocused(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn header(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn tab(self) -> Style {
        self.fg(Color::Gray)
    }
    pub fn tab_active(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }
    pub fn overdue(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn soon(self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }
    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn bar(self) -> Style {
        self.fg(Color::Blue)
    }
    pub fn label(self) -> Style {
        self.fg(Color::Cyan)
    }
    pub fn border(self) -> Style {
        self.fg(Color::DarkGray)
    }
    pub fn focus_border(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    /// A qualification state: colour for the eye, and BOLD where it stops the body certifying.
    pub fn status(self, code: &str) -> Style {
        match code {
            "active" => self.fg(Color::Green),
            "pending_verification" | "renewal_pending" => self.fg(Color::Yellow),
            "suspended" => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            "revoked" | "revoked_penalty" | "withdrawn" => {
                self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
            }
            "expired" | "cancelled" => self.fg(Color::DarkGray),
            _ => Style::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_theme_sets_no_colour_and_keeps_the_selection_visible() {
        let t = Theme::PLAIN;
        for s in [
            t.normal(),
            t.selected(),
            t.title(),
            t.header(),
            t.tab(),
            t.tab_active(),
            t.dim(),
            t.overdue(),
            t.soon(),
            t.error(),
            t.ok(),
            t.key(),
            t.bar(),
            t.label(),
            t.border(),
            t.focus_border(),
            t.status("suspended"),
            t.status("active"),
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        assert!(t.selected().add_modifier.contains(Modifier::REVERSED));
        assert!(t.overdue().add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn the_colour_theme_uses_named_colours_only() {
        let t = Theme::COLOR;
        for s in [
            t.title(),
            t.overdue(),
            t.soon(),
            t.dim(),
            t.status("revoked"),
            t.bar(),
        ] {
            match s.fg {
                Some(Color::Rgb(..)) | Some(Color::Indexed(_)) => {
                    panic!("not a named colour: {s:?}")
                }
                _ => {}
            }
        }
    }
}
