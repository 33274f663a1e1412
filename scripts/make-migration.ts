// `npm run db:make-migration -- NAME`: writes the SQL that takes the committed migrations to the
// current prisma/schema.prisma. Runs offline against an in-memory embedded Postgres (the shadow
// database), so it needs no server.
import { openDatabase } from "@/lib/db/open-database";
import { createMigration } from "@/lib/db/create-migration";

const name = process.argv[2];
if (!name) {
  console.error("Usage: npm run db:make-migration -- NAME");
  process.exit(2);
}
async function main(migrationName: string) {
  const db = await openDatabase({ kind: "pglite-memory" });
  try {
    const dir = await createMigration(db.adapterFactory, migrationName);
    console.log(
      dir ? `Wrote ${dir}/migration.sql — review it, then commit it.` : "The schema matches the migrations: nothing to do.",
    );
  } finally {
    await db.close();
  }
}

void main(name);
