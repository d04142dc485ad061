//! The sentences of the smaller commands (`export`, `queue`, `case`, `show`, `backup`,
//! `calendar`, `settings`, `demo`, `doctor`, `init`), in the language of `Lang::for_commands`.
//! JSON output keeps its field names and codes; only the text for people is here.

use super::{Lang, Text};

message_table! {
    CmdMsg;
    // Arguments.
    BadDateArg => "“{value}”不是日期；请写成 YYYY-MM-DD，例如 2026-03-05", "'{value}' is not a date; write YYYY-MM-DD, e.g. 2026-03-05";

    // Files the commands write.
    CannotWrite => "{path}：无法写入：{why}", "{path}: cannot write: {why}";
    CannotWriteStdout => "无法写入标准输出：{why}", "cannot write to standard output: {why}";
    CannotSpill => "无法在 {folder} 中用临时文件暂存导出内容：{why}", "cannot hold the export in a temporary file in {folder}: {why}";
    CannotWriteRejects => "{path}：无法写入被拒绝行文件：{why}", "{path}: cannot write the rejects file: {why}";
    ForceThroughSudo => "通过 sudo 代你操作时不接受 --force：那样会凭你的一句话替换服务账户的文件；请换一个新文件名", "--force is refused when certdesk acts for you through sudo: it would replace the service account's files on your word; choose a new file name";
    FileChanged => "{file}：文件在检查之后被改动；未写入任何内容。请保存好后重新导入", "{file}: the file changed after it was checked; nothing was written. Import it again once it is saved";

    // queue.
    QueueOverdue => "已逾期", "OVERDUE";
    QueueWorkingDays => "个工作日", "wd";
    QueueDays => "天", "d";
    QueueApplication => "办件 {id}", "application {id}";
    QueueTask => "抽查任务 {id}", "inspection task {id}";
    QueueHeadDue => "到期日", "due";
    QueueHeadLeft => "剩余", "left";
    QueueHeadWhat => "事项", "what";
    QueueHeadApproval => "批准号", "approval";
    QueueHeadBody => "机构", "body";
    QueueSummary => "共 {n} 项，其中逾期 {overdue} 项{narrowed}（截至 {today}；* 表示该年无节假日安排，只按周末计算）", "{n} items, {overdue} overdue{narrowed} (as of {today}; wd = working days; * = year without a holiday schedule, weekends only)";
    QueueEmpty => "{days} 天内没有逾期或到期的事项（截至 {today}）{narrowed}", "nothing overdue or due within {days} days (as of {today}){narrowed}";
    QueueOnly => "，仅 {kinds}", ", only {kinds}";
    QueueIn => "，范围 {region}", " in {region}";

    // case.
    BadPenalty => "“{value}”：请写 suspend 或 revoke-penalty", "'{value}': write suspend or revoke-penalty";
    CaseHead => "案件 {case_no}（{id}）：{approval}，{uscc} {name} — 拟作出 {intended}", "case {case_no} ({id}): {approval} on {uscc} {name} — intended {intended}";
    CaseOpened => "  立案 {opened}  执法人员 {officers}  线索 {lead}", "  opened {opened}  officers {officers}  lead {lead}";
    CaseNotice => "  告知送达 {served}  听证 {hearing}（答复 {answered}，定于 {set}，举行 {held}）  申请期限至 {until}", "  notice served {served}  hearing {hearing} (answered {answered}, set for {set}, held {held})  request window until {until}";
    CaseDecision => "  决定期限 {due}（90 日 + 延长 {extended} 日，行政处罚法第六十条）  决定 {decided} {decision}  送达 {served}  结案 {closed} {outcome}", "  decision due by {due} (90 days + {extended} extended, 行政处罚法 Art. 60)  decided {decided} {decision}  served {served}  closed {closed} {outcome}";
    CaseNext => "  下一步：{next}，期限 {due}", "  next: {next} by {due}";
    CaseVersion => "  版本 {version}", "  version {version}";

    // show.
    BodyHead => "{name}  {uscc}", "{name}  {uscc}";
    ShowBody => "类型 {kind}  行政区划 {region}  风险等级 {risk}  版本 {version}", "kind {kind}  region {region}  risk class {risk}  version {version}";
    ShowAddress => "地址：{address}", "address: {address}";
    ShowLegalRep => "法定代表人：{name}", "legal representative: {name}";
    ShowCreditList => "信用名单：{list}，自 {since}", "credit list: {list} since {since}";
    ShowBarred => "在 {until} 之前不得申请", "barred from applying until {until}";
    ShowCommitmentBarred => "告知承诺方式已关闭（承诺不实）", "commitment route closed (false commitment)";
    ShowQualification => "{approval}  {status}  审批方式 {route}  批准 {decided}  有效期至 {until}  版本 {version}", "{approval}  {status}  route {route}  decided {decided}  valid until {until}  version {version}";
    ShowAuthority => "  批准机关 {authority}  文号 {doc_no}", "  authority {authority}  document {doc_no}";
    ShowDeemedRenewal => "  视为准予延续（行政许可法第五十条）：按时提出的延续申请在 {end} 前未作决定；有效期至 {until}", "  视为准予延续（行政许可法第五十条） renewed by law: the renewal filed in time was not decided by {end}; in force until {until}";
    ShowRenewalLate => "  已申请延续，但提出较晚（在提前期限之内）：到期仍未决定的，不视为准予延续", "  renewal filed late (inside the lead time): no renewal by law if undecided at the end date";
    ShowRenewalInTime => "  已按时申请延续：到期仍未决定的，视为准予延续（行政许可法第五十条）", "  renewal filed in time: renewed by law if undecided at the end date (行政许可法第五十条)";
    ShowScopeItem => "  {scope}：{item} [{status}，自 {since}]", "  {scope}: {item} [{status} since {since}]";
    ShowOpen => "  未办结：{kind}，期限 {due}{estimated}", "  open: {kind} due {due}{estimated}";
    ShowEstimated => "（估算）", " (estimated)";
    ShowClosed => "  已办结：{kind}，期限 {due} — {result}，{on}", "  closed: {kind} due {due} — {result} on {on}";
    ShowHistory => "监管记录（{n} 条事件，最新的在前）：", "history ({n} events, newest first):";
    ShowCorrected => "{field} 已由事件 {event} 更正：{old} → {new}", "{field} corrected by event {event}: {old} → {new}";
    ShowAnnulled => "已由事件 {event} 撤销", "annulled by event {event}";
    ColEvent => "事件", "event";
    ColDate => "日期", "date";
    ColAct => "行为", "act";
    ColApproval => "批准号", "approval";
    ColBy => "办理人", "by";
    ColBasis => "依据", "basis";
    ColDocument => "文号", "document";
    ColReason => "理由", "reason";
    ColRecord => "记录", "record";

    // backup, calendar, settings, demo.
    BackupWritten => "备份已写入 {path}", "backup written to {path}";
    CalendarCannotRead => "{file}：无法读取：{why}", "{file}: cannot read: {why}";
    CalendarNotUtf8 => "{file}：不是 UTF-8 文本；请另存为 UTF-8", "{file}: not UTF-8 text; save it as UTF-8";
    CalendarBadLine => "{file}：{problem}", "{file}: {problem}";
    CalendarNothingLoaded => "未载入任何内容", "nothing was loaded";
    CalendarNoDays => "{file}：文件中没有日期；未载入任何内容", "{file}: no days in the file; nothing was loaded";
    CalendarLoaded => "日历：读入 {days} 天，新增或更改 {changed} 天；已有安排的年份：{years}", "calendar: {days} days read, {changed} added or changed; years covered: {years}";
    CalendarYears => "有节假日安排的年份：{years}", "years with a holiday schedule: {years}";
    CalendarOtherYears => "其他年份的期限按周末和法定节假日（全国年节及纪念日放假办法）计算，并标为估算：国务院公布当年安排后请载入", "deadlines in other years are counted on weekends and the statutory holidays (全国年节及纪念日放假办法) and marked as estimated: load the year's schedule when the State Council publishes it";
    ColSetting => "设置", "setting";
    ColValue => "值", "value";
    DemoBodies => "--bodies 必须在 1 到 10000000 之间", "--bodies must be from 1 to 10000000";
    DemoAdded => "演示数据：新增 {bodies} 家机构、{qualifications} 项资质、{events} 条事件，用时 {seconds} 秒 — {path}", "demo: added {bodies} bodies, {qualifications} qualifications, {events} events in {seconds} s — {path}";
    DemoFilling => "certdesk：正在填充演示数据库 {path}（{n} 家机构）……", "certdesk: filling the demo database {path} ({n} bodies)…";

    // init.
    InitCannotCreateFolder => "无法创建文件夹 {path}：{why}", "cannot create the folder {path}: {why}";
    InitExists => "{path} 已存在；certdesk init 从不替换文件——请换一个路径", "{path} exists already; certdesk init never replaces a file — choose another path";

    // doctor (and the warnings of check).
    DoctorHead => "{path}：所有者 {owner}，属组 {group}，权限 {mode} — {way}", "{path}: owner {owner}, group {group}, mode {mode} — {way}";
    DoctorGroupMode => "组模式：组内每位执法人员直接读取和办理", "group mode: every officer in the group reads and acts directly";
    DoctorServiceMode => "服务账户模式：执法人员通过 sudo 以所有者身份办理", "service-account mode: officers act through sudo as the owner";
    DoctorPersonal => "个人模式：只有所有者能使用", "personal: only the owner can use it";
    DoctorActor => "你的办理身份：{actor}", "you act as: {actor}";
    DoctorOk => "正常：无需处理", "ok: nothing to fix";
    DoctorFinding => "问题：{problem}\n    处理：{fix}", "problem: {problem}\n    fix: {fix}";
    DoctorNotInGroup => "你不在数据库的属组 {group} 中", "you are not in the database's group {group}";
    DoctorJoinGroup => "sudo usermod -aG {group} {actor}（然后重新登录）", "sudo usermod -aG {group} {actor} (then log in again)";
    FindingUnreadable => "{path} 无法读取", "{path} cannot be read";
    FixCheckPath => "请检查路径", "check the path";
    FindingOthers => "{path} 对其他用户{access}（权限 {mode}）", "{path} is {access} by others (mode {mode})";
    FindingFolderWritable => "文件夹 {path} 对其他用户可写（权限 {mode}）：任何人都能替换数据库", "the folder {path} is writable by others (mode {mode}): anyone can replace the database";
    FindingNotSetgid => "数据库与属组共享，但文件夹 {path} 未设置 setgid：其他执法人员创建的 -wal/-shm 文件会属于他们自己的组，把其他人锁在外面", "the database is shared with its group but the folder {path} is not setgid: the -wal/-shm files another officer creates get their own group and lock the others out";
    FindingFolderGroup => "文件夹的属组（{folder}）不是数据库的属组（{database}）", "the folder's group ({folder}) is not the database's group ({database})";
    FindingWalMode => "{path} 的权限为 {mode}、属组为 {group}，而数据库为 {db_mode}、属组 {db_group}：不能写它的执法人员打不开数据库", "{path} has mode {mode} and group {group}, the database {db_mode} and group {db_group}: officers who cannot write it cannot open the database";
    FixWalMode => "chgrp {group} {path} && chmod {mode} {path}（或在无人使用 certdesk 时删除它）", "chgrp {group} {path} && chmod {mode} {path}  (or remove it while nobody uses certdesk)";
    FindingNetwork => "数据库位于网络文件系统（{fs}）上：SQLite 的 WAL 需要同一台机器的共享内存和可靠的锁", "the database is on a network file system ({fs}): SQLite's WAL needs one machine's shared memory and reliable locks";
    FixLocalDisk => "请把它移到服务器的本地磁盘上", "move it to the server's local disk";
    FindingBackup => "备份 {path} 对其他用户{access}（权限 {mode}）", "the backup {path} is {access} by others (mode {mode})";
    AccessReadWrite => "可读可写", "readable and writable";
    AccessRead => "可读", "readable";
    AccessWrite => "可写", "writable";
    AccessUse => "可用", "usable";
    BackupsFolder => "--backups {path}：{why}", "--backups {path}: {why}";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doctor_finding_reads_in_both_languages() {
        let args: &[(&str, &dyn std::fmt::Display)] = &[
            ("path", &"/srv/certdesk.db"),
            ("access", &Lang::Zh.t(CmdMsg::AccessRead)),
            ("mode", &"0644"),
        ];
        assert_eq!(
            Lang::Zh.f(CmdMsg::FindingOthers, args),
            "/srv/certdesk.db 对其他用户可读（权限 0644）"
        );
    }
}
