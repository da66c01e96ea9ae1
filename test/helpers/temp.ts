/**
 * Temp folders for a test: made under the test run's own TMPDIR (test/preload.ts), which is removed,
 * with everything in it, when the run ends.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const tempDir = (): string => mkdtempSync(join(tmpdir(), "pm-arb-"));

/** A store path in a temp folder of its own. */
export const tempDb = (name = "store"): string => join(tempDir(), `${name}.sqlite`);
