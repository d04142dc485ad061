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

    /// The state as of `today`: an approval past its printed end date is expired unless a
    /// renewal was filed in time (no decision by expiry = deemed renewed, 行政许可法 Art. 50).
    pub fn effective(self, valid_until: jiff::civil::Date, today: jiff::civil::Date) -> QualStatus {
        match self {
            QualStatus::Active | QualStatus::PendingVerification | QualStatus::Suspended
                if today > valid_until =>
            {
                QualStatus::Expired
            }
            s => s,
        }
    }
}

named_enum! {
    /// Status of one scope item (认证领域 / test item): revocation can be partial.
    ScopeStatus {
        Active = "active", "有效", [];
        Revoked = "revoked", "已撤销", ["撤销"];
        Removed = "removed", "已缩减", ["缩小"];
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
        assert_eq!(
            QualStatus::RenewalPending.effective(end, date(2027, 1, 1)),
            QualStatus::RenewalPending
        );
        assert_eq!(
            QualStatus::Revoked.effective(end, date(2027, 1, 1)),
            QualStatus::Revoked
        );
    }
}
