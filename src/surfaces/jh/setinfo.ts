import { eq } from "drizzle-orm";
import { jhUsers } from "../../db/schema/jh";
import type { Bindings, Db } from "../../env";
import { randomId } from "../../platform/random";
import type { JhUser } from "./credits";
import { decodePortrait, dropPortrait, PORTRAIT_UNSET, storePortrait } from "./portraits";

/** Per field: 2 changed, 1 refused, 0 not sent. */
type Effect = 0 | 1 | 2;

const validEmail = (s: string) => s.length <= 254 && /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/.test(s);
const validPhone = (s: string) => /^\+?[0-9][0-9-]{4,19}$/.test(s);

/**
 * setinfo: every field sent is handled. An empty email or phone clears it; a
 * portrait of "" or default::unset removes it; a new portrait goes to R2
 * before the row names it.
 */
export async function setInfo(db: Db, env: Bindings, user: JhUser, p: { email?: string; portrait?: string; phone?: string }) {
  const set: Partial<Pick<JhUser, "email" | "phone" | "portraitVersion" | "publicMd5">> = {};
  let e_email: Effect = 0;
  let e_phone: Effect = 0;
  let e_portrait: Effect = 0;
  if (p.email !== undefined) {
    e_email = p.email === "" || validEmail(p.email) ? 2 : 1;
    if (e_email === 2) set.email = p.email;
  }
  if (p.phone !== undefined) {
    e_phone = p.phone === "" || validPhone(p.phone) ? 2 : 1;
    if (e_phone === 2) set.phone = p.phone;
  }
  let removePortrait = false;
  if (p.portrait !== undefined) {
    if (p.portrait === "" || p.portrait === PORTRAIT_UNSET) {
      removePortrait = user.portraitVersion !== null;
      Object.assign(set, { portraitVersion: null, publicMd5: null });
      e_portrait = 2;
    } else {
      const portrait = decodePortrait(p.portrait);
      if (portrait) {
        await storePortrait(env, user.id, portrait);
        Object.assign(set, { portraitVersion: randomId(9), publicMd5: null });
        e_portrait = 2;
      } else e_portrait = 1;
    }
  }
  if (Object.keys(set).length > 0) await db.update(jhUsers).set(set).where(eq(jhUsers.id, user.id));
  if (removePortrait) await dropPortrait(env, user.id);
  return { e_email, e_portrait, e_phone };
}
