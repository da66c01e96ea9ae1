/** `pm-arb risk` flags → typed options. */
import { UsageError } from "../cli/errors.ts";
import { storeFlag } from "../cli/flags.ts";
import type { RiskOptions } from "./run.ts";

/** The kill switch had two names; `pm-arb stop` is the one kept (it also stops the running loop). */
const MOVED_TO_STOP = {
  kill: "the kill switch is pm-arb stop: pm-arb stop --reason TEXT (risk --kill is gone; stop also stops a running loop)",
  unkill: "the kill switch is re-armed with pm-arb stop --clear (risk --unkill is gone)",
} as const;

export function parseRiskFlags(flags: Record<string, unknown>): RiskOptions {
  for (const [flag, message] of Object.entries(MOVED_TO_STOP)) if (flags[flag] !== undefined && flags[flag] !== false) throw new UsageError(message);
  const actions = [flags.status === true && "--status", flags.rearm === true && "--rearm"].filter(Boolean);
  if (actions.length > 1) throw new UsageError(`give one of ${actions.join(", ")}`);
  const action: RiskOptions["action"] = flags.status === true ? { kind: "status" } : flags.rearm === true ? { kind: "rearm" } : { kind: "evaluate" };
  return { action, live: flags.live === true, ...(typeof flags.config === "string" ? { configPath: flags.config } : {}), ...storeFlag(flags) };
}
