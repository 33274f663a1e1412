import { vi } from "vitest";
import * as predictRoute from "@/app/api/v1/models/[name]/predict/route";
import { callRoute } from "./call-route";

export const HOUR = 3_600_000;

/**
 * Sends records through the real predict route as if at `hourStart` + evenly spread offsets within
 * the hour (the clock seen by the route is faked; the database's is not).
 */
export async function streamHour(options: {
  model: string;
  key: string;
  hourStart: Date;
  records: Record<string, unknown>[];
  batch?: number;
}) {
  const batch = options.batch ?? 200;
  const batches = Math.ceil(options.records.length / batch);
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    for (let b = 0; b < batches; b++) {
      vi.setSystemTime(new Date(options.hourStart.getTime() + Math.floor(((b + 0.5) * HOUR) / batches)));
      const res = await callRoute(predictRoute.POST, {
        path: `/api/v1/models/${options.model}/predict`,
        params: { name: options.model },
        key: options.key,
        json: { inputs: options.records.slice(b * batch, (b + 1) * batch) },
      });
      if (res.status !== 200) throw new Error(`predict answered ${res.status}: ${JSON.stringify(res.json)}`);
    }
  } finally {
    vi.useRealTimers();
  }
}

/**
 * Rows are read once the database's clock has passed their logged_at by the profile job's safety
 * margin (1 s); waiting that out keeps the tests on the default path.
 */
export const settleLog = () => new Promise((r) => setTimeout(r, 1_100));
