//! Risk signals (风险预警, issue 11 point 9): what in a body's record calls for a closer look —
//! repeated rectification orders, a verification overdue, a penalty or a false or unkept
//! commitment in the window, an approval expiring with no renewal filed — and the risk class
//! the record suggests. Pure: the store finds the events, this module names and weighs them.

use super::Date;
use super::model::RiskClass;

/// A kind of signal. The code is stable (JSON, `--kind`); the words are in `i18n::risk`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SignalKind {
    /// At least `repeated_orders` rectification orders (责令限期改正, or a verification that
    /// ordered rectification) in the window.
    RepeatedRectification,
    /// A commitment verification (承诺核查) open past its due date.
    VerificationOverdue,
    /// A penalty decided (责令停业整顿, 撤销批准文件/吊销) in the window.
    RecentPenalty,
    /// A verification found the commitment false (承诺不实) in the window.
    FalseCommitment,
    /// A verification found the commitment not kept (未履行承诺) in the window.
    UnkeptCommitment,
    /// An approval ending within `expiring_days` with no renewal filed.
    ExpiringWithoutRenewal,
    /// The record suggests a higher risk class than the body has (`suggested_class`).
    ClassTooLow,
}

impl SignalKind {
    pub const ALL: [SignalKind; 7] = [
        SignalKind::RepeatedRectification,
        SignalKind::VerificationOverdue,
        SignalKind::RecentPenalty,
        SignalKind::FalseCommitment,
        SignalKind::UnkeptCommitment,
        SignalKind::ExpiringWithoutRenewal,
        SignalKind::ClassTooLow,
    ];

    /// The stable code (JSON `code`, `certdesk risk --kind`).
    pub fn code(self) -> &'static str {
        match self {
            SignalKind::RepeatedRectification => "repeated_rectification",
            SignalKind::VerificationOverdue => "verification_overdue",
            SignalKind::RecentPenalty => "recent_penalty",
            SignalKind::FalseCommitment => "false_commitment",
            SignalKind::UnkeptCommitment => "unkept_commitment",
            SignalKind::ExpiringWithoutRenewal => "expiring_without_renewal",
            SignalKind::ClassTooLow => "class_too_low",
        }
    }

    /// A code, any case, `-` for `_` accepted.
    pub fn parse(s: &str) -> Option<SignalKind> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        SignalKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// What the record shows of the body's conduct (a penalty, a false or unkept commitment,
    /// repeated orders): each one suggests at least class C.
    pub fn is_serious(self) -> bool {
        matches!(
            self,
            SignalKind::RepeatedRectification
                | SignalKind::RecentPenalty
                | SignalKind::FalseCommitment
                | SignalKind::UnkeptCommitment
        )
    }
}

/// `repeated_rectification,recent_penalty` → the kinds, in the order of `ALL`; the first part
/// that is no code is the error.
pub fn parse_kinds(s: &str) -> Result<Vec<SignalKind>, String> {
    let mut kinds = Vec::new();
    for part in s
        .split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match SignalKind::parse(part) {
            Some(k) if !kinds.contains(&k) => kinds.push(k),
            Some(_) => {}
            None => return Err(part.to_string()),
        }
    }
    if kinds.is_empty() {
        return Err(s.to_string());
    }
    kinds.sort();
    Ok(kinds)
}

/// The thresholds, office settings (`certdesk settings set KEY N`, each 1–120).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskSettings {
    /// `risk_window_months`: how far back penalties, commitments and orders count (24).
    pub window_months: u32,
    /// `risk_expiring_days`: an approval ending within this many days with no renewal filed (90).
    pub expiring_days: u32,
    /// `risk_repeated_orders`: how many rectification orders in the window are "repeated" (2).
    pub repeated_orders: u32,
}

impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            window_months: 24,
            expiring_days: 90,
            repeated_orders: 2,
        }
    }
}

impl RiskSettings {
    pub const KEYS: [&'static str; 3] = [
        "risk_window_months",
        "risk_expiring_days",
        "risk_repeated_orders",
    ];

    pub fn get(&self, key: &str) -> Option<u32> {
        Some(match key {
            "risk_window_months" => self.window_months,
            "risk_expiring_days" => self.expiring_days,
            "risk_repeated_orders" => self.repeated_orders,
            _ => return None,
        })
    }

    /// Set a risk setting: Some(false) when `n` is outside 1–120, None for a key that is not one.
    pub fn set(&mut self, key: &str, n: u32) -> Option<bool> {
        let slot = match key {
            "risk_window_months" => &mut self.window_months,
            "risk_expiring_days" => &mut self.expiring_days,
            "risk_repeated_orders" => &mut self.repeated_orders,
            _ => return None,
        };
        Some(
            (1..=120).contains(&n) && {
                *slot = n;
                true
            },
        )
    }

    /// The first day of the window ending `today`: `window_months` before it (民法典 Art. 202:
    /// the corresponding day, or the month's last). An act on that day still counts; one a day
    /// earlier does not.
    pub fn window_start(&self, today: Date) -> Date {
        today
            .checked_sub(jiff::Span::new().months(self.window_months as i64))
            .unwrap_or(Date::MIN)
    }

    /// The last end date that counts as expiring: `expiring_days` after today.
    pub fn expiring_until(&self, today: Date) -> Date {
        today
            .checked_add(jiff::Span::new().days(self.expiring_days as i64))
            .unwrap_or(Date::MAX)
    }
}

/// The class the record suggests, never lower than the one the body has: a serious signal
/// (penalty, false or unkept commitment, repeated orders) → at least C; two or more kinds of
/// signal of which one is serious → D; an overdue verification or an expiring approval alone
/// → at least B.
pub fn suggested_class(current: RiskClass, kinds: &[SignalKind]) -> RiskClass {
    let mut distinct: Vec<SignalKind> = kinds
        .iter()
        .copied()
        .filter(|k| *k != SignalKind::ClassTooLow)
        .collect();
    distinct.sort();
    distinct.dedup();
    let serious = distinct.iter().any(|k| k.is_serious());
    let floor = match (distinct.len(), serious) {
        (0, _) => RiskClass::A,
        (n, true) if n >= 2 => RiskClass::D,
        (_, true) => RiskClass::C,
        (_, false) => RiskClass::B,
    };
    current.max(floor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use SignalKind as K;
    use jiff::civil::date;

    #[test]
    fn codes_round_trip_and_lists_parse() {
        for k in SignalKind::ALL {
            assert_eq!(SignalKind::parse(k.code()), Some(k));
        }
        assert_eq!(
            SignalKind::parse(" Recent-Penalty "),
            Some(K::RecentPenalty)
        );
        assert_eq!(SignalKind::parse("penalty"), None);
        assert_eq!(
            parse_kinds("recent_penalty，repeated_rectification,recent_penalty"),
            Ok(vec![K::RepeatedRectification, K::RecentPenalty])
        );
        assert_eq!(
            parse_kinds("recent_penalty,nonsense"),
            Err("nonsense".into())
        );
        assert!(parse_kinds(" , ").is_err());
    }

    #[test]
    fn the_window_counts_its_first_day_and_not_the_day_before() {
        let s = RiskSettings::default();
        let today = date(2026, 11, 27);
        assert_eq!(s.window_start(today), date(2024, 11, 27));
        // 29 Feb has no corresponding day two years later or earlier: the month's last.
        assert_eq!(s.window_start(date(2026, 2, 28)), date(2024, 2, 28));
        assert_eq!(s.window_start(date(2024, 2, 29)), date(2022, 2, 28));
        assert_eq!(s.expiring_until(today), date(2027, 2, 25));
    }

    #[test]
    fn settings_are_whole_numbers_from_1_to_120() {
        let mut s = RiskSettings::default();
        assert_eq!(s.set("risk_window_months", 12), Some(true));
        assert_eq!(s.window_months, 12);
        assert_eq!(s.set("risk_window_months", 0), Some(false));
        assert_eq!(s.set("risk_expiring_days", 121), Some(false));
        assert_eq!(s.window_months, 12);
        assert_eq!(s.set("inspection_ratio_a", 3), None);
        for key in RiskSettings::KEYS {
            assert!(s.get(key).is_some());
        }
    }

    #[test]
    fn the_suggested_class_follows_the_record_and_never_lowers() {
        use RiskClass::*;
        assert_eq!(suggested_class(A, &[]), A);
        assert_eq!(suggested_class(A, &[K::VerificationOverdue]), B);
        assert_eq!(
            suggested_class(A, &[K::VerificationOverdue, K::ExpiringWithoutRenewal]),
            B
        );
        assert_eq!(suggested_class(A, &[K::RecentPenalty]), C);
        assert_eq!(suggested_class(B, &[K::FalseCommitment]), C);
        assert_eq!(
            suggested_class(B, &[K::RecentPenalty, K::ExpiringWithoutRenewal]),
            D
        );
        assert_eq!(
            suggested_class(A, &[K::RepeatedRectification, K::UnkeptCommitment]),
            D
        );
        // The same kind twice is one kind; class_too_low itself weighs nothing.
        assert_eq!(
            suggested_class(A, &[K::RecentPenalty, K::RecentPenalty, K::ClassTooLow]),
            C
        );
        assert_eq!(suggested_class(D, &[K::VerificationOverdue]), D);
    }
}
