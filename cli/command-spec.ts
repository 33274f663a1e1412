// One description per command: the same table parses its arguments, words its parsing errors and
// prints its --help, so an option cannot be accepted without being documented or the reverse.
import { parseArgs } from "node:util";
import { CliError } from "./cli-error";

export type OptionSpec = {
  type: "string" | "boolean";
  /** How the value is written in help (NAME, FILE, N); string options only. */
  value?: string;
  description: string;
  /** Applied by the parser and shown in help. */
  default?: string;
  short?: string;
};

export type CommandSpec = {
  name: string;
  /** One line for `tidemark --help`. */
  summary: string;
  /** Forms of the command, each without the leading `tidemark`. */
  usage: string[];
  /** What the positional arguments are, when the command takes any. */
  positionals?: { name: string; description: string }[];
  options: Record<string, OptionSpec>;
  /** Paragraphs printed after the options (value syntaxes, where the work happens). */
  notes?: string[];
  examples: string[];
  /** The defaults are shown in help but applied by the command (they can come from the environment). */
  commandAppliesDefaults?: boolean;
};

export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string;
};

export type ParsedCommand<S extends CommandSpec> = { values: OptionValues<S["options"]>; positionals: string[] };

const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", description: "print this help and exit" };

/** The short form shown under an error: the usage lines and where to find the rest. */
export function usageOf(spec: CommandSpec): string {
  const lines = spec.usage.map((u, i) => `${i === 0 ? "Usage: " : "       "}tidemark ${u}`);
  return `${lines.join("\n")}\nRun "tidemark help ${spec.name}" for every option.`;
}

export function formatHelp(spec: CommandSpec): string {
  const out = [spec.summary, "", ...spec.usage.map((u, i) => `${i === 0 ? "Usage: " : "       "}tidemark ${u}`)];
  if (spec.positionals?.length) {
    out.push("", "Arguments:");
    const width = Math.max(...spec.positionals.map((p) => p.name.length));
    for (const p of spec.positionals) out.push(`  ${p.name.padEnd(width)}  ${p.description}`);
  }
  const options = Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    return { flag, text: `${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ""}` };
  });
  const width = Math.min(34, Math.max(...options.map((o) => o.flag.length)));
  out.push("", "Options:");
  for (const o of options)
    out.push(o.flag.length > width ? `  ${o.flag}\n  ${"".padEnd(width)}  ${o.text}` : `  ${o.flag.padEnd(width)}  ${o.text}`);
  for (const note of spec.notes ?? []) out.push("", note);
  out.push("", spec.examples.length === 1 ? "Example:" : "Examples:", ...spec.examples.map((e) => `  ${e}`));
  return out.join("\n");
}

/**
 * Parses `args` by the command's table. `--help`/`-h` anywhere prints the help and answers null;
 * an unknown option, a missing value or a stray positional is a usage error (exit 2) that names it.
 */
export function parseCommand<S extends CommandSpec>(spec: S, args: string[]): ParsedCommand<S> | null {
  if (printHelpIfAsked(spec, args)) return null;
  return parseOptions(spec, args);
}

/** Prints the command's help when `--help` or `-h` comes before any `--`; says whether it did. */
export function printHelpIfAsked(spec: CommandSpec, args: string[]): boolean {
  const end = args.indexOf("--");
  if (!(end === -1 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h")) return false;
  console.log(formatHelp(spec));
  return true;
}

/** parseCommand without the help: for a caller that has handled --help itself. */
export function parseOptions<S extends CommandSpec>(spec: S, args: string[]): ParsedCommand<S> {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      {
        type: o.type,
        ...(o.short ? { short: o.short } : {}),
        ...(o.default !== undefined && !spec.commandAppliesDefaults ? { default: o.default } : {}),
      },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: Boolean(spec.positionals) });
    return { values: values as OptionValues<S["options"]>, positionals };
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${usageOf(spec)}`);
  }
}

/** A usage error worded from the command's table. */
export function usageError(spec: CommandSpec, message: string): CliError {
  return new CliError(`${message}\n\n${usageOf(spec)}`);
}
