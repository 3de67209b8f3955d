import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { formatDate } from "../src/platform/time";
import { termOn, zfTermOf } from "../src/surfaces/jh/time";
import { BASE } from "./helpers";
import { admin } from "./jh-helpers";

const DAY = 86_400_000;
/** The campus date `days` from today. */
const campusDay = (days: number) => formatDate(Date.now() + days * DAY, "+08:00");
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

async function time() {
  const res = await SELF.fetch(`${BASE}/jh/api/time`);
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

async function setTerms(terms: Array<{ year: number; term: number; begin: string; end: string }>) {
  const { body } = await admin("/terms", {}, "GET");
  for (const t of body.terms) await admin(`/terms/${t.year}/${t.term}`, {}, "DELETE");
  for (const t of terms) expect((await admin("/terms", t)).status).toBe(200);
}

describe("the term calendar (campus dates)", () => {
  const terms = [
    { year: 2018, term: 3, begin: "2018-09-24", end: "2019-01-27" },
    { year: 2018, term: 12, begin: "2019-02-25", end: "2019-06-30" },
    { year: 2018, term: 16, begin: "2019-07-01", end: "2019-07-14" },
  ];

  it("gives the document's example", () => {
    expect(termOn(terms, "2018-12-20")).toEqual({
      year: 2018,
      term: 3,
      begin: "2018-09-24",
      end: "2019-01-27",
      dayofweek: 4,
      week: 13,
      weeklasting: 18,
    });
  });

  it("counts weeks from the begin date, Sunday 0, on both sides of each boundary", () => {
    expect(termOn(terms, "2018-09-24")).toMatchObject({ term: 3, week: 1, dayofweek: 1 });
    expect(termOn(terms, "2018-09-30")).toMatchObject({ term: 3, week: 1, dayofweek: 0 });
    expect(termOn(terms, "2018-10-01")).toMatchObject({ term: 3, week: 2, dayofweek: 1 });
    expect(termOn(terms, "2019-01-27")).toMatchObject({ term: 3, week: 18, dayofweek: 0 });
    expect(termOn(terms, "2019-01-28")).toMatchObject({ term: 12, week: 0, dayofweek: 1, weeklasting: 18 });
    expect(termOn(terms, "2019-02-24")).toMatchObject({ term: 12, week: 0 });
    expect(termOn(terms, "2019-02-25")).toMatchObject({ term: 12, week: 1 });
    expect(termOn(terms, "2019-06-30")).toMatchObject({ term: 12, week: 18 });
    expect(termOn(terms, "2019-07-01")).toMatchObject({ term: 16, week: 1, weeklasting: 2 });
    expect(termOn(terms, "2019-07-14")).toMatchObject({ term: 16, week: 2 });
  });

  it("is null before the first term and after the last", () => {
    expect(termOn(terms, "2018-09-23")).toBeNull();
    expect(termOn(terms, "2019-07-15")).toBeNull();
    expect(termOn([], "2019-07-15")).toBeNull();
  });

  it("picks the 正方 term to check a binding with", () => {
    expect(zfTermOf(terms, "2019-03-01")).toEqual({ year: 2018, term: 12 });
    expect(zfTermOf([], "2026-11-23")).toEqual({ year: 2026, term: 3 });
    expect(zfTermOf([], "2027-01-05")).toEqual({ year: 2026, term: 3 });
    expect(zfTermOf([], "2027-03-05")).toEqual({ year: 2026, term: 12 });
  });
});

describe("/jh/api/time", () => {
  it("is null before any term", async () => {
    await setTerms([{ year: 2099, term: 3, begin: "2099-09-07", end: "2100-01-17" }]);
    expect(await time()).toEqual({ code: 200, msg: "获取时间成功", data: null });
  });

  it("answers the current term on its first day and on its last", async () => {
    const today = campusDay(0);
    await setTerms([{ year: 2026, term: 3, begin: today, end: campusDay(7 * 18 - 1) }]);
    expect(await time()).toEqual({
      code: 200,
      msg: "获取时间成功",
      data: { year: 2026, term: 3, begin: today, end: campusDay(125), dayofweek: weekday(today), week: 1, weeklasting: 18 },
    });
    await setTerms([{ year: 2026, term: 3, begin: campusDay(-7 * 18 + 1), end: today }]);
    expect((await time()).data).toMatchObject({ week: 18, weeklasting: 18, dayofweek: weekday(today) });
  });

  it("answers the next term with week 0 between two terms", async () => {
    await setTerms([
      { year: 2025, term: 12, begin: campusDay(-120), end: campusDay(-1) },
      { year: 2025, term: 16, begin: campusDay(1), end: campusDay(14) },
    ]);
    expect((await time()).data).toEqual({
      year: 2025,
      term: 16,
      begin: campusDay(1),
      end: campusDay(14),
      dayofweek: weekday(campusDay(0)),
      week: 0,
      weeklasting: 2,
    });
  });

  it("is null after the last term", async () => {
    await setTerms([{ year: 2025, term: 16, begin: campusDay(-20), end: campusDay(-1) }]);
    expect((await time()).data).toBeNull();
  });
});

describe("operators' term calendar", () => {
  it("refuses overlapping terms and malformed dates, and replaces a term by year and term", async () => {
    await setTerms([{ year: 2030, term: 3, begin: "2030-09-02", end: "2031-01-12" }]);
    expect((await admin("/terms", { year: 2030, term: 12, begin: "2031-01-12", end: "2031-06-30" })).status).toBe(409);
    expect((await admin("/terms", { year: 2030, term: 12, begin: "2031-02-30", end: "2031-06-30" })).status).toBe(400);
    expect((await admin("/terms", { year: 2030, term: 12, begin: "2031-06-30", end: "2031-02-24" })).status).toBe(400);
    expect((await admin("/terms", { year: 2030, term: 7, begin: "2031-02-24", end: "2031-06-30" })).status).toBe(400);
    expect((await admin("/terms", { year: 2030, term: 3, begin: "2030-09-09", end: "2031-01-19" })).status).toBe(200);
    const { body } = await admin("/terms", {}, "GET");
    expect(body.terms).toEqual([{ year: 2030, term: 3, begin: "2030-09-09", end: "2031-01-19" }]);
    expect((await admin("/terms/2030/3", {}, "DELETE")).body).toEqual({ removed: true });
    expect((await admin("/terms/2030/3", {}, "DELETE")).body).toEqual({ removed: false });
  });
});
