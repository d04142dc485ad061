//! The command palette (`:`): every command of the keymap by name; type to narrow, Enter runs it.

use super::Cx;
use crate::i18n::Msg;
use crate::tui::keymap::{self, Action, Command, Mode};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::text::{fit, pad, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

#[derive(Debug, Clone)]
pub struct Palette {
    pub input: TextInput,
    pub selected: usize,
    /// The modes of the screen underneath: commands it does not offer are shown dimmed.
    pub context: Vec<Mode>,
}

/// What the palette asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaletteOutcome {
    Stay,
    Close,
    Run(Action),
}

impl Palette {
    pub const MODES: &'static [Mode] = &[Mode::Palette, Mode::TextEdit, Mode::Any];

    pub fn new(context: &[Mode]) -> Self {
        Palette {
            input: TextInput::default(),
            selected: 0,
            context: context.to_vec(),
        }
    }

    pub fn matches(&self, lang: crate::i18n::Lang) -> Vec<Command> {
        keymap::matching_commands(lang, &self.input.text())
    }

    pub fn update(&mut self, action: Action, lang: crate::i18n::Lang) -> PaletteOutcome {
        let n = self.matches(lang).len();
        match action {
            Action::Close => return PaletteOutcome::Close,
            Action::Open => {
                return match self.matches(lang).get(self.selected) {
                    Some(c) => PaletteOutcome::Run(c.action),
                    None => PaletteOutcome::Stay,
                };
            }
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            edit => {
                if self.input.edit(edit) {
                    self.selected = 0;
                }
            }
        }
        PaletteOutcome::Stay
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        f.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(
                format!(" {} ", lang.t(Msg::KeyPalette)),
                theme.title(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 2 || inner.width < 4 {
            return;
        }
        f.render_widget(
            Span::styled(":", theme.key()),
            Rect {
                width: 1,
                height: 1,
                ..inner
            },
        );
        self.input.render(
            f,
            Rect {
                x: inner.x + 1,
                y: inner.y,
                width: inner.width - 1,
                height: 1,
            },
            theme.normal(),
            true,
        );
        let list = Rect {
            y: inner.y + 1,
            height: inner.height - 1,
            ..inner
        };
        let cmds = self.matches(lang);
        let h = list.height as usize;
        let offset = (self.selected + 1).saturating_sub(h);
        let name_w = cmds.iter().map(|c| width(c.name)).max().unwrap_or(4);
        let lines: Vec<Line> = cmds
            .iter()
            .enumerate()
            .skip(offset)
            .take(h)
            .map(|(i, c)| {
                let available = keymap::offers(&self.context, c.action);
                let text = format!("{}  {}  ({})", pad(c.name, name_w), lang.t(c.desc), c.keys);
                let text = fit(&text, list.width as usize);
                let style = if i == self.selected {
                    theme.selected()
                } else if available {
                    theme.normal()
                } else {
                    theme.dim()
                };
                Line::from(Span::styled(text, style))
            })
            .collect();
        if lines.is_empty() {
            f.render_widget(Span::styled(lang.t(Msg::NoMatches), theme.dim()), list);
        } else {
            f.render_widget(Paragraph::new(lines), list);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn typing_narrows_and_enter_runs() {
        let mut p = Palette::new(&[Mode::Queue, Mode::List, Mode::Global, Mode::Any]);
        let all = p.matches(Lang::Zh).len();
        assert_eq!(all, keymap::commands().len());
        for c in "regi".chars() {
            assert_eq!(p.update(Action::Insert(c), Lang::Zh), PaletteOutcome::Stay);
        }
        assert_eq!(p.matches(Lang::Zh).len(), 1);
        assert_eq!(
            p.update(Action::Open, Lang::Zh),
            PaletteOutcome::Run(Action::GoRegister)
        );
        p.update(Action::ClearLine, Lang::Zh);
        for c in "导出".chars() {
            p.update(Action::Insert(c), Lang::Zh);
        }
        assert_eq!(
            p.update(Action::Open, Lang::Zh),
            PaletteOutcome::Run(Action::Export)
        );
        assert_eq!(p.update(Action::Close, Lang::Zh), PaletteOutcome::Close);
    }
}
