import type { AppError } from "../errors";

/** Field names as the console's forms label them, for messages about a missing or invalid field. */
const FIELD_LABELS: Record<string, string> = { username: "用户名", password: "密码" };

/** An AppError as a console user reads it: Chinese where the platform's words are English, no "field: " prefix. */
export function consoleMessage(err: AppError, labels: Record<string, string> = {}): string {
  const field = err.field ? (labels[err.field] ?? FIELD_LABELS[err.field] ?? err.field) : "";
  if (err.kind === "missing_param") return `请填写${field || "必填项"}`;
  if (err.field && err.message.startsWith(`${err.field}: `)) return `${field}：${err.message.slice(err.field.length + 2)}`;
  return err.message;
}
