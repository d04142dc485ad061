//! The heads of the event chain this user's verifications found intact, one per database, in
//! the user's cache folder (`PATH<TAB>ID:HASH<TAB>WHEN`): the next verification recomputes
//! only the hashes after it. A cache, not the record — each user trusts only their own; `check
//! --full` and `v` on the log screen recompute everything. Used by both front ends.

use crate::store::events::Head;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file in the user's cache folder.
pub fn default_file() -> Option<PathBuf> {
    crate::context::cache_dir().map(|d| d.join("verified-heads"))
}

/// The head last verified for `db`, and when (UTC, as written).
pub fn read(db: &Path) -> Option<(Head, String)> {
    read_in(&default_file()?, db)
}

/// Record `head` as verified for `db` (best effort).
pub fn record(db: &Path, head: &Head) {
    if let Some(file) = default_file() {
        record_in(&file, db, head);
    }
}

pub fn read_in(file: &Path, db: &Path) -> Option<(Head, String)> {
    let key = db.canonicalize().ok()?.display().to_string();
    let text = std::fs::read_to_string(file).ok()?;
    text.lines().find_map(|l| {
        let mut f = l.split('\t');
        (f.next()? == key).then_some(())?;
        Some((Head::parse(f.next()?)?, f.next().unwrap_or("").to_string()))
    })
}

pub fn record_in(file: &Path, db: &Path, head: &Head) {
    let Ok(db) = db.canonicalize() else {
        return;
    };
    let key = db.display().to_string();
    let mut lines: Vec<String> = std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.split('\t').next() != Some(key.as_str()))
        .map(str::to_string)
        .collect();
    let when = jiff::Timestamp::now()
        .strftime("%Y-%m-%d %H:%M UTC")
        .to_string();
    lines.push(format!("{key}\t{}:{}\t{when}", head.event_id, head.hash));
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(mut out) = crate::files::OutputFile::create_new(file, true, &[], 0o600)
        && out.write_all((lines.join("\n") + "\n").as_bytes()).is_ok()
    {
        let _ = out.commit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_head_is_read_back_for_its_database_only() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        let file = dir.path().join("cache/verified-heads");
        let head = |id, c: char| Head {
            event_id: id,
            hash: c.to_string().repeat(64),
        };
        assert_eq!(read_in(&file, &a), None);
        record_in(&file, &a, &head(7, 'a'));
        record_in(&file, &b, &head(9, 'b'));
        record_in(&file, &a, &head(8, 'c'));
        assert_eq!(read_in(&file, &a).map(|(h, _)| h), Some(head(8, 'c')));
        assert_eq!(read_in(&file, &b).map(|(h, _)| h), Some(head(9, 'b')));
        // A damaged line is no head at all.
        std::fs::write(
            &file,
            format!("{}\t12:xyz\tnow\n", a.canonicalize().unwrap().display()),
        )
        .unwrap();
        assert_eq!(read_in(&file, &a), None);
    }
}
