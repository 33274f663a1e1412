import os from "node:os";
import { getConfigOrExit } from "@/lib/config/load-config";
import { openDatabase, type Database } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { toCliError } from "./cli-error";

export const localActor = () => `cli:${os.userInfo().username}`;

/** Opens the configured database (taking the embedded database's lock), runs `work`, closes it. */
export async function withLocalDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = getConfigOrExit();
  const db = config.DATABASE_URL
    ? await openDatabase({ kind: "postgres", url: config.DATABASE_URL })
    : await openDatabase({ kind: "pglite", dataDir: config.TIDEMARK_DATA_DIR });
  try {
    await applyMigrations(db.sql);
    return await work(db);
  } catch (error) {
    throw toCliError(error);
  } finally {
    await db.close();
  }
}
