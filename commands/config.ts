import { defineCommand } from "citty";
import { commonArgs, storeArgs, storeFlag } from "../core/cli/flags.ts";
import { emitRecords, stamp } from "../core/cli/output.ts";
import { resolveConfig } from "../core/config/load.ts";
import { configView } from "../core/config/view.ts";

export default defineCommand({
  meta: {
    name: "config",
    description: "Print the effective configuration (defaults < pm-arb.config.json < PM_ARB_* env < flags), secrets masked",
  },
  args: { ...commonArgs, ...storeArgs },
  async run({ args }) {
    const resolved = resolveConfig({ configPath: args.config, overrides: storeFlag(args) });
    await emitRecords(args, false, async (emit) => emit(stamp("config", configView(resolved))));
  },
});
