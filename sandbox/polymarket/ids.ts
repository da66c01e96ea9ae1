/**
 * Deterministic identifiers: numeric Gamma ids laid out from the window start (unique per
 * symbol, series and strike), 77-digit decimal token ids and 0x-hex condition ids from (seed, slug).
 */
import { createHash } from "node:crypto";
import { digitString } from "../rng.ts";

/** Minutes since 2025-01-01T00:00Z: the time axis ids are laid out on. */
const ID_EPOCH = Date.UTC(2025, 0, 1);

function minutes(windowStart: number): number {
  return Math.max(0, Math.floor((windowStart - ID_EPOCH) / 60_000));
}

/** Gamma market id: unique for (window start minute, symbol, series slot < 16). */
export function marketId(windowStart: number, symbolIndex: number, slot: number): string {
  return String(10_000_000 + minutes(windowStart) * 64 + symbolIndex * 16 + slot);
}

/** Gamma event id: one per (window start minute, symbol, series). */
export function eventId(windowStart: number, symbolIndex: number, seriesSlot: number): string {
  return String(200_000 + minutes(windowStart) * 16 + symbolIndex * 4 + Math.min(seriesSlot, 3));
}

export function tokenIds(seed: number, slug: string): [string, string] {
  return [digitString(seed, `token:${slug}:0`, 77), digitString(seed, `token:${slug}:1`, 77)];
}

function hex(text: string, bytes = 32): string {
  return createHash("sha256")
    .update(text)
    .digest("hex")
    .slice(0, bytes * 2);
}

export function conditionId(seed: number, slug: string): string {
  return `0x${hex(`${seed}:condition:${slug}`)}`;
}

export function questionId(seed: number, slug: string): string {
  return `0x${hex(`${seed}:question:${slug}`)}`;
}
