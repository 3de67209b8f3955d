import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { consumerOptions, scanOptions } from "../src/reminders/config";
import { scanDue } from "../src/reminders/scan";
import { deliver } from "../src/reminders/send";
import { type D1Recorder, recordD1 } from "./d1-recorder";
import { captureQueue, db, deliverDeadLetters, openidFor, remind } from "./reminders-helpers";

/** D1 round trips of the reminder pipeline, leaving out the WeChat simulator's own. */
let recorder: D1Recorder | null = null;
const start = () => {
  recorder = recordD1(env.DB);
  return recorder;
};
const roundTrips = (r: D1Recorder) =>
  r.calls.filter((c) => !c.statements.every((s) => /\bsim_\w+/.test(s.sql))).map((c) => `${c.method}:${c.statements.length}`);

afterEach(() => {
  recorder?.stop();
  recorder = null;
});

describe("reminder round trips", () => {
  it("a scan with nothing due: the sweep, one claim of due rows and one of lost ones", async () => {
    const r = start();
    const report = await scanDue(db, captureQueue(), scanOptions(env, { now: 0 }));
    r.stop();
    expect(report.statements).toBe(3);
    expect(roundTrips(r)).toEqual(["run:1", "run:1", "run:1"]);
  });

  it("a delivery: one claim and one settle; a repeated message: the claim and one read", async () => {
    const id = await remind(openidFor("trips"));
    await scanDue(db, captureQueue(), scanOptions(env, { maxPerSecond: Number.POSITIVE_INFINITY }));
    const r = start();
    expect((await deliver(env, { id }, consumerOptions(env))).result).toBe("sent");
    r.stop();
    expect(roundTrips(r)).toHaveLength(2);
    const again = start();
    expect((await deliver(env, { id }, consumerOptions(env))).result).toBe("duplicate");
    again.stop();
    expect(roundTrips(again)).toHaveLength(2);
  });

  it("a dead letter: one atomic batch of its two conditional updates", async () => {
    const id = await remind(openidFor("trips-dead"));
    await scanDue(db, captureQueue(), scanOptions(env, { maxPerSecond: Number.POSITIVE_INFINITY }));
    const r = start();
    expect(await deliverDeadLetters([id])).toEqual({ acked: [id], retried: [] });
    r.stop();
    expect(roundTrips(r)).toEqual(["batch:2"]);
  });
});
