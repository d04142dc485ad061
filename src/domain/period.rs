//! The period a report counts over: a month, a quarter, a year, or from one day to another
//! (both included); stepping to the period before or after, the month ends it holds.

use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
    /// From one day to another, as typed.
    Range,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub from: Date,
    /// The last day, included.
    pub to: Date,
}

/// Why a typed range is not a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// Not two dates.
    NotTwoDates(String),
    /// The first day after the last.
    Reversed(Date, Date),
    /// Not a month (`YYYY-MM`) or a day in one.
    NotAMonth(String),
}

fn first_of_month(d: Date) -> Date {
    d.first_of_month()
}

impl Period {
    /// The month, quarter or year that holds `day` (a range: the month).
    pub fn containing(kind: PeriodKind, day: Date) -> Period {
        let (from, months) = match kind {
            PeriodKind::Month | PeriodKind::Range => (first_of_month(day), 1),
            PeriodKind::Quarter => {
                let q0 = (day.month() - 1) / 3 * 3 + 1;
                (Date::new(day.year(), q0, 1).unwrap_or(day), 3)
            }
            PeriodKind::Year => (Date::new(day.year(), 1, 1).unwrap_or(day), 12),
        };
        let kind = if kind == PeriodKind::Range {
            PeriodKind::Month
        } else {
            kind
        };
        let to = from
            .checked_add(jiff::Span::new().months(months))
            .and_then(|d| d.yesterday())
            .unwrap_or(from);
        Period { kind, from, to }
    }

    /// From `from` to `to`, both included.
    pub fn range(from: Date, to: Date) -> Result<Period, PeriodError> {
        if from > to {
            return Err(PeriodError::Reversed(from, to));
        }
        Ok(Period {
            kind: PeriodKind::Range,
            from,
            to,
        })
    }

    /// "2026-01-01 2026-06-30", with `..`, `~`, `至`, `到`, `—` or `–` between, and the dates
    /// as officers write them (`2026/1/1`, `2026年1月1日`).
    pub fn parse_range(s: &str) -> Result<Period, PeriodError> {
        let parts: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || "~至到—–".contains(c))
            .flat_map(|p| p.split(".."))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let dates: Vec<Date> = parts
            .iter()
            .filter_map(|p| super::dates::parse_date(p))
            .collect();
        match (parts.len(), dates.as_slice()) {
            (2, [from, to]) => Period::range(*from, *to),
            _ => Err(PeriodError::NotTwoDates(s.trim().to_string())),
        }
    }

    /// The month, quarter or year that holds the month `at` (`2026-10`, `2026/10`, `2026年10月`,
    /// or a day of it as officers write days).
    pub fn at(kind: PeriodKind, at: &str) -> Result<Period, PeriodError> {
        let t = at.trim();
        let month = t
            .trim_end_matches('月')
            .split(['-', '/', '年'])
            .collect::<Vec<_>>();
        let day = match month.as_slice() {
            [y, m] if y.len() == 4 && (1..=2).contains(&m.len()) => y
                .parse::<i16>()
                .ok()
                .zip(m.parse::<i8>().ok())
                .and_then(|(y, m)| Date::new(y, m, 1).ok()),
            _ => super::dates::parse_date(t),
        };
        match day {
            Some(d) => Ok(Period::containing(kind, d)),
            None => Err(PeriodError::NotAMonth(t.to_string())),
        }
    }

    /// The period of the same kind just before (`-1`) or after (`1`); a range moves by its
    /// own length.
    pub fn step(self, by: i32) -> Period {
        let months = match self.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
            PeriodKind::Range => {
                let days = (self.to - self.from).get_days() as i64 + 1;
                let shift = jiff::Span::new().days(days * i64::from(by));
                return Period {
                    from: self.from.checked_add(shift).unwrap_or(self.from),
                    to: self.to.checked_add(shift).unwrap_or(self.to),
                    ..self
                };
            }
        };
        let from = self
            .from
            .checked_add(jiff::Span::new().months(months * by))
            .unwrap_or(self.from);
        Period::containing(self.kind, from)
    }

    /// The next kind `p` offers: month → quarter → year → month (a range goes to its month).
    pub fn next_kind(self) -> Period {
        let kind = match self.kind {
            PeriodKind::Month => PeriodKind::Quarter,
            PeriodKind::Quarter => PeriodKind::Year,
            PeriodKind::Year | PeriodKind::Range => PeriodKind::Month,
        };
        Period::containing(kind, self.from)
    }

    /// The last day of each month the period reaches, up to `today` (a month end not yet
    /// reached is not counted; a period ending mid-month ends on its last day instead).
    pub fn month_ends(self, today: Date) -> Vec<Date> {
        let last = self.to.min(today);
        let mut out = Vec::new();
        let mut m = first_of_month(self.from);
        while m <= last {
            let end = m.last_of_month();
            if end <= last {
                out.push(end);
            } else if last == self.to {
                out.push(last);
            }
            match m.checked_add(jiff::Span::new().months(1)) {
                Ok(next) => m = next,
                Err(_) => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn months_quarters_and_years_hold_the_day_and_step() {
        let d = date(2026, 11, 27);
        let m = Period::containing(PeriodKind::Month, d);
        assert_eq!((m.from, m.to), (date(2026, 11, 1), date(2026, 11, 30)));
        let q = Period::containing(PeriodKind::Quarter, d);
        assert_eq!((q.from, q.to), (date(2026, 10, 1), date(2026, 12, 31)));
        let y = Period::containing(PeriodKind::Year, d);
        assert_eq!((y.from, y.to), (date(2026, 1, 1), date(2026, 12, 31)));
        let feb = Period::containing(PeriodKind::Month, date(2028, 2, 10));
        assert_eq!(feb.to, date(2028, 2, 29), "a leap February");
        assert_eq!(m.step(1).from, date(2026, 12, 1));
        assert_eq!(m.step(2).from, date(2027, 1, 1));
        assert_eq!(q.step(-1).from, date(2026, 7, 1));
        assert_eq!(y.step(-1).to, date(2025, 12, 31));
        assert_eq!(m.next_kind(), q);
        assert_eq!(q.next_kind(), y);
        assert_eq!(y.next_kind().kind, PeriodKind::Month);
    }

    #[test]
    fn a_range_is_typed_as_two_dates_and_refused_otherwise() {
        let r = Period::parse_range("2026-01-01..2026-06-30").unwrap();
        assert_eq!((r.from, r.to), (date(2026, 1, 1), date(2026, 6, 30)));
        assert_eq!(Period::parse_range("2026/1/1 至 2026年6月30日").unwrap(), r);
        assert_eq!(
            Period::parse_range("2026-06-30 ~ 2026-01-01"),
            Err(PeriodError::Reversed(date(2026, 6, 30), date(2026, 1, 1)))
        );
        assert!(matches!(
            Period::parse_range("上个月"),
            Err(PeriodError::NotTwoDates(_))
        ));
        assert!(matches!(
            Period::parse_range("2026-01-01"),
            Err(PeriodError::NotTwoDates(_))
        ));
        assert!(matches!(
            Period::parse_range("2026-01-01 2026-13-01"),
            Err(PeriodError::NotTwoDates(_))
        ));
        assert_eq!(r.step(1).from, date(2026, 7, 1));
    }

    #[test]
    fn a_period_is_named_by_a_month_it_holds_and_refused_otherwise() {
        let q = Period::at(PeriodKind::Quarter, "2026-08").unwrap();
        assert_eq!((q.from, q.to), (date(2026, 7, 1), date(2026, 9, 30)));
        assert_eq!(
            Period::at(PeriodKind::Month, "2026年2月").unwrap().to,
            date(2026, 2, 28)
        );
        assert_eq!(
            Period::at(PeriodKind::Year, "2026/3/5").unwrap().from,
            date(2026, 1, 1)
        );
        for bad in ["2026-13", "26-10", "上个月", "", "2026-10-32"] {
            assert_eq!(
                Period::at(PeriodKind::Month, bad),
                Err(PeriodError::NotAMonth(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn month_ends_stop_at_today_and_at_a_mid_month_end() {
        let q = Period::containing(PeriodKind::Quarter, date(2026, 11, 27));
        assert_eq!(
            q.month_ends(date(2026, 11, 27)),
            [date(2026, 10, 31)],
            "November has not ended"
        );
        let r = Period::range(date(2026, 1, 15), date(2026, 3, 10)).unwrap();
        assert_eq!(
            r.month_ends(date(2026, 11, 27)),
            [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 10)]
        );
    }
}
