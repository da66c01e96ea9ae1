import { describe, expect, test } from "bun:test";
import { classifyPost, MIN_SECRET_PIECE, type PostOutcome, redact, redactAnswer, redactor } from "../../../../../core/adapters/polymarket/execution/venue-errors.ts";

describe("venue answers → order status", () => {
  const cases: [string, PostOutcome, string, RegExp][] = [
    ["success: false with errorMsg", { kind: "answer", httpStatus: 200, body: { success: false, errorMsg: "not enough balance / allowance" } }, "rejected", /not enough balance/],
    [
      "400 with error",
      { kind: "answer", httpStatus: 400, body: { error: "invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals" } },
      "rejected",
      /max accuracy of 2 decimals/,
    ],
    ["401", { kind: "answer", httpStatus: 401, body: { error: "Unauthorized/Invalid api key" } }, "failed", /refused the API credentials \(401\).*pm-arb trade auth/],
    ["403 closed-only", { kind: "answer", httpStatus: 403, body: { error: "account is in closed only mode" } }, "failed", /closed-only mode \(403\)/],
    ["403 geo", { kind: "answer", httpStatus: 403, body: { error: "Trading restricted in your region" } }, "failed", /geo-blocked from here \(403\)/],
    ["425", { kind: "answer", httpStatus: 425, body: "", retryAfterMs: 5000 }, "failed", /restarting \(425\); nothing was placed; retry after 5 s/],
    ["429", { kind: "answer", httpStatus: 429, body: { error: "Too many requests" } }, "failed", /rate limited/],
    ["404", { kind: "answer", httpStatus: 404, body: { error: "market not found" } }, "failed", /answered 404: market not found; nothing was placed/],
    ["500", { kind: "answer", httpStatus: 500, body: { error: "could not run the execution" } }, "uncertain", /venue error 500.*may exist/],
    ["503 html", { kind: "answer", httpStatus: 503, body: "<html>down</html>" }, "uncertain", /venue error 503/],
    ["200 unreadable", { kind: "answer", httpStatus: 200, body: "garbage" }, "uncertain", /unreadable/],
    ["timeout after sending", { kind: "no-answer", sent: true, message: "no answer within 2000 ms" }, "uncertain", /no answer from the venue after sending.*may exist/],
    ["connection refused", { kind: "no-answer", sent: false, message: "ECONNREFUSED" }, "failed", /could not be reached.*nothing was sent/],
  ];
  test.each(cases)("%s", (_, outcome, status, reason) => {
    const classified = classifyPost(outcome);
    expect(classified.kind).toBe("refused");
    if (classified.kind !== "refused") return;
    expect(classified.execution.status as string).toBe(status);
    expect(classified.execution.reason).toMatch(reason);
  });

  test.each([
    ["400", { kind: "answer", httpStatus: 400, body: { error: "order 0x5f1e is invalid. Duplicated." } }],
    ["200 with success: false", { kind: "answer", httpStatus: 200, body: { success: false, errorMsg: "order 0x5f1e is invalid. Duplicated." } }],
  ] as [string, PostOutcome][])('the venue\'s "Duplicated" (%s) is a duplicate: placed before, nothing new, no fills', (_, outcome) => {
    const classified = classifyPost(outcome);
    expect(classified.kind).toBe("duplicate");
    expect(classified.kind === "duplicate" && classified.execution).toMatchObject({
      status: "rejected",
      fills: [],
      reason: expect.stringMatching(/already has this exact order \(order 0x5f1e is invalid\. Duplicated\.\)/),
    });
  });

  test("an accepted order keeps the venue's id, status and trade ids", () => {
    const classified = classifyPost({
      kind: "answer",
      httpStatus: 200,
      body: { success: true, errorMsg: "", orderID: "0xabc", status: "matched", tradeIDs: ["t1", "", 3], makingAmount: "5", takingAmount: "10" },
    });
    expect(classified).toMatchObject({ kind: "accepted", venueStatus: "matched", venueOrderId: "0xabc", tradeIds: ["t1"] });
  });

  test("secrets are redacted from every reason, with and without 0x", () => {
    const key = `0x${"ab".repeat(32)}`;
    const classified = classifyPost({ kind: "answer", httpStatus: 400, body: { error: `bad ${key} and ${key.slice(2)} and s3cr3t-pass` } }, redactor([key, "s3cr3t-pass"]));
    expect(classified.kind === "refused" && classified.execution.reason).toBe("rejected by the venue (400): bad *** and *** and ***");
    expect(redact("short", ["abc"])).toBe("short");
  });
});

describe("redaction leaves no piece of a secret", () => {
  // The shapes the CLOB's L2 credentials have: a url-safe base64 secret, a hex passphrase, a UUID key.
  const secret = "Zk9xR2tYbV8tYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnc=";
  const passphrase = "3f9a0c5be1d2478a96b0c4e3f1a2d5b7c8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3";
  const apiKey = "5b6c7d8e-1f2a-4b3c-9d8e-7f6a5b4c3d2e";
  const clean = redactor([secret, passphrase, apiKey]);
  const leaks = (text: string) =>
    [secret, passphrase, apiKey].flatMap((value) => {
      const pieces: string[] = [];
      for (let i = 0; i + MIN_SECRET_PIECE <= value.length; i++)
        if (text.toLowerCase().includes(value.slice(i, i + MIN_SECRET_PIECE).toLowerCase())) pieces.push(value.slice(i, i + MIN_SECRET_PIECE));
      return pieces;
    });

  test("a secret cut by the 300-character limit leaves no piece: redacted first, then cut", () => {
    const error = `${"x".repeat(284)} passphrase=${passphrase}`;
    const classified = classifyPost({ kind: "answer", httpStatus: 400, body: { error } }, clean);
    expect(classified.kind).toBe("refused");
    const reason = classified.kind === "refused" ? classified.execution.reason! : "";
    expect(reason).toContain("x".repeat(50));
    expect(leaks(reason)).toEqual([]);
  });

  test("pieces an echo cut short, other cases and the other base64 alphabet are redacted", () => {
    const echoed = [
      `poly_passphrase=${passphrase.slice(0, 16)}`,
      `poly_api_key=${apiKey.slice(0, 9)}`,
      `tail ${secret.slice(-10, -1)}.`,
      `upper ${passphrase.toUpperCase()}`,
      `standard ${secret.replace(/-/g, "+").replace(/_/g, "/")}`,
      `bytes ${Buffer.from(secret, "base64url").toString("hex")}`,
      `as base64 ${Buffer.from(passphrase, "hex").toString("base64")}`,
    ].join("; ");
    const out = clean(echoed);
    expect(leaks(out)).toEqual([]);
    expect(out).toContain("poly_passphrase=***");
    expect(out).toContain("poly_api_key=***");
    // Text that is no part of a secret stays as it was.
    expect(clean("order 0x1234 not found; retry in 5 s")).toBe("order 0x1234 not found; retry in 5 s");
  });

  test("the answer the store keeps is redacted in every string, keys included", () => {
    const body = { error: `saw ${passphrase}`, request: { headers: { poly_api_key: apiKey, [secret]: [passphrase.slice(3, 20)] } }, status: 400 };
    const kept = JSON.stringify(redactAnswer(body, clean));
    expect(leaks(kept)).toEqual([]);
    expect(JSON.parse(kept)).toMatchObject({ error: "saw ***", request: { headers: { poly_api_key: "***", "***": ["***"] } }, status: 400 });
  });
});
