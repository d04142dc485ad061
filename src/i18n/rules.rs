//! The refusals of the rules, as message keys with arguments, in Chinese and English.
//!
//! The domain refuses with a `RuleMessage` (a `Rule` key and its named arguments), never with
//! a sentence: the screens render it in the UI language, the CLI in English (or `--lang zh`)
//! from the same table. Every key has both texts with the same `{name}` placeholders, and a
//! refusal is built with exactly the arguments its key names (checked when built in debug
//! builds, so every test that meets a refusal checks it; `every_rule_has_both_languages`
//! walks the keys).

use super::Lang;
use crate::domain::acts::{ActKind, CreditList, FollowUpKind};
use crate::domain::applications::{ApplicationAct, ApplicationStatus};
use crate::domain::ids::BodyKind;
use crate::domain::model::QualStatus;
use jiff::civil::Date;

macro_rules! rules {
    ($($id:ident => $zh:literal, $en:literal;)+) => {
        /// The key of one refusal of the rules.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule { $($id),+ }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$id),+];
            /// The stable name of the key (the variant's name).
            pub fn key(self) -> &'static str {
                match self { $(Rule::$id => stringify!($id)),+ }
            }
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Rule::$id, Lang::Zh) => $zh, (Rule::$id, Lang::En) => $en,)+
                }
            }
        }
    };
}

rules! {
    // The acts (domain/acts.rs).
    ChooseAct => "请选择要办理的行为", "choose an act";
    DateRequired => "必须填写日期：决定的日期（YYYY-MM-DD）", "date is required: the date of the decision (YYYY-MM-DD)";
    DeadlineRequiredRectify => "必须填写期限：机构应完成整改的日期（YYYY-MM-DD）", "deadline is required: the date by which the body must rectify (YYYY-MM-DD)";
    DeadlineRequiredSuspension => "必须填写期限：停业整顿期满或整改期限（YYYY-MM-DD）", "deadline is required: the end of the suspension period or rectification deadline (YYYY-MM-DD)";
    DeadlineRequiredBar => "必须填写期限：机构在此日期前不得申请（YYYY-MM-DD）", "deadline is required: the date until which the body may not apply (YYYY-MM-DD)";
    DeadlineRequiredShortenBar => "必须填写期限：禁入期新的、更早的截止日期（YYYY-MM-DD）", "deadline is required: the new, earlier end of the bar (YYYY-MM-DD)";
    DateAfterToday => "日期 {date} 晚于今天（{today}）：行为按作出决定的日期登记", "date {date} is after today ({today}); acts are recorded when decided";
    DateBeyondHorizon => "{date} 晚于 {latest}：请填写真实日期（无固定期限的不在此填写期限）", "{date} is after {latest}; give the real date (an open-ended period has no deadline here)";
    DateBeforeGrant => "日期 {date} 早于批准日期（{granted}）：请核对日期", "date {date} is before the approval was granted ({granted}); check the date";
    BasisRequired => "必须填写法律依据：写明条款，例如 认证认可条例第五十八条", "legal basis is required: name the article, e.g. 认证认可条例第五十八条";
    ActNotAllowed => "资质当前为{status}，不能办理{act}；仅在以下状态可以办理：{allowed}", "{act} is not allowed: the qualification is {status}; it is allowed only when {allowed}";
    DeadlineNotAfterDate => "期限 {deadline} 必须晚于行为日期 {date}", "deadline {deadline} must be after the act's date {date}";
    VerifyResultRequired => "必须选择核查结果：符合、限期整改、未履行承诺或承诺不实", "result is required: conforming, rectify, unkept or false";
    NoRectificationOpen => "没有未结的责令限期改正，无法记录整改结果", "there is no open rectification order to record a result for";
    RectificationResultRequired => "必须选择整改结果：已整改或逾期未整改", "result is required: met or missed";
    RevokeEveryItem => "这样会撤销全部{scope}项目：请改为撤销整个资质（{scope}留空）", "that would revoke every {scope} item: revoke the whole approval instead (leave the {scope} empty)";
    RenewalAlreadyFiled => "已于 {filed} 受理延续申请（办件 {application}）：请以准予延续或不予延续作出决定", "a renewal was already filed on {filed} (application {application}); decide it with renew or refuse-renewal";
    RenewalAfterExpiry => "资质已于 {valid_until} 到期：延续申请须在到期前提出——请重新申请", "the approval ended on {valid_until}; a renewal must be filed before expiry — apply anew";
    NoRenewalFiled => "尚未受理延续申请：请先受理延续申请（或 application receive --purpose renewal）", "no renewal was filed: file-renewal (or application receive --purpose renewal) first";
    LateRenewalExpired => "资质已于 {valid_until} 到期，其延续申请于 {filed} 逾期提出，不适用视为准予延续（行政许可法第五十条）：机构须重新申请", "the approval ended on {valid_until} and its renewal, filed late on {filed}, gives no renewal by law (行政许可法第五十条): the body applies anew";
    RenewalDecidedBeforeFiling => "日期 {date} 早于延续申请的受理日期（{filed}）：请核对日期", "date {date} is before the renewal was filed ({filed}); check the date";
    NewEndNotLater => "新的有效期至 {new_end} 必须晚于现在的有效期至（{valid_until}）", "the new end date {new_end} must be after the present one ({valid_until})";
    NothingToRefuse => "尚未受理延续申请：没有可以不予延续的申请", "no renewal was filed: there is nothing to refuse";
    RenewedByLaw => "于 {filed} 按期提出的延续申请在有效期届满日 {valid_until} 前未作决定：资质视为准予延续（行政许可法第五十条第二款），不能再不予延续；如有其他事由（撤销、撤回、行政处罚），请依其依据办理", "the renewal filed in time on {filed} was not decided by the end date {valid_until}: the approval is renewed by law (视为准予延续，行政许可法第五十条第二款) and the renewal can no longer be refused; act on other grounds (revoke, withdraw, a penalty) with their own basis";
    ScopeNothingNamed => "请写明要增加或减少的{scope}项目", "name the {scope} items to add or to remove";
    ScopeAlreadyIn => "“{item}”已在{scope}内", "'{item}' is already in the {scope}";
    ScopeWasRevoked => "“{item}”已被撤销：只能通过新的申请（certdesk application receive）恢复，不能通过变更{scope}恢复", "'{item}' was revoked: it comes back only through a new application (certdesk application receive), not a change of {scope}";
    ScopeWouldBeEmpty => "{scope}不能为空：请改为注销资质", "the {scope} cannot become empty: cancel the approval instead";
    NotActiveScopeItem => "“{item}”不是有效的{scope}项目；有效的项目为：{active}", "'{item}' is not an active {scope} item; the active items are: {active}";
    ParticularsNothing => "请填写新的名称、地址或法定代表人", "give the new name, address or legal representative";
    NameEmpty => "名称不能为空", "the name cannot be empty";
    NoPublicationDue => "没有待公示的行政处罚", "there is no penalty awaiting publication";
    NoPublicationToWithdraw => "没有需要撤下的公示（已公示的处罚被撤销时才会产生）", "no publication is to be withdrawn (an annulled penalty that was published opens one)";
    CreditListRequired => "必须选择名单：经营异常名录或严重违法失信名单", "list is required: abnormal (经营异常名录) or serious (严重违法失信名单)";
    AlreadyListed => "该机构已在{list}中", "the body is already on the {list} list";
    NotOnAnyList => "该机构不在任何信用名单中", "the body is on no credit list";
    NotListed => "该机构不在{list}中", "the body is not on the {list} list";
    BarOnlyShortened => "该机构禁入期至 {bar}：缩短禁入期须以专门的行为办理——缩短禁入期，并在理由中写明依据（行政复议、法院判决或本机关复查）", "the body is barred until {bar}: a bar is shortened only by an act that says so — shorten-bar, with its ground (a reconsideration, a court, the office's review) in the reason";
    NoBarRuns => "没有正在执行的禁入期，无可缩短", "no bar runs: there is nothing to shorten";
    BarNotEarlier => "禁入期至 {bar}：新的截止日期必须更早（延长请用设定禁入期）", "the bar runs until {bar}: the new end must be earlier (set-bar lengthens it)";
    ShortenBarReason => "请在理由中写明缩短禁入期的原因（作出缩短决定的文书）", "say why the bar is shortened (the decision that shortens it): --reason";
    DateBeforeAnswered => "日期 {date} 早于本行为所针对的{what}（{opened}）：请核对日期", "date {date} is before the {what} of {opened} that this act answers; check the date";

    // Free text (domain/text.rs).
    TextControl => "{field}含有控制字符（U+{code}）：请删除", "{field} contains a control character (U+{code}); remove it";
    TextInvisible => "{field}含有不可见字符 {escaped}（{what}）：请删除", "{field} contains the invisible character {escaped} ({what}); remove it";
    TextFormula => "{field}以{start}开头，像电子表格公式，Excel 会执行它：请填写值本身，不要写公式", "{field} starts with {start} like a spreadsheet formula, which Excel would run; type the value itself, not a formula";
    TextTooLong => "{field}有 {chars} 个字符，超过 {max} 个：请缩短（开头是“{begins}”）", "{field} has {chars} characters, more than {max}; shorten it (it begins \"{begins}\")";

    // The penalty procedure (domain/penalty.rs).
    OfficersTooFew => "行政处罚应由两名以上执法人员调查和决定（行政处罚法第四十二条）：请写明执法人员，例如 张伟,王芳", "a penalty is investigated and decided by at least two law-enforcement officers (行政处罚法第四十二条): name them, e.g. --officers 张伟,王芳";
    HearingNoticeTooShort => "于 {noticed} 通知的听证最早只能在 {earliest} 举行：应在听证七个工作日前通知当事人（行政处罚法第六十四条第二项、第八十五条）", "a hearing notified on {noticed} can be held on {earliest} at the earliest: the party is told at least 7 working days before (行政处罚法第六十四条第二项、第八十五条)";
    NoNotice => "尚未送达行政处罚告知书：未告知不得作出处罚决定（行政处罚法第四十四条、第六十二条）——请先送达（certdesk case notify）并填写送达日期", "no notice of the intended penalty was served: a penalty cannot be decided without it (行政处罚法第四十四条、第六十二条) — serve it (certdesk case notify) and give its date (--notice-served-on)";
    NoticeAfterDecision => "行政处罚告知书（{notice}）必须在处罚决定（{date}）之前送达（行政处罚法第四十四条）", "the notice of intended penalty ({notice}) must be served before the decision ({date}) (行政处罚法第四十四条)";
    NoticeBeforeCase => "告知书日期（{notice}）早于立案日期（{opened}）：请核对日期", "the notice ({notice}) is dated before the case was opened ({opened}); check the date";
    DecisionLimitPassed => "案件于 {opened} 立案：应在 {limit} 前作出决定（90日，行政处罚法第六十条）；请先登记经批准的延期（certdesk case extend）", "the case was opened on {opened}: the decision was due by {limit} (90 days, 行政处罚法第六十条); record an approved extension first (certdesk case extend)";
    DecisionLimitPassedExtended => "案件于 {opened} 立案：应在 {limit} 前作出决定（90日，已延长 {days} 日，行政处罚法第六十条）；请先登记经批准的延期（certdesk case extend）", "the case was opened on {opened}: the decision was due by {limit} (90 days + {days} days extended, 行政处罚法第六十条); record an approved extension first (certdesk case extend)";
    HearingAnswerMissing => "请填写当事人对告知书的答复：书面放弃听证、已申请听证、已举行听证（日期）或逾期未申请听证（行政处罚法第六十三条、第六十四条）", "say what the party answered to the notice: --hearing waived (in writing), requested, held:YYYY-MM-DD, or not_requested (行政处罚法第六十三条、第六十四条)";
    HearingNotApplicable => "{act}当事人有权要求听证（行政处罚法第六十三条：责令停产停业、吊销许可证件）：“不适用”不是答复——请登记书面放弃、已申请、已举行（日期）或逾期未申请", "{act} carries the right to a hearing (行政处罚法第六十三条: 责令停产停业、吊销许可证件): not_applicable is not an answer — record waived, requested, held:YYYY-MM-DD or not_requested";
    HearingWindowOpen => "当事人可在 {window_ends} 前要求听证（告知书 {notice} 送达后五个工作日，行政处罚法第六十四条第一项、第八十五条）：请在此之后决定，或登记当事人书面放弃听证", "the party may ask for a hearing until {window_ends} (5 working days after the notice of {notice}, 行政处罚法第六十四条第一项、第八十五条): decide after it, or record a written waiver (--hearing waived)";
    HearingNotHeld => "当事人已申请听证但尚未举行：处罚决定应根据听证笔录作出（行政处罚法第六十四条、第六十五条）——请先登记听证（已举行及日期，或 certdesk case hearing --held-on）", "a hearing was requested and has not been held: the decision follows the hearing (行政处罚法第六十四条、第六十五条) — record it (--hearing held:YYYY-MM-DD, or certdesk case hearing --held-on)";
    HearingOutsideRange => "听证日期（{held}）必须在告知书（{notice}）与处罚决定（{date}）之间", "the hearing ({held}) must lie between the notice ({notice}) and the decision ({date})";

    // Words by kind of body (domain/kinds.rs).
    CbRuleForCma => "{rule}只适用于认证机构；本机构是检验检测机构：请引用其规章，{order38}或{order39}", "{rule} governs 认证机构 (certification bodies) only; this is a 检验检测机构 (inspection and testing body): name its rule, {order38} or {order39}";
    CbArticleForCma => "{car}{article}（第 {n} 条）针对的是认证机构；本机构是检验检测机构：请改为引用{order38}或{order39}的条款", "{car}{article} (Art. {n}) speaks of 认证机构 (certification bodies); this is a 检验检测机构 (inspection and testing body): name the article of {order38} or {order39} instead";
    CmaRuleForCb => "{rule}只适用于检验检测机构；本机构是认证机构：请引用其法规，{car}或{measures}", "{rule} governs 检验检测机构 (inspection and testing bodies) only; this is a 认证机构 (certification body): name its rule, {car} or {measures}";

    // Applications (domain/applications.rs).
    ApplicationActNotAllowed => "办件当前为{status}，不能{act}", "{act} is not allowed: the application is {status}";
    ApplicationAcceptFirst => "办件当前为{status}，不能{act}：请先受理（告知承诺的申请可在同一天受理并批准）", "{act} is not allowed: the application is {status}; accept it first (commitment applications may be accepted and granted on the same day)";
    Barred => "该机构在 {bar} 前不得申请（行政许可法第七十八条、第七十九条）：此前不得取得新的批准，也不得扩大范围", "the body is barred from applying until {bar} (行政许可法第七十八条、第七十九条): no new approval and no more scope before then";
    CommitmentRouteClosed => "该机构曾作出不实承诺，告知承诺方式对其关闭：请适用一般程序", "the commitment route is closed to this body after a false commitment; use the general procedure";
    MaterialsWindowClosed => "补正材料只能在 {due} 前一次告知（收件 {received} 后五个工作日）；到 {date} 申请已自收件之日起视为受理（行政许可法第三十二条第一款第四项）：请受理，或依实体理由不予许可", "materials can be requested until {due} (5 working days after receipt on {received}); on {date} the application already counts as accepted on receipt (行政许可法第三十二条第一款第四项): accept it, or refuse it on its merits";

    // Correcting the record (domain/corrections.rs).
    OwnReasonRequired => "必须填写理由：说明{what}的原因", "the reason is required: say why the {what} is made (更正/撤销的理由)";
    OwnBasisRequired => "必须填写依据：写明要求{what}的决定或条款，例如 行政复议决定书 或 行政许可法第六十九条", "the basis is required: name the decision or article that orders the {what}, e.g. 行政复议决定书 or 行政许可法第六十九条";
    CorrectACorrection => "事件 {id} 本身就是更正：请对原事件再次更正（履历会保留两者）", "event {id} is itself a correction: correct the original event again (the history keeps both)";
    CorrectAnAnnulment => "事件 {id} 是撤销原行政行为：其理由和依据不能在此更正——请以新的行为另行记录", "event {id} is an annulment; its reason and basis cannot be corrected here — record a note with a new act";
    CorrectAnnulled => "事件 {id}（{act}）已被事件 {by} 撤销：被撤销的行为已不再有效，无可更正", "event {id} ({act}) was annulled by event {by}: an annulled act is no longer in force, there is nothing to correct";
    CorrectNoAct => "事件 {id}（{act}）不是对资质的监管行为：无可更正；请从机构的监管记录中选择一项行为（certdesk show）", "event {id} ({act}) records no regulatory act on a qualification: nothing to correct; choose an act from the body's history (certdesk show)";
    CorrectNoSuchFact => "事件 {id}（{act}）没有{field}这一事项，不能更正；可更正的事项为：{names}", "{field} cannot be corrected on event {id} ({act}): it has no such fact; the correctable fields are: {names}";
    CorrectUnknownField => "“{field}”不是可以更正的事项；事件 {id}（{act}）可更正的事项为：{names}", "'{field}' is not a field that can be corrected; the correctable fields of event {id} ({act}) are: {names}";
    CorrectNotADate => "“{value}”不是日期：请写成 YYYY-MM-DD，例如 2026-03-05", "'{value}' is not a date; write YYYY-MM-DD, e.g. 2026-03-05";
    CorrectEmpty => "请填写新的{field}：空的{field}不是更正", "give the new {field}: an empty {field} is no correction";
    CorrectUnchanged => "事件 {id} 的{field}已经是 {new}：无可更正", "{field} of event {id} is already {new}: nothing to correct";
    CorrectAfterToday => "{date} 晚于今天（{today}）：行为按作出决定的日期登记", "{date} is after today ({today}); an act is dated when it was decided";
    CorrectBeforeGrant => "{date} 早于批准日期（{granted}）：请核对日期", "{date} is before the approval was granted ({granted}); check the date";
    CorrectBeforeAnswered => "{date} 早于本行为所针对事项的开始日期 {answered}：请核对日期", "{date} is before {answered}, when what this act answers was opened; check the date";
    CorrectNotBeforeDeadline => "{date} 不早于该行为的期限 {deadline}：请先更正期限", "{date} is not before the act's deadline {deadline}; correct the deadline first";
    CorrectNotBeforeEnd => "{date} 不早于该行为给出的有效期至 {end}", "{date} is not before the end date {end} the act gave";
    CorrectDecisionNotBeforeEnd => "批准日期 {date} 必须早于有效期至 {end}", "the decision date {date} must be before the end date {end}";
    CorrectGrantAfterLater => "本资质的事件 {event} 日期为 {later}，早于 {date}：批准日期不能晚于其后的行为；请核对日期", "event {event} on this approval is dated {later}, before {date}: an approval cannot be granted after its later acts; check the date";
    CorrectEndNotAfterStart => "有效期至 {date} 必须晚于决定日期 {start}", "the end date {date} must be after the decision date {start}";
    CorrectRenewalEnd => "延续后的有效期至 {date} 必须晚于被延续的有效期至（{before}）", "a renewal's new end date {date} must be after the end date it renewed ({before})";
    CorrectDeadlineNotAfter => "期限 {date} 必须晚于行为日期 {act_date}", "the deadline {date} must be after the act's date {act_date}";
    AnnulACorrection => "事件 {id} 是更正，不是决定：要撤回更正，请把该事项再次更正为原值", "event {id} is a correction, not a decision: to undo it, correct the field again to its earlier value";
    AnnulAnAnnulment => "事件 {id} 是撤销原行政行为，本身不能再被撤销；如该行为应当成立，请重新办理", "event {id} is an annulment: it cannot itself be annulled; perform the act again if it is to stand";
    AnnulAGrant => "事件 {id} 是批准：撤销批准应办理撤销资质（撤销，行政许可法第六十九条），不在此撤销原行政行为", "event {id} is a grant: a grant is undone by revoking the approval (act revoke, 行政许可法第六十九条), not by annulment here";
    AnnulAPublication => "事件 {id} 是处罚公示：撤销所公示的处罚决定时随之撤下", "event {id} is a publication: it is withdrawn by annulling the penalty decision it published";
    AnnulNoDecision => "事件 {id}（{act}）不是对资质的决定：无可撤销；请从机构的监管记录中选择一项行为（certdesk show）", "event {id} ({act}) is no decision on a qualification: nothing to annul; choose an act from the body's history (certdesk show)";
    AnnulAlready => "事件 {id}（{act}）已被事件 {by} 撤销", "event {id} ({act}) was already annulled by event {by}";
    AnnulOnApplication => "事件 {id}（{act}）是对办件 {application} 的决定；在此撤销会使办件的决定仍然有效——暂不支持", "event {id} ({act}) was decided on application {application} (办件); annulling it here would leave the application's decision standing — this is not supported yet";
    AnnulNoImages => "事件 {id}（{act}）登记时尚未保存行记录（数据库版本 1）：无法从日志恢复它所作的变更", "event {id} ({act}) was recorded before row images were kept (schema version 1): what it changed cannot be restored from the log";
    AnnulBlocked => "事件 {event}（{act}）在事件 {id}（{annulled}）之后变更了本资质：请先撤销事件 {event}", "event {event} ({act}) changed this approval after event {id} ({annulled}): annul event {event} first";
    AnnulAfterToday => "日期 {date} 晚于今天（{today}）：撤销按作出决定的日期登记", "date {date} is after today ({today}); an annulment is dated when decided";
    AnnulBeyondHorizon => "{date} 晚于 {latest}", "{date} is after {latest}";
    AnnulBeforeAct => "日期 {date} 早于被撤销的行为（{act_date}）：请核对日期", "date {date} is before the act it annuls ({act_date}); check the date";
    // The penalty case's steps (store/cases.rs).
    CaseUnknown => "没有编号为 {id} 的行政处罚案件：certdesk case show 案号 可以查看案件", "no penalty case {id}; certdesk case show N";
    CaseOtherApproval => "案件 {case_no} 涉及的是 {approval}，不是本资质", "case {case_no} concerns {approval}, not this approval";
    CaseDecidedOrClosed => "案件 {case_no} 已作出决定或已结案", "case {case_no} is already decided or closed";
    CaseOtherPenalty => "案件 {case_no} 的告知书告知的是{announced}，不是{act}：不同的处罚须另行告知（行政处罚法第四十四条）", "the notice of case {case_no} announced {announced}, not {act}: a different penalty needs its own notice (行政处罚法第四十四条)";
    CaseNotAPenalty => "--case（案件）只适用于行政处罚决定（责令停业整顿、撤销批准文件）", "--case applies to a penalty decision (suspend, revoke-penalty)";
    CaseNoRequired => "必须填写案号：--case-no", "the case number (案号) is required: --case-no";
    CaseDateAfterToday => "日期 {date} 晚于今天（{today}）：办案步骤按实际办理的日期登记", "date {date} is after today ({today})";
    CaseDateRequired => "请填写立案日期（--date），或发现线索的日期（--lead-on：登记线索，在 15 个工作日内核查）", "give the day the case was opened (--date, 立案) or the day a lead was found (--lead-on: registered, to verify within 15 working days)";
    CaseIntendedRequired => "请写明拟作出的处罚：--act suspend（责令停业整顿）或 --act revoke-penalty（撤销批准文件）", "name the intended penalty: --act suspend or --act revoke-penalty";
    CaseIntendedNotPenalty => "{intended}不是在案件中决定的行政处罚：请选择责令停业整顿或撤销批准文件", "{intended} is not a penalty decided in a case: suspend or revoke-penalty";
    CaseLeadAfterOpening => "发现线索的日期（{lead}）不能晚于立案日期（{date}）", "the lead ({lead}) cannot be found after the case was opened ({date})";
    CaseApprovalRequired => "请写明案件涉及的资质：--approval", "name the approval the case concerns: --approval";
    CaseApprovalNotInForce => "{approval} 当前为{status}：无从{act}（案件针对有效的资质立案）", "{approval} is {status}: there is nothing to {act} (a case is opened on an approval in force)";
    CaseBeforeGrant => "日期 {date} 早于批准日期（{granted}）：请核对日期", "date {date} is before the approval was granted ({granted})";
    CaseNoInUse => "案号 {case_no} 已被使用：请核对案号", "case number {case_no} is already in use";
    CaseLeadNeedsDate => "{case_no} 是已登记的线索：请填写立案日期（--date）", "{case_no} is a lead already registered: give the day the case is opened (--date)";
    CaseOpenedBeforeLead => "立案日期（{date}）不能早于发现线索的日期（{lead}）", "the case cannot be opened ({date}) before its lead was found ({lead})";
    CaseStepDateRequired => "必须填写日期（YYYY-MM-DD）", "date is required (YYYY-MM-DD)";
    CaseClosed => "案件 {case_no} 已结案", "case {case_no} is closed";
    CaseLeadNotOpened => "{case_no} 是尚未立案的线索：请先立案（certdesk case open --case-no {case_no} --date 日期）", "{case_no} is a lead not yet opened: open the case first (certdesk case open --case-no {case_no} --date D, 立案)";
    CaseBeforeOpening => "日期 {date} 早于立案日期（{opened}）", "date {date} is before the case was opened ({opened})";
    CaseDecidedNotice => "案件 {case_no} 已作出决定：告知应在决定之前", "case {case_no} is decided: the notice comes before the decision";
    CaseDecidedHearing => "案件 {case_no} 已作出决定：听证应在决定之前", "case {case_no} is decided: the hearing comes before the decision";
    CaseDecidedExtension => "案件 {case_no} 已作出决定：延长办案期限应在决定之前", "case {case_no} is decided: an extension comes before the decision";
    CaseStepNotHere => "立案请用 certdesk case open；作出决定请用 certdesk case decide", "open a case with certdesk case open; decide it with certdesk case decide";
    CaseNoticeServedAlready => "行政处罚告知书已于 {served} 送达", "the notice was served on {served} already";
    CaseHearingBeforeNotice => "请先送达行政处罚告知书（certdesk case notify）：听证是对告知的回应（行政处罚法第四十四条、第六十四条）", "serve the notice of intended penalty first (certdesk case notify): the hearing answers it (行政处罚法第四十四条、第六十四条)";
    CaseBeforeNotice => "日期 {date} 早于 {notice} 送达的告知书", "date {date} is before the notice of {notice}";
    CaseHearingAnswerRequired => "请填写当事人的答复（--hearing waived|requested|held:YYYY-MM-DD|not_requested）或听证日期（--hearing-on）", "give the party's answer (--hearing waived|requested|held:YYYY-MM-DD|not_requested) or the hearing's day (--hearing-on)";
    CaseHearingWindowRuns => "当事人可在 {window} 前要求听证（告知后五个工作日，行政处罚法第六十四条、第八十五条）：“未要求听证”须从次日起才能登记", "the party may ask for a hearing until {window} (5 working days after the notice, 行政处罚法第六十四条、第八十五条): not_requested can be recorded from the day after";
    CaseHearingApplies => "责令停业整顿和撤销批准文件都有听证权（行政处罚法第六十三条）：“不适用”不是答复", "a suspension or a revocation carries the right to a hearing (行政处罚法第六十三条): not_applicable is not an answer";
    CaseHeldOutsideWindow => "听证日期（{held}）应在告知书送达（{notice}）与本次登记（{date}）之间", "the hearing ({held}) lies between the notice ({notice}) and today's record ({date})";
    CaseHearingNotRequested => "只有当事人要求听证时才安排听证（--hearing requested）", "a hearing is set only when the party requested one (--hearing requested)";
    CaseExtendDays => "请填写延长的天数，1 到 60（--days 30）", "give the days the limit is extended by, 1 to 60 (--days 30)";
    CaseExtendBasis => "延长办案期限须经批准：请在 --basis 中写明（负责人批准）", "an extension needs its approval: name it in --basis (负责人批准)";
    CaseLimitRanOut => "办案期限已于 {limit} 届满：延长须在期限届满前批准（行政处罚法第六十条）", "the limit ran out on {limit}: an extension is approved before it ends (行政处罚法第六十条)";
    CaseNothingToServe => "案件 {case_no} 尚未作出可送达的决定", "case {case_no} has no decision to serve yet";
    CaseBeforeDecision => "日期 {date} 早于 {decided} 作出的决定", "date {date} is before the decision of {decided}";
    CaseServedAlready => "处罚决定书已经送达", "the decision was served already";
    CaseServeBeforeClose => "结案前请先送达处罚决定书（行政处罚法第六十一条）：certdesk case serve", "serve the decision before closing the case (行政处罚法第六十一条): certdesk case serve";

    // Applications (store/applications.rs).
    AppDateAfterToday => "日期 {date} 晚于今天（{today}）：办件按实际办理的日期登记", "date {date} is after today ({today})";
    AppNameRequired => "必须填写名称", "name is required";
    AppRenewalNeedsApproval => "延续申请须写明要延续的批准号：--approval-no", "a renewal application names the approval to renew: --approval-no";
    AppDateRequired => "必须填写日期（YYYY-MM-DD）", "date is required (YYYY-MM-DD)";
    AppBeforeReceipt => "日期 {date} 早于办件的受理日期（{received}）", "date {date} is before the application was received ({received})";
    AppGrantNeedsApprovalNo => "请填写批准书上印制的批准号（--approval-no）", "give the approval number printed on the approval (--approval-no)";
    AppApprovalNoKind => "{approval} 不是{kind}的批准号", "{approval} is not a {kind} approval number";
    AppValidUntilOutOfRange => "有效期至超出可登记的日期范围", "valid_until out of range";
    AppValidUntilNotAfter => "有效期至 {until} 必须晚于决定日期 {date}", "valid_until {until} must be after the decision date {date}";
    AppGrantNeedsAuthority => "批准须写明作出决定的机关（--authority）和文号（--doc-no）", "a grant needs the deciding authority (--authority) and the document number (--doc-no)";
    AppApprovalNoInUse => "批准号 {approval} 已在名录中", "approval number {approval} is already in the register";
    CorrectionOvertaken => "该资质的{what}已不再是 {old}：其后的行为改变了它；请改为更正那项行为", "the approval's {what} is no longer {old}: a later act changed it; correct that act instead";
}

/// One argument of a refusal, rendered in the language of the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is: a value the officer typed, a number, an identifier.
    Text(String),
    Date(Date),
    /// An act: its code in English, its name in Chinese.
    Act(ActKind),
    /// A state: `revoked (撤销)` in English (as the CLI always said), the name in Chinese.
    Status(QualStatus),
    /// The states an act is allowed from: codes in English, names in Chinese.
    Statuses(Vec<QualStatus>),
    /// What opened a follow-up ("suspension", 停业整顿).
    OpenedBy(FollowUpKind),
    CreditList(CreditList),
    /// A field of a form or a flag: its name in English, its label in Chinese.
    Field(&'static str),
    /// The word for scope by kind of body (认证领域, 检验检测能力); "scope" in English.
    ScopeWord(BodyKind),
    /// An invisible character, named.
    Invisible(char),
    /// The start of a formula: a character, a tab, a carriage return.
    FormulaStart(char),
    ApplicationAct(ApplicationAct),
    ApplicationStatus(ApplicationStatus),
    /// The kind of record act: "correction" / 更正, "annulment" / 撤销原行政行为.
    RecordAct(&'static str),
    /// A kind of body: its code in English (`cb`, `cma`), its name in Chinese.
    BodyKind(BodyKind),
    /// A value already said in both languages: a message of its own put into another one.
    Said {
        zh: String,
        en: String,
    },
}

impl From<Date> for Arg {
    fn from(d: Date) -> Self {
        Arg::Date(d)
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Text(n.to_string())
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Text(n.to_string())
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Text(n.to_string())
    }
}

impl Arg {
    pub(crate) fn render(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Arg::Text(s) => s.clone(),
            Arg::Date(d) => d.to_string(),
            Arg::Act(a) if zh => super::act(lang, a.as_str()).into_owned(),
            Arg::Act(a) => a.as_str().to_string(),
            Arg::Status(s) if zh => super::status(lang, s.as_str()).into_owned(),
            Arg::Status(s) => format!("{} ({})", s.as_str(), s.zh()),
            Arg::Statuses(v) if zh => v
                .iter()
                .map(|s| super::status(lang, s.as_str()).into_owned())
                .collect::<Vec<_>>()
                .join("、"),
            Arg::Statuses(v) => v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            Arg::OpenedBy(k) if zh => match k {
                FollowUpKind::Verification => "告知承诺批准".to_string(),
                FollowUpKind::Rectification => "责令限期改正".to_string(),
                FollowUpKind::Suspension => "责令停业整顿".to_string(),
                FollowUpKind::Publication => "处罚决定".to_string(),
                FollowUpKind::PublicationEnd => "处罚公示".to_string(),
                FollowUpKind::PublicationWithdrawal => "撤销原行政行为".to_string(),
            },
            Arg::OpenedBy(k) => k.opened_by().to_string(),
            Arg::CreditList(c) if zh => super::credit_list(lang, c.as_str()).into_owned(),
            Arg::CreditList(c) => c.as_str().to_string(),
            Arg::Field(f) if zh => field_label_zh(f).to_string(),
            Arg::Field(f) => f.to_string(),
            Arg::ScopeWord(kind) if zh => super::scope_word(lang, Some(*kind)).to_string(),
            Arg::ScopeWord(_) => "scope".to_string(),
            Arg::Invisible(c) => invisible_name(*c, lang).to_string(),
            Arg::FormulaStart(c) => match (c, zh) {
                ('\t', true) => "制表符".to_string(),
                ('\t', false) => "a tab".to_string(),
                ('\r', true) => "回车符".to_string(),
                ('\r', false) => "a carriage return".to_string(),
                (c, true) => format!("“{c}”"),
                (c, false) => format!("'{c}'"),
            },
            Arg::ApplicationAct(a) if zh => super::application_act(lang, *a).to_string(),
            Arg::ApplicationAct(a) => a.as_str().to_string(),
            Arg::ApplicationStatus(s) if zh => s.zh().to_string(),
            Arg::ApplicationStatus(s) => format!("{} ({})", s.as_str(), s.zh()),
            Arg::RecordAct(w) if zh => match *w {
                "correction" => "更正".to_string(),
                _ => "撤销原行政行为".to_string(),
            },
            Arg::RecordAct(w) => w.to_string(),
            Arg::BodyKind(BodyKind::Cb) if zh => "认证机构".to_string(),
            Arg::BodyKind(BodyKind::Cma) if zh => "检验检测机构".to_string(),
            Arg::BodyKind(k) => k.as_str().to_string(),
            Arg::Said { zh: z, en } => lang.pick(z, en).to_string(),
        }
    }
}

/// The Chinese label of a field the rules name (the English is the field's own name).
pub fn field_label_zh(field: &str) -> &'static str {
    match field {
        "date" => "日期",
        "deadline" => "期限",
        "valid_until" => "有效期至",
        "notice_served_on" => "告知书送达日期",
        "hearing" => "听证",
        "hearing_on" => "听证日期",
        "hearing_held_on" => "听证举行日期",
        "basis" => "法律依据",
        "doc_no" => "文号",
        "reason" => "理由",
        "findings" => "调查结论",
        "name" => "名称",
        "address" => "地址",
        "legal_rep" => "法定代表人",
        "scope" | "scope_add" | "scope_remove" => "范围项目",
        "officers" => "执法人员",
        "result" => "结果",
        "list" => "名单",
        "value" => "新值",
        "event" => "事件",
        "field" => "事项",
        "case_no" => "案件编号",
        "decided_on" => "批准日期",
        _ => "字段",
    }
}

fn invisible_name(c: char, lang: Lang) -> &'static str {
    let (zh, en) = match c {
        '\u{200B}' => ("零宽空格", "zero-width space"),
        '\u{200C}' => ("零宽不连字", "zero-width non-joiner"),
        '\u{200D}' => ("零宽连字", "zero-width joiner"),
        '\u{2060}' => ("词连接符", "word joiner"),
        '\u{FEFF}' => ("零宽不换行空格", "zero-width no-break space"),
        '\u{200E}' | '\u{200F}' | '\u{061C}' => ("方向标记", "direction mark"),
        '\u{202A}'..='\u{202E}' => (
            "双向嵌入或覆盖符，会改变文字的显示顺序",
            "bidi embedding or override, which reorders the text shown",
        ),
        '\u{2066}'..='\u{2069}' => (
            "双向隔离符，会改变文字的显示顺序",
            "bidi isolate, which reorders the text shown",
        ),
        '\u{2028}' | '\u{2029}' => ("行或段落分隔符", "line or paragraph separator"),
        _ => ("不可见运算符", "invisible operator"),
    };
    lang.pick(zh, en)
}

/// A refusal of the rules: its key and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMessage {
    pub rule: Rule,
    pub args: Vec<(&'static str, Arg)>,
}

impl RuleMessage {
    /// The message `rule` with `args`; in debug builds, the arguments must be exactly the
    /// key's placeholders (a refusal that would show a `{hole}` or drop a fact fails its test).
    pub fn new(rule: Rule, args: Vec<(&'static str, Arg)>) -> Self {
        debug_assert_eq!(
            {
                let mut v: Vec<&str> = args.iter().map(|(n, _)| *n).collect();
                v.sort_unstable();
                v.dedup();
                v
            },
            placeholders(rule.text(Lang::En)),
            "the arguments of {rule:?} are not its placeholders"
        );
        RuleMessage { rule, args }
    }

    pub fn key(&self) -> &'static str {
        self.rule.key()
    }

    /// The sentence in `lang`, its placeholders filled in.
    pub fn render(&self, lang: Lang) -> String {
        let template = self.rule.text(lang);
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match self.args.iter().find(|(n, _)| *n == name) {
                        Some((_, arg)) => out.push_str(&arg.render(lang)),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// The `{name}`s of a template, sorted, each once.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut v: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(h, _)| h))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

impl std::fmt::Display for crate::domain::acts::Refusal {
    /// English, as the command line has always said it (`--lang zh` renders `rule` itself).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rule.render(Lang::En))
    }
}

impl std::error::Error for crate::domain::acts::Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_both_languages() {
        let mut keys = std::collections::HashSet::new();
        for r in Rule::ALL {
            let (zh, en) = (r.text(Lang::Zh), r.text(Lang::En));
            assert!(!zh.trim().is_empty(), "{r:?} has no Chinese text");
            assert!(!en.trim().is_empty(), "{r:?} has no English text");
            assert_ne!(zh, en, "{r:?}: the Chinese text is the English one");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{r:?}: the Chinese text has no Chinese"
            );
            assert_eq!(
                placeholders(zh),
                placeholders(en),
                "{r:?}: the placeholders differ"
            );
            assert!(keys.insert(r.key()), "{r:?}: the key is not unique");
            // An article of law named in one language is named in the other.
            for article in en
                .split(['(', ')', ':', ';', ' '])
                .filter(|w| w.contains("第"))
            {
                let art = article.trim_matches(|c: char| !('\u{4e00}'..='\u{9fff}').contains(&c));
                if art.contains("条") {
                    for part in art.split(['、', '，']) {
                        let bare =
                            part.trim_start_matches(['行', '政', '处', '罚', '许', '可', '法']);
                        assert!(
                            zh.contains(bare),
                            "{r:?}: the English names {part}, the Chinese does not"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_refusal_renders_in_both_languages() {
        let m = RuleMessage::new(
            Rule::ActNotAllowed,
            vec![
                ("act", Arg::Act(ActKind::Suspend)),
                ("status", Arg::Status(QualStatus::Revoked)),
                (
                    "allowed",
                    Arg::Statuses(vec![QualStatus::Active, QualStatus::PendingVerification]),
                ),
            ],
        );
        assert_eq!(
            m.render(Lang::En),
            "suspend is not allowed: the qualification is revoked (已撤销); it is allowed only when active, pending_verification"
        );
        let zh = m.render(Lang::Zh);
        assert!(zh.contains("不能办理责令停业整顿"), "{zh}");
        assert!(!zh.contains('{'), "{zh}");
        assert_eq!(m.key(), "ActNotAllowed");
    }

    #[test]
    #[should_panic(expected = "not its placeholders")]
    #[cfg(debug_assertions)]
    fn a_refusal_without_its_arguments_is_caught() {
        RuleMessage::new(Rule::DateAfterToday, vec![("date", Arg::Text("x".into()))]);
    }
}
