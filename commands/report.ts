/** `pm-arb report`: one self-contained HTML page from the store or a replay. Wiring only; logic in core/report. */
import { defineCommand } from "citty";
import { commonArgs, storeArgs, storeFlag } from "../core/cli/flags.ts";
import { log } from "../core/cli/log.ts";
import { loadConfig } from "../core/config/load.ts";
import { parseReportFlags } from "../core/report/options.ts";
import { buildReplayReport, buildReport, writeReport } from "../core/report/run.ts";
import { parseRunFlags } from "../core/run/options.ts";
import { loopArgs } from "./run.ts";

export default defineCommand({
  meta: {
    name: "report",
    description:
      "One self-contained HTML page (opens offline) from the store or a replayed recording: equity and drawdown, P&L by series, fees vs edge, fills, opportunities, lag, and calibration from `calibrate` output",
  },
  args: {
    ...commonArgs,
    ...storeArgs,
    mode: { type: "string", description: "Which book: paper or live (default paper)", valueHint: "paper|live" },
    since: { type: "string", description: "Only this period: a duration before now (24h, 90m) or an ISO-8601 time (default: the whole store)", valueHint: "when" },
    out: { type: "string", description: "The HTML file to write (default report.html)", valueHint: "file" },
    calibration: { type: "string", description: "JSON lines from `pm-arb calibrate` to draw reliability diagrams from", valueHint: "file" },
    replay: {
      type: "string",
      description:
        "Report on a recording (pm-arb record) replayed as pm-arb backtest DIR does, with the loop flags below, in a temporary store; its records go to stderr with --verbose (default: the store)",
      valueHint: "dir",
    },
    ...loopArgs,
  },
  async run({ args }) {
    const now = new Date();
    const options = parseReportFlags(args, now, Object.keys(loopArgs));
    const data =
      options.replay !== undefined
        ? await buildReplayReport(options.replay, options, parseRunFlags({ ...args, replay: options.replay }), now)
        : buildReport(loadConfig({ configPath: args.config, overrides: storeFlag(args) }), options, now);
    const path = writeReport(data, options.out);
    log().info(
      `report written to ${path} (${data.fills.length} fills, ${data.equity.length - 1} settled positions${data.calibration ? `, ${data.calibration.length} calibration curves` : ""})`,
    );
  },
});
