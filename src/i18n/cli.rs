//! The sentences of the commands (`certdesk import`, `check`, `act`, `application`, `officer`,
//! `upgrade` …), in the language of `Lang::for_commands`: `--lang`, else the locale, else
//! English. JSON output keeps its codes; only the text for people is here.

use super::{Lang, Text};

message_table! {
    CliMsg;
    // An import's report.
    ImportError => "错误：{at}：{message}", "error: {at}: {message}";
    ImportFileError => "错误：{message}", "error: {message}";
    AtRow => "：第 {row} 行", ": row {row}";
    AtColumn => "，列“{column}”", ", column {column}";
    AtValue => "，值“{value}”", ", value \"{value}\"";
    ErrorsOmitted => "……另有 {n} 条错误未列出（上面是前 {listed} 条；用 --skip-invalid --rejects 文件 可把每个被拒绝的行连同原因写入该文件）", "… and {n} more errors not listed (the first {listed} are above; --skip-invalid --rejects FILE puts every rejected row with its reasons in FILE)";
    ImportWarning => "警告：{file}：第 {row} 行，列“{column}”：{message}", "warning: {file}: row {row}, column {column}: {message}";
    WarningsOmitted => "……另有 {n} 条警告未列出", "… and {n} more warnings not listed";
    AlreadyImported => "{file}：该文件已于 {at} 由 {by} 导入过", "{file}: this file was already imported on {at} by {by}";
    FixSkipInvalid => "（也可用 --skip-invalid --rejects 文件 只写入有效的行）", " (or use --skip-invalid --rejects FILE to write the valid rows)";
    RejectedUnreadable => "已拒绝：{files} 无法读取，未写入任何内容。请按上面的错误提示改正文件后重新导入{fix}。", "rejected: {files} could not be read; nothing was written. Correct the file as the error says and import again{fix}.";
    RejectedRows => "已拒绝：{rows} 行中有 {invalid} 行有错误，未写入任何内容。请改正上面列出的行后重新导入{fix}。", "rejected: {invalid} of {rows} rows have errors; nothing was written. Correct the rows above and import again{fix}.";
    DryRun => "试导入：检查 {rows} 行，可写入 {write} 行，{unchanged} 行已在名录中，{invalid} 行有错误；未写入任何内容", "dry run: {rows} rows checked, {write} would be written, {unchanged} already in the register, {invalid} invalid; nothing was written";
    Imported => "已导入：共 {rows} 行，写入 {written} 行，{unchanged} 行已在名录中（未改变），拒绝 {invalid} 行", "imported: {rows} rows, {written} written, {unchanged} already in the register (unchanged), {invalid} rejected";
    UnreadableFiles => "已拒绝：{n} 个文件完全无法读取，其中的内容均未写入：{files}", "rejected: {n} file(s) could not be read at all, nothing of them was written: {files}";
    RejectsIn => "被拒绝的行（附“原因”列）已写入 {path}", "rejected rows, with a reason column, are in {path}";
    ByState => "按状态：{states}", "by state: {states}";

    // check.
    CheckIntegrityOk => "完整性：正常（{how}）", "integrity: ok ({how})";
    CheckIntegrityFull => "SQLite 完整检查", "SQLite's full integrity check";
    CheckIntegrityQuick => "SQLite 快速检查；--full 还会核对每个索引", "SQLite's quick check; --full compares every index too";
    CheckIntegrityFailed => "完整性：异常", "integrity: FAILED";
    CheckChainVerifiedBefore => "事件哈希链：正常（{events} 条事件；第 {event} 条及以前的哈希已由 {when} 的完整检查重新计算，本次未再计算——--full 重新计算全部）", "event chain: ok ({events} events; the hashes up to event {event} were recomputed by your full check of {when} and not again — --full recomputes every one)";
    CheckChainOk => "事件哈希链：正常（{events} 条事件，每个哈希均从第一条起重新计算）", "event chain: ok ({events} events, every hash recomputed from the first)";
    CheckChainBroken => "事件哈希链：第 {event} 条事件处断裂：{why}", "event chain: BROKEN at event {event}: {why}";
    CheckChainRestore => "  请用此前的备份恢复数据库，并与 certdesk export events 的结果比对", "  restore the database from a backup taken before, and compare with certdesk export events";
    CheckHead => "链头：{head}", "chain head: {head}";
    CheckHeadsOk => "已记录的链头：正常（{n} 个均在当前链中）", "recorded heads: ok ({n} found in today's chain)";
    CheckHeadsFailed => "已记录的链头：异常", "recorded heads: FAILED";
    CheckReplayOk => "名录与日志一致：正常（每张表均已重放{from}）", "register matches the log: ok (every table replayed{from})";
    CheckReplayFailed => "名录与日志一致：异常（{n} 处不一致{shown}）", "register matches the log: FAILED ({n} differences{shown})";
    CheckFirstShown => "，列出前 {n} 处", ", the first {n} shown";
    CheckFromBaseline => "，自第 {event} 条事件（升级时的基线）起；此前的事件由哈希链保证", " from event {event}, the baseline of its upgrade; the events before it are covered by the chain";
    CheckFromFirst => "，自第一条事件起", " from the first event";
    CheckWarning => "警告：{problem}——处理：{fix}", "warning: {problem} — fix: {fix}";
    CheckCounts => "机构 {bodies} 家，资质 {qualifications} 项", "{bodies} bodies, {qualifications} qualifications";

    // Acts, applications, officers, the database.
    ActDone => "{act} {approval}：{before} → {after}（版本 {version}，事件 {event}）", "{act} {approval}: {before} → {after} (version {version}, event {event})";
    CorrectDone => "更正事件 {corrects}：{field} {old} → {new}（事件 {event}）", "correct event {corrects}: {field} {old} → {new} (event {event})";
    AnnulDone => "撤销原行政行为 事件 {annuls}（{act}）{approval}：{before} → {after}（事件 {event}）", "annul event {annuls} ({act}) {approval}: {before} → {after} (event {event})";
    AnnulWithdrawPublication => "该处罚已公示：须于 {date} 前撤下公示（市场监管总局令第45号第十一条）", "the penalty was published: withdraw the publication by {date} (SAMR Order 45 Art. 11)";
    ApplicationDone => "办件 {id}：{status}（版本 {version}{due}）", "application {id}: {status} (version {version}{due})";
    ApplicationDecisionDue => "，决定期限 {date}", ", decision due {date}";
    OfficerRecorded => "已登记执法人员 {login}（版本 {version}）", "officer {login} recorded (version {version})";
    DatabaseCreated => "已在 {path} 新建数据库（{sharing} 模式，{mode}）", "created a new database at {path} ({sharing} mode, {mode})";
    Upgraded => "已将 {path} 从第 {from} 版升级到第 {to} 版数据结构；所有事件均保留，升级时的各行记为基线事件", "upgraded {path} from schema version {from} to {to}; every event was kept, and the rows as found are recorded as baseline events";
    UpToDate => "{path} 已是第 {to} 版数据结构：无需升级", "{path} is at schema version {to}: nothing to do";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commands_speak_the_locale_only_when_it_is_chinese() {
        // `--lang` decides whatever the locale.
        assert_eq!(Lang::for_commands(Some(Lang::Zh)), Lang::Zh);
        assert_eq!(Lang::for_commands(Some(Lang::En)), Lang::En);
    }

    #[test]
    fn an_import_summary_reads_in_both_languages() {
        let args: &[(&str, &dyn std::fmt::Display)] = &[
            ("rows", &3),
            ("written", &2),
            ("unchanged", &1),
            ("invalid", &0),
        ];
        assert_eq!(
            Lang::Zh.f(CliMsg::Imported, args),
            "已导入：共 3 行，写入 2 行，1 行已在名录中（未改变），拒绝 0 行"
        );
        assert_eq!(
            Lang::En.f(CliMsg::Imported, args),
            "imported: 3 rows, 2 written, 1 already in the register (unchanged), 0 rejected"
        );
    }
}
