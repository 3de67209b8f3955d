import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
