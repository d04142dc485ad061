//! GB/T 2260 region codes: a jurisdiction or a filter is a prefix of a body's six-digit region
//! code — 2 digits a province (44 广东省), 4 a prefecture-level city (4403 深圳市), 6 a county
//! (440305 南山区). Names come from the code table shipped in `data/gb2260.tsv` (民政部 2020);
//! a code not in it has no name and is shown as the code.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/gb2260.tsv");

fn names() -> &'static HashMap<&'static str, &'static str> {
    static NAMES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| TABLE.lines().filter_map(|l| l.split_once('\t')).collect())
}

/// The name the code table gives the six-digit `code` (`440305` → 南山区).
pub fn code_name(code: &str) -> Option<&'static str> {
    names().get(code).copied()
}

/// A region: a prefix of 2, 4 or 6 digits of GB/T 2260 region codes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region(String);

/// Why a text is not a region code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionError {
    /// Nothing given.
    Empty,
    /// Something other than digits.
    NotDigits(String),
    /// Digits, but not 2, 4 or 6 of them.
    Length(String),
    /// Well formed, but neither in the code table nor the region of any body in the register.
    Unknown(String),
}

impl std::fmt::Display for RegionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The English of `i18n::region_error`, for logs and the store's errors.
        f.write_str(&crate::i18n::region_error(crate::i18n::Lang::En, self))
    }
}

impl std::error::Error for RegionError {}

impl Region {
    /// Read a region as officers write it: spaces around it and full-width digits allowed; a
    /// six-digit code of a province or a city (`440000`, `440300`) is its prefix (`44`, `4403`),
    /// as is a four-digit one ending in 00 (`4400`). Whether the code exists is not checked
    /// here (`is_known`; the store also knows the register's own codes).
    pub fn parse(input: &str) -> Result<Region, RegionError> {
        let s = crate::domain::text::to_half_width(input.trim());
        if s.is_empty() {
            return Err(RegionError::Empty);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegionError::NotDigits(s));
        }
        let mut code = s.as_str();
        if !matches!(code.len(), 2 | 4 | 6) {
            return Err(RegionError::Length(s.clone()));
        }
        while code.len() > 2 && code.ends_with("00") {
            code = &code[..code.len() - 2];
        }
        if code == "00" {
            return Err(RegionError::Unknown(s.clone()));
        }
        Ok(Region(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit code the table files this region under (`4403` → `440300`).
    pub fn code(&self) -> String {
        format!("{:0<6}", self.0)
    }

    /// A county (6 digits): it has no subdivisions here.
    pub fn is_county(&self) -> bool {
        self.0.len() == 6
    }

    /// The region it lies in: a county's city, a city's province; none for a province.
    pub fn parent(&self) -> Option<Region> {
        (self.0.len() > 2).then(|| Region(self.0[..self.0.len() - 2].to_string()))
    }

    /// Whether the body region code `code` lies in this region.
    pub fn contains(&self, code: &str) -> bool {
        code.starts_with(&self.0)
    }

    /// Whether `other` is this region or lies in it.
    pub fn covers(&self, other: &Region) -> bool {
        other.0.starts_with(&self.0)
    }

    /// Its own name in the code table (`4403` → 深圳市).
    pub fn name(&self) -> Option<&'static str> {
        code_name(&self.code())
    }

    pub fn is_known(&self) -> bool {
        self.name().is_some()
    }

    /// The names from the province down (`440305` → 广东省深圳市南山区; a municipality's missing
    /// city level left out: `110105` → 北京市朝阳区), or None when no level has a name.
    pub fn full_name(&self) -> Option<String> {
        let mut out = String::new();
        for len in (2..=self.0.len()).step_by(2) {
            if let Some(n) = Region(self.0[..len].to_string()).name() {
                out.push_str(n);
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// "广东省深圳市南山区 440305": the names and the code, or the code alone.
    pub fn label(&self) -> String {
        match self.full_name() {
            Some(n) => format!("{n} {}", self.0),
            None => self.0.clone(),
        }
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a body's six-digit region code is named: the county's full name, else its city's or
/// province's (the nearest level the table knows), else nothing.
pub fn body_region_name(code: &str) -> Option<String> {
    let digits = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    if !digits {
        return None;
    }
    Region::parse(code).ok()?.full_name()
}

/// The subdivisions of `level` (the provinces for None) that the body region codes `codes`
/// lie in, in code order. A code filed at the level itself (`440000` under 44) or not made of
/// digits is in no subdivision.
pub fn subdivisions<'a>(
    level: Option<&Region>,
    codes: impl IntoIterator<Item = &'a str>,
) -> Vec<Region> {
    let at = level.map_or(0, |l| l.0.len());
    if at >= 6 {
        return Vec::new();
    }
    let mut out = BTreeSet::new();
    for code in codes {
        let Some(child) = code.get(..at + 2) else {
            continue;
        };
        let under = level.is_none_or(|l| l.contains(code));
        if under && child.bytes().all(|b| b.is_ascii_digit()) && !child.ends_with("00") {
            out.insert(Region(child.to_string()));
        }
    }
    out.into_iter().collect()
}

/// A region facet that goes down from its root (the officer's jurisdiction, or the whole
/// country) to the counties: `level` is the region whose subdivisions are offered, `pick` the
/// one chosen among them (None: all of `level`). What it filters by is `pick`, else `level`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionFacet {
    root: Option<Region>,
    level: Option<Region>,
    pick: Option<Region>,
}

impl RegionFacet {
    /// The facet at its root, nothing picked.
    pub fn new(root: Option<Region>) -> RegionFacet {
        RegionFacet {
            level: root.clone(),
            root,
            pick: None,
        }
    }

    pub fn root(&self) -> Option<&Region> {
        self.root.as_ref()
    }

    pub fn level(&self) -> Option<&Region> {
        self.level.as_ref()
    }

    pub fn pick(&self) -> Option<&Region> {
        self.pick.as_ref()
    }

    /// The region the list is narrowed to (None: everything).
    pub fn filter(&self) -> Option<&Region> {
        self.pick.as_ref().or(self.level.as_ref())
    }

    /// Whether the facet narrows more than its root does.
    pub fn narrowed(&self) -> bool {
        self.filter() != self.root.as_ref()
    }

    /// The next (or previous) subdivision of the level among those `codes` lie in, "all of the
    /// level" included between the last and the first.
    pub fn cycle<'a>(&mut self, codes: impl IntoIterator<Item = &'a str>, forward: bool) {
        let choices = subdivisions(self.level.as_ref(), codes);
        let n = choices.len() + 1;
        let at = self
            .pick
            .as_ref()
            .and_then(|p| choices.iter().position(|c| c == p))
            .map_or(0, |i| i + 1);
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        self.pick = (next > 0).then(|| choices[next - 1].clone());
    }

    /// Go into the picked region, to choose among its subdivisions (the filter stays); false
    /// when nothing is picked or it is a county.
    pub fn descend(&mut self) -> bool {
        match self.pick.take() {
            Some(p) if !p.is_county() => {
                self.level = Some(p);
                true
            }
            other => {
                self.pick = other;
                false
            }
        }
    }

    /// Back to the level above, with the region left picked there (the filter stays); false at
    /// the root, above which only widening goes.
    pub fn ascend(&mut self) -> bool {
        if self.level == self.root {
            return false;
        }
        let Some(level) = self.level.take() else {
            return false;
        };
        self.level = level.parent();
        self.pick = Some(level);
        true
    }

    /// "广东省 › 深圳市 › 南山区": the way from the root down to the filter, by name (a level
    /// without one by its code); None at the root.
    pub fn path(&self) -> Vec<Region> {
        let Some(f) = self.filter() else {
            return Vec::new();
        };
        let from = self.root.as_ref().map_or(2, |r| r.0.len() + 2);
        (from..=f.0.len())
            .step_by(2)
            .map(|len| Region(f.0[..len].to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Region {
        Region::parse(s).unwrap()
    }

    #[test]
    fn a_region_is_read_as_officers_write_it() {
        assert_eq!(r("440305").as_str(), "440305");
        assert_eq!(r(" ４４０３ ").as_str(), "4403");
        assert_eq!(r("440300").as_str(), "4403");
        assert_eq!(r("440000").as_str(), "44");
        assert_eq!(r("4400").as_str(), "44");
        assert_eq!(r("44").as_str(), "44");
        assert_eq!(Region::parse(""), Err(RegionError::Empty));
        assert_eq!(
            Region::parse("44a3"),
            Err(RegionError::NotDigits("44a3".into()))
        );
        assert_eq!(
            Region::parse("4403*"),
            Err(RegionError::NotDigits("4403*".into()))
        );
        assert_eq!(
            Region::parse("44030"),
            Err(RegionError::Length("44030".into()))
        );
        assert_eq!(
            Region::parse("4403051"),
            Err(RegionError::Length("4403051".into()))
        );
        assert_eq!(
            Region::parse("000000"),
            Err(RegionError::Unknown("000000".into()))
        );
    }

    #[test]
    fn the_table_names_provinces_cities_and_counties() {
        assert_eq!(r("44").name(), Some("广东省"));
        assert_eq!(r("4403").name(), Some("深圳市"));
        assert_eq!(r("440305").name(), Some("南山区"));
        assert_eq!(
            r("440305").full_name().as_deref(),
            Some("广东省深圳市南山区")
        );
        assert_eq!(r("110105").full_name().as_deref(), Some("北京市朝阳区"));
        assert_eq!(r("440305").label(), "广东省深圳市南山区 440305");
        // Unknown codes are shown as codes.
        assert!(!r("449999").is_known());
        assert_eq!(r("449999").full_name().as_deref(), Some("广东省"));
        assert_eq!(r("99").label(), "99");
        assert_eq!(
            body_region_name("440311").as_deref(),
            Some("广东省深圳市光明区")
        );
        assert_eq!(body_region_name("44031"), None);
    }

    #[test]
    fn the_shipped_table_is_well_formed() {
        let mut last = "";
        let mut n = 0;
        for line in TABLE.lines() {
            let (code, name) = line.split_once('\t').expect("CODE<TAB>NAME");
            assert!(
                code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
                "{line}"
            );
            assert!(code > last, "sorted, no code twice: {line}");
            assert!(
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·'),
                "{line}"
            );
            last = code;
            n += 1;
        }
        assert_eq!(n, 3217);
        assert_eq!(
            TABLE.lines().filter(|l| l[..6].ends_with("0000")).count(),
            34
        );
    }

    #[test]
    fn prefixes_contain_and_have_parents() {
        assert!(r("4403").contains("440305"));
        assert!(!r("4403").contains("440106"));
        assert!(r("44").covers(&r("440305")));
        assert_eq!(r("440305").parent(), Some(r("4403")));
        assert_eq!(r("44").parent(), None);
        assert_eq!(r("4403").code(), "440300");
    }

    #[test]
    fn subdivisions_are_those_the_codes_lie_in() {
        let codes = ["440305", "440304", "440106", "110105", "440000", "abc"];
        assert_eq!(subdivisions(None, codes), vec![r("11"), r("44")]);
        assert_eq!(
            subdivisions(Some(&r("44")), codes),
            vec![r("4401"), r("4403")]
        );
        assert_eq!(
            subdivisions(Some(&r("4403")), codes),
            vec![r("440304"), r("440305")]
        );
        assert!(subdivisions(Some(&r("440305")), codes).is_empty());
    }

    #[test]
    fn the_facet_goes_down_to_counties_and_not_above_its_root() {
        let codes = ["440305", "440304", "440106", "110105"];
        let mut f = RegionFacet::new(Some(r("44")));
        assert_eq!(f.filter(), Some(&r("44")));
        assert!(!f.narrowed());
        f.cycle(codes, true);
        assert_eq!(f.filter(), Some(&r("4401")));
        f.cycle(codes, true);
        assert_eq!(f.filter(), Some(&r("4403")));
        assert!(f.descend());
        assert_eq!(f.filter(), Some(&r("4403")), "going in keeps the filter");
        f.cycle(codes, true);
        assert_eq!(f.filter(), Some(&r("440304")));
        f.cycle(codes, false);
        f.cycle(codes, false);
        assert_eq!(
            f.filter(),
            Some(&r("440305")),
            "all of 4403 between last and first"
        );
        assert_eq!(f.path(), vec![r("4403"), r("440305")]);
        assert!(!f.descend(), "a county has no subdivisions");
        assert!(f.ascend());
        assert_eq!(f.filter(), Some(&r("4403")));
        assert!(!f.ascend(), "the jurisdiction is as far up as it goes");
        // Without a root: the provinces first.
        let mut all = RegionFacet::new(None);
        assert_eq!(all.filter(), None);
        all.cycle(codes, true);
        assert_eq!(all.filter(), Some(&r("11")));
        all.cycle(codes, false);
        assert_eq!(all.filter(), None);
    }
}
