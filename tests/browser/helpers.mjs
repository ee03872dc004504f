// Shared by the browser tests: a minimal static server for a built site, Chromium's
// launch flags, and axe-core's WCAG 2.1 A/AA check.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { readFileSync, existsSync, statSync } from "node:fs";
import { join, extname, normalize } from "node:path";

export const MIME = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * Serves `root()` (called per request, so the folder may be chosen after the server
 * starts) under `base`; resolves to `{ server, origin }`.
 */
export async function serve(root, base) {
  const server = createServer((req, res) => {
    const site = root();
    const url = new URL(req.url, "http://x");
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) { res.writeHead(404); res.end(); return; }
    path = normalize(path.slice(base.length));
    if (path.startsWith("..")) { res.writeHead(403); res.end(); return; }
    let file = join(site, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": MIME[".html"] });
      res.end(readFileSync(join(site, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": MIME[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Debian's Chromium, headless, with nothing that talks to the network on its own. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/**
 * axe-core's WCAG 2.1 A/AA violations of the page at `page`'s URL and viewport, one line
 * each. axe is injected as an inline script, which the site's Content-Security-Policy
 * rightly blocks: it runs in a second page that bypasses CSP (the first page, with CSP
 * on, is the one whose console errors count).
 */
export async function axe(browser, page) {
  const url = page.url();
  const size = page.viewportSize();
  const checked = await browser.newPage({ bypassCSP: true, viewport: size });
  await checked.goto(url, { waitUntil: "load" });
  await checked.addScriptTag({ content: axeSource });
  const result = await checked.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  await checked.close();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
}
