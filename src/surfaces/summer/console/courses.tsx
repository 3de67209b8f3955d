import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Badge, PostForm, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { choicesOfStudentQuery, decidePhoto, presentApproval, presentScore, toConfirmCountQuery } from "../chosen-courses";
import { fileHref, perform, staffAnd } from "./caller";
import { enrolmentFilters, enrolmentPage } from "./enrolled";
import { pathId } from "./ui";

/** 课程管理: the approval photos students upload for their chosen courses, passed or rejected. */
export const summerCourses = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/courses";

type Approval = ReturnType<typeof presentApproval> & { order: number };

const TONES: Record<string, "ok" | "bad" | "warn" | undefined> = { PASS: "ok", NOPASS: "bad", TO_CONFIRM: "warn" };

summerCourses.get("/", params(enrolmentFilters, "GET"), async (c) => {
  const {
    body,
    extra: [[waiting]],
  } = await enrolmentPage(
    c,
    HERE,
    c.var.params,
    [{ label: "审课记录", cell: (r) => <a href={`${HERE}/${r.user_info.id}`}>查看审课照片</a> }],
    {},
    toConfirmCountQuery(c.var.db),
  );
  return render(
    c,
    "课程管理",
    <>
      <p>
        待审核的审课照片：<strong>{waiting.total}</strong> 张
      </p>
      {body}
    </>,
  );
});

summerCourses.get("/:user{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const user = pathId(c.req.param("user"));
  // The areas of the summer API's approvals and scores of a student: the scores name each choice's order.
  const [, choices] = await staffAnd(c, ["courses", "scores"], choicesOfStudentQuery(c.var.db, user));
  const rows: Approval[] = choices.map((r) => ({ ...presentApproval(r, c.req.url), order: presentScore(r).order }));
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
              a.status.key === "TO_CONFIRM" ? (
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
    const { course, order, status } = c.var.params;
    await perform(c, decidePhoto, { user, course, order, status });
    return redirectWith(c, `${HERE}/${user}`, status === "PASS" ? "审课照片已通过" : "审课照片已标记为不通过");
  },
);
