// Runs once when the Next.js server starts: checks the configuration (exiting with every problem
// listed) and opens the database, applying committed migrations, before the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfigOrExit } = await import("@/lib/config/load-config");
  getConfigOrExit();
  const { getDatabase } = await import("@/lib/db/get-database");
  try {
    await getDatabase();
  } catch (error) {
    console.error(`[tidemark] could not open the database: ${(error as Error).message}`);
    process.exit(1);
  }
}
