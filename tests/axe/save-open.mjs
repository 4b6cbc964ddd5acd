// The web form's round trip in headless Chromium, as a person would do it:
// type into the action plan, "Save to file", reload the page (everything
// typed is gone), "Open saved file", and the values are back. Prints the
// saved file's path; exits 1 if a value did not come back.
//
// usage: node save-open.mjs PAGE.html DOWNLOAD_DIR [CHROMIUM]
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import puppeteer from "puppeteer-core";

const [pagePath, downloads] = [resolve(process.argv[2]), resolve(process.argv[3])];
const executablePath = process.argv[4] ?? process.env.CHROMIUM ?? "/usr/bin/chromium";
const typed = {
  "#employee": "Siri Dahl",
  "#leader": "Per Hansen",
  "#measure-1": "Lære <b>#Typst</b> & {{ x }}",
  "#measure-1-focus": "2",
  "#measure-1-responsible": "Siri",
  "#comment": "Ærlig talt: ja.",
  "#signed-employee": "S. D.",
};

const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
let failed = 0;
try {
  const page = await browser.newPage();
  const session = await page.createCDPSession();
  await session.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
  await page.goto(`file://${pagePath}`);
  for (const [selector, text] of Object.entries(typed)) await page.type(selector, text);
  // A date is picked, not typed: its typing order follows the browser's locale.
  await page.$eval("#measure-1-deadline", (el) => {
    el.value = "2027-03-15";
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.click("#planned-2");
  await page.click("[data-save]");
  let saved;
  for (let i = 0; i < 50 && !saved; i++) {
    await new Promise((r) => setTimeout(r, 100));
    saved = readdirSync(downloads).find((f) => f.endsWith(".json"));
  }
  if (!saved) throw new Error("nothing was downloaded");

  await page.reload();
  const empty = await page.$eval("#employee", (el) => el.value);
  if (empty !== "") throw new Error(`the form kept "${empty}" after a reload`);
  const input = await page.$("#open-saved");
  await input.uploadFile(join(downloads, saved));
  await page.waitForFunction(() => document.querySelector("[data-status]").textContent !== "");
  for (const [selector, text] of Object.entries(typed)) {
    const value = await page.$eval(selector, (el) => el.value);
    if (value !== text) {
      console.log(`${selector}: "${value}", typed "${text}"`);
      failed += 1;
    }
  }
  const deadline = await page.$eval("#measure-1-deadline", (el) => el.value);
  const planned = await page.$eval("#planned-2", (el) => el.checked);
  if (deadline !== "2027-03-15" || !planned) {
    console.log(`deadline "${deadline}", planned-2 ${planned}`);
    failed += 1;
  }
  console.log(join(downloads, saved));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
