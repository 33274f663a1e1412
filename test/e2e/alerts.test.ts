import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { evaluateModelAlerts } from "@/lib/alerts/lifecycle/evaluate-model-alerts";
import { formatInstant } from "@/lib/alerts/format-measure";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import { launchBrowser, SCREENSHOT_DIR, signIn as signInAt } from "../helpers/browser";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

// The Alerts page in Chromium against `next start`: an alert raised by the model's default
// "Job failures" rule (two failed drift runs in a row) is acknowledged by an admin; a read-only
// user sees no controls and the server refuses their replayed action.

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let receiver: WebhookReceiver;
const keys = { admin: "", reader: "" };
const TITLE = "fraud: drift job failing";
let firstFailure = "";

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-e2e-alerts-"));
  const db = await openDatabase({ kind: "pglite", dataDir });
  await applyMigrations(db.sql);
  keys.admin = (await createApiKey(db.prisma, { name: "ops", scopes: ["admin"] }, "test")).token;
  keys.reader = (await createApiKey(db.prisma, { name: "viewer", scopes: ["read"] }, "test")).token;
  await registerModelVersion(db, {
    modelName: "fraud",
    onnx: binaryModelBytes(),
    manifest: binaryManifest(),
    actor: "cli:test",
    maxBytes: 1e8,
  });
  for (const minutesAgo of [20, 10]) {
    const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    firstFailure ||= at;
    await db.sql.query(
      `INSERT INTO job_runs (job, model_name, trigger, status, started_at, finished_at, error, runner) VALUES ('drift', 'fraud', 'schedule', 'failed', $1, $1, 'reference profile missing', 'test:1')`,
      [at],
    );
  }
  const evaluated = await evaluateModelAlerts(db, { model: "fraud", publicUrl: "http://127.0.0.1" });
  expect(evaluated.opened).toBe(1);
  await db.close();
  // The webhook receiver is on loopback: the internal-receiver opt-in.
  server = await startNextServer({ TIDEMARK_DATA_DIR: dataDir, TIDEMARK_ALERT_ALLOW_PRIVATE: "1" });
  browser = await launchBrowser();
  receiver = await startWebhookReceiver();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.kill();
  await receiver?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const signIn = (page: Page, credential: string) => signInAt(page, server.url, credential, { landsOn: `${server.url}/` });

const alertsTable = (page: Page) => page.getByRole("table", { name: "Alerts, newest first" });

describe("Alerts page in Chromium", () => {
  it("lists the open alert with its evidence, and an admin acknowledges it", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, keys.admin);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
    await page.waitForURL(`${server.url}/alerts`);
    const row = alertsTable(page).locator("tbody tr").filter({ hasText: TITLE });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toContain("reference profile missing");
    await expect(row.getByText("open", { exact: true }).isVisible()).resolves.toBe(true);
    await expect(row.getByRole("link", { name: "Open the evidence page →" }).getAttribute("href")).resolves.toBe("/models/fraud");

    const actions = page.getByRole("group", { name: `Actions for ${TITLE}` });
    await actions.getByRole("button", { name: "Acknowledge" }).click();
    await actions.getByRole("status").filter({ hasText: "Acknowledged." }).waitFor();
    await page.reload();
    const updated = alertsTable(page).locator("tbody tr").filter({ hasText: TITLE });
    await expect(updated.getByText("acknowledged", { exact: true }).isVisible()).resolves.toBe(true);
    await expect(updated.textContent()).resolves.toContain("ack by key:ops");
    await expect(page.getByRole("table", { name: "Alert rules" }).textContent()).resolves.toContain("Job failures");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "alerts.png"), fullPage: true });
    await page.close();

    const res = await fetch(`${server.url}/api/v1/alerts?status=acknowledged&model=fraud`, {
      headers: { authorization: `Bearer ${keys.reader}` },
    });
    const body = (await res.json()) as { alerts: { title: string; acknowledgedBy: string }[] };
    expect(body.alerts.map((a) => [a.title, a.acknowledgedBy])).toEqual([[TITLE, "key:ops"]]);
  });

  it("a read-only user sees no alert controls, and the server refuses their replayed resolve", async () => {
    const adminPage = await browser.newPage();
    await signIn(adminPage, keys.admin);
    await adminPage.goto(`${server.url}/alerts`);
    const fields = await adminPage
      .getByRole("group", { name: `Actions for ${TITLE}` })
      .locator("form")
      .filter({ has: adminPage.getByRole("button", { name: "Resolve" }) })
      .locator('input[type="hidden"]')
      .evaluateAll((inputs) => inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value]));
    expect(fields.some(([name]) => name.startsWith("$ACTION"))).toBe(true);
    await adminPage.close();

    const page = await browser.newPage();
    await signIn(page, keys.reader);
    await page.goto(`${server.url}/alerts`);
    await expect(alertsTable(page).textContent()).resolves.toContain(TITLE);
    await expect(page.getByRole("button", { name: /Acknowledge|Resolve|Snooze|Mute/ }).count()).resolves.toBe(0);
    const replay = await page.evaluate(async (entries) => {
      const form = new FormData();
      for (const [k, v] of entries) form.append(k, v);
      const res = await fetch(location.href, { method: "POST", body: form });
      return await res.text();
    }, fields);
    expect(replay).toContain("Your session is read-only");
    await page.close();

    const res = await fetch(`${server.url}/api/v1/alerts?status=active&model=fraud`, {
      headers: { authorization: `Bearer ${keys.reader}` },
    });
    expect(((await res.json()) as { alerts: { status: string }[] }).alerts.map((a) => a.status)).toEqual(["acknowledged"]);
  });

  it("an alert's own page says since when, how often, and what to do next; an unknown id is not found", async () => {
    const page = await browser.newPage();
    await signIn(page, keys.reader);
    await page.goto(`${server.url}/alerts`);
    await alertsTable(page).getByRole("link", { name: TITLE }).click();
    await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: TITLE }).isVisible()).resolves.toBe(true);
    const text = await page.locator("body").textContent();
    // The first failed run's start, not the time the alerts were evaluated.
    expect(text).toContain(`Since${formatInstant(firstFailure)} (2 of 2 windows breaching)`);
    expect(text).toContain("Next step: ");
    expect(text).toContain("Read the failed run's error");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "alert-detail.png"), fullPage: true });
    const missing = await page.goto(`${server.url}/alerts/00000000-0000-7000-8000-000000000000`);
    expect(missing?.status()).toBe(404);
    await page.close();
  });

  it("Settings lists the alert destinations; an admin's test-send reaches the receiver, a reader has no button", async () => {
    const created = await fetch(`${server.url}/api/v1/destinations`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.admin}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "ops-hook", kind: "webhook", url: receiver.url("/hook"), secret: "0123456789abcdef" }),
    });
    expect(created.status, await created.clone().text()).toBe(201);

    const page = await browser.newPage();
    await signIn(page, keys.admin);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(`${server.url}/settings`);
    const table = page.getByRole("table", { name: "Alert destinations" });
    await expect(table.textContent()).resolves.toContain(receiver.url("/hook"));
    await table.getByRole("button", { name: "Send a test to ops-hook" }).click();
    await table
      .getByRole("status")
      .filter({ hasText: /^Delivered \(200\)/ })
      .waitFor();
    await page.close();
    expect(receiver.accepted().map((r) => r.path)).toEqual(["/hook"]);

    const readerPage = await browser.newPage();
    await signIn(readerPage, keys.reader);
    await readerPage.goto(`${server.url}/settings`);
    await expect(readerPage.getByRole("table", { name: "Alert destinations" }).textContent()).resolves.toContain("ops-hook");
    await expect(readerPage.getByRole("button", { name: /Send a test/ }).count()).resolves.toBe(0);
    await readerPage.close();
  });
});
