import type { Context, MiddlewareHandler } from "hono";
import * as v from "valibot";
import { AppError } from "../errors";
import { readParams } from "../params";

/**
 * A console form's fields, validated by `schema`. A refusal is worded for
 * staff: the schema's own (Chinese) message, after the field's label when
 * `labels` names one ("结束日期：…", or "请填写结束日期" when it was left empty).
 */
export async function readForm<S extends v.GenericSchema>(
  c: Context,
  schema: S,
  labels: Record<string, string> = {},
): Promise<v.InferOutput<S>> {
  const result = v.safeParse(schema, await readParams(c));
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = issue.path?.map((p) => String(p.key)).join(".");
  const label = field ? labels[field] : undefined;
  if (!label) throw new AppError("invalid_param", issue.message, { field });
  const empty = issue.input === undefined || issue.input === "";
  throw new AppError(empty ? "missing_param" : "invalid_param", empty ? `请填写${label}` : `${label}：${issue.message}`, { field: label });
}

/** `readForm` as a route's parameters: the validated fields as typed `c.var.params`. */
export function formParams<S extends v.GenericSchema>(
  schema: S,
  labels: Record<string, string> = {},
): MiddlewareHandler<{ Variables: { params: v.InferOutput<S> } }> {
  return async (c, next) => {
    c.set("params", await readForm(c, schema, labels));
    await next();
  };
}
