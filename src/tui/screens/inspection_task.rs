//! A task's page (from the tasks list or the queue): its facts (population, ratios, officers
//! per body, roster hash, public value, seed, algorithm), the verify-draw status (recomputed
//! on the background reader), the clocks, and the drawn list with officers by name and each
//! body's result. The acts open forms (`inspection_forms.rs`); `r` enters results down the
//! list; Enter opens the selected body's file.

use super::inspection_forms::{ListedBody, result_label};
use super::inspection_tasks::Publication;
use super::{Cx, Effect, colon, keep_visible, move_in_list};
use crate::i18n::inspection_screens::{InspMsg, how_label};
use crate::i18n::sentences::Officers;
use crate::i18n::{Lang, Msg};
use crate::store::inspections::{DrawnBody, TaskView, Verified};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::table::{self, Column};
use crate::tui::widgets::text::{clean, fit};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

/// Where the recomputation of the draw stands.
#[derive(Debug, Clone)]
pub enum VerifyStatus {
    /// Not drawn: nothing to verify.
    NotDrawn,
    Running,
    Done(Verified),
    Failed(String),
}

/// The facts above the list: how many lines they take.
const FACT_LINES: u16 = 9;

#[derive(Debug, Clone)]
pub struct TaskScreen {
    pub id: i64,
    /// None until the reader answers.
    pub view: Option<TaskView>,
    pub officers: Officers,
    pub verify: VerifyStatus,
    pub publication: Publication,
    pub selected: usize,
    pub offset: usize,
    pub height: usize,
    pub error: Option<String>,
}

impl TaskScreen {
    pub const MODES: &'static [Mode] = &[Mode::Task, Mode::List, Mode::Global, Mode::Any];

    pub fn new(id: i64) -> Self {
        TaskScreen {
            id,
            view: None,
            officers: Officers::new(),
            verify: VerifyStatus::Running,
            publication: Publication::NotDue,
            selected: 0,
            offset: 0,
            height: 10,
            error: None,
        }
    }

    /// The reader's answer: the task as it now stands, the selected body kept.
    pub fn set_view(
        &mut self,
        view: TaskView,
        officers: Officers,
        today: crate::domain::Date,
        calendar: &crate::domain::calendar::Calendar,
    ) {
        let was = self.selected_body().map(|b| b.uscc.clone());
        self.publication = Publication::of(
            view.publication_due.as_deref(),
            view.published_on.as_deref(),
            today,
            calendar,
        );
        if view.drawn_on.is_none() {
            self.verify = VerifyStatus::NotDrawn;
        } else if matches!(self.verify, VerifyStatus::NotDrawn) {
            self.verify = VerifyStatus::Running;
        }
        self.view = Some(view);
        self.officers = officers;
        self.error = None;
        if let Some(u) = was
            && let Some(i) = self.drawn().iter().position(|b| b.uscc == u)
        {
            self.selected = i;
        }
        self.selected = self.selected.min(self.drawn().len().saturating_sub(1));
        keep_visible(self.selected, &mut self.offset, self.height);
    }

    pub fn drawn(&self) -> &[DrawnBody] {
        self.view.as_ref().map_or(&[], |v| v.drawn.as_slice())
    }

    pub fn selected_body(&self) -> Option<&DrawnBody> {
        self.drawn().get(self.selected)
    }

    pub fn listed(b: &DrawnBody) -> ListedBody {
        ListedBody {
            uscc: b.uscc.clone(),
            name: b.name.clone(),
        }
    }

    /// The first body without a result at or after `from` (then from the top): where fast
    /// entry goes next. None when every body has its result.
    pub fn next_without_result(&self, from: usize) -> Option<usize> {
        let list = self.drawn();
        (from..list.len())
            .chain(0..from.min(list.len()))
            .find(|&i| list[i].result.is_none())
    }

    /// How many bodies have no result yet.
    pub fn missing(&self) -> usize {
        self.drawn().iter().filter(|b| b.result.is_none()).count()
    }

    /// An officer by display name (the login when the officer table names none).
    pub fn officer_name(&self, login: &str) -> String {
        clean(self.officers.get(login).map_or(login, String::as_str)).into_owned()
    }

    pub fn set_height(&mut self, content: Rect) {
        self.height = (content.height.saturating_sub(FACT_LINES + 1) as usize).max(1);
        keep_visible(self.selected, &mut self.offset, self.height);
    }

    pub fn update(&mut self, action: Action) -> Effect {
        match action {
            Action::Open => match self.selected_body() {
                Some(b) => Effect::OpenBody {
                    uscc: b.uscc.clone(),
                    approval: b.approval_no.clone(),
                },
                None => Effect::None,
            },
            other => {
                let len = self.drawn().len();
                move_in_list(
                    other,
                    &mut self.selected,
                    &mut self.offset,
                    len,
                    self.height,
                );
                Effect::None
            }
        }
    }

    fn verify_line(&self, lang: Lang) -> (String, bool) {
        match &self.verify {
            VerifyStatus::NotDrawn => (lang.t(InspMsg::NotYet).to_string(), false),
            VerifyStatus::Running => (lang.t(InspMsg::VerifyRunning).to_string(), false),
            VerifyStatus::Done(v) if v.identical => {
                (lang.t(InspMsg::VerifyIdentical).to_string(), false)
            }
            VerifyStatus::Done(v) => {
                let d = v.difference.as_ref();
                let at = d
                    .and_then(|d| d.position)
                    .map(|n| lang.f(InspMsg::VerifyAt, &[("n", &n)]))
                    .unwrap_or_default();
                (
                    lang.f(
                        InspMsg::VerifyDiffers,
                        &[
                            (
                                "what",
                                &d.map(|d| clean(&d.what).into_owned()).unwrap_or_default(),
                            ),
                            ("at", &at),
                            (
                                "recorded",
                                &d.map(|d| clean(&d.recorded).into_owned())
                                    .unwrap_or_default(),
                            ),
                            (
                                "recomputed",
                                &d.map(|d| clean(&d.recomputed).into_owned())
                                    .unwrap_or_default(),
                            ),
                        ],
                    ),
                    true,
                )
            }
            VerifyStatus::Failed(why) => {
                (lang.f(InspMsg::VerifyFailed, &[("why", &clean(why))]), true)
            }
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let Some(v) = &self.view else {
            let text = match &self.error {
                Some(e) => (clean(e).into_owned(), theme.error()),
                None => (lang.t(InspMsg::Loading).to_string(), theme.dim()),
            };
            f.render_widget(Line::from(Span::styled(text.0, text.1)), area);
            return;
        };
        let [facts, rest] =
            Layout::vertical([Constraint::Length(FACT_LINES), Constraint::Min(0)]).areas(area);
        let w = area.width as usize;
        let c = colon(lang);
        let labelled = |label: InspMsg, value: String| {
            Line::from(vec![
                Span::styled(format!("{}{c}", lang.t(label)), theme.label()),
                Span::styled(value, theme.normal()),
            ])
        };
        let none = || lang.t(InspMsg::NotYet).to_string();
        let kind = crate::i18n::kind(lang, &v.kind).into_owned();
        let mut lines = vec![
            Line::from(Span::styled(
                fit(
                    &lang.f(
                        InspMsg::TaskTitle,
                        &[("id", &v.id), ("name", &clean(&v.name))],
                    ),
                    w,
                ),
                theme.title(),
            )),
            Line::from(Span::styled(
                fit(
                    &lang.f(
                        InspMsg::Facts,
                        &[
                            ("year", &v.year),
                            ("kind", &kind),
                            ("authority", &clean(&v.authority)),
                            ("per", &v.officers_per_body),
                        ],
                    ),
                    w,
                ),
                theme.normal(),
            )),
            Line::from(Span::styled(
                lang.f(
                    InspMsg::Ratios,
                    &[
                        ("a", &v.ratios.a),
                        ("b", &v.ratios.b),
                        ("c", &v.ratios.c),
                        ("d", &v.ratios.d),
                    ],
                ),
                theme.normal(),
            )),
        ];
        if v.drawn_on.is_none() {
            lines.push(Line::from(Span::styled(
                fit(lang.t(InspMsg::NotDrawnYet), w),
                theme.key(),
            )));
        } else {
            lines.push(Line::from(Span::styled(
                fit(
                    &lang.f(
                        InspMsg::Population,
                        &[
                            ("n", &v.population.unwrap_or(0)),
                            ("date", &v.drawn_on.clone().unwrap_or_default()),
                            ("algorithm", &clean(v.algorithm.as_deref().unwrap_or(""))),
                        ],
                    ),
                    w,
                ),
                theme.normal(),
            )));
            lines.push(labelled(
                InspMsg::RosterHash,
                clean(v.roster_hash.as_deref().unwrap_or("")).into_owned(),
            ));
            lines.push(labelled(
                InspMsg::Seed,
                clean(v.seed.as_deref().unwrap_or("")).into_owned(),
            ));
            lines.push(labelled(
                InspMsg::PublicValue,
                fit(&clean(v.public_value.as_deref().unwrap_or("")), w),
            ));
        }
        let (verify, bad) = self.verify_line(lang);
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}{c}", lang.t(InspMsg::VerifyLabel)),
                theme.label(),
            ),
            Span::styled(verify, if bad { theme.overdue() } else { theme.ok() }),
        ]));
        let recorded = v.drawn.iter().filter(|b| b.result.is_some()).count();
        let clocks = lang.f(
            InspMsg::Clocks,
            &[
                ("recorded", &recorded),
                ("drawn", &v.drawn.len()),
                ("completed", &v.completed_on.clone().unwrap_or_else(none)),
                ("publication", &self.publication.text(lang)),
            ],
        );
        lines.push(Line::from(Span::styled(
            fit(&clocks, w),
            if self.publication.overdue() {
                theme.overdue()
            } else {
                theme.normal()
            },
        )));
        f.render_widget(ratatui::widgets::Paragraph::new(lines), facts);
        if v.drawn.is_empty() {
            if v.drawn_on.is_some() {
                f.render_widget(
                    Line::from(Span::styled(lang.t(InspMsg::NoBodies), theme.dim())),
                    rest,
                );
            }
            return;
        }
        let wide = area.width >= 110;
        let en = lang == Lang::En;
        let mut cols = vec![
            Column::fixed("#", 3),
            Column::flex(lang.t(Msg::ColName), 12),
            Column::fixed(lang.t(InspMsg::ColClass), 5),
            Column::flex(lang.t(InspMsg::ColOfficers), 12),
            Column::fixed(lang.t(InspMsg::ColResult), if en { 20 } else { 16 }),
            Column::fixed(lang.t(InspMsg::ColResultOn), 10),
        ];
        if wide {
            cols.insert(1, Column::fixed(lang.t(Msg::ColUscc), 18));
            cols.insert(4, Column::fixed(lang.t(InspMsg::ColHow), 8));
        }
        let rows = v
            .drawn
            .iter()
            .enumerate()
            .skip(self.offset)
            .take(self.height)
            .map(|(i, b)| {
                let style = if b.result.is_some() {
                    theme.normal()
                } else {
                    theme.soon()
                };
                let officers = if b.officers.is_empty() {
                    lang.t(InspMsg::NoOfficers).to_string()
                } else {
                    b.officers
                        .iter()
                        .map(|l| self.officer_name(l))
                        .collect::<Vec<_>>()
                        .join(lang.pick("、", ", "))
                };
                let mut cells = vec![
                    ((i + 1).to_string(), style),
                    (clean(&b.name).into_owned(), style),
                    (clean(&b.risk_class).into_owned(), style),
                    (officers, style),
                    (
                        b.result
                            .as_deref()
                            .map_or_else(none, |r| result_label(lang, r)),
                        style,
                    ),
                    (
                        clean(b.result_on.as_deref().unwrap_or("")).into_owned(),
                        style,
                    ),
                ];
                if wide {
                    cells.insert(1, (clean(&b.uscc).into_owned(), style));
                    cells.insert(4, (how_label(lang, &b.how).to_string(), style));
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
