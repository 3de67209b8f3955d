import { Hono } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { readForm } from "../../../platform/console/form";
import { render } from "../../../platform/console/page";
import { Field, PostForm } from "../../../platform/console/ui";
import { DEFAULT_SLOTS, DEVICE_ID_PATTERN, LIMITS } from "../cabinet-limits";
import { createDevice } from "../devices";
import { AreaNav, HERE } from "./area-nav";
import { filled, wholeNumber } from "./form";
import { SecretOnce } from "./secret-once";
import { worded } from "./words";

/** 新增柜机: provisioning a cabinet, whose secret the answer shows once. */
export const provisionPages = new Hono<ConsoleEnv>({ strict: false });

const PATH = `${HERE}/new`;

const provisionForm = v.object({
  device_id: v.pipe(
    v.string("请填写柜机编号"),
    v.trim(),
    v.nonEmpty("请填写柜机编号"),
    v.regex(DEVICE_ID_PATTERN, "柜机编号只能包含字母、数字和 _ . -，至多 64 个字符"),
  ),
  name: filled("名称", LIMITS.deviceName),
  location: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.location, `位置至多 ${LIMITS.location} 个字符`)), ""),
  slots: wholeNumber("槽位数", 1, LIMITS.slots),
});

provisionPages.get("/", (c) =>
  render(
    c,
    "新增柜机",
    <>
      <AreaNav current="new" />
      <section class="card">
        <PostForm action={PATH} csrf={c.var.viewer.csrf} label="新增柜机">
          <Field
            label="柜机编号"
            name="device_id"
            required
            maxlength={64}
            autocomplete="off"
            hint="柜机配置里的 device_id：字母、数字和 _ . -，创建后不能修改"
          />
          <Field label="名称" name="name" required maxlength={LIMITS.deviceName} hint="学生在小程序里看到的名称" />
          <Field label="位置" name="location" maxlength={LIMITS.location} />
          <Field label="槽位数" name="slots" type="number" required min={1} max={LIMITS.slots} value={DEFAULT_SLOTS} />
          <button type="submit">创建并生成密钥</button>
        </PostForm>
      </section>
    </>,
  ),
);

provisionPages.post("/", async (c) => {
  const form = await readForm(c, provisionForm);
  const created = await worded(createDevice(c.var.db, form), form.device_id);
  return render(
    c,
    "柜机已创建",
    <>
      <AreaNav />
      <SecretOnce deviceId={created.device_id} secret={created.secret} />
    </>,
  );
});
