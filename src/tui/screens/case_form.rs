//! The forms of a penalty case's steps, from the body file (`p`): 立案 (case number, intended
//! penalty, date, lead, officers), the notice, the party's answer and the hearing, an
//! extension, the decision, its service, 结案. The fields are `act_form::FormField`s; every
//! rule is the store's (`Store::open_case`, `Store::case_step`, and for the decision
//! `Store::preview_act` then `Store::perform` with the case), its refusal shown on the field it
//! names. The decision suspends or revokes: it asks y/N first, default No.

use super::Cx;
use super::act_form::{
    DiscardGuard, FormField, FormLayout, Outcome, Value, answer_confirm, footer_lines,
    place_refusals, render_confirm, render_form, split_items,
};
use crate::domain::acts::{ActKind, ActRequest, Hearing, Refusal};
use crate::domain::ids::{ApprovalNo, BodyKind};
use crate::domain::kinds;
use crate::domain::penalty::CaseStep;
use crate::i18n::{self, Lang, Msg};
use crate::store::cases::{CaseRow, CaseStepRequest, NewCase};
use crate::store::read::QualificationDetail;
use crate::store::{Store, StoreError};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::text::{clean, fit, wrap};
use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};

/// The penalties decided in a case, as the choice fields offer them.
const PENALTIES: [&str; 2] = ["suspend", "revoke-penalty"];

#[derive(Debug, Clone)]
pub struct CaseForm {
    pub step: CaseStep,
    pub approval: ApprovalNo,
    pub kind: Option<BodyKind>,
    /// The case the step is taken in (none when opening one).
    pub case: Option<CaseRow>,
    /// The qualification's version when the form opened (the decision checks it).
    pub qualification_version: i64,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// An error that belongs to no field of this form (e.g. a fact of the case).
    pub error: Option<String>,
    /// Asking y/N before the decision: what it will change, and the checked request.
    pub confirm: Option<(Vec<String>, ActRequest)>,
    /// Waiting for the write lock (another officer's import): the step to try again.
    pub waiting: Option<super::lock_wait::Waiting<(Vec<String>, ActRequest)>>,
    busy: Option<Option<crate::store::long_write::LongWrite>>,
    /// Esc on a changed form asks first.
    pub discard: DiscardGuard,
}

fn chosen(mut f: FormField, index: usize) -> FormField {
    if let Value::Choice { index: i, .. } = &mut f.value {
        *i = Some(index);
    }
    f
}

fn option_label(lang: Lang, kind: Option<BodyKind>, key: &str, code: &str) -> String {
    match key {
        "act" => i18n::act_of(lang, kind, code).into_owned(),
        "hearing" => Hearing::parse(code)
            .map(|h| i18n::hearing(lang, h).to_string())
            .unwrap_or_else(|| code.to_string()),
        _ => code.to_string(),
    }
}

impl CaseForm {
    /// The form of `step` on qualification `q`, in `case` (required for every step but Open).
    pub fn new(
        step: CaseStep,
        q: &QualificationDetail,
        case: Option<&CaseRow>,
        today: Date,
        lang: Lang,
    ) -> Option<CaseForm> {
        let approval = ApprovalNo::parse(&q.qualification.approval_no).ok()?;
        if step != CaseStep::Open && case.is_none() {
            return None;
        }
        let kind = i18n::body_kind(&q.qualification.kind);
        let date =
            |label| FormField::date("date", label, Some(today)).with_hint(lang.t(Msg::HintDate));
        let texts = || {
            vec![
                FormField::text("basis", Msg::FieldBasis, ""),
                FormField::text("doc_no", Msg::ColDocNo, ""),
                FormField::text("reason", Msg::ColReason, "")
                    .multiline()
                    .with_hint(lang.t(Msg::HintMultiLine)),
            ]
        };
        let penalty = |label| {
            FormField::choice("act", label, PENALTIES.to_vec()).with_hint(lang.t(Msg::HintChoice))
        };
        let (mut fields, focus) = match step {
            CaseStep::Open => (
                vec![
                    // Opening a registered lead: its number, which the store recognises.
                    FormField::text(
                        "case_no",
                        Msg::FieldCaseNo,
                        case.map(|c| c.case_no.as_str()).unwrap_or(""),
                    ),
                    chosen(penalty(Msg::FieldIntended), 0),
                    date(Msg::FieldOpenedOn),
                    FormField::date("lead_on", Msg::FieldLeadOn, None)
                        .with_hint(lang.t(Msg::HintLeadOn)),
                    FormField::list("officers", Msg::FieldOfficers)
                        .with_hint(lang.t(Msg::HintOfficers)),
                ],
                0,
            ),
            CaseStep::Notify | CaseStep::Serve => (vec![date(Msg::FieldStepDate)], 0),
            CaseStep::Hearing => (
                vec![
                    date(Msg::FieldStepDate),
                    FormField::choice(
                        "hearing",
                        Msg::FieldHearing,
                        [Hearing::Requested, Hearing::Waived, Hearing::NotRequested]
                            .iter()
                            .map(|h| h.as_str())
                            .collect(),
                    )
                    .with_hint(lang.t(Msg::HintHearingAnswer)),
                    FormField::date("hearing_on", Msg::FieldHearingOn, None)
                        .with_hint(lang.t(Msg::HintHearingOn)),
                    FormField::date("hearing_held_on", Msg::FieldHearingHeld, None)
                        .with_hint(lang.t(Msg::HintHearingHeld)),
                ],
                1,
            ),
            CaseStep::Extend => (
                vec![
                    date(Msg::FieldStepDate),
                    FormField::text("days", Msg::FieldDays, "").with_hint(lang.t(Msg::HintDays)),
                ],
                1,
            ),
            CaseStep::Decide => {
                let intended = case
                    .and_then(|c| PENALTIES.iter().position(|p| *p == c.intended))
                    .unwrap_or(0);
                (
                    vec![
                        chosen(penalty(Msg::FieldPenalty), intended)
                            .with_hint(lang.t(Msg::HintDecideAct)),
                        date(Msg::FieldDate),
                        FormField::date("deadline", Msg::FieldSuspendUntil, None)
                            .with_hint(lang.t(Msg::HintSuspendOnly)),
                    ],
                    2,
                )
            }
            CaseStep::Close => (
                vec![
                    date(Msg::FieldStepDate),
                    FormField::text("reason", Msg::FieldOutcome, "")
                        .multiline()
                        .with_hint(lang.t(Msg::HintMultiLine)),
                ],
                1,
            ),
        };
        for f in texts() {
            if !fields.iter().any(|x| x.key == f.key) {
                fields.push(f);
            }
        }
        let act = match step {
            CaseStep::Decide => case.and_then(|c| ActKind::parse(&c.intended)),
            _ => None,
        };
        if let Some(basis) = fields.iter_mut().find(|f| f.key == "basis") {
            basis.hint = Some(match (step, act) {
                (CaseStep::Extend, _) => lang.t(Msg::HintExtendBasis).to_string(),
                (_, Some(act)) => {
                    let examples = kinds::bases(kind.unwrap_or(BodyKind::Cb), act).join("；");
                    lang.f(Msg::HintBasis, &[("examples", &examples)])
                }
                _ => lang.t(Msg::HintCorrectionBasis).to_string(),
            });
        }
        let discard = DiscardGuard::new(&fields);
        Some(CaseForm {
            discard,
            step,
            approval,
            kind,
            case: case.cloned(),
            qualification_version: q.qualification.version,
            fields,
            focus,
            error: None,
            confirm: None,
            waiting: None,
            busy: None,
        })
    }

    pub fn modes(&self) -> &'static [Mode] {
        if self.confirm.is_some() || self.discard.asking {
            &[Mode::Confirm, Mode::Any]
        } else {
            super::act_form::field_modes(self.fields.get(self.focus))
        }
    }

    pub fn field(&self, key: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn value(&self, key: &str) -> String {
        self.field(key)
            .map(|f| f.text_value().trim().to_string())
            .unwrap_or_default()
    }

    fn mark(&mut self, key: &str, message: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = Some(message);
        }
    }

    /// The date in field `key`: Ok(None) when empty, Err when it is not a date (marked).
    fn date(&mut self, key: &str, lang: Lang) -> Result<Option<Date>, ()> {
        let text = self.value(key);
        super::act_form::date_in_field(&text, lang).map_err(|m| self.mark(key, m))
    }

    /// Put the store's refusal on the field it names (wrapped under it, never cut), or on the
    /// form's own lines; the field in error gets the focus.
    fn apply_refusal(&mut self, r: &Refusal, lang: Lang) {
        self.confirm = None;
        // The decision's "case" refusals are about the penalty chosen (it must be the one
        // the notice announced) or the case being decided already.
        let mut r = r.clone();
        if r.field == Some("case") && self.step == CaseStep::Decide {
            r.field = Some("act");
        }
        let unplaced = place_refusals(&mut self.fields, &[r], lang);
        if !unplaced.is_empty() {
            self.error = Some(unplaced.join("\n"));
        }
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    fn store_error(&mut self, e: StoreError, lang: Lang) -> Outcome {
        match e {
            StoreError::Conflict { by, at, .. } => Outcome::Conflict(lang.f(
                Msg::ErrConflict,
                &[
                    ("by", &clean(&by)),
                    (
                        "at",
                        &crate::i18n::sentences::local_time_in(&at, &jiff::tz::TimeZone::UTC),
                    ),
                ],
            )),
            StoreError::Refused(r) => {
                self.apply_refusal(&r, lang);
                Outcome::Stay
            }
            other => {
                if let Some(holder) = super::lock_wait::lock_busy(&other) {
                    self.busy = Some(holder);
                    return Outcome::Stay;
                }
                self.confirm = None;
                self.error = Some(other.render(lang));
                Outcome::Stay
            }
        }
    }

    fn case_no(&self) -> String {
        self.case
            .as_ref()
            .map(|c| clean(&c.case_no).into_owned())
            .unwrap_or_default()
    }

    fn submit(&mut self, store: &mut Store, lang: Lang) -> Outcome {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
        let date = self.date("date", lang);
        let lead_on = self.date("lead_on", lang);
        let hearing_on = self.date("hearing_on", lang);
        let held_on = self.date("hearing_held_on", lang);
        let deadline = self.date("deadline", lang);
        let days = match self.value("days") {
            d if d.is_empty() => Ok(None),
            d => d.parse::<u32>().map(Some).map_err(|_| {
                self.mark("days", lang.f(Msg::ErrNotDays, &[("value", &clean(&d))]));
            }),
        };
        let (Ok(date), Ok(lead_on), Ok(hearing_on), Ok(held_on), Ok(deadline), Ok(days)) =
            (date, lead_on, hearing_on, held_on, deadline, days)
        else {
            if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
                self.focus = i;
            }
            return Outcome::Stay;
        };
        let (basis, doc_no, reason) = (
            self.value("basis"),
            self.value("doc_no"),
            self.value("reason"),
        );
        let act = ActKind::parse(&self.value("act"));
        let step_name = i18n::case_step(lang, self.step);
        match (self.step, self.case.clone()) {
            (CaseStep::Open, _) => {
                let new = NewCase {
                    approval_no: self.approval.as_str().to_string(),
                    case_no: self.value("case_no"),
                    intended: act,
                    opened_on: date,
                    lead_on,
                    officers: split_items(&self.value("officers")),
                    basis,
                    doc_no,
                    reason,
                };
                match store.open_case(&new) {
                    Ok(c) => Outcome::Done(lang.f(
                        Msg::CaseOpened,
                        &[
                            ("case_no", &clean(&c.case_no)),
                            ("approval", &clean(&c.approval_no)),
                        ],
                    )),
                    Err(e) => self.store_error(e, lang),
                }
            }
            (CaseStep::Decide, Some(case)) => {
                let req = ActRequest {
                    act,
                    date,
                    deadline,
                    basis,
                    doc_no,
                    reason,
                    case_id: Some(case.id),
                    ..Default::default()
                };
                // The same rules as the write, without writing; then y/N.
                match store.preview_act(&self.approval, &req, Some(self.qualification_version)) {
                    Ok(p) => {
                        let k = self.kind;
                        let mut summary = vec![
                            lang.f(Msg::CaseDetailTitle, &[("case_no", &self.case_no())]),
                            lang.f(
                                Msg::SumStatus,
                                &[
                                    (
                                        "before",
                                        &i18n::status_of(lang, k, p.status_before.as_str()),
                                    ),
                                    ("after", &i18n::status_of(lang, k, p.status_after.as_str())),
                                ],
                            ),
                        ];
                        for o in &p.plan.open {
                            summary.push(lang.f(
                                Msg::SumOpens,
                                &[
                                    ("what", &i18n::follow_up(lang, o.kind.as_str())),
                                    ("date", &o.due.date),
                                ],
                            ));
                        }
                        summary.push(format!(
                            "{}{c}{}   {}{c}{}",
                            lang.t(Msg::FieldBasis),
                            clean(&req.basis),
                            lang.t(Msg::ColDocNo),
                            clean(if req.doc_no.is_empty() {
                                "—"
                            } else {
                                &req.doc_no
                            }),
                            c = super::colon(lang)
                        ));
                        self.confirm = Some((summary, req));
                        Outcome::Stay
                    }
                    Err(e) => self.store_error(e, lang),
                }
            }
            (step, Some(case)) => {
                let hearing = match (held_on, Hearing::parse(&self.value("hearing"))) {
                    (Some(held), _) => Some((Hearing::Requested, Some(held))),
                    (None, h) => h.map(|h| (h, None)),
                };
                let req = CaseStepRequest {
                    date,
                    hearing,
                    hearing_on,
                    days,
                    basis,
                    doc_no,
                    reason,
                };
                match store.case_step(case.id, step, &req, Some(case.version)) {
                    Ok(c) => Outcome::Done(lang.f(
                        Msg::CaseStepDone,
                        &[("step", &step_name), ("case_no", &clean(&c.case_no))],
                    )),
                    Err(e) => self.store_error(e, lang),
                }
            }
            (_, None) => Outcome::Cancelled,
        }
    }

    /// The decision, after y.
    fn perform(&mut self, store: &mut Store, req: &ActRequest, lang: Lang) -> Outcome {
        match store.perform(&self.approval, req, Some(self.qualification_version)) {
            Ok(done) => Outcome::Done(lang.f(
                Msg::ActDone,
                &[
                    ("act", &i18n::act_of(lang, self.kind, &done.act)),
                    ("approval", &clean(&done.approval_no)),
                    (
                        "before",
                        &i18n::status_of(lang, self.kind, &done.status_before),
                    ),
                    (
                        "after",
                        &i18n::status_of(lang, self.kind, &done.status_after),
                    ),
                ],
            )),
            Err(e) => self.store_error(e, lang),
        }
    }

    /// A key; while the form waits for the write lock, Esc stops waiting (`lock_wait`).
    pub fn update(&mut self, action: Action, store: &mut Store, lang: Lang) -> Outcome {
        super::lock_wait::update(self, action, store, lang)
    }

    fn handle_key(&mut self, action: Action, store: &mut Store, lang: Lang) -> Outcome {
        if let Some(answer) = answer_confirm(&mut self.confirm, &action) {
            return match answer {
                Some(req) => self.perform(store, &req, lang),
                None => Outcome::Stay,
            };
        }
        match self.discard.answer(action) {
            Some(true) => return Outcome::Cancelled,
            Some(false) => return Outcome::Stay,
            None => {}
        }
        let n = self.fields.len();
        match action {
            Action::Close if self.discard.close(&self.fields) => return Outcome::Cancelled,
            Action::Close => {}
            Action::Submit => return self.submit(store, lang),
            Action::NextField => self.focus = (self.focus + 1) % n,
            Action::PrevField => self.focus = (self.focus + n - 1) % n,
            edit => {
                // The penalty must be chosen; the hearing answer may be left out (setting or
                // recording the hearing only).
                let field = &mut self.fields[self.focus];
                let optional = field.key == "hearing";
                field.edit(edit, optional);
            }
        }
        Outcome::Stay
    }

    /// The lines the form wants at `width` columns (frame included): every field with its
    /// notes wrapped, the form's own errors or the keys.
    pub fn height(&self, width: u16, lang: Lang) -> u16 {
        let inner = width.saturating_sub(2);
        if let Some((summary, _)) = &self.confirm {
            let lines: usize = summary.iter().map(|s| wrap(s, inner as usize).len()).sum();
            return lines as u16 + 6;
        }
        let layout = FormLayout::new(&self.fields, self.focus, inner, lang);
        let footer = footer_lines(self.error.as_deref(), self.discard.asking, inner, lang);
        (layout.total() + footer.len() + 2) as u16
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        f.render_widget(Clear, area);
        let step = i18n::case_step(lang, self.step);
        let title = match &self.case {
            Some(_) => lang.f(
                Msg::CaseFormTitle,
                &[
                    ("step", &step),
                    ("case_no", &self.case_no()),
                    ("approval", &self.approval.as_str()),
                ],
            ),
            None => format!("{step} — {}", self.approval.as_str()),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(
                fit(
                    &format!(" {} ", clean(&title)),
                    area.width.saturating_sub(4) as usize,
                ),
                theme.title(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.width < 10 || inner.height < 3 {
            return;
        }
        if let Some((summary, _)) = &self.confirm {
            let act = i18n::act_of(lang, self.kind, &self.value("act"));
            let question = lang.f(Msg::ConfirmQuestion, &[("act", &act)]);
            render_confirm(f, inner, question, summary, cx);
            return;
        }
        render_form(
            f,
            inner,
            (&self.fields, self.focus),
            self.error.as_deref(),
            self.discard.asking,
            cx,
            &|key, code| option_label(lang, self.kind, key, code),
        );
    }
}

crate::waits_for_lock!(CaseForm, (Vec<String>, ActRequest));
