//! Fingertips' recent-trend marker (fingertips-open `TrendMarkers/TrendMarkerCalculator`):
//! over the five most recent annual points, is there a significant increase or decrease?
//!
//! Two methods, both a one-degree-of-freedom chi-squared test for trend at 99.8%:
//!
//! - weighted regression on the confidence intervals, for rates and other values with a
//!   95% interval: each point weighted by 1/SE², SE = (upper − lower)/3.92;
//! - the chi-squared test for trend in proportions (logit scale), for indicators compared
//!   by SPC for proportions.
//!
//! A trend is only reported when every leave-one-out regression slope has the same sign as
//! the slope over all five points (Fingertips' outlier check), so one unusual year cannot
//! make or reverse a trend. Reference values: `tests/data/reference/fingertips_trend_marker.csv`.

use super::benchmark::Polarity;

/// Fingertips uses the five most recent points.
pub const POINTS_TO_USE: usize = 5;

/// The 99.8% point of chi-squared with one degree of freedom, Fingertips' threshold.
pub const CHI_SQUARED_998: f64 = 9.549_535_706_083_24;

/// Fingertips scales a 95% interval's width to a standard error with 2 × 1.96.
const CI95_WIDTH_IN_SES: f64 = 3.92;

/// Which test for trend to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendMethod {
    /// Weighted regression on the values with weights from their 95% intervals.
    WeightedRegressionOnCi,
    /// Chi-squared test for trend in proportions, with logit slopes for the outlier check
    /// (Fingertips' method for indicators compared by SPC for proportions).
    SpcForProportionsLogitChi2,
}

/// One year's figures. Missing figures are `None`; non-finite numbers and Fingertips' −1
/// placeholder count as missing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub year: i32,
    pub count: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    pub lower_ci95: Option<f64>,
    pub upper_ci95: Option<f64>,
}

/// The direction of a recent trend (Fingertips `TrendMarker`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendMarker {
    Increasing,
    Decreasing,
    NoSignificantChange,
    CannotBeCalculated,
}

/// The marker as a user reads it, with its judgement when the polarity gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendOutcome {
    IncreasingGettingBetter,
    IncreasingGettingWorse,
    DecreasingGettingBetter,
    DecreasingGettingWorse,
    Increasing,
    Decreasing,
    NoSignificantChange,
    CannotBeCalculated,
}

impl TrendOutcome {
    /// The words shown to the user (never colour alone).
    pub fn label(self) -> &'static str {
        match self {
            TrendOutcome::IncreasingGettingBetter => "Increasing and getting better",
            TrendOutcome::IncreasingGettingWorse => "Increasing and getting worse",
            TrendOutcome::DecreasingGettingBetter => "Decreasing and getting better",
            TrendOutcome::DecreasingGettingWorse => "Decreasing and getting worse",
            TrendOutcome::Increasing => "Increasing",
            TrendOutcome::Decreasing => "Decreasing",
            TrendOutcome::NoSignificantChange => "No significant change",
            TrendOutcome::CannotBeCalculated => "Cannot be calculated",
        }
    }
}

/// The recent-trend result (Fingertips `TrendMarkerResult`).
#[derive(Debug, Clone, PartialEq)]
pub struct RecentTrend {
    pub marker: TrendMarker,
    pub is_significant: bool,
    /// The chi-squared statistic over the points used; 0 when it cannot be calculated.
    pub chi_squared: f64,
    pub points_used: usize,
    /// Why the trend cannot be calculated, when it cannot.
    pub reason: Option<String>,
}

impl RecentTrend {
    fn cannot(reason: &str) -> RecentTrend {
        RecentTrend {
            marker: TrendMarker::CannotBeCalculated,
            is_significant: false,
            chi_squared: 0.0,
            points_used: POINTS_TO_USE,
            reason: Some(reason.to_string()),
        }
    }

    /// The marker with its meaning for an indicator of this polarity: "getting better" or
    /// "getting worse" where the polarity judges direction.
    pub fn outcome(&self, polarity: Polarity) -> TrendOutcome {
        match (self.marker, polarity) {
            (TrendMarker::CannotBeCalculated, _) => TrendOutcome::CannotBeCalculated,
            (TrendMarker::NoSignificantChange, _) => TrendOutcome::NoSignificantChange,
            (TrendMarker::Increasing, Polarity::HighIsGood) => {
                TrendOutcome::IncreasingGettingBetter
            }
            (TrendMarker::Increasing, Polarity::LowIsGood) => TrendOutcome::IncreasingGettingWorse,
            (TrendMarker::Decreasing, Polarity::HighIsGood) => TrendOutcome::DecreasingGettingWorse,
            (TrendMarker::Decreasing, Polarity::LowIsGood) => TrendOutcome::DecreasingGettingBetter,
            (TrendMarker::Increasing, _) => TrendOutcome::Increasing,
            (TrendMarker::Decreasing, _) => TrendOutcome::Decreasing,
        }
    }
}

/// A usable figure: present, finite and not Fingertips' −1 placeholder.
fn present(figure: Option<f64>) -> Option<f64> {
    figure.filter(|x| x.is_finite() && *x != -1.0)
}

/// A point as the calculation uses it, its position t = 1…5 counted from the oldest.
#[derive(Debug, Clone, Copy)]
struct Used {
    t: f64,
    count: f64,
    denominator: f64,
    value: f64,
    lower: Option<f64>,
    upper: Option<f64>,
}

/// Fingertips `TrendRequest.ValidData`: the valid points counting back from the most recent
/// year until the first invalid one, because a trend must run over an unbroken series.
/// Positions are not yet numbered (t = 0).
fn valid_run(points: &[TrendPoint]) -> Result<Vec<Used>, &'static str> {
    let mut sorted: Vec<&TrendPoint> = points.iter().collect();
    sorted.sort_by_key(|point| std::cmp::Reverse(point.year));
    if sorted
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.year == b.year))
    {
        return Err("two figures are given for the same year");
    }
    let mut run = Vec::new();
    for point in sorted {
        let usable = (
            present(point.value),
            present(point.count).filter(|c| *c >= 0.0),
            present(point.denominator).filter(|n| *n > 0.0),
        );
        match usable {
            (Some(value), Some(count), Some(denominator)) => run.push(Used {
                t: 0.0,
                count,
                denominator,
                value,
                lower: present(point.lower_ci95),
                upper: present(point.upper_ci95),
            }),
            _ => break,
        }
    }
    Ok(run)
}

/// Fingertips' recent-trend marker for annual figures.
///
/// `year_range` is the number of years each figure covers: Fingertips only calculates the
/// recent trend for single-year figures, so any other value cannot be calculated. Fewer
/// than five valid most-recent points, a missing interval (weighted regression), or a
/// count of 0 or equal to its denominator (proportions, whose logit is then infinite) also
/// give [`TrendMarker::CannotBeCalculated`] with the reason. Never panics; the chi-squared
/// value is always finite.
pub fn recent_trend(method: TrendMethod, year_range: u32, points: &[TrendPoint]) -> RecentTrend {
    if year_range != 1 {
        return RecentTrend::cannot(
            "the recent trend is only calculated for figures covering a single year",
        );
    }
    if points.len() < POINTS_TO_USE {
        return RecentTrend::cannot("there are fewer than 5 data points");
    }
    let run = match valid_run(points) {
        Ok(run) => run,
        Err(reason) => return RecentTrend::cannot(reason),
    };
    if run.len() < POINTS_TO_USE {
        return RecentTrend::cannot("there are fewer than 5 recent data points with valid values");
    }
    // The five most recent, oldest first, numbered 1…5.
    let used: Vec<Used> = run
        .iter()
        .take(POINTS_TO_USE)
        .rev()
        .zip(1u32..)
        .map(|(point, t)| Used {
            t: f64::from(t),
            ..*point
        })
        .collect();
    let tested = match method {
        TrendMethod::WeightedRegressionOnCi => weighted_regression(&used),
        TrendMethod::SpcForProportionsLogitChi2 => proportions_chi2(&used),
    };
    match tested {
        Err(reason) => RecentTrend::cannot(reason),
        Ok((chi_squared, slope, consistent)) => {
            let is_significant = consistent && chi_squared > CHI_SQUARED_998;
            let marker = if !is_significant {
                TrendMarker::NoSignificantChange
            } else if slope > 0.0 {
                TrendMarker::Increasing
            } else {
                TrendMarker::Decreasing
            };
            RecentTrend {
                marker,
                is_significant,
                chi_squared,
                points_used: POINTS_TO_USE,
                reason: None,
            }
        }
    }
}

/// Whether the slope without each point in turn keeps the sign of the slope over all
/// points (Fingertips counts a zero slope as positive).
fn same_sign_throughout(all: f64, leave_one_out: impl Iterator<Item = f64>) -> bool {
    let positive = all >= 0.0;
    leave_one_out.into_iter().all(|s| (s >= 0.0) == positive)
}

/// Weighted least squares of value on t with weights 1/SE²; returns (χ², slope, consistent).
fn weighted_regression(used: &[Used]) -> Result<(f64, f64, bool), &'static str> {
    let mut weighted = Vec::with_capacity(used.len());
    for point in used {
        let (Some(lower), Some(upper)) = (point.lower, point.upper) else {
            return Err("a recent data point has no confidence interval");
        };
        let se = (upper - lower) / CI95_WIDTH_IN_SES;
        // A zero-width interval would give an infinite weight.
        if !(se.is_finite() && se > 0.0) {
            return Err("a recent data point's confidence interval has no width");
        }
        weighted.push((point.t, point.value, 1.0 / (se * se)));
    }
    let fit = |skip: Option<f64>| -> (f64, f64) {
        let (mut w, mut wyt, mut wt, mut wy, mut wt2) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(t, y, weight) in weighted.iter().filter(|p| Some(p.0) != skip) {
            w += weight;
            wyt += weight * y * t;
            wt += weight * t;
            wy += weight * y;
            wt2 += weight * t * t;
        }
        let det = w * wt2 - wt * wt;
        let slope = (w * wyt - wt * wy) / det;
        let slope_se = (w / det).sqrt();
        (slope, slope_se)
    };
    let (slope, slope_se) = fit(None);
    let chi_squared = (slope / slope_se).powi(2);
    if !(slope.is_finite() && chi_squared.is_finite()) {
        return Err("the regression could not be fitted to these values");
    }
    let consistent = same_sign_throughout(slope, used.iter().map(|p| fit(Some(p.t)).0));
    Ok((chi_squared, slope, consistent))
}

/// Chi-squared test for trend in proportions (Armitage):
/// N(N·Σc·t − C·Σn·t)² / (C(N − C)(N·Σn·t² − (Σn·t)²)), with the sign check on ordinary
/// least-squares slopes of logit(c/n) on t. Returns (χ², logit slope, consistent).
///
/// The marker's direction comes from the logit slope over all five points: Fingertips' own
/// code leaves its slope unset on this path (so a significant trend would always read as
/// decreasing), which is not reproduced.
fn proportions_chi2(used: &[Used]) -> Result<(f64, f64, bool), &'static str> {
    let mut logits = Vec::with_capacity(used.len());
    for point in used {
        // Fingertips refuses a count equal to its denominator; a zero count (or one above
        // the denominator) breaks the logit in the same way.
        if point.count <= 0.0 || point.count >= point.denominator {
            return Err(
                "a recent count is 0 or not below its denominator, so the trend in proportions cannot be tested",
            );
        }
        logits.push((
            point.t,
            (point.count / (point.denominator - point.count)).ln(),
        ));
    }
    let (mut n, mut c, mut ct, mut nt, mut nt2) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for point in used {
        n += point.denominator;
        c += point.count;
        ct += point.count * point.t;
        nt += point.denominator * point.t;
        nt2 += point.denominator * point.t * point.t;
    }
    let chi_squared = n * (n * ct - c * nt).powi(2) / (c * (n - c) * (n * nt2 - nt * nt));
    if !chi_squared.is_finite() {
        return Err("the test for trend could not be calculated for these counts");
    }
    let slope_without = |skip: Option<f64>| -> f64 {
        let (mut k, mut y, mut ty, mut t, mut t2) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(ti, yi) in logits.iter().filter(|p| Some(p.0) != skip) {
            k += 1.0;
            y += yi;
            ty += ti * yi;
            t += ti;
            t2 += ti * ti;
        }
        (k * ty - y * t) / (k * t2 - t * t)
    };
    let slope = slope_without(None);
    if !slope.is_finite() {
        return Err("the trend in proportions could not be fitted to these counts");
    }
    let consistent = same_sign_throughout(slope, used.iter().map(|p| slope_without(Some(p.t))));
    Ok((chi_squared, slope, consistent))
}
