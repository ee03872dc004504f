//! The words of the official tables (一览表) and of the statistics, made once in Rust so
//! that a batch's page, its XLSX and its CSV print the same title, summary sentence and
//! enforcement totals: "第三批交办信访件共32件，已办结25件，阶段性办结5件，正在办理2件。"
//! The sentences are the theme's (`official.*`, `stats.*` in i18n) with the numbers put in.

use serde::Serialize;

use super::theme::Theme;
use crate::config::SiteConfig;
use crate::model::{Column, Record};
use crate::routes::{self, Urls};
use crate::statistics::{Enforcement, OfficialTable, Statistics};

/// `n` as a Chinese numeral (三, 十二, 二十六, 一百零五) for a site in Chinese, else in digits:
/// offices write 第三批, not 第3批.
pub fn numeral(n: u32, language: &str) -> String {
    if !language.starts_with("zh") || n == 0 || n >= 10_000 {
        return n.to_string();
    }
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 4] = ["", "十", "百", "千"];
    let digits: Vec<usize> = n.to_string().bytes().map(|b| usize::from(b - b'0')).collect();
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = digits.len() - 1 - i;
        if d == 0 {
            zero = true;
            continue;
        }
        if zero && !out.is_empty() {
            out.push_str(DIGITS[0]);
        }
        zero = false;
        // 十二, not 一十二, when the number starts with its tens.
        if !(d == 1 && unit == 1 && out.is_empty()) {
            out.push_str(DIGITS[d]);
        }
        out.push_str(UNITS[unit]);
    }
    out
}

fn fill(text: String, values: &[(&str, String)]) -> String {
    values
        .iter()
        .fold(text, |t, (key, value)| t.replace(&format!("{{{key}}}"), value))
}

/// The enforcement totals in one sentence, the counts that are not zero only:
/// 责令整改 3 家，立案处罚 2 件，罚款 25.5 万元。 Empty when every count is zero.
pub fn enforcement_sentence(theme: &Theme, e: &Enforcement) -> String {
    let parts: Vec<String> = [
        ("ordered", e.ordered.to_string(), e.ordered > 0),
        ("penalized", e.penalized.to_string(), e.penalized > 0),
        (
            "fine_10k_yuan",
            e.fine_10k_yuan.to_string(),
            e.fine_10k_yuan.yuan() > 0,
        ),
        ("investigated", e.investigated.to_string(), e.investigated > 0),
        ("detained", e.detained.to_string(), e.detained > 0),
        ("interviewed", e.interviewed.to_string(), e.interviewed > 0),
        (
            "held_accountable",
            e.held_accountable.to_string(),
            e.held_accountable > 0,
        ),
    ]
    .into_iter()
    .filter(|(_, _, any)| *any)
    .map(|(key, n, _)| fill(theme.label("enforcement_parts", key), &[("n", n)]))
    .collect();
    if parts.is_empty() {
        return String::new();
    }
    let mut sentence = parts.join(&theme.label("stats", "enforcement_join"));
    sentence.push_str(&theme.label("stats", "enforcement_end"));
    sentence
}

/// The inspection's display name (its id when `site.yaml` does not list it).
fn inspection_name<'a>(config: &'a SiteConfig, id: &'a str) -> &'a str {
    config.inspection(id).map_or(id, |i| i.name.as_str())
}

/// A table's heading: 第二轮中央生态环境保护督察第三批交办信访件一览表, or …整改清单.
pub fn title(theme: &Theme, config: &SiteConfig, table: &OfficialTable) -> String {
    let inspection = inspection_name(config, &table.inspection).to_string();
    match table.batch {
        Some(n) => fill(
            theme.label("official", "batch_title"),
            &[("inspection", inspection), ("n", numeral(n, &config.language))],
        ),
        None => fill(
            theme.label("official", "problems_title"),
            &[("inspection", inspection)],
        ),
    }
}

/// The batch's short name in lists: 第三批.
pub fn batch_name(theme: &Theme, config: &SiteConfig, n: u32) -> String {
    fill(
        theme.label("stats", "batch_name"),
        &[("n", numeral(n, &config.language))],
    )
}

/// The summary sentence over the table's records: 第三批交办信访件共32件，已办结25件，
/// 阶段性办结5件，正在办理2件。
pub fn sentence(theme: &Theme, config: &SiteConfig, table: &OfficialTable) -> String {
    let key = if table.batch.is_some() {
        "batch_sentence"
    } else {
        "problems_sentence"
    };
    fill(
        theme.label("official", key),
        &[
            (
                "n",
                table
                    .batch
                    .map(|n| numeral(n, &config.language))
                    .unwrap_or_default(),
            ),
            ("total", table.total.to_string()),
            ("concluded", table.concluded.to_string()),
            ("staged", table.staged.to_string()),
            ("open", table.open.to_string()),
        ],
    )
}

/// The columns a table shows: `site.yaml` `table_columns` for the table's kind, less
/// those no record of the table has a value for (a ledger without 问责情况 does not
/// print an empty column on every page). 序号, 编号, 标题, 基本情况 and the status stay.
pub fn columns(config: &SiteConfig, table: &OfficialTable, records: &[&Record]) -> Vec<Column> {
    let configured = if table.batch.is_some() {
        &config.table_columns.complaints
    } else {
        &config.table_columns.problems
    };
    configured
        .iter()
        .copied()
        .filter(|&c| table.members.iter().any(|&i| has_value(c, records[i])))
        .collect()
}

/// Whether `record` has something to show in `column`.
fn has_value(column: Column, r: &Record) -> bool {
    match column {
        Column::Seq | Column::Id | Column::Title | Column::Summary | Column::Status => true,
        Column::Region => r.region.is_some(),
        Column::PollutionTypes => !r.pollution_types.is_empty(),
        Column::Findings => r.findings.is_some(),
        Column::Verification => r.verification.is_some(),
        Column::Measures => !r.measures.is_empty(),
        Column::Accountability => r.accountability.is_some(),
        Column::Target => r.target.is_some(),
        Column::LeadUnit => r.lead_unit.is_some() || !r.co_units.is_empty(),
        Column::ResponsiblePost => r.responsible_post.is_some(),
        Column::Deadline => r.deadline.is_some(),
        Column::Progress => !r.updates.is_empty(),
        Column::ReceivedOn => r.received_on.is_some(),
        Column::Enforcement => r.enforcement.is_some(),
    }
}

/// The i18n group of a table's column headers.
pub fn header_group(table: &OfficialTable) -> &'static str {
    if table.batch.is_some() {
        "columns_complaint"
    } else {
        "columns_problem"
    }
}

/// A column header as the theme words it for the table's kind.
pub fn header(theme: &Theme, table: &OfficialTable, column: Column) -> String {
    theme.label(header_group(table), column.key())
}

/// One official table in lists (the `/table/` index, the dashboard's batch rows).
#[derive(Debug, Clone, Serialize)]
pub struct TableLink<'a> {
    /// Its heading.
    pub title: String,
    /// Its short name: 第三批, or 整改清单.
    pub name: String,
    /// Root-relative URL of its page.
    pub url: String,
    /// Its summary sentence.
    pub sentence: String,
    /// Counts.
    #[serde(flatten)]
    pub table: &'a OfficialTable,
}

impl<'a> TableLink<'a> {
    /// The link to `table`.
    pub fn new(theme: &Theme, config: &SiteConfig, urls: &Urls, table: &'a OfficialTable) -> Self {
        Self {
            title: title(theme, config, table),
            name: match table.batch {
                Some(n) => batch_name(theme, config, n),
                None => theme.label("official", "problems"),
            },
            url: urls.href(&routes::official_table(
                config.inspection_slug(&table.inspection),
                table.batch,
            )),
            sentence: sentence(theme, config, table),
            table,
        }
    }
}

/// Statistics with their enforcement sentence, for templates.
#[derive(Debug, Clone, Serialize)]
pub struct StatsView<'a> {
    /// The counts and rates.
    #[serde(flatten)]
    pub stats: &'a Statistics,
    /// The enforcement totals in words.
    pub enforcement_sentence: String,
}

impl<'a> StatsView<'a> {
    /// The view of `stats`.
    pub fn new(theme: &Theme, stats: &'a Statistics) -> Self {
        Self {
            stats,
            enforcement_sentence: enforcement_sentence(theme, &stats.enforcement),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::numeral;

    #[test]
    fn batch_numbers_read_as_offices_write_them() {
        let zh = |n| numeral(n, "zh-CN");
        assert_eq!(
            [1, 3, 10, 12, 20, 26, 100, 105, 110, 1001].map(zh),
            [
                "一",
                "三",
                "十",
                "十二",
                "二十",
                "二十六",
                "一百",
                "一百零五",
                "一百一十",
                "一千零一"
            ]
        );
        assert_eq!(numeral(26, "en"), "26");
    }
}
