import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as aliasRoute from "@/app/api/v1/models/[name]/aliases/[alias]/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as driftRoute from "@/app/api/v1/models/[name]/drift/route";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";
import { fraudRecords, monitoredFraudManifest, seededRandom } from "../helpers/monitoring-fixtures";
import { HOUR, settleLog, streamHour } from "../helpers/stream-predictions";

// The hour still open, "so far": the drift series answers it marked provisional, from the rows
// profiled so far, while nothing of it is stored — so no state, verdict or alert can read it.

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let openHour: number;
const OPEN_ROWS = 240;

beforeAll(async () => {
  // Rows sent now must still be in the open hour when the series is read: start clear of the turn.
  const untilNextHour = HOUR - (Date.now() % HOUR);
  if (untilNextHour < 90_000) await new Promise((r) => setTimeout(r, untilNextHour + 1_000));
  openHour = Date.now() - (Date.now() % HOUR);
  db = await openTestDatabase();
  keys = await createKeys(db);
  const rng = seededRandom(11);
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
  for (const h of [3, 2]) {
    await streamHour({
      model: "fraud",
      key: keys.predict,
      hourStart: new Date(openHour - h * HOUR),
      records: fraudRecords(rng, 300),
    });
  }
  // The open hour, at the real clock: amounts shifted far enough that a complete window would drift.
  const res = await callRoute(predictRoute.POST, {
    path: "/api/v1/models/fraud/predict",
    params: { name: "fraud" },
    key: keys.predict,
    json: { inputs: fraudRecords(rng, OPEN_ROWS, { amountMean: 90 }) },
  });
  expect(res.status).toBe(200);
  await settleLog();
}, 300_000);
afterAll(async () => db.close());

describe("the open hour on the drift series", () => {
  it("is answered so far, provisional, and never stored", async () => {
    const outcomes = await runDriftJob(db, { model: "fraud" });
    const computed = outcomes.filter((o) => o.job === "drift" && o.status === "succeeded");
    expect(computed.length).toBeGreaterThan(0);
    expect(computed.map((o) => o.windowStart)).not.toContain(new Date(openHour).toISOString());

    const from = new Date(openHour - 3 * HOUR).toISOString();
    const res = await callRoute(driftRoute.GET, {
      method: "GET",
      path: `/api/v1/models/fraud/drift?from=${from}&to=${new Date(openHour + HOUR).toISOString()}`,
      params: { name: "fraud" },
      key: keys.read,
    });
    expect(res.status).toBe(200);
    const open = new Date(openHour).toISOString();
    expect(res.json.windows.map((w: { start: string }) => w.start)).not.toContain(open);
    expect(res.json.openWindow).toMatchObject({ start: open, rows: OPEN_ROWS, provisional: true });
    const amount = res.json.series.find((s: { column: string }) => s.column === "amount");
    const last = amount.points.at(-1);
    expect(last).toMatchObject({ start: open, currentSize: OPEN_ROWS, provisional: true, decision: "drift" });
    // Complete windows carry no provisional mark.
    expect(amount.points.slice(0, -1).every((p: { provisional?: boolean }) => p.provisional === undefined)).toBe(true);

    const stored = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM drift_results WHERE window_start = $1::timestamptz`,
      [open],
    );
    expect(stored[0].n).toBe(0);
  });
});
