import * as v from "valibot";
import type { SummerRole } from "../../db/schema/summer";
import { type Area, may } from "./roles";

/** The staff console's menu (管理后台导航), each entry with the area it opens; trimmed to the caller's role. */
const MENU: { id: number; name: string; key: string; second_levels: { id: number; name: string; key: string; area: Area }[] }[] = [
  {
    id: 1,
    name: "咨询中心",
    key: "CONSULTATON_CENTER",
    second_levels: [{ id: 1, name: "学生列表", key: "STUDENT_LIST", area: "students" }],
  },
  { id: 2, name: "财务中心", key: "FINANCIAL_CENTER", second_levels: [{ id: 2, name: "首页", key: "INDEX_PAGE", area: "orders" }] },
  {
    id: 3,
    name: "产品中心",
    key: "PRODUCT_CENTER",
    second_levels: [
      { id: 3, name: "首页", key: "INDEX_PAGE", area: "catalogue" },
      { id: 4, name: "学生管理", key: "SUTDENT_MANAGEMENT", area: "scores" },
      { id: 5, name: "课程管理", key: "COURSE_MANAGEMENT", area: "courses" },
      { id: 6, name: "暑校类型管理", key: "CAMPUS_TYPE_MANAGEMENT", area: "catalogue" },
      { id: 7, name: "暑校国家管理", key: "CAMPUS_COUNTRY_MANAGEMENT", area: "catalogue" },
      { id: 8, name: "校区管理", key: "CAMPUS_MANAGEMENT", area: "catalogue" },
      { id: 9, name: "项目管理", key: "PROJECT_MANAGEMENT", area: "catalogue" },
      { id: 10, name: "销售顾问", key: "SALES_MAN_MANAGEMENT", area: "advisors" },
      { id: 11, name: "优惠券", key: "COUPON_MANAGEMENT", area: "coupons" },
    ],
  },
  { id: 4, name: "市场", key: "MARKET_CENTER", second_levels: [{ id: 12, name: "渠道管理", key: "CHANNEL_MANAGEMENT", area: "channels" }] },
  {
    id: 5,
    name: "系统中心",
    key: "SYSTEM_CENTER",
    second_levels: [
      { id: 13, name: "账户管理", key: "BANK_ACCOUNT_MANAGEMENT", area: "receiving_accounts" },
      { id: 14, name: "用户管理", key: "CHILD_USER_MANAGEMENT", area: "staff_accounts" },
    ],
  },
];

const item = v.object({ id: v.number(), name: v.string(), key: v.string() });
export const menuDoc = v.array(v.object({ id: v.number(), name: v.string(), key: v.string(), second_levels: v.array(item) }));

/** The menu with only the entries `role` may open (a top entry left empty is dropped). */
export const menuOf = (role: SummerRole) =>
  MENU.map((top) => ({
    id: top.id,
    name: top.name,
    key: top.key,
    second_levels: top.second_levels.filter((s) => may(role, s.area)).map(({ id, name, key }) => ({ id, name, key })),
  })).filter((top) => top.second_levels.length > 0);
