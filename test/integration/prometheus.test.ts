import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as metricsRoute from "@/app/api/metrics/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { createKeys, regressionManifest, regressionModelBytes, registrationForm } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  await callRoute(versionsRoute.POST, { params: { name: "price" }, key: keys.admin, body: registrationForm(regressionModelBytes(), regressionManifest()) });
});
afterAll(async () => db.close());

describe("GET /api/metrics", () => {
  it("exposes request counts by route pattern, predictions per version and log writer counters", async () => {
    const predict = (json: unknown) =>
      callRoute(predictRoute.POST, { path: "/api/v1/models/price/predict?version=1", params: { name: "price" }, key: keys.predict, json });
    expect((await predict({ inputs: [{ x: 1 }, { x: 2 }, { x: 3 }] })).status).toBe(200);
    expect((await predict({ inputs: [{ x: "bad" }] })).status).toBe(422);

    const res = await callRoute(metricsRoute.GET, { method: "GET", path: "/api/metrics", key: keys.read });
    expect(res.status).toBe(200);
    const text = String(res.json);
    expect(text).toContain('tidemark_http_requests_total{route="/api/v1/models/:name/predict",method="POST",status="200",model="price"} 1');
    expect(text).toContain('tidemark_http_requests_total{route="/api/v1/models/:name/predict",method="POST",status="422",model="price"} 1');
    expect(text).toContain('tidemark_predictions_total{model="price",version="1"} 3');
    expect(text).toMatch(/tidemark_prediction_log_rows_written_total 3\b/);
    expect(text).toContain("# TYPE tidemark_http_request_duration_seconds histogram");

    expect((await callRoute(metricsRoute.GET, { method: "GET", path: "/api/metrics", key: keys.predict })).status).toBe(403);
  });
});
