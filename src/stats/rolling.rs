//! Rolling averages for charts: the mean of the last `window` periods, given only where all
//! of them have a value (a missing month is not a zero, so a window across it has no mean).

/// The mean of each run of `window` consecutive values ending at each position; `None`
/// until a full window has passed, and for any window with a missing or non-finite value.
pub fn rolling_mean(values: &[Option<f64>], window: usize) -> Vec<Option<f64>> {
    if window == 0 {
        return vec![None; values.len()];
    }
    (0..values.len())
        .map(|end| {
            let start = (end + 1).checked_sub(window)?;
            let slice = values.get(start..=end)?;
            let mut sum = 0.0;
            for v in slice {
                sum += v.filter(|v| v.is_finite())?;
            }
            let mean = sum / window as f64;
            mean.is_finite().then_some(mean)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_need_a_full_window_without_gaps() {
        let values = [Some(1.0), Some(2.0), Some(3.0), None, Some(5.0), Some(6.0)];
        assert_eq!(
            rolling_mean(&values, 2),
            vec![None, Some(1.5), Some(2.5), None, None, Some(5.5)]
        );
        assert_eq!(rolling_mean(&values, 0), vec![None; 6]);
        assert_eq!(
            rolling_mean(&[Some(f64::MAX), Some(f64::MAX)], 2),
            vec![None, None]
        );
    }
}
