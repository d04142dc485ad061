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
    /// Items picked from a list (the qualification's scope items): Space toggles the item
    /// under `cursor`.
    Pick {
        items: Vec<String>,
        chosen: Vec<bool>,
        cursor: usize,
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
    /// Enter starts a new line (理由, findings); shown on several lines, wrapped.
    pub multiline: bool,
    /// What Tab completes the last item of a list field to (scopes already in the register).
    pub completions: Vec<String>,
}

/// The most lines a multi-line field shows (it scrolls to its cursor beyond).
const MULTILINE_ROWS: usize = 4;
/// The most items a picker shows at once (it scrolls to its cursor beyond).
const PICKER_ROWS: usize = 6;

impl FormField {
    /// Apply an editing key; true when the value changed (its error is cleared then). A choice
    /// cycles through its options — and through "not chosen" when `may_be_empty`, which
    /// Backspace, Delete and Ctrl-U also return to.
    pub(crate) fn edit(&mut self, edit: Action, may_be_empty: bool) -> bool {
        let multiline = self.multiline;
        let changed = match &mut self.value {
            Value::Text { input, .. } if edit == Action::NewLine => {
                multiline && input.insert_newline()
            }
            Value::Text { input, .. } => input.edit(edit),
            Value::Pick {
                items,
                chosen,
                cursor,
            } => match edit {
                Action::Toggle | Action::Insert(' ') if !items.is_empty() => {
                    chosen[*cursor] = !chosen[*cursor];
                    true
                }
                Action::Down | Action::Right => {
                    *cursor = (*cursor + 1).min(items.len().saturating_sub(1));
                    false
                }
                Action::Up | Action::Left => {
                    *cursor = cursor.saturating_sub(1);
                    false
                }
                _ => false,
            },
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
            multiline: false,
            completions: Vec::new(),
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
            multiline: false,
            completions: Vec::new(),
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
            multiline: false,
            completions: Vec::new(),
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
            multiline: false,
            completions: Vec::new(),
        }
    }
    /// A field of several lines: Enter starts a new one.
    pub(crate) fn multiline(mut self) -> Self {
        self.multiline = true;
        self
    }

    /// Items to pick from, none picked.
    pub(crate) fn pick(key: &'static str, label: Msg, items: Vec<String>) -> Self {
        let chosen = vec![false; items.len()];
        FormField {
            key,
            label,
            value: Value::Pick {
                items,
                chosen,
                cursor: 0,
            },
            hint: None,
            error: None,
            multiline: false,
            completions: Vec::new(),
        }
    }

    /// The fragment after the last separator of a list field, and the completions it matches
    /// (by containment: 低碳 finds 低碳产品认证), leaving out items already typed.
    pub fn completion_candidates(&self) -> Vec<&str> {
        let Value::Text {
            input, list: true, ..
        } = &self.value
        else {
            return Vec::new();
        };
        let text = input.text();
        let typed = split_items(&text);
        let fragment = last_fragment(&text).trim();
        if fragment.is_empty() {
            return Vec::new();
        }
        let lower = fragment.to_lowercase();
        self.completions
            .iter()
            .map(String::as_str)
            .filter(|c| c.to_lowercase().contains(&lower) && *c != fragment)
            .filter(|c| !typed.iter().any(|t| t == c))
            .collect()
    }

    /// Replace the last item typed by its first completion; false when there is none (Tab
    /// then moves on).
    pub fn complete(&mut self) -> bool {
        let Some(first) = self.completion_candidates().first().map(|c| c.to_string()) else {
            return false;
        };
        if let Value::Text { input, .. } = &mut self.value {
            let text = input.text();
            let keep = text.len() - last_fragment(&text).len();
            let sep = if keep == 0 { "" } else { " " };
            input.set(&format!("{}{sep}{first}", text[..keep].trim_end()));
            self.error = None;
            return true;
        }
        false
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
            Value::Pick { items, chosen, .. } => items
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|(i, _)| i.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// The lines the value takes at `value_w` columns.
    pub fn value_rows(&self, value_w: usize) -> usize {
        match &self.value {
            Value::Text { input, .. } if self.multiline => {
                text_rows(&input.text(), input.cursor(), value_w)
                    .0
                    .len()
                    .clamp(2, MULTILINE_ROWS)
            }
            Value::Pick { items, .. } => items.len().clamp(1, PICKER_ROWS),
            _ => 1,
        }
    }
}

/// The text after the last list separator.
fn last_fragment(text: &str) -> &str {
    match text.rfind([';', '；', ',', '，', '、']) {
        Some(i) => {
            let sep = text[i..].chars().next().map(char::len_utf8).unwrap_or(1);
            &text[i + sep..]
        }
        None => text,
    }
}

/// `text` broken at its new lines and wrapped at `w` columns, character by character (a
/// Chinese character is two); with the row and column of the character index `cursor`.
pub(crate) fn text_rows(text: &str, cursor: usize, w: usize) -> (Vec<String>, (usize, usize)) {
    use unicode_width::UnicodeWidthChar;
    let w = w.max(2);
    let mut rows = vec![String::new()];
    let mut used = 0;
    let mut at = (0, 0);
    for (i, c) in text.chars().enumerate() {
        if i == cursor {
            at = (rows.len() - 1, used);
        }
        if c == '\n' {
            rows.push(String::new());
            used = 0;
            continue;
        }
        let cw = c.width().unwrap_or(0);
        if used + cw > w - 1 {
            rows.push(String::new());
            used = 0;
            if i == cursor {
                at = (rows.len() - 1, 0);
            }
        }
        rows.last_mut().expect("one row").push(c);
        used += cw;
    }
    if cursor >= text.chars().count() {
        at = (rows.len() - 1, used);
    }
    (rows, at)
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
    /// Esc on a changed form asks first ("放弃已填写的内容？y/N").
    pub discard: DiscardGuard,
}

/// Esc on a form whose fields were changed asks before discarding them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiscardGuard {
    /// The fields' values as the form opened.
    initial: Vec<String>,
    /// The question is asked.
    pub asking: bool,
}

impl DiscardGuard {
    pub fn new(fields: &[FormField]) -> Self {
        DiscardGuard {
            initial: fields.iter().map(FormField::text_value).collect(),
            asking: false,
        }
    }

    /// Whether any field differs from what the form opened with.
    pub fn changed(&self, fields: &[FormField]) -> bool {
        fields
            .iter()
            .map(FormField::text_value)
            .ne(self.initial.iter().cloned())
    }

    /// Esc: true when the form may close now; else the question is asked.
    pub fn close(&mut self, fields: &[FormField]) -> bool {
        if self.changed(fields) {
            self.asking = true;
            false
        } else {
            true
        }
    }

    /// A key while the question is asked: Some(true) to discard, Some(false) to go back to the
    /// form (No is the default: Enter, Esc, n), None when no question is asked.
    pub fn answer(&mut self, action: Action) -> Option<bool> {
        if !self.asking {
            return None;
        }
        self.asking = false;
        Some(action == Action::Yes)
    }
}

/// The modes of a form's fields: the focused field's own keys (a picker's, a multi-line
/// field's) before the form's.
pub(crate) fn field_modes(field: Option<&FormField>) -> &'static [Mode] {
    match field {
        Some(FormField {
            value: Value::Pick { .. },
            ..
        }) => &[Mode::Picker, Mode::Form, Mode::Any],
        Some(f) if f.multiline => &[Mode::MultiLine, Mode::Form, Mode::TextEdit, Mode::Any],
        _ => &[Mode::Form, Mode::TextEdit, Mode::Any],
    }
}

/// Put each refusal on the field it names (`fields`' keys; `scope` on whichever scope field
/// the form has). A field keeps the first error it got (the form's own, of a malformed date,
/// before the rules'); what names no field of the form is returned for the form's own line.
pub(crate) fn place_refusals(
    fields: &mut [FormField],
    refusals: &[Refusal],
    lang: Lang,
) -> Vec<String> {
    let mut unplaced: Vec<String> = Vec::new();
    for r in refusals {
        let key = match r.field {
            Some("scope") if fields.iter().any(|f| f.key == "scope_add") => Some("scope_add"),
            Some("scope") => Some("scope_remove"),
            Some("hearing_on") if !fields.iter().any(|f| f.key == "hearing_on") => {
                Some("hearing_held_on")
            }
            other => other,
        };
        match key.and_then(|k| fields.iter().position(|f| f.key == k)) {
            Some(i) => {
                if fields[i].error.is_none() {
                    fields[i].error = Some(r.message(lang));
                }
            }
            None => {
                let m = r.message(lang);
                if !unplaced.contains(&m) {
                    unplaced.push(m);
                }
            }
        }
    }
    unplaced
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
                    // A partial revocation revokes items (撤销的认证领域); a change of scope
                    // narrows it (缩小认证领域).
                    let label = match (act == ActKind::Revoke, cma) {
                        (true, true) => Msg::FieldCapabilityRevoke,
                        (true, false) => Msg::FieldScopeRevoke,
                        (false, true) => Msg::FieldCapabilityRemove,
                        (false, false) => Msg::FieldScopeRemove,
                    };
                    // Picked from the qualification's active items, never typed.
                    let raw: Vec<String> = q
                        .scope
                        .iter()
                        .filter(|s| s.status == "active")
                        .map(|s| s.item.clone())
                        .collect();
                    FormField::pick("scope_remove", label, raw).with_hint(hint)
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
        fields.push(
            FormField::text("reason", Msg::ColReason, "")
                .multiline()
                .with_hint(lang.t(Msg::HintMultiLine)),
        );
        let discard = DiscardGuard::new(&fields);
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
            discard,
        })
    }

    /// Offer the scopes already in the register as completions of the scope to add.
    pub fn with_scope_completions(mut self, items: Vec<String>) -> Self {
        if let Some(f) = self.field_mut("scope_add") {
            f.completions = items;
        }
        self
    }

    pub fn modes(&self) -> &'static [Mode] {
        if self.confirm.is_some() || self.discard.asking {
            &[Mode::Confirm, Mode::Any]
        } else {
            field_modes(self.fields.get(self.focus))
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
        let (req, ok) = self.read_fields(lang);
        if !ok {
            self.focus_first_error();
        }
        ok.then_some(req)
    }

    /// Read the fields into a request, marking the fields the form itself refuses (a
    /// malformed date, a missing date or basis); the request leaves those out, so that the
    /// rules can still be asked about everything else in the same round.
    fn read_fields(&mut self, lang: Lang) -> (ActRequest, bool) {
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
        (req, ok)
    }

    fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    /// Put the store's refusals on the fields they name (the rest on the form), in the UI
    /// language; the first field in error gets the focus.
    pub fn apply_refusals(&mut self, refusals: &[Refusal], lang: Lang) {
        let unplaced = place_refusals(&mut self.fields, refusals, lang);
        if !unplaced.is_empty() {
            self.error = Some(unplaced.join("\n"));
        }
        self.focus_first_error();
    }

    /// How many errors the form shows.
    pub fn error_count(&self) -> usize {
        self.fields.iter().filter(|f| f.error.is_some()).count()
            + self.error.as_deref().map_or(0, |e| e.lines().count())
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
                for f in &mut self.fields {
                    f.error = None;
                }
                self.error = None;
                self.apply_refusals(&[r], lang);
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

    fn submit(&mut self, store: &mut Store, lang: Lang) -> Outcome {
        let (req, ok) = self.read_fields(lang);
        // The same rules as the write, without writing: every refusal shows inline, with the
        // form's own, in one round and before any question.
        let preview = match store.preview_act_all(&self.approval, &req, Some(self.expected_version))
        {
            Ok(Ok(p)) => p,
            Ok(Err(refusals)) => {
                self.apply_refusals(&refusals, lang);
                return Outcome::Stay;
            }
            Err(e) => return self.store_error(e, lang),
        };
        if !ok {
            self.focus_first_error();
            return Outcome::Stay;
        }
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
            // Tab completes a scope being typed before it moves on.
            Action::NextField if self.fields[self.focus].complete() => {}
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
        render_form(
            f,
            inner,
            (&self.fields, self.focus),
            self.error.as_deref(),
            self.discard.asking,
            cx,
            &|key, code| option_label(lang, key, code),
        );
    }

    /// The lines the form wants at `width` columns: every field with its notes wrapped, the
    /// form's own errors or the keys, the frame.
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
}

/// Where each field of a form goes: its rows (value and notes), the label column's width.
pub(crate) struct FormLayout {
    pub label_w: u16,
    pub value_w: u16,
    /// For each field: the value's rows, and its note (error or focused hint) wrapped.
    pub rows: Vec<(usize, Vec<String>, bool)>,
}

impl FormLayout {
    pub fn new(fields: &[FormField], focus: usize, width: u16, lang: Lang) -> Self {
        let label_w = fields
            .iter()
            .map(|fl| width_of(lang.t(fl.label)))
            .max()
            .unwrap_or(4) as u16
            + 2;
        let label_w = label_w.min(width / 2);
        let value_w = width.saturating_sub(label_w);
        let rows = fields
            .iter()
            .enumerate()
            .map(|(i, fl)| {
                let focused = i == focus;
                let value = fl.value_rows(value_w as usize);
                let (note, is_error) = match (&fl.error, focused, &fl.hint) {
                    (Some(e), _, _) => (Some(e.clone()), true),
                    (None, true, _) if !fl.completion_candidates().is_empty() => {
                        let c = fl.completion_candidates().join(" · ");
                        (Some(lang.f(Msg::HintComplete, &[("items", &c)])), false)
                    }
                    (None, true, Some(h)) => (Some(h.clone()), false),
                    _ => (None, false),
                };
                // A refusal is never cut: every line of it is shown, wrapped to the box.
                let lines = note
                    .map(|n| wrap_note(&n, value_w as usize))
                    .unwrap_or_default();
                (value, lines, is_error)
            })
            .collect();
        FormLayout {
            label_w,
            value_w,
            rows,
        }
    }

    pub fn total(&self) -> usize {
        self.rows.iter().map(|(v, n, _)| v + n.len()).sum()
    }

    /// The first field drawn, so the focused one (with its notes) fits in `room` rows.
    pub fn first_visible(&self, focus: usize, room: usize) -> usize {
        let lines = |i: usize| self.rows[i].0 + self.rows[i].1.len();
        let mut start = 0;
        while start < focus && (start..=focus).map(lines).sum::<usize>() > room {
            start += 1;
        }
        start
    }
}

fn width_of(s: &str) -> usize {
    width(s)
}

/// A note (error or hint) wrapped to `w` columns, its own lines kept.
/// A date field's text read: None when empty, the message to mark on it when it is no date
/// (what every form's date fields share).
pub(crate) fn date_in_field(text: &str, lang: Lang) -> Result<Option<Date>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    crate::domain::dates::parse_date(text)
        .map(Some)
        .ok_or_else(|| lang.f(Msg::ErrNotADate, &[("value", &clean(text))]))
}

pub(crate) fn wrap_note(text: &str, w: usize) -> Vec<String> {
    text.lines()
        .flat_map(|l| wrap(&clean(l), w.max(1)))
        .collect()
}

/// The last lines of a form: its own errors (wrapped, each whole), the discard question, or
/// the keys.
pub(crate) fn footer_lines(error: Option<&str>, asking: bool, w: u16, lang: Lang) -> Vec<String> {
    if asking {
        return vec![lang.t(Msg::DiscardQuestion).to_string()];
    }
    match error {
        Some(e) => wrap_note(e, w as usize),
        None => vec![String::new()],
    }
}

/// The y/N step of a form asking `confirm` (what it shows, what it would perform): None when it
/// asks nothing; else Some(what to perform) on y, Some(None) on n (back to the form) or any
/// other key (still asking).
pub(crate) fn answer_confirm<S, T: Clone>(
    confirm: &mut Option<(S, T)>,
    action: &Action,
) -> Option<Option<T>> {
    let (_, what) = confirm.as_ref()?;
    Some(match action {
        Action::Yes => {
            let what = what.clone();
            *confirm = None;
            Some(what)
        }
        Action::No => {
            *confirm = None;
            None
        }
        _ => None,
    })
}

/// What every form draws when it is not asking y/N: its fields, and below them the footer (the
/// refusal wrapped to the box, or the discard question, or the keys).
pub(crate) fn render_form(
    f: &mut Frame,
    inner: Rect,
    (fields, focus): (&[FormField], usize),
    error: Option<&str>,
    asking: bool,
    cx: &Cx,
    choice_label: &dyn Fn(&str, &str) -> String,
) {
    let layout = FormLayout::new(fields, focus, inner.width, cx.lang);
    let footer = footer_lines(error, asking, inner.width, cx.lang);
    render_fields(
        f,
        inner,
        fields,
        focus,
        &layout,
        footer.len(),
        cx,
        choice_label,
    );
    render_footer(f, inner, &footer, asking, cx);
}

/// Draw the fields from the one that keeps the focused field in view, above `footer` rows.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_fields(
    f: &mut Frame,
    inner: Rect,
    fields: &[FormField],
    focus: usize,
    layout: &FormLayout,
    footer: usize,
    cx: &Cx,
    choice_label: &dyn Fn(&str, &str) -> String,
) {
    let theme = cx.theme;
    let bottom = (inner.y + inner.height).saturating_sub(footer.max(1) as u16);
    let room = (bottom - inner.y) as usize;
    let value_x = inner.x + layout.label_w;
    let start = layout.first_visible(focus, room);
    let mut y = inner.y;
    for (i, field) in fields.iter().enumerate().skip(start) {
        let (value_rows, note, is_error) = &layout.rows[i];
        if y >= bottom {
            break;
        }
        let rows = (*value_rows as u16).min(bottom - y);
        let areas = (
            Rect {
                x: inner.x,
                y,
                width: layout.label_w,
                height: 1,
            },
            Rect {
                x: value_x,
                y,
                width: layout.value_w,
                height: rows,
            },
        );
        render_field(f, field, i == focus, areas, cx, &|code| {
            choice_label(field.key, code)
        });
        y += rows;
        let style = if *is_error {
            theme.error()
        } else {
            theme.dim()
        };
        for line in note {
            if y >= bottom {
                break;
            }
            f.render_widget(
                Span::styled(line.clone(), style),
                Rect {
                    x: value_x,
                    y,
                    width: layout.value_w,
                    height: 1,
                },
            );
            y += 1;
        }
    }
}

/// The footer: the form's errors, the discard question, or the keys.
pub(crate) fn render_footer(f: &mut Frame, inner: Rect, footer: &[String], asking: bool, cx: &Cx) {
    let (lang, theme) = (cx.lang, cx.theme);
    let n = footer.len().max(1) as u16;
    let top = (inner.y + inner.height).saturating_sub(n);
    let row = |k: u16| Rect {
        x: inner.x,
        y: top + k,
        width: inner.width,
        height: 1,
    };
    if !asking && footer.iter().all(|l| l.is_empty()) {
        f.render_widget(
            Line::from(vec![
                Span::styled("Ctrl-S", theme.key()),
                Span::raw(format!(" {}  ", lang.t(Msg::KeySubmit))),
                Span::styled("Tab", theme.key()),
                Span::raw(format!(" {}  ", lang.t(Msg::KeyNextField))),
                Span::styled("Esc", theme.key()),
                Span::raw(format!(" {}", lang.t(Msg::KeyCancel))),
            ]),
            row(0),
        );
        return;
    }
    for (k, line) in footer.iter().enumerate() {
        f.render_widget(Span::styled(line.clone(), theme.error()), row(k as u16));
    }
}

impl ActForm {}

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
        Rect {
            height: 1,
            ..label_area
        },
    );
    let row = |k: usize| Rect {
        y: value_area.y + k as u16,
        height: 1,
        ..value_area
    };
    match &field.value {
        Value::Text { input, .. } if field.multiline => {
            let style = if focused {
                theme.selected_unfocused()
            } else {
                theme.normal()
            };
            let w = value_area.width as usize;
            let (rows, (crow, ccol)) = text_rows(&input.text(), input.cursor(), w);
            let shown = value_area.height as usize;
            let start = (crow + 1).saturating_sub(shown);
            for k in 0..shown {
                let text = rows.get(start + k).map(|r| clean(r).into_owned());
                f.render_widget(
                    Span::styled(pad(text.as_deref().unwrap_or(""), w), style),
                    row(k),
                );
            }
            if focused && value_area.height > 0 {
                let x = value_area.x + (ccol as u16).min(value_area.width.saturating_sub(1));
                f.set_cursor_position(ratatui::layout::Position::new(
                    x,
                    value_area.y + (crow - start) as u16,
                ));
            }
        }
        Value::Text { input, .. } => {
            let style = if focused {
                theme.selected_unfocused()
            } else {
                theme.normal()
            };
            f.render_widget(
                Span::styled(" ".repeat(value_area.width as usize), style),
                row(0),
            );
            input.render(f, row(0), style, focused);
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
                row(0),
            );
        }
        Value::Pick {
            items,
            chosen,
            cursor,
        } => {
            let shown = value_area.height as usize;
            let start = (cursor + 1).saturating_sub(shown);
            for (k, (item, picked)) in items.iter().zip(chosen).enumerate().skip(start).take(shown)
            {
                // [x] and [ ] mark the choice without colour (NO_COLOR).
                let mark = if *picked { "[x] " } else { "[ ] " };
                let style = if focused && k == *cursor {
                    theme.selected()
                } else {
                    theme.normal()
                };
                let text = fit(&format!("{mark}{}", clean(item)), value_area.width as usize);
                f.render_widget(Span::styled(text, style), row(k - start));
            }
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
                .contains("必须晚于行为日期")
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
                .contains("两名以上")
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
            error(&f, "doc_no").contains("电子表格公式"),
            "{}",
            error(&f, "doc_no")
        );
        // Every error of the round is shown; the first field in error has the focus.
        assert_eq!(
            f.focus,
            f.fields.iter().position(|x| x.error.is_some()).unwrap()
        );
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
        assert_eq!(hint, "用空格键勾选要减少的检验检测能力");
        assert_eq!(
            cma.field("scope_remove").unwrap().label,
            Msg::FieldCapabilityRemove
        );
        let basis = cma.field("basis").unwrap().hint.clone().unwrap();
        assert!(
            basis.contains("检验检测机构资质认定管理办法第十四条"),
            "{basis}"
        );
        // A partial revocation names the items it revokes, picked with Space (not typed).
        let revoke = form(&store, "CNCA-R-2002-001", ActKind::Revoke);
        let picker = revoke.field("scope_remove").unwrap();
        assert_eq!(picker.label, Msg::FieldScopeRevoke);
        assert_eq!(
            picker.hint.as_deref(),
            Some("不勾选即全部撤销；部分撤销请用空格键勾选要撤销的认证领域")
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

    #[test]
    fn every_error_comes_at_once_in_the_ui_language() {
        let (_dir, mut store) = fixture::temp();
        for lang in [Lang::Zh, Lang::En] {
            let mut f = form(&store, "CNCA-R-2002-001", ActKind::Suspend);
            type_into(&mut f, &mut store, "deadline", "明年");
            type_into(&mut f, &mut store, "officers", "张伟");
            assert_eq!(f.update(Action::Submit, &mut store, lang), Outcome::Stay);
            let error = |k: &str| f.field(k).unwrap().error.clone().unwrap_or_default();
            // The form's own (a malformed date, no basis) and the rules' (no notice, one
            // officer, no hearing answer), all in one round.
            for k in [
                "deadline",
                "notice_served_on",
                "hearing",
                "officers",
                "basis",
            ] {
                assert!(!error(k).is_empty(), "{lang:?}: no error on {k}");
            }
            let notice = error("notice_served_on");
            match lang {
                Lang::Zh => assert!(notice.contains("告知书") && notice.contains("第四十四条")),
                Lang::En => assert!(notice.contains("no notice") && notice.contains("第四十四条")),
            }
            assert_eq!(
                f.fields[f.focus].key, "deadline",
                "the first error has the focus"
            );
            assert!(f.confirm.is_none());
        }
        assert_eq!(status(&store, "CNCA-R-2002-001"), "active");
    }

    #[test]
    fn esc_on_a_changed_form_asks_and_defaults_to_keeping_it() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::OrderRectification);
        type_into(&mut f, &mut store, "deadline", "2027-01-31");
        assert_eq!(f.update(Action::Close, &mut store, Lang::Zh), Outcome::Stay);
        assert!(f.discard.asking);
        assert_eq!(f.modes(), &[Mode::Confirm, Mode::Any]);
        // No (Enter, Esc, n): back to the form, what was typed kept.
        assert_eq!(f.update(Action::No, &mut store, Lang::Zh), Outcome::Stay);
        assert!(!f.discard.asking);
        assert_eq!(f.field("deadline").unwrap().text_value(), "2027-01-31");
        f.update(Action::Close, &mut store, Lang::Zh);
        assert_eq!(
            f.update(Action::Yes, &mut store, Lang::Zh),
            Outcome::Cancelled
        );
        // Typed back to what it was: nothing to lose, Esc closes at once.
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::OrderRectification);
        type_into(&mut f, &mut store, "deadline", "x");
        type_into(&mut f, &mut store, "deadline", "");
        assert_eq!(
            f.update(Action::Close, &mut store, Lang::Zh),
            Outcome::Cancelled
        );
    }

    #[test]
    fn the_reason_takes_several_lines_and_nothing_else_of_control() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::OrderRectification);
        type_into(&mut f, &mut store, "deadline", "2027-01-31");
        type_into(&mut f, &mut store, "basis", "认证认可条例第五十七条");
        type_into(&mut f, &mut store, "reason", "一、审核员不足");
        assert_eq!(
            f.modes(),
            &[Mode::MultiLine, Mode::Form, Mode::TextEdit, Mode::Any]
        );
        f.update(Action::NewLine, &mut store, Lang::Zh);
        for c in "二、限期补足".chars() {
            f.update(Action::Insert(c), &mut store, Lang::Zh);
        }
        assert_eq!(
            f.field("reason").unwrap().text_value(),
            "一、审核员不足\n二、限期补足"
        );
        // Enter in a one-line field types nothing.
        f.focus = f.fields.iter().position(|x| x.key == "doc_no").unwrap();
        f.fields[f.focus].edit(Action::NewLine, true);
        assert_eq!(f.field("doc_no").unwrap().text_value(), "");
        assert!(matches!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Done(_)
        ));
        let history = store.body_file("CNCA-R-2002-001").unwrap().history;
        assert!(
            history
                .iter()
                .any(|e| e.reason == "一、审核员不足\n二、限期补足"),
            "the new line is kept"
        );
        // A new line is allowed in the reason only; other control characters never.
        assert!(crate::domain::acts::check_text("reason", "a\nb").is_ok());
        assert!(crate::domain::acts::check_text("doc_no", "a\nb").is_err());
        assert!(crate::domain::acts::check_text("reason", "a\u{1b}[2Jb").is_err());
        assert!(crate::domain::acts::check_text("reason", "a\n=cmd").is_ok());
        assert!(crate::domain::acts::check_text("reason", "\n=cmd").is_err());
    }

    #[test]
    fn scope_items_are_picked_from_the_qualification() {
        let (_dir, mut store) = fixture::temp();
        let mut f = form(&store, "CNCA-R-2002-001", ActKind::Revoke);
        f.focus = f
            .fields
            .iter()
            .position(|x| x.key == "scope_remove")
            .unwrap();
        assert_eq!(f.modes(), &[Mode::Picker, Mode::Form, Mode::Any]);
        f.update(Action::Down, &mut store, Lang::Zh);
        f.update(Action::Toggle, &mut store, Lang::Zh);
        assert_eq!(f.field("scope_remove").unwrap().text_value(), "EMS");
        f.update(Action::Toggle, &mut store, Lang::Zh);
        assert_eq!(f.field("scope_remove").unwrap().text_value(), "");
        f.update(Action::Toggle, &mut store, Lang::Zh);
        type_into(&mut f, &mut store, "basis", "行政许可法第六十九条");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        let (summary, _) = f.confirm.clone().expect("a partial revocation asks");
        assert!(summary.iter().any(|s| s.contains("EMS")), "{summary:?}");
        assert!(matches!(
            f.update(Action::Yes, &mut store, Lang::Zh),
            Outcome::Done(_)
        ));
        assert_eq!(
            status(&store, "CNCA-R-2002-001"),
            "active",
            "a partial revocation"
        );
    }

    #[test]
    fn a_scope_to_add_completes_from_the_register() {
        let (_dir, mut store) = fixture::temp();
        let items = store.scope_items_in_register(100).unwrap();
        assert!(items.iter().any(|i| i == "有机产品"), "{items:?}");
        let mut f =
            form(&store, "CNCA-R-2002-001", ActKind::ChangeScope).with_scope_completions(items);
        type_into(&mut f, &mut store, "scope_add", "有机");
        let field = f.field("scope_add").unwrap();
        assert_eq!(field.completion_candidates(), ["有机产品"]);
        // Tab completes; a second Tab, with nothing left to complete, moves on.
        f.update(Action::NextField, &mut store, Lang::Zh);
        assert_eq!(f.field("scope_add").unwrap().text_value(), "有机产品");
        assert_eq!(f.fields[f.focus].key, "scope_add");
        f.update(Action::NextField, &mut store, Lang::Zh);
        assert_eq!(f.fields[f.focus].key, "scope_remove");
        // The last item of a list completes, the earlier ones stay; an item already typed is
        // not offered again; a fragment nobody has is left as typed (a new scope).
        type_into(&mut f, &mut store, "scope_add", "有机产品；CCC");
        f.update(Action::NextField, &mut store, Lang::Zh);
        let added = f.field("scope_add").unwrap().text_value();
        assert!(added.starts_with("有机产品； CCC "), "{added}");
        type_into(&mut f, &mut store, "scope_add", "有机产品；有机");
        assert!(
            f.field("scope_add")
                .unwrap()
                .completion_candidates()
                .is_empty()
        );
        type_into(&mut f, &mut store, "scope_add", "低碳\u{202e}");
        assert!(
            f.field("scope_add")
                .unwrap()
                .completion_candidates()
                .is_empty()
        );
    }
}
