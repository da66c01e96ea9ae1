/** The command table's types, and the readers of a citty command's lazily given args and sub-commands. */
import type { ArgsDef, CommandDef } from "citty";

// biome-ignore lint/suspicious/noExplicitAny: commands differ in their args, and a CommandDef is contravariant in them
export type AnyCommand = CommandDef<any>;

/** A command: what it does (top-level help), two or three examples (its --help), and its module, loaded when run. */
type CommandEntry = { description: string; examples: readonly string[]; load: () => Promise<{ default: AnyCommand }> };
export type CommandTable = Record<string, CommandEntry>;

export async function resolveValue<T>(value: T | Promise<T> | (() => T | Promise<T>)): Promise<T> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

export async function resolveArgs(command: AnyCommand): Promise<ArgsDef> {
  return (await resolveValue(command.args)) ?? {};
}

export async function resolveSubCommands(command: AnyCommand): Promise<Record<string, AnyCommand>> {
  const subs = command.subCommands ? await resolveValue(command.subCommands) : undefined;
  return Object.fromEntries(await Promise.all(Object.entries(subs ?? {}).map(async ([name, sub]) => [name, await resolveValue(sub)] as const)));
}
