import { z } from "zod";

// KServe's request logger (kserve/kserve pkg/logger/worker.go) posts each logged request and
// response as a CloudEvent in binary mode: the attributes travel as ce-* headers and the body is
// the inference payload exactly as the model server received or answered it.
export const KSERVE_REQUEST_TYPE = "org.kubeflow.serving.inference.request";
export const KSERVE_RESPONSE_TYPE = "org.kubeflow.serving.inference.response";

export const cloudEventHeadersSchema = z.object({
  "ce-type": z.enum([KSERVE_REQUEST_TYPE, KSERVE_RESPONSE_TYPE], {
    error: `must be ${KSERVE_REQUEST_TYPE} or ${KSERVE_RESPONSE_TYPE} (a KServe logger event)`,
  }),
  // The logger uses one id for a request and its response: the pairing key.
  "ce-id": z
    .string({ error: "is required: the CloudEvent id pairs a request with its response" })
    .min(1, "must not be empty")
    .max(256, "must be at most 256 characters")
    .regex(/^[\x20-\x7e]+$/, "must be printable ASCII"),
  // When the logger saw the request or the response; the prediction is stamped with the request's.
  "ce-time": z.iso.datetime({ offset: true, error: "must be an RFC 3339 time" }).optional(),
});
export type CloudEventHeaders = z.infer<typeof cloudEventHeadersSchema>;

export function readCloudEventHeaders(headers: Headers): Record<string, string | undefined> {
  return Object.fromEntries(["ce-type", "ce-id", "ce-time"].map((name) => [name, headers.get(name) ?? undefined]));
}

/** ?version=N picks the version; without it, the one the production alias points at. */
export const kserveQuerySchema = z
  .object({
    version: z.coerce
      .number({ error: "must be a version number" })
      .int("must be a whole number")
      .positive("must be 1 or more")
      .optional(),
  })
  .strict();
