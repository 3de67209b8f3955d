import type { Hono } from "hono";
import type * as v from "valibot";
import { AppError } from "../../platform/errors";
import { describe } from "../../platform/openapi";
import { params } from "../../platform/params";
import type { JhEnv } from "./auth";
import * as s from "./schemas";

export const tags = ["004 精弘 accounts"];

/** A route's OpenAPI entry: every reply is HTTP 200 with `code` and `msg`. */
export const doc = (summary: string, description: string, reply: v.GenericSchema) =>
  describe({ tags, summary, description, responses: { 200: ["HTTP 200 always; `code` and `msg` say what happened", reply] } });

/** The document forbids GET on its POST endpoints: `{"code":405,"msg":"Get方法已禁止。","data":null}`. */
export function refuseGet(app: Hono<JhEnv>, path: string) {
  app.get(
    path,
    describe({
      tags,
      summary: `GET ${path} is refused`,
      description: "The document forbids GET here: POST the parameters.",
      responses: { 200: ['{"code":405,"msg":"Get方法已禁止。","data":null}', s.refusedReply] },
    }),
    params(s.noParams, "GET"),
    () => {
      throw new AppError("method_not_allowed", "GET is forbidden");
    },
  );
}
