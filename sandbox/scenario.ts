/**
 * Scenario files: faults scripted on simulated time, for `pm-arb sandbox --scenario FILE` and tests.
 *
 *   {"steps": [{"at_ms": 5000, "add": ["binance:451"]},
 *              {"at_ms": 20000, "remove": {"service": "binance"}},
 *              {"at_ms": 30000, "clear": true}]}
 *
 * `at_ms` is an offset from the sandbox's simulated start; `add` takes fault specs
 * (`service:kind[:k=v,…]`) or fault objects; `remove` a filter `{id?, service?, kind?}`; `clear`
 * removes every fault. Steps run in `at_ms` order as simulated time reaches them, whatever the speed
 * (including jumps made with the admin clock).
 */
import { checkFault, type FaultInput, parseFaultSpec } from "./faults.ts";
import type { SandboxInstance } from "./server.ts";

type ScenarioStep = {
  at_ms: number;
  add?: FaultInput[];
  remove?: { id?: number; service?: string; kind?: string };
  clear?: boolean;
};

export type Scenario = { steps: ScenarioStep[] };

const CHECK_EVERY_MS = 20;

function fail(where: string, message: string): never {
  throw new Error(`scenario ${where}: ${message}`);
}

function parseFault(item: unknown, where: string): FaultInput {
  const fault = item as Partial<FaultInput> | null;
  if (typeof item !== "string" && (!fault || typeof fault !== "object" || typeof fault.service !== "string" || typeof fault.kind !== "string")) {
    return fail(where, 'each fault must be a spec string such as "binance:451" or {"service", "kind", …}');
  }
  try {
    if (typeof item === "string") return parseFaultSpec(item);
    checkFault(fault as FaultInput);
    return fault as FaultInput;
  } catch (error) {
    return fail(where, (error as Error).message);
  }
}

function parseRemove(value: unknown, where: string): ScenarioStep["remove"] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return fail(where, 'remove must be an object such as {"service": "binance"}');
  const { id, service, kind, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) fail(where, `remove accepts id, service and kind; got ${Object.keys(rest).join(", ")}`);
  if (id !== undefined && typeof id !== "number") fail(where, "remove.id must be a number");
  if (service !== undefined && typeof service !== "string") fail(where, "remove.service must be a string");
  if (kind !== undefined && typeof kind !== "string") fail(where, "remove.kind must be a string");
  return { id: id as number | undefined, service: service as string | undefined, kind: kind as string | undefined };
}

/** Parses and validates a scenario; throws an Error naming the step and field at fault. */
export function parseScenario(text: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail("file", `not valid JSON (${(error as Error).message})`);
  }
  const steps = (raw as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return fail("file", 'must be an object with a "steps" array');
  const parsed = steps.map((step, index): ScenarioStep => {
    const where = `step ${index + 1}`;
    if (!step || typeof step !== "object") return fail(where, "must be an object");
    const { at_ms, add, remove, clear, ...rest } = step as Record<string, unknown>;
    if (Object.keys(rest).length > 0) fail(where, `unknown field ${Object.keys(rest)[0]} (allowed: at_ms, add, remove, clear)`);
    if (typeof at_ms !== "number" || !Number.isFinite(at_ms) || at_ms < 0) fail(where, "at_ms must be a number of milliseconds ≥ 0");
    if (add !== undefined && !Array.isArray(add)) fail(where, "add must be an array of fault specs");
    if (clear !== undefined && typeof clear !== "boolean") fail(where, "clear must be true or false");
    return {
      at_ms,
      add: (add as unknown[] | undefined)?.map((item) => parseFault(item, where)),
      remove: remove === undefined ? undefined : parseRemove(remove, where),
      clear: clear as boolean | undefined,
    };
  });
  return { steps: parsed.sort((a, b) => a.at_ms - b.at_ms) };
}

export async function loadScenario(path: string): Promise<Scenario> {
  const file = Bun.file(path);
  if (!(await file.exists())) throw new Error(`scenario file ${path} does not exist`);
  return parseScenario(await file.text());
}

function applyStep(app: SandboxInstance, step: ScenarioStep): void {
  if (step.clear) app.faults.remove({});
  if (step.remove) app.faults.remove(step.remove);
  for (const fault of step.add ?? []) app.addFault(fault);
}

/**
 * Runs a scenario against a live sandbox: steps already due are applied at once, the rest as
 * simulated time reaches them. Returns how many steps are still waiting (for tests and logs).
 */
export function runScenario(app: SandboxInstance, scenario: Scenario): { pending(): number } {
  const queue = [...scenario.steps];
  const start = app.options.startAt;
  const applyDue = () => {
    const now = app.clock.now();
    while (queue.length > 0 && start + queue[0]!.at_ms <= now) applyStep(app, queue.shift()!);
  };
  applyDue();
  if (queue.length > 0) {
    const timer = setInterval(() => {
      applyDue();
      if (queue.length === 0) clearInterval(timer);
    }, CHECK_EVERY_MS);
    void app.stoppedSignal.then(() => clearInterval(timer));
  }
  return { pending: () => queue.length };
}
