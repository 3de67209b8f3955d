import * as v from "valibot";
import {
  ACCOUNT_PAYMENTS,
  CAMPUS_COUNTRIES,
  COUPON_STATUSES,
  CURRENCIES,
  GENDERS,
  ORDER_PAYMENTS,
  ORDER_STATUSES,
  PROJECT_RESULTS,
  SUMMER_ROLES,
  USER_COURSE_STATUSES,
  USER_STATUSES,
} from "../../db/schema/summer";

/** Each enum's keys (in the original's order) with their words. */
function table<K extends string>(keys: readonly K[], words: Record<K, string>) {
  return { keys, words };
}

export const ENUMS = {
  account_payment: table(ACCOUNT_PAYMENTS, { ALI_PAY: "支付宝转账", PAY_PAL: "PAY_PAL转账", BANK: "银行转账" }),
  account_currency: table(CURRENCIES, { DOLLAR: "美金", RMB: "人民币" }),
  user_info_gender: table(GENDERS, { MALE: "男", FEMALE: "女" }),
  order_payment: table(ORDER_PAYMENTS, { BANK: "银行转账", ALI_PAY: "支付宝转账", PAY_PAL: "PAY_PAL支付", OFF_LINE: "面付" }),
  order_currency: table(CURRENCIES, { DOLLAR: "美金", RMB: "人民币" }),
  order_status: table(ORDER_STATUSES, {
    CANCELED: "已取消",
    TO_PAY: "待支付",
    TO_CONFIRM: "待确认",
    CONFIRMED: "已确认",
    CONFIRM_FAILED: "验证失败",
  }),
  user_status: table(USER_STATUSES, { NEW: "新关注", CONTACTED: "已联系" }),
  project_result: table(PROJECT_RESULTS, {
    POSTED: "成绩单已寄出",
    RECEIVED: "学校已收到",
    SUCCESS: "学分转换成功",
    FAILURE: "学分转换失败",
  }),
  user_course_status: table(USER_COURSE_STATUSES, { TO_UPLOAD: "待上传", TO_CONFIRM: "待审核", PASS: "通过", NOPASS: "不通过" }),
  coupon_status: table(COUPON_STATUSES, { TO_USE: "待使用", LOCKED: "被锁定", USED: "已使用" }),
  user_role: table(SUMMER_ROLES, { STUDENT: "学生", ADMIN: "管理员", MARKET: "市场部", PRODUCT: "产品部", FINANCE: "财务部" }),
  campus_country: table(CAMPUS_COUNTRIES, { NORTH_AMERICA: "北美暑校", AUSTRALIA: "澳洲暑校" }),
};

export type EnumName = keyof typeof ENUMS;
type KeyOf<N extends EnumName> = (typeof ENUMS)[N]["keys"][number];

/** An enum output: `{key, verbose}`, or null when unset. */
export function kv<N extends EnumName>(name: N, key: KeyOf<N>): { key: string; verbose: string };
export function kv<N extends EnumName>(name: N, key: KeyOf<N> | null): { key: string; verbose: string } | null;
export function kv<N extends EnumName>(name: N, key: KeyOf<N> | null) {
  if (key === null) return null;
  const words: Record<string, string> = ENUMS[name].words;
  return { key, verbose: words[key] ?? key };
}

/** `global_enums`: every enum, its values in order. */
export function globalEnums() {
  return Object.fromEntries(
    Object.entries(ENUMS).map(([name, t]) => {
      const words: Record<string, string> = t.words;
      return [name, t.keys.map((key) => ({ key, verbose: words[key] }))];
    }),
  );
}

/** An enum input: `"KEY"` or `{"key": "KEY"}`. */
export function enumIn<N extends EnumName>(name: N) {
  const keys = ENUMS[name].keys as readonly KeyOf<N>[];
  return v.pipe(
    v.union([v.string(), v.object({ key: v.string() })], "请选择合法的选项。"),
    v.transform((x) => (typeof x === "string" ? x : x.key).trim()),
    v.picklist(keys, (issue) => `“${String(issue.input)}” 不是合法选项。`),
  );
}

/** The enum's reply schema, for /openapi.json. */
export const kvDoc = v.object({ key: v.string(), verbose: v.string() });
