//! `certdesk act ACT --approval NO …`: any regulatory act, exactly as the screens perform it.

use super::output::{print_json, print_line};
use super::{CliError, EXIT_OK, parse_date_arg};
use crate::domain::Date;
use crate::domain::acts::{
    ActKind, ActRequest, CreditList, Hearing, RectificationResult, VerifyResult,
};
use crate::domain::ids::ApprovalNo;
use crate::store::Store;
use clap::Args;

#[derive(Debug, Args)]
#[command(
    after_help = "ACT is one of: verify, order-rectification, record-rectification, suspend, lift, revoke, \
revoke-penalty, withdraw, cancel, file-renewal, renew, refuse-renewal, change-scope, change-particulars, publish, \
list-credit, delist, set-bar.\n\
An act not allowed in the qualification's present state exits 3 with the reason; a change by someone else \
in the meantime exits 4.\n\
Example: certdesk act suspend --approval CNCA-R-2002-001 --date 2026-11-20 --deadline 2027-02-20 \
--basis 认证认可条例第五十八条 --doc-no 市监认罚〔2026〕12号 --reason 'auditors below 10'"
)]
pub struct ActArgs {
    /// The act to perform
    #[arg(value_name = "ACT", value_parser = parse_act)]
    pub act: ActKind,
    /// The approval number of the qualification (CNCA-R-…, or the 12-digit CMA number)
    #[arg(long, value_name = "NO", value_parser = parse_approval)]
    pub approval: ApprovalNo,
    /// The date of the decision
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub date: Date,
    /// The legal basis: article and paragraph
    #[arg(long, value_name = "TEXT")]
    pub basis: String,
    /// The document number (文号)
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub doc_no: String,
    /// The reason, in a sentence
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub reason: String,
    /// Deadline to rectify, end of a suspension, or end of a bar
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub deadline: Option<Date>,
    /// verify: conforming|rectify|unkept|false; record-rectification: met|missed
    #[arg(long, value_name = "RESULT")]
    pub result: Option<String>,
    /// renew: the new end date [default: the old one + validity years]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub valid_until: Option<Date>,
    /// change-scope: items to add, separated by ; or ,
    #[arg(long, value_name = "ITEMS")]
    pub add: Option<String>,
    /// change-scope: items to remove; revoke: scope items to revoke (partial revocation)
    #[arg(long, value_name = "ITEMS")]
    pub remove: Option<String>,
    /// change-particulars: new name
    #[arg(long)]
    pub name: Option<String>,
    /// change-particulars: new address
    #[arg(long)]
    pub address: Option<String>,
    /// change-particulars: new legal representative
    #[arg(long)]
    pub legal_rep: Option<String>,
    /// Penalties: the day the notice of intended penalty was served
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub notice_served_on: Option<Date>,
    /// Penalties: the party's answer to the notice — waived (in writing), requested,
    /// held:YYYY-MM-DD (requested and held), not_requested (the 5 working days ran out)
    #[arg(long, value_name = "HEARING", value_parser = crate::domain::penalty::parse_hearing)]
    pub hearing: Option<(Hearing, Option<Date>)>,
    /// Penalties: the penalty case the decision is taken in (certdesk case open); its
    /// notice, hearing and officers are used instead of the flags above
    #[arg(long, value_name = "N")]
    pub case: Option<i64>,
    /// Penalties: the law-enforcement officers (at least two), separated by , or ;
    #[arg(long, value_name = "NAMES")]
    pub officers: Option<String>,
    /// list-credit / delist: abnormal|serious
    #[arg(long, value_name = "LIST", value_parser = parse_list)]
    pub list: Option<CreditList>,
    /// Refuse (exit 4) unless the qualification is still at this version (from export / show)
    #[arg(long, value_name = "N")]
    pub expect_version: Option<i64>,
    /// Print the outcome as JSON
    #[arg(long, value_name = "json", value_parser = ["json"])]
    pub format: Option<String>,
}

fn parse_act(s: &str) -> Result<ActKind, String> {
    ActKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = ActKind::ALL.iter().map(|a| a.as_str()).collect();
        format!("unknown act '{s}'; the acts are: {}", names.join(", "))
    })
}

fn parse_approval(s: &str) -> Result<ApprovalNo, String> {
    ApprovalNo::parse(s).map_err(|e| e.to_string())
}

fn parse_list(s: &str) -> Result<CreditList, String> {
    CreditList::parse(s).ok_or_else(|| {
        format!("'{s}': write abnormal (经营异常名录) or serious (严重违法失信名单)")
    })
}

/// Split a list argument on the separators officers use.
pub fn split_items(s: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in s
        .split([';', '；', ',', '，', '、'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        if !items.iter().any(|x| x == item) {
            items.push(item.to_string());
        }
    }
    items
}

impl ActArgs {
    fn request(&self) -> Result<ActRequest, CliError> {
        let mut req = ActRequest {
            act: Some(self.act),
            date: Some(self.date),
            basis: self.basis.clone(),
            doc_no: self.doc_no.clone(),
            reason: self.reason.clone(),
            deadline: self.deadline,
            valid_until: self.valid_until,
            scope_add: self.add.as_deref().map(split_items).unwrap_or_default(),
            scope_remove: self.remove.as_deref().map(split_items).unwrap_or_default(),
            name: self.name.clone(),
            address: self.address.clone(),
            legal_rep: self.legal_rep.clone(),
            notice_served_on: self.notice_served_on,
            hearing: self.hearing.map(|(h, _)| h),
            hearing_held_on: self.hearing.and_then(|(_, d)| d),
            case_id: self.case,
            officers: self
                .officers
                .as_deref()
                .map(split_items)
                .unwrap_or_default(),
            credit_list: self.list,
            ..Default::default()
        };
        if let Some(r) = &self.result {
            match self.act {
                ActKind::Verify => {
                    req.verify_result = Some(VerifyResult::parse(r).ok_or_else(|| {
                        CliError::usage(format!(
                            "--result '{r}': write conforming, rectify, unkept or false"
                        ))
                    })?)
                }
                ActKind::RecordRectification => {
                    req.rectification_result =
                        Some(RectificationResult::parse(r).ok_or_else(|| {
                            CliError::usage(format!("--result '{r}': write met or missed"))
                        })?)
                }
                other => {
                    return Err(CliError::usage(format!(
                        "--result does not apply to {other}"
                    )));
                }
            }
        }
        Ok(req)
    }
}

pub fn run(store: &mut Store, a: &ActArgs) -> Result<u8, CliError> {
    let req = a.request()?;
    let done = store.perform(&a.approval, &req, a.expect_version)?;
    if a.format.is_some() {
        print_json(&done)?;
    } else {
        print_line(&format!(
            "{} {}: {} → {} (version {}, event {})",
            done.act,
            done.approval_no,
            done.status_before,
            done.status_after,
            done.version,
            done.event_id
        ))?;
    }
    Ok(EXIT_OK)
}
