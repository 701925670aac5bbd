//! Input checks the statistical methods share: a method given a missing, negative or
//! non-finite input says so in words, rather than returning NaN.

use super::CannotCalculate;

/// A result that overflowed or underflowed is refused, never shown.
pub(super) fn finite(value: f64, what: &str) -> Result<f64, CannotCalculate> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(CannotCalculate::new(format!(
            "the {what} is too large or too small to compute"
        )))
    }
}

/// A count: present and not negative.
pub(super) fn check_count(x: f64, what: &str) -> Result<f64, CannotCalculate> {
    if !x.is_finite() {
        return Err(CannotCalculate::new(format!("the {what} is missing")));
    }
    if x < 0.0 {
        return Err(CannotCalculate::new(format!("the {what} is negative")));
    }
    Ok(x)
}

/// A denominator or multiplier: present and above zero.
pub(super) fn check_positive(x: f64, what: &str) -> Result<f64, CannotCalculate> {
    if !x.is_finite() {
        return Err(CannotCalculate::new(format!("the {what} is missing")));
    }
    if x <= 0.0 {
        return Err(CannotCalculate::new(format!(
            "the {what} is not above zero"
        )));
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn each_check_says_what_is_wrong() {
        assert_eq!(check_count(3.0, "count"), Ok(3.0));
        assert_eq!(
            check_count(f64::NAN, "count").unwrap_err().reason,
            "the count is missing"
        );
        assert_eq!(
            check_count(-1.0, "count").unwrap_err().reason,
            "the count is negative"
        );
        assert_eq!(
            check_positive(0.0, "denominator").unwrap_err().reason,
            "the denominator is not above zero"
        );
        assert_eq!(
            finite(f64::INFINITY, "rate").unwrap_err().reason,
            "the rate is too large or too small to compute"
        );
    }
}
