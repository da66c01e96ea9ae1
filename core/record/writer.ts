/**
 * Writes a recording: lines are buffered and, every flush (about a second), appended to the file
 * of their hour as one gzip member of their own. Concatenated members are one valid gzip stream,
 * so every file reads whole with `gunzip` at every moment except while a member is being appended:
 * a kill -9 loses at most the unflushed second. A finished hour is fsync'd before the next opens.
 *
 * Receive times come from the caller's clock, never going backwards (a clock re-read may step back
 * a little; the line keeps the previous time), so lines are in time order within and across files.
 *
 * `maxBytes` bounds the compressed bytes of the hour files: the flush that would cross it (with
 * room kept for the closing line) is dropped, a `stop` line says so, and the writer takes nothing
 * more.
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { frameLine, HOUR_MS, periodFileName, periodStart, valueLine } from "./format.ts";
import { type Manifest, type ManifestFile, writeManifest } from "./manifest.ts";

/** Room kept under `maxBytes` for the closing line's own gzip member. */
const CLOSING_RESERVE = 1024;
/** A buffer this large is flushed at once rather than at the next tick. */
const FLUSH_AT_BYTES = 1 << 20;

export type WriterOptions = {
  dir: string;
  /** Receive time (ms) of a line written now. */
  now: () => number;
  clock: Manifest["clock"];
  speed: number;
  options: Record<string, unknown>;
  /** File period: an hour (shorter in tests). */
  periodMs?: number;
  maxBytes?: number;
  /** Real ms between flushes. */
  flushEveryMs?: number;
  /** The byte cap was reached: the closing line is written and nothing more will be. */
  onFull?(reason: string): void;
  /** A flush failed (disk full, directory gone): the recording cannot go on. */
  onError?(error: Error): void;
};

type Pending = { t: number; src: string; line: string };
type OpenFile = { fd: number; entry: ManifestFile; period: number };

export class RecordingWriter {
  private readonly periodMs: number;
  private readonly files: ManifestFile[] = [];
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private current?: OpenFile;
  private lastT = 0;
  private bytes = 0;
  private lines = 0;
  private timer?: ReturnType<typeof setInterval>;
  private stopReason?: string;
  private finished = false;

  constructor(private readonly options: WriterOptions) {
    this.periodMs = options.periodMs ?? HOUR_MS;
  }

  /** Starts the flush timer. */
  start(): void {
    this.timer ??= setInterval(() => this.safeFlush(), this.options.flushEveryMs ?? 1_000);
  }

  /** Whether lines are still taken (false once stopped or full). */
  get accepting(): boolean {
    return this.stopReason === undefined;
  }

  /** Totals on disk so far. */
  get totals(): { lines: number; bytes: number; files: number } {
    return { lines: this.lines, bytes: this.bytes, files: this.files.length };
  }

  /** A frame received from a feed, as text. */
  frame(src: string, text: string): void {
    if (!this.accepting) return;
    const t = this.stamp();
    this.add({ t, src, line: frameLine(t, src, text) });
  }

  /** A parsed body (a Gamma response) under its source. */
  value(src: string, msg: unknown): void {
    if (!this.accepting) return;
    const t = this.stamp();
    this.add({ t, src, line: valueLine(t, src, msg) });
  }

  /** One of pm-arb's own lines (`src: "pm_arb"`): connects, gaps, reconnects, the stop. */
  event(fields: { event: string } & Record<string, unknown>): void {
    this.value("pm_arb", fields);
  }

  /** Writes the closing `stop` line, flushes, fsyncs and marks the manifest complete. Idempotent. */
  close(reason: string): Manifest {
    clearInterval(this.timer);
    if (!this.finished) {
      // What is buffered first (it may meet the cap), then the stop line in a member of its own.
      this.flush();
      if (this.stopReason === undefined) this.closingLine({ event: "stop", reason });
      this.finished = true;
      this.closeFile();
    }
    const manifest = this.manifest();
    writeManifest(this.options.dir, manifest);
    return manifest;
  }

  manifest(): Manifest {
    return {
      format: "pm-arb-recording",
      version: 1,
      started_at: this.files[0]?.first_t ?? null,
      ended_at: this.files.at(-1)?.last_t ?? null,
      complete: this.finished,
      stop_reason: this.stopReason ?? null,
      clock: this.options.clock,
      speed: this.options.speed,
      period_ms: this.periodMs,
      options: this.options.options,
      lines: this.lines,
      bytes: this.bytes,
      files: this.files.map((file) => ({ ...file, sources: { ...file.sources } })),
    };
  }

  private stamp(): number {
    this.lastT = Math.max(this.lastT, this.options.now());
    return this.lastT;
  }

  private add(entry: Pending): void {
    const period = periodStart(entry.t, this.periodMs);
    // A new hour: what is buffered belongs to the old one.
    if (this.pending.length > 0 && periodStart(this.pending[0]!.t, this.periodMs) !== period) this.flush();
    if (!this.accepting) return;
    this.pending.push(entry);
    this.pendingBytes += entry.line.length;
    if (this.pendingBytes >= FLUSH_AT_BYTES) this.safeFlush();
  }

  private safeFlush(): void {
    try {
      this.flush();
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }

  /** Appends what is buffered to its hour's file as one gzip member, then rewrites the manifest. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const member = gzipSync(`${batch.map((entry) => entry.line).join("\n")}\n`);
    const { maxBytes } = this.options;
    if (maxBytes !== undefined && this.bytes + member.length + CLOSING_RESERVE > maxBytes) {
      // The cap: this batch is dropped and the closing line alone is written.
      const reason = `max-bytes: ${maxBytes} bytes reached`;
      this.closingLine({ event: "stop", reason, dropped_lines: batch.length });
      this.options.onFull?.(reason);
      return;
    }
    this.append(batch, member);
    writeManifest(this.options.dir, this.manifest());
  }

  /** The last line of a recording, in a gzip member of its own; nothing is taken after it. */
  private closingLine(fields: { event: "stop"; reason: string } & Record<string, unknown>): void {
    this.stopReason = fields.reason;
    const t = this.stamp();
    const line = valueLine(t, "pm_arb", fields);
    this.append([{ t, src: "pm_arb", line }], gzipSync(`${line}\n`));
    writeManifest(this.options.dir, this.manifest());
  }

  private append(batch: Pending[], member: Uint8Array): void {
    const file = this.fileFor(periodStart(batch[0]!.t, this.periodMs));
    for (let offset = 0; offset < member.length; ) offset += writeSync(file.fd, member, offset);
    const entry = file.entry;
    entry.bytes += member.length;
    entry.lines += batch.length;
    if (entry.lines === batch.length) entry.first_t = batch[0]!.t;
    entry.last_t = batch.at(-1)!.t;
    for (const { src } of batch) entry.sources[src] = (entry.sources[src] ?? 0) + 1;
    this.bytes += member.length;
    this.lines += batch.length;
  }

  /** The open file of this period; a finished hour is fsync'd and closed first. */
  private fileFor(period: number): OpenFile {
    if (this.current?.period === period) return this.current;
    this.closeFile();
    const name = periodFileName(period, this.periodMs);
    const entry: ManifestFile = { name, hour: new Date(period).toISOString(), lines: 0, bytes: 0, first_t: period, last_t: period, sources: {} };
    this.current = { fd: openSync(join(this.options.dir, name), "a"), entry, period };
    this.files.push(entry);
    return this.current;
  }

  private closeFile(): void {
    if (!this.current) return;
    fsyncSync(this.current.fd);
    closeSync(this.current.fd);
    this.current = undefined;
  }
}
