/**
 * The plain words a sandbox session (`bun run demo`, `run --sandbox`) ends with, on stderr: what was
 * simulated — the venue, its lag, paper fills — what came of it, and that none of it says anything
 * about the real venue.
 */
import { Decimal } from "../decimal.ts";
import { type LiveSnapshot, money, signed } from "./live-view.ts";
import type { SandboxChoice } from "./options.ts";

/** The simulated market (run.ts SANDBOX_MARKET). */
type SandboxMarket = { lagMs: number; jumpsPerHour: number; jumpSize: number };

export function sandboxReport(snapshot: LiveSnapshot, choice: SandboxChoice, market: SandboxMarket, latencyMs: number): string {
  const { counts, pnl } = snapshot;
  const result = pnl
    ? `equity ${money(pnl.bankroll)} → ${money(pnl.equity)} (realised ${signed(pnl.realised_pnl)}, unrealised ${signed(pnl.unrealised_pnl)} at the last mark, fees ${money(pnl.fees_paid)}; ${pnl.open_positions} position(s) still open)`
    : "P&L unavailable (the store could not be read)";
  return [
    "",
    "What just ran was a simulation, not trading:",
    `  venue   pm-arb's built-in sandbox (seed ${choice.seed}, ${choice.speed}x time). Its market makers quote spot as it was ${market.lagMs / 1000} s ago,`,
    `          and its spot jumps about ${market.jumpsPerHour} times an hour by ${new Decimal(market.jumpSize).times(100).toString()}%: the lag edges were put there to be found.`,
    snapshot.mode === "paper"
      ? `  fills   paper: each order met the sandbox's own book ${latencyMs} ms (venue time) after the decision; no order left this machine.`
      : "  fills   live orders, signed and matched by the sandbox's CLOB on 127.0.0.1; no order left this machine.",
    `  result  ${counts.orders} orders, ${counts.fills} fills, ${counts.settled} settled; ${result}.`,
    "Sandbox profits say nothing about the real venue: its lag, its makers and your fills there are not simulated here.",
    "Measure first: `pm-arb calibrate` scores the fair value on real resolved windows (README, pm-arb calibrate),",
    "and `pm-arb record` captures the real feeds for `pm-arb backtest`.",
    "",
  ].join("\n");
}
