import { consoleCron } from "./console/cron";
import type { Bindings } from "./env";
import { housekeeping } from "./housekeeping";
import { reminderCron } from "./reminders";

/**
 * Every cron tick: the reminder scan and the housekeeping side by side, then the console's record of the
 * scan and its daily rollup (which never throws). A scan failure is rethrown after the record is kept, so
 * the tick shows as failed in Workers Logs (housekeeping logs its own failures and goes on).
 */
export async function cronTick(env: Bindings): Promise<void> {
  const startedAt = Date.now();
  const [scan, chores] = await Promise.allSettled([reminderCron(env), housekeeping(env)]);
  await consoleCron(env, scan, startedAt);
  for (const outcome of [scan, chores]) if (outcome.status === "rejected") throw outcome.reason;
}
