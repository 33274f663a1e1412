// The `tidemark` command line: operator tasks against the local database (DATABASE_URL, or the
// embedded one in TIDEMARK_DATA_DIR) or, where it says so, against a running server over HTTP.
import { runKeysCommand } from "./keys-command";
import { runRegisterCommand } from "./register-command";
import { runRetentionCommand } from "./retention-command";
import { runTrainCommand } from "./train-command";
import { runJobCommand } from "./job-command";
import { runJobsCommand } from "./jobs-command";
import { runSimulateCommand } from "./simulate-command";
import { runDemoCommand } from "./demo/demo-command";
import { CliError } from "./cli-error";
import { exitWithParent } from "./exit-with-parent";

const USAGE = `Usage: tidemark <command> [options]

Commands:
  keys create --name NAME --scopes predict,ingest,read,admin   create an API key (prints the secret once)
  keys revoke NAME                                             revoke an API key
  keys list                                                    list API keys (never their secrets)
  register --model FILE.onnx --reference FILE --target COL --task T --name NAME [--test FILE] [...]
                                                               infer the manifest from the data and register (register --help)
  register --reference FILE --target COL --task T --name NAME  register a monitor-only version (model served elsewhere)
  register --model FILE.onnx --manifest FILE.json --name NAME [--server URL --key KEY]
                                                               register with a hand-written manifest
  simulate --model NAME --data FILE --server URL --key KEY [--rate N] [--drift SPEC] [--target COL --outcomes-after 30s]
                                                               replay a data file through the predict API with drift, labels and events
  simulate --model NAME --data FILE --key KEY --history 24h [--rows-per-hour N] [...]
                                                               replay it as the past hours' traffic into the local database
  retention --days N                                           drop predictions older than N days
  train --data FILE --target COL --task T --metric M --deploy-threshold X --out DIR [...]
                                                               train, evaluate and export a model (train --help)
  job profile|drift --model NAME [--version N] [--window START/PT1H] [--server URL --key KEY]
                                                               run a monitoring job once
  jobs                                                         run the monitoring scheduler until stopped
  demo [--fast] [--port N] [--dir DIR]                         a fresh demo on embedded Postgres in .demo/ (npm run demo)

Environment: DATABASE_URL (Postgres; unset = embedded database in TIDEMARK_DATA_DIR, default .data).`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "keys":
      return runKeysCommand(rest);
    case "register":
      return runRegisterCommand(rest);
    case "retention":
      return runRetentionCommand(rest);
    case "train":
      return runTrainCommand(rest);
    case "job":
      return runJobCommand(rest);
    case "simulate":
      return runSimulateCommand(rest);
    case "jobs":
      return runJobsCommand(rest);
    case "demo":
      return runDemoCommand(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return;
    default:
      throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

exitWithParent();
main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`tidemark: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  },
);
