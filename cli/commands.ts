// Every `tidemark` command: its description (command-spec.ts) and what runs it. `tidemark --help`,
// `tidemark help NAME` and the dispatcher read this table, and a test runs --help on each entry.
import type { CommandSpec } from "./command-spec";
import { runDemoCommand } from "./demo/demo-command";
import { DEMO_COMMAND } from "./demo/demo-options";
import { JOB_COMMAND, runJobCommand } from "./job-command";
import { JOBS_COMMAND, runJobsCommand } from "./jobs-command";
import { KEYS_COMMAND, runKeysCommand } from "./keys-command";
import { PROMOTE_COMMAND, ROLLBACK_COMMAND, runPromoteCommand, runRollbackCommand } from "./promote-command";
import { REGISTER_COMMAND, runRegisterCommand } from "./register-command";
import { RETENTION_COMMAND, runRetentionCommand } from "./retention-command";
import { runSimulateCommand, SIMULATE_COMMAND } from "./simulate-command";
import { runTrainCommand } from "./train-command";
import { TRAIN_COMMAND } from "./train-options";

export type Command = { spec: CommandSpec; run: (args: string[]) => Promise<void> };

export const COMMANDS: readonly Command[] = [
  { spec: TRAIN_COMMAND, run: runTrainCommand },
  { spec: REGISTER_COMMAND, run: runRegisterCommand },
  { spec: PROMOTE_COMMAND, run: runPromoteCommand },
  { spec: ROLLBACK_COMMAND, run: runRollbackCommand },
  { spec: SIMULATE_COMMAND, run: runSimulateCommand },
  { spec: JOB_COMMAND, run: runJobCommand },
  { spec: JOBS_COMMAND, run: runJobsCommand },
  { spec: KEYS_COMMAND, run: runKeysCommand },
  { spec: RETENTION_COMMAND, run: runRetentionCommand },
  { spec: DEMO_COMMAND, run: runDemoCommand },
];
