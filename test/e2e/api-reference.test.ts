import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import { launchBrowser, signIn } from "../helpers/browser";

// The API reference in a real browser on the production build: served from the generated
// document, readable on a phone, and with no script from anywhere but the server itself.

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let reader: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-api-reference-"));
  const db = await openDatabase({ kind: "pglite", dataDir });
  await applyMigrations(db.sql);
  reader = (await createApiKey(db.prisma, { name: "viewer", scopes: ["read"] }, "test")).token;
  await db.close();
  server = await startNextServer({ TIDEMARK_DATA_DIR: dataDir });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("API reference", () => {
  it("serves the OpenAPI document without a key", async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/models/{name}/predict"].post["x-scope"]).toBe("predict");
  });

  it("shows every operation with its method, path and scope, fits a phone, and loads scripts only from itself", async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    await signIn(page, server.url, reader, { landsOn: `${server.url}/` });
    await page.getByRole("link", { name: "API", exact: true }).click();
    await page.waitForURL(`${server.url}/api-reference`);
    for (const [p, item] of Object.entries(
      doc.paths as Record<string, Record<string, { operationId: string; "x-scope": string | null }>>,
    )) {
      for (const [method, op] of Object.entries(item)) {
        const article = page.locator(`article#${op.operationId}`);
        await expect(article.locator("h3").textContent()).resolves.toContain(`${method.toUpperCase()}${p}`);
        await expect(article.getByTestId("operation-scope").textContent()).resolves.toBe(op["x-scope"] ?? "none (no key needed)");
      }
    }
    const predict = page.locator("article#predict");
    await expect(predict.getByRole("table", { name: /^Parameters of POST/ }).textContent()).resolves.toContain("Idempotency-Key");
    await expect(predict.textContent()).resolves.toContain("PredictRequest");
    await expect(page.locator("#schema-PredictResponse").textContent()).resolves.toContain("predictionId");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(scripts.filter((u) => !u.startsWith(server.url))).toEqual([]);
    await page.close();
  });
});
