import { describe, expect, it } from "vitest";
import { getJson } from "./helpers";
import { lib } from "./library-helpers";

describe("library /test and /schema", () => {
  it("/test answers status 0", async () => {
    expect((await lib("/test")).body).toEqual({ status: 0, version: expect.any(String) });
    expect((await lib("/test", {}, { slash: false })).body.status).toBe(0);
  });

  it("/schema is this surface's part of the OpenAPI document, trailing-slash paths only", async () => {
    const { body } = await getJson("/library/schema");
    expect(body.openapi).toBe("3.1.0");
    const paths = Object.keys(body.paths);
    expect(paths).toContain("/library/user/login/");
    expect(paths).toContain("/library/libuser/hold_req_cancel/");
    expect(paths).toContain("/library/notice/");
    expect(paths).not.toContain("/library/user/login");
    expect(paths.every((p) => p.startsWith("/library/"))).toBe(true);
    const find = body.paths["/library/libuser/find/"].get;
    expect(find.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["session", "keyword", "code"]));
    expect(body.paths["/library/advise/"].post).toBeDefined();
  });

  it("the library routes are in the whole worker's /openapi.json too", async () => {
    const { body } = await getJson("/openapi.json");
    expect(body.paths["/library/libuser/login/"]).toBeDefined();
    expect(body.paths["/library/libuser/login"]).toBeUndefined();
    expect(body.paths["/service/user/login"]).toBeDefined();
  });

  it("/openapi.json writes every library path with the trailing slash, and other surfaces' without", async () => {
    const paths = Object.keys((await getJson("/openapi.json")).body.paths);
    const library = paths.filter((p) => p.startsWith("/library/"));
    expect(library.length).toBeGreaterThan(30);
    expect(library.filter((p) => !p.endsWith("/"))).toEqual([]);
    expect(paths).toContain("/library/schema/");
    expect(paths.filter((p) => p.startsWith("/service/") && p.endsWith("/"))).toEqual([]);
    expect(paths.filter((p) => p.startsWith("/admin/library/") && p.endsWith("/"))).toEqual([]);
  });

  it("an unknown library path is a 404 in the library envelope", async () => {
    const { http, body } = await lib("/libuser/nothing");
    expect(http).toBe(404);
    expect(body).toMatchObject({ status: 6, err_msg: "NOT_FOUND" });
  });
});
