export * from "./platform";
export * from "./service";
export * from "./simulators";
