// Phones and paper with real data: a generated ledger shaped like a real county's
// (realistic-site.mjs: 16-character receipt ids, whole-sentence titles, long unit names,
// multi-line measures, every status) built by the real binary and opened in headless
// Chromium. At 320 and 375 px no list, table or record page may reach past the right
// edge, squeeze text into a box narrower than six characters, or push a record's title,
// status or deadline out of sight; at 1280 px the tables are tables; axe stays clean at
// both widths. The 一览表 printed to PDF (A4 landscape) must keep 9 pt text, hold at least
// six records a page, repeat its header row and the as-of date on every page, number
// the pages and show no text twice in a row. Screenshots and the PDF go to
// tests/browser/output/ (docs/screenshots/ holds copies for the README).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, symlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch, axe } from "./helpers.mjs";
import { writeRealisticSite, AS_OF } from "./realistic-site.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const outputDir = join(here, "output");
const bin = process.env.DISCLOSE_BIN || join(repo, "target", "debug", "disclose");
const BASE = "/qc/";

let server, browser, origin, work, ids;

before(async () => {
  mkdirSync(outputDir, { recursive: true });
  work = mkdtempSync(join(tmpdir(), "disclose-realistic-"));
  ids = writeRealisticSite(join(work, "site"));
  // For theme work: DISCLOSE_THEME_DIR=themes/default uses the files on disk instead of
  // the copy built into the binary, so a CSS edit needs no rebuild.
  if (process.env.DISCLOSE_THEME_DIR) {
    mkdirSync(join(work, "site", "themes"));
    symlinkSync(resolve(process.env.DISCLOSE_THEME_DIR), join(work, "site", "themes", "default"));
  }
  ({ server, origin } = await serve(() => join(work, "out"), BASE));
  execFileSync(bin, ["build", "--quiet", "--root", join(work, "site"), "--out", join(work, "out"), "--base-url", `${origin}${BASE}`]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

// The record with the most parts: closed (closure chain), evidence with a long file
// name, a deadline change. realistic-site.mjs makes record 14 so.
const RICH = () => ids[14];

// The official tables: the 24 complaints of batch 1 (printed on several pages) and the
// 整改清单 of the inspection's problems.
const BATCH = "inspections/cei2-2021/batches/1/";
const PROBLEMS = "inspections/cei2-2021/problems/";

const PAGES = {
  records: () => "records/",
  overdue: () => "overdue/",
  facet: () => "regions/hexi/",
  // The 整改清单: the official table with a deadline column (a batch's complaints have none).
  table: () => "inspections/cei2-2021/problems/",
  record: () => `records/${RICH()}/`,
  dashboard: () => "",
};

async function open(path, width) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const response = await page.goto(origin + BASE + path, { waitUntil: "load" });
  assert.equal(response.status(), 200, path);
  return { page, errors };
}

// Everything measured in the page: what reaches past the right edge, text boxes
// narrower than six characters of the body font, and for each record (table row or the
// record page) whether its title, status and deadline are inside the viewport.
function measure() {
  const vw = document.documentElement.clientWidth;
  const em = parseFloat(getComputedStyle(document.body).fontSize);
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.className && typeof el.className === "string") d += "." + el.className.trim().split(/\s+/).join(".");
    const text = (el.textContent || "").trim().slice(0, 24);
    return text ? `${d} "${text}"` : d;
  };
  // Boxes that scroll or clip on their own (a Markdown table's box), and visually
  // hidden helpers (the header row of a card list is kept for screen readers only).
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (["auto", "scroll", "hidden"].includes(s.overflowX) && a.scrollWidth > a.clientWidth + 1) return true;
      if (s.clipPath !== "none" && a.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el) || el.closest(".skip-link")) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > vw + 1 && !clipped(el)) wide.push(`${describe(el)} right=${Math.round(r.right)}`);
  }
  // Text boxes of cells and cards: every block-level box in a table cell or a field list
  // (the cell itself, its paragraphs and list items) that holds text of its own.
  const narrow = [];
  for (const el of document.querySelectorAll("main td, main th, main td *, main th *, main dt, main dd, main dd *")) {
    if (!shown(el) || el.closest("svg") || clipped(el)) continue;
    const s = getComputedStyle(el);
    if (s.display.startsWith("inline") || s.display === "contents") continue;
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) ||
      [...el.children].some((c) => getComputedStyle(c).display.startsWith("inline") && c.textContent.trim());
    if (!ownText) continue;
    const width = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    if (width < 6 * em - 0.5) narrow.push(`${describe(el)} ${Math.round(width)}px < ${6 * em}px`);
  }
  const inView = (el) => {
    if (!el || !shown(el)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.left >= -0.5 && r.right <= vw + 0.5;
  };
  const records = [];
  for (const row of document.querySelectorAll("table.records tbody tr, table.official tbody tr")) {
    if (row.cells.length < 3) continue; // the "no records" row
    records.push({
      id: row.querySelector(".id")?.textContent.trim(),
      title: inView(row.querySelector("td.title a, td.summary strong, td.summary p")),
      status: inView(row.querySelector("td.status-cell")),
      deadline: inView(row.querySelector("td.deadline")),
    });
  }
  const article = document.querySelector("article.record");
  if (article) {
    const deadline = [...article.querySelectorAll(".fields dt")].find((dt) => dt.textContent.includes("整改时限"));
    records.push({
      id: article.querySelector("dd.id")?.textContent.trim(),
      title: inView(article.querySelector("h1")),
      status: inView(article.querySelector(".record-status .status")),
      deadline: inView(deadline?.nextElementSibling),
    });
  }
  // Chart text as drawn: its size in the chart's units times the chart's scale.
  const chartText = [...document.querySelectorAll("svg.chart text")].map((t) =>
    parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a);
  const smallestChartText = chartText.length ? Math.min(...chartText) : Infinity;
  return { wide, narrow, records, smallestChartText, scroll: document.documentElement.scrollWidth - vw };
}

for (const [name, path] of Object.entries(PAGES)) {
  for (const width of [320, 375]) {
    test(`${name} at ${width} px: nothing past the edge, no box under 6 characters, title/status/deadline in view`, async () => {
      const { page, errors } = await open(path(), width);
      const m = await page.evaluate(measure);
      if (width === 375) {
        await page.screenshot({ path: join(outputDir, `realistic-${name}-375.png`) });
        await page.screenshot({ path: join(outputDir, `realistic-${name}-375-full.png`), fullPage: true });
      }
      const violations = width === 375 ? await axe(browser, page) : [];
      await page.close();
      assert.deepEqual(errors, [], "console errors");
      assert.ok(m.scroll <= 1, `the page scrolls sideways by ${m.scroll}px`);
      assert.deepEqual(m.wide.slice(0, 10), [], "elements past the right edge");
      assert.deepEqual(m.narrow.slice(0, 10), [], "text boxes narrower than 6 characters");
      if (name !== "dashboard") assert.ok(m.records.length > 0, "the page shows records");
      const hidden = m.records.filter((r) => !(r.title && r.status && r.deadline));
      assert.deepEqual(hidden, [], "records whose title, status or deadline is out of view");
      assert.deepEqual(violations, [], "axe violations");
      assert.ok(m.smallestChartText >= 11, `chart text drawn at ${m.smallestChartText.toFixed(1)} px`);
    });
  }
}

test("the fixture is realistic: 40+ records, 16-character receipt ids, every status", async () => {
  assert.ok(ids.length >= 40);
  assert.ok(ids.some((id) => /^D\d[A-Z]{2}\d{12}$/.test(id) && id.length === 16));
  const { page } = await open("records/", 1280);
  await page.goto(origin + BASE + BATCH);
  const statuses = await page.$$eval("table.official tbody td.status-cell", (cells) => new Set(cells.map((c) => c.textContent.trim())).size);
  await page.close();
  assert.ok(statuses >= 5, `${statuses} distinct statuses`);
});

test("at 1280 px the record tables are tables, with their header row, and pass axe", async () => {
  for (const path of ["records/", "overdue/", "regions/hexi/", "table/", BATCH, PROBLEMS, `records/${RICH()}/`, ""]) {
    const { page, errors } = await open(path, 1280);
    const layout = await page.evaluate(() => [...document.querySelectorAll("main table")].map((t) => ({
      table: getComputedStyle(t).display,
      head: t.tHead ? getComputedStyle(t.tHead).display : "table-header-group",
      headHeight: t.tHead ? t.tHead.getBoundingClientRect().height : 1,
      rows: [...t.rows].filter((r) => !r.classList.contains("print-only")).every((r) => getComputedStyle(r).display === "table-row"),
      cells: [...t.querySelectorAll("tbody td")].every((c) => getComputedStyle(c).display === "table-cell"),
    })));
    if (path === "records/") await page.screenshot({ path: join(outputDir, "realistic-records-1280.png") });
    if (path === BATCH) await page.screenshot({ path: join(outputDir, "realistic-table-1280.png") });
    const violations = await axe(browser, page);
    await page.close();
    assert.ok(layout.length > 0, path);
    for (const t of layout) {
      assert.deepEqual(t, { ...t, table: "table", head: "table-header-group", rows: true, cells: true }, path);
      assert.ok(t.headHeight > 1, `${path}: the header row is visible`);
    }
    assert.deepEqual(errors, [], `${path}: console errors`);
    assert.deepEqual(violations, [], `${path}: axe violations`);
  }
});

// The PDF checks read the printed file with poppler-utils; without it (a developer
// machine) they are skipped, under CI they must run.
const poppler = (() => { try { execFileSync("pdftotext", ["-v"], { stdio: "ignore" }); return true; } catch { return false; } })();
const needsPoppler = { skip: !poppler && !process.env.CI && "poppler-utils (pdftotext) not installed" };

function run(cmd, args) {
  return execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20 });
}

test("a batch's 交办件一览表 prints on A4 landscape: 9 pt, ≥ 6 records a page, the header row and as-of date repeated on every page, page numbers, nothing twice in a row", needsPoppler, async () => {
  const { page } = await open(BATCH, 1280);
  await page.emulateMedia({ media: "print" });
  const dom = await page.evaluate(() => {
    const table = document.querySelector("table.official");
    const rows = [...table.tBodies[0].rows];
    const headers = [...table.tHead.rows].at(-1).cells;
    const cellText = (c) => c.innerText.replace(/\s+/g, "");
    const smallest = Math.min(...[...table.querySelectorAll("td, th")].filter((c) => c.innerText.trim())
      .map((c) => Math.min(parseFloat(getComputedStyle(c).fontSize),
        ...[...c.querySelectorAll("*")].filter((e) => e.textContent.trim()).map((e) => parseFloat(getComputedStyle(e).fontSize)))));
    // A column whose every cell is empty prints as a blank stripe on every page.
    const emptyColumns = [...headers].map((h, i) => rows.every((r) => !r.cells[i]?.innerText.trim()) ? h.innerText : null).filter(Boolean);
    // Text twice in a row: one cell's text (a phrase, not a place name or a word such
    // as 属实 that a sentence may mention) inside another's, or the record's title
    // written twice in its own cell.
    const twice = [];
    for (const r of rows) {
      const texts = [...r.cells].map(cellText);
      texts.forEach((a, i) => texts.forEach((b, j) => {
        if (i !== j && a.length >= 8 && b.includes(a)) twice.push(`${texts[1]}: "${a.slice(0, 20)}" in two cells`);
      }));
      const title = r.querySelector("td.summary strong")?.innerText.replace(/\s+/g, "");
      const summary = cellText(r.querySelector("td.summary"));
      const key = (title || summary).slice(0, 12);
      if (summary.split(key).length > 2) twice.push(`${texts[1]}: "${key}" twice in its summary cell`);
    }
    return { rows: rows.length, smallest, emptyColumns, twice, headers: [...headers].map((h) => h.innerText.trim()) };
  });
  const pdf = join(outputDir, "realistic-table.pdf");
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.close();

  assert.ok(dom.smallest >= 12 - 0.01, `smallest printed text ${dom.smallest}px < 9pt (12px)`);
  assert.deepEqual(dom.emptyColumns, [], "columns with no text in any row");
  assert.deepEqual(dom.twice, [], "text printed twice in one row");

  const info = run("pdfinfo", [pdf]);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  assert.ok(Number(size[1]) > Number(size[2]), `landscape pages (${size[0]})`);
  assert.ok(Math.abs(Number(size[1]) - 841.89) < 2 && Math.abs(Number(size[2]) - 595.28) < 2, `A4 (${size[0]})`);
  assert.ok(dom.rows / pages >= 6, `${dom.rows} records on ${pages} pages: ${(dom.rows / pages).toFixed(1)} a page`);

  // -raw keeps each cell's text together (a header that wraps inside its cell, such
  // as 序号 on two lines, is still one word).
  const text = run("pdftotext", ["-raw", pdf, "-"]);
  const perPage = text.split("\f").filter((p) => p.trim());
  assert.equal(perPage.length, pages);
  perPage.forEach((p, i) => {
    const flat = p.replace(/\s+/g, "");
    for (const h of dom.headers) assert.ok(flat.includes(h.replace(/\s+/g, "")), `page ${i + 1} repeats the header ${h}`);
    assert.ok(flat.includes(AS_OF), `page ${i + 1} shows the as-of date`);
    assert.ok(flat.includes(`第${i + 1}页共${pages}页`), `page ${i + 1} is numbered 第 ${i + 1} 页 共 ${pages} 页`);
  });
  // Every record's title reaches the paper exactly once.
  const raw = run("pdftotext", [pdf, "-"]).replace(/\s+/g, "");
  const titles = await (async () => {
    const p = await browser.newPage();
    await p.goto(origin + BASE + BATCH);
    const t = await p.$$eval("table.official td.summary", (cells) => cells.map((c) => (c.querySelector("strong") || c).innerText.replace(/\s+/g, "").slice(0, 14)));
    await p.close();
    return t;
  })();
  for (const t of titles) assert.equal(raw.split(t).length - 1, 1, `"${t}" printed once`);

  run("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, join(outputDir, "realistic-table-print")]);
});

test("a record page prints as one document: fields, timeline, closure chain and evidence, no navigation", needsPoppler, async () => {
  const { page } = await open(`records/${RICH()}/`, 1280);
  await page.emulateMedia({ media: "print" });
  const shown = await page.evaluate(() => {
    const visible = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0);
    return {
      nav: visible(".site-nav"), footer: visible(".site-footer"), toggle: visible("[data-large-text]"),
      feed: visible(".feed-link"), fields: visible(".fields"), timeline: visible(".timeline"),
      closure: [...document.querySelectorAll("section h2")].some((h) => h.textContent.includes("验收销号") && h.getClientRects().length),
      evidence: visible("table.evidence"),
      tables: [...document.querySelectorAll("main table")].every((t) => getComputedStyle(t).display === "table"),
    };
  });
  const pdf = join(outputDir, "realistic-record.pdf");
  await page.pdf({ path: pdf, preferCSSPageSize: true });
  await page.close();
  assert.deepEqual(shown, { nav: false, footer: false, toggle: false, feed: false, fields: true, timeline: true, closure: true, evidence: true, tables: true });
  const text = run("pdftotext", [pdf, "-"]).replace(/\s+/g, "");
  assert.ok(text.includes(RICH()), "the record's id is printed");
  assert.ok(!text.includes("跳到正文") && !text.includes("逾期未完成") && !text.includes("订阅"), "no navigation on paper");
  assert.match(text, /第1页共\d+页/, "pages are numbered");
});
