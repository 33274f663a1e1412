// The monitoring scheduler: one node-cron task per model and job, on the model's schedules
// (defaults: profiles at minute 5, drift at minute 10 of every hour). It only schedules: each tick
// calls the job function, which does its own locking and run recording, so several scheduler
// processes on one Postgres never run the same unit twice. A failing job is logged and recorded
// and touches no other task.
import cron, { type ScheduledTask } from "node-cron";
import type { Database } from "@/lib/db/open-database";
import { JOB_NAMES, type JobName } from "@/lib/jobs/job-names";
import { onSchedulesChanged } from "@/lib/jobs/schedule-changes";
import { parseStoredSettings } from "@/lib/monitoring/monitored-versions";
import { JOBS, type Job } from "../job-registry";
import { DELIVERY_SCHEDULE, runAlertDelivery } from "../alerts/delivery-job";

export type SchedulerOptions = {
  getDatabase: () => Promise<Database>;
  /** The job functions; the real ones unless a test needs a job that fails on purpose. */
  jobs?: Record<JobName, Job>;
  /** How often models and their schedules are re-read, so new models and changed schedules apply. */
  refreshMs?: number;
  /**
   * Ticks running at once; the rest wait their turn. A run holds a pooled connection for its lock
   * and uses others for its queries, so many models falling due in the same minute must not take
   * more connections than the pool has.
   */
  maxConcurrentTicks?: number;
  log?: (message: string) => void;
};

export type Scheduler = {
  /** Re-reads models and schedules now. */
  refresh(): Promise<void>;
  /** The scheduled tasks: "job:model" → cron expression. */
  schedules(): Record<string, string>;
  /** Stops scheduling and waits for ticks in progress. */
  stop(): Promise<void>;
};

export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const jobs = options.jobs ?? JOBS;
  const log = options.log ?? ((message: string) => console.log(`[tidemark] ${message}`));
  const tasks = new Map<string, { expression: string; task: ScheduledTask }>();
  const running = new Set<Promise<void>>();
  let stopped = false;
  const { acquire, release } = tickSlots(options.maxConcurrentTicks ?? 2);

  const tick = (job: JobName, model: string) => {
    const work = (async () => {
      await acquire();
      try {
        if (stopped) return;
        const db = await options.getDatabase();
        const outcomes = await jobs[job](db, { model, trigger: "schedule" });
        // A unit another process (or tick) holds is "busy": it did not run here, so it is not counted as a run.
        const ran = outcomes.filter((o) => o.status !== "busy");
        const failed = ran.filter((o) => o.status === "failed");
        const busy = outcomes.length - ran.length;
        if (ran.length)
          log(
            `${job} ${model}: ${ran.length} run(s)${failed.length ? `, ${failed.length} failed` : ""}${busy ? `, ${busy} busy elsewhere` : ""}`,
          );
      } catch (error) {
        // Reaches here only when the job could not start (model gone, database down): runs that
        // started are already recorded as failed by the job itself.
        log(`${job} ${model} could not run: ${(error as Error).message}`);
      } finally {
        release();
      }
    })();
    running.add(work);
    return work.finally(() => running.delete(work));
  };

  const refresh = async () => {
    if (stopped) return;
    const wanted = await wantedSchedules(await options.getDatabase(), log);
    for (const [key, entry] of tasks) {
      if (wanted.get(key)?.expression !== entry.expression) {
        await entry.task.destroy();
        tasks.delete(key);
      }
    }
    for (const [key, { expression, job, model }] of wanted) {
      if (tasks.has(key)) continue;
      // noOverlap: a tick still running when the next one is due is not started twice.
      const task = cron.schedule(expression, () => tick(job, model), { name: `tidemark:${key}`, noOverlap: true });
      tasks.set(key, { expression, task });
    }
  };

  await refresh();
  // Alert delivery is not per model: one task sends whatever the outbox holds that is due.
  const delivery = cron.schedule(
    DELIVERY_SCHEDULE,
    () => {
      const work = (async () => {
        try {
          const sent = await runAlertDelivery(await options.getDatabase());
          if (sent.attempted) log(`alert delivery: ${sent.delivered} delivered, ${sent.retrying} to retry, ${sent.dead} dead`);
        } catch (error) {
          log(`alert delivery could not run: ${(error as Error).message}`);
        }
      })();
      running.add(work);
      return work.finally(() => running.delete(work));
    },
    { name: "tidemark:alert-delivery", noOverlap: true },
  );
  const timer = setInterval(
    () => refresh().catch((error) => log(`could not refresh schedules: ${(error as Error).message}`)),
    options.refreshMs ?? 60_000,
  );
  timer.unref();
  const unsubscribe = onSchedulesChanged(
    () => void refresh().catch((error) => log(`could not refresh schedules: ${(error as Error).message}`)),
  );
  log(`scheduler started: ${tasks.size} task(s)`);
  return {
    refresh,
    schedules: () => Object.fromEntries([...tasks].map(([key, t]) => [key, t.expression])),
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      for (const { task } of tasks.values()) await task.destroy();
      tasks.clear();
      await delivery.destroy();
      await Promise.allSettled([...running]);
    },
  };
}

/** At most `count` ticks at once; the rest wait in arrival order. */
function tickSlots(count: number): { acquire: () => Promise<void>; release: () => void } {
  let free = count;
  const waiting: (() => void)[] = [];
  return {
    acquire: () => {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

type WantedSchedule = { expression: string; job: JobName; model: string };

/** "job:model" → its cron expression, for every job of every model whose monitoring is enabled. */
async function wantedSchedules(db: Database, log: (message: string) => void): Promise<Map<string, WantedSchedule>> {
  const models = await db.prisma.model.findMany({ include: { monitoring: true } });
  const wanted = new Map<string, WantedSchedule>();
  for (const model of models) {
    let settings: ReturnType<typeof parseStoredSettings>;
    try {
      settings = parseStoredSettings(model.monitoring?.settings);
    } catch (error) {
      log(`model ${model.name}: ${(error as Error).message}; not scheduled`);
      continue;
    }
    if (!settings.enabled) continue;
    for (const job of JOB_NAMES)
      wanted.set(`${job}:${model.name}`, { expression: settings.schedules[job], job, model: model.name });
  }
  return wanted;
}
