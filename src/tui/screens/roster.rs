//! 检查人员名录 (the inspector roster, `r` on the tasks list): every inspector with login,
//! name, certificate, department, kinds and whether active; `n` adds one, `d` deactivates the
//! selected one (y/N), `c` declares a conflict between them and a body.

use super::{Cx, keep_visible, move_in_list};
use crate::i18n::Lang;
use crate::i18n::inspection_screens::{InspMsg, short_kind};
use crate::store::inspections::Inspector;
use crate::tui::export::Table;
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::table::{self, Column};
use crate::tui::widgets::text::clean;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

#[derive(Debug, Clone, Default)]
pub struct RosterScreen {
    pub inspectors: Vec<Inspector>,
    pub selected: usize,
    pub offset: usize,
    pub height: usize,
}

impl RosterScreen {
    pub const MODES: &'static [Mode] = &[Mode::Roster, Mode::List, Mode::Global, Mode::Any];

    /// The roster as read now (a few rows: on the session's thread), the selection kept.
    pub fn load(&mut self, store: &crate::store::Store) -> crate::store::Result<()> {
        let was = self.selected_inspector().map(|i| i.login.clone());
        self.inspectors = store.inspectors()?;
        if let Some(l) = was
            && let Some(i) = self.inspectors.iter().position(|x| x.login == l)
        {
            self.selected = i;
        }
        self.selected = self.selected.min(self.inspectors.len().saturating_sub(1));
        keep_visible(self.selected, &mut self.offset, self.height.max(1));
        Ok(())
    }

    pub fn selected_inspector(&self) -> Option<&Inspector> {
        self.inspectors.get(self.selected)
    }

    pub fn set_height(&mut self, content: Rect) {
        self.height = (content.height.saturating_sub(2) as usize).max(1);
        keep_visible(self.selected, &mut self.offset, self.height);
    }

    pub fn update(&mut self, action: Action) {
        move_in_list(
            action,
            &mut self.selected,
            &mut self.offset,
            self.inspectors.len(),
            self.height,
        );
    }

    fn headers(lang: Lang) -> Vec<String> {
        [
            InspMsg::ColLogin,
            InspMsg::ColPerson,
            InspMsg::ColCert,
            InspMsg::ColDept,
            InspMsg::ColKinds,
            InspMsg::ColActive,
        ]
        .iter()
        .map(|m| lang.t(*m).to_string())
        .collect()
    }

    fn cells(i: &Inspector, lang: Lang) -> Vec<String> {
        let kinds = i
            .kinds
            .split(',')
            .filter(|k| !k.is_empty())
            .map(|k| short_kind(lang, k))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "));
        vec![
            clean(&i.login).into_owned(),
            clean(&i.name).into_owned(),
            clean(&i.cert_no).into_owned(),
            clean(&i.dept).into_owned(),
            kinds,
            lang.t(if i.active {
                InspMsg::ActiveYes
            } else {
                InspMsg::ActiveNo
            })
            .to_string(),
        ]
    }

    /// The roster, every column, in `lang` (what `e` exports).
    pub fn table(&self, lang: Lang) -> Table {
        Table {
            headers: Self::headers(lang),
            rows: self
                .inspectors
                .iter()
                .map(|i| Self::cells(i, lang))
                .collect(),
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let [count, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let active = self.inspectors.iter().filter(|i| i.active).count();
        f.render_widget(
            Line::from(Span::styled(
                lang.f(
                    InspMsg::RosterCount,
                    &[("n", &self.inspectors.len()), ("active", &active)],
                ),
                theme.label(),
            )),
            count,
        );
        if self.inspectors.is_empty() {
            f.render_widget(
                Line::from(Span::styled(lang.t(InspMsg::RosterEmpty), theme.dim())),
                rest,
            );
            return;
        }
        let h = Self::headers(lang);
        let cols = vec![
            Column::fixed(h[0].clone(), 10),
            Column::fixed(h[1].clone(), 10),
            Column::fixed(h[2].clone(), 14),
            Column::flex(h[3].clone(), 12),
            Column::fixed(h[4].clone(), 12),
            Column::fixed(h[5].clone(), if lang == Lang::En { 16 } else { 12 }),
        ];
        let rows = self
            .inspectors
            .iter()
            .skip(self.offset)
            .take(self.height)
            .map(|i| {
                let style = if i.active {
                    theme.normal()
                } else {
                    theme.dim()
                };
                Self::cells(i, lang)
                    .into_iter()
                    .map(|c| (c, style))
                    .collect()
            })
            .collect();
        table::render(
            f,
            rest,
            &cols,
            rows,
            Some(self.selected - self.offset.min(self.selected)),
            theme,
        );
    }
}
