// npm run schema:manifest — regenerates docs/manifest.schema.json from the zod schema.
import fs from "node:fs";
import path from "node:path";
import { manifestJsonSchema } from "@/lib/core/manifest/manifest-json-schema";

const target = path.resolve(__dirname, "../docs/manifest.schema.json");
fs.writeFileSync(target, `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
console.log(`Wrote ${target}`);
