//! Events as sentences: what an officer reads in a body's history and in the log — who (the
//! name the office gave and the login), the act, its result, deadline, basis, document and the
//! scope items concerned — in the interface language, never the stored JSON. Recorded times in
//! the local zone, named. Pure: an event and the officers' names in, text out (sanitised).

use super::{
    Lang, act, act_of, body_kind, correct_field, credit_list, due_kind, hearing, kind,
    rectification_result, route, scope_status, scope_word, status_of, verify_result,
};
use crate::domain::acts::{ActKind, CreditList, Hearing, RectificationResult, VerifyResult};
use crate::domain::applications::{ApplicationAct, ApplicationPurpose};
use crate::domain::ids::BodyKind;
use crate::domain::kinds;
use crate::domain::model::QualStatus;
use crate::domain::text::sanitize_for_display;
use crate::store::events::Event;
use jiff::tz::TimeZone;
use serde_json::Value;
use std::collections::BTreeMap;

mod inspection;

/// The names the office gave its officers, by login (`Store::officer_names`).
pub type Officers = BTreeMap<String, String>;

/// The zone times are shown in: `TZ` if set, else the system's (jiff reads both; UTC when
/// neither can be read).
pub fn system_zone() -> TimeZone {
    TimeZone::system()
}

/// How the zone is named beside a time: its IANA name (`Asia/Shanghai`), or its offset from
/// UTC now (`UTC+08`) for a zone without one (a POSIX `TZ` such as `CST-8`).
pub fn zone_name(zone: &TimeZone) -> String {
    match zone.iana_name() {
        Some(name) => sanitize_for_display(name).into_owned(),
        None => format!("UTC{}", zone.to_offset(jiff::Timestamp::now())),
    }
}

/// A recorded time (stored in UTC, `2026-11-27T08:31:12.123Z`) in `zone`: `2026-11-27 16:31`.
/// Text that is no timestamp is shown as it is, made harmless.
pub fn local_time(at: &str, zone: &TimeZone) -> String {
    match at.parse::<jiff::Timestamp>() {
        Ok(ts) => ts
            .to_zoned_datetime(zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => sanitize_for_display(at).into_owned(),
    }
}

/// `local_time` with the zone named: `2026-11-27 16:31 Asia/Shanghai`.
pub fn local_time_in(at: &str, zone: &TimeZone) -> String {
    format!("{} {}", local_time(at, zone), zone_name(zone))
}

/// Who acted: the office's name for the login and the login (`张伟（zhang.wei）`), or the
/// login alone when the office gave no name.
pub fn who(lang: Lang, login: &str, officers: &Officers) -> String {
    let login = clean(login);
    match officers.get(&login).filter(|n| !n.trim().is_empty()) {
        Some(name) => match lang {
            Lang::Zh => format!("{}（{login}）", clean(name)),
            Lang::En => format!("{} ({login})", clean(name)),
        },
        None if login.is_empty() => "—".into(),
        None => login,
    }
}

/// The event in one sentence with its date first: `2026-11-20，张三责令停业整顿，…。` /
/// `On 2026-11-20, 张三 suspended the approval …`.
pub fn sentence(lang: Lang, e: &Event, officers: &Officers) -> String {
    let body = sentence_body(lang, e, officers);
    match e.act_date.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => clean(&match lang {
            Lang::Zh => format!("{d}，{body}"),
            Lang::En => format!("On {d}, {body}"),
        }),
        None => body,
    }
}

/// The sentence without its date (a list shows the date in a column of its own).
pub fn sentence_body(lang: Lang, e: &Event, officers: &Officers) -> String {
    let d: Value = e
        .details
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null);
    let k = event_kind(e, &d);
    let (verb, mut clauses) = what(lang, e, &d, k, officers);
    if let Some(change) = status_clause(lang, e, k) {
        clauses.push(change);
    }
    // An inspection result's reason is what the inspectors found.
    let (reason_zh, reason_en) = match e.act.as_str() {
        "inspection-result" => ("检查发现", "findings"),
        _ => ("理由", "reason"),
    };
    for (zh, en, v) in [
        ("依据", "basis", &e.basis),
        ("文号", "document", &e.doc_no),
        (reason_zh, reason_en, &e.reason),
    ] {
        if !v.trim().is_empty() {
            clauses.push(labelled(lang, zh, en, v.trim()));
        }
    }
    let who = who(lang, &e.actor, officers);
    let mut text = match lang {
        // A login in Latin letters keeps a space before the Chinese verb.
        Lang::Zh if who.ends_with(|c: char| c.is_ascii_alphanumeric()) => format!("{who} {verb}"),
        Lang::Zh => format!("{who}{verb}"),
        Lang::En => format!("{who} {verb}"),
    };
    let sep = lang.pick("；", "; ");
    if !clauses.is_empty() {
        text.push_str(lang.pick("；", "; "));
        text.push_str(&clauses.join(sep));
    }
    if !text.ends_with(['。', '.', '！', '!', '？', '?']) {
        text.push_str(lang.pick("。", "."));
    }
    clean(&text)
}

/// The act's name for a list column, with what the name alone would hide: a revocation of part
/// of the scope (撤销（部分）), an applicant's withdrawal (撤回申请) rather than the approval's.
pub fn act_label(lang: Lang, e: &Event) -> String {
    let k = e.approval_no.as_deref().and_then(body_kind);
    if e.act == ActKind::Revoke.as_str() && is_partial_revocation(e) {
        return lang.pick("撤销（部分）", "revoke (part)").to_string();
    }
    if let Some(a) = on_application(e) {
        return super::application_act(lang, a).to_string();
    }
    act_of(lang, k, &e.act).into_owned()
}

/// The popup of one event: the sentence, then its facts one to a line (when recorded, in the
/// local zone, who, the approval and body, the event's number); never the stored JSON.
pub fn record_lines(lang: Lang, e: &Event, officers: &Officers, zone: &TimeZone) -> Vec<String> {
    let dash = |s: Option<&str>| match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => clean(s),
        None => "—".into(),
    };
    vec![
        sentence(lang, e, officers),
        String::new(),
        format!(
            "{}: {}",
            lang.pick("记录时间", "Recorded"),
            local_time_in(&e.at, zone)
        ),
        format!(
            "{}: {}",
            lang.pick("操作人", "By"),
            who(lang, &e.actor, officers)
        ),
        format!(
            "{}: {} ({})",
            lang.pick("行为", "Act"),
            act_label(lang, e),
            clean(&e.act)
        ),
        format!(
            "{}: {}   USCC: {}",
            lang.pick("批准号", "Approval"),
            dash(e.approval_no.as_deref()),
            dash(e.uscc.as_deref())
        ),
        format!(
            "{}: #{}   {}: {}…",
            lang.pick("事件", "Event"),
            e.id,
            lang.pick("哈希", "Hash"),
            clean(e.hash.get(..16).unwrap_or(&e.hash))
        ),
    ]
}

/// The event as stored, for an expert (key `r`): every field, the JSON of before, after and
/// the details as recorded — sanitised, each on its own lines. The row images are left out
/// (`certdesk export events` has them).
pub fn raw_lines(e: &Event) -> Vec<String> {
    let mut lines = vec![
        format!("id: {}", e.id),
        format!("at: {}", clean(&e.at)),
        format!("actor: {}", clean(&e.actor)),
        format!("act: {}", clean(&e.act)),
        format!(
            "approval_no: {}",
            clean(e.approval_no.as_deref().unwrap_or("null"))
        ),
        format!("uscc: {}", clean(e.uscc.as_deref().unwrap_or("null"))),
        format!(
            "application_id: {}",
            e.application_id.map_or("null".into(), |i| i.to_string())
        ),
        format!(
            "act_date: {}",
            clean(e.act_date.as_deref().unwrap_or("null"))
        ),
        format!("basis: {}", clean(&e.basis)),
        format!("doc_no: {}", clean(&e.doc_no)),
        format!("reason: {}", clean(&e.reason)),
    ];
    for (name, v) in [
        ("before", &e.before),
        ("after", &e.after),
        ("details", &e.details),
    ] {
        match v {
            None => lines.push(format!("{name}: null")),
            Some(json) => {
                lines.push(format!("{name}:"));
                let pretty = serde_json::from_str::<Value>(json)
                    .ok()
                    .and_then(|v| serde_json::to_string_pretty(&v).ok())
                    .unwrap_or_else(|| json.clone());
                lines.extend(pretty.lines().map(|l| format!("  {}", clean(l))));
            }
        }
    }
    lines.push(format!("prev_hash: {}", clean(&e.prev_hash)));
    lines.push(format!("hash: {}", clean(&e.hash)));
    lines
}

/// The names an act goes by on the screens and in the sentences, in both languages and both
/// kinds' words, for the log filter: the stored codes of the events whose name is the text
/// (any case), or, failing that, contains it (from 2 characters; 3 for Latin letters).
pub fn acts_named(text: &str) -> Vec<String> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let named: Vec<(&'static str, Vec<String>)> = event_codes()
        .map(|code| {
            let mut names = Vec::new();
            for lang in [Lang::Zh, Lang::En] {
                names.push(act(lang, code).to_lowercase());
                for k in [BodyKind::Cb, BodyKind::Cma] {
                    names.push(act_of(lang, Some(k), code).to_lowercase());
                }
            }
            if code == ActKind::Revoke.as_str() {
                names.extend(["撤销（部分）".into(), "revoke (part)".into()]);
            }
            if let Some(a) = ApplicationAct::parse(code).filter(|a| a.as_str() == code) {
                for lang in [Lang::Zh, Lang::En] {
                    names.push(super::application_act(lang, a).to_lowercase());
                }
            }
            (code, names)
        })
        .collect();
    let exact: Vec<String> = named
        .iter()
        .filter(|(_, names)| names.contains(&wanted))
        .map(|(c, _)| c.to_string())
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let long_enough = if wanted.is_ascii() {
        wanted.chars().count() >= 3
    } else {
        wanted.chars().count() >= 2
    };
    if !long_enough {
        return Vec::new();
    }
    named
        .iter()
        .filter(|(_, names)| names.iter().any(|n| n.contains(&wanted)))
        .map(|(c, _)| c.to_string())
        .collect()
}

/// Every act an event can record.
pub fn event_codes() -> impl Iterator<Item = &'static str> {
    let mut codes: Vec<&'static str> = ActKind::ALL.iter().map(|a| a.as_str()).collect();
    for a in ApplicationAct::ALL {
        if !codes.contains(&a.as_str()) {
            codes.push(a.as_str());
        }
    }
    codes.extend(super::OTHER_EVENTS);
    codes.extend(super::INSPECTION_EVENTS);
    codes.into_iter()
}

fn clean(s: &str) -> String {
    sanitize_for_display(s).into_owned()
}

fn labelled(lang: Lang, zh: &str, en: &str, v: &str) -> String {
    match lang {
        Lang::Zh => format!("{zh}：{v}"),
        Lang::En => format!("{en}: {v}"),
    }
}

/// A fact of the details as text (a string or a number), if there is one.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of the details (an array, or items separated by ';').
fn items(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(text).collect(),
        Value::String(s) => s
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn join(lang: Lang, items: &[String]) -> String {
    items.join(lang.pick("、", ", "))
}

/// The kind of body the event is about (its approval number, or what an application said).
fn event_kind(e: &Event, d: &Value) -> Option<BodyKind> {
    e.approval_no
        .as_deref()
        .and_then(body_kind)
        .or_else(|| d["kind"].as_str().and_then(BodyKind::parse))
}

fn json_field(s: Option<&str>, key: &str) -> Value {
    s.and_then(|s| serde_json::from_str::<Value>(s).ok())
        .map(|v| v[key].clone())
        .unwrap_or(Value::Null)
}

/// A revocation that left the approval in force (some scope items only).
fn is_partial_revocation(e: &Event) -> bool {
    let after = json_field(e.after.as_deref(), "status");
    after
        .as_str()
        .is_some_and(|s| s != QualStatus::Revoked.as_str())
}

/// An event of an application (its act one of the application's, done on it).
fn on_application(e: &Event) -> Option<ApplicationAct> {
    e.application_id?;
    ApplicationAct::parse(&e.act).filter(|a| a.as_str() == e.act)
}

/// The state change of a qualification the event records (applications have states of their
/// own, said by the act itself).
fn status_clause(lang: Lang, e: &Event, k: Option<BodyKind>) -> Option<String> {
    if on_application(e).is_some() || e.act == crate::domain::corrections::ANNUL {
        return None;
    }
    let status = |s: Option<&str>| {
        json_field(s, "status")
            .as_str()
            .and_then(QualStatus::parse)
            .map(|s| s.as_str())
    };
    let name = |s: &str| status_of(lang, k, s).into_owned();
    let change = match (status(e.before.as_deref()), status(e.after.as_deref())) {
        (Some(b), Some(a)) if a != b => format!("{} → {}", name(b), name(a)),
        (None, Some(a)) => format!("→ {}", name(a)),
        _ => return None,
    };
    Some(labelled(lang, "状态", "status", &change))
}

/// The approval word of the kind (认证机构批准书 / 资质认定证书), "the approval" in English.
fn approval_word(lang: Lang, k: Option<BodyKind>) -> &'static str {
    match (lang, k) {
        (Lang::Zh, Some(k)) => kinds::words(k).approval.zh,
        (Lang::Zh, None) => "批准",
        (Lang::En, Some(BodyKind::Cma)) => "the qualification",
        (Lang::En, _) => "the approval",
    }
}

/// The verb phrase of the event and the clauses of its own facts.
fn what(
    lang: Lang,
    e: &Event,
    d: &Value,
    k: Option<BodyKind>,
    officers: &Officers,
) -> (String, Vec<String>) {
    let z = lang == Lang::Zh;
    let mut c: Vec<String> = Vec::new();
    let t = |key: &str| text(&d[key]);
    let case_no = || t("case_no").unwrap_or_else(|| t("case").unwrap_or_else(|| "—".into()));
    if let Some(app) = on_application(e) {
        return (application_verb(lang, e, d, k, app, &mut c), c);
    }
    if let Some(a) = ActKind::parse(&e.act).filter(|a| a.as_str() == e.act) {
        let verb = act_verb(lang, e, d, k, a, &mut c);
        opened_follow_ups(lang, d, a, &mut c);
        return (verb, c);
    }
    if let Some(verb) = inspection::verb(lang, e, d, officers, &mut c) {
        return (verb, c);
    }
    let verb = match e.act.as_str() {
        "grant" => grant_verb(lang, e, d, k, &mut c),
        "correct" => {
            let target = t("corrects").unwrap_or_else(|| "—".into());
            let of = t("act")
                .map(|a| act_of(lang, k, &a).into_owned())
                .unwrap_or_default();
            let field = t("field")
                .map(|f| correct_field(lang, &f).into_owned())
                .unwrap_or_default();
            let (old, new) = (
                t("old").unwrap_or_else(|| "—".into()),
                t("new").unwrap_or_else(|| "—".into()),
            );
            if z {
                format!("更正事件 #{target}（{of}）的{field}：{old} → {new}")
            } else {
                format!("corrected the {field} of event #{target} ({of}): {old} → {new}")
            }
        }
        "annul" => {
            let target = t("annuls").unwrap_or_else(|| "—".into());
            let of = t("act")
                .map(|a| act_of(lang, k, &a).into_owned())
                .unwrap_or_default();
            let st = |v: &Value| {
                text(&v["status"])
                    .map(|s| status_of(lang, k, &s).into_owned())
                    .unwrap_or_else(|| "—".into())
            };
            c.push(labelled(
                lang,
                "状态",
                "status",
                &format!("{} → {}", st(&d["old"]), st(&d["new"])),
            ));
            let follow = |v: &Value| {
                items(v)
                    .into_iter()
                    .chain(
                        v.as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|x| text(&x["kind"])),
                    )
                    .map(|k| due_kind(lang, &k).into_owned())
                    .collect::<Vec<_>>()
            };
            let reopened = follow(&d["reopened"]);
            if !reopened.is_empty() {
                c.push(labelled(
                    lang,
                    "重新开启",
                    "reopened",
                    &join(lang, &reopened),
                ));
            }
            let closed = follow(&d["closed"]);
            if !closed.is_empty() {
                c.push(labelled(lang, "随之关闭", "closed", &join(lang, &closed)));
            }
            let scope = scope_items(lang, &d["scope_changed"]);
            if !scope.is_empty() {
                c.push(labelled(
                    lang,
                    scope_word(Lang::Zh, k),
                    scope_word(Lang::En, k),
                    &scope,
                ));
            }
            if let Some(due) = text(&d["withdraw_publication"]["due_on"]) {
                c.push(if z {
                    format!("处罚公示应于{due}前撤下（市场监督管理行政处罚信息公示规定第十一条）")
                } else {
                    format!(
                        "the penalty's publication to be withdrawn by {due} (SAMR Order 45 Art. 11)"
                    )
                });
            }
            if z {
                format!("撤销原行政行为：事件 #{target}（{of}）")
            } else {
                format!("annulled the decision of event #{target} ({of})")
            }
        }
        "case-lead" | "case-open" => {
            let intended = t("intended")
                .map(|a| act_of(lang, k, &a).into_owned())
                .unwrap_or_else(|| "—".into());
            let officers = items(&d["officers"]);
            if !officers.is_empty() {
                c.push(labelled(
                    lang,
                    "执法人员",
                    "officers",
                    &join(lang, &officers),
                ));
            }
            if let Some(l) = t("lead_on") {
                c.push(labelled(lang, "发现线索", "lead found on", &l));
            }
            if t("from_lead").is_some() || d["from_lead"].is_string() {
                c.push(lang.pick("由线索转为立案", "opened from its lead").into());
            }
            match (e.act.as_str(), z) {
                ("case-lead", true) => format!("登记案件线索 {}（拟{intended}）", case_no()),
                ("case-lead", false) => {
                    format!(
                        "registered the lead of case {} (intended: {intended})",
                        case_no()
                    )
                }
                (_, true) => format!("立案 {}（拟{intended}）", case_no()),
                (_, false) => format!("opened case {} (intended: {intended})", case_no()),
            }
        }
        "case-notify" => {
            if let Some(u) = t("hearing_request_until") {
                c.push(if z {
                    format!("当事人可于{u}前申请听证")
                } else {
                    format!("a hearing may be requested until {u}")
                });
            }
            if z {
                format!("送达行政处罚告知（案件 {}）", case_no())
            } else {
                format!("served the notice of intended penalty (case {})", case_no())
            }
        }
        "case-hearing" => {
            if let Some(h) = t("hearing").and_then(|h| Hearing::parse(&h)) {
                c.push(labelled(lang, "当事人答复", "answer", hearing(lang, h)));
            }
            if let Some(on) = t("hearing_on") {
                c.push(labelled(lang, "听证定于", "hearing set for", &on));
            }
            if let Some(held) = t("hearing_held_on") {
                c.push(labelled(lang, "听证举行于", "hearing held on", &held));
            }
            if z {
                format!("记录陈述申辩与听证（案件 {}）", case_no())
            } else {
                format!(
                    "recorded the statement, defence and hearing (case {})",
                    case_no()
                )
            }
        }
        "case-extend" => {
            let days = t("days").unwrap_or_else(|| "—".into());
            if let Some(due) = t("decision_due") {
                c.push(labelled(lang, "决定期限至", "decision due by", &due));
            }
            if z {
                format!("延长办案期限 {days} 日（案件 {}）", case_no())
            } else {
                format!(
                    "extended the case limit by {days} days (case {})",
                    case_no()
                )
            }
        }
        "case-serve" => {
            if z {
                format!("送达行政处罚决定（案件 {}）", case_no())
            } else {
                format!("served the penalty decision (case {})", case_no())
            }
        }
        "case-close" => {
            if let Some(o) = t("outcome") {
                let o = match (o.as_str(), z) {
                    ("decided", true) => "已作出处罚决定".to_string(),
                    ("decided", false) => "penalty decided".to_string(),
                    ("lead verified: no case opened", true) => "线索核查后未立案".to_string(),
                    ("closed without penalty", true) => "未予处罚".to_string(),
                    _ => o,
                };
                c.push(labelled(lang, "结果", "outcome", &o));
            }
            if z {
                format!("结案（案件 {}）", case_no())
            } else {
                format!("closed case {}", case_no())
            }
        }
        "import-file" => {
            let n = |key: &str| t(key).unwrap_or_else(|| "0".into());
            let file = t("file").unwrap_or_else(|| "—".into());
            if z {
                format!(
                    "导入文件 {file}：{} 行，写入 {}，未变 {}，拒绝 {}",
                    n("rows"),
                    n("written"),
                    n("unchanged"),
                    n("rejected")
                )
            } else {
                format!(
                    "imported the file {file}: {} rows, {} written, {} unchanged, {} rejected",
                    n("rows"),
                    n("written"),
                    n("unchanged"),
                    n("rejected")
                )
            }
        }
        "set-setting" => {
            let key = t("key").unwrap_or_else(|| "—".into());
            let before = text(&json_field(e.before.as_deref(), "value"))
                .unwrap_or_else(|| lang.pick("默认值", "the default").into());
            let after =
                text(&json_field(e.after.as_deref(), "value")).unwrap_or_else(|| "—".into());
            if z {
                format!("将设置 {key} 由 {before} 改为 {after}")
            } else {
                format!("changed the setting {key} from {before} to {after}")
            }
        }
        "load-calendar" => {
            let years = join(lang, &items(&d["years"]));
            let (days, changed) = (
                t("days").unwrap_or_else(|| "0".into()),
                t("changed").unwrap_or_else(|| "0".into()),
            );
            if let Some(s) = t("source") {
                c.push(labelled(lang, "来源", "source", &s));
            }
            if z {
                format!("载入 {years} 年节假日安排（{days} 天，改变 {changed} 天）")
            } else {
                format!("loaded the holiday schedule of {years} ({days} days, {changed} changed)")
            }
        }
        "set-officer" => {
            let login = t("login").unwrap_or_else(|| "—".into());
            let before = e
                .before
                .as_deref()
                .and_then(|s| serde_json::from_str::<Value>(s).ok());
            let after = e
                .after
                .as_deref()
                .and_then(|s| serde_json::from_str::<Value>(s).ok())
                .unwrap_or(Value::Null);
            for (key, zh, en) in [
                ("name", "姓名", "name"),
                ("cert_no", "执法证号", "certificate no."),
                ("dept", "部门", "department"),
                ("kinds", "负责机构类型", "kinds of body"),
            ] {
                let new = text(&after[key]);
                let old = before.as_ref().and_then(|b| text(&b[key]));
                match (old, new) {
                    (Some(o), Some(n)) if o != n => {
                        c.push(labelled(lang, zh, en, &format!("{o} → {n}")))
                    }
                    (None, Some(n)) => c.push(labelled(lang, zh, en, &n)),
                    _ => {}
                }
            }
            if z {
                format!("登记工作人员 {login}")
            } else {
                format!("recorded the officer {login}")
            }
        }
        "create-database" => {
            if let Some(v) = t("schema_version") {
                c.push(labelled(lang, "数据库版本", "schema version", &v));
            }
            if let Some(s) = t("sharing") {
                // The stored word (personal / group) in the officer's words.
                let s = match (lang, s.as_str()) {
                    (Lang::Zh, "personal") => "个人使用".to_string(),
                    (Lang::Zh, "group") => "多人共用（用户组）".to_string(),
                    _ => s,
                };
                c.push(labelled(lang, "共享方式", "sharing", &s));
            }
            if let Some(m) = t("mode") {
                c.push(labelled(lang, "文件权限", "file mode", &m));
            }
            lang.pick("创建数据库", "created the database").into()
        }
        "baseline" => {
            let table = t("table").unwrap_or_else(|| "—".into());
            let rows = t("rows").unwrap_or_else(|| "0".into());
            if z {
                format!("升级时记录 {table} 表 {rows} 行的原状")
            } else {
                format!("recorded {rows} rows of the table {table} as found, on upgrading")
            }
        }
        "upgrade" => {
            let n = t("renewals").unwrap_or_else(|| "0".into());
            if z {
                format!("升级数据库：{n} 项延续申请改为独立办件")
            } else {
                format!(
                    "upgraded the database: {n} filed renewals became applications of their own"
                )
            }
        }
        other => {
            if z {
                format!("记录了事件「{}」", act(lang, other))
            } else {
                format!("recorded the event “{}”", act(lang, other))
            }
        }
    };
    (verb, c)
}

/// A grant of a new approval: by an application, an import or the demo.
fn grant_verb(
    lang: Lang,
    e: &Event,
    d: &Value,
    k: Option<BodyKind>,
    c: &mut Vec<String>,
) -> String {
    let z = lang == Lang::Zh;
    let r = text(&d["route"]).map(|r| route(lang, &r).into_owned());
    let until =
        text(&d["valid_until"]).or_else(|| text(&json_field(e.after.as_deref(), "valid_until")));
    if let Some(u) = &until {
        c.push(labelled(lang, "有效期至", "valid until", u));
    }
    if let Some(a) = text(&d["authority"]) {
        c.push(labelled(lang, "批准机关", "authority", &a));
    }
    let scope = items(&d["scope"]);
    if !scope.is_empty() {
        c.push(labelled(
            lang,
            scope_word(Lang::Zh, k),
            scope_word(Lang::En, k),
            &join(lang, &scope),
        ));
    }
    if let Some(v) = text(&d["verification_due"]) {
        c.push(labelled(
            lang,
            "承诺核查期限",
            "commitment to verify by",
            &v,
        ));
    }
    match text(&d["source"]).as_deref() {
        Some("import") => {
            let file = text(&d["file"]).unwrap_or_else(|| "—".into());
            let row = text(&d["row"]).unwrap_or_else(|| "—".into());
            c.push(if z {
                format!("导入自 {file} 第 {row} 行")
            } else {
                format!("imported from {file}, row {row}")
            });
        }
        Some("demo") => c.push(lang.pick("演示数据", "demo data").into()),
        _ => {}
    }
    if let Some(p) = text(&d["predecessor"]) {
        c.push(labelled(lang, "前一批准", "follows", &p));
    }
    let word = approval_word(lang, k);
    match (r, z) {
        (Some(r), true) => format!("准予许可（{r}），颁发{word}"),
        (None, true) => format!("准予许可，颁发{word}"),
        (Some(r), false) => format!("granted {word} ({r} procedure)"),
        (None, false) => format!("granted {word}"),
    }
}

fn scope_items(lang: Lang, v: &Value) -> String {
    let parts: Vec<String> = v
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| {
            let item = text(&x["item"])?;
            Some(match text(&x["status"]) {
                Some(s) => format!("{item}（{}）", scope_status(lang, &s)),
                None => item,
            })
        })
        .collect();
    let parts: Vec<String> = if lang == Lang::En {
        parts
            .into_iter()
            .map(|p| p.replace('（', " (").replace('）', ")"))
            .collect()
    } else {
        parts
    };
    join(lang, &parts)
}

fn scope_of(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| text(&x["item"]))
        .collect()
}

/// The procedure of a penalty (notice, hearing, officers, case) as clauses.
fn procedure(lang: Lang, d: &Value, c: &mut Vec<String>) {
    if let Some(n) = text(&d["notice_served_on"]) {
        c.push(if lang == Lang::Zh {
            format!("处罚告知于{n}送达")
        } else {
            format!("notice of intended penalty served on {n}")
        });
    }
    if let Some(h) = text(&d["hearing"]).and_then(|h| Hearing::parse(&h)) {
        c.push(labelled(lang, "听证", "hearing", hearing(lang, h)));
    }
    if let Some(held) = text(&d["hearing_held_on"]) {
        c.push(labelled(lang, "听证举行于", "hearing held on", &held));
    }
    let officers = items(&d["officers"]);
    if !officers.is_empty() {
        c.push(labelled(
            lang,
            "执法人员",
            "officers",
            &join(lang, &officers),
        ));
    }
    if let Some(case) = text(&d["case"]) {
        c.push(labelled(lang, "案件", "case", &format!("#{case}")));
    }
}

/// A regulatory act on a qualification.
fn act_verb(
    lang: Lang,
    e: &Event,
    d: &Value,
    k: Option<BodyKind>,
    a: ActKind,
    c: &mut Vec<String>,
) -> String {
    let z = lang == Lang::Zh;
    let t = |key: &str| text(&d[key]);
    let deadline = t("deadline");
    let until = |zh: &str, en: &str| match &deadline {
        Some(x) if z => format!("{zh}{x}"),
        Some(x) => format!("{en} {x}"),
        None => String::new(),
    };
    let word = approval_word(lang, k);
    let name = act_of(lang, k, a.as_str()).into_owned();
    let scope_zh = scope_word(Lang::Zh, k);
    let scope_en = scope_word(Lang::En, k);
    match a {
        ActKind::Verify => {
            let result = t("result")
                .and_then(|r| VerifyResult::parse(&r))
                .map(|r| verify_result(lang, r).to_string())
                .unwrap_or_else(|| "—".into());
            if deadline.is_some() {
                c.push(until("整改期限至", "rectify by"));
            }
            if z {
                format!("记录告知承诺核查结果：{result}")
            } else {
                format!("recorded the verification of the commitment: {result}")
            }
        }
        ActKind::OrderRectification => {
            if z {
                format!("责令限期改正，{}", until("期限至", ""))
                    .trim_end_matches('，')
                    .to_string()
            } else {
                format!("ordered rectification {}", until("", "by"))
                    .trim_end()
                    .to_string()
            }
        }
        ActKind::RecordRectification => {
            let result = t("result")
                .and_then(|r| RectificationResult::parse(&r))
                .map(|r| rectification_result(lang, r).to_string())
                .unwrap_or_else(|| "—".into());
            if z {
                format!("记录整改结果：{result}")
            } else {
                format!("recorded the rectification: {result}")
            }
        }
        ActKind::Suspend => {
            procedure(lang, d, c);
            if z {
                format!("责令停业整顿，{}", until("期限至", ""))
                    .trim_end_matches('，')
                    .to_string()
            } else {
                format!("suspended {word} {}", until("", "until"))
                    .trim_end()
                    .to_string()
            }
        }
        ActKind::Lift => lang.pick("解除停业整顿", "lifted the suspension").into(),
        ActKind::Revoke if is_partial_revocation(e) => {
            let items = scope_of(&d["scope_changed"]);
            let items = join(lang, &items);
            if z {
                format!("部分撤销：撤销{scope_zh} {items}，{word}其余部分仍然有效")
            } else {
                format!(
                    "revoked part of the {scope_en}: {items}; the rest of {word} stays in force"
                )
            }
        }
        ActKind::Revoke | ActKind::RevokePenalty | ActKind::Withdraw | ActKind::Cancel => {
            if a == ActKind::RevokePenalty {
                procedure(lang, d, c);
            }
            let items = scope_of(&d["scope_changed"]);
            if !items.is_empty() {
                c.push(if z {
                    format!("{scope_zh} {} 一并撤销", join(lang, &items))
                } else {
                    format!("with it the {scope_en} {}", join(lang, &items))
                });
            }
            if t("renewal_decided").as_deref() == Some("ended") {
                c.push(
                    lang.pick(
                        "未决定的延续申请随之终结",
                        "the undecided renewal ends with it",
                    )
                    .into(),
                );
            }
            match (a, z) {
                (ActKind::Revoke, true) => format!("撤销{word}（全部）"),
                (ActKind::Revoke, false) => format!("revoked {word} (whole)"),
                (ActKind::RevokePenalty, true) => format!("作出行政处罚：{name}"),
                (ActKind::RevokePenalty, false) => format!("revoked {word} as a penalty"),
                (ActKind::Withdraw, true) => format!("撤回{word}"),
                (ActKind::Withdraw, false) => format!("withdrew {word}"),
                (_, true) => format!("注销{word}"),
                (_, false) => format!("cancelled {word}"),
            }
        }
        ActKind::FileRenewal => {
            let late = d["renewal"]["late"].as_bool();
            let due = text(&d["renewal"]["filing_due"]);
            match (late, &due) {
                (Some(true), Some(due)) => c.push(if z {
                    format!("逾期提出（应于{due}前提出），期满未决定不视为准予延续")
                } else {
                    format!("filed late (due by {due}): not renewed by law if undecided")
                }),
                (Some(false), _) => c.push(
                    lang.pick(
                        "按时提出（期满未决定视为准予延续，行政许可法第五十条）",
                        "filed in time (renewed by law if undecided, Art. 50)",
                    )
                    .into(),
                ),
                _ => {}
            }
            lang.pick("受理延续申请", "received the renewal application")
                .into()
        }
        ActKind::Renew => {
            let until = text(&json_field(e.after.as_deref(), "valid_until"));
            match (until, z) {
                (Some(u), true) => format!("准予延续，有效期至{u}"),
                (Some(u), false) => format!("renewed {word} until {u}"),
                (None, true) => "准予延续".into(),
                (None, false) => format!("renewed {word}"),
            }
        }
        ActKind::RefuseRenewal => lang.pick("不予延续", "refused the renewal").into(),
        ActKind::ChangeScope => {
            let added = items(&d["scope_added"]);
            let removed = scope_of(&d["scope_changed"]);
            if !added.is_empty() {
                c.push(labelled(lang, "增加", "added", &join(lang, &added)));
            }
            if !removed.is_empty() {
                c.push(labelled(lang, "取消", "removed", &join(lang, &removed)));
            }
            if z {
                format!("变更{scope_zh}")
            } else {
                format!("changed the {scope_en}")
            }
        }
        ActKind::ChangeParticulars => {
            let before = json_field(e.before.as_deref(), "body");
            let after = json_field(e.after.as_deref(), "body");
            for (key, zh, en) in [
                ("name", "名称", "name"),
                ("address", "地址", "address"),
                ("legal_rep", "法定代表人", "legal representative"),
            ] {
                if let Some(new) = text(&after[key]) {
                    let old = text(&before[key]).unwrap_or_else(|| "—".into());
                    c.push(labelled(lang, zh, en, &format!("{old} → {new}")));
                }
            }
            lang.pick("变更机构信息", "changed the body's particulars")
                .into()
        }
        ActKind::Publish => lang
            .pick("公示行政处罚决定", "published the penalty decision")
            .into(),
        ActKind::WithdrawPublication => lang
            .pick("撤下处罚公示", "withdrew the penalty's publication")
            .into(),
        ActKind::ListCredit | ActKind::Delist => {
            let list = t("credit_list")
                .and_then(|l| CreditList::parse(&l))
                .map(|l| credit_list(lang, l.as_str()).into_owned())
                .unwrap_or_else(|| lang.pick("信用名单", "a credit list").into());
            match (a, z) {
                (ActKind::ListCredit, true) => format!("列入{list}"),
                (ActKind::ListCredit, false) => format!("put the body on the {list}"),
                (_, true) => format!("移出{list}"),
                (_, false) => format!("removed the body from the {list}"),
            }
        }
        ActKind::SetBar | ActKind::ShortenBar => {
            let d = deadline.clone().unwrap_or_else(|| "—".into());
            match (a, z) {
                (ActKind::SetBar, true) => format!("设定禁入期至{d}（期间不得申请）"),
                (ActKind::SetBar, false) => format!("barred the body from applying until {d}"),
                (_, true) => format!("缩短禁入期至{d}"),
                (_, false) => format!("shortened the bar to {d}"),
            }
        }
    }
}

/// The follow-ups an act opened that its verb did not already say (a penalty's publication,
/// the end of a publication), with their due dates.
fn opened_follow_ups(lang: Lang, d: &Value, a: ActKind, c: &mut Vec<String>) {
    let said = match a {
        ActKind::Suspend => "suspension",
        ActKind::OrderRectification | ActKind::Verify => "rectification",
        _ => "",
    };
    for f in d["opened"].as_array().into_iter().flatten() {
        let (Some(kind), Some(due)) = (text(&f["kind"]), text(&f["due_on"])) else {
            continue;
        };
        if kind == said {
            continue;
        }
        let estimated = if f["estimated"].as_bool() == Some(true) {
            lang.pick("（估算）", " (estimated)")
        } else {
            ""
        };
        c.push(match lang {
            Lang::Zh => format!("{}期限{due}{estimated}", due_kind(lang, &kind)),
            Lang::En => format!("{} by {due}{estimated}", due_kind(lang, &kind)),
        });
    }
}

/// An act on an application (办件).
fn application_verb(
    lang: Lang,
    e: &Event,
    d: &Value,
    k: Option<BodyKind>,
    app: ApplicationAct,
    c: &mut Vec<String>,
) -> String {
    let z = lang == Lang::Zh;
    let id = e.application_id.unwrap_or_default();
    let t = |key: &str| text(&d[key]);
    match app {
        ApplicationAct::Receive => {
            let purpose = t("purpose").and_then(|p| ApplicationPurpose::parse(&p));
            let purpose = match (purpose, z) {
                (Some(ApplicationPurpose::Renewal), true) => "延续",
                (_, true) => "新",
                (Some(ApplicationPurpose::Renewal), false) => "renewal",
                (_, false) => "new",
            };
            if let Some(n) = t("name") {
                c.push(labelled(lang, "申请人", "applicant", &n));
            }
            if let Some(kd) = t("kind") {
                c.push(labelled(lang, "机构类型", "kind", &kind(lang, &kd)));
            }
            if let Some(r) = t("route") {
                c.push(labelled(lang, "审批方式", "route", &route(lang, &r)));
            }
            let scope = items(&d["scope"]);
            if !scope.is_empty() {
                c.push(labelled(
                    lang,
                    scope_word(Lang::Zh, k),
                    scope_word(Lang::En, k),
                    &join(lang, &scope),
                ));
            }
            if z {
                format!("收到{purpose}申请（办件 #{id}）")
            } else {
                format!("received application #{id} ({purpose})")
            }
        }
        ApplicationAct::RequestMaterials => {
            if z {
                format!("一次性告知补正材料（办件 #{id}）")
            } else {
                format!("asked for all missing materials at once (application #{id})")
            }
        }
        ApplicationAct::Accept => {
            if let Some(on) = t("counts_as_accepted_on") {
                c.push(if z {
                    format!("逾期未告知补正，自{on}收件之日起即为受理（行政许可法第三十二条第一款第四项）")
                } else {
                    format!("counts as accepted on {on}, the day of receipt: no request for materials in time (Art. 32(4))")
                });
            }
            if z {
                format!("受理申请（办件 #{id}）")
            } else {
                format!("accepted application #{id}")
            }
        }
        ApplicationAct::Pause => {
            if z {
                format!("中止审批计时（办件 #{id}，专家评审等不计入期限）")
            } else {
                format!("paused the decision clock of application #{id} (expert review)")
            }
        }
        ApplicationAct::Resume => {
            if z {
                format!("恢复审批计时（办件 #{id}）")
            } else {
                format!("resumed the decision clock of application #{id}")
            }
        }
        ApplicationAct::Grant => {
            if let Some(no) = t("renewed") {
                return if z {
                    format!("准予延续 {no}（办件 #{id}）")
                } else {
                    format!("granted the renewal of {no} (application #{id})")
                };
            }
            let verb = grant_verb(lang, e, d, k, c);
            if z {
                format!("{verb}（办件 #{id}）")
            } else {
                format!("{verb} (application #{id})")
            }
        }
        ApplicationAct::Refuse => {
            if z {
                format!("不予许可（办件 #{id}）")
            } else {
                format!("refused application #{id}")
            }
        }
        ApplicationAct::Withdraw => {
            if z {
                format!("记录申请人撤回申请（办件 #{id}）")
            } else {
                format!("recorded the applicant's withdrawal of application #{id}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(act: &str, approval: Option<&str>, details: Value) -> Event {
        Event {
            id: 21,
            at: "2026-11-27T08:31:12.123Z".into(),
            actor: "zhang.wei".into(),
            act: act.into(),
            approval_no: approval.map(str::to_string),
            uscc: approval.map(|_| "91110000600037341L".to_string()),
            application_id: None,
            act_date: Some("2026-11-20".into()),
            basis: "依据条文".into(),
            doc_no: "市监认〔2026〕12号".into(),
            reason: "理由文字".into(),
            before: None,
            after: None,
            details: Some(details.to_string()),
            prev_hash: "0".repeat(64),
            hash: "ab".repeat(32),
            changes: None,
        }
    }

    fn with(mut e: Event, before: Option<Value>, after: Option<Value>) -> Event {
        e.before = before.map(|v| v.to_string());
        e.after = after.map(|v| v.to_string());
        e
    }

    fn app(mut e: Event, id: i64) -> Event {
        e.application_id = Some(id);
        e
    }

    fn officers() -> Officers {
        [("zhang.wei".to_string(), "张伟".to_string())].into()
    }

    const CB: Option<&str> = Some("CNCA-R-2002-001");
    const CMA: Option<&str> = Some("240012345678");

    fn st(s: &str) -> Option<Value> {
        Some(json!({ "status": s, "valid_until": "2027-03-04", "version": 2 }))
    }

    /// Every kind of event, with the facts its sentence must name in Chinese and in English.
    #[allow(clippy::type_complexity)]
    fn cases() -> Vec<(&'static str, Event, Vec<&'static str>, Vec<&'static str>)> {
        let opened =
            |kind: &str, due: &str| json!({"kind": kind, "due_on": due, "estimated": false});
        vec![
            (
                "verify",
                with(
                    event(
                        "verify",
                        CB,
                        json!({"result": "rectify", "deadline": "2026-12-20",
                "closed": [{"kind": "verification", "result": "rectify"}], "opened": [opened("rectification", "2026-12-20")]}),
                    ),
                    st("pending_verification"),
                    st("active"),
                ),
                vec![
                    "核查结果：限期整改",
                    "整改期限至2026-12-20",
                    "有效（待核查） → 有效",
                ],
                vec![
                    "verification of the commitment: needs rectification",
                    "rectify by 2026-12-20",
                    "active (to verify) → active",
                ],
            ),
            (
                "verify false",
                with(
                    event(
                        "verify",
                        CB,
                        json!({"result": "false", "scope_changed": [{"item": "QMS", "status": "revoked"}]}),
                    ),
                    st("pending_verification"),
                    st("revoked"),
                ),
                vec!["承诺不实", "→ 已撤销"],
                vec!["false commitment", "→ revoked"],
            ),
            (
                "order-rectification",
                event(
                    "order-rectification",
                    CMA,
                    json!({"deadline": "2026-12-04",
                "opened": [opened("rectification", "2026-12-04")]}),
                ),
                vec!["责令限期改正，期限至2026-12-04"],
                vec!["ordered rectification by 2026-12-04"],
            ),
            (
                "record-rectification",
                event("record-rectification", CB, json!({"result": "missed"})),
                vec!["整改结果：逾期未整改"],
                vec!["rectification: missed"],
            ),
            (
                "suspend",
                with(
                    event(
                        "suspend",
                        CB,
                        json!({"deadline": "2027-02-20", "notice_served_on": "2026-11-10",
                "hearing": "waived", "officers": ["李四", "王五"], "case": 3,
                "opened": [opened("suspension", "2027-02-20"), opened("publication", "2026-12-18")]}),
                    ),
                    st("active"),
                    st("suspended"),
                ),
                vec![
                    "责令停业整顿，期限至2027-02-20",
                    "处罚告知于2026-11-10送达",
                    "书面放弃听证",
                    "李四、王五",
                    "案件：#3",
                    "处罚公示期限2026-12-18",
                    "有效 → 停业整顿",
                ],
                vec![
                    "suspended the approval until 2027-02-20",
                    "notice of intended penalty served on 2026-11-10",
                    "waived in writing",
                    "李四, 王五",
                    "case: #3",
                    "publish penalty by 2026-12-18",
                    "active → suspended",
                ],
            ),
            (
                "lift",
                with(
                    event(
                        "lift",
                        CB,
                        json!({"closed": [{"kind": "suspension", "result": "lifted"}]}),
                    ),
                    st("suspended"),
                    st("active"),
                ),
                vec!["解除停业整顿", "停业整顿 → 有效"],
                vec!["lifted the suspension", "suspended → active"],
            ),
            (
                "partial revoke",
                with(
                    event(
                        "revoke",
                        CB,
                        json!({"scope_changed": [{"item": "OHSMS", "status": "revoked"}]}),
                    ),
                    st("active"),
                    st("active"),
                ),
                vec!["部分撤销：撤销认证领域 OHSMS", "其余部分仍然有效"],
                vec!["revoked part of the scope: OHSMS", "stays in force"],
            ),
            (
                "whole revoke",
                with(
                    event(
                        "revoke",
                        CB,
                        json!({"scope_changed": [{"item": "QMS", "status": "revoked"}, {"item": "EMS", "status": "revoked"}],
                "renewal_decided": "ended"}),
                    ),
                    st("active"),
                    st("revoked"),
                ),
                vec![
                    "撤销认证机构批准书（全部）",
                    "认证领域 QMS、EMS 一并撤销",
                    "延续申请随之终结",
                    "有效 → 已撤销",
                ],
                vec![
                    "revoked the approval (whole)",
                    "the scope QMS, EMS",
                    "renewal ends with it",
                    "active → revoked",
                ],
            ),
            (
                "revoke-penalty CMA",
                with(
                    event(
                        "revoke-penalty",
                        CMA,
                        json!({"notice_served_on": "2026-11-02", "hearing": "not_requested",
                "officers": ["张伟", "王芳"]}),
                    ),
                    st("active"),
                    st("revoked_penalty"),
                ),
                vec![
                    "撤销资质认定",
                    "逾期未申请听证",
                    "张伟、王芳",
                    "→ 已撤销资质认定",
                ],
                vec![
                    "revoked the qualification as a penalty",
                    "not requested in time",
                    "qualification revoked (penalty)",
                ],
            ),
            (
                "withdraw",
                with(
                    event("withdraw", CB, json!({})),
                    st("active"),
                    st("withdrawn"),
                ),
                vec!["撤回认证机构批准书", "→ 已撤回"],
                vec!["withdrew the approval", "→ withdrawn"],
            ),
            (
                "cancel",
                with(
                    event("cancel", CMA, json!({})),
                    st("expired"),
                    st("cancelled"),
                ),
                vec!["注销检验检测机构资质认定证书"],
                vec!["cancelled the qualification"],
            ),
            (
                "file-renewal late",
                event(
                    "file-renewal",
                    CB,
                    json!({"renewal": {"late": true, "filing_due": "2026-11-19"}}),
                ),
                vec!["受理延续申请", "逾期提出（应于2026-11-19前提出）"],
                vec![
                    "received the renewal application",
                    "filed late (due by 2026-11-19)",
                ],
            ),
            (
                "file-renewal in time",
                event(
                    "file-renewal",
                    CB,
                    json!({"renewal": {"late": false, "filing_due": "2027-02-02"}}),
                ),
                vec!["按时提出"],
                vec!["filed in time"],
            ),
            (
                "renew",
                with(
                    event("renew", CB, json!({"renewal_decided": "granted"})),
                    st("active"),
                    Some(json!({"status": "active", "valid_until": "2033-03-04"})),
                ),
                vec!["准予延续，有效期至2033-03-04"],
                vec!["renewed the approval until 2033-03-04"],
            ),
            (
                "refuse-renewal",
                event("refuse-renewal", CB, json!({"renewal_decided": "refused"})),
                vec!["不予延续"],
                vec!["refused the renewal"],
            ),
            (
                "change-scope",
                event(
                    "change-scope",
                    CMA,
                    json!({"scope_added": ["食品接触材料"],
                "scope_changed": [{"item": "纺织品", "status": "removed"}]}),
                ),
                vec!["变更检验检测能力", "增加：食品接触材料", "取消：纺织品"],
                vec![
                    "changed the capabilities",
                    "added: 食品接触材料",
                    "removed: 纺织品",
                ],
            ),
            (
                "change-particulars",
                with(
                    event("change-particulars", CB, json!({})),
                    Some(
                        json!({"status": "active", "body": {"name": "旧名称", "address": "旧址"}}),
                    ),
                    Some(json!({"status": "active", "body": {"name": "新名称", "address": null}})),
                ),
                vec!["变更机构信息", "名称：旧名称 → 新名称"],
                vec!["changed the body's particulars", "name: 旧名称 → 新名称"],
            ),
            (
                "publish",
                event(
                    "publish",
                    CB,
                    json!({"closed": [{"kind": "publication", "result": "published"}],
                "opened": [opened("publication_end", "2029-11-20")]}),
                ),
                vec!["公示行政处罚决定", "公示期满期限2029-11-20"],
                vec![
                    "published the penalty decision",
                    "publication ends by 2029-11-20",
                ],
            ),
            (
                "withdraw-publication",
                event("withdraw-publication", CB, json!({})),
                vec!["撤下处罚公示"],
                vec!["withdrew the penalty's publication"],
            ),
            (
                "list-credit",
                event("list-credit", CB, json!({"credit_list": "serious"})),
                vec!["列入严重违法失信名单"],
                vec!["put the body on the serious violations list"],
            ),
            (
                "delist",
                event("delist", CB, json!({"credit_list": "abnormal"})),
                vec!["移出经营异常名录"],
                vec!["removed the body from the abnormal operations list"],
            ),
            (
                "set-bar",
                event("set-bar", CB, json!({"deadline": "2029-11-20"})),
                vec!["设定禁入期至2029-11-20"],
                vec!["barred the body from applying until 2029-11-20"],
            ),
            (
                "shorten-bar",
                event("shorten-bar", CB, json!({"deadline": "2028-01-01"})),
                vec!["缩短禁入期至2028-01-01"],
                vec!["shortened the bar to 2028-01-01"],
            ),
            // Applications (办件).
            (
                "receive",
                app(
                    event(
                        "receive",
                        None,
                        json!({"purpose": "new", "route": "optimized", "kind": "cma",
                "name": "某某检测有限公司", "scope": ["食品检测", "水质"]}),
                    ),
                    3,
                ),
                vec![
                    "收到新申请（办件 #3）",
                    "申请人：某某检测有限公司",
                    "优化审批",
                    "检验检测能力：食品检测、水质",
                ],
                vec![
                    "received application #3 (new)",
                    "applicant: 某某检测有限公司",
                    "optimized",
                    "capabilities: 食品检测, 水质",
                ],
            ),
            (
                "request-materials",
                app(event("request-materials", None, json!({})), 3),
                vec!["一次性告知补正材料（办件 #3）"],
                vec!["missing materials at once (application #3)"],
            ),
            (
                "accept",
                app(
                    event(
                        "accept",
                        None,
                        json!({"counts_as_accepted_on": "2026-11-02"}),
                    ),
                    3,
                ),
                vec!["受理申请（办件 #3）", "自2026-11-02收件之日起即为受理"],
                vec![
                    "accepted application #3",
                    "counts as accepted on 2026-11-02",
                ],
            ),
            (
                "pause",
                app(event("pause", None, json!({})), 3),
                vec!["中止审批计时（办件 #3"],
                vec!["paused the decision clock of application #3"],
            ),
            (
                "resume",
                app(event("resume", None, json!({})), 3),
                vec!["恢复审批计时（办件 #3）"],
                vec!["resumed the decision clock of application #3"],
            ),
            (
                "grant by application",
                app(
                    with(
                        event(
                            "grant",
                            CMA,
                            json!({"route": "commitment", "valid_until": "2032-11-19",
                "authority": "省市场监督管理局", "scope": "食品检测;水质", "verification_due": "2027-02-20"}),
                        ),
                        Some(json!({"status": "accepted"})),
                        Some(json!({"status": "granted"})),
                    ),
                    3,
                ),
                vec![
                    "准予许可（告知承诺），颁发检验检测机构资质认定证书（办件 #3）",
                    "有效期至：2032-11-19",
                    "检验检测能力：食品检测、水质",
                    "承诺核查期限：2027-02-20",
                ],
                vec![
                    "granted the qualification (commitment procedure) (application #3)",
                    "valid until: 2032-11-19",
                    "capabilities: 食品检测, 水质",
                    "to verify by: 2027-02-20",
                ],
            ),
            (
                "renewal granted",
                app(event("grant", CB, json!({"renewed": "CNCA-R-2002-001"})), 4),
                vec!["准予延续 CNCA-R-2002-001（办件 #4）"],
                vec!["granted the renewal of CNCA-R-2002-001 (application #4)"],
            ),
            (
                "refuse",
                app(event("refuse", None, json!({})), 3),
                vec!["不予许可（办件 #3）"],
                vec!["refused application #3"],
            ),
            (
                "application withdrawn",
                app(event("withdraw", None, json!({})), 3),
                vec!["撤回申请（办件 #3）"],
                vec!["applicant's withdrawal of application #3"],
            ),
            // Imports.
            (
                "imported grant",
                with(
                    event(
                        "grant",
                        CB,
                        json!({"source": "import", "file": "2026-11.xlsx", "row": 7,
                "route": "general", "authority": "国家认监委", "scope": ["QMS", "EMS"], "verification_due": null}),
                    ),
                    None,
                    Some(json!({"status": "active", "valid_until": "2027-03-04", "version": 1})),
                ),
                vec![
                    "准予许可（一般程序）",
                    "导入自 2026-11.xlsx 第 7 行",
                    "认证领域：QMS、EMS",
                    "有效期至：2027-03-04",
                    "→ 有效",
                ],
                vec![
                    "granted the approval (general procedure)",
                    "imported from 2026-11.xlsx, row 7",
                    "scope: QMS, EMS",
                    "→ active",
                ],
            ),
            (
                "import-file",
                event(
                    "import-file",
                    None,
                    json!({"file": "2026-11.xlsx", "sha256": "ab", "rows": 120,
                "written": 117, "unchanged": 2, "rejected": 1}),
                ),
                vec!["导入文件 2026-11.xlsx：120 行，写入 117，未变 2，拒绝 1"],
                vec![
                    "imported the file 2026-11.xlsx: 120 rows, 117 written, 2 unchanged, 1 rejected",
                ],
            ),
            // Corrections and annulments.
            (
                "correct",
                event(
                    "correct",
                    CB,
                    json!({"corrects": 15, "act": "suspend", "field": "doc_no",
                "old": "市监认罚〔2026〕12号", "new": "市监认罚〔2026〕13号"}),
                ),
                vec![
                    "更正事件 #15（责令停业整顿）的文号：市监认罚〔2026〕12号 → 市监认罚〔2026〕13号",
                ],
                vec![
                    "corrected the document number of event #15 (suspend): 市监认罚〔2026〕12号 → 市监认罚〔2026〕13号",
                ],
            ),
            (
                "annul",
                event(
                    "annul",
                    CB,
                    json!({"annuls": 15, "act": "suspend", "old": {"status": "suspended"},
                "new": {"status": "active"}, "closed": [{"id": 4, "kind": "suspension"}],
                "withdraw_publication": {"published_by": 16, "due_on": "2026-12-02", "estimated": false}}),
                ),
                vec![
                    "撤销原行政行为：事件 #15（责令停业整顿）",
                    "停业整顿 → 有效",
                    "随之关闭：停业整顿期满",
                    "2026-12-02前撤下",
                ],
                vec![
                    "annulled the decision of event #15 (suspend)",
                    "suspended → active",
                    "closed: suspension ends",
                    "withdrawn by 2026-12-02",
                ],
            ),
            // Steps of a penalty case.
            (
                "case-lead",
                event(
                    "case-lead",
                    CB,
                    json!({"case": 1, "case_no": "京市监罚立〔2026〕7号", "intended": "suspend",
                "officers": ["张伟", "王芳"], "lead_on": "2026-10-01"}),
                ),
                vec![
                    "登记案件线索 京市监罚立〔2026〕7号（拟责令停业整顿）",
                    "执法人员：张伟、王芳",
                    "2026-10-01",
                ],
                vec![
                    "registered the lead of case 京市监罚立〔2026〕7号 (intended: suspend)",
                    "officers: 张伟, 王芳",
                    "2026-10-01",
                ],
            ),
            (
                "case-open",
                event(
                    "case-open",
                    CB,
                    json!({"case": 1, "case_no": "京市监罚立〔2026〕7号", "intended": "revoke-penalty",
                "officers": ["张伟", "王芳"], "lead_on": null}),
                ),
                vec!["立案 京市监罚立〔2026〕7号（拟吊销/撤销批准文件）"],
                vec!["opened case 京市监罚立〔2026〕7号 (intended: revoke (penalty))"],
            ),
            (
                "case-notify",
                event(
                    "case-notify",
                    CB,
                    json!({"case": 1, "case_no": "京市监罚立〔2026〕7号",
                "notice_served_on": "2026-11-02", "hearing_request_until": "2026-11-09"}),
                ),
                vec![
                    "送达行政处罚告知（案件 京市监罚立〔2026〕7号）",
                    "2026-11-09前申请听证",
                ],
                vec![
                    "served the notice of intended penalty",
                    "requested until 2026-11-09",
                ],
            ),
            (
                "case-hearing",
                event(
                    "case-hearing",
                    CB,
                    json!({"case": 1, "case_no": "京市监罚立〔2026〕7号",
                "hearing": "requested", "hearing_answered_on": "2026-11-04", "hearing_on": "2026-11-20"}),
                ),
                vec![
                    "陈述申辩与听证",
                    "当事人答复：已申请听证",
                    "听证定于：2026-11-20",
                ],
                vec![
                    "statement, defence and hearing",
                    "answer: requested",
                    "hearing set for: 2026-11-20",
                ],
            ),
            (
                "case-extend",
                event(
                    "case-extend",
                    CB,
                    json!({"case": 1, "case_no": "京市监罚立〔2026〕7号",
                "days": 30, "decision_due": "2027-01-18", "extension_days": "30"}),
                ),
                vec!["延长办案期限 30 日", "决定期限至：2027-01-18"],
                vec![
                    "extended the case limit by 30 days",
                    "decision due by: 2027-01-18",
                ],
            ),
            (
                "case-serve",
                event(
                    "case-serve",
                    CB,
                    json!({"case": 1, "case_no": "京市监罚立〔2026〕7号", "served_on": "2026-11-25"}),
                ),
                vec!["送达行政处罚决定（案件 京市监罚立〔2026〕7号）"],
                vec!["served the penalty decision (case 京市监罚立〔2026〕7号)"],
            ),
            (
                "case-close",
                event(
                    "case-close",
                    CB,
                    json!({"case": 1, "case_no": "京市监罚立〔2026〕7号",
                "closed_on": "2026-11-26", "outcome": "decided"}),
                ),
                vec!["结案（案件 京市监罚立〔2026〕7号）", "结果：已作出处罚决定"],
                vec![
                    "closed case 京市监罚立〔2026〕7号",
                    "outcome: penalty decided",
                ],
            ),
            // Settings, the calendar, officers, the database.
            (
                "set-setting",
                with(
                    event(
                        "set-setting",
                        None,
                        json!({"key": "cb_verification_months"}),
                    ),
                    Some(json!({"value": null})),
                    Some(json!({"value": "6"})),
                ),
                vec!["将设置 cb_verification_months 由 默认值 改为 6"],
                vec!["changed the setting cb_verification_months from the default to 6"],
            ),
            (
                "load-calendar",
                event(
                    "load-calendar",
                    None,
                    json!({"source": "2027.txt", "years": [2027], "days": 40, "changed": 38}),
                ),
                vec![
                    "载入 2027 年节假日安排（40 天，改变 38 天）",
                    "来源：2027.txt",
                ],
                vec![
                    "holiday schedule of 2027 (40 days, 38 changed)",
                    "source: 2027.txt",
                ],
            ),
            (
                "set-officer",
                with(
                    event("set-officer", None, json!({"login": "wang.fang"})),
                    Some(
                        json!({"login": "wang.fang", "name": "王芳", "cert_no": "", "dept": "", "kinds": ""}),
                    ),
                    Some(
                        json!({"login": "wang.fang", "name": "王芳", "cert_no": "11010024", "dept": "认证监管处", "kinds": "cb"}),
                    ),
                ),
                vec![
                    "登记工作人员 wang.fang",
                    "执法证号：11010024",
                    "部门：认证监管处",
                ],
                vec![
                    "recorded the officer wang.fang",
                    "certificate no.: 11010024",
                    "department: 认证监管处",
                ],
            ),
            (
                "create-database",
                event(
                    "create-database",
                    None,
                    json!({"schema_version": 4, "sharing": "group", "mode": "0660"}),
                ),
                vec!["创建数据库", "数据库版本：4", "0660"],
                vec!["created the database", "schema version: 4", "0660"],
            ),
            (
                "baseline",
                event("baseline", None, json!({"table": "body", "rows": 2000})),
                vec!["升级时记录 body 表 2000 行的原状"],
                vec!["recorded 2000 rows of the table body as found"],
            ),
            (
                "upgrade",
                event("upgrade", None, json!({"renewals": 3})),
                vec!["3 项延续申请改为独立办件"],
                vec!["3 filed renewals became applications of their own"],
            ),
        ]
        .into_iter()
        .chain(inspection_cases())
        .collect()
    }

    /// The random inspections' events, with the facts their JSON carries.
    #[allow(clippy::type_complexity)]
    fn inspection_cases() -> Vec<(&'static str, Event, Vec<&'static str>, Vec<&'static str>)> {
        const USCC: &str = "91110000600037341L";
        let on_body = |act: &str, details: Value| {
            let mut e = event(act, None, details);
            e.uscc = Some(USCC.into());
            e
        };
        vec![
            (
                "inspection-item-add",
                with(
                    event("inspection-item-add", None, json!({})),
                    None,
                    Some(
                        json!({"id": 4, "name": "认证活动规范性", "basis": "认证认可条例", "content": "认证记录", "method": "书面检查", "kind": "cb", "key": true}),
                    ),
                ),
                vec![
                    "将“认证活动规范性”列入抽查事项清单",
                    "适用于：认证机构",
                    "重点检查事项",
                    "检查内容：认证记录",
                    "检查方式：书面检查",
                ],
                vec![
                    "added “认证活动规范性” to the list of inspection items",
                    "for: certification body",
                    "a key item",
                    "content: 认证记录",
                    "method: 书面检查",
                ],
            ),
            (
                "inspector-add",
                with(
                    event("inspector-add", None, json!({"login": "li.si"})),
                    None,
                    Some(
                        json!({"login": "li.si", "name": "李四", "cert_no": "JD-0042", "dept": "认证监管处", "kinds": "cb,cma", "active": true}),
                    ),
                ),
                vec![
                    "将李四（li.si）列入检查人员名录",
                    "执法证号：JD-0042",
                    "部门：认证监管处",
                    "负责机构类型：认证机构、检验检测机构",
                ],
                vec![
                    "put 李四 (li.si) on the inspector roster",
                    "certificate no.: JD-0042",
                    "department: 认证监管处",
                    "kinds of body: certification body, testing institution",
                ],
            ),
            (
                "inspector-deactivate",
                with(
                    event("inspector-deactivate", None, json!({"login": "li.si"})),
                    Some(json!({"login": "li.si", "name": "李四", "active": true})),
                    Some(json!({"login": "li.si", "name": "李四", "active": false})),
                ),
                vec!["将李四（li.si）移出在岗检查人员", "记录保留"],
                vec![
                    "took 李四 (li.si) off the active inspectors",
                    "the record stays",
                ],
            ),
            (
                "inspector-conflict-add",
                on_body("inspector-conflict-add", json!({"login": "zhang.wei"})),
                vec!["登记检查人员张伟（zhang.wei）与机构 91110000600037341L 有利害关系"],
                vec![
                    "the inspector 张伟 (zhang.wei) has a conflict with the body 91110000600037341L",
                ],
            ),
            (
                "set-risk-class",
                with(
                    on_body("set-risk-class", json!({})),
                    Some(json!({"risk_class": "B"})),
                    Some(json!({"risk_class": "D"})),
                ),
                vec!["将机构 91110000600037341L 的风险等级由"],
                vec!["set the risk class of the body 91110000600037341L from class B to class D"],
            ),
            (
                "inspection-task-create",
                event(
                    "inspection-task-create",
                    None,
                    json!({"task": 7, "name": "2026年度认证机构抽查", "ratios": {"A": 1, "B": 3, "C": 10, "D": 30}, "kind": "cb", "region": "110000"}),
                ),
                vec![
                    "创建抽查任务 7“2026年度认证机构抽查”",
                    "机构类型：认证机构",
                    "行政区划：",
                    "抽查比例：A 1%、B 3%、C 10%、D 30%",
                ],
                vec![
                    "created the inspection task 7 “2026年度认证机构抽查”",
                    "kind of body: certification body",
                    "region: ",
                    "ratios: A 1%, B 3%, C 10%, D 30%",
                ],
            ),
            (
                "inspection-include",
                on_body(
                    "inspection-include",
                    json!({"task": 7, "uscc": USCC, "reason": "理由文字"}),
                ),
                vec!["将机构 91110000600037341L 定向列入抽查任务 7"],
                vec!["put the body 91110000600037341L on the inspection task 7 on purpose"],
            ),
            (
                "inspection-draw",
                event(
                    "inspection-draw",
                    None,
                    json!({"task": 7, "algorithm": "certdesk-draw/1", "population": 120, "roster_hash": "9f3a", "public_value": "2026118", "seed": "c0ffee", "ratios": {"A": 1}, "directed": [USCC], "drawn": ["a", "b", "c"], "excluded": [["x", "inspected in task 2 on 2026-05-01"]]}),
                ),
                vec![
                    "抽取抽查任务 7 的检查对象",
                    "从 120 家中随机抽取 3 家，定向列入 1 家，近期已检查而排除 1 家",
                    "公开随机数：2026118",
                    "随机种子：c0ffee",
                    "名录哈希：9f3a",
                    "算法：certdesk-draw/1",
                ],
                vec![
                    "drew the bodies of the inspection task 7",
                    "3 drawn at random from 120, 1 on purpose, 1 left out",
                    "public value: 2026118",
                    "seed: c0ffee",
                    "roster hash: 9f3a",
                ],
            ),
            (
                "inspection-replace",
                on_body(
                    "inspection-replace",
                    json!({"task": 7, "replaced": USCC, "by": "91440300MA5DC0XX1X", "nth": 2}),
                ),
                vec![
                    "将抽查任务 7 的检查对象 91110000600037341L 替换为 91440300MA5DC0XX1X",
                    "本任务第 2 次替换",
                ],
                vec![
                    "replaced the body 91110000600037341L on the inspection task 7 by 91440300MA5DC0XX1X",
                    "replacement no. 2",
                ],
            ),
            (
                "inspection-assign",
                event(
                    "inspection-assign",
                    None,
                    json!({"task": 7, "per_body": 2, "bodies": [{"uscc": USCC, "eligible": 5, "officers": ["zhang.wei", "li.si"]}, {"uscc": "X2", "eligible": 1, "officers": []}]}),
                ),
                vec![
                    "为抽查任务 7 随机选派检查人员（每家 2 名）",
                    "91110000600037341L：张伟（zhang.wei）、li.si",
                    "人员不足、未选派：X2",
                ],
                vec![
                    "drew the inspectors of the inspection task 7 (2 per body)",
                    "91110000600037341L: 张伟 (zhang.wei), li.si",
                    "too few officers, none drawn: X2",
                ],
            ),
            (
                "inspection-recuse",
                on_body(
                    "inspection-recuse",
                    json!({"task": 7, "officer": "li.si", "decided_by": "zhang.wei", "nth": 1, "eligible": 4, "replacement": "wang.wu"}),
                ),
                vec![
                    "检查人员 li.si 在抽查任务 7 中回避对机构 91110000600037341L 的检查",
                    "决定人：张伟（zhang.wei）",
                    "替补：wang.wu",
                ],
                vec![
                    "recused the inspector li.si from the body 91110000600037341L in the inspection task 7",
                    "decided by: 张伟 (zhang.wei)",
                    "drawn instead: wang.wu",
                ],
            ),
            (
                "inspection-result",
                on_body(
                    "inspection-result",
                    json!({"task": 7, "result": "ordered_to_rectify", "label": "发现问题已责令改正", "officers": ["zhang.wei", "li.si"], "order_rectification": true, "open_case": true, "order_deadline": "2026-12-31", "case_no": "京市监立〔2026〕9号"}),
                ),
                vec![
                    "录入抽查任务 7 中机构 91110000600037341L 的检查结果：发现问题已责令改正",
                    "检查人员：张伟（zhang.wei）、li.si",
                    "同时责令限期改正，期限至2026-12-31",
                    "同时立案 京市监立〔2026〕9号",
                    "检查发现：理由文字",
                ],
                vec![
                    "recorded the result of the body 91110000600037341L in the inspection task 7: problems found, ordered to rectify",
                    "inspectors: 张伟 (zhang.wei), li.si",
                    "rectification ordered with it, by 2026-12-31",
                    "case 京市监立〔2026〕9号 opened with it",
                    "findings: 理由文字",
                ],
            ),
            (
                "inspection-result before its order's facts were recorded",
                on_body(
                    "inspection-result",
                    json!({"task": 7, "result": "no_problem", "officers": [], "order_rectification": true, "open_case": false}),
                ),
                vec!["检查结果：未发现问题", "同时责令限期改正"],
                vec![
                    "result of the body 91110000600037341L in the inspection task 7: no problem found",
                    "rectification ordered with it",
                ],
            ),
            (
                "inspection-complete",
                event(
                    "inspection-complete",
                    None,
                    json!({"task": 7, "completed_on": "2026-11-20", "publication_due": "2026-12-18", "estimated": false, "last_result": USCC}),
                ),
                vec![
                    "抽查任务 7 的检查全部录入，于2026-11-20结束检查",
                    "最后一项结果：91110000600037341L",
                    "结果应于2026-12-18前公示",
                ],
                vec![
                    "completed the inspection task 7 with its last result, on 2026-11-20",
                    "last result: 91110000600037341L",
                    "results to be published by 2026-12-18",
                ],
            ),
            (
                "inspection-close",
                event(
                    "inspection-close",
                    None,
                    json!({"task": 7, "uninspected": [USCC], "publication_due": "2027-01-04", "estimated": true}),
                ),
                vec![
                    "结束抽查任务 7 的检查",
                    "未检查（公示为未检查）：91110000600037341L",
                    "结果应于2027-01-04前公示（估算）",
                ],
                vec![
                    "closed the inspection task 7",
                    "not inspected (published as such): 91110000600037341L",
                    "results to be published by 2027-01-04 (estimated)",
                ],
            ),
            (
                "inspection-publish",
                event(
                    "inspection-publish",
                    None,
                    json!({"task": 7, "publication_due": "2026-11-18", "late": true}),
                ),
                vec![
                    "于2026-11-20公示抽查任务 7 的检查结果",
                    "公示期限：2026-11-18",
                    "逾期公示",
                ],
                vec![
                    "published the results of the inspection task 7 on 2026-11-20",
                    "due by: 2026-11-18",
                    "published late",
                ],
            ),
        ]
    }

    #[test]
    fn every_kind_of_event_reads_as_a_sentence_with_its_facts_in_both_languages() {
        let officers = officers();
        let mut acts_seen: Vec<String> = Vec::new();
        for (name, e, zh, en) in cases() {
            acts_seen.push(e.act.clone());
            for (lang, facts) in [(Lang::Zh, zh), (Lang::En, en)] {
                let s = sentence(lang, &e, &officers);
                for fact in facts.iter().chain(&[
                    "张伟",
                    "zhang.wei",
                    "2026-11-20",
                    "依据条文",
                    "市监认〔2026〕12号",
                    "理由文字",
                ]) {
                    assert!(s.contains(fact), "{name} ({lang:?}) lacks {fact:?}: {s}");
                }
                for json in ["{", "}", "\"", "["] {
                    assert!(!s.contains(json), "{name} ({lang:?}) shows {json:?}: {s}");
                }
                // No stored code (not_requested, revoked_penalty …) but a setting's own name.
                if name != "set-setting" {
                    assert!(!s.contains('_'), "{name} ({lang:?}) shows a code: {s}");
                }
                assert!(
                    !s.contains("记录了事件") && !s.contains("recorded the event"),
                    "{name} ({lang:?}) has no sentence of its own: {s}"
                );
            }
        }
        // No act an event can record is left without a case above.
        for code in event_codes() {
            assert!(
                acts_seen.iter().any(|a| a == code),
                "no sentence tested for {code}"
            );
        }
    }

    #[test]
    fn who_is_the_name_and_the_login_or_the_login_alone() {
        let o = officers();
        assert_eq!(who(Lang::Zh, "zhang.wei", &o), "张伟（zhang.wei）");
        assert_eq!(who(Lang::En, "zhang.wei", &o), "张伟 (zhang.wei)");
        assert_eq!(who(Lang::En, "li.si", &o), "li.si");
        let e = event("lift", CB, json!({}));
        assert!(sentence(Lang::Zh, &e, &Officers::new()).starts_with("2026-11-20，zhang.wei 解除"));
    }

    #[test]
    fn a_partial_revocation_and_an_applicants_withdrawal_say_so_in_the_list() {
        let partial = with(
            event(
                "revoke",
                CB,
                json!({"scope_changed": [{"item": "OHSMS", "status": "revoked"}]}),
            ),
            st("active"),
            st("active"),
        );
        assert_eq!(act_label(Lang::Zh, &partial), "撤销（部分）");
        assert_eq!(act_label(Lang::En, &partial), "revoke (part)");
        let whole = with(event("revoke", CB, json!({})), st("active"), st("revoked"));
        assert_eq!(act_label(Lang::Zh, &whole), "撤销");
        let withdrawn = app(event("withdraw", None, json!({})), 3);
        assert_eq!(act_label(Lang::Zh, &withdrawn), "撤回申请");
        assert_eq!(
            act_label(Lang::Zh, &event("withdraw", CB, json!({}))),
            "撤回"
        );
    }

    #[test]
    fn times_are_shown_in_the_zone_given_with_the_zone_named() {
        let shanghai = TimeZone::posix("CST-8").unwrap();
        assert_eq!(
            local_time("2026-11-27T20:31:12.123Z", &shanghai),
            "2026-11-28 04:31"
        );
        assert_eq!(
            local_time_in("2026-11-27T08:31:12Z", &shanghai),
            "2026-11-27 16:31 UTC+08"
        );
        assert_eq!(
            local_time_in("2026-11-27T08:31:12Z", &TimeZone::UTC),
            "2026-11-27 08:31 UTC"
        );
        let kolkata = TimeZone::posix("IST-5:30").unwrap();
        assert_eq!(
            local_time_in("2026-11-27T08:31:12Z", &kolkata),
            "2026-11-27 14:01 UTC+05:30"
        );
        // Not a timestamp (another tool wrote it): shown as it is, harmlessly.
        assert_eq!(local_time("bad\u{1b}[2J", &shanghai), "bad\u{FFFD}[2J");
        let e = event("lift", CB, json!({}));
        let lines = record_lines(Lang::Zh, &e, &officers(), &shanghai);
        assert!(
            lines
                .iter()
                .any(|l| l == "记录时间: 2026-11-27 16:31 UTC+08"),
            "{lines:?}"
        );
    }

    #[test]
    fn hostile_text_in_any_field_is_shown_harmlessly() {
        let evil = "恶意\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}名\u{200b}称\u{2066}";
        let mut e = event(
            "suspend",
            CB,
            json!({"deadline": evil, "officers": [evil], "notice_served_on": evil}),
        );
        e.basis = evil.into();
        e.doc_no = evil.into();
        e.reason = evil.into();
        e.actor = evil.into();
        let o: Officers = [(evil.to_string(), evil.to_string())].into();
        for lang in [Lang::Zh, Lang::En] {
            let mut all = vec![sentence(lang, &e, &o), act_label(lang, &e)];
            all.extend(record_lines(lang, &e, &o, &TimeZone::UTC));
            all.extend(raw_lines(&e));
            for s in all {
                assert!(
                    !s.chars().any(crate::domain::text::is_unsafe_for_display),
                    "{s:?}"
                );
                assert!(!s.contains('\u{1b}') && !s.contains('\u{202e}'), "{s:?}");
            }
        }
    }

    #[test]
    fn details_that_are_not_json_give_a_sentence_without_them() {
        let mut e = event("suspend", CB, json!({}));
        e.details = Some("{not json".into());
        e.before = Some("[".into());
        let s = sentence(Lang::En, &e, &officers());
        assert!(s.contains("suspended the approval"), "{s}");
        assert!(!s.contains('{'), "{s}");
    }

    #[test]
    fn act_names_in_either_language_find_their_codes() {
        // 停业整顿 is in the names of both the suspension and its lifting (解除停业整顿).
        assert_eq!(acts_named("停业整顿"), ["suspend", "lift"]);
        assert_eq!(acts_named("责令停业整顿"), ["suspend"]);
        assert_eq!(acts_named("suspend"), ["suspend"], "the exact name wins");
        assert_eq!(acts_named("Suspend"), ["suspend"]);
        assert!(acts_named("suspens").contains(&"lift".to_string()));
        assert_eq!(acts_named("撤销资质认定"), ["revoke-penalty"]);
        assert_eq!(acts_named("撤销（部分）"), ["revoke"]);
        assert_eq!(acts_named("立案"), ["case-open"]);
        assert!(acts_named("更正").contains(&"correct".to_string()));
        assert!(
            acts_named("re").is_empty(),
            "two Latin letters name nothing"
        );
        assert!(acts_named("").is_empty());
        assert!(acts_named("京市监罚").is_empty());
    }
}
