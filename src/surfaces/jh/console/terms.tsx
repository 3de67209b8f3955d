import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { formParams } from "../../../platform/console/form";
import { render } from "../../../platform/console/page";
import { Badge, Facts, Field, PAGE_SIZE, Pager, PostForm, pageHref, pageParam, Select, Table } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { params } from "../../../platform/params";
import { findTerm, isTermDate, removeTerm, saveTerm, TERM_CODES, TERM_YEARS, type TermInput, type TermRefusal } from "../terms";
import { campusToday, listTerms, type Term, type TermTime, termOn } from "../time";
import { TERM_NAMES, termName, termTitle, yearName } from "./labels";
import { Tabs, TERMS } from "./tabs";

/** The term calendar behind /jh/api/time: the same rules as /admin/jh/terms. */
export const jhTermsConsole = new Hono<ConsoleEnv>({ strict: false });

const termHref = (t: { year: number; term: number }) => `${TERMS}/${t.year}/${t.term}`;

const yearField = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d{4}$/, "请填写四位数的年份，如 2026"),
  v.transform(Number),
  v.minValue(TERM_YEARS.min, `须在 ${TERM_YEARS.min}–${TERM_YEARS.max} 之间`),
  v.maxValue(TERM_YEARS.max, `须在 ${TERM_YEARS.min}–${TERM_YEARS.max} 之间`),
);
const termField = v.pipe(v.string(), v.transform(Number), v.picklist(TERM_CODES, "请选择第一学期、第二学期或短学期"));
const dateField = v.pipe(v.string(), v.trim(), v.check(isTermDate, "请填写有效的日期，格式为 YYYY-MM-DD"));
const LABELS = { year: "学年", term: "学期", begin: "开始日期", end: "结束日期" };

function refused(r: TermRefusal): AppError {
  if (r.reason === "end_before_begin") return new AppError("invalid_param", "结束日期不能早于开始日期", { field: LABELS.end });
  const { clash } = r;
  return new AppError("conflict", `与${termTitle(clash.year, clash.term)}（${clash.begin} 至 ${clash.end}）的日期重叠，未保存`);
}

async function save<E extends ConsoleEnv>(c: Context<E>, term: TermInput) {
  const result = await saveTerm(c.var.db, term);
  if ("refused" in result) throw refused(result.refused);
  return redirectWith(c, TERMS, `已保存${termTitle(term.year, term.term)}：${term.begin} 至 ${term.end}`);
}

function termOfPath(path: { year: string; term: string }) {
  const key = v.safeParse(v.object({ year: yearField, term: termField }), path);
  if (!key.success) throw new AppError("not_found", "没有这个学期");
  return key.output;
}

const WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];
const weeksOf = (t: Term) => termOn([t], t.begin)?.weeklasting ?? 0;

/** What the mini-program shows today (/jh/api/time). */
function Today({ today, now }: { today: string; now: TermTime | null }) {
  let shown = "不在任何学期内（小程序不显示学期与周次）";
  if (now && now.week === 0) shown = `假期中，下一学期为${termTitle(now.year, now.term)}，${now.begin} 开始（第 0 周）`;
  else if (now) shown = `${termTitle(now.year, now.term)} 第 ${now.week} 周，星期${WEEKDAYS[now.dayofweek]}（共 ${now.weeklasting} 周）`;
  return (
    <section class="card">
      <Facts
        items={[
          ["今天（校园时间）", today],
          ["小程序显示", shown],
        ]}
      />
    </section>
  );
}

const TermFields = ({ term }: { term?: Term }) => (
  <>
    <Field label="开始日期" name="begin" type="date" required value={term?.begin} hint="第 1 周从这一天开始" />
    <Field label="结束日期" name="end" type="date" required value={term?.end} hint="学期的最后一天（含）" />
  </>
);

jhTermsConsole.get("/", params(v.object({ page: pageParam }), "GET"), async (c) => {
  const { page } = c.var.params;
  const all = await listTerms(c.var.db);
  const today = campusToday(c.env);
  const now = termOn(all, today);
  const rows = [...all].reverse().slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const csrf = c.var.viewer.csrf;
  // The academic year begins in the autumn: from August on, the new one.
  const thisYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 8 ? 0 : 1);
  return render(
    c,
    "精弘账号 · 学期",
    <>
      <Tabs current={TERMS} />
      <Today today={today} now={now} />
      <Table<Term>
        caption="学期日历"
        rows={rows}
        empty="还没有学期"
        columns={[
          { label: "学年", cell: (t) => yearName(t.year) },
          { label: "学期", cell: (t) => termName(t.term) },
          { label: "开始日期", cell: (t) => t.begin },
          { label: "结束日期", cell: (t) => t.end },
          { label: "周数", cell: (t) => weeksOf(t) },
          {
            label: "状态",
            cell: (t) =>
              now && now.year === t.year && now.term === t.term ? (
                <Badge tone={now.week === 0 ? "warn" : "ok"}>{now.week === 0 ? "下一学期" : "进行中"}</Badge>
              ) : t.end < today ? (
                <span class="muted">已结束</span>
              ) : (
                <span class="muted">未开始</span>
              ),
          },
          {
            label: "操作",
            cell: (t) => (
              <>
                <a class="button secondary" href={termHref(t)} aria-label={`编辑${termTitle(t.year, t.term)}`}>
                  编辑
                </a>{" "}
                <PostForm
                  action={`${termHref(t)}/delete`}
                  csrf={csrf}
                  inline
                  confirm={`确定删除${termTitle(t.year, t.term)}吗？`}
                  label={`删除${termTitle(t.year, t.term)}`}
                >
                  <button type="submit" class="danger">
                    删除
                  </button>
                </PostForm>
              </>
            ),
          },
        ]}
      />
      <Pager page={page} total={all.length} href={pageHref(TERMS, {})} />
      <h2>添加学期</h2>
      <section class="card">
        <PostForm action={TERMS} csrf={csrf} label="添加学期">
          <Field
            label="学年"
            name="year"
            type="number"
            required
            min={TERM_YEARS.min}
            max={TERM_YEARS.max}
            value={thisYear}
            hint="学年开始的年份：2026 即 2026-2027 学年"
          />
          <Select label="学期" name="term" options={TERM_CODES.map((t) => [String(t), TERM_NAMES[t]] as const)} />
          <TermFields />
          <p class="muted">同一学年的同一学期已存在时，将改为新的日期；各学期的日期不能重叠。</p>
          <button type="submit">添加</button>
        </PostForm>
      </section>
    </>,
  );
});

jhTermsConsole.post("/", formParams(v.object({ year: yearField, term: termField, begin: dateField, end: dateField }), LABELS), (c) =>
  save(c, c.var.params),
);

jhTermsConsole.get("/:year/:term", params(v.object({}), "GET"), async (c) => {
  const key = termOfPath(c.req.param());
  const term = await findTerm(c.var.db, key.year, key.term);
  if (!term) throw new AppError("not_found", `没有${termTitle(key.year, key.term)}`);
  const title = termTitle(term.year, term.term);
  return render(
    c,
    `精弘账号 · 编辑${title}`,
    <>
      <Tabs current={TERMS} />
      <p>
        <a href={TERMS}>返回学期日历</a>
      </p>
      <section class="card">
        <PostForm action={termHref(term)} csrf={c.var.viewer.csrf} label={`编辑${title}`}>
          <Facts
            items={[
              ["学年", yearName(term.year)],
              ["学期", termName(term.term)],
            ]}
          />
          <TermFields term={term} />
          <button type="submit">保存</button>
        </PostForm>
      </section>
    </>,
  );
});

jhTermsConsole.post("/:year/:term", formParams(v.object({ begin: dateField, end: dateField }), LABELS), (c) =>
  save(c, { ...termOfPath(c.req.param()), ...c.var.params }),
);

jhTermsConsole.post("/:year/:term/delete", params(v.object({}), "POST"), async (c) => {
  const key = termOfPath(c.req.param());
  const title = termTitle(key.year, key.term);
  if (!(await removeTerm(c.var.db, key.year, key.term))) throw new AppError("not_found", `${title}已不存在`);
  return redirectWith(c, TERMS, `已删除${title}`);
});
