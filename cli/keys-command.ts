import { parseArgs } from "node:util";
import { createApiKey, createKeySchema, listApiKeys, revokeApiKey } from "@/lib/auth/manage-api-keys";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { CliError } from "./cli-error";
import { localActor, withLocalDatabase } from "./local-database";

export async function runKeysCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === "create") {
    const { values } = parseArgs({ args: rest, options: { name: { type: "string" }, scopes: { type: "string" } } });
    if (!values.name || !values.scopes) throw new CliError("Usage: tidemark keys create --name NAME --scopes predict,read");
    await withLocalDatabase(async (db) => {
      const input = parseOrThrow(
        createKeySchema,
        { name: values.name, scopes: values.scopes!.split(",").map((s) => s.trim()) },
        "API key",
      );
      const { token, key } = await createApiKey(db.prisma, input, localActor());
      console.log(`Created API key "${key.name}" with scopes ${key.scopes.join(", ")}.`);
      console.log(`Secret (shown only now; store it safely):\n${token}`);
    });
    return;
  }
  if (sub === "revoke") {
    const name = rest[0];
    if (!name) throw new CliError("Usage: tidemark keys revoke NAME");
    await withLocalDatabase(async (db) => {
      await revokeApiKey(db, name, localActor());
      console.log(`Revoked API key "${name}".`);
    });
    return;
  }
  if (sub === "list") {
    await withLocalDatabase(async (db) => {
      for (const key of await listApiKeys(db)) {
        console.log(`${key.name}\t${key.scopes.join(",")}\t${key.revokedAt ? `revoked ${key.revokedAt}` : "active"}`);
      }
    });
    return;
  }
  throw new CliError("Usage: tidemark keys create|revoke|list …");
}
