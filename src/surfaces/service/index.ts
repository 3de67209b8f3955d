import { createSurface } from "../../platform/surface";
import type { ServiceEnv } from "./auth";
import { serviceEnvelope } from "./envelope";
import { userRoutes } from "./routes/user";

/** Document 002, mounted at /service/user. Clients POST form-encoded. */
export const service = createSurface<ServiceEnv>({ prefix: "/service/user", envelope: serviceEnvelope });
export type ServiceApp = typeof service.app;

userRoutes(service.app);
