import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { inject } from "vitest";

/** Origin of the dev worker started by the global setup. */
export const baseUrl = inject("baseUrl");

const screenshots = join(import.meta.dirname, "screenshots");

/**
 * Headless Chromium (CHROMIUM_PATH or Debian's /usr/bin/chromium). playwright gives it a fresh profile
 * in a temporary directory and removes it on close().
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page requested whose host is not 127.0.0.1 (data: and blob: URLs aside). */
  foreign: string[];
}

/** A new page in its own context; `phone` gives a 390x844 touch viewport, as a mini-program's web view. */
export async function newPage(browser: Browser, options: { phone?: boolean } = {}): Promise<OpenedPage> {
  const context = await browser.newContext(
    options.phone
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 900 } },
  );
  const foreign: string[] = [];
  // Requests leaving the machine are recorded and refused, so a page can never depend on the network.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") return route.continue();
    foreign.push(url.href);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  return { page, context, foreign };
}

/** Fails when the page requested any host other than 127.0.0.1. */
export function expectOnlyLocalRequests(opened: OpenedPage): void {
  if (opened.foreign.length > 0) throw new Error(`the page requested other hosts:\n${opened.foreign.join("\n")}`);
}

/** Saves a full-page screenshot as test/browser/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshots, { recursive: true });
  const file = join(screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Signs in through the real sign-in page, as a person does: `from` is the page first asked for (the sign-in
 * page by default), where the console lands afterwards (`/console` when it was the sign-in page itself).
 */
export async function signIn(page: Page, username: string, password: string, opts: { summer?: boolean; from?: string } = {}) {
  const from = opts.from ?? "/console/login";
  await page.goto(`${baseUrl}${from}`);
  await page.getByLabel(opts.summer ? "暑期学校员工账号" : "运营人员账号").check();
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(`${baseUrl}${from === "/console/login" ? "/console" : from}`);
}
