import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { redirectWith } from "../../../platform/console/flash";
import { readForm } from "../../../platform/console/form";
import { render, when } from "../../../platform/console/page";
import { Badge, Facts, Field, PostForm, Table, TextArea } from "../../../platform/console/ui";
import { AppError } from "../../../platform/errors";
import { LIMITS, TAG_PATTERN } from "../cabinet-limits";
import type { CabinetInspection, PlacedItem } from "../cabinet-rpc";
import { retireDevice, rotateSecret } from "../devices";
import { cabinetOverview } from "../overview";
import { placeItems, resizeCabinet } from "../stocking";
import { AnomalyTable } from "./anomaly-table";
import { AreaNav, cabinetHref, HERE } from "./area-nav";
import { ONLINE_RULE } from "./cabinets";
import { filled, wholeNumber } from "./form";
import { SecretOnce } from "./secret-once";
import { timeText, whenIso } from "./time";
import { commandKind, worded } from "./words";

/** One cabinet: its live state as its Cabinet object sees it, and what the sports office does to it. */
export const cabinetPages = new Hono<ConsoleEnv>({ strict: false });

type Slot = CabinetInspection["slots"][number];
type Command = CabinetInspection["commands"][number];

const itemLine = v.object({
  slot: wholeNumber("槽位", 1, LIMITS.slots),
  tag: v.pipe(v.string(), v.trim(), v.regex(TAG_PATTERN, "标签只能包含字母、数字和 _ . -，至多 64 个字符")),
  name: filled("名称", LIMITS.itemName),
  type: filled("类型", LIMITS.itemType),
});

/** One item per line, `槽位,标签,名称,类型` (comma, full-width comma or tab between). */
const itemLines = v.pipe(
  v.string("请填写要放入的物品"),
  v.trim(),
  v.nonEmpty("请填写要放入的物品"),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const lines = dataset.value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "");
    if (lines.length > LIMITS.itemsAtOnce) {
      addIssue({ message: `一次至多放入 ${LIMITS.itemsAtOnce} 件物品` });
      return NEVER;
    }
    const items: PlacedItem[] = [];
    for (const [i, line] of lines.entries()) {
      const [slot = "", tag = "", name = "", type = "", ...extra] = line.split(/\s*[,，\t]\s*/);
      const parsed = v.safeParse(itemLine, { slot, tag, name, type });
      if (extra.length > 0 || !parsed.success) {
        addIssue({ message: `第 ${i + 1} 行：${parsed.success ? "每行只写 槽位,标签,名称,类型 四项" : parsed.issues[0].message}` });
        return NEVER;
      }
      items.push(parsed.output);
    }
    return items;
  }),
);

const LiveState = ({ c, live }: { c: Context<ConsoleEnv>; live: CabinetInspection }) => {
  const [current, previous] = live.codes;
  return (
    <>
      <section class="card">
        <Facts
          items={[
            ["在线状态", live.online ? <Badge tone="ok">在线</Badge> : <Badge tone="bad">离线</Badge>],
            ["最近轮询", whenIso(c, live.last_poll_at) || "从未"],
            ["屏幕验证码", current ? <strong>{current}</strong> : <span class="muted">暂无（柜机轮询后生成）</span>],
            ["上一个验证码", previous ? <span>{previous}（仍可使用）</span> : "—"],
          ]}
        />
      </section>
      <h2>槽位</h2>
      <Table<Slot>
        caption="槽位与标签"
        rows={live.slots}
        empty="柜机没有槽位。"
        columns={[
          { label: "槽位", cell: (s) => s.slot },
          { label: "标签", cell: (s) => s.tag ?? <span class="muted">空</span> },
          { label: "名称", cell: (s) => s.name ?? "" },
          { label: "类型", cell: (s) => s.type ?? "" },
        ]}
      />
      <h2>进行中的开门指令</h2>
      <Table<Command>
        caption="进行中的开门指令"
        rows={live.commands}
        empty="没有进行中的开门指令。"
        columns={[
          { label: "指令", cell: (cmd) => cmd.command_id },
          { label: "用途", cell: (cmd) => commandKind(cmd.kind) },
          { label: "槽位", cell: (cmd) => cmd.slot },
          { label: "超时时间", cell: (cmd) => whenIso(c, cmd.expires_at) },
        ]}
      />
    </>
  );
};

cabinetPages.get("/", (c) => c.redirect(HERE, 303));

cabinetPages.get("/:id", async (c) => {
  const id = c.req.param("id");
  const overview = await cabinetOverview(c.var.db, c.env, id);
  if (!overview) throw new AppError("not_found", `没有编号为 ${id} 的柜机`);
  const { device, live, anomalies } = overview;
  const here = cabinetHref(id);
  const csrf = c.var.viewer.csrf;
  return render(
    c,
    `柜机 ${device.name}`,
    <>
      <AreaNav />
      <Facts
        items={[
          ["编号", device.id],
          ["名称", device.name],
          ["位置", device.location || "—"],
          ["槽位数", device.slotCount],
          [
            "状态",
            device.retiredAt === null ? <Badge tone="ok">在用</Badge> : <Badge tone="warn">已停用（{when(c, device.retiredAt)}）</Badge>,
          ],
          ["密钥生成于", when(c, device.secretRotatedAt)],
          ["创建于", when(c, device.createdAt)],
        ]}
      />
      <h2>实时状态</h2>
      <p class="muted">{ONLINE_RULE}以下内容每 3 秒自动刷新。</p>
      <div id="cabinet-live" data-live="3">
        <LiveState c={c} live={live} />
        <h2>最近异常</h2>
        <AnomalyTable at={timeText(c)} rows={anomalies} caption="此柜机最近的异常" />
        <p>
          <a href={`${HERE}/anomalies?device_id=${encodeURIComponent(id)}`}>查看此柜机的全部异常</a>
        </p>
      </div>
      {device.retiredAt === null ? (
        <>
          <h2>放入物品</h2>
          <section class="card">
            <PostForm action={`${here}/items`} csrf={csrf} label="放入物品">
              <TextArea label="物品（每行一件：槽位,标签,名称,类型）" name="items" required />
              <p class="muted">
                例如 <code>1,T-0001,斯伯丁篮球,篮球</code>。已在别处的标签会移到这里；已借出的物品只能通过归还放回。
              </p>
              <button type="submit">放入</button>
            </PostForm>
          </section>
          <h2>修改槽位数</h2>
          <section class="card">
            <PostForm action={`${here}/slots`} csrf={csrf} label="修改槽位数">
              <Field
                label="槽位数"
                name="slots"
                type="number"
                required
                min={1}
                max={LIMITS.slots}
                value={device.slotCount}
                hint="减少槽位时，去掉的槽位必须是空的"
              />
              <button type="submit">保存槽位数</button>
            </PostForm>
          </section>
          <h2>密钥与停用</h2>
          <section class="card">
            <p>
              重新生成密钥后旧密钥立即失效，柜机要配置新密钥才能继续工作。停用后柜机从学生的列表中移除，它的请求都会被拒绝，且不能恢复。
            </p>
            <div class="toolbar">
              <PostForm action={`${here}/secret`} csrf={csrf} inline label="重新生成密钥" confirm="旧密钥会立即失效，确定重新生成密钥吗？">
                <button type="submit" class="secondary">
                  重新生成密钥
                </button>
              </PostForm>
              <PostForm action={`${here}/retire`} csrf={csrf} inline label="停用柜机" confirm={`确定停用柜机 ${id} 吗？停用后不能恢复。`}>
                <button type="submit" class="danger">
                  停用柜机
                </button>
              </PostForm>
            </div>
          </section>
        </>
      ) : (
        <p class="muted">此柜机已停用，不能再放入物品或更换密钥。</p>
      )}
    </>,
  );
});

cabinetPages.post("/:id/items", async (c) => {
  const id = c.req.param("id");
  const { items } = await readForm(c, v.object({ items: itemLines }));
  await worded(placeItems(c.var.db, c.env, id, items), id);
  return redirectWith(c, cabinetHref(id), `已放入 ${items.length} 件物品`);
});

cabinetPages.post("/:id/slots", async (c) => {
  const id = c.req.param("id");
  const { slots } = await readForm(c, v.object({ slots: wholeNumber("槽位数", 1, LIMITS.slots) }));
  await worded(resizeCabinet(c.var.db, c.env, id, slots), id);
  return redirectWith(c, cabinetHref(id), `槽位数已改为 ${slots}`);
});

cabinetPages.post("/:id/secret", async (c) => {
  const id = c.req.param("id");
  const rotated = await worded(rotateSecret(c.var.db, id), id);
  return render(
    c,
    "已重新生成密钥",
    <>
      <AreaNav />
      <p role="status">旧密钥已失效，柜机用旧密钥签名的请求将被拒绝。</p>
      <SecretOnce deviceId={rotated.device_id} secret={rotated.secret} />
    </>,
  );
});

cabinetPages.post("/:id/retire", async (c) => {
  const id = c.req.param("id");
  await worded(retireDevice(c.var.db, c.env, id), id);
  return redirectWith(c, cabinetHref(id), `柜机 ${id} 已停用`);
});
