//! The command line: one module per subcommand, all over the same store calls as the screens.

mod act;
mod application;
mod case;
mod check;
mod database;
mod export;
mod export_filter;
mod import;
mod inspection;
mod inspection_export;
mod inspector;
mod misc;
mod output;
mod report;
mod risk;

pub use output::{parse_command_line, report_error};

use crate::domain::Date;
use crate::store::Store;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub use crate::context::{
    EXIT_CONFLICT, EXIT_FAILURE, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UserError as CliError,
    create_or_open, data_dir, db_path, today,
};

/// A new output file of a command working on `store`'s database, which it never replaces.
fn output_file(
    path: &std::path::Path,
    force: bool,
    store: &Store,
) -> Result<crate::files::OutputFile, CliError> {
    output_file_beside(path, force, store.path())
}

/// A new output file of a command working on the database `db`, which it never replaces.
fn output_file_beside(
    path: &std::path::Path,
    force: bool,
    db: &std::path::Path,
) -> Result<crate::files::OutputFile, CliError> {
    if force && crate::identity::acting_for_another(db) {
        // Said in the language of the commands: the flag is refused before anything is read.
        let lang = crate::i18n::usage::command_line_lang();
        return Err(CliError::usage(
            lang.t(crate::i18n::CmdMsg::ForceThroughSudo),
        ));
    }
    Ok(crate::files::OutputFile::create_new(
        path,
        force,
        &crate::files::database_files(db),
        crate::files::output_mode(Some(db)),
    )?)
}

/// A region argument (`flag`): digits of a province, city or county, in the GB/T 2260 table or
/// the region of a body in the register; else exit 2 with what to write, in `lang`.
fn known_region(
    store: &Store,
    code: &str,
    lang: crate::i18n::Lang,
    flag: &str,
) -> Result<crate::domain::region::Region, CliError> {
    let bad = |e: crate::domain::region::RegionError| {
        CliError::usage(format!("{flag}: {}", crate::i18n::region_error(lang, &e)))
    };
    let region = crate::domain::region::Region::parse(code).map_err(bad)?;
    store.check_region(&region).map_err(bad)?;
    Ok(region)
}

/// Parse a date argument: YYYY-MM-DD (also 2024/3/5 and 2024年3月5日); the refusal in the
/// language of the command line.
pub fn parse_date_arg(s: &str) -> Result<Date, String> {
    crate::domain::dates::parse_date(s).ok_or_else(|| {
        crate::i18n::usage::command_line_lang().f(crate::i18n::CmdMsg::BadDateArg, &[("value", &s)])
    })
}

/// Parse an approval number argument; the refusal in the language of the command line.
fn parse_approval_arg(s: &str) -> Result<crate::domain::ids::ApprovalNo, String> {
    crate::domain::ids::ApprovalNo::parse(s).map_err(|e| {
        crate::i18n::import::id_error(&e).render(crate::i18n::usage::command_line_lang())
    })
}

#[derive(Debug, Parser)]
#[command(
    name = "certdesk",
    version,
    about = "Supervise certification bodies and inspection & testing institutions: register, acts, clocks, imports.",
    long_about = "certdesk keeps the register of conformity assessment bodies in one SQLite file.\n\
        Without a subcommand it opens the keyboard-driven screens; the subcommands do the same work from scripts.\n\n\
        Exit codes: 0 done; 1 failure; 2 usage; 3 input rejected (validation); 4 conflict (changed by someone else)."
)]
pub struct Cli {
    /// The database file [default: certdesk.db in the user data folder]
    #[arg(long, global = true, env = "CERTDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The date used as today for derived states and clocks (testing, "what is overdue next week")
    #[arg(long, global = true, env = "CERTDESK_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<Date>,
    /// Language of the screens [default: from LC_ALL / LANG]
    #[arg(long, global = true, value_enum, value_name = "zh|en")]
    pub lang: Option<crate::i18n::Lang>,
    /// The screens' colours, for a light or a dark terminal background [default: auto — ask the
    /// terminal (OSC 11), else COLORFGBG, else dark]
    #[arg(
        long,
        global = true,
        env = "CERTDESK_THEME",
        value_name = "light|dark|auto"
    )]
    pub theme: Option<std::ffi::OsString>,
    /// How wide the terminal draws ·, →, …, ─ and the other ambiguous-width characters: wide for
    /// the CJK option of PuTTY and Xshell or xterm -cjk_width [default: auto — measure it]
    #[arg(
        long,
        global = true,
        env = "CERTDESK_AMBIGUOUS_WIDTH",
        value_name = "narrow|wide|auto"
    )]
    pub ambiguous_width: Option<std::ffi::OsString>,
    /// Use the demo database (certdesk-demo.db in the user data folder, filled with 2,000
    /// generated bodies on first use) instead of --db / CERTDESK_DB
    #[arg(long, global = true)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or fill a database with realistic generated bodies and histories
    Demo(misc::DemoArgs),
    /// Import approval batches (CSV, Excel, JSON): validated, atomic, repeatable
    Import(import::ImportArgs),
    /// Export bodies, qualifications, events or the queue as CSV or JSON
    Export(export::ExportArgs),
    /// Perform a regulatory act on a qualification, as the screens do
    Act(act::ActArgs),
    /// The penalty case (行政处罚): open, notify, hearing, extend, decide, serve, close, show
    Case(case::CaseArgs),
    /// Act on an application (办件): receive, request-materials, accept, pause, resume, grant, refuse, withdraw
    Application(application::ApplicationArgs),
    /// The work queue: overdue first, then due soon
    Queue(export::QueueArgs),
    /// Reports by period (month, quarter, year, from–to): acts, grants, verifications, overdue
    /// at each month end — the counts of the reports screen
    Report(report::ReportArgs),
    /// A body's file and full history, by approval number or USCC
    Show(misc::ShowArgs),
    /// Check the database: SQLite integrity, the event hash chain, recorded chain heads, and
    /// every table against what the log says
    Check(check::CheckArgs),
    /// Create a new, empty database (the only command besides demo and import that creates one)
    Init(database::InitArgs),
    /// Upgrade a database made by an earlier certdesk (keeps every event; records a baseline)
    Upgrade,
    /// Check a deployment: ownership, modes, group, local disk, WAL files — and say what to fix
    Doctor(database::DoctorArgs),
    /// The office's officers: the name and certificate shown beside each login
    Officer(database::OfficerArgs),
    /// Write a consistent copy of the database (safe while others work)
    Backup(misc::BackupArgs),
    /// The working-day calendar: load a year's holiday schedule, or show the years covered
    Calendar(misc::CalendarArgs),
    /// Office settings: verification period per kind of body, validity years
    Settings(misc::SettingsArgs),
    /// Random inspections (双随机、一公开): items, tasks, the reproducible draw, officers
    Inspection(inspection::InspectionArgs),
    /// The inspector roster (执法检查人员名录库) and declared conflicts
    Inspector(inspector::InspectorArgs),
    /// Risk signals (风险预警): repeated orders, overdue verifications, penalties, false or
    /// unkept commitments, approvals expiring unrenewed, risk classes the record says are too low
    Risk(risk::RiskArgs),
}

/// Bodies the demo database gets on first use.
const DEMO_BODIES: usize = 2000;

/// Point `cli` at the demo database, and fill it if it is empty (never touches another database).
fn use_demo_database(cli: &mut Cli, lang: crate::i18n::Lang) -> Result<(), CliError> {
    let path = data_dir()?.join("certdesk-demo.db");
    cli.db = Some(path.clone());
    let mut store = create_or_open(&path, true, today(cli.today))?;
    if store.count(crate::store::read::Counted::Bodies)? == 0 {
        output::eprint_line(&lang.f(
            crate::i18n::CmdMsg::DemoFilling,
            &[("path", &path.display()), ("n", &DEMO_BODIES)],
        ));
        misc::fill_demo(&mut store, DEMO_BODIES, 1, None, lang)?;
    }
    Ok(())
}

/// A writing command waiting for the lock says so on stderr after a second, and what it waits
/// for: "waiting for the import of FILE by LOGIN (started HH:MM)".
fn telling_waits(mut store: Store, lang: Option<crate::i18n::Lang>) -> Store {
    use crate::i18n::{Lang, Msg};
    let lang = lang.unwrap_or_else(Lang::from_env);
    store.on_lock_wait(Box::new(move |holder| {
        let text = match holder {
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
        output::eprint_line(&format!("certdesk: {text}"));
    }));
    store
}

/// Run a parsed command line; returns the exit code. A failure of the store is said in the
/// language of the commands (`Lang::for_commands`), or of the screens when they were to start.
pub fn run(cli: Cli) -> Result<u8, CliError> {
    let lang = match cli.command {
        None => cli.lang.unwrap_or_else(crate::i18n::Lang::from_env),
        Some(_) => crate::i18n::Lang::for_commands(cli.lang),
    };
    dispatch(cli).map_err(|e| e.speaking(lang))
}

fn dispatch(mut cli: Cli) -> Result<u8, CliError> {
    // The screens' settings are checked whatever the command, as --today is: a broken value in
    // the environment is said at once, not when the screens are next opened.
    let lang = cli.lang.unwrap_or_else(crate::i18n::Lang::from_env);
    // Read as bytes, so that a value that is not UTF-8 gets the same message as any other.
    let theme = cli
        .theme
        .as_deref()
        .map(|v| crate::context::ThemeChoice::parse(&v.to_string_lossy(), lang))
        .transpose()?
        .unwrap_or_default();
    let ambiguous_width = cli
        .ambiguous_width
        .as_deref()
        .map(|v| crate::context::AmbiguousWidth::parse(&v.to_string_lossy(), lang))
        .transpose()?
        .unwrap_or_default();
    if cli.demo {
        let lang = crate::i18n::Lang::for_commands(cli.lang);
        use_demo_database(&mut cli, lang)?;
    }
    let Some(command) = &cli.command else {
        return crate::tui::run_screens(&crate::context::Session {
            db: cli.db.clone(),
            today: cli.today,
            lang: cli.lang,
            theme,
            ambiguous_width,
        });
    };
    let (path, default) = db_path(cli.db.clone())?;
    let today = today(cli.today);
    // The commands speak --lang, else a Chinese locale's Chinese, else English (scripts).
    let lang = crate::i18n::Lang::for_commands(cli.lang);
    // Which commands may create a database, which only read it (never changing the file, and
    // working from a folder the user cannot write), and which write to an existing one.
    match command {
        Command::Init(a) => database::init(a, cli.db.as_deref(), today, lang),
        Command::Demo(a) => misc::demo(&mut create_or_open(&path, default, today)?, a, lang),
        Command::Import(a) if !a.dry_run => import::run(
            &mut telling_waits(create_or_open(&path, default, today)?, cli.lang),
            a,
            lang,
        ),
        Command::Export(a) => export::export(&Store::open_read_only(&path, today)?, a, lang),
        Command::Queue(a) => export::queue(&Store::open_read_only(&path, today)?, a, lang),
        Command::Report(a) => report::report(&Store::open_read_only(&path, today)?, a, lang),
        Command::Show(a) => misc::show(&Store::open_read_only(&path, today)?, a, lang),
        Command::Check(a) => check::check(&Store::open_read_only(&path, today)?, a, lang),
        Command::Backup(a) => misc::backup(&Store::open_read_only(&path, today)?, a, lang),
        Command::Doctor(a) => database::doctor(&path, a, lang),
        Command::Risk(a) => risk::run(&Store::open_read_only(&path, today)?, a, lang),
        Command::Inspection(a) if a.reads_only() => {
            inspection::run(&mut Store::open_read_only(&path, today)?, a, lang)
        }
        Command::Inspector(a) if a.reads_only() => {
            inspector::run(&mut Store::open_read_only(&path, today)?, a, lang)
        }
        Command::Case(a) if a.reads_only() => {
            let mut store = Store::open_read_only(&path, today)?;
            case::run(&mut store, a, lang)
        }
        command => {
            let mut store = telling_waits(Store::open(&path, today)?, cli.lang);
            match command {
                Command::Import(a) => import::run(&mut store, a, lang),
                Command::Act(a) => act::run(&mut store, a, lang),
                Command::Application(a) => application::run(&mut store, a, lang),
                Command::Case(a) => case::run(&mut store, a, lang),
                Command::Calendar(a) => misc::calendar(&mut store, a, lang),
                Command::Settings(a) => misc::settings(&mut store, a, lang),
                Command::Officer(a) => database::officer(&mut store, a, lang),
                Command::Upgrade => database::upgrade(&store, lang),
                Command::Inspection(a) => inspection::run(&mut store, a, lang),
                Command::Inspector(a) => inspector::run(&mut store, a, lang),
                _ => unreachable!("handled above"),
            }
        }
    }
}
