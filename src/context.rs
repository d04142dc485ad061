//! What both front ends need and neither owns: the exit codes, the failure they report, where
//! the database is, what today is, and opening or creating the database on first use.

use crate::domain::Date;
use crate::i18n::Lang;
use crate::store::{Store, StoreError};
use std::path::PathBuf;

/// What a front end was asked to work on: `--db`, `--today`, `--lang`; and for the screens
/// `--theme`, `--ambiguous-width`.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub db: Option<PathBuf>,
    pub today: Option<Date>,
    pub lang: Option<Lang>,
    pub theme: ThemeChoice,
    pub ambiguous_width: AmbiguousWidth,
}

/// `--theme` / `CERTDESK_THEME`: the palette of the screens, for a light or a dark background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// Ask the terminal (OSC 11), else `COLORFGBG`, else dark.
    #[default]
    Auto,
    Light,
    Dark,
}

/// `--ambiguous-width` / `CERTDESK_AMBIGUOUS_WIDTH` (the setting `ambiguous_width = wide`): how
/// wide the terminal draws the characters Unicode leaves to it (`·` `→` `…` `─` …): one column,
/// or two under the CJK option of PuTTY, Xshell, `xterm -cjk_width`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmbiguousWidth {
    /// Measure it (the terminal reports where one `·` left the cursor), else narrow.
    #[default]
    Auto,
    Narrow,
    Wide,
}

/// A value of one of the screens' settings: the word, whatever its case and surrounding blanks.
fn setting_word(value: &str) -> String {
    value.trim().to_lowercase()
}

impl ThemeChoice {
    /// `light`, `dark`, `auto` (also 浅色, 深色, 自动); anything else is refused, in `lang`.
    pub fn parse(value: &str, lang: Lang) -> Result<ThemeChoice, UserError> {
        match setting_word(value).as_str() {
            "auto" | "自动" => Ok(ThemeChoice::Auto),
            "light" | "浅色" => Ok(ThemeChoice::Light),
            "dark" | "深色" => Ok(ThemeChoice::Dark),
            _ => Err(UserError::usage(lang.f(
                crate::i18n::Msg::BadTheme,
                &[("value", &quoted_setting(value))],
            ))),
        }
    }
}

impl AmbiguousWidth {
    /// `narrow`, `wide`, `auto` (also 窄, 宽, 自动); anything else is refused, in `lang`.
    pub fn parse(value: &str, lang: Lang) -> Result<AmbiguousWidth, UserError> {
        match setting_word(value).as_str() {
            "auto" | "自动" => Ok(AmbiguousWidth::Auto),
            "narrow" | "窄" | "1" => Ok(AmbiguousWidth::Narrow),
            "wide" | "宽" | "2" => Ok(AmbiguousWidth::Wide),
            _ => Err(UserError::usage(lang.f(
                crate::i18n::Msg::BadAmbiguousWidth,
                &[("value", &quoted_setting(value))],
            ))),
        }
    }
}

/// A refused value as it can be shown: cut to 40 characters (the message is sanitised where it
/// is printed).
fn quoted_setting(value: &str) -> String {
    let mut shown: String = value.chars().take(40).collect();
    if value.chars().count() > 40 {
        shown.push('…');
    }
    shown
}

/// Exit codes (stable: scripts depend on them).
pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_REJECTED: u8 = 3;
pub const EXIT_CONFLICT: u8 = 4;
/// The reader of standard output went away (`| head`): the status of a process SIGPIPE ends
/// (128 + 13), what `cat` and the other filters give a `pipefail` script — without a message.
pub const EXIT_BROKEN_PIPE: u8 = 141;

/// An error for the user: the message names what is wrong and the fix; `code` is the exit code.
#[derive(Debug)]
pub struct UserError {
    pub code: u8,
    pub message: String,
    /// The store's error this one was made of (its `message` is its English), to be said again
    /// in the language of the front end (`speaking`).
    store: Option<Box<StoreError>>,
    /// An OS failure said in both languages (Chinese, English), to be picked by `speaking`.
    os: Option<Box<(String, String)>>,
}

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl UserError {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        UserError {
            code,
            message: message.into(),
            store: None,
            os: None,
        }
    }

    /// This error in `lang`: a store error said again in it (a message of the front end's
    /// own is already in its language).
    pub fn speaking(mut self, lang: Lang) -> Self {
        if let Some(e) = &self.store {
            self.message = e.render(lang);
        }
        if let Some(both) = &self.os {
            self.message = lang.pick(&both.0, &both.1).to_string();
        }
        self
    }
    pub fn rejected(message: impl Into<String>) -> Self {
        Self::new(EXIT_REJECTED, message)
    }
    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(EXIT_FAILURE, message)
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(EXIT_USAGE, message)
    }
}

impl From<StoreError> for UserError {
    /// The exit code of the error, its message in English until `speaking` says it in the
    /// front end's language.
    fn from(e: StoreError) -> Self {
        UserError {
            code: e.exit_code() as u8,
            message: e.to_string(),
            store: Some(Box::new(e)),
            os: None,
        }
    }
}

impl From<crate::files::OutputError> for UserError {
    /// Said in the front end's language by `speaking`, as the store's own output errors are.
    fn from(e: crate::files::OutputError) -> Self {
        UserError::from(StoreError::Output(e))
    }
}

impl From<std::io::Error> for UserError {
    /// The OS's words, named in Chinese by `i18n::os` when the front end speaks it.
    fn from(e: std::io::Error) -> Self {
        use crate::i18n::os::io_error;
        let mut u = UserError::failure(e.to_string()).or_broken_pipe(&e);
        if u.code != EXIT_BROKEN_PIPE {
            u.os = Some(Box::new((io_error(Lang::Zh, &e), io_error(Lang::En, &e))));
        }
        u
    }
}

/// Whether `e`, or an error it wraps (a CSV or JSON writer's), is a closed pipe.
fn is_broken_pipe(e: &std::io::Error) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
            // An io::Error made from another error keeps it as its inner error.
            if let Some(inner) = io.get_ref() {
                current = Some(inner);
                continue;
            }
        }
        if let Some(csv) = err.downcast_ref::<csv::Error>()
            && let csv::ErrorKind::Io(io) = csv.kind()
        {
            return io.kind() == std::io::ErrorKind::BrokenPipe;
        }
        if let Some(json) = err.downcast_ref::<serde_json::Error>() {
            return json.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe);
        }
        current = err.source();
    }
    false
}

impl UserError {
    /// The quiet end of a command whose reader closed the pipe, when `e` says so.
    pub fn or_broken_pipe(self, e: &std::io::Error) -> Self {
        if is_broken_pipe(e) {
            UserError {
                code: EXIT_BROKEN_PIPE,
                message: String::new(),
                store: None,
                os: None,
            }
        } else {
            self
        }
    }
}

/// The database path: --db, CERTDESK_DB, or certdesk.db in the user data folder; and whether
/// it is that default (whose folder certdesk may create; a path the user typed never gets
/// folders made for it).
pub fn db_path(cli_db: Option<PathBuf>) -> Result<(PathBuf, bool), UserError> {
    if let Some(p) = cli_db {
        if p.as_os_str().is_empty() {
            return Err(UserError::usage(
                "--db / CERTDESK_DB is empty; give a file path",
            ));
        }
        return Ok((p, false));
    }
    Ok((data_dir()?.join("certdesk.db"), true))
}

pub fn data_dir() -> Result<PathBuf, UserError> {
    let dirs = project_dirs().ok_or_else(|| {
        UserError::failure("cannot find your home folder for the default database; pass --db PATH or set CERTDESK_DB")
    })?;
    Ok(dirs.data_dir().to_path_buf())
}

/// The user's cache folder for certdesk (e.g. `~/.cache/certdesk`), if there is a home.
pub fn cache_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.cache_dir().to_path_buf())
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("cn", "certdesk", "certdesk")
}

/// Open `path`, or create it (and, for the default path, its folder) and say so.
pub fn create_or_open(
    path: &std::path::Path,
    default: bool,
    today: Date,
) -> Result<Store, UserError> {
    if default && let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            UserError::failure(format!("cannot create the folder {}: {e}", dir.display()))
        })?;
    }
    let store = Store::create_or_open(path, today)?;
    if store.was_created() {
        eprintln!(
            "certdesk: created a new database at {}",
            crate::domain::text::sanitize_for_display(&path.display().to_string())
        );
    }
    Ok(store)
}

/// Today's local date, unless --today / CERTDESK_TODAY says otherwise.
pub fn today(arg: Option<Date>) -> Date {
    arg.unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screens_settings_read_their_words() {
        assert_eq!(
            ThemeChoice::parse(" Light ", Lang::En).unwrap(),
            ThemeChoice::Light
        );
        assert_eq!(
            ThemeChoice::parse("深色", Lang::Zh).unwrap(),
            ThemeChoice::Dark
        );
        assert_eq!(
            ThemeChoice::parse("AUTO", Lang::Zh).unwrap(),
            ThemeChoice::Auto
        );
        assert_eq!(
            AmbiguousWidth::parse("wide", Lang::En).unwrap(),
            AmbiguousWidth::Wide
        );
        assert_eq!(
            AmbiguousWidth::parse("窄", Lang::En).unwrap(),
            AmbiguousWidth::Narrow
        );
    }

    #[test]
    fn a_broken_setting_is_refused_in_the_users_language() {
        for (value, zh, en) in [
            ("purple", "不是可用的主题", "is not a theme"),
            ("", "不是可用的主题", "is not a theme"),
            ("light;dark", "不是可用的主题", "is not a theme"),
        ] {
            let e = ThemeChoice::parse(value, Lang::Zh).unwrap_err();
            assert_eq!(e.code, EXIT_USAGE);
            assert!(e.message.contains(zh) && e.message.contains("light"), "{e}");
            let e = ThemeChoice::parse(value, Lang::En).unwrap_err();
            assert!(
                e.message.contains(en) && e.message.contains("CERTDESK_THEME"),
                "{e}"
            );
        }
        let e = AmbiguousWidth::parse("double", Lang::Zh).unwrap_err();
        assert!(
            e.message.contains("“double”") && e.message.contains("wide"),
            "{e}"
        );
        let e = AmbiguousWidth::parse("double", Lang::En).unwrap_err();
        assert!(
            e.message.contains("'double'") && e.message.contains("CERTDESK_AMBIGUOUS_WIDTH"),
            "{e}"
        );
        let long = "x".repeat(500);
        let e = ThemeChoice::parse(&long, Lang::En).unwrap_err();
        assert!(e.message.len() < 400, "{e}");
    }
}
