import { and, eq, type SQL, sql } from "drizzle-orm";
import { libraryLegacySessions } from "../../src/db/schema/legacy";
import {
  libraryActivities,
  libraryAdvises,
  libraryNotices,
  librarySignups,
  libraryTrainings,
  libraryUsers,
} from "../../src/db/schema/library";
import { reminders } from "../../src/db/schema/reminders";
import { toHex } from "../../src/platform/encoding";
import { formatDateTime, parseLocal } from "../../src/platform/time";
import { sessionHash } from "../../src/surfaces/library/legacy-sessions";
import { TRAINING_LEAD_MS, thing } from "../../src/surfaces/library/reminders";
import { type ImportPlan, PlanBuilder } from "./plan";
import { importRow, type LegacyKey, mappedInt } from "./rows";
import { type DjangoObject, readDumpdata } from "./sources/dumpdata";
import { wallTime } from "./times";

export const SOURCE = "library";

/** What the library import needs of Campus Edge's configuration. */
export interface LibraryTarget {
  /** LIBRARY_APPID, LIBRARY_TRAINING_TEMPLATE_ID, LIBRARY_BOOK_TEMPLATE_ID, LOCAL_UTC_OFFSET. */
  appid: string;
  trainingTemplate: string;
  bookTemplate: string;
  offset: string;
  /** Where the original's uploads (activity images) are served: its host + MEDIA_URL. */
  mediaUrl: string;
  /** How long an old session may still be exchanged. */
  sessionDays: number;
}

/** mplib-server served its uploads (MEDIA_URL /mp-static/upload/) from this host (mplib/serializers.py). */
export const ORIGINAL_MEDIA_URL = "https://system.lib.whu.edu.cn/mp-static/upload/";

const key = (entity: string, id: unknown): LegacyKey => ({ source: SOURCE, entity, legacyId: String(id) });
const str = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? "" : String(v));
const time = (v: unknown) => (typeof v === "string" ? wallTime(v, "+00:00") : null);
const DAY = 86_400_000;

/**
 * The library (document 000) from mplib-server's Django database, as `manage.py dumpdata mplib
 * auth.user` writes it (mplib ran on PostgreSQL; Django's own JSON is the export that needs nothing
 * but its manage.py). Users keep their openid, profile and bound library card (the library password
 * was kept only as a Django hash, so it is asked once again at the next libuser/login), and their
 * session (exchanged once for a Campus Edge session). Published notices, activities and trainings,
 * complaints, training sign-ups and reminders still to come are brought over.
 */
export async function planLibrary(file: string, text: string, target: LibraryTarget, now = Date.now()): Promise<ImportPlan> {
  const objects = readDumpdata(file, text);
  const plan = new PlanBuilder(SOURCE);
  const of = (model: string) => objects.filter((o) => o.model === model);
  const admins = new Map(of("auth.user").map((o) => [String(o.pk), str(o.fields.username)]));
  const known = new Set([
    "mplib.libuser",
    "mplib.user",
    "mplib.notice",
    "mplib.activity",
    "mplib.advise",
    "mplib.training",
    "mplib.reminder",
    "mplib.usertraining",
    "auth.user",
  ]);
  const other = [...new Set(objects.map((o) => o.model).filter((m) => !known.has(m)))];
  if (other.length) plan.note(`models not read: ${other.join(", ")}`);
  if (!objects.some((o) => o.model === "mplib.user"))
    plan.note("no mplib.user objects: was the dump made with `dumpdata mplib auth.user`?");

  const users = new Map<string, string>();
  const expires = now + target.sessionDays * DAY;
  for (const o of of("mplib.user")) {
    const openid = str(o.fields.openId).trim();
    if (!openid) {
      plan.reject("user", String(o.pk), "no openid (the WeChat login never completed)", o.line);
      continue;
    }
    if ([...users.values()].includes(openid)) {
      plan.reject("user", String(o.pk), `openid ${openid} repeats an earlier user`, o.line);
      continue;
    }
    users.set(String(o.pk), openid);
    const session = str(o.fields.session).trim();
    const hash = session ? await sessionHash(session) : null;
    const created = time(o.fields.lastLoginTime) ?? now;
    const gender = Number(o.fields.gender);
    plan.add("user", (db) => [
      ...importRow(
        db,
        {
          key: key("user", o.pk),
          table: libraryUsers,
          values: {
            openid,
            nickName: str(o.fields.nickName) || null,
            avatarUrl: str(o.fields.avatarUrl) || null,
            gender: Number.isInteger(gender) && o.fields.gender !== null ? gender : null,
            city: str(o.fields.city) || null,
            province: str(o.fields.province) || null,
            country: str(o.fields.country) || null,
            libId: str(o.fields.libAccount) || null,
            createdAt: created,
            updatedAt: created,
          },
          id: libraryUsers.openid,
          natural: eq(libraryUsers.openid, openid),
        },
        now,
      ),
      // Recorded like any row, so a session exchanged since is not brought back by a later run.
      ...(hash
        ? importRow(
            db,
            {
              key: key("session", o.pk),
              table: libraryLegacySessions,
              values: { sessionHash: hash, openid, expiresAt: expires, createdAt: now },
              id: libraryLegacySessions.sessionHash,
              natural: eq(libraryLegacySessions.sessionHash, hash),
              requires: [key("user", o.pk)],
            },
            now,
          )
        : []),
    ]);
  }
  plan.note(
    `users keep their bound library card; mplib kept the library password only as a hash, so each is asked for it once at the next libuser/login. Old sessions can be exchanged until ${new Date(expires).toISOString()}`,
  );

  for (const o of of("mplib.notice")) {
    const type = str(o.fields.type);
    const published = time(o.fields.publishTime);
    if (!o.fields.stats) plan.reject("notice", String(o.pk), "not published (a draft)", o.line);
    else if (type !== "N" && type !== "Z" && type !== "P") plan.reject("notice", String(o.pk), `unknown type ${type}`, o.line);
    else if (published === null) plan.reject("notice", String(o.pk), "no publish time", o.line);
    else {
      plan.add("notice", (db) =>
        importRow(
          db,
          {
            key: key("notice", o.pk),
            table: libraryNotices,
            values: {
              type,
              title: str(o.fields.title),
              content: str(o.fields.contents),
              author: admins.get(str(o.fields.pubUser)) ?? "",
              url: o.fields.urlEnable && str(o.fields.url) ? str(o.fields.url) : null,
              publishTime: published,
              createdAt: published,
              updatedAt: published,
            },
            id: libraryNotices.id,
          },
          now,
        ),
      );
    }
  }

  let undated = 0;
  for (const o of of("mplib.activity")) {
    const published = time(o.fields.publishTime);
    if (!o.fields.stats) plan.reject("activity", String(o.pk), "not published (a draft)", o.line);
    else if (published === null) plan.reject("activity", String(o.pk), "no publish time", o.line);
    else {
      undated++;
      const image = str(o.fields.actImg) ? new URL(str(o.fields.actImg), target.mediaUrl).toString() : null;
      plan.add("activity", (db) =>
        importRow(
          db,
          {
            key: key("activity", o.pk),
            table: libraryActivities,
            values: {
              title: str(o.fields.title),
              content: str(o.fields.contents),
              image,
              // The banner opens `url` only where mplib enabled it (urlEnable), as its notices do.
              url: o.fields.urlEnable && str(o.fields.url) ? str(o.fields.url) : null,
              startTime: published,
              endTime: published,
              publishTime: published,
              createdAt: published,
              updatedAt: published,
            },
            id: libraryActivities.id,
          },
          now,
        ),
      );
    }
  }
  if (undated)
    plan.note(
      `${undated} activities had no start or end (mplib kept none): both are their publish time; images stay at ${target.mediaUrl}`,
    );

  for (const o of of("mplib.advise")) {
    const published = time(o.fields.publishTime);
    if (published === null) {
      plan.reject("advise", String(o.pk), "no time", o.line);
      continue;
    }
    plan.add("advise", (db) =>
      importRow(
        db,
        {
          key: key("advise", o.pk),
          table: libraryAdvises,
          values: { openid: null, tel: str(o.fields.tel), contents: str(o.fields.contents), publishTime: published, createdAt: published },
          id: libraryAdvises.id,
        },
        now,
      ),
    );
  }

  const trainings = new Map<string, { title: string; place: string; start: number }>();
  for (const o of of("mplib.training")) {
    const type = str(o.fields.type);
    const start = time(o.fields.start_time);
    const end = time(o.fields.end_time);
    const published = time(o.fields.publishTime);
    if (!o.fields.stats) plan.reject("training", String(o.pk), "not published (a draft)", o.line);
    else if (type !== "B" && type !== "X" && type !== "S") plan.reject("training", String(o.pk), `unknown type ${type}`, o.line);
    else if (start === null || end === null || published === null)
      plan.reject("training", String(o.pk), "no start, end or publish time", o.line);
    else {
      trainings.set(String(o.pk), { title: str(o.fields.title), place: str(o.fields.place), start });
      plan.add("training", (db) =>
        importRow(
          db,
          {
            key: key("training", o.pk),
            table: libraryTrainings,
            values: {
              type,
              title: str(o.fields.title),
              content: str(o.fields.contents),
              speaker: str(o.fields.speaker),
              place: str(o.fields.place),
              startTime: start,
              endTime: end,
              publishTime: published,
              createdAt: published,
              updatedAt: published,
            },
            id: libraryTrainings.id,
          },
          now,
        ),
      );
    }
  }

  const reminderRows = new Map(of("mplib.reminder").map((o) => [String(o.pk), o]));
  const signedUp = new Set<string>();
  for (const o of of("mplib.usertraining")) {
    const user = str(o.fields.user);
    const training = str(o.fields.training);
    const openid = users.get(user);
    const t = trainings.get(training);
    const reminder = reminderRows.get(str(o.fields.reminder));
    if (reminder) signedUp.add(String(reminder.pk));
    if (!openid) plan.reject("signup", String(o.pk), `its user ${user} is not imported`, o.line);
    else if (!t) plan.reject("signup", String(o.pk), `its training ${training} is not imported`, o.line);
    else {
      const remindText = keyword(reminder, "keyword5");
      const signupId = sql`(SELECT ${librarySignups.id} FROM ${librarySignups} WHERE ${and(eq(librarySignups.openid, openid), eq(librarySignups.trainingId, mappedInt(key("training", training))))})`;
      const remind = target.trainingTemplate && t.start > now;
      plan.add("signup", (db) =>
        importRow(
          db,
          {
            key: key("signup", o.pk),
            table: librarySignups,
            values: { openid, trainingId: mappedInt(key("training", training)), remindText, createdAt: now },
            id: librarySignups.id,
            natural: and(eq(librarySignups.openid, openid), eq(librarySignups.trainingId, mappedInt(key("training", training)))),
            requires: [key("training", training)],
          },
          now,
        ),
      );
      // The reminder Campus Edge's add_training_reminder schedules, for a training still to come.
      if (remind) {
        plan.add("reminder", (db) =>
          importRow(
            db,
            {
              key: key("reminder", reminder?.pk ?? `signup-${o.pk}`),
              table: reminders,
              values: {
                surface: SOURCE,
                appid: target.appid,
                openid,
                templateId: target.trainingTemplate,
                page: keywordPage(reminder),
                data: {
                  thing1: { value: thing(t.title) },
                  time2: { value: formatDateTime(t.start, target.offset).slice(0, 16) },
                  thing3: { value: thing(t.place) },
                  thing4: { value: thing(remindText || "培训即将开始") },
                },
                sendAt: Math.max(now, t.start - TRAINING_LEAD_MS),
                dedupeKey: concat("library:training:", signupId),
                createdAt: now,
                updatedAt: now,
              },
              id: reminders.id,
              requires: [key("signup", o.pk)],
            },
            now,
          ),
        );
      }
    }
  }

  let past = 0;
  for (const o of reminderRows.values()) {
    if (signedUp.has(String(o.pk))) continue;
    const when = time(o.fields.time);
    const openid = str(o.fields.openId);
    const book = keyword(o, "keyword1");
    const borrowed = keyword(o, "keyword2");
    const expired = keyword(o, "keyword3");
    const expires = parseLocal(expired, target.offset);
    if (when !== null && when <= now) {
      past++;
      continue;
    }
    if (![...users.values()].includes(openid))
      plan.reject("reminder", String(o.pk), `its user ${openid || "(none)"} is not imported`, o.line);
    else if (!book || expires === null) plan.reject("reminder", String(o.pk), "neither a training's nor a book's reminder", o.line);
    else if (!target.bookTemplate) plan.reject("reminder", String(o.pk), "LIBRARY_BOOK_TEMPLATE_ID is not set", o.line);
    else {
      const digest = toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(book))).slice(0, 16);
      // As Campus Edge's add_book_reminder schedules it: 09:00 the day before the due date.
      plan.add("reminder", (db) =>
        importRow(
          db,
          {
            key: key("reminder", o.pk),
            table: reminders,
            values: {
              surface: SOURCE,
              appid: target.appid,
              openid,
              templateId: target.bookTemplate,
              page: keywordPage(o),
              data: {
                thing1: { value: thing(book) },
                date2: { value: borrowed },
                date3: { value: expired },
                thing4: { value: "即将到期，请及时归还或续借" },
              },
              sendAt: Math.max(now, expires - DAY + 9 * 3_600_000),
              dedupeKey: `library:book:${openid}:${expired}:${digest}`,
              createdAt: now,
              updatedAt: now,
            },
            id: reminders.id,
            natural: eq(reminders.dedupeKey, `library:book:${openid}:${expired}:${digest}`),
          },
          now,
        ),
      );
    }
  }
  if (past) plan.note(`${past} reminders were already due at the original (it sent them): not sent again`);
  if (!target.trainingTemplate) plan.note("LIBRARY_TRAINING_TEMPLATE_ID is not set: sign-ups come over without their reminders");
  return plan.build();
}

const concat = (prefix: string, id: SQL) => sql`${prefix} || ${id}`;

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/** A value of the original's template-message data: `{"keyword1": {"value": "..."}}`. */
function keyword(reminder: DjangoObject | undefined, name: string): string {
  const data = reminder?.fields.data;
  const entry = isRecord(data) ? data[name] : null;
  return isRecord(entry) ? str(entry.value) : "";
}

const keywordPage = (reminder: DjangoObject | undefined) => str(reminder?.fields.page) || null;
