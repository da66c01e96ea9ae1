/** `pm-arb positions` flags → typed options. */
import { UsageError } from "../cli/errors.ts";
import { storeFlag } from "../cli/flags.ts";

type PositionsView = "open" | "all" | "orders" | "fills" | "summary";

export type PositionsOptions = { view: PositionsView; mark: boolean; settle: boolean; live: boolean; configPath?: string; db?: string };

export function parsePositionsFlags(flags: Record<string, unknown>): PositionsOptions {
  const views = (["all", "orders", "fills", "summary"] as const).filter((name) => flags[name] === true);
  if (flags.open === true && views.length > 0) throw new UsageError(`--open and --${views[0]} are different views; give one`);
  if (views.length > 1) throw new UsageError(`give one view: ${views.map((view) => `--${view}`).join(", ")}`);
  return {
    view: views[0] ?? "open",
    mark: flags.mark === true,
    settle: flags.settle === true,
    live: flags.live === true,
    ...(typeof flags.config === "string" ? { configPath: flags.config } : {}),
    ...storeFlag(flags),
  };
}
