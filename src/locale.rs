//! The character set of the user's locale (`LC_ALL`, else `LC_CTYPE`, else `LANG`), for the
//! screens, which speak UTF-8 only: under `zh_CN.GB18030` or `zh_CN.GBK` they refuse to start
//! and say, in Chinese and English, which locale to use; and the words of that refusal (every
//! last message of a failed command) reach such a terminal in its own encoding (encoding_rs),
//! so it can be read there.

use crate::context::UserError;
use crate::i18n::{Lang, Msg};

/// The locale that decides the character set: the first non-empty of LC_ALL, LC_CTYPE, LANG.
pub fn ctype_locale(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| var(k).filter(|v| !v.is_empty()))
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The character set a locale name spells out ("zh_CN.GB18030" → "GB18030"); None when it
/// names none ("C", "POSIX", "zh_CN"), which leaves the terminal's encoding unsaid.
pub fn charset_of(locale: &str) -> Option<&str> {
    let (_, rest) = locale.split_once('.')?;
    let charset = rest.split('@').next().unwrap_or(rest);
    (!charset.is_empty()).then_some(charset)
}

fn is_utf8(charset: &str) -> bool {
    let name: String = charset
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    name == "utf8"
}

/// The same locale in UTF-8: "zh_CN.GB18030" → "zh_CN.UTF-8" (its modifier kept).
pub fn utf8_variant(locale: &str) -> String {
    let (name, rest) = locale.split_once('.').unwrap_or((locale, ""));
    let modifier = rest.split_once('@').map(|(_, m)| m);
    let name = if name.is_empty() || name == "C" || name == "POSIX" {
        "zh_CN"
    } else {
        name
    };
    match modifier {
        Some(m) => format!("{name}.UTF-8@{m}"),
        None => format!("{name}.UTF-8"),
    }
}

/// The encoding of a locale whose character set is not UTF-8 and that encoding_rs knows
/// (GB18030, GBK, GB2312, Big5, EUC-JP …).
fn legacy_encoding(locale: &str) -> Option<&'static encoding_rs::Encoding> {
    let charset = charset_of(locale).filter(|c| !is_utf8(c))?;
    let lower = charset.to_ascii_lowercase();
    // glibc writes "eucJP", "eucKR"; the WHATWG labels are "euc-jp", "euc-kr".
    let dashed = lower
        .strip_prefix("euc")
        .filter(|r| !r.starts_with('-'))
        .map(|r| format!("euc-{r}"));
    encoding_rs::Encoding::for_label(lower.as_bytes())
        .or_else(|| dashed.and_then(|d| encoding_rs::Encoding::for_label(d.as_bytes())))
}

/// The screens need a UTF-8 terminal: refuse a locale that names another character set, in
/// both languages (the user may not be able to read either one in a mangled terminal).
pub fn require_utf8_for(locale: Option<&str>) -> Result<(), UserError> {
    let Some(locale) = locale else {
        return Ok(());
    };
    let Some(charset) = charset_of(locale).filter(|c| !is_utf8(c)) else {
        return Ok(());
    };
    let suggest = utf8_variant(locale);
    let args: &[(&str, &dyn std::fmt::Display)] = &[
        ("locale", &locale),
        ("charset", &charset),
        ("suggest", &suggest),
    ];
    Err(UserError::usage(format!(
        "{}\n{}",
        Lang::Zh.f(Msg::NeedsUtf8, args),
        Lang::En.f(Msg::NeedsUtf8, args)
    )))
}

/// `require_utf8_for` the locale of this process.
pub fn require_utf8() -> Result<(), UserError> {
    require_utf8_for(ctype_locale(env_var).as_deref())
}

/// `text` (already sanitised) as bytes for a terminal of `locale`: in its legacy encoding when
/// it has one (characters it lacks become `&#NNNN;`), else UTF-8.
pub fn encode_for(locale: Option<&str>, text: &str) -> Vec<u8> {
    match locale.and_then(legacy_encoding) {
        Some(enc) => enc.encode(text).0.into_owned(),
        None => text.as_bytes().to_vec(),
    }
}

/// `encode_for` the locale of this process.
pub fn encode_for_terminal(text: &str) -> Vec<u8> {
    encode_for(ctype_locale(env_var).as_deref(), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_character_set_is_read_from_the_first_locale_variable_set() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            ctype_locale(env(&[("LANG", "zh_CN.GB18030")])).as_deref(),
            Some("zh_CN.GB18030")
        );
        assert_eq!(
            ctype_locale(env(&[("LANG", "zh_CN.GBK"), ("LC_ALL", "C.UTF-8")])).as_deref(),
            Some("C.UTF-8")
        );
        assert_eq!(
            ctype_locale(env(&[
                ("LANG", "zh_CN.GBK"),
                ("LC_ALL", ""),
                ("LC_CTYPE", "en_US.utf8")
            ]))
            .as_deref(),
            Some("en_US.utf8")
        );
        assert_eq!(ctype_locale(env(&[])), None);
    }

    #[test]
    fn a_legacy_character_set_is_refused_in_both_languages() {
        for locale in [
            "zh_CN.GB18030",
            "zh_CN.GBK",
            "zh_CN.gb2312",
            "zh_TW.Big5",
            "en_US.ISO-8859-1",
        ] {
            let e = require_utf8_for(Some(locale)).unwrap_err();
            assert_eq!(e.code, crate::context::EXIT_USAGE);
            assert!(e.message.contains("界面需要 UTF-8 终端"), "{e}");
            assert!(
                e.message.contains("the screens need a UTF-8 terminal"),
                "{e}"
            );
            assert!(e.message.contains(locale), "{e}");
        }
        let e = require_utf8_for(Some("zh_CN.GB18030")).unwrap_err();
        assert!(e.message.contains("LANG=zh_CN.UTF-8"), "{e}");
        for fine in [
            "zh_CN.UTF-8",
            "zh_CN.utf8",
            "C.UTF-8",
            "en_US.UTF-8@euro",
            "C",
            "POSIX",
            "zh_CN",
            "",
        ] {
            assert!(require_utf8_for(Some(fine)).is_ok(), "{fine}");
        }
        assert!(require_utf8_for(None).is_ok());
    }

    #[test]
    fn the_suggested_locale_keeps_language_and_modifier() {
        assert_eq!(utf8_variant("zh_CN.GB18030"), "zh_CN.UTF-8");
        assert_eq!(utf8_variant("de_DE.ISO-8859-15@euro"), "de_DE.UTF-8@euro");
        assert_eq!(utf8_variant(".GBK"), "zh_CN.UTF-8");
    }

    #[test]
    fn the_refusal_reaches_a_gb18030_terminal_in_gb18030() {
        let text = "界面需要 UTF-8 终端";
        let bytes = encode_for(Some("zh_CN.GB18030"), text);
        assert_ne!(bytes, text.as_bytes());
        let (back, _, bad) = encoding_rs::GB18030.decode(&bytes);
        assert!(!bad);
        assert_eq!(back, text);
        let bytes = encode_for(Some("zh_CN.GBK"), text);
        assert_eq!(encoding_rs::GBK.decode(&bytes).0, text);
        // eucJP, as glibc spells it.
        let bytes = encode_for(Some("ja_JP.eucJP"), "日本");
        assert_eq!(encoding_rs::EUC_JP.decode(&bytes).0, "日本");
        assert_eq!(encode_for(Some("zh_CN.UTF-8"), text), text.as_bytes());
        assert_eq!(encode_for(None, text), text.as_bytes());
        // A character set encoding_rs does not know: UTF-8 as it is.
        assert_eq!(encode_for(Some("xx.KOI9"), text), text.as_bytes());
    }
}
