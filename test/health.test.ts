import { describe, expect, it } from "vitest";
import { getJson } from "./helpers";

describe("/health", () => {
  it("reports the version and that D1 answers", async () => {
    const { status, body, headers } = await getJson("/health");
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/), d1: "ok" });
    expect(headers.get("x-request-id")).toBeTruthy();
  });

  it("answers an unknown path with a JSON 404, not a stack trace", async () => {
    const { status, body } = await getJson("/nowhere");
    expect(status).toBe(404);
    expect(body.error).toBe("not_found");
  });
});
