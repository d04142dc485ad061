//! `certdesk inspection …`: the item list, tasks, the reproducible draw and its verification,
//! replacements, officers and recusals (docs/INSPECTIONS.md), over `store::inspections`.

use super::output::{self, print_json, print_line, print_table};
use super::{CliError, EXIT_FAILURE, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, parse_date_arg};
use crate::domain::Date;
use crate::domain::ids::BodyKind;
use crate::domain::inspection::{Problem, Ratios};
use crate::i18n::Lang;
use crate::i18n::inspection::{Report, problem, report};
use crate::store::Store;
use crate::store::inspections::{InspectionError, TaskDraft};
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct InspectionArgs {
    #[command(subcommand)]
    pub command: InspectionCommand,
}

#[derive(Debug, Subcommand)]
pub enum InspectionCommand {
    /// The inspection item list (随机抽查事项清单)
    Item {
        #[command(subcommand)]
        command: ItemCommand,
    },
    /// Inspection tasks (抽查任务)
    Task {
        #[command(subcommand)]
        command: TaskCommand,
    },
    /// Freeze the population, fix the seed from its hash and a public value, and draw
    #[command(
        after_help = "Example: certdesk inspection draw 1 --public-value '2027-03-01 福彩3D 527' --date 2027-03-01"
    )]
    Draw {
        task: String,
        /// A value made public at the draw (a lottery result, a witness's number)
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        public_value: String,
        /// The day of the draw [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        date: Option<Date>,
    },
    /// Recompute the draw from the record: exit 0 when identical, 1 naming the first difference
    VerifyDraw {
        task: String,
        /// Print the outcome as JSON
        #[arg(long, value_name = "json", value_parser = ["json"])]
        format: Option<String>,
    },
    /// Replace a drawn body (dissolved, not found …), drawn from the rest of the population
    Replace {
        task: String,
        #[arg(long)]
        uscc: String,
        #[arg(long)]
        reason: String,
        /// [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        date: Option<Date>,
    },
    /// Add a body on purpose (定向) with its reason to a task not yet drawn
    #[command(
        after_help = "Example: certdesk inspection include 1 --uscc 91110000600037341L --reason '风险预警：两年内两次责令限期改正'"
    )]
    Include {
        task: String,
        #[arg(long)]
        uscc: String,
        #[arg(long, allow_hyphen_values = true)]
        reason: String,
    },
    /// Draw the officers of every body on the list that has none, excluding conflicts
    Assign { task: String },
    /// Record a recusal (回避) and draw the officer who replaces the recused one
    Recuse {
        task: String,
        #[arg(long)]
        uscc: String,
        /// The login of the recused officer
        #[arg(long, value_name = "LOGIN")]
        officer: String,
        #[arg(long)]
        reason: String,
        /// Who decided the recusal (the head of the organ, 行政处罚法 Art. 43)
        #[arg(long, value_name = "NAME")]
        decided_by: String,
        /// [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        date: Option<Date>,
    },
    /// A task: its record, population, roster hash, seed and list with officers
    Show {
        task: String,
        #[arg(long, value_name = "json", value_parser = ["json"])]
        format: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ItemCommand {
    /// Add an item to the list
    #[command(
        after_help = "Example: certdesk inspection item add --name 认证活动检查 --basis 认证认可条例第五十五条 --content 认证过程及结果 --method 现场检查 --kind cb --key"
    )]
    Add {
        #[arg(long)]
        name: String,
        /// The legal basis (article)
        #[arg(long)]
        basis: String,
        #[arg(long)]
        content: String,
        #[arg(long)]
        method: String,
        /// cb or cma
        #[arg(long, value_parser = parse_kind)]
        kind: BodyKind,
        /// A key item (重点检查事项) instead of a general one
        #[arg(long)]
        key: bool,
    },
    /// List the items
    List {
        #[arg(long, value_name = "json", value_parser = ["json"])]
        format: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Create a task; ratios and the exclusion period default to the settings
    #[command(
        after_help = "Example: certdesk inspection task create --name '2027年度认证机构双随机抽查' --year 2027 --items 1,2 --authority 北京市市场监督管理局 --kind cb --region 11 --ratio A=1,B=3,C=10,D=30 --include 91110000600037341L:投诉举报"
    )]
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        year: i32,
        /// Item ids of the list, separated by commas
        #[arg(long, value_name = "IDS")]
        items: String,
        /// The inspecting authority
        #[arg(long)]
        authority: String,
        /// Departments inspecting jointly (部门联合抽查)
        #[arg(long, value_name = "TEXT", default_value = "")]
        joint_with: String,
        /// cb or cma
        #[arg(long, value_parser = parse_kind)]
        kind: BodyKind,
        /// A GB/T 2260 prefix: only bodies registered there [default: everywhere]
        #[arg(long, value_name = "PREFIX")]
        region: Option<String>,
        /// Percent per risk class, e.g. A=1,B=3,C=10,D=30 [default: the settings inspection_ratio_a…d]
        #[arg(long, value_name = "A=N,B=N,C=N,D=N")]
        ratio: Option<String>,
        /// Officers per body, at least 2 (行政处罚法 Art. 42)
        #[arg(long, default_value_t = 2)]
        officers_per_body: u32,
        /// A body added on purpose (定向) with the reason, USCC:REASON (repeatable)
        #[arg(long, value_name = "USCC:REASON")]
        include: Vec<String>,
        /// Leave out bodies drawn by another task within N months before the draw
        /// [default: the setting inspection_exclude_months]
        #[arg(long, value_name = "N")]
        exclude_inspected_within_months: Option<u32>,
    },
    /// List the tasks
    List,
}

fn parse_kind(s: &str) -> Result<BodyKind, String> {
    BodyKind::parse(s).ok_or_else(|| format!("'{s}': write cb (认证机构) or cma (检验检测机构)"))
}

impl InspectionArgs {
    pub fn reads_only(&self) -> bool {
        matches!(
            self.command,
            InspectionCommand::VerifyDraw { .. }
                | InspectionCommand::Show { .. }
                | InspectionCommand::Item {
                    command: ItemCommand::List { .. }
                }
                | InspectionCommand::Task {
                    command: TaskCommand::List
                }
        )
    }
}

/// A refusal as the user's error: usage mistakes exit 2, rejected input 3.
pub fn refused(lang: Lang, e: InspectionError) -> CliError {
    match e {
        InspectionError::Store(e) => CliError::from(e).speaking(lang),
        InspectionError::Problem(p) => {
            let code = match p {
                Problem::RatioSyntax(_)
                | Problem::RatioOver100(..)
                | Problem::RatioTwice(_)
                | Problem::IncludeSyntax(_)
                | Problem::PublicValueEmpty
                | Problem::Required(_) => EXIT_USAGE,
                _ => EXIT_REJECTED,
            };
            CliError::new(code, problem(lang, &p))
        }
    }
}

fn task_id(s: &str, lang: Lang) -> Result<i64, CliError> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            refused(
                lang,
                Problem::UnknownTask(crate::domain::text::preview(s)).into(),
            )
        })
}

fn say(lang: Lang, r: Report) -> Result<(), CliError> {
    Ok(print_line(&report(lang, &r))?)
}

pub fn run(store: &mut Store, a: &InspectionArgs, lang: Lang) -> Result<u8, CliError> {
    let no = |e| refused(lang, e);
    match &a.command {
        InspectionCommand::Item { command } => match command {
            ItemCommand::Add {
                name,
                basis,
                content,
                method,
                kind,
                key,
            } => {
                let item = store
                    .add_inspection_item(name, basis, content, method, *kind, *key)
                    .map_err(no)?;
                say(lang, Report::ItemAdded(item.id))?;
            }
            ItemCommand::List { format } => {
                let items = store.inspection_items()?;
                if format.is_some() {
                    print_json(&items)?;
                } else {
                    let rows: Vec<Vec<String>> = items
                        .into_iter()
                        .map(|i| {
                            vec![
                                i.id.to_string(),
                                i.name,
                                i.kind,
                                lang.pick(
                                    if i.key { "重点" } else { "一般" },
                                    if i.key { "key" } else { "general" },
                                )
                                .to_string(),
                                i.basis,
                                i.method,
                            ]
                        })
                        .collect();
                    let h = match lang {
                        Lang::Zh => ["编号", "事项", "类型", "性质", "依据", "方式"],
                        Lang::En => ["id", "item", "kind", "class", "basis", "method"],
                    };
                    print_table(&mut output::stdout(), &h, &rows)?;
                }
            }
        },
        InspectionCommand::Task { command } => match command {
            TaskCommand::Create {
                name,
                year,
                items,
                authority,
                joint_with,
                kind,
                region,
                ratio,
                officers_per_body,
                include,
                exclude_inspected_within_months,
            } => {
                let defaults = store.settings().inspection;
                let ratios = match ratio {
                    Some(r) => Ratios::parse(r, defaults.ratios).map_err(|p| no(p.into()))?,
                    None => defaults.ratios,
                };
                let mut ids = Vec::new();
                for part in items.split([',', '，', ';', '；', '、']).map(str::trim) {
                    if part.is_empty() {
                        continue;
                    }
                    ids.push(part.parse::<i64>().map_err(|_| {
                        no(Problem::UnknownItem(crate::domain::text::preview(part)).into())
                    })?);
                }
                let mut included = Vec::new();
                for inc in include {
                    let (uscc, reason) = inc.split_once([':', '：']).ok_or_else(|| {
                        no(Problem::IncludeSyntax(crate::domain::text::preview(inc)).into())
                    })?;
                    if reason.trim().is_empty() {
                        return Err(no(Problem::IncludeSyntax(crate::domain::text::preview(
                            inc,
                        ))
                        .into()));
                    }
                    included.push((uscc.trim().to_string(), reason.trim().to_string()));
                }
                let region = match region.as_deref().map(str::trim) {
                    None | Some("") => String::new(),
                    Some(code) => super::known_region(store, code, lang, "--region")?
                        .as_str()
                        .to_string(),
                };
                let id = store
                    .create_task(&TaskDraft {
                        name: name.clone(),
                        year: *year,
                        items: ids,
                        authority: authority.clone(),
                        joint_with: joint_with.clone(),
                        kind: *kind,
                        region,
                        ratios,
                        officers_per_body: *officers_per_body,
                        include: included,
                        exclude_months: exclude_inspected_within_months
                            .unwrap_or(defaults.exclude_months),
                    })
                    .map_err(no)?;
                say(lang, Report::TaskCreated(id))?;
            }
            TaskCommand::List => {
                let rows: Vec<Vec<String>> = store
                    .tasks()?
                    .into_iter()
                    .map(|(id, name, year, kind, drawn)| {
                        vec![
                            id.to_string(),
                            year.to_string(),
                            kind,
                            name,
                            drawn.unwrap_or_else(|| "—".into()),
                        ]
                    })
                    .collect();
                let h = match lang {
                    Lang::Zh => ["编号", "年度", "类型", "任务", "抽取日期"],
                    Lang::En => ["id", "year", "kind", "task", "drawn on"],
                };
                print_table(&mut output::stdout(), &h, &rows)?;
            }
        },
        InspectionCommand::Draw {
            task,
            public_value,
            date,
        } => {
            let done = store
                .draw(task_id(task, lang)?, public_value, *date)
                .map_err(no)?;
            say(
                lang,
                Report::Drawn {
                    task: done.task,
                    population: done.population,
                    drawn: done.drawn.len() + done.directed.len(),
                    roster_hash: done.roster_hash,
                    seed: done.seed,
                },
            )?;
        }
        InspectionCommand::VerifyDraw { task, format } => {
            let v = store.verify_draw(task_id(task, lang)?).map_err(no)?;
            if format.is_some() {
                print_json(&v)?;
            } else {
                match &v.difference {
                    None => say(lang, Report::VerifyIdentical(v.task))?,
                    Some(d) => say(
                        lang,
                        Report::VerifyDiffers(
                            d.what.clone(),
                            d.position,
                            d.recorded.clone(),
                            d.recomputed.clone(),
                        ),
                    )?,
                }
            }
            return Ok(if v.identical { EXIT_OK } else { EXIT_FAILURE });
        }
        InspectionCommand::Replace {
            task,
            uscc,
            reason,
            date,
        } => {
            let new = store
                .replace_drawn(task_id(task, lang)?, uscc, reason, *date)
                .map_err(no)?;
            say(lang, Report::Replaced(uscc.trim().to_string(), new))?;
        }
        InspectionCommand::Include { task, uscc, reason } => {
            let id = task_id(task, lang)?;
            store.include_directed(id, uscc, reason).map_err(no)?;
            say(lang, Report::Included(id, uscc.trim().to_string()))?;
        }
        InspectionCommand::Assign { task } => {
            let id = task_id(task, lang)?;
            let done = store.assign_officers(id).map_err(no)?;
            for (uscc, officers) in &done.assigned {
                say(lang, Report::Assigned(uscc.clone(), officers.join(", ")))?;
            }
            let per_body = store.task_view(id).map_err(no)?.officers_per_body;
            for (uscc, n) in &done.short {
                say(lang, Report::TooFewForBody(uscc.clone(), *n, per_body))?;
            }
            if !done.short.is_empty() {
                return Ok(EXIT_REJECTED);
            }
        }
        InspectionCommand::Recuse {
            task,
            uscc,
            officer,
            reason,
            decided_by,
            date,
        } => {
            let done = store
                .recuse(
                    task_id(task, lang)?,
                    uscc,
                    officer,
                    reason,
                    decided_by,
                    *date,
                )
                .map_err(no)?;
            say(
                lang,
                Report::Recused(officer.trim().to_string(), done.replacement),
            )?;
        }
        InspectionCommand::Show { task, format } => {
            let v = store.task_view(task_id(task, lang)?).map_err(no)?;
            if format.is_some() {
                print_json(&v)?;
            } else {
                let dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "—".into());
                print_line(&format!(
                    "{} {} · {} · {} · {}\n{}: {}\n{}: {} · roster_hash {} · seed {} · {}",
                    v.id,
                    v.name,
                    v.year,
                    v.kind,
                    v.authority,
                    lang.pick("比例", "ratios"),
                    v.ratios,
                    lang.pick("总体", "population"),
                    v.population.map_or("—".into(), |n| n.to_string()),
                    dash(&v.roster_hash),
                    dash(&v.seed),
                    dash(&v.algorithm),
                ))?;
                let rows: Vec<Vec<String>> = v
                    .drawn
                    .iter()
                    .map(|b| {
                        vec![
                            b.uscc.clone(),
                            b.name.clone(),
                            b.risk_class.clone(),
                            b.how.clone(),
                            b.officers.join(", "),
                            dash(&b.result),
                        ]
                    })
                    .collect();
                let h = match lang {
                    Lang::Zh => [
                        "统一社会信用代码",
                        "机构",
                        "风险",
                        "方式",
                        "检查人员",
                        "结果",
                    ],
                    Lang::En => ["uscc", "body", "risk", "how", "officers", "result"],
                };
                print_table(&mut output::stdout(), &h, &rows)?;
            }
        }
    }
    Ok(EXIT_OK)
}
