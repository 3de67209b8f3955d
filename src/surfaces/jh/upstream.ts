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

export interface JhUpstream {
  passportLogin(pid: string, password: string): Promise<PassportResult>;
  /** Whether 正方 accepts the student number and password (checked by reading the term's timetable). */
  zfLogin(pid: string, password: string, term: ZfTerm): Promise<boolean>;
}

export type UpstreamSystem = "passport" | "zf";

/** The upstream could not be reached, timed out, or answered something unreadable. */
export class UpstreamUnavailable extends Error {
  constructor(
    readonly system: UpstreamSystem,
    readonly timedOut: boolean,
    reason: string,
  ) {
    super(`${system}: ${reason}`);
    this.name = "UpstreamUnavailable";
  }
}
