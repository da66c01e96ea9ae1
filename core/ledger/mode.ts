/**
 * Paper or live. Live only when `--live` is given and nothing says paper: `--live` overrides the
 * default of `paper_trading`, never a setting. `paper_trading: true` in the config file,
 * `PM_ARB_PAPER_TRADING=true` and the pilot's kill switch `PAPER_TRADING=true` each force paper,
 * whatever the flags; the credentials are checked by the live path.
 */
import { log } from "../cli/log.ts";
import { type Env, envName, paperTradingForced } from "../config/env.ts";
import { type ResolvedConfig, resolveConfig } from "../config/load.ts";
import type { TradeMode } from "./client-order-id.ts";

export type ModeChoice = { mode: TradeMode; note?: string };

/** Who said paper (for the note), or undefined when only the default did. */
function paperSaidBy(resolved: Pick<ResolvedConfig, "config" | "sources" | "file">, env: Env): string | undefined {
  if (resolved.config.paper_trading !== true || resolved.sources.paper_trading === "default") return undefined;
  if (paperTradingForced(env)) return "PAPER_TRADING is set";
  if (resolved.sources.paper_trading === "env") return `${envName("paper_trading")} is true`;
  if (resolved.sources.paper_trading === "file") return `paper_trading is true in ${resolved.file ?? "the config file"}`;
  return "paper_trading is true";
}

export function chooseMode(live: boolean, resolved: Pick<ResolvedConfig, "config" | "sources" | "file">, env: Env): ModeChoice {
  if (!live) return { mode: "paper" };
  const said = paperSaidBy(resolved, env);
  if (said) return { mode: "paper", note: `${said}: paper trading, whatever the flags (--live ignored)` };
  return { mode: "live" };
}

/** A command's configuration and mode (`--live` asked for, `overrides` as flags); why paper won over `--live` is logged. */
export function configuredMode(options: { configPath?: string; live: boolean; db?: string }, env: Env, overrides?: Record<string, unknown>) {
  const resolved = resolveConfig({ configPath: options.configPath, env, overrides: options.db === undefined ? overrides : { ...overrides, db: options.db } });
  const choice = chooseMode(options.live, resolved, env);
  if (choice.note) log().warn(choice.note);
  return { resolved, config: resolved.config, mode: choice.mode };
}
