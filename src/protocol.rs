//! The messages between the page and the ingest worker, in one place. The page sends a job
//! (an id and the `File` handles, which the browser passes without copying their bytes, with
//! [`GenericRoles`]: the user's column choice for a file read again, and the remembered
//! ones); the worker answers with progress, one result per file, and a last message when the
//! job is done.

use serde::{Deserialize, Serialize};

pub use crate::ingest::GenericRoles;
use crate::ingest::roles::{RolesSource, TablePreview};
use crate::model::LoadedFile;

/// Sent by the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker has started and can take jobs (messages sent before this would be lost).
    Ready,
    Progress(JobProgress),
    Loaded {
        job: u32,
        file: LoadedFile,
    },
    /// A file that could not be read at all; `message` names it and says what to do.
    Failed {
        job: u32,
        file: String,
        message: String,
    },
    /// Entries of an archive that were not CSV files and so were not read.
    Skipped {
        job: u32,
        file: String,
        entries: Vec<String>,
    },
    Finished {
        job: u32,
    },
    /// A table the reader was unsure about: nothing was read; the page asks which column is
    /// which and sends the file again with the answer.
    AskRoles {
        job: u32,
        preview: TablePreview,
    },
    /// Sent just before a generic table's `Loaded`: the columns it was read by and how they
    /// were settled, so the page can show them and offer to change them.
    ReadWithRoles {
        job: u32,
        preview: TablePreview,
        how: RolesSource,
    },
}

/// Where a job has got to, across all its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobProgress {
    pub job: u32,
    pub file: String,
    /// 0-based index of the file being read, and how many files the job has.
    pub file_index: u32,
    pub files: u32,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub rows: u64,
}

impl JobProgress {
    /// The share done, 0 to 1 (1 for an empty job).
    pub fn fraction(&self) -> f64 {
        if self.bytes_total == 0 {
            1.0
        } else {
            (self.bytes_done as f64 / self.bytes_total as f64).clamp(0.0, 1.0)
        }
    }

    /// Rows a second and seconds left, from the time since the job started; `None` until
    /// there is enough to go on.
    pub fn rates(&self, elapsed_seconds: f64) -> Option<(f64, f64)> {
        if elapsed_seconds <= 0.05 || self.bytes_done == 0 {
            return None;
        }
        let rows_per_second = self.rows as f64 / elapsed_seconds;
        let bytes_per_second = self.bytes_done as f64 / elapsed_seconds;
        let seconds_left =
            self.bytes_total.saturating_sub(self.bytes_done) as f64 / bytes_per_second;
        Some((rows_per_second, seconds_left))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn progress(done: u64, total: u64, rows: u64) -> JobProgress {
        JobProgress {
            job: 1,
            file: "f.csv".into(),
            file_index: 0,
            files: 1,
            bytes_done: done,
            bytes_total: total,
            rows,
        }
    }

    #[test]
    fn rates_and_time_left() {
        let p = progress(50, 200, 1_000);
        assert_eq!(p.fraction(), 0.25);
        let (rows_per_second, seconds_left) = p.rates(2.0).unwrap();
        assert_eq!(rows_per_second, 500.0);
        assert_eq!(seconds_left, 6.0);
        assert_eq!(progress(0, 0, 0).fraction(), 1.0);
        assert_eq!(progress(0, 10, 0).rates(1.0), None);
        assert_eq!(progress(5, 10, 1).rates(0.0), None);
    }
}
