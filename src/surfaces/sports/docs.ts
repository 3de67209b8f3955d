import type * as v from "valibot";
import { describe } from "../../platform/openapi";

/** Every student endpoint answers GET as documented and POST (JSON or form) too. */
export const METHODS = ["GET", "POST"];

/** The errors of every route that takes `userid` + `client_session_id`. */
export const COMMON = ["invalid request", "invalid userid", "invalid session_id"];

const tags = ["003 sports equipment sharing"];

/** The route's OpenAPI entry, its errors listed in the document's words. */
export function doc(d: { summary: string; description?: string; reply: v.GenericSchema; errors: string[] }) {
  const description = [
    d.description,
    d.errors.length ? `Errors (\`status\`): ${d.errors.map((e) => `"error: ${e}"`).join(", ")}.` : "",
    "Parameters may also be POSTed as JSON or form fields; a trailing slash is accepted.",
  ]
    .filter(Boolean)
    .join("\n\n");
  return describe({ tags, summary: d.summary, description, responses: { 200: ['"accepted" or an error', d.reply] } });
}
