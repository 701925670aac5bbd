//! Crime as a rate per 1,000 population: the loaded ONS mid-year estimates joined to the count
//! table's area, period by period, through [`crate::stats::rates`]. Which estimate each period
//! uses is part of every row, so the page can say it.

use std::borrow::Cow;

use super::detail::{Detail, SpcTable, span_words, spc_title, year_on_year_title};
use super::overview::OverviewRow;
use crate::charts::{
    Chart, ChartError, Frame, SpcSpec, TimeLine, TimeSeries, YearOnYear, spc_chart, thousands,
    time_series, year_on_year,
};
use crate::export::push_row;
use crate::ingest::formats::population::ALL_AGES;
use crate::model::{Content, CountTable, Dataset, Format, Granularity, Month, Period, PeriodTable};
use crate::stats::CannotCalculate;
use crate::stats::headline::{ALL_CATEGORIES, Polarity};
use crate::stats::intervals::{CountMethod, RateEstimate};
use crate::stats::rates::{Per, Population, PopulationUsed, crude_rate};
use crate::stats::spc::{self, SpcChart, SpcOptions};

/// Rates are per 1,000 people, as CSP reports give them.
pub const PER: Per = Per::Thousand;

/// Every all-ages, all-persons estimate in the loaded population files, by area and year.
pub fn population(dataset: &Dataset) -> Population {
    let mut population = Population::default();
    for file in dataset.files() {
        let Content::Series(set) = &file.content else {
            continue;
        };
        if file.format != Format::Population {
            continue;
        }
        for (key, points) in set.series() {
            if key.measure != ALL_AGES || key.breakdown.is_some() {
                continue;
            }
            for (period, figure) in points {
                if let (Period::CalendarYear(year), Some(persons)) = (period, figure.value) {
                    population.insert(
                        key.area.code.as_deref(),
                        &key.area.name,
                        year.year(),
                        persons,
                    );
                }
            }
        }
    }
    population
}

/// The area rates can be shown for, or why they cannot, in words for the page.
pub fn rate_area(table: &CountTable, population: &Population) -> Result<String, String> {
    if population.is_empty() {
        return Err(format!("{NO_POPULATION}."));
    }
    let Some(area) = table.area.clone() else {
        return Err(
            "Rates are for one area at a time, and all areas are shown: choose one area in \
             the Area filter (a rate needs that area's population)."
                .to_owned(),
        );
    };
    let latest = table
        .rows
        .last()
        .map(|r| Period::Month(r.month))
        .ok_or_else(|| "There are no crime counts to turn into rates.".to_owned())?;
    population
        .for_period(&area, latest)
        .map(|_| area.clone())
        .map_err(|e| format!("No rate for {area}: {}.", e.reason))
}

/// What the data panel and the rate choice say while no population file is loaded.
pub const NO_POPULATION: &str = "Add a population file to unlock rates: the ONS mid-year \
     population estimates (all ages, persons) for your area";

/// The rate of `count` crimes in `area` over `period`, with the estimate it used.
pub fn rate_for(
    count: u64,
    period: Period,
    area: &str,
    population: &Population,
) -> Result<(PopulationUsed, RateEstimate), String> {
    crude_rate(count, area, period, population, PER)
        .map(|r| (r.population, r.estimate))
        .map_err(|e| e.reason)
}

/// A rate as the page writes it: two decimals, enough to tell apart the monthly rates of a
/// small area, never so many that they suggest more precision than the count has.
pub fn rate_text(value: f64) -> String {
    format!("{value:.2}")
}

/// "61.30 to 77.10": the 95% confidence interval.
pub fn interval_text(estimate: &RateEstimate) -> String {
    format!(
        "{} to {}",
        rate_text(estimate.ci95.lower),
        rate_text(estimate.ci95.upper)
    )
}

/// "10,000 (mid-2023)", and the note when an earlier year's estimate stood in.
pub fn population_text(used: &PopulationUsed) -> String {
    let persons = thousands(used.persons.round().max(0.0) as u64);
    match &used.note {
        Some(note) => format!("{persons} (mid-{}; {note})", used.year),
        None => format!("{persons} (mid-{})", used.year),
    }
}

/// One crime type's rate in the latest complete period, for the overview.
#[derive(Debug, Clone, PartialEq)]
pub struct LatestRate {
    pub measure: String,
    pub latest: Option<(Period, u64)>,
    pub rate: Result<(PopulationUsed, RateEstimate), String>,
}

/// The overview's rows as rates: each row's latest complete period turned into a rate per
/// 1,000 with the estimate of that period's year.
pub fn latest_rates(rows: &[OverviewRow], area: &str, population: &Population) -> Vec<LatestRate> {
    rows.iter()
        .map(|row| LatestRate {
            measure: row.headline.category.clone(),
            latest: row.latest,
            rate: match row.latest {
                Some((period, count)) => rate_for(count, period, area, population),
                None => Err("there is no complete period to give a rate for".to_owned()),
            },
        })
        .collect()
}

/// Which estimates a list of rates used, for a caption ("mid-2023"; "mid-2022 and mid-2023").
pub fn estimates_named<'a>(used: impl Iterator<Item = &'a PopulationUsed>) -> String {
    let mut years: Vec<u16> = used.map(|u| u.year).collect();
    years.sort_unstable();
    years.dedup();
    let names: Vec<String> = years.iter().map(|y| format!("mid-{y}")).collect();
    match names.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

const RATE_COLUMNS: [&str; 11] = [
    "Area",
    "Crime type",
    "Period",
    "Count",
    "Population",
    "Mid-year estimate",
    "Rate per 1,000 population",
    "Lower 95% limit",
    "Upper 95% limit",
    "Interval method",
    "Note",
];

fn rate_cells(
    area: &str,
    measure: &str,
    period: Option<Period>,
    count: Option<u64>,
    rate: &Result<(PopulationUsed, RateEstimate), String>,
) -> Vec<String> {
    let mut cells = vec![
        area.to_owned(),
        measure.to_owned(),
        period.map(|p| p.label()).unwrap_or_default(),
        count.map(|c| c.to_string()).unwrap_or_default(),
    ];
    match rate {
        Ok((used, estimate)) => cells.extend([
            format!("{}", used.persons),
            format!("mid-{}", used.year),
            format!("{:.4}", estimate.value),
            format!("{:.4}", estimate.ci95.lower),
            format!("{:.4}", estimate.ci95.upper),
            match estimate.method {
                CountMethod::Exact => "exact Poisson",
                CountMethod::Byars => "Byar's",
            }
            .to_owned(),
            used.note.clone().unwrap_or_default(),
        ]),
        Err(why) => {
            cells.extend(std::iter::repeat_n(String::new(), 6));
            cells.push(format!("no rate: {why}"));
        }
    }
    cells
}

fn rates_csv(rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = String::new();
    push_row(&mut out, RATE_COLUMNS.into_iter().map(Cow::Borrowed));
    for cells in rows {
        push_row(&mut out, cells.into_iter().map(Cow::Owned));
    }
    out
}

/// The overview's rates as a CSV: one row per crime type, its latest period's count,
/// population and rate with its 95% limits (four decimals, so nothing is lost to display).
pub fn latest_rates_csv(area: &str, rates: &[LatestRate]) -> String {
    rates_csv(rates.iter().map(|r| {
        rate_cells(
            area,
            &r.measure,
            r.latest.map(|(p, _)| p),
            r.latest.map(|(_, c)| c),
            &r.rate,
        )
    }))
}

/// One measure's rates by period as a CSV, with the same columns.
pub fn rate_table_csv(table: &RateTable) -> String {
    rates_csv(table.rows.iter().map(|r| {
        rate_cells(
            &table.area,
            &table.measure,
            Some(r.period),
            r.count,
            &r.rate,
        )
    }))
}

/// The rate over time with its 95% confidence interval; a period with no rate is a gap.
pub fn rate_chart(
    table: &RateTable,
    noun: &str,
    id: &str,
    size: (u32, u32),
) -> Result<Chart, ChartError> {
    let periods: Vec<Period> = table.rows.iter().map(|r| r.period).collect();
    let span = span_words(
        periods.first().map(|p| p.label()),
        periods.last().map(|p| p.label()),
    );
    let frame = Frame::new(
        id,
        &format!(
            "{}, {}, rate {} by {noun}",
            table.measure,
            table.area,
            PER.words()
        ),
        size,
    )
    .with_caption(
        "police.uk street-level crime; ONS mid-year population estimates",
        &format!(
            "{} with its 95% confidence interval; populations: {}",
            table.area,
            table.populations_used()
        ),
        &span,
    );
    let estimate = |r: &RateRow| r.rate.as_ref().ok().map(|(_, e)| *e);
    let spec = TimeSeries {
        frame,
        periods,
        y_title: format!("Rate {}", PER.words()),
        decimals: 2,
        lines: vec![TimeLine {
            name: table.measure.clone(),
            values: table
                .rows
                .iter()
                .map(|r| estimate(r).map(|e| e.value))
                .collect(),
            interval: table
                .rows
                .iter()
                .map(|r| estimate(r).map(|e| (e.ci95.lower, e.ci95.upper)))
                .collect(),
        }],
        ..TimeSeries::default()
    };
    time_series(&spec)
}

/// One period's rate, or why it has none.
#[derive(Debug, Clone, PartialEq)]
pub struct RateRow {
    pub period: Period,
    /// `None` for a period the data only partly covers (no rate is given for it).
    pub count: Option<u64>,
    pub rate: Result<(PopulationUsed, RateEstimate), String>,
}

/// A measure's rates by period for one area.
#[derive(Debug, Clone, PartialEq)]
pub struct RateTable {
    pub area: String,
    pub measure: String,
    pub rows: Vec<RateRow>,
}

impl RateTable {
    /// Which mid-year estimates the rows use, for the caption: "mid-2023 for Jan 2023 to Dec
    /// 2023" (one phrase per run of periods on the same estimate).
    pub fn populations_used(&self) -> String {
        let mut runs: Vec<(u16, Period, Period)> = Vec::new();
        for row in &self.rows {
            let Ok((used, _)) = &row.rate else { continue };
            match runs.last_mut() {
                Some((year, _, last)) if *year == used.year => *last = row.period,
                _ => runs.push((used.year, row.period, row.period)),
            }
        }
        runs.iter()
            .map(|(year, first, last)| {
                if first == last {
                    format!("mid-{year} for {}", first.label())
                } else {
                    format!("mid-{year} for {} to {}", first.label(), last.label())
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The rate per 1,000 of `measure` (a crime type, or [`ALL_CATEGORIES`]) in each period.
pub fn rate_table(
    periods: &PeriodTable,
    measure: &str,
    area: &str,
    population: &Population,
) -> RateTable {
    let series = if measure == ALL_CATEGORIES {
        periods.totals()
    } else {
        periods
            .category_index(measure)
            .map(|i| periods.series(i))
            .unwrap_or_default()
    };
    let rows = series
        .into_iter()
        .map(|(period, count)| RateRow {
            period,
            count,
            rate: match count {
                None => Err("there is no complete count for this period".to_owned()),
                Some(n) => rate_for(n, period, area, population),
            },
        })
        .collect();
    RateTable {
        area: area.to_owned(),
        measure: measure.to_owned(),
        rows,
    }
}

const SOURCES: &str = "police.uk street-level crime; ONS mid-year population estimates";

/// A measure's SPC chart and year-on-year overlay as rates per 1,000, for the detail view.
#[derive(Debug, Clone, PartialEq)]
pub struct RateDetail {
    pub measure: String,
    pub area: String,
    pub granularity: Granularity,
    /// XmR of the complete periods' rates (a period without a rate is left out).
    pub spc: Result<SpcTable, CannotCalculate>,
    /// Which estimates the SPC's periods used, for its caption.
    pub spc_populations: String,
    /// Every month loaded, as a rate (`None` where there is no count or no rate).
    pub monthly: Vec<(Month, Option<f64>)>,
}

/// The SPC and overlay of `detail` (one area's figures) as rates, from `table` (the same
/// periods' rates, [`rate_table`]).
///
/// The SPC is an XmR chart of the rate series, as NHS "Making Data Count" charts rates, not a
/// u-chart. A u-chart's limits come from the Poisson variation of the counts alone; crime counts
/// vary more than that (seasons, operations, recording changes), so its limits would be too
/// narrow and flag most months. XmR takes its limits from the variation the series itself
/// shows, as the counts' SPC does, and within one area the population changes by a percent or
/// two a year, so the varying denominator a u-chart handles adds little. What the rate adds
/// over the count is that a growing population's extra crimes are not read as a rise.
pub fn rate_detail(detail: &Detail, table: &RateTable, population: &Population) -> RateDetail {
    let known: Vec<(Period, f64)> = table
        .rows
        .iter()
        .filter_map(|r| r.rate.as_ref().ok().map(|(_, e)| (r.period, e.value)))
        .collect();
    let complete = RateTable {
        rows: table
            .rows
            .iter()
            .filter(|r| r.rate.is_ok())
            .cloned()
            .collect(),
        ..table.clone()
    };
    let monthly = detail
        .monthly
        .iter()
        .map(|(m, count)| {
            let rate = count.and_then(|n| {
                rate_for(n, Period::Month(*m), &table.area, population)
                    .ok()
                    .map(|(_, e)| e.value)
            });
            (*m, rate)
        })
        .collect();
    RateDetail {
        measure: detail.measure.clone(),
        area: table.area.clone(),
        granularity: detail.granularity,
        spc: rate_spc(&known, detail.polarity),
        spc_populations: complete.populations_used(),
        monthly,
    }
}

fn rate_spc(known: &[(Period, f64)], polarity: Polarity) -> Result<SpcTable, CannotCalculate> {
    let values: Vec<f64> = known.iter().map(|(_, v)| *v).collect();
    let options = SpcOptions {
        improvement_direction: polarity.improvement_direction(),
        ..SpcOptions::default()
    };
    let chart = spc::xmr(&values, &options)?;
    Ok(SpcTable {
        points: known.iter().map(|(p, _)| *p).zip(chart.points).collect(),
        summary: chart.summary,
    })
}

/// "Burglary rate per 1,000": the measure as the rate charts name it.
pub fn rate_measure(measure: &str) -> String {
    format!("{measure} rate {}", PER.short())
}

/// The XmR chart of the rates, its title stating the signal as the counts' does.
pub fn rate_spc_chart(r: &RateDetail, id: &str, size: (u32, u32)) -> Result<Chart, String> {
    let table = r
        .spc
        .as_ref()
        .map_err(|why| format!("the SPC chart {why}"))?;
    let chart = SpcChart {
        points: table.points.iter().map(|(_, p)| p.clone()).collect(),
        summary: table.summary.clone(),
    };
    let periods: Vec<Period> = table.points.iter().map(|(p, _)| *p).collect();
    let noun = r.granularity.noun();
    let span = span_words(
        periods.first().map(|p| p.label()),
        periods.last().map(|p| p.label()),
    );
    let spec = SpcSpec {
        frame: Frame::new(id, &spc_title(&rate_measure(&r.measure), noun, table), size)
            .with_caption(
                SOURCES,
                &format!(
                    "{}; XmR chart of the rate {}; populations: {}",
                    r.area,
                    PER.words(),
                    r.spc_populations
                ),
                &span,
            ),
        periods,
        chart: &chart,
        y_title: format!("Crimes {} per {noun}", PER.short()),
        decimals: 2,
        target: None,
    };
    let mut chart = spc_chart(&spec).map_err(|e| e.to_string())?;
    // The table (and so the CSV) names its figures as rates, not as the counts' "Value".
    if let Some(value) = chart.table.columns.get_mut(1) {
        *value = format!("Rate {}", PER.words());
    }
    Ok(chart)
}

/// The months overlaid year on year as rates (financial years when shown by quarter or
/// financial year, as the counts' overlay).
pub fn rate_year_on_year(r: &RateDetail, id: &str, size: (u32, u32)) -> Result<Chart, ChartError> {
    let financial = r.granularity != Granularity::Month;
    let span = span_words(
        r.monthly.first().map(|(m, _)| m.label()),
        r.monthly.last().map(|(m, _)| m.label()),
    );
    let years = if financial {
        "financial years"
    } else {
        "calendar years"
    };
    let frame = Frame::new(
        id,
        &year_on_year_title(&rate_measure(&r.measure), &r.monthly, financial),
        size,
    )
    .with_caption(
        SOURCES,
        &format!("{}; rate {}", r.area, PER.words()),
        &format!("{span}, {years} compared"),
    );
    let mut chart = year_on_year(&YearOnYear {
        frame,
        series: r.monthly.clone(),
        financial,
        y_title: format!("Crimes {}", PER.short()),
        decimals: 2,
    })?;
    // Each year's column says its figures are rates ("2023, rate per 1,000 population").
    for year in chart.table.columns.iter_mut().skip(1) {
        *year = format!("{year}, rate {}", PER.words());
    }
    Ok(chart)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::{Granularity, Month, MonthlyCounts};

    fn table(area: Option<&str>) -> CountTable {
        let mut counts = MonthlyCounts::default();
        for (m, n) in [("2023-01", 30), ("2023-02", 12), ("2024-01", 9)] {
            let month = Month::parse_iso(m).unwrap();
            counts.add_count(month, "Burglary", n);
        }
        let mut t = CountTable::from_counts(&counts);
        t.area = area.map(str::to_owned);
        t
    }

    fn population() -> Population {
        let mut p = Population::default();
        p.insert(Some("E09000001"), "City of London", 2023, 8_600.0);
        p
    }

    #[test]
    fn rates_need_a_population_and_one_area() {
        assert!(rate_area(&table(Some("City of London")), &Population::default()).is_err());
        assert!(
            rate_area(&table(None), &population())
                .unwrap_err()
                .contains("Area filter")
        );
        assert!(
            rate_area(&table(Some("Westminster")), &population())
                .unwrap_err()
                .contains("Westminster")
        );
        assert_eq!(
            rate_area(&table(Some("City of London")), &population()).unwrap(),
            "City of London"
        );
    }

    #[test]
    fn each_period_says_which_estimate_it_used() {
        let periods = PeriodTable::from_months(&table(Some("City of London")), Granularity::Month);
        let t = rate_table(&periods, "Burglary", "City of London", &population());
        // By hand: 30 / 8,600 × 1,000 = 3.488…; a missing month has no count and no rate.
        let (used, rate) = t.rows[0].rate.clone().unwrap();
        assert_eq!(used.year, 2023);
        assert!((rate.value - 30.0 / 8.6).abs() < 1e-9);
        assert!(rate.ci95.lower < rate.value && rate.value < rate.ci95.upper);
        // 2024 has no estimate loaded: mid-2023 is used, and said.
        let last = t.rows.last().unwrap();
        assert_eq!(last.period, Period::month(2024, 1).unwrap());
        assert!(last.rate.as_ref().unwrap().0.note.is_some());
        assert_eq!(t.populations_used(), "mid-2023 for Jan 2023 to Jan 2024");
        let total = rate_table(&periods, ALL_CATEGORIES, "City of London", &population());
        assert_eq!(total.rows.len(), t.rows.len());
    }

    #[test]
    fn the_overview_gives_each_type_its_latest_periods_rate() {
        let months = table(Some("City of London"));
        let periods = PeriodTable::from_months(&months, Granularity::Month);
        let windows = crate::stats::headline::Windows::Relative(
            crate::stats::period_change::ComparisonKind::LatestMonthOnPreviousMonth,
        );
        let rows = crate::dashboard::overview::overview_rows(&months, &periods, windows, |_| {
            crate::stats::headline::Polarity::default()
        });
        let rates = latest_rates(&rows, "City of London", &population());
        // All recorded crime, then Burglary: both latest in Jan 2024 with 9 crimes, on mid-2023.
        assert_eq!(rates.len(), 2);
        for r in &rates {
            assert_eq!(r.latest, Some((Period::month(2024, 1).unwrap(), 9)));
            let (used, estimate) = r.rate.as_ref().unwrap();
            assert_eq!(used.year, 2023);
            // By hand: 9 / 8,600 × 1,000 = 1.0465…; below 10 events the limits are exact.
            assert_eq!(rate_text(estimate.value), "1.05");
            assert_eq!(estimate.method, CountMethod::Exact);
        }
        assert_eq!(
            estimates_named(
                rates
                    .iter()
                    .filter_map(|r| r.rate.as_ref().ok().map(|(u, _)| u))
            ),
            "mid-2023"
        );
        let csv = latest_rates_csv("City of London", &rates);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("Area,Crime type,Period,Count,Population,"));
        assert!(lines[2].starts_with("City of London,Burglary,Jan 2024,9,8600,mid-2023,1.0465,"));
        assert!(lines[2].contains("exact Poisson"));
        assert!(
            lines[2].ends_with(
                "no mid-2024 population for City of London was loaded; mid-2023 was used"
            )
        );
    }

    #[test]
    fn a_period_without_a_rate_says_why_in_the_csv() {
        let periods = PeriodTable::from_months(&table(Some("Westminster")), Granularity::Month);
        let t = rate_table(&periods, "Burglary", "Westminster", &population());
        let csv = rate_table_csv(&t);
        // Jan 2023 to Jan 2024 is 13 months, each a row, every one without a rate.
        assert_eq!(csv.lines().count(), 14);
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .ends_with("no rate: no population is loaded for Westminster")
        );
    }

    #[test]
    fn words_for_the_page() {
        let used = PopulationUsed {
            persons: 10_000.0,
            year: 2023,
            note: None,
        };
        assert_eq!(population_text(&used), "10,000 (mid-2023)");
        let (_, e) = rate_for(613, Period::month(2023, 1).unwrap(), "city of  london", &{
            let mut p = Population::default();
            p.insert(None, "City of London", 2023, 10_000.0);
            p
        })
        .unwrap();
        assert_eq!(rate_text(e.value), "61.30");
        // Byar's from 10 events, worked out by hand for O = 613, z = 1.959964:
        // 613 × (1 − 1/5517 − 1.959964/(3√613))³ / 10 = 56.55…
        let byars = |o: f64, sign: f64| {
            let z = 1.959_963_984_540_054;
            o * (1.0 - 1.0 / (9.0 * o) + sign * z / (3.0 * o.sqrt())).powi(3) / 10.0
        };
        assert!((e.ci95.lower - byars(613.0, -1.0)).abs() < 1e-9);
        assert!((e.ci95.upper - byars(614.0, 1.0)).abs() < 1e-9);
        assert_eq!(
            interval_text(&e),
            format!("{:.2} to {:.2}", byars(613.0, -1.0), byars(614.0, 1.0))
        );
        assert_eq!(
            estimates_named(
                [2024u16, 2023, 2024]
                    .iter()
                    .map(|y| PopulationUsed {
                        persons: 1.0,
                        year: *y,
                        note: None
                    })
                    .collect::<Vec<_>>()
                    .iter()
            ),
            "mid-2023 and mid-2024"
        );
    }

    #[test]
    fn the_rate_chart_has_its_interval_and_says_its_estimates() {
        let periods = PeriodTable::from_months(&table(Some("City of London")), Granularity::Month);
        let t = rate_table(&periods, "Burglary", "City of London", &population());
        let chart = rate_chart(&t, "month", "chart-rate", (880, 360)).unwrap();
        assert!(chart.svg.contains("<svg"));
        assert!(chart.title.contains("rate per 1,000 population"));
        assert!(chart.caption.contains("mid-2023 for Jan 2023 to Jan 2024"));
        assert_eq!(chart.table.rows.len(), t.rows.len());
    }

    #[test]
    fn the_spc_of_rates_is_an_xmr_of_the_rate_series_worked_by_hand() {
        let counts = [20u64, 24, 18, 22, 26, 20, 19, 23, 21, 25, 22, 20];
        let mut monthly = MonthlyCounts::default();
        for (i, n) in counts.iter().enumerate() {
            let month = Month::new(2023, i as u8 + 1).unwrap();
            monthly.add_count(month, "Burglary", *n);
        }
        let mut months = CountTable::from_counts(&monthly);
        months.area = Some("City of London".to_owned());
        let periods = PeriodTable::from_months(&months, Granularity::Month);
        let mut pop = Population::default();
        pop.insert(None, "City of London", 2023, 10_000.0);
        let windows = crate::stats::headline::Windows::Relative(
            crate::stats::period_change::ComparisonKind::LatestMonthOnPreviousMonth,
        );
        let d = crate::dashboard::detail::detail(
            &months,
            &periods,
            "Burglary",
            windows,
            Polarity::default(),
        )
        .unwrap();
        let table = rate_table(&periods, "Burglary", "City of London", &pop);
        let r = rate_detail(&d, &table, &pop);
        // By hand: rates are count / 10,000 × 1,000 = count / 10: 2.0, 2.4, 1.8, … 2.0.
        // Mean 260 / 12 / 10 = 2.1667. Moving ranges 0.4, 0.6, 0.4, 0.4, 0.6, 0.1, 0.4, 0.2,
        // 0.4, 0.3, 0.2: sum 4.0, mean 4.0 / 11 = 0.3636 (none above 3.267 × that, so none
        // screened out). Limits 2.1667 ± 2.66 × 0.3636 = 1.1994 to 3.1339.
        let spc = r.spc.as_ref().unwrap();
        assert_eq!(spc.points.len(), 12);
        assert!((spc.points[1].1.y - 2.4).abs() < 1e-9);
        assert!((spc.summary.last_mean - 26.0 / 12.0).abs() < 1e-9);
        let amr = 4.0 / 11.0;
        assert!((spc.summary.last_upl - (26.0 / 12.0 + 2.66 * amr)).abs() < 1e-6);
        assert!((spc.summary.last_lpl - (26.0 / 12.0 - 2.66 * amr)).abs() < 1e-6);
        assert_eq!(r.spc_populations, "mid-2023 for Jan 2023 to Dec 2023");
        let chart = rate_spc_chart(&r, "chart-spc", (880, 360)).unwrap();
        assert!(
            chart.title.contains("Burglary rate per 1,000"),
            "{}",
            chart.title
        );
        assert!(chart.caption.contains("rate per 1,000 population"));
        assert_eq!(chart.table.rows.len(), 12);
        assert!(
            chart
                .csv()
                .starts_with("Period,\"Rate per 1,000 population\",Mean,")
        );
        // The overlay: one year, so nothing to compare, but every month is a rate.
        assert_eq!(r.monthly.len(), 12);
        assert!((r.monthly[4].1.unwrap() - 2.6).abs() < 1e-9);
        let overlay = rate_year_on_year(&r, "chart-yoy", (880, 360)).unwrap();
        assert!(
            overlay.title.starts_with("Burglary rate per 1,000"),
            "{}",
            overlay.title
        );
        assert!(
            overlay
                .csv()
                .starts_with("Month,\"2023, rate per 1,000 population\"")
        );
    }

    #[test]
    fn the_overlay_compares_rates_not_counts_when_the_population_grew() {
        // The same 10 crimes each month of 2023 and 2024, and the population up from 10,000 to
        // 12,500: the count is level, the rate lower (1.0 to 0.8) in every month.
        let mut monthly = Vec::new();
        for year in [2023u16, 2024] {
            for m in 1..=12u8 {
                let rate = 10.0 / if year == 2023 { 10.0 } else { 12.5 };
                monthly.push((Month::new(year, m).unwrap(), Some(rate)));
            }
        }
        assert_eq!(
            year_on_year_title("Burglary rate per 1,000", &monthly, false),
            "Burglary rate per 1,000 lower than last year in 12 of 12 months"
        );
    }

    #[test]
    fn no_population_says_how_to_unlock_rates() {
        let why = rate_area(&table(Some("City of London")), &Population::default()).unwrap_err();
        assert!(why.starts_with("Add a population file to unlock rates"));
        assert!(
            rate_area(&table(None), &population())
                .unwrap_err()
                .contains("one area at a time")
        );
    }
}
