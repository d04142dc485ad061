//! A body's file: particulars, each qualification with its scope and open follow-ups, and the
//! full history from the event log (read by USCC through its index).

use super::{Cx, Effect, keep_visible, move_in_list};
use crate::i18n::sentences;
use crate::i18n::{
    Lang, Msg, act_of, body_kind, case_stage, credit_list, due_kind, follow_up, kind, region, risk,
    route, scope_heading, scope_status, status_of,
};
use crate::store::cases::CaseRow;
use crate::store::read::{BodyFile, QualificationDetail, QueueItem};
use crate::store::{Result, Store};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::table::{self, Column};
use crate::tui::widgets::text::{clean, fit, pad, width, wrap, wrap_lines};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Qualifications,
    /// The body's penalty cases (a pane only when it has some).
    Cases,
    History,
}

/// A penalty case of the body with its next clock (due date, days left).
#[derive(Debug, Clone)]
pub struct CaseLine {
    pub case: CaseRow,
    pub clock: Option<QueueItem>,
}

#[derive(Debug, Clone)]
pub struct BodyScreen {
    pub uscc: String,
    pub file: BodyFile,
    pub focus: Focus,
    pub qual: usize,
    pub qual_offset: usize,
    pub hist: usize,
    pub hist_offset: usize,
    /// The body's penalty cases, newest first.
    pub cases: Vec<CaseLine>,
    pub case_sel: usize,
    pub case_offset: usize,
    /// Rows of the history table on screen.
    pub hist_height: usize,
}

/// How many qualification lines are shown at once.
const QUAL_ROWS: usize = 3;
/// How many case lines are shown at once.
const CASE_ROWS: usize = 2;

/// The cases of the body `uscc`, each with its next clock, from the store.
fn load_cases(store: &Store, uscc: &str) -> Result<Vec<CaseLine>> {
    store
        .cases_of_body(uscc)?
        .into_iter()
        .map(|case| {
            let clock = store.case_clock(&case)?;
            Ok(CaseLine { case, clock })
        })
        .collect()
}

impl BodyScreen {
    pub const MODES: &'static [Mode] = &[Mode::Body, Mode::List, Mode::Global, Mode::Any];

    /// Open the file of the body with `uscc` (or the approval number), at `approval` if given.
    pub fn open(store: &Store, key: &str, approval: Option<&str>) -> Result<BodyScreen> {
        let file = store.body_file(key)?;
        let qual = approval
            .and_then(|a| {
                file.qualifications
                    .iter()
                    .position(|q| q.qualification.approval_no == a)
            })
            .unwrap_or(0);
        let cases = load_cases(store, &file.body.uscc)?;
        let mut s = BodyScreen {
            uscc: file.body.uscc.clone(),
            file,
            cases,
            case_sel: 0,
            case_offset: 0,
            focus: Focus::Qualifications,
            qual,
            qual_offset: 0,
            hist: 0,
            hist_offset: 0,
            hist_height: 8,
        };
        keep_visible(s.qual, &mut s.qual_offset, QUAL_ROWS);
        Ok(s)
    }

    /// Read the file again (after an act, or another user's change), keeping both selections.
    pub fn reload(&mut self, store: &Store) -> Result<()> {
        let approval = self.selected().map(|q| q.qualification.approval_no.clone());
        // At the top of the history, stay at the top: a new event is the one to see.
        let event = if self.hist == 0 {
            None
        } else {
            self.file.history.get(self.hist).map(|e| e.id)
        };
        let case = self.cases.get(self.case_sel).map(|c| c.case.id);
        self.file = store.body_file(&self.uscc)?;
        self.cases = load_cases(store, &self.uscc)?;
        self.case_sel = case
            .and_then(|id| self.cases.iter().position(|c| c.case.id == id))
            .unwrap_or(0);
        keep_visible(self.case_sel, &mut self.case_offset, CASE_ROWS);
        if self.cases.is_empty() && self.focus == Focus::Cases {
            self.focus = Focus::Qualifications;
        }
        self.qual = approval
            .and_then(|a| {
                self.file
                    .qualifications
                    .iter()
                    .position(|q| q.qualification.approval_no == a)
            })
            .unwrap_or(0);
        self.hist = event
            .and_then(|id| self.file.history.iter().position(|e| e.id == id))
            .unwrap_or(0)
            .min(self.file.history.len().saturating_sub(1));
        keep_visible(self.qual, &mut self.qual_offset, QUAL_ROWS);
        keep_visible(self.hist, &mut self.hist_offset, self.hist_height);
        Ok(())
    }

    /// The selected qualification.
    pub fn selected(&self) -> Option<&QualificationDetail> {
        self.file.qualifications.get(self.qual)
    }

    /// The selected case (whatever the focus).
    pub fn selected_case(&self) -> Option<&CaseRow> {
        self.cases.get(self.case_sel).map(|c| &c.case)
    }

    /// What `p` acts on: the selected case's qualification when the cases pane has the focus,
    /// else the selected qualification; with the case open on it, if any.
    fn case_target(&self) -> Option<(String, Option<i64>)> {
        let approval = match (self.focus, self.selected_case()) {
            (Focus::Cases, Some(c)) => c.approval_no.clone(),
            _ => self.selected()?.qualification.approval_no.clone(),
        };
        let open = |c: &&CaseLine| c.case.approval_no == approval && c.case.closed_on.is_none();
        let case = match (self.focus, self.cases.get(self.case_sel)) {
            (Focus::Cases, Some(c)) if open(&c) => Some(c.case.id),
            _ => self.cases.iter().find(open).map(|c| c.case.id),
        };
        Some((approval, case))
    }

    pub fn set_height(&mut self, content: Rect) {
        self.hist_height = self.layout(content).history_rows;
        keep_visible(self.hist, &mut self.hist_offset, self.hist_height);
    }

    pub fn update(&mut self, action: Action, lang: Lang, zone: &jiff::tz::TimeZone) -> Effect {
        match action {
            Action::Acts => Effect::OpenActs,
            Action::RawRecord => match (self.focus, self.file.history.get(self.hist)) {
                (Focus::History, Some(e)) => Effect::Detail {
                    title: lang.f(Msg::RawRecordTitle, &[("id", &e.id)]),
                    lines: sentences::raw_lines(e),
                },
                _ => Effect::Toast(lang.t(Msg::PickAnEvent).to_string()),
            },
            Action::Case => match self.case_target() {
                Some((approval, case)) => Effect::OpenCase { approval, case },
                None => Effect::None,
            },
            Action::Correct | Action::Annul => match (self.focus, self.file.history.get(self.hist))
            {
                (Focus::History, Some(e)) => Effect::OpenRecord {
                    event: e.id,
                    act: e.act.clone(),
                    annul: action == Action::Annul,
                },
                _ => Effect::Toast(lang.t(Msg::PickAnEvent).to_string()),
            },
            Action::NextPane | Action::PrevPane => {
                let panes: &[Focus] = if self.cases.is_empty() {
                    &[Focus::Qualifications, Focus::History]
                } else {
                    &[Focus::Qualifications, Focus::Cases, Focus::History]
                };
                let i = panes.iter().position(|f| *f == self.focus).unwrap_or(0);
                let n = panes.len();
                self.focus = panes[if action == Action::NextPane {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }];
                Effect::None
            }
            Action::Open => match self.focus {
                Focus::Qualifications => self.qualification_detail(lang),
                Focus::Cases => self.case_detail(lang),
                Focus::History => self.event_detail(lang, zone),
            },
            other => {
                match self.focus {
                    Focus::Qualifications => {
                        move_in_list(
                            other,
                            &mut self.qual,
                            &mut self.qual_offset,
                            self.file.qualifications.len(),
                            QUAL_ROWS,
                        );
                    }
                    Focus::Cases => {
                        move_in_list(
                            other,
                            &mut self.case_sel,
                            &mut self.case_offset,
                            self.cases.len(),
                            CASE_ROWS,
                        );
                    }
                    Focus::History => {
                        move_in_list(
                            other,
                            &mut self.hist,
                            &mut self.hist_offset,
                            self.file.history.len(),
                            self.hist_height,
                        );
                    }
                }
                Effect::None
            }
        }
    }

    fn qualification_detail(&self, lang: Lang) -> Effect {
        let Some(q) = self.selected() else {
            return Effect::None;
        };
        let r = &q.qualification;
        let k = body_kind(&r.kind);
        let t = |m: Msg| lang.t(m);
        let mut lines = vec![
            format!(
                "{}{}{}",
                t(Msg::ColApproval),
                super::colon(lang),
                clean(&r.approval_no)
            ),
            format!(
                "{}{c}{}   {}{c}{}",
                t(Msg::ColStatus),
                status_of(lang, k, &r.status),
                t(Msg::ColRoute),
                route(lang, &r.route),
                c = super::colon(lang)
            ),
            format!(
                "{}{c}{}   {}{c}{}",
                t(Msg::DecidedOn),
                clean(&r.decided_on),
                t(Msg::ColValidUntil),
                clean(&r.valid_until),
                c = super::colon(lang)
            ),
        ];
        if r.deemed_renewal {
            lines.push(lang.f(Msg::DeemedRenewal, &[("until", &clean(&r.valid_until))]));
        } else if let Some(late) = r.renewal_late {
            lines.push(
                t(if late {
                    Msg::RenewalFiledLate
                } else {
                    Msg::RenewalFiledInTime
                })
                .to_string(),
            );
        }
        lines.extend([
            format!(
                "{}{c}{}   {}{c}{}",
                t(Msg::Authority),
                clean(&r.authority),
                t(Msg::ColDocNo),
                clean(&r.doc_no),
                c = super::colon(lang)
            ),
            // The scope in full here (检验检测能力（项目/参数）), as a heading on the file.
            format!(
                "{}{}",
                match k {
                    Some(k) => lang
                        .pick(
                            crate::domain::kinds::words(k).scope.zh,
                            crate::domain::kinds::words(k).scope.en
                        )
                        .to_string(),
                    None => scope_heading(lang, k).into_owned(),
                },
                super::colon(lang).trim_end()
            ),
        ]);
        for s in &q.scope {
            lines.push(format!(
                "  · {}  {}  {}",
                clean(&s.item),
                scope_status(lang, &s.status),
                clean(&s.since)
            ));
        }
        lines.push(format!(
            "{}{}",
            t(Msg::FollowUps),
            super::colon(lang).trim_end()
        ));
        for fu in &q.follow_ups {
            let closed = match &fu.closed_on {
                Some(c) => format!(
                    "  {} {} {}",
                    t(Msg::ClosedOn),
                    clean(c),
                    clean(fu.result.as_deref().unwrap_or(""))
                ),
                None => format!("  {}", t(Msg::Open)),
            };
            lines.push(format!(
                "  · {}  {} → {}{closed}",
                follow_up(lang, &fu.kind),
                clean(&fu.opened_on),
                clean(&fu.due_on)
            ));
        }
        Effect::Detail {
            title: clean(&r.approval_no).into_owned(),
            lines,
        }
    }

    fn case_detail(&self, lang: Lang) -> Effect {
        let Some(line) = self.cases.get(self.case_sel) else {
            return Effect::None;
        };
        let c = &line.case;
        let k = body_kind(&self.file.body.kind);

        let mut lines = vec![
            format!(
                "{}{c}{}   {}{c}{}",
                lang.t(Msg::ColApproval),
                clean(&c.approval_no),
                lang.t(Msg::FieldIntended),
                act_of(lang, k, &c.intended),
                c = super::colon(lang)
            ),
            format!(
                "{} · {}   {}",
                lang.f(Msg::CaseOpenedOn, &[("date", &or_dash(&c.opened_on))]),
                case_stage(lang, c.stage()),
                lang.f(
                    Msg::CaseDetailOfficers,
                    &[("names", &clean(&c.officers.join(lang.pick("、", ", "))))]
                )
            ),
            lang.f(
                Msg::CaseDetailNotice,
                &[
                    ("date", &or_dash(&c.notice_served_on)),
                    ("until", &or_dash(&c.hearing_request_until)),
                ],
            ),
            lang.f(
                Msg::CaseDetailHearing,
                &[
                    (
                        "answer",
                        &c.hearing
                            .as_deref()
                            .and_then(crate::domain::acts::Hearing::parse)
                            .map(|h| crate::i18n::hearing(lang, h).to_string())
                            .unwrap_or_else(|| "—".into()),
                    ),
                    ("answered", &or_dash(&c.hearing_answered_on)),
                    ("on", &or_dash(&c.hearing_on)),
                    ("held", &or_dash(&c.hearing_held_on)),
                ],
            ),
            lang.f(
                Msg::CaseDetailLimit,
                &[
                    ("date", &or_dash(&c.decision_due)),
                    ("days", &c.extension_days),
                ],
            ),
            lang.f(
                Msg::CaseDetailDecision,
                &[
                    (
                        "decision",
                        &c.decision
                            .as_deref()
                            .map(|d| act_of(lang, k, d).into_owned())
                            .unwrap_or_else(|| "—".into()),
                    ),
                    ("date", &or_dash(&c.decided_on)),
                    ("served", &or_dash(&c.served_on)),
                    ("closed", &or_dash(&c.closed_on)),
                    ("outcome", &or_dash(&c.outcome)),
                ],
            ),
            case_clock_text(lang, line.clock.as_ref()),
        ];
        lines.retain(|l| !l.is_empty());
        Effect::Detail {
            title: lang.f(Msg::CaseDetailTitle, &[("case_no", &clean(&c.case_no))]),
            lines,
        }
    }

    /// The selected event in full: its sentence, its facts, its corrections and annulment.
    fn event_detail(&self, lang: Lang, zone: &jiff::tz::TimeZone) -> Effect {
        let Some(e) = self.file.history.get(self.hist) else {
            return Effect::None;
        };
        let officers = &self.file.officers;
        let mut lines = sentences::record_lines(lang, e, officers, zone);
        for c in &e.corrections {
            lines.push(lang.f(
                Msg::DetailCorrection,
                &[
                    ("id", &c.event),
                    ("by", &sentences::who(lang, &c.by, officers)),
                    ("field", &crate::i18n::correct_field(lang, &c.field)),
                    ("old", &clean(&c.old)),
                    ("new", &clean(&c.new)),
                    ("reason", &clean(&c.reason)),
                ],
            ));
        }
        if let Some(a) = e.annulled_by {
            lines.push(lang.f(Msg::DetailAnnulled, &[("id", &a)]));
        }
        Effect::Detail {
            title: format!("#{}", e.id),
            lines,
        }
    }

    fn layout(&self, area: Rect) -> BodyLayout {
        let top = if self.file.credit_lists.is_empty()
            && self.file.body.bar_until.is_none()
            && !self.file.body.commitment_barred
        {
            2
        } else {
            3
        };
        let quals = self.file.qualifications.len().clamp(1, QUAL_ROWS) as u16;
        // The cases take a heading, their lines and the selected one's detail; none without cases.
        let (case_head, case_rows) = match self.cases.len().min(CASE_ROWS) as u16 {
            0 => (0, 0),
            n => (1, n + 1),
        };
        // The selected event's sentence takes 2 to 4 lines, as many as leave the history at
        // least 5 rows, and a line for when it was recorded.
        let fixed = top + 1 + quals + 3 + case_head + case_rows + 1;
        let sentence = area
            .height
            .saturating_sub(fixed)
            .saturating_sub(6)
            .clamp(2, 4);
        let [
            top_area,
            qhead,
            qrows,
            qdetail,
            chead,
            crows,
            hhead,
            hist,
            hdetail,
        ] = Layout::vertical([
            Constraint::Length(top),
            Constraint::Length(1),
            Constraint::Length(quals),
            Constraint::Length(3),
            Constraint::Length(case_head),
            Constraint::Length(case_rows),
            Constraint::Length(1),
            Constraint::Min(2),
            Constraint::Length(sentence + 1),
        ])
        .areas(area);
        BodyLayout {
            top: top_area,
            qhead,
            qrows,
            qdetail,
            chead,
            crows,
            hhead,
            hist,
            hdetail,
            history_rows: hist.height.saturating_sub(1) as usize,
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        let l = self.layout(area);
        let b = &self.file.body;
        let w = area.width as usize;

        // Particulars.
        let mut top = vec![
            Line::from(vec![
                Span::styled(fit(&clean(&b.name), w.saturating_sub(20)), theme.title()),
                Span::raw("  "),
                Span::styled(clean(&b.uscc).into_owned(), theme.dim()),
            ]),
            Line::from(fit(
                &format!(
                    "{} · {} {} · {} {} · {} {} · {} {}",
                    kind(lang, &b.kind),
                    lang.t(Msg::ColRegion),
                    region(lang, &b.region),
                    lang.t(Msg::ColRisk),
                    risk(lang, &b.risk_class),
                    lang.t(Msg::LegalRep),
                    clean(b.legal_rep.as_deref().unwrap_or("—")),
                    lang.t(Msg::Address),
                    clean(b.address.as_deref().unwrap_or("—")),
                ),
                w,
            )),
        ];
        if l.top.height > 2 {
            let mut parts: Vec<String> = self
                .file
                .credit_lists
                .iter()
                .map(|(list, on)| format!("{} {}", credit_list(lang, list), clean(on)))
                .collect();
            if let Some(bar) = &b.bar_until {
                parts.push(lang.f(Msg::BarUntil, &[("date", &clean(bar))]));
            }
            if b.commitment_barred {
                parts.push(lang.t(Msg::CommitmentBarred).to_string());
            }
            top.push(Line::from(Span::styled(
                fit(&parts.join(" · "), w),
                theme.error(),
            )));
        }
        f.render_widget(ratatui::widgets::Paragraph::new(top), l.top);

        // Qualifications.
        let focus_style = |focused: bool| {
            if focused {
                theme.focus_border()
            } else {
                theme.header()
            }
        };
        let marker = |focused: bool| if focused { "▶ " } else { "  " };
        let (focus_style, marker): (
            &dyn Fn(bool) -> ratatui::style::Style,
            &dyn Fn(bool) -> &'static str,
        ) = (&focus_style, &marker);
        let qfocus = self.focus == Focus::Qualifications;
        f.render_widget(
            Line::from(Span::styled(
                format!(
                    "{}{} ({})",
                    marker(qfocus),
                    lang.t(Msg::Qualifications),
                    self.file.qualifications.len()
                ),
                focus_style(qfocus),
            )),
            l.qhead,
        );
        let qrows: Vec<Line> = self
            .file
            .qualifications
            .iter()
            .enumerate()
            .skip(self.qual_offset)
            .take(l.qrows.height as usize)
            .map(|(i, q)| {
                let r = &q.qualification;
                let st = status_of(lang, body_kind(&r.kind), &r.status);
                let line = Line::from(vec![
                    Span::raw(format!(
                        "{} ",
                        crate::tui::widgets::text::pad(&clean(&r.approval_no), 16)
                    )),
                    Span::styled(
                        crate::tui::widgets::text::pad(&st, 14),
                        theme.status(&r.status),
                    ),
                    Span::raw(format!(
                        " {} {} → {}  {}",
                        crate::tui::widgets::text::pad(&route(lang, &r.route), 8),
                        clean(&r.decided_on),
                        clean(&r.valid_until),
                        clean(&r.doc_no)
                    )),
                ]);
                if i == self.qual {
                    crate::tui::widgets::selection_bar(
                        line,
                        if qfocus {
                            theme.selected()
                        } else {
                            theme.selected_unfocused()
                        },
                    )
                } else {
                    line
                }
            })
            .collect();
        f.render_widget(ratatui::widgets::Paragraph::new(qrows), l.qrows);

        // Scope and follow-ups of the selected qualification.
        let mut detail: Vec<Line> = Vec::new();
        if let Some(q) = self.selected() {
            let scope: Vec<String> = q
                .scope
                .iter()
                .map(|s| {
                    if s.status == "active" {
                        clean(&s.item).into_owned()
                    } else {
                        format!(
                            "{}{}{} {}{}",
                            clean(&s.item),
                            lang.pick("（", "("),
                            scope_status(lang, &s.status),
                            clean(&s.since),
                            lang.pick("）", ")")
                        )
                    }
                })
                .collect();
            let label = format!(
                "{}{}",
                scope_heading(lang, body_kind(&q.qualification.kind)),
                super::colon(lang)
            );
            for (i, line) in wrap(&format!("{label}{}", scope.join(list_sep(lang))), w)
                .into_iter()
                .take(2)
                .enumerate()
            {
                detail.push(if i == 0 {
                    Line::from(vec![
                        Span::styled(label.clone(), theme.label()),
                        Span::raw(line.strip_prefix(&label).unwrap_or(&line).to_string()),
                    ])
                } else {
                    Line::from(line)
                });
            }
            let open: Vec<&crate::store::read::FollowUpRow> = q
                .follow_ups
                .iter()
                .filter(|f| f.closed_on.is_none())
                .collect();
            let label = format!("{}{}", lang.t(Msg::OpenFollowUps), super::colon(lang));
            if open.is_empty() {
                detail.push(Line::from(vec![
                    Span::styled(label, theme.label()),
                    Span::styled(lang.t(Msg::NoneOpen), theme.dim()),
                ]));
            } else {
                let mut spans = vec![Span::styled(label, theme.label())];
                for (i, fu) in open.iter().enumerate() {
                    if i > 0 {
                        spans.push(Span::raw(lang.pick("；", "; ")));
                    }
                    let overdue = fu.due_on.as_str() < cx.today.to_string().as_str();
                    let text = format!(
                        "{} {}{}",
                        follow_up(lang, &fu.kind),
                        lang.f(Msg::DueBy, &[("date", &clean(&fu.due_on))]),
                        if overdue {
                            lang.pick("（{}）", " ({})")
                                .replace("{}", lang.t(Msg::Overdue))
                        } else {
                            String::new()
                        }
                    );
                    spans.push(Span::styled(
                        text,
                        if overdue {
                            theme.overdue()
                        } else {
                            theme.normal()
                        },
                    ));
                }
                detail.push(Line::from(spans));
            }
        }
        f.render_widget(ratatui::widgets::Paragraph::new(detail), l.qdetail);

        // Penalty cases: number, intended penalty, stage, next clock; the selected one's
        // 立案 date, officers and decision limit below.
        if !self.cases.is_empty() {
            self.render_cases(f, &l, cx, marker, focus_style);
        }

        // History.
        let hfocus = self.focus == Focus::History;
        f.render_widget(
            Line::from(Span::styled(
                format!(
                    "{}{} ({})",
                    marker(hfocus),
                    lang.t(Msg::History),
                    self.file.history.len()
                ),
                focus_style(hfocus),
            )),
            l.hhead,
        );
        // Each event a sentence: who, the act and its facts (result, deadline, scope items),
        // basis, document, reason; the date it is dated in a column of its own.
        let cols = vec![
            Column::fixed(lang.t(Msg::ColDate), 10),
            Column::flex(lang.t(Msg::ColEvent), 20),
        ];
        let height = l.hist.height.saturating_sub(1) as usize;
        let offset = self.hist_offset.min(self.hist);
        let offset = if self.hist >= offset + height.max(1) {
            self.hist + 1 - height.max(1)
        } else {
            offset
        };
        let officers = &self.file.officers;
        let rows = self
            .file
            .history
            .iter()
            .skip(offset)
            .take(height)
            .map(|e| {
                let n = theme.normal();
                let date = e
                    .act_date
                    .clone()
                    .unwrap_or_else(|| sentences::local_time(&e.at, cx.zone));
                vec![
                    (clean(date.get(..10).unwrap_or(&date)).into_owned(), n),
                    (
                        format!(
                            "{}{}",
                            history_marks(lang, e),
                            sentences::sentence_body(lang, e, officers)
                        ),
                        n,
                    ),
                ]
            })
            .collect();
        let selected = if self.file.history.is_empty() {
            None
        } else {
            Some(self.hist - offset)
        };
        if hfocus {
            table::render(f, l.hist, &cols, rows, selected, theme);
        } else {
            table::render(f, l.hist, &cols, rows, None, theme);
        }

        // The selected event's sentence in full, then when it was recorded (local time, the
        // zone named) and its number.
        if let Some(e) = self.file.history.get(self.hist) {
            let text = format!(
                "{}{}",
                history_marks(lang, e),
                sentences::sentence(lang, e, officers)
            );
            let mut lines: Vec<Line> =
                wrap_lines(&text, w, l.hdetail.height.saturating_sub(1).max(1) as usize)
                    .into_iter()
                    .map(|s| Line::from(Span::styled(s, theme.normal())))
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
            f.render_widget(ratatui::widgets::Paragraph::new(lines), l.hdetail);
        }
    }
}

/// What became of a recorded act, before its sentence: corrected (已更正), annulled (已撤销（事件 N）).
fn history_marks(lang: Lang, e: &crate::store::read::HistoryEvent) -> String {
    let mut text = String::new();
    if !e.corrections.is_empty() {
        text.push_str(&format!("[{}] ", lang.t(Msg::MarkCorrected)));
    }
    if let Some(a) = e.annulled_by {
        text.push_str(&format!("[{}] ", lang.f(Msg::MarkAnnulled, &[("id", &a)])));
    }
    text
}

impl BodyScreen {
    fn render_cases(
        &self,
        f: &mut Frame,
        l: &BodyLayout,
        cx: &Cx,
        marker: &dyn Fn(bool) -> &'static str,
        focus_style: &dyn Fn(bool) -> ratatui::style::Style,
    ) {
        let (lang, theme) = (cx.lang, cx.theme);
        let w = l.crows.width as usize;
        let focused = self.focus == Focus::Cases;
        f.render_widget(
            Line::from(Span::styled(
                format!(
                    "{}{} ({})",
                    marker(focused),
                    lang.t(Msg::Cases),
                    self.cases.len()
                ),
                focus_style(focused),
            )),
            l.chead,
        );
        let k = body_kind(&self.file.body.kind);
        let (act_w, stage_w) = if lang == Lang::En { (16, 10) } else { (12, 8) };
        let wide = w >= 110;
        let rows = l.crows.height.saturating_sub(1) as usize;
        let mut lines: Vec<Line> = self
            .cases
            .iter()
            .enumerate()
            .skip(self.case_offset)
            .take(rows)
            .map(|(i, line)| {
                let c = &line.case;
                let mut head = format!(
                    "{} {} {} ",
                    pad(&fit(&clean(&c.case_no), 22), 22),
                    pad(&act_of(lang, k, &c.intended), act_w),
                    pad(&fit(&case_stage(lang, c.stage()), stage_w), stage_w),
                );
                if wide {
                    head.push_str(&pad(
                        &lang.f(Msg::CaseOpenedOn, &[("date", &or_dash(&c.opened_on))]),
                        18,
                    ));
                }
                let rest = w.saturating_sub(width(&head));
                let (clock, style) = match &line.clock {
                    Some(item) => {
                        let (what, left) = (
                            due_kind(lang, &item.kind),
                            crate::tui::screens::queue::days_left(lang, item),
                        );
                        let text = format!("{what} {} {left}", item.due_on);
                        (
                            // Short of room, the date and the days left come first.
                            if width(&text) <= rest {
                                text
                            } else {
                                format!("{} {left} {what}", item.due_on)
                            },
                            if item.overdue {
                                theme.overdue()
                            } else {
                                theme.normal()
                            },
                        )
                    }
                    None => (lang.t(Msg::CaseNoClock).to_string(), theme.dim()),
                };
                let row = Line::from(vec![
                    Span::raw(head),
                    Span::styled(fit(&clock, rest), style),
                ]);
                if i == self.case_sel {
                    crate::tui::widgets::selection_bar(
                        row,
                        if focused {
                            theme.selected()
                        } else {
                            theme.selected_unfocused()
                        },
                    )
                } else {
                    row
                }
            })
            .collect();
        if let Some(c) = self.selected_case() {
            let text = format!(
                "{} · {} · {}",
                lang.f(Msg::CaseOpenedOn, &[("date", &or_dash(&c.opened_on))]),
                lang.f(
                    Msg::CaseDetailOfficers,
                    &[("names", &clean(&c.officers.join(lang.pick("、", ", "))))]
                ),
                lang.f(Msg::CaseLimitShort, &[("date", &or_dash(&c.decision_due))]),
            );
            lines.push(Line::from(Span::styled(fit(&text, w), theme.dim())));
        }
        f.render_widget(ratatui::widgets::Paragraph::new(lines), l.crows);
    }
}

/// A case's next clock in a sentence (its detail popup).
fn case_clock_text(lang: Lang, clock: Option<&QueueItem>) -> String {
    match clock {
        Some(item) => lang.f(
            Msg::CaseNext,
            &[
                ("what", &due_kind(lang, &item.kind)),
                ("date", &item.due_on),
                ("left", &crate::tui::screens::queue::days_left(lang, item)),
            ],
        ),
        None => lang.t(Msg::CaseNoClock).to_string(),
    }
}

struct BodyLayout {
    top: Rect,
    qhead: Rect,
    qrows: Rect,
    qdetail: Rect,
    chead: Rect,
    crows: Rect,
    hhead: Rect,
    hist: Rect,
    hdetail: Rect,
    history_rows: usize,
}

/// A date that may not be there yet, cleaned, or "—".
/// Between the items of a list on one line: 、 in Chinese.
fn list_sep(lang: Lang) -> &'static str {
    lang.pick("、", "; ")
}

fn or_dash(v: &Option<String>) -> String {
    clean(v.as_deref().unwrap_or("—")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;
    use jiff::tz::TimeZone;
    const UTC: TimeZone = TimeZone::UTC;

    #[test]
    fn opens_at_the_qualification_and_switches_panes() {
        let (_dir, store) = fixture::temp();
        let mut b = BodyScreen::open(&store, "CNCA-R-2019-077", None).unwrap();
        assert_eq!(b.file.body.name, "浙江方圆检测集团股份有限公司");
        assert_eq!(b.selected().unwrap().qualification.status, "suspended");
        // Newest first: the suspension, then the grant.
        assert_eq!(b.file.history[0].act, "suspend");
        assert_eq!(b.update(Action::Acts, Lang::Zh, &UTC), Effect::OpenActs);
        assert_eq!(b.focus, Focus::Qualifications);
        b.update(Action::NextPane, Lang::Zh, &UTC);
        assert_eq!(b.focus, Focus::History);
        b.update(Action::Down, Lang::Zh, &UTC);
        assert_eq!(b.hist, 1);
        match b.update(Action::Open, Lang::En, &UTC) {
            Effect::Detail { lines, .. } => assert!(lines.iter().any(|l| l.contains("grant"))),
            other => panic!("{other:?}"),
        }
        b.update(Action::PrevPane, Lang::Zh, &UTC);
        match b.update(Action::Open, Lang::Zh, &UTC) {
            Effect::Detail { lines, .. } => {
                assert!(
                    lines.iter().any(|l| l.contains("停业整顿期满")),
                    "{lines:?}"
                );
                assert!(lines.iter().any(|l| l.contains("能源管理体系")));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reload_shows_the_new_event_on_top_and_keeps_a_cursor_below() {
        let (dir, store) = fixture::temp();
        let mut b = BodyScreen::open(&store, fixture::uscc("330106", 6).as_str(), None).unwrap();
        b.focus = Focus::History;
        b.update(Action::Down, Lang::Zh, &UTC);
        let kept = b.file.history[b.hist].id;
        let mut other = fixture::other_user(&dir);
        let a = crate::domain::ids::ApprovalNo::parse("CNCA-R-2019-077").unwrap();
        let req = crate::domain::acts::ActRequest {
            act: Some(crate::domain::acts::ActKind::Lift),
            date: Some(fixture::TODAY),
            basis: "认证认可条例第五十八条".into(),
            ..Default::default()
        };
        other.perform(&a, &req, None).unwrap();
        b.reload(&store).unwrap();
        assert_eq!(b.file.history[0].act, "lift");
        assert_eq!(
            b.file.history[b.hist].id, kept,
            "the cursor stays on the same event"
        );
        assert_eq!(b.selected().unwrap().qualification.status, "active");
    }

    #[test]
    fn c_and_u_open_the_forms_of_the_selected_event_with_marks_after() {
        let (_dir, mut store) = fixture::temp();
        let mut b = BodyScreen::open(&store, "CNCA-R-2019-077", None).unwrap();
        assert!(
            matches!(b.update(Action::Correct, Lang::En, &UTC), Effect::Toast(_)),
            "history first"
        );
        b.update(Action::NextPane, Lang::En, &UTC);
        let id = b.file.history[0].id;
        assert_eq!(
            b.update(Action::Annul, Lang::En, &UTC),
            Effect::OpenRecord {
                event: id,
                act: "suspend".into(),
                annul: true
            }
        );
        store
            .correct(
                id,
                "doc_no",
                "市监认罚〔2026〕99号",
                "笔误",
                "更正审批单",
                "",
            )
            .unwrap();
        let annul = store.annul(id, None, "复议撤销", "复议决定书", "").unwrap();
        b.reload(&store).unwrap();
        let e = b.file.history.iter().find(|e| e.id == id).unwrap();
        let line = history_marks(Lang::Zh, e);
        assert!(line.contains("已更正"), "{line}");
        assert!(
            line.contains(&format!("已撤销（事件 {}）", annul.event_id)),
            "{line}"
        );
    }

    #[test]
    fn an_unknown_key_is_not_found() {
        let (_dir, store) = fixture::temp();
        assert!(matches!(
            BodyScreen::open(&store, "CNCA-R-1999-999", None),
            Err(crate::store::StoreError::NotFound(_))
        ));
    }
}
