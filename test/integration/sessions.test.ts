import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as keyRoute from "@/app/api/v1/keys/[name]/route";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import {
  endSession,
  findActiveSession,
  hashSessionToken,
  listActiveSessions,
  openSession,
  revokeSession,
} from "@/lib/auth/session-store";
import { verifyCredential } from "@/lib/auth/verify-credential";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { createKeys } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

async function signInWith(credential: string) {
  const subject = await verifyCredential(db.prisma, credential, "correct horse battery staple");
  if (!subject) throw new Error("credential refused");
  return openSession(db.prisma, { ...subject, ttlMs: HOUR });
}

describe("dashboard sessions", () => {
  it("stores only a hash of the token and finds the session by it", async () => {
    const { token, session } = await signInWith(keys.admin);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.tokenHash).toBe(hashSessionToken(token));
    expect(row).toMatchObject({ subject: "key:admin", role: "admin", revokedAt: null });
    expect(await findActiveSession(db.prisma, token)).toMatchObject({ id: session.id, sub: "key:admin", role: "admin" });
    expect(await findActiveSession(db.prisma, token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"))).toBeNull();
    expect(await findActiveSession(db.prisma, "not-a-token")).toBeNull();
  });

  it("gives a read key a read session and the admin password an admin session without a key", async () => {
    const read = await signInWith(keys.read);
    expect(read.session).toMatchObject({ sub: "key:reader", role: "read" });
    const password = await signInWith("correct horse battery staple");
    expect(password.session).toMatchObject({ sub: "password:admin", role: "admin" });
    expect((await db.prisma.session.findUniqueOrThrow({ where: { id: password.session.id } })).apiKeyId).toBeNull();
    expect(await verifyCredential(db.prisma, keys.predict, undefined)).toBeNull();
    expect(await verifyCredential(db.prisma, "correct horse battery staple", undefined)).toBeNull();
  });

  it("refuses an expired session on the server, whatever the cookie's own expiry says", async () => {
    const { token } = await signInWith(keys.read);
    expect(await findActiveSession(db.prisma, token, new Date(Date.now() + HOUR - 60_000))).not.toBeNull();
    expect(await findActiveSession(db.prisma, token, new Date(Date.now() + HOUR + 1))).toBeNull();
  });

  it("ends at sign-out: the same token replayed is refused", async () => {
    const { token } = await signInWith(keys.admin);
    await endSession(db.prisma, token);
    expect(await findActiveSession(db.prisma, token)).toBeNull();
  });

  it("ends with its key: revoking the key through the API revokes every session opened with it, audited", async () => {
    const { token: keyToken } = await createApiKey(db.prisma, { name: "operator", scopes: ["admin"] }, "test");
    const first = await signInWith(keyToken);
    const second = await signInWith(keyToken);
    const other = await signInWith(keys.admin);
    expect(await findActiveSession(db.prisma, first.token)).not.toBeNull();

    const revoked = await callRoute(keyRoute.DELETE, { method: "DELETE", params: { name: "operator" }, key: keys.admin });
    expect(revoked.status).toBe(200);
    expect(await findActiveSession(db.prisma, first.token)).toBeNull();
    expect(await findActiveSession(db.prisma, second.token)).toBeNull();
    expect(await findActiveSession(db.prisma, other.token)).not.toBeNull();
    const rows = await db.prisma.session.findMany({ where: { id: { in: [first.session.id, second.session.id] } } });
    expect(rows.map((r) => r.revokedBy)).toEqual(["key:admin", "key:admin"]);

    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { kind: "api_key.revoked", subject: "api_key:operator" },
    });
    expect(audit.after).toMatchObject({ sessionsRevoked: 2 });
    expect(await verifyCredential(db.prisma, keyToken, undefined)).toBeNull();
  });

  it("refuses a session whose key was revoked even if its own row was missed", async () => {
    const { token: keyToken, key } = await createApiKey(db.prisma, { name: "side-door", scopes: ["read"] }, "test");
    const { token } = await signInWith(keyToken);
    await db.prisma.apiKey.update({ where: { name: key.name }, data: { revokedAt: new Date() } });
    expect(await findActiveSession(db.prisma, token)).toBeNull();
  });

  it("lists live sessions for admins and lets one be revoked, audited", async () => {
    const { token, session } = await signInWith(keys.read);
    const listed = await listActiveSessions(db.prisma);
    expect(listed).toContainEqual(expect.objectContaining({ id: session.id, subject: "key:reader", role: "read" }));
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.every((s) => s.subject !== "key:operator")).toBe(true);

    await revokeSession(db.prisma, { id: session.id, actor: "password:admin" });
    expect(await findActiveSession(db.prisma, token)).toBeNull();
    expect((await listActiveSessions(db.prisma)).map((s) => s.id)).not.toContain(session.id);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { kind: "session.revoked", subject: `session:${session.id}` },
    });
    expect(audit).toMatchObject({ actor: "password:admin", before: { subject: "key:reader", role: "read", revokedAt: null } });
    await expect(revokeSession(db.prisma, { id: "00000000-0000-4000-8000-000000000000", actor: "x" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
