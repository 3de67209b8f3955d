import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage } from "./helpers";

describe("the dev worker in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("answers /health on a phone-sized page with the database up", async () => {
    const opened = await newPage(browser, { phone: true });
    const res = await opened.page.goto(`${baseUrl}/health`);
    expect(res?.status()).toBe(200);
    expect(await res?.json()).toMatchObject({ ok: true, d1: "ok" });
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });
});
