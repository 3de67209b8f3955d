export * from "./aleph-simulator";
export * from "./library";
export * from "./platform";
export * from "./reminders";
export * from "./service";
export * from "./simulators";
export * from "./sports";
