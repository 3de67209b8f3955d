/**
 * The simulated library's catalogue, patrons and gate log, generated
 * deterministically from a fixed seed so every run (and every isolate) sees
 * the same records. Only patrons' mutable state lives in D1 (state.ts).
 */
export const RECORD_COUNT = 320;
export const PATRON_COUNT = 60;
/** The branch libraries by their pickup codes (the mini-program reads the first character of a name: 总, 信, 工, 医). */
export const SUB_LIBRARIES: Record<string, string> = { WL: "总馆", XX: "信息分馆", GX: "工学分馆", YX: "医学分馆" };

export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const CLASSES: Record<string, { chi: string[]; eng: string[]; subject: [string, string] }> = {
  TP: {
    chi: [
      "数据结构",
      "操作系统",
      "计算机网络",
      "数据库系统概论",
      "机器学习",
      "深度学习",
      "编译原理",
      "软件工程",
      "人工智能导论",
      "算法设计与分析",
    ],
    eng: [
      "Computer Networks",
      "Operating System Concepts",
      "Database System Concepts",
      "Deep Learning",
      "Compilers",
      "Software Engineering",
      "Machine Learning",
      "Algorithms",
    ],
    subject: ["计算机科学", "Computer science"],
  },
  O: {
    chi: ["高等数学", "线性代数", "概率论与数理统计", "大学物理", "复变函数", "数学分析", "离散数学"],
    eng: ["Linear Algebra Done Right", "Calculus", "Probability Theory", "Classical Mechanics", "Abstract Algebra", "Topology"],
    subject: ["数学", "Mathematics"],
  },
  F: {
    chi: ["宏观经济学", "微观经济学", "管理学", "会计学原理", "市场营销学", "财务管理"],
    eng: ["Principles of Economics", "Corporate Finance", "Marketing Management", "Managerial Accounting"],
    subject: ["经济学", "Economics"],
  },
  I: {
    chi: ["红楼梦", "围城", "平凡的世界", "活着", "边城", "骆驼祥子", "呐喊", "茶馆", "白鹿原", "倾城之恋"],
    eng: ["Pride and Prejudice", "Moby Dick", "The Great Gatsby", "Jane Eyre", "Great Expectations", "Wuthering Heights"],
    subject: ["文学", "Fiction"],
  },
  K: {
    chi: ["中国通史", "万历十五年", "史记选读", "中国近代史纲要", "世界文明史"],
    eng: ["A History of the World", "The Silk Roads", "Guns, Germs, and Steel", "The Rise of Modern China"],
    subject: ["历史", "History"],
  },
  H: {
    chi: ["大学英语综合教程", "现代汉语", "英语语法新思维", "古代汉语", "翻译理论与实践"],
    eng: ["English Grammar in Use", "The Elements of Style", "An Introduction to Language", "Academic Writing"],
    subject: ["语言学", "Linguistics"],
  },
  R: {
    chi: ["人体解剖学", "生理学", "内科学", "药理学", "病理学"],
    eng: ["Gray's Anatomy", "Medical Physiology", "Principles of Internal Medicine", "Basic Pharmacology"],
    subject: ["医学", "Medicine"],
  },
};
const CLASS_CODES = Object.keys(CLASSES);
const CHI_SUFFIX = ["", "", "（第2版）", "（第3版）", "教程", "原理与实践", "导论", "学习指导"];
const ENG_SUFFIX = ["", "", ": An Introduction", ", 2nd Edition", ": Principles and Practice", " (Third Edition)"];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "涛",
  "明",
  "超",
  "秀英",
  "建华",
  "志强",
  "晓东",
];
const FIRST = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Susan", "Thomas", "Karen"];
const LAST = ["Smith", "Johnson", "Brown", "Taylor", "Anderson", "Thomas", "Moore", "Martin", "Clark", "Lewis", "Walker", "Hall"];
const CHI_PUBLISHERS: Array<[string, string]> = [
  ["北京", "清华大学出版社"],
  ["北京", "高等教育出版社"],
  ["北京", "人民文学出版社"],
  ["上海", "上海译文出版社"],
  ["北京", "机械工业出版社"],
  ["北京", "中华书局"],
];
const ENG_PUBLISHERS: Array<[string, string]> = [
  ["Cambridge, Mass.", "MIT Press"],
  ["New York", "Springer"],
  ["Oxford", "Oxford University Press"],
  ["Boston", "Pearson"],
];
const PERIODICALS: Array<[string, string]> = [
  ["计算机学报", "0254-4164"],
  ["软件学报", "1000-9825"],
  ["中国图书馆学报", "1001-8867"],
  ["经济研究", "0577-9154"],
  ["Nature", "0028-0836"],
  ["Science", "0036-8075"],
  ["Communications of the ACM", "0001-0782"],
  ["The Lancet", "0140-6736"],
];

export interface SimItem {
  barcode: string;
  itemSequence: string;
  subLibrary: string;
  collection: string;
  callNo: string;
}

export interface SimRecord {
  docNumber: string;
  title: string;
  statement: string;
  author: string;
  publisher: string;
  place: string;
  year: string;
  isbn: string;
  issn: string;
  callNo: string;
  classCode: string;
  language: "chi" | "eng";
  subject: string;
  pages: string;
  summary: string;
  items: SimItem[];
  /** Loans per year, for the rankings. */
  popularity: number;
}

function isbn13(r: Rand, group: string): string {
  const body = `978${group}${String(int(r, 0, 10 ** (9 - group.length) - 1)).padStart(9 - group.length, "0")}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export const chineseName = (r: Rand) => pick(r, SURNAMES) + pick(r, GIVEN);
const docNumberOf = (i: number) => String(i + 1).padStart(9, "0");

function generateRecord(i: number): SimRecord {
  const r = prng(0xa1e9 + i * 7919);
  const classCode = pick(r, CLASS_CODES);
  const cls = CLASSES[classCode];
  const periodical = i % 40 === 39 ? PERIODICALS[((i / 40) | 0) % PERIODICALS.length] : null;
  const language: "chi" | "eng" = periodical ? (/[a-z]/i.test(periodical[0]) ? "eng" : "chi") : r() < 0.7 ? "chi" : "eng";
  const chi = language === "chi";
  const author = chi ? chineseName(r) : `${pick(r, LAST)}, ${pick(r, FIRST)}`;
  const title = periodical ? periodical[0] : chi ? pick(r, cls.chi) + pick(r, CHI_SUFFIX) : pick(r, cls.eng) + pick(r, ENG_SUFFIX);
  const [place, publisher] = chi ? pick(r, CHI_PUBLISHERS) : pick(r, ENG_PUBLISHERS);
  const callNo = `${classCode}${int(r, 1, 399)}${r() < 0.5 ? `.${int(r, 1, 9)}` : ""}/${int(r, 1, 999)}`;
  const docNumber = docNumberOf(i);
  const copies = int(r, 1, 3);
  const libs = Object.keys(SUB_LIBRARIES);
  const items: SimItem[] = [];
  for (let k = 0; k < copies; k++) {
    items.push({
      barcode: `31${String(i + 1).padStart(6, "0")}${k + 1}`,
      itemSequence: String((k + 1) * 10).padStart(6, "0"),
      subLibrary: pick(r, libs),
      collection: chi ? "中文图书借阅区" : "外文图书借阅区",
      callNo,
    });
  }
  return {
    docNumber,
    title,
    statement: chi ? `${author}编著` : `by ${author.split(", ").reverse().join(" ")}`,
    author,
    publisher,
    place,
    year: String(int(r, 1995, 2025)),
    isbn: periodical ? "" : isbn13(r, chi ? "7" : "0"),
    issn: periodical ? periodical[1] : "",
    callNo,
    classCode,
    language,
    subject: chi ? cls.subject[0] : cls.subject[1],
    pages: chi ? `${int(r, 120, 800)}页` : `${int(r, 120, 800)} p.`,
    summary: chi ? `本书系统介绍了${cls.subject[0]}的基本内容。` : `A survey of ${cls.subject[1].toLowerCase()}.`,
    items,
    // A Chinese campus borrows its Chinese books most: the top of the rankings, which the client searches in the
    // Chinese base, is Chinese.
    popularity: Math.floor(r() ** 3 * (chi ? 120 : 40)),
  };
}

let records: SimRecord[] | null = null;
let byBarcode: Map<string, { record: SimRecord; item: SimItem }> | null = null;

export function catalogue(): SimRecord[] {
  if (!records) records = Array.from({ length: RECORD_COUNT }, (_, i) => generateRecord(i));
  return records;
}

export function recordByDoc(docNumber: string): SimRecord | undefined {
  const n = Number(docNumber);
  return Number.isInteger(n) && n >= 1 && n <= RECORD_COUNT ? catalogue()[n - 1] : undefined;
}

export function itemByBarcode(barcode: string) {
  if (!byBarcode) {
    byBarcode = new Map();
    for (const record of catalogue()) for (const item of record.items) byBarcode.set(item.barcode, { record, item });
  }
  return byBarcode.get(barcode);
}

/**
 * The bibliographic bases, as the original deployment had them (whu01 / whu09): the Chinese records in one, the
 * foreign-language ones in the other. Doc numbers are unique across both, so a record is one base's only.
 */
export const BASES: Record<string, SimRecord["language"]> = { CAM01: "chi", CAM09: "eng" };

/** The language of a base's records; undefined for a base this library does not have. */
export const baseLanguage = (base: string): SimRecord["language"] | undefined =>
  Object.hasOwn(BASES, base.toUpperCase()) ? BASES[base.toUpperCase()] : undefined;

/** Fields each find code searches. */
const FIND_FIELDS: Record<string, (r: SimRecord) => string[]> = {
  WRD: (r) => [r.title, r.author, r.subject, r.publisher, r.statement],
  WTI: (r) => [r.title],
  WAU: (r) => [r.author, r.statement],
  CAN: (r) => [r.callNo],
  ISS: (r) => [r.issn],
  ISB: (r) => [r.isbn],
};

export const findCodes = Object.keys(FIND_FIELDS);

/**
 * The records of the base of `language` in which every word of `request` occurs in one of the code's fields
 * (case-insensitive; hyphens ignored for ISBN/ISSN).
 */
export function search(language: SimRecord["language"], code: string, request: string): SimRecord[] {
  const fields = FIND_FIELDS[code.toUpperCase()];
  const normal = (s: string) => (code.toUpperCase().startsWith("IS") ? s.replace(/-/g, "") : s).toLowerCase();
  const words = normal(request.replace(/^\(|\)$/g, ""))
    .split(/\s+/)
    .filter(Boolean);
  if (!fields || words.length === 0) return [];
  return catalogue().filter((rec) => {
    if (rec.language !== language) return false;
    const hay = fields(rec).map(normal).join(" \u0001 ");
    return words.every((w) => hay.includes(w));
  });
}

export interface SimPatron {
  borId: string;
  verification: string;
  name: string;
  status: string;
  expiry: string;
  index: number;
  department: string;
  major: string;
  gender: "M" | "F";
  birthDate: string;
}

const DEPARTMENTS: Array<[string, string[]]> = [
  ["计算机学院", ["计算机科学与技术", "软件工程"]],
  ["数学与统计学院", ["数学与应用数学", "统计学"]],
  ["经济与管理学院", ["经济学", "会计学"]],
  ["文学院", ["汉语言文学"]],
  ["医学部", ["临床医学", "药学"]],
];

/** Patron n (1-based): bor_id 2016000001..., verification `lib` + the last six digits (lib000001). */
export function patronById(borId: string): SimPatron | undefined {
  const m = /^2016(\d{6})$/.exec(borId);
  if (!m) return undefined;
  const index = Number(m[1]) - 1;
  if (index < 0 || index >= PATRON_COUNT) return undefined;
  const r = prng(0xb0 + index * 104729);
  const name = chineseName(r);
  const status = pick(r, ["本科生", "本科生", "研究生", "教职工"]);
  const expiry = `${int(r, 2027, 2030)}0630`;
  const [department, majors] = pick(r, DEPARTMENTS);
  return {
    borId,
    verification: `lib${m[1]}`,
    name,
    status,
    expiry,
    index,
    department,
    major: pick(r, majors),
    gender: r() < 0.5 ? "M" : "F",
    birthDate: `${int(r, 1985, 2006)}${String(int(r, 1, 12)).padStart(2, "0")}${String(int(r, 1, 28)).padStart(2, "0")}`,
  };
}

/** The entrance gates and the library each belongs to. */
const GATES: Array<[gate: string, library: string]> = [
  ["总馆东门", "总馆"],
  ["总馆西门", "总馆"],
  ["信息分馆南门", "信息分馆"],
  ["工学分馆正门", "工学分馆"],
  ["医学分馆正门", "医学分馆"],
];
/** How far back the gate log reaches. */
export const VISIT_DAYS = 365;

/** Gate entries of the last year before `today` (epoch ms of local midnight); a patron favours one library. */
export function visitsOf(patron: SimPatron, todayMs: number): Array<{ date: Date; time: string; gate: string; library: string }> {
  const r = prng(0xc0 + patron.index * 31337);
  const favourite = pick(r, GATES);
  const out: Array<{ date: Date; time: string; gate: string; library: string }> = [];
  for (let d = 0; d < VISIT_DAYS; d++) {
    if (r() < 0.55) continue;
    const hh = String(int(r, 8, 21)).padStart(2, "0");
    const mm = String(int(r, 0, 59)).padStart(2, "0");
    const [gate, library] = r() < 0.6 ? favourite : pick(r, GATES);
    out.push({ date: new Date(todayMs - d * 86_400_000), time: `${hh}${mm}`, gate, library });
  }
  return out;
}

/** Loans per time window (y year, s season, m month, w week), scaled from the yearly popularity. */
export function loansIn(record: SimRecord, time: string): number {
  const share: Record<string, number> = { y: 1, s: 0.3, m: 0.1, w: 0.025 };
  const r = prng(Number(record.docNumber) * 13 + time.charCodeAt(0));
  return Math.round(record.popularity * (share[time] ?? 1) * (0.7 + r() * 0.6));
}

/** The initial loans, history and fines a patron starts with (chosen from the patron's own shelf of records). */
export function initialStateOf(patron: SimPatron) {
  const r = prng(0xd0 + patron.index * 7);
  const own = (k: number) => catalogue()[(patron.index * 5 + k) % RECORD_COUNT].items[0].barcode;
  const loans = Array.from({ length: int(r, 2, 4) }, (_, k) => ({ barcode: own(k), daysAgo: int(r, 3, 40) }));
  const history = Array.from({ length: int(r, 4, 9) }, () => ({
    barcode: pick(r, catalogue()).items[0].barcode,
    daysAgo: int(r, 45, 400),
  }));
  const unpaid = r() < 0.5 ? [{ daysAgo: int(r, 10, 90), amount: int(r, 1, 30) * 10, description: "超期罚款", paid: false }] : [];
  // Every patron has settled a fine once, and the odd-numbered ones owe one now too.
  const paid = { daysAgo: int(r, 100, 300), amount: int(r, 1, 20) * 10, description: "超期罚款", paid: true };
  const owed = unpaid.length || patron.index % 2 ? unpaid : [{ daysAgo: 12, amount: 150, description: "图书污损赔偿", paid: false }];
  const fines = [...owed, paid];
  // Two hold requests: one still waiting, one ready on the pickup shelf (copies no patron starts with on loan).
  const holds = [
    { barcode: catalogue()[(patron.index * 5 + 4) % RECORD_COUNT].items[0].barcode, status: "In process", sequence: 1 },
    {
      barcode: catalogue()[300 + (patron.index % 20)].items[0].barcode,
      status: "On hold shelf",
      sequence: Math.floor(patron.index / 20) + 1,
    },
  ];
  return { loans, history, fines, holds };
}
