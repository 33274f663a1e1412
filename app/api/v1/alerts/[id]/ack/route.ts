// POST /api/v1/alerts/:id/ack — acknowledge an open alert (admin)
import { apiRoute } from "@/lib/api/route-handler";
import { acknowledgeAlert } from "@/lib/alerts/lifecycle/acknowledge-alert";

export const POST = apiRoute<{ id: string }>({ scope: "admin" }, async ({ db, params, actor }) =>
  acknowledgeAlert(db, { id: params.id, actor }),
);
