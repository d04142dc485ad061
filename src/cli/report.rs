//! `certdesk report`: the reports by period, as the reports screen counts them (one store call,
//! `Store::period_report`), as text, JSON or CSV.

use super::export_filter::{Labels, parse_labels};
use super::output::{self, write_json};
use super::{CliError, EXIT_OK, parse_date_arg};
use crate::csv_out::CsvOut;
use crate::domain::period::{Period, PeriodError, PeriodKind};
use crate::i18n::{self, Lang, Msg};
use crate::store::Store;
use crate::store::reports::PeriodReport;
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use serde_json::json;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Month,
    Quarter,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Counts: acts by kind (every act dated in the period, annulled ones left out), grants by route, \
commitment verifications done on time or late, and the clocks overdue at each month end the period reaches \
(and at its last day when it ends mid-month): every clock the work queue would have shown overdue at the end of that day \
— follow-ups, approvals past their end without a renewal filed in time, renewal filings overdue, applications' and penalty cases' clocks.\n\
With no period flag: the month of today. --at names a month (2026-10); for a quarter or a year, any month in it.\n\
--labels zh|en writes the labels in words (the default for text, in the command language); codes (the default for json and csv) writes the codes alone.\n\
Example: certdesk report --period quarter --at 2026-10 --format json"
)]
pub struct ReportArgs {
    /// Count a month, a quarter or a year: the one holding --at, else today
    #[arg(long, value_enum, value_name = "month|quarter|year")]
    pub period: Option<PeriodArg>,
    /// A month of the period (YYYY-MM; a day of it is taken too) [default: today's]
    #[arg(long, value_name = "YYYY-MM")]
    pub at: Option<String>,
    /// The first day counted (with --to), instead of --period
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub from: Option<Date>,
    /// The last day counted, included (with --from)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub to: Option<Date>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Labels in words (zh, en) or codes only [default: words for text, codes for json and csv]
    #[arg(long, value_name = "zh|en|codes")]
    pub labels: Option<String>,
    /// Only bodies in this region (a GB/T 2260 prefix: 44, 4403, 440305)
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
}

impl ReportArgs {
    /// The period the flags name; a usage error (exit 2) in `lang` when they do not name one.
    pub fn period(&self, today: Date, lang: Lang) -> Result<Period, CliError> {
        let kind = |p: PeriodArg| match p {
            PeriodArg::Month => PeriodKind::Month,
            PeriodArg::Quarter => PeriodKind::Quarter,
            PeriodArg::Year => PeriodKind::Year,
        };
        let ranged = self.from.is_some() || self.to.is_some();
        if ranged && (self.period.is_some() || self.at.is_some()) {
            return Err(CliError::usage(lang.t(Msg::RepPeriodAndRange)));
        }
        let refused = |e: PeriodError, flag: &str| {
            CliError::usage(format!("{flag}: {}", period_error(lang, &e)))
        };
        match (self.from, self.to) {
            (Some(from), Some(to)) => Period::range(from, to).map_err(|e| refused(e, "--from")),
            (None, None) => {
                let k = kind(self.period.unwrap_or(PeriodArg::Month));
                match &self.at {
                    Some(at) => Period::at(k, at).map_err(|e| refused(e, "--at")),
                    None => Ok(Period::containing(k, today)),
                }
            }
            _ => Err(CliError::usage(lang.t(Msg::RepFromAndTo))),
        }
    }
}

/// Why a period is refused, with the fix, in `lang`.
fn period_error(lang: Lang, e: &PeriodError) -> String {
    let shown = |v: &str| crate::domain::text::sanitize_for_display(v).into_owned();
    match e {
        PeriodError::NotTwoDates(v) => lang.f(Msg::RepRangeNotTwo, &[("value", &shown(v))]),
        PeriodError::Reversed(from, to) => {
            lang.f(Msg::RepRangeReversed, &[("from", from), ("to", to)])
        }
        PeriodError::NotAMonth(v) => lang.f(Msg::RepNotAMonth, &[("value", &shown(v))]),
    }
}

/// One counted line: its section's code, its code, its label (in words, or the code), count.
struct Counted {
    section: &'static str,
    code: String,
    label: String,
    count: i64,
}

/// The sections in the order the screen shows them: (code, title).
const SECTIONS: [(&str, Msg); 4] = [
    ("acts", Msg::RepActs),
    ("grants", Msg::RepGrants),
    ("verifications", Msg::RepVerifications),
    ("overdue_at", Msg::RepOverdueAt),
];

/// Every count of `r`, labelled in `words` (None: the codes).
fn counted(r: &PeriodReport, words: Option<Lang>) -> Vec<Counted> {
    let mut out = Vec::new();
    let mut add = |section, v: &[(String, i64)], label: &dyn Fn(Lang, &str) -> String| {
        for (code, count) in v {
            out.push(Counted {
                section,
                code: code.clone(),
                label: words.map_or_else(|| code.clone(), |l| label(l, code)),
                count: *count,
            });
        }
    };
    add("acts", &r.acts, &|l, c| i18n::act(l, c).into_owned());
    add("grants", &r.grants, &|l, c| i18n::route(l, c).into_owned());
    add("verifications", &r.verifications, &|l, c| {
        l.t(if c == "on_time" {
            Msg::RepOnTime
        } else {
            Msg::RepLate
        })
        .to_string()
    });
    add("overdue_at", &r.overdue_at, &|_, c| c.to_string());
    out
}

pub fn report(store: &Store, a: &ReportArgs, lang: Lang) -> Result<u8, CliError> {
    let period = a.period(store.today(), lang)?;
    let labels = match &a.labels {
        Some(l) => parse_labels(l, lang)?,
        None if a.format == ReportFormat::Text => Labels::Words(lang),
        None => Labels::Codes,
    };
    let words = match labels {
        Labels::Codes => None,
        Labels::Words(l) => Some(l),
    };
    let region = match &a.region {
        Some(code) => Some(super::known_region(store, code, lang, "--region")?),
        None => None,
    };
    let r = store.period_report(&period, region.as_ref())?;
    let lines = counted(&r, words);
    let mut out = output::stdout();
    match a.format {
        ReportFormat::Json => {
            let section = |code: &str| {
                lines
                    .iter()
                    .filter(|c| c.section == code)
                    .map(|c| match words {
                        Some(_) => json!({ "code": c.code, "label": c.label, "count": c.count }),
                        None => json!({ "code": c.code, "count": c.count }),
                    })
                    .collect::<Vec<_>>()
            };
            let kind = match period.kind {
                PeriodKind::Month => "month",
                PeriodKind::Quarter => "quarter",
                PeriodKind::Year => "year",
                PeriodKind::Range => "range",
            };
            let doc = json!({
                "period": { "kind": kind, "from": period.from.to_string(), "to": period.to.to_string() },
                "as_of": store.today().to_string(),
                "region": region.as_ref().map(|r| r.as_str().to_string()),
                "acts": section("acts"),
                "grants": section("grants"),
                "verifications": section("verifications"),
                "overdue_at": section("overdue_at"),
            });
            write_json(&mut out, &doc, true)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => {
            let l = words.unwrap_or(Lang::En);
            let headers: Vec<String> = match words {
                Some(_) => [Msg::CsvSection, Msg::CsvCode, Msg::CsvLabel, Msg::CsvCount]
                    .iter()
                    .map(|m| l.t(*m).to_string())
                    .collect(),
                None => ["section", "code", "label", "count"]
                    .map(String::from)
                    .to_vec(),
            };
            let mut csv = CsvOut::from_writer(&mut out);
            csv.write_record(&headers).map_err(std::io::Error::other)?;
            for c in &lines {
                let section = match words {
                    Some(l) => SECTIONS
                        .iter()
                        .find(|(code, _)| *code == c.section)
                        .map_or(c.section.to_string(), |(_, m)| l.t(*m).to_string()),
                    None => c.section.to_string(),
                };
                csv.write_record([
                    section,
                    c.code.clone(),
                    c.label.clone(),
                    c.count.to_string(),
                ])
                .map_err(std::io::Error::other)?;
            }
            csv.flush()?;
        }
        ReportFormat::Text => {
            let l = words.unwrap_or(lang);
            let region_text = region.as_ref().map_or(String::new(), |r| {
                l.f(Msg::RepCliRegion, &[("region", &i18n::region_name(l, r))])
            });
            writeln!(
                out,
                "{}",
                l.f(
                    Msg::RepCliTitle,
                    &[
                        ("period", &i18n::period_label(l, &period)),
                        ("from", &period.from),
                        ("to", &period.to),
                        ("today", &store.today()),
                        ("region", &region_text),
                    ]
                )
            )?;
            let shown = |c: &Counted| {
                let label = if c.label == c.code {
                    c.code.clone()
                } else {
                    format!("{} ({})", c.label, c.code)
                };
                crate::domain::text::sanitize_for_display(&label).into_owned()
            };
            let width = lines
                .iter()
                .map(|c| unicode_width::UnicodeWidthStr::width(shown(c).as_str()))
                .max()
                .unwrap_or(0);
            for (code, title) in SECTIONS {
                writeln!(out, "\n{}", l.t(title))?;
                let mut any = false;
                for c in lines.iter().filter(|c| c.section == code) {
                    writeln!(out, "  {}  {:>6}", output::pad(&shown(c), width), c.count)?;
                    any = true;
                }
                if !any {
                    writeln!(out, "  {}", l.t(Msg::RepCliNothing))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}
