import type { libraryActivities, libraryNotices, libraryTrainings } from "../../db/schema/library";
import type { Db } from "../../env";
import { AppError } from "../../platform/errors";
import { parseLocal } from "../../platform/time";
import { type PublicList, purgeList } from "./list-cache";
import {
  editActivity,
  editNotice,
  editTraining,
  publishActivity,
  publishNotice,
  publishTraining,
  withdrawActivity,
  withdrawNotice,
  withdrawTraining,
} from "./publications";

/**
 * Operators' changes to the library's publications, as both the operators' API and the console make
 * them: campus times read from text, and the public list's cache purged after every change so the
 * mini-program sees it at once.
 */

export const NOTICE_TYPES = { N: "通知", Z: "资源动态", P: "培训活动" } as const;
export const TRAINING_TYPES = { B: "毕业指导", X: "学习助手", S: "实用软件" } as const;
export type NoticeType = keyof typeof NOTICE_TYPES;
export type TrainingType = keyof typeof TRAINING_TYPES;
export const noticeTypes = Object.keys(NOTICE_TYPES) as NoticeType[];
export const trainingTypes = Object.keys(TRAINING_TYPES) as TrainingType[];

/** Longest accepted text of each field. */
export const LIMITS = { title: 200, content: 20_000, author: 100, speaker: 100, place: 200 } as const;

/**
 * Whether a link is a web address (http or https): a notice's `url` and an activity's `image` and `url` are shown
 * as links and images in the mini-program and the console, where `javascript:` or `data:` would run.
 */
export function isWebLink(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === "https:" || protocol === "http:") && hostname !== "";
}

/** A campus time (`YYYY-MM-DD HH:mm[:ss]`, or `T` between date and time) as epoch ms; absent stays absent. */
export function campusTime(tz: string, field: string, value: string): number;
export function campusTime(tz: string, field: string, value: string | undefined): number | undefined;
export function campusTime(tz: string, field: string, value: string | undefined) {
  if (value === undefined) return undefined;
  const ms = parseLocal(value, tz);
  if (ms === null) throw new AppError("invalid_param", `${field} must be YYYY-MM-DD HH:mm[:ss]`, { field, code: "time_format" });
  return ms;
}

export interface NoticeInput {
  type: NoticeType;
  title: string;
  content: string;
  author?: string;
  url?: string | null;
  publishTime?: string;
}

interface EventInput {
  title: string;
  content: string;
  place?: string;
  startTime: string;
  endTime: string;
  publishTime?: string;
}

export interface TrainingInput extends EventInput {
  type: TrainingType;
  speaker?: string;
}

export interface ActivityInput extends EventInput {
  image?: string | null;
  url?: string | null;
}

/** One kind of publication: publish, revise (undefined when there is no such row) and withdraw, each purging its list. */
export interface Publication<Input, Row> {
  list: PublicList;
  publish: (db: Db, input: Input, tz: string, now?: number) => Promise<Row>;
  revise: (db: Db, id: number, changes: Partial<Input>, tz: string, now?: number) => Promise<Row | undefined>;
  withdraw: (db: Db, id: number) => Promise<boolean>;
}

/** Runs a change, then forgets the cached public list it touched. */
async function purging<T>(list: PublicList, change: Promise<T>): Promise<T> {
  const result = await change;
  if (result) await purgeList(list);
  return result;
}

const eventTimes = <T extends EventInput>(tz: string, p: T) => ({
  ...p,
  startTime: campusTime(tz, "startTime", p.startTime),
  endTime: campusTime(tz, "endTime", p.endTime),
  publishTime: campusTime(tz, "publishTime", p.publishTime),
});
const eventChanges = <T extends Partial<EventInput>>(tz: string, p: T) => ({
  ...p,
  startTime: campusTime(tz, "startTime", p.startTime),
  endTime: campusTime(tz, "endTime", p.endTime),
  publishTime: campusTime(tz, "publishTime", p.publishTime),
});

export const notices: Publication<NoticeInput, typeof libraryNotices.$inferSelect> = {
  list: "notices",
  publish: (db, p, tz, now = Date.now()) =>
    purging("notices", publishNotice(db, { ...p, publishTime: campusTime(tz, "publishTime", p.publishTime) }, now)),
  revise: (db, id, p, tz, now = Date.now()) =>
    purging("notices", editNotice(db, id, { ...p, publishTime: campusTime(tz, "publishTime", p.publishTime) }, now)),
  withdraw: (db, id) => purging("notices", withdrawNotice(db, id)),
};

export const trainings: Publication<TrainingInput, typeof libraryTrainings.$inferSelect> = {
  list: "trainings",
  publish: (db, p, tz, now = Date.now()) => purging("trainings", publishTraining(db, eventTimes(tz, p), now)),
  revise: (db, id, p, tz, now = Date.now()) => purging("trainings", editTraining(db, id, eventChanges(tz, p), now)),
  withdraw: (db, id) => purging("trainings", withdrawTraining(db, id)),
};

export const activities: Publication<ActivityInput, typeof libraryActivities.$inferSelect> = {
  list: "activities",
  publish: (db, p, tz, now = Date.now()) => purging("activities", publishActivity(db, eventTimes(tz, p), now)),
  revise: (db, id, p, tz, now = Date.now()) => purging("activities", editActivity(db, id, eventChanges(tz, p), now)),
  withdraw: (db, id) => purging("activities", withdrawActivity(db, id)),
};
