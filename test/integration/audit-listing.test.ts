import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as auditRoute from "@/app/api/v1/audit/route";
import { listAuditFilters } from "@/lib/audit/list-audit-filters";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { createKeys } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

// In time order, so ids follow time as they do in production. Two hours of ingestion by two keys
// around the changes a reader is looking for.
const SEED: [string, string, string, string | null, object | null][] = [
  ["10:05", "key:admin", "model.version_registered", "fraud", { version: 1 }],
  ["10:10", "key:labels", "outcomes.ingested", "fraud", { received: 10, stored: 10 }],
  ["10:20", "key:labels", "outcomes.ingested", "fraud", { received: 20, stored: 18, rejected: 2 }],
  ["10:25", "key:other", "outcomes.ingested", "fraud", { received: 5, stored: 5 }],
  ["10:30", "key:labels", "events.ingested", null, { received: 7, stored: 7 }],
  ["10:40", "key:labels", "outcomes.ingested", "fraud", { received: 30, stored: 30 }],
  ["11:05", "key:labels", "outcomes.ingested", "fraud", { received: 1, stored: 1 }],
  ["11:30", "password:admin/Ada Lovelace", "model.alias_moved", "fraud", { version: 1, gatePassed: true }],
  ["11:45", "key:labels", "outcomes.ingested", "fraud", { received: 2, stored: 2 }],
];
const ids: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  for (const [time, actor, kind, model, after] of SEED) {
    const [row] = await db.sql.query<{ id: string }>(
      "INSERT INTO audit_events (at, actor, kind, model_name, subject, after) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id::text AS id",
      [`2026-12-01T${time}:00Z`, actor, kind, model, model ? `model:${model}` : "business_events", JSON.stringify(after)],
    );
    ids.push(row.id);
  }
});
afterAll(async () => db.close());

async function list(query: string) {
  const res = await callRoute(auditRoute.GET, { method: "GET", path: `/api/v1/audit?${query}`, key: keys.read });
  expect(res.status).toBe(200);
  return res.json as {
    events: { id: string; kind: string; actor: string; count: number; hour: string | null; after: any }[];
    nextBefore: string | null;
  };
}

// The events seeded here, apart from the keys createKeys recorded.
const seeded = <Row extends { id: string }>(events: Row[]) => events.filter((e) => ids.includes(e.id));

describe("the audit listing", () => {
  it("groups ingestion per actor, kind, model and hour with counts and summed counters", async () => {
    const { events } = await list("limit=100");
    expect(seeded(events).map((e) => [e.id, e.kind, e.actor, e.count, e.hour])).toEqual([
      [ids[8], "outcomes.ingested", "key:labels", 2, "2026-12-01T11:00:00.000Z"],
      [ids[7], "model.alias_moved", "password:admin/Ada Lovelace", 1, null],
      [ids[5], "outcomes.ingested", "key:labels", 3, "2026-12-01T10:00:00.000Z"],
      [ids[4], "events.ingested", "key:labels", 1, "2026-12-01T10:00:00.000Z"],
      [ids[3], "outcomes.ingested", "key:other", 1, "2026-12-01T10:00:00.000Z"],
      [ids[0], "model.version_registered", "key:admin", 1, null],
    ]);
    expect(seeded(events)[2].after).toEqual({ received: 60, stored: 58, rejected: 2 });
    expect(seeded(events)[1].after).toEqual({ version: 1, gatePassed: true });
  });

  it("lists every event when asked for them ungrouped", async () => {
    const { events } = await list("limit=100&group=none");
    expect(seeded(events).map((e) => e.id)).toEqual([...ids].reverse());
    expect(seeded(events).every((e) => e.count === 1 && e.hour === null)).toBe(true);
  });

  it("pages through groups and single events without repeating or skipping a row", async () => {
    const all = seeded((await list("limit=100&model=fraud")).events).map((e) => e.id);
    const seen: string[] = [];
    let before = "";
    for (let pages = 0; pages < 10; pages++) {
      const page = await list(`limit=2&model=fraud${before}`);
      seen.push(...page.events.map((e) => e.id));
      if (!page.nextBefore) break;
      expect(page.events).toHaveLength(2);
      before = `&before=${page.nextBefore}`;
    }
    expect(seen).toEqual(all);
    expect(all).toHaveLength(5);
  });

  it("shows a model's own history, and finds a named sign-in by its credential", async () => {
    expect((await list("model=fraud&view=history")).events.map((e) => e.id)).toEqual([ids[7], ids[0]]);
    expect((await list("actor=password:admin")).events.map((e) => e.id)).toEqual([ids[7]]);
    expect((await list("actor=password:admin/Ada Lovelace")).events.map((e) => e.id)).toEqual([ids[7]]);
    expect((await list("actor=password:adm")).events).toEqual([]);
    expect((await list("kind=events.ingested")).events.map((e) => [e.id, e.count])).toEqual([[ids[4], 1]]);
  });

  it("offers the kinds and models that exist", async () => {
    const all = await listAuditFilters(db);
    expect(all.models).toEqual(["fraud"]);
    expect(all.kinds).toEqual(expect.arrayContaining(["events.ingested", "model.alias_moved", "outcomes.ingested"]));
    expect((await listAuditFilters(db, "fraud")).kinds).toEqual([
      "model.alias_moved",
      "model.version_registered",
      "outcomes.ingested",
    ]);
  });

  it("refuses an unknown grouping or view, naming the parameter", async () => {
    const res = await callRoute(auditRoute.GET, { method: "GET", path: "/api/v1/audit?group=day", key: keys.read });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error)).toContain("group");
    const view = await callRoute(auditRoute.GET, { method: "GET", path: "/api/v1/audit?view=mine", key: keys.read });
    expect(view.status).toBe(422);
  });
});
