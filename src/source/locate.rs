//! Finds where a value sits in block-style YAML text, for diagnostics.
//!
//! serde gives us typed values but no positions; validation errors still need a line and
//! column. Rather than pay for a position-tracking parse on every file, we look the
//! position up only when a diagnostic is made, by walking the indentation of the text.
//! When a path cannot be followed (flow style, say) the deepest position found is used.

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index (0-based).
    Index(usize),
}

/// 0-based (line, column) of the node at `path` in `yaml`, or the closest ancestor.
pub fn locate(yaml: &str, path: &[Seg]) -> (usize, usize) {
    let mut lines: Vec<String> = yaml.split('\n').map(str::to_string).collect();
    let mut scope = 0..lines.len();
    let mut found = first_content_line(&lines, scope.clone()).map_or((0, 0), |l| (l, indent(&lines[l])));
    for seg in path {
        let next = match *seg {
            Seg::Key(key) => find_key(&lines, scope.clone(), key),
            Seg::Index(n) => find_item(&mut lines, scope.clone(), n),
        };
        match next {
            Some((line, col, inner)) => {
                found = (line, col);
                scope = inner;
            }
            None => break,
        }
    }
    found
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

fn first_content_line(lines: &[String], scope: std::ops::Range<usize>) -> Option<usize> {
    scope.into_iter().find(|&i| is_content(&lines[i]))
}

/// The lines after `start` that belong to the node starting there: deeper-indented ones,
/// and for a key also `- ` items at the key's own indentation (legal YAML).
fn block_after(lines: &[String], start: usize, end: usize, col: usize, is_key: bool) -> usize {
    let mut stop = start + 1;
    while stop < end {
        let l = &lines[stop];
        let same_level_item = is_key && indent(l) == col && l.trim_start().starts_with('-');
        if is_content(l) && indent(l) <= col && !same_level_item {
            break;
        }
        stop += 1;
    }
    stop
}

fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let (key, _) = t.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then_some(key)
}

fn find_key(
    lines: &[String],
    scope: std::ops::Range<usize>,
    key: &str,
) -> Option<(usize, usize, std::ops::Range<usize>)> {
    let first = first_content_line(lines, scope.clone())?;
    let level = indent(&lines[first]);
    for i in scope.clone() {
        let l = &lines[i];
        if !is_content(l) || indent(l) != level {
            continue;
        }
        if key_of(l) == Some(key) {
            return Some((i, level, i + 1..block_after(lines, i, scope.end, level, true)));
        }
    }
    None
}

fn find_item(
    lines: &mut [String],
    scope: std::ops::Range<usize>,
    n: usize,
) -> Option<(usize, usize, std::ops::Range<usize>)> {
    let body = scope.clone();
    let dash = body
        .clone()
        .find(|&i| lines[i].trim_start().starts_with('-') && is_content(&lines[i]))?;
    let level = indent(&lines[dash]);
    let mut count = 0;
    for i in body.clone() {
        let l = &lines[i];
        if !is_content(l) || indent(l) != level || !l.trim_start().starts_with('-') {
            continue;
        }
        if count == n {
            let inner_end = block_after(lines, i, scope.end, level, false);
            // Turn "- key: v" into "  key: v" so the item reads as a mapping.
            let replaced = format!("{} {}", &lines[i][..level], &lines[i][level + 1..]);
            lines[i] = replaced;
            let item_col = indent(&lines[i]);
            // The item's first key sits on the dash line itself, so its scope starts there.
            return Some((i, item_col, i..inner_end));
        }
        count += 1;
    }
    None
}

/// The field path (`records[1].updates[0].date`) of the key on 0-based line `line` of
/// block-style `yaml`, or of the block that line belongs to: the inverse of [`locate`],
/// for errors the YAML parser positions but does not name. Empty when the line is
/// before any key.
pub fn path_at(yaml: &str, line: usize) -> String {
    enum Step {
        Key(String),
        Index(usize),
    }
    let mut stack: Vec<(usize, Step)> = Vec::new();
    for text in yaml.split('\n').take(line + 1) {
        if !is_content(text) {
            continue;
        }
        let mut col = indent(text);
        let mut rest = &text[col..];
        while let Some(after) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
            while stack.last().is_some_and(|(c, _)| *c > col) {
                stack.pop();
            }
            match stack.last_mut() {
                Some((c, Step::Index(n))) if *c == col => *n += 1,
                _ => stack.push((col, Step::Index(0))),
            }
            let skipped = rest.len() - after.len();
            let spaces = after.len() - after.trim_start_matches(' ').len();
            col += skipped + spaces;
            rest = &after[spaces..];
        }
        if let Some(key) = key_of(rest) {
            // A key ends every deeper block, and a sequence written at its parent key's
            // indentation (`updates:` / `- date: …`).
            while stack.last().is_some_and(|(c, _)| *c >= col) {
                stack.pop();
            }
            stack.push((col, Step::Key(key.to_string())));
        }
    }
    let mut out = String::new();
    for (_, step) in &stack {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(n) => out.push_str(&format!("[{n}]")),
        }
    }
    out
}

/// The field path of `path` as [`path_at`] writes it: `updates[1].date`.
pub fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(n) => out.push_str(&format!("[{n}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_at_names_the_key_of_a_line() {
        assert_eq!(path_at(DOC, 1), "status");
        assert_eq!(path_at(DOC, 3), "updates[0].date");
        assert_eq!(path_at(DOC, 4), "updates[0].text");
        assert_eq!(path_at(DOC, 6), "updates[1].status");
        assert_eq!(path_at(DOC, 8), "related");
        let doc = "records:\n  - id: a\n    title: t\n  - id: b\n    status: closd\n";
        assert_eq!(path_at(doc, 4), "records[1].status");
        let unindented = "updates:\n- date: 2022-01-01\n  text: x\n- date: x\nstatus: y\n";
        assert_eq!(path_at(unindented, 3), "updates[1].date");
        assert_eq!(path_at(unindented, 4), "status");
    }

    #[test]
    fn display_path_matches_path_at() {
        let path = [Seg::Key("records"), Seg::Index(1), Seg::Key("status")];
        assert_eq!(display_path(&path), "records[1].status");
        let doc = "records:\n  - id: a\n  - id: b\n    status: closd\n";
        let (line, _) = locate(doc, &path);
        assert_eq!(path_at(doc, line), display_path(&path));
    }

    const DOC: &str = "id: a\nstatus: closed\nupdates:\n  - date: 2022-01-01\n    text: x\n  - date: 2022-02-01\n    status: closed\n    text: y\nrelated: [b, c]\n";

    #[test]
    fn finds_top_level_keys() {
        assert_eq!(locate(DOC, &[Seg::Key("status")]), (1, 0));
        assert_eq!(locate(DOC, &[Seg::Key("related")]), (8, 0));
    }

    #[test]
    fn finds_keys_inside_list_items() {
        assert_eq!(locate(DOC, &[Seg::Key("updates"), Seg::Index(1)]), (5, 4));
        assert_eq!(
            locate(DOC, &[Seg::Key("updates"), Seg::Index(1), Seg::Key("status")]),
            (6, 4)
        );
        assert_eq!(
            locate(DOC, &[Seg::Key("updates"), Seg::Index(0), Seg::Key("date")]),
            (3, 4)
        );
    }

    #[test]
    fn falls_back_to_the_deepest_match() {
        assert_eq!(locate(DOC, &[Seg::Key("related"), Seg::Index(1)]), (8, 0));
        assert_eq!(locate(DOC, &[Seg::Key("nope")]), (0, 0));
    }

    #[test]
    fn handles_nested_maps_and_unindented_items() {
        let doc = "enforcement:\n  ordered: 1\n  penalized: 2\nupdates:\n- date: 2022-01-01\n  text: x\n- date: x\n";
        assert_eq!(
            locate(doc, &[Seg::Key("enforcement"), Seg::Key("penalized")]),
            (2, 2)
        );
        assert_eq!(
            locate(doc, &[Seg::Key("updates"), Seg::Index(1), Seg::Key("date")]),
            (6, 2)
        );
    }

    #[test]
    fn handles_records_lists() {
        let doc = "records:\n  - id: a\n    title: t\n  - id: b\n    status: closed\n";
        assert_eq!(
            locate(doc, &[Seg::Key("records"), Seg::Index(1), Seg::Key("status")]),
            (4, 4)
        );
    }
}
