import type { z } from "zod";
import type { Scope } from "@/lib/auth/scopes";

/**
 * One operation of the public API as the reference describes it. Every schema here is a zod
 * schema the route (or the lib function it calls) validates with, or the zod schema of what it
 * answers, so the document cannot drift from the code without a test noticing.
 */

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** A schema shown as a named component (#/components/schemas/NAME), so shared shapes read once. */
export type NamedSchema = { name: string; schema: z.ZodType };

export type ApiResponse = {
  description: string;
  /** Absent: a body that is not JSON (see contentType) or none at all. */
  body?: NamedSchema;
  /** Defaults to application/json when there is a body. */
  contentType?: string;
  /** Response headers worth knowing, by name. */
  headers?: Record<string, string>;
};

export type ApiOperation = {
  method: HttpMethod;
  /** OpenAPI path template: /api/v1/models/{name}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** The API key scope the route asks apiRoute for; null for a route that needs no key. */
  scope: Scope | null;
  /** A zod object (refinements allowed) per kind of parameter; each property becomes one parameter. */
  pathParams?: z.ZodType;
  query?: z.ZodType;
  headers?: z.ZodType;
  body?: NamedSchema & {
    contentType?: "application/json" | "multipart/form-data";
    required?: boolean;
    /** For a multipart body: the media type of a part, e.g. { manifest: "application/json" }. */
    partTypes?: Record<string, string>;
  };
  /** Success responses by status. */
  responses: Record<number, ApiResponse>;
  /** Failure statuses this operation answers in its error shape, with why. */
  errors?: Record<number, string>;
  /** Absent: the API's one error shape. The Open Inference Protocol's paths answer their own. */
  errorBody?: NamedSchema;
};

/** Server limits some schemas are built with (the predict batch size). */
export type ApiLimits = { maxBatch: number };
