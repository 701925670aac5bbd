//! Long series reduced to what a chart can show: no more points than about four per pixel
//! column, keeping each column's first, lowest, highest and last value (so peaks and dips
//! survive) and a missing value wherever one was (so gaps survive).

/// The indices of `values` to draw in `columns` pixel columns, in order. Every index is
/// kept when there are few enough; otherwise each column keeps the first, lowest, highest
/// and last value of every unbroken run in it, and one `None` per gap.
pub fn downsample(values: &[Option<f64>], columns: usize) -> Vec<usize> {
    let columns = columns.max(1);
    if values.len() <= columns.saturating_mul(4) {
        return (0..values.len()).collect();
    }
    let mut kept = Vec::with_capacity(columns * 4);
    let per_column = values.len().div_ceil(columns);
    let mut start = 0;
    while start < values.len() {
        let end = (start + per_column).min(values.len());
        let mut run: Option<Run> = None;
        for i in start..end {
            match values.get(i).copied().flatten().filter(|v| v.is_finite()) {
                Some(v) => match run.as_mut() {
                    Some(r) => r.add(i, v),
                    None => run = Some(Run::new(i, v)),
                },
                None => {
                    if let Some(r) = run.take() {
                        r.push_to(&mut kept);
                    }
                    // One index per gap is enough to break the line.
                    let previous_is_gap = i > 0
                        && kept.last() == Some(&(i - 1))
                        && values.get(i - 1).copied().flatten().is_none();
                    if !previous_is_gap {
                        kept.push(i);
                    } else if let Some(last) = kept.last_mut() {
                        *last = i;
                    }
                }
            }
        }
        if let Some(r) = run {
            r.push_to(&mut kept);
        }
        start = end;
    }
    kept
}

struct Run {
    first: usize,
    last: usize,
    low: (usize, f64),
    high: (usize, f64),
}

impl Run {
    fn new(i: usize, v: f64) -> Run {
        Run {
            first: i,
            last: i,
            low: (i, v),
            high: (i, v),
        }
    }

    fn add(&mut self, i: usize, v: f64) {
        self.last = i;
        if v < self.low.1 {
            self.low = (i, v);
        }
        if v > self.high.1 {
            self.high = (i, v);
        }
    }

    fn push_to(self, kept: &mut Vec<usize>) {
        let mut picks = [self.first, self.low.0, self.high.0, self.last];
        picks.sort_unstable();
        for i in picks {
            if kept.last() != Some(&i) {
                kept.push(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn short_series_are_kept_whole() {
        let values = vec![Some(1.0); 10];
        assert_eq!(downsample(&values, 10), (0..10).collect::<Vec<_>>());
        assert!(downsample(&[], 10).is_empty());
    }

    #[test]
    fn long_series_keep_extremes_and_gaps() {
        let mut values: Vec<Option<f64>> = (0..10_000).map(|i| Some((i % 7) as f64)).collect();
        values[5_000] = Some(1_000.0);
        values[7_000] = Some(-1_000.0);
        for v in &mut values[8_000..8_010] {
            *v = None;
        }
        let kept = downsample(&values, 100);
        assert!(kept.len() <= 100 * 5, "{}", kept.len());
        assert!(kept.contains(&5_000) && kept.contains(&7_000));
        assert!(kept.contains(&0) && kept.contains(&9_999));
        let gaps: Vec<usize> = kept
            .iter()
            .copied()
            .filter(|&i| values[i].is_none())
            .collect();
        assert_eq!(gaps.len(), 1, "one marker for the one gap: {gaps:?}");
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
    }
}
