import { describe, expect, test } from "bun:test";
import { resolveConfig } from "../../../core/config/load.ts";
import { CONFIG_KEYS } from "../../../core/config/schema.ts";
import { configView, MASK, maskUrl } from "../../../core/config/view.ts";

/** A folder without a config file. */
const cwd = import.meta.dir;

describe("maskUrl", () => {
  test.each([
    ["https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX", "https://hooks.slack.com/services/***"],
    ["https://discord.com/api/webhooks/123456789012345678/tok-en_VALUE", "https://discord.com/api/***"],
    ["https://example.com/abcdefSECRETtoken123", "https://example.com/***"],
    ["https://example.com/hook?token=SECRET&x=1", "https://example.com/hook?token=***&x=***"],
    ["https://user:SECRET@example.com/", "https://***@example.com"],
    ["https://example.com", "https://example.com"],
    ["https://example.com/h#SECRET", "https://example.com/h#***"],
    ["not a url SECRET", "***"],
  ])("%s → %s", (input, expected) => {
    expect(maskUrl(input)).toBe(expected);
  });
});

describe("configView", () => {
  const secrets = {
    PM_ARB_PUSHOVER_TOKEN: "azGDORePK8gMaC0QOYAMyEEuzJnyUi",
    PM_ARB_PUSHOVER_USER: "uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
    PM_ARB_COINGECKO_API_KEY: "CG-abcdefghijklmnopqrstuvw",
    PM_ARB_WEBHOOK_URL: "https://hooks.slack.com/services/T0/B0/WebhookSecretPart?sig=QuerySecretPart",
  };

  test("secrets are masked, set-ness stays visible", () => {
    const view = configView(resolveConfig({ env: secrets, cwd, home: "/h" }));
    expect(view).toMatchObject({ pushover_token: MASK, pushover_user: MASK, coingecko_api_key: MASK, webhook_url: "https://hooks.slack.com/services/***?sig=***" });
    const text = JSON.stringify(view);
    for (const secret of [...Object.values(secrets).slice(0, 3), "WebhookSecretPart", "QuerySecretPart"]) expect(text).not.toContain(secret);
  });

  test("JSON-ready: decimals as strings, unset keys as null, sources for every key", () => {
    const view = configView(resolveConfig({ env: { PM_ARB_MIN_EDGE: "0.0300" }, cwd, home: "/h" }));
    expect(view).toMatchObject({ min_edge: "0.03", bankroll: "200", max_open_positions: 10, pushover_token: null, funder: null, config_file: null });
    for (const key of CONFIG_KEYS) expect(key in view).toBe(true);
    expect(Object.keys(view.sources).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(view.sources.min_edge).toBe("env");
    const roundTrip = JSON.parse(JSON.stringify(view));
    expect(roundTrip).toEqual(view as unknown as Record<string, unknown>);
  });
});
