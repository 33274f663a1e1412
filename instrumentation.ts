// Runs once when the Next.js server starts (Node.js runtime only): validates the configuration and
// opens the database before the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/server/start-server");
    await startServer();
  }
}
