//! One diagnostic type for every stage, and its two renderings (text and JSON).
//!
//! Stages never print: they return [`Diagnostic`] values, which the caller collects into
//! [`Diagnostics`] so that every error of a run is reported together. Positions are
//! 1-based line and column (columns count characters, not bytes, so they match what an
//! editor shows for Chinese text).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;

/// How bad a finding is: errors fail the run, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check` and `build` (exit code 1).
    Error,
    /// Reported, but the site is still built.
    Warning,
}

/// A finding about one place in one file of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path of the file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The source snippet must not be shown (e.g. it holds personal data).
    #[serde(skip)]
    pub hide_source: bool,
}

impl Diagnostic {
    /// A new error about `file` at `line`:`column`. Personal data in the message (a
    /// YAML error or an unknown key quoting the value it read) is masked here, so no
    /// rendering of any diagnostic can print it.
    pub fn error(file: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        let message = message.into();
        let message = match crate::validate::privacy::mask_personal_data(&message) {
            std::borrow::Cow::Borrowed(_) => message,
            std::borrow::Cow::Owned(masked) => masked,
        };
        Self {
            severity: Severity::Error,
            file: file.into(),
            line,
            column,
            message,
            help: None,
            hide_source: false,
        }
    }

    /// A new warning about `file` at `line`:`column`.
    pub fn warning(file: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, line, column, message)
        }
    }

    /// Adds the "how to fix it" text (masked like the message).
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        let help = help.into();
        self.help = Some(crate::validate::privacy::mask_personal_data(&help).into_owned());
        self
    }

    /// Marks the snippet as not to be printed (it may hold personal data).
    pub fn without_source(mut self) -> Self {
        self.hide_source = true;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as editors and CI annotate it.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }
}

/// Every finding of one run, in a stable order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one finding.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many findings.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// The findings in the order they were added.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// True when at least one error was found.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The findings, sorted by file, position and message so output is deterministic
    /// even though files are parsed in parallel.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// Borrowed view of the findings in insertion order.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Self {
            items: iter.into_iter().collect(),
        }
    }
}

/// Renders diagnostics as text with a source snippet, reading sources from `root`.
pub fn render_text(diagnostics: &[Diagnostic], root: &Path) -> String {
    let mut files = SimpleFiles::new();
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity).with_message(&d.message);
        let source = if d.hide_source || d.line == 0 {
            None
        } else {
            // The snippet is the file as written, with personal data masked: an unknown
            // key's line (`complainant_phone: 13812345678`) is shown as `138****5678`.
            std::fs::read(root.join(&d.file)).ok().map(|bytes| {
                crate::validate::privacy::mask_personal_data(&String::from_utf8_lossy(&bytes)).into_owned()
            })
        };
        match source
            .as_deref()
            .and_then(|text| byte_range(text, d.line, d.column).map(|r| (text, r)))
        {
            Some((text, range)) => {
                let id = files.add(d.file.display().to_string(), text.to_string());
                cs = cs.with_label(Label::primary(id, range));
            }
            None => {
                cs = cs.with_note(format!("at {}", d.location()));
            }
        }
        if let Some(help) = &d.help {
            cs = cs.with_note(format!("help: {help}"));
        }
        if term::emit_to_string(&mut out, &config, &files, &cs).is_err() {
            let _ = writeln!(
                out,
                "{}: {}: {}",
                severity_word(d.severity),
                d.location(),
                d.message
            );
        }
    }
    out
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The byte range of the token starting at `line`:`column` (1-based, column in chars).
fn byte_range(text: &str, line: usize, column: usize) -> Option<std::ops::Range<usize>> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let rest = &text[line_start..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    let col = column.max(1) - 1;
    let start = line_text
        .char_indices()
        .nth(col)
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    let token = &line_text[start..];
    let len = token
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c == ':' || c == ',')
        .map(|(i, _)| i)
        .unwrap_or(token.len());
    let len = if len == 0 {
        token.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    Some(line_start + start..line_start + start + len)
}

/// Renders diagnostics as a JSON array (for `check --format json`).
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".to_string())
}

/// Line and column (1-based, column in chars) of byte offset `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_chars_not_bytes() {
        let text = "a: 1\n标题: 石灰窑\n";
        let offset = text.find("石").unwrap();
        assert_eq!(line_column(text, offset), (2, 5));
    }

    #[test]
    fn byte_range_covers_the_token() {
        let text = "id: a\nstatu: closed\n";
        let range = byte_range(text, 2, 1).unwrap();
        assert_eq!(&text[range], "statu");
    }

    #[test]
    fn sorted_orders_by_file_then_line() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error("b.md", 1, 1, "x"));
        d.push(Diagnostic::error("a.md", 9, 1, "y"));
        d.push(Diagnostic::error("a.md", 2, 1, "z"));
        let sorted: Vec<_> = d.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(sorted, ["z", "y", "x"]);
    }

    #[test]
    fn text_rendering_names_file_line_and_help() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("r.md"), "id: a\nstatu: closed\n").unwrap();
        let d = Diagnostic::error("r.md", 2, 1, "unknown key `statu`").with_help("did you mean `status`?");
        let text = render_text(&[d], dir.path());
        assert!(text.contains("r.md:2:1"), "{text}");
        assert!(text.contains("unknown key `statu`"), "{text}");
        assert!(text.contains("did you mean `status`?"), "{text}");
    }

    #[test]
    fn snippets_and_messages_never_print_personal_data() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("r.yaml"),
            "id: a\ncomplainant_phone: 13812345678\n",
        )
        .unwrap();
        let d = Diagnostic::error(
            "r.yaml",
            2,
            1,
            "unknown field `complainant_phone`, value 13812345678",
        )
        .with_help("remove 13812345678");
        assert_eq!(d.message, "unknown field `complainant_phone`, value 138****5678");
        let text = render_text(&[d], dir.path());
        assert!(!text.contains("13812345678"), "{text}");
        assert!(text.contains("complainant_phone: 138****5678"), "{text}");
    }

    #[test]
    fn hidden_source_is_not_printed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("r.md"), "text: 13812345678\n").unwrap();
        let d = Diagnostic::error("r.md", 1, 7, "phone number 138****5678").without_source();
        let text = render_text(&[d], dir.path());
        assert!(!text.contains("13812345678"), "{text}");
        assert!(text.contains("r.md:1:7"), "{text}");
    }
}
