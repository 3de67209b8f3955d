import { describe, expect, it } from "vitest";
import { operatorBrowser, visibleText } from "./console-helpers";
import { postForm, wxCode } from "./helpers";

async function registered(openid: string, phone: string) {
  const handle = (await postForm("/service/user/getOpenid", { js_code: await wxCode(openid) })).body.data.openid;
  expect((await postForm("/service/user/login", { openid: handle, phone, qq: "10001", cardno: "201901010101" })).body.code).toBe(0);
  return handle;
}

describe("the 002 users in the console", () => {
  it("lists the users, and ends every handle of one: their client must call getOpenid again", async () => {
    const handle = await registered("o-console-service-1", "13811112222");
    const browser = await operatorBrowser("ops.service", ["service"]);
    const page = await browser.get("/console/service");
    expect(page.status).toBe(200);
    expect(visibleText(page.html)).toContain("o-console-service-1");
    expect(visibleText(page.html)).toContain("13811112222");

    const res = await browser.post("/console/service/revoke", { openid: "o-console-service-1" });
    expect(res.status).toBe(303);
    expect(visibleText((await browser.get(res.location ?? "")).html)).toContain("已注销该用户的所有登录凭据");
    expect((await postForm("/service/user/get", { openid: handle })).body.code).toBe(-1);

    const unknown = await browser.post("/console/service/revoke", { openid: "o-nobody" });
    expect(visibleText(unknown.html + (unknown.location ? (await browser.get(unknown.location)).html : ""))).toContain("没有这个用户");
  });

  it("is refused to an operator without the service scope", async () => {
    const browser = await operatorBrowser("ops.noservice", ["library"]);
    expect((await browser.get("/console/service")).status).toBe(403);
  });
});
