//! Every user-facing string of the screens, in Simplified Chinese and English.
//!
//! `Msg` is the one table of fixed sentences (`messages.rs`); `labels.rs` names the register's
//! codes (statuses, routes, acts, queue items, regions …) in both languages.

pub mod inspection;
mod labels;
mod messages;
pub mod sentences;

pub use labels::*;
pub use messages::Msg;

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

    /// The sentence `m` in this language.
    pub fn t(self, m: Msg) -> &'static str {
        m.text(self)
    }

    /// The sentence `m` with its `{name}` placeholders filled in.
    pub fn f(self, m: Msg, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut out = m.text(self).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), &value.to_string());
        }
        out
    }

    /// Pick between the Chinese and the English form of a label.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
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
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            assert!(!m.text(Lang::Zh).is_empty(), "{m:?} has no Chinese text");
            assert!(!m.text(Lang::En).is_empty(), "{m:?} has no English text");
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
            assert_eq!(
                holes(m.text(Lang::Zh)),
                holes(m.text(Lang::En)),
                "{m:?} placeholders differ"
            );
        }
    }
}
