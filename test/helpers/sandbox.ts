/**
 * An isolated sandbox venue per test file, on 127.0.0.1 port 0, in-process:
 *
 *   const sandbox = useTestSandbox({ seed: 7 }); // started before the file's tests, stopped after
 *   await runCli(["prices"], { env: sandbox.env });
 *
 * Defaults: seed 1, speed 0 (simulated time frozen at the start; step it with `admin.advance`).
 * `admin` drives the venue through its real admin endpoints. `wallet` is a fresh random key per
 * sandbox (never committed); `creds` is filled once API credentials are derived for it, and
 * `fundedWallet()` is where wallet funding / key derivation plugs in (S3).
 */
import { afterAll, beforeAll } from "bun:test";
import { Wallet } from "ethers";
import type { Counter } from "../../sandbox/counters.ts";
import type { Fault, FaultInput } from "../../sandbox/faults.ts";
import { type SandboxOptions, startVenue } from "../../sandbox/index.ts";

export type TestWallet = {
  privateKey: string;
  address: string;
  /** L2 API credentials for this wallet, once derived. */
  creds?: { apiKey: string; secret: string; passphrase: string };
};

export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

function newWallet(): TestWallet {
  const wallet = Wallet.createRandom();
  return { privateKey: wallet.privateKey, address: wallet.address };
}

export async function startTestSandbox(options: Partial<SandboxOptions> = {}) {
  const handle = await startVenue({ port: 0, seed: 1, speed: 0, ...options });
  const call = async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${handle.url}/admin${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`sandbox admin ${method} ${path}: ${payload.error ?? response.status}`);
    return payload;
  };
  const counters = () => call<Record<string, Counter>>("GET", "/counters");
  return {
    url: handle.url,
    port: handle.port,
    /** Each service's base URL (its own port with `ports: "separate"`). */
    services: handle.services,
    /** Environment for spawned CLIs: every service points at this sandbox. */
    env: { PM_ARB_SANDBOX_URL: handle.url },
    /** The in-process venue (models, clock, faults) for assertions that need it. */
    app: handle.app,
    admin: {
      counters,
      /** Requests served on one path since the counters were last reset. */
      requests: async (path: string) => (await counters())[path]?.requests ?? 0,
      resetCounters: async () => void (await call("POST", "/counters/reset")),
      addFault: async (fault: string | FaultInput) => (await call<{ added: Fault[] }>("POST", "/faults", { add: [fault] })).added[0]!,
      removeFaults: async (filter: { id?: number; service?: string; kind?: string }) => void (await call("POST", "/faults", { remove: filter })),
      clearFaults: async () => void (await call("POST", "/faults", { clear: true })),
      /** Jumps simulated time forward; returns the new simulated now (ms). */
      advance: async (ms: number) => (await call<{ now: number }>("POST", "/clock", { advance_ms: ms })).now,
      setSpeed: async (speed: number) => (await call<{ speed: number }>("POST", "/clock", { speed })).speed,
    },
    wallet: newWallet(),
    /** A fresh wallet ready to trade on this sandbox. Loaded on demand: the official CLOB client is slow to import and most suites do not trade. */
    fundedWallet: async () => (await import("./sandbox-wallet.ts")).withTestCreds(handle.url, newWallet()),
    /** `ws://` URL of a sandbox service path, e.g. `ws("/rtds")`. */
    ws: (path: string) => `${handle.url.replace(/^http/, "ws")}${path}`,
    stop: () => handle.stop(),
  };
}

/** A sandbox for the enclosing file or describe block: started before its tests, stopped after them. */
export function useTestSandbox(options: Partial<SandboxOptions> = {}): TestSandbox {
  const sandbox = {} as TestSandbox;
  beforeAll(async () => void Object.assign(sandbox, await startTestSandbox(options)));
  afterAll(() => sandbox.stop());
  return sandbox;
}

/** `use` run with `fault` injected on the sandbox; every fault is cleared after, whatever happened. */
export async function withFault<T>(sandbox: TestSandbox, fault: string | FaultInput, use: () => Promise<T>): Promise<T> {
  await sandbox.admin.addFault(fault);
  try {
    return await use();
  } finally {
    await sandbox.admin.clearFaults();
  }
}

/** Opens a WebSocket and resolves once it is open (rejects if the upgrade is refused). */
export function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error(`WebSocket ${url} failed to open`));
  });
}

/**
 * Collects a socket's text messages; `next(predicate)` resolves with the first message (parsed
 * JSON when it parses) that matches, including ones already received and not yet taken.
 */
export function messages(ws: WebSocket) {
  const queue: unknown[] = [];
  const waiters: { match: (message: unknown) => boolean; resolve: (message: unknown) => void }[] = [];
  ws.addEventListener("message", (event) => {
    const text = String(event.data);
    let message: unknown = text;
    try {
      message = JSON.parse(text);
    } catch {}
    const index = waiters.findIndex((waiter) => waiter.match(message));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
    else queue.push(message);
  });
  return {
    /** Messages received and not taken yet. */
    pending: queue,
    next<T = any>(match: (message: any) => boolean = () => true): Promise<T> {
      const index = queue.findIndex(match);
      if (index >= 0) return Promise.resolve(queue.splice(index, 1)[0] as T);
      return new Promise((resolve) => waiters.push({ match, resolve: resolve as (message: unknown) => void }));
    },
    /** Drops everything received so far. */
    clear(): void {
      queue.length = 0;
    },
  };
}
