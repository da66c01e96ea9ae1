/**
 * log() no longer goes through consola's main entry (it builds process.stdout/stderr); its reporter
 * must still write what consola's BasicReporter writes, line for line.
 */
import { afterEach, describe, expect, spyOn, test } from "bun:test";
import { createConsola } from "consola";
import { createConsola as createCore } from "consola/core";
import { StderrReporter } from "../../../core/cli/log.ts";

type Logger = ReturnType<typeof createCore>;

function exercise(logger: Logger) {
  logger.info("plain %s text %% x");
  logger.warn("multi", "args", 3, { a: 1, b: [1, 2] });
  logger.debug(new Error("boom", { cause: new Error("inner") }));
  logger.error("with error", new TypeError("bad"));
  logger.log("log type");
  logger.success("ok");
  logger.box("boxed\ntwo lines");
  logger.info({ message: "object message", additional: ["more"] });
  logger.withTag("tag").info("tagged");
  for (let i = 0; i < 8; i++) logger.warn("repeated");
}

afterEach(() => {
  (console.error as unknown as { mockRestore?: () => void }).mockRestore?.();
});

describe("StderrReporter", () => {
  test("writes what consola's BasicReporter writes", () => {
    const basic: string[] = [];
    const sink = { write: (data: string) => basic.push(data) } as unknown as NodeJS.WriteStream;
    // `fancy` is a real option of consola's main entry that its published type omits.
    const options = { level: 5, fancy: false, stdout: sink, stderr: sink, formatOptions: { colors: false, date: false } };
    exercise(createConsola(options) as unknown as Logger);

    const ours: string[] = [];
    const spy = spyOn(console, "error").mockImplementation((line: unknown) => void ours.push(`${line}\n`));
    exercise(createCore({ level: 5, reporters: [new StderrReporter()], formatOptions: { colors: false, date: false } }));
    spy.mockRestore();

    // The two runs call from different lines of this file: stack positions aside, the text is the same.
    const lines = (text: string) => text.replace(/log\.test\.ts:\d+:\d+/g, "log.test.ts");
    expect(lines(ours.join(""))).toBe(lines(basic.join("")));
    expect(ours.length).toBeGreaterThan(10);
  });
});
