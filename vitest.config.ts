import { defineConfig } from "vitest/config";
import path from "node:path";

// Unit tests are pure. Integration tests run once per database backend: always against embedded
// PGlite, and against the Postgres server in DATABASE_URL when it is set (each run in a database
// of its own, created and dropped by test/setup/global-db.ts).
const alias = { "@": path.resolve(__dirname) };
const serverOnlyStub = { "server-only": path.resolve(__dirname, "test/setup/server-only.ts") };

export default defineConfig({
  resolve: { alias: { ...alias, ...serverOnlyStub } },
  test: {
    projects: [
      {
        resolve: { alias: { ...alias, ...serverOnlyStub } },
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
    ],
  },
});
