import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { inspect } from "node:util";
import { Wallet } from "ethers";
import { ConfigError } from "../../core/cli/errors.ts";
import { Credentials, loadCredentials, loadOptionalCredentials, privateKeyProblem } from "../../core/credentials.ts";
import { thrown } from "../helpers/thrown.ts";

/** Throwaway secrets generated per run; none of them is ever committed. */
function secrets() {
  const wallet = Wallet.createRandom();
  const random = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("hex");
  return {
    wallet,
    env: {
      POLYMARKET_PRIVATE_KEY: wallet.privateKey,
      POLYMARKET_API_KEY: crypto.randomUUID(),
      POLYMARKET_SECRET: Buffer.from(random(32), "hex").toString("base64"),
      POLYMARKET_PASSPHRASE: random(32),
    },
  };
}

describe("loading", () => {
  test("reads the key and API credentials; accessors return the raw values", () => {
    const { env } = secrets();
    const creds = loadCredentials(env);
    expect(creds.privateKeyForSigning()).toBe(env.POLYMARKET_PRIVATE_KEY);
    expect(creds.apiCredsForSigning()).toEqual({ key: env.POLYMARKET_API_KEY, secret: env.POLYMARKET_SECRET, passphrase: env.POLYMARKET_PASSPHRASE });
    expect(creds.hasApiCreds).toBe(true);
    expect(creds.signatureType).toBe(0);
    expect(creds.funder).toBeUndefined();
  });

  test("surrounding whitespace (a stray newline in .env) is trimmed", () => {
    const { env } = secrets();
    expect(loadCredentials({ POLYMARKET_PRIVATE_KEY: ` ${env.POLYMARKET_PRIVATE_KEY}\n` }).privateKeyForSigning()).toBe(env.POLYMARKET_PRIVATE_KEY);
  });

  test("the signer address is derived from the key", async () => {
    const { wallet } = secrets();
    const creds = loadCredentials({ POLYMARKET_PRIVATE_KEY: wallet.privateKey });
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

  test("API credentials without a private key are an error", () => {
    const { env } = secrets();
    expect(thrown(ConfigError, () => loadOptionalCredentials({ ...env, POLYMARKET_PRIVATE_KEY: undefined })).key).toBe("POLYMARKET_PRIVATE_KEY");
  });

  test.each([["POLYMARKET_API_KEY"], ["POLYMARKET_SECRET"], ["POLYMARKET_PASSPHRASE"]])("API credentials are all or none: missing %s", (missing) => {
    const { env } = secrets();
    const error = thrown(ConfigError, () => loadCredentials({ ...env, [missing]: undefined }));
    expect(error.key).toBe(missing);
    for (const [name, value] of Object.entries(env)) if (name !== missing) expect(error.message).not.toContain(value);
  });

  test("signature type from the environment, by number or name, beats the config default", () => {
    const { env } = secrets();
    const funder = Wallet.createRandom().address;
    expect(loadCredentials({ ...env, POLYMARKET_FUNDER: funder, POLYMARKET_SIGNATURE_TYPE: "2" }).signatureType).toBe(2);
    expect(loadCredentials({ ...env, POLYMARKET_FUNDER: funder, POLYMARKET_SIGNATURE_TYPE: "poly_proxy" }).signatureType).toBe(1);
    const fromConfig = loadCredentials(env, { funder, signature_type: 3 });
    expect(fromConfig.signatureType).toBe(3);
    expect(fromConfig.funder).toBe(funder);
    expect(loadCredentials({ ...env, POLYMARKET_SIGNATURE_TYPE: "EOA" }, { funder, signature_type: 2 }).signatureType).toBe(0);
  });

  test("a proxy or safe signature type needs a funder", () => {
    const { env } = secrets();
    expect(thrown(ConfigError, () => loadCredentials({ ...env, POLYMARKET_SIGNATURE_TYPE: "POLY_GNOSIS_SAFE" })).key).toBe("POLYMARKET_FUNDER");
  });

  test.each([["0x1234"], ["1234567890123456789012345678901234567890"], ["0xZZ34567890123456789012345678901234567890"]])("a malformed funder %s is rejected", (funder) => {
    const { env } = secrets();
    expect(thrown(ConfigError, () => loadCredentials({ ...env, POLYMARKET_FUNDER: funder })).key).toBe("POLYMARKET_FUNDER");
  });

  test.each([["4"], ["SAFE"], ["-1"]])("a bad signature type %s is rejected", (type) => {
    const { env } = secrets();
    expect(thrown(ConfigError, () => loadCredentials({ ...env, POLYMARKET_SIGNATURE_TYPE: type })).key).toBe("POLYMARKET_SIGNATURE_TYPE");
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
  const { env } = secrets();
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
    const proc = Bun.spawn(
      [
        process.execPath,
        "-e",
        `const { loadCredentials } = await import(${JSON.stringify(join(import.meta.dir, "..", "..", "core", "credentials.ts"))}); const c = loadCredentials(process.env); console.log(c); console.log({ c }); console.error(c);`,
      ],
      { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" },
    );
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
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
    const module = join(import.meta.dir, "..", "..", "core", "credentials.ts");
    const { env } = secrets();
    const script = `const m = await import(${JSON.stringify(module)}); m.loadCredentials(process.env);
      console.log(Object.keys(require.cache).some((p) => p.includes("/node_modules/ethers/")) ? "ethers" : "clean");`;
    const proc = Bun.spawn([process.execPath, "-e", script], { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(code).toBe(0);
    expect(out.trim()).toBe("clean");
  });
});
