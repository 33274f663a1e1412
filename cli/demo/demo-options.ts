// `tidemark demo`'s options: one table for parsing, errors and --help. The defaults are applied by
// the command, because the environment (TIDEMARK_DEMO_*) can set them too.
import type { CommandSpec } from "../command-spec";

export const DEMO_COMMAND = {
  name: "demo",
  summary: "A fresh Tidemark on embedded Postgres with a trained model, a day and a half of history and live traffic.",
  usage: ["demo [--fast] [--port N] [--dir DIR]"],
  options: {
    fast: {
      type: "boolean",
      description: "8 hours of history at 250 rows an hour instead of 36 × 400 (also TIDEMARK_DEMO_FAST=1)",
    },
    port: { type: "string", value: "N", description: "the server's port (also TIDEMARK_DEMO_PORT)", default: "3000" },
    dir: {
      type: "string",
      value: "DIR",
      description: "the demo's folder, wiped at each run (also TIDEMARK_DEMO_DIR)",
      default: ".demo",
    },
  },
  notes: ["Ignores DATABASE_URL. Ctrl-C stops the server, the traffic and the webhook receiver."],
  examples: ["npm run demo", "tidemark demo --fast --port 3100"],
  commandAppliesDefaults: true,
} as const satisfies CommandSpec;
