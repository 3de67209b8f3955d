import { createSimulatorsApp } from "./app";
import type { SimBindings } from "./simulator";

/** The simulators worker (campus-edge-simulators): development and tests only, never deployed. */
const app = createSimulatorsApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<SimBindings>;
