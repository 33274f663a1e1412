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
import { getLogWriter } from "@/lib/prediction-log/get-log-writer";
import { LOG_OUTCOME_UNKNOWN_MESSAGE } from "@/lib/serving/predict";

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
    await callRoute(versionsRoute.POST, {
      params: { name: "fraud" },
      key: keys.admin,
      body: registrationForm(binaryModelBytes(), binaryManifest()),
    });
    await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name: "fraud", alias: "production" },
      key: keys.admin,
      json: { version: 1 },
    });
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
    callRoute(predictRoute.POST, {
      path: "/api/v1/models/fraud/predict",
      params: { name: "fraud" },
      key: keys.predict,
      json: { inputs: [{ amount: 1, country: "US" }] },
    });

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

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const predictWithKey = (entityIds: string[], idempotencyKey: string) =>
    callRoute(predictRoute.POST, {
      path: "/api/v1/models/fraud/predict",
      params: { name: "fraud" },
      key: keys.predict,
      headers: { "Idempotency-Key": idempotencyKey },
      json: { inputs: entityIds.map((_, i) => ({ amount: 10 * i, country: "US" })), entityIds },
    });
  const storedIds = async (entityIds: string[]) =>
    (
      await setup.sql.query<{ id: string }>("SELECT id::text AS id FROM predictions WHERE entity_id = ANY($1) ORDER BY id", [
        entityIds,
      ])
    ).map((r) => r.id);
  /** Holds LOCK TABLE predictions on a direct connection for `ms`; resolves once the lock is held, with the release. */
  async function lockPredictions(ms: number): Promise<{ released: Promise<void> }> {
    let held!: () => void;
    const acquired = new Promise<void>((r) => (held = r));
    const released = setup.sql.transaction(async (tx) => {
      await tx.exec("LOCK TABLE predictions IN ACCESS EXCLUSIVE MODE");
      held();
      await sleep(ms);
    });
    await acquired;
    return { released };
  }

  it("says a timed-out write may still be stored, and a retry with the same Idempotency-Key gets it without duplicates", async () => {
    expect((await predict()).status).toBe(200);
    const entityIds = ["lock-1", "lock-2", "lock-3"];
    const { released } = await lockPredictions(4500);
    const first = await predictWithKey(entityIds, "after-503");
    expect(first.status).toBe(503);
    expect(first.json).toEqual({ error: { code: "service_unavailable", message: LOG_OUTCOME_UNKNOWN_MESSAGE } });
    expect(first.headers.get("Retry-After")).toBe("1");
    await released;
    await getLogWriter(db).drain();
    // The 503 was not "not stored": the queued write committed once the lock went away.
    const committed = await storedIds(entityIds);
    expect(committed).toHaveLength(3);
    const retry = await predictWithKey(entityIds, "after-503");
    expect(retry.status).toBe(200);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.json.predictions.map((p: { predictionId: string }) => p.predictionId).sort()).toEqual(committed);
    expect(await storedIds(entityIds)).toEqual(committed);
  });

  it("answers a retry that races the original still waiting on the lock with the original's predictions", async () => {
    const entityIds = ["race-1", "race-2"];
    const { released } = await lockPredictions(1500);
    const original = predictWithKey(entityIds, "racing");
    await sleep(300);
    const retry = predictWithKey(entityIds, "racing");
    const [a, b] = await Promise.all([original, retry]);
    await released;
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.headers.get("Idempotent-Replayed")).toBeNull();
    expect(b.headers.get("Idempotent-Replayed")).toBe("true");
    expect(b.json.predictions).toEqual(a.json.predictions);
    expect(await storedIds(entityIds)).toEqual(a.json.predictions.map((p: { predictionId: string }) => p.predictionId).sort());
  });

  it("keeps poison requests from failing valid ones under load while Postgres goes away and comes back", async () => {
    expect((await predict()).status).toBe(200);
    const acknowledged: string[] = [];
    const statuses = { valid: new Map<number, number>(), poison: new Map<number, number>() };
    const tally = (map: Map<number, number>, status: number) => map.set(status, (map.get(status) ?? 0) + 1);
    let stop = false;
    const validClient = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        const res = await callRoute(predictRoute.POST, {
          path: "/api/v1/models/fraud/predict",
          params: { name: "fraud" },
          key: keys.predict,
          json: { inputs: [{ amount: (worker * 7 + i) % 300, country: "DE" }] },
        });
        tally(statuses.valid, res.status);
        if (res.status === 200) acknowledged.push(res.json.predictions[0].predictionId);
      }
    };
    const poisonClient = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        // Valid in every other way: only the entityId is a string Postgres cannot store.
        const json = { inputs: [{ amount: 1, country: "US" }], entityIds: [(worker + i) % 2 === 0 ? "a\u0000" : "\ud800"] };
        const res = await callRoute(predictRoute.POST, {
          path: "/api/v1/models/fraud/predict",
          params: { name: "fraud" },
          key: keys.predict,
          json,
        });
        tally(statuses.poison, res.status);
        // A refusal never leaves the process; without a pause this loop would starve the others.
        await sleep(2);
      }
    };
    const clients = [...Array.from({ length: 8 }, (_, w) => validClient(w)), poisonClient(0), poisonClient(1)];
    await sleep(700);
    proxy.cut();
    await sleep(700);
    proxy.restore();
    await sleep(1200);
    stop = true;
    await Promise.all(clients);
    await getLogWriter(db).drain();

    // A poison request is refused before it reaches the log; while the database is away even
    // authenticating it may answer 503. Never a 500, and never a valid request failed by it.
    expect([...statuses.poison.keys()].filter((s) => s !== 422 && s !== 503)).toEqual([]);
    expect(statuses.poison.get(422)).toBeGreaterThan(10);
    expect([...statuses.valid.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses.valid.get(200)).toBeGreaterThan(20);
    const stored = new Set((await setup.sql.query<{ id: string }>("SELECT id::text AS id FROM predictions")).map((r) => r.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });
});
