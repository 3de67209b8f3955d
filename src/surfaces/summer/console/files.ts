import { Hono } from "hono";
import type { ConsoleEnv } from "../../../platform/console/env";
import { AppError } from "../../../platform/errors";
import { ticketOf } from "./api";

/**
 * Uploaded files (payment proofs, approval photos, QR codes) through the console, same origin: the summer
 * API serves them only with the staff member's ticket, which the browser does not hold.
 */
export const summerFiles = new Hono<ConsoleEnv>({ strict: false });

const PASSED = ["content-type", "content-length", "content-disposition", "x-content-type-options"];

summerFiles.get("/:id{[A-Za-z0-9_-]+}", async (c) => {
  const res = await c.var.api("GET", `/summer/files/${c.req.param("id")}`, { ticket: ticketOf(c) });
  const type = res.headers.get("content-type") ?? "";
  // The API answers a refusal as its JSON envelope (HTTP 200): never pass that on as the file.
  if (!res.ok || type.includes("application/json")) {
    await res.body?.cancel();
    throw new AppError("not_found", "文件不存在或无权查看");
  }
  const headers = new Headers({ "cache-control": "private, max-age=300" });
  for (const name of PASSED) {
    const value = res.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(res.body, { headers });
});
