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

export const simWechatFaults = sqliteTable("sim_wechat_faults", {
  path: text("path").primaryKey(),
  errcode: integer("errcode").notNull(),
  remaining: integer("remaining").notNull(),
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
