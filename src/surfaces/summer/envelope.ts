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

/** valibot messages arrive as "field: message"; field_name already names the field. */
const withoutField = (err: AppError) =>
  err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;

/** A refusal in the document's words: its code, message and field (the console words its pages from the same). */
export function refusalOf(err: AppError): { code: number; msg: string; field_name: string } {
  const field = err.field ?? "non_field_errors";
  switch (err.kind) {
    case "unauthenticated":
      return { code: 401, msg: "未登陆", field_name: "" };
    case "forbidden":
      return { code: 403, msg: MSG_FORBIDDEN, field_name: "" };
    case "not_found":
      return { code: 404, msg: "请求失败", field_name: "" };
    case "missing_param":
      return { code: 400, msg: MSG_REQUIRED, field_name: field };
    case "invalid_param":
    case "conflict":
      return { code: 400, msg: withoutField(err), field_name: field };
    case "method_not_allowed":
      return { code: 405, msg: "方法不被允许。", field_name: "" };
    case "upstream":
      return { code: 502, msg: err.message, field_name: "" };
    default:
      return { code: 500, msg: "服务器内部错误", field_name: "" };
  }
}

export const summerEnvelope: ErrorEnvelope = (c, err) => {
  const { code, msg, field_name } = refusalOf(err);
  // Exactly {"code":401,"msg":"未登陆"}, as the original answered.
  if (code === 401) return c.json({ code, msg });
  return c.json({ code, msg, data: {}, field_name });
};
