import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage, screenshot } from "./helpers";

describe("/docs in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders the API reference from /openapi.json with nothing fetched off this machine", async () => {
    const spec = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
      info: { title: string };
      paths: Record<string, Record<string, { summary?: string }>>;
    };
    const healthSummary = spec.paths["/health"].get.summary;
    expect(healthSummary).toBeTruthy();

    const opened = await newPage(browser);
    const errors: string[] = [];
    opened.page.on("pageerror", (err) => errors.push(err.message));
    const requested: string[] = [];
    opened.page.on("request", (req) => requested.push(new URL(req.url()).pathname));

    const res = await opened.page.goto(`${baseUrl}/docs`);
    expect(res?.status()).toBe(200);
    // Scalar has fetched the document and rendered its operations.
    await opened.page.getByText(healthSummary!, { exact: true }).first().waitFor({ state: "visible", timeout: 60_000 });
    await opened.page.getByText(spec.info.title).first().waitFor({ state: "visible" });
    await screenshot(opened.page, "docs");

    expect(requested).toContain("/docs/scalar.js");
    expect(requested).toContain("/openapi.json");
    expect(errors).toEqual([]);
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });

  it("serves the viewer as a static asset while /docs/ and unknown paths still reach the worker", async () => {
    const viewer = await fetch(`${baseUrl}/docs/scalar.js`);
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get("content-type")).toMatch(/javascript/);
    expect(await viewer.text()).toContain("createApiReference");
    const slashed = await fetch(`${baseUrl}/docs/`);
    expect(slashed.status).toBe(200);
    expect(await slashed.text()).toContain('<script src="/docs/scalar.js"></script>');
    // public/.assetsignore is never served; the worker answers 404 for it as for any unknown path.
    const ignored = await fetch(`${baseUrl}/.assetsignore`);
    expect(ignored.status).toBe(404);
    expect(await ignored.text()).not.toContain("assets directory");
  });

  it("renders on a phone-sized screen too", async () => {
    const opened = await newPage(browser, { phone: true });
    await opened.page.goto(`${baseUrl}/docs`);
    await opened.page.getByText("Campus Edge").first().waitFor({ state: "visible", timeout: 60_000 });
    await screenshot(opened.page, "docs-phone");
    expectOnlyLocalRequests(opened);
    await opened.context.close();
  });
});
