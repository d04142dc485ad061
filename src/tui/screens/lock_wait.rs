//! A form whose write found the database locked (another officer's import is writing): the
//! form stays open and says what it waits for — "waiting for the import of FILE by LOGIN
//! (started HH:MM)" — and the app tries the same step again on every tick until it goes
//! through. Esc stops waiting (nothing was written; the form is as it was). The screens' store
//! gives up on each attempt quickly (`LockWait::Brief`), so keys and signals are never stuck
//! behind the lock; without an announced import the wait ends after the usual 10 s.

use super::act_form::Outcome;
use crate::i18n::{Lang, Msg};
use crate::store::long_write::{LongWrite, PLAIN_WAIT};
use crate::store::{Store, StoreError};
use crate::tui::keymap::Action;
use std::time::Instant;

/// The step that is waiting: the key that started it and the question it answered.
#[derive(Debug, Clone)]
pub struct Waiting<C> {
    action: Action,
    confirm: Option<C>,
    since: Instant,
    pub holder: Option<LongWrite>,
}

/// What a form gives this module: its own update and the slots the wait uses.
pub trait WaitsForLock {
    /// The y/N question, restored before the step is tried again.
    type Confirm: Clone;
    fn confirm_slot(&mut self) -> &mut Option<Self::Confirm>;
    fn waiting_slot(&mut self) -> &mut Option<Waiting<Self::Confirm>>;
    fn error_slot(&mut self) -> &mut Option<String>;
    /// Set by the form's error handling when a write found the lock taken ([`lock_busy`]).
    fn busy_slot(&mut self) -> &mut Option<Option<LongWrite>>;
    /// The form's own handling of a key.
    fn handle(&mut self, action: Action, store: &mut Store, lang: Lang) -> Outcome;
}

/// The slots of a form with `confirm`, `waiting`, `error` and `busy` fields and a `handle_key`
/// method: the same five lines for every form.
#[macro_export]
macro_rules! waits_for_lock {
    ($form:ty, $confirm:ty) => {
        impl $crate::tui::screens::lock_wait::WaitsForLock for $form {
            type Confirm = $confirm;
            fn confirm_slot(&mut self) -> &mut Option<Self::Confirm> {
                &mut self.confirm
            }
            fn waiting_slot(
                &mut self,
            ) -> &mut Option<$crate::tui::screens::lock_wait::Waiting<Self::Confirm>> {
                &mut self.waiting
            }
            fn error_slot(&mut self) -> &mut Option<String> {
                &mut self.error
            }
            fn busy_slot(&mut self) -> &mut Option<Option<$crate::store::long_write::LongWrite>> {
                &mut self.busy
            }
            fn handle(
                &mut self,
                action: $crate::tui::keymap::Action,
                store: &mut $crate::store::Store,
                lang: $crate::i18n::Lang,
            ) -> $crate::tui::screens::act_form::Outcome {
                self.handle_key(action, store, lang)
            }
        }
    };
}

/// Whether `e` says the write lock was taken: with the import holding it, when one announced
/// itself.
pub fn lock_busy(e: &StoreError) -> Option<Option<LongWrite>> {
    match e {
        StoreError::Busy(h) => Some(Some(h.clone())),
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            Some(None)
        }
        _ => None,
    }
}

/// A key on a form: while it waits, Esc stops waiting and every other key waits too.
pub fn update<F: WaitsForLock>(
    form: &mut F,
    action: Action,
    store: &mut Store,
    lang: Lang,
) -> Outcome {
    if let Some(w) = form.waiting_slot().take() {
        if action == Action::Close {
            *form.confirm_slot() = w.confirm;
            *form.error_slot() = None;
        } else {
            *form.waiting_slot() = Some(w);
        }
        return Outcome::Stay;
    }
    attempt(form, action, store, lang, None)
}

/// Try the waiting step again (the app's tick); None when the form is not waiting.
pub fn retry<F: WaitsForLock>(form: &mut F, store: &mut Store, lang: Lang) -> Option<Outcome> {
    let w = form.waiting_slot().take()?;
    *form.confirm_slot() = w.confirm;
    *form.error_slot() = None;
    Some(attempt(form, w.action, store, lang, Some(w.since)))
}

fn attempt<F: WaitsForLock>(
    form: &mut F,
    action: Action,
    store: &mut Store,
    lang: Lang,
    since: Option<Instant>,
) -> Outcome {
    let confirm = form.confirm_slot().clone();
    let outcome = form.handle(action, store, lang);
    let Some(holder) = form.busy_slot().take() else {
        return outcome;
    };
    let since = since.unwrap_or_else(Instant::now);
    if holder.is_none() && since.elapsed() >= PLAIN_WAIT {
        *form.error_slot() = Some(lang.t(Msg::ErrLocked).to_string());
        return Outcome::Stay;
    }
    let text = match &holder {
        Some(h) => lang.f(
            Msg::WaitingForImport,
            &[
                ("file", &h.file),
                ("login", &h.login),
                ("started", &h.started_local()),
            ],
        ),
        None => lang.t(Msg::WaitingForLock).to_string(),
    };
    // The key first: a long file name may be cut at the form's edge.
    *form.error_slot() = Some(format!("{} · {text}", lang.t(Msg::EscStopsWaiting)));
    *form.confirm_slot() = None;
    *form.waiting_slot() = Some(Waiting {
        action,
        confirm,
        since,
        holder,
    });
    Outcome::Stay
}
