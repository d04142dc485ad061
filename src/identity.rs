//! Who is acting: the account of the process's real user id, looked up in the system's user
//! database — never an environment variable, which anyone can set (`USER=director certdesk …`).
//!
//! Service-account mode: officers run certdesk as the account that owns the database
//! (`sudo -u certdesk certdesk …`), so no officer can touch the file except through certdesk.
//! Then, and only then, the invoking officer is taken from sudo's `SUDO_UID`: sudo sets it,
//! and an officer who could forge it would already be the file's owner.

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
    let owner = std::fs::metadata(db).ok().map(|m| m.uid());
    if owner == Some(real)
        && let Some(invoker) = std::env::var("SUDO_UID")
            .ok()
            .and_then(|v| v.trim().parse::<u32>().ok())
    {
        return invoker;
    }
    real
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
