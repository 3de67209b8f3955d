import type { Context } from "hono";
import type { AppError, ErrorEnvelope } from "../../platform/errors";

/**
 * Document 001's envelope: `{code, msg, data, field_name}`, always HTTP 200.
 * 0 success, 400 validation (first problem, `field_name` the field), 401
 * not logged in (exactly `{"code":401,"msg":"未登陆"}`), 403, 404, and 100
 * from check_order.
 */
export const MSG_OK = "请求成功";
export const MSG_DONE = "操作成功";
export const MSG_FORBIDDEN = "您没有执行该操作的权限。";
export const MSG_REQUIRED = "该字段是必填项。";

export const ok = (c: Context, data: unknown, msg = MSG_OK) => c.json({ code: 0, msg, data, field_name: "" });

/** An action's reply: `{}` data and '操作成功' (or the document's own words). */
export const done = (c: Context, msg = MSG_DONE) => ok(c, {}, msg);

const reply = (c: Pick<Context, "json">, code: number, msg: string, fieldName = "") =>
  c.json({ code, msg, data: {}, field_name: fieldName });

/** valibot messages arrive as "field: message"; field_name already names the field. */
const withoutField = (err: AppError) =>
  err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;

export const summerEnvelope: ErrorEnvelope = (c, err) => {
  switch (err.kind) {
    case "unauthenticated":
      return c.json({ code: 401, msg: "未登陆" });
    case "forbidden":
      return reply(c, 403, MSG_FORBIDDEN);
    case "not_found":
      return reply(c, 404, "请求失败");
    case "missing_param":
      return reply(c, 400, MSG_REQUIRED, err.field ?? "non_field_errors");
    case "invalid_param":
    case "conflict":
      return reply(c, 400, withoutField(err), err.field ?? "non_field_errors");
    case "method_not_allowed":
      return reply(c, 405, "方法不被允许。");
    case "upstream":
      return reply(c, 502, err.message);
    default:
      return reply(c, 500, "服务器内部错误");
  }
};
