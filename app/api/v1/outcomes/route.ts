// POST /api/v1/outcomes — ground truth for earlier predictions, up to 10,000 per request, per-item results.
// `npm start` answers this path in its data plane without Next.js; this route serves `next dev`.
import { ingestOutcomesHandler } from "@/lib/server/handlers/data-plane-handlers";

export const POST = ingestOutcomesHandler;
