//! Risk signals (风险预警) in both languages: each kind's label, the screen's and the command's
//! sentences.

use super::{Lang, Text};
use crate::domain::risk::SignalKind;

/// The label of a kind of signal.
pub fn signal_label(lang: Lang, kind: SignalKind) -> &'static str {
    let (zh, en) = match kind {
        SignalKind::RepeatedRectification => ("多次责令整改", "repeated rectification orders"),
        SignalKind::VerificationOverdue => ("承诺核查逾期", "verification overdue"),
        SignalKind::RecentPenalty => ("近期受到处罚", "recent penalty"),
        SignalKind::FalseCommitment => ("承诺不实", "false commitment"),
        SignalKind::UnkeptCommitment => ("未履行承诺", "commitment not kept"),
        SignalKind::ExpiringWithoutRenewal => ("即将到期未申请延续", "expiring, no renewal filed"),
        SignalKind::ClassTooLow => ("风险等级偏低", "risk class too low"),
    };
    lang.pick(zh, en)
}

/// `#12 order-rectification 2026-03-05; …`: the events behind a signal, by id and act code.
pub fn events_text(events: &[crate::store::risk::SignalEvent]) -> String {
    events
        .iter()
        .map(|e| {
            format!(
                "#{} {} {}",
                e.id,
                e.act,
                e.act_date.as_deref().unwrap_or("")
            )
            .trim_end()
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The events behind a signal for the screens: `#12 责令限期改正 2026-03-05; …`, each act in
/// the UI language and the words of the body's kind.
pub fn events_in(lang: Lang, kind: &str, events: &[crate::store::risk::SignalEvent]) -> String {
    let kind = crate::domain::ids::BodyKind::parse(kind);
    events
        .iter()
        .map(|e| {
            format!(
                "#{} {} {}",
                e.id,
                super::act_of(lang, kind, &e.act),
                e.act_date.as_deref().unwrap_or("")
            )
            .trim_end()
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `B → D` when the record suggests a higher class, else the class.
pub fn class_text(b: &crate::store::risk::RiskBody) -> String {
    if b.suggested_class > b.risk_class {
        format!("{} → {}", b.risk_class.as_str(), b.suggested_class.as_str())
    } else {
        b.risk_class.as_str().to_string()
    }
}

message_table! {
    RiskMsg;
    // The screen.
    Count => "{n} 家机构 · {signals} 条预警", "{n} bodies · {signals} signals";
    Shown => "{shown}/{signals} 条预警", "{shown} of {signals} signals";
    KindAll => "全部", "all";
    KindLabel => "类型", "Kind";
    Legend => "截至 {date} · 回溯 {months} 个月 · 到期前 {days} 天 · 整改 ≥{orders} 次", "as of {date} · {months} months back · {days} days to expiry · ≥{orders} orders";
    Empty => "没有风险预警", "No risk signals";
    Loading => "读取中…", "reading…";
    NoneOfKind => "没有这一类的预警（f 换类型，x 清除）", "No signal of this kind (f: next kind, x: clear)";
    ColSignal => "预警", "Signal";
    ColSince => "起始", "Since";
    ColClass => "等级", "Class";
    ColEvents => "依据事件", "Events";
    // Adding the body to a task (定向).
    PickTitle => "定向加入抽查任务：{name}", "Add to a task on purpose (定向): {name}";
    PickHint => "↑↓ 选择  Enter 确定  Esc 取消", "↑↓ choose  Enter pick  Esc cancel";
    NoTask => "没有尚未抽取的{kind}抽查任务：先用 certdesk inspection task create 创建（已抽取的任务只能替换）", "No {kind} task is waiting for its draw: create one with certdesk inspection task create (a drawn task only takes replacements)";
    FormTitle => "定向加入任务 {task}：{name}", "Add to task {task} (定向): {name}";
    ReasonLabel => "理由", "Reason";
    FormHint => "Ctrl-S 提交  Esc 取消", "Ctrl-S submit  Esc cancel";
    Confirm => "将 {name} 定向加入任务 {task}？(y/N)", "Add {name} to task {task} on purpose? (y/N)";
    Included => "已将 {name} 定向加入任务 {task}", "{name} added to task {task} on purpose (定向)";
    Reason => "风险预警：{signal}（{since} 起；事件 {events}）", "risk signal: {signal} (since {since}; events {events})";
    // The command.
    CliNone => "没有风险预警", "no risk signals";
    BadKind => "--kind：“{value}”不是预警类型；可用：{allowed}", "--kind: '{value}' is not a kind of signal; the kinds are {allowed}";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_words_in_both_languages() {
        for k in SignalKind::ALL {
            assert!(!signal_label(Lang::Zh, k).is_empty());
            assert_ne!(signal_label(Lang::Zh, k), signal_label(Lang::En, k));
        }
    }

    #[test]
    fn both_languages_name_the_same_placeholders() {
        let names = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v
        };
        for m in RiskMsg::ALL {
            assert_eq!(names(m.text(Lang::Zh)), names(m.text(Lang::En)), "{m:?}");
        }
    }
}
