// A bare node:http server doing what the Next.js predict route does — authenticate, read JSON,
// validate, run the same ONNX session, log through the same batch writer — without Next.js.
// The benchmark compares the two to show what the framework costs on the hot path.
import http from "node:http";
import { Readable } from "node:stream";
import { getDatabase } from "@/lib/db/get-database";
import { getConfig } from "@/lib/config/load-config";
import { authenticate } from "@/lib/auth/authenticate";
import { readJsonBody } from "@/lib/api/read-json-body";
import { errorResponse } from "@/lib/api/route-handler";
import { predict } from "@/lib/serving/predict";

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const match = /^\/api\/v1\/models\/([^/]+)\/predict$/.exec(new URL(req.url ?? "/", "http://x").pathname);
  let response: Response;
  try {
    if (!match || req.method !== "POST") throw Object.assign(new Error("not found"), { status: 404 });
    const db = await getDatabase();
    const config = getConfig();
    const caller = await authenticate(db.prisma, req.headers.authorization ?? null, "predict");
    const request = new Request("http://x/", {
      method: "POST",
      headers: { "content-length": req.headers["content-length"] ?? "", "content-type": req.headers["content-type"] ?? "" },
      body: Readable.toWeb(req) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    const body = await readJsonBody(request, config.TIDEMARK_MAX_BODY_MB * 1024 * 1024);
    const result = await predict(db, {
      modelName: decodeURIComponent(match[1]),
      selector: {},
      body,
      caller,
      maxRecords: config.TIDEMARK_MAX_BATCH,
      defaultLogMode: config.TIDEMARK_LOG_MODE,
    });
    response = Response.json(result);
  } catch (error) {
    response = errorResponse(error);
  }
  res.writeHead(response.status, { "content-type": "application/json" });
  res.end(await response.text());
}

const port = Number(process.env.PORT ?? 0);
const server = http.createServer((req, res) => void handle(req, res));
server.keepAliveTimeout = 30_000;
getDatabase().then(() =>
  server.listen(port, "127.0.0.1", () => {
    console.log(`listening ${(server.address() as { port: number }).port}`);
  }),
);
