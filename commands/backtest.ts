/** `pm-arb backtest DIR`: `pm-arb run --replay DIR` — the loop, paper, on a recording. Wiring only; logic in core/replay. */
import { defineCommand } from "citty";
import { commonArgs } from "../core/cli/flags.ts";
import { emitRecords } from "../core/cli/output.ts";
import { parseRunFlags } from "../core/run/options.ts";
import { loopArgs } from "./run.ts";

export default defineCommand({
  meta: {
    name: "backtest",
    description: "The run loop, paper, on a recording (pm-arb record) on its own clock: same recording and flags, same records; a summary report at the end",
  },
  args: {
    ...commonArgs,
    dir: { type: "positional", required: true, description: "The recording directory", valueHint: "DIR" },
    ...loopArgs,
  },
  async run({ args }) {
    const { dir, ...flags } = args;
    const options = parseRunFlags({ ...flags, replay: dir });
    const { replayDirectory } = await import("../core/replay/run.ts");
    const { renderReplayReport } = await import("../core/replay/report-table.ts");
    process.exitCode = await emitRecords(args, true, (emit) => replayDirectory(options, emit), renderReplayReport);
  },
});
