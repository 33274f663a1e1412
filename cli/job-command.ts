import { parseArgs } from "node:util";
import type { RunOutcome } from "@/lib/jobs/run-recorded-job";
import type { Database } from "@/lib/db/open-database";
import { JOB_NAMES } from "@/lib/jobs/job-names";
import { runJobRequestSchema, type RunJobRequest } from "@/lib/jobs/run-job-request-schema";
import { runJob } from "@/jobs/job-registry";
import { CliError, describeApiError } from "./cli-error";
import { withLocalDatabase } from "./local-database";

const USAGE = `Usage: tidemark job <name> --model NAME [--version N] [--window START/PT1H] [--server URL --key KEY]

  profile   fold newly logged predictions into hourly profiles
  drift     refresh profiles, then compute drift and data quality for the due windows
            (or for --window, e.g. 2026-11-01T00:00Z/PT1H or 2026-11-01T00:00Z/2026-11-02T00:00Z)
  ${JOB_NAMES.filter((j) => j !== "profile" && j !== "drift").join(", ")}   the other monitoring jobs (see the README)`;

/** `tidemark job NAME …`: runs one job once, locally or on a running server, and prints its runs. */
export async function runJobCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      model: { type: "string" },
      version: { type: "string" },
      window: { type: "string" },
      server: { type: "string" },
      key: { type: "string" },
    },
  });
  const [job, ...extra] = positionals;
  if (!job || extra.length || !values.model) throw new CliError(USAGE);
  if (Boolean(values.server) !== Boolean(values.key)) throw new CliError(`--server and --key go together.\n${USAGE}`);
  const version = values.version === undefined ? undefined : Number(values.version);
  // The same validation as POST /api/v1/jobs/runs, so both refuse the same things the same way.
  const parsed = runJobRequestSchema.safeParse({ job, model: values.model, version, window: values.window });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  --${String(i.path[0] ?? "job")}: ${i.message}`).join("\n");
    throw new CliError(`${problems}\n\n${USAGE}`);
  }
  const request = parsed.data;
  const runs = values.server
    ? await runOnServer(values.server, values.key!, request)
    : await withLocalDatabase((db) => runLocally(db, request));
  printRuns(runs);
  if (runs.some((r) => r.status === "failed")) throw new CliError("Some runs failed (see above).", 1);
}

/** Runs the job here, reporting progress through a long backlog on stderr. */
function runLocally(db: Database, request: RunJobRequest): Promise<RunOutcome[]> {
  let reported = 0;
  const onProgress = (p: { modelName: string; version: number; rowsRead: number }) => {
    if (p.rowsRead - reported < PROGRESS_EVERY_ROWS) return;
    reported = p.rowsRead;
    console.error(`profile ${p.modelName} v${p.version}: ${p.rowsRead} rows read…`);
  };
  return runJob(db, request, "manual", onProgress);
}

const PROGRESS_EVERY_ROWS = 100_000;

async function runOnServer(server: string, key: string, request: RunJobRequest): Promise<RunOutcome[]> {
  let response: Response;
  try {
    response = await fetch(new URL("/api/v1/jobs/runs", server), {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(request),
    });
  } catch (error) {
    throw new CliError(`Could not reach ${server}: ${(error as Error).message}`, 1);
  }
  const body = (await response.json().catch(() => null)) as {
    runs?: RunOutcome[];
    error?: { code: string; message: string; details?: unknown[] };
  } | null;
  if (!response.ok || !body?.runs)
    throw new CliError(body?.error ? describeApiError(body.error) : `The server answered ${response.status}`, 1);
  return body.runs;
}

function printRuns(runs: RunOutcome[]) {
  if (runs.length === 0) {
    console.log("Nothing to do: profiles are up to date and no window is due.");
    return;
  }
  for (const r of runs) {
    const window = r.windowStart || r.windowEnd ? ` ${r.windowStart ?? "…"} → ${r.windowEnd ?? "…"}` : "";
    const details = r.details as { verdict?: string; drifted?: string[] } | undefined;
    const verdict =
      r.job === "drift" && details?.verdict
        ? ` verdict ${details.verdict}${details.drifted?.length ? ` (drift: ${details.drifted.join(", ")})` : ""}`
        : "";
    console.log(
      `${r.job} ${r.modelName}${r.version === null ? "" : ` v${r.version}`}${window}: ${r.status}, ${r.rowsRead} rows${verdict}${r.error ? ` — ${r.error}` : ""}`,
    );
  }
}
