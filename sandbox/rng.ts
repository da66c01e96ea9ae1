/**
 * Seeded randomness for the sandbox. Every stream is derived from (seed, name) so that adding a new
 * consumer never shifts the numbers an existing one sees: same seed, same prices and books.
 */
export type Rng = { next(): number; normal(): number; int(maxExclusive: number): number };

/** 32-bit FNV-1a, to turn a stream name into a seed component. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for a simulation (not for keys). */
export function createRng(seed: number, stream = ""): Rng {
  let state = (seed ^ hash32(stream)) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  const normal = () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  return { next, normal, int: (maxExclusive) => Math.floor(next() * maxExclusive) };
}

/** A deterministic decimal string of `digits` digits (token ids are 70–78 digit decimals). */
export function digitString(seed: number, stream: string, digits = 77): string {
  const rng = createRng(seed, stream);
  let out = String(1 + rng.int(9));
  while (out.length < digits) out += String(rng.int(10));
  return out;
}
