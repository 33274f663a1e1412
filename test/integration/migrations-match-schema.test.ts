import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/open-database";
import { migrationDiffSql } from "@/lib/db/create-migration";

// prisma/schema.prisma is what the generated client believes; the migrations are what databases
// get. An edit to the schema without `npm run db:make-migration` would let the two part silently.
describe("migrations", () => {
  it("take an empty database exactly to prisma/schema.prisma", async () => {
    const db = await openDatabase({ kind: "pglite-memory" });
    try {
      expect(await migrationDiffSql(db.adapterFactory)).toBeNull();
    } finally {
      await db.close();
    }
  }, 120_000);
});
