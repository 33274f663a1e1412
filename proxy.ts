// Runs before routing, only for paths with a percent sign. Next.js decodes the dynamic segments of
// a path before any route code runs; for an escape that is not UTF-8 (`/api/v1/models/%ff`) it means
// to answer 400 but, with no pages-router error page to render, answers a bare 500. This answers
// the 400 itself: in the API's one error shape under /api, as plain text elsewhere.
import { NextResponse, type NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { undecodablePathSegment } from "@/lib/api/undecodable-path-segment";

export function proxy(request: NextRequest) {
  const segment = undecodablePathSegment(request.nextUrl.pathname);
  if (segment === null) return NextResponse.next();
  const message = "The path is not valid percent-encoded UTF-8";
  if (request.nextUrl.pathname.startsWith("/api/")) {
    const error = new ApiError("bad_request", message, [{ path: segment, in: "path", message: "is not valid percent-encoded UTF-8" }]);
    return NextResponse.json(error.toJSON(), { status: error.status });
  }
  return new NextResponse(`${message}: ${segment}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export const config = { matcher: ["/(.*%.*)"] };
