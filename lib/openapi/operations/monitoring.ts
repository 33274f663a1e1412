import { monitoringSettingsSchema } from "@/lib/monitors/shared/monitoring-settings";
import { driftQuerySchema } from "@/lib/monitors/drift/drift-series";
import { histogramQuerySchema } from "@/lib/monitors/drift/drift-histogram";
import { driftHistogramSchema, driftSeriesSchema, monitoringSettingsViewSchema } from "@/lib/monitors/shared/response-schemas";
import { seriesQuerySchema } from "@/lib/monitors/shared/series-query";
import { businessSeriesSchema, performanceSeriesSchema, serviceSeriesSchema } from "@/lib/monitors/performance/response-schemas";
import type { ApiOperation } from "../api-operation";
import { modelPath } from "../path-params";

const tag = "Monitoring";
const notFound = { 404: "No such model or version", 422: "Invalid query, naming the parameter" };

export const monitoringOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/models/{name}/monitoring",
    operationId: "getMonitoringSettings",
    summary: "The model's monitoring settings, defaults filled in",
    tag,
    scope: "read",
    pathParams: modelPath,
    responses: {
      200: {
        description: "Effective and stored settings",
        body: { name: "MonitoringSettingsView", schema: monitoringSettingsViewSchema },
      },
    },
    errors: { 404: "No model with this name" },
  },
  {
    method: "put",
    path: "/api/v1/models/{name}/monitoring",
    operationId: "putMonitoringSettings",
    summary: "Replace the model's monitoring settings: schedules, reference, decision rule",
    description: "Stored as sent, so fields left out keep following the defaults. Audited.",
    tag,
    scope: "admin",
    pathParams: modelPath,
    body: { name: "MonitoringSettings", schema: monitoringSettingsSchema },
    responses: {
      200: {
        description: "The settings now in force",
        body: { name: "MonitoringSettingsView", schema: monitoringSettingsViewSchema },
      },
    },
    errors: { 404: "No model with this name", 422: "Invalid settings, naming the field" },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/drift",
    operationId: "getDriftSeries",
    summary: "Drift and data-quality series per window, ready to chart",
    description: "Defaults: the last 7 days, all rows (no segment), the latest version, the model's reference.",
    tag,
    scope: "read",
    pathParams: modelPath,
    query: driftQuerySchema,
    responses: { 200: { description: "The series", body: { name: "DriftSeries", schema: driftSeriesSchema } } },
    errors: notFound,
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/drift/histogram",
    operationId: "getDriftHistogram",
    summary: "Reference vs current histogram of one column",
    description:
      "Numeric columns in `bins` bins of equal reference mass, plus one bin each below and above the reference's range.",
    tag,
    scope: "read",
    pathParams: modelPath,
    query: histogramQuerySchema,
    responses: { 200: { description: "The histogram", body: { name: "DriftHistogram", schema: driftHistogramSchema } } },
    errors: notFound,
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/performance",
    operationId: "getPerformanceSeries",
    summary: "Realized and estimated performance per window (the open hour so far included), ready to chart",
    description: "A window still open or with fewer labels than outcomes.minLabels says provisional: true.",
    tag,
    scope: "read",
    pathParams: modelPath,
    query: seriesQuerySchema,
    responses: { 200: { description: "The series", body: { name: "PerformanceSeries", schema: performanceSeriesSchema } } },
    errors: notFound,
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/business",
    operationId: "getBusinessSeries",
    summary: "Business metrics per window, ready to chart",
    description:
      "A window still open or whose smallest score decile is below business.minPredictionsPerDecile says provisional: true.",
    tag,
    scope: "read",
    pathParams: modelPath,
    query: seriesQuerySchema,
    responses: { 200: { description: "The series", body: { name: "BusinessSeries", schema: businessSeriesSchema } } },
    errors: notFound,
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/service",
    operationId: "getServiceSeries",
    summary: "Service metrics (latency, throughput, errors) per window (the open hour so far included), ready to chart",
    description: "A window still open or with fewer requests than service.minRequests says provisional: true.",
    tag,
    scope: "read",
    pathParams: modelPath,
    query: seriesQuerySchema,
    responses: { 200: { description: "The series", body: { name: "ServiceSeries", schema: serviceSeriesSchema } } },
    errors: notFound,
  },
];
