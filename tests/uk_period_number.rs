//! How UK public-sector files write periods and numbers: every format and marker the
//! readers accept, real values from the project's files, and properties over all periods.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use safer_trends::ingest::uk_number::{
    CountValue, MissingReason, NumberProblem, Value, parse_count, parse_value,
};
use safer_trends::ingest::uk_period::{parse_period, parse_period_column, uk_summer_time_in_force};
use safer_trends::model::{Date, Month, Period, PeriodKind};

fn p(text: &str) -> Period {
    parse_period(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn month(year: u16, m: u8) -> Period {
    Period::month(year, m).unwrap()
}

fn day(year: u16, m: u8, d: u8) -> Period {
    Period::day(year, m, d).unwrap()
}

fn err(text: &str) -> String {
    parse_period(text)
        .map(|p| panic!("{text:?} should be refused, read as {p:?}"))
        .unwrap_err()
        .to_string()
}

// ---- Months ----

#[test]
fn months_in_every_written_form() {
    let jan = month(2023, 1);
    for text in [
        "2023-01",
        "202301",
        "01/2023",
        "1/2023",
        "Jan 2023",
        "January 2023",
        "JAN 2023",
        "january\n2023",
        "  Jan   2023 ",
        "Jan-23",
        "jan-2023",
        "Jan\u{a0}2023",
    ] {
        assert_eq!(p(text), jan, "{text:?}");
    }
    assert_eq!(p("Sept 2023"), month(2023, 9));
    assert_eq!(p("Sep 2023"), month(2023, 9));
    assert_eq!(p("September 2023"), month(2023, 9));
    // Excel's two-digit window: 00–29 are 2000s, 30–99 are 1900s.
    assert_eq!(p("Dec-99"), month(1999, 12));
    assert_eq!(p("Mar-29"), month(2029, 3));
}

#[test]
fn met_column_headers_are_months() {
    // London Datastore MPS borough files: one column per month, headed YYYYMM (201807..).
    assert_eq!(p("201807"), month(2018, 7));
    assert_eq!(p("201701"), month(2017, 1));
    let headers = [
        "201807", "201808", "201809", "201810", "201811", "201812", "201901",
    ];
    let periods = parse_period_column(&headers).unwrap();
    assert_eq!(periods.first().unwrap().kind(), PeriodKind::Month);
    assert_eq!(periods.last().unwrap(), &month(2019, 1));
    assert!(
        parse_period("201813")
            .unwrap_err()
            .to_string()
            .contains("month")
    );
}

#[test]
fn months_that_do_not_exist_are_refused() {
    for bad in [
        "2023-13", "2023-00", "0000-01", "13/2023", "Jam 2023", "202300", "Jan 23x",
    ] {
        let message = err(bad);
        assert!(message.contains("expected"), "{bad}: {message}");
        assert!(message.contains(bad.trim()), "{bad}: {message}");
    }
}

// ---- Days ----

#[test]
fn day_first_dates_in_every_separator() {
    let date = day(2023, 4, 3);
    for text in [
        "03/04/2023",
        "3/4/2023",
        "03-04-2023",
        "03.04.2023",
        "3 Apr 2023",
    ] {
        assert_eq!(p(text), date, "{text:?}");
    }
}

#[test]
fn home_office_day_first_dates() {
    // rec-crime-pfa.csv (Home Office, per tests/data/SOURCES.md) writes '31-03-2003'.
    let period = p("31-03-2003");
    assert_eq!(period, day(2003, 3, 31));
    assert_eq!(period.label(), "31 Mar 2003");
    assert_eq!(period.first_month(), Month::new(2003, 3).unwrap());
}

#[test]
fn american_month_first_dates_are_refused() {
    assert_eq!(
        err("12/31/2023"),
        "expected a date written day-first (dd/mm/yyyy), found \"12/31/2023\""
    );
    assert!(err("30/02/2023").contains("day-first"));
    assert!(err("29.02.2023").contains("day-first"));
    assert_eq!(p("29/02/2024"), day(2024, 2, 29));
}

#[test]
fn iso_dates() {
    assert_eq!(p("2023-01-31"), day(2023, 1, 31));
    assert!(err("2023-02-30").contains("yyyy-mm-dd"));
    assert!(err("2023-1-31").contains("yyyy-mm-dd"));
}

// ---- Date-times and UK local time ----

#[test]
fn datetimes_take_the_uk_local_date() {
    // Winter: UTC is UK time.
    assert_eq!(p("2023-01-31T23:30:00+00:00"), day(2023, 1, 31));
    assert_eq!(p("2023-01-31T23:30:00Z"), day(2023, 1, 31));
    // Summer: 23:30 UTC on 30 June is 00:30 BST on 1 July, so it counts in July.
    assert_eq!(p("2023-06-30T23:30:00+00:00"), day(2023, 7, 1));
    assert_eq!(p("2023-06-30T23:30:00Z"), day(2023, 7, 1));
    // An offset other than UTC is undone first: 00:30+02:00 is 22:30 UTC the day before.
    assert_eq!(p("2023-01-01T00:30:00+02:00"), day(2022, 12, 31));
    assert_eq!(p("2023-01-31T20:00:00-05:00"), day(2023, 2, 1));
    assert_eq!(p("2023-01-31T20:00:00-0500"), day(2023, 2, 1));
    assert_eq!(p("2023-07-01T00:30:00+01:00"), day(2023, 7, 1));
    // Without an offset the time is already UK local.
    assert_eq!(p("2023-06-30T23:30:00"), day(2023, 6, 30));
    assert_eq!(p("2023-06-30 23:30"), day(2023, 6, 30));
    assert_eq!(p("2023-06-30T23:30:00.250Z"), day(2023, 7, 1));
}

#[test]
fn datetime_mistakes_are_refused() {
    for bad in [
        "2023-01-31T24:00:00Z",
        "2023-01-31T12:60:00Z",
        "2023-01-31T12:00:00+25:00",
        "2023-01-31T12",
        "2023-01-31Tnoon",
    ] {
        assert!(err(bad).contains("date and time"), "{bad}: {}", err(bad));
    }
    // Earlier UK summer-time rules are out of scope: refused rather than guessed.
    assert!(err("1995-06-30T23:30:00Z").contains("1996"));
    assert_eq!(p("1995-06-30T23:30:00"), day(1995, 6, 30));
}

#[test]
fn summer_time_starts_and_ends_at_one_am_utc() {
    let at = |y, m, d, h: u32, min: u32, s: u32| {
        uk_summer_time_in_force(Date::new(y, m, d).unwrap(), h * 3600 + min * 60 + s).unwrap()
    };
    // 2023: last Sundays are 26 March and 29 October.
    assert!(!at(2023, 3, 26, 0, 59, 59));
    assert!(at(2023, 3, 26, 1, 0, 0));
    assert!(at(2023, 10, 29, 0, 59, 59));
    assert!(!at(2023, 10, 29, 1, 0, 0));
    // 1996, the first year of the current rule: 31 March and 27 October.
    assert!(!at(1996, 3, 31, 0, 59, 59));
    assert!(at(1996, 3, 31, 1, 0, 0));
    assert!(at(1996, 10, 27, 0, 59, 59));
    assert!(!at(1996, 10, 27, 1, 0, 0));
    // 2024: 31 March and 27 October; the Sunday before is not it.
    assert!(!at(2024, 3, 24, 12, 0, 0));
    assert!(at(2024, 3, 31, 1, 0, 0));
    assert!(!at(2024, 10, 27, 1, 0, 0));
    assert!(at(2024, 8, 1, 12, 0, 0));
    assert!(!at(2024, 12, 1, 12, 0, 0));
    assert_eq!(
        uk_summer_time_in_force(Date::new(1995, 7, 1).unwrap(), 0),
        None
    );
}

#[test]
fn transition_instants_in_datetimes() {
    // 00:59:59 UTC on 26 March 2023 is still GMT; one second later it is 02:00 BST.
    // Near midnight the BST hour moves the date, so these pin where the rule applies.
    assert_eq!(p("2023-03-25T23:30:00Z"), day(2023, 3, 25));
    assert_eq!(p("2023-03-26T23:30:00Z"), day(2023, 3, 27));
    assert_eq!(p("2023-03-26T00:30:00+00:00"), day(2023, 3, 26));
    // 29 October 2023: 23:30 UTC on the 28th is 00:30 BST on the 29th; 23:30 UTC on the
    // 29th is after the 01:00 UTC change, so GMT, still the 29th.
    assert_eq!(p("2023-10-28T23:30:00Z"), day(2023, 10, 29));
    assert_eq!(p("2023-10-29T23:30:00Z"), day(2023, 10, 29));
    // Month ends: 31 March 23:30 UTC after the change is 1 April; 31 October after the
    // change back stays in October.
    assert_eq!(p("2023-03-31T23:30:00Z"), day(2023, 4, 1));
    assert_eq!(p("2023-10-31T23:30:00Z"), day(2023, 10, 31));
    // 2024: the change was on 31 March, so 00:30 UTC that day is still GMT, March.
    assert_eq!(p("2024-03-31T00:30:00Z"), day(2024, 3, 31));
    assert_eq!(p("2024-03-30T23:30:00Z"), day(2024, 3, 30));
}

#[test]
fn stop_and_search_datetimes_bucket_into_january_2023() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/police-stop-search/2023-01-city-of-london-stop-and-search.csv"
    );
    let mut reader = csv::Reader::from_path(path).unwrap();
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "Date")
        .unwrap();
    let cells: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[column].to_owned())
        .collect();
    assert_eq!(cells.len(), 165);
    let periods = parse_period_column(&cells).unwrap();
    let january = Month::new(2023, 1).unwrap();
    assert!(periods.iter().all(|p| p.kind() == PeriodKind::Day));
    assert!(periods.iter().all(|p| p.first_month() == january));
    assert_eq!(p("2023-01-01T02:56:25+00:00"), day(2023, 1, 1));
    assert_eq!(p("2023-01-31T13:06:00+00:00"), day(2023, 1, 31));
}

// ---- Years, financial years and quarters ----

#[test]
fn calendar_years() {
    let period = p("2019");
    assert_eq!(period, Period::calendar_year(2019).unwrap());
    assert_eq!(period.label(), "2019");
    // Fingertips files (per SOURCES.md) use '2014' alongside financial years.
    assert_eq!(p("2014").first_month(), Month::new(2014, 1).unwrap());
    assert!(err("0000").contains("expected"));
}

#[test]
fn financial_years_in_every_written_form() {
    let fy = Period::financial_year(2017).unwrap();
    for text in [
        "2017/18",
        "2017-18",
        "2017/2018",
        "2017-2018",
        "FY2017/18",
        "FY 2017-18",
        "fy2017/2018",
        "2017/18 [note 3]",
        "2017/18[note 3] [note 12]",
    ] {
        assert_eq!(p(text), fy, "{text:?}");
    }
    assert_eq!(fy.first_month(), Month::new(2017, 4).unwrap());
    assert_eq!(fy.last_month(), Month::new(2018, 3).unwrap());
    // Council files (Trafford Data Lab, per SOURCES.md) write '2008/09'.
    assert_eq!(p("2008/09").label(), "2008/09");
    assert_eq!(p("1999/00").last_month(), Month::new(2000, 3).unwrap());
    // FY forces the financial reading of a cell that would otherwise be a month.
    assert_eq!(p("FY 2010-11"), Period::financial_year(2010).unwrap());
}

#[test]
fn financial_year_mistakes_are_refused() {
    assert!(err("2017/19").contains("financial year"));
    assert!(err("FY2017").contains("financial year"));
    assert!(err("FY Jan 2023").contains("financial year"));
    // Strict: explanatory notes other than footnote markers are not ignored.
    assert!(err("2017/18 (provisional)").contains("expected"));
}

#[test]
fn financial_quarters() {
    let q3 = Period::financial_quarter(2017, 3).unwrap();
    for text in [
        "2017/18 Q3",
        "Q3 2017/18",
        "2017-18 Q3",
        "q3 2017-18",
        "FY 2017/18 Q3",
    ] {
        assert_eq!(p(text), q3, "{text:?}");
    }
    assert_eq!(q3.first_month(), Month::new(2017, 10).unwrap());
    assert_eq!(q3.last_month(), Month::new(2017, 12).unwrap());
    let q4 = p("2017/18 Q4");
    assert_eq!(q4.first_month(), Month::new(2018, 1).unwrap());
    assert_eq!(q4.last_month(), Month::new(2018, 3).unwrap());
    assert_eq!(p("2017/18 Q1").first_month(), Month::new(2017, 4).unwrap());
    assert!(err("2017/18 Q5").contains("quarter"));
}

#[test]
fn calendar_quarters() {
    let q1 = Period::quarter(2023, 1).unwrap();
    assert_eq!(p("2023 Q1"), q1);
    assert_eq!(p("Q1 2023"), q1);
    assert_eq!(p("q1\n2023"), q1);
    assert_eq!(q1.last_month(), Month::new(2023, 3).unwrap());
    assert!(err("Q0 2023").contains("quarter"));
    assert!(err("Q1 23").contains("quarter"));
}

// ---- Rolling 12 months and pooled years ----

#[test]
fn rolling_twelve_months() {
    let ye = Period::rolling12_ending(Month::new(2009, 3).unwrap()).unwrap();
    for text in [
        "Apr '08 to Mar '09",
        "Apr \u{2019}08 to Mar \u{2019}09",
        "Apr 2008 to Mar 2009",
        "April 2008 to March 2009",
        "Year ending Mar 2009",
        "YE Mar 2009",
        "year ending March 2009",
    ] {
        assert_eq!(p(text), ye, "{text:?}");
    }
    assert_eq!(ye.first_month(), Month::new(2008, 4).unwrap());
    assert_eq!(ye.label(), "Apr 2008 to Mar 2009");
    assert!(err("Apr 2008 to Jun 2009").contains("12-month"));
    assert!(err("Year ending 2009").contains("12-month"));
}

#[test]
fn pooled_years() {
    let pooled = Period::pooled_years(2015, 2017).unwrap();
    assert_eq!(p("2015 - 17"), pooled);
    assert_eq!(p("2015 - 2017"), pooled);
    assert_eq!(p("2015 \u{2013} 17"), pooled);
    assert_eq!(pooled.first_month(), Month::new(2015, 1).unwrap());
    assert_eq!(pooled.last_month(), Month::new(2017, 12).unwrap());
    assert_eq!(p("1998 - 00"), Period::pooled_years(1998, 2000).unwrap());
    let financial = p("2015/16 - 17/18");
    assert_eq!(
        financial,
        Period::pooled_financial_years(2015, 2017).unwrap()
    );
    assert_eq!(financial.first_month(), Month::new(2015, 4).unwrap());
    assert_eq!(financial.last_month(), Month::new(2018, 3).unwrap());
    assert!(err("2015/16 - 17/19").contains("pooled"));
    assert!(err("2017 - 15").contains("pooled"));
}

#[test]
fn unspaced_pooled_years_need_a_column() {
    let message = err("2015-17");
    assert!(message.contains("2015 - 17"), "{message}");
    let column = parse_period_column(&["2013-15", "2014-16", "2015-17"]).unwrap();
    assert_eq!(column[2], Period::pooled_years(2015, 2017).unwrap());
    // '2015-16' alone is a financial year; beside '2015-17' the column is pooled years.
    assert_eq!(p("2015-16"), Period::financial_year(2015).unwrap());
    let column = parse_period_column(&["2015-16", "2015-17"]).unwrap();
    assert_eq!(column[0], Period::pooled_years(2015, 2016).unwrap());
}

// ---- One reading per column ----

#[test]
fn the_column_decides_what_2010_11_means() {
    let months = parse_period_column(&["2010-11", "2010-12", "2011-01"]).unwrap();
    assert_eq!(months[0], month(2010, 11));
    let years = parse_period_column(&["2010-11", "2011-12", "2012-13"]).unwrap();
    assert_eq!(years[0], Period::financial_year(2010).unwrap());
    let mixed = parse_period_column(&["2010-11", "2012/13"]).unwrap();
    assert_eq!(mixed[0], Period::financial_year(2010).unwrap());
    // Both readings fit: different values are financial years (2008-09 … 2011-12 all
    // look like months too), one repeated value is a police.uk month.
    let both = parse_period_column(&["2008-09", "2009-10", "2010-11", "2011-12"]).unwrap();
    assert!(both.iter().all(|p| p.kind() == PeriodKind::FinancialYear));
    let police = parse_period_column(&["2011-12", "2011-12", "2011-12"]).unwrap();
    assert!(police.iter().all(|p| *p == month(2011, 12)));
    // A lone cell is read the police.uk way.
    assert_eq!(p("2010-11"), month(2010, 11));
}

#[test]
fn a_column_with_no_single_reading_names_the_first_misfit() {
    let error = parse_period_column(&["2010-11", "2010-12", "2012-13"]).unwrap_err();
    assert_eq!(error.index, 2);
    assert_eq!(error.error.found, "2012-13");
    let message = error.to_string();
    assert!(message.contains("cell 3"), "{message}");
    assert!(message.contains("a month"), "{message}");
    let error = parse_period_column(&["2023-01", "2023-01-15"]).unwrap_err();
    assert_eq!(error.index, 1);
    let error = parse_period_column(&["2023-01", "nonsense", "2023-02"]).unwrap_err();
    assert_eq!(error.index, 1);
    assert!(error.to_string().contains("\"nonsense\""));
    let empty: [&str; 0] = [];
    assert_eq!(parse_period_column(&empty).unwrap(), []);
}

#[test]
fn council_financial_year_column() {
    // Trafford Data Lab crime_rate.csv: 'period' holds financial years from '2008/09'.
    let cells = ["2008/09", "2009/10", "2010/11", "2017/18", "2018/19"];
    let periods = parse_period_column(&cells).unwrap();
    assert!(
        periods
            .iter()
            .all(|p| p.kind() == PeriodKind::FinancialYear)
    );
    assert_eq!(periods[0].label(), "2008/09");
}

#[test]
fn errors_say_what_was_found_and_expected() {
    for bad in [
        "",
        "   ",
        "soon",
        "2023/01/01/01",
        "12abc",
        "Q1",
        "[note 3]",
    ] {
        let message = err(bad);
        assert!(message.starts_with("expected "), "{bad:?}: {message}");
        assert!(message.contains("found"), "{bad:?}: {message}");
    }
}

// ---- Numbers ----

fn num(text: &str) -> f64 {
    match parse_value(text, false) {
        Ok(Value::Number(n)) => n,
        other => panic!("{text:?}: {other:?}"),
    }
}

fn problem(text: &str, decimal_comma: bool) -> NumberProblem {
    parse_value(text, decimal_comma).unwrap_err().problem
}

#[test]
fn plain_and_grouped_numbers() {
    assert_eq!(num("1234"), 1234.0);
    assert_eq!(num("1,234"), 1234.0);
    assert_eq!(num("1,234,567.25"), 1_234_567.25);
    assert_eq!(num(" 12.5 "), 12.5);
    assert_eq!(num("\u{a0}42\u{a0}"), 42.0);
    assert_eq!(num(".5"), 0.5);
    assert_eq!(num("0"), 0.0);
    assert_eq!(num("1.5e3"), 1500.0);
    assert_eq!(num("2E-2"), 0.02);
    assert_eq!(num("+7"), 7.0);
    // Trafford Data Lab writes 17-significant-digit floats.
    assert_eq!(
        num("62.947215498871003"),
        "62.947215498871003".parse::<f64>().unwrap()
    );
}

#[test]
fn decimal_comma_numbers() {
    assert_eq!(parse_value("1.234,5", true).unwrap(), Value::Number(1234.5));
    assert_eq!(parse_value("12,5", true).unwrap(), Value::Number(12.5));
    assert_eq!(parse_value("12,5%", true).unwrap(), Value::Percentage(12.5));
    assert_eq!(problem("1.5", true), NumberProblem::MisplacedSeparator);
    assert_eq!(problem("1,2,3", true), NumberProblem::TwoDecimalPoints);
}

#[test]
fn negatives_percentages_and_pounds() {
    assert_eq!(num("(123)"), -123.0);
    assert_eq!(num("( 1,234.5 )"), -1234.5);
    assert_eq!(num("-3"), -3.0);
    assert_eq!(num("\u{2212}3"), -3.0);
    assert_eq!(num("£1,234"), 1234.0);
    assert_eq!(num("-£5"), -5.0);
    assert_eq!(num("£-5"), -5.0);
    assert_eq!(num("(£5)"), -5.0);
    assert_eq!(
        parse_value("12.5%", false).unwrap(),
        Value::Percentage(12.5)
    );
    assert_eq!(
        parse_value("-0.4 %", false).unwrap(),
        Value::Percentage(-0.4)
    );
    assert_eq!(parse_value("12.5%", false).unwrap().number(), Some(12.5));
}

#[test]
fn missing_markers_are_missing_with_a_reason_never_zero() {
    use MissingReason::*;
    let cases = [
        ("*", Suppressed),
        ("[c]", Suppressed),
        ("[C]", Suppressed),
        ("x", NotAvailable),
        ("X", NotAvailable),
        ("[x]", NotAvailable),
        ("..", NotAvailable),
        // Trafford Data Lab crime_rate.csv uses ':' for Greater Manchester 2017/18.
        (":", NotAvailable),
        ("[z]", NotApplicable),
        ("-", NilOrNotAvailable),
        ("\u{2013}", NilOrNotAvailable),
        ("[low]", TooSmall),
        ("[LOW]", TooSmall),
        ("", Empty),
        ("  ", Empty),
        (" : ", NotAvailable),
    ];
    for (text, reason) in cases {
        assert_eq!(
            parse_value(text, false).unwrap(),
            Value::Missing(reason),
            "{text:?}"
        );
        assert_eq!(
            parse_value(text, true).unwrap(),
            Value::Missing(reason),
            "{text:?}"
        );
        assert_eq!(
            parse_count(text).unwrap(),
            CountValue::Missing(reason),
            "{text:?}"
        );
        assert_eq!(parse_value(text, false).unwrap().number(), None);
    }
    assert_eq!(Suppressed.description(), "suppressed (confidential)");
}

#[test]
fn junk_is_refused_with_a_message() {
    assert_eq!(problem("12abc", false), NumberProblem::NotANumber);
    assert_eq!(problem("1.2.3", false), NumberProblem::TwoDecimalPoints);
    assert_eq!(problem("12,34", false), NumberProblem::MisplacedSeparator);
    assert_eq!(problem("1,2345", false), NumberProblem::MisplacedSeparator);
    assert_eq!(problem("1e400", false), NumberProblem::TooLarge);
    assert_eq!(problem("-1e400", false), NumberProblem::TooLarge);
    for junk in [
        "NaN", "inf", "infinity", "e5", "1e", "£", "%", "()", "-(3)", "--3", "1 234", "0x10", "[y]",
    ] {
        assert_eq!(problem(junk, false), NumberProblem::NotANumber, "{junk:?}");
    }
    let message = parse_value("12abc", false).unwrap_err().to_string();
    assert_eq!(
        message,
        "expected a number (like 1,234 or 12.5) or a missing-value marker (like [x] or ..), \
         found \"12abc\""
    );
    assert!(
        parse_value("1.2.3", false)
            .unwrap_err()
            .to_string()
            .contains("two decimal points")
    );
}

#[test]
fn counts() {
    assert_eq!(parse_count("1,234").unwrap(), CountValue::Count(1234));
    assert_eq!(parse_count("0").unwrap(), CountValue::Count(0));
    assert_eq!(parse_count("12.0").unwrap(), CountValue::Count(12));
    assert_eq!(
        parse_count("-3").unwrap_err().to_string(),
        "a count cannot be negative, found \"-3\""
    );
    assert_eq!(
        parse_count("(3)").unwrap_err().problem,
        NumberProblem::NegativeCount
    );
    assert_eq!(
        parse_count("2.5").unwrap_err().to_string(),
        "a count must be a whole number, found \"2.5\""
    );
    assert_eq!(
        parse_count("5%").unwrap_err().problem,
        NumberProblem::PercentageCount
    );
    assert_eq!(
        parse_count("1e20").unwrap_err().problem,
        NumberProblem::TooLarge
    );
    assert_eq!(
        parse_count("abc").unwrap_err().problem,
        NumberProblem::NotANumber
    );
}

/// Hostile counts (tests/data/hostile/README.md): never rounded, wrapped or read as zero.
#[test]
fn counts_an_f64_would_round_are_refused() {
    assert_eq!(
        parse_count("9007199254740991").unwrap(),
        CountValue::Count(9_007_199_254_740_991)
    );
    for (text, why) in [
        ("9007199254740992", NumberProblem::TooLarge),
        ("9007199254740993", NumberProblem::TooLarge),
        ("18446744073709551616", NumberProblem::TooLarge),
        ("1.0000000000000000001", NumberProblem::FractionalCount),
        ("4503599627370495.5", NumberProblem::FractionalCount),
        ("1e-400", NumberProblem::TooSmall),
    ] {
        assert_eq!(parse_count(text).unwrap_err().problem, why, "{text}");
    }
    assert_eq!(problem("1e-400", false), NumberProblem::TooSmall);
    assert_eq!(num("0.000e-999"), 0.0);
    assert!(
        parse_value("1e-400", false)
            .unwrap_err()
            .to_string()
            .contains("too close to zero")
    );
}

// ---- Properties ----

fn any_month() -> impl Strategy<Value = Month> {
    (1u16..=9999, 1u8..=12).prop_map(|(y, m)| Month::new(y, m).unwrap())
}

fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1u16..=9999, 1u8..=12, 1u8..=31)
            .prop_filter_map("date exists", |(y, m, d)| Period::day(y, m, d)),
        any_month().prop_map(Period::Month),
        (1u16..=9999, 1u8..=4).prop_map(|(y, q)| Period::quarter(y, q).unwrap()),
        (1u16..=9998).prop_map(|y| Period::financial_year(y).unwrap()),
        (1u16..=9998, 1u8..=4).prop_map(|(y, q)| Period::financial_quarter(y, q).unwrap()),
        (1u16..=9999).prop_map(|y| Period::calendar_year(y).unwrap()),
        any_month().prop_filter_map("starts in year 1", Period::rolling12_ending),
        (1u16..=9998, 1u16..=9)
            .prop_filter_map("ends by 9999", |(y, n)| Period::pooled_years(y, y + n)),
        (1u16..=9997, 1u16..=9).prop_filter_map("ends by 9998", |(y, n)| {
            Period::pooled_financial_years(y, y + n)
        }),
    ]
}

proptest! {
    #[test]
    fn every_period_round_trips_through_its_label(period in any_period()) {
        prop_assert_eq!(parse_period(&period.to_string()).unwrap(), period);
        prop_assert_eq!(parse_period(&period.label().to_uppercase()).unwrap(), period);
        prop_assert!(period.first_month() <= period.last_month());
    }

    #[test]
    fn order_is_by_first_month_then_span(a in any_period(), b in any_period()) {
        if a.first_month() != b.first_month() {
            prop_assert_eq!(a.cmp(&b), a.first_month().cmp(&b.first_month()));
        } else if a.last_month() != b.last_month() {
            prop_assert_eq!(a.cmp(&b), a.last_month().cmp(&b.last_month()));
        }
        prop_assert_eq!(a.cmp(&b) == std::cmp::Ordering::Equal, a == b);
    }

    #[test]
    fn period_parsing_never_panics(s in "\\PC{0,30}") {
        let _ = parse_period(&s);
        let _ = parse_period_column(&[s.as_str(), "2010-11"]);
    }

    #[test]
    fn period_parsing_never_panics_on_near_misses(s in "[0-9QqTtZz/.:+ '-]{0,26}") {
        let _ = parse_period(&s);
    }

    #[test]
    fn number_parsing_never_panics(s in "\\PC{0,20}", comma in any::<bool>()) {
        let _ = parse_value(&s, comma);
        let _ = parse_count(&s);
    }

    #[test]
    fn formatted_numbers_read_back(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
        prop_assert_eq!(parse_value(&x.to_string(), false).unwrap(), Value::Number(x));
        prop_assert_eq!(parse_value(&format!("{x:e}"), false).unwrap(), Value::Number(x));
        prop_assert_eq!(parse_value(&format!("{x}%"), false).unwrap(), Value::Percentage(x));
    }

    #[test]
    fn grouped_counts_read_back(n in 0u64..9_007_199_254_740_992) {
        let digits = n.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        prop_assert_eq!(parse_count(&grouped).unwrap(), CountValue::Count(n));
        prop_assert_eq!(parse_value(&grouped.replace(',', "."), true).unwrap(), Value::Number(n as f64));
    }

    #[test]
    fn markers_are_never_numbers(
        marker in prop::sample::select(vec!["*", "[c]", "x", "[x]", "..", ":", "[z]", "-", "[low]", ""]),
        upper in any::<bool>(),
        pad in "[ \u{a0}]{0,3}",
    ) {
        let cased = if upper { marker.to_uppercase() } else { marker.to_owned() };
        let text = format!("{pad}{cased}{pad}");
        prop_assert!(matches!(parse_value(&text, false).unwrap(), Value::Missing(_)));
        prop_assert!(matches!(parse_value(&text, true).unwrap(), Value::Missing(_)));
        prop_assert!(matches!(parse_count(&text).unwrap(), CountValue::Missing(_)));
    }
}
