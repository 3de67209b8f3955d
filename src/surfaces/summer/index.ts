import { adminPathRoutes } from "./routes/admin";
import { authRoutes } from "./routes/auth";
import { commonRoutes } from "./routes/common";
import { couponRoutes } from "./routes/coupon";
import { courseRoutes } from "./routes/course";
import { fileRoutes } from "./routes/files";
import { marketRoutes } from "./routes/market";
import { orderRoutes } from "./routes/order";
import { summer } from "./surface";

/** Document 001, the summer school: every endpoint of its index under /summer (docs/summer.md). */
// Fixed paths (my_project, check_order, ...) are registered before the {id} paths beside them.
const areas = [commonRoutes, authRoutes, courseRoutes, orderRoutes, fileRoutes, couponRoutes, adminPathRoutes, marketRoutes];
for (const routes of areas) {
  routes(summer.app);
}

export { summer };
