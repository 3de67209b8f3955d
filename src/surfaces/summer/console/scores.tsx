import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Field, PostForm, Table } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { choicesOfStudentQuery, presentScore, recordScore } from "../chosen-courses";
import { scoreDetailQuery } from "../score-details";
import { studentExistsQuery } from "../student-files";
import { EMPTY_MAILING, presentMailing, saveMailing } from "../transcript-mailing";
import { filled, found, perform, staffAnd } from "./caller";
import { enrolmentFilters, enrolmentPage } from "./enrolled";
import { pathId } from "./ui";

/** 学生管理 (product centre): each student's scores per chosen course, and where the transcript is mailed. */
export const summerScores = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/scores";

type ScoreRow = ReturnType<typeof presentScore>;

summerScores.get("/", params(enrolmentFilters, "GET"), async (c) => {
  const { body } = await enrolmentPage(
    c,
    HERE,
    c.var.params,
    [
      { label: "成绩", cell: (r) => <a href={`${HERE}/${r.user_info.id}`}>录入成绩</a> },
      { label: "学分转换", cell: (r) => <a href={`/console/summer/credit/${r.user_info.id}?project=${r.project.id}`}>学分转换</a> },
    ],
    {},
  );
  return render(c, "学生管理", body);
});

summerScores.get("/:user{[0-9]+}", params(v.object({}), "GET"), async (c) => {
  const user = pathId(c.req.param("user"));
  const db = c.var.db;
  const [, choices, [mailing], [student]] = await staffAnd(
    c,
    ["scores"],
    choicesOfStudentQuery(db, user),
    scoreDetailQuery(db, user),
    studentExistsQuery(db, user),
  );
  // Details not kept yet read as empty (the first save creates them); no such student is not found.
  if (!mailing) found(student);
  const info = presentMailing(user, mailing ?? EMPTY_MAILING);
  const scores = choices.map(presentScore);
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    `学生 ${user} 的成绩`,
    <>
      <p>
        <a href={HERE}>← 返回学生管理</a>
      </p>
      <Table<ScoreRow>
        caption="课程成绩"
        rows={scores}
        empty="该学生还没有选课"
        columns={[
          { label: "项目", cell: (s) => s.project_name },
          { label: "课程代码", cell: (s) => s.course_code },
          { label: "成绩", cell: (s) => (s.score === null ? "未录入" : `${s.score}${s.score_grade ? `（${s.score_grade}）` : ""}`) },
          {
            label: "录入",
            cell: (s) => (
              <PostForm action={`${HERE}/${user}`} csrf={csrf} label={`录入 ${s.course_code} 的成绩`}>
                <input type="hidden" name="course" value={String(s.course)} />
                <input type="hidden" name="order" value={String(s.order)} />
                <Field label="分数（0–100）" name="score" type="number" min={0} max={100} required value={s.score ?? undefined} />
                <Field label="等级" name="score_grade" maxlength={10} value={s.score_grade ?? undefined} />
                <button type="submit">保存成绩</button>
              </PostForm>
            ),
          },
        ]}
      />
      <h2>成绩单寄送地址</h2>
      <section class="card">
        <PostForm action={`${HERE}/${user}/mailing`} csrf={csrf} label="成绩单寄送地址">
          <Field label="院系" name="department" maxlength={30} value={info.department} />
          <Field label="电话" name="phone" maxlength={30} value={info.phone} />
          <Field label="国家" name="country" maxlength={30} value={info.country} />
          <Field label="邮编" name="post_code" maxlength={30} value={info.post_code} />
          <Field label="地址" name="address" maxlength={60} value={info.address} />
          <button type="submit">保存地址</button>
        </PostForm>
      </section>
    </>,
  );
});

const digits = (label: string) => v.pipe(v.string(`缺少${label}`), v.trim(), v.regex(/^\d{1,9}$/, `${label}应为数字`), v.transform(Number));

summerScores.post(
  "/:user{[0-9]+}",
  params(
    v.object({
      course: digits("课程"),
      order: digits("订单"),
      score: digits("分数"),
      score_grade: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(10, "等级最多 10 个字"))),
    }),
    "POST",
  ),
  async (c) => {
    const user = pathId(c.req.param("user"));
    const p = c.var.params;
    await perform(c, recordScore, { user, ...p, score_grade: p.score_grade || undefined });
    return redirectWith(c, `${HERE}/${user}`, "成绩已保存");
  },
);

const text = v.optional(v.pipe(v.string(), v.trim()));

summerScores.post(
  "/:user{[0-9]+}/mailing",
  params(v.object({ department: text, phone: text, country: text, post_code: text, address: text }), "POST"),
  async (c) => {
    const user = pathId(c.req.param("user"));
    await perform(c, saveMailing, filled(c.var.params), user);
    return redirectWith(c, `${HERE}/${user}`, "寄送地址已保存");
  },
);
