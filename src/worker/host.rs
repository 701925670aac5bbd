use std::io::{self, Read};

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

use crate::ingest::read_file_from;
use crate::protocol::{FromWorker, JobProgress};

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
    let bytes_total: u64 = files.iter().map(|f| f.size() as u64).sum();
    let mut bytes_before = 0u64;
    let count = files.len() as u32;
    for (index, file) in (0u32..).zip(files) {
        let name = file.name();
        let size = file.size() as u64;
        let result = FileChunks::new(file).and_then(|chunks| {
            let mut report = |p: crate::ingest::ReadProgress| {
                post(
                    scope,
                    &FromWorker::Progress(JobProgress {
                        job,
                        file: name.clone(),
                        file_index: index,
                        files: count,
                        bytes_done: bytes_before + p.bytes.min(size),
                        bytes_total,
                        rows: p.rows,
                    }),
                );
            };
            read_file_from(&name, chunks, &mut report).map_err(|e| e.to_string())
        });
        match result {
            Ok(file) => post(scope, &FromWorker::Loaded { job, file }),
            Err(message) => post(
                scope,
                &FromWorker::Failed {
                    job,
                    file: name,
                    message,
                },
            ),
        }
        bytes_before += size;
    }
    post(scope, &FromWorker::Finished { job });
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
    offset: f64,
    buffer: Vec<u8>,
    start: usize,
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
        })
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
        Ok(n)
    }
}
