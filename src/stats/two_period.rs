//! Is a change between two counts real? The exact conditional test for two Poisson counts.
//!
//! Given `count1` events over `exposure1` (the current period) and `count2` over `exposure2`
//! (the baseline), and conditioning on the total `n = count1 + count2`, `count1` is
//! Binomial(n, p0) with `p0 = exposure1 / (exposure1 + exposure2)` when the two underlying
//! rates are equal. That turns the comparison into an exact binomial test, reproduced here as
//! `scipy.stats.binomtest` computes it, with the Clopper–Pearson interval for the binomial
//! proportion mapped onto the rate ratio.

use std::fmt;

use statrs::distribution::{Binomial, Discrete};
use statrs::function::beta::checked_beta_reg;

use super::CannotCalculate;

/// scipy's `binomtest` treats outcomes whose probability is within this relative tolerance of
/// the observed outcome's as "no more likely", so ties computed with rounding error count.
const SCIPY_RELATIVE_TOLERANCE: f64 = 1e-7;

/// Tail sums stop once a term can no longer change the total in double precision.
const NEGLIGIBLE_TERM: f64 = 1e-18;

/// How the test is run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TestOptions {
    /// Two-sided significance level; the confidence interval is at `1 − significance_level`.
    pub significance_level: f64,
}

impl Default for TestOptions {
    /// The 5% level (95% confidence interval) used in official statistics.
    fn default() -> TestOptions {
        TestOptions {
            significance_level: 0.05,
        }
    }
}

/// What the test says about the change, at the chosen significance level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    SignificantIncrease,
    SignificantDecrease,
    NoSignificantChange,
    /// No events in either period, so there is nothing to test.
    NotTestable,
}

impl Verdict {
    /// The verdict in the plain words a board report uses.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::SignificantIncrease => "statistically significant increase",
            Verdict::SignificantDecrease => "statistically significant decrease",
            Verdict::NoSignificantChange => "no significant change",
            Verdict::NotTestable => "not testable: no events in either period",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

/// The change in rate from the baseline to the current period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// Percentage change in rate, `(rate ratio − 1) × 100`.
    Percent(f64),
    /// Events now where the baseline had none: a percentage would be infinite.
    New,
    /// No events in either period.
    NoEvents,
}

impl Change {
    /// The change from a baseline count to a current count over the given exposures.
    /// Exposures are assumed already checked (finite, positive).
    fn from_rates(current: u64, exposure1: f64, baseline: u64, exposure2: f64) -> Change {
        match (current, baseline) {
            (0, 0) => Change::NoEvents,
            (_, 0) => Change::New,
            _ => {
                Change::Percent((rate_ratio(current, exposure1, baseline, exposure2) - 1.0) * 100.0)
            }
        }
    }
}

/// A percentage ready to print to one decimal place, as a report or a spreadsheet's ROUND
/// writes it: an exact half rounds away from zero (−6.25% → −6.3%), where Rust's formatting
/// alone would round it to even (−6.2%).
pub fn one_decimal(p: f64) -> f64 {
    // The only exact halves at one decimal place are odd multiples of 0.25 (a binary
    // fraction); multiplying by 4 is exact, so they are found without error.
    let quarters = p * 4.0;
    if quarters.fract() == 0.0 && quarters % 2.0 != 0.0 {
        (p * 10.0).round() / 10.0
    } else {
        p
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Percent(p) => write!(f, "{:+.1}%", one_decimal(*p)),
            Change::New => f.write_str("new (none in the baseline)"),
            Change::NoEvents => f.write_str("no change (none in either period)"),
        }
    }
}

/// A confidence interval for the rate ratio; `upper` is `None` when it is unbounded (no
/// events in the baseline).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRatioInterval {
    pub lower: f64,
    pub upper: Option<f64>,
}

/// The exact conditional test's results.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExactTest {
    /// Two-sided exact p-value, as `scipy.stats.binomtest(count1, n, p0)`: the total
    /// probability of outcomes no more likely than the one observed.
    pub p_value: f64,
    /// Mid-p value: the exact p-value less half the probability of the observed outcome.
    pub mid_p_value: f64,
    /// The confidence level of both intervals, `1 − significance_level`.
    pub confidence_level: f64,
    /// Clopper–Pearson interval for the conditional proportion `count1 / n`.
    pub proportion_lower: f64,
    pub proportion_upper: f64,
    /// The Clopper–Pearson interval transformed to the rate ratio,
    /// `RR = p / (1 − p) × exposure2 / exposure1`.
    pub rate_ratio_interval: RateRatioInterval,
}

/// A current count compared with a baseline count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoPeriodComparison {
    pub current: u64,
    pub current_exposure: f64,
    pub baseline: u64,
    pub baseline_exposure: f64,
    /// Current rate ÷ baseline rate; `None` when the baseline is zero (unbounded, or
    /// undefined when both are zero).
    pub rate_ratio: Option<f64>,
    pub change: Change,
    /// `None` only when both counts are zero (nothing to test).
    pub test: Option<ExactTest>,
    pub verdict: Verdict,
}

/// Compares two counts at the 5% level. See [`compare_counts_with`].
pub fn compare_counts(
    current: u64,
    current_exposure: f64,
    baseline: u64,
    baseline_exposure: f64,
) -> Result<TwoPeriodComparison, CannotCalculate> {
    compare_counts_with(
        current,
        current_exposure,
        baseline,
        baseline_exposure,
        TestOptions::default(),
    )
}

/// Compares a current count with a baseline count by the exact conditional (binomial) test
/// for two Poisson rates: two-sided p-value as `scipy.stats.binomtest`, mid-p, and the
/// Clopper–Pearson interval transformed to the rate ratio.
///
/// Exposures (months, population, …) must be finite and positive.
pub fn compare_counts_with(
    current: u64,
    current_exposure: f64,
    baseline: u64,
    baseline_exposure: f64,
    options: TestOptions,
) -> Result<TwoPeriodComparison, CannotCalculate> {
    check_exposure("current", current_exposure)?;
    check_exposure("baseline", baseline_exposure)?;
    let alpha = options.significance_level;
    if !(alpha.is_finite() && alpha > 0.0 && alpha < 1.0) {
        return Err(CannotCalculate::new(format!(
            "the significance level must be between 0 and 1 (exclusive), not {alpha}"
        )));
    }

    let change = Change::from_rates(current, current_exposure, baseline, baseline_exposure);
    if let Change::Percent(p) = change
        && !p.is_finite()
    {
        return Err(scale_error());
    }
    let rate_ratio = match baseline {
        0 => None,
        _ => Some(rate_ratio(
            current,
            current_exposure,
            baseline,
            baseline_exposure,
        )),
    };

    let Some(n) = current.checked_add(baseline) else {
        return Err(CannotCalculate::new(
            "the two counts together are too large to add up",
        ));
    };
    if n == 0 {
        return Ok(TwoPeriodComparison {
            current,
            current_exposure,
            baseline,
            baseline_exposure,
            rate_ratio,
            change,
            test: None,
            verdict: Verdict::NotTestable,
        });
    }

    let p0 = current_exposure / (current_exposure + baseline_exposure);
    if !(p0.is_finite() && p0 > 0.0 && p0 < 1.0) {
        return Err(scale_error());
    }
    let exposure_ratio = baseline_exposure / current_exposure;
    if !(exposure_ratio.is_finite() && exposure_ratio > 0.0) {
        return Err(scale_error());
    }

    let p_value = binomtest_two_sided(current, n, p0)?;
    let observed = binomial(p0, n)?.pmf(current);
    // Never below zero: the observed outcome is always counted in the p-value.
    let mid_p_value = (p_value - 0.5 * observed).max(0.0);
    let (proportion_lower, proportion_upper) = clopper_pearson(current, n, alpha)?;
    let to_ratio = |p: f64| p / (1.0 - p) * exposure_ratio;
    let lower = to_ratio(proportion_lower);
    let upper = if current == n {
        None
    } else {
        Some(to_ratio(proportion_upper))
    };
    if !lower.is_finite() || upper.is_some_and(|u| !u.is_finite()) {
        return Err(scale_error());
    }
    let test = ExactTest {
        p_value,
        mid_p_value,
        confidence_level: 1.0 - alpha,
        proportion_lower,
        proportion_upper,
        rate_ratio_interval: RateRatioInterval { lower, upper },
    };

    let current_rate_higher = (current as f64) / p0 > (n as f64);
    let current_rate_lower = (current as f64) / p0 < (n as f64);
    let verdict = if p_value < alpha && current_rate_higher {
        Verdict::SignificantIncrease
    } else if p_value < alpha && current_rate_lower {
        Verdict::SignificantDecrease
    } else {
        Verdict::NoSignificantChange
    };

    Ok(TwoPeriodComparison {
        current,
        current_exposure,
        baseline,
        baseline_exposure,
        rate_ratio,
        change,
        test: Some(test),
        verdict,
    })
}

fn check_exposure(which: &str, exposure: f64) -> Result<(), CannotCalculate> {
    if exposure.is_finite() && exposure > 0.0 {
        Ok(())
    } else {
        Err(CannotCalculate::new(format!(
            "the {which} period's exposure must be a positive number, not {exposure}"
        )))
    }
}

fn scale_error() -> CannotCalculate {
    CannotCalculate::new("the two exposures differ too much in scale to compare the rates")
}

/// Current rate ÷ baseline rate; caller guarantees a non-zero baseline.
fn rate_ratio(current: u64, exposure1: f64, baseline: u64, exposure2: f64) -> f64 {
    (current as f64 / exposure1) / (baseline as f64 / exposure2)
}

fn binomial(p: f64, n: u64) -> Result<Binomial, CannotCalculate> {
    Binomial::new(p, n).map_err(|e| CannotCalculate::new(format!("the binomial model failed: {e}")))
}

/// Sums `pmf(j)` from `start` stepping by `step` (±1) until past the support or the terms no
/// longer matter. The caller starts at or beyond the side of the mode it walks away from, so
/// terms only shrink and stopping early loses nothing measurable.
fn tail_sum(dist: &Binomial, start: u64, upward: bool) -> f64 {
    let n = dist.n();
    let mut total = 0.0;
    let mut j = start;
    loop {
        let term = dist.pmf(j);
        total += term;
        if term == 0.0 || term < total * NEGLIGIBLE_TERM {
            break;
        }
        let next = if upward {
            j.checked_add(1)
        } else {
            j.checked_sub(1)
        };
        match next {
            Some(next) if next <= n => j = next,
            _ => break,
        }
    }
    total
}

/// Two-sided p-value of `scipy.stats.binomtest(k, n, p)`: the probability of all outcomes
/// whose probability does not exceed the observed outcome's (times 1 + 1e-7), found on the
/// far side of the mean by binary search because the pmf is monotone there.
fn binomtest_two_sided(k: u64, n: u64, p: f64) -> Result<f64, CannotCalculate> {
    let dist = binomial(p, n)?;
    let threshold = dist.pmf(k) * (1.0 + SCIPY_RELATIVE_TOLERANCE);
    let mean = p * n as f64;
    let kf = k as f64;
    if kf == mean {
        return Ok(1.0);
    }
    let pvalue = if kf < mean {
        // Far side: the smallest j in [ceil(mean), n] with pmf(j) <= threshold; pmf is
        // non-increasing there.
        let lo_start = (mean.ceil() as u64).min(n);
        let far = first_at_or_below(lo_start, n, |j| dist.pmf(j) <= threshold);
        let far_tail = far.map_or(0.0, |j| tail_sum(&dist, j, true));
        tail_sum(&dist, k, false) + far_tail
    } else {
        // Far side: the largest j in [0, floor(mean)] with pmf(j) <= threshold; pmf is
        // non-decreasing there.
        let hi_end = (mean.floor() as u64).min(n);
        let far = last_at_or_below(0, hi_end, |j| dist.pmf(j) <= threshold);
        let far_tail = far.map_or(0.0, |j| tail_sum(&dist, j, false));
        tail_sum(&dist, k, true) + far_tail
    };
    Ok(pvalue.min(1.0))
}

/// Smallest j in [lo, hi] with `ok(j)`, given `ok` is false then true along the range.
fn first_at_or_below(lo: u64, hi: u64, ok: impl Fn(u64) -> bool) -> Option<u64> {
    if lo > hi || !ok(hi) {
        return None;
    }
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) { hi = mid } else { lo = mid + 1 }
    }
    Some(lo)
}

/// Largest j in [lo, hi] with `ok(j)`, given `ok` is true then false along the range.
fn last_at_or_below(lo: u64, hi: u64, ok: impl Fn(u64) -> bool) -> Option<u64> {
    if lo > hi || !ok(lo) {
        return None;
    }
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if ok(mid) { lo = mid } else { hi = mid - 1 }
    }
    Some(lo)
}

/// Clopper–Pearson ("exact") interval for a binomial proportion, as scipy's
/// `BinomTestResult.proportion_ci(method="exact")`: the Beta(k, n−k+1) quantile at α/2 and
/// the Beta(k+1, n−k) quantile at 1−α/2, each found by bisection on the regularized
/// incomplete beta function (robust where a closed-form inverse loses accuracy).
fn clopper_pearson(k: u64, n: u64, alpha: f64) -> Result<(f64, f64), CannotCalculate> {
    let kf = k as f64;
    let nf = n as f64;
    let lower = if k == 0 {
        0.0
    } else {
        beta_quantile(kf, nf - kf + 1.0, alpha / 2.0)?
    };
    let upper = if k == n {
        1.0
    } else {
        beta_quantile(kf + 1.0, nf - kf, 1.0 - alpha / 2.0)?
    };
    Ok((lower, upper))
}

/// The `q` quantile of Beta(a, b) by bisection to full double precision.
fn beta_quantile(a: f64, b: f64, q: f64) -> Result<f64, CannotCalculate> {
    let cdf = |x: f64| {
        checked_beta_reg(a, b, x)
            .map_err(|e| CannotCalculate::new(format!("the beta distribution failed: {e}")))
    };
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    // 1100 halvings reach the smallest subnormal; in practice the loop ends when the
    // midpoint stops moving.
    for _ in 0..1100 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if cdf(mid)? < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(0.5 * (lo + hi))
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
    fn exact_halves_round_away_from_zero_as_reports_do() {
        let shown = |p: f64| format!("{:+.1}", one_decimal(p));
        assert_eq!(shown(-6.25), "-6.3");
        assert_eq!(shown(6.25), "+6.3");
        assert_eq!(shown(0.75), "+0.8");
        assert_eq!(shown(-0.25), "-0.3");
        // Not exact halves: left to ordinary (correct) rounding.
        assert_eq!(shown(6.5), "+6.5");
        assert_eq!(shown(0.15), "+0.1");
        assert_eq!(shown(20.4), "+20.4");
        assert_eq!(shown(-100.0), "-100.0");
        assert_eq!(Change::Percent(-6.25).to_string(), "-6.3%");
    }

    #[test]
    fn binary_searches_find_boundaries() {
        assert_eq!(first_at_or_below(0, 10, |j| j >= 4), Some(4));
        assert_eq!(first_at_or_below(0, 10, |_| false), None);
        assert_eq!(last_at_or_below(0, 10, |j| j <= 7), Some(7));
        assert_eq!(last_at_or_below(0, 10, |_| false), None);
        assert_eq!(last_at_or_below(0, 0, |_| true), Some(0));
    }

    #[test]
    fn beta_quantile_of_uniform_is_identity() {
        let q = beta_quantile(1.0, 1.0, 0.025).unwrap();
        assert!((q - 0.025).abs() < 1e-15);
    }
}

/// Is a change in a rate or proportion real? The interval-based comparison UK public health
/// uses for estimates with confidence intervals: the change is significant when the two
/// periods' 95% intervals do not overlap (Fingertips' double-overlapping-intervals method,
/// [`crate::stats::benchmark::ComparatorMethod::DoubleOverlappingCis`]). Conservative by
/// design: it can miss a real change, but never calls noise a change.
pub fn compare_estimates(
    current: &crate::stats::benchmark::ValueWithCis,
    baseline: &crate::stats::benchmark::ValueWithCis,
) -> Verdict {
    use crate::stats::benchmark::{ComparatorMethod, Comparison, Polarity, compare};
    match compare(
        ComparatorMethod::DoubleOverlappingCis,
        current,
        baseline,
        Polarity::NoJudgement,
    ) {
        Comparison::Higher | Comparison::MuchHigher => Verdict::SignificantIncrease,
        Comparison::Lower | Comparison::MuchLower => Verdict::SignificantDecrease,
        Comparison::Similar => Verdict::NoSignificantChange,
        _ => Verdict::NotTestable,
    }
}

#[cfg(test)]
mod estimate_tests {
    #![allow(clippy::panic)]
    use super::*;
    use crate::stats::benchmark::ValueWithCis;
    use crate::stats::intervals::phe_rate;

    fn rate(count: f64, population: f64) -> ValueWithCis {
        let r = phe_rate(count, population, 1_000.0).unwrap_or_else(|e| panic!("{e}"));
        ValueWithCis::new(r.value).with_ci95(r.ci95.lower, r.ci95.upper)
    }

    #[test]
    fn separate_intervals_are_a_real_change_and_overlapping_ones_are_not() {
        // 1,204 vs 1,000 events in the same population: 95% intervals do not overlap.
        assert_eq!(
            compare_estimates(&rate(1_204.0, 50_000.0), &rate(1_000.0, 50_000.0)),
            Verdict::SignificantIncrease
        );
        assert_eq!(
            compare_estimates(&rate(1_000.0, 50_000.0), &rate(1_204.0, 50_000.0)),
            Verdict::SignificantDecrease
        );
        // 24 vs 15: the intervals overlap, so no significant change.
        assert_eq!(
            compare_estimates(&rate(15.0, 50_000.0), &rate(24.0, 50_000.0)),
            Verdict::NoSignificantChange
        );
        // Without intervals there is nothing to compare.
        assert_eq!(
            compare_estimates(&ValueWithCis::new(1.0), &ValueWithCis::new(2.0)),
            Verdict::NotTestable
        );
    }
}
