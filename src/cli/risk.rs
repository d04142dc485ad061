//! `certdesk risk`: the risk signals (风险预警) of the register or a region, as a table or JSON,
//! over `Store::risk_signals` (the screen's read).

use super::export_filter::{Labels, parse_labels};
use super::output::{self, print_json, print_line, print_table};
use super::{CliError, EXIT_OK};
use crate::domain::risk::{SignalKind, parse_kinds};
use crate::i18n::Lang;
use crate::i18n::risk::{RiskMsg, class_text, events_text, signal_label};
use crate::store::Store;
use crate::store::risk::{RiskBody, RiskQuery, SignalEvent};
use clap::{Args, ValueEnum};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RiskFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Kinds: repeated_rectification, verification_overdue, recent_penalty, \
false_commitment, unkept_commitment, expiring_without_renewal, class_too_low.\n\
Settings: risk_window_months (24), risk_expiring_days (90), risk_repeated_orders (2).\n\n\
Example: certdesk risk --region 4403 --kind recent_penalty,class_too_low --format json"
)]
pub struct RiskArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: RiskFormat,
    /// A GB/T 2260 prefix: only bodies registered there [default: everywhere]
    #[arg(long, value_name = "PREFIX")]
    pub region: Option<String>,
    /// Only these kinds of signal, separated by commas
    #[arg(long, value_name = "CODE,…")]
    pub kind: Option<String>,
    /// The signals' labels (and the table's headings) in zh, en, or as codes
    /// [default: the language of the commands]
    #[arg(long, value_name = "zh|en|codes")]
    pub labels: Option<String>,
}

#[derive(Serialize)]
struct JsonSignal<'a> {
    code: &'static str,
    label: &'a str,
    since: String,
    events: &'a [SignalEvent],
}

#[derive(Serialize)]
struct JsonBody<'a> {
    uscc: &'a str,
    name: &'a str,
    approval_no: Option<&'a str>,
    risk_class: &'static str,
    suggested_class: &'static str,
    signals: Vec<JsonSignal<'a>>,
}

fn label(labels: Labels, kind: SignalKind) -> &'static str {
    match labels {
        Labels::Codes => kind.code(),
        Labels::Words(lang) => signal_label(lang, kind),
    }
}

pub fn run(store: &Store, a: &RiskArgs, lang: Lang) -> Result<u8, CliError> {
    let labels = match &a.labels {
        Some(l) => parse_labels(l, lang)?,
        None => Labels::Words(lang),
    };
    let kinds = match &a.kind {
        Some(k) => parse_kinds(k).map_err(|bad| {
            let allowed = SignalKind::ALL
                .iter()
                .map(|k| k.code())
                .collect::<Vec<_>>()
                .join(", ");
            CliError::usage(lang.f(
                RiskMsg::BadKind,
                &[
                    ("value", &crate::domain::text::preview(&bad)),
                    ("allowed", &allowed),
                ],
            ))
        })?,
        None => Vec::new(),
    };
    let region = match a.region.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(super::known_region(store, code, lang, "--region")?),
    };
    let bodies = store.risk_signals(&RiskQuery {
        region,
        kinds,
        bodies: None,
    })?;
    match a.format {
        RiskFormat::Json => print_json(&json_of(&bodies, labels))?,
        RiskFormat::Text if bodies.is_empty() => print_line(lang.t(RiskMsg::CliNone))?,
        RiskFormat::Text => {
            let words = match labels {
                Labels::Words(l) => l,
                Labels::Codes => Lang::En,
            };
            let h: [&str; 7] = match words {
                Lang::Zh => [
                    "统一社会信用代码",
                    "机构名称",
                    "批准号",
                    "等级",
                    "预警",
                    "起始",
                    "依据事件",
                ],
                Lang::En => [
                    "uscc",
                    "name",
                    "approval_no",
                    "class",
                    "signal",
                    "since",
                    "events",
                ],
            };
            let mut rows = Vec::new();
            for b in &bodies {
                for s in &b.signals {
                    rows.push(vec![
                        b.uscc.clone(),
                        b.name.clone(),
                        b.approval_no.clone().unwrap_or_default(),
                        class_text(b),
                        label(labels, s.kind).to_string(),
                        s.since.to_string(),
                        events_text(&s.events),
                    ]);
                }
            }
            print_table(&mut output::stdout(), &h, &rows)?;
        }
    }
    Ok(EXIT_OK)
}

fn json_of(bodies: &[RiskBody], labels: Labels) -> Vec<JsonBody<'_>> {
    bodies
        .iter()
        .map(|b| JsonBody {
            uscc: &b.uscc,
            name: &b.name,
            approval_no: b.approval_no.as_deref(),
            risk_class: b.risk_class.as_str(),
            suggested_class: b.suggested_class.as_str(),
            signals: b
                .signals
                .iter()
                .map(|s| JsonSignal {
                    code: s.kind.code(),
                    label: label(labels, s.kind),
                    since: s.since.to_string(),
                    events: &s.events,
                })
                .collect(),
        })
        .collect()
}
