//! Reports: counts by status, route, kind, region and risk class, overdue counts and approvals
//! by year, as bar charts; `e` exports what is shown (`table`). The counts scan whole tables,
//! so they are computed on a second connection in the background, never while a key waits.

use super::{Cx, Effect};
use crate::domain::region::Region;
use crate::i18n::{self, Lang, Msg};
use crate::store::reports::Reports;
use crate::tui::export::Table;
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::bars;
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

    /// Scrolling; `Export` is handled by the app (it opens the export prompt over `table`).
    pub fn update(&mut self, action: Action) -> Effect {
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
        Effect::None
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
        s.update(Action::PageDown);
        assert_eq!(s.scroll, 10);
        s.update(Action::Top);
        s.update(Action::Up);
        assert_eq!(s.scroll, 0);
    }
}
