import { asc, count, desc, eq } from "drizzle-orm";
import { libraryActivities, libraryAdvises, libraryNotices, librarySignups, libraryTrainings, libraryUsers } from "../../db/schema/library";
import type { Db } from "../../env";
import { AppError } from "../../platform/errors";
import type { Page } from "../../platform/paging";

/** What operators publish: the row without its id and bookkeeping; publishTime defaults to now. */
type Published<T extends { $inferInsert: { publishTime: number } }> = Omit<
  T["$inferInsert"],
  "id" | "createdAt" | "updatedAt" | "publishTime"
> & { publishTime?: number };
export type NewNotice = Published<typeof libraryNotices>;
export type NewTraining = Published<typeof libraryTrainings>;
export type NewActivity = Published<typeof libraryActivities>;

/** An event may not end before it starts (checked against the stored times on an edit). */
function inOrder(startTime: number, endTime: number) {
  if (endTime < startTime) throw new AppError("invalid_param", "endTime is before startTime", { field: "endTime", code: "time_order" });
}

const stamped = <T extends { publishTime?: number }>(values: T, now: number) => ({
  ...values,
  publishTime: values.publishTime ?? now,
  createdAt: now,
  updatedAt: now,
});

export async function publishNotice(db: Db, values: NewNotice, now = Date.now()) {
  const [row] = await db.insert(libraryNotices).values(stamped(values, now)).returning();
  return row;
}

/** The edited notice, or undefined when there is none with this id. */
export async function editNotice(db: Db, id: number, changes: Partial<NewNotice>, now = Date.now()) {
  const [row] = await db
    .update(libraryNotices)
    .set({ ...changes, updatedAt: now })
    .where(eq(libraryNotices.id, id))
    .returning();
  return row;
}

export async function withdrawNotice(db: Db, id: number) {
  const rows = await db.delete(libraryNotices).where(eq(libraryNotices.id, id)).returning({ id: libraryNotices.id });
  return rows.length > 0;
}

export async function publishTraining(db: Db, values: NewTraining, now = Date.now()) {
  inOrder(values.startTime, values.endTime);
  const [row] = await db.insert(libraryTrainings).values(stamped(values, now)).returning();
  return row;
}

export async function editTraining(db: Db, id: number, changes: Partial<NewTraining>, now = Date.now()) {
  const current = await db.query.libraryTrainings.findFirst({ where: eq(libraryTrainings.id, id) });
  if (!current) return undefined;
  inOrder(changes.startTime ?? current.startTime, changes.endTime ?? current.endTime);
  const [row] = await db
    .update(libraryTrainings)
    .set({ ...changes, updatedAt: now })
    .where(eq(libraryTrainings.id, id))
    .returning();
  return row;
}

export async function withdrawTraining(db: Db, id: number) {
  const rows = await db.delete(libraryTrainings).where(eq(libraryTrainings.id, id)).returning({ id: libraryTrainings.id });
  return rows.length > 0;
}

export async function publishActivity(db: Db, values: NewActivity, now = Date.now()) {
  inOrder(values.startTime, values.endTime);
  const [row] = await db.insert(libraryActivities).values(stamped(values, now)).returning();
  return row;
}

export async function editActivity(db: Db, id: number, changes: Partial<NewActivity>, now = Date.now()) {
  const current = await db.query.libraryActivities.findFirst({ where: eq(libraryActivities.id, id) });
  if (!current) return undefined;
  inOrder(changes.startTime ?? current.startTime, changes.endTime ?? current.endTime);
  const [row] = await db
    .update(libraryActivities)
    .set({ ...changes, updatedAt: now })
    .where(eq(libraryActivities.id, id))
    .returning();
  return row;
}

export async function withdrawActivity(db: Db, id: number) {
  const rows = await db.delete(libraryActivities).where(eq(libraryActivities.id, id)).returning({ id: libraryActivities.id });
  return rows.length > 0;
}

/** Who signed up for a training, in sign-up order. */
export function signupsOf(db: Db, trainingId: number) {
  return db.query.librarySignups.findMany({ where: eq(librarySignups.trainingId, trainingId), orderBy: [asc(librarySignups.id)] });
}

/** A training and one page of its sign-ups (in sign-up order, with the user's library account) and their count; one round trip. */
export async function signupPage(db: Db, trainingId: number, page: Page) {
  const where = eq(librarySignups.trainingId, trainingId);
  const [trainings, rows, [{ total }]] = await db.batch([
    db.select().from(libraryTrainings).where(eq(libraryTrainings.id, trainingId)),
    db
      .select({
        id: librarySignups.id,
        openid: librarySignups.openid,
        remindText: librarySignups.remindText,
        createdAt: librarySignups.createdAt,
        libId: libraryUsers.libId,
        nickName: libraryUsers.nickName,
      })
      .from(librarySignups)
      .leftJoin(libraryUsers, eq(libraryUsers.openid, librarySignups.openid))
      .where(where)
      .orderBy(asc(librarySignups.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: count() }).from(librarySignups).where(where),
  ]);
  return { training: trainings.at(0), total, rows };
}

export const noticeById = (db: Db, id: number) => db.query.libraryNotices.findFirst({ where: eq(libraryNotices.id, id) });
export const trainingById = (db: Db, id: number) => db.query.libraryTrainings.findFirst({ where: eq(libraryTrainings.id, id) });
export const activityById = (db: Db, id: number) => db.query.libraryActivities.findFirst({ where: eq(libraryActivities.id, id) });

/** Complaints as operators read them: newest first by id, unmasked, with the sender. One round trip. */
export async function complaints(db: Db, page: Page) {
  const [rows, [{ total }]] = await db.batch([
    db.select().from(libraryAdvises).orderBy(desc(libraryAdvises.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(libraryAdvises),
  ]);
  return { total, rows };
}
