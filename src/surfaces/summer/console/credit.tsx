import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { render } from "../../../platform/console/page";
import { Badge, Facts, Field, PostForm, Select } from "../../../platform/console/ui";
import { params } from "../../../platform/params";
import { pairQuery, presentPair, updateCreditTransfer } from "../credit-transfer";
import { fileHref, filled, found, perform, staffAnd } from "./caller";
import { enrolmentFilters, enrolmentPage, resultText, studentName } from "./enrolled";
import { enumOptions, pathId } from "./ui";

/** 学分转换: each student's credit transfer per project (transcript posted, received, result). */
export const summerCredit = new Hono<ConsoleEnv>({ strict: false });

const HERE = "/console/summer/credit";

summerCredit.get("/", params(enrolmentFilters, "GET"), async (c) => {
  const { body } = await enrolmentPage(
    c,
    HERE,
    c.var.params,
    [
      { label: "学分转换状态", cell: (r) => <Badge tone={r.status ? undefined : "warn"}>{resultText(r)}</Badge> },
      { label: "寄送单号", cell: (r) => r.post_number ?? "—" },
      { label: "操作", cell: (r) => <a href={`${HERE}/${r.user_info.id}?project=${r.project.id}`}>处理</a> },
    ],
    { statusFilter: true },
  );
  return render(c, "学分转换", body);
});

const projectQuery = v.object({ project: v.optional(v.pipe(v.string(), v.regex(/^\d{1,9}$/, "项目不正确"))) });

summerCredit.get("/:user{[0-9]+}", params(projectQuery, "GET"), async (c) => {
  const user = pathId(c.req.param("user"));
  const { project } = c.var.params;
  const [, [pair]] = await staffAnd(c, ["credit_transfer"], pairQuery(c.var.db, user, project ? Number(project) : undefined));
  const r = presentPair(found(pair), c.req.url);
  const img = fileHref(r.img);
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    `学分转换 · ${studentName(r.user_info)}`,
    <>
      <p>
        <a href={HERE}>← 返回学分转换</a>
      </p>
      <div class="grid">
        <section class="card" aria-label="学分转换信息">
          <Facts
            items={[
              ["学生", `${studentName(r.user_info)}（${r.user_info.id}）`],
              ["项目", `${r.project.campus_name} · ${r.project.name}`],
              ["状态", resultText(r)],
              ["寄送日期", r.post_datetime ?? "—"],
              ["寄送方式", r.post_channel ?? "—"],
              ["寄送单号", r.post_number ?? "—"],
            ]}
          />
        </section>
        <section class="card" aria-label="学分转换图片">
          <h2>学生上传的学分转换图片</h2>
          {img ? <img class="proof" src={img} alt="学分转换图片" /> : <p class="empty">学生尚未上传</p>}
        </section>
      </div>
      <h2>更新学分转换</h2>
      <section class="card">
        <PostForm action={`${HERE}/${user}`} csrf={csrf} label="更新学分转换">
          <input type="hidden" name="project" value={String(r.project.id)} />
          <Select label="状态" name="status" options={[["", "不变"], ...enumOptions("project_result")]} value="" />
          <Field label="寄送日期" name="post_datetime" type="date" value={r.post_datetime ?? undefined} />
          <Field label="寄送方式" name="post_channel" maxlength={30} value={r.post_channel ?? undefined} />
          <Field label="寄送单号" name="post_number" maxlength={50} value={r.post_number ?? undefined} />
          <button type="submit">保存</button>
          <small class="muted">状态依次为：成绩单已寄出 → 学校已收到 → 学分转换成功 / 失败；结果需学生先上传图片。</small>
        </PostForm>
      </section>
    </>,
  );
});

const text = v.optional(v.pipe(v.string(), v.trim()));

summerCredit.post(
  "/:user{[0-9]+}",
  params(
    v.object({
      project: v.pipe(v.string("缺少项目"), v.regex(/^\d{1,9}$/, "项目不正确"), v.transform(Number)),
      status: text,
      post_datetime: text,
      post_channel: text,
      post_number: text,
    }),
    "POST",
  ),
  async (c) => {
    const user = pathId(c.req.param("user"));
    const { project, ...rest } = c.var.params;
    await perform(c, updateCreditTransfer, { project, ...filled(rest) }, user);
    return redirectWith(c, `${HERE}/${user}?project=${project}`, "学分转换已更新");
  },
);
