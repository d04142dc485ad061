//! The import's diagnostics (`certdesk import`: every row, column and file problem) as message
//! keys with named, typed arguments, rendered in the language of the command on stderr, in the
//! JSON report and in the rejects file's reason column. The key's name in snake case is the
//! diagnostic's stable `code` (`--report json`), whatever the language.

use super::{Lang, Text};

message_table! {
    ImportMsg;
    // The header row.
    DuplicateColumn => "第 {first} 列（“{first_header}”）与第 {second} 列（“{second_header}”）都表示 {column}；请只保留其中一列", "columns {first} (\"{first_header}\") and {second} (\"{second_header}\") both mean {column}; keep one of them";
    UnknownColumn => "未知的列，已忽略；可用的列为 {columns}", "unknown column, ignored; the columns are {columns}";
    MissingColumn => "缺少列 {column}：请添加表头为“{zh}”（或“{en}”）的一列", "missing column {column}: add a column headed \"{zh}\" (or \"{en}\")";
    MissingStatusColumn => "缺少列 {column}：--with-status 按每行所写的状态创建资质；请添加表头为“{zh}”（或“{en}”）的一列，或不带 --with-status 作为新批准导入", "missing column {column}: --with-status creates each approval in the state its row states; add a column headed \"{zh}\" (or \"{en}\"), or import without --with-status as new grants";
    StatusOnlyColumn => "列 {column} 只在 --with-status（连同状态迁入名录）时读取；已忽略", "column {column} is read only with --with-status (moving a register in with its states); ignored";
    HeaderlessColumn => "第 {letter} 列有值但没有表头，这些值被忽略：请给它加上表头（{columns}）或删除该列", "column {letter} has values but no header; they are ignored: give it a header ({columns}) or delete it";
    ColumnNamed => "{column}（{zh}）", "{column} ({zh})";
    Optional => "{column}（{zh}，可选）", "{column} ({zh}, optional)";
    NoDataRows => "文件有表头但没有数据行；没有可导入的内容", "the file has a header but no data rows; nothing to import";
    HeaderRowNote => "表头是第 {row} 行；{which}：{shown}{more}", "the header row (表头) is row {row}; {which}: {shown}{more}";
    AboveOne => "其上方的 1 行被忽略", "the row above it is ignored";
    AboveMany => "其上方的 {n} 行被忽略", "the {n} rows above it are ignored";
    RowQuoted => "第 {row} 行“{text}”", "row {row} \"{text}\"";
    MergedCells => "单元格 {range} 是合并单元格：其值“{value}”{where}", "cells {range} are merged: their value \"{value}\" is read {where}";
    MergedColumns => "读入第 {letters} 列的每一列", "in each of columns {letters}";
    MergedRows => "读入第 {first}–{last} 行的每一行", "on each of rows {first}–{last}";
    MergedBlock => "读入第 {first}–{last} 行、第 {letters} 列的每个单元格", "in each cell of rows {first}–{last}, columns {letters}";
    TotalSkipped => "最后一条批准之后的合计行（{word}）：已跳过，未导入", "a total row ({word}) after the last approval: skipped, not imported";

    // The row as a whole.
    ExtraCells => "该行有 {used} 个单元格，而表头只有 {width} 列；是否多了逗号或分隔符？请把值移到正确的表头下", "row has {used} cells but the header has {width}; a stray comma or separator? Move the values under the right headers";
    RepeatsHeader => "该行重复了表头（几张表粘贴在一起？）；请删除该行", "this row repeats the header row (sheets pasted together?); delete it";
    TotalAmongRows => "批准记录中间的合计行（{word}），不是一条批准；请删除（最后一条批准之后的合计行会自动跳过）", "a total row ({word}) among the approvals, not an approval; delete it (a total row after the last approval is skipped by itself)";
    RepeatsExactly => "与第 {earlier} 行完全相同；此行被忽略（删除它即可消除此警告）", "repeats row {earlier} exactly; this copy is ignored (delete it to silence this warning)";
    ApprovalOtherParticulars => "批准号 {approval} 也出现在第 {earlier} 行，但其他信息不同（{columns}）；每个批准只保留一行，并填写正确的信息", "approval number {approval} is also on row {earlier} with other particulars ({columns}); keep one row per approval, with the right particulars";
    NameDiffers => "第 {earlier} 行给统一社会信用代码 {uscc} 写的名称是“{name}”；同一机构只有一个名称：请在每一行写法一致", "row {earlier} gives USCC {uscc} the name \"{name}\"; one body has one name: write it the same way on every row";
    NameDiffersInWidth => "第 {earlier} 行给统一社会信用代码 {uscc} 写的名称是“{name}”（两者只差全角与半角字符）；同一机构只有一个名称：请在每一行写法一致", "row {earlier} gives USCC {uscc} the name \"{name}\" (they differ only in full-width and half-width characters); one body has one name: write it the same way on every row";
    KindDiffers => "第 {earlier} 行给统一社会信用代码 {uscc} 写的机构类型是 {kind}；同一机构只有一种类型：请改正类型或统一社会信用代码", "row {earlier} gives USCC {uscc} the kind {kind}; one body is of one kind: correct the kind or the USCC";

    // Cells.
    ZeroWidthRemoved => "已删除不可见字符 {char}（{name}）；导入的值不含该字符", "the invisible character {char} ({name}) was removed; the value is imported without it";
    ZeroWidthSpace => "零宽空格，通常从网页复制而来", "zero-width space, usually copied from a web page";
    ZeroWidthBom => "单元格内的字节顺序标记，来自拼接的文件", "a byte-order mark inside the cell, from files joined together";
    ZeroWidthNonJoiner => "零宽不连字", "zero-width non-joiner";
    ZeroWidthJoiner => "零宽连字", "zero-width joiner";
    WordJoiner => "词连接符", "word joiner";
    GbkLoss => "“?”处原本是一个字符：文件以 GBK 保存时丢失了字符（GBK 没有“𠮷”等较少见的字）：请另存为 UTF-8 或 GB18030（Excel：另存为 → CSV UTF-8（逗号分隔））后重新导入", "'?' stands where a character was: the file was saved in GBK and lost characters (GBK has no 𠮷 and other rarer characters): save as UTF-8 or GB18030 (Excel: 另存为 → CSV UTF-8（逗号分隔）) and import it again";
    FormulaNoValue => "公式没有保存的值（写出该文件的程序没有计算它）：请在 Excel 中打开文件，重新计算（公式 → 开始计算，或按 F9）后保存，或直接填写值本身", "a formula with no saved value (the program that wrote the file did not calculate it): open the file in Excel, recalculate (公式 → 开始计算, or F9) and save it, or type the value itself";
    ExcelError => "单元格显示 Excel 错误 {value}；请修正公式或直接填写值本身", "the cell shows the Excel error {value}; fix the formula or type the value itself";
    Required => "为空；必填：{what}", "empty; required: {what}";
    WhatUscc => "营业执照上的 18 位统一社会信用代码", "the 18-character unified social credit code from the business licence";
    WhatName => "营业执照上的机构名称", "the body's name as on its business licence";
    WhatKind => "cb 或 cma（认证机构或检验检测机构）", "cb or cma (认证机构 or 检验检测机构)";
    WhatApprovalNo => "批准号，例如 CNCA-R-2002-001 或 240012345678", "the approval number, e.g. CNCA-R-2002-001 or 240012345678";
    WhatRoute => "commitment、optimized 或 general（告知承诺、优化审批或一般程序）", "commitment, optimized or general (告知承诺, 优化审批 or 一般程序)";
    WhatDecidedOn => "批准决定的日期", "the date of the approval decision";
    WhatValidUntil => "有效期的最后一天", "the last day of validity";
    WhatScope => "批准的领域（认证领域），用 ; 或 、 分隔", "the approved fields (认证领域), separated by ; or 、";
    WhatRegion => "六位行政区划代码（GB/T 2260），例如 110000", "the six-digit administrative division code (GB/T 2260), e.g. 110000";
    WhatAuthority => "批准机关，例如 国家市场监督管理总局", "the authority that approved, e.g. 国家市场监督管理总局";
    WhatDocNo => "批准决定的文号", "the document number (文号) of the approval decision";
    WhatRiskClass => "A、B、C 或 D", "A, B, C or D";
    UsccInvalid => "{problem}；请核对营业执照上的代码", "{problem}; check the code on the business licence";
    UsccLostDigits => "{lost}：请把该列设为文本格式（设置单元格格式 → 文本），再按营业执照重新输入代码", "{lost}: format the column as Text (设置单元格格式 → 文本) and type the code again from the business licence";
    LostDigitsScientific => "以数字保存，丢失了位数（Excel 显示为 {value}）", "stored as a number and lost digits (Excel shows it as {value})";
    LostDigitsZeros => "以数字保存，丢失了位数（Excel 只保留 15 位，其余变成了 0）", "stored as a number and lost digits (Excel keeps 15 digits; the rest became 0)";
    UnusualUsccStart => "首字符“{char}”是少见的登记管理部门代码（多数代码以 1、5、9 或 Y 开头）；请与营业执照核对", "the first character '{char}' is an unusual registration-authority code (most codes start with 1, 5, 9 or Y); check it against the business licence";
    KindInvalid => "不是机构类型；请写 cb 或 cma（认证机构或检验检测机构）", "not a body kind; write cb or cma (认证机构 or 检验检测机构)";
    ApprovalInvalid => "{problem}；例如 CNCA-R-2002-001 或 240012345678", "{problem}; e.g. CNCA-R-2002-001 or 240012345678";
    ApprovalLostDigits => "{lost}：请把该列设为文本格式（设置单元格格式 → 文本），再重新输入批准号，例如 240012345678", "{lost}: format the column as Text (设置单元格格式 → 文本) and type the number again, e.g. 240012345678";
    ApprovalElevenDigits => "只有 11 位数字：开头的 0 可能被去掉了（该列以数字保存）：请把该列设为文本格式（设置单元格格式 → 文本），再连同 0 输入，例如 0{value}", "11 digits: a leading 0 was probably dropped (the column was stored as a number): format the column as Text (设置单元格格式 → 文本) and type the number with its 0, e.g. 0{value}";
    CmaNumberButKind => "12 位数字是检验检测机构（CMA）的资质认定证书编号，但机构类型是 {kind}；请改正类型或编号", "a 12-digit number is an inspection and testing body's (CMA) certificate number, but the kind is {kind}; correct the kind or the number";
    CbNumberButKind => "{approval} 是认证机构的批准号，但机构类型是 {kind}；请改正类型或编号", "{approval} is a certification body's approval number, but the kind is {kind}; correct the kind or the number";
    RouteInvalid => "不是审批方式；请写 commitment、optimized 或 general（告知承诺、优化审批或一般程序）", "not an approval route; write commitment, optimized or general (告知承诺, 优化审批 or 一般程序)";
    EndsBeforeDecision => "有效期截至 {end}，并不晚于批准决定日期（{decided}）；请核对两个日期", "the approval ends on {end}, not after it was decided ({decided}); check both dates";
    RegionInvalid => "不是行政区划代码：应为 GB/T 2260 的六位数字，例如 110000（12 位统计用代码取前六位）", "not a region code: six digits of GB/T 2260, e.g. 110000 (of a 12-digit statistical code, give the first six)";
    RegionDiffers => "行政区划 {region} 与统一社会信用代码中的行政区划（第 3–8 位：{uscc_region}）不同；请核对哪一个正确", "region {region} differs from the region in the USCC (positions 3–8: {uscc_region}); check which is right";
    RiskClassInvalid => "不是风险等级；请写 A、B、C 或 D", "not a risk class; write A, B, C or D";
    ScopeOnlySeparators => "只有分隔符，没有列出领域；请列出各领域，用 ; 或 、 分隔", "no field listed, only separators; list the fields separated by ; or 、";
    ScopeItem => "第 {n} 项{problem}", "item {n} {problem}";
    StatusInvalid => "不是状态；请写以下之一：{states}", "not a state; write one of {states}";
    StatusDisagrees => "文件写的状态是 {stated}（{stated_zh}），但导入会把这项资质作为新批准创建为 {created}（{created_zh}）；如要连同状态迁入名录，请用 --with-status 导入（并附上状态所需的列：status_date、status_basis、suspension_deadline ……），或清空状态单元格", "the file states {stated} ({stated_zh}), but an import creates this approval {created} ({created_zh}) as a new grant; to move a register in with its states, import with --with-status (and the columns the states need: status_date, status_basis, suspension_deadline …), or empty the status cell";
    StatedProblem => "{message}", "{message}";

    // The stated facts of a row under --with-status (domain::migration::StatedIssue).
    StatedStatusEmpty => "为空；使用 --with-status 时每一行都要写明其状态：请填写（有效、停业整顿、已撤销……或 active、suspended、revoked……），或不带 --with-status 把该行作为新批准导入", "empty; with --with-status every row states its state: write it (active, suspended, revoked … or 有效, 停业整顿, 已撤销 …), or import the row without --with-status as a new grant";
    StatedState => "“{zh}”（{code}）", "{code} ({zh})";
    StatedRequired => "为空；状态为{state}时必填：{what}", "empty; required for {state}: {what}";
    NeededDecisionDate => "决定日期（YYYY-MM-DD），填在表头为“状态日期”（status_date）的列中", "the date of the decision (YYYY-MM-DD), in a column headed status_date (状态日期)";
    NeededDecisionBasis => "决定的法律依据（例如 认证认可条例第五十八条），填在表头为“状态依据”（status_basis）的列中", "the legal basis of the decision (e.g. 认证认可条例第五十八条), in a column headed status_basis (状态依据)";
    NeededSuspensionDeadline => "停业整顿期满日或整改期限（YYYY-MM-DD），填在表头为“停业整顿期限”（suspension_deadline）的列中", "the end of the suspension period or the rectification deadline (YYYY-MM-DD), in a column headed suspension_deadline (停业整顿期限)";
    NeededRenewalFiledOn => "提出延续申请的日期（YYYY-MM-DD），填在表头为“延续申请日期”（renewal_filed_on）的列中", "the day the renewal was filed (YYYY-MM-DD), in a column headed renewal_filed_on (延续申请日期)";
    StatedDecidedBeforeGrant => "{date} 早于批准日期（{granted}）；请核对两个日期", "{date} is before the approval was granted ({granted}); check both dates";
    StatedDecidedAfterToday => "{date} 晚于今天（{today}）；名录只记载已经作出的决定", "{date} is after today ({today}); a register states decisions already taken";
    StatedSuspensionEndsBeforeItBegins => "{end} 应晚于停业整顿的决定日期 {date}；请核对两个日期", "{end} must be after the suspension's date {date}; check both dates";
    StatedVerificationWithoutCommitment => "只有以告知承诺方式作出的批准才会待核查，而审批方式是{route}；请改正审批方式或状态", "only a notification-commitment (告知承诺) grant awaits verification, but the route is {route}; correct the route or the status";
    StatedVerificationDueBeforeGrant => "{due} 应晚于批准日期（{granted}）；请核对该日期", "{due} must be after the grant ({granted}); check the date";
    StatedRenewalFiledOutside => "{filed} 应在批准日期（{granted}）与有效期截止日（{valid_until}）之间，且不晚于今天（{today}）；请核对该日期", "{filed} must lie between the grant ({granted}) and the end date ({valid_until}), and not after today ({today}); check the date";
    StatedExpiredButInForce => "文件写的状态是{state}，但该资质的有效期至 {valid_until}（今天是 {today}）；请改正有效期截止日或状态", "the file states {state}, but the approval is valid until {valid_until} (today is {today}); correct the end date or the status";
    StatedScopeItemAlsoRevoked => "“{item}”既在批准范围中，又在已撤销的项目中；请只在其中一列列出", "'{item}' is both in the scope and among the revoked items; list it in one column only";
    StatedScopeEmpty => "为空；状态为{state}的资质至少有一项有效的范围项目：请列出，用 ; 或 、 分隔", "empty; a qualification that is {state} has at least one scope item in force: list them, separated by ; or 、";
    StatedReadsExpired => "有效期截止日 {valid_until} 已过：该资质按{state}创建，自今天起显示为已过期", "the end date {valid_until} has passed: the approval is created {state} and reads as expired (已过期) from today";
    DateSerial => "是 Excel 的日期序列号，不是日期；请在 Excel 中把该列设为日期格式（yyyy-mm-dd），或把日期写成 2024-03-05", "an Excel date serial number, not a date; format the column as a date (yyyy-mm-dd) in Excel, or type the date as 2024-03-05";
    NotADate => "不是日期；请写成 {forms}", "not a date; write it as {forms}";
    DateForms => "2024-03-05、2024/3/5、2024.3.5、2024年3月5日 或 20240305", "2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or 20240305";
    YearOutOfRange => "年份 {year} 超出范围（{min}–{max}）；请核对日期", "the year {year} is out of range ({min}–{max}); check the date";

    // Free text (domain::text::TextProblem).
    TextControl => "含有控制字符（U+{code}）；请删除", "contains a control character (U+{code}); remove it";
    TextInvisible => "含有不可见字符 {char}（{name}）；请删除", "contains the invisible character {char} ({name}); remove it";
    TextFormula => "以 {start} 开头，像电子表格公式，Excel 会执行它；请填写值本身，不要填公式", "starts with {start} like a spreadsheet formula, which Excel would run; type the value itself, not a formula";
    TextTooLong => "有 {chars} 个字符，超过 {max} 个；请缩短（开头为“{begins}”）", "has {chars} characters, more than {max}; shorten it (it begins \"{begins}\")";
    StartTab => "制表符", "a tab";
    StartReturn => "回车符", "a carriage return";
    StartChar => "“{char}”", "'{char}'";
    InvisibleZeroWidthSpace => "零宽空格", "zero-width space";
    InvisibleNonJoiner => "零宽不连字", "zero-width non-joiner";
    InvisibleJoiner => "零宽连字", "zero-width joiner";
    InvisibleWordJoiner => "词连接符", "word joiner";
    InvisibleNoBreak => "零宽不换行空格", "zero-width no-break space";
    InvisibleDirection => "方向标记", "direction mark";
    InvisibleBidi => "双向文字嵌入或覆盖字符，会改变显示的文字顺序", "bidi embedding or override, which reorders the text shown";
    InvisibleIsolate => "双向文字隔离字符，会改变显示的文字顺序", "bidi isolate, which reorders the text shown";
    InvisibleSeparator => "行分隔符或段落分隔符", "line or paragraph separator";
    InvisibleOperator => "不可见运算符", "invisible operator";

    // Codes (domain::ids::IdError).
    UsccLength => "统一社会信用代码有 18 个字符，这里有 {n} 个", "a USCC has 18 characters, this has {n}";
    UsccChar => "统一社会信用代码中不会出现“{char}”（从不使用 I、O、S、V、Z 和标点）", "'{char}' cannot appear in a USCC (I, O, S, V, Z and punctuation are never used)";
    UsccRegion => "统一社会信用代码的第 3–8 位是六位数字的行政区划代码", "positions 3–8 of a USCC are a region code of six digits";
    UsccCheck => "校验码是 {found}，按该代码计算应为 {expected}：有一位输错了", "check character is {found}, the code's check character would be {expected}: a digit was mistyped";
    ApprovalNumber => "不是批准号：认证机构的批准号为 CNCA-R-YYYY-NNN 或 CNCA-RF-YYYY-NN，检验检测机构的为 12 位数字", "not an approval number: a certification body's is CNCA-R-YYYY-NNN or CNCA-RF-YYYY-NN, an inspection body's is 12 digits";

    // Against the register (store::import).
    BelongsToOtherBody => "批准号 {approval} 属于另一机构（{uscc} {name}）；导入从不转移批准：请核对批准号或统一社会信用代码", "approval {approval} belongs to another body ({uscc} {name}); an import never moves an approval — check the number or the USCC";
    RegisteredState => "批准号 {approval} 在名录中登记为 {stored}；文件所写的将创建 {file}。导入从不改变状态：请办理改变状态的行为（certdesk act suspend / revoke / withdraw / cancel ……）", "approval {approval} is registered as {stored}; the file states what creates {file}. An import never changes a state: record the act that changed it (certdesk act suspend / revoke / withdraw / cancel …)";
    RegisteredOther => "批准号 {approval} 在名录中登记的 {column} 为 {stored}；文件写的是 {file}。导入从不覆盖：请把变更作为行为办理（certdesk act renew / change-scope / change-particulars）", "approval {approval} is registered with {column} = {stored}; the file says {file}. An import never overwrites: record the change as an act (certdesk act renew / change-scope / change-particulars)";
    RegisteredName => "统一社会信用代码 {uscc} 在名录中登记的名称是“{name}”；请改正名称，或先用 certdesk act change-particulars 办理名称变更", "USCC {uscc} is registered as '{name}'; correct the name, or record a change of name with certdesk act change-particulars first";
    RegisteredKind => "统一社会信用代码 {uscc} 在名录中登记的机构类型是 {kind}", "USCC {uscc} is registered as kind {kind}";

    // A file that cannot be read at all (import::ReadError).
    FileIo => "{file}：无法读取文件：{source}", "{file}: cannot read the file: {source}";
    FileUnknownFormat => "{file}：无法从文件名判断格式；请加 --format csv、--format xlsx 或 --format json", "{file}: cannot tell the format from the file name; pass --format csv, --format xlsx or --format json";
    FileEmpty => "{file}：文件是空的；请连同表头重新导出该表", "{file}: the file is empty; export the sheet again, with its header row";
    FileNoHeader => "{file}：没有表头：每一行都是空的；第一行必须写出各列的名称（统一社会信用代码、机构名称……或 uscc、name……）", "{file}: no header row: every row is empty; the first row must name the columns (统一社会信用代码, 机构名称, … or uscc, name, …)";
    FileEncoding => "{file}：不是有效的 {tried} 文本（偏移 {offset} 处的字节 0x{byte}）；请另存为 CSV UTF-8（Excel：另存为 → “CSV UTF-8（逗号分隔）”）{hint}", "{file}: not valid {tried} text (byte 0x{byte} at offset {offset}); save it as CSV UTF-8 (Excel: Save As → \"CSV UTF-8 (Comma delimited)\"){hint}";
    TriedUtf8 => "UTF-8", "UTF-8";
    TriedUtf8Bom => "UTF-8（文件以 UTF-8 BOM 开头）", "UTF-8 (the file starts with a UTF-8 BOM)";
    TriedUtf8OrGbk => "UTF-8 或 GBK", "UTF-8 or GBK";
    HintGbk => "；如果它是旧版 Excel 保存的普通 CSV，请加 --encoding gbk", " or pass --encoding gbk if it was saved as plain CSV by an older Excel";
    HintUtf8 => "；如果它是 UTF-8，请加 --encoding utf-8", " or pass --encoding utf-8 if it is UTF-8";
    FileUtf16 => "{file}：是 UTF-16 文本（Excel 的“Unicode 文本”），不是 CSV；请另存为 CSV UTF-8（Excel：另存为 → “CSV UTF-8（逗号分隔）”）", "{file}: UTF-16 text (Excel's \"Unicode Text\"), not CSV; save it as CSV UTF-8 (Excel: Save As → \"CSV UTF-8 (Comma delimited)\")";
    FileWorkbookAsCsv => "{file}：不是 CSV 文本，而是 Excel 工作簿；请加 --format xlsx 或把它改名为 .xlsx", "{file}: not CSV text but an Excel workbook; pass --format xlsx or rename it to .xlsx";
    FileCsv => "{file}：无法读取 CSV 文本：{message}；请确认该文件是导出的 CSV", "{file}: cannot read the CSV text: {message}; check the file is a CSV export";
    FileWorkbook => "{file}：不是 Excel 工作簿（{message}）；请在 Excel 中打开并另存为 .xlsx，如果它是 CSV 文本请加 --format csv", "{file}: not an Excel workbook ({message}); open it in Excel and save it as .xlsx, or pass --format csv if it is CSV text";
    FileHtml => "{file}：是以电子表格文件名保存的 HTML 或 XML 网页（网上系统常这样导出表格），不是工作簿；请在 Excel 中打开并另存为 .xlsx 或 CSV UTF-8", "{file}: an HTML or XML page saved under a spreadsheet name (web systems export tables this way), not a workbook; open it in Excel and save it as .xlsx or CSV UTF-8";
    FileHeaderOnOtherSheet => "{file}：第一张工作表“{sheet}”没有表头（前 {rows} 行都没有写出列名）；{others}", "{file}: the first sheet \"{sheet}\" has no header row (none of its first {rows} rows names the columns); {others}";
    OtherSheetOne => "表格在第 {n} 张工作表“{name}”上：请加 --sheet {name}（或 --sheet {n}）", "the table is on sheet {n} \"{name}\": pass --sheet {name} (or --sheet {n})";
    OtherSheetsMany => "有表头的工作表是 {sheets}：请用 --sheet 指定要导入的那一张（名称或序号）", "the sheets with a header row are {sheets}: pass --sheet with the one to import (its name or number)";
    FileNoSuchSheet => "{file}：工作簿中没有工作表“{asked}”；其工作表为 {sheets}：请用 --sheet 指定其中一个名称或序号", "{file}: no sheet \"{asked}\" in the workbook; its sheets are {sheets}: pass --sheet with one of these names or numbers";
    FileNoSheet => "{file}：工作簿中没有工作表；请把表格放在第一张工作表上", "{file}: the workbook has no worksheet; put the table on the first sheet";
    FileEmptySheet => "{file}：工作表“{sheet}”是空的；请把表格放在第一张工作表上（或加 --sheet 名称），表头在前几行", "{file}: the worksheet \"{sheet}\" is empty; put the table on the first sheet (or pass --sheet NAME), header in its first rows";
    FileJson => "{file}：第 {line} 行第 {column} 列：{message}；文件必须是对象组成的 JSON 数组，每个对象一行，例如 [{\"uscc\": \"…\", \"name\": \"…\"}]", "{file}: line {line} column {column}: {message}; the file must be a JSON array of objects, one per row, e.g. [{\"uscc\": \"…\", \"name\": \"…\"}]";
    FileLimit => "{file}：{where}{what}：{found}，超过上限 {max}（certdesk 导入限制）；{fix}", "{file}: {where}{found} {what}, over the limit of {max} (certdesk import limits); {fix}";
    FileJsonValue => "{file}：第 {index} 个元素（第 {row} 行），键“{key}”：值是{what}；请给出字符串或数字（scope 可以是字符串列表）", "{file}: element {index} (row {row}), key \"{key}\": the value is {what}; give a string or a number (a list of strings for scope)";
    JsonListInList => "列表中的列表", "a list inside a list";
    JsonObjectInList => "含有对象的列表", "a list holding an object";
    JsonObject => "一个对象", "an object";
    MoreThan => "超过 {n}", "more than {n}";
    AtLeast => "至少 {n}", "at least {n}";
    LimitColumns => "列数", "columns";
    LimitRows => "数据行数", "data rows";
    LimitCellChars => "一个单元格中的字符数", "characters in one cell";
    LimitFileBytes => "字节数", "bytes";
    LimitRowBytes => "一行中的字节数", "bytes in one row";
    LimitCells => "单元格数", "cells";
    LimitKeys => "不同键（列名）的个数", "distinct keys (column names)";
    FixColumns => "请删除名录不用的列（或最右边零散的单元格）后重新保存", "delete the columns the register does not use (or the stray cells far to the right) and save again";
    FixSplit => "请把文件拆成几批，依次导入", "split the file into batches and import them one after another";
    FixCellChars => "该单元格不是名录中的值：请改正后重新保存", "the cell is not a register value: correct it and save again";
    FixRowBytes => "该行不是名录中的一行（某个单元格装了整篇文档？）：请改正后重新保存", "the row is not a register row (a cell holds a whole document?): correct it and save again";
    FixCells => "请把文件拆成几批，或删除名录不用的工作表和零散单元格，然后重新保存", "split the file into batches, or delete the sheets and stray cells the register does not use, and save again";
    FixKeys => "请去掉名录不用的键（每个对象的键就是它的列）", "leave out the keys the register does not use (each object's keys are its columns)";
}

/// A value of a diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// The same in both languages: a number, a code, a cell as written.
    Plain(String),
    /// A phrase of the table, itself with arguments.
    Said(Box<Diagnosis>),
    /// A phrase made elsewhere in both languages: (Chinese, English).
    Both(String, String),
}

/// One diagnosis: a key of [`ImportMsg`] and its arguments by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub key: ImportMsg,
    pub args: Vec<(&'static str, Arg)>,
}

impl From<ImportMsg> for Diagnosis {
    fn from(key: ImportMsg) -> Diagnosis {
        Diagnosis::new(key)
    }
}

impl Diagnosis {
    pub fn new(key: ImportMsg) -> Diagnosis {
        Diagnosis {
            key,
            args: Vec::new(),
        }
    }

    /// With `name` filled in by `value`, the same in both languages.
    pub fn with(mut self, name: &'static str, value: impl std::fmt::Display) -> Diagnosis {
        self.args.push((name, Arg::Plain(value.to_string())));
        self
    }

    /// With `name` filled in by another phrase of the table.
    pub fn said(mut self, name: &'static str, phrase: impl Into<Diagnosis>) -> Diagnosis {
        self.args.push((name, Arg::Said(Box::new(phrase.into()))));
        self
    }

    /// With `name` filled in by a phrase given in both languages.
    pub fn both(mut self, name: &'static str, zh: String, en: String) -> Diagnosis {
        self.args.push((name, Arg::Both(zh, en)));
        self
    }

    /// The stable code of the diagnosis: its key in snake case ("missing_column").
    pub fn code(&self) -> String {
        code_of(self.key)
    }

    /// The diagnosis as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let v = match arg {
                    Arg::Plain(s) => s.clone(),
                    Arg::Said(d) => d.render(lang),
                    Arg::Both(zh, en) => lang.pick(zh, en).to_string(),
                };
                (*name, v)
            })
            .collect();
        let refs: Vec<(&str, &dyn std::fmt::Display)> = values
            .iter()
            .map(|(n, v)| (*n, v as &dyn std::fmt::Display))
            .collect();
        lang.f(self.key, &refs)
    }
}

/// `MissingColumn` → "missing_column".
pub fn code_of(key: impl std::fmt::Debug) -> String {
    let name = format!("{key:?}");
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// What `domain::text::check_text` refused, as a diagnosis (the English is the domain's own
/// `TextProblem::explain`).
pub fn text_problem(p: &crate::domain::text::TextProblem, value: &str) -> Diagnosis {
    use crate::domain::text::{TextProblem, escape_unsafe, preview};
    match *p {
        TextProblem::Control(c) => {
            Diagnosis::new(ImportMsg::TextControl).with("code", format!("{:04X}", c as u32))
        }
        TextProblem::Invisible(c) => Diagnosis::new(ImportMsg::TextInvisible)
            .with("char", escape_unsafe(&c.to_string()))
            .said("name", invisible_name(c)),
        TextProblem::Formula(c) => {
            let start = match c {
                '\t' => Diagnosis::new(ImportMsg::StartTab),
                '\r' => Diagnosis::new(ImportMsg::StartReturn),
                c => Diagnosis::new(ImportMsg::StartChar).with("char", c),
            };
            Diagnosis::new(ImportMsg::TextFormula).said("start", start)
        }
        TextProblem::TooLong { chars, max } => Diagnosis::new(ImportMsg::TextTooLong)
            .with("chars", chars)
            .with("max", max)
            .with("begins", preview(value)),
    }
}

/// What the stated facts of a row lack (`domain::migration::check_stated`), as a diagnosis.
pub fn stated_problem(issue: &crate::domain::migration::StatedIssue) -> Diagnosis {
    use crate::domain::migration::{Needed, StatedIssue as I};
    use crate::domain::model::QualStatus;
    let state = |s: QualStatus| {
        Diagnosis::new(ImportMsg::StatedState)
            .with("code", s.as_str())
            .with("zh", s.zh())
    };
    let d = Diagnosis::new;
    match issue {
        I::StatusEmpty => d(ImportMsg::StatedStatusEmpty),
        I::Required { status, needed } => d(ImportMsg::StatedRequired)
            .said("state", state(*status))
            .said(
                "what",
                match needed {
                    Needed::DecisionDate => ImportMsg::NeededDecisionDate,
                    Needed::DecisionBasis => ImportMsg::NeededDecisionBasis,
                    Needed::SuspensionDeadline => ImportMsg::NeededSuspensionDeadline,
                    Needed::RenewalFiledOn => ImportMsg::NeededRenewalFiledOn,
                },
            ),
        I::DecidedBeforeGrant { date, granted } => d(ImportMsg::StatedDecidedBeforeGrant)
            .with("date", date)
            .with("granted", granted),
        I::DecidedAfterToday { date, today } => d(ImportMsg::StatedDecidedAfterToday)
            .with("date", date)
            .with("today", today),
        I::SuspensionEndsBeforeItBegins { end, date } => {
            d(ImportMsg::StatedSuspensionEndsBeforeItBegins)
                .with("end", end)
                .with("date", date)
        }
        I::VerificationWithoutCommitment { route } => {
            d(ImportMsg::StatedVerificationWithoutCommitment).both(
                "route",
                format!("{}（{}）", route.zh(), route.as_str()),
                route.as_str().to_string(),
            )
        }
        I::VerificationDueBeforeGrant { due, granted } => {
            d(ImportMsg::StatedVerificationDueBeforeGrant)
                .with("due", due)
                .with("granted", granted)
        }
        I::RenewalFiledOutside {
            filed,
            granted,
            valid_until,
            today,
        } => d(ImportMsg::StatedRenewalFiledOutside)
            .with("filed", filed)
            .with("granted", granted)
            .with("valid_until", valid_until)
            .with("today", today),
        I::ExpiredButInForce {
            status,
            valid_until,
            today,
        } => d(ImportMsg::StatedExpiredButInForce)
            .said("state", state(*status))
            .with("valid_until", valid_until)
            .with("today", today),
        I::ScopeItemAlsoRevoked { item } => {
            d(ImportMsg::StatedScopeItemAlsoRevoked).with("item", item)
        }
        I::ScopeEmpty { status } => d(ImportMsg::StatedScopeEmpty).said("state", state(*status)),
        I::ReadsExpired {
            status,
            valid_until,
        } => d(ImportMsg::StatedReadsExpired)
            .said("state", state(*status))
            .with("valid_until", valid_until),
    }
}

/// What an invisible character does (as `domain::text` names it), in both languages.
fn invisible_name(c: char) -> ImportMsg {
    match c {
        '\u{200B}' => ImportMsg::InvisibleZeroWidthSpace,
        '\u{200C}' => ImportMsg::InvisibleNonJoiner,
        '\u{200D}' => ImportMsg::InvisibleJoiner,
        '\u{2060}' => ImportMsg::InvisibleWordJoiner,
        '\u{FEFF}' => ImportMsg::InvisibleNoBreak,
        '\u{200E}' | '\u{200F}' | '\u{061C}' => ImportMsg::InvisibleDirection,
        '\u{202A}'..='\u{202E}' => ImportMsg::InvisibleBidi,
        '\u{2066}'..='\u{2069}' => ImportMsg::InvisibleIsolate,
        '\u{2028}' | '\u{2029}' => ImportMsg::InvisibleSeparator,
        _ => ImportMsg::InvisibleOperator,
    }
}

/// A code the domain refused (`domain::ids::IdError`), as a diagnosis.
pub fn id_error(e: &crate::domain::ids::IdError) -> Diagnosis {
    use crate::domain::ids::IdError;
    match *e {
        IdError::UsccLength(n) => Diagnosis::new(ImportMsg::UsccLength).with("n", n),
        IdError::UsccChar(c) => Diagnosis::new(ImportMsg::UsccChar).with("char", c),
        IdError::UsccRegion => Diagnosis::new(ImportMsg::UsccRegion),
        IdError::UsccCheck { found, expected } => Diagnosis::new(ImportMsg::UsccCheck)
            .with("found", found)
            .with("expected", expected),
        IdError::ApprovalNo => Diagnosis::new(ImportMsg::ApprovalNumber),
    }
}

/// A file that cannot be read at all, as a diagnosis. The English is the error's own
/// `Display` (tested for every kind); the library's own words (`message`, `source`) and where a
/// limit was broken stay as they were given.
pub fn read_error(e: &crate::import::ReadError) -> Diagnosis {
    use crate::import::ReadError as E;
    let d = |key| Diagnosis::new(key);
    match e {
        E::Io { file, source } => d(ImportMsg::FileIo).with("file", file).both(
            "source",
            super::os::io_error(Lang::Zh, source),
            super::os::io_error(Lang::En, source),
        ),
        E::UnknownFormat { file } => d(ImportMsg::FileUnknownFormat).with("file", file),
        E::Empty { file } => d(ImportMsg::FileEmpty).with("file", file),
        E::NoHeader { file } => d(ImportMsg::FileNoHeader).with("file", file),
        E::Encoding {
            file,
            tried,
            byte,
            offset,
            hint,
        } => {
            let tried = match *tried {
                "UTF-8" => d(ImportMsg::TriedUtf8),
                "UTF-8 (the file starts with a UTF-8 BOM)" => d(ImportMsg::TriedUtf8Bom),
                "UTF-8 or GBK" => d(ImportMsg::TriedUtf8OrGbk),
                other => d(ImportMsg::StatedProblem).with("message", other),
            };
            let hint = match *hint {
                "" => d(ImportMsg::StatedProblem).with("message", ""),
                h if h.contains("gbk") => d(ImportMsg::HintGbk),
                h if h.contains("utf-8") => d(ImportMsg::HintUtf8),
                other => d(ImportMsg::StatedProblem).with("message", other),
            };
            d(ImportMsg::FileEncoding)
                .with("file", file)
                .said("tried", tried)
                .with("byte", format!("{byte:02X}"))
                .with("offset", offset)
                .said("hint", hint)
        }
        E::Utf16 { file } => d(ImportMsg::FileUtf16).with("file", file),
        E::WorkbookAsCsv { file } => d(ImportMsg::FileWorkbookAsCsv).with("file", file),
        E::Csv { file, message } => d(ImportMsg::FileCsv)
            .with("file", file)
            .with("message", message),
        E::Workbook { file, message } => d(ImportMsg::FileWorkbook)
            .with("file", file)
            .with("message", message),
        E::HtmlAsWorkbook { file } => d(ImportMsg::FileHtml).with("file", file),
        E::HeaderOnOtherSheet {
            file,
            sheet,
            others,
        } => {
            let others = match others.as_slice() {
                [(n, name)] => d(ImportMsg::OtherSheetOne).with("n", n).with("name", name),
                _ => {
                    let list = |sep| {
                        others
                            .iter()
                            .map(|(n, name)| format!("{n} \"{name}\""))
                            .collect::<Vec<_>>()
                            .join(sep)
                    };
                    d(ImportMsg::OtherSheetsMany).both("sheets", list("、"), list(", "))
                }
            };
            d(ImportMsg::FileHeaderOnOtherSheet)
                .with("file", file)
                .with("sheet", sheet)
                .with("rows", crate::import::HEADER_SEARCH_ROWS)
                .said("others", others)
        }
        E::NoSuchSheet {
            file,
            asked,
            sheets,
        } => {
            let list = |sep| {
                sheets
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{} \"{s}\"", i + 1))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            d(ImportMsg::FileNoSuchSheet)
                .with("file", file)
                .with("asked", asked)
                .both("sheets", list("、"), list(", "))
        }
        E::NoSheet { file } => d(ImportMsg::FileNoSheet).with("file", file),
        E::EmptySheet { file, sheet } => d(ImportMsg::FileEmptySheet)
            .with("file", file)
            .with("sheet", sheet),
        E::Json {
            file,
            line,
            column,
            message,
        } => d(ImportMsg::FileJson)
            .with("file", file)
            .with("line", line)
            .with("column", column)
            .with("message", message),
        E::Limit {
            file,
            limit,
            found,
            where_,
        } => {
            use crate::import::limits::Limit;
            let (what, fix) = match limit {
                Limit::Columns => (ImportMsg::LimitColumns, ImportMsg::FixColumns),
                Limit::Rows => (ImportMsg::LimitRows, ImportMsg::FixSplit),
                Limit::CellChars => (ImportMsg::LimitCellChars, ImportMsg::FixCellChars),
                Limit::FileBytes => (ImportMsg::LimitFileBytes, ImportMsg::FixSplit),
                Limit::RowBytes => (ImportMsg::LimitRowBytes, ImportMsg::FixRowBytes),
                Limit::Cells => (ImportMsg::LimitCells, ImportMsg::FixCells),
                Limit::Keys => (ImportMsg::LimitKeys, ImportMsg::FixKeys),
            };
            let found = if let Some(n) = found.strip_prefix("more than ") {
                d(ImportMsg::MoreThan).with("n", n)
            } else if let Some(n) = found.strip_prefix("at least ") {
                d(ImportMsg::AtLeast).with("n", n)
            } else {
                d(ImportMsg::StatedProblem).with("message", found)
            };
            d(ImportMsg::FileLimit)
                .with("file", file)
                .with("where", where_)
                .said("found", found)
                .said("what", what)
                .with("max", limit.max())
                .said("fix", fix)
        }
        E::JsonValue {
            file,
            index,
            row,
            key,
            what,
        } => {
            let what = match *what {
                "a list inside a list" => d(ImportMsg::JsonListInList),
                "a list holding an object" => d(ImportMsg::JsonObjectInList),
                "an object" => d(ImportMsg::JsonObject),
                other => d(ImportMsg::StatedProblem).with("message", other),
            };
            d(ImportMsg::FileJsonValue)
                .with("file", file)
                .with("index", index)
                .with("row", row)
                .with("key", key)
                .said("what", what)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::{TextProblem, check_text};

    #[test]
    fn codes_are_the_keys_in_snake_case() {
        assert_eq!(code_of(ImportMsg::MissingColumn), "missing_column");
        assert_eq!(code_of(ImportMsg::UsccCheck), "uscc_check");
        assert_eq!(
            Diagnosis::new(ImportMsg::ApprovalElevenDigits).code(),
            "approval_eleven_digits"
        );
    }

    #[test]
    fn a_diagnosis_reads_in_both_languages_with_its_phrases() {
        let d = Diagnosis::new(ImportMsg::Required).said("what", ImportMsg::WhatRiskClass);
        assert_eq!(d.render(Lang::En), "empty; required: A, B, C or D");
        assert_eq!(d.render(Lang::Zh), "为空；必填：A、B、C 或 D");
        let d = Diagnosis::new(ImportMsg::UsccInvalid).said(
            "problem",
            id_error(&crate::domain::ids::IdError::UsccCheck {
                found: 'M',
                expected: 'L',
            }),
        );
        assert_eq!(
            d.render(Lang::Zh),
            "校验码是 M，按该代码计算应为 L：有一位输错了；请核对营业执照上的代码"
        );
    }

    #[test]
    fn the_english_of_an_unreadable_file_is_its_own() {
        use crate::import::ReadError as E;
        use crate::import::limits::Limit;
        let file = || "a.csv".to_string();
        let mut all = vec![
            E::Io {
                file: file(),
                source: std::io::Error::other("denied"),
            },
            E::UnknownFormat { file: file() },
            E::Empty { file: file() },
            E::NoHeader { file: file() },
            E::Utf16 { file: file() },
            E::WorkbookAsCsv { file: file() },
            E::Csv {
                file: file(),
                message: "bad quote".into(),
            },
            E::Workbook {
                file: file(),
                message: "damaged".into(),
            },
            E::HtmlAsWorkbook { file: file() },
            E::NoSheet { file: file() },
            E::EmptySheet {
                file: file(),
                sheet: "表1".into(),
            },
            E::Json {
                file: file(),
                line: 3,
                column: 4,
                message: "expected value".into(),
            },
            E::NoSuchSheet {
                file: file(),
                asked: "x".into(),
                sheets: vec!["名单".into(), "补充".into()],
            },
        ];
        for others in [
            vec![(2, "名单".to_string())],
            vec![(2, "a".into()), (3, "b".into())],
        ] {
            all.push(E::HeaderOnOtherSheet {
                file: file(),
                sheet: "封面".into(),
                others,
            });
        }
        for (tried, hint) in [
            (
                "UTF-8",
                " or pass --encoding gbk if it was saved as plain CSV by an older Excel",
            ),
            ("GBK", " or pass --encoding utf-8 if it is UTF-8"),
            ("UTF-8 (the file starts with a UTF-8 BOM)", ""),
            ("UTF-8 or GBK", ""),
        ] {
            all.push(E::Encoding {
                file: file(),
                tried,
                byte: 0xFF,
                offset: 2,
                hint,
            });
        }
        for what in [
            "a list inside a list",
            "a list holding an object",
            "an object",
        ] {
            all.push(E::JsonValue {
                file: file(),
                index: 0,
                row: 2,
                key: "uscc".into(),
                what,
            });
        }
        for (limit, found) in [
            (Limit::Columns, "201"),
            (Limit::Rows, "more than 1048576"),
            (Limit::CellChars, "32768"),
            (Limit::FileBytes, "more than 536870912"),
            (Limit::RowBytes, "4194305"),
            (Limit::Cells, "at least 20000001"),
            (Limit::Keys, "at least 201"),
        ] {
            all.push(E::Limit {
                file: file(),
                limit,
                found: found.into(),
                where_: "row 2: ".into(),
            });
        }
        for e in &all {
            let d = read_error(e);
            assert_eq!(d.render(Lang::En), e.to_string());
            let zh = d.render(Lang::Zh);
            assert_ne!(zh, e.to_string());
            assert!(zh.starts_with("a.csv："), "{zh}");
        }
    }

    #[test]
    fn the_english_of_the_domains_problems_is_the_domains_own() {
        for v in ["a\u{7}b", "a\u{202E}b", "a\u{200B}b", "=1+1", "\tx", "-x"] {
            let p = check_text(v, 100).unwrap_err();
            assert_eq!(text_problem(&p, v).render(Lang::En), p.explain(v), "{v:?}");
        }
        let long = "字".repeat(30);
        let p = TextProblem::TooLong { chars: 30, max: 20 };
        assert_eq!(text_problem(&p, &long).render(Lang::En), p.explain(&long));
        for e in [
            crate::domain::ids::Uscc::parse("123").unwrap_err(),
            crate::domain::ids::Uscc::parse("91110000600037341M").unwrap_err(),
            crate::domain::ids::Uscc::parse("9111000060003734IL").unwrap_err(),
            crate::domain::ids::ApprovalNo::parse("CNCA-X").unwrap_err(),
        ] {
            assert_eq!(id_error(&e).render(Lang::En), e.to_string());
        }
    }

    #[test]
    fn every_stated_problem_is_said_in_both_languages() {
        use crate::domain::migration::{Needed, StatedIssue as I};
        use crate::domain::model::{QualStatus, Route};
        let (a, b) = (
            jiff::civil::date(2024, 3, 5),
            jiff::civil::date(2026, 11, 27),
        );
        let s = QualStatus::Suspended;
        let mut all = vec![
            I::StatusEmpty,
            I::DecidedBeforeGrant {
                date: a,
                granted: b,
            },
            I::DecidedAfterToday { date: b, today: a },
            I::SuspensionEndsBeforeItBegins { end: a, date: b },
            I::VerificationWithoutCommitment {
                route: Route::General,
            },
            I::VerificationDueBeforeGrant { due: a, granted: b },
            I::RenewalFiledOutside {
                filed: a,
                granted: b,
                valid_until: b,
                today: b,
            },
            I::ExpiredButInForce {
                status: QualStatus::Expired,
                valid_until: b,
                today: a,
            },
            I::ScopeItemAlsoRevoked { item: "QMS".into() },
            I::ScopeEmpty { status: s },
            I::ReadsExpired {
                status: s,
                valid_until: a,
            },
        ];
        for needed in [
            Needed::DecisionDate,
            Needed::DecisionBasis,
            Needed::SuspensionDeadline,
            Needed::RenewalFiledOn,
        ] {
            all.push(I::Required { status: s, needed });
        }
        let mut codes = std::collections::HashSet::new();
        for issue in &all {
            let d = stated_problem(issue);
            codes.insert(d.code());
            let (zh, en) = (d.render(Lang::Zh), d.render(Lang::En));
            assert!(!zh.contains('{') && !en.contains('{'), "{zh} / {en}");
            // The Chinese carries no English sentence: at most codes and column names.
            for word in [" the ", "empty", "required", "check", "must"] {
                assert!(!zh.contains(word), "{issue:?}: {zh}");
            }
        }
        assert_eq!(codes.len(), all.len() - 3, "one code per kind of problem");
        assert_eq!(
            stated_problem(&I::Required {
                status: s,
                needed: Needed::DecisionDate
            })
            .render(Lang::En),
            "empty; required for suspended (停业整顿): the date of the decision (YYYY-MM-DD), in a column headed status_date (状态日期)"
        );
    }
}
