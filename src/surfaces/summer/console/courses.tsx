import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Badge, PostForm, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { anything, fileHref, kv, summerApi } from "./api";
import { enrolmentFilters, enrolmentPage } from "./enrolled";
import { scoreRow } from "./scores";
import { pathId } from "./ui";

/** 课程管理: the approval photos students upload for their chosen courses, passed or rejected. */
export const summerCourses = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/courses";

const approval = v.object({
  syllabus: v.nullable(v.string()),
  confirm_photo: v.nullable(v.string()),
  status: kv,
  user: v.number(),
  project: v.object({ id: v.number(), name: v.string() }),
  course: v.object({ id: v.number(), name: v.string(), course_code: v.string() }),
});
type Approval = v.InferOutput<typeof approval> & { order: number | null };

const TONES: Record<string, "ok" | "bad" | "warn" | undefined> = { PASS: "ok", NOPASS: "bad", TO_CONFIRM: "warn" };

summerCourses.get("/", params(enrolmentFilters, "GET"), async (c) => {
  const [waiting, list] = await Promise.all([
    summerApi(c, v.object({ course_to_confirm_count: v.number() }), "GET", "/admin/course/course_to_confirm_count"),
    enrolmentPage(c, HERE, c.var.params, [{ label: "审课记录", cell: (r) => <a href={`${HERE}/${r.user_info.id}`}>查看审课照片</a> }]),
  ]);
  return render(
    c,
    "课程管理",
    <>
      <p>
        待审核的审课照片：<strong>{waiting.course_to_confirm_count}</strong> 张
      </p>
      {list}
    </>,
  );
});

summerCourses.get("/:user{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const user = pathId(c.req.param("user"));
  // The approvals do not name their order; the scores of the same choices (same order) do.
  const [approvals, scores] = await Promise.all([
    summerApi(c, v.array(approval), "GET", `/admin/user_info/${user}/confirm_course`),
    summerApi(c, v.array(scoreRow), "GET", `/admin/user_info/${user}/scores`),
  ]);
  const rows: Approval[] = approvals.map((a, i) => ({ ...a, order: scores[i]?.course === a.course.id ? scores[i].order : null }));
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    `学生 ${user} 的审课记录`,
    <>
      <p>
        <a href={HERE}>← 返回课程管理</a>
      </p>
      <Table<Approval>
        caption="审课记录"
        rows={rows}
        empty="该学生还没有选课"
        columns={[
          { label: "项目", cell: (a) => a.project.name },
          { label: "课程", cell: (a) => `${a.course.course_code} ${a.course.name}` },
          { label: "状态", cell: (a) => <Badge tone={TONES[a.status.key]}>{a.status.verbose}</Badge> },
          {
            label: "审课照片",
            cell: (a) => {
              const href = fileHref(a.confirm_photo);
              return href ? (
                <a href={href}>
                  <img class="proof" src={href} alt={`${a.course.name} 的审课照片`} />
                </a>
              ) : (
                <span class="muted">未上传</span>
              );
            },
          },
          {
            label: "审核",
            cell: (a) =>
              a.status.key === "TO_CONFIRM" && a.order !== null ? (
                <>
                  <PostForm action={`${HERE}/${user}`} csrf={csrf} inline label={`通过 ${a.course.name}`}>
                    <input type="hidden" name="course" value={String(a.course.id)} />
                    <input type="hidden" name="order" value={String(a.order)} />
                    <button type="submit" name="status" value="PASS">
                      通过
                    </button>
                  </PostForm>{" "}
                  <PostForm
                    action={`${HERE}/${user}`}
                    csrf={csrf}
                    inline
                    label={`不通过 ${a.course.name}`}
                    confirm="确定不通过这张审课照片？"
                  >
                    <input type="hidden" name="course" value={String(a.course.id)} />
                    <input type="hidden" name="order" value={String(a.order)} />
                    <button type="submit" name="status" value="NOPASS" class="danger">
                      不通过
                    </button>
                  </PostForm>
                </>
              ) : (
                <span class="muted">—</span>
              ),
          },
        ]}
      />
    </>,
  );
});

const idField = (label: string) => v.pipe(v.string(`缺少${label}`), v.regex(/^\d{1,9}$/, `${label}不正确`), v.transform(Number));

summerCourses.post(
  "/:user{[0-9]+}",
  params(
    v.object({ course: idField("课程"), order: idField("订单"), status: v.picklist(["PASS", "NOPASS"], "请选择通过或不通过") }),
    "POST",
  ),
  async (c) => {
    const user = pathId(c.req.param("user"));
    if (!user) throw new AppError("not_found", "没有这个学生");
    const { course, order, status } = c.var.params;
    await summerApi(c, anything, "PUT", "/admin/user_course/confirm_course", { json: { user, course, order, status } });
    return redirectWith(c, `${HERE}/${user}`, status === "PASS" ? "审课照片已通过" : "审课照片已标记为不通过");
  },
);
