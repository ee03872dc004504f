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
