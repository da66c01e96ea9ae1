/**
 * secp256k1 ECDSA signatures whose nonces are drawn before the message exists, off the order path.
 *
 * ethers' SigningKey derives each nonce from the key and the message (RFC 6979): an HMAC-DRBG and
 * a scalar multiplication per signature — 0.25 ms warm, 0.6–0.8 ms inside the loop, where it runs
 * a few times a minute and is never hot. A nonce drawn at random from the system's CSPRNG is
 * standard ECDSA (FIPS 186-5) and does not depend on the message, so everything that costs can be
 * computed ahead: the nonce k, r = x(k·G), the parity of y(k·G), k⁻¹ and k⁻¹·r·d. Signing a digest
 * z is then s = k⁻¹·z + k⁻¹·r·d (mod n): one multiplication.
 *
 * Each nonce is taken from the pool once and dropped (a nonce used twice would give the key away),
 * lives only in memory, and the pool is topped up on a later turn of the event loop. Signatures are
 * low-s, with v = 27 + the recovery id, serialized r ‖ s ‖ v as ethers serializes them, so anything
 * that verifies or recovers an ethers signature accepts them (tests recover the signer from each).
 * ethers (v6) computes with this same @noble/curves release.
 */
import { invert, mod } from "@noble/curves/abstract/modular";
import { secp256k1 } from "@noble/curves/secp256k1";
import { randomBytes } from "node:crypto";

const N = secp256k1.CURVE.n;
const HALF_N = N >> 1n;
/** Orders come a few a minute; four drawn nonces cover a burst, and a miss draws one inline. */
const POOL_SIZE = 4;

type Nonce = { rHex: string; parity: number; kInverse: bigint; kInverseRD: bigint };

export type DigestSigner = {
  /** `0x` r ‖ s ‖ v (65 bytes) for a 32-byte digest given as 64 hex digits. */
  sign(digestHex: string): string;
};

function drawNonce(d: bigint): Nonce {
  for (;;) {
    const k = BigInt(`0x${randomBytes(32).toString("hex")}`);
    if (k === 0n || k >= N) continue;
    const point = secp256k1.ProjectivePoint.BASE.multiply(k).toAffine();
    // r = x mod n; an x at or above n (odds ~2^-128) would need recovery ids 2/3: draw again.
    if (point.x === 0n || point.x >= N) continue;
    const kInverse = invert(k, N);
    return { rHex: point.x.toString(16).padStart(64, "0"), parity: Number(point.y & 1n), kInverse, kInverseRD: mod(kInverse * point.x * d, N) };
  }
}

/** A signer for the key (0x + 64 hex digits, already validated by the caller). */
export function predrawnNonceSigner(privateKeyHex: string): DigestSigner {
  const d = BigInt(privateKeyHex);
  const pool: Nonce[] = [];
  let refilling = false;
  const refill = () => {
    if (refilling) return;
    refilling = true;
    const timer = setTimeout(() => {
      refilling = false;
      while (pool.length < POOL_SIZE) pool.push(drawNonce(d));
    }, 0);
    timer.unref?.();
  };
  refill();

  return {
    sign(digestHex) {
      const z = BigInt(`0x${digestHex}`);
      for (;;) {
        const nonce = pool.shift() ?? drawNonce(d);
        refill();
        let s = mod(nonce.kInverse * z + nonce.kInverseRD, N);
        if (s === 0n) continue;
        let recovery = nonce.parity;
        if (s > HALF_N) {
          s = N - s;
          recovery ^= 1;
        }
        return `0x${nonce.rHex}${s.toString(16).padStart(64, "0")}${recovery === 0 ? "1b" : "1c"}`;
      }
    },
  };
}
