//! The one table of keys: (modes, keys, action, description, command name). Key dispatch, the
//! help screen, the status bar and the command palette are all generated from `KEYMAP`, so what
//! the help says is what the keys do.

use crate::i18n::{Lang, Msg};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. A situation is a stack of modes, most specific first
/// (e.g. the register's table is `[Register, List, Global, Any]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Everywhere, text inputs included.
    Any,
    /// Every screen when no text input has the focus.
    Global,
    /// Every list.
    List,
    Queue,
    Register,
    /// The register's facet bar.
    Facets,
    Body,
    Reports,
    Log,
    /// A filter input (register, log).
    Filter,
    /// Any text input.
    TextEdit,
    /// An act's form.
    Form,
    /// The y/N question before a destructive act.
    Confirm,
    /// The menu of acts.
    Menu,
    Palette,
    Help,
    /// A popup with one record's details.
    Detail,
    /// A field that picks items from a list (scope items): Space toggles, ↑↓ move.
    Picker,
    /// A multi-line text field (理由, findings): Enter starts a new line.
    MultiLine,
    /// The export prompt: the path of the new file.
    Export,
    /// The list behind a bar of the reports by period.
    Rows,
    /// The list of applications (办件).
    Applications,
    /// One application's file.
    ApplicationFile,
    /// The risk signals (风险预警).
    Risk,
    /// The inspection tasks (抽查任务).
    Tasks,
    /// One task's page.
    Task,
    /// The inspector roster.
    Roster,
}

impl Mode {
    /// The modes in the order the help screen lists them.
    pub const ORDER: [Mode; 27] = [
        Mode::Any,
        Mode::Global,
        Mode::List,
        Mode::Queue,
        Mode::Register,
        Mode::Facets,
        Mode::Body,
        Mode::Applications,
        Mode::ApplicationFile,
        Mode::Risk,
        Mode::Tasks,
        Mode::Task,
        Mode::Roster,
        Mode::Menu,
        Mode::Form,
        Mode::Confirm,
        Mode::Reports,
        Mode::Log,
        Mode::Filter,
        Mode::TextEdit,
        Mode::Palette,
        Mode::Help,
        Mode::Detail,
        Mode::Picker,
        Mode::MultiLine,
        Mode::Export,
        Mode::Rows,
    ];

    /// The heading of the mode's section in the help screen.
    pub fn title(self) -> Msg {
        match self {
            Mode::Any => Msg::ModeAny,
            Mode::Global => Msg::ModeGlobal,
            Mode::List => Msg::ModeList,
            Mode::Queue => Msg::ScreenQueue,
            Mode::Register => Msg::ScreenRegister,
            Mode::Facets => Msg::ModeFacets,
            Mode::Body => Msg::ScreenBody,
            Mode::Reports => Msg::ScreenReports,
            Mode::Log => Msg::ScreenLog,
            Mode::Filter => Msg::ModeFilter,
            Mode::TextEdit => Msg::ModeTextEdit,
            Mode::Form => Msg::ModeForm,
            Mode::Confirm => Msg::ModeConfirm,
            Mode::Menu => Msg::ModeMenu,
            Mode::Palette => Msg::ModePalette,
            Mode::Help => Msg::ScreenHelp,
            Mode::Detail => Msg::ModeDetail,
            Mode::Picker => Msg::ModePicker,
            Mode::MultiLine => Msg::ModeMultiLine,
            Mode::Export => Msg::ModeExport,
            Mode::Rows => Msg::ModeRows,
            Mode::Applications => Msg::ScreenApplications,
            Mode::ApplicationFile => Msg::ScreenApplication,
            Mode::Risk => Msg::ScreenRisk,
            Mode::Tasks => Msg::ScreenTasks,
            Mode::Task => Msg::ScreenTask,
            Mode::Roster => Msg::ScreenRoster,
        }
    }

    /// Modes in which printable keys type text.
    pub fn types_text(self) -> bool {
        matches!(self, Mode::TextEdit)
    }
}

/// What a key asks for. The screens give each action its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    /// Back to the previous screen; quit at the top level.
    Back,
    /// Close a popup, end an input, or go back — never quits.
    Close,
    Palette,
    GoQueue,
    GoRegister,
    GoReports,
    GoLog,
    Redraw,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    NextPane,
    PrevPane,
    Filter,
    /// The next column to sort by (queue, register).
    Sort,
    /// The sort the other way round: ▲ ↔ ▼.
    ReverseSort,
    ClearFilters,
    Horizon,
    /// The officer's jurisdiction or everywhere (queue, register, reports).
    Widen,
    /// A region facet: into the picked region's subdivisions.
    RegionDown,
    /// A region facet: back to the level above.
    RegionUp,
    Acts,
    /// Correct the selected event of the history (更正).
    Correct,
    /// Annul the selected act of the history (撤销原行政行为).
    Annul,
    /// The steps of a penalty case on the selected qualification (立案 … 结案).
    Case,
    /// The selected event as stored, for an expert (sanitised; never shown by default).
    RawRecord,
    Export,
    /// Reports by period: month → quarter → year.
    PeriodKind,
    /// Reports by period: the period before / after.
    PrevPeriod,
    NextPeriod,
    /// Reports by period: type a from–to range.
    PeriodRange,
    Verify,
    PrevFacet,
    NextFacet,
    PrevValue,
    NextValue,
    Left,
    Right,
    Home,
    End,
    DeleteBack,
    DeleteForward,
    ClearLine,
    NextField,
    PrevField,
    Submit,
    Yes,
    No,
    /// A printable character typed into a text input (not in the table).
    Insert(char),
    /// The applications screen (办件).
    GoApplications,
    /// Receive a new application (收件).
    Receive,
    /// A new line in a multi-line field.
    NewLine,
    /// Pick or unpick the item under the cursor of a picker.
    Toggle,
    /// The risk signals screen (风险预警).
    GoRisk,
    /// Add the body of the selected signal to a task not yet drawn, as 定向.
    AddToTask,
    /// The risk signals: the next kind of signal shown (then all).
    SignalKind,
    /// The inspection tasks screen (抽查任务, key 6).
    GoTasks,
    /// The tasks list: the next state shown (then all).
    TaskState,
    /// A task's page: draw the bodies (public value, date, y/N).
    TaskDraw,
    /// A task's page: draw the officers of the bodies without any (y/N).
    TaskAssign,
    /// A task's page: replace the selected body (reason, y/N).
    TaskReplace,
    /// A task's page: recuse an officer of the selected body (y/N).
    TaskRecuse,
    /// A task's page: enter results down the list, from the selected body.
    TaskResults,
    /// A task's page: close the inspection (y/N).
    TaskClose,
    /// A task's page: record the publication (y/N).
    TaskPublish,
    /// The inspector roster (from the tasks list).
    Roster,
    /// The roster: add an inspector.
    InspectorAdd,
    /// The roster: deactivate the selected inspector (y/N).
    InspectorDeactivate,
    /// The roster: declare a conflict between the selected inspector and a body.
    InspectorConflict,
    /// An act chosen on the menu by its fixed letter (`act_key`).
    ChooseAct(crate::domain::acts::ActKind),
}

/// The fixed letter of each act on the menu of acts: the same for every state, never one of
/// the menu's own keys (j, k, q, Enter, Esc). Acts not allowed now keep their letter (greyed).
pub fn act_key(act: crate::domain::acts::ActKind) -> char {
    use crate::domain::acts::ActKind as K;
    match act {
        K::Verify => 'v',
        K::OrderRectification => 'o',
        K::RecordRectification => 'r',
        K::Suspend => 's',
        K::Lift => 'l',
        K::Revoke => 'x',
        K::RevokePenalty => 'p',
        K::Withdraw => 'w',
        K::Cancel => 'c',
        K::FileRenewal => 'f',
        K::Renew => 'n',
        K::RefuseRenewal => 'u',
        K::ChangeScope => 'e',
        K::ChangeParticulars => 'i',
        K::Publish => 'b',
        K::WithdrawPublication => 'h',
        K::ListCredit => 't',
        K::Delist => 'd',
        K::SetBar => 'm',
        K::ShortenBar => 'g',
    }
}

/// A key as the table knows it: the code, and whether Ctrl was held. Shift is part of the
/// character ('G'), Alt is handled by the dispatcher (Esc + key arriving together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn ch(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
        }
    }
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }
    pub const fn code(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    /// The table's view of a key event.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let code = match ev.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            // Some terminals report Shift-Tab as Tab with Shift.
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Key { code, ctrl }
    }

    /// How the key is written in the help and the status bar.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// The key that switches between the jurisdiction and everywhere (`w` is the queue's horizon).
pub const WIDEN_KEY: char = 'W';

/// One line of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    pub action: Action,
    pub desc: Msg,
    /// The command's name in the palette ("" when the binding is not a command).
    pub name: &'static str,
    /// Shown in the status bar.
    pub hint: bool,
}

impl Binding {
    /// "j ↓" — every key of the binding.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

use Action as A;
use KeyCode as C;
use Mode as M;

const fn b(
    modes: &'static [Mode],
    keys: &'static [Key],
    action: Action,
    desc: Msg,
    name: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        modes,
        keys,
        action,
        desc,
        name,
        hint,
    }
}

/// The keymap. Order matters within a mode only for the help screen and the status bar.
pub const KEYMAP: &[Binding] = &[
    // Everywhere, even while typing.
    b(
        &[M::Any],
        &[Key::ctrl('c')],
        A::Quit,
        Msg::KeyQuit,
        "quit",
        false,
    ),
    b(
        &[M::Any],
        &[Key::code(C::F(1))],
        A::Help,
        Msg::KeyHelp,
        "help",
        false,
    ),
    // Every screen.
    b(
        &[M::Global],
        &[Key::ch('?')],
        A::Help,
        Msg::KeyHelp,
        "help",
        true,
    ),
    b(
        &[M::Global],
        &[Key::ch('q')],
        A::Back,
        Msg::KeyBack,
        "back",
        true,
    ),
    b(
        &[M::Global],
        &[Key::code(C::Esc)],
        A::Close,
        Msg::KeyClose,
        "close",
        false,
    ),
    b(
        &[M::Global],
        &[Key::ch(':')],
        A::Palette,
        Msg::KeyPalette,
        "palette",
        true,
    ),
    b(
        &[M::Global],
        &[Key::ch('1')],
        A::GoQueue,
        Msg::ScreenQueue,
        "queue",
        false,
    ),
    b(
        &[M::Global],
        &[Key::ch('2')],
        A::GoRegister,
        Msg::ScreenRegister,
        "register",
        false,
    ),
    b(
        &[M::Global],
        &[Key::ch('3')],
        A::GoReports,
        Msg::ScreenReports,
        "reports",
        false,
    ),
    b(
        &[M::Global],
        &[Key::ch('4')],
        A::GoLog,
        Msg::ScreenLog,
        "log",
        false,
    ),
    b(
        &[M::Global],
        &[Key::ctrl('l')],
        A::Redraw,
        Msg::KeyRedraw,
        "redraw",
        false,
    ),
    // Lists.
    b(
        &[M::List, M::Menu, M::Help, M::Detail],
        &[Key::ch('j'), Key::code(C::Down)],
        A::Down,
        Msg::KeyDown,
        "",
        false,
    ),
    b(
        &[M::List, M::Menu, M::Help, M::Detail],
        &[Key::ch('k'), Key::code(C::Up)],
        A::Up,
        Msg::KeyUp,
        "",
        false,
    ),
    b(
        &[M::List, M::Help],
        &[Key::ch('g'), Key::code(C::Home)],
        A::Top,
        Msg::KeyTop,
        "top",
        false,
    ),
    b(
        &[M::List, M::Help],
        &[Key::ch('G'), Key::code(C::End)],
        A::Bottom,
        Msg::KeyBottom,
        "bottom",
        false,
    ),
    b(
        &[M::List, M::Help],
        &[Key::code(C::PageDown), Key::ctrl('d')],
        A::PageDown,
        Msg::KeyPageDown,
        "",
        false,
    ),
    b(
        &[M::List, M::Help],
        &[Key::code(C::PageUp), Key::ctrl('u')],
        A::PageUp,
        Msg::KeyPageUp,
        "",
        false,
    ),
    b(
        &[M::List],
        &[Key::code(C::Enter)],
        A::Open,
        Msg::KeyOpen,
        "open",
        true,
    ),
    b(
        &[M::List],
        &[Key::code(C::Tab)],
        A::NextPane,
        Msg::KeyNextPane,
        "",
        false,
    ),
    b(
        &[M::List],
        &[Key::code(C::BackTab)],
        A::PrevPane,
        Msg::KeyPrevPane,
        "",
        false,
    ),
    // Queue.
    b(
        &[M::Queue],
        &[Key::ch('w')],
        A::Horizon,
        Msg::KeyHorizon,
        "horizon",
        true,
    ),
    // Register.
    b(
        &[M::Register, M::Log, M::Applications, M::Tasks],
        &[Key::ch('/')],
        A::Filter,
        Msg::KeyFilter,
        "filter",
        true,
    ),
    b(
        &[M::Queue, M::Register, M::Tasks],
        &[Key::ch('s')],
        A::Sort,
        Msg::KeySort,
        "sort",
        true,
    ),
    b(
        &[M::Queue, M::Register, M::Tasks],
        &[Key::ch('S')],
        A::ReverseSort,
        Msg::KeyReverseSort,
        "reverse",
        true,
    ),
    b(
        &[M::Queue, M::Register, M::Applications],
        &[Key::code(C::Tab), Key::code(C::BackTab)],
        A::NextPane,
        Msg::KeyFacets,
        "facets",
        true,
    ),
    b(
        &[
            M::Queue,
            M::Register,
            M::Facets,
            M::Applications,
            M::Risk,
            M::Tasks,
        ],
        &[Key::ch('x')],
        A::ClearFilters,
        Msg::KeyClearFilters,
        "clear",
        true,
    ),
    b(
        &[
            M::Queue,
            M::Register,
            M::Reports,
            M::Facets,
            M::Applications,
            M::Risk,
        ],
        &[Key::ch(WIDEN_KEY)],
        A::Widen,
        Msg::KeyWiden,
        "widen",
        true,
    ),
    // The facet bar.
    b(
        &[M::Facets],
        &[Key::ch('h'), Key::code(C::Left)],
        A::PrevFacet,
        Msg::KeyPrevFacet,
        "",
        true,
    ),
    b(
        &[M::Facets],
        &[Key::ch('l'), Key::code(C::Right)],
        A::NextFacet,
        Msg::KeyNextFacet,
        "",
        true,
    ),
    b(
        &[M::Facets],
        &[Key::ch('j'), Key::code(C::Down), Key::ch(' ')],
        A::NextValue,
        Msg::KeyNextValue,
        "",
        true,
    ),
    b(
        &[M::Facets],
        &[Key::ch('k'), Key::code(C::Up)],
        A::PrevValue,
        Msg::KeyPrevValue,
        "",
        false,
    ),
    b(
        &[M::Facets],
        &[Key::ch('>')],
        A::RegionDown,
        Msg::KeyRegionDown,
        "",
        false,
    ),
    b(
        &[M::Facets],
        &[Key::ch('<')],
        A::RegionUp,
        Msg::KeyRegionUp,
        "",
        false,
    ),
    b(
        &[M::Facets],
        &[
            Key::code(C::Enter),
            Key::code(C::Tab),
            Key::code(C::BackTab),
            Key::code(C::Esc),
        ],
        A::Close,
        Msg::KeyBackToList,
        "",
        true,
    ),
    // Body file.
    b(
        &[M::Body, M::Applications, M::ApplicationFile],
        &[Key::ch('a')],
        A::Acts,
        Msg::KeyActs,
        "acts",
        true,
    ),
    b(
        &[M::Body],
        &[Key::ch('c')],
        A::Correct,
        Msg::KeyCorrect,
        "correct",
        false,
    ),
    b(
        &[M::Body],
        &[Key::ch('u')],
        A::Annul,
        Msg::KeyAnnul,
        "annul",
        false,
    ),
    // Not in the status bar (no room); help and the palette list it.
    b(
        &[M::Body, M::Log, M::ApplicationFile],
        &[Key::ch('r')],
        A::RawRecord,
        Msg::KeyRawRecord,
        "record",
        false,
    ),
    // Not in the 80-column status bar (no room); help and the palette list it.
    b(
        &[M::Body],
        &[Key::ch('p')],
        A::Case,
        Msg::KeyCase,
        "case",
        false,
    ),
    b(
        &[M::Body],
        &[Key::code(C::Tab), Key::code(C::BackTab)],
        A::NextPane,
        Msg::KeyNextPane,
        "",
        true,
    ),
    // Applications (办件).
    // Key 5 here, after the other screens' keys: the palette lists commands in this order, and its
    // first page at 80×24 keeps those officers use most.
    b(
        &[M::Global],
        &[Key::ch('5')],
        A::GoApplications,
        Msg::ScreenApplications,
        "applications",
        false,
    ),
    b(
        &[M::Applications],
        &[Key::ch('n')],
        A::Receive,
        Msg::KeyReceive,
        "receive",
        true,
    ),
    // Risk signals (风险预警): key 7 (6 is kept for the inspection tasks).
    b(
        &[M::Global],
        &[Key::ch('7')],
        A::GoRisk,
        Msg::ScreenRisk,
        "risk",
        false,
    ),
    b(
        &[M::Risk],
        &[Key::ch('t')],
        A::AddToTask,
        Msg::KeyAddToTask,
        "add-to-task",
        true,
    ),
    b(
        &[M::Risk],
        &[Key::ch('f')],
        A::SignalKind,
        Msg::KeySignalKind,
        "signal-kind",
        true,
    ),
    // Inspections (双随机、一公开): key 6, a task's page, the inspector roster.
    b(
        &[M::Global],
        &[Key::ch('6')],
        A::GoTasks,
        Msg::ScreenTasks,
        "inspections",
        false,
    ),
    b(
        &[M::Tasks],
        &[Key::ch('f')],
        A::TaskState,
        Msg::KeyTaskFilter,
        "task-state",
        true,
    ),
    b(
        &[M::Tasks],
        &[Key::ch('r')],
        A::Roster,
        Msg::KeyRoster,
        "roster",
        true,
    ),
    b(
        &[M::Task],
        &[Key::ch('d')],
        A::TaskDraw,
        Msg::KeyTaskDraw,
        "draw",
        true,
    ),
    b(
        &[M::Task],
        &[Key::ch('a')],
        A::TaskAssign,
        Msg::KeyTaskAssign,
        "assign",
        true,
    ),
    b(
        &[M::Task],
        &[Key::ch('r')],
        A::TaskResults,
        Msg::KeyTaskResults,
        "results",
        true,
    ),
    b(
        &[M::Task],
        &[Key::ch('p')],
        A::TaskReplace,
        Msg::KeyTaskReplace,
        "replace",
        false,
    ),
    b(
        &[M::Task],
        &[Key::ch('u')],
        A::TaskRecuse,
        Msg::KeyTaskRecuse,
        "recuse",
        false,
    ),
    b(
        &[M::Task],
        &[Key::ch('c')],
        A::TaskClose,
        Msg::KeyTaskClose,
        "close-task",
        false,
    ),
    b(
        &[M::Task],
        &[Key::ch('b')],
        A::TaskPublish,
        Msg::KeyTaskPublish,
        "publish-task",
        false,
    ),
    b(
        &[M::Task],
        &[Key::ch('v')],
        A::Verify,
        Msg::KeyTaskVerify,
        "verify-draw",
        false,
    ),
    b(
        &[M::Roster],
        &[Key::ch('n')],
        A::InspectorAdd,
        Msg::KeyInspectorAdd,
        "inspector",
        true,
    ),
    b(
        &[M::Roster],
        &[Key::ch('d')],
        A::InspectorDeactivate,
        Msg::KeyInspectorDeactivate,
        "deactivate",
        true,
    ),
    b(
        &[M::Roster],
        &[Key::ch('c')],
        A::InspectorConflict,
        Msg::KeyInspectorConflict,
        "conflict",
        true,
    ),
    // Export what you see: the queue, the register, the log, the reports.
    b(
        &[
            M::Queue,
            M::Register,
            M::Applications,
            M::Reports,
            M::Log,
            M::Rows,
            M::Risk,
            M::Tasks,
            M::Roster,
        ],
        &[Key::ch('e')],
        A::Export,
        Msg::KeyExport,
        "export",
        true,
    ),
    // Log.
    b(
        &[M::Log],
        &[Key::ch('v')],
        A::Verify,
        Msg::KeyVerify,
        "verify",
        true,
    ),
    // A filter input.
    b(
        &[M::Filter],
        &[Key::code(C::Enter)],
        A::Open,
        Msg::KeyOpen,
        "",
        true,
    ),
    b(
        &[M::Filter],
        &[Key::code(C::Esc)],
        A::Close,
        Msg::KeyEndInput,
        "",
        true,
    ),
    b(
        &[M::Filter, M::Palette],
        &[Key::code(C::Down)],
        A::Down,
        Msg::KeyDown,
        "",
        false,
    ),
    b(
        &[M::Filter, M::Palette],
        &[Key::code(C::Up)],
        A::Up,
        Msg::KeyUp,
        "",
        false,
    ),
    b(
        &[M::Filter],
        &[Key::code(C::PageDown)],
        A::PageDown,
        Msg::KeyPageDown,
        "",
        false,
    ),
    b(
        &[M::Filter],
        &[Key::code(C::PageUp)],
        A::PageUp,
        Msg::KeyPageUp,
        "",
        false,
    ),
    // Any text input.
    b(
        &[M::TextEdit],
        &[Key::code(C::Backspace), Key::ctrl('h')],
        A::DeleteBack,
        Msg::KeyDeleteBack,
        "",
        false,
    ),
    b(
        &[M::TextEdit],
        &[Key::code(C::Delete)],
        A::DeleteForward,
        Msg::KeyDeleteForward,
        "",
        false,
    ),
    b(
        &[M::TextEdit],
        &[Key::code(C::Left)],
        A::Left,
        Msg::KeyLeft,
        "",
        false,
    ),
    b(
        &[M::TextEdit],
        &[Key::code(C::Right)],
        A::Right,
        Msg::KeyRight,
        "",
        false,
    ),
    b(
        &[M::TextEdit],
        &[Key::code(C::Home), Key::ctrl('a')],
        A::Home,
        Msg::KeyHome,
        "",
        false,
    ),
    b(
        &[M::TextEdit],
        &[Key::code(C::End), Key::ctrl('e')],
        A::End,
        Msg::KeyEnd,
        "",
        false,
    ),
    b(
        &[M::TextEdit],
        &[Key::ctrl('u')],
        A::ClearLine,
        Msg::KeyClearLine,
        "",
        false,
    ),
    // Multi-line fields and pickers in forms (before the form's own keys: Enter, ↑↓).
    b(
        &[M::MultiLine],
        &[Key::code(C::Enter)],
        A::NewLine,
        Msg::KeyNewLine,
        "",
        true,
    ),
    b(
        &[M::Picker],
        &[Key::ch(' ')],
        A::Toggle,
        Msg::KeyToggle,
        "",
        true,
    ),
    b(
        &[M::Picker],
        &[Key::code(C::Down)],
        A::Down,
        Msg::KeyDown,
        "",
        false,
    ),
    b(
        &[M::Picker],
        &[Key::code(C::Up)],
        A::Up,
        Msg::KeyUp,
        "",
        false,
    ),
    // Act forms.
    b(
        &[M::Form],
        &[Key::code(C::Tab), Key::code(C::Down), Key::code(C::Enter)],
        A::NextField,
        Msg::KeyNextField,
        "",
        true,
    ),
    b(
        &[M::Form],
        &[Key::code(C::BackTab), Key::code(C::Up)],
        A::PrevField,
        Msg::KeyPrevField,
        "",
        false,
    ),
    b(
        &[M::Form],
        &[Key::ctrl('s')],
        A::Submit,
        Msg::KeySubmit,
        "",
        true,
    ),
    b(
        &[M::Form],
        &[Key::code(C::Esc)],
        A::Close,
        Msg::KeyCancel,
        "",
        true,
    ),
    // The y/N question.
    b(
        &[M::Confirm],
        &[Key::ch('y'), Key::ch('Y')],
        A::Yes,
        Msg::KeyYes,
        "",
        true,
    ),
    b(
        &[M::Confirm],
        &[
            Key::ch('n'),
            Key::ch('N'),
            Key::code(C::Esc),
            Key::code(C::Enter),
        ],
        A::No,
        Msg::KeyNo,
        "",
        true,
    ),
    // The menu of acts, the palette, the help screen, detail popups.
    b(
        &[M::Menu, M::Palette],
        &[Key::code(C::Enter)],
        A::Open,
        Msg::KeyChoose,
        "",
        true,
    ),
    b(
        &[M::Menu, M::Palette, M::Detail],
        &[Key::code(C::Esc)],
        A::Close,
        Msg::KeyClose,
        "",
        true,
    ),
    b(
        &[M::Menu, M::Detail],
        &[Key::ch('q')],
        A::Close,
        Msg::KeyClose,
        "",
        false,
    ),
    b(
        &[M::Detail],
        &[Key::code(C::Enter)],
        A::Close,
        Msg::KeyClose,
        "",
        false,
    ),
    b(
        &[M::Help],
        &[
            Key::code(C::Esc),
            Key::ch('q'),
            Key::ch('?'),
            Key::code(C::F(1)),
        ],
        A::Close,
        Msg::KeyClose,
        "",
        true,
    ),
    // Reports by period.
    b(
        &[M::Reports],
        &[Key::ch('p')],
        A::PeriodKind,
        Msg::KeyPeriodKind,
        "period",
        true,
    ),
    b(
        &[M::Reports],
        &[Key::ch('[')],
        A::PrevPeriod,
        Msg::KeyPrevPeriod,
        "earlier",
        false,
    ),
    b(
        &[M::Reports],
        &[Key::ch(']')],
        A::NextPeriod,
        Msg::KeyNextPeriod,
        "later",
        false,
    ),
    b(
        &[M::Reports],
        &[Key::ch('f')],
        A::PeriodRange,
        Msg::KeyPeriodRange,
        "range",
        false,
    ),
    // The list behind a bar.
    b(
        &[M::Rows],
        &[Key::code(C::Esc), Key::ch('q')],
        A::Close,
        Msg::KeyClose,
        "",
        true,
    ),
    // The export prompt.
    b(
        &[M::Export],
        &[Key::code(C::Enter)],
        A::Submit,
        Msg::KeyWriteFile,
        "",
        true,
    ),
    b(
        &[M::Export],
        &[Key::code(C::Esc)],
        A::Close,
        Msg::KeyCancel,
        "",
        true,
    ),
];

/// The action `key` stands for in the situation `modes` (most specific first). Printable keys
/// type text where a mode types text; Alt+key (Esc and a key arriving together over a slow
/// link) is left to the caller.
pub fn resolve(modes: &[Mode], ev: &KeyEvent) -> Option<Action> {
    let key = Key::from_event(ev);
    for mode in modes {
        if let Some(binding) = KEYMAP
            .iter()
            .find(|b| b.modes.contains(mode) && b.keys.contains(&key))
        {
            return Some(binding.action);
        }
        // The menu of acts: each act's fixed letter.
        if *mode == Mode::Menu
            && let KeyCode::Char(c) = key.code
            && !key.ctrl
            && let Some(&act) = crate::domain::acts::ActKind::ALL
                .iter()
                .find(|&&a| act_key(a) == c)
        {
            return Some(Action::ChooseAct(act));
        }
        if mode.types_text()
            && let KeyCode::Char(c) = key.code
            && !key.ctrl
            && !ev.modifiers.contains(KeyModifiers::ALT)
            && !c.is_control()
        {
            return Some(Action::Insert(c));
        }
    }
    None
}

/// Whether `action` is bound anywhere in `modes` (the palette only runs what the screen offers).
pub fn offers(modes: &[Mode], action: Action) -> bool {
    KEYMAP
        .iter()
        .any(|b| b.action == action && modes.iter().any(|m| b.modes.contains(m)))
}

/// The status-bar hints for `modes`: one per action, most specific mode first.
pub fn hints(modes: &[Mode]) -> Vec<&'static Binding> {
    let mut out: Vec<&'static Binding> = Vec::new();
    for mode in modes {
        for binding in KEYMAP.iter().filter(|b| b.hint && b.modes.contains(mode)) {
            if !out.iter().any(|o| o.action == binding.action) {
                out.push(binding);
            }
        }
    }
    out
}

/// The bindings of one mode, as the help screen lists them.
pub fn bindings_of(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    KEYMAP.iter().filter(move |b| b.modes.contains(&mode))
}

/// A command of the palette: a name, what it does, the keys that do it too.
#[derive(Debug, Clone)]
pub struct Command {
    pub name: &'static str,
    pub action: Action,
    pub desc: Msg,
    pub keys: String,
}

/// Every named command, once each.
pub fn commands() -> Vec<Command> {
    let mut out: Vec<Command> = Vec::new();
    for binding in KEYMAP.iter().filter(|b| !b.name.is_empty()) {
        match out.iter_mut().find(|c| c.name == binding.name) {
            Some(c) => {
                c.keys.push(' ');
                c.keys.push_str(&binding.keys_label());
            }
            None => out.push(Command {
                name: binding.name,
                action: binding.action,
                desc: binding.desc,
                keys: binding.keys_label(),
            }),
        }
    }
    out
}

/// The commands whose name or description (in `lang`) contains `filter`, case-insensitively.
pub fn matching_commands(lang: Lang, filter: &str) -> Vec<Command> {
    let f = filter.trim().to_lowercase();
    commands()
        .into_iter()
        .filter(|c| {
            f.is_empty() || c.name.contains(&f) || lang.t(c.desc).to_lowercase().contains(&f)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: mods,
            kind: KeyEventKind::Press,
            state: ratatui::crossterm::event::KeyEventState::NONE,
        }
    }
    fn ch(c: char) -> KeyEvent {
        ev(KeyCode::Char(c), KeyModifiers::NONE)
    }

    const TABLE: &[Mode] = &[M::Register, M::List, M::Global, M::Any];
    const FILTER: &[Mode] = &[M::Filter, M::TextEdit, M::Any];
    const FORM: &[Mode] = &[M::Form, M::TextEdit, M::Any];

    #[test]
    fn the_conventions_of_every_screen_hold() {
        for modes in [
            &[M::Queue, M::List, M::Global, M::Any][..],
            TABLE,
            &[M::Body, M::List, M::Global, M::Any],
            &[M::Reports, M::List, M::Global, M::Any],
            &[M::Log, M::List, M::Global, M::Any],
            &[M::Applications, M::List, M::Global, M::Any],
            &[M::ApplicationFile, M::List, M::Global, M::Any],
        ] {
            assert_eq!(resolve(modes, &ch('?')), Some(A::Help));
            assert_eq!(
                resolve(modes, &ev(C::F(1), KeyModifiers::NONE)),
                Some(A::Help)
            );
            assert_eq!(resolve(modes, &ch('q')), Some(A::Back));
            assert_eq!(
                resolve(modes, &ev(C::Char('c'), KeyModifiers::CONTROL)),
                Some(A::Quit)
            );
            assert_eq!(
                resolve(modes, &ev(C::Esc, KeyModifiers::NONE)),
                Some(A::Close)
            );
            assert_eq!(resolve(modes, &ch('j')), Some(A::Down));
            assert_eq!(
                resolve(modes, &ev(C::Down, KeyModifiers::NONE)),
                Some(A::Down)
            );
            assert_eq!(resolve(modes, &ch('k')), Some(A::Up));
            assert_eq!(resolve(modes, &ch('g')), Some(A::Top));
            assert_eq!(
                resolve(modes, &ev(C::Char('G'), KeyModifiers::SHIFT)),
                Some(A::Bottom)
            );
            assert_eq!(
                resolve(modes, &ev(C::PageDown, KeyModifiers::NONE)),
                Some(A::PageDown)
            );
            assert_eq!(
                resolve(modes, &ev(C::Char('d'), KeyModifiers::CONTROL)),
                Some(A::PageDown)
            );
            assert_eq!(
                resolve(modes, &ev(C::Char('u'), KeyModifiers::CONTROL)),
                Some(A::PageUp)
            );
            assert_eq!(
                resolve(modes, &ev(C::Enter, KeyModifiers::NONE)),
                Some(A::Open)
            );
            assert_eq!(resolve(modes, &ch(':')), Some(A::Palette));
            assert_eq!(resolve(modes, &ch('1')), Some(A::GoQueue));
            assert_eq!(resolve(modes, &ch('4')), Some(A::GoLog));
        }
    }

    #[test]
    fn text_inputs_type_printable_keys_and_keep_ctrl_c() {
        assert_eq!(resolve(FILTER, &ch('q')), Some(A::Insert('q')));
        assert_eq!(resolve(FILTER, &ch('1')), Some(A::Insert('1')));
        assert_eq!(resolve(FILTER, &ch('j')), Some(A::Insert('j')));
        assert_eq!(resolve(FILTER, &ch('中')), Some(A::Insert('中')));
        assert_eq!(resolve(FILTER, &ch('?')), Some(A::Insert('?')));
        assert_eq!(
            resolve(FILTER, &ev(C::Char('c'), KeyModifiers::CONTROL)),
            Some(A::Quit)
        );
        assert_eq!(
            resolve(FILTER, &ev(C::Enter, KeyModifiers::NONE)),
            Some(A::Open)
        );
        assert_eq!(resolve(FORM, &ch('q')), Some(A::Insert('q')));
        assert_eq!(
            resolve(FORM, &ev(C::Char('s'), KeyModifiers::CONTROL)),
            Some(A::Submit)
        );
        assert_eq!(
            resolve(FORM, &ev(C::Esc, KeyModifiers::NONE)),
            Some(A::Close)
        );
        assert_eq!(
            resolve(FORM, &ev(C::Tab, KeyModifiers::NONE)),
            Some(A::NextField)
        );
        assert_eq!(
            resolve(FORM, &ev(C::BackTab, KeyModifiers::SHIFT)),
            Some(A::PrevField)
        );
        assert_eq!(
            resolve(FORM, &ev(C::Tab, KeyModifiers::SHIFT)),
            Some(A::PrevField)
        );
    }

    #[test]
    fn backspace_and_ctrl_h_both_delete() {
        assert_eq!(
            resolve(FILTER, &ev(C::Backspace, KeyModifiers::NONE)),
            Some(A::DeleteBack)
        );
        assert_eq!(
            resolve(FILTER, &ev(C::Char('h'), KeyModifiers::CONTROL)),
            Some(A::DeleteBack)
        );
        assert_eq!(
            resolve(FORM, &ev(C::Char('h'), KeyModifiers::CONTROL)),
            Some(A::DeleteBack)
        );
    }

    #[test]
    fn confirmation_defaults_to_no() {
        let modes = &[M::Confirm, M::Any];
        assert_eq!(resolve(modes, &ch('y')), Some(A::Yes));
        assert_eq!(
            resolve(modes, &ev(C::Enter, KeyModifiers::NONE)),
            Some(A::No)
        );
        assert_eq!(resolve(modes, &ev(C::Esc, KeyModifiers::NONE)), Some(A::No));
        assert_eq!(resolve(modes, &ch('n')), Some(A::No));
        assert_eq!(resolve(modes, &ch('x')), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for mode in Mode::ORDER {
            let mut seen: Vec<Key> = Vec::new();
            for binding in bindings_of(mode) {
                for key in binding.keys {
                    // The global '?' and the help's own '?' (close) live in different modes.
                    assert!(
                        !seen.contains(key),
                        "{} is bound twice in {mode:?}",
                        key.label()
                    );
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn every_mode_has_a_help_section_and_every_binding_a_description() {
        for mode in Mode::ORDER {
            assert!(
                bindings_of(mode).next().is_some(),
                "{mode:?} has no bindings"
            );
            for lang in [Lang::Zh, Lang::En] {
                assert!(!lang.t(mode.title()).is_empty());
            }
        }
        for binding in KEYMAP {
            assert!(!binding.keys.is_empty());
            assert!(!Lang::Zh.t(binding.desc).is_empty() && !Lang::En.t(binding.desc).is_empty());
        }
    }

    #[test]
    fn the_palette_lists_each_command_once() {
        let cmds = commands();
        for c in &cmds {
            assert_eq!(
                cmds.iter().filter(|d| d.name == c.name).count(),
                1,
                "{}",
                c.name
            );
        }
        for name in [
            "quit",
            "help",
            "queue",
            "register",
            "reports",
            "log",
            "filter",
            "sort",
            "acts",
            "export",
            "verify",
            "case",
            "applications",
            "receive",
        ] {
            assert!(
                cmds.iter().any(|c| c.name == name),
                "{name} missing from the palette"
            );
        }
        assert_eq!(matching_commands(Lang::En, "expo").len(), 1);
        assert!(
            matching_commands(Lang::Zh, "导出")
                .iter()
                .any(|c| c.name == "export")
        );
    }

    #[test]
    fn hints_follow_the_situation() {
        let h = hints(TABLE);
        assert!(h.iter().any(|b| b.action == A::Filter));
        assert!(h.iter().any(|b| b.action == A::Help));
        assert!(
            !hints(&[M::Queue, M::List, M::Global, M::Any])
                .iter()
                .any(|b| b.action == A::Filter)
        );
        assert!(offers(TABLE, A::Sort));
        // Export what you see: on the lists, not on a body's file.
        assert!(offers(TABLE, A::Export));
        assert!(!offers(&[M::Body, M::Global, M::Any], A::Export));
    }

    #[test]
    fn key_labels_read_well() {
        assert_eq!(Key::ctrl('c').label(), "Ctrl-C");
        assert_eq!(Key::code(C::F(1)).label(), "F1");
        assert_eq!(Key::code(C::BackTab).label(), "Shift-Tab");
        assert_eq!(Key::ch(' ').label(), "Space");
    }

    #[test]
    fn every_act_has_its_own_letter_that_no_menu_key_takes() {
        use crate::domain::acts::ActKind;
        let mut seen = std::collections::HashSet::new();
        for &act in ActKind::ALL {
            let c = act_key(act);
            assert!(seen.insert(c), "{act:?}: {c} is taken twice");
            let key = Key::ch(c);
            for mode in [Mode::Menu, Mode::Any] {
                assert!(
                    !KEYMAP
                        .iter()
                        .any(|b| b.modes.contains(&mode) && b.keys.contains(&key)),
                    "{act:?}: {c} is a key of the menu"
                );
            }
            let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(
                resolve(&[Mode::Menu, Mode::Any], &ev),
                Some(Action::ChooseAct(act))
            );
        }
        // The menu's own keys keep their meaning.
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(resolve(&[Mode::Menu, Mode::Any], &j), Some(Action::Down));
    }

    #[test]
    fn enter_starts_a_line_in_a_multi_line_field_and_space_picks() {
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            resolve(
                &[Mode::MultiLine, Mode::Form, Mode::TextEdit, Mode::Any],
                &enter
            ),
            Some(Action::NewLine)
        );
        assert_eq!(
            resolve(&[Mode::Form, Mode::TextEdit, Mode::Any], &enter),
            Some(Action::NextField)
        );
        let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(
            resolve(&[Mode::Picker, Mode::Form, Mode::Any], &space),
            Some(Action::Toggle)
        );
    }
}
