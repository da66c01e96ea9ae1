import { defineCommand } from "citty";
import { commonArgs, storeArgs, storeFlag } from "../core/cli/flags.ts";
import { chooseFormat, Output, stamp } from "../core/cli/output.ts";
import { resolveConfig } from "../core/config/load.ts";
import { configView } from "../core/config/view.ts";

export default defineCommand({
  meta: {
    name: "config",
    description: "Print the effective configuration (defaults < pm-arb.config.json < PM_ARB_* env < flags), secrets masked",
  },
  args: { ...commonArgs, ...storeArgs },
  run({ args }) {
    const resolved = resolveConfig({ configPath: args.config, overrides: storeFlag(args) });
    const output = new Output(chooseFormat(args));
    output.emit(stamp("config", configView(resolved)));
    output.flush();
  },
});
