// Answers, before routing, two kinds of request that Next.js itself would answer with a bare 500:
// - a path with a percent-escape that is not UTF-8 (`/api/v1/models/%ff`): Next.js decodes dynamic
//   segments before any route code runs and means to answer 400, but with no pages-router error
//   page to render it answers 500. Answered 400: in the API's one error shape under /api, as
//   plain text elsewhere.
// - a multipart POST to a page whose body is not a form: Next.js takes it for a no-JavaScript
//   server action submission and fails parsing it. Answered 400 as plain text.
// The matcher keeps every other request (predictions included) from running this at all.
import { NextResponse, type NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { undecodablePathSegment } from "@/lib/api/undecodable-path-segment";

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const segment = undecodablePathSegment(pathname);
  if (segment !== null) {
    const message = "The path is not valid percent-encoded UTF-8";
    if (pathname.startsWith("/api/")) {
      const error = new ApiError("bad_request", message, [{ path: segment, in: "path", message: "is not valid percent-encoded UTF-8" }]);
      return NextResponse.json(error.toJSON(), { status: error.status });
    }
    return plainBadRequest(`${message}: ${segment}`);
  }
  if (request.method === "POST" && !pathname.startsWith("/api/") && request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    try {
      await request.clone().formData();
    } catch {
      return plainBadRequest("The body is not a multipart form");
    }
  }
  return NextResponse.next();
}

const plainBadRequest = (message: string) => new NextResponse(`${message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });

export const config = {
  matcher: ["/(.*%.*)", { source: "/((?!api/|_next/).*)", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] }],
};
