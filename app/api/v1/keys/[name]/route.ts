// DELETE /api/v1/keys/:name — revoke a key (admin); the record stays for the audit trail
import { apiRoute } from "@/lib/api/route-handler";
import { revokeApiKey } from "@/lib/auth/manage-api-keys";

export const DELETE = apiRoute<{ name: string }>({ scope: "admin" }, async ({ db, params, actor }) =>
  revokeApiKey(db, params.name, actor),
);
