import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as rulesRoute from "@/app/api/v1/alert-rules/route";
import * as ruleRoute from "@/app/api/v1/alert-rules/[id]/route";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as destinationRoute from "@/app/api/v1/destinations/[name]/route";
import * as jobRunsRoute from "@/app/api/v1/jobs/runs/route";
import { createDestination } from "@/lib/alerts/destinations/create-destination";
import { parseHostAllowList } from "@/lib/alerts/destinations/host-allow-list";
import { sendNotification } from "@/lib/alerts/notifications/send-notification";
import { DEFAULT_WINDOWS, parseStoredRule } from "@/lib/alerts/rules/rule-schema";
import { openTestDatabase } from "../../helpers/test-database";
import { callRoute } from "../../helpers/call-route";
import { createKeys } from "../../helpers/fixtures";
import { startWebhookReceiver } from "../../helpers/webhook-receiver";
import { registerFraudModel } from "../../helpers/alert-fixtures";

// Rules and destinations over the real route handlers: global defaults copied to new models,
// validation errors naming the field, admin scope, audit trail, and the host allow-list.
process.env.TIDEMARK_SECRET_KEY = "test-secret-key-for-alert-destinations-0123456789";
// Receivers on loopback are internal: destinations reach them only with the opt-in.
process.env.TIDEMARK_ALERT_ALLOW_PRIVATE = "1";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

const listRules = async (query: string) =>
  (await callRoute(rulesRoute.GET, { method: "GET", path: `/api/v1/alert-rules${query}`, key: keys.admin })).json.rules as any[];

describe("alert rules API", () => {
  it("has global defaults for every kind of condition, and copies them to each new model", async () => {
    const defaults = await listRules("?model=defaults");
    expect(defaults.map((r) => r.kind)).toEqual([
      "feature_drift",
      "dataset_drift",
      "output_drift",
      "data_quality",
      "performance",
      "performance",
      "business",
      "sla",
      "no_traffic",
      "job_failure",
    ]);
    expect(defaults.every((r) => r.isDefault && r.model === null)).toBe(true);
    expect(defaults.find((r) => r.kind === "feature_drift")).toMatchObject({
      fireAfter: 2,
      resolveAfter: 2,
      condition: { segment: "" },
    });
    // Stored defaults validate against today's schema, with its defaults filled in.
    for (const row of await db.prisma.alertRule.findMany({ where: { modelId: null } }))
      expect(() => parseStoredRule(row)).not.toThrow();

    await registerFraudModel(keys.admin, "fraud");
    const copies = await listRules("?model=fraud");
    expect(copies.map((r) => [r.name, r.kind, r.severity, r.fireAfter, r.resolveAfter, r.isDefault, r.model])).toEqual(
      defaults.map((r) => [r.name, r.kind, r.severity, r.fireAfter, r.resolveAfter, false, "fraud"]),
    );
    // A second version is not a new model: no second set.
    await registerFraudModel(keys.admin, "fraud");
    expect(await listRules("?model=fraud")).toHaveLength(defaults.length);
  });

  it("evaluates a model's rules on demand through the jobs API, recorded like every job", async () => {
    const res = await callRoute(jobRunsRoute.POST, { key: keys.admin, json: { job: "alerts", model: "fraud" } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.runs).toEqual([
      expect.objectContaining({
        job: "alerts",
        modelName: "fraud",
        version: null,
        status: "succeeded",
        details: { rules: 10, subjects: 0, opened: 0, updated: 0, resolved: 0, notifications: 0 },
      }),
    ]);
    const listed = await callRoute(jobRunsRoute.GET, { method: "GET", path: "/api/v1/jobs/runs?job=alerts", key: keys.read });
    expect(listed.json.runs.map((r: { job: string; status: string }) => [r.job, r.status])).toEqual([["alerts", "succeeded"]]);
  });

  it("a new global default applies to models created afterwards, not to existing ones", async () => {
    const created = await callRoute(rulesRoute.POST, {
      key: keys.admin,
      json: { name: "Slow drift", kind: "dataset_drift", severity: "info", fireAfter: 6, condition: { minWeightedScore: 0.3 } },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      model: null,
      isDefault: true,
      fireAfter: 6,
      resolveAfter: DEFAULT_WINDOWS.dataset_drift.resolveAfter,
    });
    await registerFraudModel(keys.admin, "churn");
    expect((await listRules("?model=churn")).map((r) => r.name)).toContain("Slow drift");
    expect((await listRules("?model=fraud")).map((r) => r.name)).not.toContain("Slow drift");
  });

  it.each([
    [
      "an unknown kind",
      { name: "x", kind: "vibes" },
      [
        {
          path: "kind",
          message:
            "must be one of feature_drift, dataset_drift, output_drift, data_quality, performance, business, sla, no_traffic, job_failure",
        },
      ],
    ],
    [
      "a condition field of another kind",
      { model: "fraud", name: "x", kind: "feature_drift", condition: { periodMinutes: 5 } },
      [{ path: "condition", message: 'Unrecognized key: "periodMinutes"' }],
    ],
    [
      "a bad condition value",
      { model: "fraud", name: "x", kind: "no_traffic", condition: { periodMinutes: 1 } },
      [{ path: "condition.periodMinutes", message: "must be at least 5" }],
    ],
    [
      "a bad severity and window count",
      { model: "fraud", name: "x", kind: "sla", severity: "loud", fireAfter: 0 },
      [
        { path: "severity", message: "must be info, warning or critical" },
        { path: "fireAfter", message: "must be at least 1" },
      ],
    ],
    [
      "an unknown destination",
      { model: "fraud", name: "x", kind: "sla", channels: ["ops", "nowhere"] },
      [
        { path: "channels.0", message: 'names no alert destination "ops"' },
        { path: "channels.1", message: 'names no alert destination "nowhere"' },
      ],
    ],
    [
      "an unknown field",
      { model: "fraud", name: "x", kind: "sla", cooldown: 5 },
      [{ path: "(root)", message: 'Unrecognized key: "cooldown"' }],
    ],
  ])("refuses %s, naming the field", async (_what, body, details) => {
    const res = await callRoute(rulesRoute.POST, { key: keys.admin, json: body });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: { code: "validation_failed", message: "Invalid alert rule", details } });
  });

  it("needs the admin scope, answers 404 for unknown models and rules", async () => {
    expect((await callRoute(rulesRoute.GET, { method: "GET", path: "/api/v1/alert-rules", key: keys.read })).status).toBe(403);
    expect((await callRoute(rulesRoute.POST, { key: keys.read, json: { name: "x", kind: "sla" } })).status).toBe(403);
    expect((await callRoute(rulesRoute.POST, { json: { name: "x", kind: "sla" } })).status).toBe(401);
    const noModel = await callRoute(rulesRoute.POST, { key: keys.admin, json: { model: "nope", name: "x", kind: "sla" } });
    expect(noModel.json).toEqual({ error: { code: "not_found", message: 'No model named "nope"' } });
    const noRule = await callRoute(ruleRoute.GET, { method: "GET", params: { id: "not-a-uuid" }, key: keys.admin });
    expect(noRule.json).toEqual({ error: { code: "not_found", message: 'No alert rule with id "not-a-uuid"' } });
  });

  it("changes, mutes and deletes a rule, each in the audit log", async () => {
    const [sla] = (await listRules("?model=fraud&kind=sla")) as { id: string }[];
    const changed = await callRoute(ruleRoute.PATCH, {
      method: "PATCH",
      params: { id: sla.id },
      key: keys.admin,
      json: { condition: { maxErrorRate: 0.01 }, severity: "critical", muted: true },
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({
      severity: "critical",
      muted: true,
      condition: { maxErrorRate: 0.01, latency: true, throughput: false },
    });
    const badChange = await callRoute(ruleRoute.PATCH, {
      method: "PATCH",
      params: { id: sla.id },
      key: keys.admin,
      json: { condition: { maxErrorRate: 2 } },
    });
    expect(badChange.json).toEqual({
      error: {
        code: "validation_failed",
        message: "Invalid alert rule change",
        details: [{ path: "condition.maxErrorRate", message: "Too big: expected number to be <=1" }],
      },
    });
    const empty = await callRoute(ruleRoute.PATCH, { method: "PATCH", params: { id: sla.id }, key: keys.admin, json: {} });
    expect(empty.json.error.details).toEqual([{ path: "(root)", message: "must change at least one field" }]);
    const deleted = await callRoute(ruleRoute.DELETE, { method: "DELETE", params: { id: sla.id }, key: keys.admin });
    expect(deleted.json).toEqual({ deleted: sla.id, resolvedAlerts: 0 });
    expect((await callRoute(ruleRoute.GET, { method: "GET", params: { id: sla.id }, key: keys.admin })).status).toBe(404);

    const audit = await db.sql.query<{ kind: string; actor: string; model_name: string | null; subject: string }>(
      `SELECT kind, actor, model_name, subject FROM audit_events WHERE subject = $1 ORDER BY id`,
      [`alert_rule:${sla.id}`],
    );
    expect(audit).toEqual([
      { kind: "alert_rule.updated", actor: "key:admin", model_name: "fraud", subject: `alert_rule:${sla.id}` },
      { kind: "alert_rule.deleted", actor: "key:admin", model_name: "fraud", subject: `alert_rule:${sla.id}` },
    ]);
    const created = await db.sql.query(`SELECT 1 FROM audit_events WHERE kind = 'alert_rule.created'`);
    expect(created).toHaveLength(1);
  });
});

describe("destinations API", () => {
  it.each([
    [
      "a webhook without a secret",
      { name: "a", kind: "webhook", url: "http://127.0.0.1:9/" },
      [{ path: "secret", message: "Invalid input: expected string, received undefined" }],
    ],
    [
      "a short secret",
      { name: "a", kind: "webhook", url: "http://127.0.0.1:9/", secret: "short" },
      [{ path: "secret", message: "must be at least 16 characters" }],
    ],
    [
      "a non-http URL",
      { name: "a", kind: "slack", url: "ftp://example.com/x" },
      [{ path: "url", message: "must be an http(s) URL" }],
    ],
    [
      "an email without recipients",
      { name: "a", kind: "email", host: "127.0.0.1", from: "a@b.test", to: [] },
      [{ path: "to", message: "must list at least one recipient" }],
    ],
    [
      "a bad name",
      { name: "Ops Hook", kind: "slack", url: "http://127.0.0.1:9/" },
      [{ path: "name", message: "must start with a lowercase letter or digit and use lowercase letters, digits, _ . -" }],
    ],
    [
      "an unknown kind",
      { name: "a", kind: "pager", url: "http://127.0.0.1:9/" },
      [{ path: "kind", message: "kind must be one of webhook, slack, email" }],
    ],
  ])("refuses %s, naming the field", async (_what, body, details) => {
    const res = await callRoute(destinationsRoute.POST, { key: keys.admin, json: body });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: { code: "validation_failed", message: "Invalid destination", details } });
  });

  it("refuses a duplicate name, and deleting a destination a rule still uses", async () => {
    const body = { name: "ops", kind: "webhook", url: "http://127.0.0.1:9/hook", secret: "0123456789abcdef" };
    expect((await callRoute(destinationsRoute.POST, { key: keys.admin, json: body })).status).toBe(201);
    const dup = await callRoute(destinationsRoute.POST, { key: keys.admin, json: body });
    expect(dup.json).toEqual({ error: { code: "conflict", message: 'An alert destination named "ops" already exists' } });
    const rule = await callRoute(rulesRoute.POST, {
      key: keys.admin,
      json: { model: "fraud", name: "paging", kind: "no_traffic", channels: ["ops"] },
    });
    expect(rule.status).toBe(201);
    const inUse = await callRoute(destinationRoute.DELETE, { method: "DELETE", params: { name: "ops" }, key: keys.admin });
    expect(inUse.status).toBe(409);
    expect(inUse.json.error.details).toEqual([{ path: "channels", message: `rule ${rule.json.id} ("paging")` }]);
    await callRoute(ruleRoute.DELETE, { method: "DELETE", params: { id: rule.json.id }, key: keys.admin });
    const gone = await callRoute(destinationRoute.DELETE, { method: "DELETE", params: { name: "ops" }, key: keys.admin });
    expect(gone.json).toEqual({ deleted: "ops", abandonedNotifications: 0 });
    expect((await callRoute(destinationsRoute.GET, { method: "GET", key: keys.read })).status).toBe(403);
  });

  it("with an allow-list, refuses destinations on other hosts and never sends to them", async () => {
    const allowList = parseHostAllowList("hooks.slack.com, *.example.com");
    await expect(
      createDestination(db.prisma, {
        input: { name: "internal", kind: "webhook", url: "http://127.0.0.1:8080/admin", secret: "0123456789abcdef" },
        actor: "test",
        key: Buffer.alloc(32),
        allowList,
      }),
    ).rejects.toMatchObject({
      code: "validation_failed",
      details: [
        {
          path: "url",
          message: 'host "127.0.0.1" is not allowed; TIDEMARK_ALERT_ALLOWED_HOSTS permits hooks.slack.com, *.example.com',
        },
      ],
    });
    await expect(
      createDestination(db.prisma, {
        input: { name: "mail", kind: "email", host: "smtp.internal", from: "a@b.test", to: ["c@d.test"] },
        actor: "test",
        key: Buffer.alloc(32),
        allowList,
      }),
    ).rejects.toMatchObject({
      details: [{ path: "host", message: expect.stringContaining('host "smtp.internal" is not allowed') }],
    });
    // A destination stored before the list was set is still refused at send time.
    const receiver = await startWebhookReceiver();
    const outcome = await sendNotification(
      { destinationId: "x", fields: { kind: "webhook", url: receiver.url(), secret: "0123456789abcdef" } },
      { id: "00000000-0000-7000-8000-000000000001", type: "alert.test", createdAt: new Date().toISOString(), alert: {} as never },
      { timeoutMs: 500, allowList },
    );
    expect(outcome).toEqual({
      ok: false,
      responseCode: null,
      error: 'host "127.0.0.1" is not in TIDEMARK_ALERT_ALLOWED_HOSTS (hooks.slack.com, *.example.com)',
    });
    expect(receiver.requests).toHaveLength(0);
    await receiver.close();
  });
});
