type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export type CallOptions<P> = {
  method?: string;
  path?: string;
  params?: P;
  key?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
};

/** Calls a route handler exactly as Next.js does: a Request and a promise of the route params. */
export async function callRoute<P>(handler: Handler<P>, options: CallOptions<P> = {}) {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  let body = options.body;
  if (options.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.json);
  }
  const request = new Request(`http://localhost${options.path ?? "/"}`, { method: options.method ?? "POST", headers, body });
  const response = await handler(request, { params: Promise.resolve((options.params ?? {}) as P) });
  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status, json, headers: response.headers };
}
