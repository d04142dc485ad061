//! `certdesk act ACT --approval NO …`: any regulatory act, exactly as the screens perform it.

use super::output::{print_json, print_line};
use super::{CliError, EXIT_OK, parse_date_arg};
use crate::domain::Date;
use crate::domain::acts::{
    ActKind, ActRequest, CreditList, Hearing, RectificationResult, VerifyResult,
};
use crate::domain::ids::ApprovalNo;
use crate::i18n::{CliMsg, Lang};
use crate::store::Store;
use clap::Args;

#[derive(Debug, Args)]
#[command(
    after_help = "ACT is one of: verify, order-rectification, record-rectification, suspend, lift, revoke, \
revoke-penalty, withdraw, cancel, file-renewal, renew, refuse-renewal, change-scope, change-particulars, publish, \
withdraw-publication, list-credit, delist, set-bar, shorten-bar; or correct (更正: --event ID --field F --value V) and annul (撤销原行政行为: --event ID \
[--date D]), which name the event instead of the approval.\n\
An act not allowed in the qualification's present state exits 3 with the reason; a change by someone else \
in the meantime exits 4.\n\
Example: certdesk act suspend --approval CNCA-R-2002-001 --date 2026-11-20 --deadline 2027-02-20 \
--basis 认证认可条例第五十八条 --doc-no 市监认罚〔2026〕12号 --reason 'auditors below 10'\n\
Example: certdesk act correct --event 42 --field doc_no --value 市监认罚〔2026〕21号 --reason 笔误 --basis 更正审批单〔2026〕3号\n\
Example: certdesk act annul --event 42 --reason 复议决定撤销 --basis 行政复议决定书〔2026〕7号"
)]
pub struct ActArgs {
    /// The act to perform
    #[arg(value_name = "ACT", value_parser = parse_act)]
    pub act: ActName,
    /// The approval number of the qualification (CNCA-R-…, or the 12-digit CMA number); every act but correct and annul
    #[arg(long, value_name = "NO", value_parser = parse_approval)]
    pub approval: Option<ApprovalNo>,
    /// The date of the decision (annul: the annulment's date [default: today])
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub date: Option<Date>,
    /// correct, annul: the id of the recorded event (certdesk show lists them)
    #[arg(long, value_name = "ID")]
    pub event: Option<i64>,
    /// correct: the field to correct (doc_no, date, decided_on, valid_until, deadline, basis, reason)
    #[arg(long, value_name = "F")]
    pub field: Option<String>,
    /// correct: the corrected value
    #[arg(long, value_name = "V", allow_hyphen_values = true)]
    pub value: Option<String>,
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
    /// set-risk-class: the body's USCC
    #[arg(long, value_name = "USCC")]
    pub uscc: Option<String>,
    /// set-risk-class: A (low), B, C or D (high) (国市监信发〔2022〕6号)
    #[arg(long, value_name = "A|B|C|D", value_parser = parse_class)]
    pub class: Option<crate::domain::model::RiskClass>,
}

fn parse_class(s: &str) -> Result<crate::domain::model::RiskClass, String> {
    crate::domain::model::RiskClass::parse(s.trim())
        .ok_or_else(|| format!("'{s}': write A (low risk), B, C or D (high risk)"))
}

/// `act set-risk-class --uscc … --class … --date … --basis …`.
fn set_risk_class(store: &mut Store, a: &ActArgs, lang: crate::i18n::Lang) -> Result<u8, CliError> {
    for (flag, given) in [
        ("--approval", a.approval.is_some()),
        ("--event", a.event.is_some()),
        ("--deadline", a.deadline.is_some()),
        ("--result", a.result.is_some()),
    ] {
        if given {
            return Err(CliError::usage(format!(
                "{flag} does not apply to set-risk-class: give --uscc, --class, --date and --basis"
            )));
        }
    }
    let (Some(uscc), Some(class), Some(date)) = (&a.uscc, a.class, a.date) else {
        return Err(CliError::usage(
            "set-risk-class needs --uscc USCC --class A|B|C|D --date YYYY-MM-DD --basis TEXT",
        ));
    };
    let event = store
        .set_risk_class(uscc, class, date, &a.basis)
        .map_err(|e| super::inspection::refused(lang, e))?;
    print_line(&crate::i18n::inspection::report(
        lang,
        &crate::i18n::inspection::Report::RiskClassSet(
            uscc.trim().to_string(),
            class.as_str().to_string(),
            event,
        ),
    ))?;
    Ok(EXIT_OK)
}

/// An act on a qualification, or a correction or annulment of a recorded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActName {
    Act(ActKind),
    Correct,
    Annul,
    /// 风险等级: a body's risk class (--uscc, --class, --date, --basis), kept with its history.
    SetRiskClass,
}

fn parse_act(s: &str) -> Result<ActName, String> {
    match s.trim() {
        "correct" | "更正" => return Ok(ActName::Correct),
        "annul" | "撤销原行政行为" => return Ok(ActName::Annul),
        "set-risk-class" | "风险等级" => return Ok(ActName::SetRiskClass),
        _ => {}
    }
    ActKind::parse(s).map(ActName::Act).ok_or_else(|| {
        let names: Vec<&str> = ActKind::ALL.iter().map(|a| a.as_str()).collect();
        format!(
            "unknown act '{s}'; the acts are: {}, correct, annul, set-risk-class",
            names.join(", ")
        )
    })
}

fn parse_approval(s: &str) -> Result<ApprovalNo, String> {
    super::parse_approval_arg(s)
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
    fn request(&self, act: ActKind) -> Result<ActRequest, CliError> {
        let Some(date) = self.date else {
            return Err(CliError::usage(format!(
                "--date is required for {act}: give the date of the decision (--date YYYY-MM-DD)"
            )));
        };
        let mut req = ActRequest {
            act: Some(act),
            date: Some(date),
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
            match act {
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

/// The flags that only correct and annul take, and the flag that only the other acts take.
fn refuse_foreign_flags(a: &ActArgs, name: &str) -> Result<(), CliError> {
    let correcting = matches!(a.act, ActName::Correct | ActName::Annul);
    let wrong: &[(&str, bool)] = if correcting {
        &[
            ("--approval", a.approval.is_some()),
            ("--deadline", a.deadline.is_some()),
            ("--result", a.result.is_some()),
            ("--valid-until", a.valid_until.is_some()),
            ("--expect-version", a.expect_version.is_some()),
        ]
    } else {
        &[
            ("--event", a.event.is_some()),
            ("--field", a.field.is_some()),
            ("--value", a.value.is_some()),
        ]
    };
    match wrong.iter().find(|(_, given)| *given) {
        Some((flag, _)) if correcting => Err(CliError::usage(format!(
            "{flag} does not apply to {name}: the event (--event ID) names the approval and what the act did"
        ))),
        Some((flag, _)) => Err(CliError::usage(format!(
            "{flag} applies only to correct and annul, not to {name}"
        ))),
        None => Ok(()),
    }
}

fn event_flag(a: &ActArgs, name: &str) -> Result<i64, CliError> {
    a.event.filter(|id| *id > 0).ok_or_else(|| {
        CliError::usage(format!(
            "--event is required for {name}: give the id of the recorded event (certdesk show APPROVAL_NO lists the history with ids)"
        ))
    })
}

fn correct(store: &mut Store, a: &ActArgs, lang: Lang) -> Result<u8, CliError> {
    refuse_foreign_flags(a, "correct")?;
    let event = event_flag(a, "correct")?;
    if a.date.is_some() {
        return Err(CliError::usage(
            "--date does not apply to correct: to correct an act's date, write --field date --value YYYY-MM-DD",
        ));
    }
    let field = a.field.as_deref().ok_or_else(|| {
        CliError::usage(
            "--field is required for correct: doc_no, date, decided_on, valid_until, deadline, basis or reason",
        )
    })?;
    let value = a.value.as_deref().ok_or_else(|| {
        CliError::usage("--value is required for correct: give the corrected value")
    })?;
    let done = store.correct(event, field, value, &a.reason, &a.basis, &a.doc_no)?;
    if a.format.is_some() {
        print_json(&done)?;
    } else {
        print_line(&lang.f(
            CliMsg::CorrectDone,
            &[
                ("corrects", &done.corrects),
                ("field", &done.field),
                ("old", &done.old),
                ("new", &done.new),
                ("event", &done.event_id),
            ],
        ))?;
    }
    Ok(EXIT_OK)
}

fn annul(store: &mut Store, a: &ActArgs, lang: Lang) -> Result<u8, CliError> {
    refuse_foreign_flags(a, "annul")?;
    let event = event_flag(a, "annul")?;
    if a.field.is_some() || a.value.is_some() {
        return Err(CliError::usage(
            "--field and --value apply to correct, not to annul (an annulment undoes the whole act)",
        ));
    }
    let done = store.annul(event, a.date, &a.reason, &a.basis, &a.doc_no)?;
    if a.format.is_some() {
        print_json(&done)?;
    } else {
        print_line(&lang.f(
            CliMsg::AnnulDone,
            &[
                ("annuls", &done.annuls),
                ("act", &spoken(lang, crate::i18n::act, &done.act)),
                ("approval", &done.approval_no),
                (
                    "before",
                    &spoken(lang, crate::i18n::status, &done.status_before),
                ),
                (
                    "after",
                    &spoken(lang, crate::i18n::status, &done.status_after),
                ),
                ("event", &done.event_id),
            ],
        ))?;
        if let Some(d) = &done.withdraw_publication_by {
            print_line(&lang.f(CliMsg::AnnulWithdrawPublication, &[("date", d)]))?;
        }
    }
    Ok(EXIT_OK)
}

/// A code as the command says it: its Chinese name in Chinese; in English the code itself,
/// as the command has always printed it (scripts read these lines).
fn spoken(
    lang: Lang,
    name: fn(Lang, &str) -> std::borrow::Cow<'static, str>,
    code: &str,
) -> String {
    match lang {
        Lang::Zh => name(lang, code).into_owned(),
        Lang::En => code.to_string(),
    }
}

pub fn run(store: &mut Store, a: &ActArgs, lang: Lang) -> Result<u8, CliError> {
    let act = match a.act {
        ActName::Correct => return correct(store, a, lang),
        ActName::Annul => return annul(store, a, lang),
        ActName::SetRiskClass => return set_risk_class(store, a, lang),
        ActName::Act(act) => act,
    };
    refuse_foreign_flags(a, act.as_str())?;
    let Some(approval) = &a.approval else {
        return Err(CliError::usage(format!(
            "--approval is required for {act}: give the approval number (--approval CNCA-R-… or the 12-digit CMA number)"
        )));
    };
    let req = a.request(act)?;
    let done = store.perform(approval, &req, a.expect_version)?;
    if a.format.is_some() {
        print_json(&done)?;
    } else {
        print_line(&lang.f(
            CliMsg::ActDone,
            &[
                ("act", &spoken(lang, crate::i18n::act, &done.act)),
                ("approval", &done.approval_no),
                (
                    "before",
                    &spoken(lang, crate::i18n::status, &done.status_before),
                ),
                (
                    "after",
                    &spoken(lang, crate::i18n::status, &done.status_after),
                ),
                ("version", &done.version),
                ("event", &done.event_id),
            ],
        ))?;
    }
    Ok(EXIT_OK)
}
