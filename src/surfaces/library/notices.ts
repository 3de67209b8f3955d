import { and, count, desc, eq, isNotNull } from "drizzle-orm";
import { libraryActivities, libraryAdvises, libraryNotices, librarySignups, libraryTrainings } from "../../db/schema/library";
import type { Db } from "../../env";
import type { Page } from "../../platform/paging";
import { formatDateTime } from "../../platform/time";

type Notice = typeof libraryNotices.$inferSelect;
type Training = typeof libraryTrainings.$inferSelect;
type Activity = typeof libraryActivities.$inferSelect;
type Advise = typeof libraryAdvises.$inferSelect;

export const presentNotice = (n: Notice, offset: string) => ({
  id: n.id,
  type: n.type,
  title: n.title,
  content: n.content,
  author: n.author,
  url: n.url,
  publishTime: formatDateTime(n.publishTime, offset),
});

export const presentTraining = (t: Training, offset: string) => ({
  id: t.id,
  type: t.type,
  title: t.title,
  content: t.content,
  speaker: t.speaker,
  place: t.place,
  startTime: formatDateTime(t.startTime, offset),
  endTime: formatDateTime(t.endTime, offset),
  publishTime: formatDateTime(t.publishTime, offset),
});

export const presentActivity = (a: Activity, offset: string) => ({
  id: a.id,
  title: a.title,
  content: a.content,
  place: a.place,
  image: a.image,
  startTime: formatDateTime(a.startTime, offset),
  endTime: formatDateTime(a.endTime, offset),
  publishTime: formatDateTime(a.publishTime, offset),
});

/** A complaint as the public list shows it: the phone number masked. */
export const presentAdvise = (a: Advise, offset: string, masked = true) => ({
  id: a.id,
  tel: masked ? a.tel.replace(/^(.{3}).*(.{4})$/, "$1****$2") : a.tel,
  contents: a.contents,
  publishTime: formatDateTime(a.publishTime, offset),
});

export async function listNotices(db: Db, page: Page, type?: Notice["type"]) {
  const where = type ? eq(libraryNotices.type, type) : undefined;
  const [rows, [{ total }]] = await db.batch([
    db
      .select()
      .from(libraryNotices)
      .where(where)
      .orderBy(desc(libraryNotices.publishTime), desc(libraryNotices.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(libraryNotices).where(where),
  ]);
  return { total, rows };
}

/** Trainings, newest first; with `openid`, only those the user signed up for, with the user's remind text. */
export async function listTrainings(db: Db, page: Page, type?: Training["type"], openid?: string) {
  // The user's sign-up of each training (at most one) is joined in, so its remind text comes with the page.
  const mine = and(eq(librarySignups.trainingId, libraryTrainings.id), eq(librarySignups.openid, openid ?? ""));
  const where = and(type ? eq(libraryTrainings.type, type) : undefined, openid ? isNotNull(librarySignups.id) : undefined);
  const [found, [{ total }]] = await db.batch([
    db
      .select({ training: libraryTrainings, remindText: librarySignups.remindText })
      .from(libraryTrainings)
      .leftJoin(librarySignups, mine)
      .where(where)
      .orderBy(desc(libraryTrainings.startTime), desc(libraryTrainings.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(libraryTrainings).leftJoin(librarySignups, mine).where(where),
  ]);
  const rows = found.map((f) => f.training);
  const remind = new Map(found.map((f) => [f.training.id, f.remindText ?? ""]));
  return { total, rows, remind };
}

export async function listActivities(db: Db, page: Page) {
  const [rows, [{ total }]] = await db.batch([
    db
      .select()
      .from(libraryActivities)
      .orderBy(desc(libraryActivities.startTime), desc(libraryActivities.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(libraryActivities),
  ]);
  return { total, rows };
}

export async function listAdvises(db: Db, page: Page) {
  const [rows, [{ total }]] = await db.batch([
    db
      .select()
      .from(libraryAdvises)
      .orderBy(desc(libraryAdvises.publishTime), desc(libraryAdvises.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(libraryAdvises),
  ]);
  return { total, rows };
}

export async function addAdvise(
  db: Db,
  a: { openid: string | null; tel: string; contents: string; publishTime: number },
  now = Date.now(),
) {
  const [row] = await db
    .insert(libraryAdvises)
    .values({ ...a, createdAt: now })
    .returning();
  return row;
}
