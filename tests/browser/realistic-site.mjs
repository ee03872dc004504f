// A generated site shaped like a real county's ledger, for the phone and print tests:
// 16-character receipt ids (D2HN202104170112 style), whole-sentence titles, long unit
// names, multi-line measures, document numbers, long file names and URLs, every kind,
// status and verification value, overdue and open-ended deadlines. Everything here is
// invented (the fictional 青川区); no real person's data. Deterministic: the same call
// writes the same files, so screenshots and PDFs compare across runs.
//
// Run on its own to look at the site: `node tests/browser/realistic-site.mjs DIR [N]`.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const AS_OF = "2022-09-30";

const REGIONS = [
  ["河西街道", "hexi"], ["城北街道", "chengbei"], ["白龙镇", "bailong"], ["青溪镇", "qingxi"],
  ["关庄镇", "guanzhuang"], ["乔庄镇", "qiaozhuang"], ["木鱼镇", "muyu"],
  ["大院回族乡", "dayuan"], ["红光乡", "hongguang"],
];
const UNITS = [
  "青川区住房和城乡建设局", "青川区生态环境分局", "青川区农业农村局", "青川区自然资源局",
  "青川区水利局", "青川区综合行政执法局", "青川区经济和信息化局", "青川区林业局",
  "青川区交通运输局", "青川区市场监督管理局",
];
// Places and problems that make whole-sentence titles when combined.
const PLACES = [
  "滨江花园小区南侧建筑工地", "青竹江沿岸砂石料加工场", "城北工业园区某化工企业", "白龙湖库区周边生猪养殖场",
  "集镇生活垃圾转运站", "石材加工集中区", "集镇污水处理站", "废弃矿山治理区",
  "县城东门老街餐饮一条街", "青溪古镇景区旅游公路沿线",
];
const PROBLEMS = [
  ["夜间违规施工，噪声扰民且渣土车沿路抛洒造成扬尘污染", ["noise", "air"]],
  ["无环评手续擅自生产，废水直排青竹江，江面可见明显泡沫", ["water"]],
  ["废气异味刺鼻，周边群众夜间无法开窗休息", ["air"]],
  ["粪污未经处理直排沟渠，下游水体发黑发臭", ["water", "soil"]],
  ["渗滤液外溢，转运车辆密闭不严，沿途气味大", ["solid_waste", "water"]],
  ["粉尘无组织排放严重，石粉废渣随意倾倒河道", ["air", "solid_waste", "ecology"]],
  ["设施长期停运，生活污水未经处理直接排放", ["water"]],
  ["生态修复工作推进缓慢，裸露山体水土流失严重", ["ecology"]],
  ["油烟净化设施未正常使用，油烟直排影响楼上住户", ["air"]],
  ["违规占用林地修建停车场，破坏植被约二十亩", ["ecology"]],
];
const MEASURES = [
  "责令立即停止违法行为，依法立案查处，并督促企业在规定期限内完成废气、废水收集处理设施升级改造。",
  "由属地街道办事处牵头，会同住建、执法部门建立联合巡查机制，每周不少于两次现场检查，发现问题当场处置。",
  "委托有资质的第三方监测机构开展为期三个月的跟踪监测，监测结果向社会公开。",
  "对周边群众开展回访，及时反馈办理情况，群众满意度达到百分之九十以上后方可申请验收。",
  "举一反三，在全区范围内开展同类问题排查整治，建立问题清单、责任清单和整改清单。",
  "完成场地生态修复方案编制，按方案实施覆土复绿，种植乡土树种，确保成活率。",
];
const FINDINGS = [
  "经现场核查，该工地夜间施工未办理夜间施工许可，场界噪声夜间监测值超过排放标准8.2分贝，渣土运输车辆未密闭，反映问题属实。",
  "经调查核实，企业环评手续正在办理中，雨污管网混接导致部分生产废水经雨水管网排入江中，反映问题基本属实。",
  "经现场检查，企业废气处理设施运行正常，但原料堆场未完全密闭，存在无组织排放，反映问题部分属实。",
  "经核查，该处未发现废水直排现象，下游水体监测结果达到Ⅲ类水质标准，反映问题不属实。",
  "已组织生态环境、住建、属地政府联合调查，相关监测报告尚未出具，调查核实工作正在进行中。",
];
const SUMMARIES = [
  "来电人称，上述问题已持续两年以上，周边居民多次向有关部门反映未果，要求彻底整改并向社会公开处理结果。",
  "群众来信反映，该处问题在督察进驻前曾被媒体曝光，整改后又出现反弹，影响附近三个村民小组约四百户居民的正常生活。",
  "举报人反映，每到夜间和雨天情况尤为严重，附近学校和卫生院也受到影响，希望督察组督促彻底解决。",
  "多名群众联名反映，相关企业和管理单位对群众诉求推诿扯皮，要求明确责任单位和整改时限。",
]
const VERIFICATION = ["true", "mostly", "partly", "false", "pending"];
const STATUSES = ["not_started", "in_progress", "staged", "completed", "closed"];

const pad = (n, w) => String(n).padStart(w, "0");
const date = (y, m, d) => `${y}-${pad(m, 2)}-${pad(d, 2)}`;
const q = (s) => JSON.stringify(s); // a YAML double-quoted scalar (JSON strings are valid YAML)

// A 1×1 PNG, so evidence files are real images.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

function siteYaml() {
  const regions = REGIONS.map(([name, slug]) => `  - { name: ${name}, slug: ${slug} }`).join("\n");
  return `# A generated test site (tests/browser/realistic-site.mjs): every name, case and
# document number is invented.
title: 青川区生态环境保护督察整改情况公示
publisher: 青川区生态环境保护督察整改工作领导小组办公室
base_url: https://www.example.gov.cn/qingchuan/dczg/
language: zh-CN
theme: default
as_of: ${AS_OF}
paginate: 20
inspections:
  - { id: lookback-2018, name: 2018年中央生态环境保护督察“回头看”, started: 2018-06-01, ended: 2018-07-01 }
  - { id: cei2-2021, name: 第二轮第三批中央生态环境保护督察, started: 2021-04-06, ended: 2021-05-06 }
regions:
${regions}
  - 青川区全域
privacy:
  allow: ["12369"]
`;
}

/** The front matter and body of record number `n` (0-based); `files` collects evidence. */
function record(n, files) {
  // Kinds: half complaints (the bulk of a real ledger), then feedback, look-back, tasks.
  const kind = n % 2 === 0 ? "complaint" : ["feedback", "lookback", "task"][(n >> 1) % 3];
  const status = STATUSES[n % STATUSES.length];
  const [regionName] = REGIONS[n % REGIONS.length];
  const place = PLACES[(n * 3) % PLACES.length];
  const [problem, types] = PROBLEMS[(n * 7) % PROBLEMS.length];
  const lead = UNITS[n % UNITS.length];
  const co = [UNITS[(n + 3) % UNITS.length], `${regionName}人民政府`];
  const month = 4 + (n % 2);
  const day = 1 + (n % 28);
  const received = kind === "lookback" ? date(2018, 6, 5 + (n % 20)) : date(2021, month, day);
  let id;
  if (kind === "complaint") {
    const batch = 1; // one batch of 24 complaints: its table prints on several pages
    id = `D${batch}HN${received.replaceAll("-", "")}${pad(100 + n * 7, 4)}`; // 16 characters
  } else if (kind === "feedback") id = `QCFK-2021-${pad(n, 3)}`;
  else if (kind === "lookback") id = `QCHTK-2018-${pad(n, 3)}`;
  else id = `QCRW-2021-${pad(n, 4)}`;
  const title = kind === "complaint"
    ? `群众反映${regionName}${place}${problem}`
    : `${regionName}${place}${problem}，整改工作推进不力`;
  // A messy ledger: some summaries repeat the title word for word, some start with it.
  let summary;
  if (n % 11 === 3) summary = title;
  else if (n % 11 === 7) summary = `${title}。来电人称已多次向有关部门反映，问题至今未得到解决，要求尽快处理。`;
  else summary = SUMMARIES[n % SUMMARIES.length];

  const overdue = n % 4 === 1; // deadline before the as-of date (overdue unless done)
  const ongoing = n % 13 === 5;
  const deadline = ongoing ? "ongoing" : overdue ? date(2022, 1 + (n % 6), 15) : date(2022 + (n % 2), 12, 31);
  const y = [
    "---",
    `id: ${id}`,
    `kind: ${kind}`,
    `inspection: ${kind === "lookback" ? "lookback-2018" : "cei2-2021"}`,
    ...(kind === "complaint" ? ["batch: 1"] : []),
    `seq: ${n + 1}`,
    `title: ${q(title)}`,
    `summary: ${q(summary)}`,
    `region: ${regionName}`,
    `pollution_types: [${types.join(", ")}]`,
  ];
  if (kind === "complaint") {
    y.push(`verification: "${VERIFICATION[n % VERIFICATION.length]}"`);
    y.push(`findings: ${q(FINDINGS[n % FINDINGS.length])}`);
  } else {
    y.push(`target: ${q(`${deadline === "ongoing" ? "长期坚持" : deadline.slice(0, 4) + "年底前"}彻底解决${place}${problem.split("，")[0]}问题，建立长效监管机制，防止问题反弹。`)}`);
  }
  // Multi-line measures: two to four whole sentences (none for some not-started cases,
  // as in a ledger where the plan is not written yet).
  if (!(status === "not_started" && n % 3 === 0)) {
    y.push("measures:");
    for (let i = 0; i < 2 + (n % 3); i++) y.push(`  - ${q(MEASURES[(n + i) % MEASURES.length])}`);
  }
  y.push(`lead_unit: ${lead}`, `co_units: [${co.join(", ")}]`, `responsible_post: ${lead.slice(3)}分管副局长`);
  y.push(`received_on: ${received}`);
  if (n % 6 === 2 && !ongoing) {
    y.push(`deadline: ${deadline}`, "deadline_changes:",
      `  - { from: 2021-12-31, to: ${deadline}, reason: ${q("涉及企业搬迁和新址用地手续办理，经区督察整改工作领导小组办公室研究同意延期。")}, decided_on: 2021-12-20 }`);
  } else {
    y.push(`deadline: ${deadline}`);
  }
  y.push(`status: ${status}`);
  if (status === "completed" || status === "closed") y.push(`completed_on: ${date(2022, 3 + (n % 4), 10)}`);
  if (status === "closed") {
    const closed = date(2022, 8, 1 + (n % 20));
    y.push(`closed_on: ${closed}`, "closure:",
      `  - { level: 区级, date: ${date(2022, 7, 10)}, result: 现场核查通过, ref: ${q(`青督改验〔2022〕${10 + n}号`)} }`,
      `  - { level: 市级, date: ${closed}, result: ${q("验收通过，同意销号并予以公示")}, ref: ${q(`广督改办〔2022〕${n}号`)} }`);
  }
  if (n % 7 === 0 && kind === "complaint") {
    y.push("enforcement: { ordered: 1, penalized: 1, fine_10k_yuan: 3.5, interviewed: 1 }");
  }
  if (n % 9 === 0) y.push("key_case: true");
  // Updates, oldest first, with the status they set ending on the record's status.
  y.push("updates:");
  const start = kind === "lookback" ? "2018-07-10" : date(2021, 5, 20 + (n % 8));
  if (status === "not_started") {
    y.push(`  - { date: ${start}, text: ${q("已将交办件转交责任单位，责任单位正在制定整改方案。")} }`);
  } else {
    y.push(`  - { date: ${start}, status: in_progress, text: ${q("责任单位已制定整改方案，明确整改目标、整改措施、整改时限和责任人，并向社会公开。")} }`);
    y.push(`  - { date: 2021-11-15, text: ${q(`已完成第一阶段整改任务。详见 https://www.example.gov.cn/qingchuan/sthjj/zwgk/tzgg/202111/t20211115_${pad(n, 4)}_dczg_zhenggai_jinzhan_fujian.html`)} }`);
    if (status === "staged") y.push(`  - { date: 2022-06-30, status: staged, text: ${q("主体工程已完成，配套管网建设受汛期影响尚未完工，阶段性办结。")} }`);
    if (status === "completed" || status === "closed") {
      y.push(`  - { date: ${date(2022, 3 + (n % 4), 10)}, status: completed, text: ${q("整改任务全部完成，经第三方监测各项指标达标，已申请验收。")} }`);
    }
    if (status === "closed") y.push(`  - { date: ${date(2022, 8, 1 + (n % 20))}, status: closed, text: ${q("通过市级验收，同意销号。")} }`);
  }
  if (status === "closed" && n % 2 === 0) {
    const file = `${id}_${regionName}整改前后现场对比照片_2022年验收核查_第一组.png`;
    files.push(file);
    y.push("evidence:", `  - { file: ${q(file)}, caption: ${q("整改前后现场对比照片（验收核查时拍摄）")} }`);
  }
  y.push("---");
  const body = `## 整改情况\n\n${MEASURES[n % MEASURES.length]}${MEASURES[(n + 2) % MEASURES.length]}\n\n` +
    `| 项目 | 数量 | 备注 |\n|---|---|---|\n| 现场检查 | ${3 + (n % 9)} 次 | 含夜间突击检查 |\n| 立案查处 | ${n % 3} 件 | 青环罚〔2021〕${40 + n}号 |\n`;
  return { id, text: `${y.join("\n")}\n${body}` };
}

/** Writes the site (site.yaml, content/) into `dir`; returns the records' ids. */
export function writeRealisticSite(dir, count = 48) {
  const records = join(dir, "content", "records");
  mkdirSync(records, { recursive: true });
  writeFileSync(join(dir, "site.yaml"), siteYaml());
  writeFileSync(join(dir, "content", "_index.md"),
    "---\ntitle: 首页\n---\n本站公开青川区中央生态环境保护督察反馈问题和交办信访件的整改情况（测试数据，均为虚构）。\n");
  const ids = [];
  for (let n = 0; n < count; n++) {
    const files = [];
    const { id, text } = record(n, files);
    writeFileSync(join(records, `${id}.md`), text);
    for (const f of files) writeFileSync(join(records, f), PNG);
    ids.push(id);
  }
  return ids;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node realistic-site.mjs DIR [RECORDS]");
    process.exit(2);
  }
  const ids = writeRealisticSite(dir, Number(process.argv[3] || 48));
  console.error(`wrote ${ids.length} records to ${dir}`);
}
