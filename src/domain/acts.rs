//! The regulatory acts as data, and the rules that decide what each one does to a qualification.
//!
//! `plan` is the whole state machine: given the qualification as it stands and an act request,
//! it either refuses (saying why) or returns the exact changes the store must write.

use super::calendar::{Calendar, Clock, ClockUnit, Deadline, PUBLISH_PENALTY};
use super::ids::BodyKind;
use super::model::{QualStatus, Route, ScopeStatus, Standing, named_enum};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

named_enum! {
    /// Every act that can be performed on an existing qualification; the stored name is the CLI name.
    ActKind {
        Verify = "verify", "记录核查结果", [];
        OrderRectification = "order-rectification", "责令限期改正", [];
        RecordRectification = "record-rectification", "记录整改结果", [];
        Suspend = "suspend", "责令停业整顿", [];
        Lift = "lift", "解除停业整顿", ["恢复"];
        Revoke = "revoke", "撤销", [];
        RevokePenalty = "revoke-penalty", "吊销/撤销批准文件", [];
        Withdraw = "withdraw", "撤回", [];
        Cancel = "cancel", "注销", [];
        FileRenewal = "file-renewal", "受理延续申请", [];
        Renew = "renew", "准予延续", [];
        RefuseRenewal = "refuse-renewal", "不予延续", [];
        ChangeScope = "change-scope", "变更认证领域", [];
        ChangeParticulars = "change-particulars", "变更机构信息", [];
        Publish = "publish", "公示处罚", [];
        WithdrawPublication = "withdraw-publication", "撤下公示", [];
        ListCredit = "list-credit", "列入信用名单", [];
        Delist = "delist", "移出信用名单", [];
        SetBar = "set-bar", "设定禁入期", [];
        ShortenBar = "shorten-bar", "缩短禁入期", [];
    }
}

impl ActKind {
    /// Acts that end or suspend the right to certify: the forms ask y/N before submitting.
    pub fn is_destructive(self) -> bool {
        matches!(
            self,
            ActKind::Suspend
                | ActKind::Revoke
                | ActKind::RevokePenalty
                | ActKind::Withdraw
                | ActKind::Cancel
        )
    }

    /// Administrative penalties carry the procedure facts (行政处罚法 Art. 42, 44, 63–64).
    pub fn is_penalty(self) -> bool {
        matches!(self, ActKind::Suspend | ActKind::RevokePenalty)
    }

    /// The fields a form or the command line must offer for this act, beyond date, basis,
    /// document number and reason (which every act has).
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            ActKind::Verify => &[VerifyResult, Deadline],
            ActKind::OrderRectification => &[Deadline],
            ActKind::RecordRectification => &[RectificationResult],
            ActKind::Suspend => &[Deadline, NoticeServedOn, Hearing, HearingHeldOn, Officers],
            ActKind::RevokePenalty => &[NoticeServedOn, Hearing, HearingHeldOn, Officers],
            ActKind::Revoke => &[ScopeRemove],
            ActKind::Renew => &[ValidUntil],
            ActKind::ChangeScope => &[ScopeAdd, ScopeRemove],
            ActKind::ChangeParticulars => &[Name, Address, LegalRep],
            ActKind::ListCredit | ActKind::Delist => &[CreditList],
            ActKind::SetBar | ActKind::ShortenBar => &[Deadline],
            _ => &[],
        }
    }
}

/// The extra fields an act may take (see `ActKind::fields`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    VerifyResult,
    RectificationResult,
    Deadline,
    ValidUntil,
    ScopeAdd,
    ScopeRemove,
    Name,
    Address,
    LegalRep,
    NoticeServedOn,
    Hearing,
    /// The day a requested hearing was held.
    HearingHeldOn,
    Officers,
    CreditList,
}

named_enum! {
    /// Outcome of the on-site verification of a notification-commitment.
    VerifyResult {
        Conforming = "conforming", "符合", [];
        Rectify = "rectify", "限期整改", [];
        Unkept = "unkept", "未履行承诺", [];
        False = "false", "承诺不实", [];
    }
}

named_enum! {
    RectificationResult {
        Met = "met", "已整改", [];
        Missed = "missed", "逾期未整改", ["逾期未改"];
    }
}

named_enum! {
    /// Whether the party asked for a hearing after the notice of intended penalty.
    Hearing {
        Requested = "requested", "已申请听证", [];
        Waived = "waived", "书面放弃听证", ["放弃听证"];
        NotRequested = "not_requested", "逾期未申请听证", ["未申请听证"];
        NotApplicable = "not_applicable", "不适用", [];
    }
}

named_enum! {
    CreditList {
        Abnormal = "abnormal", "经营异常名录", [];
        Serious = "serious", "严重违法失信名单", [];
    }
}

named_enum! {
    /// What a follow-up (an open item with a due date) is waiting for.
    FollowUpKind {
        Verification = "verification", "承诺核查", [];
        Rectification = "rectification", "整改期限", [];
        Suspension = "suspension", "停业整顿期限", [];
        Publication = "publication", "处罚公示", [];
        PublicationEnd = "publication_end", "公示期满", [];
        PublicationWithdrawal = "publication_withdrawal", "撤下公示", [];
    }
}

impl FollowUpKind {
    /// What opened a follow-up of this kind, for messages.
    pub fn opened_by(self) -> &'static str {
        match self {
            FollowUpKind::Verification => "grant (on notification-commitment)",
            FollowUpKind::Rectification => "order to rectify",
            FollowUpKind::Suspension => "suspension",
            FollowUpKind::Publication => "penalty decision",
            FollowUpKind::PublicationEnd => "publication",
            FollowUpKind::PublicationWithdrawal => "annulment",
        }
    }
}

/// An act as the officer asked for it, from a form or the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActRequest {
    pub act: Option<ActKind>,
    pub date: Option<Date>,
    pub basis: String,
    pub doc_no: String,
    pub reason: String,
    pub deadline: Option<Date>,
    pub verify_result: Option<VerifyResult>,
    pub rectification_result: Option<RectificationResult>,
    pub valid_until: Option<Date>,
    pub scope_add: Vec<String>,
    pub scope_remove: Vec<String>,
    pub name: Option<String>,
    pub address: Option<String>,
    pub legal_rep: Option<String>,
    pub notice_served_on: Option<Date>,
    pub hearing: Option<Hearing>,
    /// The day a requested hearing was held (`--hearing held:YYYY-MM-DD`).
    #[serde(default)]
    pub hearing_held_on: Option<Date>,
    pub officers: Vec<String>,
    pub credit_list: Option<CreditList>,
    /// The penalty case the decision is taken in (`--case N`).
    #[serde(default)]
    pub case_id: Option<i64>,
    /// The case's procedure facts, filled in by the store from `case_id`: a decision in a case
    /// is checked against the case, not against the request's own flags.
    #[serde(skip)]
    pub case: Option<super::penalty::Procedure>,
}

impl ActRequest {
    /// The procedure facts a penalty decision is checked against.
    pub fn procedure(&self) -> super::penalty::Procedure {
        self.case
            .clone()
            .unwrap_or_else(|| super::penalty::Procedure {
                officers: self.officers.clone(),
                notice_served_on: self.notice_served_on,
                hearing: self.hearing,
                hearing_held_on: self.hearing_held_on,
                ..Default::default()
            })
    }
}

/// A qualification as the rules need to see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualView {
    pub status: QualStatus,
    pub kind: BodyKind,
    pub route: Route,
    pub decided_on: Date,
    pub valid_until: Date,
    pub scope: Vec<(String, ScopeStatus)>,
    /// The open follow-ups, each with the day the act that opened it was dated.
    pub open_follow_ups: Vec<(FollowUpKind, Date)>,
    pub credit_lists: Vec<CreditList>,
    /// The body may not apply (a new approval or more scope) until this day (Art. 78–79).
    pub bar_until: Option<Date>,
    /// The open renewal application, if one was filed (行政许可法 Art. 50).
    pub renewal: Option<RenewalFiled>,
}

/// A renewal filed and not yet decided: an application of its own, which no other act erases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewalFiled {
    pub application_id: i64,
    pub filed_on: Date,
    /// Filed inside the lead time: received, but not protected by Art. 50(2).
    pub late: bool,
}

impl RenewalFiled {
    /// A decision on the renewal cannot be dated before the renewal was filed.
    fn check_decided_after_filing(&self, date: Date) -> Result<(), Refusal> {
        if date < self.filed_on {
            return refuse(
                Some("date"),
                Rule::RenewalDecidedBeforeFiling,
                crate::rule_args![date = date, filed = self.filed_on],
            );
        }
        Ok(())
    }
}

impl QualView {
    /// Whether a follow-up of `kind` is open.
    pub fn has_open(&self, kind: FollowUpKind) -> bool {
        self.open_follow_ups.iter().any(|(k, _)| *k == kind)
    }

    /// How the qualification stands on `today` (deemed renewal and expiry derived).
    pub fn standing(&self, today: Date, settings: &Settings) -> Standing {
        self.status.standing(
            self.valid_until,
            self.renewal.map(|r| r.late),
            settings.validity_years,
            today,
        )
    }
}

/// The last day any date of an act may name: a register of approvals has no use for later
/// ones, and `9999-12-31` typed for "open-ended" must not become a deadline.
pub const LATEST_DATE: Date = Date::constant(2100, 12, 31);

/// Settings the office can change (DOMAIN.md marks these facts as unconfirmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub cb_verification: Clock,
    pub cma_verification: Clock,
    pub validity_years: i16,
    /// How long before the end date a renewal must be filed (CB ≥ 30 days, CMA ≥ 3 months).
    pub cb_renewal_lead: Clock,
    pub cma_renewal_lead: Clock,
    /// General-procedure decision: 45 days (条例 Art. 11), or 45 working days (CNCA's guide).
    pub general_decision: Clock,
    /// Random inspections: the ratios and the exclusion period a task takes by default.
    pub inspection: super::inspection::InspectionDefaults,
    /// Risk signals: the window, the expiry horizon, what "repeated" is.
    pub risk: super::risk::RiskSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cb_verification: super::calendar::COMMITMENT_VERIFICATION,
            cma_verification: super::calendar::COMMITMENT_VERIFICATION,
            validity_years: 6,
            cb_renewal_lead: Clock::days(30),
            cma_renewal_lead: Clock::months(3),
            general_decision: super::calendar::GENERAL_DECISION,
            inspection: Default::default(),
            risk: Default::default(),
        }
    }
}

impl Settings {
    /// The names of the settings (`certdesk settings set KEY N`), each a whole number 1–120.
    pub const KEYS: [&'static str; 15] = [
        "cb_verification_months",
        "cma_verification_months",
        "validity_years",
        "cb_renewal_lead_days",
        "cma_renewal_lead_months",
        "general_decision_days",
        "general_decision_working_days",
        // Random inspections (super::inspection::InspectionDefaults): percent 0–100, months 0–120.
        "inspection_ratio_a",
        "inspection_ratio_b",
        "inspection_ratio_c",
        "inspection_ratio_d",
        "inspection_exclude_months",
        // Risk signals (super::risk::RiskSettings): each 1–120.
        "risk_window_months",
        "risk_expiring_days",
        "risk_repeated_orders",
    ];

    /// Keys that set the same thing in another unit: setting one clears the other.
    pub fn alternative(key: &str) -> Option<&'static str> {
        match key {
            "general_decision_days" => Some("general_decision_working_days"),
            "general_decision_working_days" => Some("general_decision_days"),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<u32> {
        if let Some(n) = self.inspection.get(key).or_else(|| self.risk.get(key)) {
            return Some(n);
        }
        Some(match key {
            "cb_verification_months" => self.cb_verification.n,
            "cma_verification_months" => self.cma_verification.n,
            "validity_years" => self.validity_years as u32,
            "cb_renewal_lead_days" => self.cb_renewal_lead.n,
            "cma_renewal_lead_months" => self.cma_renewal_lead.n,
            "general_decision_days" if self.general_decision.unit == ClockUnit::Days => {
                self.general_decision.n
            }
            "general_decision_working_days"
                if self.general_decision.unit == ClockUnit::WorkingDays =>
            {
                self.general_decision.n
            }
            _ => return None,
        })
    }

    /// Set `key` to `n`; false for an unknown key or a number outside 1–120.
    pub fn set(&mut self, key: &str, n: u32) -> bool {
        if let Some(done) = self
            .inspection
            .set(key, n)
            .or_else(|| self.risk.set(key, n))
        {
            return done;
        }
        if !(1..=120).contains(&n) {
            return false;
        }
        match key {
            "cb_verification_months" => self.cb_verification = Clock::months(n),
            "cma_verification_months" => self.cma_verification = Clock::months(n),
            "validity_years" => self.validity_years = n as i16,
            "cb_renewal_lead_days" => self.cb_renewal_lead = Clock::days(n),
            "cma_renewal_lead_months" => self.cma_renewal_lead = Clock::months(n),
            "general_decision_days" => self.general_decision = Clock::days(n),
            "general_decision_working_days" => self.general_decision = Clock::working_days(n),
            _ => return false,
        }
        true
    }

    /// The last day to file a renewal of an approval ending on `valid_until`.
    pub fn renewal_filing_due(&self, kind: BodyKind, valid_until: Date) -> Date {
        let lead = match kind {
            BodyKind::Cb => self.cb_renewal_lead,
            BodyKind::Cma => self.cma_renewal_lead,
        };
        let span = match lead.unit {
            ClockUnit::Months => jiff::Span::new().months(lead.n as i64),
            _ => jiff::Span::new().days(lead.n as i64),
        };
        valid_until.checked_sub(span).unwrap_or(valid_until)
    }

    pub fn verification_clock(&self, kind: BodyKind) -> Clock {
        match kind {
            BodyKind::Cb => self.cb_verification,
            BodyKind::Cma => self.cma_verification,
        }
    }
}

pub use crate::i18n::rules::{Arg, Rule, RuleMessage};

/// Why an act was refused: the field at fault (if one) and the rule's message — a key with its
/// arguments, rendered in the UI language by `i18n::rules` (`Display` gives the English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: Option<&'static str>,
    pub rule: RuleMessage,
}

impl Refusal {
    pub fn new(field: Option<&'static str>, rule: Rule, args: Vec<(&'static str, Arg)>) -> Self {
        Refusal {
            field,
            rule: RuleMessage::new(rule, args),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        self.rule.render(lang)
    }

    /// The same refusal on another field.
    pub fn on(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }
}

/// Refuse with `rule` on `field`: `refuse(Some("date"), Rule::DateAfterToday, args![...])`.
pub(crate) fn refuse<T>(
    field: Option<&'static str>,
    rule: Rule,
    args: Vec<(&'static str, Arg)>,
) -> Result<T, Refusal> {
    Err(Refusal::new(field, rule, args))
}

/// The named arguments of a refusal: `args![date = d, act = Arg::Act(a)]`.
#[macro_export]
macro_rules! rule_args {
    ($($name:ident = $value:expr),* $(,)?) => {
        vec![$((stringify!($name), $crate::i18n::rules::Arg::from($value))),*]
    };
}

/// A follow-up to open: what, and when it is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenFollowUp {
    pub kind: FollowUpKind,
    pub due: Deadline,
}

/// The exact changes an accepted act makes. The store writes all of it in one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub next_status: Option<QualStatus>,
    pub open: Vec<OpenFollowUp>,
    /// Open follow-ups to close, with the result recorded on them.
    pub close: Vec<(FollowUpKind, String)>,
    pub scope_add: Vec<String>,
    pub scope_set: Vec<(String, ScopeStatus)>,
    pub new_valid_until: Option<Date>,
    pub name: Option<String>,
    pub address: Option<String>,
    pub legal_rep: Option<String>,
    pub credit_add: Option<CreditList>,
    pub credit_remove: Option<CreditList>,
    pub bar_until: Option<Date>,
    /// A false commitment closes the commitment route to the body.
    pub bar_commitment: bool,
    /// A renewal is filed: a renewal application is opened (or completed), late or in time.
    pub file_renewal: Option<RenewalFiling>,
    /// The open renewal application is decided: granted or refused.
    pub decide_renewal: Option<RenewalDecision>,
}

/// A renewal filed by an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenewalFiling {
    pub late: bool,
    /// The last day it could be filed in time.
    pub due: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalDecision {
    Granted,
    Refused,
    /// The approval ended (revoked, withdrawn, cancelled) with the renewal undecided.
    Ended,
}

impl Plan {
    /// Whether the act ends, suspends or revokes anything — the approval, a scope item, the
    /// commitment route — whichever act leads there (a verification found false revokes too):
    /// the screens ask y/N, showing what will change.
    pub fn is_grave(&self) -> bool {
        matches!(
            self.next_status,
            Some(
                QualStatus::Suspended
                    | QualStatus::Revoked
                    | QualStatus::RevokedPenalty
                    | QualStatus::Withdrawn
                    | QualStatus::Cancelled
            )
        ) || self
            .scope_set
            .iter()
            .any(|(_, s)| *s == ScopeStatus::Revoked)
            || self.bar_commitment
    }
}

const LIVE: &[QualStatus] = &[
    QualStatus::Active,
    QualStatus::PendingVerification,
    QualStatus::RenewalPending,
    QualStatus::Suspended,
];

/// The states from which each act may be performed (on the effective state, `QualStatus::effective`).
pub fn allowed_from(act: ActKind) -> &'static [QualStatus] {
    use QualStatus::*;
    match act {
        ActKind::Verify => &[PendingVerification],
        ActKind::OrderRectification => LIVE,
        ActKind::RecordRectification => LIVE,
        ActKind::Suspend => &[Active, PendingVerification, RenewalPending],
        ActKind::Lift => &[Suspended],
        ActKind::Revoke | ActKind::RevokePenalty | ActKind::Withdraw => LIVE,
        ActKind::Cancel => &[
            Active,
            PendingVerification,
            RenewalPending,
            Suspended,
            Expired,
            Revoked,
            RevokedPenalty,
            Withdrawn,
        ],
        // A renewal is an application of its own: a suspension neither erases nor blocks it.
        ActKind::FileRenewal => &[Active, PendingVerification, RenewalPending, Suspended],
        ActKind::Renew | ActKind::RefuseRenewal => &[
            Active,
            PendingVerification,
            RenewalPending,
            Suspended,
            Expired,
        ],
        ActKind::ChangeScope => &[Active, PendingVerification, RenewalPending],
        ActKind::ChangeParticulars
        | ActKind::Publish
        | ActKind::WithdrawPublication
        | ActKind::ShortenBar => &[
            Active,
            PendingVerification,
            RenewalPending,
            Suspended,
            Expired,
            Revoked,
            RevokedPenalty,
            Withdrawn,
        ],
        ActKind::ListCredit | ActKind::Delist | ActKind::SetBar => LIVE,
    }
}

/// The acts the officer may choose now: allowed from the state, and with something to act on.
pub fn allowed_acts(q: &QualView, today: Date, settings: &Settings) -> Vec<ActKind> {
    ActKind::ALL
        .iter()
        .copied()
        .filter(|&a| why_not(a, q, today, settings).is_none())
        .collect()
}

/// Why `act` cannot be chosen now — the state, or nothing to act on — or None when it can
/// (the menu of acts greys it and says this when it is chosen).
pub fn why_not(act: ActKind, q: &QualView, today: Date, settings: &Settings) -> Option<Refusal> {
    let standing = q.standing(today, settings);
    let status = standing.status;
    let no = |rule: Rule, args| Some(Refusal::new(None, rule, args));
    if !allowed_from(act).contains(&status) {
        return no(
            Rule::ActNotAllowed,
            crate::rule_args![
                act = Arg::Act(act),
                status = Arg::Status(status),
                allowed = Arg::Statuses(allowed_from(act).to_vec())
            ],
        );
    }
    match act {
        ActKind::RecordRectification if !q.has_open(FollowUpKind::Rectification) => {
            no(Rule::NoRectificationOpen, vec![])
        }
        ActKind::Publish if !q.has_open(FollowUpKind::Publication) => {
            no(Rule::NoPublicationDue, vec![])
        }
        ActKind::WithdrawPublication if !q.has_open(FollowUpKind::PublicationWithdrawal) => {
            no(Rule::NoPublicationToWithdraw, vec![])
        }
        ActKind::ShortenBar if q.bar_until.is_none_or(|b| b <= today) => {
            no(Rule::NoBarRuns, vec![])
        }
        ActKind::Delist if q.credit_lists.is_empty() => no(Rule::NotOnAnyList, vec![]),
        ActKind::FileRenewal => match q.renewal {
            Some(r) => no(
                Rule::RenewalAlreadyFiled,
                crate::rule_args![filed = r.filed_on, application = r.application_id],
            ),
            None if today > q.valid_until => no(
                Rule::RenewalAfterExpiry,
                crate::rule_args![valid_until = q.valid_until],
            ),
            None => None,
        },
        ActKind::Renew => match q.renewal {
            None => no(Rule::NoRenewalFiled, vec![]),
            Some(r) if status == QualStatus::Expired => no(
                Rule::LateRenewalExpired,
                crate::rule_args![valid_until = q.valid_until, filed = r.filed_on],
            ),
            Some(_) => None,
        },
        // After the end date a timely renewal can no longer be refused (Art. 50(2)).
        ActKind::RefuseRenewal => match q.renewal {
            None => no(Rule::NothingToRefuse, vec![]),
            Some(r) if standing.deemed_renewal => no(
                Rule::RenewedByLaw,
                crate::rule_args![filed = r.filed_on, valid_until = q.valid_until],
            ),
            Some(_) => None,
        },
        _ => None,
    }
}

/// The free-text fields that may hold new lines (the forms' multi-line fields).
pub const MULTI_LINE_FIELDS: [&str; 2] = ["reason", "findings"];

/// One line of free text, by the rules of `domain::text` (no control, invisible or
/// formula-leading characters; at most the field's length).
pub fn check_text(field: &'static str, value: &str) -> Result<(), Refusal> {
    use super::text::TextProblem;
    // 理由 and findings may run over several lines: a new line is their one control character.
    let value: std::borrow::Cow<str> = if MULTI_LINE_FIELDS.contains(&field) {
        value.replace('\n', " ").into()
    } else {
        value.into()
    };
    let value = value.as_ref();
    let Err(problem) = super::text::check_text(value, super::text::max_chars(field)) else {
        return Ok(());
    };
    let f = Arg::Field(field);
    let (rule, args) = match problem {
        TextProblem::Control(c) => (
            Rule::TextControl,
            crate::rule_args![field = f, code = format!("{:04X}", c as u32)],
        ),
        TextProblem::Invisible(c) => (
            Rule::TextInvisible,
            crate::rule_args![
                field = f,
                escaped = super::text::escape_unsafe(&c.to_string()),
                what = Arg::Invisible(c)
            ],
        ),
        TextProblem::Formula(c) => (
            Rule::TextFormula,
            crate::rule_args![field = f, start = Arg::FormulaStart(c)],
        ),
        TextProblem::TooLong { chars, max } => (
            Rule::TextTooLong,
            crate::rule_args![
                field = f,
                chars = chars,
                max = max,
                begins = super::text::preview(value)
            ],
        ),
    };
    refuse(Some(field), rule, args)
}

/// Every piece of free text the request carries, whatever the act, so that no flag or form
/// field slips text past the rules of `domain::text`; every refusal, in the fields' order.
fn check_request_text(req: &ActRequest, errs: &mut Vec<Refusal>) {
    let mut check = |field: &'static str, value: &str| {
        if let Err(r) = check_text(field, value)
            && !errs.iter().any(|e| e.field == Some(field))
        {
            errs.push(r);
        }
    };
    for (field, value) in [
        ("basis", &req.basis),
        ("doc_no", &req.doc_no),
        ("reason", &req.reason),
    ] {
        check(field, value);
    }
    for (field, value) in [
        ("name", &req.name),
        ("address", &req.address),
        ("legal_rep", &req.legal_rep),
    ] {
        if let Some(v) = value {
            check(field, v);
        }
    }
    for (field, items) in [
        ("scope_add", &req.scope_add),
        ("scope_remove", &req.scope_remove),
        ("officers", &req.officers),
    ] {
        for item in items {
            check(field, item);
        }
    }
}

/// Decide what `req` does to `q` on `today`. Pure: the calendar and settings are passed in.
/// The first refusal only (the CLI's and the write's answer); `plan_all` gives every one.
pub fn plan(
    req: &ActRequest,
    q: &QualView,
    today: Date,
    cal: &Calendar,
    settings: &Settings,
) -> Result<Plan, Refusal> {
    plan_all(req, q, today, cal, settings).map_err(|mut all| all.swap_remove(0))
}

/// Like `plan`, with every refusal at once, in the order `plan` meets them: the date, the
/// basis, every text, the state, then the act's own rules — each field's requirement on its
/// own, the rules that build on one another up to the first that refuses. Never empty on Err.
pub fn plan_all(
    req: &ActRequest,
    q: &QualView,
    today: Date,
    cal: &Calendar,
    settings: &Settings,
) -> Result<Plan, Vec<Refusal>> {
    let Some(act) = req.act else {
        return Err(vec![Refusal::new(Some("act"), Rule::ChooseAct, vec![])]);
    };
    let mut errs: Vec<Refusal> = Vec::new();
    let push = |errs: &mut Vec<Refusal>, field: &'static str, rule, args| {
        errs.push(Refusal::new(Some(field), rule, args));
    };
    match req.date {
        None => push(&mut errs, "date", Rule::DateRequired, vec![]),
        Some(date) if date > today => push(
            &mut errs,
            "date",
            Rule::DateAfterToday,
            crate::rule_args![date = date, today = today],
        ),
        Some(_) => {}
    }
    for (field, value) in [
        ("date", req.date),
        ("deadline", req.deadline),
        ("valid_until", req.valid_until),
        ("notice_served_on", req.notice_served_on),
        ("hearing", req.hearing_held_on),
    ] {
        if let Some(d) = value
            && d > LATEST_DATE
            && !errs.iter().any(|e| e.field == Some(field))
        {
            push(
                &mut errs,
                field,
                Rule::DateBeyondHorizon,
                crate::rule_args![date = d, latest = LATEST_DATE],
            );
        }
    }
    if let Some(date) = req.date
        && date < q.decided_on
        && !errs.iter().any(|e| e.field == Some("date"))
    {
        push(
            &mut errs,
            "date",
            Rule::DateBeforeGrant,
            crate::rule_args![date = date, granted = q.decided_on],
        );
    }
    if req.basis.trim().is_empty() {
        push(&mut errs, "basis", Rule::BasisRequired, vec![]);
    }
    check_request_text(req, &mut errs);
    if let Err(r) = super::kinds::check_basis_kind(q.kind, &req.basis)
        && !errs.iter().any(|e| e.field == Some("basis"))
    {
        errs.push(r);
    }
    let standing = q.standing(today, settings);
    let status = standing.status;
    if !allowed_from(act).contains(&status) {
        errs.push(Refusal::new(
            None,
            Rule::ActNotAllowed,
            crate::rule_args![
                act = Arg::Act(act),
                status = Arg::Status(status),
                allowed = Arg::Statuses(allowed_from(act).to_vec())
            ],
        ));
        return Err(errs);
    }
    // A missing or refused date was reported above; the act's own rules are checked against
    // the date given (or today) so that their refusals come in the same round.
    let date = req.date.unwrap_or(today);
    let planned = plan_act(req, q, act, date, cal, settings, &mut errs);
    match planned {
        Ok(p) if errs.is_empty() => Ok(p),
        Ok(_) => Err(errs),
        Err(r) => {
            if r.field.is_none() || !errs.iter().any(|e| e.field == r.field) {
                errs.push(r);
            }
            Err(errs)
        }
    }
}

/// The rules of `act` itself on `date`. A field's own requirement (a deadline, the penalty's
/// procedure facts) is pushed on `errs` and the checking goes on; a rule the rest builds on
/// returns.
fn plan_act(
    req: &ActRequest,
    q: &QualView,
    act: ActKind,
    date: Date,
    cal: &Calendar,
    settings: &Settings,
    errs: &mut Vec<Refusal>,
) -> Result<Plan, Refusal> {
    let mut p = Plan::default();
    let future_deadline = |required: Rule| -> Result<Date, Refusal> {
        let Some(d) = req.deadline else {
            return refuse(Some("deadline"), required, vec![]);
        };
        if d <= date {
            return refuse(
                Some("deadline"),
                Rule::DeadlineNotAfterDate,
                crate::rule_args![deadline = d, date = date],
            );
        }
        Ok(d)
    };
    // A deadline refused is reported, and the rest of the act still checked.
    let deadline_or_report =
        |required: Rule, errs: &mut Vec<Refusal>| match future_deadline(required) {
            Ok(d) => Some(d),
            Err(r) => {
                if !errs.iter().any(|e| e.field == r.field) {
                    errs.push(r);
                }
                None
            }
        };
    let fixed = |d: Date| Deadline {
        date: d,
        estimated: false,
    };
    let close_all_open = |p: &mut Plan, result: &str| {
        for (k, _) in &q.open_follow_ups {
            if !matches!(
                k,
                FollowUpKind::Publication
                    | FollowUpKind::PublicationEnd
                    | FollowUpKind::PublicationWithdrawal
            ) {
                p.close.push((*k, result.to_string()));
            }
        }
    };
    let scope = || Arg::ScopeWord(q.kind);

    match act {
        ActKind::Verify => {
            let Some(result) = req.verify_result else {
                return refuse(Some("result"), Rule::VerifyResultRequired, vec![]);
            };
            p.close
                .push((FollowUpKind::Verification, result.as_str().into()));
            match result {
                VerifyResult::Conforming => p.next_status = Some(QualStatus::Active),
                VerifyResult::Rectify => {
                    let d = future_deadline(Rule::DeadlineRequiredRectify)?;
                    p.next_status = Some(QualStatus::Active);
                    p.open.push(OpenFollowUp {
                        kind: FollowUpKind::Rectification,
                        due: fixed(d),
                    });
                }
                VerifyResult::Unkept | VerifyResult::False => {
                    p.next_status = Some(QualStatus::Revoked);
                    close_all_open(&mut p, "revoked");
                    p.close
                        .retain(|(k, r)| *k != FollowUpKind::Verification || r != "revoked");
                    p.bar_commitment = result == VerifyResult::False;
                }
            }
        }
        ActKind::OrderRectification => {
            let d = future_deadline(Rule::DeadlineRequiredRectify)?;
            p.open.push(OpenFollowUp {
                kind: FollowUpKind::Rectification,
                due: fixed(d),
            });
        }
        ActKind::RecordRectification => {
            if !q.has_open(FollowUpKind::Rectification) {
                return refuse(None, Rule::NoRectificationOpen, vec![]);
            }
            let Some(r) = req.rectification_result else {
                return refuse(Some("result"), Rule::RectificationResultRequired, vec![]);
            };
            p.close
                .push((FollowUpKind::Rectification, r.as_str().into()));
        }
        ActKind::Suspend => {
            let d = deadline_or_report(Rule::DeadlineRequiredSuspension, errs);
            for r in super::penalty::check_decision_all(&req.procedure(), act, date, cal) {
                if !errs.iter().any(|e| e.field == r.field) {
                    errs.push(r);
                }
            }
            p.next_status = Some(QualStatus::Suspended);
            if let Some(d) = d {
                p.open.push(OpenFollowUp {
                    kind: FollowUpKind::Suspension,
                    due: fixed(d),
                });
            }
            p.open.push(OpenFollowUp {
                kind: FollowUpKind::Publication,
                due: cal.due(date, PUBLISH_PENALTY),
            });
        }
        ActKind::Lift => {
            p.next_status = Some(QualStatus::Active);
            p.close.push((FollowUpKind::Suspension, "lifted".into()));
        }
        ActKind::Revoke if !req.scope_remove.is_empty() => {
            // Partial revocation: named scope items lose their status, the approval stays.
            let items = existing_active_items(q, &req.scope_remove, "scope_remove")?;
            let active_left = q
                .scope
                .iter()
                .filter(|(_, s)| *s == ScopeStatus::Active)
                .count();
            if items.len() >= active_left {
                return refuse(
                    Some("scope_remove"),
                    Rule::RevokeEveryItem,
                    crate::rule_args![scope = scope()],
                );
            }
            p.scope_set = items
                .into_iter()
                .map(|i| (i, ScopeStatus::Revoked))
                .collect();
        }
        ActKind::Revoke | ActKind::RevokePenalty | ActKind::Withdraw | ActKind::Cancel => {
            if act == ActKind::RevokePenalty {
                for r in super::penalty::check_decision_all(&req.procedure(), act, date, cal) {
                    if !errs.iter().any(|e| e.field == r.field) {
                        errs.push(r);
                    }
                }
                p.open.push(OpenFollowUp {
                    kind: FollowUpKind::Publication,
                    due: cal.due(date, PUBLISH_PENALTY),
                });
            }
            p.next_status = Some(match act {
                ActKind::Revoke => QualStatus::Revoked,
                ActKind::RevokePenalty => QualStatus::RevokedPenalty,
                ActKind::Withdraw => QualStatus::Withdrawn,
                _ => QualStatus::Cancelled,
            });
            // A whole revocation ends every scope item with it.
            if matches!(act, ActKind::Revoke | ActKind::RevokePenalty) {
                p.scope_set = q
                    .scope
                    .iter()
                    .filter(|(_, s)| *s == ScopeStatus::Active)
                    .map(|(i, _)| (i.clone(), ScopeStatus::Revoked))
                    .collect();
            }
            close_all_open(&mut p, act.as_str());
        }
        ActKind::FileRenewal => {
            if let Some(r) = q.renewal {
                return refuse(
                    None,
                    Rule::RenewalAlreadyFiled,
                    crate::rule_args![filed = r.filed_on, application = r.application_id],
                );
            }
            if date > q.valid_until {
                return refuse(
                    Some("date"),
                    Rule::RenewalAfterExpiry,
                    crate::rule_args![valid_until = q.valid_until],
                );
            }
            // Filed inside the lead time: received, flagged late, no renewal by law.
            let due = settings.renewal_filing_due(q.kind, q.valid_until);
            p.file_renewal = Some(RenewalFiling {
                late: date > due,
                due,
            });
        }
        ActKind::Renew => {
            let Some(renewal) = q.renewal else {
                return refuse(None, Rule::NoRenewalFiled, vec![]);
            };
            if date > q.valid_until && renewal.late {
                return refuse(
                    Some("date"),
                    Rule::LateRenewalExpired,
                    crate::rule_args![valid_until = q.valid_until, filed = renewal.filed_on],
                );
            }
            renewal.check_decided_after_filing(date)?;
            let new_end = match req.valid_until {
                Some(d) => d,
                None => super::model::deemed_renewal_end(q.valid_until, settings.validity_years),
            };
            if new_end <= q.valid_until {
                return refuse(
                    Some("valid_until"),
                    Rule::NewEndNotLater,
                    crate::rule_args![new_end = new_end, valid_until = q.valid_until],
                );
            }
            // The state it would have if renewed: a running suspension or verification stays.
            if q.status == QualStatus::RenewalPending {
                p.next_status = Some(QualStatus::Active);
            }
            p.new_valid_until = Some(new_end);
            p.decide_renewal = Some(RenewalDecision::Granted);
        }
        ActKind::RefuseRenewal => {
            let Some(renewal) = q.renewal else {
                return refuse(None, Rule::NothingToRefuse, vec![]);
            };
            if date > q.valid_until && !renewal.late {
                return refuse(
                    Some("date"),
                    Rule::RenewedByLaw,
                    crate::rule_args![filed = renewal.filed_on, valid_until = q.valid_until],
                );
            }
            renewal.check_decided_after_filing(date)?;
            if q.status == QualStatus::RenewalPending {
                p.next_status = Some(QualStatus::Active);
            }
            p.decide_renewal = Some(RenewalDecision::Refused);
        }
        ActKind::ChangeScope => {
            if req.scope_add.is_empty() && req.scope_remove.is_empty() {
                return refuse(
                    Some("scope_add"),
                    Rule::ScopeNothingNamed,
                    crate::rule_args![scope = scope()],
                );
            }
            // The items removed and the items added are separate fields: both are checked.
            let removed = match existing_active_items(q, &req.scope_remove, "scope_remove") {
                Ok(r) => r,
                Err(r) => {
                    errs.push(r);
                    Vec::new()
                }
            };
            if !req.scope_add.is_empty() {
                // More scope is an application: the bar applies to it.
                super::applications::check_not_barred(q.bar_until, false, None, date, "scope_add")?;
            }
            for add in &req.scope_add {
                match q.scope.iter().find(|(n, _)| n == add).map(|(_, s)| *s) {
                    Some(ScopeStatus::Active) => {
                        return refuse(
                            Some("scope_add"),
                            Rule::ScopeAlreadyIn,
                            crate::rule_args![item = add.as_str(), scope = scope()],
                        );
                    }
                    Some(ScopeStatus::Revoked) => {
                        return refuse(
                            Some("scope_add"),
                            Rule::ScopeWasRevoked,
                            crate::rule_args![item = add.as_str(), scope = scope()],
                        );
                    }
                    _ => {}
                }
            }
            let active_left = q
                .scope
                .iter()
                .filter(|(_, s)| *s == ScopeStatus::Active)
                .count();
            if req.scope_add.is_empty() && removed.len() >= active_left {
                return refuse(
                    Some("scope_remove"),
                    Rule::ScopeWouldBeEmpty,
                    crate::rule_args![scope = scope()],
                );
            }
            p.scope_add = req.scope_add.clone();
            p.scope_set = removed
                .into_iter()
                .map(|i| (i, ScopeStatus::Removed))
                .collect();
        }
        ActKind::ChangeParticulars => {
            let fields = [
                ("name", &req.name),
                ("address", &req.address),
                ("legal_rep", &req.legal_rep),
            ];
            if fields.iter().all(|(_, v)| v.is_none()) {
                return refuse(Some("name"), Rule::ParticularsNothing, vec![]);
            }
            if req.name.as_ref().is_some_and(|v| v.trim().is_empty()) {
                return refuse(Some("name"), Rule::NameEmpty, vec![]);
            }
            p.name = req.name.as_ref().map(|s| s.trim().to_string());
            p.address = req.address.as_ref().map(|s| s.trim().to_string());
            p.legal_rep = req.legal_rep.as_ref().map(|s| s.trim().to_string());
        }
        ActKind::Publish => {
            if !q.has_open(FollowUpKind::Publication) {
                return refuse(None, Rule::NoPublicationDue, vec![]);
            }
            p.close
                .push((FollowUpKind::Publication, "published".into()));
            // Shown for 3 years: no early end for a suspension or a revocation (Order 45
            // Art. 13–14).
            p.open.push(OpenFollowUp {
                kind: FollowUpKind::PublicationEnd,
                due: cal.due(date, super::calendar::PUBLICATION_PERIOD),
            });
        }
        ActKind::WithdrawPublication => {
            if !q.has_open(FollowUpKind::PublicationWithdrawal) {
                return refuse(None, Rule::NoPublicationToWithdraw, vec![]);
            }
            p.close
                .push((FollowUpKind::PublicationWithdrawal, "withdrawn".into()));
        }
        ActKind::ListCredit | ActKind::Delist => {
            let Some(list) = req.credit_list else {
                return refuse(Some("list"), Rule::CreditListRequired, vec![]);
            };
            let listed = q.credit_lists.contains(&list);
            if act == ActKind::ListCredit {
                if listed {
                    return refuse(
                        Some("list"),
                        Rule::AlreadyListed,
                        crate::rule_args![list = Arg::CreditList(list)],
                    );
                }
                p.credit_add = Some(list);
            } else {
                if !listed {
                    return refuse(
                        Some("list"),
                        Rule::NotListed,
                        crate::rule_args![list = Arg::CreditList(list)],
                    );
                }
                p.credit_remove = Some(list);
            }
        }
        ActKind::SetBar => {
            let until = future_deadline(Rule::DeadlineRequiredBar)?;
            if let Some(bar) = q.bar_until
                && until < bar
            {
                return refuse(
                    Some("deadline"),
                    Rule::BarOnlyShortened,
                    crate::rule_args![bar = bar],
                );
            }
            p.bar_until = Some(until);
        }
        ActKind::ShortenBar => {
            let Some(bar) = q.bar_until.filter(|b| *b > date) else {
                return refuse(None, Rule::NoBarRuns, vec![]);
            };
            if req.reason.trim().is_empty() {
                errs.push(Refusal::new(Some("reason"), Rule::ShortenBarReason, vec![]));
            }
            let until = future_deadline(Rule::DeadlineRequiredShortenBar)?;
            if until >= bar {
                return refuse(
                    Some("deadline"),
                    Rule::BarNotEarlier,
                    crate::rule_args![bar = bar],
                );
            }
            p.bar_until = Some(until);
        }
    }
    // An approval that ends takes its undecided renewal with it.
    if q.renewal.is_some()
        && p.decide_renewal.is_none()
        && p.next_status
            .is_some_and(|s| !s.is_in_force() && s != QualStatus::Suspended)
    {
        p.decide_renewal = Some(RenewalDecision::Ended);
    }
    // An act cannot be dated before what it closes: a lift before the suspension, a
    // rectification recorded before it was ordered.
    for (kind, _) in &p.close {
        if let Some((_, opened)) = q.open_follow_ups.iter().find(|(k, _)| k == kind)
            && date < *opened
        {
            return refuse(
                Some("date"),
                Rule::DateBeforeAnswered,
                crate::rule_args![date = date, what = Arg::OpenedBy(*kind), opened = *opened],
            );
        }
    }
    Ok(p)
}

fn existing_active_items(
    q: &QualView,
    names: &[String],
    field: &'static str,
) -> Result<Vec<String>, Refusal> {
    let mut out = Vec::new();
    for n in names {
        if !q
            .scope
            .iter()
            .any(|(item, s)| item == n && *s == ScopeStatus::Active)
        {
            let active: Vec<&str> = q
                .scope
                .iter()
                .filter(|(_, s)| *s == ScopeStatus::Active)
                .map(|(i, _)| i.as_str())
                .collect();
            return refuse(
                Some(field),
                Rule::NotActiveScopeItem,
                crate::rule_args![
                    item = n.as_str(),
                    scope = Arg::ScopeWord(q.kind),
                    active = active.join("; ")
                ],
            );
        }
        if !out.contains(n) {
            out.push(n.clone());
        }
    }
    Ok(out)
}

/// What a new grant starts as: commitment grants are in force at once but await verification.
pub fn plan_grant(
    route: Route,
    kind: BodyKind,
    decided_on: Date,
    cal: &Calendar,
    settings: &Settings,
) -> (QualStatus, Option<OpenFollowUp>) {
    match route {
        Route::Commitment => (
            QualStatus::PendingVerification,
            Some(OpenFollowUp {
                kind: FollowUpKind::Verification,
                due: cal.due(decided_on, settings.verification_clock(kind)),
            }),
        ),
        Route::Optimized | Route::General => (QualStatus::Active, None),
    }
}

#[cfg(test)]
#[path = "acts_tests.rs"]
mod tests;
