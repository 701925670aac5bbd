//! "Which column is which?": the panel that asks the user how to read a table the reader was
//! unsure about, or lets them change how a table was read; the note and "Change columns"
//! action beside each such table in the load summary; and remembering the choice by header.
//!
//! The `File` handles of these tables stay here, on the page, so a file can be read again
//! with a new choice; the model never holds them. Choices are remembered for the session and
//! in `localStorage` under a hash of the header, as roles by position only (see
//! [`RoleChoice::encode`]).

use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::File;

use crate::ingest::archive::entry_name;
use crate::ingest::roles::{ChoiceProblem, ColumnRole, RoleChoice, RolesSource, TablePreview};
use crate::model::Format;
use crate::protocol::GenericRoles;

/// A table waiting for the user's say.
#[derive(Debug, Clone, PartialEq)]
struct Question {
    preview: TablePreview,
    /// The table was read already and the user asked to change its columns.
    changing: bool,
}

/// Everything the page knows about tables read by column roles. Created once by the app and
/// provided as context, so the load summary can offer "Change columns".
#[derive(Clone, Copy)]
pub struct ColumnRolesState {
    /// Tables waiting for the user, the first one shown.
    questions: RwSignal<Vec<Question>>,
    /// How each table in the loaded files was read, by file name.
    read_with: RwSignal<BTreeMap<String, (TablePreview, RolesSource)>>,
    /// The files of those tables and of those waiting, by name, to read them again.
    handles: StoredValue<BTreeMap<String, File>, LocalStorage>,
    /// The current load's files, until the worker says which of them are tables.
    job_files: StoredValue<Vec<File>, LocalStorage>,
    /// Remembered choices by header key: this session's, and those stored on this computer.
    remembered: RwSignal<BTreeMap<String, RoleChoice>>,
    /// The user's choice and the file it is for, to go with the next load (that file alone,
    /// read again).
    next_choice: StoredValue<Option<(String, RoleChoice)>>,
}

impl ColumnRolesState {
    pub fn new() -> ColumnRolesState {
        ColumnRolesState {
            questions: RwSignal::new(Vec::new()),
            read_with: RwSignal::new(BTreeMap::new()),
            handles: StoredValue::new_local(BTreeMap::new()),
            job_files: StoredValue::new_local(Vec::new()),
            remembered: RwSignal::new(stored_choices()),
            next_choice: StoredValue::new(None),
        }
    }

    /// Called as a load starts: keeps its files until the worker reports, and says how the
    /// worker is to read tables (the user's pending choice, the remembered ones, and to ask
    /// rather than guess).
    pub fn job_started(&self, files: &[File]) -> GenericRoles {
        self.job_files.set_value(files.to_vec());
        // Taken whatever the load is, so a choice whose load never started (the reader
        // failed to start) cannot apply to files picked later.
        let pending = self.next_choice.try_update_value(Option::take).flatten();
        // The choice is for the file read again, or for one entry of the zip read again.
        let (chosen, entry) = match (pending, files) {
            (Some((name, choice)), [file]) if file.name() == name => (Some(choice), None),
            (Some((name, choice)), [file]) => match entry_of(&file.name(), &name) {
                Some(entry) => (Some(choice), Some(entry.to_owned())),
                None => (None, None),
            },
            _ => (None, None),
        };
        GenericRoles {
            chosen,
            remembered: self.remembered.get_untracked(),
            ask_when_unsure: true,
            // Set by the worker, from its own clock.
            this_month: None,
            entry,
        }
    }

    /// The worker asks about a table; returns a line for the load's status.
    pub fn asked(&self, preview: TablePreview) -> String {
        let file = preview.file.clone();
        self.keep_handle(&file);
        self.questions.update(|questions| {
            questions.retain(|q| q.preview.file != file);
            questions.push(Question {
                preview,
                changing: false,
            });
        });
        format!(
            "{file} was not read yet: say which column is which under \u{201c}Which column is \
             which?\u{201d}."
        )
    }

    /// The worker read a table by these columns; returns a line for the load's status when
    /// the user should know (a remembered choice was used).
    pub fn read_with(&self, preview: TablePreview, how: RolesSource) -> Option<String> {
        let file = preview.file.clone();
        self.keep_handle(&file);
        self.read_with.update(|read| {
            read.insert(file.clone(), (preview, how));
        });
        (how == RolesSource::Remembered).then(|| {
            format!(
                "{file} was read with the columns you chose before for files with this \
                 header; use Change columns under Loaded files to change them."
            )
        })
    }

    /// Keeps the file a table came from: the file itself, or the zip an entry is in.
    fn keep_handle(&self, name: &str) {
        let file = self.job_files.with_value(|files| {
            files
                .iter()
                .find(|f| f.name() == name || entry_of(&f.name(), name).is_some())
                .cloned()
        });
        if let Some(file) = file {
            self.handles.update_value(|handles| {
                handles.insert(name.to_owned(), file);
            });
        }
    }

    /// Opens the panel for a table already read, starting from the columns it was read by.
    fn change(&self, name: &str) {
        let Some((mut preview, _)) = self.read_with.with(|read| read.get(name).cloned()) else {
            return;
        };
        preview.reasons.clear();
        self.questions.update(|questions| {
            questions.retain(|q| q.preview.file != name);
            questions.insert(
                0,
                Question {
                    preview,
                    changing: true,
                },
            );
        });
    }

    /// Kept for this visit; written to this computer only when the user has opted in to
    /// "Remember on this computer" (nothing is stored without it).
    fn remember(&self, key: &str, choice: &RoleChoice) {
        if super::persistence::opted_in() {
            store_choice(key, choice);
        }
        self.remembered.update(|remembered| {
            remembered.insert(key.to_owned(), choice.clone());
        });
    }

    /// Writes this visit's choices to this computer: called when the user opts in to
    /// remembering, so choices made before ticking the box are kept too.
    pub(super) fn store_remembered(&self) {
        self.remembered.with_untracked(|remembered| {
            for (key, choice) in remembered {
                store_choice(key, choice);
            }
        });
    }

    pub(super) fn forget_all(&self) {
        forget_stored_choices();
        self.remembered.set(BTreeMap::new());
    }
}

/// The path inside the zip `archive` of a table shown as `name`, if it is one of its entries.
fn entry_of<'a>(archive: &str, name: &'a str) -> Option<&'a str> {
    let prefix = entry_name(archive, "");
    name.strip_prefix(prefix.as_str())
        .filter(|path| !path.is_empty())
}

impl Default for ColumnRolesState {
    fn default() -> Self {
        ColumnRolesState::new()
    }
}

// ---------------------------------------------------------------------------------------
// The panel.

/// The panel, shown while a table waits for the user. Reading is disabled while a load runs:
/// starting another would abandon it.
#[component]
pub fn ColumnRolesPanel(
    state: ColumnRolesState,
    on_read: Callback<Vec<File>>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    // Only a change of the first question redraws the form, so questions arriving behind it
    // do not wipe what the user has chosen so far.
    let current = Memo::new(move |_| state.questions.with(|q| q.first().cloned()));
    let waiting = Signal::derive(move || state.questions.with(Vec::len));
    move || {
        current.get().map(|question| {
            view! { <RolesForm question=question state=state on_read=on_read busy=busy waiting=waiting /> }
        })
    }
}

#[component]
fn RolesForm(
    question: Question,
    state: ColumnRolesState,
    on_read: Callback<Vec<File>>,
    busy: RwSignal<bool>,
    waiting: Signal<usize>,
) -> impl IntoView {
    let Question { preview, changing } = question;
    let roles = RwSignal::new(preview.choice.columns.clone());
    let decimal_comma = RwSignal::new(preview.choice.decimal_comma);
    let problems = RwSignal::new(Vec::<ChoiceProblem>::new());
    let file = preview.file.clone();
    let key = preview.key.clone();
    let period_headers = preview.period_headers.clone();

    let heading: NodeRef<leptos::html::H2> = NodeRef::new();
    let summary: NodeRef<leptos::html::Div> = NodeRef::new();
    // Whoever was doing something else is taken to the question (as GOV.UK moves focus to an
    // error summary): the page cannot go on with this file without them.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(s) = summary.get() {
            let _ = s.focus();
        }
    });

    let read = {
        let file = file.clone();
        move |_| {
            let choice = RoleChoice {
                columns: roles.get_untracked(),
                decimal_comma: decimal_comma.get_untracked(),
            };
            let found = choice.problems(&period_headers);
            if !found.is_empty() {
                problems.set(found);
                // A summary shown already is not mounted again, so its effect does not run.
                if let Some(s) = summary.get_untracked() {
                    let _ = s.focus();
                }
                return;
            }
            let Some(handle) = state.handles.with_value(|h| h.get(&file).cloned()) else {
                problems.set(vec![ChoiceProblem {
                    column: None,
                    message: format!(
                        "The page no longer has {file}: choose the file again with the file \
                         picker"
                    ),
                }]);
                return;
            };
            state.remember(&key, &choice);
            state.next_choice.set_value(Some((file.clone(), choice)));
            state.questions.update(|q| {
                q.retain(|question| question.preview.file != file);
            });
            on_read.run(vec![handle]);
        }
    };
    let dismiss = {
        let file = file.clone();
        move |_| {
            state.questions.update(|q| {
                q.retain(|question| question.preview.file != file);
            });
        }
    };

    let intro = if changing {
        format!(
            "Say what each column of {file} holds. The file will be read again with your \
             choice and replace the one loaded."
        )
    } else {
        format!(
            "{file} has not been read yet: Safer Trends could not be sure which column holds \
             what. Check the first rows below and say what each column holds."
        )
    };
    let reasons = preview.reasons.clone();
    let header = preview.header.clone();
    let shown_rows = preview.rows.len();

    let fields = header
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let id = format!("role-col-{c}");
            let error_id = format!("role-col-{c}-error");
            let label = if name.is_empty() {
                format!("Column {}: (no name)", c + 1)
            } else {
                format!("Column {}: {name}", c + 1)
            };
            let period_header = preview.period_headers.get(c).copied().unwrap_or(false);
            let error = move || {
                problems.with(|p| {
                    p.iter()
                        .find(|p| p.column == Some(c))
                        .map(|p| p.message.clone())
                })
            };
            let on_change = move |ev: leptos::ev::Event| {
                let picked = event_target_value(&ev)
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| ColumnRole::ALL.get(i).copied());
                if let Some(role) = picked {
                    roles.update(|r| {
                        if let Some(slot) = r.get_mut(c) {
                            *slot = role;
                        }
                    });
                }
            };
            let options = ColumnRole::ALL
                .iter()
                .enumerate()
                .filter(|(_, role)| **role != ColumnRole::PeriodColumn || period_header)
                .map(|(i, &role)| {
                    let selected = move || roles.with(|r| r.get(c) == Some(&role));
                    view! { <option value=i.to_string() selected=selected>{role.label()}</option> }
                })
                .collect_view();
            let described = {
                let error_id = error_id.clone();
                move || error().map(|_| error_id.clone())
            };
            view! {
                <div class="field role-field" class:field-error=move || error().is_some()>
                    <label for=id.clone() class="label">{label}</label>
                    {move || error().map(|e| view! { <p class="error-message" id=error_id.clone()>"Error: "{e}</p> })}
                    <select id=id on:change=on_change aria-describedby=described>{options}</select>
                </div>
            }
        })
        .collect_view();

    let head_cells = header
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let role = move || roles.with(|r| r.get(c).map_or("", |role| role.label()));
            view! { <th scope="col">{name.clone()}<br /><span class="hint">{role}</span></th> }
        })
        .collect_view();
    let body_rows = preview
        .rows
        .iter()
        .map(|row| {
            view! { <tr>{row.iter().map(|cell| view! { <td>{cell.clone()}</td> }).collect_view()}</tr> }
        })
        .collect_view();

    let summary_items = move || {
        problems
            .get()
            .into_iter()
            .map(|p| {
                let target = format!("role-col-{}", p.column.unwrap_or(0));
                let href = format!("#{target}");
                // Focus the select without touching the URL (its fragment is the page's).
                let go = move |ev: leptos::ev::MouseEvent| {
                    ev.prevent_default();
                    focus_by_id(&target);
                };
                view! { <li><a href=href on:click=go>{p.message}</a></li> }
            })
            .collect_view()
    };

    view! {
        <section class="column-roles" id="column-roles" aria-labelledby="roles-heading">
            <h2 id="roles-heading" tabindex="-1" node_ref=heading>"Which column is which?"</h2>
            {move || (waiting.get() > 1).then(|| view! {
                <p class="hint">{format!("{} files are waiting for you to say which column is which; this is the first.", waiting.get())}</p>
            })}
            <p>{intro}</p>
            {(!reasons.is_empty()).then(|| view! {
                <p>"What was not clear:"</p>
                <ul class="roles-reasons">{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            })}
            <Show when=move || problems.with(|p| !p.is_empty())>
                <div class="error-summary" id="roles-error-summary" role="alert" tabindex="-1" aria-labelledby="roles-error-title" node_ref=summary>
                    <h3 id="roles-error-title" class="error-summary-title">"There is a problem"</h3>
                    <ul class="error-summary-list">{summary_items}</ul>
                </div>
            </Show>
            <div class="table-scroll" role="region" aria-labelledby="roles-caption" tabindex="0">
                <table id="roles-preview" class="data">
                    <caption id="roles-caption">{format!("The first {shown_rows} rows of {file}, as written")}</caption>
                    <thead><tr>{head_cells}</tr></thead>
                    <tbody>{body_rows}</tbody>
                </table>
            </div>
            <p class="hint">
                "Period: the column of dates, months or years. Period columns: columns headed \
                 by a period (like 2019 or Jan 2023), each holding that period's figures. Area \
                 and Area code: where each figure is for. Category: what is counted, such as a \
                 crime type (several are joined). Value: the figures. Ignore: anything else."
            </p>
            <fieldset class="role-fields">
                <legend class="label">"What each column holds"</legend>
                {fields}
            </fieldset>
            <p class="checkbox">
                <input
                    type="checkbox"
                    id="roles-decimal-comma"
                    prop:checked=move || decimal_comma.get()
                    on:change=move |ev| decimal_comma.set(event_target_checked(&ev))
                />
                <label for="roles-decimal-comma">"Numbers are written with a decimal comma (1.234,5)"</label>
            </p>
            <p id="roles-remember-note">
                "Your choice is remembered for files with this same header: until the page is \
                 closed, or on this computer only if \u{201c}Remember on this computer\u{201d} is \
                 ticked. Only which column is which is kept \u{2014} never the file, its rows or \
                 its column names \u{2014} and you can forget it at any time."
            </p>
            <p class="actions">
                <button type="button" id="roles-read" class="button" on:click=read disabled=move || busy.get()>
                    "Read the file with these columns"
                </button>
                <button type="button" id="roles-dismiss" class="button secondary" on:click=dismiss>
                    {if changing { "Keep the columns as they are" } else { "Do not read this file" }}
                </button>
            </p>
        </section>
    }
}

fn focus_by_id(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

// ---------------------------------------------------------------------------------------
// Beside each table in the load summary.

/// For a table read by column roles, how its columns were settled, with "Change columns";
/// nothing for other files.
pub fn columns_note(name: &str, format: Format) -> Option<impl IntoView + use<>> {
    matches!(format, Format::GenericTidy | Format::GenericWide).then(|| {
        let name = name.to_owned();
        view! { <ColumnsNote name=name /> }
    })
}

#[component]
fn ColumnsNote(name: String) -> impl IntoView {
    let state = use_context::<ColumnRolesState>();
    move || {
        let state = state?;
        let how = state
            .read_with
            .with(|read| read.get(&name).map(|(_, how)| *how))?;
        let text = match how {
            RolesSource::Detected => "Columns recognised from the header and first rows.",
            RolesSource::Guessed => "Columns guessed from the header and first rows.",
            RolesSource::Remembered => {
                "Read with the columns you chose before for files with this header."
            }
            RolesSource::Chosen => "Read with the columns you chose.",
        };
        let target = name.clone();
        let change = move |_| state.change(&target);
        Some(view! {
            <br />
            <span class="hint columns-note">{text}" "</span>
            <button type="button" class="button secondary change-columns" on:click=change>
                "Change columns"<span class="visually-hidden">{format!(" of {name}")}</span>
            </button>
        })
    }
}

/// "Forget remembered columns", shown while any choice is remembered.
#[component]
pub fn ForgetColumns(state: ColumnRolesState) -> impl IntoView {
    let message = RwSignal::new(String::new());
    let count = move || state.remembered.with(BTreeMap::len);
    let any = move || count() > 0;
    let forget = move |_| {
        state.forget_all();
        message.set(
            "Remembered columns were forgotten on this computer. Tables with an unfamiliar \
             layout will be asked about again."
                .to_owned(),
        );
    };
    view! {
        <Show when=any>
            <p class="actions forget-columns">
                <span class="hint">
                    {move || format!(
                        "Column choices are remembered for {} file layout{} (on this computer only if \u{201c}Remember on this computer\u{201d} is ticked).",
                        count(),
                        if count() == 1 { "" } else { "s" }
                    )}
                </span>
                <button type="button" id="forget-columns" class="button secondary" on:click=forget>
                    "Forget remembered columns"
                </button>
            </p>
        </Show>
        <p class="hint" id="forget-status" role="status">{move || message.get()}</p>
    }
}

// ---------------------------------------------------------------------------------------
// localStorage: roles by position under a hash of the header, nothing else.

const STORAGE_PREFIX: &str = "safer-trends.columns.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The choices stored on this computer. Storage can be off (private windows, policies):
/// then choices last for the session only.
fn stored_choices() -> BTreeMap<String, RoleChoice> {
    let Some(storage) = storage() else {
        return BTreeMap::new();
    };
    let length = storage.length().unwrap_or(0);
    (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| {
            let hash = key.strip_prefix(STORAGE_PREFIX)?.to_owned();
            let choice = RoleChoice::decode(&storage.get_item(&key).ok().flatten()?)?;
            Some((hash, choice))
        })
        .collect()
}

fn store_choice(key: &str, choice: &RoleChoice) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&format!("{STORAGE_PREFIX}{key}"), &choice.encode());
    }
}

fn forget_stored_choices() {
    let Some(storage) = storage() else {
        return;
    };
    let length = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(STORAGE_PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}
