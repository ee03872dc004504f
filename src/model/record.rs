//! One disclosed case: the public fields of SPEC "A record", exactly. Unknown keys are
//! rejected (`deny_unknown_fields`): this struct *is* the public-field allowlist, so a
//! private ledger column can never slip onto the site.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::{Date, Kind, PollutionType, Schedule, Status, Verification};

/// A record id: `[A-Za-z0-9._-]+`, unique in the site, used in the URL.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RecordId(pub String);

impl JsonSchema for RecordId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RecordId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z0-9._-]+$",
            "description": "Record id (编号 / 受理编号): unique, URL-safe."
        })
    }
}

impl JsonSchema for Deadline {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Deadline".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date YYYY-MM-DD, `ongoing` (长期坚持) or `immediate` (立行立改); the two words have no date and are never overdue.",
            "anyOf": [
                { "type": "string", "format": "date" },
                { "const": "ongoing" },
                { "const": "immediate" }
            ]
        })
    }
}

/// The longest id: it is a folder name in the output and in a clerk's copy of it, and
/// long paths fail on Windows and in zip files.
pub const MAX_ID_LEN: usize = 100;

/// Names an id may not have: they are files or folders the build writes beside the
/// record folders in `records/` (the list, its pages), or device names Windows will not
/// create as a folder. Compared without case.
const RESERVED_IDS: &[&str] = &[
    "index.html",
    "index.htm",
    "page",
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "com2",
    "com3",
    "com4",
    "com5",
    "com6",
    "com7",
    "com8",
    "com9",
    "lpt1",
    "lpt2",
    "lpt3",
    "lpt4",
    "lpt5",
    "lpt6",
    "lpt7",
    "lpt8",
    "lpt9",
];

impl RecordId {
    /// True when the id can be a page address and a folder everywhere
    /// ([`RecordId::problem`] finds nothing).
    pub fn is_well_formed(&self) -> bool {
        self.problem_kind().is_none()
    }

    /// What keeps the id from being a page address and a folder name, if anything: one
    /// rule for `check`, `new` and `import`, so none lets through what `build` cannot
    /// write. Only A-Z, a-z, 0-9, `.`, `_` and `-`; at most [`MAX_ID_LEN`] characters; not
    /// starting with `.` (a hidden file, skipped by `check`) or ending with one (Windows
    /// drops it); not a reserved name.
    pub fn problem(&self) -> Option<String> {
        let id = self.0.as_str();
        self.problem_kind().map(|kind| match kind {
            "empty" => "the id is empty".into(),
            "unsafe" => format!(
                "id `{id}` is not URL-safe: use only A-Z, a-z, 0-9, `.`, `_` and `-` (it becomes the page address)"
            ),
            "too-long" => format!(
                "the id is {} characters long, over the limit of {MAX_ID_LEN}: use the case's receipt or ledger number",
                id.len()
            ),
            "hidden" => format!("id `{id}` starts or ends with `.`: it would be a hidden or truncated folder name"),
            _ => format!("id `{id}` is a reserved name (a page the build writes, or a device name on Windows)"),
        })
    }

    /// Which rule of [`RecordId::problem`] the id breaks: `empty`, `unsafe`, `too-long`,
    /// `hidden` or `reserved` (the variant of the `bad-id` diagnostic, which the message
    /// catalogue words).
    pub fn problem_kind(&self) -> Option<&'static str> {
        let id = self.0.as_str();
        if id.is_empty() {
            return Some("empty");
        }
        if !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
            return Some("unsafe");
        }
        if id.len() > MAX_ID_LEN {
            return Some("too-long");
        }
        if id.starts_with('.') || id.ends_with('.') {
            return Some("hidden");
        }
        let stem = id.split('.').next().unwrap_or(id).to_ascii_lowercase();
        let lower = id.to_ascii_lowercase();
        if RESERVED_IDS.contains(&lower.as_str())
            || (stem.len() <= 4 && RESERVED_IDS[3..].contains(&stem.as_str()))
        {
            return Some("reserved");
        }
        None
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RecordId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::scalar_text(deserializer).map(RecordId)
    }
}

/// The deadline: a date, `ongoing` (长期坚持) for work without an end, or `immediate`
/// (立行立改) for work ordered at once, which ledgers give no date either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Due on this date.
    Date(Date),
    /// 长期坚持: no end date.
    Ongoing,
    /// 立行立改: to be done at once; no date, so never overdue.
    Immediate,
}

impl Serialize for Deadline {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Deadline {
    /// The date, when there is one.
    pub fn date(self) -> Option<Date> {
        match self {
            Deadline::Date(d) => Some(d),
            Deadline::Ongoing | Deadline::Immediate => None,
        }
    }
}

/// As written in records and exports: `YYYY-MM-DD`, `ongoing` or `immediate`.
impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deadline::Date(d) => d.fmt(f),
            Deadline::Ongoing => f.write_str("ongoing"),
            Deadline::Immediate => f.write_str("immediate"),
        }
    }
}

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = super::scalar_text(deserializer)?;
        match text.as_str() {
            "ongoing" => return Ok(Deadline::Ongoing),
            "immediate" => return Ok(Deadline::Immediate),
            _ => {}
        }
        text.parse::<Date>().map(Deadline::Date).map_err(|e| {
            de::Error::custom(format!(
                "{e}; or write `ongoing` for 长期坚持, `immediate` for 立行立改"
            ))
        })
    }
}

/// A change of deadline, with its reason (时限调整).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineChange {
    /// The deadline before the change.
    pub from: Deadline,
    /// The deadline after the change.
    pub to: Deadline,
    /// Why it changed.
    pub reason: String,
    /// When the change was approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<Date>,
}

/// One acceptance step (验收) on the way to closure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosureStep {
    /// Who accepted: 县级, 市级, 省级...
    pub level: String,
    /// When.
    pub date: Date,
    /// The outcome (通过, 不通过...).
    pub result: String,
    /// Document number, e.g. 云环督办〔2022〕12号.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The public notice of the closure (销号公示) before the step takes effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<Notice>,
}

/// A closure's public-notice window (销号公示): from which day to which day (both
/// included) the public may object, and where to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// First day of the notice.
    pub from: Date,
    /// Last day of the notice; not before `from`, and not after the record's `closed_on`.
    pub to: Date,
    /// Where objections go: an office, a published hotline or address (never a private
    /// person's number).
    pub contact: String,
}

impl Notice {
    /// The window holds `day` (both ends included).
    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }
}

/// Enforcement counts (处理情况).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Enforcement {
    /// 责令整改 (companies ordered to rectify).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered: Option<u32>,
    /// 立案处罚 (cases penalised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalized: Option<u32>,
    /// 罚款 in 10,000 yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_10k_yuan: Option<f64>,
    /// 立案侦查.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investigated: Option<u32>,
    /// 拘留.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detained: Option<u32>,
    /// 约谈.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewed: Option<u32>,
    /// 问责.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_accountable: Option<u32>,
}

/// One dated progress report (整改进展). The list is append-only, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Update {
    /// When.
    pub date: Date,
    /// The status this update moved the case to, if it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// What was done (Markdown).
    pub text: String,
    /// File names of evidence for this step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// A supporting file published beside the record (佐证材料).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// File name, relative to the record's folder.
    pub file: String,
    /// What the file shows.
    pub caption: String,
}

/// A record as written by the office: SPEC "A record", one field per key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// 编号 / 受理编号.
    pub id: RecordId,
    /// 类型.
    pub kind: Kind,
    /// 督察轮次/批次: an id from `site.yaml` `inspections:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<String>,
    /// 交办批次: the handover batch (第N批) within the inspection, for complaints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<u32>,
    /// 序号: the row number of the official table, kept from the ledger so the site can
    /// list records in the table's order and a re-worded row is still the same record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u32>,
    /// 标题.
    pub title: String,
    /// 交办问题基本情况 (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// 行政区域, town or street level at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// 污染类型.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pollution_types: Vec<PollutionType>,
    /// 是否属实 (complaints).
    #[serde(
        default,
        deserialize_with = "verification",
        skip_serializing_if = "Option::is_none"
    )]
    pub verification: Option<Verification>,
    /// 调查核实情况 (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<String>,
    /// 整改目标 (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// 整改措施, each Markdown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<String>,
    /// 牵头责任单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_unit: Option<String>,
    /// 配合责任单位.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_units: Vec<String>,
    /// 责任人(职务): a post, never a private person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_post: Option<String>,
    /// 交办/发现日期.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_on: Option<Date>,
    /// 整改时限.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// 时限调整.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadline_changes: Vec<DeadlineChange>,
    /// 整改状态.
    pub status: Status,
    /// 序时进度.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// 完成日期.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_on: Option<Date>,
    /// 销号日期.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<Date>,
    /// 验收销号 steps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closure: Vec<ClosureStep>,
    /// 处理情况.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforcement: Option<Enforcement>,
    /// 问责情况 (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accountability: Option<String>,
    /// 整改进展, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<Update>,
    /// 佐证材料.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// 关联件: ids of duplicate or merged records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RecordId>,
    /// 重点件.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub key_case: bool,
    /// 草稿: built only with `--drafts`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// 详细情况: the Markdown body of a `.md` record.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// `verification: true` is a YAML boolean; accept it as the key `true`.
fn verification<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Verification>, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = Option<Verification>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("one of `true`, `mostly`, `partly`, `false`, `pending`")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(if v {
                Verification::True
            } else {
                Verification::False
            }))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Verification::ALL
                .iter()
                .copied()
                .find(|x| x.key() == v)
                .map(Some)
                .ok_or_else(|| E::unknown_variant(v, Verification::VOCABULARY.keys))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(V)
}

impl Record {
    /// The status set by the last update that sets one.
    pub fn last_update_status(&self) -> Option<(usize, Status)> {
        self.updates
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, u)| u.status.map(|s| (i, s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "id: A-1\nkind: complaint\ntitle: 石灰窑\nstatus: in_progress\n";

    #[test]
    fn minimal_record_parses() {
        let r: Record = serde_yaml::from_str(MINIMAL).unwrap();
        assert_eq!(r.id.as_str(), "A-1");
        assert_eq!(r.status, Status::InProgress);
    }

    #[test]
    fn verification_accepts_yaml_booleans() {
        let r: Record = serde_yaml::from_str(&format!("{MINIMAL}verification: true\n")).unwrap();
        assert_eq!(r.verification, Some(Verification::True));
        let r: Record = serde_yaml::from_str(&format!("{MINIMAL}verification: partly\n")).unwrap();
        assert_eq!(r.verification, Some(Verification::Partly));
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = serde_yaml::from_str::<Record>(&format!("{MINIMAL}phone: 1\n")).unwrap_err();
        assert!(err.to_string().contains("unknown field `phone`"), "{err}");
    }

    #[test]
    fn deadline_ongoing_or_date() {
        let r: Record = serde_yaml::from_str(&format!("{MINIMAL}deadline: ongoing\n")).unwrap();
        assert_eq!(r.deadline, Some(Deadline::Ongoing));
        let r: Record = serde_yaml::from_str(&format!("{MINIMAL}deadline: immediate\n")).unwrap();
        assert_eq!(r.deadline, Some(Deadline::Immediate));
        assert_eq!(r.deadline.unwrap().date(), None, "never overdue");
        let r: Record = serde_yaml::from_str(&format!("{MINIMAL}deadline: 2022-12-31\n")).unwrap();
        assert_eq!(r.deadline.unwrap().date().unwrap().to_string(), "2022-12-31");
        assert!(serde_yaml::from_str::<Record>(&format!("{MINIMAL}deadline: 2022-13-01\n")).is_err());
    }

    #[test]
    fn numeric_ids_are_text() {
        let r: Record = serde_yaml::from_str("id: 1024\nkind: task\ntitle: t\nstatus: closed\n").unwrap();
        assert_eq!(r.id.as_str(), "1024");
        assert!(r.id.is_well_formed());
        assert!(!RecordId("a/b".into()).is_well_formed());
        for bad in [
            "",
            ".",
            "..",
            ".hidden",
            "a.",
            "index.html",
            "INDEX.HTML",
            "page",
            "nul",
            "COM1.txt",
            "x y",
        ] {
            assert!(RecordId(bad.into()).problem().is_some(), "{bad}");
        }
        assert!(
            RecordId("A".repeat(MAX_ID_LEN + 1))
                .problem()
                .unwrap()
                .contains("101 characters")
        );
        for good in [
            "D2HN202104170112",
            "A".repeat(MAX_ID_LEN).as_str(),
            "X3YN2021-0417.01",
            "console",
            "pages",
            "index",
        ] {
            assert!(RecordId(good.into()).problem().is_none(), "{good}");
        }
    }
}
