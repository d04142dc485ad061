//! The screens follow the record: after a commit — another user's, seen through `PRAGMA
//! data_version`, or this user's own act — the events appended since the last one the screens
//! saw say which bodies changed (`Store::changes_since`), and only what shows those bodies is
//! read again: their queue items (merged into the list in place), the register's window if one
//! of its rows is theirs or comes into it, the body file if it is theirs, the register's count
//! if it can have changed. Events that name no body, or too many, read everything again
//! (`App::reload_all`), and the whole queue then goes to the background reader at most once at
//! a time: commits that arrive meanwhile ask for one more after it, not one each.

use super::App;
use crate::store::changes::{Bodies, Touched};
use crate::store::read::QueueItem;
use crate::tui::jobs::Request;

/// A background read asked at most once at a time: asked again while it runs, it is asked
/// once more when it has answered.
#[derive(Debug, Default)]
pub(super) struct Coalesced {
    in_flight: bool,
    again: bool,
}

impl Coalesced {
    /// Whether to ask now (else it is asked once more after the answer).
    fn ask(&mut self) -> bool {
        if self.in_flight {
            self.again = true;
            false
        } else {
            self.in_flight = true;
            true
        }
    }

    /// The answer came: whether to ask once more.
    fn answered(&mut self) -> bool {
        self.in_flight = false;
        std::mem::take(&mut self.again)
    }
}

/// More bodies than this, touched since the last look (an import), are not read again on the
/// session's thread: their part of the queue goes to the background reader and the register's
/// window is read again as it stands.
pub(super) const FEW_BODIES: usize = 64;

/// What of the queue the background reader is asked to read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum QueuePart {
    Whole,
    Of(Bodies),
}

impl QueuePart {
    /// One read that covers both.
    fn and(self, other: QueuePart) -> QueuePart {
        match (self, other) {
            (QueuePart::Of(mut a), QueuePart::Of(b)) => {
                a.extend(b);
                QueuePart::Of(a)
            }
            _ => QueuePart::Whole,
        }
    }
}

/// The queue read in the background, one read at a time: what is asked while one runs is
/// asked, all in one, after it.
#[derive(Debug, Default)]
pub(super) struct QueueReload {
    in_flight: Option<QueuePart>,
    next: Option<QueuePart>,
    /// The horizon it was asked for (an answer for another one is dropped).
    within: u32,
    /// Bodies read again on the session's thread while it ran: the answer may predate their
    /// change.
    meanwhile: Bodies,
}

impl App {
    /// Bring the screens up to the newest event: what the events since the last one seen
    /// touched, and only that.
    pub(super) fn catch_up(&mut self) {
        match self.store.changes_since(self.last_event) {
            Ok(changes) => {
                self.last_event = changes.last_event;
                match changes.touched {
                    Touched::Everything => self.reload_all(),
                    Touched::Bodies(bodies) if bodies.is_empty() => {}
                    Touched::Bodies(bodies) if bodies.len() <= FEW_BODIES => {
                        self.reload_bodies(&bodies);
                        self.reload_inspections();
                    }
                    Touched::Bodies(bodies) => {
                        self.reload_many_bodies(bodies);
                        self.reload_inspections();
                    }
                }
            }
            Err(e) => {
                self.store_error(e);
                self.reload_all();
            }
        }
    }

    /// What shows `bodies`, read again.
    fn reload_bodies(&mut self, bodies: &Bodies) {
        if let Err(e) = self.reload_queue_of(bodies) {
            self.store_error(e);
            self.reload_queue();
        }
        if let Err(e) = self.reload_register_of(bodies) {
            self.store_error(e);
        }
        if let Err(e) = self.reload_body_of(bodies) {
            self.store_error(e);
        }
        if let Err(e) = self.reload_applications_of(bodies) {
            self.store_error(e);
        }
        if let Err(e) = self.risk.reload_of(&self.store, bodies) {
            self.store_error(e);
        }
        self.reload_log_and_reports();
    }

    /// The applications of `bodies` (applicants) read again and merged into the list, and the
    /// open application file if it is one of theirs.
    fn reload_applications_of(&mut self, bodies: &Bodies) -> crate::store::Result<()> {
        if !self.applications.loaded {
            // The whole list is still being read, perhaps from before this change: again after.
            self.applications.changed_while_loading = true;
        } else {
            let fresh = self.store.applications_of(bodies)?;
            if !fresh.is_empty() || self.applications.holds_any(bodies) {
                self.applications.merge(bodies, fresh);
            }
        }
        match &mut self.application {
            Some(a) if bodies.contains(&a.row.uscc) => a.reload(&self.store),
            _ => Ok(()),
        }
    }

    /// The open body file, read again if it is one of `bodies`.
    fn reload_body_of(&mut self, bodies: &Bodies) -> crate::store::Result<()> {
        match &mut self.body {
            Some(b) if bodies.contains(&b.uscc) => b.reload(&self.store),
            _ => Ok(()),
        }
    }

    /// What shows many `bodies` (an import's), read again: their queue items in the
    /// background, the register's window where it is, the body file if it is theirs.
    fn reload_many_bodies(&mut self, bodies: Bodies) {
        let mut errors = Vec::new();
        match self.register.reload_rows(&self.store) {
            Ok(true) if self.register.count_may_change() => self.reload_register_count(),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
        if let Err(e) = self.reload_body_of(&bodies) {
            errors.push(e);
        }
        if let Err(e) = self.reload_applications_of(&bodies) {
            errors.push(e);
        }
        if let Err(e) = self.risk.reload_of(&self.store, &bodies) {
            errors.push(e);
        }
        self.ask_queue(QueuePart::Of(bodies));
        self.reload_log_and_reports();
        if let Some(e) = errors.into_iter().next() {
            self.store_error(e);
        }
    }

    /// The queue items of `bodies`, read again and merged into the list.
    fn reload_queue_of(&mut self, bodies: &Bodies) -> crate::store::Result<()> {
        let items = self.store.queue_of_bodies(self.queue.within, bodies)?;
        self.queue.merge(bodies, items);
        if self.queue_reload.in_flight.is_some() {
            self.queue_reload.meanwhile.extend(bodies.iter().cloned());
        }
        Ok(())
    }

    /// The register's window, if the change shows in it, and its count, if it can have changed.
    fn reload_register_of(&mut self, bodies: &Bodies) -> crate::store::Result<()> {
        if self.register.stale {
            return Ok(()); // its query runs before it is drawn
        }
        let now = self.store.register_rows_of(&self.register.query, bodies)?;
        if self.register.shows_any(bodies, &now) {
            self.register.reload_rows(&self.store)?;
        }
        if self.register.count_may_change() {
            self.reload_register_count();
        }
        Ok(())
    }

    /// The log's page and the reports, after any new event (as before: the log in the
    /// background, the reports when shown).
    pub(super) fn reload_log_and_reports(&mut self) {
        if let Some(req) = self.log.reload_request() {
            self.jobs.request(req);
        }
        if self.screen == super::ScreenId::Reports {
            self.start_reports();
        } else {
            self.reports_stale = true;
        }
    }

    /// The whole queue, in the background (at most one read at a time).
    pub(super) fn reload_queue(&mut self) {
        self.ask_queue(QueuePart::Whole);
    }

    /// Ask the background reader for `part` of the queue now, or after the read that runs.
    fn ask_queue(&mut self, part: QueuePart) {
        let r = &mut self.queue_reload;
        if r.in_flight.is_some() {
            r.next = Some(match r.next.take() {
                Some(next) => next.and(part),
                None => part,
            });
        } else {
            self.send_queue_request(part);
        }
    }

    fn send_queue_request(&mut self, part: QueuePart) {
        let within = self.queue.within;
        let r = &mut self.queue_reload;
        r.within = within;
        r.meanwhile.clear();
        let of = match &part {
            QueuePart::Whole => {
                self.full_reloads += 1;
                None
            }
            QueuePart::Of(bodies) => Some(bodies.clone()),
        };
        r.in_flight = Some(part);
        self.jobs.request(Request::Queue { within, of });
    }

    /// The queue, or a part of it, arrived: shown unless it is for another horizon; the bodies
    /// read again while it ran are read again once more (it may predate their change).
    pub(super) fn queue_answered(&mut self, items: Result<Vec<QueueItem>, String>) {
        let r = &mut self.queue_reload;
        let meanwhile = std::mem::take(&mut r.meanwhile);
        let part = r.in_flight.take();
        let current = r.within == self.queue.within;
        match (items, part) {
            (Ok(items), Some(part)) if current => {
                match part {
                    QueuePart::Whole => self.queue.set_items(items),
                    QueuePart::Of(bodies) => self.queue.merge(&bodies, items),
                }
                if !meanwhile.is_empty()
                    && let Err(e) = self.reload_queue_of(&meanwhile)
                {
                    self.store_error(e);
                }
            }
            // For another horizon: the whole queue for this one is asked next.
            (Ok(_), _) => {}
            (Err(e), _) => {
                let text = self.lang.f(crate::i18n::Msg::ErrStore, &[("why", &e)]);
                self.error(text);
            }
        }
        if let Some(next) = self.queue_reload.next.take() {
            self.send_queue_request(next);
        }
    }

    /// The register's count, in the background (at most one at a time).
    pub(super) fn reload_register_count(&mut self) {
        if self.count_reload.ask() {
            self.jobs.request(self.register.count_request());
        }
    }

    /// A count arrived (the register takes it if it is for its query): ask once more if a
    /// change came meanwhile.
    pub(super) fn count_answered(&mut self) {
        if self.count_reload.answered() {
            self.reload_register_count();
        }
    }

    /// How many times the whole queue was asked of the background reader (`reload_all`, a new
    /// horizon): the tests see that one act reads only its bodies again.
    pub fn full_reloads(&self) -> u64 {
        self.full_reloads
    }
}

#[cfg(test)]
mod tests {
    use super::Coalesced;

    #[test]
    fn asked_while_in_flight_means_once_more_after_it() {
        let mut c = Coalesced::default();
        assert!(c.ask(), "asked at once");
        assert!(!c.ask(), "not while in flight");
        assert!(!c.ask());
        assert!(c.answered(), "once more after the answer");
        assert!(c.ask());
        assert!(!c.answered(), "nothing asked meanwhile");
        assert!(c.ask());
    }
}
