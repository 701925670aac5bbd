//! Funnel-plot control limits and the significance of each area against them, reproducing
//! the R package PHEindicatormethods 2.1.0 (`calculate_funnel_limits`,
//! `assign_funnel_significance`, `calculate_funnel_points`), the method of the PHE Fingertips
//! technical guidance.
//!
//! A funnel plot draws every area's value against its size, with the baseline (the pooled
//! average of all areas) and the 95% (2 s.d., 0.025 each side) and 99.8% (3 s.d., 0.001 each
//! side) limits around it, which narrow as the size grows. The limits are drawn as 100 points
//! spread over the range of sizes. Reference values are in
//! `tests/data/reference/phe_funnel_*.csv`.

use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::ln_gamma;

use super::CannotCalculate;
use super::checks::{check_count, check_positive, finite};
use super::intervals::{DSR_MIN_EVENTS, count_interval};

/// Number of points PHE computes along a funnel line.
const FUNNEL_POINTS: usize = 100;

/// One-sided tail probabilities of the two funnels: 2 s.d. (95%) and 3 s.d. (99.8%).
const TAIL_95: f64 = 0.025;
const TAIL_998: f64 = 0.001;

/// One area of a proportion funnel, or of a ratio funnel (observed and expected events).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelArea {
    /// Numerator of a proportion, or observed events of a ratio.
    pub numerator: f64,
    /// Denominator of a proportion, or expected events of a ratio.
    pub denominator: f64,
}

/// One area of a rate funnel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateArea {
    /// Observed events.
    pub events: f64,
    /// The published rate per `multiplier`; may be missing (`None`) only where there are no
    /// events, since then it is not used.
    pub rate: Option<f64>,
    /// The population (over all the years of data). PHE needs it only for areas with no
    /// events, whose population cannot be worked back from the rate.
    pub denominator: Option<f64>,
}

/// What a ratio funnel's limits are expressed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatioType {
    /// Ratio − 1 (observed/expected − 1): 0 is "as expected".
    Count,
    /// Indirectly standardised ratio, ratio × 100: 100 is "as expected".
    Isr,
}

/// Which rate a rate funnel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateType {
    /// Directly standardised rate: areas with fewer than 10 events are not judged or plotted.
    Dsr,
    /// Crude rate.
    Crude,
}

/// Where an area lies against the funnel, with the package's own labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunnelSignificance {
    /// Above the 99.8% limit.
    High001,
    /// Above the 95% limit but within the 99.8% one.
    High025,
    /// Below the 99.8% limit.
    Low001,
    /// Below the 95% limit but within the 99.8% one.
    Low025,
    /// Within the 95% limits.
    NotSignificant,
    /// A directly standardised rate on fewer than 10 events, which PHE does not judge.
    NotApplicableDsr,
}

impl FunnelSignificance {
    /// The label PHEindicatormethods gives.
    pub fn label(self) -> &'static str {
        match self {
            FunnelSignificance::High001 => "High (0.001)",
            FunnelSignificance::High025 => "High (0.025)",
            FunnelSignificance::Low001 => "Low (0.001)",
            FunnelSignificance::Low025 => "Low (0.025)",
            FunnelSignificance::NotSignificant => "Not significant",
            FunnelSignificance::NotApplicableDsr => {
                "Not applicable for events less than 10 for dsrs"
            }
        }
    }
}

/// One point of the proportion funnel lines (`calculate_funnel_limits`, statistic
/// "proportion"), values times the multiplier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProportionFunnelRow {
    pub population: f64,
    pub lower_95: f64,
    pub upper_95: f64,
    pub lower_998: f64,
    pub upper_998: f64,
    pub baseline: f64,
}

/// One limit of a Poisson funnel: the size at which an area with the row's events would lie
/// exactly on the limit, and the limit's value there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoissonLimit {
    /// Expected events (ratio funnel) or population per year (rate funnel).
    pub size: f64,
    /// The limit: ratio − 1 or ratio × 100 (ratio funnel), or rate per multiplier.
    pub value: f64,
}

/// One point of the ratio funnel lines (`calculate_funnel_limits`, statistic "ratio").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatioFunnelRow {
    pub observed_events: f64,
    pub lower_95: PoissonLimit,
    pub upper_95: PoissonLimit,
    pub lower_998: PoissonLimit,
    pub upper_998: PoissonLimit,
}

/// One point of the rate funnel lines (`calculate_funnel_limits`, statistic "rate"). The
/// limit sizes are populations for one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateFunnelRow {
    pub events: f64,
    pub lower_95: PoissonLimit,
    pub upper_95: PoissonLimit,
    pub lower_998: PoissonLimit,
    pub upper_998: PoissonLimit,
    pub baseline: f64,
}

/// Where an area is drawn on a rate funnel (`calculate_funnel_points`). Both are `None` for
/// a directly standardised rate on fewer than 10 events, which PHE leaves off the chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateFunnelPoint {
    pub rate: Option<f64>,
    /// Population per year.
    pub denominator: Option<f64>,
}

fn check_nonempty<T>(areas: &[T]) -> Result<(), CannotCalculate> {
    if areas.is_empty() {
        Err(CannotCalculate::new("there are no areas to plot"))
    } else {
        Ok(())
    }
}

fn check_multiplier(multiplier: f64) -> Result<f64, CannotCalculate> {
    check_positive(multiplier, "multiplier")
}

/// Proportion areas must be counts out of a positive denominator, as the package checks.
fn check_proportion_areas(areas: &[FunnelArea]) -> Result<(), CannotCalculate> {
    check_nonempty(areas)?;
    for area in areas {
        let x = check_count(area.numerator, "numerator")?;
        let n = check_positive(area.denominator, "denominator")?;
        if x > n {
            return Err(CannotCalculate::new(
                "a numerator is larger than its denominator, so it is not a proportion",
            ));
        }
    }
    Ok(())
}

fn check_ratio_areas(areas: &[FunnelArea]) -> Result<(), CannotCalculate> {
    check_nonempty(areas)?;
    for area in areas {
        check_count(area.numerator, "observed count")?;
        check_positive(area.denominator, "expected count")?;
    }
    Ok(())
}

/// The pooled average Σnumerator / Σdenominator.
fn pooled_average(areas: &[FunnelArea]) -> Result<f64, CannotCalculate> {
    let numerator: f64 = areas.iter().map(|a| a.numerator).sum();
    let denominator: f64 = areas.iter().map(|a| a.denominator).sum();
    finite(numerator / denominator, "average")
}

/// The normal quantile of `p` (PHE's `qnorm(p)`).
fn qnorm(p: f64) -> Result<f64, CannotCalculate> {
    let normal = Normal::new(0.0, 1.0)
        .map_err(|_| CannotCalculate::new("the normal distribution could not be set up"))?;
    finite(normal.inverse_cdf(p), "normal quantile")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Low,
    High,
}

/// The proportion (times `multiplier`) at which the Wilson interval of an area of size
/// `population` would just reach `average` (PHEindicatormethods `sigma_adjustment`): the
/// root of the quadratic from inverting the Wilson score limit.
fn sigma_adjustment(
    p: f64,
    population: f64,
    average: f64,
    side: Side,
    multiplier: f64,
) -> Result<f64, CannotCalculate> {
    let z2 = qnorm(p)?.powi(2);
    let first = average * (population / z2 + 1.0);
    let discriminant = (-8.0 * first).powi(2)
        - 64.0
            * (1.0 / z2 + 1.0 / population)
            * average
            * (population * (average * (population / z2 + 2.0) - 1.0) + z2 * (average - 1.0));
    // The discriminant is exactly zero for an average of 0 or 1; rounding may push it just
    // below, which would give NaN rather than the single root.
    let adj = discriminant.max(0.0).sqrt();
    let last = 1.0 / z2 + 1.0 / population;
    let root = match side {
        Side::Low => (first - adj / 8.0) / last,
        Side::High => (first + adj / 8.0) / last,
    };
    finite(root / population * multiplier, "funnel limit")
}

/// The number of characters R's `as.character` writes for a whole number ≥ 0: R writes
/// scientific notation when it is shorter (100000 is "1e+05"), and the package's axis
/// rounding counts these characters, so the quirk is reproduced.
fn r_char_width(v: f64) -> i32 {
    if v < 1.0 {
        return 1;
    }
    let fixed = format!("{v:.0}");
    let digits = fixed.len() as i32;
    let significant = fixed.trim_end_matches('0').len() as i32;
    // The exponent is digits − 1, written with two digits below 100.
    let exponent_digits = if digits > 100 { 3 } else { 2 };
    let mantissa = if significant == 1 { 1 } else { significant + 1 };
    let scientific = mantissa + 2 + exponent_digits;
    if digits <= scientific {
        digits
    } else {
        scientific
    }
}

/// The package's `signif.floor`: 95% of x rounded down to its leading digit, for a neat
/// axis start.
fn signif_floor(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let scaled = x * 0.95;
    let n = r_char_width(scaled.floor()) - 1;
    let unit = 10f64.powf(f64::from(n));
    (scaled / unit).floor() * unit
}

/// The package's `signif.ceiling`: 105% of x rounded up to two leading digits, for a neat
/// axis end.
fn signif_ceiling(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let scaled = x * 1.05;
    let n = r_char_width(scaled.ceil()) - 2;
    let unit = 10f64.powf(f64::from(n));
    (scaled / unit).ceil() * unit
}

/// Axis minimum and maximum from the smallest and largest denominators: the axis starts at
/// 0 unless the largest is at most twice the smallest. Rates round the per-year population,
/// so `years` divides before rounding and multiplies after.
fn axis_range(min_denominator: f64, max_denominator: f64, years: f64) -> (f64, f64) {
    let minimum = if max_denominator > 2.0 * min_denominator {
        0.0
    } else {
        signif_floor(min_denominator / years) * years
    };
    (minimum, signif_ceiling(max_denominator / years) * years)
}

/// The 100 x-axis values: from max(1, minimum), each step a geometric share of the way to
/// the maximum (closer together for small sizes), rounded as R rounds (half to even) and at
/// least one more than the last. Ratio funnels shift the exponent by one, as the package
/// does, so they stop short of the maximum.
fn axis_points(minimum: f64, maximum: f64, ratio: bool) -> Vec<f64> {
    let mut points = Vec::with_capacity(FUNNEL_POINTS);
    let mut previous = minimum.max(1.0);
    points.push(previous);
    for j in 2..=FUNNEL_POINTS {
        let offset = if ratio { j - 1 } else { j };
        let exponent = 1.0 / (101 - offset) as f64;
        let next = ((maximum / previous).powf(exponent) * previous).round_ties_even();
        previous = next.max(previous + 1.0);
        points.push(previous);
    }
    points
}

/// Up to this Poisson mean the probability is summed term by term with the package's own
/// stopping rule, so that the bisection in [`poisson_funnel`] takes the same turns as the
/// package's and the limits agree to every digit it prints (an exact tail can differ in the
/// seventh significant figure, at the bisection's last step). Above it that sum grows with
/// the mean, and the exact tails (which agree to about 1e-7) keep the cost bounded.
const PACKAGE_SUM_MAX_MEAN: f64 = 20_000.0;

/// P(lower ≤ X ≤ upper) for X ~ Poisson(mean) (the package's `poisson_cis`).
fn poisson_probability(mean: f64, lower: f64, upper: Option<f64>) -> f64 {
    if mean <= PACKAGE_SUM_MAX_MEAN {
        package_poisson_sum(mean, lower, upper.unwrap_or(f64::INFINITY))
    } else {
        exact_poisson_probability(mean, lower, upper)
    }
}

/// The package's sum: the terms mean^k/k! from k = 0, kept in range by rescaling, until
/// past the mean and the terms fall below 1e-10 of the running total; the share of the total
/// with lower ≤ k ≤ upper.
fn package_poisson_sum(mean: f64, lower: f64, upper: f64) -> f64 {
    let mut term = 1.0;
    let mut total = 0.0;
    let mut inside = 0.0;
    let mut k = 0.0;
    while k <= mean || term > total * 1e-10 {
        total += term;
        if k >= lower && k <= upper {
            inside += term;
        }
        if total > 1e30 {
            inside /= 1e30;
            total /= 1e30;
            term /= 1e30;
        }
        k += 1.0;
        term *= mean / k;
    }
    inside / total
}

/// P(lower ≤ X ≤ upper) for X ~ Poisson(mean), summed from the bound nearer the mode
/// outwards so each series shrinks geometrically and large means neither overflow nor
/// underflow.
fn exact_poisson_probability(mean: f64, lower: f64, upper: Option<f64>) -> f64 {
    let ln_mean = mean.ln();
    let pmf = |k: f64| (-mean + k * ln_mean - ln_gamma(k + 1.0)).exp();
    // P(X ≤ b) for b below the mean, summed downwards.
    let lower_tail = |b: f64| {
        let mut term = pmf(b);
        let mut sum = 0.0;
        let mut k = b;
        while k >= 0.0 {
            sum += term;
            if term <= sum * 1e-17 {
                break;
            }
            term *= k / mean;
            k -= 1.0;
        }
        sum
    };
    // P(X ≥ a) for a above the mean, summed upwards.
    let upper_tail = |a: f64| {
        let mut term = pmf(a);
        let mut sum = 0.0;
        let mut k = a;
        loop {
            sum += term;
            if term <= sum * 1e-17 || term == 0.0 {
                break;
            }
            k += 1.0;
            term *= mean / k;
        }
        sum
    };
    let at_most = |b: f64| {
        if b < 0.0 {
            0.0
        } else if b < mean {
            lower_tail(b)
        } else {
            1.0 - upper_tail(b + 1.0)
        }
    };
    let at_least = |a: f64| {
        if a <= 0.0 {
            1.0
        } else if a > mean {
            upper_tail(a)
        } else {
            1.0 - lower_tail(a - 1.0)
        }
    };
    match upper {
        None => at_least(lower),
        Some(b) => at_most(b) - (1.0 - at_least(lower)),
    }
}

/// The Poisson mean at which `observed` events sit exactly on a one-sided tail `p` (the
/// package's `poisson_funnel`): `High` gives the mean with P(X ≤ observed) = p (the lower
/// limit's expected events), `Low` the mean with P(X ≥ observed) = p. The package bisects on
/// v = mean / (1 + observed + mean) to a step of 1e-7; the same bisection is followed so the
/// limits agree to the last digit the package gives.
fn poisson_funnel(observed: f64, p: f64, side: Side) -> Result<f64, CannotCalculate> {
    let mean_at = |v: f64| (1.0 + observed) * v / (1.0 - v);
    let mut v = 0.5;
    let mut step = 0.5;
    while step > 1e-7 {
        step /= 2.0;
        let mean = mean_at(v);
        let go_down = match side {
            Side::Low => poisson_probability(mean, observed, None) > p,
            Side::High => poisson_probability(mean, 0.0, Some(observed)) < p,
        };
        if go_down {
            v -= step;
        } else {
            v += step;
        }
    }
    finite(mean_at(v), "Poisson funnel limit")
}

/// A ratio's count limit divided by the expected count, as the package's
/// `funnel_ratio_significance`: exact Poisson below 10 events, Byar's from 10, at two-sided
/// `confidence`.
fn ratio_bound(
    observed: f64,
    expected: f64,
    confidence: f64,
    side: Side,
) -> Result<f64, CannotCalculate> {
    let (interval, _) = count_interval(observed, confidence)?;
    let count = match side {
        Side::Low => interval.lower,
        Side::High => interval.upper,
    };
    finite(count / expected, "ratio limit")
}

/// Significance of an area whose interval (at 95% and 99.8%) around its value is compared
/// with the target value, in the package's order of tests.
fn classify_interval(
    target: f64,
    lower_998: f64,
    lower_95: f64,
    upper_998: f64,
    upper_95: f64,
) -> FunnelSignificance {
    if target < lower_998 {
        FunnelSignificance::High001
    } else if target < lower_95 {
        FunnelSignificance::High025
    } else if target > upper_998 {
        FunnelSignificance::Low001
    } else if target > upper_95 {
        FunnelSignificance::Low025
    } else {
        FunnelSignificance::NotSignificant
    }
}

/// Proportion funnel lines: 100 points across the denominators, each with the 95% and 99.8%
/// limits around the pooled proportion, times `multiplier` (1 or 100)
/// (PHEindicatormethods `calculate_funnel_limits`, statistic "proportion").
///
/// The package caps the upper limits at 100, written for percentages; here they are capped
/// at the multiplier, which is the same for percentages and keeps fractions at most 1.
pub fn proportion_funnel_limits(
    areas: &[FunnelArea],
    multiplier: f64,
) -> Result<Vec<ProportionFunnelRow>, CannotCalculate> {
    check_proportion_areas(areas)?;
    let multiplier = check_multiplier(multiplier)?;
    let average = pooled_average(areas)?;
    let (min_denominator, max_denominator) = min_max(areas.iter().map(|a| a.denominator))?;
    let (minimum, maximum) = axis_range(min_denominator, max_denominator, 1.0);
    axis_points(minimum, maximum, false)
        .into_iter()
        .map(|population| {
            let limit =
                |p: f64, side: Side| sigma_adjustment(p, population, average, side, multiplier);
            Ok(ProportionFunnelRow {
                population,
                lower_95: limit(1.0 - TAIL_95, Side::Low)?.max(0.0),
                upper_95: limit(1.0 - TAIL_95, Side::High)?.min(multiplier),
                lower_998: limit(1.0 - TAIL_998, Side::Low)?.max(0.0),
                upper_998: limit(1.0 - TAIL_998, Side::High)?.min(multiplier),
                baseline: finite(average * multiplier, "baseline")?,
            })
        })
        .collect()
}

fn min_max(values: impl Iterator<Item = f64>) -> Result<(f64, f64), CannotCalculate> {
    let mut range: Option<(f64, f64)> = None;
    for value in values {
        range = Some(match range {
            None => (value, value),
            Some((low, high)) => (low.min(value), high.max(value)),
        });
    }
    range.ok_or_else(|| CannotCalculate::new("there are no areas with a size to plot"))
}

/// Each area's proportion against the funnel at its own denominator
/// (PHEindicatormethods `assign_funnel_significance`, statistic "proportion").
pub fn proportion_funnel_significance(
    areas: &[FunnelArea],
) -> Result<Vec<FunnelSignificance>, CannotCalculate> {
    check_proportion_areas(areas)?;
    let average = pooled_average(areas)?;
    areas
        .iter()
        .map(|area| {
            let value = area.numerator / area.denominator;
            let limit =
                |p: f64, side: Side| sigma_adjustment(p, area.denominator, average, side, 1.0);
            // The package tests the low side first, and the wider funnel before the narrower.
            Ok(if value < limit(1.0 - TAIL_998, Side::Low)? {
                FunnelSignificance::Low001
            } else if value < limit(1.0 - TAIL_95, Side::Low)? {
                FunnelSignificance::Low025
            } else if value > limit(1.0 - TAIL_998, Side::High)? {
                FunnelSignificance::High001
            } else if value > limit(1.0 - TAIL_95, Side::High)? {
                FunnelSignificance::High025
            } else {
                FunnelSignificance::NotSignificant
            })
        })
        .collect()
}

/// The four Poisson limits for `events`, each as (expected events, observed/expected).
fn poisson_limits(events: f64) -> Result<[(f64, f64); 4], CannotCalculate> {
    let limit = |p: f64, side: Side| -> Result<(f64, f64), CannotCalculate> {
        let expected = poisson_funnel(events, p, side)?;
        Ok((expected, finite(events / expected, "funnel limit")?))
    };
    Ok([
        limit(TAIL_95, Side::High)?,
        limit(TAIL_95, Side::Low)?,
        limit(TAIL_998, Side::High)?,
        limit(TAIL_998, Side::Low)?,
    ])
}

/// Ratio funnel lines (observed/expected events, e.g. indirectly standardised ratios): 100
/// observed-event counts across the range of expected counts, each with the expected counts
/// at which it would lie on the exact Poisson 95% and 99.8% limits, and those limits as
/// ratio − 1 or ratio × 100 (PHEindicatormethods `calculate_funnel_limits`, statistic
/// "ratio").
pub fn ratio_funnel_limits(
    areas: &[FunnelArea],
    ratio_type: RatioType,
) -> Result<Vec<RatioFunnelRow>, CannotCalculate> {
    check_ratio_areas(areas)?;
    let (min_expected, max_expected) = min_max(areas.iter().map(|a| a.denominator))?;
    let (minimum, maximum) = axis_range(min_expected, max_expected, 1.0);
    let express = |ratio: f64| match ratio_type {
        RatioType::Count => ratio - 1.0,
        RatioType::Isr => ratio * 100.0,
    };
    axis_points(minimum, maximum, true)
        .into_iter()
        .map(|observed_events| {
            let [lower_95, upper_95, lower_998, upper_998] =
                poisson_limits(observed_events)?.map(|(size, ratio)| PoissonLimit {
                    size,
                    value: express(ratio),
                });
            Ok(RatioFunnelRow {
                observed_events,
                lower_95,
                upper_95,
                lower_998,
                upper_998,
            })
        })
        .collect()
}

/// Each area's observed/expected ratio against the funnel: exact Poisson limits of the
/// observed count below 10 events, Byar's from 10, divided by the expected count and
/// compared with 1 (PHEindicatormethods `assign_funnel_significance`, statistic "ratio").
pub fn ratio_funnel_significance(
    areas: &[FunnelArea],
) -> Result<Vec<FunnelSignificance>, CannotCalculate> {
    check_ratio_areas(areas)?;
    areas
        .iter()
        .map(|area| significance_against(1.0, area.numerator, area.denominator))
        .collect()
}

/// Whether `target` lies outside the limits of `observed` events out of `size`.
fn significance_against(
    target: f64,
    observed: f64,
    size: f64,
) -> Result<FunnelSignificance, CannotCalculate> {
    let bound = |confidence: f64, side: Side| ratio_bound(observed, size, confidence, side);
    Ok(classify_interval(
        target,
        bound(1.0 - 2.0 * TAIL_998, Side::Low)?,
        bound(1.0 - 2.0 * TAIL_95, Side::Low)?,
        bound(1.0 - 2.0 * TAIL_998, Side::High)?,
        bound(1.0 - 2.0 * TAIL_95, Side::High)?,
    ))
}

/// Validates the rate areas as the package does and works back each area's population (over
/// all years) from its rate: events × multiplier / rate, or the given denominator for an
/// area with no events. A directly standardised rate with no events has no population the
/// package uses (`None`).
fn derived_denominators(
    areas: &[RateArea],
    rate_type: RateType,
    multiplier: f64,
) -> Result<Vec<Option<f64>>, CannotCalculate> {
    check_nonempty(areas)?;
    areas
        .iter()
        .map(|area| {
            let events = check_count(area.events, "count of events")?;
            let denominator = area
                .denominator
                .map(|d| check_positive(d, "denominator"))
                .transpose()?;
            if events == 0.0 {
                // The rate of an area with no events cannot give its population back.
                let denominator = denominator.ok_or_else(|| {
                    CannotCalculate::new("an area has no events, so its denominator must be given")
                })?;
                return Ok(match rate_type {
                    RateType::Dsr => None,
                    RateType::Crude => Some(denominator),
                });
            }
            let rate = area
                .rate
                .ok_or_else(|| CannotCalculate::new("a rate is missing for an area with events"))?;
            let rate = check_positive(rate, "rate for an area with events")?;
            finite(
                multiplier * events / rate,
                "population worked back from the rate",
            )
            .map(Some)
        })
        .collect()
}

/// The events-weighted average rate per person: Σevents / Σ(derived population).
fn rate_average(areas: &[RateArea], denominators: &[Option<f64>]) -> Result<f64, CannotCalculate> {
    let events: f64 = areas.iter().map(|a| a.events).sum();
    let population: f64 = denominators.iter().flatten().sum();
    if population <= 0.0 {
        return Err(CannotCalculate::new(
            "no area has a population to average over",
        ));
    }
    finite(events / population, "average rate")
}

/// Rate funnel lines: 100 event counts across the range of populations, each with the
/// one-year populations at which it would lie on the exact Poisson 95% and 99.8% limits
/// around the average rate, and those limits as rates per `multiplier`
/// (PHEindicatormethods `calculate_funnel_limits`, statistic "rate"). `years_of_data` turns
/// the populations, which cover all the years, into populations for one year.
pub fn rate_funnel_limits(
    areas: &[RateArea],
    rate_type: RateType,
    multiplier: f64,
    years_of_data: f64,
) -> Result<Vec<RateFunnelRow>, CannotCalculate> {
    let multiplier = check_multiplier(multiplier)?;
    let years = check_positive(years_of_data, "number of years of data")?;
    let denominators = derived_denominators(areas, rate_type, multiplier)?;
    let average = rate_average(areas, &denominators)?;
    if average <= 0.0 {
        return Err(CannotCalculate::new(
            "no area has any events, so there is no average rate to draw a funnel around",
        ));
    }
    let (min_denominator, max_denominator) = min_max(denominators.iter().flatten().copied())?;
    let (minimum, maximum) = axis_range(min_denominator, max_denominator, years);
    // The rate funnel's axis is events, so the population range becomes the events the
    // average rate would give.
    let (minimum, maximum) = ((minimum * average).floor(), (maximum * average).ceil());
    let baseline = finite(average * multiplier, "baseline")?;
    axis_points(minimum, maximum, false)
        .into_iter()
        .map(|events| {
            let [lower_95, upper_95, lower_998, upper_998] =
                poisson_limits(events)?.map(|(expected, _)| {
                    let population = expected / average;
                    PoissonLimit {
                        size: population / years,
                        value: events / population * multiplier,
                    }
                });
            for limit in [lower_95, upper_95, lower_998, upper_998] {
                finite(limit.size, "funnel population")?;
                finite(limit.value, "funnel limit")?;
            }
            Ok(RateFunnelRow {
                events,
                lower_95,
                upper_95,
                lower_998,
                upper_998,
                baseline,
            })
        })
        .collect()
}

/// Each area's rate against the funnel: the exact Poisson (below 10 events) or Byar's limits
/// of its events over its worked-back population, compared with the average rate
/// (PHEindicatormethods `assign_funnel_significance`, statistic "rate"). Directly
/// standardised rates on fewer than 10 events are not judged.
pub fn rate_funnel_significance(
    areas: &[RateArea],
    rate_type: RateType,
    multiplier: f64,
) -> Result<Vec<FunnelSignificance>, CannotCalculate> {
    let multiplier = check_multiplier(multiplier)?;
    let denominators = derived_denominators(areas, rate_type, multiplier)?;
    let average = rate_average(areas, &denominators)?;
    areas
        .iter()
        .zip(&denominators)
        .map(|(area, denominator)| {
            if rate_type == RateType::Dsr && area.events < DSR_MIN_EVENTS {
                return Ok(FunnelSignificance::NotApplicableDsr);
            }
            match denominator {
                Some(population) => significance_against(average, area.events, *population),
                // Only a directly standardised rate with no events lacks a population, and
                // those are not judged (above); the package would call it not significant.
                None => Ok(FunnelSignificance::NotSignificant),
            }
        })
        .collect()
}

/// Where each area is drawn on a rate funnel: its rate, and its population per year worked
/// back from the rate (or the given denominator where there are no events, for crude rates)
/// (PHEindicatormethods `calculate_funnel_points`). Directly standardised rates on fewer
/// than 10 events are left off.
pub fn rate_funnel_points(
    areas: &[RateArea],
    rate_type: RateType,
    multiplier: f64,
    years_of_data: f64,
) -> Result<Vec<RateFunnelPoint>, CannotCalculate> {
    let multiplier = check_multiplier(multiplier)?;
    let years = check_positive(years_of_data, "number of years of data")?;
    let denominators = derived_denominators(areas, rate_type, multiplier)?;
    areas
        .iter()
        .zip(denominators)
        .map(|(area, denominator)| {
            if rate_type == RateType::Dsr && area.events < DSR_MIN_EVENTS {
                return Ok(RateFunnelPoint {
                    rate: None,
                    denominator: None,
                });
            }
            let rate = area.rate.map(|r| finite(r, "rate")).transpose()?;
            Ok(RateFunnelPoint {
                rate,
                denominator: denominator.map(|d| d / years),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]

    use super::*;

    #[test]
    fn r_writes_round_numbers_in_scientific_notation_when_shorter() {
        assert_eq!(r_char_width(100000.0), 5); // "1e+05"
        assert_eq!(r_char_width(110000.0), 6);
        assert_eq!(r_char_width(10000.0), 5);
        assert_eq!(r_char_width(123000000.0), 8); // "1.23e+08"
        assert_eq!(r_char_width(0.0), 1);
    }

    #[test]
    fn poisson_probabilities_match_known_values() {
        // P(X ≤ 1 | 5.5716) ≈ 0.025, the lower 95% funnel for one event (to the package's
        // bisection step).
        let p = poisson_probability(5.571_644_585, 0.0, Some(1.0));
        assert!((p - 0.025).abs() < 1e-6, "{p}");
        let p = poisson_probability(3.0, 2.0, None);
        let expected = 1.0 - (-3.0f64).exp() * (1.0 + 3.0);
        assert!((p - expected).abs() < 1e-9);
        // Large means use the same tails without overflow.
        let p = exact_poisson_probability(2.0e6, 2.0e6, None);
        assert!(p > 0.5 && p < 0.501, "{p}");
        // The package's sum and the exact tails agree.
        for (mean, lower, upper) in [
            (5.0, 3.0, None),
            (300.0, 0.0, Some(280.0)),
            (900.0, 950.0, None),
        ] {
            let summed = package_poisson_sum(mean, lower, upper.unwrap_or(f64::INFINITY));
            let exact = exact_poisson_probability(mean, lower, upper);
            assert!((summed - exact).abs() < 1e-9, "{mean} {summed} {exact}");
        }
    }

    #[test]
    fn degenerate_input_is_refused() {
        assert!(proportion_funnel_limits(&[], 100.0).is_err());
        let bad = [FunnelArea {
            numerator: 5.0,
            denominator: 0.0,
        }];
        assert!(proportion_funnel_significance(&bad).is_err());
        assert!(ratio_funnel_significance(&bad).is_err());
        let none = [RateArea {
            events: 0.0,
            rate: None,
            denominator: Some(100.0),
        }];
        assert!(rate_funnel_limits(&none, RateType::Crude, 1e5, 1.0).is_err());
        let missing = [RateArea {
            events: 0.0,
            rate: Some(0.0),
            denominator: None,
        }];
        assert!(rate_funnel_significance(&missing, RateType::Crude, 1e5).is_err());
    }
}
