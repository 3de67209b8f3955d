import { and, eq } from "drizzle-orm";
import { librarySignups, libraryTrainings } from "../../db/schema/library";
import type { Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import { toHex } from "../../platform/encoding";
import { invalidParam } from "../../platform/errors";
import { cancelReminders, scheduleReminder } from "../../platform/reminders";
import { formatDate, formatDateTime, parseLocal } from "../../platform/time";
import { wechatAppOf } from "../../platform/wechat/client";
import { refuse } from "./envelope";
import { SURFACE } from "./name";

/** Reminders are accepted only for events within this window ("只接受7天内的推送请求"). */
export const WINDOW_MS = 7 * 86_400_000;
/** A training reminder goes out this long before the start. */
export const TRAINING_LEAD_MS = 60 * 60_000;
const DAY = 86_400_000;

/** WeChat's `thing` values hold at most 20 characters. */
export const thing = (s: string) => [...s.trim()].slice(0, 20).join("") || "-";

const offsetOf = (env: Bindings) => config(env).LOCAL_UTC_OFFSET;

function template(env: Bindings, name: "LIBRARY_TRAINING_TEMPLATE_ID" | "LIBRARY_BOOK_TEMPLATE_ID") {
  const id = config(env)[name];
  if (!id) throw refuse("REMINDER_UNAVAILABLE", "提醒服务未配置");
  return id;
}

/** Who a library reminder goes to, and through which template and app. */
const addressed = (env: Bindings, openid: string, templateId: string, page?: string) => ({
  surface: SURFACE,
  appid: wechatAppOf(env, "LIBRARY").appid,
  openid,
  templateId,
  page: page ?? null,
});

const trainingKey = (signupId: number) => `library:training:${signupId}`;

/** Signs the user up for a training starting within 7 days and schedules the subscribe message. Idempotent. */
export async function addTrainingReminder(
  db: Db,
  env: Bindings,
  openid: string,
  req: { trainId: number; page?: string; remindText?: string },
  now = Date.now(),
) {
  const training = await db.query.libraryTrainings.findFirst({ where: eq(libraryTrainings.id, req.trainId) });
  if (!training) throw refuse("TRAINING_NOT_FOUND", "培训不存在");
  if (training.startTime <= now || training.startTime - now > WINDOW_MS) throw refuse("OUT_OF_RANGE", "只接受7天内的提醒");
  const templateId = template(env, "LIBRARY_TRAINING_TEMPLATE_ID");
  const remindText = req.remindText ?? "";
  await db.insert(librarySignups).values({ openid, trainingId: training.id, remindText, createdAt: now }).onConflictDoNothing();
  const signup = await db.query.librarySignups.findFirst({
    where: and(eq(librarySignups.openid, openid), eq(librarySignups.trainingId, training.id)),
  });
  if (!signup) throw new Error("sign-up vanished while being created");
  const offset = offsetOf(env);
  await scheduleReminder(
    db,
    {
      ...addressed(env, openid, templateId, req.page),
      data: {
        thing1: { value: thing(training.title) },
        time2: { value: formatDateTime(training.startTime, offset).slice(0, 16) },
        thing3: { value: thing(training.place) },
        thing4: { value: thing(signup.remindText || "培训即将开始") },
      },
      sendAt: Math.max(now, training.startTime - TRAINING_LEAD_MS),
      dedupeKey: trainingKey(signup.id),
    },
    now,
  );
}

/** Withdraws the user's own sign-up and its pending reminder. */
export async function cancelTrainingReminder(db: Db, openid: string, trainId: number, now = Date.now()) {
  const removed = await db
    .delete(librarySignups)
    .where(and(eq(librarySignups.openid, openid), eq(librarySignups.trainingId, trainId)))
    .returning({ id: librarySignups.id });
  if (removed.length === 0) throw refuse("NOT_SIGNED_UP", "未预约该培训");
  await cancelReminders(db, [trainingKey(removed[0].id)], now);
}

/** Schedules a due-date reminder for a book due within 7 days: at 09:00 the day before, or now if that has passed. */
export async function addBookReminder(
  db: Db,
  env: Bindings,
  openid: string,
  req: { bookName: string; borrowTime: string; expiredTime: string; page?: string },
  now = Date.now(),
) {
  const offset = offsetOf(env);
  const expires = parseLocal(req.expiredTime, offset);
  const borrowed = parseLocal(req.borrowTime, offset);
  if (expires === null) throw invalidParam("expiredTime", "expiredTime is not a date");
  if (borrowed === null || borrowed > expires) throw invalidParam("borrowTime", "borrowTime is not a date before expiredTime");
  const today = parseLocal(formatDate(now, offset), offset)!;
  if (expires < today || expires - today > WINDOW_MS) throw refuse("OUT_OF_RANGE", "只接受7天内的提醒");
  const templateId = template(env, "LIBRARY_BOOK_TEMPLATE_ID");
  const digest = toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(req.bookName))).slice(0, 16);
  const { created } = await scheduleReminder(
    db,
    {
      ...addressed(env, openid, templateId, req.page),
      data: {
        thing1: { value: thing(req.bookName) },
        date2: { value: req.borrowTime },
        date3: { value: req.expiredTime },
        thing4: { value: "即将到期，请及时归还或续借" },
      },
      sendAt: Math.max(now, expires - DAY + 9 * 3_600_000),
      dedupeKey: `library:book:${openid}:${req.expiredTime}:${digest}`,
    },
    now,
  );
  return created;
}
