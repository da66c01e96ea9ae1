/**
 * Calibration on the seeded sandbox venue (see calibration-harness.ts): 40 steps of 30 s of
 * simulated time, every market scanned in-process at each step, windows settled and read back.
 * - With a large lag (makers quoting on a 30 s old price) the scan finds opportunities, and its fair
 *   probabilities score a better Brier score on the settled windows than the books' mid prices.
 * - With lag 0 (honest makers) it emits no opportunity above the default net edge in the great
 *   majority of windows; the measured rate is printed.
 */
import { expect, test } from "bun:test";
import { brier, calibrate } from "./calibration-harness.ts";

const RUN = { seed: 42, steps: 40, stepMs: 30_000 };

test("large lag: opportunities, and fair values beat the book's mid on Brier score", async () => {
  const result = await calibrate({ ...RUN, lagMs: 30_000 });
  const score = brier(result);
  console.info(
    `calibration lag 30s seed ${RUN.seed}: Brier fair ${score.fair.toFixed(4)} vs mid ${score.mid.toFixed(4)} over ${score.n} samples of ${result.outcomes.size} settled windows; opportunities in ${result.windowsWithOpportunity.size}/${result.scannedWindows.size} windows`,
  );
  expect(result.outcomes.size).toBeGreaterThanOrEqual(20);
  expect(score.n).toBeGreaterThanOrEqual(200);
  expect(result.opportunities.length).toBeGreaterThan(0);
  expect(result.windowsWithOpportunity.size).toBeGreaterThan(5);
  expect(score.fair).toBeLessThan(score.mid);
}, 60_000);

test("lag 0: no opportunity above the default net edge in the great majority of windows", async () => {
  const result = await calibrate({ ...RUN, lagMs: 0 });
  const rate = result.windowsWithOpportunity.size / result.scannedWindows.size;
  console.info(
    `calibration lag 0 seed ${RUN.seed}: false positives in ${result.windowsWithOpportunity.size}/${result.scannedWindows.size} windows (${(rate * 100).toFixed(1)}%), ${result.evaluationsWithOpportunity}/${result.evaluations} evaluations`,
  );
  expect(result.scannedWindows.size).toBeGreaterThan(50);
  expect(rate).toBeLessThan(0.1);
}, 60_000);
