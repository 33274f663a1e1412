import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { getOpenApiDocument } from "@/lib/openapi/get-openapi-document";
import type { Operation } from "@/lib/dashboard/components/api-reference/operation-view";
import type { Schema } from "@/lib/dashboard/components/api-reference/schema-view";

export type ApiReferencePage = {
  components: Record<string, Schema>;
  operations: { path: string; method: string; op: Operation & { tags: string[] } }[];
  tags: string[];
};

/** The API reference page's view: the operations of the one OpenAPI document, grouped by tag. */
export async function loadApiReferencePage(): Promise<ApiReferencePage> {
  await requireDashboardSession();
  const doc = getOpenApiDocument();
  const operations = Object.entries(doc.paths as Record<string, Record<string, Operation & { tags: string[] }>>).flatMap(
    ([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  return { components: doc.components.schemas as Record<string, Schema>, operations, tags: doc.tags.map((t) => t.name) };
}
