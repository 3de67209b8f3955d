import { and, asc, count, desc, eq, ne, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerChannels, summerCoupons, summerRemarks, summerStudents, summerUserCoupons, summerUsers } from "../../db/schema/summer";
import type { Db } from "../../env";
import { callerAnd } from "../../platform/caller";
import { summerWrite } from "./call";
import { kv } from "./enums";
import { str } from "./inputs";
import { isoZ, isoZOrNull } from "./present";
import { audit, newestId, notFound } from "./writes";

/** Students' files as staff read them (学生信息): the list, one file with remarks, coupons and channel. */
export interface StudentFilter {
  name?: string | null;
  email?: string | null;
  wechat?: string | null;
}

const contains = (column: SQLWrapper, text: string) => sql`instr(lower(coalesce(${column}, '')), lower(${text})) > 0`;

/** The students a filter keeps: name, email and wechat by substring, ignoring case. */
export function studentsWhere(f: StudentFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.name) conds.push(contains(summerStudents.name, f.name));
  if (f.email) conds.push(contains(summerStudents.email, f.email));
  if (f.wechat) conds.push(contains(summerStudents.wechat, f.wechat));
  return conds.length ? and(...conds) : undefined;
}

/**
 * The student's channel, its columns under names of their own (a student has
 * a name too) for a batch; its first column is its id, so drizzle reads a
 * student without a channel as null.
 */
const channelColumns = () => ({
  id: summerChannels.id,
  name: sql<string>`${summerChannels.name}`.as("channel_name"),
  createdAt: summerChannels.createdAt,
});

/** A page of the students a filter keeps, newest first, with their last login and channel. */
export const studentsPageQuery = (db: Db, where: SQL | undefined, limit: number, offset: number) =>
  db
    .select({
      userId: summerStudents.userId,
      name: summerStudents.name,
      email: summerStudents.email,
      cschool: summerStudents.cschool,
      wechat: summerStudents.wechat,
      firstName: summerStudents.firstName,
      lastName: summerStudents.lastName,
      gender: summerStudents.gender,
      idNumber: summerStudents.idNumber,
      lastLogin: summerUsers.lastLoginAt,
      channel: channelColumns(),
    })
    .from(summerStudents)
    .innerJoin(summerUsers, eq(summerUsers.id, summerStudents.userId))
    .leftJoin(summerChannels, eq(summerChannels.id, summerStudents.channelId))
    .where(where)
    .orderBy(desc(summerStudents.userId))
    .limit(limit)
    .offset(offset);

/** The student's file with its channel. */
export const studentsCountQuery = (db: Db, where: SQL | undefined) => db.select({ total: count() }).from(summerStudents).where(where);

export const studentFileQuery = (db: Db, userId: number) =>
  db
    .select({
      userId: summerStudents.userId,
      name: summerStudents.name,
      email: summerStudents.email,
      firstName: summerStudents.firstName,
      lastName: summerStudents.lastName,
      gender: summerStudents.gender,
      idNumber: summerStudents.idNumber,
      wechat: summerStudents.wechat,
      cschool: summerStudents.cschool,
      major: summerStudents.major,
      graduateYear: summerStudents.graduateYear,
      gpa: summerStudents.gpa,
      channel: channelColumns(),
    })
    .from(summerStudents)
    .leftJoin(summerChannels, eq(summerChannels.id, summerStudents.channelId))
    .where(eq(summerStudents.userId, userId));

/** The student's id while they exist (a write about them checks it first). */
export const studentExistsQuery = (db: Db, userId: number) =>
  db.select({ id: summerStudents.userId }).from(summerStudents).where(eq(summerStudents.userId, userId));

/** The other students who gave the same ID number as the student (a number is not unique: staff judge). */
export const sameIdNumberQuery = (db: Db, userId: number) => {
  const theirs = db.select({ idNumber: summerStudents.idNumber }).from(summerStudents).where(eq(summerStudents.userId, userId));
  return db
    .select({ userId: summerStudents.userId, name: summerStudents.name })
    .from(summerStudents)
    .where(and(eq(summerStudents.idNumber, theirs), ne(summerStudents.userId, userId)))
    .orderBy(asc(summerStudents.userId));
};

export const remarksQuery = (db: Db, userId: number) =>
  db.select().from(summerRemarks).where(eq(summerRemarks.userId, userId)).orderBy(asc(summerRemarks.id));

/** The coupons given to the student. */
export const studentCouponsQuery = (db: Db, userId: number) =>
  db
    .select({
      id: summerCoupons.id,
      info: summerCoupons.info,
      startTime: summerCoupons.startTime,
      endTime: summerCoupons.endTime,
      couponCode: summerCoupons.couponCode,
    })
    .from(summerUserCoupons)
    .innerJoin(summerCoupons, eq(summerCoupons.id, summerUserCoupons.couponId))
    .where(eq(summerUserCoupons.userId, userId))
    .orderBy(asc(summerCoupons.id));

type Channel = { id: number; name: string; createdAt: number } | null;
type StudentFile = Awaited<ReturnType<typeof studentFileQuery>>[number];
type ListedStudent = Awaited<ReturnType<typeof studentsPageQuery>>[number];
type Remark = typeof summerRemarks.$inferSelect;
type Coupon = Awaited<ReturnType<typeof studentCouponsQuery>>[number];
type Namesake = Awaited<ReturnType<typeof sameIdNumberQuery>>[number];

const hasFile = (s: Pick<StudentFile, "firstName" | "lastName" | "gender" | "idNumber">) =>
  Boolean(s.firstName && s.lastName && s.gender && s.idNumber);
const presentChannel = (ch: Channel) => (ch ? { id: ch.id, name: ch.name, create_time: isoZ(ch.createdAt) } : null);
export const presentRemark = (r: Pick<Remark, "id" | "remark" | "createdAt">) => ({
  id: r.id,
  remark: r.remark,
  create_time: isoZ(r.createdAt),
});

export const presentListedStudent = (s: ListedStudent) => ({
  user_id: s.userId,
  name: s.name,
  email: s.email,
  cschool: s.cschool,
  last_login: isoZOrNull(s.lastLogin),
  wechat: s.wechat,
  personal_file: hasFile(s) ? "已建档" : "未建档",
  channel: presentChannel(s.channel),
});

export const presentStudentFile = (s: StudentFile, remarks: Remark[], coupons: Coupon[], sameIdNumber: Namesake[]) => ({
  user_id: s.userId,
  name: s.name,
  email: s.email,
  first_name: s.firstName,
  last_name: s.lastName,
  gender: kv("user_info_gender", s.gender),
  id_number: s.idNumber,
  wechat: s.wechat,
  cschool: s.cschool,
  major: s.major,
  graduate_year: s.graduateYear,
  gpa: s.gpa,
  user_info_remark: remarks.map(presentRemark),
  user_coupon: coupons.map((coupon) => ({
    user: s.userId,
    id: coupon.id,
    info: coupon.info,
    start_time: isoZ(coupon.startTime),
    end_time: isoZ(coupon.endTime),
    coupon_code: coupon.couponCode,
  })),
  channel: presentChannel(s.channel),
  same_id_number: sameIdNumber.map((o) => ({ user_id: o.userId, name: o.name })),
});

/** Adds a staff remark to a student. */
export const addRemark = summerWrite("students", v.object({ remark: str(255) }), async (call, { remark }, userId: number) => {
  const db = call.var.db;
  const [me, [student]] = await callerAnd(call, studentExistsQuery(db, userId));
  if (!student) throw notFound();
  const [[row]] = await db.batch([
    db.insert(summerRemarks).values({ userId, staffId: me.id, remark, createdAt: Date.now() }).returning(),
    audit(db, me.id, "create", "remark", newestId(summerRemarks), null, { user: userId, remark }),
  ]);
  return presentRemark(row);
});
