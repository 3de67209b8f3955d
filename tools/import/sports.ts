import { eq } from "drizzle-orm";
import { sportsDevices, sportsRentals, sportsUsers } from "../../src/db/schema/sports";
import { type ImportPlan, InputError, PlanBuilder } from "./plan";
import { importRow, type LegacyKey, mappedText } from "./rows";
import { type MongoDoc, readMongoExport } from "./sources/mongoexport";

/**
 * Sports equipment sharing (document 003) from inshare's MongoDB, exported with `mongoexport`, one
 * file per collection as Mongoose names them: `authorizations` (uuid, wxOpenID), `profiles` (uuid,
 * region, phone, email), `renteditems` (uuid, userUUID, fromID, revertToID, typeID, rentedTime,
 * revertedTime, status 0 rented / 1 failed / 2 returned) and, optionally, `users` (its `_id` dates
 * the sign-up). inshare kept no cabinets in its database (they announced themselves over MQTT): the
 * cabinets the rentals name are brought over as retired ones, so the history still names them.
 * Its item types were numbers the cabinet reported; `types.json` ({"1": "篮球"}), when given, names them.
 * Its items carried no tags, so an item still out cannot come back into a Campus Edge cabinet as that
 * rental's item: such a rental is brought over closed at the import (so its user can rent again) and
 * listed, for operators to collect the item.
 */
export const SOURCE = "sports";
export const COLLECTIONS = ["authorizations", "profiles", "renteditems", "users"] as const;
export type Collection = (typeof COLLECTIONS)[number];

export interface SportsExport {
  /** The exported collections' text by name, with the file each came from. */
  collections: Partial<Record<Collection, { file: string; text: string }>>;
  /** types.json: item type number -> name. */
  types?: { file: string; text: string };
}

/** Campus Edge's default loan time (SPORTS_RENTAL_HOURS): a rental's due time. */
const RENTAL_HOURS = 2;
const RENTED = 0;
const FAILED = 1;
const RETURNED = 2;

export function planSports(input: SportsExport, now = Date.now()): ImportPlan {
  const plan = new PlanBuilder(SOURCE);
  const read = (name: Collection): MongoDoc[] => {
    const c = input.collections[name];
    return c ? readMongoExport(c.file, c.text) : [];
  };
  if (!input.collections.authorizations)
    throw new InputError("authorizations.json", null, "missing: the export needs inshare's authorizations collection");
  const auths = read("authorizations");
  const profiles = byUuid(read("profiles"));
  const signups = byUuid(read("users"));
  const rentals = read("renteditems");
  const typeNames = typesOf(input.types);

  const users = new Map<string, string>();
  const openids = new Set<string>();
  let named = 0;
  for (const { doc, line } of auths) {
    const uuid = str(doc.uuid);
    const openid = str(doc.wxOpenID);
    if (!uuid) {
      plan.reject("user", str(doc._id) || `line ${line}`, "no uuid", line);
      continue;
    }
    if (!openid) {
      plan.reject("user", uuid, "signed up with a username and password: Campus Edge signs sports users in with WeChat only", line);
      continue;
    }
    if (openids.has(openid) || users.has(uuid)) {
      plan.reject("user", uuid, `openid ${openid} or uuid repeats an earlier user`, line);
      continue;
    }
    openids.add(openid);
    users.set(uuid, openid);
    const profile = profiles.get(uuid) ?? {};
    if (str(profile.name)) named++;
    const created = dateOf(signups.get(uuid)?._id) ?? dateOf(doc._id) ?? now;
    plan.add("user", (db) =>
      importRow(
        db,
        {
          key: userKey(uuid),
          table: sportsUsers,
          values: {
            id: uuid,
            openid,
            region: str(profile.region),
            phone: str(profile.phone),
            email: str(profile.email),
            createdAt: created,
            updatedAt: created,
          },
          id: sportsUsers.id,
          natural: eq(sportsUsers.openid, openid),
        },
        now,
      ),
    );
  }
  if (named) plan.note(`${named} profiles had a name: Campus Edge's sports profile has no name, so names are not carried`);

  const devices = new Set<string>();
  const unknownTypes = new Set<number>();
  const rows: { doc: Record<string, unknown>; line: number; uuid: string; userUuid: string; typeId: number; started: number }[] = [];
  for (const { doc, line } of rentals) {
    const uuid = str(doc.uuid);
    const userUuid = str(doc.userUUID);
    const status = Number(doc.status);
    const started = dateOf(doc.rentedTime);
    const typeId = Number(doc.typeID);
    if (!uuid) plan.reject("rental", `line ${line}`, "no uuid", line);
    else if (status === FAILED) plan.reject("rental", uuid, "a rent the cabinet refused: nothing was lent", line);
    else if (status !== RENTED && status !== RETURNED) plan.reject("rental", uuid, `unknown status ${JSON.stringify(doc.status)}`, line);
    else if (!users.has(userUuid)) plan.reject("rental", uuid, `its user ${userUuid || "(none)"} is not imported`, line);
    else if (started === null) plan.reject("rental", uuid, "no rentedTime", line);
    else if (!str(doc.fromID)) plan.reject("rental", uuid, "no fromID (cabinet)", line);
    else if (!Number.isInteger(typeId)) plan.reject("rental", uuid, `typeID ${JSON.stringify(doc.typeID)} is not a number`, line);
    else {
      devices.add(str(doc.fromID));
      if (str(doc.revertToID)) devices.add(str(doc.revertToID));
      if (!typeNames.has(typeId)) unknownTypes.add(typeId);
      rows.push({ doc, line, uuid, userUuid, typeId, started });
    }
  }

  for (const id of [...devices].sort()) {
    plan.add("device", (db) =>
      importRow(
        db,
        {
          key: { source: SOURCE, entity: "device", legacyId: id },
          table: sportsDevices,
          // A cabinet of the old system: retired (it cannot poll), named by its old id until an operator renames it.
          values: { id, name: id, slotCount: 0, secret: randomSecret(), secretRotatedAt: now, retiredAt: now, createdAt: now },
          id: sportsDevices.id,
          natural: eq(sportsDevices.id, id),
        },
        now,
      ),
    );
  }
  if (unknownTypes.size) {
    plan.note(`item types ${[...unknownTypes].sort((a, b) => a - b).join(", ")} have no name in types.json: they are named 器材<number>`);
  }

  for (const { doc, line, uuid, userUuid, typeId, started } of rows) {
    const returned = Number(doc.status) === RETURNED;
    const type = typeNames.get(typeId) ?? `器材${typeId}`;
    let returnedAt = returned ? dateOf(doc.revertedTime) : now;
    if (returnedAt === null) {
      plan.note(`rental ${uuid} (line ${line}) was returned without a revertedTime: its return is dated at its start`);
      returnedAt = started;
    }
    if (!returned) {
      plan.note(
        `rental ${uuid} (line ${line}): ${type} from ${str(doc.fromID)} is still out with user ${userUuid} (openid ${users.get(userUuid)}) since ${new Date(started).toISOString()}; closed at the import, collect the item`,
      );
    }
    plan.add("rental", (db) =>
      importRow(
        db,
        {
          key: { source: SOURCE, entity: "rental", legacyId: uuid },
          table: sportsRentals,
          values: {
            id: uuid,
            userId: mappedText(userKey(userUuid)),
            // inshare's cabinets counted items by type and read no tags: the rental's own tag stands for the item.
            tag: `legacy:${uuid}`,
            itemName: type,
            itemType: type,
            deviceId: str(doc.fromID),
            rentOperationId: `legacy:${uuid}`,
            startedAt: started,
            dueAt: started + RENTAL_HOURS * 3_600_000,
            returnedAt,
            returnDeviceId: returned ? str(doc.revertToID) || null : null,
          },
          id: sportsRentals.id,
          natural: eq(sportsRentals.id, uuid),
          requires: [userKey(userUuid), { source: SOURCE, entity: "device", legacyId: str(doc.fromID) }],
        },
        now,
      ),
    );
  }
  return plan.build();
}

const userKey = (uuid: string): LegacyKey => ({ source: SOURCE, entity: "user", legacyId: uuid });

const str = (v: unknown) => (typeof v === "string" ? v.trim() : v === null || v === undefined ? "" : String(v));

function byUuid(docs: MongoDoc[]): Map<string, Record<string, unknown>> {
  return new Map(docs.map(({ doc }) => [str(doc.uuid), doc]));
}

/** A BSON date, or the creation time an ObjectId carries. */
function dateOf(v: unknown): number | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.getTime();
  if (v && typeof v === "object" && "getTimestamp" in v && typeof v.getTimestamp === "function") {
    const t: unknown = v.getTimestamp();
    return t instanceof Date ? t.getTime() : null;
  }
  return null;
}

function typesOf(types: SportsExport["types"]): Map<number, string> {
  if (!types) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(types.text);
  } catch (err) {
    throw new InputError(types.file, null, `not JSON (${err instanceof Error ? err.message : err})`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new InputError(types.file, 1, 'not an object such as {"1": "篮球"}');
  const out = new Map<number, string>();
  for (const [k, v] of Object.entries(parsed)) {
    if (!Number.isInteger(Number(k)) || typeof v !== "string" || !v.trim())
      throw new InputError(types.file, null, `entry ${k}: expected a type number and a name`);
    out.set(Number(k), v.trim());
  }
  return out;
}

function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
}
