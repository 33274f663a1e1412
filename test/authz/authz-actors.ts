// The people and keys of the authorization matrix (issue 18), seeded straight into a database so
// every row of the matrix can be asked as each of them. Project A holds the model the rows act on;
// project B is the stranger's. Sessions are opened with the session store (what sign-in does after
// checking a password), so the matrix tests authorization, not sign-in.
import type { Database } from "@/lib/db/open-database";
import { createApiKey } from "@/lib/auth/manage-api-keys";
import { endSession, openSession } from "@/lib/auth/session-store";
import { createUser } from "@/lib/people/user-store";
import { setMember } from "@/lib/projects/member-store";
import { createProject } from "@/lib/projects/project-store";
import type { Role } from "@/lib/core/access/principal";

export const ACTORS = [
  "anonymous",
  "viewerA",
  "editorA",
  "ownerA",
  "ownerB",
  "admin",
  "revokedSession",
  "expiredSession",
  "keyB",
] as const;
export type Actor = (typeof ACTORS)[number];

/** How an actor authenticates: a session cookie (people), a bearer key, or nothing. */
export type Credential = { cookie?: string; bearer?: string };

export type AuthzWorld = {
  projectA: { id: string; name: string };
  projectB: { id: string; name: string };
  credentials: Record<Actor, Credential>;
  /** An admin-scope key of project A, to set up what rows act on (models, alerts, …). */
  setupKeyA: string;
};

const HOUR = 3_600_000;

async function personSession(db: Database, email: string, memberships: { projectId: string; role: Role }[], isAdmin = false) {
  const user = await db.prisma.$transaction((tx) =>
    createUser(tx, { email, displayName: email.split("@")[0], isAdmin, actor: "system:authz-matrix" }),
  );
  for (const m of memberships) await setMember(db.prisma, { ...m, userId: user.id, actor: "system:authz-matrix" });
  return { user, open: (options: { ttlMs?: number; now?: Date } = {}) => open(db, user.id, email, options) };
}

async function open(db: Database, userId: string, email: string, options: { ttlMs?: number; now?: Date }) {
  const { token } = await openSession(db.prisma, {
    subject: `user:${email}`,
    apiKeyId: null,
    userId,
    role: "user",
    ttlMs: options.ttlMs ?? HOUR,
    now: options.now,
  });
  return token;
}

export async function seedAuthzWorld(db: Database, suffix = ""): Promise<AuthzWorld> {
  const a = await createProject(db.prisma, { name: `project-a${suffix}`, actor: "system:authz-matrix" });
  const b = await createProject(db.prisma, { name: `project-b${suffix}`, actor: "system:authz-matrix" });
  const member = (email: string, projectId: string, role: Role) => personSession(db, email, [{ projectId, role }]);
  const viewer = await member(`viewer${suffix}@a.example`, a.id, "viewer");
  const editor = await member(`editor${suffix}@a.example`, a.id, "editor");
  const owner = await member(`owner${suffix}@a.example`, a.id, "owner");
  const ownerB = await member(`owner${suffix}@b.example`, b.id, "owner");
  const admin = await personSession(db, `admin${suffix}@example.com`, [], true);
  const revoked = await owner.open();
  await endSession(db.prisma, revoked);
  // Opened two hours ago for one hour: its row exists, its expiry has passed.
  const expired = await owner.open({ now: new Date(Date.now() - 2 * HOUR), ttlMs: HOUR });
  const keyB = await createApiKey(
    db.prisma,
    { name: `key-b${suffix}`, scopes: ["admin"], projectId: b.id },
    "system:authz-matrix",
  );
  const setupA = await createApiKey(
    db.prisma,
    { name: `setup-a${suffix}`, scopes: ["admin"], projectId: a.id },
    "system:authz-matrix",
  );
  return {
    projectA: { id: a.id, name: a.name },
    projectB: { id: b.id, name: b.name },
    setupKeyA: setupA.token,
    credentials: {
      anonymous: {},
      viewerA: { cookie: await viewer.open() },
      editorA: { cookie: await editor.open() },
      ownerA: { cookie: await owner.open() },
      ownerB: { cookie: await ownerB.open() },
      admin: { cookie: await admin.open() },
      revokedSession: { cookie: revoked },
      expiredSession: { cookie: expired },
      keyB: { bearer: keyB.token },
    },
  };
}
