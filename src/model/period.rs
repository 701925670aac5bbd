use std::fmt;

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
