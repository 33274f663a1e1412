import { getConfigOrExit } from "@/lib/config/load-config";
import { getDatabase } from "@/lib/db/get-database";
import { bootstrapAdminKey } from "@/lib/auth/bootstrap-admin-key";

/**
 * Server start-up: every bad setting is listed and the process exits non-zero; then the database
 * is opened (committed migrations applied), so a broken database stops the start, not a request.
 * Answers whether this process also runs the scheduler (TIDEMARK_SCHEDULER), which the caller
 * starts: lib never imports jobs/.
 */
export async function startServer(): Promise<{ runScheduler: boolean }> {
  const config = getConfigOrExit();
  try {
    const db = await getDatabase();
    const token = await bootstrapAdminKey(db.prisma);
    if (token) {
      console.log(
        `\n[tidemark] First start: created the API key "admin" with scope admin. Its secret is shown only now:\n\n    ${token}\n\n` +
          `Use it as "Authorization: Bearer <secret>". Create narrower keys with POST /api/v1/keys and revoke this one when done.\n`,
      );
    }
    console.log(
      `[tidemark] database: ${config.DATABASE_URL ? "Postgres (DATABASE_URL)" : `embedded PGlite in ${config.TIDEMARK_DATA_DIR}`}`,
    );
  } catch (error) {
    console.error(`[tidemark] could not open the database: ${(error as Error).message}`);
    process.exit(1);
  }
  return { runScheduler: config.TIDEMARK_SCHEDULER === "on" || (config.TIDEMARK_SCHEDULER === "auto" && !config.DATABASE_URL) };
}
