//! The random inspections' events (双随机、一公开) as sentences: the list of items, the roster,
//! conflicts, risk classes, tasks, the draw with its public value and seed, replacements,
//! officers drawn and recused, results, the end of a task and its publication. Only what the
//! event recorded is said: an older event that lacks a fact (the body whose result completed a
//! task, the case number of a result) reads without it.

use super::{Officers, join, labelled, text, who};
use crate::domain::inspection::ResultCode;
use crate::i18n::inspection::result_label;
use crate::i18n::{Lang, kind, risk};
use crate::store::events::Event;
use serde_json::Value;

/// The sentence's verb and object for an inspection event, its facts added to `c`; None when
/// the act is not one of them.
pub(super) fn verb(
    lang: Lang,
    e: &Event,
    d: &Value,
    officers: &Officers,
    c: &mut Vec<String>,
) -> Option<String> {
    let z = lang == Lang::Zh;
    let t = |key: &str| text(&d[key]);
    let dash = || "—".to_string();
    let task = || t("task").unwrap_or_else(dash);
    let body = || e.uscc.clone().or_else(|| t("uscc")).unwrap_or_else(dash);
    let person = |login: &str| who(lang, login, officers);
    let people = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(text)
            .map(|l| person(&l))
            .collect()
    };
    let publication_due = |c: &mut Vec<String>| {
        if let Some(due) = t("publication_due") {
            let estimated = d["estimated"].as_bool() == Some(true);
            c.push(match (z, estimated) {
                (true, false) => format!("结果应于{due}前公示"),
                (true, true) => format!("结果应于{due}前公示（估算）"),
                (false, false) => format!("results to be published by {due}"),
                (false, true) => format!("results to be published by {due} (estimated)"),
            });
        }
    };
    Some(match e.act.as_str() {
        "inspection-item-add" => {
            let after = json_of(e.after.as_deref());
            let name = text(&after["name"]).unwrap_or_else(dash);
            if let Some(k) = text(&after["kind"]) {
                c.push(labelled(lang, "适用于", "for", &kind(lang, &k)));
            }
            if after["key"].as_bool() == Some(true) {
                c.push(lang.pick("重点检查事项", "a key item").into());
            }
            for (key, zh, en) in [
                ("content", "检查内容", "content"),
                ("method", "检查方式", "method"),
            ] {
                if let Some(v) = text(&after[key]) {
                    c.push(labelled(lang, zh, en, &v));
                }
            }
            if z {
                format!("将“{name}”列入抽查事项清单")
            } else {
                format!("added “{name}” to the list of inspection items")
            }
        }
        "inspector-add" | "inspector-deactivate" => {
            let login = t("login").unwrap_or_else(dash);
            let after = json_of(e.after.as_deref());
            let name = text(&after["name"]);
            let named = match &name {
                Some(n) if z => format!("{n}（{login}）"),
                Some(n) => format!("{n} ({login})"),
                None => login.clone(),
            };
            if e.act == "inspector-deactivate" {
                c.push(lang.pick("记录保留", "the record stays").into());
                return Some(if z {
                    format!("将{}移出在岗检查人员", spaced(&named))
                } else {
                    format!("took {named} off the active inspectors")
                });
            }
            for (key, zh, en) in [
                ("cert_no", "执法证号", "certificate no."),
                ("dept", "部门", "department"),
            ] {
                if let Some(v) = text(&after[key]) {
                    c.push(labelled(lang, zh, en, &v));
                }
            }
            let kinds: Vec<String> = text(&after["kinds"])
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(|k| kind(lang, k).into_owned())
                .collect();
            if !kinds.is_empty() {
                c.push(labelled(
                    lang,
                    "负责机构类型",
                    "kinds of body",
                    &join(lang, &kinds),
                ));
            }
            if z {
                format!("将{}列入检查人员名录", spaced(&named))
            } else {
                format!("put {named} on the inspector roster")
            }
        }
        "inspector-conflict-add" => {
            let login = person(&t("login").unwrap_or_else(dash));
            if z {
                format!(
                    "登记检查人员{}与机构 {} 有利害关系（抽查时回避）",
                    spaced(&login),
                    body()
                )
            } else {
                format!(
                    "declared that the inspector {login} has a conflict with the body {} (kept off its inspections)",
                    body()
                )
            }
        }
        "set-risk-class" => {
            let class = |s: Option<&str>| -> Option<String> {
                text(&json_of(s)["risk_class"]).map(|r| risk(lang, &r).into_owned())
            };
            let before =
                class(e.before.as_deref()).unwrap_or_else(|| lang.pick("未定", "none").into());
            let after = class(e.after.as_deref()).unwrap_or_else(dash);
            if z {
                format!("将机构 {} 的风险等级由{before}定为{after}", body())
            } else {
                format!(
                    "set the risk class of the body {} from {before} to {after}",
                    body()
                )
            }
        }
        "inspection-task-create" => {
            let name = t("name").unwrap_or_else(dash);
            if let Some(k) = t("kind") {
                c.push(labelled(lang, "机构类型", "kind of body", &kind(lang, &k)));
            }
            if let Some(r) = t("region") {
                c.push(labelled(
                    lang,
                    "行政区划",
                    "region",
                    &crate::i18n::region(lang, &r),
                ));
            }
            if let Some(r) = d["ratios"].as_object() {
                let shares: Vec<String> = ["A", "B", "C", "D"]
                    .iter()
                    .filter_map(|class| text(&r[*class]).map(|v| format!("{class} {v}%")))
                    .collect();
                if !shares.is_empty() {
                    c.push(labelled(lang, "抽查比例", "ratios", &join(lang, &shares)));
                }
            }
            if z {
                format!("创建抽查任务 {}“{name}”", task())
            } else {
                format!("created the inspection task {} “{name}”", task())
            }
        }
        "inspection-include" => {
            if z {
                format!("将机构 {} 定向列入抽查任务 {}", body(), task())
            } else {
                format!(
                    "put the body {} on the inspection task {} on purpose (定向)",
                    body(),
                    task()
                )
            }
        }
        "inspection-draw" => {
            let count = |key: &str| d[key].as_array().map_or(0, Vec::len);
            let population = t("population").unwrap_or_else(|| "0".into());
            let (drawn, directed, excluded) =
                (count("drawn"), count("directed"), count("excluded"));
            c.push(if z {
                format!("从 {population} 家中随机抽取 {drawn} 家，定向列入 {directed} 家，近期已检查而排除 {excluded} 家")
            } else {
                format!("{drawn} drawn at random from {population}, {directed} on purpose, {excluded} left out as recently inspected")
            });
            for (key, zh, en) in [
                ("public_value", "公开随机数", "public value"),
                ("seed", "随机种子", "seed"),
                ("roster_hash", "名录哈希", "roster hash"),
                ("algorithm", "算法", "algorithm"),
            ] {
                if let Some(v) = t(key) {
                    c.push(labelled(lang, zh, en, &v));
                }
            }
            if z {
                format!("抽取抽查任务 {} 的检查对象", task())
            } else {
                format!("drew the bodies of the inspection task {}", task())
            }
        }
        "inspection-replace" => {
            let old = t("replaced").unwrap_or_else(body);
            let new = t("by").unwrap_or_else(dash);
            if let Some(n) = t("nth") {
                c.push(if z {
                    format!("本任务第 {n} 次替换")
                } else {
                    format!("replacement no. {n} of the task")
                });
            }
            if z {
                format!("将抽查任务 {} 的检查对象 {old} 替换为 {new}", task())
            } else {
                format!(
                    "replaced the body {old} on the inspection task {} by {new}",
                    task()
                )
            }
        }
        "inspection-assign" => {
            let mut short = Vec::new();
            for b in d["bodies"].as_array().into_iter().flatten() {
                let uscc = text(&b["uscc"]).unwrap_or_else(dash);
                let drawn = people(&b["officers"]);
                if drawn.is_empty() {
                    short.push(uscc);
                } else {
                    c.push(labelled(lang, &uscc, &uscc, &join(lang, &drawn)));
                }
            }
            if !short.is_empty() {
                c.push(labelled(
                    lang,
                    "人员不足、未选派",
                    "too few officers, none drawn",
                    &join(lang, &short),
                ));
            }
            let per = t("per_body").unwrap_or_else(dash);
            if z {
                format!("为抽查任务 {} 随机选派检查人员（每家 {per} 名）", task())
            } else {
                format!(
                    "drew the inspectors of the inspection task {} ({per} per body)",
                    task()
                )
            }
        }
        "inspection-recuse" => {
            let officer = person(&t("officer").unwrap_or_else(dash));
            if let Some(by) = t("decided_by") {
                c.push(labelled(lang, "决定人", "decided by", &person(&by)));
            }
            c.push(match t("replacement") {
                Some(r) => labelled(lang, "替补", "drawn instead", &person(&r)),
                None => lang
                    .pick("没有可替补的检查人员", "no officer left to draw instead")
                    .into(),
            });
            if z {
                format!(
                    "检查人员{}在抽查任务 {} 中回避对机构 {} 的检查",
                    spaced(&officer),
                    task(),
                    body()
                )
            } else {
                format!(
                    "recused the inspector {officer} from the body {} in the inspection task {}",
                    body(),
                    task()
                )
            }
        }
        "inspection-result" => {
            let label = t("result")
                .and_then(|r| ResultCode::parse(&r))
                .map(|r| result_label(lang, r).to_string())
                .or_else(|| t("label"))
                .unwrap_or_else(dash);
            let inspectors = people(&d["officers"]);
            if !inspectors.is_empty() {
                c.push(labelled(
                    lang,
                    "检查人员",
                    "inspectors",
                    &join(lang, &inspectors),
                ));
            }
            if d["order_rectification"].as_bool() == Some(true) {
                c.push(match t("order_deadline") {
                    Some(on) if z => format!("同时责令限期改正，期限至{on}"),
                    Some(on) => format!("rectification ordered with it, by {on}"),
                    None => lang
                        .pick("同时责令限期改正", "rectification ordered with it")
                        .into(),
                });
            }
            if d["open_case"].as_bool() == Some(true) {
                c.push(match t("case_no") {
                    Some(no) if z => format!("同时立案 {no}"),
                    Some(no) => format!("case {no} opened with it"),
                    None => lang.pick("同时立案", "a case opened with it").into(),
                });
            }
            if z {
                format!(
                    "录入抽查任务 {} 中机构 {} 的检查结果：{label}",
                    task(),
                    body()
                )
            } else {
                format!(
                    "recorded the result of the body {} in the inspection task {}: {label}",
                    body(),
                    task()
                )
            }
        }
        "inspection-complete" => {
            if let Some(u) = t("last_result") {
                c.push(labelled(lang, "最后一项结果", "last result", &u));
            }
            publication_due(c);
            let on = t("completed_on")
                .or_else(|| e.act_date.clone())
                .unwrap_or_else(dash);
            if z {
                format!("抽查任务 {} 的检查全部录入，于{on}结束检查", task())
            } else {
                format!(
                    "completed the inspection task {} with its last result, on {on}",
                    task()
                )
            }
        }
        "inspection-close" => {
            let left: Vec<String> = d["uninspected"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(text)
                .collect();
            if !left.is_empty() {
                c.push(labelled(
                    lang,
                    "未检查（公示为未检查）",
                    "not inspected (published as such)",
                    &join(lang, &left),
                ));
            }
            publication_due(c);
            if z {
                format!("结束抽查任务 {} 的检查", task())
            } else {
                format!("closed the inspection task {}", task())
            }
        }
        "inspection-publish" => {
            if let Some(due) = t("publication_due") {
                c.push(labelled(lang, "公示期限", "due by", &due));
            }
            if d["late"].as_bool() == Some(true) {
                c.push(lang.pick("逾期公示", "published late").into());
            }
            let on = e.act_date.clone().unwrap_or_else(dash);
            if z {
                format!("于{on}公示抽查任务 {} 的检查结果", task())
            } else {
                format!(
                    "published the results of the inspection task {} on {on}",
                    task()
                )
            }
        }
        _ => return None,
    })
}

/// A name inside a Chinese sentence: a space on the side where it meets Latin letters or
/// digits (a bare login), none beside Chinese (张伟（zhang.wei）).
fn spaced(s: &str) -> String {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut out = String::with_capacity(s.len() + 2);
    if latin(s.chars().next()) {
        out.push(' ');
    }
    out.push_str(s);
    if latin(s.chars().next_back()) {
        out.push(' ');
    }
    out
}

fn json_of(s: Option<&str>) -> Value {
    s.and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null)
}
