/** `pm-arb stop`: set the kill switch and stop the running loop(s). Wiring only; logic in core/run/stop.ts. */
import { defineCommand } from "citty";
import { commonArgs, storeArgs, storeFlag } from "../core/cli/flags.ts";
import { log } from "../core/cli/log.ts";
import { chooseFormat, Output, stamp } from "../core/cli/output.ts";
import { loadConfig } from "../core/config/load.ts";
import { parseStopFlags } from "../core/run/options.ts";
import { stopLoops } from "../core/run/stop.ts";
import { openStore } from "../core/store/open.ts";

export default defineCommand({
  meta: {
    name: "stop",
    description: "Set the kill switch (no orders in any mode until --clear) and stop the running loop gracefully; one `status` record per loop",
  },
  args: {
    ...commonArgs,
    ...storeArgs,
    reason: { type: "string", description: "Why (kept with the switch; shown by run --status and in every refusal; default: manual stop)", valueHint: "text" },
    clear: { type: "boolean", description: "Re-arm: clear the kill switch (manual only; loops are not restarted)" },
    "cancel-open": { type: "boolean", description: "Also cancel every resting order of the wallet at the venue (needs POLYMARKET_PRIVATE_KEY)" },
    wait: { type: "string", description: "How long to wait for the loop to report stopped (default 10s)", valueHint: "duration" },
  },
  async run({ args }) {
    const options = parseStopFlags(args);
    const config = loadConfig({ configPath: args.config, overrides: storeFlag(args) });
    const store = openStore(config.db);
    const output = new Output(chooseFormat(args));
    try {
      const logger = { info: (m: string) => log().info(m), warn: (m: string) => log().warn(m) };
      const result = await stopLoops(options, { db: store.db, now: () => new Date(), log: logger });
      for (const status of result.statuses) output.emit(stamp("status", status));
      if (result.timedOut.length > 0) process.exitCode = 1;
      if (options.cancelOpen) {
        const { cancelOpenOrders } = await import("../core/adapters/polymarket/execution/cancel-all.ts");
        const cancelled = await cancelOpenOrders(config, process.env);
        const refused = Object.entries(cancelled.notCanceled);
        logger.info(
          `cancel-all: ${cancelled.canceled.length} resting order(s) cancelled at the venue${refused.length ? `; not cancelled: ${refused.map(([id, why]) => `${id.slice(0, 12)}… (${why})`).join(", ")}` : ""}`,
        );
        if (refused.length > 0) process.exitCode = 1;
      }
    } finally {
      output.flush();
      store.close();
    }
  },
});
