import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { getJson } from "./helpers";

describe("/health", () => {
  it("reports the version and that D1 answers", async () => {
    const { status, body, headers } = await getJson("/health");
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/), d1: "ok" });
    expect(headers.get("x-request-id")).toBeTruthy();
  });

  it("says so with a 503 when D1 does not answer", async () => {
    const brokenDb = {
      prepare: () => {
        throw new Error("D1 is down");
      },
    } as unknown as D1Database;
    const res = await createApp().fetch(new Request("http://campus.test/health"), { ...env, DB: brokenDb });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, version: expect.any(String), d1: "unavailable" });
  });

  it("answers an unknown path with a JSON 404, not a stack trace", async () => {
    const { status, body } = await getJson("/nowhere");
    expect(status).toBe(404);
    expect(body.error).toBe("not_found");
  });
});

describe("oversized bodies", () => {
  it("are refused in the surface's envelope", async () => {
    const res = await SELF.fetch("http://campus.test/service/user/get", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `openid=${"x".repeat(2 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: -1, msg: "the request body is too large" });
  });
});
