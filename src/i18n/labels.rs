//! Names of the register's codes in both languages. The Chinese terms come from the domain's own
//! tables (one source for the words officers use); the English ones live here.

use super::{Lang, Msg};
use crate::domain::acts::{
    ActKind, CreditList, FollowUpKind, Hearing, RectificationResult, VerifyResult,
};
use crate::domain::applications::ApplicationAct;
use crate::domain::ids::BodyKind;
use crate::domain::kinds;
use crate::domain::model::{QualStatus, RiskClass, Route, ScopeStatus};
use crate::domain::penalty::CaseStep;
use std::borrow::Cow;

fn unknown(code: &str) -> Cow<'static, str> {
    Cow::Owned(crate::domain::text::sanitize_for_display(code).into_owned())
}

/// A qualification state.
pub fn status(lang: Lang, code: &str) -> Cow<'static, str> {
    let Some(s) = QualStatus::parse(code) else {
        return unknown(code);
    };
    Cow::Borrowed(match lang {
        Lang::Zh => s.zh(),
        Lang::En => match s {
            QualStatus::Active => "active",
            QualStatus::PendingVerification => "active (to verify)",
            QualStatus::RenewalPending => "renewal pending",
            QualStatus::Suspended => "suspended",
            QualStatus::Expired => "expired",
            QualStatus::Revoked => "revoked",
            QualStatus::RevokedPenalty => "revoked (penalty)",
            QualStatus::Withdrawn => "withdrawn",
            QualStatus::Cancelled => "cancelled",
        },
    })
}

/// The kind of body a stored kind code or an approval number names, for the words below.
pub fn body_kind(code: &str) -> Option<BodyKind> {
    BodyKind::parse(code).or_else(|| {
        crate::domain::ids::ApprovalNo::parse(code)
            .ok()
            .map(|a| a.kind())
    })
}

/// A qualification state, in the words of the body's kind where the kinds differ (PROCEDURE.md
/// "Words by kind of body"); without a kind, as `status`.
pub fn status_of(lang: Lang, kind: Option<BodyKind>, code: &str) -> Cow<'static, str> {
    match (kind, QualStatus::parse(code)) {
        (Some(k), Some(s)) => match kinds::status_name(k, s) {
            Some(t) => Cow::Borrowed(lang.pick(t.zh, t.en)),
            None => status(lang, code),
        },
        _ => status(lang, code),
    }
}

/// An act, in the words of the body's kind where the kinds differ; without a kind, as `act`.
pub fn act_of(lang: Lang, kind: Option<BodyKind>, code: &str) -> Cow<'static, str> {
    match (kind, ActKind::parse(code)) {
        (Some(k), Some(a)) => match kinds::act_name(k, a) {
            Some(t) => Cow::Borrowed(lang.pick(t.zh, t.en)),
            None => act(lang, code),
        },
        _ => act(lang, code),
    }
}

/// What the scope of a body of `kind` is called, as a heading (认证领域 / 检验检测能力).
pub fn scope_heading(lang: Lang, kind: Option<BodyKind>) -> Cow<'static, str> {
    let Some(k) = kind else {
        return Cow::Borrowed(lang.t(super::Msg::Scope));
    };
    let t = kinds::words(k).scope_short;
    match lang {
        Lang::Zh => Cow::Borrowed(t.zh),
        // "scope" → "Scope": a heading starts with a capital.
        Lang::En => {
            let mut c = t.en.chars();
            Cow::Owned(
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default(),
            )
        }
    }
}

/// What the scope of a body of `kind` is called within a sentence.
pub fn scope_word(lang: Lang, kind: Option<BodyKind>) -> &'static str {
    match kind {
        Some(k) => {
            let t = kinds::words(k).scope_short;
            lang.pick(t.zh, t.en)
        }
        None => lang.pick("范围", "scope"),
    }
}

/// A route to approval.
pub fn route(lang: Lang, code: &str) -> Cow<'static, str> {
    let Some(r) = Route::parse(code) else {
        return unknown(code);
    };
    Cow::Borrowed(match lang {
        Lang::Zh => r.zh(),
        Lang::En => match r {
            Route::Commitment => "commitment",
            Route::Optimized => "optimized",
            Route::General => "general",
        },
    })
}

/// A kind of body.
pub fn kind(lang: Lang, code: &str) -> Cow<'static, str> {
    let Some(k) = BodyKind::parse(code) else {
        return unknown(code);
    };
    Cow::Borrowed(match (lang, k) {
        (Lang::Zh, BodyKind::Cb) => "认证机构",
        (Lang::Zh, BodyKind::Cma) => "检验检测机构",
        (Lang::En, BodyKind::Cb) => "certification body",
        (Lang::En, BodyKind::Cma) => "testing institution",
    })
}

/// A risk class.
pub fn risk(lang: Lang, code: &str) -> Cow<'static, str> {
    let Some(r) = RiskClass::parse(code) else {
        return unknown(code);
    };
    match lang {
        Lang::Zh => Cow::Borrowed(r.zh()),
        Lang::En => Cow::Owned(format!("class {}", r.as_str())),
    }
}

/// A regulatory act, an application act or another event of the log.
pub fn act(lang: Lang, code: &str) -> Cow<'static, str> {
    if let Some(a) = ActKind::parse(code) {
        return Cow::Borrowed(match lang {
            Lang::Zh => a.zh(),
            Lang::En => match a {
                ActKind::Verify => "record verification",
                ActKind::OrderRectification => "order rectification",
                ActKind::RecordRectification => "record rectification",
                ActKind::Suspend => "suspend",
                ActKind::Lift => "lift suspension",
                ActKind::Revoke => "revoke",
                ActKind::RevokePenalty => "revoke (penalty)",
                ActKind::Withdraw => "withdraw",
                ActKind::Cancel => "cancel",
                ActKind::FileRenewal => "file renewal",
                ActKind::Renew => "renew",
                ActKind::RefuseRenewal => "refuse renewal",
                ActKind::ChangeScope => "change scope",
                ActKind::ChangeParticulars => "change particulars",
                ActKind::Publish => "publish penalty",
                ActKind::WithdrawPublication => "withdraw publication",
                ActKind::ShortenBar => "shorten bar",
                ActKind::ListCredit => "credit listing",
                ActKind::Delist => "remove listing",
                ActKind::SetBar => "set bar",
            },
        });
    }
    if let Some(a) = ApplicationAct::parse(code) {
        return Cow::Borrowed(application_act(lang, a));
    }
    Cow::Borrowed(match (lang, code) {
        (Lang::Zh, "correct") => "更正",
        (Lang::En, "correct") => "correction",
        (Lang::Zh, "annul") => "撤销原行政行为",
        (Lang::En, "annul") => "annulment",
        (Lang::Zh, "set-setting") => "修改设置",
        (Lang::En, "set-setting") => "change setting",
        (Lang::Zh, "load-calendar") => "载入节假日安排",
        (Lang::En, "load-calendar") => "load holiday schedule",
        (Lang::Zh, "migrated") => "迁移导入",
        (Lang::En, "migrated") => "migrated (with its state)",
        (Lang::Zh, "import-file") => "导入文件",
        (Lang::En, "import-file") => "import file",
        (Lang::Zh, "create-database") => "创建数据库",
        (Lang::En, "create-database") => "create database",
        (Lang::Zh, "baseline") => "升级基线",
        (Lang::En, "baseline") => "upgrade baseline",
        (Lang::Zh, "set-officer") => "登记工作人员",
        (Lang::En, "set-officer") => "record officer",
        (Lang::Zh, "case-lead") => "登记线索",
        (Lang::En, "case-lead") => "register lead",
        (Lang::Zh, "case-open") => "立案",
        (Lang::En, "case-open") => "open case",
        (Lang::Zh, "case-notify") => "送达处罚告知",
        (Lang::En, "case-notify") => "serve notice of penalty",
        (Lang::Zh, "case-hearing") => "陈述申辩与听证",
        (Lang::En, "case-hearing") => "hearing",
        (Lang::Zh, "case-extend") => "延长办案期限",
        (Lang::En, "case-extend") => "extend case limit",
        (Lang::Zh, "case-serve") => "送达处罚决定",
        (Lang::En, "case-serve") => "serve decision",
        (Lang::Zh, "case-close") => "结案",
        (Lang::En, "case-close") => "close case",
        (Lang::Zh, "upgrade") => "升级数据库",
        (Lang::En, "upgrade") => "upgrade",
        (Lang::Zh, "inspection-item-add") => "增加抽查事项",
        (Lang::En, "inspection-item-add") => "add inspection item",
        (Lang::Zh, "inspector-add") => "登记检查人员",
        (Lang::En, "inspector-add") => "add inspector",
        (Lang::Zh, "inspector-deactivate") => "停用检查人员",
        (Lang::En, "inspector-deactivate") => "deactivate inspector",
        (Lang::Zh, "inspector-conflict-add") => "登记回避关系",
        (Lang::En, "inspector-conflict-add") => "declare conflict",
        (Lang::Zh, "set-risk-class") => "确定风险等级",
        (Lang::En, "set-risk-class") => "set risk class",
        (Lang::Zh, "inspection-task-create") => "创建抽查任务",
        (Lang::En, "inspection-task-create") => "create inspection task",
        (Lang::Zh, "inspection-include") => "定向列入抽查",
        (Lang::En, "inspection-include") => "direct into task",
        (Lang::Zh, "inspection-draw") => "随机抽取检查对象",
        (Lang::En, "inspection-draw") => "draw bodies",
        (Lang::Zh, "inspection-replace") => "替换检查对象",
        (Lang::En, "inspection-replace") => "replace drawn body",
        (Lang::Zh, "inspection-assign") => "随机选派检查人员",
        (Lang::En, "inspection-assign") => "assign inspectors",
        (Lang::Zh, "inspection-recuse") => "检查人员回避",
        (Lang::En, "inspection-recuse") => "recusal",
        (Lang::Zh, "inspection-result") => "录入抽查结果",
        (Lang::En, "inspection-result") => "record inspection result",
        (Lang::Zh, "inspection-complete") => "抽查任务完成",
        (Lang::En, "inspection-complete") => "inspection task completed",
        (Lang::Zh, "inspection-close") => "抽查任务结束",
        (Lang::En, "inspection-close") => "close inspection task",
        (Lang::Zh, "inspection-publish") => "公示抽查结果",
        (Lang::En, "inspection-publish") => "publish inspection results",
        _ => return unknown(code),
    })
}

/// An act on an application (办件), by its own name: `withdraw` done on an application is the
/// applicant's withdrawal (撤回申请), not the approval's (撤回).
pub fn application_act(lang: Lang, a: ApplicationAct) -> &'static str {
    match lang {
        Lang::Zh => a.zh(),
        Lang::En => match a {
            ApplicationAct::Receive => "receive application",
            ApplicationAct::RequestMaterials => "request materials",
            ApplicationAct::Accept => "accept application",
            ApplicationAct::Pause => "pause clock",
            ApplicationAct::Resume => "resume clock",
            ApplicationAct::Grant => "grant",
            ApplicationAct::Refuse => "refuse application",
            ApplicationAct::Withdraw => "application withdrawn",
        },
    }
}

/// The events of the log that are neither acts on a qualification nor on an application.
pub const OTHER_EVENTS: &[&str] = &[
    "correct",
    "annul",
    "set-setting",
    "load-calendar",
    "import-file",
    "create-database",
    "baseline",
    "set-officer",
    "case-lead",
    "case-open",
    "case-notify",
    "case-hearing",
    "case-extend",
    "case-serve",
    "case-close",
    "upgrade",
];

/// The random inspections' events (`store/inspections.rs`).
pub const INSPECTION_EVENTS: &[&str] = &[
    "inspection-item-add",
    "inspector-add",
    "inspector-deactivate",
    "inspector-conflict-add",
    "set-risk-class",
    "inspection-task-create",
    "inspection-include",
    "inspection-draw",
    "inspection-replace",
    "inspection-assign",
    "inspection-recuse",
    "inspection-result",
    "inspection-complete",
    "inspection-close",
    "inspection-publish",
];

/// What a work-queue line is waiting for.
pub fn due_kind(lang: Lang, code: &str) -> Cow<'static, str> {
    Cow::Borrowed(match (lang, code) {
        (Lang::Zh, "verification") => "承诺核查",
        (Lang::En, "verification") => "verify commitment",
        (Lang::Zh, "rectification") => "整改期限",
        (Lang::En, "rectification") => "rectification due",
        (Lang::Zh, "suspension") => "停业整顿期满",
        (Lang::En, "suspension") => "suspension ends",
        (Lang::Zh, "publication") => "处罚公示",
        (Lang::En, "publication") => "publish penalty",
        (Lang::Zh, "renewal_filing") => "延续申请截止",
        (Lang::En, "renewal_filing") => "renewal filing due",
        (Lang::Zh, "renewal_decision") => "延续决定",
        (Lang::En, "renewal_decision") => "decide renewal",
        (Lang::Zh, "expired") => "已过期未延续",
        (Lang::En, "expired") => "expired, not renewed",
        (Lang::Zh, "materials") => "补正告知",
        (Lang::En, "materials") => "request materials",
        (Lang::Zh, "decision") => "审批决定时限",
        (Lang::En, "decision") => "application decision",
        (Lang::Zh, "publication_end") => "公示期满",
        (Lang::En, "publication_end") => "publication ends",
        (Lang::Zh, "publication_withdrawal") => "撤下公示",
        (Lang::En, "publication_withdrawal") => "withdraw publication",
        (Lang::Zh, "inspection_publication") => "抽查结果公示",
        (Lang::En, "inspection_publication") => "publish inspection results",
        (Lang::Zh, "case_lead") => "线索核查",
        (Lang::En, "case_lead") => "verify the lead",
        (Lang::Zh, "case_hearing_window") => "听证申请期满",
        (Lang::En, "case_hearing_window") => "hearing request window ends",
        (Lang::Zh, "case_hearing") => "听证",
        (Lang::En, "case_hearing") => "hearing",
        (Lang::Zh, "case_limit") => "办案期限",
        (Lang::En, "case_limit") => "90-day case limit",
        (Lang::Zh, "case_service") => "送达处罚决定",
        (Lang::En, "case_service") => "serve the decision",
        _ => return unknown(code),
    })
}

/// A step of a penalty case (the case menu, form titles).
pub fn case_step(lang: Lang, step: CaseStep) -> &'static str {
    match lang {
        Lang::Zh => step.zh(),
        Lang::En => match step {
            CaseStep::Open => "open a case",
            CaseStep::Notify => "serve the notice of penalty",
            CaseStep::Hearing => "statement, defence, hearing",
            CaseStep::Extend => "extend the case limit",
            CaseStep::Decide => "decide",
            CaseStep::Serve => "serve the decision",
            CaseStep::Close => "close the case",
        },
    }
}

/// Where a penalty case stands (`domain::penalty::stage`).
pub fn case_stage(lang: Lang, code: &str) -> Cow<'static, str> {
    Cow::Borrowed(match (lang, code) {
        (Lang::Zh, "lead") => "线索核查",
        (Lang::En, "lead") => "lead",
        (Lang::Zh, "open") => "已立案",
        (Lang::En, "open") => "open",
        (Lang::Zh, "notified") => "已告知",
        (Lang::En, "notified") => "notified",
        (Lang::Zh, "hearing_requested") => "申请听证",
        (Lang::En, "hearing_requested") => "hearing requested",
        (Lang::Zh, "hearing_set") => "听证已定",
        (Lang::En, "hearing_set") => "hearing set",
        (Lang::Zh, "hearing_held") => "已听证",
        (Lang::En, "hearing_held") => "hearing held",
        (Lang::Zh, "answered") => "已答复",
        (Lang::En, "answered") => "answered",
        (Lang::Zh, "decided") => "已决定",
        (Lang::En, "decided") => "decided",
        (Lang::Zh, "served") => "已送达",
        (Lang::En, "served") => "served",
        (Lang::Zh, "closed") => "已结案",
        (Lang::En, "closed") => "closed",
        _ => return unknown(code),
    })
}

/// A follow-up's kind (the body file).
pub fn follow_up(lang: Lang, code: &str) -> Cow<'static, str> {
    match FollowUpKind::parse(code) {
        Some(_) => due_kind(lang, code),
        None => unknown(code),
    }
}

/// A scope item's status.
pub fn scope_status(lang: Lang, code: &str) -> Cow<'static, str> {
    let Some(s) = ScopeStatus::parse(code) else {
        return unknown(code);
    };
    Cow::Borrowed(match lang {
        Lang::Zh => s.zh(),
        Lang::En => match s {
            ScopeStatus::Active => "active",
            ScopeStatus::Revoked => "revoked",
            ScopeStatus::Removed => "removed",
        },
    })
}

/// A verification result.
pub fn verify_result(lang: Lang, r: VerifyResult) -> &'static str {
    match lang {
        Lang::Zh => r.zh(),
        Lang::En => match r {
            VerifyResult::Conforming => "conforming",
            VerifyResult::Rectify => "needs rectification",
            VerifyResult::Unkept => "commitment not kept",
            VerifyResult::False => "false commitment",
        },
    }
}

/// A rectification result.
pub fn rectification_result(lang: Lang, r: RectificationResult) -> &'static str {
    match lang {
        Lang::Zh => r.zh(),
        Lang::En => match r {
            RectificationResult::Met => "met",
            RectificationResult::Missed => "missed",
        },
    }
}

/// Whether a hearing was asked for.
pub fn hearing(lang: Lang, h: Hearing) -> &'static str {
    match lang {
        Lang::Zh => h.zh(),
        Lang::En => match h {
            Hearing::Requested => "requested",
            Hearing::Waived => "waived in writing",
            Hearing::NotRequested => "not requested in time",
            Hearing::NotApplicable => "not applicable",
        },
    }
}

/// A credit list.
pub fn credit_list(lang: Lang, code: &str) -> Cow<'static, str> {
    let Some(c) = CreditList::parse(code) else {
        return unknown(code);
    };
    Cow::Borrowed(match lang {
        Lang::Zh => c.zh(),
        Lang::En => match c {
            CreditList::Abnormal => "abnormal operations list",
            CreditList::Serious => "serious violations list",
        },
    })
}

/// Provinces by the first two digits of a GB/T 2260 region code.
const PROVINCES: &[(&str, &str, &str)] = &[
    ("11", "北京", "Beijing"),
    ("12", "天津", "Tianjin"),
    ("13", "河北", "Hebei"),
    ("14", "山西", "Shanxi"),
    ("15", "内蒙古", "Inner Mongolia"),
    ("21", "辽宁", "Liaoning"),
    ("22", "吉林", "Jilin"),
    ("23", "黑龙江", "Heilongjiang"),
    ("31", "上海", "Shanghai"),
    ("32", "江苏", "Jiangsu"),
    ("33", "浙江", "Zhejiang"),
    ("34", "安徽", "Anhui"),
    ("35", "福建", "Fujian"),
    ("36", "江西", "Jiangxi"),
    ("37", "山东", "Shandong"),
    ("41", "河南", "Henan"),
    ("42", "湖北", "Hubei"),
    ("43", "湖南", "Hunan"),
    ("44", "广东", "Guangdong"),
    ("45", "广西", "Guangxi"),
    ("46", "海南", "Hainan"),
    ("50", "重庆", "Chongqing"),
    ("51", "四川", "Sichuan"),
    ("52", "贵州", "Guizhou"),
    ("53", "云南", "Yunnan"),
    ("54", "西藏", "Tibet"),
    ("61", "陕西", "Shaanxi"),
    ("62", "甘肃", "Gansu"),
    ("63", "青海", "Qinghai"),
    ("64", "宁夏", "Ningxia"),
    ("65", "新疆", "Xinjiang"),
    ("71", "台湾", "Taiwan"),
    ("81", "香港", "Hong Kong"),
    ("82", "澳门", "Macao"),
];

/// The province a region code (or its two-digit prefix) lies in, or the code itself.
pub fn province(lang: Lang, code: &str) -> Cow<'static, str> {
    let prefix = code.get(..2).unwrap_or(code);
    match PROVINCES.iter().find(|(p, _, _)| *p == prefix) {
        Some((_, zh, en)) => Cow::Borrowed(lang.pick(zh, en)),
        None => unknown(code),
    }
}

/// "广东 440300": the province and the code.
pub fn region(lang: Lang, code: &str) -> String {
    let code = crate::domain::text::sanitize_for_display(code);
    match PROVINCES.iter().find(|(p, _, _)| code.starts_with(p)) {
        Some((_, zh, en)) => format!("{} {code}", lang.pick(zh, en)),
        None => code.into_owned(),
    }
}

/// A region prefix by name, from the province down ("广东省深圳市南山区"; in English a province
/// by its English name, the levels below by the code table's Chinese names, which have no
/// official English), or the code itself when the table does not know it.
pub fn region_name(lang: Lang, r: &crate::domain::region::Region) -> String {
    if lang == Lang::En
        && r.as_str().len() == 2
        && let Some((_, _, en)) = PROVINCES.iter().find(|(p, _, _)| *p == r.as_str())
    {
        return (*en).to_string();
    }
    match r.full_name() {
        Some(n) => n,
        None => r.as_str().to_string(),
    }
}

/// "深圳市南山区 440305": a region prefix by name and code (the code alone when unknown).
pub fn region_label(lang: Lang, r: &crate::domain::region::Region) -> String {
    let name = region_name(lang, r);
    if name == r.as_str() {
        name
    } else {
        format!("{name} {}", r.as_str())
    }
}

/// Why a text is not a region code, with what to write instead.
pub fn region_error(lang: Lang, e: &crate::domain::region::RegionError) -> String {
    use crate::domain::region::RegionError as E;
    let shown = |v: &str| crate::domain::text::sanitize_for_display(v).into_owned();
    match e {
        E::Empty => lang.t(Msg::RegionEmpty).to_string(),
        E::NotDigits(v) => lang.f(Msg::RegionNotDigits, &[("value", &shown(v))]),
        E::Length(v) => lang.f(
            Msg::RegionLength,
            &[("value", &shown(v)), ("n", &v.chars().count())],
        ),
        E::Unknown(v) => lang.f(Msg::RegionUnknown, &[("value", &shown(v))]),
    }
}

/// A `--kind` name the queue does not have, with the names it has.
pub fn kind_error(lang: Lang, e: &crate::domain::due::UnknownKind) -> String {
    let kinds: Vec<&str> = crate::domain::due::DueKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    lang.f(
        Msg::KindUnknown,
        &[
            ("value", &crate::domain::text::sanitize_for_display(&e.0)),
            ("kinds", &kinds.join(", ")),
        ],
    )
}

/// A kind of thing due, short (the queue's header and facet).
pub fn due_group(lang: Lang, k: crate::domain::due::DueKind) -> &'static str {
    use crate::domain::due::DueKind as K;
    match (k, lang) {
        (K::Verification, Lang::Zh) => "核查",
        (K::Verification, Lang::En) => "verify",
        (K::Rectification, Lang::Zh) => "整改",
        (K::Rectification, Lang::En) => "rectify",
        (K::Suspension, Lang::Zh) => "停业",
        (K::Suspension, Lang::En) => "suspension",
        (K::Publication, Lang::Zh) => "公示",
        (K::Publication, Lang::En) => "publish",
        (K::Renewal, Lang::Zh) => "延续",
        (K::Renewal, Lang::En) => "renewal",
        (K::Expired, Lang::Zh) => "过期",
        (K::Expired, Lang::En) => "expired",
        (K::Application, Lang::Zh) => "办件",
        (K::Application, Lang::En) => "application",
        (K::Case, Lang::Zh) => "案件",
        (K::Case, Lang::En) => "case",
    }
}

/// A correctable field of a recorded act (`domain::corrections::CorrectField`).
pub fn correct_field(lang: Lang, code: &str) -> Cow<'static, str> {
    use crate::domain::corrections::CorrectField as F;
    match (F::parse(code), lang) {
        (Some(f), Lang::Zh) => Cow::Borrowed(f.zh()),
        (Some(f), Lang::En) => Cow::Borrowed(match f {
            F::DocNo => "document number",
            F::Date => "date",
            F::DecidedOn => "decision date",
            F::ValidUntil => "end date",
            F::Deadline => "deadline",
            F::Basis => "legal basis",
            F::Reason => "reason",
        }),
        (None, _) => Cow::Owned(code.to_string()),
    }
}

/// The heading of an export's column (`certdesk export --labels zh|en`), by its field name;
/// `due_kind` is the queue's `kind`. A field this table does not name keeps its name.
pub fn export_heading(lang: Lang, field: &str) -> Cow<'static, str> {
    use super::Msg as M;
    let msg = match field {
        "approval_no" => Some(M::ColApproval),
        "uscc" => Some(M::ColUscc),
        "name" => Some(M::ColName),
        "kind" => Some(M::ColKind),
        "due_kind" => Some(M::ColDue),
        "route" => Some(M::ColRoute),
        "status" => Some(M::ColStatus),
        "valid_until" => Some(M::ColValidUntil),
        "region" => Some(M::ColRegion),
        "risk_class" => Some(M::ColRisk),
        "doc_no" => Some(M::ColDocNo),
        "basis" => Some(M::ColBasis),
        "reason" => Some(M::ColReason),
        "actor" => Some(M::ColActor),
        "act" => Some(M::ColAct),
        "at" => Some(M::RecordedAt),
        "act_date" => Some(M::ColActDate),
        "due_on" => Some(M::ColDueOn),
        "days_left" => Some(M::ColDaysLeft),
        "overdue" => Some(M::ColDaysOverdue),
        "estimated" => Some(M::ColEstimated),
        "application_id" => Some(M::ColApplication),
        _ => None,
    };
    if let Some(m) = msg {
        return Cow::Borrowed(lang.t(m));
    }
    let (zh, en) = match field {
        "stored_status" => ("登记状态", "Stored status"),
        "decided_on" => ("批准日期", "Decided on"),
        "approval_valid_until" => ("批准书有效期至", "Approval valid until"),
        "deemed_renewal" => ("视为准予延续", "Renewed by law"),
        "renewal_late" => ("延续申请逾期", "Renewal filed late"),
        "authority" => ("批准机关", "Authority"),
        "scope" => ("认证领域/检验检测能力", "Scope"),
        "version" => ("版本", "Version"),
        "revoked_scope" => ("已撤销的领域", "Revoked scope"),
        "suspension_deadline" => ("停业整顿期限", "Suspension deadline"),
        "verification_due" => ("核查期限", "Verification due"),
        "renewal_filed_on" => ("延续受理日期", "Renewal filed on"),
        "address" => ("地址", "Address"),
        "legal_rep" => ("法定代表人", "Legal representative"),
        "status_date" => ("状态决定日期", "Status decided on"),
        "status_basis" => ("状态决定依据", "Status basis"),
        "status_doc_no" => ("状态决定文号", "Status doc. no."),
        "id" => ("编号", "Id"),
        "bar_until" => ("禁止申请至", "Barred until"),
        "commitment_barred" => ("不得适用告知承诺", "Commitment route closed"),
        "unit" => ("计日方式", "Unit"),
        "before" => ("变化前", "Before"),
        "after" => ("变化后", "After"),
        "details" => ("详情", "Details"),
        "prev_hash" => ("前一哈希", "Previous hash"),
        "hash" => ("哈希", "Hash"),
        "changes" => ("行映像", "Row images"),
        _ => return Cow::Owned(field.to_string()),
    };
    Cow::Borrowed(lang.pick(zh, en))
}

/// A coded value of an export's column in words (`--labels zh|en`): states, kinds (of body,
/// or of thing due), routes, risk classes, acts, day units, yes/no and regions; every other
/// value as it is.
pub fn export_value<'a>(lang: Lang, field: &str, value: &'a str) -> Cow<'a, str> {
    if value.is_empty() {
        return Cow::Borrowed(value);
    }
    match field {
        "status" | "stored_status" => status(lang, value),
        "kind" if BodyKind::parse(value).is_some() => kind(lang, value),
        "kind" | "due_kind" => due_kind(lang, value),
        "route" => route(lang, value),
        "risk_class" => risk(lang, value),
        "act" => act(lang, value),
        "unit" => Cow::Borrowed(match (lang, value) {
            (Lang::Zh, "working_days") => "工作日",
            (Lang::En, "working_days") => "working days",
            (Lang::Zh, "days") => "自然日",
            (Lang::En, "days") => "days",
            _ => return Cow::Borrowed(value),
        }),
        "region" => match crate::domain::region::Region::parse(value) {
            Ok(r) => Cow::Owned(region_label(lang, &r)),
            Err(_) => Cow::Borrowed(value),
        },
        _ => match value {
            "true" => Cow::Borrowed(lang.t(super::Msg::YesWord)),
            "false" => Cow::Borrowed(lang.t(super::Msg::NoWord)),
            _ => Cow::Borrowed(value),
        },
    }
}

/// A report's period as officers say it: 2026年11月, 2026年第4季度, 2026年, or the two days.
pub fn period_label(lang: Lang, p: &crate::domain::period::Period) -> String {
    use crate::domain::period::PeriodKind;
    let (y, m) = (p.from.year(), p.from.month());
    match (p.kind, lang) {
        (PeriodKind::Month, Lang::Zh) => format!("{y}年{m}月"),
        (PeriodKind::Month, Lang::En) => format!("{y}-{m:02}"),
        (PeriodKind::Quarter, Lang::Zh) => format!("{y}年第{}季度", (m - 1) / 3 + 1),
        (PeriodKind::Quarter, Lang::En) => format!("{y} Q{}", (m - 1) / 3 + 1),
        (PeriodKind::Year, Lang::Zh) => format!("{y}年"),
        (PeriodKind::Year, Lang::En) => format!("{y}"),
        (PeriodKind::Range, Lang::Zh) => format!("{} 至 {}", p.from, p.to),
        (PeriodKind::Range, Lang::En) => format!("{} to {}", p.from, p.to),
    }
}

/// The state of an application (办件), as the applications screen names it.
pub fn application_status(lang: Lang, code: &str) -> Cow<'static, str> {
    use crate::domain::applications::ApplicationStatus as S;
    let Some(s) = S::parse(code) else {
        return unknown(code);
    };
    Cow::Borrowed(match (lang, s) {
        // The domain's term is 专家评审（计时中止）: too long for a column, and the clock is
        // what matters on the list.
        (Lang::Zh, S::Paused) => "计时中止",
        // States read as states (已…), not as the acts that led to them (准予许可, 撤回申请).
        (Lang::Zh, S::MaterialsRequested) => "待补正",
        (Lang::Zh, S::Granted) => "已准予许可",
        (Lang::Zh, S::Refused) => "已不予许可",
        (Lang::Zh, S::Withdrawn) => "已撤回申请",
        (Lang::Zh, s) => s.zh(),
        (Lang::En, S::Received) => "received",
        (Lang::En, S::MaterialsRequested) => "incomplete",
        (Lang::En, S::Accepted) => "accepted",
        (Lang::En, S::Paused) => "paused",
        (Lang::En, S::Granted) => "granted",
        (Lang::En, S::Refused) => "refused",
        (Lang::En, S::Withdrawn) => "withdrawn",
    })
}

/// Why a USCC or an approval number typed on a form is not one, in the UI language (the
/// domain's `Display` is the English the CLI prints).
pub fn id_error(lang: Lang, e: &crate::domain::ids::IdError) -> String {
    use crate::domain::ids::IdError as E;
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => match e {
            E::UsccLength(n) => format!("应为 18 位，此处为 {n} 位"),
            E::UsccChar(c) => format!(
                "“{}”不能出现在统一社会信用代码中（不使用 I、O、S、V、Z 和标点）",
                crate::domain::text::sanitize_for_display(&c.to_string())
            ),
            E::UsccRegion => "第 3–8 位应为 6 位数字的行政区划代码".to_string(),
            E::UsccCheck { found, expected } => {
                format!("校验码为 {found}，按前 17 位计算应为 {expected}：有字符输错")
            }
            E::ApprovalNo => "不是批准号：认证机构为 CNCA-R-年份-序号 或 CNCA-RF-年份-序号，检验检测机构为 12 位数字的证书编号".to_string(),
        },
    }
}

/// What an application is for: a new approval or a renewal.
pub fn application_purpose(lang: Lang, code: &str) -> Cow<'static, str> {
    use crate::domain::applications::ApplicationPurpose as P;
    let Some(p) = P::parse(code) else {
        return unknown(code);
    };
    Cow::Borrowed(match (lang, p) {
        (Lang::Zh, p) => p.zh(),
        (Lang::En, P::New) => "new",
        (Lang::En, P::Renewal) => "renewal",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_name_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            for s in QualStatus::ALL {
                assert_ne!(status(lang, s.as_str()), s.as_str().replace('_', " ") + "?");
            }
            for a in ActKind::ALL {
                let name = act(lang, a.as_str());
                assert!(!name.is_empty());
                if lang == Lang::Zh {
                    assert_eq!(name, a.zh());
                }
            }
            for k in [
                "verification",
                "rectification",
                "suspension",
                "publication",
                "renewal_filing",
                "renewal_decision",
                "expired",
                "materials",
                "decision",
                "publication_end",
                "publication_withdrawal",
                "inspection_publication",
                "case_lead",
                "case_hearing_window",
                "case_hearing",
                "case_limit",
                "case_service",
            ] {
                assert_ne!(due_kind(lang, k), k, "{k} has no {lang:?} name");
            }
        }
        assert_eq!(
            status(Lang::En, "pending_verification"),
            "active (to verify)"
        );
        assert_eq!(province(Lang::Zh, "440300"), "广东");
        assert_eq!(region(Lang::En, "440300"), "Guangdong 440300");
    }

    #[test]
    fn labels_follow_the_kind_of_body() {
        let (cb, cma) = (Some(BodyKind::Cb), Some(BodyKind::Cma));
        assert_eq!(act_of(Lang::Zh, cb, "change-scope"), "变更认证领域");
        assert_eq!(act_of(Lang::Zh, cma, "change-scope"), "变更检验检测能力");
        assert_eq!(act_of(Lang::En, cma, "change-scope"), "change capabilities");
        assert_eq!(act_of(Lang::Zh, cb, "revoke-penalty"), "吊销/撤销批准文件");
        assert_eq!(act_of(Lang::Zh, cma, "revoke-penalty"), "撤销资质认定");
        assert_eq!(act_of(Lang::Zh, cma, "suspend"), "责令停业整顿");
        assert_eq!(act_of(Lang::Zh, cma, "grant"), act(Lang::Zh, "grant"));
        assert_eq!(status_of(Lang::Zh, cb, "revoked_penalty"), "已撤销批准文件");
        assert_eq!(
            status_of(Lang::Zh, cma, "revoked_penalty"),
            "已撤销资质认定"
        );
        assert_eq!(status_of(Lang::Zh, None, "revoked"), "已撤销");
        assert_eq!(status_of(Lang::Zh, cma, "withdrawn"), "已撤回");
        assert_eq!(status_of(Lang::Zh, cma, "cancelled"), "已注销");
        assert_eq!(scope_heading(Lang::Zh, cma), "检验检测能力");
        assert_eq!(scope_heading(Lang::En, cb), "Scope");
        assert_eq!(scope_heading(Lang::En, cma), "Capabilities");
        assert_eq!(body_kind("cma"), cma);
        assert_eq!(body_kind("CNCA-R-2002-001"), cb);
        assert_eq!(body_kind("240012345678"), cma);
    }

    #[test]
    fn inspection_events_are_named_in_both_languages() {
        for &code in INSPECTION_EVENTS {
            let (zh, en) = (act(Lang::Zh, code), act(Lang::En, code));
            assert!(zh != code && en != code && zh != en, "{code}: {zh} / {en}");
            assert!(zh.chars().all(|c| !c.is_ascii()), "{code}: {zh}");
        }
    }

    #[test]
    fn unknown_codes_are_shown_harmlessly() {
        assert_eq!(status(Lang::Zh, "bad\u{1b}[2J"), "bad\u{FFFD}[2J");
    }
}
