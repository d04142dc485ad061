//! The sentences of the screens: one line per message, Chinese then English. `{name}` marks a
//! value filled in by `Lang::f`; both languages must use the same names (tested).

use super::Lang;

macro_rules! messages {
    ($($id:ident => $zh:literal, $en:literal;)+) => {
        /// A sentence of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($id),+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$id),+];
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$id, Lang::Zh) => $zh, (Msg::$id, Lang::En) => $en,)+
                }
            }
        }
    };
}

messages! {
    // Screens.
    ScreenQueue => "待办", "Queue";
    ScreenRegister => "名录", "Register";
    ScreenReports => "统计", "Reports";
    ScreenLog => "日志", "Log";
    ScreenBody => "机构档案", "Body file";
    ScreenHelp => "帮助", "Help";
    Today => "今日 {date}", "today {date}";
    TooSmall => "窗口太小（{w}×{h}）：请把终端放大到至少 {minw}×{minh}。", "The window is too small ({w}×{h}): enlarge the terminal to at least {minw}×{minh}.";
    NoTerminal => "界面需要在终端中运行（标准输入和输出都必须是终端）。脚本中请使用子命令，例如 certdesk queue、certdesk show、certdesk export（见 certdesk --help）。", "the screens need a terminal (stdin and stdout must both be terminals); from scripts use the subcommands instead, e.g. certdesk queue, certdesk show, certdesk export (see certdesk --help)";
    ErrTerminal => "终端出错：{why}", "terminal error: {why}";
    BadTheme => "--theme / CERTDESK_THEME：“{value}”不是可用的主题；请写 light（浅色背景）、dark（深色背景）或 auto（询问终端，默认）", "--theme / CERTDESK_THEME: '{value}' is not a theme; write light (light background), dark (dark background) or auto (ask the terminal; the default)";
    BadAmbiguousWidth => "--ambiguous-width / CERTDESK_AMBIGUOUS_WIDTH：“{value}”不是可用的宽度；请写 narrow（·、→、… 占一列）、wide（占两列：PuTTY、Xshell 的 CJK 选项，xterm -cjk_width）或 auto（测量终端，默认）", "--ambiguous-width / CERTDESK_AMBIGUOUS_WIDTH: '{value}' is not a width; write narrow (·, →, … take one column), wide (two columns: the CJK option of PuTTY and Xshell, xterm -cjk_width) or auto (measure the terminal; the default)";
    NeedsUtf8 => "界面需要 UTF-8 终端：当前的区域设置 {locale} 使用 {charset} 编码，界面上的中文会显示成乱码。请把终端的字符编码设为 UTF-8，并用 LANG={suggest} 启动（例如 LANG={suggest} certdesk）。子命令写出的文件和 JSON 一律是 UTF-8。", "the screens need a UTF-8 terminal: the locale {locale} uses {charset}, in which the screens' Chinese would show as mojibake. Set the terminal's character encoding to UTF-8 and start with LANG={suggest} (e.g. LANG={suggest} certdesk). The files and JSON the subcommands write are always UTF-8.";
    OfferNewDatabase => "{path} 处没有数据库。是否新建？[y/N]", "There is no database at {path}. Create one? [y/N]";
    NoDatabaseCreated => "未新建数据库；可用 certdesk init {path} 新建，或用 --db 指定已有的数据库", "no database was created; create one with certdesk init {path}, or give an existing one with --db";
    ErrStore => "数据库：{why}", "database: {why}";
    NotHere => "此命令在当前界面不可用", "that command is not available on this screen";

    // Help and modes.
    HelpIntro => "按键说明由按键表生成。Esc 关闭帮助，j/k 滚动。", "Generated from the keymap. Esc closes the help, j/k scroll.";
    HelpHere => "当前", "here";
    ModeAny => "任何时候（包括输入时）", "Anywhere (also while typing)";
    ModeGlobal => "所有界面", "Every screen";
    ModeList => "列表", "Lists";
    ModeFacets => "分面筛选栏", "Facet bar";
    ModeFilter => "筛选输入框", "Filter input";
    ModeTextEdit => "文本输入", "Text input";
    ModeForm => "办理表单", "Act form";
    ModeConfirm => "确认", "Confirmation";
    ModeMenu => "可办理行为菜单", "Menu of acts";
    ModePalette => "命令面板", "Command palette";
    ModeDetail => "详情", "Details";

    // Key descriptions (help, status bar, palette).
    KeyQuit => "退出", "quit";
    KeyHelp => "帮助", "help";
    KeyBack => "返回/退出", "back / quit";
    KeyClose => "关闭", "close";
    KeyPalette => "命令", "commands";
    KeyRedraw => "重绘并刷新", "redraw and reload";
    KeyDown => "下移", "down";
    KeyUp => "上移", "up";
    KeyTop => "首行", "first row";
    KeyBottom => "末行", "last row";
    KeyPageDown => "下一页", "page down";
    KeyPageUp => "上一页", "page up";
    KeyOpen => "打开", "open";
    KeyNextPane => "切换窗格", "next pane";
    KeyPrevPane => "上一窗格", "previous pane";
    KeyHorizon => "到期范围", "horizon";
    KeyFilter => "筛选", "filter";
    KeySort => "排序", "sort";
    KeyFacets => "分面", "facets";
    KeyClearFilters => "清除筛选", "clear filters";
    KeyPrevFacet => "左一项", "previous facet";
    KeyNextFacet => "右一项", "next facet";
    KeyNextValue => "换值", "next value";
    KeyPrevValue => "上一值", "previous value";
    KeyBackToList => "回到列表", "back to the list";
    KeyActs => "办理", "acts";
    KeyExport => "导出CSV", "export CSV";
    KeyVerify => "校验哈希链", "verify chain";
    KeyEndInput => "结束输入", "end input";
    KeyDeleteBack => "删除前一字", "delete back";
    KeyDeleteForward => "删除后一字", "delete forward";
    KeyLeft => "左移光标", "cursor left";
    KeyRight => "右移光标", "cursor right";
    KeyHome => "行首", "line start";
    KeyEnd => "行尾", "line end";
    KeyClearLine => "清空", "clear the line";
    KeyNextField => "下一项", "next field";
    KeyPrevField => "上一项", "previous field";
    KeySubmit => "提交", "submit";
    KeyCancel => "取消", "cancel";
    KeyYes => "确认执行", "yes, do it";
    KeyNo => "取消（默认）", "no (default)";
    KeyChoose => "选择", "choose";

    // Columns and labels.
    ColName => "机构名称", "Name";
    ColUscc => "统一社会信用代码", "USCC";
    ColApproval => "批准号", "Approval no.";
    ColStatus => "状态", "Status";
    ColRoute => "审批方式", "Route";
    ColKind => "类型", "Kind";
    ColRisk => "风险", "Risk";
    ColRegion => "地区", "Region";
    ColValidUntil => "有效期至", "Valid until";
    ColDue => "事项", "What is due";
    ColDueOn => "到期日", "Due on";
    ColDaysLeft => "剩余", "Left";
    ColDate => "日期", "Date";
    ColAct => "行为", "Act";
    ColActor => "操作人", "By";
    ColChange => "状态变化", "Change";
    ColBasis => "依据", "Basis";
    ColDocNo => "文号", "Doc. no.";
    ColReason => "理由", "Reason";
    ColEvent => "事件", "Event";
    RecordedAt => "记录时间", "Recorded";
    DecidedOn => "批准日期", "Decided on";
    Authority => "批准机关", "Authority";
    Address => "地址", "Address";
    LegalRep => "法定代表人", "Legal rep.";
    Details => "详细", "Details";
    Hash => "哈希", "hash";

    // Queue.
    QueueOverdue => "逾期 {n} 项", "{n} overdue";
    QueueDueSoon => "{days} 天内到期 {n} 项", "{n} due within {days} days";
    DeemedRenewal => "视为准予延续（行政许可法第五十条）：有效期至 {until}", "Renewed by law (Administrative Licensing Law Art. 50): in force until {until}";
    RenewalFiledInTime => "已按期申请延续：到期未决定的视为准予延续", "Renewal filed in time: renewed by law if undecided at the end date";
    RenewalFiledLate => "延续申请逾期提出：到期未决定的不视为准予延续", "Renewal filed late: no renewal by law if undecided at the end date";
    QueueEstimated => "* {years}年无节假日安排：按周末和法定假日估算（certdesk calendar import 载入）", "* {years} unscheduled: weekends + statutory holidays (certdesk calendar import)";
    QueueAsOf => "截至 {date}，逾期在前；w 切换范围，Enter 打开机构档案", "As of {date}, overdue first; w changes the horizon, Enter opens the body's file";
    QueueEmpty => "没有逾期或 {days} 天内到期的事项。", "Nothing overdue or due within {days} days.";
    DueToday => "今天到期", "due today";
    OverdueDays => "逾期{n}天", "{n}d overdue";
    OverdueWorkingDays => "逾期{n}工作日", "{n}wd overdue";
    LeftDays => "剩{n}天", "{n}d";
    LeftWorkingDays => "剩{n}工作日", "{n} work days";
    Overdue => "逾期", "overdue";
    DueBy => "截至 {date}", "due {date}";

    // Register.
    FilterLabel => "/ 筛选:", "/ filter:";
    FilterPlaceholder => "按 / 输入名称、统一社会信用代码或批准号", "press / and type a name, USCC or approval number";
    LogFilterPlaceholder => "按 / 输入行为（中文或英文）、批准号、USCC、操作人姓名或账号、文号，或理由/依据中的文字", "press / and type an act (Chinese or English), approval no., USCC, officer's name or login, doc. no., or words of a reason / basis";
    MatchCount => "共 {n} 条", "{n} matches";
    MatchCountCapped => "超过 {n} 条", "over {n} matches";
    Searching => "查询中…", "searching…";
    NoMatches => "没有匹配的记录。", "No matching records.";
    FacetAll => "全部", "all";
    FacetSort => "排序", "Sort";

    // Body file.
    Qualifications => "资质", "Qualifications";
    Scope => "认证领域/检验检测能力", "Scope";
    OpenFollowUps => "待办", "Open follow-ups";
    FollowUps => "待办事项", "Follow-ups";
    NoneOpen => "无", "none";
    ClosedOn => "已办结", "closed";
    Open => "未办结", "open";
    History => "履历", "History";
    BarUntil => "禁止申请至 {date}", "barred from applying until {date}";
    CommitmentBarred => "不得再适用告知承诺", "commitment route closed";
    NoActs => "当前状态（{status}）下没有可办理的行为。", "No act is allowed in the present state ({status}).";
    ErrNoFile => "找不到 {key} 的机构档案（可能是尚未批准的申请）。", "No body file for {key} (perhaps an application not yet granted).";
    ErrBadApproval => "批准号无效，无法办理。", "The approval number is not valid; no act can be done.";

    // Act forms.
    FieldDate => "决定日期", "Date";
    FieldResult => "结果", "Result";
    FieldDeadline => "整改期限", "Deadline";
    FieldSuspendUntil => "整顿期限至", "Suspended until";
    FieldBarUntil => "禁止申请至", "Barred until";
    FieldValidUntil => "新有效期至", "New end date";
    FieldScopeAdd => "增加领域", "Add scope";
    FieldScopeRemove => "撤销/减少领域", "Remove scope";
    FieldCapabilityAdd => "增加能力", "Add capabilities";
    FieldCapabilityRemove => "撤销/减少能力", "Remove capabilities";
    FieldName => "机构名称", "Name";
    FieldHearingHeld => "听证举行日期", "Hearing held on";
    HintHearingHeld => "已申请听证的：举行日期（决定在听证之后）", "if a hearing was requested: the day it was held (the decision follows it)";
    FieldNotice => "告知书送达日", "Notice served on";
    FieldHearing => "听证", "Hearing";
    FieldOfficers => "执法人员", "Officers";
    FieldList => "名单", "List";
    FieldBasis => "法律依据", "Legal basis";
    HintDate => "YYYY-MM-DD，也可写 2026/3/5 或 2026年3月5日", "YYYY-MM-DD (2026/3/5 and 2026年3月5日 work too)";
    HintDeadlineIfRectify => "结果为“限期整改”时必填", "required when the result is “needs rectification”";
    HintChoice => "←/→ 或空格选择", "←/→ or Space to choose";
    HintList => "多项用 ; 或 、 分隔", "separate items with ; or 、";
    HintPartialRevoke => "留空撤销全部；部分撤销请写{scope}项目（当前：{items}）", "empty revokes everything; name {scope} items for a partial revocation (now: {items})";
    HintScopeNow => "当前{scope}：{items}", "present {scope}: {items}";
    HintRenewUntil => "留空 = 原有效期加法定年限", "empty = the present end date plus the validity period";
    HintUnchanged => "留空表示不变", "empty leaves it unchanged";
    HintOfficers => "至少两名，用 ; 分隔", "at least two, separated by ;";
    HintBasis => "条款项，如：{examples}", "article and paragraph, e.g. {examples}";
    NotChosen => "（未选）", "(none)";
    ErrNotADate => "“{value}” 不是日期，请写 YYYY-MM-DD", "“{value}” is not a date; write YYYY-MM-DD";
    ErrRequired => "必填", "required";
    ErrBasisRequired => "必须写明法律依据（条款项）", "the legal basis is required (article and paragraph)";
    WaitingForImport => "正在等待 {login} 的导入完成：{file}（{started} 开始）；尚未写入", "waiting for the import of {file} by {login} (started {started}); nothing written yet";
    ErrLocked => "数据库被其他用户锁定超过 10 秒，期间无人提交，未写入，请重试", "the database stayed locked by another user for more than 10 seconds with nothing committed meanwhile; nothing was written — try again";
    EscStopsWaiting => "按 Esc 停止等待", "Esc stops waiting";
    WaitingForLock => "数据库正被其他用户写入，正在等待……", "the database is being written by another user; waiting…";
    ErrConflict => "未保存：{by} 已于 {at} 修改了该资质。已重新载入，请核对后再办理。", "Nothing was written: {by} changed this qualification at {at}. The file was reloaded; check it and try again.";
    ConfirmQuestion => "确认{act}？此行为将暂停或终止资质。", "Really {act}? This suspends or ends the qualification.";
    ConfirmWarned => "确认{act}？请先核对下面的依据提示。", "Really {act}? Check the note on the basis below first.";
    BasisWarning => "依据提示：{warning}", "Basis: {warning}";
    SumStatus => "状态：{before} → {after}", "Status: {before} → {after}";
    SumOpens => "新增待办：{what}，截至 {date}", "Opens: {what}, due {date}";
    SumCloses => "办结待办：{what}（{result}）", "Closes: {what} ({result})";
    SumScope => "{scope} {item} → {status}", "{scope} {item} → {status}";
    SumScopeAdd => "增加{scope}：{items}", "Adds {scope}: {items}";
    SumValidUntil => "有效期至 → {date}", "Valid until → {date}";
    SumListed => "列入{list}", "Listed on the {list}";
    SumDelisted => "移出{list}", "Removed from the {list}";
    ActDone => "已办理：{act} {approval}（{before} → {after}）", "Done: {act} {approval} ({before} → {after})";

    // Correcting the record.
    KeyCorrect => "更正所选事件", "correct the selected event";
    KeyAnnul => "撤销所选行为", "annul the selected act";
    KeyRawRecord => "所选事件的原始记录（供核对）", "the selected event as stored (for checking)";
    RawRecordTitle => "事件 #{id} 的原始记录", "event #{id} as stored";
    RecordedIn => "记录于 {at}", "recorded {at}";
    TimesIn => "时间为 {zone}", "times in {zone}";
    PickAnEventFirst => "先在日志中选中一条事件", "select an event of the log first";
    PickAnEvent => "请先在履历中选中一条事件（Tab 切换到履历）。", "Select an event in the history first (Tab to the history).";
    NothingToCorrect => "事件 {id}（{act}）没有可更正的事项。", "Event {id} ({act}) has nothing that can be corrected.";
    CorrectTitle => "更正 事件 {id}：{act}", "Correct event {id}: {act}";
    AnnulTitle => "撤销原行政行为 事件 {id}：{act}", "Annul event {id}: {act}";
    FieldToCorrect => "更正事项", "Field";
    FieldNewValue => "更正为", "Corrected value";
    FieldCorrectionBasis => "依据", "Basis";
    FieldAnnulDate => "撤销日期", "Date of annulment";
    HintNowValue => "现为：{value}", "now: {value}";
    HintCorrectionBasis => "批准更正的文书或条款", "the document or article that approves it";
    ConfirmCorrect => "确认更正？状态不变，履历保留原记录。", "Really correct? The state stays; the history keeps the original.";
    ConfirmAnnul => "确认撤销原行政行为？将恢复该行为改变的状态。", "Really annul? The state the act changed is restored.";
    SumCorrection => "事件 {id} {field}：{old} → {new}", "Event {id} {field}: {old} → {new}";
    SumAnnul => "撤销事件 {id}（{act}），{date} 起", "Annuls event {id} ({act}), as of {date}";
    SumAnnulRestores => "恢复其改变的状态、领域和名单，办结其新增的待办，重开其办结的待办", "Restores the state, scope and listings it changed, closes the follow-ups it opened, reopens those it closed";
    CorrectDone => "已更正：事件 {id} {field} {old} → {new}", "Corrected: event {id} {field} {old} → {new}";
    AnnulDone => "已撤销：事件 {id}（{act}）{approval}（{before} → {after}）", "Annulled: event {id} ({act}) {approval} ({before} → {after})";
    AnnulWithdraw => "该处罚已公示：须于 {date} 前撤下公示（市场监管总局令第45号第十一条）", "The penalty was published: withdraw it by {date} (SAMR Order 45 Art. 11)";
    MarkCorrected => "已更正", "corrected";
    MarkAnnulled => "已撤销（事件 {id}）", "annulled (event {id})";
    DetailCorrection => "更正（事件 {id}，{by}）：{field} {old} → {new}；理由：{reason}", "Correction (event {id}, {by}): {field} {old} → {new}; reason: {reason}";
    DetailAnnulled => "已被事件 {id} 撤销", "Annulled by event {id}";

    // Penalty cases (行政处罚的一般程序).
    KeyCase => "处罚案件", "penalty case";
    Cases => "处罚案件", "Penalty cases";
    CaseOpenedOn => "立案 {date}", "opened {date}";
    CaseNext => "下一时限：{what} 截至 {date}（{left}）", "Next: {what} due {date} ({left})";
    CaseLimitShort => "决定期限 {date}", "decide by {date}";
    CaseNoClock => "无待办时限", "no clock running";
    CaseMenuTitle => "处罚案件 {approval}", "Penalty case {approval}";
    CaseNothing => "案件 {case_no} 已结案，没有可办理的步骤。", "Case {case_no} is closed: no step is left.";
    CaseFormTitle => "{step} — {case_no} {approval}", "{step} — {case_no} {approval}";
    FieldCaseNo => "案号", "Case no.";
    FieldIntended => "拟处罚", "Intended penalty";
    FieldPenalty => "处罚决定", "Penalty";
    FieldOpenedOn => "立案日期", "Opened on";
    FieldLeadOn => "发现线索日", "Lead found on";
    HintLeadOn => "可留空；核查期限为发现后15个工作日", "optional; the lead is verified within 15 working days";
    FieldStepDate => "日期", "Date";
    FieldHearingOn => "听证日期", "Hearing on";
    HintHearingOn => "已申请听证的：定于哪天举行（至少提前7个工作日通知）", "if requested: the day set (notified at least 7 working days ahead)";
    HintHearingAnswer => "←/→ 选择当事人的答复；只定听证日期或记录举行时可不选", "←/→ the party's answer; leave it for setting or recording the hearing";
    FieldDays => "延长天数", "Days";
    HintDays => "1–60 天", "1 to 60 days";
    HintExtendBasis => "负责人批准的文书", "the approval of the head of the office";
    FieldOutcome => "结案情况", "Outcome";
    HintDecideAct => "须与告知的拟处罚一致", "as announced in the notice";
    HintSuspendOnly => "责令停业整顿时必填", "required for a suspension";
    ErrNotDays => "“{value}” 不是天数", "“{value}” is not a number of days";
    CaseOpened => "已立案：{case_no}（{approval}）", "Case opened: {case_no} ({approval})";
    CaseStepDone => "已记录：{step}（{case_no}）", "Recorded: {step} ({case_no})";
    CaseDetailTitle => "案件 {case_no}", "Case {case_no}";
    CaseDetailOfficers => "执法人员：{names}", "Officers: {names}";
    CaseDetailNotice => "告知书送达：{date}   听证申请期至：{until}", "Notice served: {date}   hearing may be requested until: {until}";
    CaseDetailHearing => "听证：{answer}（答复 {answered}，定于 {on}，举行 {held}）", "Hearing: {answer} (answered {answered}, set for {on}, held {held})";
    CaseDetailLimit => "决定期限：{date}（90日，延长 {days} 日，行政处罚法第六十条）", "Decision due by {date} (90 days + {days} extended, Administrative Penalty Law Art. 60)";
    CaseDetailDecision => "决定：{decision} {date}   送达：{served}   结案：{closed} {outcome}", "Decision: {decision} {date}   served: {served}   closed: {closed} {outcome}";

    // Reports.
    RepAsOf => "统计截至 {date}（e 导出当前显示内容为 CSV）", "Counts as of {date} (e exports what is shown as CSV)";
    Computing => "正在统计…", "computing…";
    RepByStatus => "按状态", "By status";
    RepByRoute => "按审批方式", "By route";
    RepByKind => "按机构类型", "By kind";
    RepByRegion => "按地区（省）", "By province";
    RepByRisk => "按风险等级", "By risk class";
    RepOverdue => "逾期事项", "Overdue";
    RepByYear => "按批准年份", "Approvals by year";
    CsvSection => "分组", "section";
    CsvCode => "代码", "code";
    CsvLabel => "名称", "label";
    CsvCount => "数量", "count";
    Exported => "已导出：{path}", "Exported to {path}";
    ErrExport => "导出失败：{why}", "Export failed: {why}";

    // Jurisdiction and region facets (queue, register, reports).
    ScopeJurisdiction => "辖区 {region}", "jurisdiction {region}";
    ScopeEverything => "全部地区", "everywhere";
    ScopeWidenKey => "（{key} 切换）", " ({key} switches)";
    ScopeNoJurisdiction => "全部地区（未设辖区：certdesk officer set {login} --jurisdiction 代码）", "everywhere (no jurisdiction: certdesk officer set {login} --jurisdiction CODE)";
    FacetRegion => "区划", "Region";
    FacetDueKind => "事项", "Due";
    QueueShown => "显示 {n} / {all} 项", "showing {n} of {all}";
    RepByRegionIn => "按下级区划（{region}）", "By subdivision of {region}";
    KeyWiden => "辖区/全部", "jurisdiction / everywhere";
    KeyRegionDown => "进入下级区划", "into the region's subdivisions";
    KeyRegionUp => "回到上级区划", "back to the region above";
    RegionEmpty => "没有给出区划代码：省级写 2 位（如 44），地市级 4 位（如 4403），区县级 6 位（如 440305）", "no region code given: write 2 digits for a province (e.g. 44), 4 for a city (4403), 6 for a county (440305)";
    RegionNotDigits => "“{value}”不是区划代码：只能是数字——省级 2 位（如 44），地市级 4 位（如 4403），区县级 6 位（如 440305）", "'{value}' is not a region code: digits only — 2 for a province (e.g. 44), 4 for a city (4403), 6 for a county (440305)";
    RegionLength => "“{value}”有 {n} 位数字：区划代码是 2 位（省级，如 44）、4 位（地市级，如 4403）或 6 位（区县级，如 440305）", "'{value}' has {n} digits: a region code has 2 (a province, e.g. 44), 4 (a city, 4403) or 6 (a county, 440305)";
    RegionUnknown => "区划代码 {value} 不在 GB/T 2260 代码表（民政部 2020 年县以上行政区划代码）中，名录中也没有该区划的机构：请核对代码（如深圳市南山区 440305）", "region code {value} is not in the GB/T 2260 table (the Ministry of Civil Affairs' list of 2020) and no body in the register lies in it: check the code (e.g. 440305 for 深圳市南山区)";
    KindUnknown => "“{value}”不是待办事项类型：可用 {kinds}（也可用具体事项，如 renewal_filing）", "'{value}' is not a kind of queue item: use {kinds} (or an exact item kind such as renewal_filing)";
    AuthorityUnknown => "没有登记为 {value} 的执法机关：先用 certdesk officer set 登录名 --authority 机关 --jurisdiction 代码 登记；已登记：{known}", "no officer is recorded with the authority '{value}': record one with certdesk officer set LOGIN --authority NAME --jurisdiction CODE; recorded: {known}";
    AuthorityNoJurisdiction => "执法机关 {value} 的人员没有登记辖区：用 certdesk officer set 登录名 --jurisdiction 代码 登记", "the officers of the authority '{value}' have no jurisdiction recorded: record it with certdesk officer set LOGIN --jurisdiction CODE";
    AuthorityAmbiguous => "执法机关 {value} 的人员登记了不同的辖区（{regions}）：请改用 --region 指定", "the officers of the authority '{value}' are recorded with different jurisdictions ({regions}): give --region instead";
    RegionAndAuthority => "--region 与 --authority 只能用一个", "give --region or --authority, not both";

    // Log.
    ChainNotChecked => "哈希链：未校验（按 v 校验）", "Hash chain: not verified (press v)";
    ChainChecking => "哈希链：校验中…", "Hash chain: verifying…";
    ChainOk => "哈希链：完整（{n} 条事件已校验）", "Hash chain: intact ({n} events verified)";
    ChainBroken => "哈希链：第 {id} 条事件异常——{why}", "Hash chain: BROKEN at event {id} — {why}";
    ChainFailed => "哈希链：无法校验——{why}", "Hash chain: could not verify — {why}";

    // Applications (办件): the list, an application's file, its acts.
    ScreenApplications => "办件", "Applications";
    ScreenApplication => "办件档案", "Application";
    KeyReceive => "收件（新办件）", "receive a new application";
    ColAppNo => "编号", "No.";
    ColPurpose => "类别", "Purpose";
    ColClock => "时限", "Clock";
    ColReceivedOn => "收件日期", "Received";
    AppCount => "共 {n} 件", "{n} applications";
    AppShown => "显示 {n} / {all} 件", "showing {n} of {all}";
    AppEmpty => "没有办件。按 n 收件。", "No applications. Press n to receive one.";
    AppAsOf => "截至 {date}，未办结在前、时限近者在前；Enter 打开办件，a 办理，n 收件", "As of {date}: open first, by clock; Enter opens, a acts, n receives";
    AppFilterPlaceholder => "按 / 输入申请人名称、统一社会信用代码、批准号或办件编号", "press / and type an applicant's name, USCC, approval no. or application no.";
    AppStateOpen => "未办结", "open";
    AppStateDecided => "已办结", "decided";
    AppClockPaused => "{since}起中止", "paused {since}";
    AppPausedSince => "自 {since} 起中止计时（专家评审等时间不计入审批期限）", "clock stopped since {since} (expert review and the like do not count)";
    AppClockWaiting => "等待补正材料", "awaiting materials";
    AppClockDecided => "{date} 办结", "decided {date}";
    AppTitle => "办件 #{id}", "Application #{id}";
    AppTab => "办件 #{id}", "#{id}";
    AppReceived => "收件 {date}", "received {date}";
    AppMaterialsDue => "补正告知期限 {date}", "materials window ends {date}";
    AppAccepted => "受理 {date}", "accepted {date}";
    AppDecisionDue => "决定期限 {date}", "decision due {date}";
    AppPausedTotal => "已中止 {n}", "paused for {n}";
    AppDecided => "办结 {date}", "decided {date}";
    AppScope => "申请领域/能力", "Scope applied for";
    AppNoActs => "办件当前状态（{status}）下没有可办理的行为。", "No act is allowed on the application in its present state ({status}).";
    AppMenuTitle => "办理 办件 #{id}", "Acts on application #{id}";
    AppNotFound => "找不到办件 #{id}。", "No application #{id}.";
    AppFormTitle => "{act} — 办件 #{id} {name}", "{act} — application #{id} {name}";
    AppReceiveTitle => "收件 — 新办件", "Receive a new application";
    FieldPurpose => "申请类别", "Purpose";
    FieldApplicant => "申请人名称", "Applicant";
    FieldUscc => "统一社会信用代码", "USCC";
    FieldKind => "机构类型", "Kind";
    FieldRoute => "审批方式", "Route";
    FieldApprovalToRenew => "延续的批准号", "Approval to renew";
    HintApprovalToRenew => "申请类别为“延续”时必填", "required for a renewal";
    FieldApprovalNo => "批准号（证书编号）", "Approval no.";
    HintApprovalNo => "印在批准书上的编号：CNCA-R-2026-101 或 12 位证书编号", "as printed: CNCA-R-2026-101, or a 12-digit certificate number";
    FieldRegionCode => "区划代码", "Region code";
    HintRegionCode => "留空 = 统一社会信用代码第3–8位", "empty = positions 3–8 of the USCC";
    FieldRiskClass => "风险等级", "Risk class";
    FieldReceivedOn => "收件日期", "Received on";
    FieldAuthority => "批准机关", "Authority";
    FieldGrantUntil => "有效期至", "Valid until";
    HintGrantUntil => "留空 = 决定日期加法定年限", "empty = the decision date plus the validity period";
    FieldMissing => "需补正的材料", "Materials missing";
    HintMissing => "一次性写明全部缺少的材料（行政许可法第三十二条）", "everything missing, at once (Administrative Licensing Law Art. 32)";
    ErrBadUscc => "统一社会信用代码有误：{why}", "not a valid USCC: {why}";
    ErrBadApprovalNo => "批准号有误：{why}", "not a valid approval number: {why}";
    AppReceivedDone => "已收件：办件 #{id}（{name}）", "Received: application #{id} ({name})";
    AppActDone => "已办理：{act} 办件 #{id}（{before} → {after}）", "Done: {act}, application #{id} ({before} → {after})";
    AppConfirm => "确认{act}？此行为将办结该办件。", "Really {act}? This decides the application.";
    AppConfirmWithdraw => "确认记录申请人撤回申请？此行为将办结该办件。", "Record the applicant's withdrawal? This ends the application.";
    AppSumCountsFrom => "视为自 {date} 受理（行政许可法第三十二条第一款第四项）", "Counts as accepted on {date} (Administrative Licensing Law Art. 32(4))";
    AppSumGrant => "批准号 {approval}，有效期至 {until}", "Approval {approval}, valid until {until}";
    AppConflict => "未保存：{by} 已于 {at} 修改了该办件。已重新载入，请核对后再办理。", "Nothing was written: {by} changed this application at {at}. It was reloaded; check it and try again.";
}
