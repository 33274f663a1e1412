// `tidemark register --server URL --key KEY` inferring the manifest: the command runs as a user runs
// it and posts to a real HTTP server on loopback whose requests go to the real route handlers.
// Registers a model (then served with a row keyed as in the data file) and a monitor-only version
// (sent without the model part; predict on it is 409).
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { openTestDatabase } from "../helpers/test-database";
import { runCli } from "../helpers/run-cli";
import { callRoute } from "../helpers/call-route";
import { createKeys } from "../helpers/fixtures";

const fixtures = path.resolve(__dirname, "../fixtures/byo-register");
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let server: http.Server;
let url: string;
let work: string;

type Handler = (request: Request, context: { params: Promise<{ name: string }> }) => Promise<Response>;

/** POST /api/v1/models/:name/versions over HTTP, into the route handler exactly as Next.js calls it. */
function startRouteServer(handler: Handler): Promise<http.Server> {
  const s = http.createServer(async (req, res) => {
    const match = /^\/api\/v1\/models\/([^/]+)\/versions$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (!match || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
    const response = await handler(request, { params: Promise.resolve({ name: decodeURIComponent(match[1]) }) });
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  server = await startRouteServer(versionsRoute.POST);
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  work = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-register-http-"));
  for (const file of ["reference.csv", "model.onnx"]) fs.copyFileSync(path.join(fixtures, file), path.join(work, file));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const register = (args: string[], key = keys.admin) =>
  runCli(
    [
      "register",
      "--reference",
      "reference.csv",
      "--target",
      "species",
      "--task",
      "binary",
      "--server",
      url,
      "--key",
      key,
      ...args,
    ],
    {
      cwd: work,
    },
  );

describe("tidemark register against a running server", () => {
  it("registers a model with the inferred manifest, which then serves rows keyed as in the data file", async () => {
    const res = await register(["--model", "model.onnx", "--name", "birds"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("No --test: no test metrics, so the promotion gate refuses this version");
    expect(res.stdout).toMatch(/^Registered birds version 1 \(sha256 [0-9a-f]{12}…\)\.$/m);
    const predicted = await callRoute(predictRoute.POST, {
      params: { name: "birds" },
      path: "/?version=1",
      key: keys.predict,
      json: { inputs: [{ "Beak Length (mm)": 51.2, flipper: 0.4, island: "Biscoe", noise: 0.1 }] },
    });
    expect(predicted.status).toBe(200);
    // The fixture model: p = sigmoid(0.24·(51.2 − 45) + 0.8·0.4 + 0.5 − 0.1).
    const p = 1 / (1 + Math.exp(-(0.24 * 6.2 + 0.32 + 0.4)));
    expect(predicted.json.predictions[0].probabilities.Gentoo).toBeCloseTo(p, 6);
  }, 120_000);

  it("registers a monitor-only version without a model file; predict on it is 409", async () => {
    const res = await register(["--name", "birds-ext"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Registered birds-ext version 1 as monitor-only");
    const row = await db.prisma.modelVersion.findFirstOrThrow({ where: { model: { name: "birds-ext" } } });
    expect(row.artifactSha).toBeNull();
    const predicted = await callRoute(predictRoute.POST, {
      params: { name: "birds-ext" },
      path: "/?version=1",
      key: keys.predict,
      json: { inputs: [{ "Beak Length (mm)": 51.2, flipper: 0.4, island: "Biscoe", noise: 0.1 }] },
    });
    expect(predicted.status).toBe(409);
    expect(predicted.json.error.code).toBe("conflict");
  }, 120_000);

  it("reports the server's refusal and exits non-zero", async () => {
    const res = await register(["--name", "birds"], keys.read);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/\(forbidden\)/);
  }, 120_000);
});
