import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as keysRoute from "@/app/api/v1/keys/route";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import * as versionsRoute from "@/app/api/v1/models/[name]/versions/route";
import * as resolveRoute from "@/app/api/v1/alerts/[id]/resolve/route";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { createKeys, regressionManifest, regressionModelBytes, registrationForm } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

const refused = {
  error: { code: "unsupported_media_type", message: "Content-Type must be application/json (optionally with charset=utf-8)" },
};
const body = JSON.stringify({ name: "from-a-form", scopes: ["admin"] });

describe("JSON endpoints read only bodies declared as JSON", () => {
  it.each([
    ["text/plain", "text/plain;charset=UTF-8"],
    ["a urlencoded form", "application/x-www-form-urlencoded"],
    ["multipart", "multipart/form-data; boundary=x"],
    ["no content type", undefined],
    ["a look-alike type", "application/jsonp"],
    ["another charset", "application/json; charset=iso-8859-1"],
  ])("refuses %s with 415 naming the header, and changes nothing", async (_name, contentType) => {
    const res = await callRoute(keysRoute.POST, {
      key: keys.admin,
      body,
      headers: contentType ? { "content-type": contentType } : {},
    });
    expect(res.status).toBe(415);
    expect(res.json).toEqual(refused);
    expect(await db.prisma.apiKey.count({ where: { name: "from-a-form" } })).toBe(0);
  });

  it.each(["application/json", "application/json; charset=utf-8", 'Application/JSON;charset="UTF-8"'])(
    "accepts %s",
    async (contentType) => {
      const name = `ok-${contentType.length}`;
      const res = await callRoute(keysRoute.POST, {
        key: keys.admin,
        body: JSON.stringify({ name, scopes: ["read"] }),
        headers: { "content-type": contentType },
      });
      expect(res.status).toBe(201);
    },
  );

  it("applies to predict, and leaves multipart registration and body-less actions alone", async () => {
    const reg = await callRoute(versionsRoute.POST, {
      params: { name: "price" },
      key: keys.admin,
      body: registrationForm(regressionModelBytes(), regressionManifest()),
    });
    expect(reg.status).toBe(201);
    const predict = await callRoute(predictRoute.POST, {
      path: "/api/v1/models/price/predict",
      params: { name: "price" },
      key: keys.predict,
      body: JSON.stringify({ inputs: [{ x: 1 }] }),
      headers: { "content-type": "text/plain" },
    });
    expect(predict.status).toBe(415);
    expect(predict.json).toEqual(refused);
    // No body at all: the optional-body actions still answer by their own rules (here: no such alert).
    const resolve = await callRoute(resolveRoute.POST, {
      params: { id: "00000000-0000-4000-8000-000000000000" },
      key: keys.admin,
    });
    expect(resolve.status).toBe(404);
  });
});
