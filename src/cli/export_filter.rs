//! The filters of `certdesk export` (`--status`, `--kind`, `--region`, `--route`, `--since`,
//! `--until`) and `--labels zh|en|codes`: each flag's values read with the domain's parsers,
//! a bad value or a flag that does not apply refused in the UI language with the values
//! allowed (exit 2).

use super::CliError;
use super::export::{ExportArgs, What};
use crate::domain::due::{KindChoice, QueueFilter, parse_kinds};
use crate::domain::ids::BodyKind;
use crate::domain::model::{QualStatus, Route};
use crate::domain::region::Region;
use crate::i18n::{Lang, Msg};
use crate::store::Store;
use crate::store::events::Event;
use crate::store::read::{BodyRow, QualificationRow, QueueItem};
use jiff::civil::Date;

/// How coded values and headings are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labels {
    /// The stored codes and field names (the default: scripts read them).
    Codes,
    Words(Lang),
}

/// What the flags narrow an export to.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    pub statuses: Vec<QualStatus>,
    pub body_kinds: Vec<BodyKind>,
    pub due: Vec<KindChoice>,
    pub acts: Vec<String>,
    pub region: Option<Region>,
    pub routes: Vec<Route>,
    pub since: Option<Date>,
    pub until: Option<Date>,
}

fn what_name(w: What) -> &'static str {
    match w {
        What::Bodies => "bodies",
        What::Qualifications => "qualifications",
        What::Events => "events",
        What::Queue => "queue",
    }
}

/// The exports each flag applies to.
fn applies(flag: &str) -> &'static [What] {
    match flag {
        "--status" | "--route" => &[What::Qualifications],
        "--since" | "--until" => &[What::Qualifications, What::Events, What::Queue],
        _ => &[
            What::Bodies,
            What::Qualifications,
            What::Events,
            What::Queue,
        ],
    }
}

fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|n| !n.is_empty())
}

fn bad_value(lang: Lang, flag: &str, value: &str, allowed: &str) -> CliError {
    let value = crate::domain::text::sanitize_for_display(value);
    CliError::usage(format!(
        "{flag}: {}",
        lang.f(
            Msg::ExportBadValue,
            &[("value", &value), ("allowed", &allowed)]
        )
    ))
}

/// Every name of `s` parsed by `parse`, else the first that is not, named with `allowed`.
fn parse_list<T: PartialEq>(
    s: &str,
    lang: Lang,
    flag: &str,
    allowed: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, CliError> {
    let mut out = Vec::new();
    for name in split(s) {
        let v = parse(name).ok_or_else(|| bad_value(lang, flag, name, allowed))?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

fn parse_day(s: &str, lang: Lang, flag: &str) -> Result<Date, CliError> {
    crate::domain::dates::parse_date(s).ok_or_else(|| {
        let value = crate::domain::text::sanitize_for_display(s);
        CliError::usage(format!(
            "{flag}: {}",
            lang.f(Msg::ExportBadDate, &[("value", &value)])
        ))
    })
}

/// `--labels`: zh, en or codes.
pub fn parse_labels(s: &str, lang: Lang) -> Result<Labels, CliError> {
    match s.trim().to_ascii_lowercase().as_str() {
        "codes" | "code" => Ok(Labels::Codes),
        "zh" | "中文" => Ok(Labels::Words(Lang::Zh)),
        "en" => Ok(Labels::Words(Lang::En)),
        _ => Err(bad_value(lang, "--labels", s, "zh, en, codes")),
    }
}

impl ExportFilter {
    /// The filter of `a`'s flags for `a.what`.
    pub fn of(a: &ExportArgs, store: &Store, lang: Lang) -> Result<ExportFilter, CliError> {
        let given: [(&str, Option<&String>); 6] = [
            ("--status", a.status.as_ref()),
            ("--kind", a.kind.as_ref()),
            ("--region", a.region.as_ref()),
            ("--route", a.route.as_ref()),
            ("--since", a.since.as_ref()),
            ("--until", a.until.as_ref()),
        ];
        for (flag, value) in given {
            if value.is_some() && !applies(flag).contains(&a.what) {
                let which: Vec<&str> = applies(flag).iter().map(|w| what_name(*w)).collect();
                return Err(CliError::usage(lang.f(
                    Msg::ExportFlagNotFor,
                    &[
                        ("flag", &flag),
                        ("what", &what_name(a.what)),
                        ("which", &which.join(", ")),
                    ],
                )));
            }
        }
        let mut f = ExportFilter::default();
        if let Some(s) = &a.status {
            let allowed: Vec<&str> = QualStatus::ALL.iter().map(|s| s.as_str()).collect();
            f.statuses = parse_list(s, lang, "--status", &allowed.join(", "), QualStatus::parse)?;
        }
        if let Some(s) = &a.route {
            let allowed: Vec<&str> = Route::ALL.iter().map(|r| r.as_str()).collect();
            f.routes = parse_list(s, lang, "--route", &allowed.join(", "), Route::parse)?;
        }
        if let Some(s) = &a.kind {
            match a.what {
                What::Bodies | What::Qualifications => {
                    f.body_kinds = parse_list(s, lang, "--kind", "cb, cma", BodyKind::parse)?
                }
                What::Queue => {
                    f.due = parse_kinds(s).map_err(|e| {
                        CliError::usage(format!("--kind: {}", crate::i18n::kind_error(lang, &e)))
                    })?
                }
                What::Events => {
                    let codes: Vec<&str> = crate::i18n::sentences::event_codes().collect();
                    f.acts = parse_list(s, lang, "--kind", &codes.join(", "), |name| {
                        let lower = name.to_lowercase();
                        codes
                            .iter()
                            .find(|c| **c == lower)
                            .map(|c| vec![c.to_string()])
                            .or_else(|| {
                                let named = crate::i18n::sentences::acts_named(name);
                                (!named.is_empty()).then_some(named)
                            })
                    })?
                    .into_iter()
                    .flatten()
                    .collect();
                }
            }
        }
        if let Some(code) = &a.region {
            f.region = Some(super::known_region(store, code, lang, "--region")?);
        }
        if let Some(s) = &a.since {
            f.since = Some(parse_day(s, lang, "--since")?);
        }
        if let Some(s) = &a.until {
            f.until = Some(parse_day(s, lang, "--until")?);
        }
        if let (Some(since), Some(until)) = (f.since, f.until)
            && since > until
        {
            return Err(CliError::usage(lang.f(
                Msg::ExportDatesReversed,
                &[("since", &since), ("until", &until)],
            )));
        }
        Ok(f)
    }

    fn in_region(&self, code: &str) -> bool {
        self.region.as_ref().is_none_or(|r| r.contains(code))
    }

    /// A day (`YYYY-MM-DD…`) within `--since` … `--until`, both included.
    fn in_period(&self, day: Option<&str>) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(d) = day
            .and_then(|d| d.get(..10))
            .and_then(|d| d.parse::<Date>().ok())
        else {
            return false;
        };
        self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u)
    }

    pub fn admits_body(&self, b: &BodyRow) -> bool {
        self.in_region(&b.region)
            && (self.body_kinds.is_empty()
                || BodyKind::parse(&b.kind).is_some_and(|k| self.body_kinds.contains(&k)))
    }

    /// By its state as of today, its kind, region, route and decision date.
    pub fn admits_qualification(&self, q: &QualificationRow) -> bool {
        self.in_region(&q.region)
            && (self.statuses.is_empty()
                || QualStatus::parse(&q.status).is_some_and(|s| self.statuses.contains(&s)))
            && (self.body_kinds.is_empty()
                || BodyKind::parse(&q.kind).is_some_and(|k| self.body_kinds.contains(&k)))
            && (self.routes.is_empty()
                || Route::parse(&q.route).is_some_and(|r| self.routes.contains(&r)))
            && self.in_period(Some(&q.decided_on))
    }

    /// By its due date, kind and region (as `certdesk queue` narrows it).
    pub fn admits_queue_item(&self, i: &QueueItem) -> bool {
        let narrowed = QueueFilter {
            kinds: self.due.clone(),
            region: self.region.clone(),
        };
        narrowed.admits(&i.kind, &i.region) && self.in_period(Some(&i.due_on))
    }

    /// By its act, its date (the act's date, else the day it was recorded, UTC) and the region
    /// of the body it names (`region_of` by USCC; an event naming none is outside any region).
    pub fn admits_event(&self, e: &Event, region_of: impl Fn(&str) -> Option<String>) -> bool {
        (self.acts.is_empty() || self.acts.contains(&e.act))
            && self.in_period(e.act_date.as_deref().or(Some(e.at.as_str())))
            && (self.region.is_none()
                || e.uscc
                    .as_deref()
                    .and_then(region_of)
                    .is_some_and(|r| self.in_region(&r)))
    }
}
