// GET /api/v1/alerts/:id — one alert with its evidence and the notifications it caused
import { apiRoute } from "@/lib/api/route-handler";
import { getAlertDetail } from "@/lib/alerts/lifecycle/get-alert-detail";

export const GET = apiRoute<{ id: string }>({ scope: "read" }, async ({ db, params }) => getAlertDetail(db.prisma, params.id));
