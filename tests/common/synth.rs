//! Synthetic sites for benchmarks and scale tests: realistic records of every kind,
//! status, region and unit, with updates, deadline changes, closure steps and Markdown
//! bodies of 300–600 Chinese characters with a table and a list. Deterministic by seed.
//! Not part of the library: test support, shared with the benchmark examples
//! (`examples/gen.rs` includes this file by path) and the scale, crash, deploy and
//! incremental tests (through `tests/common`).

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// A small deterministic PRNG (SplitMix64): good enough for test data, no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// One item of a slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const REGIONS: &[&str] = &[
    "城关街道",
    "河口镇",
    "石门镇",
    "龙泉镇",
    "白沙乡",
    "青山镇",
    "新桥街道",
    "东湖街道",
    "西山乡",
    "南岭镇",
    "北关街道",
    "金沙镇",
];
const UNITS: &[&str] = &[
    "区生态环境局",
    "区住房和城乡建设局",
    "区农业农村局",
    "区自然资源局",
    "区水务局",
    "区城市管理局",
    "区工业和信息化局",
    "区林业和草原局",
    "区交通运输局",
    "区市场监督管理局",
    "区公安分局",
    "区发展和改革局",
];
const PROBLEMS: &[(&str, &str)] = &[
    ("石灰窑", "air"),
    ("橡胶颗粒厂", "air"),
    ("生猪养殖场", "water"),
    ("秸秆焚烧", "air"),
    ("生活垃圾焚烧", "solid_waste"),
    ("建筑工地扬尘", "air"),
    ("乡镇污水处理站", "water"),
    ("砂石料场", "ecology"),
    ("采石场", "ecology"),
    ("餐饮油烟", "air"),
    ("夜间施工噪声", "noise"),
    ("冶炼废渣", "soil"),
    ("河道黑臭水体", "water"),
    ("医疗废物暂存", "solid_waste"),
    ("放射源管理", "radiation"),
    ("砖厂烟囱冒黑烟", "air"),
];
const PHRASES: &[&str] = &[
    "经现场核查，企业环保设施未正常运行，存在超标排放问题。",
    "责任单位已制定整改方案，明确整改目标、措施、时限和责任人。",
    "区督察整改办多次开展现场督导，督促责任单位按期完成整改。",
    "周边群众反映强烈，要求尽快解决，相关部门已向群众反馈办理情况。",
    "整改过程中同步开展举一反三排查，建立长效监管机制。",
    "生态环境部门委托第三方监测机构开展监测，监测结果达标。",
    "乡镇人民政府落实属地责任，组织网格员每日巡查。",
    "对违法行为依法立案查处，责令限期改正并处罚款。",
];
const KINDS: &[&str] = &["feedback", "lookback", "complaint", "task"];
const VERIFICATIONS: &[&str] = &["\"true\"", "\"true\"", "mostly", "partly", "\"false\"", "pending"];
const STATUSES: &[&str] = &["not_started", "in_progress", "staged", "completed", "closed"];

/// The `site.yaml` of a synthetic site.
pub fn site_yaml() -> String {
    let mut y = String::from(
        "title: 合成数据测试区督察整改公示\npublisher: 合成数据测试区生态环境局\nbase_url: https://bench.example.gov.cn/dczg/\nas_of: 2024-06-30\npaginate: 50\ninspections:\n  - { id: cei2-2021, name: 第二轮中央生态环境保护督察, started: 2021-04-06 }\n  - { id: cei3-2023, name: 第三轮中央生态环境保护督察, started: 2023-11-20 }\nregions:\n",
    );
    for (i, r) in REGIONS.iter().enumerate() {
        let _ = writeln!(y, "  - {{ name: {r}, slug: r{i:02} }}");
    }
    y.push_str("privacy: { allow: [\"12369\"] }\n");
    y
}

fn date(rng: &mut Rng, year: i32, spread_days: usize) -> (i32, u32, u32) {
    let day_of_year = rng.below(spread_days.clamp(1, 360));
    let month = (day_of_year / 30) as u32 + 1;
    let day = (day_of_year % 28) as u32 + 1;
    (year, month.min(12), day)
}

fn fmt_date((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn body(rng: &mut Rng, problem: &str, region: &str) -> String {
    let mut b = format!("## 基本情况\n\n{region}{problem}问题。");
    while b.chars().count() < 300 + rng.below(300) {
        let phrase: &str = PHRASES[rng.below(PHRASES.len())];
        b.push_str(phrase);
    }
    b.push_str("\n\n| 项目 | 数量 |\n|---|---|\n");
    for item in ["检查次数", "整改点位", "监测数据"] {
        let _ = writeln!(b, "| {item} | {} |", 1 + rng.below(50));
    }
    b.push_str("\n- 建立台账，逐项销号。\n- 每月调度一次整改进展。\n- 群众满意度回访。\n");
    b
}

/// The text of record number `n` (a `.md` file).
pub fn record(rng: &mut Rng, n: usize) -> String {
    let kind = KINDS[n % KINDS.len()];
    let status = *rng.pick(STATUSES);
    let (problem, ptype) = *rng.pick(PROBLEMS);
    let region = *rng.pick(REGIONS);
    let lead = *rng.pick(UNITS);
    let co = *rng.pick(UNITS);
    let year = 2021 + (n % 3) as i32;
    let received = date(rng, year, 120);
    let deadline = (received.0 + 1, received.1, received.2);
    let id = match kind {
        "complaint" => format!("X{year}{n:08}"),
        "feedback" => format!("F-{year}-{n:06}"),
        "lookback" => format!("L-{year}-{n:06}"),
        _ => format!("T-{year}-{n:06}"),
    };
    let mut y = format!(
        "---\nid: {id}\nkind: {kind}\ninspection: {}\ntitle: {region}{problem}问题（第{n}号）\nsummary: 群众反映{region}{problem}，影响周边环境。\nregion: {region}\npollution_types: [{ptype}]\n",
        if year >= 2023 { "cei3-2023" } else { "cei2-2021" }
    );
    // 序号 and 交办批次 from the record's number (no draw from `rng`, so the rest of a
    // record is what it was before they were added): complaints come in batches of 50,
    // and `seq` is the record number, so unique within every inspection and batch.
    let _ = writeln!(y, "seq: {}", n + 1);
    if kind == "complaint" {
        let _ = writeln!(y, "batch: {}", 1 + (n / 200) % 20);
        let verification = VERIFICATIONS[(n / KINDS.len()) % VERIFICATIONS.len()];
        let _ = writeln!(
            y,
            "verification: {verification}\nfindings: 经核查，{}。",
            if verification == "\"false\"" {
                "反映问题不属实"
            } else {
                "反映问题基本情况与实际相符"
            }
        );
    }
    let _ = write!(
        y,
        "measures:\n  - 责令限期整改。\n  - 加强日常巡查。\nlead_unit: {lead}\nco_units: [{co}]\nresponsible_post: {lead}局长\nreceived_on: {}\n",
        fmt_date(received)
    );
    let changed = rng.below(5) == 0;
    let final_deadline = if changed {
        (deadline.0, deadline.1, deadline.2.min(27) + 1)
    } else {
        deadline
    };
    let _ = writeln!(y, "deadline: {}", fmt_date(final_deadline));
    if changed {
        let _ = write!(
            y,
            "deadline_changes:\n  - {{ from: {}, to: {}, reason: 受汛期影响无法施工，经批准延期。, decided_on: {} }}\n",
            fmt_date(deadline),
            fmt_date(final_deadline),
            fmt_date((deadline.0, deadline.1, 1))
        );
    }
    let _ = writeln!(y, "status: {status}");
    let done = (received.0 + 1, received.1.min(11), received.2);
    let closed = (received.0 + 1, received.1.min(11) + 1, received.2);
    if status == "completed" || status == "closed" {
        let _ = writeln!(y, "completed_on: {}", fmt_date(done));
    }
    if status == "closed" {
        let _ = write!(
            y,
            "closed_on: {}\nclosure:\n  - {{ level: 区级, date: {}, result: 验收通过, ref: 合督改〔{}〕{}号 }}\n",
            fmt_date(closed),
            fmt_date(closed),
            closed.0,
            n % 100
        );
    }
    y.push_str("updates:\n");
    let _ = writeln!(
        y,
        "  - {{ date: {}, status: in_progress, text: 已交办责任单位，启动整改。 }}",
        fmt_date(received)
    );
    let _ = writeln!(
        y,
        "  - {{ date: {}, text: {} }}",
        fmt_date((received.0, (received.1 + 1).min(12), received.2)),
        *rng.pick(PHRASES)
    );
    match status {
        "completed" => {
            let _ = writeln!(
                y,
                "  - {{ date: {}, status: completed, text: 整改完成，待验收。 }}",
                fmt_date(done)
            );
        }
        "closed" => {
            let _ = writeln!(
                y,
                "  - {{ date: {}, status: completed, text: 整改完成。 }}",
                fmt_date(done)
            );
            let _ = writeln!(
                y,
                "  - {{ date: {}, status: closed, text: 验收销号。 }}",
                fmt_date(closed)
            );
        }
        "staged" => {
            let _ = writeln!(
                y,
                "  - {{ date: {}, status: staged, text: 阶段性办结。 }}",
                fmt_date(done)
            );
        }
        "not_started" => {
            // Not started: the case was handed over but no status-setting update yet.
            y = y.replace(
                ", status: in_progress, text: 已交办责任单位，启动整改。",
                ", text: 已交办责任单位。",
            );
        }
        _ => {}
    }
    if rng.below(20) == 0 {
        y.push_str("key_case: true\n");
    }
    y.push_str("---\n");
    y.push_str(&body(rng, problem, region));
    y
}

/// Writes a synthetic site of `records` records into `dir` (which must be empty or new).
pub fn generate(dir: &Path, records: usize, seed: u64) -> io::Result<()> {
    let folder = dir.join("content/records");
    std::fs::create_dir_all(&folder)?;
    std::fs::write(dir.join("site.yaml"), site_yaml())?;
    std::fs::write(
        dir.join("content/_index.md"),
        "---\ntitle: 首页\n---\n合成数据，仅供性能测试。\n",
    )?;
    std::fs::create_dir_all(dir.join("content/notices"))?;
    std::fs::write(
        dir.join("content/notices/_index.md"),
        "---\ntitle: 通知公告\n---\n",
    )?;
    std::fs::write(
        dir.join("content/notices/plan.md"),
        "---\ntitle: 整改方案\ndate: 2021-08-10\n---\n整改方案全文。\n",
    )?;
    let mut rng = Rng::new(seed);
    for n in 0..records {
        // Shard into folders of 1,000 like a real archive, so no folder gets huge.
        let sub = folder.join(format!("{:03}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        std::fs::write(sub.join(format!("r{n:07}.md")), record(&mut rng, n))?;
    }
    Ok(())
}
