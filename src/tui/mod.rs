//! The keyboard-driven screens.
//!
//! `run_screens` refuses to start unless stdin and stdout are terminals (use the subcommands
//! then), installs a panic hook that restores the terminal before anything is printed, sets the
//! terminal up (raw mode, alternate screen; no mouse capture, no bracketed paste) and runs
//! [`run`], the event loop, which is generic over ratatui's `Backend` and an event source so the
//! tests drive it with `TestBackend`.
//!
//! The loop sleeps on one channel: the terminal's events (a thread forwards crossterm's reads)
//! and the background reader's wakes (`jobs::Waker`), so an answer is drawn as soon as it
//! arrives, never polled for. It draws only after something happened: a key, a resize, another
//! user's change (it looks at `PRAGMA data_version` every 500 ms: the sleep's timeout), finished
//! background work, an expired message. Keys that arrive together are all handled before one
//! redraw, so typing a filter runs its query once per burst.
//!
//! For the end-to-end tests only: with `CERTDESK_TEST_PANIC=1` in the environment, F12 panics,
//! so the tests can check the terminal is restored after a panic. The key does nothing otherwise.

pub mod ansi;
pub mod app;
pub mod export;
#[doc(hidden)]
pub mod fixture;
pub mod jobs;
pub mod keymap;
pub mod probe;
pub mod screens;
pub mod theme;
pub mod view;
pub mod widgets;

pub use app::App;

use crate::context::{Session, UserError};
use crate::i18n::{Lang, Msg};
use crate::store::Store;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;
use theme::{Colours, Theme};

/// Where the loop's events come from: the terminal, or a script in tests.
pub trait Events {
    /// The next event, waiting at most `timeout`; None when the time ran out or the waker
    /// was called.
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<Event>>;

    /// Whether the screens must end now, and with which exit code: a signal arrived, or the
    /// terminal went away. Asked after every wake (at most `POLL` apart).
    fn stopped(&mut self) -> Option<u8> {
        None
    }

    /// What ends a `next` early when the background has an answer (None: `next` cannot be
    /// woken; the answers are then taken in at the next event or timeout).
    fn waker(&mut self) -> Option<jobs::Waker> {
        None
    }
}

/// What arrives on the loop's channel.
enum Input {
    Event(Event),
    /// Reading the terminal failed: the screens end with this error.
    Failed(std::io::Error),
    /// A background answer is there (`jobs::Waker`).
    Wake,
}

/// The terminal's events, and the signals that end the screens.
pub struct TerminalEvents {
    /// The last of SIGHUP, SIGTERM, SIGINT, SIGQUIT received (0: none).
    signal: Arc<std::sync::atomic::AtomicUsize>,
    /// The loop's channel, and whether the thread reading the terminal into it has started.
    tx: Sender<Input>,
    rx: Receiver<Input>,
    reading: bool,
}

impl TerminalEvents {
    /// Watch the signals that end a session. Their handlers only set a number, which the loop
    /// reads between events: a form is discarded, an act in its commit completes first.
    pub fn new() -> std::io::Result<TerminalEvents> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let signal = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for sig in [SIGHUP, SIGTERM, SIGINT, SIGQUIT] {
            signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)?;
        }
        watch_for_a_stuck_stop(Arc::clone(&signal))?;
        let (tx, rx) = channel();
        Ok(TerminalEvents {
            signal,
            tx,
            rx,
            reading: false,
        })
    }

    /// Start the thread that reads the terminal into the channel — at the first wait, so the
    /// questions asked before the loop (`probe`) get their answers, not this thread. It is the
    /// only reader of crossterm's events from then on (the loop never asks for the cursor's
    /// position, which would wait on the same reader).
    fn start_reading(&mut self) -> std::io::Result<()> {
        if self.reading {
            return Ok(());
        }
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("terminal-input".into())
            .spawn(move || {
                loop {
                    let input = match event::read() {
                        Ok(ev) => Input::Event(ev),
                        Err(e) => Input::Failed(e),
                    };
                    let failed = matches!(input, Input::Failed(_));
                    if tx.send(input).is_err() || failed {
                        return;
                    }
                }
            })?;
        self.reading = true;
        Ok(())
    }
}

/// The exit code of a stop: the signal received (128 + its number), or SIGHUP's when the
/// terminal went away without one (SIGHUP ignored, nohup-style).
fn stop_code(signal: &std::sync::atomic::AtomicUsize) -> Option<u8> {
    match signal.load(Ordering::SeqCst) {
        0 if terminal_gone() => Some(128 + signal_hook::consts::SIGHUP as u8),
        0 => None,
        sig => Some(128 + sig as u8),
    }
}

/// The loop stops between events; but on a terminal that hung up, crossterm 0.29's reader
/// never returns (it reads end-of-file in a loop, at 100 % CPU). A watcher thread ends the
/// process when a stop has been pending for 600 ms: the terminal restored where it still
/// exists, no form written, and an act cut in its commit rolled back by SQLite's journal.
fn watch_for_a_stuck_stop(signal: Arc<std::sync::atomic::AtomicUsize>) -> std::io::Result<()> {
    const GRACE: Duration = Duration::from_millis(600);
    std::thread::Builder::new()
        .name("stop-watch".into())
        .spawn(move || {
            let mut pending: Option<std::time::Instant> = None;
            loop {
                std::thread::sleep(Duration::from_millis(100));
                match (stop_code(&signal), pending) {
                    (None, _) => pending = None,
                    (Some(_), None) => pending = Some(std::time::Instant::now()),
                    (Some(code), Some(since)) if since.elapsed() >= GRACE => {
                        restore_terminal();
                        std::process::exit(i32::from(code));
                    }
                    _ => {}
                }
            }
        })?;
    Ok(())
}

/// Whether standard input's terminal hung up (its pty closed, the SSH session dropped): the
/// reader would see end-of-file or EIO for ever, even when SIGHUP is ignored (nohup).
fn terminal_gone() -> bool {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
    match poll(&mut fds, PollTimeout::ZERO) {
        Ok(_) => fds[0].revents().is_some_and(|r| {
            r.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL)
        }),
        Err(_) => false,
    }
}

impl Events for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<Event>> {
        self.start_reading()?;
        match self.rx.recv_timeout(timeout) {
            Ok(Input::Event(ev)) => Ok(Some(ev)),
            Ok(Input::Failed(e)) => Err(e),
            Ok(Input::Wake) | Err(RecvTimeoutError::Timeout) => Ok(None),
            // The channel's own sender is held here: it never disconnects.
            Err(RecvTimeoutError::Disconnected) => Ok(None),
        }
    }

    fn stopped(&mut self) -> Option<u8> {
        stop_code(&self.signal)
    }

    fn waker(&mut self) -> Option<jobs::Waker> {
        let tx = self.tx.clone();
        Some(Arc::new(move || {
            let _ = tx.send(Input::Wake);
        }))
    }
}

fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), String>
where
    B::Error: std::fmt::Display,
{
    let size = terminal.size().map_err(|e| e.to_string())?;
    if std::mem::take(&mut app.clear) {
        // Cleared and drawn anew without `Terminal::clear`, which asks the terminal for the
        // cursor's position: the answer would go to the input thread, and the ask time out.
        terminal
            .resize(Rect::new(0, 0, size.width, size.height))
            .map_err(|e| e.to_string())?;
    }
    app.prepare(Rect::new(0, 0, size.width, size.height));
    terminal
        .draw(|f| view::draw(f, app))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// The event loop: until the app quits, handle events and redraw after each change. Returns
/// the exit code of a stop (a signal, the terminal gone), None for a quit.
pub fn run<B: Backend, E: Events>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut E,
) -> Result<Option<u8>, String>
where
    B::Error: std::fmt::Display,
{
    if let Some(waker) = events.waker() {
        app.set_waker(waker);
    }
    draw(terminal, app)?;
    while !app.quit {
        // A signal or a vanished terminal ends the screens between events: whatever form is
        // open is discarded (nothing written), and no act is ever cut in its commit.
        if let Some(code) = events.stopped() {
            return Ok(Some(code));
        }
        // Wake at least every POLL to look for other users' changes; a background answer
        // wakes the sleep itself.
        let timeout = app.wake_interval();
        let mut redraw = false;
        if let Some(ev) = events.next(timeout).map_err(|e| e.to_string())? {
            app.handle_event(ev);
            redraw = true;
            // Everything already queued (a paste, fast typing) before one redraw.
            while !app.quit {
                match events.next(Duration::ZERO).map_err(|e| e.to_string())? {
                    Some(ev) => app.handle_event(ev),
                    None => break,
                }
            }
        }
        if app.quit {
            break;
        }
        redraw |= app.tick();
        if redraw {
            draw(terminal, app)?;
        }
    }
    Ok(None)
}

/// Whether the screens hold the terminal (raw mode, alternate screen).
static TERMINAL_TAKEN: AtomicBool = AtomicBool::new(false);

/// Leave raw mode and the alternate screen, show the cursor — once: leaving the alternate
/// screen a second time would move the cursor back over what was printed since (a panic report).
fn restore_terminal() {
    if TERMINAL_TAKEN.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(std::io::stdout(), LeaveAlternateScreen, cursor::Show);
    }
}

/// Restores the terminal when dropped: on return, on `?`, and while unwinding from a panic.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

type PanicHook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync + 'static>;

/// First run on a path with no database: ask on the plain terminal (before the screens take
/// it) whether to create one. Anything but y/yes is no.
fn offer_new_database(path: &std::path::Path, lang: Lang) -> Result<bool, UserError> {
    use std::io::{BufRead, Write};
    let shown = crate::domain::text::sanitize_for_display(&path.display().to_string()).into_owned();
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "{} ",
        lang.f(Msg::OfferNewDatabase, &[("path", &shown)])
    );
    let _ = err.flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let answer = answer.trim().to_lowercase();
    if matches!(answer.as_str(), "y" | "yes" | "是") {
        Ok(true)
    } else {
        Err(UserError::usage(
            lang.f(Msg::NoDatabaseCreated, &[("path", &shown)]),
        ))
    }
}

/// The theme and the width of ambiguous characters: what the user said, else what the terminal
/// answers (asked once, in raw mode, before the event loop reads a key), else the fallbacks.
fn fit_to_terminal(app: &mut App, session: &Session, colours: Colours) {
    use crate::context::{AmbiguousWidth, ThemeChoice};
    // A dumb terminal would print the questions: it is asked nothing.
    let dumb = std::env::var("TERM").map_or(true, |t| t.is_empty() || t == "dumb");
    let answers = probe::ask_terminal(probe::Questions {
        background: session.theme == ThemeChoice::Auto && colours != Colours::None && !dumb,
        ambiguous_width: session.ambiguous_width == AmbiguousWidth::Auto && !dumb,
    });
    let colorfgbg = std::env::var("COLORFGBG").ok();
    let background =
        theme::choose_background(session.theme, answers.background, colorfgbg.as_deref());
    app.theme = Theme::new(colours, background);
    app.ambiguous_wide = match session.ambiguous_width {
        AmbiguousWidth::Wide => true,
        AmbiguousWidth::Narrow => false,
        AmbiguousWidth::Auto => answers.ambiguous_wide.unwrap_or(false),
    };
}

/// Open the screens (no subcommand given). Exit code 2 without a terminal.
pub fn run_screens(session: &Session) -> Result<u8, UserError> {
    let lang = session.lang.unwrap_or_else(Lang::from_env);
    // The screens speak UTF-8 only: under zh_CN.GB18030 they would be mojibake.
    crate::locale::require_utf8()?;
    // ratatui::init panics without a terminal: check first, and point to the subcommands.
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(UserError::usage(lang.t(Msg::NoTerminal)));
    }
    let (path, default) = crate::context::db_path(session.db.clone())?;
    let today = crate::context::today(session.today);
    let store = match Store::open(&path, today) {
        Err(crate::store::StoreError::Missing(_)) if offer_new_database(&path, lang)? => {
            crate::context::create_or_open(&path, default, today)?
        }
        other => other?,
    };
    let colours = Colours::from_env();
    let mut app = App::new(store, lang, Theme::new(colours, theme::Background::Dark))?;
    app.test_panic = std::env::var_os("CERTDESK_TEST_PANIC").is_some_and(|v| v == "1");
    app.verified_heads = crate::verified_heads::default_file();

    // The terminal is restored before the previous hook (color-eyre's report) prints. A panic
    // in a background thread is caught there and shown as that job's error: it must neither
    // restore the terminal under the running screens nor print over them.
    let previous: Arc<PanicHook> = Arc::new(std::panic::take_hook());
    let chained = Arc::clone(&previous);
    let ui_thread = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui_thread || !TERMINAL_TAKEN.load(Ordering::SeqCst) {
            restore_terminal();
            chained(info);
        }
    }));

    let result = (|| -> Result<Option<u8>, String> {
        let mut events = TerminalEvents::new().map_err(|e| e.to_string())?;
        let _guard = TerminalGuard;
        TERMINAL_TAKEN.store(true, Ordering::SeqCst);
        enable_raw_mode().map_err(|e| e.to_string())?;
        execute!(std::io::stdout(), EnterAlternateScreen).map_err(|e| e.to_string())?;
        fit_to_terminal(&mut app, session, colours);
        let mut terminal =
            Terminal::new(ansi::AnsiBackend::new(std::io::stdout())).map_err(|e| e.to_string())?;
        terminal.hide_cursor().map_err(|e| e.to_string())?;
        run(&mut terminal, &mut app, &mut events)
    })();

    // Put the previous hook back.
    let _ = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| previous(info)));

    match result {
        Ok(None) => Ok(crate::context::EXIT_OK),
        // Ended by a signal or a hang-up: the conventional 128 + signal number.
        Ok(Some(code)) => Ok(code),
        Err(e) => Err(UserError::failure(lang.f(Msg::ErrTerminal, &[("why", &e)]))),
    }
}
