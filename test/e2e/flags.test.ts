/**
 * Every decimal flag of every command is finite and bounded: decimal.js reads "1e999999999999999999"
 * as Infinity, which the flags below took (and printed, traded or simulated with) where they had no
 * upper bound. Each is a usage error naming the flag, before anything is fetched or started.
 */
import { describe, expect, test } from "bun:test";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { tempDb } from "../helpers/temp.ts";

const HUGE = "1e999999999999999999";
// Nothing listens on port 1: a command that got past its flags would fail (exit 1), not reach out.
const env = { PM_ARB_SANDBOX_URL: "http://127.0.0.1:1", PM_ARB_DB: tempDb() };

describe("a decimal flag given an infinite value: exit 2, one line naming the flag", () => {
  test.each([
    // fees --size: test/e2e/fees.test.ts, word for word.
    [["fees", "--price", "0.5", "--rate", "0.07", "--exponent", HUGE], "--exponent must be"],
    [["scan", "--max-size", HUGE], "--max-size must be"],
    [["prices", "BTC", "--band", HUGE], "--band must be"],
    [["run", "--once", "--large-loss", HUGE], "--large-loss must be"],
    [["run", "--once", "--bankroll", HUGE], "(flag --bankroll)"],
    [["run", "--once", "--max-trade-size", HUGE], "(flag --max-trade-size)"],
    [["run", "--once", "--max-market-exposure", HUGE], "(flag --max-market-exposure)"],
    [["run", "--once", "--max-total-exposure", HUGE], "(flag --max-total-exposure)"],
    [["run", "--once", "--daily-loss-limit", HUGE], "(flag --daily-loss-limit)"],
    // --fault is checked after --balance: on its own, --balance would start a sandbox.
    [["sandbox", "--port", "0", "--balance", HUGE, "--fault", "bogus"], "--balance must be"],
  ])("%j", async (args, names) => {
    const result = await runCli(args, { env });
    expectUsageError(result);
    expect(result.stderr).toContain(names);
    expect(result.stderr).toContain(HUGE);
  });
});
