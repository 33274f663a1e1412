import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as eventsRoute from "@/app/api/v1/events/route";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { PredictionBatchWriter } from "@/lib/prediction-log/batch-writer";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { runBusinessJob } from "@/jobs/monitoring/business-job";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { createKeys } from "../helpers/fixtures";
import { registerFraudModel, versionId } from "../helpers/alert-fixtures";

// The scheduled business job recomputes a window only when something that feeds it changed: an
// event that can count for its predictions, or its predictions. Re-running over a week of
// unchanged windows every hour would read a week of the log each time.

const HOUR = 3_600_000;
const H0 = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
let db: Database;
let ingestKey: string;
let v1: string;
const writer = () => new PredictionBatchWriter({ sql: db.sql });

async function logPredictions(hour: number, count: number, tag = "") {
  const rows = Array.from({ length: count }, (_, i) => {
    const at = H0 + hour * HOUR + 60_000 * (i + 1);
    const p = (i + 0.5) / count;
    return {
      id: uuidv7(at),
      createdAt: new Date(at),
      modelVersionId: v1,
      entityId: `e${hour}-${tag}${i}`,
      features: { amount: 10, country: "US", is_new: false },
      output: { label: p >= 0.5 ? "fraud" : "legit", probabilities: { legit: 1 - p, fraud: p } },
      latencyMs: 1,
      apiKeyId: null,
    };
  });
  await writer().write(rows, "durable");
}

/** Posts events through the API, then dates their arrival `minutesAgo` (the database stamps received_at). */
async function postEvents(events: { entityId: string; at: number }[], minutesAgo: number) {
  const res = await callRoute(eventsRoute.POST, {
    key: ingestKey,
    json: {
      events: events.map((e) => ({ name: "conversion", entityId: e.entityId, value: 1, time: new Date(e.at).toISOString() })),
    },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  await db.sql.query(
    `UPDATE business_events SET received_at = now() - make_interval(mins => $1::int) WHERE received_at > now() - interval '1 minute'`,
    [minutesAgo],
  );
}

/** Moves every recorded run and arrival `minutes` into the past, as if that much time had gone by. */
async function timePasses(minutes: number) {
  await db.sql.query(
    `UPDATE job_runs SET started_at = started_at - make_interval(mins => $1::int), finished_at = finished_at - make_interval(mins => $1::int)`,
    [minutes],
  );
  await db.sql.query(`UPDATE business_events SET received_at = received_at - make_interval(mins => $1::int)`, [minutes]);
}

const scheduled = async () =>
  (await runBusinessJob(db, { model: "fraud", trigger: "schedule" })).map((o) => [o.windowStart, o.status]);
const hourIso = (h: number) => new Date(H0 + h * HOUR).toISOString();

beforeAll(async () => {
  db = await openTestDatabase();
  const keys = await createKeys(db);
  ingestKey = (await createApiKey(db.prisma, { name: "events", scopes: ["ingest"] }, "test")).token;
  await registerFraudModel(keys.admin, "fraud");
  v1 = await versionId(db, "fraud");
  for (const hour of [0, 1, 2]) await logPredictions(hour, 40);
  await postEvents(
    [0, 1, 2].map((i) => ({ entityId: `e0-${i}`, at: H0 + 30 * 60_000 })),
    10,
  );
});
afterAll(async () => db.close());

describe("scheduled business job", () => {
  it("computes every window once, then leaves unchanged windows alone", async () => {
    expect(await scheduled()).toEqual([0, 1, 2].map((h) => [hourIso(h), "succeeded"]));
    expect(await scheduled()).toEqual([]);
  });

  it("recomputes the windows a new event can count for: those starting at or before it, within the attribution period", async () => {
    await timePasses(20);
    await postEvents([{ entityId: "e1-3", at: H0 + HOUR + 40 * 60_000 }], 5);
    expect(await scheduled()).toEqual([0, 1].map((h) => [hourIso(h), "succeeded"]));
    const [row] = await db.sql.query<{ events: number }>(
      `SELECT events FROM business_results WHERE model_version_id = $1::uuid AND window_start = $2 AND name = 'conversion'`,
      [v1, hourIso(1)],
    );
    expect(row.events).toBe(1);
    expect(await scheduled()).toEqual([]);
  });

  it("recomputes a window whose predictions changed (late rows)", async () => {
    await logPredictions(2, 5, "late");
    expect(await scheduled()).toEqual([[hourIso(2), "succeeded"]]);
    const runs = await db.sql.query<{ predictions: number }>(
      `SELECT (details->>'predictions')::int AS predictions FROM job_runs WHERE job = 'business' AND window_start = $1 ORDER BY id`,
      [hourIso(2)],
    );
    expect(runs.map((r) => r.predictions)).toEqual([40, 45]);
    expect(await scheduled()).toEqual([]);
  });
});
