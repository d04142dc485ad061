//! Words by kind of body (PROCEDURE.md): a certification body (CB) holds a 认证机构批准书 for
//! 认证领域 under 认证认可条例; an inspection and testing body (CMA) holds a 资质认定证书 for
//! 检验检测能力 under SAMR Orders 38 and 39. The names of the approval, its scope, its
//! revocation, the bases offered to each act, and the check that a basis fits the kind.

use super::acts::{ActKind, Refusal, Rule};
use super::ids::BodyKind;
use super::model::QualStatus;

/// A word in both languages of the interface (the domain has no `Lang`: the screens pick).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub zh: &'static str,
    pub en: &'static str,
}

const fn term(zh: &'static str, en: &'static str) -> Term {
    Term { zh, en }
}

/// What one kind of body's approval is called, who grants it and what governs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub approval: Term,
    /// The scope in full, as the rules name it.
    pub scope: Term,
    /// The scope as a heading or within a sentence.
    pub scope_short: Term,
    pub granted_by: Term,
    pub main_rules: &'static [Term],
    /// The revocation that is a penalty (`ActKind::RevokePenalty`).
    pub penalty_revocation: Term,
}

const CAR: Term = term(
    "认证认可条例",
    "Regulations on Certification and Accreditation",
);
const CB_MEASURES: Term = term(
    "认证机构管理办法",
    "Measures for the Administration of Certification Bodies",
);
const CMA_ORDER_38: Term = term(
    "检验检测机构资质认定管理办法",
    "Measures for the Qualification of Inspection and Testing Bodies (SAMR Order 38)",
);
const CMA_ORDER_39: Term = term(
    "检验检测机构监督管理办法",
    "Measures for the Supervision of Inspection and Testing Bodies (SAMR Order 39)",
);

pub const CB_WORDS: Words = Words {
    approval: term("认证机构批准书", "certification body approval"),
    scope: term("认证领域", "certification fields"),
    scope_short: term("认证领域", "scope"),
    granted_by: term("国家市场监督管理总局（国家认监委）", "SAMR (CNCA)"),
    main_rules: &[CAR, CB_MEASURES],
    penalty_revocation: term("撤销批准文件", "revocation of the approval"),
};

pub const CMA_WORDS: Words = Words {
    approval: term(
        "检验检测机构资质认定证书",
        "inspection and testing body qualification certificate (CMA)",
    ),
    scope: term(
        "检验检测能力（项目/参数）",
        "testing capabilities (items/parameters)",
    ),
    scope_short: term("检验检测能力", "capabilities"),
    granted_by: term(
        "省级市场监督管理部门",
        "provincial market regulation department",
    ),
    main_rules: &[CMA_ORDER_38, CMA_ORDER_39],
    // PROCEDURE.md marks this name (?): the orders speak of 撤销资质认定.
    penalty_revocation: term("撤销资质认定", "revocation of the qualification"),
};

pub fn words(kind: BodyKind) -> &'static Words {
    match kind {
        BodyKind::Cb => &CB_WORDS,
        BodyKind::Cma => &CMA_WORDS,
    }
}

/// The name of `act` for a body of `kind`, where the kinds name it differently; None where
/// the act's own name (`ActKind::zh`) serves both.
pub fn act_name(kind: BodyKind, act: ActKind) -> Option<Term> {
    match (act, kind) {
        (ActKind::ChangeScope, BodyKind::Cb) => Some(term("变更认证领域", "change scope")),
        (ActKind::ChangeScope, BodyKind::Cma) => {
            Some(term("变更检验检测能力", "change capabilities"))
        }
        (ActKind::RevokePenalty, BodyKind::Cb) => {
            Some(term("吊销/撤销批准文件", "revoke (penalty)"))
        }
        (ActKind::RevokePenalty, BodyKind::Cma) => {
            Some(term("撤销资质认定", "revoke qualification (penalty)"))
        }
        _ => None,
    }
}

/// The name of a state for a body of `kind`, where the kinds name it differently.
pub fn status_name(kind: BodyKind, status: QualStatus) -> Option<Term> {
    match (status, kind) {
        (QualStatus::RevokedPenalty, BodyKind::Cma) => {
            Some(term("已撤销资质认定", "qualification revoked (penalty)"))
        }
        _ => None,
    }
}

/// The legal bases a form offers for `act` on a body of `kind`, most usual first. They are
/// examples the officer completes or replaces, never filled in unasked; none of them fails
/// `check_basis_kind` for its kind (tested).
pub fn bases(kind: BodyKind, act: ActKind) -> &'static [&'static str] {
    use ActKind::*;
    let cb = kind == BodyKind::Cb;
    match act {
        Verify if cb => &["市场监管总局公告2022年第28号", "行政许可法第六十九条第二款"],
        Verify => &[
            "检验检测机构资质认定管理办法第十三条",
            "行政许可法第六十九条第二款",
        ],
        OrderRectification | RecordRectification if cb => &["认证认可条例第五十六条"],
        OrderRectification | RecordRectification => &["检验检测机构监督管理办法第二十五条"],
        Suspend | Lift if cb => &["认证认可条例第五十八条", "认证认可条例第五十九条"],
        Suspend | Lift => &["检验检测机构资质认定管理办法第四十二条"],
        RevokePenalty if cb => &["认证认可条例第六十一条"],
        RevokePenalty => &["检验检测机构监督管理办法第二十六条"],
        Revoke => &["行政许可法第六十九条"],
        Withdraw => &["行政许可法第八条"],
        Cancel => &["行政许可法第七十条"],
        FileRenewal | Renew | RefuseRenewal => &["行政许可法第五十条"],
        ChangeScope | ChangeParticulars if cb => &["认证机构管理办法第十五条"],
        ChangeScope | ChangeParticulars => &["检验检测机构资质认定管理办法第十四条"],
        Publish => &["市场监督管理行政处罚信息公示规定第六条"],
        WithdrawPublication => &["市场监督管理行政处罚信息公示规定第十一条"],
        ShortenBar => &["行政复议决定书", "行政许可法第七十九条"],
        ListCredit => &["市场监督管理严重违法失信名单管理办法第十条"],
        Delist => &["市场监督管理严重违法失信名单管理办法第十六条"],
        SetBar => &["行政许可法第七十九条"],
    }
}

/// The articles of 认证认可条例 that speak of 认证机构 only (the list: Art. 58, 59, 61).
pub const CAR_CB_ONLY_ARTICLES: [u32; 3] = [58, 59, 61];

/// A basis that may be right but should be checked; the act goes ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub zh: String,
    pub en: String,
}

/// Whether `basis` fits a body of `kind`: a rule or an article written for the other kind is
/// refused, with the reason and the rule to name instead; 认证认可条例 named for a CMA body
/// without an article is let through with a warning (some of its articles do concern
/// laboratories and inspection bodies, most speak of 认证机构).
pub fn check_basis_kind(kind: BodyKind, basis: &str) -> Result<Option<Warning>, Refusal> {
    let text = super::text::to_half_width(basis);
    let refuse = |rule: Rule, args| Refusal::new(Some("basis"), rule, args);
    match kind {
        BodyKind::Cma => {
            if text.contains(CB_MEASURES.zh) {
                return Err(refuse(
                    Rule::CbRuleForCma,
                    crate::rule_args![
                        rule = CB_MEASURES.zh,
                        order38 = CMA_ORDER_38.zh,
                        order39 = CMA_ORDER_39.zh
                    ],
                ));
            }
            let Some(articles) = car_articles(&text) else {
                return Ok(None);
            };
            let cb_only: Vec<u32> = articles
                .iter()
                .copied()
                .filter(|a| CAR_CB_ONLY_ARTICLES.contains(a))
                .collect();
            if let Some(&a) = cb_only.first() {
                return Err(refuse(
                    Rule::CbArticleForCma,
                    crate::rule_args![
                        car = CAR.zh,
                        article = article_zh(a),
                        n = a,
                        order38 = CMA_ORDER_38.zh,
                        order39 = CMA_ORDER_39.zh
                    ],
                ));
            }
            if articles.is_empty() {
                return Ok(Some(Warning {
                    zh: format!(
                        "依据只写了{}而未写条款：该条例多数条款针对认证机构；检验检测机构请写明条款，或引用{}、{}",
                        CAR.zh, CMA_ORDER_38.zh, CMA_ORDER_39.zh
                    ),
                    en: format!(
                        "the basis names {} without an article: most of its articles speak of certification bodies; for an inspection and testing body name the article, or cite {} or {}",
                        CAR.zh, CMA_ORDER_38.zh, CMA_ORDER_39.zh
                    ),
                }));
            }
            Ok(None)
        }
        BodyKind::Cb => {
            // "资质认定管理办法" also catches the order's name written without its prefix.
            for rule in ["资质认定管理办法", CMA_ORDER_39.zh] {
                if text.contains(rule) {
                    return Err(refuse(
                        Rule::CmaRuleForCb,
                        crate::rule_args![rule = rule, car = CAR.zh, measures = CB_MEASURES.zh],
                    ));
                }
            }
            Ok(None)
        }
    }
}

/// The articles cited after each mention of 认证认可条例 (up to the next rule named or the
/// next `;`), or None where it is not named. Recognises 第五十八条, 第58条, 58条, Art. 58
/// (full-width digits were made half-width before); a paragraph (第1款) is not an article.
fn car_articles(text: &str) -> Option<Vec<u32>> {
    let mut found = None;
    let mut rest = text;
    while let Some(i) = rest.find(CAR.zh) {
        let after = &rest[i + CAR.zh.len()..];
        let end = ["法", "条例", "规定", "决定", "公告", ";", "《", "。"]
            .iter()
            .filter_map(|t| after.find(t))
            .min()
            .unwrap_or(after.len());
        found
            .get_or_insert_with(Vec::new)
            .extend(articles_in(&after[..end]));
        rest = &after[end..];
    }
    found
}

fn articles_in(segment: &str) -> Vec<u32> {
    let chars: Vec<char> = segment.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let n: String = chars[start..i].iter().collect();
            let before: String = chars[..start].iter().collect::<String>().to_lowercase();
            let before = before.trim_end_matches([' ', '.']);
            let next = chars[i..].iter().find(|c| **c != ' ');
            if (next == Some(&'条') || before.ends_with("art") || before.ends_with("article"))
                && let Ok(n) = n.parse()
            {
                out.push(n);
            }
            continue;
        }
        if c == '第' {
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && "零〇一二两三四五六七八九十百".contains(chars[j])
            {
                j += 1;
            }
            if j > start
                && chars.get(j) == Some(&'条')
                && let Some(n) = chinese_number(&chars[start..j])
            {
                out.push(n);
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// 五十八 → 58, 十 → 10, 一百零五 → 105.
fn chinese_number(chars: &[char]) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let (mut total, mut current) = (0u32, 0u32);
    for &c in chars {
        match c {
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            '〇' => current = 0,
            '两' => current = 2,
            c => current = digit(c)? as u32,
        }
    }
    Some(total + current)
}

/// 58 → 第五十八条 (1–199, the articles a rule has).
fn article_zh(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (h, t, u) = (n / 100, n / 10 % 10, n % 10);
    let mut s = String::new();
    if h > 0 {
        s.push_str(D[h as usize]);
        s.push('百');
        if t == 0 && u > 0 {
            s.push('零');
        }
    }
    if t > 0 {
        if !(h == 0 && t == 1) {
            s.push_str(D[t as usize]);
        }
        s.push('十');
    }
    s.push_str(D[u as usize]);
    format!("第{s}条")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(kind: BodyKind, basis: &str) -> String {
        match check_basis_kind(kind, basis) {
            Err(r) => {
                assert_eq!(r.field, Some("basis"));
                r.to_string()
            }
            other => panic!("{basis} for {kind:?} should be refused: {other:?}"),
        }
    }

    #[test]
    fn the_cb_only_articles_are_refused_for_a_cma_body_in_every_spelling() {
        for (basis, article) in [
            ("认证认可条例第五十八条", "第五十八条"),
            ("认证认可条例第五十九条第一款", "第五十九条"),
            ("《中华人民共和国认证认可条例》第六十一条", "第六十一条"),
            ("认证认可条例第58条", "第五十八条"),
            ("认证认可条例第５９条", "第五十九条"),
            ("认证认可条例 第 ６１ 条", "第六十一条"),
            ("认证认可条例 Art. 58", "第五十八条"),
            ("认证认可条例article 61(1)", "第六十一条"),
            ("认证认可条例第十六条、第五十八条", "第五十八条"),
            ("行政处罚法第五十八条；认证认可条例第五十九条", "第五十九条"),
        ] {
            let m = refused(BodyKind::Cma, basis);
            assert!(
                m.contains(&format!("认证认可条例{article}")),
                "{basis}: {m}"
            );
            assert!(
                m.contains("检验检测机构资质认定管理办法")
                    && m.contains("检验检测机构监督管理办法"),
                "the fix names the CMA rules: {m}"
            );
            assert_eq!(
                check_basis_kind(BodyKind::Cb, basis),
                Ok(None),
                "{basis} is right for a CB"
            );
        }
    }

    #[test]
    fn other_articles_and_other_laws_are_allowed_for_a_cma_body() {
        for basis in [
            "认证认可条例第十六条",
            "认证认可条例第158条",
            "认证认可条例第五十七条",
            "认证认可条例第６０条",
            // Article 58 of another law, before or after the regulations.
            "行政处罚法第五十八条",
            "认证认可条例第十六条；行政处罚法第五十八条",
            "认证认可条例第十六条，行政处罚法第58条",
            // 58 as a paragraph, not an article.
            "认证认可条例第十六条第58款",
            "检验检测机构资质认定管理办法第四十二条",
            "检验检测机构监督管理办法第二十六条",
            "行政许可法第六十九条",
        ] {
            assert_eq!(check_basis_kind(BodyKind::Cma, basis), Ok(None), "{basis}");
        }
    }

    #[test]
    fn the_regulations_without_an_article_warn_for_a_cma_body() {
        for basis in [
            "认证认可条例",
            "依据《认证认可条例》的规定",
            "认证认可条例有关规定",
        ] {
            let w = check_basis_kind(BodyKind::Cma, basis)
                .unwrap()
                .unwrap_or_else(|| panic!("{basis} should warn"));
            assert!(w.zh.contains("检验检测机构资质认定管理办法"), "{w:?}");
            assert!(w.en.contains("without an article"), "{w:?}");
            assert_eq!(check_basis_kind(BodyKind::Cb, basis), Ok(None));
        }
    }

    #[test]
    fn the_rules_of_one_kind_are_refused_for_the_other() {
        for basis in [
            "检验检测机构资质认定管理办法第四十二条",
            "检验检测机构监督管理办法第二十六条",
            "《资质认定管理办法》第十四条",
        ] {
            let m = refused(BodyKind::Cb, basis);
            assert!(
                m.contains("认证认可条例"),
                "the fix names the CB rules: {m}"
            );
        }
        let m = refused(BodyKind::Cma, "认证机构管理办法第十五条");
        assert!(m.contains("检验检测机构资质认定管理办法"), "{m}");
    }

    #[test]
    fn every_basis_offered_fits_its_kind_and_none_is_the_other_kinds() {
        for kind in BodyKind::ALL {
            for act in ActKind::ALL {
                let offered = bases(kind, *act);
                assert!(!offered.is_empty(), "{act:?} offers no basis");
                for b in offered {
                    assert_eq!(check_basis_kind(kind, b), Ok(None), "{kind:?} {act:?} {b}");
                }
            }
        }
        let cma: Vec<&str> = ActKind::ALL
            .iter()
            .flat_map(|a| bases(BodyKind::Cma, *a).iter().copied())
            .collect();
        assert!(cma.iter().all(|b| !b.contains("认证认可条例")), "{cma:?}");
    }

    #[test]
    fn the_words_follow_the_kind() {
        assert_eq!(words(BodyKind::Cb).approval.zh, "认证机构批准书");
        assert_eq!(words(BodyKind::Cma).approval.zh, "检验检测机构资质认定证书");
        assert_eq!(words(BodyKind::Cb).scope.zh, "认证领域");
        assert_eq!(words(BodyKind::Cma).scope.zh, "检验检测能力（项目/参数）");
        assert_eq!(words(BodyKind::Cma).granted_by.zh, "省级市场监督管理部门");
        assert_eq!(words(BodyKind::Cb).penalty_revocation.zh, "撤销批准文件");
        assert_eq!(words(BodyKind::Cma).penalty_revocation.zh, "撤销资质认定");
        assert_eq!(words(BodyKind::Cma).main_rules.len(), 2);
        assert_eq!(
            act_name(BodyKind::Cma, ActKind::ChangeScope).unwrap().zh,
            "变更检验检测能力"
        );
        assert_eq!(
            act_name(BodyKind::Cma, ActKind::RevokePenalty).unwrap().zh,
            "撤销资质认定"
        );
        assert_eq!(act_name(BodyKind::Cma, ActKind::Suspend), None);
        assert_eq!(
            status_name(BodyKind::Cma, QualStatus::RevokedPenalty)
                .unwrap()
                .zh,
            "已撤销资质认定"
        );
        assert_eq!(status_name(BodyKind::Cb, QualStatus::RevokedPenalty), None);
    }

    #[test]
    fn numbers_are_read_and_written() {
        let n = |s: &str| chinese_number(&s.chars().collect::<Vec<_>>());
        assert_eq!(n("五十八"), Some(58));
        assert_eq!(n("十"), Some(10));
        assert_eq!(n("十六"), Some(16));
        assert_eq!(n("一百零五"), Some(105));
        assert_eq!(n("两"), Some(2));
        for (a, s) in [
            (58, "第五十八条"),
            (10, "第十条"),
            (105, "第一百零五条"),
            (7, "第七条"),
        ] {
            assert_eq!(article_zh(a), s);
        }
    }
}
