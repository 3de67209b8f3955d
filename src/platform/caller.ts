import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { Db } from "../env";

/**
 * A caller that a credential names but only D1 can confirm (its session
 * live, its account active, its current role). The surface's auth
 * middleware builds it from the credential without touching D1; the route
 * sends `read` first in its own batch (`callerAnd`), and `confirm` turns
 * what it returned into the caller or throws the surface's refusal.
 */
export interface PendingCaller<Caller, Read extends BatchItem<"sqlite">> {
  read(db: Db): Read;
  confirm(result: BatchResponse<[Read]>[0]): Caller;
}

/** The pending caller with one more rule (a staff area, a student-only route), checked when it is confirmed. */
export function requiring<Caller, Read extends BatchItem<"sqlite">>(
  pending: PendingCaller<Caller, Read>,
  rule: (caller: Caller) => void,
): PendingCaller<Caller, Read> {
  return {
    read: pending.read,
    confirm: (result) => {
      const caller = pending.confirm(result);
      rule(caller);
      return caller;
    },
  };
}

/** What a route hands `callerAnd`: its context, whose variables hold the DB and the pending caller. */
export interface CallerContext<Caller, Read extends BatchItem<"sqlite">> {
  var: { db: Db; caller: PendingCaller<Caller, Read> };
}

/**
 * The caller's read and the route's `queries` in one D1 batch (one round
 * trip, one transaction). The caller is confirmed, or the request refused,
 * before any result is handed back. A write sends its writes in a batch of
 * their own after this one, so nothing is written for an unconfirmed caller.
 *
 *   const [me, rows] = await callerAnd(c, ordersOf(c.var.db, id));
 *   const [me] = await callerAnd(c); // a write's first trip, or a route with no reads
 */
export async function callerAnd<Caller, Read extends BatchItem<"sqlite">, Q extends BatchItem<"sqlite">[]>(
  c: CallerContext<Caller, Read>,
  ...queries: Q
): Promise<[Caller, ...BatchResponse<Q>]> {
  const { db, caller } = c.var;
  const [first, ...results] = await db.batch([caller.read(db), ...queries]);
  return [caller.confirm(first), ...results];
}
