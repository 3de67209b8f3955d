import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The summer school (document 001): students and staff, the catalogue
 * (campus types, countries, campuses, projects with fee tables, courses),
 * orders with their payments and coupons, course selection and approval,
 * credit transfer, sales advisors, channels, receiving accounts, uploaded
 * files and the audit record of staff writes. Times are epoch milliseconds;
 * dates are `YYYY-MM-DD` text; money is REAL as the original kept it.
 */

export const SUMMER_ROLES = ["STUDENT", "ADMIN", "MARKET", "PRODUCT", "FINANCE"] as const;
export const CAMPUS_COUNTRIES = ["NORTH_AMERICA", "AUSTRALIA"] as const;
export const GENDERS = ["MALE", "FEMALE"] as const;
export const CURRENCIES = ["DOLLAR", "RMB"] as const;
export const ACCOUNT_PAYMENTS = ["ALI_PAY", "PAY_PAL", "BANK"] as const;
export const ORDER_PAYMENTS = ["BANK", "ALI_PAY", "PAY_PAL", "OFF_LINE"] as const;
export const ORDER_STATUSES = ["CANCELED", "TO_PAY", "TO_CONFIRM", "CONFIRMED", "CONFIRM_FAILED"] as const;
export const USER_STATUSES = ["NEW", "CONTACTED"] as const;
export const PROJECT_RESULTS = ["POSTED", "RECEIVED", "SUCCESS", "FAILURE"] as const;
export const USER_COURSE_STATUSES = ["TO_UPLOAD", "TO_CONFIRM", "PASS", "NOPASS"] as const;
export const COUPON_STATUSES = ["TO_USE", "LOCKED", "USED"] as const;
export const FILE_KINDS = ["payment", "approval", "credit", "advisor_qr", "syllabus", "channel_qr"] as const;

export type SummerRole = (typeof SUMMER_ROLES)[number];
export type CampusCountry = (typeof CAMPUS_COUNTRIES)[number];
export type Gender = (typeof GENDERS)[number];
export type Currency = (typeof CURRENCIES)[number];
export type AccountPayment = (typeof ACCOUNT_PAYMENTS)[number];
export type OrderPayment = (typeof ORDER_PAYMENTS)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type UserStatus = (typeof USER_STATUSES)[number];
export type ProjectResultStatus = (typeof PROJECT_RESULTS)[number];
export type UserCourseStatus = (typeof USER_COURSE_STATUSES)[number];
export type CouponStatus = (typeof COUPON_STATUSES)[number];
export type FileKind = (typeof FILE_KINDS)[number];

const created = () => integer("created_at").notNull();
const updated = () => integer("updated_at").notNull();

/**
 * Everyone with a ticket: students (role STUDENT, found by `openid`) and staff
 * (found by `username`, PBKDF2 `password_hash`). `failed_logins`,
 * `failed_since` and `locked_until` hold the staff login lockout; a disabled account
 * (`is_active` false) can neither log in nor use its tickets.
 */
export const summerUsers = sqliteTable(
  "summer_users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    role: text("role").$type<SummerRole>().notNull(),
    username: text("username").unique(),
    openid: text("openid").unique(),
    unionid: text("unionid"),
    passwordHash: text("password_hash"),
    name: text("name"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    /** The staff member's promotion QR (child_user qr_code), filled by the staff console. */
    qrCode: text("qr_code"),
    failedLogins: integer("failed_logins").notNull().default(0),
    failedSince: integer("failed_since"),
    lockedUntil: integer("locked_until"),
    lastLoginAt: integer("last_login_at"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index("summer_users_role_idx").on(t.role, t.id)],
);

/**
 * Staff login attempts on usernames with no staff account, counted as an
 * account's are (src/platform/login-attempts.ts), so a lock tells nothing of
 * which usernames exist.
 */
export const summerLoginThrottle = sqliteTable(
  "summer_login_throttle",
  {
    username: text("username").primaryKey(),
    failedLogins: integer("failed_logins").notNull().default(0),
    failedSince: integer("failed_since"),
    lockedUntil: integer("locked_until"),
  },
  (t) => [index("summer_login_throttle_failed_since_idx").on(t.failedSince)],
);

/** A student's profile and personal file (one row per student, keyed by the user). */
export const summerStudents = sqliteTable(
  "summer_students",
  {
    userId: integer("user_id").primaryKey(),
    name: text("name"),
    email: text("email"),
    wechat: text("wechat"),
    cschool: text("cschool"),
    /** Country ids the student is interested in (意向国家). */
    wcountry: text("wcountry", { mode: "json" }).$type<number[]>().notNull().default(sql`'[]'`),
    /** Campus ids the student is interested in (意向校区). */
    wcampus: text("wcampus", { mode: "json" }).$type<number[]>().notNull().default(sql`'[]'`),
    headimgurl: text("headimgurl"),
    wxName: text("wx_name"),
    phone: text("phone"),
    firstName: text("first_name"),
    lastName: text("last_name"),
    gender: text("gender").$type<Gender>(),
    idNumber: text("id_number"),
    major: text("major"),
    graduateYear: text("graduate_year"),
    gpa: real("gpa"),
    /** The student says they added their advisor on WeChat (已发送好友申请). */
    validSalesMan: integer("valid_sales_man", { mode: "boolean" }).notNull().default(false),
    channelId: integer("channel_id"),
    recommendUserId: integer("recommend_user_id"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    /** Not unique: a student's write must not tell whether a number is taken; staff see the students sharing one. */
    index("summer_students_id_number_idx").on(t.idNumber),
    index("summer_students_channel_idx").on(t.channelId),
  ],
);

/** Staff remarks on a student (staff console). */
export const summerRemarks = sqliteTable(
  "summer_remarks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull(),
    staffId: integer("staff_id").notNull(),
    remark: text("remark").notNull(),
    createdAt: created(),
  },
  (t) => [index("summer_remarks_user_idx").on(t.userId, t.id)],
);

/** Where the student's transcript is sent (成绩单寄送信息), one per student. */
export const summerScoreDetails = sqliteTable("summer_score_details", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  userId: integer("user_id").notNull().unique(),
  department: text("department").notNull(),
  phone: text("phone").notNull(),
  country: text("country").notNull(),
  postCode: text("post_code").notNull(),
  address: text("address").notNull(),
  createdAt: created(),
  updatedAt: updated(),
});

/** Sales advisors; the QR is an uploaded image (`qr_file_id`) or an external URL. */
export const summerSalesMen = sqliteTable("summer_sales_men", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  wechat: text("wechat").notNull(),
  email: text("email").notNull(),
  qrFileId: text("qr_file_id"),
  qrUrl: text("qr_url"),
  isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
  createdAt: created(),
  updatedAt: updated(),
});

/** The one advisor of a student, with the advisor's follow-up status. */
export const summerAdvisorLinks = sqliteTable(
  "summer_advisor_links",
  {
    userId: integer("user_id").primaryKey(),
    salesManId: integer("sales_man_id").notNull(),
    status: text("status").$type<UserStatus>().notNull().default("NEW"),
    remark: text("remark"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index("summer_advisor_links_sales_man_idx").on(t.salesManId)],
);

/** Promotion channels (market), each with an advisor and a QR. */
export const summerChannels = sqliteTable("summer_channels", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  planDate: text("plan_date").notNull(),
  salesManId: integer("sales_man_id").notNull(),
  planStudentNumber: integer("plan_student_number").notNull(),
  planFileStudentNumber: integer("plan_file_student_number").notNull(),
  planPayedStudentNumber: integer("plan_payed_student_number").notNull(),
  qrCode: text("qr_code"),
  createdAt: created(),
  updatedAt: updated(),
});

export const summerCampusTypes = sqliteTable("summer_campus_types", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull().unique(),
  campusCountry: text("campus_country").$type<CampusCountry>().notNull(),
  createdAt: created(),
  updatedAt: updated(),
});

/** Countries (暑校国家), each under one campus type. */
export const summerCountries = sqliteTable("summer_countries", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  campusTypeId: integer("campus_type_id").notNull(),
  createdAt: created(),
  updatedAt: updated(),
});

export const summerCampuses = sqliteTable(
  "summer_campuses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull().unique(),
    info: text("info").notNull().default(""),
    campusTypeId: integer("campus_type_id").notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index("summer_campuses_type_idx").on(t.campusTypeId)],
);

/** Which countries a campus belongs to (a campus may list several). */
export const summerCampusCountries = sqliteTable(
  "summer_campus_countries",
  {
    campusId: integer("campus_id").notNull(),
    countryId: integer("country_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.campusId, t.countryId] }), index("summer_campus_countries_country_idx").on(t.countryId)],
);

export const summerProjects = sqliteTable(
  "summer_projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campusId: integer("campus_id").notNull(),
    countryId: integer("country_id"),
    name: text("name").notNull(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    address: text("address").notNull(),
    info: text("info").notNull(),
    maxNum: integer("max_num"),
    applyFee: real("apply_fee").notNull().default(0),
    courseNum: integer("course_num").notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index("summer_projects_campus_idx").on(t.campusId)],
);

/** A project's fee table: the course fee for choosing `course_number` courses. */
export const summerProjectFees = sqliteTable(
  "summer_project_fees",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id").notNull(),
    courseNumber: integer("course_number").notNull(),
    courseFee: real("course_fee").notNull(),
  },
  (t) => [uniqueIndex("summer_project_fees_unique").on(t.projectId, t.courseNumber)],
);

export const summerCourses = sqliteTable(
  "summer_courses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id").notNull(),
    courseCode: text("course_code").notNull(),
    name: text("name").notNull(),
    maxNum: integer("max_num").notNull(),
    credit: integer("credit").notNull(),
    professor: text("professor").notNull(),
    startTime: integer("start_time").notNull(),
    endTime: integer("end_time").notNull(),
    address: text("address").notNull(),
    syllabusFileId: text("syllabus_file_id"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex("summer_courses_code_unique").on(t.projectId, t.courseCode)],
);

/** Receiving accounts (PaymentAccountInfo): where a student transfers money, per payment method and currency. */
export const summerPaymentAccounts = sqliteTable(
  "summer_payment_accounts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    payment: text("payment").$type<AccountPayment>().notNull(),
    currency: text("currency").$type<Currency>().notNull(),
    accountNumber: text("account_number").notNull(),
    accountName: text("account_name").notNull(),
    openingBank: text("opening_bank"),
    swiftCode: text("swift_code"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex("summer_payment_accounts_unique").on(t.payment, t.currency)],
);

/** Coupons; `max_num` caps how many students may be given one. */
export const summerCoupons = sqliteTable("summer_coupons", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  couponCode: text("coupon_code").notNull().unique(),
  amount: real("amount").notNull(),
  info: text("info").notNull(),
  startTime: integer("start_time").notNull(),
  endTime: integer("end_time").notNull(),
  maxNum: integer("max_num").notNull(),
  isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
  createdAt: created(),
  updatedAt: updated(),
});

/** A coupon given to a student: TO_USE -> LOCKED (by `order_id`) -> USED, or back to TO_USE. */
export const summerUserCoupons = sqliteTable(
  "summer_user_coupons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull(),
    couponId: integer("coupon_id").notNull(),
    status: text("status").$type<CouponStatus>().notNull().default("TO_USE"),
    orderId: integer("order_id"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex("summer_user_coupons_unique").on(t.userId, t.couponId),
    index("summer_user_coupons_coupon_idx").on(t.couponId),
    index("summer_user_coupons_order_idx").on(t.orderId).where(sql`order_id IS NOT NULL`),
  ],
);

/**
 * Orders: TO_PAY -> TO_CONFIRM (payment) -> CONFIRMED | CONFIRM_FAILED (staff);
 * TO_PAY -> CANCELED (student). At most one TO_PAY/TO_CONFIRM order per
 * student (partial unique index). `op_token` marks the statement batch that
 * last changed the order, so the batch's later statements act only if it did.
 */
export const summerOrders = sqliteTable(
  "summer_orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull(),
    projectId: integer("project_id").notNull(),
    currency: text("currency").$type<Currency>().notNull(),
    payment: text("payment").$type<OrderPayment>().notNull(),
    status: text("status").$type<OrderStatus>().notNull(),
    courseNum: integer("course_num").notNull(),
    standardFee: real("standard_fee").notNull(),
    payFee: real("pay_fee").notNull(),
    remark: text("remark"),
    opToken: text("op_token"),
    decidedBy: integer("decided_by"),
    decidedAt: integer("decided_at"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    index("summer_orders_user_idx").on(t.userId, t.id),
    index("summer_orders_project_idx").on(t.projectId, t.status),
    index("summer_orders_status_idx").on(t.status, t.id),
    uniqueIndex("summer_orders_one_open").on(t.userId).where(sql`status IN ('TO_PAY', 'TO_CONFIRM')`),
    uniqueIndex("summer_orders_op_token_unique").on(t.opToken),
  ],
);

/** The transfer a student reports for an order (one per order), with its proof image. */
export const summerOrderPayments = sqliteTable("summer_order_payments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  orderId: integer("order_id").notNull().unique(),
  accountNumber: text("account_number").notNull(),
  accountName: text("account_name").notNull(),
  openingBank: text("opening_bank"),
  payDate: text("pay_date").notNull(),
  imgFileId: text("img_file_id").notNull(),
  amount: real("amount").notNull(),
  createdAt: created(),
});

/** A course chosen in an order, its approval (TO_UPLOAD -> TO_CONFIRM -> PASS | NOPASS) and its score. */
export const summerUserCourses = sqliteTable(
  "summer_user_courses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull(),
    orderId: integer("order_id").notNull(),
    projectId: integer("project_id").notNull(),
    courseId: integer("course_id").notNull(),
    status: text("status").$type<UserCourseStatus>().notNull().default("TO_UPLOAD"),
    confirmPhotoFileId: text("confirm_photo_file_id"),
    score: integer("score"),
    scoreGrade: text("score_grade"),
    reportingTime: integer("reporting_time"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex("summer_user_courses_unique").on(t.orderId, t.courseId),
    index("summer_user_courses_course_idx").on(t.courseId),
    index("summer_user_courses_user_idx").on(t.userId, t.projectId),
    index("summer_user_courses_status_idx").on(t.status),
  ],
);

/** Credit transfer of one student in one project: POSTED -> RECEIVED -> SUCCESS | FAILURE, with proof. */
export const summerProjectResults = sqliteTable(
  "summer_project_results",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull(),
    projectId: integer("project_id").notNull(),
    status: text("status").$type<ProjectResultStatus>(),
    postDate: text("post_date"),
    postChannel: text("post_channel"),
    postNumber: text("post_number"),
    imgFileId: text("img_file_id"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex("summer_project_results_unique").on(t.userId, t.projectId),
    index("summer_project_results_project_idx").on(t.projectId),
  ],
);

/** Uploaded files kept in R2 under `key`; served to `owner_id` and staff (and per kind, see files.ts). */
export const summerFiles = sqliteTable(
  "summer_files",
  {
    id: text("id").primaryKey(),
    key: text("key").notNull(),
    kind: text("kind").$type<FileKind>().notNull(),
    ownerId: integer("owner_id"),
    salesManId: integer("sales_man_id"),
    name: text("name"),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    createdAt: created(),
  },
  (t) => [index("summer_files_owner_idx").on(t.ownerId)],
);

/** Every staff write: who, what, and the record before and after. */
export const summerAudit = sqliteTable(
  "summer_audit",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    staffId: integer("staff_id").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    createdAt: created(),
  },
  (t) => [index("summer_audit_entity_idx").on(t.entity, t.entityId), index("summer_audit_staff_idx").on(t.staffId, t.id)],
);
