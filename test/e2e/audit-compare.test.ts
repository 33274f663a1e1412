import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import { launchBrowser, SCREENSHOT_DIR, signIn } from "../helpers/browser";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";

// The audit page as a person reads it: ingestion summed per key and hour, kinds as a picker, a
// model's own history with who did what under the shared password; and two versions compared.

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
const PASSWORD = "correct horse battery staple";
const HOUR = 3_600_000;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-e2e-audit-"));
  const db = await openDatabase({ kind: "pglite", dataDir });
  await applyMigrations(db.sql);
  const v1 = binaryManifest();
  for (const manifest of [
    v1,
    binaryManifest({ outputs: { classes: ["legit", "fraud"], threshold: 0.35 }, lineage: { ...v1.lineage, seed: 8 } }),
  ])
    await registerModelVersion(db, { modelName: "fraud", onnx: binaryModelBytes(), manifest, actor: "key:ops", maxBytes: 1e8 });
  // A labelling client's traffic: 60 requests in one hour and 5 in the next, as ingest-outcomes records them.
  const hour = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
  const times = [
    ...Array.from({ length: 60 }, (_, i) => hour + i * 50_000),
    ...Array.from({ length: 5 }, (_, i) => hour + HOUR + i * 60_000),
  ];
  for (const at of times)
    await db.sql.query(
      `INSERT INTO audit_events (at, actor, kind, model_name, subject, after) VALUES ($1, 'key:labels', 'outcomes.ingested', 'fraud', 'model:fraud', '{"received": 4, "stored": 4}')`,
      [new Date(at).toISOString()],
    );
  await db.close();
  server = await startNextServer({ TIDEMARK_DATA_DIR: dataDir, TIDEMARK_ADMIN_PASSWORD: PASSWORD });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const bodyRows = () => page.locator("table tbody tr");
const textOf = async (locator: Locator) => (await locator.textContent()) ?? "";

describe("the audit page and version comparison", () => {
  it("asks the admin password for a name, and records it on what that person does", async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel("API key or admin password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#sign-in-error").waitFor();
    expect(await textOf(page.locator("#sign-in-error"))).toContain("Enter your name");
    await signIn(page, server.url, PASSWORD, { via: "/login", name: "  Ada Lovelace ", landsOn: `${server.url}/` });

    await page.goto(`${server.url}/models/fraud?version=2`);
    await page
      .getByRole("form", { name: "Promote version 2 to production" })
      .getByLabel("Reason (optional)")
      .fill("seed 8 retrain");
    await page.getByRole("button", { name: "Promote v2 to production" }).click();
    await page.getByRole("status").waitFor();

    await page.goto(`${server.url}/audit?model=fraud`);
    const history = bodyRows();
    expect(await textOf(history.first())).toContain("Ada Lovelace (admin password)");
    expect(await textOf(history.first())).toContain("model.alias_moved");
    expect(await textOf(history.first())).toContain("gate passed");
    expect(await textOf(history.first())).toContain("seed 8 retrain");
    // The model's own history: the promotion and the two registrations, no ingestion.
    expect(await history.count()).toBe(3);
    expect(await page.locator("table").textContent()).not.toContain("outcomes.ingested");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "audit-model-history.png"), fullPage: true });
  });

  it("sums ingestion per key and hour, lists it ungrouped on request, and picks kinds from those that exist", async () => {
    await page.goto(`${server.url}/audit`);
    const kinds = await page.getByLabel("Kind").locator("option").allTextContents();
    // api_key.created: the admin key the server makes at its first start.
    expect(kinds).toEqual(["All kinds", "api_key.created", "model.alias_moved", "model.version_registered", "outcomes.ingested"]);
    const text = (await bodyRows().allTextContents()).join("\n");
    expect(text).toContain("outcomes.ingested ×60");
    expect(text).toContain("outcomes.ingested ×5");
    expect(text).toContain("received 240 · stored 240");
    expect(await bodyRows().count()).toBe(6);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "audit-grouped.png"), fullPage: true });

    await page.getByLabel("Every ingestion event (ungrouped)").check();
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/group=none/);
    expect(await bodyRows().count()).toBe(50);
    await page.getByRole("link", { name: "Older →" }).click();
    expect(await bodyRows().count()).toBe(69 - 50);

    await page.goto(`${server.url}/audit`);
    await page.getByLabel("Kind").selectOption("model.version_registered");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/kind=model.version_registered/);
    const registered = await bodyRows().allTextContents();
    expect(registered).toHaveLength(2);
    expect(registered.every((r) => r.includes("model.version_registered") && r.includes("key ops"))).toBe(true);
  });

  it("compares two versions from the versions list: manifest differences and production side by side", async () => {
    await page.goto(`${server.url}/models/fraud`);
    await page.getByRole("link", { name: "compare with v1" }).click();
    await page.waitForURL(/\/models\/fraud\/compare\?a=1&b=2/);
    expect(await textOf(page.getByRole("heading", { level: 1 }))).toContain("fraud: v1 against v2");
    const diff = page.getByRole("table", { name: "Manifest items that differ between the versions" });
    const rows = await diff.locator("tbody tr").allTextContents();
    expect(rows).toEqual(["outputsoperating threshold0.50.35changed", "lineageseed78changed"]);
    const production = page.getByRole("table", { name: "Production figures of both versions" });
    expect(await textOf(production)).toContain("Aliases");
    expect(await textOf(production.locator("tbody tr").filter({ hasText: "Aliases" }))).toContain("production");
    expect(await textOf(production.locator("tbody tr").filter({ hasText: "Requests" }))).toContain("0");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "compare-versions.png"), fullPage: true });
  });
});
