//! The export prompt: a one-line form with the path of the new file, proposed in the home
//! folder (`export::default_path`), that the officer edits and confirms with Enter (or leaves
//! with Esc). A refusal (the file exists, a wrong extension, a folder) stays in the prompt,
//! in the UI language, with the name kept for correcting; nothing is written until it passes.

use super::Cx;
use crate::i18n::{Lang, Msg};
use crate::tui::export::{self, ExportError, Format, Table};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::text::{clean, width, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct ExportPrompt {
    /// What is exported, as the title says it ("待办", "名录" …).
    pub what: String,
    pub table: Table,
    pub input: TextInput,
    /// Where a relative name is taken from (the folder proposed).
    pub dir: PathBuf,
    /// The files no export may replace (the database's).
    pub protected: Vec<PathBuf>,
    pub mode: u32,
    /// The last refusal, shown under the path.
    pub error: Option<String>,
}

/// What the prompt's answer means for the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptOutcome {
    Stay,
    Cancelled,
    /// Written: the message to show.
    Done(String),
}

impl ExportPrompt {
    pub const MODES: &'static [Mode] = &[Mode::Export, Mode::TextEdit, Mode::Any];

    /// A prompt for `table`, proposing `certdesk-{file_word}-{today}.xlsx` in `dir`.
    pub fn new(
        what: &str,
        file_word: &str,
        table: Table,
        dir: PathBuf,
        today: jiff::civil::Date,
    ) -> ExportPrompt {
        let proposed = export::default_path(&dir, file_word, today, Format::Xlsx);
        ExportPrompt {
            what: what.to_string(),
            table,
            input: TextInput::new(&proposed.to_string_lossy()),
            dir,
            protected: Vec::new(),
            mode: 0o600,
            error: None,
        }
    }

    pub fn update(&mut self, action: Action, lang: Lang) -> PromptOutcome {
        match action {
            Action::Close => PromptOutcome::Cancelled,
            Action::Submit | Action::Open => match self.write() {
                Ok(path) => PromptOutcome::Done(lang.f(
                    Msg::ExportedRows,
                    &[
                        ("n", &self.table.rows.len()),
                        ("path", &clean(&path.to_string_lossy())),
                    ],
                )),
                Err(e) => {
                    self.error = Some(e.message(lang));
                    PromptOutcome::Stay
                }
            },
            edit => {
                if self.input.edit(edit) {
                    self.error = None;
                }
                PromptOutcome::Stay
            }
        }
    }

    fn write(&self) -> Result<PathBuf, ExportError> {
        let path = export::typed_path(&self.input.text(), &self.dir)?;
        export::write(&self.table, &path, &self.protected, self.mode)?;
        Ok(path)
    }

    /// The lines under the path: the refusal (wrapped), else the hint.
    fn notes(&self, lang: Lang, w: usize) -> (Vec<String>, bool) {
        match &self.error {
            Some(e) => (wrap(&clean(e), w), true),
            None => (wrap(lang.t(Msg::ExportHint), w), false),
        }
    }

    /// Draw the prompt centred in `content`.
    pub fn render(&self, f: &mut Frame, content: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let w = content.width.saturating_sub(4).min(100);
        let inner_w = w.saturating_sub(2) as usize;
        let (notes, is_error) = self.notes(lang, inner_w);
        let h = (notes.len() as u16 + 4).min(content.height);
        let area = crate::tui::widgets::centered(content, w, h);
        f.render_widget(Clear, area);
        let title = lang.f(
            Msg::ExportTitle,
            &[("what", &self.what), ("n", &self.table.rows.len())],
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(format!(" {} ", clean(&title)), theme.title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height == 0 {
            return;
        }
        let label = format!("{} ", lang.t(Msg::ExportPathLabel));
        let label_w = width(&label) as u16;
        f.render_widget(
            Span::styled(label, theme.label()),
            Rect {
                width: label_w.min(inner.width),
                height: 1,
                ..inner
            },
        );
        let input_area = Rect {
            x: inner.x + label_w.min(inner.width),
            y: inner.y,
            width: inner.width.saturating_sub(label_w),
            height: 1,
        };
        self.input.render(f, input_area, theme.normal(), true);
        let style = if is_error { theme.error() } else { theme.dim() };
        let lines: Vec<Line> = notes
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect();
        f.render_widget(
            Paragraph::new(lines),
            Rect {
                y: inner.y + 2.min(inner.height),
                height: inner.height.saturating_sub(2),
                ..inner
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(dir: &std::path::Path) -> ExportPrompt {
        ExportPrompt::new(
            "待办",
            "队列",
            Table {
                headers: vec!["机构名称".into()],
                rows: vec![vec!["北京国实认证有限公司".into()]],
            },
            dir.to_path_buf(),
            jiff::civil::date(2026, 12, 1),
        )
    }

    #[test]
    fn enter_writes_the_proposed_file_and_a_second_time_is_refused_in_the_prompt() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = prompt(dir.path());
        let proposed = dir.path().join("certdesk-队列-2026-12-01.xlsx");
        assert_eq!(p.input.text(), proposed.to_string_lossy());
        let PromptOutcome::Done(text) = p.update(Action::Submit, Lang::Zh) else {
            panic!("written")
        };
        assert!(text.contains("已导出 1 行"), "{text}");
        assert!(proposed.exists());
        let before = std::fs::read(&proposed).unwrap();
        // The same name again: refused where it is typed, the file kept.
        assert_eq!(p.update(Action::Submit, Lang::En), PromptOutcome::Stay);
        assert!(p.error.as_deref().unwrap().contains("already exists"));
        assert_eq!(std::fs::read(&proposed).unwrap(), before);
        // Editing clears the refusal; a .txt name is explained, nothing written.
        p.update(Action::ClearLine, Lang::En);
        assert!(p.error.is_none());
        for c in "list.txt".chars() {
            p.update(Action::Insert(c), Lang::En);
        }
        assert_eq!(p.update(Action::Submit, Lang::Zh), PromptOutcome::Stay);
        assert!(p.error.as_deref().unwrap().contains(".xlsx 或 .csv"));
        assert!(!dir.path().join("list.txt").exists());
        assert_eq!(p.update(Action::Close, Lang::Zh), PromptOutcome::Cancelled);
    }
}
