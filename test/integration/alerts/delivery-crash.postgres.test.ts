import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import { evaluateModelAlerts } from "@/lib/alerts/lifecycle/evaluate-model-alerts";
import { deliverDueNotifications } from "@/lib/alerts/notifications/deliver-notifications";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";
import { openTestDatabase } from "../../helpers/test-database";
import { callRoute } from "../../helpers/call-route";
import { createKeys } from "../../helpers/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver";
import { disableRules, recordJobRun, registerFraudModel, testDeliverySettings } from "../../helpers/alert-fixtures";

// A real jobs process (`tidemark jobs`) is SIGKILLed while its delivery of a notification hangs
// on the receiver. Nothing is lost: once the dead worker's claim expires, the notification is sent
// again — with the same event id, so the receiver keeps exactly one. Needs a Postgres server, which
// both processes share (the embedded database belongs to one process).
const SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";
process.env.TIDEMARK_SECRET_KEY = SECRET_KEY;
// Receivers on loopback are internal: destinations reach them only with the opt-in.
process.env.TIDEMARK_ALERT_ALLOW_PRIVATE = "1";

const root = path.resolve(__dirname, "../../..");
let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
let receiver: WebhookReceiver;
let jobs: ChildProcess | undefined;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
  receiver = await startWebhookReceiver();
  await registerFraudModel(keys.admin, "fraud");
  await disableRules(db, "fraud");
  expect(
    (
      await callRoute(destinationsRoute.POST, {
        key: keys.admin,
        json: { name: "hook", kind: "webhook", url: receiver.url(), secret: "0123456789abcdef" },
      })
    ).status,
  ).toBe(201);
  const rule = await callRoute(rulesRoute.POST, {
    key: keys.admin,
    json: { model: "fraud", name: "jobs", kind: "job_failure", fireAfter: 1, channels: ["hook"] },
  });
  expect(rule.status).toBe(201);
  await recordJobRun(db, { model: "fraud", job: "drift", status: "failed", at: new Date(Date.now() - 60_000) });
  expect(await evaluateModelAlerts(db, { model: "fraud", publicUrl: "http://tidemark.test" })).toMatchObject({
    opened: 1,
    notifications: 1,
  });
});
afterAll(async () => {
  if (jobs?.exitCode === null && jobs.signalCode === null) process.kill(-jobs.pid!, "SIGKILL");
  await receiver.close();
  await db.close();
});

describe("a jobs process killed mid-delivery", () => {
  it("loses nothing, and the repeat carries the same event id", async () => {
    const [{ name }] = await db.sql.query<{ name: string }>("SELECT current_database() AS name");
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    // The receiver never answers the first delivery: the jobs process is inside the send when killed.
    receiver.script("hang");
    const child = spawn(process.execPath, [path.join(root, "bin/tidemark.mjs"), "jobs"], {
      cwd: root,
      detached: true,
      stdio: "ignore",
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NODE_ENV: "production",
        DATABASE_URL: url.toString(),
        TIDEMARK_SECRET_KEY: SECRET_KEY,
        TIDEMARK_ALERT_TIMEOUT_MS: "120000",
        TIDEMARK_ALERT_ALLOW_PRIVATE: "1",
      },
    });
    jobs = child;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // Its delivery task runs every 15 s; wait (generously) until the request is in the receiver.
    for (const deadline = Date.now() + 90_000; receiver.requests.length === 0; ) {
      if (Date.now() > deadline) throw new Error("the jobs process never delivered");
      await new Promise((r) => setTimeout(r, 200));
    }
    process.kill(-child.pid!, "SIGKILL");
    await exited;

    const [claimed] = await db.sql.query<{ status: string; attempts: number; lease_until: Date }>(
      `SELECT status::text AS status, attempts, lease_until FROM alert_notifications`,
    );
    expect(claimed).toMatchObject({ status: "sending", attempts: 1 });
    const settings = testDeliverySettings();
    // While the dead worker's claim holds, nobody sends it…
    expect(await deliverDueNotifications(db, { settings, key: getSecretKey(), now: new Date() })).toMatchObject({ attempted: 0 });
    // …and once it has run out, it is sent again and delivered.
    expect(
      await deliverDueNotifications(db, { settings, key: getSecretKey(), now: new Date(claimed.lease_until.getTime() + 1) }),
    ).toEqual({ attempted: 1, delivered: 1, retrying: 0, dead: 0 });

    const ids = receiver.requests.map((r) => r.headers["x-tidemark-event-id"]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(receiver.acceptedOnce()).toHaveLength(1);
    const [done] = await db.sql.query<{ status: string; attempts: number }>(
      `SELECT status::text AS status, attempts FROM alert_notifications`,
    );
    expect(done).toEqual({ status: "delivered", attempts: 2 });
  });
});
