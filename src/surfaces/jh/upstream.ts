/**
 * What the 精弘 surface needs from the campus upstreams: the 精弘 passport
 * (user center) and the 正方 academic system. `HttpJhUpstream`
 * (http-upstream.ts) speaks the original server's endpoints.
 */
export interface PassportAccount {
  pid: string;
  email: string;
  type: string;
}

/** The passport's verdict: the account, or why it refused (a wrong password, or anything else: not registered). */
export type PassportResult = { ok: true; account: PassportAccount } | { ok: false; reason: "password" | "unregistered" };

/** A 正方 term: the academic year it starts in and 3 (first), 12 (second) or 16 (short). */
export interface ZfTerm {
  year: number;
  term: number;
}

/** One class of a timetable, in the original server's field names (its CourseUni). */
export interface Course {
  name: string;
  college: string;
  type: string;
  teacher: string;
  campus: string;
  location: string;
  /** The weeks, e.g. "1-16" (正方's "1-16周" without 周). */
  weekrange: string;
  /** 1 Monday .. 7 Sunday, as 正方 writes it. */
  dayofweek: string;
  /** The periods of the day, e.g. "1-2". */
  timerange: string;
  classscore: number;
  classhour: number;
}

export interface JhUpstream {
  passportLogin(pid: string, password: string): Promise<PassportResult>;
  /** Whether 正方 accepts the student number and password (checked by reading the term's timetable). */
  zfLogin(pid: string, password: string, term: ZfTerm): Promise<boolean>;
  /** The term's timetable from 正方; null when 正方 refuses the student number and password. */
  zfCourses(pid: string, password: string, term: ZfTerm): Promise<Course[] | null>;
}

export type UpstreamSystem = "passport" | "zf";

/** How an upstream call failed: no answer in time, unreachable or an error status, or an answer that is not the endpoint's. */
export type UpstreamFailureKind = "timeout" | "down" | "garbled";

/** The upstream could not be reached, timed out, or answered something unreadable. */
export class UpstreamUnavailable extends Error {
  readonly timedOut: boolean;

  constructor(
    readonly system: UpstreamSystem,
    readonly kind: UpstreamFailureKind,
    /** In the surface's own words (an HTTP status, what was wrong with the reply): never the URL nor the upstream's text. */
    readonly detail: string,
  ) {
    super(`${system}: ${detail}`);
    this.name = "UpstreamUnavailable";
    this.timedOut = kind === "timeout";
  }
}
