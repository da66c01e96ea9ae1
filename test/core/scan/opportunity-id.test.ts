import { expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { complementGroupId, opportunityId } from "../../../core/scan/opportunity-id.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 24);

test("are sha256 prefixes of the key, as node:crypto computes them (ids persisted in stores stay valid)", () => {
  const key = { condition_id: "0xABCdef", token_id: "123", window_start: 1_767_225_600_000, end: 1_767_226_500_000, strategy: "fair_value" as const };
  expect(opportunityId(key)).toBe(`opp_${sha("0xabcdef|123|1767225600000|1767226500000|fair_value")}`);
  expect(opportunityId({ ...key, window_start: undefined, strategy: "complement" })).toBe(`opp_${sha("0xabcdef|123||1767226500000|complement")}`);
  expect(complementGroupId("0xABCdef", 1_767_226_500_000)).toBe(`cmp_${sha("0xabcdef||1767226500000")}`);
  expect(opportunityId(key)).toMatch(/^opp_[0-9a-f]{24}$/);
});
