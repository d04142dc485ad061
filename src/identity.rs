//! Who is acting: the account of the process's real user id, looked up in the system's user
//! database — never an environment variable, which anyone can set (`USER=director certdesk …`).
//!
//! Service-account mode: officers run certdesk as the account that owns the database
//! (`sudo -u certdesk certdesk …`), so no officer can touch the file except through certdesk.
//! Then, and only then — the file writable by that account alone, and the account not one
//! people log in with — the invoking officer is taken from sudo's `SUDO_UID`: sudo sets it,
//! and nobody else can run a process as that account.

use nix::unistd::{Uid, User};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The recorded name of the account with `uid`: its login name, or `uid:N` when the system
/// has no entry for it (a container, a deleted account).
pub fn account_name(uid: u32) -> String {
    match User::from_uid(Uid::from_raw(uid)) {
        Ok(Some(u)) if !u.name.is_empty() => u.name,
        _ => format!("uid:{uid}"),
    }
}

/// The uid on whose behalf this process acts on the database at `db`: the real uid, or — when
/// the process runs as the owner of `db` (service-account mode) and sudo says who invoked it —
/// that officer's uid.
pub fn acting_uid(db: &Path) -> u32 {
    let real = nix::unistd::getuid().as_raw();
    if service_account_layout(db, real)
        && let Some(invoker) = std::env::var("SUDO_UID")
            .ok()
            .and_then(|v| v.trim().parse::<u32>().ok())
    {
        return invoker;
    }
    real
}

/// Whether certdesk runs as the owner of `db` in a service-account layout: the file is
/// writable by its owner alone, and the owner is not an account people log in with (no entry,
/// or a `nologin`/`false` shell). Only then is `SUDO_UID` sudo's word rather than the owner's:
/// in group mode the owner is an ordinary officer who could set it by hand.
fn service_account_layout(db: &Path, uid: u32) -> bool {
    let Ok(meta) = std::fs::metadata(db) else {
        return false;
    };
    if meta.uid() != uid || meta.mode() & 0o022 != 0 {
        return false;
    }
    match User::from_uid(Uid::from_raw(uid)) {
        Ok(Some(u)) => {
            let shell = u.shell.to_string_lossy();
            shell.ends_with("/nologin") || shell.ends_with("/false")
        }
        _ => true,
    }
}

/// Whether this process acts for another officer through sudo (service-account mode): then
/// it must not replace the service account's files on their say (`--force`).
pub fn acting_for_another(db: &Path) -> bool {
    acting_uid(db) != nix::unistd::getuid().as_raw()
}

/// The name recorded as the actor of every event written through the database at `db`.
pub fn actor_for(db: &Path) -> String {
    account_name(acting_uid(db))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_uid_names_the_actor_whatever_user_says() {
        let me = nix::unistd::getuid().as_raw();
        // Not on a database file we own with SUDO_UID set: the real account.
        assert_eq!(actor_for(Path::new("/nonexistent/db")), account_name(me));
        assert!(!account_name(me).is_empty());
    }

    #[test]
    fn an_account_without_an_entry_is_recorded_by_number() {
        assert_eq!(account_name(3_999_999_999), "uid:3999999999");
    }
}
