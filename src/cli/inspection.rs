//! `certdesk inspection …`: the item list, tasks, the reproducible draw and its verification,
//! replacements, officers and recusals (docs/INSPECTIONS.md), over `store::inspections`.

use super::inspection_export::{self, PublicationFormat};
use super::output::{self, print_json, print_line, print_table};
use super::{CliError, EXIT_FAILURE, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, parse_date_arg};
use crate::domain::Date;
use crate::domain::acts::ActKind;
use crate::domain::ids::BodyKind;
use crate::domain::inspection::{Problem, Ratios, ResultCode};
use crate::i18n::Lang;
use crate::i18n::inspection::{
    InspectionMsg, Report, drawn_headings, item_headings, problem, report, task_headings,
};
use crate::store::Store;
use crate::store::inspections::{
    CaseFollowUp, FollowUpAct, InspectionError, OrderFollowUp, ResultDraft, TaskDraft,
};
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
    /// Record a body's result (检查结果), once; a result that found a problem can start an
    /// order to rectify (--order-rectification --deadline D) or a case (--open-case --case-no N
    /// --case-act suspend|revoke-penalty), in the same transaction
    #[command(
        after_help = "Result codes: no_problem 未发现问题 · info_not_publicised 未按规定公示应当公示的信息 · false_information 公示信息隐瞒真实情况、弄虚作假 · ordered_to_rectify 发现问题已责令改正 · follow_up_pending 发现问题待后续处理 · no_such_activity 未发现开展本次抽查涉及的经营活动 · unreachable 通过登记的住所（经营场所）无法联系 · uncooperative 不配合检查（情节严重） · closed_or_liquidating 已关闭停业或正在组织清算 · cancelled 已注销 · licence_revoked 已被吊销 · revoked 已被撤销 · moved_out 已迁出\n\nExample: certdesk inspection result 1 --uscc 91110000600037341L --result ordered_to_rectify --date 2027-04-02 --findings '检验检测报告未按规定签发' --order-rectification --deadline 2027-05-02 --basis '检验检测机构监督管理办法第二十六条'"
    )]
    Result {
        task: String,
        #[arg(long)]
        uscc: String,
        /// The result's code or its Chinese label (see below)
        #[arg(long, value_name = "CODE")]
        result: String,
        /// The day of the inspection (not before the draw, not after today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        date: Date,
        /// What was found (检查情况); required when the result found a problem
        #[arg(long, value_name = "TEXT", default_value = "")]
        findings: String,
        /// Order the body to rectify (责令限期改正) on its approval, dated as the result
        #[arg(long, requires = "deadline")]
        order_rectification: bool,
        /// The rectification deadline (with --order-rectification)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg, requires = "order_rectification")]
        deadline: Option<Date>,
        /// Open a penalty case (立案) on the body's approval, dated as the result, its officers
        /// the body's inspectors
        #[arg(long, requires_all = ["case_no", "case_act"])]
        open_case: bool,
        /// The case number (案号, with --open-case)
        #[arg(long, value_name = "TEXT", requires = "open_case")]
        case_no: Option<String>,
        /// The intended penalty of the case: suspend or revoke-penalty (with --open-case)
        #[arg(long, value_name = "ACT", value_parser = parse_penalty, requires = "open_case")]
        case_act: Option<ActKind>,
        /// The legal basis of the order or case
        #[arg(long, value_name = "TEXT", default_value = "")]
        basis: String,
        /// The document number (文号) of the order or case
        #[arg(long, value_name = "TEXT", default_value = "")]
        doc_no: String,
    },
    /// End a drawn task whose remaining bodies could not be inspected: it is completed on --date
    /// and its publication is due 20 working days later (those bodies are published as 未检查)
    Close {
        task: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        date: Date,
        #[arg(long)]
        reason: String,
    },
    /// Write a completed task's publication (task, authority, completion date, body, USCC,
    /// result), Chinese headings; to standard output or a new --output file
    Export {
        task: String,
        #[arg(long, value_enum)]
        format: PublicationFormat,
        /// A new file (never replaced); xlsx needs one
        #[arg(long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Record that a completed task's results were published (一公开) on --date
    Publish {
        task: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        date: Date,
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

fn parse_penalty(s: &str) -> Result<ActKind, String> {
    match ActKind::parse(s) {
        Some(a) if a.is_penalty() => Ok(a),
        _ => Err(format!("'{s}': write suspend or revoke-penalty")),
    }
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
                | InspectionCommand::Export { .. }
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
        // An act a result starts (an order, a case) refused: its rule in the user's language.
        InspectionError::Store(crate::store::StoreError::Refused(r)) => {
            CliError::new(EXIT_REJECTED, r.message(lang))
        }
        InspectionError::Store(e) => CliError::from(e).speaking(lang),
        InspectionError::FollowUp(act, e) => {
            let act = if act == FollowUpAct::Order {
                InspectionMsg::FollowUpOrder
            } else {
                InspectionMsg::FollowUpCase
            };
            let (code, why) = match e {
                crate::store::StoreError::Refused(r) => (EXIT_REJECTED, r.message(lang)),
                e => (e.exit_code() as u8, e.render(lang)),
            };
            CliError::new(
                code,
                lang.f(
                    InspectionMsg::FollowUpRefused,
                    &[("act", &lang.t(act)), ("why", &why)],
                ),
            )
        }
        InspectionError::Problem(p) => {
            let code = match p {
                Problem::RatioSyntax(_)
                | Problem::RatioOver100(..)
                | Problem::RatioTwice(_)
                | Problem::IncludeSyntax(_)
                | Problem::PublicValueEmpty
                | Problem::Required(_)
                | Problem::FindingsRequired(_) => EXIT_USAGE,
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
                                lang.t(if i.key {
                                    InspectionMsg::ItemKey
                                } else {
                                    InspectionMsg::ItemGeneral
                                })
                                .to_string(),
                                i.basis,
                                i.method,
                            ]
                        })
                        .collect();
                    let h = item_headings(lang);
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
                let h = task_headings(lang);
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
        InspectionCommand::Result {
            task,
            uscc,
            result,
            date,
            findings,
            order_rectification,
            deadline,
            open_case,
            case_no,
            case_act,
            basis,
            doc_no,
        } => {
            let id = task_id(task, lang)?;
            let code = ResultCode::parse(result).ok_or_else(|| {
                no(Problem::UnknownResult(crate::domain::text::preview(result)).into())
            })?;
            let done = store
                .record_result(
                    id,
                    &ResultDraft {
                        uscc: uscc.clone(),
                        result: code,
                        date: *date,
                        findings: findings.clone(),
                        order: order_rectification.then(|| OrderFollowUp {
                            deadline: *deadline,
                            basis: basis.clone(),
                            doc_no: doc_no.clone(),
                        }),
                        case: open_case.then(|| CaseFollowUp {
                            case_no: case_no.clone().unwrap_or_default(),
                            intended: *case_act,
                            basis: basis.clone(),
                            doc_no: doc_no.clone(),
                        }),
                    },
                )
                .map_err(no)?;
            say(
                lang,
                Report::ResultRecorded(uscc.trim().to_string(), code.zh().to_string()),
            )?;
            if let Some((event, approval)) = done.order {
                say(lang, Report::OrderStarted(approval, event))?;
            }
            if let Some((case, number)) = done.case {
                say(lang, Report::CaseOpened(case, number))?;
            }
            if let Some(c) = done.completed {
                say(
                    lang,
                    Report::Completed(id, c.completed_on, c.publication_due, c.estimated),
                )?;
            }
        }
        InspectionCommand::Close { task, date, reason } => {
            let id = task_id(task, lang)?;
            let c = store.close_task(id, *date, reason).map_err(no)?;
            say(
                lang,
                Report::Completed(id, c.completed_on, c.publication_due, c.estimated),
            )?;
        }
        InspectionCommand::Export {
            task,
            format,
            output,
        } => {
            return inspection_export::export(
                store,
                task_id(task, lang)?,
                *format,
                output.as_deref(),
                lang,
            );
        }
        InspectionCommand::Publish { task, date } => {
            let id = task_id(task, lang)?;
            store.publish_task(id, *date).map_err(no)?;
            say(lang, Report::Published(id, date.to_string()))?;
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
                    lang.t(InspectionMsg::ShowRatios),
                    v.ratios,
                    lang.t(InspectionMsg::ShowPopulation),
                    v.population.map_or("—".into(), |n| n.to_string()),
                    dash(&v.roster_hash),
                    dash(&v.seed),
                    dash(&v.algorithm),
                ))?;
                if let Some(on) = &v.completed_on {
                    print_line(&format!(
                        "{}: {on}{} · {}: {} · {}: {}",
                        lang.t(InspectionMsg::ShowCompleted),
                        v.close_reason
                            .as_ref()
                            .map(|r| format!(" ({}{r})", lang.t(InspectionMsg::ShowReason)))
                            .unwrap_or_default(),
                        lang.t(InspectionMsg::ShowPublicationDue),
                        dash(&v.publication_due),
                        lang.t(InspectionMsg::ShowPublished),
                        dash(&v.published_on),
                    ))?;
                }
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
                            match (&b.result, &b.result_on) {
                                (Some(r), Some(on)) => format!(
                                    "{} {on}",
                                    ResultCode::parse(r).map_or(r.as_str(), |c| c.zh())
                                ),
                                _ => "—".into(),
                            },
                        ]
                    })
                    .collect();
                let h = drawn_headings(lang);
                print_table(&mut output::stdout(), &h, &rows)?;
            }
        }
    }
    Ok(EXIT_OK)
}
