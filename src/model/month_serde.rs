//! A month travels (to and from the ingest worker) as its `YYYY-MM` text: compact, readable
//! in a debugger, and validated again on the way in.

use serde::de::{Deserializer, Error, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::Month;

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Month, D::Error> {
        struct MonthText;
        impl Visitor<'_> for MonthText {
            type Value = Month;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a month written YYYY-MM")
            }
            fn visit_str<E: Error>(self, text: &str) -> Result<Month, E> {
                Month::parse_iso(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(MonthText)
    }
}
