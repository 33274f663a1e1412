// Any method at an /api path no route handler serves — a JSON 404 in the one error shape.
// Without it Next.js renders its HTML not-found page there, and a multipart POST to that page is
// taken for a no-JavaScript server action whose body fails to parse: a 500.
import { ApiError } from "@/lib/core/errors";
import { errorResponse } from "@/lib/api/route-handler";

const notFound = async (request: Request) => errorResponse(new ApiError("not_found", "No API route at this path"), request);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
