//! The forms of the acts on an application (办件): receipt (收件: who applies, for what, by
//! which route) and each act after it — request materials, accept, pause and resume the clock,
//! grant, refuse, withdraw. The fields are `act_form::FormField`s; every rule is the store's
//! (`Store::receive_application`, `Store::act_on_application`), its refusal shown on the field it
//! names. The acts that decide the application (grant, refuse, withdraw) are first tried by the
//! same rules without writing (`Store::preview_application_act`) and then ask y/N, default No.

use super::Cx;
use super::act_form::{
    FormField, FormLayout, Outcome, Value, answer_confirm, footer_lines, render_confirm,
    render_form, split_items,
};
use crate::domain::applications::{ApplicationAct, ApplicationPurpose, ends_application};
use crate::domain::ids::{ApprovalNo, BodyKind, Uscc};
use crate::domain::model::{RiskClass, Route};
use crate::i18n::{self, Lang, Msg};
use crate::store::applications::{ApplicationOutcome, ApplicationRow, Decision, NewApplication};
use crate::store::{Store, StoreError};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::text::{clean, fit, wrap};
use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};

/// A note under a field or the form's own error: at most this many lines.

#[derive(Debug, Clone)]
pub struct ApplicationForm {
    pub act: ApplicationAct,
    /// The application acted on (None: receiving a new one).
    pub id: Option<i64>,
    pub name: String,
    /// The version the officer saw when the form opened.
    pub expected_version: Option<i64>,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// An error that belongs to no field.
    pub error: Option<String>,
    /// Asking y/N before a decision: what it will do, and the checked decision.
    pub confirm: Option<(Vec<String>, Decision)>,
    /// Waiting for the write lock (another officer's import): the step to try again.
    pub waiting: Option<super::lock_wait::Waiting<(Vec<String>, Decision)>>,
    busy: Option<Option<crate::store::long_write::LongWrite>>,
}

fn chosen(mut f: FormField, index: usize) -> FormField {
    if let Value::Choice { index: i, .. } = &mut f.value {
        *i = Some(index);
    }
    f
}

fn option_label(lang: Lang, key: &str, code: &str) -> String {
    match key {
        "purpose" => i18n::application_purpose(lang, code).into_owned(),
        "kind" => i18n::kind(lang, code).into_owned(),
        "route" => i18n::route(lang, code).into_owned(),
        "risk_class" => i18n::risk(lang, code).into_owned(),
        _ => code.to_string(),
    }
}

impl ApplicationForm {
    /// The form that receives a new application, dated today.
    pub fn receive(today: Date, lang: Lang) -> ApplicationForm {
        let choice = |key, label, options: Vec<&'static str>| {
            FormField::choice(key, label, options).with_hint(lang.t(Msg::HintChoice))
        };
        let fields = vec![
            chosen(
                choice(
                    "purpose",
                    Msg::FieldPurpose,
                    ApplicationPurpose::ALL.iter().map(|p| p.as_str()).collect(),
                ),
                0,
            ),
            FormField::text("uscc", Msg::FieldUscc, ""),
            FormField::text("name", Msg::FieldApplicant, ""),
            choice(
                "kind",
                Msg::FieldKind,
                BodyKind::ALL.iter().map(|k| k.as_str()).collect(),
            ),
            choice(
                "route",
                Msg::FieldRoute,
                Route::ALL.iter().map(|r| r.as_str()).collect(),
            ),
            FormField::text("approval_no", Msg::FieldApprovalToRenew, "")
                .with_hint(lang.t(Msg::HintApprovalToRenew)),
            FormField::list("scope", Msg::AppScope).with_hint(lang.t(Msg::HintList)),
            FormField::text("region", Msg::FieldRegionCode, "")
                .with_hint(lang.t(Msg::HintRegionCode)),
            chosen(
                choice(
                    "risk_class",
                    Msg::FieldRiskClass,
                    RiskClass::ALL.iter().map(|r| r.as_str()).collect(),
                ),
                1,
            ),
            FormField::date("date", Msg::FieldReceiptOn, Some(today))
                .with_hint(lang.t(Msg::HintDate)),
            FormField::text("reason", Msg::ColReason, ""),
        ];
        ApplicationForm {
            act: ApplicationAct::Receive,
            id: None,
            name: String::new(),
            expected_version: None,
            fields,
            focus: 1,
            error: None,
            confirm: None,
            waiting: None,
            busy: None,
        }
    }

    /// The form of `act` on the application `a`, dated today.
    pub fn act(
        act: ApplicationAct,
        a: &ApplicationRow,
        today: Date,
        lang: Lang,
    ) -> ApplicationForm {
        let date = FormField::date("date", Msg::FieldStepDate, Some(today))
            .with_hint(lang.t(Msg::HintDate));
        let text = |key, label| FormField::text(key, label, "");
        let renewal = a.purpose == ApplicationPurpose::Renewal.as_str();
        let mut fields = vec![date];
        match act {
            ApplicationAct::RequestMaterials => fields.push(
                FormField::text("reason", Msg::FieldMissing, "")
                    .with_hint(lang.t(Msg::HintMissing)),
            ),
            ApplicationAct::Grant => {
                if !renewal {
                    fields.push(
                        text("approval_no", Msg::FieldApprovalNo)
                            .with_hint(lang.t(Msg::HintApprovalNo)),
                    );
                    fields.push(text("authority", Msg::FieldAuthority));
                }
                fields.push(
                    FormField::date("valid_until", Msg::FieldGrantUntil, None)
                        .with_hint(lang.t(Msg::HintGrantUntil)),
                );
            }
            _ => {}
        }
        for (key, label) in [
            ("basis", Msg::FieldBasis),
            ("doc_no", Msg::ColDocNo),
            ("reason", Msg::ColReason),
        ] {
            if !fields.iter().any(|f| f.key == key) {
                fields.push(text(key, label));
            }
        }
        ApplicationForm {
            act,
            id: Some(a.id),
            name: a.name.clone(),
            expected_version: Some(a.version),
            // The act's own first field (what is missing, the approval number), else the date.
            focus: usize::from(matches!(
                act,
                ApplicationAct::RequestMaterials | ApplicationAct::Grant
            )),
            fields,
            error: None,
            confirm: None,
            waiting: None,
            busy: None,
        }
    }

    pub fn modes(&self) -> &'static [Mode] {
        if self.confirm.is_some() {
            &[Mode::Confirm, Mode::Any]
        } else {
            &[Mode::Form, Mode::TextEdit, Mode::Any]
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

    fn mark(&mut self, key: &str, error: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = Some(error);
        }
    }

    /// A date field: None when empty, Err (marked) when not a date.
    fn date(&mut self, key: &str, lang: Lang) -> Result<Option<Date>, ()> {
        let text = self.value(key);
        super::act_form::date_in_field(&text, lang).map_err(|m| self.mark(key, m))
    }

    /// The fields read, every error of the form marked at once; None when any is wrong.
    fn read(&mut self, lang: Lang) -> Option<(Date, Decision)> {
        for f in &mut self.fields {
            f.error = None;
        }
        self.error = None;
        let mut ok = true;
        let date = match self.date("date", lang) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                self.mark("date", lang.t(Msg::ErrRequired).to_string());
                None
            }
            Err(()) => None,
        };
        let valid_until = self.date("valid_until", lang).unwrap_or_else(|()| {
            ok = false;
            None
        });
        let approval_no = match self.value("approval_no") {
            v if v.is_empty() => None,
            v => match ApprovalNo::parse(&v) {
                Ok(a) => Some(a),
                Err(e) => {
                    self.mark(
                        "approval_no",
                        lang.f(
                            Msg::ErrBadApprovalNo,
                            &[("why", &clean(&i18n::id_error(lang, &e)))],
                        ),
                    );
                    ok = false;
                    None
                }
            },
        };
        let decision = Decision {
            date,
            basis: self.value("basis"),
            doc_no: self.value("doc_no"),
            reason: self.value("reason"),
            approval_no,
            valid_until,
            authority: self.value("authority"),
        };
        match date {
            Some(d) if ok => Some((d, decision)),
            _ => None,
        }
    }

    /// The new application from the receipt form, every error marked at once.
    fn new_application(&mut self, lang: Lang) -> Option<NewApplication> {
        let read = self.read(lang);
        let mut ok = read.is_some();
        let uscc = match Uscc::parse(&self.value("uscc")) {
            Ok(u) => Some(u),
            Err(e) => {
                self.mark(
                    "uscc",
                    lang.f(
                        Msg::ErrBadUscc,
                        &[("why", &clean(&i18n::id_error(lang, &e)))],
                    ),
                );
                None
            }
        };
        let mut required = |form: &mut Self, key: &str| {
            let v = form.value(key);
            if v.is_empty() {
                form.mark(key, lang.t(Msg::ErrRequired).to_string());
                ok = false;
            }
            v
        };
        let name = required(self, "name");
        let kind = BodyKind::parse(&required(self, "kind"));
        let route = Route::parse(&required(self, "route"));
        let (Some((date, d)), Some(uscc), Some(kind), Some(route), true) =
            (read, uscc, kind, route, ok)
        else {
            return None;
        };
        let region = match self.value("region") {
            r if r.is_empty() => uscc.region().to_string(),
            r => r,
        };
        Some(NewApplication {
            purpose: ApplicationPurpose::parse(&self.value("purpose"))
                .unwrap_or(ApplicationPurpose::New),
            uscc,
            name,
            kind,
            route,
            approval_no: d.approval_no,
            scope: split_items(&self.value("scope")),
            region,
            risk_class: RiskClass::parse(&self.value("risk_class")).unwrap_or(RiskClass::B),
            received_on: date,
            reason: d.reason,
        })
    }

    fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    fn store_error(&mut self, e: StoreError, lang: Lang) -> Outcome {
        match e {
            StoreError::Conflict { by, at, .. } => Outcome::Conflict(lang.f(
                Msg::AppConflict,
                &[
                    ("by", &clean(&by)),
                    (
                        "at",
                        &i18n::sentences::local_time_in(&at, &jiff::tz::TimeZone::UTC),
                    ),
                ],
            )),
            StoreError::Refused(r) => {
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

    /// The act's name in the form's title and messages.
    pub fn act_name(&self, lang: Lang) -> &'static str {
        i18n::application_act(lang, self.act)
    }

    /// What a decision will do, in sentences for the y/N question.
    fn summary(&self, o: &ApplicationOutcome, d: &Decision, lang: Lang) -> Vec<String> {
        let mut out = vec![lang.f(
            Msg::SumStatus,
            &[
                ("before", &i18n::application_status(lang, o.from.as_str())),
                ("after", &i18n::application_status(lang, o.next.as_str())),
            ],
        )];
        let fact = |k: &str| o.details.get(k).and_then(|v| v.as_str()).map(clean);
        if let Some(until) = fact("valid_until") {
            let approval = d
                .approval_no
                .as_ref()
                .map(|a| a.as_str().to_string())
                .unwrap_or_default();
            out.push(lang.f(
                Msg::AppSumGrant,
                &[("approval", &clean(&approval)), ("until", &until)],
            ));
        }
        if let Some(due) = fact("verification_due") {
            out.push(lang.f(
                Msg::SumOpens,
                &[
                    ("what", &i18n::follow_up(lang, "verification")),
                    ("date", &due),
                ],
            ));
        }
        if let Some(on) = fact("counts_as_accepted_on") {
            out.push(lang.f(Msg::AppSumCountsFrom, &[("date", &on)]));
        }
        out.push(format!(
            "{}{c}{}   {}{c}{}",
            lang.t(Msg::FieldBasis),
            clean(if d.basis.is_empty() { "—" } else { &d.basis }),
            lang.t(Msg::ColDocNo),
            clean(if d.doc_no.is_empty() {
                "—"
            } else {
                &d.doc_no
            }),
            c = super::colon(lang)
        ));
        out
    }

    fn perform(&mut self, store: &mut Store, d: &Decision, lang: Lang) -> Outcome {
        let Some(id) = self.id else {
            return Outcome::Cancelled;
        };
        let before = store.application(id).map(|a| a.status);
        match store.act_on_application(id, self.act, d, self.expected_version) {
            Ok(row) => Outcome::Done(lang.f(
                Msg::AppActDone,
                &[
                    ("act", &self.act_name(lang)),
                    ("id", &row.id),
                    (
                        "before",
                        &i18n::application_status(lang, &before.unwrap_or_default()),
                    ),
                    ("after", &i18n::application_status(lang, &row.status)),
                ],
            )),
            Err(e) => self.store_error(e, lang),
        }
    }

    fn submit(&mut self, store: &mut Store, lang: Lang) -> Outcome {
        if self.act == ApplicationAct::Receive {
            let Some(a) = self.new_application(lang) else {
                self.focus_first_error();
                return Outcome::Stay;
            };
            return match store.receive_application(&a) {
                Ok(id) => Outcome::Done(lang.f(
                    Msg::AppReceivedDone,
                    &[("id", &id), ("name", &clean(&a.name))],
                )),
                Err(e) => self.store_error(e, lang),
            };
        }
        let Some((_, d)) = self.read(lang) else {
            self.focus_first_error();
            return Outcome::Stay;
        };
        let Some(id) = self.id else {
            return Outcome::Cancelled;
        };
        if !ends_application(self.act) {
            return self.perform(store, &d, lang);
        }
        // The same rules as the write, without writing: refusals show inline before any question.
        match store.preview_application_act(id, self.act, &d, self.expected_version) {
            Ok(o) => {
                self.confirm = Some((self.summary(&o, &d, lang), d));
                Outcome::Stay
            }
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
                Some(d) => self.perform(store, &d, lang),
                None => Outcome::Stay,
            };
        }
        let n = self.fields.len();
        match action {
            Action::Close => return Outcome::Cancelled,
            Action::Submit => return self.submit(store, lang),
            Action::NextField => self.focus = (self.focus + 1) % n,
            Action::PrevField => self.focus = (self.focus + n - 1) % n,
            edit => {
                // The purpose and the risk class always have a value; kind and route are chosen.
                let field = &mut self.fields[self.focus];
                let optional = matches!(field.key, "kind" | "route");
                field.edit(edit, optional);
            }
        }
        Outcome::Stay
    }

    /// The lines the form wants at `width` columns (frame included).
    pub fn height(&self, width: u16, lang: Lang) -> u16 {
        let inner = width.saturating_sub(2);
        if let Some((summary, _)) = &self.confirm {
            let lines: usize = summary.iter().map(|s| wrap(s, inner as usize).len()).sum();
            return lines as u16 + 6;
        }
        let layout = FormLayout::new(&self.fields, self.focus, inner, lang);
        let footer = footer_lines(self.error.as_deref(), false, inner, lang);
        (layout.total() + footer.len() + 2) as u16
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        f.render_widget(Clear, area);
        let title = match self.id {
            Some(id) => lang.f(
                Msg::AppFormTitle,
                &[
                    ("act", &self.act_name(lang)),
                    ("id", &id),
                    ("name", &clean(&self.name)),
                ],
            ),
            None => lang.t(Msg::AppReceiveTitle).to_string(),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(
                fit(&format!(" {title} "), area.width.saturating_sub(4) as usize),
                theme.title(),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.width < 10 || inner.height < 3 {
            return;
        }
        if let Some((summary, _)) = &self.confirm {
            let question = if self.act == ApplicationAct::Withdraw {
                lang.t(Msg::AppConfirmWithdraw).to_string()
            } else {
                lang.f(Msg::AppConfirm, &[("act", &self.act_name(lang))])
            };
            render_confirm(f, inner, question, summary, cx);
            return;
        }
        render_form(
            f,
            inner,
            (&self.fields, self.focus),
            self.error.as_deref(),
            false,
            cx,
            &|key, code| option_label(lang, key, code),
        );
    }
}

crate::waits_for_lock!(ApplicationForm, (Vec<String>, Decision));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture;

    fn type_into(f: &mut ApplicationForm, store: &mut Store, key: &str, text: &str) {
        f.focus = f.fields.iter().position(|x| x.key == key).unwrap();
        f.update(Action::ClearLine, store, Lang::Zh);
        for c in text.chars() {
            f.update(Action::Insert(c), store, Lang::Zh);
        }
    }

    fn choose(f: &mut ApplicationForm, store: &mut Store, key: &str, times: usize) {
        f.focus = f.fields.iter().position(|x| x.key == key).unwrap();
        for _ in 0..times {
            f.update(Action::Right, store, Lang::Zh);
        }
    }

    fn error(f: &ApplicationForm, key: &str) -> String {
        f.field(key).unwrap().error.clone().unwrap_or_default()
    }

    #[test]
    fn receipt_marks_every_error_at_once_and_writes_nothing() {
        let (_dir, mut store) = fixture::temp();
        let before = store.applications().unwrap().len();
        let mut f = ApplicationForm::receive(fixture::TODAY, Lang::Zh);
        type_into(&mut f, &mut store, "uscc", "91110000600037341M");
        type_into(&mut f, &mut store, "date", "明天");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        assert!(
            error(&f, "uscc").starts_with("统一社会信用代码有误"),
            "{}",
            error(&f, "uscc")
        );
        assert_eq!(error(&f, "name"), "必填");
        assert_eq!(error(&f, "kind"), "必填");
        assert_eq!(error(&f, "route"), "必填");
        assert!(error(&f, "date").contains("不是日期"));
        assert_eq!(
            f.fields[f.focus].key, "uscc",
            "the first error has the focus"
        );
        assert_eq!(store.applications().unwrap().len(), before);
    }

    #[test]
    fn receipt_writes_and_the_stores_refusal_lands_on_its_field() {
        let (_dir, mut store) = fixture::temp();
        let mut f = ApplicationForm::receive(fixture::TODAY, Lang::Zh);
        type_into(
            &mut f,
            &mut store,
            "uscc",
            fixture::uscc("110105", 201).as_str(),
        );
        type_into(&mut f, &mut store, "name", "北京新检测有限公司");
        choose(&mut f, &mut store, "kind", 2); // cma
        choose(&mut f, &mut store, "route", 2); // optimized
        type_into(&mut f, &mut store, "reason", "=cmd|' /C calc'!A0");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        assert!(
            error(&f, "reason").contains("公式"),
            "in the UI language: {}",
            error(&f, "reason")
        );
        type_into(&mut f, &mut store, "date", "2026-12-01");
        type_into(&mut f, &mut store, "reason", "申请资质认定");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        // The store's refusal, in the UI language.
        assert!(
            error(&f, "date").contains("晚于今天（2026-11-27）"),
            "{}",
            error(&f, "date")
        );
        type_into(&mut f, &mut store, "date", "2026-11-27");
        match f.update(Action::Submit, &mut store, Lang::Zh) {
            Outcome::Done(text) => assert!(text.contains("北京新检测有限公司"), "{text}"),
            other => panic!("{other:?}"),
        }
        let rows = store.applications().unwrap();
        assert_eq!(rows[0].name, "北京新检测有限公司");
        assert_eq!(rows[0].kind, "cma");
        assert_eq!(rows[0].route, "optimized");
        assert_eq!(rows[0].region, "110105", "the region from the USCC");
    }

    #[test]
    fn a_grant_is_checked_then_asks_and_no_writes_nothing() {
        let (_dir, mut store) = fixture::temp();
        let ids = fixture::add_applications(&mut store);
        let a = store.application(ids.overdue).unwrap();
        let mut f = ApplicationForm::act(ApplicationAct::Grant, &a, fixture::TODAY, Lang::Zh);
        let keys: Vec<&str> = f.fields.iter().map(|x| x.key).collect();
        assert_eq!(
            keys,
            [
                "date",
                "approval_no",
                "authority",
                "valid_until",
                "basis",
                "doc_no",
                "reason"
            ]
        );
        type_into(&mut f, &mut store, "approval_no", "CNCA-R-2026-777");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        assert!(f.confirm.is_none(), "refused before any question");
        assert!(
            error(&f, "approval_no").contains("不是检验检测机构的批准号"),
            "{}",
            error(&f, "approval_no")
        );
        type_into(&mut f, &mut store, "approval_no", "320000000777");
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        assert!(
            error(&f, "authority").contains("authority"),
            "{}",
            error(&f, "authority")
        );
        type_into(&mut f, &mut store, "authority", "江苏省市场监督管理局");
        type_into(&mut f, &mut store, "doc_no", "苏市监认〔2026〕30号");
        type_into(
            &mut f,
            &mut store,
            "basis",
            "检验检测机构资质认定管理办法第十条",
        );
        assert_eq!(
            f.update(Action::Submit, &mut store, Lang::Zh),
            Outcome::Stay
        );
        let (summary, _) = f.confirm.clone().expect("a y/N question");
        assert!(summary[0].contains("已受理 → 已准予许可"), "{summary:?}");
        assert!(summary[1].contains("320000000777"), "{summary:?}");
        assert_eq!(f.modes(), &[Mode::Confirm, Mode::Any]);
        assert_eq!(f.update(Action::No, &mut store, Lang::Zh), Outcome::Stay);
        assert_eq!(store.application(ids.overdue).unwrap().status, "accepted");
        assert!(store.body_file("320000000777").is_err(), "nothing written");
        f.update(Action::Submit, &mut store, Lang::Zh);
        match f.update(Action::Yes, &mut store, Lang::Zh) {
            Outcome::Done(text) => assert!(text.contains("准予许可"), "{text}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.application(ids.overdue).unwrap().status, "granted");
        assert!(store.body_file("320000000777").is_ok());
    }

    #[test]
    fn a_change_by_someone_else_is_a_conflict() {
        let (dir, mut store) = fixture::temp();
        let ids = fixture::add_applications(&mut store);
        let a = store.application(ids.received).unwrap();
        let mut f = ApplicationForm::act(ApplicationAct::Accept, &a, fixture::TODAY, Lang::Zh);
        let mut other = fixture::other_user(&dir);
        other
            .act_on_application(
                ids.received,
                ApplicationAct::RequestMaterials,
                &Decision {
                    date: Some(fixture::TODAY),
                    ..Default::default()
                },
                None,
            )
            .unwrap();
        match f.update(Action::Submit, &mut store, Lang::Zh) {
            Outcome::Conflict(text) => assert!(text.contains("李四"), "{text}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            store.application(ids.received).unwrap().status,
            "materials_requested"
        );
    }

    #[test]
    fn materials_are_asked_for_and_a_date_after_today_is_refused_on_its_field() {
        let (_dir, mut store) = fixture::temp();
        let ids = fixture::add_applications(&mut store);
        let a = store.application(ids.received).unwrap();
        let mut f = ApplicationForm::act(
            ApplicationAct::RequestMaterials,
            &a,
            fixture::TODAY,
            Lang::En,
        );
        assert_eq!(f.fields[1].key, "reason");
        type_into(&mut f, &mut store, "date", "2026-12-01");
        f.update(Action::Submit, &mut store, Lang::En);
        assert!(
            error(&f, "date").contains("after today (2026-11-27)"),
            "{}",
            error(&f, "date")
        );
        type_into(&mut f, &mut store, "date", "2026-11-27");
        type_into(&mut f, &mut store, "reason", "营业执照副本");
        assert!(matches!(
            f.update(Action::Submit, &mut store, Lang::En),
            Outcome::Done(_)
        ));
        assert_eq!(
            store.application(ids.received).unwrap().status,
            "materials_requested"
        );
    }
}
