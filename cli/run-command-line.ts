import { CliError } from "./cli-error";
import { formatHelp } from "./command-spec";
import { COMMANDS } from "./commands";

export function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  return [
    "Usage: tidemark <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    "",
    'Run "tidemark help <command>" (or "tidemark <command> --help") for its options and examples.',
    "",
    "Commands work on the configured database: DATABASE_URL (Postgres), or when unset the embedded one in",
    "TIDEMARK_DATA_DIR (default .data), which a running server holds: then use --server URL --key KEY.",
  ].join("\n");
}

/** Runs one command line (without the program name). */
export async function runCommandLine(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    console.log(overview());
    return;
  }
  if (name === "help") {
    if (rest.length === 0) return void console.log(overview());
    const command = COMMANDS.find((c) => c.spec.name === rest[0]);
    if (!command || rest.length > 1) throw new CliError(`No command "${rest.join(" ")}".\n\n${overview()}`);
    console.log(formatHelp(command.spec));
    return;
  }
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) throw new CliError(`Unknown command "${name}".\n\n${overview()}`);
  await command.run(rest);
}
