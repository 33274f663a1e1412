import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import { launchBrowser, SCREENSHOT_DIR, signIn as signInAt } from "../helpers/browser";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";
import { setDatabase } from "@/lib/db/get-database";
import { seedMonitoredChurn } from "../helpers/dashboard-seed";

let dataDir: string;
let server: RunningServer;
let browser: Browser;
const keys: Record<"admin" | "reader" | "predictor", string> = { admin: "", reader: "", predictor: "" };
let churnAlertsOpened = 0;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-e2e-"));
  const db = await openDatabase({ kind: "pglite", dataDir });
  await applyMigrations(db.sql);
  keys.admin = (await createApiKey(db.prisma, { name: "ops", scopes: ["admin"] }, "test")).token;
  keys.reader = (await createApiKey(db.prisma, { name: "viewer", scopes: ["read"] }, "test")).token;
  keys.predictor = (await createApiKey(db.prisma, { name: "app", scopes: ["predict"] }, "test")).token;
  const register = (manifest: ReturnType<typeof binaryManifest>) =>
    registerModelVersion(db, { modelName: "fraud", onnx: binaryModelBytes(), manifest, actor: "cli:test", maxBytes: 1e8 });
  await register(binaryManifest());
  // v2 misses its deploy threshold: the gate must refuse it.
  await register(
    binaryManifest({
      evaluation: {
        successCriteria: { primaryMetric: "auc", deployThreshold: 0.8 },
        test: { auc: 0.7 },
        baselines: [{ name: "logistic", metrics: { auc: 0.75 } }],
      },
    }),
  );
  await register(
    binaryManifest({
      evaluation: {
        successCriteria: { primaryMetric: "auc", deployThreshold: 0.8 },
        test: { auc: 0.93 },
        baselines: [{ name: "logistic", metrics: { auc: 0.86 } }],
      },
    }),
  );
  await moveAlias(db.prisma, { name: "fraud", alias: "production", input: { version: 1 }, actor: "cli:test" });

  setDatabase(db);
  churnAlertsOpened = await seedMonitoredChurn(db, keys.predictor);
  expect(churnAlertsOpened).toBeGreaterThanOrEqual(1);
  await db.close();

  server = await startNextServer({ TIDEMARK_DATA_DIR: dataDir });
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${server.url}/api/v1/models/fraud/predict`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.predictor}`, "content-type": "application/json" },
      body: JSON.stringify({
        inputs: Array.from({ length: 4 }, (_, k) => ({ amount: 20 * k + i, country: "FR", is_new: k % 2 === 0 })),
        entityIds: ["e1", "e2", "e3", `cust-${i}`],
      }),
    });
    expect(res.status).toBe(200);
  }
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const signIn = (page: Page, credential: string) => signInAt(page, server.url, credential, { landsOn: `${server.url}/` });

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });

describe("dashboard in Chromium", () => {
  it("refuses a wrong credential and signs in with an admin key", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/models/fraud`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("API key or admin password").fill("tm_0000000000000000_wrongwrongwrongwrongwrongwrongwrongwrongwro");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "was not accepted" }).waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "tidemark_session")).toBeUndefined();
    await signIn(page, keys.admin);
    const session = (await page.context().cookies()).find((c) => c.name === "tidemark_session")!;
    expect(session.httpOnly).toBe(true);
    expect(session.expires).toBeGreaterThan(Date.now() / 1000);
    await page.close();
  });

  it("overview lists the model with its production version and traffic, with a chart", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, keys.admin);
    // Traffic comes from the server's per-minute request counts, written every few seconds.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId("traffic-fraud").textContent();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe("20");
    await expect(page.getByRole("link", { name: "fraud", exact: true }).isVisible()).resolves.toBe(true);
    // Tremor draws the sparkline as an SVG area: a series path must exist, not just axes.
    await page.locator('[aria-label="Predictions over time for fraud"] svg path.recharts-area-area').first().waitFor();
    await shot(page, "overview");
    await page.close();
  });

  it("overview shows each model's health as linked badges with words: drift, performance, SLA, open alerts", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 800 } });
    await signIn(page, keys.reader);
    const badge = (aspect: string, model: string) => page.getByTestId(`health-${aspect}-${model}`);
    const state = async (aspect: string, model: string) => ({
      status: await badge(aspect, model).getAttribute("data-status"),
      text: (await badge(aspect, model).textContent())!.trim(),
    });
    // churn: amount drifted in the last window (one feature of three), labels realized, service
    // windows computed, open alerts (the drift rule's among them).
    await expect(state("drift", "churn")).resolves.toEqual({ status: "warning", text: "! 1/3 drifted" });
    await expect(state("performance", "churn")).resolves.toMatchObject({
      text: expect.stringMatching(/^. auc 0\.\d{3}( below)?$/),
    });
    // churn's hours hold three predict requests each (batches of 200), below service.minRequests:
    // provisional windows decide no badge, and the badge says why.
    await expect(state("sla", "churn")).resolves.toEqual({ status: "unknown", text: "– not judged yet" });
    await expect(badge("sla", "churn").getAttribute("aria-label")).resolves.toMatch(/open and thin windows are provisional/);
    await expect(state("alerts", "churn")).resolves.toEqual({ status: "breach", text: `✕ ${churnAlertsOpened} open` });
    // fraud: nothing computed yet, and it says so.
    await expect(state("drift", "fraud")).resolves.toEqual({ status: "unknown", text: "– no run yet" });
    for (const aspect of ["performance", "sla"])
      await expect(state(aspect, "fraud")).resolves.toEqual({ status: "unknown", text: "– not judged yet" });
    await expect(state("alerts", "fraud")).resolves.toEqual({ status: "ok", text: "✓ 0 open" });
    // Screen readers get the aspect, the status in words and the figures.
    await expect(badge("drift", "churn").getAttribute("aria-label")).resolves.toMatch(
      /^Drift of churn: warning, 1\/3 drifted\. No dataset drift: 1 of 3 features drifted/,
    );
    // Each badge leads to its evidence.
    await badge("alerts", "churn").click();
    await page.waitForURL(/\/alerts\?model=churn$/);
    await page.goBack();
    await badge("drift", "churn").click();
    await page.waitForURL(/\/models\/churn\/drift\?version=1&from=/);
    await page.getByTestId("drift-heatmap").waitFor();
    await page.goBack();
    await shot(page, "overview-health");
    await page.close();
  });

  it("model page: the gate refuses a failing version with its reasons, and promotes a passing one", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signIn(page, keys.admin);
    await page.goto(`${server.url}/models/fraud?version=2`);
    const gate = page.getByRole("list", { name: "Production gate verdict" });
    await expect(gate.textContent()).resolves.toContain("test auc 0.7 must be at least the deploy threshold 0.8");
    await page.getByRole("button", { name: "Promote v2 to production" }).click();
    await page.getByRole("alert").filter({ hasText: "does not pass the production gate" }).waitFor();

    await page.goto(`${server.url}/models/fraud?version=3`);
    await page.getByLabel("Reason (optional)").fill("better AUC on the same test split");
    await page.getByRole("button", { name: "Promote v3 to production" }).click();
    await page.getByRole("status").filter({ hasText: "production now serves version 3" }).waitFor();
    await page.reload();
    await expect(page.getByRole("table", { name: "Every alias move, newest first" }).textContent()).resolves.toContain("v1 → v3");
    await shot(page, "model");
    await page.close();

    const res = await fetch(`${server.url}/api/v1/models/fraud`, { headers: { authorization: `Bearer ${keys.reader}` } });
    expect(((await res.json()) as { aliases: Record<string, number> }).aliases.production).toBe(3);
  });

  it("predictions: search by entity id, open one, export CSV", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, keys.admin);
    await page.goto(`${server.url}/predictions?entityId=cust-3`);
    const rows = page.getByRole("table", { name: "Predictions matching the filter" }).locator("tbody tr");
    await expect(rows.count()).resolves.toBe(1);
    await rows.first().getByRole("link").click();
    await page.waitForURL(/\/predictions\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("table", { name: "Input features" }).textContent()).resolves.toContain("country");
    await page.getByText("No outcome yet.").waitFor();
    // The label arrives later; once posted, the page shows it.
    const predictionId = page.url().split("/").at(-1)!;
    const posted = await fetch(`${server.url}/api/v1/outcomes`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.admin}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "fraud", outcomes: [{ predictionId, label: "fraud", time: new Date().toISOString() }] }),
    });
    expect(((await posted.json()) as { stored: number }).stored).toBe(1);
    await page.reload();
    const outcome = page.getByRole("region", { name: "Outcome" });
    await expect(outcome.textContent()).resolves.toContain("fraud");
    await expect(outcome.textContent()).resolves.toContain("prediction id");
    await shot(page, "prediction");

    const csv = await page.evaluate(async () => (await fetch("/predictions/export?range=24h&model=fraud")).text());
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("prediction_id,created_at,model,version,entity_id,latency_ms,features,output");
    expect(lines).toHaveLength(21);
    await page.close();
  });

  it("prediction page: explain this prediction draws a waterfall from base to output", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, keys.admin);
    // churn's manifest carries a reference profile, the background explanations are drawn from.
    await page.goto(`${server.url}/predictions?model=churn`);
    await page
      .getByRole("table", { name: "Predictions matching the filter" })
      .locator("tbody tr")
      .first()
      .getByRole("link")
      .click();
    await page.waitForURL(/\/predictions\/[0-9a-f-]{36}$/);
    await page.getByRole("link", { name: "Explain (probability or value)" }).click();
    await page.waitForURL(/explain=probability$/);
    const region = page.getByRole("region", { name: "Explain this prediction" });
    const waterfall = page.getByRole("table", { name: "Attribution waterfall" });
    await waterfall.waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`no waterfall: ${await region.textContent()}`);
    });
    const labels = await waterfall.locator("tr td:first-child").allTextContents();
    expect(labels[0]).toBe("Base (average over the background)");
    expect(labels.at(-1)).toBe("Output");
    expect(labels.slice(1, -1).sort()).toEqual(["amount", "country", "is_new"]);
    await expect(region.textContent()).resolves.toContain("KernelSHAP in probability space");
    await page.close();
  });

  it("a read-only user sees no mutating controls and the server refuses their mutation", async () => {
    // Capture the promote form's server-action fields from an admin page…
    const adminPage = await browser.newPage();
    await signIn(adminPage, keys.admin);
    await adminPage.goto(`${server.url}/models/fraud?version=1`);
    const fields = await adminPage
      .locator('form[aria-label="Promote version 1 to production"] input[type="hidden"]')
      .evaluateAll((inputs) => inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value]));
    expect(fields.some(([name]) => name.startsWith("$ACTION"))).toBe(true);
    await adminPage.close();

    const page = await browser.newPage();
    await signIn(page, keys.reader);
    await expect(page.getByTestId("session-role").textContent()).resolves.toBe("read");
    await page.goto(`${server.url}/models/fraud?version=1`);
    await expect(page.getByText("Read-only session: promotion needs an admin key.").isVisible()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: /Promote/ }).count()).resolves.toBe(0);
    // …and replay it with the read-only session, as a hand-crafted request would.
    const status = await page.evaluate(async (entries) => {
      const form = new FormData();
      for (const [k, v] of entries) form.append(k, v);
      const res = await fetch(location.href, { method: "POST", body: form });
      return { status: res.status, body: await res.text() };
    }, fields);
    expect(status.body).toContain("Your session is read-only");
    await page.goto(`${server.url}/settings`);
    await expect(page.getByRole("button", { name: "Create key" }).count()).resolves.toBe(0);
    await shot(page, "settings-read-only");
    await page.close();

    const res = await fetch(`${server.url}/api/v1/models/fraud`, { headers: { authorization: `Bearer ${keys.reader}` } });
    expect(((await res.json()) as { aliases: Record<string, number> }).aliases.production).toBe(3);
  });

  it("settings: an admin creates a key, sees the secret once, and the key works", async () => {
    const page = await browser.newPage();
    await signIn(page, keys.admin);
    await page.goto(`${server.url}/settings`);
    await page.getByLabel("Name").fill("dashboard-made");
    await page.getByLabel("read").check();
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByTestId("new-key-secret").textContent())!.trim();
    expect(secret).toMatch(/^tm_[a-f0-9]{16}_/);
    const res = await fetch(`${server.url}/api/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    await page.reload();
    await expect(page.content()).resolves.not.toContain(secret);
    await page.close();
  });
});

describe("monitoring pages in Chromium", () => {
  it("keyboard only on a phone: sign in, move through the navigation, no page wider than the screen", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("API key or admin password").focus();
    await page.keyboard.type(keys.reader);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/`);
    // Tab from the top of the page reaches the main navigation's links in order, each focusable.
    const focused: string[] = [];
    for (let i = 0; i < 8 && !focused.includes("Alerts"); i++) {
      await page.keyboard.press("Tab");
      focused.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ""));
    }
    expect(focused).toEqual(expect.arrayContaining(["Overview", "Predictions", "Alerts"]));
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/alerts`);
    for (const path of ["/", "/models/churn", "/models/churn/drift", "/models/churn/performance", "/alerts", "/predictions"]) {
      await page.goto(`${server.url}${path}`);
      await page.locator("main").waitFor();
      // Wide tables scroll inside their own box; the page itself never scrolls sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto(`${server.url}/`);
    await shot(page, "overview-phone");
    // The health columns fit the phone's screen; the secondary ones wait for a wider one.
    const table = page.getByRole("table", { name: /^Registered models/ });
    for (const column of ["Model", "Drift", "Performance", "SLA", "Alerts"]) {
      const box = await table.getByRole("columnheader", { name: column, exact: true }).boundingBox();
      expect(box && box.x + box.width <= 390, column).toBe(true);
    }
    await expect(table.getByRole("columnheader", { name: "Traffic" }).isVisible()).resolves.toBe(false);
    await page.close();
  });

  it("drift page: heatmap flags the shifted feature, with its chart and histogram", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await signIn(page, keys.reader);
    await page.goto(`${server.url}/models/churn/drift`);
    const heatmap = page.getByTestId("drift-heatmap");
    await heatmap.waitFor();
    // The amount row's last window is red (drift: its alert rule fires after one window); earlier
    // windows are not, and the row's state says so.
    const row = heatmap.locator("tbody tr").filter({ has: page.getByRole("rowheader", { name: "amount" }) });
    const cells = row.locator("td[data-state]");
    await expect(cells.count()).resolves.toBe(3);
    await expect(row.getAttribute("data-state")).resolves.toBe("drift");
    await expect(cells.nth(2).getAttribute("title")).resolves.toMatch(/^amount, .* UTC: drift; effect \d/);
    await expect(cells.nth(0).getAttribute("title")).resolves.toMatch(/^amount, .* UTC: no drift; effect /);
    await page.locator('[aria-label="Effect size of amount per window"] svg path.recharts-line-curve').first().waitFor();
    await page
      .locator('[aria-label="Reference and current distribution of amount"] svg .recharts-bar-rectangle')
      .first()
      .waitFor();
    await shot(page, "drift");
    // The version and range pickers put the view in the URL, and the view follows it.
    await page.getByLabel("Version").selectOption("1");
    await page.getByLabel("Time range").selectOption("7d");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL((url) => url.searchParams.get("version") === "1" && url.searchParams.get("range") === "7d");
    await expect(page.getByText(/Drift · version 1 · .* · last 7d/).count()).resolves.toBe(1);
    await expect(page.getByLabel("Version").inputValue()).resolves.toBe("1");
    await page.close();
  });

  it("performance page: realized and estimated series against the deploy threshold", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await signIn(page, keys.reader);
    await page.goto(`${server.url}/models/churn/performance`);
    await page.locator('[aria-label="auc per window"] svg path.recharts-line-curve').first().waitFor();
    await expect(page.getByRole("table", { name: "Performance per window" }).locator("tbody tr").count()).resolves.toBe(6);
    await shot(page, "performance");
    await page.close();
  });
});
