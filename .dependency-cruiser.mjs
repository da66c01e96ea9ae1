/**
 * pm-arb's import rules (docs/architecture.md#layers), checked by test/architecture.test.ts on every
 * `bun run test` (so in CI). A layer imports only its own layer and the layers below it — type-only
 * imports included; no file imports itself round a cycle; no folder does either. Tests and bench
 * are not cruised: they may import anything.
 */

/** The one file in core/ that may import the sandbox: it starts it for `run --sandbox`. */
const SANDBOX_STARTER = "^core/run/start-sandbox\\.ts$";

/** Bottom up. Each entry: a name and the paths (regular expressions from the repo root) it holds. */
const LAYERS = [
  ["base", ["^core/(decimal|safe-parse|symbols|suggest|backoff|credentials|concurrency)\\.ts$", "^core/(records|cli|config|http|ws|model)/"]],
  ["store-and-ledger", ["^core/(store|ledger)/"]],
  ["alerts", ["^core/alerts/"]],
  ["adapters", ["^core/adapters/"]],
  ["markets-and-pricing", ["^core/(fees|markets|oracle|scan|calibrate)/"]],
  ["risk", ["^core/risk/"]],
  ["trade", ["^core/trade/"]],
  ["positions-and-run", ["^core/(positions|run|record|replay|report)/"]],
  ["commands", ["^commands/"]],
];

/** What the simulated venue may take from core: the base and the Polymarket wire facts it simulates. */
const SANDBOX_MAY_IMPORT = [...LAYERS[0][1], "^core/adapters/polymarket/wire/"];

const layerRules = LAYERS.slice(0, -1).map(([name, paths], rank) => ({
  name: `layer-${name}`,
  comment: `${name} imports only its own layer and those below it (${LAYERS.slice(0, rank)
    .map(([below]) => below)
    .join(", ") || "nothing"})`,
  severity: "error",
  from: { path: paths },
  to: { path: LAYERS.slice(rank + 1).flatMap(([, above]) => above) },
}));

const ranked = LAYERS.flatMap(([, paths]) => paths);

export default {
  forbidden: [
    ...layerRules,
    {
      name: "core-without-layer",
      comment: "every file in core/ belongs to a layer: add its folder to LAYERS in .dependency-cruiser.mjs",
      severity: "error",
      from: { path: "^core/", pathNot: ranked },
      to: {},
    },
    {
      name: "core-starts-sandbox-only",
      comment: "nothing in core/ imports the simulated venue except the file that starts it (SANDBOX_STARTER)",
      severity: "error",
      from: { path: "^core/", pathNot: SANDBOX_STARTER },
      to: { path: "^sandbox/" },
    },
    {
      name: "sandbox-imports-wire-facts-only",
      comment: "the sandbox takes the base and the Polymarket wire facts from core/, nothing that trades",
      severity: "error",
      from: { path: "^sandbox/" },
      to: { path: "^core/", pathNot: SANDBOX_MAY_IMPORT },
    },
    {
      name: "no-file-cycle",
      comment: "no file imports itself round a cycle",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-cycle",
      comment: "no folder imports itself round a cycle (core/ and sandbox/ as wholes do, by design: the starter one way, the wire facts the other)",
      severity: "error",
      scope: "folder",
      from: { pathNot: "^(core|sandbox)$" },
      to: { circular: true },
    },
  ],
  options: {
    // swc parses TypeScript here (the installed TypeScript 7.0 has no JS API); type-only imports count.
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
  },
};
