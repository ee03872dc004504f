//! The statistics offices and the press quote, as pure functions over records: counts
//! by kind, complaints by 是否属实 with the 不属实率, the 办结率, the enforcement totals
//! (责令整改 N 家, 立案处罚 N 件, 罚款 N 万元 …) and the rows of each complaint batch
//! (交办批次) and each inspection's 整改清单.
//!
//! Everything here is integer arithmetic, so a total never depends on the order records
//! are added in (parallel facets, incremental rebuilds): the fine is summed in units of
//! one yuan (0.0001 万元), never as floating point, and printed exactly.
//!
//! What each number counts (also in the data dictionary, `data.html`):
//! - **办结** (concluded) is 阶段性办结 + 已办结: a complaint whose status is `staged`,
//!   `completed` or `closed`, as offices count it in the usual 办结率. The completion rate
//!   of [`crate::derive::Counts`] counts only `completed` and `closed`.
//! - **不属实率** is the complaints found 不属实 (`false`) over the complaints with a
//!   finding (every value but `pending`, and not left blank).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use serde::{Serialize, Serializer};

use crate::derive::Derived;
use crate::model::{Date, Kind, Record, Status, Verification};

/// The fine (罚款) in 万元, held as whole yuan so that sums are exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fine(i64);

impl Fine {
    /// One record's `fine_10k_yuan`, rounded to the yuan (0.0001 万元); a negative or
    /// non-finite value counts as nothing.
    pub fn from_10k_yuan(value: f64) -> Self {
        if !value.is_finite() || value <= 0.0 {
            return Fine(0);
        }
        // 10^15 yuan is far beyond any fine, and keeps the cast exact.
        #[allow(clippy::cast_possible_truncation)]
        let yuan = (value * 10_000.0).round().min(1e15) as i64;
        Fine(yuan)
    }

    /// The amount in whole yuan.
    pub fn yuan(self) -> i64 {
        self.0
    }
}

/// `12.5`, `8`, `0.0125`: 万元 with as many decimals as the yuan need, no trailing zeros.
impl std::fmt::Display for Fine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, part) = (self.0 / 10_000, self.0 % 10_000);
        if part == 0 {
            return write!(f, "{whole}");
        }
        let decimals = format!("{part:04}");
        write!(f, "{whole}.{}", decimals.trim_end_matches('0'))
    }
}

/// Printed as its text, so a template or JSON shows exactly what was summed.
impl Serialize for Fine {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Enforcement totals (处理情况) over a set of records, one per `enforcement` field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Enforcement {
    /// 责令整改 N 家.
    pub ordered: u64,
    /// 立案处罚 N 件.
    pub penalized: u64,
    /// 罚款 N 万元, summed exactly.
    pub fine_10k_yuan: Fine,
    /// 立案侦查 N 件.
    pub investigated: u64,
    /// 拘留 N 人.
    pub detained: u64,
    /// 约谈 N 人.
    pub interviewed: u64,
    /// 问责 N 人.
    pub held_accountable: u64,
    /// Records with any enforcement count.
    pub records: u64,
}

impl Enforcement {
    fn add(&mut self, record: &Record) {
        if let Some(e) = &record.enforcement {
            self.add_counts(e);
        }
    }

    /// One record's counts as totals.
    pub fn of(e: &crate::model::Enforcement) -> Self {
        let mut totals = Enforcement::default();
        totals.add_counts(e);
        totals
    }

    /// Adds one record's counts.
    pub fn add_counts(&mut self, e: &crate::model::Enforcement) {
        let n = |v: Option<u32>| u64::from(v.unwrap_or(0));
        self.ordered += n(e.ordered);
        self.penalized += n(e.penalized);
        self.fine_10k_yuan.0 += Fine::from_10k_yuan(e.fine_10k_yuan.unwrap_or(0.0)).0;
        self.investigated += n(e.investigated);
        self.detained += n(e.detained);
        self.interviewed += n(e.interviewed);
        self.held_accountable += n(e.held_accountable);
        self.records += 1;
    }

    /// True when no record of the set has a count.
    pub fn is_empty(&self) -> bool {
        *self == Enforcement::default()
    }
}

/// Where a case stands in the words of a batch table's summary sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// 正在办理 (`not_started`, `in_progress`).
    Open,
    /// 阶段性办结 (`staged`).
    Staged,
    /// 已办结 (`completed`, `closed`).
    Concluded,
}

impl Stage {
    /// The stage of a status.
    pub fn of(status: Status) -> Self {
        match status {
            Status::NotStarted | Status::InProgress => Stage::Open,
            Status::Staged => Stage::Staged,
            Status::Completed | Status::Closed => Stage::Concluded,
        }
    }
}

/// A percentage with one decimal, `part / whole`; 0 for an empty whole.
pub fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let rate = (part as f64 * 1000.0 / whole as f64).round() / 10.0;
        rate
    }
}

/// A vocabulary key and how many records have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct KeyCount {
    /// The key (`complaint`, `false`…).
    pub key: &'static str,
    /// Records with it.
    pub count: u64,
}

/// Every key of a vocabulary at zero, in vocabulary order.
fn zeros(keys: &[&'static str]) -> Vec<KeyCount> {
    keys.iter().map(|&key| KeyCount { key, count: 0 }).collect()
}

/// Adds one to `key` in `counts` (made by [`zeros`]).
fn bump(counts: &mut [KeyCount], key: &str) {
    if let Some(c) = counts.iter_mut().find(|c| c.key == key) {
        c.count += 1;
    }
}

/// The statistics of a set of records (the whole site, a facet group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statistics {
    /// Records in the set.
    pub total: u64,
    /// Per kind, every kind (zero included), in vocabulary order.
    pub by_kind: Vec<KeyCount>,
    /// Complaints (信访件) in the set.
    pub complaints: u64,
    /// Complaints per 是否属实, every value in vocabulary order; a complaint without a
    /// finding counts under `pending`.
    pub by_verification: Vec<KeyCount>,
    /// Complaints with a finding (not `pending`).
    pub verified: u64,
    /// 不属实率: `false / verified` in percent, one decimal.
    pub not_true_rate: f64,
    /// Complaints 办结 (阶段性办结 + 已办结).
    pub concluded: u64,
    /// Complaints 阶段性办结.
    pub staged: u64,
    /// Complaints 正在办理.
    pub open: u64,
    /// 办结率: `concluded / complaints` in percent, one decimal.
    pub concluded_rate: f64,
    /// Enforcement totals over every record of the set.
    pub enforcement: Enforcement,
}

impl Default for Statistics {
    fn default() -> Self {
        Self {
            total: 0,
            by_kind: zeros(Kind::VOCABULARY.keys),
            complaints: 0,
            by_verification: zeros(Verification::VOCABULARY.keys),
            verified: 0,
            not_true_rate: 0.0,
            concluded: 0,
            staged: 0,
            open: 0,
            concluded_rate: 0.0,
            enforcement: Enforcement::default(),
        }
    }
}

impl Statistics {
    /// How many records of the set have the kind or 是否属实 value `key`.
    pub fn count(&self, key: &str) -> u64 {
        self.by_kind
            .iter()
            .chain(&self.by_verification)
            .find(|c| c.key == key)
            .map_or(0, |c| c.count)
    }

    /// How many complaints have the 是否属实 value `key`.
    pub fn verification(&self, key: &str) -> u64 {
        self.by_verification
            .iter()
            .find(|c| c.key == key)
            .map_or(0, |c| c.count)
    }

    /// The statistics of `records[i]` for each `i` of `indices`.
    pub fn of(records: &[&Record], indices: &[usize]) -> Self {
        let mut s = Statistics::default();
        for &i in indices {
            s.add(records[i]);
        }
        s.finish()
    }

    /// Adds one record (call [`Statistics::finish`] after the last).
    pub fn add(&mut self, record: &Record) {
        self.total += 1;
        bump(&mut self.by_kind, record.kind.key());
        self.enforcement.add(record);
        if record.kind != Kind::Complaint {
            return;
        }
        self.complaints += 1;
        let verification = record.verification.unwrap_or(Verification::Pending);
        bump(&mut self.by_verification, verification.key());
        if verification != Verification::Pending {
            self.verified += 1;
        }
        match Stage::of(record.status) {
            Stage::Open => self.open += 1,
            Stage::Staged => {
                self.staged += 1;
                self.concluded += 1;
            }
            Stage::Concluded => self.concluded += 1,
        }
    }

    /// Computes the rates.
    pub fn finish(mut self) -> Self {
        let not_true = self.verification(Verification::False.key());
        self.not_true_rate = percent(not_true, self.verified);
        self.concluded_rate = percent(self.concluded, self.complaints);
        self
    }

    /// Hashes every count (the rates follow from them), for output fingerprints.
    pub fn fingerprint<H: Hasher>(&self, h: &mut H) {
        (self.total, &self.by_kind, self.complaints, &self.by_verification).hash(h);
        (
            self.verified,
            self.concluded,
            self.staged,
            self.open,
            self.enforcement,
        )
            .hash(h);
    }
}

/// One official table (一览表): an inspection's 整改清单 (`batch: None`: every record of
/// the inspection not handed over in a batch) or one complaint batch's 交办件一览表.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficialTable {
    /// The inspection id.
    pub inspection: String,
    /// The batch number (第N批), `None` for the 整改清单.
    pub batch: Option<u32>,
    /// When the batch was handed over, when `site.yaml` says.
    pub handed_over: Option<Date>,
    /// Record indices in table order: by `seq`, then id; records without `seq` last.
    #[serde(skip)]
    pub members: Vec<usize>,
    /// Records in the table.
    pub total: u64,
    /// 已办结 (`completed`, `closed`).
    pub concluded: u64,
    /// 阶段性办结 (`staged`).
    pub staged: u64,
    /// 正在办理 (`not_started`, `in_progress`).
    pub open: u64,
    /// Overdue on the as-of date.
    pub overdue: u64,
    /// Enforcement totals of its records.
    pub enforcement: Enforcement,
}

impl OfficialTable {
    fn new(inspection: &str, batch: Option<u32>, handed_over: Option<Date>) -> Self {
        Self {
            inspection: inspection.to_string(),
            batch,
            handed_over,
            members: Vec::new(),
            total: 0,
            concluded: 0,
            staged: 0,
            open: 0,
            overdue: 0,
            enforcement: Enforcement::default(),
        }
    }

    fn add(&mut self, i: usize, record: &Record, derived: &Derived) {
        self.members.push(i);
        self.total += 1;
        match Stage::of(record.status) {
            Stage::Open => self.open += 1,
            Stage::Staged => self.staged += 1,
            Stage::Concluded => self.concluded += 1,
        }
        if derived.overdue {
            self.overdue += 1;
        }
        self.enforcement.add(record);
    }

    /// Hashes every count, for output fingerprints.
    pub fn fingerprint<H: Hasher>(&self, h: &mut H) {
        (
            &self.inspection,
            self.batch,
            self.handed_over.map(|d| d.to_string()),
        )
            .hash(h);
        (self.total, self.concluded, self.staged, self.open, self.overdue).hash(h);
        self.enforcement.hash(h);
    }
}

/// The official tables of the site: per inspection (in `inspections` order, then any
/// other inspection id a record names, sorted) its 整改清单 when it has records outside
/// batches, then its batches by number. `batches` lists the batches `site.yaml` declares,
/// as (inspection, number, handed over): those are shown even while empty. A record
/// without an inspection is in no official table.
pub fn official_tables(
    inspections: &[&str],
    batches: &[(&str, u32, Option<Date>)],
    records: &[&Record],
    derived: &[Derived],
) -> Vec<OfficialTable> {
    let mut tables: BTreeMap<(usize, &str, Option<u32>), OfficialTable> = BTreeMap::new();
    let place = |id: &str| inspections.iter().position(|x| *x == id).unwrap_or(usize::MAX);
    for &(inspection, number, handed_over) in batches {
        tables
            .entry((place(inspection), inspection, Some(number)))
            .or_insert_with(|| OfficialTable::new(inspection, Some(number), handed_over));
    }
    for (i, r) in records.iter().enumerate() {
        let Some(inspection) = r.inspection.as_deref() else {
            continue;
        };
        tables
            .entry((place(inspection), inspection, r.batch))
            .or_insert_with(|| OfficialTable::new(inspection, r.batch, None))
            .add(i, r, &derived[i]);
    }
    tables
        .into_values()
        .map(|mut t| {
            t.members.sort_by(|&a, &b| {
                (records[a].seq.is_none(), records[a].seq, &records[a].id).cmp(&(
                    records[b].seq.is_none(),
                    records[b].seq,
                    &records[b].id,
                ))
            });
            t
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::derive_record;

    fn record(yaml: &str) -> Record {
        serde_yaml::from_str(&format!("title: t\n{yaml}")).unwrap()
    }

    fn complaint(id: &str, status: &str, verification: &str) -> Record {
        record(&format!(
            "id: {id}\nkind: complaint\nstatus: {status}\nverification: {verification}\n"
        ))
    }

    #[test]
    fn fines_are_summed_exactly_and_printed_plainly() {
        assert_eq!(Fine::from_10k_yuan(8.0).to_string(), "8");
        assert_eq!(Fine::from_10k_yuan(12.5).to_string(), "12.5");
        assert_eq!(Fine::from_10k_yuan(0.0125).to_string(), "0.0125");
        assert_eq!(Fine::from_10k_yuan(-3.0), Fine(0));
        assert_eq!(Fine::from_10k_yuan(f64::NAN), Fine(0));
        // 0.1 + 0.2 in floating point is 0.30000000000000004; in yuan it is 3000.
        let mut e = Enforcement::default();
        for fine in [0.1, 0.2, 1.15, 2.05] {
            e.add(&record(&format!(
                "id: a\nkind: task\nstatus: closed\nenforcement: {{ fine_10k_yuan: {fine} }}\n"
            )));
        }
        assert_eq!(e.fine_10k_yuan.to_string(), "3.5");
        assert_eq!(e.records, 4);
    }

    #[test]
    fn counts_by_kind_verification_and_the_rates() {
        let records = [
            complaint("a", "closed", "\"true\""),
            complaint("b", "staged", "mostly"),
            complaint("c", "in_progress", "\"false\""),
            complaint("d", "not_started", "pending"),
            complaint("e", "completed", "partly"),
            record(
                "id: f\nkind: feedback\nstatus: closed\nenforcement: { ordered: 2, penalized: 1, fine_10k_yuan: 8, held_accountable: 3 }\n",
            ),
            record(
                "id: g\nkind: complaint\nstatus: in_progress\nenforcement: { ordered: 1, detained: 2, interviewed: 1, investigated: 1 }\n",
            ),
        ];
        let refs: Vec<&Record> = records.iter().collect();
        let s = Statistics::of(&refs, &(0..refs.len()).collect::<Vec<_>>());
        assert_eq!(s.total, 7);
        assert_eq!(
            (s.count("complaint"), s.count("feedback"), s.count("task")),
            (6, 1, 0)
        );
        let kinds: Vec<&str> = s.by_kind.iter().map(|c| c.key).collect();
        assert_eq!(kinds, Kind::VOCABULARY.keys, "every kind, in vocabulary order");
        assert_eq!(s.complaints, 6);
        assert_eq!(s.verification("true"), 1);
        assert_eq!(s.verification("false"), 1);
        assert_eq!(
            s.verification("pending"),
            2,
            "a complaint without a finding is pending"
        );
        assert_eq!(s.verified, 4);
        assert_eq!(s.not_true_rate, 25.0);
        // 阶段性办结 counts among 办结: closed, staged, completed.
        assert_eq!((s.concluded, s.staged, s.open), (3, 1, 3));
        assert_eq!(s.concluded_rate, 50.0);
        let e = s.enforcement;
        assert_eq!((e.ordered, e.penalized, e.investigated, e.detained), (3, 1, 1, 2));
        assert_eq!((e.interviewed, e.held_accountable, e.records), (1, 3, 2));
        assert_eq!(e.fine_10k_yuan.to_string(), "8");
        let empty = Statistics::of(&refs, &[]);
        assert_eq!((empty.not_true_rate, empty.concluded_rate), (0.0, 0.0));
        assert_eq!(empty.by_verification.len(), Verification::ALL.len());
    }

    #[test]
    fn official_tables_group_by_inspection_and_batch_in_seq_order() {
        let mut records = Vec::new();
        for (id, batch, seq, status) in [
            ("X3", Some(2), Some(2), "completed"),
            ("X1", Some(2), Some(1), "staged"),
            ("X2", Some(2), None, "in_progress"),
            ("X0", Some(2), None, "closed"),
            ("Y1", Some(1), Some(1), "in_progress"),
            ("F1", None, Some(1), "closed"),
        ] {
            let mut r = record(&format!(
                "id: {id}\nkind: complaint\nstatus: {status}\ninspection: cei2\ndeadline: 2022-01-01\n"
            ));
            r.batch = batch;
            r.seq = seq;
            records.push(r);
        }
        records.push(record("id: Z\nkind: task\nstatus: closed\n"));
        records.push(record(
            "id: L1\nkind: lookback\nstatus: closed\ninspection: lb2018\n",
        ));
        let refs: Vec<&Record> = records.iter().collect();
        let as_of: Date = "2022-09-30".parse().unwrap();
        let derived: Vec<Derived> = refs.iter().map(|r| derive_record(r, as_of)).collect();
        let handed: Date = "2021-04-15".parse().unwrap();
        let tables = official_tables(&["lb2018", "cei2"], &[("cei2", 3, Some(handed))], &refs, &derived);
        let keys: Vec<(&str, Option<u32>)> =
            tables.iter().map(|t| (t.inspection.as_str(), t.batch)).collect();
        assert_eq!(
            keys,
            [
                ("lb2018", None),
                ("cei2", None),
                ("cei2", Some(1)),
                ("cei2", Some(2)),
                ("cei2", Some(3))
            ]
        );
        let two = &tables[3];
        let ids: Vec<&str> = two.members.iter().map(|&i| refs[i].id.as_str()).collect();
        assert_eq!(ids, ["X1", "X3", "X0", "X2"], "seq order, then id; no seq last");
        assert_eq!((two.total, two.concluded, two.staged, two.open), (4, 2, 1, 1));
        assert_eq!(
            two.overdue, 2,
            "a staged case is not done: past its deadline it is overdue"
        );
        assert_eq!(tables[4].total, 0, "a declared batch is listed while empty");
        assert_eq!(tables[4].handed_over, Some(handed));
    }
}
