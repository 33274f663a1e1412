import { describe, expect, it } from "vitest";
import { createRuleSchema, parseCondition, parseStoredRule } from "@/lib/alerts/rules/rule-schema";
import { slackPayload, emailContent, headline } from "@/lib/alerts/notifications/render-notification";
import type { AlertEvent } from "@/lib/alerts/alert-row";

describe("rule schema", () => {
  it("fills defaults by kind: drift waits for two windows, no-traffic fires on the first", () => {
    expect(createRuleSchema.parse({ name: "d", kind: "feature_drift" })).toMatchObject({
      fireAfter: 2,
      resolveAfter: 2,
      severity: "warning",
      channels: [],
      enabled: true,
      muted: false,
      condition: { segment: "" },
    });
    expect(createRuleSchema.parse({ name: "t", kind: "no_traffic" })).toMatchObject({
      fireAfter: 1,
      resolveAfter: 1,
      condition: { periodMinutes: 60 },
    });
    expect(createRuleSchema.parse({ name: "p", kind: "performance", fireAfter: 3 })).toMatchObject({
      fireAfter: 3,
      condition: { source: "realized", minLabelCoverage: 0 },
    });
  });

  it("reports condition problems under condition.*", () => {
    const result = createRuleSchema.safeParse({ name: "b", kind: "business", condition: { maxDrop: 2, metric: "median" } });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(result.error.issues.map((i) => i.path.join("."))).toEqual(["condition.metric", "condition.maxDrop"]);
  });

  it("rejects a stored condition that no longer validates instead of guessing", () => {
    const row = {
      id: "r1",
      modelId: null,
      name: "x",
      kind: "sla",
      condition: { maxErrorRate: 5 },
      severity: "warning",
      fireAfter: 1,
      resolveAfter: 1,
      channels: [],
      enabled: true,
      muted: false,
    };
    expect(() => parseStoredRule(row)).toThrow(/r1.*no longer validates.*condition.maxErrorRate/);
    expect(() => parseStoredRule({ ...row, kind: "astrology" })).toThrow(/unknown kind/);
    expect(parseCondition("sla", {})).toEqual({ ok: true, condition: { latency: true, throughput: false, maxErrorRate: 0.05 } });
  });
});

describe("notification rendering", () => {
  const event: AlertEvent = {
    id: "0193a0d2-0000-7000-8000-000000000001",
    type: "alert.opened",
    createdAt: "2026-11-02T08:00:00.000Z",
    alert: {
      id: "0193a0d2-0000-7000-8000-000000000002",
      status: "open",
      severity: "critical",
      title: "fraud v1: dataset drift",
      model: "fraud",
      version: 1,
      subject: "v1/dataset",
      feature: null,
      rule: { id: "r", name: "Dataset drift", kind: "dataset_drift" },
      occurrences: 2,
      firstSeenAt: "2026-11-02T08:00:00.000Z",
      lastSeenAt: "2026-11-02T08:00:00.000Z",
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      snoozedUntil: null,
      snoozedBy: null,
      evidence: {
        summary: "2 of 3 features drifted <script>",
        window: { start: "2026-11-02T07:00:00.000Z", end: "2026-11-02T08:00:00.000Z" },
        statistic: { name: "weighted_drifted_share", value: 0.9 },
        sampleSizes: { current: 400 },
        topFeatures: [{ feature: "amount", importance: 0.6, effectSize: 0.3, threshold: 0.1, score: 1.8 }],
        link: "/models/fraud?version=1",
      },
      link: "/models/fraud?version=1",
      url: "https://tidemark.example/models/fraud?version=1",
    },
  };

  it("Slack: text for notifications, blocks with the evidence and a button to the dashboard", () => {
    const payload = slackPayload(event);
    expect(payload.text).toBe(":red_circle: [Alert] [CRITICAL] fraud v1: dataset drift");
    const fields = JSON.stringify(payload.blocks[2]);
    expect(fields).toContain("Top drifted features");
    expect(fields).toContain("amount (importance 0.6 × drift 0.3/0.1)");
    expect(payload.blocks[3]).toEqual({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open in Tidemark" }, url: event.alert.url }],
    });
    expect(slackPayload({ ...event, type: "alert.resolved" }).text.startsWith(":white_check_mark: [Resolved]")).toBe(true);
  });

  it("email: subject with severity and title, escaped HTML, the link and the event id", () => {
    const mail = emailContent(event);
    expect(mail.subject).toBe("[Tidemark] [Alert] [CRITICAL] fraud v1: dataset drift");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain("Open in Tidemark: https://tidemark.example/models/fraud?version=1");
    expect(mail.text).toContain(`Event: ${event.id}`);
    expect(headline({ ...event, type: "alert.still_firing" })).toBe(
      "[Still firing after snooze] [CRITICAL] fraud v1: dataset drift",
    );
  });
});
