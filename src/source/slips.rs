//! The usual slips of someone typing YAML with a Chinese input method, named in the
//! clerk's terms instead of the parser's: a tab, a full-width colon or quote, no space
//! after a colon. Also the hints for values: a Chinese status word where a key belongs,
//! a date written 2022.6.30 or 2022年6月30日.
//!
//! Only asked when the YAML does not parse: a slip that still parses (a full-width quote
//! inside a title) is the clerk's text, not an error.

/// A slip found on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// Which slip: `tab`, `fullwidth-colon`, `fullwidth-quote`, `no-space`.
    pub kind: &'static str,
    /// 0-based line in the YAML text.
    pub line: usize,
    /// 0-based column in characters.
    pub column: usize,
    /// The key the slip follows, where there is one.
    pub key: String,
}

/// Every slip in `yaml`, in line order.
pub fn find(yaml: &str) -> Vec<Slip> {
    let mut out = Vec::new();
    for (line, text) in yaml.lines().enumerate() {
        if text.trim_start().starts_with('#') {
            continue;
        }
        let indent: String = text.chars().take_while(|c| c.is_whitespace()).collect();
        let rest = &text[indent.len()..];
        let rest_start = indent.chars().count();
        // `- key: value` in a list: the key starts after the dash.
        let (item, item_start) = match rest.strip_prefix("- ") {
            Some(r) => (r.trim_start(), rest_start + 2 + (r.len() - r.trim_start().len())),
            None => (rest, rest_start),
        };
        let key: String = item
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let after = &item[key.len()..];
        let key_end = item_start + key.chars().count();
        if let Some(column) = tab_column(text) {
            out.push(Slip {
                kind: "tab",
                line,
                column,
                key: key.clone(),
            });
        } else if !key.is_empty() && after.starts_with('：') {
            out.push(Slip {
                kind: "fullwidth-colon",
                line,
                column: key_end,
                key,
            });
        } else if !key.is_empty()
            && let Some(value) = after.strip_prefix(':')
            && !value.is_empty()
            && !value.starts_with([' ', '\t', ':', '/'])
        {
            out.push(Slip {
                kind: "no-space",
                line,
                column: key_end,
                key,
            });
        } else if let Some(value) = after.strip_prefix(':').map(str::trim_start)
            && value.starts_with(['“', '‘', '”', '’'])
        {
            let column = text.chars().count() - value.chars().count();
            out.push(Slip {
                kind: "fullwidth-quote",
                line,
                column,
                key,
            });
        }
    }
    out
}

/// Column of a tab in the indentation or between a key and its value; tabs inside a
/// quoted value or in the middle of text are legal YAML.
fn tab_column(text: &str) -> Option<usize> {
    let mut in_indent = true;
    let mut prev = ' ';
    for (i, c) in text.chars().enumerate() {
        if c == '\t' && (in_indent || prev == ':' || prev == '-') {
            return Some(i);
        }
        if c == '"' || c == '\'' {
            return None;
        }
        if !c.is_whitespace() {
            in_indent = false;
        }
        if !(c == '\t' || c == ' ') || !matches!(prev, ':' | '-') {
            prev = c;
        }
    }
    None
}

/// Chinese words a clerk writes for a status, and the key each means.
const STATUS_WORDS: &[(&str, &str)] = &[
    ("未启动", "not_started"),
    ("尚未启动", "not_started"),
    ("未开始", "not_started"),
    ("正在整改", "in_progress"),
    ("整改中", "in_progress"),
    ("推进中", "in_progress"),
    ("进行中", "in_progress"),
    ("未完成", "in_progress"),
    ("阶段性办结", "staged"),
    ("阶段性完成", "staged"),
    ("已完成", "completed"),
    ("已完成整改", "completed"),
    ("完成整改", "completed"),
    ("已整改", "completed"),
    ("待验收", "completed"),
    ("已验收", "closed"),
    ("已销号", "closed"),
    ("已验收销号", "closed"),
    ("销号", "closed"),
    ("已办结", "closed"),
];

/// The key `value` most likely means in a vocabulary whose keys and labels are
/// `choices` (`(key, label)`): a label or a Chinese status word written in place of its
/// key, else the key closest in spelling.
pub fn suggest_key<'a>(value: &str, choices: &'a [(String, String)]) -> Option<&'a (String, String)> {
    let value = value.trim();
    let by_label = choices
        .iter()
        .find(|(_, label)| label == value || label.split(['（', '(']).next() == Some(value));
    let by_word = || {
        STATUS_WORDS
            .iter()
            .find(|(word, _)| *word == value)
            .and_then(|(_, key)| choices.iter().find(|(k, _)| k == key))
    };
    let by_spelling = || {
        let keys: Vec<&str> = choices.iter().map(|(k, _)| k.as_str()).collect();
        let near = super::yaml::nearest(&value.to_ascii_lowercase(), &keys)?;
        choices.iter().find(|(k, _)| k == near)
    };
    by_label.or_else(by_word).or_else(by_spelling)
}

/// `2022-06-30` for a date written `2022.6.30`, `2022/6/30`, `2022年6月30日`,
/// `2022-6-30` or `20220630`, when it is a real date.
pub fn suggest_date(value: &str) -> Option<String> {
    let value = value.trim();
    let digits: Vec<u32> = value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = match digits.as_slice() {
        [y, m, d] => (*y, *m, *d),
        [n] if value.len() == 8 => (n / 10_000, n / 100 % 100, n % 100),
        _ => return None,
    };
    let date = crate::model::Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )?;
    (y >= 1900).then(|| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(yaml: &str) -> Vec<(&'static str, usize, usize)> {
        find(yaml)
            .into_iter()
            .map(|s| (s.kind, s.line, s.column))
            .collect()
    }

    #[test]
    fn names_each_slip_on_its_own_line() {
        assert_eq!(kinds("id: a\n\ttitle: t\n"), [("tab", 1, 0)]);
        assert_eq!(
            kinds("id: a\ndeadline：2022-12-31\nstatus: closed\n"),
            [("fullwidth-colon", 1, 8)]
        );
        assert_eq!(kinds("id: a\nstatus:closed\n"), [("no-space", 1, 6)]);
        assert_eq!(kinds("updates:\n  - date:2022-01-01\n"), [("no-space", 1, 8)]);
        assert_eq!(kinds("title: “石灰窑”: 整改\n"), [("fullwidth-quote", 0, 7)]);
    }

    #[test]
    fn legal_yaml_is_no_slip() {
        let yaml = "base_url: https://example.gov.cn/\ntitle: \"a\tb\"\nsummary: |\n  河口镇：养殖场\n# 注释：全角\nrelated: []\n";
        assert_eq!(kinds(yaml), []);
    }

    #[test]
    fn chinese_status_words_suggest_their_key() {
        let choices: Vec<(String, String)> = [
            ("not_started", "尚未启动"),
            ("in_progress", "正在整改"),
            ("completed", "已完成整改（待验收）"),
            ("closed", "已验收销号"),
        ]
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .to_vec();
        let key = |v| suggest_key(v, &choices).map(|(k, _)| k.as_str());
        assert_eq!(key("整改中"), Some("in_progress"));
        assert_eq!(key("正在整改"), Some("in_progress"));
        assert_eq!(key("已完成整改"), Some("completed"));
        assert_eq!(key("已销号"), Some("closed"));
        assert_eq!(key("closd"), Some("closed"));
        assert_eq!(key("随便"), None);
    }

    #[test]
    fn usual_date_forms_suggest_iso() {
        for written in ["2022.6.30", "2022/6/30", "2022年6月30日", "2022-6-30", "20220630"] {
            assert_eq!(suggest_date(written).as_deref(), Some("2022-06-30"), "{written}");
        }
        assert_eq!(suggest_date("2022.2.30"), None);
        assert_eq!(suggest_date("next year"), None);
    }
}
