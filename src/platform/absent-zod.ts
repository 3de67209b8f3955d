/**
 * Stands in for zod in the worker bundle (wrangler.toml [alias]). hono-openapi's schema converter imports zod
 * lazily for zod schemas; Campus Edge's schemas are all valibot, so that import never runs, and without this
 * alias the bundler would carry the whole of zod (about 700 KiB) for nothing.
 */
export function toJSONSchema(): never {
  throw new Error("zod is not part of this worker: its schemas are valibot");
}
