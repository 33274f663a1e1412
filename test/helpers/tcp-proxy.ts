import net from "node:net";

/**
 * A loopback TCP proxy in front of Postgres that a test can cut and restore, to play "the
 * database went away" without touching the real server.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let up = true;
  let stalled = false;
  const server = net.createServer((client) => {
    client.on("error", () => {});
    if (!up) {
      client.destroy();
      return;
    }
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    // A stalled proxy accepts connections and then says nothing, like a hung network path.
    if (stalled) return;
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on("error", () => {});
    upstream.on("close", () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    /** Connections stay open but carry nothing, in either direction. */
    stall() {
      stalled = true;
      for (const s of sockets) s.pause();
    },
    restore() {
      up = true;
      stalled = false;
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        up = false;
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
