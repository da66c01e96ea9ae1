/**
 * The recording's manifest (`manifest.json`): what is in the directory, rewritten after every
 * flush through a temp file and a rename, so it is always whole and at most one flush behind the
 * files. `complete` turns true only on a clean stop.
 */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE, type RECORDING_FORMAT, type RECORDING_VERSION } from "./format.ts";

export type ManifestFile = {
  name: string;
  /** ISO start of the file's period (a UTC hour). */
  hour: string;
  lines: number;
  /** Compressed bytes on disk. */
  bytes: number;
  first_t: number;
  last_t: number;
  /** Lines per `src`. */
  sources: Record<string, number>;
};

export type Manifest = {
  format: typeof RECORDING_FORMAT;
  version: typeof RECORDING_VERSION;
  /** Receive times (ms) of the first and last line; null before the first. */
  started_at: number | null;
  ended_at: number | null;
  complete: boolean;
  stop_reason: string | null;
  /** Whose clock `t` is read from: the system clock, or a sandbox's simulated clock (`speed` × real time). */
  clock: "system" | "sandbox";
  speed: number;
  period_ms: number;
  options: Record<string, unknown>;
  lines: number;
  bytes: number;
  files: ManifestFile[];
};

export function writeManifest(dir: string, manifest: Manifest): void {
  const path = join(dir, MANIFEST_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
