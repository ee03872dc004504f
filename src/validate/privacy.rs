//! The privacy guard: finds personal data in every published text and fails the build,
//! naming the place with the hit masked. It favours recall on real identifiers
//! (mobile and landline numbers, resident ID numbers with checksum, bank cards with
//! Luhn, e-mail, labelled QQ/WeChat ids) and avoids false alarms on dates, document
//! numbers, case ids and amounts by requiring digit runs to stand alone.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, line_column};
use crate::model::Record;
use crate::source::{Seg, SourceRecord, Sources};

/// What sort of personal data a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pii {
    /// Mainland mobile number.
    Mobile,
    /// Landline with area code.
    Landline,
    /// Resident identity card number.
    IdNumber,
    /// Bank card number.
    BankCard,
    /// E-mail address.
    Email,
    /// QQ number or WeChat id, labelled as such.
    Messenger,
}

impl Pii {
    fn describe(self) -> &'static str {
        match self {
            Pii::Mobile => "a mobile phone number",
            Pii::Landline => "a landline phone number",
            Pii::IdNumber => "a resident ID number (身份证号)",
            Pii::BankCard => "a bank card number",
            Pii::Email => "an e-mail address",
            Pii::Messenger => "a QQ or WeChat id",
        }
    }
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What it is.
    pub kind: Pii,
    /// Byte range in the scanned text.
    pub range: std::ops::Range<usize>,
    /// The hit, masked for messages.
    pub masked: String,
}

/// Marker that lets one occurrence through: `<!-- privacy-ok: reason -->` right before it
/// (Markdown), or `[privacy-ok: reason]` in a plain field.
const MARKERS: &[&str] = &["<!-- privacy-ok:", "[privacy-ok:"];

/// Scans one text; hits whose text is in `allow` or preceded by a marker are skipped.
pub fn scan(text: &str, allow: &[String]) -> Vec<Hit> {
    let mut hits = Vec::new();
    scan_digits(text, &mut hits);
    scan_emails(text, &mut hits);
    scan_messengers(text, &mut hits);
    hits.retain(|h| {
        let found = &text[h.range.clone()];
        let allowed = allow
            .iter()
            .any(|a| !a.is_empty() && (a == found || digits(a) == digits(found) && !digits(a).is_empty()));
        !allowed && !marked(text, h.range.start)
    });
    hits.sort_by_key(|h| h.range.start);
    hits.dedup_by(|a, b| a.range.start < b.range.end && b.range.start < a.range.end);
    hits
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn marked(text: &str, start: usize) -> bool {
    let before = &text[..start];
    MARKERS.iter().any(|m| {
        before.rfind(m).is_some_and(|i| {
            let between = &before[i..];
            let closed = between.find(if m.starts_with('<') { "-->" } else { "]" });
            // The marker must close, and only whitespace or a label may sit between it and the hit.
            closed.is_some_and(|c| between[c..].chars().count() <= 12)
        })
    })
}

fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let (keep_head, keep_tail) = if n >= 11 {
        (3, 4)
    } else if n >= 7 {
        (2, 2)
    } else {
        (1, 1)
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if i < keep_head || i >= n - keep_tail || !c.is_ascii_alphanumeric() {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// A run of digits with single spaces or dashes inside, standing alone (no letter or
/// digit touching either end, so case ids like X2YX202104120031 are not scanned).
struct Run {
    start: usize,
    end: usize,
    digits: String,
    separated: bool,
}

fn digit_runs(text: &str) -> Vec<Run> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut separated = false;
        let mut end = i;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                digits.push(bytes[i] as char);
                i += 1;
                end = i;
            } else if matches!(bytes[i], b' ' | b'-')
                && i + 1 < bytes.len()
                && bytes[i + 1].is_ascii_digit()
                && end == i
            {
                separated = true;
                i += 1;
            } else {
                break;
            }
        }
        let touches_before =
            start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'.');
        let touches_after = end < bytes.len()
            && (bytes[end].is_ascii_alphabetic()
                || bytes[end] == b'.' && end + 1 < bytes.len() && bytes[end + 1].is_ascii_digit());
        // An ID number may end in X.
        let ends_in_x = end < bytes.len() && matches!(bytes[end], b'X' | b'x') && digits.len() == 17;
        if ends_in_x && !(end + 1 < bytes.len() && bytes[end + 1].is_ascii_alphanumeric()) && !touches_before
        {
            digits.push('X');
            runs.push(Run {
                start,
                end: end + 1,
                digits,
                separated,
            });
        } else if !touches_before && !touches_after {
            runs.push(Run {
                start,
                end,
                digits,
                separated,
            });
        }
    }
    runs
}

fn scan_digits(text: &str, hits: &mut Vec<Hit>) {
    for run in digit_runs(text) {
        let d = run.digits.as_str();
        let kind = if is_mobile(d) || d.len() == 13 && d.starts_with("86") && is_mobile(&d[2..]) {
            Some(Pii::Mobile)
        } else if is_id_number(d) && (d.len() == 18 || labelled_as_id(&text[..run.start])) {
            Some(Pii::IdNumber)
        } else if is_landline(d, &text[run.start..run.end], run.separated)
            || is_landline_in_parens(text, run.start, d)
        {
            Some(Pii::Landline)
        } else if (16..=19).contains(&d.len()) && luhn(d) {
            Some(Pii::BankCard)
        } else {
            None
        };
        if let Some(kind) = kind {
            let mut start = run.start;
            if kind == Pii::Landline && text[..start].ends_with(['(', '（']) {
                start = text[..start].char_indices().last().map_or(start, |(i, _)| i);
            }
            let found = &text[start..run.end];
            hits.push(Hit {
                kind,
                range: start..run.end,
                masked: mask(found),
            });
        }
    }
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    d.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// `0871-6512345`, `0871 65123456`, `010-12345678`, or 11–12 contiguous digits from 0.
fn is_landline(d: &str, raw: &str, separated: bool) -> bool {
    if !d.starts_with('0') || d.starts_with("00") {
        return false;
    }
    if separated {
        let first = raw.split([' ', '-']).next().unwrap_or("");
        (3..=4).contains(&first.len()) && (10..=12).contains(&d.len())
    } else {
        (11..=12).contains(&d.len())
    }
}

/// `(0871)6512345` or `（0871）65123456`.
fn is_landline_in_parens(text: &str, start: usize, d: &str) -> bool {
    let before = &text[..start];
    if !(7..=8).contains(&d.len()) {
        return false;
    }
    let Some(code_end) = before.strip_suffix(')').or_else(|| before.strip_suffix('）')) else {
        return false;
    };
    let code: String = code_end.chars().rev().take_while(char::is_ascii_digit).collect();
    let opened = code_end[..code_end.len() - code.len()].ends_with(['(', '（']);
    opened && code.ends_with('0') && (3..=4).contains(&code.len())
}

/// Old 15-digit ID numbers look like other registration numbers (营业执照注册号), so
/// they count only when labelled as an identity number just before.
fn labelled_as_id(before: &str) -> bool {
    let recent: String = before
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    recent.contains("身份") || recent.contains("证件号")
}

fn is_id_number(d: &str) -> bool {
    let b = d.as_bytes();
    let date_ok = |y: u32, m: u32, day: u32| {
        (1..=12).contains(&m) && (1..=31).contains(&day) && (1900..=2099).contains(&y)
    };
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    match d.len() {
        18 => {
            if !b[..17].iter().all(u8::is_ascii_digit) || !(b'1'..=b'8').contains(&b[0]) {
                return false;
            }
            if !date_ok(num(&d[6..10]), num(&d[10..12]), num(&d[12..14])) {
                return false;
            }
            const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            const C: &[u8; 11] = b"10X98765432";
            let sum: u32 = b[..17].iter().zip(W).map(|(c, w)| u32::from(c - b'0') * w).sum();
            C[(sum % 11) as usize] == b[17].to_ascii_uppercase()
        }
        15 => (b'1'..=b'8').contains(&b[0]) && date_ok(1900 + num(&d[6..8]), num(&d[8..10]), num(&d[10..12])),
        _ => false,
    }
}

fn luhn(d: &str) -> bool {
    let mut sum = 0;
    for (i, c) in d.bytes().rev().enumerate() {
        let mut v = u32::from(c - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

fn scan_emails(text: &str, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    let is_local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let is_domain = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && is_local(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && is_domain(bytes[end]) {
            end += 1;
        }
        let domain = text[at + 1..end].trim_end_matches(['.', '-']);
        let end = at + 1 + domain.len();
        let tld_ok = domain.rsplit_once('.').is_some_and(|(host, tld)| {
            !host.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
        });
        if start < at && tld_ok {
            let found = &text[start..end];
            let (local, dom) = found.split_once('@').unwrap_or((found, ""));
            let masked = format!("{}***@{dom}", local.chars().next().unwrap_or('*'));
            hits.push(Hit {
                kind: Pii::Email,
                range: start..end,
                masked,
            });
        }
    }
}

/// The labels a messenger id follows. "微信号" needs no label of its own: the 号 after
/// "微信" is skipped like the colon.
const MESSENGER_LABELS: [&str; 5] = ["QQ", "qq", "微信", "WeChat", "wechat"];

/// One automaton for all labels: a record has some thirty texts, and a search per label
/// per text was a tenth of `check`'s time.
fn messenger_labels() -> &'static AhoCorasick {
    static LABELS: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(MESSENGER_LABELS).expect("fixed labels build an automaton"));
    &LABELS
}

fn scan_messengers(text: &str, hits: &mut Vec<Hit>) {
    for found in messenger_labels().find_iter(text) {
        let label = MESSENGER_LABELS[found.pattern().as_usize()];
        let i = found.start();
        let after = &text[found.end()..];
        let skipped = after.len() - after.trim_start_matches([' ', ':', '：', '号', '是', '为']).len();
        let rest = &after[skipped..];
        let id_len = rest
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
            .count();
        let id = &rest[..id_len];
        let is_qq = label.eq_ignore_ascii_case("qq")
            && (5..=11).contains(&id.len())
            && id.bytes().all(|c| c.is_ascii_digit());
        let is_wechat = !label.eq_ignore_ascii_case("qq")
            && (6..=20).contains(&id.len())
            && id.as_bytes()[0].is_ascii_alphabetic();
        if is_qq || is_wechat {
            let start = i + label.len() + skipped;
            hits.push(Hit {
                kind: Pii::Messenger,
                range: start..start + id_len,
                masked: mask(id),
            });
        }
    }
}

/// Every published text of a record, with the YAML path it comes from.
pub fn record_texts(r: &Record) -> Vec<(Vec<Seg<'static>>, &str)> {
    let mut out: Vec<(Vec<Seg<'static>>, &str)> = Vec::new();
    let optional = [
        ("summary", &r.summary),
        ("region", &r.region),
        ("findings", &r.findings),
        ("target", &r.target),
        ("lead_unit", &r.lead_unit),
        ("responsible_post", &r.responsible_post),
        ("accountability", &r.accountability),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            out.push((vec![Seg::Key(key)], v.as_str()));
        }
    }
    out.push((vec![Seg::Key("title")], r.title.as_str()));
    out.push((vec![Seg::Key("id")], r.id.as_str()));
    for (i, m) in r.measures.iter().enumerate() {
        out.push((vec![Seg::Key("measures"), Seg::Index(i)], m));
    }
    for (i, u) in r.co_units.iter().enumerate() {
        out.push((vec![Seg::Key("co_units"), Seg::Index(i)], u));
    }
    for (i, u) in r.updates.iter().enumerate() {
        out.push((
            vec![Seg::Key("updates"), Seg::Index(i), Seg::Key("text")],
            &u.text,
        ));
        for e in &u.evidence {
            out.push((vec![Seg::Key("updates"), Seg::Index(i), Seg::Key("evidence")], e));
        }
    }
    for (i, c) in r.deadline_changes.iter().enumerate() {
        out.push((
            vec![Seg::Key("deadline_changes"), Seg::Index(i), Seg::Key("reason")],
            &c.reason,
        ));
    }
    for (i, c) in r.closure.iter().enumerate() {
        out.push((
            vec![Seg::Key("closure"), Seg::Index(i), Seg::Key("result")],
            &c.result,
        ));
        out.push((
            vec![Seg::Key("closure"), Seg::Index(i), Seg::Key("level")],
            &c.level,
        ));
        if let Some(x) = &c.reference {
            out.push((vec![Seg::Key("closure"), Seg::Index(i), Seg::Key("ref")], x));
        }
    }
    for (i, e) in r.evidence.iter().enumerate() {
        out.push((
            vec![Seg::Key("evidence"), Seg::Index(i), Seg::Key("file")],
            &e.file,
        ));
        out.push((
            vec![Seg::Key("evidence"), Seg::Index(i), Seg::Key("caption")],
            &e.caption,
        ));
    }
    out
}

fn hit_diagnostic(file: &std::path::Path, line: usize, column: usize, hit: &Hit) -> Diagnostic {
    Diagnostic::error(file, line, column, format!("{} must not be published: {}", hit.kind.describe(), hit.masked))
        .code(crate::diagnostic::Code::PersonalData)
        .arg("kind", hit.kind.describe())
        .arg("masked", &hit.masked)
        .with_help("remove it (publish the office's hotline instead), list a public number under `privacy: { allow: [...] }` in site.yaml, or put `[privacy-ok: reason]` right before it")
        .without_source()
}

/// The privacy guard over one record.
pub fn check_record(r: &SourceRecord, allow: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (path, text) in record_texts(&r.record) {
        for hit in scan(text, allow) {
            let found = &text[hit.range.clone()];
            // Prefer the exact place in the YAML text; fall back to the field's line.
            let (line, column) = match r.origin.yaml.find(found) {
                Some(offset) => {
                    let (l, c) = line_column(&r.origin.yaml, offset);
                    (r.origin.yaml_line + l - 1, c)
                }
                None => r.origin.position(&path),
            };
            out.push(hit_diagnostic(&r.origin.file, line, column, &hit).field(r.origin.field_path(&path)));
        }
    }
    if let Some(body) = &r.record.body {
        let body_line = r.origin.yaml_line + r.origin.yaml.matches('\n').count() + 1;
        for hit in scan(body, allow) {
            let (l, c) = line_column(body, hit.range.start);
            out.push(hit_diagnostic(&r.origin.file, body_line + l - 1, c, &hit).field("body"));
        }
    }
    out
}

/// Runs the guard over every record and page.
pub fn check(sources: &Sources) -> Vec<Diagnostic> {
    let allow = &sources.config.privacy.allow;
    let mut out: Vec<Diagnostic> = sources
        .records
        .par_iter()
        .flat_map_iter(|r| check_record(r, allow))
        .collect();
    for page in &sources.pages {
        for text in [Some(page.front.title.as_str()), page.front.description.as_deref()]
            .into_iter()
            .flatten()
        {
            for hit in scan(text, allow) {
                out.push(hit_diagnostic(&page.file, 2, 1, &hit));
            }
        }
        for hit in scan(&page.body, allow) {
            let (l, c) = line_column(&page.body, hit.range.start);
            out.push(hit_diagnostic(&page.file, page.body_line + l - 1, c, &hit).field("body"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Pii> {
        scan(text, &[]).into_iter().map(|h| h.kind).collect()
    }

    #[test]
    fn finds_mobiles_with_and_without_separators() {
        assert_eq!(kinds("举报人电话13812345678。"), [Pii::Mobile]);
        assert_eq!(kinds("电话 138 1234 5678"), [Pii::Mobile]);
        assert_eq!(kinds("电话138-1234-5678"), [Pii::Mobile]);
        assert_eq!(kinds("+86 13812345678"), [Pii::Mobile]);
    }

    #[test]
    fn finds_landlines() {
        assert_eq!(kinds("联系电话0871-65123456"), [Pii::Landline]);
        assert_eq!(kinds("（0871）65123456"), [Pii::Landline]);
        assert_eq!(kinds("010-12345678"), [Pii::Landline]);
    }

    #[test]
    fn finds_id_numbers_by_checksum() {
        assert_eq!(kinds("身份证11010519491231002X"), [Pii::IdNumber]);
        assert_eq!(kinds("身份证110105194912310021"), Vec::<Pii>::new());
    }

    #[test]
    fn fifteen_digit_ids_need_a_label() {
        assert_eq!(kinds("旧身份证号530102850315123"), [Pii::IdNumber]);
        assert_eq!(kinds("营业执照注册号530100000123456"), Vec::<Pii>::new());
    }

    #[test]
    fn finds_bank_cards_by_luhn() {
        assert_eq!(kinds("卡号4111111111111111"), [Pii::BankCard]);
        assert_eq!(kinds("卡号4111111111111112"), Vec::<Pii>::new(), "fails Luhn");
        assert_eq!(kinds("卡号 4111 1111 1111 1111"), [Pii::BankCard]);
    }

    #[test]
    fn finds_emails_and_messengers() {
        assert_eq!(kinds("邮箱 zhang.san@example.com。"), [Pii::Email]);
        assert_eq!(kinds("QQ：123456789"), [Pii::Messenger]);
        assert_eq!(kinds("微信号 zhangsan_88"), [Pii::Messenger]);
        assert_eq!(
            kinds("微信：wx_zhangsan，qq 12345678"),
            [Pii::Messenger, Pii::Messenger]
        );
        assert_eq!(kinds("WeChat: li_si_2024"), [Pii::Messenger]);
    }

    #[test]
    fn ignores_dates_document_numbers_case_ids_amounts_coordinates() {
        for text in [
            "2022-06-30",
            "2022年6月30日",
            "云环罚〔2022〕15号",
            "X2YX202104120031",
            "罚款12.5万元",
            "罚款125000元",
            "东经102.712345，北纬25.0406789",
            "12369环保举报热线",
            "GB 3095-2012",
            "2021-04-06至2021-05-06",
            "编号20210412003",
            "D2YX202104120031",
            "第12345678号",
        ] {
            assert_eq!(kinds(text), Vec::<Pii>::new(), "{text}");
        }
    }

    #[test]
    fn allow_list_and_marker_let_hits_through() {
        assert!(scan("热线 0871-12369000", &["0871-12369000".into()]).is_empty());
        assert!(scan("办公室电话[privacy-ok: 公开电话] 0871-65123456", &[]).is_empty());
        assert_eq!(scan("另一个 0871-65123457", &[]).len(), 1);
    }

    #[test]
    fn masks_never_echo_the_number() {
        let hit = &scan("13812345678", &[])[0];
        assert_eq!(hit.masked, "138****5678");
    }
}
