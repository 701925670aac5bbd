use std::io::{self, BufRead, Read, Seek, SeekFrom};

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    DedicatedWorkerGlobalScope, File, FileReaderSync, MessageChannel, MessageEvent, MessagePort,
};

use crate::dashboard::hotspots::{HotspotCounts, HotspotQuery, HotspotRun};
use crate::ingest::archive::{is_zip, read_zip_with};
use crate::ingest::split::{SPLIT_PROBE_BYTES, split_point};
use crate::ingest::{
    FirstPart, HeadSettings, ReadOutcome, ReadProgress, read_buffered_with, read_first_part,
    read_later_part,
};
use crate::model::LoadedFile;
use crate::protocol::{FromTask, GenericRoles};

/// Installs the message handler and tells the pool the worker is ready.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        run_task(&reply_to, &event.data());
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The worker lives as long as the page wants it; the handler must too.
    handler.forget();
    post(&scope, &FromTask::Ready);
}

/// What the pool asks of a worker: one file, or one part of a big file.
enum Task {
    /// The whole file (every CSV entry of a zip).
    Whole,
    /// The file from its start, offering to split it.
    First,
    /// The file from `at` on, with the first part's settings.
    Later { at: u64, settings: HeadSettings },
}

fn number(data: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(data, &key.into())
        .ok()
        .and_then(|v| v.as_f64())
}

fn run_task(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    let task = number(data, "task").map_or(0, |v| v as u32);
    let kind = Reflect::get(data, &"kind".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    if kind == "hotspots" {
        let result = hotspots(scope, task, data);
        post(scope, &FromTask::Hotspots { task, result });
        return post(scope, &FromTask::Done { task });
    }
    let settings = Reflect::get(data, &"settings".into())
        .ok()
        .and_then(|v| serde_wasm_bindgen::from_value::<HeadSettings>(v).ok());
    let what = match (kind.as_str(), settings, number(data, "at")) {
        ("first", _, _) => Task::First,
        ("later", Some(settings), Some(at)) => Task::Later {
            at: at as u64,
            settings,
        },
        _ => Task::Whole,
    };
    // A task without settings (or with ones this build cannot read) asks rather than guesses.
    let mut generic = Reflect::get(data, &"generic".into())
        .ok()
        .and_then(|v| serde_wasm_bindgen::from_value::<GenericRoles>(v).ok())
        .unwrap_or(GenericRoles {
            ask_when_unsure: true,
            ..GenericRoles::default()
        });
    // A police.uk month after this one is impossible; only the browser knows when "now" is.
    let now = js_sys::Date::new_0();
    generic.this_month = Some((now.get_full_year() as u16, now.get_month() as u8 + 1));
    if let Some(file) = Reflect::get(data, &"file".into())
        .ok()
        .and_then(|f| f.dyn_into::<File>().ok())
    {
        read_task(scope, task, file, what, &generic);
    }
    post(scope, &FromTask::Done { task });
}

/// A Hotspots query: the street files (`sources`: each a `file` and the `name` it was loaded
/// as, an archive's entry by `archive › path`), latest publication first, read again through
/// the query. One file that cannot be read spoils the answer, so it fails as a whole.
fn hotspots(
    scope: &DedicatedWorkerGlobalScope,
    task: u32,
    data: &JsValue,
) -> Result<HotspotCounts, String> {
    let query: HotspotQuery = Reflect::get(data, &"query".into())
        .ok()
        .and_then(|q| serde_wasm_bindgen::from_value(q).ok())
        .ok_or("The map's question did not reach the file reader; try again.")?;
    let sources: Array = Reflect::get(data, &"sources".into())
        .ok()
        .and_then(|s| s.dyn_into().ok())
        .unwrap_or_default();
    let mut run = HotspotRun::new(query);
    let mut done = 0u64;
    for source in sources.iter() {
        let file = Reflect::get(&source, &"file".into())
            .ok()
            .and_then(|f| f.dyn_into::<File>().ok())
            .ok_or("A file to map is missing; load it again.")?;
        let name = Reflect::get(&source, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_else(|| file.name());
        let size = file.size() as u64;
        let mut chunks = FileChunks::new(file)?;
        let position = chunks.position.clone();
        let mut report = |_: ReadProgress| {
            post(
                scope,
                &FromTask::Progress {
                    task,
                    file: name.clone(),
                    bytes: done + position.get(),
                    rows: 0,
                    memory: wasm_memory_bytes(),
                },
            )
        };
        let read = if chunks.starts_like_zip() {
            let archive = chunks.file.name();
            run.read_zip_entry(&archive, chunks, &name, &mut report)
        } else {
            run.read_csv(&name, chunks, &mut report)
        };
        read.map_err(|e| e.to_string())?;
        done += size;
    }
    Ok(run.finish())
}

fn read_task(
    scope: &DedicatedWorkerGlobalScope,
    task: u32,
    file: File,
    what: Task,
    generic: &GenericRoles,
) {
    let name = file.name();
    let size = file.size() as u64;
    // Which of two publications of a month is the later one.
    let modified = file.last_modified();
    let modified_ms = modified.is_finite().then_some(modified as i64);
    let dated = |mut file: LoadedFile| {
        file.modified_ms = file.modified_ms.or(modified_ms);
        file
    };
    let failed = |message: String| FromTask::Failed {
        task,
        file: name.clone(),
        message,
    };
    let report = |shown: &str, p: ReadProgress| {
        post(
            scope,
            &FromTask::Progress {
                task,
                file: shown.to_owned(),
                bytes: p.bytes,
                rows: p.rows,
                memory: wasm_memory_bytes(),
            },
        );
    };
    let mut chunks = match FileChunks::new(file) {
        Ok(chunks) => chunks,
        Err(message) => return post(scope, &failed(message)),
    };
    match what {
        Task::Later { at, settings } => {
            if let Err(error) = chunks.seek(SeekFrom::Start(at)) {
                return post(scope, &failed(error.to_string()));
            }
            let outcome = read_later_part(&name, chunks, &settings, &mut |p| report(&name, p));
            match outcome {
                Ok(file) => post(
                    scope,
                    &FromTask::LaterPart {
                        task,
                        file: dated(file),
                    },
                ),
                Err(error) => post(scope, &failed(error.to_string())),
            }
        }
        _ if chunks.starts_like_zip() => {
            let position = chunks.position.clone();
            let mut progress = |shown: &str, p: ReadProgress| {
                report(
                    shown,
                    ReadProgress {
                        bytes: position.get(),
                        ..p
                    },
                )
            };
            match read_zip_with(&name, chunks, generic, &mut progress) {
                Ok(archive) => {
                    // Each entry as a loose file: asked about, or read with its columns; an
                    // entry without a usable time takes the archive's.
                    for outcome in archive.entries {
                        post_outcome(scope, task, outcome, dated);
                    }
                    if !archive.skipped.is_empty() {
                        post(
                            scope,
                            &FromTask::Skipped {
                                task,
                                file: name.clone(),
                                entries: archive.skipped,
                            },
                        );
                    }
                }
                Err(error) => post(scope, &failed(error.to_string())),
            }
        }
        Task::First => {
            let split_at = chunks.probe_split(size);
            let mut offered = false;
            let outcome = match split_at {
                Some(at) => read_first_part(
                    &name,
                    chunks,
                    at,
                    generic,
                    &mut |settings| {
                        offered = true;
                        post(
                            scope,
                            &FromTask::Split {
                                task,
                                at,
                                settings: settings.clone(),
                            },
                        );
                    },
                    &mut |p| report(&name, p),
                ),
                None => read_buffered_with(&name, chunks, generic, &mut |p| report(&name, p)).map(
                    |outcome| FirstPart {
                        outcome,
                        line_offset: None,
                    },
                ),
            };
            match outcome {
                Ok(FirstPart {
                    outcome: ReadOutcome::Loaded { file, .. },
                    line_offset,
                }) if offered => post(
                    scope,
                    &FromTask::FirstPart {
                        task,
                        file: dated(file),
                        line_offset,
                    },
                ),
                Ok(part) => post_outcome(scope, task, Ok(part.outcome), dated),
                Err(error) => post(scope, &failed(error.to_string())),
            }
        }
        Task::Whole => {
            let outcome = read_buffered_with(&name, chunks, generic, &mut |p| report(&name, p));
            post_outcome(scope, task, outcome, dated);
        }
    }
}

/// A file read in one piece: its columns first if the user may want to see or change them.
fn post_outcome(
    scope: &DedicatedWorkerGlobalScope,
    task: u32,
    outcome: Result<ReadOutcome, crate::ingest::FileError>,
    dated: impl Fn(LoadedFile) -> LoadedFile,
) {
    match outcome {
        Ok(ReadOutcome::Loaded { file, roles }) => {
            if let Some((preview, how)) = roles {
                post(scope, &FromTask::ReadWithRoles { task, preview, how });
            }
            post(
                scope,
                &FromTask::Loaded {
                    task,
                    file: dated(file),
                },
            );
        }
        Ok(ReadOutcome::Ask(preview)) => post(scope, &FromTask::AskRoles { task, preview }),
        Err(error) => post(
            scope,
            &FromTask::Failed {
                task,
                file: error.file.clone(),
                message: error.to_string(),
            },
        ),
    }
}

fn wasm_memory_bytes() -> u64 {
    Reflect::get(&wasm_bindgen::memory(), &"buffer".into())
        .and_then(|buffer| Reflect::get(&buffer, &"byteLength".into()))
        .ok()
        .and_then(|length| length.as_f64())
        .map_or(0, |length| length as u64)
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &FromTask) {
    match serde_wasm_bindgen::to_value(message) {
        Ok(value) => {
            let _ = scope.post_message(&value);
        }
        Err(error) => {
            web_sys::console::error_1(&format!("worker message not sent: {error}").into())
        }
    }
}

// Large enough that crossing into JavaScript is rare; small, as the buffer it is copied into
// is the worker's largest.
const CHUNK_BYTES: usize = 1024 * 1024;

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
    /// Where each slice goes once copied: see [`FileChunks::refill`].
    sink: Option<MessagePort>,
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
            sink: MessageChannel::new().ok().map(|channel| {
                channel.port2().close();
                channel.port1()
            }),
        })
    }

    /// Whether the file begins with a zip signature (read into the buffer, not consumed).
    fn starts_like_zip(&mut self) -> bool {
        if self.buffer.is_empty() && self.refill().is_err() {
            return false;
        }
        is_zip(&self.buffer)
    }

    /// Where to split the file for two readers: just after the first line ending at or
    /// after its middle (read apart from the stream, which stays at the start).
    fn probe_split(&self, size: u64) -> Option<u64> {
        let middle = size / 2;
        let end = (middle + SPLIT_PROBE_BYTES).min(size);
        let slice = self
            .file
            .slice_with_f64_and_f64(middle as f64, end as f64)
            .ok()?;
        let bytes = self.reader.read_as_array_buffer(&slice).ok()?;
        let probe = Uint8Array::new(&bytes).to_vec();
        split_point(&probe, middle, size)
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
        let view = Uint8Array::new(&bytes);
        self.buffer.resize(view.length() as usize, 0);
        view.copy_to(&mut self.buffer);
        // The slice is garbage now, but a busy worker's garbage collector frees such buffers
        // so rarely that they pile up by the hundred megabytes (docs/BENCHMARKS.md).
        // Transferring it into a message moves its bytes out of this worker's heap, and a
        // message to a port whose other end is closed is dropped, bytes and all: memory stays
        // flat. (Detaching it with `ArrayBuffer.transfer` does not: the browser keeps the bytes
        // until the next collection.) One channel per file: a port is only told that its
        // partner has closed when the worker's event loop turns, which never happens while a
        // file is read, and a disentangled port may leave the buffer where it is.
        if let Some(sink) = &self.sink {
            let _ = sink.post_message_with_transferable(&bytes, &Array::of1(&bytes));
        }
        self.start = 0;
        self.offset = end;
        Ok(())
    }
}

impl Read for FileChunks {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        if let (Some(target), Some(source)) = (out.get_mut(..n), available.get(..n)) {
            target.copy_from_slice(source);
        }
        self.consume(n);
        Ok(n)
    }
}

// The engine reads text straight out of the slice just read, with no copy in between.
impl BufRead for FileChunks {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start >= self.buffer.len() && self.offset < self.file.size() {
            self.refill()?;
        }
        Ok(self.buffer.get(self.start..).unwrap_or_default())
    }

    fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.buffer.len());
        self.position.set(self.logical_position() as u64);
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
