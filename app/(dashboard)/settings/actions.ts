"use server";
import { z } from "zod";
import { adminAction, formText, type ActionState } from "@/lib/api/admin-action";
import { createApiKey, createKeySchema, revokeApiKey } from "@/lib/auth/manage-api-keys";
import { revokeSession, sessionIdSchema } from "@/lib/auth/session-store";

// Key and session management from Settings, through adminAction like every dashboard mutation.

export type KeyFormState = ActionState & { token?: string; name?: string };

const SETTINGS = () => "/settings";

export const createKeyAction = adminAction(
  {
    schema: createKeySchema,
    read: (form) => ({ name: formText(form, "name"), scopes: form.getAll("scopes").map(String) }),
    revalidate: SETTINGS,
  },
  async ({ db, input, actor }): Promise<KeyFormState> => {
    const { token, key } = await createApiKey(db.prisma, input, actor);
    return { token, name: key.name };
  },
);

export const revokeKeyAction = adminAction(
  { schema: z.object({ name: z.string() }), read: (form) => ({ name: String(form.get("name")) }), revalidate: SETTINGS },
  async ({ db, input, actor }): Promise<KeyFormState> => {
    await revokeApiKey(db, input.name, actor);
    return {};
  },
);

export const revokeSessionAction = adminAction(
  { schema: z.object({ id: sessionIdSchema }), read: (form) => ({ id: form.get("id") }), revalidate: SETTINGS },
  async ({ db, input, actor }): Promise<KeyFormState> => {
    await revokeSession(db.prisma, { id: input.id, actor });
    return {};
  },
);
