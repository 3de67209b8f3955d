export * from "./jh";
export * from "./library";
export * from "./platform";
export * from "./reminders";
export * from "./service";
export * from "./sports";
export * from "./summer";
export * from "./summer-relations";
