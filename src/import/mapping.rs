//! How ledger columns and values map to record fields: the usual Chinese headers of
//! rectification ledgers and complaint tables (and disclose's own XLSX export), and the
//! usual wording of statuses, verification results and pollution types. A site can
//! start from `disclose import --print-mapping` and pass its own with `--mapping FILE`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Column aliases per field, and value aliases per vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Record field (or `progress`) → header texts that mean it.
    pub columns: BTreeMap<String, Vec<String>>,
    /// Vocabulary → cell text → key.
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

fn list(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn map(items: &[(&str, &str)]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl Default for Mapping {
    fn default() -> Self {
        let columns = [
            (
                "id",
                list(&["受理编号", "编号", "案件编号", "交办编号", "问题编号"]),
            ),
            ("seq", list(&["序号"])),
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
                list(&["处理和整改情况", "最新整改情况", "整改进展", "最新进展"]),
            ),
            ("lead_unit", list(&["牵头责任单位", "责任单位", "牵头单位"])),
            ("co_units", list(&["配合单位", "配合责任单位"])),
            (
                "responsible_post",
                list(&["责任人", "责任人（职务）", "责任人(职务)"]),
            ),
            ("received_on", list(&["交办日期", "受理日期", "交办时间"])),
            ("deadline", list(&["整改时限", "完成时限"])),
            ("status", list(&["办结状态", "整改状态", "完成情况"])),
            ("schedule", list(&["序时进度"])),
            ("completed_on", list(&["完成日期", "办结日期"])),
            ("closed_on", list(&["销号日期"])),
            ("accountability", list(&["问责情况"])),
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
                    ("正在办理", "in_progress"),
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
                    ("固废", "solid_waste"),
                    ("其他", "other"),
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
            ("deadline", map(&[("长期坚持", "ongoing")])),
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
    /// The field a header means, if any.
    pub fn field_of(&self, header: &str) -> Option<&str> {
        let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
        self.columns
            .iter()
            .find(|(_, aliases)| aliases.contains(&h))
            .map(|(f, _)| f.as_str())
    }

    /// The key of a cell value in `vocabulary`: an alias, else the key itself.
    pub fn value(&self, vocabulary: &str, text: &str) -> Option<String> {
        let t = text.trim();
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
    }

    #[test]
    fn printed_mapping_reads_back() {
        let m = Mapping::default();
        let text = serde_yaml::to_string(&m).unwrap();
        assert_eq!(serde_yaml::from_str::<Mapping>(&text).unwrap(), m);
    }
}
