//! Correcting the record from the body file's history: the form of a correction (更正: the
//! field, the new value, reason, basis, document number) and of an annulment (撤销原行政行为:
//! reason, basis, document number, date). Both ask y/N, default No, with what will change; the
//! rules and the write are the store's (`Store::preview_correction`, `Store::annulment_allowed`,
//! `Store::correct`, `Store::annul`).

use super::Cx;
use super::act_form::{
    DiscardGuard, FormField, FormLayout, Outcome, Value, footer_lines, render_confirm, render_form,
};
use crate::domain::acts::Refusal;
use crate::domain::corrections::CorrectField;
use crate::i18n::{self, Lang, Msg};
use crate::store::{Store, StoreError};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::text::{clean, fit, wrap};
use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Correct,
    Annul,
}

#[derive(Debug, Clone)]
pub struct RecordForm {
    pub kind: RecordKind,
    pub event_id: i64,
    pub event_act: String,
    /// The correctable fields with their values now (a correction).
    pub current: Vec<(CorrectField, String)>,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub error: Option<String>,
    /// Asking y/N: what will change.
    pub confirm: Option<Vec<String>>,
    /// Waiting for the write lock (another officer's import): the step to try again.
    pub waiting: Option<super::lock_wait::Waiting<Vec<String>>>,
    busy: Option<Option<crate::store::long_write::LongWrite>>,
    /// Esc on a changed form asks first.
    pub discard: DiscardGuard,
}

impl RecordForm {
    /// The correction form of event `event_id`; None (with the reason) when it has nothing to correct.
    pub fn correct(
        store: &Store,
        event_id: i64,
        act: &str,
        lang: Lang,
    ) -> Result<RecordForm, String> {
        let current: Vec<(CorrectField, String)> = store
            .correctable_fields(event_id)
            .map_err(|e| e.render(lang))?
            .into_iter()
            .map(|c| (c.field, c.value))
            .collect();
        if current.is_empty() {
            return Err(lang.f(
                Msg::NothingToCorrect,
                &[
                    ("id", &event_id.to_string()),
                    ("act", &i18n::act(lang, act)),
                ],
            ));
        }
        let options: Vec<&'static str> = current.iter().map(|(f, _)| f.as_str()).collect();
        let mut choice = FormField::choice("field", Msg::FieldToCorrect, options)
            .with_hint(lang.t(Msg::HintChoice));
        if let Value::Choice { index, .. } = &mut choice.value {
            *index = Some(0);
        }
        let mut form = RecordForm {
            kind: RecordKind::Correct,
            event_id,
            event_act: act.to_string(),
            current,
            fields: vec![
                choice,
                FormField::text("value", Msg::FieldNewValue, ""),
                FormField::text("reason", Msg::ColReason, "").multiline(),
                FormField::text("basis", Msg::FieldCorrectionBasis, "")
                    .with_hint(lang.t(Msg::HintCorrectionBasis)),
                FormField::text("doc_no", Msg::ColDocNo, ""),
            ],
            focus: 0,
            error: None,
            confirm: None,
            waiting: None,
            busy: None,
            discard: DiscardGuard::default(),
        };
        form.show_current(lang);
        form.discard = DiscardGuard::new(&form.fields);
        Ok(form)
    }

    /// The annulment form of event `event_id`; the refusal when it cannot be annulled now.
    pub fn annul(
        store: &Store,
        event_id: i64,
        act: &str,
        today: Date,
        lang: Lang,
    ) -> Result<RecordForm, String> {
        store
            .annulment_allowed(event_id)
            .map_err(|e| e.render(lang))?;
        let mut form = RecordForm {
            kind: RecordKind::Annul,
            event_id,
            event_act: act.to_string(),
            current: Vec::new(),
            fields: vec![
                FormField::text("reason", Msg::ColReason, "").multiline(),
                FormField::text("basis", Msg::FieldCorrectionBasis, "")
                    .with_hint(lang.t(Msg::HintCorrectionBasis)),
                FormField::text("doc_no", Msg::ColDocNo, ""),
                FormField::date("date", Msg::FieldAnnulDate, Some(today))
                    .with_hint(lang.t(Msg::HintDate)),
            ],
            focus: 0,
            error: None,
            confirm: None,
            waiting: None,
            busy: None,
            discard: DiscardGuard::default(),
        };
        form.discard = DiscardGuard::new(&form.fields);
        Ok(form)
    }

    pub fn modes(&self) -> &'static [Mode] {
        if self.confirm.is_some() || self.discard.asking {
            &[Mode::Confirm, Mode::Any]
        } else {
            super::act_form::field_modes(self.fields.get(self.focus))
        }
    }

    fn value(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.text_value())
            .unwrap_or_default()
    }

    /// The chosen field's value now, as the new value's hint.
    fn show_current(&mut self, lang: Lang) {
        let chosen = self.value("field");
        if let Some((_, now)) = self.current.iter().find(|(f, _)| f.as_str() == chosen)
            && let Some(v) = self.fields.iter_mut().find(|f| f.key == "value")
        {
            let shown = if now.is_empty() {
                "—".to_string()
            } else {
                clean(now).into_owned()
            };
            v.hint = Some(lang.f(Msg::HintNowValue, &[("value", &shown)]));
        }
    }

    fn apply_refusal(&mut self, r: &Refusal, lang: Lang) {
        self.confirm = None;
        match r
            .field
            .and_then(|k| self.fields.iter().position(|f| f.key == k))
        {
            Some(i) => {
                self.fields[i].error = Some(r.message(lang));
                self.focus = i;
            }
            None => self.error = Some(r.message(lang)),
        }
    }

    fn store_error(&mut self, e: StoreError, lang: Lang) -> Outcome {
        match e {
            StoreError::Refused(r) => self.apply_refusal(&r, lang),
            other => {
                if let Some(holder) = super::lock_wait::lock_busy(&other) {
                    self.busy = Some(holder);
                    return Outcome::Stay;
                }
                self.confirm = None;
                self.error = Some(other.render(lang));
            }
        }
        Outcome::Stay
    }

    fn date(&mut self, lang: Lang) -> Option<Option<Date>> {
        let text = self.value("date");
        if text.trim().is_empty() {
            return Some(None);
        }
        match crate::domain::dates::parse_date(&text) {
            Some(d) => Some(Some(d)),
            None => {
                if let Some(f) = self.fields.iter_mut().find(|f| f.key == "date") {
                    f.error = Some(lang.f(Msg::ErrNotADate, &[("value", &clean(&text))]));
                }
                None
            }
        }
    }

    /// Check without writing, then ask.
    fn submit(&mut self, store: &mut Store, lang: Lang) -> Outcome {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
        let (reason, basis, doc_no) = (
            self.value("reason"),
            self.value("basis"),
            self.value("doc_no"),
        );
        let act = i18n::act(lang, &self.event_act).into_owned();
        let id = self.event_id.to_string();
        match self.kind {
            RecordKind::Correct => {
                let field = self.value("field");
                match store.preview_correction(
                    self.event_id,
                    &field,
                    &self.value("value"),
                    &reason,
                    &basis,
                    &doc_no,
                ) {
                    Ok(c) => {
                        self.confirm = Some(vec![lang.f(
                            Msg::SumCorrection,
                            &[
                                ("id", &id),
                                ("field", &i18n::correct_field(lang, c.field.as_str())),
                                ("old", &clean(if c.old.is_empty() { "—" } else { &c.old })),
                                ("new", &clean(&c.new)),
                            ],
                        )]);
                        Outcome::Stay
                    }
                    Err(e) => self.store_error(e, lang),
                }
            }
            RecordKind::Annul => {
                let Some(date) = self.date(lang) else {
                    return Outcome::Stay;
                };
                match store.preview_annulment(self.event_id, date, &reason, &basis, &doc_no) {
                    Ok(()) => {
                        let day = date.unwrap_or(store.today()).to_string();
                        self.confirm = Some(vec![
                            lang.f(Msg::SumAnnul, &[("id", &id), ("act", &act), ("date", &day)]),
                            lang.t(Msg::SumAnnulRestores).to_string(),
                        ]);
                        Outcome::Stay
                    }
                    Err(e) => self.store_error(e, lang),
                }
            }
        }
    }

    fn perform(&mut self, store: &mut Store, lang: Lang) -> Outcome {
        let (reason, basis, doc_no) = (
            self.value("reason"),
            self.value("basis"),
            self.value("doc_no"),
        );
        match self.kind {
            RecordKind::Correct => {
                match store.correct(
                    self.event_id,
                    &self.value("field"),
                    &self.value("value"),
                    &reason,
                    &basis,
                    &doc_no,
                ) {
                    Ok(d) => Outcome::Done(lang.f(
                        Msg::CorrectDone,
                        &[
                            ("id", &d.corrects.to_string()),
                            ("field", &i18n::correct_field(lang, &d.field)),
                            ("old", &clean(&d.old)),
                            ("new", &clean(&d.new)),
                        ],
                    )),
                    Err(e) => self.store_error(e, lang),
                }
            }
            RecordKind::Annul => {
                let Some(date) = self.date(lang) else {
                    return Outcome::Stay;
                };
                match store.annul(self.event_id, date, &reason, &basis, &doc_no) {
                    Ok(d) => {
                        let mut text = lang.f(
                            Msg::AnnulDone,
                            &[
                                ("id", &d.annuls.to_string()),
                                ("act", &i18n::act(lang, &d.act)),
                                ("approval", &clean(&d.approval_no)),
                                ("before", &i18n::status(lang, &d.status_before)),
                                ("after", &i18n::status(lang, &d.status_after)),
                            ],
                        );
                        if let Some(w) = &d.withdraw_publication_by {
                            text.push_str("  ");
                            text.push_str(&lang.f(Msg::AnnulWithdraw, &[("date", w)]));
                        }
                        Outcome::Done(text)
                    }
                    Err(e) => self.store_error(e, lang),
                }
            }
        }
    }

    /// A key; while the form waits for the write lock, Esc stops waiting (`lock_wait`).
    pub fn update(&mut self, action: Action, store: &mut Store, lang: Lang) -> Outcome {
        super::lock_wait::update(self, action, store, lang)
    }

    fn handle_key(&mut self, action: Action, store: &mut Store, lang: Lang) -> Outcome {
        if self.confirm.is_some() {
            return match action {
                Action::Yes => {
                    self.confirm = None;
                    self.perform(store, lang)
                }
                Action::No => {
                    self.confirm = None;
                    Outcome::Stay
                }
                _ => Outcome::Stay,
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
                // A field to correct must be chosen: its choice cycles through the options only.
                let field = &mut self.fields[self.focus];
                let is_choice = matches!(field.value, Value::Choice { .. });
                if field.edit(edit, false) && is_choice {
                    self.show_current(lang);
                }
            }
        }
        Outcome::Stay
    }

    pub fn height(&self, width: u16, lang: Lang) -> u16 {
        let inner = width.saturating_sub(2);
        match &self.confirm {
            Some(summary) => {
                let lines: usize = summary.iter().map(|s| wrap(s, inner as usize).len()).sum();
                lines as u16 + 6
            }
            None => {
                let layout = FormLayout::new(&self.fields, self.focus, inner, lang);
                let footer = footer_lines(self.error.as_deref(), self.discard.asking, inner, lang);
                (layout.total() + footer.len() + 2) as u16
            }
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        f.render_widget(Clear, area);
        let (id, act) = (self.event_id, i18n::act(lang, &self.event_act));
        let title = lang.f(
            match self.kind {
                RecordKind::Correct => Msg::CorrectTitle,
                RecordKind::Annul => Msg::AnnulTitle,
            },
            &[("id", &id), ("act", &act)],
        );
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
        if let Some(summary) = &self.confirm {
            let question = match self.kind {
                RecordKind::Correct => Msg::ConfirmCorrect,
                RecordKind::Annul => Msg::ConfirmAnnul,
            };
            render_confirm(f, inner, lang.t(question).to_string(), summary, cx);
            return;
        }
        render_form(
            f,
            inner,
            (&self.fields, self.focus),
            self.error.as_deref(),
            self.discard.asking,
            cx,
            &|_, code| i18n::correct_field(lang, code).into_owned(),
        );
    }
}

crate::waits_for_lock!(RecordForm, Vec<String>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    fn type_into(f: &mut RecordForm, store: &mut Store, key: &str, text: &str) {
        f.focus = f.fields.iter().position(|x| x.key == key).unwrap();
        for c in text.chars() {
            f.update(Action::Insert(c), store, Lang::En);
        }
    }

    #[test]
    fn an_event_that_is_not_there_is_said_in_the_ui_language() {
        let (_dir, store) = fixture::temp();
        let zh = RecordForm::correct(&store, 99_999, "suspend", Lang::Zh).err();
        assert!(
            zh.as_deref()
                .is_some_and(|e| e.starts_with("没有编号为 99999 的事件")),
            "{zh:?}"
        );
        let en = RecordForm::annul(&store, 99_999, "suspend", fixture::TODAY, Lang::En).err();
        assert!(
            en.as_deref()
                .is_some_and(|e| e.starts_with("no event 99999;")),
            "{en:?}"
        );
    }

    #[test]
    fn a_correction_asks_then_writes_and_an_annulment_restores() {
        let (_dir, mut store) = fixture::temp();
        let file = store.body_file("CNCA-R-2019-077").unwrap();
        let suspend = file.history.iter().find(|e| e.act == "suspend").unwrap().id;
        let mut f = RecordForm::correct(&store, suspend, "suspend", Lang::En).unwrap();
        assert_eq!(f.value("field"), "doc_no");
        type_into(&mut f, &mut store, "value", "市监认罚〔2026〕99号");
        type_into(&mut f, &mut store, "reason", "笔误");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::En),
            Outcome::Stay
        );
        assert!(
            f.fields
                .iter()
                .any(|x| x.key == "basis" && x.error.is_some()),
            "basis is required"
        );
        type_into(&mut f, &mut store, "basis", "更正审批单");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::En),
            Outcome::Stay
        );
        let summary = f.confirm.clone().expect("asks y/N");
        assert!(summary[0].contains("→ 市监认罚〔2026〕99号"), "{summary:?}");
        // No is the default: nothing written.
        f.update(Action::No, &mut store, Lang::En);
        assert!(f.confirm.is_none());
        f.update(Action::Submit, &mut store, Lang::En);
        match f.update(Action::Yes, &mut store, Lang::En) {
            Outcome::Done(t) => assert!(t.contains("Corrected"), "{t}"),
            other => panic!("{other:?}"),
        }
        let file = store.body_file("CNCA-R-2019-077").unwrap();
        let e = file.history.iter().find(|e| e.id == suspend).unwrap();
        assert_eq!(e.corrections.len(), 1);

        let mut a = RecordForm::annul(&store, suspend, "suspend", store.today(), Lang::Zh).unwrap();
        type_into(&mut a, &mut store, "reason", "复议撤销");
        type_into(&mut a, &mut store, "basis", "行政复议决定书");
        a.update(Action::Submit, &mut store, Lang::Zh);
        assert!(a.confirm.is_some(), "{:?} {:?}", a.error, a.fields);
        match a.update(Action::Yes, &mut store, Lang::Zh) {
            Outcome::Done(t) => assert!(t.contains("已撤销"), "{t}"),
            other => panic!("{other:?}"),
        }
        let file = store.body_file("CNCA-R-2019-077").unwrap();
        assert_eq!(file.qualifications[0].qualification.status, "active");
        assert!(
            file.history
                .iter()
                .find(|e| e.id == suspend)
                .unwrap()
                .annulled_by
                .is_some()
        );
        // Annulled: neither form opens again.
        assert!(RecordForm::annul(&store, suspend, "suspend", store.today(), Lang::En).is_err());
        assert!(RecordForm::correct(&store, suspend, "suspend", Lang::En).is_err());
    }
}
