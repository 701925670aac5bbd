//! The Indicators view's figures, worked out from the loaded Fingertips exports: which areas
//! to show and in what order, each indicator's latest period, every area's comparison with
//! England (the "tartan rug"), and the specs of the spine, compare-areas, trend and funnel
//! charts for the chosen indicator and area. The page only displays these.
//!
//! Fingertips exports carry neither the indicator's polarity nor its comparison method, so
//! the polarity is the user's choice (lower is better unless they say otherwise, as for crime)
//! and every area is compared by Fingertips' method 1: England's value against the area's 95%
//! confidence interval. An area without an interval is "Not compared", as Fingertips shows it.

use std::collections::{BTreeMap, BTreeSet};

use crate::charts::{
    AreaBar, CompareAreas, Frame, FunnelLines, FunnelPlot, FunnelPoint, SpineRow, SpineSpec,
    TimeLine, TimeSeries,
};
use crate::ingest::formats::fingertips::{AreaLevel, SOURCE};
use crate::model::{Area, Content, Dataset, Figure, Format, MissingReason, Period, SeriesSet};
use crate::stats::benchmark::{ComparatorMethod, Comparison, Polarity, ValueWithCis, compare};
use crate::stats::funnel::{
    FunnelArea, RateArea, RateType, proportion_funnel_limits, proportion_funnel_significance,
    rate_funnel_limits, rate_funnel_points, rate_funnel_significance,
};
use crate::stats::recent_trend::{RecentTrend, TrendMethod, TrendPoint, recent_trend};
use crate::stats::spread::Spread;

/// Values are shown to one decimal place, as Fingertips shows most indicators.
pub const DECIMALS: u8 = 1;

/// The benchmark every area is compared with.
pub const BENCHMARK: &str = "England";

/// One area of the view, with where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorArea {
    pub area: Area,
    pub level: AreaLevel,
}

/// The loaded Fingertips figures (totals only: breakdowns such as deprivation deciles are
/// not areas and stay out of the rug).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Indicators {
    /// Indicator → area → period → figure.
    figures: BTreeMap<String, BTreeMap<Area, BTreeMap<Period, Figure>>>,
    /// England first, then regions, then local areas, each by name.
    areas: Vec<IndicatorArea>,
}

/// One cell of the rug: an area's figure for the indicator's period, and its comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct RugCell {
    pub value: Option<f64>,
    /// Why there is no value, when the file says.
    pub missing: Option<MissingReason>,
    pub comparison: Comparison,
}

/// One indicator of the rug, at its latest period.
#[derive(Debug, Clone, PartialEq)]
pub struct RugRow {
    pub indicator: String,
    pub period: Option<Period>,
    /// One per area of [`Indicators::areas`], in the same order.
    pub cells: Vec<RugCell>,
}

/// The short words a cell or bar carries; colour only repeats them.
pub fn short_words(c: &Comparison) -> &'static str {
    match c {
        Comparison::Better | Comparison::Best => "Better",
        Comparison::Similar => "Similar",
        Comparison::Worse | Comparison::Worst => "Worse",
        Comparison::Higher | Comparison::MuchHigher => "Higher",
        Comparison::Lower | Comparison::MuchLower => "Lower",
        Comparison::NotCompared { .. } => "Not compared",
    }
}

impl Indicators {
    /// The Fingertips exports among the loaded files, merged; `None` when there are none.
    /// A figure in a later-loaded file replaces the same figure from an earlier one.
    pub fn from_dataset(dataset: &Dataset) -> Option<Indicators> {
        let sets: Vec<&SeriesSet> = dataset
            .files()
            .iter()
            .filter(|f| f.format == Format::Fingertips)
            .filter_map(|f| match &f.content {
                Content::Series(set) => Some(set),
                _ => None,
            })
            .collect();
        (!sets.is_empty()).then(|| Indicators::from_sets(sets))
    }

    pub fn from_sets<'a>(sets: impl IntoIterator<Item = &'a SeriesSet>) -> Indicators {
        let mut figures: BTreeMap<String, BTreeMap<Area, BTreeMap<Period, Figure>>> =
            BTreeMap::new();
        let mut levels: BTreeMap<Area, AreaLevel> = BTreeMap::new();
        for set in sets {
            for (key, points) in set.series() {
                if key.breakdown.is_some() {
                    continue;
                }
                let level = AreaLevel::classify(
                    set.area_type(&key.area).unwrap_or(""),
                    key.area.code.as_deref(),
                );
                levels.entry(key.area.clone()).or_insert(level);
                let by_period = figures
                    .entry(key.measure.clone())
                    .or_default()
                    .entry(key.area.clone())
                    .or_default();
                for (period, figure) in points {
                    by_period.insert(*period, figure.clone());
                }
            }
        }
        let mut areas: Vec<IndicatorArea> = levels
            .into_iter()
            .map(|(area, level)| IndicatorArea { area, level })
            .collect();
        areas.sort_by(|a, b| {
            a.level
                .cmp(&b.level)
                .then_with(|| a.area.name.cmp(&b.area.name))
        });
        Indicators { figures, areas }
    }

    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }

    /// The indicators, by name.
    pub fn indicators(&self) -> Vec<&str> {
        self.figures.keys().map(String::as_str).collect()
    }

    /// England, then regions, then local areas.
    pub fn areas(&self) -> &[IndicatorArea] {
        &self.areas
    }

    /// The local areas, the ones a user picks as "their" area.
    pub fn local_areas(&self) -> impl Iterator<Item = &IndicatorArea> {
        self.areas.iter().filter(|a| a.level == AreaLevel::Local)
    }

    /// The indicator the view shows: the one asked for when it is loaded, else the first.
    pub fn chosen_indicator(&self, asked: Option<&str>) -> Option<&str> {
        asked
            .and_then(|name| self.figures.get_key_value(name).map(|(k, _)| k.as_str()))
            .or_else(|| self.figures.keys().next().map(String::as_str))
    }

    /// The area the view shows: the one asked for (by name) when it is loaded, else the
    /// first local area, else the first area of any level.
    pub fn chosen_area(&self, asked: Option<&str>) -> Option<&Area> {
        asked
            .and_then(|name| self.areas.iter().find(|a| a.area.name == name))
            .or_else(|| self.local_areas().next())
            .or_else(|| self.areas.first())
            .map(|a| &a.area)
    }

    /// England, found by its level.
    pub fn england(&self) -> Option<&Area> {
        self.areas
            .iter()
            .find(|a| a.level == AreaLevel::Country && a.area.name.eq_ignore_ascii_case("England"))
            .or_else(|| self.areas.iter().find(|a| a.level == AreaLevel::Country))
            .map(|a| &a.area)
    }

    fn figure(&self, indicator: &str, area: &Area, period: &Period) -> Option<&Figure> {
        self.figures.get(indicator)?.get(area)?.get(period)
    }

    /// The period the rug shows for an indicator: the latest England has a value for, else
    /// the latest any area has one for.
    pub fn latest_period(&self, indicator: &str) -> Option<Period> {
        let by_area = self.figures.get(indicator)?;
        let with_value = |figures: &BTreeMap<Period, Figure>| -> Option<Period> {
            figures
                .iter()
                .rev()
                .find(|(_, f)| f.value.is_some())
                .map(|(p, _)| *p)
        };
        self.england()
            .and_then(|e| by_area.get(e))
            .and_then(with_value)
            .or_else(|| by_area.values().filter_map(with_value).max())
    }

    /// An area's comparison with England for one indicator and period.
    pub fn comparison(
        &self,
        indicator: &str,
        area: &Area,
        period: &Period,
        polarity: Polarity,
    ) -> Comparison {
        let Some(england) = self.england() else {
            return not_compared("there are no England figures to compare with");
        };
        if area == england {
            return not_compared("England is the benchmark");
        }
        let Some(figure) = self.figure(indicator, area, period) else {
            return not_compared("there is no figure for this period");
        };
        let Some(benchmark) = self
            .figure(indicator, england, period)
            .filter(|f| f.value.is_some())
        else {
            return not_compared("there is no England figure for this period");
        };
        compare(
            ComparatorMethod::SingleOverlappingCisOneLevel,
            &with_cis(figure),
            &with_cis(benchmark),
            polarity,
        )
    }

    /// The tartan rug: one row per indicator at its latest period, one cell per area.
    pub fn rug(&self, polarity: impl Fn(&str) -> Polarity) -> Vec<RugRow> {
        self.figures
            .keys()
            .map(|indicator| {
                let period = self.latest_period(indicator);
                let cells = self
                    .areas
                    .iter()
                    .map(|a| {
                        let figure = period.and_then(|p| self.figure(indicator, &a.area, &p));
                        RugCell {
                            value: figure.and_then(|f| f.value),
                            missing: figure.and_then(|f| f.missing),
                            comparison: match period {
                                Some(p) => {
                                    self.comparison(indicator, &a.area, &p, polarity(indicator))
                                }
                                None => not_compared("the indicator has no figures"),
                            },
                        }
                    })
                    .collect();
                RugRow {
                    indicator: indicator.clone(),
                    period,
                    cells,
                }
            })
            .collect()
    }

    /// Every local area's value for an indicator and period.
    fn local_values(&self, indicator: &str, period: &Period) -> Vec<(&Area, &Figure)> {
        self.local_areas()
            .filter_map(|a| {
                self.figure(indicator, &a.area, period)
                    .filter(|f| f.value.is_some())
                    .map(|f| (&a.area, f))
            })
            .collect()
    }

    /// The spine chart of one area: each indicator at its latest period, against the range of
    /// the local areas loaded (a whole-England range only when the file holds every area).
    pub fn spine(&self, area: &Area, polarity: impl Fn(&str) -> Polarity) -> SpineSpec {
        let england = self.england();
        let rows: Vec<SpineRow> = self
            .figures
            .keys()
            .filter_map(|indicator| {
                let period = self.latest_period(indicator)?;
                let values: Vec<f64> = self
                    .local_values(indicator, &period)
                    .iter()
                    .filter_map(|(_, f)| f.value)
                    .collect();
                let p = polarity(indicator);
                Some(SpineRow {
                    indicator: format!("{indicator} ({})", period.label()),
                    area_value: self.figure(indicator, area, &period).and_then(|f| f.value),
                    england: england
                        .and_then(|e| self.figure(indicator, e, &period))
                        .and_then(|f| f.value),
                    range: Spread::of(&values),
                    comparison: self.comparison(indicator, area, &period, p),
                    polarity: p,
                    decimals: DECIMALS,
                })
            })
            .collect();
        let locals = self.local_areas().count();
        let frame = Frame::new(
            "chart-spine",
            &format!("{}: every indicator against England", area.name),
            (880, (120 + 32 * rows.len()).clamp(240, 1400) as u32),
        )
        .with_caption(
            SOURCE,
            &format!(
                "{} against England; the range is of the {locals} local area{} in the loaded files",
                area.name,
                if locals == 1 { "" } else { "s" }
            ),
            "each indicator's latest period, named beside it",
        );
        SpineSpec {
            frame,
            area_name: area.name.clone(),
            benchmark_name: BENCHMARK.to_owned(),
            rows,
        }
    }

    /// Compare areas: the region(s) and local areas for the indicator's latest period, with
    /// their intervals and comparisons, England as the line.
    pub fn compare_areas(
        &self,
        indicator: &str,
        chosen: &Area,
        polarity: Polarity,
    ) -> Option<CompareAreas> {
        let period = self.latest_period(indicator)?;
        let england = self.england();
        let areas: Vec<AreaBar> = self
            .areas
            .iter()
            .filter(|a| a.level != AreaLevel::Country)
            .filter_map(|a| {
                let figure = self.figure(indicator, &a.area, &period)?;
                Some(AreaBar {
                    name: a.area.name.clone(),
                    value: with_cis(figure),
                    comparison: self.comparison(indicator, &a.area, &period, polarity),
                    highlight: &a.area == chosen,
                })
            })
            .collect();
        let benchmark = england
            .and_then(|e| self.figure(indicator, e, &period))
            .and_then(|f| f.value)
            .map(|v| (BENCHMARK.to_owned(), v));
        let frame = Frame::new(
            "chart-compare",
            &format!("{indicator}: areas compared with England"),
            (880, (140 + 26 * areas.len()).clamp(260, 4400) as u32),
        )
        .with_caption(
            SOURCE,
            "each area with its 95% confidence interval; the line is England",
            &period.label(),
        );
        Some(CompareAreas {
            frame,
            areas,
            benchmark,
            value_title: indicator.to_owned(),
            decimals: DECIMALS,
        })
    }

    /// The indicator's trend for an area, with England dashed, and Fingertips' recent-trend
    /// marker over the five most recent single years.
    pub fn trend(&self, indicator: &str, area: &Area) -> Option<(TimeSeries, RecentTrend)> {
        let by_area = self.figures.get(indicator)?;
        let own = by_area.get(area)?;
        let england = self.england().filter(|e| *e != area);
        let mut periods: BTreeSet<Period> = own.keys().copied().collect();
        if let Some(e) = england.and_then(|e| by_area.get(e)) {
            periods.extend(e.keys().copied());
        }
        let periods: Vec<Period> = periods.into_iter().collect();
        let line = |name: &str, figures: Option<&BTreeMap<Period, Figure>>| TimeLine {
            name: name.to_owned(),
            values: periods
                .iter()
                .map(|p| figures.and_then(|f| f.get(p)).and_then(|f| f.value))
                .collect(),
            interval: periods
                .iter()
                .map(|p| {
                    let f = figures.and_then(|f| f.get(p))?;
                    Some((f.lower_95?, f.upper_95?))
                })
                .collect(),
        };
        let (first, last) = (periods.first()?, periods.last()?);
        let span = if first == last {
            first.label()
        } else {
            format!("{} to {}", first.label(), last.label())
        };
        let frame = Frame::new(
            "chart-trend",
            &format!("{indicator}, {}, over time", area.name),
            (880, 360),
        )
        .with_caption(
            SOURCE,
            &format!(
                "{} with its 95% confidence interval{}",
                area.name,
                if england.is_some() {
                    "; England dashed"
                } else {
                    ""
                }
            ),
            &span,
        );
        let spec = TimeSeries {
            frame,
            periods: periods.clone(),
            y_title: indicator.to_owned(),
            decimals: DECIMALS,
            lines: vec![line(&area.name, Some(own))],
            benchmarks: england
                .map(|e| vec![line(&e.name, by_area.get(e))])
                .unwrap_or_default(),
            ..TimeSeries::default()
        };
        Some((spec, area_trend(own)))
    }

    /// The funnel plot of the local areas for an indicator, when every one of them has a
    /// count and denominator from which its value is the crude proportion or rate: a
    /// percentage is drawn as a proportion funnel, anything per 1,000 or more as a rate
    /// funnel. `None` otherwise (standardised rates, modelled values, no counts).
    pub fn funnel(&self, indicator: &str, chosen: &Area) -> Option<FunnelPlot> {
        let period = self.latest_period(indicator)?;
        let locals = self.local_values(indicator, &period);
        let mut rows = Vec::new();
        for (area, f) in &locals {
            rows.push((*area, f.value?, f.count?, f.denominator?));
        }
        if rows.len() < 3 {
            return None;
        }
        let multiplier = crude_multiplier(&rows)?;
        let years = years_covered(&period)?;
        let (lines, significance, sizes, x_title) = if multiplier == 100.0 {
            let areas: Vec<FunnelArea> = rows
                .iter()
                .map(|r| FunnelArea {
                    numerator: r.2,
                    denominator: r.3,
                })
                .collect();
            let limits = proportion_funnel_limits(&areas, multiplier).ok()?;
            let significance = proportion_funnel_significance(&areas).ok()?;
            let sizes: Vec<f64> = rows.iter().map(|r| r.3).collect();
            (
                FunnelLines::from_proportion(&limits),
                significance,
                sizes,
                "Denominator",
            )
        } else {
            let areas: Vec<RateArea> = rows
                .iter()
                .map(|r| RateArea {
                    events: r.2,
                    rate: Some(r.1),
                    denominator: Some(r.3),
                })
                .collect();
            let limits = rate_funnel_limits(&areas, RateType::Crude, multiplier, years).ok()?;
            let significance =
                rate_funnel_significance(&areas, RateType::Crude, multiplier).ok()?;
            let points = rate_funnel_points(&areas, RateType::Crude, multiplier, years).ok()?;
            let sizes: Option<Vec<f64>> = points.iter().map(|p| p.denominator).collect();
            (
                FunnelLines::from_rate(&limits),
                significance,
                sizes?,
                "Population per year",
            )
        };
        let points = rows
            .iter()
            .zip(significance)
            .zip(sizes)
            .map(|((r, s), size)| FunnelPoint {
                name: r.0.name.clone(),
                size,
                value: r.1,
                significance: s,
                highlight: r.0 == chosen,
            })
            .collect();
        let frame = Frame::new(
            "chart-funnel",
            &format!("{indicator}: areas against the funnel"),
            (880, 420),
        )
        .with_caption(
            SOURCE,
            &format!(
                "the {} local areas loaded, around their pooled average, with 95% and 99.8% limits",
                rows.len()
            ),
            &period.label(),
        );
        Some(FunnelPlot {
            frame,
            lines,
            points,
            x_title: x_title.to_owned(),
            y_title: indicator.to_owned(),
            decimals: DECIMALS,
        })
    }
}

fn not_compared(reason: &str) -> Comparison {
    Comparison::NotCompared {
        reason: reason.to_owned(),
    }
}

fn with_cis(f: &Figure) -> ValueWithCis {
    ValueWithCis {
        value: f.value,
        lower95: f.lower_95,
        upper95: f.upper_95,
        lower998: f.lower_998,
        upper998: f.upper_998,
    }
}

/// The power of ten (100, 1,000, …, 100,000) that makes every area's value its count over
/// its denominator, within half a per cent; `None` when none does, as for a standardised
/// rate or a value given to so few places that it cannot be checked.
fn crude_multiplier(rows: &[(&Area, f64, f64, f64)]) -> Option<f64> {
    [100.0, 1_000.0, 10_000.0, 100_000.0]
        .into_iter()
        .find(|m| {
            rows.iter().all(|(_, value, count, denominator)| {
                *denominator > 0.0
                    && *count >= 0.0
                    && (count / denominator * m - value).abs() <= 0.005 * value.abs().max(0.1)
            })
        })
        .filter(|m| *m != 100.0 || rows.iter().all(|r| r.2 <= r.3))
}

/// How many years a period's figure covers: 1 for a year or financial year, the span of a
/// pooled period; `None` for shorter periods, which a funnel of annual rates does not take.
fn years_covered(period: &Period) -> Option<f64> {
    match period {
        Period::CalendarYear(_) | Period::FinancialYear(_) => Some(1.0),
        Period::Pooled(p) => Some(f64::from(p.last_year().checked_sub(p.first_year())?) + 1.0),
        _ => None,
    }
}

/// The year a single-year figure is for (a financial year by the year it starts).
fn single_year(period: &Period) -> Option<i32> {
    match period {
        Period::CalendarYear(y) => Some(i32::from(y.year())),
        Period::FinancialYear(fy) => Some(i32::from(fy.start_year())),
        _ => None,
    }
}

/// Fingertips' recent trend for one area's series: weighted regression on the intervals,
/// over single-year figures only.
fn area_trend(figures: &BTreeMap<Period, Figure>) -> RecentTrend {
    let all_single = figures.keys().all(|p| single_year(p).is_some());
    let points: Vec<TrendPoint> = figures
        .iter()
        .filter_map(|(p, f)| {
            Some(TrendPoint {
                year: single_year(p)?,
                count: f.count,
                denominator: f.denominator,
                value: f.value,
                lower_ci95: f.lower_95,
                upper_ci95: f.upper_95,
            })
        })
        .collect();
    recent_trend(
        TrendMethod::WeightedRegressionOnCi,
        if all_single { 1 } else { 0 },
        &points,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::SeriesKey;

    fn area(name: &str, code: &str) -> Area {
        Area {
            code: Some(code.to_owned()),
            name: name.to_owned(),
        }
    }

    fn put(set: &mut SeriesSet, a: &Area, area_type: &str, year: u16, f: Figure) {
        set.set_area_type(a.clone(), area_type);
        set.insert(
            SeriesKey {
                area: a.clone(),
                measure: "Rate".to_owned(),
                breakdown: None,
            },
            Period::calendar_year(year).unwrap(),
            f,
        );
    }

    fn fig(value: f64, lower: f64, upper: f64) -> Figure {
        Figure {
            value: Some(value),
            lower_95: Some(lower),
            upper_95: Some(upper),
            ..Figure::default()
        }
    }

    #[test]
    fn areas_come_england_first_then_regions_then_locals_and_breakdowns_stay_out() {
        let mut set = SeriesSet::default();
        put(
            &mut set,
            &area("Zeta", "E06000001"),
            "County & UA",
            2020,
            fig(1.0, 0.5, 1.5),
        );
        put(
            &mut set,
            &area("Alpha", "E06000002"),
            "County & UA",
            2020,
            fig(3.0, 2.5, 3.5),
        );
        put(
            &mut set,
            &area("North", "E12000001"),
            "Region",
            2020,
            fig(2.0, 1.9, 2.1),
        );
        put(
            &mut set,
            &area("England", "E92000001"),
            "Country",
            2020,
            fig(2.0, 1.99, 2.01),
        );
        set.insert(
            SeriesKey {
                area: area("Decile 1", "X"),
                measure: "Rate".to_owned(),
                breakdown: Some(("Deprivation".to_owned(), "Decile 1".to_owned())),
            },
            Period::calendar_year(2020).unwrap(),
            Figure::value(9.0),
        );
        let ind = Indicators::from_sets([&set]);
        let names: Vec<&str> = ind.areas().iter().map(|a| a.area.name.as_str()).collect();
        assert_eq!(names, ["England", "North", "Alpha", "Zeta"]);
        let rug = ind.rug(|_| Polarity::LowIsGood);
        let words: Vec<&str> = rug[0]
            .cells
            .iter()
            .map(|c| short_words(&c.comparison))
            .collect();
        // England is the benchmark; 2.0 in [1.9, 2.1]; 3.0 above it; 1.0 below it.
        assert_eq!(words, ["Not compared", "Similar", "Worse", "Better"]);
        let rug = ind.rug(|_| Polarity::HighIsGood);
        assert_eq!(short_words(&rug[0].cells[2].comparison), "Better");
        assert_eq!(ind.chosen_area(None).unwrap().name, "Alpha");
        assert_eq!(ind.chosen_area(Some("Zeta")).unwrap().name, "Zeta");
        assert_eq!(ind.chosen_area(Some("Nowhere")).unwrap().name, "Alpha");
        assert_eq!(ind.chosen_indicator(Some("Nothing")), Some("Rate"));
    }

    #[test]
    fn the_latest_period_is_englands_and_missing_figures_are_not_compared() {
        let mut set = SeriesSet::default();
        let eng = area("England", "E92000001");
        let a = area("Alpha", "E06000002");
        put(&mut set, &eng, "England", 2019, fig(2.0, 1.9, 2.1));
        put(&mut set, &a, "County & UA", 2019, fig(3.0, 2.5, 3.5));
        put(&mut set, &a, "County & UA", 2020, fig(3.0, 2.5, 3.5));
        let ind = Indicators::from_sets([&set]);
        assert_eq!(ind.latest_period("Rate"), Period::calendar_year(2019));
        put(
            &mut set,
            &eng,
            "England",
            2020,
            Figure::missing(MissingReason::Suppressed),
        );
        put(&mut set, &a, "County & UA", 2018, Figure::value(1.0));
        let ind = Indicators::from_sets([&set]);
        assert_eq!(ind.latest_period("Rate"), Period::calendar_year(2019));
        let p = Period::calendar_year(2018).unwrap();
        let c = ind.comparison("Rate", &a, &p, Polarity::LowIsGood);
        assert_eq!(short_words(&c), "Not compared");
        // Three years are too few for a recent trend; the reason is kept for the page.
        let (_, trend) = ind.trend("Rate", &a).unwrap();
        assert!(trend.reason.is_some());
    }

    #[test]
    fn a_funnel_needs_crude_values_and_a_known_multiplier() {
        let rows_area = area("A", "E1");
        let rows = [
            (&rows_area, 25.0, 5.0, 20.0),
            (&rows_area, 50.0, 10.0, 20.0),
        ];
        assert_eq!(crude_multiplier(&rows), Some(100.0));
        let rows = [(&rows_area, 2.5, 5.0, 2000.0)];
        assert_eq!(crude_multiplier(&rows), Some(1000.0));
        // A standardised rate is not count over denominator.
        let rows = [(&rows_area, 3.7, 5.0, 2000.0)];
        assert_eq!(crude_multiplier(&rows), None);
    }
}
