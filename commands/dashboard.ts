/** `pm-arb dashboard`: the report page served live from the store, with the kill switch. Wiring only; logic in core/report. */
import { defineCommand } from "citty";
import { RuntimeFailure } from "../core/cli/errors.ts";
import { commonArgs, storeArgs, storeFlag } from "../core/cli/flags.ts";
import { log } from "../core/cli/log.ts";
import { loadConfig } from "../core/config/load.ts";
import { startDashboard } from "../core/report/dashboard.ts";
import { isLoopback, parseDashboardFlags } from "../core/report/options.ts";
import { limitsFromConfig } from "../core/risk/limits.ts";
import { installSignals } from "../core/run/signals.ts";
import { openStore } from "../core/store/open.ts";

export default defineCommand({
  meta: {
    name: "dashboard",
    description: "The report page, live from the store (refreshes itself): loop, feeds, positions, orders, alerts, equity, lag, and the kill switch (token printed at start-up)",
  },
  args: {
    ...commonArgs,
    ...storeArgs,
    port: { type: "string", description: "Port to listen on (default 8788; 0 picks a free one)", valueHint: "port" },
    host: { type: "string", description: "Address to bind (default 127.0.0.1); anything else exposes the page to that network", valueHint: "address" },
    mode: { type: "string", description: "Which book: paper or live (default paper)", valueHint: "paper|live" },
    refresh: { type: "string", description: "How often the page re-reads the store (default 2s)", valueHint: "duration" },
  },
  async run({ args }) {
    const options = parseDashboardFlags(args);
    const config = loadConfig({ configPath: args.config, overrides: storeFlag(args) });
    const store = openStore(config.db);
    let dashboard: ReturnType<typeof startDashboard>;
    try {
      dashboard = startDashboard({ store, mode: options.mode, bankroll: limitsFromConfig(config).bankroll, host: options.host, port: options.port, refreshMs: options.refreshMs });
    } catch (error) {
      store.close();
      throw new RuntimeFailure(`dashboard could not listen on ${options.host}:${options.port}: ${(error as Error).message}`);
    }
    const stopped = new Promise<void>((resolve) => installSignals(() => resolve()));
    if (!isLoopback(options.host)) log().warn(`listening on ${options.host}: anyone who can reach it can read the page; the kill switch still needs the token`);
    log().info(`dashboard (${options.mode}) at ${dashboard.url} reading ${store.path}`);
    log().info(`kill-switch token (paste it into the page to stop trading): ${dashboard.token}`);
    await stopped;
    await dashboard.stop();
    store.close();
  },
});
