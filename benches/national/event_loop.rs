//! "Shown by the event loop": the figures of issue 12 are measured from the key until the
//! frame that shows the answer, as the real loop (`certdesk::tui::run`) draws it — not an
//! imitation of it. The loop runs over a `TestBackend` that notes when each frame is flushed
//! (`Watch`) and a scripted event source (`Script`) that gives one key, then waits as a
//! terminal without keys waits: until the loop's timeout or a background answer's wake
//! (`Events::waker`, as the real terminal's channel is woken). After each frame the
//! script stops the loop (`Events::stopped`, which `run` asks after every wake), so the bench
//! can look at the app's state: whether the answer is in (by default `!App::reader_busy()`).
//! If not, `run` is entered again; its first draw is not a frame of the loop's own and is
//! not taken as "shown", but it does cost one draw per wake (≈ 0.3–0.6 ms at 120×40), so
//! these figures are pessimistic by that much per wake.
//!
//! Relies on: `certdesk::tui::run` and the `Events` trait (`next`, `stopped`, `waker`),
//! `App::reader_busy`.

use certdesk::tui::{App, Events};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Position, Size};
use std::cell::{Cell as StdCell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// A `TestBackend` that records when each frame was flushed.
pub struct Watch {
    inner: TestBackend,
    flushed: Rc<RefCell<Vec<Instant>>>,
}

impl Watch {
    pub fn new(width: u16, height: u16) -> Watch {
        Watch {
            inner: TestBackend::new(width, height),
            flushed: Rc::default(),
        }
    }

    pub fn buffer(&self) -> &Buffer {
        self.inner.buffer()
    }
}

impl Backend for Watch {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()?;
        self.flushed.borrow_mut().push(Instant::now());
        Ok(())
    }
}

/// One key (or none), then a terminal that stays silent; stops the loop after its next frame.
struct Script {
    key: Option<KeyEvent>,
    delivered: Rc<StdCell<Option<Instant>>>,
    flushed: Rc<RefCell<Vec<Instant>>>,
    /// Frames flushed when the loop first asked (after `run`'s own first draw).
    seen: Option<usize>,
    /// The background's wakes (`Events::waker`): a silent terminal's wait ends on them, as
    /// the real loop's channel does.
    /// One channel for all the scripts of one measurement: a wake sent between two entries of
    /// `run` is still there for the next.
    wakes: Rc<Wakes>,
}

type Wakes = (std::sync::mpsc::Sender<()>, std::sync::mpsc::Receiver<()>);

impl Events for Script {
    fn next(&mut self, timeout: Duration) -> std::io::Result<Option<Event>> {
        if let Some(k) = self.key.take() {
            self.delivered.set(Some(Instant::now()));
            return Ok(Some(Event::Key(k)));
        }
        let _ = self.wakes.1.recv_timeout(timeout);
        Ok(None)
    }

    fn waker(&mut self) -> Option<certdesk::tui::jobs::Waker> {
        let tx = std::sync::Mutex::new(self.wakes.0.clone());
        Some(std::sync::Arc::new(move || {
            let _ = tx.lock().map(|t| t.send(()));
        }))
    }

    fn stopped(&mut self) -> Option<u8> {
        let n = self.flushed.borrow().len();
        match self.seen {
            None => {
                self.seen = Some(n);
                None
            }
            Some(s) if n > s && self.key.is_none() => Some(0),
            Some(_) => None,
        }
    }
}

/// Give `key` to the real event loop; ms from its delivery until the loop's first frame, and
/// until the frame after which `shown(app)` holds (None: not within 60 s).
pub fn key_in_loop(
    term: &mut Terminal<Watch>,
    app: &mut App,
    key: KeyEvent,
    shown: impl Fn(&App) -> bool,
) -> Option<(f64, f64)> {
    let flushed = term.backend().flushed.clone();
    let delivered = Rc::new(StdCell::new(None));
    let wakes: Rc<Wakes> = Rc::new(std::sync::mpsc::channel());
    let mut script = Script {
        key: Some(key),
        delivered: delivered.clone(),
        flushed: flushed.clone(),
        seen: None,
        wakes: wakes.clone(),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        certdesk::tui::run(term, app, &mut script).expect("the event loop");
        if shown(app) || app.quit {
            break;
        }
        if Instant::now() > deadline {
            return None;
        }
        script = Script {
            key: None,
            delivered: delivered.clone(),
            flushed: flushed.clone(),
            seen: None,
            wakes: wakes.clone(),
        };
    }
    let t0 = delivered.get()?;
    let flushed = flushed.borrow();
    let first = *flushed.iter().find(|t| **t >= t0)?;
    let last = *flushed.last()?;
    let ms = |t: Instant| t.duration_since(t0).as_secs_f64() * 1000.0;
    Some((ms(first), ms(last)))
}

/// Run the real event loop with no key until `shown(app)` holds; ms from now until the frame
/// after which it does (None: not within 10 minutes).
pub fn wait_in_loop(
    term: &mut Terminal<Watch>,
    app: &mut App,
    shown: impl Fn(&App) -> bool,
) -> Option<f64> {
    let flushed = term.backend().flushed.clone();
    let wakes: Rc<Wakes> = Rc::new(std::sync::mpsc::channel());
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs(600);
    while !shown(app) {
        if Instant::now() > deadline || app.quit {
            return None;
        }
        let mut script = Script {
            key: None,
            delivered: Rc::default(),
            flushed: flushed.clone(),
            seen: None,
            wakes: wakes.clone(),
        };
        certdesk::tui::run(term, app, &mut script).expect("the event loop");
    }
    let last = *flushed.borrow().last()?;
    Some(last.saturating_duration_since(t0).as_secs_f64() * 1000.0)
}
