//! One diagnostic type for every stage, and its two renderings (text and JSON).
//!
//! Stages never print: they return [`Diagnostic`] values, which the caller collects into
//! [`Diagnostics`] so that every error of a run is reported together. Positions are
//! 1-based line and column (columns count characters, not bytes, so they match what an
//! editor shows for Chinese text). Each diagnostic carries a stable [`Code`], the path of
//! the field it is about (`records[2].updates[1].date`) and the named values its message
//! quotes, so that it can be matched by code and rendered in another language.

mod code;

pub use code::Code;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// How bad a finding is: errors fail the run, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check` and `build` (exit code 1).
    Error,
    /// Reported, but the site is still built.
    Warning,
}

/// What a diagnostic is about: a file of the site (or a path the user named), or a
/// setting that is not a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A file, relative to the site root where possible (the output folder and the
    /// signing key are named as given).
    File(PathBuf),
    /// An environment variable, e.g. `SOURCE_DATE_EPOCH`.
    Env(String),
    /// A command-line flag, e.g. `--sign-key`.
    Flag(String),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::File(path) => write!(f, "{}", path.display()),
            Place::Env(name) => write!(f, "environment variable {name}"),
            Place::Flag(name) => write!(f, "option {name}"),
        }
    }
}

/// A finding about one place in one file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of finding it is; `None` only for findings not yet given a code (a test
    /// over the bad-input fixtures requires one on every diagnostic they produce).
    pub code: Option<Code>,
    /// The file (or setting) the finding is about.
    pub place: Place,
    /// 1-based line, 0 when the finding is about the whole file (or not about a file).
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub column: usize,
    /// Path of the field inside the file, e.g. `records[2].updates[1].date`; empty when
    /// the finding is about the file as a whole.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// The values the message quotes, by name (`value`, `expected`, `id`…), for a
    /// catalogue to render the message in another language. Personal data goes in
    /// masked, as in the message.
    pub args: BTreeMap<&'static str, String>,
    /// How to fix it.
    pub help: Option<String>,
    /// The source snippet must not be shown (it holds personal data).
    pub hide_source: bool,
}

impl Diagnostic {
    /// A new error about `file` at `line`:`column`. Personal data in the message (a
    /// YAML error or an unknown key quoting the value it read) is masked here, so no
    /// rendering of any diagnostic can print it.
    pub fn error(file: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self::at(Severity::Error, Place::File(file.into()), line, column, message)
    }

    /// A new warning about `file` at `line`:`column`.
    pub fn warning(file: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self::at(Severity::Warning, Place::File(file.into()), line, column, message)
    }

    /// A new error about something that is not a file (an environment variable, a flag).
    pub fn error_in(place: Place, message: impl Into<String>) -> Self {
        Self::at(Severity::Error, place, 0, 0, message)
    }

    /// A new warning about something that is not a file.
    pub fn warning_in(place: Place, message: impl Into<String>) -> Self {
        Self::at(Severity::Warning, place, 0, 0, message)
    }

    fn at(severity: Severity, place: Place, line: usize, column: usize, message: impl Into<String>) -> Self {
        let message = message.into();
        let message = match crate::validate::privacy::mask_personal_data(&message) {
            std::borrow::Cow::Borrowed(_) => message,
            std::borrow::Cow::Owned(masked) => masked,
        };
        Self {
            severity,
            code: None,
            place,
            line,
            column,
            field: String::new(),
            message,
            args: BTreeMap::new(),
            help: None,
            hide_source: false,
        }
    }

    /// Sets the code.
    pub fn code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets the field path (`status`, `records[2].updates[1].date`).
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    /// Adds a named value the message quotes.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        let value = value.to_string();
        let value = crate::validate::privacy::mask_personal_data(&value).into_owned();
        self.args.insert(name, value);
        self
    }

    /// The file the finding is about, if it is about a file.
    pub fn file(&self) -> Option<&Path> {
        match &self.place {
            Place::File(path) => Some(path),
            Place::Env(_) | Place::Flag(_) => None,
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

    /// `file:line:column`, as editors and CI annotate it (or the setting's name).
    pub fn location(&self) -> String {
        let file = &self.place;
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
            (&a.place, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.place, b.line, b.column, b.severity, &b.message))
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

/// Renders diagnostics (already in `lang`, see [`crate::i18n::diagnostics::localize`]) as
/// text with a source snippet, reading sources from `root`; the words around them
/// (`error[E0203]:`, `help:`) come from `lang`'s catalogue too.
pub fn render_text(diagnostics: &[Diagnostic], root: &Path, lang: crate::i18n::Lang) -> String {
    let mut files = SimpleFiles::new();
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity).with_message(&d.message);
        if let Some(code) = d.code {
            cs = cs.with_code(code.id());
        }
        // The snippet is the file as written, with personal data masked: an unknown key's
        // line (`complainant_phone: 13812345678`) is shown as `138****5678`.
        let source = match d.file() {
            Some(file) if !d.hide_source && d.line != 0 => std::fs::read(root.join(file)).ok().map(|bytes| {
                // A tab is shown as → so that the clerk sees it; columns count characters,
                // so the label stays on it.
                clip_long_lines(
                    crate::validate::privacy::mask_personal_data(&String::from_utf8_lossy(&bytes))
                        .replace('\t', "→"),
                )
            }),
            _ => None,
        };
        match source
            .as_deref()
            .and_then(|text| byte_range(text, d.line, d.column).map(|r| (text, r)))
        {
            Some((text, range)) => {
                let id = files.add(d.place.to_string(), text.to_string());
                cs = cs.with_label(Label::primary(id, range));
            }
            None => {
                cs = cs.with_note(crate::t!(lang, "diag-label-at", place = d.location()));
            }
        }
        if let Some(help) = &d.help {
            cs = cs.with_note(crate::t!(lang, "diag-label-help", help = help));
        }
        let mut one = String::new();
        if term::emit_to_string(&mut one, &config, &files, &cs).is_ok() {
            out.push_str(&relabel(&one, d, lang));
        } else {
            let code = d.code.map(|c| format!("[{}]", c.id())).unwrap_or_default();
            let _ = writeln!(
                out,
                "{}{code}: {}: {}",
                severity_word(d.severity),
                d.location(),
                d.message
            );
        }
    }
    out
}

/// Source lines longer than this many characters are cut short (with `…`) in snippets:
/// a 33,000-character summary on one line would fill the terminal.
const SNIPPET_LINE_MAX: usize = 120;

/// `text` with every line longer than [`SNIPPET_LINE_MAX`] characters cut after that many.
fn clip_long_lines(text: String) -> String {
    if !text.split('\n').any(|l| l.len() > SNIPPET_LINE_MAX) {
        return text;
    }
    let lines: Vec<std::borrow::Cow<'_, str>> = text
        .split('\n')
        .map(|l| match l.char_indices().nth(SNIPPET_LINE_MAX) {
            Some((i, _)) => format!("{}…", &l[..i]).into(),
            None => l.into(),
        })
        .collect();
    lines.join("\n")
}

/// `one` (codespan's rendering of `d`) with its English `error[E0203]: ` or
/// `warning[W0307]: ` head in `lang`.
fn relabel(one: &str, d: &Diagnostic, lang: crate::i18n::Lang) -> String {
    let Some(code) = d.code else {
        return one.to_string();
    };
    let (head, key) = match d.severity {
        Severity::Error => (format!("error[{}]: ", code.id()), "error-code-prefix"),
        Severity::Warning => (format!("warning[{}]: ", code.id()), "warning-prefix"),
    };
    match one.strip_prefix(&head) {
        Some(rest) => format!("{}{rest}", crate::t!(lang, key, code = code.id())),
        None => one.to_string(),
    }
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

/// The JSON form (`check --format json`): `severity`, `code` (`E0305`), `name`
/// (`unknown-region`), then `file`, `line`, `column` for a file (or `env` / `flag` for a
/// setting), `field` when known, `message`, `args` and `help`.
impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("severity", &self.severity)?;
        map.serialize_entry("code", &self.code.map(Code::id))?;
        map.serialize_entry("name", &self.code.map(Code::name))?;
        match &self.place {
            Place::File(path) => {
                map.serialize_entry("file", path)?;
                map.serialize_entry("line", &self.line)?;
                map.serialize_entry("column", &self.column)?;
            }
            Place::Env(name) => map.serialize_entry("env", name)?,
            Place::Flag(name) => map.serialize_entry("flag", name)?,
        }
        if !self.field.is_empty() {
            map.serialize_entry("field", &self.field)?;
        }
        map.serialize_entry("message", &self.message)?;
        if !self.args.is_empty() {
            map.serialize_entry("args", &self.args)?;
        }
        if let Some(help) = &self.help {
            map.serialize_entry("help", help)?;
        }
        map.end()
    }
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
    fn snippets_cut_long_lines() {
        let long = "摘".repeat(40_000);
        let text = format!("id: a\nsummary: {long}\nstatus: closed\n");
        let clipped = clip_long_lines(text.clone());
        let lines: Vec<&str> = clipped.split('\n').collect();
        assert_eq!(lines[0], "id: a");
        assert_eq!(lines[1].chars().count(), SNIPPET_LINE_MAX + 1);
        assert!(lines[1].ends_with('…'));
        assert_eq!(lines[2], "status: closed");
        let short = "id: a\n".to_string();
        assert_eq!(clip_long_lines(short.clone()), short);
    }

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
        let text = render_text(&[d], dir.path(), crate::i18n::Lang::En);
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
        let text = render_text(&[d], dir.path(), crate::i18n::Lang::En);
        assert!(!text.contains("13812345678"), "{text}");
        assert!(text.contains("complainant_phone: 138****5678"), "{text}");
    }

    #[test]
    fn hidden_source_is_not_printed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("r.md"), "text: 13812345678\n").unwrap();
        let d = Diagnostic::error("r.md", 1, 7, "phone number 138****5678").without_source();
        let text = render_text(&[d], dir.path(), crate::i18n::Lang::En);
        assert!(!text.contains("13812345678"), "{text}");
        assert!(text.contains("r.md:1:7"), "{text}");
    }
}
