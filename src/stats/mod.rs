//! The trend engine: the figures a board report states, by the methods UK public health and
//! the NHS publish, each in its own file and checked against the methods' own reference
//! values in `tests/data/reference/`.
//!
//! Nothing here returns NaN or infinity to a caller: input a method cannot handle gives
//! [`CannotCalculate`] with the reason in words.

pub mod benchmark;
mod checks;
pub mod custom_comparison;
pub mod funnel;
pub mod headline;
pub mod intervals;
pub mod mann_kendall;
pub mod narrative;
pub mod period_change;
pub mod rates;
pub mod recent_trend;
pub mod rolling;
pub mod spc;
pub mod spread;
pub mod two_period;

use std::fmt;

/// Why a figure cannot be given, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannotCalculate {
    pub reason: String,
}

impl CannotCalculate {
    pub fn new(reason: impl Into<String>) -> CannotCalculate {
        CannotCalculate {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for CannotCalculate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot be calculated, because {}", self.reason)
    }
}

impl std::error::Error for CannotCalculate {}
