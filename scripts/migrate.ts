// `npm run db:migrate`: applies committed migrations to DATABASE_URL, or to the embedded database
// in TIDEMARK_DATA_DIR when DATABASE_URL is unset. Offline: uses Prisma's wasm schema engine.
import { getConfigOrExit } from "@/lib/config/load-config";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";

async function main() {
  const config = getConfigOrExit();
  const db = config.DATABASE_URL
    ? await openDatabase({ kind: "postgres", url: config.DATABASE_URL })
    : await openDatabase({ kind: "pglite", dataDir: config.TIDEMARK_DATA_DIR });
  try {
    const applied = await applyMigrations(db.sql);
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
