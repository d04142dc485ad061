//! The list behind a bar of the reports by period (Enter on a bar): the events or follow-ups
//! it counted, as a table over the screen; `e` exports it, Enter opens the body's file.

use super::Cx;
use crate::store::reports::BarRow;
use crate::tui::export::Table;
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::table::{self, Column};
use crate::tui::widgets::text::clean;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

#[derive(Debug, Clone)]
pub struct BarList {
    pub title: String,
    pub table: Table,
    pub rows: Vec<BarRow>,
    pub selected: usize,
    pub offset: usize,
    pub height: usize,
}

impl BarList {
    pub const MODES: &'static [Mode] = &[Mode::Rows, Mode::List, Mode::Any];

    pub fn new(title: String, table: Table, rows: Vec<BarRow>) -> BarList {
        BarList {
            title,
            table,
            rows,
            selected: 0,
            offset: 0,
            height: 10,
        }
    }

    /// Moving; what to open (the selected row's body) on Enter.
    pub fn update(&mut self, action: Action) -> Option<(String, Option<String>)> {
        if action == Action::Open {
            let r = self.rows.get(self.selected)?;
            return Some((r.uscc.clone()?, r.approval_no.clone()));
        }
        super::move_in_list(
            action,
            &mut self.selected,
            &mut self.offset,
            self.rows.len(),
            self.height,
        );
        None
    }

    pub fn render(&self, f: &mut Frame, content: Rect, cx: &Cx) {
        let theme = cx.theme;
        let w = content.width.saturating_sub(4);
        let h = (self.rows.len() as u16 + 4).clamp(5, content.height.saturating_sub(2));
        let area = crate::tui::widgets::centered(content, w, h);
        f.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(
                format!(" {} ", clean(&self.title)),
                theme.title(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if self.rows.is_empty() {
            f.render_widget(
                Line::from(Span::styled(
                    cx.lang.t(crate::i18n::Msg::NoMatches),
                    theme.dim(),
                )),
                inner,
            );
            return;
        }
        let wide = inner.width >= 100;
        // Date, what, name, approval; from 100 columns also the USCC and the document number.
        let mut keep = vec![0, 1, 2, 3];
        if wide {
            keep.extend([4, 5]);
        }
        keep.push(6);
        let cols: Vec<Column> = keep
            .iter()
            .map(|&i| {
                let title = self.table.headers.get(i).cloned().unwrap_or_default();
                match i {
                    2 => Column::flex(title, 12),
                    1 => Column::fixed(title, 14),
                    3 => Column::fixed(title, 16),
                    4 => Column::fixed(title, 18),
                    5 => Column::fixed(title, 18),
                    _ => Column::fixed(title, 10),
                }
            })
            .collect();
        let rows = self
            .table
            .rows
            .iter()
            .skip(self.offset)
            .take(inner.height.saturating_sub(1) as usize)
            .map(|r| {
                keep.iter()
                    .map(|&i| {
                        (
                            clean(r.get(i).map(String::as_str).unwrap_or("")).into_owned(),
                            theme.normal(),
                        )
                    })
                    .collect()
            })
            .collect();
        table::render(
            f,
            inner,
            &cols,
            rows,
            Some(self.selected - self.offset.min(self.selected)),
            theme,
        );
    }
}
