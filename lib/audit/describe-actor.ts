// How the audit page names an actor (see lib/auth/person-name.ts for the `subject/name` form).

export type ActorLabel = { name: string | null; credential: string };

/** `password:admin/Ada` → Ada, signed in with the admin password; `key:ci` → the key ci. */
export function describeActor(actor: string): ActorLabel {
  const slash = actor.indexOf("/");
  const subject = slash < 0 ? actor : actor.slice(0, slash);
  const name = slash < 0 ? null : actor.slice(slash + 1);
  if (subject === "password:admin") return { name, credential: "admin password" };
  if (subject.startsWith("key:")) return { name, credential: `key ${subject.slice(4)}` };
  return { name, credential: subject };
}

export function actorText(actor: string): string {
  const { name, credential } = describeActor(actor);
  return name ? `${name} (${credential})` : credential;
}
