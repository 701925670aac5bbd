//! Confidence intervals for proportions, counts, rates, means and standardised rates and
//! ratios, reproducing the R package PHEindicatormethods 2.1.0 (UKHSA) so the figures match
//! those published on Fingertips and in local public-health reports.
//!
//! Every function gives both the 95% and the 99.8% limits where PHE does, because Fingertips
//! compares areas at both levels. Reference values are in `tests/data/reference/phe_*.csv`.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

use super::CannotCalculate;
use super::checks::{check_count, check_positive, finite};

/// The two confidence levels PHE reports side by side.
const CONFIDENCE_95: f64 = 0.95;
const CONFIDENCE_998: f64 = 0.998;

/// PHE switches from exact Poisson limits to Byar's approximation at this many events.
const EXACT_BELOW: f64 = 10.0;

/// PHE does not publish (or judge) a directly standardised rate built on fewer events than this.
pub(super) const DSR_MIN_EVENTS: f64 = 10.0;

/// Lower and upper confidence limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

/// An estimate with its 95% and 99.8% confidence intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub ci95: Interval,
    pub ci998: Interval,
}

/// How the limits of a count were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountMethod {
    /// Exact Poisson limits from chi-squared quantiles (PHE uses these below 10 events).
    Exact,
    /// Byar's approximation to the Poisson limits (PHE uses it from 10 events).
    Byars,
}

/// A crude rate with its limits and the method that gave them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateEstimate {
    pub value: f64,
    pub ci95: Interval,
    pub ci998: Interval,
    pub method: CountMethod,
}

/// A mean with its Student-t limits and the summaries PHE reports beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanEstimate {
    pub value_sum: f64,
    pub value_count: u64,
    /// Sample standard deviation (divisor n − 1).
    pub stdev: f64,
    pub value: f64,
    pub ci95: Interval,
    pub ci998: Interval,
}

/// One standard-population category (usually an age band) of one area, for
/// [`calculate_dsr`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DsrBand {
    /// Observed events; `None` for a missing count, which PHE counts as zero.
    pub x: Option<f64>,
    /// Population of the area in this band.
    pub n: f64,
    /// Standard population for this band (e.g. the 2013 European Standard Population).
    pub stdpop: f64,
}

/// A directly standardised rate. The totals are always given; the rate and its limits only
/// when there are enough events for PHE to publish them.
#[derive(Debug, Clone, PartialEq)]
pub struct Dsr {
    pub total_count: f64,
    pub total_pop: f64,
    pub estimate: Result<Estimate, CannotCalculate>,
}

/// One category (usually an age band) of one area, with the reference population's events
/// and population, for [`calculate_isratio`] and [`calculate_israte`]. A missing value
/// (`None`) adds nothing to the observed or expected count, as in PHE.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IsrBand {
    pub x: Option<f64>,
    pub n: Option<f64>,
    pub x_ref: Option<f64>,
    pub n_ref: f64,
}

/// An indirectly standardised ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IsRatio {
    pub observed: f64,
    pub expected: f64,
    pub value: f64,
    pub ci95: Interval,
    pub ci998: Interval,
    pub method: CountMethod,
}

/// An indirectly standardised rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IsRate {
    pub observed: f64,
    pub expected: f64,
    /// Crude rate of the reference population, times the multiplier.
    pub ref_rate: f64,
    pub value: f64,
    pub ci95: Interval,
    pub ci998: Interval,
    pub method: CountMethod,
}

fn check_confidence(confidence: f64) -> Result<f64, CannotCalculate> {
    if confidence.is_finite() && confidence > 0.0 && confidence < 1.0 {
        Ok(confidence)
    } else {
        Err(CannotCalculate::new(
            "the confidence level must be between 0 and 1 (for example 0.95)",
        ))
    }
}

/// Two-sided normal quantile, as PHE's `qnorm(confidence + (1 - confidence) / 2)`.
fn z_two_sided(confidence: f64) -> Result<f64, CannotCalculate> {
    let confidence = check_confidence(confidence)?;
    let normal = Normal::new(0.0, 1.0)
        .map_err(|_| CannotCalculate::new("the normal distribution could not be set up"))?;
    finite(
        normal.inverse_cdf(confidence + (1.0 - confidence) / 2.0),
        "normal quantile",
    )
}

fn check_proportion(x: f64, n: f64) -> Result<(f64, f64), CannotCalculate> {
    let x = check_count(x, "numerator")?;
    let n = check_positive(n, "denominator")?;
    if x > n {
        return Err(CannotCalculate::new(
            "the numerator is larger than the denominator, so it is not a proportion",
        ));
    }
    Ok((x, n))
}

/// The Wilson score term shared by both limits: (2x + z² ± z√(z² + 4x(1 − x/n))) / 2(n + z²).
fn wilson(x: f64, n: f64, confidence: f64, sign: f64) -> Result<f64, CannotCalculate> {
    let (x, n) = check_proportion(x, n)?;
    let z = z_two_sided(confidence)?;
    let z2 = z * z;
    // x ≤ n keeps the root's argument at least z², so it is never negative.
    let root = (z2 + 4.0 * x * (1.0 - x / n)).sqrt();
    finite(
        (2.0 * x + z2 + sign * z * root) / 2.0 / (n + z2),
        "Wilson limit",
    )
}

/// Lower Wilson score limit of the proportion x/n (PHEindicatormethods `wilson_lower`).
pub fn wilson_lower(x: f64, n: f64, confidence: f64) -> Result<f64, CannotCalculate> {
    wilson(x, n, confidence, -1.0)
}

/// Upper Wilson score limit of the proportion x/n (PHEindicatormethods `wilson_upper`).
pub fn wilson_upper(x: f64, n: f64, confidence: f64) -> Result<f64, CannotCalculate> {
    wilson(x, n, confidence, 1.0)
}

/// Wilson score interval of the proportion x/n (PHEindicatormethods `wilson_lower` and
/// `wilson_upper`).
pub fn wilson_interval(x: f64, n: f64, confidence: f64) -> Result<Interval, CannotCalculate> {
    Ok(Interval {
        lower: wilson_lower(x, n, confidence)?,
        upper: wilson_upper(x, n, confidence)?,
    })
}

/// Proportion x/n times `multiplier` (1 for a fraction, 100 for a percentage) with 95% and
/// 99.8% Wilson score limits (PHEindicatormethods `phe_proportion`).
pub fn phe_proportion(x: f64, n: f64, multiplier: f64) -> Result<Estimate, CannotCalculate> {
    let (x, n) = check_proportion(x, n)?;
    let multiplier = check_positive(multiplier, "multiplier")?;
    let scale = |interval: Interval| Interval {
        lower: interval.lower * multiplier,
        upper: interval.upper * multiplier,
    };
    Ok(Estimate {
        value: finite(x / n * multiplier, "proportion")?,
        ci95: scale(wilson_interval(x, n, CONFIDENCE_95)?),
        ci998: scale(wilson_interval(x, n, CONFIDENCE_998)?),
    })
}

/// Lower Byar's limit of a Poisson count (PHEindicatormethods `byars_lower`):
/// x(1 − 1/9x − z/3√x)³.
///
/// Not calculable for a zero count, or where the bracket goes negative (a count of 1 at
/// 99.8%): the approximation fails there and PHE reports no limit.
pub fn byars_lower(x: f64, confidence: f64) -> Result<f64, CannotCalculate> {
    let x = check_count(x, "count")?;
    let z = z_two_sided(confidence)?;
    if x == 0.0 {
        return Err(CannotCalculate::new(
            "Byar's method gives no lower limit for a count of zero",
        ));
    }
    let bracket = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * x.sqrt());
    if bracket < 0.0 {
        return Err(CannotCalculate::new(
            "the count is too small for Byar's method to give a lower limit at this confidence",
        ));
    }
    finite(x * bracket.powi(3), "Byar's lower limit")
}

/// Upper Byar's limit of a Poisson count (PHEindicatormethods `byars_upper`):
/// (x + 1)(1 − 1/9(x + 1) + z/3√(x + 1))³.
pub fn byars_upper(x: f64, confidence: f64) -> Result<f64, CannotCalculate> {
    let x1 = check_count(x, "count")? + 1.0;
    let z = z_two_sided(confidence)?;
    finite(
        x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * x1.sqrt())).powi(3),
        "Byar's upper limit",
    )
}

fn chi_squared_quantile(p: f64, freedom: f64) -> Result<f64, CannotCalculate> {
    let distribution = ChiSquared::new(freedom).map_err(|_| {
        CannotCalculate::new("the chi-squared distribution could not be set up for this count")
    })?;
    finite(distribution.inverse_cdf(p), "chi-squared quantile")
}

/// Exact Poisson interval of a count from chi-squared quantiles, as PHEindicatormethods
/// uses below 10 events: lower = qchisq(α/2, 2x)/2 (0 when x = 0),
/// upper = qchisq(1 − α/2, 2x + 2)/2.
pub fn exact_poisson_interval(x: f64, confidence: f64) -> Result<Interval, CannotCalculate> {
    let x = check_count(x, "count")?;
    let alpha = 1.0 - check_confidence(confidence)?;
    // A chi-squared with no degrees of freedom is a point mass at zero, which statrs cannot
    // represent, so the zero count's lower limit is written down directly.
    let lower = if x == 0.0 {
        0.0
    } else {
        chi_squared_quantile(alpha / 2.0, 2.0 * x)? / 2.0
    };
    let upper = chi_squared_quantile(1.0 - alpha / 2.0, 2.0 * x + 2.0)? / 2.0;
    Ok(Interval { lower, upper })
}

/// Byar's interval of a count, with no switch to exact limits for small counts
/// (PHEindicatormethods `byars_lower` and `byars_upper`).
pub fn byars_interval(x: f64, confidence: f64) -> Result<Interval, CannotCalculate> {
    Ok(Interval {
        lower: byars_lower(x, confidence)?,
        upper: byars_upper(x, confidence)?,
    })
}

/// Interval of a count by PHE's rule: exact Poisson limits below 10 events, Byar's from 10.
pub fn count_interval(x: f64, confidence: f64) -> Result<(Interval, CountMethod), CannotCalculate> {
    let x = check_count(x, "count")?;
    if x < EXACT_BELOW {
        Ok((exact_poisson_interval(x, confidence)?, CountMethod::Exact))
    } else {
        Ok((byars_interval(x, confidence)?, CountMethod::Byars))
    }
}

/// Crude rate x/n times `multiplier` (e.g. 100 000) with 95% and 99.8% limits, exact below
/// 10 events and Byar's from 10 (PHEindicatormethods `phe_rate`). The count may exceed the
/// denominator: a rate is not a proportion.
pub fn phe_rate(x: f64, n: f64, multiplier: f64) -> Result<RateEstimate, CannotCalculate> {
    let x = check_count(x, "count")?;
    let n = check_positive(n, "denominator")?;
    let multiplier = check_positive(multiplier, "multiplier")?;
    let per = multiplier / n;
    let (count95, method) = count_interval(x, CONFIDENCE_95)?;
    let (count998, _) = count_interval(x, CONFIDENCE_998)?;
    Ok(RateEstimate {
        value: finite(x / n * multiplier, "rate")?,
        ci95: scale_interval(count95, per, "rate limit")?,
        ci998: scale_interval(count998, per, "rate limit")?,
        method,
    })
}

fn scale_interval(
    interval: Interval,
    factor: f64,
    what: &str,
) -> Result<Interval, CannotCalculate> {
    Ok(Interval {
        lower: finite(interval.lower * factor, what)?,
        upper: finite(interval.upper * factor, what)?,
    })
}

/// Mean of `values` with 95% and 99.8% Student-t limits, mean ± t(n − 1) · s/√n with the
/// n − 1 standard deviation (PHEindicatormethods `phe_mean`).
pub fn phe_mean(values: &[f64]) -> Result<MeanEstimate, CannotCalculate> {
    if values.iter().any(|v| !v.is_finite()) {
        return Err(CannotCalculate::new("a value is missing or not a number"));
    }
    // A standard deviation needs at least two values.
    if values.len() < 2 {
        return Err(CannotCalculate::new(
            "a mean's confidence interval needs at least two values",
        ));
    }
    let count = values.len() as f64;
    let value_sum = finite(values.iter().sum(), "sum of the values")?;
    let mean = value_sum / count;
    let squares: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    let stdev = finite((squares / (count - 1.0)).sqrt(), "standard deviation")?;
    let t = StudentsT::new(0.0, 1.0, count - 1.0)
        .map_err(|_| CannotCalculate::new("the t distribution could not be set up"))?;
    let interval = |confidence: f64| -> Result<Interval, CannotCalculate> {
        let half = finite(
            t.inverse_cdf(confidence + (1.0 - confidence) / 2.0) * stdev / count.sqrt(),
            "t limit",
        )?;
        Ok(Interval {
            lower: finite(mean - half, "lower t limit")?,
            upper: finite(mean + half, "upper t limit")?,
        })
    };
    Ok(MeanEstimate {
        value_sum,
        value_count: values.len() as u64,
        stdev,
        value: mean,
        ci95: interval(CONFIDENCE_95)?,
        ci998: interval(CONFIDENCE_998)?,
    })
}

/// Directly standardised rate per `multiplier` with Dobson's 95% and 99.8% limits
/// (PHEindicatormethods `calculate_dsr`): the rate is Σ(x·stdpop/n)/Σstdpop, and the
/// limits scale Byar's limits of the total count by √(var/total) with
/// var = Σ(x·(stdpop/n)²)/(Σstdpop)². With fewer than 10 events in total the totals are
/// given but the rate is not, as PHE suppresses it.
pub fn calculate_dsr(bands: &[DsrBand], multiplier: f64) -> Result<Dsr, CannotCalculate> {
    if bands.is_empty() {
        return Err(CannotCalculate::new("there are no age bands"));
    }
    let multiplier = check_positive(multiplier, "multiplier")?;
    let mut total_count = 0.0;
    let mut total_pop = 0.0;
    let mut total_std = 0.0;
    let mut weighted = 0.0;
    let mut variance_sum = 0.0;
    for band in bands {
        let x = check_count(band.x.unwrap_or(0.0), "count in an age band")?;
        // A band with no population has no rate, so the standardised rate cannot weight it.
        let n = check_positive(band.n, "population in an age band")?;
        let stdpop = check_count(band.stdpop, "standard population in an age band")?;
        let weight = stdpop / n;
        total_count += x;
        total_pop += n;
        total_std += stdpop;
        weighted += x * weight;
        variance_sum += x * weight * weight;
    }
    let total_count = finite(total_count, "total count")?;
    let total_pop = finite(total_pop, "total population")?;
    let estimate = dobson(total_count, total_std, weighted, variance_sum, multiplier);
    Ok(Dsr {
        total_count,
        total_pop,
        estimate,
    })
}

fn dobson(
    total_count: f64,
    total_std: f64,
    weighted: f64,
    variance_sum: f64,
    multiplier: f64,
) -> Result<Estimate, CannotCalculate> {
    if total_count < DSR_MIN_EVENTS {
        return Err(CannotCalculate::new(
            "there are fewer than 10 events in total, too few for a standardised rate",
        ));
    }
    let total_std = check_positive(total_std, "total standard population")?;
    let dsr = weighted / total_std;
    let spread = (variance_sum / (total_std * total_std) / total_count).sqrt();
    let interval = |confidence: f64| -> Result<Interval, CannotCalculate> {
        let count = byars_interval(total_count, confidence)?;
        Ok(Interval {
            lower: finite(
                (dsr + spread * (count.lower - total_count)) * multiplier,
                "standardised rate limit",
            )?,
            upper: finite(
                (dsr + spread * (count.upper - total_count)) * multiplier,
                "standardised rate limit",
            )?,
        })
    };
    Ok(Estimate {
        value: finite(dsr * multiplier, "standardised rate")?,
        ci95: interval(CONFIDENCE_95)?,
        ci998: interval(CONFIDENCE_998)?,
    })
}

/// Observed count, expected count Σ(n·x_ref/n_ref), and the reference totals Σx_ref, Σn_ref.
fn observed_expected(bands: &[IsrBand]) -> Result<(f64, f64, f64, f64), CannotCalculate> {
    if bands.is_empty() {
        return Err(CannotCalculate::new("there are no age bands"));
    }
    let mut observed = 0.0;
    let mut expected = 0.0;
    let mut ref_count = 0.0;
    let mut ref_pop = 0.0;
    for band in bands {
        let x = check_count(band.x.unwrap_or(0.0), "count in an age band")?;
        let n = check_count(band.n.unwrap_or(0.0), "population in an age band")?;
        let x_ref = check_count(band.x_ref.unwrap_or(0.0), "reference count in an age band")?;
        let n_ref = check_positive(band.n_ref, "reference population in an age band")?;
        observed += x;
        expected += n * x_ref / n_ref;
        ref_count += x_ref;
        ref_pop += n_ref;
    }
    let observed = finite(observed, "observed count")?;
    let expected = finite(expected, "expected count")?;
    if expected <= 0.0 {
        return Err(CannotCalculate::new(
            "the expected count is zero, so there is nothing to compare with",
        ));
    }
    Ok((observed, expected, ref_count, ref_pop))
}

/// Indirectly standardised ratio observed/expected times `refvalue` (1, or 100 for an SMR)
/// with 95% and 99.8% limits, exact below 10 observed events and Byar's from 10
/// (PHEindicatormethods `calculate_ISRatio`).
pub fn calculate_isratio(bands: &[IsrBand], refvalue: f64) -> Result<IsRatio, CannotCalculate> {
    let refvalue = check_positive(refvalue, "reference value")?;
    let (observed, expected, _, _) = observed_expected(bands)?;
    let per = refvalue / expected;
    let (count95, method) = count_interval(observed, CONFIDENCE_95)?;
    let (count998, _) = count_interval(observed, CONFIDENCE_998)?;
    Ok(IsRatio {
        observed,
        expected,
        value: finite(observed * per, "standardised ratio")?,
        ci95: scale_interval(count95, per, "standardised ratio limit")?,
        ci998: scale_interval(count998, per, "standardised ratio limit")?,
        method,
    })
}

/// Indirectly standardised rate per `multiplier`: the ratio observed/expected times the
/// reference population's crude rate Σx_ref/Σn_ref, with 95% and 99.8% limits, exact below
/// 10 observed events and Byar's from 10 (PHEindicatormethods `calculate_ISRate`).
pub fn calculate_israte(bands: &[IsrBand], multiplier: f64) -> Result<IsRate, CannotCalculate> {
    let multiplier = check_positive(multiplier, "multiplier")?;
    let (observed, expected, ref_count, ref_pop) = observed_expected(bands)?;
    let ref_rate = finite(ref_count / ref_pop * multiplier, "reference rate")?;
    let per = ref_rate / expected;
    let (count95, method) = count_interval(observed, CONFIDENCE_95)?;
    let (count998, _) = count_interval(observed, CONFIDENCE_998)?;
    Ok(IsRate {
        observed,
        expected,
        ref_rate,
        value: finite(observed * per, "standardised rate")?,
        ci95: scale_interval(count95, per, "standardised rate limit")?,
        ci998: scale_interval(count998, per, "standardised rate limit")?,
        method,
    })
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
    fn degenerate_proportions_are_refused() {
        assert!(phe_proportion(-1.0, 10.0, 1.0).is_err());
        assert!(phe_proportion(11.0, 10.0, 1.0).is_err());
        assert!(phe_proportion(0.0, 0.0, 1.0).is_err());
        assert!(phe_proportion(f64::NAN, 10.0, 1.0).is_err());
        assert!(phe_proportion(1.0, f64::INFINITY, 1.0).is_err());
        assert!(wilson_interval(1.0, 10.0, 1.5).is_err());
    }

    #[test]
    fn degenerate_counts_and_rates_are_refused() {
        assert!(phe_rate(-1.0, 10.0, 1.0).is_err());
        assert!(phe_rate(1.0, 0.0, 1.0).is_err());
        assert!(phe_rate(1.0, 10.0, f64::NAN).is_err());
        assert!(byars_lower(0.0, 0.95).is_err());
        assert!(byars_lower(1.0, 0.998).is_err());
        assert!(exact_poisson_interval(f64::INFINITY, 0.95).is_err());
        assert_eq!(exact_poisson_interval(0.0, 0.95).unwrap().lower, 0.0);
    }

    #[test]
    fn degenerate_means_and_standardisations_are_refused() {
        assert!(phe_mean(&[]).is_err());
        assert!(phe_mean(&[1.0]).is_err());
        assert!(phe_mean(&[1.0, f64::NAN]).is_err());
        assert!(phe_mean(&[f64::MAX, -f64::MAX, f64::MAX]).is_err());
        assert!(calculate_dsr(&[], 100_000.0).is_err());
        let zero_pop = DsrBand {
            x: Some(1.0),
            n: 0.0,
            stdpop: 5000.0,
        };
        assert!(calculate_dsr(&[zero_pop], 100_000.0).is_err());
        let no_reference = IsrBand {
            x: Some(3.0),
            n: Some(100.0),
            x_ref: Some(0.0),
            n_ref: 1000.0,
        };
        assert!(calculate_isratio(&[no_reference], 1.0).is_err());
        assert!(calculate_israte(&[], 100_000.0).is_err());
    }
}
