use std::io::{self, Read, Seek, SeekFrom};

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

use crate::ingest::archive::{is_zip, read_zip};
use crate::ingest::{ReadOutcome, ReadProgress, read_file_with};
use crate::protocol::{FromWorker, GenericRoles, JobProgress};

/// Installs the message handler and tells the page the worker is ready.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        run_job(&reply_to, &event.data());
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The worker lives as long as the page wants it; the handler must too.
    handler.forget();
    post(&scope, &FromWorker::Ready);
}

/// Reads every file of one job, one after the other, reporting as it goes.
fn run_job(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    let job = Reflect::get(data, &"job".into())
        .ok()
        .and_then(|v| v.as_f64())
        .map_or(0, |v| v as u32);
    let files: Vec<File> = Reflect::get(data, &"files".into())
        .ok()
        .and_then(|v| v.dyn_into::<Array>().ok())
        .map(|a| a.iter().filter_map(|f| f.dyn_into::<File>().ok()).collect())
        .unwrap_or_default();
    // A job without settings (or with ones this build cannot read) asks rather than guesses.
    let generic = Reflect::get(data, &"generic".into())
        .ok()
        .and_then(|v| serde_wasm_bindgen::from_value::<GenericRoles>(v).ok())
        .unwrap_or(GenericRoles {
            ask_when_unsure: true,
            ..GenericRoles::default()
        });
    let bytes_total: u64 = files.iter().map(|f| f.size() as u64).sum();
    let mut bytes_before = 0u64;
    let count = files.len() as u32;
    for (index, file) in (0u32..).zip(files) {
        let name = file.name();
        let size = file.size() as u64;
        // Which of two publications of a month is the later one.
        let modified = file.last_modified();
        let modified_ms = modified.is_finite().then_some(modified as i64);
        let report_for = |shown: &str, p: ReadProgress, done_in_file: u64| {
            post(
                scope,
                &FromWorker::Progress(JobProgress {
                    job,
                    file: shown.to_owned(),
                    file_index: index,
                    files: count,
                    bytes_done: bytes_before + done_in_file.min(size),
                    bytes_total,
                    rows: p.rows,
                }),
            );
        };
        let mut chunks = match FileChunks::new(file) {
            Ok(chunks) => chunks,
            Err(message) => {
                post(
                    scope,
                    &FromWorker::Failed {
                        job,
                        file: name,
                        message,
                    },
                );
                bytes_before += size;
                continue;
            }
        };
        if chunks.starts_like_zip() {
            let position = chunks.position.clone();
            let mut report = |shown: &str, p: ReadProgress| report_for(shown, p, position.get());
            match read_zip(&name, chunks, &mut report) {
                Ok(archive) => {
                    for result in archive.files {
                        // An entry without a usable time takes the archive's.
                        let dated = result.map(|mut f| {
                            f.modified_ms = f.modified_ms.or(modified_ms);
                            f
                        });
                        post_result(scope, job, dated);
                    }
                    if !archive.skipped.is_empty() {
                        post(
                            scope,
                            &FromWorker::Skipped {
                                job,
                                file: name,
                                entries: archive.skipped,
                            },
                        );
                    }
                }
                Err(error) => post(
                    scope,
                    &FromWorker::Failed {
                        job,
                        file: name,
                        message: error.to_string(),
                    },
                ),
            }
        } else {
            let mut report = |p: ReadProgress| report_for(&name, p, p.bytes);
            match read_file_with(&name, chunks, &generic, &mut report) {
                Ok(ReadOutcome::Loaded { mut file, roles }) => {
                    file.modified_ms = modified_ms;
                    if let Some((preview, how)) = roles {
                        post(scope, &FromWorker::ReadWithRoles { job, preview, how });
                    }
                    post(scope, &FromWorker::Loaded { job, file });
                }
                Ok(ReadOutcome::Ask(preview)) => {
                    post(scope, &FromWorker::AskRoles { job, preview })
                }
                Err(error) => post_result(scope, job, Err(error)),
            }
        }
        bytes_before += size;
    }
    post(scope, &FromWorker::Finished { job });
}

fn post_result(
    scope: &DedicatedWorkerGlobalScope,
    job: u32,
    result: Result<crate::model::LoadedFile, crate::ingest::FileError>,
) {
    match result {
        Ok(file) => post(scope, &FromWorker::Loaded { job, file }),
        Err(error) => post(
            scope,
            &FromWorker::Failed {
                job,
                file: error.file.clone(),
                message: error.to_string(),
            },
        ),
    }
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    match serde_wasm_bindgen::to_value(message) {
        Ok(value) => {
            let _ = scope.post_message(&value);
        }
        Err(error) => {
            web_sys::console::error_1(&format!("worker message not sent: {error}").into())
        }
    }
}

// Large enough that crossing into JavaScript is rare, small enough that memory stays flat.
const CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// A `File` as a byte stream: slices read synchronously (only workers may) into a buffer.
struct FileChunks {
    file: File,
    reader: FileReaderSync,
    /// File offset just past the buffer.
    offset: f64,
    buffer: Vec<u8>,
    start: usize,
    /// Bytes of the file consumed so far, for progress through an archive.
    position: std::rc::Rc<std::cell::Cell<u64>>,
}

impl FileChunks {
    fn new(file: File) -> Result<FileChunks, String> {
        let reader = FileReaderSync::new().map_err(|_| {
            format!(
                "{} could not be opened for reading in this browser.",
                file.name()
            )
        })?;
        Ok(FileChunks {
            file,
            reader,
            offset: 0.0,
            buffer: Vec::new(),
            start: 0,
            position: std::rc::Rc::default(),
        })
    }

    /// Whether the file begins with a zip signature (read into the buffer, not consumed).
    fn starts_like_zip(&mut self) -> bool {
        if self.buffer.is_empty() && self.refill().is_err() {
            return false;
        }
        is_zip(&self.buffer)
    }

    /// Where the next byte read comes from.
    fn logical_position(&self) -> f64 {
        self.offset - (self.buffer.len() - self.start) as f64
    }

    fn refill(&mut self) -> io::Result<()> {
        let size = self.file.size();
        let end = (self.offset + CHUNK_BYTES as f64).min(size);
        let failed = |what: &str| io::Error::other(format!("the browser could not {what}"));
        let slice = self
            .file
            .slice_with_f64_and_f64(self.offset, end)
            .map_err(|_| failed("cut the file into pieces"))?;
        let bytes = self
            .reader
            .read_as_array_buffer(&slice)
            .map_err(|_| failed("read the file; it may have been moved or changed"))?;
        let bytes = Uint8Array::new(&bytes);
        self.buffer.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut self.buffer);
        self.start = 0;
        self.offset = end;
        Ok(())
    }
}

impl Read for FileChunks {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start >= self.buffer.len() {
            if self.offset >= self.file.size() {
                return Ok(0);
            }
            self.refill()?;
        }
        let available = self.buffer.get(self.start..).unwrap_or_default();
        let n = available.len().min(out.len());
        if let (Some(target), Some(source)) = (out.get_mut(..n), available.get(..n)) {
            target.copy_from_slice(source);
        }
        self.start += n;
        self.position.set(self.logical_position() as u64);
        Ok(n)
    }
}

// Zip archives are read from their end (the central directory) and then entry by entry.
impl Seek for FileChunks {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let size = self.file.size();
        let target = match to {
            SeekFrom::Start(n) => n as f64,
            SeekFrom::End(delta) => size + delta as f64,
            SeekFrom::Current(delta) => self.logical_position() + delta as f64,
        };
        if target < 0.0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            ));
        }
        let buffer_start = self.offset - self.buffer.len() as f64;
        if target >= buffer_start && target <= self.offset {
            // Within what is already read: move inside the buffer.
            self.start = (target - buffer_start) as usize;
        } else {
            self.offset = target.min(size);
            self.buffer.clear();
            self.start = 0;
        }
        Ok(target as u64)
    }
}
