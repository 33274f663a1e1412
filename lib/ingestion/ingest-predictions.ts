import "server-only";
import type { Database } from "@/lib/db/open-database";
import type { Caller } from "@/lib/auth/authenticate";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { ingestEnvelopeSchema } from "./ingest-schemas";
import { resolveIngestTarget } from "./resolve-ingest-target";
import { storeIngestedRecords } from "./store-ingested-records";

/** POST /api/v1/models/:name/predictions: predictions made elsewhere, stored as if served here. */
export async function ingestPredictions(db: Database, options: { modelName: string; body: unknown; caller: Caller }) {
  const envelope = parseOrThrow(ingestEnvelopeSchema, options.body, "predictions request");
  const target = await resolveIngestTarget(db, options.modelName, envelope.version);
  return storeIngestedRecords(db, { target, records: envelope.records, apiKeyId: options.caller.keyId, source: "ingest" });
}
