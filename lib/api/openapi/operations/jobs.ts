import { runJobRequestSchema } from "@/lib/jobs/run-job-request-schema";
import { jobRunsQuerySchema } from "@/lib/jobs/list-job-runs";
import { jobRunListSchema, jobRunResultSchema } from "@/lib/jobs/response-schemas";
import type { ApiOperation } from "../api-operation";

const tag = "Jobs";

export const jobOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/jobs/runs",
    operationId: "listJobRuns",
    summary: "Monitoring job runs, newest first",
    tag,
    scope: "read",
    query: jobRunsQuerySchema,
    responses: { 200: { description: "A page of runs", body: { name: "JobRunList", schema: jobRunListSchema } } },
    errors: { 422: "Invalid query, naming the parameter" },
  },
  {
    method: "post",
    path: "/api/v1/jobs/runs",
    operationId: "runJob",
    summary: "Run a monitoring job now and answer with its runs",
    tag,
    scope: "admin",
    body: { name: "RunJobRequest", schema: runJobRequestSchema },
    responses: {
      200: { description: "One outcome per version run", body: { name: "JobRunResult", schema: jobRunResultSchema } },
    },
    errors: { 404: "No such model or version", 422: "Invalid request, naming the field" },
  },
];
