import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, expectOnlyLocalRequests, launchBrowser, newPage, screenshot } from "./helpers";

const root = join(import.meta.dirname, "..", "..");

/** The cabinet simulator (tools/cabinet.mjs) polling the dev worker over HTTP; its output is kept. */
function startCabinet(deviceId: string, secret: string, slots: string, stateDir: string) {
  const child = spawn(
    process.execPath,
    [
      join(root, "tools", "cabinet.mjs"),
      "--device",
      deviceId,
      "--secret",
      secret,
      "--url",
      baseUrl,
      "--slots",
      slots,
      "--state",
      join(stateDir, `${deviceId}.json`),
    ],
    { cwd: root, stdio: ["pipe", "pipe", "pipe"] },
  );
  const output = { text: "" };
  child.stdout?.on("data", (chunk: Buffer) => {
    output.text += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output.text += chunk.toString();
  });
  return { child, output };
}

function stopCabinet(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

describe("the sports office in the console", () => {
  let browser: Browser;
  let cabinet: ChildProcess | undefined;
  const stateDir = mkdtempSync(join(tmpdir(), "ce-cabinet-"));

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    if (cabinet) await stopCabinet(cabinet);
    await browser?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("provisions a cabinet, copies its secret, and sees it come online when the cabinet polls", async () => {
    const opened = await newPage(browser);
    const { page, context } = opened;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });

    await page.goto(`${baseUrl}/console/login`);
    await page.getByLabel("运营人员账号").check();
    await page.getByLabel("用户名").fill("demo_ops");
    await page.getByLabel("密码").fill("console-demo");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("link", { name: "体育器材" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "柜机" }).isVisible()).resolves.toBe(true);

    const deviceId = `browser-${Date.now().toString(36)}`;
    await page.getByRole("link", { name: "新增柜机" }).click();
    await page.getByLabel("柜机编号").fill(deviceId);
    await page.getByLabel("名称").fill("浏览器测试柜");
    await page.getByLabel("位置").fill("北操场");
    await page.getByLabel("槽位数").fill("4");
    await page.getByRole("button", { name: "创建并生成密钥" }).click();

    await page.getByRole("heading", { name: `柜机 ${deviceId} 的签名密钥` }).waitFor();
    const shown = (await page.locator("#cabinet-secret").textContent())?.trim() ?? "";
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByText("密钥只显示这一次").isVisible()).toBe(true);
    await page.getByRole("button", { name: "复制密钥" }).click();
    await page.getByRole("button", { name: "已复制" }).waitFor();
    const secret = await page.evaluate<string>("navigator.clipboard.readText()");
    expect(secret).toBe(shown);
    await screenshot(page, "console-sports-secret");

    // The cabinet's page: offline, no secret; the office puts a ball into slot 1.
    await page.getByRole("link", { name: "我已保存，查看柜机" }).click();
    const live = page.locator("#cabinet-live");
    await expect(live.getByText("离线").isVisible()).resolves.toBe(true);
    expect(await page.content()).not.toContain(secret);
    await page.getByLabel("物品（每行一件：槽位,标签,名称,类型）").fill(`1,${deviceId}-B1,浏览器篮球,篮球`);
    await page.getByRole("button", { name: "放入" }).click();
    await page.getByText("已放入 1 件物品").waitFor();

    // The simulated cabinet polls with the copied secret; the page shows it online without a reload.
    const started = startCabinet(deviceId, secret, `1=${deviceId}-B1,2=,3=,4=`, stateDir);
    cabinet = started.child;
    const url = page.url();
    await live.getByText("在线", { exact: true }).waitFor({ timeout: 30_000 });
    expect(page.url()).toBe(url);
    const code = (await live.locator("dt:text-is('屏幕验证码') + dd").textContent())?.trim() ?? "";
    expect(code).toMatch(/^\d{3}$/);
    expect(started.output.text).toContain(`display shows code`);
    expect(await live.getByRole("cell", { name: `${deviceId}-B1` }).isVisible()).toBe(true);
    await screenshot(page, "console-sports-cabinet-online");

    // The list says so too, and no page shows the secret again.
    await page.getByRole("link", { name: "柜机", exact: true }).click();
    const row = page.getByRole("row").filter({ hasText: deviceId });
    await row.getByText("在线", { exact: true }).waitFor({ timeout: 15_000 });
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, "console-sports-cabinets");
    expectOnlyLocalRequests(opened);
    await context.close();
  });

  it("lists the demo cabinets on a phone-sized screen", async () => {
    const opened = await newPage(browser, { phone: true });
    const { page, context } = opened;
    await page.goto(`${baseUrl}/console/login`);
    await page.getByLabel("用户名").fill("demo_sports");
    await page.getByLabel("密码").fill("sports-demo");
    await page.getByRole("button", { name: "登录" }).click();
    await page.goto(`${baseUrl}/console/sports`);
    expect(await page.getByRole("link", { name: "bj-1" }).isVisible()).toBe(true);
    await screenshot(page, "console-sports-cabinets-phone");
    await page.getByRole("link", { name: "借用记录" }).click();
    await page.getByRole("button", { name: "已逾期" }).click();
    expect(page.url()).toContain("state=overdue");
    expect(await page.getByRole("button", { name: "已逾期" }).getAttribute("aria-pressed")).toBe("true");
    await screenshot(page, "console-sports-rentals-phone");
    expectOnlyLocalRequests(opened);
    await context.close();
  });
});
