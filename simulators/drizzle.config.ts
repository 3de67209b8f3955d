import { defineConfig } from "drizzle-kit";

// Run from the repository root: npx drizzle-kit generate --config simulators/drizzle.config.ts --name <what>
export default defineConfig({
  dialect: "sqlite",
  schema: "./simulators/src/*/schema.ts",
  out: "./simulators/migrations",
});
