// What a person sees: the sample site built by the real binary, served under a portal
// sub-path (/dczg/), opened in Debian's headless Chromium. Every page type must load
// without console errors and with zero axe-core WCAG 2.1 A/AA violations; the table
// filter, the large-text switch and the search must work; screenshots at 375 px and
// 1280 px go to tests/browser/output/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch, axe as axeCheck } from "./helpers.mjs";


const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const outputDir = join(here, "output");
const bin = process.env.DISCLOSE_BIN || join(repo, "target", "debug", "disclose");
const BASE = "/dczg/";

let server, browser, origin, site;

const external = process.env.DISCLOSE_SITE_ORIGIN; // nginx serving the deployed site

before(async () => {
  mkdirSync(outputDir, { recursive: true });
  if (external) {
    origin = external;
    browser = await launch();
    return;
  }
  site = mkdtempSync(join(tmpdir(), "disclose-browser-"));
  ({ server, origin } = await serve(() => site, BASE));
  execFileSync(bin, ["build", "--quiet", "--root", repo, "--out", join(site, "out"), "--base-url", `${origin}${BASE}`]);
  site = join(site, "out");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(path, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => {
    if (!r.url().startsWith(origin)) errors.push(`third-party request: ${r.url()}`);
  });
  const response = await page.goto(origin + BASE + path, { waitUntil: "load" });
  return { page, errors, status: response.status() };
}

const axe = (page) => axeCheck(browser, page);

const PAGES = {
  dashboard: "",
  records: "records/",
  record: "records/F-2021-01/",
  facet: "regions/hekou/",
  overdue: "overdue/",
  table: "table/",
  batch: "inspections/cei2-2021/batches/2/",
  problems: "inspections/cei2-2021/problems/",
  updates: "updates/",
  closures: "closures/",
  in_notice: "records/L-2018-03/",
  notice: "notices/2021-05-rectification-plan/",
  section: "notices/",
  data: "data/",
  search: "search/",
};

for (const [name, path] of Object.entries(PAGES)) {
  test(`${name} page loads cleanly and passes axe WCAG 2.1 AA`, async () => {
    const { page, errors, status } = await open(path);
    assert.equal(status, 200);
    const violations = await axe(page);
    await page.screenshot({ path: join(outputDir, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: join(outputDir, `${name}-375.png`), fullPage: true });
    // Reflow at 320 px: nothing wider than the viewport except scrollable tables.
    await page.setViewportSize({ width: 320, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.close();
    assert.deepEqual(errors, [], "console errors");
    assert.deepEqual(violations, [], "axe violations");
    assert.ok(overflow <= 1, `page scrolls sideways at 320 px by ${overflow}px`);
  });
}

test("404 page is served and accessible", async () => {
  const { page, errors, status } = await open("no/such/page/");
  assert.equal(status, 404);
  assert.match(await page.textContent("h1"), /页面不存在/);
  const violations = await axe(page);
  await page.close();
  // The 404 status itself is logged by the browser; nothing else may be.
  assert.deepEqual(errors.filter((e) => !e.includes("status of 404")), []);
  assert.deepEqual(violations, []);
});

test("the records filter narrows the table", async () => {
  const { page } = await open("records/");
  const visible = () => page.$$eval("table[data-records] tbody tr", (rows) => rows.filter((r) => !r.hidden).length);
  const before = await visible();
  assert.ok(before > 1);
  // The options read the vocabulary's words, whichever kind's row came first.
  const options = await page.$$eval("select[name=status] option", (os) => Object.fromEntries(os.map((o) => [o.value, o.textContent])));
  assert.equal(options.completed, "已完成整改（待验收）", JSON.stringify(options));
  assert.equal(options.closed, "已验收销号", JSON.stringify(options));
  await page.selectOption("select[name=status]", "closed");
  const closed = await visible();
  assert.ok(closed > 0 && closed < before, `${closed} of ${before}`);
  const statuses = await page.$$eval("table[data-records] tbody tr:not([hidden])", (rows) => rows.map((r) => r.dataset.status));
  assert.ok(statuses.every((s) => s === "closed"));
  await page.fill("input[name=q]", "zzzz-no-match");
  assert.equal(await visible(), 0);
  await page.close();
});

test("the large-text switch enlarges text and is remembered", async () => {
  const { page } = await open("");
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const normal = await size();
  await page.click("[data-large-text]");
  const large = await size();
  assert.ok(large > normal * 1.2, `${normal} -> ${large}`);
  assert.equal(await page.getAttribute("[data-large-text]", "aria-pressed"), "true");
  await page.goto(origin + BASE + "records/");
  assert.ok((await size()) > normal * 1.2, "remembered across pages");
  await page.screenshot({ path: join(outputDir, "large-text-375.png") });
  await page.close();
});

test("search finds 石灰窑 in the sample records", async () => {
  const { page, errors } = await open("search/");
  await page.fill("#search-q", "石灰窑");
  await page.waitForSelector("#search-results li");
  const text = await page.textContent("#search-results");
  assert.match(text, /F-2021-01/);
  await page.close();
  assert.deepEqual(errors, []);
});

test("served with the security headers and pre-compressed files", { skip: !external && "no nginx" }, async () => {
  for (const path of ["", "records/F-2021-01/", "data/records.json"]) {
    const response = await fetch(origin + BASE + path, { headers: { "accept-encoding": "gzip" } });
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get("content-security-policy") || "", /default-src 'self'/, path);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(response.headers.get("content-encoding"), "gzip", `${path} comes from its .gz file`);
    if (process.env.DISCLOSE_SITE_BROTLI) {
      const br = await fetch(origin + BASE + path, { headers: { "accept-encoding": "br, gzip" } });
      assert.equal(br.headers.get("content-encoding"), "br", `${path} comes from its .br file`);
      assert.equal(await br.text(), await response.text(), `${path}: .br and .gz hold the same page`);
    }
  }
  const xlsx = await fetch(origin + BASE + "data/records.xlsx");
  assert.equal(xlsx.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const missing = await fetch(origin + BASE + "no/such/page/");
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /页面不存在/);
});

test("pages work without JavaScript", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(origin + BASE + "records/");
  const rows = await page.$$eval("table[data-records] tbody tr", (r) => r.length);
  assert.ok(rows > 1);
  await page.goto(origin + BASE + "search/");
  assert.ok(await page.isVisible("[data-nojs]"), "the search page says JavaScript is needed");
  await context.close();
});

test("a --relative-urls build works opened from a folder (file://)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "disclose-file-"));
  execFileSync(bin, ["build", "--quiet", "--relative-urls", "--root", repo, "--out", join(dir, "out")]);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  // A missing file fails with net::ERR_FILE_NOT_FOUND; ERR_ABORTED is a load cut short
  // by the next click.
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText !== "net::ERR_ABORTED") errors.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on("request", (r) => { if (!r.url().startsWith("file://")) errors.push(`off-disk request: ${r.url()}`); });
  await page.goto("file://" + join(dir, "out", "index.html"), { waitUntil: "load" });
  // The stylesheet loaded: the page is styled, not browser-default.
  const navBackground = await page.evaluate(() => getComputedStyle(document.querySelector(".site-nav")).backgroundColor);
  assert.equal(navBackground, "rgb(8, 59, 103)", "the theme's stylesheet applies");
  // Follow links the way a person would: records list, then a record, then home.
  await page.click("nav a[href$='records/index.html']");
  assert.match(page.url(), /\/records\/index\.html$/);
  await page.click("a[href$='F-2021-01/index.html']");
  assert.match(page.url(), /\/records\/F-2021-01\/index\.html$/);
  assert.match(await page.textContent("h1"), /石灰窑|F-2021-01|./);
  await page.click("nav a[href$='../../index.html'] >> nth=0");
  assert.match(page.url(), /\/out\/index\.html$/);
  // Search says plainly that it needs a web server.
  await page.goto("file://" + join(dir, "out", "search", "index.html"), { waitUntil: "load" });
  assert.match(await page.textContent("[data-nojs]"), /文件夹/);
  await page.close();
  assert.deepEqual(errors, []);
});
