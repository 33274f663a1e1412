// Runs once when the Next.js server starts (Node.js runtime only): validates the configuration and
// opens the database before the first request, then starts the scheduler when it runs in-process.
// `npm start` (server.ts) calls it before listening; Next.js calls it again at its first request,
// from its own copy of this module, so the flag lives on globalThis.
const holder = globalThis as unknown as { __tidemarkRegistered?: boolean };

export async function register() {
  if (holder.__tidemarkRegistered) return;
  holder.__tidemarkRegistered = true;
  if (process.env.NEXT_RUNTIME === "nodejs" || process.env.NEXT_RUNTIME === undefined) {
    const { startServer } = await import("@/lib/server/start-server");
    const { runScheduler } = await startServer();
    if (runScheduler) {
      const [{ startScheduler }, { getDatabase }] = await Promise.all([
        import("@/jobs/scheduler/scheduler"),
        import("@/lib/db/get-database"),
      ]);
      await startScheduler({ getDatabase });
    }
  }
}
