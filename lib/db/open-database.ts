import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
// Types only: PGlite (a Postgres compiled to WebAssembly, ~45 MB resident once loaded) is
// imported when a process opens an embedded database, not by one that only talks to a server.
import type { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { acquirePgliteLock } from "./pglite-lock";

/**
 * Plain SQL beside Prisma: the prediction log's batched inserts, partition management and
 * migrations need multi-row statements and scripts that Prisma's query API does not offer.
 */
export type SqlRunner = {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a multi-statement script (simple query protocol), e.g. a migration file. */
  exec(script: string): Promise<void>;
  /** Runs `work` inside one transaction on one connection. */
  transaction<T>(work: (tx: SqlConnection) => Promise<T>): Promise<T>;
  /**
   * Runs `work` on one dedicated connection outside any transaction, for session state that must
   * outlive single statements (advisory locks held across a job run). Embedded PGlite has a single
   * session, so there it is the database itself.
   */
  session<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>;
};

export type SqlConnection = Omit<SqlRunner, "transaction" | "session">;

export type Database = {
  prisma: PrismaClient;
  sql: SqlRunner;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
};

export type OpenDatabaseOptions =
  | { kind: "postgres"; url: string; poolSize?: number; connectTimeoutMs?: number; queryTimeoutMs?: number }
  | { kind: "pglite"; dataDir: string }
  | { kind: "pglite-memory" };

function pgRunner(pool: pg.Pool): SqlRunner {
  const onClient = (client: pg.Pool | pg.PoolClient) => ({
    async query<Row>(text: string, params?: unknown[]) {
      return (await client.query(text, params)).rows as Row[];
    },
    async exec(script: string) {
      await client.query(script);
    },
  });
  return {
    ...onClient(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(onClient(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async session(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await work(onClient(client));
      } catch (error) {
        broken = error as Error;
        throw error;
      } finally {
        // A connection whose session state is uncertain (the work failed mid-way) is discarded, so
        // a leftover lock can never be handed to the next borrower.
        client.release(broken);
      }
    },
  };
}

function pgliteRunner(db: PGlite): SqlRunner {
  type Queryable = Pick<PGlite, "query" | "exec">;
  const onConnection = (conn: Queryable) => ({
    async query<Row>(text: string, params?: unknown[]) {
      return (await conn.query<Row>(text, params)).rows;
    },
    async exec(script: string) {
      await conn.exec(script);
    },
  });
  return {
    ...onConnection(db),
    transaction: (work) => db.transaction((tx) => work(onConnection(tx))),
    session: (work) => work(onConnection(db)),
  };
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Bounded waits: when Postgres is down, callers get an error quickly instead of hanging.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      // A query stuck on a dead network path fails after this instead of blocking its connection
      // (and the prediction log's flush) until TCP gives up.
      query_timeout: options.queryTimeoutMs ?? 30_000,
      keepAlive: true,
    });
    // An idle client losing its server (Postgres restarted) must not crash the process.
    pool.on("error", () => {});
    const adapterFactory = new PrismaPg(pool);
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return {
      prisma,
      sql: pgRunner(pool),
      adapterFactory,
      kind: "postgres",
      close: async () => {
        await prisma.$disconnect();
        await pool.end().catch(() => {});
      },
    };
  }
  const memory = options.kind === "pglite-memory";
  const releaseLock = memory ? () => {} : acquirePgliteLock(path.resolve(options.dataDir));
  const [{ PGlite: EmbeddedPostgres }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const pglite = await EmbeddedPostgres.create(memory ? "memory://" : path.resolve(options.dataDir, "pg"));
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    prisma,
    sql: pgliteRunner(pglite),
    adapterFactory,
    kind: "pglite",
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      releaseLock();
    },
  };
}
