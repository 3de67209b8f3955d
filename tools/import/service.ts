import { eq } from "drizzle-orm";
import { serviceUsers } from "../../src/db/schema/service";
import { HISTORY_LIMIT } from "../../src/surfaces/service/users";
import { type ImportPlan, PlanBuilder } from "./plan";
import { importRow } from "./rows";
import { requireTable, type SqlSource } from "./sources/sql-source";
import { wallTime } from "./times";

/**
 * The user service (document 002) from LostAndFound's Django SQLite database: its `user_user`
 * table (user.models.User). LostAndFound runs with TIME_ZONE Asia/Shanghai and USE_TZ False, so
 * its times are Shanghai wall-clock times.
 */
const LAYOUT = "LostAndFound's user.User (Django SQLite)";
const OFFSET = "+08:00";
export const SOURCE = "service";

export async function planService(source: SqlSource, now = Date.now()): Promise<ImportPlan> {
  const columns = ["id", "openid", "qq", "cardno", "phone", "wxid", "history", "favored", "created_at", "modified_at"];
  await requireTable(source, "user_user", columns, LAYOUT);
  const rows = await source.all(`SELECT ${columns.join(", ")} FROM user_user ORDER BY id`);
  const plan = new PlanBuilder(SOURCE);
  const seen = new Set<string>();
  let favored = 0;
  for (const row of rows) {
    const id = String(row.id);
    const openid = typeof row.openid === "string" ? row.openid.trim() : "";
    if (!openid) {
      plan.reject("user", id, "no openid");
      continue;
    }
    if (seen.has(openid)) {
      plan.reject("user", id, `openid ${openid} repeats an earlier user`);
      continue;
    }
    const created = wallTime(String(row.created_at ?? ""), OFFSET);
    const modified = wallTime(String(row.modified_at ?? ""), OFFSET) ?? created;
    if (created === null || modified === null) {
      plan.reject("user", id, `created_at ${JSON.stringify(row.created_at)} is not a time`);
      continue;
    }
    let history = historyOf(row.history);
    if (history === null) {
      plan.note(
        `user ${id}: history ${JSON.stringify(row.history)} is not a JSON list of searches (the original could not read it either); imported with an empty history`,
      );
      history = [];
    }
    seen.add(openid);
    if (typeof row.favored === "string" && row.favored.trim() !== "[]" && row.favored.trim() !== "") favored++;
    const profile = {
      phone: text(row.phone),
      qq: text(row.qq),
      cardno: text(row.cardno),
      wxid: text(row.wxid),
      history: JSON.stringify(history),
    };
    plan.add("user", (db) =>
      importRow(
        db,
        {
          key: { source: SOURCE, entity: "user", legacyId: id },
          table: serviceUsers,
          values: { openid, ...profile, createdAt: created, modifiedAt: modified },
          id: serviceUsers.id,
          natural: eq(serviceUsers.openid, openid),
          refresh: { column: serviceUsers.modifiedAt, stamp: modified, set: profile },
        },
        now,
      ),
    );
  }
  if (favored) plan.note(`${favored} users had favoured items: the user service has no favourites, so these lists are not carried`);
  return plan.build();
}

const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** The stored JSON list, newest first, at most HISTORY_LIMIT entries without repeats; null when it is not one. */
function historyOf(raw: unknown): string[] | null {
  if (raw === null || raw === undefined || raw === "") return [];
  try {
    const list: unknown = JSON.parse(String(raw));
    if (!Array.isArray(list) || !list.every((h) => typeof h === "string")) return null;
    return [...new Set(list)].slice(0, HISTORY_LIMIT);
  } catch {
    return null;
  }
}
