import type { Bindings } from "../env";

/** A variable as a string, or the default when unset or empty. */
export function setting(env: Bindings, name: string, fallback: string): string {
  const value = env[name];
  return typeof value === "string" && value !== "" ? value : fallback;
}

export function flag(env: Bindings, name: string): boolean {
  return ["on", "true", "1", "yes"].includes(setting(env, name, "off").toLowerCase());
}

export function numberSetting(env: Bindings, name: string, fallback: number): number {
  const n = Number(setting(env, name, ""));
  return Number.isFinite(n) && setting(env, name, "") !== "" ? n : fallback;
}

/** A secret that must exist; a missing one is an operator's mistake, reported as such. */
export function secret(env: Bindings, name: string): string {
  const value = env[name];
  if (typeof value !== "string" || value === "") throw new Error(`secret ${name} is not configured`);
  return value;
}

export const simulatorsOn = (env: Bindings) => flag(env, "SIMULATORS");
