// Who is asking, and what they may do where. A principal is a person signed in to the dashboard
// or an API key; both come down to the same question, `can(principal, projectId, permission)`,
// so routes, pages, server actions, the export and /api/metrics share one rule.
//
// Roles (people, per project):   viewer ⊂ editor ⊂ owner; instance admins hold every permission
// everywhere, and alone manage people and projects.
// Scopes (keys, within the key's project; an instance key's scopes hold in every project):
//   read → read · predict → predict · ingest → ingest · admin → every permission.
import { z } from "zod";

export const PERMISSIONS = ["read", "predict", "ingest", "edit", "own"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["viewer", "editor", "owner"] as const;
export const roleSchema = z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` });
export type Role = z.infer<typeof roleSchema>;

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ["read"],
  // Register versions, ingest, edit monitoring and alert rules, move non-production aliases.
  editor: ["read", "ingest", "edit"],
  // Production promotion and forced overrides, members, keys, destinations; predict for testing.
  owner: PERMISSIONS,
};

const SCOPE_PERMISSIONS: Record<string, readonly Permission[]> = {
  read: ["read"],
  predict: ["predict"],
  ingest: ["ingest"],
  admin: PERMISSIONS,
};

export type Principal = {
  kind: "user" | "key";
  /** The user's or the key's id. */
  id: string;
  /** How the audit trail names it: `user:<email>` or `key:<name>`. */
  actor: string;
  /** An instance admin (a person so marked, or an instance key with the admin scope). */
  isAdmin: boolean;
  /** Permissions in every project (an instance admin, an instance key). */
  everywhere: ReadonlySet<Permission>;
  /** Permissions per project id. */
  projects: ReadonlyMap<string, ReadonlySet<Permission>>;
};

export function permissionsOfRole(role: Role): ReadonlySet<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}

export function permissionsOfScopes(scopes: readonly string[]): ReadonlySet<Permission> {
  return new Set(scopes.flatMap((scope) => SCOPE_PERMISSIONS[scope] ?? []));
}

export function keyPrincipal(key: { id: string; name: string; scopes: readonly string[]; projectId: string | null }): Principal {
  const granted = permissionsOfScopes(key.scopes);
  const instance = key.projectId === null;
  return {
    kind: "key",
    id: key.id,
    actor: `key:${key.name}`,
    isAdmin: instance && key.scopes.includes("admin"),
    everywhere: instance ? granted : new Set(),
    projects: instance ? new Map() : new Map([[key.projectId as string, granted]]),
  };
}

export function userPrincipal(user: {
  id: string;
  email: string;
  isAdmin: boolean;
  memberships: readonly { projectId: string; role: Role }[];
}): Principal {
  return {
    kind: "user",
    id: user.id,
    actor: `user:${user.email}`,
    isAdmin: user.isAdmin,
    everywhere: user.isAdmin ? new Set(PERMISSIONS) : new Set(),
    projects: new Map(user.memberships.map((m) => [m.projectId, permissionsOfRole(m.role)])),
  };
}

/** May the principal do this in this project? */
export function can(principal: Principal, projectId: string, permission: Permission): boolean {
  return principal.everywhere.has(permission) || (principal.projects.get(projectId)?.has(permission) ?? false);
}

/** May the principal know the project's things exist? Any permission there lets it see them. */
export function canSee(principal: Principal, projectId: string): boolean {
  return principal.everywhere.size > 0 || (principal.projects.get(projectId)?.size ?? 0) > 0;
}

/** The projects whose things the principal may see: every one, or these ids. */
export function visibleProjectIds(principal: Principal): "all" | string[] {
  if (principal.everywhere.size > 0) return "all";
  return [...principal.projects].filter(([, granted]) => granted.size > 0).map(([id]) => id);
}

/** The projects in which the principal holds this permission: every one, or these ids. */
export function projectsWhere(principal: Principal, permission: Permission): "all" | string[] {
  if (principal.everywhere.has(permission)) return "all";
  return [...principal.projects].filter(([, granted]) => granted.has(permission)).map(([id]) => id);
}
