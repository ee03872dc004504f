//! Import's findings: each a [`Message`] with a stable [`Code`] of area 09 (from the one
//! code enum, [`crate::diagnostic::Code`]), so a message can be matched by CI and
//! translated like every other diagnostic: `error[E0906]: 台账.xlsx Sheet1!B8: …`.

use std::fmt;

pub use crate::diagnostic::Code;

/// One finding of an import: its code, where (`台账.xlsx Sheet1!B8`), and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The stable code.
    pub code: Code,
    /// The file, sheet and cell (or row).
    pub place: String,
    /// What is wrong and how to fix it.
    pub text: String,
}

impl Message {
    /// A message at `place`.
    pub fn new(code: Code, place: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            code,
            place: place.into(),
            text: text.into(),
        }
    }
}

/// `place: text`, as printed after `error[E0906]: `.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.text)
    }
}
