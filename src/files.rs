//! Files certdesk writes for the user (exports, rejects, backups): never over a file it did not
//! create, never through a symlink, never over the open database, and never half-written.
//!
//! Each is written to a new temporary file beside the destination (`O_EXCL | O_NOFOLLOW`, an
//! explicit mode whatever the umask) and linked into place only when complete, without
//! replacing anything (`renameat2(RENAME_NOREPLACE)`); a failure (a full disk, a broken pipe,
//! an error halfway) leaves no file behind. `--force` replaces an existing file — but never
//! the database or its `-wal`, `-shm` and `-journal`.

use std::fs::File;
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Why an output file was not created.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "{} already exists; certdesk never overwrites a file — choose a new name, or pass --force to replace it",
        .0.display()
    )]
    Exists(PathBuf),
    #[error(
        "{} is the database certdesk is working on (or its -wal/-shm/-journal file); it is never written over, even with --force",
        .0.display()
    )]
    Database(PathBuf),
    #[error("{} is a folder; give a file name", .0.display())]
    Folder(PathBuf),
    #[error("cannot write {}: {source}; nothing was left behind", .path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl OutputError {
    /// Exit code: a path the user must change is a usage error (2); an I/O failure is 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            OutputError::Io { .. } => 1,
            _ => 2,
        }
    }
}

/// The mode of the files certdesk writes beside a database: what the database allows its
/// owner and group, never others (a personal database gives 0600, a group one 0660).
pub fn output_mode(db: Option<&Path>) -> u32 {
    db.and_then(|p| std::fs::metadata(p).ok())
        .map(|m| m.permissions().mode() & 0o660)
        .filter(|m| m & 0o600 == 0o600)
        .unwrap_or(0o600)
}

/// The database file and the files SQLite keeps beside it: what no output may replace.
pub fn database_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![db.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files
}

/// `path` with its folder resolved (symlinks in the folders followed, the last component not):
/// two spellings of one destination compare equal.
fn resolved(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(name))
}

/// An output being written: `Write` goes to the temporary file; `commit` puts it in place.
pub struct OutputFile {
    dest: PathBuf,
    tmp: PathBuf,
    file: Option<File>,
    force: bool,
}

impl OutputFile {
    /// Start writing `dest`, refusing it when it exists (unless `force`) or when it is one of
    /// `protected` (the database files: refused even with `force`).
    pub fn create(
        dest: &Path,
        force: bool,
        protected: &[PathBuf],
        mode: u32,
    ) -> Result<OutputFile, OutputError> {
        let io = |source| OutputError::Io {
            path: dest.to_path_buf(),
            source,
        };
        let target = resolved(dest).ok_or_else(|| {
            io(io::Error::new(
                io::ErrorKind::NotFound,
                "its folder does not exist",
            ))
        })?;
        let existing = std::fs::symlink_metadata(dest).ok();
        for p in protected {
            let same_name = resolved(p).is_some_and(|r| r == target);
            let same_file = match (&existing, std::fs::metadata(p)) {
                (Some(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
                _ => false,
            };
            if same_name || same_file {
                return Err(OutputError::Database(dest.to_path_buf()));
            }
        }
        if let Some(m) = &existing {
            if m.is_dir() {
                return Err(OutputError::Folder(dest.to_path_buf()));
            }
            if !force {
                return Err(OutputError::Exists(dest.to_path_buf()));
            }
        }
        let dir = target.parent().unwrap_or(Path::new("."));
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let mut attempt = 0u32;
        loop {
            let tmp = dir.join(format!(
                ".{name}.{}-{attempt}.certdesk-tmp",
                std::process::id()
            ));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_CLOEXEC)
                .open(&tmp)
            {
                Ok(file) => {
                    let out = OutputFile {
                        dest: dest.to_path_buf(),
                        tmp,
                        file: Some(file),
                        force,
                    };
                    // The umask narrowed the mode at creation; set exactly what was asked.
                    if let Some(f) = &out.file {
                        f.set_permissions(std::fs::Permissions::from_mode(mode))
                            .map_err(io)?;
                    }
                    return Ok(out);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
                Err(e) => return Err(io(e)),
            }
        }
    }

    /// The temporary file's path (for writers that need a path, such as `VACUUM INTO`, which
    /// accepts an existing empty file).
    pub fn temporary_path(&self) -> &Path {
        &self.tmp
    }

    /// Make the written file durable and put it at its destination.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let io = |source| OutputError::Io {
            path: self.dest.clone(),
            source,
        };
        if let Some(f) = self.file.take() {
            f.sync_all().map_err(io)?;
        }
        if self.force {
            std::fs::rename(&self.tmp, &self.dest).map_err(io)?;
        } else {
            match nix::fcntl::renameat2(
                nix::fcntl::AT_FDCWD,
                &self.tmp,
                nix::fcntl::AT_FDCWD,
                &self.dest,
                nix::fcntl::RenameFlags::RENAME_NOREPLACE,
            ) {
                Ok(()) => {}
                Err(nix::errno::Errno::EEXIST) => {
                    return Err(OutputError::Exists(self.dest.clone()));
                }
                // A file system without RENAME_NOREPLACE: a hard link never replaces either.
                Err(nix::errno::Errno::EINVAL) => {
                    std::fs::hard_link(&self.tmp, &self.dest).map_err(|e| {
                        if e.kind() == io::ErrorKind::AlreadyExists {
                            OutputError::Exists(self.dest.clone())
                        } else {
                            io(e)
                        }
                    })?;
                    let _ = std::fs::remove_file(&self.tmp);
                }
                Err(e) => return Err(io(io::Error::from(e))),
            }
        }
        self.tmp = PathBuf::new();
        Ok(())
    }
}

impl io::Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("the output file was already committed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for OutputFile {
    /// Not committed: remove the partial file, so a failure leaves nothing plausible behind.
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_new_file_appears_only_when_committed_with_the_mode_asked() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.csv");
        let mut out = OutputFile::create(&dest, false, &[], 0o640).unwrap();
        out.write_all(b"a,b\n").unwrap();
        assert!(!dest.exists());
        out.commit().unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"a,b\n");
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_existing_file_or_symlink_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("backup.db");
        std::fs::write(&dest, b"precious").unwrap();
        assert!(matches!(
            OutputFile::create(&dest, false, &[], 0o600),
            Err(OutputError::Exists(_))
        ));
        let link = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        assert!(matches!(
            OutputFile::create(&link, false, &[], 0o600),
            Err(OutputError::Exists(_))
        ));
        assert!(!dir.path().join("nowhere").exists());
        assert_eq!(std::fs::read(&dest).unwrap(), b"precious");
    }

    #[test]
    fn force_replaces_a_file_but_never_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("o.db");
        std::fs::write(&db, b"db").unwrap();
        let protected = database_files(&db);
        for victim in ["o.db", "o.db-wal", "o.db-shm", "o.db-journal"] {
            let p = dir.path().join(victim);
            assert!(
                matches!(
                    OutputFile::create(&p, true, &protected, 0o600),
                    Err(OutputError::Database(_))
                ),
                "{victim}"
            );
        }
        // Another name for the database: a hard link, or a path through "..".
        let hard = dir.path().join("alias");
        std::fs::hard_link(&db, &hard).unwrap();
        assert!(matches!(
            OutputFile::create(&hard, true, &protected, 0o600),
            Err(OutputError::Database(_))
        ));
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let dotted = dir.path().join("sub/../o.db");
        assert!(matches!(
            OutputFile::create(&dotted, true, &protected, 0o600),
            Err(OutputError::Database(_))
        ));
        assert_eq!(std::fs::read(&db).unwrap(), b"db");

        let other = dir.path().join("old.csv");
        std::fs::write(&other, b"old").unwrap();
        let mut out = OutputFile::create(&other, true, &protected, 0o600).unwrap();
        out.write_all(b"new").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read(&other).unwrap(), b"new");
    }

    #[test]
    fn an_abandoned_output_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("half.csv");
        {
            let mut out = OutputFile::create(&dest, false, &[], 0o600).unwrap();
            out.write_all(b"half").unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn outputs_never_give_others_access() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.db");
        std::fs::write(&db, b"").unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o664)).unwrap();
        assert_eq!(output_mode(Some(&db)), 0o660);
        assert_eq!(output_mode(None), 0o600);
    }
}
