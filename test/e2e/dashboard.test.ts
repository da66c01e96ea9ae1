/**
 * `pm-arb dashboard` as a person uses it: start it on a store, open its page in headless Chromium,
 * watch it follow the store, and pull the kill switch from the page — refused without the token
 * printed at start-up, and with a wrong one; with it, the switch is set in the store and the loop
 * named by the heartbeat (a process this test owns) is signalled, exactly as `pm-arb stop` does.
 * Nothing served — page or API — holds the wallet key, the API secrets from the environment, or
 * the secrets planted in the store.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Wallet } from "ethers";
import type { BrowserContext } from "playwright-core";
import { insertAlert } from "../../core/alerts/store.ts";
import { readKillSwitch } from "../../core/run/kill-switch.ts";
import { openStore } from "../../core/store/open.ts";
import { fillReportStore, PLANTED_SECRET } from "../core/report/fixture.ts";
import { charts, openBrowser, screenshotDir, watchProblems } from "../helpers/browser.ts";
import { type RunningCli, spawnCli } from "../helpers/run-loop.ts";
import { tempDb } from "../helpers/temp.ts";

const wallet = Wallet.createRandom();
const SECRETS = {
  POLYMARKET_PRIVATE_KEY: wallet.privateKey,
  POLYMARKET_API_KEY: crypto.randomUUID(),
  POLYMARKET_SECRET: `sec-${crypto.randomUUID()}`,
  POLYMARKET_PASSPHRASE: `pass-${crypto.randomUUID()}`,
};

const db = tempDb();
/** Stands in for a running loop: its pid is in the heartbeat, so the kill switch signals it. */
const loop = Bun.spawn(["sleep", "600"]);
let dashboard: RunningCli;
let url: string;
let token: string;
let browser: BrowserContext;

beforeAll(async () => {
  fillReportStore(db, { loopPid: loop.pid, now: new Date() });
  dashboard = spawnCli(["dashboard", "--port", "0", "--refresh", "300ms"], { env: { PM_ARB_DB: db, ...SECRETS } });
  [url, token] = await dashboard.eventually(() => {
    const at = dashboard.stderr().match(/at (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
    const printed = dashboard.stderr().match(/token[^:]*: (\S+)/)?.[1];
    return at && printed ? ([at, printed] as const) : undefined;
  });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  dashboard?.kill("SIGTERM");
  await dashboard?.exited;
  loop.kill("SIGKILL");
});

const killState = () => {
  using store = openStore(db);
  return readKillSwitch(store.db);
};

describe("pm-arb dashboard", () => {
  test("binds to 127.0.0.1 and serves the page with every chart and the live state", async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(url);
    await page.waitForSelector("[data-chart='lag'] canvas");
    const drawn = await charts(page);
    const series = Object.fromEntries(Object.entries(drawn).map(([name, chart]) => [name, [chart.series, chart.inked.every(Boolean)]]));
    expect(series).toEqual({ equity: [2, true], pnl: [1, true], "fees-edge": [2, true], opportunities: [1, true], lag: [2, true] });
    expect(await page.locator("#kill-switch-state").textContent()).toContain("not set");
    expect(await page.locator("#loop-table tbody tr td").nth(1).textContent()).toBe("running");
    expect(await page.locator("#feeds-table tbody tr").count()).toBe(2);
    expect(await page.locator("#positions-table tbody tr td").nth(5).textContent()).toBe("0.55");
    expect(await page.locator("#orders-table tbody tr td").nth(3).textContent()).toBe("uncertain");
    await page.screenshot({ path: join(screenshotDir(), "dashboard.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  test("the page follows the store by itself", async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(url);
    await page.waitForSelector("#alerts-table");
    const title = `Drawdown halt ${crypto.randomUUID().slice(0, 8)}`;
    {
      using store = openStore(db);
      insertAlert(store.db, { key: "drawdown", kind: "drawdown_halt", level: "critical", priority: 2, title, message: "drawdown 25% ≥ 20%", suppressed: 0, at: new Date() }, {});
    }
    await page.waitForFunction((wanted) => document.querySelector("#alerts-table")?.textContent?.includes(wanted), title);
    expect(problems).toEqual([]);
    await page.close();
  });

  test("nothing served holds a secret from the environment or the store", async () => {
    const served = [await (await fetch(url)).text(), await (await fetch(`${url}api/data`)).text()];
    for (const text of served) for (const secret of [...Object.values(SECRETS), PLANTED_SECRET, token]) expect(text).not.toContain(secret);
    expect(served[1]).toContain('"open_positions"');
  });

  test("the kill switch from the page: refused without the token or with a wrong one, set with it", async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(url);
    await page.waitForSelector("#kill-form");
    await page.fill("#kill-reason", "seen enough");

    await page.click("#kill-form button");
    await page.waitForSelector("#kill-result.refused");
    expect(await page.locator("#kill-result").textContent()).toContain("token is required");
    await page.fill("#kill-token", `${token}x`);
    await page.click("#kill-form button");
    await page.waitForFunction(() => document.querySelector("#kill-result")?.textContent?.includes("wrong token"));
    expect(killState()).toBeUndefined();
    expect(loop.exitCode).toBeNull();

    await page.fill("#kill-token", token);
    await page.click("#kill-form button");
    await page.waitForSelector("#kill-result.ok");
    expect(killState()).toMatchObject({ reason: "seen enough" });
    await loop.exited;
    expect(loop.signalCode).toBe("SIGTERM");
    await page.waitForFunction(() => document.querySelector("#kill-switch-state")?.textContent?.startsWith("SET — seen enough"));
    // The browser logs the two refusals (401, 403) as failed resources; nothing else went wrong.
    expect(problems.filter((problem) => !/status of 40[13]/.test(problem))).toEqual([]);
    await page.close();
  });

  test("the API refuses a post without the token, and a bad body", async () => {
    const post = (headers: Record<string, string>, body: string) => fetch(`${url}api/kill`, { method: "POST", headers, body });
    expect((await post({}, "{}")).status).toBe(401);
    expect((await post({ authorization: "Bearer nope" }, "{}")).status).toBe(403);
    expect((await post({ authorization: `Bearer ${token}` }, "not json")).status).toBe(400);
    expect((await post({ authorization: `Bearer ${token}` }, JSON.stringify({ reason: "x", clear: true }))).status).toBe(400);
    expect((await fetch(`${url}nothing`)).status).toBe(404);
  });

  test("a request naming another host (a rebound DNS name) is refused; localhost is the same loopback", async () => {
    const port = new URL(url).port;
    for (const path of ["", "api/data"]) {
      expect((await fetch(`${url}${path}`, { headers: { host: `rebound.example:${port}` } })).status).toBe(421);
      expect((await fetch(`${url}${path}`, { headers: { host: `localhost:${port}` } })).status).toBe(200);
    }
    expect((await fetch(`${url}api/kill`, { method: "POST", headers: { host: `rebound.example:${port}`, authorization: `Bearer ${token}` }, body: "{}" })).status).toBe(421);
  });
});
