import "server-only";
import fs from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config/load-config";

let cached: Buffer | undefined;

/**
 * The 256-bit key that encrypts destination secrets: derived from TIDEMARK_SECRET_KEY when set
 * (needed when several machines share one Postgres), else from a random key created once in the
 * data folder, so secrets stay readable across restarts.
 */
export function getSecretKey(): Buffer {
  if (cached) return cached;
  const config = getConfig();
  let material = config.TIDEMARK_SECRET_KEY;
  if (!material) {
    const file = path.resolve(config.TIDEMARK_DATA_DIR, "secret-key");
    try {
      material = fs.readFileSync(file, "utf8").trim();
    } catch {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fresh = randomBytes(32).toString("base64url");
      try {
        fs.writeFileSync(file, fresh, { flag: "wx", mode: 0o600 });
        material = fresh;
      } catch {
        // Another process wrote it first: use theirs.
        material = fs.readFileSync(file, "utf8").trim();
      }
    }
  }
  // Any string of 32+ characters becomes a uniform 32-byte key.
  cached = createHash("sha256").update(`tidemark-secret-key:${material}`).digest();
  return cached;
}
