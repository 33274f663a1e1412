import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/open-database";
import { setDatabase } from "@/lib/db/get-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { startTcpProxy } from "../helpers/tcp-proxy";
import { binaryManifest, binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";

// Only a server can go away (the embedded database lives inside the process), so this file runs in
// the integration-postgres project only (see vitest.config.ts).
describe("when Postgres becomes unreachable", () => {
  let setup: Database;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let db: Database;
  let keys: Awaited<ReturnType<typeof createKeys>>;

  beforeAll(async () => {
    setup = await openTestDatabase();
    keys = await createKeys(setup);
    await callRoute(versionsRoute.POST, { params: { name: "fraud" }, key: keys.admin, body: registrationForm(binaryModelBytes(), binaryManifest()) });
    await callRoute(aliasRoute.PUT, { method: "PUT", params: { name: "fraud", alias: "production" }, key: keys.admin, json: { version: 1 } });
    const [{ name }] = await setup.sql.query<{ name: string }>("SELECT current_database() AS name");
    proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
    db = await openDatabase({ kind: "postgres", url: `postgres://root@127.0.0.1:${proxy.port}/${name}`, connectTimeoutMs: 1000 });
    setDatabase(db);
  });
  afterAll(async () => {
    await db.close();
    await proxy.close();
    await setup.close();
  });

  const predict = () =>
    callRoute(predictRoute.POST, { path: "/api/v1/models/fraud/predict", params: { name: "fraud" }, key: keys.predict, json: { inputs: [{ amount: 1, country: "US" }] } });

  async function expectRecovery() {
    proxy.restore();
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
      status = (await predict()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  }

  it("answers 503 at once when connections are refused, then recovers by itself", async () => {
    expect((await predict()).status).toBe(200);
    proxy.cut();
    const started = Date.now();
    const down = await predict();
    const waited = Date.now() - started;
    expect(down.status).toBe(503);
    expect(down.json).toEqual({ error: { code: "service_unavailable", message: "The database is unavailable; retry shortly" } });
    // TIDEMARK_LOG_TIMEOUT_MS defaults to 3 s; allow scheduling slack but no hanging.
    expect(waited).toBeLessThan(5000);
    await expectRecovery();
  });

  it("answers 503 within the log timeout when Postgres hangs, then recovers by itself", async () => {
    expect((await predict()).status).toBe(200);
    proxy.stall();
    const started = Date.now();
    const hung = await Promise.all([predict(), predict(), predict()]);
    const waited = Date.now() - started;
    expect(hung.map((r) => r.status)).toEqual([503, 503, 503]);
    // Bounded by TIDEMARK_LOG_TIMEOUT_MS (3 s by default), not by the TCP stack.
    expect(waited).toBeGreaterThanOrEqual(2900);
    expect(waited).toBeLessThan(6000);
    await expectRecovery();
  });
});
