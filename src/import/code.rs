//! The stable codes of import's findings (area 09), so a message can be matched by CI
//! and translated like every other diagnostic: `error[E0906]: 台账.xlsx Sheet1!B8: …`.

use std::fmt;

macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = ($id:literal, $name:literal), )+) => {
        /// What kind of finding an import message is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable id, e.g. `E0906`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)+ }
            }

            /// The stable kebab-case name, e.g. `import-duplicate-id`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)+ }
            }

            /// One line saying what the code means (its doc comment).
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),+).trim_ascii(),)+ }
            }
        }
    };
}

codes! {
    /// No row in the first 20 has two headers the mapping knows.
    ImportNoHeader = ("E0901", "import-no-header"),
    /// No column gives the status (整改状态, 办结状态, 是否办结).
    ImportNoStatusColumn = ("E0902", "import-no-status-column"),
    /// The sheet has no kind column and no `--kind` was given.
    ImportNoKind = ("E0903", "import-no-kind"),
    /// No column gives a title or a problem description.
    ImportNoTitleColumn = ("E0904", "import-no-title-column"),
    /// The sheet has neither an id column nor 序号, or a row has no 序号.
    ImportNoId = ("E0905", "import-no-id"),
    /// Two rows of the sheet have one id; neither is imported.
    ImportDuplicateId = ("E0906", "import-duplicate-id"),
    /// A cell value the mapping does not know (a status, a pollution type…).
    ImportUnknownValue = ("E0907", "import-unknown-value"),
    /// A cell that is not a date, a deadline or a whole number where one is needed.
    ImportBadCell = ("E0908", "import-bad-cell"),
    /// A row without a value the record needs (status, title).
    ImportMissingValue = ("E0909", "import-missing-value"),
    /// The record exists and `--update` was not given.
    ImportRecordExists = ("E0910", "import-record-exists"),
    /// The record lives in a multi-record or `.md` file, which import does not rewrite.
    ImportCannotRewrite = ("E0911", "import-cannot-rewrite"),
    /// A detail-sheet row names an id the records sheet does not have.
    ImportUnknownRecord = ("E0912", "import-unknown-record"),
    /// The row's record breaks a record rule or the privacy guard.
    ImportRecordRule = ("E0913", "import-record-rule"),
    /// A note or total row was skipped.
    ImportNoteRow = ("W0914", "import-note-row"),
    /// Ids are made from 序号 because the sheet has no id column.
    ImportDerivedIds = ("W0915", "import-derived-ids"),
    /// A column of personal data was left out.
    ImportPersonalColumn = ("W0916", "import-personal-column"),
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_documented_once_and_ids_are_unique() {
        let doc = include_str!("../../docs/import.md");
        let mut ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        for code in Code::ALL {
            let row = format!("| `{}` | `{}` |", code.id(), code.name());
            assert_eq!(doc.matches(&row).count(), 1, "docs/import.md lacks {row}");
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Code::ALL.len());
    }
}
