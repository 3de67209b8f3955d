import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** State of the WeChat simulator. */
export const simWechatCodes = sqliteTable("sim_wechat_codes", {
  code: text("code").primaryKey(),
  openid: text("openid").notNull(),
  appid: text("appid"),
  createdAt: integer("created_at").notNull(),
  usedAt: integer("used_at"),
});

export const simWechatTokens = sqliteTable("sim_wechat_tokens", {
  token: text("token").primaryKey(),
  appid: text("appid").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/** Pending faults per path: an errcode answer, or (`kind` trickle / huge) a body that will not finish. */
export const simWechatFaults = sqliteTable("sim_wechat_faults", {
  path: text("path").primaryKey(),
  errcode: integer("errcode").notNull(),
  remaining: integer("remaining").notNull(),
  kind: text("kind", { enum: ["errcode", "trickle", "huge"] })
    .notNull()
    .default("errcode"),
});

export const simWechatMessages = sqliteTable(
  "sim_wechat_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    appid: text("appid").notNull(),
    touser: text("touser").notNull(),
    templateId: text("template_id").notNull(),
    page: text("page"),
    data: text("data").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("sim_wechat_messages_touser_idx").on(t.touser)],
);

/** Official Account web-OAuth codes minted by the WeChat simulator, with the profile sns/userinfo answers. */
export const simWechatOauthCodes = sqliteTable("sim_wechat_oauth_codes", {
  code: text("code").primaryKey(),
  openid: text("openid").notNull(),
  appid: text("appid"),
  nickname: text("nickname").notNull(),
  headimgurl: text("headimgurl").notNull(),
  unionid: text("unionid"),
  createdAt: integer("created_at").notNull(),
  usedAt: integer("used_at"),
});

/** The users' web-OAuth access tokens the simulator handed out (7200 s). */
export const simWechatOauthTokens = sqliteTable("sim_wechat_oauth_tokens", {
  token: text("token").primaryKey(),
  code: text("code").notNull(),
  openid: text("openid").notNull(),
  expiresAt: integer("expires_at").notNull(),
});
