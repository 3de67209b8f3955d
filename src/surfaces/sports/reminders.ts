import type { Bindings, Db } from "../../env";
import { config } from "../../platform/config";
import { cancelReminders, scheduleReminder } from "../../platform/reminders";
import { formatDateTime } from "../../platform/time";
import { wechatAppOf } from "../../platform/wechat/client";
import { SURFACE } from "./name";

export const reminderKeys = (rentalId: string) => [`${SURFACE}:rental:${rentalId}:due-soon`, `${SURFACE}:rental:${rentalId}:overdue`];

/** WeChat `thing` values hold at most 20 characters. */
const thing = (s: string) => ({ value: Array.from(s).slice(0, 20).join("") });

/**
 * A due-soon reminder (SPORTS_DUE_SOON_MINUTES, default 15, before the due
 * time) and an overdue one (at the due time). A kind whose template id is
 * not configured is not scheduled.
 */
export async function scheduleRentalReminders(
  db: Db,
  env: Bindings,
  r: { rentalId: string; openid: string; itemName: string; deviceName: string; dueAt: number; now: number },
) {
  const appid = wechatAppOf(env, "SPORTS").appid;
  const due = formatDateTime(r.dueAt, config(env).LOCAL_UTC_OFFSET).slice(0, 16);
  const [dueSoonKey, overdueKey] = reminderKeys(r.rentalId);
  const dueSoonTemplate = config(env).SPORTS_DUE_SOON_TEMPLATE_ID;
  const overdueTemplate = config(env).SPORTS_OVERDUE_TEMPLATE_ID;
  const base = { surface: SURFACE, appid, openid: r.openid, page: "pages/index/index" };
  if (dueSoonTemplate) {
    const sendAt = Math.max(r.now, r.dueAt - config(env).SPORTS_DUE_SOON_MINUTES * 60_000);
    await scheduleReminder(db, {
      ...base,
      templateId: dueSoonTemplate,
      data: { thing1: thing(r.itemName), thing2: thing(r.deviceName), time3: { value: due }, thing4: thing("即将到期，请按时归还") },
      sendAt,
      dedupeKey: dueSoonKey,
    });
  }
  if (overdueTemplate) {
    await scheduleReminder(db, {
      ...base,
      templateId: overdueTemplate,
      data: { thing1: thing(r.itemName), thing2: thing(r.deviceName), time3: { value: due }, thing4: thing("已逾期，请尽快归还") },
      sendAt: r.dueAt,
      dedupeKey: overdueKey,
    });
  }
}

export async function cancelRentalReminders(db: Db, rentalId: string) {
  await cancelReminders(db, reminderKeys(rentalId));
}
