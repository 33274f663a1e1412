import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as metricsRoute from "@/app/api/metrics/route";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { createKeys, regressionManifest, regressionModelBytes, registrationForm } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  await callRoute(versionsRoute.POST, {
    params: { name: "price" },
    key: keys.admin,
    body: registrationForm(regressionModelBytes(), regressionManifest()),
  });
});
afterAll(async () => db.close());

describe("GET /api/metrics", () => {
  it("exposes request counts by route pattern, predictions per version and log writer counters", async () => {
    const predict = (json: unknown) =>
      callRoute(predictRoute.POST, {
        path: "/api/v1/models/price/predict?version=1",
        params: { name: "price" },
        key: keys.predict,
        json,
      });
    expect((await predict({ inputs: [{ x: 1 }, { x: 2 }, { x: 3 }] })).status).toBe(200);
    expect((await predict({ inputs: [{ x: "bad" }] })).status).toBe(422);

    const res = await callRoute(metricsRoute.GET, { method: "GET", path: "/api/metrics", key: keys.read });
    expect(res.status).toBe(200);
    const text = String(res.json);
    expect(text).toContain(
      'tidemark_http_requests_total{route="/api/v1/models/:name/predict",method="POST",status="200",model="price"} 1',
    );
    expect(text).toContain(
      'tidemark_http_requests_total{route="/api/v1/models/:name/predict",method="POST",status="422",model="price"} 1',
    );
    expect(text).toContain('tidemark_predictions_total{model="price",version="1"} 3');
    expect(text).toMatch(/tidemark_prediction_log_rows_written_total 3\b/);
    expect(text).toContain("# TYPE tidemark_http_request_duration_seconds histogram");
    // Process metrics under one prefix, not tidemark_process_process_….
    expect(text).toMatch(/^tidemark_process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^tidemark_nodejs_heap_size_total_bytes /m);
    expect(text).not.toContain("tidemark_process_process_");

    expect((await callRoute(metricsRoute.GET, { method: "GET", path: "/api/metrics", key: keys.predict })).status).toBe(403);
  });
});

describe("metric labels from client input", () => {
  const seriesOf = (text: string, metric: string) => text.split("\n").filter((line) => line.startsWith(`${metric}{`));

  it("requests to invented model names, authenticated or not, leave the series count bounded", async () => {
    const before = String((await callRoute(metricsRoute.GET, { method: "GET", path: "/api/metrics", key: keys.read })).json);
    const names = Array.from({ length: 400 }, (_, i) => `ghost-${i}-${Math.random().toString(36).slice(2)}`);
    for (const [i, name] of names.entries()) {
      const path = `/api/v1/models/${name}/predict`;
      const key = i % 4 === 0 ? keys.predict : i % 4 === 1 ? "tm_0000000000000000_" + "x".repeat(43) : undefined;
      const res = await callRoute(predictRoute.POST, { path, params: { name }, key, json: { inputs: [{ x: 1 }] } });
      expect(res.status).toBe(key === keys.predict ? 404 : 401);
    }
    for (const name of names.slice(0, 100)) {
      const res = await callRoute(modelRoute.GET, {
        method: "GET",
        path: `/api/v1/models/${name}`,
        params: { name },
        key: keys.read,
      });
      expect(res.status).toBe(404);
    }
    // Raw path text that is not the route pattern never becomes a label.
    await callRoute(predictRoute.POST, {
      path: "/api/v1/models/price/predict/%3Cscript%3E",
      params: { name: "price" },
      json: {},
    });

    const text = String((await callRoute(metricsRoute.GET, { method: "GET", path: "/api/metrics", key: keys.read })).json);
    expect(text).not.toContain("ghost-");
    expect(text).not.toMatch(/%3C|<script/i);
    const grown = seriesOf(text, "tidemark_http_requests_total").length - seriesOf(before, "tidemark_http_requests_total").length;
    expect(grown).toBeLessThanOrEqual(6);
    expect(text).toContain(
      'tidemark_http_requests_total{route="/api/v1/models/:name/predict",method="POST",status="401",model="(other)"} 300',
    );
    expect(text).toContain(
      'tidemark_http_requests_total{route="/api/v1/models/:name/predict",method="POST",status="404",model="(other)"} 100',
    );
    expect(text).toContain(
      'tidemark_http_requests_total{route="/api/v1/models/:name",method="GET",status="404",model="(other)"} 100',
    );
    expect(text).toContain('tidemark_http_requests_total{route="(unmatched)",method="POST",status="401",model="(other)"} 1');
  });
});
