// Pages bench — dashboard speed as the prediction log grows, measured side by side in one run:
//   1. server response time (request sent → whole HTML received) of the overview page and the
//      drift page, with 10k vs 1M logged predictions (goal ≤ 1.2×). Two databases that differ only
//      in row count — same model, 20 numeric features, same 24 hours ending at the current hour,
//      profiles, drift and service windows computed by the real jobs — each behind its own
//      `next start`; requests alternate between pages and sizes (order flipped every round) so
//      machine load hits both alike; medians;
//   2. Largest Contentful Paint of the overview page in Chromium (a fresh browser context each
//      time, so nothing is cached; goal < 1 s on localhost), on both servers.
// Uses DATABASE_URL's server (databases it creates and drops) or, unset, embedded PGlite. Builds
// the production build first when it is missing or older than the sources.
//   npx tsx --conditions=react-server test/bench/pages-bench.ts      (BENCH_ROUNDS, default 15)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { openDatabase } from "@/lib/db/open-database";
import { applyMigrations } from "@/lib/db/migrations";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { registerModelVersion } from "@/lib/registry/register-model-version";
import { moveAlias } from "@/lib/registry/move-alias";
import { runProfileJob } from "@/jobs/monitoring/profile-job";
import { runDriftJob } from "@/jobs/monitoring/drift-job";
import { runServiceJob } from "@/jobs/monitoring/service-job";
import { createServerDatabase } from "../helpers/test-database";
import { insertSyntheticPredictions } from "../helpers/bulk-log";
import { MEAN, SD, sumManifest, sumModelBytes } from "../helpers/large-sample-model";
import { startNextServer, type RunningServer } from "../helpers/next-server";
import { launchBrowser, signIn } from "../helpers/browser";
import ensureBuild from "../setup/ensure-next-build";

const FEATURES = Array.from({ length: 20 }, (_, i) => `f${String(i + 1).padStart(2, "0")}`);
const HOUR = 3_600_000;
const HOURS = 24;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const LCP_RUNS = Number(process.env.BENCH_LCP_RUNS ?? 7);
// BENCH_LARGE_ROWS shrinks the large side for a quick check of the bench itself.
const SIZES = { "10k": 10_000, "1M": Number(process.env.BENCH_LARGE_ROWS ?? 1_000_000) } as const;
type Size = keyof typeof SIZES;
const rowsLabel = (size: Size) => (SIZES[size] >= 1e6 ? `${SIZES[size] / 1e6}M` : `${SIZES[size] / 1e3}k`);
const MODEL = "bench";
const PAGES = { overview: "/", drift: `/models/${MODEL}/drift` } as const;
type PageName = keyof typeof PAGES;

type Target = { kind: "postgres"; url: string; drop(): Promise<void> } | { kind: "pglite"; dataDir: string };
const open = (t: Target) =>
  t.kind === "postgres" ? openDatabase({ kind: "postgres", url: t.url }) : openDatabase({ kind: "pglite", dataDir: t.dataDir });
const env = (t: Target): Record<string, string> =>
  t.kind === "postgres" ? { DATABASE_URL: t.url } : { TIDEMARK_DATA_DIR: t.dataDir };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function newTarget(): Promise<Target> {
  if (process.env.DATABASE_URL) return { kind: "postgres", ...(await createServerDatabase()) };
  return { kind: "pglite", dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "tidemark-pages-bench-")) };
}

/**
 * One database: the model in production, `rows` predictions over the 24 hours before the current
 * hour, the request counts the predict route would have recorded for them, and the jobs' results.
 * Returns an admin key for signing in.
 */
async function prepare(target: Target, rows: number, end: Date): Promise<string> {
  const db = await open(target);
  await applyMigrations(db.sql);
  const key = (await createApiKey(db.prisma, { name: "bench", scopes: ["admin"] }, "bench")).token;
  await registerModelVersion(db, {
    modelName: MODEL,
    onnx: sumModelBytes(FEATURES),
    manifest: sumManifest(FEATURES, 20_000),
    actor: "bench",
    maxBytes: 1e8,
  });
  await moveAlias(db.prisma, {
    name: MODEL,
    alias: "production",
    input: { version: 1, force: true, reason: "bench" },
    actor: "bench",
  });
  const [{ id }] = await db.sql.query<{ id: string }>(
    `SELECT v.id::text AS id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = $1`,
    [MODEL],
  );
  const start = new Date(end.getTime() - HOURS * HOUR);
  const timings: string[] = [];
  const timed = async (label: string, work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    timings.push(`${label} ${secs(performance.now() - t)}`);
  };
  await timed("insert", () =>
    insertSyntheticPredictions(db, {
      versionId: id,
      start,
      spanMs: HOURS * HOUR,
      rows,
      seed: 3,
      features: FEATURES.map((name) => ({ name, mean: MEAN, sd: SD })),
    }),
  );
  // The predict route counts requests per minute (lib/serving/request-stats.ts); bulk-inserted rows
  // bypass it, so the counts are written here as if 100-row requests had produced them.
  await db.sql.query(
    `INSERT INTO request_stats (model_name, version, minute, status_class, requests, records)
     SELECT $1, 1, m, '2xx', GREATEST(1, $2::int / 100), $2::int
       FROM generate_series($3::timestamptz, $4::timestamptz - interval '1 minute', interval '1 minute') AS m`,
    [MODEL, Math.round(rows / (HOURS * 60)), start.toISOString(), end.toISOString()],
  );
  if (target.kind === "postgres") await db.sql.exec("ANALYZE");
  await new Promise((r) => setTimeout(r, 1_100)); // the profile job reads rows once logged_at is 1 s old
  const now = new Date(end.getTime() + HOUR);
  await timed("profiles", () => runProfileJob(db, { model: MODEL, trigger: "manual" }));
  await timed("drift", () => runDriftJob(db, { model: MODEL, now, trigger: "manual" }));
  await timed("service", () => runServiceJob(db, { model: MODEL, now, trigger: "manual" }));
  const [counts] = await db.sql.query<{ windows: number; service: number }>(
    `SELECT (SELECT count(*)::int FROM drift_windows WHERE segment = '') AS windows, (SELECT count(*)::int FROM service_results) AS service`,
  );
  if (counts.windows !== HOURS || counts.service !== HOURS)
    throw new Error(`expected ${HOURS} drift and service windows, got ${counts.windows} and ${counts.service}`);
  console.log(`  ${rows.toLocaleString("en-US")} rows: ${timings.join(", ")}`);
  await db.close();
  return key;
}

/** Signs in through the login form once and returns the session cookie. */
async function sessionCookie(browser: Browser, server: RunningServer, key: string): Promise<{ name: string; value: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, server.url, key, { via: "/login", landsOn: `${server.url}/` });
  const cookie = (await context.cookies()).find((c) => c.name === "tidemark_session");
  await context.close();
  if (!cookie) throw new Error("signing in set no session cookie");
  return { name: cookie.name, value: cookie.value };
}

async function timeRequest(url: string, cookie: { name: string; value: string }): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie: `${cookie.name}=${cookie.value}` }, redirect: "manual" });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return { ms, bytes: body.length };
}

/** LCP of one cold load (fresh context), with the time to the first byte of the document beside it. */
async function largestContentfulPaint(
  browser: Browser,
  server: RunningServer,
  cookie: { name: string; value: string },
): Promise<{ lcp: number; ttfb: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies([{ ...cookie, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`${server.url}/`, { waitUntil: "load" });
  // Later candidates (the hydrated sparkline) replace earlier ones; give them time to arrive.
  await page.waitForTimeout(1_000);
  const result = await page.evaluate(
    () =>
      new Promise<{ lcp: number; ttfb: number }>((resolve, reject) => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve({ lcp: entries[entries.length - 1].startTime, ttfb: nav.responseStart });
        }).observe({ type: "largest-contentful-paint", buffered: true });
        setTimeout(() => reject(new Error("no largest-contentful-paint entry")), 5_000);
      }),
  );
  await context.close();
  return result;
}

async function main() {
  await ensureBuild();
  console.log(
    `pages bench on ${process.env.DATABASE_URL ? "postgres" : "pglite"}; ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const end = new Date(Math.floor(Date.now() / HOUR) * HOUR);
  const targets = {} as Record<Size, Target>;
  const servers = {} as Partial<Record<Size, RunningServer>>;
  let browser: Browser | null = null;
  try {
    const keys = {} as Record<Size, string>;
    for (const size of Object.keys(SIZES) as Size[]) {
      targets[size] = await newTarget();
      keys[size] = await prepare(targets[size], SIZES[size], end);
    }
    for (const size of Object.keys(SIZES) as Size[]) servers[size] = await startNextServer(env(targets[size]));
    browser = await launchBrowser();
    const cookies = {} as Record<Size, { name: string; value: string }>;
    for (const size of Object.keys(SIZES) as Size[]) cookies[size] = await sessionCookie(browser, servers[size]!, keys[size]);

    const order: [PageName, Size][] = [];
    for (const page of Object.keys(PAGES) as PageName[])
      for (const size of Object.keys(SIZES) as Size[]) order.push([page, size]);
    const times = new Map<string, number[]>();
    const bytes = new Map<string, number>();
    // Warm-up: the first requests compile and fill caches in each server.
    for (let i = 0; i < 3; i++)
      for (const [page, size] of order) await timeRequest(servers[size]!.url + PAGES[page], cookies[size]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [page, size] of round % 2 ? [...order].reverse() : order) {
        const r = await timeRequest(servers[size]!.url + PAGES[page], cookies[size]);
        times.set(`${page}/${size}`, [...(times.get(`${page}/${size}`) ?? []), r.ms]);
        bytes.set(`${page}/${size}`, r.bytes);
      }
    }
    const lcp = { "10k": [] as { lcp: number; ttfb: number }[], "1M": [] as { lcp: number; ttfb: number }[] };
    for (let i = 0; i < LCP_RUNS; i++)
      for (const size of Object.keys(SIZES) as Size[])
        lcp[size].push(await largestContentfulPaint(browser, servers[size]!, cookies[size]));

    console.log(`\nserver response time, GET with a session, whole HTML (medians of ${ROUNDS} interleaved rounds):`);
    for (const page of Object.keys(PAGES) as PageName[]) {
      const small = median(times.get(`${page}/10k`)!);
      const large = median(times.get(`${page}/1M`)!);
      console.log(
        `  ${page.padEnd(8)} ${rowsLabel("10k")} ${small.toFixed(1)} ms vs ${rowsLabel("1M")} ${large.toFixed(1)} ms   ${(large / small).toFixed(2)}× (goal ≤ 1.2×)` +
          `   [min ${Math.min(...times.get(`${page}/10k`)!).toFixed(1)} / ${Math.min(...times.get(`${page}/1M`)!).toFixed(1)} ms; ${(bytes.get(`${page}/1M`)! / 1024).toFixed(0)} kB]`,
      );
    }
    console.log(`Largest Contentful Paint of the overview in Chromium, cold context each (median of ${LCP_RUNS}; goal < 1 s):`);
    for (const size of Object.keys(SIZES) as Size[]) {
      console.log(
        `  ${rowsLabel(size).padEnd(4)} LCP ${median(lcp[size].map((l) => l.lcp)).toFixed(0)} ms (max ${Math.max(...lcp[size].map((l) => l.lcp)).toFixed(0)} ms), document first byte ${median(lcp[size].map((l) => l.ttfb)).toFixed(0)} ms`,
      );
    }
  } finally {
    await browser?.close();
    for (const server of Object.values(servers)) await server?.kill();
    for (const target of Object.values(targets)) {
      if (target.kind === "postgres") await target.drop();
      else fs.rmSync(target.dataDir, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
