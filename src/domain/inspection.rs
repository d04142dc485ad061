//! Random inspections (双随机、一公开, docs/INSPECTIONS.md): the ratios per risk class, the
//! frozen population's hash, the seed, and the draw of bodies and officers. Pure: population
//! and seed in, drawn list out — the same inputs give the same list on any machine.
//!
//! The algorithm `certdesk-draw/1`, stated so anyone can redo it by hand or in another program:
//! 1. The population is the list of eligible bodies ordered by USCC. Its *roster hash* is the
//!    SHA-256 (hex) of `certdesk-roster/1\n` followed by one line `USCC\tCLASS\n` per body.
//! 2. The *seed* is the SHA-256 (hex) of `certdesk-draw/1\nROSTER_HASH\nPUBLIC_VALUE`.
//! 3. Each use of randomness has its own generator: ChaCha20 (`rand_chacha::ChaCha20Rng`)
//!    seeded with the 32 bytes of SHA-256(`SEED\nLABEL`); the labels are `class:A` … `class:D`,
//!    `replace:N` (the N-th replacement of the task, from 1), `officers:USCC` and
//!    `recuse:USCC:N` (the N-th recusal on that body, from 1).
//! 4. A number below m is drawn from 64-bit outputs (`next_u64`) by rejection: outputs at or
//!    above ⌊2⁶⁴ / m⌋·m are dropped, the first other one is taken modulo m.
//! 5. k of n are drawn by a partial Fisher–Yates shuffle of the positions 0…n−1: for i in 0…k−1,
//!    j = i + (a number below n − i), swap positions i and j; the first k positions, in that
//!    order, are the drawn ones.
//! 6. The count of a class of n bodies at p % is ⌈n·p / 100⌉: at least one body of every
//!    non-empty class whose ratio is above 0, never more than the class holds.
//! 7. Classes are drawn in the order A, B, C, D; the drawn list is their draws in that order.

use super::Date;
use super::calendar::{Calendar, Deadline};
use super::model::RiskClass;
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

/// The name and version of the draw, recorded with every draw.
pub const ALGORITHM: &str = "certdesk-draw/1";

/// Officers per body at least (行政处罚法 Art. 42).
pub const MIN_OFFICERS: u32 = 2;

/// Acts whose actor approved, verified or penalised a body: that officer is not drawn to
/// inspect it (docs/INSPECTIONS.md, Officers and recusal).
pub const CONFLICTING_ACTS: &[&str] = &[
    "grant",
    "renew",
    "migrated",
    "verify",
    "order-rectification",
    "record-rectification",
    "suspend",
    "lift",
    "revoke",
    "revoke-penalty",
    "case-open",
];

/// Why an inspection act or flag was refused; the screens and the CLI say it in zh or en
/// (`i18n::inspection`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A ratio list that does not parse: the part at fault.
    RatioSyntax(String),
    /// A ratio above 100 %.
    RatioOver100(RiskClass, String),
    /// A class given twice.
    RatioTwice(RiskClass),
    /// The public value is empty.
    PublicValueEmpty,
    /// No task with that id.
    UnknownTask(String),
    /// No item with that id.
    UnknownItem(String),
    /// An item of the other kind of body.
    ItemKind { item: i64, kind: String },
    /// A task without an item (no inspection without an item on the list).
    NoItems,
    /// No officer with that login.
    UnknownOfficer(String),
    /// No body with that USCC in the register.
    UnknownBody(String),
    /// A body of another kind than the task.
    BodyKind { uscc: String, kind: String },
    /// The body is not on the task's drawn list.
    NotDrawn(String),
    /// The task was drawn already (a second draw is refused).
    AlreadyDrawn { task: i64, on: String },
    /// The task was not drawn yet.
    NotYetDrawn(i64),
    /// A body added on purpose (定向) to a task already drawn: a replacement or another task.
    IncludeAfterDraw { task: i64, on: String },
    /// A body with no approval in force cannot be inspected.
    NotInForce(String),
    /// The body is on the task's directed list already.
    AlreadyIncluded { task: i64, uscc: String },
    /// The officer is not assigned to that body in the task.
    NotAssigned { login: String, uscc: String },
    /// Fewer officers per body than the law asks (Art. 42).
    TooFewOfficers(u32),
    /// A field that must be given is empty.
    Required(&'static str),
    /// Text with characters certdesk does not store (control, invisible, formula-leading).
    BadText { field: &'static str, why: String },
    /// A year outside a sane range.
    BadYear(i32),
    /// An --include that is not USCC:REASON.
    IncludeSyntax(String),
    /// Nothing remains to draw a replacement from.
    NoReplacement(String),
    /// The officers were assigned already.
    AlreadyAssigned(i64),
    /// A conflict declared twice.
    ConflictExists { login: String, uscc: String },
    /// A result code that is not one of the categories (`ResultCode`).
    UnknownResult(String),
    /// The body has its result already (one result per body).
    AlreadyResulted {
        uscc: String,
        result: String,
        on: String,
    },
    /// A date before the task's draw.
    BeforeDraw { date: String, drawn_on: String },
    /// A date after today.
    AfterToday { date: String, today: String },
    /// A date before the task's completion (publish) or its last result (close).
    BeforeCompletion { date: String, completed_on: String },
    /// The task is completed (its last result recorded, or closed): nothing more is recorded.
    TaskCompleted { task: i64, on: String },
    /// Officers assigned or recused on a task already completed (closed or every result
    /// recorded): the inspection is over, its record stays as it was.
    OfficersAfterCompletion { task: i64, on: String },
    /// The task is not completed yet (results missing, not closed).
    NotCompleted { task: i64, missing: usize },
    /// The task's publication is recorded already.
    AlreadyPublished { task: i64, on: String },
    /// Findings must be written for a result that found a problem.
    FindingsRequired(ResultCode),
    /// An order to rectify or a case asked with a result that found no problem.
    NoProblemFound(ResultCode),
    /// The body has no approval to act on (an order or a case concerns an approval).
    NoApproval(String),
    /// A result for a body with fewer officers assigned than the law asks (Art. 42).
    TooFewOfficersForResult { uscc: String, assigned: usize },
}

/// The number of working days within which a task's results are published (一公开: SAMR 2018
/// (?), docs/INSPECTIONS.md): a setting would be the place if it ever differs.
pub const PUBLICATION_WORKING_DAYS: u32 = 20;

/// The categories of an inspection result used for publication (docs/INSPECTIONS.md, Results;
/// from provincial practice (?)): the code stored and typed, and the Chinese label published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultCode {
    NoProblem,
    InfoNotPublicised,
    FalseInformation,
    OrderedToRectify,
    FollowUpPending,
    NoSuchActivity,
    Unreachable,
    Uncooperative,
    ClosedOrLiquidating,
    Cancelled,
    LicenceRevoked,
    Revoked,
    MovedOut,
}

impl ResultCode {
    pub const ALL: [ResultCode; 13] = [
        ResultCode::NoProblem,
        ResultCode::InfoNotPublicised,
        ResultCode::FalseInformation,
        ResultCode::OrderedToRectify,
        ResultCode::FollowUpPending,
        ResultCode::NoSuchActivity,
        ResultCode::Unreachable,
        ResultCode::Uncooperative,
        ResultCode::ClosedOrLiquidating,
        ResultCode::Cancelled,
        ResultCode::LicenceRevoked,
        ResultCode::Revoked,
        ResultCode::MovedOut,
    ];

    /// The code stored in `inspection_body.result` and typed after `--result`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResultCode::NoProblem => "no_problem",
            ResultCode::InfoNotPublicised => "info_not_publicised",
            ResultCode::FalseInformation => "false_information",
            ResultCode::OrderedToRectify => "ordered_to_rectify",
            ResultCode::FollowUpPending => "follow_up_pending",
            ResultCode::NoSuchActivity => "no_such_activity",
            ResultCode::Unreachable => "unreachable",
            ResultCode::Uncooperative => "uncooperative",
            ResultCode::ClosedOrLiquidating => "closed_or_liquidating",
            ResultCode::Cancelled => "cancelled",
            ResultCode::LicenceRevoked => "licence_revoked",
            ResultCode::Revoked => "revoked",
            ResultCode::MovedOut => "moved_out",
        }
    }

    /// The label published (and shown on the screens in Chinese).
    pub fn zh(self) -> &'static str {
        match self {
            ResultCode::NoProblem => "未发现问题",
            ResultCode::InfoNotPublicised => "未按规定公示应当公示的信息",
            ResultCode::FalseInformation => "公示信息隐瞒真实情况、弄虚作假",
            ResultCode::OrderedToRectify => "发现问题已责令改正",
            ResultCode::FollowUpPending => "发现问题待后续处理",
            ResultCode::NoSuchActivity => "未发现开展本次抽查涉及的经营活动",
            ResultCode::Unreachable => "通过登记的住所（经营场所）无法联系",
            ResultCode::Uncooperative => "不配合检查（情节严重）",
            ResultCode::ClosedOrLiquidating => "已关闭停业或正在组织清算",
            ResultCode::Cancelled => "已注销",
            ResultCode::LicenceRevoked => "已被吊销",
            ResultCode::Revoked => "已被撤销",
            ResultCode::MovedOut => "已迁出",
        }
    }

    /// The code or the Chinese label (spaces at the ends and case ignored).
    pub fn parse(s: &str) -> Option<ResultCode> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase().replace('-', "_");
        ResultCode::ALL
            .into_iter()
            .find(|c| c.as_str() == lower || c.zh() == t)
    }

    /// The inspection found a problem with the body: findings must be written, and an order
    /// to rectify or a case may follow from it.
    pub fn found_problem(self) -> bool {
        matches!(
            self,
            ResultCode::InfoNotPublicised
                | ResultCode::FalseInformation
                | ResultCode::OrderedToRectify
                | ResultCode::FollowUpPending
                | ResultCode::Uncooperative
        )
    }
}

/// A result's findings: required when it found a problem, else optional.
pub fn check_findings(code: ResultCode, findings: &str) -> Result<(), Problem> {
    if code.found_problem() && findings.trim().is_empty() {
        return Err(Problem::FindingsRequired(code));
    }
    Ok(())
}

/// A date of an inspection act on a drawn task: not before the draw, not after today.
pub fn check_act_date(date: Date, drawn_on: Date, today: Date) -> Result<(), Problem> {
    if date < drawn_on {
        return Err(Problem::BeforeDraw {
            date: date.to_string(),
            drawn_on: drawn_on.to_string(),
        });
    }
    if date > today {
        return Err(Problem::AfterToday {
            date: date.to_string(),
            today: today.to_string(),
        });
    }
    Ok(())
}

/// The day a completed task's results must be published by: 20 working days after its
/// completion (the start day not counted, 民法典 Art. 201), estimated through a year without a
/// schedule.
pub fn publication_due(calendar: &Calendar, completed_on: Date) -> Deadline {
    calendar.add_working_days(completed_on, PUBLICATION_WORKING_DAYS)
}

/// The ratio of each risk class, in whole percent (0–100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ratios {
    #[serde(rename = "A")]
    pub a: u8,
    #[serde(rename = "B")]
    pub b: u8,
    #[serde(rename = "C")]
    pub c: u8,
    #[serde(rename = "D")]
    pub d: u8,
}

impl Ratios {
    pub fn of(&self, class: RiskClass) -> u8 {
        match class {
            RiskClass::A => self.a,
            RiskClass::B => self.b,
            RiskClass::C => self.c,
            RiskClass::D => self.d,
        }
    }

    fn set(&mut self, class: RiskClass, p: u8) {
        match class {
            RiskClass::A => self.a = p,
            RiskClass::B => self.b = p,
            RiskClass::C => self.c = p,
            RiskClass::D => self.d = p,
        }
    }

    /// `A=1,B=3,C=10,D=30` (also `:` for `=`, `%` after the number, `，`/`;` between): the
    /// classes given replace those of `defaults`.
    pub fn parse(s: &str, defaults: Ratios) -> Result<Ratios, Problem> {
        let mut out = defaults;
        let mut seen: Vec<RiskClass> = Vec::new();
        let parts: Vec<&str> = s
            .split([',', '，', ';', '；'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            return Err(Problem::RatioSyntax(s.to_string()));
        }
        for part in parts {
            let (class, value) = part
                .split_once(['=', ':', '：'])
                .ok_or_else(|| Problem::RatioSyntax(part.to_string()))?;
            let class = RiskClass::parse(class.trim())
                .ok_or_else(|| Problem::RatioSyntax(part.to_string()))?;
            let value = value.trim().trim_end_matches(['%', '％']).trim();
            if !value.bytes().all(|b| b.is_ascii_digit()) || value.is_empty() {
                return Err(Problem::RatioSyntax(part.to_string()));
            }
            let p: u32 = value
                .parse()
                .map_err(|_| Problem::RatioOver100(class, value.to_string()))?;
            if p > 100 {
                return Err(Problem::RatioOver100(class, value.to_string()));
            }
            if seen.contains(&class) {
                return Err(Problem::RatioTwice(class));
            }
            seen.push(class);
            out.set(class, p as u8);
        }
        Ok(out)
    }
}

impl std::fmt::Display for Ratios {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "A={},B={},C={},D={}", self.a, self.b, self.c, self.d)
    }
}

/// The settings a new task takes when its flags are silent (`certdesk settings set KEY N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InspectionDefaults {
    pub ratios: Ratios,
    /// Leave out bodies drawn by another task within this many months before the draw (0: none).
    pub exclude_months: u32,
}

impl Default for InspectionDefaults {
    /// Henan 2021's ratios (docs/INSPECTIONS.md) and a year between inspections of a body (?).
    fn default() -> Self {
        InspectionDefaults {
            ratios: Ratios {
                a: 1,
                b: 2,
                c: 10,
                d: 30,
            },
            exclude_months: 12,
        }
    }
}

impl InspectionDefaults {
    /// The value of an inspection setting; None for a key that is not one.
    pub fn get(&self, key: &str) -> Option<u32> {
        Some(match key {
            "inspection_ratio_a" => self.ratios.a as u32,
            "inspection_ratio_b" => self.ratios.b as u32,
            "inspection_ratio_c" => self.ratios.c as u32,
            "inspection_ratio_d" => self.ratios.d as u32,
            "inspection_exclude_months" => self.exclude_months,
            _ => return None,
        })
    }

    /// Set an inspection setting: Some(false) when `n` is out of range (percent 0–100,
    /// months 0–120), None for a key that is not one.
    pub fn set(&mut self, key: &str, n: u32) -> Option<bool> {
        let percent = u8::try_from(n).ok().filter(|p| *p <= 100);
        let class = match key {
            "inspection_ratio_a" => RiskClass::A,
            "inspection_ratio_b" => RiskClass::B,
            "inspection_ratio_c" => RiskClass::C,
            "inspection_ratio_d" => RiskClass::D,
            "inspection_exclude_months" => {
                return Some(
                    n <= 120 && {
                        self.exclude_months = n;
                        true
                    },
                );
            }
            _ => return None,
        };
        Some(percent.is_some_and(|p| {
            self.ratios.set(class, p);
            true
        }))
    }
}

/// A body of the population: its USCC and risk class when the population was frozen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    pub uscc: String,
    pub class: RiskClass,
}

/// How many of a class of `n` bodies are drawn at `percent`: ⌈n·p/100⌉ (rule 6).
pub fn class_count(n: usize, percent: u8) -> usize {
    (n * percent as usize).div_ceil(100).min(n)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The roster hash of a population ordered by USCC (rule 1).
pub fn roster_hash(population: &[Candidate]) -> String {
    let mut text = String::from("certdesk-roster/1\n");
    for c in population {
        text.push_str(&c.uscc);
        text.push('\t');
        text.push_str(c.class.as_str());
        text.push('\n');
    }
    sha256_hex(text.as_bytes())
}

/// The seed from the roster hash and the public value (rule 2).
pub fn seed(roster_hash: &str, public_value: &str) -> String {
    sha256_hex(format!("{ALGORITHM}\n{roster_hash}\n{public_value}").as_bytes())
}

/// The generator of one use of the seed (rule 3).
fn generator(seed: &str, label: &str) -> ChaCha20Rng {
    let key: [u8; 32] = Sha256::digest(format!("{seed}\n{label}").as_bytes()).into();
    ChaCha20Rng::from_seed(key)
}

/// A number below `m` (> 0), without modulo bias (rule 4).
fn below(rng: &mut ChaCha20Rng, m: usize) -> usize {
    let m = m as u64;
    let limit = (u64::MAX / m) * m;
    loop {
        let x = rng.next_u64();
        if x < limit {
            return (x % m) as usize;
        }
    }
}

/// `k` of the positions 0…n−1 in the order drawn (rule 5).
fn sample(rng: &mut ChaCha20Rng, n: usize, k: usize) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..n).collect();
    for i in 0..k.min(n) {
        let j = i + below(rng, n - i);
        positions.swap(i, j);
    }
    positions.truncate(k.min(n));
    positions
}

/// The drawn list: per class A–D, ⌈n·p/100⌉ of its bodies (rules 5–7). `population` is in
/// USCC order, as frozen.
pub fn draw(population: &[Candidate], ratios: &Ratios, seed: &str) -> Vec<Candidate> {
    let mut drawn = Vec::new();
    for &class in RiskClass::ALL {
        let members: Vec<&Candidate> = population.iter().filter(|c| c.class == class).collect();
        let k = class_count(members.len(), ratios.of(class));
        let mut rng = generator(seed, &format!("class:{}", class.as_str()));
        drawn.extend(
            sample(&mut rng, members.len(), k)
                .into_iter()
                .map(|i| members[i].clone()),
        );
    }
    drawn
}

/// The replacement of a drawn body of class `class`: one of `remaining` (the population less
/// every body on or once on the list, in USCC order), of the same class when it has any, else
/// of any; drawn with the label `replace:N`.
pub fn replacement(
    remaining: &[Candidate],
    class: RiskClass,
    seed: &str,
    nth: usize,
) -> Option<Candidate> {
    let same: Vec<&Candidate> = remaining.iter().filter(|c| c.class == class).collect();
    let pool: Vec<&Candidate> = if same.is_empty() {
        remaining.iter().collect()
    } else {
        same
    };
    if pool.is_empty() {
        return None;
    }
    let mut rng = generator(seed, &format!("replace:{nth}"));
    Some(pool[below(&mut rng, pool.len())].clone())
}

/// `k` officers for the body `uscc` from `eligible` (logins in order, conflicts already
/// removed); None when there are fewer than `k`.
pub fn draw_officers(eligible: &[String], k: usize, seed: &str, uscc: &str) -> Option<Vec<String>> {
    if eligible.len() < k {
        return None;
    }
    let mut rng = generator(seed, &format!("officers:{uscc}"));
    Some(
        sample(&mut rng, eligible.len(), k)
            .into_iter()
            .map(|i| eligible[i].clone())
            .collect(),
    )
}

/// The officer replacing the `nth` recusal on `uscc`, from `eligible` (logins in order, the
/// body's conflicts, its officers and the recused removed).
pub fn draw_replacement_officer(
    eligible: &[String],
    seed: &str,
    uscc: &str,
    nth: usize,
) -> Option<String> {
    if eligible.is_empty() {
        return None;
    }
    let mut rng = generator(seed, &format!("recuse:{uscc}:{nth}"));
    Some(eligible[below(&mut rng, eligible.len())].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULTS: Ratios = Ratios {
        a: 1,
        b: 3,
        c: 10,
        d: 30,
    };

    fn population(n: usize) -> Vec<Candidate> {
        let classes = [
            RiskClass::A,
            RiskClass::B,
            RiskClass::B,
            RiskClass::C,
            RiskClass::D,
        ];
        (0..n)
            .map(|i| Candidate {
                uscc: format!("U{i:04}"),
                class: classes[i % classes.len()],
            })
            .collect()
    }

    #[test]
    fn ratios_parse_replace_defaults_and_refuse_nonsense() {
        assert_eq!(Ratios::parse("A=1,B=3,C=10,D=30", DEFAULTS), Ok(DEFAULTS));
        let r = Ratios::parse("c=50%， d：100", DEFAULTS).unwrap();
        assert_eq!((r.a, r.b, r.c, r.d), (1, 3, 50, 100));
        assert_eq!(
            Ratios::parse("C=101", DEFAULTS),
            Err(Problem::RatioOver100(RiskClass::C, "101".into()))
        );
        assert_eq!(
            Ratios::parse("A=99999999999999999999", DEFAULTS),
            Err(Problem::RatioOver100(
                RiskClass::A,
                "99999999999999999999".into()
            ))
        );
        for bad in ["", "A", "E=3", "A=x", "A=-1", "A=1.5", "A=1=2"] {
            assert!(
                matches!(Ratios::parse(bad, DEFAULTS), Err(Problem::RatioSyntax(_))),
                "{bad}"
            );
        }
        assert_eq!(
            Ratios::parse("A=1,a=2", DEFAULTS),
            Err(Problem::RatioTwice(RiskClass::A))
        );
        assert_eq!(DEFAULTS.to_string(), "A=1,B=3,C=10,D=30");
    }

    #[test]
    fn class_counts_round_up_and_never_exceed_the_class() {
        assert_eq!(class_count(0, 30), 0);
        assert_eq!(class_count(5, 0), 0);
        assert_eq!(class_count(1, 1), 1);
        assert_eq!(class_count(99, 1), 1);
        assert_eq!(class_count(100, 1), 1);
        assert_eq!(class_count(101, 1), 2);
        assert_eq!(class_count(10, 30), 3);
        assert_eq!(class_count(11, 30), 4);
        assert_eq!(class_count(7, 100), 7);
    }

    #[test]
    fn the_draw_follows_the_ratios_per_class() {
        let pop = population(500); // A 100, B 200, C 100, D 100
        let drawn = draw(
            &pop,
            &DEFAULTS,
            &seed(&roster_hash(&pop), "2027-01-05 福彩3D 123"),
        );
        let count = |c: RiskClass| drawn.iter().filter(|d| d.class == c).count();
        assert_eq!(
            (
                count(RiskClass::A),
                count(RiskClass::B),
                count(RiskClass::C),
                count(RiskClass::D)
            ),
            (1, 6, 10, 30)
        );
        let mut seen: Vec<&str> = drawn.iter().map(|d| d.uscc.as_str()).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), drawn.len(), "no body drawn twice");
    }

    /// A fixed expected list: a change of algorithm, generator or hashing cannot pass silently.
    #[test]
    fn the_same_population_and_public_value_give_this_list() {
        let pop = population(40); // A 8, B 16, C 8, D 8
        let hash = roster_hash(&pop);
        // Both computed independently with sha256sum (printf 'certdesk-roster/1\nU0000\tA\n…').
        assert_eq!(
            hash,
            "56594e263ed9d5b6451320926f3de199243cccc2270a92172d2a78f470462a7f"
        );
        let s = seed(&hash, "1234");
        assert_eq!(
            s,
            "97fe06cb675ff801d1870ca32f6674d774393b504fe789e78eb5326eec0ef764"
        );
        let ratios = Ratios::parse("A=10,B=20,C=30,D=50", DEFAULTS).unwrap();
        let drawn: Vec<String> = draw(&pop, &ratios, &s)
            .into_iter()
            .map(|c| c.uscc)
            .collect();
        // A 8 at 10 % → 1; B 16 at 20 % → ⌈3.2⌉ = 4; C 8 at 30 % → ⌈2.4⌉ = 3; D 8 at 50 % → 4.
        assert_eq!(
            drawn,
            [
                "U0025", "U0036", "U0032", "U0002", "U0011", "U0033", "U0028", "U0013", "U0009",
                "U0029", "U0019", "U0039"
            ]
        );
    }

    #[test]
    fn another_public_value_or_population_gives_another_seed() {
        let pop = population(40);
        let h = roster_hash(&pop);
        assert_ne!(seed(&h, "1234"), seed(&h, "1235"));
        assert_ne!(h, roster_hash(&pop[1..]));
        let mut changed = pop.clone();
        changed[3].class = RiskClass::D;
        assert_ne!(h, roster_hash(&changed));
    }

    #[test]
    fn officers_are_drawn_reproducibly_or_not_at_all() {
        let roster: Vec<String> = ["li", "liu", "wang", "zhang", "zhao"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let a = draw_officers(&roster, 2, "s", "U1").unwrap();
        assert_eq!(a, draw_officers(&roster, 2, "s", "U1").unwrap());
        assert_eq!(a.len(), 2);
        assert_ne!(a[0], a[1]);
        assert_eq!(draw_officers(&roster[..1], 2, "s", "U1"), None);
        assert!(draw_replacement_officer(&[], "s", "U1", 1).is_none());
    }

    #[test]
    fn result_codes_parse_by_code_or_label_and_say_whether_a_problem_was_found() {
        for c in ResultCode::ALL {
            assert_eq!(ResultCode::parse(c.as_str()), Some(c));
            assert_eq!(ResultCode::parse(c.zh()), Some(c));
        }
        assert_eq!(
            ResultCode::parse(" No-Problem "),
            Some(ResultCode::NoProblem)
        );
        assert_eq!(ResultCode::parse("ok"), None);
        assert_eq!(ResultCode::parse(""), None);
        assert!(ResultCode::OrderedToRectify.found_problem());
        assert!(!ResultCode::Cancelled.found_problem());
        assert_eq!(
            check_findings(ResultCode::FollowUpPending, "  "),
            Err(Problem::FindingsRequired(ResultCode::FollowUpPending))
        );
        assert_eq!(check_findings(ResultCode::NoProblem, ""), Ok(()));
    }

    #[test]
    fn an_act_date_lies_between_the_draw_and_today() {
        use jiff::civil::date;
        let (drawn, today) = (date(2026, 3, 2), date(2026, 4, 1));
        assert_eq!(check_act_date(drawn, drawn, today), Ok(()));
        assert_eq!(check_act_date(today, drawn, today), Ok(()));
        assert!(matches!(
            check_act_date(date(2026, 3, 1), drawn, today),
            Err(Problem::BeforeDraw { .. })
        ));
        assert!(matches!(
            check_act_date(date(2026, 4, 2), drawn, today),
            Err(Problem::AfterToday { .. })
        ));
    }

    /// The publication clock across the 2026 National Day holiday (1–7 Oct off, Sat 10 Oct a
    /// make-up working day): 20 working days after Tue 22 Sep 2026.
    #[test]
    fn the_publication_is_due_twenty_working_days_after_completion_across_a_holiday() {
        use jiff::civil::date;
        let cal = Calendar::official();
        // Working days after 22 Sep: 23, 24 (25–27 Sep off: 中秋), 28, 29, 30 (5); 1–7 Oct
        // off; 8, 9, 10 (Sat, make-up: 8), 12–16 (13), 19–23 (18), 26, 27 (20).
        let due = publication_due(&cal, date(2026, 9, 22));
        assert_eq!(due.date, date(2026, 10, 27));
        assert!(!due.estimated);
    }

    #[test]
    fn a_replacement_keeps_the_class_when_it_can() {
        let pop = population(20);
        let r = replacement(&pop, RiskClass::C, "s", 1).unwrap();
        assert_eq!(r.class, RiskClass::C);
        assert_eq!(r, replacement(&pop, RiskClass::C, "s", 1).unwrap());
        let only_a: Vec<Candidate> = pop
            .iter()
            .filter(|c| c.class == RiskClass::A)
            .cloned()
            .collect();
        assert_eq!(
            replacement(&only_a, RiskClass::D, "s", 1).unwrap().class,
            RiskClass::A
        );
        assert_eq!(replacement(&[], RiskClass::D, "s", 1), None);
    }
}
