// The registry side of monitor-only versions and user column names, through the real handlers:
// a registration without the model part is stored and marked monitor-only in every answer, and a
// manifest whose column names could make one record key mean two features is refused with 422.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as modelRoute from "@/app/api/v1/models/[name]/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { binaryManifest, binaryModelBytes, createKeys, registrationForm } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

function manifestOnly(manifest: unknown): FormData {
  const form = new FormData();
  form.set("manifest", JSON.stringify(manifest));
  return form;
}

describe("monitor-only registration", () => {
  it("stores a version without a model file and says so in the version and model answers", async () => {
    const created = await callRoute(versionsRoute.POST, {
      params: { name: "scoring" },
      key: keys.admin,
      body: manifestOnly(binaryManifest()),
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ model: "scoring", version: 1, sha256: null, monitorOnly: true });
    expect(created.json.sizeBytes).toBeUndefined();
    const withModel = await callRoute(versionsRoute.POST, {
      params: { name: "scoring" },
      key: keys.admin,
      body: registrationForm(binaryModelBytes(), binaryManifest()),
    });
    expect(withModel.json).toMatchObject({ version: 2, monitorOnly: false });
    const model = await callRoute(modelRoute.GET, { method: "GET", params: { name: "scoring" }, key: keys.read });
    expect(model.json.versions.map((v: { version: number; monitorOnly: boolean }) => [v.version, v.monitorOnly])).toEqual([
      [2, false],
      [1, true],
    ]);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { subject: "model:scoring/version:1" } });
    expect(audit.after).toEqual({ version: 1, monitorOnly: true, task: "binary" });
  });

  it("still refuses a model part that is not a file", async () => {
    const form = manifestOnly(binaryManifest());
    form.set("model", "not a file");
    const res = await callRoute(versionsRoute.POST, { params: { name: "scoring" }, key: keys.admin, body: form });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([
      { path: "model", message: "must be a file (or left out for a monitor-only version)" },
    ]);
  });
});

describe("user column names at registration", () => {
  it("refuses a column that is another feature's name, naming both, with nothing stored", async () => {
    const base = binaryManifest();
    const manifest = {
      ...base,
      features: [...base.features, { name: "amount_eur", column: "amount", type: "numeric", nullable: false }],
    };
    const res = await callRoute(versionsRoute.POST, { params: { name: "clash" }, key: keys.admin, body: manifestOnly(manifest) });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toContainEqual({
      path: "features.3.column",
      message: 'column "amount" of feature "amount_eur" clashes with feature "amount": a record key must name one feature',
    });
    expect(await db.prisma.model.findUnique({ where: { name: "clash" } })).toBeNull();
  });
});
