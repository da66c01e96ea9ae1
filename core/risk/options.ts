/** `pm-arb risk` flags → typed options. */
import { UsageError } from "../cli/errors.ts";
import type { RiskOptions } from "./run.ts";

export function parseRiskFlags(flags: Record<string, unknown>): RiskOptions {
  const actions = [flags.status === true && "--status", flags.rearm === true && "--rearm", typeof flags.kill === "string" && "--kill", flags.unkill === true && "--unkill"].filter(
    Boolean,
  );
  if (actions.length > 1) throw new UsageError(`give one of ${actions.join(", ")}`);
  if (flags.kill !== undefined && (typeof flags.kill !== "string" || flags.kill.trim() === "")) throw new UsageError('--kill needs a reason, e.g. --kill "bad fills on BTC"');
  const action: RiskOptions["action"] =
    flags.status === true
      ? { kind: "status" }
      : flags.rearm === true
        ? { kind: "rearm" }
        : typeof flags.kill === "string"
          ? { kind: "kill", reason: flags.kill.trim() }
          : flags.unkill === true
            ? { kind: "unkill" }
            : { kind: "evaluate" };
  return { action, live: flags.live === true, ...(typeof flags.config === "string" ? { configPath: flags.config } : {}) };
}
