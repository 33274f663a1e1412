import { getConfigOrExit } from "@/lib/config/load-config";
import { getDatabase } from "@/lib/db/get-database";

/**
 * Server start-up: every bad setting is listed and the process exits non-zero; then the database
 * is opened (committed migrations applied), so a broken database stops the start, not a request.
 */
export async function startServer(): Promise<void> {
  getConfigOrExit();
  try {
    await getDatabase();
  } catch (error) {
    console.error(`[tidemark] could not open the database: ${(error as Error).message}`);
    process.exit(1);
  }
}
