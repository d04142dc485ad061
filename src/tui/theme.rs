//! Colours and emphasis, for the terminal at hand.
//!
//! Two palettes: for dark backgrounds and for light ones (which never draw text in ANSI 7 or 15,
//! white and gray, nor in yellow or cyan: they vanish on xterm's white). Which one is chosen from
//! `--theme` / `CERTDESK_THEME`, else the terminal's own answer (OSC 11, `tui::probe`), else
//! `COLORFGBG`, else dark. How many colours: 16 by default, 8 for `TERM=linux` and `vt100`
//! (no bright colours: what would be bright becomes the terminal's own colour), none for
//! `TERM=dumb` and under `NO_COLOR` — not even a reset to the default colour, because crossterm
//! then emits `ESC[;m`, which also clears REVERSED (the screens draw through `tui::ansi`, which
//! writes SGR 30–37/90–97 itself, never the 256-colour `38;5;N`).
//! Meaning is never carried by colour alone: selection is REVERSED, urgency is BOLD and spelled
//! out in the text ("逾期" / "overdue").

use ratatui::style::{Color, Modifier, Style};

/// The terminal's background, as far as the palette is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colours {
    None,
    /// The eight of SGR 30–37.
    Eight,
    /// The sixteen of SGR 30–37 and 90–97.
    Sixteen,
}

impl Colours {
    /// From `TERM` and `NO_COLOR` (set to anything non-empty: no colour, https://no-color.org):
    /// `dumb` (and no `TERM` at all) none; the Linux console, the VT100 family and `ansi` eight;
    /// a `-mono` or `-m` entry none; everything else sixteen.
    pub fn for_terminal(term: Option<&str>, no_color: bool) -> Colours {
        if no_color {
            return Colours::None;
        }
        let term = term.unwrap_or("").trim();
        let base = term.split('-').next().unwrap_or("");
        if term.is_empty() || term == "dumb" || term.ends_with("-mono") || term.ends_with("-m") {
            Colours::None
        } else if matches!(base, "linux" | "ansi" | "cons25" | "vt52")
            || base.starts_with("vt1")
            || base.starts_with("vt2")
        {
            Colours::Eight
        } else {
            Colours::Sixteen
        }
    }

    /// From this process's environment.
    pub fn from_env() -> Colours {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let term = std::env::var("TERM").ok();
        Colours::for_terminal(term.as_deref(), no_color)
    }

    /// `c` as this terminal can show it: bright colours fold onto their base colour with eight,
    /// and gray onto the default; nothing at all without colours.
    pub fn show(self, c: Color) -> Option<Color> {
        match self {
            Colours::None => None,
            Colours::Sixteen => Some(c),
            Colours::Eight => match c {
                Color::DarkGray | Color::White => None,
                Color::LightRed => Some(Color::Red),
                Color::LightGreen => Some(Color::Green),
                Color::LightYellow => Some(Color::Yellow),
                Color::LightBlue => Some(Color::Blue),
                Color::LightMagenta => Some(Color::Magenta),
                Color::LightCyan => Some(Color::Cyan),
                other => Some(other),
            },
        }
    }
}

/// `COLORFGBG` (rxvt, Konsole: "foreground;background", e.g. "0;15"): the background it names.
pub fn background_from_colorfgbg(value: &str) -> Option<Background> {
    let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        7 | 9..=15 => Some(Background::Light),
        0..=6 | 8 => Some(Background::Dark),
        _ => None,
    }
}

/// The background to draw for: what the user said (`--theme` / `CERTDESK_THEME`), else what the
/// terminal answered to OSC 11, else what `COLORFGBG` says, else dark.
pub fn choose_background(
    choice: crate::context::ThemeChoice,
    answered: Option<Background>,
    colorfgbg: Option<&str>,
) -> Background {
    use crate::context::ThemeChoice;
    match choice {
        ThemeChoice::Light => Background::Light,
        ThemeChoice::Dark => Background::Dark,
        ThemeChoice::Auto => answered
            .or_else(|| colorfgbg.and_then(background_from_colorfgbg))
            .unwrap_or(Background::Dark),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colours: Colours,
    pub background: Background,
}

impl Theme {
    /// Sixteen colours on a dark background.
    pub const COLOR: Theme = Theme {
        colours: Colours::Sixteen,
        background: Background::Dark,
    };
    /// Sixteen colours on a light background.
    pub const LIGHT: Theme = Theme {
        colours: Colours::Sixteen,
        background: Background::Light,
    };
    /// The colour-free theme (`NO_COLOR`, `TERM=dumb`).
    pub const PLAIN: Theme = Theme {
        colours: Colours::None,
        background: Background::Dark,
    };

    pub fn new(colours: Colours, background: Background) -> Theme {
        Theme {
            colours,
            background,
        }
    }

    /// Whether colours may be used at all.
    pub fn has_colour(self) -> bool {
        self.colours != Colours::None
    }

    /// Text in `dark` on a dark background, `light` on a light one.
    fn fg2(self, dark: Color, light: Color) -> Style {
        let c = match self.background {
            Background::Dark => dark,
            Background::Light => light,
        };
        match self.colours.show(c) {
            Some(c) => Style::new().fg(c),
            None => Style::new(),
        }
    }

    /// Text in `c` on either background.
    fn fg(self, c: Color) -> Style {
        self.fg2(c, c)
    }

    pub fn normal(self) -> Style {
        Style::new()
    }
    /// The selected line: reversed in every theme, so it stays visible without colour. The
    /// tables draw the whole line in this one style (`widgets::table::render`): a cell's own
    /// colour, reversed, would make a coloured block between the default-colour gaps.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// The selected line of a pane that does not have the focus.
    pub fn selected_unfocused(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
    pub fn title(self) -> Style {
        self.fg2(Color::Cyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }
    pub fn header(self) -> Style {
        self.fg2(Color::Cyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }
    /// A tab not shown: the terminal's own colour (gray was #E5E5E5 on xterm's white).
    pub fn tab(self) -> Style {
        Style::new()
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
        self.fg2(Color::Yellow, Color::Magenta)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }
    pub fn key(self) -> Style {
        self.fg2(Color::Yellow, Color::Magenta)
            .add_modifier(Modifier::BOLD)
    }
    pub fn bar(self) -> Style {
        self.fg(Color::Blue)
    }
    pub fn label(self) -> Style {
        self.fg2(Color::Cyan, Color::Blue)
    }
    pub fn border(self) -> Style {
        self.fg(Color::DarkGray)
    }
    pub fn focus_border(self) -> Style {
        self.fg2(Color::Cyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }
    /// A qualification state: colour for the eye, and BOLD where it stops the body certifying.
    pub fn status(self, code: &str) -> Style {
        match code {
            "active" => self.fg(Color::Green),
            "pending_verification" | "renewal_pending" => self.fg2(Color::Yellow, Color::Blue),
            "suspended" => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            "revoked" | "revoked_penalty" | "withdrawn" => {
                self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
            }
            "expired" | "cancelled" => self.fg(Color::DarkGray),
            _ => Style::new(),
        }
    }

    /// Every style the screens draw text in (tests: what no theme may do).
    pub fn all_styles(self) -> Vec<Style> {
        let mut v = vec![
            self.normal(),
            self.selected(),
            self.selected_unfocused(),
            self.title(),
            self.header(),
            self.tab(),
            self.tab_active(),
            self.dim(),
            self.overdue(),
            self.soon(),
            self.error(),
            self.ok(),
            self.key(),
            self.bar(),
            self.label(),
            self.border(),
            self.focus_border(),
        ];
        for s in crate::domain::model::QualStatus::ALL {
            v.push(self.status(s.as_str()));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_theme_sets_no_colour_and_keeps_the_selection_visible() {
        let t = Theme::PLAIN;
        for s in t.all_styles() {
            assert_eq!(s.fg, None, "{s:?}");
            assert_eq!(s.bg, None, "{s:?}");
        }
        assert!(t.selected().add_modifier.contains(Modifier::REVERSED));
        assert!(t.overdue().add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn every_theme_uses_named_colours_and_no_background() {
        for colours in [Colours::Eight, Colours::Sixteen] {
            for background in [Background::Dark, Background::Light] {
                for s in Theme::new(colours, background).all_styles() {
                    assert_eq!(s.bg, None, "{s:?}");
                    if let Some(Color::Rgb(..) | Color::Indexed(_)) = s.fg {
                        panic!("not a named colour: {s:?}")
                    }
                }
            }
        }
    }

    #[test]
    fn the_light_theme_never_writes_white_gray_yellow_or_cyan() {
        for colours in [Colours::Eight, Colours::Sixteen] {
            for s in Theme::new(colours, Background::Light).all_styles() {
                assert!(
                    !matches!(
                        s.fg,
                        Some(
                            Color::Gray
                                | Color::White
                                | Color::Yellow
                                | Color::LightYellow
                                | Color::Cyan
                                | Color::LightCyan
                        )
                    ),
                    "unreadable on white: {s:?}"
                );
            }
        }
        // Nor does the dark theme draw its tabs in ANSI 7 any more.
        assert_eq!(Theme::COLOR.tab().fg, None);
    }

    #[test]
    fn eight_colours_have_no_bright_ones() {
        for background in [Background::Dark, Background::Light] {
            for s in Theme::new(Colours::Eight, background).all_styles() {
                assert!(
                    matches!(
                        s.fg,
                        None | Some(
                            Color::Black
                                | Color::Red
                                | Color::Green
                                | Color::Yellow
                                | Color::Blue
                                | Color::Magenta
                                | Color::Cyan
                                | Color::Gray
                        )
                    ),
                    "not one of the eight: {s:?}"
                );
            }
        }
        assert_eq!(Colours::Eight.show(Color::LightRed), Some(Color::Red));
        assert_eq!(Colours::Eight.show(Color::DarkGray), None);
    }

    #[test]
    fn the_terminal_names_its_colours() {
        let c = |t: &str| Colours::for_terminal(Some(t), false);
        assert_eq!(c("linux"), Colours::Eight);
        assert_eq!(c("vt100"), Colours::Eight);
        assert_eq!(c("vt220"), Colours::Eight);
        assert_eq!(c("vt102-nsgr"), Colours::Eight);
        assert_eq!(c("ansi"), Colours::Eight);
        assert_eq!(c("dumb"), Colours::None);
        assert_eq!(c("xterm-mono"), Colours::None);
        assert_eq!(c("xterm"), Colours::Sixteen);
        assert_eq!(c("xterm-256color"), Colours::Sixteen);
        assert_eq!(c("screen.xterm-256color"), Colours::Sixteen);
        assert_eq!(c("tmux-256color"), Colours::Sixteen);
        assert_eq!(c("putty"), Colours::Sixteen);
        assert_eq!(Colours::for_terminal(None, false), Colours::None);
        assert_eq!(Colours::for_terminal(Some(""), false), Colours::None);
        assert_eq!(Colours::for_terminal(Some("xterm"), true), Colours::None);
        assert_eq!(Colours::for_terminal(Some("linux"), true), Colours::None);
    }

    #[test]
    fn the_users_word_comes_before_the_terminals() {
        use crate::context::ThemeChoice;
        let light = Some(Background::Light);
        let dark = Some(Background::Dark);
        assert_eq!(
            choose_background(ThemeChoice::Dark, light, Some("0;15")),
            Background::Dark
        );
        assert_eq!(
            choose_background(ThemeChoice::Light, dark, None),
            Background::Light
        );
        assert_eq!(
            choose_background(ThemeChoice::Auto, light, Some("15;0")),
            Background::Light
        );
        assert_eq!(
            choose_background(ThemeChoice::Auto, None, Some("0;15")),
            Background::Light
        );
        assert_eq!(
            choose_background(ThemeChoice::Auto, None, Some("garbage")),
            Background::Dark
        );
        assert_eq!(
            choose_background(ThemeChoice::Auto, None, None),
            Background::Dark
        );
    }

    #[test]
    fn colorfgbg_names_the_background() {
        assert_eq!(background_from_colorfgbg("0;15"), Some(Background::Light));
        assert_eq!(
            background_from_colorfgbg("0;default;15"),
            Some(Background::Light)
        );
        assert_eq!(background_from_colorfgbg("15;0"), Some(Background::Dark));
        assert_eq!(background_from_colorfgbg("7;8"), Some(Background::Dark));
        assert_eq!(background_from_colorfgbg("0;default"), None);
        assert_eq!(background_from_colorfgbg(""), None);
        assert_eq!(background_from_colorfgbg("0;300"), None);
    }
}
