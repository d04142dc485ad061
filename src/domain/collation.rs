//! The order of names as a Chinese reader expects it: by pinyin (北京 before 上海), not by
//! code point (上 U+4E0A before 北 U+5317). `name_sort` is the key stored beside a body's name
//! (`body.name_sort`, indexed), so the register can page through 100,000 bodies in that order in
//! SQL; the queue, held in memory, sorts by the same key.
//!
//! The key: each Han character as its syllable with the tone number (`bei3`), a run of other
//! characters as one lower-cased word, words separated by a space (shorter before longer:
//! `an1` before `an1 hui1`), then a tab and the name itself (homophones grouped by character;
//! a tab sorts before the space, so a name is never placed after its own continuations).

use pinyin::ToPinyin;

/// Readings the single-character table gets wrong at the start of names officers sort: place
/// names and words a body's name often holds (the crate knows characters, not words).
const WORD_READINGS: &[(&str, &[&str])] = &[
    ("重庆", &["chong2", "qing4"]),
    ("长沙", &["chang2", "sha1"]),
    ("长春", &["chang2", "chun1"]),
    ("长治", &["chang2", "zhi4"]),
    ("长江", &["chang2", "jiang1"]),
    ("长城", &["chang2", "cheng2"]),
    ("厦门", &["xia4", "men2"]),
    ("蚌埠", &["beng4", "bu4"]),
    ("六安", &["lu4", "an1"]),
    ("丽水", &["li2", "shui3"]),
    ("银行", &["yin2", "hang2"]),
    ("行业", &["hang2", "ye4"]),
];

/// The sort key of `name` (see the module's comment).
pub fn name_sort_key(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut run = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((len, readings)) = word_at(&chars[i..]) {
            flush(&mut run, &mut words);
            words.extend(readings.iter().map(|r| r.to_string()));
            i += len;
            continue;
        }
        let c = chars[i];
        match c.to_pinyin() {
            Some(p) => {
                flush(&mut run, &mut words);
                words.push(p.with_tone_num_end().replace('ü', "v"));
            }
            None if c.is_whitespace() => flush(&mut run, &mut words),
            None => run.push_str(&super::text::to_half_width(&c.to_string()).to_lowercase()),
        }
        i += 1;
    }
    flush(&mut run, &mut words);
    let mut key = words.join(" ");
    key.push('\t');
    key.push_str(name);
    key
}

fn word_at(chars: &[char]) -> Option<(usize, &'static [&'static str])> {
    WORD_READINGS.iter().find_map(|(word, readings)| {
        let n = word.chars().count();
        (chars.len() >= n && word.chars().zip(chars).all(|(a, b)| a == *b))
            .then_some((n, *readings))
    })
}

fn flush(run: &mut String, words: &mut Vec<String>) {
    if !run.is_empty() {
        words.push(std::mem::take(run));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by_cached_key(|n| name_sort_key(n));
        v
    }

    #[test]
    fn names_sort_by_pinyin_not_by_code_point() {
        // By code point 上 (U+4E0A) comes before 北 (U+5317); by pinyin bei before shang.
        assert!("上海" < "北京");
        assert_eq!(
            sorted(&["上海质量认证中心", "北京国实检测", "广州检验院", "安徽认证"]),
            ["安徽认证", "北京国实检测", "广州检验院", "上海质量认证中心"]
        );
    }

    #[test]
    fn a_name_comes_before_its_continuations_and_homophones_group() {
        assert_eq!(sorted(&["安徽省", "安", "安徽"]), ["安", "安徽", "安徽省"]);
        // Same syllables, different tones: by tone; same reading: grouped by character.
        let v = sorted(&["北京认证", "背景认证", "北京检测"]);
        assert_eq!(v, ["北京检测", "北京认证", "背景认证"]);
    }

    #[test]
    fn place_names_read_as_places() {
        assert!(name_sort_key("重庆市计量院").starts_with("chong2 qing4 shi4"));
        assert!(name_sort_key("厦门检测").starts_with("xia4 men2"));
        assert_eq!(sorted(&["重庆认证", "郑州认证"]), ["重庆认证", "郑州认证"]);
    }

    #[test]
    fn latin_and_full_width_letters_sort_as_words() {
        assert!(name_sort_key("SGS通标标准").starts_with("sgs tong1 biao1"));
        assert_eq!(
            name_sort_key("ＣＱＣ认证").split('\t').next(),
            name_sort_key("CQC认证").split('\t').next()
        );
        assert!(name_sort_key("绿色认证").starts_with("lv4 se4"));
        // Blank and odd input gives a key, never a panic.
        assert_eq!(name_sort_key(""), "\t");
        assert!(name_sort_key("（）\u{200B}#").starts_with("()"));
    }
}
