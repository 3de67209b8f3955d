import * as v from "valibot";
import { describe } from "../../platform/openapi";
import * as s from "./schemas";

/** The shipped client calls every endpoint with GET; each also answers POST. */
export const GET_POST = ["GET", "POST"];

export const tags = ["000 library"];

/** OpenAPI of an endpoint answering the document's envelope. */
export const endpoint = (summary: string, reply: v.GenericSchema, description?: string) =>
  describe({
    tags,
    summary,
    description,
    responses: { 200: ["status 0 with the fields below, or an error status (HTTP 200)", v.union([reply, s.errorReply])] },
  });

/** OpenAPI of a page of a list (no envelope around it). */
export const listing = (summary: string, item: v.GenericSchema) =>
  describe({ tags, summary, responses: { 200: ["a page of 10 (limit/offset)", s.paged(item)] } });

export const none = v.object({});

/** Said of the reminder routes, which take the document's `formId`. */
export const RETIRED_FORM_ID = "formId is accepted but template messages are retired: the reminder is a subscribe message.";
