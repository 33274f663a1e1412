import { createApiKey, createKeySchema, listApiKeys, revokeApiKey } from "@/lib/auth/manage-api-keys";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { type CommandSpec, parseCommand, usageError } from "./command-spec";
import { localActor, withLocalDatabase } from "./local-database";

export const KEYS_COMMAND = {
  name: "keys",
  summary: "Create, revoke and list API keys in the local database (secrets are shown once, at creation).",
  usage: ["keys create --name NAME --scopes SCOPES", "keys revoke NAME", "keys list"],
  positionals: [
    { name: "create", description: "create a key and print its secret once" },
    { name: "revoke NAME", description: "revoke the key named NAME; requests with it are refused from then on" },
    { name: "list", description: "list the keys with their scopes and state, never their secrets" },
  ],
  options: {
    name: { type: "string", value: "NAME", description: "the new key's name (create)" },
    scopes: {
      type: "string",
      value: "SCOPES",
      description: "comma-separated scopes among predict, ingest, read, admin (create)",
    },
  },
  examples: ["tidemark keys create --name ci --scopes predict,read", "tidemark keys revoke ci", "tidemark keys list"],
} as const satisfies CommandSpec;

export async function runKeysCommand(args: string[]): Promise<void> {
  const parsed = parseCommand(KEYS_COMMAND, args);
  if (!parsed) return;
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  if (sub === "create" && rest.length === 0) {
    if (!values.name || !values.scopes) throw usageError(KEYS_COMMAND, "keys create needs --name and --scopes.");
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
    if (!name || rest.length > 1) throw usageError(KEYS_COMMAND, "keys revoke takes the name of one key.");
    await withLocalDatabase(async (db) => {
      await revokeApiKey(db, name, localActor());
      console.log(`Revoked API key "${name}".`);
    });
    return;
  }
  if (sub === "list" && rest.length === 0) {
    await withLocalDatabase(async (db) => {
      for (const key of await listApiKeys(db)) {
        console.log(`${key.name}\t${key.scopes.join(",")}\t${key.revokedAt ? `revoked ${key.revokedAt}` : "active"}`);
      }
    });
    return;
  }
  throw usageError(KEYS_COMMAND, sub ? `Unknown keys command "${positionals.join(" ")}".` : "Say what to do with keys.");
}
