import * as v from "valibot";
import { digits, int, text } from "../../platform/params";

const described = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(schema, v.description(description));

// Requests. Unknown extra parameters (older clients send `password`) are ignored.

export const auth = {
  userid: described(text(64), "The userid returned by signup or login"),
  client_session_id: described(text(2048), "The client_session_id returned by signup or login"),
};

const region = described(v.pipe(v.string(), v.trim(), v.maxLength(64)), 'Free text, e.g. "浙江, 杭州"');
const phone = described(
  v.pipe(v.union([v.string(), digits]), v.trim(), v.regex(/^(\+?[\d\s()-]{5,24})?$/, "must be a phone number")),
  'e.g. "+86 18888888888"; required before renting',
);
const email = v.pipe(v.string(), v.trim(), v.maxLength(128), v.regex(/^([^\s@]+@[^\s@]+\.[^\s@]+)?$/, "must be an email address"));
const code = described(text(256), "The code from wx.login");

export const signupParams = v.object({ code, region: v.optional(region), phone: v.optional(phone), email: v.optional(email) });
export const loginParams = v.object({ code });
export const authParams = v.object(auth);

const deviceId = described(text(64), "device_id from /device/list");
const verificationCode = described(
  v.union([
    text(8),
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(0),
      v.maxValue(999),
      v.transform((n) => String(n).padStart(3, "0")),
    ),
  ]),
  "The 3-digit code the cabinet shows",
);
export const rentParams = v.object({
  ...auth,
  device_id: deviceId,
  type: described(text(32), 'Equipment type, e.g. "篮球"'),
  verification_code: verificationCode,
});
export const revertParams = v.object({ ...auth, device_id: deviceId, verification_code: verificationCode });

// The original server's names (wayhoww/inshare.ts), taken on its /user/... paths beside the document's:
// `uuid` for userid, `type_id` for type. The document's name wins when a client sends both.

const originalAuth = {
  userid: v.optional(auth.userid),
  uuid: v.optional(described(text(64), "The original server's name for userid")),
  client_session_id: auth.client_session_id,
};

/** `userid`, or the original server's `uuid` in its place. */
const useridOrUuid = <T extends { userid?: string; uuid?: string }>() =>
  v.rawTransform<T, Omit<T, "userid" | "uuid"> & { userid: string }>(({ dataset, addIssue, NEVER }) => {
    const { userid, uuid, ...rest } = dataset.value;
    const id = userid ?? uuid;
    if (id === undefined) {
      addIssue({ message: "userid (or uuid) is required" });
      return NEVER;
    }
    return { ...rest, userid: id };
  });

/** `type`, or the original server's `type_id` in its place. */
const typeOrTypeId = <T extends { type?: string; type_id?: string }>() =>
  v.rawTransform<T, Omit<T, "type" | "type_id"> & { type: string }>(({ dataset, addIssue, NEVER }) => {
    const { type, type_id, ...rest } = dataset.value;
    const named = type ?? type_id;
    if (named === undefined) {
      addIssue({ message: "type (or type_id) is required" });
      return NEVER;
    }
    return { ...rest, type: named };
  });

/** The caller on every student route: `userid` (or `uuid`) and `client_session_id`. */
export const callerParams = v.pipe(v.object(originalAuth), useridOrUuid());
export const updateParams = v.pipe(
  v.object({ ...originalAuth, region: v.optional(region), phone: v.optional(phone), email: v.optional(email) }),
  useridOrUuid(),
);
/** The original server's /user/history: `skip` and `limit` in place of the document's page path. */
export const originalHistoryParams = v.pipe(
  v.object({
    ...originalAuth,
    skip: described(int(0, 1_000_000), "How many rentals to skip, newest first"),
    limit: described(int(1, 1_000_000), "How many to return"),
  }),
  useridOrUuid(),
);
export const originalRentParams = v.pipe(
  v.object({
    ...originalAuth,
    device_id: deviceId,
    type: v.optional(rentParams.entries.type),
    type_id: v.optional(described(v.union([text(32), digits]), "The original server's name for type")),
    verification_code: verificationCode,
  }),
  useridOrUuid(),
  typeOrTypeId(),
);
export const originalRevertParams = v.pipe(
  v.object({ ...originalAuth, device_id: deviceId, verification_code: verificationCode }),
  useridOrUuid(),
);

export const HISTORY_MAX_PAGE_LENGTH = 50;
export const pageLength = int(1, 1_000_000);
export const pageId = int(0, 1_000_000);

const tag = v.nullable(v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(64)));
export const pollParams = v.object({
  slots: v.optional(
    v.pipe(
      v.array(v.object({ slot: int(1, 999), tag: v.optional(tag, null) })),
      v.maxLength(200),
      v.description("What the reader sees now, one entry per slot"),
    ),
  ),
});
export const reportParams = v.object({
  command_id: text(64),
  door: v.picklist(["opened", "jammed"]),
  slot: int(1, 999),
  tag_removed: v.optional(tag, null),
  tag_inserted: v.optional(tag, null),
});

// Replies.

const status = described(v.string(), '"accepted" or "error: ..."');
export const statusReply = v.object({ status });
export const sessionReply = v.object({
  status,
  userid: v.string(),
  client_session_id: v.string(),
  uuid: described(v.string(), "userid under the original server's name"),
});
const profileFields = { userid: v.string(), region: v.string(), phone: v.string(), email: v.string() };
export const profileReply = v.object({
  status,
  ...profileFields,
  profile: described(
    v.object({ uuid: v.string(), region: v.string(), phone: v.string(), email: v.string() }),
    "the same profile as the original server nested it, userid as uuid",
  ),
});
export const uuidReply = v.object({ status, userid: v.string(), uuid: v.string() });
const time = described(v.string(), "yyyy-MM-ddTHH:mm:ss.sssZ");
const currentItems = v.array(v.object({ time_begin: time, time_due: time, name: v.string(), device: v.string() }));
export const statusItemsReply = v.object({ status, items: currentItems });
export const rentedReply = v.object({
  ...statusItemsReply.entries,
  rented: described(currentItems, "items under the original server's name"),
});
const historyItems = v.array(v.object({ time_begin: time, time_end: v.nullable(time), name: v.string(), device: v.string() }));
export const historyReply = v.object({ status, items: historyItems });
export const originalHistoryReply = v.object({
  status,
  items: historyItems,
  history: described(historyItems, "items under the original server's name"),
});
const available = v.array(v.object({ type: v.string(), available: v.number() }));
const codes = described(v.array(v.string()), "the code shown now, then the one shown before");
export const deviceListReply = v.object({
  status,
  devices: v.array(
    v.object({
      device_id: v.string(),
      name: v.string(),
      location: v.string(),
      online: described(v.boolean(), "polled within the last 60 s"),
      verification_codes: codes,
      items: available,
      deviceID: described(v.string(), "device_id under the original server's name"),
      captchas: described(codes, "verification_codes under the original server's name"),
      instruments: described(available, "items under the original server's name"),
    }),
  ),
});
export const operationReply = v.object({ status, operation_id: v.string() });
const latestOperation = v.nullable(
  v.object({
    operation_id: v.string(),
    kind: v.picklist(["rent", "revert"]),
    state: v.picklist(["pending", "succeeded", "failed"]),
    reason: described(v.nullable(v.string()), "not taken, wrong item, door jammed or timeout"),
    device: v.string(),
    name: v.nullable(v.string()),
    time: time,
    unconfirmed: described(
      v.optional(v.literal(true)),
      "present while a rent that timed out is not yet known to have handed its item out or not: the person cannot rent at another cabinet until it is",
    ),
  }),
);
export const latestReply = v.object({ status, operation: latestOperation });
export const originalLatestReply = v.object({
  ...latestReply.entries,
  latest_renting_or_reverting_status: described(
    v.picklist(["unstarted", "waiting", "succeeded", "failed"]),
    "the original server's word for the latest operation: unstarted (none), waiting (pending), succeeded, failed",
  ),
  renting_or_reverting: described(v.boolean(), "whether that operation is still pending (the original server's name)"),
});
export const pollReply = v.object({
  codes: v.array(v.string()),
  commands: v.array(
    v.object({
      command_id: v.string(),
      action: v.literal("open"),
      slot: v.number(),
      purpose: v.picklist(["rent", "revert"]),
      expires_at: time,
    }),
  ),
  poll_after_ms: v.number(),
});
export const reportReply = v.object({ ok: v.boolean() });
