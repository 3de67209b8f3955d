import { eq } from "drizzle-orm";
import * as v from "valibot";
import { summerScoreDetails } from "../../db/schema/summer";
import { params } from "../../platform/params";
import { doc } from "./docs";
import { ok } from "./envelope";
import { str } from "./inputs";
import { requireSelf, requireStudent } from "./roles";
import { requireLogin } from "./session";
import type { SummerApp } from "./surface";
import { notFound } from "./writes";

/** Where the student's transcript is sent (成绩单信息): one per student; POST creates it or replaces it. */
type Row = typeof summerScoreDetails.$inferSelect;
const s = v.string();
const detailDoc = v.object({ id: v.number(), user: v.number(), department: s, phone: s, country: s, post_code: s, address: s });
const present = (r: Row) => ({
  id: r.id,
  user: r.userId,
  department: r.department,
  phone: r.phone,
  country: r.country,
  post_code: r.postCode,
  address: r.address,
});

export function scoreDetailRoutes(app: SummerApp) {
  app.post(
    "/auth/user/score_detail",
    doc("Create (or replace) the caller's transcript mailing details", detailDoc, {
      who: "a student",
      errors: ["400 the first missing or too long field"],
    }),
    requireLogin,
    requireStudent,
    params(v.object({ department: str(30), phone: str(30), country: str(30), post_code: str(30), address: str(60) }), "POST"),
    async (c) => {
      const p = c.var.params;
      const now = Date.now();
      const fields = {
        department: p.department,
        phone: p.phone,
        country: p.country,
        postCode: p.post_code,
        address: p.address,
        updatedAt: now,
      };
      const [row] = await c.var.db
        .insert(summerScoreDetails)
        .values({ userId: c.var.user.id, ...fields, createdAt: now })
        .onConflictDoUpdate({ target: summerScoreDetails.userId, set: fields })
        .returning();
      return ok(c, present(row));
    },
  );

  app.get(
    "/auth/user/score_detail/:user_id{[0-9]+}",
    doc("The student's transcript mailing details", detailDoc, {
      who: "the student whose id is in the path",
      errors: ["404 not created yet"],
    }),
    requireLogin,
    params(v.object({}), "GET"),
    requireStudent,
    requireSelf,
    async (c) => {
      const [row] = await c.var.db.select().from(summerScoreDetails).where(eq(summerScoreDetails.userId, c.var.user.id));
      if (!row) throw notFound();
      return ok(c, present(row));
    },
  );
}
