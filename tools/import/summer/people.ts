import { and, eq, type SQL, sql } from "drizzle-orm";
import { legacyIds } from "../../../src/db/schema/legacy";
import {
  SUMMER_ROLES,
  type SummerRole,
  summerAdvisorLinks,
  summerChannels,
  summerCoupons,
  summerRemarks,
  summerSalesMen,
  summerScoreDetails,
  summerStudents,
  summerUsers,
} from "../../../src/db/schema/summer";
import type { PlanBuilder } from "../plan";
import { importRow } from "../rows";
import { bool, type Dump, date, int, num, text, utc } from "./dump";
import { key, ref, SOURCE } from "./keys";
import { fileId, type MediaFiles } from "./media";

/** Workers derive PBKDF2 with at most this many iterations (src/platform/password.ts). */
const MAX_ITERATIONS = 100_000;

export interface People {
  /** Imported accounts: StuSystem user id -> role. */
  users: Map<number, SummerRole>;
  coupons: Set<number>;
}

/** The ids of the imported rows of `entity` among `legacy` as a JSON list, in their order (wcountry, wcampus). */
const idList = (entity: string, legacy: number[]): SQL =>
  legacy.length
    ? sql`(SELECT json_group_array(CAST(${legacyIds.id} AS INTEGER)) FROM ${legacyIds} WHERE ${and(
        eq(legacyIds.source, SOURCE),
        eq(legacyIds.entity, entity),
      )} AND ${legacyIds.legacyId} IN (${sql.join(
        legacy.map((l) => sql`${String(l)}`),
        sql`, `,
      )}))`
    : sql`'[]'`;

/**
 * Advisors, channels, accounts (staff with their Django password hashes as they are: Campus Edge
 * checks them and stores its own hash at the first login), students' profiles and files, staff
 * remarks, transcript addresses, advisor links and coupons.
 */
export function planPeople(dump: Dump, plan: PlanBuilder, files: MediaFiles, now: number): People {
  const salesMen = new Set<number>();
  for (const { values: r, line } of dump.rows("sales_man", ["id", "name", "wechat", "email", "qr_code"])) {
    const id = int(r.id)!;
    if (!text(r.name)) {
      plan.reject("sales_man", id, "no name", line);
      continue;
    }
    salesMen.add(id);
    const qrPath = text(r.qr_code);
    const qr = qrPath ? fileId(`sales_man-${id}-qr_code`) : null;
    plan.add("sales_man", (db) =>
      importRow(
        db,
        {
          key: key("sales_man", id),
          table: summerSalesMen,
          values: {
            name: text(r.name),
            wechat: text(r.wechat) ?? "",
            email: text(r.email) ?? "",
            qrFileId: qr,
            createdAt: now,
            updatedAt: now,
          },
          id: summerSalesMen.id,
        },
        now,
      ),
    );
    // After the advisor: the file row names it.
    if (qrPath) files.add(qrPath, "advisor_qr", `sales_man-${id}-qr_code`, { salesManId: ref("sales_man", id) });
  }

  const channels = new Set<number>();
  for (const { values: r, line } of dump.rows("market_channel", [
    "id",
    "name",
    "plan_date",
    "sales_man_id",
    "plan_student_number",
    "plan_file_student_number",
    "plan_payed_student_number",
    "create_time",
    "modified_time",
    "qr_code",
  ])) {
    const id = int(r.id)!;
    const name = text(r.name)?.trim();
    const salesMan = int(r.sales_man_id);
    if (!name) plan.reject("channel", id, "no name", line);
    else if (salesMan === null || !salesMen.has(salesMan)) plan.reject("channel", id, `its advisor ${salesMan} is not imported`, line);
    else {
      channels.add(id);
      plan.add("channel", (db) =>
        importRow(
          db,
          {
            key: key("channel", id),
            table: summerChannels,
            values: {
              name,
              planDate: date(r.plan_date) ?? "",
              salesManId: ref("sales_man", salesMan),
              planStudentNumber: int(r.plan_student_number) ?? 0,
              planFileStudentNumber: int(r.plan_file_student_number) ?? 0,
              planPayedStudentNumber: int(r.plan_payed_student_number) ?? 0,
              qrCode: text(r.qr_code),
              createdAt: utc(r.create_time) ?? now,
              updatedAt: utc(r.modified_time) ?? now,
            },
            id: summerChannels.id,
            natural: eq(summerChannels.name, name),
            requires: [key("sales_man", salesMan)],
          },
          now,
        ),
      );
    }
  }

  const infoColumns = ["id", "user_id", "name", "email", "wechat", "cschool", "wcountry", "wcampus", "create_time", "unionid", "openid"];
  const moreInfo = ["headimgurl", "wx_name", "first_name", "last_name", "phone", "gender", "id_number", "major", "graduate_year", "gpa"];
  const infos = dump.rows("student_info", [...infoColumns, ...moreInfo, "valid_sales_man", "channel_id", "recommand_user_id"], true);
  const infoOf = new Map(infos.map((i) => [int(i.values.user_id)!, i]));

  const users = new Map<number, SummerRole>();
  const rehash: string[] = [];
  for (const { values: r, line } of dump.rows(
    "user",
    ["id", "name", "password", "last_login", "username", "create_time", "is_active", "role", "qr_code"],
    true,
  )) {
    const id = int(r.id)!;
    const role = text(r.role);
    if (!SUMMER_ROLES.some((x) => x === role)) {
      plan.reject("user", id, `unknown role ${role}`, line);
      continue;
    }
    const summerRole = SUMMER_ROLES.find((x) => x === role)!;
    const created = utc(r.create_time) ?? now;
    const common = {
      role: summerRole,
      isActive: bool(r.is_active),
      lastLoginAt: utc(r.last_login),
      createdAt: created,
      updatedAt: created,
    };
    if (summerRole === "STUDENT") {
      const info = infoOf.get(id)?.values;
      const openid = (text(info?.openid ?? null) ?? text(r.username))?.trim();
      if (!openid) {
        plan.reject("user", id, "a student without an openid", line);
        continue;
      }
      users.set(id, summerRole);
      plan.add("user", (db) =>
        importRow(
          db,
          {
            key: key("user", id),
            table: summerUsers,
            values: { ...common, openid, unionid: text(info?.unionid ?? null) },
            id: summerUsers.id,
            natural: eq(summerUsers.openid, openid),
          },
          now,
        ),
      );
      continue;
    }
    const username = text(r.username)?.trim();
    if (!username) {
      plan.reject("user", id, "a staff account without a username", line);
      continue;
    }
    const hash = text(r.password);
    const usable = hash && /^pbkdf2_sha256\$\d+\$[^$]+\$[^$]+$/.test(hash) && Number(hash.split("$")[1]) <= MAX_ITERATIONS;
    if (!usable) rehash.push(username);
    users.set(id, summerRole);
    plan.add("user", (db) =>
      importRow(
        db,
        {
          key: key("user", id),
          table: summerUsers,
          values: { ...common, username, name: text(r.name), passwordHash: usable ? hash : null, qrCode: text(r.qr_code) },
          id: summerUsers.id,
          natural: eq(summerUsers.username, username),
        },
        now,
      ),
    );
  }
  if (rehash.length) {
    plan.note(
      `staff without a password Campus Edge can check (none, or not Django's PBKDF2-SHA256 with at most ${MAX_ITERATIONS} iterations): ${rehash.join(", ")}; give them one with the console`,
    );
  }

  for (const { values: r, line } of infos) {
    const id = int(r.id)!;
    const user = int(r.user_id)!;
    if (users.get(user) !== "STUDENT") {
      plan.reject("student_info", id, `its user ${user} is not an imported student`, line);
      continue;
    }
    const gender = text(r.gender);
    const channel = int(r.channel_id);
    const recommender = int(r.recommand_user_id);
    const countries = [int(r.wcountry)].filter((c): c is number => c !== null && c > 0);
    const campuses = [...String(r.wcampus ?? "").matchAll(/\d+/g)].map((m) => Number(m[0]));
    const created = utc(r.create_time) ?? now;
    plan.add("student", (db) =>
      importRow(
        db,
        {
          key: key("student", user),
          table: summerStudents,
          values: {
            userId: ref("user", user),
            name: text(r.name),
            email: text(r.email),
            wechat: text(r.wechat),
            cschool: text(r.cschool),
            wcountry: idList("country", countries),
            wcampus: idList("campus", campuses),
            headimgurl: text(r.headimgurl),
            wxName: text(r.wx_name),
            phone: text(r.phone),
            firstName: text(r.first_name),
            lastName: text(r.last_name),
            gender: gender === "MALE" || gender === "FEMALE" ? gender : null,
            idNumber: text(r.id_number),
            major: text(r.major),
            graduateYear: text(r.graduate_year),
            gpa: num(r.gpa),
            validSalesMan: bool(r.valid_sales_man),
            channelId: channel && channels.has(channel) ? ref("channel", channel) : null,
            recommendUserId: recommender && users.has(recommender) ? ref("user", recommender) : null,
            createdAt: created,
            updatedAt: created,
          },
          id: summerStudents.userId,
          natural: eq(summerStudents.userId, ref("user", user)),
          requires: [key("user", user)],
        },
        now,
      ),
    );
  }

  const infoUser = new Map(infos.map((i) => [int(i.values.id)!, int(i.values.user_id)!]));
  for (const { values: r, line } of dump.rows("user_info_remark", ["id", "user_info_id", "remark", "create_time"])) {
    const id = int(r.id)!;
    const user = infoUser.get(int(r.user_info_id) ?? -1);
    if (user === undefined || users.get(user) !== "STUDENT") {
      plan.reject("remark", id, `its student ${r.user_info_id} is not imported`, line);
      continue;
    }
    plan.add("remark", (db) =>
      importRow(
        db,
        {
          key: key("remark", id),
          table: summerRemarks,
          // StuSystem did not record who wrote a remark: staff id 0 stands for "not recorded".
          values: { userId: ref("user", user), staffId: 0, remark: text(r.remark) ?? "", createdAt: utc(r.create_time) ?? now },
          id: summerRemarks.id,
          requires: [key("user", user)],
        },
        now,
      ),
    );
  }

  for (const { values: r, line } of dump.rows("student_score_detail", [
    "id",
    "user_id",
    "department",
    "phone",
    "country",
    "post_code",
    "address",
  ])) {
    const id = int(r.id)!;
    const user = int(r.user_id)!;
    if (!users.has(user)) {
      plan.reject("score_detail", id, `its user ${user} is not imported`, line);
      continue;
    }
    plan.add("score_detail", (db) =>
      importRow(
        db,
        {
          key: key("score_detail", id),
          table: summerScoreDetails,
          values: {
            userId: ref("user", user),
            department: text(r.department) ?? "",
            phone: text(r.phone) ?? "",
            country: text(r.country) ?? "",
            postCode: text(r.post_code) ?? "",
            address: text(r.address) ?? "",
            createdAt: now,
            updatedAt: now,
          },
          id: summerScoreDetails.id,
          natural: eq(summerScoreDetails.userId, ref("user", user)),
          requires: [key("user", user)],
        },
        now,
      ),
    );
  }

  for (const { values: r, line } of dump.rows("sales_man_user", ["id", "user_id", "sales_man_id", "status", "create_time", "remark"])) {
    const id = int(r.id)!;
    const user = int(r.user_id)!;
    const salesMan = int(r.sales_man_id);
    const status = text(r.status) === "CONTACTED" ? "CONTACTED" : "NEW";
    if (!users.has(user)) plan.reject("advisor_link", id, `its user ${user} is not imported`, line);
    else if (salesMan === null || !salesMen.has(salesMan)) plan.reject("advisor_link", id, `its advisor ${salesMan} is not imported`, line);
    else {
      const created = utc(r.create_time) ?? now;
      plan.add("advisor_link", (db) =>
        importRow(
          db,
          {
            key: key("advisor_link", id),
            table: summerAdvisorLinks,
            values: {
              userId: ref("user", user),
              salesManId: ref("sales_man", salesMan),
              status,
              remark: text(r.remark),
              createdAt: created,
              updatedAt: created,
            },
            id: summerAdvisorLinks.userId,
            natural: eq(summerAdvisorLinks.userId, ref("user", user)),
            requires: [key("user", user), key("sales_man", salesMan)],
          },
          now,
        ),
      );
    }
  }

  const coupons = new Set<number>();
  for (const { values: r, line } of dump.rows("coupon", [
    "id",
    "coupon_code",
    "amount",
    "info",
    "create_time",
    "start_time",
    "end_time",
    "max_num",
    "is_active",
  ])) {
    const id = int(r.id)!;
    const code = text(r.coupon_code)?.trim();
    const start = utc(r.start_time);
    const end = utc(r.end_time);
    if (!code) plan.reject("coupon", id, "no coupon code", line);
    else if (start === null || end === null) plan.reject("coupon", id, "no validity dates", line);
    else {
      coupons.add(id);
      const created = utc(r.create_time) ?? now;
      plan.add("coupon", (db) =>
        importRow(
          db,
          {
            key: key("coupon", id),
            table: summerCoupons,
            values: {
              couponCode: code,
              amount: num(r.amount) ?? 0,
              info: text(r.info) ?? "",
              startTime: start,
              endTime: end,
              maxNum: int(r.max_num) ?? 0,
              isActive: bool(r.is_active),
              createdAt: created,
              updatedAt: created,
            },
            id: summerCoupons.id,
            natural: eq(summerCoupons.couponCode, code),
          },
          now,
        ),
      );
    }
  }
  return { users, coupons };
}
