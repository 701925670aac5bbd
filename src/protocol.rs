//! The messages between the page and the ingest worker, in one place. The page sends a job
//! (an id and the `File` handles, which the browser passes without copying their bytes, with
//! [`GenericRoles`]: the user's column choice for a file read again, and the remembered
//! ones); the worker answers with progress, one result per file, and a last message when the
//! job is done.
//!
//! Behind that, the page's handle is a pool of workers: it hands each worker tasks (a whole
//! file, or one part of a big file read in two) and hears back [`FromTask`] messages, which
//! it turns into the job's [`FromWorker`] messages in the order the user gave the files.

use serde::{Deserialize, Serialize};

use crate::dashboard::hotspots::HotspotCounts;
pub use crate::ingest::GenericRoles;
use crate::ingest::HeadSettings;
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

/// Sent by one worker of the pool about one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromTask {
    /// The worker has started and can take tasks (messages sent before this would be lost).
    Ready,
    /// `bytes` of the task's share of the file read so far; `file` is what is being read
    /// (an entry's name inside a zip). `memory` is the size of the worker's WebAssembly
    /// memory, which only grows: what the benchmark watches to see that reading stays flat.
    Progress {
        task: u32,
        file: String,
        bytes: u64,
        rows: u64,
        memory: u64,
    },
    Loaded {
        task: u32,
        file: LoadedFile,
    },
    Failed {
        task: u32,
        file: String,
        message: String,
    },
    Skipped {
        task: u32,
        file: String,
        entries: Vec<String>,
    },
    /// As [`FromWorker::AskRoles`], for this task's file.
    AskRoles {
        task: u32,
        preview: TablePreview,
    },
    /// As [`FromWorker::ReadWithRoles`], just before this task's `Loaded`.
    ReadWithRoles {
        task: u32,
        preview: TablePreview,
        how: RolesSource,
    },
    /// The file is being read in two parts: the part from `at` on can be read with these
    /// settings.
    Split {
        task: u32,
        at: u64,
        settings: HeadSettings,
    },
    /// The first part of a file read in two; `line_offset` is `None` when it read on to the
    /// end instead (the split was inside a record), so it is the whole file.
    FirstPart {
        task: u32,
        file: LoadedFile,
        line_offset: Option<u64>,
    },
    /// The part of a file from its split on, with line numbers counted from the split.
    LaterPart {
        task: u32,
        file: LoadedFile,
    },
    /// Nothing more will come about this task.
    Done {
        task: u32,
    },
    /// The answer to a Hotspots query (`dashboard::hotspots`), or why there is none.
    Hotspots {
        task: u32,
        result: Result<HotspotCounts, String>,
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
