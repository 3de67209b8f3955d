import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render, when } from "../../../platform/console/page";
import { Badge, Facts, Field, Pager, PostForm, pageHref, pageParam, Table, TextArea } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { anything, filled, kv, kvText, pageOf, SUMMER_PAGE, summerApi } from "./api";
import { Filters, inMenu, optional, pathId } from "./ui";

/** 学生列表 (咨询中心): students with their channel; a student's file with the staff's remarks and coupons. */
export const summerStudents = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/students";

const channel = v.nullable(v.object({ id: v.number(), name: v.string() }));
const listItem = v.object({
  user_id: v.number(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  cschool: v.nullable(v.string()),
  last_login: v.nullable(v.string()),
  wechat: v.nullable(v.string()),
  personal_file: v.string(),
  channel,
});
type ListItem = v.InferOutput<typeof listItem>;

const detail = v.object({
  user_id: v.number(),
  name: v.nullable(v.string()),
  email: v.nullable(v.string()),
  first_name: v.nullable(v.string()),
  last_name: v.nullable(v.string()),
  gender: v.nullable(kv),
  id_number: v.nullable(v.string()),
  wechat: v.nullable(v.string()),
  cschool: v.nullable(v.string()),
  major: v.nullable(v.string()),
  graduate_year: v.nullable(v.string()),
  gpa: v.nullable(v.number()),
  user_info_remark: v.array(v.object({ id: v.number(), remark: v.string(), create_time: v.string() })),
  user_coupon: v.array(v.object({ id: v.number(), info: v.string(), coupon_code: v.string(), end_time: v.string() })),
  channel,
  same_id_number: v.array(v.object({ user_id: v.number(), name: v.nullable(v.string()) })),
});

const approvals = v.array(
  v.object({ status: kv, project: v.object({ name: v.string() }), course: v.object({ name: v.string(), course_code: v.string() }) }),
);
const scores = v.array(
  v.object({ project_name: v.string(), course_code: v.string(), score: v.nullable(v.number()), score_grade: v.nullable(v.string()) }),
);

summerStudents.get("/", params(v.object({ page: pageParam, name: optional, email: optional, wechat: optional }), "GET"), async (c) => {
  const { page, ...f } = c.var.params;
  const list = await summerApi(c, pageOf(listItem), "GET", "/admin/user_info", {
    query: filled({ ...f, page: page > 1 ? page : undefined }),
  });
  return render(
    c,
    "学生列表",
    <>
      <Filters action={HERE}>
        <Field label="姓名" name="name" value={f.name} />
        <Field label="邮箱" name="email" value={f.email} />
        <Field label="微信号" name="wechat" value={f.wechat} />
      </Filters>
      <Table<ListItem>
        caption="学生列表"
        rows={list.results}
        empty="没有符合条件的学生"
        columns={[
          { label: "编号", cell: (s) => s.user_id },
          { label: "姓名", cell: (s) => <a href={`${HERE}/${s.user_id}`}>{s.name || "（未填写）"}</a> },
          { label: "邮箱", cell: (s) => s.email ?? "—" },
          { label: "微信号", cell: (s) => s.wechat ?? "—" },
          { label: "学校", cell: (s) => s.cschool ?? "—" },
          { label: "档案", cell: (s) => <Badge tone={s.personal_file === "已建档" ? "ok" : "warn"}>{s.personal_file}</Badge> },
          { label: "渠道", cell: (s) => s.channel?.name ?? "—" },
          { label: "最近登录", cell: (s) => (s.last_login ? when(c, Date.parse(s.last_login)) : "—") },
        ]}
      />
      <Pager page={page} size={SUMMER_PAGE} total={list.count} href={pageHref(HERE, f)} />
    </>,
  );
});

summerStudents.get("/:user{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const user = pathId(c.req.param("user"));
  const nav = c.var.nav;
  // Course records and scores belong to the product staff: shown when the role's menu opens those pages.
  const withCourses = inMenu(nav, "/console/summer/courses");
  const withScores = inMenu(nav, "/console/summer/scores");
  const withCoupons = inMenu(nav, "/console/summer/coupons");
  const [s, records, marks] = await Promise.all([
    summerApi(c, detail, "GET", `/admin/user_info/${user}`),
    withCourses ? summerApi(c, approvals, "GET", `/admin/user_info/${user}/confirm_course`) : null,
    withScores ? summerApi(c, scores, "GET", `/admin/user_info/${user}/scores`) : null,
  ]);
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    `学生档案 · ${s.name || s.user_id}`,
    <>
      <p>
        <a href={HERE}>← 返回学生列表</a>
      </p>
      <section class="card" aria-label="学生档案">
        <Facts
          items={[
            ["编号", s.user_id],
            ["姓名", s.name],
            ["英文名", [s.first_name, s.last_name].filter(Boolean).join(" ") || null],
            ["性别", kvText(s.gender) || null],
            ["证件号", s.id_number],
            ["同证件号的其他学生", s.same_id_number.map((o) => `${o.name ?? "未填姓名"}（编号 ${o.user_id}）`).join("、") || null],
            ["邮箱", s.email],
            ["微信号", s.wechat],
            ["学校", s.cschool],
            ["专业", s.major],
            ["毕业年份", s.graduate_year],
            ["GPA", s.gpa],
            ["渠道", s.channel?.name ?? null],
          ]}
        />
      </section>
      <h2>备注</h2>
      {s.user_info_remark.length ? (
        <ul>
          {s.user_info_remark.map((r) => (
            <li>
              <span class="muted">{when(c, Date.parse(r.create_time))}</span> {r.remark}
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">暂无备注</p>
      )}
      <section class="card">
        <PostForm action={`${HERE}/${user}/remarks`} csrf={csrf} label="添加备注">
          <TextArea label="新备注" name="remark" required maxlength={255} />
          <button type="submit">添加备注</button>
        </PostForm>
      </section>
      <h2>优惠券</h2>
      {s.user_coupon.length ? (
        <ul>
          {s.user_coupon.map((cp) => (
            <li>
              {cp.coupon_code} {cp.info}（有效期至 {when(c, Date.parse(cp.end_time))}）
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">暂无优惠券</p>
      )}
      {withCoupons && (
        <p>
          <a href={`/console/summer/coupons?user=${user}`}>给该学生分配优惠券</a>
        </p>
      )}
      {records && (
        <>
          <h2>审课记录</h2>
          <Table
            caption="审课记录"
            rows={records}
            empty="暂无选课"
            columns={[
              { label: "项目", cell: (r) => r.project.name },
              { label: "课程", cell: (r) => `${r.course.course_code} ${r.course.name}` },
              { label: "状态", cell: (r) => kvText(r.status) },
            ]}
          />
          <p>
            <a href={`/console/summer/courses/${user}`}>查看审课照片</a>
          </p>
        </>
      )}
      {marks && (
        <>
          <h2>成绩</h2>
          <Table
            caption="成绩"
            rows={marks}
            empty="暂无成绩"
            columns={[
              { label: "项目", cell: (r) => r.project_name },
              { label: "课程代码", cell: (r) => r.course_code },
              { label: "成绩", cell: (r) => (r.score === null ? "未录入" : `${r.score} ${r.score_grade ?? ""}`) },
            ]}
          />
        </>
      )}
    </>,
  );
});

summerStudents.post(
  "/:user{[0-9]+}/remarks",
  params(v.object({ remark: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(255, "备注最多 255 个字")), "") }), "POST"),
  async (c) => {
    const user = pathId(c.req.param("user"));
    if (!user) throw new AppError("not_found", "没有这个学生");
    if (!c.var.params.remark) throw new AppError("invalid_param", "请填写备注");
    await summerApi(c, anything, "POST", `/admin/user_info/${user}/add_remark`, { json: { remark: c.var.params.remark } });
    return redirectWith(c, `${HERE}/${user}`, "备注已添加");
  },
);
