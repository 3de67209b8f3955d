import type { Bindings } from "../../env";
import { type Binding, STATE } from "./bind";
import type { JhUser } from "./credits";
import { portraitOf } from "./portraits";

/** The order the document lists bindings in. */
export const BIND_ORDER = ["jh", "lib", "zfedu", "ycedu", "card"] as const;

/** getinfo type=bind: every binding kind with its state; pid only for jh. */
export function bindInfo(rows: Binding[]) {
  return BIND_ORDER.map((bindname) => {
    const row = rows.find((r) => r.bindname === bindname);
    return { bindname, pid: bindname === "jh" && row ? row.pid : null, state: row?.state ?? STATE.unbound };
  });
}

/** getinfo type=base. */
export async function baseInfo(env: Bindings, user: JhUser) {
  return {
    username: user.username,
    nickname: user.nickname,
    usertype: user.usertype,
    portrait: await portraitOf(env, user),
    email: user.email,
    phone: user.phone,
    permission_msgboard: user.permissionMsgboard,
  };
}
