use std::fmt;

use serde::{Deserialize, Serialize};

const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A calendar month, the period police.uk publishes street-level crime by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

/// Why a piece of text is not a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    pub found: String,
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected a month written as YYYY-MM (for example 2023-01), found {:?}",
            self.found
        )
    }
}

impl std::error::Error for PeriodError {}

impl Month {
    /// A month from a year (1–9999) and a month number (1–12); `None` for anything else.
    pub fn new(year: u16, month: u8) -> Option<Month> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    /// Parses police.uk's `YYYY-MM` (surrounding spaces allowed).
    pub fn parse_iso(text: &str) -> Result<Month, PeriodError> {
        let error = || PeriodError {
            found: text.to_owned(),
        };
        let (year, month) = text.trim().split_once('-').ok_or_else(error)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(error());
        }
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(year) || !all_digits(month) {
            return Err(error());
        }
        let year = year.parse().map_err(|_| error())?;
        let month = month.parse().map_err(|_| error())?;
        Month::new(year, month).ok_or_else(error)
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// The month after this one; `None` after December 9999.
    pub fn succ(self) -> Option<Month> {
        if self.month == 12 {
            Month::new(self.year.checked_add(1)?, 1)
        } else {
            Month::new(self.year, self.month + 1)
        }
    }

    /// Every month from `self` to `last` inclusive (empty when `last` is earlier).
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self), move |m| m.succ().filter(|next| *next <= last))
            .take_while(move |m| *m <= last)
    }

    /// The machine form, `2023-01`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// The form a board report uses, `Jan 2023`.
    pub fn label(self) -> String {
        let name = MONTH_ABBREVIATIONS
            .get(usize::from(self.month) - 1)
            .copied()
            .unwrap_or("?");
        format!("{name} {}", self.year)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The smallest and largest years any period may touch. Year 0 does not exist in the UK
/// calendar and four digits is what every publisher writes.
const MIN_YEAR: u16 = 1;
const MAX_YEAR: u16 = 9999;

fn year_in_range(year: u16) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&year)
}

fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// How many days `month` of `year` has; 0 for a month number that does not exist.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The three-letter English abbreviation of a month number (1–12), as GOV.UK writes it.
fn month_abbreviation(month: u8) -> &'static str {
    usize::from(month)
        .checked_sub(1)
        .and_then(|i| MONTH_ABBREVIATIONS.get(i))
        .copied()
        .unwrap_or("?")
}

/// `Jan 2023`, always with a four-digit year so the label reads back unambiguously (a
/// two-digit year would look like Excel's `Jan-23`).
fn month_label(month: Month) -> String {
    format!("{} {:04}", month_abbreviation(month.month()), month.year())
}

/// The month `offset` months after `month` (negative counts back); `None` outside years
/// 1–9999.
fn shift_month(month: Month, offset: i32) -> Option<Month> {
    let index = i32::from(month.year()) * 12 + i32::from(month.month()) - 1 + offset;
    let year = u16::try_from(index.div_euclid(12)).ok()?;
    let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
    Month::new(year, month)
}

/// A calendar date, for files that record when something happened rather than a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date that exists (no 30 February, no month 13, no year 0); `None` otherwise.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        (year_in_range(year) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// The month this date falls in, for bucketing events into monthly counts.
    pub fn calendar_month(self) -> Month {
        // Always valid: a Date is only built from a valid year and month.
        Month::new(self.year, self.month).unwrap_or(Month {
            year: self.year,
            month: self.month,
        })
    }

    /// The GOV.UK form, `31 Mar 2003`.
    pub fn label(self) -> String {
        format!(
            "{} {} {:04}",
            self.day,
            month_abbreviation(self.month),
            self.year
        )
    }
}

/// A calendar year, January to December.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Year {
    year: u16,
}

impl Year {
    /// A year from 1 to 9999; `None` otherwise.
    pub fn new(year: u16) -> Option<Year> {
        year_in_range(year).then_some(Year { year })
    }

    pub fn year(self) -> u16 {
        self.year
    }
}

/// A calendar quarter: Q1 is January–March.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quarter {
    year: u16,
    quarter: u8,
}

impl Quarter {
    /// Quarter 1–4 of a year from 1 to 9999; `None` otherwise.
    pub fn new(year: u16, quarter: u8) -> Option<Quarter> {
        (year_in_range(year) && (1..=4).contains(&quarter)).then_some(Quarter { year, quarter })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn quarter(self) -> u8 {
        self.quarter
    }
}

/// A UK public-sector financial year, April to March, named by the year it starts in
/// (2017/18 starts in April 2017).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FinancialYear {
    start_year: u16,
}

impl FinancialYear {
    /// The financial year starting in April of `start_year`; `None` unless both years it
    /// touches lie in 1–9999.
    pub fn starting(start_year: u16) -> Option<FinancialYear> {
        (year_in_range(start_year) && start_year < MAX_YEAR).then_some(FinancialYear { start_year })
    }

    pub fn start_year(self) -> u16 {
        self.start_year
    }

    /// `2017/18`.
    pub fn label(self) -> String {
        format!("{:04}/{:02}", self.start_year, (self.start_year + 1) % 100)
    }
}

/// A quarter of a financial year: Q1 is April–June, Q4 is January–March of the next
/// calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FinancialQuarter {
    year: FinancialYear,
    quarter: u8,
}

impl FinancialQuarter {
    /// Quarter 1–4 of `year`; `None` for any other quarter number.
    pub fn new(year: FinancialYear, quarter: u8) -> Option<FinancialQuarter> {
        (1..=4)
            .contains(&quarter)
            .then_some(FinancialQuarter { year, quarter })
    }

    pub fn financial_year(self) -> FinancialYear {
        self.year
    }

    pub fn quarter(self) -> u8 {
        self.quarter
    }
}

/// Twelve months ending in a given month, the Home Office's "year ending" rolling total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rolling12 {
    last: Month,
}

impl Rolling12 {
    /// The twelve months ending with `last`; `None` when they would start before year 1.
    pub fn ending(last: Month) -> Option<Rolling12> {
        shift_month(last, -11).map(|_| Rolling12 { last })
    }

    pub fn last(self) -> Month {
        self.last
    }
}

/// Whether pooled years are calendar years or financial years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum YearBasis {
    Calendar,
    Financial,
}

/// Several consecutive years reported as one figure, as Fingertips does for small counts
/// (`2015 - 17`, `2015/16 - 17/18`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Pooled {
    basis: YearBasis,
    first_year: u16,
    last_year: u16,
}

impl Pooled {
    /// Calendar years `first_year` to `last_year`; `None` unless they are 2 to
    /// [`Pooled::MAX_YEARS`] consecutive years. Publishers pool three or five years; the
    /// limit also means `2017 - 15` is refused rather than read as 2017 to 2115.
    pub fn calendar(first_year: u16, last_year: u16) -> Option<Pooled> {
        Pooled::new(YearBasis::Calendar, first_year, last_year)
    }

    /// Financial years starting `first_start` to `last_start`, under the same rules.
    pub fn financial(first_start: u16, last_start: u16) -> Option<Pooled> {
        FinancialYear::starting(last_start)?;
        Pooled::new(YearBasis::Financial, first_start, last_start)
    }

    /// The most years one pooled period may cover.
    pub const MAX_YEARS: u16 = 10;

    fn new(basis: YearBasis, first_year: u16, last_year: u16) -> Option<Pooled> {
        let valid = year_in_range(first_year)
            && year_in_range(last_year)
            && first_year < last_year
            && last_year - first_year < Pooled::MAX_YEARS;
        valid.then_some(Pooled {
            basis,
            first_year,
            last_year,
        })
    }

    pub fn basis(self) -> YearBasis {
        self.basis
    }

    /// The first year (for financial years, the year the first one starts in).
    pub fn first_year(self) -> u16 {
        self.first_year
    }

    /// The last year (for financial years, the year the last one starts in).
    pub fn last_year(self) -> u16 {
        self.last_year
    }
}

/// The kinds of period UK crime and public-health data come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PeriodKind {
    Day,
    Month,
    Quarter,
    FinancialQuarter,
    CalendarYear,
    FinancialYear,
    Rolling12,
    Pooled,
}

impl PeriodKind {
    /// What a cell of this kind looks like, for messages that say what was expected.
    pub fn description(self) -> &'static str {
        match self {
            PeriodKind::Day => "a date (like 31/03/2003)",
            PeriodKind::Month => "a month (like 2023-01 or Jan 2023)",
            PeriodKind::Quarter => "a calendar quarter (like Q1 2023)",
            PeriodKind::FinancialQuarter => "a financial-year quarter (like 2017/18 Q3)",
            PeriodKind::CalendarYear => "a calendar year (like 2019)",
            PeriodKind::FinancialYear => "a financial year (like 2017/18)",
            PeriodKind::Rolling12 => "a 12-month period (like Apr 2008 to Mar 2009)",
            PeriodKind::Pooled => "pooled years (like 2015 - 17)",
        }
    }
}

/// A period a UK crime or public-health figure is reported for.
///
/// Periods order by the first month they cover, then by how far they run, so a table
/// sorted by period reads in time order; periods covering the same months (a calendar
/// year and the 12 months ending December) then order by kind, and days by day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Day(Date),
    Month(Month),
    Quarter(Quarter),
    FinancialQuarter(FinancialQuarter),
    CalendarYear(Year),
    FinancialYear(FinancialYear),
    Rolling12(Rolling12),
    Pooled(Pooled),
}

impl Period {
    /// A day; `None` for a date that does not exist.
    pub fn day(year: u16, month: u8, day: u8) -> Option<Period> {
        Date::new(year, month, day).map(Period::Day)
    }

    /// A calendar month; `None` for month 13 or year 0.
    pub fn month(year: u16, month: u8) -> Option<Period> {
        Month::new(year, month).map(Period::Month)
    }

    /// A calendar quarter (1–4).
    pub fn quarter(year: u16, quarter: u8) -> Option<Period> {
        Quarter::new(year, quarter).map(Period::Quarter)
    }

    /// A financial year, named by the year it starts in (2017 for 2017/18).
    pub fn financial_year(start_year: u16) -> Option<Period> {
        FinancialYear::starting(start_year).map(Period::FinancialYear)
    }

    /// Quarter 1–4 of the financial year starting in `start_year`.
    pub fn financial_quarter(start_year: u16, quarter: u8) -> Option<Period> {
        FinancialQuarter::new(FinancialYear::starting(start_year)?, quarter)
            .map(Period::FinancialQuarter)
    }

    /// A calendar year.
    pub fn calendar_year(year: u16) -> Option<Period> {
        Year::new(year).map(Period::CalendarYear)
    }

    /// The 12 months ending with `last`.
    pub fn rolling12_ending(last: Month) -> Option<Period> {
        Rolling12::ending(last).map(Period::Rolling12)
    }

    /// Pooled calendar years `first_year` to `last_year`.
    pub fn pooled_years(first_year: u16, last_year: u16) -> Option<Period> {
        Pooled::calendar(first_year, last_year).map(Period::Pooled)
    }

    /// Pooled financial years starting `first_start` to `last_start`.
    pub fn pooled_financial_years(first_start: u16, last_start: u16) -> Option<Period> {
        Pooled::financial(first_start, last_start).map(Period::Pooled)
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Day(_) => PeriodKind::Day,
            Period::Month(_) => PeriodKind::Month,
            Period::Quarter(_) => PeriodKind::Quarter,
            Period::FinancialQuarter(_) => PeriodKind::FinancialQuarter,
            Period::CalendarYear(_) => PeriodKind::CalendarYear,
            Period::FinancialYear(_) => PeriodKind::FinancialYear,
            Period::Rolling12(_) => PeriodKind::Rolling12,
            Period::Pooled(_) => PeriodKind::Pooled,
        }
    }

    /// The first month the period covers (for a day, the month it falls in).
    pub fn first_month(self) -> Month {
        let (first, _) = self.month_span();
        first
    }

    /// The last month the period covers (for a day, the month it falls in).
    pub fn last_month(self) -> Month {
        let (_, last) = self.month_span();
        last
    }

    /// How many calendar months the period touches (1 for a day or a month).
    pub fn months_covered(self) -> u32 {
        let (first, last) = self.month_span();
        let index = |m: Month| u32::from(m.year()) * 12 + u32::from(m.month());
        index(last) - index(first) + 1
    }

    /// Every constructor checked that both ends exist, so the fallbacks below are never
    /// reached; they keep this total without a panic path.
    fn month_span(self) -> (Month, Month) {
        let month = |year: u16, month: u8| Month::new(year, month).unwrap_or(Month { year, month });
        let financial = |start: u16| (month(start, 4), month(start.saturating_add(1), 3));
        match self {
            Period::Day(d) => (d.calendar_month(), d.calendar_month()),
            Period::Month(m) => (m, m),
            Period::Quarter(q) => {
                let first = q.quarter * 3 - 2;
                (month(q.year, first), month(q.year, first + 2))
            }
            Period::FinancialQuarter(q) => {
                let (april, _) = financial(q.year.start_year);
                let offset = i32::from(q.quarter - 1) * 3;
                let first = shift_month(april, offset).unwrap_or(april);
                (first, shift_month(first, 2).unwrap_or(first))
            }
            Period::CalendarYear(y) => (month(y.year, 1), month(y.year, 12)),
            Period::FinancialYear(fy) => financial(fy.start_year),
            Period::Rolling12(r) => (shift_month(r.last, -11).unwrap_or(r.last), r.last),
            Period::Pooled(p) => match p.basis {
                YearBasis::Calendar => (month(p.first_year, 1), month(p.last_year, 12)),
                YearBasis::Financial => {
                    let (first, _) = financial(p.first_year);
                    let (_, last) = financial(p.last_year);
                    (first, last)
                }
            },
        }
    }

    /// The form UK publications use: `Jan 2023`, `Q1 2023`, `2017/18`, `2017/18 Q3`,
    /// `2019`, `Apr 2008 to Mar 2009`, `2015 - 17`, `2015/16 - 17/18`, `31 Mar 2003`.
    pub fn label(self) -> String {
        match self {
            Period::Day(d) => d.label(),
            Period::Month(m) => month_label(m),
            Period::Quarter(q) => format!("Q{} {:04}", q.quarter, q.year),
            Period::FinancialQuarter(q) => format!("{} Q{}", q.year.label(), q.quarter),
            Period::CalendarYear(y) => format!("{:04}", y.year),
            Period::FinancialYear(fy) => fy.label(),
            Period::Rolling12(r) => format!(
                "{} to {}",
                month_label(self.first_month()),
                month_label(r.last)
            ),
            Period::Pooled(p) => match p.basis {
                YearBasis::Calendar => {
                    format!("{:04} - {:02}", p.first_year, p.last_year % 100)
                }
                YearBasis::Financial => format!(
                    "{:04}/{:02} - {:02}/{:02}",
                    p.first_year,
                    (p.first_year + 1) % 100,
                    p.last_year % 100,
                    (p.last_year + 1) % 100
                ),
            },
        }
    }

    /// Ordering key: first month, then last month (the span), then kind, then the day.
    /// The key determines the period, so the order agrees with equality.
    fn sort_key(self) -> (Month, Month, PeriodKind, u8) {
        let day = match self {
            Period::Day(d) => d.day,
            _ => 0,
        };
        (self.first_month(), self.last_month(), self.kind(), day)
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_police_uk_months() {
        let m = Month::parse_iso("2023-01").unwrap();
        assert_eq!((m.year(), m.month()), (2023, 1));
        assert_eq!(m.label(), "Jan 2023");
        assert_eq!(m.iso(), "2023-01");
        assert_eq!(Month::parse_iso(" 2010-12 ").unwrap().label(), "Dec 2010");
    }

    #[test]
    fn rejects_what_is_not_a_month() {
        for bad in [
            "",
            "2023",
            "2023-13",
            "2023-00",
            "0000-01",
            "23-01",
            "2023-1",
            "2023/01",
            "２０２３-01",
            "+202-01",
        ] {
            let err = Month::parse_iso(bad).unwrap_err();
            assert!(err.to_string().contains("YYYY-MM"), "{bad}: {err}");
        }
    }

    #[test]
    fn through_crosses_year_ends_and_stops() {
        let a = Month::parse_iso("2022-11").unwrap();
        let b = Month::parse_iso("2023-02").unwrap();
        let months: Vec<String> = a.through(b).map(Month::iso).collect();
        assert_eq!(months, ["2022-11", "2022-12", "2023-01", "2023-02"]);
        assert_eq!(b.through(a).count(), 0);
        let last = Month::new(9999, 12).unwrap();
        assert_eq!(last.succ(), None);
        assert_eq!(last.through(last).count(), 1);
    }

    proptest! {
        #[test]
        fn iso_round_trips(year in 1u16..=9999, month in 1u8..=12) {
            let m = Month::new(year, month).unwrap();
            prop_assert_eq!(Month::parse_iso(&m.iso()).unwrap(), m);
            prop_assert_eq!(m.to_string(), m.iso());
        }

        #[test]
        fn succ_is_strictly_increasing(year in 1u16..9999, month in 1u8..=12) {
            let m = Month::new(year, month).unwrap();
            let next = m.succ().unwrap();
            prop_assert!(next > m);
            prop_assert_eq!(m.through(next).count(), 2);
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,12}") {
            let _ = Month::parse_iso(&s);
        }
    }
}

#[cfg(test)]
mod period_tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn m(year: u16, month: u8) -> Month {
        Month::new(year, month).unwrap()
    }

    #[test]
    fn labels_are_the_uk_forms() {
        let cases = [
            (Period::month(2023, 1), "Jan 2023"),
            (Period::quarter(2023, 1), "Q1 2023"),
            (Period::financial_year(2017), "2017/18"),
            (Period::financial_year(1999), "1999/00"),
            (Period::financial_quarter(2017, 3), "2017/18 Q3"),
            (Period::calendar_year(2019), "2019"),
            (Period::rolling12_ending(m(2009, 3)), "Apr 2008 to Mar 2009"),
            (Period::pooled_years(2015, 2017), "2015 - 17"),
            (
                Period::pooled_financial_years(2015, 2017),
                "2015/16 - 17/18",
            ),
            (Period::day(2003, 3, 31), "31 Mar 2003"),
            (Period::day(2003, 3, 1), "1 Mar 2003"),
        ];
        for (period, label) in cases {
            let period = period.unwrap();
            assert_eq!(period.label(), label);
            assert_eq!(period.to_string(), label);
        }
    }

    #[test]
    fn first_and_last_months() {
        let span = |p: Option<Period>| {
            let p = p.unwrap();
            (p.first_month(), p.last_month(), p.months_covered())
        };
        assert_eq!(span(Period::day(2023, 2, 28)), (m(2023, 2), m(2023, 2), 1));
        assert_eq!(span(Period::month(2023, 2)), (m(2023, 2), m(2023, 2), 1));
        assert_eq!(
            span(Period::quarter(2023, 4)),
            (m(2023, 10), m(2023, 12), 3)
        );
        assert_eq!(
            span(Period::financial_year(2017)),
            (m(2017, 4), m(2018, 3), 12)
        );
        assert_eq!(
            span(Period::financial_quarter(2017, 1)),
            (m(2017, 4), m(2017, 6), 3)
        );
        assert_eq!(
            span(Period::financial_quarter(2017, 4)),
            (m(2018, 1), m(2018, 3), 3)
        );
        assert_eq!(
            span(Period::calendar_year(2019)),
            (m(2019, 1), m(2019, 12), 12)
        );
        assert_eq!(
            span(Period::rolling12_ending(m(2009, 3))),
            (m(2008, 4), m(2009, 3), 12)
        );
        assert_eq!(
            span(Period::pooled_years(2015, 2017)),
            (m(2015, 1), m(2017, 12), 36)
        );
        assert_eq!(
            span(Period::pooled_financial_years(2015, 2017)),
            (m(2015, 4), m(2018, 3), 36)
        );
    }

    #[test]
    fn construction_refuses_what_does_not_exist() {
        assert_eq!(Period::month(2023, 13), None);
        assert_eq!(Period::month(0, 1), None);
        assert_eq!(Period::day(2023, 2, 29), None);
        assert_eq!(Period::day(2023, 2, 30), None);
        assert_eq!(Period::day(1900, 2, 29), None);
        assert!(Period::day(2000, 2, 29).is_some());
        assert!(Period::day(2024, 2, 29).is_some());
        assert_eq!(Period::day(2023, 4, 31), None);
        assert_eq!(Period::day(2023, 1, 0), None);
        assert_eq!(Period::quarter(2023, 0), None);
        assert_eq!(Period::quarter(2023, 5), None);
        assert_eq!(Period::financial_year(0), None);
        assert_eq!(Period::financial_year(9999), None);
        assert_eq!(Period::financial_quarter(2017, 5), None);
        assert_eq!(Period::calendar_year(0), None);
        assert_eq!(Period::rolling12_ending(m(1, 11)), None);
        assert!(Period::rolling12_ending(m(1, 12)).is_some());
        assert_eq!(Period::pooled_years(2017, 2017), None);
        assert_eq!(Period::pooled_years(2017, 2015), None);
        assert_eq!(Period::pooled_years(2000, 2010), None);
        assert!(Period::pooled_years(2000, 2009).is_some());
        assert_eq!(Period::pooled_financial_years(9997, 9999), None);
        assert_eq!(days_in_month(2023, 13), 0);
    }

    #[test]
    fn order_is_by_first_month_then_span_then_kind() {
        let mut periods = [
            Period::financial_year(2017).unwrap(),
            Period::calendar_year(2018).unwrap(),
            Period::rolling12_ending(m(2018, 12)).unwrap(),
            Period::month(2017, 4).unwrap(),
            Period::financial_quarter(2017, 1).unwrap(),
            Period::quarter(2017, 2).unwrap(),
            Period::day(2017, 4, 30).unwrap(),
            Period::day(2017, 4, 1).unwrap(),
            Period::month(2017, 1).unwrap(),
        ];
        periods.sort();
        let labels: Vec<String> = periods.iter().map(|p| p.label()).collect();
        assert_eq!(
            labels,
            [
                "Jan 2017",
                "1 Apr 2017",
                "30 Apr 2017",
                "Apr 2017",
                "Q2 2017",
                "2017/18 Q1",
                "2017/18",
                "2018",
                "Jan 2018 to Dec 2018",
            ]
        );
    }

    #[test]
    fn dates_know_their_month() {
        let d = Date::new(2023, 1, 31).unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2023, 1, 31));
        assert_eq!(d.calendar_month(), m(2023, 1));
    }
}
