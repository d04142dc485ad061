//! The screens' backend: crossterm's, except that it writes the colours itself. crossterm sends
//! every named colour as a 256-colour code (`ESC[38;5;1m`), which the Linux console and the VT100
//! family do not know; this one writes each change of style as one SGR of the basic codes —
//! reset, then the emphasis, then 30–37/90–97 and 40–47/100–107 — so a terminal of eight colours
//! (`theme::Colours::Eight`, which never asks for a bright one) gets only SGR 30–37, and one
//! without colours (`TERM=dumb`, `NO_COLOR`) no colour code at all.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::Print;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};

pub struct AnsiBackend<W: Write> {
    inner: CrosstermBackend<W>,
}

impl<W: Write> AnsiBackend<W> {
    pub fn new(writer: W) -> Self {
        AnsiBackend {
            inner: CrosstermBackend::new(writer),
        }
    }
}

/// The SGR number of a colour in the foreground (`base` 30) or background (`base` 40); None for
/// the terminal's default and for what is not one of the 16 (never asked for by the themes).
fn colour_code(c: Color, base: u8) -> Option<u8> {
    let n = match c {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(n) if n < 16 => n,
        _ => return None,
    };
    Some(if n < 8 { base + n } else { base + 60 + n - 8 })
}

/// The one SGR sequence that sets a cell's style from any state: `ESC[0;…m`.
pub fn sgr(fg: Color, bg: Color, modifier: Modifier) -> String {
    const EMPHASIS: [(Modifier, u8); 9] = [
        (Modifier::BOLD, 1),
        (Modifier::DIM, 2),
        (Modifier::ITALIC, 3),
        (Modifier::UNDERLINED, 4),
        (Modifier::SLOW_BLINK, 5),
        (Modifier::RAPID_BLINK, 6),
        (Modifier::REVERSED, 7),
        (Modifier::HIDDEN, 8),
        (Modifier::CROSSED_OUT, 9),
    ];
    let mut out = String::from("\x1b[0");
    for (m, code) in EMPHASIS {
        if modifier.contains(m) {
            out.push_str(&format!(";{code}"));
        }
    }
    for code in [colour_code(fg, 30), colour_code(bg, 40)]
        .into_iter()
        .flatten()
    {
        out.push_str(&format!(";{code}"));
    }
    out.push('m');
    out
}

impl<W: Write> Backend for AnsiBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut style: Option<(Color, Color, Modifier)> = None;
        let mut last: Option<Position> = None;
        for (x, y, cell) in content {
            if !matches!(last, Some(p) if x == p.x + 1 && y == p.y) {
                queue!(self.inner, MoveTo(x, y))?;
            }
            last = Some(Position { x, y });
            let this = (cell.fg, cell.bg, cell.modifier);
            if style != Some(this) {
                self.inner
                    .write_all(sgr(cell.fg, cell.bg, cell.modifier).as_bytes())?;
                style = Some(this);
            }
            queue!(self.inner, Print(cell.symbol()))?;
        }
        self.inner.write_all(b"\x1b[0m")
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }
    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }
    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::{Background, Colours, Theme};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    /// The SGR parameters of every `ESC[…m` in `out`.
    fn sgr_params(out: &str) -> Vec<u32> {
        out.split("\x1b[")
            .skip(1)
            .filter_map(|s| s.split_once('m').map(|(p, _)| p))
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit() || b == b';'))
            .flat_map(|p| {
                p.split(';')
                    .filter_map(|n| n.parse().ok())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Every style of `theme` drawn through the backend: the bytes sent.
    fn drawn(theme: Theme) -> String {
        let styles = theme.all_styles();
        let area = Rect::new(0, 0, styles.len() as u16, 1);
        let mut buf = Buffer::empty(area);
        for (x, s) in styles.iter().enumerate() {
            buf[(x as u16, 0)].set_symbol("x").set_style(*s);
        }
        let mut out: Vec<u8> = Vec::new();
        AnsiBackend::new(&mut out)
            .draw(
                buf.content
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (i as u16, 0, c)),
            )
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn basic_codes_only() {
        assert_eq!(
            sgr(Color::Red, Color::Reset, Modifier::BOLD),
            "\x1b[0;1;31m"
        );
        assert_eq!(
            sgr(Color::DarkGray, Color::Reset, Modifier::empty()),
            "\x1b[0;90m"
        );
        assert_eq!(
            sgr(Color::White, Color::Blue, Modifier::REVERSED),
            "\x1b[0;7;97;44m"
        );
        assert_eq!(
            sgr(Color::Reset, Color::Reset, Modifier::empty()),
            "\x1b[0m"
        );
        assert_eq!(
            sgr(Color::Rgb(1, 2, 3), Color::Indexed(200), Modifier::empty()),
            "\x1b[0m"
        );
    }

    #[test]
    fn eight_colours_send_only_30_to_37_and_none_send_no_colour() {
        for background in [Background::Dark, Background::Light] {
            let out = drawn(Theme::new(Colours::Eight, background));
            assert!(!out.contains("38;5"), "{out:?}");
            let params = sgr_params(&out);
            assert!(params.iter().any(|p| (31..=37).contains(p)), "{out:?}");
            assert!(
                params.iter().all(|p| *p <= 9 || (30..=37).contains(p)),
                "{params:?}"
            );

            let out = drawn(Theme::new(Colours::Sixteen, background));
            assert!(!out.contains("38;5"), "{out:?}");
            assert!(sgr_params(&out).contains(&90), "{out:?}");
        }
        let out = drawn(Theme::PLAIN);
        let params = sgr_params(&out);
        assert!(params.contains(&7), "REVERSED kept: {out:?}");
        assert!(params.iter().all(|p| *p <= 9), "{params:?}");
    }
}
