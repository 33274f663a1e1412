import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import {
  binaryManifest,
  binaryModelBytes,
  oddBatchFailingModelBytes,
  regressionManifest,
  regressionModelBytes,
} from "../helpers/fixtures";
import { pgliteBackend, type ServerBackend } from "../helpers/server-backends";

// `npm start`'s server (server.ts): the data plane answers predict, ingestion, metrics and the
// Open Inference Protocol itself, Next.js the rest, on one port; `--inference-only` has no Next.js.
let backend: ServerBackend;
let token: string;
/** The champion's answers in the shadow case, whose paired shadow rows are checked once the server has stopped. */
const championIds: string[] = [];

beforeAll(async () => {
  backend = await pgliteBackend("tidemark-data-plane-");
  const db = await backend.open();
  await applyMigrations(db.sql);
  ({ token } = await createApiKey(db.prisma, { name: "ops", scopes: ["admin"] }, "test"));
  await registerModelVersion(db, {
    modelName: "fraud",
    onnx: binaryModelBytes(),
    manifest: binaryManifest(),
    actor: "test",
    maxBytes: 1e8,
  });
  await moveAlias(db.prisma, { name: "fraud", alias: "production", input: { version: 1 }, actor: "test" });
  // price v2, the shadow challenger, answers its input x but fails at run time on an odd batch size.
  for (const onnx of [regressionModelBytes(), oddBatchFailingModelBytes()]) {
    await registerModelVersion(db, { modelName: "price", onnx, manifest: regressionManifest(), actor: "test", maxBytes: 1e8 });
  }
  await moveAlias(db.prisma, { name: "price", alias: "production", input: { version: 1 }, actor: "test" });
  await db.close();
});
afterAll(async () => backend.cleanup());

const auth = () => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
const predictBody = JSON.stringify({ inputs: [{ amount: 120, country: "FR", is_new: true }] });
const inferBody = JSON.stringify({
  inputs: [
    { name: "amount", shape: [1, 1], datatype: "FP32", data: [120] },
    { name: "country", shape: [1, 1], datatype: "BYTES", data: ["FR"] },
    { name: "is_new", shape: [1, 1], datatype: "BOOL", data: [true] },
  ],
});
const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function expectSecurityHeaders(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("same-origin");
}

describe("npm start's server", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNextServer({ ...backend.env, TIDEMARK_MAX_BODY_MB: "1" });
  });
  afterAll(async () => server?.kill());

  it("still serves the dashboard through Next.js, with its per-page policy", async () => {
    const res = await fetch(`${server.url}/login`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
    expectSecurityHeaders(res);
  });

  it("answers predict itself, with the API's headers, and counts it in /api/metrics", async () => {
    const res = await fetch(`${server.url}/api/v1/models/fraud/predict`, { method: "POST", headers: auth(), body: predictBody });
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(res.headers.get("content-security-policy")).toBe(API_POLICY);
    expect(res.headers.get("server-timing")).toMatch(/^total;dur=/);
    // Next.js marks what it renders with Vary: rsc…; the data plane's answers never pass through it.
    const nextAnswer = await fetch(`${server.url}/api/v1/models`, { headers: auth() });
    expect(nextAnswer.headers.get("vary") ?? "").toMatch(/rsc/i);
    expect(res.headers.get("vary")).toBeNull();
    const body = (await res.json()) as { predictions: { label: string }[] };
    expect(body.predictions).toHaveLength(1);
    const metrics = await (await fetch(`${server.url}/api/metrics`, { headers: auth() })).text();
    expect(metrics).toMatch(
      /tidemark_http_requests_total\{route="\/api\/v1\/models\/:name\/predict",method="POST",status="200",model="fraud"\} [1-9]/,
    );
    expect(metrics).toMatch(/tidemark_predictions_total\{model="fraud",version="1"\} [1-9]/);
  });

  it("keeps the body limit and the one error shape on the data plane", async () => {
    const big = JSON.stringify({ inputs: [{ amount: 1, country: "x".repeat(1_200_000), is_new: true }] });
    const tooLarge = await fetch(`${server.url}/api/v1/models/fraud/predict`, { method: "POST", headers: auth(), body: big });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    const noKey = await fetch(`${server.url}/api/v1/models/fraud/predict`, { method: "POST", body: predictBody });
    expect(noKey.status).toBe(401);
    expectSecurityHeaders(noKey);
    // Another method on a data-plane path, and a path that is not UTF-8, are still Next.js's answers.
    expect((await fetch(`${server.url}/api/v1/models/fraud/predict`, { headers: auth() })).status).toBe(405);
    const malformed = await fetch(`${server.url}/api/v1/models/%ff/predict`, {
      method: "POST",
      headers: auth(),
      body: predictBody,
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });

  it("speaks the Open Inference Protocol on the same port and keys", async () => {
    expect(await (await fetch(`${server.url}/v2/health/live`)).json()).toEqual({ live: true });
    const meta = await fetch(`${server.url}/v2/models/fraud`, { headers: auth() });
    expect(((await meta.json()) as { inputs: unknown[] }).inputs).toHaveLength(3);
    const res = await fetch(`${server.url}/v2/models/fraud/versions/1/infer`, {
      method: "POST",
      headers: auth(),
      body: inferBody,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model_name: string; outputs: { name: string; data: unknown[] }[] };
    expect(body.model_name).toBe("fraud");
    expect(body.outputs.map((o) => o.name)).toEqual(["label", "probabilities", "prediction_id"]);
    const refused = await fetch(`${server.url}/v2/models/fraud/infer`, { method: "POST", headers: auth(), body: "{" });
    expect(refused.status).toBe(400);
    expect(Object.keys((await refused.json()) as object)).toEqual(["error"]);
  });

  it("shadow: the caller gets the champion's 200 whether the challenger fails or succeeds", async () => {
    const traffic = `${server.url}/api/v1/models/price/aliases/production/traffic`;
    const set = await fetch(traffic, { method: "PUT", headers: auth(), body: JSON.stringify({ mode: "shadow", version: 2 }) });
    expect([set.status, set.status === 200 ? "" : await set.text()]).toEqual([200, ""]);
    const predict = (inputs: { x: number }[]) =>
      fetch(`${server.url}/api/v1/models/price/predict`, { method: "POST", headers: auth(), body: JSON.stringify({ inputs }) });
    const shadowRuns = async (outcome: string) => {
      const metrics = await (await fetch(`${server.url}/api/metrics`, { headers: auth() })).text();
      const line = metrics.match(
        new RegExp(`tidemark_shadow_runs_total\\{model="price",version="2",outcome="${outcome}"\\} (\\d+)`),
      );
      return line ? Number(line[1]) : 0;
    };
    // One record: the challenger's run throws (odd batch); the caller never sees it.
    const failing = await predict([{ x: 7 }]);
    expect(failing.status).toBe(200);
    expect(await failing.json()).toMatchObject({ version: 1 });
    // Two records: the challenger succeeds off the caller's path and its rows are logged.
    const passing = await predict([{ x: 3 }, { x: 5 }]);
    expect(passing.status).toBe(200);
    const answer = (await passing.json()) as { version: number; predictions: { predictionId: string }[] };
    expect(answer.version).toBe(1);
    championIds.push(...answer.predictions.map((p) => p.predictionId));
    for (let i = 0; i < 300 && ((await shadowRuns("failed")) < 1 || (await shadowRuns("logged")) < 1); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await shadowRuns("failed")).toBe(1);
    expect(await shadowRuns("logged")).toBe(1);
    const read = await fetch(traffic, { headers: auth() });
    expect(await read.json()).toMatchObject({ policy: { mode: "shadow", championVersion: 1, challengerVersion: 2 } });
  });
});

describe("an inference-only replica", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNextServer(backend.env, ["--inference-only"]);
  });
  afterAll(async () => server?.kill());

  it("serves predictions and the protocol, no dashboard, no scheduler", async () => {
    const res = await fetch(`${server.url}/api/v1/models/fraud/predict`, { method: "POST", headers: auth(), body: predictBody });
    expect(res.status).toBe(200);
    const infer = await fetch(`${server.url}/v2/models/fraud/infer`, { method: "POST", headers: auth(), body: inferBody });
    expect(infer.status).toBe(200);
    const page = await fetch(`${server.url}/login`);
    expect(page.status).toBe(404);
    expect(((await page.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect(server.output()).toContain("inference-only replica listening");
    expect(server.output()).not.toContain("scheduler started");
    expect(server.output()).not.toContain("next.config");
  });
});

describe("after the server stopped", () => {
  it("holds the shadow rows under the challenger, paired with the champion's, with x as the value", async () => {
    const db = await backend.open();
    try {
      const rows = await db.sql.query<{ paired: string; version: number; value: number; source: string }>(
        `SELECT p.paired_prediction_id::text AS paired, v.version, (p.output->>'value')::float8 AS value, p.source
           FROM predictions p JOIN model_versions v ON v.id = p.model_version_id
          WHERE p.source = 'shadow' ORDER BY p.id`,
      );
      expect(championIds).toHaveLength(2);
      const byPair = new Map(rows.map((r) => [r.paired, [r.version, r.value]]));
      expect(rows).toHaveLength(2);
      expect(championIds.map((id) => byPair.get(id))).toEqual([
        [2, 3],
        [2, 5],
      ]);
    } finally {
      await db.close();
    }
  });
});
