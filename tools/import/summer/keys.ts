import type { SQL } from "drizzle-orm";
import { type LegacyKey, mappedInt } from "../rows";

export const SOURCE = "summer";

/** The key of a StuSystem row (its table's entity name and id). */
export const key = (entity: string, id: number | string): LegacyKey => ({ source: SOURCE, entity, legacyId: String(id) });

/** The Campus Edge id a StuSystem row became, as SQL. */
export const ref = (entity: string, id: number | string): SQL => mappedInt(key(entity, id));
