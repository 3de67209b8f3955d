import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

/** The statements that run on every request or report, checked against the query planner. */
const HOT: Array<[string, string, unknown[]]> = [
  ["open rental of a user", "SELECT * FROM sports_rentals WHERE user_id = ? AND returned_at IS NULL ORDER BY started_at LIMIT 1", ["u"]],
  ["operation in flight of a user", "SELECT * FROM sports_operations WHERE user_id = ? AND state = 'pending'", ["u"]],
  ["latest operation of a user", "SELECT * FROM sports_operations WHERE user_id = ? ORDER BY created_at DESC LIMIT 1", ["u"]],
  ["history page", "SELECT * FROM sports_rentals WHERE user_id = ? ORDER BY started_at DESC LIMIT 10 OFFSET 0", ["u"]],
  ["cabinets in service", "SELECT * FROM sports_devices WHERE retired_at IS NULL ORDER BY id", []],
  [
    "items available per cabinet and type",
    "SELECT device_id, type, count(*) FROM sports_items WHERE device_id IS NOT NULL AND reserved_by IS NULL GROUP BY device_id, type",
    [],
  ],
  ["reservation release", "UPDATE sports_items SET reserved_by = NULL WHERE reserved_by = ?", ["op"]],
  ["slot occupant", "UPDATE sports_items SET device_id = NULL, slot = NULL WHERE device_id = ? AND slot = ? AND tag <> ?", ["d", 1, "t"]],
  ["open rental of a tag", "UPDATE sports_rentals SET returned_at = 1 WHERE tag = ? AND returned_at IS NULL", ["t"]],
  ["active and overdue rentals", "SELECT * FROM sports_rentals WHERE returned_at IS NULL AND due_at < ? ORDER BY due_at LIMIT 50", [0]],
  ["returned rentals", "SELECT * FROM sports_rentals WHERE returned_at IS NOT NULL ORDER BY returned_at DESC LIMIT 50", []],
  ["user by openid", "SELECT * FROM sports_users WHERE openid = ?", ["o"]],
];

describe("hot sports queries", () => {
  it.each(HOT)("%s uses an index, never a table scan", async (_name, sql, binds) => {
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...binds)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail);
    expect(details.some((d) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|USING PRIMARY KEY/.test(d))).toBe(true);
    expect(details.filter((d) => /^SCAN sports_/.test(d) && !/USING/.test(d))).toEqual([]);
  });
});
