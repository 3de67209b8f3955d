import { relations } from "drizzle-orm";
import {
  summerAdvisorLinks,
  summerCampusCountries,
  summerCampuses,
  summerCampusTypes,
  summerCountries,
  summerCoupons,
  summerCourses,
  summerOrderPayments,
  summerOrders,
  summerProjectFees,
  summerProjectResults,
  summerProjects,
  summerSalesMen,
  summerStudents,
  summerUserCoupons,
  summerUserCourses,
  summerUsers,
} from "./summer";

/** Relations of the summer-school tables, for drizzle's nested reads (one SQL statement per tree). */
export const summerUsersRelations = relations(summerUsers, ({ one }) => ({
  student: one(summerStudents, { fields: [summerUsers.id], references: [summerStudents.userId] }),
  advisor: one(summerAdvisorLinks, { fields: [summerUsers.id], references: [summerAdvisorLinks.userId] }),
}));

export const summerAdvisorLinksRelations = relations(summerAdvisorLinks, ({ one }) => ({
  salesMan: one(summerSalesMen, { fields: [summerAdvisorLinks.salesManId], references: [summerSalesMen.id] }),
}));

export const summerCampusTypesRelations = relations(summerCampusTypes, ({ many }) => ({
  campuses: many(summerCampuses),
  countries: many(summerCountries),
}));

export const summerCountriesRelations = relations(summerCountries, ({ one, many }) => ({
  campusType: one(summerCampusTypes, { fields: [summerCountries.campusTypeId], references: [summerCampusTypes.id] }),
  campusLinks: many(summerCampusCountries),
}));

export const summerCampusesRelations = relations(summerCampuses, ({ one, many }) => ({
  campusType: one(summerCampusTypes, { fields: [summerCampuses.campusTypeId], references: [summerCampusTypes.id] }),
  countryLinks: many(summerCampusCountries),
  projects: many(summerProjects),
}));

export const summerCampusCountriesRelations = relations(summerCampusCountries, ({ one }) => ({
  campus: one(summerCampuses, { fields: [summerCampusCountries.campusId], references: [summerCampuses.id] }),
  country: one(summerCountries, { fields: [summerCampusCountries.countryId], references: [summerCountries.id] }),
}));

export const summerProjectsRelations = relations(summerProjects, ({ one, many }) => ({
  campus: one(summerCampuses, { fields: [summerProjects.campusId], references: [summerCampuses.id] }),
  country: one(summerCountries, { fields: [summerProjects.countryId], references: [summerCountries.id] }),
  fees: many(summerProjectFees),
  courses: many(summerCourses),
}));

export const summerProjectFeesRelations = relations(summerProjectFees, ({ one }) => ({
  project: one(summerProjects, { fields: [summerProjectFees.projectId], references: [summerProjects.id] }),
}));

export const summerCoursesRelations = relations(summerCourses, ({ one }) => ({
  project: one(summerProjects, { fields: [summerCourses.projectId], references: [summerProjects.id] }),
}));

export const summerOrdersRelations = relations(summerOrders, ({ one, many }) => ({
  project: one(summerProjects, { fields: [summerOrders.projectId], references: [summerProjects.id] }),
  payed: one(summerOrderPayments, { fields: [summerOrders.id], references: [summerOrderPayments.orderId] }),
  userCourses: many(summerUserCourses),
  userCoupons: many(summerUserCoupons),
}));

export const summerOrderPaymentsRelations = relations(summerOrderPayments, ({ one }) => ({
  order: one(summerOrders, { fields: [summerOrderPayments.orderId], references: [summerOrders.id] }),
}));

export const summerUserCoursesRelations = relations(summerUserCourses, ({ one }) => ({
  course: one(summerCourses, { fields: [summerUserCourses.courseId], references: [summerCourses.id] }),
  order: one(summerOrders, { fields: [summerUserCourses.orderId], references: [summerOrders.id] }),
}));

export const summerUserCouponsRelations = relations(summerUserCoupons, ({ one }) => ({
  coupon: one(summerCoupons, { fields: [summerUserCoupons.couponId], references: [summerCoupons.id] }),
  order: one(summerOrders, { fields: [summerUserCoupons.orderId], references: [summerOrders.id] }),
}));

export const summerProjectResultsRelations = relations(summerProjectResults, ({ one }) => ({
  project: one(summerProjects, { fields: [summerProjectResults.projectId], references: [summerProjects.id] }),
}));
