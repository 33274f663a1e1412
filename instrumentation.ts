// Runs once when the Next.js server starts (Node.js runtime only): validates the configuration and
// opens the database before the first request, then starts the scheduler when it runs in-process.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
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
