//! The stable code of every diagnostic, in one enum.
//!
//! A code (`E0305`) and its kebab name (`unknown-region`) never change meaning once
//! released: CI scripts match on them, and the message catalogue (zh-CN, en) is keyed by
//! them. Add a new variant for a new kind of finding rather than reusing one. The
//! letter says the usual severity (`E` error, `W` warning); the first two digits the
//! area: 01 reading files, 02 YAML and the schema, 03 record rules, 04 `site.yaml`
//! rules, 05 pages, 06 privacy, 07 theme and templates, 08 the build's environment and
//! output, 09 `import`. `docs/diagnostics.md` lists every code; a test keeps it in step with this enum.

use serde::{Serialize, Serializer};

/// Declares [`Code`] with its id, kebab name and one-line summary from one table, so
/// that nothing else has to list the codes.
macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = ($id:literal, $name:literal), )+) => {
        /// What kind of finding a diagnostic is; see the module documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable id, e.g. `E0305`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)+ }
            }

            /// The stable kebab-case name, e.g. `unknown-region`.
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
    /// A file of the site cannot be read (permissions, a vanished file, an I/O error).
    CannotRead = ("E0101", "cannot-read"),
    /// `site.yaml` is missing: the folder is not a site.
    NoSiteConfig = ("E0102", "no-site-config"),
    /// A text file is not valid UTF-8 (or UTF-16 with a byte-order mark).
    NotUtf8 = ("E0103", "not-utf8"),
    /// A file name is not valid UTF-8.
    FileNameNotUtf8 = ("E0104", "file-name-not-utf8"),
    /// A symlink points outside the site folder, or nowhere.
    SymlinkOutside = ("E0105", "symlink-outside"),
    /// A symlinked folder was skipped.
    SymlinkedFolder = ("W0106", "symlinked-folder"),
    /// A source file is larger than `limits.max_file_size`.
    FileTooLarge = ("E0107", "file-too-large"),
    /// A Markdown file has no `---` front matter.
    NoFrontMatter = ("E0108", "no-front-matter"),
    /// The site has no `content/` folder.
    NoContentFolder = ("E0109", "no-content-folder"),

    /// The YAML is not well-formed (indentation, quoting, a stray character).
    YamlSyntax = ("E0201", "yaml-syntax"),
    /// A key the schema does not have.
    UnknownKey = ("E0202", "unknown-key"),
    /// A `status` that is not one of the status keys.
    UnknownStatus = ("E0203", "unknown-status"),
    /// A value that is not one of the keys its vocabulary allows (kind, pollution type…).
    UnknownValue = ("E0204", "unknown-value"),
    /// A required key is missing.
    MissingKey = ("E0205", "missing-key"),
    /// A value of the wrong type or form (a date that does not exist, text for a number).
    InvalidValue = ("E0206", "invalid-value"),
    /// The YAML nests or repeats aliases beyond the limits.
    YamlTooDeep = ("E0207", "yaml-too-deep"),

    /// A record id that cannot be a page address.
    BadId = ("E0301", "bad-id"),
    /// A record without a title.
    EmptyTitle = ("E0302", "empty-title"),
    /// A record names an inspection `site.yaml` does not list.
    UnknownInspection = ("E0303", "unknown-inspection"),
    /// A record's region is empty.
    EmptyRegion = ("W0304", "empty-region"),
    /// A record's region is not in `site.yaml`'s `regions:`.
    UnknownRegion = ("E0305", "unknown-region"),
    /// A closed record without `closed_on`.
    ClosedWithoutDate = ("E0306", "closed-without-date"),
    /// A completed record without `completed_on` (on-time is then unknown).
    CompletedWithoutDate = ("W0307", "completed-without-date"),
    /// `closed_on` on a record that is not closed.
    ClosedOnNotClosed = ("E0308", "closed-on-not-closed"),
    /// `completed_on` on a record that is neither completed nor closed.
    CompletedOnNotDone = ("E0309", "completed-on-not-done"),
    /// A completion, closure or progress date after the as-of date.
    DateAfterAsOf = ("E0310", "date-after-as-of"),
    /// Dates of one record in an impossible order (closed before completed…).
    DatesOutOfOrder = ("E0311", "dates-out-of-order"),
    /// Updates not oldest first.
    UpdatesOutOfOrder = ("E0312", "updates-out-of-order"),
    /// `status` disagrees with the last update that sets a status.
    StatusDisagrees = ("E0313", "status-disagrees"),
    /// `deadline` disagrees with the last deadline change.
    DeadlineMismatch = ("E0314", "deadline-mismatch"),
    /// An evidence file is not next to the record.
    EvidenceMissing = ("E0315", "evidence-missing"),
    /// `verification` (是否属实) on a record that is not a complaint case.
    VerificationNotComplaint = ("W0316", "verification-not-complaint"),
    /// An update without text or a deadline change without a reason.
    EmptyText = ("E0317", "empty-text"),
    /// Two records with one id.
    DuplicateId = ("E0318", "duplicate-id"),
    /// A record listed as related to itself.
    RelatedSelf = ("E0319", "related-self"),
    /// A related id that names no record.
    UnknownRelated = ("E0320", "unknown-related"),
    /// A number that cannot be published: not finite (`.nan`, `.inf`) or negative.
    BadNumber = ("E0321", "bad-number"),
    /// A record's `batch` is not one of the batches its inspection lists in `site.yaml`.
    UnknownBatch = ("E0322", "unknown-batch"),
    /// A record gives a `batch` but no `inspection`: a batch number means something only
    /// within one inspection.
    BatchWithoutInspection = ("E0323", "batch-without-inspection"),
    /// Two records of one inspection and batch share a `seq` (序号), the row of the
    /// official table.
    DuplicateSeq = ("E0324", "duplicate-seq"),
    /// A closure step's notice window (销号公示) ends before it starts.
    NoticeReversed = ("E0325", "notice-reversed"),
    /// A closure step's notice window ends after the record's `closed_on`: the notice
    /// comes before the closure.
    NoticeAfterClosure = ("E0326", "notice-after-closure"),
    /// A field that would make a cell of `records.xlsx` longer than Excel's 32,767
    /// characters, so the workbook could not be written.
    CellTooLong = ("E0327", "cell-too-long"),
    /// An evidence file of a type that is not published: only passive documents, images
    /// and archives are (an `.html`, `.svg` or `.js` would run script on the site).
    EvidenceType = ("E0330", "evidence-type"),
    /// An evidence file whose first bytes disagree with its extension, or that is empty.
    EvidenceContent = ("E0331", "evidence-content"),

    /// `base_url` is not an absolute URL.
    BadBaseUrl = ("E0401", "bad-base-url"),
    /// A `language` the theme has no strings for.
    UnsupportedLanguage = ("E0402", "unsupported-language"),
    /// `paginate` is 0.
    BadPaginate = ("E0403", "bad-paginate"),
    /// Two inspections with one id.
    DuplicateInspection = ("E0404", "duplicate-inspection"),
    /// An inspection id that cannot be a page address.
    BadInspectionId = ("E0405", "bad-inspection-id"),
    /// An inspection that ends before it starts.
    InspectionDates = ("E0406", "inspection-dates"),
    /// A region listed twice.
    DuplicateRegion = ("E0407", "duplicate-region"),
    /// A region slug used twice.
    DuplicateRegionSlug = ("E0408", "duplicate-region-slug"),
    /// A region slug that is not lower-case ASCII.
    BadRegionSlug = ("E0409", "bad-region-slug"),
    /// `vocabularies:` names a vocabulary that does not exist.
    UnknownVocabulary = ("E0410", "unknown-vocabulary"),
    /// `vocabularies:` relabels a key the vocabulary does not have.
    UnknownVocabularyKey = ("E0411", "unknown-vocabulary-key"),
    /// `signing.public_key` is not an ed25519 public key (64 hex digits).
    BadSigningPublicKey = ("E0412", "bad-signing-public-key"),
    /// An inspection lists one batch number twice, or a batch numbered 0.
    BadBatch = ("E0413", "bad-batch"),
    /// A slug `site.yaml` pins for a unit or an inspection is not a lower-case ASCII slug.
    BadSlug = ("E0414", "bad-slug"),
    /// Two units or two inspections in `site.yaml` pin one slug, or a unit is listed twice.
    DuplicateSlug = ("E0415", "duplicate-slug"),

    /// A page without a title.
    EmptyPageTitle = ("E0501", "empty-page-title"),
    /// Two pages at one address.
    DuplicatePageAddress = ("E0502", "duplicate-page-address"),
    /// A page at an address reserved for generated pages.
    ReservedAddress = ("E0503", "reserved-address"),
    /// A page names a template that does not exist.
    UnknownTemplate = ("E0504", "unknown-template"),
    /// A link in a page's or record's Markdown leads to no page or file of the site.
    BrokenLink = ("E0505", "broken-link"),
    /// `--check-links`: a link to another site does not answer (a 4xx or 5xx status,
    /// no such host, a timeout).
    ExternalLinkFailed = ("W0506", "external-link-failed"),

    /// Personal data (a phone number, ID number, e-mail…) in published text.
    PersonalData = ("E0601", "personal-data"),

    /// The theme named in `site.yaml` does not exist.
    UnknownTheme = ("E0701", "unknown-theme"),
    /// The theme has no UI strings for the site's language, or they are malformed.
    MissingUiStrings = ("E0702", "missing-ui-strings"),
    /// A vocabulary key has no label in the theme's UI strings.
    MissingLabel = ("E0703", "missing-label"),
    /// A template failed to parse or render.
    TemplateError = ("E0704", "template-error"),

    /// `SOURCE_DATE_EPOCH` is set but is not a Unix timestamp.
    BadSourceDateEpoch = ("E0801", "bad-source-date-epoch"),
    /// The output folder is one disclose must not replace (the site, a parent, `/`…).
    UnsafeOutputFolder = ("E0802", "unsafe-output-folder"),
    /// The output folder holds files disclose did not write.
    ForeignOutputFolder = ("E0803", "foreign-output-folder"),
    /// Writing the output failed.
    WriteFailed = ("E0804", "write-failed"),
    /// The signing key cannot be read or is not a key made by `disclose keygen`.
    BadSigningKey = ("E0805", "bad-signing-key"),
    /// An evidence file listed by a record cannot be read at build time.
    EvidenceUnreadable = ("E0806", "evidence-unreadable"),
    /// The previous publication in the output folder cannot be read.
    PreviousUnreadable = ("W0807", "previous-unreadable"),
    /// Two producers of one output path (an evidence or static file on a generated page,
    /// feed or download, or two files on one address).
    OutputClash = ("E0808", "output-clash"),
    /// `--sign-key` is not the secret key of `site.yaml` `signing.public_key`.
    SigningKeyMismatch = ("E0809", "signing-key-mismatch"),
    /// Another disclose run holds the output folder (or web root): nothing was changed.
    OutputLocked = ("E0810", "output-locked"),
    /// An interrupted earlier build left the output folder half switched; it was repaired
    /// (or, as an error, could not be).
    InterruptedSwitch = ("W0811", "interrupted-switch"),
    /// The previous publication's slug map (`data/slugs.json`) cannot be read, so
    /// facet addresses are made afresh.
    PreviousSlugsUnreadable = ("W0812", "previous-slugs-unreadable"),

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

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.id(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let mut ids = BTreeSet::new();
        let mut names = BTreeSet::new();
        for &code in Code::ALL {
            assert!(ids.insert(code.id()), "{} twice", code.id());
            assert!(names.insert(code.name()), "{} twice", code.name());
            let id = code.id().as_bytes();
            assert!(
                id.len() == 5 && matches!(id[0], b'E' | b'W') && id[1..].iter().all(u8::is_ascii_digit),
                "{} is not like E0305",
                code.id()
            );
            assert!(
                code.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                code.name()
            );
            assert!(!code.summary().is_empty());
        }
    }

    /// docs/diagnostics.md lists exactly the codes of the enum, with their names: the
    /// table there is checked against [`Code::ALL`], so neither can drift.
    #[test]
    fn the_reference_lists_every_code() {
        let doc = include_str!("../../docs/diagnostics.md");
        let in_doc: BTreeSet<(String, String)> = doc
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let id = cells.get(1)?.trim_matches('`');
                let name = cells.get(2)?.trim_matches('`');
                (id.len() == 5 && (id.starts_with('E') || id.starts_with('W')))
                    .then(|| (id.to_string(), name.to_string()))
            })
            .collect();
        let in_enum: BTreeSet<(String, String)> = Code::ALL
            .iter()
            .map(|c| (c.id().to_string(), c.name().to_string()))
            .collect();
        let missing: Vec<_> = in_enum.difference(&in_doc).collect();
        let extra: Vec<_> = in_doc.difference(&in_enum).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "docs/diagnostics.md disagrees with diagnostic::Code: not documented {missing:?}, \
             documented but not in the enum {extra:?} (run `cargo test print_diagnostics_table -- --ignored --nocapture` for the rows)"
        );
    }

    /// Prints the table rows of docs/diagnostics.md from the enum (a helper for editing
    /// the reference, not a check).
    #[test]
    #[ignore]
    fn print_diagnostics_table() {
        for &c in Code::ALL {
            println!("| `{}` | `{}` | {} |", c.id(), c.name(), c.summary());
        }
    }
}
