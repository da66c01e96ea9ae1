/**
 * `pm-arb report` as a person uses it: run the CLI on a store, open the file it wrote in Chromium
 * (headless, a fresh profile), and look: no console errors, nothing fetched from anywhere but the
 * file itself, every chart drawn with the series its data holds. A screenshot is written
 * (REPORT_SCREENSHOTS=docs writes the README's).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import { fillReportStore, PLANTED_SECRET, writeCalibrationFile } from "../core/report/fixture.ts";
import { charts, openBrowser, screenshotDir, watchProblems } from "../helpers/browser.ts";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { tempDb, tempDir } from "../helpers/temp.ts";

let browser: BrowserContext;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(() => browser?.close());

describe("pm-arb report", () => {
  test("writes one page that opens offline with every chart drawn", async () => {
    const dir = tempDir();
    const db = tempDb();
    fillReportStore(db, { loopPid: 0 });
    const out = join(dir, "report.html");
    const result = await runCli(["report", "--out", out, "--calibration", writeCalibrationFile(dir)], { env: { PM_ARB_DB: db } });
    expect([result.code, result.stdout]).toEqual([0, ""]);
    expect(result.stderr).toContain(`report written to ${out}`);
    expect(readFileSync(out, "utf8")).not.toContain(PLANTED_SECRET);

    const page = await browser.newPage();
    const problems = watchProblems(page);
    const fetched: string[] = [];
    page.on("request", (request) => fetched.push(request.url()));
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector("[data-chart='calibration-0'] canvas");
    const drawn = await charts(page);
    const series = Object.fromEntries(Object.entries(drawn).map(([name, chart]) => [name, chart.series]));
    expect(series).toEqual({ equity: 2, pnl: 1, "fees-edge": 2, opportunities: 1, lag: 2, "calibration-0": 3 });
    for (const [name, chart] of Object.entries(drawn)) expect([name, chart.width > 0, chart.inked]).toEqual([name, true, chart.inked.map(() => true)]);
    expect(await page.locator("#fills-table tbody tr").count()).toBe(2);
    expect(await page.locator("#kill-form").isVisible()).toBe(false);
    await page.screenshot({ path: join(screenshotDir(), "report.png"), fullPage: true });
    expect(problems).toEqual([]);
    expect(fetched.filter((url) => url !== pathToFileURL(out).href && !url.startsWith("data:"))).toEqual([]);
    await page.close();
  });

  test("an empty store gives a page that says so, not an error", async () => {
    const out = join(tempDir(), "empty.html");
    const result = await runCli(["report", "--out", out, "--mode", "live"], { env: { PM_ARB_DB: tempDb() } });
    expect(result.code).toBe(0);
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector("#fills");
    expect(await page.locator("[data-chart]").count()).toBe(0);
    expect(await page.locator(".empty").first().textContent()).toContain("no settled positions");
    expect(problems).toEqual([]);
    await page.close();
  });

  test("bad flags and a bad calibration file are usage errors that write nothing", async () => {
    const dir = tempDir();
    const out = join(dir, "never.html");
    const bad = join(dir, "bad.jsonl");
    await Bun.write(bad, "{oops\n");
    expectUsageError(await runCli(["report", "--out", out, "--since", "soon"]), /--since must be/);
    expectUsageError(await runCli(["report", "--out", out, "--calibration", bad]), /--calibration .*bad\.jsonl line 1: invalid JSON/);
    expect(existsSync(out)).toBe(false);
  });
});
