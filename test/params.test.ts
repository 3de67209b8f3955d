import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, wxCode } from "./helpers";

describe("parameter names that would reach an object's prototype", () => {
  it("a JSON __proto__ neither pollutes nor supplies a parameter", async () => {
    const res = await SELF.fetch(`${BASE}/library/user/vertify_session/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"__proto__": {"session": "a.b.c", "polluted": "yes"}, "nested": {"__proto__": {"polluted": "yes"}}}',
    });
    expect(await res.json()).toEqual({ status: 4, err_msg: "PARAM_session_MISS" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).session).toBeUndefined();
  });

  it("constructor keys in JSON, form fields and the query do not reach a strict schema", async () => {
    const json = await SELF.fetch(`${BASE}/service/user/getOpenid`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ js_code: await wxCode("params-ctor-1"), constructor: { prototype: { polluted: "yes" } } }),
    });
    expect(await json.json()).toMatchObject({ code: 0, data: { openid: expect.any(String) } });
    const form = await SELF.fetch(`${BASE}/service/user/getOpenid?constructor=x&__proto__=y`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ js_code: await wxCode("params-ctor-2"), constructor: "x", __proto__: "y" }).toString(),
    });
    expect(await form.json()).toMatchObject({ code: 0, data: { openid: expect.any(String) } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
