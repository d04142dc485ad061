//! The work queue, the first screen: overdue first, then what is due soon.

use super::queue_list::{Item, QueueList, same};
use super::{Cx, Effect, move_in_list, region_facet_value};
use crate::domain::due::{DueKind, KindChoice, QueueFilter};
use crate::domain::region::{Region, RegionFacet};
use crate::i18n::{Msg, due_group, due_kind};
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

/// Where the queue's keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFocus {
    Table,
    Facets,
}

/// The queue's facets, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFacet {
    Kind,
    Region,
}

impl QueueFacet {
    pub const ALL: [QueueFacet; 2] = [QueueFacet::Kind, QueueFacet::Region];
}

/// What the queue is ordered by: its urgency (overdue first, the order it is read in), or one
/// of its columns; `s` goes to the next, `S` turns it round (▲/▼ beside the column's title).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSort {
    #[default]
    Urgency,
    /// By pinyin.
    Name,
    Uscc,
    Approval,
    /// What is due, grouped by kind.
    Due,
    DueOn,
    DaysLeft,
}

impl QueueSort {
    pub const ALL: [QueueSort; 7] = [
        QueueSort::Urgency,
        QueueSort::Name,
        QueueSort::Uscc,
        QueueSort::Approval,
        QueueSort::Due,
        QueueSort::DueOn,
        QueueSort::DaysLeft,
    ];

    fn title(self) -> Msg {
        match self {
            QueueSort::Urgency => Msg::SortUrgency,
            QueueSort::Name => Msg::ColName,
            QueueSort::Uscc => Msg::ColUscc,
            QueueSort::Approval => Msg::ColApproval,
            QueueSort::Due => Msg::ColDue,
            QueueSort::DueOn => Msg::ColDueOn,
            QueueSort::DaysLeft => Msg::ColDaysLeft,
        }
    }

    /// `items` (in the queue's order) in this order; ties keep the queue's order either way.
    pub fn apply(self, descending: bool, items: &mut [Item]) {
        use std::cmp::Ordering;
        let order = |o: Ordering| if descending { o.reverse() } else { o };
        match self {
            QueueSort::Urgency => {
                if descending {
                    items.reverse();
                }
            }
            QueueSort::Name => {
                // The key once per item (pinyin of every name on each comparison is slow).
                let mut keyed: Vec<(String, Item)> = items
                    .iter()
                    .map(|i| (crate::domain::collation::name_sort_key(&i.name), i.clone()))
                    .collect();
                keyed.sort_by(|a, b| order(a.0.cmp(&b.0)));
                for (slot, (_, item)) in items.iter_mut().zip(keyed) {
                    *slot = item;
                }
            }
            QueueSort::Uscc => items.sort_by(|a, b| order(a.uscc.cmp(&b.uscc))),
            QueueSort::Approval => items.sort_by(|a, b| order(a.approval_no.cmp(&b.approval_no))),
            QueueSort::Due => items.sort_by(|a, b| order(a.kind.cmp(&b.kind))),
            QueueSort::DueOn => items.sort_by(|a, b| order(a.due_on.cmp(&b.due_on))),
            QueueSort::DaysLeft => {
                items.sort_by(|a, b| order((a.days_left, &a.due_on).cmp(&(b.days_left, &b.due_on))))
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct QueueScreen {
    /// Every item of the queue as read (whole, or merged part by part), and those the facets
    /// admit: a filtered list and a fresh filtered read always agree.
    list: QueueList,
    pub selected: usize,
    pub offset: usize,
    /// Rows of the table on screen.
    pub height: usize,
    pub within: u32,
    /// The kind of thing due shown (None: every kind).
    pub kind: Option<DueKind>,
    /// The region shown: the jurisdiction (or everywhere), narrowed down to a county.
    pub region: RegionFacet,
    pub focus: QueueFocus,
    pub facet: usize,
    pub sort: QueueSort,
    pub descending: bool,
    /// The shown items in another order than the queue's (`sort`, `descending`), sorted again
    /// after every change; None in the queue's own order, which `list` keeps item by item.
    sorted: Option<Vec<Item>>,
    /// The whole queue has been read once (until then the screen says "loading…": the first
    /// frame is drawn before the background reader answers).
    pub loaded: bool,
}

impl Default for QueueScreen {
    fn default() -> Self {
        QueueScreen {
            list: QueueList::default(),
            selected: 0,
            offset: 0,
            height: 10,
            within: HORIZONS[0],
            kind: None,
            region: RegionFacet::default(),
            focus: QueueFocus::Table,
            facet: 0,
            sort: QueueSort::Urgency,
            descending: false,
            sorted: None,
            loaded: false,
        }
    }
}

impl QueueScreen {
    pub fn modes(&self) -> &'static [Mode] {
        match self.focus {
            QueueFocus::Table => &[Mode::Queue, Mode::List, Mode::Global, Mode::Any],
            QueueFocus::Facets => &[Mode::Facets, Mode::Global, Mode::Any],
        }
    }

    /// What the facets admit (`Store::queue_filtered` with it reads the same list).
    pub fn filter(&self) -> QueueFilter {
        QueueFilter {
            kinds: self.kind.map(KindChoice::Kind).into_iter().collect(),
            region: self.region.filter().cloned(),
        }
    }

    /// Start from `root` (the jurisdiction, or None: everywhere), the region facet reset.
    pub fn set_root(&mut self, root: Option<Region>) {
        self.region = RegionFacet::new(root);
        self.refilter();
    }

    /// Read the queue again, keeping the selected item selected.
    pub fn load(&mut self, store: &Store) -> crate::store::Result<()> {
        self.set_items(store.queue(self.within)?);
        Ok(())
    }

    /// New items (read here or in the background), keeping the selected item selected.
    pub fn set_items(&mut self, items: Vec<QueueItem>) {
        let was = self.selected_item();
        self.loaded = true;
        self.list.set(items);
        self.reselect(was);
    }

    /// The items shown: those the facets admit, in the order chosen (the queue's by default).
    pub fn items(&self) -> &[Item] {
        self.sorted.as_deref().unwrap_or(self.list.shown())
    }

    /// Every item held, whatever the facets.
    pub fn all(&self) -> &[Item] {
        self.list.all()
    }

    /// What Enter opens on the selected row, for the legend: an application's clock opens the
    /// application, every other item the body's file.
    fn enter_opens(&self) -> Msg {
        match self.items().get(self.selected) {
            Some(i) if i.application_id.is_some() => Msg::QueueEnterApplication,
            _ => Msg::QueueEnterBody,
        }
    }

    fn selected_item(&self) -> Option<Item> {
        self.items().get(self.selected).cloned()
    }

    /// Show what the facets admit, keeping the selected item selected.
    fn refilter(&mut self) {
        let was = self.selected_item();
        self.list.set_filter(self.filter());
        self.reselect(was);
    }

    /// The items of `bodies` read again (`Store::queue_of_bodies`, in the queue's order): they
    /// take the place of the ones held for those bodies, each where the queue's order puts it;
    /// the selected item stays selected, on the same line of the screen if it can.
    pub fn merge(&mut self, bodies: &Bodies, fresh: Vec<QueueItem>) {
        let line = self.selected.saturating_sub(self.offset);
        let was = self.selected_item();
        self.list.merge(bodies, fresh);
        let before = self.selected;
        self.reselect(was);
        if self.selected != before {
            self.offset = self.selected.saturating_sub(line);
            super::keep_visible(self.selected, &mut self.offset, self.height);
        }
    }

    /// Select `was` again where it now is (else stay at the same index, within the list),
    /// the shown items sorted again first if another order is chosen.
    fn reselect(&mut self, was: Option<Item>) {
        self.sorted = (self.sort, self.descending)
            .ne(&(QueueSort::Urgency, false))
            .then(|| {
                let mut items = self.list.shown().to_vec();
                self.sort.apply(self.descending, &mut items);
                items
            });
        let found = match &self.sorted {
            None => was.and_then(|w| self.list.position_shown(&w)),
            Some(items) => was.and_then(|w| items.iter().position(|i| same(i, &w))),
        };
        self.selected = found
            .unwrap_or(self.selected)
            .min(self.items().len().saturating_sub(1));
        super::keep_visible(self.selected, &mut self.offset, self.height);
    }

    /// How many items of each kind the region shown holds (whatever kind is chosen), in the
    /// order of `DueKind::ALL`, kinds with none left out.
    pub fn counts(&self) -> Vec<(DueKind, usize)> {
        self.list.kind_counts()
    }

    /// Rows of the table in `area` (the screen's content area).
    pub fn table_rows(area: Rect) -> usize {
        area.height.saturating_sub(5) as usize
    }

    pub fn set_height(&mut self, h: usize) {
        self.height = h.max(1);
        super::keep_visible(self.selected, &mut self.offset, self.height);
    }

    fn cycle_facet(&mut self, forward: bool) {
        match QueueFacet::ALL[self.facet] {
            QueueFacet::Kind => {
                let all = DueKind::ALL;
                let at = self
                    .kind
                    .and_then(|k| all.iter().position(|x| *x == k))
                    .map_or(0, |i| i + 1);
                let n = all.len() + 1;
                let next = if forward {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                self.kind = (next > 0).then(|| all[next - 1]);
            }
            QueueFacet::Region => {
                let codes: Vec<&str> = self.list.all().iter().map(|i| i.region.as_str()).collect();
                self.region.cycle(codes, forward);
            }
        }
        self.refilter();
    }

    /// Back to every kind and the whole of the root region.
    pub fn clear_filters(&mut self) {
        self.kind = None;
        self.region = RegionFacet::new(self.region.root().cloned());
        self.refilter();
    }

    fn update_facets(&mut self, action: Action) -> Effect {
        let n = QueueFacet::ALL.len();
        match action {
            Action::PrevFacet => self.facet = (self.facet + n - 1) % n,
            Action::NextFacet => self.facet = (self.facet + 1) % n,
            Action::NextValue => self.cycle_facet(true),
            Action::PrevValue => self.cycle_facet(false),
            Action::RegionDown | Action::RegionUp
                if QueueFacet::ALL[self.facet] == QueueFacet::Region =>
            {
                let moved = if action == Action::RegionDown {
                    self.region.descend()
                } else {
                    self.region.ascend()
                };
                if moved {
                    self.refilter();
                }
            }
            Action::ClearFilters => self.clear_filters(),
            Action::Close => self.focus = QueueFocus::Table,
            _ => {}
        }
        Effect::None
    }

    /// `Horizon` asks for the queue to be read again (the app does it in the background).
    pub fn update(&mut self, action: Action) -> Effect {
        if self.focus == QueueFocus::Facets {
            return self.update_facets(action);
        }
        match action {
            Action::NextPane | Action::PrevPane => {
                self.focus = QueueFocus::Facets;
                Effect::None
            }
            Action::ClearFilters => {
                self.clear_filters();
                Effect::None
            }
            Action::Sort => {
                let i = QueueSort::ALL.iter().position(|s| *s == self.sort);
                self.sort = QueueSort::ALL[i.map_or(0, |i| (i + 1) % QueueSort::ALL.len())];
                self.refilter();
                Effect::None
            }
            Action::ReverseSort => {
                self.descending = !self.descending;
                self.refilter();
                Effect::None
            }
            Action::Open => match self.items().get(self.selected) {
                // An application's clock: its file (办件档案); the applicant may have none.
                Some(item) if item.application_id.is_some() => Effect::OpenApplication {
                    id: item.application_id.unwrap_or_default(),
                },
                // An inspection task's results to publish: the task has no body file.
                Some(item) if item.task_id.is_some() => Effect::OpenTask {
                    id: item.task_id.unwrap_or_default(),
                },
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
                    self.list.shown().len(),
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
        let unscheduled: Vec<&str> = self.list.estimated_years().collect();
        let [scope_line, facet_line, summary, legend, notice, rest] = Layout::vertical([
            ratatui::layout::Constraint::Length(1),
            ratatui::layout::Constraint::Length(1),
            ratatui::layout::Constraint::Length(1),
            ratatui::layout::Constraint::Length(1),
            ratatui::layout::Constraint::Length(u16::from(!unscheduled.is_empty())),
            ratatui::layout::Constraint::Min(0),
        ])
        .areas(area);
        f.render_widget(cx.scope.line(cx), scope_line);
        if !self.loaded {
            // The first frame, before the background reader's answer: no counts yet.
            f.render_widget(
                Line::from(Span::styled(lang.t(Msg::QueueLoading), cx.theme.dim())),
                summary,
            );
            return;
        }
        f.render_widget(self.facet_line(cx), facet_line);
        let (shown, all) = (self.items().len(), self.all().len());
        let overdue = self.list.overdue();
        let soon = shown - overdue;
        let mut spans = vec![
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
        if shown != all {
            spans.push(Span::styled(
                format!(
                    "{}{}{}",
                    lang.pick("（", " ("),
                    lang.f(
                        Msg::QueueShown,
                        &[
                            ("n", &thousands(shown as i64)),
                            ("all", &thousands(all as i64))
                        ]
                    ),
                    lang.pick("）", ")")
                ),
                cx.theme.dim(),
            ));
        }
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
                lang.f(
                    Msg::QueueAsOf,
                    &[("date", &cx.today), ("enter", &lang.t(self.enter_opens()))],
                ),
                cx.theme.dim(),
            )),
            legend,
        );
        if self.items().is_empty() {
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
        let title = |s: QueueSort| {
            if self.sort == s {
                format!(
                    "{}{}",
                    lang.t(s.title()),
                    super::register::arrow(self.descending)
                )
            } else {
                lang.t(s.title()).to_string()
            }
        };
        let mut cols = vec![
            Column::flex(title(QueueSort::Name), 12),
            Column::fixed(title(QueueSort::Approval), 16),
            Column::fixed(title(QueueSort::Due), what_w),
            Column::fixed(title(QueueSort::DueOn), 10),
            // "逾期12个工作日*": 15 columns.
            Column::fixed(
                title(QueueSort::DaysLeft),
                if lang == crate::i18n::Lang::En {
                    14
                } else {
                    16
                },
            ),
        ];
        if wide {
            cols.insert(1, Column::fixed(title(QueueSort::Uscc), 18));
        }
        let rows = self
            .items()
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

impl QueueScreen {
    /// "事项:全部 │ 区划:全部   核查 2 · 整改 1 …": the facets, then how many of each kind
    /// the region shown holds.
    fn facet_line(&self, cx: &Cx) -> Line<'static> {
        let (lang, theme) = (cx.lang, cx.theme);
        let mut spans = Vec::new();
        for (i, facet) in QueueFacet::ALL.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" │ ", theme.dim()));
            }
            let (title, value, narrowed) = match facet {
                QueueFacet::Kind => (
                    lang.t(Msg::FacetDueKind),
                    self.kind
                        .map(|k| due_group(lang, k).to_string())
                        .unwrap_or_else(|| lang.t(Msg::FacetAll).to_string()),
                    self.kind.is_some(),
                ),
                QueueFacet::Region => (
                    lang.t(Msg::FacetRegion),
                    region_facet_value(&self.region, lang),
                    self.region.narrowed(),
                ),
            };
            let style = if self.focus == QueueFocus::Facets && i == self.facet {
                theme.selected()
            } else if narrowed {
                theme.key()
            } else {
                theme.normal()
            };
            spans.push(Span::styled(format!("{title}:{value}"), style));
        }
        // The order, when it is not the queue's own (most urgent first).
        if (self.sort, self.descending) != (QueueSort::Urgency, false) {
            spans.push(Span::styled(" │ ", theme.dim()));
            spans.push(Span::styled(
                format!(
                    "{}:{}{}",
                    lang.t(Msg::FacetSort),
                    lang.t(self.sort.title()),
                    super::register::arrow(self.descending)
                ),
                theme.key(),
            ));
        }
        spans.push(Span::raw("   "));
        for (i, &(kind, n)) in self.list.kind_counts().iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", theme.dim()));
            }
            let style = if self.kind == Some(kind) {
                theme.key()
            } else {
                theme.label()
            };
            spans.push(Span::styled(
                format!("{} {}", due_group(lang, kind), thousands(n as i64)),
                style,
            ));
        }
        Line::from(spans)
    }
}

impl QueueScreen {
    /// The items shown (every one the facets admit, not only the page on screen) as a table
    /// in `lang`: what `e` exports.
    pub fn table(&self, lang: crate::i18n::Lang) -> crate::tui::export::Table {
        let headers = [
            Msg::ColName,
            Msg::ColUscc,
            Msg::ColApproval,
            Msg::ColApplication,
            Msg::ColDue,
            Msg::ColDueOn,
            Msg::ColDaysLeft,
            Msg::ColRegion,
        ];
        crate::tui::export::Table {
            headers: headers.iter().map(|m| lang.t(*m).to_string()).collect(),
            rows: self
                .items()
                .iter()
                .map(|i| {
                    vec![
                        i.name.clone(),
                        i.uscc.clone(),
                        i.approval_no.clone().unwrap_or_default(),
                        i.application_id.map(|a| a.to_string()).unwrap_or_default(),
                        due_kind(lang, &i.kind).into_owned(),
                        i.due_on.clone(),
                        days_left(lang, i),
                        super::region_cell(lang, &i.region),
                    ]
                })
                .collect(),
        }
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
        let overdue: Vec<bool> = q.items().iter().map(|i| i.overdue).collect();
        assert!(
            overdue.windows(2).all(|w| w[0] >= w[1]),
            "overdue first: {overdue:?}"
        );
        assert_eq!(q.items()[0].kind, "expired");
        assert!(
            q.items()
                .iter()
                .any(|i| i.kind == "publication" && i.unit == DayUnit::WorkingDays)
        );
        q.update(Action::Down);
        let second = (*q.items()[1]).clone();
        assert_eq!(
            q.update(Action::Open),
            Effect::OpenBody {
                uscc: second.uscc,
                approval: second.approval_no
            }
        );
    }

    #[test]
    fn enter_on_an_inspection_tasks_publication_names_the_task_not_a_body() {
        let (_dir, store) = fixture::temp();
        let mut q = QueueScreen::default();
        q.load(&store).unwrap();
        let mut items: Vec<QueueItem> = q.all().iter().map(|i| (**i).clone()).collect();
        items.push(QueueItem {
            approval_no: None,
            uscc: String::new(),
            name: "2027年认证机构双随机抽查".into(),
            kind: "inspection_publication".into(),
            due_on: "2026-01-05".into(),
            days_left: -200,
            unit: DayUnit::WorkingDays,
            overdue: true,
            estimated: false,
            application_id: None,
            task_id: Some(3),
            region: String::new(),
        });
        q.set_items(items);
        let at = q
            .items()
            .iter()
            .position(|i| i.task_id == Some(3))
            .expect("shown");
        q.selected = at;
        assert_eq!(q.update(Action::Open), Effect::OpenTask { id: 3 });
    }

    #[test]
    fn the_horizon_widens_and_keeps_the_selection() {
        let (_dir, store) = fixture::temp();
        let mut q = QueueScreen::default();
        q.load(&store).unwrap();
        let n30 = q.items().len();
        q.update(Action::Bottom);
        let selected = q.items()[q.selected].clone();
        assert_eq!(q.update(Action::Horizon), Effect::LoadQueue);
        q.update(Action::Horizon);
        q.load(&store).unwrap();
        assert_eq!(q.within, 90);
        assert!(q.items().len() > n30, "90 days show more than 30");
        assert!(super::super::queue_list::same(
            &q.items()[q.selected],
            &selected
        ));
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

    #[test]
    fn every_column_sorts_both_ways_and_the_selection_stays() {
        let (_dir, store) = fixture::temp();
        let mut q = QueueScreen::default();
        q.load(&store).unwrap();
        let urgent: Vec<Item> = q.items().to_vec();
        assert!(urgent.len() > 3, "the fixture has a queue");
        q.update(Action::Down);
        let selected = q.items()[q.selected].clone();
        for sort in QueueSort::ALL.into_iter().skip(1) {
            q.update(Action::Sort);
            assert_eq!(q.sort, sort);
            assert!(same(&q.items()[q.selected], &selected), "{sort:?}");
            let ascending = q.items().to_vec();
            q.update(Action::ReverseSort);
            let descending = q.items().to_vec();
            q.update(Action::ReverseSort);
            assert_eq!(ascending.len(), urgent.len());
            let key = |i: &Item| match sort {
                QueueSort::Name => crate::domain::collation::name_sort_key(&i.name),
                QueueSort::Uscc => i.uscc.clone(),
                QueueSort::Approval => i.approval_no.clone().unwrap_or_default(),
                QueueSort::Due => i.kind.clone(),
                QueueSort::DueOn => i.due_on.clone(),
                QueueSort::DaysLeft => format!("{:012}{}", i.days_left + 100_000, i.due_on),
                QueueSort::Urgency => unreachable!(),
            };
            let up: Vec<String> = ascending.iter().map(key).collect();
            let mut down: Vec<String> = descending.iter().map(key).collect();
            assert!(up.is_sorted(), "{sort:?} ▲: {up:?}");
            down.reverse();
            assert!(down.is_sorted(), "{sort:?} ▼");
        }
        // Round to the queue's own order; reversed, the least urgent first.
        q.update(Action::Sort);
        assert_eq!(q.sort, QueueSort::Urgency);
        assert_eq!(q.items(), urgent);
        q.update(Action::ReverseSort);
        let mut reversed = urgent.clone();
        reversed.reverse();
        assert_eq!(q.items(), reversed);
    }
}
