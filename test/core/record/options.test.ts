import { expect, test } from "bun:test";
import { parseRecordFlags } from "../../../core/record/options.ts";

test("--max-bytes takes bytes or a binary unit, and no less than 4096 bytes", () => {
  const bytes = (text: string) => parseRecordFlags({ "max-bytes": text }).maxBytes;
  expect([bytes("4096"), bytes("64K"), bytes("64KiB"), bytes("500M"), bytes("2g"), bytes("1TB")]).toEqual([4096, 65_536, 65_536, 524_288_000, 2_147_483_648, 1_099_511_627_776]);
  for (const bad of ["4095", "1.5G", "-1", "64Q", "", "99999999999999999999"])
    expect(() => parseRecordFlags({ "max-bytes": bad })).toThrow(/--max-bytes must be a size of at least 4096 bytes/);
});

test("defaults, filters and the sandbox choice", () => {
  expect(parseRecordFlags({})).toEqual({ symbols: [], kinds: [], endsWithinMs: undefined, discoverEveryMs: 30_000 });
  expect(parseRecordFlags({ symbols: "BTC,ETH", kinds: "updown", "ends-within": "1h", duration: "2h", out: "rec", sandbox: true, seed: "4" })).toEqual({
    out: "rec",
    durationMs: 7_200_000,
    symbols: ["BTC", "ETH"],
    kinds: ["updown"],
    endsWithinMs: 3_600_000,
    discoverEveryMs: 30_000,
    sandbox: { seed: 4, speed: 20 },
  });
  expect(() => parseRecordFlags({ symbols: "BTCUSDT" })).toThrow(/--symbols/);
  expect(() => parseRecordFlags({ duration: "0s" })).toThrow(/--duration must be longer than 0/);
  expect(() => parseRecordFlags({ out: " " })).toThrow(/--out must name a directory/);
});
