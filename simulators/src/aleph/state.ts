import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { initialStateOf, itemByBarcode, type SimPatron } from "./catalogue";
import type * as schema from "./schema";
import { simAlephFines, simAlephHolds, simAlephLoans, simAlephPatrons } from "./schema";

type Db = DrizzleD1Database<typeof schema>;

export const LOAN_DAYS = 30;
export const RENEWAL_LIMIT = 2;
const DAY = 86_400_000;
const LOCAL = 8 * 3_600_000;

/** YYYYMMDD in campus time (UTC+8). */
export function ymd(ms: number): string {
  return new Date(ms + LOCAL).toISOString().slice(0, 10).replace(/-/g, "");
}
/** DD/MM/YYYY, as z37 dates are written. */
export function dmy(ms: number): string {
  const s = ymd(ms);
  return `${s.slice(6, 8)}/${s.slice(4, 6)}/${s.slice(0, 4)}`;
}
export const ymdToMs = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) - LOCAL;
export const addDays = (ms: number, days: number) => ms + days * DAY;

/**
 * Creates the patron's row and starting loans, history, fines and holds on first
 * contact. The patron row is inserted first with ON CONFLICT DO NOTHING, so
 * only one request ever seeds a patron.
 */
export async function ensurePatron(db: Db, patron: SimPatron, now = Date.now()) {
  const created = await db
    .insert(simAlephPatrons)
    .values({
      borId: patron.borId,
      email: `${patron.borId}@campus.test`,
      telephone: `138${patron.borId.slice(2)}`,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ borId: simAlephPatrons.borId });
  if (created.length === 0) return;
  const start = initialStateOf(patron);
  const loans = [
    ...start.loans.map((l) => ({
      borId: patron.borId,
      barcode: l.barcode,
      loanDate: ymd(addDays(now, -l.daysAgo)),
      dueDate: ymd(addDays(now, LOAN_DAYS - l.daysAgo)),
    })),
    ...start.history.map((l) => ({
      borId: patron.borId,
      barcode: l.barcode,
      loanDate: ymd(addDays(now, -l.daysAgo)),
      dueDate: ymd(addDays(now, LOAN_DAYS - l.daysAgo)),
      returnedDate: ymd(addDays(now, 20 - l.daysAgo)),
    })),
  ];
  const fines = start.fines.map((f, k) => ({
    borId: patron.borId,
    date: ymd(addDays(now, -f.daysAgo)),
    amount: f.amount,
    description: f.description,
    barcode: start.history[k % start.history.length]?.barcode ?? null,
    paid: f.paid,
  }));
  const holds = start.holds.flatMap((h) => {
    const found = itemByBarcode(h.barcode);
    if (!found) return [];
    return [
      {
        borId: patron.borId,
        barcode: h.barcode,
        docNumber: found.record.docNumber,
        itemSequence: found.item.itemSequence,
        sequence: String(h.sequence).padStart(4, "0"),
        pickup: found.item.subLibrary,
        requestDate: dmy(addDays(now, h.status === "In process" ? -1 : -6)),
        endDate: dmy(addDays(now, h.status === "In process" ? 29 : 4)),
        status: h.status,
      },
    ];
  });
  await db.batch([
    db.insert(simAlephLoans).values(loans),
    ...(fines.length ? [db.insert(simAlephFines).values(fines)] : []),
    ...(holds.length ? [db.insert(simAlephHolds).values(holds)] : []),
  ]);
}

export async function patronRow(db: Db, borId: string) {
  return db.query.simAlephPatrons.findFirst({ where: eq(simAlephPatrons.borId, borId) });
}

export function activeLoans(db: Db, borId: string) {
  return db.query.simAlephLoans.findMany({
    where: and(eq(simAlephLoans.borId, borId), isNull(simAlephLoans.returnedDate)),
    orderBy: (l, { asc }) => [asc(l.dueDate), asc(l.id)],
  });
}

export function returnedLoans(db: Db, borId: string) {
  return db.query.simAlephLoans.findMany({
    where: (l, { and, eq, isNotNull }) => and(eq(l.borId, borId), isNotNull(l.returnedDate)),
    orderBy: (l, { desc }) => [desc(l.loanDate), desc(l.id)],
  });
}

export function holdsOf(db: Db, borId: string) {
  return db.query.simAlephHolds.findMany({ where: eq(simAlephHolds.borId, borId), orderBy: (h, { asc }) => [asc(h.id)] });
}

export function finesOf(db: Db, borId: string) {
  return db.query.simAlephFines.findMany({ where: eq(simAlephFines.borId, borId), orderBy: (f, { desc }) => [desc(f.date)] });
}

/** Due dates of the copies among `barcodes` that are out on loan. */
export async function loanedCopies(db: Db, barcodes: string[]): Promise<Map<string, string>> {
  if (barcodes.length === 0) return new Map();
  const rows = await db.query.simAlephLoans.findMany({
    where: and(inArray(simAlephLoans.barcode, barcodes), isNull(simAlephLoans.returnedDate)),
  });
  return new Map(rows.map((r) => [r.barcode, r.dueDate]));
}

export function holdsOnItem(db: Db, docNumber: string, itemSequence: string) {
  return db.query.simAlephHolds.findMany({
    where: and(eq(simAlephHolds.docNumber, docNumber), eq(simAlephHolds.itemSequence, itemSequence)),
  });
}
