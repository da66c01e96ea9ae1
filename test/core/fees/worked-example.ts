/**
 * The README's worked example, `pm-arb fees --price 0.50 --size 100` on the 2026 crypto schedule,
 * as exact strings: held by the quote in process (quote.test.ts) and by the CLI's record
 * (test/e2e/fees.test.ts), so the two can never state different numbers.
 */
export const CRYPTO_AT_HALF_100_SHARES = {
  price: "0.5",
  size: "100",
  rate: "0.072",
  exponent: "1",
  taker_only: true,
  source: "preset:crypto",
  fee: "1.8",
  fee_per_share: "0.018",
  fee_share_of_cost: "0.036",
  fee_share_of_payout: "0.018",
  cost: "50",
  break_even: "0.518",
} as const;
