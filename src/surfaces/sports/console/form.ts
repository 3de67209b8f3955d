import * as v from "valibot";

/** A trimmed text field that must be filled, at most `max` characters. */
export const filled = (label: string, max: number) =>
  v.pipe(v.string(`请填写${label}`), v.trim(), v.nonEmpty(`请填写${label}`), v.maxLength(max, `${label}至多 ${max} 个字符`));

/** A whole number from `min` to `max` typed into a field. */
export const wholeNumber = (label: string, min: number, max: number) =>
  v.pipe(
    v.string(`请填写${label}`),
    v.trim(),
    v.regex(/^\d{1,6}$/, `${label}应为 ${min}–${max} 的整数`),
    v.transform(Number),
    v.minValue(min, `${label}应为 ${min}–${max} 的整数`),
    v.maxValue(max, `${label}应为 ${min}–${max} 的整数`),
  );
