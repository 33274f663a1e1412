import http from "node:http";
import type net from "node:net";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** A method, a path pattern whose named groups are the route params, and the route's handler. */
export type RouteEntry = { method: string; path: RegExp; handler: Handler };

/**
 * A real HTTP server on loopback whose requests go to the given route handlers exactly as Next.js
 * calls them, for commands that talk to a server (`--server URL`). Answers 404 to anything else.
 */
export async function startRouteServer(routes: RouteEntry[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const route = routes.find((r) => r.method === req.method && r.path.test(pathname));
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const params = Object.fromEntries(
      Object.entries(route.path.exec(pathname)?.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: hasBody ? Buffer.concat(chunks) : undefined,
    });
    const response = await route.handler(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
