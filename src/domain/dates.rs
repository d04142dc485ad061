//! Dates as officers write them: in spreadsheets, on the command line, in the act form.

use crate::domain::text::to_half_width;
use jiff::civil::Date;

/// The forms [`parse_date`] accepts, for error messages.
pub(crate) const ACCEPTED_FORMS: &str = "2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or 20240305";

/// A calendar date written as `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024年3月5日` (the 日 may
/// be left out, spaces between the parts are allowed) or `20240305`; full-width digits and
/// surrounding spaces are fine. A time after the date (`2024-03-05 00:00:00`, `2024-03-05T08:30`,
/// as Excel or exports write it) is ignored when it is a valid time. The year has four digits;
/// day-month order is never guessed (`3/5/2024` is refused). Any year jiff supports is accepted:
/// range checks belong to the caller.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = to_half_width(s.trim());
    let s = s.trim();
    let (y, m, d) = if s.contains('年') {
        chinese_parts(s)?
    } else {
        let date_part = match s.find([' ', 'T']) {
            Some(i) if is_time(s[i + 1..].trim()) => &s[..i],
            Some(_) => return None,
            None => s,
        };
        numeric_parts(date_part)?
    };
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    let y: i16 = digits(y)?.try_into().ok()?;
    let m: i8 = digits(m)?.try_into().ok()?;
    let d: i8 = digits(d)?.try_into().ok()?;
    Date::new(y, m, d).ok()
}

/// "2024-03-05", "2024/3/5", "2024.3.5" (one separator throughout) or "20240305".
fn numeric_parts(date_part: &str) -> Option<(&str, &str, &str)> {
    if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit()) {
        Some((&date_part[..4], &date_part[4..6], &date_part[6..]))
    } else {
        let sep = date_part.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut it = date_part.split(sep);
        let parts = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() {
            return None;
        }
        Some(parts)
    }
}

/// "2024年3月5日", "2024 年 3 月 5 日", "2024年03月05".
fn chinese_parts(s: &str) -> Option<(&str, &str, &str)> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.trim().strip_suffix('日').unwrap_or(rest.trim());
    Some((y.trim(), m.trim(), d.trim()))
}

/// The value of a string of ASCII digits (None for anything else, including "").
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// "HH:MM", "HH:MM:SS" or "HH:MM:SS.fff" with a valid hour, minute and second.
fn is_time(s: &str) -> bool {
    let (hms, frac) = match s.split_once('.') {
        Some((hms, frac)) => (hms, Some(frac)),
        None => (s, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let parts: Vec<&str> = hms.split(':').collect();
    if !(2..=3).contains(&parts.len()) || (frac.is_some() && parts.len() != 3) {
        return false;
    }
    let limits = [23, 59, 59];
    parts
        .iter()
        .zip(limits)
        .all(|(p, max)| (1..=2).contains(&p.len()) && digits(p).is_some_and(|v| v <= max))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn forms_officers_write() {
        let d = date(2024, 3, 5);
        for s in [
            "2024-03-05",
            "2024-3-5",
            "2024/3/5",
            "2024/03/05",
            "2024.3.5",
            "2024年3月5日",
            "2024年03月05日",
            "2024 年 3 月 5 日",
            "2024年3月5",
            "20240305",
            " 2024-03-05 ",
            "\u{3000}２０２４－０３－０５\u{3000}",
            "２０２４年３月５日",
            "2024-03-05 00:00:00",
            "2024/3/5 0:00",
            "2024-03-05T00:00:00",
            "2024-03-05 14:30:00.000",
        ] {
            assert_eq!(parse_date(s), Some(d), "{s:?}");
        }
    }

    #[test]
    fn refused() {
        for s in [
            "",
            "  ",
            "2024",
            "2024-03",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "3/5/2024",
            "05.03.2024",
            "24-3-5",
            "2024-03-05-01",
            "2024-3/5",
            "2024/03/05 25:00",
            "2024-03-05 noon",
            "2024年3月",
            "2024年13月5日",
            "２０２４",
            "45356",
            "2024030",
            "202403051",
            "+2024-03-05",
            "2024-+3-05",
            "二〇二四年三月五日",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn leap_days() {
        assert_eq!(parse_date("2024/2/29"), Some(date(2024, 2, 29)));
        assert_eq!(parse_date("2000-02-29"), Some(date(2000, 2, 29)));
        assert_eq!(parse_date("1900-02-29"), None);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,24}") {
            let _ = parse_date(&s);
        }

        #[test]
        fn every_date_round_trips_in_every_form(y in 1949i16..=2100, m in 1i8..=12, d in 1i8..=31) {
            if let Ok(dt) = Date::new(y, m, d) {
                for s in [
                    format!("{y:04}-{m:02}-{d:02}"),
                    format!("{y}/{m}/{d}"),
                    format!("{y}.{m}.{d}"),
                    format!("{y}年{m}月{d}日"),
                    format!("{y:04}{m:02}{d:02}"),
                ] {
                    prop_assert_eq!(parse_date(&s), Some(dt), "{}", s);
                }
            }
        }
    }
}
