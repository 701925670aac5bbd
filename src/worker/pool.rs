//! The page's handle on the ingest workers: a small pool that reads the files of a job on
//! every core the machine offers (up to [`MAX_WORKERS`]). Files are shared out largest first,
//! each to the worker with the fewest bytes still to read; one big CSV file that would
//! otherwise keep one worker busy while the others wait is read in two parts at once (see
//! `ingest::split`). To the page it looks like one worker: the same job messages, results in
//! the order the user gave the files, progress summed over the workers.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::File;

use super::client::IngestWorker;
use crate::ingest::HeadSettings;
use crate::ingest::split::{SPLIT_MIN_BYTES, merge_halves};
use crate::model::LoadedFile;
use crate::protocol::{FromTask, FromWorker, GenericRoles, JobProgress};

/// Two, because a big file is read in two parts; more would mostly add each worker's own
/// memory (its WebAssembly instance and buffers) to the page's.
pub const MAX_WORKERS: usize = 2;

/// The page's handle on the ingest workers. Dropping it (or [`IngestPool::stop`]) ends them
/// all at once, mid-file if need be: that is how a load is cancelled.
pub struct IngestPool {
    workers: Rc<Vec<IngestWorker>>,
    state: Rc<RefCell<PoolState>>,
    on_message: Rc<dyn Fn(FromWorker)>,
}

/// How a file of the job is being read.
#[derive(Default)]
struct FileSlot {
    file: Option<File>,
    size: u64,
    /// Messages for the page, held until every file before this one is done.
    out: Vec<FromWorker>,
    done: bool,
    /// Bytes read and rows counted by each task reading this file.
    read: HashMap<u32, (u64, u64)>,
    shown: String,
    /// The task whose end completes the file, when it is read in one piece.
    owner: Option<u32>,
    split: Option<SplitFile>,
}

/// The two parts of a file read in two.
#[derive(Default)]
struct SplitFile {
    later_task: Option<u32>,
    first: Option<(LoadedFile, Option<u64>)>,
    later: Option<Result<LoadedFile, String>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Whole,
    First,
    Later,
}

struct TaskInfo {
    /// A task can outlive its job (a second part no longer wanted is left to finish).
    job: u32,
    slot: usize,
    worker: usize,
    kind: Kind,
    /// Bytes this task was expected to read, for sharing out work.
    share: u64,
}

#[derive(Default)]
struct PoolState {
    job: u32,
    /// How the job's generic tables are to be read, sent with each of its tasks.
    generic: JsValue,
    slots: Vec<FileSlot>,
    released: usize,
    tasks: HashMap<u32, TaskInfo>,
    next_task: u32,
    /// Bytes handed to each worker and not yet read.
    load: Vec<u64>,
    finished: bool,
}

impl IngestPool {
    /// Starts one worker per core, up to [`MAX_WORKERS`]; `on_message` gets the job messages,
    /// `on_error` a message for the user if a worker fails to start or crashes.
    pub fn spawn(
        on_message: impl Fn(FromWorker) + 'static,
        on_error: impl Fn(String) + 'static,
    ) -> Result<IngestPool, String> {
        let cores = web_sys::window()
            .map(|w| w.navigator().hardware_concurrency())
            .unwrap_or(1.0);
        let count = (cores as usize).clamp(1, MAX_WORKERS);
        let state = Rc::new(RefCell::new(PoolState {
            load: vec![0; count],
            finished: true,
            ..PoolState::default()
        }));
        let on_message: Rc<dyn Fn(FromWorker)> = Rc::new(on_message);
        let on_error: Rc<dyn Fn(String)> = Rc::new(on_error);
        // Workers need the pool to hand out follow-up tasks, and the pool needs the workers:
        // they are tied together once all exist.
        let slots: Rc<RefCell<Option<Rc<Vec<IngestWorker>>>>> = Rc::default();
        let mut workers = Vec::with_capacity(count);
        for _ in 0..count {
            let (state, slots, on_message) = (state.clone(), slots.clone(), on_message.clone());
            let on_error = on_error.clone();
            let worker = IngestWorker::spawn(
                move |message| {
                    let Some(workers) = slots.borrow().clone() else {
                        return;
                    };
                    let outgoing = state.borrow_mut().hear(&workers, message);
                    for message in outgoing {
                        on_message(message);
                    }
                },
                move |message| on_error(message),
            )?;
            workers.push(worker);
        }
        let workers = Rc::new(workers);
        *slots.borrow_mut() = Some(workers.clone());
        Ok(IngestPool {
            workers,
            state,
            on_message,
        })
    }

    /// Hands the files to the workers, with how to read tables only the generic reader
    /// recognises. The browser passes `File` handles, not their bytes.
    pub fn load(&self, job: u32, files: &[File], generic: &GenericRoles) {
        let mut state = self.state.borrow_mut();
        state.job = job;
        state.generic = serde_wasm_bindgen::to_value(generic).unwrap_or(JsValue::UNDEFINED);
        state.released = 0;
        state.finished = false;
        state.slots = files
            .iter()
            .map(|file| FileSlot {
                file: Some(file.clone()),
                size: file.size() as u64,
                shown: file.name(),
                ..FileSlot::default()
            })
            .collect();
        let total: u64 = state.slots.iter().map(|s| s.size).sum();
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(state.slots.get(i).map_or(0, |s| s.size)));
        for index in order {
            let Some(slot) = state.slots.get(index) else {
                continue;
            };
            // Splitting pays when this one file would keep a worker busy long after the
            // others are done; a zip's entries cannot be entered part-way (see ingest::split).
            let split = self.workers.len() > 1
                && slot.size >= SPLIT_MIN_BYTES
                && slot.size.saturating_mul(2) > total
                && !slot.shown.to_lowercase().ends_with(".zip");
            let kind = if split { Kind::First } else { Kind::Whole };
            let share = if split { slot.size / 2 } else { slot.size };
            let task = state.assign(&self.workers, index, kind, share, None);
            match (task, state.slots.get_mut(index)) {
                (Some(task), Some(slot)) => slot.owner = Some(task),
                _ => state.complete(index),
            }
        }
        let outgoing = state.release();
        drop(state);
        for message in outgoing {
            (self.on_message)(message);
        }
    }

    pub fn stop(&self) {
        for worker in self.workers.iter() {
            worker.stop();
        }
    }
}

impl Drop for IngestPool {
    fn drop(&mut self) {
        self.stop();
    }
}

impl PoolState {
    /// Gives a task to the worker with the least left to read.
    fn assign(
        &mut self,
        workers: &[IngestWorker],
        slot: usize,
        kind: Kind,
        share: u64,
        later: Option<(u64, &HeadSettings)>,
    ) -> Option<u32> {
        let file = self.slots.get(slot)?.file.clone()?;
        let worker = (0..workers.len()).min_by_key(|&w| self.load.get(w).copied().unwrap_or(0))?;
        let task = self.next_task;
        self.next_task = self.next_task.wrapping_add(1);
        if let Some(load) = self.load.get_mut(worker) {
            *load += share;
        }
        self.tasks.insert(
            task,
            TaskInfo {
                job: self.job,
                slot,
                worker,
                kind,
                share,
            },
        );
        let message = Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = Reflect::set(&message, &key.into(), value);
        };
        set("task", &JsValue::from(task));
        set(
            "kind",
            &JsValue::from_str(match kind {
                Kind::Whole => "whole",
                Kind::First => "first",
                Kind::Later => "later",
            }),
        );
        set("file", &file);
        set("generic", &self.generic);
        if let Some((at, settings)) = later {
            set("at", &JsValue::from(at as f64));
            if let Ok(settings) = serde_wasm_bindgen::to_value(settings) {
                set("settings", &settings);
            }
        }
        workers.get(worker)?.send(message.into());
        Some(task)
    }

    /// Takes in a worker's message; returns what the page should hear now.
    fn hear(&mut self, workers: &[IngestWorker], message: FromTask) -> Vec<FromWorker> {
        let job = self.job;
        let task = match &message {
            FromTask::Ready => return Vec::new(),
            FromTask::Progress { task, .. }
            | FromTask::Loaded { task, .. }
            | FromTask::Failed { task, .. }
            | FromTask::Skipped { task, .. }
            | FromTask::AskRoles { task, .. }
            | FromTask::ReadWithRoles { task, .. }
            | FromTask::Split { task, .. }
            | FromTask::FirstPart { task, .. }
            | FromTask::LaterPart { task, .. }
            | FromTask::Done { task }
            | FromTask::Hotspots { task, .. } => *task,
        };
        let Some(info) = self.tasks.get(&task) else {
            return Vec::new();
        };
        let (slot_index, kind, worker, share) = (info.slot, info.kind, info.worker, info.share);
        if info.job != job {
            // Only its end matters now: the worker is free for the current job's tasks.
            if let FromTask::Done { .. } = message {
                self.tasks.remove(&task);
                if let Some(load) = self.load.get_mut(worker) {
                    *load = load.saturating_sub(share);
                }
            }
            return Vec::new();
        }
        let mut outgoing = Vec::new();
        match message {
            // Hotspots are asked of a worker of their own (`worker::hotspots`), never the pool.
            FromTask::Ready | FromTask::Hotspots { .. } => {}
            FromTask::Progress {
                file, bytes, rows, ..
            } => {
                if let Some(slot) = self.slots.get_mut(slot_index) {
                    slot.read.insert(task, (bytes, rows));
                    slot.shown = file;
                }
                outgoing.push(FromWorker::Progress(self.progress()));
            }
            FromTask::Loaded { file, .. } => {
                self.push(slot_index, FromWorker::Loaded { job, file });
            }
            FromTask::Skipped { file, entries, .. } => {
                self.push(slot_index, FromWorker::Skipped { job, file, entries });
            }
            FromTask::AskRoles { preview, .. } => {
                self.push(slot_index, FromWorker::AskRoles { job, preview });
            }
            FromTask::ReadWithRoles { preview, how, .. } => {
                self.push(slot_index, FromWorker::ReadWithRoles { job, preview, how });
            }
            FromTask::Failed { file, message, .. } => match kind {
                Kind::Later => {
                    if let Some(split) = self.split_of(slot_index, task) {
                        split.later = Some(Err(message));
                    }
                    self.settle_split(workers, slot_index);
                }
                // One file's only result: it could not be read (a second part, if any, is
                // no longer wanted).
                Kind::First => {
                    self.push(slot_index, FromWorker::Failed { job, file, message });
                    self.complete(slot_index);
                }
                // One of several results of a zip; the task's end completes the file.
                Kind::Whole => self.push(slot_index, FromWorker::Failed { job, file, message }),
            },
            FromTask::Split { at, settings, .. } => {
                let size = self.slots.get(slot_index).map_or(0, |s| s.size);
                // The first worker now reads only up to the split.
                if let Some(load) = self.load.get_mut(worker) {
                    *load = load.saturating_sub(share).saturating_add(at);
                }
                if let Some(info) = self.tasks.get_mut(&task) {
                    info.share = at;
                }
                let later = self.assign(
                    workers,
                    slot_index,
                    Kind::Later,
                    size.saturating_sub(at),
                    Some((at, &settings)),
                );
                if let Some(slot) = self.slots.get_mut(slot_index) {
                    slot.owner = None;
                    slot.split = Some(SplitFile {
                        later_task: later,
                        ..SplitFile::default()
                    });
                }
            }
            FromTask::FirstPart {
                file, line_offset, ..
            } => {
                if let Some(split) = self
                    .slots
                    .get_mut(slot_index)
                    .and_then(|s| s.split.as_mut())
                {
                    split.first = Some((file, line_offset));
                }
                self.settle_split(workers, slot_index);
            }
            FromTask::LaterPart { file, .. } => {
                if let Some(split) = self.split_of(slot_index, task) {
                    split.later = Some(Ok(file));
                }
                self.settle_split(workers, slot_index);
            }
            FromTask::Done { .. } => {
                self.tasks.remove(&task);
                if let Some(load) = self.load.get_mut(worker) {
                    *load = load.saturating_sub(share);
                }
                if self.slots.get(slot_index).and_then(|s| s.owner) == Some(task) {
                    self.complete(slot_index);
                }
            }
        }
        outgoing.append(&mut self.release());
        outgoing
    }

    fn push(&mut self, slot_index: usize, message: FromWorker) {
        if let Some(slot) = self.slots.get_mut(slot_index) {
            slot.out.push(message);
        }
    }

    /// The split of a file, if `task` is reading its second part.
    fn split_of(&mut self, slot_index: usize, task: u32) -> Option<&mut SplitFile> {
        self.slots
            .get_mut(slot_index)?
            .split
            .as_mut()
            .filter(|split| split.later_task == Some(task))
    }

    /// Nothing more is to come for this file.
    fn complete(&mut self, slot_index: usize) {
        if let Some(slot) = self.slots.get_mut(slot_index) {
            slot.done = true;
            slot.owner = None;
            slot.split = None;
        }
    }

    /// Puts a split file together once both parts are in; reads it again whole if the
    /// second part failed (its error message would count lines from the split).
    fn settle_split(&mut self, workers: &[IngestWorker], slot_index: usize) {
        let job = self.job;
        let Some(slot) = self.slots.get_mut(slot_index) else {
            return;
        };
        let Some(split) = slot.split.as_mut() else {
            return;
        };
        let later_task = split.later_task;
        let file = match (split.first.take(), split.later.take()) {
            // The split fell inside a record: the first part read the whole file, and what
            // the second part read is not counted.
            (Some((first, None)), _) => {
                if let Some(task) = later_task {
                    slot.read.remove(&task);
                }
                Some(first)
            }
            (Some((first, Some(offset))), Some(Ok(later))) => merge_halves(first, later, offset),
            (Some((_, Some(_))), Some(Err(_))) => None,
            (first, later) => {
                split.first = first;
                split.later = later;
                return;
            }
        };
        slot.split = None;
        match file {
            Some(file) => {
                slot.out.push(FromWorker::Loaded { job, file });
                self.complete(slot_index);
            }
            None => {
                slot.read.clear();
                let share = slot.size;
                let task = self.assign(workers, slot_index, Kind::Whole, share, None);
                match (task, self.slots.get_mut(slot_index)) {
                    (Some(task), Some(slot)) => slot.owner = Some(task),
                    _ => self.complete(slot_index),
                }
            }
        }
    }

    /// Hands the page every result of the files done so far, in the user's order, and the
    /// end of the job once all are.
    fn release(&mut self) -> Vec<FromWorker> {
        let mut outgoing = Vec::new();
        while let Some(slot) = self.slots.get_mut(self.released) {
            if !slot.done {
                break;
            }
            outgoing.append(&mut slot.out);
            slot.file = None;
            self.released += 1;
        }
        if self.released == self.slots.len() && !self.finished {
            self.finished = true;
            outgoing.push(FromWorker::Finished { job: self.job });
        }
        outgoing
    }

    /// The job's progress: bytes and rows summed over every task, shown against the first
    /// file still being read.
    fn progress(&self) -> JobProgress {
        let mut bytes_done = 0;
        let mut rows = 0;
        for slot in &self.slots {
            let (bytes, slot_rows) = slot
                .read
                .values()
                .fold((0, 0), |(b, r), (tb, tr)| (b + tb, r + tr));
            bytes_done += if slot.done {
                slot.size
            } else {
                bytes.min(slot.size)
            };
            rows += slot_rows;
        }
        let current = self
            .slots
            .iter()
            .position(|s| !s.done && !s.read.is_empty())
            .or_else(|| self.slots.iter().position(|s| !s.done))
            .unwrap_or(0);
        JobProgress {
            job: self.job,
            file: self
                .slots
                .get(current)
                .map(|s| s.shown.clone())
                .unwrap_or_default(),
            file_index: current as u32,
            files: self.slots.len() as u32,
            bytes_done,
            bytes_total: self.slots.iter().map(|s| s.size).sum(),
            rows,
        }
    }
}
