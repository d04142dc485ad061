//! One application's file (办件档案): who applies, for what, by which route; its state and the
//! clock running on it (materials window, decision due, paused); and its history from the
//! event log, each event a sentence (`i18n::sentences`), the selected one in full below.

use super::{Cx, Effect, move_in_list};
use crate::i18n::sentences::{self, Officers};
use crate::i18n::{
    Lang, Msg, application_purpose, application_status, due_kind, kind, region, risk, route,
    scope_word,
};
use crate::store::applications::ApplicationRow;
use crate::store::events::Event;
use crate::store::{Result, Store};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::table::{self, Column};
use crate::tui::widgets::text::{clean, fit, wrap, wrap_lines};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone)]
pub struct ApplicationScreen {
    pub row: ApplicationRow,
    /// Newest first.
    pub history: Vec<Event>,
    pub officers: Officers,
    pub hist: usize,
    pub hist_offset: usize,
    pub hist_height: usize,
}

/// The particulars take this many lines above the history.
const TOP_LINES: u16 = 6;

impl ApplicationScreen {
    pub const MODES: &'static [Mode] =
        &[Mode::ApplicationFile, Mode::List, Mode::Global, Mode::Any];

    pub fn open(store: &Store, id: i64) -> Result<ApplicationScreen> {
        Ok(ApplicationScreen {
            row: store.application(id)?,
            history: store.application_history(id)?,
            officers: store.officer_names()?,
            hist: 0,
            hist_offset: 0,
            hist_height: 5,
        })
    }

    pub fn id(&self) -> i64 {
        self.row.id
    }

    /// Read it again after a change, keeping the selected event selected.
    pub fn reload(&mut self, store: &Store) -> Result<()> {
        let was = self.history.get(self.hist).map(|e| e.id);
        let fresh = ApplicationScreen::open(store, self.row.id)?;
        self.row = fresh.row;
        self.history = fresh.history;
        self.officers = fresh.officers;
        self.hist = was
            .and_then(|id| self.history.iter().position(|e| e.id == id))
            .unwrap_or(0)
            .min(self.history.len().saturating_sub(1));
        super::keep_visible(self.hist, &mut self.hist_offset, self.hist_height);
        Ok(())
    }

    fn layout(area: Rect) -> [Rect; 4] {
        Layout::vertical([
            Constraint::Length(TOP_LINES),
            Constraint::Length(1),
            Constraint::Min(2),
            Constraint::Length(4),
        ])
        .areas(area)
    }

    pub fn set_height(&mut self, content: Rect) {
        let [_, _, hist, _] = Self::layout(content);
        self.hist_height = hist.height.saturating_sub(1).max(1) as usize;
        super::keep_visible(self.hist, &mut self.hist_offset, self.hist_height);
    }

    pub fn update(&mut self, action: Action, lang: Lang, zone: &jiff::tz::TimeZone) -> Effect {
        match action {
            Action::Acts => Effect::OpenApplicationActs { id: self.row.id },
            Action::Open | Action::RawRecord => {
                let Some(e) = self.history.get(self.hist) else {
                    return Effect::None;
                };
                if action == Action::RawRecord {
                    Effect::Detail {
                        title: lang.f(Msg::RawRecordTitle, &[("id", &e.id)]),
                        lines: sentences::raw_lines(e),
                    }
                } else {
                    Effect::Detail {
                        title: format!("#{}", e.id),
                        lines: sentences::record_lines(lang, e, &self.officers, zone),
                    }
                }
            }
            other => {
                move_in_list(
                    other,
                    &mut self.hist,
                    &mut self.hist_offset,
                    self.history.len(),
                    self.hist_height,
                );
                Effect::None
            }
        }
    }

    /// The facts of the application, a line each: particulars, state and clock, dates, scope.
    fn particulars(&self, lang: Lang, w: usize) -> Vec<String> {
        let r = &self.row;
        let dash = |s: Option<&str>| clean(s.unwrap_or("—")).into_owned();
        let colon = lang.pick("：", ": ");
        let mut state = format!(
            "{}{colon}{}",
            lang.t(Msg::ColStatus),
            application_status(lang, &r.status)
        );
        if let Some(c) = &r.clock {
            let (open, close) = (lang.pick("（", " ("), lang.pick("）", ")"));
            state.push_str(&format!(
                " · {} {}{open}{}{close}",
                due_kind(lang, &c.kind),
                clean(&c.due_on),
                super::queue::days_left(lang, c)
            ));
        } else if let Some(since) = &r.paused_since {
            state.push_str(" · ");
            state.push_str(&lang.f(Msg::AppPausedSince, &[("since", &clean(since))]));
        }
        if r.late {
            state.push_str(" · ");
            state.push_str(lang.t(Msg::RenewalFiledLate));
        }
        let mut dates = vec![
            lang.f(Msg::AppReceived, &[("date", &clean(&r.received_on))]),
            lang.f(Msg::AppMaterialsDue, &[("date", &clean(&r.materials_due))]),
        ];
        if let Some(a) = &r.accepted_on {
            dates.push(lang.f(Msg::AppAccepted, &[("date", &clean(a))]));
        }
        // While paused the due date moves on with the pause: shown again when resumed.
        if let Some(d) = &r.decision_due
            && r.purpose != "renewal"
            && r.paused_since.is_none()
        {
            dates.push(lang.f(Msg::AppDecisionDue, &[("date", &clean(d))]));
        }
        if r.paused_total > 0 {
            dates.push(lang.f(Msg::AppPausedTotal, &[("n", &r.paused_total)]));
        }
        if let Some(d) = &r.decided_on {
            dates.push(lang.f(Msg::AppDecided, &[("date", &clean(d))]));
        }
        let k = crate::i18n::body_kind(&r.kind);
        let scope = format!(
            "{} {} · {}{colon}{}",
            lang.t(Msg::ColApproval),
            dash(r.approval_no.as_deref()),
            scope_word(lang, k),
            clean(&r.scope.replace(';', "; "))
        );
        let mut dates = wrap(&dates.join(" · "), w).into_iter();
        let lines = [
            format!(
                "{} · {} · {} · {} {} · {} {}",
                application_purpose(lang, &r.purpose),
                kind(lang, &r.kind),
                route(lang, &r.route),
                lang.t(Msg::ColRegion),
                region(lang, &r.region),
                lang.t(Msg::ColRisk),
                risk(lang, &r.risk_class),
            ),
            state,
            dates.next().unwrap_or_default(),
            dates.collect::<Vec<_>>().join(" "),
            scope,
        ];
        lines.iter().map(|l| fit(l, w)).collect()
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let w = area.width as usize;
        let [top, hhead, hist, detail] = Self::layout(area);
        let r = &self.row;
        let mut lines = vec![Line::from(vec![
            Span::styled(lang.f(Msg::AppTitle, &[("id", &r.id)]), theme.key()),
            Span::raw("  "),
            Span::styled(fit(&clean(&r.name), w.saturating_sub(30)), theme.title()),
            Span::raw("  "),
            Span::styled(clean(&r.uscc).into_owned(), theme.dim()),
        ])];
        let style_of = |i: usize| match (i, &r.clock) {
            (1, Some(c)) if c.overdue => theme.overdue(),
            (1, Some(c)) if c.days_left <= 5 => theme.soon(),
            _ => theme.normal(),
        };
        for (i, l) in self.particulars(lang, w).into_iter().enumerate() {
            lines.push(Line::from(Span::styled(l, style_of(i))));
        }
        f.render_widget(Paragraph::new(lines), top);

        f.render_widget(
            Line::from(Span::styled(
                format!("▶ {} ({})", lang.t(Msg::History), self.history.len()),
                theme.focus_border(),
            )),
            hhead,
        );
        let cols = vec![
            Column::fixed(lang.t(Msg::ColDate), 10),
            Column::flex(lang.t(Msg::ColEvent), 20),
        ];
        let offset = self.hist_offset.min(self.hist);
        let rows = self
            .history
            .iter()
            .skip(offset)
            .take(self.hist_height)
            .map(|e| {
                let n = theme.normal();
                let date = e
                    .act_date
                    .clone()
                    .unwrap_or_else(|| sentences::local_time(&e.at, cx.zone));
                vec![
                    (clean(date.get(..10).unwrap_or(&date)).into_owned(), n),
                    (sentences::sentence_body(lang, e, &self.officers), n),
                ]
            })
            .collect();
        let selected = (!self.history.is_empty()).then(|| self.hist - offset);
        table::render(f, hist, &cols, rows, selected, theme);

        if let Some(e) = self.history.get(self.hist) {
            let text = sentences::sentence(lang, e, &self.officers);
            let mut lines: Vec<Line> =
                wrap_lines(&text, w, detail.height.saturating_sub(1) as usize)
                    .into_iter()
                    .map(Line::from)
                    .collect();
            let recorded = format!(
                "{} · #{}",
                lang.f(
                    Msg::RecordedIn,
                    &[("at", &sentences::local_time_in(&e.at, cx.zone))]
                ),
                e.id
            );
            lines.push(Line::from(Span::styled(fit(&recorded, w), theme.dim())));
            f.render_widget(Paragraph::new(lines), detail);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    #[test]
    fn the_file_shows_the_history_as_sentences_newest_first() {
        let (_dir, mut store) = fixture::temp();
        let ids = fixture::add_applications(&mut store);
        let mut s = ApplicationScreen::open(&store, ids.paused).unwrap();
        let acts: Vec<&str> = s.history.iter().map(|e| e.act.as_str()).collect();
        assert_eq!(acts, ["pause", "accept", "receive"]);
        let zh = sentences::sentence_body(Lang::Zh, &s.history[0], &s.officers);
        assert!(zh.contains("中止"), "{zh}");
        let lines = s.particulars(Lang::En, 200);
        assert!(
            lines[1].contains("clock stopped since 2026-11-02"),
            "{lines:?}"
        );
        assert_eq!(
            s.update(Action::Down, Lang::Zh, &jiff::tz::TimeZone::UTC),
            Effect::None
        );
        assert_eq!(s.hist, 1);
        match s.update(Action::Open, Lang::En, &jiff::tz::TimeZone::UTC) {
            Effect::Detail { lines, .. } => assert!(lines[0].contains("accepted"), "{lines:?}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            s.update(Action::Acts, Lang::Zh, &jiff::tz::TimeZone::UTC),
            Effect::OpenApplicationActs { id: ids.paused }
        );
        s.reload(&store).unwrap();
        assert_eq!(s.hist, 1, "the selected event stays selected");
    }

    #[test]
    fn a_renewal_shows_its_filing_on_the_approval() {
        let (_dir, mut store) = fixture::temp();
        let ids = fixture::add_applications(&mut store);
        let s = ApplicationScreen::open(&store, ids.renewal).unwrap();
        let acts: Vec<&str> = s.history.iter().map(|e| e.act.as_str()).collect();
        assert!(acts.contains(&"receive"), "{acts:?}");
        assert!(acts.contains(&"file-renewal"), "{acts:?}");
        assert_eq!(s.row.clock.as_ref().unwrap().kind, "renewal_decision");
    }
}
