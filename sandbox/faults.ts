import { closest } from "../core/suggest.ts";
import { isService, SERVICES } from "./services.ts";

/**
 * Faults on demand. A fault names a service (the first path segment: `binance`, `clob`,
 * `binance-ws`, …), a kind, and optional parameters. Wire-level kinds (status codes, slow, timeout,
 * truncated, html, empty, garbage, echo-headers) are applied by the server to any service; semantic kinds
 * (ghost-fill, timeout-after-accept, silent, stale, drop, …) are looked up by the service that
 * implements them through `active`.
 *
 * Spec strings (CLI `--fault`, scenario files): `service:kind[:key=value,…]`, where kind is a
 * status code (`binance:451`, `coingecko:429:retry_after=2`) or a name (`clob:ghost-fill`,
 * `binance:slow:ms=3000`, `binance:garbage:value=nan`, `clob:425:path=/order,count=2`).
 */
export type Fault = {
  id: number;
  service: string;
  kind: string;
  /** Only requests whose path (after the service prefix) starts with this. */
  path?: string;
  /** Remaining times the fault fires; undefined = until removed. */
  count?: number;
  params: Record<string, string>;
  /** Simulated time (ms) when the fault was added; `stale` quotes freeze here. */
  addedAt?: number;
};

export type FaultInput = Omit<Fault, "id" | "params"> & { params?: Record<string, string> };

/** Kinds the server applies to any service (besides HTTP status codes such as `451`). */
export const WIRE_KINDS: readonly string[] = ["slow", "timeout", "truncated", "html", "empty", "garbage", "echo-headers"];

/**
 * Kinds a service implements itself: `refuse`, `drop` and `silent` on any socket service; `stale`
 * and `skew` on the spot providers; `nulls` on Gamma; `stale-book`, `ghost-fill`, `delayed`,
 * `execution-error` and `timeout-after-accept` on the CLOB. A new one must be added here, or
 * specs naming it are rejected as misspelled.
 */
const SEMANTIC_KINDS: readonly string[] = ["refuse", "drop", "silent", "stale", "skew", "nulls", "stale-book", "ghost-fill", "delayed", "execution-error", "timeout-after-accept"];

/** Throws when a fault names a service the sandbox does not serve or a kind nothing implements. */
export function checkFault(fault: Pick<FaultInput, "service" | "kind">, spec = `${fault.service}:${fault.kind}`): void {
  if (!isService(fault.service)) {
    const hint = closest(fault.service, [...SERVICES]);
    throw new Error(`fault "${spec}": unknown service "${fault.service}"${hint ? ` (did you mean ${hint}?)` : ""}; services: ${SERVICES.join(", ")}`);
  }
  if (/^\d{3}$/.test(fault.kind) || WIRE_KINDS.includes(fault.kind) || SEMANTIC_KINDS.includes(fault.kind)) return;
  const hint = closest(fault.kind, [...WIRE_KINDS, ...SEMANTIC_KINDS]);
  throw new Error(
    `fault "${spec}": unknown kind "${fault.kind}"${hint ? ` (did you mean ${hint}?)` : ""}; kinds: an HTTP status such as 503, ${[...WIRE_KINDS, ...SEMANTIC_KINDS].join(", ")}`,
  );
}

export function parseFaultSpec(spec: string): FaultInput {
  const [service, kind, ...parts] = spec.split(":");
  const rest = parts.join(":");
  if (!service || !kind) throw new Error(`fault "${spec}" must look like service:kind[:key=value,…], e.g. binance:451`);
  const params: Record<string, string> = {};
  for (const pair of rest ? rest.split(",") : []) {
    const [key, value] = pair.split("=", 2);
    if (!key || value === undefined) throw new Error(`fault "${spec}": parameter "${pair}" must be key=value`);
    params[key.trim()] = value.trim();
  }
  const { path, count, ...others } = params;
  checkFault({ service, kind }, spec);
  return { service, kind, path, count: count === undefined ? undefined : Number(count), params: others };
}

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  /** `now` stamps each fault with the simulated time it was added. */
  constructor(private readonly now: () => number = () => Date.now()) {}

  add(input: FaultInput): Fault {
    checkFault(input);
    const fault: Fault = { ...input, params: input.params ?? {}, addedAt: input.addedAt ?? this.now(), id: this.nextId++ };
    this.faults.push(fault);
    return fault;
  }

  remove(filter: { id?: number; service?: string; kind?: string } = {}): number {
    const before = this.faults.length;
    // Kept: faults that differ from the filter in a field it names.
    this.faults = this.faults.filter((fault) => (["id", "service", "kind"] as const).some((key) => filter[key] !== undefined && fault[key] !== filter[key]));
    return before - this.faults.length;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  /** Faults matching a request, without consuming them. */
  matching(service: string, path: string, kind?: string): Fault[] {
    return this.faults.filter((fault) => fault.service === service && (kind === undefined || fault.kind === kind) && (fault.path === undefined || path.startsWith(fault.path)));
  }

  /** The first matching fault of a kind (or any kind when omitted), consumed once if counted. */
  take(service: string, path: string, kind?: string): Fault | undefined {
    const fault = this.matching(service, path, kind)[0];
    if (fault && fault.count !== undefined) {
      fault.count -= 1;
      if (fault.count <= 0) this.remove({ id: fault.id });
    }
    return fault;
  }

  /** Whether a semantic fault is on, without consuming it (for streams and long-lived state). */
  active(service: string, kind: string, path = ""): Fault | undefined {
    return this.matching(service, path, kind)[0];
  }
}
