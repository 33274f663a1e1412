import "server-only";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { uuidv7FromKey } from "@/lib/core/ids/uuidv7";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { resolveIngestTarget } from "../resolve-ingest-target";
import { storeIngestedRecords } from "../store-ingested-records";
import { cloudEventHeadersSchema, KSERVE_REQUEST_TYPE } from "./cloud-event-headers";
import { PayloadError, requestRecords, responseOutputs } from "./inference-payload";
import { forgetPair, recordHalf, type Pair } from "./kserve-event-halves";

export type KserveEventOptions = {
  modelName: string;
  version?: number;
  headers: Record<string, string | undefined>;
  body: unknown;
  apiKeyId: string;
};

/**
 * One event from KServe's request logger. The first half of a request/response pair is kept until
 * the other arrives (202); the second completes it and the pair's rows are stored through the same
 * path as POST /predictions (200, one result per row). The payload is checked on arrival, so a
 * half that could never be mapped to the model's features or outputs is refused at once (422).
 */
export async function ingestKserveEvent(db: Database, options: KserveEventOptions) {
  const headers = parseOrThrow(cloudEventHeadersSchema, options.headers, "CloudEvent headers");
  const target = await resolveIngestTarget(db, options.modelName, options.version);
  const kind = headers["ce-type"] === KSERVE_REQUEST_TYPE ? "request" : "response";
  mapOrThrow(
    () => (kind === "request" ? requestRecords(target.manifest, options.body) : responseOutputs(target.manifest, options.body)),
    kind,
  );
  const eventId = headers["ce-id"];
  const pair = await recordHalf(db.sql, {
    modelId: target.modelId,
    eventId,
    kind,
    half: { body: options.body, time: headers["ce-time"] ?? null },
  });
  if (!pair) return { status: 202, body: { eventId, waitingFor: kind === "request" ? "response" : "request" } };
  const records = pairRecords(target.manifest, pair, `${target.modelId}\u0000${eventId}`);
  const result = await storeIngestedRecords(db, { target, records, apiKeyId: options.apiKeyId, source: "kserve" });
  await forgetPair(db.sql, { modelId: target.modelId, eventId });
  return { status: 200, body: { eventId, ...result } };
}

/** The pair as ingest records, stamped with the request's time and given ids derived from the event. */
function pairRecords(manifest: Manifest, pair: Pair, key: string) {
  const features = requestRecords(manifest, pair.request.body);
  const outputs = responseOutputs(manifest, pair.response.body);
  if (features.length !== outputs.length) {
    throw new ApiError("validation_failed", `The request has ${features.length} rows but its response ${outputs.length}`, [
      { path: "outputs", message: `must hold one prediction per request row (${features.length})` },
    ]);
  }
  const time = pair.request.time ?? pair.receivedAt.toISOString();
  const timeMs = Date.parse(time);
  return features.map((f, i) => ({
    features: f,
    output: outputs[i],
    predictionId: uuidv7FromKey(timeMs, `${key}\u0000${i}`),
    time: new Date(timeMs).toISOString(),
  }));
}

function mapOrThrow(map: () => unknown, kind: string) {
  try {
    map();
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    throw new ApiError("validation_failed", `The logged ${kind} cannot be read for this model`, [
      { path: error.path, message: error.message },
    ]);
  }
}
