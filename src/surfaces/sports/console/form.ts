import type { Context } from "hono";
import * as v from "valibot";
import type { ConsoleEnv } from "../../../platform/console/env";
import { AppError } from "../../../platform/errors";
import { readParams } from "../../../platform/params";

/**
 * A form of this area, validated: a refusal carries only the schema's own (Chinese) message, so the
 * page says "第 2 行：请填写名称" rather than naming the form field.
 */
export async function parseForm<S extends v.GenericSchema>(c: Context<ConsoleEnv>, schema: S): Promise<v.InferOutput<S>> {
  const result = v.safeParse(schema, await readParams(c));
  if (!result.success) throw new AppError("invalid_param", result.issues[0].message);
  return result.output;
}

/** A trimmed text field that must be filled, at most `max` characters. */
export const filled = (label: string, max: number) =>
  v.pipe(v.string(`请填写${label}`), v.trim(), v.nonEmpty(`请填写${label}`), v.maxLength(max, `${label}至多 ${max} 个字符`));

/** A whole number from `min` to `max` typed into a field. */
export const wholeNumber = (label: string, min: number, max: number) =>
  v.pipe(
    v.string(`请填写${label}`),
    v.trim(),
    v.regex(/^\d{1,6}$/, `${label}应为 ${min}–${max} 的整数`),
    v.transform(Number),
    v.minValue(min, `${label}应为 ${min}–${max} 的整数`),
    v.maxValue(max, `${label}应为 ${min}–${max} 的整数`),
  );
