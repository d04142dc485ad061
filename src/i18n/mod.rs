//! Every user-facing string of the screens, in Simplified Chinese and English.
//!
//! `Msg` is the one table of fixed sentences (`messages.rs`); `labels.rs` names the register's
//! codes (statuses, routes, acts, queue items, regions …) in both languages.

/// A table of sentences: `Name; Id => "中文", "English"; …` makes the enum `Name` with `ALL`
/// and `text(lang)`. `{name}` marks a value filled in by `Lang::f`; both languages must use the
/// same names (tested for every table).
macro_rules! message_table {
    ($name:ident; $($id:ident => $zh:literal, $en:literal;)+) => {
        /// A sentence of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($id),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$id),+];
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$id, Lang::Zh) => $zh, ($name::$id, Lang::En) => $en,)+
                }
            }
        }

        impl Text for $name {
            fn text(self, lang: Lang) -> &'static str {
                $name::text(self, lang)
            }
        }
    };
}

pub mod cli;
pub mod commands;
pub mod import;
pub mod inspection;
pub mod inspection_screens;
mod labels;
mod messages;
pub mod os;
pub mod risk;
pub mod rules;
pub mod sentences;
pub mod store;
pub mod usage;

pub use cli::CliMsg;
pub use commands::CmdMsg;
pub use labels::*;
pub use messages::Msg;

/// A sentence of one of the tables (`Msg` of the screens, `CliMsg` of the commands).
pub trait Text: Copy {
    fn text(self, lang: Lang) -> &'static str;
}

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// From LC_ALL, LC_MESSAGES or LANG (first set wins): `en*` → English, anything else → Chinese,
    /// the language of the people certdesk is for.
    pub fn from_env() -> Lang {
        let var = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        match var {
            Some(v) if v.to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// The language of the commands (not the screens): `--lang`, else the locale (LC_ALL,
    /// LC_MESSAGES or LANG, the first set) when it starts with `zh`, else English — what scripts
    /// running under the C locale have always read.
    pub fn for_commands(arg: Option<Lang>) -> Lang {
        arg.unwrap_or_else(|| {
            let var = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
            match var {
                Some(v) if v.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
                _ => Lang::En,
            }
        })
    }

    /// The sentence `m` in this language.
    pub fn t(self, m: impl Text) -> &'static str {
        m.text(self)
    }

    /// The sentence `m` with its `{name}` placeholders filled in.
    pub fn f(self, m: impl Text, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(m.text(self), args)
    }

    /// Pick between the Chinese and the English form of a label.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// `template` with each `{name}` of `args` replaced by its value, in one pass over the template:
/// a value is never searched for placeholders itself (a name typed as `{date}` stays as typed),
/// and a `{…}` that names no argument is left as it is.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v.to_string(), close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(&v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(Lang::En.f(Msg::MatchCount, &[("n", &42)]), "42 matches");
        assert_eq!(Lang::Zh.f(Msg::MatchCount, &[("n", &42)]), "共 42 条");
    }

    #[test]
    fn a_value_is_never_filled_in_itself() {
        // A filled value that looks like a later placeholder stays as it was given.
        let s = Lang::En.f(
            Msg::ErrConflict,
            &[("by", &"{at}"), ("at", &"2026-11-03 10:00")],
        );
        assert!(
            s.contains("{at} changed this qualification at 2026-11-03 10:00"),
            "{s}"
        );
        // Nor an earlier one.
        let s = Lang::En.f(Msg::ErrConflict, &[("at", &"{by}"), ("by", &"wang")]);
        assert!(s.contains("wang changed this qualification at {by}"), "{s}");
        // Unknown or unclosed braces pass through untouched.
        assert_eq!(fill("a {x} {y", &[("y", &1)]), "a {x} {y");
        assert_eq!(fill("{n}{n}", &[("n", &"{n}")]), "{n}{n}");
        assert_eq!(fill("共 {n} 条", &[("n", &"你好")]), "共 你好 条");
    }

    #[test]
    fn every_message_has_both_languages() {
        let screens = Msg::ALL
            .iter()
            .map(|m| (format!("{m:?}"), m.text(Lang::Zh), m.text(Lang::En)));
        let commands = CliMsg::ALL
            .iter()
            .map(|m| (format!("{m:?}"), m.text(Lang::Zh), m.text(Lang::En)));
        let tables = [
            table::<CmdMsg>(),
            table::<import::ImportMsg>(),
            table::<usage::UsageMsg>(),
        ];
        for (m, zh, en) in screens.chain(commands).chain(tables.into_iter().flatten()) {
            assert!(!zh.is_empty(), "{m} has no Chinese text");
            assert!(!en.is_empty(), "{m} has no English text");
            // The same placeholders in both languages.
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(h, _)| h.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(zh), holes(en), "{m} placeholders differ");
        }
    }

    /// Every sentence of a table made by `message_table!`: (name, Chinese, English).
    fn table<M: Text + std::fmt::Debug + AllOf>() -> Vec<(String, &'static str, &'static str)> {
        M::all()
            .iter()
            .map(|m| (format!("{m:?}"), m.text(Lang::Zh), m.text(Lang::En)))
            .collect()
    }

    /// The tables of the commands added for issue 10.11 say each sentence differently in the two
    /// languages (a sentence of placeholders, codes or commands alone excepted).
    #[test]
    fn the_new_tables_translate_every_sentence() {
        let tables = [
            table::<CmdMsg>(),
            table::<import::ImportMsg>(),
            table::<usage::UsageMsg>(),
        ];
        for (m, zh, en) in tables.into_iter().flatten() {
            let words = |s: &str| {
                fill(s, &[])
                    .split('{')
                    .map(|p| p.split_once('}').map_or(p, |(_, rest)| rest).to_string())
                    .collect::<String>()
            };
            let has_words = words(en).chars().any(|c| c.is_ascii_alphabetic());
            let is_literal = matches!(m.as_str(), "TriedUtf8" | "DoctorJoinGroup" | "FixWalMode");
            if has_words && !is_literal {
                assert_ne!(zh, en, "{m} is not translated");
            }
        }
    }

    trait AllOf: Sized + 'static {
        fn all() -> &'static [Self];
    }
    impl AllOf for CmdMsg {
        fn all() -> &'static [Self] {
            CmdMsg::ALL
        }
    }
    impl AllOf for import::ImportMsg {
        fn all() -> &'static [Self] {
            import::ImportMsg::ALL
        }
    }
    impl AllOf for usage::UsageMsg {
        fn all() -> &'static [Self] {
            usage::UsageMsg::ALL
        }
    }
}
