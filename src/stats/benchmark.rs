//! "Compared with benchmark": is an area's value significantly better, similar or worse than
//! England's or its region's, reproducing the comparators of Fingertips (UKHSA,
//! fingertips-open `PholioVisualisationWS/Analysis`):
//!
//! - single overlapping CIs at one level (`SingleOverlappingCIsForOneCiLevel`, method 1): the
//!   benchmark value against the area's 95% interval;
//! - single overlapping CIs at two levels (`SingleOverlappingCIsForTwoCiLevels`, method 17):
//!   the benchmark value against the area's 95% and 99.8% intervals;
//! - double overlapping CIs (`DoubleOverlappingCIs`, method 12): the two intervals overlap;
//! - SPC for proportions (`SpcForProportions`, method 5): Wilson-score control limits around
//!   the benchmark proportion at the area's denominator;
//! - SPC for DSRs (`SpcForDsr`, method 6): exact Poisson control limits around the events the
//!   benchmark rate would give in the area's population.
//!
//! The raw answer (higher / lower / same) is turned into the words a user reads by the
//! indicator's polarity. Every outcome has a text label so the UI never relies on colour.
//! Reference values: `tests/data/reference/fingertips_benchmark_comparison.csv`.

use super::CannotCalculate;
use super::intervals::exact_poisson_interval;

/// Fingertips stores a missing value, limit or denominator as −1 ("NullValue").
pub const NULL_VALUE: f64 = -1.0;

/// Which way is good for an indicator (Fingertips polarity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    /// Fingertips `RagLowIsGood`: a lower value is better (e.g. mortality, crime).
    LowIsGood,
    /// Fingertips `RagHighIsGood`: a higher value is better (e.g. screening coverage).
    HighIsGood,
    /// Fingertips `BlueOrangeBlue`: a difference is reported but not judged.
    NoJudgement,
    /// Fingertips `NotApplicable`: the indicator is not compared at all.
    NotApplicable,
}

impl Polarity {
    /// The opposite judgement; polarities without a direction stay as they are.
    pub fn reversed(self) -> Polarity {
        match self {
            Polarity::LowIsGood => Polarity::HighIsGood,
            Polarity::HighIsGood => Polarity::LowIsGood,
            other => other,
        }
    }
}

/// How the area is compared with the benchmark, with each method's own parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ComparatorMethod {
    /// Fingertips method 1: significant when the benchmark value lies outside the area's 95%
    /// interval.
    SingleOverlappingCisOneLevel,
    /// Fingertips method 17: as method 1, and a benchmark outside the area's 99.8% interval
    /// as well gives the stronger outcome ([`Comparison::Best`] / [`Comparison::Worst`]).
    SingleOverlappingCisTwoLevels,
    /// Fingertips method 12: significant when the area's and benchmark's 95% intervals do
    /// not overlap.
    DoubleOverlappingCis,
    /// Fingertips method 5: control limits for a proportion. `z` is the normal deviate of the
    /// limits (1.96 for 95%, 3.0902 for 99.8%), `denominator` the area's denominator and
    /// `unit` what the value is per (100 for a percentage).
    SpcForProportions { z: f64, denominator: f64, unit: f64 },
    /// Fingertips method 6: control limits for a directly standardised rate. `tail` is the
    /// one-sided tail probability of each limit (0.025 for 95%, 0.001 for 99.8%),
    /// `population` the area's person-years (Fingertips `Denominator2`) and `unit` what the
    /// rate is per (e.g. 100 000).
    SpcForDsr {
        tail: f64,
        population: f64,
        unit: f64,
    },
}

/// A value with the confidence limits the comparators may use. Missing figures are `None`;
/// Fingertips' −1 ([`NULL_VALUE`]) and non-finite numbers are treated as missing too.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ValueWithCis {
    pub value: Option<f64>,
    pub lower95: Option<f64>,
    pub upper95: Option<f64>,
    pub lower998: Option<f64>,
    pub upper998: Option<f64>,
}

impl ValueWithCis {
    /// A value with no limits.
    pub fn new(value: f64) -> ValueWithCis {
        ValueWithCis {
            value: Some(value),
            ..ValueWithCis::default()
        }
    }

    /// The same value with its 95% limits.
    pub fn with_ci95(self, lower: f64, upper: f64) -> ValueWithCis {
        ValueWithCis {
            lower95: Some(lower),
            upper95: Some(upper),
            ..self
        }
    }

    /// The same value with its 99.8% limits.
    pub fn with_ci998(self, lower: f64, upper: f64) -> ValueWithCis {
        ValueWithCis {
            lower998: Some(lower),
            upper998: Some(upper),
            ..self
        }
    }
}

/// The user-facing answer to "how does this area compare with the benchmark?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    /// Significantly better (at 95%, and not at 99.8% when two levels are used).
    Better,
    /// Not significantly different (Fingertips "Same").
    Similar,
    /// Significantly worse (at 95%, and not at 99.8% when two levels are used).
    Worse,
    /// Significantly better at 99.8% (Fingertips "Best").
    Best,
    /// Significantly worse at 99.8% (Fingertips "Worst").
    Worst,
    /// Significantly higher, for an indicator whose direction is not judged.
    Higher,
    /// Significantly lower, for an indicator whose direction is not judged.
    Lower,
    /// Significantly higher at 99.8%, for an indicator whose direction is not judged.
    MuchHigher,
    /// Significantly lower at 99.8%, for an indicator whose direction is not judged.
    MuchLower,
    /// No comparison can be made (Fingertips "None"), with the reason in words.
    NotCompared { reason: String },
}

impl Comparison {
    /// The words shown to the user; colour is only ever added to these.
    pub fn label(&self) -> &'static str {
        match self {
            Comparison::Better => "Better than benchmark",
            Comparison::Similar => "Similar to benchmark",
            Comparison::Worse => "Worse than benchmark",
            Comparison::Best => "Better than benchmark (99.8% confidence)",
            Comparison::Worst => "Worse than benchmark (99.8% confidence)",
            Comparison::Higher => "Higher than benchmark",
            Comparison::Lower => "Lower than benchmark",
            Comparison::MuchHigher => "Higher than benchmark (99.8% confidence)",
            Comparison::MuchLower => "Lower than benchmark (99.8% confidence)",
            Comparison::NotCompared { .. } => "Not compared",
        }
    }

    /// Why no comparison was made, if none was.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Comparison::NotCompared { reason } => Some(reason),
            _ => None,
        }
    }

    fn not_compared(reason: impl Into<String>) -> Comparison {
        Comparison::NotCompared {
            reason: reason.into(),
        }
    }
}

/// The statistical answer before polarity gives it a meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Raw {
    Same,
    Higher,
    Lower,
    /// Higher beyond the 99.8% limit.
    MuchHigher,
    /// Lower beyond the 99.8% limit.
    MuchLower,
}

/// Compares `area` with `benchmark` by `method` and words the answer by `polarity`
/// (Fingertips `IndicatorComparer.Compare` followed by `AdjustForPolarity`).
///
/// Input a method cannot use (a missing value or limit, an invalid denominator, polarity
/// `NotApplicable`) gives [`Comparison::NotCompared`] with the reason, never a panic.
pub fn compare(
    method: ComparatorMethod,
    area: &ValueWithCis,
    benchmark: &ValueWithCis,
    polarity: Polarity,
) -> Comparison {
    if polarity == Polarity::NotApplicable {
        return Comparison::not_compared("this indicator is not compared with a benchmark");
    }
    match raw_comparison(method, area, benchmark) {
        Ok(raw) => apply_polarity(raw, polarity),
        Err(error) => Comparison::NotCompared {
            reason: error.reason,
        },
    }
}

fn apply_polarity(raw: Raw, polarity: Polarity) -> Comparison {
    match (polarity, raw) {
        (_, Raw::Same) => Comparison::Similar,
        (Polarity::HighIsGood, Raw::Higher) | (Polarity::LowIsGood, Raw::Lower) => {
            Comparison::Better
        }
        (Polarity::HighIsGood, Raw::Lower) | (Polarity::LowIsGood, Raw::Higher) => {
            Comparison::Worse
        }
        (Polarity::HighIsGood, Raw::MuchHigher) | (Polarity::LowIsGood, Raw::MuchLower) => {
            Comparison::Best
        }
        (Polarity::HighIsGood, Raw::MuchLower) | (Polarity::LowIsGood, Raw::MuchHigher) => {
            Comparison::Worst
        }
        (_, Raw::Higher) => Comparison::Higher,
        (_, Raw::Lower) => Comparison::Lower,
        (_, Raw::MuchHigher) => Comparison::MuchHigher,
        (_, Raw::MuchLower) => Comparison::MuchLower,
    }
}

/// A usable figure: present, finite and not Fingertips' −1 placeholder.
fn present(figure: Option<f64>) -> Option<f64> {
    figure.filter(|x| x.is_finite() && *x != NULL_VALUE)
}

fn value_of(data: &ValueWithCis, whose: &str) -> Result<f64, CannotCalculate> {
    present(data.value).ok_or_else(|| CannotCalculate::new(format!("the {whose} value is missing")))
}

/// The 95% limits, checked to surround the value: limits that do not would make a value
/// equal to the benchmark look significant, so they are refused rather than trusted.
fn ci95_of(data: &ValueWithCis, value: f64, whose: &str) -> Result<(f64, f64), CannotCalculate> {
    limits(data.lower95, data.upper95, value, whose, "95%")
}

fn limits(
    lower: Option<f64>,
    upper: Option<f64>,
    value: f64,
    whose: &str,
    level: &str,
) -> Result<(f64, f64), CannotCalculate> {
    match (present(lower), present(upper)) {
        (Some(lower), Some(upper)) if lower <= value && value <= upper => Ok((lower, upper)),
        (Some(_), Some(_)) => Err(CannotCalculate::new(format!(
            "the {whose} {level} confidence interval does not contain its value"
        ))),
        _ => Err(CannotCalculate::new(format!(
            "the {whose} {level} confidence interval is missing"
        ))),
    }
}

fn positive(x: f64, what: &str) -> Result<f64, CannotCalculate> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(CannotCalculate::new(format!(
            "the {what} is missing or not positive"
        )))
    }
}

fn raw_comparison(
    method: ComparatorMethod,
    area: &ValueWithCis,
    benchmark: &ValueWithCis,
) -> Result<Raw, CannotCalculate> {
    let value = value_of(area, "area")?;
    let target = value_of(benchmark, "benchmark")?;
    let raw = match method {
        ComparatorMethod::SingleOverlappingCisOneLevel => {
            let (lower, upper) = ci95_of(area, value, "area")?;
            if lower <= target && target <= upper {
                Raw::Same
            } else if value < target {
                Raw::Lower
            } else {
                Raw::Higher
            }
        }
        ComparatorMethod::SingleOverlappingCisTwoLevels => {
            let (lower95, upper95) = ci95_of(area, value, "area")?;
            let (lower998, upper998) =
                limits(area.lower998, area.upper998, value, "area", "99.8%")?;
            if lower998 > lower95 || upper998 < upper95 {
                return Err(CannotCalculate::new(
                    "the area's 99.8% confidence interval is narrower than its 95% interval",
                ));
            }
            // Fingertips' order of tests: inside the 95% interval is similar; between the
            // two lower (upper) limits is significant at 95% only; beyond both is 99.8%.
            if lower95 <= target && target <= upper95 {
                Raw::Same
            } else if lower998 <= target && target <= lower95 {
                Raw::Higher
            } else if upper95 <= target && target <= upper998 {
                Raw::Lower
            } else if value < target {
                Raw::MuchLower
            } else {
                Raw::MuchHigher
            }
        }
        ComparatorMethod::DoubleOverlappingCis => {
            let (area_lower, area_upper) = ci95_of(area, value, "area")?;
            let (bench_lower, bench_upper) = ci95_of(benchmark, target, "benchmark")?;
            // Intervals overlap when the higher one's lower limit reaches the lower one's
            // upper limit.
            let overlap = if target < value {
                area_lower <= bench_upper
            } else {
                bench_lower <= area_upper
            };
            if overlap {
                Raw::Same
            } else if value < target {
                Raw::Lower
            } else {
                Raw::Higher
            }
        }
        ComparatorMethod::SpcForProportions {
            z,
            denominator,
            unit,
        } => {
            let (lower, upper) = spc_proportion_limits(target, z, denominator, unit)?;
            from_limits(value / unit, lower, upper, value, target)
        }
        ComparatorMethod::SpcForDsr {
            tail,
            population,
            unit,
        } => {
            let (lower, upper) = spc_dsr_limits(target, tail, population, unit)?;
            from_limits(value, lower, upper, value, target)
        }
    };
    Ok(raw)
}

/// Fingertips `GetSignificanceFromSDs`: outside the control limits is significant.
fn from_limits(statistic: f64, lower: f64, upper: f64, value: f64, target: f64) -> Raw {
    // By construction the limits surround the benchmark, so an area equal to it is similar;
    // saying so outright stops rounding in the limits (e.g. at a 0% benchmark) from
    // flagging it.
    if value == target {
        Raw::Same
    } else if upper < statistic {
        Raw::Higher
    } else if lower > statistic {
        Raw::Lower
    } else {
        Raw::Same
    }
}

/// Control limits of Fingertips' SPC for proportions (as proportions, not per unit): the
/// Wilson score interval of the count the benchmark proportion would give at this
/// denominator, (2E + z² ± z√(z² + 4E(1 − E/N))) / 2(N + z²).
fn spc_proportion_limits(
    benchmark: f64,
    z: f64,
    denominator: f64,
    unit: f64,
) -> Result<(f64, f64), CannotCalculate> {
    let z = positive(z, "confidence variable (z)")?;
    let n = positive(denominator, "area's denominator")?;
    let unit = positive(unit, "unit of the value")?;
    let p0 = benchmark / unit;
    if !(0.0..=1.0).contains(&p0) {
        return Err(CannotCalculate::new(
            "the benchmark is not a proportion between 0 and the unit",
        ));
    }
    let expected = n * p0;
    let z2 = z * z;
    let spread = z * (z2 + 4.0 * expected * (1.0 - p0)).sqrt();
    let centre = 2.0 * expected + z2;
    let scale = 2.0 * (n + z2);
    let lower = (centre - spread) / scale;
    let upper = (centre + spread) / scale;
    if lower.is_finite() && upper.is_finite() {
        Ok((lower, upper))
    } else {
        Err(CannotCalculate::new(
            "the control limits are too large or too small to compute",
        ))
    }
}

/// Control limits of Fingertips' SPC for DSRs: exact Poisson limits (tail `tail` each side)
/// around E, the events the benchmark rate gives in the area's population, scaled back to a
/// rate. Fingertips' `PoisLow`/`PoisHigh` sum the Poisson tail over whole numbers of events
/// (k ≥ E for the lower limit, k ≤ E for the upper), so a fractional E takes the exact
/// lower limit of ⌈E⌉ events and the exact upper limit of ⌊E⌋ events.
fn spc_dsr_limits(
    benchmark: f64,
    tail: f64,
    population: f64,
    unit: f64,
) -> Result<(f64, f64), CannotCalculate> {
    if !(tail.is_finite() && tail > 0.0 && tail < 0.5) {
        return Err(CannotCalculate::new(
            "the tail probability must be between 0 and 0.5 (for example 0.025)",
        ));
    }
    let population = positive(population, "area's population")?;
    let unit = positive(unit, "unit of the rate")?;
    if benchmark < 0.0 {
        return Err(CannotCalculate::new("the benchmark rate is negative"));
    }
    let expected = benchmark * population / unit;
    let confidence = 1.0 - 2.0 * tail;
    let lower = exact_poisson_interval(expected.ceil(), confidence)?.lower;
    let upper = exact_poisson_interval(expected.floor(), confidence)?.upper;
    let lower = lower / population * unit;
    let upper = upper / population * unit;
    if lower.is_finite() && upper.is_finite() {
        Ok((lower, upper))
    } else {
        Err(CannotCalculate::new(
            "the control limits are too large or too small to compute",
        ))
    }
}
