import type { RunOutcome } from "@/lib/jobs/run-recorded-job";
import type { Database } from "@/lib/db/open-database";
import { JOB_NAMES } from "@/lib/jobs/job-names";
import { runJobRequestSchema, type RunJobRequest } from "@/lib/jobs/run-job-request-schema";
import { runJob } from "@/jobs/job-registry";
import { CliError, describeApiError } from "./cli-error";
import { type CommandSpec, parseCommand, usageError } from "./command-spec";
import { withLocalDatabase } from "./local-database";

export const JOB_COMMAND = {
  name: "job",
  summary: "Run one monitoring job once, on the local database or on a running server, and print its runs.",
  usage: ["job NAME --model MODEL [--version N] [--window START/PT1H] [--server URL --key KEY]"],
  positionals: [
    {
      name: "NAME",
      description: `the job: profile (fold new predictions into hourly profiles), drift (profiles, then drift and data quality for the due windows), or ${JOB_NAMES.filter((j) => j !== "profile" && j !== "drift").join(", ")}`,
    },
  ],
  options: {
    model: { type: "string", value: "MODEL", description: "the model to run the job for; required" },
    version: { type: "string", value: "N", description: "one version only (default: every version with traffic)" },
    window: {
      type: "string",
      value: "START/END",
      description:
        "recompute this window instead of the due ones: START/DURATION or START/END, whole UTC hours (default: the due windows)",
    },
    server: { type: "string", value: "URL", description: "run it on this server instead of the local database (with --key)" },
    key: { type: "string", value: "KEY", description: "an admin API key of that server" },
  },
  notes: [
    "Times are ISO 8601 with Z or an offset, seconds optional: 2026-11-01T00:00Z/PT1H, 2026-11-01T00:00Z/2026-11-02T00:00Z.",
  ],
  examples: [
    "tidemark job drift --model fraud",
    "tidemark job performance --model fraud --window 2026-11-01T00:00Z/P1D --server https://tidemark.example.com --key $KEY",
  ],
} as const satisfies CommandSpec;

/** `tidemark job NAME …`: runs one job once, locally or on a running server, and prints its runs. */
export async function runJobCommand(args: string[]): Promise<void> {
  const command = parseCommand(JOB_COMMAND, args);
  if (!command) return;
  const { values, positionals } = command;
  const [job, ...extra] = positionals;
  if (!job || extra.length) throw usageError(JOB_COMMAND, "Name one job.");
  if (!values.model) throw usageError(JOB_COMMAND, "--model is required.");
  if (Boolean(values.server) !== Boolean(values.key)) throw usageError(JOB_COMMAND, "--server and --key go together.");
  const version = values.version === undefined ? undefined : Number(values.version);
  // The same validation as POST /api/v1/jobs/runs, so both refuse the same things the same way.
  const parsed = runJobRequestSchema.safeParse({ job, model: values.model, version, window: values.window });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  --${String(i.path[0] ?? "job")}: ${i.message}`).join("\n");
    throw usageError(JOB_COMMAND, problems);
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
