// Serving cannot run a forecaster yet, so registration refuses a forecast run's manifest with a
// 422 that names the task, and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import type { Database } from "@/lib/db/open-database";
import { lastValueForecaster } from "@/lib/training/forecast/baselines";
import { callRoute } from "../helpers/call-route";
import { createKeys, registrationForm } from "../helpers/fixtures";
import { openTestDatabase } from "../helpers/test-database";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

describe("registering a forecast model", () => {
  it("is refused with 422 naming the task, and nothing is stored", async () => {
    const onnx = lastValueForecaster({ lookback: 4, horizon: 2 }).toOnnx("y");
    const manifest = { schemaVersion: 1, task: "forecast", target: "y", lookback: 4, horizon: 2 };
    const response = await callRoute(versionsRoute.POST, {
      params: { name: "co2" },
      key: keys.admin,
      body: registrationForm(onnx, manifest),
    });
    expect(response.status).toBe(422);
    expect(response.json.error.code).toBe("validation_failed");
    expect(response.json.error.message).toMatch(/forecast models cannot be registered yet/i);
    expect(response.json.error.details).toEqual([expect.objectContaining({ path: "task" })]);
    const model = await callRoute(modelRoute.GET, { params: { name: "co2" }, key: keys.admin });
    expect(model.status).toBe(404);
  });
});
