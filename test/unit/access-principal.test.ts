import { describe, expect, it } from "vitest";
import {
  can,
  canSee,
  keyPrincipal,
  PERMISSIONS,
  projectsWhere,
  userPrincipal,
  visibleProjectIds,
} from "@/lib/core/access/principal";

const A = "project-a";
const B = "project-b";

describe("principals: what a person or key may do where", () => {
  it("gives each role exactly its permissions in its own project and nothing elsewhere", () => {
    const person = (role: "viewer" | "editor" | "owner") =>
      userPrincipal({ id: "u", email: "u@x", isAdmin: false, memberships: [{ projectId: A, role }] });
    const granted = (p: ReturnType<typeof person>) => PERMISSIONS.filter((perm) => can(p, A, perm));
    expect(granted(person("viewer"))).toEqual(["read"]);
    expect(granted(person("editor"))).toEqual(["read", "ingest", "edit"]);
    expect(granted(person("owner"))).toEqual(["read", "predict", "ingest", "edit", "own"]);
    for (const role of ["viewer", "editor", "owner"] as const) {
      expect(PERMISSIONS.some((perm) => can(person(role), B, perm))).toBe(false);
      expect(canSee(person(role), B)).toBe(false);
      expect(visibleProjectIds(person(role))).toEqual([A]);
    }
  });

  it("makes an instance admin able to do everything everywhere, and a member only where a member", () => {
    const admin = userPrincipal({ id: "a", email: "a@x", isAdmin: true, memberships: [] });
    expect(PERMISSIONS.every((perm) => can(admin, B, perm))).toBe(true);
    expect(visibleProjectIds(admin)).toBe("all");
    const two = userPrincipal({
      id: "t",
      email: "t@x",
      isAdmin: false,
      memberships: [
        { projectId: A, role: "owner" },
        { projectId: B, role: "viewer" },
      ],
    });
    expect(projectsWhere(two, "own")).toEqual([A]);
    expect([...(projectsWhere(two, "read") as string[])].sort()).toEqual([A, B]);
    expect(two.actor).toBe("user:t@x");
  });

  it("holds a project key's scopes in its project only, and an instance key's everywhere", () => {
    const predictB = keyPrincipal({ id: "k", name: "svc", scopes: ["predict"], projectId: B });
    expect(can(predictB, B, "predict")).toBe(true);
    expect(can(predictB, B, "read")).toBe(false);
    expect(can(predictB, A, "predict")).toBe(false);
    expect(canSee(predictB, A)).toBe(false);
    expect(canSee(predictB, B)).toBe(true);
    expect(predictB.isAdmin).toBe(false);
    const adminB = keyPrincipal({ id: "k2", name: "ops", scopes: ["admin"], projectId: B });
    expect(PERMISSIONS.every((perm) => can(adminB, B, perm))).toBe(true);
    expect(adminB.isAdmin).toBe(false);
    const instance = keyPrincipal({ id: "k3", name: "admin", scopes: ["admin"], projectId: null });
    expect(instance.isAdmin).toBe(true);
    expect(can(instance, A, "own") && can(instance, B, "own")).toBe(true);
    const instanceRead = keyPrincipal({ id: "k4", name: "ro", scopes: ["read"], projectId: null });
    expect(instanceRead.isAdmin).toBe(false);
    expect(visibleProjectIds(instanceRead)).toBe("all");
    expect(can(instanceRead, A, "edit")).toBe(false);
    expect(instanceRead.actor).toBe("key:ro");
  });
});
