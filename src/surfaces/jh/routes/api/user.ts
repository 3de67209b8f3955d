import { callerAnd } from "../../../../platform/caller";
import { params } from "../../../../platform/params";
import { autologin, changeNickname, changePassword, login, normalName, register, register2, validNickname } from "../../accounts";
import { creditHolder } from "../../auth";
import { touchCredit } from "../../credits";
import { doc, refuseGet } from "../../docs";
import { ok, refuse } from "../../envelope";
import type { JhApp } from "../../index";
import { MSG } from "../../messages";
import * as s from "../../schemas";

/** /api/user: accounts, one `method` per call. */
export function userRoutes(app: JhApp) {
  refuseGet(app, "/api/user");

  app.post(
    "/api/user",
    doc(
      "Accounts, by `method`: register, register2, login, autologin, changepw (or changpw), changenickname, wejhlogin",
      "Each `method` takes its own fields (see the request schema: one alternative per method, with its messages). A missing field or an unknown method is 400 无效的访问。; a present but empty one gets the method's 403 message.",
      s.userReply,
    ),
    params(s.userParams, "POST"),
    async (c) => {
      const p = c.var.params;
      const db = c.var.db;
      const outcome = async () => {
        switch (p.method) {
          case "register":
            return register(db, p);
          case "register2":
            return register2(db, p);
          case "login":
            return login(db, c.env, p);
          case "autologin":
            return autologin(db, c.env, p);
          case "changepw":
          case "changpw":
            return changePassword(db, c.env, p);
          case "changenickname": {
            if (!p.credit || !p.nickname) throw refuse(MSG.changenicknameEmpty);
            const nickname = normalName(p.nickname);
            if (!validNickname(nickname)) throw refuse(MSG.nicknameLength);
            const { caller } = await creditHolder(c.env, p.credit);
            const [me] = await callerAnd({ var: { db, caller } });
            await touchCredit(db, me.credit, Date.now());
            return changeNickname(db, me.user, nickname);
          }
          case "wejhlogin":
            throw refuse(MSG.retired);
        }
      };
      const { msg, data } = await outcome();
      return ok(c, data, msg);
    },
  );
}
