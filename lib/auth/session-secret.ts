import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config/load-config";

let cached: string | undefined;

/**
 * TIDEMARK_SESSION_SECRET when set (required when several machines serve the dashboard);
 * otherwise a random secret created once in the data folder, so sessions survive restarts.
 */
export function getSessionSecret(): string {
  if (cached) return cached;
  const config = getConfig();
  if (config.TIDEMARK_SESSION_SECRET) return (cached = config.TIDEMARK_SESSION_SECRET);
  const file = path.resolve(config.TIDEMARK_DATA_DIR, "session-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      cached = secret;
    } catch {
      // Another process wrote it first: use theirs.
      cached = fs.readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}
