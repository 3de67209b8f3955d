import { describe, expect, it } from "vitest";
import { createSimulatorsApp } from "../simulators/src/app";
import { simJson } from "./helpers";

describe("the simulators worker", () => {
  it("documents every route it serves in /__sim/openapi.json", async () => {
    const { status, body } = await simJson("/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    const canonical = (p: string) => p.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}").replace(/(.)\/$/, "$1");
    const documented = new Set(Object.keys(body.paths).map(canonical));
    const undocumented = createSimulatorsApp()
      .routes.filter((r) => r.method !== "ALL" && r.path !== "/__sim/openapi.json")
      .map((r) => canonical(r.path))
      .filter((p) => !documented.has(p));
    expect([...new Set(undocumented)]).toEqual([]);
    expect(body.paths["/__sim/wechat/code"].post.requestBody.content["application/json"].schema.required).toEqual(["openid"]);
    expect(body.paths["/__sim/aleph/X"].get).toBeDefined();
  });

  it("answers an unknown path 404 and bad parameters 400, in the plain envelope", async () => {
    expect(await simJson("/nothing-here")).toMatchObject({ status: 404, body: { error: "not_found" } });
    expect(await simJson("/wechat/code", {})).toMatchObject({ status: 400, body: { error: "missing_param", field: "openid" } });
  });
});
