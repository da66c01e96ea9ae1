#!/usr/bin/env bun
/** pm-arb's entry point: a static table of commands, each loaded only when it is run. */
import { runCli, type CommandTable } from "../core/cli/main.ts";

const commands: CommandTable = {
  fees: { description: "Taker fee, break-even probability and net edge for a price and size", load: () => import("./fees.ts") },
  config: { description: "Print the effective configuration (secrets masked)", load: () => import("./config.ts") },
};

process.exitCode = await runCli(commands, process.argv.slice(2));
