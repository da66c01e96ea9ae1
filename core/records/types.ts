/**
 * Every record type pm-arb writes. A reader skips (with a warning) a line whose `type` is not here,
 * and passes through the known types it does not consume, so pipelines chain. Plain data, no zod:
 * cold commands can import it.
 */
const RECORD_TYPES = [
  "price",
  "market",
  "opportunity",
  "rejected",
  "decision",
  "order",
  "fill",
  "position",
  "fee",
  "alert",
  "summary",
  "status",
  "calibration",
  "recording",
  "config",
  "sandbox",
  "error",
] as const;

export const KNOWN_RECORD_TYPES: ReadonlySet<string> = new Set(RECORD_TYPES);
