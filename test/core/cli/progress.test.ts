import { afterEach, expect, test } from "bun:test";
import { log, setVerbosity } from "../../../core/cli/log.ts";
import { progress } from "../../../core/cli/progress.ts";

/** A stream that keeps what is written, and a clock the test moves. */
function fixture(terminal: boolean) {
  const written: string[] = [];
  let t = 0;
  const bar = progress("replay", { stream: { write: (text: string) => written.push(text) }, terminal, now: () => t });
  return { written, bar, at: (ms: number) => (t = ms) };
}

afterEach(() => setVerbosity("normal"));

test("piped: nothing in the first second, then a plain line at most once a second, and the final line", () => {
  const { written, bar, at } = fixture(false);
  bar.update("1 of 9");
  at(1_000);
  bar.update("2 of 9");
  at(1_500);
  bar.update("3 of 9");
  at(2_000);
  bar.update("4 of 9");
  bar.done("9 lines replayed");
  expect(written).toEqual(["[info] replay: 2 of 9…\n", "[info] replay: 4 of 9…\n", "[info] replay: 9 lines replayed\n"]);
});

test("on a terminal: one line rewritten in place, cleared when done", () => {
  const { written, bar, at } = fixture(true);
  at(1_000);
  bar.update("2 of 9");
  at(1_200);
  bar.update("5 of 9");
  bar.done();
  expect(written.join("")).toBe("\r\x1b[Kreplay: 2 of 9\r\x1b[Kreplay: 5 of 9\r\x1b[K");
});

test("on a terminal, a log line goes above the progress line, which is drawn again under it", () => {
  const { written, bar, at } = fixture(true);
  at(1_000);
  bar.update("2 of 9");
  const stderr = process.stderr.write;
  const logged: string[] = [];
  process.stderr.write = ((text: string) => logged.push(text) > 0) as typeof process.stderr.write;
  try {
    log().warn("a bad line");
  } finally {
    process.stderr.write = stderr;
  }
  bar.done();
  expect(logged.join("")).toContain("a bad line");
  expect(written.join("")).toBe("\r\x1b[Kreplay: 2 of 9\r\x1b[Kreplay: 2 of 9\r\x1b[K");
});

test("--quiet: nothing", () => {
  setVerbosity("quiet");
  const { written, bar, at } = fixture(false);
  at(5_000);
  bar.update("2 of 9");
  bar.done("done");
  expect(written).toEqual([]);
});
