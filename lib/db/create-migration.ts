import fs from "node:fs";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { createSchemaEngine } from "./schema-engine";
import { filters, MIGRATIONS_DIR, readDatamodel, readMigrationsList } from "./migrations";

/**
 * The SQL that takes the committed migrations to the current schema.prisma, or null when they
 * already agree (so a test can hold the two together).
 */
export async function migrationDiffSql(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string | null> {
  const engine = await createSchemaEngine(adapterFactory, readDatamodel());
  try {
    const migrationsList = readMigrationsList();
    const from = migrationsList.migrationDirectories.length
      ? { tag: "migrations" as const, ...migrationsList }
      : { tag: "empty" as const };
    const diff = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: readDatamodel() }] },
      script: true,
      exitCode: null,
      filters,
    });
    const sql = (diff.stdout ?? "").trim();
    return !sql || sql === "-- This is an empty migration." ? null : sql;
  } finally {
    engine.free();
  }
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the committed
 * migrations to the current schema.prisma. Returns null when there is nothing to change.
 */
export async function createMigration(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  name: string,
): Promise<string | null> {
  const sql = await migrationDiffSql(adapterFactory);
  if (sql === null) return null;
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name.replace(/[^a-z0-9_]+/gi, "_").toLowerCase()}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  if (!fs.existsSync(lockPath)) fs.writeFileSync(lockPath, 'provider = "postgresql"\n');
  return dir;
}
