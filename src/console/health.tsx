import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import journal from "../../migrations/meta/_journal.json";
import pkg from "../../package.json";
import { consoleCronRuns } from "../db/schema/console";
import type { Db } from "../env";
import { shownCount } from "../platform/console/counts";
import type { ConsoleEnv } from "../platform/console/env";
import { when } from "../platform/console/page";
import { Badge, Facts } from "../platform/console/ui";
import { reminderBacklog } from "../reminders/attention";

/** The health part is shown to those who run the console (`operators`) and the reminder pipeline (`reminders`). */
export const HEALTH_PAGES = ["/console/operators", "/console/reminders"];

/** The newest migration this code was built with; `wrangler d1 migrations apply` records each applied one in d1_migrations. */
export const EXPECTED_MIGRATION = `${journal.entries[journal.entries.length - 1].tag}.sql`;

/** The cron runs every minute: a last run older than this means it is not running. */
const CRON_LATE_MS = 3 * 60_000;

/** One row: the newest migration applied, the reminder scan's last run, the queue's backlog (`shown`: else no row). */
export function healthQuery(db: Db, now: number, shown: boolean) {
  const backlog = reminderBacklog(db, now);
  return db
    .select({
      migration: sql<string | null>`(SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1)`.as("migration"),
      migratedAt: sql<string | null>`(SELECT applied_at FROM d1_migrations ORDER BY id DESC LIMIT 1)`.as("migrated_at"),
      queued: backlog.queued.as("backlog_queued"),
      due: backlog.due.as("backlog_due"),
      cron: consoleCronRuns,
    })
    .from(sql`(SELECT 1)`)
    .leftJoin(consoleCronRuns, eq(consoleCronRuns.job, "reminders"))
    .where(shown ? undefined : sql`0`);
}

type Health = Awaited<ReturnType<typeof healthQuery>>[number];

const ago = (ms: number) =>
  ms < 60_000
    ? `${Math.max(0, Math.round(ms / 1000))} 秒前`
    : ms < 3_600_000
      ? `${Math.floor(ms / 60_000)} 分钟前`
      : `${Math.floor(ms / 3_600_000)} 小时前`;

/** The worker, D1, the schema, the cron and the queue, as the page found them. */
export function HealthFacts<E extends ConsoleEnv>({ c, health, d1Ms, now }: { c: Context<E>; health: Health; d1Ms: number; now: number }) {
  const cron = health.cron;
  const upToDate = health.migration === EXPECTED_MIGRATION;
  const late = !cron || now - cron.startedAt > CRON_LATE_MS;
  return (
    <Facts
      items={[
        ["程序版本", <span data-health="version">{pkg.version}</span>],
        [
          "数据库 D1",
          <span data-health="d1">
            <Badge tone="ok">正常</Badge> 本页查询用时 {d1Ms} 毫秒
          </span>,
        ],
        [
          "数据库迁移",
          <span data-health="migration">
            {health.migration ?? "未知"}{" "}
            {upToDate ? <Badge tone="ok">已是最新</Badge> : <Badge tone="bad">{`与程序不符：程序需要 ${EXPECTED_MIGRATION}`}</Badge>}
            {health.migratedAt && <span class="muted">（应用于 {health.migratedAt} UTC）</span>}
          </span>,
        ],
        [
          "定时任务（每分钟）",
          <span data-health="cron">
            {cron ? (
              <>
                上次运行 {when(c, cron.startedAt)}（{ago(now - cron.startedAt)}，用时 {cron.ms} 毫秒）：认领 {cron.claimed} 条，入队{" "}
                {cron.enqueued} 条，重新入队 {cron.requeued} 条，作废 {cron.abandoned} 条{cron.more ? "，还有到期提醒留待下次" : ""}{" "}
              </>
            ) : (
              "还没有运行记录 "
            )}
            {late && <Badge tone="bad">定时任务可能没有运行</Badge>}
            {cron?.error && <Badge tone="bad">{`出错：${cron.error}`}</Badge>}
          </span>,
        ],
        [
          "最近一次入队",
          <span data-health="enqueued">
            {cron?.lastEnqueuedAt ? `${when(c, cron.lastEnqueuedAt)}，${cron.lastEnqueued} 条` : "近期没有入队"}
          </span>,
        ],
        [
          "队列积压",
          <span data-health="backlog">
            已入队待发送 {shownCount(health.queued)} 条，已到期未入队 {shownCount(health.due)} 条{" "}
            {health.due > 0 && late && <Badge tone="bad">有到期提醒未入队</Badge>}
          </span>,
        ],
      ]}
    />
  );
}
