import { getConfigOrExit } from "@/lib/config/load-config";
import { applyMigrations } from "@/lib/db/migrations";
import { openDatabase } from "@/lib/db/open-database";
import { startScheduler } from "@/jobs/scheduler/scheduler";
import { type CommandSpec, parseCommand } from "./command-spec";

export const JOBS_COMMAND = {
  name: "jobs",
  summary: "Run the monitoring scheduler (profiles, drift, performance, business, service, explanations, alerts) until stopped.",
  usage: ["jobs"],
  options: {},
  notes: [
    "With DATABASE_URL, run any number beside the servers (advisory locks keep them from doubling work). With the embedded database the server runs the scheduler itself, and this command refuses while the server holds the database. Stops cleanly on SIGINT, SIGTERM or SIGHUP.",
  ],
  examples: ["tidemark jobs", "npm run jobs"],
} as const satisfies CommandSpec;

/**
 * `tidemark jobs` (`npm run jobs`): the monitoring scheduler as a process of its own, until SIGINT,
 * SIGTERM or SIGHUP. Any number may run against one Postgres; advisory locks keep them from doubling work.
 */
export async function runJobsCommand(args: string[]): Promise<void> {
  if (!parseCommand(JOBS_COMMAND, args)) return;
  const config = getConfigOrExit();
  // In embedded mode the database folder belongs to one process; opening it here fails at once
  // (with the holder's pid) while the server runs — the server then runs the scheduler itself.
  const db = config.DATABASE_URL
    ? await openDatabase({ kind: "postgres", url: config.DATABASE_URL, poolSize: config.TIDEMARK_DB_POOL_SIZE })
    : await openDatabase({ kind: "pglite", dataDir: config.TIDEMARK_DATA_DIR });
  await applyMigrations(db.sql);
  const scheduler = await startScheduler({ getDatabase: async () => db });
  console.log(`[tidemark] jobs: ${JSON.stringify(scheduler.schedules())}`);
  // Kept listening after the first signal: a terminal's Ctrl-C reaches this process both directly
  // and through bin/tidemark.mjs, and a repeated signal must not cut the shutdown short.
  await new Promise<void>((resolve) => {
    process.on("SIGINT", () => resolve());
    process.on("SIGTERM", () => resolve());
    // A closed terminal (or a service manager's reload) stops it as cleanly.
    process.on("SIGHUP", () => resolve());
  });
  console.log("[tidemark] jobs: stopping after the runs in progress");
  await scheduler.stop();
  await db.close();
}
