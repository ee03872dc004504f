//! Splits a Markdown file into YAML front matter and body.

/// A Markdown file cut at its front-matter fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` fences.
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

/// Cuts `---\n<yaml>\n---\n<body>`; `None` when the file does not start with a fence
/// or the closing fence is missing.
pub fn split(text: &str) -> Option<Split<'_>> {
    let rest = text.strip_prefix("---")?;
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix('\n')?;
    let yaml_start = text.len() - rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', ' ', '\t']);
        if content == "---" {
            let yaml = &rest[..offset];
            let body_start = yaml_start + offset + line.len();
            let yaml_lines = yaml.matches('\n').count();
            return Some(Split {
                yaml,
                yaml_line: 2,
                body: &text[body_start..],
                body_line: 2 + yaml_lines + 1,
            });
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\nid: a\ntitle: b\n---\n# Body\ntext\n").unwrap();
        assert_eq!(s.yaml, "id: a\ntitle: b\n");
        assert_eq!(s.body, "# Body\ntext\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn closing_fence_at_end_of_file() {
        let s = split("---\nid: a\n---").unwrap();
        assert_eq!(s.yaml, "id: a\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn no_fence_is_none() {
        assert!(split("id: a\n").is_none());
        assert!(split("---\nid: a\n").is_none());
        assert!(split("").is_none());
    }

    #[test]
    fn dashes_inside_yaml_values_do_not_close() {
        let s = split("---\ntitle: a --- b\n---\nx").unwrap();
        assert_eq!(s.yaml, "title: a --- b\n");
    }
}
