// GET /api/v1/jobs/runs?job=&model=&version=&status=&limit=&before= — monitoring job runs, newest first
// POST /api/v1/jobs/runs — run a job now ({ job, model, version?, window? }) and answer with its runs (admin)
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { jobRunsQuerySchema, listJobRuns } from "@/lib/jobs/list-job-runs";
import { runJobRequestSchema } from "@/lib/jobs/run-job-request-schema";
import { runJob } from "@/jobs/job-registry";

export const GET = apiRoute({ scope: "read" }, async ({ db, request }) => {
  const query = parseOrThrow(jobRunsQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "query");
  return listJobRuns(db.prisma, query);
});

export const POST = apiRoute({ scope: "admin" }, async ({ db, request }) => {
  const body = parseOrThrow(runJobRequestSchema, await readJsonBody(request, 16 * 1024), "job request");
  return { runs: await runJob(db, body, "api") };
});
