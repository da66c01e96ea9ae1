/** fetchJson over real HTTP (the sandbox on 127.0.0.1, its wire faults): every failure classified, never a throw of the wrong kind. */
import { beforeEach, describe, expect, test } from "bun:test";
import { VenueError } from "../../../core/cli/errors.ts";
import { FetchFailure, fetchJson, retryAfterMs } from "../../../core/http/fetch-json.ts";
import { useTestSandbox } from "../../helpers/sandbox.ts";
import { rejected } from "../../helpers/thrown.ts";

const sandbox = useTestSandbox({ startAt: Date.now(), speed: 1 });
const url = () => `${sandbox.url}/binance/api/v3/ticker/price?symbol=BTCUSDT`;
beforeEach(() => sandbox.admin.clearFaults());

/** The failure a request ends in: a FetchFailure, which is a VenueError. */
async function failure(target: string, timeoutMs = 2_000): Promise<FetchFailure> {
  const error = await rejected(FetchFailure, fetchJson(target, { venue: "binance", timeoutMs }));
  expect(error).toBeInstanceOf(VenueError);
  return error;
}

describe("fetchJson", () => {
  test("a JSON body is parsed", async () => {
    expect(await fetchJson(url(), { venue: "binance" })).toMatchObject({ symbol: "BTCUSDT", price: expect.stringMatching(/^\d+\.\d{8}$/) });
  });

  test.each([
    { fault: "binance:429:retry_after=7", kind: "rate-limit", status: 429, retryAfterMs: 7_000 },
    { fault: "binance:418:retry_after=120", kind: "banned", status: 418, retryAfterMs: 120_000 },
    { fault: "binance:451", kind: "geo-block", status: 451, retryAfterMs: undefined },
    { fault: "binance:403", kind: "forbidden", status: 403, retryAfterMs: undefined },
    { fault: "binance:425", kind: "not-ready", status: 425, retryAfterMs: undefined },
    { fault: "binance:503", kind: "server", status: 503, retryAfterMs: undefined },
    { fault: "binance:html", kind: "server", status: 502, retryAfterMs: undefined },
  ] as const)("$fault → $kind", async ({ fault, kind, status, retryAfterMs: wait }) => {
    await sandbox.admin.addFault(fault);
    const error = await failure(url());
    expect([error.failure, error.status, error.retryAfterMs]).toEqual([kind, status, wait]);
    expect(error.message.startsWith(`binance: HTTP ${status}`)).toBe(true);
  });

  test("the venue's own error text is kept (Binance msg)", async () => {
    await sandbox.admin.addFault("binance:451");
    expect((await failure(url())).message).toBe("binance: HTTP 451: Service unavailable from a restricted location according to 'b. Eligibility'");
    await sandbox.admin.clearFaults();
    const invalid = await failure(`${sandbox.url}/binance/api/v3/ticker/price?symbol=NOPE`);
    expect([invalid.failure, invalid.message]).toEqual(["client", "binance: HTTP 400: Invalid symbol."]);
  });

  test.each([
    { fault: "binance:html:status=200", what: "an HTML page with status 200" },
    { fault: "binance:truncated", what: "truncated JSON" },
    { fault: "binance:empty", what: "an empty body" },
  ])("$what → bad-payload", async ({ fault }) => {
    await sandbox.admin.addFault(fault);
    const error = await failure(url());
    expect(error.failure).toBe("bad-payload");
    expect(error.message).toContain("invalid JSON");
  });

  test("no answer within the timeout → timeout, before the answer comes", async () => {
    // The server answers (504) after 5 s: a timeout failure means the client gave up before that.
    await sandbox.admin.addFault("binance:timeout:ms=5000");
    const error = await failure(url(), 200);
    expect(error.failure).toBe("timeout");
    expect(error.message).toBe("binance: no answer within 200 ms");
  });

  test("nothing listening → network", async () => {
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
    const port = server.port;
    server.stop(true);
    expect((await failure(`http://127.0.0.1:${port}/`)).failure).toBe("network");
  });
});

describe("retryAfterMs", () => {
  test.each([
    { header: "2", expected: 2_000 },
    { header: "0.5", expected: 500 },
    { header: "Wed, 25 Nov 2026 12:00:30 GMT", expected: 30_000 },
    { header: "Wed, 25 Nov 2026 11:00:00 GMT", expected: 0 },
    { header: "soon", expected: undefined },
    { header: null, expected: undefined },
  ])("$header → $expected", ({ header, expected }) => {
    expect(retryAfterMs(header, Date.UTC(2026, 10, 25, 12, 0, 0))).toBe(expected);
  });
});
