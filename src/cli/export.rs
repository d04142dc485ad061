//! `certdesk export` and `certdesk queue`: the register and the work queue, for people and scripts.

use super::export_filter::{ExportFilter, Labels, parse_labels};
use super::output::{self, JsonArray, print_table, write_json};
use super::{CliError, EXIT_OK};
use crate::csv_out::CsvOut;
use crate::domain::due::{KindChoice, QueueFilter, parse_kinds};
use crate::domain::region::Region;
use crate::i18n::{CmdMsg, Lang, Msg};
use crate::store::Store;
use crate::store::read::{DayUnit, QueueItem};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    Bodies,
    Qualifications,
    Events,
    Queue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
#[command(
    after_help = "JSON is an array of objects; CSV has a header row (UTF-8; --bom for Excel).\n\
Filters: --status and --route (qualifications); --kind (bodies, qualifications: cb, cma; queue: kinds of thing due; \
events: act codes or names); --region (all); --since/--until (qualifications: decision date; events: act date; queue: due date).\n\
--labels zh|en writes the CSV headings and coded values (states, kinds, routes, acts …) in words; JSON keeps its keys and \
gets the values in words. codes (the default) is what scripts read.\n\
Example: certdesk export qualifications --status suspended --region 4403 --labels zh --bom --out 停业整顿.csv"
)]
pub struct ExportArgs {
    /// What to export
    #[arg(value_enum)]
    pub what: What,
    /// Output format
    #[arg(long, value_enum, default_value = "csv")]
    pub format: DataFormat,
    /// Write to this new file instead of standard output (it appears only when complete)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists (never the database or its -wal/-shm/-journal)
    #[arg(long)]
    pub force: bool,
    /// Start CSV with a byte-order mark so Excel opens the Chinese correctly
    #[arg(long)]
    pub bom: bool,
    /// For the queue: how many days ahead
    #[arg(long, default_value_t = 30, value_name = "DAYS")]
    pub within: u32,
    /// Qualifications in these states as of today (comma-separated: active, suspended …)
    #[arg(long, value_name = "STATUS,…")]
    pub status: Option<String>,
    /// Bodies and qualifications: cb, cma; the queue: kinds of thing due; events: acts
    #[arg(long, value_name = "KIND,…")]
    pub kind: Option<String>,
    /// Only bodies in this region (a GB/T 2260 prefix: 44, 4403, 440305)
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// Qualifications granted by these routes (commitment, optimized, general)
    #[arg(long, value_name = "ROUTE,…")]
    pub route: Option<String>,
    /// From this day on: a qualification's decision, an event's act date, a queue item's due date
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Up to this day, included (as --since)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Headings and coded values as codes (default, for scripts), or in words: zh, en
    #[arg(long, default_value = "codes", value_name = "zh|en|codes")]
    pub labels: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueueFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Kinds (--kind): verification (commitment to verify), rectification, suspension (period ended?), \
publication (to publish, publication ending or to withdraw), renewal (to file or decide), expired (to cancel), \
application (materials, decision), case (a penalty case's next clock); or an exact item kind such as renewal_filing.\n\
Region (--region): a GB/T 2260 prefix: 44 a province, 4403 a city, 440305 a county. \
--authority NAME: the jurisdiction recorded for that authority's officers (certdesk officer set … --authority … --jurisdiction …).\n\
days_left counts working days where the law does (publication, materials, optimized decisions), calendar days otherwise.\n\
Example: certdesk queue --kind verification,rectification --region 4403 --format json"
)]
pub struct QueueArgs {
    /// Show what is due within this many days (overdue items are always shown)
    #[arg(long, default_value_t = 30, value_name = "DAYS")]
    pub within: u32,
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueueFormat,
    /// Only these kinds of thing due, separated by commas (every kind when not given)
    #[arg(long, value_name = "KIND,…")]
    pub kind: Option<String>,
    /// Only bodies in this region (a GB/T 2260 prefix: 44, 4403, 440305)
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// Only bodies in the jurisdiction of this authority (as recorded for its officers)
    #[arg(long, value_name = "NAME")]
    pub authority: Option<String>,
}

impl QueueArgs {
    /// The filter the flags ask for; a usage error (exit 2) in `lang` when one is not valid.
    fn filter(&self, store: &Store, lang: Lang) -> Result<QueueFilter, CliError> {
        let kinds = match &self.kind {
            Some(k) => parse_kinds(k).map_err(|e| {
                CliError::usage(format!("--kind: {}", crate::i18n::kind_error(lang, &e)))
            })?,
            None => Vec::new(),
        };
        let region = match (&self.region, &self.authority) {
            (Some(_), Some(_)) => return Err(CliError::usage(lang.t(Msg::RegionAndAuthority))),
            (Some(code), None) => Some(super::known_region(store, code, lang, "--region")?),
            (None, Some(name)) => Some(authority_jurisdiction(store, name, lang)?),
            (None, None) => None,
        };
        Ok(QueueFilter { kinds, region })
    }
}

/// The one jurisdiction recorded for the officers of the authority `name`.
fn authority_jurisdiction(store: &Store, name: &str, lang: Lang) -> Result<Region, CliError> {
    let shown = crate::domain::text::sanitize_for_display(name.trim()).into_owned();
    let (found, all) = store.authority_jurisdictions(name)?;
    let usage = |m: Msg, extra: (&str, &dyn std::fmt::Display)| {
        CliError::usage(format!(
            "--authority: {}",
            lang.f(m, &[("value", &shown), extra])
        ))
    };
    match found.as_slice() {
        [] => Err(usage(
            Msg::AuthorityUnknown,
            ("known", &sanitize_list(&all)),
        )),
        [one] => Region::parse(one).map_err(|_| usage(Msg::AuthorityNoJurisdiction, ("", &""))),
        many => Err(usage(
            Msg::AuthorityAmbiguous,
            ("regions", &sanitize_list(many)),
        )),
    }
}

fn sanitize_list(items: &[String]) -> String {
    if items.is_empty() {
        return "—".into();
    }
    items
        .iter()
        .map(|s| crate::domain::text::sanitize_for_display(s).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// ", only verification, rectification in 广东省深圳市 4403": what the queue was narrowed to.
fn narrowed(f: &QueueFilter, lang: Lang) -> String {
    let mut out = String::new();
    if !f.kinds.is_empty() {
        let names: Vec<&str> = f
            .kinds
            .iter()
            .map(|k| match k {
                KindChoice::Kind(k) => k.as_str(),
                KindChoice::Item(i) => i,
            })
            .collect();
        let kinds = names.join(lang.pick("、", ", "));
        out.push_str(&lang.f(CmdMsg::QueueOnly, &[("kinds", &kinds)]));
    }
    if let Some(r) = &f.region {
        let region = crate::i18n::region_label(lang, r);
        out.push_str(&lang.f(CmdMsg::QueueIn, &[("region", &region)]));
    }
    out
}

/// The byte-order mark that makes Excel read CSV as UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes rows of one type as CSV or a JSON array, with headings and coded values as `labels`
/// asks.
struct Sink<'a> {
    out: SinkOut<'a>,
    labels: Labels,
    /// The queue's `kind` is a kind of thing due (its heading says so).
    queue: bool,
    header_written: bool,
}

enum SinkOut<'a> {
    Csv(Box<CsvOut<&'a mut dyn Write>>),
    Json(JsonArray<'a>),
}

impl<'a> Sink<'a> {
    fn new(
        out: &'a mut dyn Write,
        format: DataFormat,
        bom: bool,
        labels: Labels,
        what: What,
    ) -> std::io::Result<Self> {
        let out = match format {
            DataFormat::Csv => {
                if bom {
                    out.write_all(BOM)?;
                }
                SinkOut::Csv(Box::new(CsvOut::from_writer(out)))
            }
            DataFormat::Json => SinkOut::Json(JsonArray::start(out)?),
        };
        Ok(Sink {
            out,
            labels,
            queue: what == What::Queue,
            header_written: false,
        })
    }
    fn field<'f>(&self, name: &'f str) -> &'f str {
        if self.queue && name == "kind" {
            "due_kind"
        } else {
            name
        }
    }
    fn push<T: Serialize>(&mut self, item: &T) -> std::io::Result<()> {
        let lang = match self.labels {
            Labels::Codes => {
                return match &mut self.out {
                    SinkOut::Csv(w) => w.serialize(item).map_err(std::io::Error::other),
                    SinkOut::Json(j) => j.push(item),
                };
            }
            Labels::Words(lang) => lang,
        };
        match &mut self.out {
            SinkOut::Csv(_) => {
                let (headers, cells) =
                    crate::csv_out::flatten(item).map_err(std::io::Error::other)?;
                let fields: Vec<&str> = headers.iter().map(|h| self.field(h)).collect();
                let SinkOut::Csv(w) = &mut self.out else {
                    unreachable!()
                };
                if !self.header_written {
                    self.header_written = true;
                    w.write_record(
                        fields
                            .iter()
                            .map(|f| crate::i18n::export_heading(lang, f).into_owned()),
                    )
                    .map_err(std::io::Error::other)?;
                }
                w.write_record(
                    fields
                        .iter()
                        .zip(&cells)
                        .map(|(f, c)| crate::i18n::export_value(lang, f, c).into_owned()),
                )
                .map_err(std::io::Error::other)
            }
            SinkOut::Json(_) => {
                let mut value = serde_json::to_value(item).map_err(std::io::Error::other)?;
                if let Some(map) = value.as_object_mut() {
                    for (k, v) in map.iter_mut() {
                        let f = if self.queue && k == "kind" {
                            "due_kind"
                        } else {
                            k
                        };
                        if let Some(s) = v.as_str() {
                            let words = crate::i18n::export_value(lang, f, s).into_owned();
                            *v = serde_json::Value::String(words);
                        }
                    }
                }
                let SinkOut::Json(j) = &mut self.out else {
                    unreachable!()
                };
                j.push(&value)
            }
        }
    }
    fn finish(self) -> std::io::Result<()> {
        match self.out {
            SinkOut::Csv(mut w) => w.flush(),
            SinkOut::Json(j) => j.finish(),
        }
    }
}

/// A queue item flattened for CSV.
#[derive(Serialize)]
struct QueueCsv<'a> {
    approval_no: &'a str,
    uscc: &'a str,
    name: &'a str,
    kind: &'a str,
    due_on: &'a str,
    days_left: i64,
    unit: &'a str,
    overdue: bool,
    estimated: bool,
    region: &'a str,
}

fn unit_name(u: DayUnit) -> &'static str {
    match u {
        DayUnit::WorkingDays => "working_days",
        DayUnit::Days => "days",
    }
}

/// What the flags ask for besides the rows: the filter and the labels.
struct Asked {
    filter: ExportFilter,
    labels: Labels,
    /// By USCC, when events are narrowed to a region.
    regions: std::collections::HashMap<String, String>,
}

pub fn export(store: &Store, a: &ExportArgs, lang: Lang) -> Result<u8, CliError> {
    let filter = ExportFilter::of(a, store, lang)?;
    let labels = parse_labels(&a.labels, lang)?;
    let mut regions = std::collections::HashMap::new();
    if a.what == What::Events && filter.region.is_some() {
        store.for_each_body(|b| {
            regions.insert(b.uscc, b.region);
            Ok(())
        })?;
    }
    let asked = Asked {
        filter,
        labels,
        regions,
    };
    let bom = a.bom && a.format == DataFormat::Csv;
    let Some(path) = &a.out else {
        return export_to_stdout(store, a, &asked, bom, lang);
    };
    let io = |e: std::io::Error| {
        CliError::failure(lang.f(
            CmdMsg::CannotWrite,
            &[
                ("path", &path.display()),
                ("why", &crate::i18n::os::io_error(lang, &e)),
            ],
        ))
    };
    let mut file = std::io::BufWriter::new(super::output_file(path, a.force, store)?);
    write_rows(store, a, &asked, &mut file, bom)?.map_err(io)?;
    let file = file.into_inner().map_err(|e| io(e.into_error()))?;
    file.commit()?;
    Ok(EXIT_OK)
}

/// Standard output may be a pipe nobody reads, or a pager left open: the export must not wait
/// on it with a read snapshot open (every frame written after it would stay in the -wal). The
/// event log is read in short steps (`Store::for_each_event`) and the queue at once; the bodies
/// and qualifications are read whole into a `Spill`, then copied out. CSV on the terminal is
/// sanitised too; in a file it is only neutralised (csv_out).
fn export_to_stdout(
    store: &Store,
    a: &ExportArgs,
    asked: &Asked,
    bom: bool,
    lang: Lang,
) -> Result<u8, CliError> {
    let io = |e: std::io::Error| {
        CliError::failure(lang.f(
            CmdMsg::CannotWriteStdout,
            &[("why", &crate::i18n::os::io_error(lang, &e))],
        ))
        .or_broken_pipe(&e)
    };
    let spill_failed = |e: std::io::Error| {
        CliError::failure(lang.f(
            CmdMsg::CannotSpill,
            &[
                ("folder", &output::Spill::folder().display()),
                ("why", &crate::i18n::os::io_error(lang, &e)),
            ],
        ))
    };
    let mut stdout = output::stdout();
    match a.what {
        What::Events | What::Queue => {
            if bom {
                stdout.write_verbatim(BOM).map_err(io)?; // U+FEFF is invisible: not sanitised away
            }
            write_rows(store, a, asked, &mut stdout, false)?.map_err(io)?;
        }
        What::Bodies | What::Qualifications => {
            let mut spill = output::Spill::default();
            write_rows(store, a, asked, &mut spill, false)?.map_err(spill_failed)?;
            if bom {
                stdout.write_verbatim(BOM).map_err(io)?;
            }
            spill.copy_to(&mut stdout).map_err(|e| match e {
                output::SpillCopy::Spill(e) => spill_failed(e),
                output::SpillCopy::Out(e) => io(e),
            })?;
        }
    }
    stdout.flush().map_err(io)?;
    Ok(EXIT_OK)
}

/// Write the rows of `a.what` into `out` (CSV, after a byte-order mark when `bom`, or JSON).
/// The outer error is the database's; the inner one the first failed write, which stops the
/// reading (a closed pipe ends the command at once).
fn write_rows(
    store: &Store,
    a: &ExportArgs,
    asked: &Asked,
    out: &mut dyn Write,
    bom: bool,
) -> Result<std::io::Result<()>, CliError> {
    let f = &asked.filter;
    let mut sink = match Sink::new(out, a.format, bom, asked.labels, a.what) {
        Ok(sink) => sink,
        Err(e) => return Ok(Err(e)),
    };
    let mut failed: Option<std::io::Error> = None;
    // A failed write stops the store's reading with an error that is then set aside for it.
    let mut emit = |r: std::io::Result<()>| -> crate::store::Result<()> {
        r.map_err(|e| {
            failed = Some(e);
            crate::store::StoreError::Invalid(crate::store_msg!(OutputFailed))
        })
    };
    let region_of = |uscc: &str| asked.regions.get(uscc).cloned();
    let read = match a.what {
        What::Bodies => store.for_each_body(|b| {
            if f.admits_body(&b) {
                emit(sink.push(&b))
            } else {
                Ok(())
            }
        }),
        What::Qualifications => store.for_each_qualification(|q| {
            if f.admits_qualification(&q) {
                emit(sink.push(&q))
            } else {
                Ok(())
            }
        }),
        What::Events => store.for_each_event(|e| {
            if f.admits_event(&e, region_of) {
                emit(sink.push(&e))
            } else {
                Ok(())
            }
        }),
        What::Queue => store.queue(a.within).and_then(|items| {
            items
                .iter()
                .filter(|i| f.admits_queue_item(i))
                .try_for_each(|item| {
                    emit(match a.format {
                        DataFormat::Json => sink.push(item),
                        DataFormat::Csv => sink.push(&queue_csv(item)),
                    })
                })
        }),
    };
    if let Some(e) = failed {
        return Ok(Err(e));
    }
    read?;
    Ok(sink.finish())
}

fn queue_csv(i: &QueueItem) -> QueueCsv<'_> {
    QueueCsv {
        approval_no: i.approval_no.as_deref().unwrap_or(""),
        uscc: &i.uscc,
        name: &i.name,
        kind: &i.kind,
        due_on: &i.due_on,
        days_left: i.days_left,
        unit: unit_name(i.unit),
        overdue: i.overdue,
        estimated: i.estimated,
        region: &i.region,
    }
}

pub fn queue(store: &Store, a: &QueueArgs, lang: Lang) -> Result<u8, CliError> {
    let filter = a.filter(store, lang)?;
    let items = store.queue_filtered(a.within, &filter)?;
    let mut out = output::stdout();
    match a.format {
        QueueFormat::Json => {
            write_json(&mut out, &items, true)?;
            writeln!(out)?;
        }
        QueueFormat::Table => {
            if items.is_empty() {
                writeln!(
                    out,
                    "{}",
                    lang.f(
                        CmdMsg::QueueEmpty,
                        &[
                            ("days", &a.within),
                            ("today", &store.today()),
                            ("narrowed", &narrowed(&filter, lang)),
                        ],
                    )
                )?;
                return Ok(EXIT_OK);
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|i| {
                    let unit = match i.unit {
                        DayUnit::WorkingDays => lang.t(CmdMsg::QueueWorkingDays),
                        DayUnit::Days => lang.t(CmdMsg::QueueDays),
                    };
                    vec![
                        if i.overdue {
                            lang.t(CmdMsg::QueueOverdue).to_string()
                        } else {
                            String::new()
                        },
                        i.due_on.clone() + if i.estimated { "*" } else { "" },
                        format!("{} {unit}", i.days_left),
                        // Scripts read the English table's codes; a Chinese one says the words.
                        match lang {
                            Lang::Zh => crate::i18n::due_kind(lang, &i.kind).into_owned(),
                            Lang::En => i.kind.clone(),
                        },
                        i.approval_no
                            .clone()
                            .or(i
                                .application_id
                                .map(|id| lang.f(CmdMsg::QueueApplication, &[("id", &id)])))
                            .or(i
                                .task_id
                                .map(|id| lang.f(CmdMsg::QueueTask, &[("id", &id)])))
                            .unwrap_or_default(),
                        i.name.clone(),
                    ]
                })
                .collect();
            // The first column flags the overdue: its word needs no heading.
            let headings: Vec<&str> = std::iter::once("")
                .chain(
                    [
                        CmdMsg::QueueHeadDue,
                        CmdMsg::QueueHeadLeft,
                        CmdMsg::QueueHeadWhat,
                        CmdMsg::QueueHeadApproval,
                        CmdMsg::QueueHeadBody,
                    ]
                    .into_iter()
                    .map(|m| lang.t(m)),
                )
                .collect();
            print_table(&mut out, &headings, &rows)?;
            let overdue = items.iter().filter(|i| i.overdue).count();
            writeln!(
                out,
                "\n{}",
                lang.f(
                    CmdMsg::QueueSummary,
                    &[
                        ("n", &items.len()),
                        ("overdue", &overdue),
                        ("narrowed", &narrowed(&filter, lang)),
                        ("today", &store.today()),
                    ],
                )
            )?;
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}
