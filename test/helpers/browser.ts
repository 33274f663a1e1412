import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const SCREENSHOT_DIR = path.resolve(__dirname, "../../test-artifacts/screenshots");

/** Debian's Chromium, headless, with the flags this closed network needs (no background fetches). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/**
 * Signs in through the login form: opens `via` (a page without a session is sent to the form),
 * submits the credential, and waits to leave the form — for `landsOn` exactly, when given.
 */
export async function signIn(page: Page, baseUrl: string, credential: string, options: { via?: string; landsOn?: string } = {}): Promise<void> {
  await page.goto(`${baseUrl}${options.via ?? "/"}`);
  await page.waitForURL(/\/login/);
  await page.getByLabel("API key or admin password").fill(credential);
  await page.getByRole("button", { name: "Sign in" }).click();
  const landsOn = options.landsOn;
  await page.waitForURL(landsOn ? landsOn : (url) => !url.pathname.startsWith("/login"));
}
