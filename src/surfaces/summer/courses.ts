import { and, count, eq, type SQL, sql } from "drizzle-orm";
import * as v from "valibot";
import { summerCourses, summerFiles, summerProjects, summerUserCourses } from "../../db/schema/summer";
import type { Db } from "../../env";
import { params } from "../../platform/params";
import { courseDoc, doc, pageOf as pageDoc } from "./docs";
import { ok } from "./envelope";
import { dropFiles, type FileRow, putFile } from "./files";
import { datetime, id, int, str } from "./inputs";
import { paged, pageOf, pageParam } from "./page";
import { presentCourse } from "./present";
import { courseExtras } from "./read";
import { checkRefs } from "./refs";
import { requireArea } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { SYLLABUS_BODY_CAP, syllabusField } from "./uploads";
import { audit, bad, defined, found, newestId, unique } from "./writes";

/** Courses (课程): list (`?project=`), detail, create and update with the syllabus file. */
const DUPLICATE = "该项目已有相同课程代码的课程。";
const uploadOpts = { maxBodyBytes: SYLLABUS_BODY_CAP, files: true };
const createParams = v.object({
  project: id,
  name: str(30),
  course_code: str(30),
  max_num: int(1, 100_000),
  credit: int(0, 100),
  professor: str(30),
  start_time: datetime,
  end_time: datetime,
  address: str(30),
  syllabus: v.optional(syllabusField),
});
const updateParams = v.object({
  project: v.optional(id),
  name: v.optional(str(30)),
  course_code: v.optional(str(30)),
  max_num: v.optional(int(1, 100_000)),
  credit: v.optional(int(0, 100)),
  professor: v.optional(str(30)),
  start_time: v.optional(datetime),
  end_time: v.optional(datetime),
  address: v.optional(str(30)),
  syllabus: v.optional(syllabusField),
});
const coursePath = "/course/:course_id{[0-9]+}";

export const loadCourse = (db: Db, courseId: number) =>
  db.query.summerCourses.findFirst({ where: eq(summerCourses.id, courseId), ...courseExtras });

const seatsTaken = (courseId: number) => sql`(SELECT count(*) FROM ${summerUserCourses} WHERE ${summerUserCourses.courseId} = ${courseId})`;

function checkTimes(start: number, end: number) {
  if (end < start) throw bad("end_time", "结束时间不能早于开始时间。");
}

export function courseRoutes(app: SummerApp) {
  app.get(
    "/course",
    doc("Courses, 10 a page; `?project=` gives one project's", pageDoc(courseDoc), { who: "a ticket" }),
    requireLogin,
    params(v.object({ page: pageParam, project: v.optional(id) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const where = c.var.params.project === undefined ? undefined : eq(summerCourses.projectId, c.var.params.project);
      const [rows, [{ total }]] = await db.batch([
        db.query.summerCourses.findMany({ where, ...courseExtras, orderBy: (t, { asc }) => [asc(t.id)], limit, offset }),
        db.select({ total: count() }).from(summerCourses).where(where),
      ]);
      return ok(
        c,
        paged(
          c,
          page,
          total,
          rows.map((r) => presentCourse(r, c.req.url)),
        ),
      );
    },
  );

  app.post(
    "/course",
    doc("Create a course; the syllabus is a multipart file (or base64), any type up to 20 MiB", courseDoc, {
      who: "staff: courses (ADMIN, PRODUCT)",
      errors: [`400 ${DUPLICATE}`, "400 project does not exist", "400 a bad syllabus (too big, not base64)"],
    }),
    requireLogin,
    requireArea("courses"),
    params(createParams, "POST", uploadOpts),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      checkTimes(p.start_time, p.end_time);
      await checkRefs(db, [{ field: "project", table: summerProjects, ids: [p.project] }]);
      const file = p.syllabus ? await putFile(c.env, "syllabus", p.syllabus, { ownerId: c.var.user.id }) : null;
      const now = Date.now();
      const values = {
        projectId: p.project,
        courseCode: p.course_code,
        name: p.name,
        maxNum: p.max_num,
        credit: p.credit,
        professor: p.professor,
        startTime: p.start_time,
        endTime: p.end_time,
        address: p.address,
        syllabusFileId: file?.id ?? null,
        createdAt: now,
        updatedAt: now,
      };
      let row: { id: number };
      try {
        [[row]] = await unique("course_code", DUPLICATE, () =>
          db.batch([
            db.insert(summerCourses).values(values).returning({ id: summerCourses.id }),
            ...(file ? [db.insert(summerFiles).values(file)] : []),
            audit(db, c.var.user.id, "create", "course", newestId(summerCourses), null, values),
          ]),
        );
      } catch (err) {
        await dropFiles(c.env, [file?.key]);
        throw err;
      }
      const course = found(await loadCourse(db, row.id));
      return ok(c, presentCourse(course, c.req.url));
    },
  );

  app.get(
    coursePath,
    doc("A course with its seats taken", courseDoc, { who: "a ticket", errors: ["404"] }),
    requireLogin,
    params(v.object({}), "GET"),
    async (c) => {
      const course = found(await loadCourse(c.var.db, Number(c.req.param("course_id"))));
      return ok(c, presentCourse(course, c.req.url));
    },
  );

  app.on(
    ["PUT", "PATCH"],
    coursePath,
    doc("Update a course; a syllabus sent replaces the old file", courseDoc, {
      who: "staff: courses",
      errors: [
        "404",
        `400 ${DUPLICATE}`,
        "400 max_num below the seats already taken",
        "400 project changed while students have chosen the course",
      ],
    }),
    requireLogin,
    requireArea("courses"),
    params(updateParams, "POST", uploadOpts),
    async (c) => {
      const db = c.var.db;
      const courseId = Number(c.req.param("course_id"));
      const p = c.var.params;
      const before = found(await loadCourse(db, courseId));
      checkTimes(p.start_time ?? before.startTime, p.end_time ?? before.endTime);
      if (p.project !== undefined) await checkRefs(db, [{ field: "project", table: summerProjects, ids: [p.project] }]);
      const guards: SQL[] = [];
      if (p.max_num !== undefined) {
        if (p.max_num < before.currentCourseNum) throw bad("max_num", `最大选课人数不能小于当前选课人数（${before.currentCourseNum}）。`);
        guards.push(sql`${seatsTaken(courseId)} <= ${p.max_num}`);
      }
      if (p.project !== undefined && p.project !== before.projectId) {
        if (before.currentCourseNum > 0) throw bad("project", "已有学生选择该课程，不能更换项目。");
        guards.push(sql`${seatsTaken(courseId)} = 0`);
      }
      const file: FileRow | null = p.syllabus ? await putFile(c.env, "syllabus", p.syllabus, { ownerId: c.var.user.id }) : null;
      const changes = defined({
        projectId: p.project,
        courseCode: p.course_code,
        name: p.name,
        maxNum: p.max_num,
        credit: p.credit,
        professor: p.professor,
        startTime: p.start_time,
        endTime: p.end_time,
        address: p.address,
        syllabusFileId: file?.id,
        updatedAt: Date.now(),
      });
      const { currentCourseNum: _seats, ...record } = before;
      let updated: { id: number }[];
      try {
        [updated] = await unique("course_code", DUPLICATE, () =>
          db.batch([
            db
              .update(summerCourses)
              .set(changes)
              .where(and(eq(summerCourses.id, courseId), ...guards))
              .returning({ id: summerCourses.id }),
            ...(file ? [db.insert(summerFiles).values(file)] : []),
          ]),
        );
      } catch (err) {
        await dropFiles(c.env, [file?.key]);
        throw err;
      }
      if (updated.length === 0) {
        // Students took seats between the read and the write.
        if (file) await db.delete(summerFiles).where(eq(summerFiles.id, file.id));
        await dropFiles(c.env, [file?.key]);
        throw bad(p.max_num !== undefined ? "max_num" : "project", "已有学生选择该课程，请刷新后重试。");
      }
      const replaced = file && before.syllabusFileId ? before.syllabusFileId : null;
      const [, old] = await db.batch([
        audit(db, c.var.user.id, "update", "course", courseId, record, { ...record, ...changes }),
        db
          .delete(summerFiles)
          .where(eq(summerFiles.id, replaced ?? ""))
          .returning({ key: summerFiles.key }),
      ]);
      await dropFiles(
        c.env,
        old.map((o) => o.key),
      );
      const course = found(await loadCourse(db, courseId));
      return ok(c, presentCourse(course, c.req.url));
    },
  );
}
