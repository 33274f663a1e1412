import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../scripts/browser";

export { signIn } from "../../scripts/browser";

export const SCREENSHOT_DIR = path.resolve(__dirname, "../../test-artifacts/screenshots");

/** Chromium as scripts/browser.ts launches it, with the folder the tests' screenshots go to. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await launchChromium();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return browser;
}
