import { authenticate } from "../../platform/surface";
import { type Credential, resolveUser } from "./credential";
import type { ServiceUser } from "./users";

/** The 002 caller: what the `openid` parameter proved, and the record when registered. */
export interface ServiceCaller {
  cred: Credential;
  record: ServiceUser | undefined;
}

/** Verifies the `openid` handle (already validated by `params`) and reads the record in one D1 round trip. */
export const requireCaller = authenticate<ServiceCaller>(async (c) => {
  const presented = c.var.rawParams.openid;
  const { cred, user } = await resolveUser(c.var.db, c.env, typeof presented === "string" ? presented.trim() : "");
  return { cred, record: user };
});
