import { Hono } from "hono";
import { callerAnd } from "../../../platform/caller";
import type { ConsoleEnv } from "../../../platform/console/env";
import { AppError } from "../../../platform/errors";
import { advisorLinkQuery, fileQuery, fileResponse, mayRead } from "../files";
import { asStaff, summerWork } from "./caller";

/**
 * Uploaded files (payment proofs, approval photos, QR codes) through the console, same origin: served to the
 * staff member by the summer school's own rule of who may read which file (the browser holds no ticket).
 */
export const summerFiles = new Hono<ConsoleEnv>({ strict: false });

const unseen = () => new AppError("not_found", "文件不存在或无权查看");

summerFiles.get("/:id{[A-Za-z0-9_-]+}", async (c) => {
  const db = c.var.db;
  const call = await asStaff(c, []);
  const [me, [file], [link]] = await summerWork(() =>
    callerAnd(call, fileQuery(db, c.req.param("id")), advisorLinkQuery(db, call.ticket.userId)),
  );
  if (!file || !mayRead(me, file, link)) throw unseen();
  const res = await fileResponse(c.env, file).catch((err: unknown) => {
    throw err instanceof AppError ? unseen() : err;
  });
  res.headers.set("cache-control", "private, max-age=300");
  return res;
});
