//! Reports: counts by status, route, kind, region and risk class, overdue counts and approvals
//! by year, as bar charts; `e` exports what is shown (`table`). The counts scan whole tables,
//! so they are computed on a second connection in the background, never while a key waits:
//! the counts of now by a thread of their own, the reports by period by the background reader
//! (`Request::Period`; the page says "counting…" until they arrive).

use super::{Cx, Effect};
use crate::domain::period::{Period, PeriodError, PeriodKind};
use crate::domain::region::Region;
use crate::i18n::{self, Lang, Msg};
use crate::store::reports::{Bar, PeriodReport, Reports};
use crate::store::{Result, Store};
use crate::tui::export::Table;
use crate::tui::jobs::{Freshness, Request};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::bars;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::text::clean;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct ReportsScreen {
    pub reports: Option<Reports>,
    /// A computation is under way (its result will replace `reports`).
    pub loading: bool,
    pub error: Option<String>,
    pub scroll: usize,
    pub height: usize,
    /// The region reported on (the jurisdiction, or None: everywhere).
    pub root: Option<Region>,
    /// Now (counts as of today) or by period (Tab).
    pub page: Page,
    /// The period reported on (None until the page is first shown: the month of today).
    pub period: Option<Period>,
    pub by_period: Option<PeriodReport>,
    /// The period's counts asked of the background reader, not yet arrived.
    pub period_loading: bool,
    /// Which period and region the counts answer (a late answer for another is dropped).
    pub period_fresh: Freshness,
    pub period_error: Option<String>,
    /// The bar selected on the period page (an index into `period_bars`).
    pub selected: usize,
    /// `f`: the from–to range being typed, with its refusal.
    pub range: Option<RangeInput>,
    /// The period and region last asked for.
    asked: Option<(Period, Option<Region>)>,
}

/// The reports' two pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    Now,
    Period,
}

#[derive(Debug, Clone, Default)]
pub struct RangeInput {
    pub input: TextInput,
    pub error: Option<String>,
}

/// One chart of the period page: its title and (bar, label, count) items.
pub struct PeriodSection {
    pub code: &'static str,
    pub title: Msg,
    pub items: Vec<(Bar, String, i64)>,
}

/// The period page's charts, in the order shown (and exported).
pub fn period_sections(r: &PeriodReport, lang: Lang) -> Vec<PeriodSection> {
    vec![
        PeriodSection {
            code: "acts",
            title: Msg::RepActs,
            items: r
                .acts
                .iter()
                .map(|(c, n)| (Bar::Act(c.clone()), i18n::act(lang, c).into_owned(), *n))
                .collect(),
        },
        PeriodSection {
            code: "grants",
            title: Msg::RepGrants,
            items: r
                .grants
                .iter()
                .map(|(c, n)| (Bar::Grant(c.clone()), i18n::route(lang, c).into_owned(), *n))
                .collect(),
        },
        PeriodSection {
            code: "verifications",
            title: Msg::RepVerifications,
            items: r
                .verifications
                .iter()
                .map(|(c, n)| {
                    let on_time = c == "on_time";
                    let label = lang.t(if on_time {
                        Msg::RepOnTime
                    } else {
                        Msg::RepLate
                    });
                    (Bar::Verification { on_time }, label.to_string(), *n)
                })
                .collect(),
        },
        PeriodSection {
            code: "overdue_at",
            title: Msg::RepOverdueAt,
            items: r
                .overdue_at
                .iter()
                .map(|(d, n)| (Bar::OverdueAt(d.clone()), clean(d).into_owned(), *n))
                .collect(),
        },
    ]
}

/// The period page as one table (section, code, label, count): what `e` exports there.
pub fn period_table(r: &PeriodReport, lang: Lang, period: &Period) -> Table {
    let headers = [Msg::CsvSection, Msg::CsvCode, Msg::CsvLabel, Msg::CsvCount];
    let label = i18n::period_label(lang, period);
    let mut rows = Vec::new();
    for s in period_sections(r, lang) {
        let heading = format!("{}（{label}）", lang.t(s.title));
        for (bar, l, n) in s.items {
            let code = match bar {
                Bar::Act(c) | Bar::Grant(c) | Bar::OverdueAt(c) => c,
                Bar::Verification { on_time } => {
                    if on_time { "on_time" } else { "late" }.to_string()
                }
            };
            rows.push(vec![heading.clone(), code, l, n.to_string()]);
        }
    }
    Table {
        headers: headers.iter().map(|m| lang.t(*m).to_string()).collect(),
        rows,
    }
}

/// The list behind `bar` (what it counted) as a table in `lang`.
pub fn bar_table(rows: &[crate::store::reports::BarRow], lang: Lang) -> Table {
    let headers = [
        Msg::ColDate,
        Msg::ColWhat,
        Msg::ColName,
        Msg::ColApproval,
        Msg::ColUscc,
        Msg::ColDocNo,
        Msg::ColClosedOn,
    ];
    Table {
        headers: headers.iter().map(|m| lang.t(*m).to_string()).collect(),
        rows: rows
            .iter()
            .map(|r| {
                let what = if r.event_id.is_some() {
                    i18n::act(lang, &r.what).into_owned()
                } else {
                    i18n::due_kind(lang, &r.what).into_owned()
                };
                vec![
                    r.date.clone(),
                    what,
                    r.name.clone(),
                    r.approval_no.clone().unwrap_or_default(),
                    r.uscc.clone().unwrap_or_default(),
                    r.doc_no.clone(),
                    r.closed_on.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// One chart as shown: its code, title and (code, label, count) items.
pub struct Section {
    pub code: &'static str,
    pub title: Msg,
    /// The title as shown and exported (the region section names the region it divides).
    pub heading: String,
    pub items: Vec<(String, String, i64)>,
}

/// The charts in the order they are shown (and exported); `root` is the region reported on.
pub fn sections(r: &Reports, lang: Lang, root: Option<&Region>) -> Vec<Section> {
    let label = |f: fn(Lang, &str) -> std::borrow::Cow<'static, str>, v: &[(String, i64)]| {
        v.iter()
            .map(|(k, n)| (clean(k).into_owned(), f(lang, k).into_owned(), *n))
            .collect::<Vec<_>>()
    };
    let section = |code, title: Msg, items| Section {
        code,
        title,
        heading: lang.t(title).to_string(),
        items,
    };
    let region_heading = match root {
        None => lang.t(Msg::RepByRegion).to_string(),
        Some(r) => lang.f(
            Msg::RepByRegionIn,
            &[("region", &i18n::region_name(lang, r))],
        ),
    };
    vec![
        section(
            "status",
            Msg::RepByStatus,
            label(i18n::status, &r.by_status),
        ),
        section("route", Msg::RepByRoute, label(i18n::route, &r.by_route)),
        section("kind", Msg::RepByKind, label(i18n::kind, &r.by_kind)),
        section(
            "risk_class",
            Msg::RepByRisk,
            label(i18n::risk, &r.by_risk_class),
        ),
        section(
            "overdue",
            Msg::RepOverdue,
            label(i18n::due_kind, &r.overdue),
        ),
        Section {
            code: "region",
            title: Msg::RepByRegion,
            heading: region_heading,
            items: r
                .by_region
                .iter()
                .map(|(k, n)| {
                    let name = Region::parse(k)
                        .map(|r| i18n::region_name(lang, &r))
                        .unwrap_or_default();
                    let code = clean(k).into_owned();
                    let label = if name.is_empty() || name == code {
                        code.clone()
                    } else {
                        format!("{name} {code}")
                    };
                    (code, label, *n)
                })
                .collect(),
        },
        section(
            "year",
            Msg::RepByYear,
            r.by_year
                .iter()
                .map(|(k, n)| (clean(k).into_owned(), clean(k).into_owned(), *n))
                .collect(),
        ),
    ]
}

/// The sections as one table (section, code, label, count): what `e` exports.
pub fn table(r: &Reports, lang: Lang, root: Option<&Region>) -> Table {
    let headers = [Msg::CsvSection, Msg::CsvCode, Msg::CsvLabel, Msg::CsvCount];
    Table {
        headers: headers.iter().map(|m| lang.t(*m).to_string()).collect(),
        rows: sections(r, lang, root)
            .into_iter()
            .flat_map(|s| {
                s.items
                    .into_iter()
                    .map(move |(code, label, count)| {
                        vec![s.heading.clone(), code, label, count.to_string()]
                    })
                    .collect::<Vec<_>>()
            })
            .collect(),
    }
}

impl ReportsScreen {
    pub const MODES: &'static [Mode] = &[Mode::Reports, Mode::List, Mode::Global, Mode::Any];

    pub fn modes(&self) -> &'static [Mode] {
        if self.range.is_some() {
            &[Mode::Filter, Mode::TextEdit, Mode::Any]
        } else {
            Self::MODES
        }
    }

    /// Keys of both pages; `Export`, and Enter on a bar, are handled by the app (the prompt
    /// and the list open over the screen). The period page asks for its counts (`load_period`);
    /// the app sends the question to the background reader (`period_request`).
    pub fn update(&mut self, action: Action, store: &Store, lang: Lang) -> Result<Effect> {
        if let Some(mut r) = self.range.take() {
            match action {
                Action::Close => {}
                Action::Open => match Period::parse_range(&r.input.text()) {
                    Ok(p) => {
                        self.period = Some(p);
                        self.load_period(store.today());
                    }
                    Err(e) => {
                        r.error = Some(range_error(lang, &e));
                        self.range = Some(r);
                    }
                },
                edit => {
                    if r.input.edit(edit) {
                        r.error = None;
                    }
                    self.range = Some(r);
                }
            }
            return Ok(Effect::None);
        }
        match action {
            Action::NextPane | Action::PrevPane => {
                self.page = match self.page {
                    Page::Now => Page::Period,
                    Page::Period => Page::Now,
                };
                if self.page == Page::Period && self.by_period.is_none() && !self.period_loading {
                    self.load_period(store.today());
                }
                return Ok(Effect::None);
            }
            Action::PeriodKind | Action::PrevPeriod | Action::NextPeriod | Action::PeriodRange => {
                self.page = Page::Period;
                let p = self.period_or_month(store.today());
                match action {
                    Action::PeriodKind => self.period = Some(p.next_kind()),
                    Action::PrevPeriod => self.period = Some(p.step(-1)),
                    Action::NextPeriod => self.period = Some(p.step(1)),
                    _ => {
                        self.period = Some(p);
                        if self.by_period.is_none() && !self.period_loading {
                            self.load_period(store.today());
                        }
                        self.range = Some(RangeInput {
                            input: TextInput::new(&format!("{}..{}", p.from, p.to)),
                            error: None,
                        });
                        return Ok(Effect::None);
                    }
                }
                self.load_period(store.today());
                return Ok(Effect::None);
            }
            _ => {}
        }
        if self.page == Page::Period {
            let n = self.period_bars().len();
            self.selected = match action {
                Action::Down => (self.selected + 1).min(n.saturating_sub(1)),
                Action::Up => self.selected.saturating_sub(1),
                Action::Top => 0,
                Action::Bottom => n.saturating_sub(1),
                _ => self.selected,
            };
            return Ok(Effect::None);
        }
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
        Ok(Effect::None)
    }

    fn period_or_month(&self, today: jiff::civil::Date) -> Period {
        self.period
            .unwrap_or_else(|| Period::containing(PeriodKind::Month, today))
    }

    /// Ask for the counts of the period (the month of today when none is chosen) in the region
    /// reported on. Another period's figures are cleared at once; the same period's (counted
    /// again after a change, or for a new region) stay shown until the new ones arrive.
    pub fn load_period(&mut self, today: jiff::civil::Date) {
        let p = self.period_or_month(today);
        if self.asked.as_ref().map(|a| a.0) != Some(p) {
            self.by_period = None;
        }
        self.period = Some(p);
        self.asked = Some((p, self.root.clone()));
        self.period_fresh.changed();
        self.period_loading = true;
        self.period_error = None;
    }

    /// The question for the background reader, once per `load_period`.
    pub fn period_request(&mut self) -> Option<Request> {
        let (period, region) = self.asked.clone()?;
        let generation = self.period_fresh.ask()?;
        Some(Request::Period {
            generation,
            period,
            region,
        })
    }

    /// The reader's answer: shown if it answers the latest question.
    pub fn apply_period(
        &mut self,
        generation: u64,
        report: std::result::Result<PeriodReport, String>,
    ) {
        if !self.period_fresh.is_current(generation) {
            return;
        }
        self.period_loading = false;
        match report {
            Ok(r) => {
                self.by_period = Some(r);
                self.period_error = None;
            }
            Err(e) => self.period_error = Some(e),
        }
        self.selected = self
            .selected
            .min(self.period_bars().len().saturating_sub(1));
    }

    /// Every bar of the period page, in order: (section title, bar, label, count).
    pub fn period_bars(&self) -> Vec<(Msg, Bar, String, i64)> {
        let Some(r) = &self.by_period else {
            return Vec::new();
        };
        // Labels in Chinese here only to count and order; the screen draws them in its language.
        period_sections(r, Lang::Zh)
            .into_iter()
            .flat_map(|s| {
                let title = s.title;
                s.items.into_iter().map(move |(b, l, n)| (title, b, l, n))
            })
            .collect()
    }

    /// The list behind the selected bar, with its title, as a table in `lang`.
    pub fn selected_rows(
        &self,
        store: &Store,
        lang: Lang,
    ) -> Result<Option<(String, Table, Vec<crate::store::reports::BarRow>)>> {
        let (Some(p), Some(r)) = (self.period, &self.by_period) else {
            return Ok(None);
        };
        let bars: Vec<(Msg, Bar, String, i64)> = period_sections(r, lang)
            .into_iter()
            .flat_map(|s| {
                let title = s.title;
                s.items.into_iter().map(move |(b, l, n)| (title, b, l, n))
            })
            .collect();
        let Some((section, bar, label, _)) = bars.into_iter().nth(self.selected) else {
            return Ok(None);
        };
        let rows = store.bar_rows(&p, self.root.as_ref(), &bar)?;
        let title = lang.f(
            Msg::RepRowsTitle,
            &[
                ("section", &lang.t(section)),
                ("label", &label),
                ("period", &i18n::period_label(lang, &p)),
                ("n", &rows.len()),
            ],
        );
        Ok(Some((title, bar_table(&rows, lang), rows)))
    }

    /// Lay the charts out in columns of about 40 cells; returns the lines of each column.
    fn columns(&self, r: &Reports, cx: &Cx, width: u16) -> Vec<Vec<Line<'static>>> {
        let ncols = ((width / 40).max(1)) as usize;
        let col_w = (width as usize / ncols).saturating_sub(2);
        let mut cols: Vec<Vec<Line<'static>>> = vec![Vec::new(); ncols];
        for s in sections(r, cx.lang, self.root.as_ref()) {
            let items: Vec<(String, i64)> =
                s.items.iter().map(|(_, l, n)| (l.clone(), *n)).collect();
            let mut chart = bars::chart(&s.heading, &items, col_w, cx.theme);
            chart.push(Line::from(""));
            let shortest = (0..ncols).min_by_key(|&i| cols[i].len()).unwrap_or(0);
            cols[shortest].extend(chart);
        }
        cols
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        if self.page == Page::Period {
            return self.render_period(f, area, cx);
        }
        let (lang, theme) = (cx.lang, cx.theme);
        let [scope_line, head, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        f.render_widget(cx.scope.line(cx), scope_line);
        let mut spans = vec![Span::styled(
            lang.f(Msg::RepAsOf, &[("date", &cx.today)]),
            theme.label(),
        )];
        if self.loading {
            spans.push(Span::styled(
                format!("  {}", lang.t(Msg::Computing)),
                theme.dim(),
            ));
        }
        if let Some(e) = &self.error {
            spans.push(Span::styled(format!("  {}", clean(e)), theme.error()));
        }
        spans.push(Span::styled(
            format!("  {}", self.pages_hint(lang)),
            theme.dim(),
        ));
        f.render_widget(Line::from(spans), head);
        let Some(r) = &self.reports else { return };
        let cols = self.columns(r, cx, rest.width);
        let n = cols.len() as u32;
        let areas = Layout::horizontal((0..n).map(|_| Constraint::Ratio(1, n))).split(rest);
        let longest = cols.iter().map(Vec::len).max().unwrap_or(0);
        let scroll = self
            .scroll
            .min(longest.saturating_sub(rest.height as usize));
        for (lines, a) in cols.into_iter().zip(areas.iter()) {
            let visible: Vec<Line> = lines
                .into_iter()
                .skip(scroll)
                .take(a.height as usize)
                .collect();
            f.render_widget(Paragraph::new(visible), *a);
        }
    }
}

impl ReportsScreen {
    /// "Tab 切换：现状 · [按期间]": the pages, the one shown in brackets.
    fn pages_hint(&self, lang: Lang) -> String {
        let mark = |p: Page, m: Msg| {
            if self.page == p {
                format!("[{}]", lang.t(m))
            } else {
                lang.t(m).to_string()
            }
        };
        let pages = format!(
            "{} · {}",
            mark(Page::Now, Msg::RepPageNow),
            mark(Page::Period, Msg::RepPageByPeriod)
        );
        lang.f(Msg::RepPagesKeys, &[("pages", &pages)])
    }

    /// The period page: the period and its keys, then the charts in columns, the selected bar
    /// on a selection bar; a range being typed on the line under the period.
    fn render_period(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let [scope_line, head, keys, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        f.render_widget(cx.scope.line(cx), scope_line);
        // A range being typed: its hint or refusal, wrapped, on the lines above the charts.
        let notes: Vec<String> = match &self.range {
            Some(r) => match &r.error {
                Some(e) => crate::tui::widgets::text::wrap(&clean(e), rest.width as usize),
                None => vec![lang.t(Msg::RepRangeHint).to_string()],
            },
            None => Vec::new(),
        };
        let error = self.range.as_ref().is_some_and(|r| r.error.is_some());
        let [note_area, rest] =
            Layout::vertical([Constraint::Length(notes.len() as u16), Constraint::Min(0)])
                .areas(rest);
        let style = if error { theme.error() } else { theme.dim() };
        f.render_widget(
            Paragraph::new(
                notes
                    .into_iter()
                    .map(|n| Line::from(Span::styled(n, style)))
                    .collect::<Vec<_>>(),
            ),
            note_area,
        );
        let p = self.period_or_month(cx.today);
        f.render_widget(
            Line::from(vec![
                Span::styled(
                    lang.f(
                        Msg::RepPeriodLine,
                        &[
                            ("period", &i18n::period_label(lang, &p)),
                            ("from", &p.from),
                            ("to", &p.to),
                        ],
                    ),
                    theme.label(),
                ),
                Span::styled(
                    if self.period_loading {
                        format!("  {}", lang.t(Msg::RepCounting))
                    } else {
                        String::new()
                    },
                    theme.dim(),
                ),
                Span::styled(
                    self.period_error
                        .as_ref()
                        .map_or(String::new(), |e| format!("  {}", clean(e))),
                    theme.error(),
                ),
                Span::styled(format!("  {}", self.pages_hint(lang)), theme.dim()),
            ]),
            head,
        );
        match &self.range {
            Some(r) => {
                let label = format!("{} ", lang.t(Msg::RepRangeLabel));
                let w = crate::tui::widgets::text::width(&label) as u16;
                f.render_widget(Span::styled(label, theme.focus_border()), keys);
                let input = Rect {
                    x: keys.x + w.min(keys.width),
                    width: keys.width.saturating_sub(w),
                    ..keys
                };
                r.input.render(f, input, theme.normal(), true);
            }
            None => f.render_widget(Span::styled(lang.t(Msg::RepPeriodKeys), theme.dim()), keys),
        }
        let Some(r) = &self.by_period else { return };
        let ncols = ((rest.width / 40).max(1)) as usize;
        let col_w = (rest.width as usize / ncols).saturating_sub(2);
        let mut cols: Vec<Vec<Line<'static>>> = vec![Vec::new(); ncols];
        let mut index = 0;
        let mut selected_at: Option<(usize, usize)> = None;
        for s in period_sections(r, lang) {
            let items: Vec<(String, i64)> =
                s.items.iter().map(|(_, l, n)| (l.clone(), *n)).collect();
            let mut chart = bars::chart(lang.t(s.title), &items, col_w, theme);
            let shortest = (0..ncols).min_by_key(|&i| cols[i].len()).unwrap_or(0);
            if !s.items.is_empty() {
                for k in 0..s.items.len() {
                    if index + k == self.selected {
                        let line = std::mem::take(&mut chart[k + 1]);
                        chart[k + 1] = crate::tui::widgets::selection_bar(line, theme.selected());
                        selected_at = Some((shortest, cols[shortest].len() + k + 1));
                    }
                }
                index += s.items.len();
            }
            chart.push(Line::from(""));
            cols[shortest].extend(chart);
        }
        let n = cols.len() as u32;
        let areas = Layout::horizontal((0..n).map(|_| Constraint::Ratio(1, n))).split(rest);
        // Scroll so the selected bar stays in view.
        let h = rest.height as usize;
        let scroll = selected_at.map_or(0, |(_, line)| (line + 1).saturating_sub(h));
        for (lines, a) in cols.into_iter().zip(areas.iter()) {
            let visible: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
            f.render_widget(Paragraph::new(visible), *a);
        }
    }
}

/// Why a typed range is refused, with the fix.
fn range_error(lang: Lang, e: &PeriodError) -> String {
    match e {
        PeriodError::NotTwoDates(v) => lang.f(Msg::RepRangeNotTwo, &[("value", &clean(v))]),
        PeriodError::Reversed(from, to) => {
            lang.f(Msg::RepRangeReversed, &[("from", from), ("to", to)])
        }
        PeriodError::NotAMonth(v) => lang.f(Msg::RepNotAMonth, &[("value", &clean(v))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    #[test]
    fn sections_name_every_count_and_the_table_holds_them() {
        let (_dir, store) = fixture::temp();
        let r = store.reports().unwrap();
        let s = sections(&r, Lang::Zh, None);
        assert_eq!(s.len(), 7);
        let status = &s[0];
        assert!(
            status
                .items
                .iter()
                .any(|(code, label, n)| code == "suspended" && label == "停业整顿" && *n == 1)
        );
        let total: i64 = status.items.iter().map(|(_, _, n)| n).sum();
        assert_eq!(total, 12);
        let t = table(&r, Lang::Zh, None);
        assert_eq!(t.headers, ["分组", "代码", "名称", "数量"]);
        assert!(t.rows.contains(&vec![
            "按状态".to_string(),
            "suspended".into(),
            "停业整顿".into(),
            "1".into()
        ]));
        assert!(t.rows.contains(&vec![
            "按地区（省）".to_string(),
            "110000".into(),
            "北京市 110000".into(),
            "4".into()
        ]));
        let items: usize = s.iter().map(|s| s.items.len()).sum();
        assert_eq!(t.rows.len(), items);
    }

    #[test]
    fn scrolling_stays_in_range() {
        let mut s = ReportsScreen {
            height: 10,
            ..Default::default()
        };
        let (_dir, store) = fixture::temp();
        s.update(Action::PageDown, &store, Lang::Zh).unwrap();
        assert_eq!(s.scroll, 10);
        s.update(Action::Top, &store, Lang::Zh).unwrap();
        s.update(Action::Up, &store, Lang::Zh).unwrap();
        assert_eq!(s.scroll, 0);
    }
}
