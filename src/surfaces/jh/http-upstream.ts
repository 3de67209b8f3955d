import type { Bindings } from "../../env";
import { config } from "../../platform/config";
import { replyText, UpstreamError, upstreamCall } from "../../platform/upstream";
import { type Course, type JhUpstream, type PassportResult, type UpstreamSystem, UpstreamUnavailable, type ZfTerm } from "./upstream";

/** Told of every failed call (after the call, before its error reaches the caller): src/surfaces/jh/upstream-failures.ts records it. */
export type FailureWatcher = (failure: UpstreamUnavailable) => void;

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/** At most this many classes a term, each text at most TEXT_LIMIT characters: more is not a timetable. */
const MAX_COURSES = 300;
const TEXT_LIMIT = 200;

const textOf = (value: unknown) =>
  typeof value === "string" || (typeof value === "number" && Number.isFinite(value)) ? String(value).trim().slice(0, TEXT_LIMIT) : "";
const numberOf = (value: unknown) => {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n < 10_000 ? n : 0;
};

/** A class as 正方 lists it (kcmc, xm, xqmc, cdmc, khfsmc, xqj, jcor, zcd, collage, classscore, classhuor), in the original's names. */
function courseOf(item: Record<string, unknown>): Course {
  return {
    name: textOf(item.kcmc),
    college: textOf(item.collage),
    type: textOf(item.khfsmc),
    teacher: textOf(item.xm),
    campus: textOf(item.xqmc),
    location: textOf(item.cdmc),
    weekrange: textOf(item.zcd).replace(/周$/, ""),
    dayofweek: textOf(item.xqj),
    timerange: textOf(item.jcor),
    classscore: numberOf(item.classscore),
    classhour: numberOf(item.classhuor),
  };
}

/** The largest reply read: a login answer is a few hundred bytes, a term's timetable tens of KB. */
const REPLY_LIMIT = 1024 * 1024;

/**
 * The original server's upstreams over HTTP, each call bounded by
 * JH_API_TIMEOUT_MS (headers and body) and REPLY_LIMIT:
 * - passport: `GET {JH_PASSPORT_API_BASE}/api.php?app=passport&action=login&passport=&password=`
 *   -> `{"state": "success" | ..., "info", "data": {pid, email, type}}`;
 * - 正方: `GET {JH_ZF_API_BASE}/student/classZf.php?username=&password=&year=&term=`
 *   -> `{"status": "success" | ..., "msg"}`.
 * Both take the password in the query string, as those endpoints are defined;
 * URLs are never logged. Every failure (an UpstreamUnavailable) is told to `watch` as well as thrown.
 */
export class HttpJhUpstream implements JhUpstream {
  constructor(
    private readonly env: Bindings,
    private readonly watch: FailureWatcher = () => {},
  ) {}

  private async getJson(system: UpstreamSystem, url: string): Promise<Record<string, unknown>> {
    const timeoutMs = config(this.env).JH_API_TIMEOUT_MS;
    let text: string;
    try {
      const res = await upstreamCall(url, { method: "GET" }, { timeoutMs, maxBytes: REPLY_LIMIT });
      text = replyText(res);
      if (!res.ok) throw new UpstreamUnavailable(system, "down", `HTTP ${res.status}`);
    } catch (err) {
      // The transport's own message may name the host or worse: the record keeps the surface's words only.
      if (err instanceof UpstreamError)
        throw err.timedOut
          ? new UpstreamUnavailable(system, "timeout", `${timeoutMs} 毫秒内未答完`)
          : new UpstreamUnavailable(system, "down", "连接失败、中断或回复过大");
      throw err;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new UpstreamUnavailable(system, "garbled", "回复不是 JSON");
    }
    if (!isRecord(body)) throw new UpstreamUnavailable(system, "garbled", "回复不是 JSON 对象");
    return body;
  }

  /** Runs one call of the interface, telling `watch` of its failure. */
  private async watched<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof UpstreamUnavailable) this.watch(err);
      throw err;
    }
  }

  passportLogin(pid: string, password: string): Promise<PassportResult> {
    return this.watched(() => this.passport(pid, password));
  }

  private async passport(pid: string, password: string): Promise<PassportResult> {
    const query = new URLSearchParams({ app: "passport", action: "login", passport: pid, password });
    const body = await this.getJson("passport", `${config(this.env).JH_PASSPORT_API_BASE}/api.php?${query}`);
    if (body.state === "success") {
      const data = isRecord(body.data) ? body.data : {};
      const text = (value: unknown, fallback = "") => (typeof value === "string" || typeof value === "number" ? String(value) : fallback);
      return { ok: true, account: { pid: text(data.pid, pid), email: text(data.email), type: text(data.type) } };
    }
    if (typeof body.state !== "string") throw new UpstreamUnavailable("passport", "garbled", "回复没有 state");
    const info = typeof body.info === "string" ? body.info : "";
    return { ok: false, reason: info.includes("密码不正确") ? "password" : "unregistered" };
  }

  private async classZf(pid: string, password: string, term: ZfTerm) {
    const query = new URLSearchParams({ username: pid, password, year: String(term.year), term: String(term.term) });
    const body = await this.getJson("zf", `${config(this.env).JH_ZF_API_BASE}/student/classZf.php?${query}`);
    if (typeof body.status !== "string") throw new UpstreamUnavailable("zf", "garbled", "回复没有 status");
    return body;
  }

  zfLogin(pid: string, password: string, term: ZfTerm): Promise<boolean> {
    return this.watched(async () => (await this.classZf(pid, password, term)).status === "success");
  }

  zfCourses(pid: string, password: string, term: ZfTerm): Promise<Course[] | null> {
    return this.watched(async () => {
      const body = await this.classZf(pid, password, term);
      if (body.status !== "success") return null;
      const list = body.msg;
      if (!Array.isArray(list) || list.length > MAX_COURSES || !list.every(isRecord)) {
        throw new UpstreamUnavailable("zf", "garbled", "课表不是课程列表");
      }
      return list.map(courseOf);
    });
  }
}
