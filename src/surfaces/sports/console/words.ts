import { AppError } from "../../../platform/errors";
import type { RentalState } from "../rentals";

/** Rental states as the sports office says them. */
export const RENTAL_STATES: Record<RentalState, string> = { active: "借用中", overdue: "已逾期", returned: "已归还" };

/** Anomaly kinds (what the cabinet claimed against what was known), in words. */
const ANOMALY_KINDS: Record<string, string> = {
  "report slot": "报告的槽位与指令不符",
  "rent tag": "借出时取走的标签不符",
  "revert removed": "归还时有物品被取走",
  "wrong item": "放回的物品不符",
  "unknown slot": "报告了不存在的槽位",
  "contradictory snapshot": "同一槽位或标签报告了两次",
  "second rental": "同一人重复借出",
};

export const anomalyKind = (kind: string) => ANOMALY_KINDS[kind] ?? kind;

export const commandKind = (kind: "rent" | "revert") => (kind === "rent" ? "借出" : "归还");

/** What a refused change means, from the domain's typed reason (`code`) and its subject (`detail`). */
function wording(err: AppError, deviceId: string): string {
  switch (err.code) {
    case "not in service":
      return `柜机 ${deviceId} 不存在或已停用`;
    case "repeated":
      return "每个标签、每个槽位只能出现一次";
    case "slot out of range":
      return `槽位 ${err.detail} 超出了柜机的槽位数`;
    case "slot busy":
      return `槽位 ${err.detail} 有正在执行的开门指令，请稍后再试`;
    case "rented out":
      return `${err.detail} 已被借出，只能通过归还放回柜机`;
    case "slot held":
      return `槽位 ${err.detail} 里还有物品或正在执行的开门指令，不能去掉`;
  }
  if (err.kind === "not_found") return `柜机 ${deviceId} 不存在或已停用`;
  if (err.kind === "conflict") return `柜机编号 ${deviceId} 已存在`;
  return err.message;
}

/** Runs a domain change of cabinet `deviceId`; a refusal is reworded for the page (nothing was changed). */
export async function worded<T>(work: Promise<T>, deviceId: string): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AppError && err.kind !== "internal") throw new AppError(err.kind, wording(err, deviceId));
    throw err;
  }
}
