/** What the console's rollup counts per day (src/console/rollup.ts) and its charts show (month.tsx). */
export const SERIES = {
  /** Counted by campus hour, the busiest hours chart too. */
  rentals: "sports.rentals",
  returns: "sports.returns",
  sent: "reminders.sent",
  rejected: "reminders.rejected",
  failed: "reminders.failed",
  orders: "summer.orders",
  confirmed: "summer.confirmed",
  signups: "library.signups",
} as const;

export type Series = (typeof SERIES)[keyof typeof SERIES];

/** Days the charts show, today included. */
export const CHART_DAYS = 30;
