//! The form of one act: the fields the act takes (`ActKind::fields`) plus date, legal basis,
//! document number and reason; inline errors (ours for dates, the store's `Refusal.field` for
//! the rules); Ctrl-S submits, Esc cancels; destructive acts first ask y/N (default No) with a
//! summary of what will change, computed by the same rules without writing.

use super::Cx;
use crate::domain::acts::{
    ActKind, ActRequest, CreditList, Field, Hearing, RectificationResult, Refusal, VerifyResult,
};
use crate::domain::ids::{ApprovalNo, BodyKind};
use crate::domain::kinds;
use crate::i18n::{self, Lang, Msg};
use crate::store::read::QualificationDetail;
use crate::store::tui_support::ActPreview;
use crate::store::{Store, StoreError};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::text::{clean, fit, pad, width, wrap};
use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// What a field holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Free text; `date` fields must parse as a date, `list` fields are split on ; , 、
    Text {
        input: TextInput,
        date: bool,
        list: bool,
    },
    /// One of a few options (codes), or none chosen.
    Choice {
        options: Vec<&'static str>,
        index: Option<usize>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// The name the store's `Refusal.field` uses.
    pub key: &'static str,
    pub label: Msg,
    pub value: Value,
    pub hint: Option<String>,
    pub error: Option<String>,
}

impl FormField {
    /// Apply an editing key; true when the value changed (its error is cleared then). A choice
    /// cycles through its options — and through "not chosen" when `may_be_empty`, which
    /// Backspace, Delete and Ctrl-U also return to.
    pub(crate) fn edit(&mut self, edit: Action, may_be_empty: bool) -> bool {
        let changed = match &mut self.value {
            Value::Text { input, .. } => input.edit(edit),
            Value::Choice { options, index } => {
                let len = options.len() + usize::from(may_be_empty);
                let pos = match (*index, may_be_empty) {
                    (Some(i), true) => i + 1,
                    (Some(i), false) => i,
                    (None, _) => 0,
                };
                let next = match edit {
                    _ if len == 0 => None,
                    Action::Right | Action::Insert(' ') => Some((pos + 1) % len),
                    Action::Left => Some((pos + len - 1) % len),
                    Action::DeleteBack | Action::DeleteForward | Action::ClearLine
                        if may_be_empty =>
                    {
                        Some(0)
                    }
                    _ => None,
                };
                if let Some(next) = next {
                    *index = if may_be_empty {
                        next.checked_sub(1)
                    } else {
                        Some(next)
                    };
                }
                next.is_some()
            }
        };
        if changed {
            self.error = None;
        }
        changed
    }

    pub(crate) fn text(key: &'static str, label: Msg, initial: &str) -> Self {
        FormField {
            key,
            label,
            value: Value::Text {
                input: TextInput::new(initial),
                date: false,
                list: false,
            },
            hint: None,
            error: None,
        }
    }
    pub(crate) fn date(key: &'static str, label: Msg, initial: Option<Date>) -> Self {
        let init = initial.map(|d| d.to_string()).unwrap_or_default();
        FormField {
            key,
            label,
            value: Value::Text {
                input: TextInput::new(&init),
                date: true,
                list: false,
            },
            hint: None,
            error: None,
        }
    }
    pub(crate) fn list(key: &'static str, label: Msg) -> Self {
        FormField {
            key,
            label,
            value: Value::Text {
                input: TextInput::default(),
                date: false,
                list: true,
            },
            hint: None,
            error: None,
        }
    }
    pub(crate) fn choice(key: &'static str, label: Msg, options: Vec<&'static str>) -> Self {
        FormField {
            key,
            label,
            value: Value::Choice {
                options,
                index: None,
            },
            hint: None,
            error: None,
        }
    }
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn text_value(&self) -> String {
        match &self.value {
            Value::Text { input, .. } => input.text(),
            Value::Choice { options, index } => {
                index.map(|i| options[i].to_string()).unwrap_or_default()
            }
        }
    }
}

/// What came of an action on the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Stay,
    Cancelled,
    /// Written: a sentence for the officer.
    Done(String),
    /// Someone else changed the qualification first: nothing was written.
    Conflict(String),
}

#[derive(Debug, Clone)]
pub struct ActForm {
    pub act: ActKind,
    pub approval: ApprovalNo,
    /// The labels and the bases offered follow the kind (PROCEDURE.md "Words by kind of body").
    pub kind: Option<BodyKind>,
    pub body_name: String,
    /// The version of the qualification the officer saw when the form opened.
    pub expected_version: i64,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// An error that belongs to no one field.
    pub error: Option<String>,
    /// Asking y/N: the summary of what will change, and the checked request.
    pub confirm: Option<(Vec<String>, ActRequest)>,
    /// Waiting for the write lock (another officer's import): the step to try again.
    pub waiting: Option<super::lock_wait::Waiting<(Vec<String>, ActRequest)>>,
    busy: Option<Option<crate::store::long_write::LongWrite>>,
    /// The question asked with `confirm`: an act that ends or suspends, or a basis to check.
    pub question: Msg,
}

/// Split a list field on the separators officers use.
pub fn split_items(s: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in s
        .split([';', '；', ',', '，', '、'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        if !items.iter().any(|x| x == item) {
            items.push(item.to_string());
        }
    }
    items
}

fn option_label(lang: Lang, key: &str, code: &str) -> String {
    match key {
        "result" => VerifyResult::parse(code)
            .map(|r| i18n::verify_result(lang, r).to_string())
            .or_else(|| {
                RectificationResult::parse(code)
                    .map(|r| i18n::rectification_result(lang, r).to_string())
            })
            .unwrap_or_else(|| code.to_string()),
        "hearing" => Hearing::parse(code)
            .map(|h| i18n::hearing(lang, h).to_string())
            .unwrap_or_else(|| code.to_string()),
        "list" => i18n::credit_list(lang, code).into_owned(),
        _ => code.to_string(),
    }
}

impl ActForm {
    /// The form for `act` on the qualification `q` of the body named `body_name`.
    pub fn new(
        act: ActKind,
        q: &QualificationDetail,
        body_name: &str,
        today: Date,
        lang: Lang,
    ) -> Option<ActForm> {
        let approval = ApprovalNo::parse(&q.qualification.approval_no).ok()?;
        let kind = i18n::body_kind(&q.qualification.kind);
        let scope = i18n::scope_word(lang, kind);
        let cma = kind == Some(BodyKind::Cma);
        // The date of the act in the words of the act: a renewal is received (受理), a
        // verification done (核查), the rest decided.
        let date_label = match act {
            ActKind::FileRenewal => Msg::FieldReceivedOn,
            ActKind::Verify => Msg::FieldVerifiedOn,
            _ => Msg::FieldDate,
        };
        let mut fields =
            vec![FormField::date("date", date_label, Some(today)).with_hint(lang.t(Msg::HintDate))];
        for field in act.fields() {
            fields.push(match field {
                Field::VerifyResult => FormField::choice(
                    "result",
                    Msg::FieldResult,
                    VerifyResult::ALL.iter().map(|r| r.as_str()).collect(),
                )
                .with_hint(lang.t(Msg::HintChoice)),
                Field::RectificationResult => FormField::choice(
                    "result",
                    Msg::FieldResult,
                    RectificationResult::ALL
                        .iter()
                        .map(|r| r.as_str())
                        .collect(),
                )
                .with_hint(lang.t(Msg::HintChoice)),
                Field::Deadline => {
                    let label = match act {
                        ActKind::Suspend => Msg::FieldSuspendUntil,
                        ActKind::SetBar | ActKind::ShortenBar => Msg::FieldBarUntil,
                        _ => Msg::FieldDeadline,
                    };
                    let hint = if act == ActKind::Verify {
                        lang.t(Msg::HintDeadlineIfRectify)
                    } else {
                        lang.t(Msg::HintDate)
                    };
                    FormField::date("deadline", label, None).with_hint(hint)
                }
                Field::ValidUntil => FormField::date("valid_until", Msg::FieldValidUntil, None)
                    .with_hint(lang.t(Msg::HintRenewUntil)),
                Field::ScopeAdd => FormField::list(
                    "scope_add",
                    if cma {
                        Msg::FieldCapabilityAdd
                    } else {
                        Msg::FieldScopeAdd
                    },
                )
                .with_hint(lang.t(Msg::HintList)),
                Field::ScopeRemove => {
                    let active: Vec<String> = q
                        .scope
                        .iter()
                        .filter(|s| s.status == "active")
                        .map(|s| clean(&s.item).into_owned())
                        .collect();
                    let items = active.join("; ");
                    let args: [(&str, &dyn std::fmt::Display); 2] =
                        [("items", &items), ("scope", &scope)];
                    let hint = if act == ActKind::Revoke {
                        lang.f(Msg::HintPartialRevoke, &args)
                    } else {
                        lang.f(Msg::HintScopeNow, &args)
                    };
                    let label = if cma {
                        Msg::FieldCapabilityRemove
                    } else {
                        Msg::FieldScopeRemove
                    };
                    FormField::list("scope_remove", label).with_hint(hint)
                }
                Field::Name => FormField::text("name", Msg::FieldName, "")
                    .with_hint(lang.t(Msg::HintUnchanged)),
                Field::Address => FormField::text("address", Msg::Address, "")
                    .with_hint(lang.t(Msg::HintUnchanged)),
                Field::LegalRep => FormField::text("legal_rep", Msg::LegalRep, "")
                    .with_hint(lang.t(Msg::HintUnchanged)),
                Field::NoticeServedOn => {
                    FormField::date("notice_served_on", Msg::FieldNotice, None)
                        .with_hint(lang.t(Msg::HintDate))
                }
                Field::Hearing => FormField::choice(
                    "hearing",
                    Msg::FieldHearing,
                    // Suspension and revocation carry hearing rights (Art. 63): never "not applicable".
                    Hearing::ALL
                        .iter()
                        .filter(|h| **h != Hearing::NotApplicable)
                        .map(|h| h.as_str())
                        .collect(),
                )
                .with_hint(lang.t(Msg::HintChoice)),
                Field::HearingHeldOn => {
                    FormField::date("hearing_held_on", Msg::FieldHearingHeld, None)
                        .with_hint(lang.t(Msg::HintHearingHeld))
                }
                Field::Officers => FormField::list("officers", Msg::FieldOfficers)
                    .with_hint(lang.t(Msg::HintOfficers)),
                Field::CreditList => FormField::choice(
                    "list",
                    Msg::FieldList,
                    CreditList::ALL.iter().map(|c| c.as_str()).collect(),
                )
                .with_hint(lang.t(Msg::HintChoice)),
            });
        }
        // The bases offered are those of the body's kind: a CMA body is never shown an
        // article of 认证认可条例 that speaks of 认证机构.
        let examples = kinds::bases(kind.unwrap_or(BodyKind::Cb), act).join("；");
        fields.push(
            FormField::text("basis", Msg::FieldBasis, "")
                .with_hint(lang.f(Msg::HintBasis, &[("examples", &examples)])),
        );
        fields.push(FormField::text("doc_no", Msg::ColDocNo, ""));
        fields.push(FormField::text("reason", Msg::ColReason, ""));
        Some(ActForm {
            act,
            approval,
            kind,
            body_name: body_name.to_string(),
            expected_version: q.qualification.version,
            fields,
            focus: if act.fields().is_empty() { 0 } else { 1 },
            error: None,
            confirm: None,
            waiting: None,
            busy: None,
            question: Msg::ConfirmQuestion,
        })
    }

    pub fn modes(&self) -> &'static [Mode] {
        if self.confirm.is_some() {
            &[Mode::Confirm, Mode::Any]
        } else {
            &[Mode::Form, Mode::TextEdit, Mode::Any]
        }
    }

    /// The field named `key` (as the store names it).
    pub fn field(&self, key: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.key == key)
    }
    pub fn field_mut(&mut self, key: &str) -> Option<&mut FormField> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// Read the fields into a request; on a malformed date, mark the field and return None.
    pub fn request(&mut self, lang: Lang) -> Option<ActRequest> {
        let mut ok = true;
        for f in &mut self.fields {
            f.error = None;
        }
        self.error = None;
        let mut req = ActRequest {
            act: Some(self.act),
            ..Default::default()
        };
        for f in &mut self.fields {
            let text = f.text_value();
            let text = text.trim();
            let date = match &f.value {
                Value::Text { date: true, .. } if !text.is_empty() => {
                    match crate::domain::dates::parse_date(text) {
                        Some(d) => Some(d),
                        None => {
                            f.error = Some(lang.f(Msg::ErrNotADate, &[("value", &text)]));
                            ok = false;
                            None
                        }
                    }
                }
                _ => None,
            };
            let opt = |s: &str| {
                if s.is_empty() {
                    None
                } else {
                    Some(s.to_string())
                }
            };
            match f.key {
                "date" => req.date = date,
                "deadline" => req.deadline = date,
                "valid_until" => req.valid_until = date,
                "notice_served_on" => req.notice_served_on = date,
                "hearing_held_on" => req.hearing_held_on = date,
                "basis" => req.basis = text.to_string(),
                "doc_no" => req.doc_no = text.to_string(),
                "reason" => req.reason = text.to_string(),
                "result" => {
                    req.verify_result = if self.act == ActKind::Verify {
                        VerifyResult::parse(text)
                    } else {
                        None
                    };
                    req.rectification_result = if self.act == ActKind::RecordRectification {
                        RectificationResult::parse(text)
                    } else {
                        None
                    };
                }
                "hearing" => req.hearing = Hearing::parse(text),
                "list" => req.credit_list = CreditList::parse(text),
                "scope_add" => req.scope_add = split_items(text),
                "scope_remove" => req.scope_remove = split_items(text),
                "officers" => req.officers = split_items(text),
                "name" => req.name = opt(text),
                "address" => req.address = opt(text),
                "legal_rep" => req.legal_rep = opt(text),
                _ => {}
            }
        }
        if req.date.is_none() && self.field("date").and_then(|f| f.error.as_ref()).is_none() {
            if let Some(f) = self.field_mut("date") {
                f.error = Some(lang.t(Msg::ErrRequired).to_string());
            }
            ok = false;
        }
        if req.basis.is_empty() {
            if let Some(f) = self.field_mut("basis") {
                f.error = Some(lang.t(Msg::ErrBasisRequired).to_string());
            }
            ok = false;
        }
        if !ok {
            self.focus_first_error();
        }
        ok.then_some(req)
    }

    fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    /// Put the store's refusal on the field it names (or on the form).
    pub fn apply_refusal(&mut self, r: &Refusal) {
        let key = match r.field {
            Some("scope") => {
                if self.field("scope_add").is_some() {
                    Some("scope_add")
                } else {
                    Some("scope_remove")
                }
            }
            other => other,
        };
        match key.and_then(|k| self.fields.iter().position(|f| f.key == k)) {
            Some(i) => {
                self.fields[i].error = Some(r.message.clone());
                self.focus = i;
            }
            None => self.error = Some(r.message.clone()),
        }
    }

    /// What the act will change, in sentences for the y/N question.
    pub fn summary(&self, p: &ActPreview, req: &ActRequest, lang: Lang) -> Vec<String> {
        let kind = self.kind;
        let mut out = vec![lang.f(
            Msg::SumStatus,
            &[
                (
                    "before",
                    &i18n::status_of(lang, kind, p.status_before.as_str()),
                ),
                (
                    "after",
                    &i18n::status_of(lang, kind, p.status_after.as_str()),
                ),
            ],
        )];
        for o in &p.plan.open {
            out.push(lang.f(
                Msg::SumOpens,
                &[
                    ("what", &i18n::follow_up(lang, o.kind.as_str())),
                    ("date", &o.due.date),
                ],
            ));
        }
        for (k, result) in &p.plan.close {
            out.push(lang.f(
                Msg::SumCloses,
                &[
                    ("what", &i18n::follow_up(lang, k.as_str())),
                    ("result", &clean(result)),
                ],
            ));
        }
        for (item, st) in &p.plan.scope_set {
            out.push(lang.f(
                Msg::SumScope,
                &[
                    ("scope", &i18n::scope_heading(lang, kind)),
                    ("item", &clean(item)),
                    ("status", &i18n::scope_status(lang, st.as_str())),
                ],
            ));
        }
        if !p.plan.scope_add.is_empty() {
            out.push(lang.f(
                Msg::SumScopeAdd,
                &[
                    ("scope", &i18n::scope_word(lang, kind)),
                    ("items", &clean(&p.plan.scope_add.join("; "))),
                ],
            ));
        }
        if let Some(d) = p.plan.new_valid_until {
            out.push(lang.f(Msg::SumValidUntil, &[("date", &d)]));
        }
        if let Some(d) = p.plan.bar_until {
            out.push(lang.f(Msg::BarUntil, &[("date", &d)]));
        }
        if p.plan.bar_commitment {
            out.push(lang.t(Msg::CommitmentBarred).to_string());
        }
        if let Some(c) = p.plan.credit_add {
            out.push(lang.f(
                Msg::SumListed,
                &[("list", &i18n::credit_list(lang, c.as_str()))],
            ));
        }
        if let Some(c) = p.plan.credit_remove {
            out.push(lang.f(
                Msg::SumDelisted,
                &[("list", &i18n::credit_list(lang, c.as_str()))],
            ));
        }
        for (v, m) in [
            (&p.plan.name, Msg::FieldName),
            (&p.plan.address, Msg::Address),
            (&p.plan.legal_rep, Msg::LegalRep),
        ] {
            if let Some(v) = v {
                out.push(format!("{} → {}", lang.t(m), clean(v)));
            }
        }
        out.push(format!(
            "{}: {}   {}: {}",
            lang.t(Msg::FieldBasis),
            clean(&req.basis),
            lang.t(Msg::ColDocNo),
            clean(if req.doc_no.is_empty() {
                "—"
            } else {
                &req.doc_no
            })
        ));
        out
    }

    /// Write the act. A refusal goes back on the form, a conflict closes it.
    fn perform(&mut self, store: &mut Store, req: &ActRequest, lang: Lang) -> Outcome {
        match store.perform(&self.approval, req, Some(self.expected_version)) {
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
                self.confirm = None;
                self.apply_refusal(&r);
                Outcome::Stay
            }
            other => {
                if let Some(holder) = super::lock_wait::lock_busy(&other) {
                    self.busy = Some(holder);
                    return Outcome::Stay;
                }
                self.confirm = None;
                self.error = Some(other.to_string());
                Outcome::Stay
            }
        }
    }

    fn submit(&mut self, store: &mut Store, lang: Lang) -> Outcome {
        let Some(req) = self.request(lang) else {
            return Outcome::Stay;
        };
        // The same rules as the write, without writing: refusals show inline before any question.
        let preview = match store.preview_act(&self.approval, &req, Some(self.expected_version)) {
            Ok(p) => p,
            Err(e) => return self.store_error(e, lang),
        };
        // A basis that may be the other kind's is let through (the rules refuse the sure
        // cases), but only after the officer has read why.
        let warning = self
            .kind
            .and_then(|k| kinds::check_basis_kind(k, &req.basis).ok().flatten());
        if self.act.is_destructive() || preview.plan.is_grave() || warning.is_some() {
            let mut summary = self.summary(&preview, &req, lang);
            self.question = Msg::ConfirmQuestion;
            if let Some(w) = warning {
                summary.insert(
                    0,
                    lang.f(Msg::BasisWarning, &[("warning", &lang.pick(&w.zh, &w.en))]),
                );
                if !(self.act.is_destructive() || preview.plan.is_grave()) {
                    self.question = Msg::ConfirmWarned;
                }
            }
            self.confirm = Some((summary, req));
            Outcome::Stay
        } else {
            self.perform(store, &req, lang)
        }
    }

    /// A key; while the form waits for the write lock, Esc stops waiting (`lock_wait`).
    pub fn update(&mut self, action: Action, store: &mut Store, lang: Lang) -> Outcome {
        super::lock_wait::update(self, action, store, lang)
    }

    fn handle_key(&mut self, action: Action, store: &mut Store, lang: Lang) -> Outcome {
        if let Some((_, req)) = &self.confirm {
            return match action {
                Action::Yes => {
                    let req = req.clone();
                    self.confirm = None;
                    self.perform(store, &req, lang)
                }
                Action::No => {
                    self.confirm = None;
                    Outcome::Stay
                }
                _ => Outcome::Stay,
            };
        }
        let n = self.fields.len();
        match action {
            Action::Close => return Outcome::Cancelled,
            Action::Submit => return self.submit(store, lang),
            Action::NextField => self.focus = (self.focus + 1) % n,
            Action::PrevField => self.focus = (self.focus + n - 1) % n,
            edit => {
                self.fields[self.focus].edit(edit, true);
            }
        }
        Outcome::Stay
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        f.render_widget(Clear, area);
        let title = format!(
            " {} — {} {} ",
            i18n::act_of(lang, self.kind, self.act.as_str()),
            clean(self.approval.as_str()),
            clean(&self.body_name)
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(
                fit(&title, area.width.saturating_sub(4) as usize),
                theme.title(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.width < 10 || inner.height < 3 {
            return;
        }
        if let Some((summary, _)) = &self.confirm {
            let question = lang.f(
                self.question,
                &[("act", &i18n::act_of(lang, self.kind, self.act.as_str()))],
            );
            render_confirm(f, inner, question, summary, cx);
            return;
        }
        let label_w = self
            .fields
            .iter()
            .map(|fl| width(lang.t(fl.label)))
            .max()
            .unwrap_or(4) as u16
            + 2;
        let value_x = inner.x + label_w.min(inner.width / 2);
        let value_w = inner.width.saturating_sub(value_x - inner.x);
        let mut y = inner.y;
        let bottom = inner.y + inner.height;
        // Scroll so the focused field is visible: each field takes 1 line, 2 with an error or hint shown.
        let start = self.first_visible(inner.height as usize);
        for (i, field) in self.fields.iter().enumerate().skip(start) {
            if y >= bottom.saturating_sub(1) {
                break;
            }
            let focused = i == self.focus;
            let areas = (
                Rect {
                    x: inner.x,
                    y,
                    width: label_w.min(inner.width),
                    height: 1,
                },
                Rect {
                    x: value_x,
                    y,
                    width: value_w,
                    height: 1,
                },
            );
            render_field(f, field, focused, areas, cx, &|code| {
                option_label(lang, field.key, code)
            });
            y += 1;
            let note = match (&field.error, focused, &field.hint) {
                (Some(e), _, _) => Some((e.clone(), theme.error())),
                (None, true, Some(h)) => Some((h.clone(), theme.dim())),
                _ => None,
            };
            if let Some((text, style)) = note
                && y < bottom.saturating_sub(1)
            {
                f.render_widget(
                    Span::styled(fit(&clean(&text), value_w as usize), style),
                    Rect {
                        x: value_x,
                        y,
                        width: value_w,
                        height: 1,
                    },
                );
                y += 1;
            }
        }
        // The last line: a form-level error, or the keys.
        let last = Rect {
            x: inner.x,
            y: bottom - 1,
            width: inner.width,
            height: 1,
        };
        match &self.error {
            Some(e) => f.render_widget(
                Span::styled(fit(&clean(e), inner.width as usize), theme.error()),
                last,
            ),
            None => f.render_widget(
                Line::from(vec![
                    Span::styled("Ctrl-S", theme.key()),
                    Span::raw(format!(" {}  ", lang.t(Msg::KeySubmit))),
                    Span::styled("Tab", theme.key()),
                    Span::raw(format!(" {}  ", lang.t(Msg::KeyNextField))),
                    Span::styled("Esc", theme.key()),
                    Span::raw(format!(" {}", lang.t(Msg::KeyCancel))),
                ]),
                last,
            ),
        }
    }

    /// The lines the form wants: a line per field, one more for each note, the frame, the keys.
    pub fn height(&self) -> u16 {
        if let Some((summary, _)) = &self.confirm {
            return summary.len() as u16 + 7;
        }
        // A line per field, one per error, one for the focused field's hint, the keys, the frame.
        let errors = self.fields.iter().filter(|f| f.error.is_some()).count();
        (self.fields.len() + errors + 1 + 4) as u16
    }

    /// The first field drawn, so the focused one fits in `rows` lines.
    fn first_visible(&self, rows: usize) -> usize {
        let lines = |i: usize| {
            let f = &self.fields[i];
            1 + usize::from(f.error.is_some() || (i == self.focus && f.hint.is_some()))
        };
        let room = rows.saturating_sub(1);
        let mut start = 0;
        while start < self.focus && (start..=self.focus).map(lines).sum::<usize>() > room {
            start += 1;
        }
        start
    }
}

/// The y/N question of a form: the question, what will change (wrapped to the box), the keys.
pub(crate) fn render_confirm(
    f: &mut Frame,
    inner: Rect,
    question: String,
    summary: &[String],
    cx: &Cx,
) {
    let (lang, theme) = (cx.lang, cx.theme);
    let mut lines = vec![
        Line::from(Span::styled(question, theme.error())),
        Line::from(""),
    ];
    for s in summary {
        lines.extend(wrap(s, inner.width as usize).into_iter().map(Line::from));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::raw(format!(" {}   ", lang.t(Msg::KeyYes))),
        Span::styled("N", theme.key()),
        Span::raw(format!(" {}", lang.t(Msg::KeyNo))),
    ]));
    f.render_widget(Paragraph::new(lines), inner);
}

/// One field's line: its label (in the error, focus or label style) in `label_area`, its value
/// in `value_area` — a text input underlined over the whole width (visible without colour), or
/// a choice between ‹ › named by `choice_label`.
pub(crate) fn render_field(
    f: &mut Frame,
    field: &FormField,
    focused: bool,
    (label_area, value_area): (Rect, Rect),
    cx: &Cx,
    choice_label: &dyn Fn(&str) -> String,
) {
    let (lang, theme) = (cx.lang, cx.theme);
    let label_style = if field.error.is_some() {
        theme.error()
    } else if focused {
        theme.focus_border()
    } else {
        theme.label()
    };
    f.render_widget(
        Span::styled(
            pad(lang.t(field.label), label_area.width as usize),
            label_style,
        ),
        label_area,
    );
    match &field.value {
        Value::Text { input, .. } => {
            let style = if focused {
                theme.selected_unfocused()
            } else {
                theme.normal()
            };
            f.render_widget(
                Span::styled(" ".repeat(value_area.width as usize), style),
                value_area,
            );
            input.render(f, value_area, style, focused);
        }
        Value::Choice { options, index } => {
            let current = index
                .map(|i| choice_label(options[i]))
                .unwrap_or_else(|| lang.t(Msg::NotChosen).to_string());
            let style = if focused {
                theme.selected()
            } else {
                theme.normal()
            };
            f.render_widget(
                Line::from(vec![
                    Span::raw("‹ "),
                    Span::styled(current, style),
                    Span::raw(" ›"),
                ]),
                value_area,
            );
        }
    }
}

crate::waits_for_lock!(ActForm, (Vec<String>, ActRequest));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_split_on_chinese_and_latin_separators() {
        assert_eq!(
            split_items("QMS；EMS、 OHSMS,QMS"),
            vec!["QMS", "EMS", "OHSMS"]
        );
        assert!(split_items(" ; ").is_empty());
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;
    use crate::tui::fixture;

    fn form(store: &Store, approval: &str, act: ActKind) -> ActForm {
        let file = store.body_file(approval).unwrap();
        let q = file
            .qualifications
            .iter()
            .find(|q| q.qualification.approval_no == approval)
            .unwrap();
        ActForm::new(act, q, &file.body.name, store.today(), Lang::Zh).unwrap()
    }

    /// The procedure a penalty needs: notice served, a written waiver, two officers.
    fn penalty_procedure(f: &mut ActForm, store: &mut Store) {
        type_into(f, store, "notice_served_on", "2026-11-02");
        f.focus = f.fields.iter().position(|x| x.key == "hearing").unwrap();
        f.update(Action::Right, store, Lang::Zh);
        f.update(Action::Right, store, Lang::Zh);
        assert_eq!(f.field("hearing").unwrap().text_value(), "waived");
        type_into(f, store, "officers", "张伟,王芳");
    }

    fn type_into(f: &mut ActForm, store: &mut Store, key: &str, text: &str) {
        f.focus = f.fields.iter().position(|x| x.key == key).unwrap();
        f.update(Action::ClearLine, store, Lang::Zh);
        for c in text.chars() {
            f.update(Action::Insert(c), store, Lang::Zh);
        }
    }

    fn status(store: &Store, approval: &str) -> String {
        store.body_file(approval).unwrap().qualifications[0]
            .qualification
            .status
            .clone()
    }

    #[test]
    fn fields_come_from_the_act() {
        let (_dir, store) = fixture::temp();
        let keys = |f: &ActForm| f.fields.iter().map(|x| x.key).collect::<Vec<_>>();
        let f = form(&store, "CNCA-R-2002-001", ActKind::Suspend);
        assert_eq!(
            keys(&f),
            [
                "date",
                "deadline",
                "notice_served_on",
                "hearing",
                "hearing_held_on",
                "officers",
                "basis",
                "doc_no",
                "reason"
            ]
        );
        assert_eq!(
            f.field("date").unwrap().text_value(),
            "2026-11-27",
            "the date defaults to today"
        );
        assert_eq!(f.focus, 1, "the first field of the act has the focus");
        let f = form(&store, "CNCA-R-2002-001", ActKind::FileRenewal);
        assert_eq!(keys(&f), ["date", "basis", "doc_no", "reason"]);
        let f = form(&store, "CNCA-R-2026-118", ActKind::Verify);
        assert_eq!(
            keys(&f),
            ["date", "result", "deadline", "basis", "doc_no", "reason"]
        );
    }

    #[test]
    fn malformed_dates_and_missing_basis_are_inline_errors() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::OrderRectification);
        type_into(&mut f, &mut store, "deadline", "明年");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        assert!(
            f.field("deadline")
                .unwrap()
                .error
                .as_deref()
                .unwrap()
                .contains("不是日期")
        );
        assert!(f.field("basis").unwrap().error.is_some());
        assert_eq!(
            f.fields[f.focus].key, "deadline",
            "the first field in error gets the focus"
        );
        // Typing clears the field's error.
        f.update(Action::Insert('x'), &mut store, Lang::Zh);
        assert!(f.field("deadline").unwrap().error.is_none());
        assert_eq!(status(&store, "CNCA-R-2002-001"), "active");
    }

    #[test]
    fn the_stores_refusal_lands_on_its_field() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::Suspend);
        type_into(&mut f, &mut store, "deadline", "2026-11-01");
        type_into(&mut f, &mut store, "basis", "认证认可条例第五十八条");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        assert!(f.confirm.is_none(), "no question while the form is refused");
        assert!(
            f.field("deadline")
                .unwrap()
                .error
                .as_deref()
                .unwrap()
                .contains("after the act's date")
        );
        assert_eq!(f.fields[f.focus].key, "deadline");
        type_into(&mut f, &mut store, "deadline", "2027-02-27");
        penalty_procedure(&mut f, &mut store);
        type_into(&mut f, &mut store, "officers", "李四");
        f.update(Action::Submit, &mut store, Lang::Zh);
        assert!(
            f.field("officers")
                .unwrap()
                .error
                .as_deref()
                .unwrap()
                .contains("two")
        );
    }

    #[test]
    fn formula_and_invisible_text_is_refused_on_its_field() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::Suspend);
        type_into(&mut f, &mut store, "deadline", "2027-02-27");
        type_into(&mut f, &mut store, "basis", "认证认可条例第五十八条");
        type_into(&mut f, &mut store, "doc_no", "=HYPERLINK(\"http://x\")");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        assert!(f.confirm.is_none());
        let error =
            |f: &ActForm, key: &str| f.field(key).unwrap().error.clone().unwrap_or_default();
        assert!(
            error(&f, "doc_no").contains("spreadsheet formula"),
            "{}",
            error(&f, "doc_no")
        );
        assert_eq!(f.fields[f.focus].key, "doc_no");
        type_into(&mut f, &mut store, "doc_no", "市监认罚〔2026〕30号");
        type_into(&mut f, &mut store, "officers", "张三,李\u{202e}四");
        f.update(Action::Submit, &mut store, Lang::Zh);
        assert!(
            error(&f, "officers").contains("\\u{202e}"),
            "{}",
            error(&f, "officers")
        );
        assert_eq!(status(&store, "CNCA-R-2002-001"), "active");
    }

    #[test]
    fn destructive_acts_ask_and_default_to_no() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::Suspend);
        type_into(&mut f, &mut store, "deadline", "2027-02-27");
        type_into(&mut f, &mut store, "basis", "认证认可条例第五十八条");
        type_into(&mut f, &mut store, "doc_no", "市监认罚〔2026〕30号");
        penalty_procedure(&mut f, &mut store);
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        let (summary, _) = f.confirm.clone().expect("a y/N question");
        assert!(summary[0].contains("有效 → 停业整顿"), "{summary:?}");
        assert!(summary.iter().any(|s| s.contains("处罚公示")));
        assert_eq!(f.modes(), &[Mode::Confirm, Mode::Any]);
        // Enter is No: nothing written, back to the form.
        assert_eq!(f.update(Action::No, &mut store, Lang::Zh), Outcome::Stay);
        assert!(f.confirm.is_none());
        assert_eq!(status(&store, "CNCA-R-2002-001"), "active");
        f.update(Action::Submit, &mut store, Lang::Zh);
        match f.update(Action::Yes, &mut store, Lang::Zh) {
            Outcome::Done(text) => assert!(text.contains("停业整顿"), "{text}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(status(&store, "CNCA-R-2002-001"), "suspended");
    }

    #[test]
    fn a_verification_found_false_asks_before_it_revokes() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2026-118", ActKind::Verify);
        f.focus = f.fields.iter().position(|x| x.key == "result").unwrap();
        // Cycle to 承诺不实 (false): conforming, rectify, unkept, false.
        for _ in 0..4 {
            f.update(Action::Right, &mut store, Lang::Zh);
        }
        assert_eq!(f.field("result").unwrap().text_value(), "false");
        type_into(&mut f, &mut store, "basis", "认证认可条例第五十九条");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        let (summary, _) = f
            .confirm
            .clone()
            .expect("a y/N question before a revocation");
        assert!(summary[0].contains("→"), "{summary:?}");
        assert_eq!(f.update(Action::No, &mut store, Lang::Zh), Outcome::Stay);
        assert_eq!(status(&store, "CNCA-R-2026-118"), "pending_verification");
    }

    #[test]
    fn a_basis_of_the_other_kind_is_refused_inline_and_a_doubtful_one_asks_first() {
        let (_dir, mut store) = fixture::temp();
        // 上海埃克森 is a testing body (CMA): Art. 58 of the regulations speaks of 认证机构.
        let mut f = form(&store, "310012345678", ActKind::ChangeParticulars);
        assert_eq!(f.field("name").map(|x| x.key), Some("name"));
        type_into(&mut f, &mut store, "address", "上海市浦东新区张江路1号");
        type_into(&mut f, &mut store, "basis", "认证认可条例第五十八条");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        let err = f.field("basis").unwrap().error.clone().unwrap();
        assert!(
            err.contains("第五十八条") && err.contains("检验检测机构"),
            "{err}"
        );
        assert!(f.confirm.is_none());
        // Naming the regulations without an article: not refused, but asked with the reason.
        type_into(&mut f, &mut store, "basis", "认证认可条例");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        let (summary, _) = f
            .confirm
            .clone()
            .expect("a question before a doubtful basis");
        assert!(summary[0].starts_with("依据提示："), "{summary:?}");
        assert_eq!(f.question, Msg::ConfirmWarned);
        assert!(matches!(
            f.update(Action::Yes, &mut store, Lang::Zh),
            Outcome::Done(_)
        ));
        // The body's own rule goes through at once.
        let mut f = form(&store, "310012345678", ActKind::ChangeParticulars);
        type_into(&mut f, &mut store, "address", "上海市浦东新区张江路2号");
        type_into(
            &mut f,
            &mut store,
            "basis",
            "检验检测机构资质认定管理办法第十四条",
        );
        assert!(matches!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Done(_)
        ));
    }

    #[test]
    fn the_form_speaks_the_words_of_the_bodys_kind() {
        let (_dir, store) = fixture::temp();
        let cma = form(&store, "310012345678", ActKind::ChangeScope);
        assert_eq!(
            cma.field("scope_add").unwrap().label,
            Msg::FieldCapabilityAdd
        );
        let hint = cma.field("scope_remove").unwrap().hint.clone().unwrap();
        assert_eq!(hint, "当前检验检测能力：电磁兼容; 环境试验");
        let basis = cma.field("basis").unwrap().hint.clone().unwrap();
        assert!(
            basis.contains("检验检测机构资质认定管理办法第十四条"),
            "{basis}"
        );
        let cb = form(&store, "CNCA-R-2002-001", ActKind::Suspend);
        let basis = cb.field("basis").unwrap().hint.clone().unwrap();
        assert!(basis.contains("认证认可条例第五十八条"), "{basis}");
        let cb = form(&store, "CNCA-R-2002-001", ActKind::ChangeScope);
        assert_eq!(cb.field("scope_add").unwrap().label, Msg::FieldScopeAdd);
    }

    #[test]
    fn other_acts_are_written_at_once_and_choices_cycle() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2026-118", ActKind::Verify);
        f.focus = 1;
        f.update(Action::Right, &mut store, Lang::Zh);
        assert_eq!(f.field("result").unwrap().text_value(), "conforming");
        f.update(Action::Left, &mut store, Lang::Zh);
        assert_eq!(f.field("result").unwrap().text_value(), "");
        f.update(Action::Insert(' '), &mut store, Lang::Zh);
        type_into(&mut f, &mut store, "basis", "市场监管总局公告2022年第28号");
        assert!(matches!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Done(_)
        ));
        assert_eq!(status(&store, "CNCA-R-2026-118"), "active");
    }

    #[test]
    fn a_change_by_someone_else_is_a_conflict_and_nothing_is_written() {
        let (dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::FileRenewal);
        type_into(&mut f, &mut store, "basis", "行政许可法第五十条");
        let mut other = fixture::other_user(&dir);
        let req = ActRequest {
            act: Some(ActKind::OrderRectification),
            date: Some(fixture::TODAY),
            deadline: Some(jiff::civil::date(2026, 12, 31)),
            basis: "认证认可条例第五十七条".into(),
            ..Default::default()
        };
        other
            .perform(&ApprovalNo::parse("CNCA-R-2002-001").unwrap(), &req, None)
            .unwrap();
        let events = store.events_page(&Default::default(), None, 1).unwrap()[0].id;
        match f.update(Action::Submit, &mut store, Lang::Zh) {
            Outcome::Conflict(text) => assert!(text.contains("李四"), "{text}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            store.events_page(&Default::default(), None, 1).unwrap()[0].id,
            events,
            "nothing written"
        );
        assert_eq!(status(&store, "CNCA-R-2002-001"), "active");
    }

    #[test]
    fn esc_cancels_and_tab_moves_round() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::FileRenewal);
        assert_eq!(f.focus, 0);
        for _ in 0..f.fields.len() {
            f.update(Action::NextField, &mut store, Lang::Zh);
        }
        assert_eq!(f.focus, 0);
        f.update(Action::PrevField, &mut store, Lang::Zh);
        assert_eq!(f.fields[f.focus].key, "reason");
        assert_eq!(
            f.update(Action::Close, &mut store, Lang::Zh),
            Outcome::Cancelled
        );
    }
}
