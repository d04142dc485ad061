//! Random inspections in both languages: why an act was refused (`domain::inspection::Problem`,
//! each naming the rule of docs/INSPECTIONS.md or the article) and what the commands report.

use super::{Lang, Text};
use crate::domain::inspection::{Problem, ResultCode};

message_table! {
    InspectionMsg;
    // A result's follow-up act refused (`Store::record_result`).
    FollowUpRefused => "{act}未能进行：{why}；检查结果也未记录，未写入任何内容", "{act} was refused: {why}; the result was not recorded either — nothing was written";
    FollowUpOrder => "责令限期改正", "the order to rectify";
    FollowUpCase => "立案", "opening the case";
    // `inspection item list`.
    ItemKey => "重点", "key";
    ItemGeneral => "一般", "general";
    // `inspection show`.
    ShowRatios => "比例", "ratios";
    ShowPopulation => "总体", "population";
    ShowCompleted => "结束检查", "completed";
    ShowReason => "理由：", "reason: ";
    ShowPublicationDue => "公示期限", "publication due";
    ShowPublished => "已公示", "published";
    // `inspection export`.
    XlsxNeedsOutput => "--format xlsx 写出的是二进制文件：请用 --output 文件名.xlsx 指定新文件", "--format xlsx writes a binary file: name a new file with --output FILE.xlsx";
}

/// The headings of `inspection item list`.
pub fn item_headings(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => ["编号", "事项", "类型", "性质", "依据", "方式"],
        Lang::En => ["id", "item", "kind", "class", "basis", "method"],
    }
}

/// The headings of `inspection task list`.
pub fn task_headings(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["编号", "年度", "类型", "任务", "抽取日期"],
        Lang::En => ["id", "year", "kind", "task", "drawn on"],
    }
}

/// The headings of the list of `inspection show`.
pub fn drawn_headings(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => [
            "统一社会信用代码",
            "机构",
            "风险",
            "方式",
            "检查人员",
            "结果",
        ],
        Lang::En => ["uscc", "body", "risk", "how", "officers", "result"],
    }
}

/// A result category in `lang`: the label published in Chinese, its meaning in English.
pub fn result_label(lang: Lang, r: ResultCode) -> &'static str {
    match lang {
        Lang::Zh => r.zh(),
        Lang::En => match r {
            ResultCode::NoProblem => "no problem found",
            ResultCode::InfoNotPublicised => "information not publicised as required",
            ResultCode::FalseInformation => "publicised information false or concealing",
            ResultCode::OrderedToRectify => "problems found, ordered to rectify",
            ResultCode::FollowUpPending => "problems found, follow-up pending",
            ResultCode::NoSuchActivity => "no activity of the kind inspected",
            ResultCode::Unreachable => "unreachable at the registered address",
            ResultCode::Uncooperative => "refused to cooperate (serious)",
            ResultCode::ClosedOrLiquidating => "closed or in liquidation",
            ResultCode::Cancelled => "deregistered",
            ResultCode::LicenceRevoked => "licence revoked",
            ResultCode::Revoked => "revoked",
            ResultCode::MovedOut => "moved out",
        },
    }
}

/// A refusal said in `lang`.
pub fn problem(lang: Lang, p: &Problem) -> String {
    let (zh, en) = match p {
        Problem::RatioSyntax(part) => (
            format!("--ratio：“{part}”无法识别；请写各风险等级的抽查比例（百分数 0–100），如 A=1,B=3,C=10,D=30"),
            format!("--ratio: '{part}' cannot be read; write each risk class's ratio in percent (0–100), e.g. A=1,B=3,C=10,D=30"),
        ),
        Problem::RatioOver100(class, v) => (
            format!("--ratio：{} 类的比例 {v} 超过 100（比例是百分数 0–100）", class.as_str()),
            format!("--ratio: the ratio of class {} is {v}, more than 100 (a ratio is a percentage, 0–100)", class.as_str()),
        ),
        Problem::RatioTwice(class) => (
            format!("--ratio：{} 类给了两次；每个风险等级只写一次", class.as_str()),
            format!("--ratio: class {} is given twice; give each risk class once", class.as_str()),
        ),
        Problem::PublicValueEmpty => (
            "--public-value 为空：请输入抽取时公开的数值（如当日福彩开奖号码、见证人报出的数字），它与名录哈希共同决定随机种子（INSPECTIONS.md“抽取”第 2 条）；未写入任何内容".into(),
            "--public-value is empty: give the value made public at the draw (a lottery result, a witness's number); with the roster hash it fixes the seed (INSPECTIONS.md, The draw, step 2); nothing was written".into(),
        ),
        Problem::UnknownTask(t) => (
            format!("没有编号为 {t} 的抽查任务；用 certdesk inspection task list 查看已有任务"),
            format!("there is no inspection task {t}; certdesk inspection task list shows the tasks"),
        ),
        Problem::UnknownItem(i) => (
            format!("--items：抽查事项清单中没有编号 {i}；用 certdesk inspection item list 查看，或先用 inspection item add 登记（没有列入清单的事项不得抽查）"),
            format!("--items: no item {i} on the inspection list; see certdesk inspection item list, or add it with inspection item add (no inspection without an item on the list)"),
        ),
        Problem::ItemKind { item, kind } => (
            format!("--items：事项 {item} 适用于 {kind} 类机构，与任务的机构类型不同"),
            format!("--items: item {item} applies to {kind} bodies, not to the task's kind"),
        ),
        Problem::NoItems => (
            "--items 为空：至少列出一个抽查事项（没有列入清单的事项不得抽查）".into(),
            "--items is empty: name at least one item of the inspection list (no inspection without an item on the list)".into(),
        ),
        Problem::UnknownOfficer(l) => (
            format!("检查人员名录中没有登录名 {l}；先用 certdesk inspector add {l} --name 姓名 --cert-no 执法证号 --dept 部门 登记"),
            format!("no officer with the login '{l}' on the roster; add them with certdesk inspector add {l} --name NAME --cert-no CERT --dept DEPT"),
        ),
        Problem::UnknownBody(u) => (
            format!("--uscc：名录中没有统一社会信用代码为 {u} 的机构（或该代码无效）；请核对 18 位代码"),
            format!("--uscc: no body with the USCC {u} in the register (or it is not a valid code); check the 18 characters"),
        ),
        Problem::BodyKind { uscc, kind } => (
            format!("机构 {uscc} 是 {kind} 类，与任务的机构类型不同"),
            format!("the body {uscc} is of kind {kind}, not the task's"),
        ),
        Problem::NotDrawn(u) => (
            format!("--uscc：{u} 不在本任务的抽取名单上（或已被替换）；用 certdesk inspection show 任务 查看名单"),
            format!("--uscc: {u} is not on the task's drawn list (or was replaced); certdesk inspection show TASK lists it"),
        ),
        Problem::AlreadyDrawn { task, on } => (
            format!("任务 {task} 已于 {on} 抽取，不得重新抽取（抽取名单一经固定不得更改，INSPECTIONS.md“抽取”第 5 条）；需要替换个别机构时用 inspection replace，并写明理由"),
            format!("task {task} was drawn on {on} and cannot be drawn again (a frozen list is never redrawn, INSPECTIONS.md, The draw, step 5); replace a body with inspection replace and its reason"),
        ),
        Problem::NotYetDrawn(t) => (
            format!("任务 {t} 尚未抽取：先用 certdesk inspection draw {t} --public-value 数值"),
            format!("task {t} has not been drawn yet: run certdesk inspection draw {t} --public-value VALUE first"),
        ),
        Problem::IncludeAfterDraw { task, on } => (
            format!("任务 {task} 已于 {on} 抽取，不能再定向加入机构（抽取名单一经固定不得更改）；请用 inspection replace 替换并写明理由，或把该机构加入一个尚未抽取的任务；未写入任何内容"),
            format!("task {task} was drawn on {on}: no body can be added on purpose (定向) any more (a frozen list is never changed); use inspection replace with its reason, or add the body to a task not yet drawn; nothing was written"),
        ),
        Problem::NotInForce(u) => (
            format!("--uscc：机构 {u} 没有有效或停业整顿中的资质（已过期、撤销、撤回或注销），不能加入抽查任务；未写入任何内容"),
            format!("--uscc: the body {u} has no approval in force or suspended (expired, revoked, withdrawn or cancelled), so it cannot be added to a task; nothing was written"),
        ),
        Problem::AlreadyIncluded { task, uscc } => (
            format!("--uscc：机构 {uscc} 已在任务 {task} 的定向名单上；用 certdesk inspection show {task} 查看；未写入任何内容"),
            format!("--uscc: the body {uscc} is on task {task}'s directed list already; certdesk inspection show {task} lists it; nothing was written"),
        ),
        Problem::NotAssigned { login, uscc } => (
            format!("--officer：{login} 不是本任务中机构 {uscc} 的检查人员"),
            format!("--officer: {login} is not an officer of the body {uscc} in this task"),
        ),
        Problem::TooFewOfficers(n) => (
            format!("--officers-per-body {n}：每个检查对象至少 2 名执法人员（行政处罚法第四十二条）"),
            format!("--officers-per-body {n}: at least 2 officers per body (行政处罚法 Art. 42)"),
        ),
        Problem::Required(field) => (
            format!("--{} 不能为空", field.replace('_', "-")),
            format!("--{} must not be empty", field.replace('_', "-")),
        ),
        Problem::BadText { field, why } => (
            format!("--{}：{why}", field.replace('_', "-")),
            format!("--{}: {why}", field.replace('_', "-")),
        ),
        Problem::BadYear(y) => (
            format!("--year {y}：请写 2000 到 2100 之间的年份"),
            format!("--year {y}: write a year from 2000 to 2100"),
        ),
        Problem::IncludeSyntax(s) => (
            format!("--include：“{s}”应写成 统一社会信用代码:理由（定向抽查须写明理由）"),
            format!("--include: '{s}' must be USCC:REASON (a directed inspection states its reason)"),
        ),
        Problem::NoReplacement(u) => (
            format!("抽取总体中已没有可替换 {u} 的机构；未写入任何内容"),
            format!("no body is left in the population to replace {u}; nothing was written"),
        ),
        Problem::AlreadyAssigned(t) => (
            format!("任务 {t} 名单上的每个机构都已分配检查人员；个别人员回避时用 inspection recuse"),
            format!("every body on task {t}'s list has its officers already; for a recusal use inspection recuse"),
        ),
        Problem::ConflictExists { login, uscc } => (
            format!("{login} 与 {uscc} 的利害关系已登记"),
            format!("the conflict between {login} and {uscc} is recorded already"),
        ),
        Problem::UnknownResult(code) => {
            let codes = ResultCode::ALL
                .iter()
                .map(|c| format!("{} {}", c.as_str(), c.zh()))
                .collect::<Vec<_>>()
                .join("；");
            (
                format!("--result：“{code}”不是检查结果类别；请写以下代码之一（或其中文名称）：{codes}；未写入任何内容"),
                format!("--result: '{code}' is not a result category; write one of these codes (or its Chinese label): {codes}; nothing was written"),
            )
        }
        Problem::AlreadyResulted { uscc, result, on } => {
            let label = ResultCode::parse(result).map_or(result.as_str(), |c| c.zh());
            (
                format!("--uscc：{uscc} 已于 {on} 记录检查结果“{label}”，每个检查对象只记录一个结果；结果有误时须更正记录（尚不支持以本命令改写），本次未写入任何内容"),
                format!("--uscc: {uscc} has its result already ({label}, {on}); a body has one result — a wrong one is a matter for a correction of the record, not a second result; nothing was written"),
            )
        }
        Problem::BeforeDraw { date, drawn_on } => (
            format!("--date {date} 早于本任务的抽取日期 {drawn_on}：检查不能在抽取之前；请写抽取当日或之后的日期"),
            format!("--date {date} is before the task was drawn ({drawn_on}): an inspection cannot precede its draw; give that day or a later one"),
        ),
        Problem::AfterToday { date, today } => (
            format!("--date {date} 晚于今天（{today}）：只能记录已经发生的事"),
            format!("--date {date} is after today ({today}): only what has happened can be recorded"),
        ),
        Problem::BeforeCompletion { date, completed_on } => (
            format!("--date {date} 早于 {completed_on}（本任务最后一个检查结果或结束检查的日期）；请写该日或之后的日期"),
            format!("--date {date} is before {completed_on} (the task's last result or its end); give that day or a later one"),
        ),
        Problem::TaskCompleted { task, on } => (
            format!("任务 {task} 已于 {on} 结束检查（结果已全部记录或已结束），不再记录结果、替换或结束；公示用 inspection export 与 inspection publish"),
            format!("task {task} was completed on {on} (every result recorded, or closed): no more results, replacements or closing; publish it with inspection export and inspection publish"),
        ),
        Problem::OfficersAfterCompletion { task, on } => (
            format!("任务 {task} 已于 {on} 结束检查：检查人员不再分配或回避（行政处罚法第四十三条的回避在检查中决定），记录保持原样；未写入任何内容"),
            format!("task {task} was completed on {on}: officers are no longer assigned or recused (a recusal under 行政处罚法 Art. 43 is decided while the inspection runs); the record stays as it is; nothing was written"),
        ),
        Problem::NotCompleted { task, missing } => (
            format!("任务 {task} 尚未结束检查：还有 {missing} 个检查对象没有结果；用 inspection result 记录，或用 inspection close {task} --date 日期 --reason 理由 结束检查"),
            format!("task {task} is not completed: {missing} bodies have no result yet; record them with inspection result, or end it with inspection close {task} --date D --reason TEXT"),
        ),
        Problem::AlreadyPublished { task, on } => (
            format!("任务 {task} 的检查结果已于 {on} 记录公示，不再重复记录"),
            format!("task {task}'s publication is recorded already ({on})"),
        ),
        Problem::FindingsRequired(code) => (
            format!("--findings 为空：结果“{}”发现了问题，须写明检查发现的情况；未写入任何内容", code.zh()),
            format!("--findings is empty: the result '{}' ({}) found a problem, so write what was found; nothing was written", code.as_str(), code.zh()),
        ),
        Problem::NoProblemFound(code) => (
            format!("结果“{}”未发现问题，不能据此责令改正或立案（--order-rectification / --open-case 只用于发现问题的结果）；未写入任何内容", code.zh()),
            format!("the result '{}' ({}) found no problem: it cannot start an order to rectify or a case (--order-rectification / --open-case go with a result that found one); nothing was written", code.as_str(), code.zh()),
        ),
        Problem::TooFewOfficersForResult { uscc, assigned } => (
            format!("{uscc} 只分配了 {assigned} 名检查人员：检查须由至少 2 名执法人员进行（行政处罚法第四十二条），先用 inspection assign 分配（或 inspection recuse 替补）后再记录结果；未写入任何内容"),
            format!("{uscc} has {assigned} officers assigned: an inspection is made by at least 2 officers (行政处罚法 Art. 42); assign them with inspection assign (or replace a recused one) before recording the result; nothing was written"),
        ),
        Problem::NoApproval(uscc) => (
            format!("{uscc} 在名录中没有批准（资质），无从责令改正或立案；未写入任何内容"),
            format!("{uscc} has no approval in the register to order rectification on or open a case against; nothing was written"),
        ),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// What the inspection commands report, in `lang`.
#[derive(Debug, Clone)]
pub enum Report {
    ItemAdded(i64),
    InspectorAdded(String),
    InspectorDeactivated(String),
    ConflictAdded(String, String),
    RiskClassSet(String, String, i64),
    TaskCreated(i64),
    Drawn {
        task: i64,
        population: usize,
        drawn: usize,
        roster_hash: String,
        seed: String,
    },
    VerifyIdentical(i64),
    /// what, position, recorded, recomputed
    VerifyDiffers(String, Option<usize>, String, String),
    Replaced(String, String),
    /// task, uscc: added on purpose (定向).
    Included(i64, String),
    Assigned(String, String),
    TooFewForBody(String, usize, u32),
    Recused(String, Option<String>),
    /// USCC, the result's label.
    ResultRecorded(String, String),
    /// The order's approval number and event.
    OrderStarted(String, i64),
    /// The case's id and number.
    CaseOpened(i64, String),
    /// Task, completed on, publication due, estimated.
    Completed(i64, String, String, bool),
    Published(i64, String),
    Exported(String, usize),
}

pub fn report(lang: Lang, r: &Report) -> String {
    let (zh, en) = match r {
        Report::ItemAdded(id) => (
            format!("已登记抽查事项 {id}"),
            format!("inspection item {id} added"),
        ),
        Report::InspectorAdded(l) => (
            format!("已将 {l} 列入检查人员名录"),
            format!("{l} is on the inspector roster"),
        ),
        Report::InspectorDeactivated(l) => (
            format!("{l} 已移出在岗检查人员（记录保留）"),
            format!("{l} is no longer an active inspector (the record stays)"),
        ),
        Report::ConflictAdded(l, u) => (
            format!("已登记 {l} 与 {u} 的利害关系"),
            format!("conflict between {l} and {u} recorded"),
        ),
        Report::RiskClassSet(u, c, e) => (
            format!("{u} 的风险等级设为 {c}（事件 {e}）"),
            format!("{u}: risk class set to {c} (event {e})"),
        ),
        Report::TaskCreated(id) => (
            format!("已创建抽查任务 {id}"),
            format!("inspection task {id} created"),
        ),
        Report::Drawn {
            task,
            population,
            drawn,
            roster_hash,
            seed,
        } => (
            format!(
                "任务 {task} 已抽取：总体 {population} 家，抽中 {drawn} 家；名录哈希 {roster_hash}；种子 {seed}"
            ),
            format!(
                "task {task} drawn: population {population}, {drawn} on the list; roster hash {roster_hash}; seed {seed}"
            ),
        ),
        Report::VerifyIdentical(t) => (
            format!("任务 {t} 的抽取复算一致"),
            format!("task {t}: the draw recomputes identically"),
        ),
        Report::VerifyDiffers(what, pos, rec, again) => {
            let at = pos.map(|p| format!(" #{p}")).unwrap_or_default();
            (
                format!("复算不一致：{what}{at}——记录为 {rec}，复算为 {again}"),
                format!(
                    "the draw does not recompute: {what}{at} — recorded {rec}, recomputed {again}"
                ),
            )
        }
        Report::Replaced(old, new) => (
            format!("{old} 已由 {new} 替换"),
            format!("{old} replaced by {new}"),
        ),
        Report::Included(task, u) => (
            format!("已将 {u} 定向加入任务 {task}"),
            format!("{u} added to task {task} on purpose (定向)"),
        ),
        Report::Assigned(u, officers) => (format!("{u}：{officers}"), format!("{u}: {officers}")),
        Report::TooFewForBody(u, n, k) => (
            format!("{u}：无利害关系的在岗检查人员只有 {n} 名，不足 {k} 名，未分配"),
            format!(
                "{u}: only {n} active officers without a conflict, fewer than {k}: none assigned"
            ),
        ),
        Report::Recused(l, Some(r)) => (
            format!("{l} 已回避，由 {r} 替补"),
            format!("{l} recused; {r} drawn instead"),
        ),
        Report::Recused(l, None) => (
            format!("{l} 已回避；没有可替补的检查人员"),
            format!("{l} recused; no officer is left to draw instead"),
        ),
        Report::ResultRecorded(u, label) => (
            format!("{u}：已记录检查结果“{label}”"),
            format!("{u}: result recorded ({label})"),
        ),
        Report::OrderStarted(no, e) => (
            format!("已对 {no} 责令限期改正（事件 {e}）"),
            format!("{no}: ordered to rectify (event {e})"),
        ),
        Report::CaseOpened(id, no) => (
            format!("已立案 {no}（案件 {id}）"),
            format!("case {no} opened (case {id})"),
        ),
        Report::Completed(t, on, due, estimated) => {
            let (zh_est, en_est) = if *estimated {
                (
                    "（该年度放假安排未载入，为估算）",
                    " (estimated: a year without its holiday schedule)",
                )
            } else {
                ("", "")
            };
            (
                format!(
                    "任务 {t} 已于 {on} 结束检查：检查结果应于 {due} 前公示（20 个工作日）{zh_est}"
                ),
                format!(
                    "task {t} completed on {on}: its results are to be published by {due} (20 working days){en_est}"
                ),
            )
        }
        Report::Published(t, on) => (
            format!("任务 {t} 的检查结果已记录于 {on} 公示"),
            format!("task {t}: publication recorded on {on}"),
        ),
        Report::Exported(path, n) => (
            format!("已写出 {path}：{n} 个检查对象"),
            format!("wrote {path}: {n} bodies"),
        ),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
