//! The inspection screens in the app: the tasks list (key 6), a task's page, the inspector
//! roster, their forms, and the reader's answers for them (`Request::Tasks`, `Task`,
//! `VerifyDraw`, `Risk`). Kept apart from `app.rs` so the event loop stays small.

use super::{App, Modal, ScreenId};
use crate::i18n::Msg;
use crate::i18n::inspection_screens::InspMsg;
use crate::tui::jobs::{JobResult, Request};
use crate::tui::keymap::Action;
use crate::tui::screens::Effect;
use crate::tui::screens::act_form::Outcome;
use crate::tui::screens::inspection_forms::{InspectionAct, InspectionForm};
use crate::tui::screens::inspection_task::{TaskScreen, VerifyStatus};

impl App {
    /// Ask the reader for the tasks list (it answers before the next draw in tests).
    pub(super) fn ask_tasks(&mut self) {
        self.tasks.stale = false;
        self.jobs.request(Request::Tasks);
    }

    /// Ask the reader for the open task's page; with `verify`, its draw recomputed too.
    fn ask_task(&mut self, verify: bool) {
        let Some(t) = &mut self.task else { return };
        let id = t.id;
        self.jobs.request(Request::Task { id });
        if verify {
            t.verify = VerifyStatus::Running;
            self.jobs.request(Request::VerifyDraw { id });
        }
    }

    /// Open task `id`'s page; from the queue, say how its results are published.
    pub(super) fn open_task(&mut self, id: i64) {
        let from_queue = self.screen == ScreenId::Queue;
        self.task = Some(TaskScreen::new(id));
        if self.screen != ScreenId::Task {
            self.back.push(self.screen);
        }
        self.screen = ScreenId::Task;
        self.ask_task(true);
        if from_queue {
            let text = self.lang.f(Msg::InspectionPublicationDue, &[("id", &id)]);
            self.info(text);
        }
    }

    /// Open the roster (read now: a few rows).
    fn open_roster(&mut self) {
        if let Err(e) = self.roster.load(&self.store) {
            return self.store_error(e);
        }
        self.back.push(self.screen);
        self.screen = ScreenId::Roster;
    }

    /// After a change (this user's act, another's commit): what the inspection screens show,
    /// asked again of the reader.
    pub(super) fn reload_inspections(&mut self) {
        if self.screen == ScreenId::Tasks {
            self.ask_tasks();
        } else {
            self.tasks.stale = true;
        }
        self.ask_task(false);
        if self.screen == ScreenId::Roster
            && let Err(e) = self.roster.load(&self.store)
        {
            self.store_error(e);
        }
    }

    /// The reader's answers for the inspection screens and the risk screen.
    pub(super) fn inspection_answer(&mut self, r: JobResult) {
        let (today, lang) = (self.store.today(), self.lang);
        match r {
            JobResult::Tasks(Ok(tasks)) => {
                self.tasks.set_tasks(tasks, today, self.store.calendar())
            }
            JobResult::Tasks(Err(e)) => {
                self.tasks.loaded = true;
                self.tasks.error = Some(lang.f(Msg::ErrStore, &[("why", &e)]));
            }
            JobResult::Task { id, page } => {
                let calendar = self.store.calendar().clone();
                if let Some(t) = self.task.as_mut().filter(|t| t.id == id) {
                    match page {
                        Ok(page) => {
                            let (view, officers) = *page;
                            t.set_view(view, officers, today, &calendar)
                        }
                        Err(e) => t.error = Some(e),
                    }
                }
            }
            JobResult::VerifyDraw { id, verified } => {
                if let Some(t) = self.task.as_mut().filter(|t| t.id == id) {
                    t.verify = match verified {
                        Ok(v) => VerifyStatus::Done(v),
                        // Not drawn: nothing to recompute.
                        Err(_) if t.view.as_ref().is_some_and(|v| v.drawn_on.is_none()) => {
                            VerifyStatus::NotDrawn
                        }
                        Err(e) => VerifyStatus::Failed(e),
                    };
                }
            }
            JobResult::Risk { region, bodies } => {
                if region != self.risk.root {
                    // Widened meanwhile: read again for the region now shown.
                    self.risk.stale = true;
                    self.risk.loading = false;
                    self.ask_risk();
                } else {
                    match bodies {
                        Ok(b) => self.risk.apply(b),
                        Err(e) => {
                            self.risk.loading = false;
                            self.error(lang.f(Msg::ErrStore, &[("why", &e)]));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A key on a screen whose reading the reader has not answered yet (typed with the key
    /// that opened it: "7t", "6⏎"): wait for the answer first, so the key acts on what the
    /// screen is about to show, not on an empty list.
    pub(super) fn answer_before_key(&mut self) {
        let waiting = match self.screen {
            ScreenId::Risk => self.risk.loading,
            ScreenId::Tasks => !self.tasks.loaded,
            ScreenId::Task => self.task.as_ref().is_some_and(|t| t.view.is_none()),
            _ => false,
        };
        if waiting {
            self.wait_for_reader();
        }
    }

    /// Ask the reader for the risk signals when they are stale and not being read.
    pub(super) fn ask_risk(&mut self) {
        if self.risk.stale && !self.risk.loading {
            self.risk.loading = true;
            self.jobs.request(Request::Risk {
                region: self.risk.root.clone(),
            });
        }
    }

    /// A key on the tasks list, a task's page or the roster.
    pub(super) fn update_inspections(&mut self, action: Action) -> Effect {
        let (today, lang) = (self.store.today(), self.lang);
        match (self.screen, action) {
            (ScreenId::Tasks, Action::Roster) => {
                self.open_roster();
                Effect::None
            }
            (ScreenId::Tasks, a) => self.tasks.update(a),
            (ScreenId::Roster, Action::Close) => {
                self.go_back(false);
                Effect::None
            }
            (ScreenId::Roster, Action::InspectorAdd) => {
                self.push_inspection(InspectionForm::add_inspector(lang));
                Effect::None
            }
            (ScreenId::Roster, Action::InspectorDeactivate | Action::InspectorConflict) => {
                let Some(i) = self.roster.selected_inspector() else {
                    return Effect::None;
                };
                let (login, name) = (i.login.clone(), i.name.clone());
                if action == Action::InspectorConflict {
                    self.push_inspection(InspectionForm::conflict(&login, &name));
                } else if !i.active {
                    let text = lang.f(
                        InspMsg::AlreadyInactive,
                        &[("name", &crate::tui::widgets::text::clean(&name))],
                    );
                    self.info(text);
                } else {
                    self.push_inspection(InspectionForm::deactivate(&login, &name, lang));
                }
                Effect::None
            }
            (ScreenId::Roster, a) => {
                self.roster.update(a);
                Effect::None
            }
            (ScreenId::Task, Action::Close) => {
                self.go_back(false);
                Effect::None
            }
            (ScreenId::Task, Action::Verify) => {
                self.ask_task(true);
                Effect::None
            }
            (ScreenId::Task, a) => match self.task_form(a, today) {
                Some(form) => {
                    self.push_inspection(form);
                    Effect::None
                }
                None => self
                    .task
                    .as_mut()
                    .map(|t| t.update(a))
                    .unwrap_or(Effect::None),
            },
            _ => Effect::None,
        }
    }

    fn push_inspection(&mut self, form: InspectionForm) {
        self.modals.push(Modal::Inspection(Box::new(form)));
    }

    /// The form an act key opens on the task's page (None: not an act key, or nothing to act
    /// on — then a toast says why).
    fn task_form(&mut self, action: Action, today: crate::domain::Date) -> Option<InspectionForm> {
        let lang = self.lang;
        let t = self.task.as_ref()?;
        let v = t.view.as_ref()?;
        let (id, name) = (v.id, v.name.clone());
        let form = match action {
            Action::TaskDraw => InspectionForm::draw(id, &name, &v.kind, today, lang),
            Action::TaskAssign => {
                let without = v.drawn.iter().filter(|b| b.officers.is_empty()).count();
                if v.drawn_on.is_some() && without == 0 && v.completed_on.is_none() {
                    self.info(lang.t(InspMsg::NothingToAssign));
                    return None;
                }
                InspectionForm::assign(id, &name, without, v.officers_per_body, lang)
            }
            Action::TaskReplace => {
                InspectionForm::replace(id, &name, TaskScreen::listed(t.selected_body()?), today)
            }
            Action::TaskRecuse => {
                let b = t.selected_body()?;
                if b.officers.is_empty() {
                    let text = lang.f(
                        InspMsg::NoOfficerToRecuse,
                        &[("name", &crate::tui::widgets::text::clean(&b.name))],
                    );
                    self.info(text);
                    return None;
                }
                let officers: Vec<(String, String)> = b
                    .officers
                    .iter()
                    .map(|l| (l.clone(), t.officer_name(l)))
                    .collect();
                InspectionForm::recuse(id, &name, TaskScreen::listed(b), &officers, today)
            }
            Action::TaskResults => {
                let Some(i) = t.next_without_result(t.selected) else {
                    self.info(lang.t(InspMsg::AllResulted));
                    return None;
                };
                let mut form = self.result_form(i, today)?;
                form.fast = true;
                form
            }
            Action::TaskClose => InspectionForm::close(id, &name, today),
            Action::TaskPublish => InspectionForm::publish(id, &name, today),
            _ => return None,
        };
        Some(form)
    }

    /// The result form of the `i`th body of the open task's list.
    fn result_form(&mut self, i: usize, today: crate::domain::Date) -> Option<InspectionForm> {
        let t = self.task.as_mut()?;
        t.selected = i;
        crate::tui::screens::keep_visible(i, &mut t.offset, t.height);
        let v = t.view.as_ref()?;
        let b = v.drawn.get(i)?;
        let last = t.missing() == 1 && b.result.is_none();
        Some(InspectionForm::result(
            v.id,
            &v.name,
            &v.kind,
            TaskScreen::listed(b),
            (i + 1, v.drawn.len(), last),
            today,
            self.lang,
        ))
    }

    /// A key on an inspection form; written → the screens follow, and fast entry goes on to
    /// the next body without a result.
    pub(super) fn inspection_form_key(&mut self, mut form: Box<InspectionForm>, action: Action) {
        let outcome = form.update(action, &mut self.store, self.lang);
        let Outcome::Done(text) = outcome else {
            return self.after_form(outcome, Modal::Inspection(form));
        };
        self.after_write();
        let verify = matches!(form.act, InspectionAct::Draw | InspectionAct::Replace(_));
        self.ask_task(verify);
        self.info(text);
        if let InspectionAct::Result { body, .. } = &form.act
            && form.fast
        {
            // The page's list is read again on the reader; meanwhile this body has its result.
            let today = self.store.today();
            let next = self.task.as_mut().and_then(|t| {
                let at = t.drawn().iter().position(|b| b.uscc == body.uscc)?;
                if let Some(v) = t.view.as_mut() {
                    v.drawn[at].result = Some(String::from("…"));
                }
                t.next_without_result(at + 1)
            });
            if let Some(i) = next
                && let Some(mut next) = self.result_form(i, today)
            {
                next.fast = true;
                self.push_inspection(next);
            }
        }
    }
}
