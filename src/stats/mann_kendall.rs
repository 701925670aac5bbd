//! Direction over time: the Mann–Kendall trend test and Sen's slope, reproducing the Python
//! package pymannkendall 1.4.3 (`original_test`, `hamed_rao_modification_test` and
//! `seasonal_test`).
//!
//! Input is `&[Option<f64>]`, one value per equally spaced time point. `None` and
//! `Some(NaN)` both mean "missing", as NaN does in pymannkendall: the test statistic is
//! computed on the values that are present (so a gap does not count as a tie), while Sen's
//! slope and its intercept keep each value at its original time position. Any infinite
//! value gives [`CannotCalculate`]; an `Ok` result never holds NaN or infinity.

use std::cmp::Ordering;

use statrs::distribution::{ContinuousCDF, Normal};

use super::CannotCalculate;

/// The significance level pymannkendall uses when none is given.
pub const DEFAULT_ALPHA: f64 = 0.05;

/// The period of monthly data for [`seasonal_test`].
pub const MONTHLY_PERIOD: usize = 12;

/// Direction of a trend, as pymannkendall words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Increasing,
    Decreasing,
    NoTrend,
}

impl Trend {
    /// pymannkendall's word for the trend: "increasing", "decreasing" or "no trend".
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Increasing => "increasing",
            Trend::Decreasing => "decreasing",
            Trend::NoTrend => "no trend",
        }
    }
}

/// Which autocorrelation lags the Hamed–Rao variance correction may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lags {
    /// Every lag the series allows (pymannkendall's `lag=None`).
    All,
    /// Lags 1 to the given number (pymannkendall's `lag=k`); lags beyond the series'
    /// length are ignored, because they have no autocorrelation to estimate.
    UpTo(usize),
}

/// Result of a Mann–Kendall test, with the fields pymannkendall returns.
#[derive(Debug, Clone, PartialEq)]
pub struct MannKendall {
    /// Direction, "no trend" unless significant at `alpha`.
    pub trend: Trend,
    /// Whether the trend is significant at `alpha` (pymannkendall's `h`).
    pub h: bool,
    /// Two-sided p-value from the standard normal distribution.
    pub p: f64,
    /// Normal score of S with the ±1 continuity correction.
    pub z: f64,
    /// Kendall's tau as pymannkendall computes it: S over the number of pairs, n(n−1)/2,
    /// with no tie adjustment.
    pub tau: f64,
    /// The Mann–Kendall score S.
    pub s: i64,
    /// Variance of S (tie corrected; for Hamed–Rao, also autocorrelation corrected).
    pub var_s: f64,
    /// Sen's slope per time step (per period for the seasonal test).
    pub slope: f64,
    /// Intercept of the Sen line at time position 0, as pymannkendall defines it.
    pub intercept: f64,
    /// Number of values present (not missing) that entered the test.
    pub n: usize,
}

/// The original Mann–Kendall test (pymannkendall `original_test`): S, the tie-corrected
/// variance of S, z with continuity correction, a two-sided normal p-value, Kendall's tau,
/// and Sen's slope with its intercept.
///
/// Fewer than 3 values present gives [`CannotCalculate`]. A series whose values are all
/// equal gives "no trend" with z = 0 and p = 1, as pymannkendall does.
pub fn original_test(series: &[Option<f64>], alpha: f64) -> Result<MannKendall, CannotCalculate> {
    let present = prepare(series, alpha)?;
    let (s, var_s, n) = mk_statistics(&present);
    let (slope, intercept) = sens_slope(series)?;
    assemble(s, var_s, pairs(n), slope, intercept, n, alpha)
}

/// The Hamed and Rao (1998) modified Mann–Kendall test (pymannkendall
/// `hamed_rao_modification_test`): the variance of S is multiplied by
/// 1 + 2/(n(n−1)(n−2)) · Σ (n−i)(n−i−1)(n−i−2) ρᵢ over the lags i whose autocorrelation ρᵢ
/// of the ranks of the Sen-detrended series lies outside the normal bounds ±z(1−α/2)/√n.
///
/// When the correction makes the variance negative (it can, for strongly negative
/// autocorrelation) pymannkendall returns NaN for z and p; here that is
/// [`CannotCalculate`]. When all values are equal the variance of S is 0 whatever the
/// correction, so `var_s` is 0 (pymannkendall gives NaN there, from 0 × NaN) and the
/// result is "no trend", z = 0, p = 1 exactly as pymannkendall gives. A series lying
/// exactly on a straight line (but not flat) has detrended ranks that do not vary, so the
/// autocorrelation is 0/0 (NaN in pymannkendall) and the answer is [`CannotCalculate`].
///
/// As in pymannkendall, the detrending uses the positions of the values present, 1 to n,
/// with gaps closed up, while Sen's slope keeps the original positions.
pub fn hamed_rao_test(
    series: &[Option<f64>],
    alpha: f64,
    lags: Lags,
) -> Result<MannKendall, CannotCalculate> {
    let present = prepare(series, alpha)?;
    let (s, var_s, n) = mk_statistics(&present);
    let (slope, intercept) = sens_slope(series)?;
    let var_s = if var_s > 0.0 {
        var_s * hamed_rao_factor(&present, slope, alpha, lags)?
    } else {
        var_s
    };
    if var_s < 0.0 {
        return Err(CannotCalculate::new(
            "the autocorrelation correction (Hamed–Rao) gives a negative variance for this \
             series, so the test has no answer; use the original test instead",
        ));
    }
    assemble(s, var_s, pairs(n), slope, intercept, n, alpha)
}

/// The seasonal Mann–Kendall test (Hirsch, Slack and Smith 1982; pymannkendall
/// `seasonal_test`): S, its variance and the number of pairs are summed over the seasons
/// (position modulo `period`), each season tested on its own values present; the slope is
/// the seasonal Sen's slope, the median of the within-season slopes per period, and the
/// intercept is pymannkendall's (median value − median time position / period × slope).
///
/// The series runs from the first season; a last incomplete period is allowed.
pub fn seasonal_test(
    series: &[Option<f64>],
    period: usize,
    alpha: f64,
) -> Result<MannKendall, CannotCalculate> {
    if period == 0 {
        return Err(CannotCalculate::new("the season length must be at least 1"));
    }
    let present = prepare(series, alpha)?;
    let mut s_total = 0_i64;
    let mut var_total = 0.0_f64;
    let mut pairs_total = 0.0_f64;
    let mut slopes = Vec::new();
    for season in 0..period {
        let column: Vec<Option<f64>> = series
            .iter()
            .skip(season)
            .step_by(period)
            .map(|v| missing_to_none(*v))
            .collect();
        let values: Vec<f64> = column.iter().flatten().copied().collect();
        let (s, var_s, n) = mk_statistics(&values);
        s_total += s;
        var_total += var_s;
        pairs_total += pairs(n);
        pairwise_slopes(&column, &mut slopes);
    }
    if pairs_total <= 0.0 {
        return Err(CannotCalculate::new(
            "no season has values in two different periods to compare",
        ));
    }
    let slope = median(&mut slopes).ok_or_else(|| {
        CannotCalculate::new("no season has values in two different periods to compare")
    })?;
    let intercept = median_value(series)? - median_position(series)? / period as f64 * slope;
    assemble(
        s_total,
        var_total,
        pairs_total,
        slope,
        intercept,
        present.len(),
        alpha,
    )
}

/// NaN inside `Some` is missing too, because pymannkendall's only missing marker is NaN.
fn missing_to_none(value: Option<f64>) -> Option<f64> {
    value.filter(|v| !v.is_nan())
}

/// Checks alpha and the values, and returns the values present in time order.
fn prepare(series: &[Option<f64>], alpha: f64) -> Result<Vec<f64>, CannotCalculate> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(CannotCalculate::new(
            "the significance level must be between 0 and 1",
        ));
    }
    let present: Vec<f64> = series.iter().filter_map(|v| missing_to_none(*v)).collect();
    if present.iter().any(|v| v.is_infinite()) {
        return Err(CannotCalculate::new(
            "the series contains an infinite value",
        ));
    }
    if present.len() < 3 {
        return Err(CannotCalculate::new(
            "a trend needs at least 3 values that are not missing",
        ));
    }
    Ok(present)
}

/// Number of pairs among n values, the denominator of pymannkendall's tau.
fn pairs(n: usize) -> f64 {
    let n = n as f64;
    0.5 * n * (n - 1.0)
}

/// S, the tie-corrected variance of S and n, for values with none missing.
fn mk_statistics(values: &[f64]) -> (i64, f64, usize) {
    let mut s = 0_i64;
    for (k, earlier) in values.iter().enumerate() {
        for later in values.iter().skip(k + 1) {
            // partial_cmp is total here: NaN was removed before this point.
            match later.partial_cmp(earlier) {
                Some(Ordering::Greater) => s += 1,
                Some(Ordering::Less) => s -= 1,
                _ => {}
            }
        }
    }
    let n = values.len();
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    // Groups by ==, not by total order, so that -0.0 and 0.0 tie as numpy.unique has them.
    let tie_term: f64 = sorted
        .chunk_by(|a, b| a == b)
        .map(|group| {
            let t = group.len() as f64;
            t * (t - 1.0) * (2.0 * t + 5.0)
        })
        .sum();
    let nf = n as f64;
    let var_s = (nf * (nf - 1.0) * (2.0 * nf + 5.0) - tie_term) / 18.0;
    (s, var_s, n)
}

/// Pairwise slopes (later − earlier)/(time gap) between values present, with time
/// positions kept across gaps, appended to `out`.
fn pairwise_slopes(series: &[Option<f64>], out: &mut Vec<f64>) {
    for (i, earlier) in series.iter().enumerate() {
        let Some(earlier) = missing_to_none(*earlier) else {
            continue;
        };
        for (j, later) in series.iter().enumerate().skip(i + 1) {
            if let Some(later) = missing_to_none(*later) {
                out.push((later - earlier) / (j - i) as f64);
            }
        }
    }
}

/// Median as numpy computes it (mean of the two middle values for an even count); None
/// for no values.
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values.get(mid).copied()
    } else {
        let upper = values.get(mid)?;
        let lower = values.get(mid.checked_sub(1)?)?;
        Some((lower + upper) / 2.0)
    }
}

fn median_value(series: &[Option<f64>]) -> Result<f64, CannotCalculate> {
    let mut values: Vec<f64> = series.iter().filter_map(|v| missing_to_none(*v)).collect();
    median(&mut values).ok_or_else(|| CannotCalculate::new("every value is missing"))
}

/// Median time position (0-based) of the values present, pymannkendall's intercept anchor.
fn median_position(series: &[Option<f64>]) -> Result<f64, CannotCalculate> {
    let mut positions: Vec<f64> = series
        .iter()
        .enumerate()
        .filter(|(_, v)| missing_to_none(**v).is_some())
        .map(|(i, _)| i as f64)
        .collect();
    median(&mut positions).ok_or_else(|| CannotCalculate::new("every value is missing"))
}

/// Sen's slope and pymannkendall's intercept: median value − median position × slope.
fn sens_slope(series: &[Option<f64>]) -> Result<(f64, f64), CannotCalculate> {
    let mut slopes = Vec::new();
    pairwise_slopes(series, &mut slopes);
    let slope = median(&mut slopes)
        .ok_or_else(|| CannotCalculate::new("a slope needs at least 2 values"))?;
    let intercept = median_value(series)? - median_position(series)? * slope;
    Ok((slope, intercept))
}

/// Average ranks (1-based; ties share the mean of their ranks), as scipy's `rankdata`.
fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<(usize, f64)> = values.iter().copied().enumerate().collect();
    order.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0_usize;
    for group in order.chunk_by(|a, b| a.1 == b.1) {
        // Ranks start..start+len (0-based) shared: their mean, 1-based.
        let mean_rank = start as f64 + (group.len() as f64 + 1.0) / 2.0;
        for (index, _) in group {
            if let Some(rank) = ranks.get_mut(*index) {
                *rank = mean_rank;
            }
        }
        start += group.len();
    }
    ranks
}

/// The Hamed–Rao factor n/n* by which the variance of S is multiplied.
fn hamed_rao_factor(
    present: &[f64],
    slope: f64,
    alpha: f64,
    lags: Lags,
) -> Result<f64, CannotCalculate> {
    let n = present.len();
    let nf = n as f64;
    // Detrended on the positions of the values present (1-based), as pymannkendall does,
    // even though the slope itself kept the original positions.
    let detrended: Vec<f64> = present
        .iter()
        .enumerate()
        .map(|(i, v)| v - (i + 1) as f64 * slope)
        .collect();
    if detrended.iter().any(|v| !v.is_finite()) {
        return Err(CannotCalculate::new(
            "the values are too large to remove the trend from",
        ));
    }
    let max_lag = match lags {
        Lags::All => n.saturating_sub(1),
        Lags::UpTo(k) => k.min(n.saturating_sub(1)),
    };
    if max_lag == 0 {
        // No lag examined: pymannkendall's sum is empty and the variance is unchanged.
        return Ok(1.0);
    }
    let ranks = average_ranks(&detrended);
    let mean = ranks.iter().sum::<f64>() / nf;
    let centred: Vec<f64> = ranks.iter().map(|r| r - mean).collect();
    let lag0: f64 = centred.iter().map(|y| y * y).sum();
    if lag0 <= 0.0 {
        return Err(CannotCalculate::new(
            "the series lies on a straight line, so the autocorrelation of what is left \
             after removing the trend is undefined (pymannkendall gives NaN); use the \
             original test instead",
        ));
    }
    let bound = standard_normal()?.inverse_cdf(1.0 - alpha / 2.0) / nf.sqrt();
    let mut sum = 0.0_f64;
    for lag in 1..=max_lag {
        let acov: f64 = centred
            .iter()
            .zip(centred.iter().skip(lag))
            .map(|(a, b)| a * b)
            .sum();
        let rho = acov / lag0;
        // Only autocorrelations significantly different from 0 enter the correction.
        if rho > bound || rho < -bound {
            let m = (n - lag) as f64;
            sum += m * (m - 1.0) * (m - 2.0) * rho;
        }
    }
    Ok(1.0 + 2.0 / (nf * (nf - 1.0) * (nf - 2.0)) * sum)
}

fn standard_normal() -> Result<Normal, CannotCalculate> {
    Normal::new(0.0, 1.0)
        .map_err(|_| CannotCalculate::new("the normal distribution could not be set up"))
}

/// z, p, h and trend from S and its variance, then the finiteness guarantee.
fn assemble(
    s: i64,
    var_s: f64,
    pair_count: f64,
    slope: f64,
    intercept: f64,
    n: usize,
    alpha: f64,
) -> Result<MannKendall, CannotCalculate> {
    let s_f = s as f64;
    let z = match s.cmp(&0) {
        Ordering::Equal => 0.0,
        // var_s is 0 only when every value ties, and then S is 0; checked for safety.
        _ if var_s <= 0.0 => {
            return Err(CannotCalculate::new(
                "the variance of the trend score is zero",
            ));
        }
        Ordering::Greater => (s_f - 1.0) / var_s.sqrt(),
        Ordering::Less => (s_f + 1.0) / var_s.sqrt(),
    };
    let normal = standard_normal()?;
    // Written as pymannkendall writes it, 2(1 − Φ(|z|)), so tiny p-values match its
    // rounding rather than a more accurate tail formula.
    let p = 2.0 * (1.0 - normal.cdf(z.abs()));
    let h = z.abs() > normal.inverse_cdf(1.0 - alpha / 2.0);
    let trend = match (h, z.partial_cmp(&0.0)) {
        (true, Some(Ordering::Greater)) => Trend::Increasing,
        (true, Some(Ordering::Less)) => Trend::Decreasing,
        _ => Trend::NoTrend,
    };
    let tau = s_f / pair_count;
    let result = MannKendall {
        trend,
        h,
        p: p.clamp(0.0, 1.0),
        z,
        tau,
        s,
        var_s,
        slope,
        intercept,
        n,
    };
    let all_finite = [
        result.p,
        result.z,
        result.tau,
        result.var_s,
        result.slope,
        result.intercept,
    ]
    .iter()
    .all(|v| v.is_finite());
    if all_finite {
        Ok(result)
    } else {
        Err(CannotCalculate::new(
            "the values are too large or too far apart to compute with",
        ))
    }
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

    fn some(values: &[f64]) -> Vec<Option<f64>> {
        values.iter().map(|v| Some(*v)).collect()
    }

    #[test]
    fn average_ranks_share_ties() {
        assert_eq!(
            average_ranks(&[3.0, 1.0, 3.0, 2.0]),
            vec![3.5, 1.0, 3.5, 2.0]
        );
    }

    #[test]
    fn numpy_median() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn tie_groups_treat_signed_zeros_as_equal() {
        let (_, with_zeros, _) = mk_statistics(&[-0.0, 0.0, 1.0]);
        let (_, plain, _) = mk_statistics(&[0.0, 0.0, 1.0]);
        assert_eq!(with_zeros, plain);
    }

    #[test]
    fn hamed_rao_on_a_straight_line() {
        let line = some(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!(hamed_rao_test(&line, DEFAULT_ALPHA, Lags::All).is_err());
        // With no lag examined the correction is 1, as in pymannkendall with lag=0.
        let none = hamed_rao_test(&line, DEFAULT_ALPHA, Lags::UpTo(0)).unwrap();
        assert_eq!(none, original_test(&line, DEFAULT_ALPHA).unwrap());
    }

    #[test]
    fn too_few_values_and_bad_input_are_refused() {
        assert!(original_test(&[Some(1.0), None, Some(2.0)], DEFAULT_ALPHA).is_err());
        assert!(original_test(&some(&[1.0, f64::INFINITY, 2.0, 3.0]), DEFAULT_ALPHA).is_err());
        assert!(original_test(&some(&[1.0, 2.0, 3.0]), 0.0).is_err());
        assert!(seasonal_test(&some(&[1.0, 2.0, 3.0]), 0, DEFAULT_ALPHA).is_err());
        // Every season holds a single value: nothing to compare within a season.
        assert!(seasonal_test(&some(&[1.0, 2.0, 3.0]), 12, DEFAULT_ALPHA).is_err());
    }
}
