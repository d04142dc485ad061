//! Identifiers: the Unified Social Credit Code (GB 32100-2015) and approval numbers.

use super::text::normalise_id;
use serde::{Deserialize, Serialize};
use std::fmt;

const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("a USCC has 18 characters, this has {0}")]
    UsccLength(usize),
    #[error("'{0}' cannot appear in a USCC (I, O, S, V, Z and punctuation are never used)")]
    UsccChar(char),
    #[error("positions 3–8 of a USCC are a region code of six digits")]
    UsccRegion,
    #[error(
        "check character is {found}, the code's check character would be {expected}: a digit was mistyped"
    )]
    UsccCheck { found: char, expected: char },
    #[error(
        "not an approval number: a certification body's is CNCA-R-YYYY-NNN or CNCA-RF-YYYY-NN, an inspection body's is 12 digits"
    )]
    ApprovalNo,
}

fn uscc_value(c: char) -> Option<u32> {
    USCC_ALPHABET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters of a USCC (already validated).
pub fn uscc_check_char(base: &str) -> Option<char> {
    let mut sum = 0u32;
    for (c, w) in base.chars().zip(USCC_WEIGHTS) {
        sum += uscc_value(c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(check as usize)
}

/// A valid Unified Social Credit Code, held in normal form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(String);

impl Uscc {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s = normalise_id(input);
        let n = s.chars().count();
        if n != 18 {
            return Err(IdError::UsccLength(n));
        }
        if let Some(bad) = s.chars().find(|&c| uscc_value(c).is_none()) {
            return Err(IdError::UsccChar(bad));
        }
        if !s[2..8].bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::UsccRegion);
        }
        let expected = uscc_check_char(&s[..17]).ok_or(IdError::UsccRegion)?;
        let found = s[17..].chars().next().unwrap_or(' ');
        if found != expected {
            return Err(IdError::UsccCheck { found, expected });
        }
        Ok(Uscc(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The GB/T 2260 region code in positions 3–8.
    pub fn region(&self) -> &str {
        &self.0[2..8]
    }

    /// A warning for an unusual registration-authority code (first character): legal but rare,
    /// so worth a look, never a rejection.
    pub fn unusual_first_char(&self) -> Option<char> {
        let c = self.0.chars().next()?;
        (!matches!(c, '1' | '5' | '9' | 'Y')).then_some(c)
    }
}

impl TryFrom<String> for Uscc {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Uscc::parse(&s)
    }
}
impl From<Uscc> for String {
    fn from(u: Uscc) -> String {
        u.0
    }
}
impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of conformity assessment body holds the qualification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// 认证机构
    Cb,
    /// 检验检测机构
    Cma,
}

impl BodyKind {
    pub const ALL: [BodyKind; 2] = [BodyKind::Cb, BodyKind::Cma];
    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::Cb => "cb",
            BodyKind::Cma => "cma",
        }
    }
    /// Accepts the stored names and the Chinese words spreadsheets use.
    pub fn parse(s: &str) -> Option<Self> {
        match normalise_id(s).as_str() {
            "CB" | "认证机构" | "认证" => Some(BodyKind::Cb),
            "CMA" | "检验检测机构" | "检验检测" => Some(BodyKind::Cma),
            _ => None,
        }
    }
}

/// An approval number: `CNCA-R(F)-YYYY-N{2,5}` for a certification body, 12 digits for a CMA
/// certificate. Opaque once valid: leading zeros are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ApprovalNo(String);

impl ApprovalNo {
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let s = normalise_id(input);
        if Self::kind_of(&s).is_some() {
            Ok(ApprovalNo(s))
        } else {
            Err(IdError::ApprovalNo)
        }
    }

    fn kind_of(s: &str) -> Option<BodyKind> {
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Some(BodyKind::Cma);
        }
        let rest = s
            .strip_prefix("CNCA-RF-")
            .or_else(|| s.strip_prefix("CNCA-R-"))?;
        let (year, serial) = rest.split_once('-')?;
        let year_ok = year.len() == 4
            && year.bytes().all(|b| b.is_ascii_digit())
            && (year.starts_with("19") || year.starts_with("20"));
        let serial_ok =
            (2..=5).contains(&serial.len()) && serial.bytes().all(|b| b.is_ascii_digit());
        (year_ok && serial_ok).then_some(BodyKind::Cb)
    }

    pub fn kind(&self) -> BodyKind {
        Self::kind_of(&self.0).unwrap_or(BodyKind::Cb)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ApprovalNo {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        ApprovalNo::parse(&s)
    }
}
impl From<ApprovalNo> for String {
    fn from(a: ApprovalNo) -> String {
        a.0
    }
}
impl fmt::Display for ApprovalNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn uscc_vectors_from_the_domain() {
        assert_eq!(
            Uscc::parse("91110000600037341L").unwrap().as_str(),
            "91110000600037341L"
        );
        assert_eq!(
            Uscc::parse("91110000600037341M"),
            Err(IdError::UsccCheck {
                found: 'M',
                expected: 'L'
            })
        );
        assert_eq!(uscc_check_char("91110000600030031"), Some('0'));
        assert!(Uscc::parse("911100006000300310").is_ok());
    }

    #[test]
    fn uscc_is_normalised_before_checking() {
        let u = Uscc::parse(" ９１110000600037341l\u{3000}").unwrap();
        assert_eq!(u.as_str(), "91110000600037341L");
        assert_eq!(u.region(), "110000");
        assert_eq!(u.unusual_first_char(), None);
    }

    #[test]
    fn uscc_errors_say_what_is_wrong() {
        assert_eq!(
            Uscc::parse("9111000060003734"),
            Err(IdError::UsccLength(16))
        );
        assert_eq!(
            Uscc::parse("91110000600037341I"),
            Err(IdError::UsccChar('I'))
        );
        assert_eq!(Uscc::parse("91A10000600037341L"), Err(IdError::UsccRegion));
        assert_eq!(Uscc::parse(""), Err(IdError::UsccLength(0)));
    }

    #[test]
    fn approval_numbers() {
        for ok in [
            "CNCA-RF-2002-07",
            "CNCA-R-2002-001",
            "CNCA-R-2022-1121",
            "cnca-r-1999-12345",
        ] {
            assert_eq!(ApprovalNo::parse(ok).unwrap().kind(), BodyKind::Cb, "{ok}");
        }
        assert_eq!(
            ApprovalNo::parse("CNCA-R-2002-001").unwrap().as_str(),
            "CNCA-R-2002-001"
        );
        let cma = ApprovalNo::parse("２４0012345678").unwrap();
        assert_eq!((cma.kind(), cma.as_str()), (BodyKind::Cma, "240012345678"));
        for bad in [
            "CNCA-R-2002-1",
            "CNCA-R-2002-123456",
            "CNCA-R-1802-001",
            "CNCA-X-2002-001",
            "CNCA-R-02-001",
            "24001234567",
            "2400123456789",
            "",
        ] {
            assert_eq!(ApprovalNo::parse(bad), Err(IdError::ApprovalNo), "{bad}");
        }
    }

    #[test]
    fn body_kind_words() {
        assert_eq!(BodyKind::parse("认证机构"), Some(BodyKind::Cb));
        assert_eq!(BodyKind::parse(" cma "), Some(BodyKind::Cma));
        assert_eq!(BodyKind::parse("lab"), None);
    }

    proptest! {
        #[test]
        fn any_base_with_its_check_char_is_valid(base in "[1-9Y][1-9][0-9]{6}[0-9A-HJ-NPQRTUWXY]{9}") {
            let check = uscc_check_char(&base).unwrap();
            let code = format!("{base}{check}");
            prop_assert!(Uscc::parse(&code).is_ok());
            // Any other check character is refused.
            for other in USCC_ALPHABET.chars().filter(|&c| c != check) {
                let wrong = format!("{base}{other}");
                prop_assert!(Uscc::parse(&wrong).is_err());
            }
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,30}") {
            let _ = Uscc::parse(&s);
            let _ = ApprovalNo::parse(&s);
        }
    }
}
