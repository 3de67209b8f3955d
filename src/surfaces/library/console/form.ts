import * as v from "valibot";
import { AppError } from "../../../platform/errors";
import { isWebLink } from "../publishing";

const TIME_LABELS: Record<string, string> = { startTime: "开始时间", endTime: "结束时间", publishTime: "发布时间" };

/** Runs a domain change, with its refusals (given in the API's English) put in the staff's words. */
export async function inChinese<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === "time_format")
      throw new AppError("invalid_param", `${TIME_LABELS[err.field ?? ""] ?? "时间"}格式应为 YYYY-MM-DD HH:mm`);
    if (err.code === "time_order") throw new AppError("invalid_param", "结束时间不能早于开始时间");
    throw err;
  }
}

/** A required text field: trimmed, not empty, at most `max` characters. */
export const required = (label: string, max: number) =>
  v.pipe(v.string(`请填写${label}`), v.trim(), v.nonEmpty(`请填写${label}`), v.maxLength(max, `${label}最多 ${max} 个字`));

/** An optional text field (empty stays empty). */
export const optional = (label: string, max: number) =>
  v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `${label}最多 ${max} 个字`)), "");

/** An optional web address (http or https): empty means none. */
export const optionalUrl = (label: string) => {
  const message = `${label}应为完整的网址（https://…）`;
  return v.pipe(
    v.optional(v.string(), ""),
    v.trim(),
    v.union([v.literal(""), v.pipe(v.string(), v.url(message), v.check(isWebLink, message))], message),
    v.transform((s) => s || null),
  );
};

/** A campus time from a datetime-local input (read by the domain); empty means absent. */
export const optionalTime = v.pipe(
  v.optional(v.string(), ""),
  v.trim(),
  v.transform((s) => s || undefined),
);

export const requiredTime = (label: string) => v.pipe(v.string(`请填写${label}`), v.trim(), v.nonEmpty(`请填写${label}`));

/** The id in a console path, or the page's 404. */
export function idOf(raw: string, what: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError("not_found", `没有这${what}`);
  return id;
}
