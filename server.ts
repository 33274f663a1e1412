// `npm start`: one process, one port. The data plane (predict, ingestion, the Open Inference
// Protocol, metrics) is answered by lib handlers on a plain node:http server; every other path
// goes to Next.js's request handler. With TIDEMARK_ROLE=inference (or --inference-only) there is
// no Next.js and no scheduler: a replica to scale predictions out. Run with
// `node --require bin/http-timeouts.cjs --conditions=react-server --import tsx server.ts`; a replica
// (`npm run start:replica`) with `--require tsx/cjs` instead: tsx's require hook alone, without the
// worker thread (and its ~20 MB V8 heap) that its ESM hooks run in. Only the full server
// `import()`s a .ts module (instrumentation.ts); lib's lazy imports are of packages.
import http from "node:http";
import path from "node:path";
import { getConfigOrExit } from "@/lib/config/load-config";
import { dataPlaneListener, type Fallback } from "@/lib/server/data-plane";
import { parseServeArgs } from "@/lib/server/serve-args";
import { startServer } from "@/lib/server/start-server";
import { register } from "./instrumentation";

async function main() {
  const args = parseServeArgs(process.argv.slice(2), process.env);
  if (args.inferenceOnly) process.env.TIDEMARK_ROLE = "inference";
  const config = getConfigOrExit();
  const inferenceOnly = config.TIDEMARK_ROLE === "inference";
  let fallback: Fallback | null = null;
  if (inferenceOnly) {
    // Next.js's instrumentation does this for the full server; a replica never runs the scheduler.
    await startServer();
  } else {
    const { default: next } = await import("next");
    const app = next({ dev: false, dir: path.resolve(__dirname), hostname: args.hostname, port: args.port });
    await app.prepare();
    // Next.js runs its instrumentation hook at its first request; the data plane may come first,
    // and a bad setting or database must stop the start, so it runs now (once per process).
    await register();
    const handle = app.getRequestHandler();
    fallback = (req, res) => handle(req, res);
  }
  // bin/http-timeouts.cjs, preloaded, gives this server its header and request timeouts.
  const server = http.createServer(dataPlaneListener(fallback));
  server.listen(args.port, args.hostname, () => {
    const { port } = server.address() as { port: number };
    console.log(`[tidemark] ${inferenceOnly ? "inference-only replica" : "server"} listening on http://${args.hostname}:${port}`);
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => server.close(() => process.exit(0)));
  }
}

void main().catch((error) => {
  console.error("[tidemark] could not start:", error);
  process.exit(1);
});
