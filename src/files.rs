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
    #[error(
        "cannot write {}: its folder {} cannot be opened: {source}; nothing was left behind",
        .path.display(),
        .folder.display()
    )]
    FolderIo {
        path: PathBuf,
        folder: PathBuf,
        source: io::Error,
    },
}

impl OutputError {
    /// Exit code: a path the user must change is a usage error (2); an I/O failure is 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            OutputError::Io { .. } | OutputError::FolderIo { .. } => 1,
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

/// The database file and the files SQLite keeps beside it: what no output may replace. When
/// the path given is a symlink, SQLite keeps them beside the file it points to: both count.
pub fn database_files(db: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let real = db.canonicalize().ok();
    for base in std::iter::once(db.to_path_buf()).chain(real) {
        files.push(base.clone());
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = base.as_os_str().to_os_string();
            name.push(suffix);
            files.push(PathBuf::from(name));
        }
    }
    files
}

/// The folder of `path` and its last component (which must be a plain name).
fn split(path: &Path) -> Option<(PathBuf, std::ffi::OsString)> {
    let name = match path.components().next_back()? {
        std::path::Component::Normal(n) => n.to_os_string(),
        _ => return None,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some((dir, name))
}

/// An output being written: `Write` goes to the temporary file; `commit` puts it in place.
/// Everything after `create` goes through one handle on the destination's folder, so swapping
/// a symlink in the path meanwhile cannot redirect the rename onto another file.
pub struct OutputFile {
    dest: PathBuf,
    dir: File,
    name: std::ffi::OsString,
    tmp: Option<std::ffi::OsString>,
    file: Option<File>,
    force: bool,
}

impl OutputFile {
    /// Start writing `dest`, refusing it when it exists (unless `force`) or when it is one of
    /// `protected` (the database files: refused even with `force`).
    pub fn create_new(
        dest: &Path,
        force: bool,
        protected: &[PathBuf],
        mode: u32,
    ) -> Result<OutputFile, OutputError> {
        use nix::fcntl::AtFlags;
        use nix::fcntl::{OFlag, openat};
        use nix::sys::stat::{Mode, fstatat};
        let io = |source| OutputError::Io {
            path: dest.to_path_buf(),
            source,
        };
        let (dir_path, name) =
            split(dest).ok_or_else(|| OutputError::Folder(dest.to_path_buf()))?;
        let dir = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(nix::libc::O_DIRECTORY | nix::libc::O_CLOEXEC)
            .open(&dir_path)
            .map_err(|source| OutputError::FolderIo {
                path: dest.to_path_buf(),
                folder: dir_path.clone(),
                source,
            })?;
        let dir_meta = dir.metadata().map_err(io)?;
        let existing = fstatat(&dir, name.as_os_str(), AtFlags::AT_SYMLINK_NOFOLLOW).ok();
        for p in protected {
            // The same name in the same folder (whatever path led to it), or the same file.
            let same_name = match (split(p), p.file_name()) {
                (Some((pdir, _)), Some(pname)) => {
                    pname == name.as_os_str()
                        && std::fs::metadata(&pdir)
                            .is_ok_and(|m| m.dev() == dir_meta.dev() && m.ino() == dir_meta.ino())
                }
                _ => false,
            };
            let same_file = match (&existing, std::fs::metadata(p)) {
                (Some(a), Ok(b)) => a.st_dev == b.dev() && a.st_ino == b.ino(),
                _ => false,
            };
            if same_name || same_file {
                return Err(OutputError::Database(dest.to_path_buf()));
            }
        }
        if let Some(st) = &existing {
            if st.st_mode & nix::libc::S_IFMT == nix::libc::S_IFDIR {
                return Err(OutputError::Folder(dest.to_path_buf()));
            }
            if !force {
                return Err(OutputError::Exists(dest.to_path_buf()));
            }
        }
        let mut attempt = 0u32;
        loop {
            let tmp = std::ffi::OsString::from(format!(
                ".{}.{}-{attempt}.certdesk-tmp",
                name.to_string_lossy(),
                std::process::id()
            ));
            match openat(
                &dir,
                tmp.as_os_str(),
                OFlag::O_WRONLY
                    | OFlag::O_CREAT
                    | OFlag::O_EXCL
                    | OFlag::O_NOFOLLOW
                    | OFlag::O_CLOEXEC,
                Mode::from_bits_truncate(mode),
            ) {
                Ok(fd) => {
                    let file = File::from(fd);
                    // The umask narrowed the mode at creation; set exactly what was asked.
                    let out = OutputFile {
                        dest: dest.to_path_buf(),
                        dir,
                        name,
                        tmp: Some(tmp),
                        file: Some(file),
                        force,
                    };
                    if let Some(f) = &out.file {
                        f.set_permissions(std::fs::Permissions::from_mode(mode))
                            .map_err(io)?;
                    }
                    return Ok(out);
                }
                Err(nix::errno::Errno::EEXIST) if attempt < 100 => attempt += 1,
                Err(e) => return Err(io(io::Error::from(e))),
            }
        }
    }

    /// A path to the temporary file for writers that need one (`VACUUM INTO`, which accepts
    /// an existing empty file, and SQLite creating a database): through this process's handle
    /// on the folder, so it names this very file whatever happens to the path meanwhile.
    pub fn temporary_path(&self) -> PathBuf {
        use std::os::fd::AsRawFd;
        let tmp = self.tmp.clone().unwrap_or_default();
        PathBuf::from(format!("/proc/self/fd/{}", self.dir.as_raw_fd())).join(tmp)
    }

    /// Make the written file durable and put it at its destination.
    pub fn commit(mut self) -> Result<(), OutputError> {
        use nix::fcntl::{RenameFlags, renameat2};
        let io = |source| OutputError::Io {
            path: self.dest.clone(),
            source,
        };
        if let Some(f) = self.file.take() {
            f.sync_all().map_err(io)?;
        }
        let tmp = self.tmp.clone().unwrap_or_default();
        let flags = if self.force {
            RenameFlags::empty()
        } else {
            RenameFlags::RENAME_NOREPLACE
        };
        match renameat2(
            &self.dir,
            tmp.as_os_str(),
            &self.dir,
            self.name.as_os_str(),
            flags,
        ) {
            Ok(()) => {}
            Err(nix::errno::Errno::EEXIST) => return Err(OutputError::Exists(self.dest.clone())),
            // A file system without RENAME_NOREPLACE: a hard link never replaces either.
            Err(nix::errno::Errno::EINVAL) if !self.force => {
                nix::unistd::linkat(
                    &self.dir,
                    tmp.as_os_str(),
                    &self.dir,
                    self.name.as_os_str(),
                    nix::fcntl::AtFlags::empty(),
                )
                .map_err(|e| match e {
                    nix::errno::Errno::EEXIST => OutputError::Exists(self.dest.clone()),
                    e => io(io::Error::from(e)),
                })?;
                let _ = nix::unistd::unlinkat(
                    &self.dir,
                    tmp.as_os_str(),
                    nix::unistd::UnlinkatFlags::NoRemoveDir,
                );
            }
            Err(e) => return Err(io(io::Error::from(e))),
        }
        self.tmp = None;
        // The new name is durable only once the folder is.
        let _ = self.dir.sync_all();
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
        if let Some(tmp) = &self.tmp {
            let _ = nix::unistd::unlinkat(
                &self.dir,
                tmp.as_os_str(),
                nix::unistd::UnlinkatFlags::NoRemoveDir,
            );
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
        let mut out = OutputFile::create_new(&dest, false, &[], 0o640).unwrap();
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
            OutputFile::create_new(&dest, false, &[], 0o600),
            Err(OutputError::Exists(_))
        ));
        let link = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        assert!(matches!(
            OutputFile::create_new(&link, false, &[], 0o600),
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
                    OutputFile::create_new(&p, true, &protected, 0o600),
                    Err(OutputError::Database(_))
                ),
                "{victim}"
            );
        }
        // Another name for the database: a hard link, or a path through "..".
        let hard = dir.path().join("alias");
        std::fs::hard_link(&db, &hard).unwrap();
        assert!(matches!(
            OutputFile::create_new(&hard, true, &protected, 0o600),
            Err(OutputError::Database(_))
        ));
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let dotted = dir.path().join("sub/../o.db");
        assert!(matches!(
            OutputFile::create_new(&dotted, true, &protected, 0o600),
            Err(OutputError::Database(_))
        ));
        assert_eq!(std::fs::read(&db).unwrap(), b"db");

        let other = dir.path().join("old.csv");
        std::fs::write(&other, b"old").unwrap();
        let mut out = OutputFile::create_new(&other, true, &protected, 0o600).unwrap();
        out.write_all(b"new").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read(&other).unwrap(), b"new");
    }

    #[test]
    fn a_symlink_swapped_after_the_checks_does_not_redirect_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(b.join("o.db"), b"the database").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&a, &link).unwrap();
        let protected = database_files(&b.join("o.db"));
        let mut out = OutputFile::create_new(&link.join("o.db"), true, &protected, 0o600).unwrap();
        out.write_all(b"export").unwrap();
        // The attacker points the folder at the database's folder between check and rename.
        std::fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(&b, &link).unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read(b.join("o.db")).unwrap(), b"the database");
        assert_eq!(std::fs::read(a.join("o.db")).unwrap(), b"export");
    }

    #[test]
    fn the_wal_beside_a_symlinked_database_is_protected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let db = dir.path().join("real/o.db");
        std::fs::write(&db, b"db").unwrap();
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        let protected = database_files(&link);
        for victim in ["real/o.db-wal", "real/o.db-shm", "link.db-wal"] {
            assert!(
                matches!(
                    OutputFile::create_new(&dir.path().join(victim), true, &protected, 0o600),
                    Err(OutputError::Database(_))
                ),
                "{victim}"
            );
        }
    }

    #[test]
    fn an_abandoned_output_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("half.csv");
        {
            let mut out = OutputFile::create_new(&dest, false, &[], 0o600).unwrap();
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
