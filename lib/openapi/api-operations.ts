import { manifestSchema } from "@/lib/core/manifest/manifest-schema";
import { evidenceSchema } from "@/lib/alerts/response-schemas";
import { ALERT_KINDS, CONDITION_SCHEMAS } from "@/lib/alerts/rules/rule-schema";
import type { ApiLimits, ApiOperation, NamedSchema } from "./api-operation";
import { adminOperations } from "./operations/admin";
import { alertOperations } from "./operations/alerts";
import { destinationOperations } from "./operations/destinations";
import { inferenceProtocolOperations } from "./operations/inference-protocol";
import { ingestOperations } from "./operations/ingest";
import { jobOperations } from "./operations/jobs";
import { modelOperations } from "./operations/models";
import { monitoringOperations } from "./operations/monitoring";
import { servingOperations } from "./operations/serving";
import { systemOperations } from "./operations/system";

/** Every operation of the public API, in the order the reference shows them. A new route adds its operation here. */
export function apiOperations(limits: ApiLimits): ApiOperation[] {
  return [
    ...modelOperations,
    ...servingOperations(limits),
    ...inferenceProtocolOperations(limits),
    ...ingestOperations,
    ...monitoringOperations,
    ...jobOperations,
    ...alertOperations,
    ...destinationOperations,
    ...adminOperations,
    ...systemOperations,
  ];
}

/** Schemas nested in several operations, shown once as components. */
export const SHARED_SCHEMAS: { requests: NamedSchema[]; answers: NamedSchema[] } = {
  requests: [
    { name: "ManifestInput", schema: manifestSchema },
    // A rule's condition is validated against its kind's schema: each is shown under its own name.
    ...ALERT_KINDS.map((kind) => ({ name: `AlertCondition_${kind}`, schema: CONDITION_SCHEMAS[kind] })),
  ],
  answers: [
    { name: "Manifest", schema: manifestSchema },
    { name: "AlertEvidence", schema: evidenceSchema },
  ],
};
