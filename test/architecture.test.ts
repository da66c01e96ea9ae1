/**
 * The import rules (.dependency-cruiser.mjs, docs/architecture.md#layers) over the real tree: no
 * upward import between layers, no file or folder cycle, the sandbox seen from core only by its
 * starter. And over test/fixtures/layers, a tree that breaks each rule once, to show the check
 * reports what it must.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";

/** Read as the depcruise CLI reads it. */
const options = await extractDepcruiseOptions(join(import.meta.dir, "..", ".dependency-cruiser.mjs"));

type Violation = { rule: string; from: string; to: string };

async function violations(roots: string[], baseDir?: string): Promise<Violation[]> {
  const { output } = await cruise(roots, { ...options, ...(baseDir ? { baseDir } : {}), validate: true });
  return (output as ICruiseResult).summary.violations.map((violation) => ({ rule: violation.rule.name, from: violation.from, to: violation.to }));
}

const describeViolations = (found: Violation[]) => found.map((v) => `${v.rule}: ${v.from} → ${v.to}`).join("\n");

describe("architecture", () => {
  test("core, commands and the sandbox keep the layers: no upward import, no cycle", async () => {
    const roots = ["core", "commands", "sandbox"].filter((root) => existsSync(root));
    const found = await violations(roots);
    if (found.length > 0) console.error(`import rule violations:\n${describeViolations(found)}`);
    expect(describeViolations(found)).toBe("");
  });

  test("the check reports an upward import (type-only and dynamic too), a cycle, a stray folder and the sandbox seen from core", async () => {
    const found = await violations(["core", "sandbox"], join(import.meta.dir, "fixtures", "layers"));
    const key = (v: Violation) => `${v.rule}: ${v.from} → ${v.to}`;
    expect(found.map(key).sort()).toEqual(
      [
        "layer-store-and-ledger: core/ledger/upward.ts → core/trade/engine.ts",
        "layer-alerts: core/alerts/late.ts → core/trade/engine.ts",
        "no-file-cycle: core/scan/a.ts → core/scan/b.ts",
        "no-folder-cycle: core/markets → core/oracle",
        "no-folder-cycle: core/oracle → core/markets",
        "core-without-layer: core/stray/thing.ts → core/trade/engine.ts",
        "core-starts-sandbox-only: core/run/loop.ts → sandbox/venue.ts",
        "sandbox-imports-wire-facts-only: sandbox/venue.ts → core/trade/engine.ts",
      ].sort(),
    );
  });
});
