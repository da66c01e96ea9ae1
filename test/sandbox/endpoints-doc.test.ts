/**
 * docs/sandbox-endpoints.md is true: its served rows are exactly the routes the sandbox registers
 * (plus the admin routes it handles itself) and each answers; its not-served rows answer the
 * sandbox's own 404; every endpoint the official CLOB client calls is in it.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { openSocket, useTestSandbox } from "../helpers/sandbox.ts";

const DOC = join(import.meta.dir, "../../docs/sandbox-endpoints.md");

type Row = { service: string; method: string; endpoint: string; served: boolean };

function rows(): Row[] {
  return readFileSync(DOC, "utf8")
    .split("\n")
    .map((line) => /^\| ([^|]+) \| ([A-Z]+) \| `([^`]+)` \| (served|not served) \|/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, service, method, endpoint, served]) => ({ service: service!, method: method!, endpoint: endpoint!, served: served === "served" }));
}

const key = (row: { method: string; endpoint: string }) => `${row.method} ${row.endpoint}`;
/** A concrete path for an endpoint: each `:param` filled with a placeholder. */
const concrete = (endpoint: string) => endpoint.replace(/:[A-Za-z_]+/g, "x");

const sandbox = useTestSandbox();

/** True when the sandbox has no route there: its own 404, not a service's answer. */
async function noRoute(row: Row): Promise<boolean> {
  if (row.method === "WS") {
    const ws = await openSocket(sandbox.ws(concrete(row.endpoint))).catch(() => undefined);
    ws?.close();
    return ws === undefined;
  }
  const response = await fetch(`${sandbox.url}${concrete(row.endpoint)}`, { method: row.method });
  const text = await response.text();
  return response.status === 404 && text.includes("sandbox: no ");
}

describe("docs/sandbox-endpoints.md", () => {
  test("rows parse, once each", () => {
    const all = rows();
    expect(all.length).toBeGreaterThan(50);
    expect(new Set(all.map(key)).size).toBe(all.length);
  });

  test("every route the sandbox registers is a served row, and every served row is registered", () => {
    const registered = new Set(sandbox.app.endpoints().map(key));
    const served = new Set(
      rows()
        .filter((row) => row.served && row.service !== "sandbox admin")
        .map(key),
    );
    expect([...registered].filter((route) => !served.has(route)).sort()).toEqual([]);
    expect([...served].filter((route) => !registered.has(route)).sort()).toEqual([]);
  });

  test("served rows answer; not-served rows get the sandbox's no-route 404", async () => {
    const wrong: string[] = [];
    for (const row of rows()) if ((await noRoute(row)) === row.served) wrong.push(`${key(row)} is not ${row.served ? "served" : "a 404"}`);
    expect(wrong).toEqual([]);
  });

  test("every endpoint the official CLOB client calls is a row", () => {
    const source = readFileSync(join(dirname(Bun.resolveSync("@polymarket/clob-client-v2", import.meta.dir)), "endpoints.js"), "utf8");
    const called = [...source.matchAll(/^const [A-Z_0-9]+ = "([^"]+)";$/gm)].map((match) => `/clob${match[1]}`);
    expect(called.length).toBeGreaterThan(40);
    const documented = rows().map((row) => row.endpoint);
    const missing = called.filter(
      (path) => !documented.some((endpoint) => endpoint === path || (path.endsWith("/") && endpoint.startsWith(path) && endpoint.slice(path.length).startsWith(":"))),
    );
    expect(missing).toEqual([]);
  });
});
