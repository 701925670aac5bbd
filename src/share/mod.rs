//! Handing the dashboard over without a server: the published file, the link with data and
//! what "Remember on this computer" keeps are one payload of aggregates ([`Payload`]), read
//! back with every check a file from a stranger needs ([`Payload::from_json`]), and the URL
//! fragments that open it ([`link`]). Pure Rust: the page only fetches, copies and stores the
//! text this module writes.

pub mod link;
mod payload;

use std::fmt;

pub use link::{
    INFLATE_LIMIT, LINK_LIMIT, Shared, SharedLink, data_bytes, decode_inflated, encode_data,
    link_with_data, published_name, shared_fragment,
};
pub use payload::{
    Cell, Coverage, FORMAT, Held, Payload, SMALL_NUMBER, SUPPRESSED, SmallCells, Source,
    SourceFile, Suppression,
};

/// The largest payload read, as JSON text or once inflated from a link: a CSP's published
/// years are tens of kilobytes; a national year of every force is a few megabytes.
pub const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

/// Why shared data could not be opened, in words the page shows as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The text is not JSON at all (a web page, a CSV, a damaged download).
    NotJson(String),
    /// JSON, but not a Safer Trends published file.
    NotPublished,
    /// A published file of another version of the format.
    Version(String),
    /// The right format, but something in it is missing, inconsistent or out of range.
    Invalid(String),
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    /// The data in a link is not base64url of deflated JSON (cut short when copied, say).
    Damaged(String),
    /// A published file's name that the page will not fetch, and why.
    BadName(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotJson(why) => write!(
                f,
                "This is not a Safer Trends published file: it is not JSON ({why})."
            ),
            ShareError::NotPublished => f.write_str(
                "This is not a Safer Trends published file: it does not say it is \
                 safer-trends-published-v1.",
            ),
            ShareError::Version(version) => write!(
                f,
                "This file was published by another version of Safer Trends (format version \
                 {version}); this page reads version 1. Open it with the version that made it, \
                 or publish it again."
            ),
            ShareError::Invalid(why) => write!(
                f,
                "This published file cannot be shown because {why}. It may have been edited or \
                 damaged; ask for it to be published again."
            ),
            ShareError::TooLarge { bytes, limit } => write!(
                f,
                "This published data is {} MB; the page reads at most {} MB.",
                bytes.div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            ),
            ShareError::Damaged(why) => write!(
                f,
                "The data in this link is damaged ({why}). Links are sometimes cut short when \
                 copied or emailed: ask for the whole link again."
            ),
            ShareError::BadName(why) => f.write_str(why),
        }
    }
}

#[cfg(test)]
mod tests;
