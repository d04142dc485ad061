//! The enumerations of the register, with their stored names and the words spreadsheets use.

/// Declares an enum with its stored (snake_case) names, aliases accepted on input, and a
/// Chinese label, so the mapping lives in one table per enum.
macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $stored:literal, $zh:literal, [$($alias:literal),*];)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| ::serde::de::Error::custom(format!("unknown {}: {s}", stringify!($name))))
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The name stored in the database and printed in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored),+ }
            }
            /// The Chinese term officers use.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }
            /// Accepts the stored name, the Chinese term and common aliases, any case, full-width too.
            pub fn parse(s: &str) -> Option<Self> {
                let n = $crate::domain::text::normalise_id(s);
                $(
                    if n == $stored.to_uppercase() || n == $zh $(|| n == $alias.to_uppercase())* {
                        return Some($name::$variant);
                    }
                )+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named_enum;

named_enum! {
    /// How the approval was decided (审批方式).
    Route {
        Commitment = "commitment", "告知承诺", ["承诺"];
        Optimized = "optimized", "优化审批", ["优化"];
        General = "general", "一般程序", ["一般", "普通程序"];
    }
}

named_enum! {
    /// Risk / credit class used for random inspection ratios.
    RiskClass {
        A = "A", "A类", [];
        B = "B", "B类", [];
        C = "C", "C类", [];
        D = "D", "D类", [];
    }
}

named_enum! {
    /// The state of a qualification (DOMAIN.md). `Expired` is derived from dates when reading,
    /// or stored after a refused renewal whose end date had passed.
    QualStatus {
        Active = "active", "有效", [];
        PendingVerification = "pending_verification", "有效（待核查）", ["有效(待核查)", "待核查"];
        RenewalPending = "renewal_pending", "延续审查中", [];
        Suspended = "suspended", "停业整顿", ["暂停"];
        Expired = "expired", "已过期", ["过期"];
        // State names read as states (已…); the act names of earlier versions still parse.
        Revoked = "revoked", "已撤销", ["撤销"];
        RevokedPenalty = "revoked_penalty", "已撤销批准文件", ["撤销批准文件/吊销", "吊销", "已吊销", "撤销批准文件", "已撤销资质认定", "撤销资质认定"];
        Withdrawn = "withdrawn", "已撤回", ["撤回"];
        Cancelled = "cancelled", "已注销", ["注销"];
    }
}

impl QualStatus {
    /// No act leads out of a terminal state: a new approval is a new record.
    pub fn is_terminal(self) -> bool {
        self == QualStatus::Cancelled
    }

    /// The qualification still allows the body to certify or test (possibly with conditions).
    pub fn is_in_force(self) -> bool {
        matches!(
            self,
            QualStatus::Active | QualStatus::PendingVerification | QualStatus::RenewalPending
        )
    }

    /// How a qualification stands on `today`, every derivation applied: an approval past its
    /// printed end date is expired, unless a renewal was filed in time (`renewal_late` is
    /// `Some(false)`) and not decided — then it is renewed by law from the next day for a new
    /// period of `validity_years` (行政许可法 Art. 50(2)), in the state it was in. An approval
    /// in force with a renewal filed reads as `renewal_pending` until its end date. (A stored
    /// `renewal_pending`, from schema version 2, reads as active with a renewal filed.)
    pub fn standing(
        self,
        valid_until: jiff::civil::Date,
        renewal_late: Option<bool>,
        validity_years: i16,
        today: jiff::civil::Date,
    ) -> Standing {
        use QualStatus::*;
        let stored = if self == RenewalPending { Active } else { self };
        let live = matches!(stored, Active | PendingVerification | Suspended);
        let standing = |status, valid_until, deemed_renewal| Standing {
            status,
            valid_until,
            deemed_renewal,
        };
        if live && today > valid_until {
            if renewal_late == Some(false) {
                let renewed = deemed_renewal_end(valid_until, validity_years);
                if today <= renewed {
                    return standing(stored, renewed, true);
                }
            }
            return standing(Expired, valid_until, false);
        }
        if stored == Active && renewal_late.is_some() {
            return standing(RenewalPending, valid_until, false);
        }
        standing(stored, valid_until, false)
    }

    /// `standing` for a qualification with no renewal filed.
    pub fn effective(self, valid_until: jiff::civil::Date, today: jiff::civil::Date) -> QualStatus {
        self.standing(valid_until, None, 6, today).status
    }
}

/// The end of the period an approval renewed by law runs for: `validity_years` counted from
/// the day after the old end date, which ends on the old end date's anniversary.
pub fn deemed_renewal_end(
    valid_until: jiff::civil::Date,
    validity_years: i16,
) -> jiff::civil::Date {
    valid_until
        .checked_add(jiff::Span::new().years(validity_years))
        .unwrap_or(valid_until)
}

/// A qualification's state as of a day (`QualStatus::standing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub status: QualStatus,
    /// The end date in force: the printed one, or the derived one of a renewal by law.
    pub valid_until: jiff::civil::Date,
    /// Renewed by law (视为准予延续，行政许可法第五十条): filed in time, undecided at the end date.
    pub deemed_renewal: bool,
}

named_enum! {
    /// Status of one scope item (认证领域 / test item): revocation can be partial.
    ScopeStatus {
        Active = "active", "有效", [];
        Revoked = "revoked", "已撤销", ["撤销"];
        Removed = "removed", "已缩小", ["缩小", "已缩减"];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn names_round_trip_and_chinese_is_accepted() {
        for s in QualStatus::ALL {
            assert_eq!(QualStatus::parse(s.as_str()), Some(*s));
            assert_eq!(QualStatus::parse(s.zh()), Some(*s));
        }
        // Files written before the states read as states still import.
        for (old, s) in [
            ("撤销", QualStatus::Revoked),
            ("撤销批准文件/吊销", QualStatus::RevokedPenalty),
            ("吊销", QualStatus::RevokedPenalty),
            ("撤回", QualStatus::Withdrawn),
            ("注销", QualStatus::Cancelled),
        ] {
            assert_eq!(QualStatus::parse(old), Some(s), "{old}");
        }
        assert_eq!(QualStatus::Revoked.zh(), "已撤销");
        assert_eq!(QualStatus::RevokedPenalty.zh(), "已撤销批准文件");
        assert_eq!(QualStatus::Withdrawn.zh(), "已撤回");
        assert_eq!(QualStatus::Cancelled.zh(), "已注销");
        assert_eq!(ScopeStatus::parse("撤销"), Some(ScopeStatus::Revoked));
        assert_eq!(ScopeStatus::Revoked.zh(), "已撤销");
        assert_eq!(Route::parse("告知承诺"), Some(Route::Commitment));
        assert_eq!(Route::parse(" ＧＥＮＥＲＡＬ "), Some(Route::General));
        assert_eq!(RiskClass::parse("b"), Some(RiskClass::B));
        assert_eq!(RiskClass::parse("E"), None);
    }

    #[test]
    fn expiry_is_derived_but_a_timely_renewal_keeps_the_approval() {
        let end = date(2026, 3, 1);
        assert_eq!(
            QualStatus::Active.effective(end, date(2026, 3, 1)),
            QualStatus::Active
        );
        assert_eq!(
            QualStatus::Active.effective(end, date(2026, 3, 2)),
            QualStatus::Expired
        );
        assert_eq!(
            QualStatus::Suspended.effective(end, date(2027, 1, 1)),
            QualStatus::Expired
        );
        // A renewal filed in time and undecided: renewed by law from the day after the end.
        let timely = QualStatus::Active.standing(end, Some(false), 6, date(2027, 1, 1));
        assert_eq!(timely.status, QualStatus::Active);
        assert!(timely.deemed_renewal);
        assert_eq!(timely.valid_until, date(2032, 3, 1));
        let before_end = QualStatus::Active.standing(end, Some(false), 6, date(2026, 3, 1));
        assert_eq!(before_end.status, QualStatus::RenewalPending);
        assert!(!before_end.deemed_renewal);
        // Suspended during the renewal: still suspended, and renewed.
        let suspended = QualStatus::Suspended.standing(end, Some(false), 6, date(2026, 3, 2));
        assert_eq!(
            (suspended.status, suspended.deemed_renewal),
            (QualStatus::Suspended, true)
        );
        // A late filing gives no protection.
        let late = QualStatus::Active.standing(end, Some(true), 6, date(2026, 3, 2));
        assert_eq!(
            (late.status, late.deemed_renewal),
            (QualStatus::Expired, false)
        );
        // The renewed period ends too.
        let long_after = QualStatus::Active.standing(end, Some(false), 6, date(2032, 3, 2));
        assert_eq!(long_after.status, QualStatus::Expired);
        assert_eq!(
            QualStatus::Revoked.effective(end, date(2027, 1, 1)),
            QualStatus::Revoked
        );
    }
}
