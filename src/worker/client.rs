use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::protocol::FromTask;

// Trunk names worker files after the binary, unhashed, so the page can find them.
const WORKER_URL: &str = "worker_loader.js";

/// The pool's handle on one ingest worker. Dropping it (or [`IngestWorker::stop`]) ends the
/// worker at once, mid-file if need be: that is how a load is cancelled.
pub struct IngestWorker {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    waiting: Rc<RefCell<Vec<JsValue>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl IngestWorker {
    /// Starts a worker; `on_message` gets everything it sends after it is ready, `on_error`
    /// a message for the user if it fails to start or crashes.
    pub fn spawn(
        on_message: impl Fn(FromTask) + 'static,
        on_error: impl Fn(String) + 'static,
    ) -> Result<IngestWorker, String> {
        let worker = Worker::new(WORKER_URL)
            .map_err(|_| "The file reader could not be started in this browser.".to_owned())?;
        let ready = Rc::new(Cell::new(false));
        let waiting = Rc::new(RefCell::new(Vec::<JsValue>::new()));

        let on_message = {
            let (ready, waiting, target) = (ready.clone(), waiting.clone(), worker.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                match serde_wasm_bindgen::from_value::<FromTask>(event.data()) {
                    // Tasks sent before the worker listened would have been dropped: send them now.
                    Ok(FromTask::Ready) => {
                        ready.set(true);
                        for job in waiting.borrow_mut().drain(..) {
                            let _ = target.post_message(&job);
                        }
                    }
                    Ok(message) => on_message(message),
                    Err(error) => web_sys::console::error_1(
                        &format!("unreadable worker message: {error}").into(),
                    ),
                }
            })
        };
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            on_error(format!(
                "The file reader stopped unexpectedly ({}). Reload the page and try again.",
                event.message()
            ));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(IngestWorker {
            worker,
            ready,
            waiting,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Hands the worker a task (see `pool`); it is queued until the worker is ready.
    pub fn send(&self, message: JsValue) {
        if self.ready.get() {
            let _ = self.worker.post_message(&message);
        } else {
            self.waiting.borrow_mut().push(message);
        }
    }

    pub fn stop(&self) {
        self.worker.terminate();
    }
}

impl Drop for IngestWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
