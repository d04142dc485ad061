//! The store's own messages in Chinese and English: what `StoreError` says beyond the rules'
//! refusals (those are `Rule` keys, `rules.rs`) — a row not found, a stored value that is not
//! valid, a conflict, a database that cannot be opened, a lock, a failure of SQLite.
//!
//! `StoreError::NotFound` and `Invalid` carry a `StoreMessage` (a `StoreMsg` key and its named,
//! typed arguments); `StoreError::render(lang)` says any error in `lang`, and its `Display` is
//! the same table's English, for logs and for the commands' English.

use super::rules::{Arg, placeholders};
use super::{Lang, Text};
use crate::store::StoreError;

message_table! { StoreMsg;
    // Rows that are not there.
    NoQualification => "没有批准号为 {approval} 的资质：请核对批准号（certdesk export qualifications 列出全部资质）", "no qualification with approval number {approval}; check the number (certdesk export qualifications lists them)";
    NoBody => "没有统一社会信用代码或批准号为“{key}”的机构：请对照 certdesk export bodies 核对", "no body with USCC or approval number '{key}'; check it against certdesk export bodies";
    NoPenaltyCase => "没有编号为 {id} 的行政处罚案件：certdesk case show 案号 可以查看案件", "no penalty case {id}; certdesk case show N lists one";
    NoPenaltyCaseKey => "没有案号或编号为“{key}”的行政处罚案件", "no penalty case '{key}' (by number or id)";
    NoApplication => "没有编号为 {id} 的办件：certdesk queue 列出未办结的办件", "no application {id}; certdesk queue lists the open ones";
    NoEvent => "没有编号为 {id} 的事件：机构的监管记录（certdesk show 批准号）列出各事件及其编号", "no event {id}; the body's history (certdesk show APPROVAL_NO) lists its events with their ids";
    NoOfficer => "执法人员名录中没有 {login}", "no officer {login} on the officer table";

    // What a conflict names (`StoreError::Conflict`).
    WhatQualification => "{approval}（版本 {from} → {to}）", "{approval} (version {from} → {to})";
    WhatCase => "案件 {case_no}（版本 {from} → {to}）", "case {case_no} (version {from} → {to})";
    WhatApplication => "办件 {id}", "application {id}";
    Conflict => "在您办理期间，{by} 已于 {at} 修改了{what}；未写入任何内容——请重新载入后再试", "{what} was changed by {by} at {at} while you were working; nothing was written — reload and try again";

    // Values in the file that are not what certdesk writes (another tool edited it).
    StoredDate => "存储的{what}“{value}”不是日期（YYYY-MM-DD）：该文件曾被其他工具修改", "stored {what} '{value}' is not a date (YYYY-MM-DD); the file was edited by another tool";
    StoredQualificationValue => "{approval} 存储的{what}“{value}”无效：该文件曾被其他工具修改", "stored {what} '{value}' of {approval} is not valid";
    StoredApplicationValue => "办件 {id}：存储的{what}无效：该文件曾被其他工具修改", "application {id}: stored {what} is not valid";
    StoredStatus => "存储的状态“{status}”不是资质状态：该文件曾被其他工具修改", "stored status '{status}' is not a state";
    StoredApprovalNo => "存储的批准号“{value}”无效（{why}）：该文件曾被其他工具修改", "the stored approval number '{value}' is not valid ({why}); the file was edited by another tool";
    EventImagesUnreadable => "无法读取事件 {id} 的行记录：请运行 certdesk check", "event {id}'s row images cannot be read; run certdesk check";
    EventImageNotARow => "事件 {id} 中 {table} {row} 的记录不是一行数据：请运行 certdesk check", "event {id}'s image of {table} {row} is not a row";
    LogDoesNotExplain => "日志无法说明 {table} 第 {row} 行在事件 {event} 之前的内容：请运行 certdesk check", "the log does not explain {table} row {row} before event {event}; run certdesk check";
    LogHasNoImage => "事件 {event} 之前没有任何事件记录 {table} 第 {row} 行：请运行 certdesk check", "no event recorded {table} row {row} before event {event}; run certdesk check";
    ChainGap => "第 {id} 条事件接在第 {before} 条之后：第 {from}..{to} 条缺失", "event {id} follows event {before}: events {from}..{to} are missing";
    ChainUnlinked => "第 {id} 条事件与前一条不相衔接：有记录被删除、插入或修改", "event {id} does not link to the event before it: a row was deleted, inserted or edited";
    ChainAltered => "第 {id} 条事件（{act}）与其哈希不符：内容被改动过", "event {id} ({act}) does not match its hash: its content was altered";
    HashChainFailed => "哈希链检查意外失败", "the hash-chain check failed unexpectedly";

    // Opening a database.
    ForeignObject => "{path} 含有并非 certdesk 创建的{object}：它会在每次写入时以办理人的名义运行；未写入任何内容——请删除它（certdesk check 会列出）或从备份恢复", "{path} holds {object}, which certdesk did not make: it would act on every write, in the name of whoever acts; nothing was written — remove it (certdesk check lists it) or restore a backup";
    SchemaNewer => "数据库 {path} 的数据结构为第 {version} 版，新于本 certdesk（第 {supported} 版）；未作任何改动——请升级 certdesk", "database {path} has schema version {version}, newer than this certdesk ({supported}); it was left untouched — upgrade certdesk";
    SchemaOlder => "{path} 的数据结构为第 {version} 版：请用 `certdesk upgrade` 升级一次（所有事件均保留）", "{path} has schema version {version}; upgrade it once with `certdesk upgrade` (it keeps every event)";
    OpenFailed => "数据库 {path}：{why}", "database {path}: {why}";
    Missing => "{path} 处没有数据库——请用 `certdesk init {path}` 新建", "no database at {path} — create one with `certdesk init {path}`";
    NotCertdesk => "{path} 不是 certdesk 数据库（{why}）；未作任何改动", "{path} is not a certdesk database ({why}); it was left untouched";
    CannotRead => "无法读取：{error}", "cannot read it: {error}";
    IsFolder => "这是一个文件夹", "it is a folder";
    EmptyFile => "文件是空的", "the file is empty";
    NotSqlite => "不是 SQLite 文件", "not an SQLite file";
    OtherApplication => "另一个应用程序的 SQLite 文件，应用程序编号 {id}", "an SQLite file of another application, application id {id}";
    NoApplicationId => "没有 certdesk 应用程序编号的 SQLite 文件", "an SQLite file without certdesk's application id";
    NoWal => "无法切换到 WAL 模式（得到 {mode}）：文件必须位于本地磁盘，且您可以写入", "could not switch to WAL (got {mode}); the file must be on a local disk, writable by you";

    // SQLite's failures (`describe_sqlite`): what they mean for the officer.
    SqliteDiskFull => "磁盘已满；未写入任何内容——请腾出空间后重试", "the disk is full; nothing was written — free some space and try again";
    SqliteReadOnly => "数据库无法写入（文件或文件夹只读，或不属于您的组）；未写入任何内容——请申请写入权限", "the database cannot be written (read-only file or folder, or not your group's); nothing was written — ask for write access";
    SqliteCannotOpen => "无法打开数据库（{error}）：请检查路径及其权限", "the database cannot be opened ({error}); check the path and its permissions";
    SqliteLocked => "数据库被其他用户锁定超过 10 秒，期间没有提交；未写入任何内容——请重试", "the database stayed locked by another user for more than 10 seconds with nothing committed meanwhile; nothing was written — try again";
    SqliteNotADatabase => "该文件不是 certdesk 数据库（不是 SQLite 文件，或已损坏）", "the file is not a certdesk database (not SQLite, or damaged)";
    SqliteCorrupt => "数据库文件已损坏：请从备份恢复（certdesk backup）", "the database file is damaged; restore it from a backup (certdesk backup)";
    SqliteIo => "输入输出错误（{error}）；未写入任何内容——请检查磁盘", "input/output error ({error}); nothing was written — check the disk";
    SqliteOther => "数据库错误：{error}", "database error: {error}";

    // Locks.
    Busy => "正在等待 {login} 导入 {file}（{started} 开始）；尚未写入任何内容", "waiting for the import of {file} by {login} (started {started}); nothing was written yet";
    StuckBy => "数据库被 {program}（进程 {pid}，用户 {user}）锁定超过 10 秒，期间没有任何动作（未提交、未工作）；未写入任何内容——请重试", "the database stayed locked for more than 10 seconds by {program} (pid {pid}, user {user}), which did nothing meanwhile (no commit, no work); nothing was written — try again";
    StuckByAnother => "数据库被另一个程序锁定超过 10 秒，期间没有任何动作（未提交、未工作）；未写入任何内容——请重试", "the database stayed locked for more than 10 seconds by another program, which did nothing meanwhile (no commit, no work); nothing was written — try again";

    // Files written for the user (`files::OutputError`).
    OutputExists => "{path} 已存在；certdesk 从不覆盖文件——请换一个文件名，或加 --force 替换它", "{path} already exists; certdesk never overwrites a file — choose a new name, or pass --force to replace it";
    OutputDatabase => "{path} 是 certdesk 正在使用的数据库（或其 -wal/-shm/-journal 文件）；即使加 --force 也不会写入", "{path} is the database certdesk is working on (or its -wal/-shm/-journal file); it is never written over, even with --force";
    OutputExistsNoForce => "{path} 已存在；certdesk 从不覆盖文件——请换一个新文件名", "{path} already exists; certdesk never overwrites a file — choose a new name";
    OutputFolder => "{path} 是文件夹；请给出文件名", "{path} is a folder; give a file name";
    OutputIo => "无法写入 {path}：{error}；未留下任何文件", "cannot write {path}: {error}; nothing was left behind";
    OutputFolderIo => "无法写入 {path}：无法打开其所在文件夹 {folder}：{error}；未留下任何文件", "cannot write {path}: its folder {folder} cannot be opened: {error}; nothing was left behind";
    OutputFailed => "输出失败", "the output failed";
    BackupPathNotUtf8 => "备份路径不是有效的 UTF-8", "the backup path is not valid UTF-8";

    // Settings and officers.
    UnknownSetting => "没有名为“{key}”的设置；可用的设置为 {keys}", "unknown setting '{key}'; the settings are {keys}";
    SettingNotInRange => "{key}：“{value}”不是 1 到 120 之间的整数", "{key}: '{value}' is not a whole number from 1 to 120";
    SettingNotPercent => "{key}：“{value}”不是 0 到 100 之间的整数（百分数）", "{key}: '{value}' is not a whole number from 0 to 100 (percent)";
    SettingNotMonths => "{key}：“{value}”不是 0 到 120 之间的整数（月数；0 表示不排除）", "{key}: '{value}' is not a whole number from 0 to 120 (months; 0 excludes none)";
    NotALogin => "“{login}”不是登录名：请填写执法人员登录所用的账户名（不含空格）", "'{login}' is not a login name: give the account name the officer logs in with (no spaces)";
    OfficerControlChar => "--{field}：不允许使用控制字符（{char}）", "--{field}: a control character ({char}) is not allowed";
    OfficerJurisdiction => "管辖区域（--jurisdiction）：{why}", "--jurisdiction: {why}";

    // The demo's generator (a failure here is a bug in it).
    DemoApplication => "示例办件 {uscc}：{why}", "demo application {uscc}: {why}";
    DemoActWithoutDate => "{approval} 的示例计划：有一项行为没有日期", "demo plan for {approval}: an act without a date";
    DemoBrokeRule => "{approval} 的示例计划违反了规则：{date} 的{act}被拒绝：{why}（示例生成程序的错误）", "demo plan for {approval} broke a rule: {act} on {date} refused: {why} (a bug in the demo generator)";
}

/// A message of the store: its key and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreMessage {
    pub msg: StoreMsg,
    pub args: Vec<(&'static str, Arg)>,
}

impl StoreMessage {
    /// The message `msg` with `args`; in debug builds, the arguments must be exactly the key's
    /// placeholders (as `RuleMessage::new` checks).
    pub fn new(msg: StoreMsg, args: Vec<(&'static str, Arg)>) -> Self {
        debug_assert_eq!(
            {
                let mut v: Vec<&str> = args.iter().map(|(n, _)| *n).collect();
                v.sort_unstable();
                v.dedup();
                v
            },
            placeholders(msg.text(Lang::En)),
            "the arguments of {msg:?} are not its placeholders"
        );
        StoreMessage { msg, args }
    }

    /// The sentence in `lang`, its placeholders filled in (in one pass: a value is never
    /// searched for placeholders itself).
    pub fn render(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(n, a)| (*n, a.render(lang)))
            .collect();
        let args: Vec<(&str, &dyn std::fmt::Display)> = values
            .iter()
            .map(|(n, v)| (*n, v as &dyn std::fmt::Display))
            .collect();
        super::fill(self.msg.text(lang), &args)
    }

    /// This message as an argument of another one, said in both languages.
    pub fn said(&self) -> Arg {
        Arg::Said {
            zh: self.render(Lang::Zh),
            en: self.render(Lang::En),
        }
    }
}

impl std::fmt::Display for StoreMessage {
    /// English, for logs and the commands' English.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// `StoreMessage::new(StoreMsg::…, rule_args![…])` in one: `store_msg!(NoApplication, id = 3)`.
#[macro_export]
macro_rules! store_msg {
    ($msg:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::store::StoreMessage::new(
            $crate::i18n::store::StoreMsg::$msg,
            $crate::rule_args![$($name = $value),*],
        )
    };
}

/// What a failure of SQLite means for the officer, and that nothing was written (every write
/// is one transaction, rolled back on any error).
pub fn describe_sqlite(e: &rusqlite::Error) -> StoreMessage {
    use rusqlite::ErrorCode::*;
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    let error = super::os::sqlite_arg(e);
    match code {
        Some(DiskFull) => store_msg!(SqliteDiskFull),
        Some(ReadOnly) => store_msg!(SqliteReadOnly),
        Some(CannotOpen) | Some(PermissionDenied) => store_msg!(SqliteCannotOpen, error = error),
        Some(DatabaseBusy) | Some(DatabaseLocked) => store_msg!(SqliteLocked),
        Some(NotADatabase) => store_msg!(SqliteNotADatabase),
        Some(DatabaseCorrupt) => store_msg!(SqliteCorrupt),
        Some(SystemIoFailure) => store_msg!(SqliteIo, error = error),
        _ => store_msg!(SqliteOther, error = error),
    }
}

/// A file that exists, for a command that writes only new files (it has no --force).
pub fn output_exists_no_force(p: &std::path::Path) -> StoreMessage {
    store_msg!(OutputExistsNoForce, path = p.display().to_string())
}

/// Why a file for the user was not written, as a store message.
pub fn output_message(e: &crate::files::OutputError) -> StoreMessage {
    use crate::files::OutputError;
    let shown = |p: &std::path::Path| p.display().to_string();
    match e {
        OutputError::Exists(p) => store_msg!(OutputExists, path = shown(p)),
        OutputError::Database(p) => store_msg!(OutputDatabase, path = shown(p)),
        OutputError::Folder(p) => store_msg!(OutputFolder, path = shown(p)),
        OutputError::Io { path, source } => {
            store_msg!(
                OutputIo,
                path = shown(path),
                error = super::os::io_arg(source)
            )
        }
        OutputError::FolderIo {
            path,
            folder,
            source,
        } => store_msg!(
            OutputFolderIo,
            path = shown(path),
            folder = shown(folder),
            error = super::os::io_arg(source)
        ),
    }
}

impl StoreError {
    /// The error said in `lang`: the rules' refusal, the store's message, or what the database
    /// or the lock did — with what to do. (`Display` is `render(Lang::En)`.)
    pub fn render(&self, lang: Lang) -> String {
        let path = |p: &std::path::Path| Arg::Text(p.display().to_string());
        match self {
            StoreError::NotFound(m) | StoreError::Invalid(m) => m.render(lang),
            StoreError::Refused(r) => r.message(lang),
            StoreError::Conflict { what, by, at } => StoreMessage::new(
                StoreMsg::Conflict,
                vec![
                    ("what", what.said()),
                    ("by", Arg::Text(by.clone())),
                    ("at", Arg::Text(at.clone())),
                ],
            )
            .render(lang),
            StoreError::Output(e) => output_message(e).render(lang),
            StoreError::Open { path: p, why } => StoreMessage::new(
                StoreMsg::OpenFailed,
                vec![("path", path(p)), ("why", why.said())],
            )
            .render(lang),
            StoreError::Missing(p) => {
                StoreMessage::new(StoreMsg::Missing, vec![("path", path(p))]).render(lang)
            }
            StoreError::NotCertdesk { path: p, why } => StoreMessage::new(
                StoreMsg::NotCertdesk,
                vec![("path", path(p)), ("why", why.said())],
            )
            .render(lang),
            StoreError::Sqlite(e) => describe_sqlite(e).render(lang),
            StoreError::Busy(w) => store_msg!(
                Busy,
                file = w.file.clone(),
                login = w.login.clone(),
                started = w.started_local()
            )
            .render(lang),
            StoreError::Stuck(Some(h)) => store_msg!(
                StuckBy,
                program = h.program.clone(),
                pid = h.pid,
                user = h.user.clone()
            )
            .render(lang),
            StoreError::Stuck(None) => store_msg!(StuckByAnother).render(lang),
        }
    }
}

impl std::fmt::Display for StoreError {
    /// English, for logs (and the commands' English).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_store_message_has_both_languages() {
        for m in StoreMsg::ALL {
            let (zh, en) = (m.text(Lang::Zh), m.text(Lang::En));
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{m:?}");
            assert_ne!(zh, en, "{m:?}: the Chinese text is the English one");
            assert!(has_chinese(zh), "{m:?}: the Chinese text has no Chinese");
            assert_eq!(placeholders(zh), placeholders(en), "{m:?}: placeholders");
        }
    }

    #[test]
    fn a_store_error_renders_in_both_languages() {
        let e = StoreError::NotFound(store_msg!(NoApplication, id = 999i64));
        assert_eq!(
            e.render(Lang::En),
            "no application 999; certdesk queue lists the open ones"
        );
        assert_eq!(e.to_string(), e.render(Lang::En));
        assert!(e.render(Lang::Zh).contains("没有编号为 999 的办件"));

        let e = StoreError::Conflict {
            what: store_msg!(
                WhatCase,
                case_no = "市监处〔2026〕1号",
                from = 1i64,
                to = 2i64
            ),
            by: "wang".into(),
            at: "2026-11-03T10:00:00Z".into(),
        };
        assert!(
            e.render(Lang::En)
                .starts_with("case 市监处〔2026〕1号 (version 1 → 2) was changed by wang"),
            "{e}"
        );
        let zh = e.render(Lang::Zh);
        assert!(
            zh.contains("案件 市监处〔2026〕1号（版本 1 → 2）") && zh.contains("未写入任何内容"),
            "{zh}"
        );

        let e = StoreError::Missing("/tmp/x.db".into());
        assert!(e.render(Lang::Zh).contains("/tmp/x.db 处没有数据库"));
        assert!(e.to_string().starts_with("no database at /tmp/x.db"));
        let e = StoreError::NotCertdesk {
            path: "/tmp/x.db".into(),
            why: store_msg!(EmptyFile),
        };
        assert_eq!(
            e.to_string(),
            "/tmp/x.db is not a certdesk database (the file is empty); it was left untouched"
        );
        assert!(
            e.render(Lang::Zh).contains("（文件是空的）"),
            "{}",
            e.render(Lang::Zh)
        );
        let e = StoreError::Stuck(None);
        assert!(e.render(Lang::Zh).contains("另一个程序"));
        assert!(e.to_string().contains("another program"));
    }

    #[test]
    fn a_value_is_not_read_as_a_placeholder() {
        let m = store_msg!(NoBody, key = "{key}{id}");
        assert!(m.render(Lang::En).contains("'{key}{id}'"));
        assert!(m.render(Lang::Zh).contains("“{key}{id}”"));
    }

    #[test]
    fn sqlite_failures_say_what_to_do_in_both_languages() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let e = StoreError::Sqlite(full);
        assert!(e.to_string().contains("the disk is full"));
        assert!(e.render(Lang::Zh).contains("磁盘已满"));
    }

    #[test]
    #[should_panic(expected = "not its placeholders")]
    #[cfg(debug_assertions)]
    fn a_message_without_its_arguments_is_caught() {
        store_msg!(NoApplication);
    }
}
