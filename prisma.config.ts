import { defineConfig } from "prisma/config";

// Used by `prisma generate`. Migrations do not go through Prisma's CLI here: its native schema
// engine cannot be downloaded offline, so scripts/migrate.ts drives the wasm engine instead.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
