/**
 * A small XML reader for Aleph X-Server replies (Workers have no DOMParser):
 * elements, attributes, text, CDATA, comments, the five named entities and
 * numeric character references. No DTDs, no namespaces beyond the raw name.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlError";
  }
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Parses a document and returns its root element. */
export function parseXml(input: string): XmlElement {
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  let i = 0;
  const n = input.length;
  while (i < n) {
    const lt = input.indexOf("<", i);
    const top = stack[stack.length - 1];
    if (lt === -1) {
      top.text += decodeEntities(input.slice(i));
      break;
    }
    if (lt > i) top.text += decodeEntities(input.slice(i, lt));
    if (input.startsWith("<?", lt)) {
      const end = input.indexOf("?>", lt);
      if (end === -1) throw new XmlError("unterminated processing instruction");
      i = end + 2;
    } else if (input.startsWith("<!--", lt)) {
      const end = input.indexOf("-->", lt);
      if (end === -1) throw new XmlError("unterminated comment");
      i = end + 3;
    } else if (input.startsWith("<![CDATA[", lt)) {
      const end = input.indexOf("]]>", lt);
      if (end === -1) throw new XmlError("unterminated CDATA");
      top.text += input.slice(lt + 9, end);
      i = end + 3;
    } else if (input.startsWith("<!", lt)) {
      const end = input.indexOf(">", lt);
      if (end === -1) throw new XmlError("unterminated declaration");
      i = end + 1;
    } else if (input[lt + 1] === "/") {
      const end = input.indexOf(">", lt);
      if (end === -1) throw new XmlError("unterminated end tag");
      const name = input.slice(lt + 2, end).trim();
      if (stack.length < 2 || top.name !== name) throw new XmlError(`unexpected </${name}>`);
      stack.pop();
      i = end + 1;
    } else {
      const end = findTagEnd(input, lt);
      let body = input.slice(lt + 1, end);
      const selfClosing = body.endsWith("/");
      if (selfClosing) body = body.slice(0, -1);
      const name = NAME.exec(body)?.[0];
      if (!name) throw new XmlError("malformed start tag");
      const attrs: Record<string, string> = {};
      for (const m of body.slice(name.length).matchAll(ATTR)) attrs[m[1]] = decodeEntities(m[3] ?? m[4] ?? "");
      const el: XmlElement = { name, attrs, children: [], text: "" };
      top.children.push(el);
      if (!selfClosing) stack.push(el);
      i = end + 1;
    }
  }
  if (stack.length !== 1) throw new XmlError(`unclosed <${stack[stack.length - 1].name}>`);
  const elements = root.children;
  if (elements.length !== 1) throw new XmlError("a document has exactly one root element");
  return elements[0];
}

function findTagEnd(input: string, from: number): number {
  let quote = "";
  for (let j = from + 1; j < input.length; j++) {
    const ch = input[j];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ">") return j;
  }
  throw new XmlError("unterminated start tag");
}

export const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);
export const childrenOf = (el: XmlElement | undefined, name: string) => el?.children.filter((c) => c.name === name) ?? [];
/** Trimmed text of the first child called `name` ("" when absent). */
export const textOf = (el: XmlElement | undefined, name: string) => child(el, name)?.text.trim() ?? "";
