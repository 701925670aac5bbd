//! One reader per recognised format; see [`super::format`] for the contract. Each module
//! offers `recognise(&HeaderIndex) -> Option<Box<dyn RecordReader>>`.

pub mod fingertips;
pub mod generic;
pub mod police_outcomes;
pub mod police_stop_search;
pub mod police_street;
pub mod population;
pub mod recorded_crime;
