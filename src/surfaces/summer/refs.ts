import { inArray } from "drizzle-orm";
import type {
  summerCampuses,
  summerCampusTypes,
  summerCountries,
  summerCourses,
  summerProjects,
  summerSalesMen,
} from "../../db/schema/summer";
import type { Db } from "../../env";
import { bad } from "./writes";

type RefTable =
  | typeof summerCampusTypes
  | typeof summerCountries
  | typeof summerCampuses
  | typeof summerProjects
  | typeof summerCourses
  | typeof summerSalesMen;

export interface Ref {
  field: string;
  table: RefTable;
  ids: number[];
}

export const invalidRef = (field: string, id: number) => bad(field, `无效主键 “${id}” - 对象不存在。`);

/** Checks in one D1 round trip that every id a request names exists; 400 naming the first field that does not. */
export async function checkRefs(db: Db, refs: Ref[]): Promise<void> {
  const wanted = refs.filter((r) => r.ids.length > 0);
  if (wanted.length === 0) return;
  const [first, ...rest] = wanted.map((r) => db.select({ id: r.table.id }).from(r.table).where(inArray(r.table.id, r.ids)));
  const found = await db.batch([first, ...rest]);
  wanted.forEach((r, i) => {
    const have = new Set(found[i].map((row) => row.id));
    const missing = r.ids.find((id) => !have.has(id));
    if (missing !== undefined) throw invalidRef(r.field, missing);
  });
}
