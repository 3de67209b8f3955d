import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Context } from "hono";
import * as v from "valibot";
import { describe } from "../../../src/platform/openapi";
import { int, params, text } from "../../../src/platform/params";
import { randomId } from "../../../src/platform/random";
import { createSimulator, type SimEnv } from "../simulator";
import { huge, trickle } from "../slow-bodies";
import {
  baseLanguage,
  catalogue,
  findCodes,
  itemByBarcode,
  loansIn,
  PATRON_COUNT,
  patronById,
  RECORD_COUNT,
  recordByDoc,
  type SimPatron,
  SUB_LIBRARIES,
  search,
  visitsOf,
} from "./catalogue";
import { oaiMarc, z13, z30 } from "./marc";
import * as schema from "./schema";
import { ALEPH_FAULTS, simAlephFaults, simAlephHolds, simAlephLoans, simAlephPatrons, simAlephSets } from "./schema";
import {
  activeLoans,
  addDays,
  dmy,
  ensurePatron,
  finesOf,
  holdsOf,
  holdsOnItem,
  LOAN_DAYS,
  loanedCopies,
  patronRow,
  RENEWAL_LIMIT,
  returnedLoans,
  ymd,
  ymdToMs,
} from "./state";
import { document, type Node } from "./xml";

/**
 * Aleph X-Server (`GET /X?op=...`) as the library adapter sees it: the root
 * element is the op, errors come in `<error>` (or `<error-text-1>` for
 * circulation refusals), every reply carries `<session-id>`. Besides the
 * stock ops it answers three site-local ones the campus deployment adds:
 * `bor-history`, `bor-visit` and `bor-rank`. Faults for tests:
 * `POST /__sim/aleph/faults {op, kind: timeout|slow|http500|garbage|trickle|huge, count}`.
 */
export const alephSimulator = createSimulator(schema);

type Q = Record<string, string>;
type C = Context<SimEnv<typeof schema>>;

const xml = (c: C, op: string, body: Record<string, Node>) =>
  c.body(document(op, { ...body, "session-id": randomId(18).toUpperCase().replace(/[-_]/g, "X") }), 200, {
    "content-type": "text/xml; charset=UTF-8",
  });
const error = (c: C, op: string, message: string) => xml(c, op, { error: message });
const refusal = (c: C, op: string, text1: string, text2 = "") => xml(c, op, { "error-text-1": text1, "error-text-2": text2 });

/** The record `doc` of `base` (any base's when none is named); undefined for another base's record or an unknown base. */
function recordIn(base: string | undefined, doc: string) {
  const record = recordByDoc(doc);
  return record && (base === undefined || baseLanguage(base) === record.language) ? record : undefined;
}

const money = (fen: number) => (fen / 100).toFixed(2);
const pad9 = (n: number) => String(n).padStart(9, "0");

async function authenticated(c: C, op: string, q: Q): Promise<SimPatron | Response> {
  if (!q.bor_id || !q.verification) return error(c, op, "Both Bor_Id and Verification must be supplied");
  const patron = patronById(q.bor_id);
  if (!patron) return error(c, op, "Error retrieving Patron System Key");
  if (patron.verification !== q.verification) return error(c, op, "Error in Verification");
  await ensurePatron(c.var.db, patron);
  return patron;
}

async function patronBlocks(c: C, patron: SimPatron) {
  const row = await patronRow(c.var.db, patron.borId);
  return {
    z303: {
      "z303-id": patron.borId,
      "z303-name": patron.name,
      "z303-gender": patron.gender,
      "z303-birth-date": patron.birthDate,
      "z303-home-library": "总馆",
    },
    z304: {
      "z304-address-1": patron.department,
      "z304-address-2": patron.major,
      "z304-email-address": row?.email ?? "",
      "z304-telephone": row?.telephone ?? "",
    },
    z305: { "z305-bor-status": patron.status, "z305-bor-type": patron.status, "z305-expiry-date": patron.expiry },
  };
}

function loanNode(loan: typeof simAlephLoans.$inferSelect): Node {
  const found = itemByBarcode(loan.barcode);
  if (!found) return null;
  return {
    "due-date": loan.dueDate,
    z36: {
      "z36-doc-number": found.record.docNumber,
      "z36-item-sequence": found.item.itemSequence,
      "z36-material": "图书",
      "z36-sub-library": SUB_LIBRARIES[found.item.subLibrary],
      "z36-loan-date": loan.loanDate,
      "z36-loan-hour": "1030",
      "z36-due-date": loan.dueDate,
      "z36-due-hour": "2400",
      "z36-returned-date": loan.returnedDate ?? "",
      "z36-no-renewal": loan.renewals,
    },
    z30: z30(found.record, found.item),
    z13: z13(found.record),
  };
}

function holdNode(hold: typeof simAlephHolds.$inferSelect): Node {
  const found = itemByBarcode(hold.barcode);
  if (!found) return null;
  return {
    z37: {
      "z37-doc-number": hold.docNumber,
      "z37-item-sequence": hold.itemSequence,
      "z37-sequence": hold.sequence,
      "z37-request-date": hold.requestDate,
      "z37-end-request-date": hold.endDate,
      "z37-pickup-location": hold.pickup,
      "z37-status": hold.status,
    },
    z30: z30(found.record, found.item),
    z13: z13(found.record),
  };
}

const ops: Record<string, (c: C, q: Q) => Promise<Response>> = {
  async find(c, q) {
    if (!q.base) return error(c, "find", "Missing base");
    const language = baseLanguage(q.base);
    if (!language) return error(c, "find", `Base ${q.base} does not exist`);
    if (!q.code || !findCodes.includes(q.code.toUpperCase())) return error(c, "find", `Code ${q.code ?? ""} is not defined`);
    if (!q.request) return error(c, "find", "Missing request");
    const hits = search(language, q.code, q.request);
    if (hits.length === 0) return error(c, "find", "empty set");
    const setNumber = String(Math.floor(Math.random() * 900_000) + 100_000);
    const docNumbers = JSON.stringify(hits.map((h) => h.docNumber));
    // Set numbers are six digits, as Aleph's; a reused number simply replaces the old set.
    await c.var.db
      .insert(simAlephSets)
      .values({ setNumber, docNumbers, createdAt: Date.now() })
      .onConflictDoUpdate({ target: simAlephSets.setNumber, set: { docNumbers, createdAt: Date.now() } });
    return xml(c, "find", { set_number: setNumber, no_records: pad9(hits.length), no_entries: pad9(hits.length) });
  },

  // A set knows the base it was found in; the `base` the original server sent along is not needed here.
  async present(c, q) {
    const set = q.set_number ? await c.var.db.query.simAlephSets.findFirst({ where: eq(simAlephSets.setNumber, q.set_number) }) : null;
    if (!set) return error(c, "present", "Set number does not exist");
    const m = /^(\d{1,9})-(\d{1,9})$/.exec(q.set_entry ?? "");
    const docs: string[] = JSON.parse(set.docNumbers);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) return error(c, "present", "Invalid set entry");
    if (Number(m[1]) > docs.length) return error(c, "present", "There is no entry number in the set");
    const records = docs.slice(Number(m[1]) - 1, Math.min(Number(m[2]), docs.length)).map((doc, k) => {
      const r = recordByDoc(doc)!;
      return {
        record_header: { set_entry: pad9(Number(m[1]) + k) },
        doc_number: r.docNumber,
        metadata: { "#raw": oaiMarc(r) },
      };
    });
    return xml(c, "present", { record: records });
  },

  async "find-doc"(c, q) {
    const r = recordIn(q.base, q.doc_num ?? q.doc_number ?? "");
    if (!r) return error(c, "find-doc", "Document does not exist");
    return xml(c, "find-doc", { record: { doc_number: r.docNumber, metadata: { "#raw": oaiMarc(r) } } });
  },

  async "item-data"(c, q) {
    const r = recordByDoc(q.doc_number ?? "");
    if (!r) return error(c, "item-data", "Document does not exist");
    const due = await loanedCopies(
      c.var.db,
      r.items.map((i) => i.barcode),
    );
    const items = await Promise.all(
      r.items.map(async (item) => ({
        "rec-key": `${r.docNumber}${item.itemSequence}`,
        barcode: item.barcode,
        "sub-library": SUB_LIBRARIES[item.subLibrary],
        collection: item.collection,
        "item-status": "普通外借",
        "call-no-1": item.callNo,
        "on-hold": (await holdsOnItem(c.var.db, r.docNumber, item.itemSequence)).length > 0 ? "Y" : "N",
        "loan-status": due.has(item.barcode) ? "A" : "",
        "loan-due-date": due.get(item.barcode) ?? "",
      })),
    );
    return xml(c, "item-data", { item: items });
  },

  /**
   * The copies of a record as the circulation desk shows them: `loan-status` is the item's loan policy
   * (外借书 lendable, 阅览 reading room only), `due-date` `On Shelf`, `Reshelving` or the due date (DD/MM/YYYY).
   */
  async "circ-status"(c, q) {
    // `library` is the bibliographic base: a doc number of the other base is not found in this one.
    const r = recordIn(q.library, q.sys_no ?? "");
    if (!r) return error(c, "circ-status", "Document does not exist");
    const due = await loanedCopies(
      c.var.db,
      r.items.map((i) => i.barcode),
    );
    return xml(c, "circ-status", {
      "item-data": r.items.map((item, k) => {
        const dueDate = due.get(item.barcode);
        const readingRoom = k === 2;
        const reshelving = !dueDate && !readingRoom && (Number(r.docNumber) + k) % 7 === 3;
        return {
          "loan-status": readingRoom ? "阅览" : "外借书",
          "due-date": dueDate
            ? `${dueDate.slice(6, 8)}/${dueDate.slice(4, 6)}/${dueDate.slice(0, 4)}`
            : reshelving
              ? "Reshelving"
              : "On Shelf",
          "due-hour": dueDate ? "2400" : "",
          "sub-library": SUB_LIBRARIES[item.subLibrary],
          barcode: item.barcode,
          location: item.callNo,
          collection: readingRoom ? "阅览室" : item.collection,
        };
      }),
    });
  },

  async "bor-auth"(c, q) {
    const patron = await authenticated(c, "bor-auth", q);
    if (patron instanceof Response) return patron;
    return xml(c, "bor-auth", await patronBlocks(c, patron));
  },

  async "bor-info"(c, q) {
    const patron = await authenticated(c, "bor-info", q);
    if (patron instanceof Response) return patron;
    const db = c.var.db;
    const [loans, holds, fines] = await Promise.all([activeLoans(db, patron.borId), holdsOf(db, patron.borId), finesOf(db, patron.borId)]);
    const balance = fines.reduce((sum, f) => sum + (f.paid ? 0 : f.amount), 0);
    return xml(c, "bor-info", {
      ...(await patronBlocks(c, patron)),
      "item-l": q.loans === "N" ? [] : loans.map(loanNode),
      "item-h": q.hold === "N" ? [] : holds.map(holdNode),
      fine:
        q.cash === "N"
          ? []
          : fines.map((f) => {
              const found = f.barcode ? itemByBarcode(f.barcode) : undefined;
              return {
                z31: {
                  "z31-id": `${patron.borId}${String(f.id).padStart(6, "0")}`,
                  "z31-date": f.date,
                  "z31-status": f.paid ? "Paid" : "Not paid",
                  "z31-sequence": String(f.id).padStart(4, "0"),
                  "z31-sum": money(f.amount),
                  "z31-net-sum": money(f.amount),
                  "z31-credit-debit": "D",
                  "z31-description": f.description,
                },
                z30: found ? z30(found.record, found.item) : null,
                z13: found ? z13(found.record) : null,
              };
            }),
      balance: money(balance),
    });
  },

  async "bor-history"(c, q) {
    const patron = await authenticated(c, "bor-history", q);
    if (patron instanceof Response) return patron;
    return xml(c, "bor-history", { "item-l": (await returnedLoans(c.var.db, patron.borId)).map(loanNode) });
  },

  async "bor-visit"(c, q) {
    const patron = await authenticated(c, "bor-visit", q);
    if (patron instanceof Response) return patron;
    const today = ymdToMs(ymd(Date.now()));
    return xml(c, "bor-visit", {
      visit: visitsOf(patron, today).map((vis) => ({
        date: ymd(vis.date.getTime()),
        time: vis.time,
        gate: vis.gate,
        "sub-library": vis.library,
      })),
    });
  },

  async "bor-rank"(c, q) {
    const lang = q.lang ?? "ALL";
    const category = (q.category ?? "ALL").toUpperCase();
    const time = q.time ?? "y";
    if (!["01", "09", "ALL"].includes(lang)) return error(c, "bor-rank", "Invalid lang");
    if (category !== "ALL" && !/^[A-Z]$/.test(category)) return error(c, "bor-rank", "Invalid category");
    if (!["y", "s", "m", "w"].includes(time)) return error(c, "bor-rank", "Invalid time");
    const language = lang === "01" ? "chi" : lang === "09" ? "eng" : null;
    const ranked = catalogue()
      .filter((r) => (!language || r.language === language) && (category === "ALL" || r.classCode.startsWith(category)))
      .map((r) => ({ r, loans: loansIn(r, time) }))
      .filter((e) => e.loans > 0)
      .sort((a, b) => b.loans - a.loans || a.r.docNumber.localeCompare(b.r.docNumber))
      .slice(0, 20);
    return xml(c, "bor-rank", { rank: ranked.map((e, k) => ({ no: k + 1, loans: e.loans, z13: z13(e.r) })) });
  },

  async "update-bor"(c, q) {
    const patron = await authenticated(c, "update-bor", q);
    if (patron instanceof Response) return patron;
    const set: { email?: string; telephone?: string } = {};
    if (q.email !== undefined) set.email = q.email;
    if (q.telephone !== undefined) set.telephone = q.telephone;
    if (Object.keys(set).length === 0) return error(c, "update-bor", "Nothing to update");
    await c.var.db.update(simAlephPatrons).set(set).where(eq(simAlephPatrons.borId, patron.borId));
    return xml(c, "update-bor", { reply: "ok" });
  },

  async renew(c, q) {
    const patron = await authenticated(c, "renew", q);
    if (patron instanceof Response) return patron;
    const db = c.var.db;
    const loan = await db.query.simAlephLoans.findFirst({
      where: and(
        eq(simAlephLoans.borId, patron.borId),
        eq(simAlephLoans.barcode, q.item_barcode ?? ""),
        isNull(simAlephLoans.returnedDate),
      ),
    });
    if (!loan) return refusal(c, "renew", "Item is not on loan to this patron");
    if (loan.renewals >= RENEWAL_LIMIT) return refusal(c, "renew", "Renewal limit reached", `At most ${RENEWAL_LIMIT} renewals`);
    const found = itemByBarcode(loan.barcode)!;
    const holds = await holdsOnItem(db, found.record.docNumber, found.item.itemSequence);
    if (holds.some((h) => h.borId !== patron.borId)) return refusal(c, "renew", "Item is requested by another patron");
    const newDue = ymd(addDays(Date.now(), LOAN_DAYS));
    if (newDue <= loan.dueDate) return refusal(c, "renew", "New due date must be bigger than current's loan due date");
    // Conditional on the renewal count read above, so two concurrent renewals cannot both pass the limit.
    const [updated] = await db
      .update(simAlephLoans)
      .set({ dueDate: newDue, renewals: sql`${simAlephLoans.renewals} + 1` })
      .where(and(eq(simAlephLoans.id, loan.id), eq(simAlephLoans.renewals, loan.renewals)))
      .returning();
    if (!updated) return refusal(c, "renew", "Renewal limit reached");
    return xml(c, "renew", { "due-date": newDue, "due-hour": "2400" });
  },

  async "hold-req"(c, q) {
    const patron = await authenticated(c, "hold-req", q);
    if (patron instanceof Response) return patron;
    const db = c.var.db;
    const found = itemByBarcode(q.item_barcode ?? "");
    if (!found) return refusal(c, "hold-req", "Item does not exist");
    if (!q.pickup_location || !(q.pickup_location in SUB_LIBRARIES)) return refusal(c, "hold-req", "Pickup location is not valid");
    const due = await loanedCopies(db, [found.item.barcode]);
    const mine = await activeLoans(db, patron.borId);
    if (mine.some((l) => l.barcode === found.item.barcode)) return refusal(c, "hold-req", "Patron already has this item on loan");
    const existing = await holdsOnItem(db, found.record.docNumber, found.item.itemSequence);
    if (existing.some((h) => h.borId === patron.borId)) return refusal(c, "hold-req", "Patron has already requested this item");
    const now = Date.now();
    const start = due.has(found.item.barcode) ? ymdToMs(due.get(found.item.barcode)!) : now;
    const [hold] = await db
      .insert(simAlephHolds)
      .values({
        borId: patron.borId,
        barcode: found.item.barcode,
        docNumber: found.record.docNumber,
        itemSequence: found.item.itemSequence,
        sequence: String(existing.length + 1).padStart(4, "0"),
        pickup: q.pickup_location,
        requestDate: dmy(now),
        endDate: dmy(addDays(start, 30)),
      })
      .onConflictDoNothing()
      .returning();
    // A concurrent request of the same patron for the same item got there first.
    if (!hold) return refusal(c, "hold-req", "Patron has already requested this item");
    const node = holdNode(hold) as Record<string, Node>;
    return xml(c, "hold-req", { reply: "ok", z37: node.z37, z30: node.z30, z13: node.z13 });
  },

  async "hold-req-cancel"(c, q) {
    const patron = await authenticated(c, "hold-req-cancel", q);
    if (patron instanceof Response) return patron;
    const deleted = await c.var.db
      .delete(simAlephHolds)
      .where(
        and(
          eq(simAlephHolds.borId, patron.borId),
          eq(simAlephHolds.docNumber, q.doc_number ?? ""),
          eq(simAlephHolds.itemSequence, q.item_sequence ?? ""),
          eq(simAlephHolds.sequence, q.sequence ?? ""),
        ),
      )
      .returning({ id: simAlephHolds.id });
    if (deleted.length === 0) return refusal(c, "hold-req-cancel", "Hold request does not exist");
    return xml(c, "hold-req-cancel", { reply: "ok" });
  },
};

async function takeFault(c: C, op: string) {
  const [row] = await c.var.db
    .update(simAlephFaults)
    .set({ remaining: sql`${simAlephFaults.remaining} - 1` })
    .where(and(eq(simAlephFaults.op, op), gt(simAlephFaults.remaining, 0)))
    .returning({ kind: simAlephFaults.kind });
  return row?.kind ?? null;
}

const tags = ["Aleph X-Server simulator"];

alephSimulator.on(
  ["GET", "POST"],
  "/X",
  describe({
    tags,
    summary: "Aleph X-Server: `op` and its parameters (query or form); XML replies as the real server's",
    responses: { 200: ["XML"] },
  }),
  async (c) => {
    const q: Q = { ...c.req.query() };
    if (c.req.method === "POST") {
      const form = await c.req.parseBody().catch(() => ({}));
      for (const [k, val] of Object.entries(form)) if (typeof val === "string") q[k] = val;
    }
    const op = q.op ?? "";
    const fault = await takeFault(c, op);
    if (fault === "timeout") await new Promise((resolve) => setTimeout(resolve, 1500));
    // Slow but in time for one call (the tests' timeout is 400 ms): answers normally after 300 ms.
    if (fault === "slow") await new Promise((resolve) => setTimeout(resolve, 300));
    if (fault === "http500") return c.text("Internal Server Error", 500);
    if (fault === "garbage") return c.body("<html><body>Service Unavailable", 200, { "content-type": "text/html" });
    if (fault === "trickle") return trickle("text/xml");
    if (fault === "huge") return huge("text/xml");
    const handler = Object.hasOwn(ops, op) ? ops[op] : null;
    if (!handler) return error(c, op || "op", `Op ${op} is not defined`);
    return handler(c, q);
  },
);

alephSimulator.post(
  "/faults",
  describe({
    tags,
    summary:
      "Make the next `count` calls of `op` time out, answer after 300 ms, fail with HTTP 500, answer garbage, trickle after the headers or stream 32 MiB",
    responses: { 200: ["the fault"] },
  }),
  params(v.object({ op: text(40), kind: v.picklist(ALEPH_FAULTS), count: v.optional(int(0, 1000), 1) })),
  async (c) => {
    const { op, kind, count } = c.var.params;
    await c.var.db
      .insert(simAlephFaults)
      .values({ op, kind, remaining: count })
      .onConflictDoUpdate({ target: simAlephFaults.op, set: { kind, remaining: count } });
    return c.json({ op, kind, count });
  },
);

/** The simulated patrons, for local development: ids and their (default) passwords. */
alephSimulator.get(
  "/patrons",
  describe({ tags, summary: "The simulated patrons and their passwords", responses: { 200: ["patrons"] } }),
  async (c) => {
    const patrons = Array.from({ length: PATRON_COUNT }, (_, i) => patronById(`2016${String(i + 1).padStart(6, "0")}`)!);
    return c.json({
      records: RECORD_COUNT,
      patrons: patrons.map((p) => ({ bor_id: p.borId, verification: p.verification, name: p.name, status: p.status })),
    });
  },
);
