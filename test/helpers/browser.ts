/**
 * The system Chromium (`/usr/bin/chromium`, installed by .ci/run from the distribution's packages),
 * driven headless by playwright-core with a fresh profile in a temp folder, as a person's browser
 * would open the report and the dashboard. Every console error, page error and failed request is
 * collected, and `charts` says what each chart drew, read from its canvas.
 */
import { existsSync } from "node:fs";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { PALETTE } from "../../core/report/client/palette.ts";
import { tempDir } from "./temp.ts";

const CHROMIUM = "/usr/bin/chromium";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function openBrowser(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the distribution's chromium package (.ci/run does: apt-get install -y chromium)`);
  return chromium.launchPersistentContext(tempDir(), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
}

/** What went wrong on the page, as it happens: console errors, uncaught errors, failed requests. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  return problems;
}

export type ChartState = { series: number; width: number; inked: boolean[] };

/**
 * Per chart: how many series uPlot drew (`data-series`), the canvas width, and, per series, whether
 * its colour is on the canvas (a pixel within a few levels of it: lines are anti-aliased at the edges).
 */
export function charts(page: Page): Promise<Record<string, ChartState>> {
  return page.evaluate((palette) => {
    const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    const out: Record<string, { series: number; width: number; inked: boolean[] }> = {};
    for (const holder of document.querySelectorAll<HTMLElement>("[data-chart]")) {
      const canvas = holder.querySelector("canvas");
      const series = Number(holder.dataset.series ?? 0);
      if (!canvas) {
        out[holder.dataset.chart!] = { series, width: 0, inked: [] };
        continue;
      }
      const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      const inked = palette.slice(0, series).map((hex) => {
        const [r, g, b] = rgb(hex) as [number, number, number];
        for (let i = 0; i < pixels.length; i += 4)
          if (pixels[i + 3]! > 200 && Math.abs(pixels[i]! - r) < 12 && Math.abs(pixels[i + 1]! - g) < 12 && Math.abs(pixels[i + 2]! - b) < 12) return true;
        return false;
      });
      out[holder.dataset.chart!] = { series, width: canvas.width, inked };
    }
    return out;
  }, PALETTE);
}

/** Where screenshots go: `REPORT_SCREENSHOTS` when set (docs/ for the README), else the test's temp folder. */
export function screenshotDir(): string {
  return process.env.REPORT_SCREENSHOTS ?? tempDir();
}
