// Screenshots of the main dashboard pages of a running demo, for the README:
//   npm run demo            (in one terminal; wait for the alerts to arrive)
//   npx tsx scripts/demo-screenshots.ts [URL] [PASSWORD_OR_KEY]     (defaults: http://127.0.0.1:3000, tidemark-demo)
// Writes docs/screenshots/*.png with Debian's Chromium through playwright-core.
import fs from "node:fs";
import path from "node:path";
import { launchChromium, signIn } from "./browser";

const PAGES: { file: string; path: string; region?: RegExp }[] = [
  { file: "overview.png", path: "/" },
  { file: "model.png", path: "/models/flights" },
  { file: "model-evaluation.png", path: "/models/flights", region: /training evaluation/ },
  { file: "drift.png", path: "/models/flights/drift?feature=distance&range=7d" },
  { file: "performance.png", path: "/models/flights/performance?range=7d" },
  { file: "alerts.png", path: "/alerts" },
];

async function main() {
  const url = (process.argv[2] ?? "http://127.0.0.1:3000").replace(/\/$/, "");
  const credential = process.argv[3] ?? "tidemark-demo";
  const out = path.resolve(__dirname, "../docs/screenshots");
  fs.mkdirSync(out, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, url, credential, { via: "/login" });
    for (const p of PAGES) {
      await page.goto(`${url}${p.path}`, { waitUntil: "networkidle" });
      // Charts draw after hydration and their entry animation.
      await page.waitForTimeout(1_500);
      const file = path.join(out, p.file);
      if (p.region) await page.getByRole("region", { name: p.region }).screenshot({ path: file });
      else await page.screenshot({ path: file });
      console.log(`${file}: ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
