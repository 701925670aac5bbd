//! Reading the many ways UK public-sector files write a period: police.uk's `2023-01`, the
//! Met's `201807` column headers, Excel's `Jan-23`, Home Office day-first dates
//! (`31-03-2003`), financial years (`2017/18`), quarters, "year ending" rolling totals and
//! Fingertips' pooled years (`2015 - 17`).
//!
//! A cell like `2010-11` means November 2010 in a police.uk file and the financial year
//! 2010/11 in a Home Office one, so [`parse_period_column`] decides once for a whole column
//! rather than cell by cell.
//!
//! Date-times with a UTC offset are converted to UK local time (Europe/London) before the
//! date is taken, so a stop at 23:30 UTC on 30 June counts in July. Only the summer-time
//! rule in force since 1996 (BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on
//! the last Sunday of October) is implemented; an offset date-time before 1996 is refused
//! rather than guessed at.

use std::fmt;

use crate::model::{Date, Month, Period, PeriodKind};

/// Why a cell is not a period. Shown to users, so it says what was found and what a
/// period should have looked like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodParseError {
    /// The cell as it was written.
    pub found: String,
    /// What the cell should have looked like, e.g. "a date written day-first (dd/mm/yyyy)".
    pub expected: String,
}

impl fmt::Display for PeriodParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found {:?}", self.expected, self.found)
    }
}

impl std::error::Error for PeriodParseError {}

/// Why a column of cells has no single reading as periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodColumnError {
    /// Position of the first cell that does not fit, counting from 0.
    pub index: usize,
    pub error: PeriodParseError,
}

impl fmt::Display for PeriodColumnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cell {} of the column: {}", self.index + 1, self.error)
    }
}

impl std::error::Error for PeriodColumnError {}

const EXPECTED_PERIOD: &str = "a period (like 2023-01, Jan 2023, 31/03/2023, 2017/18, \
                               Q1 2023, 2019 or Apr 2008 to Mar 2009)";
const EXPECTED_DAY_FIRST: &str = "a date written day-first (dd/mm/yyyy)";
const EXPECTED_ISO_DATE: &str = "a date written year-first (yyyy-mm-dd), like 2023-01-31";
const EXPECTED_DATETIME: &str = "a date and time like 2023-01-31T13:06:00+00:00";
const EXPECTED_DATETIME_1996: &str = "a date and time from 1996 onwards (UK summer-time rules \
                                      before 1996 are not supported)";
const EXPECTED_MONTH: &str = "a month (like 2023-01, 01/2023, 201807, Jan 2023 or Jan-23)";
const EXPECTED_FINANCIAL_YEAR: &str = "a financial year whose two years follow on (like 2017/18)";
const EXPECTED_QUARTER: &str = "a quarter (like Q1 2023 or 2017/18 Q3)";
const EXPECTED_ROLLING: &str =
    "a 12-month period (like Apr 2008 to Mar 2009 or Year ending Mar 2009)";
const EXPECTED_POOLED: &str = "pooled years (like 2015 - 17 or 2015/16 - 17/18)";
const EXPECTED_HYPHEN: &str = "a month (like 2023-01) or a financial year (like 2017-18)";
const EXPECTED_POOLED_ALONE: &str = "a month or a financial year (if this means pooled years, \
                                     write it with spaces, like 2015 - 17)";

/// One way a cell can be read. `column_only` readings (pooled years written `2015-17`) are
/// too easily a typo to accept from a lone cell, but are accepted when the whole column
/// reads that way.
#[derive(Debug, Clone, Copy)]
struct Reading {
    period: Period,
    column_only: bool,
}

impl Reading {
    fn sure(period: Period) -> Reading {
        Reading {
            period,
            column_only: false,
        }
    }
}

/// Parses one cell as a period. Where a cell has more than one reading (`2010-11`) the
/// month wins, as in police.uk files; use [`parse_period_column`] to let the rest of the
/// column decide.
pub fn parse_period(text: &str) -> Result<Period, PeriodParseError> {
    let readings = cell_readings(text)?;
    readings
        .iter()
        .filter(|r| !r.column_only)
        .map(|r| r.period)
        .min_by_key(|p| p.kind())
        .ok_or_else(|| error(text, EXPECTED_POOLED_ALONE))
}

/// Parses a column of cells with ONE reading for all of them, so `2010-11` is November
/// 2010 beside `2010-12` and the financial year 2010/11 beside `2012-13`.
///
/// Every period in the result has the same [`PeriodKind`]. When two kinds fit every cell
/// (`2010-11`, `2011-12` read as months or financial years) a column of one repeated value
/// is read as months (a police.uk file for one month) and a column of different values as
/// financial years (months that each equal the next year's last two digits would be a
/// strange column). A column no kind fits is an error naming the first cell that breaks
/// the reading the longest run of cells from the top agrees on.
pub fn parse_period_column<S: AsRef<str>>(cells: &[S]) -> Result<Vec<Period>, PeriodColumnError> {
    let readings = cells
        .iter()
        .enumerate()
        .map(|(index, cell)| {
            cell_readings(cell.as_ref()).map_err(|error| PeriodColumnError { index, error })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let kind = match column_kind(cells, &readings) {
        Ok(kind) => kind,
        Err((index, kind)) => {
            let found = cells.get(index).map_or("", AsRef::as_ref);
            let expected = format!("{} like the cells above it", kind.description());
            return Err(PeriodColumnError {
                index,
                error: error(found, &expected),
            });
        }
    };
    Ok(readings
        .iter()
        .filter_map(|cell| reading_of_kind(cell, kind))
        .collect())
}

const ALL_KINDS: [PeriodKind; 8] = [
    PeriodKind::Day,
    PeriodKind::Month,
    PeriodKind::Quarter,
    PeriodKind::FinancialQuarter,
    PeriodKind::CalendarYear,
    PeriodKind::FinancialYear,
    PeriodKind::Rolling12,
    PeriodKind::Pooled,
];

fn reading_of_kind(readings: &[Reading], kind: PeriodKind) -> Option<Period> {
    readings.iter().map(|r| r.period).find(|p| p.kind() == kind)
}

/// The kind every cell can be read as, or else (index of the first misfit, the kind it
/// broke).
fn column_kind<S: AsRef<str>>(
    cells: &[S],
    readings: &[Vec<Reading>],
) -> Result<PeriodKind, (usize, PeriodKind)> {
    let fitting_prefix = |kind: PeriodKind| {
        readings
            .iter()
            .take_while(|cell| reading_of_kind(cell, kind).is_some())
            .count()
    };
    // Unspaced pooled years (`2015-17`) are read only when some cell can be nothing else;
    // otherwise a column of months with one typo would turn into pooled years.
    let pooled_needed = readings
        .iter()
        .any(|cell| cell.iter().all(|r| r.column_only));
    let allowed = |kind: &PeriodKind| {
        *kind != PeriodKind::Pooled || pooled_needed || !any_column_only(readings)
    };
    let fitting: Vec<PeriodKind> = ALL_KINDS
        .into_iter()
        .filter(allowed)
        .filter(|kind| fitting_prefix(*kind) == readings.len())
        .collect();
    let both_month_and_financial =
        fitting.contains(&PeriodKind::Month) && fitting.contains(&PeriodKind::FinancialYear);
    if both_month_and_financial && has_different_values(cells) {
        return Ok(PeriodKind::FinancialYear);
    }
    if let Some(kind) = fitting.first() {
        return Ok(*kind);
    }
    // Nothing fits everything: blame the first cell that breaks the longest agreeing run.
    let mut best = (0, PeriodKind::Month);
    for kind in ALL_KINDS.into_iter().filter(allowed) {
        let run = fitting_prefix(kind);
        if run > best.0 {
            best = (run, kind);
        }
    }
    Err(best)
}

fn any_column_only(readings: &[Vec<Reading>]) -> bool {
    readings.iter().flatten().any(|r| r.column_only)
}

fn has_different_values<S: AsRef<str>>(cells: &[S]) -> bool {
    let mut values = cells.iter().map(|c| normalise(c.as_ref()));
    match values.next() {
        Some(first) => values.any(|v| v != first),
        None => false,
    }
}

fn error(found: &str, expected: &str) -> PeriodParseError {
    PeriodParseError {
        found: found.to_owned(),
        expected: expected.to_owned(),
    }
}

/// Every reading of a cell, or why it has none.
fn cell_readings(text: &str) -> Result<Vec<Reading>, PeriodParseError> {
    let normalised = normalise(text);
    let readings = readings(&normalised).map_err(|expected| error(text.trim(), expected))?;
    if readings.is_empty() {
        Err(error(text.trim(), EXPECTED_PERIOD))
    } else {
        Ok(readings)
    }
}

/// Lower case, one space for any run of whitespace (cells often carry a line break from a
/// wrapped spreadsheet header), typographic dashes and quotes made plain, and trailing
/// footnote markers like `[note 3]` removed.
fn normalise(text: &str) -> String {
    let lowered = text
        .to_lowercase()
        .replace(['\u{2013}', '\u{2212}'], "-")
        .replace(['\u{2018}', '\u{2019}'], "'");
    let joined = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut result = joined.as_str();
    while let Some(rest) = strip_trailing_note(result) {
        result = rest;
    }
    result.to_owned()
}

fn strip_trailing_note(text: &str) -> Option<&str> {
    let open = text.strip_suffix(']')?.rfind('[')?;
    let note = text.get(open + 1..text.len() - 1)?;
    note.trim_start()
        .starts_with("note")
        .then(|| text.get(..open).map(str::trim_end))
        .flatten()
}

fn readings(s: &str) -> Result<Vec<Reading>, &'static str> {
    if let Some(rest) = s.strip_prefix("fy") {
        return financial_only(rest.trim_start());
    }
    if let Some(rest) = s
        .strip_prefix("year ending ")
        .or_else(|| s.strip_prefix("ye "))
    {
        return year_ending(rest);
    }
    if let Some((from, to)) = s.split_once(" to ") {
        return rolling_span(from, to);
    }
    if let Some((first, last)) = s.split_once(" - ") {
        return pooled_spaced(first, last);
    }
    if s.split(' ').any(is_quarter_word) {
        return quarter(s);
    }
    if is_datetime_shaped(s) {
        return datetime(s).map(|p| vec![Reading::sure(p)]);
    }
    if s.contains(' ') {
        return spaced_date(s).map(|p| vec![Reading::sure(p)]);
    }
    if let Some(parts) = split_three(s) {
        return three_part_date(parts).map(|p| vec![Reading::sure(p)]);
    }
    if let Some((a, b)) = s.split_once('/') {
        return slashed_pair(a, b);
    }
    if let Some((a, b)) = s.split_once('-') {
        return hyphenated_pair(a, b);
    }
    digits_only(s).map(|p| vec![Reading::sure(p)])
}

/// `FY2017/18`, `FY 2017-18` and `FY 2017/18 Q3`: whatever follows must be a financial year
/// or one of its quarters.
fn financial_only(rest: &str) -> Result<Vec<Reading>, &'static str> {
    let readings = readings(rest).map_err(|_| EXPECTED_FINANCIAL_YEAR)?;
    let financial: Vec<Reading> = readings
        .into_iter()
        .filter(|r| {
            matches!(
                r.period.kind(),
                PeriodKind::FinancialYear | PeriodKind::FinancialQuarter
            )
        })
        .map(|r| Reading::sure(r.period))
        .collect();
    if financial.is_empty() {
        Err(EXPECTED_FINANCIAL_YEAR)
    } else {
        Ok(financial)
    }
}

fn year_ending(rest: &str) -> Result<Vec<Reading>, &'static str> {
    let last = month_and_year(rest).ok_or(EXPECTED_ROLLING)?;
    Period::rolling12_ending(last)
        .map(|p| vec![Reading::sure(p)])
        .ok_or(EXPECTED_ROLLING)
}

/// `Apr '08 to Mar '09`: accepted only when it really spans twelve months.
fn rolling_span(from: &str, to: &str) -> Result<Vec<Reading>, &'static str> {
    let first = month_and_year(from).ok_or(EXPECTED_ROLLING)?;
    let last = month_and_year(to).ok_or(EXPECTED_ROLLING)?;
    let period = Period::rolling12_ending(last).ok_or(EXPECTED_ROLLING)?;
    if period.first_month() == first {
        Ok(vec![Reading::sure(period)])
    } else {
        Err(EXPECTED_ROLLING)
    }
}

/// `2015 - 17`, `2015 - 2017` (calendar years) or `2015/16 - 17/18` (financial years).
fn pooled_spaced(first: &str, last: &str) -> Result<Vec<Reading>, &'static str> {
    let period = if let Some((a, b)) = first.split_once('/') {
        let start = financial_start(a, b).ok_or(EXPECTED_POOLED)?;
        let (c, d) = last.split_once('/').ok_or(EXPECTED_POOLED)?;
        let last_start = later_year(start, year_digits(c).ok_or(EXPECTED_POOLED)?);
        if !follows_on(last_start, d) {
            return Err(EXPECTED_POOLED);
        }
        Period::pooled_financial_years(start, last_start)
    } else {
        let start = four_digits(first).ok_or(EXPECTED_POOLED)?;
        let end = later_year(start, year_digits(last).ok_or(EXPECTED_POOLED)?);
        Period::pooled_years(start, end)
    };
    period
        .map(|p| vec![Reading::sure(p)])
        .ok_or(EXPECTED_POOLED)
}

fn is_quarter_word(word: &str) -> bool {
    word.strip_prefix('q')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `Q1 2023`, `2023 Q1` (calendar) and `2017/18 Q3`, `Q3 2017/18`, `2017-18 Q3`
/// (financial).
fn quarter(s: &str) -> Result<Vec<Reading>, &'static str> {
    let (first, second) = s.split_once(' ').ok_or(EXPECTED_QUARTER)?;
    let (q, year) = if first.starts_with('q') {
        (first, second)
    } else {
        (second, first)
    };
    let number = q
        .strip_prefix('q')
        .and_then(one_or_two_digits)
        .ok_or(EXPECTED_QUARTER)?;
    let number = u8::try_from(number).map_err(|_| EXPECTED_QUARTER)?;
    let year = year.strip_prefix("fy").map_or(year, str::trim_start);
    let period = if let Some(calendar) = four_digits(year) {
        Period::quarter(calendar, number)
    } else {
        let (a, b) = year
            .split_once('/')
            .or_else(|| year.split_once('-'))
            .ok_or(EXPECTED_QUARTER)?;
        let start = financial_start(a, b).ok_or(EXPECTED_QUARTER)?;
        Period::financial_quarter(start, number)
    };
    period
        .map(|p| vec![Reading::sure(p)])
        .ok_or(EXPECTED_QUARTER)
}

/// `Jan 2023`, `January 2023`, `Sept 2023`, and the day label `31 Mar 2003`.
fn spaced_date(s: &str) -> Result<Period, &'static str> {
    let words: Vec<&str> = s.split(' ').collect();
    match words.as_slice() {
        [_, _] => month_and_year(s).map(Period::Month).ok_or(EXPECTED_MONTH),
        [day, month, year] => {
            let day = one_or_two_digits(day).ok_or(EXPECTED_PERIOD)?;
            let month = month_number(month).ok_or(EXPECTED_PERIOD)?;
            let year = four_digits(year).ok_or(EXPECTED_PERIOD)?;
            let day = u8::try_from(day).map_err(|_| EXPECTED_PERIOD)?;
            Period::day(year, month, day).ok_or(EXPECTED_PERIOD)
        }
        _ => Err(EXPECTED_PERIOD),
    }
}

/// A month name with a year: `Jan 2023`, `Jan '23`, `Jan-23`, `Jan-2023`.
fn month_and_year(s: &str) -> Option<Month> {
    let (name, year) = s.split_once(' ').or_else(|| s.split_once('-'))?;
    let month = month_number(name)?;
    let year = year.strip_prefix('\'').map_or_else(
        || four_digits(year).or_else(|| two_digit_year(year)),
        two_digit_year,
    )?;
    Month::new(year, month)
}

/// Excel's window for two-digit years: 00–29 are 2000s, 30–99 are 1900s.
fn two_digit_year(text: &str) -> Option<u16> {
    let yy = year_digits(text)?;
    Some(if yy < 30 { 2000 + yy } else { 1900 + yy })
}

fn month_number(name: &str) -> Option<u8> {
    const NAMES: [(&str, &str); 12] = [
        ("jan", "january"),
        ("feb", "february"),
        ("mar", "march"),
        ("apr", "april"),
        ("may", "may"),
        ("jun", "june"),
        ("jul", "july"),
        ("aug", "august"),
        ("sep", "september"),
        ("oct", "october"),
        ("nov", "november"),
        ("dec", "december"),
    ];
    let name = if name == "sept" { "sep" } else { name };
    let index = NAMES
        .iter()
        .position(|(short, long)| name == *short || name == *long)?;
    u8::try_from(index + 1).ok()
}

/// Splits `a?b?c` on the first separator character when exactly three parts result.
fn split_three(s: &str) -> Option<[&str; 3]> {
    let separator = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut parts = s.split(separator);
    let parts = [parts.next()?, parts.next()?, parts.next()?];
    match s.split(separator).count() {
        3 => Some(parts),
        _ => None,
    }
}

/// `2023-01-31` (year first) or `31/03/2003`, `31-03-2003`, `31.03.2003` (day first; never
/// month first, so `12/31/2023` is refused rather than read the American way).
fn three_part_date([a, b, c]: [&str; 3]) -> Result<Period, &'static str> {
    if let Some(year) = four_digits(a) {
        let month = exactly_digits(b, 2).ok_or(EXPECTED_ISO_DATE)?;
        let day = exactly_digits(c, 2).ok_or(EXPECTED_ISO_DATE)?;
        return date(year, month, day).ok_or(EXPECTED_ISO_DATE);
    }
    let day = one_or_two_digits(a).ok_or(EXPECTED_DAY_FIRST)?;
    let month = one_or_two_digits(b).ok_or(EXPECTED_DAY_FIRST)?;
    let year = four_digits(c).ok_or(EXPECTED_DAY_FIRST)?;
    date(year, month, day).ok_or(EXPECTED_DAY_FIRST)
}

fn date(year: u16, month: u16, day: u16) -> Option<Period> {
    Period::day(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
}

/// `01/2023` (month) or `2017/18`, `2017/2018` (financial year).
fn slashed_pair(a: &str, b: &str) -> Result<Vec<Reading>, &'static str> {
    if let Some(month) = one_or_two_digits(a) {
        let year = four_digits(b).ok_or(EXPECTED_MONTH)?;
        let month = u8::try_from(month).map_err(|_| EXPECTED_MONTH)?;
        return Period::month(year, month)
            .map(|p| vec![Reading::sure(p)])
            .ok_or(EXPECTED_MONTH);
    }
    financial_start(a, b)
        .and_then(Period::financial_year)
        .map(|p| vec![Reading::sure(p)])
        .ok_or(EXPECTED_FINANCIAL_YEAR)
}

/// `2010-11` is a month, a financial year or (column only) pooled years; `Jan-23` is
/// Excel's month.
fn hyphenated_pair(a: &str, b: &str) -> Result<Vec<Reading>, &'static str> {
    if month_number(a).is_some() {
        return month_and_year(&format!("{a}-{b}"))
            .map(|m| vec![Reading::sure(Period::Month(m))])
            .ok_or(EXPECTED_MONTH);
    }
    let year = four_digits(a).ok_or(EXPECTED_PERIOD)?;
    let mut readings = Vec::new();
    if let Some(month) = exactly_digits(b, 2) {
        let as_month = u8::try_from(month)
            .ok()
            .and_then(|m| Period::month(year, m));
        readings.extend(as_month.map(Reading::sure));
    }
    if follows_on(year, b) {
        readings.extend(Period::financial_year(year).map(Reading::sure));
    }
    if let Some(last) = year_digits(b) {
        let pooled = Period::pooled_years(year, later_year(year, last));
        readings.extend(pooled.map(|period| Reading {
            period,
            column_only: true,
        }));
    }
    if readings.is_empty() {
        Err(EXPECTED_HYPHEN)
    } else {
        Ok(readings)
    }
}

/// `2019` (calendar year) or `201807` (the Met's month column headers).
fn digits_only(s: &str) -> Result<Period, &'static str> {
    if let Some(year) = four_digits(s) {
        return Period::calendar_year(year).ok_or(EXPECTED_PERIOD);
    }
    let (year, month) = (
        s.get(..4).and_then(four_digits),
        s.get(4..).and_then(|m| exactly_digits(m, 2)),
    );
    match (year, month) {
        (Some(year), Some(month)) => u8::try_from(month)
            .ok()
            .and_then(|m| Period::month(year, m))
            .ok_or(EXPECTED_MONTH),
        _ => Err(EXPECTED_PERIOD),
    }
}

/// The start year of a financial year written `2017`+`18` or `2017`+`2018`, when the two
/// years follow on.
fn financial_start(a: &str, b: &str) -> Option<u16> {
    let start = four_digits(a)?;
    follows_on(start, b).then_some(start)
}

/// Whether `b` (two or four digits) names the year after `start`.
fn follows_on(start: u16, b: &str) -> bool {
    let next = start + 1;
    exactly_digits(b, 2).is_some_and(|yy| yy == next % 100)
        || four_digits(b).is_some_and(|yyyy| yyyy == next)
}

/// A year written with two or four digits, as written (`17` or `2017`).
fn year_digits(text: &str) -> Option<u16> {
    exactly_digits(text, 2).or_else(|| four_digits(text))
}

/// What a year written after `first` means: a four-digit year is itself, two digits are
/// the first later year ending in them (`2015 - 17` is 2015 to 2017, `1998 - 01` is 1998
/// to 2001).
fn later_year(first: u16, written: u16) -> u16 {
    if written >= 100 {
        return written;
    }
    let candidate = first - first % 100 + written;
    if candidate > first {
        candidate
    } else {
        candidate.saturating_add(100)
    }
}

fn four_digits(text: &str) -> Option<u16> {
    exactly_digits(text, 4)
}

fn one_or_two_digits(text: &str) -> Option<u16> {
    exactly_digits(text, 1).or_else(|| exactly_digits(text, 2))
}

/// The value of exactly `count` ASCII digits (`parse` alone would accept a `+` sign).
fn exactly_digits(text: &str, count: usize) -> Option<u16> {
    (text.len() == count && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

// ---- Date-times and UK local time ----

const SECONDS_PER_DAY: i64 = 86_400;
const FIRST_YEAR_OF_CURRENT_RULE: i64 = 1996;

fn is_datetime_shaped(s: &str) -> bool {
    let date_part = s.get(..10).is_some_and(|d| split_three(d).is_some());
    let separator = s.get(10..11).is_some_and(|c| c == "t" || c == " ");
    date_part && separator && s.len() > 11
}

/// `2023-03-26T00:30:00+00:00`, `…Z`, `…+0100`, or no offset (already UK local time).
fn datetime(s: &str) -> Result<Period, &'static str> {
    let (date_part, rest) = (s.get(..10), s.get(11..));
    let (Some(date_part), Some(rest)) = (date_part, rest) else {
        return Err(EXPECTED_DATETIME);
    };
    let [y, m, d] = split_three(date_part).ok_or(EXPECTED_DATETIME)?;
    let Ok(Period::Day(local_or_utc)) = three_part_date([y, m, d]) else {
        return Err(EXPECTED_DATETIME);
    };
    let zone_at = rest.find(['z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = (rest.get(..zone_at), rest.get(zone_at..));
    let (Some(time), Some(zone)) = (time, zone) else {
        return Err(EXPECTED_DATETIME);
    };
    let seconds = seconds_of_day(time.trim_end()).ok_or(EXPECTED_DATETIME)?;
    if zone.is_empty() {
        return Ok(Period::Day(local_or_utc));
    }
    let offset = zone_offset_seconds(zone).ok_or(EXPECTED_DATETIME)?;
    let utc = days_since_epoch(local_or_utc) * SECONDS_PER_DAY + seconds - offset;
    let local = utc_to_uk_local(utc).ok_or(EXPECTED_DATETIME_1996)?;
    date_from_days(local.div_euclid(SECONDS_PER_DAY))
        .map(Period::Day)
        .ok_or(EXPECTED_DATETIME)
}

/// `13:06`, `13:06:00` or `13:06:00.123`; fractions of a second cannot change the date.
fn seconds_of_day(time: &str) -> Option<i64> {
    let mut parts = time.split(':');
    let hours = exactly_digits(parts.next()?, 2)?;
    let minutes = exactly_digits(parts.next()?, 2)?;
    let seconds = match parts.next() {
        None => 0,
        Some(s) => {
            let whole = s.split_once('.').map_or(s, |(whole, fraction)| {
                if fraction.bytes().all(|b| b.is_ascii_digit()) && !fraction.is_empty() {
                    whole
                } else {
                    "x"
                }
            });
            exactly_digits(whole, 2)?
        }
    };
    let valid = parts.next().is_none() && hours < 24 && minutes < 60 && seconds <= 60;
    valid.then(|| i64::from(hours) * 3600 + i64::from(minutes) * 60 + i64::from(seconds))
}

/// `z`, `+01:00`, `-0530`, `+01`.
fn zone_offset_seconds(zone: &str) -> Option<i64> {
    if zone == "z" {
        return Some(0);
    }
    let (sign, digits) = if let Some(rest) = zone.strip_prefix('+') {
        (1, rest)
    } else {
        (-1, zone.strip_prefix('-')?)
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (exactly_digits(h, 2)?, exactly_digits(m, 2)?),
        None if digits.len() == 4 => (
            digits.get(..2).and_then(|h| exactly_digits(h, 2))?,
            digits.get(2..).and_then(|m| exactly_digits(m, 2))?,
        ),
        None => (exactly_digits(digits, 2)?, 0),
    };
    (hours < 24 && minutes < 60).then(|| sign * (i64::from(hours) * 3600 + i64::from(minutes) * 60))
}

/// Whether British Summer Time is in force at a UTC instant given as a UTC date and
/// seconds since its midnight: from 01:00 UTC on the last Sunday of March until 01:00 UTC
/// on the last Sunday of October. `None` before 1996, when other rules applied.
pub fn uk_summer_time_in_force(utc_date: Date, utc_seconds_of_day: u32) -> Option<bool> {
    let instant = days_since_epoch(utc_date) * SECONDS_PER_DAY + i64::from(utc_seconds_of_day);
    summer_time_at(instant)
}

fn summer_time_at(utc: i64) -> Option<bool> {
    let (year, _, _) = civil_from_days(utc.div_euclid(SECONDS_PER_DAY));
    if year < FIRST_YEAR_OF_CURRENT_RULE {
        return None;
    }
    let starts = last_sunday(year, 3, 31) * SECONDS_PER_DAY + 3600;
    let ends = last_sunday(year, 10, 31) * SECONDS_PER_DAY + 3600;
    Some(starts <= utc && utc < ends)
}

/// Seconds since 1970 in UK local time for a UTC instant (same scale, shifted by BST).
fn utc_to_uk_local(utc: i64) -> Option<i64> {
    let shift = if summer_time_at(utc)? { 3600 } else { 0 };
    Some(utc + shift)
}

fn last_sunday(year: i64, month: i64, last_day: i64) -> i64 {
    let days = days_from_civil(year, month, last_day);
    // 1 January 1970 (day 0) was a Thursday, so (days + 4) mod 7 counts from Sunday.
    days - (days + 4).rem_euclid(7)
}

fn days_since_epoch(date: Date) -> i64 {
    days_from_civil(
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    )
}

fn date_from_days(days: i64) -> Option<Date> {
    let (year, month, day) = civil_from_days(days);
    Date::new(
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date, counting years from 1 March so
/// the leap day falls at the end of the counting year.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days_since_1970() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(19_388), (2023, 1, 31));
        // 26 March 2023 was a Sunday, the last in March.
        assert_eq!(last_sunday(2023, 3, 31), days_from_civil(2023, 3, 26));
        assert_eq!(last_sunday(2023, 10, 31), days_from_civil(2023, 10, 29));
    }

    #[test]
    fn normalising_cells() {
        assert_eq!(normalise("  Jan \r\n 2023 "), "jan 2023");
        assert_eq!(normalise("2017/18 [note 3]"), "2017/18");
        assert_eq!(normalise("2017/18 [Note 3][note 4]"), "2017/18");
        assert_eq!(normalise("2017/18 [r]"), "2017/18 [r]");
        assert_eq!(normalise("Apr \u{2019}08"), "apr '08");
    }

    proptest! {
        #[test]
        fn civil_days_round_trip(days in -800_000i64..3_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
