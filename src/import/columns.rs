//! The canonical columns of the import contract and the header names that map to them.

use crate::domain::text::to_half_width;

/// A column of the import contract (DESIGN.md, "Import contract").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Uscc,
    Name,
    Kind,
    ApprovalNo,
    Route,
    DecidedOn,
    ValidUntil,
    Scope,
    Region,
    Authority,
    DocNo,
    RiskClass,
    Address,
    LegalRep,
    // The columns of a migration (`--with-status`): the state and the facts it needs.
    Status,
    StatusDate,
    StatusBasis,
    StatusDocNo,
    SuspensionDeadline,
    VerificationDue,
    RenewalFiledOn,
    RevokedScope,
}

impl Column {
    /// Every column, in the order of the contract (and of a template or rejects file).
    pub const ALL: [Column; 22] = [
        Column::Uscc,
        Column::Name,
        Column::Kind,
        Column::ApprovalNo,
        Column::Route,
        Column::DecidedOn,
        Column::ValidUntil,
        Column::Scope,
        Column::Region,
        Column::Authority,
        Column::DocNo,
        Column::RiskClass,
        Column::Address,
        Column::LegalRep,
        Column::Status,
        Column::StatusDate,
        Column::StatusBasis,
        Column::StatusDocNo,
        Column::SuspensionDeadline,
        Column::VerificationDue,
        Column::RenewalFiledOn,
        Column::RevokedScope,
    ];

    /// The columns only a migration (`--with-status`) reads, besides `status`.
    pub const STATED_FACTS: [Column; 7] = [
        Column::StatusDate,
        Column::StatusBasis,
        Column::StatusDocNo,
        Column::SuspensionDeadline,
        Column::VerificationDue,
        Column::RenewalFiledOn,
        Column::RevokedScope,
    ];

    /// The English header, also the `column` of a [`RowError`](super::RowError).
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Uscc => "uscc",
            Column::Name => "name",
            Column::Kind => "kind",
            Column::ApprovalNo => "approval_no",
            Column::Route => "route",
            Column::DecidedOn => "decided_on",
            Column::ValidUntil => "valid_until",
            Column::Scope => "scope",
            Column::Region => "region",
            Column::Authority => "authority",
            Column::DocNo => "doc_no",
            Column::RiskClass => "risk_class",
            Column::Address => "address",
            Column::LegalRep => "legal_rep",
            Column::Status => "status",
            Column::StatusDate => "status_date",
            Column::StatusBasis => "status_basis",
            Column::StatusDocNo => "status_doc_no",
            Column::SuspensionDeadline => "suspension_deadline",
            Column::VerificationDue => "verification_due",
            Column::RenewalFiledOn => "renewal_filed_on",
            Column::RevokedScope => "revoked_scope",
        }
    }

    /// The Chinese header of the contract.
    pub fn zh(self) -> &'static str {
        match self {
            Column::Uscc => "统一社会信用代码",
            Column::Name => "机构名称",
            Column::Kind => "机构类型",
            Column::ApprovalNo => "批准号",
            Column::Route => "审批方式",
            Column::DecidedOn => "批准日期",
            Column::ValidUntil => "有效期至",
            Column::Scope => "认证领域",
            Column::Region => "行政区划代码",
            Column::Authority => "批准机关",
            Column::DocNo => "文号",
            Column::RiskClass => "风险等级",
            Column::Address => "地址",
            Column::LegalRep => "法定代表人",
            Column::Status => "状态",
            Column::StatusDate => "状态日期",
            Column::StatusBasis => "状态依据",
            Column::StatusDocNo => "状态文号",
            Column::SuspensionDeadline => "停业整顿期限",
            Column::VerificationDue => "核查期限",
            Column::RenewalFiledOn => "延续申请日期",
            Column::RevokedScope => "已撤销领域",
        }
    }

    /// Every column of a grant must be present except `address` and `legal_rep`; the columns
    /// of a migration are optional (what a state needs is checked row by row).
    pub fn required(self) -> bool {
        !matches!(self, Column::Address | Column::LegalRep) && !self.is_stated()
    }

    /// `status` and the facts of a stated state.
    pub fn is_stated(self) -> bool {
        self == Column::Status || Column::STATED_FACTS.contains(&self)
    }

    /// Other header names seen in the spreadsheets offices keep (besides `as_str` and `zh`).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Uscc => &[
                "信用代码",
                "社会信用代码",
                "统一代码",
                "统一社会信用代码证号",
                "unified social credit code",
                "credit code",
            ],
            Column::Name => &[
                "名称",
                "单位名称",
                "机构",
                "企业名称",
                "认证机构名称",
                "检验检测机构名称",
                "body name",
                "organisation",
                "organization",
            ],
            Column::Kind => &["类型", "机构类别", "机构种类", "type", "body kind"],
            Column::ApprovalNo => &[
                "批准号/证书编号",
                "证书编号",
                "批准书编号",
                "批准编号",
                "资质认定证书编号",
                "资质证书编号",
                "approval number",
                "approval",
                "certificate no",
                "certificate number",
                "cert no",
            ],
            Column::Route => &[
                "审批程序",
                "审批类型",
                "审批途径",
                "approval route",
                "procedure",
            ],
            Column::DecidedOn => &[
                "发证日期",
                "审批日期",
                "决定日期",
                "颁发日期",
                "批准时间",
                "发证时间",
                "decided",
                "decision date",
                "date of decision",
                "approved on",
                "approval date",
                "issued on",
                "issue date",
            ],
            Column::ValidUntil => &[
                "有效期",
                "有效期限",
                "有效期止",
                "有效截止日期",
                "截止日期",
                "到期日期",
                "到期日",
                "valid to",
                "expires on",
                "expiry",
                "expiry date",
                "expiration date",
            ],
            Column::Scope => &[
                "检验检测能力",
                "认证范围",
                "业务范围",
                "批准范围",
                "资质认定范围",
                "领域",
                "范围",
            ],
            Column::Region => &[
                "行政区划",
                "区划代码",
                "地区代码",
                "所在地区代码",
                "region code",
                "division code",
            ],
            Column::Authority => &[
                "发证机关",
                "审批机关",
                "批准部门",
                "发证部门",
                "决定机关",
                "issuing authority",
            ],
            Column::DocNo => &[
                "批准文号",
                "发文号",
                "发文字号",
                "决定文号",
                "document no",
                "document number",
                "doc number",
            ],
            Column::RiskClass => &[
                "风险分类",
                "风险类别",
                "信用风险分类",
                "风险分级",
                "risk",
                "risk level",
                "credit class",
            ],
            Column::Address => &["住所", "机构地址", "注册地址", "办公地址", "详细地址"],
            Column::LegalRep => &[
                "法人代表",
                "法定代表人姓名",
                "法人",
                "负责人",
                "legal representative",
            ],
            Column::Status => &[
                "资质状态",
                "批准书状态",
                "证书状态",
                "当前状态",
                "state",
                "qualification status",
            ],
            Column::StatusDate => &[
                "状态变更日期",
                "处理日期",
                "撤销日期",
                "撤回日期",
                "注销日期",
                "停业整顿日期",
                "status since",
            ],
            Column::StatusBasis => &[
                "处理依据",
                "法律依据",
                "撤销依据",
                "注销依据",
                "basis",
                "legal basis",
            ],
            Column::StatusDocNo => &[
                "处理文号",
                "处罚决定书文号",
                "撤销文号",
                "注销文号",
                "status document no",
            ],
            Column::SuspensionDeadline => &[
                "整顿期限",
                "停业整顿截止日期",
                "暂停期限",
                "suspended until",
            ],
            Column::VerificationDue => &["核查截止日期", "承诺核查期限", "verification due date"],
            Column::RenewalFiledOn => &["延续受理日期", "延续申请时间", "renewal filed"],
            Column::RevokedScope => &[
                "撤销领域",
                "已撤销范围",
                "撤销范围",
                "已撤销检验检测能力",
                "revoked items",
            ],
        }
    }

    /// The column a header names: the English name or the Chinese name (DESIGN.md) or a known
    /// variant, after trimming, full-width → half-width and case-folding. Spaces, hyphens and
    /// dots count as underscores ("Approval No." = "approval_no"); a required-field star
    /// ("*批准号") and a trailing note in brackets ("有效期至（yyyy-mm-dd）") are ignored.
    pub fn parse_header(h: &str) -> Option<Column> {
        let key = header_key(h);
        if key.is_empty() {
            return None;
        }
        Column::ALL.into_iter().find(|c| {
            header_key(c.as_str()) == key
                || header_key(c.zh()) == key
                || c.aliases().iter().any(|a| header_key(a) == key)
        })
    }

    /// "uscc (统一社会信用代码)": how messages name a column.
    pub fn describe(self) -> String {
        format!("{} ({})", self.as_str(), self.zh())
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The comparable form of a header: half-width, lower case, star, zero-width characters and
/// bracketed note removed, and every space, line break and separator (`_` `-` `.` `/` `:`
/// `、` `·` …) removed: "统一社会\n信用代码", "批准 日期", "有效期至：" and "Approval No." all
/// compare equal to their contract names.
pub(crate) fn header_key(h: &str) -> String {
    let mut s = to_half_width(h.trim()).to_lowercase();
    s.retain(|c| c != '*' && !crate::domain::text::is_invisible(c));
    let mut s = s.trim().to_string();
    // A trailing note: "有效期至(yyyy-mm-dd)", "批准号【必填】".
    for (open, close) in [('(', ')'), ('【', '】'), ('[', ']')] {
        if s.ends_with(close)
            && let Some(i) = s.rfind(open)
            && i > 0
        {
            s.truncate(i);
        }
    }
    s.retain(|c| {
        !(c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '_' | '-'
                    | '.'
                    | '/'
                    | ':'
                    | ';'
                    | ','
                    | '、'
                    | '。'
                    | '·'
                    | '・'
                    | '\''
                    | '"'
                    | '“'
                    | '”'
            ))
    });
    s
}

/// Whether a header names the reason column of a rejects file ("reason", "原因", "错误原因"):
/// ignored without a warning, so a corrected rejects file can be imported as it is.
pub(crate) fn is_reason_header(h: &str) -> bool {
    matches!(
        header_key(h).as_str(),
        "reason" | "原因" | "错误原因" | "原因reason" | "reason原因" | "拒绝原因"
    )
}

/// Whether a header is one of the columns `certdesk export qualifications` writes for reading
/// only (derived or internal: `stored_status`, `approval_valid_until`, `deemed_renewal`,
/// `renewal_late`, `version`): ignored without a warning, so an export imports as it is.
pub(crate) fn is_export_only_header(h: &str) -> bool {
    matches!(
        header_key(h).as_str(),
        "storedstatus" | "approvalvaliduntil" | "deemedrenewal" | "renewallate" | "version"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_chinese_names_round_trip() {
        for c in Column::ALL {
            assert_eq!(Column::parse_header(c.as_str()), Some(c), "{c}");
            assert_eq!(Column::parse_header(c.zh()), Some(c), "{}", c.zh());
            for a in c.aliases() {
                assert_eq!(Column::parse_header(a), Some(c), "{a}");
            }
        }
    }

    #[test]
    fn no_alias_names_two_columns() {
        let mut seen = std::collections::HashMap::new();
        for c in Column::ALL {
            for name in [c.as_str(), c.zh()]
                .into_iter()
                .chain(c.aliases().iter().copied())
            {
                if let Some(other) = seen.insert(header_key(name), c) {
                    panic!("{name} names both {other} and {c}");
                }
            }
        }
    }

    #[test]
    fn variants_people_type() {
        let cases = [
            (" 统一社会信用代码 ", Column::Uscc),
            ("ＵＳＣＣ", Column::Uscc),
            ("*信用代码", Column::Uscc),
            ("Approval No.", Column::ApprovalNo),
            ("APPROVAL-NO", Column::ApprovalNo),
            ("证书编号", Column::ApprovalNo),
            ("有效期至（YYYY-MM-DD）", Column::ValidUntil),
            ("有效期", Column::ValidUntil),
            ("Valid Until", Column::ValidUntil),
            ("批准日期", Column::DecidedOn),
            ("发证日期", Column::DecidedOn),
            ("认证领域", Column::Scope),
            ("检验检测能力", Column::Scope),
            ("Risk_Class", Column::RiskClass),
            ("\u{3000}文号\u{3000}", Column::DocNo),
            ("批准文号", Column::DocNo),
            ("legal rep", Column::LegalRep),
            ("统一社会\n信用代码", Column::Uscc),
            ("批准 日期", Column::DecidedOn),
            ("有效期至：", Column::ValidUntil),
            ("审批\u{3000}方式", Column::Route),
            ("风险等级\u{200B}", Column::RiskClass),
            ("Status", Column::Status),
            ("资质状态", Column::Status),
            ("Status Date", Column::StatusDate),
            ("停业整顿期限（yyyy-mm-dd）", Column::SuspensionDeadline),
            ("revoked_scope", Column::RevokedScope),
        ];
        for (h, c) in cases {
            assert_eq!(Column::parse_header(h), Some(c), "{h}");
        }
        for h in [
            "",
            "  ",
            "备注",
            "remarks",
            "reason",
            "原因",
            "(x)",
            "stored_status",
        ] {
            assert_eq!(Column::parse_header(h), None, "{h}");
        }
    }

    #[test]
    fn export_only_headers() {
        for h in [
            "stored_status",
            "approval_valid_until",
            "deemed_renewal",
            "renewal_late",
            "version",
        ] {
            assert!(is_export_only_header(h), "{h}");
            assert_eq!(Column::parse_header(h), None, "{h}");
        }
        assert!(!is_export_only_header("status"));
    }

    #[test]
    fn reason_headers() {
        assert!(is_reason_header("reason"));
        assert!(is_reason_header(" 原因 "));
        assert!(is_reason_header("Reason"));
        assert!(!is_reason_header("name"));
    }

    #[test]
    fn required_columns() {
        let optional: Vec<_> = Column::ALL
            .into_iter()
            .filter(|c| !c.required() && !c.is_stated())
            .collect();
        assert_eq!(optional, [Column::Address, Column::LegalRep]);
        assert!(
            Column::ALL
                .into_iter()
                .filter(|c| c.is_stated())
                .all(|c| !c.required())
        );
    }
}
