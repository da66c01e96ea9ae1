/** The wiring every record-printing command shares: an Output for its flags, flushed however the run ends. */
import { chooseFormat, Output, type RecordEnvelope } from "../core/cli/output.ts";

/** `streaming`: a table row per record as it comes (long-running and piped commands). */
export async function emitRecords<T>(
  args: { json?: boolean; table?: boolean },
  streaming: boolean,
  run: (emit: (record: RecordEnvelope & Record<string, unknown>) => void) => Promise<T>,
  render?: (record: RecordEnvelope & Record<string, unknown>) => string | undefined,
): Promise<T> {
  const output = new Output(chooseFormat(args), streaming, render);
  try {
    return await run((record) => output.emit(record));
  } finally {
    output.flush();
  }
}
