//! Random inspections in both languages: why an act was refused (`domain::inspection::Problem`,
//! each naming the rule of docs/INSPECTIONS.md or the article) and what the commands report.

use super::Lang;
use crate::domain::inspection::Problem;

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
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
