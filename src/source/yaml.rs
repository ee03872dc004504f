//! YAML to typed values, with errors turned into diagnostics that say where and how to
//! fix: unknown keys and values get the nearest valid one suggested.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Code, Diagnostic};

/// Parses `yaml` (which starts at 1-based line `first_line` of `file`) into `T`, once
/// [`check_limits`] has passed it: the parser is slow on deep flow nesting, and aliases
/// can multiply a file's size in memory.
pub fn parse<T: DeserializeOwned>(yaml: &str, file: &Path, first_line: usize) -> Result<T, Diagnostic> {
    check_limits(yaml, file, first_line)?;
    serde_yaml::from_str(yaml).map_err(|e| {
        let parsed = to_diagnostic(&e, yaml, file, first_line);
        // A slip (a tab, a full-width colon…) is what the parser tripped on, usually a
        // line or more before where it noticed: name it, on its own line.
        match super::slips::find(yaml).into_iter().next() {
            Some(slip) if slip.line + first_line <= parsed.line => {
                slip_diagnostic(&slip, file, first_line).field(super::locate::path_at(yaml, slip.line))
            }
            _ => parsed,
        }
    })
}

/// Parses `yaml` like [`parse`], but on a bad value or key goes on: the line is set
/// aside (an unknown key dropped, a bad value replaced by one its type accepts) and the
/// text parsed again, so that a record with several bad fields reports every one, each
/// at its own line. A recognised slip (a tab, a full-width colon or quote, no space
/// after a colon) is reported at its line and repaired in the copy, so the fields after
/// it are checked too. Stops at any other syntax error or a missing key, which leave
/// nothing sound to go on from.
pub fn parse_all<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Vec<Diagnostic>> {
    let mut text = yaml.to_string();
    let mut found: Vec<Diagnostic> = Vec::new();
    // Each round sets one line aside; a record has far fewer lines than this.
    for _ in 0..64 {
        let d = match parse::<T>(&text, file, first_line) {
            Ok(value) if found.is_empty() => return Ok(value),
            Ok(_) => return Err(found),
            Err(d) => d,
        };
        let line = d.line.checked_sub(first_line);
        let repeated = found.iter().any(|f| f.line == d.line && f.code == d.code);
        if repeated {
            break;
        }
        let patched = line.and_then(|l| set_aside(&text, l, &d));
        found.push(d);
        match patched {
            Some(next) => text = next,
            None => break,
        }
    }
    Err(found)
}

/// `text` with 0-based `line` made harmless for the next round, or `None` when the
/// finding leaves nothing to go on from.
fn set_aside(text: &str, line: usize, d: &Diagnostic) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let target = *lines.get(line)?;
    if let Some(slip) = d.args.get("slip") {
        let mut out = lines.iter().map(|l| (*l).to_string()).collect::<Vec<_>>();
        out[line] = repair_slip(&lines, line, slip, d.column.saturating_sub(1))?;
        return Some(out.join("\n"));
    }
    let indent = target.len() - target.trim_start().len();
    if target.trim_start().starts_with("- ") {
        return None; // the first key of a list item: dropping it would end the item
    }
    let replaced: Option<String> = match d.code? {
        Code::UnknownKey => Some(String::new()),
        Code::UnknownStatus | Code::UnknownValue => {
            let bad = d.args.get("value")?;
            let first = d.args.get("expected")?.split(", ").next()?.to_string();
            target
                .contains(bad.as_str())
                .then(|| target.replacen(bad.as_str(), &first, 1))
        }
        Code::InvalidValue => {
            let bad = d.args.get("value")?;
            // The value types that fail this way are dates; any real one will do.
            target
                .contains(bad.as_str())
                .then(|| target.replacen(bad.as_str(), "2000-01-01", 1))
        }
        _ => None,
    };
    let replaced = replaced?;
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut skipping = false;
    for (i, l) in lines.iter().enumerate() {
        if i == line {
            out.push(replaced.clone());
            // A dropped key takes its nested lines with it.
            skipping = replaced.is_empty();
            continue;
        }
        if skipping && !l.trim().is_empty() && l.len() - l.trim_start().len() > indent {
            out.push(String::new());
            continue;
        }
        skipping = false;
        out.push((*l).to_string());
    }
    Some(out.join("\n"))
}

/// Line `line` of `lines` with the slip `kind` at 0-based character `column` repaired
/// as the clerk meant it: the line count stays, so later findings keep their lines.
fn repair_slip(lines: &[&str], line: usize, kind: &str, column: usize) -> Option<String> {
    let text = lines[line];
    let chars: Vec<char> = text.chars().collect();
    match kind {
        "tab" => {
            let body = text.trim_start_matches([' ', '\t']);
            if body.len() == text.len() || !text[..text.len() - body.len()].contains('\t') {
                // A tab after `key:` or `-`: a space was meant.
                return Some(text.replacen('\t', " ", 1));
            }
            // A tab in the indentation: the indentation of the line before was meant,
            // one level deeper after a line that opens a mapping (`enforcement:`).
            let before = lines[..line]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .copied()
                .unwrap_or("");
            let mut indent = " ".repeat(before.len() - before.trim_start().len());
            if before.trim_end().ends_with(':') {
                indent.push_str("  ");
            }
            Some(format!("{indent}{}", body.replace('\t', " ")))
        }
        "fullwidth-colon" if chars.get(column) == Some(&'：') => {
            let (head, tail) = (&chars[..column], &chars[column + 1..]);
            let space = if tail.first().is_some_and(|c| c.is_whitespace()) {
                ""
            } else {
                " "
            };
            Some(format!(
                "{}:{space}{}",
                head.iter().collect::<String>(),
                tail.iter().collect::<String>()
            ))
        }
        "no-space" if chars.get(column) == Some(&':') => {
            let (head, tail) = chars.split_at(column + 1);
            Some(format!(
                "{} {}",
                head.iter().collect::<String>(),
                tail.iter().collect::<String>()
            ))
        }
        "fullwidth-quote" if column <= chars.len() => {
            // The value as the clerk wrote it, quotes included, made one plain text.
            let (head, value) = chars.split_at(column);
            let value: String = value.iter().collect();
            Some(format!(
                "{}'{}'",
                head.iter().collect::<String>(),
                value.trim_end().replace('\'', "''")
            ))
        }
        _ => None,
    }
}

/// The diagnostic for a slip, in English (the catalogue renders it in the run's language).
fn slip_diagnostic(slip: &super::slips::Slip, file: &Path, first_line: usize) -> Diagnostic {
    use crate::i18n::{Lang, text};
    let key = format!("diag-slip-{}", slip.kind);
    let args = [("key", crate::i18n::Arg::from(slip.key.as_str()))];
    Diagnostic::error(
        file,
        first_line + slip.line,
        slip.column + 1,
        text(Lang::En, &key, &args),
    )
    .code(Code::YamlSyntax)
    .arg("slip", slip.kind)
    .arg("key", &slip.key)
}

/// The deepest nesting of flow collections (`[`, `{`) a file may have. Hand-written
/// data nests a few levels; 200 KB of `[[[[` took the parser 15 s.
pub const MAX_FLOW_DEPTH: usize = 64;

/// The most aliases (`*name`) one file may use. A ledger has no use for them beyond a
/// few repeated values; one alias repeated 20,000 times made 582 KB into 207 MB.
pub const MAX_ALIASES: usize = 1_000;

/// How many times its own size a file's aliases may expand it to (see [`expansion_budget`]).
pub const MAX_EXPANSION: usize = 10;

/// The expanded size any file may reach, however small: a few aliases in a short record
/// are fine.
pub const MIN_EXPANSION_BUDGET: usize = 1 << 20;

/// What one node (a value, a list, a mapping) counts in the expanded size, besides the
/// bytes of its text: the memory a deserialised value takes beyond its characters.
const NODE_COST: usize = 8;

/// The most the YAML `yaml` may expand to once its aliases are replaced by what they
/// name, counted as the bytes of every string plus [`NODE_COST`] per node:
/// [`MAX_EXPANSION`] times its size, at least [`MIN_EXPANSION_BUDGET`].
pub fn expansion_budget(yaml: &str) -> usize {
    yaml.len().saturating_mul(MAX_EXPANSION).max(MIN_EXPANSION_BUDGET)
}

/// True when `yaml` uses an alias (`*name`) anywhere.
pub fn has_aliases(yaml: &str) -> bool {
    scan_limits(yaml).1.is_some()
}

/// Refuses, before any parsing, YAML that nests flow collections deeper than
/// [`MAX_FLOW_DEPTH`], uses more than [`MAX_ALIASES`] aliases, or whose aliases would
/// expand it past its [`expansion_budget`] (a "billion laughs" needs only a few dozen
/// aliases). The first two take one linear pass over the text that skips quoted strings
/// and comments; a bracket opens a collection only where a value starts (after `: `,
/// `- `, `? `, a comma or at the start of a line) or inside one. The expansion is
/// measured, only in a file with aliases, by walking the parsed events with every alias
/// followed and stopping as soon as the budget is spent, so it costs at most the budget
/// and allocates nothing.
pub fn check_limits(yaml: &str, file: &Path, first_line: usize) -> Result<(), Diagnostic> {
    let at = |offset: usize| {
        let (line, column) = crate::diagnostic::line_column(yaml, offset);
        (first_line + line - 1, column)
    };
    let (limit, first_alias) = scan_limits(yaml);
    match limit {
        Limit::Ok => match first_alias.map(|offset| (offset, expansion(yaml, expansion_budget(yaml)))) {
            // The parser's own limit on following aliases came first: a nested bomb.
            Some((_, Expanded::PastRepetition(e))) => Err(to_diagnostic(&e, yaml, file, first_line)),
            Some((offset, Expanded::PastBudget)) => {
                let (line, column) = at(offset);
                let budget = expansion_budget(yaml);
                Err(Diagnostic::error(
                    file,
                    line,
                    column,
                    format!(
                        "the YAML's aliases (`*name`) would expand this text of {} bytes to more than {budget} bytes",
                        yaml.len()
                    ),
                )
                .code(Code::YamlTooDeep)
                .arg("variant", "expansion")
                .arg("size", yaml.len())
                .arg("limit", budget))
            }
            _ => Ok(()),
        },
        Limit::TooDeep(offset) => {
            let (line, column) = at(offset);
            Err(Diagnostic::error(
                file,
                line,
                column,
                format!("the YAML nests `[` or `{{` more than {MAX_FLOW_DEPTH} levels deep"),
            )
            .code(Code::YamlTooDeep)
            .arg("variant", "nesting")
            .arg("limit", MAX_FLOW_DEPTH))
        }
        Limit::TooManyAliases(offset) => {
            let (line, column) = at(offset);
            Err(Diagnostic::error(
                file,
                line,
                column,
                format!("the YAML uses more than {MAX_ALIASES} aliases (`*name`)"),
            )
            .code(Code::YamlTooDeep)
            .arg("variant", "aliases")
            .arg("limit", MAX_ALIASES))
        }
    }
}

/// What [`scan_limits`] found: all well, or the offset of the first thing past a limit.
#[derive(Debug, PartialEq, Eq)]
enum Limit {
    Ok,
    TooDeep(usize),
    TooManyAliases(usize),
}

/// What [`check_limits`]'s text pass finds, and the offset of the first alias.
fn scan_limits(yaml: &str) -> (Limit, Option<usize>) {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    let mut aliases = 0usize;
    let mut first_alias = None;
    let mut line_start = 0usize;
    let mut i = 0usize;
    // Whether a value may start at `i`: the last non-blank byte before it on its line is
    // an indicator (`:`, `-`, `?`, `,`), or there is none.
    let value_start = |i: usize, line_start: usize| {
        let before = yaml[line_start..i].trim_end_matches([' ', '\t']);
        before.is_empty() || before.ends_with([':', '-', '?', ','])
    };
    while i < bytes.len() {
        let b = bytes[i];
        let token_start = i == line_start || matches!(bytes[i - 1], b' ' | b'\t' | b'[' | b'{' | b',');
        match b {
            b'\n' => line_start = i + 1,
            b'#' if i == line_start || matches!(bytes[i - 1], b' ' | b'\t') => {
                i = yaml[i..].find('\n').map_or(yaml.len(), |n| i + n);
                continue;
            }
            b'"' | b'\'' if (depth > 0 && token_start) || value_start(i, line_start) => {
                i = skip_quoted(bytes, i);
                continue;
            }
            b'[' | b'{' if depth > 0 || value_start(i, line_start) => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return (Limit::TooDeep(i), first_alias);
                }
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            b'*' if token_start && bytes.get(i + 1).is_some_and(|c| !c.is_ascii_whitespace()) => {
                aliases += 1;
                first_alias.get_or_insert(i);
                if aliases > MAX_ALIASES {
                    return (Limit::TooManyAliases(i), first_alias);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (Limit::Ok, first_alias)
}

/// How `yaml` expands with its aliases followed.
enum Expanded {
    /// Within the budget, or refused by the parser for another reason than aliases
    /// (parsing it for real reports that).
    Fits,
    /// Past the budget.
    PastBudget,
    /// Past the parser's own limit on following aliases (or on nesting), with its error.
    PastRepetition(serde_yaml::Error),
}

/// Walks `yaml` with its aliases followed until `budget` (see [`expansion_budget`]) is
/// spent.
fn expansion(yaml: &str, budget: usize) -> Expanded {
    use serde::de::DeserializeSeed;
    let left = std::cell::Cell::new(budget);
    let exceeded = std::cell::Cell::new(false);
    let walk = Expansion {
        left: &left,
        exceeded: &exceeded,
    };
    match walk.deserialize(serde_yaml::Deserializer::from_str(yaml)) {
        _ if exceeded.get() => Expanded::PastBudget,
        Err(e) if e.to_string().contains("repetition limit") || e.to_string().contains("recursion limit") => {
            Expanded::PastRepetition(e)
        }
        _ => Expanded::Fits,
    }
}

/// Walks a YAML document as serde sees it (every alias expanded), spending the budget
/// in `left`; sets `exceeded` and stops with an error when it runs out.
#[derive(Clone, Copy)]
struct Expansion<'a> {
    left: &'a std::cell::Cell<usize>,
    exceeded: &'a std::cell::Cell<bool>,
}

impl Expansion<'_> {
    fn spend<E: serde::de::Error>(self, bytes: usize) -> Result<(), E> {
        match self.left.get().checked_sub(bytes.saturating_add(NODE_COST)) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => {
                self.exceeded.set(true);
                Err(E::custom("the aliases expand past the budget"))
            }
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Expansion<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Expansion<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.spend(v.len())
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.spend(v.len())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, deserializer)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag value`): the tag, then the value.
        let ((), variant) = data.variant_seed(self)?;
        serde::de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// The index after a quoted string starting at `i` (the end if it never closes).
fn skip_quoted(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' if quote == b'"' => j += 2,
            b'\'' if quote == b'\'' && bytes.get(j + 1) == Some(&b'\'') => j += 2,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    bytes.len()
}

/// Converts a serde_yaml error into a diagnostic positioned in the file.
pub fn to_diagnostic(error: &serde_yaml::Error, yaml: &str, file: &Path, first_line: usize) -> Diagnostic {
    let raw = error.to_string();
    let message = raw
        .find(" at line ")
        .map_or(raw.as_str(), |i| &raw[..i])
        .to_string();
    let (mut line, mut column) = error
        .location()
        .map_or((1, 1), |loc| (loc.line().max(1), loc.column().max(1)));
    // Errors raised by our own value types (dates, say) come positioned at the start of
    // the enclosing mapping (its first key, after any indentation or `- `); the bad
    // value itself is quoted in the message, so find it from there on.
    let line_start = yaml
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum::<usize>();
    let line_text = yaml[line_start..].split('\n').next().unwrap_or("");
    let at_mapping_start = column - 1 == line_text.len() - line_text.trim_start_matches([' ', '-']).len();
    if at_mapping_start
        && let Some(value) = message.strip_prefix('`').and_then(|m| m.split('`').next())
        && let Some(offset) = find_value(&yaml[line_start..], value)
    {
        (line, column) = crate::diagnostic::line_column(yaml, line_start + offset);
    }
    let field = super::locate::path_at(yaml, line - 1);
    let line = first_line + line - 1;
    let diagnostic = Diagnostic::error(file, line, column, &message).field(&field);
    classify(diagnostic, &message, &field)
}

/// The code and named values of a serde_yaml message: serde says what kind of error it
/// is only in its wording, so this reads the wording (the one place that does).
fn classify(d: Diagnostic, message: &str, field: &str) -> Diagnostic {
    // Errors inside nested values come prefixed with serde_yaml's path (`updates[0]: `).
    let (message, serde_path) = match message.split_once(": ") {
        Some((path, rest)) if !path.is_empty() && !path.contains([' ', '`']) => (rest, Some(path)),
        _ => (message, None),
    };
    // serde's path can be deeper than the line's key (`pollution_types[1]` in a flow list).
    let d = match serde_path {
        Some(path) if path.starts_with(field) && path.len() > field.len() => d.field(path),
        _ => d,
    };
    let expected = || expected_list(message).join(", ");
    if let Some(bad) = backticked_after(message, "unknown field ") {
        let near = nearest(&bad, &expected_list(message)).map(str::to_string);
        let d = d
            .code(Code::UnknownKey)
            .arg("key", bad)
            .arg("expected", expected());
        return match near {
            Some(near) => d.arg("nearest", near),
            None => d,
        };
    }
    if let Some(bad) = backticked_after(message, "unknown variant ") {
        let is_status = field.rsplit('.').next() == Some("status");
        let code = if is_status {
            Code::UnknownStatus
        } else {
            Code::UnknownValue
        };
        return d.code(code).arg("value", bad).arg("expected", expected());
    }
    if let Some(key) = backticked_after(message, "missing field ") {
        // serde_yaml puts a missing key at the start of its mapping, i.e. at the
        // mapping's first key: the field is that key's parent, then the missing key.
        let parent = match field.rfind(['.', '[']) {
            Some(i) if field[i..].starts_with('.') => &field[..i],
            Some(i) => &field[..field[i..].find(']').map_or(field.len(), |j| i + j + 1)],
            None => "",
        };
        let path = if parent.is_empty() {
            key.clone()
        } else {
            format!("{parent}.{key}")
        };
        return d.code(Code::MissingKey).field(path).arg("key", key);
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return d.code(Code::YamlTooDeep);
    }
    let own_type = message.starts_with('`');
    if own_type || message.starts_with("invalid ") {
        let d = d.code(Code::InvalidValue);
        if let Some(value) = message.strip_prefix('`').and_then(|m| m.split('`').next()) {
            let variant = if message.contains("not a real calendar date") {
                "no-such-day"
            } else if message.contains("`ongoing`") {
                "deadline"
            } else {
                "date"
            };
            return d.arg("value", value).arg("variant", variant);
        }
        // serde's own wording: `invalid type: string "x", expected u32`.
        let wanted = message.rsplit("expected ").next().unwrap_or("");
        let variant = if wanted.starts_with(['u', 'i', 'f']) && wanted.len() <= 5 || wanted.contains("number")
        {
            "number"
        } else if wanted.contains("sequence") {
            "list"
        } else if wanted.contains("bool") {
            "yes-no"
        } else if wanted.contains("string") || wanted.contains("char") {
            "text"
        } else if wanted.contains("map") || wanted.starts_with("struct") {
            "mapping"
        } else {
            "kind"
        };
        return d.arg("variant", variant);
    }
    d.code(Code::YamlSyntax)
}

/// Byte offset of `value` written as a YAML value (after `: ` or `- `).
fn find_value(yaml: &str, value: &str) -> Option<usize> {
    if value.is_empty() {
        return None;
    }
    yaml.match_indices(value).map(|(i, _)| i).find(|&i| {
        let before = yaml[..i].trim_end_matches(['"', '\'']);
        before.ends_with(": ") || before.ends_with("- ") || before.ends_with('[') || before.ends_with(", ")
    })
}

fn backticked_after(message: &str, marker: &str) -> Option<String> {
    let rest = &message[message.find(marker)? + marker.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(rest[..rest.find('`')?].to_string())
}

fn expected_list(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected ") else {
        return Vec::new();
    };
    message[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a, S: AsRef<str>>(word: &str, candidates: &'a [S]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (c.as_ref(), strsim::jaro_winkler(word, c.as_ref())))
        .filter(|&(_, score)| score > 0.75)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Record;

    #[test]
    fn unknown_key_suggests_nearest() {
        let yaml = "id: a\nkind: task\ntitle: t\nstatu: closed\n";
        let d = parse::<Record>(yaml, Path::new("r.md"), 2).unwrap_err();
        assert_eq!(d.line, 5, "{d:?}");
        assert!(d.message.contains("unknown field `statu`"), "{d:?}");
        assert_eq!(d.args["nearest"], "status");
    }

    #[test]
    fn errors_carry_code_field_and_values() {
        let yaml = "id: a\nkind: task\ntitle: t\nstatus: closd\n";
        let d = parse::<Record>(yaml, Path::new("r.yaml"), 1).unwrap_err();
        assert_eq!(d.code, Some(Code::UnknownStatus));
        assert_eq!(d.field, "status");
        assert_eq!(d.args["value"], "closd");
        assert!(d.args["expected"].contains("in_progress"), "{d:?}");

        let yaml = "id: a\nkind: tsk\ntitle: t\nstatus: closed\n";
        let d = parse::<Record>(yaml, Path::new("r.yaml"), 1).unwrap_err();
        assert_eq!((d.code, d.field.as_str()), (Some(Code::UnknownValue), "kind"));

        let yaml =
            "id: a\nkind: task\ntitle: t\nstatus: closed\nupdates:\n  - date: 2022-02-30\n    text: x\n";
        let d = parse::<Record>(yaml, Path::new("r.yaml"), 1).unwrap_err();
        assert_eq!(d.code, Some(Code::InvalidValue), "{d:?}");
        assert_eq!(d.field, "updates[0].date", "{d:?}");

        let d = parse::<Record>("id: a\n  title: [x\n", Path::new("r.yaml"), 1).unwrap_err();
        assert_eq!(d.code, Some(Code::YamlSyntax), "{d:?}");
    }

    #[test]
    fn every_bad_field_of_a_record_is_reported() {
        let yaml = "id: a\nkind: tsk\ntitle: t\nstatu: closed\nstatus: 整改中\ndeadline: 2022.6.30\nupdates:\n  - date: 2022-01-01\n    text: x\n";
        let all = parse_all::<Record>(yaml, Path::new("r.md"), 2).unwrap_err();
        let found: Vec<(usize, Option<Code>)> = all.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(
            found,
            [
                (3, Some(Code::UnknownValue)),
                (5, Some(Code::UnknownKey)),
                (6, Some(Code::UnknownStatus)),
                (7, Some(Code::InvalidValue)),
            ],
            "{all:#?}"
        );
        assert!(
            parse_all::<Record>(
                "id: a\nkind: task\ntitle: t\nstatus: closed\n",
                Path::new("r.md"),
                1
            )
            .is_ok()
        );
    }

    #[test]
    fn a_slip_is_repaired_and_the_fields_after_it_checked() {
        let found = |yaml: &str| -> Vec<(usize, Option<Code>)> {
            parse_all::<Record>(yaml, Path::new("r.md"), 2)
                .unwrap_err()
                .iter()
                .map(|d| (d.line, d.code))
                .collect()
        };
        let syntax_then_status = [(5, Some(Code::YamlSyntax)), (6, Some(Code::UnknownStatus))];
        let head = "id: a\nkind: task\ntitle: t\n";
        for slip in [
            "deadline：2022-12-31",
            "\tdeadline: 2022-12-31",
            "deadline:2022-12-31",
            "summary: “石灰窑”: 整改",
        ] {
            let yaml = format!("{head}{slip}\nstatus: 整改中\n");
            assert_eq!(found(&yaml), syntax_then_status, "{slip:?}");
        }
        // A tab under a key that opens a mapping meant one level deeper.
        let yaml = format!("{head}status: closd\nenforcement:\n\tordered: 2\n\tpenalized: 1\n");
        assert_eq!(
            found(&yaml),
            [
                (5, Some(Code::UnknownStatus)),
                (7, Some(Code::YamlSyntax)),
                (8, Some(Code::YamlSyntax))
            ]
        );
    }

    #[test]
    fn bad_dates_point_at_the_value() {
        let yaml = "id: a\nkind: task\ntitle: t\nstatus: closed\ndeadline: 2022-02-30\n";
        let d = parse::<Record>(yaml, Path::new("r.md"), 2).unwrap_err();
        assert_eq!((d.line, d.column), (6, 11), "{d:?}");
    }

    #[test]
    fn unknown_value_suggests_nearest() {
        let yaml = "id: a\nkind: task\ntitle: t\nstatus: closd\n";
        let d = parse::<Record>(yaml, Path::new("r.yaml"), 1).unwrap_err();
        assert_eq!(d.line, 4);
        let shown = crate::i18n::diagnostics::localize(&d, crate::i18n::Lang::En);
        assert!(shown.help.unwrap().starts_with("did you mean closed"), "{d:?}");
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let yaml = format!("id: a\ntags: {}x{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let started = std::time::Instant::now();
        let d = parse::<serde_yaml::Value>(&yaml, Path::new("deep.yaml"), 1).unwrap_err();
        assert_eq!(d.code, Some(Code::YamlTooDeep));
        assert_eq!((d.line, d.column), (2, 7 + MAX_FLOW_DEPTH));
        assert!(started.elapsed().as_secs() < 5, "linear, not quadratic");
        // Brackets inside text, quotes and block scalars are not nesting.
        let fine = format!(
            "title: 问题{}\nnote: '{}'\nbody: |\n  {}\nlist: [[a], {{b: [c]}}]\n",
            "[".repeat(200),
            "[".repeat(200),
            "x [".repeat(10)
        );
        assert_eq!(scan_limits(&fine).0, Limit::Ok);
        assert!(
            parse::<serde_yaml::Value>(
                &format!("a: {}{}", "[".repeat(64), "]".repeat(64)),
                Path::new("ok.yaml"),
                1
            )
            .is_ok()
        );
    }

    #[test]
    fn many_aliases_are_refused_before_parsing() {
        let mut yaml = format!("base: &b [{}]\nuses:\n", "\"很长的文字\", ".repeat(2_000));
        for _ in 0..20_000 {
            yaml.push_str("  - *b\n");
        }
        let d = parse::<serde_yaml::Value>(&yaml, Path::new("bomb.yaml"), 1).unwrap_err();
        assert_eq!(d.code, Some(Code::YamlTooDeep));
        assert_eq!(d.line, 3 + MAX_ALIASES, "{d:?}");
        // A few aliases, and `*` inside text, are fine.
        let fine = "a: &a x\nb: *a\nc: \"*not\"\nd: 2 * 3\n";
        assert!(parse::<serde_yaml::Value>(fine, Path::new("ok.yaml"), 1).is_ok());
    }

    #[test]
    fn aliases_that_expand_past_the_budget_are_refused_before_parsing() {
        // A billion laughs under the alias count: 999 aliases of one 100 KB anchor would
        // make 100 MB in memory out of a 108 KB file.
        let item = format!("\"{}\"", "x".repeat(1_000));
        let mut yaml = format!("base: &b [{}]\nuses:\n", vec![item; 100].join(", "));
        for _ in 0..999 {
            yaml.push_str("  - *b\n");
        }
        assert_eq!(scan_limits(&yaml).0, Limit::Ok, "under the alias count");
        let started = std::time::Instant::now();
        let d = parse::<serde_yaml::Value>(&yaml, Path::new("laughs.yaml"), 1).unwrap_err();
        assert!(started.elapsed().as_secs() < 5, "refused before expanding");
        assert_eq!(d.code, Some(Code::YamlTooDeep), "{d:?}");
        assert_eq!((d.line, d.column), (3, 5), "at the first alias: {d:?}");
        assert!(d.message.contains("would expand"), "{}", d.message);
        assert_eq!(d.args["limit"], expansion_budget(&yaml).to_string());
        // Nested anchors multiply: 9 levels of 9 aliases (81 in all) are a billion laughs.
        let mut nested = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let uses = vec![format!("*a{}", level - 1); 9].join(", ");
            nested.push_str(&format!("a{level}: &a{level} [{uses}]\n"));
        }
        // (The parser's own repetition limit or the budget, whichever comes first.)
        let d = parse::<serde_yaml::Value>(&nested, Path::new("nested.yaml"), 1).unwrap_err();
        assert_eq!(d.code, Some(Code::YamlTooDeep), "{d:?}");
        // Aliases within the budget are fine, in a small file and in a large one.
        let fine = "a: &a [x, y]\nb: *a\nc: [*a, *a]\n";
        assert!(parse::<serde_yaml::Value>(fine, Path::new("ok.yaml"), 1).is_ok());
        let big = format!("a: &a \"{}\"\nb: [*a, *a, *a, *a, *a]\n", "y".repeat(2_000_000));
        assert!(parse::<serde_yaml::Value>(&big, Path::new("big.yaml"), 1).is_ok());
    }

    #[test]
    fn alias_bombs_fail_fast() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            yaml.push_str(&format!(
                "{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n",
                (b'a' + i) as char,
                (b'a' + i) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char
            ));
        }
        let d = parse::<serde_yaml::Value>(&yaml, Path::new("bomb.yaml"), 1).unwrap_err();
        assert_eq!(d.code, Some(Code::YamlTooDeep), "{}", d.message);
    }
}
