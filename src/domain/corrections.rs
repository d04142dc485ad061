//! Correcting the record (PROCEDURE.md, "Correcting the record"): nothing is deleted.
//!
//! - A **correction** (更正) fixes a clerical error in a recorded act — a document number, a
//!   date, a deadline, an end date, the basis or the reason — and keeps the state: it names the
//!   event, the field, the old and the new value, the reason and who approved it.
//! - An **annulment of the decision** (撤销原行政行为) undoes an act found unlawful: it restores
//!   the state the act changed and closes what it opened, naming the act.
//!
//! Pure rules: which fields of which acts are correctable, what a new value must obey (the same
//! date rules as acts), which acts can be annulled and when not. The store reads the event, its
//! later events and the rows (`store::corrections`), and writes what these rules allow.

use super::Date;
use super::acts::{ActKind, Arg, LATEST_DATE, Refusal, Rule, check_text};
use super::dates::parse_date;

/// A fact of a recorded act that a correction can fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CorrectField {
    /// The document number (文号) of the decision.
    DocNo,
    /// The date of the act (its `act_date`); for a grant it is `decided_on`.
    Date,
    /// A grant's decision date (批准日期): the qualification's `decided_on`.
    DecidedOn,
    /// The end date a grant or a renewal gave the approval (有效期至).
    ValidUntil,
    /// The deadline an act set: end of a suspension, of a rectification, of a bar.
    Deadline,
    /// The legal basis.
    Basis,
    /// The reason.
    Reason,
}

impl CorrectField {
    pub const ALL: &'static [CorrectField] = &[
        CorrectField::DocNo,
        CorrectField::Date,
        CorrectField::DecidedOn,
        CorrectField::ValidUntil,
        CorrectField::Deadline,
        CorrectField::Basis,
        CorrectField::Reason,
    ];

    /// The name on the command line (`--field`), in the event and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CorrectField::DocNo => "doc_no",
            CorrectField::Date => "date",
            CorrectField::DecidedOn => "decided_on",
            CorrectField::ValidUntil => "valid_until",
            CorrectField::Deadline => "deadline",
            CorrectField::Basis => "basis",
            CorrectField::Reason => "reason",
        }
    }

    /// The Chinese term.
    pub fn zh(self) -> &'static str {
        match self {
            CorrectField::DocNo => "文号",
            CorrectField::Date => "日期",
            CorrectField::DecidedOn => "批准日期",
            CorrectField::ValidUntil => "有效期至",
            CorrectField::Deadline => "期限",
            CorrectField::Basis => "法律依据",
            CorrectField::Reason => "理由",
        }
    }

    /// The CLI name, the Chinese term, or the usual spellings (`doc-no`, `act_date`).
    pub fn parse(s: &str) -> Option<CorrectField> {
        let n = super::text::normalise_id(s).replace('-', "_");
        CorrectField::ALL.iter().copied().find(|f| {
            n == f.as_str().to_uppercase()
                || n == f.zh()
                || (*f == CorrectField::Date && n == "ACT_DATE")
        })
    }

    /// Whether the value is a date.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            CorrectField::Date
                | CorrectField::DecidedOn
                | CorrectField::ValidUntil
                | CorrectField::Deadline
        )
    }
}

impl serde::Serialize for CorrectField {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for CorrectField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The act names of the two events this module defines.
pub const CORRECT: &str = "correct";
pub const ANNUL: &str = "annul";

/// The fields a correction can fix on an event of `act` (with a deadline only when the event
/// set one). Empty for events that record no regulatory act.
pub fn correctable_fields(act: &str, has_deadline: bool) -> Vec<CorrectField> {
    use CorrectField::*;
    let mut fields = match act {
        "grant" => vec![DocNo, DecidedOn, ValidUntil, Basis, Reason],
        "renew" => vec![DocNo, Date, ValidUntil, Basis, Reason],
        _ if ActKind::parse(act).is_some() => vec![DocNo, Date, Basis, Reason],
        _ => return Vec::new(),
    };
    if has_deadline
        && matches!(
            act,
            "suspend" | "order-rectification" | "verify" | "set-bar"
        )
    {
        fields.insert(2, Deadline);
    }
    fields
}

/// A recorded event as the rules need to see it: its act, its facts as they stand now (the
/// original, or the last correction's new value), and what the log says around it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub act: String,
    /// The event is on a qualification (it names an approval number).
    pub on_qualification: bool,
    pub act_date: Option<Date>,
    pub doc_no: String,
    pub basis: String,
    pub reason: String,
    /// The end date the act gave (grant, renew).
    pub valid_until: Option<Date>,
    /// The approval's end date before the act (renew: the new one must be after it).
    pub valid_until_before: Option<Date>,
    /// The deadline the act set, if it set one.
    pub deadline: Option<Date>,
    /// When the qualification was granted (no act may be dated before it).
    pub granted_on: Option<Date>,
    /// The latest opening date of the follow-ups this act closed: it answers them, so it cannot
    /// be dated before.
    pub answers: Option<Date>,
    /// The first later act on the same approval, with its date (a grant cannot move past it).
    pub first_later: Option<(i64, Date)>,
    /// The annulment of this event, if any.
    pub annulled_by: Option<i64>,
    /// The application (办件) the act decided, if it came from one.
    pub application_id: Option<i64>,
    /// The event carries row images (written by schema version 2 or later).
    pub has_changes: bool,
}

impl Recorded {
    /// The value of `field` as it stands now, as text ("" when the act has none).
    pub fn value(&self, field: CorrectField) -> String {
        let d = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        match field {
            CorrectField::DocNo => self.doc_no.clone(),
            CorrectField::Basis => self.basis.clone(),
            CorrectField::Reason => self.reason.clone(),
            CorrectField::Date | CorrectField::DecidedOn => d(self.act_date),
            CorrectField::ValidUntil => d(self.valid_until),
            CorrectField::Deadline => d(self.deadline),
        }
    }

    /// The fields a correction can fix on this event.
    pub fn fields(&self) -> Vec<CorrectField> {
        correctable_fields(&self.act, self.deadline.is_some())
    }
}

fn refuse<T>(
    field: &'static str,
    rule: Rule,
    args: Vec<(&'static str, Arg)>,
) -> Result<T, Refusal> {
    Err(Refusal::new(Some(field), rule, args))
}

/// What an accepted correction changes: the field, its value now and the new value
/// (normalised: a date in ISO form, text trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub field: CorrectField,
    pub old: String,
    pub new: String,
}

impl Correction {
    /// The new value as a date, for the date fields.
    pub fn new_date(&self) -> Option<Date> {
        self.field
            .is_date()
            .then(|| self.new.parse().ok())
            .flatten()
    }
}

/// The reason, basis and document number of a correction or annulment itself.
fn check_own_text(
    reason: &str,
    basis: &str,
    doc_no: &str,
    what: &'static str,
) -> Result<(), Refusal> {
    match check_own_text_all(reason, basis, doc_no, what)
        .into_iter()
        .next()
    {
        Some(r) => Err(r),
        None => Ok(()),
    }
}

/// Every refusal of the reason, basis and document number, one per field.
pub fn check_own_text_all(
    reason: &str,
    basis: &str,
    doc_no: &str,
    what: &'static str,
) -> Vec<Refusal> {
    let mut errs = Vec::new();
    let what = || crate::rule_args![what = Arg::RecordAct(what)];
    if reason.trim().is_empty() {
        errs.push(Refusal::new(
            Some("reason"),
            Rule::OwnReasonRequired,
            what(),
        ));
    }
    if basis.trim().is_empty() {
        errs.push(Refusal::new(Some("basis"), Rule::OwnBasisRequired, what()));
    }
    for (field, value) in [("reason", reason), ("basis", basis), ("doc_no", doc_no)] {
        if let Err(r) = check_text(field, value)
            && !errs.iter().any(|e| e.field == Some(field))
        {
            errs.push(r);
        }
    }
    errs
}

/// Whether a correction of `field` to `value` on `rec` is allowed on `today`, and what it is.
pub fn plan_correction(
    rec: &Recorded,
    field: &str,
    value: &str,
    reason: &str,
    basis: &str,
    doc_no: &str,
    today: Date,
) -> Result<Correction, Refusal> {
    let id = rec.id;
    match rec.act.as_str() {
        CORRECT => {
            return refuse(
                "event",
                Rule::CorrectACorrection,
                crate::rule_args![id = id],
            );
        }
        ANNUL => {
            return refuse(
                "event",
                Rule::CorrectAnAnnulment,
                crate::rule_args![id = id],
            );
        }
        _ => {}
    }
    if let Some(by) = rec.annulled_by {
        return refuse(
            "event",
            Rule::CorrectAnnulled,
            crate::rule_args![id = id, act = rec.act.as_str(), by = by],
        );
    }
    let fields = rec.fields();
    if fields.is_empty() || !rec.on_qualification {
        return refuse(
            "event",
            Rule::CorrectNoAct,
            crate::rule_args![id = id, act = rec.act.as_str()],
        );
    }
    let names: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
    let names = names.join(", ");
    let f = match CorrectField::parse(field) {
        // A grant's date is its decision date.
        Some(CorrectField::Date) if rec.act == "grant" => CorrectField::DecidedOn,
        Some(f) if fields.contains(&f) => f,
        Some(f) => {
            return refuse(
                "field",
                Rule::CorrectNoSuchFact,
                crate::rule_args![
                    field = f.as_str(),
                    id = id,
                    act = rec.act.as_str(),
                    names = names
                ],
            );
        }
        None => {
            return refuse(
                "field",
                Rule::CorrectUnknownField,
                crate::rule_args![
                    field = super::text::escape_unsafe(field),
                    id = id,
                    act = rec.act.as_str(),
                    names = names
                ],
            );
        }
    };
    check_own_text(reason, basis, doc_no, "correction")?;
    let old = rec.value(f);
    let new = if f.is_date() {
        let Some(d) = parse_date(value) else {
            return refuse(
                "value",
                Rule::CorrectNotADate,
                crate::rule_args![value = super::text::escape_unsafe(value)],
            );
        };
        check_date(rec, f, d, today)?;
        d.to_string()
    } else {
        let v = value.trim();
        check_text(f.as_str(), v).map_err(|r| r.on("value"))?;
        if v.is_empty() {
            return refuse(
                "value",
                Rule::CorrectEmpty,
                crate::rule_args![field = f.as_str()],
            );
        }
        v.to_string()
    };
    if new == old {
        return refuse(
            "value",
            Rule::CorrectUnchanged,
            crate::rule_args![field = f.as_str(), id = id, new = new],
        );
    }
    Ok(Correction { field: f, old, new })
}

/// A corrected date obeys the rules of the act's own dates (PROCEDURE.md "Dates of acts").
fn check_date(rec: &Recorded, f: CorrectField, d: Date, today: Date) -> Result<(), Refusal> {
    if d > LATEST_DATE {
        return refuse(
            "value",
            Rule::DateBeyondHorizon,
            crate::rule_args![date = d, latest = LATEST_DATE],
        );
    }
    if matches!(f, CorrectField::Date | CorrectField::DecidedOn) && d > today {
        return refuse(
            "value",
            Rule::CorrectAfterToday,
            crate::rule_args![date = d, today = today],
        );
    }
    match f {
        CorrectField::Date => {
            if let Some(g) = rec.granted_on
                && d < g
            {
                return refuse(
                    "value",
                    Rule::CorrectBeforeGrant,
                    crate::rule_args![date = d, granted = g],
                );
            }
            if let Some(a) = rec.answers
                && d < a
            {
                return refuse(
                    "value",
                    Rule::CorrectBeforeAnswered,
                    crate::rule_args![date = d, answered = a],
                );
            }
            if let Some(dl) = rec.deadline
                && dl <= d
            {
                return refuse(
                    "value",
                    Rule::CorrectNotBeforeDeadline,
                    crate::rule_args![date = d, deadline = dl],
                );
            }
            if let Some(v) = rec.valid_until
                && v <= d
            {
                return refuse(
                    "value",
                    Rule::CorrectNotBeforeEnd,
                    crate::rule_args![date = d, end = v],
                );
            }
        }
        CorrectField::DecidedOn => {
            if let Some(v) = rec.valid_until
                && v <= d
            {
                return refuse(
                    "value",
                    Rule::CorrectDecisionNotBeforeEnd,
                    crate::rule_args![date = d, end = v],
                );
            }
            if let Some((e, later)) = rec.first_later
                && later < d
            {
                return refuse(
                    "value",
                    Rule::CorrectGrantAfterLater,
                    crate::rule_args![event = e, later = later, date = d],
                );
            }
        }
        CorrectField::ValidUntil => {
            let start = rec.act_date.or(rec.granted_on);
            if let Some(s) = start
                && d <= s
            {
                return refuse(
                    "value",
                    Rule::CorrectEndNotAfterStart,
                    crate::rule_args![date = d, start = s],
                );
            }
            if let Some(b) = rec.valid_until_before
                && rec.act == "renew"
                && d <= b
            {
                return refuse(
                    "value",
                    Rule::CorrectRenewalEnd,
                    crate::rule_args![date = d, before = b],
                );
            }
        }
        CorrectField::Deadline => {
            if let Some(a) = rec.act_date
                && d <= a
            {
                return refuse(
                    "value",
                    Rule::CorrectDeadlineNotAfter,
                    crate::rule_args![date = d, act_date = a],
                );
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether an event of `act` can be annulled: a decision on a qualification. Not a grant
/// (revoke it: 行政许可法 Art. 69), an import, a publication (it is withdrawn with the penalty
/// it published), a correction or an annulment.
pub fn annullable(act: &str) -> bool {
    // A filing is the party's act (it withdraws its application); a publication and its
    // withdrawal follow the decision they publish.
    ActKind::parse(act).is_some_and(|a| {
        !matches!(
            a,
            ActKind::Publish | ActKind::WithdrawPublication | ActKind::FileRenewal
        )
    })
}

/// A later act that stands in the way of an annulment: it changed what the annulled act
/// changed, or the approval's state, since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    pub event_id: i64,
    pub act: String,
}

/// Whether `rec` can be annulled on `date`.
pub fn check_annulment(
    rec: &Recorded,
    date: Date,
    today: Date,
    reason: &str,
    basis: &str,
    doc_no: &str,
    blocker: Option<&Blocker>,
) -> Result<(), Refusal> {
    let id = rec.id;
    match rec.act.as_str() {
        CORRECT => {
            return refuse("event", Rule::AnnulACorrection, crate::rule_args![id = id]);
        }
        ANNUL => {
            return refuse("event", Rule::AnnulAnAnnulment, crate::rule_args![id = id]);
        }
        "grant" => {
            return refuse("event", Rule::AnnulAGrant, crate::rule_args![id = id]);
        }
        "publish" => {
            return refuse("event", Rule::AnnulAPublication, crate::rule_args![id = id]);
        }
        a if !annullable(a) || !rec.on_qualification => {
            return refuse(
                "event",
                Rule::AnnulNoDecision,
                crate::rule_args![id = id, act = a],
            );
        }
        _ => {}
    }
    if let Some(by) = rec.annulled_by {
        return refuse(
            "event",
            Rule::AnnulAlready,
            crate::rule_args![id = id, act = rec.act.as_str(), by = by],
        );
    }
    if let Some(app) = rec.application_id {
        return refuse(
            "event",
            Rule::AnnulOnApplication,
            crate::rule_args![id = id, act = rec.act.as_str(), application = app],
        );
    }
    if !rec.has_changes {
        return refuse(
            "event",
            Rule::AnnulNoImages,
            crate::rule_args![id = id, act = rec.act.as_str()],
        );
    }
    if let Some(b) = blocker {
        return refuse(
            "event",
            Rule::AnnulBlocked,
            crate::rule_args![
                event = b.event_id,
                act = b.act.as_str(),
                id = id,
                annulled = rec.act.as_str()
            ],
        );
    }
    if date > today {
        return refuse(
            "date",
            Rule::AnnulAfterToday,
            crate::rule_args![date = date, today = today],
        );
    }
    if date > LATEST_DATE {
        return refuse(
            "date",
            Rule::AnnulBeyondHorizon,
            crate::rule_args![date = date, latest = LATEST_DATE],
        );
    }
    if let Some(a) = rec.act_date
        && date < a
    {
        return refuse(
            "date",
            Rule::AnnulBeforeAct,
            crate::rule_args![date = date, act_date = a],
        );
    }
    check_own_text(reason, basis, doc_no, "annulment")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date::constant(2026, 11, 27);

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn suspend() -> Recorded {
        Recorded {
            id: 7,
            act: "suspend".into(),
            on_qualification: true,
            act_date: Some(d("2026-11-20")),
            doc_no: "市监认罚〔2026〕12号".into(),
            basis: "认证认可条例第五十八条".into(),
            reason: "auditors below 10".into(),
            deadline: Some(d("2027-01-20")),
            granted_on: Some(d("2024-03-05")),
            has_changes: true,
            ..Default::default()
        }
    }

    fn correct(rec: &Recorded, field: &str, value: &str) -> Result<Correction, Refusal> {
        plan_correction(
            rec,
            field,
            value,
            "笔误",
            "内部更正审批单 2026-3",
            "",
            TODAY,
        )
    }

    #[test]
    fn fields_follow_the_act() {
        use CorrectField::*;
        assert_eq!(
            correctable_fields("grant", false),
            vec![DocNo, DecidedOn, ValidUntil, Basis, Reason]
        );
        assert!(correctable_fields("suspend", true).contains(&Deadline));
        assert!(!correctable_fields("suspend", false).contains(&Deadline));
        assert!(!correctable_fields("lift", true).contains(&Deadline));
        assert!(correctable_fields("renew", false).contains(&ValidUntil));
        assert!(correctable_fields("import-file", false).is_empty());
        assert!(correctable_fields("correct", false).is_empty());
        assert_eq!(CorrectField::parse("doc-no"), Some(DocNo));
        assert_eq!(CorrectField::parse("文号"), Some(DocNo));
        assert_eq!(CorrectField::parse("act_date"), Some(Date));
        assert_eq!(CorrectField::parse("status"), None);
    }

    #[test]
    fn a_correction_names_old_and_new() {
        let c = correct(&suspend(), "doc_no", " 市监认罚〔2026〕21号 ").unwrap();
        assert_eq!(c.field, CorrectField::DocNo);
        assert_eq!(c.old, "市监认罚〔2026〕12号");
        assert_eq!(c.new, "市监认罚〔2026〕21号");
        let c = correct(&suspend(), "deadline", "2027/2/20").unwrap();
        assert_eq!(
            (c.old.as_str(), c.new.as_str()),
            ("2027-01-20", "2027-02-20")
        );
        assert_eq!(c.new_date(), Some(d("2027-02-20")));
        // A grant's date is its decision date.
        let grant = Recorded {
            act: "grant".into(),
            act_date: Some(d("2024-03-05")),
            valid_until: Some(d("2030-03-04")),
            ..suspend()
        };
        assert_eq!(
            correct(&grant, "date", "2024-03-06").unwrap().field,
            CorrectField::DecidedOn
        );
    }

    #[test]
    fn refusals_name_the_field_and_the_fix() {
        let r = correct(&suspend(), "status", "active").unwrap_err();
        assert_eq!(r.field, Some("field"));
        assert!(
            r.to_string()
                .contains("doc_no, date, deadline, basis, reason"),
            "{r}"
        );
        let r = correct(&suspend(), "valid_until", "2030-01-01").unwrap_err();
        assert!(
            r.to_string().contains("cannot be corrected on event 7"),
            "{r}"
        );
        for (value, says) in [
            ("2026-13-01", "is not a date"),
            ("2026-11-28", "after today"),
            ("2024-03-04", "before the approval was granted"),
            ("2026-11-20", "already"),
        ] {
            let r = correct(&suspend(), "date", value).unwrap_err();
            assert_eq!(r.field, Some("value"), "{value}");
            assert!(r.to_string().contains(says), "{value}: {r}");
        }
        let short = Recorded {
            deadline: Some(d("2026-11-25")),
            ..suspend()
        };
        let r = correct(&short, "date", "2026-11-26").unwrap_err();
        assert!(
            r.to_string().contains("not before the act's deadline"),
            "{r}"
        );
        let r = correct(&suspend(), "deadline", "2101-01-01").unwrap_err();
        assert!(r.to_string().contains("after 2100-12-31"), "{r}");
        let r = correct(&suspend(), "deadline", "2026-11-20").unwrap_err();
        assert!(
            r.to_string().contains("must be after the act's date"),
            "{r}"
        );
        // Hostile text.
        for bad in ["市监\u{1b}[2J", "文号\u{202e}", "=HYPERLINK(1)", ""] {
            let r = correct(&suspend(), "doc_no", bad).unwrap_err();
            assert_eq!(r.field, Some("value"), "{bad:?}");
        }
        let r = plan_correction(&suspend(), "doc_no", "x号", "", "b", "", TODAY).unwrap_err();
        assert_eq!(r.field, Some("reason"));
        let r = plan_correction(&suspend(), "doc_no", "x号", "r", " ", "", TODAY).unwrap_err();
        assert_eq!(r.field, Some("basis"));
    }

    #[test]
    fn corrections_and_annulments_are_not_corrected_and_annulled_acts_not_at_all() {
        let mut c = suspend();
        c.act = CORRECT.into();
        assert!(
            correct(&c, "doc_no", "x")
                .unwrap_err()
                .to_string()
                .contains("itself a correction")
        );
        let mut a = suspend();
        a.annulled_by = Some(9);
        let r = correct(&a, "doc_no", "x号").unwrap_err();
        assert!(r.to_string().contains("annulled by event 9"), "{r}");
        let mut i = suspend();
        i.act = "import-file".into();
        assert!(
            correct(&i, "doc_no", "x")
                .unwrap_err()
                .to_string()
                .contains("no regulatory act")
        );
    }

    #[test]
    fn a_grants_dates_stay_in_order() {
        let grant = Recorded {
            act: "grant".into(),
            act_date: Some(d("2024-03-05")),
            valid_until: Some(d("2030-03-04")),
            first_later: Some((5, d("2025-01-10"))),
            ..suspend()
        };
        let r = correct(&grant, "decided_on", "2025-02-01").unwrap_err();
        assert!(r.to_string().contains("event 5"), "{r}");
        let r = correct(&grant, "valid_until", "2024-03-05").unwrap_err();
        assert!(
            r.to_string().contains("must be after the decision date"),
            "{r}"
        );
        assert!(correct(&grant, "valid_until", "2031-03-04").is_ok());
        let renew = Recorded {
            act: "renew".into(),
            act_date: Some(d("2026-10-01")),
            valid_until: Some(d("2032-03-04")),
            valid_until_before: Some(d("2026-12-31")),
            deadline: None,
            ..suspend()
        };
        let r = correct(&renew, "valid_until", "2026-12-01").unwrap_err();
        assert!(
            r.to_string().contains("after the end date it renewed"),
            "{r}"
        );
    }

    fn annul(rec: &Recorded, date: &str, blocker: Option<&Blocker>) -> Result<(), Refusal> {
        check_annulment(
            rec,
            d(date),
            TODAY,
            "复议撤销",
            "行政复议决定书〔2026〕3号",
            "",
            blocker,
        )
    }

    #[test]
    fn what_can_be_annulled() {
        assert!(annul(&suspend(), "2026-11-27", None).is_ok());
        for (act, says) in [
            ("grant", "revoking"),
            ("publish", "withdrawn by annulling the penalty"),
            ("correct", "is a correction"),
            ("annul", "cannot itself be annulled"),
            ("import-file", "no decision on a qualification"),
        ] {
            let rec = Recorded {
                act: act.into(),
                ..suspend()
            };
            let r = annul(&rec, "2026-11-27", None).unwrap_err();
            assert!(r.to_string().contains(says), "{act}: {r}");
        }
        let done = Recorded {
            annulled_by: Some(8),
            ..suspend()
        };
        assert!(
            annul(&done, "2026-11-27", None)
                .unwrap_err()
                .to_string()
                .contains("already annulled by event 8")
        );
        let b = Blocker {
            event_id: 9,
            act: "lift".into(),
        };
        let r = annul(&suspend(), "2026-11-27", Some(&b)).unwrap_err();
        assert!(r.to_string().contains("annul event 9 first"), "{r}");
        assert!(
            annul(&suspend(), "2026-11-19", None)
                .unwrap_err()
                .to_string()
                .contains("before the act it annuls")
        );
        assert!(
            annul(&suspend(), "2026-11-28", None)
                .unwrap_err()
                .to_string()
                .contains("after today")
        );
        let from_app = Recorded {
            application_id: Some(3),
            ..suspend()
        };
        assert!(
            annul(&from_app, "2026-11-27", None)
                .unwrap_err()
                .to_string()
                .contains("application 3")
        );
        let r = check_annulment(&suspend(), TODAY, TODAY, "", "b", "", None).unwrap_err();
        assert_eq!(r.field, Some("reason"));
    }
}
