// Runs axe-core (WCAG 2.1 A and AA rules) on every HTML page under a folder,
// in Debian's headless Chromium, at a laptop and a phone width. Prints each
// violation with the page, the rule and the elements, and exits 1 if there
// is any. On the leader briefing it also checks that the arrow keys move
// between slides. Used by tests/html_axe.rs; see .ci/run for the installation.
//
// usage: node run-axe.mjs OUTPUT_DIR [CHROMIUM]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const root = resolve(process.argv[2] ?? "output");
const executablePath = process.argv[3] ?? process.env.CHROMIUM ?? "/usr/bin/chromium";

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
let violations = 0;
let checked = 0;
try {
  const page = await browser.newPage();
  // Nothing may be fetched from the network: a request for anything but a
  // local file is itself a failure.
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("file://") || url.startsWith("data:")) return request.continue();
    console.log(`external request: ${url} (from ${page.url()})`);
    violations += 1;
    return request.abort();
  });
  for (const file of pages(root).sort()) {
    for (const width of [1200, 390]) {
      await page.setViewport({ width, height: 900 });
      await page.goto(`file://${file}`, { waitUntil: "load" });
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
      );
      checked += 1;
      // The briefing: the arrow keys move from slide to slide.
      if (width === 1200 && (await page.$("[data-slide]"))) {
        const focused = [];
        for (const key of ["ArrowRight", "ArrowRight", "ArrowLeft"]) {
          await page.keyboard.press(key);
          focused.push(await page.evaluate(() => document.activeElement.id));
        }
        if (focused.join(" ") !== "slide-1 slide-2 slide-1") {
          violations += 1;
          console.log(`${file.slice(root.length + 1)}: arrow keys focused ${focused.join(", ")}`);
        }
      }
      for (const v of result.violations) {
        violations += 1;
        console.log(`${file.slice(root.length + 1)} @${width}px: ${v.id} (${v.impact}): ${v.help}`);
        for (const node of v.nodes.slice(0, 5)) {
          console.log(`    ${node.target.join(" ")}: ${node.failureSummary.replace(/\n/g, " ")}`);
        }
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`axe-core ${JSON.parse(readFileSync(require.resolve("axe-core/package.json"), "utf8")).version}: ${checked} page views, ${violations} violations`);
process.exit(violations === 0 && checked > 0 ? 0 : 1);
