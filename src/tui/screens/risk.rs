//! 风险预警 (key 7): the risk signals in the jurisdiction (`W` widens), one line per signal,
//! strongest body first; `f` narrows to one kind, Enter opens the body's file, `t` adds the
//! body to a task not yet drawn as 定向 with the signal as its reason (a picker of tasks, the
//! reason pre-filled, y/N), `e` exports what is shown. Read on the background reader when
//! first shown (`Request::Risk`), and again for the bodies other users' events touch (`merge`).

use super::act_form::Outcome;
use super::{Cx, Effect, keep_visible, move_in_list};
use crate::domain::region::Region;
use crate::domain::risk::SignalKind;
use crate::i18n::risk::{RiskMsg, class_text, events_in, signal_label};
use crate::i18n::{Lang, Msg};
use crate::store::Store;
use crate::store::changes::Bodies;
use crate::store::inspections::InspectionError;
use crate::store::risk::{RiskBody, RiskQuery, Signal, order};
use crate::tui::export::Table;
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::centered;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::table::{self, Column};
use crate::tui::widgets::text::{clean, thousands, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

#[derive(Debug, Clone, Default)]
pub struct RiskScreen {
    /// Every body with signals in the root region, strongest first.
    pub all: Vec<RiskBody>,
    /// The lines shown: (body, signal) positions in `all` that the kind admits.
    pub lines: Vec<(usize, usize)>,
    pub selected: usize,
    pub offset: usize,
    pub height: usize,
    /// Only this kind of signal (`f` cycles; `x` clears).
    pub kind: Option<SignalKind>,
    /// The jurisdiction, or None: everywhere.
    pub root: Option<Region>,
    /// Read again before it is drawn (first shown, widened, everything changed).
    pub stale: bool,
    /// Asked of the background reader (`Request::Risk`), not answered yet.
    pub loading: bool,
}

impl RiskScreen {
    pub const MODES: &'static [Mode] = &[Mode::Risk, Mode::List, Mode::Global, Mode::Any];

    pub fn new() -> Self {
        RiskScreen {
            stale: true,
            height: 10,
            ..Default::default()
        }
    }

    /// Read every signal of the root region again, keeping the selected line selected.
    pub fn load(&mut self, store: &Store) -> crate::store::Result<()> {
        let all = store.risk_signals(&RiskQuery {
            region: self.root.clone(),
            ..Default::default()
        })?;
        self.set_bodies(all);
        self.stale = false;
        Ok(())
    }

    /// The background reader's answer for the root region (`Request::Risk`).
    pub fn apply(&mut self, all: Vec<RiskBody>) {
        self.set_bodies(all);
        self.stale = false;
        self.loading = false;
    }

    /// The body and kind of the selected line (kept across a new reading).
    fn selected_key(&self) -> Option<(String, SignalKind)> {
        self.selected_signal()
            .map(|(b, s)| (b.uscc.clone(), s.kind))
    }

    fn set_bodies(&mut self, all: Vec<RiskBody>) {
        let was = self.selected_key();
        self.set_bodies_keeping(all, was);
    }

    fn set_bodies_keeping(&mut self, mut all: Vec<RiskBody>, was: Option<(String, SignalKind)>) {
        all.sort_by(order);
        self.all = all;
        self.refilter();
        if let Some((uscc, kind)) = was
            && let Some(i) = self
                .lines
                .iter()
                .position(|&(b, s)| self.all[b].uscc == uscc && self.all[b].signals[s].kind == kind)
        {
            self.selected = i;
        }
        keep_visible(self.selected, &mut self.offset, self.height);
    }

    /// The signals of `bodies` read again (`RiskQuery::bodies`) take the place of theirs.
    pub fn merge(&mut self, bodies: &Bodies, fresh: Vec<RiskBody>) {
        let was = self.selected_key();
        let mut all: Vec<RiskBody> = std::mem::take(&mut self.all)
            .into_iter()
            .filter(|b| !bodies.contains(&b.uscc))
            .collect();
        all.extend(fresh);
        self.set_bodies_keeping(all, was);
    }

    /// Read again the signals of `bodies` (an event touched them); nothing before first shown.
    pub fn reload_of(&mut self, store: &Store, bodies: &Bodies) -> crate::store::Result<()> {
        if self.stale {
            return Ok(());
        }
        let fresh = store.risk_signals(&RiskQuery {
            region: self.root.clone(),
            kinds: Vec::new(),
            bodies: Some(bodies.clone()),
        })?;
        self.merge(bodies, fresh);
        Ok(())
    }

    /// Start from `root` (the jurisdiction, or everywhere): read again when next shown.
    pub fn set_root(&mut self, root: Option<Region>) {
        if root != self.root {
            self.root = root;
            self.stale = true;
        }
    }

    fn refilter(&mut self) {
        self.lines = self
            .all
            .iter()
            .enumerate()
            .flat_map(|(b, body)| {
                body.signals
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| self.kind.is_none_or(|k| k == s.kind))
                    .map(move |(s, _)| (b, s))
            })
            .collect();
        self.selected = self.selected.min(self.lines.len().saturating_sub(1));
        keep_visible(self.selected, &mut self.offset, self.height);
    }

    pub fn selected_signal(&self) -> Option<(&RiskBody, &Signal)> {
        let &(b, s) = self.lines.get(self.selected)?;
        let body = self.all.get(b)?;
        Some((body, body.signals.get(s)?))
    }

    pub fn signal_count(&self) -> usize {
        self.all.iter().map(|b| b.signals.len()).sum()
    }

    /// Rows of the table in the content `area`.
    pub fn table_rows(area: Rect) -> usize {
        area.height.saturating_sub(4) as usize
    }

    pub fn set_height(&mut self, h: usize) {
        self.height = h.max(1);
        keep_visible(self.selected, &mut self.offset, self.height);
    }

    fn next_kind(&mut self) {
        let all = SignalKind::ALL;
        self.kind = match self.kind.and_then(|k| all.iter().position(|x| *x == k)) {
            None => Some(all[0]),
            Some(i) if i + 1 < all.len() => Some(all[i + 1]),
            Some(_) => None,
        };
        self.selected = 0;
        self.offset = 0;
        self.refilter();
    }

    pub fn update(&mut self, action: Action) -> Effect {
        match action {
            Action::Open => match self.selected_signal() {
                Some((b, _)) => Effect::OpenBody {
                    uscc: b.uscc.clone(),
                    approval: b.approval_no.clone(),
                },
                None => Effect::None,
            },
            Action::SignalKind => {
                self.next_kind();
                Effect::None
            }
            Action::ClearFilters | Action::Close if self.kind.is_some() => {
                self.kind = None;
                self.refilter();
                Effect::None
            }
            other => {
                move_in_list(
                    other,
                    &mut self.selected,
                    &mut self.offset,
                    self.lines.len(),
                    self.height,
                );
                Effect::None
            }
        }
    }

    /// Exactly the lines shown, every column, in `lang` (what `e` exports).
    pub fn table(&self, lang: Lang) -> Table {
        let headers = vec![
            lang.t(Msg::ColName).to_string(),
            lang.t(Msg::ColUscc).to_string(),
            lang.t(Msg::ColApproval).to_string(),
            lang.t(RiskMsg::ColClass).to_string(),
            lang.t(RiskMsg::ColSignal).to_string(),
            lang.t(RiskMsg::ColSince).to_string(),
            lang.t(RiskMsg::ColEvents).to_string(),
        ];
        let rows = self
            .lines
            .iter()
            .map(|&(b, s)| {
                let (body, sig) = (&self.all[b], &self.all[b].signals[s]);
                vec![
                    clean(&body.name).into_owned(),
                    clean(&body.uscc).into_owned(),
                    clean(body.approval_no.as_deref().unwrap_or("")).into_owned(),
                    class_text(body),
                    signal_label(lang, sig.kind).to_string(),
                    sig.since.to_string(),
                    clean(&events_in(lang, &body.kind, &sig.events)).into_owned(),
                ]
            })
            .collect();
        Table { headers, rows }
    }

    pub fn render(
        &self,
        f: &mut Frame,
        area: Rect,
        cx: &Cx,
        settings: &crate::domain::risk::RiskSettings,
    ) {
        let (lang, theme) = (cx.lang, cx.theme);
        let [scope_line, count_line, legend, rest] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        f.render_widget(cx.scope.line(cx), scope_line);
        let signals = self.signal_count();
        let count = if self.kind.is_none() {
            lang.f(
                RiskMsg::Count,
                &[
                    ("n", &thousands(self.all.len() as i64)),
                    ("signals", &thousands(signals as i64)),
                ],
            )
        } else {
            lang.f(
                RiskMsg::Shown,
                &[
                    ("shown", &thousands(self.lines.len() as i64)),
                    ("signals", &thousands(signals as i64)),
                ],
            )
        };
        let kind = match self.kind {
            Some(k) => signal_label(lang, k).to_string(),
            None => lang.t(RiskMsg::KindAll).to_string(),
        };
        let kind_style = if self.kind.is_some() {
            theme.key()
        } else {
            theme.normal()
        };
        let count_w = width(&count) as u16 + 1;
        let [left, right] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(count_w)]).areas(count_line);
        f.render_widget(
            Line::from(vec![
                Span::styled(format!("{}:", lang.t(RiskMsg::KindLabel)), theme.label()),
                Span::styled(kind, kind_style),
            ]),
            left,
        );
        f.render_widget(
            Line::from(Span::styled(count, theme.label())).right_aligned(),
            right,
        );
        f.render_widget(
            Line::from(Span::styled(
                lang.f(
                    RiskMsg::Legend,
                    &[
                        ("date", &cx.today),
                        ("months", &settings.window_months),
                        ("days", &settings.expiring_days),
                        ("orders", &settings.repeated_orders),
                    ],
                ),
                theme.dim(),
            )),
            legend,
        );
        if self.lines.is_empty() {
            let text = if self.loading && self.all.is_empty() {
                lang.t(RiskMsg::Loading)
            } else if self.all.is_empty() {
                lang.t(RiskMsg::Empty)
            } else {
                lang.t(RiskMsg::NoneOfKind)
            };
            f.render_widget(Line::from(Span::styled(text, theme.dim())), rest);
            return;
        }
        let en = lang == Lang::En;
        let wide = area.width >= 110;
        let mut cols = vec![
            Column::flex(lang.t(Msg::ColName), 12),
            Column::fixed(lang.t(RiskMsg::ColClass), 5),
            Column::fixed(lang.t(RiskMsg::ColSignal), if en { 20 } else { 18 }),
            Column::fixed(lang.t(RiskMsg::ColSince), 10),
            Column::flex(lang.t(RiskMsg::ColEvents), 12),
        ];
        if wide {
            cols.insert(1, Column::fixed(lang.t(Msg::ColUscc), 18));
        }
        let rows = self
            .lines
            .iter()
            .skip(self.offset)
            .take(self.height)
            .map(|&(b, s)| {
                let (body, sig) = (&self.all[b], &self.all[b].signals[s]);
                let style = if sig.kind.is_serious() {
                    theme.overdue()
                } else {
                    theme.normal()
                };
                let mut cells = vec![
                    (clean(&body.name).into_owned(), style),
                    (class_text(body), style),
                    (signal_label(lang, sig.kind).to_string(), style),
                    (sig.since.to_string(), style),
                    (
                        clean(&events_in(lang, &body.kind, &sig.events)).into_owned(),
                        style,
                    ),
                ];
                if wide {
                    cells.insert(1, (clean(&body.uscc).into_owned(), style));
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

/// A task a body can still be added to: id, name, year.
pub type OpenTask = (i64, String, i32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeStage {
    Pick,
    Reason,
    Confirm,
}

/// `t` on a signal: pick a task not yet drawn, check the reason (the signal, pre-filled), y/N.
#[derive(Debug, Clone)]
pub struct IncludeForm {
    pub uscc: String,
    pub name: String,
    pub tasks: Vec<OpenTask>,
    pub selected: usize,
    pub reason: TextInput,
    pub stage: IncludeStage,
    /// The store's refusal, in the UI language (the form stays).
    pub error: Option<String>,
}

impl IncludeForm {
    /// The form for the selected signal, over the tasks of the body's kind not yet drawn;
    /// None when there is none.
    pub fn new(
        store: &Store,
        body: &RiskBody,
        signal: &Signal,
        lang: Lang,
    ) -> crate::store::Result<Option<IncludeForm>> {
        let tasks: Vec<OpenTask> = store
            .tasks()?
            .into_iter()
            .filter(|(_, _, _, kind, drawn)| drawn.is_none() && *kind == body.kind)
            .map(|(id, name, year, _, _)| (id, name, year))
            .collect();
        if tasks.is_empty() {
            return Ok(None);
        }
        let reason = lang.f(
            RiskMsg::Reason,
            &[
                ("signal", &signal_label(lang, signal.kind)),
                ("since", &signal.since),
                (
                    "events",
                    &signal
                        .events
                        .iter()
                        .map(|e| format!("#{}", e.id))
                        .collect::<Vec<_>>()
                        .join(","),
                ),
            ],
        );
        Ok(Some(IncludeForm {
            uscc: body.uscc.clone(),
            name: body.name.clone(),
            tasks,
            selected: 0,
            reason: TextInput::new(&reason),
            stage: IncludeStage::Pick,
            error: None,
        }))
    }

    pub fn modes(&self) -> &'static [Mode] {
        match self.stage {
            IncludeStage::Pick => &[Mode::Menu, Mode::Any],
            IncludeStage::Reason => &[Mode::Form, Mode::TextEdit, Mode::Any],
            IncludeStage::Confirm => &[Mode::Confirm, Mode::Any],
        }
    }

    fn task(&self) -> Option<&OpenTask> {
        self.tasks.get(self.selected)
    }

    pub fn update(&mut self, action: Action, store: &mut Store, lang: Lang) -> Outcome {
        match self.stage {
            IncludeStage::Pick => match action {
                Action::Down => self.selected = (self.selected + 1).min(self.tasks.len() - 1),
                Action::Up => self.selected = self.selected.saturating_sub(1),
                Action::Open => {
                    self.stage = IncludeStage::Reason;
                    self.reason.end();
                }
                Action::Close => return Outcome::Cancelled,
                _ => {}
            },
            IncludeStage::Reason => match action {
                Action::Submit => {
                    if self.reason.text().trim().is_empty() {
                        self.error = Some(crate::i18n::inspection::problem(
                            lang,
                            &crate::domain::inspection::Problem::Required("reason"),
                        ));
                    } else {
                        self.error = None;
                        self.stage = IncludeStage::Confirm;
                    }
                }
                Action::Close => self.stage = IncludeStage::Pick,
                edit => {
                    if self.reason.edit(edit) {
                        self.error = None;
                    }
                }
            },
            IncludeStage::Confirm => match action {
                Action::Yes => {
                    let Some(&(task, _, _)) = self.task() else {
                        return Outcome::Cancelled;
                    };
                    return match store.include_directed(task, &self.uscc, &self.reason.text()) {
                        Ok(()) => Outcome::Done(lang.f(
                            RiskMsg::Included,
                            &[("name", &clean(&self.name)), ("task", &task)],
                        )),
                        Err(InspectionError::Problem(p)) => {
                            self.error = Some(crate::i18n::inspection::problem(lang, &p));
                            self.stage = IncludeStage::Reason;
                            Outcome::Stay
                        }
                        Err(InspectionError::Store(e) | InspectionError::FollowUp(_, e)) => {
                            self.error = Some(lang.f(Msg::ErrStore, &[("why", &e.render(lang))]));
                            self.stage = IncludeStage::Reason;
                            Outcome::Stay
                        }
                    };
                }
                // Default No: back to the reason, nothing written.
                _ => self.stage = IncludeStage::Reason,
            },
        }
        Outcome::Stay
    }

    pub fn render(&self, f: &mut Frame, content: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let w = content.width.saturating_sub(4).min(90);
        let inner_w = w.saturating_sub(2);
        let name = clean(&self.name).into_owned();
        let (title, mut lines): (String, Vec<Line>) = match self.stage {
            IncludeStage::Pick => (
                lang.f(RiskMsg::PickTitle, &[("name", &name)]),
                self.tasks
                    .iter()
                    .enumerate()
                    .map(|(i, (id, task, year))| {
                        let style = if i == self.selected {
                            theme.selected()
                        } else {
                            theme.normal()
                        };
                        Line::from(Span::styled(
                            format!(" #{id}  {year}  {} ", clean(task)),
                            style,
                        ))
                    })
                    .chain([Line::from(Span::styled(
                        lang.t(RiskMsg::PickHint),
                        theme.dim(),
                    ))])
                    .collect(),
            ),
            IncludeStage::Reason | IncludeStage::Confirm => {
                let (id, task, _) = self.task().cloned().unwrap_or_default();
                let mut lines = vec![
                    Line::from(Span::styled(
                        format!("#{id} {}", clean(&task)),
                        theme.label(),
                    )),
                    Line::from(vec![
                        Span::styled(format!("{}：", lang.t(RiskMsg::ReasonLabel)), theme.label()),
                        Span::styled(clean(&self.reason.text()).into_owned(), theme.normal()),
                    ]),
                ];
                if self.stage == IncludeStage::Confirm {
                    lines.push(Line::from(Span::styled(
                        lang.f(RiskMsg::Confirm, &[("name", &name), ("task", &id)]),
                        theme.key(),
                    )));
                } else {
                    lines.push(Line::from(Span::styled(
                        lang.t(RiskMsg::FormHint),
                        theme.dim(),
                    )));
                }
                (
                    lang.f(RiskMsg::FormTitle, &[("task", &id), ("name", &name)]),
                    lines,
                )
            }
        };
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(
                clean(e).into_owned(),
                theme.error(),
            )));
        }
        let rows: usize = lines
            .iter()
            .map(|l| l.width().div_ceil(inner_w.max(1) as usize).max(1))
            .sum();
        let para = Paragraph::new(lines).wrap(Wrap { trim: false });
        let h = (rows as u16 + 2).min(content.height);
        let area = centered(content, w, h);
        f.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(format!(" {title} "), theme.title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        f.render_widget(para, inner);
        // The real cursor in the reason (input methods anchor to it).
        if self.stage == IncludeStage::Reason && inner.height > 1 {
            let label_w = width(&format!("{}：", lang.t(RiskMsg::ReasonLabel))) as u16;
            let col =
                (label_w + self.reason.cursor_column() as u16).min(inner.width.saturating_sub(1));
            if col < inner.width {
                f.set_cursor_position((inner.x + col, inner.y + 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::RiskClass;
    use jiff::civil::date;

    fn body(uscc: &str, name: &str, kinds: &[SignalKind], class: RiskClass) -> RiskBody {
        RiskBody {
            uscc: uscc.into(),
            name: name.into(),
            name_sort: name.into(),
            kind: "cb".into(),
            region: "110000".into(),
            approval_no: None,
            risk_class: class,
            suggested_class: crate::domain::risk::suggested_class(class, kinds),
            signals: kinds
                .iter()
                .map(|k| Signal {
                    kind: *k,
                    since: date(2026, 1, 1),
                    events: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn lines_follow_the_kind_and_a_merge_keeps_the_selection() {
        let mut s = RiskScreen::new();
        s.set_bodies(vec![
            body(
                "A",
                "甲",
                &[SignalKind::ExpiringWithoutRenewal],
                RiskClass::B,
            ),
            body(
                "B",
                "乙",
                &[SignalKind::RecentPenalty, SignalKind::ClassTooLow],
                RiskClass::A,
            ),
        ]);
        // The stronger body first.
        assert_eq!(s.all[0].uscc, "B");
        assert_eq!(s.lines.len(), 3);
        s.update(Action::Down);
        s.update(Action::Down);
        assert_eq!(s.selected_signal().unwrap().0.uscc, "A");
        s.update(Action::SignalKind);
        assert_eq!(s.kind, Some(SignalKind::RepeatedRectification));
        assert!(s.lines.is_empty());
        s.update(Action::ClearFilters);
        assert_eq!(s.lines.len(), 3);
        s.selected = 2;
        // B's signals change: A stays selected.
        let bodies: Bodies = ["B".to_string()].into();
        s.merge(&bodies, vec![]);
        assert_eq!(s.lines.len(), 1);
        assert_eq!(s.selected_signal().unwrap().0.uscc, "A");
        let t = s.table(Lang::En);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0][4], "expiring, no renewal filed");
    }
}
