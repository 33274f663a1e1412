import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Tidemark's version from package.json, recorded in every run's lineage. */
export function toolVersion(): string {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../package.json");
  const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name: string; version: string };
  return `${pkg.name}@${pkg.version}`;
}
