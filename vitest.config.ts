import { defineConfig } from "vitest/config";
import path from "node:path";

// Unit tests are pure. Integration tests run once per database backend: always against embedded
// PGlite (in memory), and also against the Postgres server in DATABASE_URL when it is set, each
// test file in a database of its own (test/helpers/test-database.ts creates and drops it).
const resolve = {
  alias: {
    "@": path.resolve(__dirname),
    // `server-only` throws outside a React Server environment; tests import server modules directly.
    "server-only": path.resolve(__dirname, "test/setup/server-only.ts"),
  },
};

const integration = (backend: "pglite" | "postgres") => ({
  resolve,
  test: {
    name: `integration-${backend}`,
    include: ["test/integration/**/*.test.ts"],
    // *.postgres.test.ts covers what only a Postgres server has (e.g. an outage of the server);
    // *.pglite.test.ts what only the embedded database has (one process owning its data folder).
    exclude: [`test/integration/**/*.${backend === "pglite" ? "postgres" : "pglite"}.test.ts`],
    environment: "node",
    env: { TIDEMARK_TEST_BACKEND: backend },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  resolve,
  test: {
    projects: [
      { resolve, test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" } },
      integration("pglite"),
      {
        resolve,
        test: {
          name: "server",
          include: ["test/server/**/*.test.ts", "test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/setup/ensure-next-build.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      ...(process.env.DATABASE_URL ? [integration("postgres")] : []),
    ],
  },
});
