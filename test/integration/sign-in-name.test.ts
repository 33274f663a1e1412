import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open-database";
import * as auditRoute from "@/app/api/v1/audit/route";
import { findActiveSession, openSession, revokeSession } from "@/lib/auth/session-store";
import { verifyCredential } from "@/lib/auth/verify-credential";
import { personNameSchema, sessionSubject } from "@/lib/auth/person-name";
import { actorText } from "@/lib/audit/describe-actor";
import { openTestDatabase } from "../helpers/test-database";
import { callRoute } from "../helpers/call-route";
import { createKeys } from "../helpers/fixtures";

let db: Database;
let keys: Awaited<ReturnType<typeof createKeys>>;
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  db = await openTestDatabase();
  keys = await createKeys(db);
});
afterAll(async () => db.close());

// What signIn does after the form's name passed personNameSchema.
async function signInAs(credential: string, name: string) {
  const subject = await verifyCredential(db.prisma, credential, PASSWORD);
  if (!subject) throw new Error("credential refused");
  return openSession(db.prisma, {
    ...subject,
    subject: sessionSubject(subject, personNameSchema.parse(name)),
    ttlMs: 3_600_000,
  });
}

describe("the name given at sign-in", () => {
  it("is trimmed, required, length-limited and plain text", () => {
    expect(personNameSchema.parse("  Ada Lovelace ")).toBe("Ada Lovelace");
    expect(personNameSchema.parse("José O'Brien-Núñez")).toBe("José O'Brien-Núñez");
    const refused = ["", "   ", "x".repeat(61), "Ada\u0000", "Ada\nEve", "<b>Ada</b>", "Ada/Eve"];
    for (const name of refused) expect(personNameSchema.safeParse(name).success, name).toBe(false);
    expect(personNameSchema.safeParse("").error?.issues[0].message).toMatch(/Enter your name/);
  });

  it("rides on the session and is the actor of what the session changes", async () => {
    const ada = await signInAs(PASSWORD, "  Ada Lovelace ");
    expect(ada.session.sub).toBe("password:admin/Ada Lovelace");
    const found = await findActiveSession(db.prisma, ada.token);
    expect(found?.sub).toBe("password:admin/Ada Lovelace");
    expect(found?.role).toBe("admin");

    // The dashboard's admin actions record session.sub as the actor (lib/api/admin-action.ts).
    const reader = await signInAs(keys.read, "Grace");
    // A key already names whose it is: its session keeps the key's name alone.
    expect(reader.session.sub).toBe("key:reader");
    await revokeSession(db.prisma, { id: reader.session.id, actor: found!.sub });

    const audit = await callRoute(auditRoute.GET, { method: "GET", path: "/api/v1/audit?kind=session.revoked", key: keys.read });
    expect(audit.json.events).toHaveLength(1);
    expect(audit.json.events[0]).toMatchObject({
      actor: "password:admin/Ada Lovelace",
      before: { subject: "key:reader", role: "read" },
    });
    const byCredential = await callRoute(auditRoute.GET, {
      method: "GET",
      path: "/api/v1/audit?actor=password:admin",
      key: keys.read,
    });
    expect(byCredential.json.events.map((e: { actor: string }) => e.actor)).toEqual(["password:admin/Ada Lovelace"]);
  });

  it("reads as a person with the credential they used; rows from before names read as before", () => {
    expect(actorText("password:admin/Ada Lovelace")).toBe("Ada Lovelace (admin password)");
    expect(actorText("password:admin")).toBe("admin password");
    expect(actorText("key:demo-traffic")).toBe("key demo-traffic");
    expect(actorText("scheduler")).toBe("scheduler");
  });
});
