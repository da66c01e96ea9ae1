/**
 * Signatures from drawn nonces are valid ECDSA that ethers recovers to the key's address, low-s,
 * with v 27/28, and never share a nonce — whether the pool had one ready or one was drawn inline.
 */
import { describe, expect, test } from "bun:test";
import { secp256k1 } from "@noble/curves/secp256k1";
import { Signature, Wallet, recoverAddress } from "ethers";
import { createRng } from "../../../core/sandbox/rng.ts";
import { predrawnNonceSigner } from "../../../core/venue/predrawn-nonces.ts";

const HALF_N = secp256k1.CURVE.n >> 1n;

describe("signatures from drawn nonces", () => {
  test("300 random digests, back to back and spaced: each recovers to the key, is low-s and uses a fresh nonce", async () => {
    const wallet = Wallet.createRandom();
    const signer = predrawnNonceSigner(wallet.privateKey);
    const { next } = createRng(7, "predrawn-nonces");
    const rs = new Set<string>();
    const vs = new Set<number>();
    for (let i = 0; i < 300; i++) {
      // Every tenth waits a turn of the event loop, so the pool refills; the rest drain it.
      if (i % 10 === 0) await Bun.sleep(1);
      const digest = Array.from({ length: 64 }, () => Math.floor(next() * 16).toString(16)).join("");
      const serialized = signer.sign(digest);
      expect(serialized).toMatch(/^0x[0-9a-f]{128}(1b|1c)$/);
      const signature = Signature.from(serialized);
      expect(recoverAddress(`0x${digest}`, serialized)).toBe(wallet.address);
      expect(BigInt(signature.s) <= HALF_N).toBe(true);
      expect(secp256k1.verify(serialized.slice(2, 130), digest, wallet.signingKey.publicKey.slice(2))).toBe(true);
      rs.add(signature.r);
      vs.add(signature.v);
    }
    expect(rs.size).toBe(300);
    expect([...vs].sort()).toEqual([27, 28]);
  });

  test("the same digest signed twice gives two different signatures, both valid", () => {
    const wallet = Wallet.createRandom();
    const signer = predrawnNonceSigner(wallet.privateKey);
    const digest = "ab".repeat(32);
    const [one, two] = [signer.sign(digest), signer.sign(digest)];
    expect(one).not.toBe(two);
    for (const signature of [one, two]) expect(recoverAddress(`0x${digest}`, signature)).toBe(wallet.address);
  });
});
