//! Statistical process control in the NHS "Making Data Count" style: the XmR (individuals)
//! chart and special-cause rules of NHSRplotthedots 0.2.2 (`ptd_spc()`), as its source and
//! reference output (`tests/data/reference/spc_xmr_*.csv`) define them.
//!
//! The reference was generated with the package's current rule code, which labels each
//! special cause (`special_cause_type`) and splits the neutral point type into
//! `special_cause_neutral_high` / `special_cause_neutral_low`; this module follows that.

use super::CannotCalculate;

/// Process limits sit this many mean moving ranges from the mean (3 sigma, d2 = 1.128).
const LIMIT: f64 = 2.66;
/// Moving ranges above this many mean moving ranges are screened out (the D4 constant).
const SCREEN: f64 = 3.267;
/// The package warns when a group has fewer points than this.
const SHORT_GROUP: usize = 12;

/// Which way is better for the measure being charted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImprovementDirection {
    /// Higher values are better (the package's default).
    #[default]
    Increase,
    /// Lower values are better (most crime counts).
    Decrease,
    /// Neither direction is better; special causes are only "high" or "low".
    Neutral,
}

impl ImprovementDirection {
    /// The package's integer coding: increase 1, decrease −1, neutral 0.
    fn sign(self) -> i8 {
        match self {
            ImprovementDirection::Increase => 1,
            ImprovementDirection::Decrease => -1,
            ImprovementDirection::Neutral => 0,
        }
    }
}

/// Options of `ptd_spc()` that affect the XmR calculation.
#[derive(Debug, Clone, PartialEq)]
pub struct SpcOptions {
    pub improvement_direction: ImprovementDirection,
    /// Drop moving ranges above 3.267 × the mean moving range before recomputing it
    /// (the package's default is `true`).
    pub screen_outliers: bool,
    /// Compute each group's mean and limits from only its first N points.
    pub fix_after_n_points: Option<usize>,
    /// Zero-based indices of points that start a new rebase group (the package takes
    /// dates; index 24 here is the 25th point).
    pub rebase_at_index: Vec<usize>,
    /// A target for the assurance icon.
    pub target: Option<f64>,
}

impl Default for SpcOptions {
    fn default() -> SpcOptions {
        SpcOptions {
            improvement_direction: ImprovementDirection::Increase,
            screen_outliers: true,
            fix_after_n_points: None,
            rebase_at_index: Vec::new(),
            target: None,
        }
    }
}

/// Which special-cause rule a point is flagged by, in the package's priority order
/// (outside limits, then trend, then 2 in 3, then run on one side of the mean).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialCauseType {
    CommonCause,
    AboveUcl,
    BelowLcl,
    TrendIncreasing,
    TrendDecreasing,
    TwoInThreeAbove,
    TwoInThreeBelow,
    SevenAbove,
    SevenBelow,
}

impl SpecialCauseType {
    /// The package's label, e.g. `"7 Point Trend (Increasing)"`.
    pub fn label(self) -> &'static str {
        match self {
            SpecialCauseType::CommonCause => "Common Cause",
            SpecialCauseType::AboveUcl => "Above UCL",
            SpecialCauseType::BelowLcl => "Below LCL",
            SpecialCauseType::TrendIncreasing => "7 Point Trend (Increasing)",
            SpecialCauseType::TrendDecreasing => "7 Point Trend (Decreasing)",
            SpecialCauseType::TwoInThreeAbove => "2 in 3 Above CL",
            SpecialCauseType::TwoInThreeBelow => "2 in 3 Below CL",
            SpecialCauseType::SevenAbove => "7 Points Above CL",
            SpecialCauseType::SevenBelow => "7 Points Below CL",
        }
    }

    /// +1 for a high signal, −1 for a low one, 0 for none (the package reads this from
    /// the words "Above"/"Increasing" and "Below"/"Decreasing" in the label).
    fn direction(self) -> i8 {
        match self {
            SpecialCauseType::CommonCause => 0,
            SpecialCauseType::AboveUcl
            | SpecialCauseType::TrendIncreasing
            | SpecialCauseType::TwoInThreeAbove
            | SpecialCauseType::SevenAbove => 1,
            SpecialCauseType::BelowLcl
            | SpecialCauseType::TrendDecreasing
            | SpecialCauseType::TwoInThreeBelow
            | SpecialCauseType::SevenBelow => -1,
        }
    }
}

/// The Making Data Count point colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointType {
    CommonCause,
    SpecialCauseImprovement,
    SpecialCauseConcern,
    SpecialCauseNeutralHigh,
    SpecialCauseNeutralLow,
}

impl PointType {
    /// The package's label, e.g. `"special_cause_improvement"`.
    pub fn label(self) -> &'static str {
        match self {
            PointType::CommonCause => "common_cause",
            PointType::SpecialCauseImprovement => "special_cause_improvement",
            PointType::SpecialCauseConcern => "special_cause_concern",
            PointType::SpecialCauseNeutralHigh => "special_cause_neutral_high",
            PointType::SpecialCauseNeutralLow => "special_cause_neutral_low",
        }
    }

    fn is_neutral(self) -> bool {
        matches!(
            self,
            PointType::SpecialCauseNeutralHigh | PointType::SpecialCauseNeutralLow
        )
    }
}

/// The assurance icon: can the process be relied on to meet the target?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssuranceType {
    ConsistentPass,
    ConsistentFail,
    Inconsistent,
}

impl AssuranceType {
    /// The package's label, e.g. `"consistent_pass"`.
    pub fn label(self) -> &'static str {
        match self {
            AssuranceType::ConsistentPass => "consistent_pass",
            AssuranceType::ConsistentFail => "consistent_fail",
            AssuranceType::Inconsistent => "inconsistent",
        }
    }
}

/// One point of an XmR chart, as a row of the `ptd_spc()` data frame.
#[derive(Debug, Clone, PartialEq)]
pub struct SpcPoint {
    pub y: f64,
    /// Number of rebase points at or before this one (the package's `cumsum(rebase)`).
    pub rebase_group: usize,
    pub mean: f64,
    pub lpl: f64,
    pub upl: f64,
    pub outside_limits: bool,
    /// Sign of `y − mean`: 1, −1 or 0.
    pub relative_to_mean: i8,
    /// Beyond two-thirds of the way from the mean to a limit, but not outside it.
    pub close_to_limits: bool,
    pub special_cause_type: SpecialCauseType,
    pub point_type: PointType,
}

/// The chart's summary: the last point's limits, counts and the two icons.
#[derive(Debug, Clone, PartialEq)]
pub struct SpcSummary {
    pub n: usize,
    /// Number of rebase groups.
    pub groups: usize,
    pub last_mean: f64,
    pub last_lpl: f64,
    pub last_upl: f64,
    pub n_special_cause_improvement: usize,
    pub n_special_cause_concern: usize,
    /// High and low neutral special causes together.
    pub n_special_cause_neutral: usize,
    /// The variation icon: the last point's type.
    pub variation_type: PointType,
    /// `None` without a target or when the direction is neutral, as in the package.
    pub assurance_type: Option<AssuranceType>,
    /// Some rebase group has fewer than 12 points, so its limits are trial limits (the
    /// package's warning; the figures are still given).
    pub short_group_warning: bool,
}

/// An XmR chart: the points and the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SpcChart {
    pub points: Vec<SpcPoint>,
    pub summary: SpcSummary,
}

/// Mean and limits of one rebase group.
#[derive(Debug, Clone, Copy)]
struct Limits {
    mean: f64,
    amr: f64,
}

/// XmR chart with the NHS "Making Data Count" rules, reproducing NHSRplotthedots 0.2.2
/// `ptd_spc()` (points), its `summary()` counts and `ptd_calculate_assurance_type()`.
///
/// Values must be in time order, one per period. Errors: no values, a non-finite value, a
/// rebase index outside the series, a target that is not finite, or a rebase group whose
/// baseline has fewer than two points (no moving range, so no limits).
pub fn xmr(values: &[f64], options: &SpcOptions) -> Result<SpcChart, CannotCalculate> {
    if values.is_empty() {
        return Err(CannotCalculate::new("there are no values to chart"));
    }
    if values.iter().any(|v| !v.is_finite()) {
        return Err(CannotCalculate::new(
            "a value is missing or not a finite number",
        ));
    }
    if options.fix_after_n_points == Some(0) {
        return Err(CannotCalculate::new(
            "limits cannot be fixed after zero points",
        ));
    }
    if let Some(target) = options.target
        && !target.is_finite()
    {
        return Err(CannotCalculate::new("the target is not a finite number"));
    }
    if options.rebase_at_index.iter().any(|&i| i >= values.len()) {
        return Err(CannotCalculate::new(
            "a rebase point is beyond the end of the series",
        ));
    }

    // The package turns rebase flags into group numbers by a running sum, so a rebase at
    // the first point makes the first group number 1.
    let mut group_of = Vec::with_capacity(values.len());
    let mut group = 0usize;
    for i in 0..values.len() {
        if options.rebase_at_index.contains(&i) {
            group += 1;
        }
        group_of.push(group);
    }

    let mut points = Vec::with_capacity(values.len());
    let mut short_group_warning = false;
    let mut groups = 0usize;
    let mut start = 0usize;
    while start < values.len() {
        let this_group = group_of.get(start).copied().unwrap_or(0);
        let len = group_of
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(|&&g| g == this_group)
            .count();
        let ys = values.get(start..start + len).unwrap_or(&[]);
        groups += 1;
        short_group_warning |= len < SHORT_GROUP;
        let limits = group_limits(ys, options.fix_after_n_points, options.screen_outliers)?;
        group_points(
            ys,
            this_group,
            limits,
            options.improvement_direction,
            &mut points,
        )?;
        start += len.max(1);
    }

    let last = points
        .last()
        .ok_or_else(|| CannotCalculate::new("there are no values to chart"))?;
    let count = |pt: PointType| points.iter().filter(|p| p.point_type == pt).count();
    let assurance_type = match (options.target, options.improvement_direction) {
        (None, _) | (_, ImprovementDirection::Neutral) => None,
        (Some(target), direction) => {
            let increasing = direction == ImprovementDirection::Increase;
            Some(if target > last.upl {
                if increasing {
                    AssuranceType::ConsistentFail
                } else {
                    AssuranceType::ConsistentPass
                }
            } else if target < last.lpl {
                if increasing {
                    AssuranceType::ConsistentPass
                } else {
                    AssuranceType::ConsistentFail
                }
            } else {
                AssuranceType::Inconsistent
            })
        }
    };
    let summary = SpcSummary {
        n: points.len(),
        groups,
        last_mean: last.mean,
        last_lpl: last.lpl,
        last_upl: last.upl,
        n_special_cause_improvement: count(PointType::SpecialCauseImprovement),
        n_special_cause_concern: count(PointType::SpecialCauseConcern),
        n_special_cause_neutral: points.iter().filter(|p| p.point_type.is_neutral()).count(),
        variation_type: last.point_type,
        assurance_type,
        short_group_warning,
    };
    Ok(SpcChart { points, summary })
}

/// Mean with a correction pass, as R's `mean()` does, so sums of similar large values
/// lose less precision.
fn mean(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let first = xs.iter().sum::<f64>() / n;
    first + xs.iter().map(|x| x - first).sum::<f64>() / n
}

fn group_limits(
    ys: &[f64],
    fix_after_n_points: Option<usize>,
    screen_outliers: bool,
) -> Result<Limits, CannotCalculate> {
    let baseline_len = fix_after_n_points.map_or(ys.len(), |n| n.min(ys.len()));
    let baseline = ys.get(..baseline_len).unwrap_or(ys);
    let ranges: Vec<f64> = baseline
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((b - a).abs()),
            _ => None,
        })
        .collect();
    if ranges.is_empty() {
        return Err(CannotCalculate::new(
            "limits need at least two points in each group's baseline, to have a moving range",
        ));
    }
    let mut amr = mean(&ranges);
    if screen_outliers {
        let kept: Vec<f64> = ranges
            .iter()
            .copied()
            .filter(|&r| r < SCREEN * amr)
            .collect();
        // Only when every moving range is zero is none kept; the package then gives NaN
        // limits, but the spread really is zero, so keep 0 as when not screening.
        amr = if kept.is_empty() { 0.0 } else { mean(&kept) };
    }
    let limits = Limits {
        mean: mean(baseline),
        amr,
    };
    if !(limits.mean.is_finite()
        && (limits.mean + LIMIT * amr).is_finite()
        && (limits.mean - LIMIT * amr).is_finite())
    {
        return Err(CannotCalculate::new(
            "the values are too large to compute limits",
        ));
    }
    Ok(limits)
}

fn group_points(
    ys: &[f64],
    group: usize,
    limits: Limits,
    direction: ImprovementDirection,
    out: &mut Vec<SpcPoint>,
) -> Result<(), CannotCalculate> {
    let Limits { mean, amr } = limits;
    let lpl = mean - LIMIT * amr;
    let upl = mean + LIMIT * amr;
    // Written as the package writes it, so the "close" boundary rounds identically.
    let close = 2.0 * (LIMIT / 3.0);
    let nlpl = mean - close * amr;
    let nupl = mean + close * amr;

    let outside: Vec<bool> = ys.iter().map(|&y| y > upl || y < lpl).collect();
    let rtm: Vec<i8> = ys.iter().map(|&y| sign(y - mean)).collect();
    let close_to: Vec<bool> = ys
        .iter()
        .zip(&outside)
        .map(|(&y, &o)| !o && (y < nlpl || y > nupl))
        .collect();
    let types = special_cause_types(ys, &rtm, &close_to, &outside);

    for ((((&y, &o), &r), &c), t) in ys.iter().zip(&outside).zip(&rtm).zip(&close_to).zip(types) {
        out.push(SpcPoint {
            y,
            rebase_group: group,
            mean,
            lpl,
            upl,
            outside_limits: o,
            relative_to_mean: r,
            close_to_limits: c,
            special_cause_type: t,
            point_type: point_type(t, direction),
        });
    }
    if out
        .iter()
        .all(|p| p.mean.is_finite() && p.lpl.is_finite() && p.upl.is_finite())
    {
        Ok(())
    } else {
        Err(CannotCalculate::new(
            "the values are too large to compute limits",
        ))
    }
}

fn sign(x: f64) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// The package's `ptd_point_type()`: orient the special cause's direction by the
/// improvement direction.
fn point_type(t: SpecialCauseType, direction: ImprovementDirection) -> PointType {
    let v = t.direction();
    match direction {
        ImprovementDirection::Neutral => match v {
            1 => PointType::SpecialCauseNeutralHigh,
            -1 => PointType::SpecialCauseNeutralLow,
            _ => PointType::CommonCause,
        },
        _ => match v * direction.sign() {
            1 => PointType::SpecialCauseImprovement,
            -1 => PointType::SpecialCauseConcern,
            _ => PointType::CommonCause,
        },
    }
}

/// The package's `ptd_special_cause_type()` over one rebase group.
fn special_cause_types(
    y: &[f64],
    rtm: &[i8],
    close: &[bool],
    outside: &[bool],
) -> Vec<SpecialCauseType> {
    let part_trend = part_of_seven_trend(&seven_point_trend(y));
    let in_two_of_three = two_in_three(close, rtm);
    let part_side = part_of_seven_trend(&seven_point_one_side_mean(rtm));

    (0..y.len())
        .map(|i| {
            let r = rtm.get(i).copied().unwrap_or(0);
            let above = r > 0;
            if outside.get(i).copied().unwrap_or(false) {
                // The package tests `relative_to_mean == 1`, anything else is "Below".
                return if r == 1 {
                    SpecialCauseType::AboveUcl
                } else {
                    SpecialCauseType::BelowLcl
                };
            }
            if part_trend.get(i).copied().unwrap_or(0) != 0 {
                // A point in a trend takes the direction of the step after it when the
                // next point is in a trend too, otherwise of the step before it.
                let next_in_trend = part_trend.get(i + 1).copied().unwrap_or(0) != 0;
                let step = if next_in_trend {
                    step_sign(y, i, i + 1)
                } else if i == 0 {
                    0
                } else {
                    step_sign(y, i - 1, i)
                };
                return if step == 1 {
                    SpecialCauseType::TrendIncreasing
                } else {
                    SpecialCauseType::TrendDecreasing
                };
            }
            if in_two_of_three.get(i).copied().unwrap_or(false)
                && close.get(i).copied().unwrap_or(false)
            {
                return if above {
                    SpecialCauseType::TwoInThreeAbove
                } else {
                    SpecialCauseType::TwoInThreeBelow
                };
            }
            if part_side.get(i).copied().unwrap_or(0) != 0 {
                return if above {
                    SpecialCauseType::SevenAbove
                } else {
                    SpecialCauseType::SevenBelow
                };
            }
            SpecialCauseType::CommonCause
        })
        .collect()
}

fn step_sign(y: &[f64], from: usize, to: usize) -> i8 {
    match (y.get(from), y.get(to)) {
        (Some(a), Some(b)) => sign(b - a),
        _ => 0,
    }
}

/// NHSRplotthedots `ptd_seven_point_one_side_mean()`: 1 where this point and the six
/// before it are all on the same (non-zero) side of the mean.
pub fn seven_point_one_side_mean(relative_to_mean: &[i8]) -> Vec<i8> {
    (0..relative_to_mean.len())
        .map(|i| {
            let here = relative_to_mean.get(i).copied().unwrap_or(0);
            let run = i >= 6
                && relative_to_mean
                    .get(i - 6..i)
                    .is_some_and(|before| before.iter().all(|&b| b == here));
            i8::from(here != 0 && run)
        })
        .collect()
}

/// NHSRplotthedots `ptd_part_of_seven_trend()`: 1 where this point or one of the next six
/// ends a seven-point run (flag ±1), i.e. the point belongs to that run.
pub fn part_of_seven_trend(flags: &[i8]) -> Vec<i8> {
    (0..flags.len())
        .map(|i| {
            let end = (i + 7).min(flags.len());
            i8::from(
                flags
                    .get(i..end)
                    .is_some_and(|w| w.iter().any(|f| f.abs() == 1)),
            )
        })
        .collect()
}

/// NHSRplotthedots `ptd_seven_point_trend()`: 1 (−1) where this point ends six consecutive
/// strict increases (decreases), i.e. seven points rising (falling).
pub fn seven_point_trend(y: &[f64]) -> Vec<i8> {
    let steps: Vec<i8> = y
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some(sign(b - a)),
            _ => None,
        })
        .collect();
    (0..y.len())
        .map(|i| {
            if i < 6 {
                return 0;
            }
            match steps.get(i - 6..i) {
                Some(w) if w.iter().all(|&s| s == 1) => 1,
                Some(w) if w.iter().all(|&s| s == -1) => -1,
                _ => 0,
            }
        })
        .collect()
}

/// NHSRplotthedots `ptd_two_in_three()`: true where some window of three consecutive
/// points containing this one has at least two points close to the limits and all three
/// on the same side of the mean (windows running off either end are padded with
/// "not close, on the mean", so they never qualify).
pub fn two_in_three(close_to_limits: &[bool], relative_to_mean: &[i8]) -> Vec<bool> {
    let n = close_to_limits.len();
    let window_qualifies = |start: usize| -> bool {
        // `start` indexes the padded vectors, whose first two entries are padding.
        if start < 2 || start + 3 > n + 2 {
            return false;
        }
        let s = start - 2;
        let closes = close_to_limits
            .get(s..s + 3)
            .map_or(0, |w| w.iter().filter(|&&c| c).count());
        let side: i32 = relative_to_mean
            .get(s..s + 3)
            .map_or(0, |w| w.iter().map(|&r| i32::from(r)).sum());
        closes >= 2 && side.abs() == 3
    };
    (0..n)
        .map(|i| window_qualifies(i) || window_qualifies(i + 1) || window_qualifies(i + 2))
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
    fn neutral_direction_gives_high_and_low_not_improvement() {
        let n = ImprovementDirection::Neutral;
        assert_eq!(
            point_type(SpecialCauseType::AboveUcl, n),
            PointType::SpecialCauseNeutralHigh
        );
        assert_eq!(
            point_type(SpecialCauseType::SevenBelow, n),
            PointType::SpecialCauseNeutralLow
        );
        assert_eq!(
            point_type(SpecialCauseType::CommonCause, n),
            PointType::CommonCause
        );
        assert_eq!(
            point_type(
                SpecialCauseType::TrendDecreasing,
                ImprovementDirection::Decrease
            ),
            PointType::SpecialCauseImprovement
        );
    }

    #[test]
    fn a_rising_run_is_labelled_increasing_throughout() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 4.0];
        let rtm = [0i8; 8];
        let none = [false; 8];
        let types = special_cause_types(&y, &rtm, &none, &none);
        assert!(
            types[..7]
                .iter()
                .all(|&t| t == SpecialCauseType::TrendIncreasing)
        );
        assert_eq!(types[7], SpecialCauseType::CommonCause);
    }

    #[test]
    fn mean_of_large_similar_values_is_exact() {
        assert_eq!(mean(&[1e15 + 1.0, 1e15 + 3.0]), 1e15 + 2.0);
    }
}
