/**
 * The only writer of stdout. Every record is one JSON object per line with `type`, `v` and `ts`
 * first; decimals are already strings by the time they get here. When stdout is a terminal (or
 * `--table`) records are shown as aligned tables instead, per record type.
 */
import { isatty } from "node:tty";

export type OutputFormat = "json" | "table";

export type RecordEnvelope = { type: string; v: number; ts: string };

/** Stamps a record with its type, schema version and time. */
export function stamp<T extends object>(type: string, fields: T, now: Date = new Date(), v = 1): RecordEnvelope & T {
  return { type, v, ts: now.toISOString(), ...fields };
}

export function chooseFormat(flags: { json?: boolean; table?: boolean }, isTerminal: (fd: number) => boolean = isatty): OutputFormat {
  if (flags.json) return "json";
  if (flags.table) return "table";
  return isTerminal(1) ? "table" : "json";
}

export class Output {
  private readonly pending: Record<string, unknown>[] = [];

  constructor(
    readonly format: OutputFormat = "json",
    /** Streaming commands print a table row per record rather than waiting for the end. */
    private readonly streaming = false,
  ) {}

  emit(record: RecordEnvelope & Record<string, unknown>): void {
    if (this.format === "json") {
      // console.log: cheapest at start-up, and Bun ends quietly on a closed pipe (`| head -1`).
      console.log(JSON.stringify(record));
      return;
    }
    if (this.streaming) console.log(renderTable([record]));
    else this.pending.push(record);
  }

  /** Prints what table mode buffered; JSON mode has nothing to flush. */
  flush(): void {
    if (this.pending.length === 0) return;
    const byType = new Map<string, Record<string, unknown>[]>();
    for (const record of this.pending) {
      const type = String(record.type);
      byType.set(type, [...(byType.get(type) ?? []), record]);
    }
    console.log([...byType.values()].map((rows) => renderTable(rows)).join("\n\n"));
    this.pending.length = 0;
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Aligned columns: the union of the rows' keys, minus the envelope's `v`. */
export function renderTable(rows: Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((key) => key !== "v");
  const body = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.min(60, Math.max(column.length, ...body.map((line) => line[i]!.length))));
  const pad = (values: string[]) =>
    values
      .map((value, i) => value.slice(0, 60).padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [pad(columns), ...body.map(pad)].join("\n");
}

/**
 * The wiring every record-printing command shares: an Output for its flags, flushed however the run
 * ends. `streaming`: a table row per record as it comes (long-running and piped commands).
 */
export async function emitRecords<T>(
  args: { json?: boolean; table?: boolean },
  streaming: boolean,
  run: (emit: (record: RecordEnvelope & Record<string, unknown>) => void) => Promise<T>,
): Promise<T> {
  const output = new Output(chooseFormat(args), streaming);
  try {
    return await run((record) => output.emit(record));
  } finally {
    output.flush();
  }
}
