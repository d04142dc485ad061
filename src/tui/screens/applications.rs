//! The applications (办件): every application with the clock running on it — the window for
//! asking for missing materials, the decision due, a clock paused for expert review — open
//! ones first, the nearest clock first; narrowed by state, purpose, kind of body, region (from
//! the officer's jurisdiction down) and a text filter. Held whole in memory (an office's
//! applications are a few thousand at most) and filtered there, as the queue is.

use super::{Cx, Effect, move_in_list, region_facet_value};
use crate::domain::applications::{ApplicationPurpose, ApplicationStatus, StateChoice};
use crate::domain::ids::BodyKind;
use crate::domain::region::{Region, RegionFacet};
use crate::i18n::{Lang, Msg, application_purpose, application_status, due_kind, kind, route};
use crate::store::Store;
use crate::store::applications::ApplicationRow;
use crate::store::changes::Bodies;
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{self, Column};
use crate::tui::widgets::text::{clean, thousands, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use std::cmp::Ordering;

/// Where the keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppFocus {
    Table,
    Filter,
    Facets,
}

/// The facets of the facet bar, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppFacet {
    State,
    Purpose,
    Kind,
    Region,
}

impl AppFacet {
    pub const ALL: [AppFacet; 4] = [
        AppFacet::State,
        AppFacet::Purpose,
        AppFacet::Kind,
        AppFacet::Region,
    ];
    fn title(self) -> Msg {
        match self {
            AppFacet::State => Msg::ColStatus,
            AppFacet::Purpose => Msg::ColPurpose,
            AppFacet::Kind => Msg::ColKind,
            AppFacet::Region => Msg::FacetRegion,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ApplicationsScreen {
    /// Every application as read, in the list's order (`order`).
    pub all: Vec<ApplicationRow>,
    /// Those the facets and the text filter admit, in the same order.
    pub items: Vec<ApplicationRow>,
    pub selected: usize,
    pub offset: usize,
    /// Rows of the table on screen.
    pub height: usize,
    pub state: Option<StateChoice>,
    pub purpose: Option<ApplicationPurpose>,
    pub kind: Option<BodyKind>,
    /// The region shown: the jurisdiction (or everywhere), narrowed down to a county.
    pub region: RegionFacet,
    pub filter: TextInput,
    pub focus: AppFocus,
    pub facet: usize,
    /// Every application has been read once (until then the list says "loading…": the
    /// first frame is drawn before the background reader answers).
    pub loaded: bool,
    /// Another session changed applications while the first read was under way: read again.
    pub changed_while_loading: bool,
}

impl Default for ApplicationsScreen {
    fn default() -> Self {
        ApplicationsScreen {
            all: Vec::new(),
            items: Vec::new(),
            selected: 0,
            offset: 0,
            height: 10,
            state: None,
            purpose: None,
            kind: None,
            region: RegionFacet::default(),
            filter: TextInput::default(),
            focus: AppFocus::Table,
            facet: 0,
            loaded: false,
            changed_while_loading: false,
        }
    }
}

/// The list's order: open applications first — those with a running clock by its due date,
/// then those waiting (paused, awaiting materials) by receipt — then the decided, newest first.
fn order(a: &ApplicationRow, b: &ApplicationRow) -> Ordering {
    let rank = |r: &ApplicationRow| {
        let open = ApplicationStatus::parse(&r.status).is_some_and(|s| s.is_open());
        match (open, &r.clock) {
            (true, Some(_)) => 0,
            (true, None) => 1,
            (false, _) => 2,
        }
    };
    let (ra, rb) = (rank(a), rank(b));
    ra.cmp(&rb).then_with(|| match ra {
        0 => {
            let due = |r: &ApplicationRow| r.clock.as_ref().map(|c| c.due_on.clone());
            due(a).cmp(&due(b)).then(a.id.cmp(&b.id))
        }
        1 => a.received_on.cmp(&b.received_on).then(a.id.cmp(&b.id)),
        _ => b
            .decided_on
            .cmp(&a.decided_on)
            .then(b.updated_at.cmp(&a.updated_at))
            .then(b.id.cmp(&a.id)),
    })
}

fn cycle<T: Copy + PartialEq>(all: &[T], now: Option<T>, forward: bool) -> Option<T> {
    let pos = now
        .and_then(|v| all.iter().position(|x| *x == v))
        .map_or(0, |p| p + 1);
    let n = all.len() + 1;
    let next = if forward {
        (pos + 1) % n
    } else {
        (pos + n - 1) % n
    };
    (next > 0).then(|| all[next - 1])
}

/// The state filter's value as shown.
fn state_label(lang: Lang, s: StateChoice) -> String {
    match s {
        StateChoice::Open => lang.t(Msg::AppStateOpen).to_string(),
        StateChoice::Decided => lang.t(Msg::AppStateDecided).to_string(),
        StateChoice::Is(s) => application_status(lang, s.as_str()).into_owned(),
    }
}

/// What the clock column says, the due date and the days left: the running clock; a paused
/// clock since when; waiting for the applicant's materials; decided on a day.
fn clock_cells(lang: Lang, r: &ApplicationRow) -> (String, String, String) {
    let dash = || "—".to_string();
    if let Some(c) = &r.clock {
        return (
            due_kind(lang, &c.kind).into_owned(),
            clean(&c.due_on).into_owned(),
            super::queue::days_left(lang, c),
        );
    }
    match ApplicationStatus::parse(&r.status) {
        Some(ApplicationStatus::Paused) => (
            lang.f(
                Msg::AppClockPaused,
                &[("since", &clean(r.paused_since.as_deref().unwrap_or("—")))],
            ),
            dash(),
            dash(),
        ),
        Some(ApplicationStatus::MaterialsRequested) => {
            (lang.t(Msg::AppClockWaiting).to_string(), dash(), dash())
        }
        Some(s) if !s.is_open() => (
            lang.t(Msg::AppStateDecided).to_string(),
            clean(
                r.decided_on
                    .as_deref()
                    .unwrap_or(r.updated_at.get(..10).unwrap_or(&r.updated_at)),
            )
            .into_owned(),
            dash(),
        ),
        _ => (dash(), dash(), dash()),
    }
}

impl ApplicationsScreen {
    pub fn modes(&self) -> &'static [Mode] {
        match self.focus {
            AppFocus::Table => &[Mode::Applications, Mode::List, Mode::Global, Mode::Any],
            AppFocus::Filter => &[Mode::Filter, Mode::TextEdit, Mode::Any],
            AppFocus::Facets => &[Mode::Facets, Mode::Global, Mode::Any],
        }
    }

    /// Read every application again, keeping the selected one selected.
    pub fn load(&mut self, store: &Store) -> crate::store::Result<()> {
        self.set_rows(store.applications()?);
        Ok(())
    }

    pub fn set_rows(&mut self, mut rows: Vec<ApplicationRow>) {
        self.loaded = true;
        rows.sort_by(order);
        self.all = rows;
        self.refilter();
    }

    /// The applications of `bodies` read again (`Store::applications_of`): they take the place
    /// of the ones held for those applicants (a new one among them comes in).
    pub fn merge(&mut self, bodies: &Bodies, fresh: Vec<ApplicationRow>) {
        let mut rows: Vec<ApplicationRow> = std::mem::take(&mut self.all)
            .into_iter()
            .filter(|r| !bodies.contains(&r.uscc))
            .collect();
        rows.extend(fresh);
        self.set_rows(rows);
    }

    /// Whether the list holds an application of one of `bodies`.
    pub fn holds_any(&self, bodies: &Bodies) -> bool {
        self.all.iter().any(|r| bodies.contains(&r.uscc))
    }

    /// Start from `root` (the jurisdiction, or None: everywhere), the region facet reset.
    pub fn set_root(&mut self, root: Option<Region>) {
        self.region = RegionFacet::new(root);
        self.refilter();
    }

    fn admits(&self, r: &ApplicationRow) -> bool {
        let status = ApplicationStatus::parse(&r.status);
        self.state
            .is_none_or(|s| status.is_some_and(|st| s.admits(st)))
            && self.purpose.is_none_or(|p| p.as_str() == r.purpose)
            && self.kind.is_none_or(|k| k.as_str() == r.kind)
            && self.region.filter().is_none_or(|g| g.contains(&r.region))
            && matches_text(r, &self.filter.text())
    }

    /// Show what the facets and the filter admit of `all`, keeping the selected one selected.
    fn refilter(&mut self) {
        let was = self.items.get(self.selected).map(|r| r.id);
        self.items = self
            .all
            .iter()
            .filter(|r| self.admits(r))
            .cloned()
            .collect();
        self.selected = was
            .and_then(|id| self.items.iter().position(|r| r.id == id))
            .unwrap_or(self.selected)
            .min(self.items.len().saturating_sub(1));
        super::keep_visible(self.selected, &mut self.offset, self.height);
    }

    pub fn selected_row(&self) -> Option<&ApplicationRow> {
        self.items.get(self.selected)
    }

    /// Select application `id` if it is shown (after receiving it).
    pub fn select(&mut self, id: i64) {
        if let Some(i) = self.items.iter().position(|r| r.id == id) {
            self.selected = i;
            super::keep_visible(self.selected, &mut self.offset, self.height);
        }
    }

    /// Rows of the table in the content `area`.
    pub fn table_rows(area: Rect) -> usize {
        area.height.saturating_sub(5) as usize
    }

    pub fn set_height(&mut self, h: usize) {
        self.height = h.max(1);
        super::keep_visible(self.selected, &mut self.offset, self.height);
    }

    /// Back to every application of the root region, no text.
    pub fn clear_filters(&mut self) {
        self.state = None;
        self.purpose = None;
        self.kind = None;
        self.region = RegionFacet::new(self.region.root().cloned());
        self.filter.clear();
        self.refilter();
    }

    fn narrowed(&self) -> bool {
        self.state.is_some()
            || self.purpose.is_some()
            || self.kind.is_some()
            || self.region.narrowed()
            || !self.filter.is_empty()
    }

    fn cycle_facet(&mut self, forward: bool) {
        match AppFacet::ALL[self.facet] {
            AppFacet::State => self.state = cycle(&StateChoice::ALL, self.state, forward),
            AppFacet::Purpose => {
                self.purpose = cycle(ApplicationPurpose::ALL, self.purpose, forward)
            }
            AppFacet::Kind => self.kind = cycle(&BodyKind::ALL, self.kind, forward),
            AppFacet::Region => {
                let codes: Vec<&str> = self.all.iter().map(|r| r.region.as_str()).collect();
                self.region.cycle(codes, forward);
            }
        }
        self.refilter();
    }

    fn update_facets(&mut self, action: Action) -> Effect {
        let n = AppFacet::ALL.len();
        match action {
            Action::PrevFacet => self.facet = (self.facet + n - 1) % n,
            Action::NextFacet => self.facet = (self.facet + 1) % n,
            Action::NextValue => self.cycle_facet(true),
            Action::PrevValue => self.cycle_facet(false),
            Action::RegionDown | Action::RegionUp
                if AppFacet::ALL[self.facet] == AppFacet::Region =>
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
            Action::Close => self.focus = AppFocus::Table,
            _ => {}
        }
        Effect::None
    }

    fn open_selected(&self) -> Effect {
        match self.selected_row() {
            Some(r) => Effect::OpenApplication { id: r.id },
            None => Effect::None,
        }
    }

    pub fn update(&mut self, action: Action) -> Effect {
        match self.focus {
            AppFocus::Facets => self.update_facets(action),
            AppFocus::Filter => match action {
                Action::Open => {
                    self.focus = AppFocus::Table;
                    self.open_selected()
                }
                Action::Close => {
                    self.focus = AppFocus::Table;
                    Effect::None
                }
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                    self.move_rows(action);
                    Effect::None
                }
                edit => {
                    if self.filter.edit(edit) {
                        self.refilter();
                    }
                    Effect::None
                }
            },
            AppFocus::Table => match action {
                Action::Open => self.open_selected(),
                Action::Acts => match self.selected_row() {
                    Some(r) => Effect::OpenApplicationActs { id: r.id },
                    None => Effect::None,
                },
                Action::Receive => Effect::ReceiveApplication,
                Action::Filter => {
                    self.focus = AppFocus::Filter;
                    self.filter.end();
                    Effect::None
                }
                Action::NextPane | Action::PrevPane => {
                    self.focus = AppFocus::Facets;
                    Effect::None
                }
                Action::ClearFilters => {
                    self.clear_filters();
                    Effect::None
                }
                Action::Close => {
                    if self.narrowed() {
                        self.clear_filters();
                    }
                    Effect::None
                }
                other => {
                    self.move_rows(other);
                    Effect::None
                }
            },
        }
    }

    fn move_rows(&mut self, action: Action) {
        move_in_list(
            action,
            &mut self.selected,
            &mut self.offset,
            self.items.len(),
            self.height,
        );
    }

    /// Exactly the filtered list, every column, in `lang`: the headers and the cells (what `e`
    /// exports).
    pub fn table(&self, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
        let headers = [
            Msg::ColAppNo,
            Msg::ColApplicant,
            Msg::ColUscc,
            Msg::ColPurpose,
            Msg::ColKind,
            Msg::ColRoute,
            Msg::ColStatus,
            Msg::ColReceivedOn,
            Msg::ColClock,
            Msg::ColDueOn,
            Msg::ColDaysLeft,
            Msg::ColApproval,
            Msg::ColRegion,
        ]
        .iter()
        .map(|m| lang.t(*m).to_string())
        .collect();
        let rows = self
            .items
            .iter()
            .map(|r| {
                let (clock, due, left) = clock_cells(lang, r);
                vec![
                    r.id.to_string(),
                    clean(&r.name).into_owned(),
                    clean(&r.uscc).into_owned(),
                    application_purpose(lang, &r.purpose).into_owned(),
                    kind(lang, &r.kind).into_owned(),
                    route(lang, &r.route).into_owned(),
                    application_status(lang, &r.status).into_owned(),
                    clean(&r.received_on).into_owned(),
                    clock,
                    due,
                    left,
                    clean(r.approval_no.as_deref().unwrap_or("")).into_owned(),
                    clean(&r.region).into_owned(),
                ]
            })
            .collect();
        (headers, rows)
    }

    fn facet_value(&self, facet: AppFacet, lang: Lang) -> (String, bool) {
        let all = || lang.t(Msg::FacetAll).to_string();
        match facet {
            AppFacet::State => (
                self.state.map(|s| state_label(lang, s)).unwrap_or_else(all),
                self.state.is_some(),
            ),
            AppFacet::Purpose => (
                self.purpose
                    .map(|p| application_purpose(lang, p.as_str()).into_owned())
                    .unwrap_or_else(all),
                self.purpose.is_some(),
            ),
            AppFacet::Kind => (
                self.kind
                    .map(|k| kind(lang, k.as_str()).into_owned())
                    .unwrap_or_else(all),
                self.kind.is_some(),
            ),
            AppFacet::Region => (
                region_facet_value(&self.region, lang),
                self.region.narrowed(),
            ),
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let [scope_line, filter_line, facet_line, legend, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        f.render_widget(cx.scope.line(cx), scope_line);

        // The filter and the count.
        let count = if !self.loaded {
            lang.t(Msg::QueueLoading).to_string()
        } else if self.items.len() == self.all.len() {
            lang.f(Msg::AppCount, &[("n", &thousands(self.all.len() as i64))])
        } else {
            lang.f(
                Msg::AppShown,
                &[
                    ("n", &thousands(self.items.len() as i64)),
                    ("all", &thousands(self.all.len() as i64)),
                ],
            )
        };
        let count_w = width(&count) as u16 + 1;
        let [left, right] = Layout::horizontal([Constraint::Min(0), Constraint::Length(count_w)])
            .areas(filter_line);
        let label = format!("{} ", lang.t(Msg::FilterLabel));
        let label_w = width(&label) as u16;
        let [label_area, input_area] =
            Layout::horizontal([Constraint::Length(label_w), Constraint::Min(0)]).areas(left);
        let focused = self.focus == AppFocus::Filter;
        f.render_widget(
            Span::styled(
                label,
                if focused {
                    theme.focus_border()
                } else {
                    theme.label()
                },
            ),
            label_area,
        );
        if self.filter.is_empty() && !focused {
            f.render_widget(
                Span::styled(lang.t(Msg::AppFilterPlaceholder), theme.dim()),
                input_area,
            );
        } else {
            self.filter.render(f, input_area, theme.normal(), focused);
        }
        f.render_widget(
            Line::from(Span::styled(count, theme.label())).right_aligned(),
            right,
        );

        // The facets.
        let mut spans = Vec::new();
        for (i, facet) in AppFacet::ALL.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" │ ", theme.dim()));
            }
            let (value, narrowed) = self.facet_value(*facet, lang);
            let style = if self.focus == AppFocus::Facets && i == self.facet {
                theme.selected()
            } else if narrowed {
                theme.key()
            } else {
                theme.normal()
            };
            spans.push(Span::styled(
                format!("{}:{value}", lang.t(facet.title())),
                style,
            ));
        }
        f.render_widget(Line::from(spans), facet_line);
        f.render_widget(
            Line::from(Span::styled(
                lang.f(Msg::AppAsOf, &[("date", &cx.today)]),
                theme.dim(),
            )),
            legend,
        );

        if self.items.is_empty() {
            let text = if self.all.is_empty() {
                lang.t(Msg::AppEmpty)
            } else {
                lang.t(Msg::NoMatches)
            };
            f.render_widget(Line::from(Span::styled(text, theme.dim())), rest);
            return;
        }
        let en = lang == Lang::En;
        let wide = area.width >= 110;
        let mut cols = vec![
            Column::fixed(lang.t(Msg::ColAppNo), 4),
            Column::flex(lang.t(Msg::ColApplicant), 12),
            // 已准予许可, 已撤回申请: five characters.
            Column::fixed(lang.t(Msg::ColStatus), if en { 12 } else { 10 }),
            Column::fixed(lang.t(Msg::ColClock), if en { 18 } else { 16 }),
            Column::fixed(lang.t(Msg::ColDueOn), 10),
            Column::fixed(lang.t(Msg::ColDaysLeft), 12),
        ];
        if wide {
            cols.insert(2, Column::fixed(lang.t(Msg::ColUscc), 18));
            cols.insert(
                3,
                Column::fixed(lang.t(Msg::ColPurpose), if en { 7 } else { 6 }),
            );
            cols.push(Column::fixed(lang.t(Msg::ColReceivedOn), 10));
        }
        let rows = self
            .items
            .iter()
            .skip(self.offset)
            .take(self.height)
            .map(|r| {
                let open = ApplicationStatus::parse(&r.status).is_some_and(|s| s.is_open());
                let style = match &r.clock {
                    Some(c) if c.overdue => theme.overdue(),
                    Some(c) if c.days_left <= 5 => theme.soon(),
                    _ if !open => theme.dim(),
                    _ => theme.normal(),
                };
                let (clock, due, left) = clock_cells(lang, r);
                let mut cells = vec![
                    (r.id.to_string(), style),
                    (clean(&r.name).into_owned(), style),
                    (application_status(lang, &r.status).into_owned(), style),
                    (clock, style),
                    (due, style),
                    (left, style),
                ];
                if wide {
                    cells.insert(2, (clean(&r.uscc).into_owned(), style));
                    cells.insert(
                        3,
                        (application_purpose(lang, &r.purpose).into_owned(), style),
                    );
                    cells.push((clean(&r.received_on).into_owned(), style));
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
            theme,
        );
    }
}

/// Whether the text filter admits the application: a part of its applicant's name, USCC or
/// approval number (any case), or its number (`12` or `#12`).
fn matches_text(r: &ApplicationRow, text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    if let Ok(id) = t.trim_start_matches('#').parse::<i64>()
        && id == r.id
    {
        return true;
    }
    let t = crate::domain::text::normalise_id(t);
    let has = |s: &str| crate::domain::text::normalise_id(s).contains(&t);
    has(&r.name) || has(&r.uscc) || r.approval_no.as_deref().is_some_and(has)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    fn screen() -> (tempfile::TempDir, Store, ApplicationsScreen) {
        let (dir, mut store) = fixture::temp();
        fixture::add_applications(&mut store);
        let mut s = ApplicationsScreen::default();
        s.load(&store).unwrap();
        (dir, store, s)
    }

    fn names(s: &ApplicationsScreen) -> Vec<&str> {
        s.items.iter().map(|r| r.status.as_str()).collect()
    }

    #[test]
    fn open_applications_come_first_by_their_clock_then_the_decided() {
        let (_dir, _store, s) = screen();
        let statuses = names(&s);
        let first_decided = statuses
            .iter()
            .position(|st| ["granted", "refused", "withdrawn"].contains(st))
            .unwrap();
        assert!(
            statuses[first_decided..]
                .iter()
                .all(|st| ["granted", "refused", "withdrawn"].contains(st)),
            "{statuses:?}"
        );
        let dues: Vec<&str> = s
            .items
            .iter()
            .filter_map(|r| r.clock.as_ref().map(|c| c.due_on.as_str()))
            .collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
        assert!(s.items[0].clock.as_ref().unwrap().overdue);
    }

    #[test]
    fn facets_and_the_text_filter_narrow_and_enter_opens() {
        let (_dir, _store, mut s) = screen();
        let all = s.items.len();
        s.update(Action::NextPane);
        assert_eq!(s.focus, AppFocus::Facets);
        s.update(Action::NextValue); // open
        assert!(
            s.items
                .iter()
                .all(|r| ApplicationStatus::parse(&r.status).unwrap().is_open())
        );
        s.update(Action::NextValue); // received
        assert!(!s.items.is_empty());
        assert!(s.items.iter().all(|r| r.status == "received"));
        for _ in 0..4 {
            s.update(Action::NextValue); // … decided
        }
        assert_eq!(s.state, Some(StateChoice::Decided));
        assert!(s.items.iter().all(|r| r.decided_on.is_some()));
        s.update(Action::NextFacet);
        s.update(Action::NextValue); // purpose: new
        s.update(Action::NextValue); // renewal
        assert!(s.items.iter().all(|r| r.purpose == "renewal"));
        s.update(Action::ClearFilters);
        s.update(Action::NextFacet); // kind
        s.update(Action::NextValue); // cb
        assert!(!s.items.is_empty() && s.items.iter().all(|r| r.kind == "cb"));
        s.update(Action::NextFacet); // region
        s.update(Action::NextValue);
        let region = s.region.filter().unwrap().clone();
        assert!(s.items.iter().all(|r| region.contains(&r.region)));
        s.update(Action::ClearFilters);
        assert_eq!(s.items.len(), all);
        s.update(Action::Close);
        // The text filter: a part of the name, a number.
        s.update(Action::Filter);
        for c in "南京".chars() {
            s.update(Action::Insert(c));
        }
        assert_eq!(s.items.len(), 1);
        let id = s.items[0].id;
        assert_eq!(s.update(Action::Open), Effect::OpenApplication { id });
        assert_eq!(s.focus, AppFocus::Table);
        s.update(Action::Filter);
        s.update(Action::ClearLine);
        for c in format!("#{id}").chars() {
            s.update(Action::Insert(c));
        }
        assert_eq!(s.items.len(), 1);
        s.update(Action::Close);
        s.update(Action::Close);
        assert_eq!(s.items.len(), all, "Esc on the table clears the filter");
        // A hostile filter finds nothing and breaks nothing.
        s.update(Action::Filter);
        for c in "\u{1b}[2J%_'\"".chars() {
            s.update(Action::Insert(c));
        }
        assert!(s.items.is_empty());
    }

    #[test]
    fn the_jurisdiction_narrows_the_list() {
        let (_dir, _store, mut s) = screen();
        s.set_root(Some(Region::parse("11").unwrap()));
        assert!(!s.items.is_empty());
        assert!(s.items.iter().all(|r| r.region.starts_with("11")));
        assert!(s.items.len() < s.all.len());
    }

    #[test]
    fn the_table_is_exactly_the_filtered_list_in_the_ui_language() {
        let (_dir, _store, mut s) = screen();
        let (headers, rows) = s.table(Lang::Zh);
        assert_eq!(headers[0], "编号");
        assert_eq!(headers.len(), rows[0].len());
        assert_eq!(rows.len(), s.items.len());
        s.state = Some(StateChoice::Is(ApplicationStatus::Paused));
        s.refilter();
        let (headers, rows) = s.table(Lang::En);
        assert_eq!(headers[1], "Applicant");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][0], s.items[0].id.to_string());
        assert_eq!(rows[0][6], "paused");
        assert_eq!(rows[0][8], "paused 2026-11-02", "{:?}", rows[0]);
    }

    #[test]
    fn a_changed_applicant_is_merged_in_place() {
        let (_dir, mut store, mut s) = screen();
        s.update(Action::Bottom);
        let selected = s.selected_row().unwrap().id;
        let open = s
            .all
            .iter()
            .find(|r| r.status == "received")
            .unwrap()
            .clone();
        store
            .act_on_application(
                open.id,
                crate::domain::applications::ApplicationAct::Accept,
                &crate::store::applications::Decision {
                    date: Some(fixture::TODAY),
                    ..Default::default()
                },
                None,
            )
            .unwrap();
        let bodies: Bodies = [open.uscc.clone()].into_iter().collect();
        assert!(s.holds_any(&bodies));
        s.merge(&bodies, store.applications_of(&bodies).unwrap());
        assert_eq!(
            s.all.iter().find(|r| r.id == open.id).unwrap().status,
            "accepted"
        );
        assert_eq!(s.selected_row().unwrap().id, selected, "the cursor stays");
        assert_eq!(s.all.len(), store.applications().unwrap().len());
    }
}
