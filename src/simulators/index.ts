import { Hono } from "hono";
import type { AppEnv } from "../env";
import { simulatorsOn } from "../platform/config";
import { AppError } from "../platform/errors";
import { alephSimulator } from "./aleph";
import { jhSimulator } from "./jh";
import { wechatSimulator } from "./wechat";

/** Upstream simulators under /__sim, answering 404 unless SIMULATORS is on. */
export const simulators = new Hono<AppEnv>();

simulators.use("*", async (c, next) => {
  if (!simulatorsOn(c.env)) throw new AppError("not_found", "not found");
  await next();
});
simulators.route("/wechat", wechatSimulator);
simulators.route("/aleph", alephSimulator);
simulators.route("/jh", jhSimulator);
