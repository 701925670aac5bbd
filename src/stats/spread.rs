//! How a set of area values spreads: lowest, quartiles and highest, for the England range a
//! spine chart draws each area against.

/// The lowest, 25th percentile, 75th percentile and highest of some values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub lowest: f64,
    pub q25: f64,
    pub q75: f64,
    pub highest: f64,
}

impl Spread {
    /// The spread of the finite values, `None` when there are none. Percentiles interpolate
    /// linearly between order statistics (R's default, type 7), so they do not jump as areas
    /// are added.
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let quantile = |p: f64| -> Option<f64> {
            let h = (sorted.len().checked_sub(1)? as f64) * p;
            let below = sorted.get(h.floor() as usize)?;
            let above = sorted.get(h.ceil() as usize)?;
            Some(below + (h - h.floor()) * (above - below))
        };
        Some(Spread {
            lowest: *sorted.first()?,
            q25: quantile(0.25)?,
            q75: quantile(0.75)?,
            highest: *sorted.last()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate_like_r() {
        // R: quantile(c(1, 2, 3, 4, 10), c(.25, .75)) gives 2 and 4.
        let s = Spread::of(&[10.0, 1.0, 3.0, 2.0, 4.0, f64::NAN]);
        assert_eq!(
            s,
            Some(Spread {
                lowest: 1.0,
                q25: 2.0,
                q75: 4.0,
                highest: 10.0
            })
        );
        // R: quantile(c(1, 2, 3, 4), .25) is 1.75.
        assert_eq!(Spread::of(&[1.0, 2.0, 3.0, 4.0]).map(|s| s.q25), Some(1.75));
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(Spread::of(&[5.0]).map(|s| s.q75), Some(5.0));
    }
}
