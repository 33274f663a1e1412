import http from "node:http";

export type LoadResult = { requests: number; errors: number; seconds: number; rps: number; p50: number; p99: number };

/**
 * A closed-loop load generator: `concurrency` clients on keep-alive connections, each sending the
 * next request as soon as the previous answer arrives. Latency is measured per request, client-side.
 */
export async function runLoad(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  concurrency: number;
  seconds: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(options.url);
  const latencies: number[] = [];
  let errors = 0;
  let firstError = "";
  const deadline = performance.now() + options.seconds * 1000;
  const one = () =>
    new Promise<number>((resolve) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: "POST",
          headers: { ...options.headers, "content-length": Buffer.byteLength(options.body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          if (res.statusCode === 200) res.resume();
          else res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            if (res.statusCode !== 200 && !firstError) firstError = `${res.statusCode} ${Buffer.concat(chunks).toString()}`;
            resolve(res.statusCode ?? 0);
          });
        },
      );
      req.on("error", (error) => {
        firstError ||= error.message;
        resolve(0);
      });
      req.end(options.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const status = await one();
        if (status === 200) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  // A run whose requests fail measures the error path, not the server: refuse to report it.
  if (errors > 0)
    throw new Error(`${errors} of ${errors + latencies.length} requests to ${options.url} failed; first: ${firstError}`);
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN;
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50: pick(0.5), p99: pick(0.99) };
}

/**
 * An open-loop load: requests leave at a fixed rate whether or not earlier ones have been answered,
 * as independent users arrive, so a slow answer cannot hold the next request back and hide its own
 * delay. Latency counts from when each request was due to leave.
 */
export async function runOpenLoad(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  rate: number;
  seconds: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(options.url);
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(options.rate * options.seconds);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      new Promise<void>((resolve) => {
        const req = http.request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname + target.search,
            method: "POST",
            headers: { ...options.headers, "content-length": Buffer.byteLength(options.body) },
          },
          (res) => {
            res.resume();
            res.on("end", () => {
              if (res.statusCode === 200) latencies.push(performance.now() - due);
              else errors++;
              resolve();
            });
          },
        );
        req.on("error", () => {
          errors++;
          resolve();
        });
        req.end(options.body);
      }),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  if (errors > 0) throw new Error(`${errors} of ${total} requests to ${options.url} failed`);
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50: pick(0.5), p99: pick(0.99) };
}
