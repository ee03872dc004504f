//! The site's data types: records, pages and their vocabularies. Plain data with serde,
//! no I/O, so every stage and every test can build them directly.

mod date;
mod page;
mod record;
mod vocab;

pub use date::{Date, DateError};
pub use page::{Page, PageFront};
pub use record::{
    ClosureStep, Deadline, DeadlineChange, Enforcement, Evidence, MAX_ID_LEN, Notice, Record, RecordId,
    Update,
};
pub use vocab::{Column, Kind, PollutionType, Schedule, Status, VOCABULARIES, Verification, Vocabulary};

use serde::Deserializer;
use serde::de::{self, Visitor};
use std::fmt;

/// Reads a YAML scalar (string, integer or float) as its text, so that `id: 1024` and
/// `id: "1024"` mean the same thing.
pub(crate) fn scalar_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct ScalarText;
    impl Visitor<'_> for ScalarText {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a plain value (text or number)")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    deserializer.deserialize_any(ScalarText)
}
