//! The register: every qualification with its body, paged by keyset (a page is the rows that fit
//! on screen), filtered as you type, narrowed by facets, sorted by column.

use super::{Cx, Effect, region_facet_value};
use crate::domain::ids::BodyKind;
use crate::domain::model::{QualStatus, RiskClass, Route};
use crate::domain::region::{Region, RegionFacet};
use crate::i18n::{Lang, Msg, kind, province, risk, route, status};
use crate::store::changes::Bodies;
use crate::store::register::{COUNT_CAP, Cursor, RegisterQuery, RegisterRow, RegisterSort};
use crate::store::{Result, Store};
use crate::tui::jobs::{Freshness, Request};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{self, Column, Keyset, Window};
use crate::tui::widgets::text::{clean, thousands, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

/// Where the keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Table,
    Filter,
    Facets,
}

/// The facets of the facet bar, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Status,
    Route,
    Kind,
    Risk,
    Region,
    Sort,
}

impl Facet {
    pub const ALL: [Facet; 6] = [
        Facet::Status,
        Facet::Route,
        Facet::Kind,
        Facet::Risk,
        Facet::Region,
        Facet::Sort,
    ];
    fn title(self) -> Msg {
        match self {
            Facet::Status => Msg::ColStatus,
            Facet::Route => Msg::ColRoute,
            Facet::Kind => Msg::ColKind,
            Facet::Risk => Msg::ColRisk,
            Facet::Region => Msg::ColRegion,
            Facet::Sort => Msg::FacetSort,
        }
    }
}

/// The register query as a keyset source.
pub struct Source<'a> {
    pub store: &'a Store,
    pub query: &'a RegisterQuery,
}

impl Keyset for Source<'_> {
    type Row = RegisterRow;
    fn after(&self, row: Option<&RegisterRow>, n: usize) -> Result<Vec<RegisterRow>> {
        self.store
            .register_page(self.query, row.map(|r| r.cursor()).as_ref(), false, n)
    }
    fn before(&self, row: Option<&RegisterRow>, n: usize) -> Result<Vec<RegisterRow>> {
        self.store
            .register_page(self.query, row.map(|r| r.cursor()).as_ref(), true, n)
    }
    fn from(&self, row: &RegisterRow, n: usize) -> Result<Vec<RegisterRow>> {
        // Strictly after (key, id - 1) is from (key, id) on: ids are integers.
        let c = Cursor {
            sort_key: row.sort_key.clone(),
            qualification_id: row.qualification_id - 1,
        };
        self.store.register_page(self.query, Some(&c), false, n)
    }
    fn same(a: &RegisterRow, b: &RegisterRow) -> bool {
        a.qualification_id == b.qualification_id
    }
}

#[derive(Debug, Clone)]
pub struct RegisterScreen {
    pub query: RegisterQuery,
    pub filter: TextInput,
    pub focus: Focus,
    pub facet: usize,
    pub win: Window<RegisterRow>,
    /// Matches, counted up to `COUNT_CAP`.
    pub count: u64,
    /// The query changed and has not run yet (typing runs it once per burst of keys).
    pub stale: bool,
    /// The bodies' region codes (read when the region facet is first used).
    pub regions: Option<Vec<String>>,
    /// The region shown: the jurisdiction (or everywhere), narrowed down to a county; the
    /// query's `region` is its filter.
    pub region: RegionFacet,
    /// Which query the rows answer (background answers for older ones are dropped).
    pub fresh: Freshness,
}

impl Default for RegisterScreen {
    fn default() -> Self {
        RegisterScreen {
            query: RegisterQuery::default(),
            filter: TextInput::default(),
            focus: Focus::Table,
            facet: 0,
            win: Window::default(),
            count: 0,
            stale: true,
            regions: None,
            region: RegionFacet::default(),
            fresh: Freshness::default(),
        }
    }
}

fn cycle<T: Copy + PartialEq>(all: &[T], now: Option<T>, forward: bool) -> Option<T> {
    // None, all[0], …, all[n-1], None …
    let pos = now
        .and_then(|v| all.iter().position(|x| *x == v))
        .map(|p| p + 1)
        .unwrap_or(0);
    let n = all.len() + 1;
    let next = if forward {
        (pos + 1) % n
    } else {
        (pos + n - 1) % n
    };
    if next == 0 { None } else { Some(all[next - 1]) }
}

impl RegisterScreen {
    pub fn modes(&self) -> &'static [Mode] {
        match self.focus {
            Focus::Table => &[Mode::Register, Mode::List, Mode::Global, Mode::Any],
            Focus::Filter => &[Mode::Filter, Mode::TextEdit, Mode::Any],
            Focus::Facets => &[Mode::Facets, Mode::Global, Mode::Any],
        }
    }

    fn source<'a>(&'a self, store: &'a Store) -> Source<'a> {
        Source {
            store,
            query: &self.query,
        }
    }

    /// Rows of the table in the content `area`.
    pub fn table_rows(area: Rect) -> usize {
        area.height.saturating_sub(4) as usize
    }

    /// Run the query from the first row, and count.
    pub fn refresh(&mut self, store: &Store) -> Result<()> {
        let mut win = std::mem::take(&mut self.win);
        let r = win.top(&self.source(store));
        self.win = win;
        r?;
        self.count = store.register_count(&self.query)?;
        self.stale = false;
        Ok(())
    }

    /// Before drawing: fit the page to the screen, run a pending query.
    pub fn prepare(&mut self, store: &Store, rows: usize) -> Result<()> {
        if self.stale {
            self.win.page = rows.max(1);
            return self.refresh(store);
        }
        let mut win = std::mem::take(&mut self.win);
        let r = win.set_page(&self.source(store), rows);
        self.win = win;
        r
    }

    /// The query changed: the rows shown are out of date until it runs.
    fn changed(&mut self) {
        self.stale = true;
        self.fresh.changed();
    }

    /// The refresh to run in the background for the current query (once per change).
    pub fn request(&mut self, rows: usize) -> Option<Request> {
        if !self.stale {
            return None;
        }
        let generation = self.fresh.ask()?;
        self.win.page = rows.max(1);
        Some(Request::Register {
            generation,
            query: self.query.clone(),
            page: self.win.page,
        })
    }

    /// A background refresh arrived: take it if it answers the current query.
    pub fn apply(&mut self, generation: u64, rows: Vec<RegisterRow>, count: u64) {
        if !self.fresh.is_current(generation) || !self.stale {
            return;
        }
        self.win.at_end = rows.len() < self.win.page;
        self.win.rows = rows;
        self.win.selected = 0;
        self.win.at_start = true;
        self.count = count;
        self.stale = false;
    }

    /// A background count arrived.
    pub fn apply_count(&mut self, generation: u64, count: u64) {
        if self.fresh.is_current(generation) {
            self.count = count;
        }
    }

    /// Another user changed the data: read the visible rows again where they are (a keyset
    /// read, fast); whether they were (a query not run yet runs anyway). The count, which may
    /// scan, is for the background (`count_request`).
    pub fn reload_rows(&mut self, store: &Store) -> Result<bool> {
        if self.stale {
            return Ok(false);
        }
        let mut win = std::mem::take(&mut self.win);
        let r = win.reload(&self.source(store));
        self.win = win;
        r?;
        Ok(true)
    }

    /// The count of the current query, to ask the background reader after a change.
    pub fn count_request(&self) -> Request {
        Request::Count {
            generation: self.fresh.generation,
            query: self.query.clone(),
        }
    }

    /// Whether a change to `bodies` shows in the window: a row shown is one of theirs, or one of
    /// their rows as they now are (`now`, under the query, from `Store::register_rows_of`)
    /// sorts among the rows shown (or before them at the start, after them at the end).
    pub fn shows_any(&self, bodies: &Bodies, now: &[RegisterRow]) -> bool {
        let rows = &self.win.rows;
        if rows.iter().any(|r| bodies.contains(&r.uscc)) {
            return true;
        }
        let key = |r: &RegisterRow| (r.sort_key.clone(), r.qualification_id);
        let (Some(mut first), Some(mut last)) = (rows.first().map(key), rows.last().map(key))
        else {
            return !now.is_empty();
        };
        let (mut at_start, mut at_end) = (self.win.at_start, self.win.at_end);
        if self.query.descending {
            // The window runs from the largest key down: compare as if it ran up.
            std::mem::swap(&mut first, &mut last);
            std::mem::swap(&mut at_start, &mut at_end);
        }
        now.iter()
            .map(key)
            .any(|k| (at_start || k >= first) && (at_end || k <= last))
    }

    /// Whether a change to a few bodies may change the count: not when the whole register is
    /// counted and it is past the cap (no act removes a qualification).
    pub fn count_may_change(&self) -> bool {
        let everything = RegisterQuery {
            sort: self.query.sort,
            ..Default::default()
        };
        !(self.query == everything && self.count > COUNT_CAP)
    }

    /// Another user changed the data: read the window again where it is, and count.
    pub fn reload(&mut self, store: &Store) -> Result<()> {
        if self.stale {
            return self.refresh(store);
        }
        let mut win = std::mem::take(&mut self.win);
        let r = win.reload(&self.source(store));
        self.win = win;
        r?;
        self.count = store.register_count(&self.query)?;
        Ok(())
    }

    fn move_rows(&mut self, action: Action, store: &Store) -> Result<()> {
        if self.stale {
            self.refresh(store)?;
        }
        let mut win = std::mem::take(&mut self.win);
        let src = self.source(store);
        let r = match action {
            Action::Down => win.down(&src),
            Action::Up => win.up(&src),
            Action::PageDown => win.page_down(&src),
            Action::PageUp => win.page_up(&src),
            Action::Top => win.home(&src),
            Action::Bottom => win.end(&src),
            _ => Ok(()),
        };
        self.win = win;
        r
    }

    fn open_selected(&mut self, store: &Store) -> Result<Effect> {
        if self.stale {
            self.refresh(store)?;
        }
        Ok(match self.win.selected_row() {
            Some(r) => Effect::OpenBody {
                uscc: r.uscc.clone(),
                approval: Some(r.approval_no.clone()),
            },
            None => Effect::None,
        })
    }

    fn text_changed(&mut self) {
        self.query.text = self.filter.text();
        self.changed();
    }

    pub fn clear_filters(&mut self) {
        self.query = self.unfiltered();
        self.region = RegionFacet::new(self.region.root().cloned());
        self.filter.clear();
        self.changed();
    }

    /// The query with no filter but the root region (the jurisdiction, or none).
    fn unfiltered(&self) -> RegisterQuery {
        RegisterQuery {
            sort: self.query.sort,
            descending: self.query.descending,
            region: self.region.root().map(|r| r.as_str().to_string()),
            ..Default::default()
        }
    }

    /// Start from `root` (the jurisdiction, or None: everywhere), the region facet reset.
    pub fn set_root(&mut self, root: Option<Region>) {
        self.region = RegionFacet::new(root);
        self.region_changed();
    }

    fn region_changed(&mut self) {
        self.query.region = self.region.filter().map(|r| r.as_str().to_string());
        self.changed();
    }

    /// `>` and `<` on the region facet: into the picked region, or back up a level.
    fn move_region(&mut self, down: bool) {
        if Facet::ALL[self.facet] != Facet::Region {
            return;
        }
        let moved = if down {
            self.region.descend()
        } else {
            self.region.ascend()
        };
        if moved {
            self.region_changed();
        }
    }

    fn cycle_facet(&mut self, store: &Store, forward: bool) -> Result<()> {
        let q = &mut self.query;
        match Facet::ALL[self.facet] {
            Facet::Status => q.status = cycle(QualStatus::ALL, q.status, forward),
            Facet::Route => q.route = cycle(Route::ALL, q.route, forward),
            Facet::Kind => q.kind = cycle(&BodyKind::ALL, q.kind, forward),
            Facet::Risk => q.risk_class = cycle(RiskClass::ALL, q.risk_class, forward),
            Facet::Region => {
                if self.regions.is_none() {
                    self.regions = Some(store.regions()?);
                }
                let codes = self.regions.iter().flatten().map(String::as_str);
                self.region.cycle(codes, forward);
                q.region = self.region.filter().map(|r| r.as_str().to_string());
            }
            Facet::Sort => {
                let i = RegisterSort::ALL
                    .iter()
                    .position(|s| *s == q.sort)
                    .unwrap_or(0);
                let n = RegisterSort::ALL.len();
                q.sort = RegisterSort::ALL[if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }];
            }
        }
        self.changed();
        Ok(())
    }

    pub fn update(&mut self, action: Action, store: &Store) -> Result<Effect> {
        match self.focus {
            Focus::Filter => match action {
                Action::Open => {
                    self.focus = Focus::Table;
                    self.open_selected(store)
                }
                Action::Close => {
                    self.focus = Focus::Table;
                    Ok(Effect::None)
                }
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                    self.move_rows(action, store)?;
                    Ok(Effect::None)
                }
                edit => {
                    if self.filter.edit(edit) {
                        self.text_changed();
                    }
                    Ok(Effect::None)
                }
            },
            Focus::Facets => {
                match action {
                    Action::PrevFacet => {
                        self.facet = (self.facet + Facet::ALL.len() - 1) % Facet::ALL.len()
                    }
                    Action::NextFacet => self.facet = (self.facet + 1) % Facet::ALL.len(),
                    Action::NextValue => self.cycle_facet(store, true)?,
                    Action::PrevValue => self.cycle_facet(store, false)?,
                    Action::ClearFilters => self.clear_filters(),
                    Action::RegionDown => self.move_region(true),
                    Action::RegionUp => self.move_region(false),
                    Action::Close => self.focus = Focus::Table,
                    _ => {}
                }
                Ok(Effect::None)
            }
            Focus::Table => match action {
                Action::Open => self.open_selected(store),
                Action::Filter => {
                    self.focus = Focus::Filter;
                    self.filter.end();
                    Ok(Effect::None)
                }
                Action::NextPane | Action::PrevPane => {
                    self.focus = Focus::Facets;
                    Ok(Effect::None)
                }
                Action::Sort => {
                    self.facet = Facet::ALL.len() - 1;
                    self.cycle_facet(store, true)?;
                    Ok(Effect::None)
                }
                Action::ReverseSort => {
                    self.query.descending = !self.query.descending;
                    self.changed();
                    Ok(Effect::None)
                }
                Action::ClearFilters => {
                    self.clear_filters();
                    Ok(Effect::None)
                }
                Action::Close => {
                    if self.query != self.unfiltered() {
                        self.clear_filters();
                    }
                    Ok(Effect::None)
                }
                other => {
                    self.move_rows(other, store)?;
                    Ok(Effect::None)
                }
            },
        }
    }

    fn facet_value(&self, facet: Facet, lang: Lang) -> String {
        let all = || lang.t(Msg::FacetAll).to_string();
        let q = &self.query;
        match facet {
            Facet::Status => q
                .status
                .map(|s| status(lang, s.as_str()).into_owned())
                .unwrap_or_else(all),
            Facet::Route => q
                .route
                .map(|r| route(lang, r.as_str()).into_owned())
                .unwrap_or_else(all),
            Facet::Kind => q
                .kind
                .map(|k| kind(lang, k.as_str()).into_owned())
                .unwrap_or_else(all),
            Facet::Risk => q
                .risk_class
                .map(|r| risk(lang, r.as_str()).into_owned())
                .unwrap_or_else(all),
            Facet::Region => region_facet_value(&self.region, lang),
            Facet::Sort => format!("{}{}", lang.t(sort_title(q.sort)), arrow(q.descending)),
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let [scope_line, filter_line, facet_line, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        f.render_widget(cx.scope.line(cx), scope_line);

        // The filter and the count.
        let count = if self.stale {
            lang.t(Msg::Searching).to_string()
        } else if self.count > COUNT_CAP {
            lang.f(
                Msg::MatchCountCapped,
                &[("n", &thousands(COUNT_CAP as i64))],
            )
        } else {
            lang.f(Msg::MatchCount, &[("n", &thousands(self.count as i64))])
        };
        let count_w = width(&count) as u16 + 1;
        let [left, right] = Layout::horizontal([Constraint::Min(0), Constraint::Length(count_w)])
            .areas(filter_line);
        let label = format!("{} ", lang.t(Msg::FilterLabel));
        let label_w = width(&label) as u16;
        let [label_area, input_area] =
            Layout::horizontal([Constraint::Length(label_w), Constraint::Min(0)]).areas(left);
        let focused = self.focus == Focus::Filter;
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
                Span::styled(lang.t(Msg::FilterPlaceholder), theme.dim()),
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
        for (i, facet) in Facet::ALL.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" │ ", theme.dim()));
            }
            let text = format!(
                "{}:{}",
                lang.t(facet.title()),
                self.facet_value(*facet, lang)
            );
            let style = if self.focus == Focus::Facets && i == self.facet {
                theme.selected()
            } else if *facet != Facet::Sort
                && (self.facet_value(*facet, lang) != lang.t(Msg::FacetAll)
                    || (*facet == Facet::Region && self.region.narrowed()))
            {
                theme.key()
            } else {
                theme.normal()
            };
            spans.push(Span::styled(text, style));
        }
        f.render_widget(Line::from(spans), facet_line);

        if self.win.rows.is_empty() {
            f.render_widget(
                Line::from(Span::styled(lang.t(Msg::NoMatches), theme.dim())),
                rest,
            );
            return;
        }
        let w = area.width;
        let status_w = if lang == Lang::En { 18 } else { 14 };
        let sorted = |s: RegisterSort| {
            let title = lang.t(sort_title(s));
            if self.query.sort == s {
                format!("{title}{}", arrow(self.query.descending))
            } else {
                title.to_string()
            }
        };
        let mut cols = vec![
            Column::flex(sorted(RegisterSort::Name), 14),
            Column::fixed(sorted(RegisterSort::ApprovalNo), 16),
            Column::fixed(sorted(RegisterSort::Status), status_w),
            Column::fixed(
                sorted(RegisterSort::ValidUntil),
                if lang == Lang::En { 12 } else { 10 },
            ),
        ];
        let medium = w >= 100;
        let wide = w >= 120;
        if medium {
            cols.push(Column::fixed(
                sorted(RegisterSort::Route),
                if lang == Lang::En { 10 } else { 8 },
            ));
        }
        if wide {
            cols.insert(1, Column::fixed(sorted(RegisterSort::Uscc), 18));
            cols.push(Column::fixed(
                sorted(RegisterSort::Region),
                if lang == Lang::En { 10 } else { 6 },
            ));
            cols.push(Column::fixed(
                sorted(RegisterSort::Risk),
                if lang == Lang::En { 7 } else { 4 },
            ));
        }
        let rows = self
            .win
            .rows
            .iter()
            .map(|r| {
                let n = theme.normal();
                let mut cells = vec![
                    (clean(&r.name).into_owned(), n),
                    (clean(&r.approval_no).into_owned(), n),
                    (
                        crate::i18n::status_of(lang, crate::i18n::body_kind(&r.kind), &r.status)
                            .into_owned(),
                        theme.status(&r.status),
                    ),
                    (clean(&r.valid_until).into_owned(), n),
                ];
                if medium {
                    cells.push((route(lang, &r.route).into_owned(), n));
                }
                if wide {
                    cells.insert(1, (clean(&r.uscc).into_owned(), n));
                    cells.push((province(lang, &r.region).into_owned(), n));
                    cells.push((risk(lang, &r.risk_class).into_owned(), n));
                }
                cells
            })
            .collect();
        table::render(f, rest, &cols, rows, Some(self.win.selected), theme);
    }
}

impl RegisterScreen {
    /// Every row the filter and facets admit (read through the store, not only the window on
    /// screen), in the order shown, as a table in `lang`: what `e` exports.
    pub fn table(&self, store: &Store, lang: Lang) -> Result<crate::tui::export::Table> {
        let rows = store.register_all(&self.query)?;
        let headers = [
            Msg::ColName,
            Msg::ColUscc,
            Msg::ColApproval,
            Msg::ColKind,
            Msg::ColStatus,
            Msg::ColRoute,
            Msg::ColValidUntil,
            Msg::ColRegion,
            Msg::ColRisk,
        ];
        Ok(crate::tui::export::Table {
            headers: headers.iter().map(|m| lang.t(*m).to_string()).collect(),
            rows: rows
                .into_iter()
                .map(|r| {
                    let status =
                        crate::i18n::status_of(lang, crate::i18n::body_kind(&r.kind), &r.status)
                            .into_owned();
                    vec![
                        r.name,
                        r.uscc,
                        r.approval_no,
                        kind(lang, &r.kind).into_owned(),
                        status,
                        route(lang, &r.route).into_owned(),
                        r.valid_until,
                        super::region_cell(lang, &r.region),
                        risk(lang, &r.risk_class).into_owned(),
                    ]
                })
                .collect(),
        })
    }
}

fn sort_title(s: RegisterSort) -> Msg {
    match s {
        RegisterSort::Name => Msg::ColName,
        RegisterSort::Uscc => Msg::ColUscc,
        RegisterSort::ApprovalNo => Msg::ColApproval,
        RegisterSort::Status => Msg::ColStatus,
        RegisterSort::ValidUntil => Msg::ColValidUntil,
        RegisterSort::Route => Msg::ColRoute,
        RegisterSort::Region => Msg::ColRegion,
        RegisterSort::Risk => Msg::ColRisk,
    }
}

/// ▲ ascending, ▼ descending: beside the sorted column's title and in the sort facet.
pub fn arrow(descending: bool) -> &'static str {
    if descending { "▼" } else { "▲" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_values_cycle_through_all_and_back() {
        let mut v = None;
        let mut seen = Vec::new();
        for _ in 0..=Route::ALL.len() {
            v = cycle(Route::ALL, v, true);
            seen.push(v);
        }
        assert_eq!(seen.last(), Some(&None));
        assert_eq!(seen[0], Some(Route::Commitment));
        assert_eq!(cycle(Route::ALL, None, false), Some(Route::General));
    }
}

#[cfg(test)]
mod update_tests {
    use super::*;
    use crate::tui::fixture;

    fn ready(store: &Store, page: usize) -> RegisterScreen {
        let mut r = RegisterScreen::default();
        r.prepare(store, page).unwrap();
        r
    }

    fn typed(r: &mut RegisterScreen, store: &Store, text: &str) {
        r.update(Action::Filter, store).unwrap();
        for c in text.chars() {
            r.update(Action::Insert(c), store).unwrap();
        }
        assert!(r.stale, "typing defers the query to the next draw");
        r.prepare(store, r.win.page).unwrap();
    }

    #[test]
    fn the_filter_finds_chinese_substrings_ids_and_numbers() {
        let (_dir, store) = fixture::temp();
        for (text, expect) in [
            ("国实", "北京国实认证有限公司"), // two characters: LIKE
            (
                "草原生态",
                "内蒙古自治区呼和浩特市草原生态环境检验检测技术服务有限责任公司",
            ), // FTS trigram
            ("CNCA-R-2019", "浙江方圆检测集团股份有限公司"),
            ("3200000001", "江苏省产品质量监督检验研究院"),
        ] {
            let mut r = ready(&store, 10);
            typed(&mut r, &store, text);
            assert_eq!(r.count, 1, "{text}");
            assert_eq!(r.win.rows[0].name, expect);
        }
        let uscc = fixture::uscc("110105", 1);
        let mut r = ready(&store, 10);
        typed(&mut r, &store, &uscc.as_str()[..12].to_lowercase());
        assert!(r.win.rows.iter().any(|row| row.uscc == uscc.as_str()));
    }

    #[test]
    fn enter_in_the_filter_opens_the_first_match() {
        let (_dir, store) = fixture::temp();
        let mut r = ready(&store, 10);
        r.update(Action::Filter, &store).unwrap();
        for c in "方圆".chars() {
            r.update(Action::Insert(c), &store).unwrap();
        }
        // No draw in between: Enter runs the pending query itself.
        let e = r.update(Action::Open, &store).unwrap();
        assert_eq!(
            e,
            Effect::OpenBody {
                uscc: fixture::uscc("330106", 6).as_str().into(),
                approval: Some("CNCA-R-2019-077".into())
            }
        );
        assert_eq!(r.focus, Focus::Table);
    }

    #[test]
    fn printable_keys_type_and_backspace_deletes() {
        let (_dir, store) = fixture::temp();
        let mut r = ready(&store, 10);
        r.update(Action::Filter, &store).unwrap();
        for c in "qj1".chars() {
            r.update(Action::Insert(c), &store).unwrap();
        }
        assert_eq!(r.filter.text(), "qj1");
        r.update(Action::DeleteBack, &store).unwrap();
        assert_eq!(r.query.text, "qj");
        r.update(Action::Close, &store).unwrap();
        assert_eq!(r.focus, Focus::Table);
        r.update(Action::Close, &store).unwrap();
        assert!(r.filter.is_empty(), "Esc on the table clears the filter");
    }

    #[test]
    fn facets_narrow_and_sort_reorders() {
        let (_dir, store) = fixture::temp();
        let mut r = ready(&store, 20);
        assert_eq!(r.count, 12);
        r.update(Action::NextPane, &store).unwrap();
        assert_eq!(r.focus, Focus::Facets);
        r.update(Action::NextValue, &store).unwrap(); // status: active
        r.prepare(&store, 20).unwrap();
        assert_eq!(r.query.status, Some(QualStatus::Active));
        assert!(r.win.rows.iter().all(|row| row.status == "active"));
        r.update(Action::NextFacet, &store).unwrap();
        r.update(Action::NextFacet, &store).unwrap(); // kind
        r.update(Action::NextValue, &store).unwrap(); // cb
        r.prepare(&store, 20).unwrap();
        assert!(
            r.win
                .rows
                .iter()
                .all(|row| row.kind == "cb" && row.status == "active")
        );
        let narrowed = r.count;
        assert!(narrowed < 12 && narrowed > 0);
        // Region: the provinces come from the register.
        r.update(Action::NextFacet, &store).unwrap();
        r.update(Action::NextFacet, &store).unwrap();
        r.update(Action::NextValue, &store).unwrap();
        assert_eq!(r.query.region.as_deref(), Some("11"));
        r.update(Action::ClearFilters, &store).unwrap();
        r.update(Action::Close, &store).unwrap();
        r.update(Action::Sort, &store).unwrap();
        assert_eq!(r.query.sort, RegisterSort::Uscc);
        r.update(Action::Sort, &store).unwrap();
        r.prepare(&store, 20).unwrap();
        assert_eq!(r.query.sort, RegisterSort::ApprovalNo);
        let nos: Vec<&str> = r
            .win
            .rows
            .iter()
            .map(|row| row.approval_no.as_str())
            .collect();
        let mut sorted = nos.clone();
        sorted.sort();
        assert_eq!(nos, sorted);
        assert_eq!(r.count, 12);
        let ascending_page: Vec<String> = sorted.iter().map(|s| s.to_string()).collect();
        // S turns it round: ▼ in the sort facet, the largest first.
        r.update(Action::ReverseSort, &store).unwrap();
        r.prepare(&store, 20).unwrap();
        assert!(r.facet_value(Facet::Sort, Lang::Zh).ends_with('▼'));
        let down: Vec<String> = r
            .win
            .rows
            .iter()
            .map(|row| row.approval_no.clone())
            .collect();
        let mut reversed = ascending_page;
        reversed.reverse();
        assert_eq!(down, reversed, "the whole register (12 rows) in the window");
    }

    #[test]
    fn keyset_paging_walks_every_row_once_with_pages_of_the_screen() {
        let (_dir, store) = fixture::temp();
        let all = store
            .register_page(&RegisterQuery::default(), None, false, 100)
            .unwrap();
        let mut r = ready(&store, 5);
        assert_eq!(r.win.rows.len(), 5);
        let mut seen = vec![r.win.selected_row().unwrap().qualification_id];
        for _ in 0..20 {
            r.update(Action::Down, &store).unwrap();
            let id = r.win.selected_row().unwrap().qualification_id;
            if seen.last() != Some(&id) {
                seen.push(id);
            }
            assert!(r.win.rows.len() <= 5);
        }
        assert_eq!(
            seen,
            all.iter().map(|r| r.qualification_id).collect::<Vec<_>>()
        );
        r.update(Action::Top, &store).unwrap();
        r.update(Action::PageDown, &store).unwrap();
        assert_eq!(r.win.rows[0].qualification_id, all[5].qualification_id);
        r.update(Action::Bottom, &store).unwrap();
        assert_eq!(
            r.win.selected_row().unwrap().qualification_id,
            all[11].qualification_id
        );
        r.update(Action::PageUp, &store).unwrap();
        r.update(Action::PageUp, &store).unwrap();
        assert_eq!(r.win.rows[0].qualification_id, all[0].qualification_id);
    }

    #[test]
    fn another_users_change_keeps_the_cursor() {
        let (dir, mut store) = fixture::temp();
        let mut r = ready(&store, 5);
        r.update(Action::Down, &store).unwrap();
        r.update(Action::Down, &store).unwrap();
        let before = r.win.selected_row().unwrap().clone();
        let mut other = fixture::other_user(&dir);
        let a = crate::domain::ids::ApprovalNo::parse(&before.approval_no).unwrap();
        let req = crate::domain::acts::ActRequest {
            act: Some(crate::domain::acts::ActKind::Withdraw),
            date: Some(fixture::TODAY),
            basis: "行政许可法第八条".into(),
            ..Default::default()
        };
        other.perform(&a, &req, None).unwrap();
        store.set_today(fixture::TODAY);
        r.reload(&store).unwrap();
        let after = r.win.selected_row().unwrap();
        assert_eq!(after.qualification_id, before.qualification_id);
        assert_eq!(after.status, "withdrawn");
    }

    #[test]
    fn a_change_shows_when_a_row_of_its_bodies_is_or_comes_into_the_window() {
        let (_dir, store) = fixture::temp();
        let mut r = ready(&store, 3);
        r.update(Action::Down, &store).unwrap();
        r.update(Action::PageDown, &store).unwrap();
        assert!(!r.win.at_start && !r.win.rows.is_empty());
        let all = store.register_page(&r.query, None, false, 100).unwrap();
        let shown = r.win.rows[1].clone();
        let first = all
            .iter()
            .position(|x| x.qualification_id == r.win.rows[0].qualification_id)
            .unwrap();
        let above = all[..first]
            .iter()
            .find(|x| r.win.rows.iter().all(|w| w.uscc != x.uscc))
            .unwrap()
            .clone();
        let of =
            |rows: &[&RegisterRow]| -> Bodies { rows.iter().map(|x| x.uscc.clone()).collect() };
        // A row shown is of a changed body.
        let rows = store.register_rows_of(&r.query, &of(&[&shown])).unwrap();
        assert!(r.shows_any(&of(&[&shown]), &rows));
        // A body whose rows sort above the window, as they now are: not shown.
        let rows = store.register_rows_of(&r.query, &of(&[&above])).unwrap();
        assert!(!rows.is_empty());
        assert!(!r.shows_any(&of(&[&above]), &rows));
        // The same body's row, had the change moved it into the window (a rename): shown.
        let mut moved = above.clone();
        moved.sort_key = shown.sort_key.clone();
        moved.qualification_id = shown.qualification_id;
        assert!(r.shows_any(&of(&[&above]), &[moved]));
    }

    #[test]
    fn the_whole_register_past_the_cap_needs_no_count_after_a_change() {
        let (_dir, store) = fixture::temp();
        let mut r = ready(&store, 5);
        assert!(r.count_may_change(), "under the cap, a grant adds one");
        r.count = COUNT_CAP + 1;
        assert!(!r.count_may_change(), "past it, it stays past it");
        r.query.route = Some(Route::General);
        assert!(
            r.count_may_change(),
            "a filter: any act may move a row in or out"
        );
    }
}
