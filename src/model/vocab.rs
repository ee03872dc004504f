//! The closed vocabularies of a record (kind, status, ...). Keys are stable English
//! snake_case; labels come from the theme's i18n file and may be renamed per site.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A closed list of keys, for validation, i18n checks and the data dictionary.
#[derive(Debug, Clone, Copy)]
pub struct Vocabulary {
    /// Name used in `site.yaml` `vocabularies:` and in i18n files.
    pub name: &'static str,
    /// Every allowed key, in display order.
    pub keys: &'static [&'static str],
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $vocab:literal, { $($(#[$vmeta:meta])* $variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The vocabulary this type belongs to.
            pub const VOCABULARY: Vocabulary = Vocabulary { name: $vocab, keys: &[$($key),+] };

            /// The stable key, as written in records and URLs.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

vocabulary!(
    /// What sort of case a record is.
    Kind, "kind", {
        /// 督察反馈问题
        Feedback => "feedback",
        /// 回头看问题
        Lookback => "lookback",
        /// 信访举报件(交办件)
        Complaint => "complaint",
        /// 整改任务
        Task => "task",
    }
);

vocabulary!(
    /// Where the rectification stands.
    Status, "status", {
        /// 尚未启动
        NotStarted => "not_started",
        /// 正在整改
        InProgress => "in_progress",
        /// 阶段性办结
        Staged => "staged",
        /// 已完成整改(待验收)
        Completed => "completed",
        /// 已验收销号
        Closed => "closed",
    }
);

impl Status {
    /// Completed or closed: the work is done, so the case cannot be overdue.
    pub fn is_done(self) -> bool {
        matches!(self, Status::Completed | Status::Closed)
    }
}

vocabulary!(
    /// Kinds of pollution a case concerns.
    PollutionType, "pollution_type", {
        /// 水
        Water => "water",
        /// 大气
        Air => "air",
        /// 土壤
        Soil => "soil",
        /// 生态
        Ecology => "ecology",
        /// 辐射
        Radiation => "radiation",
        /// 噪声
        Noise => "noise",
        /// 固废
        SolidWaste => "solid_waste",
        /// 其他
        Other => "other",
    }
);

vocabulary!(
    /// Whether a complaint was found to be true.
    Verification, "verification", {
        /// 属实
        True => "true",
        /// 基本属实
        Mostly => "mostly",
        /// 部分属实
        Partly => "partly",
        /// 不属实
        False => "false",
        /// 待核实
        Pending => "pending",
    }
);

vocabulary!(
    /// Progress against the planned schedule (序时进度).
    Schedule, "schedule", {
        /// 滞后
        Behind => "behind",
        /// 序时推进
        OnTrack => "on_track",
        /// 超前
        Ahead => "ahead",
    }
);

vocabulary!(
    /// A column of an official table (一览表); `site.yaml` `table_columns:` lists them per
    /// table kind. The headers come from the theme's `columns_complaint` and
    /// `columns_problem`, so one key reads 是否办结 in a batch table and 整改状态 in a 整改清单.
    Column, "column", {
        /// 序号: `seq`, else the row's place.
        Seq => "seq",
        /// 受理编号 / 编号, linked to the record.
        Id => "id",
        /// 标题.
        Title => "title",
        /// 交办问题基本情况 / 问题: the title, then the summary when it says more.
        Summary => "summary",
        /// 行政区域.
        Region => "region",
        /// 污染类型.
        PollutionTypes => "pollution_types",
        /// 调查核实情况.
        Findings => "findings",
        /// 是否属实.
        Verification => "verification",
        /// 处理和整改情况 / 整改措施.
        Measures => "measures",
        /// 是否办结 / 整改状态.
        Status => "status",
        /// 责任人被处理情况 / 问责情况.
        Accountability => "accountability",
        /// 整改目标.
        Target => "target",
        /// 责任单位: the lead unit, then the co-units.
        LeadUnit => "lead_unit",
        /// 责任人 (a post).
        ResponsiblePost => "responsible_post",
        /// 整改时限.
        Deadline => "deadline",
        /// 整改进展: the latest update, dated.
        Progress => "progress",
        /// 交办日期.
        ReceivedOn => "received_on",
        /// 处理情况: the enforcement counts in words.
        Enforcement => "enforcement",
    }
);

impl Column {
    /// The usual columns of a batch's 交办件一览表.
    pub const COMPLAINTS: &'static [Column] = &[
        Column::Seq,
        Column::Id,
        Column::Summary,
        Column::Region,
        Column::PollutionTypes,
        Column::Findings,
        Column::Verification,
        Column::Measures,
        Column::Status,
        Column::Accountability,
    ];
    /// The usual columns of an inspection's 整改清单.
    pub const PROBLEMS: &'static [Column] = &[
        Column::Seq,
        Column::Summary,
        Column::Target,
        Column::Measures,
        Column::LeadUnit,
        Column::ResponsiblePost,
        Column::Deadline,
        Column::Progress,
        Column::Status,
    ];
}

/// Every vocabulary a site may relabel in `site.yaml` `vocabularies:`.
pub const VOCABULARIES: &[Vocabulary] = &[
    Kind::VOCABULARY,
    Status::VOCABULARY,
    PollutionType::VOCABULARY,
    Verification::VOCABULARY,
    Schedule::VOCABULARY,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_serde_names() {
        for s in Status::ALL {
            let yaml = serde_yaml::to_string(s).unwrap();
            assert_eq!(yaml.trim(), s.key());
        }
        assert_eq!(
            serde_yaml::from_str::<Verification>("'true'").unwrap(),
            Verification::True
        );
    }
}
