/**
 * `pm-arb completion bash|zsh|fish`: a completion script generated from the command table and each
 * command's citty args — commands, sub-commands, flags (and their short aliases), the fixed values
 * a flag takes (`values` in its definition), files for flags whose value is a file or folder. The
 * script is static: a TAB never runs pm-arb.
 *
 *   source <(pm-arb completion bash)                       # ~/.bashrc
 *   pm-arb completion zsh > "${fpath[1]}/_pm-arb"           # zsh, then compinit
 *   pm-arb completion fish > ~/.config/fish/completions/pm-arb.fish
 */
import { type CommandTable, resolveArgs, resolveSubCommands } from "./command-table.ts";
import { UsageError } from "./errors.ts";

const SHELLS = ["bash", "zsh", "fish"] as const;
type Shell = (typeof SHELLS)[number];

type Flag = { name: string; alias?: string; description: string; takesValue: boolean; values?: readonly string[]; files: boolean };
type Command = { name: string; description: string; subcommands: string[]; flags: Flag[] };

const FILE_HINTS = new Set(["file", "dir", "DIR", "path"]);

type ArgLike = { type?: string; alias?: string | string[]; description?: string; valueHint?: string; values?: readonly string[] };

function flagsOf(args: Record<string, ArgLike>): Flag[] {
  return Object.entries(args)
    .filter(([, def]) => def.type !== "positional")
    .map(([name, def]) => ({
      name,
      ...(typeof def.alias === "string" ? { alias: def.alias } : {}),
      description: def.description ?? "",
      takesValue: def.type !== "boolean",
      ...(def.values ? { values: def.values } : {}),
      files: FILE_HINTS.has(def.valueHint ?? ""),
    }));
}

/** Every command with its sub-commands and flags (a sub-command's flags join its parent's: one namespace to complete). */
async function commandsOf(table: CommandTable): Promise<Command[]> {
  return Promise.all(
    Object.entries(table).map(async ([name, entry]) => {
      const command = (await entry.load()).default;
      const subs = await resolveSubCommands(command);
      const flags = flagsOf(await resolveArgs(command));
      for (const sub of Object.values(subs)) for (const flag of flagsOf(await resolveArgs(sub))) if (!flags.some((f) => f.name === flag.name)) flags.push(flag);
      return { name, description: entry.description, subcommands: Object.keys(subs), flags };
    }),
  );
}

/** A description cut to one short clause, without the characters each shell's syntax reserves. */
const short = (text: string) =>
  text
    .replace(/[[\]:'"`$\\]/g, "")
    .split(/[;(]/)[0]!
    .trim()
    .slice(0, 70);

function bash(commands: Command[]): string {
  const cases = commands.map((command) => {
    const flags = command.flags.flatMap((flag) => [`--${flag.name}`, ...(flag.alias ? [`-${flag.alias}`] : [])]).join(" ");
    const values = command.flags
      .filter((flag) => flag.values || flag.files)
      .map((flag) => `        --${flag.name}) COMPREPLY=( $(compgen ${flag.values ? `-W "${flag.values.join(" ")}"` : "-f"} -- "$cur") ); return ;;`);
    return [
      `    ${command.name})`,
      `      case "$prev" in`,
      ...values,
      `      esac`,
      `      if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "${flags}" -- "$cur") ); return; fi`,
      ...(command.subcommands.length > 0 ? [`      if [[ $COMP_CWORD -eq 2 ]]; then COMPREPLY=( $(compgen -W "${command.subcommands.join(" ")}" -- "$cur") ); return; fi`] : []),
      `      ;;`,
    ].join("\n");
  });
  return `# pm-arb bash completion: source <(pm-arb completion bash)
_pm_arb() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=( $(compgen -W "${[...commands.map((command) => command.name), "completion", "help"].join(" ")}" -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
    completion) COMPREPLY=( $(compgen -W "${SHELLS.join(" ")}" -- "$cur") ); return ;;
  esac
  COMPREPLY=( $(compgen -f -- "$cur") )
}
complete -o default -F _pm_arb pm-arb
`;
}

function zsh(commands: Command[]): string {
  const described = [...commands.map((command) => `'${command.name}:${short(command.description)}'`), "'completion:A shell completion script'"];
  const spec = (flag: Flag) => {
    // Aliases are the boolean -q and -v: both spellings, exclusive of each other.
    if (flag.alias) return `'(-${flag.alias} --${flag.name})'{-${flag.alias},--${flag.name}}'[${short(flag.description)}]'`;
    if (!flag.takesValue) return `'--${flag.name}[${short(flag.description)}]'`;
    const action = flag.values ? `(${flag.values.join(" ")})` : flag.files ? "_files" : " ";
    return `'--${flag.name}=[${short(flag.description)}]:${flag.name}:${action}'`;
  };
  const cases = commands.map((command) => {
    const subs = command.subcommands.length > 0 ? [`'1::sub-command:(${command.subcommands.join(" ")})'`] : [];
    return `    ${command.name}) _arguments -s ${[...command.flags.map(spec), ...subs, "'*::file:_files'"].join(" \\\n        ")} ;;`;
  });
  return `#compdef pm-arb
# pm-arb zsh completion: pm-arb completion zsh > "\${fpath[1]}/_pm-arb"
_pm_arb() {
  local -a commands
  commands=(${described.join(" ")})
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  words=(\${words[2,-1]})
  (( CURRENT-- ))
  case $words[1] in
${cases.join("\n")}
    completion) _arguments '1:shell:(${SHELLS.join(" ")})' ;;
  esac
}
compdef _pm_arb pm-arb
`;
}

function fish(commands: Command[]): string {
  const lines = ["# pm-arb fish completion: pm-arb completion fish > ~/.config/fish/completions/pm-arb.fish", "complete -c pm-arb -f"];
  for (const command of commands) lines.push(`complete -c pm-arb -n __fish_use_subcommand -a ${command.name} -d '${short(command.description)}'`);
  lines.push("complete -c pm-arb -n __fish_use_subcommand -a completion -d 'A shell completion script'");
  lines.push(`complete -c pm-arb -n '__fish_seen_subcommand_from completion' -a '${SHELLS.join(" ")}'`);
  for (const command of commands) {
    const when = `-n '__fish_seen_subcommand_from ${command.name}'`;
    if (command.subcommands.length > 0) lines.push(`complete -c pm-arb ${when} -a '${command.subcommands.join(" ")}'`);
    for (const flag of command.flags) {
      const value = flag.values ? ` -x -a '${flag.values.join(" ")}'` : flag.files ? " -r -F" : flag.takesValue ? " -x" : "";
      lines.push(`complete -c pm-arb ${when} -l ${flag.name}${flag.alias ? ` -s ${flag.alias}` : ""}${value} -d '${short(flag.description)}'`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The completion script for `shell`. */
export async function completionScript(shell: string | undefined, table: CommandTable): Promise<string> {
  if (!SHELLS.includes(shell as Shell)) throw new UsageError(`pm-arb completion takes one shell: ${SHELLS.join(", ")}; got ${JSON.stringify(shell ?? "")}`);
  const commands = await commandsOf(table);
  return { bash, zsh, fish }[shell as Shell](commands);
}
