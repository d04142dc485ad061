//! The work queue, the first screen: overdue first, then what is due soon.

use super::{Cx, Effect, move_in_list};
use crate::i18n::{Msg, due_kind};
use crate::store::Store;
use crate::store::changes::Bodies;
use crate::store::read::{DayUnit, QueueItem};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::table::{self, Column};
use crate::tui::widgets::text::{clean, thousands};
use ratatui::Frame;
use ratatui::layout::{Layout, Rect};
use ratatui::text::{Line, Span};

/// The horizons `w` cycles through, in calendar days.
pub const HORIZONS: [u32; 4] = [30, 60, 90, 180];

#[derive(Debug, Clone)]
pub struct QueueScreen {
    pub items: Vec<QueueItem>,
    pub selected: usize,
    pub offset: usize,
    /// Rows of the table on screen.
    pub height: usize,
    pub within: u32,
}

impl Default for QueueScreen {
    fn default() -> Self {
        QueueScreen {
            items: Vec::new(),
            selected: 0,
            offset: 0,
            height: 10,
            within: HORIZONS[0],
        }
    }
}

fn same(a: &QueueItem, b: &QueueItem) -> bool {
    a.kind == b.kind
        && a.uscc == b.uscc
        && a.approval_no == b.approval_no
        && a.application_id == b.application_id
}

impl QueueScreen {
    pub const MODES: &'static [Mode] = &[Mode::Queue, Mode::List, Mode::Global, Mode::Any];

    /// Read the queue again, keeping the selected item selected.
    pub fn load(&mut self, store: &Store) -> crate::store::Result<()> {
        self.set_items(store.queue(self.within)?);
        Ok(())
    }

    /// New items (read here or in the background), keeping the selected item selected.
    pub fn set_items(&mut self, items: Vec<QueueItem>) {
        let was = self.items.get(self.selected).cloned();
        self.items = items;
        self.reselect(was);
    }

    /// The items of `bodies` read again (`Store::queue_of_bodies`, in the queue's order): they
    /// take the place of the ones shown for those bodies, each where the queue's order puts it;
    /// the selected item stays selected, on the same line of the screen if it can.
    pub fn merge(&mut self, bodies: &Bodies, fresh: Vec<QueueItem>) {
        let was = self.items.get(self.selected).cloned();
        let line = self.selected.saturating_sub(self.offset);
        // One pass over both lists (an import's part may be thousands of items).
        let kept = std::mem::take(&mut self.items)
            .into_iter()
            .filter(|i| !bodies.contains(&i.uscc));
        let mut fresh = fresh.into_iter().peekable();
        let mut merged = Vec::with_capacity(kept.size_hint().1.unwrap_or(0) + fresh.len());
        for item in kept {
            while let Some(f) = fresh.next_if(|f| f.urgency() < item.urgency()) {
                merged.push(f);
            }
            merged.push(item);
        }
        merged.extend(fresh);
        self.items = merged;
        let before = self.selected;
        self.reselect(was);
        if self.selected != before {
            self.offset = self.selected.saturating_sub(line);
        }
    }

    /// Select `was` again where it now is (else stay at the same index, within the list).
    fn reselect(&mut self, was: Option<QueueItem>) {
        self.selected = was
            .and_then(|w| self.items.iter().position(|i| same(i, &w)))
            .unwrap_or(self.selected)
            .min(self.items.len().saturating_sub(1));
        super::keep_visible(self.selected, &mut self.offset, self.height);
    }

    /// Rows of the table in `area` (the screen's content area).
    pub fn table_rows(area: Rect) -> usize {
        area.height.saturating_sub(3) as usize
    }

    pub fn set_height(&mut self, h: usize) {
        self.height = h.max(1);
        super::keep_visible(self.selected, &mut self.offset, self.height);
    }

    /// `Horizon` asks for the queue to be read again (the app does it in the background).
    pub fn update(&mut self, action: Action) -> Effect {
        match action {
            Action::Open => match self.items.get(self.selected) {
                Some(item) => Effect::OpenBody {
                    uscc: item.uscc.clone(),
                    approval: item.approval_no.clone(),
                },
                None => Effect::None,
            },
            Action::Horizon => {
                let i = HORIZONS.iter().position(|&h| h == self.within).unwrap_or(0);
                self.within = HORIZONS[(i + 1) % HORIZONS.len()];
                Effect::LoadQueue
            }
            other => {
                move_in_list(
                    other,
                    &mut self.selected,
                    &mut self.offset,
                    self.items.len(),
                    self.height,
                );
                Effect::None
            }
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let lang = cx.lang;
        // The years without a holiday schedule the queue's estimated clocks run into: said
        // once, on a line of their own, with how to load them.
        let mut unscheduled: Vec<&str> = self
            .items
            .iter()
            .filter(|i| i.estimated)
            .filter_map(|i| i.due_on.get(..4))
            .collect();
        unscheduled.sort_unstable();
        unscheduled.dedup();
        let [summary, legend, notice, rest] = Layout::vertical([
            ratatui::layout::Constraint::Length(1),
            ratatui::layout::Constraint::Length(1),
            ratatui::layout::Constraint::Length(u16::from(!unscheduled.is_empty())),
            ratatui::layout::Constraint::Min(0),
        ])
        .areas(area);
        let overdue = self.items.iter().filter(|i| i.overdue).count();
        let soon = self.items.len() - overdue;
        let spans = vec![
            Span::styled(
                lang.f(Msg::QueueOverdue, &[("n", &thousands(overdue as i64))]),
                cx.theme.overdue(),
            ),
            Span::raw(" · "),
            Span::styled(
                lang.f(
                    Msg::QueueDueSoon,
                    &[("n", &thousands(soon as i64)), ("days", &self.within)],
                ),
                cx.theme.soon(),
            ),
        ];
        f.render_widget(Line::from(spans), summary);
        if !unscheduled.is_empty() {
            f.render_widget(
                Line::from(Span::styled(
                    lang.f(Msg::QueueEstimated, &[("years", &unscheduled.join(", "))]),
                    cx.theme.dim(),
                )),
                notice,
            );
        }
        f.render_widget(
            Line::from(Span::styled(
                lang.f(Msg::QueueAsOf, &[("date", &cx.today)]),
                cx.theme.dim(),
            )),
            legend,
        );
        if self.items.is_empty() {
            f.render_widget(
                Line::from(lang.f(Msg::QueueEmpty, &[("days", &self.within)])),
                rest,
            );
            return;
        }
        let wide = area.width >= 110;
        let what_w = if lang == crate::i18n::Lang::En {
            20
        } else {
            12
        };
        let mut cols = vec![
            Column::flex(lang.t(Msg::ColName), 12),
            Column::fixed(lang.t(Msg::ColApproval), 16),
            Column::fixed(lang.t(Msg::ColDue), what_w),
            Column::fixed(lang.t(Msg::ColDueOn), 10),
            Column::fixed(lang.t(Msg::ColDaysLeft), 14),
        ];
        if wide {
            cols.insert(1, Column::fixed(lang.t(Msg::ColUscc), 18));
        }
        let rows = self
            .items
            .iter()
            .skip(self.offset)
            .take(self.height)
            .map(|item| {
                let style = if item.overdue {
                    cx.theme.overdue()
                } else if item.days_left <= 5 {
                    cx.theme.soon()
                } else {
                    cx.theme.normal()
                };
                let mut cells = vec![
                    (clean(&item.name).into_owned(), style),
                    (
                        item.approval_no
                            .as_deref()
                            .map(|a| clean(a).into_owned())
                            .unwrap_or_else(|| "—".into()),
                        style,
                    ),
                    (due_kind(lang, &item.kind).into_owned(), style),
                    (clean(&item.due_on).into_owned(), style),
                    (days_left(lang, item), style),
                ];
                if wide {
                    cells.insert(1, (clean(&item.uscc).into_owned(), style));
                }
                cells
            })
            .collect();
        table::render(
            f,
            rest,
            &cols,
            rows,
            Some(self.selected - self.offset.min(self.selected)),
            cx.theme,
        );
    }
}

/// "逾期 3 天", "剩 5 个工作日", "today" …, with '*' when the calendar is estimated.
pub fn days_left(lang: crate::i18n::Lang, item: &QueueItem) -> String {
    let n = item.days_left.unsigned_abs();
    let msg = match (item.overdue, item.unit, item.days_left) {
        (false, _, 0) => Msg::DueToday,
        (true, DayUnit::WorkingDays, _) => Msg::OverdueWorkingDays,
        (true, DayUnit::Days, _) => Msg::OverdueDays,
        (false, DayUnit::WorkingDays, _) => Msg::LeftWorkingDays,
        (false, DayUnit::Days, _) => Msg::LeftDays,
    };
    let mut s = lang.f(msg, &[("n", &n)]);
    if item.estimated {
        s.push('*');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    #[test]
    fn overdue_first_then_by_date_and_enter_opens_the_item() {
        let (_dir, store) = fixture::temp();
        let mut q = QueueScreen::default();
        q.load(&store).unwrap();
        let overdue: Vec<bool> = q.items.iter().map(|i| i.overdue).collect();
        assert!(
            overdue.windows(2).all(|w| w[0] >= w[1]),
            "overdue first: {overdue:?}"
        );
        assert_eq!(q.items[0].kind, "expired");
        assert!(
            q.items
                .iter()
                .any(|i| i.kind == "publication" && i.unit == DayUnit::WorkingDays)
        );
        q.update(Action::Down);
        let second = q.items[1].clone();
        assert_eq!(
            q.update(Action::Open),
            Effect::OpenBody {
                uscc: second.uscc,
                approval: second.approval_no
            }
        );
    }

    #[test]
    fn the_horizon_widens_and_keeps_the_selection() {
        let (_dir, store) = fixture::temp();
        let mut q = QueueScreen::default();
        q.load(&store).unwrap();
        let n30 = q.items.len();
        q.update(Action::Bottom);
        let selected = q.items[q.selected].clone();
        assert_eq!(q.update(Action::Horizon), Effect::LoadQueue);
        q.update(Action::Horizon);
        q.load(&store).unwrap();
        assert_eq!(q.within, 90);
        assert!(q.items.len() > n30, "90 days show more than 30");
        assert!(same(&q.items[q.selected], &selected));
        for _ in 0..2 {
            q.update(Action::Horizon);
        }
        q.load(&store).unwrap();
        assert_eq!(q.within, 30);
    }

    #[test]
    fn days_left_speak_the_unit() {
        let (_dir, store) = fixture::temp();
        let items = store.queue(30).unwrap();
        let expired = items.iter().find(|i| i.kind == "expired").unwrap();
        assert_eq!(days_left(crate::i18n::Lang::Zh, expired), "逾期180天");
        let publication = items.iter().find(|i| i.kind == "publication").unwrap();
        assert!(days_left(crate::i18n::Lang::En, publication).ends_with("work days"));
    }
}
