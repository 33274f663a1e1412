import fs from "node:fs";
import path from "node:path";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** A URL the app answers, as its folder spells it (`/api/v1/models/[name]`), and its methods. */
export type AppRoute = { pattern: string; kind: "page" | "route"; methods: HttpMethod[] };

/**
 * Every page and route handler under app/, read from the file tree the way Next.js routes it:
 * route groups `(x)` add no segment, `[x]` is a parameter. A page answers GET and POST; a route.ts
 * answers the methods it exports.
 */
export function discoverAppRoutes(appDir: string): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue;
        walk(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) {
        // A page also takes POSTs: server actions, and forms submitted without JavaScript.
        routes.push({ pattern: `/${segments.join("/")}`, kind: "page", methods: ["GET", "POST"] });
      } else if (/^route\.(ts|js)$/.test(entry.name)) {
        const source = fs.readFileSync(full, "utf8");
        const methods = METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(source));
        routes.push({ pattern: `/${segments.join("/")}`, kind: "route", methods });
      }
    }
  };
  walk(appDir, []);
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The parameters of a pattern, in order: `/models/[name]/versions/[version]` → name, version; `/api/[...path]` → ...path. */
export function patternParams(pattern: string): string[] {
  return [...pattern.matchAll(/\[((?:\.\.\.)?\w+)\]/g)].map((m) => m[1]);
}
