import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render, when } from "../../../platform/console/page";
import { Badge, Facts, Field, Pager, PostForm, pageHref, pageParam, Table, TextArea } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { choicesOfStudentQuery, presentApproval, presentScore } from "../chosen-courses";
import { may } from "../roles";
import {
  addRemark,
  presentListedStudent,
  presentStudentFile,
  remarksQuery,
  sameIdNumberQuery,
  studentCouponsQuery,
  studentFileQuery,
  studentsCountQuery,
  studentsPageQuery,
  studentsWhere,
} from "../student-files";
import { found, kvText, pageWindow, perform, SUMMER_PAGE, staffAnd } from "./caller";
import { Filters, optional, pathId } from "./ui";

/** 学生列表 (咨询中心): students with their channel; a student's file with the staff's remarks and coupons. */
export const summerStudents = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/students";

type ListItem = ReturnType<typeof presentListedStudent>;

summerStudents.get("/", params(v.object({ page: pageParam, name: optional, email: optional, wechat: optional }), "GET"), async (c) => {
  const { page, ...f } = c.var.params;
  const db = c.var.db;
  const where = studentsWhere(f);
  const window = pageWindow(page);
  const [, rows, [{ total }]] = await staffAnd(
    c,
    ["students"],
    studentsPageQuery(db, where, window.limit, window.offset),
    studentsCountQuery(db, where),
  );
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
        rows={rows.map(presentListedStudent)}
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
      <Pager page={page} size={SUMMER_PAGE} total={total} href={pageHref(HERE, f)} />
    </>,
  );
});

summerStudents.get("/:user{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const user = pathId(c.req.param("user"));
  const db = c.var.db;
  const [me, [file], remarks, coupons, namesakes, choices] = await staffAnd(
    c,
    ["students"],
    studentFileQuery(db, user),
    remarksQuery(db, user),
    studentCouponsQuery(db, user),
    sameIdNumberQuery(db, user),
    choicesOfStudentQuery(db, user),
  );
  const s = presentStudentFile(found(file), remarks, coupons, namesakes);
  // Course records and scores belong to the product staff: shown to a role that reaches them now.
  const records = may(me.role, "courses") ? choices.map((r) => presentApproval(r, c.req.url)) : null;
  const marks = may(me.role, "scores") ? choices.map(presentScore) : null;
  const withCoupons = may(me.role, "coupons");
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
    await perform(c, addRemark, { remark: c.var.params.remark }, user);
    return redirectWith(c, `${HERE}/${user}`, "备注已添加");
  },
);
