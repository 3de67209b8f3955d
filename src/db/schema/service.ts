import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Users of the user service (document 002). `history` is the JSON array the document describes. */
export const serviceUsers = sqliteTable("service_users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  openid: text("openid").notNull().unique(),
  phone: text("phone").notNull(),
  qq: text("qq").notNull(),
  cardno: text("cardno").notNull(),
  wxid: text("wxid"),
  history: text("history").notNull().default("[]"),
  createdAt: integer("created_at").notNull(),
  modifiedAt: integer("modified_at").notNull(),
});
