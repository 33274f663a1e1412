// One rule for a typed time (lib/core/time/parse-instant.ts): every API route that takes from/to,
// and `tidemark job --window` on the command line, accept and refuse the same strings. The API
// used to refuse nothing Date could read (a bare date, a time without a zone, "Dec 3 2026").
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as businessRoute from "@/app/api/v1/models/[name]/business/route";
import * as driftRoute from "@/app/api/v1/models/[name]/drift/route";
import * as histogramRoute from "@/app/api/v1/models/[name]/drift/histogram/route";
import * as performanceRoute from "@/app/api/v1/models/[name]/performance/route";
import * as serviceRoute from "@/app/api/v1/models/[name]/service/route";
import { callRoute } from "../helpers/call-route";
import { createKeys } from "../helpers/fixtures";
import { runCli } from "../helpers/run-cli";
import { openTestDatabase } from "../helpers/test-database";

const ACCEPTED = ["2026-12-03T13:00Z", "2026-12-03T13:00:00Z", "2026-12-03T14:00+01:00", "2026-12-03T13:00:00.250Z"];
const REFUSED = ["2026-12-03", "2026-12-03T13:00", "Dec 3 2026", "2026-02-30T00:00Z", "2026-12-03 13:00Z", "0000-01-01T00:00Z"];

const ROUTES = [
  ["drift", driftRoute.GET, ""],
  ["drift/histogram", histogramRoute.GET, "&feature=amount"],
  ["performance", performanceRoute.GET, ""],
  ["business", businessRoute.GET, ""],
  ["service", serviceRoute.GET, ""],
] as const;

let db: Database;
let key: string;
let dataDir: string;

beforeAll(async () => {
  db = await openTestDatabase();
  key = (await createKeys(db)).read;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-time-parity-"));
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The route's verdict on `from`: accepted (then the unknown model is a 404) or a 422 naming it. */
async function apiAccepts(route: (typeof ROUTES)[number], from: string): Promise<boolean> {
  const [name, handler, extra] = route;
  const res = await callRoute(handler, {
    method: "GET",
    path: `/api/v1/models/nope/${name}?from=${encodeURIComponent(from)}${extra}`,
    params: { name: "nope" },
    key,
  });
  if (res.status === 404) return true;
  expect(res.status, `${name} ${from}: ${JSON.stringify(res.json)}`).toBe(422);
  expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain("from");
  return false;
}

/** The CLI's verdict on the same string as the start of --window: refused before any work (exit 2). */
async function cliAccepts(from: string, i: number): Promise<boolean> {
  // A data folder each: the embedded database admits one process at a time, and these run together.
  const res = await runCli(["job", "drift", "--model", "nope", "--window", `${from}/PT1H`], {
    env: { TIDEMARK_DATA_DIR: path.join(dataDir, String(i)) },
  });
  if (res.code === 2) {
    expect(res.stderr).toMatch(/--window/);
    return false;
  }
  // Accepted: the job then runs and finds no such model.
  expect(res.stderr).toMatch(/No model named "nope"/);
  return true;
}

describe("one time parser for the API and the CLI", () => {
  it.each(ACCEPTED)("every from/to route accepts %s", async (time) => {
    for (const route of ROUTES) expect(await apiAccepts(route, time), route[0]).toBe(true);
  });

  it.each(REFUSED)("every from/to route refuses %s with a 422 naming from", async (time) => {
    for (const route of ROUTES) expect(await apiAccepts(route, time), route[0]).toBe(false);
  });

  it("tidemark job --window accepts and refuses the same strings", async () => {
    // Whole hours only for a window: the accepted strings that are not on the hour are checked by
    // the API alone; here the on-the-hour ones and every refused one.
    const onTheHour = ACCEPTED.filter((t) => !t.includes("."));
    const times = [...onTheHour, ...REFUSED];
    const verdicts = await Promise.all(times.map(async (time, i) => [time, await cliAccepts(time, i)]));
    expect(verdicts).toEqual([...onTheHour.map((t) => [t, true]), ...REFUSED.map((t) => [t, false])]);
  }, 240_000);
});
