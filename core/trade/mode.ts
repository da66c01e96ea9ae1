/**
 * Paper or live. Live only when `--live` is given and `PAPER_TRADING` is not forcing paper (the
 * pilot's kill switch: it wins over every flag); the credentials are checked by the live path.
 */
import { paperTradingForced, type Env } from "../config/env.ts";
import type { TradeMode } from "./client-order-id.ts";

export type ModeChoice = { mode: TradeMode; note?: string };

export function chooseMode(live: boolean, env: Env): ModeChoice {
  if (!live) return { mode: "paper" };
  if (paperTradingForced(env)) return { mode: "paper", note: "PAPER_TRADING is set: paper trading, whatever the flags (--live ignored)" };
  return { mode: "live" };
}
