/**
 * Where each entry of the staff menu (`/summer/common/navigation/`, by its id) opens in the console.
 * The console shows exactly the entries the navigation API returns for the staff member's role.
 */
export const SUMMER_MENU_PAGES: Record<number, string> = {
  1: "/console/summer/students",
  2: "/console/summer/orders",
  3: "/console/summer/catalogue",
  4: "/console/summer/scores",
  5: "/console/summer/courses",
  6: "/console/summer/campus-types",
  7: "/console/summer/countries",
  8: "/console/summer/campuses",
  9: "/console/summer/projects",
  10: "/console/summer/advisors",
  11: "/console/summer/coupons",
  12: "/console/summer/channels",
  13: "/console/summer/accounts",
  14: "/console/summer/staff",
};
