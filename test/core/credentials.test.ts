import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { inspect } from "node:util";
import { Wallet } from "ethers";
import { ConfigError } from "../../core/cli/errors.ts";
import { Credentials, loadCredentials, loadOptionalCredentials, privateKeyProblem } from "../../core/credentials.ts";
import { thrown } from "../helpers/thrown.ts";

/** Throwaway secrets generated per run; none of them is ever committed. */
const wallet = Wallet.createRandom();
const random = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("hex");
const env = {
  POLYMARKET_PRIVATE_KEY: wallet.privateKey,
  POLYMARKET_API_KEY: crypto.randomUUID(),
  POLYMARKET_SECRET: Buffer.from(random(32), "hex").toString("base64"),
  POLYMARKET_PASSPHRASE: random(32),
};
/** Runs a script in a fresh Bun with the secrets in its environment. */
async function spawnWithSecrets(script: string) {
  const proc = Bun.spawn([process.execPath, "-e", script], { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { out, err, code };
}
const MODULE = JSON.stringify(join(import.meta.dir, "..", "..", "core", "credentials.ts"));

describe("loading", () => {
  test("reads the key and API credentials; accessors return the raw values", () => {
    const creds = loadCredentials(env);
    expect(creds.privateKeyForSigning()).toBe(env.POLYMARKET_PRIVATE_KEY);
    expect(creds.apiCredsForSigning()).toEqual({ key: env.POLYMARKET_API_KEY, secret: env.POLYMARKET_SECRET, passphrase: env.POLYMARKET_PASSPHRASE });
    expect(creds.hasApiCreds).toBe(true);
    expect(creds.signatureType).toBe(0);
    expect(creds.funder).toBeUndefined();
  });

  test("the signer address is derived from the key, its surrounding whitespace (a stray newline in .env) trimmed", async () => {
    const creds = loadCredentials({ POLYMARKET_PRIVATE_KEY: ` ${wallet.privateKey}\n` });
    expect(creds.privateKeyForSigning()).toBe(wallet.privateKey);
    expect(await creds.signerAddress()).toBe(wallet.address);
    expect(await creds.fundingAddress()).toBe(wallet.address);
    expect(creds.hasApiCreds).toBe(false);
    expect(creds.apiCredsForSigning()).toBeUndefined();
  });

  test("no private key: optional loading gives undefined, required loading is a ConfigError", () => {
    expect(loadOptionalCredentials({})).toBeUndefined();
    expect(loadOptionalCredentials({ POLYMARKET_PRIVATE_KEY: "" })).toBeUndefined();
    expect(thrown(ConfigError, () => loadCredentials({})).key).toBe("POLYMARKET_PRIVATE_KEY");
  });

  test.each([["POLYMARKET_API_KEY"], ["POLYMARKET_SECRET"], ["POLYMARKET_PASSPHRASE"]])("API credentials are all or none: missing %s", (missing) => {
    const error = thrown(ConfigError, () => loadCredentials({ ...env, [missing]: undefined }));
    expect(error.key).toBe(missing);
    for (const [name, value] of Object.entries(env)) if (name !== missing) expect(error.message).not.toContain(value);
  });

  test("signature type from the environment, by number or name, beats the config default", () => {
    const funder = Wallet.createRandom().address;
    expect(loadCredentials({ ...env, POLYMARKET_FUNDER: funder, POLYMARKET_SIGNATURE_TYPE: "2" }).signatureType).toBe(2);
    expect(loadCredentials({ ...env, POLYMARKET_FUNDER: funder, POLYMARKET_SIGNATURE_TYPE: "poly_proxy" }).signatureType).toBe(1);
    const fromConfig = loadCredentials(env, { funder, signature_type: 3 });
    expect(fromConfig.signatureType).toBe(3);
    expect(fromConfig.funder).toBe(funder);
    expect(loadCredentials({ ...env, POLYMARKET_SIGNATURE_TYPE: "EOA" }, { funder, signature_type: 2 }).signatureType).toBe(0);
  });

  test.each([
    ["API credentials without a private key", { POLYMARKET_PRIVATE_KEY: undefined }, "POLYMARKET_PRIVATE_KEY"],
    ["a safe signature type without a funder", { POLYMARKET_SIGNATURE_TYPE: "POLY_GNOSIS_SAFE" }, "POLYMARKET_FUNDER"],
    ["a short funder", { POLYMARKET_FUNDER: "0x1234" }, "POLYMARKET_FUNDER"],
    ["a funder without 0x", { POLYMARKET_FUNDER: "1234567890123456789012345678901234567890" }, "POLYMARKET_FUNDER"],
    ["a funder not hex", { POLYMARKET_FUNDER: "0xZZ34567890123456789012345678901234567890" }, "POLYMARKET_FUNDER"],
    ["signature type 4", { POLYMARKET_SIGNATURE_TYPE: "4" }, "POLYMARKET_SIGNATURE_TYPE"],
    ["signature type SAFE", { POLYMARKET_SIGNATURE_TYPE: "SAFE" }, "POLYMARKET_SIGNATURE_TYPE"],
    ["signature type -1", { POLYMARKET_SIGNATURE_TYPE: "-1" }, "POLYMARKET_SIGNATURE_TYPE"],
  ])("%s is a ConfigError naming the key", (_, over, key) => {
    expect(thrown(ConfigError, () => loadOptionalCredentials({ ...env, ...over })).key).toBe(key);
  });
});

describe("private key validation never echoes the value", () => {
  const hex64 = () => Wallet.createRandom().privateKey.slice(2);
  test.each([
    ["no 0x prefix", () => hex64(), "prefix"],
    ["too short", () => `0x${hex64().slice(0, 63)}`, "63 characters"],
    ["too long", () => `0x${hex64()}ab`, "66 characters"],
    ["not hex", () => `0x${hex64().slice(0, 63)}g`, "not a hex digit"],
    ["zero", () => `0x${"0".repeat(64)}`, "out of range"],
    ["at the curve order", () => "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", "out of range"],
    ["a mnemonic", () => Wallet.createRandom().mnemonic!.phrase, "does not start with 0x"],
  ])("%s", (_, make, fragment) => {
    const value = make();
    const error = thrown(ConfigError, () => loadCredentials({ POLYMARKET_PRIVATE_KEY: value }));
    expect(error.key).toBe("POLYMARKET_PRIVATE_KEY");
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(fragment);
    expect(error.message).not.toContain(value);
    expect(error.message).not.toContain(value.replace(/^0x/, "").slice(0, 16));
    expect(String(error.stack)).not.toContain(value);
  });

  test("a valid key has no problem", () => {
    expect(privateKeyProblem(Wallet.createRandom().privateKey)).toBeUndefined();
  });
});

describe("masking in every string form", () => {
  const creds = loadCredentials({ ...env, POLYMARKET_FUNDER: Wallet.createRandom().address, POLYMARKET_SIGNATURE_TYPE: "1" });
  const raw = [env.POLYMARKET_PRIVATE_KEY, env.POLYMARKET_PRIVATE_KEY.slice(2), env.POLYMARKET_API_KEY, env.POLYMARKET_SECRET, env.POLYMARKET_PASSPHRASE];

  const forms: [string, () => string][] = [
    ["toString", () => creds.toString()],
    ["String()", () => String(creds)],
    ["template literal", () => `${creds}`],
    // biome-ignore lint/style/useTemplate: the + operator (toPrimitive hint "default") is the form under test
    ["string concatenation", () => "creds: " + creds],
    ["JSON.stringify", () => JSON.stringify(creds)],
    ["JSON.stringify nested", () => JSON.stringify({ context: { creds } })],
    ["util.inspect", () => inspect(creds)],
    ["util.inspect deep", () => inspect({ a: { b: { creds } } }, { depth: 10, showHidden: true })],
    ["Bun.inspect", () => Bun.inspect(creds)],
    ["Bun.inspect nested", () => Bun.inspect({ list: [creds] })],
    ["error message", () => new Error(`signing failed for ${creds}`).message],
    ["Object.entries", () => JSON.stringify(Object.entries(creds))],
    ["spread", () => Bun.inspect({ ...creds })],
    ["structuredClone", () => Bun.inspect(structuredClone(creds))],
  ];

  test.each(forms)("%s", (_, render) => {
    const text = render();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of raw) expect(text).not.toContain(secret);
  });

  test("the summary is still useful: masked markers, funder, signature type", () => {
    const text = creds.toString();
    expect(text).toContain("private_key=***");
    expect(text).toContain("api_secret=***");
    expect(text).toContain(creds.funder!);
    expect(text).toContain("POLY_PROXY");
    expect(JSON.parse(JSON.stringify(creds))).toMatchObject({ private_key: "***", api_passphrase: "***", signature_type: "POLY_PROXY" });
  });

  test("console.log output is masked", async () => {
    const { out, err, code } = await spawnWithSecrets(
      `const { loadCredentials } = await import(${MODULE}); const c = loadCredentials(process.env); console.log(c); console.log({ c }); console.error(c);`,
    );
    expect(code).toBe(0);
    expect(out).toContain("Credentials(");
    for (const secret of raw) expect(out + err).not.toContain(secret);
  });

  test("an instance built directly is masked too", () => {
    const key = Wallet.createRandom().privateKey;
    expect(Bun.inspect(new Credentials(key, undefined, undefined, 0))).not.toContain(key.slice(2));
  });
});

describe("laziness", () => {
  test("importing credentials (and loading them) does not load ethers", async () => {
    const { out, code } = await spawnWithSecrets(`const m = await import(${MODULE}); m.loadCredentials(process.env);
      console.log(Object.keys(require.cache).some((p) => p.includes("/node_modules/ethers/")) ? "ethers" : "clean");`);
    expect(code).toBe(0);
    expect(out.trim()).toBe("clean");
  });
});
