//! Help (`?` / F1): generated from the keymap, the current situation's keys first, so it lists
//! exactly what the keys do.

use super::Cx;
use crate::i18n::Msg;
use crate::tui::keymap::{self, Action, Mode};
use crate::tui::widgets::text::{pad, width};

/// Keys padded to `w` columns; longer ones are kept whole.
fn pad_keys(keys: &str, w: usize) -> String {
    if width(keys) >= w {
        keys.to_string()
    } else {
        pad(keys, w)
    }
}
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

#[derive(Debug, Clone, Default)]
pub struct HelpScreen {
    /// The situation help was opened from: its modes are listed first.
    pub context: Vec<Mode>,
    pub scroll: usize,
    pub height: usize,
}

impl HelpScreen {
    pub const MODES: &'static [Mode] = &[Mode::Help, Mode::Any];

    pub fn new(context: &[Mode]) -> Self {
        HelpScreen {
            context: context.to_vec(),
            scroll: 0,
            height: 10,
        }
    }

    /// The sections in order: the situation's modes, then every other mode.
    pub fn sections(&self) -> Vec<Mode> {
        let mut out: Vec<Mode> = self.context.clone();
        for m in Mode::ORDER {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }

    /// Every line of the help, in `lang`.
    pub fn lines(&self, cx: &Cx) -> Vec<Line<'static>> {
        let (lang, theme) = (cx.lang, cx.theme);
        let mut lines = vec![
            Line::from(Span::styled(lang.t(Msg::HelpIntro), theme.dim())),
            Line::from(""),
        ];
        let key_w = 14;
        for mode in self.sections() {
            let here = self.context.contains(&mode);
            let title = if here {
                format!(
                    "{}{}{}{}",
                    lang.t(mode.title()),
                    lang.pick("（", " ("),
                    lang.t(Msg::HelpHere),
                    lang.pick("）", ")")
                )
            } else {
                lang.t(mode.title()).to_string()
            };
            lines.push(Line::from(Span::styled(title, theme.title())));
            for b in keymap::bindings_of(mode) {
                let mut spans = vec![
                    Span::raw("  "),
                    Span::styled(pad_keys(&b.keys_label(), key_w), theme.key()),
                    Span::raw("  "),
                    Span::raw(lang.t(b.desc).to_string()),
                ];
                if !b.name.is_empty() {
                    spans.push(Span::styled(format!("  :{}", b.name), theme.dim()));
                }
                lines.push(Line::from(spans));
            }
            lines.push(Line::from(""));
        }
        lines
    }

    pub fn update(&mut self, action: Action) {
        let page = self.height.max(1);
        self.scroll = match action {
            Action::Down => self.scroll + 1,
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll + page,
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => usize::MAX / 2,
            _ => self.scroll,
        };
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        f.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(cx.theme.focus_border())
            .title(Span::styled(
                format!(" {} ", cx.lang.t(Msg::ScreenHelp)),
                cx.theme.title(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let lines = self.lines(cx);
        let scroll = self
            .scroll
            .min(lines.len().saturating_sub(inner.height as usize));
        let visible: Vec<Line> = lines
            .into_iter()
            .skip(scroll)
            .take(inner.height as usize)
            .collect();
        f.render_widget(Paragraph::new(visible), inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::tui::theme::Theme;

    fn text(h: &HelpScreen, lang: Lang) -> String {
        let cx = Cx {
            lang,
            theme: Theme::PLAIN,
            today: crate::tui::fixture::TODAY,
            zone: &jiff::tz::TimeZone::UTC,
            scope: &Default::default(),
        };
        h.lines(&cx)
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn help_lists_every_binding_with_the_situation_first() {
        let h = HelpScreen::new(&[Mode::Register, Mode::List, Mode::Global, Mode::Any]);
        assert_eq!(h.sections()[0], Mode::Register);
        assert_eq!(h.sections().len(), Mode::ORDER.len());
        let t = text(&h, Lang::Zh);
        for b in keymap::KEYMAP {
            assert!(t.contains(&b.keys_label()), "{} missing", b.keys_label());
            assert!(t.contains(Lang::Zh.t(b.desc)));
        }
        let first_register = t.find("名录").unwrap();
        let first_form = t.find("办理表单").unwrap();
        assert!(first_register < first_form);
        assert!(text(&h, Lang::En).contains("Register (here)"));
    }
}
