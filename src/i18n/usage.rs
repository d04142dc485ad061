//! clap's usage errors (unknown flag, missing value, invalid value …) in Chinese, from the
//! error's kind and context; in English clap's own text stands. The exit code stays clap's (2).

use super::{Lang, Text};
use clap::error::{ContextKind, ContextValue, ErrorKind};

message_table! {
    UsageMsg;
    Error => "错误：{message}", "error: {message}";
    UnknownArgument => "无法识别的参数“{arg}”", "unexpected argument '{arg}' found";
    InvalidSubcommand => "无法识别的子命令“{arg}”", "unrecognized subcommand '{arg}'";
    InvalidValue => "参数 {arg} 的值“{value}”无效", "invalid value '{value}' for '{arg}'";
    ValueMissing => "参数 {arg} 需要一个值，但没有给出", "a value is required for '{arg}' but none was supplied";
    ValueValidation => "参数 {arg} 的值“{value}”无效：{why}", "invalid value '{value}' for '{arg}': {why}";
    PossibleValues => "可用的值：{values}", "possible values: {values}";
    MissingRequired => "缺少必需的参数：{args}", "the following required arguments were not provided: {args}";
    MissingSubcommand => "{command} 需要一个子命令，但没有给出", "'{command}' requires a subcommand but one was not provided";
    Subcommands => "可用的子命令：{values}", "subcommands: {values}";
    Conflict => "参数 {arg} 不能与 {other} 同时使用", "the argument '{arg}' cannot be used with {other}";
    ConflictOthers => "其他已给出的参数", "one or more of the other specified arguments";
    UsedTwice => "参数 {arg} 不能重复给出", "the argument '{arg}' cannot be used multiple times";
    NoEquals => "参数 {arg} 的值必须用等号给出（形如 --参数=值）", "equal sign is needed when assigning values to '{arg}'";
    TooManyValues => "参数 {arg} 的值“{value}”多余", "unexpected value '{value}' for '{arg}' found; no more were expected";
    WrongNumber => "参数 {arg} 需要 {expected} 个值，但给出了 {actual} 个", "{expected} values required for '{arg}' but {actual} were provided";
    TooFewValues => "参数 {arg} 至少需要 {min} 个值，但只给出了 {actual} 个", "{min} more values required by '{arg}'; only {actual} were provided";
    InvalidUtf8 => "参数中有无效的 UTF-8 字符", "invalid UTF-8 was detected in one or more arguments";
    Unknown => "命令行有误", "the command line is not valid";
    DidYouMean => "  提示：是否想写“{value}”？", "  tip: a similar value exists: '{value}'";
    Usage => "用法：{usage}", "Usage: {usage}";
    MoreHelp => "更多信息请用“{help}”。", "For more information, try '{help}'.";
}

/// The `--lang` of a command line clap refused: its own parse never returned it. `--lang zh`,
/// `--lang=zh` (or en); None when it is not given or not one of the two.
pub fn lang_in_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<Lang> {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut found = None;
    for (i, a) in args.iter().enumerate() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        match value {
            Some("zh") => found = Some(Lang::Zh),
            Some("en") => found = Some(Lang::En),
            _ => {}
        }
    }
    found
}

/// The language of the commands as the command line and the locale say, for what is said
/// before (or without) a parsed `--lang`: a refused command line, a value parser's refusal.
pub fn command_line_lang() -> Lang {
    lang_in_args(std::env::args_os()).unwrap_or_else(|| Lang::for_commands(None))
}

fn text(v: Option<&ContextValue>) -> Option<String> {
    match v? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(s) => Some(s.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(s) => Some(
            s.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The usage error `e` in Chinese, or None when it is not a usage error (help, version) and
/// clap's own output stands.
pub fn in_chinese(e: &clap::Error) -> Option<String> {
    let zh = Lang::Zh;
    let get = |k| text(e.get(k));
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let f = |m: UsageMsg, args: &[(&str, &dyn std::fmt::Display)]| zh.f(m, args);
    let mut lines = Vec::new();
    let first = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        | ErrorKind::DisplayVersion
        | ErrorKind::Io
        | ErrorKind::Format => return None,
        ErrorKind::UnknownArgument => f(UsageMsg::UnknownArgument, &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            f(UsageMsg::InvalidSubcommand, &[("arg", &sub)])
        }
        ErrorKind::InvalidValue if value.is_empty() => f(UsageMsg::ValueMissing, &[("arg", &arg)]),
        ErrorKind::InvalidValue => f(UsageMsg::InvalidValue, &[("arg", &arg), ("value", &value)]),
        ErrorKind::ValueValidation => {
            // The parser's own reason (certdesk's parsers say it in English).
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            f(
                UsageMsg::ValueValidation,
                &[("arg", &arg), ("value", &value), ("why", &why)],
            )
        }
        ErrorKind::MissingRequiredArgument => f(UsageMsg::MissingRequired, &[("args", &arg)]),
        ErrorKind::MissingSubcommand => {
            let command = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            f(UsageMsg::MissingSubcommand, &[("command", &command)])
        }
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg);
            if prior.as_deref() == Some(arg.as_str()) {
                f(UsageMsg::UsedTwice, &[("arg", &arg)])
            } else {
                let other = prior.unwrap_or_else(|| zh.t(UsageMsg::ConflictOthers).to_string());
                f(UsageMsg::Conflict, &[("arg", &arg), ("other", &other)])
            }
        }
        ErrorKind::NoEquals => f(UsageMsg::NoEquals, &[("arg", &arg)]),
        ErrorKind::TooManyValues => f(UsageMsg::TooManyValues, &[("arg", &arg), ("value", &value)]),
        ErrorKind::WrongNumberOfValues => {
            let expected = get(ContextKind::ExpectedNumValues).unwrap_or_default();
            let actual = get(ContextKind::ActualNumValues).unwrap_or_default();
            f(
                UsageMsg::WrongNumber,
                &[("arg", &arg), ("expected", &expected), ("actual", &actual)],
            )
        }
        ErrorKind::TooFewValues => {
            let min = get(ContextKind::MinValues).unwrap_or_default();
            let actual = get(ContextKind::ActualNumValues).unwrap_or_default();
            f(
                UsageMsg::TooFewValues,
                &[("arg", &arg), ("min", &min), ("actual", &actual)],
            )
        }
        ErrorKind::InvalidUtf8 => zh.t(UsageMsg::InvalidUtf8).to_string(),
        _ => zh.t(UsageMsg::Unknown).to_string(),
    };
    lines.push(f(UsageMsg::Error, &[("message", &first)]));
    if let Some(values) = get(ContextKind::ValidValue) {
        lines.push(format!(
            "  {}",
            f(UsageMsg::PossibleValues, &[("values", &values)])
        ));
    }
    if let Some(values) = get(ContextKind::ValidSubcommand) {
        lines.push(format!(
            "  {}",
            f(UsageMsg::Subcommands, &[("values", &values)])
        ));
    }
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        if let Some(v) = get(kind) {
            lines.push(f(UsageMsg::DidYouMean, &[("value", &v)]));
        }
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim_start_matches("Usage:").trim();
        lines.push(String::new());
        lines.push(f(UsageMsg::Usage, &[("usage", &usage)]));
    }
    lines.push(String::new());
    lines.push(f(UsageMsg::MoreHelp, &[("help", &"--help")]));
    Some(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn zh_of(args: &[&str]) -> (String, i32) {
        let e = crate::cli::Cli::try_parse_from(args).unwrap_err();
        (in_chinese(&e).expect("a usage error"), e.exit_code())
    }

    #[test]
    fn an_unknown_flag_reads_in_chinese() {
        let (text, code) = zh_of(&["certdesk", "export", "bodies", "--fromat", "csv"]);
        assert!(text.starts_with("错误：无法识别的参数“--fromat”"), "{text}");
        assert!(text.contains("提示：是否想写“--format”？"), "{text}");
        assert!(text.contains("用法："), "{text}");
        assert_eq!(code, 2);
    }

    #[test]
    fn an_invalid_value_names_the_possible_ones() {
        let (text, _) = zh_of(&["certdesk", "--lang", "fr", "check"]);
        assert!(
            text.starts_with("错误：参数 --lang <zh|en> 的值“fr”无效"),
            "{text}"
        );
        assert!(text.contains("可用的值：zh, en"), "{text}");
    }

    #[test]
    fn a_missing_value_and_a_bad_date() {
        let (text, _) = zh_of(&["certdesk", "export", "bodies", "--format"]);
        assert!(text.contains("需要一个值，但没有给出"), "{text}");
        let (text, _) = zh_of(&["certdesk", "--today", "2026-13-01", "queue"]);
        assert!(text.contains("的值“2026-13-01”无效："), "{text}");
    }

    #[test]
    fn help_and_version_stay_clap_s() {
        let e = crate::cli::Cli::try_parse_from(["certdesk", "--help"]).unwrap_err();
        assert!(in_chinese(&e).is_none());
    }

    #[test]
    fn the_lang_of_a_refused_command_line() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_in_args(args(&["certdesk", "--lang", "zh", "x"])),
            Some(Lang::Zh)
        );
        assert_eq!(
            lang_in_args(args(&["certdesk", "--lang=en", "x"])),
            Some(Lang::En)
        );
        assert_eq!(lang_in_args(args(&["certdesk", "--lang"])), None);
        assert_eq!(
            lang_in_args(args(&["certdesk", "--", "--lang", "zh"])),
            None
        );
        assert_eq!(lang_in_args(args(&["certdesk", "--language", "zh"])), None);
    }
}
