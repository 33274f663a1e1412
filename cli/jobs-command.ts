import { getConfigOrExit } from "@/lib/config/load-config";
import { applyMigrations } from "@/lib/db/migrations";
import { openDatabase } from "@/lib/db/open-database";
import { startScheduler } from "@/jobs/scheduler/scheduler";
import { CliError } from "./cli-error";

/**
 * `tidemark jobs` (`npm run jobs`): the monitoring scheduler as a process of its own, until SIGINT,
 * SIGTERM or SIGHUP. Any number may run against one Postgres; advisory locks keep them from doubling work.
 */
export async function runJobsCommand(args: string[]): Promise<void> {
  if (args.length) throw new CliError("Usage: tidemark jobs   (runs the monitoring scheduler until stopped)");
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
