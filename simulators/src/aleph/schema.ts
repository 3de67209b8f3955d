import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Mutable state of the Aleph X-Server simulator. The catalogue itself is generated in memory. */
export const simAlephPatrons = sqliteTable("sim_aleph_patrons", {
  borId: text("bor_id").primaryKey(),
  email: text("email").notNull(),
  telephone: text("telephone").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const simAlephLoans = sqliteTable(
  "sim_aleph_loans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    borId: text("bor_id").notNull(),
    barcode: text("barcode").notNull(),
    loanDate: text("loan_date").notNull(),
    dueDate: text("due_date").notNull(),
    renewals: integer("renewals").notNull().default(0),
    returnedDate: text("returned_date"),
  },
  (t) => [index("sim_aleph_loans_bor_idx").on(t.borId), index("sim_aleph_loans_barcode_idx").on(t.barcode)],
);

export const simAlephHolds = sqliteTable(
  "sim_aleph_holds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    borId: text("bor_id").notNull(),
    barcode: text("barcode").notNull(),
    docNumber: text("doc_number").notNull(),
    itemSequence: text("item_sequence").notNull(),
    sequence: text("sequence").notNull(),
    pickup: text("pickup").notNull(),
    requestDate: text("request_date").notNull(),
    endDate: text("end_date").notNull(),
    /** As bor-info words it: `In process`, `In transit`, `On hold shelf`. */
    status: text("status").notNull().default("In process"),
  },
  (t) => [
    uniqueIndex("sim_aleph_holds_bor_item_idx").on(t.borId, t.docNumber, t.itemSequence),
    index("sim_aleph_holds_item_idx").on(t.docNumber, t.itemSequence),
  ],
);

export const simAlephFines = sqliteTable("sim_aleph_fines", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  borId: text("bor_id").notNull(),
  date: text("date").notNull(),
  amount: integer("amount").notNull(),
  description: text("description").notNull(),
  barcode: text("barcode"),
  paid: integer("paid", { mode: "boolean" }).notNull().default(false),
});

/** Result sets of `find`, read back by `present`. */
export const simAlephSets = sqliteTable("sim_aleph_sets", {
  setNumber: text("set_number").primaryKey(),
  docNumbers: text("doc_numbers").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** Injected failures: the next `remaining` calls of `op` time out, answer slowly, fail with HTTP 500 or answer garbage. */
export const ALEPH_FAULTS = ["timeout", "slow", "http500", "garbage", "trickle", "huge"] as const;

export const simAlephFaults = sqliteTable("sim_aleph_faults", {
  op: text("op").primaryKey(),
  kind: text("kind", { enum: ALEPH_FAULTS }).notNull(),
  remaining: integer("remaining").notNull(),
});
