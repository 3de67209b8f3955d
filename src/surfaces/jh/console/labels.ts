import type { JhUsertype } from "../../../db/schema/jh";
import { MSGBOARD_PERMISSIONS, type MsgboardPermission } from "../permissions";
import { TERM_CODES, type TermCode } from "../terms";

export const USERTYPE_NAMES: Record<JhUsertype, string> = { COMMON: "普通账号", WEJH: "微精弘账号", TEST: "测试账号" };
export const PERMISSION_NAMES: Record<MsgboardPermission, string> = { 0: "普通用户", 1: "管理员", 2: "超级管理员" };
export const TERM_NAMES: Record<TermCode, string> = { 3: "第一学期", 12: "第二学期", 16: "短学期" };

export const permissionName = (n: number) => {
  const known = MSGBOARD_PERMISSIONS.find((p) => p === n);
  return known === undefined ? String(n) : PERMISSION_NAMES[known];
};
export const termName = (n: number) => {
  const known = TERM_CODES.find((t) => t === n);
  return known === undefined ? String(n) : TERM_NAMES[known];
};
/** 2026 → "2026-2027 学年". */
export const yearName = (year: number) => `${year}-${year + 1} 学年`;
export const termTitle = (year: number, term: number) => `${yearName(year)}${termName(term)}`;
