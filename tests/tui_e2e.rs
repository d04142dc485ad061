//! End to end: the real binary in a real terminal (tmux), driven by keys, read back with
//! capture-pane. Each test has its own tmux server (a private socket) running a plain shell, so
//! after the program ends we can see the shell prompt and ask tmux whether the alternate screen
//! is still on. Waiting is done by polling the screen with a deadline, never by fixed sleeps.
//! Skipped (with a note) when tmux is not installed.

use certdesk::tui::fixture;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");
const PROMPT: &str = "READY$ ";

static NEXT: AtomicUsize = AtomicUsize::new(0);

struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("tmux is not installed: end-to-end terminal tests skipped");
    }
    ok
}

impl Tmux {
    /// A new tmux server with one 120×40 window running a shell, and the fixture database.
    fn start() -> Tmux {
        let socket = format!(
            "certdesk-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let dir = tempfile::tempdir().unwrap();
        drop(fixture::build(&dir.path().join("e2e.db")));
        let t = Tmux { socket, dir };
        // tmux runs the command with sh -c; dash resets PS1 for root, so env sets it for bash alone.
        let shell = format!(
            "exec env -u NO_COLOR -u RUST_BACKTRACE 'PS1={PROMPT}' LANG=C.UTF-8 USER=e2e bash --norc --noprofile"
        );
        let out = t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "120",
            "-y",
            "40",
            &shell,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Esc must reach the program at once, not after tmux's 500 ms.
        t.tmux(&["set", "-g", "escape-time", "0"]);
        t.wait_for("the shell prompt", |s| s.contains(PROMPT.trim_end()));
        t
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("e2e.db")
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-u")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// Keys by tmux name (Enter, Tab, C-s, F12, or a single character).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    /// Text typed literally (UTF-8 included).
    fn type_text(&self, text: &str) {
        assert!(
            self.tmux(&["send-keys", "-t", "0", "-l", text])
                .status
                .success()
        );
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "0"]).stdout).into_owned()
    }

    fn display(&self, format: &str) -> String {
        String::from_utf8_lossy(&self.tmux(&["display", "-p", "-t", "0", format]).stdout)
            .trim()
            .to_string()
    }

    fn alternate_on(&self) -> bool {
        self.display("#{alternate_on}") == "1"
    }

    /// Poll the screen until `ok` holds (10 s at most); returns that screen.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// Start certdesk on the fixture database from the shell; `env` is put before the command.
    fn run_certdesk(&self, env: &str, args: &str) {
        let line = format!(
            "{env} {BIN} --db {} --today 2026-11-27 {args}; echo EXIT=$?",
            self.db().display()
        );
        self.type_text(&line);
        self.keys(&["Enter"]);
    }

    /// After the program ended: the exit status, the terminal out of the alternate screen and
    /// back in cooked mode with echo.
    fn assert_restored(&self, exit: &str) {
        let s = self.wait_text(&format!("EXIT={exit}"));
        assert!(
            !self.alternate_on(),
            "the alternate screen is still on:\n{s}"
        );
        // The command line says MO""DES, its output MODES: wait for the output, not the echo.
        self.type_text("echo MO\"\"DES: $(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo -e -icanon -e -echo)");
        self.keys(&["Enter"]);
        let s = self.wait_for("the stty output and the next prompt", |s| {
            s.contains("MODES:") && s.trim_end().ends_with(PROMPT.trim_end())
        });
        assert!(
            s.contains("MODES: icanon echo"),
            "the terminal was not restored to cooked mode with echo:\n{s}"
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn status_of(db: &Path, approval: &str) -> String {
    let store = certdesk::store::Store::create_or_open(db, fixture::TODAY).unwrap();
    store.body_file(approval).unwrap().qualifications[0]
        .qualification
        .status
        .clone()
}

#[test]
fn filter_open_suspend_through_the_form_and_quit() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    t.run_certdesk("", "--lang zh");
    t.wait_text("逾期 3 项");
    assert!(t.alternate_on());
    // Filter the register to one body; Enter straight from the filter opens its file.
    t.keys(&["2", "/"]);
    t.type_text("国实");
    t.wait_text("共 1 条");
    t.keys(&["Enter"]);
    t.wait_text("监管记录 (1)");
    // The menu of acts, then the suspension's form.
    t.keys(&["a"]);
    t.wait_text("责令停业整顿");
    t.keys(&["s"]);
    t.wait_text("整顿期限至");
    t.type_text("2027-02-27");
    // The procedure of a penalty: notice served, a written waiver, two officers.
    t.keys(&["Tab"]);
    t.type_text("2026-11-02");
    t.keys(&["Tab", "Right", "Right", "Tab", "Tab"]);
    t.type_text("李四;王五");
    t.keys(&["Tab"]);
    t.type_text("认证认可条例第五十八条");
    t.keys(&["Tab"]);
    t.type_text("市监认罚〔2026〕30号");
    t.keys(&["Tab"]);
    t.type_text("e2e suspension");
    t.keys(&["C-s"]);
    t.wait_text("确认责令停业整顿");
    // Nothing is written before the answer.
    assert_eq!(status_of(&t.db(), "CNCA-R-2002-001"), "active");
    t.keys(&["y"]);
    let s = t.wait_text("已办理：责令停业整顿");
    assert!(s.contains("CNCA-R-2002-001  停业整顿"), "{s}");
    // Recorded under the account of the process (USER=e2e in the shell is ignored).
    let me = certdesk::identity::actor_for(&t.db());
    let line = s
        .lines()
        .find(|l| l.contains("责令停业整顿，期限至"))
        .unwrap_or_default();
    assert!(line.contains(&me), "the new history line:\n{s}");
    assert!(
        s.lines().collect::<String>().contains("状态：有效 →"),
        "the selected event's sentence:\n{s}"
    );
    assert!(s.contains("监管记录 (2)"));
    assert_eq!(status_of(&t.db(), "CNCA-R-2002-001"), "suspended");
    // q back to the register, q quits.
    t.keys(&["q", "q"]);
    t.assert_restored("0");
}

#[test]
fn a_panic_restores_the_terminal() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    t.run_certdesk("CERTDESK_TEST_PANIC=1", "--lang en");
    t.wait_text("3 overdue");
    t.keys(&["2", "F12"]);
    t.assert_restored("101");
    let s = t.screen();
    assert!(
        s.contains("test panic requested with F12"),
        "the panic message is shown after the restore:\n{s}"
    );
}

#[test]
fn ctrl_c_quits_from_a_text_input() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    t.run_certdesk("", "--lang en");
    t.wait_text("3 overdue");
    t.keys(&["2", "/", "q", "1"]);
    t.wait_text("/ filter: q1");
    t.keys(&["C-c"]);
    t.assert_restored("0");
}

#[test]
fn a_name_holding_escape_sequences_is_shown_harmlessly() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    let conn = rusqlite::Connection::open(t.db()).unwrap();
    // Set the window title, clear the screen, and a C1 CSI: all must arrive defused.
    let evil = "恶意\u{1b}]2;pwned\u{7}\u{1b}[2J\u{1b}[31m\u{9b}7m机构";
    conn.execute(
        "UPDATE body SET name = ?1 WHERE uscc = ?2",
        rusqlite::params![evil, fixture::uscc("110105", 1).as_str()],
    )
    .unwrap();
    drop(conn);
    let title = t.display("#{pane_title}");
    t.run_certdesk("", "--lang zh");
    t.wait_text("逾期 3 项");
    t.keys(&["2", "/"]);
    t.type_text("恶意");
    t.wait_text("共 1 条");
    t.keys(&["Enter"]);
    let s = t.wait_text("监管记录 (1)");
    assert!(s.contains("恶意�]2;pwned��[2J�[31m�7m机构"), "{s}");
    assert_eq!(
        t.display("#{pane_title}"),
        title,
        "the window title was changed"
    );
    t.keys(&["C-c"]);
    t.assert_restored("0");
}

#[test]
fn another_users_act_appears_on_screen() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    t.run_certdesk("", "--lang zh");
    t.wait_text("逾期 3 项");
    t.keys(&["2", "/"]);
    t.type_text("国实");
    t.wait_text("共 1 条");
    t.keys(&["Enter"]);
    t.wait_text("监管记录 (1)");
    // Another officer, another process: the command line.
    let out = Command::new(BIN)
        .args([
            "--db",
            &t.db().display().to_string(),
            "--today",
            "2026-11-27",
            "act",
            "order-rectification",
        ])
        .args([
            "--approval",
            "CNCA-R-2002-001",
            "--date",
            "2026-11-27",
            "--deadline",
            "2026-12-31",
        ])
        .args([
            "--basis",
            "认证认可条例第五十七条",
            "--reason",
            "另一位同事",
        ])
        .env("USER", "lisi")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No key pressed: the screen polls data_version (every 500 ms).
    let s = t.wait_text("监管记录 (2)");
    let me = certdesk::identity::actor_for(&t.db());
    assert!(
        s.lines()
            .any(|l| l.contains(&me) && l.contains("责令限期改正，期限至2026-12-31")),
        "{s}"
    );
    assert!(s.contains("整改期限 到期日 2026-12-31"), "{s}");
    t.keys(&["C-c"]);
    t.assert_restored("0");
}

#[test]
fn resizing_below_80x24_asks_to_enlarge_and_recovers() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    t.run_certdesk("", "--lang en");
    t.wait_text("3 overdue");
    t.tmux(&["resize-window", "-t", "0", "-x", "60", "-y", "20"]);
    t.wait_text("enlarge the terminal");
    t.tmux(&["resize-window", "-t", "0", "-x", "100", "-y", "30"]);
    t.wait_text("3 overdue");
    t.keys(&["q"]);
    t.assert_restored("0");
}

#[test]
fn without_a_terminal_it_refuses_and_points_to_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args([
            "--db",
            &dir.path().join("x.db").display().to_string(),
            "--lang",
            "en",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("need a terminal") && err.contains("subcommands"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing written to stdout");
}

#[test]
fn under_no_color_no_colour_is_ever_sent_and_the_selection_stays_reversed() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    let raw = t.dir.path().join("raw.out");
    // Everything the program writes to the terminal, byte for byte.
    t.tmux(&[
        "pipe-pane",
        "-o",
        "-t",
        "0",
        &format!("cat >> {}", raw.display()),
    ]);
    t.run_certdesk("NO_COLOR=1", "--lang zh");
    t.wait_text("逾期 3 项");
    t.keys(&["j", "2"]);
    t.wait_text("共 12 条");
    t.keys(&["j", "Enter"]);
    t.wait_text("监管记录");
    t.keys(&["3"]);
    t.wait_text("按状态");
    t.keys(&["C-c"]);
    t.assert_restored("0");
    t.tmux(&["pipe-pane", "-t", "0"]);
    let bytes = std::fs::read(&raw).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let mut reversed = false;
    for sgr in text.split("\u{1b}[").skip(1).filter_map(|s| {
        let end = s.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
        (s[end..].starts_with('m')).then(|| &s[..end])
    }) {
        assert!(
            !sgr.starts_with(';'),
            "ESC[;m (a colour reset that also clears REVERSED) was sent"
        );
        for p in sgr.split(';').filter(|p| !p.is_empty()) {
            let n: u32 = p.parse().unwrap();
            assert!(
                !(30..=49).contains(&n) && !(90..=107).contains(&n),
                "a colour was sent: ESC[{sgr}m"
            );
            reversed |= n == 7;
        }
    }
    assert!(reversed, "the selection is shown reversed");
}

/// On a path with no database the screens ask first; No creates nothing, Yes creates it and
/// opens the screens on it.
#[test]
fn a_missing_database_is_created_only_when_the_officer_says_yes() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    let missing = t.dir.path().join("new.db");
    let line = format!(
        "{BIN} --db {} --lang en --today 2026-11-27; echo EXIT=$?",
        missing.display()
    );
    t.type_text(&line);
    t.keys(&["Enter"]);
    t.wait_text("Create one? [y/N]");
    t.keys(&["n", "Enter"]);
    let s = t.wait_text("EXIT=2");
    assert!(s.contains("no database was created"), "{s}");
    assert!(!missing.exists());
    t.type_text(&line);
    t.keys(&["Enter"]);
    t.wait_text("Create one? [y/N]");
    t.keys(&["y", "Enter"]);
    t.wait_text("1 Queue");
    assert!(missing.exists());
    t.keys(&["C-c"]);
    t.assert_restored("0");
}

/// The pid of the certdesk running on this test's database, once it is there (read from
/// /proc: no pgrep needed).
fn certdesk_pid(t: &Tmux) -> u32 {
    let db = t.db().display().to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            if args.first().is_some_and(|a| a.ends_with(b"certdesk"))
                && args
                    .windows(2)
                    .any(|w| w[0] == b"--db" && w[1] == db.as_bytes())
            {
                return pid;
            }
        }
        assert!(Instant::now() < deadline, "certdesk did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z ")
}

#[test]
fn sigterm_restores_the_terminal_and_discards_the_open_form() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    t.run_certdesk("", "--lang zh");
    t.wait_text("逾期 3 项");
    // A half-filled suspension form is open when the signal comes.
    t.keys(&["2", "/"]);
    t.type_text("国实");
    t.wait_text("共 1 条");
    t.keys(&["Enter"]);
    t.wait_text("监管记录 (1)");
    t.keys(&["a"]);
    t.wait_text("责令停业整顿");
    t.keys(&["s"]);
    t.wait_text("整顿期限至");
    t.type_text("2027-02-27");
    let pid = certdesk_pid(&t);
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    t.assert_restored("143");
    assert_eq!(
        status_of(&t.db(), "CNCA-R-2002-001"),
        "active",
        "nothing was written"
    );
}

#[test]
fn a_closed_pty_ends_the_screens_even_when_sighup_is_ignored() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    // nohup-style: the shell ignores SIGHUP, and its children inherit that.
    t.type_text("trap '' HUP");
    t.keys(&["Enter"]);
    t.run_certdesk("", "--lang en");
    t.wait_text("3 overdue");
    let pid = certdesk_pid(&t);
    // The SSH session drops: the pty's other end closes.
    t.tmux(&["kill-server"]);
    let deadline = Instant::now() + Duration::from_secs(2);
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!alive(pid), "certdesk {pid} outlived its terminal by 2 s");
}

/// `PRAGMA wal_checkpoint(TRUNCATE)` on a connection of its own: busy (0 when no reader holds
/// a snapshot) and the size of the -wal after it. The busy timeout only bounds how long a
/// reader that does pin the WAL is waited for.
fn truncate_checkpoint(db: &Path) -> (i64, u64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let busy = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .unwrap();
    let mut wal = db.as_os_str().to_os_string();
    wal.push("-wal");
    (busy, std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0))
}

#[test]
fn idle_screens_hold_no_snapshot_that_would_pin_the_wal() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    t.run_certdesk("", "--lang zh");
    t.wait_text("逾期 3 项");
    // Every screen once: the queue, the log and the register are read by the reader thread,
    // the reports by threads of their own, the body file on the screens' own connection.
    t.keys(&["4", "3", "2", "/"]);
    t.type_text("国实");
    t.wait_text("共 1 条");
    t.keys(&["Enter"]);
    t.wait_text("监管记录 (1)");
    // Another officer acts; the screens see it and read the file again, then sit idle.
    let out = Command::new(BIN)
        .args([
            "--db",
            &t.db().display().to_string(),
            "--today",
            "2026-11-27",
        ])
        .args([
            "act",
            "order-rectification",
            "--approval",
            "CNCA-R-2002-001",
        ])
        .args(["--date", "2026-11-27", "--deadline", "2026-12-31"])
        .args([
            "--basis",
            "认证认可条例第五十七条",
            "--reason",
            "另一位同事",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.wait_text("监管记录 (2)");
    assert_eq!(
        truncate_checkpoint(&t.db()),
        (0, 0),
        "an idle screen kept a read snapshot"
    );
    t.keys(&["C-c"]);
    t.assert_restored("0");
}

impl Tmux {
    /// The screen with the colours and emphasis tmux holds for it (`capture-pane -e`): tmux
    /// keeps a colour set by SGR 31 apart from one set by the 256-colour `38;5;1`.
    fn screen_with_styles(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-e", "-p", "-t", "0"]).stdout)
            .into_owned()
    }
}

/// The parameters of every SGR (`ESC[…m`) in `s`, each sequence's list.
fn sgr_sequences(s: &str) -> Vec<Vec<u32>> {
    s.split("\u{1b}[")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            (rest[end..].starts_with('m')).then(|| {
                rest[..end]
                    .split(';')
                    .filter_map(|p| p.parse().ok())
                    .collect()
            })
        })
        .collect()
}

/// The colour codes among the SGR parameters (38 and 48 included), but for 39 and 49, the
/// default colours, with which tmux writes every reset.
fn colour_codes(s: &str) -> Vec<u32> {
    sgr_sequences(s)
        .into_iter()
        .flatten()
        .filter(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
        .collect()
}

#[test]
fn term_linux_vt100_dumb_get_8_8_and_no_colours() {
    if !have_tmux() {
        return;
    }
    for (term, colours) in [
        ("linux", 8),
        ("vt100", 8),
        ("dumb", 0),
        ("xterm-256color", 16),
    ] {
        let t = Tmux::start();
        t.run_certdesk(&format!("TERM={term}"), "--lang en");
        t.wait_text("3 overdue");
        let styled = t.screen_with_styles();
        let codes = colour_codes(&styled);
        assert!(
            !styled.contains("38;5;"),
            "{term}: a 256-colour code:\n{styled:?}"
        );
        match colours {
            0 => assert!(codes.is_empty(), "{term}: colours {codes:?}"),
            8 => {
                assert!(!codes.is_empty(), "{term}: no colour at all");
                assert!(
                    codes
                        .iter()
                        .all(|c| (30..=37).contains(c) || *c == 39 || *c == 49),
                    "{term}: {codes:?}"
                );
            }
            _ => assert!(codes.contains(&90), "{term}: no dark gray: {codes:?}"),
        }
        // The selection is reversed in every case.
        assert!(
            sgr_sequences(&styled).iter().flatten().any(|p| *p == 7),
            "{term}: no reversed selection"
        );
        t.keys(&["q"]);
        t.assert_restored("0");
    }
}

#[test]
fn the_terminals_background_chooses_the_theme() {
    if !have_tmux() {
        return;
    }
    // The title " certdesk " is cyan on a dark background, blue on a light one.
    let title_colour = |t: &Tmux| {
        let s = t.wait_text("3 overdue");
        let styled = t.screen_with_styles();
        let first = styled.lines().next().unwrap_or_default().to_string();
        let codes = colour_codes(&first);
        t.keys(&["q"]);
        t.assert_restored("0");
        assert!(s.contains("certdesk"));
        if codes.contains(&34) {
            "blue"
        } else if codes.contains(&36) {
            "cyan"
        } else {
            panic!("the title has neither colour: {first:?}")
        }
    };
    let t = Tmux::start();
    // tmux answers OSC 11 with its window style's background (white: rgb:c0c0/c0c0/c0c0).
    t.tmux(&["set", "-g", "window-style", "bg=white"]);
    t.run_certdesk("env -u COLORFGBG", "--lang en");
    assert_eq!(title_colour(&t), "blue", "light background answered");
    // The user's word comes first.
    t.run_certdesk("CERTDESK_THEME=dark", "--lang en");
    assert_eq!(title_colour(&t), "cyan");
    drop(t);
    // No answer (tmux without a background to tell): COLORFGBG, else dark.
    let t = Tmux::start();
    t.run_certdesk("env -u COLORFGBG", "--lang en");
    assert_eq!(title_colour(&t), "cyan", "the fallback is dark");
    t.run_certdesk("COLORFGBG='0;15'", "--lang en");
    assert_eq!(title_colour(&t), "blue", "COLORFGBG says light");
    t.run_certdesk("COLORFGBG='0;15'", "--lang en --theme dark");
    assert_eq!(title_colour(&t), "cyan");
}

#[test]
fn ambiguous_width_wide_draws_stand_ins_and_the_answers_never_reach_the_keys() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    // Measured: tmux draws '·' in one column.
    t.run_certdesk("", "--lang en");
    let s = t.wait_text("3 overdue");
    assert!(s.contains("3 overdue · 3 due"), "{s}");
    // What the terminal answered was not read as keys: the filter holds only what was typed.
    t.keys(&["2", "/"]);
    t.type_text("x1");
    let s = t.wait_text("/ filter: x1");
    assert!(
        !s.contains("filter: x1x") && !s.contains("R/ filter"),
        "{s}"
    );
    t.keys(&["C-c"]);
    t.assert_restored("0");
    // Said: every ambiguous character gets its one-column stand-in, borders too.
    t.run_certdesk("CERTDESK_AMBIGUOUS_WIDTH=wide", "--lang en");
    let s = t.wait_text("3 overdue");
    assert!(s.contains("3 overdue - 3 due"), "{s}");
    t.keys(&["?"]);
    let s = t.wait_for("the help box", |s| s.contains("+-"));
    for c in ['·', '→', '…', '─', '│', '┌', '▶'] {
        assert!(!s.contains(c), "{c} on a CJK-wide terminal:\n{s}");
    }
    t.keys(&["C-c"]);
    t.assert_restored("0");
}

fn application_status(db: &Path, id: i64) -> String {
    let store = certdesk::store::Store::create_or_open(db, fixture::TODAY).unwrap();
    store.application(id).unwrap().status
}

/// Every act on an application through the screens, in the real binary: receive (收件), request
/// materials, accept, pause and resume the clock, grant (after y); a second one refused, a third
/// withdrawn (each after y); the file with its history; q back, q quits.
#[test]
fn every_application_act_through_the_screens() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    t.run_certdesk("", "--lang en");
    t.wait_text("3 overdue");
    t.keys(&["5"]);
    t.wait_text("No applications. Press n to receive one.");
    // Receive: the USCC has the focus; kind and route are chosen with →.
    let receive = |n: u32, name: &str| {
        t.keys(&["n"]);
        t.wait_text("Receive a new application");
        t.type_text(fixture::uscc("110105", n).as_str());
        t.keys(&["Tab"]);
        t.type_text(name);
        t.keys(&[
            "Tab", "Right", "Right", "Tab", "Right", "Right", "Tab", "Tab",
        ]);
        t.type_text("食品检测");
        t.keys(&["C-s"]);
        t.wait_text(&format!("Received: application #{n} ({name})"));
    };
    // The act `code`, the `down`-th of the menu, on the application shown or selected.
    let act = |down: usize, code: &str| {
        t.keys(&["a"]);
        t.wait_text(code);
        for _ in 0..down {
            t.keys(&["j"]);
        }
        t.keys(&["Enter"]);
    };
    // Receipt numbers the applications 1, 2, 3 in this new database.
    receive(1, "北京一号检测有限公司");
    // The list shows only it: the acts apply to it.
    act(0, "request-materials");
    t.wait_text("Materials missing");
    t.type_text("营业执照副本");
    t.keys(&["C-s"]);
    t.wait_text("Done: request materials, application #1 (received → incomplete)");
    act(0, "accept");
    t.keys(&["C-s"]);
    t.wait_text("Done: accept application, application #1 (incomplete → accepted)");
    act(0, "pause");
    t.keys(&["Tab", "Tab", "Tab"]);
    t.type_text("专家评审");
    t.keys(&["C-s"]);
    t.wait_text("(accepted → paused)");
    act(0, "resume");
    t.keys(&["C-s"]);
    t.wait_text("(paused → accepted)");
    act(1, "grant");
    t.wait_text("Approval no.");
    t.type_text("110012345678");
    t.keys(&["Tab"]);
    t.type_text("北京市市场监督管理局");
    t.keys(&["Tab", "Tab"]);
    t.type_text("检验检测机构资质认定管理办法第十条");
    t.keys(&["Tab"]);
    t.type_text("京市监认〔2026〕8号");
    t.keys(&["C-s"]);
    t.wait_text("Really grant? This decides the application.");
    // Nothing is written before the answer.
    assert_eq!(application_status(&t.db(), 1), "accepted");
    t.keys(&["y"]);
    t.wait_text("(accepted → granted)");
    assert_eq!(application_status(&t.db(), 1), "granted");
    assert_eq!(status_of(&t.db(), "110012345678"), "active");

    // A second one, refused; a third, withdrawn: the filter picks each.
    receive(2, "北京二号检测有限公司");
    t.keys(&["/"]);
    t.type_text("二号");
    t.wait_text("showing 1 of 2");
    t.keys(&["Escape"]);
    act(1, "accept");
    t.keys(&["C-s"]);
    t.wait_text("(received → accepted)");
    act(2, "refuse");
    t.keys(&["Tab"]);
    t.type_text("检验检测机构资质认定管理办法第十一条");
    t.keys(&["C-s"]);
    t.wait_text("Really refuse application?");
    t.keys(&["y"]);
    t.wait_text("(accepted → refused)");
    assert_eq!(application_status(&t.db(), 2), "refused");
    t.keys(&["Escape"]); // the filter cleared
    receive(3, "北京三号检测有限公司");
    t.keys(&["/"]);
    t.type_text("三号");
    t.wait_text("showing 1 of 3");
    t.keys(&["Escape"]);
    act(2, "withdraw");
    t.keys(&["C-s"]);
    t.wait_text("Record the applicant's withdrawal? This ends the application.");
    t.keys(&["y"]);
    t.wait_text("(received → withdrawn)");
    assert_eq!(application_status(&t.db(), 3), "withdrawn");
    // Its file: the history as sentences, newest first.
    t.keys(&["Enter"]);
    // The file may be drawn before its history is read again after the act: wait for both.
    let s = t.wait_for("the file with its history", |s| {
        s.contains("History (2)")
            && s.contains("recorded the applicant's withdrawal of application #3")
    });
    assert!(s.contains("Application #3"), "{s}");
    t.keys(&["q"]);
    t.wait_text("showing 1 of 3");
    t.keys(&["q"]);
    t.assert_restored("0");
}

/// Issue 11 point 7: the inspection screens in a real terminal — draw (y/N), assign (y/N), two
/// results by fast entry (by number and by label), close (y/N) — each written to the database.
#[test]
fn draw_assign_two_results_by_fast_entry_and_close_an_inspection() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start();
    {
        let mut store = certdesk::store::Store::create_or_open(&t.db(), fixture::TODAY).unwrap();
        store.set_actor(fixture::ACTOR);
        fixture::add_inspection_task(&mut store);
    }
    t.run_certdesk("", "--lang zh");
    t.wait_text("逾期 3 项");
    t.keys(&["6"]);
    t.wait_text("1 个抽查任务");
    t.keys(&["Enter"]);
    t.wait_text("尚未抽取");
    t.keys(&["d"]);
    t.wait_text("公开数值");
    t.type_text("20261127");
    t.keys(&["C-s"]);
    t.wait_text("确认抽取");
    t.keys(&["y"]);
    t.wait_text("名录 6 家");
    t.wait_text("复核抽取：一致");
    t.keys(&["a"]);
    t.wait_text("确认抽取检查人员");
    t.keys(&["y"]);
    t.wait_text("已分配检查人员：6 家");
    // Fast entry: the first body by number, the second by its label, then Esc.
    t.keys(&["r"]);
    t.wait_text("录入结果 1/6");
    t.type_text("1");
    t.keys(&["C-s"]);
    t.wait_text("录入结果 2/6");
    t.type_text("未发现问题");
    t.keys(&["C-s"]);
    t.wait_text("录入结果 3/6");
    t.keys(&["Escape"]);
    t.wait_text("结果 2/6");
    t.keys(&["c"]);
    t.wait_text("结束检查 — 任务 1");
    t.keys(&["Tab"]);
    t.type_text("其余机构已停业");
    t.keys(&["C-s"]);
    t.wait_text("确认结束检查");
    t.keys(&["y"]);
    t.wait_text("已结束检查");
    let store = certdesk::store::Store::open(&t.db(), fixture::TODAY).unwrap();
    let v = store.task_view(1).unwrap();
    assert_eq!(v.closed_on.as_deref(), Some("2026-11-27"));
    assert_eq!(v.drawn.iter().filter(|b| b.result.is_some()).count(), 2);
    assert!(v.drawn.iter().all(|b| b.officers.len() == 2));
    drop(store);
    t.keys(&["q", "q"]);
    t.assert_restored("0");
}
