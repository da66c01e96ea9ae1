/**
 * Progress of long work on stderr, the same for every command (discovery paging, record, replay,
 * calibrate): on a terminal one line rewritten in place (log lines go above it) and cleared when the
 * work is done; piped or to a file, a plain `[info]` line at most once every `everyMs`. Work done
 * within `afterMs` shows nothing; nothing at all under --quiet. stdout is never touched.
 *
 *   const bar = progress("replay");
 *   for (…) bar.update(`${n} of ${total} lines`);   // cheap: drawn only when due
 *   bar.done(`${n} lines replayed`);                 // clears the line; the text (optional) stays
 */
import { isatty } from "node:tty";
import { isQuiet, setOverlay } from "./log.ts";

export type Progress = {
  /** The work's state now, e.g. "12 pages, 3400 rows"; shown when due. */
  update(text: string): void;
  /** The work is over: clears the terminal line; `text`, when given, stays as a last line. */
  done(text?: string): void;
};

export type ProgressOptions = {
  /** Where it goes (default stderr) and whether that is a terminal (default: whether stderr is). */
  stream?: { write(text: string): unknown };
  terminal?: boolean;
  now?: () => number;
  /** Nothing is shown for work that ends within this long (default 1 s). */
  afterMs?: number;
  /** Least time between two lines when not on a terminal (default 1 s; a terminal redraws at most every 100 ms). */
  everyMs?: number;
};

export function progress(label: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const terminal = options.terminal ?? (options.stream === undefined && isatty(2));
  const now = options.now ?? Date.now;
  const start = now();
  const afterMs = options.afterMs ?? 1_000;
  const everyMs = terminal ? 100 : (options.everyMs ?? 1_000);
  let last = Number.NEGATIVE_INFINITY;
  let line: string | undefined;
  const overlay = { clear: () => stream.write("\r\x1b[K"), redraw: () => line !== undefined && stream.write(line) };
  return {
    update(text) {
      const at = now();
      if (isQuiet() || at - start < afterMs || at - last < everyMs) return;
      last = at;
      if (!terminal) {
        stream.write(`[info] ${label}: ${text}…\n`);
        return;
      }
      if (line === undefined) setOverlay(overlay);
      line = `${label}: ${text}`;
      overlay.clear();
      overlay.redraw();
    },
    done(text) {
      if (line !== undefined) {
        overlay.clear();
        setOverlay(undefined);
        line = undefined;
      }
      if (text !== undefined && !isQuiet()) stream.write(`[info] ${label}: ${text}\n`);
    },
  };
}
