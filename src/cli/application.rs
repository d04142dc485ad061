//! `certdesk application ACT …`: applications (办件) from receipt to decision.

use super::act::split_items;
use super::output::print_line;
use super::{CliError, EXIT_OK, parse_date_arg};
use crate::domain::Date;
use crate::domain::applications::{ApplicationAct, ApplicationPurpose};
use crate::domain::ids::{ApprovalNo, BodyKind, Uscc};
use crate::domain::model::{RiskClass, Route};
use crate::store::Store;
use crate::store::applications::{Decision, NewApplication};
use clap::Args;

#[derive(Debug, Args)]
#[command(
    after_help = "ACT: receive (prints the new application's id), request-materials, accept, pause, resume, grant, refuse, withdraw.\n\
Clocks: commitment is decided on the spot; optimized within 20 working days of acceptance; general within 45 days; \
pause stops the clock for expert review (行政许可法 Art. 45).\n\
Examples:\n  certdesk application receive --uscc 91110000600037341L --name 北京某某检测有限公司 --kind cma --route optimized --scope 食品检测 --date 2026-11-02\n  \
certdesk application accept --id 1 --date 2026-11-03\n  \
certdesk application grant --id 1 --date 2026-11-20 --approval-no 240012345678 --authority 北京市市场监督管理局 --doc-no 京市监认〔2026〕8号 --basis 检验检测机构资质认定管理办法"
)]
pub struct ApplicationArgs {
    #[arg(value_name = "ACT", value_parser = parse_app_act)]
    pub act: ApplicationAct,
    /// The application (not for receive)
    #[arg(long)]
    pub id: Option<i64>,
    /// The date of the step
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub date: Date,
    /// receive: new or renewal
    #[arg(long, default_value = "new", value_parser = parse_purpose)]
    pub purpose: ApplicationPurpose,
    /// receive: the applicant's USCC
    #[arg(long, value_parser = parse_uscc)]
    pub uscc: Option<Uscc>,
    /// receive: the applicant's name
    #[arg(long)]
    pub name: Option<String>,
    /// receive: cb or cma
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<BodyKind>,
    /// receive: commitment, optimized or general
    #[arg(long, value_parser = parse_route)]
    pub route: Option<Route>,
    /// receive: the scope applied for, separated by ; or ,
    #[arg(long)]
    pub scope: Option<String>,
    /// receive: region code (6 digits) [default: from the USCC]
    #[arg(long)]
    pub region: Option<String>,
    /// receive: risk class A–D
    #[arg(long, default_value = "B", value_parser = parse_risk)]
    pub risk_class: RiskClass,
    /// receive (renewal): the approval to renew; grant (new): the number printed on the approval
    #[arg(long, value_parser = parse_approval)]
    pub approval_no: Option<ApprovalNo>,
    /// grant: the end date printed on the approval [default: date + validity years]
    #[arg(long, value_parser = parse_date_arg)]
    pub valid_until: Option<Date>,
    /// grant: the deciding authority
    #[arg(long, default_value = "")]
    pub authority: String,
    #[arg(long, default_value = "")]
    pub basis: String,
    #[arg(long, default_value = "")]
    pub doc_no: String,
    #[arg(long, default_value = "")]
    pub reason: String,
    /// Refuse (exit 4) unless the application is still at this version
    #[arg(long, value_name = "N")]
    pub expect_version: Option<i64>,
}

fn parse_app_act(s: &str) -> Result<ApplicationAct, String> {
    ApplicationAct::parse(s).ok_or_else(|| {
        let names: Vec<&str> = ApplicationAct::ALL.iter().map(|a| a.as_str()).collect();
        format!(
            "unknown application act '{s}'; the acts are: {}",
            names.join(", ")
        )
    })
}
fn parse_purpose(s: &str) -> Result<ApplicationPurpose, String> {
    ApplicationPurpose::parse(s).ok_or_else(|| format!("'{s}': write new or renewal"))
}
fn parse_uscc(s: &str) -> Result<Uscc, String> {
    Uscc::parse(s).map_err(|e| e.to_string())
}
fn parse_kind(s: &str) -> Result<BodyKind, String> {
    BodyKind::parse(s).ok_or_else(|| format!("'{s}': write cb (认证机构) or cma (检验检测机构)"))
}
fn parse_route(s: &str) -> Result<Route, String> {
    Route::parse(s).ok_or_else(|| format!("'{s}': write commitment, optimized or general"))
}
fn parse_risk(s: &str) -> Result<RiskClass, String> {
    RiskClass::parse(s).ok_or_else(|| format!("'{s}': write A, B, C or D"))
}
fn parse_approval(s: &str) -> Result<ApprovalNo, String> {
    super::parse_approval_arg(s)
}

pub fn run(
    store: &mut Store,
    a: &ApplicationArgs,
    lang: crate::i18n::Lang,
) -> Result<u8, CliError> {
    if a.act == ApplicationAct::Receive {
        let missing = |f: &str| CliError::usage(format!("receive needs --{f}"));
        let uscc = a.uscc.clone().ok_or_else(|| missing("uscc"))?;
        let app = NewApplication {
            purpose: a.purpose,
            region: a
                .region
                .clone()
                .unwrap_or_else(|| uscc.region().to_string()),
            uscc,
            name: a.name.clone().ok_or_else(|| missing("name"))?,
            kind: a.kind.ok_or_else(|| missing("kind"))?,
            route: a.route.ok_or_else(|| missing("route"))?,
            approval_no: a.approval_no.clone(),
            scope: a.scope.as_deref().map(split_items).unwrap_or_default(),
            risk_class: a.risk_class,
            received_on: a.date,
            reason: a.reason.clone(),
        };
        let id = store.receive_application(&app)?;
        print_line(&id.to_string())?;
        return Ok(EXIT_OK);
    }
    let id = a.id.ok_or_else(|| {
        CliError::usage(format!("{} needs --id (the number receive printed)", a.act))
    })?;
    let decision = Decision {
        date: Some(a.date),
        basis: a.basis.clone(),
        doc_no: a.doc_no.clone(),
        reason: a.reason.clone(),
        approval_no: a.approval_no.clone(),
        valid_until: a.valid_until,
        authority: a.authority.clone(),
    };
    let row = store.act_on_application(id, a.act, &decision, a.expect_version)?;
    use crate::i18n::CliMsg;
    let due = row
        .decision_due
        .map(|d| lang.f(CliMsg::ApplicationDecisionDue, &[("date", &d)]))
        .unwrap_or_default();
    print_line(&lang.f(
        CliMsg::ApplicationDone,
        &[
            ("id", &row.id),
            ("status", &row.status),
            ("version", &row.version),
            ("due", &due),
        ],
    ))?;
    Ok(EXIT_OK)
}
