/**
 * Deterministic opportunity ids: the same market, outcome token, window and strategy always give
 * the same id, whatever the price, size or time of the scan, so `risk`/`trade` can de-duplicate
 * repeated sightings of one opportunity across ticks and across processes.
 */

/** sha256 hex through Bun's native hasher (`node:crypto` would load Node's stream modules at start-up). */
const sha256 = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex");

export type OpportunityKey = {
  condition_id: string;
  token_id: string;
  /** The window's start (ms) when the market has one. */
  window_start?: number;
  /** The market's end (ms). */
  end: number;
  strategy: "fair_value" | "complement";
};

/** "opp_" + the first 24 hex digits of sha256("condition|token|window_start|end|strategy"). */
export function opportunityId(key: OpportunityKey): string {
  const text = `${key.condition_id.toLowerCase()}|${key.token_id}|${key.window_start ?? ""}|${key.end}|${key.strategy}`;
  return `opp_${sha256(text).slice(0, 24)}`;
}

/** The id shared by the legs of one complement trade. */
export function complementGroupId(conditionId: string, end: number, windowStart?: number): string {
  return `cmp_${sha256(`${conditionId.toLowerCase()}|${windowStart ?? ""}|${end}`).slice(0, 24)}`;
}
