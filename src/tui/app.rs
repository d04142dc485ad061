//! The application state and `update(Action)`: which screen is shown, which popup is open, and
//! what each action does to them. No drawing here (see `view.rs`).

mod changes;
mod inspections;

use super::jobs::{Job, JobResult, Jobs, Request};
use super::keymap::{self, Action, Mode};
use super::screens::act_form::{ActForm, Outcome};
use super::screens::application::ApplicationScreen;
use super::screens::application_form::ApplicationForm;
use super::screens::applications::ApplicationsScreen;
use super::screens::bar_list::BarList;
use super::screens::body::BodyScreen;
use super::screens::case_form::CaseForm;
use super::screens::export_prompt::{ExportPrompt, PromptOutcome};
use super::screens::help::HelpScreen;
use super::screens::inspection_forms::InspectionForm;
use super::screens::inspection_task::TaskScreen;
use super::screens::inspection_tasks::TasksScreen;
use super::screens::log::{Chain, LogScreen};
use super::screens::palette::{Palette, PaletteOutcome};
use super::screens::queue::QueueScreen;
use super::screens::record_form::RecordForm;
use super::screens::register::RegisterScreen;
use super::screens::reports::{self, ReportsScreen};
use super::screens::risk::{IncludeForm, RiskScreen};
use super::screens::roster::RosterScreen;
use super::screens::{Cx, Effect, Scope};
use super::theme::Theme;
use super::widgets::status::{Toast, ToastKind};
use crate::domain::acts::ActKind;
use crate::domain::ids::ApprovalNo;
use crate::i18n::{Lang, Msg};
use crate::store::{Store, StoreError};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How often another user's changes are looked for.
pub const POLL: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenId {
    Queue,
    Register,
    Reports,
    Log,
    Body,
    /// The applications (办件), a top screen (key 5).
    Applications,
    /// One application's file.
    Application,
    /// The risk signals (风险预警, key 7).
    Risk,
    /// The inspection tasks (抽查任务, key 6).
    Tasks,
    /// One inspection task's page.
    Task,
    /// The inspector roster (from the tasks).
    Roster,
}

impl ScreenId {
    /// The top screens, in the order of their keys 1..5.
    pub const TOP: [ScreenId; 5] = [
        ScreenId::Queue,
        ScreenId::Register,
        ScreenId::Reports,
        ScreenId::Log,
        ScreenId::Applications,
    ];
    pub fn title(self) -> Msg {
        match self {
            ScreenId::Queue => Msg::ScreenQueue,
            ScreenId::Register => Msg::ScreenRegister,
            ScreenId::Reports => Msg::ScreenReports,
            ScreenId::Log => Msg::ScreenLog,
            ScreenId::Body => Msg::ScreenBody,
            ScreenId::Applications => Msg::ScreenApplications,
            ScreenId::Application => Msg::ScreenApplication,
            ScreenId::Risk => Msg::ScreenRisk,
            ScreenId::Tasks => Msg::ScreenTasks,
            ScreenId::Task => Msg::ScreenTask,
            ScreenId::Roster => Msg::ScreenRoster,
        }
    }
}

/// The menu of acts allowed on the selected qualification.
#[derive(Debug, Clone)]
pub struct ActMenu {
    pub approval: String,
    /// The kind of body, for the acts' names (变更认证领域 / 变更检验检测能力).
    pub kind: Option<crate::domain::ids::BodyKind>,
    /// Every act in its fixed place (`ActKind::ALL`), with why it cannot be chosen now.
    pub acts: Vec<(ActKind, Option<crate::domain::acts::Refusal>)>,
    pub selected: usize,
    /// Why the act chosen cannot be done now, in the UI language.
    pub why: Option<String>,
}

/// The menu of a penalty case's steps allowed now on a qualification: 立案 when no case is
/// open on it (and the rules allow a penalty), else the steps its open case allows.
#[derive(Debug, Clone)]
pub struct CaseMenu {
    pub approval: String,
    pub case: Option<crate::store::cases::CaseRow>,
    pub steps: Vec<crate::domain::penalty::CaseStep>,
    pub selected: usize,
}

/// The menu of acts an application allows in its present state.
#[derive(Debug, Clone)]
pub struct AppMenu {
    pub id: i64,
    pub acts: Vec<crate::domain::applications::ApplicationAct>,
    pub selected: usize,
}

/// A record shown in full.
#[derive(Debug, Clone)]
pub struct Detail {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
}

/// What is open over the screen.
#[derive(Debug, Clone)]
pub enum Modal {
    Help(HelpScreen),
    Palette(Palette),
    Menu(ActMenu),
    CaseMenu(Box<CaseMenu>),
    Form(Box<ActForm>),
    Case(Box<CaseForm>),
    Record(Box<RecordForm>),
    Detail(Detail),
    /// The export prompt over a screen's filtered list.
    Export(Box<ExportPrompt>),
    /// The list behind a bar of the reports by period.
    Rows(Box<BarList>),
    AppMenu(AppMenu),
    AppForm(Box<ApplicationForm>),
    /// Adding a body to a task as 定向 from a risk signal.
    Include(Box<IncludeForm>),
    /// An inspection act or a roster change (`inspection_forms.rs`).
    Inspection(Box<InspectionForm>),
}

pub struct App {
    pub store: Store,
    pub lang: Lang,
    pub theme: Theme,
    pub screen: ScreenId,
    /// Where `q` goes back to from the body file.
    pub back: Vec<ScreenId>,
    pub queue: QueueScreen,
    pub register: RegisterScreen,
    pub reports: ReportsScreen,
    /// The officer's jurisdiction, or everywhere (`W`).
    pub scope: Scope,
    reports_stale: bool,
    pub log: LogScreen,
    pub body: Option<BodyScreen>,
    pub applications: ApplicationsScreen,
    /// The application file open (from the applications or the queue).
    pub application: Option<ApplicationScreen>,
    /// The risk signals (风险预警).
    pub risk: RiskScreen,
    /// The inspection tasks (key 6), the task open, the inspector roster.
    pub tasks: TasksScreen,
    pub task: Option<TaskScreen>,
    pub roster: RosterScreen,
    /// Popups, the top one last (help can open over a form).
    pub modals: Vec<Modal>,
    pub toast: Option<Toast>,
    pub quit: bool,
    /// Clear the terminal before the next draw (Ctrl-L).
    pub clear: bool,
    /// The terminal's size at the last draw.
    pub size: Rect,
    data_version: i64,
    /// The newest event the screens show (`changes::catch_up` reads the ones after it).
    last_event: i64,
    last_poll: Instant,
    jobs: Jobs,
    /// The whole queue on the background reader: at most one read in flight.
    queue_reload: changes::QueueReload,
    /// The register's count on the background reader after a change: the same.
    count_reload: changes::Coalesced,
    /// How many times the whole queue was asked for (`full_reloads`).
    full_reloads: u64,
    /// The folder the export prompt proposes (`e`): the home folder; tests set their own.
    pub export_dir: PathBuf,
    /// F12 panics (CERTDESK_TEST_PANIC=1): the end-to-end tests check the terminal is restored.
    pub test_panic: bool,
    /// The terminal draws ambiguous-width characters two columns wide (`ambiguous_width =
    /// wide`): each frame gets one-column stand-ins for them (`view::draw`).
    pub ambiguous_wide: bool,
    /// The zone recorded times are shown in: `TZ`, else the system's (tests set a fixed one).
    pub zone: jiff::tz::TimeZone,
    /// Where this user's verified chain heads are kept (`verified_heads`; the real binary sets
    /// it, tests leave it None or give their own): the log's check starts from the last one.
    pub verified_heads: Option<PathBuf>,
}

/// One attempt at the write lock from the screens, and how often a waiting form tries again.
const LOCK_ATTEMPT: Duration = Duration::from_millis(100);
const LOCK_RETRY: Duration = Duration::from_millis(250);

impl App {
    pub fn new(mut store: Store, lang: Lang, theme: Theme) -> Result<App, StoreError> {
        // A write never blocks the screens behind another officer's import: each attempt gives
        // up quickly, and the form tries again on every tick, saying what it waits for.
        store.set_lock_wait(crate::store::long_write::LockWait::Brief(LOCK_ATTEMPT));
        let data_version = store.data_version()?;
        // Read before the queue: an event in between is read again, never missed.
        let last_event = store.last_event_id()?;
        let (store_path, today) = (store.path().to_path_buf(), store.today());
        let mut app = App {
            store,
            lang,
            theme,
            screen: ScreenId::Queue,
            back: Vec::new(),
            queue: QueueScreen::default(),
            register: RegisterScreen::default(),
            reports: ReportsScreen::default(),
            scope: Scope::default(),
            reports_stale: true,
            log: LogScreen::default(),
            body: None,
            applications: ApplicationsScreen::default(),
            application: None,
            risk: RiskScreen::new(),
            tasks: TasksScreen::new(),
            task: None,
            roster: RosterScreen::default(),
            modals: Vec::new(),
            toast: None,
            quit: false,
            clear: false,
            size: Rect::new(0, 0, 80, 24),
            data_version,
            last_event,
            last_poll: Instant::now(),
            jobs: Jobs::new(store_path.clone(), today, lang),
            queue_reload: changes::QueueReload::default(),
            count_reload: changes::Coalesced::default(),
            full_reloads: 0,
            export_dir: super::export::home_folder(),
            test_panic: false,
            ambiguous_wide: false,
            zone: crate::i18n::sentences::system_zone(),
            verified_heads: None,
        };
        app.scope = Scope {
            login: app.store.actor().to_string(),
            jurisdiction: app.store.jurisdiction_of(app.store.actor())?,
            widened: false,
        };
        app.apply_scope();
        // Drawn first: the queue comes from the background reader ("loading…" until then).
        app.reload_queue();
        app.jobs.request(Request::Applications);
        Ok(app)
    }

    pub fn cx(&self) -> Cx<'_> {
        Cx {
            lang: self.lang,
            theme: self.theme,
            today: self.store.today(),
            zone: &self.zone,
            scope: &self.scope,
        }
    }

    /// The modes of the screen underneath any popup.
    pub fn screen_modes(&self) -> &'static [Mode] {
        match self.screen {
            ScreenId::Queue => self.queue.modes(),
            ScreenId::Register => self.register.modes(),
            ScreenId::Reports => self.reports.modes(),
            ScreenId::Log => self.log.modes(),
            ScreenId::Body => BodyScreen::MODES,
            ScreenId::Applications => self.applications.modes(),
            ScreenId::Application => ApplicationScreen::MODES,
            ScreenId::Risk => RiskScreen::MODES,
            ScreenId::Tasks => self.tasks.modes(),
            ScreenId::Task => TaskScreen::MODES,
            ScreenId::Roster => RosterScreen::MODES,
        }
    }

    /// The situation the keys are read in, most specific mode first.
    pub fn modes(&self) -> &'static [Mode] {
        match self.modals.last() {
            Some(Modal::Help(_)) => HelpScreen::MODES,
            Some(Modal::Palette(_)) => Palette::MODES,
            Some(Modal::Menu(_)) | Some(Modal::CaseMenu(_)) | Some(Modal::AppMenu(_)) => {
                &[Mode::Menu, Mode::Any]
            }
            Some(Modal::AppForm(f)) => f.modes(),
            Some(Modal::Include(f)) => f.modes(),
            Some(Modal::Inspection(f)) => f.modes(),
            Some(Modal::Form(f)) => f.modes(),
            Some(Modal::Case(f)) => f.modes(),
            Some(Modal::Record(f)) => f.modes(),
            Some(Modal::Detail(_)) => &[Mode::Detail, Mode::Any],
            Some(Modal::Export(_)) => ExportPrompt::MODES,
            Some(Modal::Rows(_)) => BarList::MODES,
            None => self.screen_modes(),
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.toast = Some(Toast::new(text, ToastKind::Info));
    }
    pub fn error(&mut self, text: impl Into<String>) {
        self.toast = Some(Toast::new(text, ToastKind::Error));
    }
    fn store_error(&mut self, e: StoreError) {
        let text = self.lang.f(Msg::ErrStore, &[("why", &e.render(self.lang))]);
        self.error(text);
    }

    /// A terminal event. Resizes and the rest only need a redraw, which the loop does.
    pub fn handle_event(&mut self, ev: Event) {
        if let Event::Key(k) = ev {
            self.handle_key(k);
        }
    }

    pub fn handle_key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        if self.test_panic && ev.code == KeyCode::F(12) {
            panic!("test panic requested with F12 (CERTDESK_TEST_PANIC=1)");
        }
        match keymap::resolve(self.modes(), &ev) {
            Some(action) => self.update(action),
            None if ev.modifiers.contains(KeyModifiers::ALT) => {
                // Esc and a key that arrived together read as Alt+key: take them apart.
                self.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                self.handle_key(KeyEvent::new(ev.code, ev.modifiers - KeyModifiers::ALT));
            }
            None => {}
        }
    }

    /// Do what `action` means here.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Help if !matches!(self.modals.last(), Some(Modal::Help(_))) => {
                self.modals.push(Modal::Help(HelpScreen::new(self.modes())));
                return;
            }
            _ => {}
        }
        if let Some(modal) = self.modals.pop() {
            self.update_modal(modal, action);
            return;
        }
        match action {
            Action::Back => self.go_back(true),
            Action::Palette => self
                .modals
                .push(Modal::Palette(Palette::new(self.screen_modes()))),
            Action::GoQueue => self.go(ScreenId::Queue),
            Action::GoRegister => self.go(ScreenId::Register),
            Action::GoReports => self.go(ScreenId::Reports),
            Action::GoLog => self.go(ScreenId::Log),
            Action::GoApplications => self.go(ScreenId::Applications),
            Action::GoRisk => self.go(ScreenId::Risk),
            Action::GoTasks => self.go(ScreenId::Tasks),
            Action::Widen => self.widen(),
            Action::Redraw => {
                self.clear = true;
                self.reload_all();
            }
            _ => self.update_screen(action),
        }
    }

    fn update_screen(&mut self, action: Action) {
        self.answer_before_key();
        let lang = self.lang;
        if action == Action::Export && self.screen != ScreenId::Body {
            self.open_export();
            return;
        }
        let effect = match self.screen {
            ScreenId::Queue => Ok(self.queue.update(action)),
            ScreenId::Register => self.register.update(action, &self.store),
            ScreenId::Reports => {
                use super::screens::reports::Page;
                if action == Action::Open
                    && self.reports.page == Page::Period
                    && self.reports.range.is_none()
                {
                    self.open_bar_list();
                    Ok(Effect::None)
                } else {
                    let effect = self.reports.update(action, &self.store, lang);
                    self.ask_period();
                    effect
                }
            }
            ScreenId::Log => match action {
                Action::Verify => {
                    self.start_chain_check(true);
                    Ok(Effect::None)
                }
                other => self.log.update(other, &self.store, lang, &self.zone),
            },
            ScreenId::Body => match action {
                Action::Close => {
                    self.go_back(false);
                    Ok(Effect::None)
                }
                other => Ok(self
                    .body
                    .as_mut()
                    .map(|b| b.update(other, lang, &self.zone))
                    .unwrap_or(Effect::None)),
            },
            ScreenId::Applications => Ok(self.applications.update(action)),
            ScreenId::Risk if action == Action::AddToTask => {
                self.open_include();
                Ok(Effect::None)
            }
            ScreenId::Risk => Ok(self.risk.update(action)),
            ScreenId::Tasks | ScreenId::Task | ScreenId::Roster => {
                Ok(self.update_inspections(action))
            }
            ScreenId::Application => match action {
                Action::Close => {
                    self.go_back(false);
                    Ok(Effect::None)
                }
                other => Ok(self
                    .application
                    .as_mut()
                    .map(|a| a.update(other, lang, &self.zone))
                    .unwrap_or(Effect::None)),
            },
        };
        match effect {
            Ok(e) => self.apply(e),
            Err(e) => self.store_error(e),
        }
    }

    fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::OpenBody { uscc, approval } => self.open_body(&uscc, approval.as_deref()),
            Effect::OpenActs => self.open_act_menu(),
            Effect::OpenCase { approval, case } => self.open_case_menu(&approval, case),
            Effect::OpenRecord { event, act, annul } => {
                let form = if annul {
                    RecordForm::annul(&self.store, event, &act, self.store.today(), self.lang)
                } else {
                    RecordForm::correct(&self.store, event, &act, self.lang)
                };
                match form {
                    Ok(f) => self.modals.push(Modal::Record(Box::new(f))),
                    Err(e) => self.error(e),
                }
            }
            Effect::Detail { title, lines } => self.modals.push(Modal::Detail(Detail {
                title,
                lines,
                scroll: 0,
            })),
            Effect::LoadQueue => self.reload_queue(),
            Effect::OpenApplication { id } => self.open_application(id),
            Effect::OpenApplicationActs { id } => self.open_application_menu(id),
            Effect::ReceiveApplication => {
                self.modals
                    .push(Modal::AppForm(Box::new(ApplicationForm::receive(
                        self.store.today(),
                        self.lang,
                    ))))
            }
            Effect::Toast(t) => self.info(t),
            Effect::OpenTask { id } => self.open_task(id),
            Effect::Error(t) => self.error(t),
        }
    }

    /// Open a body's file (from the queue, the register or the log).
    pub fn open_body(&mut self, key: &str, approval: Option<&str>) {
        match BodyScreen::open(&self.store, key, approval) {
            Ok(b) => {
                self.body = Some(b);
                if self.screen != ScreenId::Body {
                    self.back.push(self.screen);
                }
                self.screen = ScreenId::Body;
            }
            Err(StoreError::NotFound(_)) => {
                let text = self.lang.f(
                    Msg::ErrNoFile,
                    &[("key", &crate::tui::widgets::text::clean(key))],
                );
                self.error(text);
            }
            Err(e) => self.store_error(e),
        }
    }

    /// Open an application's file (from the applications or a queue row of an application).
    pub fn open_application(&mut self, id: i64) {
        match ApplicationScreen::open(&self.store, id) {
            Ok(a) => {
                self.application = Some(a);
                if self.screen != ScreenId::Application {
                    self.back.push(self.screen);
                }
                self.screen = ScreenId::Application;
            }
            Err(StoreError::NotFound(_)) => {
                let text = self.lang.f(Msg::AppNotFound, &[("id", &id)]);
                self.error(text);
            }
            Err(e) => self.store_error(e),
        }
    }

    /// The acts application `id` allows now, as read now (another officer may have acted).
    fn open_application_menu(&mut self, id: i64) {
        use crate::domain::applications::{ApplicationStatus, allowed_acts};
        let row = match self.store.application(id) {
            Ok(r) => r,
            Err(e) => return self.store_error(e),
        };
        let acts = ApplicationStatus::parse(&row.status)
            .map(allowed_acts)
            .unwrap_or_default();
        if acts.is_empty() {
            let status = crate::i18n::application_status(self.lang, &row.status);
            let text = self.lang.f(Msg::AppNoActs, &[("status", &status)]);
            self.info(text);
            return;
        }
        self.modals.push(Modal::AppMenu(AppMenu {
            id,
            acts,
            selected: 0,
        }));
    }

    fn open_application_form(&mut self, m: &AppMenu) {
        let Some(&act) = m.acts.get(m.selected) else {
            return;
        };
        match self.store.application(m.id) {
            Ok(a) => self
                .modals
                .push(Modal::AppForm(Box::new(ApplicationForm::act(
                    act,
                    &a,
                    self.store.today(),
                    self.lang,
                )))),
            Err(e) => self.store_error(e),
        }
    }

    fn open_act_menu(&mut self) {
        let Some(q) = self.body.as_ref().and_then(|b| b.selected()) else {
            return;
        };
        let approval = q.qualification.approval_no.clone();
        let status = q.qualification.status.clone();
        let kind = crate::i18n::body_kind(&q.qualification.kind);
        let acts = match ApprovalNo::parse(&approval) {
            Ok(a) => self.store.act_menu(&a),
            Err(e) => Err(stored_approval_no(&approval, e)),
        };
        match acts {
            Ok(acts) if acts.iter().all(|(_, why)| why.is_some()) => {
                let text = self.lang.f(
                    Msg::NoActs,
                    &[("status", &crate::i18n::status_of(self.lang, kind, &status))],
                );
                self.info(text);
            }
            Ok(acts) => {
                // The cursor starts on the first act allowed; every act keeps its place.
                let selected = acts.iter().position(|(_, why)| why.is_none()).unwrap_or(0);
                self.modals.push(Modal::Menu(ActMenu {
                    approval,
                    kind,
                    acts,
                    selected,
                    why: None,
                }))
            }
            Err(e) => self.store_error(e),
        }
    }

    fn open_case_menu(&mut self, approval: &str, case: Option<i64>) {
        let case = match case.map(|id| self.store.case(id)).transpose() {
            Ok(c) => c,
            Err(e) => return self.store_error(e),
        };
        let steps = match &case {
            Some(c) => c.steps(),
            None => {
                // 立案 only where the rules allow a penalty on the qualification now.
                let acts = match ApprovalNo::parse(approval) {
                    Ok(a) => self.store.allowed_acts(&a),
                    Err(e) => Err(stored_approval_no(approval, e)),
                };
                match acts {
                    Ok(acts) if acts.iter().any(|a| a.is_penalty()) => {
                        vec![crate::domain::penalty::CaseStep::Open]
                    }
                    Ok(_) => Vec::new(),
                    Err(e) => return self.store_error(e),
                }
            }
        };
        if steps.is_empty() {
            let status = self
                .body
                .as_ref()
                .and_then(|b| {
                    b.file
                        .qualifications
                        .iter()
                        .find(|q| q.qualification.approval_no == approval)
                })
                .map(|q| {
                    let k = crate::i18n::body_kind(&q.qualification.kind);
                    crate::i18n::status_of(self.lang, k, &q.qualification.status).into_owned()
                })
                .unwrap_or_default();
            let text = self.lang.f(Msg::NoActs, &[("status", &status)]);
            self.info(text);
            return;
        }
        self.modals.push(Modal::CaseMenu(Box::new(CaseMenu {
            approval: approval.to_string(),
            case,
            steps,
            selected: 0,
        })));
    }

    fn open_case_form(&mut self, m: &CaseMenu) {
        let Some(&step) = m.steps.get(m.selected) else {
            return;
        };
        let Some(q) = self.body.as_ref().and_then(|b| {
            b.file
                .qualifications
                .iter()
                .find(|q| q.qualification.approval_no == m.approval)
        }) else {
            return;
        };
        match CaseForm::new(step, q, m.case.as_ref(), self.store.today(), self.lang) {
            Some(form) => self.modals.push(Modal::Case(Box::new(form))),
            None => self.error(self.lang.t(Msg::ErrBadApproval)),
        }
    }

    fn open_form(&mut self, act: ActKind) {
        let Some(b) = &self.body else { return };
        let Some(q) = b.selected() else { return };
        match ActForm::new(act, q, &b.file.body.name, self.store.today(), self.lang) {
            Some(form) => {
                // A scope extension completes from the scopes already in the register.
                let form = if act == ActKind::ChangeScope {
                    let items = self.store.scope_items_in_register(5000).unwrap_or_default();
                    form.with_scope_completions(items)
                } else {
                    form
                };
                self.modals.push(Modal::Form(Box::new(form)))
            }
            None => self.error(self.lang.t(Msg::ErrBadApproval)),
        }
    }

    fn update_modal(&mut self, modal: Modal, action: Action) {
        match modal {
            Modal::Help(mut h) => {
                if action != Action::Close && action != Action::Help {
                    h.update(action);
                    self.modals.push(Modal::Help(h));
                }
            }
            Modal::Palette(mut p) => match p.update(action, self.lang) {
                PaletteOutcome::Stay => self.modals.push(Modal::Palette(p)),
                PaletteOutcome::Close => {}
                PaletteOutcome::Run(a) => {
                    if keymap::offers(self.screen_modes(), a)
                        || matches!(a, Action::Quit | Action::Help)
                    {
                        self.update(a);
                    } else {
                        self.error(self.lang.t(Msg::NotHere));
                    }
                }
            },
            Modal::Menu(mut m) => match action {
                Action::Down => {
                    m.selected = (m.selected + 1).min(m.acts.len().saturating_sub(1));
                    m.why = None;
                    self.modals.push(Modal::Menu(m));
                }
                Action::Up => {
                    m.selected = m.selected.saturating_sub(1);
                    m.why = None;
                    self.modals.push(Modal::Menu(m));
                }
                Action::Open | Action::ChooseAct(_) => {
                    if let Action::ChooseAct(act) = action
                        && let Some(i) = m.acts.iter().position(|(a, _)| *a == act)
                    {
                        m.selected = i;
                    }
                    match m.acts.get(m.selected).cloned() {
                        Some((act, None)) => self.open_form(act),
                        // A greyed act says why, in the UI language; the menu stays.
                        Some((_, Some(why))) => {
                            m.why = Some(why.message(self.lang));
                            self.modals.push(Modal::Menu(m));
                        }
                        None => self.modals.push(Modal::Menu(m)),
                    }
                }
                Action::Close => {}
                _ => self.modals.push(Modal::Menu(m)),
            },
            Modal::CaseMenu(mut m) => match action {
                Action::Down => {
                    m.selected = (m.selected + 1).min(m.steps.len().saturating_sub(1));
                    self.modals.push(Modal::CaseMenu(m));
                }
                Action::Up => {
                    m.selected = m.selected.saturating_sub(1);
                    self.modals.push(Modal::CaseMenu(m));
                }
                Action::Open => self.open_case_form(&m),
                Action::Close => {}
                _ => self.modals.push(Modal::CaseMenu(m)),
            },
            Modal::Case(mut f) => {
                let outcome = f.update(action, &mut self.store, self.lang);
                self.after_form(outcome, Modal::Case(f));
            }
            Modal::Record(mut f) => {
                let outcome = f.update(action, &mut self.store, self.lang);
                self.after_form(outcome, Modal::Record(f));
            }
            Modal::Form(mut f) => {
                let outcome = f.update(action, &mut self.store, self.lang);
                self.after_form(outcome, Modal::Form(f));
            }
            Modal::AppMenu(mut m) => match action {
                Action::Down => {
                    m.selected = (m.selected + 1).min(m.acts.len().saturating_sub(1));
                    self.modals.push(Modal::AppMenu(m));
                }
                Action::Up => {
                    m.selected = m.selected.saturating_sub(1);
                    self.modals.push(Modal::AppMenu(m));
                }
                Action::Open => self.open_application_form(&m),
                Action::Close => {}
                _ => self.modals.push(Modal::AppMenu(m)),
            },
            Modal::AppForm(mut f) => {
                let outcome = f.update(action, &mut self.store, self.lang);
                self.after_form(outcome, Modal::AppForm(f));
            }
            Modal::Include(mut f) => {
                let outcome = f.update(action, &mut self.store, self.lang);
                self.after_form(outcome, Modal::Include(f));
            }
            Modal::Inspection(f) => self.inspection_form_key(f, action),
            Modal::Detail(mut d) => match action {
                Action::Close => {}
                Action::Down => {
                    d.scroll = (d.scroll + 1).min(d.lines.len().saturating_sub(1));
                    self.modals.push(Modal::Detail(d));
                }
                Action::Up => {
                    d.scroll = d.scroll.saturating_sub(1);
                    self.modals.push(Modal::Detail(d));
                }
                _ => self.modals.push(Modal::Detail(d)),
            },
            Modal::Rows(mut l) => match action {
                Action::Close => {}
                Action::Export => {
                    let (title, table) = (l.title.clone(), l.table.clone());
                    self.modals.push(Modal::Rows(l));
                    let what = self.lang.t(Msg::ScreenReports);
                    self.push_export(what, table);
                    if let Some(Modal::Export(p)) = self.modals.last_mut() {
                        p.what = title;
                    }
                }
                other => match l.update(other) {
                    Some((uscc, approval)) => self.open_body(&uscc, approval.as_deref()),
                    None => self.modals.push(Modal::Rows(l)),
                },
            },
            Modal::Export(mut p) => match p.update(action, self.lang) {
                PromptOutcome::Stay => self.modals.push(Modal::Export(p)),
                PromptOutcome::Cancelled => {}
                PromptOutcome::Done(text) => self.info(text),
            },
        }
    }

    /// Show a top screen (keys 1..4).
    pub fn go(&mut self, screen: ScreenId) {
        self.back.clear();
        self.screen = screen;
        // The queue needs no reading: every change is merged into it as it comes.
        match screen {
            ScreenId::Reports if self.reports_stale => self.start_reports(),
            ScreenId::Log if self.log.chain == Chain::NotChecked => self.start_chain_check(false),
            // On the background reader: the screen says "reading…" until it answers.
            ScreenId::Risk => self.ask_risk(),
            ScreenId::Tasks if self.tasks.stale => self.ask_tasks(),
            _ => {}
        }
    }

    /// Back to the previous screen; at the top level, `quit` decides whether to leave.
    fn go_back(&mut self, quit: bool) {
        match self.back.pop() {
            Some(s) => self.screen = s,
            None if self.screen == ScreenId::Body => self.screen = ScreenId::Queue,
            None if self.screen == ScreenId::Application => self.screen = ScreenId::Applications,
            None if matches!(self.screen, ScreenId::Task | ScreenId::Roster) => {
                self.go(ScreenId::Tasks)
            }
            None if quit => self.quit = true,
            None => {}
        }
    }

    fn start_reports(&mut self) {
        // The period page, once shown, is counted again with them (a few indexed reads).
        if self.reports.by_period.is_some() || self.reports.period_loading {
            self.reports.load_period(self.store.today());
            self.ask_period();
        }
        self.reports_stale = false;
        self.reports.loading = true;
        self.jobs.reports_region = self.scope.root();
        self.jobs.spawn(Job::Reports);
    }

    /// `W`: the jurisdiction or everywhere, on the queue, the register and the reports alike.
    fn widen(&mut self) {
        if self.scope.jurisdiction.is_none() {
            return; // everything is shown already, as the header says
        }
        self.scope.widened = !self.scope.widened;
        self.apply_scope();
    }

    /// Put the scope's root into the screens (after widening, or a new jurisdiction).
    fn apply_scope(&mut self) {
        let root = self.scope.root();
        self.queue.set_root(root.clone());
        self.register.set_root(root.clone());
        self.applications.set_root(root.clone());
        self.risk.set_root(root.clone());
        self.reports.root = root;
        if self.screen == ScreenId::Reports {
            self.start_reports();
        } else {
            self.reports_stale = true;
        }
    }

    /// Read the officer's jurisdiction again (another officer may have changed it); the
    /// screens follow when it changed.
    fn reload_scope(&mut self) -> Result<(), StoreError> {
        let jurisdiction = self.store.jurisdiction_of(&self.scope.login)?;
        if jurisdiction != self.scope.jurisdiction {
            self.scope.jurisdiction = jurisdiction;
            self.scope.widened = false;
            self.apply_scope();
        }
        Ok(())
    }

    /// Send the reports' question by period, if they have one, to the background reader.
    fn ask_period(&mut self) {
        if let Some(req) = self.reports.period_request() {
            self.jobs.request(req);
        }
    }

    /// Verify the event chain in the background: from the head this user last verified
    /// (shown at once), or with `full` every hash from the first event (`v`).
    fn start_chain_check(&mut self, full: bool) {
        if self.jobs.is_running(Job::Chain) {
            return;
        }
        let cached = match (&self.verified_heads, full) {
            (Some(file), false) => crate::verified_heads::read_in(file, self.store.path()),
            _ => None,
        };
        self.jobs.chain_trusted = cached.as_ref().map(|(h, _)| h.clone());
        self.jobs.chain_record = self.verified_heads.clone();
        self.log.chain = Chain::Checking(cached);
        self.jobs.spawn(Job::Chain);
    }

    fn job_done(&mut self, r: JobResult) {
        match r {
            // Computed for another region (widened meanwhile): compute them again.
            JobResult::Reports(region, _) if region != self.scope.root() => self.start_reports(),
            JobResult::Reports(_, Ok(r)) => {
                self.reports.reports = Some(r);
                self.reports.loading = false;
                self.reports.error = None;
            }
            JobResult::Reports(_, Err(e)) => {
                self.reports.loading = false;
                self.reports.error = Some(e);
            }
            JobResult::Chain(Ok(c)) => self.log.chain = Chain::Checked(c),
            JobResult::Chain(Err(e)) => self.log.chain = Chain::Failed(e),
            JobResult::Register {
                generation,
                rows: Ok(rows),
                count: Ok(count),
            } => self.register.apply(generation, rows, count),
            JobResult::Register { rows: Err(e), .. }
            | JobResult::Register { count: Err(e), .. } => {
                let text = self.lang.f(Msg::ErrStore, &[("why", &e)]);
                self.error(text);
            }
            JobResult::Count {
                generation,
                count: Ok(n),
            } => {
                self.register.apply_count(generation, n);
                self.count_answered();
            }
            JobResult::Count { count: Err(e), .. } => {
                let text = self.lang.f(Msg::ErrStore, &[("why", &e)]);
                self.error(text);
                self.count_answered();
            }
            JobResult::Queue(items) => self.queue_answered(items),
            JobResult::Log {
                generation,
                from,
                rows: Ok(rows),
            } => self.log.apply(generation, from, rows),
            JobResult::Log { rows: Err(e), .. } => {
                let text = self.lang.f(Msg::ErrStore, &[("why", &e)]);
                self.error(text);
            }
            JobResult::Period { generation, report } => {
                self.reports.apply_period(generation, report)
            }
            r @ (JobResult::Tasks(_)
            | JobResult::Task { .. }
            | JobResult::VerifyDraw { .. }
            | JobResult::Risk { .. }) => self.inspection_answer(r),
            JobResult::Applications(Ok(rows)) => {
                self.applications.set_rows(rows);
                if std::mem::take(&mut self.applications.changed_while_loading) {
                    self.jobs.request(Request::Applications);
                }
            }
            JobResult::Applications(Err(e)) => {
                let text = self.lang.f(Msg::ErrStore, &[("why", &e)]);
                self.error(text);
            }
            JobResult::Skipped => {}
        }
    }

    /// Wait for the background work (tests: so a snapshot shows its result).
    pub fn wait_for_jobs(&mut self) {
        for r in self.jobs.wait() {
            self.job_done(r);
        }
    }

    /// A question to the background reader is unanswered.
    pub fn reader_busy(&self) -> bool {
        self.jobs.reader_busy()
    }

    /// Wait for the background reader's answers (tests: so the screen shows them; a key typed
    /// before a screen's first reading came, `answer_before_key`).
    pub fn wait_for_reader(&mut self) {
        for r in self.jobs.wait_reader() {
            self.job_done(r);
        }
    }

    pub fn jobs_running(&self) -> bool {
        self.jobs.any_running()
    }

    /// Have `waker` called whenever a background answer arrives (the event loop's: it then
    /// sleeps on the terminal and the answers together, `tui::run`).
    pub fn set_waker(&mut self, waker: super::jobs::Waker) {
        self.jobs.set_waker(waker);
    }

    /// Sleep until a background answer arrives or `timeout` passed, for a driver with no
    /// terminal to wait on (the benches: `wait(wake_interval())`, then `tick`); whether one
    /// arrived. The next `tick` takes it in.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        self.jobs.wait_any(timeout)
    }

    /// What a form's answer means for the screens: it stays open (`form` back on top), it
    /// closed, or it wrote — and on a conflict nothing was written: the screens reload to show
    /// the qualification as it now stands.
    fn after_form(&mut self, outcome: Outcome, form: Modal) {
        match outcome {
            Outcome::Stay => self.modals.push(form),
            Outcome::Cancelled => {}
            Outcome::Done(text) => {
                self.after_write();
                self.info(text);
            }
            Outcome::Conflict(text) => {
                self.after_write();
                self.error(text);
            }
        }
    }

    /// How long the loop may sleep when nothing arrives: until the next look at other users'
    /// changes (every POLL), a message expires, or a form waiting for the write lock tries
    /// again. Background answers wake it themselves (`set_waker`, `wait`): no polling for them.
    pub fn wake_interval(&self) -> Duration {
        let mut wait = POLL.saturating_sub(self.last_poll.elapsed());
        if let Some(t) = &self.toast {
            wait = wait.min(t.until.saturating_duration_since(Instant::now()));
        }
        if self.form_waiting() {
            wait = wait.min(LOCK_RETRY);
        }
        // Never a busy loop: what is due now is done by the tick this wake leads to.
        wait.max(Duration::from_millis(1))
    }

    /// The current screen's filtered list, whole, as a table in the UI language, with what
    /// it is called in the prompt's title and in the proposed file name.
    /// (Why not, in the UI language.)
    pub fn visible_table(&self) -> Result<(Msg, super::export::Table), String> {
        let lang = self.lang;
        let said = |e: StoreError| lang.f(Msg::ErrStore, &[("why", &e.render(lang))]);
        Ok(match self.screen {
            ScreenId::Queue => (Msg::ScreenQueue, self.queue.table(lang)),
            ScreenId::Register => (
                Msg::ScreenRegister,
                self.register.table(&self.store, lang).map_err(said)?,
            ),
            ScreenId::Log => (
                Msg::ScreenLog,
                self.log
                    .table(&self.store, lang, &self.zone)
                    .map_err(said)?,
            ),
            ScreenId::Reports if self.reports.page == reports::Page::Period => {
                match (&self.reports.by_period, &self.reports.period) {
                    (Some(r), Some(p)) => (Msg::ScreenReports, reports::period_table(r, lang, p)),
                    _ => return Err(lang.t(Msg::Computing).to_string()),
                }
            }
            ScreenId::Reports => match &self.reports.reports {
                Some(r) => (
                    Msg::ScreenReports,
                    reports::table(r, lang, self.reports.root.as_ref()),
                ),
                None => return Err(lang.t(Msg::Computing).to_string()),
            },
            ScreenId::Applications => {
                let (headers, rows) = self.applications.table(lang);
                (
                    Msg::ScreenApplications,
                    super::export::Table { headers, rows },
                )
            }
            ScreenId::Risk => (Msg::ScreenRisk, self.risk.table(lang)),
            ScreenId::Tasks => (Msg::ScreenTasks, self.tasks.table(lang)),
            ScreenId::Roster => (Msg::ScreenRoster, self.roster.table(lang)),
            ScreenId::Body | ScreenId::Application | ScreenId::Task => {
                return Err(lang.t(Msg::NotHere).to_string());
            }
        })
    }

    /// Enter on a bar of the reports by period: the list of what it counted.
    fn open_bar_list(&mut self) {
        match self.reports.selected_rows(&self.store, self.lang) {
            Ok(Some((title, table, rows))) => {
                let mut list = BarList::new(title, table, rows);
                list.height = self.size.height.saturating_sub(8) as usize;
                self.modals.push(Modal::Rows(Box::new(list)));
            }
            Ok(None) => self.info(self.lang.t(Msg::RepNoBars)),
            Err(e) => self.store_error(e),
        }
    }

    /// `e`: the export prompt over what the screen shows.
    fn open_export(&mut self) {
        if self.screen == ScreenId::Reports
            && self.reports.page == reports::Page::Now
            && self.reports.reports.is_none()
        {
            self.error(self.lang.t(Msg::Computing));
            return;
        }
        match self.visible_table() {
            Ok((what, table)) => self.push_export(self.lang.t(what), table),
            Err(why) => self.error(why),
        }
    }

    /// Open the export prompt over `table`, titled `what` (also the word in the file name),
    /// proposing a new file in `export_dir`; the database's files are never written.
    pub fn push_export(&mut self, what: &str, table: super::export::Table) {
        let mut prompt = ExportPrompt::new(
            what,
            &what.to_lowercase(),
            table,
            self.export_dir.clone(),
            self.store.today(),
        );
        prompt.protected = crate::files::database_files(self.store.path());
        prompt.mode = crate::files::output_mode(Some(self.store.path()));
        self.modals.push(Modal::Export(Box::new(prompt)));
    }

    /// After this user's act: show what it changed (and what others changed meanwhile).
    fn after_write(&mut self) {
        self.catch_up();
    }

    /// Read everything on screen again, keeping each cursor where it was (Ctrl-L, and changes
    /// that cannot be put down to a few bodies).
    pub fn reload_all(&mut self) {
        let mut errors = Vec::new();
        if let Err(e) = self.reload_scope() {
            errors.push(e);
        }
        match self.store.last_event_id() {
            Ok(id) => self.last_event = self.last_event.max(id),
            Err(e) => errors.push(e),
        }
        // The queue and the register's count may read many rows: in the background.
        self.reload_queue();
        match self.register.reload_rows(&self.store) {
            Ok(true) => self.reload_register_count(),
            Ok(false) => {}
            Err(e) => errors.push(e),
        }
        if let Some(b) = &mut self.body
            && let Err(e) = b.reload(&self.store)
        {
            errors.push(e);
        }
        self.jobs.request(Request::Applications);
        if let Some(a) = &mut self.application
            && let Err(e) = a.reload(&self.store)
        {
            errors.push(e);
        }
        // The risk signals are read again when next drawn.
        self.risk.stale = true;
        self.reload_inspections();
        self.reload_log_and_reports();
        if let Some(e) = errors.into_iter().next() {
            self.store_error(e);
        }
    }

    /// `t` on a risk signal: the tasks not yet drawn of the body's kind, the reason pre-filled.
    fn open_include(&mut self) {
        let Some((body, signal)) = self.risk.selected_signal() else {
            return;
        };
        match IncludeForm::new(&self.store, body, signal, self.lang) {
            Ok(Some(f)) => self.modals.push(Modal::Include(Box::new(f))),
            Ok(None) => {
                let kind = crate::i18n::kind(self.lang, &body.kind).into_owned();
                let text = self
                    .lang
                    .f(crate::i18n::risk::RiskMsg::NoTask, &[("kind", &kind)]);
                self.error(text);
            }
            Err(e) => self.store_error(e),
        }
    }

    /// Between events: another user's change (data_version), finished background work, an
    /// expired toast. Returns whether the screen must be drawn again.
    pub fn tick(&mut self) -> bool {
        let mut redraw = self.retry_waiting_form();
        if self.last_poll.elapsed() >= POLL {
            self.last_poll = Instant::now();
            redraw |= self.check_data_version();
        }
        for r in self.jobs.poll() {
            self.job_done(r);
            redraw = true;
        }
        if self
            .toast
            .as_ref()
            .is_some_and(|t| Instant::now() >= t.until)
        {
            self.toast = None;
            redraw = true;
        }
        redraw
    }

    /// Whether the form on top waits for the write lock (`screens::lock_wait`).
    pub fn form_waiting(&self) -> bool {
        match self.modals.last() {
            Some(Modal::Form(f)) => f.waiting.is_some(),
            Some(Modal::Case(f)) => f.waiting.is_some(),
            Some(Modal::Record(f)) => f.waiting.is_some(),
            Some(Modal::AppForm(f)) => f.waiting.is_some(),
            _ => false,
        }
    }

    /// Try the waiting form's step again; whether the screen must be drawn again.
    fn retry_waiting_form(&mut self) -> bool {
        use crate::tui::screens::lock_wait::retry;
        if !self.form_waiting() {
            return false;
        }
        let (store, lang) = (&mut self.store, self.lang);
        let (outcome, modal) = match self.modals.pop() {
            Some(Modal::Form(mut f)) => (retry(&mut *f, store, lang), Modal::Form(f)),
            Some(Modal::Case(mut f)) => (retry(&mut *f, store, lang), Modal::Case(f)),
            Some(Modal::Record(mut f)) => (retry(&mut *f, store, lang), Modal::Record(f)),
            Some(Modal::AppForm(mut f)) => (retry(&mut *f, store, lang), Modal::AppForm(f)),
            Some(other) => (None, other),
            None => return false,
        };
        match outcome {
            Some(outcome) => self.after_form(outcome, modal),
            None => self.modals.push(modal),
        }
        true
    }

    /// The `PRAGMA data_version` the screens last reloaded for (`benches/load.rs` watches it
    /// to time when a session first sees another user's change).
    pub fn seen_data_version(&self) -> i64 {
        self.data_version
    }

    /// Whether another connection committed since the last look; if so, show what it changed.
    pub fn check_data_version(&mut self) -> bool {
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                self.catch_up();
                true
            }
            Ok(_) => false,
            Err(e) => {
                self.store_error(e);
                true
            }
        }
    }

    /// Before drawing in `area`: fit the pages to the screen, run pending queries.
    pub fn prepare(&mut self, area: Rect) {
        self.size = area;
        let content = super::view::content_area(area);
        let r = match self.screen {
            ScreenId::Queue => {
                self.queue.set_height(QueueScreen::table_rows(content));
                Ok(())
            }
            ScreenId::Register => {
                let rows = RegisterScreen::table_rows(content);
                if self.register.stale {
                    // The query runs in the background; the old rows stay until it answers.
                    if let Some(req) = self.register.request(rows) {
                        self.jobs.request(req);
                    }
                    Ok(())
                } else {
                    self.register.prepare(&self.store, rows)
                }
            }
            ScreenId::Log => {
                // Under a filter a page may read the whole log: in the background.
                let rows = LogScreen::table_rows(content).max(1);
                if self.log.stale {
                    if let Some(req) = self.log.request(rows) {
                        self.jobs.request(req);
                    }
                } else if rows != self.log.win.page {
                    self.log.win.page = rows;
                    if let Some(req) = self.log.reload_request() {
                        self.jobs.request(req);
                    }
                }
                Ok(())
            }
            ScreenId::Reports => {
                self.reports.height = content.height.saturating_sub(2) as usize;
                if self.reports_stale {
                    self.start_reports();
                }
                Ok(())
            }
            ScreenId::Body => {
                if let Some(b) = &mut self.body {
                    b.set_height(content);
                }
                Ok(())
            }
            ScreenId::Applications => {
                self.applications
                    .set_height(ApplicationsScreen::table_rows(content));
                Ok(())
            }
            ScreenId::Application => {
                if let Some(a) = &mut self.application {
                    a.set_height(content);
                }
                Ok(())
            }
            ScreenId::Risk => {
                self.risk.set_height(RiskScreen::table_rows(content));
                self.ask_risk();
                Ok(())
            }
            ScreenId::Tasks => {
                self.tasks.set_height(TasksScreen::table_rows(content));
                if self.tasks.stale {
                    self.ask_tasks();
                }
                Ok(())
            }
            ScreenId::Task => {
                if let Some(t) = &mut self.task {
                    t.set_height(content);
                }
                Ok(())
            }
            ScreenId::Roster => {
                self.roster.set_height(content);
                Ok(())
            }
        };
        if let Some(Modal::Help(h)) = self.modals.last_mut() {
            h.height = content.height.saturating_sub(2) as usize;
        }
        if let Err(e) = r {
            self.store_error(e);
        }
    }
}

/// The approval number of a loaded row that does not read as one (the file was edited by
/// another tool), as the store says it.
fn stored_approval_no(value: &str, e: crate::domain::ids::IdError) -> StoreError {
    StoreError::Invalid(crate::store_msg!(
        StoredApprovalNo,
        value = value,
        why = e.to_string()
    ))
}
