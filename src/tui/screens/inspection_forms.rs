//! The forms of the inspection screens: on a task's page draw, assign the officers, replace a
//! drawn body, recuse an officer, record a result (fast entry goes down the list with it),
//! close and publish; on the roster add, deactivate and declare a conflict. Each is the
//! fields of `act_form.rs` (`render_form`, `answer_confirm`, `DiscardGuard`) over the store's
//! inspection calls; an act that freezes something asks y/N, naming what it freezes.

use super::Cx;
use super::act_form::{
    DiscardGuard, FormField, FormLayout, Outcome, Value, answer_confirm, field_modes, footer_lines,
    render_confirm, render_form,
};
use crate::domain::Date;
use crate::domain::acts::ActKind;
use crate::domain::inspection::{Problem, ResultCode};
use crate::i18n::inspection_screens::{InspMsg, failure};
use crate::i18n::{Lang, Msg};
use crate::store::Store;
use crate::store::inspections::{CaseFollowUp, InspectionError, OrderFollowUp, ResultDraft};
use crate::tui::keymap::{Action, Mode};
use crate::tui::widgets::text::{clean, fit, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};

/// A body of a task's list, as a form names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedBody {
    pub uscc: String,
    pub name: String,
}

/// What a form does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InspectionAct {
    Draw,
    Assign {
        bodies: usize,
        per: u32,
    },
    Replace(ListedBody),
    Recuse(ListedBody),
    /// The result of the `n`th body of `total` on the list; `last` when it is the only one left
    /// without a result (recording it completes the task).
    Result {
        body: ListedBody,
        n: usize,
        total: usize,
        last: bool,
    },
    Close,
    Publish,
    AddInspector,
    Deactivate {
        login: String,
        name: String,
    },
    Conflict {
        login: String,
        name: String,
    },
}

#[derive(Debug, Clone)]
pub struct InspectionForm {
    pub act: InspectionAct,
    pub task: i64,
    pub task_name: String,
    /// The task's kind of body (cb / cma): the words of the intended penalty.
    pub kind: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// An error that belongs to no one field.
    pub error: Option<String>,
    /// Asking y/N: what will be frozen.
    pub confirm: Option<(Vec<String>, ())>,
    pub discard: DiscardGuard,
    /// Fast entry of results: after this one, the next body without a result.
    pub fast: bool,
}

/// The follow-ups a result may start (the CLI's `--order-rectification`, `--open-case`).
const FOLLOW_UPS: [&str; 3] = ["none", "order", "case"];

fn penalties() -> Vec<&'static str> {
    ActKind::ALL
        .iter()
        .filter(|a| a.is_penalty())
        .map(|a| a.as_str())
        .collect()
}

/// `1 未发现问题 · 2 …`: the categories by number, as the result field's hint lists them.
fn numbered_results() -> String {
    ResultCode::ALL
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} {}", i + 1, c.zh()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A result typed as its code, its Chinese label or its number (1–13).
pub fn parse_result(text: &str) -> Option<ResultCode> {
    let t = text.trim();
    if let Ok(n) = t.parse::<usize>() {
        return n
            .checked_sub(1)
            .and_then(|i| ResultCode::ALL.get(i).copied());
    }
    ResultCode::parse(t)
}

/// The result's label: the Chinese category (published in Chinese) or, in English, its code.
pub fn result_label(lang: Lang, code: &str) -> String {
    match ResultCode::parse(code) {
        Some(c) => lang.pick(c.zh(), c.as_str()).to_string(),
        None => clean(code).into_owned(),
    }
}

/// The field a refusal concerns, if the form has one.
fn field_of(p: &Problem) -> Option<&'static str> {
    Some(match p {
        Problem::Required(f) | Problem::BadText { field: f, .. } => f,
        Problem::PublicValueEmpty => "public_value",
        Problem::FindingsRequired(_) => "findings",
        Problem::BeforeDraw { .. }
        | Problem::AfterToday { .. }
        | Problem::BeforeCompletion { .. } => "date",
        Problem::UnknownResult(_) => "result",
        Problem::NoProblemFound(_) => "follow_up",
        Problem::UnknownOfficer(_) | Problem::NotAssigned { .. } => "login",
        Problem::UnknownBody(_) | Problem::ConflictExists { .. } => "uscc",
        _ => return None,
    })
}

impl InspectionForm {
    fn new(act: InspectionAct, task: i64, task_name: &str, fields: Vec<FormField>) -> Self {
        InspectionForm {
            act,
            task,
            task_name: task_name.to_string(),
            kind: String::new(),
            discard: DiscardGuard::new(&fields),
            fields,
            focus: 0,
            error: None,
            confirm: None,
            fast: false,
        }
    }

    pub fn draw(task: i64, name: &str, kind: &str, today: Date, lang: Lang) -> Self {
        let mut f = Self::new(
            InspectionAct::Draw,
            task,
            name,
            vec![
                FormField::text("public_value", Msg::FieldPublicValue, "")
                    .with_hint(lang.t(InspMsg::DrawHint)),
                FormField::date("date", Msg::FieldDrawDate, Some(today)),
            ],
        );
        f.kind = kind.to_string();
        f
    }

    /// The officers of `bodies` bodies without any: nothing to fill in, only y/N.
    pub fn assign(task: i64, name: &str, bodies: usize, per: u32, lang: Lang) -> Self {
        let mut f = Self::new(
            InspectionAct::Assign { bodies, per },
            task,
            name,
            Vec::new(),
        );
        f.confirm = Some((
            vec![lang.f(InspMsg::AssignFreezes, &[("n", &bodies), ("per", &per)])],
            (),
        ));
        f
    }

    pub fn replace(task: i64, name: &str, body: ListedBody, today: Date) -> Self {
        Self::new(
            InspectionAct::Replace(body),
            task,
            name,
            vec![
                FormField::text("reason", Msg::FieldReason, "").multiline(),
                FormField::date("date", Msg::FieldDate, Some(today)),
            ],
        )
    }

    /// `officers`: (login, display name) of the body's officers not recused.
    pub fn recuse(
        task: i64,
        name: &str,
        body: ListedBody,
        officers: &[(String, String)],
        today: Date,
    ) -> Self {
        let mut login = FormField::list("login", Msg::FieldOfficer).with_hint(
            officers
                .iter()
                .map(|(l, n)| format!("{} {}", clean(l), clean(n)))
                .collect::<Vec<_>>()
                .join(" · "),
        );
        login.completions = officers.iter().map(|(l, _)| l.clone()).collect();
        Self::new(
            InspectionAct::Recuse(body),
            task,
            name,
            vec![
                login,
                FormField::text("reason", Msg::FieldReason, "").multiline(),
                FormField::text("decided_by", Msg::FieldDecidedBy, ""),
                FormField::date("date", Msg::FieldDate, Some(today)),
            ],
        )
    }

    /// The result of one body: the category typed (completed from the codes and labels) or
    /// given by number, the date (today), the findings, and what it starts.
    #[allow(clippy::too_many_arguments)]
    pub fn result(
        task: i64,
        name: &str,
        kind: &str,
        body: ListedBody,
        (n, total, last): (usize, usize, bool),
        today: Date,
        lang: Lang,
    ) -> Self {
        let mut code = FormField::list("result", Msg::FieldResultCode)
            .with_hint(lang.f(InspMsg::ResultHint, &[("list", &numbered_results())]));
        code.completions = ResultCode::ALL
            .iter()
            .flat_map(|c| [c.zh().to_string(), c.as_str().to_string()])
            .collect();
        let mut f = Self::new(
            InspectionAct::Result {
                body,
                n,
                total,
                last,
            },
            task,
            name,
            vec![
                code,
                FormField::date("date", Msg::FieldDate, Some(today)),
                FormField::text("findings", Msg::FieldFindings, "").multiline(),
                FormField::choice("follow_up", Msg::FieldFollowUp, FOLLOW_UPS.to_vec()),
                FormField::date("deadline", Msg::FieldDeadline, None),
                FormField::text("case_no", Msg::FieldCaseNo, ""),
                FormField::choice("case_act", Msg::FieldCaseAct, penalties()),
                FormField::text("basis", Msg::FieldBasis, ""),
                FormField::text("doc_no", Msg::FieldDocNo, ""),
            ],
        );
        if let Some(Value::Choice { index, .. }) = f.field_mut("follow_up").map(|x| &mut x.value) {
            *index = Some(0);
        }
        f.discard = DiscardGuard::new(&f.fields);
        f.kind = kind.to_string();
        f
    }

    pub fn close(task: i64, name: &str, today: Date) -> Self {
        Self::new(
            InspectionAct::Close,
            task,
            name,
            vec![
                FormField::date("date", Msg::FieldDate, Some(today)),
                FormField::text("reason", Msg::FieldReason, "").multiline(),
            ],
        )
    }

    pub fn publish(task: i64, name: &str, today: Date) -> Self {
        Self::new(
            InspectionAct::Publish,
            task,
            name,
            vec![FormField::date("date", Msg::FieldDate, Some(today))],
        )
    }

    pub fn add_inspector(lang: Lang) -> Self {
        Self::new(
            InspectionAct::AddInspector,
            0,
            "",
            vec![
                FormField::text("login", Msg::FieldLogin, ""),
                FormField::text("name", Msg::FieldPersonName, ""),
                FormField::text("cert_no", Msg::FieldCertNo, ""),
                FormField::text("dept", Msg::FieldDept, ""),
                FormField::text("kinds", Msg::FieldKinds, "").with_hint(lang.t(InspMsg::KindsHint)),
            ],
        )
    }

    pub fn deactivate(login: &str, name: &str, lang: Lang) -> Self {
        let mut f = Self::new(
            InspectionAct::Deactivate {
                login: login.into(),
                name: name.into(),
            },
            0,
            "",
            Vec::new(),
        );
        f.confirm = Some((
            vec![lang.f(
                InspMsg::DeactivateFreezes,
                &[("name", &clean(name)), ("login", &clean(login))],
            )],
            (),
        ));
        f
    }

    pub fn conflict(login: &str, name: &str) -> Self {
        Self::new(
            InspectionAct::Conflict {
                login: login.into(),
                name: name.into(),
            },
            0,
            "",
            vec![
                FormField::text("uscc", Msg::FieldUscc, ""),
                FormField::text("reason", Msg::FieldReason, "").multiline(),
            ],
        )
    }

    pub fn field(&self, key: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.key == key)
    }
    pub fn field_mut(&mut self, key: &str) -> Option<&mut FormField> {
        self.fields.iter_mut().find(|f| f.key == key)
    }
    fn value(&self, key: &str) -> String {
        self.field(key)
            .map(|f| f.text_value().trim().to_string())
            .unwrap_or_default()
    }
    fn mark(&mut self, key: &str, message: String) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            if self.fields[i].error.is_none() {
                self.fields[i].error = Some(message);
            }
        } else {
            self.error = Some(message);
        }
    }

    pub fn modes(&self) -> &'static [Mode] {
        if self.confirm.is_some() || self.discard.asking {
            &[Mode::Confirm, Mode::Any]
        } else {
            field_modes(self.fields.get(self.focus))
        }
    }

    /// The date in `key`: Ok(None) when empty, Err when it is no date (marked on the field).
    fn date(&mut self, key: &str, lang: Lang) -> Result<Option<Date>, ()> {
        let text = self.value(key);
        super::act_form::date_in_field(&text, lang).map_err(|m| self.mark(key, m))
    }

    fn required(&mut self, key: &str, lang: Lang) -> bool {
        if self.value(key).is_empty() {
            self.mark(key, lang.t(Msg::ErrRequired).to_string());
            false
        } else {
            true
        }
    }

    /// The result as typed, or the field marked.
    fn result_code(&mut self, lang: Lang) -> Option<ResultCode> {
        let text = self.value("result");
        if text.is_empty() {
            self.mark("result", lang.t(Msg::ErrRequired).to_string());
            return None;
        }
        let code = parse_result(&text);
        if code.is_none() {
            self.mark(
                "result",
                lang.f(InspMsg::ResultUnknown, &[("value", &clean(&text))]),
            );
        }
        code
    }

    fn follow_up(&self) -> &'static str {
        match self.field("follow_up").map(|f| &f.value) {
            Some(Value::Choice {
                options,
                index: Some(i),
            }) => options[*i],
            _ => "none",
        }
    }

    /// Check what the form can check itself; the summary of what a y/N would freeze (None:
    /// the act asks nothing).
    fn check(&mut self, lang: Lang) -> Result<Option<Vec<String>>, ()> {
        for f in &mut self.fields {
            f.error = None;
        }
        self.error = None;
        let mut ok = true;
        let date = self.date("date", lang);
        ok &= date.is_ok();
        let date = date.ok().flatten();
        let today_or = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let summary = match self.act.clone() {
            InspectionAct::Draw => {
                ok &= self.required("public_value", lang);
                let kind = crate::i18n::kind(lang, &self.kind).into_owned();
                Some(vec![lang.f(
                    InspMsg::DrawFreezes,
                    &[
                        ("date", &today_or(date)),
                        ("kind", &kind),
                        ("value", &clean(&self.value("public_value"))),
                    ],
                )])
            }
            InspectionAct::Assign { .. } | InspectionAct::Deactivate { .. } => None,
            InspectionAct::Replace(body) => {
                ok &= self.required("reason", lang);
                Some(vec![lang.f(
                    InspMsg::ReplaceFreezes,
                    &[
                        ("name", &clean(&body.name)),
                        ("uscc", &clean(&body.uscc)),
                        ("reason", &clean(&self.value("reason"))),
                    ],
                )])
            }
            InspectionAct::Recuse(body) => {
                ok &= self.required("login", lang);
                ok &= self.required("reason", lang);
                ok &= self.required("decided_by", lang);
                Some(vec![lang.f(
                    InspMsg::RecuseFreezes,
                    &[
                        ("officer", &clean(&self.value("login"))),
                        ("name", &clean(&body.name)),
                        ("by", &clean(&self.value("decided_by"))),
                        ("reason", &clean(&self.value("reason"))),
                    ],
                )])
            }
            InspectionAct::Result { body, last, .. } => {
                let code = self.result_code(lang);
                ok &= code.is_some();
                let deadline = self.date("deadline", lang);
                ok &= deadline.is_ok();
                let follow = self.follow_up();
                if follow == "order" && matches!(deadline, Ok(None)) {
                    self.mark("deadline", lang.t(Msg::ErrRequired).to_string());
                    ok = false;
                }
                if follow == "case" {
                    ok &= self.required("case_no", lang);
                    if self.value("case_act").is_empty() {
                        self.mark("case_act", lang.t(Msg::ErrRequired).to_string());
                        ok = false;
                    }
                }
                let mut lines = Vec::new();
                if let Some(code) = code {
                    lines.push(lang.f(
                        InspMsg::ResultSummary,
                        &[
                            ("name", &clean(&body.name)),
                            ("uscc", &clean(&body.uscc)),
                            ("result", &result_label(lang, code.as_str())),
                            ("date", &today_or(date)),
                        ],
                    ));
                }
                let starts = match follow {
                    "order" => Some((
                        InspMsg::FollowOrder,
                        lang.f(Msg::FieldDeadline, &[]) + " " + &self.value("deadline"),
                    )),
                    "case" => Some((
                        InspMsg::FollowCase,
                        format!(
                            "{} {}",
                            clean(&self.value("case_no")),
                            crate::i18n::act_of(
                                lang,
                                crate::domain::ids::BodyKind::parse(&self.kind),
                                &self.value("case_act")
                            )
                        ),
                    )),
                    _ => None,
                };
                let asks = starts.is_some() || last;
                if let Some((act, what)) = starts {
                    lines.push(lang.f(
                        InspMsg::ResultStarts,
                        &[("act", &lang.t(act)), ("what", &what)],
                    ));
                }
                if last {
                    lines.push(lang.t(InspMsg::ResultLast).to_string());
                }
                asks.then_some(lines)
            }
            InspectionAct::Close => {
                ok &= self.required("reason", lang);
                Some(vec![lang.f(
                    InspMsg::CloseFreezes,
                    &[
                        ("id", &self.task),
                        ("date", &today_or(date)),
                        ("reason", &clean(&self.value("reason"))),
                    ],
                )])
            }
            InspectionAct::Publish => Some(vec![lang.f(
                InspMsg::PublishFreezes,
                &[("id", &self.task), ("date", &today_or(date))],
            )]),
            InspectionAct::AddInspector => {
                for k in ["login", "name", "cert_no", "dept", "kinds"] {
                    ok &= self.required(k, lang);
                }
                None
            }
            InspectionAct::Conflict { .. } => {
                ok &= self.required("uscc", lang);
                ok &= self.required("reason", lang);
                None
            }
        };
        if ok {
            Ok(summary)
        } else {
            if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
                self.focus = i;
            }
            Err(())
        }
    }

    /// The y/N question of the act.
    fn question(&self) -> InspMsg {
        match &self.act {
            InspectionAct::Draw => InspMsg::DrawConfirm,
            InspectionAct::Assign { .. } => InspMsg::AssignConfirm,
            InspectionAct::Replace(_) => InspMsg::ReplaceConfirm,
            InspectionAct::Recuse(_) => InspMsg::RecuseConfirm,
            InspectionAct::Result { .. } => InspMsg::ResultConfirm,
            InspectionAct::Close => InspMsg::CloseConfirm,
            InspectionAct::Publish => InspMsg::PublishConfirm,
            InspectionAct::Deactivate { .. } => InspMsg::DeactivateConfirm,
            InspectionAct::AddInspector | InspectionAct::Conflict { .. } => InspMsg::ResultConfirm,
        }
    }

    fn submit(&mut self, store: &mut Store, lang: Lang) -> Outcome {
        match self.check(lang) {
            Err(()) => Outcome::Stay,
            Ok(Some(summary)) => {
                self.confirm = Some((summary, ()));
                Outcome::Stay
            }
            Ok(None) => self.perform(store, lang),
        }
    }

    /// The store's call; a refusal goes on its field (or the form's line), nothing written.
    fn perform(&mut self, store: &mut Store, lang: Lang) -> Outcome {
        let date = self
            .value("date")
            .parse::<Date>()
            .ok()
            .or_else(|| crate::domain::dates::parse_date(&self.value("date")));
        let task = self.task;
        let done: Result<String, InspectionError> = match self.act.clone() {
            InspectionAct::Draw => store
                .draw(task, &self.value("public_value"), date)
                .map(|d| {
                    lang.f(
                        InspMsg::Drawn,
                        &[
                            ("id", &task),
                            ("population", &d.population),
                            ("drawn", &d.drawn.len()),
                        ],
                    )
                }),
            InspectionAct::Assign { .. } => store.assign_officers(task).map(|a| {
                if a.short.is_empty() {
                    lang.f(InspMsg::Assigned, &[("n", &a.assigned.len())])
                } else {
                    let list = a
                        .short
                        .iter()
                        .map(|(u, _)| u.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    lang.f(
                        InspMsg::AssignedShort,
                        &[
                            ("n", &a.assigned.len()),
                            ("short", &a.short.len()),
                            ("list", &list),
                        ],
                    )
                }
            }),
            InspectionAct::Replace(body) => store
                .replace_drawn(task, &body.uscc, &self.value("reason"), date)
                .map(|new| {
                    lang.f(
                        InspMsg::ReplacedDone,
                        &[("old", &clean(&body.uscc)), ("new", &clean(&new))],
                    )
                }),
            InspectionAct::Recuse(body) => store
                .recuse(
                    task,
                    &body.uscc,
                    &self.value("login"),
                    &self.value("reason"),
                    &self.value("decided_by"),
                    date,
                )
                .map(|r| match r.replacement {
                    Some(x) => lang.f(InspMsg::RecusedDone, &[("replacement", &clean(&x))]),
                    None => lang.t(InspMsg::RecusedNoReplacement).to_string(),
                }),
            InspectionAct::Result { body, .. } => {
                let Some(code) = parse_result(&self.value("result")) else {
                    return Outcome::Stay;
                };
                let follow = self.follow_up();
                let (basis, doc_no) = (self.value("basis"), self.value("doc_no"));
                let draft = ResultDraft {
                    uscc: body.uscc.clone(),
                    result: code,
                    date: date.unwrap_or(store.today()),
                    findings: self
                        .field("findings")
                        .map(|f| f.text_value())
                        .unwrap_or_default(),
                    order: (follow == "order").then(|| OrderFollowUp {
                        deadline: crate::domain::dates::parse_date(&self.value("deadline")),
                        basis: basis.clone(),
                        doc_no: doc_no.clone(),
                    }),
                    case: (follow == "case").then(|| CaseFollowUp {
                        case_no: self.value("case_no"),
                        intended: ActKind::parse(&self.value("case_act")),
                        basis: basis.clone(),
                        doc_no: doc_no.clone(),
                    }),
                };
                store.record_result(task, &draft).map(|d| {
                    let mut text = lang.f(
                        InspMsg::ResultDone,
                        &[
                            ("name", &clean(&body.name)),
                            ("result", &result_label(lang, code.as_str())),
                        ],
                    );
                    if let Some((event, _)) = d.order {
                        text += &lang.f(InspMsg::ResultOrder, &[("event", &event)]);
                    }
                    if let Some((_, number)) = d.case {
                        text += &lang.f(InspMsg::ResultCase, &[("number", &clean(&number))]);
                    }
                    if let Some(c) = d.completed {
                        text += &lang.f(InspMsg::ResultCompleted, &[("due", &c.publication_due)]);
                    }
                    text
                })
            }
            InspectionAct::Close => store
                .close_task(task, date.unwrap_or(store.today()), &self.value("reason"))
                .map(|c| lang.f(InspMsg::ClosedDone, &[("due", &c.publication_due)])),
            InspectionAct::Publish => store
                .publish_task(task, date.unwrap_or(store.today()))
                .map(|_| lang.f(InspMsg::PublishedDone, &[("id", &task)])),
            InspectionAct::AddInspector => store
                .add_inspector(
                    &self.value("login"),
                    &self.value("name"),
                    &self.value("cert_no"),
                    &self.value("dept"),
                    &self.value("kinds"),
                )
                .map(|i| {
                    lang.f(
                        InspMsg::AddedDone,
                        &[("name", &clean(&i.name)), ("login", &clean(&i.login))],
                    )
                }),
            InspectionAct::Deactivate { login, name } => store
                .deactivate_inspector(&login)
                .map(|_| lang.f(InspMsg::DeactivatedDone, &[("name", &clean(&name))])),
            InspectionAct::Conflict { login, name } => {
                let uscc = self.value("uscc");
                store
                    .add_conflict(&login, &uscc, &self.value("reason"))
                    .map(|_| {
                        lang.f(
                            InspMsg::ConflictDone,
                            &[("name", &clean(&name)), ("uscc", &clean(&uscc))],
                        )
                    })
            }
        };
        match done {
            Ok(text) => Outcome::Done(text),
            Err(e) => {
                self.confirm = None;
                let message = failure(lang, &e);
                match &e {
                    InspectionError::Problem(p) => match field_of(p) {
                        Some(k) if self.fields.iter().any(|f| f.key == k) => {
                            self.mark(k, message);
                            if let Some(i) = self.fields.iter().position(|f| f.key == k) {
                                self.focus = i;
                            }
                        }
                        _ => self.error = Some(message),
                    },
                    _ => self.error = Some(message),
                }
                // A form without fields (assign, deactivate) says why and stays to be closed.
                Outcome::Stay
            }
        }
    }

    pub fn update(&mut self, action: Action, store: &mut Store, lang: Lang) -> Outcome {
        if let Some(answer) = answer_confirm(&mut self.confirm, &action) {
            return match answer {
                Some(()) => self.perform(store, lang),
                // No, on a form that is only the question: nothing to go back to.
                None if self.fields.is_empty() && self.confirm.is_none() => Outcome::Cancelled,
                None => Outcome::Stay,
            };
        }
        match self.discard.answer(action) {
            Some(true) => return Outcome::Cancelled,
            Some(false) => return Outcome::Stay,
            None => {}
        }
        if self.fields.is_empty() {
            // Only the question, answered already (an error is shown): any key closes it.
            return Outcome::Cancelled;
        }
        let n = self.fields.len();
        match action {
            Action::Close if self.discard.close(&self.fields) => return Outcome::Cancelled,
            Action::Close => {}
            Action::Submit => return self.submit(store, lang),
            Action::NextField if self.fields[self.focus].complete() => {}
            Action::NextField => self.focus = (self.focus + 1) % n,
            Action::PrevField => self.focus = (self.focus + n - 1) % n,
            edit => {
                let may_be_empty = self.fields[self.focus].key == "case_act";
                self.fields[self.focus].edit(edit, may_be_empty);
            }
        }
        Outcome::Stay
    }

    fn title(&self, lang: Lang) -> String {
        let (id, name) = (&self.task, clean(&self.task_name).into_owned());
        match &self.act {
            InspectionAct::Draw => lang.f(InspMsg::DrawTitle, &[("id", id), ("name", &name)]),
            InspectionAct::Assign { .. } => {
                lang.f(InspMsg::AssignTitle, &[("id", id), ("name", &name)])
            }
            InspectionAct::Replace(b) => {
                lang.f(InspMsg::ReplaceTitle, &[("name", &clean(&b.name))])
            }
            InspectionAct::Recuse(b) => lang.f(InspMsg::RecuseTitle, &[("name", &clean(&b.name))]),
            InspectionAct::Result { body, n, total, .. } => lang.f(
                InspMsg::ResultTitle,
                &[("n", n), ("total", total), ("name", &clean(&body.name))],
            ),
            InspectionAct::Close => lang.f(InspMsg::CloseTitle, &[("id", id), ("name", &name)]),
            InspectionAct::Publish => lang.f(InspMsg::PublishTitle, &[("id", id), ("name", &name)]),
            InspectionAct::AddInspector => lang.t(InspMsg::AddTitle).to_string(),
            InspectionAct::Deactivate { name, .. } => {
                lang.f(InspMsg::DeactivateTitle, &[("name", &clean(name))])
            }
            InspectionAct::Conflict { name, .. } => {
                lang.f(InspMsg::ConflictTitle, &[("name", &clean(name))])
            }
        }
    }

    fn choice_label(&self, lang: Lang, key: &str, code: &str) -> String {
        match (key, code) {
            ("follow_up", "order") => lang.t(InspMsg::FollowOrder).to_string(),
            ("follow_up", "case") => lang.t(InspMsg::FollowCase).to_string(),
            ("follow_up", _) => lang.t(InspMsg::FollowNone).to_string(),
            ("case_act", c) => {
                crate::i18n::act_of(lang, crate::domain::ids::BodyKind::parse(&self.kind), c)
                    .into_owned()
            }
            _ => code.to_string(),
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, cx: &Cx) {
        let (lang, theme) = (cx.lang, cx.theme);
        f.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(
                fit(
                    &format!(" {} ", self.title(lang)),
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
            render_confirm(f, inner, lang.t(self.question()).to_string(), summary, cx);
            return;
        }
        if self.fields.is_empty() {
            // Only a question, refused: why, and that any key closes it.
            let text = self.error.clone().unwrap_or_default();
            let lines: Vec<ratatui::text::Line> = wrap(&clean(&text), inner.width as usize)
                .into_iter()
                .map(|l| ratatui::text::Line::from(Span::styled(l, theme.error())))
                .collect();
            f.render_widget(ratatui::widgets::Paragraph::new(lines), inner);
            return;
        }
        render_form(
            f,
            inner,
            (&self.fields, self.focus),
            self.error.as_deref(),
            self.discard.asking,
            cx,
            &|key, code| self.choice_label(lang, key, code),
        );
    }

    /// The lines the form wants at `width` columns.
    pub fn height(&self, width: u16, lang: Lang) -> u16 {
        let inner = width.saturating_sub(2);
        if let Some((summary, _)) = &self.confirm {
            let lines: usize = summary.iter().map(|s| wrap(s, inner as usize).len()).sum();
            return lines as u16 + 6;
        }
        if self.fields.is_empty() {
            let text = self.error.clone().unwrap_or_default();
            return wrap(&text, inner as usize).len() as u16 + 2;
        }
        let layout = FormLayout::new(&self.fields, self.focus, inner, lang);
        let footer = footer_lines(self.error.as_deref(), self.discard.asking, inner, lang);
        (layout.total() + footer.len() + 2) as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_typed_as_its_code_its_label_or_its_number() {
        assert_eq!(parse_result("1"), Some(ResultCode::NoProblem));
        assert_eq!(parse_result(" 13 "), Some(ResultCode::MovedOut));
        assert_eq!(parse_result("0"), None);
        assert_eq!(parse_result("14"), None);
        assert_eq!(
            parse_result("发现问题已责令改正"),
            Some(ResultCode::OrderedToRectify)
        );
        assert_eq!(parse_result("no-problem"), Some(ResultCode::NoProblem));
        assert_eq!(parse_result("\u{1b}[2J"), None);
        assert_eq!(result_label(Lang::Zh, "no_problem"), "未发现问题");
        assert_eq!(result_label(Lang::En, "no_problem"), "no_problem");
    }

    #[test]
    fn the_result_field_completes_from_the_labels_and_refuses_what_is_no_category() {
        let body = ListedBody {
            uscc: "91110000600037341L".into(),
            name: "甲".into(),
        };
        let today = jiff::civil::date(2026, 11, 27);
        let mut f = InspectionForm::result(1, "任务", "cb", body, (1, 2, false), today, Lang::Zh);
        for c in "责令".chars() {
            f.fields[0].edit(Action::Insert(c), false);
        }
        assert!(f.fields[0].complete());
        assert_eq!(f.value("result"), "发现问题已责令改正");
        f.fields[0].edit(Action::ClearLine, false);
        for c in "nonsense".chars() {
            f.fields[0].edit(Action::Insert(c), false);
        }
        assert!(f.check(Lang::En).is_err());
        assert!(
            f.fields[0]
                .error
                .as_deref()
                .unwrap()
                .contains("no result category")
        );
        // An order asks its deadline; no y/N for a plain result that is not the last.
        f.fields[0].edit(Action::ClearLine, false);
        f.fields[0].edit(Action::Insert('1'), false);
        assert_eq!(f.check(Lang::En), Ok(None));
        f.field_mut("follow_up").unwrap().edit(Action::Right, false);
        assert!(f.check(Lang::En).is_err());
        assert_eq!(
            f.field("deadline").unwrap().error.as_deref(),
            Some("required")
        );
    }
}
