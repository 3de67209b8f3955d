import type * as v from "valibot";
import { describe } from "../../platform/openapi";

/** Every student endpoint answers GET as documented and POST (JSON or form) too. */
export const METHODS = ["GET", "POST"];

/** The errors of every route that takes `userid` + `client_session_id`. */
export const COMMON = ["invalid request", "invalid userid", "invalid session_id"];

const tags = ["003 sports equipment sharing"];

/** What a route's OpenAPI entry says: its summary, description, reply and errors. */
export interface RouteText {
  summary: string;
  description?: string;
  reply: v.GenericSchema;
  errors: string[];
}

/** The route's OpenAPI entry, its errors listed in the document's words. */
export function doc(d: RouteText) {
  const description = [
    d.description,
    d.errors.length ? `Errors (\`status\`): ${d.errors.map((e) => `"error: ${e}"`).join(", ")}.` : "",
    "Parameters may also be POSTed as JSON or form fields; a trailing slash is accepted.",
  ]
    .filter(Boolean)
    .join("\n\n");
  return describe({ tags, summary: d.summary, description, responses: { 200: ['"accepted" or an error', d.reply] } });
}

/**
 * The entry of one of the original server's paths (wayhoww/inshare.ts at 34342d6), which clients of that
 * server still call: the documented route's entry, marked as its alias. `names` says which of the
 * original's parameter names it takes besides the document's.
 */
export function aliasDoc(of: string, d: RouteText, names?: string) {
  return doc({
    ...d,
    summary: `Alias of ${of} (the original server's path)`,
    description: [`${d.summary}.`, `Answered as ${of} answers.`, names, d.description].filter(Boolean).join("\n\n"),
  });
}
