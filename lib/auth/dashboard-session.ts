import "server-only";
import { timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config/load-config";
import { getDatabase } from "@/lib/db/get-database";
import { authenticate } from "./authenticate";
import { getSessionSecret } from "./session-secret";
import { signSession, verifySession, type Session } from "./session-token";
import { ApiError } from "@/lib/api/errors";

export const SESSION_COOKIE = "tidemark_session";

/** The signed-in user of a dashboard page, or a redirect to the sign-in page. */
export async function requireSession(): Promise<Session> {
  const session = verifySession((await cookies()).get(SESSION_COOKIE)?.value, getSessionSecret());
  if (!session) redirect("/login");
  return session;
}

/** For dashboard mutations: read-only users are refused on the server, whatever the page showed. */
export async function requireAdminSession(): Promise<Session> {
  const session = await requireSession();
  if (session.role !== "admin") throw new ApiError("forbidden", "Your session is read-only; sign in with an admin key to change things");
  return session;
}

/** Checks an API key (scope read or admin) or the configured admin password; returns the session to set. */
export async function signIn(credential: string): Promise<Session | null> {
  const config = getConfig();
  const exp = Date.now() + config.TIDEMARK_SESSION_HOURS * 3_600_000;
  const password = config.TIDEMARK_ADMIN_PASSWORD;
  if (password && credential.length === password.length && timingSafeEqual(Buffer.from(credential), Buffer.from(password))) {
    return { sub: "password:admin", role: "admin", exp };
  }
  const db = await getDatabase();
  for (const role of ["admin", "read"] as const) {
    try {
      const caller = await authenticate(db.prisma, `Bearer ${credential}`, role);
      return { sub: `key:${caller.name}`, role, exp };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === "unauthorized") return null;
    }
  }
  return null;
}

export async function setSessionCookie(session: Session): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, signSession(session, getSessionSecret()), {
    httpOnly: true,
    sameSite: "lax",
    secure: getConfig().TIDEMARK_SECURE_COOKIES === "1",
    path: "/",
    expires: new Date(session.exp),
  });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
