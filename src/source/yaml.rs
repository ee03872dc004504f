//! YAML to typed values, with errors turned into diagnostics that say where and how to
//! fix: unknown keys and values get the nearest valid one suggested.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Code, Diagnostic};

/// Parses `yaml` (which starts at 1-based line `first_line` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(yaml: &str, file: &Path, first_line: usize) -> Result<T, Diagnostic> {
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
/// at its own line. Stops at a slip, a syntax error or a missing key, which leave
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
    .with_help(text(Lang::En, &format!("{key}-help"), &args))
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
    // the enclosing mapping; the bad value itself is quoted in the message, so find it.
    if line == 1
        && column == 1
        && let Some(value) = message.strip_prefix('`').and_then(|m| m.split('`').next())
        && let Some(offset) = find_value(yaml, value)
    {
        (line, column) = crate::diagnostic::line_column(yaml, offset);
    }
    let field = super::locate::path_at(yaml, line - 1);
    let line = first_line + line - 1;
    let help = help_for(&message);
    let mut diagnostic = Diagnostic::error(file, line, column, &message).field(&field);
    diagnostic = classify(diagnostic, &message, &field);
    match help {
        Some(h) => diagnostic.with_help(h),
        None => diagnostic,
    }
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
        return d
            .code(Code::UnknownKey)
            .arg("key", bad)
            .arg("expected", expected());
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
        return match message.strip_prefix('`').and_then(|m| m.split('`').next()) {
            Some(value) => d.arg("value", value),
            None => d,
        };
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

fn help_for(message: &str) -> Option<String> {
    if let Some(bad) = backticked_after(message, "unknown field ") {
        let expected = expected_list(message);
        return Some(match nearest(&bad, &expected) {
            Some(near) => {
                format!("did you mean `{near}`? Only the public fields of the schema are allowed")
            }
            None => format!("remove `{bad}`; allowed keys: {}", expected.join(", ")),
        });
    }
    if let Some(bad) = backticked_after(message, "unknown variant ") {
        let expected = expected_list(message);
        return Some(match nearest(&bad, &expected) {
            Some(near) => format!("did you mean `{near}`? Allowed values: {}", expected.join(", ")),
            None => format!("use one of: {}", expected.join(", ")),
        });
    }
    if let Some(field) = backticked_after(message, "missing field ") {
        return Some(format!("add `{field}:` with a value; it is required"));
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return Some("the YAML nests or repeats aliases too deeply; write the values out plainly".into());
    }
    if message.contains("did not find expected") || message.contains("mapping values are not allowed") {
        return Some(
            "check the indentation and quote values that contain `: ` or start with a special character"
                .into(),
        );
    }
    None
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
        assert!(d.help.unwrap().contains("`status`"));
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
        assert!(d.help.unwrap().contains("`closed`"));
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
        assert!(d.help.unwrap().contains("aliases"), "{}", d.message);
    }
}
