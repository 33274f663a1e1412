// GET /api/openapi.json — the public API as OpenAPI 3.1, generated from the zod schemas the routes
// validate with. No key: it describes the API and holds nothing secret.
import { errorResponse } from "@/lib/api/route-handler";
import { getOpenApiDocument } from "@/lib/api/openapi/get-openapi-document";

export const GET = async (request: Request): Promise<Response> => {
  // apiRoute would ask for a key; this keeps only its error shape.
  try {
    return Response.json(getOpenApiDocument());
  } catch (error) {
    return errorResponse(error, request);
  }
};
