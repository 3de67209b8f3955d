import type { Bindings } from "../../env";
import { refuse } from "./envelope";

/**
 * Sheds floods of library logins (password guessing, ciphertext probing)
 * before any decryption or library call: per user (every session of one
 * openid counts together, since a session is reissued every 120 s) and per
 * library card. The counters are per Cloudflare location and approximate.
 */
export async function checkLoginRate(env: Bindings, openid: string, libId: string) {
  const [byUser, byCard] = await Promise.all([
    env.LIBRARY_LOGIN_LIMIT.limit({ key: `user:${openid}` }),
    env.LIBRARY_LOGIN_LIMIT.limit({ key: `card:${libId}` }),
  ]);
  if (!byUser.success || !byCard.success) throw refuse("LIBRARY_LOGIN_LIMITED", "登录尝试过于频繁，请一分钟后再试");
}
