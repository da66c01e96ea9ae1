/** Reads a whole recording: its lines (of `sources` when given), and each problem the reader reported, as `file:line message`. */
import { readRecording } from "../../../core/record/read.ts";

export async function readAll(dir: string, sources?: string[]) {
  const problems: string[] = [];
  const lines = await Array.fromAsync(readRecording(dir, { sources, onProblem: (p) => problems.push(`${p.file}:${p.line} ${p.message}`) }));
  return { lines, problems };
}
