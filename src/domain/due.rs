//! What the work queue can be narrowed to: the kinds of thing due (each a group of the queue's
//! item kinds) and a region. One rule (`QueueFilter::admits`), so that the screens, the part of
//! the queue they read again after a change, and the command line narrow alike.

use super::region::Region;

/// A kind of thing due, as officers ask for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueKind {
    /// 承诺核查: a commitment to verify on site.
    Verification,
    /// 整改期限: a rectification deadline.
    Rectification,
    /// 停业整顿期满: a suspension whose period ends.
    Suspension,
    /// 公示: a penalty to publish, a publication ending or to withdraw; an inspection task's
    /// results to publish (一公开).
    Publication,
    /// 延续: a renewal to file or to decide.
    Renewal,
    /// 已过期未延续: an approval past its end, to cancel.
    Expired,
    /// 办件时限: an application's clocks (materials, decision).
    Application,
    /// 案件时限: a penalty case's next clock.
    Case,
}

impl DueKind {
    pub const ALL: [DueKind; 8] = [
        DueKind::Verification,
        DueKind::Rectification,
        DueKind::Suspension,
        DueKind::Publication,
        DueKind::Renewal,
        DueKind::Expired,
        DueKind::Application,
        DueKind::Case,
    ];

    /// The name on the command line (`--kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::Verification => "verification",
            DueKind::Rectification => "rectification",
            DueKind::Suspension => "suspension",
            DueKind::Publication => "publication",
            DueKind::Renewal => "renewal",
            DueKind::Expired => "expired",
            DueKind::Application => "application",
            DueKind::Case => "case",
        }
    }

    pub fn parse(s: &str) -> Option<DueKind> {
        DueKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind a queue item of kind `item` (`renewal_filing`, `case_limit` …) is.
    pub fn of(item: &str) -> Option<DueKind> {
        Some(match item {
            "verification" => DueKind::Verification,
            "rectification" => DueKind::Rectification,
            "suspension" => DueKind::Suspension,
            "publication"
            | "publication_end"
            | "publication_withdrawal"
            | "inspection_publication" => DueKind::Publication,
            "renewal_filing" | "renewal_decision" => DueKind::Renewal,
            "expired" => DueKind::Expired,
            "materials" | "decision" => DueKind::Application,
            k if k.starts_with("case_") => DueKind::Case,
            _ => return None,
        })
    }
}

/// The queue's item kinds, as `queue --format json` writes them (each also a `--kind`).
pub const ITEM_KINDS: [&str; 17] = [
    "verification",
    "rectification",
    "suspension",
    "publication",
    "publication_end",
    "publication_withdrawal",
    "inspection_publication",
    "renewal_filing",
    "renewal_decision",
    "expired",
    "materials",
    "decision",
    "case_lead",
    "case_hearing_window",
    "case_hearing",
    "case_limit",
    "case_service",
];

/// One `--kind` value: a kind of thing due, or one exact item kind (`renewal_filing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindChoice {
    Kind(DueKind),
    Item(&'static str),
}

impl KindChoice {
    fn admits(self, item: &str) -> bool {
        match self {
            KindChoice::Kind(k) => DueKind::of(item) == Some(k),
            KindChoice::Item(i) => i == item,
        }
    }
}

/// A `--kind` list that names something the queue does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

/// Read `verification,rectification` (commas, spaces or the Chinese comma between): every
/// name a kind of `DueKind` or an exact item kind. Empty: every kind.
pub fn parse_kinds(s: &str) -> Result<Vec<KindChoice>, UnknownKind> {
    let mut out = Vec::new();
    for name in s
        .split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let lower = name.to_ascii_lowercase();
        let choice = match DueKind::parse(&lower) {
            Some(k) => KindChoice::Kind(k),
            None => match ITEM_KINDS.iter().find(|i| **i == lower) {
                Some(i) => KindChoice::Item(i),
                None => return Err(UnknownKind(name.to_string())),
            },
        };
        if !out.contains(&choice) {
            out.push(choice);
        }
    }
    Ok(out)
}

/// What the queue is narrowed to: kinds (none: every kind) and a region (none: everywhere).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub kinds: Vec<KindChoice>,
    pub region: Option<Region>,
}

impl QueueFilter {
    /// Whether an item of kind `item` about a body in region `region` is shown.
    pub fn admits(&self, item: &str, region: &str) -> bool {
        self.admits_region(region) && self.admits_kind(item)
    }

    pub fn admits_kind(&self, item: &str) -> bool {
        self.kinds.is_empty() || self.kinds.iter().any(|k| k.admits(item))
    }

    pub fn admits_region(&self, region: &str) -> bool {
        self.region.as_ref().is_none_or(|r| r.contains(region))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_kind_is_of_a_kind() {
        for item in ITEM_KINDS {
            assert!(DueKind::of(item).is_some(), "{item}");
        }
        assert_eq!(DueKind::of("renewal_decision"), Some(DueKind::Renewal));
        assert_eq!(DueKind::of("case_hearing_window"), Some(DueKind::Case));
        assert_eq!(DueKind::of("materials"), Some(DueKind::Application));
        assert_eq!(DueKind::of("nothing"), None);
    }

    #[test]
    fn kinds_are_read_from_a_list() {
        assert_eq!(
            parse_kinds("verification,rectification").unwrap(),
            vec![
                KindChoice::Kind(DueKind::Verification),
                KindChoice::Kind(DueKind::Rectification)
            ]
        );
        assert_eq!(
            parse_kinds(" Renewal ， renewal_filing,renewal").unwrap(),
            vec![
                KindChoice::Kind(DueKind::Renewal),
                KindChoice::Item("renewal_filing")
            ]
        );
        assert_eq!(parse_kinds("").unwrap(), vec![]);
        assert_eq!(
            parse_kinds("verification,overdue"),
            Err(UnknownKind("overdue".into()))
        );
    }

    #[test]
    fn the_filter_admits_by_kind_and_region() {
        let f = QueueFilter {
            kinds: parse_kinds("verification,case").unwrap(),
            region: Some(Region::parse("4403").unwrap()),
        };
        assert!(f.admits("verification", "440305"));
        assert!(f.admits("case_limit", "440304"));
        assert!(!f.admits("expired", "440305"));
        assert!(!f.admits("verification", "440106"));
        assert!(QueueFilter::default().admits("expired", ""));
    }
}
