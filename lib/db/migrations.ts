import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqlRunner } from "./open-database";

// The CLI may run from any folder (bin/tidemark.mjs sets TIDEMARK_ROOT); the server runs from the project root.
export const PRISMA_DIR = path.resolve(process.env.TIDEMARK_ROOT ?? process.cwd(), "prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");

// Tables created by hand-written SQL (the partitioned prediction log); diffs must not touch them.
const EXTERNAL_TABLES = ["public.predictions"];
export const filters = { externalTables: EXTERNAL_TABLES, externalEnums: [] };

export function readMigrationsList(dir: string = MIGRATIONS_DIR) {
  const lockPath = path.join(dir, "migration_lock.toml");
  const directories = fs.existsSync(/* turbopackIgnore: true */ dir)
    ? fs
        .readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(/* turbopackIgnore: true */ lockPath)
        ? fs.readFileSync(/* turbopackIgnore: true */ lockPath, "utf8")
        : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: {
          tag: "ok" as const,
          value: fs.readFileSync(/* turbopackIgnore: true */ path.join(dir, name, "migration.sql"), "utf8"),
        },
      },
    })),
  };
}

export function readDatamodel(): string {
  return fs.readFileSync(path.join(PRISMA_DIR, "schema.prisma"), "utf8");
}

// Prisma's own bookkeeping table, so `prisma migrate deploy` stays compatible wherever its native
// engine is available. Applied here by our runner because the wasm engine splits scripts on
// semicolons (breaking $$-quoted function bodies) and the PGlite adapter drops script errors.
const BOOKKEEPING_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;
// Any constant: it serialises migration runs of several processes starting at once.
const MIGRATION_LOCK_KEY = 7_412_001;

/** Applies every committed migration not yet applied, each in its own transaction. */
export async function applyMigrations(sql: SqlRunner, dir = MIGRATIONS_DIR): Promise<string[]> {
  const { migrationDirectories } = readMigrationsList(dir);
  const applied: string[] = [];
  await sql.exec(BOOKKEEPING_TABLE);
  for (const migration of migrationDirectories) {
    const name = migration.path;
    const script = migration.migrationFile.content.value;
    const checksum = createHash("sha256").update(script).digest("hex");
    const done = await sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      const rows = await tx.query<{ checksum: string }>(
        `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [name],
      );
      if (rows.length > 0) {
        if (rows[0].checksum !== checksum) {
          throw new Error(`Migration ${name} was edited after it was applied; applied migrations must never change.`);
        }
        return false;
      }
      await tx.exec(script);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), checksum, name],
      );
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}
