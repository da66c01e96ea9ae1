/** `pm-arb report`: one self-contained HTML page from the store. Wiring only; logic in core/report. */
import { defineCommand } from "citty";
import { commonArgs } from "../core/cli/flags.ts";
import { log } from "../core/cli/log.ts";
import { loadConfig } from "../core/config/load.ts";
import { parseReportFlags } from "../core/report/options.ts";
import { buildReport, writeReport } from "../core/report/run.ts";

export default defineCommand({
  meta: {
    name: "report",
    description:
      "One self-contained HTML page (opens offline) from the store: equity and drawdown, P&L by series, fees vs edge, fills, opportunities, lag, and calibration from `calibrate` output",
  },
  args: {
    ...commonArgs,
    mode: { type: "string", description: "Which book: paper or live (default paper)", valueHint: "paper|live" },
    since: { type: "string", description: "Only this period: a duration before now (24h, 90m) or an ISO-8601 time (default: the whole store)", valueHint: "when" },
    out: { type: "string", description: "The HTML file to write (default report.html)", valueHint: "file" },
    calibration: { type: "string", description: "JSON lines from `pm-arb calibrate` to draw reliability diagrams from", valueHint: "file" },
  },
  run({ args }) {
    const now = new Date();
    const options = parseReportFlags(args, now);
    const config = loadConfig({ configPath: args.config });
    const data = buildReport(config, options, now);
    const path = writeReport(data, options.out);
    log().info(
      `report written to ${path} (${data.fills.length} fills, ${data.equity.length - 1} settled positions${data.calibration ? `, ${data.calibration.length} calibration curves` : ""})`,
    );
  },
});
