//! Reading cell text the way offices write it: dates and deadlines in their Chinese
//! forms (2022年6月底前, 2021年底前, 立行立改), whole numbers (第3批, 12), titles made
//! from a problem description, and line breaks kept as Markdown line breaks.

use super::mapping::Mapping;
use super::table::{self, Cell};
use crate::model::Date;

/// A date from a cell: a date cell, an Excel serial number, or text in the usual forms
/// (2022-06-30, 2022/6/30, 2022年6月30日, 2022.6.30, 20220630).
pub fn parse_date(cell: &Cell) -> Option<Date> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => table::excel_serial_date(*n),
        Cell::Text(t) => {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            let t = t.trim_end_matches('日').trim_end_matches('号');
            let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
            if let [y, m, d] = parts[..] {
                Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            } else if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
                Date::new(t[..4].parse().ok()?, t[4..6].parse().ok()?, t[6..].parse().ok()?)
            } else {
                None
            }
        }
        Cell::Empty => None,
    }
}

/// The last day of a month.
fn month_end(year: i16, month: i8) -> Option<Date> {
    (28..=31).rev().find_map(|d| Date::new(year, month, d))
}

/// A deadline from a cell, as a record writes it (`2022-06-30`, `ongoing`,
/// `immediate`): a word of the `deadline` vocabulary (长期坚持, 立行立改...), a date, or a
/// period's end: 2021年底前 → 2021-12-31, 2022年6月底前 and 2022年6月 → 2022-06-30,
/// 2022年上半年 → 2022-06-30.
pub fn parse_deadline(cell: &Cell, mapping: &Mapping) -> Option<String> {
    if let Some(word) = mapping.value("deadline", &cell.text()) {
        return Some(word);
    }
    if let Some(d) = parse_date(cell) {
        return Some(d.to_string());
    }
    let Cell::Text(text) = cell else { return None };
    let mut t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // "前", "之前", "以前", "完成" and "底"/"末" only say "by the end of".
    loop {
        let before = t.len();
        for suffix in ["之前", "以前", "前", "完成", "止", "底", "末"] {
            if let Some(s) = t.strip_suffix(suffix) {
                t = s.to_string();
            }
        }
        if t.len() == before {
            break;
        }
    }
    if let Some(d) = parse_date(&Cell::Text(t.clone())) {
        return Some(d.to_string());
    }
    let (year, rest) = t.split_once('年').unwrap_or((t.as_str(), ""));
    let year: i16 = year.parse().ok().filter(|y| (1900..=2200).contains(y))?;
    let date = match rest {
        "" => Date::new(year, 12, 31),
        "上半年" => Date::new(year, 6, 30),
        "下半年" => Date::new(year, 12, 31),
        month => {
            let month: i8 = month.strip_suffix('月').unwrap_or(month).parse().ok()?;
            month_end(year, month)
        }
    };
    if date.is_some() {
        return date.map(|d| d.to_string());
    }
    None
}

/// A whole number from a cell: 12, 12.0, "12", "第3批", "3号", "第十二批".
pub fn parse_count(cell: &Cell) -> Option<u32> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => Some(*n as u32),
        Cell::Text(t) => {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            let t = t.trim_start_matches('第');
            let t = t.trim_end_matches(['批', '号', '件', '.', '、']);
            t.parse().ok().or_else(|| chinese_number(t))
        }
        _ => None,
    }
}

/// 一 … 九十九 as a number.
fn chinese_number(t: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = t.chars().collect();
    match chars[..] {
        ['十'] => Some(10),
        [d] => digit(d),
        ['十', d] => Some(10 + digit(d)?),
        [t, '十'] => Some(10 * digit(t)?),
        [t, '十', d] => Some(10 * digit(t)? + digit(d)?),
        _ => None,
    }
}

/// Most characters of a title made from a description, "…" included.
pub const TITLE_MAX: usize = 40;

/// A title from a problem description: its first sentence when that fits in
/// [`TITLE_MAX`] characters, else the text up to the last clause boundary (，；、：) that
/// fits, with "…"; cut mid-clause (with "…") only when no boundary fits.
pub fn title_from(summary: &str) -> String {
    let first_line = summary
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let sentence = first_line
        .split_inclusive(['。', '！', '？', '；'])
        .next()
        .unwrap_or(first_line);
    let whole = sentence.trim_end_matches(['。', '！', '？', '；', '，']);
    let chars: Vec<char> = whole.chars().collect();
    if chars.len() <= TITLE_MAX {
        return whole.to_string();
    }
    let room = TITLE_MAX - 1;
    let cut = (1..=room)
        .rev()
        .find(|&i| matches!(chars[i], '，' | '；' | '、' | '：' | ',' | ';'))
        .filter(|&i| i >= TITLE_MAX / 4)
        .unwrap_or(room);
    let mut title: String = chars[..cut].iter().collect();
    title.push('…');
    title
}

/// Cell text as Markdown that keeps its line breaks: lines of one paragraph end in a
/// hard break (two spaces), blank lines stay paragraph breaks, blank lines at either end
/// go. One-line text is returned as it is (trimmed).
pub fn markdown_lines(text: &str) -> String {
    let lines: Vec<&str> = text.trim().lines().map(str::trim_end).collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_start();
        out.push_str(line);
        if let Some(next) = lines.get(i + 1) {
            if !line.is_empty() && !next.trim().is_empty() {
                out.push_str("  ");
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Cell {
        Cell::Text(t.into())
    }

    #[test]
    fn dates_in_every_usual_form() {
        for t in [
            "2022-06-30",
            "2022/6/30",
            "2022年6月30日",
            "2022.6.30",
            "20220630",
            " 2022 年 6 月 30 日 ",
        ] {
            assert_eq!(parse_date(&text(t)).unwrap().to_string(), "2022-06-30", "{t}");
        }
        assert_eq!(
            parse_date(&Cell::Number(44742.0)).unwrap().to_string(),
            "2022-06-30"
        );
        assert!(parse_date(&text("2022年2月30日")).is_none());
    }

    #[test]
    fn deadlines_in_the_forms_ledgers_use() {
        let m = Mapping::default();
        for (t, want) in [
            ("2021年底前", "2021-12-31"),
            ("2021年底", "2021-12-31"),
            ("2021年12月底前", "2021-12-31"),
            ("2022年6月底前", "2022-06-30"),
            ("2022年6月", "2022-06-30"),
            ("2024年2月底前完成", "2024-02-29"),
            ("2022年6月30日前", "2022-06-30"),
            ("2022年上半年", "2022-06-30"),
            ("2023年", "2023-12-31"),
            ("长期坚持", "ongoing"),
            ("立行立改、长期坚持", "ongoing"),
            ("立行立改", "immediate"),
            ("2022/6/30", "2022-06-30"),
        ] {
            assert_eq!(parse_deadline(&text(t), &m).as_deref(), Some(want), "{t}");
        }
        for t in ["尽快", "2022年13月", "6月底前", "年底前"] {
            assert_eq!(parse_deadline(&text(t), &m), None, "{t}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count(&Cell::Number(12.0)), Some(12));
        assert_eq!(parse_count(&text("第3批")), Some(3));
        assert_eq!(parse_count(&text("第十二批")), Some(12));
        assert_eq!(parse_count(&text("二十")), Some(20));
        assert_eq!(parse_count(&text("12.5")), None);
        assert_eq!(parse_count(&Cell::Number(1.5)), None);
    }

    #[test]
    fn titles_end_at_a_clause_boundary_with_an_ellipsis() {
        assert_eq!(
            title_from("河口镇橡胶颗粒厂异味扰民。夜间生产。"),
            "河口镇橡胶颗粒厂异味扰民"
        );
        let long = "群众反映，石门镇某村附近有一家石灰窑长期无证生产，窑体冒出大量黑烟，周边农作物上落满白灰，村民出行困难。";
        let title = title_from(long);
        assert!(title.chars().count() <= TITLE_MAX, "{title}");
        assert_eq!(
            title,
            "群众反映，石门镇某村附近有一家石灰窑长期无证生产，窑体冒出大量黑烟…"
        );
        let no_commas = "一".repeat(60);
        let title = title_from(&no_commas);
        assert_eq!(title.chars().count(), TITLE_MAX);
        assert!(title.ends_with('…'));
        assert_eq!(title_from("第一行\n第二行"), "第一行");
    }

    #[test]
    fn line_breaks_become_markdown_hard_breaks() {
        assert_eq!(
            markdown_lines("1.责令停产；\n2.立案处罚；\r\n3.制定方案。"),
            "1.责令停产；  \n2.立案处罚；  \n3.制定方案。"
        );
        assert_eq!(markdown_lines("第一段\n\n第二段\n"), "第一段\n\n第二段");
        assert_eq!(markdown_lines(" 一行 "), "一行");
        let once = markdown_lines("a\nb");
        assert_eq!(markdown_lines(&once), once, "idempotent");
    }
}
