import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@/lib/db/open-database";
import { createServerDatabase } from "./test-database";

/**
 * A database a test hands to server processes it starts: the env that points them at it, a way to
 * open it from the test (before or after them; the embedded one allows one process at a time) and
 * a cleanup. Embedded PGlite always; Postgres too when DATABASE_URL is set.
 */
export type ServerBackend = { name: string; env: Record<string, string>; open(): Promise<Database>; cleanup(): Promise<void> };

export async function pgliteBackend(prefix = "tidemark-server-"): Promise<ServerBackend> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    name: "embedded PGlite",
    env: { TIDEMARK_DATA_DIR: dataDir },
    open: () => openDatabase({ kind: "pglite", dataDir }),
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function postgresBackend(): Promise<ServerBackend> {
  const server = await createServerDatabase();
  return {
    name: "Postgres",
    env: { DATABASE_URL: server.url },
    open: () => openDatabase({ kind: "postgres", url: server.url }),
    cleanup: () => server.drop(),
  };
}

export function serverBackends(prefix: string): (() => Promise<ServerBackend>)[] {
  return [() => pgliteBackend(prefix), ...(process.env.DATABASE_URL ? [postgresBackend] : [])];
}
