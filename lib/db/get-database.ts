import "server-only";
import { getConfig } from "@/lib/config/load-config";
import { applyMigrations } from "./migrations";
import { openDatabase, type Database } from "./open-database";

// One database handle per process, kept on globalThis so `next dev` reloads reuse the pool (and,
// in embedded mode, the single PGlite instance that owns the data folder).
const holder = globalThis as unknown as { __tidemarkDb?: Promise<Database> };

async function openFromConfig(): Promise<Database> {
  const config = getConfig();
  const db = config.DATABASE_URL
    ? await openDatabase({ kind: "postgres", url: config.DATABASE_URL, poolSize: config.TIDEMARK_DB_POOL_SIZE })
    : await openDatabase({ kind: "pglite", dataDir: config.TIDEMARK_DATA_DIR });
  // A fresh machine needs no separate migrate step: the committed migrations are applied on open.
  await applyMigrations(db.sql);
  return db;
}

export function getDatabase(): Promise<Database> {
  holder.__tidemarkDb ??= openFromConfig().catch((error) => {
    holder.__tidemarkDb = undefined;
    throw error;
  });
  return holder.__tidemarkDb;
}

/** For tests and CLI commands that bring their own database. */
export function setDatabase(db: Database): void {
  holder.__tidemarkDb = Promise.resolve(db);
}
