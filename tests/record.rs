//! An honest record (issue 7): the right name on every act, no file destroyed, opening only
//! what was asked, every table explained by the log, and a rewritten history caught by a
//! recorded chain head. Each test drives the real binary on a real file.
//!
//! Tests that switch user ids (group mode, service-account mode, a read-only folder) need
//! root, as CI has; elsewhere they say so on stderr and stop.

mod common;

use common::*;
use serde_json::Value;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// The binary, as user `uid` with primary group `gid` and no other groups, under umask 022
/// (the umask that made SQLite's files 0644 before), with `env` added.
fn as_user(uid: u32, gid: u32, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new("setpriv");
    c.arg(format!("--reuid={uid}"))
        .arg(format!("--regid={gid}"))
        .arg("--clear-groups")
        .args(["sh", "-c", "umask 022; exec \"$@\"", "sh", BIN])
        .args(args)
        .env_remove("CERTDESK_DB")
        .env("CERTDESK_TODAY", TODAY)
        .env("HOME", "/nonexistent");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("setpriv (util-linux)")
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sql(db: &Path, statements: &str) {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(statements)
        .output()
        .expect("the sqlite3 tool (.ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn events(db: &Path) -> Vec<Value> {
    let out = certdesk(db)
        .args(["export", "events", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

/// Every file in `dir` with its bytes: what "left untouched" is compared against. SQLite's
/// shared-memory index (`-shm`) and an empty `-wal`, which any reader of a WAL database may
/// make beside it, are not the database and are left out.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !(name.ends_with("-shm")
                || name.ends_with("-wal") && e.metadata().is_ok_and(|m| m.len() == 0))
        })
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// A database with one approval and an act of every table's kind: bodies, qualifications,
/// scope items, follow-ups, a sanction, a credit listing, an application, an import batch,
/// the calendar, a setting and an officer.
fn populated(dir: &Path) -> PathBuf {
    let db = dir.join("p.db");
    certdesk(&db).arg("init").assert().success();
    let file = batch(dir, "b.csv", 1, 3);
    certdesk(&db).arg("import").arg(&file).assert().success();
    let no = cma_no(1);
    let act = |args: &[&str]| {
        certdesk(&db)
            .args(["act"])
            .args(args)
            .args(["--approval", &no, "--date", "2026-11-20", "--basis", "依据"])
            .assert()
            .success();
    };
    act(&[
        "suspend",
        "--deadline",
        "2027-01-20",
        "--notice-served-on",
        "2026-11-02",
        "--hearing",
        "waived",
        "--officers",
        "张伟,王芳",
        "--doc-no",
        "市监认罚〔2026〕1号",
    ]);
    act(&["lift"]);
    act(&["list-credit", "--list", "abnormal"]);
    act(&["set-bar", "--deadline", "2027-11-20"]);
    act(&["revoke", "--remove", "环境监测"]);
    certdesk(&db)
        .args(["settings", "set", "cb_verification_months", "6"])
        .assert()
        .success();
    let cal = write(dir, "2027.txt", "2027-01-01,off\n");
    certdesk(&db)
        .args(["calendar", "import"])
        .arg(&cal)
        .assert()
        .success();
    certdesk(&db)
        .args(["officer", "set", "zhang.wei", "--name", "张伟"])
        .assert()
        .success();
    certdesk(&db)
        .args(["application", "receive", "--uscc", &uscc(50)])
        .args([
            "--name",
            "乙检测有限公司",
            "--kind",
            "cma",
            "--route",
            "optimized",
        ])
        .args(["--scope", "食品检测", "--date", "2026-11-02"])
        .assert()
        .success();
    db
}

#[test]
fn the_actor_is_the_operating_systems_account_whatever_user_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    certdesk(&db).arg("init").assert().success();
    let file = batch(dir.path(), "b.csv", 1, 2);
    certdesk(&db)
        .env("USER", "zhang.wei.director")
        .env("LOGNAME", "zhang.wei.director")
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    certdesk(&db)
        .env_remove("USER")
        .env_remove("LOGNAME")
        .args(["act", "order-rectification", "--approval", &cma_no(1)])
        .args([
            "--date",
            "2026-11-20",
            "--basis",
            "依据",
            "--deadline",
            "2026-12-20",
        ])
        .assert()
        .success();
    let me = certdesk::identity::account_name(nix::unistd::getuid().as_raw());
    let all = events(&db);
    assert!(all.len() >= 4);
    for e in &all {
        assert_eq!(e["actor"], me.as_str(), "{e}");
    }
    let c = rusqlite::Connection::open(&db).unwrap();
    let by: Vec<String> = c
        .prepare("SELECT updated_by FROM qualification UNION SELECT updated_by FROM body UNION SELECT imported_by FROM import_batch")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(by, std::slice::from_ref(&me));
    // The office's name for the login is shown beside it, never instead of it.
    certdesk(&db)
        .args([
            "officer",
            "set",
            &me,
            "--name",
            "张伟",
            "--cert-no",
            "11010023",
        ])
        .assert()
        .success();
    let shown = certdesk(&db).args(["show", &cma_no(1)]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains(&format!("{me} (张伟)")),
        "{}",
        text(&shown)
    );
    // An account the system has no name for is recorded by number.
    if is_root() {
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        for f in certdesk::files::database_files(&db) {
            if f.exists() {
                std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o666)).unwrap();
            }
        }
        let out = as_user(
            4_000_123,
            4_000_123,
            &[("USER", "root")],
            &[
                "--db",
                db.to_str().unwrap(),
                "officer",
                "set",
                "someone",
                "--name",
                "某人",
            ],
        );
        assert!(out.status.success(), "{}", text(&out));
        let last = events(&db).pop().unwrap();
        assert_eq!(last["actor"], "uid:4000123", "{last}");
    }
}

#[test]
fn a_second_officer_in_the_group_writes_whatever_the_umask() {
    if !is_root() {
        eprintln!("skipped: switching user ids needs root");
        return;
    }
    let (alice, bob, group) = (4_100_001, 4_100_002, 4_100_000);
    let top = tempfile::tempdir().unwrap();
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let shared = top.path().join("srv");
    std::fs::create_dir(&shared).unwrap();
    nix::unistd::chown(
        &shared,
        Some(nix::unistd::Uid::from_raw(alice)),
        Some(nix::unistd::Gid::from_raw(group)),
    )
    .unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let db = shared.join("office.db");
    let dbs = db.to_str().unwrap();
    let file = batch(top.path(), "b.csv", 1, 2);

    let out = as_user(alice, group, &[], &["init", dbs]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("group mode"));
    assert_eq!(mode(&db), 0o660, "group mode whatever the umask");
    let out = as_user(
        alice,
        group,
        &[],
        &["--db", dbs, "import", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));

    // Bob, in the group, acts first after everyone closed: he creates the -wal and -shm.
    let act = |uid: u32, reason: &str| {
        as_user(
            uid,
            group,
            &[],
            &[
                "--db",
                dbs,
                "act",
                "order-rectification",
                "--approval",
                &cma_no(1),
                "--date",
                "2026-11-20",
                "--basis",
                "依据",
                "--deadline",
                "2026-12-20",
                "--reason",
                reason,
            ],
        )
    };
    let out = act(bob, "bob");
    assert!(out.status.success(), "{}", text(&out));
    for suffix in ["-wal", "-shm"] {
        let p = PathBuf::from(format!("{dbs}{suffix}"));
        if let Ok(m) = std::fs::metadata(&p) {
            assert_eq!(m.mode() & 0o777, 0o660, "{suffix}");
            assert_eq!(m.gid(), group, "{suffix} keeps the folder's group");
        }
    }
    // Hold the -wal and -shm open (a reader in another session) so they exist for Alice.
    let reader =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    reader
        .query_row("SELECT count(*) FROM event", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let out = act(bob, "bob again");
    assert!(out.status.success(), "{}", text(&out));
    let out = act(alice, "alice after bob");
    assert!(
        out.status.success(),
        "Alice is not locked out: {}",
        text(&out)
    );
    drop(reader);
    let names: Vec<String> = events(&db)
        .iter()
        .map(|e| e["actor"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"uid:4100001".to_string()), "{names:?}");
    assert!(names.contains(&"uid:4100002".to_string()), "{names:?}");

    // Someone outside the group can neither read nor act.
    let out = as_user(4_100_009, 4_100_009, &[], &["--db", dbs, "queue"]);
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn sudo_uid_names_the_officer_only_when_certdesk_runs_as_the_files_owner() {
    if !is_root() {
        eprintln!("skipped: switching user ids needs root");
        return;
    }
    let service = 4_200_001;
    let top = tempfile::tempdir().unwrap();
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let home = top.path().join("certdesk");
    std::fs::create_dir(&home).unwrap();
    nix::unistd::chown(
        &home,
        Some(nix::unistd::Uid::from_raw(service)),
        Some(nix::unistd::Gid::from_raw(service)),
    )
    .unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    let db = home.join("office.db");
    let dbs = db.to_str().unwrap();
    let out = as_user(service, service, &[], &["init", dbs]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(mode(&db), 0o600);

    // As the service account (what `sudo -u certdesk` gives), sudo's SUDO_UID is the officer.
    let officer = as_user(
        service,
        service,
        &[("SUDO_UID", "4200077"), ("SUDO_USER", "forged")],
        &["--db", dbs, "officer", "set", "x", "--name", "甲"],
    );
    assert!(officer.status.success(), "{}", text(&officer));
    assert_eq!(events(&db).pop().unwrap()["actor"], "uid:4200077");
    // Any other account (here root, who can read the file) is itself, SUDO_UID or not.
    let other = certdesk(&db)
        .env("SUDO_UID", "4200077")
        .args(["officer", "set", "y", "--name", "乙"])
        .output()
        .unwrap();
    assert!(other.status.success(), "{}", text(&other));
    assert_eq!(events(&db).pop().unwrap()["actor"], "root");
}

#[test]
fn no_output_flag_destroys_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let backup = dir.path().join("old-backup.db");
    std::fs::write(&backup, b"an earlier backup").unwrap();
    let target = dir.path().join("target.txt");
    std::fs::write(&target, b"someone's file").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let dangling = dir.path().join("dangling.db");
    std::os::unix::fs::symlink(dir.path().join("made-through-link"), &dangling).unwrap();
    let bad_rows = write(
        dir.path(),
        "bad.csv",
        &format!("{HEADER_EN}\n{}\n", row(70, "general").replace(",B", ",Z")),
    );

    type Cmd<'a> = Box<dyn Fn(&Path, bool) -> Output + 'a>;
    let commands: Vec<(&str, Cmd)> = vec![
        (
            "export --out",
            Box::new(|p, force| {
                let mut c = certdesk(&db);
                c.args(["export", "qualifications", "--out"]).arg(p);
                if force {
                    c.arg("--force");
                }
                c.output().unwrap()
            }),
        ),
        (
            "import --rejects",
            Box::new(|p, force| {
                let mut c = certdesk(&db);
                c.arg("import")
                    .arg(&bad_rows)
                    .args(["--skip-invalid", "--rejects"])
                    .arg(p);
                if force {
                    c.arg("--force");
                }
                c.output().unwrap()
            }),
        ),
        (
            "backup",
            Box::new(|p, force| {
                let mut c = certdesk(&db);
                c.arg("backup").arg(p);
                if force {
                    c.arg("--force");
                }
                c.output().unwrap()
            }),
        ),
    ];
    for (name, run) in &commands {
        for protected in [&db, &wal] {
            for force in [false, true] {
                let before = snapshot(dir.path());
                let out = run(protected, force);
                assert_eq!(out.status.code(), Some(2), "{name} {force}: {}", text(&out));
                assert!(
                    String::from_utf8_lossy(&out.stderr).contains("never written over"),
                    "{name}: {}",
                    text(&out)
                );
                assert_eq!(snapshot(dir.path()), before, "{name} changed nothing");
            }
        }
        for existing in [&backup, &target, &link, &dangling] {
            let before = snapshot(dir.path());
            let out = run(existing, false);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{name} {existing:?}: {}",
                text(&out)
            );
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("already exists"),
                "{}",
                text(&out)
            );
            assert_eq!(snapshot(dir.path()), before, "{name} {existing:?}");
            assert!(!dir.path().join("made-through-link").exists());
        }
    }
    assert_eq!(std::fs::read(&backup).unwrap(), b"an earlier backup");
    assert_eq!(std::fs::read(&target).unwrap(), b"someone's file");
    certdesk(&db).arg("check").assert().success();

    // --force replaces a file of the user's, never what a symlink points at.
    let out = certdesk(&db)
        .args(["export", "bodies", "--force", "--out"])
        .arg(&link)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read(&target).unwrap(), b"someone's file");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());

    // New files are never readable by others (the database is personal: 0600).
    let fresh = dir.path().join("fresh.csv");
    certdesk(&db)
        .args(["export", "events", "--out"])
        .arg(&fresh)
        .assert()
        .success();
    assert_eq!(mode(&fresh), 0o600);
    let copy = dir.path().join("copy.db");
    certdesk(&db).arg("backup").arg(&copy).assert().success();
    assert_eq!(mode(&copy), 0o600);
    certdesk(&copy).arg("check").assert().success();
}

#[test]
fn a_full_disk_leaves_no_partial_backup_or_export() {
    if !is_root() {
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    // Enough events that the copy cannot fit in 64 KiB.
    let more = batch(dir.path(), "more.csv", 100, 200);
    certdesk(&db).arg("import").arg(&more).assert().success();
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&small)
        .status()
        .unwrap();
    if !mounted.success() {
        eprintln!("skipped: this machine does not allow a tmpfs mount");
        return;
    }
    let backup = certdesk(&db)
        .arg("backup")
        .arg(small.join("b.db"))
        .output()
        .unwrap();
    let export = certdesk(&db)
        .args(["export", "events", "--format", "json", "--out"])
        .arg(small.join("e.json"))
        .output()
        .unwrap();
    let left: Vec<_> = std::fs::read_dir(&small).unwrap().flatten().collect();
    let _ = Command::new("umount").arg(&small).status();
    assert_eq!(backup.status.code(), Some(1), "{}", text(&backup));
    assert_eq!(export.status.code(), Some(1), "{}", text(&export));
    assert!(
        left.is_empty(),
        "nothing plausible is left behind: {:?}",
        left.iter().map(|e| e.path()).collect::<Vec<_>>()
    );
}

#[test]
fn opening_never_creates_or_converts_what_was_not_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    // A mistyped path: exit 2, the hint, no folder or file made.
    let typo = dir.path().join("srv/certdsk/office.db");
    for args in [
        vec!["queue"],
        vec!["show", "x"],
        vec!["check"],
        vec!["export", "bodies"],
        vec!["backup", "/tmp/never.db"],
        vec!["settings", "show"],
        vec!["officer", "list"],
        vec![
            "act",
            "lift",
            "--approval",
            "CNCA-R-2020-001",
            "--date",
            "2026-11-20",
            "--basis",
            "x",
        ],
    ] {
        let out = certdesk(&typo).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("create one with `certdesk init"),
            "{}",
            text(&out)
        );
        assert!(!dir.path().join("srv").exists(), "{args:?} made folders");
    }

    // Another application's SQLite file (rollback journal, no application id) stays byte-identical.
    let foreign = dir.path().join("other-app.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine');")
            .unwrap();
    }
    let before = snapshot(dir.path());
    for args in [
        vec!["queue"],
        vec!["check"],
        vec!["show", "x"],
        vec!["export", "events"],
        vec!["settings", "show"],
        vec!["upgrade"],
        vec!["demo", "--bodies", "5"],
        vec!["init"],
    ] {
        let out = certdesk(&foreign).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert_eq!(snapshot(dir.path()), before, "{args:?} touched the file");
    }
    let out = certdesk(&foreign).arg("check").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a certdesk database"));
    let out = certdesk(&foreign)
        .arg("import")
        .arg(batch(dir.path(), "x.csv", 1, 1))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    std::fs::remove_file(dir.path().join("x.csv")).unwrap();
    assert_eq!(snapshot(dir.path()), before);

    // A database of a newer certdesk is refused untouched.
    let newer = dir.path().join("newer.db");
    certdesk(&newer).arg("init").assert().success();
    sql(&newer, "PRAGMA user_version = 99;");
    let before = snapshot(dir.path());
    for args in [vec!["queue"], vec!["check"], vec!["officer", "list"]] {
        let out = certdesk(&newer).args(&args).output().unwrap();
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("newer than this certdesk"),
            "{}",
            text(&out)
        );
        assert_eq!(snapshot(dir.path()), before, "{args:?}");
    }

    // init never replaces; demo and import say they created one.
    let out = certdesk(&newer).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let fresh = dir.path().join("fresh.db");
    let out = certdesk(&fresh)
        .arg("import")
        .arg(batch(dir.path(), "y.csv", 1, 1))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("created a new database at"),
        "{}",
        text(&out)
    );
}

#[test]
fn read_only_commands_work_from_a_folder_the_user_cannot_write() {
    if !is_root() {
        eprintln!("skipped: a read-only folder needs another user id (root ignores modes)");
        return;
    }
    let top = tempfile::tempdir().unwrap();
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let ro = top.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let db = populated(&ro);
    std::fs::remove_file(ro.join("b.csv")).unwrap();
    std::fs::remove_file(ro.join("2027.txt")).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&ro);
    let dbs = db.to_str().unwrap();
    let reader = 4_300_001;
    for args in [
        vec!["--db", dbs, "queue"],
        vec!["--db", dbs, "show", &cma_no(1)],
        vec!["--db", dbs, "export", "qualifications", "--format", "json"],
        vec!["--db", dbs, "check"],
    ] {
        let out = as_user(reader, reader, &[], &args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
        assert_eq!(snapshot(&ro), before, "{args:?} changed the folder");
    }
    // Writing is refused with a clear message, and still nothing changes.
    let out = as_user(
        reader,
        reader,
        &[],
        &["--db", dbs, "officer", "set", "z", "--name", "丙"],
    );
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(snapshot(&ro), before);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Each table edited with the sqlite3 tool, behind the log, is named by `check`: table, key,
/// column, the stored and the expected value, and the event.
#[test]
fn every_table_edited_behind_the_log_is_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let base = populated(dir.path());
    certdesk(&base).arg("check").assert().success();
    let no = cma_no(1);
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "body",
            format!("UPDATE body SET name = '改名' WHERE uscc = '{}'", uscc(1)),
            vec![format!("body {}", uscc(1)), "name is 改名".into()],
        ),
        (
            "qualification",
            format!(
                "UPDATE qualification SET doc_no = '伪造〔2026〕9号' WHERE approval_no = '{no}'"
            ),
            vec![
                format!("qualification {no}"),
                "doc_no is 伪造〔2026〕9号".into(),
            ],
        ),
        (
            "scope_item",
            "UPDATE scope_item SET status = 'active' WHERE status = 'revoked'".into(),
            vec![
                "scope_item row".into(),
                "status is active".into(),
                "says revoked".into(),
            ],
        ),
        (
            "follow_up",
            "DELETE FROM follow_up WHERE kind = 'publication'".into(),
            vec!["follow_up row".into(), "not in the table".into()],
        ),
        (
            "sanction",
            "DELETE FROM sanction".into(),
            vec!["sanction row".into(), "deleted outside certdesk".into()],
        ),
        (
            "credit_listing",
            "DELETE FROM credit_listing".into(),
            vec!["credit_listing row".into()],
        ),
        (
            "body bar",
            "UPDATE body SET bar_until = NULL".into(),
            vec!["bar_until is NULL".into(), "says 2027-11-20".into()],
        ),
        (
            "application",
            "UPDATE application SET status = 'granted'".into(),
            vec!["application row".into(), "status is granted".into()],
        ),
        (
            "import_batch",
            "UPDATE import_batch SET imported_by = 'director'".into(),
            vec!["import_batch".into(), "imported_by is director".into()],
        ),
        (
            "calendar_day",
            "INSERT INTO calendar_day (day, kind, source) VALUES ('2027-10-01', 'off', 'forged')"
                .into(),
            vec!["calendar_day 2027-10-01".into(), "is not in the log".into()],
        ),
        (
            "setting",
            "UPDATE setting SET value = '1'".into(),
            vec!["setting cb_verification_months".into(), "value is 1".into()],
        ),
        (
            "officer",
            "UPDATE officer SET name = '李四'".into(),
            vec!["officer zhang.wei".into(), "name is 李四".into()],
        ),
    ];
    for (i, (table, statement, expected)) in cases.iter().enumerate() {
        let db = dir.path().join(format!("t{i}.db"));
        std::fs::copy(&base, &db).unwrap();
        sql(&db, statement);
        let out = certdesk(&db).arg("check").output().unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{table}: {report}");
        assert!(
            report.contains("register matches the log: FAILED"),
            "{table}: {report}"
        );
        for e in expected {
            assert!(
                report.contains(e.as_str()),
                "{table}: '{e}' missing in\n{report}"
            );
        }
        let json = certdesk(&db)
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(v["ok"], false);
        assert!(v["difference_count"].as_u64().unwrap() >= 1);
        assert!(v["differences"][0]["table"].is_string(), "{v}");
    }
}

/// Rewriting history and recomputing every hash (what anyone who can write the file can do)
/// passes the chain check; a chain head recorded elsewhere catches it.
#[test]
fn a_recomputed_chain_is_caught_by_a_recorded_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let out = certdesk(&db)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let head = format!(
        "{}:{}",
        v["head"]["event_id"].as_i64().unwrap(),
        v["head"]["hash"].as_str().unwrap()
    );
    let heads = write(
        dir.path(),
        "heads.log",
        &format!("Dec  1 certdesk: chain head: {head}\n"),
    );
    certdesk(&db)
        .args(["check", "--head", &head])
        .assert()
        .success();

    // The forger: the grant's document number rewritten, every hash after it recomputed.
    {
        use certdesk::store::events::{EVENT_COLUMNS, Event, GENESIS, chain_hash, event_from_row};
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("DROP TRIGGER event_append_only_update; UPDATE event SET doc_no = '伪造' WHERE act = 'grant';")
            .unwrap();
        let all: Vec<Event> = c
            .prepare(&format!("SELECT {EVENT_COLUMNS} FROM event ORDER BY id"))
            .unwrap()
            .query_map([], event_from_row)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut prev = GENESIS.to_string();
        for mut e in all {
            e.prev_hash = prev.clone();
            e.hash = chain_hash(&prev, &e);
            c.execute(
                "UPDATE event SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
                rusqlite::params![e.prev_hash, e.hash, e.id],
            )
            .unwrap();
            prev = e.hash;
        }
    }
    // Without a recorded head, the rewrite is not visible in the chain …
    let plain = certdesk(&db).arg("check").output().unwrap();
    assert!(
        String::from_utf8_lossy(&plain.stdout).contains("event chain: ok"),
        "{}",
        text(&plain)
    );
    // … with one, it is: from the command line and from a log of earlier checks.
    for args in [
        vec!["check", "--head", &head],
        vec!["check", "--heads", heads.to_str().unwrap()],
    ] {
        let out = certdesk(&db).args(&args).output().unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{report}");
        assert!(report.contains("recorded heads: FAILED"), "{report}");
        let id = head.split(':').next().unwrap();
        assert!(
            report.contains(&format!("event {id} has hash"))
                && report.contains(&format!("the history up to event {id} was rewritten")),
            "{report}"
        );
    }
    // A malformed head is a usage error.
    let out = certdesk(&db)
        .args(["check", "--head", "12:abc"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Deleting the newest events is caught by a recorded head too.
    let db2 = dir.path().join("second.db");
    let db2 = {
        let d = populated(&{
            let p = dir.path().join("again");
            std::fs::create_dir(&p).unwrap();
            p
        });
        std::fs::rename(&d, &db2).unwrap();
        db2
    };
    let v: Value = serde_json::from_slice(
        &certdesk(&db2)
            .args(["check", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let last = format!(
        "{}:{}",
        v["head"]["event_id"],
        v["head"]["hash"].as_str().unwrap()
    );
    sql(
        &db2,
        &format!(
            "DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE id = {}; DELETE FROM application;",
            v["head"]["event_id"]
        ),
    );
    let out = certdesk(&db2)
        .args(["check", "--head", &last])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(report.contains("is no longer in the log"), "{report}");
}

#[test]
fn a_database_of_schema_version_1_is_upgraded_and_replayed_from_its_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v1.db");
    std::fs::copy("tests/fixtures/v1-demo.db", &db).unwrap();
    // Read-only commands do not upgrade it; they say how.
    let out = certdesk(&db).arg("queue").output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("certdesk upgrade"));
    // Events cannot be exported before the upgrade: count them with SQL.
    let c = rusqlite::Connection::open(&db).unwrap();
    let old: i64 = c
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap();
    drop(c);
    let out = certdesk(&db).arg("upgrade").output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("from schema version 1 to 9"));
    let out = certdesk(&db).arg("check").output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("the baseline of its upgrade"), "{report}");
    let all = events(&db);
    assert!(all.len() as i64 > old, "baseline events appended");
    assert!(
        all.iter()
            .take(old as usize)
            .all(|e| e["act"] != "baseline")
    );
    // The upgraded register is verified: an edit is found.
    sql(&db, "UPDATE body SET name = '改过' WHERE id = 3;");
    let out = certdesk(&db).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("name is 改过"));
}

#[test]
fn a_database_of_schema_version_4_gets_officers_jurisdictions_and_check_still_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v4.db");
    // Made by certdesk at schema 4: a 30-body demo and two officers (zhang.wei, li.si).
    std::fs::copy("tests/fixtures/v4-demo.db", &db).unwrap();
    let out = certdesk(&db).arg("queue").output().unwrap();
    assert_ne!(
        out.status.code(),
        Some(0),
        "read-only commands do not upgrade"
    );
    let out = certdesk(&db).arg("upgrade").output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("from schema version 4 to 9"));
    let out = certdesk(&db).arg("check").output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    // The officers' rows were recorded anew, with what they were before.
    let all = events(&db);
    let baseline: Vec<&Value> = all.iter().filter(|e| e["act"] == "baseline").collect();
    // The officers (schema 5), then the bodies (schema 6: their names' sort keys).
    assert_eq!(baseline.len(), 2, "{baseline:?}");
    assert!(
        baseline[0]["reason"]
            .as_str()
            .unwrap()
            .contains("schema version 5")
    );
    // The new columns are there and take a jurisdiction; check replays it.
    let out = certdesk(&db)
        .args([
            "officer",
            "set",
            "zhang.wei",
            "--authority",
            "深圳市南山区市场监督管理局",
        ])
        .args(["--jurisdiction", "440305"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let out = certdesk(&db).args(["officer", "list"]).output().unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.contains("广东省深圳市南山区 440305") && list.contains("张伟"),
        "{list}"
    );
    let out = certdesk(&db).arg("check").output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    // An edit of the new column behind the log is found.
    sql(
        &db,
        "UPDATE officer SET jurisdiction = '44' WHERE login = 'li.si';",
    );
    let out = certdesk(&db).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("jurisdiction"));
}

#[test]
fn doctor_and_check_say_what_to_fix_in_a_deployment() {
    let top = tempfile::tempdir().unwrap();
    let dir = top.path().join("srv");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let db = dir.join("office.db");
    certdesk(&db)
        .args(["init", "--sharing", "group"])
        .assert()
        .success();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o664)).unwrap();
    let backups = top.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let copy = backups.join("b.db");
    certdesk(&db).arg("backup").arg(&copy).assert().success();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).unwrap();

    let out = certdesk(&db)
        .args(["doctor", "--backups"])
        .arg(&backups)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    for fix in [
        format!("chmod o-rwx {}", db.display()),
        format!("chmod o-w {}", dir.display()),
        format!("chmod g+s {}", dir.display()),
        format!("chmod o-rwx {}", copy.display()),
    ] {
        assert!(report.contains(&fix), "'{fix}' missing in\n{report}");
    }
    // check passes (the record is sound) but warns about the same files.
    let out = certdesk(&db).arg("check").output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("warning: ") && report.contains("readable by others"),
        "{report}"
    );

    // Set up as the README says: the warnings go.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2770)).unwrap();
    for f in certdesk::files::database_files(&db) {
        if f.exists() {
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o660)).unwrap();
        }
    }
    std::fs::remove_file(&copy).unwrap();
    let out = certdesk(&db)
        .args(["doctor", "--backups"])
        .arg(&backups)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let out = certdesk(&db).arg("check").output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("warning:"));
}

#[test]
fn an_emptied_log_is_not_a_sound_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    let tables = [
        "sanction",
        "follow_up",
        "scope_item",
        "credit_listing",
        "application",
        "qualification",
        "body",
        "import_batch",
        "calendar_day",
        "setting",
        "officer",
    ];
    let mut statements = String::from("DROP TRIGGER event_append_only_delete; DELETE FROM event;");
    for t in tables {
        statements.push_str(&format!("DELETE FROM {t};"));
    }
    sql(&db, &statements);
    let out = certdesk(&db).arg("check").output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("events were deleted"), "{report}");
}

/// A full check records the head it verified (in the user's cache folder); a plain check then
/// recomputes only the hashes after it, says so, and fails when that head is gone.
#[test]
fn a_plain_check_starts_from_the_head_a_full_check_verified() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let db = populated(dir.path());
    let check = |args: &[&str]| {
        let out = certdesk(&db)
            .env("XDG_CACHE_HOME", &cache)
            .arg("check")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, first) = check(&[]);
    assert_eq!(code, Some(0), "{first}");
    assert!(
        first.contains("every hash recomputed from the first"),
        "{first}"
    );
    let (code, full) = check(&["--full"]);
    assert_eq!(code, Some(0), "{full}");
    assert!(full.contains("SQLite's full integrity check"), "{full}");
    let recorded = std::fs::read_to_string(cache.join("certdesk/verified-heads")).unwrap();
    assert!(
        recorded.contains(db.canonicalize().unwrap().to_str().unwrap()),
        "{recorded}"
    );
    assert_eq!(mode(&cache.join("certdesk/verified-heads")), 0o600);
    let (code, plain) = check(&[]);
    assert_eq!(code, Some(0), "{plain}");
    assert!(
        plain.contains("were recomputed by your full check"),
        "{plain}"
    );
    // A new act: its hash is recomputed; the check still holds.
    certdesk(&db)
        .args(["officer", "set", "li.si", "--name", "李四"])
        .assert()
        .success();
    let (code, plain) = check(&[]);
    assert_eq!(code, Some(0), "{plain}");
    // Another history at this path (rewritten, or the file replaced): the verified head is gone.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let replacement = populated(&other);
    for (from, to) in certdesk::files::database_files(&replacement)
        .iter()
        .zip(certdesk::files::database_files(&db))
    {
        let _ = std::fs::remove_file(&to);
        if from.exists() {
            std::fs::copy(from, &to).unwrap();
        }
    }
    let (code, report) = check(&[]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("verified head: FAILED"), "{report}");
}

/// A trigger planted with the sqlite3 tool would run inside every act, in the officer's name:
/// certdesk refuses to write while it is there, and check names it.
#[test]
fn a_planted_trigger_stops_every_write_and_is_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    sql(
        &db,
        "CREATE TRIGGER q_audit AFTER UPDATE OF status ON qualification BEGIN DELETE FROM sanction; END;",
    );
    let before = snapshot(dir.path());
    let out = certdesk(&db)
        .args(["act", "order-rectification", "--approval", &cma_no(2)])
        .args([
            "--date",
            "2026-11-20",
            "--basis",
            "依据",
            "--deadline",
            "2026-12-20",
        ])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("trigger q_audit"),
        "{}",
        text(&out)
    );
    assert_eq!(snapshot(dir.path()), before, "nothing written");
    let out = certdesk(&db).arg("check").output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("trigger q_audit is in the database but not in certdesk's schema"),
        "{report}"
    );
}

/// A newer certdesk's database in rollback-journal mode stays byte-identical: not even its
/// journal mode is changed before the refusal.
#[test]
fn a_newer_database_keeps_its_journal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    certdesk(&db).arg("init").assert().success();
    sql(
        &db,
        "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;",
    );
    let before = std::fs::read(&db).unwrap();
    let out = certdesk(&db)
        .args(["settings", "set", "validity_years", "4"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer than this certdesk"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// In group mode the owner is an ordinary officer: setting SUDO_UID by hand names nobody else.
#[test]
fn the_owner_of_a_group_database_cannot_name_someone_else_with_sudo_uid() {
    if !is_root() {
        eprintln!("skipped: switching user ids needs root");
        return;
    }
    let (owner, group) = (4_400_001, 4_400_000);
    let top = tempfile::tempdir().unwrap();
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let shared = top.path().join("srv");
    std::fs::create_dir(&shared).unwrap();
    nix::unistd::chown(
        &shared,
        Some(nix::unistd::Uid::from_raw(owner)),
        Some(nix::unistd::Gid::from_raw(group)),
    )
    .unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let db = shared.join("o.db");
    let dbs = db.to_str().unwrap();
    let out = as_user(owner, group, &[("SUDO_UID", "0")], &["init", dbs]);
    assert!(out.status.success(), "{}", text(&out));
    let out = as_user(
        owner,
        group,
        &[("SUDO_UID", "0")],
        &["--db", dbs, "settings", "set", "validity_years", "3"],
    );
    assert!(out.status.success(), "{}", text(&out));
    for e in events(&db) {
        assert_eq!(e["actor"], "uid:4400001", "{e}");
    }
}

/// An edit made behind the log cannot be absorbed by the next act on the same row: the act
/// records what it found, and check says the row had been changed before it.
#[test]
fn an_edit_behind_the_log_is_not_hidden_by_the_next_act() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    sql(
        &db,
        &format!(
            "UPDATE qualification SET valid_until = '2040-12-01', doc_no = 'FORGED' WHERE approval_no = '{}'",
            cma_no(2)
        ),
    );
    certdesk(&db)
        .args(["act", "order-rectification", "--approval", &cma_no(2)])
        .args([
            "--date",
            "2026-11-20",
            "--basis",
            "依据",
            "--deadline",
            "2026-12-20",
        ])
        .assert()
        .success();
    let out = certdesk(&db).arg("check").output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("it was changed outside certdesk before event"),
        "{report}"
    );
    // Acts on rows nobody touched stay clean.
    let clean = dir.path().join("clean");
    std::fs::create_dir(&clean).unwrap();
    let db = populated(&clean);
    for n in [1, 2, 3] {
        certdesk(&db)
            .args(["act", "order-rectification", "--approval", &cma_no(n)])
            .args([
                "--date",
                "2026-11-21",
                "--basis",
                "依据",
                "--deadline",
                "2026-12-21",
            ])
            .assert()
            .success();
    }
    certdesk(&db).arg("check").assert().success();
}

/// The name index is derived, not part of the record, but a body taken out of it disappears
/// from name search: check says so.
#[test]
fn a_body_taken_out_of_the_name_index_is_named_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated(dir.path());
    sql(
        &db,
        "INSERT INTO body_fts (body_fts, rowid, name) SELECT 'delete', id, name FROM body WHERE id = 2;",
    );
    let out = certdesk(&db).arg("check").output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("body row 2 is missing from the name index"),
        "{report}"
    );
    sql(&db, "INSERT INTO body_fts (body_fts) VALUES ('rebuild');");
    certdesk(&db).arg("check").assert().success();
}

#[test]
fn a_database_of_schema_version_5_gets_pinyin_sort_keys_through_events_and_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v5.db");
    // Made by certdesk at schema 5: a 30-body demo (seed 5) and one officer (zhang.wei).
    std::fs::copy("tests/fixtures/v5-demo.db", &db).unwrap();
    let out = certdesk(&db).arg("upgrade").output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("from schema version 5 to 9"));
    let out = certdesk(&db).arg("check").output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    // One baseline event recorded every body anew, its sort key in the image.
    let all = events(&db);
    let baseline: Vec<&Value> = all.iter().filter(|e| e["act"] == "baseline").collect();
    assert_eq!(baseline.len(), 1, "{baseline:?}");
    assert!(
        baseline[0]["reason"]
            .as_str()
            .unwrap()
            .contains("schema version 6")
    );
    // Every body has its key, the one the rule gives its name.
    let c = rusqlite::Connection::open(&db).unwrap();
    let rows: Vec<(String, String)> = c
        .prepare("SELECT name, name_sort FROM body ORDER BY name_sort, id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 30);
    for (name, key) in &rows {
        assert_eq!(key, &certdesk::domain::collation::name_sort_key(name));
    }
    // 北京 before 上海 (by code point 上海 comes first).
    let first_bj = rows.iter().position(|(n, _)| n.starts_with("北京"));
    let first_sh = rows.iter().position(|(n, _)| n.starts_with("上海"));
    assert!(first_bj.is_some() && first_sh.is_some());
    assert!(first_bj < first_sh, "{rows:?}");
    drop(c);
    // A key changed behind the log is found.
    sql(&db, "UPDATE body SET name_sort = 'a' WHERE id = 2;");
    let out = certdesk(&db).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("name_sort"),
        "{}",
        text(&out)
    );
}
