import { describe, expect, it } from "vitest";
import { getJson } from "./helpers";

describe("/openapi.json for 004", () => {
  it("documents every method of /jh/api/user with its fields and messages", async () => {
    const { body } = await getJson("/openapi.json");
    const user = body.paths["/jh/api/user"];
    const schema = user.post.requestBody.content["application/x-www-form-urlencoded"].schema;
    const options: any[] = schema.oneOf ?? schema.anyOf;
    const byMethod = Object.fromEntries(options.map((o) => [o.title, o]));
    for (const method of ["register", "register2", "login", "autologin", "changepw", "changenickname", "wejhlogin"]) {
      expect(byMethod[method], method).toBeDefined();
      expect(byMethod[method].description).toContain("Messages:");
    }
    expect(byMethod.changepw.properties.method.enum).toEqual(["changepw", "changpw"]);
    expect(byMethod.login.required).toEqual(expect.arrayContaining(["method", "username", "password", "devicetype"]));
    expect(byMethod.register.description).toContain("用户名不符合命名规则");
    expect(user.get.responses["200"]).toBeDefined();
  });

  it("documents every 004 endpoint and the operators' routes", async () => {
    const { body } = await getJson("/openapi.json");
    for (const path of ["bind", "getinfo", "shared", "setinfo"]) {
      expect(body.paths[`/jh/api/${path}`].post, path).toBeDefined();
      expect(body.paths[`/jh/api/${path}`].get, path).toBeDefined();
    }
    expect(body.paths["/jh/api/time"].get).toBeDefined();
    expect(body.paths["/jh/api/bind"].post.description).toContain("绑定类型错误");
    expect(body.paths["/admin/jh/users/import"].post.security).toEqual([{ operatorToken: [] }]);
    expect(body.paths["/admin/jh/terms"].post).toBeDefined();
  });
});
