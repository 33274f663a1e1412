// Driving the dashboard in a real browser, for the README's screenshots (demo-screenshots.ts) and
// for the browser tests (test/helpers/browser.ts), which add their artifact folder on top.
import fs from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium, headless, with the flags this closed network needs (no background fetches). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/**
 * Signs in through the login form: opens `via` (a page without a session is sent to the form),
 * submits the credential, and waits to leave the form — for `landsOn` exactly, when given.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  credential: string,
  options: { via?: string; landsOn?: string; name?: string } = {},
): Promise<void> {
  await page.goto(`${baseUrl}${options.via ?? "/"}`);
  await page.waitForURL(/\/login/);
  await page.getByLabel("Your name").fill(options.name ?? "Demo user");
  await page.getByLabel("API key or admin password").fill(credential);
  await page.getByRole("button", { name: "Sign in" }).click();
  const landsOn = options.landsOn;
  await page.waitForURL(landsOn ? landsOn : (url) => !url.pathname.startsWith("/login"));
}
