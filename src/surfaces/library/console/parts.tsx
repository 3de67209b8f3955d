import type { Child, FC } from "hono/jsx";

const SECTIONS = [
  ["/console/library/notices", "公告"],
  ["/console/library/trainings", "培训"],
  ["/console/library/activities", "活动"],
  ["/console/library/complaints", "投诉与建议"],
] as const;

/** The library area's own menu. */
export const LibraryTabs: FC<{ current: string }> = ({ current }) => (
  <nav class="toolbar" aria-label="图书馆栏目">
    {SECTIONS.map(([href, label]) => (
      <a href={href} class={href === current ? "button" : "button secondary"} aria-current={href === current ? "page" : undefined}>
        {label}
      </a>
    ))}
  </nav>
);

/** A campus time input (date and time to the second); the value is `YYYY-MM-DD HH:mm:ss` or empty. */
export const TimeField: FC<{ label: string; name: string; value?: string; required?: boolean; hint?: string }> = ({
  label,
  name,
  value,
  required,
  hint,
}) => (
  <label>
    {label}
    <input type="datetime-local" name={name} step={1} value={value ? value.replace(" ", "T") : undefined} required={required} />
    {hint && <small class="muted">{hint}</small>}
  </label>
);

/** Body text as the mini-program shows it: one paragraph per line. */
export const Body: FC<{ text: string }> = ({ text }) => (
  <>
    {text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== "")
      .map((line) => (
        <p>{line}</p>
      ))}
  </>
);

/** The mini-program's view of one item, framed as a phone screen. */
export const Preview: FC<{ label: string; children?: Child }> = ({ label, children }) => (
  <section aria-label={label}>
    <h2>预览</h2>
    <div class="preview">{children}</div>
  </section>
);

/** When an item is published: kept as it is when left empty on an edit, now when left empty on a new one. */
export const PublishTimeField: FC<{ value?: string; editing: boolean }> = ({ value, editing }) => (
  <TimeField label="发布时间" name="publishTime" value={value} hint={editing ? "清空则保持不变" : "不填则为现在"} />
);

/** A training's or an activity's start and end, in campus time. */
export const SpanFields: FC<{ start?: string; end?: string }> = ({ start, end }) => (
  <>
    <TimeField label="开始时间" name="startTime" value={start} required />
    <TimeField label="结束时间" name="endTime" value={end} required />
  </>
);
