//! The log: the event feed, newest first, keyset-paged both ways, with a filter, and the state of
//! the hash chain (verified on a second connection in the background: it reads every event).

use super::{Cx, Effect, format_at};
use crate::i18n::sentences::{self, Officers};
use crate::i18n::{Lang, Msg};
use crate::store::events::{ChainReport, Event, Head};
use crate::store::reports::EventFilter;
use crate::store::{Result, Store};
use crate::tui::jobs::{Freshness, Request};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{self, Column, Keyset, Window};
use crate::tui::widgets::text::{clean, thousands, width, wrap_lines};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

/// The event feed under a filter, as a keyset source (display order: newest first).
pub struct Source<'a> {
    pub store: &'a Store,
    pub filter: &'a EventFilter,
}

impl Keyset for Source<'_> {
    type Row = Event;
    fn after(&self, row: Option<&Event>, n: usize) -> Result<Vec<Event>> {
        self.store.events_page(self.filter, row.map(|e| e.id), n)
    }
    fn before(&self, row: Option<&Event>, n: usize) -> Result<Vec<Event>> {
        // From no row: the oldest events, which are the last page in display order.
        self.store
            .events_after(self.filter, row.map(|e| e.id).unwrap_or(0), n)
    }
    fn from(&self, row: &Event, n: usize) -> Result<Vec<Event>> {
        self.store.events_page(self.filter, Some(row.id + 1), n)
    }
    fn same(a: &Event, b: &Event) -> bool {
        a.id == b.id
    }
}

/// Where the hash-chain check stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chain {
    NotChecked,
    /// Running; with the head this user verified last and when (shown meanwhile).
    Checking(Option<(Head, String)>),
    Checked(ChainReport),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct LogScreen {
    pub filter: TextInput,
    pub editing: bool,
    pub win: Window<Event>,
    /// The filter changed and its first page has not been read yet.
    pub stale: bool,
    pub chain: Chain,
    /// Which filter the rows answer (background answers for older ones are dropped).
    pub fresh: Freshness,
    /// The names of the officers who acted, by login (read with the rows).
    pub officers: Officers,
}

impl Default for LogScreen {
    fn default() -> Self {
        LogScreen {
            filter: TextInput::default(),
            editing: false,
            win: Window::default(),
            stale: true,
            chain: Chain::NotChecked,
            fresh: Freshness::default(),
            officers: Officers::new(),
        }
    }
}

impl LogScreen {
    pub fn modes(&self) -> &'static [Mode] {
        if self.editing {
            &[Mode::Filter, Mode::TextEdit, Mode::Any]
        } else {
            &[Mode::Log, Mode::List, Mode::Global, Mode::Any]
        }
    }

    /// Rows of the table: the screen less the filter and chain lines, the table's heading
    /// and the selected event's sentence below it.
    pub fn table_rows(area: Rect) -> usize {
        area.height.saturating_sub(3 + SENTENCE_LINES) as usize
    }

    /// The filter as typed, with the acts whose name (either language) it gives.
    pub fn event_filter(&self) -> EventFilter {
        let text = self.filter.text();
        EventFilter {
            acts: sentences::acts_named(&text),
            text,
        }
    }

    fn with_source<T>(
        &mut self,
        store: &Store,
        f: impl FnOnce(&mut Window<Event>, &Source) -> Result<T>,
    ) -> Result<T> {
        let filter = self.event_filter();
        let src = Source {
            store,
            filter: &filter,
        };
        f(&mut self.win, &src)
    }

    pub fn refresh(&mut self, store: &Store) -> Result<()> {
        self.with_source(store, |w, s| w.top(s))?;
        self.officers = store.officer_names()?;
        self.stale = false;
        Ok(())
    }

    pub fn prepare(&mut self, store: &Store, rows: usize) -> Result<()> {
        if self.stale {
            self.win.page = rows.max(1);
            return self.refresh(store);
        }
        self.with_source(store, |w, s| w.set_page(s, rows))
    }

    fn changed(&mut self) {
        self.stale = true;
        self.fresh.changed();
    }

    /// The first page for the current filter, to read in the background (once per change):
    /// a filter that matches little reads the whole log.
    pub fn request(&mut self, rows: usize) -> Option<Request> {
        if !self.stale {
            return None;
        }
        let generation = self.fresh.ask()?;
        self.win.page = rows.max(1);
        Some(Request::Log {
            generation,
            filter: self.event_filter(),
            from: None,
            page: self.win.page,
        })
    }

    /// After another user's change or a resize: the page again, in the background — from the
    /// top when the newest event is shown (new ones appear), else from the first row shown.
    pub fn reload_request(&self) -> Option<Request> {
        if self.stale {
            return None;
        }
        let from = if self.win.at_start && self.win.selected == 0 {
            None
        } else {
            self.win.rows.first().map(|e| e.id)
        };
        Some(Request::Log {
            generation: self.fresh.generation,
            filter: self.event_filter(),
            from,
            page: self.win.page,
        })
    }

    /// A background answer: taken if it is for the current filter, keeping the selected event.
    pub fn apply(
        &mut self,
        generation: u64,
        from: Option<i64>,
        (rows, officers): (Vec<Event>, Officers),
    ) {
        if !self.fresh.is_current(generation) {
            return;
        }
        self.officers = officers;
        let was = if self.stale {
            None
        } else {
            self.win.selected_row().map(|e| e.id)
        };
        self.win.at_end = rows.len() < self.win.page;
        self.win.at_start =
            from.is_none() || self.win.at_start && rows.first().map(|e| e.id) == from;
        self.win.rows = rows;
        self.win.selected = was
            .and_then(|id| self.win.rows.iter().position(|e| e.id == id))
            .unwrap_or(0);
        self.stale = false;
    }

    /// New events: at the top of the feed they appear; further down the view stays put
    /// (read here; the app uses `reload_request`).
    pub fn reload(&mut self, store: &Store) -> Result<()> {
        if self.stale || (self.win.at_start && self.win.selected == 0) {
            return self.refresh(store);
        }
        self.officers = store.officer_names()?;
        self.with_source(store, |w, s| w.reload(s))
    }

    fn move_rows(&mut self, action: Action, store: &Store) -> Result<()> {
        if self.stale {
            // The rows shown are for the old filter; the new page is on its way.
            return Ok(());
        }
        self.with_source(store, |w, s| match action {
            Action::Down => w.down(s),
            Action::Up => w.up(s),
            Action::PageDown => w.page_down(s),
            Action::PageUp => w.page_up(s),
            Action::Top => w.home(s),
            Action::Bottom => w.end(s),
            _ => Ok(()),
        })
    }

    /// Enter: the body's file; for an event of no body (an import, a setting), the event in full.
    fn open_selected(&self, lang: Lang, zone: &jiff::tz::TimeZone) -> Effect {
        let Some(e) = self.win.selected_row() else {
            return Effect::None;
        };
        match &e.uscc {
            Some(uscc) => Effect::OpenBody {
                uscc: uscc.clone(),
                approval: e.approval_no.clone(),
            },
            None => Effect::Detail {
                title: format!("#{}", e.id),
                lines: sentences::record_lines(lang, e, &self.officers, zone),
            },
        }
    }

    /// `Verify` is handled by the app (it starts the background check).
    pub fn update(
        &mut self,
        action: Action,
        store: &Store,
        lang: Lang,
        zone: &jiff::tz::TimeZone,
    ) -> Result<Effect> {
        if self.editing {
            match action {
                Action::Open | Action::Close => self.editing = false,
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                    self.move_rows(action, store)?
                }
                edit => {
                    if self.filter.edit(edit) {
                        self.changed();
                    }
                }
            }
            return Ok(Effect::None);
        }
        match action {
            Action::Filter => {
                self.editing = true;
                self.filter.end();
            }
            Action::Open => return Ok(self.open_selected(lang, zone)),
            Action::RawRecord => {
                return Ok(match self.win.selected_row() {
                    Some(e) => Effect::Detail {
                        title: lang.f(Msg::RawRecordTitle, &[("id", &e.id)]),
                        lines: sentences::raw_lines(e),
                    },
                    None => Effect::Toast(lang.t(Msg::PickAnEventFirst).to_string()),
                });
            }
            Action::Close if !self.filter.is_empty() => {
                self.filter.clear();
                self.changed();
            }
            other => self.move_rows(other, store)?,
        }
        Ok(Effect::None)
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let [filter_line, chain_line, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        if self.stale {
            f.render_widget(
                Line::from(Span::styled(lang.t(Msg::Searching), theme.dim())).right_aligned(),
                filter_line,
            );
        }
        let label = format!("{} ", lang.t(Msg::FilterLabel));
        let label_w = width(&label) as u16;
        let [label_area, input_area] =
            Layout::horizontal([Constraint::Length(label_w), Constraint::Min(0)])
                .areas(filter_line);
        f.render_widget(
            Span::styled(
                label,
                if self.editing {
                    theme.focus_border()
                } else {
                    theme.label()
                },
            ),
            label_area,
        );
        if self.filter.is_empty() && !self.editing {
            f.render_widget(
                Span::styled(lang.t(Msg::LogFilterPlaceholder), theme.dim()),
                input_area,
            );
        } else {
            self.filter
                .render(f, input_area, theme.normal(), self.editing);
        }
        let (text, style) = match &self.chain {
            Chain::NotChecked => (lang.t(Msg::ChainNotChecked).to_string(), theme.dim()),
            Chain::Checking(None) => (lang.t(Msg::ChainChecking).to_string(), theme.dim()),
            Chain::Checking(Some((head, when))) => (
                lang.f(
                    Msg::ChainCheckingFrom,
                    &[("id", &thousands(head.event_id)), ("when", &clean(when))],
                ),
                theme.dim(),
            ),
            Chain::Checked(r) => match (&r.first_bad, &r.trusted, &r.trusted_lost) {
                (None, _, Some(lost)) => (
                    lang.f(Msg::ChainHeadLost, &[("id", &thousands(lost.event_id))]),
                    theme.error(),
                ),
                (None, Some(from), None) => (
                    lang.f(
                        Msg::ChainOkFrom,
                        &[
                            ("n", &thousands(r.events as i64)),
                            ("id", &thousands(from.event_id)),
                        ],
                    ),
                    theme.ok(),
                ),
                (None, None, None) => (
                    lang.f(Msg::ChainOk, &[("n", &thousands(r.events as i64))]),
                    theme.ok(),
                ),
                (Some((id, why)), ..) => (
                    lang.f(
                        Msg::ChainBroken,
                        &[("id", id), ("why", &clean(&why.render(lang)))],
                    ),
                    theme.error(),
                ),
            },
            Chain::Failed(e) => (
                lang.f(Msg::ChainFailed, &[("why", &clean(e))]),
                theme.error(),
            ),
        };
        // The zone the recorded times are in, named once on the line above the table.
        let zone = lang.f(Msg::TimesIn, &[("zone", &sentences::zone_name(cx.zone))]);
        let w = area.width as usize;
        let text = crate::tui::widgets::text::fit(&text, w.saturating_sub(width(&zone) + 3));
        let gap = w.saturating_sub(width(&text) + width(&zone));
        f.render_widget(
            Line::from(vec![
                Span::styled(text, style),
                Span::raw(" ".repeat(gap)),
                Span::styled(zone, theme.dim()),
            ]),
            chain_line,
        );
        if self.win.rows.is_empty() {
            f.render_widget(
                Line::from(Span::styled(lang.t(Msg::NoMatches), theme.dim())),
                rest,
            );
            return;
        }
        let [table_area, sentence_area] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(SENTENCE_LINES)]).areas(rest);
        let wide = area.width >= 110;
        let mut cols = vec![
            Column::fixed("#", 6),
            Column::fixed(lang.t(Msg::RecordedAt), 16),
            Column::flex(lang.t(Msg::ColEvent), 20),
        ];
        if wide {
            cols.insert(2, Column::fixed(lang.t(Msg::ColApproval), 16));
        }
        let rows = self
            .win
            .rows
            .iter()
            .map(|e| {
                let n = theme.normal();
                let mut cells = vec![
                    (e.id.to_string(), theme.dim()),
                    (format_at(&e.at, cx.zone), n),
                    (sentences::sentence(lang, e, &self.officers), n),
                ];
                if wide {
                    cells.insert(
                        2,
                        (
                            clean(e.approval_no.as_deref().unwrap_or("—")).into_owned(),
                            n,
                        ),
                    );
                }
                cells
            })
            .collect();
        table::render(f, table_area, &cols, rows, Some(self.win.selected), theme);
        // The selected event's sentence in full (as much of it as two lines hold).
        if let Some(e) = self.win.selected_row() {
            let text = sentences::sentence(lang, e, &self.officers);
            let lines: Vec<Line> = wrap_lines(&text, w, SENTENCE_LINES as usize)
                .into_iter()
                .map(|s| Line::from(Span::styled(s, theme.dim())))
                .collect();
            f.render_widget(ratatui::widgets::Paragraph::new(lines), sentence_area);
        }
    }
}

impl LogScreen {
    /// Every event the filter admits (read through the store, newest first as shown), as a
    /// table in `lang` with times in `zone`: what `e` exports.
    pub fn table(
        &self,
        store: &Store,
        lang: Lang,
        zone: &jiff::tz::TimeZone,
    ) -> Result<crate::tui::export::Table> {
        let events = store.events_all(&self.event_filter())?;
        let officers = store.officer_names()?;
        let headers = [
            Msg::RecordedAt,
            Msg::ColAct,
            Msg::ColApproval,
            Msg::ColUscc,
            Msg::ColActor,
            Msg::ColActDate,
            Msg::ColBasis,
            Msg::ColDocNo,
            Msg::ColReason,
            Msg::ColSentence,
        ];
        let mut header_cells = vec!["#".to_string()];
        header_cells.extend(headers.iter().map(|m| lang.t(*m).to_string()));
        Ok(crate::tui::export::Table {
            headers: header_cells,
            rows: events
                .iter()
                .map(|e| {
                    vec![
                        e.id.to_string(),
                        format_at(&e.at, zone),
                        sentences::act_label(lang, e),
                        e.approval_no.clone().unwrap_or_default(),
                        e.uscc.clone().unwrap_or_default(),
                        sentences::who(lang, &e.actor, &officers),
                        e.act_date.clone().unwrap_or_default(),
                        e.basis.clone(),
                        e.doc_no.clone(),
                        e.reason.clone(),
                        sentences::sentence(lang, e, &officers),
                    ]
                })
                .collect(),
        })
    }
}

/// Lines under the log's table for the selected event's sentence.
const SENTENCE_LINES: u16 = 2;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;
    use jiff::tz::TimeZone;

    #[test]
    fn pages_both_ways_newest_first() {
        let (_dir, store) = fixture::temp();
        let mut l = LogScreen::default();
        l.prepare(&store, 4).unwrap();
        let ids = |l: &LogScreen| l.win.rows.iter().map(|e| e.id).collect::<Vec<_>>();
        // 17 events: the database's creation, the fixture's 15 acts and its import.
        assert_eq!(ids(&l), [17, 16, 15, 14]);
        l.update(Action::PageDown, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        assert_eq!(ids(&l), [13, 12, 11, 10]);
        l.update(Action::Up, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        assert_eq!(
            ids(&l),
            [14, 13, 12, 11],
            "up past the top fetches the newer event"
        );
        assert_eq!(l.win.selected_row().unwrap().id, 14);
        l.update(Action::Bottom, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        assert_eq!(ids(&l), [4, 3, 2, 1]);
        l.update(Action::PageUp, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        assert_eq!(ids(&l), [8, 7, 6, 5]);
        l.update(Action::Top, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        assert_eq!(ids(&l), [17, 16, 15, 14]);
    }

    #[test]
    fn the_filter_narrows_and_enter_opens_the_body() {
        let (_dir, store) = fixture::temp();
        let mut l = LogScreen::default();
        l.prepare(&store, 10).unwrap();
        l.update(Action::Filter, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        assert_eq!(l.modes()[0], Mode::Filter);
        for c in "suspend".chars() {
            l.update(Action::Insert(c), &store, Lang::Zh, &TimeZone::UTC)
                .unwrap();
        }
        l.update(Action::Open, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        assert!(!l.editing);
        assert!(
            l.stale,
            "the new filter's page is read before the next draw"
        );
        l.prepare(&store, 10).unwrap();
        assert_eq!(l.win.rows.len(), 1);
        assert_eq!(
            l.win.rows[0].approval_no.as_deref(),
            Some("CNCA-R-2019-077")
        );
        assert_eq!(
            l.update(Action::Open, &store, Lang::Zh, &TimeZone::UTC)
                .unwrap(),
            Effect::OpenBody {
                uscc: fixture::uscc("330106", 6).as_str().into(),
                approval: Some("CNCA-R-2019-077".into())
            }
        );
        // Words of a reason work too.
        l.update(Action::Close, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        l.update(Action::Filter, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        for c in "年度报告".chars() {
            l.update(Action::Insert(c), &store, Lang::Zh, &TimeZone::UTC)
                .unwrap();
        }
        l.update(Action::Close, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        l.prepare(&store, 10).unwrap();
        assert_eq!(l.win.rows.len(), 1);
        assert_eq!(l.win.rows[0].act, "list-credit");
    }

    #[test]
    fn new_events_appear_at_the_top() {
        let (dir, store) = fixture::temp();
        let mut l = LogScreen::default();
        l.prepare(&store, 5).unwrap();
        let mut other = fixture::other_user(&dir);
        let req = crate::domain::acts::ActRequest {
            act: Some(crate::domain::acts::ActKind::FileRenewal),
            date: Some(fixture::TODAY),
            basis: "行政许可法第五十条".into(),
            ..Default::default()
        };
        other
            .perform(
                &crate::domain::ids::ApprovalNo::parse("CNCA-R-2020-045").unwrap(),
                &req,
                None,
            )
            .unwrap();
        l.reload(&store).unwrap();
        assert_eq!(l.win.rows[0].id, 18);
        assert_eq!(l.win.rows[0].actor, "李四");
    }
}

#[cfg(test)]
mod background_tests {
    use super::*;
    use crate::tui::fixture;
    use crate::tui::jobs::{JobResult, Jobs};
    use jiff::tz::TimeZone;

    #[test]
    fn filter_pages_and_reloads_come_from_the_background() {
        let (dir, store) = fixture::temp();
        let mut jobs = Jobs::new(
            dir.path().join("fixture.db"),
            fixture::TODAY,
            crate::i18n::Lang::En,
        );
        let mut l = LogScreen::default();
        let mut answer = |l: &mut LogScreen, req: Option<Request>| {
            jobs.request(req.expect("a request"));
            for r in jobs.wait() {
                if let JobResult::Log {
                    generation,
                    from,
                    rows,
                } = r
                {
                    l.apply(generation, from, rows.unwrap());
                }
            }
        };
        let req = l.request(5);
        assert!(l.request(5).is_none(), "asked once per change");
        answer(&mut l, req);
        assert_eq!(l.win.rows.len(), 5);
        assert!(!l.stale);
        l.update(Action::Filter, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        for c in "grant".chars() {
            l.update(Action::Insert(c), &store, Lang::Zh, &TimeZone::UTC)
                .unwrap();
        }
        let old = l.request(5);
        l.update(Action::Insert('x'), &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        l.update(Action::DeleteBack, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        let new = l.request(5);
        answer(&mut l, old);
        assert!(l.stale, "an answer for an older filter is dropped");
        answer(&mut l, new);
        assert!(l.win.rows.iter().all(|e| e.act == "grant"));
        l.update(Action::Close, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        l.update(Action::Down, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        l.update(Action::Down, &store, Lang::Zh, &TimeZone::UTC)
            .unwrap();
        let kept = l.win.selected_row().unwrap().id;
        let req = l.reload_request();
        answer(&mut l, req);
        assert_eq!(
            l.win.selected_row().unwrap().id,
            kept,
            "the cursor stays on its event"
        );
    }
}
