// `npm run demo` (`tidemark demo`): a fresh Tidemark on embedded Postgres in .demo/, a model trained
// on real flight data, a past day of traffic in which a feature drifts and then the label
// relationship shifts, the monitoring jobs run over it, then the server with its scheduler on an
// accelerated schedule, live traffic, and a local webhook receiver that prints the alerts it gets.
// Every step goes through the product's own paths: `tidemark train`, the registry's gate, the
// predict code (stamped with past times for the history, see lib/simulation/replay-history.ts), the
// jobs, the server (`npm start`'s server.ts), `tidemark simulate`. Ctrl-C stops everything.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDestination } from "@/lib/alerts/destinations/create-destination";
import { parseHostAllowList } from "@/lib/alerts/destinations/host-allow-list";
import { listAlertRules } from "@/lib/alerts/rules/list-alert-rules";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";
import { updateAlertRule } from "@/lib/alerts/rules/update-alert-rule";
import { authenticate } from "@/lib/auth/authenticate";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { getMonitoringSettings, putMonitoringSettings } from "@/lib/monitors/shared/monitoring-settings-store";
import { moveAlias } from "@/lib/registry/move-alias";
import { parseDriftSpec } from "@/lib/simulation/drift-spec";
import { replayHistory } from "@/lib/simulation/replay-history";
import { loadTable } from "@/lib/training/data/load-table";
import { runJob } from "@/jobs/job-registry";
import { CliError } from "../cli-error";
import { type OptionValues, parseCommand } from "../command-spec";
import { DEMO_COMMAND } from "./demo-options";
import { withLocalDatabase } from "../local-database";
import type { Database } from "@/lib/db/open-database";
import { startAlertReceiver, type AlertReceiver } from "./alert-receiver";
import { buildIsCurrent, runNextBuild } from "@/scripts/next-build";
import { DEMO_POSITIVE_CLASS, DEMO_TARGET, writeFlightsData } from "./flights-data";

const MODEL = "flights";
const ACTOR = "demo";
const DESTINATION = "demo-webhook";
const ADMIN_PASSWORD = "tidemark-demo";
const BUSINESS_EVENT = "compensation_claim";
// Distances grow by half a third of the way in (the airline moves to longer routes); later, what
// made a flight late no longer does (the labels flip): drift first, then a fall in performance.
const HISTORY_DRIFT = "distance*=1.5@0.35,labels:flip@0.7";
const LIVE_DRIFT = "distance*=1.5@0,labels:flip@0";
// The server's scheduler runs every job each minute instead of hourly: windows are still whole
// hours, but a finished hour and a new alert are picked up within a minute.
const EVERY_MINUTE = {
  profile: "* * * * *",
  drift: "* * * * *",
  performance: "* * * * *",
  business: "* * * * *",
  service: "* * * * *",
  explanations: "* * * * *",
  alerts: "* * * * *",
};
// A fifth of each hour's flights is explained: enough (explanations.minRecords) to judge every hour.
const DEMO_EXPLANATIONS = { sampleRate: 0.2 };

type DemoPlan = { dir: string; port: number; hours: number; rowsPerHour: number; fast: boolean };

function planFromEnvironment(values: OptionValues<typeof DEMO_COMMAND.options>): DemoPlan {
  const fast = values.fast === true || process.env.TIDEMARK_DEMO_FAST === "1";
  const port = Number(values.port ?? process.env.TIDEMARK_DEMO_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new CliError(`--port (TIDEMARK_DEMO_PORT): ${values.port ?? process.env.TIDEMARK_DEMO_PORT} is not a port number`);
  const dir = path.resolve(values.dir ?? process.env.TIDEMARK_DEMO_DIR ?? ".demo");
  return fast ? { dir, port, hours: 8, rowsPerHour: 250, fast } : { dir, port, hours: 36, rowsPerHour: 400, fast };
}

const root = process.env.TIDEMARK_ROOT ?? path.resolve(__dirname, "../..");
const say = (line = "") => console.log(line);
const step = (n: number, text: string) => say(`\n[${n}/6] ${text}`);

export async function runDemoCommand(args: string[]): Promise<void> {
  const parsed = parseCommand(DEMO_COMMAND, args);
  if (!parsed) return;
  const plan = planFromEnvironment(parsed.values);
  const url = `http://127.0.0.1:${plan.port}`;
  const dataDir = path.join(plan.dir, "db");
  // Everything below, in this process and its children, uses the demo's own embedded database.
  if (process.env.DATABASE_URL) say("DATABASE_URL is set; the demo ignores it and uses its own embedded database.");
  delete process.env.DATABASE_URL;
  Object.assign(process.env, { TIDEMARK_DATA_DIR: dataDir, TIDEMARK_PUBLIC_URL: url, TIDEMARK_ADMIN_PASSWORD: ADMIN_PASSWORD });

  say(`Tidemark demo${plan.fast ? " (fast mode)" : ""}: data in ${plan.dir}`);
  if (fs.existsSync(plan.dir)) say(`Removing the previous demo's data in ${plan.dir} (every run starts fresh).`);
  fs.rmSync(plan.dir, { recursive: true, force: true });
  fs.mkdirSync(plan.dir, { recursive: true });

  step(1, "Build");
  if (buildIsCurrent(root)) say("The production build is up to date.");
  else {
    say("Building the app (next build, about a minute)…");
    await runNextBuild(root, say);
  }

  step(2, "Train on real data: US flights, January–February 2001 (vega-datasets); will a flight leave 15+ minutes late?");
  const data = await trainDemoModel(plan);

  step(3, `Promote through the gate; keys, a webhook destination and alert rules; ${plan.hours} hours of past traffic`);
  const seeded = await seedDemo(plan, data);
  const keys = seeded.keys;
  let receiver = seeded.receiver;

  step(4, `Start the server on ${url} (embedded database, scheduler inside, jobs every minute)`);
  const serverLog = path.join(plan.dir, "server.log");
  const server = startServer(plan, serverLog);
  let live: ChildProcess | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("\nStopping: live traffic, the server, the webhook receiver…");
    await Promise.all([terminate(live), terminate(server)]);
    await receiver?.close();
    receiver = null;
    say(`Stopped. The demo's data stays in ${plan.dir} until the next run.`);
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  server.on("exit", (code) => {
    if (!stopping) {
      say(`The server exited (code ${code}); its log: ${serverLog} (if port ${plan.port} is taken, use --port N)`);
      void stop(1);
    }
  });
  await waitUntilAnswering(url, serverLog);
  say(`Serving; log in ${serverLog}.`);

  step(5, `Live traffic: tidemark simulate at ${plan.rowsPerHour} flights an hour, drifted as at the end of the history`);
  const liveArgs = liveTrafficArgs(plan, data.trafficFile, url, keys.traffic);
  const trafficLog = path.join(plan.dir, "traffic.log");
  const startLive = () => {
    live = startLogged(process.execPath, [path.join(root, "bin/tidemark.mjs"), ...liveArgs], trafficLog, {});
    // When the file runs out (after some hours), it starts over.
    live.on("exit", (code) => {
      if (stopping) return;
      if (code === 0) startLive();
      else say(`Live traffic stopped (exit ${code}); see ${trafficLog}. The server keeps running.`);
    });
  };
  startLive();
  say(`$ tidemark ${liveArgs.join(" ").replace(keys.traffic, "$TRAFFIC_KEY")}   (log: ${trafficLog})`);

  step(6, "Look");
  say(`Dashboard    ${url}  — sign in with the password ${ADMIN_PASSWORD}, or the admin API key:`);
  say(`             ${keys.admin}`);
  say(
    `Drift        ${url}/models/${MODEL}/drift?feature=distance&range=7d   distance drifts from a third of the way in (heatmap, histogram)`,
  );
  say(`Performance  ${url}/models/${MODEL}/performance?range=7d  realized AUC falls when the labels shift; expected cost rises`);
  say(`Alerts       ${url}/alerts  opened within a minute or two, delivered to the webhook below`);
  say(`API          curl -H "authorization: Bearer <admin key>" ${url}/api/v1/alerts`);
  say("Waiting for alerts at the webhook receiver (they print here). Ctrl-C stops everything.");
  await new Promise(() => undefined);
}

/** Step 2: `tidemark train` on the flights data, registering the model. */
async function trainDemoModel(plan: DemoPlan): Promise<ReturnType<typeof writeFlightsData>> {
  const data = writeFlightsData(path.join(plan.dir, "data"));
  say(`${data.trainRows} training flights in ${data.trainFile}; ${data.trafficRows} March flights kept for traffic.`);
  const trainArgs = [
    "train",
    "--data",
    data.trainFile,
    "--target",
    DEMO_TARGET,
    "--task",
    "binary",
    "--metric",
    "auc",
    "--deploy-threshold",
    "0.6",
    "--positive-class",
    DEMO_POSITIVE_CLASS,
    "--cost-fp",
    "1",
    "--cost-fn",
    "3",
    "--seed",
    "7",
    "--out",
    path.join(plan.dir, "run"),
    "--register",
    "--name",
    MODEL,
  ];
  say(`$ tidemark ${trainArgs.join(" ")}`);
  await runCli(trainArgs, (line) => !/^epoch /.test(line) && say(`  ${line}`));

  return data;
}

/**
 * Step 3: promote, keys, a webhook destination the default rules send to, and the replayed past
 * traffic with the monitoring jobs run over it.
 */
async function seedDemo(
  plan: DemoPlan,
  data: ReturnType<typeof writeFlightsData>,
): Promise<{ receiver: AlertReceiver | null; keys: { admin: string; traffic: string } }> {
  const receiverSecret = randomBytes(24).toString("hex");
  const receiver: AlertReceiver = await startAlertReceiver({ secret: receiverSecret, print: say });
  // The receiver is on loopback, which destinations reach only when opted in: the demo lists exactly
  // its address and port, for itself and for the server it starts below.
  process.env.TIDEMARK_ALERT_ALLOWED_HOSTS = [process.env.TIDEMARK_ALERT_ALLOWED_HOSTS, new URL(receiver.url).host]
    .filter(Boolean)
    .join(",");
  const traffic = (await loadTable(data.trafficFile)).table;
  const keys = await withLocalDatabase(async (db) => {
    const promoted = await moveAlias(db.prisma, {
      name: MODEL,
      alias: "production",
      input: { version: 1, reason: "demo" },
      actor: ACTOR,
    });
    // Not forced: a model that failed the gate would stop the demo here with the gate's reasons.
    say(`Promoted ${MODEL} v1 to production: the gate passed (${promoted.gate?.rules.length ?? 0} rules).`);
    const admin = await createApiKey(db.prisma, { name: "demo-admin", scopes: ["admin"] }, ACTOR);
    const trafficKey = await createApiKey(db.prisma, { name: "demo-traffic", scopes: ["predict", "ingest", "read"] }, ACTOR);
    await createDestination(db.prisma, {
      input: { name: DESTINATION, kind: "webhook", url: receiver.url, secret: receiverSecret },
      actor: ACTOR,
      key: getSecretKey(),
      allowList: parseHostAllowList(process.env.TIDEMARK_ALERT_ALLOWED_HOSTS),
    });
    const { rules } = await listAlertRules(db, { model: MODEL });
    for (const rule of rules) await updateAlertRule(db, { id: rule.id, input: { channels: [DESTINATION] }, actor: ACTOR });
    await putMonitoringSettings(db.prisma, MODEL, { schedules: EVERY_MINUTE, explanations: DEMO_EXPLANATIONS }, ACTOR);
    say(
      `API keys demo-admin (admin) and demo-traffic (predict, ingest, read); webhook ${DESTINATION} → ${receiver.url}; ${rules.length} default rules send to it.`,
    );

    say(
      `Replaying ${plan.hours} past hours × ${plan.rowsPerHour} March flights through the predict code, drift ${HISTORY_DRIFT},`,
    );
    say(`labels posted 30 minutes after each prediction, "${BUSINESS_EVENT}" events for late flights:`);
    say(
      `$ tidemark simulate --model ${MODEL} --data ${data.trafficFile} --key … --history ${plan.hours}h --rows-per-hour ${plan.rowsPerHour} --drift '${HISTORY_DRIFT}' --target ${DEMO_TARGET} --outcomes-after 30m --events ${BUSINESS_EVENT}`,
    );
    const caller = await authenticate(db.prisma, `Bearer ${trafficKey.token}`, "predict");
    const replayed = await replayHistory(db, {
      model: MODEL,
      table: traffic,
      hours: plan.hours,
      rowsPerHour: plan.rowsPerHour,
      drift: parseDriftSpec(HISTORY_DRIFT),
      target: DEMO_TARGET,
      outcomesAfterMs: 30 * 60_000,
      eventName: BUSINESS_EVENT,
      caller,
      batch: 5,
      entityPrefix: "history",
    });
    say(
      `  ${replayed.predictions} predictions, ${replayed.outcomes} outcomes, ${replayed.events} events, ${replayed.from.toISOString()} → ${replayed.to.toISOString()}`,
    );

    await waitUntilFinal(db, replayed.to);
    say("Running the monitoring jobs over those hours (tidemark job drift|performance|business|service|explanations):");
    for (const job of ["drift", "performance", "business", "service", "explanations"] as const) {
      const runs = await runJob(db, { job, model: MODEL }, "manual");
      const failed = runs.filter((r) => r.status !== "succeeded");
      const windows = runs.filter((r) => r.windowStart !== null).length;
      const distanceDrift = runs.filter((r) =>
        (r.details as { drifted?: string[] } | undefined)?.drifted?.includes("distance"),
      ).length;
      say(
        `  ${job}: ${windows} hourly windows${failed.length ? `, ${failed.length} runs not succeeded` : ""}${job === "drift" ? `, "distance" drifted in ${distanceDrift}` : ""}`,
      );
    }
    return { admin: admin.token, traffic: trafficKey.token };
  });

  return { receiver, keys };
}

/**
 * A window is computed once rows logged up to the late grace after its end have been profiled, and
 * the profile job reads rows only once the database's clock is a second past them (its guard against
 * commits still in flight). Run in the first minutes of an hour, the jobs would otherwise leave the
 * last replayed hour for the scheduler to pick up later, and the story would start one hour short.
 */
async function waitUntilFinal(db: Database, end: Date): Promise<void> {
  const { settings } = await getMonitoringSettings(db.prisma, MODEL);
  const waitMs = end.getTime() + settings.lateGraceMinutes * 60_000 + 1_100 - Date.now();
  if (waitMs > 1_100)
    say(
      `Waiting ${Math.ceil(waitMs / 1000)} s: rows may still arrive ${settings.lateGraceMinutes} min after an hour ends, so the last hour is final then.`,
    );
  await new Promise((r) => setTimeout(r, Math.max(1_100, waitMs)));
}

function startServer(plan: DemoPlan, serverLog: string): ChildProcess {
  return startLogged(
    process.execPath,
    [
      "--require",
      path.join(root, "bin/http-timeouts.cjs"),
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(root, "server.ts"),
      "-p",
      String(plan.port),
      "-H",
      "127.0.0.1",
    ],
    serverLog,
    {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  );
}

/** Live traffic keeps the history's volume, so the traffic charts stay level across the two. */
function liveTrafficArgs(plan: DemoPlan, trafficFile: string, url: string, trafficKey: string): string[] {
  const liveRate = (plan.rowsPerHour / 3600).toFixed(3);
  return [
    "simulate",
    "--model",
    MODEL,
    "--data",
    trafficFile,
    "--server",
    url,
    "--key",
    trafficKey,
    "--rate",
    liveRate,
    "--batch",
    "1",
    "--drift",
    LIVE_DRIFT,
    "--target",
    DEMO_TARGET,
    "--outcomes-after",
    "30s",
    "--events",
    BUSINESS_EVENT,
  ];
}

/** Runs a `tidemark` command to completion, passing each output line to `onLine`. */
async function runCli(args: string[], onLine: (line: string) => void): Promise<void> {
  const child = spawn(process.execPath, [path.join(root, "bin/tidemark.mjs"), ...args], {
    cwd: process.cwd(),
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffered = "";
  const feed = (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) onLine(line);
  };
  child.stdout.on("data", feed);
  child.stderr.on("data", feed);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (buffered) onLine(buffered);
  if (code !== 0) throw new CliError(`tidemark ${args[0]} failed (exit ${code}); see above.`, 1);
}

/** A child in its own process group (Ctrl-C reaches the demo, which stops it in order), output to a file. */
function startLogged(command: string, args: string[], logFile: string, env: Record<string, string>): ChildProcess {
  const out = fs.openSync(logFile, "a");
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  return child;
}

async function terminate(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup("SIGTERM");
  const timer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitUntilAnswering(url: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/v1/models`)).status === 401) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new CliError(`The server did not answer within 90 s; its log: ${logFile}`, 1);
    await new Promise((r) => setTimeout(r, 300));
  }
}
