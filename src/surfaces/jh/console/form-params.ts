import type { MiddlewareHandler } from "hono";
import type * as v from "valibot";
import { consoleMessage } from "../../../platform/console/messages";
import { AppError } from "../../../platform/errors";
import { parseParams } from "../../../platform/params";

/**
 * Like params(), for a console form: a refused field is named by its label
 * ("请填写开始日期", "结束日期：…"), not by its form name.
 */
export function formParams<S extends v.GenericSchema>(
  schema: S,
  labels: Record<string, string>,
): MiddlewareHandler<{ Variables: { params: v.InferOutput<S> } }> {
  return async (c, next) => {
    try {
      c.set("params", await parseParams(c, schema));
    } catch (err) {
      if (!(err instanceof AppError) || !err.field) throw err;
      throw new AppError(err.kind, consoleMessage(err, labels), { field: labels[err.field] ?? err.field });
    }
    await next();
  };
}
