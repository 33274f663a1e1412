import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { setDatabase } from "@/lib/db/get-database";

export const backend = (process.env.TIDEMARK_TEST_BACKEND ?? "pglite") as "pglite" | "postgres";

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, migrated database for one test file: an in-memory embedded Postgres, or a new database
 * on the server in DATABASE_URL (dropped again by `close`). It becomes the database the route
 * handlers use.
 */
export async function openTestDatabase(): Promise<Database> {
  if (backend === "pglite") {
    const db = await openDatabase({ kind: "pglite-memory" });
    await applyMigrations(db.sql);
    setDatabase(db);
    return db;
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("TIDEMARK_TEST_BACKEND=postgres needs DATABASE_URL");
  const name = `tidemark_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const db = await openDatabase({ kind: "postgres", url: withDatabaseName(serverUrl, name) });
  await applyMigrations(db.sql);
  const close = db.close;
  const withDrop: Database = {
    ...db,
    close: async () => {
      await close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
  // The test and the route handlers must hold the same object: per-database singletons (the log
  // writer, the request counters) are keyed by it.
  setDatabase(withDrop);
  return withDrop;
}

/** Creates the name and returns a test database URL on the server, for tests that start processes. */
export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL!;
  const name = `tidemark_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabaseName(serverUrl, name),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}
