import * as v from "valibot";

/** Input schemas with the document's (Django REST framework's) Chinese messages. */

/** A trimmed, non-empty string of at most `max` characters (at least `min`). */
export const str = (max: number, min = 1) =>
  v.pipe(
    v.union([v.string(), v.pipe(v.number(), v.transform(String))], "请输入字符串。"),
    v.trim(),
    v.nonEmpty("该字段不能为空。"),
    v.minLength(min, `请确保这个字段至少包含 ${min} 个字符。`),
    v.maxLength(max, `请确保这个字段不超过 ${max} 个字符。`),
  );

/** An optional text that may also be sent empty or null (then null). */
export const optText = (max: number) =>
  v.optional(
    v.pipe(
      v.nullable(v.union([v.string(), v.pipe(v.number(), v.transform(String))], "请输入字符串。")),
      v.transform((s) => (s === null || s.trim() === "" ? null : s.trim())),
      v.check((s) => s === null || s.length <= max, `请确保这个字段不超过 ${max} 个字符。`),
    ),
  );

/** An integer sent as a number or a decimal string. */
export const int = (min = 0, max = 1_000_000_000) =>
  v.pipe(
    v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^-?\d+$/, "请填写合法的整数值。"))], "请填写合法的整数值。"),
    v.transform(Number),
    v.integer("请填写合法的整数值。"),
    v.minValue(min, `请确保该值大于或者等于 ${min}。`),
    v.maxValue(max, `请确保该值小于或者等于 ${max}。`),
  );

/** An id (a positive integer). */
export const id = int(1);

/** A non-negative amount of money, sent as a number or a decimal string. */
export const money = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d+(\.\d+)?$/, "请填写合法的数字。"))], "请填写合法的数字。"),
  v.transform(Number),
  v.check((x: number) => Number.isFinite(x), "请填写合法的数字。"),
  v.minValue(0, "请确保该值大于或者等于 0。"),
  v.maxValue(100_000_000, "请确保该值小于或者等于 100000000。"),
);

/** A calendar date `YYYY-MM-DD`. */
export const date = v.pipe(
  v.string("日期格式错误。请使用 YYYY-MM-DD。"),
  v.trim(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式错误。请使用 YYYY-MM-DD。"),
  v.check((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "日期格式错误。请使用 YYYY-MM-DD。"),
);

/** An instant: ISO-8601 (`Z` or an offset), or `YYYY-MM-DD[ HH:mm[:ss]]` read as UTC; epoch ms out. */
export const datetime = v.pipe(
  v.string("日期时间格式错误。"),
  v.trim(),
  v.transform((s) => {
    const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
    if (!m) return Number.NaN;
    return Date.parse(`${m[1]}T${m[2] ?? "00:00"}${m[2] && m[2].length === 5 ? ":00" : ""}${m[3] ?? "Z"}`);
  }),
  v.check((ms) => Number.isFinite(ms), "日期时间格式错误。请使用 ISO-8601，例如 2017-06-30T08:00:00Z。"),
);

/** A list of ids: a JSON array, a JSON array in a string (form bodies), or "1,2,3". */
export const idList = v.pipe(
  v.union([v.array(v.unknown()), v.string(), v.number()], "请填写列表。"),
  v.transform((x): unknown[] => {
    if (Array.isArray(x)) return x;
    if (typeof x === "number") return [x];
    const s = x.trim();
    if (s === "") return [];
    if (s.startsWith("[")) {
      try {
        const parsed: unknown = JSON.parse(s);
        return Array.isArray(parsed) ? parsed : [Number.NaN];
      } catch {
        return [Number.NaN];
      }
    }
    return s.split(",").map((p) => p.trim());
  }),
  v.array(id, "请填写合法的 id 列表。"),
  v.maxLength(50, "列表过长。"),
  v.transform((ids) => [...new Set(ids)]),
);

/** A JSON value that form bodies carry as a string. */
export const jsonField = <S extends v.GenericSchema>(schema: S) =>
  v.pipe(
    v.unknown(),
    v.transform((x) => {
      if (typeof x !== "string") return x;
      try {
        return JSON.parse(x) as unknown;
      } catch {
        return x;
      }
    }),
    schema,
  );
