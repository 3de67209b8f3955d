import { and, eq, type SQL } from "drizzle-orm";
import { jhCourseCache } from "../../db/schema/jh";
import type { Bindings, Db } from "../../env";
import { type Binding, STATE, setState, upstreamRefusal } from "./bind";
import type { JhUser } from "./credits";
import { refuse } from "./envelope";
import { MSG } from "./messages";
import { type Course, type JhUpstream, UpstreamUnavailable, type ZfTerm } from "./upstream";
import { unseal } from "./vault";

/**
 * Timetables (`/api/course`), read from 正方 with the student's bound 正方 password and cached per user and term.
 * The refresh rule: a timetable read less than COURSE_FRESH_MS ago is answered from the cache without asking
 * 正方; an older one is read again; when 正方 is unreachable, slow or garbled, the cached one is answered
 * whatever its age (and 正方's error only when nothing is cached).
 */
export const COURSE_FRESH_MS = 6 * 3_600_000;

export type CachedCourses = typeof jhCourseCache.$inferSelect;

export const cachedCourses = (db: Db, userId: number | SQL, term: ZfTerm) =>
  db
    .select()
    .from(jhCourseCache)
    .where(and(eq(jhCourseCache.userId, userId), eq(jhCourseCache.year, term.year), eq(jhCourseCache.term, term.term)))
    .limit(1);

const storeCourses = (db: Db, userId: number, pid: string, term: ZfTerm, courses: Course[], now: number) =>
  db
    .insert(jhCourseCache)
    .values({ userId, year: term.year, term: term.term, pid, courses: JSON.stringify(courses), fetchedAt: now })
    .onConflictDoUpdate({
      target: [jhCourseCache.userId, jhCourseCache.year, jhCourseCache.term],
      set: { pid, courses: JSON.stringify(courses), fetchedAt: now },
    });

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);
const str = (x: unknown) => (typeof x === "string" ? x : "");
const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : 0);

/** A cached list as the reply carries it, rebuilt field by field. */
function cachedList(row: CachedCourses): Course[] {
  const parsed: unknown = JSON.parse(row.courses);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isRecord).map((c) => ({
    name: str(c.name),
    college: str(c.college),
    type: str(c.type),
    teacher: str(c.teacher),
    campus: str(c.campus),
    location: str(c.location),
    weekrange: str(c.weekrange),
    dayofweek: str(c.dayofweek),
    timerange: str(c.timerange),
    classscore: num(c.classscore),
    classhour: num(c.classhour),
  }));
}

/**
 * The caller's timetable for `term`: needs a valid jh binding (请重新绑定精弘账号 without one, as the original answered state 0, or with one no longer valid) and a valid 正方
 * binding of the same student number (你还没有绑定正方 / 请重新绑定正方). 正方 refusing the stored password makes
 * the 正方 binding state 1 (请重新绑定正方).
 */
export async function timetable(
  db: Db,
  env: Bindings,
  upstream: JhUpstream,
  user: JhUser,
  bindings: Binding[],
  cached: CachedCourses | undefined,
  term: ZfTerm,
  now: number,
): Promise<Course[]> {
  const jh = bindings.find((b) => b.bindname === "jh");
  if (!jh || jh.state !== STATE.valid) throw refuse(MSG.rebindJh);
  const zf = bindings.find((b) => b.bindname === "zfedu");
  if (!zf) throw refuse(MSG.noZfBinding);
  if (zf.state !== STATE.valid || zf.pid !== jh.pid) throw refuse(MSG.rebindZf);
  const usable = cached?.pid === zf.pid ? cached : undefined;
  if (usable && now - usable.fetchedAt < COURSE_FRESH_MS) return cachedList(usable);
  const password = await unseal(env, { userId: user.id, bindname: "zfedu", pid: zf.pid }, zf.sealedPassword);
  if (password === null) {
    await setState(db, user.id, "zfedu", STATE.invalid, now);
    throw refuse(MSG.rebindZf);
  }
  let courses: Course[] | null;
  try {
    courses = await upstream.zfCourses(zf.pid, password, term);
  } catch (err) {
    if (!(err instanceof UpstreamUnavailable)) throw err;
    if (usable) return cachedList(usable);
    throw upstreamRefusal(err);
  }
  if (courses === null) {
    await setState(db, user.id, "zfedu", STATE.invalid, now);
    throw refuse(MSG.rebindZf);
  }
  await storeCourses(db, user.id, zf.pid, term, courses, now);
  return courses;
}
