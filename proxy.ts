import { NextResponse, type NextRequest } from "next/server";
import { ApiError } from "@/lib/core/errors";
import { undecodablePathSegment } from "@/lib/api/undecodable-path-segment";
import { REQUEST_PATH_HEADER } from "@/lib/auth/safe-redirect-path";
import { pageContentSecurityPolicy } from "@/lib/server/content-security-policy";

// Runs before routing, for pages and for API paths holding a percent-escape (see the matcher):
// 1. Answers two kinds of request that Next.js itself would answer with a bare 500:
//    - a path with a percent-escape that is not UTF-8 (`/api/v1/models/%ff`): Next.js decodes
//      dynamic segments before any route code runs and means to answer 400, but with no
//      pages-router error page to render it answers 500. Answered 400: in the API's one error
//      shape under /api, as plain text elsewhere.
//    - a multipart POST to a page whose body is not a form: Next.js takes it for a no-JavaScript
//      server action submission and fails parsing it. Answered 400 as plain text.
// 2. Gives every page a fresh CSP nonce. Next.js reads the policy from the request headers while
//    it renders and puts the nonce on its scripts; the browser gets the same policy on the
//    response. The headers every response carries (pages, API, static files) come from
//    next.config.ts.
export async function proxy(request: NextRequest) {
  const refused = await refuseUnroutable(request);
  if (refused) return refused;
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  return withPageSecurity(request);
}

async function refuseUnroutable(request: NextRequest): Promise<NextResponse | null> {
  const { pathname } = request.nextUrl;
  const segment = undecodablePathSegment(pathname);
  if (segment !== null) {
    const message = "The path is not valid percent-encoded UTF-8";
    if (pathname.startsWith("/api/")) {
      const error = new ApiError("bad_request", message, [
        { path: segment, in: "path", message: "is not valid percent-encoded UTF-8" },
      ]);
      return NextResponse.json(error.toJSON(), { status: error.status });
    }
    return plainBadRequest(`${message}: ${segment}`);
  }
  if (
    request.method === "POST" &&
    !pathname.startsWith("/api/") &&
    request.headers.get("content-type")?.startsWith("multipart/form-data")
  ) {
    try {
      await request.clone().formData();
    } catch {
      return plainBadRequest("The body is not a multipart form");
    }
  }
  return null;
}

function withPageSecurity(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  // Set here, so a client cannot supply it: where to return after sign-in (see requireSession).
  requestHeaders.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

const plainBadRequest = (message: string) =>
  new NextResponse(`${message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });

export const config = {
  // Pages (API routes get a static policy from next.config.ts; static assets need none), and API
  // paths only when they hold a percent-escape, so predictions never run through this.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)", "/api/(.*%.*)"],
};
