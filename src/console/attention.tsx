import type { SQL } from "drizzle-orm";
import type { Child, FC } from "hono/jsx";
import type { Db } from "../env";
import { shownCount } from "../platform/console/counts";
import { Badge } from "../platform/console/ui";
import { remindersAttention } from "../reminders/attention";
import { jhAttention } from "../surfaces/jh/attention";
import { libraryAttention } from "../surfaces/library/attention";
import { sportsAttention } from "../surfaces/sports/attention";
import { summerAttention } from "../surfaces/summer/attention";

/** One number of "needs attention now": what it counts, the list it opens, how bad a non-zero count is. */
export interface AttentionItem {
  key: string;
  label: string;
  href: string;
  count: SQL<number>;
  tone: "bad" | "warn";
}

/** A part of the page, shown to whoever has `page` in their menu (an operator's scope, a summer role's area). */
export interface AttentionPart {
  key: string;
  page: string;
  title: string;
  items: (db: Db, now: number) => AttentionItem[];
}

export const UNCONFIRMED_ANCHOR = "sports-unconfirmed";
export const OFFLINE_ANCHOR = "sports-offline";
export const JH_FAILURES_ANCHOR = "jh-failures";

export const ATTENTION: AttentionPart[] = [
  {
    key: "sports",
    page: "/console/sports",
    title: "体育器材",
    items: (db, now) => {
      const n = sportsAttention(db, now);
      return [
        { key: "sports.offline", label: "离线的柜机", href: `#${OFFLINE_ANCHOR}`, count: n.offline, tone: "bad" },
        { key: "sports.anomalies", label: "近 24 小时的柜机异常", href: "/console/sports/anomalies", count: n.anomalies, tone: "warn" },
        { key: "sports.pending", label: "等待柜机回报的操作", href: `#${UNCONFIRMED_ANCHOR}`, count: n.pending, tone: "warn" },
        { key: "sports.held", label: "超时未确认的借出", href: `#${UNCONFIRMED_ANCHOR}`, count: n.held, tone: "bad" },
        { key: "sports.overdue", label: "逾期未还", href: "/console/sports/rentals?state=overdue", count: n.overdue, tone: "bad" },
      ];
    },
  },
  {
    key: "reminders",
    page: "/console/reminders",
    title: "订阅消息提醒",
    items: (db) => {
      const n = remindersAttention(db);
      return [
        { key: "reminders.failed", label: "发送失败", href: "/console/reminders?state=failed", count: n.failed, tone: "bad" },
        {
          key: "reminders.dead",
          label: "其中重试用尽（死信）",
          href: "/console/reminders?state=failed",
          count: n.deadLettered,
          tone: "bad",
        },
        { key: "reminders.rejected", label: "被微信拒绝", href: "/console/reminders?state=rejected", count: n.rejected, tone: "warn" },
      ];
    },
  },
  {
    key: "library",
    page: "/console/library",
    title: "图书馆",
    items: (db, now) => [
      {
        key: "library.complaints",
        label: "近 7 天的投诉与建议",
        href: "/console/library/complaints",
        count: libraryAttention(db, now).complaints,
        tone: "warn",
      },
    ],
  },
  {
    key: "summer-orders",
    page: "/console/summer/orders",
    title: "暑期学校 · 财务",
    items: (db) => [
      {
        key: "summer.orders",
        label: "待确认收款的订单",
        href: "/console/summer/orders?status=TO_CONFIRM",
        count: summerAttention(db).orders,
        tone: "warn",
      },
    ],
  },
  {
    key: "summer-courses",
    page: "/console/summer/courses",
    title: "暑期学校 · 课程",
    items: (db) => [
      { key: "summer.photos", label: "待审核的审课照片", href: "/console/summer/courses", count: summerAttention(db).photos, tone: "warn" },
    ],
  },
  {
    key: "summer-credit",
    page: "/console/summer/scores",
    title: "暑期学校 · 学分转换",
    items: (db) => {
      const n = summerAttention(db);
      return [
        {
          key: "summer.posted",
          label: "成绩单已寄出，待确认学校收到",
          href: "/console/summer/credit?status=POSTED",
          count: n.posted,
          tone: "warn",
        },
        {
          key: "summer.received",
          label: "学校已收到，待登记结果",
          href: "/console/summer/credit?status=RECEIVED",
          count: n.received,
          tone: "warn",
        },
      ];
    },
  },
  {
    key: "jh",
    page: "/console/jh",
    title: "精弘账号",
    items: (db, now) => {
      const n = jhAttention(db, now);
      return [
        { key: "jh.passport", label: "近 1 小时精弘用户中心调用失败", href: `#${JH_FAILURES_ANCHOR}`, count: n.passport, tone: "bad" },
        { key: "jh.zf", label: "近 1 小时正方教务调用失败", href: `#${JH_FAILURES_ANCHOR}`, count: n.zf, tone: "bad" },
      ];
    },
  },
];

/** The parts the viewer's menu covers. */
export const attentionFor = (menu: ReadonlySet<string>) => ATTENTION.filter((p) => menu.has(p.page));

/** One part's numbers, each a link to the list it counts. */
export const AttentionCard: FC<{ part: AttentionPart; items: AttentionItem[]; counts: Record<string, number>; children?: Child }> = ({
  part,
  items,
  counts,
  children,
}) => (
  <section class="card" aria-labelledby={`attention-${part.key}`}>
    <h3 id={`attention-${part.key}`}>{part.title}</h3>
    <dl class="facts">
      {items.map((item) => {
        const n = counts[item.key] ?? 0;
        return (
          <>
            <dt>{item.label}</dt>
            <dd>
              <a href={item.href} data-count={item.key} aria-label={`${item.label}：${shownCount(n)}`}>
                {n > 0 ? <Badge tone={item.tone}>{shownCount(n)}</Badge> : "0"}
              </a>
            </dd>
          </>
        );
      })}
    </dl>
    {children}
  </section>
);
