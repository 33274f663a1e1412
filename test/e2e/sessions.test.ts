import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import { launchBrowser, signIn } from "../helpers/browser";
import { binaryManifest, binaryModelBytes } from "../helpers/fixtures";

// Dashboard sessions against `next start`: a session dies with its key and at sign-out (a copied
// cookie is refused by pages, server actions and the CSV export), sign-in is rate limited, next=
// stays on this origin, and every response carries the security headers under which the dashboard
// still hydrates.

let dataDir: string;
let server: RunningServer;
let browser: Browser;
const PASSWORD = "correct horse battery staple";
const keys = { ops: "", temp: "", viewer: "" };
const PAGES = [
  "/",
  "/predictions",
  "/alerts",
  "/audit",
  "/settings",
  "/models/fraud",
  "/models/fraud/drift",
  "/models/fraud/performance",
  "/models/fraud/service",
];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-e2e-sessions-"));
  const db = await openDatabase({ kind: "pglite", dataDir });
  await applyMigrations(db.sql);
  keys.ops = (await createApiKey(db.prisma, { name: "ops", scopes: ["admin"] }, "test")).token;
  keys.temp = (await createApiKey(db.prisma, { name: "temp", scopes: ["admin"] }, "test")).token;
  keys.viewer = (await createApiKey(db.prisma, { name: "viewer", scopes: ["read"] }, "test")).token;
  await registerModelVersion(db, {
    modelName: "fraud",
    onnx: binaryModelBytes(),
    manifest: binaryManifest(),
    actor: "cli:test",
    maxBytes: 1e8,
  });
  await db.close();
  server = await startNextServer({ TIDEMARK_DATA_DIR: dataDir, TIDEMARK_ADMIN_PASSWORD: PASSWORD });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const api = (route: string, init: RequestInit & { key?: string } = {}) =>
  fetch(`${server.url}${route}`, {
    ...init,
    headers: { ...(init.key ? { authorization: `Bearer ${init.key}` } : {}), ...init.headers },
  });

async function sessionCookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === "tidemark_session");
  if (!cookie) throw new Error("no session cookie");
  return `${cookie.name}=${cookie.value}`;
}

/** What a copied cookie gets, without a browser: pages (status and redirect target) and the CSV export. */
async function replay(cookie: string) {
  const pages = await Promise.all(
    PAGES.map(async (page) => {
      const res = await fetch(`${server.url}${page}`, { headers: { cookie }, redirect: "manual" });
      return `${page} ${res.status} ${res.headers.get("location") ?? ""}`;
    }),
  );
  const exported = await fetch(`${server.url}/predictions/export`, { headers: { cookie }, redirect: "manual" });
  return { pages, export: exported.status };
}

const accepted = { pages: PAGES.map((p) => `${p} 200 `), export: 200 };
// Refused pages send to the sign-in page, which returns to them afterwards.
const refused = { pages: PAGES.map((p) => `${p} 307 /login${p === "/" ? "" : `?next=${encodeURIComponent(p)}`}`), export: 401 };

async function submitSignIn(page: Page, credential: string): Promise<void> {
  await page.getByLabel("API key or admin password").fill(credential);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/** A refused attempt: the message shows, and React has reset the form before the next one is typed. */
async function failSignIn(page: Page, credential: string, message: string | RegExp): Promise<void> {
  await submitSignIn(page, credential);
  await page.getByRole("alert").filter({ hasText: message }).waitFor();
  await page.waitForFunction(() => {
    const input = document.getElementById("credential") as HTMLInputElement | null;
    const button = document.querySelector('button[type="submit"]');
    return input?.value === "" && button?.textContent === "Sign in" && !button.hasAttribute("disabled");
  });
}

describe("dashboard sessions", () => {
  it("die with their key: after the key is revoked, pages, server actions and the export refuse its cookie", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, keys.temp, { via: "/settings", landsOn: `${server.url}/settings` });
    const cookie = await sessionCookieOf(context);
    expect(await replay(cookie)).toEqual(accepted);

    // The Settings page is open in the browser when the key is revoked elsewhere.
    expect((await api("/api/v1/keys/temp", { method: "DELETE", key: keys.ops })).status).toBe(200);
    expect(await replay(cookie)).toEqual(refused);

    const form = page.getByRole("form", { name: "Create an API key" });
    await form.getByLabel("Name").fill("sneaky");
    await form.getByLabel("admin").check();
    await form.getByRole("button", { name: "Create key" }).click();
    await form.getByRole("alert").filter({ hasText: "Your session has ended; sign in again" }).waitFor();
    const list = (await (await api("/api/v1/keys", { key: keys.ops })).json()) as { keys: { name: string }[] };
    expect(list.keys.map((k) => k.name)).not.toContain("sneaky");

    await page.goto(`${server.url}/settings`);
    await page.waitForURL(`${server.url}/login?next=%2Fsettings`);
    await context.close();
  });

  it("end at sign-out: the same cookie replayed afterwards is refused", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, PASSWORD, { landsOn: `${server.url}/` });
    const cookie = await sessionCookieOf(context);
    expect(await replay(cookie)).toEqual(accepted);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    expect(await replay(cookie)).toEqual(refused);
    await context.close();
  });

  it("are listed in Settings for admins, who can revoke one (audited)", async () => {
    const viewerContext = await browser.newContext();
    await signIn(await viewerContext.newPage(), server.url, keys.viewer, { landsOn: `${server.url}/` });
    const viewerCookie = await sessionCookieOf(viewerContext);

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, keys.ops, { via: "/settings", landsOn: `${server.url}/settings` });
    const sessions = page.getByRole("table", { name: /Signed-in dashboard sessions/ });
    await sessions.getByText("key:viewer").waitFor();
    await sessions.getByRole("button", { name: /^Revoke session key:viewer/ }).click();
    await sessions.getByText("key:viewer").waitFor({ state: "detached" });
    expect(await replay(viewerCookie)).toEqual(refused);
    const audit = (await (await api("/api/v1/audit?kind=session.revoked", { key: keys.ops })).json()) as {
      events: { actor: string; before: unknown }[];
    };
    expect(audit.events).toEqual([
      expect.objectContaining({ actor: "key:ops", before: expect.objectContaining({ subject: "key:viewer", role: "read" }) }),
    ]);

    // A read session sees no session list.
    await viewerContext.close();
    const reader = await browser.newContext();
    const readerPage = await reader.newPage();
    await signIn(readerPage, server.url, keys.viewer, { via: "/settings", landsOn: `${server.url}/settings` });
    expect(await readerPage.getByRole("table", { name: /Signed-in dashboard sessions/ }).count()).toBe(0);
    await reader.close();
    await context.close();
  });
});

describe("sign-in", () => {
  it("sends ?next= back only to a path on this origin", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=/models/fraud`);
    await submitSignIn(page, keys.viewer);
    await page.waitForURL(`${server.url}/models/fraud`);

    for (const next of ["/\\evil.example", "//evil.example", "https://evil.example/"]) {
      await context.clearCookies();
      await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
      expect(await page.locator('input[name="next"]').inputValue()).toBe("/");
      // The server action checks again: a tampered form field gets no further.
      await page.locator('input[name="next"]').evaluate((input, value) => ((input as HTMLInputElement).value = value), next);
      await submitSignIn(page, keys.viewer);
      await page.waitForURL(`${server.url}/`);
    }
    await context.close();
  });

  it("marks the cookie Secure when the request came over HTTPS as a proxy reports it", async () => {
    const setCookieOf = async (headers: Record<string, string>) => {
      const context = await browser.newContext({ extraHTTPHeaders: headers });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByLabel("API key or admin password").fill(keys.viewer);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      const value = (await response.headerValue("set-cookie")) ?? "";
      await context.close();
      return value;
    };
    const plain = await setCookieOf({});
    expect(plain).toMatch(/^tidemark_session=/);
    expect(plain).not.toMatch(/;\s*secure/i);
    expect(await setCookieOf({ "x-forwarded-proto": "https" })).toMatch(/;\s*secure/i);
  });

  it("locks an address and a credential after 10 failures in 15 minutes, with a clear message", async () => {
    const fromAddress = async (address: string) => {
      const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address } });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      return { context, page };
    };
    const attacker = await fromAddress("203.0.113.9");
    for (let i = 0; i < 10; i++) await failSignIn(attacker.page, `wrong password number ${i}`, "was not accepted");
    // Now even the right password is refused from this address, without being checked.
    await failSignIn(attacker.page, PASSWORD, /Too many failed sign-ins\. Sign-in is locked for 1[45] minutes/);
    await failSignIn(attacker.page, keys.ops, "Too many failed sign-ins");
    expect((await attacker.context.cookies()).find((c) => c.name === "tidemark_session")).toBeUndefined();

    // Another address: the password is locked for everyone (it was the target), a key is not.
    const other = await fromAddress("203.0.113.10");
    await failSignIn(other.page, PASSWORD, "Too many failed sign-ins");
    await submitSignIn(other.page, keys.viewer);
    await other.page.waitForURL(`${server.url}/`);
    await attacker.context.close();
    await other.context.close();
  });
});

describe("security headers", () => {
  const expectCommonHeaders = (res: Response) => {
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  };

  it("are on pages (a fresh script nonce each time) and on API answers, even errors", async () => {
    const first = await fetch(`${server.url}/login`);
    const second = await fetch(`${server.url}/login`);
    const html = await first.text();
    for (const res of [first, second]) expectCommonHeaders(res);
    const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonceOf(first)).toBeTruthy();
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    expect(first.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonceOf(first)}"`))).toEqual([]);

    for (const res of [
      await fetch(`${server.url}/`, { redirect: "manual" }),
      await fetch(`${server.url}/no-such-page`),
      await api("/api/v1/models"),
      await api("/api/v1/models", { key: keys.viewer }),
      await api("/api/metrics", { key: keys.viewer }),
      await api("/api/v1/models/fraud/predict", {
        method: "POST",
        body: "{}",
        headers: { "content-type": "text/plain" },
        key: keys.ops,
      }),
    ]) {
      expectCommonHeaders(res);
    }
    const apiPolicy = (await api("/api/v1/models")).headers.get("content-security-policy");
    expect(apiPolicy).toContain("default-src 'none'");
    const stylesheet = /href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1];
    expect(stylesheet).toBeTruthy();
    expect((await fetch(`${server.url}${stylesheet}`)).headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("let every dashboard page hydrate with no CSP violation", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await signIn(page, server.url, keys.ops, { landsOn: `${server.url}/` });
    for (const route of [...PAGES, "/login"]) {
      await page.goto(`${server.url}${route}`);
      // React marks hydrated elements; a blocked script would leave the server HTML inert.
      await page.waitForFunction(
        () => Object.keys(document.querySelector("button") ?? {}).some((k) => k.startsWith("__reactFiber")),
        null,
        { timeout: 15_000 },
      );
    }
    // A client-side navigation (no document load) works, which needs the router's scripts.
    await page.goto(`${server.url}/`);
    await page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
    await page.waitForURL(`${server.url}/audit`);
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
    expect(violations).toEqual([]);
    await context.close();
  });
});
