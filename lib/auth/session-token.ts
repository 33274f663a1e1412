import { createHmac, timingSafeEqual } from "node:crypto";

export type Session = { sub: string; role: "read" | "admin"; exp: number };

// A session is `<payload>.<signature>`: base64url JSON, HMAC-SHA256 with the server's session
// secret. Stateless, so any server process with the same secret accepts it.
export function signSession(session: Session, secret: string): string {
  const payload = Buffer.from(JSON.stringify(session)).toString("base64url");
  return `${payload}.${createHmac("sha256", secret).update(payload).digest("base64url")}`;
}

export function verifySession(token: string | undefined, secret: string, now = Date.now()): Session | null {
  if (!token) return null;
  const [payload, signature] = token.split(".");
  if (!payload || !signature) return null;
  const expected = createHmac("sha256", secret).update(payload).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Session;
    if (typeof session.exp !== "number" || session.exp < now) return null;
    if (session.role !== "read" && session.role !== "admin") return null;
    return session;
  } catch {
    return null;
  }
}
