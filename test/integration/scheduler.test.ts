import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import { putMonitoringSettings } from "@/lib/monitors/shared/monitoring-settings-store";
import { startScheduler, type Scheduler } from "@/jobs/scheduler/scheduler";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { fraudRecords, HOUR, monitoredFraudManifest, seededRandom, settleLog, streamHour } from "../helpers/monitoring-fixtures";

// The real scheduler with every-second schedules over two models. The drift job of "broken" fails
// on every tick (one of its stored hourly profiles is corrupt); "fraud" must be profiled and checked
// all the same, and the failed window must be tried again on later ticks.

let db: Database;
let scheduler: Scheduler | undefined;
// Within the drift job's default 7-day lookback of the real clock.
const START = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;

beforeAll(async () => {
  db = await openTestDatabase();
  const keys = await createKeys(db);
  const rng = seededRandom(51);
  for (const name of ["fraud", "broken"]) {
    await callRoute(versionsRoute.POST, {
      params: { name },
      key: keys.admin,
      body: registrationForm(binaryModelBytes(), monitoredFraudManifest(fraudRecords(rng, 2000))),
    });
    await callRoute(aliasRoute.PUT, {
      method: "PUT",
      params: { name, alias: "production" },
      key: keys.admin,
      json: { version: 1 },
    });
    await streamHour({ model: name, key: keys.predict, hourStart: new Date(START), records: fraudRecords(rng, 250) });
    await putMonitoringSettings(db.prisma, name, { schedules: { profile: "* * * * * *", drift: "* * * * * *" } }, "test");
  }
  await settleLog();
  const [broken] = await db.sql.query<{ id: string }>(
    `SELECT v.id::text AS id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'broken'`,
  );
  // A profile whose numeric feature was stored as categorical: the drift job cannot read this hour.
  await db.sql.query(
    `INSERT INTO production_profiles (model_version_id, hour, segment, rows, profile)
     VALUES ($1::uuid, $2, '', 10, $3::jsonb)`,
    [
      broken.id,
      new Date(START + HOUR),
      JSON.stringify({
        rows: 10,
        features: {
          amount: { kind: "categorical", count: 10, missing: 0, frequencies: { x: 10 }, unseen: 0, unseenExamples: {} },
        },
        outputs: {},
      }),
    ],
  );
});
afterAll(async () => {
  await scheduler?.stop();
  await db.close();
});

type Run = { model_name: string; job: string; status: string; window_start: Date | null; trigger: string };
const runs = () => db.sql.query<Run>(`SELECT model_name, job, status, window_start, trigger FROM job_runs ORDER BY id`);

async function waitFor(condition: (rows: Run[]) => boolean, timeoutMs = 60_000): Promise<Run[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await runs();
    if (condition(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`condition not met; runs: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("scheduler", () => {
  it("schedules every model's jobs, keeps going past a failing one, and retries its failed window", async () => {
    scheduler = await startScheduler({ getDatabase: async () => db, log: () => {} });
    expect(scheduler.schedules()).toMatchObject({
      "profile:fraud": "* * * * * *",
      "drift:fraud": "* * * * * *",
      "drift:broken": "* * * * * *",
    });
    const brokenHour = START + HOUR;
    const rows = await waitFor(
      (r) =>
        r.some(
          (x) => x.model_name === "fraud" && x.job === "drift" && x.status === "succeeded" && x.window_start?.getTime() === START,
        ) &&
        r.filter(
          (x) =>
            x.model_name === "broken" && x.job === "drift" && x.status === "failed" && x.window_start?.getTime() === brokenHour,
        ).length >= 2,
    );
    await scheduler.stop();
    scheduler = undefined;
    expect(rows.every((r) => r.trigger === "schedule")).toBe(true);
    // Each model's log was profiled once: the scheduler's ticks never double-count.
    const profiled = await db.sql.query<{ name: string; rows: number }>(
      `SELECT m.name, sum(p.rows)::int AS rows FROM production_profiles p JOIN model_versions v ON v.id = p.model_version_id
       JOIN models m ON m.id = v.model_id WHERE p.segment = '' AND p.hour = $1 GROUP BY m.name ORDER BY m.name`,
      [new Date(START)],
    );
    expect(profiled).toEqual([
      { name: "broken", rows: 250 },
      { name: "fraud", rows: 250 },
    ]);
    // The good window of the broken model went through; only the corrupt hour fails.
    expect(
      rows.some(
        (r) => r.model_name === "broken" && r.job === "drift" && r.status === "succeeded" && r.window_start?.getTime() === START,
      ),
    ).toBe(true);
    const fraudDrift = rows.filter((r) => r.model_name === "fraud" && r.job === "drift" && r.status === "succeeded");
    expect(new Set(fraudDrift.map((r) => r.window_start?.getTime())).size).toBe(fraudDrift.length);
  });

  it("stops scheduling a model whose monitoring is switched off", async () => {
    await putMonitoringSettings(db.prisma, "broken", { enabled: false }, "test");
    const again = await startScheduler({ getDatabase: async () => db, log: () => {} });
    try {
      expect(Object.keys(again.schedules()).some((k) => k.endsWith(":broken"))).toBe(false);
      expect(Object.keys(again.schedules())).toContain("drift:fraud");
    } finally {
      await again.stop();
    }
  });
});
