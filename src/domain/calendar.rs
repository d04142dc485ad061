//! Working-day calendar and statutory clocks (see DOMAIN.md, "Clocks").
//!
//! * Working days (行政许可法 Art. 82): Monday to Friday, except public holidays, plus the
//!   make-up working days (调休上班) that fall on a weekend. Each year's schedule is
//!   published by the State Council; a year with no schedule falls back to weekends and
//!   the statutory holidays every year has by law ([`statutory_holidays`]; only its moved
//!   days are unknown), and any deadline that relied on that fallback is flagged
//!   [`Deadline::estimated`].
//! * How a period runs (民法典 Art. 201–203): the start day is not counted; a period in
//!   months ends on the corresponding day of the last month (or that month's last day);
//!   a period whose last day is not a working day ends on the next working day.
//!
//! Pure rules: no I/O. All arithmetic saturates at [`Date::MIN`] / [`Date::MAX`].
//!
//! Counting is done on day numbers (days since 1970-01-01) with a closed-form count of
//! Monday–Friday days, corrected by two sorted lists: weekdays that are off, and weekend
//! days that are make-up working days. Every query is O(log n) in the number of schedule
//! entries (adding working days is a binary search over that count), never a day-by-day
//! walk.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;

// ---------------------------------------------------------------------------------------
// Day kinds
// ---------------------------------------------------------------------------------------

/// An entry of a year's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// Public holiday (放假): not a working day, even on a weekday.
    Off,
    /// Make-up working day (调休上班): a working day, even on a weekend.
    Work,
}

impl DayKind {
    /// `"off"` or `"work"`, as stored and as written in schedule files.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Off => "off",
            DayKind::Work => "work",
        }
    }

    /// Accepts `off`/`holiday`/`休` (also `休息`, `放假`) and `work`/`workday`/`班`
    /// (also `上班`, `补班`), trimmed, case-insensitive.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "off" | "holiday" | "休" | "休息" | "放假" => Some(DayKind::Off),
            "work" | "workday" | "班" | "上班" | "补班" => Some(DayKind::Work),
            _ => None,
        }
    }
}

impl fmt::Display for DayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------------------
// Clocks and deadlines
// ---------------------------------------------------------------------------------------

/// The end of a statutory period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub date: Date,
    /// Some year between the start and `date` (inclusive) has no schedule, so weekends
    /// alone were used for it: the date may move once that year's schedule is loaded.
    pub estimated: bool,
}

/// The unit a statutory period is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockUnit {
    WorkingDays,
    Days,
    Months,
}

impl ClockUnit {
    /// `"working_days"`, `"days"` or `"months"` (the serde names).
    pub fn as_str(self) -> &'static str {
        match self {
            ClockUnit::WorkingDays => "working_days",
            ClockUnit::Days => "days",
            ClockUnit::Months => "months",
        }
    }
}

/// A statutory period: `n` units counted from the day after the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Clock {
    pub n: u32,
    pub unit: ClockUnit,
}

impl Clock {
    pub const fn working_days(n: u32) -> Self {
        Clock {
            n,
            unit: ClockUnit::WorkingDays,
        }
    }

    pub const fn days(n: u32) -> Self {
        Clock {
            n,
            unit: ClockUnit::Days,
        }
    }

    pub const fn months(n: u32) -> Self {
        Clock {
            n,
            unit: ClockUnit::Months,
        }
    }
}

/// English: "5 working days", "1 day", "3 months".
impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match (self.unit, self.n == 1) {
            (ClockUnit::WorkingDays, true) => "working day",
            (ClockUnit::WorkingDays, false) => "working days",
            (ClockUnit::Days, true) => "day",
            (ClockUnit::Days, false) => "days",
            (ClockUnit::Months, true) => "month",
            (ClockUnit::Months, false) => "months",
        };
        write!(f, "{} {unit}", self.n)
    }
}

/// Ask for missing materials: 5 working days from receipt (行政许可法 Art. 32).
pub const MISSING_MATERIALS: Clock = Clock::working_days(5);
/// Optimized-approval decision: 20 working days from acceptance.
pub const OPTIMIZED_DECISION: Clock = Clock::working_days(20);
/// General-procedure decision: 45 days from acceptance (expert review excluded).
pub const GENERAL_DECISION: Clock = Clock::days(45);
/// Commitment verification: 3 months from grant (CMA; CB configurable).
pub const COMMITMENT_VERIFICATION: Clock = Clock::months(3);
/// Hearing request: 5 working days from the notice of intended penalty (行政处罚法 Art. 64(1);
/// Art. 85 makes the law's "五日" working days).
pub const HEARING_REQUEST: Clock = Clock::working_days(5);
/// A hearing is notified at least 7 working days before it (Art. 64(2), 85).
pub const HEARING_NOTICE: Clock = Clock::working_days(7);
/// A lead is verified within 15 working days of its discovery (SAMR penalty procedure
/// rules Art. 18 (?)).
pub const LEAD_VERIFICATION: Clock = Clock::working_days(15);
/// A decision not made on the spot is served within 7 days (Art. 61).
pub const SERVE_DECISION: Clock = Clock::days(7);
/// Penalty decision: 90 days from the case being opened.
pub const PENALTY_DECISION: Clock = Clock::days(90);
/// Publish a penalty: 20 working days from the decision (SAMR Order 45).
pub const PUBLISH_PENALTY: Clock = Clock::working_days(20);
/// Withdraw a publication: 3 working days from the decision being annulled.
pub const WITHDRAW_PUBLICATION: Clock = Clock::working_days(3);
/// How long a penalty stays published (SAMR Order 45 Art. 13): 3 years for a suspension or a
/// revocation (3 months is for 通报批评 and low fines, which certdesk does not record).
pub const PUBLICATION_PERIOD: Clock = Clock::months(36);

// ---------------------------------------------------------------------------------------
// Day numbers
// ---------------------------------------------------------------------------------------

/// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
pub(crate) fn day_number(d: Date) -> i64 {
    let (y, m, d) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`day_number`], clamped to jiff's range.
pub(crate) fn date_from_number(z: i64) -> Date {
    if z <= min_day() {
        return Date::MIN;
    }
    if z >= max_day() {
        return Date::MAX;
    }
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // In range by the clamp above, so `Date::new` cannot fail; never panic anyway.
    Date::new(y as i16, m as i8, d as i8).unwrap_or(Date::MAX)
}

fn min_day() -> i64 {
    day_number(Date::MIN)
}

fn max_day() -> i64 {
    day_number(Date::MAX)
}

/// Day number of Monday 1970-01-05, the origin of the weekday count.
const MONDAY_ORIGIN: i64 = 4;

/// 0 = Monday … 6 = Sunday.
fn weekday_index(z: i64) -> i64 {
    (z - MONDAY_ORIGIN).rem_euclid(7)
}

fn is_weekend_number(z: i64) -> bool {
    weekday_index(z) >= 5
}

/// Number of Monday–Friday days in `[MONDAY_ORIGIN, z]` (negative before the origin);
/// only differences matter.
fn weekdays_upto(z: i64) -> i64 {
    let m = z - MONDAY_ORIGIN;
    5 * m.div_euclid(7) + (m.rem_euclid(7) + 1).min(5)
}

/// The smallest day `z` with `weekdays_upto(z) >= v`.
fn weekday_reaching(v: i64) -> i64 {
    let i = v - 1;
    MONDAY_ORIGIN + 7 * i.div_euclid(5) + i.rem_euclid(5)
}

/// Number of elements `<= z` in a sorted slice.
fn count_le(sorted: &[i64], z: i64) -> i64 {
    sorted.partition_point(|&x| x <= z) as i64
}

/// Insert into / remove from a sorted, duplicate-free vector.
fn sorted_insert(v: &mut Vec<i64>, z: i64) {
    if let Err(i) = v.binary_search(&z) {
        v.insert(i, z);
    }
}

fn sorted_remove(v: &mut Vec<i64>, z: i64) {
    if let Ok(i) = v.binary_search(&z) {
        v.remove(i);
    }
}

// ---------------------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------------------

/// Per-year holiday schedules. A year is covered iff it has at least one entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Source of truth: one kind per listed date.
    days: BTreeMap<Date, DayKind>,
    /// Covered years, sorted.
    years: Vec<i16>,
    /// Day numbers of Monday–Friday dates listed as off, sorted.
    weekday_off: Vec<i64>,
    /// Day numbers of Saturday/Sunday dates listed as work, sorted.
    weekend_work: Vec<i64>,
    /// Day numbers of the statutory holidays on weekdays of the years without a schedule
    /// (`statutory_holidays`), sorted; also counted in `weekday_off`.
    statutory_off: Vec<i64>,
}

/// The years whose statutory holidays are known without a schedule: the 2024 revision of
/// 全国年节及纪念日放假办法 is in force from 2025; no act is dated after 2100.
const STATUTORY_YEARS: std::ops::RangeInclusive<i16> = 2025..=2100;

/// The holidays 全国年节及纪念日放假办法 (2024 revision, in force 2025-01-01) gives in `year`,
/// whatever the State Council's yearly notice adds or moves: 新年 1 Jan; 春节 除夕 to 正月初三;
/// 清明节 (the day of the solar term); 劳动节 1–2 May; 端午节 五月初五; 中秋节 八月十五;
/// 国庆节 1–3 Oct. The lunar dates and the solar term come from `tyme4rs`.
pub fn statutory_holidays(year: i16) -> Vec<Date> {
    use tyme4rs::tyme::lunar::LunarDay;
    if !STATUTORY_YEARS.contains(&year) {
        // Before the 2024 revision the law gave other days; no act is dated after 2100.
        return Vec::new();
    }
    use tyme4rs::tyme::solar::{SolarDay, SolarTerm};
    let solar =
        |s: SolarDay| Date::new(s.get_year() as i16, s.get_month() as i8, s.get_day() as i8).ok();
    let lunar = |m: isize, d: usize| solar(LunarDay::from_ymd(year as isize, m, d).get_solar_day());
    let fixed = [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)];
    let mut days: Vec<Date> = fixed
        .iter()
        .filter_map(|&(m, d)| Date::new(year, m, d).ok())
        .collect();
    if let Some(new_year) = lunar(1, 1) {
        // 除夕 is the day before 正月初一 (the 29th or the 30th of the twelfth month).
        days.extend((-1..=2).filter_map(|n| new_year.checked_add(jiff::Span::new().days(n)).ok()));
    }
    days.extend(lunar(5, 5));
    days.extend(lunar(8, 15));
    days.extend(solar(
        SolarTerm::from_name(year as isize, "清明").get_solar_day(),
    ));
    days.sort();
    days.dedup();
    days
}

/// How many years after the last scheduled one get their statutory holidays computed: enough
/// for any clock the register runs (a validity is 6 years), and cheap at start-up (≈ 0.1 ms a
/// year). Later years count weekends alone — flagged estimated like every unscheduled year.
const STATUTORY_HORIZON: i16 = 15;

/// The statutory holidays on weekdays of `year`, as day numbers, computed once per process.
fn statutory_weekdays(year: i16) -> Vec<i64> {
    static CACHE: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<i16, Vec<i64>>>> =
        std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(year)
        .or_insert_with(|| {
            statutory_holidays(year)
                .into_iter()
                .map(day_number)
                .filter(|&z| !is_weekend_number(z))
                .collect()
        })
        .clone()
}

/// (year, month, day) of the first and last day of a range.
type Range = ((i16, i8, i8), (i16, i8, i8));

const OFF_2025: &[Range] = &[
    ((2025, 1, 1), (2025, 1, 1)),
    ((2025, 1, 28), (2025, 2, 4)),
    ((2025, 4, 4), (2025, 4, 6)),
    ((2025, 5, 1), (2025, 5, 5)),
    ((2025, 5, 31), (2025, 6, 2)),
    ((2025, 10, 1), (2025, 10, 8)),
];
const WORK_2025: &[(i16, i8, i8)] = &[
    (2025, 1, 26),
    (2025, 2, 8),
    (2025, 4, 27),
    (2025, 9, 28),
    (2025, 10, 11),
];
const OFF_2026: &[Range] = &[
    ((2026, 1, 1), (2026, 1, 3)),
    ((2026, 2, 15), (2026, 2, 23)),
    ((2026, 4, 4), (2026, 4, 6)),
    ((2026, 5, 1), (2026, 5, 5)),
    ((2026, 6, 19), (2026, 6, 21)),
    ((2026, 9, 25), (2026, 9, 27)),
    ((2026, 10, 1), (2026, 10, 7)),
];
const WORK_2026: &[(i16, i8, i8)] = &[
    (2026, 1, 4),
    (2026, 2, 14),
    (2026, 2, 28),
    (2026, 5, 9),
    (2026, 9, 20),
    (2026, 10, 10),
];

impl Calendar {
    /// A calendar with no years covered (weekends and the statutory holidays everywhere, all
    /// estimated).
    pub fn new() -> Self {
        Self::from_days([])
    }

    /// The 2025 (国办发明电〔2024〕12号) and 2026 State Council schedules.
    pub fn official() -> Self {
        Self::from_days(Self::official_days())
    }

    /// The official schedules as a list, sorted by date (off days on weekends included).
    pub fn official_days() -> Vec<(Date, DayKind)> {
        let mut out = Vec::new();
        for (offs, works) in [(OFF_2025, WORK_2025), (OFF_2026, WORK_2026)] {
            for &((y0, m0, d0), (y1, m1, d1)) in offs {
                let (Ok(first), Ok(last)) = (Date::new(y0, m0, d0), Date::new(y1, m1, d1)) else {
                    continue;
                };
                let (a, b) = (day_number(first), day_number(last));
                out.extend((a..=b).map(|z| (date_from_number(z), DayKind::Off)));
            }
            for &(y, m, d) in works {
                if let Ok(date) = Date::new(y, m, d) {
                    out.push((date, DayKind::Work));
                }
            }
        }
        out.sort_by_key(|&(d, _)| d);
        out
    }

    /// A calendar of the given entries; a later entry for the same date wins.
    pub fn from_days(days: impl IntoIterator<Item = (Date, DayKind)>) -> Self {
        let mut cal = Self {
            days: days.into_iter().collect(),
            ..Self::default()
        };
        cal.rebuild();
        cal
    }

    fn rebuild(&mut self) {
        self.years.clear();
        self.weekday_off.clear();
        self.weekend_work.clear();
        self.statutory_off.clear();
        for (&date, &kind) in &self.days {
            if self.years.last() != Some(&date.year()) {
                self.years.push(date.year());
            }
            let z = day_number(date);
            match (kind, is_weekend_number(z)) {
                (DayKind::Off, false) => self.weekday_off.push(z),
                (DayKind::Work, true) => self.weekend_work.push(z),
                _ => {}
            }
        }
        // A year without a schedule still has the holidays the law fixes; only its moved
        // working days are unknown (its deadlines stay flagged estimated).
        let last = self.years.last().copied().unwrap_or(2026).max(2026);
        let horizon = (*STATUTORY_YEARS.start()
            ..=(last + STATUTORY_HORIZON).min(*STATUTORY_YEARS.end()))
            .filter(|y| self.years.binary_search(y).is_err());
        for year in horizon {
            self.statutory_off.extend(statutory_weekdays(year));
        }
        if !self.statutory_off.is_empty() {
            self.weekday_off.extend(&self.statutory_off);
            self.weekday_off.sort_unstable();
            self.weekday_off.dedup();
        }
    }

    /// Sets (or replaces) the kind of one date; its year becomes covered.
    pub fn set_day(&mut self, date: Date, kind: DayKind) {
        self.days.insert(date, kind);
        if self.years.binary_search(&date.year()).is_err() {
            // A newly covered year: its statutory holidays now come from its schedule.
            self.rebuild();
            return;
        }
        let z = day_number(date);
        sorted_remove(&mut self.weekday_off, z);
        sorted_remove(&mut self.weekend_work, z);
        match (kind, is_weekend_number(z)) {
            (DayKind::Off, false) => sorted_insert(&mut self.weekday_off, z),
            (DayKind::Work, true) => sorted_insert(&mut self.weekend_work, z),
            _ => {}
        }
    }

    /// Removes every entry of `year` (it is then no longer covered), e.g. before loading
    /// a corrected schedule for it. Returns how many entries were removed.
    pub fn clear_year(&mut self, year: i16) -> usize {
        let before = self.days.len();
        self.days.retain(|d, _| d.year() != year);
        let removed = before - self.days.len();
        if removed > 0 {
            self.rebuild();
        }
        removed
    }

    /// The listed kind of `date`, if any.
    pub fn day_kind(&self, date: Date) -> Option<DayKind> {
        self.days.get(&date).copied()
    }

    /// All entries, sorted by date.
    pub fn days(&self) -> impl Iterator<Item = (Date, DayKind)> + '_ {
        self.days.iter().map(|(&d, &k)| (d, k))
    }

    pub fn covers(&self, year: i16) -> bool {
        self.years.binary_search(&year).is_ok()
    }

    /// Covered years, ascending.
    pub fn covered_years(&self) -> Vec<i16> {
        self.years.clone()
    }

    /// Mon–Fri unless listed off; Sat/Sun only if listed work.
    pub fn is_working_day(&self, d: Date) -> bool {
        match self.days.get(&d) {
            Some(DayKind::Off) => false,
            Some(DayKind::Work) => true,
            None => {
                let z = day_number(d);
                !is_weekend_number(z) && self.statutory_off.binary_search(&z).is_err()
            }
        }
    }

    /// Working days in `[MONDAY_ORIGIN, z]` (up to a constant): a non-decreasing step
    /// function that rises exactly on working days.
    fn rank(&self, z: i64) -> i64 {
        weekdays_upto(z) - count_le(&self.weekday_off, z) + count_le(&self.weekend_work, z)
    }

    /// True if some year in `[a, b]` (either order) has no schedule.
    fn estimated(&self, a: Date, b: Date) -> bool {
        let (lo, hi) = if a <= b {
            (a.year(), b.year())
        } else {
            (b.year(), a.year())
        };
        let covered =
            self.years.partition_point(|&y| y <= hi) - self.years.partition_point(|&y| y < lo);
        (covered as i64) < i64::from(hi) - i64::from(lo) + 1
    }

    fn deadline(&self, start: Date, date: Date) -> Deadline {
        Deadline {
            date,
            estimated: self.estimated(start, date),
        }
    }

    /// The smallest day number `> s` with `rank >= rank(s) + n` (n >= 1), saturating at
    /// the last day of jiff's range.
    fn nth_working_day_after(&self, s: i64, n: u32) -> i64 {
        let n = i64::from(n);
        let target = self.rank(s) + n;
        // Upper bound: after n + (all off weekdays later than s) weekdays, at least n of
        // them are working days.
        let later_off = self.weekday_off.len() as i64 - count_le(&self.weekday_off, s);
        let max = max_day();
        let mut hi = weekday_reaching(weekdays_upto(s) + n + later_off).min(max);
        if self.rank(hi) < target {
            // Only possible when clamped at the end of the range.
            return max;
        }
        // Invariant: rank(lo) < target <= rank(hi).
        let mut lo = s;
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.rank(mid) >= target {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }

    /// `d` if it is a working day, otherwise the first working day after it.
    pub fn working_day_on_or_after(&self, d: Date) -> Date {
        if self.is_working_day(d) {
            d
        } else {
            date_from_number(self.nth_working_day_after(day_number(d), 1))
        }
    }

    /// The `n`-th working day after `start` (the start day is not counted; `n == 0` gives
    /// `start`).
    pub fn add_working_days(&self, start: Date, n: u32) -> Deadline {
        let date = if n == 0 {
            start
        } else {
            date_from_number(self.nth_working_day_after(day_number(start), n))
        };
        self.deadline(start, date)
    }

    /// `n` calendar days after `start`; a last day that is not a working day moves to the
    /// next working day (民法典 Art. 203).
    pub fn add_days(&self, start: Date, n: u32) -> Deadline {
        let last = date_from_number(day_number(start) + i64::from(n));
        self.deadline(start, self.working_day_on_or_after(last))
    }

    /// The corresponding day of the `n`-th month after `start`, or that month's last day
    /// if there is none (31 Jan + 1 month = 28/29 Feb); then moved like [`Self::add_days`].
    pub fn add_months(&self, start: Date, n: u32) -> Deadline {
        let total = i64::from(start.year()) * 12 + i64::from(start.month()) - 1 + i64::from(n);
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        let last = match i16::try_from(y)
            .ok()
            .and_then(|y| Date::new(y, m as i8, 1).ok())
        {
            Some(first) => {
                let day = start.day().min(first.days_in_month());
                first.with().day(day).build().unwrap_or(first)
            }
            None => Date::MAX,
        };
        self.deadline(start, self.working_day_on_or_after(last))
    }

    /// Working days `d` with `from < d <= to`; negated count of `to < d <= from` if
    /// `to < from`; 0 if equal. "Days left" until a deadline is
    /// `working_days_between(today, deadline)`.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        self.rank(day_number(to)) - self.rank(day_number(from))
    }

    /// The end of `clock` started on `start`.
    pub fn due(&self, start: Date, clock: Clock) -> Deadline {
        match clock.unit {
            ClockUnit::WorkingDays => self.add_working_days(start, clock.n),
            ClockUnit::Days => self.add_days(start, clock.n),
            ClockUnit::Months => self.add_months(start, clock.n),
        }
    }
}

impl FromIterator<(Date, DayKind)> for Calendar {
    fn from_iter<I: IntoIterator<Item = (Date, DayKind)>>(iter: I) -> Self {
        Self::from_days(iter)
    }
}

// ---------------------------------------------------------------------------------------
// Schedule files
// ---------------------------------------------------------------------------------------

/// One bad line of a schedule file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ScheduleError {
    /// 1-based line number.
    pub line: usize,
    /// The offending text (a field, or the whole line).
    pub value: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

const LINE_FORMAT: &str = "write one day a line as YYYY-MM-DD,off or YYYY-MM-DD,work";

/// Parses a schedule file for `certdesk calendar import FILE`.
///
/// One day a line: `YYYY-MM-DD,off` or `YYYY-MM-DD,work`, separated by a comma, tab or
/// spaces; kind words as [`DayKind::parse`]. Blank lines, lines starting with `#`, a
/// trailing `# comment` and header lines `date,kind` are ignored. Dates may also be
/// written `YYYY/MM/DD` or `YYYY.MM.DD`, with or without leading zeros.
///
/// A date listed twice with the same kind is kept once; with different kinds it is an
/// error. Every bad line is reported. The result is sorted by date.
pub fn parse_schedule(text: &str) -> Result<Vec<(Date, DayKind)>, Vec<ScheduleError>> {
    let mut errors = Vec::new();
    let mut seen: BTreeMap<Date, (DayKind, usize)> = BTreeMap::new();

    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let content = line.split('#').next().unwrap_or("").trim();
        let fields: Vec<&str> = content
            .split([',', '，', '\t', ' ', '\u{3000}'])
            .filter(|f| !f.is_empty())
            .collect();
        if fields.len() == 2
            && fields[0].eq_ignore_ascii_case("date")
            && fields[1].eq_ignore_ascii_case("kind")
        {
            continue;
        }
        let mut err = |value: &str, message: String| {
            errors.push(ScheduleError {
                line: line_no,
                value: value.to_string(),
                message,
            });
        };

        let (date_field, kind_field) = match fields.as_slice() {
            [d, k] => (*d, *k),
            [d] => {
                err(d, format!("missing the kind (off or work); {LINE_FORMAT}"));
                continue;
            }
            _ => {
                err(
                    content,
                    format!("expected 2 fields, found {}; {LINE_FORMAT}", fields.len()),
                );
                continue;
            }
        };

        let date = match parse_date(date_field) {
            Ok(d) => Some(d),
            Err(message) => {
                err(date_field, message);
                None
            }
        };
        let kind = DayKind::parse(kind_field);
        if kind.is_none() {
            err(
                kind_field,
                format!(
                    "unknown kind \"{kind_field}\"; write off (also 休, holiday) \
                     or work (also 班, workday)"
                ),
            );
        }
        let (Some(date), Some(kind)) = (date, kind) else {
            continue;
        };
        match seen.get(&date) {
            Some(&(k, _)) if k == kind => {}
            Some(&(k, first_line)) => err(
                content,
                format!(
                    "{date} is listed as {k} on line {first_line} and as {kind} here; \
                     keep only the right one"
                ),
            ),
            None => {
                seen.insert(date, (kind, line_no));
            }
        }
    }

    if errors.is_empty() {
        Ok(seen.into_iter().map(|(d, (k, _))| (d, k)).collect())
    } else {
        Err(errors)
    }
}

/// `YYYY-MM-DD` (also `/` or `.` separated, month and day with or without a leading 0).
fn parse_date(s: &str) -> Result<Date, String> {
    let bad = || format!("\"{s}\" is not a date; write YYYY-MM-DD, e.g. 2026-10-01");
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2)) {
        return Err(bad());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i16>(), m.parse::<i8>(), d.parse::<i8>()) else {
        return Err(bad());
    };
    if !(1..=12).contains(&m) {
        return Err(format!(
            "\"{s}\" has month {m}; months run 01 to 12, write YYYY-MM-DD"
        ));
    }
    Date::new(y, m, d).map_err(|_| {
        let days = Date::new(y, m, 1).map(|f| f.days_in_month()).unwrap_or(31);
        format!("\"{s}\" does not exist: {y:04}-{m:02} has {days} days; write YYYY-MM-DD")
    })
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Weekday, date};
    use proptest::prelude::*;

    fn cal() -> Calendar {
        Calendar::official()
    }

    fn wd(start: Date, n: u32) -> Date {
        cal().add_working_days(start, n).date
    }

    // --- reference implementation: day by day ----------------------------------------

    fn naive_is_working(c: &Calendar, d: Date) -> bool {
        match c.day_kind(d) {
            Some(DayKind::Off) => false,
            Some(DayKind::Work) => true,
            // A year without a schedule: weekends and the statutory holidays.
            None => {
                !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
                    && (c.covers(d.year())
                        || c.years.last().copied().unwrap_or(2026).max(2026) + STATUTORY_HORIZON
                            < d.year()
                        || !statutory_weekdays(d.year()).contains(&day_number(d)))
            }
        }
    }

    fn naive_add(c: &Calendar, start: Date, n: u32) -> Date {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = d.tomorrow().unwrap();
            if naive_is_working(c, d) {
                left -= 1;
            }
        }
        d
    }

    fn naive_between(c: &Calendar, from: Date, to: Date) -> i64 {
        let (a, b, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut d = a;
        let mut count = 0;
        while d < b {
            d = d.tomorrow().unwrap();
            if naive_is_working(c, d) {
                count += 1;
            }
        }
        sign * count
    }

    // --- day numbers -------------------------------------------------------------------

    #[test]
    fn day_numbers_round_trip_and_match_jiff() {
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(2000, 3, 1)), 11_017);
        assert_eq!(date_from_number(day_number(Date::MIN)), Date::MIN);
        assert_eq!(date_from_number(day_number(Date::MAX)), Date::MAX);
        assert_eq!(date_from_number(i64::MIN / 2), Date::MIN);
        assert_eq!(date_from_number(i64::MAX / 2), Date::MAX);
        let mut d = date(1899, 12, 1);
        let mut z = day_number(d);
        while d < date(2101, 3, 1) {
            assert_eq!(date_from_number(z), d);
            assert_eq!(
                weekday_index(z),
                i64::from(d.weekday().to_monday_zero_offset())
            );
            d = d.tomorrow().unwrap();
            z += 1;
            assert_eq!(day_number(d), z);
        }
    }

    #[test]
    fn weekday_count_inverse() {
        for z in -30..30 {
            let v = weekdays_upto(z);
            let y = weekday_reaching(v);
            assert!(y <= z && weekdays_upto(y) == v && weekdays_upto(y - 1) == v - 1);
        }
    }

    // --- schedules ---------------------------------------------------------------------

    #[test]
    fn official_schedule_shape() {
        let c = cal();
        assert_eq!(c.covered_years(), vec![2025, 2026]);
        assert!(c.covers(2025) && c.covers(2026));
        assert!(!c.covers(2024) && !c.covers(2027));
        let days = Calendar::official_days();
        let offs = days.iter().filter(|(_, k)| *k == DayKind::Off).count();
        let works: Vec<Date> = days
            .iter()
            .filter(|(_, k)| *k == DayKind::Work)
            .map(|(d, _)| *d)
            .collect();
        // 2025: 1 + 8 + 3 + 5 + 3 + 8 = 28; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 = 33.
        assert_eq!(offs, 28 + 33);
        assert_eq!(works.len(), 5 + 6);
        for w in works {
            assert!(
                matches!(w.weekday(), Weekday::Saturday | Weekday::Sunday),
                "{w} is a make-up day but not a weekend"
            );
        }
        assert!(
            days.windows(2).all(|p| p[0].0 < p[1].0),
            "sorted, no duplicates"
        );
        assert!(!c.is_working_day(date(2025, 10, 8)));
        assert!(c.is_working_day(date(2025, 10, 9)));
        assert!(c.is_working_day(date(2026, 2, 28)));
        assert!(!c.is_working_day(date(2026, 2, 23)));
        assert!(!c.is_working_day(date(2026, 3, 1)));
        assert!(
            c.is_working_day(date(2024, 10, 1)),
            "2024 uncovered: a Tuesday"
        );
        assert!(Calendar::new().covered_years().is_empty());
    }

    #[test]
    fn set_day_and_from_days() {
        let mut c = Calendar::new();
        assert!(!c.covers(2027));
        c.set_day(date(2027, 1, 1), DayKind::Off); // Friday
        assert!(c.covers(2027));
        assert!(!c.is_working_day(date(2027, 1, 1)));
        assert_eq!(
            c.add_working_days(date(2026, 12, 31), 1).date,
            date(2027, 1, 4)
        );
        c.set_day(date(2027, 1, 1), DayKind::Work);
        assert!(c.is_working_day(date(2027, 1, 1)));
        assert_eq!(
            c.add_working_days(date(2026, 12, 31), 1).date,
            date(2027, 1, 1)
        );
        c.set_day(date(2027, 1, 2), DayKind::Work); // Saturday
        assert_eq!(
            c.working_days_between(date(2026, 12, 31), date(2027, 1, 4)),
            3
        );
        assert_eq!(c.clear_year(2027), 2);
        assert!(!c.covers(2027));
        assert_eq!(c, Calendar::new());

        let c = Calendar::from_days([
            (date(2030, 5, 1), DayKind::Off),
            (date(2030, 5, 1), DayKind::Work),
        ]);
        assert_eq!(
            c.day_kind(date(2030, 5, 1)),
            Some(DayKind::Work),
            "last wins"
        );
        assert_eq!(c.covered_years(), vec![2030]);
        assert_eq!(
            Calendar::from_days(Calendar::official_days()),
            Calendar::official()
        );
        let mut incremental = Calendar::new();
        for (d, k) in Calendar::official_days() {
            incremental.set_day(d, k);
        }
        assert_eq!(incremental, Calendar::official());
    }

    // --- working days --------------------------------------------------------------------

    #[test]
    fn working_days_across_holidays_and_make_up_days() {
        assert_eq!(wd(date(2026, 2, 13), 1), date(2026, 2, 14)); // Fri -> Sat make-up
        assert_eq!(wd(date(2026, 2, 14), 1), date(2026, 2, 24)); // after 15–23 Feb off
        assert_eq!(wd(date(2025, 9, 30), 1), date(2025, 10, 9)); // after 1–8 Oct off
        assert_eq!(wd(date(2025, 10, 10), 1), date(2025, 10, 11)); // Sat make-up
        // Wed 30 Sep 2026: 1–7 Oct off; Thu 8 (1), Fri 9 (2), Sat 10 make-up (3),
        // Sun 11 off, Mon 12 (4), Tue 13 (5).
        assert_eq!(wd(date(2026, 9, 30), 5), date(2026, 10, 13));
        // Mon 26 Jan 2026: 27–30 Jan (4), 2–6 Feb (9), 9–13 Feb (14), Sat 14 make-up (15),
        // 15–23 off, 24–27 Feb (19), Sat 28 make-up (20).
        assert_eq!(wd(date(2026, 1, 26), 20), date(2026, 2, 28));
        // 2025 Spring Festival: Sun 26 Jan is a make-up day, 28 Jan–4 Feb off, Sat 8 Feb work.
        assert_eq!(wd(date(2025, 1, 24), 1), date(2025, 1, 26));
        assert_eq!(wd(date(2025, 1, 27), 1), date(2025, 2, 5));
        assert_eq!(wd(date(2025, 2, 7), 1), date(2025, 2, 8));
        // Start on a holiday: counting starts the next day.
        assert_eq!(wd(date(2026, 10, 3), 1), date(2026, 10, 8));
        // n = 0 is the start itself, even on a holiday.
        assert_eq!(wd(date(2026, 10, 3), 0), date(2026, 10, 3));
    }

    #[test]
    fn start_day_not_counted() {
        let c = cal();
        // Tue 3 Mar 2026 + 1 day = Wed 4 Mar.
        assert_eq!(c.add_days(date(2026, 3, 3), 1).date, date(2026, 3, 4));
        assert_eq!(
            c.add_working_days(date(2026, 3, 3), 1).date,
            date(2026, 3, 4)
        );
        // Fri 6 Mar + 1 day = Sat 7 Mar, not working -> Mon 9 Mar.
        assert_eq!(c.add_days(date(2026, 3, 6), 1).date, date(2026, 3, 9));
        // 0 days: the start day, moved if not a working day.
        assert_eq!(c.add_days(date(2026, 3, 3), 0).date, date(2026, 3, 3));
        assert_eq!(c.add_days(date(2026, 3, 7), 0).date, date(2026, 3, 9));
    }

    #[test]
    fn month_ends() {
        let c = cal();
        // 2026-02-28 is a Saturday but a make-up working day: it stays.
        assert_eq!(
            c.add_months(date(2026, 1, 31), 1),
            Deadline {
                date: date(2026, 2, 28),
                estimated: false
            }
        );
        // Leap year, uncovered: Thu 29 Feb 2024.
        assert_eq!(
            c.add_months(date(2024, 1, 31), 1),
            Deadline {
                date: date(2024, 2, 29),
                estimated: true
            }
        );
        // 31 Mar 2025 + 2 months = 31 May 2025: off (31 May–2 Jun) -> Tue 3 Jun.
        assert_eq!(c.add_months(date(2025, 3, 31), 2).date, date(2025, 6, 3));
        // 30 Nov 2025 + 3 months = 28 Feb 2026 (no 30 Feb): make-up Saturday.
        assert_eq!(c.add_months(date(2025, 11, 30), 3).date, date(2026, 2, 28));
        // Year rollover: 15 Dec 2025 + 14 months = 15 Feb 2027 (Mon, uncovered).
        assert_eq!(
            c.add_months(date(2025, 12, 15), 14),
            Deadline {
                date: date(2027, 2, 15),
                estimated: true
            }
        );
        assert_eq!(c.add_months(date(2025, 6, 16), 0).date, date(2025, 6, 16));
    }

    #[test]
    fn last_day_on_holiday_moves_to_next_working_day() {
        let c = cal();
        // 3 months from 1 Jul 2026 ends Thu 1 Oct (off 1–7 Oct) -> Thu 8 Oct.
        assert_eq!(
            c.due(date(2026, 7, 1), COMMITMENT_VERIFICATION),
            Deadline {
                date: date(2026, 10, 8),
                estimated: false
            }
        );
        // Mon 27 Jan 2025 + 5 days = Sat 1 Feb (off to 4 Feb) -> Wed 5 Feb.
        assert_eq!(c.add_days(date(2025, 1, 27), 5).date, date(2025, 2, 5));
        // 20 Aug 2025 + 45 days = Sat 4 Oct (off to 8 Oct) -> Thu 9 Oct.
        assert_eq!(
            c.due(date(2025, 8, 20), GENERAL_DECISION).date,
            date(2025, 10, 9)
        );
        // Mon 2 Nov 2026 + 5 working days = Mon 9 Nov (the weekend does not count).
        assert_eq!(
            c.due(date(2026, 11, 2), HEARING_REQUEST).date,
            date(2026, 11, 9)
        );
        // Mon 15 Sep 2025 + 13 days = Sun 28 Sep, a make-up working day: stays.
        assert_eq!(c.add_days(date(2025, 9, 15), 13).date, date(2025, 9, 28));
        // 90 days from 3 Nov 2025 = 1 Feb 2026, a Sunday -> Mon 2 Feb.
        assert_eq!(
            c.due(date(2025, 11, 3), PENALTY_DECISION).date,
            date(2026, 2, 2)
        );
    }

    #[test]
    fn named_clocks() {
        let c = cal();
        assert_eq!(MISSING_MATERIALS, Clock::working_days(5));
        assert_eq!(OPTIMIZED_DECISION, Clock::working_days(20));
        assert_eq!(GENERAL_DECISION, Clock::days(45));
        assert_eq!(COMMITMENT_VERIFICATION, Clock::months(3));
        assert_eq!(HEARING_REQUEST, Clock::working_days(5));
        assert_eq!(HEARING_NOTICE, Clock::working_days(7));
        assert_eq!(PENALTY_DECISION, Clock::days(90));
        assert_eq!(PUBLISH_PENALTY, Clock::working_days(20));
        assert_eq!(WITHDRAW_PUBLICATION, Clock::working_days(3));
        assert_eq!(
            c.due(date(2026, 9, 30), MISSING_MATERIALS).date,
            date(2026, 10, 13)
        );
        assert_eq!(
            c.due(date(2026, 1, 26), PUBLISH_PENALTY).date,
            date(2026, 2, 28)
        );
        // Thu 30 Apr 2026: 1–5 May off; Wed 6 (1), Thu 7 (2), Fri 8 (3).
        assert_eq!(
            c.due(date(2026, 4, 30), WITHDRAW_PUBLICATION).date,
            date(2026, 5, 8)
        );
        assert_eq!(MISSING_MATERIALS.to_string(), "5 working days");
        assert_eq!(Clock::days(1).to_string(), "1 day");
        assert_eq!(COMMITMENT_VERIFICATION.to_string(), "3 months");
        assert_eq!(
            serde_json::to_string(&ClockUnit::WorkingDays).unwrap(),
            "\"working_days\""
        );
    }

    #[test]
    fn estimated_flag() {
        let c = cal();
        // Fully inside 2025–2026.
        assert!(!c.add_working_days(date(2025, 12, 20), 20).estimated);
        assert!(!c.add_working_days(date(2025, 1, 1), 400).estimated);
        // Sun 20 Dec 2026 + 20 wd: 21–25 Dec (5), 28–31 Dec (9), Fri 1 Jan 2027 is 元旦,
        // 4–8 Jan (14), 11–15 Jan (19), Mon 18 Jan (20) — 2027 by weekends and the statutory
        // holidays (全国年节及纪念日放假办法).
        assert_eq!(
            c.add_working_days(date(2026, 12, 20), 20),
            Deadline {
                date: date(2027, 1, 18),
                estimated: true
            }
        );
        // Start in an uncovered year.
        assert!(c.add_days(date(2024, 12, 30), 5).estimated);
        // Passing through an uncovered year.
        let c2 = Calendar::from_days([
            (date(2025, 1, 1), DayKind::Off),
            (date(2027, 1, 1), DayKind::Off),
        ]);
        assert!(c2.add_months(date(2025, 6, 1), 24).estimated);
        assert!(Calendar::new().add_days(date(2026, 3, 3), 1).estimated);
    }

    #[test]
    fn working_days_between_sign_and_zero() {
        let c = cal();
        let (a, b) = (date(2026, 2, 13), date(2026, 2, 24));
        assert_eq!(c.working_days_between(a, b), 2); // Sat 14 make-up, Tue 24
        assert_eq!(c.working_days_between(b, a), -2);
        assert_eq!(c.working_days_between(a, a), 0);
        assert_eq!(
            c.working_days_between(date(2025, 9, 30), date(2025, 10, 9)),
            1
        );
        assert_eq!(
            c.working_days_between(date(2025, 10, 1), date(2025, 10, 8)),
            0
        );
        // Whole 2026: 365 days, 261 Mon–Fri; weekday off days: Jan 1–2, Feb 16–20,
        // Feb 23, Apr 6, May 1/4/5, Jun 19, Sep 25, Oct 1/2/5/6/7 = 19; make-up 6.
        assert_eq!(
            c.working_days_between(date(2025, 12, 31), date(2026, 12, 31)),
            261 - 19 + 6
        );
        assert_eq!(
            c.working_days_between(date(2025, 12, 31), date(2026, 12, 31)),
            naive_between(&c, date(2025, 12, 31), date(2026, 12, 31))
        );
    }

    #[test]
    fn never_panics_at_the_ends_of_the_range() {
        let c = cal();
        assert_eq!(c.add_working_days(Date::MAX, 1).date, Date::MAX);
        assert_eq!(c.add_working_days(Date::MAX, u32::MAX).date, Date::MAX);
        assert_eq!(c.add_working_days(Date::MIN, u32::MAX).date, Date::MAX);
        assert_eq!(c.add_days(Date::MAX, u32::MAX).date, Date::MAX);
        assert_eq!(c.add_months(Date::MAX, 1).date, Date::MAX);
        assert_eq!(c.add_months(Date::MIN, u32::MAX).date, Date::MAX);
        assert!(c.add_months(Date::MAX, u32::MAX).estimated);
        let span = c.working_days_between(Date::MIN, Date::MAX);
        assert!(span > 5_000_000);
        assert_eq!(c.working_days_between(Date::MAX, Date::MIN), -span);
        // The 2nd-to-last working day of the range.
        let last = Date::MAX; // Friday 9999-12-31
        assert_eq!(last.weekday(), Weekday::Friday);
        assert_eq!(c.add_working_days(date(9999, 12, 29), 2).date, last);
        assert_eq!(c.add_working_days(date(9999, 12, 29), 3).date, Date::MAX);
        assert_eq!(
            c.add_working_days(Date::MIN, 1).date,
            naive_add(&c, Date::MIN, 1)
        );
    }

    // --- schedule files ------------------------------------------------------------------

    #[test]
    fn parse_good_file() {
        let text = "\u{feff}date,kind\n\
                    # 2027 schedule\n\
                    \n\
                    2027-01-01,off\n\
                    2027-02-06\twork\n\
                    2027-02-07   班\n\
                    2027/2/8, 休  # Spring Festival\n\
                    2027-02-09，放假\n\
                    2027-05-01,HOLIDAY\n\
                    2027-05-08,Workday\n\
                    2027-01-01,off\n";
        let days = parse_schedule(text).unwrap();
        assert_eq!(
            days,
            vec![
                (date(2027, 1, 1), DayKind::Off),
                (date(2027, 2, 6), DayKind::Work),
                (date(2027, 2, 7), DayKind::Work),
                (date(2027, 2, 8), DayKind::Off),
                (date(2027, 2, 9), DayKind::Off),
                (date(2027, 5, 1), DayKind::Off),
                (date(2027, 5, 8), DayKind::Work),
            ]
        );
        assert_eq!(parse_schedule(""), Ok(vec![]));
        assert_eq!(parse_schedule("# nothing\n\n"), Ok(vec![]));
        // The official list, written out and read back.
        let written: String = Calendar::official_days()
            .iter()
            .map(|(d, k)| format!("{d},{k}\n"))
            .collect();
        assert_eq!(parse_schedule(&written).unwrap(), Calendar::official_days());
    }

    #[test]
    fn parse_reports_every_bad_line() {
        let text = "date,kind\n\
                    2027-01-01,off\n\
                    2027-13-01,off\n\
                    2027-02-30,work\n\
                    tomorrow,off\n\
                    2027-03-01,maybe\n\
                    2027-03-02\n\
                    2027-03-03,off,extra\n\
                    2027-01-01,work\n\
                    date,kind\n\
                    27-3-4,off\n";
        let errs = parse_schedule(text).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(
            lines,
            vec![3, 4, 5, 6, 7, 8, 9, 11],
            "a repeated header is ignored"
        );
        assert!(errs[0].message.contains("month 13"), "{}", errs[0].message);
        assert!(
            errs[1].message.contains("has 28 days"),
            "{}",
            errs[1].message
        );
        assert_eq!(errs[2].value, "tomorrow");
        assert!(errs[2].message.contains("write YYYY-MM-DD"));
        assert_eq!(errs[3].value, "maybe");
        assert!(errs[3].message.contains("off") && errs[3].message.contains("work"));
        assert!(errs[4].message.contains("missing the kind"));
        assert!(errs[5].message.contains("expected 2 fields, found 3"));
        assert!(errs[6].message.contains("line 2"), "{}", errs[6].message);
        assert!(errs[6].message.contains("2027-01-01"));
        assert_eq!(errs[7].value, "27-3-4");
        assert_eq!(
            errs[0].to_string(),
            format!("line 3: {}", errs[0].message),
            "Display"
        );
        // A bad date and a bad kind on the same line are both reported.
        let errs = parse_schedule("2027-99-99,nope").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs.iter().all(|e| e.line == 1));
    }

    #[test]
    fn day_kind_words() {
        for s in ["off", " OFF ", "休", "holiday", "Holiday", "放假"] {
            assert_eq!(DayKind::parse(s), Some(DayKind::Off), "{s}");
        }
        for s in ["work", "Work\t", "班", "workday", "WORKDAY", "上班"] {
            assert_eq!(DayKind::parse(s), Some(DayKind::Work), "{s}");
        }
        for s in ["", "w", "offday", "工作"] {
            assert_eq!(DayKind::parse(s), None, "{s}");
        }
        for k in [DayKind::Off, DayKind::Work] {
            assert_eq!(DayKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
    }

    // --- properties ----------------------------------------------------------------------

    fn date_in(lo: Date, span: i64) -> impl Strategy<Value = Date> {
        let z0 = day_number(lo);
        (0..span).prop_map(move |k| date_from_number(z0 + k))
    }

    /// A random calendar over 2024–2028: off and work days anywhere (weekdays or not).
    fn random_calendar() -> impl Strategy<Value = Calendar> {
        prop::collection::vec(
            (date_in(date(2024, 1, 1), 5 * 366), prop::bool::ANY),
            0..200,
        )
        .prop_map(|v| {
            Calendar::from_days(
                v.into_iter()
                    .map(|(d, off)| (d, if off { DayKind::Off } else { DayKind::Work })),
            )
        })
    }

    proptest! {
        #[test]
        fn between_inverts_add(start in date_in(date(2024, 1, 1), 4 * 366), n in 0u32..400) {
            let c = cal();
            let end = c.add_working_days(start, n).date;
            prop_assert_eq!(c.working_days_between(start, end), i64::from(n));
            prop_assert_eq!(c.working_days_between(end, start), -i64::from(n));
        }

        #[test]
        fn add_lands_on_working_day_and_is_monotonic(
            start in date_in(date(2024, 1, 1), 4 * 366),
            n in 1u32..400,
        ) {
            let c = cal();
            let a = c.add_working_days(start, n).date;
            let b = c.add_working_days(start, n + 1).date;
            prop_assert!(c.is_working_day(a));
            prop_assert!(a > start);
            prop_assert!(b > a);
            prop_assert!(c.add_working_days(start, n - 1).date < a);
        }

        #[test]
        fn matches_day_by_day_reference(
            c in random_calendar(),
            start in date_in(date(2023, 10, 1), 6 * 366),
            other in date_in(date(2023, 10, 1), 6 * 366),
            n in 0u32..300,
        ) {
            prop_assert_eq!(c.add_working_days(start, n).date, naive_add(&c, start, n));
            prop_assert_eq!(c.working_days_between(start, other), naive_between(&c, start, other));
            prop_assert_eq!(c.is_working_day(start), naive_is_working(&c, start));
            let last = naive_add(&c, start, 0).saturating_add(jiff::Span::new().days(i64::from(n)));
            let moved = if naive_is_working(&c, last) { last } else { naive_add(&c, last, 1) };
            prop_assert_eq!(c.add_days(start, n).date, moved);
        }

        #[test]
        fn set_day_matches_from_days(entries in prop::collection::vec(
            (date_in(date(2025, 1, 1), 800), prop::bool::ANY), 0..60)
        ) {
            let entries: Vec<(Date, DayKind)> = entries
                .into_iter()
                .map(|(d, off)| (d, if off { DayKind::Off } else { DayKind::Work }))
                .collect();
            let mut c = Calendar::official();
            for &(d, k) in &entries {
                c.set_day(d, k);
            }
            let rebuilt = Calendar::from_days(Calendar::official_days().into_iter().chain(entries));
            prop_assert_eq!(c, rebuilt);
        }

        #[test]
        fn months_end_on_corresponding_or_last_day(
            start in date_in(date(2020, 1, 1), 10 * 366),
            n in 0u32..60,
        ) {
            let c = Calendar::new();
            let raw = start.saturating_add(jiff::Span::new().months(i64::from(n)));
            prop_assert_eq!(c.add_months(start, n).date, c.working_day_on_or_after(raw));
        }
    }
}

#[cfg(test)]
mod statutory_tests {
    use super::*;
    use jiff::civil::date;

    /// The statutory holidays of the years after the shipped schedules, checked by hand and not
    /// taken from the crate: 2027 as the issue gives it; 2028–2030 from astronomical new moons
    /// and solar longitude 15° (清明) in Beijing time (PyEphem, independently of tyme4rs), and
    /// against the published lunar new year dates. 春节 is 除夕 to 正月初三.
    #[test]
    fn the_statutory_holidays_of_2027_to_2030_are_computed() {
        let days = |y: i16, md: &[(i8, i8)]| -> Vec<Date> {
            md.iter().map(|&(m, d)| date(y, m, d)).collect()
        };
        let cases: [(i16, Vec<Date>); 4] = [
            (
                2027,
                // 元旦; 春节 (除夕 02-05, 初一 02-06); 清明 04-05; 劳动节; 端午 06-09;
                // 中秋 09-15; 国庆.
                days(
                    2027,
                    &[
                        (1, 1),
                        (2, 5),
                        (2, 6),
                        (2, 7),
                        (2, 8),
                        (4, 5),
                        (5, 1),
                        (5, 2),
                        (6, 9),
                        (9, 15),
                        (10, 1),
                        (10, 2),
                        (10, 3),
                    ],
                ),
            ),
            (
                2028,
                // 春节 01-26 (除夕 01-25); 清明 04-04 (a leap year: the term falls a day
                // earlier, 14:00); 端午 05-28 (before the leap fifth month); 中秋 10-03 is
                // 国庆's third day: the same day once, so 12 days, not 13.
                days(
                    2028,
                    &[
                        (1, 1),
                        (1, 25),
                        (1, 26),
                        (1, 27),
                        (1, 28),
                        (4, 4),
                        (5, 1),
                        (5, 2),
                        (5, 28),
                        (10, 1),
                        (10, 2),
                        (10, 3),
                    ],
                ),
            ),
            (
                2029,
                // 春节 02-13 (除夕 02-12); 清明 04-04 (19:56); 端午 06-16; 中秋 09-22.
                days(
                    2029,
                    &[
                        (1, 1),
                        (2, 12),
                        (2, 13),
                        (2, 14),
                        (2, 15),
                        (4, 4),
                        (5, 1),
                        (5, 2),
                        (6, 16),
                        (9, 22),
                        (10, 1),
                        (10, 2),
                        (10, 3),
                    ],
                ),
            ),
            (
                2030,
                // 春节 02-03 (除夕 02-02); 清明 04-05 (01:39); 端午 06-05; 中秋 09-12.
                days(
                    2030,
                    &[
                        (1, 1),
                        (2, 2),
                        (2, 3),
                        (2, 4),
                        (2, 5),
                        (4, 5),
                        (5, 1),
                        (5, 2),
                        (6, 5),
                        (9, 12),
                        (10, 1),
                        (10, 2),
                        (10, 3),
                    ],
                ),
            ),
        ];
        for (year, expected) in cases {
            assert_eq!(statutory_holidays(year), expected, "{year}");
        }
    }

    #[test]
    fn every_statutory_day_is_off_in_the_shipped_schedules() {
        let cal = Calendar::official();
        for year in [2025, 2026] {
            let days = statutory_holidays(year);
            assert_eq!(days.len(), 13, "{year}: {days:?}");
            for d in days {
                assert_eq!(cal.day_kind(d), Some(DayKind::Off), "{d} in {year}");
            }
        }
    }

    #[test]
    fn a_year_without_a_schedule_keeps_its_statutory_holidays_and_is_estimated() {
        let cal = Calendar::official();
        assert!(!cal.covers(2027));
        // 2027-01-01 is a Friday: 元旦, off by law even without the State Council's notice.
        assert!(!cal.is_working_day(date(2027, 1, 1)));
        assert!(!cal.is_working_day(date(2027, 2, 8)), "正月初三, a Monday");
        assert!(cal.is_working_day(date(2027, 2, 9)));
        // A general-procedure decision due on 元旦 moves to the next working day.
        let due = cal.add_days(date(2026, 11, 17), 45);
        assert_eq!(due.date, date(2027, 1, 4));
        assert!(due.estimated);
        // Five working days from 2027-02-04 skip 除夕 to 正月初三 and the weekend.
        assert_eq!(
            cal.add_working_days(date(2027, 2, 4), 1).date,
            date(2027, 2, 9)
        );
        // Loading 2027's schedule replaces what the law alone gave.
        let mut loaded = cal.clone();
        loaded.set_day(date(2027, 2, 9), DayKind::Off);
        assert!(loaded.covers(2027));
        assert!(
            loaded.is_working_day(date(2027, 2, 8)),
            "only the schedule counts now"
        );
        assert!(!loaded.is_working_day(date(2027, 2, 9)));
    }
}
