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
  url: a.url,
  startTime: formatDateTime(a.startTime, offset),
  endTime: formatDateTime(a.endTime, offset),
  publishTime: formatDateTime(a.publishTime, offset),
});

/**
 * A complaint's contact (the form asks for 手机号或QQ号, so any text) as the public list shows it: a phone
 * number as 186****0183, anything shorter with at most its first and last character.
 */
export const maskContact = (tel: string) => {
  const chars = [...tel];
  if (chars.length >= 11) return `${chars.slice(0, 3).join("")}****${chars.slice(-4).join("")}`;
  if (chars.length >= 4) return `${chars[0]}****${chars.at(-1)}`;
  return "****";
};

/** A complaint as the public list shows it: the contact masked. */
export const presentAdvise = (a: Advise, offset: string, masked = true) => ({
  id: a.id,
  tel: masked ? maskContact(a.tel) : a.tel,
  contents: a.contents,
  publishTime: formatDateTime(a.publishTime, offset),
});

/** `YYYY-MM-DDTHH:mm:ss+08:00`: how the original server wrote times (the client splits them on `T`). */
export const isoLocal = (ms: number, offset: string) => `${formatDateTime(ms, offset).replace(" ", "T")}${offset}`;

/** A notice as the mini-program reads it: `urlEnable` opens `url`, otherwise `contents` is shown. */
export const noticeReply = (n: Notice, offset: string) => ({
  id: n.id,
  url: n.url,
  urlEnable: Boolean(n.url),
  title: n.title,
  contents: n.content,
  type: n.type,
  publishTime: isoLocal(n.publishTime, offset),
  pub_user: n.author,
});

export const trainingReply = (t: Training, offset: string) => ({
  id: t.id,
  title: t.title,
  contents: t.content,
  type: t.type,
  place: t.place,
  start_time: isoLocal(t.startTime, offset),
  end_time: isoLocal(t.endTime, offset),
  speaker: t.speaker,
  pub_user: "",
});

/** An activity as the discovery page's banner reads it: `img_url` shown, `url` opened on a tap. */
export const activityReply = (a: Activity, offset: string) => ({
  id: a.id,
  url: a.url,
  urlEnable: Boolean(a.url),
  title: a.title,
  contents: a.content,
  publishTime: isoLocal(a.publishTime, offset),
  pub_user: "",
  img_url: a.image ?? "",
  place: a.place,
  start_time: isoLocal(a.startTime, offset),
  end_time: isoLocal(a.endTime, offset),
});

/** A complaint as the original server answered it (never dealt with here: `stats` false); the phone masked in the public list. */
export const adviseReply = (a: Advise, offset: string, masked = true) => ({
  id: a.id,
  contents: a.contents,
  tel: masked ? maskContact(a.tel) : a.tel,
  stats: false,
  solveTime: null,
  result: null,
  publishTime: isoLocal(a.publishTime, offset),
  solve_user: null,
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
      .orderBy(desc(libraryActivities.publishTime), desc(libraryActivities.id))
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
