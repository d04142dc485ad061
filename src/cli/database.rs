//! The database as a file on a server: `init`, `upgrade`, `doctor`, and the officers' table.

use super::output::{print_line, print_table};
use super::{CliError, EXIT_FAILURE, EXIT_OK};
use crate::domain::Date;
use crate::i18n::{CmdMsg, Lang};
use crate::store::officers::OfficerChange;
use crate::store::{Sharing, Store};
use clap::{Args, Subcommand};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  certdesk init /srv/certdesk/office.db --sharing group\n  certdesk init ~/certdesk.db"
)]
pub struct InitArgs {
    /// Where to create it [default: --db / CERTDESK_DB, or certdesk.db in the user data folder]
    pub path: Option<PathBuf>,
    /// personal: only you (0600); group: you and your group (0660) — whatever the umask.
    /// [default: group in a setgid folder, personal elsewhere]
    #[arg(long, value_parser = ["personal", "group"])]
    pub sharing: Option<String>,
}

pub fn init(a: &InitArgs, db: Option<&Path>, today: Date, lang: Lang) -> Result<u8, CliError> {
    let (path, default) = match (&a.path, db) {
        (Some(p), _) => (p.clone(), false),
        (None, db) => super::db_path(db.map(Path::to_path_buf))?,
    };
    if default && let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::failure(lang.f(
                CmdMsg::InitCannotCreateFolder,
                &[("path", &dir.display()), ("why", &e)],
            ))
        })?;
    }
    let sharing = match a.sharing.as_deref() {
        Some("group") => Sharing::Group,
        Some(_) => Sharing::Personal,
        None => Sharing::default_for(&path),
    };
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(CliError::usage(
            lang.f(CmdMsg::InitExists, &[("path", &path.display())]),
        ));
    }
    Store::create(&path, today, sharing)?;
    print_line(&lang.f(
        crate::i18n::CliMsg::DatabaseCreated,
        &[
            ("path", &path.display()),
            ("sharing", &sharing.as_str()),
            ("mode", &format!("{:04o}", sharing.mode())),
        ],
    ))?;
    Ok(EXIT_OK)
}

pub fn upgrade(store: &Store, lang: Lang) -> Result<u8, CliError> {
    use crate::i18n::CliMsg;
    let (path, to) = (store.path().display(), crate::store::SCHEMA_VERSION);
    match store.upgraded_from() {
        Some(from) => print_line(&lang.f(
            CliMsg::Upgraded,
            &[("path", &path), ("from", &from), ("to", &to)],
        ))?,
        None => print_line(&lang.f(CliMsg::UpToDate, &[("path", &path), ("to", &to)]))?,
    }
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
#[command(
    after_help = "Checks the database file, its folder, its -wal/-shm files and the file system, for both ways of sharing\n\
(README: \"Sharing one database\"). Exit 0 when nothing needs fixing, 1 otherwise."
)]
pub struct DoctorArgs {
    /// Also check the backups in this folder (readable by others?)
    #[arg(long, value_name = "DIR")]
    pub backups: Option<PathBuf>,
}

/// One finding of `doctor` or `check`: what is wrong and the command that fixes it.
pub struct Finding {
    pub problem: String,
    pub fix: String,
}

/// What is wrong with the files of the database at `db` for sharing it safely.
pub fn deployment_findings(db: &Path, lang: Lang) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut add = |problem: String, fix: String| found.push(Finding { problem, fix });
    let Ok(meta) = std::fs::metadata(db) else {
        add(
            lang.f(CmdMsg::FindingUnreadable, &[("path", &db.display())]),
            lang.t(CmdMsg::FixCheckPath).into(),
        );
        return found;
    };
    let mode = meta.mode() & 0o7777;
    if mode & 0o007 != 0 {
        add(
            lang.f(
                CmdMsg::FindingOthers,
                &[
                    ("path", &db.display()),
                    ("access", &lang.t(others(mode))),
                    ("mode", &format!("{mode:04o}")),
                ],
            ),
            format!("chmod o-rwx {}", db.display()),
        );
    }
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Ok(d) = std::fs::metadata(&dir) {
        let dmode = d.mode() & 0o7777;
        if dmode & 0o002 != 0 {
            add(
                lang.f(
                    CmdMsg::FindingFolderWritable,
                    &[("path", &dir.display()), ("mode", &format!("{dmode:04o}"))],
                ),
                format!("chmod o-w {}", dir.display()),
            );
        }
        let group_mode = mode & 0o020 != 0;
        if group_mode && dmode & 0o2000 == 0 {
            add(
                lang.f(CmdMsg::FindingNotSetgid, &[("path", &dir.display())]),
                format!("chmod g+s {}", dir.display()),
            );
        }
        if group_mode && d.gid() != meta.gid() {
            add(
                lang.f(
                    CmdMsg::FindingFolderGroup,
                    &[
                        ("folder", &group_name(d.gid())),
                        ("database", &group_name(meta.gid())),
                    ],
                ),
                format!("chgrp {} {}", group_name(meta.gid()), dir.display()),
            );
        }
    }
    for suffix in ["-wal", "-shm"] {
        let mut p = db.as_os_str().to_os_string();
        p.push(suffix);
        let p = PathBuf::from(p);
        if let Ok(m) = std::fs::metadata(&p) {
            let m_mode = m.mode() & 0o777;
            if m_mode != mode & 0o777 || m.gid() != meta.gid() {
                add(
                    lang.f(
                        CmdMsg::FindingWalMode,
                        &[
                            ("path", &p.display()),
                            ("mode", &format!("{m_mode:04o}")),
                            ("group", &group_name(m.gid())),
                            ("db_mode", &format!("{:04o}", mode & 0o777)),
                            ("db_group", &group_name(meta.gid())),
                        ],
                    ),
                    lang.f(
                        CmdMsg::FixWalMode,
                        &[
                            ("group", &group_name(meta.gid())),
                            ("path", &p.display()),
                            ("mode", &format!("{:o}", mode & 0o777)),
                        ],
                    ),
                );
            }
        }
    }
    if let Some(fs) = network_file_system(&dir) {
        add(
            lang.f(CmdMsg::FindingNetwork, &[("fs", &fs)]),
            lang.t(CmdMsg::FixLocalDisk).into(),
        );
    }
    found
}

/// A group's name, or its number when the system has none.
fn group_name(gid: u32) -> String {
    nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(gid))
        .ok()
        .flatten()
        .map_or(gid.to_string(), |g| g.name)
}

/// The backups in `dir` that others can read or write.
pub fn backup_findings(dir: &Path, lang: Lang) -> Result<Vec<Finding>, CliError> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)
        .map_err(|e| {
            CliError::usage(lang.f(
                CmdMsg::BackupsFolder,
                &[("path", &dir.display()), ("why", &e)],
            ))
        })?
        .flatten()
    {
        if let Ok(m) = entry.metadata()
            && m.is_file()
            && m.mode() & 0o007 != 0
        {
            found.push(Finding {
                problem: lang.f(
                    CmdMsg::FindingBackup,
                    &[
                        ("path", &entry.path().display()),
                        ("access", &lang.t(others(m.mode()))),
                        ("mode", &format!("{:04o}", m.mode() & 0o777)),
                    ],
                ),
                fix: format!("chmod o-rwx {}", entry.path().display()),
            });
        }
    }
    Ok(found)
}

fn others(mode: u32) -> CmdMsg {
    match (mode & 0o004 != 0, mode & 0o002 != 0) {
        (true, true) => CmdMsg::AccessReadWrite,
        (true, false) => CmdMsg::AccessRead,
        (false, true) => CmdMsg::AccessWrite,
        (false, false) => CmdMsg::AccessUse,
    }
}

/// The kind of network file system `dir` is on, if it is on one.
fn network_file_system(dir: &Path) -> Option<&'static str> {
    let fs = nix::sys::statfs::statfs(dir).ok()?;
    // f_type magic numbers from statfs(2).
    Some(match fs.filesystem_type().0 as i64 {
        0x6969 => "NFS",
        0x517b => "SMB",
        0xfe534d42 => "SMB2",
        0xff534d42 => "CIFS",
        0x65735546 => "FUSE",
        0x564c => "NCP",
        0x5346414f => "AFS",
        0x47504653 => "GPFS",
        0x0bd00bd0 => "Lustre",
        _ => return None,
    })
}

pub fn doctor(db: &Path, a: &DoctorArgs, lang: Lang) -> Result<u8, CliError> {
    let store = Store::open_read_only(db, super::today(None))?;
    let meta = std::fs::metadata(db)?;
    let mut findings = deployment_findings(db, lang);
    let me = nix::unistd::getuid().as_raw();
    let owner = crate::identity::account_name(meta.uid());
    let group = group_name(meta.gid());
    let mode = meta.mode() & 0o777;
    let way = if mode & 0o020 != 0 {
        CmdMsg::DoctorGroupMode
    } else if meta.uid() != me {
        CmdMsg::DoctorServiceMode
    } else {
        CmdMsg::DoctorPersonal
    };
    print_line(&lang.f(
        CmdMsg::DoctorHead,
        &[
            ("path", &store.path().display()),
            ("owner", &owner),
            ("group", &group),
            ("mode", &format!("{mode:04o}")),
            ("way", &lang.t(way)),
        ],
    ))?;
    print_line(&lang.f(CmdMsg::DoctorActor, &[("actor", &store.actor())]))?;
    if mode & 0o020 != 0 {
        let mine = nix::unistd::getgroups().unwrap_or_default();
        if me != 0 && !mine.iter().any(|g| g.as_raw() == meta.gid()) {
            findings.push(Finding {
                problem: lang.f(CmdMsg::DoctorNotInGroup, &[("group", &group)]),
                fix: lang.f(
                    CmdMsg::DoctorJoinGroup,
                    &[("group", &group), ("actor", &store.actor())],
                ),
            });
        }
    }
    if let Some(dir) = &a.backups {
        findings.extend(backup_findings(dir, lang)?);
    }
    if findings.is_empty() {
        print_line(lang.t(CmdMsg::DoctorOk))?;
        return Ok(EXIT_OK);
    }
    for f in &findings {
        print_line(&lang.f(
            CmdMsg::DoctorFinding,
            &[("problem", &f.problem), ("fix", &f.fix)],
        ))?;
    }
    Ok(EXIT_FAILURE)
}

#[derive(Debug, Args)]
pub struct OfficerArgs {
    #[command(subcommand)]
    pub command: OfficerCommand,
}

#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// Add an officer or change their particulars (each change is an event)
    #[command(
        after_help = "Example: certdesk officer set zhang.wei --name 张伟 --cert-no 执法证 11010023"
    )]
    Set {
        /// The login name the officer's acts are recorded under
        login: String,
        /// The name shown beside the login (e.g. 张伟)
        #[arg(long)]
        name: Option<String>,
        /// The officer's law-enforcement certificate number
        #[arg(long)]
        cert_no: Option<String>,
        /// Department
        #[arg(long)]
        dept: Option<String>,
        /// Kinds of body the officer may inspect: cb, cma or cb,cma
        #[arg(long)]
        kinds: Option<String>,
        /// The authority the officer works for (e.g. 深圳市南山区市场监督管理局)
        #[arg(long)]
        authority: Option<String>,
        /// The authority's jurisdiction, a GB/T 2260 region prefix the screens open on: 44 a
        /// province, 4403 a city, 440305 a county (440300 reads as 4403); `none` removes it
        #[arg(long, value_name = "CODE")]
        jurisdiction: Option<String>,
    },
    /// List the officers
    List,
}

pub fn officer(store: &mut Store, a: &OfficerArgs, lang: Lang) -> Result<u8, CliError> {
    if let OfficerCommand::Set {
        login,
        name,
        cert_no,
        dept,
        kinds,
        authority,
        jurisdiction,
    } = &a.command
    {
        let jurisdiction = match jurisdiction.as_deref().map(str::trim) {
            None => None,
            Some("none") => Some(None),
            Some(code) => Some(Some(super::known_region(
                store,
                code,
                lang,
                "--jurisdiction",
            )?)),
        };
        let o = store.set_officer(
            login,
            &OfficerChange {
                name: name.clone(),
                cert_no: cert_no.clone(),
                dept: dept.clone(),
                kinds: kinds.clone(),
                authority: authority.clone(),
                jurisdiction,
            },
        )?;
        print_line(&lang.f(
            crate::i18n::CliMsg::OfficerRecorded,
            &[("login", &o.login), ("version", &o.version)],
        ))?;
        return Ok(EXIT_OK);
    }
    let rows: Vec<Vec<String>> = store
        .officers()?
        .into_iter()
        .map(|o| {
            let region = crate::domain::region::Region::parse(&o.jurisdiction)
                .map(|r| crate::i18n::region_label(lang, &r))
                .unwrap_or(o.jurisdiction);
            vec![
                o.login,
                o.name,
                o.cert_no,
                o.dept,
                o.kinds,
                o.authority,
                region,
            ]
        })
        .collect();
    print_table(
        &mut super::output::stdout(),
        &[
            "login",
            "name",
            "cert_no",
            "dept",
            "kinds",
            "authority",
            "jurisdiction",
        ],
        &rows,
    )?;
    Ok(EXIT_OK)
}
