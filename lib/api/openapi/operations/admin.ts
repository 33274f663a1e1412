import { z } from "zod";
import { createKeySchema } from "@/lib/auth/manage-api-keys";
import { createdKeySchema, keyListSchema, keySummarySchema } from "@/lib/auth/response-schemas";
import { auditQuerySchema } from "@/lib/audit/list-audit-events";
import { auditListSchema } from "@/lib/audit/response-schemas";
import type { ApiOperation } from "../api-operation";

export const adminOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/keys",
    operationId: "listKeys",
    summary: "API keys, without their secrets",
    tag: "Keys",
    scope: "admin",
    responses: { 200: { description: "The keys, oldest first", body: { name: "KeyList", schema: keyListSchema } } },
  },
  {
    method: "post",
    path: "/api/v1/keys",
    operationId: "createKey",
    summary: "Create a key; the answer holds its secret, shown this once",
    description: "Scopes: predict, ingest, read, admin (admin may do everything). Audited.",
    tag: "Keys",
    scope: "admin",
    body: { name: "KeyCreate", schema: createKeySchema },
    responses: { 201: { description: "The key and its secret", body: { name: "CreatedKey", schema: createdKeySchema } } },
    errors: { 409: "A key with this name exists", 422: "Invalid key, naming the field" },
  },
  {
    method: "delete",
    path: "/api/v1/keys/{name}",
    operationId: "revokeKey",
    summary: "Revoke a key; the record stays for the audit trail",
    description: "Dashboard sessions opened with the key end too. Revoking twice changes nothing. Audited.",
    tag: "Keys",
    scope: "admin",
    pathParams: z.object({ name: z.string().describe("The key's name") }),
    responses: { 200: { description: "The revoked key", body: { name: "KeySummary", schema: keySummarySchema } } },
    errors: { 404: "No key with this name" },
  },
  {
    method: "get",
    path: "/api/v1/audit",
    operationId: "listAuditEvents",
    summary: "The audit trail, newest first",
    tag: "Audit",
    scope: "read",
    query: auditQuerySchema,
    responses: { 200: { description: "A page of events", body: { name: "AuditEventList", schema: auditListSchema } } },
    errors: { 422: "Invalid query, naming the parameter" },
  },
];
