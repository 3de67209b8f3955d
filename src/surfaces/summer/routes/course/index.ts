import { and, eq } from "drizzle-orm";
import * as v from "valibot";
import { summerCourses, summerFiles, summerProjects } from "../../../../db/schema/summer";
import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { requireArea, requireLogin, requireStudent } from "../../auth";
import { callerBeforeParams } from "../../caller-first";
import { checkRef, countOf, idsOf, refQuery } from "../../catalogue";
import { checkPhotoWanted, choiceQuery, handInPhoto } from "../../course-selection";
import { checkTimes, courseRecord, coursesQuery, dropReplacedSyllabus, seatGuards } from "../../courses";
import { courseDoc, doc, emptyDoc, pageOf as pageDoc } from "../../docs";
import { done, ok } from "../../envelope";
import { dropFiles, putFile } from "../../files";
import { datetime, id, int, str } from "../../inputs";
import { paged, pageOf, pageParam } from "../../page";
import { presentCourse } from "../../present";
import type { SummerApp } from "../../surface";
import { IMAGE_BODY_CAP, imageField, SYLLABUS_BODY_CAP, syllabusField } from "../../uploads";
import { audit, auditIf, bad, defined, found, newestId, notFound, previousChanged, unique } from "../../writes";
import { campusRoutes } from "./campus";
import { campusCountryRoutes } from "./campus_country";
import { campusTypeRoutes } from "./campus_type";
import { createUserCoursesRoutes } from "./create_user_courses";
import { currentCoursesInfoRoutes } from "./current_courses_info";
import { filterElementsRoutes } from "./filter_elements";
import { myCoursesRoutes } from "./my_courses";
import { myScoresRoutes } from "./my_scores";
import { projectRoutes } from "./project";

/**
 * /course/...: the catalogue (campus types, countries, campuses, projects),
 * choosing courses, and the courses themselves, served here: the list,
 * one course, creating and updating one with its syllabus, and a student's
 * approval photo of a course chosen.
 */
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

export function courseRoutes(app: SummerApp) {
  campusTypeRoutes(app);
  campusCountryRoutes(app);
  campusRoutes(app);
  projectRoutes(app);
  currentCoursesInfoRoutes(app);
  createUserCoursesRoutes(app);
  myCoursesRoutes(app);
  myScoresRoutes(app);
  filterElementsRoutes(app);

  app.get(
    "/course",
    doc("Courses, 10 a page; `?project=` gives one project's", pageDoc(courseDoc), { who: "a ticket" }),
    requireLogin,
    callerBeforeParams,
    params(v.object({ page: pageParam, project: v.optional(id) }), "GET"),
    async (c) => {
      const db = c.var.db;
      const { page, limit, offset } = pageOf(c);
      const where = c.var.params.project === undefined ? undefined : eq(summerCourses.projectId, c.var.params.project);
      const [, rows, [{ total }]] = await callerAnd(c, coursesQuery(db, where, { limit, offset }), countOf(db, summerCourses, where));
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
    callerBeforeParams,
    params(createParams, "POST", uploadOpts),
    async (c) => {
      const db = c.var.db;
      const p = c.var.params;
      const project = { field: "project", table: summerProjects, ids: [p.project] };
      const [me, projects] = await callerAnd(c, refQuery(db, project));
      checkTimes(p.start_time, p.end_time);
      checkRef(project, projects);
      const file = p.syllabus ? await putFile(c.env, "syllabus", p.syllabus, { ownerId: me.id }) : null;
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
      const course = newestId(summerCourses);
      const [, , [created]] = await unique("course_code", DUPLICATE, () =>
        db.batch([
          db.insert(summerCourses).values(values),
          audit(db, me.id, "create", "course", course, null, values),
          coursesQuery(db, eq(summerCourses.id, course)),
          ...(file ? [db.insert(summerFiles).values(file)] : []),
        ]),
      ).catch(async (err: unknown) => {
        await dropFiles(c.env, [file?.key]);
        throw err;
      });
      return ok(c, presentCourse(found(created), c.req.url));
    },
  );

  app.get(
    coursePath,
    doc("A course with its seats taken", courseDoc, { who: "a ticket", errors: ["404"] }),
    requireLogin,
    params(v.object({}), "GET"),
    async (c) => {
      const [, [course]] = await callerAnd(c, coursesQuery(c.var.db, eq(summerCourses.id, Number(c.req.param("course_id")))));
      return ok(c, presentCourse(found(course), c.req.url));
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
    callerBeforeParams,
    params(updateParams, "POST", uploadOpts),
    async (c) => {
      const db = c.var.db;
      const courseId = Number(c.req.param("course_id"));
      const p = c.var.params;
      const project = { field: "project", table: summerProjects, ids: idsOf(p.project) };
      const [me, [before], projects] = await callerAnd(c, coursesQuery(db, eq(summerCourses.id, courseId)), refQuery(db, project));
      if (!before) throw notFound();
      checkTimes(p.start_time ?? before.startTime, p.end_time ?? before.endTime);
      checkRef(project, projects);
      const guards = seatGuards(before, p);
      const file = p.syllabus ? await putFile(c.env, "syllabus", p.syllabus, { ownerId: me.id }) : null;
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
      const record = courseRecord(before);
      const [updated, , [after], replaced] = await unique("course_code", DUPLICATE, () =>
        db.batch([
          db
            .update(summerCourses)
            .set(changes)
            .where(and(eq(summerCourses.id, courseId), ...guards))
            .returning({ id: summerCourses.id }),
          auditIf(db, me.id, "update", "course", courseId, record, { ...record, ...changes }, previousChanged),
          coursesQuery(db, eq(summerCourses.id, courseId)),
          dropReplacedSyllabus(db, courseId, before.syllabusFileId, file?.id),
          ...(file ? [db.insert(summerFiles).values(file)] : []),
        ]),
      ).catch(async (err: unknown) => {
        await dropFiles(c.env, [file?.key]);
        throw err;
      });
      if (updated.length === 0) {
        // Students took seats between the read and the write: the new syllabus is not kept.
        if (file) await db.delete(summerFiles).where(eq(summerFiles.id, file.id));
        await dropFiles(c.env, [file?.key]);
        throw bad(p.max_num !== undefined ? "max_num" : "project", "已有学生选择该课程，请刷新后重试。");
      }
      await dropFiles(
        c.env,
        replaced.map((r) => r.key),
      );
      return ok(c, presentCourse(found(after), c.req.url));
    },
  );

  app.put(
    "/course/:course_id{[0-9]+}/upload_confirm_photo",
    doc("Upload the course-approval photo (base64 JPEG/PNG/GIF, at most 5 MiB): TO_UPLOAD (or NOPASS) -> TO_CONFIRM", emptyDoc, {
      who: "a student who chose the course",
      errors: [
        "400 a bad image (confirm_photo)",
        "400 您没有选择该课程",
        "400 审课图片已上传，请等待审核",
        "400 审课已通过",
        "404 no such course",
      ],
    }),
    requireLogin,
    requireStudent,
    callerBeforeParams,
    params(v.object({ confirm_photo: imageField }), "POST", { maxBodyBytes: IMAGE_BODY_CAP }),
    async (c) => {
      const db = c.var.db;
      const courseId = Number(c.req.param("course_id"));
      const [me, [course], [choice]] = await callerAnd(
        c,
        db.select({ id: summerCourses.id }).from(summerCourses).where(eq(summerCourses.id, courseId)),
        choiceQuery(db, c.var.ticket.userId, courseId),
      );
      if (!course) throw notFound();
      const wanted = checkPhotoWanted(choice);
      const file = await putFile(c.env, "approval", c.var.params.confirm_photo, { ownerId: me.id });
      const [, updated, dropped] = await db.batch(handInPhoto(db, wanted, file));
      await dropFiles(
        c.env,
        dropped.map((d) => d.key),
      );
      if (updated.length === 0) throw bad("confirm_photo", "审课图片已上传，请等待审核");
      return done(c);
    },
  );
}
