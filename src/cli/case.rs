//! `certdesk case STEP …`: the penalty case (行政处罚的一般程序), from 立案 to 结案.

use super::act::split_items;
use super::output::{print_json, print_line};
use super::{CliError, EXIT_OK, parse_date_arg};
use crate::domain::Date;
use crate::domain::acts::{ActKind, ActRequest, Hearing};
use crate::domain::ids::ApprovalNo;
use crate::domain::penalty::CaseStep;
use crate::i18n::{CmdMsg, Lang};
use crate::store::Store;
use crate::store::cases::{CaseRow, CaseStepRequest, NewCase};
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
#[command(
    after_help = "A suspension (责令停业整顿) or a revocation as a penalty (吊销/撤销批准文件) is decided in a case. \
The decision is refused (exit 3, naming the article) without a served notice (行政处罚法 Art. 44, 62), with fewer than two \
officers (Art. 42), inside the 5-working-day hearing request window without a written waiver, before a requested hearing \
was held or with a hearing notified less than 7 working days ahead (Art. 63–64, 85), or past 90 days from 立案 without a \
recorded extension (Art. 60).\n\
Example:\n  certdesk case open --approval CNCA-R-2002-001 --case-no 京市监罚立〔2026〕7号 --act suspend --date 2026-10-20 --officers 张伟,王芳\n  \
certdesk case notify 京市监罚立〔2026〕7号 --date 2026-11-02\n  \
certdesk case hearing 京市监罚立〔2026〕7号 --date 2026-11-10 --hearing not_requested\n  \
certdesk case decide 京市监罚立〔2026〕7号 --act suspend --date 2026-11-10 --deadline 2027-02-10 --basis 认证认可条例第五十八条 --doc-no 京市监罚〔2026〕12号\n  \
certdesk case serve 京市监罚立〔2026〕7号 --date 2026-11-11\n  \
certdesk case close 京市监罚立〔2026〕7号 --date 2026-11-12"
)]
pub struct CaseArgs {
    #[command(subcommand)]
    pub step: CaseCommand,
}

/// The flags every step takes.
#[derive(Debug, Args)]
pub struct StepFlags {
    /// The case: its number (案号) or id
    #[arg(value_name = "CASE")]
    pub case: String,
    /// The date of the step
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub date: Date,
    /// The legal basis or approval of the step
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub basis: String,
    /// The document number (文号)
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub doc_no: String,
    /// The reason, in a sentence
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub reason: String,
    /// Refuse (exit 4) unless the case is still at this version (from case show)
    #[arg(long, value_name = "N")]
    pub expect_version: Option<i64>,
    /// Print the case as JSON
    #[arg(long, value_name = "json", value_parser = ["json"])]
    pub format: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// 立案: open a case on an approval, naming the intended penalty and two or more officers;
    /// with --lead-on and no --date, register a lead (线索) to verify within 15 working days,
    /// opened later by `case open --case-no N --date D`
    Open {
        /// The approval number (not needed to open a registered lead)
        #[arg(long, value_name = "NO", value_parser = parse_approval)]
        approval: Option<ApprovalNo>,
        /// The case number (案号)
        #[arg(long, value_name = "TEXT")]
        case_no: String,
        /// The intended penalty: suspend or revoke-penalty (not needed to open a registered lead)
        #[arg(long, value_name = "ACT", value_parser = parse_penalty)]
        act: Option<ActKind>,
        /// The day the case was opened (立案)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        date: Option<Date>,
        /// The law-enforcement officers (at least two), separated by , or ;
        #[arg(long, value_name = "NAMES")]
        officers: Option<String>,
        /// The day the lead was discovered (its verification is due 15 working days later)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        lead_on: Option<Date>,
        #[arg(long, value_name = "TEXT", default_value = "")]
        basis: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        doc_no: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
        #[arg(long, value_name = "json", value_parser = ["json"])]
        format: Option<String>,
    },
    /// 行政处罚告知: the notice of the intended penalty was served on --date
    Notify(StepFlags),
    /// The party's answer (--hearing waived|requested|held:YYYY-MM-DD|not_requested) and the
    /// hearing's day (--hearing-on, notified on --date, at least 7 working days ahead)
    Hearing {
        #[command(flatten)]
        flags: StepFlags,
        #[arg(long, value_name = "HEARING", value_parser = crate::domain::penalty::parse_hearing)]
        hearing: Option<(Hearing, Option<Date>)>,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        hearing_on: Option<Date>,
    },
    /// Extend the 90-day limit by --days (the approval in --basis)
    Extend {
        #[command(flatten)]
        flags: StepFlags,
        #[arg(long, value_name = "N")]
        days: u32,
    },
    /// The decision: performs the penalty act, checked against the case
    Decide {
        #[command(flatten)]
        flags: StepFlags,
        /// suspend or revoke-penalty (as the notice announced)
        #[arg(long, value_name = "ACT", value_parser = parse_penalty)]
        act: ActKind,
        /// suspend: the end of the suspension period
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
        deadline: Option<Date>,
    },
    /// 送达: the decision was served on --date (within 7 days, Art. 61)
    Serve(StepFlags),
    /// 结案: close the case (after service, or without a penalty; the outcome in --reason)
    Close(StepFlags),
    /// The case, its steps and its next clock
    Show {
        #[arg(value_name = "CASE")]
        case: String,
        #[arg(long, value_name = "json", value_parser = ["json"])]
        format: Option<String>,
    },
}

fn parse_approval(s: &str) -> Result<ApprovalNo, String> {
    super::parse_approval_arg(s)
}

fn parse_penalty(s: &str) -> Result<ActKind, String> {
    match ActKind::parse(s) {
        Some(a) if a.is_penalty() => Ok(a),
        _ => Err(crate::i18n::usage::command_line_lang().f(CmdMsg::BadPenalty, &[("value", &s)])),
    }
}

impl CaseArgs {
    /// `case show` only reads.
    pub fn reads_only(&self) -> bool {
        matches!(self.step, CaseCommand::Show { .. })
    }
}

fn print_case(c: &CaseRow, json: bool, lang: Lang) -> Result<(), CliError> {
    if json {
        return Ok(print_json(c)?);
    }
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let line = |m: CmdMsg, args: &[(&str, &dyn std::fmt::Display)]| print_line(&lang.f(m, args));
    line(
        CmdMsg::CaseHead,
        &[
            ("case_no", &c.case_no),
            ("id", &c.id),
            ("approval", &c.approval_no),
            ("uscc", &c.uscc),
            ("name", &c.name),
            ("intended", &c.intended),
        ],
    )?;
    line(
        CmdMsg::CaseOpened,
        &[
            ("opened", &opt(&c.opened_on)),
            ("officers", &c.officers_named.join(lang.pick("、", ", "))),
            ("lead", &opt(&c.lead_on)),
        ],
    )?;
    line(
        CmdMsg::CaseNotice,
        &[
            ("served", &opt(&c.notice_served_on)),
            ("hearing", &opt(&c.hearing)),
            ("answered", &opt(&c.hearing_answered_on)),
            ("set", &opt(&c.hearing_on)),
            ("held", &opt(&c.hearing_held_on)),
            ("until", &opt(&c.hearing_request_until)),
        ],
    )?;
    line(
        CmdMsg::CaseDecision,
        &[
            ("due", &opt(&c.decision_due)),
            ("extended", &c.extension_days),
            ("decided", &opt(&c.decided_on)),
            ("decision", &opt(&c.decision)),
            ("served", &opt(&c.served_on)),
            ("closed", &opt(&c.closed_on)),
            ("outcome", &opt(&c.outcome)),
        ],
    )?;
    if let (Some(n), Some(d)) = (&c.next, &c.next_due) {
        line(CmdMsg::CaseNext, &[("next", n), ("due", d)])?;
    }
    line(CmdMsg::CaseVersion, &[("version", &c.version)])?;
    Ok(())
}

fn step_request(f: &StepFlags) -> CaseStepRequest {
    CaseStepRequest {
        date: Some(f.date),
        basis: f.basis.clone(),
        doc_no: f.doc_no.clone(),
        reason: f.reason.clone(),
        ..Default::default()
    }
}

pub fn run(store: &mut Store, a: &CaseArgs, lang: Lang) -> Result<u8, CliError> {
    let (case, json) = match &a.step {
        CaseCommand::Open {
            approval,
            case_no,
            act,
            date,
            officers,
            lead_on,
            basis,
            doc_no,
            reason,
            format,
        } => (
            store.open_case(&NewCase {
                approval_no: approval
                    .as_ref()
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default(),
                case_no: case_no.clone(),
                intended: *act,
                opened_on: *date,
                lead_on: *lead_on,
                officers: officers.as_deref().map(split_items).unwrap_or_default(),
                basis: basis.clone(),
                doc_no: doc_no.clone(),
                reason: reason.clone(),
            })?,
            format.is_some(),
        ),
        CaseCommand::Show { case, format } => (store.find_case(case)?, format.is_some()),
        CaseCommand::Decide {
            flags,
            act,
            deadline,
        } => {
            let case = store.find_case(&flags.case)?;
            let approval =
                ApprovalNo::parse(&case.approval_no).map_err(|e| CliError::usage(e.to_string()))?;
            let req = ActRequest {
                act: Some(*act),
                date: Some(flags.date),
                basis: flags.basis.clone(),
                doc_no: flags.doc_no.clone(),
                reason: flags.reason.clone(),
                deadline: *deadline,
                case_id: Some(case.id),
                ..Default::default()
            };
            store.perform(&approval, &req, None)?;
            (store.case(case.id)?, flags.format.is_some())
        }
        CaseCommand::Notify(f) | CaseCommand::Serve(f) | CaseCommand::Close(f) => {
            let step = match &a.step {
                CaseCommand::Notify(_) => CaseStep::Notify,
                CaseCommand::Serve(_) => CaseStep::Serve,
                _ => CaseStep::Close,
            };
            let id = store.find_case(&f.case)?.id;
            (
                store.case_step(id, step, &step_request(f), f.expect_version)?,
                f.format.is_some(),
            )
        }
        CaseCommand::Hearing {
            flags,
            hearing,
            hearing_on,
        } => {
            let id = store.find_case(&flags.case)?.id;
            let req = CaseStepRequest {
                hearing: *hearing,
                hearing_on: *hearing_on,
                ..step_request(flags)
            };
            (
                store.case_step(id, CaseStep::Hearing, &req, flags.expect_version)?,
                flags.format.is_some(),
            )
        }
        CaseCommand::Extend { flags, days } => {
            let id = store.find_case(&flags.case)?.id;
            let req = CaseStepRequest {
                days: Some(*days),
                ..step_request(flags)
            };
            (
                store.case_step(id, CaseStep::Extend, &req, flags.expect_version)?,
                flags.format.is_some(),
            )
        }
    };
    print_case(&case, json, lang)?;
    Ok(EXIT_OK)
}
