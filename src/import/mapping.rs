//! How ledger columns and values map to record fields: the usual Chinese headers of
//! rectification ledgers and complaint tables (and disclose's own XLSX export), and the
//! usual wording of statuses, verification results and pollution types. A site can
//! start from `disclose import --print-mapping` and pass its own with `--mapping FILE`:
//! the file **adds to and overrides** the built-in mapping ([`Mapping::merge`]); a header
//! it lists under one field leaves every other field.
//!
//! Besides record fields, a column can map to `progress` (the latest progress, appended
//! as an update), `handling` (处理和整改情况: both the measures and the latest progress),
//! `concluded` (是否办结: the status, in its own words), `ignore` (备注: read, not
//! imported) and `private` (personal data such as a caller's phone: never imported, and
//! reported).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Column aliases per field, and value aliases per vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Record field (or `progress`, `handling`, `concluded`, `ignore`, `private`) →
    /// header texts that mean it.
    #[serde(default)]
    pub columns: BTreeMap<String, Vec<String>>,
    /// Vocabulary → cell text → key.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

/// The pseudo-fields a column can map to besides record fields.
pub const PSEUDO_FIELDS: &[&str] = &["progress", "handling", "concluded", "ignore", "private"];

fn list(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn map(items: &[(&str, &str)]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl Mapping {
    /// The built-in mapping.
    pub fn builtin() -> Self {
        let columns = [
            (
                "id",
                list(&["受理编号", "编号", "案件编号", "交办编号", "问题编号"]),
            ),
            ("seq", list(&["序号", "序列号"])),
            ("batch", list(&["批次", "交办批次", "批次号"])),
            ("kind", list(&["类型", "问题类型"])),
            ("inspection", list(&["督察轮次", "督察批次", "轮次"])),
            ("title", list(&["标题", "问题名称", "问题标题"])),
            (
                "summary",
                list(&[
                    "交办问题基本情况",
                    "问题描述",
                    "反馈问题",
                    "问题基本情况",
                    "举报内容",
                    "问题",
                    "存在问题",
                    "问题内容",
                    "信访问题",
                    "反映问题",
                ]),
            ),
            ("region", list(&["行政区域", "所在地", "所属乡镇", "区域"])),
            ("pollution_types", list(&["污染类型"])),
            (
                "findings",
                list(&["调查核实情况", "督察期间调查核实情况", "核查情况"]),
            ),
            ("verification", list(&["是否属实", "核实结果"])),
            ("target", list(&["整改目标"])),
            ("measures", list(&["整改措施", "整改目标及整改措施"])),
            (
                "progress",
                list(&[
                    "最新整改情况",
                    "整改进展",
                    "整改进展情况",
                    "最新进展",
                    "整改情况",
                    "整改落实情况",
                ]),
            ),
            (
                "handling",
                list(&["处理和整改情况", "处理整改情况", "调查处理情况", "办理情况"]),
            ),
            ("concluded", list(&["是否办结", "办结情况"])),
            ("ignore", list(&["备注", "说明", "附注"])),
            (
                "private",
                list(&[
                    "来电人电话",
                    "来电人",
                    "来信人",
                    "举报人",
                    "举报人姓名",
                    "举报人电话",
                    "联系电话",
                    "联系方式",
                    "电话",
                    "手机",
                    "手机号码",
                    "身份证号",
                    "身份证号码",
                    "姓名",
                    "家庭住址",
                ]),
            ),
            ("lead_unit", list(&["牵头责任单位", "责任单位", "牵头单位"])),
            ("co_units", list(&["配合单位", "配合责任单位"])),
            (
                "responsible_post",
                list(&["责任人", "责任人（职务）", "责任人(职务)"]),
            ),
            ("received_on", list(&["交办日期", "受理日期", "交办时间"])),
            ("deadline", list(&["整改时限", "完成时限", "整改期限"])),
            (
                "status",
                list(&["办结状态", "整改状态", "完成情况", "整改完成情况"]),
            ),
            ("schedule", list(&["序时进度"])),
            (
                "completed_on",
                list(&["完成日期", "办结日期", "完成时间", "办结时间"]),
            ),
            ("closed_on", list(&["销号日期", "销号时间"])),
            (
                "accountability",
                list(&["问责情况", "责任人被处理情况", "责任追究情况"]),
            ),
            ("key_case", list(&["是否重点件", "重点件"])),
            ("related", list(&["关联件"])),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let values = [
            (
                "verification",
                map(&[
                    ("属实", "true"),
                    ("基本属实", "mostly"),
                    ("部分属实", "partly"),
                    ("不属实", "false"),
                    ("待核实", "pending"),
                ]),
            ),
            (
                "status",
                map(&[
                    ("已办结", "completed"),
                    ("已完成", "completed"),
                    ("已完成整改", "completed"),
                    ("已完成整改（待验收）", "completed"),
                    ("阶段性办结", "staged"),
                    ("阶段性完成", "staged"),
                    ("正在办理", "in_progress"),
                    ("未办结", "in_progress"),
                    ("未完成", "in_progress"),
                    ("正在整改", "in_progress"),
                    ("序时推进", "in_progress"),
                    ("尚未启动", "not_started"),
                    ("未启动", "not_started"),
                    ("已销号", "closed"),
                    ("完成交账销号", "closed"),
                    ("已验收销号", "closed"),
                ]),
            ),
            (
                "pollution_type",
                map(&[
                    ("水", "water"),
                    ("大气", "air"),
                    ("土壤", "soil"),
                    ("生态", "ecology"),
                    ("辐射", "radiation"),
                    ("噪声", "noise"),
                    ("噪音", "noise"),
                    ("固废", "solid_waste"),
                    ("固体废物", "solid_waste"),
                    ("固体废弃物", "solid_waste"),
                    ("垃圾", "solid_waste"),
                    ("水体", "water"),
                    ("油烟", "air"),
                    ("扬尘", "air"),
                    ("其他", "other"),
                    ("其它", "other"),
                ]),
            ),
            (
                "kind",
                map(&[
                    ("督察反馈问题", "feedback"),
                    ("反馈问题", "feedback"),
                    ("回头看问题", "lookback"),
                    ("信访举报件", "complaint"),
                    ("交办件", "complaint"),
                    ("整改任务", "task"),
                ]),
            ),
            (
                "schedule",
                map(&[("滞后", "behind"), ("序时推进", "on_track"), ("超前", "ahead")]),
            ),
            (
                "deadline",
                map(&[
                    ("长期坚持", "ongoing"),
                    ("持续推进", "ongoing"),
                    ("立行立改、长期坚持", "ongoing"),
                    ("立行立改，长期坚持", "ongoing"),
                    ("立行立改,长期坚持", "ongoing"),
                    ("立行立改；长期坚持", "ongoing"),
                    ("立行立改并长期坚持", "ongoing"),
                    ("立行立改", "immediate"),
                    ("立即整改", "immediate"),
                ]),
            ),
            (
                "concluded",
                map(&[
                    ("是", "completed"),
                    ("否", "in_progress"),
                    ("已办结", "completed"),
                    ("办结", "completed"),
                    ("阶段性办结", "staged"),
                    ("未办结", "in_progress"),
                    ("正在办理", "in_progress"),
                ]),
            ),
            (
                "bool",
                map(&[("是", "true"), ("否", "false"), ("重点件", "true")]),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        Self { columns, values }
    }
}

impl Mapping {
    /// `additions` over this mapping: each header it lists moves to its field (leaving
    /// any other field it was under), each value it lists is added or replaced; the rest
    /// stays.
    pub fn merge(&mut self, additions: Mapping) {
        for (field, aliases) in additions.columns {
            for alias in &aliases {
                let alias = normalise_header(alias);
                for list in self.columns.values_mut() {
                    list.retain(|a| normalise_header(a) != alias);
                }
            }
            let list = self.columns.entry(field).or_default();
            for alias in aliases {
                if !list.contains(&alias) {
                    list.push(alias);
                }
            }
        }
        for (vocabulary, values) in additions.values {
            self.values.entry(vocabulary).or_default().extend(values);
        }
    }

    /// The field a header means, if any: its text without blanks, else without a
    /// trailing note in brackets (`整改时限（年月日）`) or a required mark (`*`).
    pub fn field_of(&self, header: &str) -> Option<&str> {
        let h = normalise_header(header);
        if h.is_empty() {
            return None;
        }
        let find = |h: &str| {
            self.columns
                .iter()
                .find(|(_, aliases)| aliases.iter().any(|a| normalise_header(a) == h))
                .map(|(f, _)| f.as_str())
        };
        find(&h).or_else(|| {
            let stripped = h
                .trim_matches(['*', '＊', '：', ':'])
                .split(['（', '('])
                .next()
                .unwrap_or("");
            (stripped != h && !stripped.is_empty())
                .then(|| find(stripped))
                .flatten()
        })
    }

    /// The key of a cell value in `vocabulary`: an alias, else the key itself.
    pub fn value(&self, vocabulary: &str, text: &str) -> Option<String> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.as_str();
        let table = self.values.get(vocabulary);
        if let Some(key) = table.and_then(|m| m.get(t)) {
            return Some(key.clone());
        }
        // Pollution types are often written 水污染, 大气污染.
        if vocabulary == "pollution_type"
            && let Some(stripped) = t.strip_suffix("污染")
            && let Some(key) = table.and_then(|m| m.get(stripped))
        {
            return Some(key.clone());
        }
        let keys: Vec<&String> = table.map(|m| m.values().collect()).unwrap_or_default();
        keys.into_iter().find(|k| k.as_str() == t).cloned()
    }
}

impl Default for Mapping {
    fn default() -> Self {
        Self::builtin()
    }
}

/// A header as compared: without blanks or line breaks, full-width brackets as typed.
fn normalise_header(header: &str) -> String {
    header.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_values() {
        let m = Mapping::default();
        assert_eq!(m.field_of("受理编号"), Some("id"));
        assert_eq!(m.field_of("整改目标及整改措施"), Some("measures"));
        assert_eq!(m.field_of(" 是否 属实 "), Some("verification"));
        assert_eq!(m.value("status", "完成交账销号").as_deref(), Some("closed"));
        assert_eq!(m.value("pollution_type", "大气污染").as_deref(), Some("air"));
        assert_eq!(m.value("status", "closed").as_deref(), Some("closed"));
        assert_eq!(m.value("status", "不知道"), None);
        assert_eq!(m.field_of("是否办结"), Some("concluded"));
        assert_eq!(m.field_of("整改时限（年月日）"), Some("deadline"));
        assert_eq!(m.field_of("责任人被处理情况"), Some("accountability"));
        assert_eq!(m.value("pollution_type", "噪音").as_deref(), Some("noise"));
        assert_eq!(
            m.value("pollution_type", "固体废物污染").as_deref(),
            Some("solid_waste")
        );
        assert_eq!(
            m.value("deadline", "立行立改、长期坚持").as_deref(),
            Some("ongoing")
        );
        assert_eq!(m.value("deadline", "立行立改").as_deref(), Some("immediate"));
    }

    #[test]
    fn a_mapping_file_adds_to_and_overrides_the_built_in_one() {
        let mut m = Mapping::default();
        let file: Mapping = serde_yaml::from_str(
            "columns:\n  summary: [信访内容]\n  lead_unit: [整改状态]\nvalues:\n  status:\n    已整改: completed\n",
        )
        .unwrap();
        m.merge(file);
        assert_eq!(m.field_of("信访内容"), Some("summary"));
        assert_eq!(m.field_of("交办问题基本情况"), Some("summary"), "built-in kept");
        assert_eq!(
            m.field_of("整改状态"),
            Some("lead_unit"),
            "moved, not in two fields"
        );
        assert_eq!(m.value("status", "已整改").as_deref(), Some("completed"));
        assert_eq!(m.value("status", "正在办理").as_deref(), Some("in_progress"));
    }

    #[test]
    fn printed_mapping_reads_back() {
        let m = Mapping::default();
        let text = serde_yaml::to_string(&m).unwrap();
        assert_eq!(serde_yaml::from_str::<Mapping>(&text).unwrap(), m);
    }
}
