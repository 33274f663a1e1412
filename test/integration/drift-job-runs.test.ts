import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { runProfileJob } from "@/jobs/monitoring/profile-job";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { fraudRecords, fraudScore, monitoredFraudManifest, seededRandom } from "../helpers/monitoring-fixtures";
import { HOUR, settleLog, streamHour } from "../helpers/stream-predictions";
import { PredictionBatchWriter } from "@/lib/prediction-log/batch-writer";
import { uuidv7 } from "@/lib/core/ids/uuidv7";

// How runs behave when things go wrong: a failing window, a run whose process died, rows that
// arrive late, and two jobs started at once. In every case each logged row is counted exactly once
// and a window's results are all there or not there at all.
//
// All predictions through the API are sent first: the route's clock is faked to place them in the
// past, and embedded PGlite takes its clock from the same process, so logging order must not go
// backwards. Tests up to the last one look at hours 0–3 (now = hour 4); the last one at hours 4–5.

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
const rng = seededRandom(23);
const START = Date.UTC(2026, 10, 9, 0);
const ROWS = 300;
const hourAt = (h: number) => new Date(START + h * HOUR);
const early = () => hourAt(4);
const later = () => hourAt(12);

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  const manifest = monitoredFraudManifest(fraudRecords(rng, 4000));
  await callRoute(versionsRoute.POST, {
    params: { name: "fraud" },
    key: keys.admin,
    body: registrationForm(binaryModelBytes(), manifest),
  });
  await callRoute(aliasRoute.PUT, {
    method: "PUT",
    params: { name: "fraud", alias: "production" },
    key: keys.admin,
    json: { version: 1 },
  });
  for (let h = 0; h < 6; h++)
    await streamHour({ model: "fraud", key: keys.predict, hourStart: hourAt(h), records: fraudRecords(rng, ROWS) });
  await settleLog();
});
afterAll(async () => db.close());

const profiledRows = async () => {
  const [{ rows }] = await db.sql.query<{ rows: number }>(
    `SELECT coalesce(sum(rows), 0)::int AS rows FROM production_profiles WHERE segment = ''`,
  );
  return rows;
};
const loggedRows = async () => {
  const [{ rows }] = await db.sql.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM predictions`);
  return rows;
};
const resultsFor = async (h: number) => {
  const [counts] = await db.sql.query<{ results: number; windows: number; quality: number }>(
    `SELECT (SELECT count(*)::int FROM drift_results WHERE window_start = $1) AS results,
            (SELECT count(*)::int FROM drift_windows WHERE window_start = $1) AS windows,
            (SELECT count(*)::int FROM quality_results WHERE window_start = $1) AS quality`,
    [hourAt(h)],
  );
  return counts;
};
const runsFor = (h: number) =>
  db.sql.query<{ status: string; error: string | null }>(
    `SELECT status, error FROM job_runs WHERE job = 'drift' AND window_start = $1 ORDER BY id`,
    [hourAt(h)],
  );

describe("job runs under failure", () => {
  it("a failed profile run writes nothing, and the retry counts every row once", async () => {
    // The profile write fails at its last statement (the cursor), after the profiles were written
    // in the same transaction: nothing of it may survive.
    await db.sql.exec(`
      CREATE FUNCTION fail_watermark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected: the disk is full'; END $$;
      CREATE TRIGGER fail_watermark BEFORE INSERT ON profile_watermarks FOR EACH ROW EXECUTE FUNCTION fail_watermark();`);
    const failed = await runProfileJob(db, { model: "fraud" });
    expect(failed.map((o) => [o.status, o.rowsRead])).toEqual([["failed", 6 * ROWS]]);
    expect(failed[0].error).toMatch(/injected: the disk is full/);
    expect(await profiledRows()).toBe(0);
    await db.sql.exec(`DROP TRIGGER fail_watermark ON profile_watermarks; DROP FUNCTION fail_watermark();`);

    const retried = await runProfileJob(db, { model: "fraud" });
    expect(retried.map((o) => [o.status, o.rowsRead])).toEqual([["succeeded", 6 * ROWS]]);
    expect(await profiledRows()).toBe(6 * ROWS);
  });

  it("a failing window writes nothing, does not stop the other windows, and is redone by the next tick", async () => {
    await db.sql.exec(`
      CREATE FUNCTION fail_hour_one() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.window_start = '${hourAt(1).toISOString()}'::timestamptz THEN RAISE EXCEPTION 'injected: write refused'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_hour_one BEFORE INSERT ON quality_results FOR EACH ROW EXECUTE FUNCTION fail_hour_one();`);
    const first = await runDriftJob(db, { model: "fraud", now: early() });
    const drift = first.filter((o) => o.job === "drift");
    expect(drift.map((o) => [o.windowStart, o.status])).toEqual([
      [hourAt(0).toISOString(), "succeeded"],
      [hourAt(1).toISOString(), "failed"],
      [hourAt(2).toISOString(), "succeeded"],
      [hourAt(3).toISOString(), "succeeded"],
    ]);
    // quality_results is written last; the window's drift results and verdict went in before it, in
    // the same transaction, and must be gone with it.
    expect(await resultsFor(1)).toEqual({ results: 0, windows: 0, quality: 0 });
    expect((await resultsFor(0)).results).toBeGreaterThan(0);
    await db.sql.exec(`DROP TRIGGER fail_hour_one ON quality_results; DROP FUNCTION fail_hour_one();`);

    const second = await runDriftJob(db, { model: "fraud", now: early() });
    expect(second.map((o) => [o.job, o.windowStart, o.status])).toEqual([["drift", hourAt(1).toISOString(), "succeeded"]]);
    expect((await resultsFor(1)).results).toBeGreaterThan(0);
    expect((await runsFor(1)).map((r) => r.status)).toEqual(["failed", "succeeded"]);
  });

  it("a run left running by a process that died is marked crashed, and its window is computed again", async () => {
    // What a crash mid-run leaves behind: the run's row says running and none of its results exist
    // (they would have been committed with its success).
    await db.sql.query(`DELETE FROM drift_results WHERE window_start = $1`, [hourAt(3)]);
    await db.sql.query(`DELETE FROM drift_windows WHERE window_start = $1`, [hourAt(3)]);
    await db.sql.query(`DELETE FROM quality_results WHERE window_start = $1`, [hourAt(3)]);
    const [version] = await db.sql.query<{ id: string }>(`SELECT id::text AS id FROM model_versions`);
    await db.sql.query(
      `INSERT INTO job_runs (job, model_name, model_version_id, version, window_start, window_end, trigger, status, runner)
       VALUES ('drift', 'fraud', $1::uuid, 1, $2, $3, 'schedule', 'running', 'gone-host:4242')`,
      [version.id, hourAt(3), hourAt(4)],
    );
    const outcomes = await runDriftJob(db, { model: "fraud", now: early() });
    expect(outcomes.map((o) => [o.windowStart, o.status])).toEqual([[hourAt(3).toISOString(), "succeeded"]]);
    const runs = await runsFor(3);
    expect(runs.map((r) => r.status)).toEqual(["succeeded", "crashed", "succeeded"]);
    expect(runs[1].error).toMatch(/gone-host:4242.*stopped before it finished/);
    expect((await resultsFor(3)).windows).toBe(4);
  });

  it("late rows are read once, merged into their hour, and that window is recomputed", async () => {
    const before = await profiledRows();
    // 100 predictions made in hour 0 but logged only now, as fire-and-forget rows are after an
    // outage: the log writer stores them with their own created_at.
    const [version] = await db.sql.query<{ id: string }>(`SELECT id::text AS id FROM model_versions`);
    const writer = new PredictionBatchWriter({ sql: db.sql });
    const late = fraudRecords(rng, 100).map((features, i) => {
      const createdAt = new Date(hourAt(0).getTime() + 1000 * i);
      const fraud = fraudScore(features);
      const output = { label: fraud >= 0.5 ? "fraud" : "legit", probabilities: { legit: 1 - fraud, fraud } };
      return {
        id: uuidv7(createdAt.getTime()),
        createdAt,
        modelVersionId: version.id,
        entityId: null,
        features,
        output,
        latencyMs: 1,
        apiKeyId: null,
      };
    });
    await writer.write(late, "durable");
    await settleLog();
    const outcomes = await runDriftJob(db, { model: "fraud", now: early() });
    expect(outcomes.map((o) => [o.job, o.status, o.rowsRead, o.windowStart])).toEqual([
      // A profile run's window is the stretch of logging time it read: from where the last one stopped.
      ["profile", "succeeded", 100, expect.any(String)],
      ["drift", "succeeded", ROWS + 100, hourAt(0).toISOString()],
    ]);
    expect(await profiledRows()).toBe(before + 100);
    expect(await profiledRows()).toBe(await loggedRows());
    const [window] = await db.sql.query<{ rows: number }>(
      `SELECT rows FROM drift_windows WHERE window_start = $1 AND segment = ''`,
      [hourAt(0)],
    );
    expect(window.rows).toBe(ROWS + 100);
  });

  it("two jobs started at once compute each window once and count each row once", async () => {
    const [a, b] = await Promise.all([
      runDriftJob(db, { model: "fraud", now: later() }),
      runDriftJob(db, { model: "fraud", now: later() }),
    ]);
    const all = [...a, ...b];
    expect(all.filter((o) => o.job === "profile" && o.status === "succeeded").length).toBeLessThanOrEqual(2);
    expect(await profiledRows()).toBe(await loggedRows());
    for (const h of [4, 5]) {
      expect(
        all.filter((o) => o.job === "drift" && o.windowStart === hourAt(h).toISOString() && o.status === "succeeded"),
      ).toHaveLength(1);
      expect((await runsFor(h)).map((r) => r.status)).toEqual(["succeeded"]);
    }
    expect(all.every((o) => o.status !== "failed")).toBe(true);
  });
});
