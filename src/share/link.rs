//! The fragments that open shared data, and the data a link carries.
//!
//! ```text
//! fragment = "#" source [ "&view=" state ]
//! source   = "published=" name        a published file beside the page, fetched same-origin
//!          | "data=" base64url        the payload itself: base64url (no padding) of the JSON,
//!                                     deflated in a zlib wrapper (RFC 1950)
//! state    = the view state as `ViewState::to_fragment` writes it, without its "#"
//! ```
//!
//! The zlib wrapper costs six bytes and carries an Adler-32 checksum of the JSON: a link with
//! a character changed in transit is refused rather than shown with different figures (raw
//! deflate would inflate many such changes into valid, wrong, numbers).
//!
//! The deflating and inflating are the browser's own (`CompressionStream("deflate")`, which is
//! this same zlib format, in `ui::deflate`): flate2's encoder in the page cost its size budget
//! for what every browser already ships. This module does everything around them — base64url,
//! the limits before and after inflating, the payload's checks — so it is tested natively, with
//! flate2 standing in for the browser. Links made while the page deflated with flate2 are the
//! same format and still open.
//!
//! `view=` comes last and takes the rest of the fragment as it is, so the view's own `&` and
//! `=` need no second layer of escaping.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::{MAX_JSON_BYTES, Payload, ShareError};
use crate::view_state::ViewState;

/// The longest link "Copy link with data" makes: mail clients and intranet tools cut or refuse
/// longer ones, and some browsers stop keeping them in history.
pub const LINK_LIMIT: usize = 8_000;
const MAX_NAME_CHARS: usize = 100;
/// Base64 of the largest payload read; a longer fragment is refused before decoding.
const MAX_DATA_CHARS: usize = MAX_JSON_BYTES / 2;

/// Where shared data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shared {
    /// A published file's name, checked by [`published_name`]: fetch it beside the page.
    Published(String),
    /// The payload carried in the link, still encoded (see [`decode_data`]).
    Data(String),
}

/// A fragment that opens shared data: the source (or why it cannot be used) and the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedLink {
    pub source: Result<Shared, ShareError>,
    pub view: ViewState,
}

impl SharedLink {
    /// Reads a fragment, with or without its `#`; `None` when it opens no shared data (the
    /// app's own view fragments and in-page jumps).
    pub fn parse(fragment: &str) -> Option<SharedLink> {
        let text = fragment.strip_prefix('#').unwrap_or(fragment);
        let (source, view) = match text.split_once("&view=") {
            Some((source, view)) => (source, ViewState::from_fragment(view)),
            None => (text, ViewState::default()),
        };
        let source = if let Some(name) = source.strip_prefix("published=") {
            published_name(name).map(Shared::Published)
        } else if let Some(data) = source.strip_prefix("data=") {
            Ok(Shared::Data(data.to_owned()))
        } else {
            return None;
        };
        Some(SharedLink { source, view })
    }
}

/// The fragment for shared data and a view: `#published=…&view=/…` or `#data=…&view=/…`.
pub fn shared_fragment(source: &Shared, view: &ViewState) -> String {
    let state = view.to_fragment();
    let state = state.strip_prefix('#').unwrap_or(&state);
    match source {
        Shared::Published(name) => format!("#published={name}&view={state}"),
        Shared::Data(data) => format!("#data={data}&view={state}"),
    }
}

/// Checks the name of a published file before the page fetches it. The page fetches the
/// name relative to its own address, so only a plain file name in the page's own folder is
/// taken: a `/` could reach any other path on the host (another team's files, an admin page),
/// `..` climbs out of the app's folder, `:` and `\` are how a scheme or another host
/// (`https:`, `data:`, `javascript:`, `//elsewhere`) would be written, and `%` could spell any
/// of these escaped. The browser's security policy would block another site anyway; this
/// stops a link from making the page request anything on its own host but a `.json` file
/// beside it.
pub fn published_name(name: &str) -> Result<String, ShareError> {
    let refuse = |why: &str| {
        Err(ShareError::BadName(format!(
            "\"{}\" cannot be used as the name of a published file: {why}. A published file \
             must sit beside the page and be named like board-2024-01.json.",
            name.chars()
                .filter(|c| !c.is_control())
                .take(60)
                .collect::<String>()
        )))
    };
    if name.is_empty() {
        return refuse("the name is empty");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return refuse("the name is too long");
    }
    if name.contains(':') {
        return refuse("it holds a \":\", as a web address with a scheme (https:, data:) does");
    }
    if name.contains("..") {
        return refuse("it holds \"..\", which would climb out of the page's folder");
    }
    if name.contains('/') || name.contains('\\') {
        return refuse(
            "it holds a \"/\", so it would be a file in another folder or on another site",
        );
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return refuse("only letters, digits, \"-\", \"_\" and \".\" are allowed in it");
    }
    if name.starts_with('.') || !name.to_ascii_lowercase().ends_with(".json") {
        return refuse("it must end in .json and not start with a dot");
    }
    Ok(name.to_owned())
}

/// The payload as a link carries it, given its JSON (`Payload::to_json`) deflated in a zlib
/// wrapper: base64url, without padding.
pub fn encode_data(deflated: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(deflated)
}

/// The zlib-deflated JSON a link carries, refusing text too long to be a payload (before any
/// decoding) or that is not base64url.
pub fn data_bytes(data: &str) -> Result<Vec<u8>, ShareError> {
    if data.len() > MAX_DATA_CHARS {
        return Err(ShareError::TooLarge {
            bytes: data.len(),
            limit: MAX_DATA_CHARS,
        });
    }
    URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|_| ShareError::Damaged("it is not base64url text".to_owned()))
}

/// How many inflated bytes to read at most: one more than a payload may have, so that a link
/// that inflates further (a small link can inflate to gigabytes) is refused, not read whole.
pub const INFLATE_LIMIT: usize = MAX_JSON_BYTES + 1;

/// Reads the payload from a link's inflated bytes (at most [`INFLATE_LIMIT`] of them), or why
/// not. `inflated` is the inflater's answer: `None` when the data does not inflate or its
/// checksum is wrong.
pub fn decode_inflated(inflated: Option<Vec<u8>>) -> Result<Payload, ShareError> {
    let json = inflated.ok_or_else(|| {
        ShareError::Damaged("it does not inflate, or its checksum is wrong".to_owned())
    })?;
    if json.len() > MAX_JSON_BYTES {
        return Err(ShareError::TooLarge {
            bytes: json.len(),
            limit: MAX_JSON_BYTES,
        });
    }
    let text = String::from_utf8(json)
        .map_err(|_| ShareError::Damaged("it is not UTF-8 text once inflated".to_owned()))?;
    Payload::from_json(&text)
}

/// The link that opens the data `data` (as [`encode_data`] writes it) in `view`: `page` is the
/// page's address without its fragment. Refused, with the length it would have had, over
/// [`LINK_LIMIT`] characters.
pub fn link_with_data(page: &str, data: &str, view: &ViewState) -> Result<String, usize> {
    let fragment = shared_fragment(&Shared::Data(data.to_owned()), view);
    let page = page.split('#').next().unwrap_or(page);
    let link = format!("{page}{fragment}");
    if link.len() > LINK_LIMIT {
        Err(link.len())
    } else {
        Ok(link)
    }
}
