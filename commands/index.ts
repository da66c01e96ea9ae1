#!/usr/bin/env bun
/** pm-arb's entry point: a static table of commands, each loaded only when it is run. */
import { runCli } from "../core/cli/main.ts";
import { commands } from "./table.ts";

// No top-level await: it keeps the entry point bundleable with `bun build --bytecode`.
void runCli(commands, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
