import type * as v from "valibot";
import type { Bindings, Db } from "../../env";
import type { PendingCaller } from "../../platform/caller";
import type { SummerCaller, SummerCallerRead } from "./auth";
import type { Area } from "./roles";

/**
 * What a summer domain function takes of its request: the bindings (R2,
 * WeChat), D1 with the caller still to confirm, and the request's URL (the
 * base of file links). A route hands its own context; the console builds one
 * for the signed-in staff member (console/caller.ts).
 */
export interface SummerCall {
  env: Bindings;
  req: { url: string };
  var: { db: Db; caller: PendingCaller<SummerCaller, SummerCallerRead> };
}

/**
 * A write of the summer school as the route and the console both run it: the
 * staff area its caller must be in (null when every ticket may try and the write judges the
 * caller itself), the one schema its parameters are read with, and the write
 * (which confirms the caller in its first batch).
 */
export interface SummerWrite<S extends v.GenericSchema, A extends unknown[], R, W extends Area | null = Area> {
  area: W;
  params: S;
  run: (call: SummerCall, p: v.InferOutput<S>, ...args: A) => Promise<R>;
}

export const summerWrite = <S extends v.GenericSchema, A extends unknown[], R, W extends Area | null = Area>(
  area: W,
  params: S,
  run: (call: SummerCall, p: v.InferOutput<S>, ...args: A) => Promise<R>,
): SummerWrite<S, A, R, W> => ({ area, params, run });
