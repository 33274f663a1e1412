// The `tidemark` command line: operator tasks against the local database (DATABASE_URL, or the
// embedded one in TIDEMARK_DATA_DIR) or, where it says so, against a running server over HTTP.
import { CliError } from "./cli-error";
import { exitWithParent } from "./exit-with-parent";
import { runCommandLine } from "./run-command-line";

exitWithParent();
runCommandLine(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`tidemark: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  },
);
