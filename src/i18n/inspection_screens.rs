//! The inspection screens' words (抽查任务, a task's page, fast entry of results, the inspector
//! roster) in both languages; the keys, field labels and screen names are in `Msg`.

use super::{Lang, Text};

message_table! {
    InspMsg;
    // The tasks list.
    Count => "{n} 个抽查任务", "{n} task(s)";
    Shown => "{shown}/{n} 个抽查任务", "{shown} of {n} tasks";
    Empty => "还没有抽查任务：用 certdesk inspection task create 创建", "No inspection task yet: create one with certdesk inspection task create";
    NoneShown => "没有符合筛选的任务（x 清除）", "No task matches (x: clear)";
    Loading => "读取中…", "reading…";
    StateLabel => "状态", "State";
    FilterLabel => "筛选", "Filter";
    All => "全部", "all";
    ColNo => "编号", "No.";
    ColName => "任务名称", "Task";
    ColYear => "年度", "Year";
    ColKind => "类型", "Kind";
    ColAuthority => "检查机关", "Authority";
    ColPopulation => "名录", "Pop.";
    ColDrawn => "抽取", "Drawn";
    ColResults => "结果", "Results";
    ColState => "状态", "State";
    ColPublication => "公示", "Publication";
    ColOfficers => "检查人员", "Officers";
    ColResult => "检查结果", "Result";
    ColResultOn => "日期", "On";
    ColClass => "等级", "Class";
    ColHow => "方式", "How";
    StateNotDrawn => "待抽取", "not drawn";
    StateDrawn => "检查中", "inspecting";
    StateCompleted => "待公示", "to publish";
    StateClosed => "已结束待公示", "closed, to publish";
    StatePublished => "已公示", "published";
    DueIn => "{date} 前（{days} 个工作日）", "by {date} ({days} working days)";
    DueToday => "{date}（今天到期）", "{date} (due today)";
    Overdue => "{date} 已逾期 {days} 个工作日", "{date}, {days} working days overdue";
    PublishedOn => "{date} 已公示", "published {date}";
    Estimated => "（估算）", " (estimated)";
    HowDrawn => "抽取", "drawn";
    HowDirected => "定向", "directed";
    HowReplacement => "替补", "replacement";
    // A task's page.
    TaskTitle => "抽查任务 {id}：{name}", "Inspection task {id}: {name}";
    Facts => "{year} 年度 · {kind} · {authority} · 每家 {per} 名检查人员", "{year} · {kind} · {authority} · {per} officers per body";
    Ratios => "抽查比例 A {a}% · B {b}% · C {c}% · D {d}%", "Ratios A {a}% · B {b}% · C {c}% · D {d}%";
    NotDrawnYet => "尚未抽取：按 d 输入公开数值并抽取（y/N 确认）", "Not drawn yet: d draws it (public value, date, y/N)";
    Population => "名录 {n} 家 · 抽取日期 {date} · 算法 {algorithm}", "Population {n} · drawn on {date} · algorithm {algorithm}";
    RosterHash => "名录哈希", "Roster hash";
    PublicValue => "公开数值", "Public value";
    Seed => "种子", "Seed";
    VerifyLabel => "复核抽取", "Draw verified";
    VerifyRunning => "复核中…", "checking…";
    VerifyIdentical => "一致（按记录的名录与种子重新抽取，结果相同）", "identical (redrawn from the recorded population and seed)";
    VerifyDiffers => "不一致：{what}{at} 记录为 {recorded}，重新计算为 {recomputed}", "differs: {what}{at} recorded {recorded}, recomputed {recomputed}";
    VerifyAt => "（第 {n} 位）", " (position {n})";
    VerifyFailed => "无法复核：{why}", "cannot verify: {why}";
    Clocks => "结果 {recorded}/{drawn} · 结束检查 {completed} · 公示 {publication}", "Results {recorded}/{drawn} · completed {completed} · publication {publication}";
    NotYet => "—", "—";
    NoBodies => "名单上没有检查对象", "No body on the list";
    NoOfficers => "未分配", "none";
    Replaced => "已替换 {n} 家（{list}）", "{n} replaced ({list})";
    // Forms.
    DrawTitle => "抽取 — 任务 {id} {name}", "Draw — task {id} {name}";
    DrawHint => "当日福彩开奖号码、见证人报出的数字等；与名录哈希共同决定种子", "a lottery result, a witness's number: with the roster hash it fixes the seed";
    DrawConfirm => "确认抽取？以下内容将被冻结，不能重新抽取：", "Draw now? This freezes the following; a second draw is refused:";
    DrawFreezes => "冻结：{date} 在册且有效的{kind}名录（名录哈希）、由公开数值“{value}”与名录哈希得出的种子、按比例抽取的名单（算法 certdesk-draw/1）", "Frozen: the population in force on {date} ({kind}) with its roster hash, the seed from the public value '{value}' and that hash, the list drawn by the ratios (algorithm certdesk-draw/1)";
    Drawn => "已抽取：任务 {id}，名录 {population} 家，抽中 {drawn} 家", "Drawn: task {id}, population {population}, {drawn} bodies drawn";
    AssignTitle => "抽取检查人员 — 任务 {id} {name}", "Draw the officers — task {id} {name}";
    AssignConfirm => "确认抽取检查人员？以下内容将被冻结：", "Draw the officers now? This freezes:";
    AssignFreezes => "为名单上尚无检查人员的 {n} 家机构各抽取 {per} 名检查人员（排除利害关系与回避情形），记录在案", "{per} officers drawn for each of the {n} bodies without officers (conflicts left out), on the record";
    Assigned => "已分配检查人员：{n} 家", "Officers drawn for {n} bodies";
    AssignedShort => "已分配 {n} 家；{short} 家可用检查人员不足：{list}", "Officers drawn for {n} bodies; {short} lack eligible officers: {list}";
    NothingToAssign => "名单上每家机构都已分配检查人员", "Every body on the list has its officers";
    ReplaceTitle => "替换检查对象 — {name}", "Replace a drawn body — {name}";
    ReplaceConfirm => "确认替换？", "Replace this body?";
    ReplaceFreezes => "{name}（{uscc}）从名单上替换，替补从其余名录中按同一种子抽取；理由：{reason}", "{name} ({uscc}) leaves the list; the replacement is drawn from the rest of the population with the same seed; reason: {reason}";
    ReplacedDone => "已替换：{old} → {new}", "Replaced: {old} → {new}";
    RecuseTitle => "回避 — {name}", "Recusal — {name}";
    RecuseConfirm => "确认记录回避？", "Record the recusal?";
    RecuseFreezes => "{officer} 回避 {name}（决定人 {by}），替补检查人员按同一种子抽取；理由：{reason}", "{officer} recused from {name} (decided by {by}); the replacement is drawn with the same seed; reason: {reason}";
    RecusedDone => "已记录回避；替补：{replacement}", "Recusal recorded; replacement: {replacement}";
    RecusedNoReplacement => "已记录回避；没有可替补的检查人员", "Recusal recorded; no officer is left to replace them";
    NoOfficerToRecuse => "{name} 没有分配检查人员", "{name} has no officer assigned";
    ResultTitle => "录入结果 {n}/{total} — {name}", "Result {n} of {total} — {name}";
    ResultHint => "输入代码或中文（Tab 补全），或编号：{list}", "type a code or the Chinese label (Tab completes), or a number: {list}";
    ResultUnknown => "“{value}”不是结果类别；输入代码、中文名称或 1–13 的编号", "'{value}' is no result category; type a code, the Chinese label or a number 1–13";
    FollowNone => "无", "none";
    FollowOrder => "责令限期改正", "order to rectify";
    FollowCase => "立案", "open a case";
    ResultConfirm => "确认录入？", "Record this result?";
    ResultStarts => "同时{act}：{what}", "It also starts {act}: {what}";
    ResultLast => "这是名单上最后一家：录入后检查结束，公示期限（20 个工作日）开始计算", "This is the last body on the list: the inspection ends with it and the publication clock (20 working days) starts";
    ResultSummary => "{name}（{uscc}）：{result}，{date}", "{name} ({uscc}): {result}, {date}";
    ResultDone => "已录入：{name} {result}", "Recorded: {name} {result}";
    ResultOrder => "；已责令改正（事件 #{event}）", "; rectification ordered (event #{event})";
    ResultCase => "；已立案 {number}", "; case {number} opened";
    ResultCompleted => "；检查结束，{due} 前公示", "; inspection completed, publish by {due}";
    AllResulted => "名单上每家都已有结果", "Every body on the list has its result";
    CloseTitle => "结束检查 — 任务 {id} {name}", "Close the inspection — task {id} {name}";
    CloseConfirm => "确认结束检查？", "Close the inspection?";
    CloseFreezes => "任务 {id} 于 {date} 结束检查：不再录入结果，公示期限开始计算；理由：{reason}", "Task {id} ends on {date}: no more results, the publication clock starts; reason: {reason}";
    ClosedDone => "已结束检查：{due} 前公示", "Inspection closed: publish by {due}";
    PublishTitle => "登记公示 — 任务 {id} {name}", "Record the publication — task {id} {name}";
    PublishConfirm => "确认登记公示？", "Record the publication?";
    PublishFreezes => "任务 {id} 的检查结果于 {date} 已在国家企业信用信息公示系统公示（先用 certdesk inspection export {id} 导出）", "Task {id}'s results were published on {date} on the national credit publicity system (export them first with certdesk inspection export {id})";
    PublishedDone => "已登记公示：任务 {id}", "Publication recorded: task {id}";
    FollowUpRefused => "{act}未能进行：{why}；检查结果也未记录，未写入任何内容", "{act} was refused: {why}; the result was not recorded either — nothing was written";
    // The roster.
    RosterCount => "{n} 名检查人员（{active} 名在岗）", "{n} inspectors ({active} active)";
    RosterEmpty => "名录中没有检查人员：按 n 添加", "No inspector on the roster: n adds one";
    ColLogin => "登录名", "Login";
    ColPerson => "姓名", "Name";
    ColCert => "执法证号", "Certificate";
    ColDept => "部门", "Department";
    ColKinds => "领域", "Kinds";
    ColActive => "在岗", "Active";
    ActiveYes => "是", "yes";
    ActiveNo => "否（已停用）", "no (deactivated)";
    AddTitle => "添加检查人员", "Add an inspector";
    KindsHint => "cb、cma 或 cb,cma", "cb, cma or cb,cma";
    AddedDone => "已添加检查人员：{name}（{login}）", "Inspector added: {name} ({login})";
    DeactivateTitle => "停用检查人员 — {name}", "Deactivate — {name}";
    DeactivateConfirm => "确认停用？", "Deactivate this inspector?";
    DeactivateFreezes => "{name}（{login}）不再被抽取为检查人员；记录与历史保留", "{name} ({login}) is no longer drawn as an officer; the record and history stay";
    DeactivatedDone => "已停用：{name}", "Deactivated: {name}";
    AlreadyInactive => "{name} 已停用", "{name} is deactivated already";
    ConflictTitle => "登记利害关系 — {name}", "Declare a conflict — {name}";
    ConflictDone => "已登记：{name} 与 {uscc} 有利害关系，不再被抽取检查该机构", "Declared: {name} has a conflict with {uscc} and is no longer drawn for it";
}

/// A task's state as the list shows it.
pub fn state_of(t: &crate::store::inspections::TaskSummary) -> InspMsg {
    if t.published_on.is_some() {
        InspMsg::StatePublished
    } else if t.closed_on.is_some() {
        InspMsg::StateClosed
    } else if t.completed_on.is_some() {
        InspMsg::StateCompleted
    } else if t.drawn_on.is_some() {
        InspMsg::StateDrawn
    } else {
        InspMsg::StateNotDrawn
    }
}

/// A kind of body in a narrow column: 认证机构 / 检验检测机构, in English CB / CMA.
pub fn short_kind(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Zh => super::kind(lang, code).into_owned(),
        Lang::En => code.to_uppercase(),
    }
}

/// How a body came on the list.
pub fn how_label(lang: Lang, how: &str) -> &'static str {
    match how {
        "directed" => InspMsg::HowDirected.text(lang),
        "replacement" => InspMsg::HowReplacement.text(lang),
        _ => InspMsg::HowDrawn.text(lang),
    }
}

/// An inspection act's failure as the screens say it: the rule refused (the article named), the
/// order or case a result starts refused (nothing written), or the store's failure.
pub fn failure(lang: Lang, e: &crate::store::inspections::InspectionError) -> String {
    use crate::store::StoreError;
    use crate::store::inspections::{FollowUpAct, InspectionError};
    match e {
        InspectionError::Problem(p) => super::inspection::problem(lang, p),
        InspectionError::Store(StoreError::Refused(r)) => r.message(lang),
        InspectionError::Store(e) => lang.f(super::Msg::ErrStore, &[("why", &e.render(lang))]),
        InspectionError::FollowUp(act, e) => {
            let what = match act {
                FollowUpAct::Order => InspMsg::FollowOrder,
                FollowUpAct::Case => InspMsg::FollowCase,
            };
            let why = match e {
                StoreError::Refused(r) => r.message(lang),
                e => e.render(lang),
            };
            lang.f(
                InspMsg::FollowUpRefused,
                &[("act", &lang.t(what)), ("why", &why)],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_name_the_same_placeholders_and_differ() {
        let names = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v
        };
        for m in InspMsg::ALL {
            assert_eq!(names(m.text(Lang::Zh)), names(m.text(Lang::En)), "{m:?}");
            assert!(!m.text(Lang::Zh).is_empty(), "{m:?}");
        }
    }

    #[test]
    fn a_refused_follow_up_says_nothing_was_written_in_both_languages() {
        use crate::store::StoreError;
        use crate::store::inspections::{FollowUpAct, InspectionError};
        let e = InspectionError::FollowUp(
            FollowUpAct::Order,
            StoreError::Invalid(crate::store_msg!(
                StoredApprovalNo,
                value = "X",
                why = "bad"
            )),
        );
        assert!(failure(Lang::Zh, &e).contains("未写入任何内容"));
        assert!(failure(Lang::En, &e).contains("nothing was written"));
    }
}
