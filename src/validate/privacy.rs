//! The privacy guard: finds personal data in every published text and fails the build,
//! naming the place with the hit masked. It favours recall on real identifiers
//! (mobile and landline numbers, resident ID numbers with checksum, bank cards with
//! Luhn, e-mail, labelled QQ/WeChat ids, names after 举报人/投诉人-style labels) and
//! avoids false alarms on dates, document numbers, case ids and amounts by requiring
//! digit runs to stand alone.
//!
//! Text is matched in a normalised form (NFKC, so full-width `１３８` and `ＱＱ` read as
//! ASCII; every dash as `-`; every Unicode space as a space; zero-width characters
//! dropped), and each hit is mapped back to its range in the original text, so the
//! position and the masked form in a message are those of what the clerk typed.
//!
//! What is scanned is structural: every string and number of a record's (and
//! `site.yaml`'s, and a page front matter's) serialised form, so a field added later is
//! scanned without anyone adding it to a list here.

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostic::{Diagnostic, line_column};
use crate::model::Record;
use crate::source::{Origin, Seg, SourceRecord, Sources};

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
    /// A personal name after a label such as 举报人 or 投诉人.
    Name,
}

impl Pii {
    /// The variant of the `personal-data` diagnostic, which the catalogue words.
    fn key(self) -> &'static str {
        match self {
            Pii::Mobile => "mobile",
            Pii::Landline => "landline",
            Pii::IdNumber => "id-number",
            Pii::BankCard => "bank-card",
            Pii::Email => "email",
            Pii::Messenger => "messenger",
            Pii::Name => "name",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Pii::Mobile => "a mobile phone number",
            Pii::Landline => "a landline phone number",
            Pii::IdNumber => "a resident ID number (身份证号)",
            Pii::BankCard => "a bank card number",
            Pii::Email => "an e-mail address",
            Pii::Messenger => "a QQ or WeChat id",
            Pii::Name => "the name of a complainant or party (举报人/投诉人/当事人…)",
        }
    }
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What it is.
    pub kind: Pii,
    /// Byte range in the scanned (original) text.
    pub range: std::ops::Range<usize>,
    /// The hit, masked for messages.
    pub masked: String,
}

/// Marker that lets one occurrence through: `<!-- privacy-ok: reason -->` right before it
/// (Markdown), or `[privacy-ok: reason]` in a plain field.
pub const MARKERS: &[&str] = &["<!-- privacy-ok:", "[privacy-ok:"];

/// Text prepared for matching, with every byte mapped back to the original character
/// it came from.
struct Normalised<'a> {
    text: Cow<'a, str>,
    /// Per byte of `text`: start and end byte of the original character. Empty when
    /// `text` is the original.
    map: Vec<(u32, u32)>,
}

impl<'a> Normalised<'a> {
    fn new(original: &'a str) -> Self {
        // Plain ASCII without tabs is its own normal form; most fields are not, but the
        // ones that are (ids, dates, file names) skip the copy.
        if original
            .bytes()
            .all(|b| b.is_ascii() && !matches!(b, b'\t' | 0x0B | 0x0C))
        {
            return Self {
                text: Cow::Borrowed(original),
                map: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        for (i, c) in original.char_indices() {
            let span = (i as u32, (i + c.len_utf8()) as u32);
            let before = text.len();
            match fold(c) {
                Fold::Drop => {}
                Fold::To(x) => text.push(x),
                Fold::Nfkc => text.extend(std::iter::once(c).nfkc()),
            }
            map.resize(text.len(), span);
            debug_assert!(map.len() >= before);
        }
        Self {
            text: Cow::Owned(text),
            map,
        }
    }

    /// The original byte range of a range of the normalised text.
    fn original(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        if self.map.is_empty() || range.is_empty() {
            return range;
        }
        self.map[range.start].0 as usize..self.map[range.end - 1].1 as usize
    }
}

enum Fold {
    Drop,
    To(char),
    Nfkc,
}

/// How one character reads for matching.
fn fold(c: char) -> Fold {
    match c {
        // Zero-width and soft-hyphen characters hide nothing from a reader.
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Fold::Drop,
        // Hyphens, en/em dashes, minus signs: all read as a separator.
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{2E3A}'
        | '\u{2E3B}' => Fold::To('-'),
        // Line breaks end a run of digits; every other space is a space.
        '\n' | '\r' => Fold::To(c),
        c if c.is_whitespace() => Fold::To(' '),
        c if c.is_ascii() => Fold::To(c),
        _ => Fold::Nfkc,
    }
}

/// Scans one text; hits whose text is in `allow` or preceded by a marker are skipped.
pub fn scan(text: &str, allow: &[String]) -> Vec<Hit> {
    let norm = Normalised::new(text);
    let t: &str = &norm.text;
    let mut hits = Vec::new();
    scan_digits(t, &mut hits);
    scan_emails(t, &mut hits);
    scan_messengers(t, &mut hits);
    scan_names(t, &mut hits);
    hits.retain(|h| {
        let found = &t[h.range.clone()];
        let allowed = allow.iter().any(|a| {
            let a = Normalised::new(a);
            let a: &str = &a.text;
            !a.is_empty() && (a == found || !digits(a).is_empty() && digits(a) == digits(found))
        });
        !allowed && !marked(t, h.range.start)
    });
    hits.sort_by_key(|h| h.range.start);
    hits.dedup_by(|a, b| a.range.start < b.range.end && b.range.start < a.range.end);
    for hit in &mut hits {
        hit.range = norm.original(hit.range.clone());
        hit.masked = mask_as(hit.kind, &text[hit.range.clone()]);
    }
    hits
}

/// `text` with every piece of personal data in it masked (`138****5678`), for
/// messages and source snippets that would otherwise echo it. The allow list and
/// markers do not apply: a message never needs the number itself.
pub fn mask_personal_data(text: &str) -> Cow<'_, str> {
    let mut hits = Vec::new();
    {
        let norm = Normalised::new(text);
        let t: &str = &norm.text;
        scan_digits(t, &mut hits);
        scan_emails(t, &mut hits);
        scan_messengers(t, &mut hits);
        scan_names(t, &mut hits);
        for hit in &mut hits {
            hit.range = norm.original(hit.range.clone());
        }
    }
    if hits.is_empty() {
        return Cow::Borrowed(text);
    }
    hits.sort_by_key(|h| h.range.start);
    hits.dedup_by(|a, b| a.range.start < b.range.end && b.range.start < a.range.end);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for hit in hits {
        out.push_str(&text[at..hit.range.start]);
        out.push_str(&mask_as(hit.kind, &text[hit.range.clone()]));
        at = hit.range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
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

/// The masked form of a hit's original text.
fn mask_as(kind: Pii, found: &str) -> String {
    match kind {
        Pii::Email => {
            let at = found.find(['@', '＠']).unwrap_or(found.len());
            let (local, dom) = found.split_at(at);
            format!("{}***{dom}", local.chars().next().unwrap_or('*'))
        }
        // The surname stays, the given name goes: 王建国 → 王**.
        Pii::Name => found
            .chars()
            .enumerate()
            .map(|(i, c)| if i == 0 { c } else { '*' })
            .collect(),
        _ => mask(found),
    }
}

fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.iter().filter(|c| c.is_alphanumeric()).count();
    let (keep_head, keep_tail) = if n >= 11 {
        (3, 4)
    } else if n >= 7 {
        (2, 2)
    } else {
        (1, 1)
    };
    let mut seen = 0;
    chars
        .iter()
        .map(|&c| {
            if !c.is_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen <= keep_head || seen > n - keep_tail {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// A run of digit groups joined by separators, standing alone (no letter or digit
/// touching either end, so case ids like X2YX202104120031 are not scanned).
struct Run {
    start: usize,
    end: usize,
    /// Each group's byte range in the text.
    groups: Vec<(usize, usize)>,
    /// Whether the separator after each group but the last was strict (`.` or `/`).
    strict: Vec<bool>,
}

impl Run {
    fn digits(&self, text: &str) -> String {
        self.groups.iter().map(|&(a, b)| &text[a..b]).collect()
    }

    fn lens(&self) -> Vec<usize> {
        self.groups.iter().map(|&(a, b)| b - a).collect()
    }
}

/// The separator at `i` between two digit groups: up to three characters of spaces with
/// at most one `-`, `.` or `/`, followed by a digit. Returns its length and whether it
/// is strict (`.` or `/`, which also appear in decimals and dates, so a run joined by
/// them must have a phone number's shape).
fn separator(bytes: &[u8], i: usize) -> Option<(usize, bool)> {
    let mut len = 0;
    let mut mark = None;
    while i + len < bytes.len() && len < 3 {
        match bytes[i + len] {
            b' ' => {}
            c @ (b'-' | b'.' | b'/') if mark.is_none() => mark = Some(c),
            _ => break,
        }
        len += 1;
    }
    let next_is_digit = i + len < bytes.len() && bytes[i + len].is_ascii_digit();
    (len > 0 && next_is_digit).then_some((len, matches!(mark, Some(b'.' | b'/'))))
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
        let mut groups = Vec::new();
        let mut strict = Vec::new();
        loop {
            let g = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            groups.push((g, i));
            match separator(bytes, i) {
                Some((len, is_strict)) => {
                    strict.push(is_strict);
                    i += len;
                }
                None => break,
            }
        }
        let end = i;
        let touches_before =
            start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'.');
        let touches_after = end < bytes.len()
            && (bytes[end].is_ascii_alphabetic()
                || bytes[end] == b'.' && end + 1 < bytes.len() && bytes[end + 1].is_ascii_digit());
        let run = Run {
            start,
            end,
            groups,
            strict,
        };
        // An ID number may end in X.
        let ends_in_x = end < bytes.len()
            && matches!(bytes[end], b'X' | b'x')
            && run.digits(text).len() == 17
            && !(end + 1 < bytes.len() && bytes[end + 1].is_ascii_alphanumeric());
        if ends_in_x && !touches_before {
            runs.push(Run { end: end + 1, ..run });
        } else if !touches_before && !touches_after {
            runs.push(run);
        }
    }
    runs
}

/// What a run of digits is, if anything. `raw` is the run's text.
fn classify(text: &str, run: &Run) -> Option<Pii> {
    let mut d = run.digits(text);
    if run.end > run.groups.last().map_or(run.end, |g| g.1) {
        d.push('X');
    }
    let d = d.as_str();
    let lens = run.lens();
    let strict = run.strict.iter().any(|&s| s);
    let separated = lens.len() > 1;
    let shaped = |shapes: &[&[usize]]| !strict || shapes.contains(&lens.as_slice());
    if (is_mobile(d) && shaped(&[&[3, 4, 4], &[3, 8], &[7, 4]]))
        || (d.len() == 13 && d.starts_with("86") && is_mobile(&d[2..]) && shaped(&[&[2, 3, 4, 4], &[2, 11]]))
    {
        return Some(Pii::Mobile);
    }
    if is_id_number(d)
        && (d.len() == 18 || labelled_as_id(&text[..run.start]))
        && shaped(&[&[6, 8, 4], &[6, 8, 3]])
    {
        return Some(Pii::IdNumber);
    }
    if (is_landline(d, lens[0], separated)
        && shaped(&[&[3, 8], &[4, 7], &[4, 8], &[3, 4, 4], &[4, 4, 4], &[4, 3, 4]]))
        || is_landline_in_parens(text, run.start, d)
    {
        return Some(Pii::Landline);
    }
    if (16..=19).contains(&d.len()) && luhn(d) && shaped(&[&[4, 4, 4, 4], &[4, 4, 4, 4, 3], &[6, 13]]) {
        return Some(Pii::BankCard);
    }
    None
}

fn scan_digits(text: &str, hits: &mut Vec<Hit>) {
    for run in digit_runs(text) {
        let mut push = |run: &Run, kind: Pii| {
            let mut start = run.start;
            // `(0871) 65123456`: the hit starts at the opening bracket of the area code.
            if kind == Pii::Landline {
                let before = text[..start].trim_end_matches(' ');
                if let Some(code) = before.strip_suffix([')', '）']) {
                    let digits = code.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
                    if let Some(open) = digits.strip_suffix(['(', '（']) {
                        start = open.len();
                    }
                }
            }
            hits.push(Hit {
                kind,
                range: start..run.end,
                masked: String::new(),
            });
        };
        if let Some(kind) = classify(text, &run) {
            push(&run, kind);
            continue;
        }
        // Two numbers side by side (`13812345678/13912345678`, a date and then a
        // number): each piece between spaced or strict separators on its own.
        if run.groups.len() < 2 {
            continue;
        }
        let mut piece_start = 0;
        for cut in 0..run.groups.len() {
            let last = cut + 1 == run.groups.len();
            let breaks = last || {
                let between = &text[run.groups[cut].1..run.groups[cut + 1].0];
                run.strict[cut] || between.contains(' ')
            };
            if !breaks {
                continue;
            }
            if piece_start > 0 || !last {
                let piece = Run {
                    start: run.groups[piece_start].0,
                    end: if last { run.end } else { run.groups[cut].1 },
                    groups: run.groups[piece_start..=cut].to_vec(),
                    strict: run.strict[piece_start..cut].to_vec(),
                };
                if let Some(kind) = classify(text, &piece) {
                    push(&piece, kind);
                }
            }
            piece_start = cut + 1;
        }
    }
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    d.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// `0871-6512345`, `0871 65123456`, `010-12345678`, or 11–12 contiguous digits from 0.
fn is_landline(d: &str, first_group: usize, separated: bool) -> bool {
    if !d.starts_with('0') || d.starts_with("00") {
        return false;
    }
    if separated {
        (3..=4).contains(&first_group) && (10..=12).contains(&d.len())
    } else {
        (11..=12).contains(&d.len())
    }
}

/// `(0871)6512345` or `（0871）65123456`.
fn is_landline_in_parens(text: &str, start: usize, d: &str) -> bool {
    let before = text[..start].trim_end_matches(' ');
    if !(7..=8).contains(&d.len()) {
        return false;
    }
    let Some(code_end) = before.strip_suffix(')').or_else(|| before.strip_suffix('）')) else {
        return false;
    };
    let code_end = code_end.trim_end_matches(' ');
    let code: String = code_end.chars().rev().take_while(char::is_ascii_digit).collect();
    let opened = code_end[..code_end.len() - code.len()]
        .trim_end_matches(' ')
        .ends_with(['(', '（']);
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

/// An e-mail address around each `@`: an ASCII local part (or, for an internationalised
/// address such as 张三@例子.中国, the letters just before the `@`) and a domain whose
/// last label is at least two letters.
fn scan_emails(text: &str, hits: &mut Vec<Hit>) {
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let is_domain = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-');
    for (at, _) in text.match_indices('@') {
        let before = &text[..at];
        let mut start = at;
        for (i, c) in before.char_indices().rev() {
            if !is_local(c) {
                break;
            }
            start = i;
        }
        if start == at {
            // A non-ASCII local part: at most eight letters, so the label before it
            // (邮箱) is not taken in most texts.
            for (n, (i, c)) in before.char_indices().rev().enumerate() {
                if n == 8 || !c.is_alphanumeric() {
                    break;
                }
                start = i;
            }
        }
        let after = &text[at + 1..];
        let ascii_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
            .unwrap_or(after.len());
        let tld_ok = |domain: &str| {
            domain.rsplit_once('.').is_some_and(|(host, tld)| {
                !host.is_empty()
                    && !host.ends_with('.')
                    && tld.chars().count() >= 2
                    && tld.chars().all(char::is_alphabetic)
            })
        };
        let ascii = after[..ascii_len].trim_end_matches(['.', '-']);
        let domain = if tld_ok(ascii) {
            ascii
        } else {
            let len = after.find(|c: char| !is_domain(c)).unwrap_or(after.len());
            after[..len].trim_end_matches(['.', '-'])
        };
        if start < at && tld_ok(domain) {
            hits.push(Hit {
                kind: Pii::Email,
                range: start..at + 1 + domain.len(),
                masked: String::new(),
            });
        }
    }
}

/// The labels a messenger id follows, matched ignoring ASCII case ("QQ", "Qq", "VX",
/// "WeChat"). The 号, 号码, ID, colon or bracket after a label is skipped.
const MESSENGER_LABELS: [&str; 7] = ["qq", "微信", "wechat", "weixin", "vx", "v信", "扣扣"];

/// One automaton for all labels: a record has some thirty texts, and a search per label
/// per text was a tenth of `check`'s time.
fn messenger_labels() -> &'static AhoCorasick {
    static LABELS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(MESSENGER_LABELS)
            .expect("fixed labels build an automaton")
    });
    &LABELS
}

/// What may sit between a label and the id: 号, 号码, 账号, ID, 是, 为, a colon, a bracket.
fn skip_to_id(after: &str) -> usize {
    let mut rest = after;
    loop {
        let trimmed = rest.trim_start_matches([
            ' ', ':', '号', '码', '账', '帐', '是', '为', '(', '（', '[', '【', '#', '=', '-',
        ]);
        let trimmed = match trimmed.get(..2) {
            Some(two) if two.eq_ignore_ascii_case("id") => &trimmed[2..],
            _ => trimmed,
        };
        if trimmed.len() == rest.len() || after.len() - trimmed.len() > 24 {
            break;
        }
        rest = trimmed;
    }
    after.len() - rest.len()
}

fn scan_messengers(text: &str, hits: &mut Vec<Hit>) {
    for found in messenger_labels().find_iter(text) {
        let label = MESSENGER_LABELS[found.pattern().as_usize()];
        let is_ascii_label = label.is_ascii();
        // `vx` inside a word (`devx`, `VXLAN`) is not a label.
        let glued_before = text[..found.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let glued_after = text[found.end()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() && !c.eq_ignore_ascii_case(&'i'));
        if is_ascii_label && (glued_before || glued_after && label != "v信") {
            continue;
        }
        let after = &text[found.end()..];
        let skipped = skip_to_id(after);
        let rest = &after[skipped..];
        let id_len = rest
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
            .count();
        let id = &rest[..id_len];
        let all_digits = !id.is_empty() && id.bytes().all(|c| c.is_ascii_digit());
        let is_qq = matches!(label, "qq" | "扣扣") && (5..=11).contains(&id.len()) && all_digits;
        let is_wechat = !matches!(label, "qq" | "扣扣")
            && ((6..=20).contains(&id.len()) && id.as_bytes()[0].is_ascii_alphabetic()
                || (5..=11).contains(&id.len()) && all_digits);
        if is_qq || is_wechat {
            let start = found.end() + skipped;
            hits.push(Hit {
                kind: Pii::Messenger,
                range: start..start + id_len,
                masked: String::new(),
            });
        }
    }
}

/// Labels naming the person who complained or is concerned; the name after one is
/// personal data unless already anonymised (王某, 某先生, X女士).
const NAME_LABELS: [&str; 12] = [
    "举报人",
    "来电人",
    "投诉人",
    "信访人",
    "当事人",
    "来信人",
    "反映人",
    "申诉人",
    "报案人",
    "举报者",
    "投诉者",
    "信访者",
];

fn name_labels() -> &'static AhoCorasick {
    static LABELS: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(NAME_LABELS).expect("fixed labels build an automaton"));
    &LABELS
}

/// Common single-character surnames (百家姓, by frequency), so that 举报人反映 or
/// 投诉人称 is not read as a name.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// Two-character surnames, checked before the single ones.
const COMPOUND_SURNAMES: [&str; 10] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "夏侯",
];

/// Forms of address after a surname: 李先生 is as identifying as 李建国 on a village notice.
const HONORIFICS: [&str; 8] = ["先生", "女士", "小姐", "同志", "师傅", "老师", "阿姨", "大爷"];

/// Characters that do not start or continue a given name but do follow a label in
/// ordinary sentences (投诉人向我局反映, 当事人于昨日, 举报人称).
const NOT_IN_NAMES: &str = "某我你他她们局区县市镇乡村厂司部门单位企业称反映要求表示认为于在对向已未曾将的了和与及等也都均现今昨当日月年多次电话手机联系投诉举报来信访提出说讲所其该此这那无不没是被让叫请希望家住居人员方等处科股站主任长书记委会组办中心";

/// Anonymised forms that are allowed after a surname: 王某, 王某某, 王X, 王××, 王*.
fn anonymised(c: char) -> bool {
    matches!(c, '某' | 'X' | 'x' | '×' | '*' | '＊' | 'Ｘ' | '○' | '〇')
}

fn scan_names(text: &str, hits: &mut Vec<Hit>) {
    for found in name_labels().find_iter(text) {
        let after = &text[found.end()..];
        let skipped = after.len()
            - after
                .trim_start_matches([' ', ':', '：', '为', '是', '(', '（', '“', '"'])
                .len();
        let rest = &after[skipped..];
        let surname_len = COMPOUND_SURNAMES
            .iter()
            .find(|s| rest.starts_with(*s))
            .map(|s| s.len())
            .or_else(|| {
                rest.chars()
                    .next()
                    .filter(|c| SURNAMES.contains(*c))
                    .map(char::len_utf8)
            });
        let Some(surname_len) = surname_len else {
            continue;
        };
        let given_text = &rest[surname_len..];
        let name_len = if let Some(h) = HONORIFICS.iter().find(|h| given_text.starts_with(*h)) {
            surname_len + h.len()
        } else {
            let given: Vec<char> = given_text
                .chars()
                .take_while(|&c| is_han(c) && !NOT_IN_NAMES.contains(c))
                .take(3)
                .collect();
            // A name is a surname and one or two characters, and then no more Han
            // text glued on that could make it an ordinary word.
            if given.is_empty() || given.len() > 2 || given.iter().any(|&c| anonymised(c)) {
                continue;
            }
            let next = given_text[given.iter().map(|c| c.len_utf8()).sum::<usize>()..]
                .chars()
                .next();
            if next.is_some_and(anonymised) {
                continue;
            }
            surname_len + given.iter().map(|c| c.len_utf8()).sum::<usize>()
        };
        let start = found.end() + skipped;
        hits.push(Hit {
            kind: Pii::Name,
            range: start..start + name_len,
            masked: String::new(),
        });
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2A6DF}')
}

/// Every string and number of a value's serialised form, with its YAML path, except
/// the top-level keys in `skip`. Numbers are scanned as written: a whole float such as
/// `fine_10k_yuan: 13912345678` reads as `13912345678`, not `13912345678.0`.
pub fn public_texts<'v>(value: &'v serde_json::Value, skip: &[&str]) -> Vec<(Vec<Seg<'v>>, Cow<'v, str>)> {
    fn walk<'v>(
        value: &'v serde_json::Value,
        path: &mut Vec<Seg<'v>>,
        skip: &[&str],
        out: &mut Vec<(Vec<Seg<'v>>, Cow<'v, str>)>,
    ) {
        use serde_json::Value;
        match value {
            Value::String(s) => out.push((path.clone(), Cow::Borrowed(s))),
            Value::Number(n) => {
                let text = match (n.as_i64(), n.as_u64(), n.as_f64()) {
                    (Some(i), _, _) => i.to_string(),
                    (_, Some(u), _) => u.to_string(),
                    (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 1e20 => format!("{f:.0}"),
                    _ => n.to_string(),
                };
                out.push((path.clone(), Cow::Owned(text)));
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    walk(item, path, &[], out);
                    path.pop();
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    if skip.contains(&key.as_str()) {
                        continue;
                    }
                    path.push(Seg::Key(key));
                    walk(item, path, &[], out);
                    path.pop();
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), skip, &mut out);
    out
}

fn hit_diagnostic(file: &std::path::Path, line: usize, column: usize, hit: &Hit) -> Diagnostic {
    Diagnostic::error(
        file,
        line,
        column,
        format!("{} must not be published: {}", hit.kind.describe(), hit.masked),
    )
    .code(crate::diagnostic::Code::PersonalData)
    .arg("variant", hit.kind.key())
    .arg("masked", &hit.masked)
    .without_source()
}

/// Where a hit in the value at `path` is in the file: the hit's own text searched from
/// the value's line on (so in a multi-record file it is the record's own line, not the
/// first record that happens to hold the same text), else the value's position.
fn place(origin: &Origin, path: &[Seg], found: &str) -> (usize, usize) {
    let (line, column) = origin.position(path);
    let yaml = &origin.yaml;
    let from = match line.saturating_sub(origin.yaml_line) {
        0 => 0,
        n => yaml
            .match_indices('\n')
            .nth(n - 1)
            .map_or(yaml.len(), |(i, _)| i + 1),
    };
    match yaml[from..].find(found) {
        Some(offset) => {
            let (l, c) = line_column(yaml, from + offset);
            (origin.yaml_line + l - 1, c)
        }
        None => (line, column),
    }
}

/// Scans every published string and number of `value` (less the keys in `skip`) and
/// reports hits at their place in `origin`'s file.
fn check_value(
    origin: &Origin,
    value: &serde_json::Value,
    skip: &[&str],
    allow: &[String],
    out: &mut Vec<Diagnostic>,
) {
    for (path, text) in public_texts(value, skip) {
        for hit in scan(&text, allow) {
            let (line, column) = place(origin, &path, &text[hit.range.clone()]);
            out.push(hit_diagnostic(&origin.file, line, column, &hit).field(origin.field_path(&path)));
        }
    }
}

/// The privacy guard over one record: every field of its serialised form, and its body.
pub fn check_record(r: &SourceRecord, allow: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match serde_json::to_value(&r.record) {
        Ok(value) => check_value(&r.origin, &value, &["body"], allow, &mut out),
        Err(e) => out.push(
            Diagnostic::error(
                &r.origin.file,
                r.origin.yaml_line,
                1,
                format!("the privacy guard could not read this record: {e}"),
            )
            .code(crate::diagnostic::Code::PersonalData),
        ),
    }
    if let Some(body) = &r.record.body {
        let body_line = r.origin.body_line();
        for hit in scan(body, allow) {
            let (l, c) = line_column(body, hit.range.start);
            out.push(hit_diagnostic(&r.origin.file, body_line + l - 1, c, &hit).field("body"));
        }
    }
    out
}

/// Runs the guard over every record, page and `site.yaml` (all but `privacy`, whose
/// allow list names the public numbers, and `limits`, which are never published).
pub fn check(sources: &Sources) -> Vec<Diagnostic> {
    let allow = &sources.config.privacy.allow;
    let mut out: Vec<Diagnostic> = sources
        .records
        .par_iter()
        .flat_map_iter(|r| check_record(r, allow))
        .collect();
    if let Ok(value) = serde_json::to_value(&sources.config) {
        check_value(
            &sources.config_origin,
            &value,
            &["privacy", "limits", "theme"],
            allow,
            &mut out,
        );
    }
    for page in &sources.pages {
        if let Ok(value) = serde_json::to_value(&page.front) {
            let origin = Origin {
                file: page.file.clone(),
                yaml: std::sync::Arc::from(page.front_yaml.as_str()),
                yaml_line: page.front_line,
                list_index: None,
            };
            check_value(&origin, &value, &["template"], allow, &mut out);
        }
        for hit in scan(&page.body, allow) {
            let (l, c) = line_column(&page.body, hit.range.start);
            out.push(hit_diagnostic(&page.file, page.body_line + l - 1, c, &hit).field("body"));
        }
    }
    out
}

/// `text` without its `[privacy-ok: …]` and `<!-- privacy-ok: … -->` markers (and the
/// space after one that stood between words), for publishing: the markers are notes
/// for the guard, not for readers, downloads, feeds or the search index.
pub fn strip_markers(text: &str) -> Cow<'_, str> {
    if !text.contains("privacy-ok:") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = MARKERS
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min_by_key(|&(i, _)| i);
        let Some((i, marker)) = next else { break };
        let close = if marker.starts_with('<') { "-->" } else { "]" };
        let Some(end) = rest[i..].find(close).map(|c| i + c + close.len()) else {
            break;
        };
        out.push_str(&rest[..i]);
        rest = &rest[end..];
        if out.is_empty() || out.ends_with([' ', '\n']) {
            rest = rest.strip_prefix(' ').unwrap_or(rest);
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A copy of `value` with the markers stripped from every string of its serialised
/// form, or `None` when it has none (or does not read back, which keeps it as it is).
fn without_markers<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> Option<T> {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                if let Cow::Owned(clean) = strip_markers(s) {
                    *s = clean;
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            serde_json::Value::Object(map) => map.values_mut().for_each(walk),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(value).ok()?;
    let before = json.clone();
    walk(&mut json);
    if json == before {
        return None;
    }
    serde_json::from_value(json).ok()
}

/// Removes the markers from everything the site publishes, once the guard has read
/// them: every record (all its fields and its body), every page, `site.yaml`.
pub fn strip_all_markers(sources: &mut Sources) {
    sources
        .records
        .par_iter_mut()
        .for_each(|r| strip_record_markers(&mut r.record));
    for page in &mut sources.pages {
        if let Some(front) = without_markers(&page.front) {
            page.front = front;
        }
        if let Cow::Owned(body) = strip_markers(&page.body) {
            page.body = body;
        }
    }
    if let Some(config) = without_markers(&sources.config) {
        sources.config = config;
    }
}

/// Removes the markers from one record.
pub fn strip_record_markers(record: &mut Record) {
    // Most records have no marker: one serialisation to find out is cheaper than a
    // round trip each.
    let has_marker = serde_json::to_string(record).is_ok_and(|s| s.contains("privacy-ok:"));
    if !has_marker {
        return;
    }
    let body = record.body.take().map(|b| strip_markers(&b).into_owned());
    if let Some(clean) = without_markers(record) {
        *record = clean;
    }
    record.body = body;
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
    fn typed_forms_are_normalised_and_reported_in_the_original() {
        let text = "举报人电话１３８１２３４５６７８。";
        let hits = scan(text, &[]);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].range.clone()], "１３８１２３４５６７８");
        assert_eq!(hits[0].masked, "１３８****５６７８");
        let text = "电话 138\u{a0}1234\u{a0}5678";
        assert_eq!(&text[scan(text, &[])[0].range.clone()], "138\u{a0}1234\u{a0}5678");
        assert_eq!(kinds("0871－65123456"), [Pii::Landline]);
        assert_eq!(kinds("138.1234.5678"), [Pii::Mobile]);
        assert_eq!(kinds("13812345678/13912345678"), [Pii::Mobile, Pii::Mobile]);
        assert_eq!(kinds("2022.6.30 至 2022.12.31"), Vec::<Pii>::new());
        assert_eq!(kinds("12.5/13.5"), Vec::<Pii>::new());
    }

    #[test]
    fn messenger_label_variants() {
        for text in [
            "QQ号码：123456789",
            "Qq 123456789",
            "QQ(123456789)",
            "ＱＱ：１２３４５６７８９",
            "微信号码 zhangsan_88",
            "VX：zhangsan_88",
            "vx zhangsan_88",
            "WeChat ID: li_si_2024",
        ] {
            assert_eq!(kinds(text), [Pii::Messenger], "{text}");
        }
        for text in [
            "VXLAN 改造",
            "devx 123456789",
            "微信公众号 2022年",
            "QQ群 123456789",
        ] {
            assert_eq!(kinds(text), Vec::<Pii>::new(), "{text}");
        }
    }

    #[test]
    fn idn_email() {
        let text = "邮箱 张三@例子.中国。";
        let hits = scan(text, &[]);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(&text[hits[0].range.clone()], "张三@例子.中国");
        assert_eq!(hits[0].masked, "张***@例子.中国");
        assert_eq!(kinds("ｚｓ＠ｅｘａｍｐｌｅ．ｃｏｍ"), [Pii::Email]);
    }

    #[test]
    fn labelled_names_are_caught_and_anonymised_forms_allowed() {
        let hits = scan("举报人王建国反映", &[]);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, Pii::Name);
        assert_eq!(hits[0].masked, "王**");
        assert_eq!(kinds("来电人：李先生 13907451234"), [Pii::Name, Pii::Mobile]);
        for text in [
            "举报人王某反映",
            "来电人某先生",
            "投诉人X女士",
            "当事人李某某",
            "举报人张X",
            "投诉人称",
            "当事人于2022年",
            "投诉人向我局反映",
        ] {
            assert_eq!(kinds(text), Vec::<Pii>::new(), "{text}");
        }
    }

    #[test]
    fn mask_personal_data_masks_every_hit() {
        assert_eq!(
            mask_personal_data("complainant_phone: 13812345678, 邮箱 a.b@example.com"),
            "complainant_phone: 138****5678, 邮箱 a***@example.com"
        );
        assert!(matches!(mask_personal_data("title: 石灰窑"), Cow::Borrowed(_)));
    }

    #[test]
    fn numbers_are_scanned_as_written() {
        let value = serde_json::json!({ "enforcement": { "fine_10k_yuan": 13912345678.0, "ordered": 3 } });
        let texts: Vec<String> = public_texts(&value, &[])
            .into_iter()
            .map(|(_, t)| t.into_owned())
            .collect();
        assert_eq!(texts, ["13912345678", "3"]);
        assert_eq!(kinds(&texts[0]), [Pii::Mobile]);
    }

    #[test]
    fn markers_are_stripped_for_publishing() {
        assert_eq!(
            strip_markers("办公室电话[privacy-ok: 公开电话] 0871-65123456"),
            "办公室电话 0871-65123456"
        );
        assert_eq!(strip_markers("[privacy-ok: 公开] 0871-65123456"), "0871-65123456");
        assert_eq!(
            strip_markers("a <!-- privacy-ok: x --> 1 [privacy-ok: y]2"),
            "a 1 2"
        );
        assert_eq!(strip_markers("[privacy-ok: 未闭合"), "[privacy-ok: 未闭合");
        let mut r: Record = serde_yaml::from_str(
            "id: A-1\nkind: complaint\ntitle: t\nstatus: in_progress\nsummary: \"电话[privacy-ok: 公开] 0871-65123456\"\nenforcement: { fine_10k_yuan: 12.5 }\nupdates:\n  - { date: 2021-05-06, text: \"[privacy-ok: 公开]12369\" }\n",
        )
        .unwrap();
        r.body = Some("<!-- privacy-ok: 公开 -->0871-65123456".into());
        let mut expected = r.clone();
        expected.summary = Some("电话 0871-65123456".into());
        expected.updates[0].text = "12369".into();
        expected.body = Some("0871-65123456".into());
        strip_record_markers(&mut r);
        assert_eq!(r, expected);
    }

    #[test]
    fn masks_never_echo_the_number() {
        let hit = &scan("13812345678", &[])[0];
        assert_eq!(hit.masked, "138****5678");
    }
}
